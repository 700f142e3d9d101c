/* SPDX-License-Identifier: MIT */
/* Strings: the options of "breachletter strings" (the texts a translator translates). */
#include "cmd.h"

#include <stdio.h>

#include "cli_diag.h"
#include "cli_input.h"
#include "cli_util.h"
#include "run.h"

/* What follows "breachletter strings" in its usage line. */
#define USAGE "INCIDENT.xml > messages.pot"

int
bl_cmd_strings(int argc, char **argv)
{
    struct bl_cli_common common = {0};
    GOptionEntry entries[] = {
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    struct bl_cli_diag *streams = NULL;
    const char *incident;
    int rc = BL_EXIT_USAGE;

    if (!bl_cli_options("strings", USAGE,
                        "Writes the texts of the incident's template and the incident's own "
                        "words as a PO template (.pot), to translate into po/LANG.po.",
                        NULL, entries, &common, &argc, &argv, &rc)) {
        goto out;
    }
    if (argc != 2) {
        bl_cli_usage("strings", USAGE);
        goto out;
    }
    incident = argv[1];
    if ((rc = bl_cli_stdin_path("strings", &incident, "incident")) != BL_EXIT_OK) {
        goto out;
    }
    streams = bl_cli_diag_new(stderr, stdout, "to standard output");
    rc = bl_run_strings(incident, common.data_dir, bl_cli_diag_get(streams));
out:
    rc = bl_cli_diag_end(streams, rc);
    bl_cli_common_release(&common);
    return rc;
}

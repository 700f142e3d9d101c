/* SPDX-License-Identifier: MIT */
/* Notice: the options of "breachletter notice" (specimen, substitute, media notices). */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_diag.h"
#include "cli_input.h"
#include "cli_util.h"
#include "run.h"
#include "text.h"

/* What follows "breachletter notice" in its usage line. */
#define USAGE "INCIDENT.xml --kind specimen|substitute|media [--jurisdiction XX] -o FILE.pdf"

int
bl_cmd_notice(int argc, char **argv)
{
    struct bl_notice_options opts = {0};
    struct bl_cli_common common = {0};
    char *kind = NULL, *jurisdiction = NULL, *output = NULL;
    GOptionEntry entries[] = {
        {"kind", 'k', 0, G_OPTION_ARG_STRING, &kind,
         "specimen (the letter with placeholders, for attorneys general), substitute (HIPAA "
         "website notice) or media (HIPAA media notice)",
         "KIND"},
        {"jurisdiction", 'j', 0, G_OPTION_ARG_STRING, &jurisdiction,
         "For a specimen: the state whose insert it shows (e.g. CA)", "XX"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "The PDF to write", "FILE"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    struct bl_cli_diag *streams = NULL; /* messages to stderr, reports to stdout */
    int rc = BL_EXIT_USAGE;

    if (!bl_cli_options(
            "notice", USAGE, "Renders a notice from the incident.",
            "Kinds: specimen (letter.xml with [First Name], [Street Address]... instead of\n"
            "personal data: the sample copy attorneys general ask for), substitute\n"
            "(substitute.xml: the website notice of 45 CFR 164.404(d)(2)) and media\n"
            "(media.xml: the notice of 45 CFR 164.406).",
            entries, &common, &argc, &argv, &rc)) {
        goto out;
    }
    if (argc != 2 || kind == NULL || output == NULL) {
        bl_cli_usage("notice", USAGE);
        goto out;
    }
    opts.incident = argv[1];
    opts.kind = kind;
    opts.jurisdiction = jurisdiction;
    opts.output = output;
    opts.data_dir = common.data_dir;
    if ((rc = bl_cli_stdout_pdf("notice", opts.output)) != BL_EXIT_OK ||
        (rc = bl_cli_stdin_path("notice", &opts.incident, "incident")) != BL_EXIT_OK) {
        goto out;
    }
    if (strcmp(kind, "specimen") != 0 && strcmp(kind, "substitute") != 0 &&
        strcmp(kind, "media") != 0) {
        fprintf(stderr, "breachletter notice: unknown kind '%s' (specimen, substitute or media)\n",
                kind);
        rc = BL_EXIT_USAGE;
        goto out;
    }
    if (jurisdiction != NULL && bl_jurisdiction_name(jurisdiction) == NULL) {
        fprintf(stderr, "breachletter notice: unknown jurisdiction '%s'\n", jurisdiction);
        rc = BL_EXIT_USAGE;
        goto out;
    }
    streams = bl_cli_diag_new(stderr, stdout, "to standard output");
    rc = bl_run_notice(&opts, bl_cli_diag_get(streams));
out:
    rc = bl_cli_diag_end(streams, rc);
    g_free(kind);
    g_free(jurisdiction);
    g_free(output);
    bl_cli_common_release(&common);
    return rc;
}

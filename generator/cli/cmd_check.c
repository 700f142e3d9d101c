/* SPDX-License-Identifier: MIT */
/* Check: the options of "breachletter check", then the library's check (run.h). */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_diag.h"
#include "cli_input.h"
#include "cli_util.h"
#include "run.h"

/* What follows "breachletter check" in its usage line. */
#define USAGE "INCIDENT.xml [--recipients FILE] [--json]"

int
bl_cmd_check(int argc, char **argv)
{
    struct bl_check_options opts = {0};
    struct bl_cli_common common = {0};
    char *recipients = NULL;
    gboolean json = FALSE;
    GOptionEntry entries[] = {
        {"recipients", 'r', 0, G_OPTION_ARG_FILENAME, &recipients,
         "Recipient list (CSV or XML): counts by state, deadlines and notices", "FILE"},
        {"json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the report as JSON", NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    struct bl_cli_diag *streams = NULL; /* messages to stderr, reports to stdout */
    int rc = BL_EXIT_USAGE;

    if (!bl_cli_options(
            "check", USAGE, "Checks the letters against the jurisdiction rules.",
            "Lints the letter each jurisdiction's residents would get (required and forbidden\n"
            "content, title, headings, type size, monitoring minimums, stale contacts), lists\n"
            "the deadline of the letters in every state of the list and the notices the counts\n"
            "trigger (attorneys general, consumer reporting agencies, media, HHS).\n\n"
            "Exit status: 0 no finding stops the letters and every row of the list is valid;\n"
            "1 rows of the list are rejected (they would get no letter); 5 a letter breaks a\n"
            "rule; 2 usage; 3 bad incident, template or list header (a required column\n"
            "missing); 4 a file could not be read.",
            entries, &common, &argc, &argv, &rc)) {
        goto out;
    }
    if (argc != 2) {
        bl_cli_usage("check", USAGE);
        goto out;
    }
    opts.incident = argv[1];
    opts.recipients = recipients;
    opts.data_dir = common.data_dir;
    opts.json = json;
    if ((rc = bl_cli_stdin_path("check", &opts.incident, "incident")) != BL_EXIT_OK ||
        (rc = bl_cli_stdin_path("check", &opts.recipients, "recipient list")) != BL_EXIT_OK) {
        goto out;
    }
    /* a report lost on a full disk or a closed output must not pass for a clean check */
    streams = bl_cli_diag_new(stderr, stdout, "the report to standard output");
    rc = bl_run_check(&opts, bl_cli_diag_get(streams));
out:
    rc = bl_cli_diag_end(streams, rc);
    g_free(recipients);
    bl_cli_common_release(&common);
    return rc;
}

/* SPDX-License-Identifier: MIT */
/* Report: the options of "breachletter report" (the regulators' summary). */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_diag.h"
#include "cli_input.h"
#include "cli_util.h"
#include "run.h"

/* What follows "breachletter report" in its usage line. */
#define USAGE "INCIDENT.xml --recipients FILE -o DIR"

int
bl_cmd_report(int argc, char **argv)
{
    struct bl_report_options opts = {0};
    struct bl_cli_common common = {0};
    char *recipients = NULL, *outdir = NULL;
    GOptionEntry entries[] = {
        {"recipients", 'r', 0, G_OPTION_ARG_FILENAME, &recipients, "Recipient list (CSV or XML)",
         "FILE"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &outdir,
         "Directory for summary.csv and summary.pdf", "DIR"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    struct bl_cli_diag *streams = NULL; /* messages to stderr, reports to stdout */
    int rc = BL_EXIT_USAGE;

    if (!bl_cli_options("report", USAGE,
                        "Writes the regulator summary: recipients by state and data type.", NULL,
                        entries, &common, &argc, &argv, &rc)) {
        goto out;
    }
    if (argc != 2 || recipients == NULL || outdir == NULL) {
        bl_cli_usage("report", USAGE);
        goto out;
    }
    opts.incident = argv[1];
    opts.recipients = recipients;
    opts.outdir = outdir;
    opts.data_dir = common.data_dir;
    if ((rc = bl_cli_stdin_path("report", &opts.incident, "incident")) != BL_EXIT_OK ||
        (rc = bl_cli_stdin_path("report", &opts.recipients, "recipient list")) != BL_EXIT_OK) {
        goto out;
    }
    streams = bl_cli_diag_new(stderr, stdout, "to standard output");
    rc = bl_run_report(&opts, bl_cli_diag_get(streams));
out:
    rc = bl_cli_diag_end(streams, rc);
    g_free(recipients);
    g_free(outdir);
    bl_cli_common_release(&common);
    return rc;
}

/* SPDX-License-Identifier: MIT */
/* Manifest: "breachletter manifest merge", one manifest from the shards of a run. */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_diag.h"
#include "cli_input.h"
#include "cli_util.h"
#include "merge.h"
#include "run.h"

/* What follows "breachletter manifest" in its usage line. */
#define USAGE "merge INCIDENT.xml --recipients FILE -o MERGED.csv SHARD_MANIFEST.csv..."

int
bl_cmd_manifest(int argc, char **argv)
{
    struct bl_merge_options opts = {0};
    struct bl_cli_common common = {0};
    char *recipients = NULL, *output = NULL;
    GOptionEntry entries[] = {
        {"recipients", 'r', 0, G_OPTION_ARG_FILENAME, &recipients,
         "The recipient list the shards rendered (CSV or XML)", "FILE"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
         "The merged manifest to write (owner-only); - for standard output", "MERGED.csv"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    struct bl_cli_diag *streams = NULL; /* messages to stderr, reports to stdout */
    int rc = BL_EXIT_USAGE;

    if (!bl_cli_options(
            "manifest", USAGE, "Joins the manifests of a sharded render.",
            "Checks that the manifest.csv files of 'render --shard K/N' runs cover every record\n"
            "of the list exactly once, each row's line and id matching the list, and writes\n"
            "them as one manifest in list order, each row as its shard wrote it.\n\n"
            "Exit status: 0 merged; 3 a record is missing, covered twice or not of this list\n"
            "(nothing written); 2 usage; 4 a file could not be read or written.\n\n"
            "Example:\n  breachletter manifest merge incident.xml --recipients list.csv \\\n"
            "      -o manifest.csv out/0/manifest.csv out/1/manifest.csv out/2/manifest.csv",
            entries, &common, &argc, &argv, &rc)) {
        goto out;
    }
    if (argc < 4 || strcmp(argv[1], "merge") != 0 || recipients == NULL || output == NULL) {
        bl_cli_usage("manifest", USAGE);
        goto out;
    }
    opts.incident = argv[2];
    opts.recipients = recipients;
    opts.output = output;
    opts.manifests = (const char *const *)argv + 3;
    opts.n_manifests = argc - 3;
    opts.data_dir = common.data_dir;
    if ((rc = bl_cli_stdin_path("manifest", &opts.incident, "incident")) != BL_EXIT_OK ||
        (rc = bl_cli_stdin_path("manifest", &opts.recipients, "recipient list")) != BL_EXIT_OK) {
        goto out;
    }
    if (strcmp(output, "-") == 0) {
        /* the manifest on standard output: the summary goes to standard error */
        opts.output = "standard output";
        opts.output_stream = stdout;
        streams = bl_cli_diag_new(stderr, stderr, "to standard error");
    } else {
        streams = bl_cli_diag_new(stderr, stdout, "to standard output");
    }
    rc = bl_run_merge(&opts, bl_cli_diag_get(streams));
out:
    rc = bl_cli_diag_end(streams, rc);
    g_free(recipients);
    g_free(output);
    bl_cli_common_release(&common);
    return rc;
}

/* SPDX-License-Identifier: MIT */
/* The breachletter command: parses options and hands over to run.c. */
#include <stdio.h>
#include <string.h>

#include "run.h"

static const char summary[] =
    "Commands:\n"
    "  render INCIDENT.xml --recipients FILE -o OUTDIR   one PDF letter per recipient\n"
    "\n"
    "Run 'breachletter COMMAND --help' for a command's options.\n"
    "\n"
    "Exit status: 0 every letter made; 1 some recipients rejected (see the manifest);\n"
    "2 usage error; 3 bad incident, template or list header (no letters made);\n"
    "4 a file could not be read or written.";

static int
cmd_render(int argc, char **argv)
{
    struct bl_render_options opts = {0};
    char *recipients = NULL, *outdir = NULL, *only = NULL, *data_dir = NULL;
    gboolean quiet = FALSE;
    GOptionEntry entries[] = {
        {"recipients", 'r', 0, G_OPTION_ARG_FILENAME, &recipients, "Recipient list (CSV or XML)",
         "FILE"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &outdir,
         "Directory for the letters and manifest.csv (created owner-only)", "OUTDIR"},
        {"only", 0, 0, G_OPTION_ARG_STRING, &only, "Render only the recipient with this id", "ID"},
        {"data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
         "Directory holding templates/ and fonts/", "DIR"},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress and no summary", NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GOptionContext *ctx = g_option_context_new("INCIDENT.xml - render one letter per recipient");
    GError *err = NULL;
    int rc = BL_EXIT_USAGE;

    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_description(
        ctx, "Writes OUTDIR/<recipient id>.pdf for every valid recipient and OUTDIR/manifest.csv\n"
             "with one row per input record (letter or error).\n\n"
             "Example:\n  breachletter render examples/medusind-2023/incident.xml \\\n"
             "      --recipients examples/medusind-2023/recipients.csv -o out/medusind-2023");
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        fprintf(stderr, "breachletter render: %s\n", err->message);
        g_error_free(err);
        goto out;
    }
    if (argc != 2 || recipients == NULL || outdir == NULL) {
        fprintf(stderr, "breachletter render: usage: breachletter render INCIDENT.xml "
                        "--recipients FILE -o OUTDIR (see --help)\n");
        goto out;
    }
    opts.incident = argv[1];
    opts.recipients = recipients;
    opts.outdir = outdir;
    opts.only = only;
    opts.data_dir = data_dir;
    opts.quiet = quiet;
    rc = bl_run_render(&opts);
out:
    g_option_context_free(ctx);
    g_free(recipients);
    g_free(outdir);
    g_free(only);
    g_free(data_dir);
    return rc;
}

int
main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "render") == 0) {
        return cmd_render(argc - 1, argv + 1);
    }
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        printf("breachletter %s\n", BL_VERSION);
        return BL_EXIT_OK;
    }
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
                      strcmp(argv[1], "help") == 0)) {
        printf("Usage: breachletter COMMAND [OPTIONS]\n\n"
               "Turns a data-breach incident and a recipient list into personalised,\n"
               "compliant notification letters (PDF).\n\n%s\n",
               summary);
        return BL_EXIT_OK;
    }
    fprintf(stderr, "%s%s%s\nUsage: breachletter COMMAND [OPTIONS]\n\n%s\n",
            argc >= 2 ? "breachletter: unknown command '" : "breachletter: no command given",
            argc >= 2 ? argv[1] : "", argc >= 2 ? "'" : "", summary);
    return BL_EXIT_USAGE;
}

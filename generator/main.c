/* SPDX-License-Identifier: MIT */
/* The breachletter command: parses options and hands over to run.c. */
#include <stdio.h>
#include <string.h>

#include "run.h"

static const char summary[] =
    "Commands:\n"
    "  render INCIDENT.xml --recipients FILE -o OUTDIR   one PDF letter per recipient\n"
    "  check  INCIDENT.xml [--recipients FILE] [--json]  compliance findings, deadlines, notices\n"
    "  notice INCIDENT.xml --kind KIND -o FILE.pdf       specimen letter, substitute or media "
    "notice\n"
    "\n"
    "Run 'breachletter COMMAND --help' for a command's options.\n"
    "\n"
    "Exit status: 0 every letter made; 1 some recipients rejected (see the manifest);\n"
    "2 usage error; 3 bad incident, template or list header (no letters made);\n"
    "4 a file could not be read or written; 5 the letters break a jurisdiction's rules\n"
    "(check lists why; render refuses them unless --allow-draft).";

static int
cmd_render(int argc, char **argv)
{
    struct bl_render_options opts = {0};
    char *recipients = NULL, *outdir = NULL, *only = NULL, *data_dir = NULL;
    gboolean quiet = FALSE, allow_draft = FALSE;
    GOptionEntry entries[] = {
        {"recipients", 'r', 0, G_OPTION_ARG_FILENAME, &recipients, "Recipient list (CSV or XML)",
         "FILE"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &outdir,
         "Directory for the letters and manifest.csv (created owner-only)", "OUTDIR"},
        {"only", 0, 0, G_OPTION_ARG_STRING, &only, "Render only the recipient with this id", "ID"},
        {"data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
         "Directory holding templates/ and fonts/", "DIR"},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress and no summary", NULL},
        {"allow-draft", 0, 0, G_OPTION_ARG_NONE, &allow_draft,
         "Render letters that break a rule anyway, each page watermarked DRAFT", NULL},
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
    opts.allow_draft = allow_draft;
    rc = bl_run_render(&opts);
out:
    g_option_context_free(ctx);
    g_free(recipients);
    g_free(outdir);
    g_free(only);
    g_free(data_dir);
    return rc;
}

static int
cmd_check(int argc, char **argv)
{
    struct bl_check_options opts = {0};
    char *recipients = NULL, *data_dir = NULL;
    gboolean json = FALSE;
    GOptionEntry entries[] = {
        {"recipients", 'r', 0, G_OPTION_ARG_FILENAME, &recipients,
         "Recipient list (CSV or XML): counts by state, deadlines and notices", "FILE"},
        {"json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the report as JSON", NULL},
        {"data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
         "Directory holding templates/ and fonts/", "DIR"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GOptionContext *ctx =
        g_option_context_new("INCIDENT.xml - check the letters against the jurisdiction rules");
    GError *err = NULL;
    int rc = BL_EXIT_USAGE;

    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_description(
        ctx, "Lints the letter each jurisdiction's residents would get (required and forbidden\n"
             "content, title, headings, type size, monitoring minimums, stale contacts), lists\n"
             "the deadline of the letters in every state of the list and the notices the counts\n"
             "trigger (attorneys general, consumer reporting agencies, media, HHS).\n\n"
             "Exit status: 0 no finding stops the letters; 5 a letter breaks a rule;\n"
             "2 usage; 3 bad incident, template or list; 4 a file could not be read.");
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        fprintf(stderr, "breachletter check: %s\n", err->message);
        g_error_free(err);
        goto out;
    }
    if (argc != 2) {
        fprintf(stderr, "breachletter check: usage: breachletter check INCIDENT.xml "
                        "[--recipients FILE] [--json] (see --help)\n");
        goto out;
    }
    opts.incident = argv[1];
    opts.recipients = recipients;
    opts.data_dir = data_dir;
    opts.json = json;
    rc = bl_run_check(&opts);
out:
    g_option_context_free(ctx);
    g_free(recipients);
    g_free(data_dir);
    return rc;
}

static int
cmd_notice(int argc, char **argv)
{
    struct bl_notice_options opts = {0};
    char *kind = NULL, *jurisdiction = NULL, *output = NULL, *data_dir = NULL;
    GOptionEntry entries[] = {
        {"kind", 'k', 0, G_OPTION_ARG_STRING, &kind,
         "specimen (the letter with placeholders, for attorneys general), substitute (HIPAA "
         "website notice) or media (HIPAA media notice)",
         "KIND"},
        {"jurisdiction", 'j', 0, G_OPTION_ARG_STRING, &jurisdiction,
         "For a specimen: the state whose insert it shows (e.g. CA)", "XX"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "The PDF to write", "FILE"},
        {"data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
         "Directory holding templates/ and fonts/", "DIR"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GOptionContext *ctx = g_option_context_new("INCIDENT.xml - render a notice from the incident");
    GError *err = NULL;
    int rc = BL_EXIT_USAGE;

    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_description(
        ctx, "Kinds: specimen (letter.xml with [First Name], [Street Address]... instead of\n"
             "personal data: the sample copy attorneys general ask for), substitute\n"
             "(substitute.xml: the website notice of 45 CFR 164.404(d)(2)) and media\n"
             "(media.xml: the notice of 45 CFR 164.406).");
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        fprintf(stderr, "breachletter notice: %s\n", err->message);
        g_error_free(err);
        goto out;
    }
    if (argc != 2 || kind == NULL || output == NULL) {
        fprintf(stderr, "breachletter notice: usage: breachletter notice INCIDENT.xml --kind "
                        "specimen|substitute|media [--jurisdiction XX] -o FILE.pdf\n");
        goto out;
    }
    opts.incident = argv[1];
    opts.kind = kind;
    opts.jurisdiction = jurisdiction;
    opts.output = output;
    opts.data_dir = data_dir;
    rc = bl_run_notice(&opts);
out:
    g_option_context_free(ctx);
    g_free(kind);
    g_free(jurisdiction);
    g_free(output);
    g_free(data_dir);
    return rc;
}

static int
cmd_report(int argc, char **argv)
{
    struct bl_report_options opts = {0};
    char *recipients = NULL, *outdir = NULL, *data_dir = NULL;
    GOptionEntry entries[] = {
        {"recipients", 'r', 0, G_OPTION_ARG_FILENAME, &recipients, "Recipient list (CSV or XML)",
         "FILE"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &outdir,
         "Directory for summary.csv and summary.pdf", "DIR"},
        {"data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
         "Directory holding templates/ and fonts/", "DIR"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GOptionContext *ctx =
        g_option_context_new("INCIDENT.xml - regulator summary: recipients by state and data type");
    GError *err = NULL;
    int rc = BL_EXIT_USAGE;

    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
        fprintf(stderr, "breachletter report: %s\n", err->message);
        g_error_free(err);
        goto out;
    }
    if (argc != 2 || recipients == NULL || outdir == NULL) {
        fprintf(stderr, "breachletter report: usage: breachletter report INCIDENT.xml "
                        "--recipients FILE -o DIR\n");
        goto out;
    }
    opts.incident = argv[1];
    opts.recipients = recipients;
    opts.outdir = outdir;
    opts.data_dir = data_dir;
    rc = bl_run_report(&opts);
out:
    g_option_context_free(ctx);
    g_free(recipients);
    g_free(outdir);
    g_free(data_dir);
    return rc;
}

int
main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "report") == 0) {
        return cmd_report(argc - 1, argv + 1);
    }
    if (argc >= 2 && strcmp(argv[1], "notice") == 0) {
        return cmd_notice(argc - 1, argv + 1);
    }
    if (argc >= 2 && strcmp(argv[1], "check") == 0) {
        return cmd_check(argc - 1, argv + 1);
    }
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

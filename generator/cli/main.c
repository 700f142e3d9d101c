/* SPDX-License-Identifier: MIT */
/* The breachletter command: parses options and hands over to run.c. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "cli_diag.h"
#include "cli_input.h"
#include "cli_signal.h"
#include "cli_util.h"
#include "merge.h"
#include "preview.h"
#include "run.h"
#include "text.h"
#include "xml.h"

static const char summary[] =
    "Commands:\n"
    "  render INCIDENT.xml --recipients FILE -o OUTDIR   a PDF letter per recipient, or books\n"
    "  check  INCIDENT.xml [--recipients FILE] [--json]  compliance findings, deadlines, notices\n"
    "  notice INCIDENT.xml --kind KIND -o FILE.pdf       specimen letter, substitute or media "
    "notice\n"
    "  report INCIDENT.xml --recipients FILE -o DIR      regulator summary by state and data type\n"
    "  preview INCIDENT.xml [-o FILE] [--watch]          a draft letter, missing fields marked\n"
    "  manifest merge INCIDENT.xml -r FILE -o OUT SHARD...  one manifest from --shard runs, "
    "checked\n"
    "\n"
    "Run 'breachletter COMMAND --help' for a command's options. Every command takes\n"
    "--data-dir DIR, -q/--quiet (only errors), -v/--verbose (also what it loads and does),\n"
    "-V/--version and -h/--help.\n"
    "\n"
    "Exit status: 0 every letter made; 1 some recipients rejected (see the manifest);\n"
    "2 usage error; 3 bad incident, template or list header (no letters made);\n"
    "4 a file could not be read or written; 5 the letters break a jurisdiction's rules\n"
    "(check lists why; render refuses them unless --allow-draft).";

/* What follows "breachletter COMMAND" in each command's usage line. */
#define RENDER_USAGE   "INCIDENT.xml --recipients FILE -o OUTDIR"
#define CHECK_USAGE    "INCIDENT.xml [--recipients FILE] [--json]"
#define NOTICE_USAGE   "INCIDENT.xml --kind specimen|substitute|media [--jurisdiction XX] -o FILE.pdf"
#define REPORT_USAGE   "INCIDENT.xml --recipients FILE -o DIR"
#define PREVIEW_USAGE  "INCIDENT.xml [-o FILE] [--format pdf|png] [--watch]"
#define MANIFEST_USAGE "merge INCIDENT.xml --recipients FILE -o MERGED.csv SHARD_MANIFEST.csv..."

/* The data of an installed program: BL_REL_DATADIR under the prefix whose BL_REL_BINDIR holds
 * the program (/usr/bin/breachletter: /usr/share/breachletter), when it has templates/; so an
 * installed tree can be moved as a whole. NULL otherwise, as for a program run from its build
 * tree, whose default is the source tree compiled in (bl_session_data_dir). */
static char *
installed_data_dir(void)
{
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    char *bindir = exe != NULL ? g_path_get_dirname(exe) : NULL;
    char *data = NULL;

    if (bindir != NULL && g_str_has_suffix(bindir, "/" BL_REL_BINDIR)) {
        /* keeps the prefix's last '/', so that a prefix of / stays absolute */
        char *prefix = g_strndup(bindir, strlen(bindir) - strlen(BL_REL_BINDIR));
        char *templates;

        data = g_build_filename(prefix, BL_REL_DATADIR, NULL);
        templates = g_build_filename(data, "templates", NULL);
        if (!g_file_test(templates, G_FILE_TEST_IS_DIR)) {
            g_clear_pointer(&data, g_free);
        }
        g_free(templates);
        g_free(prefix);
    }
    g_free(bindir);
    g_free(exe);
    return data;
}

/* Parses a command's options into ENTRIES and COMMON, the options every command takes
 * (cli_util.h), and finds the data directory. NAME names the command, SYNOPSIS and PURPOSE go
 * into its usage line, DESCRIPTION (or NULL) into --help. FALSE when the command is done,
 * with *RC set: --help or --version shown (BL_EXIT_OK), or a usage error told (BL_EXIT_USAGE). */
static gboolean
parse_options(const char *name, const char *synopsis, const char *purpose, const char *description,
              const GOptionEntry *entries, struct bl_cli_common *common, int *argc, char ***argv,
              int *rc)
{
    const char *env = g_getenv("BREACHLETTER_DATA_DIR");
    int parsed = bl_cli_parse(name, synopsis, purpose, description, entries, common, argc, argv);

    if (parsed != 0) {
        *rc = parsed > 0 ? BL_EXIT_OK : BL_EXIT_USAGE;
        return FALSE;
    }
    /* --data-dir, then $BREACHLETTER_DATA_DIR, then an installed program's own data (the
     * library reads no environment: the tool decides, and passes the directory down) */
    if (common->data_dir == NULL) {
        common->data_dir = env != NULL && env[0] != '\0' ? g_strdup(env) : installed_data_dir();
    }
    return TRUE;
}

/* --book's letters per book; --book alone: 2000. */
static int book_size;

static gboolean
parse_book(const char *name, const char *value, gpointer data, GError **error)
{
    char *end = NULL;
    long n = value != NULL ? strtol(value, &end, 10) : 2000;

    if (value != NULL && (end == value || *end != '\0' || n < 1 || n > 1000000)) {
        g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "--book takes the number of letters per book (1 to 1000000), as --book=N");
        return FALSE;
    }
    book_size = (int)n;
    return TRUE;
}

/* "K/N", or "env/N" with K from the environment of a Kubernetes Indexed Job or a Slurm job
 * array. NULL: the whole list. Returns 0, or -1 after saying what is wrong. */
static int
parse_shard(const char *text, int *shard, int *shards)
{
    const char *k8s = g_getenv("JOB_COMPLETION_INDEX");
    const char *slurm = g_getenv("SLURM_ARRAY_TASK_ID");
    const char *slurm_min = g_getenv("SLURM_ARRAY_TASK_MIN");
    char **parts;
    gint64 k = -1, n = -1;
    int rc = -1;

    *shard = 0;
    *shards = 1;
    if (text == NULL) {
        return 0;
    }
    parts = g_strsplit(text, "/", 2);
    if (g_strv_length(parts) == 2 && g_ascii_string_to_signed(parts[1], 10, 1, 100000, &n, NULL)) {
        if (strcmp(parts[0], "env") == 0) {
            const char *index = k8s != NULL ? k8s : slurm;
            gint64 base = 0;

            if (index == NULL) {
                fprintf(stderr, "breachletter render: --shard env/N needs $JOB_COMPLETION_INDEX "
                                "(Kubernetes) or $SLURM_ARRAY_TASK_ID (Slurm)\n");
                g_strfreev(parts);
                return -1;
            }
            if (k8s == NULL && slurm_min != NULL) {
                g_ascii_string_to_signed(slurm_min, 10, 0, G_MAXINT, &base, NULL);
            }
            if (g_ascii_string_to_signed(index, 10, 0, G_MAXINT, &k, NULL)) {
                k -= base; /* a Slurm array may count from 1 */
            }
        } else {
            g_ascii_string_to_signed(parts[0], 10, 0, G_MAXINT, &k, NULL);
        }
    }
    if (n > 0 && k >= 0 && k < n) {
        *shard = (int)k;
        *shards = (int)n;
        rc = 0;
    } else {
        fprintf(stderr, "breachletter render: --shard takes K/N with 0 <= K < N, e.g. 0/4 for the "
                        "first of four shares, or env/N\n");
    }
    g_strfreev(parts);
    return rc;
}

static int
cmd_render(int argc, char **argv)
{
    struct bl_render_options opts = {0};
    struct bl_cli_common common = {0};
    char *recipients = NULL, *outdir = NULL, *only = NULL, *shard = NULL;
    gboolean allow_draft = FALSE, duplex = FALSE, simplex = FALSE;
    gboolean resume = FALSE, allow_shared_output = FALSE;
    int jobs = 0, files_per_dir = 1000;
    GOptionEntry entries[] = {
        {"recipients", 'r', 0, G_OPTION_ARG_FILENAME, &recipients, "Recipient list (CSV or XML)",
         "FILE"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &outdir,
         "Directory for the letters and manifest.csv (created owner-only)", "OUTDIR"},
        {"only", 0, 0, G_OPTION_ARG_STRING, &only, "Render only the recipient with this id", "ID"},
        {"allow-draft", 0, 0, G_OPTION_ARG_NONE, &allow_draft,
         "Render letters that break a rule anyway, each page watermarked DRAFT", NULL},
        {"jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Worker processes (default: one per core)", "N"},
        {"book", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, (gpointer)parse_book,
         "Print books of N letters each (default 2000) instead of a PDF per letter", "N"},
        {"duplex", 0, 0, G_OPTION_ARG_NONE, &duplex,
         "Books print on both sides: a blank page after a letter of odd length (default)", NULL},
        {"simplex", 0, 0, G_OPTION_ARG_NONE, &simplex, "Books print on one side: no blank pages",
         NULL},
        {"shard", 0, 0, G_OPTION_ARG_STRING, &shard,
         "Render share K of N (0 <= K < N; K may be 'env': $JOB_COMPLETION_INDEX or "
         "$SLURM_ARRAY_TASK_ID)",
         "K/N"},
        {"resume", 0, 0, G_OPTION_ARG_NONE, &resume,
         "Finish the interrupted run in OUTDIR (same input and options)", NULL},
        {"files-per-dir", 0, 0, G_OPTION_ARG_INT, &files_per_dir,
         "PDFs per letter: subdirectories keep about N files at most in each (default 1000)", "N"},
        {"allow-shared-output", 0, 0, G_OPTION_ARG_NONE, &allow_shared_output,
         "Write into a folder that another user owns and others may write in, or (as root) "
         "that another user owns: only when everyone who can write in it is trusted",
         NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    struct bl_cli_diag *streams = NULL; /* messages to stderr, reports to stdout */
    int rc = BL_EXIT_USAGE;

    book_size = 0;

    if (!parse_options(
            "render", RENDER_USAGE, "Renders one letter per recipient.",
            "Writes OUTDIR/<recipient id>.pdf for every valid recipient (or, with --book, print\n"
            "books of many letters with a list of each), OUTDIR/manifest.csv with one row per\n"
            "input record (letter or error) and OUTDIR/errors.csv with every row without a\n"
            "letter. A run that was killed is finished by the same command with --resume.\n\n"
            "Examples:\n  breachletter render examples/medusind-2023/incident.xml \\\n"
            "      --recipients examples/medusind-2023/recipients.csv -o out/medusind-2023\n"
            "  breachletter render incident.xml -r list.csv -o out --book --jobs 8 --resume",
            entries, &common, &argc, &argv, &rc)) {
        goto out;
    }
    if (argc != 2 || recipients == NULL || outdir == NULL) {
        bl_cli_usage("render", RENDER_USAGE);
        goto out;
    }
    opts.incident = argv[1];
    opts.recipients = recipients;
    opts.outdir = outdir;
    opts.only = only;
    opts.data_dir = common.data_dir;
    opts.quiet = common.quiet;
    opts.allow_draft = allow_draft;
    opts.jobs = jobs;
    opts.book = book_size;
    opts.simplex = simplex;
    opts.resume = resume;
    opts.files_per_dir = files_per_dir;
    opts.allow_shared_output = allow_shared_output;
    if ((duplex && simplex) || (simplex && book_size == 0) || (allow_draft && book_size > 0) ||
        jobs < 0 || files_per_dir < 2 || parse_shard(shard, &opts.shard, &opts.shards) < 0) {
        fprintf(stderr,
                (duplex && simplex) ? "breachletter render: --duplex or --simplex, not both\n"
                : (simplex && book_size == 0)
                    ? "breachletter render: --simplex is for print books (--book)\n"
                : (allow_draft && book_size > 0)
                    ? "breachletter render: print books go to the mail house and drafts must not "
                      "be mailed: render drafts (--allow-draft) without --book\n"
                : jobs < 0 ? "breachletter render: --jobs takes a number of worker processes, 0 or "
                             "more (0: one per core)\n"
                : files_per_dir < 2
                    ? "breachletter render: --files-per-dir takes a number of 2 or more\n"
                    : "");
        goto out;
    }
    /* "-": standard input, held in memory */
    if ((rc = bl_cli_stdin_path("render", &opts.incident, "incident")) != BL_EXIT_OK ||
        (rc = bl_cli_stdin_path("render", &opts.recipients, "recipient list")) != BL_EXIT_OK) {
        goto out;
    }
    streams = bl_cli_diag_new(stderr, stdout, "to standard output");
    rc = bl_cli_render(&opts, bl_cli_diag_get(streams));
out:
    rc = bl_cli_diag_end(streams, rc);
    g_free(shard);
    g_free(recipients);
    g_free(outdir);
    g_free(only);
    bl_cli_common_release(&common);
    return rc;
}

static int
cmd_check(int argc, char **argv)
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

    if (!parse_options(
            "check", CHECK_USAGE, "Checks the letters against the jurisdiction rules.",
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
        bl_cli_usage("check", CHECK_USAGE);
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

static int
cmd_notice(int argc, char **argv)
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

    if (!parse_options(
            "notice", NOTICE_USAGE, "Renders a notice from the incident.",
            "Kinds: specimen (letter.xml with [First Name], [Street Address]... instead of\n"
            "personal data: the sample copy attorneys general ask for), substitute\n"
            "(substitute.xml: the website notice of 45 CFR 164.404(d)(2)) and media\n"
            "(media.xml: the notice of 45 CFR 164.406).",
            entries, &common, &argc, &argv, &rc)) {
        goto out;
    }
    if (argc != 2 || kind == NULL || output == NULL) {
        bl_cli_usage("notice", NOTICE_USAGE);
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

static int
cmd_report(int argc, char **argv)
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

    if (!parse_options("report", REPORT_USAGE,
                       "Writes the regulator summary: recipients by state and data type.", NULL,
                       entries, &common, &argc, &argv, &rc)) {
        goto out;
    }
    if (argc != 2 || recipients == NULL || outdir == NULL) {
        bl_cli_usage("report", REPORT_USAGE);
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

static int
cmd_preview(int argc, char **argv)
{
    struct bl_preview_options opts = {0};
    char *recipients = NULL, *recipient = NULL, *jurisdiction = NULL, *variant = NULL;
    char *output = NULL, *format = NULL, *compare = NULL;
    struct bl_cli_common common = {0};
    gboolean sample = FALSE, variants = FALSE, watch = FALSE;
    GOptionEntry entries[] = {
        {"recipients", 'r', 0, G_OPTION_ARG_FILENAME, &recipients,
         "Recipient list, for --recipient and --variants", "FILE"},
        {"recipient", 0, 0, G_OPTION_ARG_STRING, &recipient,
         "Preview this recipient's letter (from --recipients)", "ID"},
        {"sample", 0, 0, G_OPTION_ARG_NONE, &sample,
         "Preview the letter of a built-in sample person (the default)", NULL},
        {"jurisdiction", 'j', 0, G_OPTION_ARG_STRING, &jurisdiction,
         "The sample person's state, e.g. MA", "XX"},
        {"variant", 0, 0, G_OPTION_ARG_STRING, &variant,
         "The sample person's variant: adult, minor or deceased", "V"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
         "Where to write the preview (default preview.pdf)", "FILE"},
        {"format", 'f', 0, G_OPTION_ARG_STRING, &format,
         "pdf (default), or png: one picture per page, FILE-1.png ...", "FMT"},
        {"variants", 0, 0, G_OPTION_ARG_NONE, &variants,
         "One labelled letter for every variant the list will receive, in one PDF", NULL},
        {"watch", 'w', 0, G_OPTION_ARG_NONE, &watch,
         "Render again whenever the incident, template, rules or list changes", NULL},
        {"compare", 0, 0, G_OPTION_ARG_FILENAME, &compare,
         "Print how the letter's wording changed from this older incident file", "OLD.xml"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    struct bl_cli_diag *streams = NULL; /* messages to stderr, reports to stdout */
    int rc = BL_EXIT_USAGE;

    if (!parse_options(
            "preview", PREVIEW_USAGE, "Renders a draft of the letter, at once.",
            "Renders even an incomplete incident: whatever is missing is highlighted where it\n"
            "stands ([organisation phone missing], [unknown field: org.fone]) and listed with\n"
            "its file and line on a review page that comes first, with the compliance findings\n"
            "for the letter. Every page is watermarked DRAFT.\n\n"
            "Examples:\n"
            "  breachletter preview incident.xml --watch -o draft.pdf\n"
            "  breachletter preview incident.xml --jurisdiction MA --variant minor\n"
            "  breachletter preview incident.xml --recipients list.csv --variants -o sheet.pdf\n"
            "  breachletter preview incident.xml --compare incident-v1.xml",
            entries, &common, &argc, &argv, &rc)) {
        goto out;
    }
    if (argc != 2 || (format != NULL && strcmp(format, "pdf") != 0 && strcmp(format, "png") != 0)) {
        bl_cli_usage("preview", PREVIEW_USAGE);
        goto out;
    }
    opts.incident = argv[1];
    opts.recipients = recipients;
    opts.recipient = sample ? NULL : recipient;
    opts.jurisdiction = jurisdiction;
    opts.variant = variant;
    opts.png = format != NULL && strcmp(format, "png") == 0;
    opts.output = output != NULL ? output : opts.png ? "preview.png" : "preview.pdf";
    opts.variants = variants;
    opts.watch = watch;
    opts.compare = compare;
    opts.data_dir = common.data_dir;
    /* a preview watched for changes is of files, not of what was piped in */
    if (watch && (strcmp(opts.incident, "-") == 0 || g_strcmp0(opts.recipients, "-") == 0 ||
                  strcmp(opts.output, "-") == 0)) {
        fprintf(stderr, "breachletter preview: --watch watches files: not '-'\n");
        goto out;
    }
    if ((opts.png && strcmp(opts.output, "-") == 0) ||
        (rc = bl_cli_stdout_pdf("preview", opts.output)) != BL_EXIT_OK) {
        if (opts.png) {
            fprintf(stderr, "breachletter preview: PNG pictures go to files (FILE-1.png ...), "
                            "not to standard output\n");
        }
        rc = BL_EXIT_USAGE;
        goto out;
    }
    if ((rc = bl_cli_stdin_path("preview", &opts.incident, "incident")) != BL_EXIT_OK ||
        (rc = bl_cli_stdin_path("preview", &opts.recipients, "recipient list")) != BL_EXIT_OK) {
        goto out;
    }
    if (variant != NULL && bl_variant_parse(variant) < 0) {
        fprintf(stderr, "breachletter preview: unknown variant '%s'\n", variant);
        rc = BL_EXIT_USAGE;
        goto out;
    }
    if (jurisdiction != NULL && bl_jurisdiction_name(jurisdiction) == NULL) {
        fprintf(stderr, "breachletter preview: unknown jurisdiction '%s'\n", jurisdiction);
        rc = BL_EXIT_USAGE;
        goto out;
    }
    if ((opts.variants || opts.recipient != NULL) && opts.recipients == NULL) {
        fprintf(stderr, "breachletter preview: --%s needs --recipients FILE\n",
                opts.variants ? "variants" : "recipient");
        rc = BL_EXIT_USAGE;
        goto out;
    }
    /* the diff, the list of variants or where the preview went: lost output is an error; with
     * the PDF on standard output ("-o -"), they go to standard error */
    streams = strcmp(opts.output, "-") == 0 ? bl_cli_diag_new(stderr, stderr, "to standard error")
                                            : bl_cli_diag_new(stderr, stdout, "to standard output");
    rc = bl_preview_run(&opts, bl_cli_diag_get(streams));
out:
    rc = bl_cli_diag_end(streams, rc);
    g_free(recipients);
    g_free(recipient);
    g_free(jurisdiction);
    g_free(variant);
    g_free(output);
    g_free(format);
    g_free(compare);
    bl_cli_common_release(&common);
    return rc;
}

static int
cmd_manifest(int argc, char **argv)
{
    struct bl_merge_options opts = {0};
    struct bl_cli_common common = {0};
    char *recipients = NULL, *output = NULL;
    GOptionEntry entries[] = {
        {"recipients", 'r', 0, G_OPTION_ARG_FILENAME, &recipients,
         "The recipient list the shards rendered (CSV or XML)", "FILE"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
         "The merged manifest to write (owner-only)", "MERGED.csv"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    struct bl_cli_diag *streams = NULL; /* messages to stderr, reports to stdout */
    int rc = BL_EXIT_USAGE;

    if (!parse_options(
            "manifest", MANIFEST_USAGE, "Joins the manifests of a sharded render.",
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
        bl_cli_usage("manifest", MANIFEST_USAGE);
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
    streams = bl_cli_diag_new(stderr, stdout, "to standard output");
    rc = bl_run_merge(&opts, bl_cli_diag_get(streams));
out:
    rc = bl_cli_diag_end(streams, rc);
    g_free(recipients);
    g_free(output);
    bl_cli_common_release(&common);
    return rc;
}

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {
    {"render", cmd_render}, {"check", cmd_check},     {"notice", cmd_notice},
    {"report", cmd_report}, {"preview", cmd_preview}, {"manifest", cmd_manifest},
};

int
main(int argc, char **argv)
{
    /* a closed pipe on stderr (render 2>&1 | head) must not end a run: writes fail instead */
    signal(SIGPIPE, SIG_IGN);
    /* letters, lists and reports hold personal data: everything the program creates is
     * owner-only (the library sets no process state; the tool does, once) */
    umask(077);
    /* a fixed date for "today" (deadlines, the check's report), so a report can be reproduced */
    if (g_getenv("BREACHLETTER_TODAY") != NULL &&
        bl_session_set_today(g_getenv("BREACHLETTER_TODAY")) < 0) {
        fprintf(stderr, "breachletter: BREACHLETTER_TODAY is not a date (YYYY-MM-DD)\n");
        return BL_EXIT_USAGE;
    }
    /* Ctrl-C, kill, a closed terminal: the files being written are removed first */
    bl_cli_signal_install();
    bl_xml_init();
    for (size_t i = 0; argc >= 2 && i < G_N_ELEMENTS(commands); i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            return commands[i].run(argc - 1, argv + 1);
        }
    }
    if (argc >= 2 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)) {
        bl_cli_version();
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

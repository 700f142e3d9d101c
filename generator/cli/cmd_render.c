/* SPDX-License-Identifier: MIT */
/* Render: the options of "breachletter render"; the work is render_job.c's. */
#include "cmd.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_diag.h"
#include "cli_input.h"
#include "cli_util.h"

/* What follows "breachletter render" in its usage line. */
#define USAGE "INCIDENT.xml --recipients FILE -o OUTDIR"

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

/* Whether fd (1 or more) is an open descriptor that can be written. */
static gboolean
fd_open(int fd)
{
    int flags = fd >= 1 ? fcntl(fd, F_GETFL) : -1;

    return flags >= 0 && (flags & O_ACCMODE) != O_RDONLY;
}

int
bl_cmd_render(int argc, char **argv)
{
    struct bl_render_options opts = {0};
    struct bl_cli_common common = {0};
    char *recipients = NULL, *outdir = NULL, *only = NULL, *shard = NULL;
    gboolean allow_draft = FALSE, duplex = FALSE, simplex = FALSE, require_approval = FALSE;
    gboolean resume = FALSE, allow_shared_output = FALSE, large_print = FALSE;
    int jobs = 0, files_per_dir = 1000, progress_fd = 0;
    GOptionEntry entries[] = {
        {"recipients", 'r', 0, G_OPTION_ARG_FILENAME, &recipients, "Recipient list (CSV or XML)",
         "FILE"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &outdir,
         "Directory for the letters and manifest.csv (created owner-only)", "OUTDIR"},
        {"only", 0, 0, G_OPTION_ARG_STRING, &only, "Render only the recipient with this id", "ID"},
        {"large-print", 0, 0, G_OPTION_ARG_NONE, &large_print,
         "Every letter in large print: 18 pt text (the list's large_print column asks it for "
         "one recipient)",
         NULL},
        {"allow-draft", 0, 0, G_OPTION_ARG_NONE, &allow_draft,
         "Render letters that break a rule anyway, each page watermarked DRAFT", NULL},
        {"require-approval", 0, 0, G_OPTION_ARG_NONE, &require_approval,
         "Refuse the letters of variants whose wording is not approved (breachletter serve)", NULL},
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
        {"progress-fd", 0, 0, G_OPTION_ARG_INT, &progress_fd,
         "Also write the progress as JSON lines to descriptor N (see below)", "N"},
        {"allow-shared-output", 0, 0, G_OPTION_ARG_NONE, &allow_shared_output,
         "Write into a folder that another user owns and others may write in, or (as root) "
         "that another user owns: only when everyone who can write in it is trusted",
         NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    struct bl_cli_diag *streams = NULL; /* messages to stderr, reports to stdout */
    int rc = BL_EXIT_USAGE;

    book_size = 0;

    if (!bl_cli_options(
            "render", USAGE, "Renders one letter per recipient.",
            "Writes OUTDIR/<recipient id>.pdf for every valid recipient (or, with --book, print\n"
            "books of many letters with a list of each), OUTDIR/manifest.csv with one row per\n"
            "input record (letter or error) and OUTDIR/errors.csv with every row without a\n"
            "letter. A run that was killed is finished by the same command with --resume.\n\n"
            "Examples:\n  breachletter render examples/medusind-2023/incident.xml \\\n"
            "      --recipients examples/medusind-2023/recipients.csv -o out/medusind-2023\n"
            "  breachletter render incident.xml -r list.csv -o out --book --jobs 8 --resume\n\n"
            "--progress-fd N writes one JSON object per line to the open descriptor N when the\n"
            "letters start, about four times a second while they are made, and at the end:\n"
            "  {\"rows_done\":120,\"rows_todo\":500,\"letters\":118,\"errors\":2,\"rate\":41.5,\n"
            "   \"seconds\":2.9,\"seconds_left\":9,\"end\":false}\n"
            "rows_todo counts the rows this run makes (a resumed run: those left); rate is rows\n"
            "per second; the last line has \"end\":true. It is for programs watching the run\n"
            "(breachletter serve starts render so); --quiet does not silence it.",
            entries, &common, &argc, &argv, &rc)) {
        goto out;
    }
    if (argc != 2 || recipients == NULL || outdir == NULL) {
        bl_cli_usage("render", USAGE);
        goto out;
    }
    opts.incident = argv[1];
    opts.recipients = recipients;
    opts.outdir = outdir;
    opts.only = only;
    opts.data_dir = common.data_dir;
    opts.quiet = common.quiet;
    opts.allow_draft = allow_draft;
    opts.require_approval = require_approval;
    opts.jobs = jobs;
    opts.book = book_size;
    opts.simplex = simplex;
    opts.resume = resume;
    opts.files_per_dir = files_per_dir;
    opts.allow_shared_output = allow_shared_output;
    opts.large_print = large_print;
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
    if (progress_fd != 0 && !fd_open(progress_fd)) {
        fprintf(stderr,
                "breachletter render: --progress-fd takes an open file descriptor, 1 or more\n");
        goto out;
    }
    /* "-": standard input, held in memory */
    if ((rc = bl_cli_stdin_path("render", &opts.incident, "incident")) != BL_EXIT_OK ||
        (rc = bl_cli_stdin_path("render", &opts.recipients, "recipient list")) != BL_EXIT_OK) {
        goto out;
    }
    bl_cli_render_progress_fd(progress_fd);
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

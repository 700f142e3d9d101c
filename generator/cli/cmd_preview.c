/* SPDX-License-Identifier: MIT */
/* Preview: the options of "breachletter preview" (draft letters, variants, compare), and --watch:
 * the process waits for edits to the files a preview read and makes it again. */
#include "cmd.h"

#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_diag.h"
#include "cli_input.h"
#include "cli_util.h"
#include "preview.h"
#include "session.h"
#include "source.h"
#include "text.h"

/* What follows "breachletter preview" in its usage line. */
#define USAGE "INCIDENT.xml [-o FILE] [--format pdf|png] [--watch]"

/* --watch: the library makes one preview at a time (bl_preview_once); the waiting is the
 * tool's. */
struct watch {
    const struct bl_preview_options *opts;
    struct bl_diag *diag;
    GHashTable *monitors; /* path -> GFileMonitor *: every file any preview read */
    guint timer;
};

static void rewatch(struct watch *w, GPtrArray *files);

static gboolean
fire(gpointer data)
{
    struct watch *w = data;
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);

    w->timer = 0;
    /* a report that cannot be written does not end the watch: the previews are still made */
    bl_preview_once(w->opts, files, w->diag);
    rewatch(w, files);
    g_ptr_array_unref(files);
    return G_SOURCE_REMOVE;
}

static void
on_change(GFileMonitor *m, GFile *file, GFile *other, GFileMonitorEvent event, gpointer data)
{
    struct watch *w = data;

    if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED) {
        return;
    }
    if (w->timer != 0) {
        g_source_remove(w->timer);
    }
    /* editors write a file in several steps: wait until they are done */
    w->timer = g_timeout_add(150, fire, w);
}

/* Watches the files not watched yet (a failed preview may read fewer: keep the others). */
static void
rewatch(struct watch *w, GPtrArray *files)
{
    for (guint i = 0; i < files->len; i++) {
        const char *path = g_ptr_array_index(files, i);
        GFile *f;
        GFileMonitor *m;

        if (g_hash_table_contains(w->monitors, path)) {
            continue;
        }
        f = g_file_new_for_path(path);
        m = g_file_monitor_file(f, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
        if (m != NULL) {
            g_signal_connect(m, "changed", G_CALLBACK(on_change), w);
            g_hash_table_insert(w->monitors, g_strdup(path), m);
        }
        g_object_unref(f);
    }
}

/* Makes the preview, then again whenever a file it read changes, until the process is stopped.
 * Returns only when the first preview cannot read its files or the options are wrong (an enum
 * bl_exit). */
static int
watch(const struct bl_preview_options *opts, struct bl_diag *diag)
{
    struct watch w = {opts, diag,
                      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref), 0};
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    GMainLoop *loop;
    int rc = bl_preview_once(opts, files, diag);

    if (rc == BL_EXIT_IO || rc == BL_EXIT_USAGE) {
        g_ptr_array_unref(files);
        g_hash_table_unref(w.monitors);
        return rc;
    }
    rewatch(&w, files);
    g_ptr_array_unref(files);
    if (bl_diag_level() > BL_DIAG_QUIET) {
        char *text = g_strdup_printf("preview: watching %u files; press Ctrl-C to stop\n",
                                     g_hash_table_size(w.monitors));

        bl_diag_tell(diag, BL_DIAG_REPORT, text);
        g_free(text);
    }
    loop = g_main_loop_new(NULL, FALSE);
    g_main_loop_run(loop); /* until the process is stopped */
    g_main_loop_unref(loop);
    g_hash_table_unref(w.monitors);
    return BL_EXIT_OK;
}

int
bl_cmd_preview(int argc, char **argv)
{
    struct bl_preview_options opts = {0};
    char *recipients = NULL, *recipient = NULL, *jurisdiction = NULL, *variant = NULL;
    char *language = NULL, *output = NULL, *format = NULL, *compare = NULL;
    struct bl_cli_common common = {0};
    gboolean sample = FALSE, variants = FALSE, watch_edits = FALSE;
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
        {"language", 0, 0, G_OPTION_ARG_STRING, &language,
         "The sample person's language (the template's or one it has a catalog of), e.g. es",
         "LANG"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
         "Where to write the preview (default preview.pdf; with --compare, redline.pdf)", "FILE"},
        {"format", 'f', 0, G_OPTION_ARG_STRING, &format,
         "pdf (default), or png: one picture per page, FILE-1.png ...", "FMT"},
        {"variants", 0, 0, G_OPTION_ARG_NONE, &variants,
         "Every variant the list will receive, each a review page and a labelled letter, in "
         "one PDF",
         NULL},
        {"watch", 'w', 0, G_OPTION_ARG_NONE, &watch_edits,
         "Render again whenever the incident, template, rules or list changes", NULL},
        {"compare", 0, 0, G_OPTION_ARG_FILENAME, &compare,
         "Print how the letter's wording changed from this older incident file, word by word, "
         "and write a redline",
         "OLD.xml"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    struct bl_cli_diag *streams = NULL; /* messages to stderr, reports to stdout */
    int rc = BL_EXIT_USAGE;

    if (!bl_cli_options(
            "preview", USAGE, "Renders a draft of the letter, at once.",
            "Renders even an incomplete incident: whatever is missing is highlighted where it\n"
            "stands ([organisation phone missing], [unknown field: org.fone]). A review page,\n"
            "marked REVIEW COPY - NOT FOR MAILING, comes before the letter: what the preview\n"
            "assumed that the incident does not say (access undetermined, no monitoring, a\n"
            "placeholder person), the problems with their file and line, and the compliance\n"
            "findings for the letter. Every page is watermarked DRAFT.\n\n"
            "--variants makes the review page and the labelled letter of every variant of the\n"
            "list; a variant that cannot be made is named and the exit status is 3.\n"
            "--compare prints each change of wording with the words around it (24 → 36\n"
            "months) and writes a redline: removed words struck through in red, added words\n"
            "underlined in green.\n\n"
            "Examples:\n"
            "  breachletter preview incident.xml --watch -o draft.pdf\n"
            "  breachletter preview incident.xml --jurisdiction MA --variant minor\n"
            "  breachletter preview incident.xml --recipients list.csv --variants -o sheet.pdf\n"
            "  breachletter preview incident.xml --compare incident-v1.xml",
            entries, &common, &argc, &argv, &rc)) {
        goto out;
    }
    if (argc != 2 || (format != NULL && strcmp(format, "pdf") != 0 && strcmp(format, "png") != 0)) {
        bl_cli_usage("preview", USAGE);
        goto out;
    }
    opts.incident = argv[1];
    opts.recipients = recipients;
    opts.recipient = sample ? NULL : recipient;
    opts.jurisdiction = jurisdiction;
    opts.variant = variant;
    opts.language = language;
    opts.png = format != NULL && strcmp(format, "png") == 0;
    opts.output = output != NULL    ? output
                  : compare != NULL ? (opts.png ? "redline.png" : "redline.pdf")
                  : opts.png        ? "preview.png"
                                    : "preview.pdf";
    opts.variants = variants;
    opts.compare = compare;
    opts.data_dir = common.data_dir;
    /* a preview watched for changes is of files, not of what was piped in */
    if (watch_edits && (strcmp(opts.incident, "-") == 0 || g_strcmp0(opts.recipients, "-") == 0 ||
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
    rc = watch_edits && compare == NULL && !variants
             ? watch(&opts, bl_cli_diag_get(streams))
             : bl_preview_run(&opts, bl_cli_diag_get(streams));
out:
    rc = bl_cli_diag_end(streams, rc);
    g_free(recipients);
    g_free(recipient);
    g_free(jurisdiction);
    g_free(variant);
    g_free(language);
    g_free(output);
    g_free(format);
    g_free(compare);
    bl_cli_common_release(&common);
    return rc;
}

/* SPDX-License-Identifier: MIT */
/* The workbench's live preview: every page of the letter of a chosen person (a state, a variant
 * and a language, or a person of a list) as pictures, drawn by preview's code with missing facts
 * marked, from the saved incident or from the editor's unsaved fields (a draft), with the facts
 * missing and the check's findings, deadlines and notices beside them. Drawings are made in the
 * server's worker thread (serve_work), one at a time, while the server answers other requests
 * (the request that asked for one waits, paused); the drawings keep the passes over the last
 * lists they checked (bl_check_memo), so that a large list is read once, not on every redraw.
 * Drawings are kept in a small cache by the hash of what they were drawn from, so a picture
 * asked for again is not drawn again. */
#include "serve_preview.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "incident_form.h"
#include "preview.h"
#include "serve_fs.h"
#include "serve_html.h"
#include "serve_work.h"
#include "session.h"

/* the drawings kept: a few drafts back, and the saved file's */
#define KEPT 12

/* A list larger than this is not chosen for the preview unless the person asks for it (the
 * first drawing over a list reads it whole, a second or so per 100,000 rows), and the panel
 * says what a drawing over it cost. */
#define BIG_LIST (2 * 1024 * 1024)

/* The person a preview is of, as the query or the form chose it ("" for what is not chosen). */
struct choice {
    const char *jurisdiction, *variant, *language, *list, *recipient;
};

/* A choice's own copy, for a drawing made later than the request's arguments live. */
struct kept_choice {
    struct choice c;
    char *parts[5];
};

static void
keep_choice(struct kept_choice *k, const struct choice *c)
{
    const char *from[] = {c->jurisdiction, c->variant, c->language, c->list, c->recipient};

    for (size_t i = 0; i < G_N_ELEMENTS(from); i++) {
        k->parts[i] = g_strdup(from[i]);
    }
    k->c = (struct choice){k->parts[0], k->parts[1], k->parts[2], k->parts[3], k->parts[4]};
}

static void
release_choice(struct kept_choice *k)
{
    for (size_t i = 0; i < G_N_ELEMENTS(k->parts); i++) {
        g_free(k->parts[i]);
    }
}

/* A drawing: the pictures of the letter's pages and what is shown beside them. */
struct drawing {
    char *id;            /* hex digest of what it was drawn from */
    GPtrArray *pages;    /* GBytes *: PNG pictures of the letter, or of its review page alone */
    gboolean made;       /* the letter could be made */
    GPtrArray *problems; /* struct bl_form_problem * */
    char *findings_html; /* or NULL: not checked */
    int findings;
    char **languages; /* the template's, or NULL */
    GPtrArray *deps;  /* char *: the other files it read (templates, rules, list), absolute */
    char *deps_stamp; /* their sizes and times when it was drawn */
    double took;      /* seconds it took to draw */
    gboolean checked; /* the check ran (findings_html is set) */
    gboolean reread;  /* the list was read for it (not the pass kept from an earlier drawing) */
};

static GQueue kept = G_QUEUE_INIT;

static void
problem_free(gpointer data)
{
    struct bl_form_problem *p = data;

    g_free(p->key);
    g_free(p->message);
    g_free(p);
}

static void
drawing_free(struct drawing *d)
{
    if (d == NULL) {
        return;
    }
    g_free(d->id);
    g_ptr_array_unref(d->pages);
    g_ptr_array_unref(d->problems);
    g_free(d->findings_html);
    g_strfreev(d->languages);
    g_ptr_array_unref(d->deps);
    g_free(d->deps_stamp);
    g_free(d);
}

static struct drawing *
find_drawing(const char *id)
{
    for (GList *l = kept.head; id != NULL && l != NULL; l = l->next) {
        struct drawing *d = l->data;
        if (strcmp(d->id, id) == 0) {
            return d;
        }
    }
    return NULL;
}

/* The size, time and kind of the file at path (or that it is absent) added to sum. */
static void
stamp_path(GChecksum *sum, const char *path)
{
    GStatBuf st;
    char *stamp;

    if (g_lstat(path, &st) != 0) {
        stamp = g_strdup_printf("%s -\n", path);
    } else {
        stamp = g_strdup_printf("%s %o %lld %lld.%09ld\n", path, (unsigned)st.st_mode,
                                (long long)st.st_size, (long long)st.st_mtim.tv_sec,
                                st.st_mtim.tv_nsec);
    }
    g_checksum_update(sum, (const guchar *)stamp, -1);
    g_free(stamp);
}

/* The stamp of the files paths (char *). */
static char *
deps_stamp(GPtrArray *paths)
{
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    char *stamp;

    for (guint i = 0; i < paths->len; i++) {
        stamp_path(sum, g_ptr_array_index(paths, i));
    }
    stamp = g_strdup(g_checksum_get_string(sum));
    g_checksum_free(sum);
    return stamp;
}

/* The drawing id when it is kept and none of the files it read has changed since; a drawing
 * whose files changed is let go. */
static struct drawing *
find_fresh(const char *id)
{
    struct drawing *d = find_drawing(id);
    char *stamp;

    if (d == NULL) {
        return NULL;
    }
    stamp = deps_stamp(d->deps);
    if (strcmp(stamp, d->deps_stamp) != 0) {
        g_queue_remove(&kept, d);
        drawing_free(d);
        d = NULL;
    }
    g_free(stamp);
    return d;
}

static void
keep_drawing(struct drawing *d)
{
    g_queue_push_head(&kept, d);
    while (kept.length > KEPT) {
        drawing_free(g_queue_pop_tail(&kept));
    }
}

/* -- the choice ------------------------------------------------------------------------------ */

static const char *
arg_or_empty(GHashTable *args, const char *key)
{
    const char *v = bl_serve_arg(args, key);

    return v != NULL ? v : "";
}

/* The size of the list rel of the workspace, or -1. */
static gint64
list_size(struct serve *sv, const char *rel)
{
    struct stat st;
    int fd = bl_serve_fs_open(sv->rootfd, rel, O_RDONLY, 0);
    gint64 size = -1;

    if (fd >= 0 && fstat(fd, &st) == 0) {
        size = (gint64)st.st_size;
    }
    if (fd >= 0) {
        close(fd);
    }
    return size;
}

/* The first list of the incident's folder (g_free), or NULL; one larger than BIG_LIST is not
 * chosen, its name is put in *big (g_free) instead. */
static char *
folder_list(struct serve *sv, const char *rel, char **big)
{
    char **incidents, **lists, **outputs;
    char *dir = g_path_get_dirname(rel);
    char *found = NULL;

    *big = NULL;
    bl_serve_fs_scan(sv->rootfd, 3, &incidents, &lists, &outputs);
    for (size_t i = 0; lists != NULL && lists[i] != NULL && found == NULL; i++) {
        char *ldir = g_path_get_dirname(lists[i]);
        if (strcmp(ldir, dir) == 0) {
            if (list_size(sv, lists[i]) > BIG_LIST) {
                if (*big == NULL) {
                    *big = g_strdup(lists[i]);
                }
            } else {
                found = g_strdup(lists[i]);
            }
        }
        g_free(ldir);
    }
    g_strfreev(incidents);
    g_strfreev(lists);
    g_strfreev(outputs);
    g_free(dir);
    return found;
}

/* Reads the choice from args; FALSE when a part of it is not one the preview takes. */
static gboolean
read_choice(struct serve *sv, struct choice *c, GHashTable *args)
{
    /* (a person's id comes in a form only: addresses are refused it by the routes) */
    c->jurisdiction = arg_or_empty(args, "jurisdiction");
    c->variant = arg_or_empty(args, "variant");
    c->language = arg_or_empty(args, "language");
    c->list = arg_or_empty(args, "list");
    c->recipient = arg_or_empty(args, "recipient");
    if (c->variant[0] == '\0') {
        c->variant = "adult";
    }
    if (c->jurisdiction[0] != '\0' &&
        !(strlen(c->jurisdiction) == 2 && g_ascii_isupper(c->jurisdiction[0]) &&
          g_ascii_isupper(c->jurisdiction[1]))) {
        return FALSE;
    }
    if (strcmp(c->variant, "adult") != 0 && strcmp(c->variant, "minor") != 0 &&
        strcmp(c->variant, "deceased") != 0) {
        return FALSE;
    }
    if (c->language[0] != '\0' && !(strlen(c->language) == 2 && g_ascii_islower(c->language[0]) &&
                                    g_ascii_islower(c->language[1]))) {
        return FALSE;
    }
    if (c->list[0] != '\0' && !bl_serve_list_ok(sv, c->list)) {
        return FALSE;
    }
    if (c->recipient[0] != '\0') {
        if (c->list[0] == '\0' || strlen(c->recipient) > 200 ||
            !g_utf8_validate(c->recipient, -1, NULL)) {
            return FALSE;
        }
        for (const char *p = c->recipient; *p != '\0'; p++) {
            if (g_ascii_iscntrl(*p)) {
                return FALSE;
            }
        }
    }
    return TRUE;
}

/* Adds to sum the name, kind, size and time of every entry of the folder path (drafts' private
 * files aside), in name order, and of what the folders named in deep hold, depth folders down
 * (deep NULL: every folder). */
static void
stamp_folder(GChecksum *sum, const char *path, const char *const *deep, int depth)
{
    GDir *d = g_dir_open(path, 0, NULL);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *name;

    /* (not the folder's own time: a draft's private file changes it) */
    while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
        if (!g_str_has_prefix(name, BL_SERVE_DRAFT_PREFIX)) {
            g_ptr_array_add(names, g_strdup(name));
        }
    }
    if (d != NULL) {
        g_dir_close(d);
    }
    g_ptr_array_sort(names, bl_serve_fs_compare_names);
    for (guint i = 0; i < names->len; i++) {
        const char *n = g_ptr_array_index(names, i);
        char *child = g_build_filename(path, n, NULL);
        stamp_path(sum, child);
        if (depth > 0 && (deep == NULL || g_strv_contains(deep, n)) &&
            g_file_test(child, G_FILE_TEST_IS_DIR) && !g_file_test(child, G_FILE_TEST_IS_SYMLINK)) {
            stamp_folder(sum, child, deep, depth - 1);
        }
        g_free(child);
    }
    g_ptr_array_unref(names);
}

/* The key of a drawing: the incident's bytes and place, the choice, today, the list's size and
 * time, what the incident's folder holds (its catalogs in po/, its pictures: every entry's size
 * and time) and the data folder's templates. */
static char *
drawing_id(struct serve *sv, const char *rel, const char *xml, gsize len, const struct choice *c)
{
    static const char *const po[] = {"po", NULL};
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    const char *parts[] = {rel, c->jurisdiction, c->variant, c->language, c->list, c->recipient};
    char *id, *dir, *folder, *templates;
    char today[16];
    GDate date;

    g_checksum_update(sum, (const guchar *)xml, (gssize)len);
    for (size_t i = 0; i < G_N_ELEMENTS(parts); i++) {
        g_checksum_update(sum, (const guchar *)"\n", 1);
        g_checksum_update(sum, (const guchar *)parts[i], -1);
    }
    /* findings and deadlines depend on the day (the tool's BREACHLETTER_TODAY, else the clock) */
    g_date_clear(&date, 1);
    bl_session_today(&date);
    g_date_strftime(today, sizeof today, "\n%Y-%m-%d\n", &date);
    g_checksum_update(sum, (const guchar *)today, -1);
    dir = g_path_get_dirname(rel);
    folder = g_build_filename(sv->root, dir, NULL);
    stamp_folder(sum, folder, po, 1);
    templates = g_build_filename(sv->data, "templates", NULL);
    stamp_folder(sum, templates, NULL, 4);
    if (c->list[0] != '\0') {
        struct stat st;
        int fd = bl_serve_fs_open(sv->rootfd, c->list, O_RDONLY, 0);
        if (fd >= 0 && fstat(fd, &st) == 0) {
            char *stamp = g_strdup_printf("\n%lld %lld.%09ld", (long long)st.st_size,
                                          (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
            g_checksum_update(sum, (const guchar *)stamp, -1);
            g_free(stamp);
        }
        if (fd >= 0) {
            close(fd);
        }
    }
    id = g_strndup(g_checksum_get_string(sum), 32);
    g_checksum_free(sum);
    g_free(dir);
    g_free(folder);
    g_free(templates);
    return id;
}

/* -- drawing ----------------------------------------------------------------------------------- */

/* The check's findings and the template's languages, while the preview is made. */
static void
on_checked(void *data, const struct bl_check_report *report, const struct bl_template *tpl)
{
    struct drawing *d = data;

    d->checked = TRUE;
    g_free(d->findings_html);
    d->findings_html = bl_serve_html_findings(report, &d->findings);
    g_strfreev(d->languages);
    d->languages = g_strsplit(bl_template_languages(tpl), " ", -1);
}

/* Adds p to the drawing's problems unless one with the same field and words is there. */
static void
add_problem(struct drawing *d, const char *key, const char *message)
{
    struct bl_form_problem *p;

    for (guint i = 0; i < d->problems->len; i++) {
        p = g_ptr_array_index(d->problems, i);
        if (g_strcmp0(p->key, key) == 0 && strcmp(p->message, message) == 0) {
            return;
        }
    }
    p = g_new0(struct bl_form_problem, 1);
    p->key = g_strdup(key);
    p->message = g_strdup(message);
    g_ptr_array_add(d->problems, p);
}

/* The problems of the incident file at path in the officer's words, each beside its field, as
 * the editor tells them (the loader's messages mapped by the line they name). */
static void
incident_problems(struct serve *sv, struct drawing *d, const char *path)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_incident_form *form = NULL;
    char *schema = g_build_filename(sv->data, "templates", "schema", "incident.rng", NULL);
    char *vocab = g_build_filename(sv->data, "templates", "categories.xml", NULL);

    if (bl_incident_form_read(&form, path, diag) == 0) {
        GPtrArray *problems = bl_incident_form_problems(form, path, schema, vocab);
        for (guint i = 0; i < problems->len; i++) {
            const struct bl_form_problem *p = g_ptr_array_index(problems, i);
            add_problem(d, p->key, p->message);
        }
        g_ptr_array_unref(problems);
    }
    bl_incident_form_free(form);
    bl_diag_free(diag);
    g_free(schema);
    g_free(vocab);
}

/* The problems the preview told (file:line: error: message): those of the incident file as
 * the editor words them, the others (the template's fields left empty by it, the list's) in the
 * officer's words with the field they concern when they name one; the letter's own failure is
 * left out (the summary says it). */
static void
read_problems(struct serve *sv, struct drawing *d, const char *path, const char *text)
{
    char **lines = g_strsplit(text, "\n", -1);
    char *in_incident = g_strconcat(path, ":", NULL);
    gboolean incident = FALSE;

    for (char **l = lines; *l != NULL; l++) {
        incident = incident || g_str_has_prefix(*l, in_incident);
    }
    if (incident) {
        incident_problems(sv, d, path);
    }
    for (char **l = lines; *l != NULL; l++) {
        const char *m = strstr(*l, ": error: ");
        const char *w = strstr(*l, ": warning: ");
        const char *key = NULL;
        char *explained;

        if (g_str_has_prefix(*l, in_incident)) {
            continue;
        }
        if (m != NULL && (w == NULL || m < w)) {
            m += strlen(": error: ");
        } else if (w != NULL) {
            m = w + strlen(": warning: ");
        } else if (g_str_has_prefix(*l, "error: ")) {
            m = *l + strlen("error: ");
        } else {
            continue;
        }
        if (g_str_has_prefix(m, "the letter of ")) {
            continue;
        }
        explained = bl_incident_form_explain(m, &key);
        add_problem(d, key, explained != NULL ? explained : m);
        g_free(explained);
    }
    g_free(in_incident);
    g_strfreev(lines);
}

/* The passes over the lists the drawings checked last, by the list's path, the latest first
 * (struct list_memo *): the worker thread's alone. A few, so that going back and forth between
 * lists (the folder's default after a Save, the large one chosen) reads neither again. */
#define MEMOS 3

struct list_memo {
    char *list;
    struct bl_check_memo *memo;
};

static GQueue memos = G_QUEUE_INIT;

static void
list_memo_free(gpointer data)
{
    struct list_memo *m = data;

    g_free(m->list);
    bl_check_memo_free(m->memo);
    g_free(m);
}

/* The memo of the list at path (made when there is none), now the latest. */
static struct bl_check_memo *
memo_of(const char *path)
{
    struct list_memo *m = NULL;

    for (GList *l = memos.head; l != NULL && m == NULL; l = l->next) {
        if (strcmp(((struct list_memo *)l->data)->list, path) == 0) {
            m = l->data;
            g_queue_delete_link(&memos, l);
        }
    }
    if (m == NULL) {
        m = g_new0(struct list_memo, 1);
        m->list = g_strdup(path);
        m->memo = bl_check_memo_new();
    }
    g_queue_push_head(&memos, m);
    while (memos.length > MEMOS) {
        list_memo_free(g_queue_pop_tail(&memos));
    }
    return m->memo;
}

/* Draws the preview of the incident at path (absolute) for choice c, as drawing id, its
 * pictures written in the private folder tmp (removed once read; NULL: none could be made): in
 * the worker thread (it reads sv's names only). */
static struct drawing *
draw(struct serve *sv, const char *path, const struct choice *c, const char *id, const char *tmp)
{
    struct drawing *d = g_new0(struct drawing, 1);
    struct bl_preview_options opts = {0};
    char *list = c->list[0] != '\0' ? g_build_filename(sv->root, c->list, NULL) : NULL;
    struct bl_diag *diag;
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    gint64 start = g_get_monotonic_time();
    char *out;

    d->id = g_strdup(id);
    d->pages = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    d->problems = g_ptr_array_new_with_free_func(problem_free);
    d->deps = g_ptr_array_new_with_free_func(g_free);
    if (tmp == NULL) {
        add_problem(d, NULL,
                    "No private folder could be made for the pictures of the pages: the "
                    "computer's temporary folder is full or cannot be written.");
        g_ptr_array_unref(files);
        d->deps_stamp = deps_stamp(d->deps);
        g_free(list);
        return d;
    }
    out = g_build_filename(tmp, "page.png", NULL);
    opts.incident = path;
    opts.jurisdiction = c->jurisdiction[0] != '\0' ? c->jurisdiction : NULL;
    opts.variant = c->variant;
    opts.language = c->language[0] != '\0' ? c->language : NULL;
    opts.recipients = list;
    opts.recipient = c->recipient[0] != '\0' ? c->recipient : NULL;
    opts.output = out;
    opts.png = TRUE;
    opts.data_dir = sv->data_given;
    opts.checked = on_checked;
    opts.checked_data = d;
    opts.memo = list != NULL ? memo_of(list) : NULL;
    diag = bl_diag_new(NULL);
    bl_preview_once(&opts, files, diag);
    d->took = (double)(g_get_monotonic_time() - start) / G_USEC_PER_SEC;
    d->reread = d->checked && list != NULL && !bl_check_memo_reused(opts.memo);
    /* the files it read but the incident (its bytes and its folder are in the drawing's id) */
    for (guint i = 0; i < files->len; i++) {
        if (strcmp(g_ptr_array_index(files, i), path) != 0) {
            g_ptr_array_add(d->deps, g_strdup(g_ptr_array_index(files, i)));
        }
    }
    d->deps_stamp = deps_stamp(d->deps);
    g_ptr_array_unref(files);
    read_problems(sv, d, path, bl_diag_text(diag));
    /* page-1 is the review page; the letter's pages follow */
    for (int i = 2;; i++) {
        char *name = g_strdup_printf("page-%d.png", i);
        char *file = g_build_filename(tmp, name, NULL);
        char *data = NULL;
        gsize len = 0;
        gboolean ok = g_file_get_contents(file, &data, &len, NULL);
        g_free(name);
        g_free(file);
        if (!ok) {
            break;
        }
        g_ptr_array_add(d->pages, g_bytes_new_take(data, len));
    }
    d->made = d->pages->len > 0;
    if (!d->made) {
        /* a letter that cannot be made leaves its review page alone, which says why */
        char *file = g_build_filename(tmp, "page-1.png", NULL);
        char *data = NULL;
        gsize len = 0;
        if (g_file_get_contents(file, &data, &len, NULL)) {
            g_ptr_array_add(d->pages, g_bytes_new_take(data, len));
        }
        g_free(file);
    }
    bl_diag_free(diag);
    bl_serve_fs_remove_private(tmp);
    g_free(out);
    g_free(list);
    return d;
}

/* -- the drawing, in the worker thread --------------------------------------------------------
 */

/* What to do with a drawing once it is made: answer msg (NULL: the browser went away). */
typedef void (*drawn_fn)(struct serve *sv, SoupServerMessage *msg, const struct drawing *d,
                         gpointer data);

/* A drawing asked for: made by the worker thread, kept and answered on the main loop. */
struct job {
    struct serve *sv;
    char *path;  /* the incident file to draw, absolute */
    char *draft; /* a draft's private file (its workspace name) to remove, or NULL */
    char *tmp;   /* the private folder of its pictures, or NULL */
    struct kept_choice choice;
    char *id;
    struct drawing *d; /* made in the worker thread */
    drawn_fn done;
    gpointer data;
    GDestroyNotify free_data;
};

static void
job_free(gpointer data)
{
    struct job *job = data;

    if (job->draft != NULL) {
        bl_serve_fs_remove(job->sv->rootfd, job->draft);
    }
    if (job->tmp != NULL) {
        bl_serve_fs_remove_private(job->tmp); /* gone already once drawn */
    }
    if (job->free_data != NULL) {
        job->free_data(job->data);
    }
    drawing_free(job->d);
    release_choice(&job->choice);
    g_free(job->path);
    g_free(job->draft);
    g_free(job->tmp);
    g_free(job->id);
    g_free(job);
}

/* In the worker thread. */
static void
draw_job(struct serve *sv, gpointer data)
{
    struct job *job = data;

    job->d = draw(sv, job->path, &job->choice.c, job->id, job->tmp);
}

/* On the main loop, when the server stops while the job is drawn: its files go. */
static void
abandon_job(struct serve *sv, gpointer data)
{
    struct job *job = data;

    if (job->draft != NULL) {
        bl_serve_fs_remove(sv->rootfd, job->draft);
    }
    if (job->tmp != NULL) {
        bl_serve_fs_remove_private(job->tmp);
    }
}

/* On the main loop: the drawing is kept, and the request answered. */
static void
job_drawn(struct serve *sv, SoupServerMessage *msg, gpointer data)
{
    struct job *job = data;
    struct drawing *d = find_drawing(job->id);

    if (job->tmp == NULL) {
        d = job->d; /* no folder could be made for its pictures: answered, not kept */
    } else if (d == NULL) {
        keep_drawing(job->d);
        d = job->d;
        job->d = NULL;
    } /* else the same drawing, made meanwhile for another request: job_free frees this one */
    if (msg != NULL) {
        job->done(sv, msg, d, job->data);
    }
}

/* Calls done with the drawing id of the incident at path (absolute) for c: at once when it is
 * kept, else once the worker thread has drawn it, msg paused meanwhile. draft_take: the draft's
 * private file (a workspace name, taken), removed once drawn, or NULL. data is done's, freed
 * with free_data. */
static void
with_drawing(struct serve *sv, SoupServerMessage *msg, const char *path, char *draft_take,
             const struct choice *c, const char *id, drawn_fn done, gpointer data,
             GDestroyNotify free_data)
{
    struct drawing *d = find_fresh(id);
    struct job *job;

    if (d != NULL) {
        if (draft_take != NULL) {
            bl_serve_fs_remove(sv->rootfd, draft_take);
            g_free(draft_take);
        }
        done(sv, msg, d, data);
        if (free_data != NULL) {
            free_data(data);
        }
        return;
    }
    job = g_new0(struct job, 1);
    job->sv = sv;
    job->path = g_strdup(path);
    job->draft = draft_take;
    job->tmp = g_dir_make_tmp("bl-serve-XXXXXX", NULL);
    keep_choice(&job->choice, c);
    job->id = g_strdup(id);
    job->done = done;
    job->data = data;
    job->free_data = free_data;
    bl_serve_work(sv, msg, draw_job, job_drawn, abandon_job, job, job_free);
}

void
bl_serve_preview_stop(void)
{
    while (!g_queue_is_empty(&kept)) {
        drawing_free(g_queue_pop_head(&kept));
    }
    g_queue_clear_full(&memos, list_memo_free);
}

/* -- the drafts -------------------------------------------------------------------------------- */

/* A private file beside the incident rel holding xml (so that what the incident names beside
 * it, its catalogs and pictures, is found): its workspace name (g_free), or NULL. */
static char *
write_draft(struct serve *sv, const char *rel, const char *xml)
{
    char *dir = g_path_get_dirname(rel);
    char *name =
        g_strdup_printf(BL_SERVE_DRAFT_PREFIX "%08x%08x.xml", g_random_int(), g_random_int());
    char *tmp = strcmp(dir, ".") == 0 ? g_strdup(name) : g_build_filename(dir, name, NULL);
    int fd = bl_serve_fs_open(sv->rootfd, tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
    size_t len = strlen(xml), done = 0;

    while (fd >= 0 && done < len) {
        ssize_t n = write(fd, xml + done, len - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        done += (size_t)n;
    }
    if (fd >= 0) {
        close(fd);
    }
    if (fd < 0 || done < len) {
        if (fd >= 0) {
            bl_serve_fs_remove(sv->rootfd, tmp);
        }
        g_free(tmp);
        tmp = NULL;
    }
    g_free(dir);
    g_free(name);
    return tmp;
}

/* -- the panel ----------------------------------------------------------------------------------
 */

static void
view_of(struct bl_serve_preview_view *v, struct serve *sv, const char *rel, const struct choice *c,
        const struct drawing *d, char **lists, const char *note)
{
    v->file = rel;
    v->jurisdiction = c->jurisdiction;
    v->variant = c->variant;
    v->language = c->language;
    v->list = c->list;
    v->recipient = c->recipient;
    v->lists = lists;
    v->languages = d != NULL ? d->languages : NULL;
    v->id = d != NULL ? d->id : NULL;
    v->pages = d != NULL ? d->pages->len : 0;
    v->made = d != NULL && d->made;
    v->problems = d != NULL ? d->problems : NULL;
    v->findings_html = d != NULL ? d->findings_html : NULL;
    v->findings = d != NULL ? d->findings : 0;
    v->csrf = sv->csrf;
    v->note = note;
}

/* Why an address naming a person is refused. */
#define PERSON_REFUSED                                                                             \
    "A person's letter is not drawn from an address, which would keep the person's id in the "     \
    "browser's history and the logs: choose the person in the editor's preview and press Show."

/* What the panel says of the list (g_free), or NULL: that the folder's large list (big) was
 * not chosen, or what the large list chosen cost this drawing. */
static char *
list_note(struct serve *sv, const struct choice *c, const struct drawing *d, const char *big)
{
    gint64 size;

    if (big != NULL && c->list[0] == '\0') {
        size = list_size(sv, big);
        return g_strdup_printf("The list %s is large (%.1f MB), so it is not chosen: the "
                               "findings are over the sample person only. To check over it, "
                               "choose it as the recipient list and press Show: the first "
                               "drawing reads the whole list, the redraws after it use what it "
                               "read while the list is unchanged.",
                               big, (double)size / 1e6);
    }
    if (c->list[0] != '\0' && d != NULL && d->checked &&
        (size = list_size(sv, c->list)) > BIG_LIST) {
        return g_strdup_printf(d->reread ? "This list is large (%.1f MB): this drawing read it "
                                           "whole, in %.1f s. The redraws after it use what it "
                                           "read while the list, and the categories, covered "
                                           "entities, language, columns and fields the "
                                           "incident reads it with, are unchanged."
                                         : "This list is large (%.1f MB): this drawing used "
                                           "what an earlier one read of it, and took %.1f s.",
                               (double)size / 1e6, d->took);
    }
    return NULL;
}

/* The panel asked for: what it is drawn for, and who it goes to. */
struct panel_req {
    char *rel;
    struct kept_choice choice;
    char *big;        /* the folder's large list not chosen, or NULL */
    gboolean refused; /* a person was asked for from an address */
    bl_serve_panel_fn done;
    gpointer data;
    GDestroyNotify free_data;
};

static void
panel_req_free(gpointer data)
{
    struct panel_req *req = data;

    if (req->free_data != NULL) {
        req->free_data(req->data);
    }
    release_choice(&req->choice);
    g_free(req->rel);
    g_free(req->big);
    g_free(req);
}

/* The HTML of drawing d (NULL: the incident could not be read) of the incident rel for c, with
 * note (taken) or, without one, what list_note says of the list (big: the folder's large list
 * not chosen): the whole panel, or (live) the drawing alone, as the panel's script swaps it in.
 * g_free. */
static char *
drawing_html(struct serve *sv, const char *rel, const struct choice *c, const struct drawing *d,
             char *note, const char *big, gboolean live)
{
    struct bl_serve_preview_view v = {0};
    char **incidents, **lists, **outputs;
    char *html;

    bl_serve_fs_scan(sv->rootfd, 3, &incidents, &lists, &outputs);
    if (note == NULL) {
        note = list_note(sv, c, d, big);
    }
    view_of(&v, sv, rel, c, d, lists, note);
    html = live ? bl_serve_html_preview_live(&v) : bl_serve_html_preview_panel(&v);
    g_free(note);
    g_strfreev(incidents);
    g_strfreev(lists);
    g_strfreev(outputs);
    return html;
}

/* The panel once its drawing is made, given to the caller's done. */
static void
panel_drawn(struct serve *sv, SoupServerMessage *msg, const struct drawing *d, gpointer data)
{
    struct panel_req *req = data;
    char *html = drawing_html(sv, req->rel, &req->choice.c, d,
                              req->refused ? g_strdup(PERSON_REFUSED) : NULL, req->big, FALSE);

    req->done(sv, msg, html, req->data);
    g_free(html);
}

/* The panel for the saved incident rel and the choice in args, given to done; person_ok: args
 * come from a form (a person's id is taken), else from an address (it is not). */
static void
panel(struct serve *sv, SoupServerMessage *msg, const char *rel, GHashTable *args,
      gboolean person_ok, bl_serve_panel_fn done, gpointer data, GDestroyNotify free_data)
{
    struct panel_req *req = g_new0(struct panel_req, 1);
    struct choice c;
    char *dflt = NULL, *xml, *id, *path;
    gsize len = 0;

    req->rel = g_strdup(rel);
    req->refused = !person_ok && bl_serve_arg(args, "recipient") != NULL;
    req->done = done;
    req->data = data;
    req->free_data = free_data;
    if (!read_choice(sv, &c, args) || req->refused) {
        /* a choice the preview does not take: the sample person, with the defaults */
        c = (struct choice){"", "adult", "", "", ""};
    }
    if (bl_serve_arg(args, "list") == NULL) {
        dflt = folder_list(sv, rel, &req->big);
        c.list = dflt != NULL ? dflt : "";
    }
    keep_choice(&req->choice, &c);
    g_free(dflt);
    xml = bl_serve_fs_read(sv->rootfd, rel, sv->max_incident, &len);
    if (xml == NULL) {
        panel_drawn(sv, msg, NULL, req);
        panel_req_free(req);
        return;
    }
    id = drawing_id(sv, rel, xml, len, &req->choice.c);
    path = g_build_filename(sv->root, rel, NULL);
    with_drawing(sv, msg, path, NULL, &req->choice.c, id, panel_drawn, req, panel_req_free);
    g_free(path);
    g_free(id);
    g_free(xml);
}

void
bl_serve_preview_panel(struct serve *sv, SoupServerMessage *msg, const char *rel, GHashTable *args,
                       bl_serve_panel_fn done, gpointer data, GDestroyNotify free_data)
{
    panel(sv, msg, rel, args, FALSE, done, data, free_data);
}

/* -- the routes --------------------------------------------------------------------------------
 */

static void
respond_picture(struct serve *sv, SoupServerMessage *msg, const struct drawing *d,
                const char *page_arg)
{
    guint64 page = 1;

    if (page_arg != NULL && !g_ascii_string_to_unsigned(page_arg, 10, 1, 999, &page, NULL)) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_BAD_REQUEST, "No preview",
                                 "Name a page by its number, from 1.");
        return;
    }
    if (d == NULL || d->pages->len == 0) {
        bl_serve_respond_message(
            sv, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "No preview",
            "The letter cannot be drawn yet: fix the problems the editor lists.");
        return;
    }
    if (page > d->pages->len) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_NOT_FOUND, "No such page",
                                 "The letter has fewer pages.");
        return;
    }
    GBytes *png = g_ptr_array_index(d->pages, page - 1);
    gsize len = 0;
    const void *data = g_bytes_get_data(png, &len);
    bl_serve_respond(msg, SOUP_STATUS_OK, "image/png", g_memdup2(data, len), len);
}

static void
picture_drawn(struct serve *sv, SoupServerMessage *msg, const struct drawing *d, gpointer data)
{
    respond_picture(sv, msg, d, data);
}

/* A page (page=N, from 1) of the letter of the saved incident for the sample person the query
 * chooses (jurisdiction, variant, language, list), as a PNG picture; a person of a list is
 * refused (recipient=: drawings of a person are addressed by their id, /preview/page.png). */
static void
get_preview(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *args)
{
    const char *rel = bl_serve_arg(args, "file");
    struct choice c;
    gsize len = 0;
    char *xml, *id, *path;

    if (bl_serve_arg(args, "recipient") != NULL) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_BAD_REQUEST, "No preview", PERSON_REFUSED);
        return;
    }
    if (!bl_serve_incident_ok(sv, rel, TRUE) || !read_choice(sv, &c, args)) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_BAD_REQUEST, "No preview",
                                 "Name an incident of the workspace, a state as two capital "
                                 "letters, a variant (adult, minor or deceased), a language as "
                                 "two small letters, and a list of the workspace.");
        return;
    }
    xml = bl_serve_fs_read(sv->rootfd, rel, sv->max_incident, &len);
    if (xml == NULL) {
        respond_picture(sv, msg, NULL, bl_serve_arg(args, "page"));
        return;
    }
    id = drawing_id(sv, rel, xml, len, &c);
    path = g_build_filename(sv->root, rel, NULL);
    with_drawing(sv, msg, path, NULL, &c, id, picture_drawn, g_strdup(bl_serve_arg(args, "page")),
                 g_free);
    g_free(path);
    g_free(id);
    g_free(xml);
}

/* A page of a drawing kept (id=, page=). */
static void
get_page(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *args)
{
    struct drawing *d = find_drawing(bl_serve_arg(args, "id"));

    if (d == NULL) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_NOT_FOUND, "No preview",
                                 "This drawing is no longer kept: reload the editor.");
        return;
    }
    respond_picture(sv, msg, d, bl_serve_arg(args, "page"));
}

/* A draft asked for: the incident's name and the person chosen. */
struct draft_req {
    char *rel;
    struct kept_choice choice;
};

static void
draft_req_free(gpointer data)
{
    struct draft_req *req = data;

    release_choice(&req->choice);
    g_free(req->rel);
    g_free(req);
}

/* The answer to a draft: the drawing alone, for the panel's script. */
static void
draft_drawn(struct serve *sv, SoupServerMessage *msg, const struct drawing *d, gpointer data)
{
    struct draft_req *req = data;
    char *html = drawing_html(sv, req->rel, &req->choice.c, d, NULL, NULL, TRUE);

    bl_serve_respond(msg, SOUP_STATUS_OK, "text/html; charset=utf-8", html, strlen(html));
}

/* The editor's unsaved fields (a form with its csrf field, as /save takes it) and the choice of
 * a person: the incident is written from them to a private file beside the saved one, previewed
 * and removed; the saved file is never written. Answers the panel's drawing (HTML) whose
 * pictures are kept for /preview/page.png. */
static void
post_draft(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *args)
{
    const char *rel = bl_serve_arg(args, "file");
    struct bl_incident_form *form;
    const struct bl_form_field *fs;
    struct draft_req *req;
    struct drawing *d;
    struct choice c;
    size_t n;
    char *xml, *id, *tmp, *path;

    if (!bl_serve_incident_ok(sv, rel, TRUE) || !read_choice(sv, &c, args)) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_BAD_REQUEST, "No preview",
                                 "Name an incident of the workspace and a person the preview "
                                 "takes.");
        return;
    }
    form = bl_incident_form_new();
    fs = bl_incident_form_fields(&n);
    for (size_t i = 0; i < n; i++) {
        bl_incident_form_set(form, fs[i].key, g_hash_table_lookup(args, fs[i].key));
    }
    xml = bl_incident_form_to_xml(form);
    bl_incident_form_free(form);
    id = drawing_id(sv, rel, xml, strlen(xml), &c);
    req = g_new0(struct draft_req, 1);
    req->rel = g_strdup(rel);
    keep_choice(&req->choice, &c);
    if ((d = find_fresh(id)) != NULL) {
        draft_drawn(sv, msg, d, req);
        draft_req_free(req);
    } else if ((tmp = write_draft(sv, rel, xml)) == NULL) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "No preview",
                                 "No private file could be written for the draft.");
        draft_req_free(req);
    } else {
        path = g_build_filename(sv->root, tmp, NULL);
        with_drawing(sv, msg, path, tmp, &c, id, draft_drawn, req, draft_req_free);
        g_free(path);
    }
    g_free(xml);
    g_free(id);
}

/* The editor page of the saved incident (data: its name) with its panel, once it is drawn. */
static void
show_panel(struct serve *sv, SoupServerMessage *msg, const char *aside, gpointer data)
{
    bl_serve_editor_respond(sv, msg, data, aside, FALSE);
}

/* The preview's choice without the page's script (the panel's Show): the editor of the saved
 * incident file with the panel of the person the form chooses (a person of a list by id, which
 * a form keeps out of the address). */
static void
post_show(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *args)
{
    const char *rel = bl_serve_arg(args, "file");

    if (!bl_serve_incident_ok(sv, rel, TRUE)) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_NOT_FOUND, "No such incident",
                                 "The workspace has no incident file of that name.");
        return;
    }
    panel(sv, msg, rel, args, TRUE, show_panel, g_strdup(rel), g_free);
}

const struct serve_route bl_serve_preview_routes[] = {
    {SERVE_GET, "/preview.png", get_preview},
    {SERVE_GET, "/preview/page.png", get_page},
    {SERVE_POST_FORM, "/preview/draft", post_draft},
    {SERVE_POST_FORM, "/preview/show", post_show},
    {0, NULL, NULL},
};

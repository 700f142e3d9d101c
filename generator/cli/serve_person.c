/* SPDX-License-Identifier: MIT */
/* The workbench's one person's letter: a person found in a list by id or name, their letter made
 * as render --only makes it (the library's one-letter path, the same options, so the same
 * bytes), downloaded, and compared with the letter a run of the workspace sent them (its
 * manifest's SHA-256). Every search and choice is a POST: no id or name is in an address, and
 * the server's log (method and path) holds none. Searches and letters are made in the server's
 * worker thread (serve_work): a large list is read while the server answers other requests. */
#include "serve_run.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "render_letters.h"
#include "run_only.h"
#include "runrecord.h"
#include "serve_fs.h"
#include "serve_html.h"
#include "serve_work.h"
#include "session.h"
#include "source.h"
#include "text.h"

#define MATCHES_SHOWN 20
#define QUERY_MIN     2

/* -- the search ---------------------------------------------------------------------------- */

static char *
folded(const char *text)
{
    char *n = g_utf8_normalize(text != NULL ? text : "", -1, G_NORMALIZE_ALL);
    char *f = g_utf8_casefold(n != NULL ? n : "", -1);

    g_free(n);
    return f;
}

static char *
full_name(const struct bl_recipient *r)
{
    const char *parts[] = {r->title, r->first_name, r->middle_name, r->last_name, r->suffix};
    GString *s = g_string_new(NULL);

    for (size_t i = 0; i < G_N_ELEMENTS(parts); i++) {
        if (parts[i] != NULL && parts[i][0] != '\0') {
            g_string_append_printf(s, "%s%s", s->len > 0 ? " " : "", parts[i]);
        }
    }
    return g_string_free(s, FALSE);
}

struct match {
    char *id, *name, *place, *error;
};

static void
match_free(gpointer data)
{
    struct match *m = data;

    g_free(m->id);
    g_free(m->name);
    g_free(m->place);
    g_free(m->error);
    g_free(m);
}

/* The people of the list whose id is q (in any case) or holds it, or whose name holds it (in
 * any case, accents as written); at most MATCHES_SHOWN, *more set to the rest. With exact, only
 * the first person whose id is q as written, the list read no further. Returns the matches, or
 * NULL with *error set (g_free) when the incident or the list cannot be read. */
static GPtrArray *
search(const char *incident, const char *list, const char *data_dir, const char *q, gboolean exact,
       guint *more, char **error)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_session ses;
    struct bl_source *src = NULL;
    const struct bl_record *rec;
    GPtrArray *res = NULL;
    char *fq = folded(q);
    int rc;

    *more = 0;
    bl_session_init(&ses, diag);
    if (bl_session_load(&ses, incident, NULL, data_dir, NULL, FALSE) != BL_EXIT_OK ||
        bl_source_open(&src, list, ses.incident, diag) < 0) {
        *error = g_strdup(bl_diag_error_count(diag) > 0 ? bl_diag_last_message(diag)
                                                        : "The list cannot be read.");
        goto out;
    }
    res = g_ptr_array_new_with_free_func(match_free);
    while ((rc = bl_source_next(src, &rec)) > 0) {
        char *name, *fid, *fname;

        if (exact && strcmp(rec->row_id, q) != 0) {
            continue;
        }
        name = full_name(&rec->recipient);
        fid = folded(rec->row_id);
        fname = folded(name);
        if (exact || (fq[0] != '\0' && (strstr(fid, fq) != NULL || strstr(fname, fq) != NULL))) {
            if (res->len < MATCHES_SHOWN) {
                struct match *m = g_new0(struct match, 1);
                m->id = g_strdup(rec->row_id);
                m->name = g_strdup(name);
                m->place = rec->recipient.address.city[0] != '\0'
                               ? g_strdup_printf("%s, %s", rec->recipient.address.city,
                                                 rec->recipient.address.state)
                               : g_strdup(rec->recipient.address.state);
                m->error = g_strdup(rec->status < 0 ? rec->error : "");
                g_ptr_array_add(res, m);
            } else {
                (*more)++;
            }
        }
        g_free(fid);
        g_free(fname);
        g_free(name);
        if (exact) {
            break;
        }
    }
    if (rc < 0) {
        g_ptr_array_unref(res);
        res = NULL;
        *error = g_strdup(bl_diag_last_message(diag));
    }
out:
    bl_source_free(src);
    bl_session_release(&ses);
    bl_diag_free(diag);
    g_free(fq);
    return res;
}

/* -- the letter ---------------------------------------------------------------------------- */

/* A letter as render --only makes it. */
struct letter {
    GBytes *pdf;
    char *file; /* the name render gave it */
    int line;   /* the person's line in the list (as the manifest says), or 0 */
    char *sha256;
    char *pages;
    char *status;
    char *error;     /* why there is no letter (or a note on it) */
    GPtrArray *pngs; /* its pages as PNG pictures (GBytes), or NULL */
};

static void
letter_release(struct letter *l)
{
    if (l->pdf != NULL) {
        g_bytes_unref(l->pdf);
    }
    g_free(l->file);
    g_free(l->sha256);
    g_free(l->pages);
    g_free(l->status);
    g_free(l->error);
    if (l->pngs != NULL) {
        g_ptr_array_unref(l->pngs);
    }
    memset(l, 0, sizeof(*l));
}

/* -- the pages' pictures ------------------------------------------------------------------- */

#define PICTURES_KEPT 8 /* letters whose pictures are kept for their page's images */

/* The pictures of the letters shown last, by a random key (no id or name in an address):
 * key -> GPtrArray of GBytes (PNG), the oldest key first in the queue. */
static GHashTable *pictures;
static GQueue picture_keys = G_QUEUE_INIT;

/* The pages of the PDF at path as PNG pictures (GBytes), drawn with pdftoppm (poppler-utils)
 * in dir; NULL when pdftoppm is missing or fails. */
static GPtrArray *
draw_pages(const char *path, const char *dir)
{
    char *prefix = g_build_filename(dir, "page", NULL);
    const char *argv[] = {"pdftoppm", "-png", "-r", "80", path, prefix, NULL};
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *pngs = NULL;
    GDir *d = NULL;
    const char *name;
    int status = -1;

    if (!g_spawn_sync(NULL, (char **)argv, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, NULL, NULL, &status, NULL) ||
        !g_spawn_check_wait_status(status, NULL) || (d = g_dir_open(dir, 0, NULL)) == NULL) {
        goto out;
    }
    while ((name = g_dir_read_name(d)) != NULL) {
        if (g_str_has_prefix(name, "page-") && g_str_has_suffix(name, ".png")) {
            g_ptr_array_add(names, g_build_filename(dir, name, NULL));
        }
    }
    /* page-1.png ... page-9.png, or page-01.png ...: numbers of one width, so the names'
     * order is the pages' */
    g_ptr_array_sort(names, bl_serve_fs_compare_names);
    pngs = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    for (guint i = 0; i < names->len; i++) {
        char *data = NULL;
        gsize len = 0;
        if (g_file_get_contents(g_ptr_array_index(names, i), &data, &len, NULL)) {
            g_ptr_array_add(pngs, g_bytes_new_take(data, len));
        }
    }
    if (pngs->len == 0) {
        g_clear_pointer(&pngs, g_ptr_array_unref);
    }
out:
    if (d != NULL) {
        g_dir_close(d);
    }
    g_ptr_array_unref(names);
    g_free(prefix);
    return pngs;
}

/* Keeps pngs (taken) for their page's images (on the main loop): their key (g_free), random so
 * that no id or name is in an address; the oldest letters' are let go. */
static char *
keep_pictures(GPtrArray *pngs)
{
    char *key = g_uuid_string_random();

    if (pictures == NULL) {
        pictures = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify)g_ptr_array_unref);
    }
    while (g_queue_get_length(&picture_keys) >= PICTURES_KEPT) {
        char *old = g_queue_pop_head(&picture_keys);
        g_hash_table_remove(pictures, old);
        g_free(old);
    }
    g_hash_table_insert(pictures, g_strdup(key), pngs);
    g_queue_push_tail(&picture_keys, g_strdup(key));
    return key;
}

/* Makes the letter of id with render --only's path and options (render's defaults: the same
 * bytes as the command line) in the private folder tmp (NULL: none could be made), read back
 * and removed. Returns 0 with *out filled (out->pdf NULL when the person gets no letter,
 * out->error says why), or -1 with out->error set. */
static int
make_letter(struct serve *sv, const char *incident, const char *list, const char *id,
            const char *tmp, gboolean pictures_wanted, struct letter *out)
{
    struct bl_render_options opts = {0};
    struct bl_render *r = NULL;
    struct bl_diag *diag = bl_diag_new(NULL);
    char *outdir = tmp != NULL ? g_build_filename(tmp, "letter", NULL) : NULL;
    char *withheld = bl_text_redact(id);
    int rc = -1;

    memset(out, 0, sizeof(*out));
    if (tmp == NULL) {
        out->error = g_strdup("No temporary folder could be made.");
        g_free(withheld);
        bl_diag_free(diag);
        return -1;
    }
    opts.incident = incident;
    opts.recipients = list;
    opts.outdir = outdir;
    opts.only = id;
    opts.data_dir = sv->data_given;
    opts.quiet = TRUE;
    opts.shards = 1;
    opts.files_per_dir = 1000;
    if (bl_render_open(&r, &opts, diag) == BL_EXIT_OK) {
        bl_render_only(r);
    }
    bl_render_free(r);
    {
        /* read as the workbench reads every manifest: through its own reader */
        int fd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

        {
            struct serve tsv = *sv;
            struct serve_manifest m;

            tsv.rootfd = fd;
            if (fd >= 0 && bl_serve_manifest_read(&tsv, "letter", &m) == 0) {
                for (guint i = 1; i < m.rows->len; i++) {
                    const char *row_id = bl_serve_manifest_cell(&m, i, m.id);

                    /* an id shaped like an account number is withheld in the manifest */
                    if (strcmp(row_id, id) != 0 && strcmp(row_id, withheld) != 0) {
                        continue;
                    }
                    const char *file = bl_serve_manifest_cell(&m, i, m.file);
                    out->line = atoi(bl_serve_manifest_cell(&m, i, m.line));
                    out->file = g_strdup(file);
                    out->status = g_strdup(bl_serve_manifest_cell(&m, i, m.status));
                    out->pages = g_strdup(bl_serve_manifest_cell(&m, i, m.pages));
                    out->error = g_strdup(bl_serve_manifest_cell(&m, i, m.error));
                    if (file[0] != '\0') {
                        char *path = g_build_filename(outdir, file, NULL);
                        char *data = NULL;
                        gsize n = 0;
                        if (g_file_get_contents(path, &data, &n, NULL)) {
                            out->pdf = g_bytes_new_take(data, n);
                            out->sha256 = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, out->pdf);
                            if (pictures_wanted) {
                                out->pngs = draw_pages(path, tmp);
                            }
                        }
                        g_free(path);
                    }
                    rc = 0;
                    break;
                }
                bl_serve_manifest_release(&m);
            }
            if (fd >= 0) {
                close(fd);
            }
        }
    }
    if (rc < 0) {
        g_free(out->error);
        out->error = g_strdup(bl_diag_error_count(diag) > 0 ? bl_diag_last_message(diag)
                                                            : "The letter could not be made.");
    }
    bl_serve_fs_remove_private(tmp);
    g_free(outdir);
    g_free(withheld);
    bl_diag_free(diag);
    return rc;
}

/* The SHA-256 of a workspace file's bytes (read in pieces, never whole), or NULL. The last
 * files' hashes are kept, by their device, inode, size and time of change, so that showing
 * letter after letter of one list does not read the list again each time. Only the worker
 * thread calls it (compare_runs). */
#define HASHES_KEPT 8
static struct {
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime, ctime;
    char *sha;
} hashes[HASHES_KEPT];
static guint hashes_next;

static char *
file_sha256(struct serve *sv, const char *rel)
{
    int fd = bl_serve_fs_open(sv->rootfd, rel, O_RDONLY, 0);
    struct stat st;
    GChecksum *sum;
    guchar buf[65536];
    ssize_t n;
    char *sha = NULL;

    if (fd < 0) {
        return NULL;
    }
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return NULL;
    }
    for (guint i = 0; i < HASHES_KEPT; i++) {
        if (hashes[i].sha != NULL && hashes[i].dev == st.st_dev && hashes[i].ino == st.st_ino &&
            hashes[i].size == st.st_size && hashes[i].mtime.tv_sec == st.st_mtim.tv_sec &&
            hashes[i].mtime.tv_nsec == st.st_mtim.tv_nsec &&
            hashes[i].ctime.tv_sec == st.st_ctim.tv_sec &&
            hashes[i].ctime.tv_nsec == st.st_ctim.tv_nsec) {
            close(fd);
            return g_strdup(hashes[i].sha);
        }
    }
    sum = g_checksum_new(G_CHECKSUM_SHA256);
    while ((n = read(fd, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR)) {
        if (n > 0) {
            g_checksum_update(sum, buf, (gsize)n);
        }
    }
    if (n == 0) {
        sha = g_strdup(g_checksum_get_string(sum));
    }
    /* a file written within two seconds is not kept: its time may not move with another write
     * in the same clock tick */
    if (n == 0 && (gint64)st.st_mtim.tv_sec < g_get_real_time() / G_USEC_PER_SEC - 2) {
        g_free(hashes[hashes_next].sha);
        hashes[hashes_next].dev = st.st_dev;
        hashes[hashes_next].ino = st.st_ino;
        hashes[hashes_next].size = st.st_size;
        hashes[hashes_next].mtime = st.st_mtim;
        hashes[hashes_next].ctime = st.st_ctim;
        hashes[hashes_next].sha = g_strdup(sha);
        hashes_next = (hashes_next + 1) % HASHES_KEPT;
    }
    g_checksum_free(sum);
    close(fd);
    return sha;
}

/* When the output folder's manifest was written, as "2026-11-24 14:05 UTC", or NULL. */
static char *
manifest_time(struct serve *sv, const char *dir)
{
    char *rel = g_build_filename(dir, "manifest.csv", NULL);
    int fd = bl_serve_fs_open(sv->rootfd, rel, O_RDONLY, 0);
    struct stat st;
    char *res = NULL;

    if (fd >= 0 && fstat(fd, &st) == 0) {
        GDateTime *t = g_date_time_new_from_unix_utc(st.st_mtime);
        res = g_date_time_format(t, "%Y-%m-%d %H:%M UTC");
        g_date_time_unref(t);
    }
    if (fd >= 0) {
        close(fd);
    }
    g_free(rel);
    return res;
}

/* What the workspace's runs of this list sent the person: for each output folder whose run
 * record names a list of the same bytes, the person's row (by their line), compared with
 * letter. In the worker thread: it reads the workspace through rootfd alone. */
static void
compare_runs(struct serve *sv, GString *s, const char *incident_rel, const char *list_rel,
             const char *id, const struct letter *letter)
{
    char **incidents, **lists, **outputs;
    char *list_sha = file_sha256(sv, list_rel);
    char *incident_sha = file_sha256(sv, incident_rel);
    guint found = 0;

    bl_serve_fs_scan(sv->rootfd, 3, &incidents, &lists, &outputs);
    for (gsize i = 0; outputs != NULL && outputs[i] != NULL && list_sha != NULL; i++) {
        char *rec_rel = g_build_filename(outputs[i], "manifest.run.json", NULL);
        gsize len = 0;
        char *text = bl_serve_fs_read(sv->rootfd, rec_rel, 1024 * 1024, &len);
        struct bl_diag *diag = bl_diag_new(NULL);
        struct bl_run_record rec = {0};
        struct serve_manifest m = {0};

        if (text != NULL && bl_run_record_parse(&rec, text, len, rec_rel, diag) == 0 &&
            rec.list_sha256 != NULL && strcmp(rec.list_sha256, list_sha) == 0 && rec.book == 0 &&
            bl_serve_manifest_read(sv, outputs[i], &m) == 0) {
            for (guint r = 1; r < m.rows->len; r++) {
                /* the list's bytes are the same: the person's line is theirs (their id may be
                 * withheld in the manifest, as another's shaped alike) */
                if (letter->line > 0 ? atoi(bl_serve_manifest_cell(&m, r, m.line)) != letter->line
                                     : strcmp(bl_serve_manifest_cell(&m, r, m.id), id) != 0) {
                    continue;
                }
                const char *sha = bl_serve_manifest_cell(&m, r, m.sha256);
                char *when = manifest_time(sv, outputs[i]);
                gboolean same_incident = incident_sha != NULL && rec.incident_sha256 != NULL &&
                                         strcmp(incident_sha, rec.incident_sha256) == 0;

                found++;
                if (sha[0] == '\0') {
                    g_string_append(s, "<p class=\"compare none\">The run in <strong>");
                    bl_serve_html_append_escaped(s, outputs[i]);
                    g_string_append(s, "</strong> made no letter for this person: ");
                    bl_serve_html_append_escaped(s, bl_serve_manifest_cell(&m, r, m.error));
                    g_string_append(s, "</p>\n");
                } else if (letter->sha256 != NULL && strcmp(sha, letter->sha256) == 0) {
                    g_string_append(s, "<p class=\"compare same\" id=\"compare\">Identical to the "
                                       "letter sent on <strong>");
                    bl_serve_html_append_escaped(s, outputs[i]);
                    g_string_append(s, "</strong>");
                    if (when != NULL) {
                        g_string_append_printf(s, " (run of %s)", when);
                    }
                    g_string_append(s, ": sha256 <code>");
                    bl_serve_html_append_escaped(s, sha);
                    g_string_append(s, "</code>.</p>\n");
                } else {
                    g_string_append(s, "<p class=\"compare differs\" role=\"alert\" "
                                       "id=\"compare\"><strong>Not the letter sent.</strong> "
                                       "The run in <strong>");
                    bl_serve_html_append_escaped(s, outputs[i]);
                    g_string_append(s, "</strong>");
                    if (when != NULL) {
                        g_string_append_printf(s, " (%s)", when);
                    }
                    g_string_append(s, " sent a letter of sha256 <code>");
                    bl_serve_html_append_escaped(s, sha);
                    g_string_append(s, "</code>: ");
                    const char *approval = bl_serve_manifest_cell(&m, r, m.approval);
                    if (strcmp(bl_serve_manifest_cell(&m, r, m.large_print), "yes") == 0) {
                        g_string_append(s, "the run made it in large print; this letter is the "
                                           "standard print.");
                    } else if (!same_incident) {
                        g_string_append(s, "the incident changed since that run. The letter "
                                           "sent is the run's file; this one is what the "
                                           "incident says now.");
                    } else if (approval[0] != '\0') {
                        g_string_append(s, "the run required the sign-off, and the letter went "
                                           "out under approval ");
                        bl_serve_html_append_escaped(s, approval);
                        g_string_append(s, "; this one is made without it. The incident is the "
                                           "same, so the templates or fonts may differ too.");
                    } else {
                        g_string_append(s, "the incident and the print are the same, so the "
                                           "templates or fonts differ since that run.");
                    }
                    g_string_append(s, "</p>\n");
                }
                g_free(when);
                break;
            }
        }
        bl_serve_manifest_release(&m);
        bl_run_record_release(&rec);
        bl_diag_free(diag);
        g_free(text);
        g_free(rec_rel);
    }
    if (found == 0) {
        g_string_append(s, "<p class=\"compare\">No run of this list in the workspace sent "
                           "this person a letter yet.</p>\n");
    }
    g_free(list_sha);
    g_free(incident_sha);
    g_strfreev(incidents);
    g_strfreev(lists);
    g_strfreev(outputs);
}

/* -- the pages ----------------------------------------------------------------------------- */

/* The page's heading and the search form. */
static GString *
person_page(struct serve *sv, const char *file, const char *list, const char *q)
{
    GString *s = g_string_new("<h1>One person's letter</h1>\n<p class=\"run-files\">");

    bl_serve_html_append_escaped(s, list);
    g_string_append(s, " · ");
    bl_serve_html_append_escaped(s, file);
    g_string_append(s, " · <a href=\"/person\">another list</a></p>\n"
                       "<form method=\"post\" action=\"/person/search\" class=\"search\" "
                       "role=\"search\">\n");
    bl_serve_html_append_hidden(s, "csrf", sv->csrf);
    bl_serve_html_append_hidden(s, "file", file);
    bl_serve_html_append_hidden(s, "list", list);
    g_string_append(s, "<div class=\"field\"><label for=\"q\">Id or name</label>\n"
                       "<input type=\"search\" id=\"q\" name=\"q\" required minlength=\"2\" "
                       "autocomplete=\"off\" aria-describedby=\"q-help\" value=\"");
    bl_serve_html_append_escaped(s, q);
    g_string_append_printf(s,
                           "\">\n<p class=\"help\" id=\"q-help\">Part of the id or of the "
                           "name, in any case; at most %d people are shown.</p></div>\n"
                           "<button type=\"submit\">Find</button>\n</form>\n",
                           MATCHES_SHOWN);
    return s;
}

/* GET /person: the choice of incident and list; with them, the search form. */
static void
page_person(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *args)
{
    const char *file = bl_serve_arg(args, "file");
    const char *list = bl_serve_arg(args, "list");
    char **incidents, **lists, **outputs;
    GString *s;

    if (bl_serve_incident_ok(sv, file, TRUE) && bl_serve_list_ok(sv, list)) {
        s = person_page(sv, file, list, NULL);
        bl_serve_respond_page(sv, msg, SOUP_STATUS_OK, "One person's letter",
                              g_string_free(s, FALSE));
        return;
    }
    bl_serve_fs_scan(sv->rootfd, 3, &incidents, &lists, &outputs);
    s = g_string_new("<h1>One person's letter</h1>\n<p>Find a person in a list by id or name, "
                     "see their letter and download it: the same bytes as "
                     "<code>breachletter render</code> makes.</p>\n");
    if (incidents == NULL || incidents[0] == NULL || lists == NULL || lists[0] == NULL) {
        g_string_append(s, "<p>The workspace needs an incident and a recipient list first.</p>\n");
    } else {
        g_string_append(s, "<form method=\"get\" action=\"/person\" class=\"run-form\">\n");
        bl_serve_html_append_select(s, "p-file", "file", "Incident", incidents, file);
        bl_serve_html_append_select(s, "p-list", "list", "Recipient list", lists, list);
        g_string_append(s, "<button type=\"submit\">Open the list</button>\n</form>\n");
    }
    bl_serve_respond_page(sv, msg, SOUP_STATUS_OK, "One person's letter", g_string_free(s, FALSE));
    g_strfreev(incidents);
    g_strfreev(lists);
    g_strfreev(outputs);
}

static gboolean
inputs_ok(struct serve *sv, SoupServerMessage *msg, const char *file, const char *list)
{
    if (!bl_serve_incident_ok(sv, file, TRUE) || !bl_serve_list_ok(sv, list)) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_NOT_FOUND, "No such incident or list",
                                 "Name an incident file and a list (.csv or .xml) of the "
                                 "workspace.");
        return FALSE;
    }
    return TRUE;
}

/* A search, a letter or a download asked for: what the worker thread is given, and what it
 * makes for the answer. */
struct person_req {
    char *file, *list, *q; /* workspace names, and the search or the person's id */
    char *incident_path, *list_path;
    char *tmp; /* the letter's private folder, or NULL */
    /* made in the worker thread */
    GPtrArray *found; /* struct match *, or NULL (error says why) */
    guint more;
    char *error;
    char *name; /* the person's name, for the letter's heading, or NULL */
    struct letter letter;
    int made;         /* make_letter's */
    GString *compare; /* what the runs sent them (HTML) */
};

static struct person_req *
person_req_new(struct serve *sv, const char *file, const char *list, const char *q)
{
    struct person_req *req = g_new0(struct person_req, 1);

    req->file = g_strdup(file);
    req->list = g_strdup(list);
    req->q = g_strdup(q);
    req->incident_path = g_build_filename(sv->root, file, NULL);
    req->list_path = g_build_filename(sv->root, list, NULL);
    return req;
}

static void
person_req_free(gpointer data)
{
    struct person_req *req = data;

    if (req->tmp != NULL) {
        bl_serve_fs_remove_private(req->tmp); /* gone already once the letter is read */
    }
    if (req->found != NULL) {
        g_ptr_array_unref(req->found);
    }
    if (req->compare != NULL) {
        g_string_free(req->compare, TRUE);
    }
    letter_release(&req->letter);
    g_free(req->file);
    g_free(req->list);
    g_free(req->q);
    g_free(req->incident_path);
    g_free(req->list_path);
    g_free(req->tmp);
    g_free(req->error);
    g_free(req->name);
    g_free(req);
}

/* When the server stops while the letter is made: its folder goes. */
static void
person_abandon(struct serve *sv, gpointer data)
{
    struct person_req *req = data;

    if (req->tmp != NULL) {
        bl_serve_fs_remove_private(req->tmp);
    }
}

/* In the worker thread: the people the query finds. */
static void
search_work(struct serve *sv, gpointer data)
{
    struct person_req *req = data;

    req->found = search(req->incident_path, req->list_path, sv->data_given, req->q, FALSE,
                        &req->more, &req->error);
}

/* The people found, each with the button that shows their letter. */
static void
search_answer(struct serve *sv, SoupServerMessage *msg, gpointer data)
{
    struct person_req *req = data;
    GString *s;

    if (msg == NULL) {
        return;
    }
    s = person_page(sv, req->file, req->list, req->q);
    if (req->found == NULL) {
        g_string_append(s, "<p class=\"problem\" role=\"alert\">");
        bl_serve_html_append_escaped(s, req->error);
        g_string_append(s, "</p>\n");
    } else if (req->found->len == 0) {
        g_string_append(s, "<p class=\"status\" role=\"status\">No one in the list matches.</p>\n");
    } else {
        g_string_append_printf(s,
                               "<p class=\"status\" role=\"status\">%u %s%s.</p>\n"
                               "<table class=\"people\">\n<thead><tr><th scope=\"col\">Id</th>"
                               "<th scope=\"col\">Name</th><th scope=\"col\">Place</th>"
                               "<th scope=\"col\"><span class=\"visually-hidden\">Letter"
                               "</span></th></tr></thead>\n<tbody>\n",
                               req->found->len + req->more,
                               req->found->len + req->more == 1 ? "match" : "matches",
                               req->more > 0 ? " (the first shown: make the search narrower)" : "");
        for (guint i = 0; i < req->found->len; i++) {
            const struct match *m = g_ptr_array_index(req->found, i);
            g_string_append(s, "<tr><td>");
            bl_serve_html_append_escaped(s, m->id);
            g_string_append(s, "</td><td>");
            bl_serve_html_append_escaped(s, m->name);
            g_string_append(s, "</td><td>");
            bl_serve_html_append_escaped(s, m->place);
            g_string_append(s, "</td><td>");
            if (m->error[0] != '\0') {
                g_string_append(s, "No letter: ");
                bl_serve_html_append_escaped(s, m->error);
            } else {
                g_string_append(s, "<form method=\"post\" action=\"/person/letter\">\n");
                bl_serve_html_append_hidden(s, "csrf", sv->csrf);
                bl_serve_html_append_hidden(s, "file", req->file);
                bl_serve_html_append_hidden(s, "list", req->list);
                bl_serve_html_append_hidden(s, "id", m->id);
                g_string_append(s, "<button type=\"submit\">Show the letter</button></form>");
            }
            g_string_append(s, "</td></tr>\n");
        }
        g_string_append(s, "</tbody>\n</table>\n");
    }
    bl_serve_respond_page(sv, msg, SOUP_STATUS_OK, "One person's letter", g_string_free(s, FALSE));
}

/* POST /person/search: the people found, each with the button that shows their letter. */
static void
post_search(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *fields)
{
    const char *file = bl_serve_arg(fields, "file");
    const char *list = bl_serve_arg(fields, "list");
    const char *q = bl_serve_arg(fields, "q");
    char *stripped;

    if (!inputs_ok(sv, msg, file, list)) {
        return;
    }
    stripped = g_strstrip(g_strdup(q != NULL ? q : ""));
    if (g_utf8_strlen(stripped, -1) < QUERY_MIN) {
        GString *s = person_page(sv, file, list, stripped);

        g_string_append(s, "<p class=\"problem\" role=\"alert\">Type two characters or more of "
                           "the id or the name.</p>\n");
        bl_serve_respond_page(sv, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "One person's letter",
                              g_string_free(s, FALSE));
    } else {
        bl_serve_work(sv, msg, search_work, search_answer, person_abandon,
                      person_req_new(sv, file, list, stripped), person_req_free);
    }
    g_free(stripped);
}

/* The letter's pages as pictures, or why there are none. */
static void
pictures_html(GString *s, const char *key)
{
    GPtrArray *pngs = key != NULL && pictures != NULL ? g_hash_table_lookup(pictures, key) : NULL;

    if (pngs == NULL) {
        g_string_append(s, "<p class=\"help\">No pictures of the pages: they are drawn by "
                           "pdftoppm (Debian's poppler-utils), which is not installed.</p>\n");
        return;
    }
    g_string_append(s, "<div class=\"pages\">\n");
    for (guint i = 0; i < pngs->len; i++) {
        g_string_append_printf(s,
                               "<img src=\"/person/page.png?key=%s&amp;page=%u\" alt=\"Page %u "
                               "of %u of the letter\" width=\"680\" height=\"880\">\n",
                               key, i + 1, i + 1, pngs->len);
    }
    g_string_append(s, "</div>\n");
}

/* In the worker thread: the person's name, their letter, and what the runs sent them. */
static void
letter_work(struct serve *sv, gpointer data)
{
    struct person_req *req = data;
    guint more = 0;
    char *error = NULL;
    GPtrArray *found =
        search(req->incident_path, req->list_path, sv->data_given, req->q, TRUE, &more, &error);

    for (guint i = 0; found != NULL && i < found->len && req->name == NULL; i++) {
        const struct match *m = g_ptr_array_index(found, i);
        if (strcmp(m->id, req->q) == 0 && m->name[0] != '\0') {
            req->name = g_strdup(m->name);
        }
    }
    if (found != NULL) {
        g_ptr_array_unref(found);
    }
    g_free(error);
    req->made =
        make_letter(sv, req->incident_path, req->list_path, req->q, req->tmp, TRUE, &req->letter);
    if (req->made == 0 && req->letter.pdf != NULL) {
        req->compare = g_string_new(NULL);
        compare_runs(sv, req->compare, req->file, req->list, req->q, &req->letter);
    }
}

/* The person's letter as render makes it, its download and what the runs of the workspace
 * sent. */
static void
letter_answer(struct serve *sv, SoupServerMessage *msg, gpointer data)
{
    struct person_req *req = data;
    const struct letter *l = &req->letter;
    GString *s;
    char *key = NULL;

    if (msg == NULL) {
        return;
    }
    s = person_page(sv, req->file, req->list, NULL);
    g_string_append(s, "<section class=\"letter\" aria-labelledby=\"letter-h\">\n"
                       "<h2 id=\"letter-h\">The letter of ");
    bl_serve_html_append_escaped(s, req->q);
    if (req->name != NULL) {
        g_string_append(s, ": ");
        bl_serve_html_append_escaped(s, req->name);
    }
    g_string_append(s, "</h2>\n");
    if (req->made < 0 || l->pdf == NULL) {
        g_string_append(s, "<p class=\"problem\" role=\"alert\">No letter: ");
        bl_serve_html_append_escaped(s, l->error);
        g_string_append(s, "</p>\n");
    } else {
        g_string_append(s, "<dl class=\"facts\">\n<dt>Pages</dt><dd>");
        bl_serve_html_append_escaped(s, l->pages);
        g_string_append(s, "</dd>\n<dt>Status</dt><dd>");
        bl_serve_html_append_escaped(s, l->status);
        g_string_append(s, "</dd>\n<dt>sha256</dt><dd><code id=\"letter-sha\">");
        bl_serve_html_append_escaped(s, l->sha256);
        g_string_append(s, "</code></dd>\n</dl>\n");
        g_string_append(s, req->compare->str);
        g_string_append(s, "<form method=\"post\" action=\"/person/download\">\n");
        bl_serve_html_append_hidden(s, "csrf", sv->csrf);
        bl_serve_html_append_hidden(s, "file", req->file);
        bl_serve_html_append_hidden(s, "list", req->list);
        bl_serve_html_append_hidden(s, "id", req->q);
        g_string_append(s, "<button type=\"submit\" id=\"download\">Download the letter "
                           "(PDF)</button>\n</form>\n"
                           "<p class=\"help\">Made now from the incident and the list as "
                           "<code>breachletter render --only</code> makes it: the same "
                           "bytes.</p>\n");
        if (l->pngs != NULL) {
            key = keep_pictures(g_ptr_array_ref(l->pngs));
        }
        pictures_html(s, key);
    }
    g_string_append(s, "</section>\n");
    bl_serve_respond_page(sv, msg, SOUP_STATUS_OK, "One person's letter", g_string_free(s, FALSE));
    g_free(key);
}

/* A letter asked for by a form (file, list, id): made in the worker thread by work, answered by
 * answer; a form without a person is answered at once with status and heading. */
static void
ask_for_letter(struct serve *sv, SoupServerMessage *msg, GHashTable *fields, bl_serve_work_fn work,
               bl_serve_answer_fn answer, guint status, const char *heading)
{
    const char *file = bl_serve_arg(fields, "file");
    const char *list = bl_serve_arg(fields, "list");
    const char *id = bl_serve_arg(fields, "id");
    struct person_req *req;

    if (!inputs_ok(sv, msg, file, list)) {
        return;
    }
    if (id == NULL || id[0] == '\0') {
        bl_serve_respond_message(sv, msg, status, heading, "Choose a person found by the search.");
        return;
    }
    req = person_req_new(sv, file, list, id);
    req->tmp = g_dir_make_tmp("bl-person-XXXXXX", NULL);
    bl_serve_work(sv, msg, work, answer, person_abandon, req, person_req_free);
}

/* POST /person/letter: the person's letter as render makes it, its download and what the runs
 * of the workspace sent. */
static void
post_letter(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *fields)
{
    ask_for_letter(sv, msg, fields, letter_work, letter_answer, SOUP_STATUS_BAD_REQUEST,
                   "No person");
}

/* GET /person/page.png?key=K&page=N: a page's picture of a letter shown lately. */
static void
get_page(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *args)
{
    const char *key = bl_serve_arg(args, "key");
    const char *page = bl_serve_arg(args, "page");
    GPtrArray *pngs = key != NULL && pictures != NULL ? g_hash_table_lookup(pictures, key) : NULL;
    guint64 n = 0;

    if (pngs == NULL || page == NULL ||
        !g_ascii_string_to_unsigned(page, 10, 1, pngs->len, &n, NULL)) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_NOT_FOUND, "No such picture",
                                 "Show the letter again: its pictures are kept for a while only.");
        return;
    }
    GBytes *png = g_ptr_array_index(pngs, n - 1);
    gsize len = 0;
    gconstpointer data = g_bytes_get_data(png, &len);
    bl_serve_respond(msg, SOUP_STATUS_OK, "image/png", g_memdup2(data, len), len);
}

/* In the worker thread: the letter alone. */
static void
download_work(struct serve *sv, gpointer data)
{
    struct person_req *req = data;

    req->made =
        make_letter(sv, req->incident_path, req->list_path, req->q, req->tmp, FALSE, &req->letter);
}

/* The PDF itself, under the name render gave it. */
static void
download_answer(struct serve *sv, SoupServerMessage *msg, gpointer data)
{
    struct person_req *req = data;
    const struct letter *l = &req->letter;

    if (msg == NULL) {
        return;
    }
    if (req->made < 0 || l->pdf == NULL) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "No letter", l->error);
    } else {
        char *name = g_strdelimit(g_path_get_basename(l->file), "\"\\;", '_');
        char *disposition = g_strdup_printf("attachment; filename=\"%s\"", name);
        gsize len = 0;
        gconstpointer bytes = g_bytes_get_data(l->pdf, &len);

        soup_message_headers_replace(soup_server_message_get_response_headers(msg),
                                     "Content-Disposition", disposition);
        bl_serve_respond(msg, SOUP_STATUS_OK, "application/pdf", g_memdup2(bytes, len), len);
        g_free(disposition);
        g_free(name);
    }
}

/* POST /person/download: the PDF itself. */
static void
post_download(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *fields)
{
    ask_for_letter(sv, msg, fields, download_work, download_answer,
                   SOUP_STATUS_UNPROCESSABLE_ENTITY, "No letter");
}

const struct serve_route bl_serve_person_routes[] = {
    {SERVE_GET, "/person", page_person},
    {SERVE_GET, "/person/page.png", get_page},
    {SERVE_POST_FORM, "/person/search", post_search},
    {SERVE_POST_FORM, "/person/letter", post_letter},
    {SERVE_POST_FORM, "/person/download", post_download},
    {0, NULL, NULL},
};

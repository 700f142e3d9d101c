/* SPDX-License-Identifier: MIT */
/* The workbench's sign-off page and its approvals (serve_signoff.h). */
#include "serve_signoff.h"

#include "serve.h"
#include "serve_html.h"
#include "serve_work.h"

#include <string.h>

#include "session.h"
#include "signoff.h"

/* The query that chooses a variant's sample letter in the preview and the editor: the incident
 * rel, and the jurisdiction, variant and language of the variant's key (split at '|'). */
static void
append_choice(GString *s, const char *rel, char **parts)
{
    static const char *const names[] = {"jurisdiction", "variant", "language"};

    g_string_append(s, "file=");
    bl_serve_html_append_query(s, rel);
    for (size_t k = 0; k < G_N_ELEMENTS(names) && parts[k] != NULL; k++) {
        g_string_append_printf(s, "&amp;%s=", names[k]);
        bl_serve_html_append_query(s, parts[k]);
    }
}

/* The SHA-256 (hex) of the file at path, or NULL when it cannot be read. Free with g_free(). */
static char *
file_sha256(const char *path)
{
    GMappedFile *file = g_mapped_file_new(path, FALSE, NULL);
    GBytes *bytes;
    char *sha;

    if (file == NULL) {
        return NULL;
    }
    bytes = g_mapped_file_get_bytes(file);
    sha = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, bytes);
    g_bytes_unref(bytes);
    g_mapped_file_unref(file);
    return sha;
}

/* A session of incident (strict, as render loads it), or NULL with *error set. */
static struct bl_session *
open_session(const char *incident, const char *data_dir, struct bl_diag *diag)
{
    struct bl_session *ses = g_new0(struct bl_session, 1);

    bl_session_init(ses, diag);
    if (bl_session_load(ses, incident, NULL, data_dir, NULL, FALSE) != 0) {
        bl_session_release(ses);
        g_free(ses);
        return NULL;
    }
    return ses;
}

static void
close_session(struct bl_session *ses)
{
    if (ses != NULL) {
        bl_session_release(ses);
        g_free(ses);
    }
}

static void
append_variant(GString *s, const struct bl_session *ses, const GPtrArray *approvals,
               const struct bl_signoff_variant *v, guint i, const char *rel, const char *list_rel,
               const char *sha, const char *csrf, struct bl_diag *diag)
{
    char *text = bl_signoff_variant_text(v->key);
    char **parts = g_strsplit(v->key, "|", -1);
    char *hash = NULL;
    const struct bl_approval *ok = NULL, *old = bl_approvals_find(approvals, v->key, NULL);

    if (bl_signoff_wording(&hash, ses, v->key, diag) == 0) {
        ok = bl_approvals_find(approvals, v->key, hash);
    }
    g_string_append_printf(s, "<section class=\"variant\" id=\"v-%u\">\n<h2>Variant %u</h2>\n<p>",
                           i + 1, i + 1);
    bl_serve_html_append_escaped(s, text);
    g_string_append_printf(s, " · %" G_GINT64_FORMAT " recipient%s</p>\n", v->count,
                           v->count == 1 ? "" : "s");
    g_string_append_printf(s,
                           "<img class=\"preview\" alt=\"Page 1 of the letter of variant %u\" "
                           "src=\"/preview.png?",
                           i + 1);
    append_choice(s, rel, parts);
    g_string_append(s, "\">\n<p><a href=\"/edit?");
    append_choice(s, rel, parts);
    g_string_append_printf(s, "\">Read every page of variant %u</a> before approving it.</p>\n",
                           i + 1);
    g_string_append_printf(s, "<p class=\"status %s\">", ok != NULL ? "approved" : "pending");
    if (hash == NULL) {
        g_string_append(s, "The letter cannot be made: ");
        bl_serve_html_append_escaped(s, bl_diag_last_message(diag));
    } else if (ok != NULL) {
        g_string_append(s, "Approved by ");
        bl_serve_html_append_escaped(s, ok->reviewer);
        g_string_append(s, " on ");
        bl_serve_html_append_escaped(s, ok->time);
        g_string_append(s, " (approval ");
        bl_serve_html_append_escaped(s, ok->id);
        g_string_append(s, ").");
    } else if (old != NULL) {
        g_string_append(s, "Not approved: the wording changed after its approval by ");
        bl_serve_html_append_escaped(s, old->reviewer);
        g_string_append(s, " on ");
        bl_serve_html_append_escaped(s, old->time);
        g_string_append(s, ".");
    } else {
        g_string_append(s, "Not approved yet.");
    }
    g_string_append(s, "</p>\n");
    /* the form names the wording shown and the incident's version: an approval is refused
     * when either changed before it came */
    if (hash != NULL && ok == NULL && sha != NULL) {
        g_string_append(s, "<form method=\"post\" action=\"/approve\">\n"
                           "<input type=\"hidden\" name=\"csrf\" value=\"");
        bl_serve_html_append_escaped(s, csrf);
        g_string_append(s, "\">\n<input type=\"hidden\" name=\"file\" value=\"");
        bl_serve_html_append_escaped(s, rel);
        g_string_append(s, "\">\n<input type=\"hidden\" name=\"list\" value=\"");
        bl_serve_html_append_escaped(s, list_rel);
        g_string_append(s, "\">\n<input type=\"hidden\" name=\"variant\" value=\"");
        bl_serve_html_append_escaped(s, v->key);
        g_string_append(s, "\">\n<input type=\"hidden\" name=\"wording\" value=\"");
        bl_serve_html_append_escaped(s, hash);
        g_string_append(s, "\">\n<input type=\"hidden\" name=\"incident\" value=\"");
        bl_serve_html_append_escaped(s, sha);
        g_string_append_printf(s,
                               "\">\n<label for=\"name-%u\">Your name</label>\n"
                               "<input id=\"name-%u\" name=\"reviewer\" required "
                               "maxlength=\"200\" autocomplete=\"name\">\n"
                               "<button type=\"submit\">Approve variant %u</button>\n</form>\n",
                               i + 1, i + 1, i + 1);
    }
    g_string_append(s, "</section>\n");
    g_free(hash);
    g_strfreev(parts);
    g_free(text);
}

char *
bl_serve_signoff_page(const char *rel, const char *incident, const char *list_rel, const char *list,
                      const char *data_dir, const char *csrf, guint *status)
{
    GString *s = g_string_new("<h1>Sign-off: ");
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_session *ses = open_session(incident, data_dir, diag);
    char *path = bl_signoff_path(incident), *sha = file_sha256(incident);
    GPtrArray *approvals = NULL, *vs = NULL;

    bl_serve_html_append_escaped(s, rel);
    g_string_append(s, "</h1>\n<p>Each variant of the letters for ");
    bl_serve_html_append_escaped(s, list_rel);
    g_string_append(s, " is shown once. Approve the wording of each before the letters are "
                       "rendered with <code>--require-approval</code>.</p>\n");
    *status = 422;
    if (ses == NULL) {
        g_string_append(s, "<p class=\"problem\">The incident cannot be loaded: ");
        bl_serve_html_append_escaped(s, bl_diag_last_message(diag));
        g_string_append(s, "</p>\n");
    } else if ((approvals = bl_approvals_read(path, diag)) == NULL ||
               (vs = bl_signoff_variants(ses, list, ses->quiet)) == NULL) {
        g_string_append(s, "<p class=\"problem\">");
        bl_serve_html_append_escaped(s, approvals == NULL ? bl_diag_last_message(diag)
                                                          : "The list cannot be read.");
        g_string_append(s, "</p>\n");
    } else {
        *status = 200;
        for (guint i = 0; i < vs->len; i++) {
            append_variant(s, ses, approvals, g_ptr_array_index(vs, i), i, rel, list_rel, sha, csrf,
                           diag);
        }
    }
    if (vs != NULL) {
        g_ptr_array_unref(vs);
    }
    if (approvals != NULL) {
        g_ptr_array_unref(approvals);
    }
    close_session(ses);
    bl_diag_free(diag);
    g_free(path);
    g_free(sha);
    return g_string_free(s, FALSE);
}

/* The reviewer's name trimmed of spaces (any Unicode space, as a no-break space) at either end
 * (free with g_free()), or NULL with *error set: 1 to 200 characters of UTF-8, none a control
 * or format character. */
static char *
reviewer_name(const char *reviewer, char **error)
{
    const char *text = reviewer != NULL ? reviewer : "", *start = text, *end;
    gboolean plain = g_utf8_validate(text, -1, &end);
    glong n = 0;

    while (plain && *start != '\0' && g_unichar_isspace(g_utf8_get_char(start))) {
        start = g_utf8_next_char(start);
    }
    while (plain && end > start) {
        const char *last = g_utf8_find_prev_char(start, end);
        if (last == NULL || !g_unichar_isspace(g_utf8_get_char(last))) {
            break;
        }
        end = last;
    }
    for (const char *p = start; plain && p < end; p = g_utf8_next_char(p), n++) {
        gunichar c = g_utf8_get_char(p);
        plain = !g_unichar_iscntrl(c) && g_unichar_type(c) != G_UNICODE_FORMAT;
    }
    if (!plain || n < 1 || n > 200) {
        *error = g_strdup(!plain   ? "Your name (the reviewer) holds a line break, a tab or "
                                     "another control character: type it on one line."
                          : n == 0 ? "Your name (the reviewer) is empty: type it to approve."
                                   : "Your name (the reviewer) is longer than 200 characters: "
                                     "shorten it.");
        return NULL;
    }
    return g_strndup(start, (gsize)(end - start));
}

int
bl_serve_signoff_approve(const char *incident, const char *key, const char *reviewer,
                         const char *seen_wording, const char *seen_sha, const char *data_dir,
                         guint *status, char **error)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    char *name = reviewer_name(reviewer, error);
    char *sha = name != NULL ? file_sha256(incident) : NULL;
    struct bl_session *ses = sha != NULL ? open_session(incident, data_dir, diag) : NULL;
    char *path = bl_signoff_path(incident), *hash = NULL;
    GPtrArray *approvals = NULL;
    int rc = -1;

    *status = 422;
    if (name == NULL) {
        goto out;
    }
    if (ses != NULL && bl_signoff_wording(&hash, ses, key, diag) == 0 &&
        (seen_wording == NULL || strcmp(hash, seen_wording) != 0 || seen_sha == NULL ||
         strcmp(sha, seen_sha) != 0)) {
        *status = 409;
        *error = g_strdup("The wording changed since you read it: reload the page.");
        goto out;
    }
    if (hash != NULL && (approvals = bl_approvals_read(path, diag)) != NULL &&
        bl_approvals_add(approvals, ses, key, name, sha, diag) != NULL &&
        bl_approvals_write(path, approvals, diag) == 0) {
        rc = 0;
    } else {
        *error = g_strdup(bl_diag_error_count(diag) > 0 ? bl_diag_last_message(diag)
                                                        : "The incident cannot be read.");
    }
out:
    if (approvals != NULL) {
        g_ptr_array_unref(approvals);
    }
    close_session(ses);
    bl_diag_free(diag);
    g_free(path);
    g_free(hash);
    g_free(sha);
    g_free(name);
    return rc;
}

/* The sign-off page asked for, and the page made in the worker thread. */
struct signoff_req {
    char *rel, *path, *list_rel, *list;
    char *main; /* made */
    guint status;
};

static void
signoff_req_free(gpointer data)
{
    struct signoff_req *req = data;

    g_free(req->rel);
    g_free(req->path);
    g_free(req->list_rel);
    g_free(req->list);
    g_free(req->main);
    g_free(req);
}

/* In the worker thread: the variants of a list are found by reading it whole. */
static void
signoff_work(struct serve *sv, gpointer data)
{
    struct signoff_req *req = data;

    req->main = bl_serve_signoff_page(req->rel, req->path, req->list_rel, req->list, sv->data_given,
                                      sv->csrf, &req->status);
}

static void
signoff_answer(struct serve *sv, SoupServerMessage *msg, gpointer data)
{
    struct signoff_req *req = data;

    if (msg != NULL) {
        bl_serve_respond_page(sv, msg, req->status, "Sign-off", g_steal_pointer(&req->main));
    }
}

/* The sign-off page of an incident for a list. */
static void
page_signoff(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *args)
{
    const char *rel = bl_serve_arg(args, "file");
    const char *list_rel = bl_serve_arg(args, "list");
    struct signoff_req *req;

    if (!bl_serve_incident_ok(sv, rel, TRUE) || !bl_serve_list_ok(sv, list_rel)) {
        bl_serve_respond_message(
            sv, msg, SOUP_STATUS_NOT_FOUND, "No such incident or list",
            "Name an incident file and a list (.csv or .xml) of the workspace.");
        return;
    }
    req = g_new0(struct signoff_req, 1);
    req->rel = g_strdup(rel);
    req->path = g_build_filename(sv->root, rel, NULL);
    req->list_rel = g_strdup(list_rel);
    req->list = g_build_filename(sv->root, list_rel, NULL);
    /* (the page is made in memory: nothing to remove if it is abandoned) */
    bl_serve_work(sv, msg, signoff_work, signoff_answer, NULL, req, signoff_req_free);
}

/* Approves a variant, then shows the sign-off page again. */
static void
post_approve(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *fields)
{
    const char *rel = g_hash_table_lookup(fields, "file");
    const char *list_rel = g_hash_table_lookup(fields, "list");
    const char *key = g_hash_table_lookup(fields, "variant");
    char *path, *error = NULL, *location, *a, *b;
    guint status = 0;

    if (!bl_serve_incident_ok(sv, rel, TRUE) || !bl_serve_list_ok(sv, list_rel) || key == NULL) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_BAD_REQUEST, "Not approved",
                                 "Name an incident file, a list and a variant of the workspace.");
        return;
    }
    path = g_build_filename(sv->root, rel, NULL);
    if (bl_serve_signoff_approve(path, key, g_hash_table_lookup(fields, "reviewer"),
                                 g_hash_table_lookup(fields, "wording"),
                                 g_hash_table_lookup(fields, "incident"), sv->data_given, &status,
                                 &error) < 0) {
        bl_serve_respond_message(sv, msg, status, "Not approved", error);
    } else {
        a = g_uri_escape_string(rel, "/", FALSE);
        b = g_uri_escape_string(list_rel, "/", FALSE);
        location = g_strdup_printf("/signoff?file=%s&list=%s", a, b);
        bl_serve_redirect(msg, location);
        g_free(location);
        g_free(a);
        g_free(b);
    }
    g_free(error);
    g_free(path);
}

const struct serve_route bl_serve_signoff_routes[] = {
    {SERVE_GET, "/signoff", page_signoff},
    {SERVE_POST_FORM, "/approve", post_approve},
    {0, NULL, NULL},
};

/* SPDX-License-Identifier: MIT */
/* The workbench's sign-off page and its approvals (serve_signoff.h). */
#include "serve_signoff.h"

#include "serve.h"

#include <string.h>

#include "session.h"
#include "signoff.h"

static void
append_escaped(GString *s, const char *text)
{
    char *e = g_markup_escape_text(text != NULL ? text : "", -1);

    g_string_append(s, e);
    g_free(e);
}

static void
append_query_value(GString *s, const char *text)
{
    char *e = g_uri_escape_string(text, NULL, FALSE);

    append_escaped(s, e);
    g_free(e);
}

/* The query that chooses a variant's sample letter in the preview and the editor: the incident
 * rel, and the jurisdiction, variant and language of the variant's key (split at '|'). */
static void
append_choice(GString *s, const char *rel, char **parts)
{
    static const char *const names[] = {"jurisdiction", "variant", "language"};

    g_string_append(s, "file=");
    append_query_value(s, rel);
    for (size_t k = 0; k < G_N_ELEMENTS(names) && parts[k] != NULL; k++) {
        g_string_append_printf(s, "&amp;%s=", names[k]);
        append_query_value(s, parts[k]);
    }
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
               const char *csrf, struct bl_diag *diag)
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
    append_escaped(s, text);
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
        append_escaped(s, bl_diag_last_message(diag));
    } else if (ok != NULL) {
        g_string_append(s, "Approved by ");
        append_escaped(s, ok->reviewer);
        g_string_append(s, " on ");
        append_escaped(s, ok->time);
        g_string_append(s, " (approval ");
        append_escaped(s, ok->id);
        g_string_append(s, ").");
    } else if (old != NULL) {
        g_string_append(s, "Not approved: the wording changed after its approval by ");
        append_escaped(s, old->reviewer);
        g_string_append(s, " on ");
        append_escaped(s, old->time);
        g_string_append(s, ".");
    } else {
        g_string_append(s, "Not approved yet.");
    }
    g_string_append(s, "</p>\n");
    if (hash != NULL && ok == NULL) {
        g_string_append(s, "<form method=\"post\" action=\"/approve\">\n"
                           "<input type=\"hidden\" name=\"csrf\" value=\"");
        append_escaped(s, csrf);
        g_string_append(s, "\">\n<input type=\"hidden\" name=\"file\" value=\"");
        append_escaped(s, rel);
        g_string_append(s, "\">\n<input type=\"hidden\" name=\"list\" value=\"");
        append_escaped(s, list_rel);
        g_string_append(s, "\">\n<input type=\"hidden\" name=\"variant\" value=\"");
        append_escaped(s, v->key);
        g_string_append_printf(s,
                               "\">\n<label for=\"name-%u\">Your name</label>\n"
                               "<input id=\"name-%u\" name=\"reviewer\" required "
                               "autocomplete=\"name\">\n"
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
    char *path = bl_signoff_path(incident);
    GPtrArray *approvals = NULL, *vs = NULL;

    append_escaped(s, rel);
    g_string_append(s, "</h1>\n<p>Each variant of the letters for ");
    append_escaped(s, list_rel);
    g_string_append(s, " is shown once. Approve the wording of each before the letters are "
                       "rendered with <code>--require-approval</code>.</p>\n");
    *status = 422;
    if (ses == NULL) {
        g_string_append(s, "<p class=\"problem\">The incident cannot be loaded: ");
        append_escaped(s, bl_diag_last_message(diag));
        g_string_append(s, "</p>\n");
    } else if ((approvals = bl_approvals_read(path, diag)) == NULL ||
               (vs = bl_signoff_variants(ses, list, ses->quiet)) == NULL) {
        g_string_append(s, "<p class=\"problem\">");
        append_escaped(s,
                       approvals == NULL ? bl_diag_last_message(diag) : "The list cannot be read.");
        g_string_append(s, "</p>\n");
    } else {
        *status = 200;
        for (guint i = 0; i < vs->len; i++) {
            append_variant(s, ses, approvals, g_ptr_array_index(vs, i), i, rel, list_rel, csrf,
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
    return g_string_free(s, FALSE);
}

int
bl_serve_signoff_approve(const char *incident, const char *key, const char *reviewer,
                         const char *data_dir, char **error)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_session *ses = open_session(incident, data_dir, diag);
    char *path = bl_signoff_path(incident);
    GPtrArray *approvals = NULL;
    GMappedFile *file = NULL;
    char *sha = NULL;
    int rc = -1;

    *error = NULL;
    if (ses != NULL && (file = g_mapped_file_new(incident, FALSE, NULL)) != NULL) {
        GBytes *bytes = g_mapped_file_get_bytes(file);

        sha = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, bytes);
        g_bytes_unref(bytes);
        g_mapped_file_unref(file);
    }
    if (sha != NULL && (approvals = bl_approvals_read(path, diag)) != NULL &&
        bl_approvals_add(approvals, ses, key, reviewer, sha, diag) != NULL &&
        bl_approvals_write(path, approvals, diag) == 0) {
        rc = 0;
    } else {
        *error = g_strdup(bl_diag_error_count(diag) > 0 ? bl_diag_last_message(diag)
                                                        : "The incident cannot be read.");
    }
    if (approvals != NULL) {
        g_ptr_array_unref(approvals);
    }
    close_session(ses);
    bl_diag_free(diag);
    g_free(path);
    g_free(sha);
    return rc;
}

/* The sign-off page of an incident for a list. */
static void
page_signoff(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *args)
{
    const char *rel = bl_serve_arg(args, "file");
    const char *list_rel = bl_serve_arg(args, "list");
    char *path, *list;
    guint status = 0;
    char *main;

    if (!bl_serve_incident_ok(sv, rel, TRUE) || !bl_serve_list_ok(sv, list_rel)) {
        bl_serve_respond_message(
            sv, msg, SOUP_STATUS_NOT_FOUND, "No such incident or list",
            "Name an incident file and a list (.csv or .xml) of the workspace.");
        return;
    }
    path = g_build_filename(sv->root, rel, NULL);
    list = g_build_filename(sv->root, list_rel, NULL);
    main = bl_serve_signoff_page(rel, path, list_rel, list, sv->data_given, sv->csrf, &status);
    bl_serve_respond_page(sv, msg, status, "Sign-off", main);
    g_free(path);
    g_free(list);
}

/* Approves a variant, then shows the sign-off page again. */
static void
post_approve(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *fields)
{
    const char *rel = g_hash_table_lookup(fields, "file");
    const char *list_rel = g_hash_table_lookup(fields, "list");
    const char *key = g_hash_table_lookup(fields, "variant");
    char *path, *error = NULL, *location, *a, *b;

    if (!bl_serve_incident_ok(sv, rel, TRUE) || !bl_serve_list_ok(sv, list_rel) || key == NULL) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_BAD_REQUEST, "Not approved",
                                 "Name an incident file, a list and a variant of the workspace.");
        return;
    }
    path = g_build_filename(sv->root, rel, NULL);
    if (bl_serve_signoff_approve(path, key, g_hash_table_lookup(fields, "reviewer"), sv->data_given,
                                 &error) < 0) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "Not approved", error);
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

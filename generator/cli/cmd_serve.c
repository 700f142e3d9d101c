/* SPDX-License-Identifier: MIT */
/* Serve: "breachletter serve [DIR]", the workbench: an HTTP server on the loopback (libsoup 3 on
 * GLib's main loop) serving a workspace folder of incidents, lists and outputs to the browser of
 * the person at this computer, who proves it with the access token printed at start. */
#include "cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_util.h"
#include "incident_form.h"
#include "preview.h"
#include "run.h"
#include "serve_fs.h"
#include "serve_html.h"
#include "serve_signoff.h"
#include "session.h"

#define USAGE "[DIR] [--port N] [--max-list-size MIB] [--max-incident-size KIB]"

/* Every response: scripts and styles only from the server's own files, no frames, no sniffing.
 * The referrer is sent to the workbench itself only: with no-referrer a browser sends
 * "Origin: null" on a form's POST, and the same-origin check could not tell the workbench's own
 * forms from a foreign page's. */
#define CSP                                                                                        \
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; " \
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

struct serve {
    GMainLoop *loop;
    SoupServer *server;
    int rootfd;
    char *root;       /* the workspace, absolute */
    char *data;       /* the data folder: templates/ */
    char *data_given; /* --data-dir or its defaults, as the library takes it (may be NULL) */
    char *layout;     /* templates/serve/page.html */
    char *token;      /* the access token, 64 hex digits */
    char *csrf;       /* the forms' token, derived from the access token */
    char *cookie;     /* the cookie's name: bl_token_PORT (cookies do not keep ports apart) */
    char *origin;     /* http://127.0.0.1:PORT */
    char *host;       /* 127.0.0.1:PORT */
    char *host_name;  /* localhost:PORT */
    gsize max_list;
    gsize max_incident;
};

/* Compares in time that does not depend on where a and b first differ. */
static gboolean
same_secret(const char *a, const char *b)
{
    size_t la = a != NULL ? strlen(a) : 0, lb = strlen(b);
    unsigned char diff = la != lb;

    for (size_t i = 0; i < lb; i++) {
        diff |= (unsigned char)((i < la ? a[i] : 0) ^ b[i]);
    }
    return a != NULL && diff == 0;
}

static char *
random_token(void)
{
    unsigned char bytes[32];
    GString *s = g_string_new(NULL);

    if (getrandom(bytes, sizeof(bytes), 0) != (ssize_t)sizeof(bytes)) {
        g_string_free(s, TRUE);
        return NULL;
    }
    for (size_t i = 0; i < sizeof(bytes); i++) {
        g_string_append_printf(s, "%02x", bytes[i]);
    }
    return g_string_free(s, FALSE);
}

static void
security_headers(SoupServerMessage *msg)
{
    SoupMessageHeaders *h = soup_server_message_get_response_headers(msg);

    soup_message_headers_replace(h, "Content-Security-Policy", CSP);
    soup_message_headers_replace(h, "X-Content-Type-Options", "nosniff");
    soup_message_headers_replace(h, "Referrer-Policy", "same-origin");
    soup_message_headers_replace(h, "X-Frame-Options", "DENY");
    soup_message_headers_replace(h, "Cache-Control", "no-store");
    soup_message_headers_replace(h, "Cross-Origin-Opener-Policy", "same-origin");
    soup_message_headers_replace(h, "Cross-Origin-Resource-Policy", "same-origin");
}

static void
respond(SoupServerMessage *msg, guint status, const char *type, char *body_take, gsize len)
{
    soup_server_message_set_status(msg, status, NULL);
    soup_server_message_set_response(msg, type, SOUP_MEMORY_TAKE, body_take, len);
}

static void
respond_page(struct serve *sv, SoupServerMessage *msg, guint status, const char *title,
             char *main_take)
{
    char *page = bl_serve_html_page(sv->layout, title, main_take);

    g_free(main_take);
    respond(msg, status, "text/html; charset=utf-8", page, strlen(page));
}

static void
respond_message(struct serve *sv, SoupServerMessage *msg, guint status, const char *heading,
                const char *text)
{
    respond_page(sv, msg, status, heading, bl_serve_html_message(heading, text));
}

static void
redirect(SoupServerMessage *msg, const char *location)
{
    soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Location",
                                 location);
    soup_server_message_set_status(msg, SOUP_STATUS_SEE_OTHER, NULL);
}

/* The value of cookie name in the request, or NULL. Free with g_free(). */
static char *
request_cookie(SoupServerMessage *msg, const char *name)
{
    const char *header =
        soup_message_headers_get_list(soup_server_message_get_request_headers(msg), "Cookie");
    char **parts;
    char *res = NULL;

    if (header == NULL) {
        return NULL;
    }
    parts = g_strsplit(header, ";", -1);
    for (size_t i = 0; parts[i] != NULL && res == NULL; i++) {
        char *p = g_strstrip(parts[i]);
        size_t n = strlen(name);
        if (strncmp(p, name, n) == 0 && p[n] == '=') {
            res = g_strdup(p + n + 1);
        }
    }
    g_strfreev(parts);
    return res;
}

/* The Host header names this server (a page of another site resolved to 127.0.0.1 does not). */
static gboolean
host_ok(struct serve *sv, SoupServerMessage *msg)
{
    const char *host =
        soup_message_headers_get_one(soup_server_message_get_request_headers(msg), "Host");

    return host != NULL && (strcmp(host, sv->host) == 0 || strcmp(host, sv->host_name) == 0);
}

/* A change comes from the workbench's own pages: Origin, or else Referer, is this server. */
static gboolean
same_origin(struct serve *sv, SoupServerMessage *msg)
{
    SoupMessageHeaders *h = soup_server_message_get_request_headers(msg);
    const char *origin = soup_message_headers_get_one(h, "Origin");
    const char *referer = soup_message_headers_get_one(h, "Referer");
    const char *alt = sv->host_name;

    if (origin != NULL) {
        return strcmp(origin, sv->origin) == 0 ||
               (g_str_has_prefix(origin, "http://") && strcmp(origin + 7, alt) == 0);
    }
    if (referer != NULL) {
        size_t n = strlen(sv->origin);
        return strncmp(referer, sv->origin, n) == 0 && referer[n] == '/';
    }
    return FALSE;
}

/* The decoded query ends at a NUL ("incident.xml%00.csv" would name "incident.xml"): a request
 * whose address holds one is refused whole. */
static gboolean
has_nul(SoupServerMessage *msg)
{
    GUri *uri = soup_server_message_get_uri(msg);
    const char *parts[] = {g_uri_get_path(uri), g_uri_get_query(uri)};

    for (size_t i = 0; i < G_N_ELEMENTS(parts); i++) {
        if (parts[i] != NULL && strstr(parts[i], "%00") != NULL) {
            return TRUE;
        }
    }
    return FALSE;
}

/* The request's path and query without the token: where the printed address leads. */
static char *
without_token(SoupServerMessage *msg, const char *path)
{
    const char *query = g_uri_get_query(soup_server_message_get_uri(msg));
    char **parts = g_strsplit(query != NULL ? query : "", "&", -1);
    /* "//host" would lead to another site */
    GString *s = g_string_new(path[0] == '/' && path[1] != '/' ? path : "/");
    gboolean first = TRUE;

    for (size_t i = 0; parts[i] != NULL; i++) {
        if (parts[i][0] != '\0' && !g_str_has_prefix(parts[i], "token=")) {
            g_string_append_printf(s, "%c%s", first ? '?' : '&', parts[i]);
            first = FALSE;
        }
    }
    g_strfreev(parts);
    return g_string_free(s, FALSE);
}

static gboolean
authorised(struct serve *sv, SoupServerMessage *msg)
{
    char *cookie = request_cookie(msg, sv->cookie);
    gboolean ok = same_secret(cookie, sv->token);

    g_free(cookie);
    return ok;
}

/* The request's body as a string (NUL-terminated). Free with g_free(). */
static char *
request_body(SoupServerMessage *msg, gsize *len)
{
    GBytes *b = soup_message_body_flatten(soup_server_message_get_request_body(msg));
    gsize n = 0;
    const char *data = g_bytes_get_data(b, &n);
    char *res = g_strndup(data != NULL ? data : "", n);

    if (len != NULL) {
        *len = n;
    }
    g_bytes_unref(b);
    return res;
}

static const char *
query_get(GHashTable *query, const char *key)
{
    return query != NULL ? g_hash_table_lookup(query, key) : NULL;
}

/* --- the pages ------------------------------------------------------------------------------ */

static void
page_home(struct serve *sv, SoupServerMessage *msg, GHashTable *query)
{
    char **incidents, **lists, **outputs;
    const char *done = query_get(query, "uploaded");

    bl_serve_fs_scan(sv->rootfd, 3, &incidents, &lists, &outputs);
    respond_page(sv, msg, SOUP_STATUS_OK, "Workspace",
                 bl_serve_html_home(incidents, lists, outputs, sv->csrf,
                                    done != NULL ? "The file was uploaded." : NULL));
    g_strfreev(incidents);
    g_strfreev(lists);
    g_strfreev(outputs);
}

static char *
schema_path(struct serve *sv)
{
    return g_build_filename(sv->data, "templates", "schema", "incident.rng", NULL);
}

static char *
vocab_path(struct serve *sv)
{
    return g_build_filename(sv->data, "templates", "categories.xml", NULL);
}

/* An incident file of the workspace that the editor may open: a safe name ending in .xml of a
 * regular file that opens without following a link. */
static gboolean
incident_name_ok(struct serve *sv, const char *rel, gboolean must_exist)
{
    struct stat st;
    int fd;

    if (rel == NULL || !bl_serve_fs_name_ok(rel) || !g_str_has_suffix(rel, ".xml")) {
        return FALSE;
    }
    fd = bl_serve_fs_open(sv->rootfd, rel, O_RDONLY, 0);
    if (fd >= 0) {
        gboolean regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
        close(fd);
        return regular;
    }
    return !must_exist && errno == ENOENT;
}

static void
page_edit(struct serve *sv, SoupServerMessage *msg, GHashTable *query)
{
    const char *rel = query_get(query, "file");
    char *path, *schema, *vocab;
    struct bl_diag *diag;
    struct bl_incident_form *form = NULL;
    GPtrArray *problems;

    if (!incident_name_ok(sv, rel, TRUE)) {
        respond_message(sv, msg, SOUP_STATUS_NOT_FOUND, "No such incident",
                        "The workspace has no incident file of that name.");
        return;
    }
    path = g_build_filename(sv->root, rel, NULL);
    diag = bl_diag_new(NULL);
    if (bl_incident_form_read(&form, path, diag) < 0) {
        respond_message(sv, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "Not an incident file",
                        bl_diag_last_message(diag));
    } else {
        schema = schema_path(sv);
        vocab = vocab_path(sv);
        problems = bl_incident_form_problems(form, path, schema, vocab);
        respond_page(sv, msg, SOUP_STATUS_OK, rel,
                     bl_serve_html_editor(form, rel, problems, sv->csrf,
                                          query_get(query, "jurisdiction"),
                                          query_get(query, "variant"),
                                          query_get(query, "saved") != NULL
                                              ? (problems->len > 0 ? "Saved, with problems to "
                                                                     "fix before the letters."
                                                                   : "Saved. No problems.")
                                              : NULL));
        g_ptr_array_unref(problems);
        g_free(schema);
        g_free(vocab);
    }
    bl_incident_form_free(form);
    bl_diag_free(diag);
    g_free(path);
}

static void
page_new(struct serve *sv, SoupServerMessage *msg)
{
    struct bl_incident_form *form = bl_incident_form_new();

    /* the one template shipped, and English, so that a new incident starts where most do */
    bl_incident_form_set(form, "incident.template", "us-notice");
    bl_incident_form_set(form, "incident.language", "en");
    respond_page(sv, msg, SOUP_STATUS_OK, "New incident",
                 bl_serve_html_editor(form, NULL, NULL, sv->csrf, NULL, NULL, NULL));
    bl_incident_form_free(form);
}

static void
post_save(struct serve *sv, SoupServerMessage *msg, GHashTable *fields)
{
    const char *rel = g_hash_table_lookup(fields, "file");
    struct bl_incident_form *form = bl_incident_form_new();
    size_t n;
    const struct bl_form_field *fs = bl_incident_form_fields(&n);
    char *xml, *location, *escaped;

    if (!incident_name_ok(sv, rel, FALSE)) {
        respond_message(sv, msg, SOUP_STATUS_BAD_REQUEST, "Cannot save there",
                        "Give a name in the workspace that ends in .xml, in a folder that "
                        "exists, without '..'.");
        bl_incident_form_free(form);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        bl_incident_form_set(form, fs[i].key, g_hash_table_lookup(fields, fs[i].key));
    }
    xml = bl_incident_form_to_xml(form);
    if (bl_serve_fs_write(sv->rootfd, rel, xml, strlen(xml)) < 0) {
        respond_message(sv, msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Not saved", g_strerror(errno));
    } else {
        escaped = g_uri_escape_string(rel, "/", FALSE);
        location = g_strdup_printf("/edit?file=%s&saved=1", escaped);
        redirect(msg, location);
        g_free(location);
        g_free(escaped);
    }
    g_free(xml);
    bl_incident_form_free(form);
}

static void
post_upload(struct serve *sv, SoupServerMessage *msg, gboolean list)
{
    GBytes *all = soup_message_body_flatten(soup_server_message_get_request_body(msg));
    SoupMultipart *mp =
        soup_multipart_new_from_message(soup_server_message_get_request_headers(msg), all);
    char *csrf = NULL, *name = NULL;
    GBytes *data = NULL;

    for (int i = 0; mp != NULL && i < soup_multipart_get_length(mp); i++) {
        SoupMessageHeaders *h;
        GBytes *body;
        char *disposition = NULL;
        GHashTable *params = NULL;
        if (!soup_multipart_get_part(mp, i, &h, &body) ||
            !soup_message_headers_get_content_disposition(h, &disposition, &params)) {
            continue;
        }
        const char *field = g_hash_table_lookup(params, "name");
        if (field != NULL && strcmp(field, "csrf") == 0) {
            g_free(csrf);
            csrf = g_strndup(g_bytes_get_data(body, NULL), g_bytes_get_size(body));
        } else if (field != NULL && strcmp(field, "file") == 0 && data == NULL) {
            const char *filename = g_hash_table_lookup(params, "filename");
            name = filename != NULL ? g_path_get_basename(filename) : NULL;
            data = g_bytes_ref(body);
        }
        g_free(disposition);
        g_hash_table_destroy(params);
    }
    if (!same_secret(csrf, sv->csrf)) {
        respond_message(sv, msg, SOUP_STATUS_FORBIDDEN, "Refused",
                        "The form is stale or comes from another page: reload the workbench.");
    } else if (data == NULL || name == NULL || !bl_serve_fs_name_ok(name) ||
               !(g_str_has_suffix(name, ".xml") || (list && g_str_has_suffix(name, ".csv")))) {
        respond_message(sv, msg, SOUP_STATUS_BAD_REQUEST, "Nothing uploaded",
                        list ? "Choose a list whose name ends in .csv or .xml."
                             : "Choose an incident whose name ends in .xml.");
    } else {
        int fd = bl_serve_fs_open(sv->rootfd, name, O_RDONLY, 0);
        if (fd >= 0 || errno != ENOENT) {
            if (fd >= 0) {
                close(fd);
            }
            respond_message(sv, msg, SOUP_STATUS_CONFLICT, "Not uploaded",
                            "The workspace has a file of that name already: rename the file to "
                            "upload.");
        } else if (bl_serve_fs_write(sv->rootfd, name, g_bytes_get_data(data, NULL),
                                     g_bytes_get_size(data)) < 0) {
            respond_message(sv, msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Not uploaded",
                            g_strerror(errno));
        } else {
            redirect(msg, "/?uploaded=1");
        }
    }
    if (data != NULL) {
        g_bytes_unref(data);
    }
    g_free(name);
    g_free(csrf);
    if (mp != NULL) {
        soup_multipart_free(mp);
    }
    g_bytes_unref(all);
}

/* A file of the workspace, as a download: a letter, a manifest, a list. */
static void
get_file(struct serve *sv, SoupServerMessage *msg, GHashTable *query)
{
    const char *rel = query_get(query, "path");
    gsize len = 0;
    char *data = rel != NULL ? bl_serve_fs_read(sv->rootfd, rel, sv->max_list, &len) : NULL;

    if (data == NULL && (rel == NULL || errno == EINVAL)) {
        respond_message(sv, msg, SOUP_STATUS_BAD_REQUEST, "Refused",
                        "Name a file inside the workspace, without '..' or a leading '/'.");
        return;
    }
    if (data == NULL && (errno == ELOOP || errno == ENOTDIR)) {
        respond_message(sv, msg, SOUP_STATUS_FORBIDDEN, "Refused",
                        "The workbench follows no symbolic link.");
        return;
    }
    if (data == NULL) {
        respond_message(sv, msg, SOUP_STATUS_NOT_FOUND, "No such file",
                        "The workspace has no file of that name that can be shown.");
        return;
    }
    soup_message_headers_replace(soup_server_message_get_response_headers(msg),
                                 "Content-Disposition", "attachment");
    respond(msg, SOUP_STATUS_OK, "application/octet-stream", data, len);
}

/* A jurisdiction as the preview takes it: two capital letters, or none. */
static gboolean
jurisdiction_ok(const char *j)
{
    return j == NULL || j[0] == '\0' ||
           (strlen(j) == 2 && g_ascii_isupper(j[0]) && g_ascii_isupper(j[1]));
}

/* Removes the preview's folder and what it holds (the pictures it wrote, nothing else). */
static void
remove_tmp(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
        char *path = g_build_filename(dir, name, NULL);
        g_unlink(path);
        g_free(path);
    }
    if (d != NULL) {
        g_dir_close(d);
    }
    g_rmdir(dir);
}

/* Page 1 of the letter of a sample person of a jurisdiction and variant, as a PNG picture, drawn
 * by preview's code (missing facts marked) into a private folder of its own. */
static void
get_preview(struct serve *sv, SoupServerMessage *msg, GHashTable *query)
{
    const char *rel = query_get(query, "file");
    const char *jur = query_get(query, "jurisdiction");
    const char *variant = query_get(query, "variant");
    struct bl_preview_options opts = {0};
    struct bl_diag *diag;
    char *tmp, *path, *out, *page;
    char *data = NULL;
    gsize len = 0;

    if (!incident_name_ok(sv, rel, TRUE) || !jurisdiction_ok(jur) ||
        (variant != NULL && variant[0] != '\0' && strcmp(variant, "adult") != 0 &&
         strcmp(variant, "minor") != 0 && strcmp(variant, "deceased") != 0)) {
        respond_message(sv, msg, SOUP_STATUS_BAD_REQUEST, "No preview",
                        "Name an incident of the workspace, a state as two capital letters and "
                        "a variant: adult, minor or deceased.");
        return;
    }
    tmp = g_dir_make_tmp("bl-serve-XXXXXX", NULL);
    if (tmp == NULL) {
        respond_message(sv, msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "No preview",
                        "No temporary folder could be made.");
        return;
    }
    path = g_build_filename(sv->root, rel, NULL);
    out = g_build_filename(tmp, "page.png", NULL);
    page = g_build_filename(tmp, "page-2.png", NULL); /* page-1 is the review page */
    opts.incident = path;
    opts.jurisdiction = jur != NULL && jur[0] != '\0' ? jur : NULL;
    opts.variant = variant != NULL && variant[0] != '\0' ? variant : NULL;
    opts.output = out;
    opts.png = TRUE;
    opts.data_dir = sv->data_given;
    diag = bl_diag_new(NULL);
    bl_preview_run(&opts, diag);
    if (!g_file_get_contents(page, &data, &len, NULL)) {
        /* a letter that cannot be made leaves its review page alone, which says why */
        g_free(page);
        page = g_build_filename(tmp, "page-1.png", NULL);
        g_file_get_contents(page, &data, &len, NULL);
    }
    if (data != NULL) {
        respond(msg, SOUP_STATUS_OK, "image/png", data, len);
    } else {
        respond_message(sv, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "No preview",
                        "The letter cannot be drawn yet: fix the problems the editor lists.");
    }
    bl_diag_free(diag);
    remove_tmp(tmp);
    g_free(page);
    g_free(out);
    g_free(path);
    g_free(tmp);
}

/* A list of the workspace: a regular file whose name ends in .csv or .xml. */
static gboolean
list_name_ok(struct serve *sv, const char *rel)
{
    struct stat st;
    int fd;
    gboolean regular;

    if (rel == NULL || !bl_serve_fs_name_ok(rel) ||
        (!g_str_has_suffix(rel, ".csv") && !g_str_has_suffix(rel, ".xml"))) {
        return FALSE;
    }
    fd = bl_serve_fs_open(sv->rootfd, rel, O_RDONLY, 0);
    if (fd < 0) {
        return FALSE;
    }
    regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    close(fd);
    return regular;
}

/* The sign-off page of an incident for a list (serve_signoff.c). */
static void
page_signoff(struct serve *sv, SoupServerMessage *msg, const char *rel, const char *list_rel)
{
    char *path, *list;
    guint status = 0;
    char *main;

    if (!incident_name_ok(sv, rel, TRUE) || !list_name_ok(sv, list_rel)) {
        respond_message(sv, msg, SOUP_STATUS_NOT_FOUND, "No such incident or list",
                        "Name an incident file and a list (.csv or .xml) of the workspace.");
        return;
    }
    path = g_build_filename(sv->root, rel, NULL);
    list = g_build_filename(sv->root, list_rel, NULL);
    main = bl_serve_signoff_page(rel, path, list_rel, list, sv->data_given, sv->csrf, &status);
    respond_page(sv, msg, status, "Sign-off", main);
    g_free(path);
    g_free(list);
}

/* Approves a variant, then shows the sign-off page again. */
static void
post_approve(struct serve *sv, SoupServerMessage *msg, GHashTable *fields)
{
    const char *rel = g_hash_table_lookup(fields, "file");
    const char *list_rel = g_hash_table_lookup(fields, "list");
    const char *key = g_hash_table_lookup(fields, "variant");
    char *path, *error = NULL, *location, *a, *b;

    if (!incident_name_ok(sv, rel, TRUE) || !list_name_ok(sv, list_rel) || key == NULL) {
        respond_message(sv, msg, SOUP_STATUS_BAD_REQUEST, "Not approved",
                        "Name an incident file, a list and a variant of the workspace.");
        return;
    }
    path = g_build_filename(sv->root, rel, NULL);
    if (bl_serve_signoff_approve(path, key, g_hash_table_lookup(fields, "reviewer"), sv->data_given,
                                 &error) < 0) {
        respond_message(sv, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "Not approved", error);
    } else {
        a = g_uri_escape_string(rel, "/", FALSE);
        b = g_uri_escape_string(list_rel, "/", FALSE);
        location = g_strdup_printf("/signoff?file=%s&list=%s", a, b);
        redirect(msg, location);
        g_free(location);
        g_free(a);
        g_free(b);
    }
    g_free(error);
    g_free(path);
}

/* The pages' script and style, from templates/serve/. */
static void
get_static(struct serve *sv, SoupServerMessage *msg, const char *name)
{
    static const char *const files[][2] = {
        {"app.js", "text/javascript; charset=utf-8"},
        {"style.css", "text/css; charset=utf-8"},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
        if (strcmp(name, files[i][0]) == 0) {
            char *path = g_build_filename(sv->data, "templates", "serve", name, NULL);
            char *data = NULL;
            gsize len = 0;
            if (g_file_get_contents(path, &data, &len, NULL)) {
                respond(msg, SOUP_STATUS_OK, files[i][1], data, len);
            } else {
                respond_message(sv, msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Missing file",
                                "The workbench's data folder lacks this file.");
            }
            g_free(path);
            return;
        }
    }
    respond_message(sv, msg, SOUP_STATUS_NOT_FOUND, "Not found", "No such page.");
}

/* --- the server ----------------------------------------------------------------------------- */

/* Before the body is read: a body larger than its limit, or of unknown length, is refused. */
static void
early_handler(SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
              gpointer data)
{
    struct serve *sv = data;
    SoupMessageHeaders *h = soup_server_message_get_request_headers(msg);
    goffset length;
    gsize limit;

    if (strcmp(soup_server_message_get_method(msg), "POST") != 0) {
        return;
    }
    security_headers(msg);
    limit = g_str_has_prefix(path, "/upload/list") ? sv->max_list : sv->max_incident;
    if (soup_message_headers_get_encoding(h) != SOUP_ENCODING_CONTENT_LENGTH) {
        respond_message(sv, msg, SOUP_STATUS_LENGTH_REQUIRED, "Length required",
                        "Send the request with its length.");
        return;
    }
    length = soup_message_headers_get_content_length(h);
    if (length < 0 || (guint64)length > limit) {
        char *text = g_strdup_printf("The limit here is %" G_GSIZE_FORMAT
                                     " bytes (breachletter serve --help names the options that "
                                     "raise it).",
                                     limit);
        respond_message(sv, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "Too large", text);
        g_free(text);
        soup_message_headers_replace(soup_server_message_get_response_headers(msg), "Connection",
                                     "close");
    }
}

static void
handler(SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
        gpointer data)
{
    struct serve *sv = data;
    const char *method = soup_server_message_get_method(msg);
    gboolean post = strcmp(method, "POST") == 0;

    security_headers(msg);
    if (has_nul(msg)) {
        respond_message(sv, msg, SOUP_STATUS_BAD_REQUEST, "Refused",
                        "The address holds a NUL character.");
        return;
    }
    if (!host_ok(sv, msg)) {
        respond_message(sv, msg, SOUP_STATUS_FORBIDDEN, "Refused",
                        "This workbench answers to its own address only.");
        return;
    }
    /* the address printed at start: the token becomes a cookie and leaves the address bar */
    if (!post && query_get(query, "token") != NULL) {
        if (!same_secret(query_get(query, "token"), sv->token)) {
            respond_message(sv, msg, SOUP_STATUS_FORBIDDEN, "Refused",
                            "Open the address breachletter serve printed.");
            return;
        }
        char *cookie =
            g_strdup_printf("%s=%s; Path=/; HttpOnly; SameSite=Strict", sv->cookie, sv->token);
        soup_message_headers_append(soup_server_message_get_response_headers(msg), "Set-Cookie",
                                    cookie);
        g_free(cookie);
        char *location = without_token(msg, path);
        redirect(msg, location);
        g_free(location);
        return;
    }
    if (!authorised(sv, msg)) {
        respond_message(sv, msg, SOUP_STATUS_FORBIDDEN, "Refused",
                        "Open the address breachletter serve printed: it holds the key to this "
                        "workbench.");
        return;
    }
    if (post && !same_origin(sv, msg)) {
        respond_message(sv, msg, SOUP_STATUS_FORBIDDEN, "Refused",
                        "Changes are taken from the workbench's own pages only.");
        return;
    }
    if (post && (strcmp(path, "/upload/list") == 0 || strcmp(path, "/upload/incident") == 0)) {
        post_upload(sv, msg, strcmp(path, "/upload/list") == 0);
    } else if (post && (strcmp(path, "/save") == 0 || strcmp(path, "/approve") == 0)) {
        char *body = request_body(msg, NULL);
        GHashTable *fields = soup_form_decode(body);
        if (!same_secret(g_hash_table_lookup(fields, "csrf"), sv->csrf)) {
            respond_message(sv, msg, SOUP_STATUS_FORBIDDEN, "Refused",
                            "The form is stale or comes from another page: reload the "
                            "workbench.");
        } else if (strcmp(path, "/approve") == 0) {
            post_approve(sv, msg, fields);
        } else {
            post_save(sv, msg, fields);
        }
        g_hash_table_destroy(fields);
        g_free(body);
    } else if (post) {
        respond_message(sv, msg, SOUP_STATUS_NOT_FOUND, "Not found", "No such action.");
    } else if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        respond_message(sv, msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Not allowed",
                        "The workbench takes GET and POST.");
    } else if (strcmp(path, "/") == 0) {
        page_home(sv, msg, query);
    } else if (strcmp(path, "/edit") == 0) {
        page_edit(sv, msg, query);
    } else if (strcmp(path, "/new") == 0) {
        page_new(sv, msg);
    } else if (strcmp(path, "/signoff") == 0) {
        page_signoff(sv, msg, query_get(query, "file"), query_get(query, "list"));
    } else if (strcmp(path, "/preview.png") == 0) {
        get_preview(sv, msg, query);
    } else if (strcmp(path, "/file") == 0) {
        get_file(sv, msg, query);
    } else if (g_str_has_prefix(path, "/static/")) {
        get_static(sv, msg, path + 8);
    } else {
        respond_message(sv, msg, SOUP_STATUS_NOT_FOUND, "Not found", "No such page.");
    }
}

static void
request_started(SoupServer *server, SoupServerMessage *msg, gpointer data)
{
    gint64 *start = g_new(gint64, 1);

    *start = g_get_monotonic_time();
    g_object_set_data_full(G_OBJECT(msg), "bl-start", start, g_free);
}

/* The log: method, path (never the query: it may hold the token or a file's name), status and
 * time taken. */
static void
request_finished(SoupServer *server, SoupServerMessage *msg, gpointer data)
{
    const gint64 *start = g_object_get_data(G_OBJECT(msg), "bl-start");
    GUri *uri = soup_server_message_get_uri(msg);
    char *path = g_strescape(uri != NULL ? g_uri_get_path(uri) : "-", NULL);

    fprintf(stderr, "breachletter serve: %s %s %u %.1f ms\n", soup_server_message_get_method(msg),
            path, soup_server_message_get_status(msg),
            start != NULL ? (double)(g_get_monotonic_time() - *start) / 1000.0 : 0.0);
    g_free(path);
}

static gboolean
on_signal(gpointer data)
{
    struct serve *sv = data;

    g_main_loop_quit(sv->loop);
    return G_SOURCE_REMOVE;
}

static void
serve_release(struct serve *sv)
{
    if (sv->server != NULL) {
        soup_server_disconnect(sv->server);
        g_object_unref(sv->server);
    }
    if (sv->loop != NULL) {
        g_main_loop_unref(sv->loop);
    }
    if (sv->rootfd >= 0) {
        close(sv->rootfd);
    }
    g_free(sv->root);
    g_free(sv->data);
    g_free(sv->data_given);
    g_free(sv->layout);
    g_free(sv->token);
    g_free(sv->csrf);
    g_free(sv->cookie);
    g_free(sv->origin);
    g_free(sv->host);
    g_free(sv->host_name);
}

int
bl_cmd_serve(int argc, char **argv)
{
    struct bl_cli_common common = {0};
    struct serve sv = {.rootfd = -1};
    int port = 0, max_list_mib = 64, max_incident_kib = 1024;
    GOptionEntry entries[] = {
        {"port", 'p', 0, G_OPTION_ARG_INT, &port,
         "Port on 127.0.0.1 (default: one the system chooses)", "N"},
        {"max-list-size", 0, 0, G_OPTION_ARG_INT, &max_list_mib,
         "Largest recipient list taken, in MiB (default 64)", "MIB"},
        {"max-incident-size", 0, 0, G_OPTION_ARG_INT, &max_incident_kib,
         "Largest incident or form taken, in KiB (default 1024)", "KIB"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GError *err = NULL;
    GSList *uris = NULL;
    char *path = NULL;
    int rc = BL_EXIT_USAGE;

    if (!bl_cli_options(
            "serve", USAGE, "Serves the workbench: the incident editor in a browser.",
            "Serves the workspace DIR (default: the current folder) to a browser on this\n"
            "computer: its incidents in a form that needs no XML, its lists and its letters.\n"
            "It listens on 127.0.0.1 only and prints the address to open, which holds a\n"
            "random key; without it every request is refused. Each request is logged on\n"
            "standard error (method, path, status, time; never the key or a file's name).\n"
            "Ctrl-C or SIGTERM stops it.\n\n"
            "Exit status: 0 stopped; 2 usage; 4 the workspace or the port cannot be used.",
            entries, &common, &argc, &argv, &rc)) {
        goto out;
    }
    if (argc > 2 || port < 0 || port > 65535 || max_list_mib < 1 || max_incident_kib < 1) {
        bl_cli_usage("serve", USAGE);
        rc = BL_EXIT_USAGE;
        goto out;
    }
    rc = BL_EXIT_IO;
    sv.max_list = (gsize)max_list_mib << 20;
    sv.max_incident = (gsize)max_incident_kib << 10;
    sv.root = realpath(argc == 2 ? argv[1] : ".", NULL);
    if (sv.root == NULL || (sv.rootfd = open(sv.root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
        fprintf(stderr, "breachletter serve: error: cannot open the workspace '%s': %s\n",
                argc == 2 ? argv[1] : ".", g_strerror(errno));
        goto out;
    }
    sv.data = g_strdup(bl_session_data_dir(common.data_dir));
    sv.data_given = g_strdup(common.data_dir);
    path = g_build_filename(sv.data, "templates", "serve", "page.html", NULL);
    if (!g_file_get_contents(path, &sv.layout, NULL, &err)) {
        fprintf(stderr, "breachletter serve: error: %s (the data folder's templates/serve/)\n",
                err->message);
        goto out;
    }
    sv.token = random_token();
    if (sv.token == NULL) {
        fprintf(stderr, "breachletter serve: error: no random numbers: %s\n", g_strerror(errno));
        goto out;
    }
    sv.csrf = g_compute_hmac_for_string(G_CHECKSUM_SHA256, (const guchar *)sv.token,
                                        strlen(sv.token), "breachletter serve: forms", -1);
    sv.server = soup_server_new("server-header", NULL, NULL);
    soup_server_add_early_handler(sv.server, NULL, early_handler, &sv, NULL);
    soup_server_add_handler(sv.server, NULL, handler, &sv, NULL);
    g_signal_connect(sv.server, "request-started", G_CALLBACK(request_started), &sv);
    g_signal_connect(sv.server, "request-finished", G_CALLBACK(request_finished), &sv);
    g_signal_connect(sv.server, "request-aborted", G_CALLBACK(request_finished), &sv);
    {
        GInetAddress *lo = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
        GSocketAddress *addr = g_inet_socket_address_new(lo, (guint16)port);
        gboolean ok = soup_server_listen(sv.server, addr, 0, &err);
        g_object_unref(addr);
        g_object_unref(lo);
        if (!ok) {
            fprintf(stderr, "breachletter serve: error: cannot listen on 127.0.0.1:%d: %s\n", port,
                    err->message);
            goto out;
        }
    }
    uris = soup_server_get_uris(sv.server);
    port = uris != NULL ? g_uri_get_port(uris->data) : port;
    sv.host = g_strdup_printf("127.0.0.1:%d", port);
    sv.host_name = g_strdup_printf("localhost:%d", port);
    sv.origin = g_strdup_printf("http://%s", sv.host);
    sv.cookie = g_strdup_printf("bl_token_%d", port);
    sv.loop = g_main_loop_new(NULL, FALSE);
    g_unix_signal_add(SIGTERM, on_signal, &sv);
    g_unix_signal_add(SIGINT, on_signal, &sv);
    g_unix_signal_add(SIGHUP, on_signal, &sv);
    fprintf(stderr, "breachletter serve: workspace %s\n", sv.root);
    printf("%s/?token=%s\n", sv.origin, sv.token);
    fflush(stdout);
    g_main_loop_run(sv.loop);
    fprintf(stderr, "breachletter serve: stopped\n");
    rc = BL_EXIT_OK;
out:
    g_slist_free_full(uris, (GDestroyNotify)g_uri_unref);
    g_clear_error(&err);
    g_free(path);
    serve_release(&sv);
    bl_cli_common_release(&common);
    return rc;
}

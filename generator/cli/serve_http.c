/* SPDX-License-Identifier: MIT */
/* The workbench's server: the guards every request passes (its host, the access token as a
 * cookie, a same-origin change with the forms' token, a body within its limit), the answers a
 * screen gives, and the dispatch of a request to the route of the screen that takes it. */
#include "serve.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "serve_fs.h"
#include "serve_html.h"

/* Every response: scripts and styles only from the server's own files, no frames, no sniffing.
 * The referrer is sent to the workbench itself only: with no-referrer a browser sends
 * "Origin: null" on a form's POST, and the same-origin check could not tell the workbench's own
 * forms from a foreign page's. */
#define CSP                                                                                        \
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; " \
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

gboolean
bl_serve_same_secret(const char *a, const char *b)
{
    size_t la = a != NULL ? strlen(a) : 0, lb = strlen(b);
    unsigned char diff = la != lb;

    for (size_t i = 0; i < lb; i++) {
        diff |= (unsigned char)((i < la ? a[i] : 0) ^ b[i]);
    }
    return a != NULL && diff == 0;
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

void
bl_serve_respond(SoupServerMessage *msg, guint status, const char *type, char *body_take, gsize len)
{
    soup_server_message_set_status(msg, status, NULL);
    soup_server_message_set_response(msg, type, SOUP_MEMORY_TAKE, body_take, len);
}

/* page (taken) with the layout's nav link to the screen titled title marked as the current
 * page for assistive technology; a page of no screen of the nav is returned as it is. */
static char *
mark_current(char *page, const char *title)
{
    static const char *const screens[][2] = {
        {"Workspace", "/"},
        {"New incident", "/new"},
        {"Mass run", "/run"},
        {"One person's letter", "/person"},
    };
    const char *nav = strstr(page, "<nav"), *link = NULL;
    char *needle = NULL, *res;

    for (size_t i = 0; nav != NULL && i < G_N_ELEMENTS(screens) && needle == NULL; i++) {
        if (strcmp(title, screens[i][0]) == 0) {
            needle = g_strdup_printf("<a href=\"%s\"", screens[i][1]);
        }
    }
    if (needle != NULL) {
        link = strstr(nav, needle);
    }
    if (link == NULL) {
        g_free(needle);
        return page;
    }
    link += strlen(needle);
    res = g_strdup_printf("%.*s aria-current=\"page\"%s", (int)(link - page), page, link);
    g_free(needle);
    g_free(page);
    return res;
}

void
bl_serve_respond_page(struct serve *sv, SoupServerMessage *msg, guint status, const char *title,
                      char *main_take)
{
    char *page = mark_current(bl_serve_html_page(sv->layout, title, main_take), title);

    g_free(main_take);
    bl_serve_respond(msg, status, "text/html; charset=utf-8", page, strlen(page));
}

void
bl_serve_respond_message(struct serve *sv, SoupServerMessage *msg, guint status,
                         const char *heading, const char *text)
{
    bl_serve_respond_page(sv, msg, status, heading, bl_serve_html_message(heading, text));
}

void
bl_serve_redirect(SoupServerMessage *msg, const char *location)
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
    gboolean ok = bl_serve_same_secret(cookie, sv->token);

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

const char *
bl_serve_arg(GHashTable *query, const char *key)
{
    return query != NULL ? g_hash_table_lookup(query, key) : NULL;
}

/* An incident file of the workspace that the editor may open: a safe name ending in .xml of a
 * regular file that opens without following a link. */
gboolean
bl_serve_incident_ok(struct serve *sv, const char *rel, gboolean must_exist)
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
/* A list of the workspace: a regular file whose name ends in .csv or .xml. */
gboolean
bl_serve_list_ok(struct serve *sv, const char *rel)
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

/* The route of path for a POST or a GET: of the screens' tables, the first whose path is path,
 * or a prefix of it ending in '/' ("/static/"; "/" is the home page alone). */
static const struct serve_route *
find_route(const char *path, gboolean post)
{
    static const struct serve_route *const tables[] = {
        bl_serve_editor_routes, bl_serve_preview_routes, bl_serve_signoff_routes,
        bl_serve_person_routes, bl_serve_run_routes,
    };

    for (size_t t = 0; t < G_N_ELEMENTS(tables); t++) {
        for (const struct serve_route *r = tables[t]; r->path != NULL; r++) {
            size_t n = strlen(r->path);
            gboolean match = n > 1 && r->path[n - 1] == '/' ? strncmp(path, r->path, n) == 0
                                                            : strcmp(path, r->path) == 0;
            if (match && (r->kind != SERVE_GET) == post) {
                return r;
            }
        }
    }
    return NULL;
}

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
        bl_serve_respond_message(sv, msg, SOUP_STATUS_LENGTH_REQUIRED, "Length required",
                                 "Send the request with its length.");
        return;
    }
    length = soup_message_headers_get_content_length(h);
    if (length < 0 || (guint64)length > limit) {
        char *text = g_strdup_printf("The limit here is %" G_GSIZE_FORMAT
                                     " bytes (breachletter serve --help names the options that "
                                     "raise it).",
                                     limit);
        bl_serve_respond_message(sv, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "Too large", text);
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
    const struct serve_route *route;

    security_headers(msg);
    if (has_nul(msg)) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_BAD_REQUEST, "Refused",
                                 "The address holds a NUL character.");
        return;
    }
    if (!host_ok(sv, msg)) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_FORBIDDEN, "Refused",
                                 "This workbench answers to its own address only.");
        return;
    }
    /* the address printed at start: the token becomes a cookie and leaves the address bar */
    if (!post && bl_serve_arg(query, "token") != NULL) {
        if (!bl_serve_same_secret(bl_serve_arg(query, "token"), sv->token)) {
            bl_serve_respond_message(sv, msg, SOUP_STATUS_FORBIDDEN, "Refused",
                                     "Open the address breachletter serve printed.");
            return;
        }
        char *cookie =
            g_strdup_printf("%s=%s; Path=/; HttpOnly; SameSite=Strict", sv->cookie, sv->token);
        soup_message_headers_append(soup_server_message_get_response_headers(msg), "Set-Cookie",
                                    cookie);
        g_free(cookie);
        char *location = without_token(msg, path);
        bl_serve_redirect(msg, location);
        g_free(location);
        return;
    }
    if (!authorised(sv, msg)) {
        bl_serve_respond_message(
            sv, msg, SOUP_STATUS_FORBIDDEN, "Refused",
            "Open the address breachletter serve printed: it holds the key to this "
            "workbench.");
        return;
    }
    if (post && !same_origin(sv, msg)) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_FORBIDDEN, "Refused",
                                 "Changes are taken from the workbench's own pages only.");
        return;
    }
    route = find_route(path, post);
    if (route == NULL) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_NOT_FOUND, "Not found",
                                 post ? "No such action." : "No such page.");
    } else if (!post && strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Not allowed",
                                 "The workbench takes GET and POST.");
    } else if (route->kind == SERVE_POST_FORM) {
        gsize len = 0;
        char *body = request_body(msg, &len);
        GHashTable *fields = NULL;
        /* as in the address: a decoded value would end at a NUL ("x.xml%00.csv" naming x.xml) */
        if (strlen(body) != len || strstr(body, "%00") != NULL) {
            bl_serve_respond_message(sv, msg, SOUP_STATUS_BAD_REQUEST, "Refused",
                                     "The form holds a NUL character.");
        } else {
            fields = soup_form_decode(body);
            if (!bl_serve_same_secret(g_hash_table_lookup(fields, "csrf"), sv->csrf)) {
                bl_serve_respond_message(sv, msg, SOUP_STATUS_FORBIDDEN, "Refused",
                                         "The form is stale or comes from another page: reload "
                                         "the workbench.");
            } else {
                route->fn(sv, msg, path, fields);
            }
        }
        if (fields != NULL) {
            g_hash_table_destroy(fields);
        }
        g_free(body);
    } else {
        route->fn(sv, msg, path, route->kind == SERVE_GET ? query : NULL);
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

void
bl_serve_http_start(struct serve *sv)
{
    soup_server_add_early_handler(sv->server, NULL, early_handler, sv, NULL);
    soup_server_add_handler(sv->server, NULL, handler, sv, NULL);
    g_signal_connect(sv->server, "request-started", G_CALLBACK(request_started), sv);
    g_signal_connect(sv->server, "request-finished", G_CALLBACK(request_finished), sv);
    g_signal_connect(sv->server, "request-aborted", G_CALLBACK(request_finished), sv);
}

/* SPDX-License-Identifier: MIT */
/* The workbench's home and editor: the workspace's files, the incident form opened from and
 * saved to XML, uploads, downloads, and the pages' script and style. */
#include "serve.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "incident_form.h"
#include "serve_fs.h"
#include "serve_html.h"
#include "serve_preview.h"

static void
page_home(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *args)
{
    char **incidents, **lists, **outputs;
    const char *done = bl_serve_arg(args, "uploaded");

    bl_serve_fs_scan(sv->rootfd, 3, &incidents, &lists, &outputs);
    bl_serve_respond_page(sv, msg, SOUP_STATUS_OK, "Workspace",
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

/* The editor page asked for: the incident's name, and whether it was just saved. */
struct edit_req {
    char *rel;
    gboolean saved;
};

static void
edit_req_free(gpointer data)
{
    struct edit_req *req = data;

    g_free(req->rel);
    g_free(req);
}

void
bl_serve_editor_respond(struct serve *sv, SoupServerMessage *msg, const char *rel,
                        const char *panel, gboolean saved)
{
    char *path = g_build_filename(sv->root, rel, NULL);
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_incident_form *form = NULL;

    if (bl_incident_form_read(&form, path, diag) < 0) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "Not an incident file",
                                 bl_diag_last_message(diag));
    } else {
        char *schema = schema_path(sv);
        char *vocab = vocab_path(sv);
        GPtrArray *problems = bl_incident_form_problems(form, path, schema, vocab);

        bl_serve_respond_page(
            sv, msg, SOUP_STATUS_OK, rel,
            bl_serve_html_editor(form, rel, problems, sv->csrf, panel,
                                 saved ? (problems->len > 0 ? "Saved, with problems to "
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

/* The editor page of the incident, once its preview panel is drawn. */
static void
edit_panel(struct serve *sv, SoupServerMessage *msg, const char *panel, gpointer data)
{
    const struct edit_req *req = data;

    bl_serve_editor_respond(sv, msg, req->rel, panel, req->saved);
}

static void
page_edit(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *args)
{
    const char *rel = bl_serve_arg(args, "file");
    struct edit_req *req;
    struct bl_diag *diag;
    struct bl_incident_form *form = NULL;
    char *path;

    if (!bl_serve_incident_ok(sv, rel, TRUE)) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_NOT_FOUND, "No such incident",
                                 "The workspace has no incident file of that name.");
        return;
    }
    if (bl_serve_arg(args, "recipient") != NULL) {
        /* a person's id stays out of addresses and the browser's history */
        bl_serve_respond_message(sv, msg, SOUP_STATUS_BAD_REQUEST, "No person from an address",
                                 "A person's letter is not drawn from an address: choose the "
                                 "person in the preview and press Show.");
        return;
    }
    path = g_build_filename(sv->root, rel, NULL);
    diag = bl_diag_new(NULL);
    if (bl_incident_form_read(&form, path, diag) < 0) {
        /* told at once: nothing to draw */
        bl_serve_respond_message(sv, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "Not an incident file",
                                 bl_diag_last_message(diag));
    } else {
        req = g_new0(struct edit_req, 1);
        req->rel = g_strdup(rel);
        req->saved = bl_serve_arg(args, "saved") != NULL;
        bl_serve_preview_panel(sv, msg, rel, args, edit_panel, req, edit_req_free);
    }
    bl_incident_form_free(form);
    bl_diag_free(diag);
    g_free(path);
}

static void
page_new(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *args)
{
    struct bl_incident_form *form = bl_incident_form_new();

    /* the one template shipped, and English, so that a new incident starts where most do */
    bl_incident_form_set(form, "incident.template", "us-notice");
    bl_incident_form_set(form, "incident.language", "en");
    bl_serve_respond_page(sv, msg, SOUP_STATUS_OK, "New incident",
                          bl_serve_html_editor(form, NULL, NULL, sv->csrf, NULL, NULL));
    bl_incident_form_free(form);
}

static void
post_save(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *args)
{
    const char *rel = g_hash_table_lookup(args, "file");
    struct bl_incident_form *form = bl_incident_form_new();
    size_t n;
    const struct bl_form_field *fs = bl_incident_form_fields(&n);
    char *xml, *location, *escaped;

    if (!bl_serve_incident_ok(sv, rel, FALSE)) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_BAD_REQUEST, "Cannot save there",
                                 "Give a name in the workspace that ends in .xml, in a folder that "
                                 "exists, without '..' or a part starting with '-'.");
        bl_incident_form_free(form);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        bl_incident_form_set(form, fs[i].key, g_hash_table_lookup(args, fs[i].key));
    }
    xml = bl_incident_form_to_xml(form);
    if (bl_serve_fs_write(sv->rootfd, rel, xml, strlen(xml)) < 0) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Not saved",
                                 g_strerror(errno));
    } else {
        escaped = g_uri_escape_string(rel, "/", FALSE);
        location = g_strdup_printf("/edit?file=%s&saved=1", escaped);
        bl_serve_redirect(msg, location);
        g_free(location);
        g_free(escaped);
    }
    g_free(xml);
    bl_incident_form_free(form);
}

static void
post_upload(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *args)
{
    gboolean list = strcmp(route, "/upload/list") == 0;
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
    if (!bl_serve_same_secret(csrf, sv->csrf)) {
        bl_serve_respond_message(
            sv, msg, SOUP_STATUS_FORBIDDEN, "Refused",
            "The form is stale or comes from another page: reload the workbench.");
    } else if (data == NULL || name == NULL || !bl_serve_fs_name_ok(name) ||
               !(g_str_has_suffix(name, ".xml") || (list && g_str_has_suffix(name, ".csv")))) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_BAD_REQUEST, "Nothing uploaded",
                                 list ? "Choose a list whose name ends in .csv or .xml and "
                                        "does not start with '-'."
                                      : "Choose an incident whose name ends in .xml and does not "
                                        "start with '-'.");
    } else {
        int fd = bl_serve_fs_open(sv->rootfd, name, O_RDONLY, 0);
        if (fd >= 0 || errno != ENOENT) {
            if (fd >= 0) {
                close(fd);
            }
            bl_serve_respond_message(
                sv, msg, SOUP_STATUS_CONFLICT, "Not uploaded",
                "The workspace has a file of that name already: rename the file to "
                "upload.");
        } else if (bl_serve_fs_write(sv->rootfd, name, g_bytes_get_data(data, NULL),
                                     g_bytes_get_size(data)) < 0) {
            bl_serve_respond_message(sv, msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Not uploaded",
                                     g_strerror(errno));
        } else {
            bl_serve_redirect(msg, "/?uploaded=1");
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
get_file(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *args)
{
    const char *rel = bl_serve_arg(args, "path");
    gsize len = 0;
    char *data = rel != NULL ? bl_serve_fs_read(sv->rootfd, rel, sv->max_list, &len) : NULL;

    if (data == NULL && (rel == NULL || errno == EINVAL)) {
        bl_serve_respond_message(
            sv, msg, SOUP_STATUS_BAD_REQUEST, "Refused",
            "Name a file inside the workspace, without '..' or a leading '/'.");
        return;
    }
    if (data == NULL && (errno == ELOOP || errno == ENOTDIR)) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_FORBIDDEN, "Refused",
                                 "The workbench follows no symbolic link.");
        return;
    }
    if (data == NULL && errno == EFBIG) {
        char *text = g_strdup_printf("The file is larger than the limit of %" G_GSIZE_FORMAT
                                     " bytes (breachletter serve --max-list-size raises it).",
                                     sv->max_list);
        bl_serve_respond_message(sv, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "Too large", text);
        g_free(text);
        return;
    }
    if (data == NULL) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_NOT_FOUND, "No such file",
                                 "The workspace has no file of that name that can be shown.");
        return;
    }
    soup_message_headers_replace(soup_server_message_get_response_headers(msg),
                                 "Content-Disposition", "attachment");
    bl_serve_respond(msg, SOUP_STATUS_OK, "application/octet-stream", data, len);
}

/* The pages' script and style, from templates/serve/. */
static void
get_static(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *args)
{
    const char *name = route + strlen("/static/");
    static const char *const files[][2] = {
        {"app.js", "text/javascript; charset=utf-8"},
        {"preview.js", "text/javascript; charset=utf-8"},
        {"run.js", "text/javascript; charset=utf-8"},
        {"style.css", "text/css; charset=utf-8"},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
        if (strcmp(name, files[i][0]) == 0) {
            char *path = g_build_filename(sv->data, "templates", "serve", name, NULL);
            char *data = NULL;
            gsize len = 0;
            if (g_file_get_contents(path, &data, &len, NULL)) {
                bl_serve_respond(msg, SOUP_STATUS_OK, files[i][1], data, len);
            } else {
                bl_serve_respond_message(sv, msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Missing file",
                                         "The workbench's data folder lacks this file.");
            }
            g_free(path);
            return;
        }
    }
    bl_serve_respond_message(sv, msg, SOUP_STATUS_NOT_FOUND, "Not found", "No such page.");
}

const struct serve_route bl_serve_editor_routes[] = {
    {SERVE_GET, "/", page_home},
    {SERVE_GET, "/edit", page_edit},
    {SERVE_GET, "/new", page_new},
    {SERVE_GET, "/file", get_file},
    {SERVE_GET, "/static/", get_static},
    {SERVE_POST_FORM, "/save", post_save},
    {SERVE_POST_RAW, "/upload/list", post_upload},
    {SERVE_POST_RAW, "/upload/incident", post_upload},
    {0, NULL, NULL},
};

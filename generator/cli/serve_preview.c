/* SPDX-License-Identifier: MIT */
/* The workbench's preview: page 1 of a letter as a picture, drawn by preview's code. */
#include "serve.h"

#include <glib/gstdio.h>
#include <string.h>

#include "diag.h"
#include "preview.h"
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
get_preview(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *args)
{
    const char *rel = bl_serve_arg(args, "file");
    const char *jur = bl_serve_arg(args, "jurisdiction");
    const char *variant = bl_serve_arg(args, "variant");
    struct bl_preview_options opts = {0};
    struct bl_diag *diag;
    char *tmp, *path, *out, *page;
    char *data = NULL;
    gsize len = 0;

    if (!bl_serve_incident_ok(sv, rel, TRUE) || !jurisdiction_ok(jur) ||
        (variant != NULL && variant[0] != '\0' && strcmp(variant, "adult") != 0 &&
         strcmp(variant, "minor") != 0 && strcmp(variant, "deceased") != 0)) {
        bl_serve_respond_message(
            sv, msg, SOUP_STATUS_BAD_REQUEST, "No preview",
            "Name an incident of the workspace, a state as two capital letters and "
            "a variant: adult, minor or deceased.");
        return;
    }
    tmp = g_dir_make_tmp("bl-serve-XXXXXX", NULL);
    if (tmp == NULL) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "No preview",
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
        bl_serve_respond(msg, SOUP_STATUS_OK, "image/png", data, len);
    } else {
        bl_serve_respond_message(
            sv, msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "No preview",
            "The letter cannot be drawn yet: fix the problems the editor lists.");
    }
    bl_diag_free(diag);
    remove_tmp(tmp);
    g_free(page);
    g_free(out);
    g_free(path);
    g_free(tmp);
}

const struct serve_route bl_serve_preview_routes[] = {
    {SERVE_GET, "/preview.png", get_preview},
    {0, NULL, NULL},
};

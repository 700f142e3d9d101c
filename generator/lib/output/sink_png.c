/* SPDX-License-Identifier: MIT */
/* PNG sink: one page as a picture, for previews and documentation. */
#include "sink.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "render.h"
#include "tempfile.h"

int
bl_sink_png_write(const char *path, const struct bl_doc *doc, int page, double dpi,
                  struct bl_diag *diag)
{
    struct bl_loc loc = {path, 0, 0};
    double scale = dpi / 72.0;
    cairo_surface_t *surface = cairo_image_surface_create(
        CAIRO_FORMAT_RGB24, (int)(BL_PAGE_WIDTH * scale), (int)(BL_PAGE_HEIGHT * scale));
    cairo_t *cr = cairo_create(surface);
    char *tmp = g_strdup_printf("%s.part", path);
    cairo_status_t status;
    int rc = 0;

    bl_temp_track(tmp);
    cairo_scale(cr, scale, scale);
    bl_render_page(cr, doc, page);
    cairo_destroy(cr);
    status = cairo_surface_write_to_png(surface, tmp);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS || g_rename(tmp, path) < 0) {
        bl_diag_error(diag, &loc, "cannot write the picture: %s",
                      status != CAIRO_STATUS_SUCCESS ? cairo_status_to_string(status)
                                                     : g_strerror(errno));
        g_unlink(tmp);
        rc = -1;
    }
    bl_temp_untrack(tmp);
    g_free(tmp);
    return rc;
}

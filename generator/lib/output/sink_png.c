/* SPDX-License-Identifier: MIT */
/* PNG sink: a picture of each page, for previews and documentation. A letter named NAME.png (or
 * NAME) makes NAME-1.png, NAME-2.png, ...; each is written when its page ends. */
#include "sink_impl.h"

#include <string.h>
#include <unistd.h>

struct png_sink {
    struct bl_sink base;
    char *stem;      /* the open letter's name without .png */
    GPtrArray *made; /* the open letter's pictures written so far: removed if it fails */
    cairo_surface_t *surface;
    cairo_t *cr;
    gboolean failed; /* a page of the open letter could not be written (reported) */
};

static double
dpi(const struct bl_sink *s)
{
    return s->config.dpi > 0 ? s->config.dpi : 96.0;
}

static int
png_open_letter(struct bl_sink *s, const struct bl_letter *letter, const char *id, const char *file)
{
    struct png_sink *p = (struct png_sink *)s;

    g_free(p->stem);
    p->stem = g_str_has_suffix(file, ".png") ? g_strndup(file, strlen(file) - 4) : g_strdup(file);
    p->made = g_ptr_array_new_with_free_func(g_free);
    p->failed = FALSE;
    return 0;
}

static cairo_t *
png_begin_page(struct bl_sink *s)
{
    struct png_sink *p = (struct png_sink *)s;
    double scale = dpi(s) / 72.0;

    p->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(BL_PAGE_WIDTH * scale),
                                            (int)(BL_PAGE_HEIGHT * scale));
    p->cr = cairo_create(p->surface);
    cairo_scale(p->cr, scale, scale);
    return p->cr;
}

/* Writes the page's picture; 0, or -1 reported with nothing left of it. */
static int
write_page(struct png_sink *p, const char *name)
{
    struct bl_sink *s = &p->base;
    const char *leaf;
    char *shown;
    int dir, rc = -1;

    if (bl_sink_get_dir(s, name, "picture", &dir, &leaf, &shown) == 0) {
        struct bl_sink_file *f =
            bl_sink_file_open(dir, leaf, shown, "picture", !s->config.sync_later, s->diag);

        if (f != NULL) {
            rc = bl_sink_file_close(
                f, cairo_surface_write_to_png_stream(p->surface, bl_sink_file_write, f), NULL);
        }
        bl_sink_put_dir(s, dir);
        g_free(shown);
    }
    return rc;
}

static void
png_end_page(struct bl_sink *s)
{
    struct png_sink *p = (struct png_sink *)s;
    char *name = g_strdup_printf("%s-%d.png", p->stem, s->pages + 1);

    cairo_destroy(p->cr);
    p->cr = NULL;
    /* after a failed page, the letter's other pages are not written: it is removed */
    if (!p->failed && write_page(p, name) == 0) {
        g_ptr_array_add(p->made, name);
        name = NULL;
    } else {
        p->failed = TRUE;
    }
    cairo_surface_destroy(p->surface);
    p->surface = NULL;
    g_free(name);
}

/* Removes the open letter's pictures (in the output folder: only the user's own, never through
 * a link). */
static void
remove_made(struct png_sink *p)
{
    for (guint i = 0; i < p->made->len; i++) {
        const char *name = g_ptr_array_index(p->made, i);

        if (p->base.config.out != NULL) {
            bl_outdir_remove(p->base.config.out, name);
        } else {
            unlink(name);
        }
    }
    g_ptr_array_set_size(p->made, 0);
}

static int
png_close_letter(struct bl_sink *s, struct bl_sink_placed *placed)
{
    struct png_sink *p = (struct png_sink *)s;
    int rc = p->failed ? -1 : 0;

    if (p->failed) {
        remove_made(p);
    }
    g_clear_pointer(&p->made, g_ptr_array_unref);
    return rc;
}

static void
png_abort(struct bl_sink *s)
{
    struct png_sink *p = (struct png_sink *)s;

    if (p->cr != NULL) {
        cairo_destroy(p->cr);
        cairo_surface_destroy(p->surface);
        p->cr = NULL;
        p->surface = NULL;
    }
    if (p->made != NULL) {
        remove_made(p);
        g_clear_pointer(&p->made, g_ptr_array_unref);
    }
}

static void
png_release(struct bl_sink *s)
{
    g_free(((struct png_sink *)s)->stem);
}

const struct bl_sink_ops bl_sink_png_ops = {
    .kind = "png",
    .size = sizeof(struct png_sink),
    .open_letter = png_open_letter,
    .begin_page = png_begin_page,
    .end_page = png_end_page,
    .close_letter = png_close_letter,
    .abort = png_abort,
    .release = png_release,
};

/* SPDX-License-Identifier: MIT */
/* Fonts: registers the shipped fonts in a private fontconfig and builds the Pango context. */
#include "fonts.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <string.h>

struct bl_fonts {
    FcConfig *config;
    PangoFontMap *map;
    PangoContext *context;
    GHashTable *cache; /* key -> struct cached */
};

/* Templates have a few hundred distinct fixed paragraphs at most: past this, nothing is added */
#define CACHE_MAX 4096

struct cached {
    gpointer value;
    GDestroyNotify destroy;
};

static void
cached_free(gpointer data)
{
    struct cached *c = data;

    c->destroy(c->value);
    g_free(c);
}

static gboolean
has_family(FcConfig *config, const char *family)
{
    FcFontSet *set = FcConfigGetFonts(config, FcSetApplication);

    for (int i = 0; set != NULL && i < set->nfont; i++) {
        FcChar8 *name = NULL;

        if (FcPatternGetString(set->fonts[i], FC_FAMILY, 0, &name) == FcResultMatch &&
            strcmp((const char *)name, family) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

static gint
compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds each font file by itself: adding the directory would make fontconfig try to write a
 * cache, and this configuration has no cache directory on purpose. Returns the files added, or
 * -1 when dir cannot be read. */
static int
add_files(FcConfig *config, const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    int n;

    if (d == NULL) {
        g_ptr_array_unref(names);
        return -1;
    }
    while ((name = g_dir_read_name(d)) != NULL) {
        if (g_str_has_suffix(name, ".ttf") || g_str_has_suffix(name, ".otf")) {
            g_ptr_array_add(names, g_build_filename(dir, name, NULL));
        }
    }
    g_dir_close(d);
    /* in name order: the same faces win on every machine, whatever the directory's order */
    g_ptr_array_sort(names, compare_names);
    for (guint i = 0; i < names->len; i++) {
        FcConfigAppFontAddFile(config, (const FcChar8 *)g_ptr_array_index(names, i));
    }
    n = (int)names->len;
    g_ptr_array_unref(names);
    return n;
}

int
bl_fonts_load(struct bl_fonts **out, const char *dir, struct bl_diag *diag)
{
    static const char *const families[] = {"Noto Serif", "Noto Sans"};
    struct bl_loc loc = {dir, 0, 0};
    struct bl_fonts *fonts = g_new0(struct bl_fonts, 1);
    cairo_font_options_t *opts;
    int rc = -1, files;

    fonts->config = FcConfigCreate();
    fonts->cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, cached_free);
    if ((files = add_files(fonts->config, dir)) < 0) {
        bl_diag_error(diag, &loc, "cannot read the font directory");
        goto out;
    }
    for (gsize i = 0; i < G_N_ELEMENTS(families); i++) {
        if (!has_family(fonts->config, families[i])) {
            bl_diag_error(diag, &loc, "font family '%s' is missing from the font directory",
                          families[i]);
            goto out;
        }
    }
    fonts->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fonts->map), fonts->config);
    fonts->context = pango_font_map_create_context(fonts->map);
    pango_cairo_context_set_resolution(fonts->context, 72.0);
    opts = cairo_font_options_create();
    cairo_font_options_set_hint_style(opts, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(opts, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(opts, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(fonts->context, opts);
    cairo_font_options_destroy(opts);
    pango_context_set_language(fonts->context, pango_language_from_string("en-us"));
    bl_diag_info(diag, "fonts %s: %d files, families Noto Serif and Noto Sans", dir, files);
    *out = fonts;
    fonts = NULL;
    rc = 0;
out:
    bl_fonts_free(fonts);
    return rc;
}

void
bl_fonts_free(struct bl_fonts *fonts)
{
    if (fonts == NULL) {
        return;
    }
    /* the cached layouts hold the context: they go first */
    g_hash_table_unref(fonts->cache);
    if (fonts->context != NULL) {
        g_object_unref(fonts->context);
    }
    if (fonts->map != NULL) {
        /* drops the fonts the map caches, which would otherwise keep it and the fontconfig
         * configuration alive until exit */
        pango_fc_font_map_shutdown(PANGO_FC_FONT_MAP(fonts->map));
        g_object_unref(fonts->map);
    }
    if (fonts->config != NULL) {
        FcConfigDestroy(fonts->config);
    }
    g_free(fonts);
}

PangoContext *
bl_fonts_context(const struct bl_fonts *fonts)
{
    return fonts->context;
}

PangoLayout *
bl_fonts_layout(const struct bl_fonts *fonts, const char *family, PangoWeight weight, double size,
                double width)
{
    PangoLayout *layout = pango_layout_new(fonts->context);
    PangoFontDescription *desc = pango_font_description_new();

    pango_font_description_set_family_static(desc, family);
    pango_font_description_set_weight(desc, weight);
    pango_font_description_set_absolute_size(desc, size * PANGO_SCALE);
    pango_layout_set_font_description(layout, desc);
    pango_font_description_free(desc);
    if (width > 0) {
        pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    }
    return layout;
}

gpointer
bl_fonts_cache_lookup(const struct bl_fonts *fonts, const char *key)
{
    struct cached *c = g_hash_table_lookup(fonts->cache, key);

    return c != NULL ? c->value : NULL;
}

gboolean
bl_fonts_cache_insert(const struct bl_fonts *fonts, const char *key, gpointer value,
                      GDestroyNotify destroy)
{
    struct cached *c;

    if (g_hash_table_size(fonts->cache) >= CACHE_MAX) {
        return FALSE;
    }
    c = g_new(struct cached, 1);
    c->value = value;
    c->destroy = destroy;
    g_hash_table_replace(fonts->cache, g_strdup(key), c);
    return TRUE;
}

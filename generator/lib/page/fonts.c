/* SPDX-License-Identifier: MIT */
/* Fonts: registers the shipped fonts in a private fontconfig and builds the Pango context. */
#include "fonts.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <glib/gstdio.h>
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

/* Adds the fonts dir/packaged.txt names (fonts of Debian packages, too large to ship): one a
 * line, "path size sha256 package version"; blank lines and lines starting with '#' are
 * skipped. A file that is missing, or whose size is not the one listed (another version of
 * the package), is not used, with a warning: text in its scripts then has no font and its
 * letters are refused, rather than set in faces other than the ones pinned. Returns the files
 * added, or -1 when the list is malformed. */
static int
add_packaged(FcConfig *config, const char *dir, struct bl_diag *diag)
{
    char *list = g_build_filename(dir, "packaged.txt", NULL);
    char *text = NULL;
    char **lines;
    int n = 0;

    if (!g_file_get_contents(list, &text, NULL, NULL)) {
        g_free(list);
        return 0; /* no packaged fonts */
    }
    lines = g_strsplit(text, "\n", -1);
    for (int i = 0; lines[i] != NULL && n >= 0; i++) {
        struct bl_loc loc = {list, i + 1, 0};
        char **f = g_strsplit_set(g_strstrip(lines[i]), " \t", -1);
        guint nf = 0;
        const char *field[5] = {NULL};
        GStatBuf st;

        for (int k = 0; f[k] != NULL; k++) {
            if (f[k][0] != '\0' && nf < G_N_ELEMENTS(field)) {
                field[nf++] = f[k];
            }
        }
        if (nf == 0 || field[0][0] == '#') {
            g_strfreev(f);
            continue;
        }
        if (nf != 5 || !g_path_is_absolute(field[0])) {
            bl_diag_error(diag, &loc,
                          "expected 'path size sha256 package version' with an absolute path");
            n = -1;
        } else if (g_stat(field[0], &st) != 0) {
            bl_diag_warning(diag, &loc,
                            "font %s is missing: install Debian package %s (version %s); text "
                            "in its scripts cannot be set",
                            field[0], field[3], field[4]);
        } else if ((guint64)st.st_size != g_ascii_strtoull(field[1], NULL, 10)) {
            bl_diag_warning(diag, &loc,
                            "font %s is not the one pinned (%s bytes, Debian package %s version "
                            "%s), so it is not used; text in its scripts cannot be set",
                            field[0], field[1], field[3], field[4]);
        } else {
            FcConfigAppFontAddFile(config, (const FcChar8 *)field[0]);
            n++;
        }
        g_strfreev(f);
    }
    g_strfreev(lines);
    g_free(text);
    g_free(list);
    return n;
}

/* The fallback order, after the family a layout asks for: the first face in the list that has
 * a character sets it. Scripts the base faces lack, the serif faces first for the serif body;
 * Han in the Simplified Chinese face unless the text's language says otherwise (rules below). */
static const char *const serif_fallback[] = {
    "Noto Naskh Arabic", "Noto Serif Hebrew", "Noto Serif Devanagari", "Noto Serif Thai",
    "Noto Serif CJK SC", "Noto Serif CJK TC", "Noto Serif CJK JP",     "Noto Serif CJK KR",
};
static const char *const sans_fallback[] = {
    "Noto Sans Arabic",   "Noto Sans Hebrew",   "Noto Sans Devanagari", "Noto Sans Thai",
    "Noto Sans Armenian", "Noto Sans Bengali",  "Noto Sans Ethiopic",   "Noto Sans Georgian",
    "Noto Sans Gujarati", "Noto Sans Gurmukhi", "Noto Sans Khmer",      "Noto Sans Lao",
    "Noto Sans Myanmar",  "Noto Sans Tamil",    "Noto Sans Telugu",     "Noto Sans CJK SC",
    "Noto Sans CJK TC",   "Noto Sans CJK JP",   "Noto Sans CJK KR",
};
/* Han unification: the same code point is drawn the Japanese, Korean or traditional Chinese
 * way when the text's language is one of these (Pango's language of the run: the letter's
 * language marked on Han text by bl_fonts_mark_language, "ja" for kana, "ko" for Hangul) */
static const struct {
    const char *lang, *face;
} han_faces[] = {
    {"ja", "JP"}, {"ko", "KR"}, {"zh-tw", "TC"}, {"zh-hk", "TC"}, {"zh-mo", "TC"},
};

static void
append_list(GString *xml, const char *const *list, gsize n)
{
    for (gsize i = 0; i < n; i++) {
        g_string_append_printf(xml, "<string>%s</string>", list[i]);
    }
}

/* One rule: after base, its sibling (the other of Noto Serif and Noto Sans, which has symbols
 * the base lacks, as before these lists), the serif list (when serif) and the sans list */
static void
append_family(GString *xml, const char *base, const char *sibling, gboolean serif)
{
    g_string_append_printf(
        xml,
        "<match target=\"pattern\"><test qual=\"first\" name=\"family\"><string>%s</string>"
        "</test><edit name=\"family\" mode=\"append\" binding=\"strong\">",
        base);
    g_string_append_printf(xml, "<string>%s</string>", sibling);
    if (serif) {
        append_list(xml, serif_fallback, G_N_ELEMENTS(serif_fallback));
    }
    append_list(xml, sans_fallback, G_N_ELEMENTS(sans_fallback));
    g_string_append(xml, "</edit></match>\n");
}

/* The private configuration's rules: the fallback lists after each base family, then the Han
 * face of the run's language moved right after the base family (a later "append" goes just
 * after the matched value, before the list). Only rules, no directories and no cache. */
static char *
fallback_config(void)
{
    GString *xml = g_string_new("<?xml version=\"1.0\"?>\n<fontconfig>\n");

    append_family(xml, "Noto Sans", "Noto Serif", FALSE);
    append_family(xml, "Noto Serif", "Noto Sans", TRUE);
    for (gsize i = 0; i < G_N_ELEMENTS(han_faces); i++) {
        for (int serif = 0; serif < 2; serif++) {
            const char *kind = serif ? "Serif" : "Sans";

            g_string_append_printf(
                xml,
                "<match target=\"pattern\"><test name=\"lang\" compare=\"contains\"><string>"
                "%s</string></test><test qual=\"first\" name=\"family\"><string>Noto "
                "%s</string></test>"
                "<edit name=\"family\" mode=\"append\" binding=\"strong\"><string>Noto %s CJK "
                "%s</string></edit></match>\n",
                han_faces[i].lang, kind, kind, han_faces[i].face);
        }
    }
    g_string_append(xml, "</fontconfig>\n");
    return g_string_free(xml, FALSE);
}

int
bl_fonts_load(struct bl_fonts **out, const char *dir, struct bl_diag *diag)
{
    static const char *const families[] = {"Noto Serif", "Noto Sans"};
    struct bl_loc loc = {dir, 0, 0};
    struct bl_fonts *fonts = g_new0(struct bl_fonts, 1);
    cairo_font_options_t *opts;
    int rc = -1, files, packaged;
    char *xml = NULL;

    fonts->config = FcConfigCreate();
    fonts->cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, cached_free);
    if ((files = add_files(fonts->config, dir)) < 0) {
        bl_diag_error(diag, &loc, "cannot read the font directory");
        goto out;
    }
    if ((packaged = add_packaged(fonts->config, dir, diag)) < 0) {
        goto out;
    }
    for (gsize i = 0; i < G_N_ELEMENTS(families); i++) {
        if (!has_family(fonts->config, families[i])) {
            bl_diag_error(diag, &loc, "font family '%s' is missing from the font directory",
                          families[i]);
            goto out;
        }
    }
    xml = fallback_config();
    if (!FcConfigParseAndLoadFromMemory(fonts->config, (const FcChar8 *)xml, FcFalse)) {
        bl_diag_error(diag, &loc, "the fonts' fallback rules are not accepted by fontconfig");
        goto out;
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
    bl_diag_info(diag, "fonts %s: %d files and %d of Debian's, families Noto Serif and Noto Sans",
                 dir, files, packaged);
    *out = fonts;
    fonts = NULL;
    rc = 0;
out:
    g_free(xml);
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

gunichar
bl_fonts_layout_uncovered(PangoLayout *layout)
{
    const char *text;
    PangoLayoutIter *it;
    gunichar found = 0;

    if (pango_layout_get_unknown_glyphs_count(layout) == 0) {
        return 0;
    }
    text = pango_layout_get_text(layout);
    it = pango_layout_get_iter(layout);
    do {
        PangoGlyphItem *run = pango_layout_iter_get_run_readonly(it);

        for (int g = 0; run != NULL && found == 0 && g < run->glyphs->num_glyphs; g++) {
            if (run->glyphs->glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
                found = g_utf8_get_char(text + run->item->offset + run->glyphs->log_clusters[g]);
            }
        }
    } while (found == 0 && pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
    return found;
}

gunichar
bl_fonts_uncovered(const struct bl_fonts *fonts, const char *text)
{
    static const char *const families[] = {"Noto Serif", "Noto Sans"};
    gunichar found = 0;

    for (gsize i = 0; i < G_N_ELEMENTS(families) && found == 0; i++) {
        PangoLayout *layout = bl_fonts_layout(fonts, families[i], PANGO_WEIGHT_NORMAL, 10, 0);

        pango_layout_set_text(layout, text, -1);
        found = bl_fonts_layout_uncovered(layout);
        g_object_unref(layout);
    }
    return found;
}

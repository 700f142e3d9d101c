/* SPDX-License-Identifier: MIT */
/* Fonts: registers the shipped fonts in a private fontconfig and builds the Pango context. */
#include "fonts.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <glib/gstdio.h>
#include <string.h>

/* The characters bl_fonts_uncovered()'s memo can hold: Basic Latin to Latin Extended-B */
#define KNOWN_END 0x250

struct bl_fonts {
    FcConfig *config;
    PangoFontMap *map;
    PangoContext *context;
    GHashTable *cache;     /* key -> struct cached */
    GHashTable *languages; /* the root's: language tag -> struct bl_fonts (a view) */
    struct bl_fonts *root; /* a view's: the fonts whose configuration and map it shares */
    /* The root's memo of bl_fonts_uncovered(): bit c of known is set when the character c
     * (below KNOWN_END) is set in Noto Serif and in Noto Sans whatever text it is in, as
     * probe() finds. Filled on the first call through any view, although the fonts are given
     * as const there (as the views and caches are): a fonts object, with its views, is used by
     * one thread at a time. */
    gboolean probed;
    guint32 known[KNOWN_END / 32];
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
                "<match target=\"pattern\"><test qual=\"first\" name=\"lang\" "
                "compare=\"contains\"><string>"
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

/* A context of map: 72 dpi, no hinting, its language lang (a BCP 47 tag). */
static PangoContext *
new_context(PangoFontMap *map, const char *lang)
{
    PangoContext *context = pango_font_map_create_context(map);
    cairo_font_options_t *opts = cairo_font_options_create();

    pango_cairo_context_set_resolution(context, 72.0);
    cairo_font_options_set_hint_style(opts, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(opts, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(opts, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(context, opts);
    cairo_font_options_destroy(opts);
    pango_context_set_language(context, pango_language_from_string(lang));
    return context;
}

static void
fonts_free_view(gpointer data)
{
    struct bl_fonts *view = data;

    g_hash_table_unref(view->cache);
    g_object_unref(view->context);
    g_free(view);
}

int
bl_fonts_load(struct bl_fonts **out, const char *dir, struct bl_diag *diag)
{
    static const char *const families[] = {"Noto Serif", "Noto Sans"};
    struct bl_loc loc = {dir, 0, 0};
    struct bl_fonts *fonts = g_new0(struct bl_fonts, 1);
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
    fonts->context = new_context(fonts->map, "en-us");
    fonts->languages = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, fonts_free_view);
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

/* Pango 1.50 matches every new font pattern in two threads of its own (FcFontSetMatch,
 * FcFontSetSort), each holding a reference on the map until it is done; when the last reference
 * to the pattern is theirs, they take it out of the map's table of patterns. Shutting the map
 * down while one still runs frees that table under it (a crash, now and then, in the run of
 * many letters). The map is only ours otherwise: its threads are done when its references are
 * down to ours. They take milliseconds; after 10 s the map is left as it is, not shut down (its
 * memory kept until exit rather than a crash). */
#define PANGO_WAIT_S 10

static gboolean
wait_for_pango(PangoFontMap *map)
{
    gint64 until = g_get_monotonic_time() + PANGO_WAIT_S * G_TIME_SPAN_SECOND;

    while (g_atomic_int_get((gint *)&G_OBJECT(map)->ref_count) > 1) {
        if (g_get_monotonic_time() > until) {
            return FALSE;
        }
        g_usleep(100);
    }
    return TRUE;
}

void
bl_fonts_free(struct bl_fonts *fonts)
{
    if (fonts == NULL) {
        return;
    }
    /* the views' layouts and the cached ones hold the contexts: they go first */
    if (fonts->languages != NULL) {
        g_hash_table_unref(fonts->languages);
    }
    g_hash_table_unref(fonts->cache);
    if (fonts->context != NULL) {
        g_object_unref(fonts->context);
    }
    if (fonts->map != NULL) {
        /* drops the fonts the map caches, which would otherwise keep it and the fontconfig
         * configuration alive until exit */
        if (wait_for_pango(fonts->map)) {
            pango_fc_font_map_shutdown(PANGO_FC_FONT_MAP(fonts->map));
        }
        g_object_unref(fonts->map);
    }
    if (fonts->config != NULL) {
        FcConfigDestroy(fonts->config);
    }
    g_free(fonts);
}

const struct bl_fonts *
bl_fonts_for_language(const struct bl_fonts *fonts, const char *lang)
{
    const struct bl_fonts *root = fonts->root != NULL ? fonts->root : fonts;
    struct bl_fonts *view;
    char *tag;

    if (lang == NULL || *lang == '\0') {
        return root;
    }
    tag = g_ascii_strdown(lang, -1);
    view = g_hash_table_lookup(root->languages, tag);
    if (view == NULL) {
        view = g_new0(struct bl_fonts, 1);
        view->root = (struct bl_fonts *)root;
        view->config = root->config;
        view->map = root->map;
        view->context = new_context(root->map, tag);
        view->cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, cached_free);
        g_hash_table_insert(root->languages, g_strdup(tag), view);
    }
    g_free(tag);
    return view;
}

/* The language a run of script takes when the layout's own language does not write that
 * script: a fixed one per script, never Pango's guess from the process's environment
 * (PANGO_LANGUAGE, LANGUAGE), which picks the glyph forms (Han's above all) and the fallback
 * face. Han is Simplified Chinese unless the text has kana (Japanese) or Hangul (Korean). NULL
 * for scripts without a face here, and for those every language shares. */
static const char *
script_language(PangoScript script, gboolean kana, gboolean hangul)
{
    static const struct {
        PangoScript script;
        const char *lang;
    } fixed[] = {
        {PANGO_SCRIPT_LATIN, "en"},    {PANGO_SCRIPT_CYRILLIC, "ru"},
        {PANGO_SCRIPT_GREEK, "el"},    {PANGO_SCRIPT_ARABIC, "ar"},
        {PANGO_SCRIPT_HEBREW, "he"},   {PANGO_SCRIPT_DEVANAGARI, "hi"},
        {PANGO_SCRIPT_THAI, "th"},     {PANGO_SCRIPT_ARMENIAN, "hy"},
        {PANGO_SCRIPT_BENGALI, "bn"},  {PANGO_SCRIPT_ETHIOPIC, "am"},
        {PANGO_SCRIPT_GEORGIAN, "ka"}, {PANGO_SCRIPT_GUJARATI, "gu"},
        {PANGO_SCRIPT_GURMUKHI, "pa"}, {PANGO_SCRIPT_KHMER, "km"},
        {PANGO_SCRIPT_LAO, "lo"},      {PANGO_SCRIPT_MYANMAR, "my"},
        {PANGO_SCRIPT_TAMIL, "ta"},    {PANGO_SCRIPT_TELUGU, "te"},
        {PANGO_SCRIPT_HIRAGANA, "ja"}, {PANGO_SCRIPT_KATAKANA, "ja"},
        {PANGO_SCRIPT_HANGUL, "ko"},
    };

    if (script == PANGO_SCRIPT_HAN) {
        return kana ? "ja" : hangul ? "ko" : "zh-cn";
    }
    for (gsize i = 0; i < G_N_ELEMENTS(fixed); i++) {
        if (fixed[i].script == script) {
            return fixed[i].lang;
        }
    }
    return NULL;
}

/* Marks each run of layout's text in a script its language (the context's) does not write
 * with the language of script_language(), so that the run is set the same on every machine. */
static void
mark_language(PangoLayout *layout)
{
    PangoLanguage *own = pango_context_get_language(pango_layout_get_context(layout));
    const char *text = pango_layout_get_text(layout);
    gboolean kana = FALSE, hangul = FALSE, foreign = FALSE;
    PangoAttrList *attrs = NULL;
    PangoScriptIter *it;

    for (const char *p = text; *p != '\0'; p = g_utf8_next_char(p)) {
        GUnicodeScript sc = g_unichar_get_script(g_utf8_get_char(p));

        if (sc == G_UNICODE_SCRIPT_COMMON || sc == G_UNICODE_SCRIPT_INHERITED) {
            continue;
        }
        kana = kana || sc == G_UNICODE_SCRIPT_HIRAGANA || sc == G_UNICODE_SCRIPT_KATAKANA;
        hangul = hangul || sc == G_UNICODE_SCRIPT_HANGUL;
        foreign = foreign || !pango_language_includes_script(own, (PangoScript)sc);
    }
    if (!foreign) {
        return;
    }
    it = pango_script_iter_new(text, -1);
    do {
        const char *start, *end;
        PangoScript script;
        const char *lang;

        pango_script_iter_get_range(it, &start, &end, &script);
        if (pango_language_includes_script(own, script) ||
            (lang = script_language(script, kana, hangul)) == NULL) {
            continue;
        }
        if (attrs == NULL) {
            attrs = pango_layout_get_attributes(layout);
            attrs = attrs != NULL ? pango_attr_list_copy(attrs) : pango_attr_list_new();
        }
        PangoAttribute *a = pango_attr_language_new(pango_language_from_string(lang));

        a->start_index = (guint)(start - text);
        a->end_index = (guint)(end - text);
        pango_attr_list_insert(attrs, a);
    } while (pango_script_iter_next(it));
    pango_script_iter_free(it);
    if (attrs != NULL) {
        pango_layout_set_attributes(layout, attrs);
        pango_attr_list_unref(attrs);
    }
}

void
bl_fonts_set_markup(PangoLayout *layout, const char *markup)
{
    pango_layout_set_markup(layout, markup, -1);
    mark_language(layout);
}

/* Whether the attribute a goes when the layout's text becomes one of *len bytes: a language mark
 * (made again for the new text), or one that starts past the new text's end (Pango would read
 * past the text to place it); one that runs past the end is cut at it. */
static gboolean
goes_with_text(PangoAttribute *a, gpointer data)
{
    guint len = *(const guint *)data;

    if (a->klass->type == PANGO_ATTR_LANGUAGE || a->start_index > len) {
        return TRUE;
    }
    if (a->end_index != PANGO_ATTR_INDEX_TO_TEXT_END && a->end_index > len) {
        a->end_index = len;
    }
    return FALSE;
}

void
bl_fonts_set_text(PangoLayout *layout, const char *text)
{
    PangoAttrList *attrs = pango_layout_get_attributes(layout);

    guint len = (guint)strlen(text);

    /* the layout keeps its attributes (a bullet copied from its item keeps the item's), within
     * the new text: those of the text it had before that lie past its end go, and its language
     * marks, made again below */
    if (attrs != NULL) {
        PangoAttrList *kept = pango_attr_list_copy(attrs);
        PangoAttrList *gone = pango_attr_list_filter(kept, goes_with_text, &len);

        pango_layout_set_attributes(layout, kept);
        if (gone != NULL) {
            pango_attr_list_unref(gone);
        }
        pango_attr_list_unref(kept);
    }
    pango_layout_set_text(layout, text, -1);
    mark_language(layout);
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

/* Whether the character c (below KNOWN_END) is one whose face does not depend on the text
 * around it, so that the probe tells how it is set in any text of such characters: printable
 * ASCII, and the letters, digits, punctuation and symbols above it. Not the controls, the
 * formats (the soft hyphen), the marks (set with the letter before them), the other spaces
 * (U+00A0), private use or unassigned code points. The ASCII space is set in the face of the
 * characters beside it, which are then characters of the memo, set in faces that have it. */
static gboolean
probe_candidate(gunichar c)
{
    if (c < 0x80) {
        return c >= 0x20 && c < 0x7F;
    }
    switch (g_unichar_type(c)) {
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
    case G_UNICODE_CONNECT_PUNCTUATION:
    case G_UNICODE_DASH_PUNCTUATION:
    case G_UNICODE_CLOSE_PUNCTUATION:
    case G_UNICODE_FINAL_PUNCTUATION:
    case G_UNICODE_INITIAL_PUNCTUATION:
    case G_UNICODE_OTHER_PUNCTUATION:
    case G_UNICODE_OPEN_PUNCTUATION:
    case G_UNICODE_CURRENCY_SYMBOL:
    case G_UNICODE_MODIFIER_SYMBOL:
    case G_UNICODE_MATH_SYMBOL:
    case G_UNICODE_OTHER_SYMBOL:
        return c != 0x00AD;
    default:
        return FALSE;
    }
}

/* Clears in known the bit of every character of layout's text that is set with Pango's unknown
 * glyph: each character of a cluster one of whose glyphs is unknown (the first unknown
 * character bl_fonts_layout_uncovered() finds is one of them). */
static void
clear_unknown(PangoLayout *layout, guint32 *known)
{
    const char *text = pango_layout_get_text(layout);
    PangoLayoutIter *it;

    if (pango_layout_get_unknown_glyphs_count(layout) == 0) {
        return;
    }
    it = pango_layout_get_iter(layout);
    do {
        PangoGlyphItem *run = pango_layout_iter_get_run_readonly(it);
        PangoGlyphString *glyphs = run != NULL ? run->glyphs : NULL;

        for (int g = 0; glyphs != NULL && g < glyphs->num_glyphs; g++) {
            int start = glyphs->log_clusters[g], end = run->item->length;

            if (!(glyphs->glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG)) {
                continue;
            }
            /* the cluster runs to the next glyph's cluster other than its own, in either
             * direction (right-to-left runs have falling clusters), or to the item's end */
            for (int k = 0; k < glyphs->num_glyphs; k++) {
                if (glyphs->log_clusters[k] > start && glyphs->log_clusters[k] < end) {
                    end = glyphs->log_clusters[k];
                }
            }
            for (const char *p = text + run->item->offset + start;
                 p < text + run->item->offset + end; p = g_utf8_next_char(p)) {
                gunichar c = g_utf8_get_char(p);

                if (c < KNOWN_END) {
                    known[c / 32] &= ~(1u << (c % 32));
                }
            }
        }
    } while (pango_layout_iter_next_run(it));
    pango_layout_iter_free(it);
}

/* Fills fonts' memo: every candidate character, in one text, set in each family as
 * bl_fonts_uncovered() sets text; those with an unknown glyph in either are not known. */
static void
probe(struct bl_fonts *fonts)
{
    static const char *const families[] = {"Noto Serif", "Noto Sans"};
    GString *text = g_string_new(NULL);

    memset(fonts->known, 0, sizeof fonts->known);
    for (gunichar c = 0; c < KNOWN_END; c++) {
        if (probe_candidate(c)) {
            g_string_append_unichar(text, c);
            fonts->known[c / 32] |= 1u << (c % 32);
        }
    }
    for (gsize i = 0; i < G_N_ELEMENTS(families); i++) {
        PangoLayout *layout = bl_fonts_layout(fonts, families[i], PANGO_WEIGHT_NORMAL, 10, 0);

        bl_fonts_set_text(layout, text->str);
        clear_unknown(layout, fonts->known);
        g_object_unref(layout);
    }
    g_string_free(text, TRUE);
    fonts->probed = TRUE;
}

/* Whether every character of text is in root's memo (probed first if it is not yet). Text
 * that is not UTF-8 is not: bl_fonts_uncovered() then sets it as it always has. */
static gboolean
all_known(struct bl_fonts *root, const char *text)
{
    if (!root->probed) {
        probe(root);
    }
    for (const unsigned char *p = (const unsigned char *)text; *p != '\0';) {
        gunichar c;

        if (p[0] < 0x80) {
            c = p[0];
            p++;
        } else if (p[0] >= 0xC2 && p[0] <= 0xDF && (p[1] & 0xC0) == 0x80) {
            /* two bytes: U+0080 to U+07FF (0xC0 and 0xC1 would be overlong) */
            c = ((gunichar)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
            p += 2;
        } else {
            return FALSE; /* three bytes and more (U+0800 and above), or not UTF-8 */
        }
        if (c >= KNOWN_END || !(root->known[c / 32] & (1u << (c % 32)))) {
            return FALSE;
        }
    }
    return TRUE;
}

gunichar
bl_fonts_uncovered(const struct bl_fonts *fonts, const char *text)
{
    static const char *const families[] = {"Noto Serif", "Noto Sans"};
    /* the memo is the root's, shared by its views: see struct bl_fonts */
    struct bl_fonts *root = fonts->root != NULL ? fonts->root : (struct bl_fonts *)fonts;
    gunichar found = 0;

    if (all_known(root, text)) {
        return 0;
    }
    for (gsize i = 0; i < G_N_ELEMENTS(families) && found == 0; i++) {
        PangoLayout *layout = bl_fonts_layout(fonts, families[i], PANGO_WEIGHT_NORMAL, 10, 0);

        bl_fonts_set_text(layout, text);
        found = bl_fonts_layout_uncovered(layout);
        g_object_unref(layout);
    }
    return found;
}

/* SPDX-License-Identifier: MIT */
/* Unit tests of fonts.c: every face comes from the font directory and none from the system,
 * 1 unit is 1 point, layouts wrap at their width, the run's cache keeps and frees what it is
 * given, a directory without the layout's families is refused, and the memo of the Latin
 * characters the faces set gives the answer setting the text gives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <fontconfig/fontconfig.h>
#include <glib/gstdio.h>
#include <pango/pangofc-font.h>
#include <string.h>
#include <unistd.h>

#include "bl_test.h"
#include "fonts.h"

#define FONTS BL_DATADIR "/fonts"

static int
setup(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_fonts *fonts = NULL;
    int rc = bl_fonts_load(&fonts, FONTS, diag);

    if (rc < 0) {
        fprintf(stderr, "%s", bl_diag_text(diag));
    }
    bl_diag_free(diag);
    *state = fonts;
    return rc;
}

static int
teardown(void **state)
{
    bl_fonts_free(*state);
    return 0;
}

/* The file of the face Pango chose for the first run of the layout's text. Free with g_free(). */
static char *
face_file(PangoLayout *layout)
{
    PangoLayoutLine *line = pango_layout_get_line_readonly(layout, 0);
    PangoGlyphItem *run;
    FcPattern *pattern;
    FcChar8 *file = NULL;

    assert_non_null(line);
    assert_non_null(line->runs);
    run = line->runs->data;
    assert_true(PANGO_IS_FC_FONT(run->item->analysis.font));
    pattern = pango_fc_font_get_pattern(PANGO_FC_FONT(run->item->analysis.font));
    assert_int_equal(FcPatternGetString(pattern, FC_FILE, 0, &file), FcResultMatch);
    return g_strdup((const char *)file);
}

static char *
face_of(const struct bl_fonts *fonts, const char *family, PangoWeight weight)
{
    PangoLayout *layout = bl_fonts_layout(fonts, family, weight, 11, 0);
    char *file;

    pango_layout_set_text(layout, "Zoë O'Connor", -1);
    file = face_file(layout);
    g_object_unref(layout);
    return file;
}

static void
test_faces_come_from_the_font_directory_only(void **state)
{
    static const struct {
        const char *family;
        PangoWeight weight;
        const char *file;
    } cases[] = {
        {"Noto Serif", PANGO_WEIGHT_NORMAL, FONTS "/NotoSerif-Regular.ttf"},
        {"Noto Serif", PANGO_WEIGHT_BOLD, FONTS "/NotoSerif-Bold.ttf"},
        {"Noto Sans", PANGO_WEIGHT_NORMAL, FONTS "/NotoSans-Regular.ttf"},
        {"Noto Sans", PANGO_WEIGHT_BOLD, FONTS "/NotoSans-Bold.ttf"},
    };
    /* families the system may well have: the letter must not change with the machine */
    static const char *const system[] = {"DejaVu Sans", "Liberation Serif", "sans-serif",
                                         "monospace"};

    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *file = face_of(*state, cases[i].family, cases[i].weight);

        assert_string_equal(file, cases[i].file);
        g_free(file);
    }
    for (gsize i = 0; i < G_N_ELEMENTS(system); i++) {
        char *file = face_of(*state, system[i], PANGO_WEIGHT_NORMAL);

        if (!g_str_has_prefix(file, FONTS "/")) {
            fail_msg("family '%s' came from %s", system[i], file);
        }
        g_free(file);
    }
}

/* The file and the family of the face Pango chose for the first character of text, set in
 * family (and marked with language when not NULL). */
static void
script_face(const struct bl_fonts *fonts, const char *family, PangoWeight weight, const char *text,
            const char *language, char **file, char **face)
{
    PangoLayout *layout = bl_fonts_layout(fonts, family, weight, 11, 0);
    PangoLayoutLine *line;
    PangoGlyphItem *run;
    FcPattern *pattern;
    FcChar8 *f = NULL, *fam = NULL;

    pango_layout_set_text(layout, text, -1);
    if (language != NULL) {
        PangoAttrList *attrs = pango_attr_list_new();

        pango_attr_list_insert(attrs,
                               pango_attr_language_new(pango_language_from_string(language)));
        pango_layout_set_attributes(layout, attrs);
        pango_attr_list_unref(attrs);
    }
    assert_int_equal(pango_layout_get_unknown_glyphs_count(layout), 0);
    line = pango_layout_get_line_readonly(layout, 0);
    run = line->runs->data;
    pattern = pango_fc_font_get_pattern(PANGO_FC_FONT(run->item->analysis.font));
    assert_int_equal(FcPatternGetString(pattern, FC_FILE, 0, &f), FcResultMatch);
    assert_int_equal(FcPatternGetString(pattern, FC_FAMILY, 0, &fam), FcResultMatch);
    *file = g_path_get_basename((const char *)f);
    *face = g_strdup((const char *)fam);
    g_object_unref(layout);
}

/* Every script of the names the letters take has its face, the same on every machine: the
 * fallback order is the program's, the serif body's own serif faces first where there are
 * some; Han is drawn the Japanese, Korean or traditional Chinese way when its language says so,
 * otherwise the simplified Chinese way */
static void
test_every_script_has_its_face(void **state)
{
    static const struct {
        const char *family, *text, *language, *file, *face;
        PangoWeight weight;
    } cases[] = {
        {"Noto Serif", "Nguyễn Thị Ánh", NULL, "NotoSerif-Regular.ttf", "Noto Serif", 0},
        {"Noto Serif", "Παπαδόπουλος", NULL, "NotoSerif-Regular.ttf", "Noto Serif", 0},
        {"Noto Serif", "Иванов", NULL, "NotoSerif-Regular.ttf", "Noto Serif", 0},
        {"Noto Serif", "محمد", NULL, "NotoNaskhArabic-Regular.ttf", "Noto Naskh Arabic", 0},
        {"Noto Sans", "محمد", NULL, "NotoSansArabic-Regular.ttf", "Noto Sans Arabic", 0},
        {"Noto Sans", "محمد", NULL, "NotoSansArabic-Bold.ttf", "Noto Sans Arabic",
         PANGO_WEIGHT_BOLD},
        {"Noto Serif", "כהן", NULL, "NotoSerifHebrew-Regular.ttf", "Noto Serif Hebrew", 0},
        {"Noto Sans", "כהן", NULL, "NotoSansHebrew-Regular.ttf", "Noto Sans Hebrew", 0},
        {"Noto Serif", "शर्मा", NULL, "NotoSerifDevanagari-Regular.ttf", "Noto Serif Devanagari", 0},
        {"Noto Sans", "शर्मा", NULL, "NotoSansDevanagari-Regular.ttf", "Noto Sans Devanagari", 0},
        {"Noto Serif", "ใจดี", NULL, "NotoSerifThai-Regular.ttf", "Noto Serif Thai", 0},
        {"Noto Sans", "ใจดี", NULL, "NotoSansThai-Regular.ttf", "Noto Sans Thai", 0},
        {"Noto Serif", "王伟", "zh-cn", "NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC", 0},
        {"Noto Sans", "王伟", "zh-cn", "NotoSansCJK-Regular.ttc", "Noto Sans CJK SC", 0},
        {"Noto Sans", "王伟", "en", "NotoSansCJK-Regular.ttc", "Noto Sans CJK SC", 0},
        {"Noto Sans", "山田", "ja", "NotoSansCJK-Regular.ttc", "Noto Sans CJK JP", 0},
        {"Noto Serif", "山田", "ja", "NotoSerifCJK-Regular.ttc", "Noto Serif CJK JP", 0},
        {"Noto Sans", "陳大文", "zh-tw", "NotoSansCJK-Regular.ttc", "Noto Sans CJK TC", 0},
        {"Noto Sans", "やまだ", NULL, "NotoSansCJK-Regular.ttc", "Noto Sans CJK JP", 0},
        {"Noto Sans", "김민준", NULL, "NotoSansCJK-Regular.ttc", "Noto Sans CJK KR", 0},
        {"Noto Sans", "王伟", "zh-cn", "NotoSansCJK-Bold.ttc", "Noto Sans CJK SC",
         PANGO_WEIGHT_BOLD},
        {"Noto Sans", "Հայաստան", NULL, "NotoSansArmenian-Regular.ttf", "Noto Sans Armenian", 0},
        {"Noto Sans", "ਪੰਜਾਬੀ", NULL, "NotoSansGurmukhi-Regular.ttf", "Noto Sans Gurmukhi", 0},
        {"Noto Serif", "ខ្មែរ", NULL, "NotoSansKhmer-Regular.ttf", "Noto Sans Khmer", 0},
        {"Noto Sans", "አማርኛ", NULL, "NotoSansEthiopic-Regular.ttf", "Noto Sans Ethiopic", 0},
    };

    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        PangoWeight weight = cases[i].weight != 0 ? cases[i].weight : PANGO_WEIGHT_NORMAL;
        char *file, *face;

        script_face(*state, cases[i].family, weight, cases[i].text, cases[i].language, &file,
                    &face);
        if (strcmp(file, cases[i].file) != 0 || strcmp(face, cases[i].face) != 0) {
            fail_msg("'%s' in %s (%s): %s, %s; expected %s, %s", cases[i].text, cases[i].family,
                     cases[i].language ? cases[i].language : "no language", file, face,
                     cases[i].file, cases[i].face);
        }
        g_free(file);
        g_free(face);
    }
}

/* A character no face has is found, by its code point: in text set in either family, and in a
 * laid-out layout; a text every face of which is there gives 0 */
static void
test_a_character_no_face_has_is_found(void **state)
{
    PangoLayout *layout = bl_fonts_layout(*state, "Noto Serif", PANGO_WEIGHT_NORMAL, 11, 0);

    assert_int_equal(bl_fonts_uncovered(*state, "Zoë 王伟 محمد שרה शर्मा สมชาย 김 Иванов"), 0);
    assert_int_equal(bl_fonts_uncovered(*state, "Smile \U0001F600 and \U0001F601"), 0x1F600);
    assert_int_equal(bl_fonts_uncovered(*state, "\U00010000 Linear B"), 0x10000);
    pango_layout_set_text(layout, "王伟 Kober \U00012000", -1);
    assert_int_equal(bl_fonts_layout_uncovered(layout), 0x12000);
    pango_layout_set_text(layout, "Kober", -1);
    assert_int_equal(bl_fonts_layout_uncovered(layout), 0);
    g_object_unref(layout);
}

/* The faces taken from Debian's packages are the ones fonts/packaged.txt pins, byte for byte
 * (SHA-256), and each gives the faces the fallback order names */
static void
test_packaged_fonts_are_the_pinned_ones(void **state)
{
    char *text = NULL;
    char **lines;
    int files = 0;

    (void)state;
    assert_true(g_file_get_contents(FONTS "/packaged.txt", &text, NULL, NULL));
    lines = g_strsplit(text, "\n", -1);
    for (int i = 0; lines[i] != NULL; i++) {
        char **f;
        GChecksum *sum;
        GMappedFile *map;
        GError *error = NULL;
        FcFontSet *set;
        FcBlanks *blanks = NULL;
        int count = 0;
        FcPattern *face;

        if (lines[i][0] == '#' || lines[i][0] == '\0') {
            continue;
        }
        f = g_strsplit_set(lines[i], " ", -1);
        /* path, size, SHA-256, package, version (the columns are aligned with spaces) */
        {
            char *fields[5] = {NULL};
            int n = 0;

            for (int k = 0; f[k] != NULL; k++) {
                if (f[k][0] != '\0' && n < 5) {
                    fields[n++] = f[k];
                }
            }
            assert_int_equal(n, 5);
            map = g_mapped_file_new(fields[0], FALSE, &error);
            if (map == NULL) {
                fail_msg("%s (Debian package %s %s): %s", fields[0], fields[3], fields[4],
                         error->message);
            }
            assert_int_equal(g_mapped_file_get_length(map), g_ascii_strtoull(fields[1], NULL, 10));
            sum = g_checksum_new(G_CHECKSUM_SHA256);
            g_checksum_update(sum, (const guchar *)g_mapped_file_get_contents(map),
                              (gssize)g_mapped_file_get_length(map));
            assert_string_equal(g_checksum_get_string(sum), fields[2]);
            g_checksum_free(sum);
            g_mapped_file_unref(map);
            /* the pan-CJK collections: simplified and traditional Chinese, Japanese, Korean */
            set = FcFontSetCreate();
            assert_true(FcFileScan(set, NULL, NULL, blanks, (const FcChar8 *)fields[0], FcTrue));
            for (int k = 0; k < set->nfont; k++) {
                FcChar8 *family = NULL;

                face = set->fonts[k];
                assert_int_equal(FcPatternGetString(face, FC_FAMILY, 0, &family), FcResultMatch);
                if (g_regex_match_simple("^Noto (Sans|Serif) CJK (SC|TC|JP|KR)$",
                                         (const char *)family, 0, 0)) {
                    count++;
                }
            }
            assert_int_equal(count, 4);
            FcFontSetDestroy(set);
        }
        g_strfreev(f);
        files++;
    }
    assert_int_equal(files, 4);
    g_strfreev(lines);
    g_free(text);
}

static void
test_one_unit_is_one_point(void **state)
{
    PangoLayout *small = bl_fonts_layout(*state, "Noto Serif", PANGO_WEIGHT_NORMAL, 10, 0);
    PangoLayout *big = bl_fonts_layout(*state, "Noto Serif", PANGO_WEIGHT_NORMAL, 20, 0);
    PangoRectangle s, b;

    pango_layout_set_text(small, "Notice of Data Breach", -1);
    pango_layout_set_text(big, "Notice of Data Breach", -1);
    pango_layout_get_extents(small, NULL, &s);
    pango_layout_get_extents(big, NULL, &b);
    /* a 10-point line of Noto Serif is about 13.6 points high (its ascent and descent) */
    assert_true(s.height > 12 * PANGO_SCALE && s.height < 15 * PANGO_SCALE);
    /* twice the size, twice the height, and twice the width but for the rounding of each
     * glyph's advance to a whole point (doubled in the small one: a point a glyph at most) */
    assert_true(labs(b.height - 2 * s.height) <= s.height / 50);
    assert_true(labs(b.width - 2 * s.width) <=
                (glong)strlen("Notice of Data Breach") * PANGO_SCALE);
    g_object_unref(small);
    g_object_unref(big);
}

static void
test_layout_wraps_at_its_width(void **state)
{
    PangoLayout *wrapped = bl_fonts_layout(*state, "Noto Serif", PANGO_WEIGHT_NORMAL, 11, 100);
    PangoLayout *free = bl_fonts_layout(*state, "Noto Serif", PANGO_WEIGHT_NORMAL, 11, 0);
    const char *text = "We are writing to tell you about an incident that may involve some of "
                       "your information, at https://notice.example.com/a-long-address-path.";
    PangoLayoutIter *iter;

    pango_layout_set_text(wrapped, text, -1);
    pango_layout_set_text(free, text, -1);
    assert_int_equal(pango_layout_get_line_count(free), 1);
    assert_true(pango_layout_get_line_count(wrapped) >= 6);
    iter = pango_layout_get_iter(wrapped);
    do {
        PangoRectangle line;

        pango_layout_iter_get_line_extents(iter, NULL, &line);
        assert_true(line.x + line.width <= 100 * PANGO_SCALE);
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
    /* nothing lost: the web address longer than a line is broken inside, not cut */
    assert_string_equal(pango_layout_get_text(wrapped), text);
    g_object_unref(wrapped);
    g_object_unref(free);
}

static int destroyed;

static void
count_destroy(gpointer value)
{
    destroyed++;
    g_free(value);
}

static void
test_cache_keeps_values_for_the_run_and_frees_them(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_fonts *fonts = NULL;
    char key[32];
    gboolean full = FALSE;
    int stored = 0;
    char *refused = NULL;

    assert_int_equal(bl_fonts_load(&fonts, FONTS, diag), 0);
    destroyed = 0;
    assert_null(bl_fonts_cache_lookup(fonts, "para-1"));
    assert_true(bl_fonts_cache_insert(fonts, "para-1", g_strdup("first"), count_destroy));
    assert_string_equal(bl_fonts_cache_lookup(fonts, "para-1"), "first");
    /* a value stored again under its key replaces the old one, which is freed */
    assert_true(bl_fonts_cache_insert(fonts, "para-1", g_strdup("second"), count_destroy));
    assert_int_equal(destroyed, 1);
    assert_string_equal(bl_fonts_cache_lookup(fonts, "para-1"), "second");
    /* the cache is bounded: once full, nothing more is taken, and the caller keeps it */
    for (int i = 0; i < 100000 && !full; i++) {
        char *value = g_strdup_printf("value %d", i);

        g_snprintf(key, sizeof key, "key-%d", i);
        if (bl_fonts_cache_insert(fonts, key, value, count_destroy)) {
            stored++;
        } else {
            full = TRUE;
            refused = value;
            assert_null(bl_fonts_cache_lookup(fonts, key));
        }
    }
    assert_true(full);
    assert_true(stored > 1000);
    assert_int_equal(destroyed, 1);
    g_free(refused);
    /* everything left is freed with the fonts */
    bl_fonts_free(fonts);
    assert_int_equal(destroyed, 1 + 1 + stored);
    bl_diag_free(diag);
}

static void
test_fonts_come_only_from_the_font_directory(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_fonts *fonts = NULL;
    char *dir = fixture_tmpdir("fonts");
    char *want;

    assert_int_equal(bl_fonts_load(&fonts, dir, diag), -1);
    assert_string_equal(bl_diag_last_message(diag),
                        "font family 'Noto Serif' is missing from the font directory");
    /* one family is not enough: the letterhead and the tables are in Noto Sans */
    for (const char *const *f =
             (const char *const[]){"NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", NULL};
         *f != NULL; f++) {
        char *from = g_build_filename(FONTS, *f, NULL);
        char *to = g_build_filename(dir, *f, NULL);

        assert_int_equal(symlink(from, to), 0);
        g_free(from);
        g_free(to);
    }
    bl_diag_clear(diag);
    assert_int_equal(bl_fonts_load(&fonts, dir, diag), -1);
    want = g_strdup_printf("%s: error: font family 'Noto Sans' is missing from the font "
                           "directory\n",
                           dir);
    assert_string_equal(bl_diag_text(diag), want);
    assert_null(fonts);
    assert_int_equal(bl_fonts_load(&fonts, "/nonexistent/fonts", diag), -1);
    assert_string_equal(bl_diag_last_message(diag), "cannot read the font directory");
    g_free(want);
    fixture_rmdir(dir);
    g_free(dir);
    bl_diag_free(diag);
}

/* A layout given a shorter text keeps its attributes only within it: a bullet copied from its
 * item ("•", three bytes) kept the item's bold and Han language marks past its end, and Pango
 * read past the text to place them (a crash now and then under AddressSanitizer). */
static void
test_shorter_text_keeps_no_attribute_past_its_end(void **state)
{
    PangoLayout *item = bl_fonts_layout(*state, "Noto Serif", PANGO_WEIGHT_NORMAL, 10, 300);
    PangoLayout *bullet;
    GSList *all;
    gboolean past = FALSE, bold = FALSE;

    bl_fonts_set_markup(item, "<b>Check your card statements</b> and the names \u5f20\u4f1f and "
                              "\u674e\u5a1c, long after the bullet's end");
    bullet = pango_layout_copy(item);
    bl_fonts_set_text(bullet, "\u2022");
    all = pango_attr_list_get_attributes(pango_layout_get_attributes(bullet));
    for (GSList *l = all; l != NULL; l = l->next) {
        PangoAttribute *a = l->data;
        past = past || a->start_index > 3 ||
               (a->end_index != PANGO_ATTR_INDEX_TO_TEXT_END && a->end_index > 3);
        bold = bold || a->klass->type == PANGO_ATTR_WEIGHT;
    }
    g_slist_free_full(all, (GDestroyNotify)pango_attribute_destroy);
    assert_false(past);
    assert_true(bold); /* the item's first words are bold: its bullet as before */
    assert_int_equal(pango_layout_get_line_count(bullet), 1);
    g_object_unref(bullet);
    g_object_unref(item);
}

/* bl_fonts_uncovered() as it is without its memo: text set in each family with the fallbacks,
 * the first character Pango has no glyph for */
static gunichar
uncovered_by_layout(const struct bl_fonts *fonts, const char *text)
{
    static const char *const families[] = {"Noto Serif", "Noto Sans"};
    gunichar found = 0;

    for (gsize i = 0; i < G_N_ELEMENTS(families) && found == 0; i++) {
        PangoLayout *layout = bl_fonts_layout(fonts, families[i], PANGO_WEIGHT_NORMAL, 10, 0);

        bl_fonts_set_text(layout, text);
        found = bl_fonts_layout_uncovered(layout);
        g_object_unref(layout);
    }
    return found;
}

static void
assert_same_answer(const struct bl_fonts *fonts, const char *lang, const char *text)
{
    gunichar fast = bl_fonts_uncovered(fonts, text), slow = uncovered_by_layout(fonts, text);

    if (fast != slow) {
        char *shown = g_strescape(text, NULL);

        fail_msg("\"%s\" (language %s): U+%04X, set in the faces U+%04X", shown, lang,
                 (unsigned)fast, (unsigned)slow);
        g_free(shown);
    }
}

/* bl_fonts_uncovered() answers text of Latin letters, digits, punctuation and symbols from a
 * memo of the characters both families set, and sets everything else: its answer is the one
 * setting the text gives for every character of U+0020..U+024F, alone, after a Latin name and
 * before a space, in the letters' languages; the memo is the fonts' and their views' (here it
 * is made through a view) */
static void
test_memo_of_latin_gives_the_faces_answer_for_every_character(void **state)
{
    static const char *const langs[] = {"zh", NULL, "ar"};
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_fonts *fonts = NULL;
    int lacking = 0;

    (void)state;
    assert_int_equal(bl_fonts_load(&fonts, FONTS, diag), 0);
    for (gsize l = 0; l < G_N_ELEMENTS(langs); l++) {
        const struct bl_fonts *view = bl_fonts_for_language(fonts, langs[l]);
        const char *lang = langs[l] != NULL ? langs[l] : "en";

        for (gunichar c = 0x20; c < 0x250; c++) {
            char ch[8] = {0};
            char *after, *twice;

            g_unichar_to_utf8(c, ch);
            after = g_strdup_printf("Zo\u00eb Ng%s x", ch);
            twice = g_strdup_printf("%s %s", ch, ch);
            assert_same_answer(view, lang, ch);
            assert_same_answer(view, lang, after);
            assert_same_answer(view, lang, twice);
            /* the controls U+007F..U+009F print as boxes: the faces' answer, not the memo's */
            if (c < 0x7F || c > 0x9F) {
                lacking += uncovered_by_layout(view, ch) != 0;
            } else {
                assert_int_equal(bl_fonts_uncovered(view, after), c);
            }
            g_free(after);
            g_free(twice);
        }
    }
    /* The shipped Noto Serif and Noto Sans have every character of U+0020..U+024F but the
     * controls (found above after Latin text), so no character of the memo's range is one the faces
     * lack (were one lacking, the comparisons above would fail if the memo said it is set); the
     * test below has such characters after Latin text the memo knows. */
    assert_int_equal(lacking, 0);
    bl_fonts_free(fonts);
    bl_diag_free(diag);
}

/* Text mixing the memo's characters with others (Han, Arabic, emoji, a combining mark after a
 * Latin letter, the soft hyphen, a no-break space, controls, characters no face has) gets the
 * answer setting it gives, in every view; a character no face has is found after Latin text
 * every character of which the memo knows */
static void
test_memo_of_latin_leaves_other_text_to_the_faces(void **state)
{
    static const char *const langs[] = {NULL, "en", "es", "zh", "zh-tw", "ja", "ko", "ar", "he"};
    static const char *const texts[] = {
        "",
        "Kober",
        "Zo\u00eb O'Connor-\u0141ukasz \u01c4emal \u0218tef\u0103nescu \u0248",
        "\u738b\u4f1f Kober",
        "Kober \u738b\u4f1f",
        "\u0645\u062d\u0645\u062f Kober 12",
        "Kober \u0645\u062d\u0645\u062f",
        "Smile \U0001F600",
        "Jose\u0301 Garci\u0301a",
        "e\u0301",
        "\u0301",
        "Zo\u00eb\u00adKober",
        "\u00ad",
        "Jos\u00e9\u00a0Ng",
        "Kober\tNg",
        "Kober\xc2\x85Ng",
        "Kober \U0001F9FF",
        "\U0001F9FF Kober",
        "Kober \uE000",
        "\u00e9\U0001F9FF\u00e9",
        "Kober \u2603 \u20ac 5",
        "\u0250\u0251 Kober",
        "\u00ff\u0100\u024f\u0250",
    };

    for (gsize l = 0; l < G_N_ELEMENTS(langs); l++) {
        const struct bl_fonts *view = bl_fonts_for_language(*state, langs[l]);

        for (gsize i = 0; i < G_N_ELEMENTS(texts); i++) {
            assert_same_answer(view, langs[l] != NULL ? langs[l] : "en", texts[i]);
        }
        assert_int_equal(bl_fonts_uncovered(view, "Kober-\u0141ukasz \U0001F9FF"), 0x1F9FF);
        assert_int_equal(bl_fonts_uncovered(view, "\u01c4emal \u00e9\u00e9 \U00010000"), 0x10000);
        assert_int_equal(bl_fonts_uncovered(view, "Zo\u00eb Ng \U0001F9FF \U0001F600"), 0x1F9FF);
        assert_int_equal(bl_fonts_uncovered(view, "Zo\u00eb Ng \u0248"), 0);
    }
}

/* Faces that lack Latin letters (tests/data/fonts-lacking: Noto Sans and Noto Serif cut down to
 * lack U+0141 and U+0180..U+024F): the memo of Latin takes out what they lack, so a name with
 * such a letter is still told, before the memo is made and after. */
static void
test_memo_of_latin_takes_out_what_the_faces_lack(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_fonts *fonts = NULL;

    (void)state;
    if (bl_fonts_load(&fonts, BL_TEST_DATA "/fonts-lacking", diag) < 0) {
        fail_msg("%s", bl_diag_text(diag));
    }
    /* the first call makes the memo */
    assert_int_equal(bl_fonts_uncovered(fonts, "\u0141ukasz Kober"), 0x141);
    for (int round = 0; round < 2; round++) {
        assert_int_equal(bl_fonts_uncovered(fonts, "\u0141ukasz Kober"), 0x141);
        assert_int_equal(bl_fonts_uncovered(fonts, "Kober \u0141"), 0x141);
        assert_int_equal(bl_fonts_uncovered(fonts, "Zo\u00eb \u01c4emal"), 0x1c4);
        assert_int_equal(bl_fonts_uncovered(fonts, "Zo\u00eb \u0248"), 0x248);
        assert_int_equal(bl_fonts_uncovered(fonts, "Zo\u00eb O'Connor-\u0142uk\u0105sz"), 0);
        assert_same_answer(fonts, "en", "\u0141ukasz Zo\u00eb \u0180\u024f");
    }
    bl_fonts_free(fonts);
    bl_diag_free(diag);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_faces_come_from_the_font_directory_only),
        cmocka_unit_test(test_every_script_has_its_face),
        cmocka_unit_test(test_packaged_fonts_are_the_pinned_ones),
        cmocka_unit_test(test_a_character_no_face_has_is_found),
        cmocka_unit_test(test_one_unit_is_one_point),
        cmocka_unit_test(test_layout_wraps_at_its_width),
        cmocka_unit_test(test_cache_keeps_values_for_the_run_and_frees_them),
        cmocka_unit_test(test_fonts_come_only_from_the_font_directory),
        cmocka_unit_test(test_shorter_text_keeps_no_attribute_past_its_end),
        cmocka_unit_test(test_memo_of_latin_takes_out_what_the_faces_lack),
        cmocka_unit_test(test_memo_of_latin_gives_the_faces_answer_for_every_character),
        cmocka_unit_test(test_memo_of_latin_leaves_other_text_to_the_faces),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}

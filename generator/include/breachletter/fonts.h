/* SPDX-License-Identifier: MIT */
/* Fonts: a private fontconfig configuration holding only the project's fonts/ (and the Debian
 * font files fonts/packaged.txt pins), with the program's own fallback order, and the Pango
 * context built on it once per run, so a letter looks the same on every machine. */
#ifndef BL_FONTS_H
#define BL_FONTS_H

#include <pango/pango.h>

#include "common.h"
#include "diag.h"

struct bl_fonts;

/* Registers every font file in dir and those dir/packaged.txt lists (and nothing else from the
 * system: fonts/README.md), with the fallback order, and builds the Pango context
 * used for layout. Checks that the families the layout uses (Noto Serif, Noto Sans) are
 * there. Returns 0 and sets *out (free with bl_fonts_free), or -1 reported. */
BL_API int bl_fonts_load(struct bl_fonts **out, const char *dir, struct bl_diag *diag);
BL_API void bl_fonts_free(struct bl_fonts *fonts);

/* The Pango context: 72 dpi (1 unit = 1 point), no hinting, so layout equals print. Borrowed
 * until bl_fonts_free(). */
BL_API PangoContext *bl_fonts_context(const struct bl_fonts *fonts);

/* A layout in one of the shipped faces: family ("Noto Serif", "Noto Sans"), weight, size in
 * points, wrapped at width points when width > 0 (between words, inside a word only when it is
 * longer than the line). Free with g_object_unref(). */
BL_API PangoLayout *bl_fonts_layout(const struct bl_fonts *fonts, const char *family,
                                    PangoWeight weight, double size, double width);

/* The fonts for letters in language lang (a BCP 47 tag: "es", "zh"; NULL: English): the same
 * faces, with a context whose language is lang and a cache of its own. Borrowed until
 * bl_fonts_free() of fonts (or of the fonts fonts is a view of). */
BL_API const struct bl_fonts *bl_fonts_for_language(const struct bl_fonts *fonts, const char *lang);
/* Set a layout's markup or text as pango_layout_set_markup() and pango_layout_set_text() do,
 * then mark each run in a script the layout's language does not write (a Chinese name in an
 * English letter, a Latin one in a Chinese letter) with a fixed language of that script (Han:
 * Simplified Chinese, Japanese when the text has kana, Korean when it has Hangul), so that
 * its glyph forms and fallback face never depend on the process's environment. */
BL_API void bl_fonts_set_markup(PangoLayout *layout, const char *markup);
BL_API void bl_fonts_set_text(PangoLayout *layout, const char *text);
/* The first character of a laid-out layout that no face has (Pango's unknown glyph, which would
 * print as an empty box), or 0 when every character has a face. */
BL_API gunichar bl_fonts_layout_uncovered(PangoLayout *layout);

/* The first character of text that no face has, set in Noto Serif and in Noto Sans (the body's
 * and the address block's faces, with their fallbacks), or 0. Text all of whose characters are
 * Latin letters, digits, punctuation and symbols up to U+024F that both faces have is answered
 * without setting it: the first call sets those characters once (a few milliseconds) and keeps
 * the answer in fonts, shared with its views, const as they are given here: a fonts object and
 * its views are used by one thread at a time. */
BL_API gunichar bl_fonts_uncovered(const struct bl_fonts *fonts, const char *text);

/* A cache for the life of the fonts (one run), for laid-out text that is the same in every
 * letter. Lookup returns the value stored under key, or NULL; insert stores value (freed with
 * destroy when the fonts are) and returns FALSE when the cache is full. */
BL_API gpointer bl_fonts_cache_lookup(const struct bl_fonts *fonts, const char *key);
BL_API gboolean bl_fonts_cache_insert(const struct bl_fonts *fonts, const char *key, gpointer value,
                                      GDestroyNotify destroy);

#endif

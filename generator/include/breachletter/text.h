/* SPDX-License-Identifier: MIT */
/* Text helpers shared by the stages: dates, US jurisdictions, whitespace, numbers withheld from
 * messages, the key of a recipient id, the characters a recipient's value keeps, the name meant
 * by a misspelt one, wrapped lines. */
#ifndef BL_TEXT_H
#define BL_TEXT_H

#include <glib.h>

#include "common.h"

/* Parses a strict ISO 8601 calendar date YYYY-MM-DD into *out. Returns 0, or -1 when the text
 * is not a real date (2024-02-30, 2024-13-01, "12/29/2023"). */
BL_API int bl_date_parse(GDate *out, const char *text);

/* Formats a valid date. style: "long" ("December 29, 2023"), "iso" ("2023-12-29"),
 * "us" ("12/29/2023"), "month-year" ("December 2023"). language "en" or "es". Returns NULL
 * for an unknown style, a NULL style or a date that is NULL or not valid. Free with g_free(). */
BL_API char *bl_date_format(const GDate *date, const char *style, const char *language);

/* TRUE when style is a style bl_date_format() knows. */
BL_API gboolean bl_date_style_valid(const char *style);

/* The full name of a US state, DC or territory from its USPS code ("MA" -> "Massachusetts"),
 * or NULL when the code is not one. Static storage. */
BL_API const char *bl_jurisdiction_name(const char *code);

/* Trims white space and folds runs of white space (including newlines) into one space.
 * Returns a new string; free with g_free(). */
BL_API char *bl_text_squeeze(const char *text);

/* Appends value to a CSV row (RFC 4180 quoting), after a comma unless first; NULL is an empty
 * field. A value a spreadsheet would run as a formula (=, +, -, @ first) gets a leading quote
 * mark. */
BL_API void bl_csv_append(GString *row, const char *value, gboolean first);

/* TRUE when text is NULL or only white space. */
BL_API gboolean bl_text_blank(const char *text);

/* What a value read from a recipient list keeps of a character (bl_text_char_class()). The
 * classes come from Unicode properties that GLib gives (general category, line-break class,
 * script), not from a list of code points, so characters Unicode adds are classed like their
 * kin. Only categories C* (control, format, private use, unassigned) and the line breaks change:
 * letters, marks, numbers, punctuation, symbols and spaces always stay. */
enum bl_text_char {
    /* Kept: visible text, every kind of space (Zs, the no-break space too), combining marks,
     * variation selectors (emoji, variants of Han ideographs), and the format characters (Cf)
     * of script Inherited or of one script: the joiners U+200C ZERO WIDTH NON-JOINER and
     * U+200D ZERO WIDTH JOINER, which Persian, Arabic and Indic names and emoji sequences
     * need, and a script's own signs, such as the Arabic number sign U+0600 or the Mongolian
     * vowel separator U+180E. */
    BL_TEXT_CHAR_KEEP,
    /* A line break (line-break classes BK, CR, LF, NL: line feed, carriage return, vertical
     * tab, form feed, U+0085 NEXT LINE, U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR):
     * becomes '\n', the one break a list's value holds (CR LF is one break). */
    BL_TEXT_CHAR_BREAK,
    /* A control character that is white space but not a break (tab): becomes a space, so the
     * words it separated stay apart. */
    BL_TEXT_CHAR_SPACE,
    /* Removed: the other control characters (Cc: C0, DEL, C1, such as the escape that starts a
     * terminal sequence); the bidi controls (Unicode's Bidi_Control: embeddings, overrides,
     * isolates and the marks U+200E, U+200F, U+061C), which could reverse the words after a
     * name; the other format characters of script Common, all invisible: the zero-width space
     * U+200B, the word joiner U+2060, the byte order mark U+FEFF, the soft hyphen U+00AD (a
     * hyphen where a line breaks), invisible operators, interlinear annotation, tag characters
     * (U+E0000-E007F, which can spell hidden text); private-use characters (Co), which mean
     * nothing outside a private agreement and which no bundled font draws; and unassigned
     * code points and noncharacters (Cn: U+0378, U+FFFE, U+FDD0), which have no meaning or
     * glyph. */
    BL_TEXT_CHAR_DROP,
};

/* The class of character c: what a value from a recipient list keeps of it. */
BL_API enum bl_text_char bl_text_char_class(gunichar c);

/* Appends the valid UTF-8 text [text, text + len) to out as bl_text_char_class() says: kept,
 * as '\n', as ' ' or not at all. Nothing else changes (no trimming, no normalisation). */
BL_API void bl_text_append_neutral(GString *out, const char *text, gsize len);

/* What stands in a message for a number withheld by bl_text_redact(). */
#define BL_TEXT_WITHHELD "[number withheld]"

/* Digits a run must have to be withheld: a Social Security number, ITIN or EIN has 9, a
 * payment card 13 to 19, a bank account number usually more than 8. */
#define BL_TEXT_WITHHELD_DIGITS 9

/* A copy of text fit to quote in a message, and so in errors.csv and the manifest: every run of
 * at least BL_TEXT_WITHHELD_DIGITS digits, whether written together or in groups joined by up
 * to 3 spaces, hyphens, dots, slashes or underscores ("123-45-6789", "4111 1111 1111 1111"),
 * becomes BL_TEXT_WITHHELD, whatever column the text came from: such a run may be a Social
 * Security, taxpayer, card or account number. No digit of it is kept (not even the last four,
 * which identify a person together with a name). Shorter runs stay ("R-10431", "2024-01-28").
 * Digits of any script count (Unicode Nd). Free with g_free(). */
BL_API char *bl_text_redact(const char *text);

/* Sets out to the key under which two recipient ids' letters would be one file on a disk that
 * ignores case or normalises names: the id in composed Unicode form (NFC) with its case folded,
 * so "José" with a precomposed é or with a combining accent, and "ABC-1" and "abc-1", have one
 * key. Compatibility forms stay apart (a fullwidth "Ａ" is not
 * "A"). id is valid UTF-8. */
BL_API void bl_text_id_key(GString *out, const char *id);

/* The name of names (NULL-terminated) that word most likely misspells, for "did you mean"
 * hints: the one fewest edits away (a letter inserted, removed, changed, or two swapped; case
 * ignored), when they are at most half the characters of word after the words ('.', '_', '-'
 * or ' ' ended) it shares with the name at the start, and at most 2. NULL when none is that
 * close or word is one of names. Borrowed from names. */
BL_API const char *bl_text_closest(const char *word, const char *const *names);

/* Appends text and a newline to out, wrapped at spaces into lines of at most width columns
 * (characters): the first line goes on from out's last line, the next ones start with indent
 * spaces. Spaces within a line are kept as written. A word longer than a line (a web address)
 * is broken after a '/' or before a '-', '.', '_', '?', '&' or '=', or else where it must. */
BL_API void bl_text_wrap(GString *out, const char *text, int indent, int width);

#endif

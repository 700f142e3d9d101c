/* SPDX-License-Identifier: MIT */
/* Unit tests of text.c: dates, jurisdictions, white space, withheld numbers, id keys, the
 * characters a recipient's value keeps, the closest name, wrapped lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "text.h"

static void
test_date_parse_accepts_real_dates_only(void **state)
{
    GDate d;

    assert_int_equal(bl_date_parse(&d, "2023-12-29"), 0);
    assert_int_equal(g_date_get_day(&d), 29);
    assert_int_equal(bl_date_parse(&d, "2024-02-29"), 0);
    assert_int_equal(bl_date_parse(&d, "2023-02-29"), -1);
    assert_int_equal(bl_date_parse(&d, "2024-13-01"), -1);
    assert_int_equal(bl_date_parse(&d, "12/29/2023"), -1);
    assert_int_equal(bl_date_parse(&d, "2023-1-05"), -1);
    assert_int_equal(bl_date_parse(&d, "2023-12-29x"), -1);
    assert_int_equal(bl_date_parse(&d, ""), -1);
    assert_int_equal(bl_date_parse(&d, NULL), -1);
}

static void
test_date_format_styles(void **state)
{
    GDate d;
    char *s;

    bl_date_parse(&d, "2023-12-29");
    s = bl_date_format(&d, "long", "en");
    assert_string_equal(s, "December 29, 2023");
    g_free(s);
    s = bl_date_format(&d, "us", "en");
    assert_string_equal(s, "12/29/2023");
    g_free(s);
    s = bl_date_format(&d, "iso", "en");
    assert_string_equal(s, "2023-12-29");
    g_free(s);
    s = bl_date_format(&d, "month-year", "en");
    assert_string_equal(s, "December 2023");
    g_free(s);
    s = bl_date_format(&d, "long", "es");
    assert_string_equal(s, "29 de diciembre de 2023");
    g_free(s);
    assert_null(bl_date_format(&d, "fancy", "en"));
    /* what is not a date is refused, not a GLib critical that may end the process */
    assert_null(bl_date_format(&d, NULL, "en"));
    assert_null(bl_date_format(NULL, "long", "en"));
    g_date_clear(&d, 1);
    assert_null(bl_date_format(&d, "long", "en"));
    assert_false(bl_date_style_valid("fancy"));
    assert_true(bl_date_style_valid("long"));
}

static void
test_jurisdiction_names(void **state)
{
    assert_string_equal(bl_jurisdiction_name("MA"), "Massachusetts");
    assert_string_equal(bl_jurisdiction_name("DC"), "the District of Columbia");
    assert_string_equal(bl_jurisdiction_name("PR"), "Puerto Rico");
    assert_null(bl_jurisdiction_name("XX"));
    assert_null(bl_jurisdiction_name("ma"));
    assert_null(bl_jurisdiction_name(NULL));
}

static void
test_squeeze_folds_white_space(void **state)
{
    char *s = bl_text_squeeze("  a \n\t b   c  ");

    assert_string_equal(s, "a b c");
    g_free(s);
    assert_true(bl_text_blank(" \n\t"));
    assert_true(bl_text_blank(NULL));
    assert_false(bl_text_blank(" x "));
}

/* redacted(text) equals expected; frees the copy. */
static void
assert_redacted(const char *text, const char *expected)
{
    char *got = bl_text_redact(text);

    if (strcmp(got, expected) != 0) {
        fail_msg("'%s' became '%s', expected '%s'", text, got, expected);
    }
    g_free(got);
}

static void
test_redact_withholds_ssn_tin_card_and_account_numbers(void **state)
{
    assert_redacted("123-45-6789", "[number withheld]");         /* SSN */
    assert_redacted("123 45 6789", "[number withheld]");         /* SSN, spaced */
    assert_redacted("123456789", "[number withheld]");           /* SSN or ITIN */
    assert_redacted("12-3456789", "[number withheld]");          /* EIN */
    assert_redacted("4111 1111 1111 1111", "[number withheld]"); /* Visa test card */
    assert_redacted("4111-1111-1111-1111", "[number withheld]"); /* dashed */
    assert_redacted("378282246310005", "[number withheld]");     /* Amex, 15 digits */
    assert_redacted("6011000990139424", "[number withheld]");    /* Luhn or not */
    assert_redacted("4111111111111112", "[number withheld]");    /* Luhn fails */
    assert_redacted("000123456789012", "[number withheld]");     /* bank account */
    assert_redacted("021000021 123456789", "[number withheld]"); /* routing, account */
    assert_redacted("123 - 45 - 6789", "[number withheld]");     /* up to 3 joiners */
    assert_redacted("123.45.6789", "[number withheld]");
    assert_redacted("123_45_6789", "[number withheld]");
    assert_redacted("123–45–6789", "[number withheld]");    /* en dashes */
    assert_redacted("１２３-45-6789", "[number withheld]"); /* fullwidth digits */
}

static void
test_redact_keeps_the_text_around_a_withheld_number(void **state)
{
    assert_redacted("ssn;123-45-6789", "ssn;[number withheld]");
    assert_redacted("A123456789B", "A[number withheld]B");
    assert_redacted("card 4111 1111 1111 1111, exp 12/29", "card [number withheld], exp 12/29");
    assert_redacted("ACCT-0001234567-X", "ACCT-[number withheld]-X");
    assert_redacted("123-45-6789 and 987-65-4321", "[number withheld] and [number withheld]");
}

static void
test_redact_keeps_short_numbers(void **state)
{
    assert_redacted("R-10431", "R-10431");
    assert_redacted("MDS-000142", "MDS-000142");
    assert_redacted("2024-01-28", "2024-01-28");     /* a date: 8 digits */
    assert_redacted("12345678", "12345678");         /* 8 digits */
    assert_redacted("1234    5678", "1234    5678"); /* 4 spaces do not join */
    assert_redacted("123-45 x 6789", "123-45 x 6789");
    assert_redacted("shoe-size", "shoe-size");
    assert_redacted("", "");
    assert_redacted("Zoë 9", "Zoë 9");
    assert_null(bl_text_redact(NULL));
}

static void
test_redact_passes_bytes_that_are_not_utf8(void **state)
{
    assert_redacted("\xff"
                    "123456789\xfe",
                    "\xff[number withheld]\xfe");
    assert_redacted("\xc3", "\xc3");
}

static void
test_id_key_folds_case_and_unicode_forms(void **state)
{
    GString *a = g_string_new(NULL), *b = g_string_new(NULL);

    bl_text_id_key(a, "ABC-1");
    bl_text_id_key(b, "abc-1");
    assert_string_equal(a->str, b->str);
    bl_text_id_key(a, "Jos\xC3\xA9");  /* é precomposed (NFC) */
    bl_text_id_key(b, "Jose\xCC\x81"); /* e + combining acute (NFD) */
    assert_string_equal(a->str, b->str);
    bl_text_id_key(b, "JOSE\xCC\x81"); /* and in capitals */
    assert_string_equal(a->str, b->str);
    bl_text_id_key(a, "STRASSE-7");
    bl_text_id_key(b, "stra\xC3\x9F"
                      "e-7"); /* ß folds to ss */
    assert_string_equal(a->str, b->str);
    bl_text_id_key(a, "\xE2\x84\xAA-1"); /* KELVIN SIGN: canonically K */
    bl_text_id_key(b, "k-1");
    assert_string_equal(a->str, b->str);
    /* different ids stay different */
    bl_text_id_key(a, "Jose");
    bl_text_id_key(b, "Jos\xC3\xA9");
    assert_string_not_equal(a->str, b->str);
    bl_text_id_key(a, "\xEF\xBC\xA1-1"); /* fullwidth A: a compatibility form, not the same */
    bl_text_id_key(b, "a-1");
    assert_string_not_equal(a->str, b->str);
    bl_text_id_key(a, "R-1");
    bl_text_id_key(b, "R-10");
    assert_string_not_equal(a->str, b->str);
    g_string_free(a, TRUE);
    g_string_free(b, TRUE);
}

static void
test_closest_names_the_misspelt_name(void **state)
{
    static const char *const fields[] = {"recipient.first_name",
                                         "recipient.last_name",
                                         "recipient.city",
                                         "recipient.postal_code",
                                         "org.phone",
                                         "org.name",
                                         NULL};
    static const char *const columns[] = {"id", "first_name", "last_name", "address1", NULL};

    assert_string_equal(bl_text_closest("recipient.fist_name", fields), "recipient.first_name");
    assert_string_equal(bl_text_closest("recipient.frist_name", fields), "recipient.first_name");
    assert_string_equal(bl_text_closest("org.fone", fields), "org.phone");
    assert_string_equal(bl_text_closest("Last_Name", columns), "last_name");
    assert_string_equal(bl_text_closest("adress1", columns), "address1");
    assert_string_equal(bl_text_closest("recipent.city", fields), "recipient.city");
}

static void
test_closest_is_null_when_nothing_is_close(void **state)
{
    static const char *const fields[] = {"recipient.first_name", "recipient.city",
                                         "recipient.state", "org.name", NULL};
    static const char *const columns[] = {"id", "first_name", "city", NULL};

    /* a long shared start does not make a short word close */
    assert_null(bl_text_closest("recipient.zip", fields));
    assert_null(bl_text_closest("recipient.zipcode", fields));
    assert_null(bl_text_closest("Notes", columns));
    assert_null(bl_text_closest("x", columns));
    /* a name that is there is not misspelt */
    assert_null(bl_text_closest("city", columns));
    assert_null(bl_text_closest("anything", NULL));
}

static void
test_closest_prefers_the_fewest_edits(void **state)
{
    static const char *const names[] = {"state", "stats", "status", NULL};

    assert_string_equal(bl_text_closest("statu", names), "state"); /* first of equals */
    assert_string_equal(bl_text_closest("statuss", names), "status");
    assert_string_equal(bl_text_closest("sate", names), "state");
}

/* The longest line of text, in characters. */
static glong
longest_line(const char *text)
{
    char **lines = g_strsplit(text, "\n", -1);
    glong most = 0;

    for (int i = 0; lines[i] != NULL; i++) {
        most = MAX(most, g_utf8_strlen(lines[i], -1));
    }
    g_strfreev(lines);
    return most;
}

static void
test_wrap_breaks_at_spaces_with_a_hanging_indent(void **state)
{
    GString *out = g_string_new("  error    DC     ");

    bl_text_wrap(out,
                 "1 resident of the District of Columbia whose Social Security number was "
                 "exposed must be offered at least 18 months of monitoring",
                 18, 80);
    assert_string_equal(out->str,
                        "  error    DC     1 resident of the District of Columbia whose Social "
                        "Security\n"
                        "                  number was exposed must be offered at least 18 months "
                        "of\n"
                        "                  monitoring\n");
    g_string_truncate(out, 0);
    bl_text_wrap(out, "short", 4, 80);
    assert_string_equal(out->str, "short\n");
    g_string_free(out, TRUE);
}

static void
test_wrap_keeps_spaces_within_a_line(void **state)
{
    GString *out = g_string_new("");

    bl_text_wrap(out, "[rule] Cite 1  https://example.org/a", 2, 80);
    assert_string_equal(out->str, "[rule] Cite 1  https://example.org/a\n");
    g_string_truncate(out, 0);
    bl_text_wrap(out, "aaaa bbbb  cccc", 2, 10);
    assert_string_equal(out->str, "aaaa bbbb\n  cccc\n");
    g_string_free(out, TRUE);
}

static void
test_wrap_breaks_a_long_address_where_it_may(void **state)
{
    const char *url = "https://www.accountablehq.com/post/45-cfr-164-404-explained-hipaa-breach-"
                      "notification-to-individuals-requirements-timelines-and-exceptions";
    char *text = g_strdup_printf("[deadline] 45 CFR 164.404(b)  %s", url);
    GString *out = g_string_new("                  ");
    char **lines;
    GString *joined = g_string_new(NULL);

    bl_text_wrap(out, text, 18, 80);
    assert_true(longest_line(out->str) <= 80);
    lines = g_strsplit(out->str, "\n", -1);
    assert_string_equal(lines[0], "                  [deadline] 45 CFR 164.404(b)");
    /* the address starts a line and its pieces, joined, are the address again: cut after a
     * '/' or before a '-' */
    for (int i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++) {
        assert_true(g_str_has_prefix(lines[i], "                  "));
        assert_true(i == 1 || lines[i][18] == '-' || lines[i - 1][strlen(lines[i - 1]) - 1] == '/');
        g_string_append(joined, lines[i] + 18);
    }
    assert_string_equal(joined->str, url);
    g_strfreev(lines);
    g_free(text);
    /* a word with nowhere to break is cut where the line ends */
    g_string_truncate(out, 0);
    bl_text_wrap(out, "abcdefghijklmnop", 0, 6);
    assert_string_equal(out->str, "abcdef\nghijkl\nmnop\n");
    g_string_free(joined, TRUE);
    g_string_free(out, TRUE);
}

/* The value text keeps once bl_text_append_neutral() has filtered it. Free with g_free(). */
static char *
neutral(const char *text)
{
    GString *out = g_string_new("[");

    bl_text_append_neutral(out, text, strlen(text));
    g_string_append_c(out, ']');
    return g_string_free(out, FALSE);
}

static void
assert_neutral(const char *text, const char *expected)
{
    char *got = neutral(text);
    char *want = g_strdup_printf("[%s]", expected);

    assert_string_equal(got, want);
    g_free(want);
    g_free(got);
}

static void
test_char_class_by_unicode_property(void **state)
{
    static const struct {
        gunichar c;
        enum bl_text_char want;
    } cases[] = {
        /* kept: letters, marks, spaces, symbols */
        {'A', BL_TEXT_CHAR_KEEP},
        {0x00e9, BL_TEXT_CHAR_KEEP},  /* é */
        {0x0301, BL_TEXT_CHAR_KEEP},  /* combining acute accent (Mn) */
        {0x00a0, BL_TEXT_CHAR_KEEP},  /* no-break space (Zs) */
        {0x3000, BL_TEXT_CHAR_KEEP},  /* ideographic space (Zs) */
        {0x0915, BL_TEXT_CHAR_KEEP},  /* DEVANAGARI LETTER KA */
        {0x0645, BL_TEXT_CHAR_KEEP},  /* ARABIC LETTER MEEM */
        {0xfe0f, BL_TEXT_CHAR_KEEP},  /* variation selector 16 (Mn): emoji presentation */
        {0xe0100, BL_TEXT_CHAR_KEEP}, /* variation selector 17 (Mn): Han ideograph variants */
        {0x1f600, BL_TEXT_CHAR_KEEP}, /* grinning face (So) */
        /* kept: format characters scripts need, and the ones that print */
        {0x200c, BL_TEXT_CHAR_KEEP},  /* ZERO WIDTH NON-JOINER (Persian, Indic) */
        {0x200d, BL_TEXT_CHAR_KEEP},  /* ZERO WIDTH JOINER (Indic conjuncts, emoji) */
        {0x180e, BL_TEXT_CHAR_KEEP},  /* MONGOLIAN VOWEL SEPARATOR */
        {0x0600, BL_TEXT_CHAR_KEEP},  /* ARABIC NUMBER SIGN: printed over the digits */
        {0x070f, BL_TEXT_CHAR_KEEP},  /* SYRIAC ABBREVIATION MARK */
        {0x13430, BL_TEXT_CHAR_KEEP}, /* EGYPTIAN HIEROGLYPH VERTICAL JOINER */
        /* line breaks */
        {'\n', BL_TEXT_CHAR_BREAK},
        {'\r', BL_TEXT_CHAR_BREAK},
        {0x000b, BL_TEXT_CHAR_BREAK}, /* vertical tab: a word processor's line break */
        {0x000c, BL_TEXT_CHAR_BREAK}, /* form feed */
        {0x0085, BL_TEXT_CHAR_BREAK}, /* NEXT LINE (C1) */
        {0x2028, BL_TEXT_CHAR_BREAK}, /* LINE SEPARATOR (Zl) */
        {0x2029, BL_TEXT_CHAR_BREAK}, /* PARAGRAPH SEPARATOR (Zp) */
        /* a control character that is white space */
        {'\t', BL_TEXT_CHAR_SPACE},
        /* removed: other control characters (Cc) */
        {0x0000, BL_TEXT_CHAR_DROP},
        {0x0007, BL_TEXT_CHAR_DROP}, /* bell */
        {0x001b, BL_TEXT_CHAR_DROP}, /* escape: terminal sequences */
        {0x001f, BL_TEXT_CHAR_DROP}, /* unit separator */
        {0x007f, BL_TEXT_CHAR_DROP}, /* delete */
        {0x009b, BL_TEXT_CHAR_DROP}, /* CONTROL SEQUENCE INTRODUCER (C1) */
        /* removed: format characters (Cf) that hide or reorder text */
        {0x200b, BL_TEXT_CHAR_DROP},  /* ZERO WIDTH SPACE */
        {0x200e, BL_TEXT_CHAR_DROP},  /* LEFT-TO-RIGHT MARK */
        {0x200f, BL_TEXT_CHAR_DROP},  /* RIGHT-TO-LEFT MARK */
        {0x061c, BL_TEXT_CHAR_DROP},  /* ARABIC LETTER MARK */
        {0x202a, BL_TEXT_CHAR_DROP},  /* LEFT-TO-RIGHT EMBEDDING */
        {0x202e, BL_TEXT_CHAR_DROP},  /* RIGHT-TO-LEFT OVERRIDE */
        {0x2066, BL_TEXT_CHAR_DROP},  /* LEFT-TO-RIGHT ISOLATE */
        {0x2069, BL_TEXT_CHAR_DROP},  /* POP DIRECTIONAL ISOLATE */
        {0x2060, BL_TEXT_CHAR_DROP},  /* WORD JOINER */
        {0x2062, BL_TEXT_CHAR_DROP},  /* INVISIBLE TIMES */
        {0xfeff, BL_TEXT_CHAR_DROP},  /* ZERO WIDTH NO-BREAK SPACE (byte order mark) */
        {0x00ad, BL_TEXT_CHAR_DROP},  /* SOFT HYPHEN */
        {0xfff9, BL_TEXT_CHAR_DROP},  /* INTERLINEAR ANNOTATION ANCHOR */
        {0xe0001, BL_TEXT_CHAR_DROP}, /* LANGUAGE TAG */
        {0xe0041, BL_TEXT_CHAR_DROP}, /* TAG LATIN CAPITAL LETTER A: hidden text */
        {0x1bca0, BL_TEXT_CHAR_DROP}, /* SHORTHAND FORMAT LETTER OVERLAP */
        {0x06dd, BL_TEXT_CHAR_DROP},  /* ARABIC END OF AYAH: shared by scripts (Common) */
        /* removed: private use (Co), unassigned and noncharacters (Cn) */
        {0xe000, BL_TEXT_CHAR_DROP},
        {0xf8ff, BL_TEXT_CHAR_DROP},
        {0xf0000, BL_TEXT_CHAR_DROP},  /* plane 15 private use */
        {0x10fffd, BL_TEXT_CHAR_DROP}, /* plane 16 private use */
        {0x0378, BL_TEXT_CHAR_DROP},   /* unassigned in the Greek block */
        {0xfdd0, BL_TEXT_CHAR_DROP},   /* noncharacter */
        {0xfffe, BL_TEXT_CHAR_DROP},   /* noncharacter */
        {0x10ffff, BL_TEXT_CHAR_DROP}, /* noncharacter */
    };

    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        if (bl_text_char_class(cases[i].c) != cases[i].want) {
            fail_msg("U+%04X: class %d, expected %d", cases[i].c, bl_text_char_class(cases[i].c),
                     cases[i].want);
        }
    }
}

static void
test_neutral_removes_bidi_controls_and_invisibles(void **state)
{
    /* a right-to-left override would show "Eve Foxor" as "Eve roxoF" and the words after it
     * reversed; isolates and marks reorder too */
    assert_neutral("\u202eroxoF\u202c", "roxoF");
    assert_neutral("Eve \u2066Lee\u2069", "Eve Lee");
    assert_neutral("\u200fAnn\u200e", "Ann");
    /* invisible: zero-width space, word joiner, byte order mark, soft hyphen */
    assert_neutral("Ev\u200be\u2060 L\u00adee\ufeff", "Eve Lee");
    /* control characters: a terminal escape, a bell, DEL and a C1 control */
    assert_neutral("\x1b[31mRed\x07\x7f\xc2\x9b", "[31mRed");
    /* tag characters can spell hidden text ("HI") */
    assert_neutral("Ann\U000E0048\U000E0049", "Ann");
    /* private use and unassigned code points print as nothing or an empty box */
    assert_neutral("J\ue000o\U000F0001e\u0378", "Joe");
}

static void
test_neutral_keeps_joiners_scripts_need(void **state)
{
    /* Devanagari: KSSA with a zero-width joiner keeps the half form of KA ("क्‍ष"), and a
     * zero-width non-joiner stops a conjunct */
    assert_neutral("\u0915\u094d\u200d\u0937\u093e", "\u0915\u094d\u200d\u0937\u093e");
    assert_neutral("\u0915\u094d\u200c\u0937", "\u0915\u094d\u200c\u0937");
    /* Persian: "می‌خواهم" is written with a zero-width non-joiner */
    assert_neutral("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
                   "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645");
    /* an Arabic name keeps its letters, a bidi mark around it goes */
    assert_neutral("\u200f\u0639\u0644\u064a\u200f", "\u0639\u0644\u064a");
    /* emoji sequences: family (joined by ZWJ), a heart with variation selector 16 */
    assert_neutral("\U0001F468\u200d\U0001F469\u200d\U0001F467 \u2764\ufe0f",
                   "\U0001F468\u200d\U0001F469\u200d\U0001F467 \u2764\ufe0f");
    /* Japanese name with an ideographic variation sequence, accents in decomposed form */
    assert_neutral("\u845b\U000E0100\u57ce Jose\u0301", "\u845b\U000E0100\u57ce Jose\u0301");
    /* spaces of every kind stay as written */
    assert_neutral("A\u00a0B\u2009C\u3000D", "A\u00a0B\u2009C\u3000D");
}

static void
test_neutral_turns_breaks_into_line_feeds_and_tabs_into_spaces(void **state)
{
    assert_neutral("Apt 4\nBldg B", "Apt 4\nBldg B");
    assert_neutral("Apt 4\r\nBldg B", "Apt 4\nBldg B"); /* CR LF is one break */
    assert_neutral("Apt 4\rBldg B", "Apt 4\nBldg B");   /* so is a lone CR */
    assert_neutral("Apt 4\r\rBldg B", "Apt 4\n\nBldg B");
    assert_neutral("Apt 4\u2028Bldg B\u2029Rear", "Apt 4\nBldg B\nRear");
    assert_neutral("Apt 4\xc2\x85"
                   "Bldg B\vC\fD",
                   "Apt 4\nBldg B\nC\nD");
    assert_neutral("Ann\tLee", "Ann Lee");
    /* a break at the very end is still a break: trimming is the caller's */
    assert_neutral("Ann\r", "Ann\n");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_parse_accepts_real_dates_only),
        cmocka_unit_test(test_date_format_styles),
        cmocka_unit_test(test_jurisdiction_names),
        cmocka_unit_test(test_squeeze_folds_white_space),
        cmocka_unit_test(test_redact_withholds_ssn_tin_card_and_account_numbers),
        cmocka_unit_test(test_redact_keeps_the_text_around_a_withheld_number),
        cmocka_unit_test(test_redact_keeps_short_numbers),
        cmocka_unit_test(test_redact_passes_bytes_that_are_not_utf8),
        cmocka_unit_test(test_id_key_folds_case_and_unicode_forms),
        cmocka_unit_test(test_char_class_by_unicode_property),
        cmocka_unit_test(test_neutral_removes_bidi_controls_and_invisibles),
        cmocka_unit_test(test_neutral_keeps_joiners_scripts_need),
        cmocka_unit_test(test_neutral_turns_breaks_into_line_feeds_and_tabs_into_spaces),
        cmocka_unit_test(test_closest_names_the_misspelt_name),
        cmocka_unit_test(test_closest_is_null_when_nothing_is_close),
        cmocka_unit_test(test_closest_prefers_the_fewest_edits),
        cmocka_unit_test(test_wrap_breaks_at_spaces_with_a_hanging_indent),
        cmocka_unit_test(test_wrap_keeps_spaces_within_a_line),
        cmocka_unit_test(test_wrap_breaks_a_long_address_where_it_may),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

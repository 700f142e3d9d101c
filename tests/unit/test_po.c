/* SPDX-License-Identifier: MIT */
/* Unit tests of po.c: gettext PO files as translators write them (contexts, plural forms,
 * escapes, strings over several lines, fuzzy and obsolete entries) and their mistakes, each
 * reported with the file and line; the Plural-Forms expressions of the languages gettext
 * knows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bl_test.h"
#include "po.h"

static const char catalog[] =
    "# Spanish\n"
    "msgid \"\"\n"
    "msgstr \"\"\n"
    "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
    "\"Language: es\\n\"\n"
    "\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n"
    "\n"
    "#: letter.xml:79\n"
    "msgid \"What Happened\"\n"
    "msgstr \"Qué sucedió\"\n"
    "\n"
    "msgctxt \"month\"\n"
    "msgid \"May\"\n"
    "msgstr \"mayo\"\n"
    "\n"
    "msgid \"May\"\n"
    "msgstr \"Puede\"\n"
    "\n"
    "msgid \"\"\n"
    "\"We are offering {monitoring.months} months \"\n"
    "\"of monitoring.\"\n"
    "msgid_plural \"We are offering {monitoring.months} months of monitoring.\"\n"
    "msgstr[0] \"Le ofrecemos {monitoring.months} mes de supervisión.\"\n"
    "msgstr[1] \"Le ofrecemos {monitoring.months} meses \"\n"
    "\"de supervisión.\"\n"
    "\n"
    "msgid \"Tab\\there, \\\"quoted\\\", a back\\\\slash\\nand a new line\"\n"
    "msgstr \"Tab\\tallí, \\\"entre comillas\\\", una barra\\\\invertida\\ny otra línea\"\n"
    "\n"
    "#, fuzzy\n"
    "msgid \"Sincerely,\"\n"
    "msgstr \"Sinceramente,\"\n"
    "\n"
    "msgid \"Not translated yet\"\n"
    "msgstr \"\"\n"
    "\n"
    "#~ msgid \"Old text\"\n"
    "#~ msgstr \"Texto viejo\"\n";

static struct bl_po *
parse(const char *text, struct bl_diag *diag)
{
    struct bl_po *po = NULL;

    if (bl_po_parse(&po, text, -1, "es.po", diag) < 0) {
        return NULL;
    }
    return po;
}

/* Contexts keep apart texts that read alike; strings join over lines; escapes are read. */
static void
test_messages_contexts_lines_and_escapes(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_po *po = parse(catalog, diag);

    (void)state;
    assert_non_null(po);
    assert_string_equal(bl_po_language(po), "es");
    assert_string_equal(bl_po_get(po, NULL, "What Happened"), "Qué sucedió");
    assert_string_equal(bl_po_get(po, "month", "May"), "mayo");
    assert_string_equal(bl_po_get(po, NULL, "May"), "Puede");
    assert_null(bl_po_get(po, "date", "May"));
    assert_string_equal(bl_po_get(po, NULL, "Tab\there, \"quoted\", a back\\slash\nand a new line"),
                        "Tab\tallí, \"entre comillas\", una barra\\invertida\ny otra línea");
    assert_null(bl_po_get(po, NULL, "Not translated yet")); /* empty: untranslated */
    assert_null(bl_po_get(po, NULL, "Old text"));           /* obsolete */
    bl_po_free(po);
    bl_diag_free(diag);
}

/* A fuzzy translation is not used, and the translator is told where it is. */
static void
test_fuzzy_entries_are_left_out_with_a_warning(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_po *po = parse(catalog, diag);

    (void)state;
    assert_non_null(po);
    assert_null(bl_po_get(po, NULL, "Sincerely,"));
    fixture_assert_has(bl_diag_text(diag), "es.po:31: warning: fuzzy translation of 'Sincerely,' "
                                           "left out: check it and remove the '#, fuzzy' flag");
    bl_po_free(po);
    bl_diag_free(diag);
}

/* The form of a plural entry follows the number: "1 mes", "24 meses". */
static void
test_plural_forms_follow_the_number(void **state)
{
    static const char id[] = "We are offering {monitoring.months} months of monitoring.";
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_po *po = parse(catalog, diag);

    (void)state;
    assert_non_null(po);
    assert_true(bl_po_is_plural(po, NULL, id));
    assert_false(bl_po_is_plural(po, NULL, "What Happened"));
    assert_int_equal(bl_po_nplurals(po), 2);
    assert_string_equal(bl_po_get_plural(po, NULL, id, 1),
                        "Le ofrecemos {monitoring.months} mes de supervisión.");
    assert_string_equal(bl_po_get_plural(po, NULL, id, 24),
                        "Le ofrecemos {monitoring.months} meses de supervisión.");
    assert_string_equal(bl_po_get_plural(po, NULL, id, 0),
                        "Le ofrecemos {monitoring.months} meses de supervisión.");
    assert_string_equal(bl_po_get_form(po, NULL, id, 1),
                        "Le ofrecemos {monitoring.months} meses de supervisión.");
    assert_null(bl_po_get_form(po, NULL, id, 2));
    assert_string_equal(bl_po_get_plural(po, NULL, "What Happened", 5), "Qué sucedió");
    bl_po_free(po);
    bl_diag_free(diag);
}

/* The Plural-Forms expressions of gettext's table of languages give the forms CLDR gives. */
static void
test_plural_expressions_of_many_languages(void **state)
{
    static const struct {
        const char *expr;
        unsigned long n;
        unsigned long form;
    } cases[] = {
        {"0", 7, 0},        /* Chinese, Japanese, Vietnamese */
        {"(n != 1)", 1, 0}, /* English, Spanish, German */
        {"(n != 1)", 0, 1}, /* "0 months" */
        {"(n > 1)", 0, 0},  /* French, Brazilian Portuguese: "0 mois" */
        {"(n > 1)", 2, 1},
        /* Russian, Ukrainian */
        {"(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)", 21,
         0},
        {"(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)", 22,
         1},
        {"(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)", 12,
         2},
        /* Arabic */
        {"n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5", 0, 0},
        {"n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5", 105, 3},
        {"n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5", 111, 4},
        {"n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5", 100, 5},
        {"!(n == 1)", 1, 0},
        {"n / 10 - 2 * 3 + 7", 25, 3},
    };
    unsigned long v;

    (void)state;
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        if (bl_po_plural_eval(cases[i].expr, cases[i].n, &v) != 0 || v != cases[i].form) {
            fail_msg("plural=%s for n=%lu: expected %lu", cases[i].expr, cases[i].n, cases[i].form);
        }
    }
    assert_int_equal(bl_po_plural_eval("n %", 1, &v), -1);
    assert_int_equal(bl_po_plural_eval("n % 0", 1, &v), -1);
    assert_int_equal(bl_po_plural_eval("(n != 1", 1, &v), -1);
    assert_int_equal(bl_po_plural_eval("n = 1", 1, &v), -1);
    assert_int_equal(bl_po_plural_eval("x", 1, &v), -1);
}

/* A header whose expression gives a form beyond nplurals is refused: letters would print
 * nothing. */
static void
test_a_bad_plural_header_is_refused(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);

    (void)state;
    assert_null(parse("msgid \"\"\nmsgstr \"Plural-Forms: nplurals=2; plural=n;\\n\"\n", diag));
    fixture_assert_has(bl_diag_text(diag),
                       "es.po:1: error: Plural-Forms 'nplurals=2; plural=n;': the expression "
                       "must be a C expression of n giving a form below nplurals (1 to 6)");
    bl_diag_free(diag);
}

/* Each mistake names its line and what is wrong; every one is reported. */
static void
test_mistakes_name_their_line(void **state)
{
    static const struct {
        const char *text;
        const char *message;
    } cases[] = {
        {"msgid \"a\"\nmsgstr \"b\n", "es.po:2: error: string not closed"},
        {"msgid \"a\"\nmsgstr \"\\q\"\n", "es.po:2: error: unknown escape '\\q' in a string"},
        {"msgid \"a\"\nmsgstr \"b\"\nmsgid \"a\"\nmsgstr \"c\"\n",
         "es.po:3: error: 'a' is translated twice"},
        {"msgid \"a\"\n", "es.po:1: error: msgid without msgstr"},
        {"msgid \"a\"\nmsgstr[0] \"b\"\n", "es.po:2: error: msgstr[0] without msgid_plural"},
        {"msgid \"a\"\nmsgstr \"b\"\nbogus\n",
         "es.po:3: error: unknown line 'bogus' (expected msgctxt, msgid, msgstr or #)"},
        {"msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=ISO-8859-1\\n\"\n",
         "es.po:1: error: charset 'ISO-8859-1': write the file in UTF-8 (charset=UTF-8)"},
        {"msgid \"a\"\nmsgstr \"\xff\"\n", "es.po:1: error: the translation is not UTF-8 text"},
    };

    (void)state;
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        struct bl_diag *diag = bl_diag_new(NULL);

        assert_null(parse(cases[i].text, diag));
        fixture_assert_has(bl_diag_text(diag), cases[i].message);
        bl_diag_free(diag);
    }
}

/* Texts a .pot holds come back from a catalog as they went: quoting is the reverse of
 * reading. */
static void
test_quote_is_read_back(void **state)
{
    static const char text[] = "a \"b\" \\ c\n\td";
    char *q = bl_po_quote(text);
    char *po_text = g_strdup_printf("msgid %s\nmsgstr %s\n", q, q);
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_po *po = parse(po_text, diag);

    (void)state;
    assert_non_null(po);
    assert_string_equal(bl_po_get(po, NULL, text), text);
    bl_po_free(po);
    bl_diag_free(diag);
    g_free(po_text);
    g_free(q);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_messages_contexts_lines_and_escapes),
        cmocka_unit_test(test_fuzzy_entries_are_left_out_with_a_warning),
        cmocka_unit_test(test_plural_forms_follow_the_number),
        cmocka_unit_test(test_plural_expressions_of_many_languages),
        cmocka_unit_test(test_a_bad_plural_header_is_refused),
        cmocka_unit_test(test_mistakes_name_their_line),
        cmocka_unit_test(test_quote_is_read_back),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

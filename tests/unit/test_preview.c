/* SPDX-License-Identifier: MIT */
/* Unit tests of preview.c: a draft letter made even from an incomplete incident, every missing
 * field marked where it stands and every page watermarked; a list's recipient or the sample
 * person; the sheet of a list's variants; the problems told to the caller's diag, the file
 * written told as a report, nothing printed; usage and input errors with nothing written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "bl_test.h"
#include "preview.h"
#include "session.h"

#define WATERMARK "D\nR\nA\nF\nT\n" /* pdftotext -raw: a letter a line */

struct fix {
    char *dir, *incident, *list, *draft, *output;
    struct bl_preview_options opts;
    struct fixture_told told;
};

static int
setup(void **state)
{
    struct fix *f = g_new0(struct fix, 1);

    f->dir = fixture_tmpdir("preview");
    f->incident = fixture_incident_file(f->dir, NULL);
    f->list = fixture_list_file(f->dir);
    f->draft = fixture_draft_incident_file(f->dir, "draft.xml");
    f->output = g_build_filename(f->dir, "preview.pdf", NULL);
    f->opts.incident = f->draft;
    f->opts.data_dir = BL_DATADIR;
    f->opts.output = f->output;
    fixture_told_init(&f->told);
    bl_session_set_today("2025-01-06");
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fix *f = *state;

    fixture_told_release(&f->told);
    bl_session_set_today(NULL);
    bl_diag_set_level(BL_DIAG_NORMAL);
    fixture_rmdir(f->dir);
    g_free(f->dir);
    g_free(f->incident);
    g_free(f->list);
    g_free(f->draft);
    g_free(f->output);
    g_free(f);
    return 0;
}

/* Runs the preview of f->opts; returns its status, and fails the test if anything reached the
 * process's standard output or error. */
static int
preview(struct fix *f)
{
    struct fixture_caught c;
    char *printed;
    int rc;

    fixture_catch_output(&c);
    rc = bl_preview_run(&f->opts, f->told.diag);
    printed = fixture_release_output(&c);
    assert_string_equal(printed, "");
    g_free(printed);
    return rc;
}

/* The pages of the preview's letter, as pdftotext -layout reads them: from the page where
 * greeting first stands, as many as its "Page 1 of N" says (the review page is not among them,
 * wherever it is); *letters gets the number of pages that have the greeting. */
static char *
letter_pages(const struct fix *f, const char *greeting, int *letters)
{
    char *text = fixture_pdf_text(f->output);
    char **pages = g_strsplit(text, "\f", -1);
    GString *letter = g_string_new(NULL);
    int first = -1, count = 0;

    *letters = 0;
    for (int i = 0; pages[i] != NULL; i++) {
        if (strstr(pages[i], greeting) != NULL) {
            (*letters)++;
            first = first < 0 ? i : first;
        }
    }
    if (first < 0 || strstr(pages[first], "Page 1 of ") == NULL ||
        sscanf(strstr(pages[first], "Page 1 of "), "Page 1 of %d", &count) != 1) {
        fail_msg("no letter page with '%s' and its page count in:\n%s", greeting, text);
    }
    for (int i = first; i < first + count; i++) {
        assert_non_null(pages[i]);
        g_string_append_printf(letter, "%s\f", pages[i]);
    }
    g_strfreev(pages);
    g_free(text);
    return g_string_free(letter, FALSE);
}

/* A first draft of an incident becomes one draft letter to the sample person: each missing
 * field marked where it stands, what is known printed, every page watermarked. */
static void
test_draft_marks_every_missing_field(void **state)
{
    struct fix *f = *state;
    static const char *const marks[] = {
        "[organisation phone missing]",        "[incident notice missing]",
        "[incident discovered missing]",       "[incident narrative missing]",
        "[incident actions missing]",          "[organisation signatory name missing]",
        "[organisation address line1 missing]"};
    char *letter, *raw, **pages;
    int letters = 0;

    assert_int_equal(preview(f), BL_EXIT_OK);
    letter = letter_pages(f, "Dear [First Name] [Last Name]", &letters);
    assert_int_equal(letters, 1);
    for (gsize i = 0; i < G_N_ELEMENTS(marks); i++) {
        fixture_assert_has(letter, marks[i]);
    }
    fixture_assert_has(letter, "Acme Health");
    fixture_assert_has(letter, "[Street Address]");
    fixture_assert_has(letter, "Social Security number");
    fixture_assert_lacks(letter, "error:"); /* the problems are listed before the letter */
    raw = fixture_pdf_text_raw(f->output);
    pages = g_strsplit(raw, "\f", -1);
    assert_int_equal(g_strv_length(pages) - 1, fixture_pdf_pages(f->output));
    for (char **p = pages; p[1] != NULL; p++) {
        fixture_assert_has(*p, WATERMARK);
    }
    g_strfreev(pages);
    g_free(raw);
    g_free(letter);
}

/* The problems are told to the caller's diag as errors, each with its file and line; the file
 * written is told as a report; nothing is printed. Quiet, the problems are still told, the
 * report is not. */
static void
test_problems_are_told_through_the_diag(void **state)
{
    struct fix *f = *state;
    const char *errors;
    char *want;

    assert_int_equal(preview(f), BL_EXIT_OK);
    errors = fixture_told_text(&f->told, BL_DIAG_ERROR);
    want = g_strdup_printf("%s:2: error: <incident> lacks <dates>", f->draft);
    fixture_assert_has(errors, want);
    g_free(want);
    want = g_strdup_printf("%s:3: error: <organisation> lacks <address>", f->draft);
    fixture_assert_has(errors, want);
    g_free(want);
    fixture_assert_has(errors, BL_DATADIR "/templates/us-notice/letter.xml:");
    fixture_assert_has(errors,
                       ": error: field 'org.phone' is empty: the draft shows [organisation phone "
                       "missing]\n");
    want = g_strdup_printf("preview: wrote %s (", f->output);
    assert_true(g_str_has_prefix(fixture_told_text(&f->told, BL_DIAG_REPORT), want));
    g_free(want);
    fixture_assert_lacks(fixture_told_text(&f->told, BL_DIAG_REPORT), "error:");

    fixture_told_release(&f->told);
    fixture_told_init(&f->told);
    bl_diag_set_level(BL_DIAG_QUIET);
    assert_int_equal(preview(f), BL_EXIT_OK);
    fixture_assert_has(fixture_told_text(&f->told, BL_DIAG_ERROR),
                       "error: field 'org.phone' is empty");
    assert_string_equal(fixture_told_text(&f->told, BL_DIAG_REPORT), "");
}

/* A complete incident previews with no problem told; the sample person's variant and state
 * are the ones asked for. */
static void
test_sample_person_of_a_variant_and_state(void **state)
{
    struct fix *f = *state;
    char *letter;
    int letters;

    f->opts.incident = f->incident;
    f->opts.variant = "minor";
    f->opts.jurisdiction = "CA";
    assert_int_equal(preview(f), BL_EXIT_OK);
    assert_string_equal(fixture_told_text(&f->told, BL_DIAG_ERROR), "");
    letter = letter_pages(f, "[First Name] [Last Name]", &letters);
    fixture_assert_has(letter, "Parent or Guardian of");
    fixture_assert_has(letter, "[City], CA [ZIP Code]");
    fixture_assert_lacks(letter, "missing]");
    g_free(letter);
}

/* A recipient of the list: their own letter; a rejected row or an id not in the list is told,
 * by id and line, never by what the row holds, and nothing is written. */
static void
test_recipient_of_the_list(void **state)
{
    struct fix *f = *state;
    char *letter, *list, *want;
    int letters;

    f->opts.incident = f->incident;
    f->opts.recipients = f->list;
    f->opts.recipient = "R-1";
    assert_int_equal(preview(f), BL_EXIT_OK);
    letter = letter_pages(f, "Dear Ada", &letters);
    assert_int_equal(letters, 1);
    fixture_assert_has(letter, "Ada Lovelace");
    fixture_assert_has(letter, "12 Analytical Way");
    fixture_assert_lacks(letter, "Claire");
    g_free(letter);
    g_unlink(f->output);

    list = fixture_write(f->dir, "bad.csv",
                         FIXTURE_LIST_HEADER
                         "R-9,Ada,Lovelace,12 Analytical Way,Boston,MA,999,ssn,ENR-9,sunrise\n",
                         -1);
    f->opts.recipients = list;
    f->opts.recipient = "R-9";
    assert_int_equal(preview(f), BL_EXIT_BAD_INPUT);
    want = g_strdup_printf("%s:2: error: postal code is not a US ZIP code (12345 or 12345-6789) "
                           "(recipient 'R-9')\n",
                           list);
    fixture_assert_has(fixture_told_text(&f->told, BL_DIAG_ERROR), want);
    fixture_assert_lacks(fixture_told_text(&f->told, BL_DIAG_ERROR), "Lovelace");
    fixture_assert_lacks(fixture_told_text(&f->told, BL_DIAG_ERROR), "Analytical");
    assert_false(g_file_test(f->output, G_FILE_TEST_EXISTS));
    g_free(want);

    f->opts.recipients = f->list;
    f->opts.recipient = "NOBODY";
    assert_int_equal(preview(f), BL_EXIT_BAD_INPUT);
    want = g_strdup_printf("%s: error: recipient 'NOBODY' is not in the list\n", f->list);
    fixture_assert_has(fixture_told_text(&f->told, BL_DIAG_ERROR), want);
    assert_false(g_file_test(f->output, G_FILE_TEST_EXISTS));
    g_free(want);
    g_free(list);
}

/* With a memo: the person is found as the last preview of the list found them (a rejected row
 * and an absent id told alike), and looked for again once the list changed. */
static void
test_recipient_with_a_memo(void **state)
{
    struct fix *f = *state;
    const char *ids[] = {"R-1", "R-2", "NOBODY"};
    const int rcs[] = {BL_EXIT_OK, BL_EXIT_BAD_INPUT, BL_EXIT_BAD_INPUT};
    char *letter, *text, *was = NULL;
    int letters;

    f->opts.incident = f->incident;
    f->opts.recipients = f->list;
    f->opts.memo = bl_check_memo_new();
    fixture_backdate(f->list); /* a list written just now is read again */
    for (size_t i = 0; i < G_N_ELEMENTS(ids); i++) {
        f->opts.recipient = ids[i];
        for (int round = 0; round < 2; round++) {
            g_string_truncate(f->told.kind[BL_DIAG_ERROR], 0);
            assert_int_equal(preview(f), rcs[i]);
            assert_int_equal(bl_check_memo_reused(f->opts.memo), round > 0 || i > 0);
            text = g_strdup(fixture_told_text(&f->told, BL_DIAG_ERROR));
            if (round == 0) {
                was = text;
            } else {
                assert_string_equal(text, was); /* told alike */
                g_free(text);
                g_free(was);
            }
        }
        if (rcs[i] == BL_EXIT_OK) {
            letter = letter_pages(f, "Dear Ada", &letters);
            assert_int_equal(letters, 1);
            g_free(letter);
            g_unlink(f->output);
        } else {
            assert_false(g_file_test(f->output, G_FILE_TEST_EXISTS));
        }
    }
    fixture_replace_in_file(f->list, "R-1,Ada,Lovelace", "R-1,Adele,Lovelace");
    f->opts.recipient = "R-1";
    assert_int_equal(preview(f), BL_EXIT_OK);
    assert_false(bl_check_memo_reused(f->opts.memo));
    letter = letter_pages(f, "Dear Adele", &letters);
    assert_int_equal(letters, 1);
    g_free(letter);
    bl_check_memo_free(f->opts.memo);
}

struct handed {
    int calls;
    gint64 residents;
    char *languages;
};

static void
on_checked(void *data, const struct bl_check_report *report, const struct bl_template *tpl)
{
    struct handed *h = data;

    h->calls++;
    h->residents = bl_check_residents(report, "MA");
    g_free(h->languages);
    h->languages = g_strdup(bl_template_languages(tpl));
}

/* The check's report (over the list) and the template are handed to the caller while the
 * preview is made; the sample person in a language the template has a catalog of gets the
 * letter in it (an incident whose own texts have a translation: the Medusind example); a
 * language that is no code is a usage error. */
static void
test_language_and_the_check_handed_over(void **state)
{
    struct fix *f = *state;
    struct handed h = {0};
    char *letter, *example;

    f->opts.incident = f->incident;
    f->opts.recipients = f->list;
    f->opts.jurisdiction = "MA";
    f->opts.checked = on_checked;
    f->opts.checked_data = &h;
    assert_int_equal(preview(f), BL_EXIT_OK);
    assert_int_equal(h.calls, 1);
    assert_int_equal(h.residents, 1); /* the list's resident of Massachusetts */
    fixture_assert_has(h.languages, "es");
    fixture_assert_has(h.languages, "zh");
    g_free(h.languages);

    example = g_build_filename(BL_DATADIR, "examples", "medusind-2023", "incident.xml", NULL);
    f->opts.incident = example;
    f->opts.recipients = NULL;
    f->opts.checked = NULL;
    f->opts.language = "es";
    assert_int_equal(preview(f), BL_EXIT_OK);
    letter = fixture_pdf_text(f->output); /* the review page (in English), then the letter */
    fixture_assert_has(letter, "Estimado(a) [First Name] [Last Name]:");
    fixture_assert_has(letter, "Aviso de violación de datos");
    fixture_assert_has(letter, "Página 1 de ");
    fixture_assert_lacks(letter, "Dear [First Name]");
    g_free(letter);

    g_unlink(f->output);
    f->opts.language = "ES";
    assert_int_equal(preview(f), BL_EXIT_USAGE);
    fixture_assert_has(fixture_told_text(&f->told, BL_DIAG_ERROR),
                       "error: unknown language 'ES': give a two-letter lowercase code (es)\n");
    assert_false(g_file_test(f->output, G_FILE_TEST_EXISTS));
    g_free(example);
}

/* The variant sheet: a labelled draft letter for each variant of the list. */
static void
test_variants_of_a_list(void **state)
{
    struct fix *f = *state;
    const char *report;
    char *text;
    int n = 0;

    f->opts.incident = f->incident;
    f->opts.recipients = f->list;
    f->opts.variants = TRUE;
    assert_int_equal(preview(f), BL_EXIT_OK);
    report = fixture_told_text(&f->told, BL_DIAG_REPORT);
    fixture_assert_has(report, "for 2 recipients");
    text = fixture_pdf_text(f->output);
    fixture_assert_has(text, "VARIANT 1 OF ");
    assert_int_equal(sscanf(strstr(text, "VARIANT 1 OF "), "VARIANT 1 OF %d", &n), 1);
    assert_true(n >= 2); /* Massachusetts has text of its own; Florida does not */
    for (int i = 1; i <= n; i++) {
        char *label = g_strdup_printf("VARIANT %d OF %d: ", i, n);

        fixture_assert_has(text, label);
        g_free(label);
    }
    fixture_assert_has(text, "residents of Massachusetts");
    fixture_assert_lacks(text, "Lovelace"); /* placeholders, not the list's people */
    fixture_assert_lacks(text, "Dupont");
    g_free(text);
}

/* Options the preview cannot follow are usage errors told to the diag, and nothing is made. */
static void
test_usage_errors(void **state)
{
    struct fix *f = *state;

    f->opts.variant = "teen";
    assert_int_equal(preview(f), BL_EXIT_USAGE);
    f->opts.variant = NULL;
    f->opts.jurisdiction = "XX";
    assert_int_equal(preview(f), BL_EXIT_USAGE);
    f->opts.jurisdiction = NULL;
    f->opts.recipient = "R-1";
    assert_int_equal(preview(f), BL_EXIT_USAGE);
    f->opts.recipient = NULL;
    f->opts.variants = TRUE;
    assert_int_equal(preview(f), BL_EXIT_USAGE);
    assert_string_equal(fixture_told_text(&f->told, BL_DIAG_ERROR),
                        "breachletter: error: unknown variant 'teen'\n"
                        "breachletter: error: unknown jurisdiction 'XX'\n"
                        "breachletter: error: a preview of a recipient needs a recipient list\n"
                        "breachletter: error: a preview of the variants needs a recipient list\n");
    assert_false(g_file_test(f->output, G_FILE_TEST_EXISTS));
}

/* An incident that is not XML at all cannot be previewed: told with its line, nothing made. */
static void
test_unreadable_incident(void **state)
{
    struct fix *f = *state;
    char *broken = fixture_write(f->dir, "broken.xml",
                                 "<?xml version=\"1.0\"?>\n<incident>\n</incidnet>\n", -1);
    char *want = g_strdup_printf("%s:3: error: ", broken);

    f->opts.incident = broken;
    assert_int_equal(preview(f), BL_EXIT_BAD_INPUT);
    fixture_assert_has(fixture_told_text(&f->told, BL_DIAG_ERROR), want);
    assert_false(g_file_test(f->output, G_FILE_TEST_EXISTS));
    g_free(want);
    g_free(broken);
}

/* One preview as --watch makes it again and again: the report of each, and the files it read
 * for the caller to watch, once each however often it is made; a broken edit leaves the
 * preview made last in place and keeps the files known. */
static void
test_once_gives_the_files_to_watch(void **state)
{
    struct fix *f = *state;
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    char *letter = g_build_filename(BL_DATADIR, "templates", "us-notice", "letter.xml", NULL);
    char *rules = g_build_filename(BL_DATADIR, "templates", "rules", "jurisdictions.xml", NULL);
    char *made = NULL, *again = NULL;
    gsize made_len = 0, again_len = 0;
    guint read;

    f->opts.data_dir = BL_DATADIR;
    assert_int_equal(bl_preview_once(&f->opts, files, f->told.diag), BL_EXIT_OK);
    fixture_assert_has(fixture_told_text(&f->told, BL_DIAG_REPORT), "preview: wrote ");
    assert_true(g_ptr_array_find_with_equal_func(files, f->draft, g_str_equal, NULL));
    assert_true(g_ptr_array_find_with_equal_func(files, letter, g_str_equal, NULL));
    assert_true(g_ptr_array_find_with_equal_func(files, rules, g_str_equal, NULL));
    read = files->len;
    assert_true(g_file_get_contents(f->output, &made, &made_len, NULL));
    assert_int_equal(bl_preview_once(&f->opts, files, f->told.diag), BL_EXIT_OK);
    assert_int_equal(files->len, read);
    /* the draft broken: reported, the preview made last left as it was */
    assert_true(g_file_set_contents(f->draft, "<incident>\n</incidnet>\n", -1, NULL));
    assert_int_equal(bl_preview_once(&f->opts, files, f->told.diag), BL_EXIT_BAD_INPUT);
    assert_int_equal(files->len, read);
    assert_true(g_file_get_contents(f->output, &again, &again_len, NULL));
    assert_int_equal(again_len, made_len);
    assert_memory_equal(again, made, made_len);
    g_free(made);
    g_free(again);
    g_free(letter);
    g_free(rules);
    g_ptr_array_unref(files);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_draft_marks_every_missing_field, setup, teardown),
        cmocka_unit_test_setup_teardown(test_problems_are_told_through_the_diag, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sample_person_of_a_variant_and_state, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recipient_of_the_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recipient_with_a_memo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_variants_of_a_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_language_and_the_check_handed_over, setup, teardown),
        cmocka_unit_test_setup_teardown(test_usage_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unreadable_incident, setup, teardown),
        cmocka_unit_test_setup_teardown(test_once_gives_the_files_to_watch, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

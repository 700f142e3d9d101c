/* SPDX-License-Identifier: MIT */
/* Unit tests of session.c: what every command loads once (incident, contacts, rules, template;
 * the check over a list; fonts), strictly or as a draft, and how it fails; the placeholder person
 * of specimens and previews; the date "today" is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <string.h>
#include <time.h>

#include "bl_test.h"
#include "session.h"

#define LETTER BL_DATADIR "/templates/us-notice/letter.xml"

struct fix {
    char *dir;
    char *incident; /* the test incident, with the shipped template */
    char *list;     /* fixture_list_file() */
    struct fixture_told told;
    struct bl_session ses;
};

static int
setup(void **state)
{
    struct fix *f = g_new0(struct fix, 1);

    f->dir = fixture_tmpdir("session");
    f->incident = fixture_incident_file(f->dir, NULL);
    f->list = fixture_list_file(f->dir);
    fixture_told_init(&f->told);
    bl_session_init(&f->ses, f->told.diag);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fix *f = *state;

    bl_session_release(&f->ses);
    fixture_told_release(&f->told);
    bl_diag_set_level(BL_DIAG_NORMAL);
    bl_session_set_today(NULL);
    fixture_rmdir(f->dir);
    g_free(f->dir);
    g_free(f->incident);
    g_free(f->list);
    g_free(f);
    return 0;
}

/* The problems told (errors and warnings). */
static char *
problems(const struct fix *f)
{
    return g_strconcat(fixture_told_text(&f->told, BL_DIAG_ERROR),
                       fixture_told_text(&f->told, BL_DIAG_WARNING), NULL);
}

static void
assert_no_problems(const struct fix *f)
{
    char *text = problems(f);

    assert_string_equal(text, "");
    g_free(text);
}

/* A load reads the incident, the contacts, the rules and the incident's template, and tells
 * nothing at the normal level; the check and the fonts are separate steps. */
static void
test_load_reads_the_inputs(void **state)
{
    struct fix *f = *state;

    assert_int_equal(bl_session_load(&f->ses, f->incident, NULL, BL_DATADIR, NULL, FALSE),
                     BL_EXIT_OK);
    assert_non_null(f->ses.incident);
    assert_string_equal(f->ses.incident->id, "test-1");
    assert_string_equal(f->ses.incident->path, f->incident);
    assert_non_null(f->ses.contacts);
    assert_non_null(f->ses.rules);
    assert_non_null(f->ses.tpl);
    assert_string_equal(f->ses.template_path, LETTER);
    assert_null(f->ses.check);
    assert_null(f->ses.fonts);
    assert_ptr_equal(f->ses.diag, f->told.diag);
    assert_no_problems(f);
    assert_string_equal(fixture_told_text(&f->told, BL_DIAG_INFO), "");
}

/* Verbose, the load tells what it loaded, from where; names, never the recipients. */
static void
test_load_tells_what_it_loaded_when_verbose(void **state)
{
    struct fix *f = *state;
    const char *info;

    bl_diag_set_level(BL_DIAG_VERBOSE);
    assert_int_equal(bl_session_load(&f->ses, f->incident, f->list, BL_DATADIR, NULL, FALSE),
                     BL_EXIT_OK);
    info = fixture_told_text(&f->told, BL_DIAG_INFO);
    fixture_assert_has(info, "breachletter: data directory " BL_DATADIR "\n");
    fixture_assert_has(info, "breachletter: incident ");
    fixture_assert_has(info, "incident.xml: 'test-1', 3 categories, 1 covered entity\n");
    fixture_assert_has(info, "breachletter: template " LETTER ": ");
    fixture_assert_has(info, "breachletter: contacts " BL_DATADIR "/templates/contacts.xml");
    fixture_assert_lacks(info, "Lovelace");
    assert_no_problems(f);
}

/* A missing incident or list is an I/O failure naming the file, and nothing is loaded. */
static void
test_missing_files_are_io_failures(void **state)
{
    struct fix *f = *state;
    char *none = g_build_filename(f->dir, "none.xml", NULL);
    char *want = g_strdup_printf("%s: error: cannot open file: no such file\n", none);

    assert_int_equal(bl_session_load(&f->ses, none, NULL, BL_DATADIR, NULL, FALSE), BL_EXIT_IO);
    assert_string_equal(fixture_told_text(&f->told, BL_DIAG_ERROR), want);
    assert_null(f->ses.incident);
    g_string_truncate(f->told.kind[BL_DIAG_ERROR], 0);

    /* the incident is there, the list is not: the list is named */
    assert_int_equal(bl_session_load(&f->ses, f->incident, none, BL_DATADIR, NULL, TRUE),
                     BL_EXIT_IO);
    assert_string_equal(fixture_told_text(&f->told, BL_DIAG_ERROR), want);
    assert_null(f->ses.incident);
    g_free(want);
    g_free(none);
}

/* A first draft of an incident: a strict load refuses it, telling every problem with its line;
 * a draft's load keeps what can be used (the template compiled, the gaps to be marked) and
 * tells the same problems. */
static void
test_draft_load_keeps_what_strict_refuses(void **state)
{
    struct fix *f = *state;
    char *draft = fixture_draft_incident_file(f->dir, "draft.xml");
    char *lacks_dates = g_strdup_printf("%s:2: error: <incident> lacks <dates>", draft);
    char *lacks_address = g_strdup_printf("%s:3: error: <organisation> lacks <address>", draft);

    assert_int_equal(bl_session_load(&f->ses, draft, NULL, BL_DATADIR, NULL, FALSE),
                     BL_EXIT_BAD_INPUT);
    fixture_assert_has(fixture_told_text(&f->told, BL_DIAG_ERROR), lacks_dates);
    fixture_assert_has(fixture_told_text(&f->told, BL_DIAG_ERROR), lacks_address);
    assert_null(f->ses.tpl);
    bl_session_release(&f->ses);
    g_string_truncate(f->told.kind[BL_DIAG_ERROR], 0);

    bl_session_init(&f->ses, f->told.diag);
    assert_int_equal(bl_session_load(&f->ses, draft, NULL, BL_DATADIR, NULL, TRUE), BL_EXIT_OK);
    assert_non_null(f->ses.incident);
    assert_string_equal(f->ses.incident->id, "draft-1");
    assert_non_null(f->ses.tpl);
    assert_string_equal(f->ses.template_path, LETTER);
    fixture_assert_has(fixture_told_text(&f->told, BL_DIAG_ERROR), lacks_dates);
    fixture_assert_has(fixture_told_text(&f->told, BL_DIAG_ERROR), lacks_address);
    g_free(lacks_address);
    g_free(lacks_dates);
    g_free(draft);
}

/* A template with an unknown field: a strict load refuses it, naming the file and line; a
 * draft's load keeps it (the draft shows the field as unknown where it stands). */
static void
test_draft_load_keeps_a_template_strict_refuses(void **state)
{
    struct fix *f = *state;
    char *beside = g_build_filename(f->dir, "beside", NULL);
    char *own_dir = g_build_filename(beside, "typo", NULL);
    char *incident, *letter, *want;

    g_mkdir_with_parents(own_dir, 0700);
    incident = fixture_incident_file(beside, "typo");
    letter = fixture_write(own_dir, "letter.xml",
                           "<letter title=\"T\" languages=\"en\">\n"
                           "<address><line><field ref=\"recipient.full_name\"/></line></address>\n"
                           "<body><p>Call <field ref=\"org.fone\"/>.</p></body></letter>\n",
                           -1);
    want = g_strdup_printf("%s:3: error: unknown field 'org.fone'", letter);
    assert_int_equal(bl_session_load(&f->ses, incident, NULL, BL_DATADIR, NULL, FALSE),
                     BL_EXIT_BAD_INPUT);
    fixture_assert_has(fixture_told_text(&f->told, BL_DIAG_ERROR), want);
    assert_null(f->ses.tpl);
    assert_null(f->ses.template_path);
    bl_session_release(&f->ses);
    g_string_truncate(f->told.kind[BL_DIAG_ERROR], 0);

    bl_session_init(&f->ses, f->told.diag);
    assert_int_equal(bl_session_load(&f->ses, incident, NULL, BL_DATADIR, NULL, TRUE), BL_EXIT_OK);
    fixture_assert_has(fixture_told_text(&f->told, BL_DIAG_ERROR), want);
    assert_non_null(f->ses.tpl);
    assert_string_equal(f->ses.template_path, letter);
    g_free(want);
    g_free(letter);
    g_free(incident);
    g_free(own_dir);
    g_free(beside);
}

/* The template: the incident's own beside it first, then the data folder's; another file of
 * the template's folder when one is named; an unknown one refused. */
static void
test_template_is_found_and_chosen(void **state)
{
    struct fix *f = *state;
    char *beside = g_build_filename(f->dir, "beside", NULL);
    char *own_dir = g_build_filename(beside, "mine", NULL);
    char *own = NULL, *incident = NULL, *missing = NULL;

    g_mkdir_with_parents(own_dir, 0700);
    incident = fixture_incident_file(beside, "mine");
    own = fixture_write(own_dir, "letter.xml",
                        "<letter title=\"T\" languages=\"en\"><address><line><field "
                        "ref=\"recipient.full_name\"/></line></address><body><p>Hello.</p></body>"
                        "</letter>\n",
                        -1);
    assert_int_equal(bl_session_load(&f->ses, incident, NULL, BL_DATADIR, NULL, FALSE), BL_EXIT_OK);
    assert_string_equal(f->ses.template_path, own);
    bl_session_release(&f->ses);

    bl_session_init(&f->ses, f->told.diag);
    assert_int_equal(bl_session_load(&f->ses, f->incident, NULL, BL_DATADIR, "letter.xml", FALSE),
                     BL_EXIT_OK);
    assert_string_equal(f->ses.template_path, LETTER);
    bl_session_release(&f->ses);
    assert_no_problems(f);

    bl_session_init(&f->ses, f->told.diag);
    assert_int_equal(bl_session_load(&f->ses, f->incident, NULL, BL_DATADIR, "nope.xml", FALSE),
                     BL_EXIT_BAD_INPUT);
    assert_string_equal(fixture_told_text(&f->told, BL_DIAG_ERROR),
                        BL_DATADIR "/templates/us-notice/nope.xml: error: cannot open file: no "
                                   "such file\n");
    assert_null(f->ses.tpl);
    assert_null(f->ses.template_path);
    bl_session_release(&f->ses);
    g_string_truncate(f->told.kind[BL_DIAG_ERROR], 0);

    /* the unit tests' own incident names a template no data folder has */
    bl_session_init(&f->ses, f->told.diag);
    assert_int_equal(
        bl_session_load(&f->ses, BL_TEST_DATA "/incident/good.xml", NULL, BL_DATADIR, NULL, FALSE),
        BL_EXIT_BAD_INPUT);
    missing = g_strdup_printf(
        "error: template 't' not found (looked for %s/templates/t/letter.xml)", BL_DATADIR);
    fixture_assert_has(fixture_told_text(&f->told, BL_DIAG_ERROR), missing);
    assert_null(f->ses.tpl);
    g_free(missing);
    g_free(incident);
    g_free(own);
    g_free(own_dir);
    g_free(beside);
}

/* What check and report start with: the session loaded and the list checked (its rows counted,
 * the rejected one told with its line), or a missing list refused before anything is loaded. */
static void
test_open_checked_checks_the_list(void **state)
{
    struct fix *f = *state;
    char *none = g_build_filename(f->dir, "none.csv", NULL);
    char *row_2 = g_strdup_printf("%s:3: error: row has 2 fields but the header has 10", f->list);
    struct fixture_told other;

    bl_session_release(&f->ses);
    assert_int_equal(bl_session_set_today("2025-01-06"), 0);
    assert_int_equal(
        bl_session_open_checked(&f->ses, f->incident, f->list, BL_DATADIR, f->told.diag),
        BL_EXIT_OK);
    assert_non_null(f->ses.check);
    assert_int_equal(f->ses.check->rows, 3);
    assert_int_equal(f->ses.check->valid, 2);
    assert_int_equal(f->ses.check->rejected, 1);
    assert_string_equal(f->ses.check->recipients_path, f->list);
    fixture_assert_has(fixture_told_text(&f->told, BL_DIAG_ERROR), row_2);
    fixture_assert_lacks(fixture_told_text(&f->told, BL_DIAG_ERROR), "Lovelace");
    fixture_assert_lacks(fixture_told_text(&f->told, BL_DIAG_ERROR), "Dupont");
    bl_session_release(&f->ses);

    fixture_told_init(&other);
    assert_int_equal(bl_session_open_checked(&f->ses, f->incident, none, BL_DATADIR, other.diag),
                     BL_EXIT_IO);
    fixture_assert_has(fixture_told_text(&other, BL_DIAG_ERROR), none);
    assert_null(f->ses.check);
    assert_null(f->ses.incident);
    bl_session_release(&f->ses);
    fixture_told_release(&other);
    bl_session_init(&f->ses, f->told.diag); /* for the teardown */
    g_free(row_2);
    g_free(none);
}

/* Without a list the check takes a sample resident of every jurisdiction; a second check
 * replaces the first. */
static void
test_check_without_a_list(void **state)
{
    struct fix *f = *state;

    assert_int_equal(bl_session_load(&f->ses, f->incident, NULL, BL_DATADIR, NULL, FALSE),
                     BL_EXIT_OK);
    assert_int_equal(bl_session_check(&f->ses, NULL, f->told.diag), 0);
    assert_non_null(f->ses.check);
    assert_null(f->ses.check->recipients_path);
    assert_int_equal(f->ses.check->rows, 0);
    assert_int_equal(bl_session_check(&f->ses, f->list, f->told.diag), 0);
    assert_int_equal(f->ses.check->rows, 3);
    assert_string_equal(f->ses.check->recipients_path, f->list);
}

/* The fonts come from the data folder's fonts/; a folder without them is an I/O failure. */
static void
test_fonts_from_the_data_folder(void **state)
{
    struct fix *f = *state;

    assert_int_equal(bl_session_fonts(&f->ses, BL_DATADIR), BL_EXIT_OK);
    assert_non_null(f->ses.fonts);
    bl_session_release(&f->ses);
    bl_session_init(&f->ses, f->told.diag);
    assert_int_equal(bl_session_fonts(&f->ses, f->dir), BL_EXIT_IO);
    assert_null(f->ses.fonts);
    assert_true(bl_diag_error_count(f->told.diag) > 0);
}

/* A release frees what any step loaded (a load that failed half-way too) and leaves the
 * session empty; releasing it again does nothing. */
static void
test_release_after_any_step(void **state)
{
    struct fix *f = *state;

    bl_session_release(&f->ses);
    assert_null(f->ses.diag);
    assert_null(f->ses.quiet);
    bl_session_release(&f->ses);

    bl_session_init(&f->ses, f->told.diag);
    assert_non_null(f->ses.quiet);
    assert_int_equal(bl_session_load(&f->ses, f->incident, NULL, BL_DATADIR, "nope.xml", FALSE),
                     BL_EXIT_BAD_INPUT);
    assert_non_null(f->ses.incident); /* loaded before the template failed */
    bl_session_release(&f->ses);
    assert_null(f->ses.incident);
    assert_null(f->ses.rules);
    bl_session_init(&f->ses, f->told.diag);
}

/* The placeholder person stands for every letter: placeholders in place of personal data,
 * every category of the incident, the covered entity a placeholder too with the incident's
 * relationship, the incident's language; the state given, or a placeholder. */
static void
test_placeholder_stands_for_every_letter(void **state)
{
    struct fix *f = *state;
    struct bl_entity entity = {0};
    struct bl_recipient *r;
    const struct bl_incident *inc;

    assert_int_equal(bl_session_load(&f->ses, f->incident, NULL, BL_DATADIR, NULL, FALSE),
                     BL_EXIT_OK);
    inc = f->ses.incident;
    r = bl_session_placeholder(inc, NULL, &entity);
    assert_string_equal(r->id, "SPECIMEN");
    assert_string_equal(r->first_name, "[First Name]");
    assert_string_equal(r->last_name, "[Last Name]");
    assert_string_equal(r->address.line1, "[Street Address]");
    assert_string_equal(r->address.city, "[City]");
    assert_string_equal(r->address.state, "[ST]");
    assert_string_equal(r->address.postal_code, "[ZIP Code]");
    assert_string_equal(r->jurisdiction, "");
    assert_string_equal(r->enrolment_code, "[Enrollment Code]");
    assert_string_equal(r->language, inc->language);
    assert_int_equal(r->variant, BL_VARIANT_ADULT);
    assert_int_equal(r->categories->len, inc->categories->len);
    for (guint i = 0; i < r->categories->len; i++) {
        assert_int_equal(g_array_index(r->categories, int, i), (int)i);
    }
    assert_ptr_equal(r->covered_entity, &entity);
    assert_string_equal(entity.name, "[Health Care Provider]");
    assert_string_equal(entity.relationship, "provides billing services to");
    fixture_assert_lacks(entity.name, "Sunrise");
    bl_recipient_free(r);

    r = bl_session_placeholder(inc, "CA", &entity);
    assert_string_equal(r->address.state, "CA");
    assert_string_equal(r->jurisdiction, "CA");
    bl_recipient_free(r);
}

/* An incident without covered entities: the placeholder has none, and the entity given is left
 * as it was. */
static void
test_placeholder_without_covered_entity(void **state)
{
    struct fix *f = *state;
    char *text = fixture_read(f->incident, NULL);
    const char *start = strstr(text, "  <covered-entities>");
    const char *end = strstr(text, "</covered-entities>\n");
    GString *changed = g_string_new_len(text, start - text);
    struct bl_entity entity = {0};
    struct bl_recipient *r;
    char *path;

    assert_non_null(start);
    assert_non_null(end);
    g_string_append(changed, end + strlen("</covered-entities>\n"));
    g_string_replace(changed, " hipaa-role=\"business-associate\"", "", 1);
    path = fixture_write(f->dir, "no-entity.xml", changed->str, -1);
    assert_int_equal(bl_session_load(&f->ses, path, NULL, BL_DATADIR, NULL, FALSE), BL_EXIT_OK);
    assert_int_equal(f->ses.incident->entities->len, 0);
    r = bl_session_placeholder(f->ses.incident, "FL", &entity);
    assert_null(r->covered_entity);
    assert_null(entity.name);
    assert_int_equal(r->categories->len, 3);
    bl_recipient_free(r);
    g_free(path);
    g_string_free(changed, TRUE);
    g_free(text);
}

/* "Today" is the date set, until it is cleared; a date that is not one is refused and leaves the
 * date set before. */
static void
test_today_is_the_date_set(void **state)
{
    GDate d, clock;

    assert_int_equal(bl_session_set_today("2024-02-29"), 0);
    bl_session_today(&d);
    assert_true(g_date_valid(&d));
    assert_int_equal(g_date_get_year(&d), 2024);
    assert_int_equal(g_date_get_month(&d), 2);
    assert_int_equal(g_date_get_day(&d), 29);
    assert_int_equal(bl_session_set_today("2023-02-29"), -1);
    assert_int_equal(bl_session_set_today("tomorrow"), -1);
    bl_session_today(&d);
    assert_int_equal(g_date_get_year(&d), 2024);
    assert_int_equal(g_date_get_day(&d), 29);
    assert_int_equal(bl_session_set_today(NULL), 0);
    bl_session_today(&d);
    g_date_clear(&clock, 1);
    g_date_set_time_t(&clock, time(NULL));
    /* the clock's, read a moment apart: the same day, or the next at midnight */
    assert_true(g_date_days_between(&clock, &d) >= 0 && g_date_days_between(&clock, &d) <= 1);
}

/* The data folder: the one given, else the one built in. */
static void
test_data_dir(void **state)
{
    const char *given = "/somewhere/else";

    assert_ptr_equal(bl_session_data_dir(given), given);
    assert_string_equal(bl_session_data_dir(NULL), BL_INSTALLED_DATADIR);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_load_reads_the_inputs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_tells_what_it_loaded_when_verbose, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_missing_files_are_io_failures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_draft_load_keeps_what_strict_refuses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_draft_load_keeps_a_template_strict_refuses, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_template_is_found_and_chosen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_checked_checks_the_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_without_a_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fonts_from_the_data_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_release_after_any_step, setup, teardown),
        cmocka_unit_test_setup_teardown(test_placeholder_stands_for_every_letter, setup, teardown),
        cmocka_unit_test_setup_teardown(test_placeholder_without_covered_entity, setup, teardown),
        cmocka_unit_test_setup_teardown(test_today_is_the_date_set, setup, teardown),
        cmocka_unit_test_setup_teardown(test_data_dir, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

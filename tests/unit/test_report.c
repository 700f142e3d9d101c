/* SPDX-License-Identifier: MIT */
/* Unit tests of report.c: the regulator summary of a checked list, as CSV (a row a
 * jurisdiction, residents per category, a TOTAL row) and as a one-page PDF read back with
 * poppler, written owner-only into an open directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bl_test.h"
#include "check.h"
#include "report.h"
#include "text.h"

#define RULES        BL_DATADIR "/templates/rules/jurisdictions.xml"
#define RULES_SCHEMA BL_DATADIR "/templates/schema/rules.rng"
#define LETTER       BL_DATADIR "/templates/us-notice/letter.xml"

/* The test incident maps postal_code to ZIP; it lists the categories ssn, health-insurance and
 * contact, and one covered entity, sunrise. */
#define LIST                                                                                       \
    "id,first_name,last_name,address1,city,state,ZIP,country,categories,entity\n"                  \
    "R-1,Ana,Silva,1 Elm St,Albany,NY,12207,,ssn;contact,sunrise\n"                                \
    "R-2,Cy,Yu,3 Pine St,Buffalo,NY,14201,,contact,sunrise\n"                                      \
    "R-3,Bo,Li,9 Oak St,Boston,MA,02118,,health-insurance,sunrise\n"                               \
    "R-4,Di,Ng,5 Bay St,Toronto,,,CA,ssn,sunrise\n"                                                \
    "R-5,Ed,Ko,5 Bay St,Boston,ZZ,02118,,ssn,sunrise\n"

struct fx {
    char *dir;
    struct bl_diag *diag;
    struct bl_fonts *fonts;
    struct bl_rules *rules;
    struct bl_contacts *contacts;
    struct bl_incident *incident;
    struct bl_template *tpl;
    struct bl_check_report *rep;
};

static int
setup(void **state)
{
    struct fx *f = g_new0(struct fx, 1);
    struct bl_check_input in = {0};
    char *list;

    f->dir = fixture_tmpdir("report");
    f->diag = bl_diag_new(NULL);
    f->contacts = fixture_contacts();
    f->incident = fixture_incident();
    list = fixture_write(f->dir, "list.csv", LIST, -1);
    if (f->contacts == NULL || f->incident == NULL ||
        bl_fonts_load(&f->fonts, BL_DATADIR "/fonts", f->diag) < 0 ||
        bl_rules_load(&f->rules, RULES, RULES_SCHEMA, f->diag) < 0 ||
        bl_template_compile(&f->tpl, LETTER, f->incident, f->contacts, f->diag) < 0) {
        fprintf(stderr, "%s", bl_diag_text(f->diag));
        return -1;
    }
    in.incident = f->incident;
    in.tpl = f->tpl;
    in.contacts = f->contacts;
    in.rules = f->rules;
    in.recipients = list;
    bl_date_parse(&in.today, "2025-01-06");
    if (bl_check_run(&f->rep, &in, f->diag) < 0) {
        fprintf(stderr, "%s", bl_diag_text(f->diag));
        return -1;
    }
    g_free(list);
    bl_diag_clear(f->diag);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;

    bl_check_report_free(f->rep);
    bl_template_free(f->tpl);
    bl_incident_free(f->incident);
    bl_rules_free(f->rules);
    bl_contacts_free(f->contacts);
    bl_fonts_free(f->fonts);
    bl_diag_free(f->diag);
    fixture_rmdir(f->dir);
    g_free(f->dir);
    g_free(f);
    return 0;
}

static void
test_csv_counts_residents_by_jurisdiction_and_category(void **state)
{
    struct fx *f = *state;
    char *csv = bl_report_csv(f->rep, f->incident);

    /* the rejected row (state ZZ) is not counted; residents abroad come last; a person
     * counts under each category of theirs, once in the recipients */
    assert_string_equal(csv, "jurisdiction,name,recipients,ssn,health-insurance,contact\r\n"
                             "MA,Massachusetts,1,0,1,0\r\n"
                             "NY,New York,2,1,0,2\r\n"
                             ",outside the United States,1,1,0,0\r\n"
                             "TOTAL,all jurisdictions,4,2,1,2\r\n");
    g_free(csv);
}

/* Opens a new directory name in the test's directory. */
static int
open_dir(struct fx *f, const char *name)
{
    char *path = g_build_filename(f->dir, name, NULL);
    int fd;

    assert_int_equal(g_mkdir(path, 0700), 0);
    fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    assert_true(fd >= 0);
    g_free(path);
    return fd;
}

static void
test_write_makes_the_csv_and_a_one_page_pdf_owner_only(void **state)
{
    struct fx *f = *state;
    int dir = open_dir(f, "out");
    char *csv_path = g_build_filename(f->dir, "out", "summary.csv", NULL);
    char *pdf_path = g_build_filename(f->dir, "out", "summary.pdf", NULL);
    char *csv = bl_report_csv(f->rep, f->incident);
    char *written, *text, *words;
    GStatBuf st;

    assert_int_equal(bl_report_write(f->rep, f->incident, f->fonts, dir, "shown", f->diag), 0);
    assert_string_equal(bl_diag_text(f->diag), "");
    written = fixture_read(csv_path, NULL);
    assert_string_equal(written, csv);
    /* the summary names people's states and counts: for the owner only */
    assert_int_equal(g_stat(csv_path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(g_stat(pdf_path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);

    assert_int_equal(fixture_pdf_pages(pdf_path), 1);
    text = fixture_pdf_text(pdf_path);
    words = bl_text_squeeze(text);
    fixture_assert_has(words, "Breach notification summary");
    fixture_assert_has(words, "Acme Billing & Co. · incident test-1");
    fixture_assert_has(words, "Occurred December 29, 2023 · discovered December 29, 2023 · "
                              "letters dated January 6, 2025");
    fixture_assert_has(words, "4 recipients notified in 3 jurisdictions (rows of the list not "
                              "yet notified are not counted)");
    fixture_assert_has(words, "MA Massachusetts 1");
    fixture_assert_has(words, "NY New York 2");
    fixture_assert_has(words, "outside the United States 1");
    fixture_assert_has(words, "2 Social Security number");
    fixture_assert_has(words, "1 health insurance policy numbers");
    /* no name or street of the list */
    fixture_assert_lacks(words, "Silva");
    fixture_assert_lacks(words, "Elm St");
    g_free(words);
    g_free(text);
    g_free(written);
    g_free(csv);
    g_free(csv_path);
    g_free(pdf_path);
    close(dir);
}

static void
test_write_failure_names_the_file_as_shown_and_leaves_nothing(void **state)
{
    struct fx *f = *state;
    int dir = open_dir(f, "blocked");
    char *blocker = g_build_filename(f->dir, "blocked", "summary.csv", NULL);
    char *where = g_build_filename(f->dir, "blocked", NULL);
    GDir *d;
    const char *name;
    int files = 0;

    /* a folder where the CSV goes: it cannot be replaced */
    assert_int_equal(g_mkdir(blocker, 0700), 0);
    assert_int_equal(bl_report_write(f->rep, f->incident, f->fonts, dir, "shown", f->diag), -1);
    fixture_assert_has(bl_diag_text(f->diag), "shown/summary.csv");
    fixture_assert_lacks(bl_diag_text(f->diag), f->dir);
    d = g_dir_open(where, 0, NULL);
    while ((name = g_dir_read_name(d)) != NULL) {
        files++;
        assert_string_equal(name, "summary.csv"); /* the folder: no temporary file, no PDF */
    }
    assert_int_equal(files, 1);
    g_dir_close(d);
    g_free(where);
    g_free(blocker);
    close(dir);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_csv_counts_residents_by_jurisdiction_and_category),
        TEST(test_write_makes_the_csv_and_a_one_page_pdf_owner_only),
        TEST(test_write_failure_names_the_file_as_shown_and_leaves_nothing),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

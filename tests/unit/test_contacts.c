/* SPDX-License-Identifier: MIT */
/* Unit tests of contacts.c: the shipped contacts file read into values letters print, its
 * version, check date and stale values; hand-made files for what a broken one gets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bl_test.h"
#include "contacts.h"
#include "text.h"

#define CONTACTS_SCHEMA BL_DATADIR "/templates/schema/contacts.rng"

struct fx {
    char *dir;
    struct bl_diag *diag;
    struct bl_contacts *contacts;
};

static int
setup(void **state)
{
    struct fx *f = g_new0(struct fx, 1);

    f->dir = fixture_tmpdir("contacts");
    f->diag = bl_diag_new(NULL);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;

    bl_contacts_free(f->contacts);
    bl_diag_free(f->diag);
    fixture_rmdir(f->dir);
    g_free(f->dir);
    g_free(f);
    return 0;
}

/* Loads a contacts file of this text; its path in *path (free with g_free()). */
static int
load_text(struct fx *f, const char *text, char **path)
{
    *path = fixture_write(f->dir, "contacts.xml", text, -1);
    bl_contacts_free(f->contacts);
    f->contacts = NULL;
    return bl_contacts_load(&f->contacts, *path, CONTACTS_SCHEMA, f->diag);
}

#define FTC                                                                                        \
    "<contact id=\"ftc\" checked=\"2026-01-05\">\n"                                                \
    "  <name>  Federal   Trade\n   Commission </name>\n"                                           \
    "  <source href=\"https://ftc.gov\"/>\n"                                                       \
    "  <phone>1-877-438-4338</phone>\n"                                                            \
    "  <fraud-address><line>600 Pennsylvania Avenue, NW</line>\n"                                  \
    "    <line>Washington, DC 20580</line></fraud-address>\n"                                      \
    "</contact>\n"

static void
test_shipped_file_gives_the_values_letters_print(void **state)
{
    struct fx *f = *state;
    GDate checked;

    f->contacts = fixture_contacts();
    assert_non_null(f->contacts);
    assert_string_equal(bl_contacts_path(f->contacts), BL_DATADIR "/templates/contacts.xml");
    assert_string_equal(bl_contacts_version(f->contacts), "2026.1");
    assert_int_equal(bl_date_parse(&checked, "2026-11-24"), 0);
    assert_int_equal(g_date_compare(bl_contacts_checked(f->contacts), &checked), 0);
    assert_string_equal(bl_contacts_value(f->contacts, "equifax", "name"), "Equifax");
    assert_string_equal(bl_contacts_value(f->contacts, "equifax", "phone"), "1-800-685-1111");
    /* <freeze-address> is member freeze_address, its lines joined with line breaks */
    assert_string_equal(bl_contacts_value(f->contacts, "equifax", "freeze_address"),
                        "Equifax Security Freeze\nP.O. Box 105788\nAtlanta, GA 30348-5788");
    /* the sources are the file's, not values to print */
    assert_null(bl_contacts_value(f->contacts, "equifax", "source"));
    assert_null(bl_contacts_value(f->contacts, "equifax", "tty"));
    assert_null(bl_contacts_value(f->contacts, "nobody", "name"));
}

static void
test_stale_values_keep_their_contact(void **state)
{
    struct fx *f = *state;
    const char *contact = NULL;
    gboolean found = FALSE;

    f->contacts = fixture_contacts();
    assert_non_null(f->contacts);
    assert_true(bl_contacts_stale_count(f->contacts) >= 7);
    assert_string_equal(bl_contacts_stale(f->contacts, 0, &contact), "P.O. Box 740241");
    assert_string_equal(contact, "equifax");
    for (guint i = 0; i < bl_contacts_stale_count(f->contacts); i++) {
        const char *text = bl_contacts_stale(f->contacts, i, &contact);

        found = found || (strcmp(text, "Fullerton") == 0 && strcmp(contact, "transunion") == 0);
    }
    assert_true(found);
    assert_string_equal(bl_contacts_stale(f->contacts, 1, NULL), "P.O. Box 2002");
}

static void
test_members_known_are_the_ones_templates_may_print(void **state)
{
    static const char *const known[] = {
        "name", "phone", "tty", "website", "email", "address", "freeze_address", "fraud_address"};

    for (gsize i = 0; i < G_N_ELEMENTS(known); i++) {
        assert_true(bl_contacts_member_known(known[i]));
    }
    assert_false(bl_contacts_member_known("freeze-address")); /* the element, not the member */
    assert_false(bl_contacts_member_known("source"));
    assert_false(bl_contacts_member_known("Phone"));
    assert_false(bl_contacts_member_known(""));
}

static void
test_hand_made_file_folds_text_and_joins_lines(void **state)
{
    struct fx *f = *state;
    char *path = NULL;

    assert_int_equal(
        load_text(f, "<contacts version=\"7\" checked=\"2026-01-05\">\n" FTC "</contacts>\n",
                  &path),
        0);
    assert_string_equal(bl_diag_text(f->diag), "");
    assert_string_equal(bl_contacts_version(f->contacts), "7");
    assert_string_equal(bl_contacts_value(f->contacts, "ftc", "name"), "Federal Trade Commission");
    assert_string_equal(bl_contacts_value(f->contacts, "ftc", "fraud_address"),
                        "600 Pennsylvania Avenue, NW\nWashington, DC 20580");
    assert_int_equal(bl_contacts_stale_count(f->contacts), 0);
    g_free(path);
}

static void
test_contact_given_twice_counts_once_with_one_warning(void **state)
{
    struct fx *f = *state;
    char *path = NULL, *want;

    assert_int_equal(load_text(f,
                               "<contacts version=\"7\" checked=\"2026-01-05\">\n" FTC
                               "<contact id=\"ftc\" checked=\"2026-01-05\">\n"
                               "  <name>Other</name>\n"
                               "  <source href=\"https://example.org\"/>\n"
                               "  <phone>1-000-000-0000</phone>\n"
                               "  <website>example.org</website>\n"
                               "</contact>\n"
                               "</contacts>\n",
                               &path),
                     0);
    /* the first contact whole: neither the second's phone nor its website */
    assert_string_equal(bl_contacts_value(f->contacts, "ftc", "name"), "Federal Trade Commission");
    assert_string_equal(bl_contacts_value(f->contacts, "ftc", "phone"), "1-877-438-4338");
    assert_null(bl_contacts_value(f->contacts, "ftc", "website"));
    want = g_strdup_printf("%s:10: warning: contact 'ftc' is given twice; the first one counts\n",
                           path);
    assert_string_equal(bl_diag_text(f->diag), want);
    g_free(want);
    g_free(path);
}

static void
test_broken_files_are_refused_with_their_line(void **state)
{
    struct fx *f = *state;
    char *path = NULL, *want;

    /* a date of the right shape that is no date */
    assert_int_equal(
        load_text(f, "<contacts version=\"7\" checked=\"2026-02-30\">\n" FTC "</contacts>\n",
                  &path),
        -1);
    assert_null(f->contacts);
    want = g_strdup_printf(
        "%s:1: error: checked date '2026-02-30' is not a valid YYYY-MM-DD date\n", path);
    assert_string_equal(bl_diag_text(f->diag), want);
    g_free(want);
    g_free(path);
    bl_diag_clear(f->diag);

    /* what the schema does not allow, in the words of the contacts format */
    assert_int_equal(load_text(f,
                               "<contacts version=\"7\" checked=\"2026-01-05\">\n"
                               "<contact id=\"FTC\" checked=\"2026-01-05\"><name>FTC</name>"
                               "<source href=\"https://ftc.gov\"/></contact>\n"
                               "</contacts>\n",
                               &path),
                     -1);
    want = g_strdup_printf("%s:2: error: <contact> has id='FTC', which the contacts format does "
                           "not allow (see docs/contacts.md)\n",
                           path);
    assert_string_equal(bl_diag_text(f->diag), want);
    g_free(want);
    g_free(path);
    bl_diag_clear(f->diag);

    path = g_build_filename(f->dir, "missing.xml", NULL);
    assert_int_equal(bl_contacts_load(&f->contacts, path, CONTACTS_SCHEMA, f->diag), -1);
    fixture_assert_has(bl_diag_text(f->diag), "missing.xml: error: cannot open file");
    g_free(path);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_shipped_file_gives_the_values_letters_print),
        TEST(test_stale_values_keep_their_contact),
        TEST(test_members_known_are_the_ones_templates_may_print),
        TEST(test_hand_made_file_folds_text_and_joins_lines),
        TEST(test_contact_given_twice_counts_once_with_one_warning),
        TEST(test_broken_files_are_refused_with_their_line),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

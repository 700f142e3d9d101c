/* SPDX-License-Identifier: MIT */
/* Unit tests of rules.c and of the shipped rules data: every jurisdiction present and cited,
 * every category, contact and field a rule names exists, deadlines computed as the law counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "rules.h"
#include "template_nodes.h"
#include "text.h"

#define RULES        BL_DATADIR "/templates/rules/jurisdictions.xml"
#define RULES_SCHEMA BL_DATADIR "/templates/schema/rules.rng"

static int
setup(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_rules *rules = NULL;
    int rc = bl_rules_load(&rules, RULES, RULES_SCHEMA, diag);

    if (rc < 0) {
        fprintf(stderr, "%s", bl_diag_text(diag));
    }
    bl_diag_free(diag);
    *state = rules;
    return rc;
}

static int
teardown(void **state)
{
    bl_rules_free(*state);
    return 0;
}

static void
test_every_state_dc_pr_and_hipaa_have_rules(void **state)
{
    const struct bl_rules *rules = *state;
    static const char *const codes[] = {
        "HIPAA", "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID",
        "IL",    "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT",
        "NE",    "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC",
        "SD",    "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR"};

    for (gsize i = 0; i < G_N_ELEMENTS(codes); i++) {
        const struct bl_jurisdiction *j = bl_rules_find(rules, codes[i]);

        if (j == NULL) {
            fail_msg("no rules for %s", codes[i]);
        }
        /* every rule keeps its source */
        assert_non_null(j->law_cite.cite);
        assert_non_null(j->individuals_cite.cite);
        for (guint n = 0; n < j->notify->len; n++) {
            assert_non_null(((struct bl_notify *)g_ptr_array_index(j->notify, n))->cite.cite);
        }
        for (guint c = 0; c < j->content->len; c++) {
            const struct bl_content_rule *r = g_ptr_array_index(j->content, c);

            assert_non_null(r->cite.cite);
            assert_non_null(r->what);
            assert_true(r->checks->len > 0);
        }
    }
    assert_null(bl_rules_find(rules, "XX"));
}

static void
check_categories(const struct bl_incident *vocab, char **ids, const char *code)
{
    for (char **id = ids; id != NULL && *id != NULL; id++) {
        if (bl_incident_vocabulary(vocab, *id) == NULL) {
            fail_msg("%s names category '%s', which categories.xml does not have", code, *id);
        }
    }
}

static void
test_rules_name_only_known_categories_contacts_and_fields(void **state)
{
    const struct bl_rules *rules = *state;
    struct bl_incident *inc = fixture_incident();
    struct bl_contacts *contacts = fixture_contacts();

    for (guint i = 0; i < rules->jurisdictions->len; i++) {
        const struct bl_jurisdiction *j = g_ptr_array_index(rules->jurisdictions, i);

        check_categories(inc, j->monitoring_when.categories, j->code);
        for (guint n = 0; n < j->notify->len; n++) {
            check_categories(inc,
                             ((struct bl_notify *)g_ptr_array_index(j->notify, n))->when.categories,
                             j->code);
        }
        for (guint c = 0; c < j->content->len; c++) {
            const struct bl_content_rule *r = g_ptr_array_index(j->content, c);

            check_categories(inc, r->when.categories, j->code);
            for (guint k = 0; k < r->checks->len; k++) {
                const struct bl_check *ck = &g_array_index(r->checks, struct bl_check, k);

                if (ck->kind == BL_CHECK_CONTACT &&
                    bl_contacts_value(contacts, ck->text, ck->member) == NULL) {
                    fail_msg("%s %s: contact %s has no %s", j->code, r->id, ck->text, ck->member);
                }
                if (ck->kind == BL_CHECK_VALUE && bl_field_id(ck->text) < 0) {
                    fail_msg("%s %s: no field '%s'", j->code, r->id, ck->text);
                }
            }
        }
    }
    bl_contacts_free(contacts);
    bl_incident_free(inc);
}

static void
test_key_rules_match_the_reference(void **state)
{
    const struct bl_rules *rules = *state;
    const struct bl_jurisdiction *j;

    j = bl_rules_find(rules, "HIPAA");
    assert_int_equal(j->individuals.days, 60);
    assert_false(j->individuals.business);
    j = bl_rules_find(rules, "CA");
    assert_int_equal(j->individuals.days, 30);
    assert_int_equal(j->monitoring_months, 12);
    j = bl_rules_find(rules, "MA");
    assert_false(j->individuals.set);
    assert_int_equal(j->monitoring_months, 18);
    j = bl_rules_find(rules, "CT");
    assert_int_equal(j->monitoring_months, 24);
    j = bl_rules_find(rules, "DC");
    assert_int_equal(j->monitoring_months, 18);
    j = bl_rules_find(rules, "TX");
    assert_int_equal(j->individuals.days, 60);
}

static void
test_deadlines_count_calendar_and_business_days(void **state)
{
    GDate discovered, notice, due;
    struct bl_deadline d = {TRUE, 14, TRUE, BL_ANCHOR_DISCOVERY};
    char *text;
    char buf[16];

    bl_date_parse(&discovered, "2023-12-29");
    bl_date_parse(&notice, "2025-01-06");
    bl_deadline_due(&due, &d, &discovered, &notice);
    g_date_strftime(buf, sizeof(buf), "%Y-%m-%d", &due);
    assert_string_equal(buf, "2024-01-22"); /* Vermont's 14 business days */
    text = bl_deadline_describe(&d);
    assert_string_equal(text, "14 business days after discovery");
    g_free(text);

    d = (struct bl_deadline){TRUE, 15, FALSE, BL_ANCHOR_NOTICE};
    bl_deadline_due(&due, &d, &discovered, &notice);
    g_date_strftime(buf, sizeof(buf), "%Y-%m-%d", &due);
    assert_string_equal(buf, "2025-01-21");

    d = (struct bl_deadline){TRUE, -1, FALSE, BL_ANCHOR_NOTICE};
    bl_deadline_due(&due, &d, &discovered, &notice);
    g_date_strftime(buf, sizeof(buf), "%Y-%m-%d", &due);
    assert_string_equal(buf, "2025-01-05");
    text = bl_deadline_describe(&d);
    assert_string_equal(text, "1 calendar day before the letters");
    g_free(text);

    d = (struct bl_deadline){TRUE, 0, FALSE, BL_ANCHOR_NOTICE};
    text = bl_deadline_describe(&d);
    assert_string_equal(text, "no later than the letters");
    g_free(text);

    d = (struct bl_deadline){FALSE, 0, FALSE, BL_ANCHOR_DISCOVERY};
    bl_deadline_due(&due, &d, &discovered, &notice);
    assert_false(g_date_valid(&due));
}

static void
test_broken_rules_file_is_refused_with_its_line(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_rules *rules = NULL;
    char *path = NULL;
    int fd = g_file_open_tmp("bl-rules-XXXXXX.xml", &path, NULL);

    close(fd);
    g_file_set_contents(path,
                        "<rules checked='2026-11-24'>\n"
                        "<jurisdiction code='MA' name='Massachusetts'><law cite='x'>l</law>"
                        "<individuals cite='y'/></jurisdiction>\n"
                        "<jurisdiction code='MA' name='Massachusetts'><law cite='x'>l</law>"
                        "<individuals cite='y'/></jurisdiction>\n"
                        "</rules>\n",
                        -1, NULL);
    assert_int_equal(bl_rules_load(&rules, path, RULES_SCHEMA, diag), -1);
    assert_non_null(strstr(bl_diag_text(diag), ":3: error: jurisdiction 'MA' is given twice"));
    bl_diag_clear(diag);
    g_file_set_contents(path,
                        "<rules checked='2026-11-24'>\n<jurisdiction code='Mass' name='M'>"
                        "<law cite='x'>l</law><individuals cite='y'/></jurisdiction>\n</rules>\n",
                        -1, NULL);
    assert_int_equal(bl_rules_load(&rules, path, RULES_SCHEMA, diag), -1);
    assert_non_null(strstr(bl_diag_text(diag), ":2: error:"));
    g_unlink(path);
    g_free(path);
    bl_diag_free(diag);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_state_dc_pr_and_hipaa_have_rules),
        cmocka_unit_test(test_rules_name_only_known_categories_contacts_and_fields),
        cmocka_unit_test(test_key_rules_match_the_reference),
        cmocka_unit_test(test_deadlines_count_calendar_and_business_days),
        cmocka_unit_test(test_broken_rules_file_is_refused_with_its_line),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}

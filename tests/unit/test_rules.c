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

#include "bl_test.h"
#include "rules.h"
#include "template_nodes.h"
#include "text.h"

#define RULES_SCHEMA BL_DATADIR "/templates/schema/rules.rng"

static int
setup(void **state)
{
    *state = fixture_rules();
    return *state != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
    bl_rules_free(*state);
    return 0;
}

static void
test_every_state_dc_territories_and_hipaa_have_rules(void **state)
{
    const struct bl_rules *rules = *state;
    static const char *const codes[] = {
        "HIPAA", "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID",
        "IL",    "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT",
        "NE",    "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC",
        "SD",    "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR", "GU", "VI"};

    for (gsize i = 0; i < G_N_ELEMENTS(codes); i++) {
        const struct bl_jurisdiction *j = bl_rules_find(rules, codes[i]);

        if (j == NULL) {
            fail_msg("no rules for %s", codes[i]);
        }
        /* every rule keeps its source */
        assert_non_null(j->law_cite.cite);
        assert_true(j->individuals->len > 0);
        for (guint n = 0; n < j->individuals->len; n++) {
            assert_non_null(
                ((struct bl_individuals *)g_ptr_array_index(j->individuals, n))->cite.cite);
        }
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

        for (guint m = 0; m < j->monitoring->len; m++) {
            check_categories(
                inc,
                ((struct bl_monitoring_rule *)g_ptr_array_index(j->monitoring, m))->when.categories,
                j->code);
        }
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

/* The incident dates of a breach discovered (and occurred) on `discovered`. */
static struct bl_dates
on(const char *discovered)
{
    struct bl_dates d;

    memset(&d, 0, sizeof(d));
    g_date_clear(&d.occurred, 5);
    g_date_clear(&d.delay_from, 2);
    bl_date_parse(&d.discovered, discovered);
    d.occurred = d.discovered;
    return d;
}

static const struct bl_deadline *
letters_deadline(const struct bl_rules *rules, const char *code, const char *discovered)
{
    struct bl_dates d = on(discovered);
    const struct bl_individuals *v = bl_jurisdiction_individuals(bl_rules_find(rules, code), &d);

    assert_non_null(v);
    return &v->deadline;
}

static int
monitoring_months(const struct bl_rules *rules, const char *code, const char *discovered)
{
    struct bl_dates d = on(discovered);
    const struct bl_monitoring_rule *m = bl_jurisdiction_monitoring(bl_rules_find(rules, code), &d);

    return m != NULL ? m->months : 0;
}

static void
test_key_rules_match_the_reference(void **state)
{
    const struct bl_rules *rules = *state;

    assert_int_equal(letters_deadline(rules, "HIPAA", "2026-03-01")->days, 60);
    assert_false(letters_deadline(rules, "HIPAA", "2026-03-01")->business);
    assert_int_equal(letters_deadline(rules, "CA", "2026-03-01")->days, 30);
    assert_int_equal(monitoring_months(rules, "CA", "2026-03-01"), 12);
    assert_false(letters_deadline(rules, "MA", "2026-03-01")->set);
    assert_int_equal(monitoring_months(rules, "MA", "2026-03-01"), 18);
    assert_int_equal(monitoring_months(rules, "CT", "2026-03-01"), 24);
    assert_int_equal(monitoring_months(rules, "DC", "2026-03-01"), 18);
    assert_int_equal(letters_deadline(rules, "TX", "2026-03-01")->days, 60);
}

/* Cal. Civ. Code 1798.82(a)(2) as amended by SB 446 (Stats. 2025), in force 2026-01-01: "The
 * person or business shall make the notification to the affected person within 30 calendar
 * days of discovery or notification of the data breach". Before that the section said only
 * "in the most expedient time possible and without unreasonable delay". Medusind (discovered
 * 2023-12-29) and MEDNAX (2020-06-19) fall under the old text. */
static void
test_california_30_days_apply_from_2026_only(void **state)
{
    const struct bl_rules *rules = *state;

    assert_false(letters_deadline(rules, "CA", "2023-12-29")->set);
    assert_false(letters_deadline(rules, "CA", "2020-06-19")->set);
    assert_false(letters_deadline(rules, "CA", "2025-12-31")->set);
    assert_true(letters_deadline(rules, "CA", "2026-01-01")->set);
    assert_int_equal(letters_deadline(rules, "CA", "2026-01-01")->days, 30);
}

/* N.Y. Gen. Bus. Law 899-aa(2) as amended by S2659B, in force on signature, 2024-12-21:
 * "... provided that such notification shall be made within thirty days after the breach has
 * been discovered". Before, "in the most expedient time possible and without unreasonable
 * delay" with no number of days. */
static void
test_new_york_30_days_apply_from_2024_12_21_only(void **state)
{
    const struct bl_rules *rules = *state;

    assert_false(letters_deadline(rules, "NY", "2020-06-19")->set);
    assert_false(letters_deadline(rules, "NY", "2023-12-29")->set);
    assert_false(letters_deadline(rules, "NY", "2024-12-20")->set);
    assert_int_equal(letters_deadline(rules, "NY", "2024-12-21")->days, 30);
}

/* Every other rule with a number of days, audited for the same mistake: the version in force
 * on the date of discovery applies (dates in the rules file, each with its citation). */
static void
test_older_breaches_get_the_older_deadlines(void **state)
{
    const struct bl_rules *rules = *state;

    /* Colorado: 30 days since HB 18-1128 (2018-09-01) */
    assert_false(letters_deadline(rules, "CO", "2018-08-31")->set);
    assert_int_equal(letters_deadline(rules, "CO", "2018-09-01")->days, 30);
    /* Connecticut: none, 90 days (PA 18-90), 60 days (PA 21-59) */
    assert_false(letters_deadline(rules, "CT", "2018-09-30")->set);
    assert_int_equal(letters_deadline(rules, "CT", "2020-06-19")->days, 90);
    assert_int_equal(letters_deadline(rules, "CT", "2023-12-29")->days, 60);
    /* Washington: 45 days from 2015-07-24, 30 days from 2020-03-01 */
    assert_int_equal(letters_deadline(rules, "WA", "2020-02-29")->days, 45);
    assert_int_equal(letters_deadline(rules, "WA", "2020-06-19")->days, 30);
    /* Maryland: 45 days after the investigation until 2022-09-30, after discovery since */
    assert_int_equal(letters_deadline(rules, "MD", "2020-06-19")->anchor, BL_ANCHOR_DETERMINATION);
    assert_int_equal(letters_deadline(rules, "MD", "2023-12-29")->anchor, BL_ANCHOR_DISCOVERY);
    /* Texas: 60 days since HB 4390 (2019-09-01), Indiana: 45 days since 2022-07-01 */
    assert_false(letters_deadline(rules, "TX", "2019-08-31")->set);
    assert_false(letters_deadline(rules, "IN", "2020-06-19")->set);
    assert_int_equal(letters_deadline(rules, "IN", "2023-12-29")->days, 45);
    /* monitoring minimums: Massachusetts 18 months since 2019-04-11, Connecticut 12 then 24 */
    assert_int_equal(monitoring_months(rules, "MA", "2019-01-01"), 0);
    assert_int_equal(monitoring_months(rules, "CT", "2017-06-01"), 12);
    assert_int_equal(monitoring_months(rules, "CT", "2020-06-19"), 24);
}

/* The notice to `to` of code in force on `discovered`, or NULL. */
static const struct bl_notify *
notice_in_force(const struct bl_rules *rules, const char *code, const char *to,
                const char *discovered)
{
    const struct bl_jurisdiction *j = bl_rules_find(rules, code);
    struct bl_dates d = on(discovered);

    for (guint i = 0; i < j->notify->len; i++) {
        const struct bl_notify *n = g_ptr_array_index(j->notify, i);

        if (strcmp(n->to, to) == 0 && bl_span_holds(&n->when.span, &d)) {
            return n;
        }
    }
    return NULL;
}

/* TRUE when content rule id of code is in force on `discovered`. */
static gboolean
content_in_force(const struct bl_rules *rules, const char *code, const char *id,
                 const char *discovered)
{
    const struct bl_jurisdiction *j = bl_rules_find(rules, code);
    struct bl_dates d = on(discovered);

    for (guint i = 0; i < j->content->len; i++) {
        const struct bl_content_rule *r = g_ptr_array_index(j->content, i);

        if (strcmp(r->id, id) == 0) {
            return bl_span_holds(&r->when.span, &d);
        }
    }
    fail_msg("%s has no rule %s", code, id);
    return FALSE;
}

/* The other notices and the content rules have versions too; each date below is the day the
 * amendment took effect (the rules carry a verify note where it is from general knowledge):
 * 6 Del. C. 12B-102(d), "If the affected number of Delaware residents to be notified exceeds
 *   500 residents, the person ... shall, not later than the time when notice is provided to the
 *   resident, also provide notice of the breach of security to the Attorney General" (HB 180,
 *   from 2018-04-14);
 * ORS 646A.604(1)(b), notice to the Attorney General when "the number of consumers to whom the
 *   person must send the notice ... exceeds 250" (SB 601, from 2016-01-01), and "not later than
 *   45 days after discovering or receiving notification of the breach of security" (SB 1551,
 *   from 2018-06-02);
 * Neb. Rev. Stat. 87-803(2), notice to the Attorney General "not later than the time when notice
 *   is provided to the Nebraska residents" (LB 835, 2016);
 * 73 P.S. 2305, the consumer reporting agencies when "more than 1,000 persons at one time" are
 *   notified, 500 since Act 33 of 2024 (from 2024-09-26);
 * Utah Code 13-44-202, the consumer reporting agencies for 1,000 or more (SB 127, 2023);
 * D.C. Code 28-3852 as amended by D.C. Law 23-98, in effect 2020-06-08 (oag.dc.gov): the notice
 *   to the Attorney General for 50 or more residents and the contents of (a-1);
 * C.R.S. 6-1-716(2)(a) as amended by HB 18-1128 (from 2018-09-01): the contents of the notice;
 * Tenn. Code 47-18-2107(b) as amended by SB 2005: "immediately, but no later than forty-five
 *   (45) days from the discovery or notification of the breach", for breaches occurring from
 *   2016-07-01;
 * Md. Code, Com. Law 14-3504(c)(2) as amended by HB 974 (from 2018-01-01): "not later than 45
 *   days after the business concludes the investigation";
 * Cal. Civ. Code 1798.82(d)(1): the title, headings and 10-point type (SB 570, from
 *   2016-01-01); (d)(2)(G), 12 months of identity theft prevention services (AB 1710, from
 *   2015-01-01); the contents of (d)(2) and the sample copy to the Attorney General (SB 24, from
 *   2012-01-01). */
static void
test_notices_and_contents_have_versions(void **state)
{
    const struct bl_rules *rules = *state;

    assert_null(notice_in_force(rules, "DE", "attorney-general", "2018-04-13"));
    assert_int_equal(notice_in_force(rules, "DE", "attorney-general", "2018-04-14")->min, 501);
    assert_null(notice_in_force(rules, "OR", "attorney-general", "2015-12-31"));
    assert_int_equal(notice_in_force(rules, "OR", "attorney-general", "2016-01-01")->min, 251);
    assert_false(letters_deadline(rules, "OR", "2018-06-01")->set);
    assert_int_equal(letters_deadline(rules, "OR", "2018-06-02")->days, 45);
    assert_null(notice_in_force(rules, "NE", "attorney-general", "2016-07-20"));
    assert_non_null(notice_in_force(rules, "NE", "attorney-general", "2016-07-21"));
    assert_int_equal(notice_in_force(rules, "PA", "consumer-reporting-agencies", "2024-09-25")->min,
                     1001);
    assert_int_equal(notice_in_force(rules, "PA", "consumer-reporting-agencies", "2024-09-26")->min,
                     501);
    assert_null(notice_in_force(rules, "UT", "consumer-reporting-agencies", "2023-05-02"));
    assert_non_null(notice_in_force(rules, "UT", "consumer-reporting-agencies", "2023-05-03"));
    assert_null(notice_in_force(rules, "DC", "attorney-general", "2020-06-07"));
    assert_int_equal(notice_in_force(rules, "DC", "attorney-general", "2020-06-08")->min, 50);
    assert_false(content_in_force(rules, "DC", "dc-oag", "2020-06-07"));
    assert_true(content_in_force(rules, "DC", "dc-cra", "2020-06-08"));
    assert_int_equal(monitoring_months(rules, "DC", "2020-06-07"), 0);
    assert_int_equal(monitoring_months(rules, "DC", "2020-06-08"), 18);
    assert_false(content_in_force(rules, "CO", "co-ftc", "2018-08-31"));
    assert_true(content_in_force(rules, "CO", "co-ftc", "2018-09-01"));
    /* Tennessee counts by the day the breach occurred (on() makes it the day of discovery) */
    assert_false(letters_deadline(rules, "TN", "2016-06-30")->set);
    assert_int_equal(letters_deadline(rules, "TN", "2016-07-01")->days, 45);
    assert_false(letters_deadline(rules, "MD", "2017-12-31")->set);
    assert_int_equal(letters_deadline(rules, "MD", "2018-01-01")->days, 45);
    assert_false(letters_deadline(rules, "LA", "2018-07-31")->set);
    assert_int_equal(letters_deadline(rules, "LA", "2018-08-01")->days, 60);
    assert_false(content_in_force(rules, "CA", "ca-headings", "2015-12-31"));
    assert_true(content_in_force(rules, "CA", "ca-headings", "2016-01-01"));
    assert_false(content_in_force(rules, "CA", "ca-breach-date", "2011-12-31"));
    assert_int_equal(monitoring_months(rules, "CA", "2014-12-31"), 0);
    assert_int_equal(monitoring_months(rules, "CA", "2015-01-01"), 12);
    assert_null(notice_in_force(rules, "CA", "attorney-general", "2011-12-31"));
    assert_null(notice_in_force(rules, "IA", "attorney-general", "2014-06-30"));
    /* the rest of the audit: each notice and content rule from the law that added it */
    assert_null(notice_in_force(rules, "AR", "attorney-general", "2019-07-22"));
    assert_non_null(notice_in_force(rules, "AR", "attorney-general", "2019-07-23"));
    assert_null(notice_in_force(rules, "RI", "attorney-general", "2016-07-01"));
    assert_null(notice_in_force(rules, "RI", "consumer-reporting-agencies", "2016-07-01"));
    assert_non_null(notice_in_force(rules, "RI", "attorney-general", "2016-07-02"));
    for (const char *const *id = (const char *const[]){"ri-count", "ri-dates", "ri-cra",
                                                       "ri-police", "ri-freeze", NULL};
         *id != NULL; id++) {
        assert_false(content_in_force(rules, "RI", *id, "2016-07-01"));
        assert_true(content_in_force(rules, "RI", *id, "2016-07-02"));
    }
    assert_null(notice_in_force(rules, "AZ", "consumer-reporting-agencies", "2018-08-02"));
    assert_false(content_in_force(rules, "AZ", "az-date", "2018-08-02"));
    assert_false(content_in_force(rules, "AZ", "az-cra", "2018-08-02"));
    assert_false(content_in_force(rules, "AZ", "az-ftc", "2018-08-02"));
    assert_true(content_in_force(rules, "AZ", "az-ftc", "2018-08-03"));
    assert_false(content_in_force(rules, "DE", "de-enroll", "2018-04-13"));
    assert_false(content_in_force(rules, "DE", "de-freeze", "2018-04-13"));
    assert_true(content_in_force(rules, "DE", "de-freeze", "2018-04-14"));
    assert_false(content_in_force(rules, "WA", "wa-time-frame", "2020-02-29"));
    assert_true(content_in_force(rules, "WA", "wa-time-frame", "2020-03-01"));
    assert_null(notice_in_force(rules, "ND", "attorney-general", "2015-07-31"));
    assert_non_null(notice_in_force(rules, "ND", "attorney-general", "2015-08-01"));
    assert_null(notice_in_force(rules, "MT", "attorney-general", "2015-09-30"));
    assert_non_null(notice_in_force(rules, "MT", "attorney-general", "2015-10-01"));
    assert_false(letters_deadline(rules, "VT", "2012-05-07")->set);
    assert_int_equal(letters_deadline(rules, "VT", "2012-05-08")->days, 45);
    assert_null(notice_in_force(rules, "VT", "attorney-general", "2012-05-07"));
    assert_int_equal(letters_deadline(rules, "FL", "2014-06-30")->days, 45);
    assert_int_equal(letters_deadline(rules, "FL", "2014-07-01")->days, 30);
    assert_null(notice_in_force(rules, "FL", "attorney-general", "2014-06-30"));
    assert_false(content_in_force(rules, "FL", "fl-date", "2014-06-30"));
    assert_false(content_in_force(rules, "IL", "il-cra", "2011-12-31"));
    assert_true(content_in_force(rules, "IL", "il-cra", "2012-01-01"));
    assert_null(notice_in_force(rules, "CT", "attorney-general", "2012-09-30"));
    assert_non_null(notice_in_force(rules, "CT", "attorney-general", "2012-10-01"));
    /* SF 35 (2015) added the date; the toll-free number was asked for before */
    assert_false(content_in_force(rules, "WY", "wy-date", "2015-06-30"));
    assert_true(content_in_force(rules, "WY", "wy-date", "2015-07-01"));
    assert_true(content_in_force(rules, "WY", "wy-contact", "2015-06-30"));
    assert_false(content_in_force(rules, "CT", "ct-enroll", "2015-09-30"));
    assert_false(content_in_force(rules, "IL", "il-no-count", "2011-12-31"));
    assert_null(notice_in_force(rules, "HIPAA", "hhs", "2009-09-22"));

    /* the lint: every notice and content rule says from when it is in force, no earlier than the
     * law's first day; one whose history was not confirmed is dated the law's first day and says
     * so in its verify note, which check shows */
    for (guint i = 0; i < rules->jurisdictions->len; i++) {
        const struct bl_jurisdiction *j = g_ptr_array_index(rules->jurisdictions, i);

        for (guint k = 0; k < j->notify->len; k++) {
            const struct bl_notify *n = g_ptr_array_index(j->notify, k);

            if (!g_date_valid(&n->when.span.from))
                fail_msg("%s: the notice to %s (rules line %d) has no from", j->code, n->to,
                         n->cite.line);
            if (g_date_valid(&j->law_span.from))
                assert_true(g_date_compare(&n->when.span.from, &j->law_span.from) >= 0);
        }
        for (guint k = 0; k < j->content->len; k++) {
            const struct bl_content_rule *c = g_ptr_array_index(j->content, k);

            if (!g_date_valid(&c->when.span.from))
                fail_msg("%s: the content rule %s (rules line %d) has no from", j->code, c->id,
                         c->cite.line);
            if (g_date_valid(&j->law_span.from))
                assert_true(g_date_compare(&c->when.span.from, &j->law_span.from) >= 0);
        }
    }
}

/* Alabama, Indiana, Kentucky, Louisiana, New Jersey and Pennsylvania publish their code free:
 * every rule of theirs links the legislature's site, not a secondary page. */
static void
test_official_texts_are_linked(void **state)
{
    const struct bl_rules *rules = *state;
    static const char *const sites[][2] = {
        {"AL", "https://alison.legislature.state.al.us/"},
        {"IN", "https://iga.in.gov/"},
        {"KY", "https://apps.legislature.ky.gov/law/statutes/"},
        {"LA", "https://legis.la.gov/"},
        {"NJ", "https://lis.njleg.state.nj.us/"},
        {"PA", "https://www.legis.state.pa.us/"},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(sites); i++) {
        const struct bl_jurisdiction *j = bl_rules_find(rules, sites[i][0]);

        assert_non_null(j->law_cite.href);
        assert_true(g_str_has_prefix(j->law_cite.href, sites[i][1]));
        for (guint k = 0; k < j->notify->len; k++) {
            const struct bl_notify *n = g_ptr_array_index(j->notify, k);

            assert_non_null(n->cite.href);
            /* Louisiana's notice to its Attorney General is an administrative rule, quoted on
             * the Attorney General's page */
            if (strcmp(j->code, "LA") == 0)
                assert_true(g_str_has_prefix(n->cite.href, "https://ag.state.la.us/"));
            else
                assert_true(g_str_has_prefix(n->cite.href, sites[i][1]));
        }
        for (guint k = 0; k < j->personal->len; k++) {
            const struct bl_pi_rule *r = g_ptr_array_index(j->personal, k);

            assert_non_null(r->cite.href);
            assert_true(g_str_has_prefix(r->cite.href, sites[i][1]));
        }
    }
}

/* The rules file's checked date, from which check counts its age, is the last review that
 * docs/rules-sources.md names. */
static void
test_checked_date_is_the_last_review(void **state)
{
    const struct bl_rules *rules = *state;
    char *text = NULL, checked[16];
    const char *at;

    assert_true(
        g_file_get_contents(BL_TEST_DATA "/../../docs/rules-sources.md", &text, NULL, NULL));
    at = strstr(text, "\nReviewed: ");
    assert_non_null(at);
    g_date_strftime(checked, sizeof(checked), "%Y-%m-%d", &rules->checked);
    assert_int_equal(strncmp(at + strlen("\nReviewed: "), checked, 10), 0);
    g_free(text);
}

/* Every state's breach law has its first day (<law from>); before it the state owes no notice:
 * Alabama's Act 2018-396 from 2018-06-01, New Mexico's Laws 2017, ch. 36 from 2017-06-16, South
 * Dakota's SB 62 from 2018-07-01, Kentucky's HB 232 from 2014-07-15. Washington's definition of
 * personal information before HB 1071 (2020-03-01) names no medical data. */
static void
test_every_state_law_has_its_first_day(void **state)
{
    const struct bl_rules *rules = *state;
    struct bl_dates d;

    for (guint i = 0; i < rules->jurisdictions->len; i++) {
        const struct bl_jurisdiction *j = g_ptr_array_index(rules->jurisdictions, i);

        if (strcmp(j->code, "HIPAA") != 0) {
            assert_true(g_date_valid(&j->law_span.from));
            assert_non_null(j->law_cite.verify); /* says where the day comes from */
        }
    }
    d = on("2018-05-31");
    assert_false(bl_span_holds(&bl_rules_find(rules, "AL")->law_span, &d));
    assert_false(bl_span_holds(&bl_rules_find(rules, "SD")->law_span, &d));
    d = on("2018-06-01");
    assert_true(bl_span_holds(&bl_rules_find(rules, "AL")->law_span, &d));
    d = on("2017-06-15");
    assert_false(bl_span_holds(&bl_rules_find(rules, "NM")->law_span, &d));
    d = on("2014-07-14");
    assert_false(bl_span_holds(&bl_rules_find(rules, "KY")->law_span, &d));
    d = on("2019-05-03");
    assert_false(g_strv_contains(
        (const char *const *)bl_jurisdiction_personal(bl_rules_find(rules, "WA"), &d)->categories,
        "medical-history"));
    d = on("2020-03-01");
    assert_true(g_strv_contains(
        (const char *const *)bl_jurisdiction_personal(bl_rules_find(rules, "WA"), &d)->categories,
        "medical-history"));
}

/* Tenn. Code 47-18-2107(i), added by SB 2005 (2016) for breaches occurring on or after
 * 2016-07-01: "This section shall not apply to any person or entity that is subject to ...
 * HIPAA". NMSA 57-12C-8: "The provisions of the Data Breach Notification Act shall not apply to
 * a person subject to the federal Gramm-Leach-Bliley Act or the federal Health Insurance
 * Portability and Accountability Act of 1996". */
static void
test_hipaa_exemptions_and_deemed_compliance(void **state)
{
    const struct bl_rules *rules = *state;
    struct bl_dates d = on("2023-12-29");
    const struct bl_exemption *e;

    e = bl_jurisdiction_exemption(bl_rules_find(rules, "TN"), "business-associate", FALSE, &d);
    assert_non_null(e);
    assert_string_equal(e->kind, "exempt");
    assert_true(e->deadline && e->content && e->notices);
    e = bl_jurisdiction_exemption(bl_rules_find(rules, "NM"), "covered-entity", FALSE, &d);
    assert_non_null(e);
    assert_string_equal(e->kind, "exempt");
    assert_non_null(bl_jurisdiction_exemption(bl_rules_find(rules, "NM"), "none", TRUE, &d));
    assert_null(bl_jurisdiction_exemption(bl_rules_find(rules, "NM"), "none", FALSE, &d));
    /* Tennessee's exemption counts from when the breach occurred */
    d = on("2016-06-30");
    assert_null(bl_jurisdiction_exemption(bl_rules_find(rules, "TN"), "covered-entity", FALSE, &d));
    /* California deems a HIPAA covered entity's letter compliant with 1798.82(d), not its
     * deadline, and not for a business associate */
    d = on("2026-03-01");
    e = bl_jurisdiction_exemption(bl_rules_find(rules, "CA"), "covered-entity", FALSE, &d);
    assert_non_null(e);
    assert_string_equal(e->kind, "deemed");
    assert_true(e->content);
    assert_false(e->deadline);
    assert_null(
        bl_jurisdiction_exemption(bl_rules_find(rules, "CA"), "business-associate", FALSE, &d));
}

/* Deemed compliance, per state, as the rules give it. The official texts were not available
 * here: what follows paraphrases the statutes from general knowledge, not quotes them, and each
 * rule carries a verify note saying so.
 * Conn. Gen. Stat. 36a-701b(g) (Public Act 21-59, from 2021-10-01): a person in compliance with
 *   HIPAA and HITECH is deemed in compliance with the section, provided it notifies the Attorney
 *   General no later than the residents;
 * Fla. Stat. 501.171(4)(g): notice under the rules of the covered entity's primary or functional
 *   federal regulator is deemed to comply with the subsection if the entity notifies the people
 *   affected in accordance with those rules and sends a copy to the Department of Legal Affairs;
 * Iowa Code 715C.2(7): the section does not apply to a person who complies with HIPAA's
 *   breach-notification rules;
 * RCW 19.255.010(7): a covered entity under HIPAA is deemed to have complied with the section, as
 *   to protected health information, if it has complied with section 13402 of HITECH - a covered
 *   entity, not a business associate. */
static void
test_more_states_deem_federal_notice_sufficient(void **state)
{
    const struct bl_rules *rules = *state;
    struct bl_dates d = on("2023-12-29");
    const struct bl_exemption *e;

    e = bl_jurisdiction_exemption(bl_rules_find(rules, "CT"), "business-associate", FALSE, &d);
    assert_non_null(e);
    assert_string_equal(e->kind, "deemed");
    assert_true(e->deadline && e->content);
    assert_false(e->notices); /* the Attorney General is still told */
    /* KRS 365.732 (HB 232) exempts HIPAA and GLBA entities; Wis. Stat. 134.98(3m) and MCL
     * 445.72 deem only a compliant HIPAA notice sufficient (paraphrased from secondary sources,
     * verify notes in the rules) */
    e = bl_jurisdiction_exemption(bl_rules_find(rules, "KY"), "covered-entity", FALSE, &d);
    assert_non_null(e);
    assert_string_equal(e->kind, "exempt");
    assert_non_null(bl_jurisdiction_exemption(bl_rules_find(rules, "KY"), NULL, TRUE, &d));
    for (const char *const *c = (const char *const[]){"WI", "MI", NULL}; *c != NULL; c++) {
        e = bl_jurisdiction_exemption(bl_rules_find(rules, *c), "covered-entity", FALSE, &d);
        assert_non_null(e);
        assert_string_equal(e->kind, "deemed");
        assert_true(e->compliance && e->deadline && e->content && e->notices);
    }
    e = bl_jurisdiction_exemption(bl_rules_find(rules, "FL"), "covered-entity", FALSE, &d);
    assert_non_null(e);
    assert_false(e->notices);
    assert_non_null(bl_jurisdiction_exemption(bl_rules_find(rules, "FL"), "none", TRUE, &d));
    e = bl_jurisdiction_exemption(bl_rules_find(rules, "IA"), "covered-entity", FALSE, &d);
    assert_non_null(e);
    assert_true(e->notices);
    e = bl_jurisdiction_exemption(bl_rules_find(rules, "WA"), "covered-entity", FALSE, &d);
    assert_non_null(e);
    assert_null(
        bl_jurisdiction_exemption(bl_rules_find(rules, "WA"), "business-associate", FALSE, &d));
    /* Connecticut's deeming is from 2021-10-01 only */
    d = on("2020-06-19");
    assert_null(
        bl_jurisdiction_exemption(bl_rules_find(rules, "CT"), "business-associate", FALSE, &d));
    /* an organisation outside HIPAA and GLBA is held to every state's law */
    assert_null(bl_jurisdiction_exemption(bl_rules_find(rules, "FL"), "none", FALSE, &d));
}

static void
test_deadlines_count_calendar_and_business_days(void **state)
{
    const struct bl_rules *rules = *state;
    struct bl_dates dates = on("2023-12-29");
    GDate due;
    struct bl_deadline d = {TRUE, 14, TRUE, BL_ANCHOR_DISCOVERY, FALSE, rules->holidays, 0};
    char *text;
    char buf[16];

    bl_date_parse(&dates.notice, "2025-01-06");
    bl_deadline_due(&due, &d, &dates);
    g_date_strftime(buf, sizeof(buf), "%Y-%m-%d", &due);
    assert_string_equal(buf, "2024-01-22"); /* Vermont's 14 business days */
    text = bl_deadline_describe(&d);
    assert_string_equal(text, "14 business days after discovery");
    g_free(text);

    d = (struct bl_deadline){TRUE, 15, FALSE, BL_ANCHOR_NOTICE, FALSE, NULL, 0};
    bl_deadline_due(&due, &d, &dates);
    g_date_strftime(buf, sizeof(buf), "%Y-%m-%d", &due);
    assert_string_equal(buf, "2025-01-21");

    d = (struct bl_deadline){TRUE, -1, FALSE, BL_ANCHOR_NOTICE, FALSE, NULL, 0};
    bl_deadline_due(&due, &d, &dates);
    g_date_strftime(buf, sizeof(buf), "%Y-%m-%d", &due);
    assert_string_equal(buf, "2025-01-05");
    text = bl_deadline_describe(&d);
    assert_string_equal(text, "1 calendar day before the letters");
    g_free(text);

    d = (struct bl_deadline){TRUE, 0, FALSE, BL_ANCHOR_NOTICE, FALSE, NULL, 0};
    text = bl_deadline_describe(&d);
    assert_string_equal(text, "no later than the letters");
    g_free(text);

    d = (struct bl_deadline){FALSE, 0, FALSE, BL_ANCHOR_DISCOVERY, FALSE, NULL, 0};
    bl_deadline_due(&due, &d, &dates);
    assert_false(g_date_valid(&due));
}

/* Clocks start where the statute says: on determination when the incident gives that date (on
 * discovery otherwise), and a law-enforcement delay stops a tolled clock for its length. */
static void
test_clocks_start_at_their_anchor_and_stop_for_law_enforcement(void **state)
{
    struct bl_dates dates = on("2024-03-01");
    struct bl_deadline d = {TRUE, 30, FALSE, BL_ANCHOR_DETERMINATION, TRUE, NULL, 0};
    GDate due;
    char buf[16];

    (void)state;
    bl_deadline_due(&due, &d, &dates);
    g_date_strftime(buf, sizeof(buf), "%Y-%m-%d", &due);
    assert_string_equal(buf, "2024-03-31"); /* no determination date: from discovery */
    bl_date_parse(&dates.determined, "2024-04-15");
    bl_deadline_due(&due, &d, &dates);
    g_date_strftime(buf, sizeof(buf), "%Y-%m-%d", &due);
    assert_string_equal(buf, "2024-05-15");
    /* a 20-day delay starting after determination moves the deadline by 20 days */
    dates.delayed = TRUE;
    bl_date_parse(&dates.delay_from, "2024-04-20");
    bl_date_parse(&dates.delay_until, "2024-05-10");
    bl_deadline_due(&due, &d, &dates);
    g_date_strftime(buf, sizeof(buf), "%Y-%m-%d", &due);
    assert_string_equal(buf, "2024-06-04");
    assert_false(bl_deadline_suspended(&d, &dates));
    /* a clock the law does not toll does not move */
    d.tolled = FALSE;
    bl_deadline_due(&due, &d, &dates);
    g_date_strftime(buf, sizeof(buf), "%Y-%m-%d", &due);
    assert_string_equal(buf, "2024-05-15");
    /* a delay still running suspends a tolled clock: no due date yet */
    d.tolled = TRUE;
    g_date_clear(&dates.delay_until, 1);
    assert_true(bl_deadline_suspended(&d, &dates));
    bl_deadline_due(&due, &d, &dates);
    assert_false(g_date_valid(&due));
}

/* 10 M.R.S. 1348(1) (P.L. 2019, c. 512, from 2019-09-19): the notices "must be made no more
 * than 30 days after becoming aware of a breach of security and identifying its scope". The
 * clock starts when the scope is known, which the incident gives as its determination date;
 * without one it starts at discovery. */
static void
test_maine_clock_runs_from_identifying_the_scope(void **state)
{
    const struct bl_rules *rules = *state;
    struct bl_dates dates = on("2024-03-01");
    const struct bl_deadline *d = letters_deadline(rules, "ME", "2024-03-01");
    GDate due;
    char buf[16];

    assert_int_equal(d->days, 30);
    assert_int_equal(d->anchor, BL_ANCHOR_DETERMINATION);
    bl_deadline_due(&due, d, &dates);
    g_date_strftime(buf, sizeof(buf), "%Y-%m-%d", &due);
    assert_string_equal(buf, "2024-03-31");
    bl_date_parse(&dates.determined, "2024-04-10"); /* the scope identified */
    bl_deadline_due(&due, d, &dates);
    g_date_strftime(buf, sizeof(buf), "%Y-%m-%d", &due);
    assert_string_equal(buf, "2024-05-10");
}

/* Maryland, Oregon, South Dakota and Wyoming deem a federal notice sufficient, as long as it
 * complies with the federal rules. Paraphrased from general knowledge of the statutes, not
 * quoted from their official text (each rule carries a verify note): Md. Code, Com. Law
 * 14-3507, a business that complies with the notification procedures of its primary or
 * functional federal or State regulator is deemed to comply with the subtitle; ORS 646A.604
 * (SB 601, from 2016-01-01), a person that complies with HIPAA's breach-notification rules; SDCL
 * 22-40 (SB 62, from 2018-07-01), a holder that notifies under its regulator's procedures; Wyo.
 * Stat. 40-12-502 (SF 35, from 2015-07-01), a covered entity or business associate that notifies
 * in compliance with HIPAA. Each needs the federal notice
 * to comply (compliance="required"), and none drops the state's notices to its officials. */
static void
test_maryland_oregon_south_dakota_wyoming_deem_a_compliant_federal_notice(void **state)
{
    const struct bl_rules *rules = *state;
    static const char *const codes[] = {"MD", "OR", "SD", "WY", "CT", "FL", "IA", "IL", "WA"};
    struct bl_dates d = on("2023-12-29");

    for (gsize i = 0; i < G_N_ELEMENTS(codes); i++) {
        const struct bl_exemption *e =
            bl_jurisdiction_exemption(bl_rules_find(rules, codes[i]), "covered-entity", FALSE, &d);

        if (e == NULL || strcmp(e->kind, "deemed") != 0 || !e->compliance) {
            fail_msg("%s: no deeming of a compliant HIPAA notice", codes[i]);
        }
        assert_true(e->deadline);
    }
    assert_false(bl_jurisdiction_exemption(bl_rules_find(rules, "MD"), "covered-entity", FALSE, &d)
                     ->notices);
    /* California's deeming covers the contents of a HITECH 13402(f) notice, whatever its date;
     * New York's any notice made under HIPAA (899-aa(2)(b)) */
    assert_false(bl_jurisdiction_exemption(bl_rules_find(rules, "NY"), "covered-entity", FALSE, &d)
                     ->compliance);
    d = on("2015-12-31");
    assert_null(bl_jurisdiction_exemption(bl_rules_find(rules, "OR"), "covered-entity", FALSE, &d));
}

/* Md. Code, Com. Law 14-3504 as amended by HB 962 (from 2022-10-01), paraphrased from general
 * knowledge (the rule carries a verify note): after a delay law enforcement asked for, notice is
 * given as soon as reasonably practicable and not later than 7 days after law enforcement
 * determines that it will not impede a criminal investigation, so the 45 days do not merely stop
 * for the delay. Elsewhere the clock stops for the delay's length. */
static void
test_maryland_notice_is_due_7_days_after_a_delay(void **state)
{
    const struct bl_rules *rules = *state;
    struct bl_dates dates = on("2024-03-01");
    const struct bl_deadline *md = letters_deadline(rules, "MD", "2024-03-01");
    const struct bl_deadline *oregon = letters_deadline(rules, "OR", "2024-03-01");
    GDate due;
    char buf[16];
    char *text;

    dates.delayed = TRUE;
    bl_date_parse(&dates.delay_from, "2024-03-10");
    bl_date_parse(&dates.delay_until, "2024-06-20");
    bl_deadline_due(&due, md, &dates);
    g_date_strftime(buf, sizeof(buf), "%Y-%m-%d", &due);
    assert_string_equal(buf, "2024-06-27");
    /* Oregon's 45 days (2024-04-15) stop for the 102 days of the delay */
    bl_deadline_due(&due, oregon, &dates);
    g_date_strftime(buf, sizeof(buf), "%Y-%m-%d", &due);
    assert_string_equal(buf, "2024-07-26");
    text = bl_deadline_describe(md);
    assert_string_equal(text, "45 calendar days after discovery, or 7 days after a "
                              "law-enforcement delay ends");
    g_free(text);
    /* before HB 962 the clock stopped for the delay's length */
    assert_int_equal(letters_deadline(rules, "MD", "2021-03-01")->resume_days, 0);
}

/* TRUE when the definition of personal information of code in force on `discovered` covers
 * category id. */
static gboolean
covers(const struct bl_rules *rules, const char *code, const char *discovered, const char *id)
{
    struct bl_dates d = on(discovered);
    const struct bl_pi_rule *pi = bl_jurisdiction_personal(bl_rules_find(rules, code), &d);

    assert_non_null(pi);
    return g_strv_contains((const char *const *)pi->categories, id);
}

/* Every state and territory says what it calls personal information, with its encryption safe
 * harbour, so that no resident is owed a notice merely because the rules were silent. The
 * reference does not give these texts: the quotes below are from memory of the statutes, not
 * checked against their official text here, and each rule carries a verify note saying so.
 * O.C.G.A. 10-1-912(a): notice to "any resident of this state whose unencrypted personal
 *   information was, or is reasonably believed to have been, acquired by an unauthorized
 *   person";
 * N.C.G.S. 75-61(14): "Security breach. - An incident of unauthorized access to and acquisition
 *   of unencrypted and unredacted records or data containing personal information where illegal
 *   use of the personal information has occurred or is reasonably likely to occur or that
 *   creates a material risk of harm to a consumer";
 * N.J.S.A. 56:8-161: personal information is a name "linked with any one or more of the
 *   following data elements: (1) Social Security number; (2) driver's license number or State
 *   identification card number; (3) account number or credit or debit card number, in
 *   combination with any required security code, access code, or password that would permit
 *   access to an individual's financial account; or (4) user name, email address, or any other
 *   account holder identifying information, in combination with any password or security
 *   question and answer that would permit access to an online account" ((4) from 2019-09-01):
 *   no medical or health insurance information;
 * Iowa Code 715C.1(11): an electronic identifier counts only "in combination with any required
 *   security code, access code, or password that would permit access to an individual's
 *   financial account": online credentials alone are not personal information in Iowa. */
static void
test_every_jurisdiction_says_what_personal_information_is(void **state)
{
    const struct bl_rules *rules = *state;
    struct bl_dates today = on("2026-03-01");

    for (guint i = 0; i < rules->jurisdictions->len; i++) {
        const struct bl_jurisdiction *j = g_ptr_array_index(rules->jurisdictions, i);
        const struct bl_pi_rule *pi = bl_jurisdiction_personal(j, &today);

        if (strcmp(j->code, "HIPAA") == 0) {
            continue;
        }
        if (pi == NULL) {
            fail_msg("%s: no definition of personal information", j->code);
        }
        if (!pi->encryption) {
            fail_msg("%s: no encryption safe harbour", j->code);
        }
        assert_true(g_strv_contains((const char *const *)pi->categories, "ssn"));
        assert_false(g_strv_contains((const char *const *)pi->categories, "contact"));
        assert_non_null(pi->cite.cite);
    }
    assert_true(covers(rules, "GA", "2025-06-01", "payment-card"));
    assert_false(covers(rules, "GA", "2025-06-01", "medical-treatment"));
    assert_false(covers(rules, "NC", "2025-06-01", "health-insurance"));
    assert_false(covers(rules, "NC", "2025-06-01", "credentials"));
    assert_true(covers(rules, "NC", "2025-06-01", "biometric"));
    assert_false(covers(rules, "NJ", "2025-06-01", "diagnosis"));
    assert_false(covers(rules, "NJ", "2025-06-01", "health-insurance"));
    assert_false(covers(rules, "NJ", "2019-08-31", "credentials"));
    assert_true(covers(rules, "NJ", "2019-09-01", "credentials"));
    assert_false(covers(rules, "IA", "2025-06-01", "credentials"));
    assert_true(covers(rules, "IA", "2025-06-01", "biometric"));
    assert_true(covers(rules, "MD", "2025-06-01", "health-insurance"));
    assert_false(covers(rules, "MD", "2017-12-31", "health-insurance"));
    assert_true(covers(rules, "OR", "2019-06-01", "diagnosis"));
    assert_false(covers(rules, "OR", "2019-06-01", "credentials"));
    assert_true(covers(rules, "OR", "2020-06-19", "credentials"));
    assert_true(covers(rules, "RI", "2023-12-29", "health-insurance"));
    assert_true(covers(rules, "VT", "2023-12-29", "credentials"));
    assert_false(covers(rules, "VT", "2019-12-31", "credentials"));
    /* California: medical information from 2008, credentials from 2014, passport numbers and
     * biometric data from 2020 */
    assert_false(covers(rules, "CA", "2007-06-01", "diagnosis"));
    assert_true(covers(rules, "CA", "2013-06-01", "diagnosis"));
    assert_false(covers(rules, "CA", "2013-06-01", "credentials"));
    assert_false(covers(rules, "CA", "2019-06-01", "passport"));
    assert_true(covers(rules, "CA", "2020-06-19", "biometric"));
    /* security questions and answers count where the definition names them ("a user name or
     * e-mail address, in combination with a password or security question and answer":
     * Cal. Civ. Code 1798.82(h)(2), C.R.S. 6-1-716(1)(g)(I)(B)); Rhode Island's names "a
     * security code, access code or password", Vermont's "login credentials" */
    assert_true(covers(rules, "CA", "2020-06-19", "security-questions"));
    assert_false(covers(rules, "CA", "2013-06-01", "security-questions"));
    assert_true(covers(rules, "CO", "2025-06-01", "security-questions"));
    assert_false(covers(rules, "RI", "2023-12-29", "security-questions"));
    assert_false(covers(rules, "VT", "2023-12-29", "security-questions"));
    assert_false(covers(rules, "NC", "2025-06-01", "security-questions"));
}

/* N.Y. Gen. Bus. Law 899-aa(1)(b): "private information" was, before the SHIELD Act, a name
 * with a Social Security number, a driver's license or non-driver identification card number, or
 * an account or card number "in combination with any required security code, access code, or
 * password"; the SHIELD Act (L. 2019, ch. 117, from 2019-10-23) added biometric information and
 * "a user name or e-mail address in combination with a password or security question and
 * answer that would permit access to an online account"; S2376B/A4737B with its chapter
 * amendment (A.B. 920, signed 2025-02-14) added "medical information" and "health insurance
 * information" from 2025-03-21. */
static void
test_new_york_private_information_by_version(void **state)
{
    const struct bl_rules *rules = *state;

    assert_false(covers(rules, "NY", "2019-06-01", "credentials"));
    assert_false(covers(rules, "NY", "2019-06-01", "biometric"));
    assert_true(covers(rules, "NY", "2019-06-01", "ssn"));
    assert_true(covers(rules, "NY", "2019-10-23", "credentials"));
    assert_true(covers(rules, "NY", "2023-12-29", "biometric"));
    assert_false(covers(rules, "NY", "2023-12-29", "health-insurance"));
    assert_false(covers(rules, "NY", "2025-03-20", "diagnosis"));
    assert_true(covers(rules, "NY", "2025-03-21", "diagnosis"));
    assert_true(covers(rules, "NY", "2025-03-21", "health-insurance"));
    assert_true(covers(rules, "NY", "2025-03-21", "credentials"));
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
    bl_diag_clear(diag);
    /* two versions of one deadline in force on the same day */
    g_file_set_contents(path,
                        "<rules checked='2026-11-24'>\n<jurisdiction code='CA' name='C'>"
                        "<law cite='x'>l</law>\n<individuals cite='a' until='2026-01-01'/>\n"
                        "<individuals cite='b' from='2025-06-01' days='30'/>\n"
                        "</jurisdiction>\n</rules>\n",
                        -1, NULL);
    assert_int_equal(bl_rules_load(&rules, path, RULES_SCHEMA, diag), -1);
    assert_non_null(strstr(bl_diag_text(diag), ":4: error: two versions of the deadline of the "
                                               "letters are in force on the same days"));
    bl_diag_clear(diag);
    g_file_set_contents(path,
                        "<rules checked='2026-11-24'>\n<jurisdiction code='CA' name='C'>"
                        "<law cite='x'>l</law>\n"
                        "<individuals cite='b' from='2026-01-01' until='2025-01-01'/>\n"
                        "</jurisdiction>\n</rules>\n",
                        -1, NULL);
    assert_int_equal(bl_rules_load(&rules, path, RULES_SCHEMA, diag), -1);
    assert_non_null(strstr(bl_diag_text(diag), ":3: error: a rule in force from a date must end "
                                               "after it"));
    bl_diag_clear(diag);
    /* a deadline moves a date ten years at most: more would count business days for ever */
    g_file_set_contents(path,
                        "<rules checked='2026-11-24'>\n<jurisdiction code='CA' name='C'>"
                        "<law cite='x'>l</law>\n"
                        "<individuals cite='b' days='2147483647' unit='business'/>\n"
                        "</jurisdiction>\n</rules>\n",
                        -1, NULL);
    assert_int_equal(bl_rules_load(&rules, path, RULES_SCHEMA, diag), -1);
    assert_non_null(strstr(bl_diag_text(diag), ":3: error:"));
    assert_non_null(strstr(bl_diag_text(diag), "days"));
    g_unlink(path);
    g_free(path);
    bl_diag_free(diag);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_state_dc_territories_and_hipaa_have_rules),
        cmocka_unit_test(test_rules_name_only_known_categories_contacts_and_fields),
        cmocka_unit_test(test_key_rules_match_the_reference),
        cmocka_unit_test(test_california_30_days_apply_from_2026_only),
        cmocka_unit_test(test_new_york_30_days_apply_from_2024_12_21_only),
        cmocka_unit_test(test_older_breaches_get_the_older_deadlines),
        cmocka_unit_test(test_notices_and_contents_have_versions),
        cmocka_unit_test(test_every_state_law_has_its_first_day),
        cmocka_unit_test(test_official_texts_are_linked),
        cmocka_unit_test(test_checked_date_is_the_last_review),
        cmocka_unit_test(test_hipaa_exemptions_and_deemed_compliance),
        cmocka_unit_test(test_more_states_deem_federal_notice_sufficient),
        cmocka_unit_test(test_deadlines_count_calendar_and_business_days),
        cmocka_unit_test(test_clocks_start_at_their_anchor_and_stop_for_law_enforcement),
        cmocka_unit_test(test_maine_clock_runs_from_identifying_the_scope),
        cmocka_unit_test(test_maryland_oregon_south_dakota_wyoming_deem_a_compliant_federal_notice),
        cmocka_unit_test(test_maryland_notice_is_due_7_days_after_a_delay),
        cmocka_unit_test(test_every_jurisdiction_says_what_personal_information_is),
        cmocka_unit_test(test_new_york_private_information_by_version),
        cmocka_unit_test(test_broken_rules_file_is_refused_with_its_line),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}

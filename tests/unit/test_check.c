/* SPDX-License-Identifier: MIT */
/* Unit tests of check.c with the shipped rules and contacts: each broken incident, template or
 * list produces its specific finding, deadlines get their status, counts trigger notices. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "bind.h"
#include "check.h"
#include "bl_test.h"
#include "text.h"

#define LETTER FIXTURE_CHECK_LETTER
#define HEADER FIXTURE_CHECK_HEADER

/* A recipient of the incident, for bl_check_blocking. */
static struct bl_recipient *
person(const struct bl_incident *inc, const char *jurisdiction, const char *const *cats)
{
    struct bl_recipient *r = fixture_recipient(inc, cats);

    fixture_set(&r->jurisdiction, jurisdiction);
    fixture_set(&r->address.state, jurisdiction);
    return r;
}

static void
test_monitoring_minimum_stops_only_the_letters_it_concerns(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, "months=\"24\"", "months=\"12\"");
    const char *ssn[] = {"ssn", NULL}, *contact[] = {"contact", NULL};
    struct bl_recipient *ma_ssn, *ma_other, *ny_ssn;
    const struct bl_finding *x;

    fixture_check_run(f, inc, LETTER,
                      HEADER "R-1,Ana,Silva,1 Elm St,Boston,MA,02118,ssn;contact,sunrise\n"
                             "R-2,Ben,Ross,2 Oak St,Salem,MA,01970,contact,sunrise\n"
                             "R-3,Cy,Yu,3 Pine St,Albany,NY,12207,ssn,sunrise\n",
                      NULL);
    x = fixture_check_finding(f, "MA", "monitoring-minimum");
    assert_non_null(x);
    assert_int_equal(x->severity, BL_SEV_ERROR);
    assert_int_equal(x->recipients, 1);
    assert_string_equal(x->message,
                        "1 resident of Massachusetts whose Social Security number was exposed "
                        "must be offered at least 18 months of monitoring at no cost; the "
                        "incident offers 12 months");
    assert_string_equal(x->cite, "M.G.L. c. 93H, 3A (Chapter 444 of the Acts of 2018)");
    ma_ssn = person(f->incident, "MA", ssn);
    ma_other = person(f->incident, "MA", contact);
    ny_ssn = person(f->incident, "NY", ssn);
    assert_ptr_equal(bl_check_blocking(f->rep, f->incident, ma_ssn), x);
    assert_null(bl_check_blocking(f->rep, f->incident, ma_other));
    assert_null(bl_check_blocking(f->rep, f->incident, ny_ssn));
    fixture_recipient_free(ma_ssn);
    fixture_recipient_free(ma_other);
    fixture_recipient_free(ny_ssn);
    g_free(inc);

    /* 24 months meets every minimum */
    inc = fixture_check_incident(f, NULL, NULL);
    fixture_check_run(f, inc, LETTER,
                      HEADER "R-1,Ana,Silva,1 Elm St,Boston,MA,02118,ssn;contact,sunrise\n", NULL);
    assert_null(fixture_check_finding(f, "MA", "monitoring-minimum"));
    assert_int_equal(bl_check_count(f->rep, BL_SEV_ERROR), 0);
    g_free(inc);
    fixture_check_reset(f);
}

static void
test_massachusetts_letter_must_not_state_the_count(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, NULL, NULL);
    char *tpl = fixture_write(
        f->dir, "count.xml",
        "<letter title='Notice of Data Breach' languages='en'>\n"
        "<address><line><field ref='recipient.full_name'/></line></address>\n<body>\n"
        "<p>In all, <field ref='incident.total_affected' format='grouped'/> people were "
        "affected.</p>\n</body></letter>\n",
        -1);
    const struct bl_finding *x;

    fixture_check_run(f, inc, tpl, HEADER "R-1,Ana,Silva,1 Elm St,Boston,MA,02118,ssn,sunrise\n",
                      NULL);
    x = fixture_check_finding(f, "MA", "ma-count");
    assert_non_null(x);
    assert_int_equal(x->severity, BL_SEV_ERROR);
    assert_non_null(strstr(x->message, "which Massachusetts forbids"));
    assert_string_equal(x->where, "letters to adult residents of Massachusetts");
    /* the same template is fine for New York, as far as the count goes */
    fixture_check_run(f, inc, tpl, HEADER "R-1,Ana,Silva,1 Elm St,Albany,NY,12207,ssn,sunrise\n",
                      NULL);
    assert_null(fixture_check_finding(f, "NY", "ma-count"));
    g_free(inc);
    g_free(tpl);
    fixture_check_reset(f);
}

static void
test_california_title_headings_are_required(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, NULL, NULL);
    char *tpl = fixture_write(
        f->dir, "bare.xml",
        "<letter title='Notice' languages='en'>\n"
        "<address><line><field ref='recipient.full_name'/></line></address>\n<body>\n"
        "<title>Important Notice</title>\n<heading>What Happened</heading>\n<p>Text.</p>\n"
        "<heading>What We Are Doing</heading>\n<p>Text.</p>\n</body></letter>\n",
        -1);
    const char *list = HEADER "R-1,Ana,Silva,1 Elm St,Fresno,CA,93701,ssn,sunrise\n";
    const struct bl_finding *x;

    fixture_check_run(f, inc, tpl, list, NULL);
    x = fixture_check_finding(f, "CA", "ca-title");
    assert_non_null(x);
    assert_non_null(strstr(x->message, "missing: Notice of Data Breach"));
    x = fixture_check_finding(f, "CA", "ca-headings");
    assert_non_null(x);
    assert_non_null(strstr(x->message, "missing: What Information Was Involved"));
    /* the shipped letter satisfies California's format rules */
    fixture_check_run(f, inc, LETTER, list, NULL);
    assert_null(fixture_check_finding(f, "CA", "ca-title"));
    assert_null(fixture_check_finding(f, "CA", "ca-headings"));
    assert_null(fixture_check_finding(f, "CA", "ca-type-size"));
    g_free(inc);
    g_free(tpl);
    fixture_check_reset(f);
}

static void
test_stale_contact_in_template_is_flagged_with_its_line(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, NULL, NULL);
    char *tpl = fixture_write(f->dir, "stale.xml",
                              "<letter title='T' languages='en'>\n"
                              "<address><line><field ref='recipient.full_name'/></line></address>\n"
                              "<body>\n<p>Write to Equifax, P.O. Box 740241, Atlanta.</p>\n"
                              "</body></letter>\n",
                              -1);
    const struct bl_finding *x;

    fixture_check_run(f, inc, tpl, NULL, NULL);
    x = fixture_check_finding(f, NULL, "stale-contact");
    assert_non_null(x);
    assert_int_equal(x->severity, BL_SEV_ERROR);
    assert_true(g_str_has_suffix(x->where, "stale.xml:4"));
    assert_non_null(strstr(x->message, "'P.O. Box 740241', an outdated Equifax value"));
    g_free(inc);
    g_free(tpl);
    fixture_check_reset(f);
}

static void
test_old_data_files_are_warned_about(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, NULL, NULL);

    fixture_check_run(f, inc, LETTER, NULL, "2026-12-01");
    assert_null(fixture_check_finding(f, NULL, "contacts-age"));
    fixture_check_run(f, inc, LETTER, NULL, "2028-01-01");
    assert_non_null(fixture_check_finding(f, NULL, "contacts-age"));
    assert_non_null(fixture_check_finding(f, NULL, "rules-age"));
    assert_int_equal(fixture_check_finding(f, NULL, "contacts-age")->severity, BL_SEV_WARNING);
    g_free(inc);
    fixture_check_reset(f);
}

static void
test_deadlines_are_dated_and_flagged(void **state)
{
    struct fixture_check *f = *state;
    /* discovered 2026-01-05, under California's 30 days (SB 446); letters dated 2026-01-29 */
    char *inc = fixture_check_incident_dated(f, "2026-01-05", "2026-01-29", NULL);
    char due[16];

    fixture_check_run(f, inc, LETTER,
                      HEADER "R-1,Ana,Silva,1 Elm St,Fresno,CA,93701,ssn,sunrise\n"
                             "R-2,Ben,Ross,2 Oak St,Austin,TX,78701,ssn,sunrise\n"
                             "R-3,Cy,Yu,3 Pine St,Boston,MA,02118,ssn,sunrise\n",
                      NULL);
    g_date_strftime(due, sizeof(due), "%Y-%m-%d", &fixture_check_deadline(f, "CA")->due);
    assert_string_equal(due, "2026-02-04");
    assert_int_equal(fixture_check_deadline(f, "CA")->status, BL_DUE_SOON);
    assert_int_equal(fixture_check_deadline(f, "CA")->margin, 6);
    assert_int_equal(fixture_check_deadline(f, "TX")->status, BL_DUE_OK);
    assert_int_equal(fixture_check_deadline(f, "MA")->status, BL_DUE_NONE);
    assert_int_equal(fixture_check_deadline(f, "HIPAA")->status, BL_DUE_OK);
    assert_int_equal(fixture_check_deadline(f, "HIPAA")->residents, 3);
    g_free(inc);

    /* Medusind's real dates (discovered 2023-12-29, letters 2025-01-06): a year late where the
     * law in force in 2023 set a number of days (Washington, 30 days since 2020-03-01), not in
     * California, whose 30 days (SB 446) apply only from 2026-01-01. It was "LATE by 344 days"
     * when the 2026 rule was applied to 2023. */
    inc = fixture_check_incident(f, NULL, NULL);
    fixture_check_run(f, inc, LETTER,
                      HEADER "R-1,Ana,Silva,1 Elm St,Fresno,CA,93701,ssn,sunrise\n"
                             "R-2,Ben,Ross,2 Oak St,Seattle,WA,98101,ssn,sunrise\n",
                      NULL);
    assert_int_equal(fixture_check_deadline(f, "CA")->status, BL_DUE_NONE);
    assert_null(fixture_check_finding(f, "CA", "deadline"));
    assert_non_null(strstr(fixture_check_deadline(f, "CA")->rule->cite.cite, "before SB 446"));
    assert_int_equal(fixture_check_deadline(f, "WA")->status, BL_DUE_LATE);
    assert_int_equal(fixture_check_deadline(f, "WA")->margin, -344);
    assert_non_null(fixture_check_finding(f, "WA", "deadline"));
    assert_int_equal(fixture_check_finding(f, "WA", "deadline")->severity, BL_SEV_WARNING);
    g_free(inc);
    fixture_check_reset(f);
}

static char *
many(int ca, int ny)
{
    GString *s = g_string_new(HEADER);

    for (int i = 0; i < ca; i++) {
        g_string_append_printf(s, "CA-%d,Ana,Silva,1 Elm St,Fresno,CA,93701,ssn,sunrise\n", i);
    }
    for (int i = 0; i < ny; i++) {
        g_string_append_printf(s, "NY-%d,Ben,Ross,2 Oak St,Albany,NY,12207,ssn,sunrise\n", i);
    }
    return g_string_free(s, FALSE);
}

static void
test_counts_trigger_the_notices_of_their_thresholds(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, NULL, NULL);
    char *list = many(501, 10);
    const struct bl_obligation *o;

    fixture_check_run(f, inc, LETTER, list, NULL);
    o = fixture_check_obligation(f, "CA", "attorney-general", NULL);
    assert_non_null(o);
    assert_true(o->triggered); /* more than 500 California residents */
    assert_int_equal(o->count, 501);
    o = fixture_check_obligation(f, "HIPAA", "media", "CA");
    assert_non_null(o);
    assert_true(o->triggered);
    assert_null(
        fixture_check_obligation(f, "HIPAA", "media", "NY")); /* 10 New Yorkers: no media notice */
    o = fixture_check_obligation(f, "HIPAA", "hhs", NULL);
    assert_true(o->triggered);
    assert_int_equal(o->count, 360934); /* the incident's total counts, not only the list */
    o = fixture_check_obligation(f, "NY", "consumer-reporting-agencies", NULL);
    assert_false(o->triggered);
    g_free(list);

    list = many(500, 0);
    fixture_check_run(f, inc, LETTER, list, NULL);
    assert_false(fixture_check_obligation(f, "CA", "attorney-general", NULL)->triggered);
    o = fixture_check_obligation(f, "HIPAA", "media",
                                 NULL); /* no state above 500: one row, not triggered */
    assert_non_null(o);
    assert_false(o->triggered);
    assert_int_equal(o->count, 500);
    g_free(list);
    g_free(inc);

    /* without a total, everyone in the list counts, rejected rows too */
    inc = fixture_check_incident(f, "<affected total=\"360934\"/>", "");
    list = many(499, 0);
    fixture_check_run(f, inc, LETTER, list, NULL);
    assert_false(fixture_check_obligation(f, "HIPAA", "hhs", NULL)->triggered);
    assert_int_equal(fixture_check_obligation(f, "HIPAA", "hhs", NULL)->count, 499);
    g_free(list);
    list = many(499, 0);
    {
        char *more =
            g_strconcat(list, "BAD-1,Cy,Yu,3 Pine St,Albany,XX,12207,contact,sunrise\n", NULL);

        fixture_check_run(f, inc, LETTER, more, NULL);
        g_free(more);
    }
    assert_true(fixture_check_obligation(f, "HIPAA", "hhs", NULL)->triggered); /* 500 or more */
    assert_int_equal(fixture_check_obligation(f, "HIPAA", "hhs", NULL)->count, 500);
    g_free(list);
    g_free(inc);
    fixture_check_reset(f);
}

/* An incident's total above 2^31 counts whole: 9,999,999,999 people is not 2,147,483,647. */
static void
test_total_affected_counts_in_64_bits(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, "total=\"360934\"", "total=\"9999999999\"");
    const struct bl_obligation *o;
    char *text, *json;

    fixture_check_run(f, inc, LETTER,
                      HEADER "R-1,Ana,Silva,1 Elm St,Albany,NY,12207,contact,sunrise\n", NULL);
    o = fixture_check_obligation(f, "HIPAA", "hhs", NULL);
    assert_non_null(o);
    assert_true(o->triggered);
    assert_true(o->count == G_GINT64_CONSTANT(9999999999));
    text = bl_check_format_text(f->rep);
    assert_non_null(strstr(text, " 9999999999 "));
    assert_null(strstr(text, "2147483647"));
    json = bl_check_format_json(f->rep);
    assert_non_null(strstr(json, "\"count\" : 9999999999"));
    assert_null(strstr(json, "2147483647"));
    g_free(text);
    g_free(json);
    g_free(inc);
    fixture_check_reset(f);
}

/* 24 O.S. 163 as amended by SB 626 (2025), from 2026-01-01: a breach of the personal information
 * of 500 or more Oklahoma residents "shall" also be reported to the Attorney General, no more
 * than 60 days after notice to residents. A 2023 breach is judged by the law of 2023, which had
 * no such notice. */
static void
test_oklahoma_attorney_general_notice_only_from_2026(void **state)
{
    struct fixture_check *f = *state;
    /* Social Security numbers: personal information under 24 O.S. 162 (contact details alone
     * would owe Oklahomans no notice at all) */
    char *list = fixture_check_residents("OK", "Tulsa", "74103", 500, "ssn");
    char *inc = fixture_check_incident(f, NULL, NULL);

    fixture_check_run(f, inc, LETTER, list, NULL);
    assert_null(fixture_check_obligation(f, "OK", "attorney-general", NULL));
    g_free(inc);
    inc = fixture_check_incident_dated(f, "2026-02-02", "2026-02-20", NULL);
    fixture_check_run(f, inc, LETTER, list, NULL);
    assert_non_null(fixture_check_obligation(f, "OK", "attorney-general", NULL));
    assert_true(fixture_check_obligation(f, "OK", "attorney-general", NULL)->triggered);
    g_free(inc);
    g_free(list);
    fixture_check_reset(f);
}

/* Cal. Civ. Code 1798.82(c): "The notification required by this section shall be made after the
 * law enforcement agency determines that it will not compromise the investigation." N.Y. GBL
 * 899-aa(4), RCW 19.255.010(3), C.R.S. 6-1-716(2), Fla. Stat. 501.171(4)(b) and 10 M.R.S.
 * 1348(3) allow the same delay. A letter that says "delayed at the request of law enforcement"
 * is not late in these states while the delay runs, and after it ends the clock has stopped for
 * its length. */
static void
test_law_enforcement_delay_stops_the_clocks_that_allow_it(void **state)
{
    struct fixture_check *f = *state;
    static const char *const states[][3] = {
        {"CA", "Fresno", "93701"}, {"NY", "Albany", "12207"}, {"WA", "Seattle", "98101"},
        {"CO", "Denver", "80202"}, {"FL", "Miami", "33131"},  {"ME", "Portland", "04101"}};
    GString *list = g_string_new(HEADER);
    char *inc;
    char due[16];

    for (gsize i = 0; i < G_N_ELEMENTS(states); i++) {
        g_string_append_printf(list, "%s-1,Ana,Silva,1 Elm St,%s,%s,%s,ssn,sunrise\n", states[i][0],
                               states[i][1], states[i][0], states[i][2]);
    }
    /* discovered 2026-02-02, letters 2026-06-01: four months, the delay still running; an
     * organisation outside HIPAA, so that every state's own clock applies */
    inc = fixture_check_incident_dated(f, "2026-02-02", "2026-06-01",
                                       "\n    <law-enforcement-delay from=\"2026-02-10\"/>");
    fixture_replace_in_file(inc, "hipaa-role=\"business-associate\"", "hipaa-role=\"none\"");
    fixture_check_run(f, inc, LETTER, list->str, NULL);
    for (gsize i = 0; i < G_N_ELEMENTS(states); i++) {
        if (fixture_check_deadline(f, states[i][0])->status != BL_DUE_SUSPENDED) {
            fail_msg("%s: status %d, not suspended by the delay", states[i][0],
                     fixture_check_deadline(f, states[i][0])->status);
        }
        assert_null(fixture_check_finding(f, states[i][0], "deadline"));
    }
    g_free(inc);
    /* the delay ended on 2026-05-20: the clock stopped 99 days, so California's 30 days (due
     * 2026-03-04 without the delay) end on 2026-06-11 */
    inc = fixture_check_incident_dated(
        f, "2026-02-02", "2026-06-01",
        "\n    <law-enforcement-delay from=\"2026-02-10\" until=\"2026-05-20\"/>");
    fixture_replace_in_file(inc, "hipaa-role=\"business-associate\"", "hipaa-role=\"none\"");
    fixture_check_run(f, inc, LETTER, list->str, NULL);
    g_date_strftime(due, sizeof(due), "%Y-%m-%d", &fixture_check_deadline(f, "CA")->due);
    assert_string_equal(due, "2026-06-11");
    assert_int_equal(fixture_check_deadline(f, "CA")->status, BL_DUE_OK);
    assert_null(fixture_check_finding(f, "CA", "deadline"));
    /* without the delay the same letters are late in every one of these states */
    g_free(inc);
    inc = fixture_check_incident_dated(f, "2026-02-02", "2026-06-01", NULL);
    fixture_replace_in_file(inc, "hipaa-role=\"business-associate\"", "hipaa-role=\"none\"");
    fixture_check_run(f, inc, LETTER, list->str, NULL);
    for (gsize i = 0; i < G_N_ELEMENTS(states); i++) {
        assert_int_equal(fixture_check_deadline(f, states[i][0])->status, BL_DUE_LATE);
    }
    g_free(inc);
    g_string_free(list, TRUE);
    fixture_check_reset(f);
}

/* 45 CFR 164.412: "If a law enforcement official states to a covered entity or business
 * associate that a notification, notice, or posting required under this subpart would impede a
 * criminal investigation or cause damage to national security, a covered entity or business
 * associate shall: (a) If the statement is in writing and specifies the time for which a delay
 * is required, delay such notification, notice, or posting for the time period specified by the
 * official". "This subpart" is the letters (164.404), the media (164.406), the Secretary
 * (164.408) and a business associate's notice to the covered entity (164.410): every HIPAA
 * clock stops for the delay, not only the letters'. */
static void
test_law_enforcement_delay_stops_every_hipaa_clock(void **state)
{
    struct fixture_check *f = *state;
    /* discovered 2023-12-29; delayed in writing from 2024-01-10 to 2024-03-10 (60 days) */
    char *inc = fixture_check_incident_dated(
        f, "2023-12-29", "2024-04-15",
        "\n    <law-enforcement-delay from=\"2024-01-10\" until=\"2024-03-10\"/>");
    char *list = fixture_check_residents("CA", "Fresno", "93701", 600, "ssn");
    static const char *const notices[] = {"hhs", "media", "covered-entity"};
    char due[16];

    fixture_check_run(f, inc, LETTER, list, NULL);
    for (gsize i = 0; i < G_N_ELEMENTS(notices); i++) {
        const struct bl_obligation *o = fixture_check_obligation(
            f, "HIPAA", notices[i], strcmp(notices[i], "media") == 0 ? "CA" : NULL);

        assert_non_null(o);
        assert_true(o->triggered);
        /* 60 days after discovery is 2024-02-27; the clock stood still for 60 days */
        g_date_strftime(due, sizeof(due), "%Y-%m-%d", &o->due);
        if (strcmp(due, "2024-04-27") != 0) {
            fail_msg("HIPAA notice to %s due %s, not 2024-04-27", notices[i], due);
        }
    }
    g_date_strftime(due, sizeof(due), "%Y-%m-%d", &fixture_check_deadline(f, "HIPAA")->due);
    assert_string_equal(due, "2024-04-27");
    g_free(inc);
    /* while the delay still runs, none of them is due yet */
    inc = fixture_check_incident_dated(f, "2023-12-29", "2024-04-15",
                                       "\n    <law-enforcement-delay from=\"2024-01-10\"/>");
    fixture_check_run(f, inc, LETTER, list, NULL);
    for (gsize i = 0; i < G_N_ELEMENTS(notices); i++) {
        const struct bl_obligation *o = fixture_check_obligation(
            f, "HIPAA", notices[i], strcmp(notices[i], "media") == 0 ? "CA" : NULL);

        assert_true(o->triggered);
        assert_false(g_date_valid(&o->due));
    }
    assert_int_equal(fixture_check_deadline(f, "HIPAA")->status, BL_DUE_SUSPENDED);
    g_free(inc);
    g_free(list);
    fixture_check_reset(f);
}

/* NMSA 57-12C-8: "The provisions of the Data Breach Notification Act shall not apply to a person
 * subject to the federal Gramm-Leach-Bliley Act or the federal Health Insurance Portability and
 * Accountability Act of 1996." Tenn. Code 47-18-2107(i) (since 2016): the section does not apply
 * to persons subject to HIPAA. The Medusind example (a business associate) owed New Mexico and
 * Tennessee residents nothing under state law: no deadline, no notice, no content rule. */
static void
test_hipaa_entity_is_exempt_in_new_mexico_and_tennessee(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, NULL, NULL);
    char *list = g_strconcat(HEADER, "NM-1,Ana,Silva,1 Elm St,Santa Fe,NM,87501,ssn,sunrise\n",
                             "TN-1,Ben,Ross,2 Oak St,Nashville,TN,37203,ssn,sunrise\n", NULL);
    gboolean listed[2] = {FALSE, FALSE};

    fixture_check_run(f, inc, LETTER, list, NULL);
    assert_int_equal(fixture_check_deadline(f, "NM")->status, BL_DUE_EXEMPT);
    assert_int_equal(fixture_check_deadline(f, "TN")->status, BL_DUE_EXEMPT);
    assert_null(fixture_check_finding(f, "NM", "deadline"));
    assert_null(fixture_check_finding(f, "TN", "deadline"));
    for (guint i = 0; i < f->rep->obligations->len; i++) {
        const struct bl_obligation *o =
            &g_array_index(f->rep->obligations, struct bl_obligation, i);

        assert_true(strcmp(o->jurisdiction->code, "NM") != 0);
        assert_true(strcmp(o->jurisdiction->code, "TN") != 0);
    }
    for (guint i = 0; i < f->rep->exemptions->len; i++) {
        const struct bl_exemption_row *e = g_ptr_array_index(f->rep->exemptions, i);

        listed[0] = listed[0] || strcmp(e->jurisdiction->code, "NM") == 0;
        listed[1] = listed[1] || strcmp(e->jurisdiction->code, "TN") == 0;
    }
    assert_true(listed[0] && listed[1]);
    g_free(inc);
    /* the same breach at an organisation outside HIPAA owes both states their law */
    inc = fixture_check_incident(f, "hipaa-role=\"business-associate\"", "hipaa-role=\"none\"");
    fixture_check_run(f, inc, LETTER, list, NULL);
    assert_int_equal(fixture_check_deadline(f, "NM")->status, BL_DUE_LATE);
    assert_int_equal(fixture_check_deadline(f, "TN")->status, BL_DUE_LATE);
    g_free(inc);
    g_free(list);
    fixture_check_reset(f);
}

/* Deemed compliance needs a compliant federal notice. Paraphrased from general knowledge, not
 * quoted from the official texts (verify notes in the rules): Conn. Gen. Stat. 36a-701b(g) deems
 * a person in compliance with HIPAA and HITECH; 815 ILCS 530/50 a covered entity or business
 * associate subject to and in compliance with HIPAA; Fla. Stat. 501.171(4)(g) notice given in
 * accordance with the federal regulator's rules; Iowa Code 715C.2(7) a person who complies with
 * them. HIPAA's own deadline is 60 days after discovery (45 CFR 164.404(b): "in no case later
 * than 60 calendar days after discovery of a breach"): letters dated after it are not a compliant
 * HIPAA notice, so each of these states' own clock applies and is shown. */
static void
test_deemed_compliance_needs_a_timely_hipaa_notice(void **state)
{
    struct fixture_check *f = *state;
    const char *list = HEADER "CT-1,Ana,Silva,1 Elm St,Hartford,CT,06103,ssn,sunrise\n"
                              "FL-1,Ben,Ross,2 Oak St,Miami,FL,33131,ssn,sunrise\n"
                              "IA-1,Cy,Yu,3 Pine St,Ames,IA,50010,ssn,sunrise\n"
                              "MD-1,Di,Wu,4 Elm St,Baltimore,MD,21201,ssn,sunrise\n";
    /* discovered 2024-03-01, letters on day 50: HIPAA's 60 days met */
    char *inc = fixture_check_incident_dated(f, "2024-03-01", "2024-04-20", NULL);
    static const char *const deemed[] = {"CT", "FL", "IA", "MD"};

    fixture_check_run(f, inc, LETTER, list, NULL);
    assert_false(f->rep->hipaa_late);
    for (gsize i = 0; i < G_N_ELEMENTS(deemed); i++) {
        const struct bl_deadline_row *row = fixture_check_deadline(f, deemed[i]);

        if (row->status != BL_DUE_EXEMPT || strcmp(row->exemption->kind, "deemed") != 0) {
            fail_msg("%s: status %d, not deemed compliant", deemed[i], row->status);
        }
        assert_null(row->lost);
    }
    g_free(inc);
    /* letters on day 75: HIPAA late, and with it Connecticut (60 days), Florida (30 days) and
     * Maryland (45 days); Iowa sets no number of days */
    inc = fixture_check_incident_dated(f, "2024-03-01", "2024-05-15", NULL);
    fixture_check_run(f, inc, LETTER, list, NULL);
    assert_true(f->rep->hipaa_late);
    assert_int_equal(fixture_check_deadline(f, "HIPAA")->status, BL_DUE_LATE);
    assert_int_equal(fixture_check_deadline(f, "CT")->status, BL_DUE_LATE);
    assert_int_equal(fixture_check_deadline(f, "CT")->margin, -15);
    assert_int_equal(fixture_check_deadline(f, "FL")->status, BL_DUE_LATE);
    assert_int_equal(fixture_check_deadline(f, "MD")->status, BL_DUE_LATE);
    assert_int_equal(fixture_check_deadline(f, "IA")->status, BL_DUE_NONE);
    for (gsize i = 0; i < G_N_ELEMENTS(deemed); i++) {
        assert_non_null(fixture_check_deadline(f, deemed[i])->lost);
        assert_null(fixture_check_deadline(f, deemed[i])->exemption);
    }
    assert_non_null(
        strstr(fixture_check_finding(f, "CT", "deadline")->message, "the HIPAA letters are late"));
    {
        char *text = bl_check_format_text(f->rep);

        assert_non_null(strstr(text, "NOT MET: the HIPAA letters are late"));
        g_free(text);
    }
    g_free(inc);
    fixture_check_reset(f);
}

/* 45 CFR 164.408(c): "For breaches of unsecured protected health information involving less
 * than 500 individuals, a covered entity shall maintain a log or other documentation of such
 * breaches and, not later than 60 days after the end of each calendar year, provide the
 * notification required by paragraph (a) of this section for breaches discovered during the
 * preceding calendar year". N.Y. GBL 899-aa(9) (paraphrased from general knowledge; verify note
 * in the rules): a covered entity required to notify the Secretary of HHS under HIPAA notifies
 * the Attorney General within five business days of notifying the Secretary: for fewer than
 * 500, five business days after that yearly notice, and never for a business associate. */
static void
test_fewer_than_500_go_to_hhs_in_the_yearly_log(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident_dated(f, "2024-03-01", "2024-04-20", NULL);
    char *list = fixture_check_residents("NY", "Albany", "12207", 3, "ssn");
    const struct bl_obligation *log = NULL, *big = NULL;
    char due[16];

    fixture_replace_in_file(inc, "<affected total=\"360934\"/>", "");
    fixture_replace_in_file(inc, "hipaa-role=\"business-associate\"",
                            "hipaa-role=\"covered-entity\"");
    fixture_check_run(f, inc, LETTER, list, NULL);
    for (guint i = 0; i < f->rep->obligations->len; i++) {
        const struct bl_obligation *o =
            &g_array_index(f->rep->obligations, struct bl_obligation, i);

        if (strcmp(o->jurisdiction->code, "HIPAA") == 0 && strcmp(o->notify->to, "hhs") == 0) {
            *(o->notify->max > 0 ? &log : &big) = o;
        }
    }
    assert_non_null(log);
    assert_non_null(big);
    assert_false(big->triggered);
    assert_true(log->triggered);
    assert_string_equal(log->notify->cite.cite, "45 CFR 164.408(c)");
    g_date_strftime(due, sizeof(due), "%Y-%m-%d", &log->due);
    assert_string_equal(due, "2025-03-01"); /* 60 days after 2024-12-31 */
    /* New York's notice to the Attorney General: five business days after 2025-03-01 */
    for (guint i = 0; i < f->rep->obligations->len; i++) {
        const struct bl_obligation *o =
            &g_array_index(f->rep->obligations, struct bl_obligation, i);

        if (strcmp(o->jurisdiction->code, "NY") == 0 &&
            g_str_has_prefix(o->notify->cite.cite, "N.Y. Gen. Bus. Law 899-aa(9)")) {
            g_date_strftime(due, sizeof(due), "%Y-%m-%d", &o->due);
            assert_string_equal(due, "2025-03-07");
            log = NULL;
        }
    }
    assert_null(log); /* found */
    /* a business associate does not notify the Secretary: no 899-aa(9) notice */
    fixture_replace_in_file(inc, "hipaa-role=\"covered-entity\"",
                            "hipaa-role=\"business-associate\"");
    fixture_check_run(f, inc, LETTER, list, NULL);
    for (guint i = 0; i < f->rep->obligations->len; i++) {
        const struct bl_obligation *o =
            &g_array_index(f->rep->obligations, struct bl_obligation, i);

        assert_false(g_str_has_prefix(o->notify->cite.cite, "N.Y. Gen. Bus. Law 899-aa(9)"));
    }
    g_free(list);
    g_free(inc);
    fixture_check_reset(f);
}

/* N.Y. GBL 899-aa as amended by S2659B and its chapter amendment (signed 2025-02-14, per the
 * secondary source in the rules): the Department of Financial Services is notified by covered
 * entities under 23 NYCRR 500 only, as is the Superintendent under 23 NYCRR 500.17(a) (within 72
 * hours of determining a cybersecurity event, from 2017-03-01). The incident says so with
 * regulated-by="ny-dfs". */
static void
test_new_york_dfs_notice_only_for_its_covered_entities(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident_dated(f, "2025-06-02", "2025-06-20", NULL);
    char *list = fixture_check_residents("NY", "Albany", "12207", 2, "ssn");
    int dfs = 0;

    fixture_check_run(f, inc, LETTER, list, NULL);
    for (guint i = 0; i < f->rep->obligations->len; i++) {
        const struct bl_obligation *o =
            &g_array_index(f->rep->obligations, struct bl_obligation, i);

        dfs += o->notify->when.regulators != NULL;
    }
    assert_int_equal(dfs, 0);
    fixture_replace_in_file(inc, "<organisation ", "<organisation regulated-by=\"ny-dfs\" ");
    fixture_check_run(f, inc, LETTER, list, NULL);
    for (guint i = 0; i < f->rep->obligations->len; i++) {
        const struct bl_obligation *o =
            &g_array_index(f->rep->obligations, struct bl_obligation, i);

        if (o->notify->when.regulators != NULL) {
            dfs++;
            assert_true(o->triggered);
            assert_string_equal(o->jurisdiction->code, "NY");
        }
    }
    assert_int_equal(dfs, 2);
    g_free(list);
    g_free(inc);
    fixture_check_reset(f);
}

/* O.C.G.A. 10-1-912(a) binds any information broker or data collector that maintains
 * computerized personal information; 10-1-911(2), (3) define a data collector as a state or local
 * agency and an information broker as one that, for fees or dues, collects information about
 * individuals for the primary purpose of furnishing it to nonaffiliated third parties
 * (paraphrased from general knowledge, not quoted; verify note in the rules). A retailer is
 * neither: the incident's organisation kind decides, and without it check says the law may apply
 * instead of giving a deadline. */
static void
test_georgia_binds_information_brokers_and_data_collectors(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident_dated(f, "2025-06-02", "2025-06-20", NULL);
    const char *list = HEADER "GA-1,Ana,Silva,1 Elm St,Atlanta,GA,30303,ssn,sunrise\n";
    const char *ssn[] = {"ssn", NULL};
    struct bl_recipient *r;
    const char *why = NULL;

    fixture_replace_in_file(inc, "hipaa-role=\"business-associate\"", "hipaa-role=\"none\"");
    fixture_check_run(f, inc, LETTER, list, NULL);
    assert_int_equal(fixture_check_deadline(f, "GA")->status, BL_DUE_MAY_APPLY);
    assert_string_equal(fixture_check_deadline(f, "GA")->exemption->regime, "scope");
    r = person(f->incident, "GA", ssn);
    assert_true(bl_check_state_law(f->rep, r, NULL, NULL)); /* the insert, to be safe */
    fixture_recipient_free(r);
    fixture_replace_in_file(inc, "<organisation ", "<organisation kind=\"business\" ");
    fixture_check_run(f, inc, LETTER, list, NULL);
    assert_int_equal(fixture_check_deadline(f, "GA")->status, BL_DUE_EXEMPT);
    assert_null(fixture_check_obligation(f, "GA", "consumer-reporting-agencies", NULL));
    r = person(f->incident, "GA", ssn);
    assert_false(bl_check_state_law(f->rep, r, &why, NULL));
    assert_non_null(strstr(why, "does not bind an organisation of this kind"));
    fixture_recipient_free(r);
    fixture_replace_in_file(inc, "kind=\"business\"", "kind=\"information-broker\"");
    fixture_check_run(f, inc, LETTER, list, NULL);
    assert_int_equal(fixture_check_deadline(f, "GA")->status, BL_DUE_NONE);
    assert_non_null(fixture_check_obligation(f, "GA", "consumer-reporting-agencies", NULL));
    g_free(inc);
    fixture_check_reset(f);
}

/* A vendor that keeps the data for its owner tells the owner within 10 days of discovering the
 * breach: ORS 646A.604(2)(a) (SB 1551, 2018) and Md. Code, Com. Law 14-3504(c) (HB 962, from
 * 2022-10-01), paraphrased from general knowledge (verify notes in the rules). The incident names
 * such a vendor as a HIPAA business associate; a covered entity owes no such notice. */
static void
test_vendor_tells_the_data_owner_within_10_days(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident_dated(f, "2024-03-01", "2024-04-20", NULL);
    const char *list = HEADER "OR-1,Ana,Silva,1 Elm St,Salem,OR,97301,ssn,sunrise\n"
                              "MD-1,Ben,Ross,2 Oak St,Baltimore,MD,21201,ssn,sunrise\n";
    char due[16];

    fixture_check_run(f, inc, LETTER, list, NULL);
    for (int i = 0; i < 2; i++) {
        const struct bl_obligation *o =
            fixture_check_obligation(f, i == 0 ? "OR" : "MD", "data-owner", NULL);

        assert_non_null(o);
        assert_true(o->triggered);
        g_date_strftime(due, sizeof(due), "%Y-%m-%d", &o->due);
        assert_string_equal(due, "2024-03-11");
    }
    fixture_replace_in_file(inc, "hipaa-role=\"business-associate\"",
                            "hipaa-role=\"covered-entity\"");
    fixture_check_run(f, inc, LETTER, list, NULL);
    assert_null(fixture_check_obligation(f, "OR", "data-owner", NULL));
    assert_null(fixture_check_obligation(f, "MD", "data-owner", NULL));
    g_free(inc);
    fixture_check_reset(f);
}

/* A list much smaller than the incident, with no counts by state from the incident: the states'
 * thresholds are then counted on a sample and may be missed, which check says. */
static void
test_partial_list_without_counts_by_state_is_warned_about(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, NULL, NULL);
    const char *list = HEADER "CA-1,Ana,Silva,1 Elm St,Fresno,CA,93701,ssn,sunrise\n";
    const struct bl_finding *x;

    fixture_check_run(f, inc, LETTER, list, NULL);
    x = fixture_check_finding(f, NULL, "partial-list");
    assert_non_null(x);
    assert_int_equal(x->severity, BL_SEV_WARNING);
    assert_non_null(strstr(x->message, "360,934 people but the list has 1 row"));
    /* the list's count decides nothing: the notice reads "verify", not "no" */
    assert_true(fixture_check_obligation(f, "CA", "attorney-general", NULL)->uncertain);
    g_free(inc);
    /* counts for some states only: theirs decide, the others' read "verify" */
    inc = fixture_check_incident(
        f, "<affected total=\"360934\"/>",
        "<affected total=\"360934\"><state code=\"CA\" count=\"900\"/></affected>");
    fixture_check_run(f, inc, LETTER,
                      HEADER "CA-1,Ana,Silva,1 Elm St,Fresno,CA,93701,ssn,sunrise\n"
                             "NY-1,Ben,Ross,2 Oak St,Albany,NY,12207,ssn,sunrise\n",
                      NULL);
    x = fixture_check_finding(f, NULL, "partial-list");
    assert_non_null(x);
    assert_non_null(strstr(x->message, "add up to 900 of its 360,934 affected"));
    assert_false(fixture_check_obligation(f, "CA", "attorney-general", NULL)->uncertain);
    assert_true(fixture_check_obligation(f, "NY", "consumer-reporting-agencies", NULL)->uncertain);
    g_free(inc);
    /* no total at all: HHS's 500 (45 CFR 164.408(b) counts the whole breach) is not known, so
     * neither the yearly log nor the 60-day notice is asserted */
    inc = fixture_check_incident(f, "<affected total=\"360934\"/>", "");
    fixture_check_run(f, inc, LETTER, list, NULL);
    x = fixture_check_finding(f, NULL, "partial-list");
    assert_non_null(x);
    assert_non_null(strstr(x->message, "no total of the people affected"));
    for (guint i = 0; i < f->rep->obligations->len; i++) {
        const struct bl_obligation *o =
            &g_array_index(f->rep->obligations, struct bl_obligation, i);

        if (strcmp(o->notify->to, "hhs") == 0) {
            assert_true(o->uncertain);
        }
    }
    g_free(inc);
    inc = fixture_check_incident(f, "<affected total=\"360934\"/>", "<affected total=\"2\"/>");
    fixture_check_run(f, inc, LETTER, list, NULL);
    assert_null(fixture_check_finding(f, NULL, "partial-list"));
    assert_false(fixture_check_obligation(f, "CA", "attorney-general", NULL)->uncertain);
    g_free(inc);
    inc = fixture_check_incident(
        f, "<affected total=\"360934\"/>",
        "<affected total=\"900\"><state code=\"CA\" count=\"900\"/></affected>");
    fixture_check_run(f, inc, LETTER, list, NULL);
    assert_null(fixture_check_finding(f, NULL, "partial-list"));
    g_free(inc);
    fixture_check_reset(f);
}

/* M.G.L. c. 93H, 1: "Personal information", a resident's first name and last name or first
 * initial and last name in combination with any 1 or more of: (a) Social Security number;
 * (b) driver's license number or state-issued identification card number; or (c) financial
 * account number, or credit or debit card number ... Online credentials are not among them: a
 * resident whose only exposure is a password is owed no notice under Massachusetts law, gets no
 * Massachusetts insert, is not counted for the Massachusetts notices and is not stopped by a
 * Massachusetts rule. Nor does c. 93H, 3(b) shape that resident's letter: "said notification
 * shall not include the nature of the breach or unauthorized acquisition or use or the number
 * of residents of the commonwealth affected" binds the notice the section requires, so the
 * letter keeps the narrative and the steps taken that every other letter has. */
static void
test_massachusetts_owes_no_notice_for_credentials_alone(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, "<category id=\"contact\"/>",
                                       "<category id=\"contact\"/><category id=\"credentials\"/>");
    const char *creds[] = {"credentials", NULL}, *ssn[] = {"ssn", NULL};
    struct bl_recipient *only_creds, *with_ssn;
    struct bl_facts facts = {NULL, FALSE, bl_check_facts_state_law, NULL};
    struct bl_letter letter;
    const char *why = NULL;
    char *text;

    fixture_check_run(f, inc, LETTER,
                      HEADER "R-1,Ana,Silva,1 Elm St,Boston,MA,02118,credentials,sunrise\n"
                             "R-2,Ben,Ross,2 Oak St,Salem,MA,01970,ssn,sunrise\n"
                             "R-3,Cy,Yu,3 Pine St,Lowell,MA,01852,credentials,sunrise\n",
                      NULL);
    only_creds = person(f->incident, "MA", creds);
    with_ssn = person(f->incident, "MA", ssn);
    assert_false(bl_check_state_law(f->rep, only_creds, &why, NULL));
    assert_non_null(strstr(why, "none of the information exposed is personal information"));
    assert_true(bl_check_state_law(f->rep, with_ssn, NULL, NULL));
    assert_int_equal(GPOINTER_TO_INT(g_hash_table_lookup(f->rep->notifiable, "MA")), 1);
    /* the deadline row counts the list's residents of the state and, apart, those its law
     * owes notice: the deadline and the notices count those */
    assert_int_equal(fixture_check_deadline(f, "MA")->residents, 3);
    assert_int_equal(fixture_check_deadline(f, "MA")->owed, 1);
    assert_int_equal(fixture_check_obligation(f, "MA", "attorney-general", NULL)->count, 1);
    assert_int_equal(f->rep->coverage->len, 1);
    assert_int_equal(((struct bl_coverage_row *)g_ptr_array_index(f->rep->coverage, 0))->residents,
                     2);
    /* render's letters: the state insert only where the law requires notice */
    facts.state_law_data = f->rep;
    bl_letter_init(&letter);
    assert_int_equal(bl_bind(&letter, f->tpl, f->incident, &facts, only_creds, f->diag), 0);
    text = bl_letter_text(&letter);
    assert_null(strstr(text, "For residents of Massachusetts"));
    assert_non_null(strstr(text, "Second."));                  /* the narrative */
    assert_non_null(strstr(text, "We took systems offline.")); /* the incident's steps */
    assert_null(strstr(text, "We learned of a data security incident that may have involved"));
    g_free(text);
    assert_int_equal(bl_bind(&letter, f->tpl, f->incident, &facts, with_ssn, f->diag), 0);
    text = bl_letter_text(&letter);
    assert_non_null(strstr(text, "For residents of Massachusetts"));
    assert_null(strstr(text, "Second."));
    assert_null(strstr(text, "We took systems offline."));
    assert_non_null(strstr(text, "We learned of a data security incident that may have involved"));
    g_free(text);
    bl_letter_release(&letter);
    fixture_recipient_free(only_creds);
    fixture_recipient_free(with_ssn);
    g_free(inc);
    fixture_check_reset(f);
}

/* Each state's own definition of personal information decides whether its residents are owed
 * notice (the statutes as quoted in test_rules.c): N.J.S.A. 56:8-161 and N.C.G.S. 75-61(10)
 * name no medical or health insurance information, so a health-only breach of 2025 owes New
 * Jersey's State Police (56:8-163(c)) and North Carolina's Attorney General (75-65(e1)) nothing;
 * Iowa Code 715C.1(11) counts an online identifier only with the code to a financial account, so
 * credentials alone owe Iowans nothing; O.C.G.A. 10-1-912(a) ("unencrypted personal
 * information") and N.C.G.S. 75-61(14) ("unencrypted and unredacted records"; encrypted records
 * "along with the confidential process or key" are a breach) owe nothing for encrypted data
 * unless the key went too. */
static void
test_each_state_law_decides_who_is_owed_notice(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident_dated(f, "2025-06-02", "2025-07-01", NULL);
    const char *health[] = {"health-insurance", NULL}, *ssn[] = {"ssn", NULL};
    const char *why = NULL;
    struct bl_recipient *r;

    fixture_replace_in_file(inc, "hipaa-role=\"business-associate\"", "hipaa-role=\"none\"");
    fixture_replace_in_file(inc, "<category id=\"contact\"/>",
                            "<category id=\"contact\"/><category id=\"credentials\"/>");
    fixture_check_run(f, inc, LETTER,
                      HEADER
                      "NJ-1,Ana,Silva,1 Elm St,Newark,NJ,07102,health-insurance;contact,sunrise\n"
                      "NC-1,Ben,Ross,2 Oak St,Raleigh,NC,27601,health-insurance,sunrise\n"
                      "IA-1,Cy,Yu,3 Pine St,Ames,IA,50010,credentials;contact,sunrise\n"
                      "IA-2,Di,Wu,4 Elm St,Ames,IA,50010,ssn,sunrise\n",
                      NULL);
    assert_null(fixture_check_obligation(f, "NJ", "regulator", NULL));
    assert_null(fixture_check_obligation(f, "NC", "attorney-general", NULL));
    assert_int_equal(fixture_check_deadline(f, "NJ")->status, BL_DUE_NOT_OWED);
    assert_int_equal(fixture_check_deadline(f, "NC")->status, BL_DUE_NOT_OWED);
    assert_int_equal(GPOINTER_TO_INT(g_hash_table_lookup(f->rep->notifiable, "IA")), 1);
    r = person(f->incident, "NJ", health);
    assert_false(bl_check_state_law(f->rep, r, &why, NULL));
    assert_non_null(strstr(why, "none of the information exposed is personal information"));
    fixture_recipient_free(r);
    g_free(inc);

    /* encrypted, the key safe: Georgia and North Carolina owe nothing; the key taken: both do */
    inc = fixture_check_incident_dated(f, "2025-06-02", "2025-07-01", NULL);
    fixture_replace_in_file(inc, "hipaa-role=\"business-associate\"", "hipaa-role=\"none\"");
    fixture_replace_in_file(inc, "access=\"confirmed\"", "access=\"confirmed\" encrypted=\"true\"");
    fixture_check_run(f, inc, LETTER,
                      HEADER "GA-1,Ana,Silva,1 Elm St,Atlanta,GA,30303,ssn,sunrise\n"
                             "NC-1,Ben,Ross,2 Oak St,Raleigh,NC,27601,ssn,sunrise\n",
                      NULL);
    for (int i = 0; i < 2; i++) {
        r = person(f->incident, i == 0 ? "GA" : "NC", ssn);
        assert_false(bl_check_state_law(f->rep, r, &why, NULL));
        assert_non_null(strstr(why, "encrypted and the key was not taken"));
        fixture_recipient_free(r);
    }
    assert_null(fixture_check_obligation(f, "NC", "attorney-general", NULL));
    fixture_replace_in_file(inc, "encrypted=\"true\"", "encrypted=\"true\" key-taken=\"true\"");
    fixture_check_run(f, inc, LETTER,
                      HEADER "GA-1,Ana,Silva,1 Elm St,Atlanta,GA,30303,ssn,sunrise\n"
                             "NC-1,Ben,Ross,2 Oak St,Raleigh,NC,27601,ssn,sunrise\n",
                      NULL);
    assert_true(fixture_check_obligation(f, "NC", "attorney-general", NULL)->triggered);
    r = person(f->incident, "GA", ssn);
    assert_true(bl_check_state_law(f->rep, r, NULL, NULL));
    fixture_recipient_free(r);
    g_free(inc);
    fixture_check_reset(f);
}

/* Mandatory statements, each caught when absent and present in the shipped letter:
 * N.Y. GBL 899-aa(7): "the telephone numbers and websites of the relevant state and federal
 *   agencies that provide information regarding security breach response and identity theft
 *   prevention and protection information";
 * D.C. Code 28-3852(a-1): "the toll-free telephone numbers, addresses, and websites for ... the
 *   Office of the Attorney General for the District of Columbia";
 * N.C.G.S. 75-65(d)(7): "The toll-free numbers, addresses, and Web site addresses for the
 *   Federal Trade Commission and the North Carolina Attorney General's Office, along with a
 *   statement that the individual can obtain information from these sources about preventing
 *   identity theft" ((d)(6) is the consumer reporting agencies' numbers and addresses);
 * R.I. Gen. Laws 11-49.3-4(d)(5): "toll-free numbers and websites to contact ... the attorney
 *   general";
 * W. Va. Code 46A-2A-102(d): "a telephone number or website address that the individual may use
 *   to contact the entity ... to learn what types of information the entity maintained about
 *   that individual or about individuals in general". */
static void
test_mandatory_statements_of_ny_dc_nc_ri_wv(void **state)
{
    struct fixture_check *f = *state;
    static const char *const rules[][2] = {{"NY", "ny-agencies"},
                                           {"DC", "dc-oag"},
                                           {"NC", "nc-ag"},
                                           {"RI", "ri-ag"},
                                           {"WV", "wv-contact"}};
    const char *list = HEADER "N-1,Ana,Silva,1 Elm St,Albany,NY,12207,ssn,sunrise\n"
                              "D-1,Ben,Ross,2 Oak St,Washington,DC,20001,ssn,sunrise\n"
                              "C-1,Cy,Yu,3 Pine St,Raleigh,NC,27601,ssn,sunrise\n"
                              "R-1,Di,Wu,4 Elm St,Providence,RI,02903,ssn,sunrise\n"
                              "W-1,Ed,Li,5 Oak St,Charleston,WV,25301,ssn,sunrise\n";
    char *inc =
        fixture_check_incident(f, "hipaa-role=\"business-associate\"", "hipaa-role=\"none\"");
    char *bare =
        fixture_write(f->dir, "bare.xml",
                      "<letter title='Notice of Data Breach' languages='en'>\n"
                      "<address><line><field ref='recipient.full_name'/></line></address>\n"
                      "<body>\n<p>Call <field ref='org.phone'/>.</p>\n</body></letter>\n",
                      -1);

    fixture_check_run(f, inc, bare, list, NULL);
    for (gsize i = 0; i < G_N_ELEMENTS(rules); i++) {
        const struct bl_finding *x = fixture_check_finding(f, rules[i][0], rules[i][1]);

        if (x == NULL || x->severity != BL_SEV_ERROR) {
            fail_msg("%s: no error for the missing %s", rules[i][0], rules[i][1]);
        }
    }
    /* the Attorney General's contacts are paragraph (7) of 75-65(d), not (6) */
    assert_string_equal(fixture_check_finding(f, "NC", "nc-ag")->cite,
                        "N.C. Gen. Stat. 75-65(d)(7)");
    assert_string_equal(fixture_check_finding(f, "NC", "nc-cra")->cite,
                        "N.C. Gen. Stat. 75-65(d)(6)");
    fixture_check_run(f, inc, LETTER, list, NULL);
    for (gsize i = 0; i < G_N_ELEMENTS(rules); i++) {
        if (fixture_check_finding(f, rules[i][0], rules[i][1]) != NULL) {
            fail_msg("%s: the shipped letter fails %s: %s", rules[i][0], rules[i][1],
                     fixture_check_finding(f, rules[i][0], rules[i][1])->message);
        }
    }
    g_free(bare);
    g_free(inc);
    fixture_check_reset(f);
}

/* What the rules applied could not confirm is shown with the report, not kept silent. */
static void
test_open_verify_notes_of_applied_rules_are_reported(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, NULL, NULL);
    gboolean ca = FALSE, ma = FALSE;
    char *text;

    fixture_check_run(f, inc, LETTER,
                      HEADER "R-1,Ana,Silva,1 Elm St,Fresno,CA,93701,contact,sunrise\n"
                             "R-2,Cy,Yu,3 Pine St,Boston,MA,02118,ssn,sunrise\n",
                      NULL);
    for (guint i = 0; i < f->rep->verify->len; i++) {
        const struct bl_verify_note *v = g_ptr_array_index(f->rep->verify, i);

        ca = ca || strcmp(v->jurisdiction, "CA") == 0;
        ma = ma || (strcmp(v->jurisdiction, "MA") == 0 && strstr(v->note, "2019-04-11") != NULL);
        assert_true(strcmp(v->jurisdiction, "TX") != 0); /* no Texan in the list */
    }
    assert_true(ca && ma);
    text = bl_check_format_text(f->rep);
    assert_non_null(strstr(text, "TO VERIFY:"));
    g_free(text);
    g_free(inc);
    fixture_check_reset(f);
}

static void
test_empty_field_in_a_state_letter_is_a_finding(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, NULL, NULL);
    char *tpl = fixture_write(f->dir, "code.xml",
                              "<letter title='T' languages='en'>\n"
                              "<address><line><field ref='recipient.full_name'/></line></address>\n"
                              "<body>\n<p>Code <field ref='recipient.enrolment_code'/></p>\n"
                              "</body></letter>\n",
                              -1);
    const struct bl_finding *x;

    fixture_check_run(f, inc, tpl,
                      HEADER "R-1,Ana,Silva,1 Elm St,Albany,NY,12207,contact,sunrise\n", NULL);
    x = fixture_check_finding(f, "NY", "template-field");
    assert_non_null(x);
    assert_non_null(strstr(x->message, "field 'recipient.enrolment_code' is empty"));
    g_free(inc);
    g_free(tpl);
    fixture_check_reset(f);
}

/* A state's letters are linted with every category any resident of the group had, whatever
 * the order of the list; a finding about some data stops only the letters of people whose data
 * that was, and counts them. */
static void
test_findings_do_not_depend_on_row_order(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, "<category id=\"contact\"/>",
                                       "<category id=\"contact\"/><category id=\"credentials\"/>");
    char *bare =
        fixture_write(f->dir, "bare.xml",
                      "<letter title='Notice of Data Breach' languages='en'>\n"
                      "<address><line><field ref='recipient.full_name'/></line></address>\n"
                      "<body>\n<p>Call <field ref='org.phone'/>.</p>\n</body></letter>\n",
                      -1);
    const char *c1 = "C1,Ann,Lee,1 Elm St,Denver,CO,80202,ssn,sunrise\n";
    const char *c2 = "C2,Ben,Ross,2 Oak St,Denver,CO,80202,contact;credentials,sunrise\n";
    char *list;

    list = g_strconcat(HEADER, c1, c2, NULL);
    fixture_check_run(f, inc, bare, list, NULL);
    assert_non_null(fixture_check_finding(f, "CO", "co-credentials"));
    assert_int_equal(fixture_check_finding(f, "CO", "co-credentials")->recipients, 1);
    g_free(list);
    list = g_strconcat(HEADER, c2, c1, NULL);
    fixture_check_run(f, inc, bare, list, NULL);
    assert_non_null(fixture_check_finding(f, "CO", "co-credentials"));
    assert_int_equal(fixture_check_finding(f, "CO", "co-credentials")->recipients, 1);
    fixture_check_run(f, inc, LETTER, list, NULL);
    assert_null(fixture_check_finding(f, "CO", "co-credentials"));
    assert_int_equal(bl_check_count(f->rep, BL_SEV_ERROR), 0);
    g_free(list);
    g_free(bare);
    g_free(inc);
    fixture_check_reset(f);
}

/* Reads the list back and counts, for finding x, the valid rows it stops (bl_check_stops). */
static gint64
rows_stopped(struct fixture_check *f, const struct bl_finding *x)
{
    char *path = g_build_filename(f->dir, "list.csv", NULL);
    struct bl_source *src = NULL;
    const struct bl_record *rec;
    gint64 n = 0;

    assert_int_equal(bl_source_open(&src, path, f->incident, f->diag), 0);
    while (bl_source_next(src, &rec) > 0) {
        n += rec->status == 0 && bl_check_stops(f->rep, x, &rec->recipient);
    }
    bl_source_free(src);
    g_free(path);
    return n;
}

#define HEADER_VARIANT "id,first_name,last_name,address1,city,state,ZIP,categories,entity,variant\n"

/* Cal. Civ. Code 1798.82(d)(4): "In the case of a breach of the security of the system involving
 * personal information defined in paragraph (2) of subdivision (h) for an online account, and no
 * other personal information defined in paragraph (1) of subdivision (h), the person or business
 * MAY comply with this section by providing the security breach notification in electronic or
 * other form that directs the person whose personal information has been breached promptly to
 * change his or her password and security question or answer ...". 815 ILCS 530/10(a) says the
 * same for Illinois. A permission, not a content rule of the letter: a California letter needs no
 * password wording, and the deceased resident whose only exposure was a Social Security number
 * (the check once called that letter non-compliant, counted every Californian, and exited 5
 * while render made it) has no finding. The residents the permission is open to are counted. */
static void
test_california_and_illinois_permit_a_password_notice_they_do_not_require_it(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, "<category id=\"contact\"/>",
                                       "<category id=\"contact\"/><category id=\"credentials\"/>");
    char *bare =
        fixture_write(f->dir, "bare.xml",
                      "<letter title='Notice of Data Breach' languages='en'>\n"
                      "<address><line><field ref='recipient.full_name'/></line></address>\n"
                      "<body>\n<p>Call <field ref='org.phone'/>.</p>\n</body></letter>\n",
                      -1);
    const char *list =
        HEADER_VARIANT "R-1,Ana,Silva,1 Elm St,Fresno,CA,93701,contact;credentials,sunrise,adult\n"
                       "R-2,Ben,Ross,2 Oak St,Fresno,CA,93701,contact;credentials,sunrise,adult\n"
                       "R-3,Cy,Yu,3 Pine St,Fresno,CA,93701,ssn,sunrise,deceased\n"
                       "R-4,Di,Wu,4 Elm St,Chicago,IL,60601,credentials;ssn,sunrise,adult\n";
    gboolean ca = FALSE, il = FALSE;

    fixture_check_run(f, inc, LETTER, list, NULL);
    assert_int_equal(bl_check_count(f->rep, BL_SEV_ERROR), 0);
    for (guint i = 0; i < f->rep->alternatives->len; i++) {
        const struct bl_alternative_row *a = g_ptr_array_index(f->rep->alternatives, i);

        if (strcmp(a->jurisdiction->code, "CA") == 0) {
            assert_int_equal(a->residents, 2); /* R-3 had a Social Security number exposed */
            ca = TRUE;
        }
        il = il || strcmp(a->jurisdiction->code, "IL") == 0; /* R-4 too */
    }
    assert_true(ca);
    assert_false(il);
    /* a letter without a word about passwords breaks no California or Illinois rule */
    fixture_check_run(f, inc, bare, list, NULL);
    for (guint i = 0; i < f->rep->findings->len; i++) {
        const struct bl_finding *x = g_ptr_array_index(f->rep->findings, i);

        assert_null(strstr(x->rule, "credentials"));
    }
    g_free(bare);
    g_free(inc);
    fixture_check_reset(f);
}

/* What check says and what render does agree: every error finding counts exactly the rows whose
 * letters render refuses for it, across variants, categories and states whose law owes no
 * notice to some residents. */
static void
test_findings_counts_and_gating_agree(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, "<category id=\"contact\"/>",
                                       "<category id=\"contact\"/><category id=\"credentials\"/>");
    char *bare =
        fixture_write(f->dir, "bare.xml",
                      "<letter title='Notice of Data Breach' languages='en'>\n"
                      "<address><line><field ref='recipient.full_name'/></line></address>\n"
                      "<body>\n<p>Call <field ref='org.phone'/>.</p>\n</body></letter>\n",
                      -1);
    const char *list =
        HEADER_VARIANT "A-1,Ana,Silva,1 Elm St,Fresno,CA,93701,contact;credentials,sunrise,adult\n"
                       "A-2,Ben,Ross,2 Oak St,Fresno,CA,93701,ssn,sunrise,deceased\n"
                       "A-3,Cy,Yu,3 Pine St,Fresno,CA,93701,contact,sunrise,minor\n"
                       "B-1,Di,Wu,4 Elm St,Denver,CO,80202,credentials,sunrise,adult\n"
                       "B-2,Ed,Li,5 Oak St,Denver,CO,80202,ssn,sunrise,adult\n"
                       "B-3,Flo,Ng,6 Pine St,Denver,CO,80202,contact,sunrise,deceased\n"
                       "C-1,Gus,Ho,7 Elm St,Boston,MA,02118,credentials,sunrise,adult\n"
                       "C-2,Hal,Ito,8 Oak St,Boston,MA,02118,ssn,sunrise,adult\n"
                       "D-1,Ivy,Ma,9 Elm St,Albany,NY,12207,health-insurance,sunrise,minor\n"
                       "D-2,Jo,Ku,1 Oak St,Albany,NY,12207,ssn;credentials,sunrise,adult\n";
    const char *templates[] = {LETTER, bare};
    int errors = 0;

    fixture_replace_in_file(inc, "hipaa-role=\"business-associate\"", "hipaa-role=\"none\"");
    for (gsize t = 0; t < G_N_ELEMENTS(templates); t++) {
        fixture_check_run(f, inc, templates[t], list, NULL);
        for (guint i = 0; i < f->rep->findings->len; i++) {
            const struct bl_finding *x = g_ptr_array_index(f->rep->findings, i);

            if (x->severity != BL_SEV_ERROR) {
                continue;
            }
            errors++;
            if (rows_stopped(f, x) != x->recipients) {
                fail_msg("%s %s counts %" G_GINT64_FORMAT " recipients, stops %" G_GINT64_FORMAT,
                         x->jurisdiction, x->rule, x->recipients, rows_stopped(f, x));
            }
        }
    }
    assert_true(errors > 5); /* the bare letter breaks many rules */
    g_free(bare);
    g_free(inc);
    fixture_check_reset(f);
}

/* C.R.S. 6-1-716(2)(c): "If an investigation by the covered entity ... determines that the type
 * of personal information described in subsection (1)(g)(I)(B) [a username or e-mail address, in
 * combination with a password or security questions and answers] has been misused or is
 * reasonably likely to be misused, then the covered entity shall, in addition to the notice
 * otherwise required by this subsection (2), direct the person whose personal information has
 * been breached to promptly change his or her password and security question or answer, as
 * applicable ...". Colorado requires the direction, password and security question both. */
static void
test_colorado_requires_changing_password_and_security_question(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, "<category id=\"contact\"/>",
                                       "<category id=\"contact\"/><category id=\"credentials\"/>");
    char *pw =
        fixture_write(f->dir, "pw.xml",
                      "<letter title='Notice of Data Breach' languages='en'>\n"
                      "<address><line><field ref='recipient.full_name'/></line></address>\n"
                      "<body>\n<p>Please change the password. Call <field ref='org.phone'/>.</p>\n"
                      "</body></letter>\n",
                      -1);
    const char *list = HEADER "B-1,Di,Wu,4 Elm St,Denver,CO,80202,credentials,sunrise\n";
    const struct bl_finding *x;

    fixture_replace_in_file(inc, "hipaa-role=\"business-associate\"", "hipaa-role=\"none\"");
    fixture_check_run(f, inc, pw, list, NULL);
    x = fixture_check_finding(f, "CO", "co-credentials");
    assert_non_null(x);
    assert_int_equal(x->severity, BL_SEV_ERROR);
    assert_non_null(strstr(x->message, "security question"));
    assert_string_equal(x->cite, "C.R.S. 6-1-716(2)(c)");
    fixture_check_run(f, inc, LETTER, list, NULL);
    assert_null(fixture_check_finding(f, "CO", "co-credentials"));
    g_free(pw);
    g_free(inc);
    fixture_check_reset(f);
}

/* A service member's APO, FPO or DPO address (state AA, AE or AP, USPS Publication 28) says where
 * the letter goes, not where the person lives: the jurisdiction column gives the state of
 * residence, whose law applies. Without it the letter is made with no state's rules, and check
 * warns; a military code as the jurisdiction, or a military state with another city, is a
 * rejected row. */
static void
test_military_address_takes_the_state_of_residence(void **state)
{
    struct fixture_check *f = *state;
    char *inc =
        fixture_check_incident(f, "hipaa-role=\"business-associate\"", "hipaa-role=\"none\"");
    const struct bl_finding *x;

    fixture_check_run(
        f, inc, LETTER,
        "id,first_name,last_name,address1,city,state,ZIP,categories,entity,jurisdiction\n"
        "M-1,Ana,Silva,Unit 2050 Box 4190,APO,AP,96278-2050,ssn,sunrise,TX\n"
        "M-2,Ben,Ross,PSC 802 Box 74,FPO,AE,09499-0074,ssn,sunrise,\n"
        "M-3,Cy,Yu,PSC 802 Box 75,APO,AE,09499-0075,ssn,sunrise,AE\n"
        "M-4,Di,Wu,1 Elm St,Norfolk,AE,09499-0074,ssn,sunrise,VA\n"
        "M-5,Ed,Li,2 Oak St,Norfolk,VA,23510,ssn,sunrise,\n",
        NULL);
    assert_int_equal(f->rep->valid, 3);
    assert_int_equal(f->rep->rejected, 2);
    assert_int_equal(bl_check_residents(f->rep, "TX"), 1);
    assert_int_equal(bl_check_residents(f->rep, "VA"), 1);
    assert_int_equal(bl_check_residents(f->rep, ""), 1);
    assert_int_equal(bl_check_residents(f->rep, "AE"), 0);
    assert_non_null(fixture_check_deadline(f, "TX"));
    x = fixture_check_finding(f, NULL, "military-residence");
    assert_non_null(x);
    assert_int_equal(x->severity, BL_SEV_WARNING);
    assert_int_equal(x->recipients, 1);
    assert_non_null(strstr(x->message, "'jurisdiction' column"));
    assert_non_null(strstr(f->rep->rejected_kinds, "military mail code"));
    assert_non_null(strstr(f->rep->rejected_kinds, "APO, FPO or DPO"));
    g_free(inc);
    fixture_check_reset(f);
}

/* 9 GCA 48-30 (Guam) and 14 V.I.C. 2208 (U.S. Virgin Islands). Their official texts were not
 * available here: this paraphrases them from general knowledge, not quotes them, and each rule
 * carries a verify note. Guam: an individual or entity owning or licensing computerized personal
 * information discloses a breach to any resident of Guam whose unencrypted and unredacted
 * personal information was, or is reasonably believed to have been, accessed and acquired and
 * that causes or is reasonably believed to cause identity theft or other fraud. Virgin Islands:
 * the disclosure is made in the most expedient time possible and without unreasonable delay,
 * consistent with the legitimate needs of law enforcement. Residents of Guam and the Virgin
 * Islands are owed notice of a Social Security number, not of health information alone. */
static void
test_guam_and_virgin_islands_have_their_laws(void **state)
{
    struct fixture_check *f = *state;
    char *inc =
        fixture_check_incident(f, "hipaa-role=\"business-associate\"", "hipaa-role=\"none\"");

    fixture_check_run(f, inc, LETTER,
                      HEADER
                      "G-1,Ana,Cruz,1 Marine Corps Dr,Hagatna,GU,96910,ssn,sunrise\n"
                      "G-2,Ben,Cruz,2 Marine Corps Dr,Hagatna,GU,96910,health-insurance,sunrise\n"
                      "V-1,Cy,Hodge,3 Main St,Charlotte Amalie,VI,00802,ssn,sunrise\n",
                      NULL);
    assert_null(fixture_check_finding(f, "GU", "no-rules"));
    assert_null(fixture_check_finding(f, "VI", "no-rules"));
    assert_int_equal(fixture_check_deadline(f, "GU")->status, BL_DUE_NONE);
    assert_int_equal(fixture_check_deadline(f, "GU")->residents, 2);
    assert_int_equal(fixture_check_deadline(f, "GU")->owed, 1);
    assert_int_equal(fixture_check_deadline(f, "VI")->owed, 1);
    assert_non_null(strstr(fixture_check_deadline(f, "VI")->rule->cite.cite, "14 V.I.C. 2208"));
    assert_non_null(strstr(fixture_check_deadline(f, "GU")->rule->cite.cite, "9 GCA 48-30"));
    g_free(inc);
    fixture_check_reset(f);
}

/* The thresholds of the notices count the residents the incident gives per state when the list
 * at hand is a part of those notified (a shard, a second mailing): one Californian in this list
 * of the 1,200 the incident names triggers California's notice to the Attorney General ("more
 * than 500 California residents", Cal. Civ. Code 1798.82(f)); a state the list lacks still has
 * its notices and HIPAA's media notice (45 CFR 164.406: "more than 500 residents of a State");
 * a list with more residents than the incident gives counts the list's, and says so. */
static void
test_thresholds_count_the_incident_residents_by_state(void **state)
{
    struct fixture_check *f = *state;
    char *inc =
        fixture_check_incident(f, "<affected total=\"360934\"/>",
                               "<affected total=\"360934\"><state code=\"CA\" count=\"1200\"/>"
                               "<state code=\"NY\" count=\"6000\"/><state code=\"TX\" "
                               "count=\"1\"/></affected>");
    const struct bl_obligation *o;
    struct bl_incident *bad = NULL;
    char *path;

    fixture_check_run(f, inc, LETTER,
                      HEADER "R-1,Ana,Silva,1 Elm St,Fresno,CA,93701,ssn,sunrise\n"
                             "R-2,Ben,Ross,2 Oak St,Austin,TX,78701,ssn,sunrise\n"
                             "R-3,Cy,Yu,3 Pine St,Austin,TX,78701,ssn,sunrise\n",
                      NULL);
    o = fixture_check_obligation(f, "CA", "attorney-general", NULL);
    assert_non_null(o);
    assert_int_equal(o->count, 1200);
    assert_int_equal(o->source, BL_FROM_INCIDENT);
    assert_int_equal(o->listed, 1);
    assert_true(o->triggered);
    /* New York: no one in this list; the incident's 6,000 owe the CRA notice (more than 5,000)
     * and HIPAA's media notice in New York */
    o = fixture_check_obligation(f, "NY", "consumer-reporting-agencies", NULL);
    assert_non_null(o);
    assert_true(o->triggered);
    assert_null(fixture_check_deadline(f, "NY"));
    o = fixture_check_obligation(f, "HIPAA", "media", "NY");
    assert_non_null(o);
    assert_true(o->triggered);
    assert_int_equal(o->count, 6000);
    /* Texas: the list's 2 are more than the incident's 1 */
    o = fixture_check_obligation(f, "TX", "attorney-general", NULL);
    assert_int_equal(o->count, 2);
    assert_int_equal(o->source, BL_FROM_LIST);
    assert_non_null(fixture_check_finding(f, "TX", "affected-count"));
    /* without the incident's counts the list's are used */
    g_free(inc);
    inc = fixture_check_incident(f, NULL, NULL);
    fixture_check_run(f, inc, LETTER, HEADER "R-1,Ana,Silva,1 Elm St,Fresno,CA,93701,ssn,sunrise\n",
                      NULL);
    o = fixture_check_obligation(f, "CA", "attorney-general", NULL);
    assert_int_equal(o->count, 1);
    assert_int_equal(o->source, BL_FROM_LIST);
    assert_false(o->triggered);
    /* a code that is no state, or a state given twice, is refused with its line */
    g_free(inc);
    inc = fixture_check_incident(f, "<affected total=\"360934\"/>",
                                 "<affected total=\"360934\"><state code=\"XX\" count=\"1\"/>"
                                 "<state code=\"CA\" count=\"1\"/><state code=\"CA\" count=\"2\"/>"
                                 "</affected>");
    bl_diag_clear(f->diag);
    assert_int_equal(bl_incident_load(&bad, inc, SCHEMA, VOCAB, f->diag), -1);
    assert_non_null(strstr(bl_diag_text(f->diag), "<state> code 'XX' is not a USPS code"));
    assert_non_null(strstr(bl_diag_text(f->diag), "<affected> gives state 'CA' twice"));
    path = fixture_check_incident(
        f, "<affected total=\"360934\"/>",
        "<affected total=\"10\"><state code=\"CA\" count=\"11\"/></affected>");
    bl_diag_clear(f->diag);
    assert_int_equal(bl_incident_load(&bad, path, SCHEMA, VOCAB, f->diag), -1);
    assert_non_null(strstr(bl_diag_text(f->diag), "add up to 11, more than its total 10"));
    g_free(path);
    g_free(inc);
    fixture_check_reset(f);
}

/* The check's table of duplicates, which the workers of render use, has the ids that came
 * before (the same text, whatever its Unicode form) and, as minus the first's line, the ids
 * that came before in another case: two people, whose letters get names of their own. */
static void
test_duplicates_and_ids_in_another_case_are_in_the_table(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, NULL, NULL);

    fixture_check_run(f, inc, LETTER,
                      HEADER "ABC-1,Ana,Silva,1 Elm St,Albany,NY,12207,contact,sunrise\n"
                             "Jos\xC3\xA9,Ben,Ross,2 Oak St,Albany,NY,12207,contact,sunrise\n"
                             "abc-1,Cy,Yu,3 Pine St,Albany,NY,12207,contact,sunrise\n"
                             "JOSE\xCC\x81,Di,Lee,4 Elm St,Albany,NY,12207,contact,sunrise\n"
                             "Jose\xCC\x81,Ed,Ray,5 Elm St,Albany,NY,12207,contact,sunrise\n",
                      NULL);
    assert_int_equal(f->rep->rows, 5);
    assert_int_equal(f->rep->valid, 4);
    assert_int_equal(f->rep->rejected, 1);
    assert_int_equal(g_hash_table_size(f->rep->duplicates), 3);
    assert_int_equal(GPOINTER_TO_INT(g_hash_table_lookup(f->rep->duplicates, GINT_TO_POINTER(4))),
                     -2);
    assert_int_equal(GPOINTER_TO_INT(g_hash_table_lookup(f->rep->duplicates, GINT_TO_POINTER(5))),
                     -3);
    assert_int_equal(GPOINTER_TO_INT(g_hash_table_lookup(f->rep->duplicates, GINT_TO_POINTER(6))),
                     3);
    g_free(inc);
    fixture_check_reset(f);
}

static void
test_json_report_parses_and_says_compliant(void **state)
{
    struct fixture_check *f = *state;
    char *inc = fixture_check_incident(f, NULL, NULL);
    JsonParser *parser = json_parser_new();
    JsonObject *root;
    char *json;

    fixture_check_run(f, inc, LETTER,
                      HEADER "R-1,Ana,Silva,1 Elm St,Albany,NY,12207,contact,sunrise\n", NULL);
    json = bl_check_format_json(f->rep);
    assert_true(json_parser_load_from_data(parser, json, -1, NULL));
    root = json_node_get_object(json_parser_get_root(parser));
    assert_true(json_object_get_boolean_member(root, "compliant"));
    assert_int_equal(json_object_get_int_member(root, "valid"), 1);
    assert_int_equal(
        json_object_get_int_member(json_object_get_object_member(root, "residents"), "NY"), 1);
    assert_true(json_array_get_length(json_object_get_array_member(root, "deadlines")) >= 2);
    g_object_unref(parser);
    g_free(json);
    g_free(inc);
    fixture_check_reset(f);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_monitoring_minimum_stops_only_the_letters_it_concerns),
        cmocka_unit_test(test_massachusetts_letter_must_not_state_the_count),
        cmocka_unit_test(test_california_title_headings_are_required),
        cmocka_unit_test(test_stale_contact_in_template_is_flagged_with_its_line),
        cmocka_unit_test(test_old_data_files_are_warned_about),
        cmocka_unit_test(test_deadlines_are_dated_and_flagged),
        cmocka_unit_test(test_counts_trigger_the_notices_of_their_thresholds),
        cmocka_unit_test(test_total_affected_counts_in_64_bits),
        cmocka_unit_test(test_oklahoma_attorney_general_notice_only_from_2026),
        cmocka_unit_test(test_law_enforcement_delay_stops_the_clocks_that_allow_it),
        cmocka_unit_test(test_law_enforcement_delay_stops_every_hipaa_clock),
        cmocka_unit_test(test_deemed_compliance_needs_a_timely_hipaa_notice),
        cmocka_unit_test(test_fewer_than_500_go_to_hhs_in_the_yearly_log),
        cmocka_unit_test(test_new_york_dfs_notice_only_for_its_covered_entities),
        cmocka_unit_test(test_georgia_binds_information_brokers_and_data_collectors),
        cmocka_unit_test(test_partial_list_without_counts_by_state_is_warned_about),
        cmocka_unit_test(test_vendor_tells_the_data_owner_within_10_days),
        cmocka_unit_test(test_hipaa_entity_is_exempt_in_new_mexico_and_tennessee),
        cmocka_unit_test(test_massachusetts_owes_no_notice_for_credentials_alone),
        cmocka_unit_test(test_each_state_law_decides_who_is_owed_notice),
        cmocka_unit_test(test_mandatory_statements_of_ny_dc_nc_ri_wv),
        cmocka_unit_test(test_open_verify_notes_of_applied_rules_are_reported),
        cmocka_unit_test(test_empty_field_in_a_state_letter_is_a_finding),
        cmocka_unit_test(test_findings_do_not_depend_on_row_order),
        cmocka_unit_test(
            test_california_and_illinois_permit_a_password_notice_they_do_not_require_it),
        cmocka_unit_test(test_findings_counts_and_gating_agree),
        cmocka_unit_test(test_colorado_requires_changing_password_and_security_question),
        cmocka_unit_test(test_military_address_takes_the_state_of_residence),
        cmocka_unit_test(test_guam_and_virgin_islands_have_their_laws),
        cmocka_unit_test(test_thresholds_count_the_incident_residents_by_state),
        cmocka_unit_test(test_duplicates_and_ids_in_another_case_are_in_the_table),
        cmocka_unit_test(test_json_report_parses_and_says_compliant),
    };

    return cmocka_run_group_tests(tests, fixture_check_setup, fixture_check_teardown);
}

/* SPDX-License-Identifier: MIT */
/* The pagination property, over real letters: every letter of every shipped example incident
 * (examples/NAME/incident.xml with its recipients.csv) and of the test incidents of
 * tests/data/pagination/ (a credential-only and a payment-card breach), and for each of those
 * incidents a sample person in every jurisdiction the template names, as an adult, a minor and
 * a deceased person, and one exposed to each category alone, and the incident's specimen,
 * substitute and media notices, is bound, laid out and audited (paginate.h). Any finding fails the
 * test, naming the incident, the letter and the page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bind.h"
#include "check.h"
#include "layout.h"
#include "paginate.h"
#include "session.h"
#include "source.h"
#include "template.h"

/* Whether the letters are laid out in large print (layout.h). */
static gboolean large_print;

struct tally {
    int letters;
    int findings;
    GString *report;
};

/* Lays out one bound letter and adds its findings to the tally, named by who. */
static void
audit_letter(struct bl_session *ses, struct bl_letter *letter, const char *incident,
             const char *who, struct tally *t)
{
    struct bl_doc *doc = NULL;
    GArray *findings;

    bl_diag_clear(ses->quiet);
    if (bl_layout(&doc, letter, ses->fonts, ses->quiet) < 0) {
        g_string_append_printf(t->report, "%s, %s: not laid out: %s\n", incident, who,
                               bl_diag_last_message(ses->quiet));
        t->findings++;
        return;
    }
    t->letters++;
    findings = bl_doc_audit(doc);
    for (guint i = 0; i < findings->len; i++) {
        char *text =
            bl_audit_finding_text(doc, &g_array_index(findings, struct bl_audit_finding, i));

        g_string_append_printf(t->report, "%s, %s (%d pages): %s\n", incident, who,
                               bl_doc_page_count(doc), text);
        g_free(text);
    }
    t->findings += (int)findings->len;
    g_array_unref(findings);
    bl_doc_free(doc);
}

static void
bind_and_audit(struct bl_session *ses, const struct bl_facts *facts, struct bl_letter *letter,
               const struct bl_recipient *r, const char *incident, const char *who, struct tally *t)
{
    bl_diag_clear(ses->quiet);
    if (bl_bind(letter, ses->tpl, ses->incident, facts, r, ses->quiet) < 0) {
        g_string_append_printf(t->report, "%s, %s: not bound: %s\n", incident, who,
                               bl_diag_last_message(ses->quiet));
        t->findings++;
        return;
    }
    letter->large_print = large_print;
    audit_letter(ses, letter, incident, who, t);
}

/* A sample person of the incident in jurisdiction j, of the given variant, exposed to every
 * category of the incident, or to category ix alone (ix >= 0). */
static void
audit_sample(struct bl_session *ses, const struct bl_facts *facts, struct bl_letter *letter,
             const char *j, enum bl_variant variant, int ix, const char *incident, struct tally *t)
{
    struct bl_entity entity = {0};
    struct bl_recipient *r = bl_session_placeholder(ses->incident, j, &entity);
    char *who;

    r->variant = variant;
    if (ix >= 0) {
        g_array_set_size(r->categories, 0);
        g_array_append_val(r->categories, ix);
    }
    who = ix >= 0 ? g_strdup_printf("sample %s %s exposed to category %d alone", j,
                                    bl_variant_name(variant), ix)
                  : g_strdup_printf("sample %s %s", j, bl_variant_name(variant));
    bind_and_audit(ses, facts, letter, r, incident, who, t);
    g_free(who);
    bl_recipient_free(r);
}

/* The incident's specimen letter (a sample person in no jurisdiction) and its substitute and
 * media notices. */
static void
audit_notices(const char *incident, const char *shown, struct tally *t)
{
    static const char *const files[] = {NULL, "substitute.xml", "media.xml"};

    for (gsize i = 0; i < G_N_ELEMENTS(files); i++) {
        struct bl_session ses;
        struct bl_letter letter;
        struct bl_entity entity = {0};
        struct bl_recipient *r;
        struct bl_diag *diag = bl_diag_new(NULL);

        bl_session_init(&ses, diag);
        bl_letter_init(&letter);
        if (bl_session_load(&ses, incident, NULL, BL_DATADIR, files[i], FALSE) != BL_EXIT_OK ||
            bl_session_fonts(&ses, BL_DATADIR) != BL_EXIT_OK) {
            fail_msg("%s: cannot be loaded with %s: %s", shown, files[i], bl_diag_text(diag));
        }
        r = bl_session_placeholder(ses.incident, NULL, &entity);
        bind_and_audit(&ses, NULL, &letter, r, shown, files[i] != NULL ? files[i] : "specimen", t);
        bl_recipient_free(r);
        bl_letter_release(&letter);
        bl_session_release(&ses);
        bl_diag_free(diag);
    }
}

/* Every letter of one incident: its list's and the samples'. */
static void
audit_incident(const char *dir, struct tally *t)
{
    char *incident = g_build_filename(dir, "incident.xml", NULL);
    char *list = g_build_filename(dir, "recipients.csv", NULL);
    const char *shown = strstr(dir, "examples/") != NULL ? strstr(dir, "examples/")
                        : strstr(dir, "tests/") != NULL  ? strstr(dir, "tests/")
                                                         : dir;
    struct bl_session ses;
    struct bl_letter letter;
    struct bl_facts facts = {NULL, FALSE, NULL, NULL};
    struct bl_source *src = NULL;
    const struct bl_record *rec;
    static const enum bl_variant variants[] = {BL_VARIANT_ADULT, BL_VARIANT_MINOR,
                                               BL_VARIANT_DECEASED};
    int before = t->letters;
    struct bl_diag *diag = bl_diag_new(NULL);

    bl_session_init(&ses, diag);
    bl_letter_init(&letter);
    if (bl_session_load(&ses, incident, list, BL_DATADIR, NULL, FALSE) != BL_EXIT_OK ||
        bl_session_fonts(&ses, BL_DATADIR) != BL_EXIT_OK ||
        bl_session_check(&ses, list, ses.quiet) < 0 ||
        bl_source_open(&src, list, ses.incident, ses.quiet) < 0) {
        fail_msg("%s: cannot be loaded: %s", shown, bl_diag_last_message(ses.quiet));
    }
    facts.residents = ses.check->residents;
    facts.state_law = bl_check_facts_state_law;
    facts.state_law_data = ses.check;
    while (bl_source_next(src, &rec) > 0) {
        if (rec->status == 0) {
            bind_and_audit(&ses, &facts, &letter, &rec->recipient, shown, rec->row_id, t);
        }
    }
    /* every jurisdiction the template has words of its own for, and one it has none for */
    for (char a = 'A'; a <= 'Z'; a++) {
        for (char b = 'A'; b <= 'Z'; b++) {
            char j[3] = {a, b, '\0'};

            if (!bl_template_names_jurisdiction(ses.tpl, j) && strcmp(j, "TX") != 0) {
                continue;
            }
            for (gsize v = 0; v < G_N_ELEMENTS(variants); v++) {
                audit_sample(&ses, &facts, &letter, j, variants[v], -1, shown, t);
            }
        }
    }
    for (guint ix = 0; ix < ses.incident->categories->len; ix++) {
        for (gsize v = 0; v < G_N_ELEMENTS(variants); v++) {
            audit_sample(&ses, &facts, &letter, "MA", variants[v], (int)ix, shown, t);
        }
    }
    audit_notices(incident, shown, t);
    assert_true(t->letters - before > 50); /* the list, the samples and notices were laid out */
    bl_source_free(src);
    bl_letter_release(&letter);
    bl_session_release(&ses);
    bl_diag_free(diag);
    g_free(incident);
    g_free(list);
}

/* The folders under parent that hold an incident.xml and a recipients.csv. */
static GPtrArray *
incident_dirs(const char *parent)
{
    GPtrArray *dirs = g_ptr_array_new_with_free_func(g_free);
    GDir *d = g_dir_open(parent, 0, NULL);
    const char *name;

    assert_non_null(d);
    while ((name = g_dir_read_name(d)) != NULL) {
        char *dir = g_build_filename(parent, name, NULL);
        char *incident = g_build_filename(dir, "incident.xml", NULL);
        char *list = g_build_filename(dir, "recipients.csv", NULL);

        if (g_file_test(incident, G_FILE_TEST_IS_REGULAR) &&
            g_file_test(list, G_FILE_TEST_IS_REGULAR)) {
            g_ptr_array_add(dirs, dir);
            dir = NULL;
        }
        g_free(dir);
        g_free(incident);
        g_free(list);
    }
    g_dir_close(d);
    g_ptr_array_sort(dirs, (GCompareFunc)g_strcmp0);
    return dirs;
}

static void
audit_all_under(const char *parent, guint at_least)
{
    GPtrArray *dirs = incident_dirs(parent);
    struct tally t = {0, 0, g_string_new(NULL)};

    assert_true(dirs->len >= at_least);
    for (guint i = 0; i < dirs->len; i++) {
        audit_incident(g_ptr_array_index(dirs, i), &t);
    }
    print_message("%d letters of %u incidents under %s laid out and audited\n", t.letters,
                  dirs->len, parent);
    if (t.findings > 0) {
        fail_msg("%d finding%s in %d letters:\n%s", t.findings, t.findings == 1 ? "" : "s",
                 t.letters, t.report->str);
    }
    g_string_free(t.report, TRUE);
    g_ptr_array_unref(dirs);
}

/* Every shipped example's letters are set as a typesetter would set them. */
static void
test_examples_paginate_cleanly(void **state)
{
    (void)state;
    audit_all_under(BL_DATADIR "/examples", 2);
}

/* So are a credential-only and a payment-card breach's, whose letters are shorter and whose
 * advice differs. */
static void
test_other_kinds_of_breach_paginate_cleanly(void **state)
{
    (void)state;
    audit_all_under(BL_TEST_DATA "/pagination", 2);
}

/* And in large print, at 18 pt: more pages, the same rules. */
static void
test_examples_paginate_cleanly_in_large_print(void **state)
{
    (void)state;
    large_print = TRUE;
    audit_all_under(BL_DATADIR "/examples", 2);
    audit_all_under(BL_TEST_DATA "/pagination", 2);
    large_print = FALSE;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_examples_paginate_cleanly),
        cmocka_unit_test(test_other_kinds_of_breach_paginate_cleanly),
        cmocka_unit_test(test_examples_paginate_cleanly_in_large_print),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/* Unit tests of incident_form.c: every shipped example read into the form and written back
 * states the same facts; a new incident built field by field; problems told beside their
 * fields in the officer's words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <string.h>

#include "bl_test.h"
#include "incident.h"
#include "incident_form.h"
#include "xml.h"

static void
add_date(GString *s, const char *name, const GDate *d)
{
    char buf[16] = "-";

    if (g_date_valid(d)) {
        g_date_strftime(buf, sizeof(buf), "%Y-%m-%d", d);
    }
    g_string_append_printf(s, "%s=%s\n", name, buf);
}

#define S(x) ((x) != NULL ? (x) : "(null)")

/* Every fact of the model, as text to compare. */
static char *
facts(const struct bl_incident *inc)
{
    GString *s = g_string_new(NULL);
    GList *keys;

    g_string_append_printf(s, "%s %s %s\n", inc->id, inc->template_name, S(inc->language));
    g_string_append_printf(s, "%s|%s|%s|%s|%s|%s|%s|%s|%s\n", inc->org.name, inc->org.short_name,
                           S(inc->org.description), S(inc->org.address.line1),
                           S(inc->org.address.line2), S(inc->org.address.city),
                           S(inc->org.address.state), S(inc->org.address.postal_code),
                           S(inc->org.address.country));
    g_string_append_printf(s, "%s %d %s|%s|%s|%s|%s\n", inc->org.phone, inc->org.phone_toll_free,
                           S(inc->org.phone_hours), S(inc->org.website), S(inc->org.email),
                           S(inc->org.signatory_name), S(inc->org.signatory_title));
    g_string_append_printf(s, "logo=%s sig=%s role=%s glba=%d kind=%s\n",
                           inc->org.logo != NULL ? strrchr(inc->org.logo, '/') : "-",
                           inc->org.signature != NULL ? strrchr(inc->org.signature, '/') : "-",
                           S(inc->org.hipaa_role), inc->org.glba, S(inc->org.kind));
    for (size_t i = 0; inc->org.regulated_by[i] != NULL; i++) {
        g_string_append_printf(s, "regulator %s\n", inc->org.regulated_by[i]);
    }
    add_date(s, "from", &inc->occurred_from);
    add_date(s, "to", &inc->occurred_to);
    add_date(s, "discovered", &inc->discovered);
    add_date(s, "contained", &inc->contained);
    add_date(s, "notice", &inc->notice);
    add_date(s, "determined", &inc->determined);
    add_date(s, "hhs", &inc->hhs_notice);
    add_date(s, "delay_from", &inc->delay_from);
    add_date(s, "delay_until", &inc->delay_until);
    g_string_append_printf(s, "delay=%d vector=%s access=%d enc=%d key=%d harm=%d\n",
                           inc->law_enforcement_delay, inc->vector, inc->access, inc->encrypted,
                           inc->key_taken, inc->harm_unlikely);
    for (guint i = 0; i < inc->narrative->len; i++) {
        g_string_append_printf(s, "p %s\n", (char *)g_ptr_array_index(inc->narrative, i));
    }
    for (guint i = 0; i < inc->categories->len; i++) {
        const struct bl_category *c = g_ptr_array_index(inc->categories, i);
        g_string_append_printf(s, "cat %s %s\n", c->id, c->label);
    }
    for (guint i = 0; i < inc->actions->len; i++) {
        g_string_append_printf(s, "action %s\n", (char *)g_ptr_array_index(inc->actions, i));
    }
    g_string_append_printf(s, "monitoring %d %s %s %s %d %s %s %s %s\n", inc->monitoring.offered,
                           S(inc->monitoring.provider), S(inc->monitoring.product),
                           S(inc->monitoring.services), inc->monitoring.months,
                           S(inc->monitoring.url), S(inc->monitoring.phone),
                           S(inc->monitoring.phone_hours), S(inc->monitoring.engagement));
    add_date(s, "enrol_by", &inc->monitoring.enrol_by);
    for (guint i = 0; i < inc->entities->len; i++) {
        const struct bl_entity *e = g_ptr_array_index(inc->entities, i);
        g_string_append_printf(s, "entity %s %s %s\n", e->id, e->name, e->relationship);
    }
    keys = g_list_sort(g_hash_table_get_keys(inc->columns), (GCompareFunc)strcmp);
    for (GList *k = keys; k != NULL; k = k->next) {
        g_string_append_printf(s, "column %s=%s\n", (char *)k->data,
                               (char *)g_hash_table_lookup(inc->columns, k->data));
    }
    g_list_free(keys);
    for (guint i = 0; i < inc->custom_fields->len; i++) {
        const struct bl_custom_field *f = g_ptr_array_index(inc->custom_fields, i);
        g_string_append_printf(s, "field %s %s %s %d %d %d\n", f->name, f->column, f->label,
                               f->kind, f->required, f->personal);
    }
    g_string_append_printf(s, "total %" G_GINT64_FORMAT "\n", inc->total_affected);
    keys = g_list_sort(g_hash_table_get_keys(inc->affected_by_state), (GCompareFunc)strcmp);
    for (GList *k = keys; k != NULL; k = k->next) {
        g_string_append_printf(s, "state %s %" G_GINT64_FORMAT "\n", (char *)k->data,
                               *(gint64 *)g_hash_table_lookup(inc->affected_by_state, k->data));
    }
    g_list_free(keys);
    g_string_append_printf(s, "mailing %s %s %s %" G_GUINT64_FORMAT "\n", S(inc->mailing.mailer_id),
                           S(inc->mailing.service_type), S(inc->mailing.barcode_id),
                           inc->mailing.serial_start);
    return g_string_free(s, FALSE);
}

static char *
load_facts(const char *path)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_incident *inc = NULL;
    char *res;

    if (bl_incident_load(&inc, path, SCHEMA, VOCAB, diag) < 0) {
        fail_msg("%s", bl_diag_text(diag));
    }
    res = facts(inc);
    bl_incident_free(inc);
    bl_diag_free(diag);
    return res;
}

/* Copies the example's pictures beside where its rewritten incident goes. */
static void
copy_pictures(const char *from, const char *to)
{
    GDir *d = g_dir_open(from, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
        if (g_str_has_suffix(name, ".png")) {
            char *src = g_build_filename(from, name, NULL);
            gsize len;
            char *data = fixture_read(src, &len);
            g_free(fixture_write(to, name, data, (gssize)len));
            g_free(data);
            g_free(src);
        }
    }
    if (d != NULL) {
        g_dir_close(d);
    }
}

static void
test_every_example_round_trips_to_the_same_facts(void **state)
{
    const char *examples[] = {"medusind-2023", "mednax-2020", "kestrel-2025", "tamarack-2025"};
    char *dir = fixture_tmpdir("form");

    for (size_t i = 0; i < G_N_ELEMENTS(examples); i++) {
        char *exdir = g_build_filename(BL_DATADIR, "examples", examples[i], NULL);
        char *path = g_build_filename(exdir, "incident.xml", NULL);
        struct bl_diag *diag = bl_diag_new(NULL);
        struct bl_incident_form *form = NULL;
        char *xml, *copy, *want, *got;
        GPtrArray *problems;

        assert_int_equal(bl_incident_form_read(&form, path, diag), 0);
        xml = bl_incident_form_to_xml(form);
        copy_pictures(exdir, dir);
        copy = fixture_write(dir, "incident.xml", xml, -1);
        want = load_facts(path);
        got = load_facts(copy);
        assert_string_equal(got, want);
        /* a valid incident has no problems to show */
        problems = bl_incident_form_problems(form, copy, SCHEMA, VOCAB);
        assert_int_equal(problems->len, 0);
        g_ptr_array_unref(problems);
        /* and reading the written file gives the same form */
        {
            struct bl_incident_form *again = NULL;
            size_t n;
            const struct bl_form_field *fs = bl_incident_form_fields(&n);
            assert_int_equal(bl_incident_form_read(&again, copy, diag), 0);
            for (size_t k = 0; k < n; k++) {
                assert_string_equal(bl_incident_form_get(again, fs[k].key),
                                    bl_incident_form_get(form, fs[k].key));
            }
            bl_incident_form_free(again);
        }
        g_free(want);
        g_free(got);
        g_free(copy);
        g_free(xml);
        bl_incident_form_free(form);
        bl_diag_free(diag);
        g_free(path);
        g_free(exdir);
    }
    fixture_rmdir(dir);
    g_free(dir);
}

static void
test_fields_have_labels_help_and_a_group(void **state)
{
    size_t n;
    const struct bl_form_field *fs = bl_incident_form_fields(&n);

    assert_true(n > 50);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(fs[i].label);
        assert_true(strlen(fs[i].help) > 10);
        assert_non_null(fs[i].group);
        assert_ptr_equal(bl_incident_form_field(fs[i].key), &fs[i]);
        assert_true((fs[i].kind == BL_FORM_LINES) == (fs[i].parts != NULL));
        assert_true((fs[i].kind == BL_FORM_CHOICE) == (fs[i].choices != NULL));
    }
    assert_null(bl_incident_form_field("org.fone"));
}

static void
test_new_form_tells_every_required_field_empty(void **state)
{
    struct bl_incident_form *form = bl_incident_form_new();
    GPtrArray *problems = bl_incident_form_problems(form, "/nonexistent", SCHEMA, VOCAB);
    gboolean line1 = FALSE, offer = FALSE;

    for (guint i = 0; i < problems->len; i++) {
        const struct bl_form_problem *p = g_ptr_array_index(problems, i);
        assert_non_null(p->key);
        if (strcmp(p->key, "org.address.line1") == 0) {
            assert_string_equal(p->message, "Organisation › Address line 1: fill this in");
            line1 = TRUE;
        }
        if (strcmp(p->key, "monitoring.none") == 0) {
            offer = TRUE;
        }
    }
    assert_true(line1);
    assert_true(offer);
    g_ptr_array_unref(problems);
    bl_incident_form_free(form);
}

/* A form filled in by hand, as an officer's browser sends it. */
static struct bl_incident_form *
small_form(void)
{
    struct bl_incident_form *form = bl_incident_form_new();
    static const char *const values[][2] = {
        {"incident.id", "acme-2026"},
        {"incident.template", "us-notice"},
        {"org.name", "Smith & Jones <Dental>"},
        {"org.address.line1", "1 Main St"},
        {"org.address.city", "Springfield"},
        {"org.phone", "1-800-555-0100"},
        {"org.phone_toll_free", "true"},
        {"org.signatory.name", "Pat Doe"},
        {"incident.occurred_from", "2026-01-02"},
        {"incident.discovered", "2026-01-03"},
        {"incident.notice", "2026-02-01"},
        {"incident.vector", "theft"},
        {"incident.access", "not-confirmed"},
        {"incident.narrative", "A laptop was stolen.\r\n\r\nIt was locked | encrypted."},
        {"incident.categories", "ssn\r\nhealth-insurance | your plan's member number"},
        {"incident.actions", "We reported the theft to the police."},
        {"monitoring.none", "true"},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(values); i++) {
        assert_int_equal(bl_incident_form_set(form, values[i][0], values[i][1]), 0);
    }
    return form;
}

static void
test_new_incident_from_fields_loads(void **state)
{
    struct bl_incident_form *form = small_form();
    char *dir = fixture_tmpdir("form-new");
    char *xml = bl_incident_form_to_xml(form);
    char *path = fixture_write(dir, "incident.xml", xml, -1);
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_incident *inc = NULL;
    GPtrArray *problems = bl_incident_form_problems(form, path, SCHEMA, VOCAB);

    assert_int_equal(problems->len, 0);
    assert_int_equal(bl_incident_load(&inc, path, SCHEMA, VOCAB, diag), 0);
    assert_string_equal(inc->org.name, "Smith & Jones <Dental>");
    assert_true(inc->org.phone_toll_free);
    assert_int_equal(inc->narrative->len, 2);
    assert_string_equal(g_ptr_array_index(inc->narrative, 1), "It was locked | encrypted.");
    assert_int_equal(inc->categories->len, 2);
    assert_string_equal(((struct bl_category *)g_ptr_array_index(inc->categories, 1))->label,
                        "your plan's member number");
    assert_false(inc->monitoring.offered);
    assert_int_equal(bl_incident_form_set(form, "org.fone", "x"), -1);
    bl_incident_free(inc);
    bl_diag_free(diag);
    g_ptr_array_unref(problems);
    g_free(path);
    g_free(xml);
    bl_incident_form_free(form);
    fixture_rmdir(dir);
    g_free(dir);
}

static const struct bl_form_problem *
problem_of(GPtrArray *problems, const char *key)
{
    for (guint i = 0; i < problems->len; i++) {
        const struct bl_form_problem *p = g_ptr_array_index(problems, i);
        if (p->key != NULL && strcmp(p->key, key) == 0) {
            return p;
        }
    }
    return NULL;
}

static void
test_loader_problems_land_beside_their_fields(void **state)
{
    struct bl_incident_form *form = small_form();
    char *dir = fixture_tmpdir("form-bad");
    char *xml, *path;
    GPtrArray *problems;
    const struct bl_form_problem *p;

    bl_incident_form_set(form, "incident.discovered", "2026-02-30");
    bl_incident_form_set(form, "incident.occurred_to", "2025-12-01");
    bl_incident_form_set(form, "incident.categories", "ssn\nnot-a-category");
    bl_incident_form_set(form, "incident.access", "maybe");
    xml = bl_incident_form_to_xml(form);
    path = fixture_write(dir, "incident.xml", xml, -1);
    problems = bl_incident_form_problems(form, path, SCHEMA, VOCAB);
    assert_true(problems->len >= 1);
    p = problem_of(problems, "incident.access");
    assert_non_null(p);
    assert_true(g_str_has_prefix(p->message, "What happened › What the investigation "
                                             "established: "));
    assert_null(strstr(p->message, "docs/"));
    g_ptr_array_unref(problems);
    g_free(path);
    g_free(xml);

    /* the schema satisfied, the loader's own checks: dates and categories */
    bl_incident_form_set(form, "incident.access", "confirmed");
    xml = bl_incident_form_to_xml(form);
    path = fixture_write(dir, "incident.xml", xml, -1);
    problems = bl_incident_form_problems(form, path, SCHEMA, VOCAB);
    assert_non_null(problem_of(problems, "incident.discovered"));
    assert_non_null(problem_of(problems, "incident.categories"));
    assert_non_null(problem_of(problems, "incident.occurred_to"));
    g_ptr_array_unref(problems);
    g_free(path);
    g_free(xml);
    bl_incident_form_free(form);
    fixture_rmdir(dir);
    g_free(dir);
}

static void
test_template_messages_are_told_in_the_officers_words(void **state)
{
    const char *key = NULL;
    char *m = bl_incident_form_explain("field 'org.address.line1' is empty", &key);

    assert_string_equal(m, "Organisation › Address line 1: fill this in");
    assert_string_equal(key, "org.address.line1");
    g_free(m);
    m = bl_incident_form_explain(
        "list 'incident.actions' is empty: the draft shows [incident actions missing]", &key);
    assert_string_equal(m, "What we are doing › What we did and are doing (one per line): fill "
                           "this in");
    g_free(m);
    assert_null(bl_incident_form_explain("field 'recipient.city' is empty", &key));
    assert_null(key);
    assert_null(bl_incident_form_explain("something else", NULL));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_example_round_trips_to_the_same_facts),
        cmocka_unit_test(test_fields_have_labels_help_and_a_group),
        cmocka_unit_test(test_new_form_tells_every_required_field_empty),
        cmocka_unit_test(test_new_incident_from_fields_loads),
        cmocka_unit_test(test_loader_problems_land_beside_their_fields),
        cmocka_unit_test(test_template_messages_are_told_in_the_officers_words),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/* The check's fixture: the shipped rules and contacts, the test incident changed as a test
 * needs, a list written from text, and the report of a check of them. */
#include "bl_test.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "rules.h"
#include "template.h"
#include "text.h"

int
fixture_check_setup(void **state)
{
    struct fixture_check *f = g_new0(struct fixture_check, 1);

    f->diag = bl_diag_new(NULL);
    f->dir = fixture_tmpdir("check");
    f->contacts = fixture_contacts();
    f->rules = fixture_rules();
    if (f->rules == NULL || f->contacts == NULL) {
        return -1;
    }
    *state = f;
    return 0;
}

int
fixture_check_teardown(void **state)
{
    struct fixture_check *f = *state;

    fixture_check_reset(f);
    fixture_rmdir(f->dir);
    g_free(f->dir);
    bl_rules_free(f->rules);
    bl_contacts_free(f->contacts);
    bl_diag_free(f->diag);
    g_free(f);
    return 0;
}

void
fixture_check_reset(struct fixture_check *f)
{
    bl_check_report_free(f->rep);
    bl_template_free(f->tpl);
    bl_incident_free(f->incident);
    f->rep = NULL;
    f->tpl = NULL;
    f->incident = NULL;
}

char *
fixture_check_incident(struct fixture_check *f, const char *from, const char *to)
{
    char *text = NULL, *path;
    GString *s;

    assert_true(g_file_get_contents(BL_TEST_DATA "/incident/good.xml", &text, NULL, NULL));
    s = g_string_new(text);
    if (from != NULL && g_string_replace(s, from, to, 1) != 1) {
        fail_msg("the test incident has no '%s'", from);
    }
    path = fixture_write(f->dir, "incident.xml", s->str, -1);
    g_string_free(s, TRUE);
    g_free(text);
    return path;
}

void
fixture_replace_in_file(const char *path, const char *from, const char *to)
{
    char *text = NULL;
    GString *s;

    assert_true(g_file_get_contents(path, &text, NULL, NULL));
    s = g_string_new(text);
    if (g_string_replace(s, from, to, 1) != 1) {
        fail_msg("%s has no '%s'", path, from);
    }
    assert_true(g_file_set_contents(path, s->str, -1, NULL));
    g_string_free(s, TRUE);
    g_free(text);
}

char *
fixture_check_incident_dated(struct fixture_check *f, const char *discovered, const char *notice,
                             const char *extra)
{
    char *from = g_strdup_printf("<occurred from=\"%s\"/>\n    <discovered>%s</discovered>\n"
                                 "    <notice>%s</notice>%s",
                                 discovered, discovered, notice, extra != NULL ? extra : "");
    char *path = fixture_check_incident(f,
                                        "<occurred from=\"2023-12-29\"/>\n    <discovered>"
                                        "2023-12-29</discovered>\n    <notice>2025-01-06</notice>",
                                        from);

    fixture_replace_in_file(path, "enrol-by=\"2025-04-07\"", "enrol-by=\"2099-01-01\"");
    g_free(from);
    return path;
}

int
fixture_check_try(struct fixture_check *f, const char *incident, const char *template,
                  const char *list, const char *today)
{
    struct bl_check_input in = {0};
    char *list_path = NULL;
    int rc;

    if (list != NULL) {
        char *path = g_build_filename(f->dir, "list.csv", NULL);
        char *was = NULL;

        if (g_file_get_contents(path, &was, NULL, NULL) && strcmp(was, list) == 0) {
            list_path = path;
        } else {
            /* an hour old: a memo of it holds (a list written just now is read again) */
            list_path = fixture_write(f->dir, "list.csv", list, -1);
            fixture_backdate(list_path);
            g_free(path);
        }
        g_free(was);
    }

    fixture_check_reset(f);
    bl_diag_clear(f->diag);
    if (bl_incident_load(&f->incident, incident, SCHEMA, VOCAB, f->diag) < 0 ||
        bl_template_compile(&f->tpl, template != NULL ? template : FIXTURE_CHECK_LETTER,
                            f->incident, f->contacts, f->diag) < 0) {
        fail_msg("%s", bl_diag_text(f->diag));
    }
    in.incident = f->incident;
    in.tpl = f->tpl;
    in.contacts = f->contacts;
    in.rules = f->rules;
    in.recipients = list_path;
    in.memo = f->memo;
    bl_date_parse(&in.today, today != NULL ? today : "2026-11-24");
    rc = bl_check_run(&f->rep, &in, f->diag);
    g_free(list_path);
    return rc;
}

void
fixture_check_run(struct fixture_check *f, const char *incident, const char *template,
                  const char *list, const char *today)
{
    if (fixture_check_try(f, incident, template, list, today) < 0) {
        fail_msg("%s", bl_diag_text(f->diag));
    }
}

const struct bl_finding *
fixture_check_finding(const struct fixture_check *f, const char *jurisdiction, const char *rule)
{
    for (guint i = 0; i < f->rep->findings->len; i++) {
        const struct bl_finding *x = g_ptr_array_index(f->rep->findings, i);

        if (g_strcmp0(x->jurisdiction, jurisdiction) == 0 && g_str_has_prefix(x->rule, rule)) {
            return x;
        }
    }
    return NULL;
}

const struct bl_deadline_row *
fixture_check_deadline(const struct fixture_check *f, const char *code)
{
    for (guint i = 0; i < f->rep->deadlines->len; i++) {
        const struct bl_deadline_row *row =
            &g_array_index(f->rep->deadlines, struct bl_deadline_row, i);

        if (strcmp(row->jurisdiction->code, code) == 0) {
            return row;
        }
    }
    return NULL;
}

const struct bl_obligation *
fixture_check_obligation(const struct fixture_check *f, const char *code, const char *to,
                         const char *state)
{
    for (guint i = 0; i < f->rep->obligations->len; i++) {
        const struct bl_obligation *o =
            &g_array_index(f->rep->obligations, struct bl_obligation, i);

        if (strcmp(o->jurisdiction->code, code) == 0 && strcmp(o->notify->to, to) == 0 &&
            g_strcmp0(o->state, state) == 0) {
            return o;
        }
    }
    return NULL;
}

char *
fixture_check_residents(const char *state, const char *city, const char *zip, int n,
                        const char *categories)
{
    GString *s = g_string_new(FIXTURE_CHECK_HEADER);

    for (int i = 0; i < n; i++) {
        g_string_append_printf(s, "%s-%d,Ana,Silva,1 Elm St,%s,%s,%s,%s,sunrise\n", state, i, city,
                               state, zip, categories);
    }
    return g_string_free(s, FALSE);
}

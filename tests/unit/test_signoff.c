/* SPDX-License-Identifier: MIT */
/* Unit tests of signoff.c: variant keys, wording hashes (the same for every recipient of a
 * variant, another when the wording changes) and the approvals file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bl_test.h"
#include "signoff.h"

struct fix {
    char *dir;
    char *incident;
    struct fixture_told told;
    struct bl_session ses;
};

static int
setup(void **state)
{
    struct fix *f = g_new0(struct fix, 1);

    f->dir = fixture_tmpdir("signoff");
    f->incident = fixture_incident_file(f->dir, NULL);
    fixture_told_init(&f->told);
    bl_session_init(&f->ses, f->told.diag);
    assert_int_equal(bl_session_load(&f->ses, f->incident, NULL, BL_DATADIR, NULL, FALSE),
                     BL_EXIT_OK);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fix *f = *state;

    bl_session_release(&f->ses);
    fixture_told_release(&f->told);
    fixture_rmdir(f->dir);
    g_free(f->dir);
    g_free(f->incident);
    g_free(f);
    return 0;
}

static const char *const SSN[] = {"ssn", NULL};

/* Two people of the same state, kind, language, code and entity share a variant, and so a
 * wording hash; the hash is 64 hex digits. */
static void
test_same_wording_different_people_same_hash(void **state)
{
    struct fix *f = *state;
    struct bl_recipient *a = fixture_recipient(f->ses.incident, SSN);
    struct bl_recipient *b = fixture_recipient(f->ses.incident, SSN);
    char *ka, *kb, *ha = NULL, *hb = NULL;

    fixture_set(&b->first_name, "Grace");
    fixture_set(&b->last_name, "Hopper");
    fixture_set(&b->address.line1, "1 Navy Yard");
    fixture_set(&b->id, "R-0002");
    ka = bl_signoff_variant_key(f->ses.tpl, a);
    kb = bl_signoff_variant_key(f->ses.tpl, b);
    assert_string_equal(ka, kb);
    fixture_assert_has(ka, "|adult|en|");
    assert_int_equal(bl_signoff_wording(&ha, &f->ses, ka, f->told.diag), 0);
    assert_int_equal(bl_signoff_wording(&hb, &f->ses, kb, f->told.diag), 0);
    assert_string_equal(ha, hb);
    assert_int_equal(strlen(ha), 64);
    assert_true(strspn(ha, "0123456789abcdef") == 64);
    fixture_recipient_free(a);
    fixture_recipient_free(b);
    g_free(ka);
    g_free(kb);
    g_free(ha);
    g_free(hb);
}

/* Another kind of letter is another variant with other wording. */
static void
test_other_variant_other_hash(void **state)
{
    struct fix *f = *state;
    struct bl_recipient *a = fixture_recipient(f->ses.incident, SSN);
    char *ka, *kb, *ha = NULL, *hb = NULL;

    ka = bl_signoff_variant_key(f->ses.tpl, a);
    a->variant = BL_VARIANT_MINOR;
    kb = bl_signoff_variant_key(f->ses.tpl, a);
    assert_string_not_equal(ka, kb);
    assert_int_equal(bl_signoff_wording(&ha, &f->ses, ka, f->told.diag), 0);
    assert_int_equal(bl_signoff_wording(&hb, &f->ses, kb, f->told.diag), 0);
    assert_string_not_equal(ha, hb);
    fixture_recipient_free(a);
    g_free(ka);
    g_free(kb);
    g_free(ha);
    g_free(hb);
}

/* A change of the incident's wording (months of monitoring) changes the hash; the same incident
 * loaded again gives the same hash. */
static void
test_changed_wording_changes_hash(void **state)
{
    struct fix *f = *state;
    struct bl_recipient *a = fixture_recipient(f->ses.incident, SSN);
    char *key = bl_signoff_variant_key(f->ses.tpl, a);
    char *before = NULL, *again = NULL, *after = NULL;
    char *xml = fixture_read(f->incident, NULL);
    char *at = strstr(xml, "months=\"24\"");

    assert_int_equal(bl_signoff_wording(&before, &f->ses, key, f->told.diag), 0);
    bl_session_release(&f->ses);
    bl_session_init(&f->ses, f->told.diag);
    assert_int_equal(bl_session_load(&f->ses, f->incident, NULL, BL_DATADIR, NULL, FALSE),
                     BL_EXIT_OK);
    assert_int_equal(bl_signoff_wording(&again, &f->ses, key, f->told.diag), 0);
    assert_string_equal(before, again);

    assert_non_null(at);
    memcpy(at, "months=\"36\"", 11);
    g_free(fixture_write(f->dir, "incident.xml", xml, -1));
    bl_session_release(&f->ses);
    bl_session_init(&f->ses, f->told.diag);
    assert_int_equal(bl_session_load(&f->ses, f->incident, NULL, BL_DATADIR, NULL, FALSE),
                     BL_EXIT_OK);
    assert_int_equal(bl_signoff_wording(&after, &f->ses, key, f->told.diag), 0);
    assert_string_not_equal(before, after);
    fixture_recipient_free(a);
    g_free(key);
    g_free(before);
    g_free(again);
    g_free(after);
    g_free(xml);
}

/* A key that is not one is refused with a reason. */
static void
test_bad_key_refused(void **state)
{
    struct fix *f = *state;
    char *hash = NULL;

    assert_int_equal(bl_signoff_wording(&hash, &f->ses, "FL|grown-up|en|code|entity", f->told.diag),
                     -1);
    assert_null(hash);
    fixture_assert_has(fixture_told_text(&f->told, BL_DIAG_ERROR), "is not a variant");
}

/* Approvals are added with the reviewer, the time and the incident version, written owner-only
 * and read back the same; the latest matching approval is found by key and hash. */
static void
test_approvals_round_trip(void **state)
{
    struct fix *f = *state;
    struct bl_recipient *r = fixture_recipient(f->ses.incident, SSN);
    char *key = bl_signoff_variant_key(f->ses.tpl, r);
    char *path = bl_signoff_path(f->incident);
    char *sha = fixture_sha256(f->incident);
    GPtrArray *list = bl_approvals_read(path, f->told.diag);
    GPtrArray *back;
    const struct bl_approval *a;
    struct stat st;

    assert_true(g_str_has_suffix(path, "/incident.approvals.json"));
    assert_non_null(list);
    assert_int_equal(list->len, 0);
    assert_null(bl_approvals_add(list, &f->ses, key, "  ", sha, f->told.diag));
    fixture_assert_has(fixture_told_text(&f->told, BL_DIAG_ERROR), "reviewer's name");
    a = bl_approvals_add(list, &f->ses, key, "Dana Reviewer", sha, f->told.diag);
    assert_non_null(a);
    assert_string_equal(a->id, "A1");
    assert_string_equal(a->reviewer, "Dana Reviewer");
    assert_string_equal(a->incident, sha);
    assert_true(
        g_regex_match_simple("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", a->time, 0, 0));
    assert_int_equal(bl_approvals_write(path, list, f->told.diag), 0);
    assert_int_equal(g_stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);

    back = bl_approvals_read(path, f->told.diag);
    assert_non_null(back);
    assert_int_equal(back->len, 1);
    a = g_ptr_array_index(back, 0);
    assert_string_equal(a->variant, key);
    assert_string_equal(a->reviewer, "Dana Reviewer");
    assert_ptr_equal(bl_approvals_find(back, key, a->wording), a);
    assert_ptr_equal(bl_approvals_find(back, key, NULL), a);
    assert_null(bl_approvals_find(back, key, "0000"));
    assert_null(bl_approvals_find(back, "TX|adult|en|code|entity", NULL));
    g_ptr_array_unref(back);

    g_free(fixture_write(f->dir, "incident.approvals.json", "{\"approvals\": [{\"id\": 1}]}", -1));
    assert_null(bl_approvals_read(path, f->told.diag));
    fixture_assert_has(fixture_told_text(&f->told, BL_DIAG_ERROR), "approval 1 has no text 'id'");

    fixture_recipient_free(r);
    g_ptr_array_unref(list);
    g_free(key);
    g_free(path);
    g_free(sha);
}

/* A list's variants: one per key, counting the recipients it takes (rejected rows left out). */
static void
test_variants_of_a_list(void **state)
{
    struct fix *f = *state;
    char *list = fixture_list_file(f->dir);
    GPtrArray *vs = bl_signoff_variants(&f->ses, list, f->ses.quiet);
    gint64 total = 0;

    assert_non_null(vs);
    assert_true(vs->len >= 1);
    for (guint i = 0; i < vs->len; i++) {
        const struct bl_signoff_variant *v = g_ptr_array_index(vs, i);
        char *hash = NULL;

        total += v->count;
        assert_int_equal(bl_signoff_wording(&hash, &f->ses, v->key, f->told.diag), 0);
        g_free(hash);
        if (i > 0) {
            const struct bl_signoff_variant *u = g_ptr_array_index(vs, i - 1);
            assert_true(strcmp(u->key, v->key) < 0);
        }
    }
    assert_int_equal(total, 2);
    g_ptr_array_unref(vs);
    g_free(list);
}

/* The gate render --require-approval uses: no approval, an approval of the current wording (its
 * id given), an approval of a wording since changed (whose, and when). */
static void
test_gate(void **state)
{
    struct fix *f = *state;
    struct bl_recipient *r = fixture_recipient(f->ses.incident, SSN);
    char *key = bl_signoff_variant_key(f->ses.tpl, r);
    char *path = bl_signoff_path(f->incident);
    GPtrArray *list = g_ptr_array_new_with_free_func((GDestroyNotify)bl_approval_free);
    struct bl_signoff_gate *g = bl_signoff_gate_new(f->incident, f->told.diag);
    struct bl_approval *a;
    const char *id = "x";
    char *want;

    assert_non_null(g);
    want = g_strdup_printf("variant %s not approved", key);
    assert_string_equal(bl_signoff_gate_check(g, &f->ses, r, &id), want);
    assert_null(id);
    g_free(want);
    bl_signoff_gate_free(g);

    assert_non_null(bl_approvals_add(list, &f->ses, key, "Dana Reviewer", "00", f->told.diag));
    assert_int_equal(bl_approvals_write(path, list, f->told.diag), 0);
    g = bl_signoff_gate_new(f->incident, f->told.diag);
    assert_null(bl_signoff_gate_check(g, &f->ses, r, &id));
    assert_string_equal(id, "A1");
    bl_signoff_gate_free(g);

    a = g_ptr_array_index(list, 0);
    g_free(a->wording);
    a->wording = g_strdup("1111111111111111111111111111111111111111111111111111111111111111");
    assert_int_equal(bl_approvals_write(path, list, f->told.diag), 0);
    g = bl_signoff_gate_new(f->incident, f->told.diag);
    want = g_strdup_printf("the wording of variant %s changed after its approval by Dana Reviewer "
                           "on %s",
                           key, a->time);
    assert_string_equal(bl_signoff_gate_check(g, &f->ses, r, &id), want);
    assert_null(id);
    g_free(want);
    bl_signoff_gate_free(g);

    fixture_recipient_free(r);
    g_ptr_array_unref(list);
    g_free(key);
    g_free(path);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_same_wording_different_people_same_hash, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_other_variant_other_hash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changed_wording_changes_hash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_key_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_approvals_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_variants_of_a_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gate, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/* Unit tests of runrecord.c: a run's record written and read back, its identity covering what
 * the letters depend on and not the shard, and a damaged record refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "runrecord.h"

static void
fill(struct bl_run_record *r)
{
    *r = (struct bl_run_record){0};
    r->program = g_strdup("breachletter 9.9");
    r->incident_sha256 = g_strdup("aa");
    r->list_sha256 = g_strdup("bb");
    r->list_rows = 10000000000LL;
    r->data_sha256 = g_strdup("cc");
    r->book = 200;
    r->simplex = TRUE;
    r->letter_dirs = 2;
    r->shard = 1;
    r->shards = 3;
    r->manifest = g_strdup("manifest-1-of-3.csv");
    r->manifest_sha256 = g_strdup("dd");
    r->errors = g_strdup("errors-1-of-3.csv");
    r->errors_sha256 = g_strdup("ee");
    bl_run_record_seal(r);
}

static void
test_name_beside_the_manifest(void **state)
{
    char *name = bl_run_record_name("manifest-0-of-2.csv");

    assert_string_equal(name, "manifest-0-of-2.run.json");
    g_free(name);
}

static void
test_round_trip(void **state)
{
    struct bl_run_record r, back;
    struct bl_diag *diag = bl_diag_new(NULL);
    char *json;

    fill(&r);
    json = bl_run_record_json(&r);
    assert_int_equal(bl_run_record_parse(&back, json, strlen(json), "r.json", diag), 0);
    assert_string_equal(back.run, r.run);
    assert_string_equal(back.list_sha256, "bb");
    assert_true(back.list_rows == 10000000000LL);
    assert_int_equal(back.book, 200);
    assert_true(back.simplex);
    assert_int_equal(back.letter_dirs, 2);
    assert_int_equal(back.shard, 1);
    assert_int_equal(back.shards, 3);
    assert_string_equal(back.manifest_sha256, "dd");
    assert_string_equal(back.errors, "errors-1-of-3.csv");
    bl_run_record_release(&back);
    g_free(json);
    /* a merged manifest has no errors file */
    g_clear_pointer(&r.errors, g_free);
    g_clear_pointer(&r.errors_sha256, g_free);
    json = bl_run_record_json(&r);
    assert_int_equal(bl_run_record_parse(&back, json, strlen(json), "r.json", diag), 0);
    assert_null(back.errors);
    bl_run_record_release(&back);
    g_free(json);
    bl_run_record_release(&r);
    bl_diag_free(diag);
}

/* The shards of one run share the identity; an option or an input that changes the letters
 * does not. */
static void
test_identity(void **state)
{
    struct bl_run_record a, b;

    fill(&a);
    fill(&b);
    b.shard = 2;
    b.partial = TRUE;
    bl_run_record_seal(&b);
    assert_string_equal(a.run, b.run);
    b.simplex = FALSE;
    bl_run_record_seal(&b);
    assert_string_not_equal(a.run, b.run);
    b.simplex = TRUE;
    g_free(b.incident_sha256);
    b.incident_sha256 = g_strdup("ab");
    bl_run_record_seal(&b);
    assert_string_not_equal(a.run, b.run);
    bl_run_record_release(&a);
    bl_run_record_release(&b);
}

static void
test_damaged_record_refused(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_run_record r;
    const char *bad[] = {"", "{}", "[1]", "{\"format\": 1, \"program\": \"x\"}", "{\"format\": 2}"};

    for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
        assert_int_equal(bl_run_record_parse(&r, bad[i], strlen(bad[i]), "r.json", diag), -1);
    }
    assert_non_null(strstr(bl_diag_text(diag), "r.json: error: not a run record"));
    bl_diag_free(diag);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_name_beside_the_manifest),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_identity),
        cmocka_unit_test(test_damaged_record_refused),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

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
    /* --require-approval changes which letters go out */
    g_free(b.incident_sha256);
    b.incident_sha256 = g_strdup("aa");
    b.require_approval = TRUE;
    bl_run_record_seal(&b);
    assert_string_not_equal(a.run, b.run);
    bl_run_record_release(&a);
    bl_run_record_release(&b);
}

/* text with the first match of pattern replaced. Free with g_free(). */
static char *
edit(const char *text, const char *pattern, const char *with)
{
    GRegex *re = g_regex_new(pattern, 0, 0, NULL);
    char *out = g_regex_replace_literal(re, text, -1, 0, with, 0, NULL);

    assert_string_not_equal(out, text);
    g_regex_unref(re);
    return out;
}

/* The summary of the manifest's rows is written and read back, the approvals in their ids'
 * order (A2 before A10);
 * a record written before records had a summary and the require_approval option is read as
 * one without them; a summary that is not one is refused. */
static void
test_summary_round_trip(void **state)
{
    struct bl_run_record r, back;
    struct bl_diag *diag = bl_diag_new(NULL);
    char *json, *cut, *bad;

    fill(&r);
    r.require_approval = TRUE;
    r.has_summary = TRUE;
    bl_manifest_summary_add(&r.summary, "ok", TRUE, "A2");
    bl_manifest_summary_add(&r.summary, "ok", FALSE, "A1");
    bl_manifest_summary_add(&r.summary, "exception", FALSE, "A2");
    bl_manifest_summary_add(&r.summary, "error", FALSE, NULL);
    bl_manifest_summary_add(&r.summary, "refused", FALSE, NULL);
    bl_manifest_summary_add(&r.summary, "draft", FALSE, "A10");
    json = bl_run_record_json(&r);
    assert_int_equal(bl_run_record_parse(&back, json, strlen(json), "r.json", diag), 0);
    assert_true(back.require_approval);
    assert_true(back.has_summary);
    assert_true(back.summary.counts.rows == 6 && back.summary.counts.letters == 4);
    assert_true(back.summary.counts.errors == 1 && back.summary.counts.refused == 1);
    assert_true(back.summary.exceptions == 1 && back.summary.large_print == 1);
    assert_int_equal(back.summary.approval_ids->len, 3);
    assert_string_equal(g_ptr_array_index(back.summary.approval_ids, 0), "A1");
    assert_string_equal(g_ptr_array_index(back.summary.approval_ids, 1), "A2");
    assert_string_equal(g_ptr_array_index(back.summary.approval_ids, 2), "A10");
    assert_int_equal(bl_manifest_summary_approved(&back.summary, "A2"), 2);
    assert_int_equal(bl_manifest_summary_approved(&back.summary, "A1"), 1);
    bl_run_record_release(&back);
    /* an older record: no summary, no require_approval (the record of a run without it) */
    g_free(json);
    r.require_approval = FALSE;
    bl_run_record_seal(&r);
    r.has_summary = FALSE;
    json = bl_run_record_json(&r);
    cut = edit(json, ",\\s*\"require_approval\"\\s*:\\s*false", "");
    assert_null(strstr(cut, "summary"));
    assert_int_equal(bl_run_record_parse(&back, cut, strlen(cut), "r.json", diag), 0);
    assert_false(back.require_approval);
    assert_false(back.has_summary);
    assert_string_equal(back.run, r.run);
    bl_run_record_release(&back);
    g_free(cut);
    g_free(json);
    /* a summary that is not one */
    r.has_summary = TRUE;
    json = bl_run_record_json(&r);
    bad = edit(json, "\"A2\"\\s*:\\s*2", "\"A2\" : \"two\"");
    assert_int_equal(bl_run_record_parse(&back, bad, strlen(bad), "r.json", diag), -1);
    g_free(bad);
    g_free(json);
    bl_run_record_release(&r);
    bl_diag_free(diag);
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
        cmocka_unit_test(test_summary_round_trip),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

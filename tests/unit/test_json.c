/* SPDX-License-Identifier: MIT */
/* Unit tests of json.c: the members every report writes (string or null, 64-bit numbers, truth
 * values) and the builder turned into indented text that parses back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bl_test.h"
#include "json.h"

/* text parsed back; its root object is borrowed from the parser. */
static JsonObject *
parse(JsonParser *parser, const char *text)
{
    GError *error = NULL;

    if (!json_parser_load_from_data(parser, text, -1, &error)) {
        fail_msg("not JSON (%s): %s", error->message, text);
    }
    assert_int_equal(json_node_get_node_type(json_parser_get_root(parser)), JSON_NODE_OBJECT);
    return json_node_get_object(json_parser_get_root(parser));
}

static void
test_members_come_back_with_their_types(void **state)
{
    JsonBuilder *b = json_builder_new();
    JsonParser *parser = json_parser_new();
    JsonObject *root;
    char *text;

    json_builder_begin_object(b);
    bl_json_string(b, "incident", "examples/mednax-2020/incident.xml");
    bl_json_string(b, "recipients", NULL);
    bl_json_int(b, "rows", 7);
    bl_json_int(b, "count", G_GINT64_CONSTANT(9999999999)); /* above 2^31: kept whole */
    bl_json_int(b, "margin", -3);
    bl_json_bool(b, "compliant", TRUE);
    bl_json_bool(b, "resumed", FALSE);
    json_builder_end_object(b);
    text = bl_json_finish(b);

    root = parse(parser, text);
    assert_int_equal(json_object_get_size(root), 7);
    assert_string_equal(json_object_get_string_member(root, "incident"),
                        "examples/mednax-2020/incident.xml");
    assert_true(json_object_get_null_member(root, "recipients")); /* null, not "" or absent */
    assert_int_equal(json_object_get_int_member(root, "rows"), 7);
    assert_true(json_object_get_int_member(root, "count") == G_GINT64_CONSTANT(9999999999));
    assert_int_equal(json_object_get_int_member(root, "margin"), -3);
    assert_true(json_object_get_boolean_member(root, "compliant"));
    assert_false(json_object_get_boolean_member(root, "resumed"));
    g_object_unref(parser);
    g_free(text);
}

static void
test_members_keep_the_order_written(void **state)
{
    JsonBuilder *b = json_builder_new();
    char *text;
    const char *z, *a, *m;

    json_builder_begin_object(b);
    bl_json_int(b, "zeta", 1);
    bl_json_int(b, "alpha", 2);
    bl_json_int(b, "mu", 3);
    json_builder_end_object(b);
    text = bl_json_finish(b);
    z = strstr(text, "\"zeta\"");
    a = strstr(text, "\"alpha\"");
    m = strstr(text, "\"mu\"");
    assert_non_null(z);
    assert_non_null(a);
    assert_non_null(m);
    assert_true(z < a && a < m); /* reports read the same way every time */
    g_free(text);
}

static void
test_text_is_escaped_indented_and_has_no_final_newline(void **state)
{
    JsonBuilder *b = json_builder_new();
    JsonParser *parser = json_parser_new();
    /* a quote, a backslash, a line break, a control character and non-ASCII text */
    const char *hostile = "say \"hi\" \\ now\nnext\x01 Zoë 李";
    char *text;

    json_builder_begin_object(b);
    bl_json_string(b, "message", hostile);
    json_builder_set_member_name(b, "list");
    json_builder_begin_array(b);
    json_builder_begin_object(b);
    bl_json_bool(b, "inner", TRUE);
    json_builder_end_object(b);
    json_builder_end_array(b);
    json_builder_end_object(b);
    text = bl_json_finish(b);

    /* one value per line, nested members indented */
    assert_true(g_str_has_prefix(text, "{\n  \"message\" : "));
    fixture_assert_has(text, "\n      \"inner\" : true\n");
    assert_true(g_str_has_suffix(text, "}"));
    /* nothing of the value breaks the document: the line break and control are escaped */
    fixture_assert_has(text, "\\\"hi\\\"");
    fixture_assert_has(text, "\\\\ now\\nnext\\u0001");
    assert_string_equal(json_object_get_string_member(parse(parser, text), "message"), hostile);
    g_object_unref(parser);
    g_free(text);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_members_come_back_with_their_types),
        cmocka_unit_test(test_members_keep_the_order_written),
        cmocka_unit_test(test_text_is_escaped_indented_and_has_no_final_newline),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/* Unit tests of xml.c (safe reading: no DOCTYPE, no network, UTF-8 only, bounded size and
 * depth; libxml2's messages as breachletter words them; text, attributes and lines of nodes)
 * and of xml_explain.c (schema errors in the words of the file's format), which is private to
 * xml.c and reached through bl_xml_validate(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xmlerror.h>

#include "bl_test.h"
#include "xml.h"

#define CONTACTS_SCHEMA BL_DATADIR "/templates/schema/contacts.rng"

struct fx {
    char *dir;
    struct bl_diag *diag;
    xmlDoc *doc;
};

static int
setup(void **state)
{
    struct fx *f = g_new0(struct fx, 1);

    f->dir = fixture_tmpdir("xml");
    f->diag = bl_diag_new(NULL);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;

    if (f->doc != NULL) {
        xmlFreeDoc(f->doc);
    }
    bl_diag_free(f->diag);
    fixture_rmdir(f->dir);
    g_free(f->dir);
    g_free(f);
    return 0;
}

/* Writes text to name in the test's directory and reads it: the document, or NULL. The path
 * is in *path when path is not NULL (free with g_free()). */
static xmlDoc *
read_text(struct fx *f, const char *name, const char *text, char **path)
{
    char *file = fixture_write(f->dir, name, text, -1);
    xmlDoc *doc;

    bl_diag_clear(f->diag);
    doc = bl_xml_read(file, f->diag);
    if (path != NULL) {
        *path = file;
    } else {
        g_free(file);
    }
    return doc;
}

/* Reads text, which must be refused, and returns the one message, without "PATH:" */
static char *
refusal(struct fx *f, const char *text)
{
    int before = bl_diag_error_count(f->diag);
    char *path = NULL;
    xmlDoc *doc = read_text(f, "refused.xml", text, &path);
    const char *all = bl_diag_text(f->diag);
    char *message;

    if (doc != NULL) {
        xmlFreeDoc(doc);
        fail_msg("read: %s", text);
    }
    assert_int_equal(bl_diag_error_count(f->diag), before + 1); /* one message */
    assert_true(g_str_has_prefix(all, path));
    message = g_strdup(all + strlen(path));
    g_free(path);
    return message;
}

static void
assert_refused(struct fx *f, const char *text, const char *message)
{
    char *got = refusal(f, text);

    assert_string_equal(got, message);
    g_free(got);
    bl_diag_clear(f->diag);
}

/* --- xml.c: messages -------------------------------------------------------------------------- */

static void
test_message_keeps_the_first_line_in_lower_case(void **state)
{
    char *m = bl_xml_message("Opening and ending tag mismatch: a line 1 and b\n<a>secret</b>\n ^");

    /* the lines after the first quote the document, which may hold personal data */
    assert_string_equal(m, "opening and ending tag mismatch: a line 1 and b");
    g_free(m);
    m = bl_xml_message("Excessive depth in document: 256 use XML_PARSE_HUGE option\n");
    assert_string_equal(m, "elements are nested too deeply (more than 256 levels)");
    g_free(m);
    m = bl_xml_message("Input is not proper UTF-8, indicate encoding !\nBytes: 0xFF 0xFE");
    assert_string_equal(m, "the file is not valid UTF-8: save it as UTF-8");
    g_free(m);
    m = bl_xml_message(NULL);
    assert_string_equal(m, "malformed XML");
    g_free(m);
    m = bl_xml_message("  \n");
    assert_string_equal(m, "malformed XML");
    g_free(m);
}

/* --- xml.c: reading --------------------------------------------------------------------------- */

static void
test_read_gives_the_document(void **state)
{
    struct fx *f = *state;
    xmlNode *root;

    f->doc =
        read_text(f, "good.xml",
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<contacts>\n  <contact id=\"a\">"
                  "Zoë</contact>\n</contacts>\n",
                  NULL);
    assert_non_null(f->doc);
    assert_string_equal(bl_diag_text(f->diag), "");
    root = xmlDocGetRootElement(f->doc);
    assert_true(bl_xml_is(root, "contacts"));
}

static void
test_read_refuses_a_doctype_and_never_reads_its_entities(void **state)
{
    struct fx *f = *state;
    char *secret = fixture_write(f->dir, "secret.txt", "the-secret-text", -1);
    char *text = g_strdup_printf("<?xml version=\"1.0\"?>\n<!-- a comment -->\n"
                                 "<!DOCTYPE r [<!ENTITY x SYSTEM \"file://%s\">]>\n<r>&x;</r>\n",
                                 secret);
    char *got = refusal(f, text);

    /* the line of the DOCTYPE, which libxml2 does not keep */
    assert_string_equal(got, ":3: error: a DOCTYPE declaration is not allowed here; remove it\n");
    fixture_assert_lacks(bl_diag_text(f->diag), "the-secret-text");
    g_free(got);
    g_free(text);
    g_free(secret);
}

static void
test_read_refuses_what_is_not_well_formed_with_its_line(void **state)
{
    struct fx *f = *state;

    assert_refused(f, "<r>\n<a>\n</b>\n</r>\n",
                   ":3: error: opening and ending tag mismatch: a line 2 and b\n");
    assert_refused(f, "<r>\n<a>caf\xe9</a>\n</r>\n",
                   ":2: error: the file is not valid UTF-8: save it as UTF-8\n");
}

static void
test_read_refuses_deep_nesting(void **state)
{
    struct fx *f = *state;
    GString *deep = g_string_new(NULL);
    char *got;

    for (int i = 0; i < 300; i++) {
        g_string_append(deep, "<a>");
    }
    for (int i = 0; i < 300; i++) {
        g_string_append(deep, "</a>");
    }
    got = refusal(f, deep->str);
    fixture_assert_has(got, "error: elements are nested too deeply (more than 256 levels)\n");
    g_free(got);
    g_string_free(deep, TRUE);
}

static void
test_read_refuses_an_encoding_other_than_utf8(void **state)
{
    struct fx *f = *state;

    assert_refused(f, "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<r>caf\xe9</r>\n",
                   ": error: the file declares the encoding 'ISO-8859-1'; save it as UTF-8\n");
}

static void
test_read_refuses_missing_folders_and_huge_files(void **state)
{
    struct fx *f = *state;
    char *missing = g_build_filename(f->dir, "missing.xml", NULL);
    char *huge = fixture_write(f->dir, "huge.xml", "<r/>", -1);
    char *want;

    assert_null(bl_xml_read(missing, f->diag));
    want = g_strdup_printf("%s: error: cannot open file: no such file\n", missing);
    assert_string_equal(bl_diag_text(f->diag), want);
    g_free(want);
    bl_diag_clear(f->diag);

    assert_null(bl_xml_read(f->dir, f->diag));
    want = g_strdup_printf("%s: error: cannot open file: not a regular file\n", f->dir);
    assert_string_equal(bl_diag_text(f->diag), want);
    g_free(want);
    bl_diag_clear(f->diag);

    /* a sparse file one byte over the limit: refused before a byte is parsed */
    assert_int_equal(truncate(huge, BL_XML_MAX_SIZE + 1), 0);
    assert_null(bl_xml_read(huge, f->diag));
    fixture_assert_has(bl_diag_text(f->diag), "error: the file is larger than 16 MiB");
    g_free(huge);
    g_free(missing);
}

static void
test_read_refuses_an_empty_file(void **state)
{
    struct fx *f = *state;
    char *got = refusal(f, "");

    fixture_assert_has(got, "error: ");
    g_free(got);
}

/* --- xml.c: nodes ----------------------------------------------------------------------------- */

static void
test_text_attributes_and_lines_of_nodes(void **state)
{
    struct fx *f = *state;
    xmlNode *root, *p, *empty, *blank;
    char *text, *path = NULL;
    struct bl_loc loc;

    f->doc = read_text(f, "nodes.xml",
                       "<r>\n"
                       "  <p lang=\"en\">  Dear\n     <b>Zoë</b>,\tthank   you  </p>\n"
                       "  <empty/>\n"
                       "  <blank>  \n  </blank>\n"
                       "</r>\n",
                       &path);
    assert_non_null(f->doc);
    root = xmlDocGetRootElement(f->doc);
    p = xmlFirstElementChild(root);
    empty = xmlNextElementSibling(p);
    blank = xmlNextElementSibling(empty);

    /* the text of the element and its children, white space folded and trimmed */
    text = bl_xml_text(p);
    assert_string_equal(text, "Dear Zoë, thank you");
    g_free(text);
    assert_null(bl_xml_text(empty));
    assert_null(bl_xml_text(blank));

    text = bl_xml_attr(p, "lang");
    assert_string_equal(text, "en");
    g_free(text);
    assert_null(bl_xml_attr(p, "missing"));

    assert_true(bl_xml_is(p, "p"));
    assert_false(bl_xml_is(p, "P"));
    assert_false(bl_xml_is(root->children, "text")); /* a text node is no element */
    assert_false(bl_xml_is(NULL, "p"));

    loc = bl_xml_loc(blank, path);
    assert_string_equal(loc.file, path);
    assert_int_equal(loc.line, 5);
    assert_int_equal(loc.col, 0);
    g_free(path);
}

/* --- xml_explain.c: schema errors in words ---------------------------------------------------- */

/* A contacts file around one contact element. */
static const char *
contacts_with(const char *contact)
{
    static char buf[1024];

    g_snprintf(buf, sizeof buf,
               "<contacts version=\"1\" checked=\"2026-01-05\">\n"
               "%s\n"
               "</contacts>\n",
               contact);
    return buf;
}

/* Validates text against the shipped contacts schema: the messages, without the path. */
static char *
validate(struct fx *f, const char *text, int *rc)
{
    char *path = NULL;
    GString *out;

    if (f->doc != NULL) {
        xmlFreeDoc(f->doc);
    }
    f->doc = read_text(f, "contacts.xml", text, &path);
    assert_non_null(f->doc);
    *rc = bl_xml_validate(f->doc, path, CONTACTS_SCHEMA, f->diag);
    out = g_string_new(bl_diag_text(f->diag));
    g_string_replace(out, path, "", 0);
    g_free(path);
    return g_string_free(out, FALSE);
}

static void
assert_explained(struct fx *f, const char *contact, const char *messages)
{
    int rc;
    char *got = validate(f, contacts_with(contact), &rc);

    assert_int_equal(rc, -1);
    assert_string_equal(got, messages);
    g_free(got);
}

static void
test_valid_document_passes_in_silence(void **state)
{
    struct fx *f = *state;
    int rc;
    char *got = validate(f,
                         contacts_with("<contact id=\"ftc\" checked=\"2026-01-05\"><name>FTC</name>"
                                       "<source href=\"https://ftc.gov\"/></contact>"),
                         &rc);

    assert_int_equal(rc, 0);
    assert_string_equal(got, "");
    g_free(got);
}

static void
test_schema_errors_name_the_element_and_the_format(void **state)
{
    struct fx *f = *state;

    /* an element the format requires, told where something else came instead */
    assert_explained(f,
                     "<contact id=\"ftc\" checked=\"2026-01-05\">\n"
                     "<source href=\"https://ftc.gov\"/></contact>",
                     ":3: error: <contact> lacks <name>, which the contacts format requires (see "
                     "docs/contacts.md)\n");
    /* an element it does not have, with the one meant */
    assert_explained(f,
                     "<contact id=\"ftc\" checked=\"2026-01-05\"><name>FTC</name>"
                     "<source href=\"https://ftc.gov\"/>\n<phon>1</phon></contact>",
                     ":3: error: <contact> has an element <phon> the contacts format does not "
                     "have; did you mean <phone>? (see docs/contacts.md)\n");
    /* an attribute's value against its pattern: libxml2 says only that some attribute of
     * <contact> failed */
    assert_explained(
        f,
        "<contact id=\"ftc\" checked=\"2026-1-5\"><name>FTC</name>"
        "<source href=\"https://ftc.gov\"/></contact>",
        ":2: error: <contact> has checked='2026-1-5'; the contacts format wants a date "
        "written YYYY-MM-DD (see docs/contacts.md)\n");
    /* an attribute it requires */
    assert_explained(f,
                     "<contact id=\"ftc\"><name>FTC</name>"
                     "<source href=\"https://ftc.gov\"/></contact>",
                     ":2: error: <contact> lacks the attribute checked, which the contacts format "
                     "requires (see docs/contacts.md)\n");
}

static void
test_schema_of_another_format_gives_the_validator_message(void **state)
{
    struct fx *f = *state;
    char *schema = fixture_write(f->dir, "thing.rng",
                                 "<element name=\"thing\" "
                                 "xmlns=\"http://relaxng.org/ns/structure/1.0\">"
                                 "<element name=\"part\"><text/></element></element>",
                                 -1);
    char *path = NULL;
    char *want;

    f->doc = read_text(f, "thing.xml", "<thing>\n<other/>\n</thing>\n", &path);
    assert_int_equal(bl_xml_validate(f->doc, path, schema, f->diag), -1);
    /* one message, with its line, without the "see" of a format it does not know */
    assert_int_equal(bl_diag_error_count(f->diag), 1);
    want = g_strdup_printf("%s:2: error: ", path);
    assert_true(g_str_has_prefix(bl_diag_text(f->diag), want));
    fixture_assert_lacks(bl_diag_text(f->diag), "(see ");
    g_free(want);
    g_free(path);
    g_free(schema);
}

static void
test_schema_that_cannot_be_loaded_is_reported(void **state)
{
    struct fx *f = *state;
    char *schema = g_build_filename(f->dir, "missing.rng", NULL);
    char *path = NULL;

    f->doc = read_text(f, "thing.xml", "<thing/>\n", &path);
    assert_int_equal(bl_xml_validate(f->doc, path, schema, f->diag), -1);
    fixture_assert_has(bl_diag_text(f->diag), "missing.rng: error: cannot load the schema\n");
    g_free(path);
    g_free(schema);
}

/* --- xml.c: libxml2's process-wide state is the program's ----------------------------------- */

static int program_errors; /* what reached the program's own handlers */

static void
program_structured(void *data, xmlError *err)
{
    program_errors++;
}

static void
program_generic(void *data, const char *msg, ...)
{
    program_errors++;
}

static void
test_errors_go_through_the_contexts_not_the_process_handlers(void **state)
{
    struct fx *f = *state;
    char *path = NULL;
    xmlDoc *doc;

    /* a program that uses libxml2 for its own files has set its handlers: reading, failing and
     * validating leave them in place and never call them */
    xmlSetStructuredErrorFunc(&program_errors, program_structured);
    xmlSetGenericErrorFunc(&program_errors, program_generic);
    program_errors = 0;
    doc = read_text(f, "broken.xml", "<a>\n<b></a>\n", &path);
    assert_null(doc);
    fixture_assert_has(bl_diag_text(f->diag), ":2: error: opening and ending tag mismatch");
    g_free(path);
    f->doc = read_text(f, "contacts.xml", "<contacts/>\n", &path);
    assert_non_null(f->doc);
    assert_int_equal(bl_xml_validate(f->doc, path, CONTACTS_SCHEMA, f->diag), -1);
    assert_int_equal(program_errors, 0);
    assert_ptr_equal(xmlStructuredError, program_structured);
    assert_ptr_equal(xmlStructuredErrorContext, &program_errors);
    assert_ptr_equal(xmlGenericErrorContext, &program_errors);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlSetGenericErrorFunc(NULL, NULL);
    g_free(path);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        /* xml.c */
        TEST(test_message_keeps_the_first_line_in_lower_case),
        TEST(test_read_gives_the_document),
        TEST(test_read_refuses_a_doctype_and_never_reads_its_entities),
        TEST(test_read_refuses_what_is_not_well_formed_with_its_line),
        TEST(test_read_refuses_deep_nesting),
        TEST(test_read_refuses_an_encoding_other_than_utf8),
        TEST(test_read_refuses_missing_folders_and_huge_files),
        TEST(test_read_refuses_an_empty_file),
        TEST(test_text_attributes_and_lines_of_nodes),
        TEST(test_errors_go_through_the_contexts_not_the_process_handlers),
        /* xml_explain.c */
        TEST(test_valid_document_passes_in_silence),
        TEST(test_schema_errors_name_the_element_and_the_format),
        TEST(test_schema_of_another_format_gives_the_validator_message),
        TEST(test_schema_that_cannot_be_loaded_is_reported),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

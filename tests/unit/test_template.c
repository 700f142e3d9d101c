/* SPDX-License-Identifier: MIT */
/* Unit tests of template.c: every malformed template is refused at compile time with its
 * file, line and a message saying what to fix. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>

#include "bind.h"
#include "bl_test.h"
#include "fields.h"
#include "template.h"

static int
setup(void **state)
{
    *state = fixture_incident();
    return *state == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
    bl_incident_free(*state);
    return 0;
}

static int
compile(const struct bl_incident *inc, const char *name, char **msgs)
{
    char *path = g_build_filename(BL_TEST_DATA, "template", name, NULL);
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_template *tpl = NULL;
    int rc = bl_template_compile(&tpl, path, inc, NULL, diag);

    if (rc == 0) {
        assert_non_null(tpl);
    } else {
        assert_null(tpl);
    }
    *msgs = g_strdup(bl_diag_text(diag));
    bl_template_free(tpl);
    bl_diag_free(diag);
    g_free(path);
    return rc;
}

static void
test_good_template_compiles(void **state)
{
    char *msgs;

    assert_int_equal(compile(*state, "good.xml", &msgs), 0);
    assert_string_equal(msgs, "");
    g_free(msgs);
}

static void
test_shipped_template_compiles(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_template *tpl = NULL;
    struct bl_contacts *contacts = fixture_contacts();

    if (bl_template_compile(&tpl, BL_DATADIR "/templates/us-notice/letter.xml", *state, contacts,
                            diag) != 0) {
        fail_msg("%s", bl_diag_text(diag));
    }
    bl_contacts_free(contacts);
    assert_true(bl_template_has_language(tpl, "en"));
    assert_false(bl_template_has_language(tpl, "xx"));
    bl_template_free(tpl);
    bl_diag_free(diag);
}

/* The shipped template has a catalog of every language it ships, and each translates every
 * text of it: no letter in Spanish or Chinese is refused for a text it lacks. */
static void
test_shipped_catalogs_translate_every_text(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_template *tpl = NULL;
    struct bl_contacts *contacts = fixture_contacts();
    static const char *const languages[] = {"es", "zh"};

    if (bl_template_compile(&tpl, BL_DATADIR "/templates/us-notice/letter.xml", *state, contacts,
                            diag) != 0) {
        fail_msg("%s", bl_diag_text(diag));
    }
    assert_string_equal(bl_template_languages(tpl), "en es zh");
    for (gsize i = 0; i < G_N_ELEMENTS(languages); i++) {
        const GPtrArray *missing = bl_template_missing(tpl, languages[i]);

        assert_non_null(missing);
        if (missing->len > 0) {
            fail_msg("%s: %s", languages[i], (const char *)g_ptr_array_index(missing, 0));
        }
        assert_ptr_not_equal(bl_template_for_language(tpl, languages[i]), tpl);
    }
    assert_ptr_equal(bl_template_for_language(tpl, "en"), tpl);
    assert_null(bl_template_missing(tpl, "en"));
    assert_string_equal(bl_template_translate(tpl, "es", NULL, "What Happened"), "Qué sucedió");
    assert_string_equal(bl_template_translate(tpl, "es", "rule", "remain vigilant"),
                        "se mantenga alerta");
    assert_string_equal(bl_template_translate(tpl, "en", NULL, "What Happened"), "What Happened");
    bl_contacts_free(contacts);
    bl_template_free(tpl);
    bl_diag_free(diag);
}

static const char small_letter[] =
    "<letter title=\"Notice\" languages=\"en\">\n"
    "  <address><line><field ref=\"recipient.full_name\"/></line></address>\n"
    "  <body>\n"
    "    <title>Notice</title>\n"
    "    <p>Dear <field ref=\"recipient.first_name\"/>:</p>\n"
    "    <p>We wrote on <field ref=\"incident.notice\"/>. <b>Read it</b> now.</p>\n"
    "    <if variant=\"minor\"><p>Only for children.</p></if>\n"
    "  </body>\n"
    "</letter>\n";

static const char small_po[] =
    "msgid \"\"\nmsgstr \"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n"
    "msgid \"Notice\"\nmsgstr \"Aviso\"\n"
    "msgid \"Dear {recipient.first_name}:\"\nmsgstr \"Estimado(a) {recipient.first_name}:\"\n"
    "msgid \"We wrote on {incident.notice}. <b>Read it</b> now.\"\n"
    "msgstr \"<b>Léala</b> ya: le escribimos el {incident.notice}.\"\n"
    "msgctxt \"date\"\nmsgid \"{month} {day}, {year}\"\nmsgstr \"{day} de {month} de {year}\"\n"
    "msgctxt \"page\"\nmsgid \"Page {page} of {pages}\"\nmsgstr \"Página {page} de {pages}\"\n";

/* A catalog's texts take the place of the template's, with the fields and tags where the
 * translation puts them; a text it lacks is listed, and refuses only the letters that print
 * it; a translation naming a field the text does not have is a text it lacks. The .pot lists
 * the texts with their fields as {placeholders}. */
static void
test_translations_take_the_place_of_the_text(void **state)
{
    static const char *const months[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
    static const char *const meses[] = {"enero",      "febrero", "marzo",     "abril",
                                        "mayo",       "junio",   "julio",     "agosto",
                                        "septiembre", "octubre", "noviembre", "diciembre"};
    const struct bl_incident *inc = *state;
    char *dir = fixture_tmpdir("translate");
    char *podir = g_build_filename(dir, "po", NULL);
    char *letter_path = fixture_write(dir, "letter.xml", small_letter, -1);
    GString *po = g_string_new(small_po);
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_template *tpl = NULL;
    static const char *const none[] = {NULL};
    struct bl_recipient *r = fixture_recipient(inc, none);
    struct bl_letter letter;
    const GPtrArray *missing;
    char *pot, *text, *want;

    (void)state;
    for (gsize i = 0; i < G_N_ELEMENTS(months); i++) {
        g_string_append_printf(po, "msgctxt \"month\"\nmsgid \"%s\"\nmsgstr \"%s\"\n", months[i],
                               meses[i]);
    }
    g_mkdir(podir, 0700);
    g_free(fixture_write(podir, "es.po", po->str, -1));
    g_free(fixture_write(podir, "fr.po",
                         "msgid \"Notice\"\nmsgstr \"Avis\"\n"
                         "msgid \"Dear {recipient.first_name}:\"\n"
                         "msgstr \"Cher {recipient.first}:\"\n",
                         -1));
    if (bl_template_compile(&tpl, letter_path, inc, NULL, diag) != 0) {
        fail_msg("%s", bl_diag_text(diag));
    }
    assert_string_equal(bl_template_languages(tpl), "en es fr");
    missing = bl_template_missing(tpl, "es");
    assert_int_equal(missing->len, 1);
    want = g_strdup_printf("the text 'Only for children.' (%s:7) has no translation in %s/po/es.po",
                           letter_path, dir);
    assert_string_equal(g_ptr_array_index(missing, 0), want);
    g_free(want);
    fixture_assert_has(g_ptr_array_index(bl_template_missing(tpl, "fr"), 0),
                       "the translation of 'Dear {recipient.first_name}:' in ");
    fixture_assert_has(g_ptr_array_index(bl_template_missing(tpl, "fr"), 0),
                       "names {recipient.first}, which the English text does not have");

    bl_letter_init(&letter);
    fixture_set(&r->language, "es");
    assert_int_equal(bl_bind(&letter, tpl, inc, NULL, r, diag), 0);
    assert_string_equal(letter.title, "Aviso");
    assert_string_equal(letter.page_label, "Página {page} de {pages}");
    text = bl_letter_text(&letter);
    fixture_assert_has(text, "Aviso\nEstimado(a) Zoë:\nLéala ya: le escribimos el ");
    g_free(text);
    want = g_strdup_printf("<b>Léala</b> ya: le escribimos el %d de %s de %d.",
                           g_date_get_day(&inc->notice), meses[g_date_get_month(&inc->notice) - 1],
                           g_date_get_year(&inc->notice));
    assert_string_equal(g_array_index(letter.blocks, struct bl_block, 2).markup, want);
    g_free(want);

    r->variant = BL_VARIANT_MINOR;
    assert_int_equal(bl_bind(&letter, tpl, inc, NULL, r, diag), -1);
    fixture_assert_has(bl_diag_text(diag),
                       "the letter in 'es' cannot be made: the text 'Only for children.'");

    pot = bl_template_pot(tpl, NULL);
    fixture_assert_has(pot, "#: letter.xml:5\nmsgid \"Dear {recipient.first_name}:\"\n");
    fixture_assert_has(pot, "msgid \"We wrote on {incident.notice}. <b>Read it</b> now.\"\n");
    fixture_assert_has(pot, "msgid \"Only for children.\"\n");
    g_free(pot);

    bl_letter_release(&letter);
    fixture_recipient_free(r);
    bl_template_free(tpl);
    bl_diag_free(diag);
    g_string_free(po, TRUE);
    fixture_rmdir(dir);
    g_free(letter_path);
    g_free(podir);
    g_free(dir);
}

static const struct {
    const char *file;
    const char *expect; /* "<file>:<line>: error: <message>" as the user sees it */
} bad[] = {
    {"bad-unknown-field.xml",
     "bad-unknown-field.xml:23: error: unknown field 'recipient.firstname'"},
    {"bad-unknown-element.xml", "bad-unknown-element.xml:22: error: unknown element <titel>"},
    {"bad-if-no-condition.xml", "bad-if-no-condition.xml:30: error: <if> needs a condition"},
    {"bad-unknown-category.xml",
     "bad-unknown-category.xml:30: error: unknown category 'shoe-size' in condition"},
    {"bad-unknown-state.xml", "bad-unknown-state.xml:33: error: unknown jurisdiction 'XY'"},
    {"bad-format.xml",
     "bad-format.xml:37: error: format 'long' does not apply to field 'incident.total_affected'"},
    {"bad-list-as-text.xml", "bad-list-as-text.xml:19: error: field 'incident.actions' is a list"},
    {"bad-text-outside.xml", "bad-text-outside.xml:26: error: text outside a paragraph"},
    {"bad-font-size.xml", "bad-font-size.xml:2: error: font-size '8' must be between 10 and 14"},
    {"bad-include-missing.xml", "bad-include-missing.xml:53: error: cannot include"},
    {"bad-include-self.xml", "self-fragment.xml:2: error: "},
    {"bad-loop-member.xml", "bad-loop-member.xml:26: error: unknown field 'c.colour'"},
};

static void
test_bad_templates_are_refused_with_file_and_line(void **state)
{
    for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
        char *msgs;

        assert_int_equal(compile(*state, bad[i].file, &msgs), -1);
        if (strstr(msgs, bad[i].expect) == NULL) {
            fail_msg("%s: expected '%s' in:\n%s", bad[i].file, bad[i].expect, msgs);
        }
        g_free(msgs);
    }
}

static void
test_every_error_is_listed_not_only_the_first(void **state)
{
    char *msgs;

    assert_int_equal(compile(*state, "bad-multiple.xml", &msgs), -1);
    assert_non_null(strstr(msgs, ":3: error: unknown field 'recipient.nope'"));
    assert_non_null(strstr(msgs, ":5: error: unknown field 'org.nope'"));
    assert_non_null(strstr(msgs, ":6: error: <blink> is not allowed inside text"));
    g_free(msgs);
}

/* Compiles a one-paragraph template around inner; returns the rc and the messages. */
static int
compile_text(const struct bl_incident *inc, const struct bl_contacts *contacts, const char *inner,
             char **msgs)
{
    char *path = NULL;
    int fd = g_file_open_tmp("bl-tpl-XXXXXX.xml", &path, NULL);
    char *xml = g_strdup_printf("<letter title='T' languages='en'>\n<address><line><field "
                                "ref='recipient.full_name'/></line></address>\n<body>\n"
                                "<p>%s</p>\n</body></letter>",
                                inner);
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_template *tpl = NULL;
    int rc;

    close(fd);
    g_file_set_contents(path, xml, -1, NULL);
    rc = bl_template_compile(&tpl, path, inc, contacts, diag);
    *msgs = g_strdup(bl_diag_text(diag));
    bl_template_free(tpl);
    bl_diag_free(diag);
    g_unlink(path);
    g_free(path);
    g_free(xml);
    return rc;
}

static void
test_contact_fields_are_checked_at_compile_time(void **state)
{
    struct bl_contacts *contacts = fixture_contacts();
    char *msgs;

    assert_non_null(contacts);
    assert_int_equal(compile_text(*state, contacts,
                                  "<field ref='contact.ftc.phone'/> <field "
                                  "ref='contact.equifax.freeze_address'/>",
                                  &msgs),
                     0);
    g_free(msgs);
    assert_int_equal(compile_text(*state, contacts, "<field ref='contact.fbi.phone'/>", &msgs), -1);
    assert_non_null(strstr(msgs, ":4: error: unknown contact 'fbi' (see "));
    g_free(msgs);
    assert_int_equal(compile_text(*state, contacts, "<field ref='contact.cfpb.phone'/>", &msgs),
                     -1);
    assert_non_null(strstr(msgs, ":4: error: contact 'cfpb' has no phone in "));
    g_free(msgs);
    assert_int_equal(compile_text(*state, contacts, "<field ref='contact.ftc.fax'/>", &msgs), -1);
    assert_non_null(strstr(msgs, "contact field 'contact.ftc.fax' must be contact.<id>.<member>"));
    g_free(msgs);
    assert_int_equal(compile_text(*state, NULL, "<field ref='contact.ftc.phone'/>", &msgs), -1);
    assert_non_null(strstr(msgs, "contact field 'contact.ftc.phone' needs the contacts file"));
    g_free(msgs);
    assert_string_equal(bl_contacts_value(contacts, "equifax", "freeze_address"),
                        "Equifax Security Freeze\nP.O. Box 105788\nAtlanta, GA 30348-5788");
    assert_string_equal(bl_contacts_version(contacts), "2026.1");
    assert_true(bl_contacts_stale_count(contacts) > 0);
    bl_contacts_free(contacts);
}

static void
test_unknown_field_names_the_field_meant(void **state)
{
    static const struct {
        const char *ref;
        const char *expect;
    } cases[] = {
        {"recipient.zipcode",
         ":4: error: unknown field 'recipient.zipcode'; did you mean 'recipient.postal_code'?\n"},
        {"recipient.fist_name",
         ":4: error: unknown field 'recipient.fist_name'; did you mean 'recipient.first_name'?\n"},
        {"org.fone", ":4: error: unknown field 'org.fone'; did you mean 'org.phone'?\n"},
        {"recipient.shoe_size",
         ":4: error: unknown field 'recipient.shoe_size' (to print a column of the list, "
         "declare it in the incident's <recipient-fields>)\n"},
        {"incident.shoe_size", ":4: error: unknown field 'incident.shoe_size'\n"},
    };

    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *inner = g_strdup_printf("<field ref='%s'/>", cases[i].ref);
        char *msgs;

        assert_int_equal(compile_text(*state, NULL, inner, &msgs), -1);
        if (strstr(msgs, cases[i].expect) == NULL) {
            fail_msg("expected '%s' in:\n%s", cases[i].expect, msgs);
        }
        g_free(msgs);
        g_free(inner);
    }
}

/* Compiles a template whose <body> is body (and, when given, whose <letterhead> is head), a PNG
 * file "seal.png" beside it; returns the rc and the messages. */
static int
compile_body(const struct bl_incident *inc, const struct bl_contacts *contacts, const char *head,
             const char *body, char **msgs)
{
    char *dir = fixture_tmpdir("tpl-body");
    char *xml = g_strdup_printf("<letter title='T' languages='en'>\n%s%s%s<address><line><field "
                                "ref='recipient.full_name'/></line></address>\n<body>\n%s\n"
                                "</body></letter>",
                                head != NULL ? "<letterhead>" : "", head != NULL ? head : "",
                                head != NULL ? "</letterhead>\n" : "", body);
    char *path = fixture_write(dir, "letter.xml", xml, -1);
    char *png = fixture_write(dir, "seal.png", "\x89PNG\r\n\x1a\n", 8);
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_template *tpl = NULL;
    int rc = bl_template_compile(&tpl, path, inc, contacts, diag);

    *msgs = g_strdup(bl_diag_text(diag));
    bl_template_free(tpl);
    bl_diag_free(diag);
    fixture_rmdir(dir);
    g_free(png);
    g_free(path);
    g_free(xml);
    g_free(dir);
    return rc;
}

/* A box, columns, pictures (from a field or a file, in the letterhead and between a
 * signature's lines) and the conditions on the incident's groups are part of the language. */
static void
test_boxes_columns_and_pictures_compile(void **state)
{
    struct bl_contacts *contacts = fixture_contacts();
    char *msgs;

    assert_int_equal(
        compile_body(*state, contacts,
                     "<if field='org.logo'><image src='org.logo' height='0.7in'/></if>"
                     "<line><field ref='incident.notice'/></line>",
                     "<box font-size='12' keep-with-next='true'><subheading>Now</subheading>"
                     "<list><if incident-group='health government-id'><item>A</item></if></list>"
                     "<columns><column><p>B</p></column></columns></box>"
                     "<columns font-size='10'><column><p><b><field ref='contact.ftc.name'/></b>"
                     "<br/><field ref='contact.ftc.address' format='without-name'/></p></column>"
                     "<if category='ssn'><column><image src='seal.png' width='1in' "
                     "align='center'/></column></if></columns>"
                     "<signature><line>Sincerely,</line><image src='org.signature' "
                     "optional='true' height='36pt'/><line><field "
                     "ref='org.signatory.name'/></line></signature>",
                     &msgs),
        0);
    assert_string_equal(msgs, "");
    g_free(msgs);
    bl_contacts_free(contacts);
}

/* Each misuse of a box, columns or a picture is refused with the line and what to write. */
static void
test_box_column_and_picture_mistakes_are_refused(void **state)
{
    static const struct {
        const char *body;
        const char *expect;
    } cases[] = {
        {"<box><p>A</p>\n<page-break/></box>",
         ":5: error: a <box> or a <column> is kept on one page: it cannot hold a <page-break/>"},
        {"<box><box><p>A</p></box></box>",
         ":4: error: a <box> cannot be inside another <box> or a <column>"},
        {"<columns><column><columns/></column></columns>",
         ":4: error: <columns> cannot be inside a <column>"},
        {"<columns><p>A</p></columns>",
         ":4: error: <p> is not allowed in <columns> (allowed: column, if, unless, choose)"},
        {"<columns>text</columns>", ":4: error: text outside a column: put it in <column>"},
        {"<columns font-size='8'><column/></columns>",
         ":4: error: font-size '8' must be between 10 and 14 points"},
        {"<image src='org.logo'/>", ":4: error: <image> needs its size: width=\"...\" or "
                                    "height=\"...\""},
        {"<image height='1in'/>", ":4: error: <image> needs src=\"a field\""},
        {"<image src='org.logo' height='2 inches'/>",
         ":4: error: height=\"2 inches\" must be a length of at most 3.0 in, with its unit"},
        {"<image src='org.logo' width='9in'/>",
         ":4: error: width=\"9in\" must be a length of at most 6.5 in"},
        {"<image src='logo.svg' height='1in'/>",
         ":4: error: image 'logo.svg' is not a PNG file: save it as PNG"},
        {"<image src='missing.png' height='1in'/>", ":4: error: image 'missing.png' not found"},
        {"<image src='org.lgo' height='1in'/>",
         ":4: error: unknown field 'org.lgo'; did you mean 'org.logo'?"},
        {"<image src='incident.notice' height='1in'/>",
         ":4: error: field 'incident.notice' does not name a picture"},
        {"<p><image src='org.logo' height='1in'/></p>",
         ":4: error: <image> is not allowed inside text"},
        {"<if incident-group='shoes'><p>A</p></if>",
         ":4: error: unknown incident-group 'shoes' in condition"},
        {"<p><field ref='contact.ftc.phone' format='without-name'/></p>",
         ":4: error: format 'without-name' does not apply to contact field 'contact.ftc.phone'"},
    };
    struct bl_contacts *contacts = fixture_contacts();

    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *msgs;

        assert_int_equal(compile_body(*state, contacts, NULL, cases[i].body, &msgs), -1);
        if (strstr(msgs, cases[i].expect) == NULL) {
            fail_msg("%s: expected '%s' in:\n%s", cases[i].body, cases[i].expect, msgs);
        }
        g_free(msgs);
    }
    bl_contacts_free(contacts);
}

/* An address's lines hold no picture: only the letterhead's and a signature's may. */
static void
test_pictures_only_in_letterhead_and_signature_lines(void **state)
{
    char *dir = fixture_tmpdir("tpl-address");
    char *path = fixture_write(dir, "letter.xml",
                               "<letter title='T' languages='en'>\n<address>\n<image "
                               "src='org.logo' height='1in'/>\n<line>A</line></address>\n"
                               "<body><p>B</p></body></letter>",
                               -1);
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_template *tpl = NULL;
    char *msgs;

    assert_int_equal(bl_template_compile(&tpl, path, *state, NULL, diag), -1);
    assert_non_null(strstr(bl_diag_text(diag), "letter.xml:3: error: <image> is not allowed here "
                                               "(allowed: line, if, unless, choose)"));
    bl_diag_free(diag);
    fixture_rmdir(dir);
    g_free(path);
    g_free(dir);
    assert_int_equal(compile_body(*state, NULL, "<line>X</line>",
                                  "<p>A</p><signature><line>B</line><box/></signature>", &msgs),
                     -1);
    assert_non_null(strstr(msgs, ":5: error: <box> is not allowed here (allowed: line, image, if, "
                                 "unless, choose)"));
    g_free(msgs);
    assert_int_equal(compile_body(*state, NULL, "<p>X</p>", "<p>A</p>", &msgs), -1);
    assert_non_null(strstr(msgs,
                           ":2: error: <p> is not allowed here (allowed: line, image, if, unless, "
                           "choose)"));
    g_free(msgs);
}

/* Compiles a notice (kind="notice") of one paragraph around inner. */
static int
compile_notice(const struct bl_incident *inc, const char *inner, char **msgs)
{
    char *path = NULL;
    int fd = g_file_open_tmp("bl-notice-XXXXXX.xml", &path, NULL);
    char *xml = g_strdup_printf("<letter kind='notice' title='T' languages='en'><body>"
                                "<p>%s</p></body></letter>",
                                inner);
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_template *tpl = NULL;
    int rc;

    close(fd);
    g_file_set_contents(path, xml, -1, NULL);
    rc = bl_template_compile(&tpl, path, inc, NULL, diag);
    *msgs = g_strdup(bl_diag_text(diag));
    bl_template_free(tpl);
    bl_diag_free(diag);
    g_unlink(path);
    g_free(path);
    g_free(xml);
    return rc;
}

/* Declares a custom field in inc, as <recipient-fields> would on line. */
static void
add_custom(struct bl_incident *inc, const char *name, enum bl_custom_kind kind, int line)
{
    struct bl_custom_field *field = g_new0(struct bl_custom_field, 1);

    field->name = g_strdup(name);
    field->column = g_strdup(name);
    field->label = g_strdelimit(g_strdup(name), "_", ' ');
    field->kind = kind;
    field->personal = TRUE;
    field->line = line;
    g_ptr_array_add(inc->custom_fields, field);
}

/* A column the incident declares is a field like the built-in ones: its kind decides the
 * formats it takes, a misspelling of it gets a "did you mean", and one not declared is an
 * unknown field. */
static void
test_declared_columns_are_fields_checked_at_compile_time(void **state)
{
    static const struct {
        const char *inner;
        const char *expect; /* NULL: compiles */
    } cases[] = {
        {"<field ref='recipient.username'/> <field ref='recipient.visit_date' format='iso'/> "
         "<field ref='recipient.records' format='grouped'/> <field ref='recipient.username' "
         "format='upper'/> <if field='recipient.practice_ref'>x</if> "
         "<if same='recipient.visit_date incident.notice'>y</if>",
         NULL},
        {"<field ref='recipient.usrname'/>",
         ":4: error: unknown field 'recipient.usrname'; did you mean 'recipient.username'?\n"},
        {"<field ref='recipient.nickname'/>",
         ":4: error: unknown field 'recipient.nickname' (to print a column of the list, "
         "declare it in the incident's <recipient-fields>)\n"},
        {"<field ref='recipient.username' format='long'/>",
         ":4: error: format 'long' does not apply to field 'recipient.username'\n"},
        {"<field ref='recipient.visit_date' format='upper'/>",
         ":4: error: format 'upper' does not apply to field 'recipient.visit_date'\n"},
        {"<each in='recipient.username' as='u'/>",
         ":4: error: field 'recipient.username' is not a list\n"},
    };
    struct bl_incident *inc = fixture_incident();

    (void)state;
    add_custom(inc, "username", BL_CUSTOM_CODE, 40);
    add_custom(inc, "practice_ref", BL_CUSTOM_TEXT, 41);
    add_custom(inc, "visit_date", BL_CUSTOM_DATE, 42);
    add_custom(inc, "records", BL_CUSTOM_NUMBER, 43);
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *msgs;
        int rc = compile_text(inc, NULL, cases[i].inner, &msgs);

        if (cases[i].expect == NULL) {
            if (rc != 0) {
                fail_msg("%s", msgs);
            }
        } else {
            assert_int_equal(rc, -1);
            if (strstr(msgs, cases[i].expect) == NULL) {
                fail_msg("expected '%s' in:\n%s", cases[i].expect, msgs);
            }
        }
        g_free(msgs);
    }
    bl_incident_free(inc);
}

/* A notice may hold one person's conditions and fields only where a notice never goes: in the
 * <when>s after a <when notice="true">, or under notice="false" (a fragment the letter and the
 * notices share); anywhere else they are refused, after a <when> with more conditions too. */
static void
test_notice_takes_person_conditions_only_in_letter_branches(void **state)
{
    struct bl_incident *inc = fixture_incident();
    char *msgs;

    (void)state;
    assert_int_equal(compile_notice(inc,
                                    "<choose><when notice='true'>people's</when>"
                                    "<when variant='minor'>your child's</when>"
                                    "<otherwise><field ref='recipient.first_name'/></otherwise>"
                                    "</choose><if notice='false' variant='deceased'>x</if>",
                                    &msgs),
                     0);
    g_free(msgs);
    assert_int_equal(compile_notice(inc, "<if variant='minor'>your child's</if>", &msgs), -1);
    assert_non_null(strstr(msgs, "error: condition 'variant' is about one person"));
    g_free(msgs);
    assert_int_equal(compile_notice(inc,
                                    "<choose><when notice='true' access='confirmed'>a</when>"
                                    "<when variant='minor'>b</when></choose>",
                                    &msgs),
                     -1);
    assert_non_null(strstr(msgs, "error: condition 'variant' is about one person"));
    g_free(msgs);
    assert_int_equal(compile_notice(inc,
                                    "<choose><when notice='true'>a</when><otherwise>b</otherwise>"
                                    "</choose><field ref='recipient.first_name'/>",
                                    &msgs),
                     -1);
    assert_non_null(strstr(msgs, "error: field 'recipient.first_name' describes one person"));
    g_free(msgs);
    bl_incident_free(inc);
}

/* Without the declaration the same reference is an unknown field; a declared field named
 * like a built-in one is refused where it is declared; a notice cannot print one. */
static void
test_undeclared_or_clashing_columns_are_refused(void **state)
{
    struct bl_incident *inc = fixture_incident();
    char *msgs;

    assert_int_equal(compile_text(*state, NULL, "<field ref='recipient.username'/>", &msgs), -1);
    assert_non_null(strstr(msgs, ":4: error: unknown field 'recipient.username' (to print a "
                                 "column of the list, declare it in the incident's "
                                 "<recipient-fields>)\n"));
    g_free(msgs);
    add_custom(inc, "username", BL_CUSTOM_TEXT, 36);
    assert_int_equal(compile_notice(inc, "<field ref='recipient.username'/>", &msgs), -1);
    assert_non_null(strstr(msgs, "error: field 'recipient.username' describes one person, and a "
                                 "notice is written to no one in particular\n"));
    g_free(msgs);
    add_custom(inc, "full_name", BL_CUSTOM_TEXT, 37);
    assert_int_equal(compile_text(inc, NULL, "x", &msgs), -1);
    assert_non_null(strstr(msgs, "good.xml:37: error: recipient field 'full_name' has the name of "
                                 "a field templates have already ('recipient.full_name'): choose "
                                 "another name\n"));
    g_free(msgs);
    bl_incident_free(inc);
}

/* The table is the one place a field is defined: each row is found by its name, has its own
 * index, and every list can be walked by <each>. */
static void
test_every_field_is_one_row_found_by_name(void **state)
{
    gsize count;
    const struct bl_field *table = bl_field_table(&count);

    (void)state;
    assert_true(count > 50 && count <= BL_FIELDS_MAX);
    for (gsize i = 0; i < count; i++) {
        const struct bl_field *f = &table[i];

        assert_ptr_equal(bl_field_find(f->name), f);
        assert_int_equal(bl_field_index(f), (int)i);
        assert_int_equal(bl_field_id(f->name), (int)i);
        assert_non_null(f->get);
        if (f->kind == BL_FIELD_KIND_TEXT_LIST) {
            assert_non_null(bl_field_loop_member(f, NULL));
            assert_null(bl_field_loop_member(f, "label"));
        } else if (f->kind == BL_FIELD_KIND_CATEGORY_LIST) {
            assert_null(bl_field_loop_member(f, NULL));
            assert_string_equal(bl_field_loop_member(f, "label")->name, "category.label");
            assert_int_equal(bl_field_index(bl_field_loop_member(f, "group")), -1);
        }
        /* a field about the recipient is named so: a notice is refused it */
        assert_int_equal((f->flags & BL_FIELD_OF_RECIPIENT) != 0,
                         g_str_has_prefix(f->name, "recipient.") ||
                             g_str_has_prefix(f->name, "entity.") ||
                             g_str_has_prefix(f->name, "jurisdiction."));
    }
    assert_null(bl_field_find("recipient.zipcode"));
    assert_int_equal(bl_field_id("category.label"), -1);
}

/* Every field of the table is documented in the template language's guide. */
static void
test_every_field_is_documented(void **state)
{
    gsize count;
    const struct bl_field *table = bl_field_table(&count);
    char *readme = NULL;

    (void)state;
    assert_true(g_file_get_contents(BL_DATADIR "/templates/README.md", &readme, NULL, NULL));
    for (gsize i = 0; i < count; i++) {
        char *quoted = g_strdup_printf("`%s`", table[i].name);

        if (strstr(readme, quoted) == NULL) {
            fail_msg("templates/README.md does not document field %s", quoted);
        }
        g_free(quoted);
    }
    g_free(readme);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_template_compiles),
        cmocka_unit_test(test_shipped_template_compiles),
        cmocka_unit_test(test_bad_templates_are_refused_with_file_and_line),
        cmocka_unit_test(test_every_error_is_listed_not_only_the_first),
        cmocka_unit_test(test_contact_fields_are_checked_at_compile_time),
        cmocka_unit_test(test_unknown_field_names_the_field_meant),
        cmocka_unit_test(test_every_field_is_one_row_found_by_name),
        cmocka_unit_test(test_every_field_is_documented),
        cmocka_unit_test(test_declared_columns_are_fields_checked_at_compile_time),
        cmocka_unit_test(test_undeclared_or_clashing_columns_are_refused),
        cmocka_unit_test(test_notice_takes_person_conditions_only_in_letter_branches),
        cmocka_unit_test(test_shipped_catalogs_translate_every_text),
        cmocka_unit_test(test_translations_take_the_place_of_the_text),
        cmocka_unit_test(test_boxes_columns_and_pictures_compile),
        cmocka_unit_test(test_box_column_and_picture_mistakes_are_refused),
        cmocka_unit_test(test_pictures_only_in_letterhead_and_signature_lines),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}

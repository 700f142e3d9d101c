/* SPDX-License-Identifier: MIT */
/* Unit tests of bind.c: conditions, loops, formats, empty lines and escaping, without Pango. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>

#include "bind.h"
#include "bl_test.h"

struct fix {
    struct bl_incident *inc;
    struct bl_template *tpl;
    struct bl_letter letter;
    struct bl_diag *diag;
};

static int
setup(void **state)
{
    struct fix *f = g_new0(struct fix, 1);

    f->inc = fixture_incident();
    f->diag = bl_diag_new(NULL);
    if (f->inc == NULL || bl_template_compile(&f->tpl, BL_TEST_DATA "/template/good.xml", f->inc,
                                              NULL, f->diag) < 0) {
        fprintf(stderr, "%s", bl_diag_text(f->diag));
        return -1;
    }
    bl_letter_init(&f->letter);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fix *f = *state;

    bl_letter_release(&f->letter);
    bl_template_free(f->tpl);
    bl_incident_free(f->inc);
    bl_diag_free(f->diag);
    g_free(f);
    return 0;
}

/* All the letter's block markup, one block a line, "|" for a page break. */
static char *
body(const struct bl_letter *letter)
{
    GString *out = g_string_new(NULL);

    for (guint i = 0; i < letter->blocks->len; i++) {
        const struct bl_block *b = &g_array_index(letter->blocks, struct bl_block, i);

        g_string_append(out, b->kind == BL_BLOCK_PAGE_BREAK ? "|" : b->markup);
        g_string_append_c(out, '\n');
    }
    return g_string_free(out, FALSE);
}

static char *
bind(struct fix *f, struct bl_recipient *r)
{
    bl_diag_clear(f->diag);
    assert_int_equal(bl_bind(&f->letter, f->tpl, f->inc, NULL, r, f->diag), 0);
    return body(&f->letter);
}

static void
test_categories_loop_and_conditions(void **state)
{
    struct fix *f = *state;
    const char *cats[] = {"ssn", "health-insurance", NULL};
    struct bl_recipient *r = fixture_recipient(f->inc, cats);
    char *text = bind(f, r);

    assert_non_null(strstr(text, "Your Social Security number and health insurance policy "
                                 "numbers.\n"));
    assert_non_null(strstr(text, "\nSocial Security number\nHealth insurance policy numbers\n"));
    assert_non_null(strstr(text, "SSN advice."));
    assert_null(strstr(text, "No SSN."));
    assert_non_null(strstr(text, "Health advice."));
    assert_null(strstr(text, "Massachusetts insert."));
    assert_non_null(strstr(text, "24 months of Identity Monitoring."));
    assert_null(strstr(text, "Code:"));
    assert_non_null(strstr(text, "Affected: 360,934."));
    assert_non_null(strstr(text, "Notice 2025-01-06 / 01/06/2025."));
    assert_true(g_str_has_prefix(text, "January 6, 2025\nNotice of Data Breach\n"));
    assert_non_null(strstr(text, "\nCopied.\n"));
    assert_non_null(strstr(text, "\nFirst paragraph wrapped.\nSecond.\n"));
    assert_non_null(strstr(text, "Dear Zoë O&apos;Connor:"));
    assert_non_null(strstr(text, "|\nSteps You Can Take\nCall " BL_WHOLE_START
                                 "1-800-555-0100" BL_WHOLE_END ".\n"));
    assert_string_equal(f->letter.title, "Notice of Data Breach");
    assert_string_equal(f->letter.subject, "Test notice");
    assert_string_equal(f->letter.author, "Acme Billing & Co.");
    g_free(text);
    fixture_recipient_free(r);
}

static void
test_other_recipient_gets_other_parts(void **state)
{
    struct fix *f = *state;
    const char *cats[] = {"contact", NULL};
    struct bl_recipient *r = fixture_recipient(f->inc, cats);
    char *text;

    fixture_set(&r->jurisdiction, "MA");
    fixture_set(&r->enrolment_code, "KRL-1234");
    text = bind(f, r);
    assert_null(strstr(text, "SSN advice."));
    assert_non_null(strstr(text, "No SSN."));
    assert_null(strstr(text, "Health advice."));
    assert_non_null(strstr(text, "Massachusetts insert."));
    assert_non_null(strstr(text, "Code: <b>" BL_WHOLE_START "KRL-1234" BL_WHOLE_END "</b>"));
    assert_non_null(strstr(text, "Your contact information, such as address, e-mail address and "
                                 "telephone number.\n"));
    g_free(text);
    fixture_recipient_free(r);
}

static void
test_hostile_name_is_escaped(void **state)
{
    struct fix *f = *state;
    const char *cats[] = {"ssn", NULL};
    struct bl_recipient *r = fixture_recipient(f->inc, cats);
    char *text;

    fixture_set(&r->first_name, "<b>Bob & \"Al\"</b>");
    text = bind(f, r);
    assert_non_null(
        strstr(text, "Dear &lt;b&gt;Bob &amp; &quot;Al&quot;&lt;/b&gt; O&apos;Connor:"));
    assert_string_equal(g_ptr_array_index(f->letter.address_lines, 0),
                        "&lt;b&gt;Bob &amp; &quot;Al&quot;&lt;/b&gt; O&apos;Connor");
    g_free(text);
    fixture_recipient_free(r);
}

static void
test_empty_address_line_leaves_no_blank_line(void **state)
{
    struct fix *f = *state;
    const char *cats[] = {"ssn", NULL};
    struct bl_recipient *r = fixture_recipient(f->inc, cats);
    GPtrArray *lines;

    bl_bind(&f->letter, f->tpl, f->inc, NULL, r, f->diag);
    lines = f->letter.address_lines;
    assert_int_equal(lines->len, 3);
    assert_string_equal(g_ptr_array_index(lines, 1), "12 Palm Way");
    assert_string_equal(g_ptr_array_index(lines, 2), "Tampa, FL 33602");
    /* the incident's organisation has no second street line either */
    assert_int_equal(f->letter.return_lines->len, 3);
    assert_string_equal(g_ptr_array_index(f->letter.return_lines, 0), "Acme Billing &amp; Co.");

    fixture_set(&r->address.line2, "Apt 4, Building B");
    fixture_set(&r->middle_name, "Anne");
    fixture_set(&r->suffix, "Jr.");
    r->variant = BL_VARIANT_MINOR;
    bl_bind(&f->letter, f->tpl, f->inc, NULL, r, f->diag);
    lines = f->letter.address_lines;
    assert_int_equal(lines->len, 4);
    assert_string_equal(g_ptr_array_index(lines, 0),
                        "Parent or Guardian of Zoë Anne O&apos;Connor Jr.");
    assert_string_equal(g_ptr_array_index(lines, 2), "Apt 4, Building B");
    fixture_recipient_free(r);
}

static void
test_foreign_address_prints_country(void **state)
{
    struct fix *f = *state;
    const char *cats[] = {"ssn", NULL};
    struct bl_recipient *r = fixture_recipient(f->inc, cats);

    fixture_set(&r->address.country, "CA");
    fixture_set(&r->address.state, "ON");
    fixture_set(&r->address.postal_code, "M5V 2T6");
    fixture_set(&r->address.city, "Toronto");
    bl_bind(&f->letter, f->tpl, f->inc, NULL, r, f->diag);
    assert_int_equal(f->letter.address_lines->len, 4);
    assert_string_equal(g_ptr_array_index(f->letter.address_lines, 3), "CANADA");
    fixture_recipient_free(r);
}

static void
test_unknown_language_is_refused(void **state)
{
    struct fix *f = *state;
    const char *cats[] = {"ssn", NULL};
    struct bl_recipient *r = fixture_recipient(f->inc, cats);

    fixture_set(&r->language, "fr");
    bl_diag_clear(f->diag);
    assert_int_equal(bl_bind(&f->letter, f->tpl, f->inc, NULL, r, f->diag), -1);
    assert_string_equal(bl_diag_last_message(f->diag),
                        "the template is not written in language 'fr' (it has: en es)");
    fixture_recipient_free(r);
}

static void
test_empty_required_field_fails_without_printing_value(void **state)
{
    struct fix *f = *state;
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_template *tpl = NULL;
    const char *cats[] = {"ssn", NULL};
    struct bl_recipient *r = fixture_recipient(f->inc, cats);
    char *path = NULL;
    int fd = g_file_open_tmp("bl-unguarded-XXXXXX.xml", &path, NULL);

    close(fd);
    g_file_set_contents(path,
                        "<letter title='T' languages='en'><address><line><field "
                        "ref='recipient.full_name'/></line></address><body><p>Code "
                        "<field ref='recipient.enrolment_code'/></p></body></letter>",
                        -1, NULL);
    assert_int_equal(bl_template_compile(&tpl, path, f->inc, NULL, diag), 0);
    assert_int_equal(bl_bind(&f->letter, tpl, f->inc, NULL, r, diag), -1);
    assert_non_null(
        strstr(bl_diag_last_message(diag), "field 'recipient.enrolment_code' is empty but "));
    assert_non_null(strstr(bl_diag_last_message(diag), ".xml:1 needs it"));
    fixture_set(&r->enrolment_code, "X-1");
    assert_int_equal(bl_bind(&f->letter, tpl, f->inc, NULL, r, diag), 0);
    g_unlink(path);
    g_free(path);
    bl_template_free(tpl);
    bl_diag_free(diag);
    fixture_recipient_free(r);
}

/* Phone numbers, web addresses and codes, the incident's and the contacts', are marked to be
 * kept on one line; names and empty values are not. */
static void
test_numbers_and_addresses_marked_whole(void **state)
{
    struct fix *f = *state;
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_contacts *contacts = fixture_contacts();
    struct bl_template *tpl = NULL;
    const char *cats[] = {"ssn", NULL};
    struct bl_recipient *r = fixture_recipient(f->inc, cats);
    char *path = NULL, *text;
    int fd = g_file_open_tmp("bl-whole-XXXXXX.xml", &path, NULL);

    close(fd);
    g_file_set_contents(path,
                        "<letter title='T' languages='en'><address><line><field "
                        "ref='recipient.full_name'/></line></address><body><p>Call "
                        "<field ref='org.phone'/> or <field ref='contact.ftc.phone'/>, visit "
                        "<field ref='contact.ftc.website'/>; <field ref='org.signatory.name'/>"
                        "<field ref='org.email' optional='true'/></p></body></letter>",
                        -1, NULL);
    assert_non_null(contacts);
    assert_int_equal(bl_template_compile(&tpl, path, f->inc, contacts, diag), 0);
    assert_int_equal(bl_bind(&f->letter, tpl, f->inc, NULL, r, diag), 0);
    text = body(&f->letter);
    assert_non_null(strstr(text,
                           "Call " BL_WHOLE_START "1-800-555-0100" BL_WHOLE_END
                           " or " BL_WHOLE_START "1-877-ID-THEFT (1-877-438-4338)" BL_WHOLE_END
                           ", visit " BL_WHOLE_START "www.identitytheft.gov" BL_WHOLE_END));
    /* the signatory's name is not marked, nor an empty e-mail address */
    assert_non_null(strstr(text, BL_WHOLE_END "; "));
    assert_null(strstr(text, "; " BL_WHOLE_START));
    assert_null(strstr(text, BL_WHOLE_START BL_WHOLE_END));
    g_free(text);
    g_unlink(path);
    g_free(path);
    bl_template_free(tpl);
    bl_contacts_free(contacts);
    bl_diag_free(diag);
    fixture_recipient_free(r);
}

#define W(text) BL_WHOLE_START text BL_WHOLE_END

/* What each field of the table prints for the fixture's incident and recipient (below). */
static const struct {
    const char *name;
    const char *value;
} every_field[] = {
    {"org.name", "Acme Billing &amp; Co."},
    {"org.short_name", "Acme Billing &amp; Co."},
    {"org.description", ""},
    {"org.address.line1", "1 Main Street"},
    {"org.address.line2", ""},
    {"org.address.city", "Miami"},
    {"org.address.state", "FL"},
    {"org.address.postal_code", "33131"},
    {"org.phone", W("1-800-555-0100")},
    {"org.phone_hours", "9 a.m. to 5 p.m."},
    {"org.website", ""},
    {"org.email", ""},
    {"org.signatory.name", "Pat Lee"},
    {"org.signatory.title", "Privacy Officer"},
    {"org.logo", ""},
    {"org.signature", ""},
    {"incident.occurred_from", "December 29, 2023"},
    {"incident.occurred_to", "December 29, 2023"},
    {"incident.discovered", "December 29, 2023"},
    {"incident.contained", ""},
    {"incident.notice", "January 6, 2025"},
    {"incident.total_affected", "360934"},
    {"incident.narrative", "First paragraph wrapped.|Second."},
    {"incident.actions", "We took systems offline."},
    {"incident.categories", "ssn|health-insurance|contact"},
    {"monitoring.provider", "Kroll"},
    {"monitoring.product", "Identity Monitoring"},
    {"monitoring.services", ""},
    {"monitoring.months", "24"},
    {"monitoring.url", W("https://enroll.example.org")},
    {"monitoring.phone", ""},
    {"monitoring.phone_hours", ""},
    {"monitoring.engagement", ""},
    {"monitoring.enrol_by", "April 7, 2025"},
    {"recipient.id", W("R-0001")},
    {"recipient.title", "Dr."},
    {"recipient.first_name", "Zoë"},
    {"recipient.middle_name", ""},
    {"recipient.last_name", "O&apos;Connor"},
    {"recipient.suffix", "Jr."},
    {"recipient.full_name", "Zoë O&apos;Connor Jr."},
    {"recipient.addressee", ""},
    {"recipient.address1", "12 Palm Way"},
    {"recipient.address2", ""},
    {"recipient.city", "Tampa"},
    {"recipient.state", "FL"},
    {"recipient.postal_code", "33602"},
    {"recipient.country", "CANADA"},
    {"recipient.jurisdiction", "FL"},
    {"recipient.jurisdiction_name", "Florida"},
    {"recipient.enrolment_code", W("KRL-1234")},
    {"recipient.categories", "ssn|contact"},
    {"entity.name", "Sunrise Dental"},
    {"entity.relationship", "provides billing services to"},
    {"jurisdiction.residents", "12345"},
};

/* Every row of the field table reads its own value: a template printing each field shows what
 * the incident and the recipient hold there; a field added to the table without its line
 * here fails. */
static void
test_every_field_reads_its_value(void **state)
{
    struct fix *f = *state;
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_template *tpl = NULL;
    const char *cats[] = {"ssn", "contact", NULL};
    struct bl_recipient *r = fixture_recipient(f->inc, cats);
    gint64 residents = 12345;
    struct bl_facts facts = {0};
    GString *xml = g_string_new("<letter title='T' languages='en'><address><line>"
                                "<field ref='recipient.full_name'/></line></address><body>");
    gsize count;
    const struct bl_field *table = bl_field_table(&count);
    char *path = NULL, *text;
    int fd = g_file_open_tmp("bl-every-XXXXXX.xml", &path, NULL);

    close(fd);
    for (gsize i = 0; i < count; i++) {
        const char *name = table[i].name;

        if (table[i].kind == BL_FIELD_KIND_TEXT_LIST) {
            g_string_append_printf(xml,
                                   "<p>%s=[<each in='%s' as='x' separator='|'><field ref='x'/>"
                                   "</each>]</p>",
                                   name, name);
        } else if (table[i].kind == BL_FIELD_KIND_CATEGORY_LIST) {
            g_string_append_printf(xml,
                                   "<p>%s=[<each in='%s' as='c' separator='|'>"
                                   "<field ref='c.id'/></each>]</p>",
                                   name, name);
        } else {
            g_string_append_printf(xml, "<p>%s=[<field ref='%s' optional='true'/>]</p>", name,
                                   name);
        }
    }
    g_string_append(xml, "</body></letter>");
    g_file_set_contents(path, xml->str, -1, NULL);
    facts.residents = g_hash_table_new(g_str_hash, g_str_equal);
    g_hash_table_insert(facts.residents, "FL", &residents);
    fixture_set(&r->title, "Dr.");
    fixture_set(&r->suffix, "Jr.");
    fixture_set(&r->address.country, "CA");
    fixture_set(&r->enrolment_code, "KRL-1234");
    r->covered_entity = bl_incident_entity(f->inc, "sunrise");
    if (bl_template_compile(&tpl, path, f->inc, NULL, diag) < 0) {
        fail_msg("%s", bl_diag_text(diag));
    }
    assert_int_equal(bl_bind(&f->letter, tpl, f->inc, &facts, r, diag), 0);
    text = body(&f->letter);
    assert_int_equal(count, G_N_ELEMENTS(every_field));
    for (gsize i = 0; i < count; i++) {
        char *want = g_strdup_printf("%s=[%s]\n", every_field[i].name, every_field[i].value);

        assert_string_equal(table[i].name, every_field[i].name);
        if (strstr(text, want) == NULL) {
            fail_msg("expected '%s' in:\n%s", want, text);
        }
        /* a field that printed something is counted as printed, for the check's rules */
        assert_int_equal(bl_letter_printed(&f->letter, table[i].name),
                         every_field[i].value[0] != '\0');
        g_free(want);
    }
    g_free(text);
    g_hash_table_unref(facts.residents);
    g_string_free(xml, TRUE);
    g_unlink(path);
    g_free(path);
    bl_template_free(tpl);
    bl_diag_free(diag);
    fixture_recipient_free(r);
}

/* Declares a custom field in inc, as <recipient-fields> would. */
static void
add_custom(struct bl_incident *inc, const char *name, const char *label, enum bl_custom_kind kind)
{
    struct bl_custom_field *field = g_new0(struct bl_custom_field, 1);

    field->name = g_strdup(name);
    field->column = g_strdup(name);
    field->label = g_strdup(label);
    field->kind = kind;
    field->personal = TRUE;
    g_ptr_array_add(inc->custom_fields, field);
}

/* Columns the incident declares print each person's value: escaped like every value, a code
 * kept whole, a date and a number in the formats asked for; a person made up rather than read
 * from a list (a specimen's) shows each field's label in brackets; an empty value the template
 * needs fails the letter as a built-in field's does. */
static void
test_declared_columns_print_each_persons_value(void **state)
{
    struct fix *f = *state;
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_template *tpl = NULL;
    const char *cats[] = {"ssn", NULL};
    struct bl_recipient *r = fixture_recipient(f->inc, cats);
    const char *values[] = {"<jdoe&>", "4821", "2024-03-05", "1234567", NULL};
    char *path = NULL, *text;
    int fd = g_file_open_tmp("bl-custom-XXXXXX.xml", &path, NULL);

    close(fd);
    add_custom(f->inc, "username", "Username", BL_CUSTOM_CODE);
    add_custom(f->inc, "account_last4", "last four digits", BL_CUSTOM_TEXT);
    add_custom(f->inc, "visit_date", "Visit Date", BL_CUSTOM_DATE);
    add_custom(f->inc, "records", "Records", BL_CUSTOM_NUMBER);
    g_file_set_contents(path,
                        "<letter title='T' languages='en'><address><line><field "
                        "ref='recipient.full_name'/></line></address><body><p>User "
                        "<field ref='recipient.username'/>, card ending "
                        "<field ref='recipient.account_last4'/>, visit "
                        "<field ref='recipient.visit_date'/> (<field ref='recipient.visit_date' "
                        "format='us'/>), records <field ref='recipient.records' "
                        "format='grouped'/>.</p></body></letter>",
                        -1, NULL);
    if (bl_template_compile(&tpl, path, f->inc, NULL, diag) < 0) {
        fail_msg("%s", bl_diag_text(diag));
    }
    r->custom = g_strdupv((char **)values);
    assert_int_equal(bl_bind(&f->letter, tpl, f->inc, NULL, r, diag), 0);
    text = body(&f->letter);
    assert_string_equal(
        text, "User " W("&lt;jdoe&amp;&gt;") ", card ending 4821, visit March "
                                             "5, 2024 (03/05/2024), records 1,234,567.\n");
    assert_true(g_array_index(f->letter.blocks, struct bl_block, 0).personal);
    g_free(text);

    g_strfreev(r->custom);
    r->custom = NULL;
    assert_int_equal(bl_bind(&f->letter, tpl, f->inc, NULL, r, diag), 0);
    text = body(&f->letter);
    assert_string_equal(
        text, "User " W("[Username]") ", card ending [last four digits], visit "
                                      "[Visit Date] ([Visit Date]), records [Records].\n");
    g_free(text);

    values[1] = "";
    r->custom = g_strdupv((char **)values);
    bl_diag_clear(diag);
    assert_int_equal(bl_bind(&f->letter, tpl, f->inc, NULL, r, diag), -1);
    assert_non_null(
        strstr(bl_diag_last_message(diag), "field 'recipient.account_last4' is empty but "));
    g_strfreev(r->custom);
    r->custom = NULL;
    g_ptr_array_set_size(f->inc->custom_fields, 0); /* the incident is the group's */
    g_unlink(path);
    g_free(path);
    bl_template_free(tpl);
    bl_diag_free(diag);
    fixture_recipient_free(r);
}

/* Compiles a template of the given letterhead (NULL: none) and body, and binds it to r into
 * f->letter; returns bl_bind's rc, the messages in f->diag. */
static int
bind_body(struct fix *f, struct bl_recipient *r, const char *head, const char *body_xml)
{
    char *dir = fixture_tmpdir("bind-body");
    char *xml = g_strdup_printf("<letter title='T' languages='en'>%s%s%s<address><line><field "
                                "ref='recipient.full_name'/></line></address><body>%s</body>"
                                "</letter>",
                                head != NULL ? "<letterhead>" : "", head != NULL ? head : "",
                                head != NULL ? "</letterhead>" : "", body_xml);
    char *path = fixture_write(dir, "letter.xml", xml, -1);
    struct bl_template *tpl = NULL;
    int rc;

    bl_diag_clear(f->diag);
    if (bl_template_compile(&tpl, path, f->inc, NULL, f->diag) < 0) {
        fail_msg("%s", bl_diag_text(f->diag));
    }
    rc = bl_bind(&f->letter, tpl, f->inc, NULL, r, f->diag);
    bl_template_free(tpl);
    fixture_rmdir(dir);
    g_free(path);
    g_free(xml);
    g_free(dir);
    return rc;
}

static const struct bl_block *
block_at(const GArray *blocks, guint i)
{
    assert_true(i < blocks->len);
    return &g_array_index(blocks, struct bl_block, i);
}

/* A box and columns bind their content into their parts, in order; their markup is their parts'
 * text, a line each, so that checks read it; a box left with nothing is left out, an empty
 * column keeps its place; a box printing the recipient's data is personal. */
static void
test_box_and_columns_bind_their_parts(void **state)
{
    struct fix *f = *state;
    const char *ssn[] = {"ssn", NULL};
    const char *contact[] = {"contact", NULL};
    struct bl_recipient *r = fixture_recipient(f->inc, ssn);
    const char *tpl = "<p>Intro</p>"
                      "<box><subheading>Now</subheading><list><if category='ssn'><item>Freeze"
                      "</item></if><item>Call</item></list></box>"
                      "<box keep-with-next='true'><if category='ssn'><p>Only <field "
                      "ref='recipient.first_name'/></p></if></box>"
                      "<columns font-size='10'><column><p>A</p></column><column><if "
                      "category='ssn'><p>B</p></if></column></columns>";
    const struct bl_block *b, *col;
    char *text;

    assert_int_equal(bind_body(f, r, NULL, tpl), 0);
    assert_int_equal(f->letter.blocks->len, 4);
    b = block_at(f->letter.blocks, 1);
    assert_int_equal(b->kind, BL_BLOCK_BOX);
    assert_int_equal(b->parts->len, 3);
    assert_int_equal(block_at(b->parts, 0)->kind, BL_BLOCK_SUBHEADING);
    assert_int_equal(block_at(b->parts, 1)->kind, BL_BLOCK_ITEM);
    assert_string_equal(b->markup, "Now\nFreeze\nCall");
    assert_false(b->personal);
    b = block_at(f->letter.blocks, 2);
    assert_int_equal(b->kind, BL_BLOCK_BOX);
    assert_true(b->personal);
    assert_true(b->keep_with_next);
    assert_string_equal(b->markup, "Only Zoë");
    b = block_at(f->letter.blocks, 3);
    assert_int_equal(b->kind, BL_BLOCK_COLUMNS);
    assert_true(b->font_size == 10.0);
    assert_int_equal(b->parts->len, 2);
    col = block_at(b->parts, 1);
    assert_int_equal(col->kind, BL_BLOCK_COLUMN);
    assert_string_equal(block_at(col->parts, 0)->markup, "B");
    text = bl_letter_text(&f->letter);
    assert_non_null(strstr(text, "Intro\nNow\nFreeze\nCall\nOnly Zoë\nA\nB\n"));
    g_free(text);
    fixture_recipient_free(r);

    r = fixture_recipient(f->inc, contact);
    assert_int_equal(bind_body(f, r, NULL, tpl), 0);
    /* the second box had only the SSN paragraph: gone; the second column stays, empty */
    assert_int_equal(f->letter.blocks->len, 3);
    assert_string_equal(block_at(f->letter.blocks, 1)->markup, "Now\nCall");
    b = block_at(f->letter.blocks, 2);
    assert_int_equal(b->kind, BL_BLOCK_COLUMNS);
    assert_int_equal(b->parts->len, 2);
    assert_int_equal(block_at(b->parts, 1)->parts->len, 0);
    fixture_recipient_free(r);
}

/* A picture between a signature's lines splits it: the lines before, the picture and the lines
 * after, kept together (in the signature's group, or one of their own), each kept with the
 * next; an empty optional signature field leaves a blank space of its height to sign in. */
static void
test_signature_picture_keeps_its_space(void **state)
{
    struct fix *f = *state;
    const char *ssn[] = {"ssn", NULL};
    struct bl_recipient *r = fixture_recipient(f->inc, ssn);
    const char *tpl = "<p>Before.</p><signature><line>Sincerely,</line><image "
                      "src='org.signature' optional='true' height='0.5in'/><line><field "
                      "ref='org.signatory.name'/></line><line><field "
                      "ref='org.signatory.title'/></line></signature>";
    const struct bl_block *b;

    assert_int_equal(bind_body(f, r, NULL, tpl), 0);
    assert_int_equal(f->letter.blocks->len, 4);
    assert_int_equal(block_at(f->letter.blocks, 0)->group, 0);
    b = block_at(f->letter.blocks, 1);
    assert_int_equal(b->kind, BL_BLOCK_SIGNATURE);
    assert_string_equal(b->markup, "Sincerely,");
    assert_true(b->keep_with_next);
    assert_int_not_equal(b->group, 0);
    b = block_at(f->letter.blocks, 2);
    assert_int_equal(b->kind, BL_BLOCK_IMAGE);
    assert_null(b->image.path);
    assert_true(b->image.height == 36.0);
    assert_true(b->keep_with_next);
    assert_int_equal(b->group, block_at(f->letter.blocks, 1)->group);
    b = block_at(f->letter.blocks, 3);
    assert_string_equal(b->markup, "Pat Lee\nPrivacy Officer");
    assert_false(b->keep_with_next);
    assert_int_equal(b->group, block_at(f->letter.blocks, 1)->group);

    f->inc->org.signature = g_strdup("/srv/letters/signature.png");
    assert_int_equal(bind_body(f, r, NULL, tpl), 0);
    assert_string_equal(block_at(f->letter.blocks, 2)->image.path, "/srv/letters/signature.png");
    assert_true(bl_letter_printed(&f->letter, "org.signature"));
    g_clear_pointer(&f->inc->org.signature, g_free);
    fixture_recipient_free(r);
}

/* A picture whose field is empty and that is neither guarded nor optional fails the letter,
 * naming the field and the template's line, as an empty text field does. */
static void
test_empty_picture_not_optional_fails(void **state)
{
    struct fix *f = *state;
    const char *ssn[] = {"ssn", NULL};
    struct bl_recipient *r = fixture_recipient(f->inc, ssn);

    assert_int_equal(bind_body(f, r, NULL, "<image src='org.logo' height='1in'/>"), -1);
    assert_non_null(strstr(bl_diag_last_message(f->diag), "field 'org.logo' is empty but "));
    assert_non_null(strstr(bl_diag_last_message(f->diag), "letter.xml:1 needs it (guard it"));
    fixture_recipient_free(r);
}

/* The letterhead binds its picture and lines; a template without one leaves the author's name
 * to the layout. */
static void
test_letterhead_binds_picture_and_lines(void **state)
{
    struct fix *f = *state;
    const char *ssn[] = {"ssn", NULL};
    struct bl_recipient *r = fixture_recipient(f->inc, ssn);
    const char *head = "<if field='org.logo'><image src='org.logo' height='0.7in'/></if>"
                       "<line><field ref='incident.notice'/></line>";

    assert_int_equal(bind_body(f, r, head, "<p>A</p>"), 0);
    assert_true(f->letter.letterhead_given);
    assert_string_equal(f->letter.letterhead, "January 6, 2025");
    assert_null(f->letter.logo.path);
    assert_true(bl_letter_printed(&f->letter, "incident.notice"));
    f->inc->org.logo = g_strdup("/srv/letters/logo.png");
    assert_int_equal(bind_body(f, r, head, "<p>A</p>"), 0);
    assert_string_equal(f->letter.logo.path, "/srv/letters/logo.png");
    assert_true(f->letter.logo.height > 50.39 && f->letter.logo.height < 50.41);
    assert_true(f->letter.logo.width == 0);
    g_clear_pointer(&f->inc->org.logo, g_free);
    assert_int_equal(bind_body(f, r, NULL, "<p>A</p>"), 0);
    assert_false(f->letter.letterhead_given);
    assert_null(f->letter.letterhead);
    fixture_recipient_free(r);
}

/* incident-group tests what anyone in the incident had exposed, whatever this person had. */
static void
test_incident_group_condition(void **state)
{
    struct fix *f = *state;
    const char *contact[] = {"contact", NULL};
    struct bl_recipient *r = fixture_recipient(f->inc, contact);
    char *text;

    assert_int_equal(bind_body(f, r, NULL,
                               "<if incident-group='health'><p>EOB</p></if><if "
                               "incident-group='online financial'><p>Password</p></if><if "
                               "group='health'><p>Mine</p></if>"),
                     0);
    text = body(&f->letter);
    assert_string_equal(text, "EOB\n");
    g_free(text);
    fixture_recipient_free(r);
}

/* Inside <when same="a b">, printing a prints b's value too; elsewhere it does not. */
static void
test_same_dates_printed_once_count_for_both(void **state)
{
    struct fix *f = *state;
    const char *ssn[] = {"ssn", NULL};
    struct bl_recipient *r = fixture_recipient(f->inc, ssn);

    assert_int_equal(bind_body(f, r, NULL,
                               "<p><choose><when same='incident.occurred_from "
                               "incident.discovered'>On <field ref='incident.occurred_from'/>, "
                               "found that day.</when></choose></p>"),
                     0);
    assert_true(bl_letter_printed(&f->letter, "incident.occurred_from"));
    assert_true(bl_letter_printed(&f->letter, "incident.discovered"));
    assert_int_equal(bind_body(f, r, NULL, "<p>On <field ref='incident.occurred_from'/>.</p>"), 0);
    assert_true(bl_letter_printed(&f->letter, "incident.occurred_from"));
    assert_false(bl_letter_printed(&f->letter, "incident.discovered"));
    fixture_recipient_free(r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_categories_loop_and_conditions),
        cmocka_unit_test(test_other_recipient_gets_other_parts),
        cmocka_unit_test(test_hostile_name_is_escaped),
        cmocka_unit_test(test_empty_address_line_leaves_no_blank_line),
        cmocka_unit_test(test_foreign_address_prints_country),
        cmocka_unit_test(test_unknown_language_is_refused),
        cmocka_unit_test(test_empty_required_field_fails_without_printing_value),
        cmocka_unit_test(test_numbers_and_addresses_marked_whole),
        cmocka_unit_test(test_every_field_reads_its_value),
        cmocka_unit_test(test_declared_columns_print_each_persons_value),
        cmocka_unit_test(test_box_and_columns_bind_their_parts),
        cmocka_unit_test(test_signature_picture_keeps_its_space),
        cmocka_unit_test(test_empty_picture_not_optional_fails),
        cmocka_unit_test(test_letterhead_binds_picture_and_lines),
        cmocka_unit_test(test_incident_group_condition),
        cmocka_unit_test(test_same_dates_printed_once_count_for_both),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}

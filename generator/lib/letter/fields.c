/* SPDX-License-Identifier: MIT */
/* Template fields: the one table of every field a template may print, and the getters that
 * read each value from the incident and the recipient. */
#include "fields.h"

#include <stddef.h>
#include <string.h>

#include "countries.h"
#include "text.h"

static const char *
nonnull(const char *s)
{
    return s != NULL ? s : "";
}

/* A char * member of the incident at offset field->arg. */
static void
get_incident_text(const struct bl_field *field, const struct bl_field_scope *scope,
                  struct bl_field_value *out)
{
    out->text = nonnull(G_STRUCT_MEMBER(const char *, scope->incident, field->arg));
}

/* A GDate member of the incident. */
static void
get_incident_date(const struct bl_field *field, const struct bl_field_scope *scope,
                  struct bl_field_value *out)
{
    out->date = G_STRUCT_MEMBER_P(scope->incident, field->arg);
}

/* A GPtrArray member of the incident (the narrative, the actions, the categories). */
static void
get_incident_list(const struct bl_field *field, const struct bl_field_scope *scope,
                  struct bl_field_value *out)
{
    out->list = G_STRUCT_MEMBER(const GPtrArray *, scope->incident, field->arg);
}

/* A char * member of the recipient (never NULL). */
static void
get_recipient_text(const struct bl_field *field, const struct bl_field_scope *scope,
                   struct bl_field_value *out)
{
    out->text = G_STRUCT_MEMBER(const char *, scope->recipient, field->arg);
}

static void
get_total_affected(const struct bl_field *field, const struct bl_field_scope *scope,
                   struct bl_field_value *out)
{
    (void)field;
    out->number = scope->incident->total_affected;
}

static void
get_monitoring_months(const struct bl_field *field, const struct bl_field_scope *scope,
                      struct bl_field_value *out)
{
    (void)field;
    out->number = scope->incident->monitoring.offered ? scope->incident->monitoring.months : -1;
}

/* First, middle, last name and suffix, as they are present. */
static void
get_full_name(const struct bl_field *field, const struct bl_field_scope *scope,
              struct bl_field_value *out)
{
    const struct bl_recipient *r = scope->recipient;
    const char *parts[] = {r->first_name, r->middle_name, r->last_name, r->suffix};

    (void)field;
    g_string_truncate(out->scratch, 0);
    for (gsize i = 0; i < G_N_ELEMENTS(parts); i++) {
        if (parts[i][0] != '\0') {
            if (out->scratch->len > 0) {
                g_string_append_c(out->scratch, ' ');
            }
            g_string_append(out->scratch, parts[i]);
        }
    }
    out->text = out->scratch->str;
}

/* The country's name for an address outside the United States, as the last line of the
 * address prints it: the name iso-codes gives the code (countries.h), or the code itself when
 * the names cannot be read (the list's reader, source.c, refuses such a row before a letter is
 * bound); "" for a US address. */
static void
get_country(const struct bl_field *field, const struct bl_field_scope *scope,
            struct bl_field_value *out)
{
    const char *code = scope->recipient->address.country;
    const struct bl_countries *countries;
    const char *name;

    (void)field;
    out->text = "";
    if (code[0] == '\0' || strcmp(code, "US") == 0) {
        return;
    }
    countries = bl_countries_default(NULL);
    name = countries != NULL ? bl_countries_name(countries, code) : NULL;
    out->text = name != NULL ? name : code;
}

static void
get_jurisdiction_name(const struct bl_field *field, const struct bl_field_scope *scope,
                      struct bl_field_value *out)
{
    (void)field;
    out->text = nonnull(bl_jurisdiction_name(scope->recipient->jurisdiction));
}

/* The categories exposed for this recipient: the incident's, picked by index. */
static void
get_recipient_categories(const struct bl_field *field, const struct bl_field_scope *scope,
                         struct bl_field_value *out)
{
    (void)field;
    out->list = scope->incident->categories;
    out->picks = scope->recipient->categories;
}

/* A char * member of the recipient's covered entity, "" when none. */
static void
get_entity_text(const struct bl_field *field, const struct bl_field_scope *scope,
                struct bl_field_value *out)
{
    const struct bl_entity *ent = scope->recipient->covered_entity;

    out->text = ent != NULL ? G_STRUCT_MEMBER(const char *, ent, field->arg) : "";
}

static void
get_residents(const struct bl_field *field, const struct bl_field_scope *scope,
              struct bl_field_value *out)
{
    const gint64 *count =
        scope->residents != NULL
            ? g_hash_table_lookup(scope->residents, scope->recipient->jurisdiction)
            : NULL;

    (void)field;
    out->number = count != NULL ? *count : -1;
}

/* Shorthands for the columns of the table. */
#define TEXT   BL_FIELD_KIND_TEXT
#define DATE   BL_FIELD_KIND_DATE
#define NUMBER BL_FIELD_KIND_NUMBER
#define TEXTS  BL_FIELD_KIND_TEXT_LIST
#define CATS   BL_FIELD_KIND_CATEGORY_LIST
#define EMPTY  BL_FIELD_MAY_BE_EMPTY
#define WHOLE  BL_FIELD_WHOLE
#define PERSON BL_FIELD_OF_RECIPIENT
#define PROSE  BL_FIELD_PROSE
#define NONE   BL_FIELD_GUARD_NONE
#define MON    BL_FIELD_GUARD_MONITORING
#define ENTITY BL_FIELD_GUARD_ENTITY
/* getters of a member, and the member */
#define INC(m)   get_incident_text, offsetof(struct bl_incident, m)
#define INC_D(m) get_incident_date, offsetof(struct bl_incident, m)
#define INC_L(m) get_incident_list, offsetof(struct bl_incident, m)
#define RCP(m)   get_recipient_text, offsetof(struct bl_recipient, m)
#define ENT(m)   get_entity_text, offsetof(struct bl_entity, m)
#define GET(fn)  fn, 0

/* Every field a template may name: adding one is adding its row (and, when its value is not a
 * member of the incident or the recipient, its getter above). */
static const struct bl_field fields[] = {
    /* name, kind, flags, guard, how the value is read */
    {"org.name", TEXT, 0, NONE, INC(org.name)},
    {"org.short_name", TEXT, 0, NONE, INC(org.short_name)},
    {"org.description", TEXT, EMPTY | PROSE, NONE, INC(org.description)},
    {"org.address.line1", TEXT, 0, NONE, INC(org.address.line1)},
    {"org.address.line2", TEXT, EMPTY, NONE, INC(org.address.line2)},
    {"org.address.city", TEXT, 0, NONE, INC(org.address.city)},
    {"org.address.state", TEXT, EMPTY, NONE, INC(org.address.state)},
    {"org.address.postal_code", TEXT, EMPTY, NONE, INC(org.address.postal_code)},
    {"org.phone", TEXT, WHOLE, NONE, INC(org.phone)},
    {"org.phone_hours", TEXT, EMPTY | PROSE, NONE, INC(org.phone_hours)},
    {"org.website", TEXT, EMPTY | WHOLE, NONE, INC(org.website)},
    {"org.email", TEXT, EMPTY | WHOLE, NONE, INC(org.email)},
    {"org.signatory.name", TEXT, 0, NONE, INC(org.signatory_name)},
    {"org.signatory.title", TEXT, EMPTY, NONE, INC(org.signatory_title)},
    {"org.logo", TEXT, EMPTY, NONE, INC(org.logo)},
    {"org.signature", TEXT, EMPTY, NONE, INC(org.signature)},
    {"incident.occurred_from", DATE, 0, NONE, INC_D(occurred_from)},
    {"incident.occurred_to", DATE, 0, NONE, INC_D(occurred_to)},
    {"incident.discovered", DATE, 0, NONE, INC_D(discovered)},
    {"incident.contained", DATE, EMPTY, NONE, INC_D(contained)},
    {"incident.notice", DATE, 0, NONE, INC_D(notice)},
    {"incident.total_affected", NUMBER, EMPTY, NONE, GET(get_total_affected)},
    {"incident.narrative", TEXTS, 0, NONE, INC_L(narrative)},
    {"incident.actions", TEXTS, 0, NONE, INC_L(actions)},
    {"incident.categories", CATS, 0, NONE, INC_L(categories)},
    {"monitoring.provider", TEXT, EMPTY, MON, INC(monitoring.provider)},
    {"monitoring.product", TEXT, EMPTY, MON, INC(monitoring.product)},
    {"monitoring.services", TEXT, EMPTY | PROSE, NONE, INC(monitoring.services)},
    {"monitoring.months", NUMBER, EMPTY, MON, GET(get_monitoring_months)},
    {"monitoring.url", TEXT, EMPTY | WHOLE, MON, INC(monitoring.url)},
    {"monitoring.phone", TEXT, EMPTY | WHOLE, NONE, INC(monitoring.phone)},
    {"monitoring.phone_hours", TEXT, EMPTY | PROSE, NONE, INC(monitoring.phone_hours)},
    {"monitoring.engagement", TEXT, EMPTY | WHOLE, NONE, INC(monitoring.engagement)},
    {"monitoring.enrol_by", DATE, EMPTY, NONE, INC_D(monitoring.enrol_by)},
    {"recipient.id", TEXT, PERSON | WHOLE, NONE, RCP(id)},
    {"recipient.title", TEXT, PERSON | EMPTY, NONE, RCP(title)},
    {"recipient.first_name", TEXT, PERSON, NONE, RCP(first_name)},
    {"recipient.middle_name", TEXT, PERSON | EMPTY, NONE, RCP(middle_name)},
    {"recipient.last_name", TEXT, PERSON, NONE, RCP(last_name)},
    {"recipient.suffix", TEXT, PERSON | EMPTY, NONE, RCP(suffix)},
    {"recipient.full_name", TEXT, PERSON, NONE, GET(get_full_name)},
    {"recipient.addressee", TEXT, PERSON | EMPTY, NONE, RCP(addressee)},
    {"recipient.address1", TEXT, PERSON, NONE, RCP(address.line1)},
    {"recipient.address2", TEXT, PERSON | EMPTY, NONE, RCP(address.line2)},
    {"recipient.city", TEXT, PERSON, NONE, RCP(address.city)},
    {"recipient.state", TEXT, PERSON | EMPTY, NONE, RCP(address.state)},
    {"recipient.postal_code", TEXT, PERSON | EMPTY, NONE, RCP(address.postal_code)},
    {"recipient.country", TEXT, PERSON | EMPTY, NONE, GET(get_country)},
    {"recipient.jurisdiction", TEXT, PERSON | EMPTY, NONE, RCP(jurisdiction)},
    {"recipient.jurisdiction_name", TEXT, PERSON | EMPTY, NONE, GET(get_jurisdiction_name)},
    {"recipient.enrolment_code", TEXT, PERSON | EMPTY | WHOLE, NONE, RCP(enrolment_code)},
    {"recipient.categories", CATS, PERSON, NONE, GET(get_recipient_categories)},
    {"entity.name", TEXT, PERSON | EMPTY, ENTITY, ENT(name)},
    {"entity.relationship", TEXT, PERSON | EMPTY | PROSE, ENTITY, ENT(relationship)},
    {"jurisdiction.residents", NUMBER, PERSON | EMPTY, NONE, GET(get_residents)},
};

G_STATIC_ASSERT(G_N_ELEMENTS(fields) <= BL_FIELDS_MAX);

#undef INC
#undef INC_D
#undef INC_L
#undef RCP
#undef ENT

/* The element of a text list inside its loop. */
static void
get_element_text(const struct bl_field *field, const struct bl_field_scope *scope,
                 struct bl_field_value *out)
{
    (void)field;
    out->text = nonnull(scope->element);
}

/* A char * member of the category inside its loop. */
static void
get_element_member(const struct bl_field *field, const struct bl_field_scope *scope,
                   struct bl_field_value *out)
{
    out->text = G_STRUCT_MEMBER(const char *, scope->element, field->arg);
}

static const struct bl_field text_element = {"loop element", TEXT, EMPTY | PROSE, NONE,
                                             GET(get_element_text)};

/* The members of a category inside a loop over categories. */
static const struct {
    const char *member;
    struct bl_field field;
} category_members[] = {
    {"label",
     {"category.label", TEXT, EMPTY | PROSE, NONE, get_element_member,
      offsetof(struct bl_category, label)}},
    {"id",
     {"category.id", TEXT, EMPTY, NONE, get_element_member, offsetof(struct bl_category, id)}},
    {"group",
     {"category.group", TEXT, EMPTY, NONE, get_element_member,
      offsetof(struct bl_category, group)}},
};

/* A custom field's value: the recipient's text, read as the field's kind. */
static void
get_custom(const struct bl_field *field, const struct bl_field_scope *scope,
           struct bl_field_value *out)
{
    char **values = scope->recipient->custom;
    const char *value = "";
    gint64 number;

    if (values == NULL) {
        const struct bl_custom_field *custom =
            g_ptr_array_index(scope->incident->custom_fields, field->arg);

        g_string_printf(out->scratch, "[%s]", custom->label);
        out->text = out->scratch->str;
        return;
    }
    for (gsize i = 0; values[i] != NULL; i++) {
        if (i == field->arg) {
            value = values[i];
            break;
        }
    }
    switch (field->kind) {
    case BL_FIELD_KIND_DATE:
        if (value[0] != '\0' && bl_date_parse(&out->day, value) == 0) {
            out->date = &out->day;
        }
        break;
    case BL_FIELD_KIND_NUMBER:
        if (g_ascii_string_to_signed(value, 10, 0, G_MAXINT64, &number, NULL)) {
            out->number = number;
        }
        break;
    default:
        out->text = value;
        break;
    }
}

struct bl_field *
bl_field_custom_new(const struct bl_incident *incident, guint index)
{
    const struct bl_custom_field *custom = g_ptr_array_index(incident->custom_fields, index);
    struct bl_field *field = g_new0(struct bl_field, 1);

    field->name = g_strconcat("recipient.", custom->name, NULL);
    field->kind = custom->kind == BL_CUSTOM_DATE     ? DATE
                  : custom->kind == BL_CUSTOM_NUMBER ? NUMBER
                                                     : TEXT;
    field->flags = PERSON;
    if (!custom->required) {
        field->flags |= EMPTY;
    }
    if (custom->kind == BL_CUSTOM_CODE) {
        field->flags |= WHOLE;
    }
    field->guard = NONE;
    field->get = get_custom;
    field->arg = index;
    return field;
}

void
bl_field_custom_free(struct bl_field *field)
{
    if (field == NULL) {
        return;
    }
    g_free((char *)field->name);
    g_free(field);
}

const struct bl_field *
bl_field_find(const char *name)
{
    for (gsize i = 0; i < G_N_ELEMENTS(fields); i++) {
        if (strcmp(fields[i].name, name) == 0) {
            return &fields[i];
        }
    }
    return NULL;
}

int
bl_field_id(const char *name)
{
    return bl_field_index(bl_field_find(name));
}

int
bl_field_index(const struct bl_field *field)
{
    if (field == NULL || field < fields || field >= fields + G_N_ELEMENTS(fields)) {
        return -1;
    }
    return (int)(field - fields);
}

const struct bl_field *
bl_field_table(gsize *count)
{
    *count = G_N_ELEMENTS(fields);
    return fields;
}

const struct bl_field *
bl_field_loop_member(const struct bl_field *list, const char *member)
{
    if (list->kind == BL_FIELD_KIND_TEXT_LIST) {
        return member == NULL ? &text_element : NULL;
    }
    for (gsize i = 0; list->kind == BL_FIELD_KIND_CATEGORY_LIST && member != NULL &&
                      i < G_N_ELEMENTS(category_members);
         i++) {
        if (strcmp(category_members[i].member, member) == 0) {
            return &category_members[i].field;
        }
    }
    return NULL;
}

void
bl_field_read(const struct bl_field *field, const struct bl_field_scope *scope,
              struct bl_field_value *out)
{
    GString *scratch = out->scratch;

    memset(out, 0, sizeof(*out));
    out->scratch = scratch;
    out->number = -1;
    field->get(field, scope, out);
}

guint
bl_field_list_length(const struct bl_field_value *value)
{
    if (value->list == NULL) {
        return 0;
    }
    return value->picks != NULL ? value->picks->len : value->list->len;
}

const void *
bl_field_list_element(const struct bl_field_value *value, guint i)
{
    if (value->picks != NULL) {
        i = (guint)g_array_index(value->picks, int, i);
    }
    return g_ptr_array_index(value->list, i);
}

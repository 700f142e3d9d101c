/* SPDX-License-Identifier: MIT */
/* Incident model: reads the incident XML once, validates it against the schema and the rules
 * the schema cannot express, and turns it into plain C for every later stage. */
#include "incident.h"

#include <stdio.h>
#include <string.h>

#include "barcode.h"
#include "text.h"
#include "xml.h"

/* What the loader needs while it walks the document. */
struct loader {
    struct bl_incident *inc;
    struct bl_diag *diag;
    const char *path;
    int errors;
};

static void
category_free(gpointer data)
{
    struct bl_category *cat = data;

    g_free(cat->id);
    g_free(cat->group);
    g_free(cat->label);
    g_free(cat);
}

static void
entity_free(gpointer data)
{
    struct bl_entity *ent = data;

    g_free(ent->id);
    g_free(ent->name);
    g_free(ent->relationship);
    g_free(ent);
}

static void
custom_field_free(gpointer data)
{
    struct bl_custom_field *field = data;

    g_free(field->name);
    g_free(field->column);
    g_free(field->label);
    g_free(field);
}

static void
address_release(struct bl_address *addr)
{
    g_free(addr->line1);
    g_free(addr->line2);
    g_free(addr->city);
    g_free(addr->state);
    g_free(addr->postal_code);
    g_free(addr->country);
}

void
bl_incident_free(struct bl_incident *inc)
{
    if (inc == NULL) {
        return;
    }
    g_free(inc->path);
    g_free(inc->dir);
    g_free(inc->id);
    g_free(inc->template_name);
    g_free(inc->language);
    g_free(inc->org.name);
    g_free(inc->org.short_name);
    g_free(inc->org.description);
    address_release(&inc->org.address);
    g_free(inc->org.phone);
    g_free(inc->org.phone_hours);
    g_free(inc->org.website);
    g_free(inc->org.email);
    g_free(inc->org.signatory_name);
    g_free(inc->org.signatory_title);
    g_free(inc->org.logo);
    g_free(inc->org.signature);
    g_free(inc->org.hipaa_role);
    g_free(inc->org.kind);
    g_strfreev(inc->org.regulated_by);
    g_free(inc->vector);
    g_ptr_array_unref(inc->narrative);
    g_ptr_array_unref(inc->categories);
    g_ptr_array_unref(inc->vocabulary);
    g_ptr_array_unref(inc->actions);
    g_free(inc->monitoring.provider);
    g_free(inc->monitoring.product);
    g_free(inc->monitoring.services);
    g_free(inc->monitoring.url);
    g_free(inc->monitoring.phone);
    g_free(inc->monitoring.phone_hours);
    g_free(inc->monitoring.engagement);
    g_free(inc->mailing.mailer_id);
    g_free(inc->mailing.service_type);
    g_free(inc->mailing.barcode_id);
    g_ptr_array_unref(inc->entities);
    g_hash_table_unref(inc->columns);
    g_ptr_array_unref(inc->custom_fields);
    g_hash_table_unref(inc->affected_by_state);
    g_free(inc);
}

struct bl_incident *
bl_incident_new(void)
{
    struct bl_incident *inc = g_new0(struct bl_incident, 1);

    inc->narrative = g_ptr_array_new_with_free_func(g_free);
    inc->categories = g_ptr_array_new_with_free_func(category_free);
    inc->vocabulary = g_ptr_array_new_with_free_func(category_free);
    inc->actions = g_ptr_array_new_with_free_func(g_free);
    inc->entities = g_ptr_array_new_with_free_func(entity_free);
    inc->columns = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    inc->custom_fields = g_ptr_array_new_with_free_func(custom_field_free);
    inc->org.regulated_by = g_new0(char *, 1);
    inc->total_affected = -1;
    inc->affected_by_state = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_date_clear(&inc->occurred_from, 1);
    g_date_clear(&inc->occurred_to, 1);
    g_date_clear(&inc->discovered, 1);
    g_date_clear(&inc->contained, 1);
    g_date_clear(&inc->notice, 1);
    g_date_clear(&inc->determined, 1);
    g_date_clear(&inc->hhs_notice, 1);
    g_date_clear(&inc->delay_from, 1);
    g_date_clear(&inc->delay_until, 1);
    g_date_clear(&inc->monitoring.enrol_by, 1);
    return inc;
}

static void fail(struct loader *ld, const xmlNode *node, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static void
fail(struct loader *ld, const xmlNode *node, const char *fmt, ...)
{
    struct bl_loc loc = bl_xml_loc(node, ld->path);
    va_list ap;
    char *msg;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    bl_diag_error(ld->diag, &loc, "%s", msg);
    g_free(msg);
    ld->errors++;
}

/* Parses text, a whole number of an attribute (white space around it allowed, as the schema's
 * integer types allow it), into *out. Reports one that is not a number, or not from min to
 * max: the schema lets any length of digits through, and strtoll() would cut them silently to
 * 9223372036854775807, or a cast to int to 2147483647. Returns FALSE when reported. */
static gboolean
read_number(struct loader *ld, const xmlNode *node, const char *what, const char *text, gint64 min,
            gint64 max, gint64 *out)
{
    char *digits = g_strstrip(g_strdup(text != NULL ? text : ""));
    GError *err = NULL;
    gboolean ok = g_ascii_string_to_signed(digits, 10, min, max, out, &err);

    if (ok) {
        /* nothing to report */
    } else if (g_error_matches(err, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS)) {
        fail(ld, node,
             "%s '%s' is out of range: it must be from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
             what, digits, min, max);
    } else {
        fail(ld, node, "%s '%s' is not a whole number", what, digits);
    }
    g_clear_error(&err);
    g_free(digits);
    return ok;
}

/* Parses a date from an element's text or an attribute into *out; reports a bad one. */
static void
read_date(struct loader *ld, const xmlNode *node, const char *attr, const char *what, GDate *out)
{
    char *text = attr != NULL ? bl_xml_attr(node, attr) : bl_xml_text(node);

    if (text != NULL && bl_date_parse(out, text) < 0) {
        fail(ld, node, "%s '%s' is not a valid YYYY-MM-DD date", what, text);
    }
    g_free(text);
}

/* The first child of node, or NULL when node is NULL (a draft may lack any element). */
static const xmlNode *
first_child(const xmlNode *node)
{
    return node != NULL ? node->children : NULL;
}

static const xmlNode *
child(const xmlNode *node, const char *name)
{
    for (const xmlNode *c = node != NULL ? node->children : NULL; c != NULL; c = c->next) {
        if (bl_xml_is(c, name)) {
            return c;
        }
    }
    return NULL;
}

static char *
child_text(const xmlNode *node, const char *name)
{
    const xmlNode *c = child(node, name);

    return c != NULL ? bl_xml_text(c) : NULL;
}

/* Adds the element's text to list; an element with only white space is an error (a letter
 * would print an empty paragraph or bullet), and a draft leaves it out. */
static void
add_text(struct loader *ld, GPtrArray *list, const xmlNode *node, const char *what)
{
    char *text = bl_xml_text(node);

    if (text == NULL) {
        fail(ld, node, "the %s is empty", what);
        return;
    }
    g_ptr_array_add(list, text);
}

static void
read_address(const xmlNode *node, struct bl_address *addr)
{
    for (const xmlNode *c = first_child(node); c != NULL; c = c->next) {
        if (bl_xml_is(c, "street")) {
            if (addr->line1 == NULL) {
                addr->line1 = bl_xml_text(c);
            } else {
                addr->line2 = bl_xml_text(c);
            }
        }
    }
    addr->city = child_text(node, "city");
    addr->state = child_text(node, "state");
    addr->postal_code = child_text(node, "postal-code");
    addr->country = child_text(node, "country");
    if (addr->country == NULL) {
        addr->country = g_strdup("US");
    }
}

/* The picture an element names (a logo, a signature): a PNG file, its name relative to the
 * incident file. Returns its absolute path, or NULL (none given, or reported when it cannot be
 * read or is not a PNG). Free with g_free(). */
static char *
read_image(struct loader *ld, const xmlNode *node, const char *what)
{
    static const guchar png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    char *name = node != NULL ? bl_xml_text(node) : NULL;
    char *path = NULL;
    guchar head[8] = {0};
    FILE *fp;
    gboolean opened;
    gsize got = 0;

    if (name == NULL || name[0] == '\0') {
        g_free(name);
        return NULL;
    }
    path = g_path_is_absolute(name) ? g_strdup(name) : g_build_filename(ld->inc->dir, name, NULL);
    fp = fopen(path, "rb");
    opened = fp != NULL;
    if (opened) {
        got = fread(head, 1, sizeof(head), fp);
        fclose(fp);
    }
    if (!opened) {
        fail(ld, node, "%s '%s' cannot be read (looked for %s)", what, name, path);
        g_clear_pointer(&path, g_free);
    } else if (got != sizeof(head) || memcmp(head, png, sizeof(png)) != 0) {
        fail(ld, node, "%s '%s' is not a PNG image: save it as PNG", what, name);
        g_clear_pointer(&path, g_free);
    }
    g_free(name);
    return path;
}

static void
read_organisation(struct loader *ld, const xmlNode *node)
{
    struct bl_incident *inc = ld->inc;
    const xmlNode *phone = child(node, "phone");
    const xmlNode *sig = child(node, "signatory");
    char *toll_free, *glba;

    inc->org.hipaa_role = bl_xml_attr(node, "hipaa-role");
    if (inc->org.hipaa_role == NULL) {
        inc->org.hipaa_role = g_strdup("none");
    }
    glba = bl_xml_attr(node, "glba");
    inc->org.glba = g_strcmp0(glba, "true") == 0 || g_strcmp0(glba, "1") == 0;
    g_free(glba);
    glba = bl_xml_attr(node, "maintains-for-owner");
    inc->org.for_owner = g_strcmp0(glba, "true") == 0 || g_strcmp0(glba, "1") == 0;
    g_free(glba);
    inc->org.kind = bl_xml_attr(node, "kind");
    {
        char *regulators = bl_xml_attr(node, "regulated-by");

        char **words = regulators != NULL ? g_strsplit_set(regulators, " \t\r\n", -1) : NULL;
        GPtrArray *list = g_ptr_array_new();

        for (char **w = words; w != NULL && *w != NULL; w++) {
            if (**w != '\0') {
                g_ptr_array_add(list, g_strdup(*w));
            }
        }
        g_ptr_array_add(list, NULL);
        g_strfreev(inc->org.regulated_by);
        inc->org.regulated_by = (char **)g_ptr_array_free(list, FALSE);
        g_strfreev(words);
        g_free(regulators);
    }
    inc->org.name = child_text(node, "name");
    inc->org.short_name = child_text(node, "short-name");
    if (inc->org.short_name == NULL) {
        inc->org.short_name = g_strdup(inc->org.name);
    }
    inc->org.description = child_text(node, "description");
    read_address(child(node, "address"), &inc->org.address);
    inc->org.phone = bl_xml_text(phone);
    inc->org.phone_hours = bl_xml_attr(phone, "hours");
    toll_free = bl_xml_attr(phone, "toll-free");
    inc->org.phone_toll_free =
        toll_free != NULL && (strcmp(toll_free, "true") == 0 || strcmp(toll_free, "1") == 0);
    g_free(toll_free);
    inc->org.website = child_text(node, "website");
    inc->org.email = child_text(node, "email");
    inc->org.signatory_name = child_text(sig, "name");
    inc->org.signatory_title = child_text(sig, "title");
    inc->org.logo = read_image(ld, child(node, "logo"), "logo");
    inc->org.signature = read_image(ld, child(sig, "signature-image"), "signature image");
}

static void
read_entities(struct loader *ld, const xmlNode *node)
{
    for (const xmlNode *c = node->children; c != NULL; c = c->next) {
        struct bl_entity *ent;

        if (!bl_xml_is(c, "entity")) {
            continue;
        }
        if (xmlHasProp(c, (const xmlChar *)"id") == NULL) {
            fail(ld, c, "<entity> needs an id attribute");
            continue;
        }
        ent = g_new0(struct bl_entity, 1);
        ent->id = bl_xml_attr(c, "id");
        ent->name = bl_xml_text(c);
        if (ent->name == NULL) {
            ent->name = g_strdup("");
        }
        ent->relationship = bl_xml_attr(c, "relationship");
        if (ent->relationship == NULL) {
            ent->relationship = g_strdup("provides services to");
        }
        if (bl_incident_entity(ld->inc, ent->id) != NULL) {
            fail(ld, c, "covered entity id '%s' is used twice", ent->id);
        }
        g_ptr_array_add(ld->inc->entities, ent);
    }
}

static void
read_dates(struct loader *ld, const xmlNode *node)
{
    struct bl_incident *inc = ld->inc;
    const xmlNode *occurred = child(node, "occurred");

    read_date(ld, occurred, "from", "occurred 'from' date", &inc->occurred_from);
    if (xmlHasProp(occurred, (const xmlChar *)"to") != NULL) {
        read_date(ld, occurred, "to", "occurred 'to' date", &inc->occurred_to);
    } else {
        inc->occurred_to = inc->occurred_from;
    }
    read_date(ld, child(node, "discovered"), NULL, "discovery date", &inc->discovered);
    if (child(node, "contained") != NULL) {
        read_date(ld, child(node, "contained"), NULL, "containment date", &inc->contained);
    }
    read_date(ld, child(node, "notice"), NULL, "notice date", &inc->notice);
    if (child(node, "determined") != NULL) {
        read_date(ld, child(node, "determined"), NULL, "determination date", &inc->determined);
    }
    if (child(node, "hhs-notice") != NULL) {
        read_date(ld, child(node, "hhs-notice"), NULL, "HHS notice date", &inc->hhs_notice);
    }
    inc->law_enforcement_delay = child(node, "law-enforcement-delay") != NULL;
    if (inc->law_enforcement_delay) {
        const xmlNode *delay = child(node, "law-enforcement-delay");

        if (xmlHasProp(delay, (const xmlChar *)"from") != NULL) {
            read_date(ld, delay, "from", "law-enforcement delay 'from' date", &inc->delay_from);
        }
        if (xmlHasProp(delay, (const xmlChar *)"until") != NULL) {
            read_date(ld, delay, "until", "law-enforcement delay 'until' date", &inc->delay_until);
        }
    }
}

/* occurred-from <= occurred-to <= notice and occurred-from <= discovered <= notice (an incident
 * can be discovered while it is still going on); contained not before the start. */
static void
check_date_order(struct loader *ld, const xmlNode *dates)
{
    struct bl_incident *inc = ld->inc;
    const struct {
        const GDate *a, *b;
        const char *what;
        const char *elem;
    } pairs[] = {
        {&inc->occurred_from, &inc->occurred_to,
         "the incident ends (occurred 'to') before it starts (occurred 'from')", "occurred"},
        {&inc->occurred_from, &inc->discovered, "the discovery date is before the incident began",
         "discovered"},
        {&inc->occurred_to, &inc->notice, "the notice date is before the incident ended", "notice"},
        {&inc->discovered, &inc->notice, "the notice date is before the discovery date", "notice"},
        {&inc->occurred_from, &inc->contained,
         "the containment date is before the incident occurred", "contained"},
        {&inc->discovered, &inc->determined, "the determination date is before the discovery date",
         "determined"},
        {&inc->delay_from, &inc->delay_until, "the law-enforcement delay ends before it starts",
         "law-enforcement-delay"},
    };

    for (gsize i = 0; i < G_N_ELEMENTS(pairs); i++) {
        if (g_date_valid(pairs[i].a) && g_date_valid(pairs[i].b) &&
            g_date_compare(pairs[i].a, pairs[i].b) > 0) {
            char *a = bl_date_format(pairs[i].a, "iso", "en");
            char *b = bl_date_format(pairs[i].b, "iso", "en");

            fail(ld, child(dates, pairs[i].elem), "%s (%s > %s)", pairs[i].what, a, b);
            g_free(a);
            g_free(b);
        }
    }
}

static gboolean
attr_true(const xmlNode *node, const char *name)
{
    char *value = bl_xml_attr(node, name);
    gboolean res = g_strcmp0(value, "true") == 0 || g_strcmp0(value, "1") == 0;

    g_free(value);
    return res;
}

static void
read_event(struct loader *ld, const xmlNode *node)
{
    struct bl_incident *inc = ld->inc;
    char *access = bl_xml_attr(node, "access");

    inc->vector = bl_xml_attr(node, "vector");
    inc->encrypted = attr_true(node, "encrypted");
    inc->key_taken = attr_true(node, "key-taken");
    inc->harm_unlikely = attr_true(node, "risk-of-harm-unlikely");
    if (g_strcmp0(access, "confirmed") == 0) {
        inc->access = BL_ACCESS_CONFIRMED;
    } else if (g_strcmp0(access, "not-confirmed") == 0) {
        inc->access = BL_ACCESS_NOT_CONFIRMED;
    } else {
        inc->access = BL_ACCESS_UNDETERMINED;
        inc->unstated |= access == NULL ? BL_UNSTATED_ACCESS : 0;
    }
    g_free(access);
    for (const xmlNode *c = first_child(child(node, "narrative")); c != NULL; c = c->next) {
        if (bl_xml_is(c, "p")) {
            add_text(ld, inc->narrative, c, "narrative paragraph");
        }
    }
}

static struct bl_category *
category_copy(const struct bl_category *src)
{
    struct bl_category *cat = g_new0(struct bl_category, 1);

    cat->id = g_strdup(src->id);
    cat->group = g_strdup(src->group);
    cat->label = g_strdup(src->label);
    cat->sensitive = src->sensitive;
    return cat;
}

static void
read_categories(struct loader *ld, const xmlNode *node)
{
    for (const xmlNode *c = first_child(node); c != NULL; c = c->next) {
        const struct bl_category *voc;
        struct bl_category *cat;
        char *id;

        if (!bl_xml_is(c, "category")) {
            continue;
        }
        id = bl_xml_attr(c, "id");
        voc = bl_incident_vocabulary(ld->inc, id);
        if (id == NULL) {
            fail(ld, c, "<category> needs an id attribute");
        } else if (voc == NULL) {
            fail(ld, c, "unknown category '%s' (see templates/categories.xml for the list)", id);
        } else if (bl_incident_category_index(ld->inc, id) >= 0) {
            fail(ld, c, "category '%s' is listed twice", id);
        } else {
            cat = category_copy(voc);
            char *label = bl_xml_text(c);
            if (label != NULL) {
                g_free(cat->label);
                cat->label = label;
            } else if (strcmp(id, "other") == 0) {
                fail(ld, c,
                     "category 'other' needs its own wording, e.g. "
                     "<category id=\"other\">employee ID number</category>");
            }
            g_ptr_array_add(ld->inc->categories, cat);
        }
        g_free(id);
    }
}

static void
read_monitoring(struct loader *ld, const xmlNode *node)
{
    struct bl_monitoring *mon = &ld->inc->monitoring;
    const xmlNode *phone = child(node, "phone");
    char *months = bl_xml_attr(node, "months");
    gint64 n = 0;

    mon->offered = TRUE;
    /* read as 64 bits: '4294967297' must not pass for 1 month */
    read_number(ld, node, "monitoring months", months, 1, 240, &n);
    mon->months = (int)n;
    g_free(months);
    if (xmlHasProp(node, (const xmlChar *)"enrol-by") != NULL) {
        read_date(ld, node, "enrol-by", "enrol-by date", &mon->enrol_by);
    }
    mon->provider = child_text(node, "provider");
    mon->product = child_text(node, "product");
    mon->services = child_text(node, "services");
    mon->url = child_text(node, "url");
    mon->phone = bl_xml_text(phone);
    mon->phone_hours = phone != NULL ? bl_xml_attr(phone, "hours") : NULL;
    mon->engagement = child_text(node, "engagement");
    if (g_date_valid(&mon->enrol_by) && g_date_valid(&ld->inc->notice) &&
        g_date_compare(&mon->enrol_by, &ld->inc->notice) <= 0) {
        fail(ld, node, "the enrol-by date must be after the notice date");
    }
}

/* <mailing mailer-id service-type [barcode-id] [serial-start]>: the barcode's fixed parts,
 * checked here so that a wrong mailer id is told once, with its line. */
static void
read_mailing(struct loader *ld, const xmlNode *node)
{
    char *serial = bl_xml_attr(node, "serial-start");
    char *error = NULL;
    char *tracking;

    ld->inc->mailing.mailer_id = bl_xml_attr(node, "mailer-id");
    ld->inc->mailing.service_type = bl_xml_attr(node, "service-type");
    ld->inc->mailing.barcode_id = bl_xml_attr(node, "barcode-id");
    if (ld->inc->mailing.barcode_id == NULL) {
        ld->inc->mailing.barcode_id = g_strdup("00");
    }
    if (serial != NULL) {
        gint64 start = 0;

        /* a serial has 9 digits at most (6 after a 9-digit mailer id: bl_mailing_check_serials) */
        read_number(ld, node, "<mailing> serial-start", serial, 0, 999999999, &start);
        ld->inc->mailing.serial_start = (guint64)start;
    }
    tracking = bl_imb_tracking(ld->inc->mailing.barcode_id, ld->inc->mailing.service_type,
                               ld->inc->mailing.mailer_id, 0, &error);
    if (tracking == NULL) {
        fail(ld, node, "mailing: %s", error);
    }
    g_free(tracking);
    g_free(error);
    g_free(serial);
}

/* Recipient fields a list column may be mapped to (see docs/recipient-format.md). */
static const char *const recipient_fields[] = {
    "id",        "title",          "first_name", "middle_name",    "last_name", "suffix",
    "addressee", "address1",       "address2",   "city",           "state",     "postal_code",
    "country",   "jurisdiction",   "categories", "enrolment_code", "language",  "variant",
    "entity",    "delivery_point",
};

static void
read_columns(struct loader *ld, const xmlNode *node)
{
    for (const xmlNode *c = node->children; c != NULL; c = c->next) {
        char *field, *name;
        gboolean known = FALSE;

        if (!bl_xml_is(c, "column")) {
            continue;
        }
        field = bl_xml_attr(c, "field");
        name = bl_xml_attr(c, "name");
        if (field == NULL || name == NULL) {
            /* a draft can hold what the schema refuses */
            fail(ld, c, "<column> needs field and name attributes");
            g_free(field);
            g_free(name);
            continue;
        }
        for (gsize i = 0; i < G_N_ELEMENTS(recipient_fields); i++) {
            known = known || strcmp(recipient_fields[i], field) == 0;
        }
        if (!known) {
            fail(ld, c, "unknown recipient field '%s' in <column>", field);
        } else if (g_hash_table_contains(ld->inc->columns, field)) {
            fail(ld, c, "recipient field '%s' is mapped twice", field);
        }
        g_hash_table_replace(ld->inc->columns, field, g_strstrip(name));
    }
}

/* TRUE when name can name a custom field: a small letter, then small letters, digits and '_'
 * (what the schema asks; a draft is read without it). */
static gboolean
custom_name_valid(const char *name)
{
    if (!g_ascii_islower(name[0])) {
        return FALSE;
    }
    for (const char *p = name; *p != '\0'; p++) {
        if (!g_ascii_islower(*p) && !g_ascii_isdigit(*p) && *p != '_') {
            return FALSE;
        }
    }
    return TRUE;
}

/* Reads a custom field's kind attribute; reports an unknown one. */
static enum bl_custom_kind
read_custom_kind(struct loader *ld, const xmlNode *node)
{
    static const char *const kinds[] = {[BL_CUSTOM_TEXT] = "text",
                                        [BL_CUSTOM_CODE] = "code",
                                        [BL_CUSTOM_DATE] = "date",
                                        [BL_CUSTOM_NUMBER] = "number"};
    char *kind = bl_xml_attr(node, "kind");
    enum bl_custom_kind res = BL_CUSTOM_TEXT;
    gsize i = 0;

    while (kind != NULL && i < G_N_ELEMENTS(kinds) && strcmp(kind, kinds[i]) != 0) {
        i++;
    }
    if (kind != NULL && i < G_N_ELEMENTS(kinds)) {
        res = (enum bl_custom_kind)i;
    } else if (kind != NULL) {
        fail(ld, node, "kind=\"%s\" must be text, code, date or number", kind);
    }
    g_free(kind);
    return res;
}

/* A true-or-false attribute (true, 1, false, 0), fallback when it is absent; reports another
 * value. */
static gboolean
read_flag(struct loader *ld, const xmlNode *node, const char *name, gboolean fallback)
{
    char *value = bl_xml_attr(node, name);
    gboolean res = fallback;

    if (g_strcmp0(value, "true") == 0 || g_strcmp0(value, "1") == 0) {
        res = TRUE;
    } else if (g_strcmp0(value, "false") == 0 || g_strcmp0(value, "0") == 0) {
        res = FALSE;
    } else if (value != NULL) {
        fail(ld, node, "%s=\"%s\" must be true or false", name, value);
    }
    g_free(value);
    return res;
}

/* <recipient-fields><field name="username" .../>...: the columns of the list templates may
 * print. */
static void
read_custom_fields(struct loader *ld, const xmlNode *node)
{
    for (const xmlNode *c = node->children; c != NULL; c = c->next) {
        struct bl_custom_field *field;
        gboolean list_field = FALSE;

        if (!bl_xml_is(c, "field")) {
            continue;
        }
        field = g_new0(struct bl_custom_field, 1);
        field->name = bl_xml_attr(c, "name");
        field->line = (int)xmlGetLineNo(c);
        if (field->name == NULL || !custom_name_valid(field->name)) {
            fail(ld, c,
                 "recipient field name '%s' must be small letters, digits and '_', starting "
                 "with a letter, e.g. <field name=\"account_last4\"/>",
                 field->name != NULL ? field->name : "");
            custom_field_free(field);
            continue;
        }
        for (gsize i = 0; i < G_N_ELEMENTS(recipient_fields); i++) {
            list_field = list_field || strcmp(recipient_fields[i], field->name) == 0;
        }
        if (list_field) {
            fail(ld, c,
                 "recipient field '%s' is one of every list's own fields "
                 "(docs/recipient-format.md): declare only other columns",
                 field->name);
        } else if (bl_incident_custom_index(ld->inc, field->name) >= 0) {
            fail(ld, c, "recipient field '%s' is declared twice", field->name);
        }
        field->column = bl_xml_attr(c, "column");
        if (field->column == NULL) {
            field->column = g_strdup(field->name);
        }
        g_strstrip(field->column);
        field->label = bl_xml_attr(c, "label");
        if (field->label == NULL) {
            field->label = g_strdelimit(g_strdup(field->name), "_", ' ');
        }
        field->kind = read_custom_kind(ld, c);
        field->required = read_flag(ld, c, "required", FALSE);
        field->personal = read_flag(ld, c, "personal", TRUE);
        g_ptr_array_add(ld->inc->custom_fields, field);
    }
}

/* <affected [total]><state code count/>...</affected>: the people affected, in all and by
 * state of residence, for the thresholds of the notices when the list at hand is a part. */
static void
read_affected(struct loader *ld, const xmlNode *node)
{
    char *total = bl_xml_attr(node, "total");
    gint64 n, sum = 0;

    if (total != NULL && read_number(ld, node, "affected total", total, 1, G_MAXINT64, &n)) {
        ld->inc->total_affected = n;
    }
    for (const xmlNode *c = node->children; c != NULL; c = c->next) {
        char *code, *count;

        if (!bl_xml_is(c, "state")) {
            continue;
        }
        code = bl_xml_attr(c, "code");
        count = bl_xml_attr(c, "count");
        if (code == NULL || bl_jurisdiction_name(code) == NULL) {
            fail(ld, c, "<state> code '%s' is not a USPS code of a state, DC or territory",
                 code != NULL ? code : "");
        } else if (g_hash_table_contains(ld->inc->affected_by_state, code)) {
            fail(ld, c, "<affected> gives state '%s' twice", code);
        } else if (read_number(ld, c, "<state> count", count, 0, G_MAXINT64, &n)) {
            g_hash_table_insert(ld->inc->affected_by_state, g_strdup(code),
                                g_memdup2(&n, sizeof(n)));
            sum = n > G_MAXINT64 - sum ? G_MAXINT64 : sum + n;
        }
        g_free(code);
        g_free(count);
    }
    if (ld->inc->total_affected > 0 && sum > ld->inc->total_affected) {
        fail(ld, node,
             "the counts of <affected>'s states add up to %" G_GINT64_FORMAT
             ", more than its total %" G_GINT64_FORMAT,
             sum, ld->inc->total_affected);
    }
    g_free(total);
}

gint64
bl_incident_affected_in(const struct bl_incident *inc, const char *code)
{
    const gint64 *n = code != NULL ? g_hash_table_lookup(inc->affected_by_state, code) : NULL;

    return n != NULL ? *n : -1;
}

static int
load_vocabulary(struct bl_incident *inc, const char *vocab_path, struct bl_diag *diag)
{
    xmlDoc *doc = bl_xml_read(vocab_path, diag);
    int rc = 0;

    if (doc == NULL) {
        return -1;
    }
    for (const xmlNode *c = xmlDocGetRootElement(doc)->children; c != NULL; c = c->next) {
        struct bl_category *cat;
        char *sensitive;

        if (!bl_xml_is(c, "category")) {
            continue;
        }
        cat = g_new0(struct bl_category, 1);
        cat->id = bl_xml_attr(c, "id");
        cat->group = bl_xml_attr(c, "group");
        cat->label = bl_xml_attr(c, "label");
        sensitive = bl_xml_attr(c, "sensitive");
        cat->sensitive = g_strcmp0(sensitive, "true") == 0;
        g_free(sensitive);
        if (cat->id == NULL || cat->group == NULL || cat->label == NULL) {
            struct bl_loc loc = bl_xml_loc(c, vocab_path);
            bl_diag_error(diag, &loc, "a category needs id, group and label");
            category_free(cat);
            rc = -1;
            continue;
        }
        g_ptr_array_add(inc->vocabulary, cat);
    }
    xmlFreeDoc(doc);
    return rc;
}

static int
load(struct bl_incident **out, const char *path, const char *schema_path, const char *vocab_path,
     gboolean draft, struct bl_diag *diag)
{
    struct loader ld = {NULL, diag, path, 0};
    const xmlNode *root;
    xmlDoc *doc = NULL;
    int rc = -1;

    ld.inc = bl_incident_new();
    ld.inc->path = g_strdup(path);
    ld.inc->dir = g_path_get_dirname(path);
    if (load_vocabulary(ld.inc, vocab_path, diag) < 0) {
        goto out;
    }
    doc = bl_xml_read(path, diag);
    if (doc == NULL || (bl_xml_validate(doc, path, schema_path, diag) < 0 && !draft)) {
        goto out;
    }
    root = xmlDocGetRootElement(doc);
    ld.inc->id = bl_xml_attr(root, "id");
    ld.inc->template_name = bl_xml_attr(root, "template");
    if (ld.inc->template_name == NULL) {
        ld.inc->template_name = g_strdup("us-notice");
    }
    ld.inc->language = bl_xml_attr(root, "language");
    if (ld.inc->language == NULL) {
        ld.inc->language = g_strdup("en");
    }
    read_organisation(&ld, child(root, "organisation"));
    if (child(root, "covered-entities") != NULL) {
        read_entities(&ld, child(root, "covered-entities"));
    }
    read_dates(&ld, child(root, "dates"));
    check_date_order(&ld, child(root, "dates"));
    read_event(&ld, child(root, "event"));
    read_categories(&ld, child(root, "categories"));
    for (const xmlNode *c = first_child(child(root, "actions")); c != NULL; c = c->next) {
        if (bl_xml_is(c, "action")) {
            add_text(&ld, ld.inc->actions, c, "action");
        }
    }
    if (child(root, "monitoring") != NULL) {
        read_monitoring(&ld, child(root, "monitoring"));
    } else if (child(root, "no-monitoring") == NULL) {
        ld.inc->unstated |= BL_UNSTATED_MONITORING;
    }
    if (child(root, "recipient-columns") != NULL) {
        read_columns(&ld, child(root, "recipient-columns"));
    }
    if (child(root, "recipient-fields") != NULL) {
        read_custom_fields(&ld, child(root, "recipient-fields"));
    }
    if (child(root, "mailing") != NULL) {
        read_mailing(&ld, child(root, "mailing"));
    }
    ld.inc->language_assistance = child(root, "language-assistance") != NULL;
    if (child(root, "affected") != NULL) {
        read_affected(&ld, child(root, "affected"));
    }
    if (ld.errors > 0 && !draft) {
        goto out;
    }
    *out = ld.inc;
    ld.inc = NULL;
    rc = 0;
out:
    bl_incident_free(ld.inc);
    if (doc != NULL) {
        xmlFreeDoc(doc);
    }
    return rc;
}

int
bl_incident_load(struct bl_incident **out, const char *path, const char *schema_path,
                 const char *vocab_path, struct bl_diag *diag)
{
    return load(out, path, schema_path, vocab_path, FALSE, diag);
}

int
bl_incident_load_draft(struct bl_incident **out, const char *path, const char *schema_path,
                       const char *vocab_path, struct bl_diag *diag)
{
    return load(out, path, schema_path, vocab_path, TRUE, diag);
}

const struct bl_category *
bl_incident_vocabulary(const struct bl_incident *inc, const char *id)
{
    for (guint i = 0; id != NULL && i < inc->vocabulary->len; i++) {
        const struct bl_category *cat = g_ptr_array_index(inc->vocabulary, i);

        if (strcmp(cat->id, id) == 0) {
            return cat;
        }
    }
    return NULL;
}

int
bl_incident_category_index(const struct bl_incident *inc, const char *id)
{
    for (guint i = 0; id != NULL && i < inc->categories->len; i++) {
        const struct bl_category *cat = g_ptr_array_index(inc->categories, i);

        if (strcmp(cat->id, id) == 0) {
            return (int)i;
        }
    }
    return -1;
}

const struct bl_entity *
bl_incident_entity(const struct bl_incident *inc, const char *id)
{
    for (guint i = 0; id != NULL && i < inc->entities->len; i++) {
        const struct bl_entity *ent = g_ptr_array_index(inc->entities, i);

        if (strcmp(ent->id, id) == 0) {
            return ent;
        }
    }
    return NULL;
}

int
bl_incident_custom_index(const struct bl_incident *inc, const char *name)
{
    for (guint i = 0; name != NULL && i < inc->custom_fields->len; i++) {
        const struct bl_custom_field *field = g_ptr_array_index(inc->custom_fields, i);

        if (strcmp(field->name, name) == 0) {
            return (int)i;
        }
    }
    return -1;
}

const char *
bl_incident_column(const struct bl_incident *inc, const char *field)
{
    const char *name = g_hash_table_lookup(inc->columns, field);

    return name != NULL ? name : field;
}

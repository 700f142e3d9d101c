/* SPDX-License-Identifier: MIT */
/* The incident as a form: the format's elements as named fields with help texts, read from and
 * written to incident XML, and the loader's problems mapped to the fields they concern. */
#include "incident_form.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "incident.h"
#include "xml.h"

#define G_ORG      "Organisation"
#define G_WHAT     "What happened"
#define G_DATES    "Dates"
#define G_DATA     "Data involved"
#define G_DOING    "What we are doing"
#define G_OFFER    "The offer"
#define G_ENTITIES "Covered entities"
#define G_LETTERS  "The letters and the list"

/* clang-format off */
static const struct bl_form_field fields[] = {
    /* organisation */
    {"org.name", G_ORG, "Full legal name", BL_FORM_TEXT, TRUE, NULL,
     "As on the letterhead, the return address and the signature block (Medusind Inc.).",
     "organisation/name", NULL},
    {"org.short_name", G_ORG, "Short name", BL_FORM_TEXT, FALSE, NULL,
     "The name used in running text after the first mention (Medusind); the full name when empty.",
     "organisation/short-name", NULL},
    {"org.description", G_ORG, "What the organisation does", BL_FORM_LONG, FALSE, NULL,
     "One phrase written to follow the name, no final full stop: \"a company that provides "
     "billing services to dental and medical practices\".",
     "organisation/description", NULL},
    {"org.address.line1", G_ORG, "Address line 1", BL_FORM_TEXT, TRUE, NULL,
     "Street and number, for the letterhead, return address and contact section.",
     "organisation/address/street[1]", NULL},
    {"org.address.line2", G_ORG, "Address line 2", BL_FORM_TEXT, FALSE, NULL,
     "Suite, floor or P.O. box, when there is one.", "organisation/address/street[2]", NULL},
    {"org.address.city", G_ORG, "City", BL_FORM_TEXT, TRUE, NULL, "City or town.",
     "organisation/address/city", NULL},
    {"org.address.state", G_ORG, "State", BL_FORM_TEXT, FALSE, NULL,
     "The USPS two-letter code (FL) for a U.S. address.", "organisation/address/state", NULL},
    {"org.address.postal_code", G_ORG, "ZIP code", BL_FORM_TEXT, FALSE, NULL,
     "33131 or 33131-1234.", "organisation/address/postal-code", NULL},
    {"org.address.country", G_ORG, "Country", BL_FORM_TEXT, FALSE, NULL,
     "ISO two-letter code; US when empty.", "organisation/address/country", NULL},
    {"org.phone", G_ORG, "Telephone for questions", BL_FORM_TEXT, TRUE, NULL,
     "The number people call with questions (1-855-555-0142).", "organisation/phone", NULL},
    {"org.phone_toll_free", G_ORG, "The number is toll-free", BL_FORM_BOOL, FALSE, NULL,
     "HIPAA and several states ask for a toll-free number: tick when it is one.",
     "organisation/phone/@toll-free", NULL},
    {"org.phone_hours", G_ORG, "Telephone hours", BL_FORM_TEXT, FALSE, NULL,
     "When the line is staffed, with the time zone.", "organisation/phone/@hours", NULL},
    {"org.website", G_ORG, "Web site", BL_FORM_TEXT, FALSE, NULL,
     "A page with more information, e.g. the notice page.", "organisation/website", NULL},
    {"org.email", G_ORG, "E-mail address", BL_FORM_TEXT, FALSE, NULL,
     "An address for questions.", "organisation/email", NULL},
    {"org.logo", G_ORG, "Logo (PNG file)", BL_FORM_TEXT, FALSE, NULL,
     "A PNG file named relative to the incident file (logo.png), printed at the top of page 1.",
     "organisation/logo", NULL},
    {"org.signatory.name", G_ORG, "Who signs the letter", BL_FORM_TEXT, TRUE, NULL,
     "The signatory's name.", "organisation/signatory/name", NULL},
    {"org.signatory.title", G_ORG, "Signatory's job title", BL_FORM_TEXT, FALSE, NULL,
     "Printed under the name (Chief Compliance Officer).", "organisation/signatory/title", NULL},
    {"org.signature", G_ORG, "Signature (PNG file)", BL_FORM_TEXT, FALSE, NULL,
     "A PNG file of the signature, named relative to the incident file; without it the space "
     "is left to sign by hand.",
     "organisation/signatory/signature-image", NULL},
    {"org.hipaa_role", G_ORG, "Role under HIPAA", BL_FORM_CHOICE, FALSE,
     "covered-entity|business-associate|none",
     "covered-entity: a provider, plan or clearinghouse notifying its own patients; "
     "business-associate: a vendor writing on behalf of covered entities (list them below); "
     "none: state law only. State it always.",
     "organisation/@hipaa-role", NULL},
    {"org.glba", G_ORG, "A financial institution under the Gramm-Leach-Bliley Act",
     BL_FORM_BOOL, FALSE, NULL,
     "Some states exempt such institutions or deem them compliant when they notify under it.",
     "organisation/@glba", NULL},
    {"org.kind", G_ORG, "Kind of organisation", BL_FORM_CHOICE, FALSE,
     "business|information-broker|government",
     "For laws that bind only some kinds (Georgia's binds information brokers and government "
     "data collectors); without it check says such a law may apply.",
     "organisation/@kind", NULL},
    {"org.regulated_by", G_ORG, "Regulators", BL_FORM_TEXT, FALSE, NULL,
     "ny-dfs for a covered entity of the New York Department of Financial Services; separate "
     "several with spaces.",
     "organisation/@regulated-by", NULL},
    /* what happened */
    {"incident.vector", G_WHAT, "How it happened", BL_FORM_CHOICE, TRUE,
     "phishing|hacking|ransomware|malware|unauthorised-access|theft|loss|misdirected|"
     "improper-disposal|skimming|insider|credential-stuffing|other",
     "The letter's \"What Happened\" follows it: a stolen laptop or a misdirected letter has no "
     "intruder in it, skimming took no files.",
     "event/@vector", NULL},
    {"incident.access", G_WHAT, "What the investigation established", BL_FORM_CHOICE, TRUE,
     "confirmed|not-confirmed|undetermined",
     "confirmed: evidence the data was viewed or copied; not-confirmed: accessible, no evidence "
     "it was viewed; undetermined: could not be determined. Never choose a stronger one than "
     "the investigation supports.",
     "event/@access", NULL},
    {"incident.encrypted", G_WHAT, "The data was encrypted", BL_FORM_BOOL, FALSE, NULL,
     "Most states owe no notice for encrypted data, unless the key was taken too.",
     "event/@encrypted", NULL},
    {"incident.key_taken", G_WHAT, "The key was taken too", BL_FORM_BOOL, FALSE, NULL,
     "With encrypted data: the means to decrypt was taken or exposed, so the safe harbour does "
     "not hold.",
     "event/@key-taken", NULL},
    {"incident.harm_unlikely", G_WHAT, "A written risk assessment found harm not likely",
     BL_FORM_BOOL, FALSE, NULL,
     "The states whose law accepts it then owe no notice; tick only when the assessment is "
     "written and kept.",
     "event/@risk-of-harm-unlikely", NULL},
    {"incident.narrative", G_WHAT, "What happened (one paragraph per line)", BL_FORM_LINES, TRUE,
     NULL,
     "In the organisation's words (\"we\"), factual. Avoid \"you\": the same text goes to "
     "parents and estates. Do not repeat the data involved, the actions or the offer: the "
     "letter takes them from their own fields.",
     "event/narrative", "p:#text"},
    /* dates */
    {"incident.occurred_from", G_DATES, "Happened on or from", BL_FORM_DATE, TRUE, NULL,
     "The day of the breach, or the first day of a range.", "dates/occurred/@from", NULL},
    {"incident.occurred_to", G_DATES, "Happened until", BL_FORM_DATE, FALSE, NULL,
     "The last day of a range; empty for a single day.", "dates/occurred/@to", NULL},
    {"incident.discovered", G_DATES, "Discovered", BL_FORM_DATE, TRUE, NULL,
     "The first day it was known; deadlines count from it (HIPAA: 60 days).",
     "dates/discovered", NULL},
    {"incident.contained", G_DATES, "Contained", BL_FORM_DATE, FALSE, NULL,
     "When the unauthorised access was stopped.", "dates/contained", NULL},
    {"incident.determined", G_DATES, "Breach determined", BL_FORM_DATE, FALSE, NULL,
     "When the breach was determined or confirmed, if later than the discovery; several "
     "statutes start their clock there.",
     "dates/determined", NULL},
    {"incident.notice", G_DATES, "Date of the letters", BL_FORM_DATE, TRUE, NULL,
     "Printed at the top of each letter; enrolment and notice deadlines are measured from it.",
     "dates/notice", NULL},
    {"incident.hhs_notice", G_DATES, "HHS notified", BL_FORM_DATE, FALSE, NULL,
     "When the Secretary of HHS was notified (New York's and Illinois's HIPAA notices count "
     "from it).",
     "dates/hhs-notice", NULL},
    {"incident.law_enforcement_delay", G_DATES, "Notice delayed at law enforcement's request",
     BL_FORM_BOOL, FALSE, NULL,
     "The letters then say so; statutes that allow the delay stop their clock for it.",
     "dates/law-enforcement-delay", NULL},
    {"incident.delay_from", G_DATES, "Delay began", BL_FORM_DATE, FALSE, NULL,
     "The day law enforcement asked for the delay.", "dates/law-enforcement-delay/@from", NULL},
    {"incident.delay_until", G_DATES, "Delay ended", BL_FORM_DATE, FALSE, NULL,
     "Empty while the delay still runs.", "dates/law-enforcement-delay/@until", NULL},
    /* data involved */
    {"incident.categories", G_DATA, "Kinds of information involved (one per line)",
     BL_FORM_LINES, TRUE, NULL,
     "One category id per line (ssn, date-of-birth, health-insurance, ...), optionally followed "
     "by \" | \" and wording that replaces the usual label. Each letter lists the person's own "
     "categories in this order.",
     "categories", "category:@id|#text"},
    /* what we are doing */
    {"incident.actions", G_DOING, "What we did and are doing (one per line)", BL_FORM_LINES, TRUE,
     NULL,
     "One complete sentence per line, usually beginning with \"We\". The offer comes from its "
     "own fields.",
     "actions", "action:#text"},
    /* the offer */
    {"monitoring.none", G_OFFER, "No monitoring is offered", BL_FORM_BOOL, FALSE, NULL,
     "Tick when no free credit or identity monitoring is offered; otherwise fill in the offer.",
     "no-monitoring", NULL},
    {"monitoring.provider", G_OFFER, "Provider", BL_FORM_TEXT, FALSE, NULL,
     "The company that provides the service (Kroll).", "monitoring/provider", NULL},
    {"monitoring.product", G_OFFER, "Product", BL_FORM_TEXT, FALSE, NULL,
     "The service's name as the provider calls it (Identity Monitoring).", "monitoring/product",
     NULL},
    {"monitoring.services", G_OFFER, "What it includes", BL_FORM_LONG, FALSE, NULL,
     "A list phrase: credit monitoring, fraud consultation and identity theft restoration.",
     "monitoring/services", NULL},
    {"monitoring.months", G_OFFER, "Months offered", BL_FORM_NUMBER, FALSE, NULL,
     "Several states set a minimum when Social Security numbers are involved (Massachusetts and "
     "District of Columbia 18, Connecticut 24).",
     "monitoring/@months", NULL},
    {"monitoring.enrol_by", G_OFFER, "Enrol by", BL_FORM_DATE, FALSE, NULL,
     "Last day to enrol, after the date of the letters.", "monitoring/@enrol-by", NULL},
    {"monitoring.url", G_OFFER, "Enrolment web address", BL_FORM_TEXT, FALSE, NULL,
     "Where people enrol.", "monitoring/url", NULL},
    {"monitoring.phone", G_OFFER, "Enrolment help telephone", BL_FORM_TEXT, FALSE, NULL,
     "The provider's number for enrolment help.", "monitoring/phone", NULL},
    {"monitoring.phone_hours", G_OFFER, "Enrolment help hours", BL_FORM_TEXT, FALSE, NULL,
     "When that line is staffed, with the time zone.", "monitoring/phone/@hours", NULL},
    {"monitoring.engagement", G_OFFER, "Engagement number", BL_FORM_TEXT, FALSE, NULL,
     "The reference some providers ask callers to quote.", "monitoring/engagement", NULL},
    /* covered entities */
    {"incident.entities", G_ENTITIES, "Covered entities (one per line)", BL_FORM_LINES, FALSE,
     NULL,
     "For a business associate: one per line as \"id | relationship | name\", e.g. "
     "\"corrangate-dental | provides billing services to | Corrangate Family Dentistry\". The "
     "list's entity column names the id.",
     "covered-entities", "entity:@id|@relationship|#text"},
    /* the letters and the list */
    {"incident.id", G_LETTERS, "Incident id", BL_FORM_TEXT, TRUE, NULL,
     "Names the incident in reports (medusind-2023): letters, digits, '.', '_' and '-'. Not "
     "printed in letters.",
     "@id", NULL},
    {"incident.template", G_LETTERS, "Letter template", BL_FORM_TEXT, TRUE, NULL,
     "The template set, a folder under templates/: us-notice for the United States notice.",
     "@template", NULL},
    {"incident.language", G_LETTERS, "Language of the letters", BL_FORM_TEXT, FALSE, NULL,
     "Two lowercase letters (en); a person's language column overrides it.", "@language", NULL},
    {"incident.total_affected", G_LETTERS, "People affected in all", BL_FORM_NUMBER, FALSE, NULL,
     "Printed where a law asks for it; empty when it is not being disclosed.",
     "affected/@total", NULL},
    {"incident.affected_states", G_LETTERS, "Residents affected by state (one per line)",
     BL_FORM_LINES, FALSE, NULL,
     "\"CA | 1200\": the whole incident's residents of a state, counted by the notices' "
     "thresholds instead of the list's when the list is a part of the incident.",
     "affected", "state:@code|@count"},
    {"incident.columns", G_LETTERS, "The list's own column names (one per line)", BL_FORM_LINES,
     FALSE, NULL,
     "\"field | column header\" when the list does not use breachletter's names: "
     "\"postal_code | ZIP\".",
     "recipient-columns", "column:@field|@name"},
    {"incident.custom_fields", G_LETTERS, "More columns letters print (one per line)",
     BL_FORM_LINES, FALSE, NULL,
     "\"name | column | label | kind | required | personal\", trailing parts may be left out: "
     "\"username | | Username | code | true\".",
     "recipient-fields", "field:@name|@column|@label|@kind|@required|@personal"},
    {"mailing.mailer_id", G_LETTERS, "USPS Mailer ID", BL_FORM_TEXT, FALSE, NULL,
     "6 or 9 digits; with it every letter to a US address carries the Intelligent Mail barcode.",
     "mailing/@mailer-id", NULL},
    {"mailing.service_type", G_LETTERS, "USPS service type", BL_FORM_TEXT, FALSE, NULL,
     "3 digits (040: First-Class Mail with tracking).", "mailing/@service-type", NULL},
    {"mailing.barcode_id", G_LETTERS, "Barcode id", BL_FORM_TEXT, FALSE, NULL,
     "2 digits, the second 0 to 4; 00 when empty.", "mailing/@barcode-id", NULL},
    {"mailing.serial_start", G_LETTERS, "First serial number", BL_FORM_NUMBER, FALSE, NULL,
     "The serial of the list's first record (0 when empty).", "mailing/@serial-start", NULL},
};
/* clang-format on */

struct bl_incident_form {
    GHashTable *values; /* key (static) -> char * */
};

const struct bl_form_field *
bl_incident_form_fields(size_t *n_out)
{
    *n_out = G_N_ELEMENTS(fields);
    return fields;
}

const struct bl_form_field *
bl_incident_form_field(const char *key)
{
    for (size_t i = 0; key != NULL && i < G_N_ELEMENTS(fields); i++) {
        if (strcmp(fields[i].key, key) == 0) {
            return &fields[i];
        }
    }
    return NULL;
}

struct bl_incident_form *
bl_incident_form_new(void)
{
    struct bl_incident_form *form = g_new0(struct bl_incident_form, 1);

    form->values = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
    return form;
}

void
bl_incident_form_free(struct bl_incident_form *form)
{
    if (form == NULL) {
        return;
    }
    g_hash_table_unref(form->values);
    g_free(form);
}

const char *
bl_incident_form_get(const struct bl_incident_form *form, const char *key)
{
    const char *v = g_hash_table_lookup(form->values, key);

    return v != NULL ? v : "";
}

int
bl_incident_form_set(struct bl_incident_form *form, const char *key, const char *value)
{
    const struct bl_form_field *f = bl_incident_form_field(key);
    GString *clean;

    if (f == NULL) {
        return -1;
    }
    if (value == NULL) {
        g_hash_table_remove(form->values, f->key);
        return 0;
    }
    clean = g_string_new(NULL);
    for (const char *p = value; *p != '\0'; p++) {
        if (*p == '\r') {
            g_string_append_c(clean, '\n');
            if (p[1] == '\n') {
                p++;
            }
        } else {
            g_string_append_c(clean, *p);
        }
    }
    g_hash_table_replace(form->values, (gpointer)f->key, g_string_free(clean, FALSE));
    return 0;
}

/* "street[2]" -> name "street", index 2; "city" -> 1 */
static char *
split_step(const char *step, int *index)
{
    const char *br = strchr(step, '[');

    *index = br != NULL ? atoi(br + 1) : 1;
    return br != NULL ? g_strndup(step, (gsize)(br - step)) : g_strdup(step);
}

/* The index-th child element of parent named name, or NULL. */
static xmlNode *
nth_child(xmlNode *parent, const char *name, int index)
{
    for (xmlNode *c = parent->children; c != NULL; c = c->next) {
        if (bl_xml_is(c, name) && --index == 0) {
            return c;
        }
    }
    return NULL;
}

/* The element path leads to (its "@attr" tail left in *attr, borrowed from path), or NULL; with
 * create, missing elements are made. */
static xmlNode *
walk(xmlNode *root, const char *path, gboolean create, const char **attr)
{
    char **steps = g_strsplit(path, "/", -1);
    xmlNode *node = root;

    *attr = NULL;
    for (size_t i = 0; steps[i] != NULL && node != NULL; i++) {
        int index;
        char *name;

        if (steps[i][0] == '@') {
            *attr = strrchr(path, '@') + 1;
            break;
        }
        name = split_step(steps[i], &index);
        xmlNode *next = nth_child(node, name, index);
        while (next == NULL && create) {
            xmlNewChild(node, NULL, (const xmlChar *)name, NULL);
            next = nth_child(node, name, index);
        }
        node = next;
        g_free(name);
    }
    g_strfreev(steps);
    return node;
}

static gboolean
is_true(const char *v)
{
    return v != NULL && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
}

/* An item's parts as a line: "a | b | c", empty parts at the end left out. */
static char *
read_item(xmlNode *item, const char *parts)
{
    char **names = g_strsplit(parts, "|", -1);
    guint n = g_strv_length(names);
    char **vals = g_new0(char *, n + 1);
    guint last = 0;
    char *line;

    for (guint i = 0; i < n; i++) {
        vals[i] = names[i][0] == '@' ? bl_xml_attr(item, names[i] + 1) : bl_xml_text(item);
        if (vals[i] == NULL) {
            vals[i] = g_strdup("");
        }
        g_strstrip(vals[i]);
        if (vals[i][0] != '\0') {
            last = i + 1;
        }
    }
    g_free(vals[last]);
    vals[last] = NULL;
    line = g_strjoinv(" | ", vals);
    for (guint i = last + 1; i < n; i++) {
        g_free(vals[i]);
    }
    g_strfreev(vals);
    g_strfreev(names);
    return line;
}

static void
read_field(struct bl_incident_form *form, const struct bl_form_field *f, xmlNode *root)
{
    const char *attr;
    xmlNode *node = walk(root, f->path, FALSE, &attr);
    char *value = NULL;

    if (node == NULL) {
        return;
    }
    if (f->kind == BL_FORM_LINES) {
        const char *colon = strchr(f->parts, ':');
        char *item_name = g_strndup(f->parts, (gsize)(colon - f->parts));
        GString *lines = g_string_new(NULL);

        for (xmlNode *c = node->children; c != NULL; c = c->next) {
            if (bl_xml_is(c, item_name)) {
                char *line = read_item(c, colon + 1);
                g_string_append_printf(lines, "%s%s", lines->len > 0 ? "\n" : "", line);
                g_free(line);
            }
        }
        value = g_string_free(lines, FALSE);
        g_free(item_name);
    } else if (attr != NULL) {
        value = bl_xml_attr(node, attr);
        if (value != NULL && f->kind == BL_FORM_BOOL) {
            char *b = g_strdup(is_true(value) ? "true" : "");
            g_free(value);
            value = b;
        }
    } else if (f->kind == BL_FORM_BOOL) {
        value = g_strdup("true"); /* the element's presence */
    } else {
        value = bl_xml_text(node);
    }
    if (value != NULL) {
        bl_incident_form_set(form, f->key, g_strstrip(value));
    }
    g_free(value);
}

int
bl_incident_form_read(struct bl_incident_form **out, const char *path, struct bl_diag *diag)
{
    xmlDoc *doc = bl_xml_read(path, diag);
    xmlNode *root;
    struct bl_incident_form *form;

    if (doc == NULL) {
        return -1;
    }
    root = xmlDocGetRootElement(doc);
    if (root == NULL || !bl_xml_is(root, "incident")) {
        struct bl_loc loc = {path, root != NULL ? (int)xmlGetLineNo(root) : 0, 0};
        bl_diag_error(diag, &loc, "the root element is not <incident>: not an incident file");
        xmlFreeDoc(doc);
        return -1;
    }
    form = bl_incident_form_new();
    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
        read_field(form, &fields[i], root);
    }
    xmlFreeDoc(doc);
    *out = form;
    return 0;
}

static void
set_text(xmlNode *node, const char *text)
{
    xmlNode *t = xmlNewDocText(node->doc, (const xmlChar *)text);

    xmlAddChild(node, t);
}

static void
write_item(xmlNode *container, const char *parts, const char *line)
{
    const char *colon = strchr(parts, ':');
    char *item_name = g_strndup(parts, (gsize)(colon - parts));
    char **names = g_strsplit(colon + 1, "|", -1);
    guint n = g_strv_length(names);
    /* a part of text alone keeps its '|' characters */
    char **vals = n == 1 ? g_strsplit(line, "\x01", 1) : g_strsplit(line, "|", (gint)n);
    xmlNode *item = xmlNewChild(container, NULL, (const xmlChar *)item_name, NULL);

    for (guint i = 0; i < n && vals[i] != NULL; i++) {
        g_strstrip(vals[i]);
        if (vals[i][0] == '\0') {
            continue;
        }
        if (names[i][0] == '@') {
            xmlNewProp(item, (const xmlChar *)names[i] + 1, (const xmlChar *)vals[i]);
        } else {
            set_text(item, vals[i]);
        }
    }
    g_strfreev(vals);
    g_strfreev(names);
    g_free(item_name);
}

static void
write_field(const struct bl_form_field *f, const char *value, xmlNode *root)
{
    const char *attr;
    xmlNode *node;
    char *v = g_strstrip(g_strdup(value));

    if (v[0] == '\0' || (f->kind == BL_FORM_BOOL && !is_true(v))) {
        g_free(v);
        return;
    }
    node = walk(root, f->path, TRUE, &attr);
    if (f->kind == BL_FORM_LINES) {
        char **lines = g_strsplit(v, "\n", -1);
        for (size_t i = 0; lines[i] != NULL; i++) {
            if (g_strstrip(lines[i])[0] != '\0') {
                write_item(node, f->parts, lines[i]);
            }
        }
        g_strfreev(lines);
    } else if (attr != NULL) {
        xmlSetProp(node, (const xmlChar *)attr, (const xmlChar *)v);
    } else if (f->kind != BL_FORM_BOOL) {
        set_text(node, v);
    }
    g_free(v);
}

/* The order elements are written in: the format's documented order, not the form's. */
static const char *const element_order[] = {
    "organisation",      "covered-entities", "dates",      "event",
    "categories",        "actions",          "monitoring", "no-monitoring",
    "recipient-columns", "recipient-fields", "mailing",    "affected",
};

char *
bl_incident_form_to_xml(const struct bl_incident_form *form)
{
    xmlDoc *doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNode *root = xmlNewNode(NULL, (const xmlChar *)"incident");
    xmlChar *mem = NULL;
    int len = 0;
    char *res;

    xmlDocSetRootElement(doc, root);
    /* the root's attributes first, then each top element's fields together */
    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
        if (fields[i].path[0] == '@') {
            write_field(&fields[i], bl_incident_form_get(form, fields[i].key), root);
        }
    }
    for (size_t e = 0; e < G_N_ELEMENTS(element_order); e++) {
        size_t len_top = strlen(element_order[e]);
        for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
            const char *p = fields[i].path;
            if (strncmp(p, element_order[e], len_top) == 0 &&
                (p[len_top] == '\0' || p[len_top] == '/')) {
                write_field(&fields[i], bl_incident_form_get(form, fields[i].key), root);
            }
        }
    }
    xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
    res = g_strndup((const char *)mem, (gsize)len);
    xmlFree(mem);
    xmlFreeDoc(doc);
    return res;
}

static struct bl_form_problem *
problem_new(const struct bl_form_field *f, const char *what)
{
    struct bl_form_problem *p = g_new0(struct bl_form_problem, 1);

    p->key = f != NULL ? g_strdup(f->key) : NULL;
    p->message =
        f != NULL ? g_strdup_printf("%s › %s: %s", f->group, f->label, what) : g_strdup(what);
    return p;
}

static void
problem_free(gpointer data)
{
    struct bl_form_problem *p = data;

    g_free(p->key);
    g_free(p->message);
    g_free(p);
}

/* The element's path below the root as the fields write it: "organisation/address/street[2]"
 * ([1] left out). */
static char *
node_path(xmlNode *node)
{
    GString *s = g_string_new(NULL);

    for (; node != NULL && node->parent != NULL && node->parent->type == XML_ELEMENT_NODE;
         node = node->parent) {
        int index = 1;
        for (xmlNode *c = node->prev; c != NULL; c = c->prev) {
            index += bl_xml_is(c, (const char *)node->name);
        }
        char *step = index > 1 ? g_strdup_printf("%s[%d]", node->name, index)
                               : g_strdup((const char *)node->name);
        g_string_prepend(s, s->len > 0 ? "/" : "");
        g_string_prepend(s, step);
        g_free(step);
    }
    return g_string_free(s, FALSE);
}

/* A field's element path without its attribute and without "[1]". */
static char *
field_element(const struct bl_form_field *f, const char **attr)
{
    const char *at = strrchr(f->path, '@');
    char *el = at != NULL ? g_strndup(f->path, (gsize)(at - f->path)) : g_strdup(f->path);
    char *one = strstr(el, "[1]");

    *attr = at != NULL ? at + 1 : NULL;
    if (one != NULL) {
        memmove(one, one + 3, strlen(one + 3) + 1);
    }
    if (el[0] != '\0' && el[strlen(el) - 1] == '/') {
        el[strlen(el) - 1] = '\0';
    }
    return el;
}

/* Where message first names attribute attr ("has to='...'", "occurred 'to'"), or -1. */
static long
names_attr(const char *message, const char *attr)
{
    const char *forms[] = {"%s=", "'%s'", "@%s"};
    long first = -1;

    for (size_t i = 0; i < G_N_ELEMENTS(forms); i++) {
        char *needle = g_strdup_printf(forms[i], attr);
        const char *at = strstr(message, needle);
        if (at != NULL && (first < 0 || at - message < first)) {
            first = at - message;
        }
        g_free(needle);
    }
    return first;
}

/* The field a problem at element path el concerns. */
static const struct bl_form_field *
field_at(const char *el, const char *message)
{
    const struct bl_form_field *text = NULL, *any = NULL, *named = NULL;
    long named_at = -1;

    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
        const char *attr;
        char *fe = field_element(&fields[i], &attr);
        gboolean here = strcmp(fe, el) == 0;

        if (!here && fields[i].kind == BL_FORM_LINES) {
            size_t n = strlen(fe);
            here = n > 0 && strncmp(el, fe, n) == 0 && el[n] == '/';
        }
        g_free(fe);
        if (!here) {
            continue;
        }
        long at = attr != NULL ? names_attr(message, attr) : -1;
        if (at >= 0 && (named == NULL || at < named_at)) {
            named = &fields[i];
            named_at = at;
        }
        if (attr == NULL && text == NULL) {
            text = &fields[i];
        }
        if (any == NULL) {
            any = &fields[i];
        }
    }
    return named != NULL ? named : text != NULL ? text : any;
}

static xmlNode *
element_on_line(xmlNode *node, long line)
{
    for (; node != NULL; node = node->next) {
        if (node->type != XML_ELEMENT_NODE) {
            continue;
        }
        if (xmlGetLineNo(node) == line) {
            return node;
        }
        xmlNode *in = element_on_line(node->children, line);
        if (in != NULL) {
            return in;
        }
    }
    return NULL;
}

/* The message without its pointer to the documentation. */
static char *
officer_words(const char *message)
{
    char *m = g_strdup(message);
    char *see = strstr(m, " (see docs/");

    if (see != NULL) {
        *see = '\0';
    }
    return m;
}

static struct bl_form_problem *
map_problem(xmlDoc *doc, long line, const char *message)
{
    const char *key = NULL;
    char *explained = bl_incident_form_explain(message, &key);
    struct bl_form_problem *p;
    xmlNode *node;
    const struct bl_form_field *f = NULL;
    char *words;

    if (explained != NULL) {
        p = g_new0(struct bl_form_problem, 1);
        p->key = g_strdup(key);
        p->message = explained;
        return p;
    }
    node = doc != NULL && line > 0 ? element_on_line(xmlDocGetRootElement(doc), line) : NULL;
    while (node != NULL && f == NULL) {
        char *el = node_path(node);
        const char *lacks = strstr(message, "lacks <");
        if (lacks != NULL) {
            const char *end = strchr(lacks + 7, '>');
            char *child = g_strdup_printf("%s%s%.*s", el, el[0] != '\0' ? "/" : "",
                                          end != NULL ? (int)(end - lacks - 7) : 0, lacks + 7);
            f = field_at(child, message);
            g_free(child);
        }
        if (f == NULL) {
            f = field_at(el, message);
        }
        g_free(el);
        node = node->parent != NULL && node->parent->type == XML_ELEMENT_NODE ? node->parent : NULL;
    }
    words = officer_words(message);
    p = problem_new(f, words);
    g_free(words);
    return p;
}

/* Splits "file:line: error: message" into line and message; FALSE for other texts. */
static gboolean
parse_diag_line(const char *text, long *line, const char **message)
{
    const char *e = strstr(text, ": error: ");
    const char *w = strstr(text, ": warning: ");
    const char *mark = e != NULL ? e : w;
    const char *colon;

    if (mark == NULL) {
        return FALSE;
    }
    *message = mark + (e != NULL ? 9 : 11);
    *line = 0;
    for (colon = mark - 1; colon > text && g_ascii_isdigit(*colon); colon--) {
    }
    if (*colon == ':' && colon + 1 < mark) {
        *line = strtol(colon + 1, NULL, 10);
    }
    return TRUE;
}

GPtrArray *
bl_incident_form_problems(const struct bl_incident_form *form, const char *path,
                          const char *schema_path, const char *vocab_path)
{
    GPtrArray *res = g_ptr_array_new_with_free_func(problem_free);
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_diag *quiet = bl_diag_new(NULL);
    struct bl_incident *inc = NULL;
    gboolean monitoring = FALSE;
    xmlDoc *doc;
    char **lines;

    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
        if (fields[i].required && bl_incident_form_get(form, fields[i].key)[0] == '\0') {
            g_ptr_array_add(res, problem_new(&fields[i], "fill this in"));
        }
        if (g_str_has_prefix(fields[i].key, "monitoring.") &&
            strcmp(fields[i].key, "monitoring.none") != 0) {
            monitoring = monitoring || bl_incident_form_get(form, fields[i].key)[0] != '\0';
        }
    }
    if (!monitoring && !is_true(bl_incident_form_get(form, "monitoring.none"))) {
        g_ptr_array_add(res, problem_new(bl_incident_form_field("monitoring.none"),
                                         "tick this, or fill in the offer"));
    }
    if (res->len > 0) {
        /* the loader would tell the same in the format's terms */
        bl_diag_free(diag);
        bl_diag_free(quiet);
        return res;
    }
    if (bl_incident_load(&inc, path, schema_path, vocab_path, diag) == 0) {
        bl_incident_free(inc);
    }
    doc = bl_xml_read(path, quiet);
    lines = g_strsplit(bl_diag_text(diag), "\n", -1);
    for (size_t i = 0; lines[i] != NULL; i++) {
        long line;
        const char *message;
        if (parse_diag_line(lines[i], &line, &message)) {
            g_ptr_array_add(res, map_problem(doc, line, message));
        }
    }
    g_strfreev(lines);
    if (doc != NULL) {
        xmlFreeDoc(doc);
    }
    bl_diag_free(diag);
    bl_diag_free(quiet);
    return res;
}

char *
bl_incident_form_explain(const char *message, const char **key_out)
{
    const char *q = strstr(message, "field '");
    const char *name = q != NULL ? q + 7 : NULL;
    const char *end;
    char *key;
    const struct bl_form_field *f;
    char *res = NULL;

    if (name == NULL && (q = strstr(message, "list '")) != NULL) {
        name = q + 6;
    }
    if (key_out != NULL) {
        *key_out = NULL;
    }
    if (name == NULL || (end = strchr(name, '\'')) == NULL) {
        return NULL;
    }
    key = g_strndup(name, (gsize)(end - name));
    f = bl_incident_form_field(key);
    if (f != NULL) {
        const char *what = strstr(end, "is empty") != NULL || strstr(end, "missing") != NULL
                               ? "fill this in"
                               : NULL;
        char *words = what == NULL ? officer_words(message) : NULL;
        res = g_strdup_printf("%s › %s: %s", f->group, f->label, what != NULL ? what : words);
        g_free(words);
        if (key_out != NULL) {
            *key_out = f->key;
        }
    }
    g_free(key);
    return res;
}

/* SPDX-License-Identifier: MIT */
/* Contacts: reads templates/contacts.xml into a table of contact id -> member -> text. */
#include "contacts.h"

#include <string.h>

#include "text.h"
#include "xml.h"

struct stale {
    char *contact;
    char *text;
};

struct bl_contacts {
    char *path;
    char *version;
    GDate checked;
    GHashTable *values; /* "id.member" -> text */
    GArray *stale;      /* struct stale */
};

static const char *const members[] = {
    "name", "phone", "tty", "website", "email", "address", "freeze_address", "fraud_address"};

gboolean
bl_contacts_member_known(const char *member)
{
    for (gsize i = 0; i < G_N_ELEMENTS(members); i++) {
        if (strcmp(members[i], member) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

void
bl_contacts_free(struct bl_contacts *c)
{
    if (c == NULL) {
        return;
    }
    for (guint i = 0; i < c->stale->len; i++) {
        g_free(g_array_index(c->stale, struct stale, i).contact);
        g_free(g_array_index(c->stale, struct stale, i).text);
    }
    g_array_unref(c->stale);
    g_hash_table_unref(c->values);
    g_free(c->path);
    g_free(c->version);
    g_free(c);
}

/* An element's <line> children joined with newlines, or its folded text. */
static char *
element_text(const xmlNode *node)
{
    GString *out = g_string_new(NULL);
    gboolean lines = FALSE;

    for (const xmlNode *c = node->children; c != NULL; c = c->next) {
        if (bl_xml_is(c, "line")) {
            char *line = bl_xml_text(c);

            if (lines) {
                g_string_append_c(out, '\n');
            }
            g_string_append(out, line != NULL ? line : "");
            g_free(line);
            lines = TRUE;
        }
    }
    if (!lines) {
        g_string_free(out, TRUE);
        return bl_xml_text(node);
    }
    return g_string_free(out, FALSE);
}

/* Reads one <contact>. A contact whose id came before is left out whole, with a warning: the
 * first one counts, not a mix of the two. */
static void
read_contact(struct bl_contacts *c, const xmlNode *node, struct bl_diag *diag)
{
    char *id = bl_xml_attr(node, "id");
    char *name = g_strdup_printf("%s.name", id); /* every contact has a name (the schema) */

    if (g_hash_table_contains(c->values, name)) {
        struct bl_loc loc = bl_xml_loc(node, c->path);

        bl_diag_warning(diag, &loc, "contact '%s' is given twice; the first one counts", id);
        g_free(name);
        g_free(id);
        return;
    }
    g_free(name);
    for (const xmlNode *m = node->children; m != NULL; m = m->next) {
        char *member;

        if (m->type != XML_ELEMENT_NODE || bl_xml_is(m, "source")) {
            continue;
        }
        member = g_strdelimit(g_strdup((const char *)m->name), "-", '_');
        g_hash_table_insert(c->values, g_strdup_printf("%s.%s", id, member), element_text(m));
        g_free(member);
    }
    g_free(id);
}

int
bl_contacts_load(struct bl_contacts **out, const char *path, const char *schema_path,
                 struct bl_diag *diag)
{
    struct bl_contacts *c = g_new0(struct bl_contacts, 1);
    xmlDoc *doc = bl_xml_read(path, diag);
    const xmlNode *root;
    char *checked = NULL;
    int rc = -1;

    c->path = g_strdup(path);
    c->values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    c->stale = g_array_new(FALSE, FALSE, sizeof(struct stale));
    if (doc == NULL || bl_xml_validate(doc, path, schema_path, diag) < 0) {
        goto out;
    }
    root = xmlDocGetRootElement(doc);
    c->version = bl_xml_attr(root, "version");
    checked = bl_xml_attr(root, "checked");
    if (bl_date_parse(&c->checked, checked) < 0) {
        struct bl_loc loc = bl_xml_loc(root, path);

        bl_diag_error(diag, &loc, "checked date '%s' is not a valid YYYY-MM-DD date", checked);
        goto out;
    }
    for (const xmlNode *n = root->children; n != NULL; n = n->next) {
        if (bl_xml_is(n, "contact")) {
            read_contact(c, n, diag);
        } else if (bl_xml_is(n, "stale")) {
            struct stale s = {bl_xml_attr(n, "contact"), bl_xml_text(n)};

            g_array_append_val(c->stale, s);
        }
    }
    *out = c;
    c = NULL;
    rc = 0;
out:
    g_free(checked);
    bl_contacts_free(c);
    if (doc != NULL) {
        xmlFreeDoc(doc);
    }
    return rc;
}

const char *
bl_contacts_value(const struct bl_contacts *c, const char *id, const char *member)
{
    char *key = g_strdup_printf("%s.%s", id, member);
    const char *value = g_hash_table_lookup(c->values, key);

    g_free(key);
    return value;
}

const char *
bl_contacts_path(const struct bl_contacts *c)
{
    return c->path;
}

const char *
bl_contacts_version(const struct bl_contacts *c)
{
    return c->version;
}

const GDate *
bl_contacts_checked(const struct bl_contacts *c)
{
    return &c->checked;
}

guint
bl_contacts_stale_count(const struct bl_contacts *c)
{
    return c->stale->len;
}

const char *
bl_contacts_stale(const struct bl_contacts *c, guint i, const char **contact)
{
    const struct stale *s = &g_array_index(c->stale, struct stale, i);

    if (contact != NULL) {
        *contact = s->contact;
    }
    return s->text;
}

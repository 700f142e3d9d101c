/* SPDX-License-Identifier: MIT */
/* Schema errors in the user's words: which element of the file is wrong, how, and what the
 * format wants there, from libxml2's RELAX NG errors and the schema itself. */
#include "xml_explain.h"

#include <libxml/relaxng.h>
#include <libxml/xmlregexp.h>
#include <string.h>

#include "text.h"

/* What the schema allows for an attribute's value or an element's text. */
struct rule {
    const char *name;  /* the attribute's name (NULL for an element's text); from the schema */
    gboolean required; /* an attribute outside <optional>, <choice>, <zeroOrMore> */
    GPtrArray *values; /* const char *: the values allowed (<value>), maybe empty */
    const char *type;  /* the datatype ("positiveInteger"), or NULL */
    const char *ref;   /* the define its value comes from ("date"), or NULL */
    const char *pattern;
};

/* What the schema says, by element name. */
struct schema {
    xmlDoc *doc;
    GHashTable *defines; /* name -> <define> */
    GPtrArray *elements; /* every element name once, NULL-terminated */
    GHashTable *attrs;   /* element name -> GPtrArray of struct rule * */
    GHashTable *text;    /* element name -> struct rule *: what its text must be */
    const char *format;  /* "incident": "the incident format" */
    const char *see;     /* where it is described, or NULL */
};

/* The formats the shipped schemas describe, and their documents. */
static const struct {
    const char *schema;
    const char *format;
    const char *see;
} formats[] = {
    {"incident.rng", "incident", "docs/incident-format.md"},
    {"rules.rng", "rules", "docs/rules-format.md"},
    {"contacts.rng", "contacts", "docs/contacts.md"},
};

static void
rule_free(gpointer data)
{
    struct rule *r = data;

    g_ptr_array_unref(r->values);
    g_free(r);
}

void
bl_xml_problem_free(gpointer data)
{
    struct bl_xml_problem *p = data;

    g_free(p->str1);
    g_free(p->str2);
    g_free(p->message);
    g_free(p);
}

static const char *
prop(const xmlNode *node, const char *name)
{
    /* the schema document outlives every use: its attribute's text is borrowed */
    for (const xmlAttr *a = node->properties; a != NULL; a = a->next) {
        if (strcmp((const char *)a->name, name) == 0 && a->children != NULL) {
            return (const char *)a->children->content;
        }
    }
    return NULL;
}

static gboolean
is(const xmlNode *node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, name) == 0;
}

/* Fills r from a value's pattern: <value>s, <data> with its pattern, or a <ref> to a define
 * holding them (depth bounds the refs followed). */
static void
read_value(struct schema *sc, const xmlNode *node, struct rule *r, int depth)
{
    for (const xmlNode *c = node->children; c != NULL && depth < 8; c = c->next) {
        if (is(c, "value") && c->children != NULL) {
            g_ptr_array_add(r->values, (gpointer)c->children->content);
        } else if (is(c, "data")) {
            r->type = prop(c, "type");
            for (const xmlNode *p = c->children; p != NULL; p = p->next) {
                if (is(p, "param") && g_strcmp0(prop(p, "name"), "pattern") == 0 &&
                    p->children != NULL) {
                    r->pattern = (const char *)p->children->content;
                }
            }
        } else if (is(c, "ref")) {
            const xmlNode *def = g_hash_table_lookup(sc->defines, prop(c, "name"));

            r->ref = r->ref != NULL ? r->ref : prop(c, "name");
            if (def != NULL) {
                read_value(sc, def, r, depth + 1);
            }
        } else if (is(c, "choice") || is(c, "optional")) {
            read_value(sc, c, r, depth + 1);
        }
    }
}

/* TRUE when the patterns under node are of a value only: no attribute, no element. */
static gboolean
holds_value_only(const xmlNode *node)
{
    for (const xmlNode *c = node->children; c != NULL; c = c->next) {
        if (is(c, "attribute") || is(c, "element") || is(c, "ref") ||
            (c->type == XML_ELEMENT_NODE && !holds_value_only(c))) {
            return FALSE;
        }
    }
    return TRUE;
}

/* Collects element's attributes and what its text must be from the patterns under node, down
 * to the next elements (which have their own), through refs to defines. */
static void
read_element(struct schema *sc, const char *element, const xmlNode *node, gboolean required,
             int depth)
{
    GPtrArray *attrs = g_hash_table_lookup(sc->attrs, element);

    if (attrs == NULL) {
        attrs = g_ptr_array_new_with_free_func(rule_free);
        g_hash_table_insert(sc->attrs, (gpointer)element, attrs);
    }
    for (const xmlNode *c = node->children; c != NULL && depth < 8; c = c->next) {
        if (is(c, "attribute") && prop(c, "name") != NULL) {
            struct rule *r = g_new0(struct rule, 1);

            r->name = prop(c, "name");
            r->required = required;
            r->values = g_ptr_array_new();
            read_value(sc, c, r, 0);
            g_ptr_array_add(attrs, r);
        } else if (is(c, "optional") || is(c, "choice") || is(c, "zeroOrMore")) {
            read_element(sc, element, c, FALSE, depth + 1);
        } else if (is(c, "oneOrMore") || is(c, "group") || is(c, "interleave") || is(c, "mixed")) {
            read_element(sc, element, c, required, depth + 1);
        } else if (is(c, "ref")) {
            const xmlNode *def = g_hash_table_lookup(sc->defines, prop(c, "name"));

            if (def != NULL && holds_value_only(def)) {
                /* a define of a value ("date") says what the text is */
                if (!g_hash_table_contains(sc->text, element)) {
                    struct rule *r = g_new0(struct rule, 1);

                    r->values = g_ptr_array_new();
                    r->ref = prop(c, "name");
                    read_value(sc, def, r, 0);
                    g_hash_table_insert(sc->text, (gpointer)element, r);
                }
            } else if (def != NULL) {
                /* attributes ("deadline"), or elements, which have their own */
                read_element(sc, element, def, required, depth + 1);
            }
        } else if ((is(c, "data") || is(c, "value")) && !g_hash_table_contains(sc->text, element)) {
            struct rule *r = g_new0(struct rule, 1);

            r->values = g_ptr_array_new();
            read_value(sc, node, r, 0);
            g_hash_table_insert(sc->text, (gpointer)element, r);
        }
    }
}

static void
find_elements(struct schema *sc, const xmlNode *node)
{
    for (const xmlNode *c = node; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) {
            continue;
        }
        if (is(c, "define") && prop(c, "name") != NULL) {
            g_hash_table_insert(sc->defines, (gpointer)prop(c, "name"), (gpointer)c);
        }
        find_elements(sc, c->children);
    }
}

static void
read_elements(struct schema *sc, const xmlNode *node)
{
    for (const xmlNode *c = node; c != NULL; c = c->next) {
        const char *name = is(c, "element") ? prop(c, "name") : NULL;

        if (name != NULL) {
            if (!g_ptr_array_find_with_equal_func(sc->elements, name, g_str_equal, NULL)) {
                g_ptr_array_add(sc->elements, (gpointer)name);
            }
            read_element(sc, name, c, TRUE, 0);
        }
        if (c->type == XML_ELEMENT_NODE) {
            read_elements(sc, c->children);
        }
    }
}

static gboolean
schema_load(struct schema *sc, const char *schema_path, xmlDoc *schema_doc)
{
    char *base = g_path_get_basename(schema_path);

    memset(sc, 0, sizeof(*sc));
    sc->format = NULL;
    for (gsize i = 0; i < G_N_ELEMENTS(formats); i++) {
        if (strcmp(base, formats[i].schema) == 0) {
            sc->format = formats[i].format;
            sc->see = formats[i].see;
        }
    }
    g_free(base);
    sc->doc = schema_doc; /* borrowed */
    if (sc->doc == NULL) {
        return FALSE;
    }
    sc->defines = g_hash_table_new(g_str_hash, g_str_equal);
    sc->elements = g_ptr_array_new();
    sc->attrs =
        g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_ptr_array_unref);
    sc->text = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, rule_free);
    find_elements(sc, xmlDocGetRootElement(sc->doc));
    read_elements(sc, xmlDocGetRootElement(sc->doc));
    g_ptr_array_add(sc->elements, NULL);
    return TRUE;
}

static void
schema_release(struct schema *sc)
{
    if (sc->doc == NULL) {
        return;
    }
    g_hash_table_unref(sc->text);
    g_hash_table_unref(sc->attrs);
    g_ptr_array_unref(sc->elements);
    g_hash_table_unref(sc->defines);
}

static gboolean
known_element(const struct schema *sc, const char *name)
{
    for (guint i = 0; name != NULL && i + 1 < sc->elements->len; i++) {
        if (strcmp(g_ptr_array_index(sc->elements, i), name) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

static const struct rule *
attr_rule(const struct schema *sc, const char *element, const char *attr)
{
    GPtrArray *attrs = g_hash_table_lookup(sc->attrs, element);

    for (guint i = 0; attrs != NULL && i < attrs->len; i++) {
        const struct rule *r = g_ptr_array_index(attrs, i);

        if (strcmp(r->name, attr) == 0) {
            return r;
        }
    }
    return NULL;
}

/* "[0-9]{6}|[0-9]{9}" -> "6 or 9 digits"; NULL for any other pattern. */
static char *
digits_pattern(const char *pattern)
{
    char **alts = g_strsplit(pattern, "|", -1);
    GString *out = g_string_new(NULL);
    gboolean ok = alts[0] != NULL;

    for (int i = 0; ok && alts[i] != NULL; i++) {
        int n = 0;
        char end = 0;

        ok = sscanf(alts[i], "[0-9]{%d}%c", &n, &end) == 1 && n > 0;
        if (ok) {
            g_string_append_printf(out, "%s%d",
                                   i == 0                ? ""
                                   : alts[i + 1] == NULL ? " or "
                                                         : ", ",
                                   n);
        }
    }
    g_strfreev(alts);
    if (!ok) {
        g_string_free(out, TRUE);
        return NULL;
    }
    g_string_append(out, " digits");
    return g_string_free(out, FALSE);
}

/* What a rule wants, for "...; the incident format wants ...". NULL when it cannot be said. */
static char *
describe(const struct rule *r)
{
    static const struct {
        const char *name;
        const char *what;
    } words[] = {
        {"date", "a date written YYYY-MM-DD"},
        {"id", "an id of letters, digits, '.', '_' and '-'"},
        {"language", "a two-letter language code such as 'en'"},
        {"text", "some text"},
        {"positiveInteger", "a whole number above 0"},
        {"nonNegativeInteger", "a whole number, 0 or more"},
        {"integer", "a whole number"},
        {"boolean", "true or false"},
    };

    if (r->values->len > 0) {
        GString *out = g_string_new("one of ");

        for (guint i = 0; i < r->values->len; i++) {
            g_string_append_printf(out, "%s%s",
                                   i == 0                    ? ""
                                   : i + 1 == r->values->len ? " or "
                                                             : ", ",
                                   (const char *)g_ptr_array_index(r->values, i));
        }
        return g_string_free(out, FALSE);
    }
    for (gsize i = 0; i < G_N_ELEMENTS(words); i++) {
        if (g_strcmp0(r->ref, words[i].name) == 0 || g_strcmp0(r->type, words[i].name) == 0) {
            return g_strdup(words[i].what);
        }
    }
    return r->pattern != NULL ? digits_pattern(r->pattern) : NULL;
}

/* The messages being made: line -> text, in order, each once. */
struct out {
    const struct schema *sc;
    const char *path;
    GArray *lines;
    GPtrArray *texts;
    GHashTable *seen;       /* "line:text" */
    GHashTable *nodes_told; /* xmlNode * whose attributes were told */
};

static void add(struct out *o, const xmlNode *node, int line, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

/* Adds a message about node (or at line), once. */
static void
add(struct out *o, const xmlNode *node, int line, const char *fmt, ...)
{
    va_list ap;
    char *text, *key;

    if (node != NULL) {
        line = (int)xmlGetLineNo(node);
    }
    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    key = g_strdup_printf("%d:%s", line, text);
    if (g_hash_table_add(o->seen, key)) {
        g_array_append_val(o->lines, line);
        g_ptr_array_add(o->texts, text);
    } else {
        g_free(text);
    }
}

static const xmlNode *
first_child(const xmlNode *node, const char *name)
{
    for (const xmlNode *c = node != NULL ? node->children : NULL; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0) {
            return c;
        }
    }
    return NULL;
}

static int
count_children(const xmlNode *node, const char *name)
{
    int n = 0;

    for (const xmlNode *c = node != NULL ? node->children : NULL; c != NULL; c = c->next) {
        n += c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0;
    }
    return n;
}

static const char *
name_of(const xmlNode *node)
{
    return node != NULL && node->name != NULL ? (const char *)node->name : "?";
}

/* A value of the user's file fit to quote: no long number of it. Free with g_free(). */
static char *
quoted(const char *value)
{
    char *squeezed = bl_text_squeeze(value != NULL ? value : "");
    char *safe = bl_text_redact(squeezed);

    g_free(squeezed);
    return safe;
}

/* An element of the user's file the format does not have at all. */
static void
tell_unknown_element(struct out *o, const xmlNode *node)
{
    const char *meant = bl_text_closest(name_of(node), (const char *const *)o->sc->elements->pdata);

    if (meant != NULL) {
        add(o, node, 0, "<%s> has an element <%s> the %s format does not have; did you mean <%s>?",
            name_of(node->parent), name_of(node), o->sc->format, meant);
    } else {
        add(o, node, 0, "<%s> has an element <%s> the %s format does not have",
            name_of(node->parent), name_of(node), o->sc->format);
    }
}

/* Children of parent that the format does not have; TRUE when there were any. */
static gboolean
tell_unknown_children(struct out *o, const xmlNode *parent)
{
    gboolean any = FALSE;

    for (const xmlNode *c = parent != NULL ? parent->children : NULL; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && !known_element(o->sc, name_of(c))) {
            tell_unknown_element(o, c);
            any = TRUE;
        }
    }
    return any;
}

/* An element where the format does not allow it: unknown, once too often, or out of place. */
static void
tell_misplaced(struct out *o, const xmlNode *node)
{
    if (!known_element(o->sc, name_of(node))) {
        tell_unknown_element(o, node);
    } else if (count_children(node->parent, name_of(node)) > 1) {
        add(o, node, 0, "<%s> has <%s> more than once; the %s format allows it once",
            name_of(node->parent), name_of(node), o->sc->format);
    } else {
        add(o, node, 0, "<%s> has an element <%s> the %s format does not allow there",
            name_of(node->parent), name_of(node), o->sc->format);
    }
}

/* Every attribute of node the format does not have, lacks or does not allow the value of.
 * TRUE when something was told. */
static gboolean
tell_attributes(struct out *o, const xmlNode *node)
{
    GPtrArray *rules = g_hash_table_lookup(o->sc->attrs, name_of(node));
    gboolean any = FALSE;

    if (node == NULL || !g_hash_table_add(o->nodes_told, (gpointer)node)) {
        return node != NULL;
    }
    for (const xmlAttr *a = node->properties; a != NULL; a = a->next) {
        const struct rule *r = attr_rule(o->sc, name_of(node), (const char *)a->name);
        xmlChar *raw;
        char *value, *wants;

        if (a->ns != NULL) {
            continue; /* xml:lang and the like belong to no format */
        }
        if (r == NULL) {
            GPtrArray *names = g_ptr_array_new();
            const char *meant;

            for (guint i = 0; rules != NULL && i < rules->len; i++) {
                g_ptr_array_add(names,
                                (gpointer)((struct rule *)g_ptr_array_index(rules, i))->name);
            }
            g_ptr_array_add(names, NULL);
            meant = bl_text_closest((const char *)a->name, (const char *const *)names->pdata);
            add(o, node, 0, "<%s> has an attribute %s the %s format does not have%s%s%s",
                name_of(node), (const char *)a->name, o->sc->format,
                meant != NULL ? "; did you mean " : "", meant != NULL ? meant : "",
                meant != NULL ? "?" : "");
            g_ptr_array_unref(names);
            any = TRUE;
            continue;
        }
        raw = xmlNodeGetContent((const xmlNode *)a);
        value = quoted((const char *)raw);
        xmlFree(raw);
        /* a value of a datatype is told when libxml2 names the attribute (INVALIDATTR) */
        wants = describe(r);
        if (r->values->len > 0 &&
            !g_ptr_array_find_with_equal_func(r->values, value, g_str_equal, NULL)) {
            add(o, node, 0, "<%s> has %s='%s'; the %s format wants %s", name_of(node), r->name,
                value, o->sc->format, wants);
            any = TRUE;
        }
        g_free(wants);
        g_free(value);
    }
    for (guint i = 0; rules != NULL && i < rules->len; i++) {
        const struct rule *r = g_ptr_array_index(rules, i);

        if (r->required && xmlHasProp(node, (const xmlChar *)r->name) == NULL) {
            add(o, node, 0, "<%s> lacks the attribute %s, which the %s format requires",
                name_of(node), r->name, o->sc->format);
            any = TRUE;
        }
    }
    return any;
}

/* An attribute whose value libxml2 refused. */
static void
tell_attribute_value(struct out *o, const xmlNode *node, const char *attr)
{
    const struct rule *r = attr_rule(o->sc, name_of(node), attr);
    xmlChar *raw = xmlGetProp(node, (const xmlChar *)attr);
    char *value = quoted((const char *)raw);
    char *wants = r != NULL ? describe(r) : NULL;

    if (raw == NULL) {
        tell_attributes(o, node);
    } else if (r == NULL) {
        tell_attributes(o, node);
    } else if (wants != NULL) {
        add(o, node, 0, "<%s> has %s='%s'; the %s format wants %s", name_of(node), attr, value,
            o->sc->format, wants);
    } else {
        add(o, node, 0, "<%s> has %s='%s', which the %s format does not allow", name_of(node), attr,
            value, o->sc->format);
    }
    xmlFree(raw);
    g_free(value);
    g_free(wants);
}

/* TRUE when value breaks the rule's pattern (an XML Schema regular expression, matched whole,
 * after the white space a token loses). */
static gboolean
breaks_pattern(const struct rule *r, const char *value)
{
    xmlRegexp *re;
    char *text;
    gboolean breaks;

    if (r->pattern == NULL || value == NULL) {
        return FALSE;
    }
    re = xmlRegexpCompile((const xmlChar *)r->pattern);
    text = g_strcmp0(r->type, "token") == 0 ? bl_text_squeeze(value) : g_strdup(value);
    breaks = re != NULL && xmlRegexpExec(re, (const xmlChar *)text) == 0;
    if (re != NULL) {
        xmlRegFreeRegexp(re);
    }
    g_free(text);
    return breaks;
}

/* The attributes of node whose value breaks their pattern, for when libxml2 says only that some
 * attribute of the element failed. */
static void
tell_patterns(struct out *o, const xmlNode *node)
{
    for (const xmlAttr *a = node->properties; a != NULL; a = a->next) {
        const struct rule *r = attr_rule(o->sc, name_of(node), (const char *)a->name);
        xmlChar *raw;

        if (r == NULL || a->ns != NULL) {
            continue;
        }
        raw = xmlNodeGetContent((const xmlNode *)a);
        if (breaks_pattern(r, (const char *)raw)) {
            tell_attribute_value(o, node, r->name);
        }
        xmlFree(raw);
    }
}

/* An element whose text libxml2 refused. */
static void
tell_text(struct out *o, const xmlNode *node)
{
    const struct rule *r = g_hash_table_lookup(o->sc->text, name_of(node));
    xmlChar *raw = xmlNodeGetContent(node);
    char *value = quoted((const char *)raw);
    char *wants = r != NULL ? describe(r) : NULL;

    if (value[0] == '\0') {
        add(o, node, 0, "<%s> is empty; the %s format wants %s", name_of(node), o->sc->format,
            wants != NULL ? wants : "a value in it");
    } else if (wants != NULL) {
        add(o, node, 0, "<%s> has '%s'; the %s format wants %s", name_of(node), value,
            o->sc->format, wants);
    } else {
        add(o, node, 0, "<%s> has '%s', which the %s format does not allow", name_of(node), value,
            o->sc->format);
    }
    xmlFree(raw);
    g_free(value);
    g_free(wants);
}

/* Adds the elements under node (and its next siblings) called name to found, in document
 * order: for a problem libxml2 gives without its element. */
static void
find_elements_named(const xmlNode *node, const char *name, GPtrArray *found)
{
    for (const xmlNode *c = node; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            if (strcmp(name_of(c), name) == 0) {
                g_ptr_array_add(found, (gpointer)c);
            }
            find_elements_named(c->children, name, found);
        }
    }
}

/* The element called name a problem without its element is about: the second of two under one
 * parent (the one too many), else the first. NULL when there is none. */
static const xmlNode *
element_named(xmlDoc *doc, const char *name)
{
    GPtrArray *found = g_ptr_array_new();
    const xmlNode *el = NULL;

    find_elements_named(xmlDocGetRootElement(doc), name, found);
    for (guint i = 1; i < found->len && el == NULL; i++) {
        const xmlNode *a = g_ptr_array_index(found, i - 1), *b = g_ptr_array_index(found, i);

        el = a->parent == b->parent ? b : NULL;
    }
    if (el == NULL && found->len > 0) {
        el = g_ptr_array_index(found, 0);
    }
    g_ptr_array_unref(found);
    return el;
}

/* Adds what one problem comes to (maybe nothing: an echo of another). */
static void
explain(struct out *o, const struct bl_xml_problem *p, const GPtrArray *all, xmlDoc *doc)
{
    const xmlNode *node = p->node;

    switch (p->code) {
    case XML_RELAXNG_ERR_ELEMNAME: {
        /* "Expecting element s1, got s2": node is the one got, or the parent it is in */
        const char *want = p->str1 != NULL ? p->str1 : "";
        const char *name = p->str2 != NULL ? p->str2 : "";
        const xmlNode *got =
            node != NULL && strcmp(name_of(node), name) == 0 ? node : first_child(node, name);
        const xmlNode *parent = got != NULL ? got->parent : node;

        if (got != NULL && !known_element(o->sc, name_of(got))) {
            tell_unknown_element(o, got);
        } else if (parent != NULL && first_child(parent, want) == NULL) {
            add(o, got != NULL ? got : parent, 0, "<%s> lacks <%s>, which the %s format requires",
                name_of(parent), want, o->sc->format);
        } else if (got != NULL) {
            add(o, got, 0,
                "<%s> has <%s> where the %s format expects <%s> (its elements go in the order "
                "the format gives)",
                name_of(parent), name_of(got), o->sc->format, want);
        }
        break;
    }
    case XML_RELAXNG_ERR_NOELEM:
        /* "Expecting an element s1, got nothing": node lacks it, or holds what confused the
         * validator */
        if (!tell_unknown_children(o, node) && node != NULL && p->str1 != NULL &&
            first_child(node, p->str1) == NULL) {
            add(o, node, 0, "<%s> lacks <%s>, which the %s format requires", name_of(node), p->str1,
                o->sc->format);
        }
        break;
    case XML_RELAXNG_ERR_ELEMWRONG:
    case XML_RELAXNG_ERR_EXTRACONTENT:
    case XML_RELAXNG_ERR_INTEREXTRA: {
        const char *name = p->code == XML_RELAXNG_ERR_EXTRACONTENT ? p->str2 : p->str1;

        if (name == NULL) {
            break;
        }
        if (node == NULL || strcmp(name_of(node), name) != 0) {
            /* an element whose attributes failed comes back as extra: told already */
            for (guint i = 0; i < all->len; i++) {
                const struct bl_xml_problem *q = g_ptr_array_index(all, i);

                if (q->code == XML_RELAXNG_ERR_ATTRVALID && g_strcmp0(q->str1, name) == 0) {
                    return;
                }
            }
            node = node != NULL && first_child(node, name) != NULL ? first_child(node, name)
                                                                   : element_named(doc, name);
        }
        if (node != NULL) {
            tell_misplaced(o, node);
        }
        break;
    }
    case XML_RELAXNG_ERR_INTERSEQ:
        /* said of an interleave the validator could not match: an unknown element in it is
         * why, else another problem says it */
        if (node != NULL && node->type == XML_ELEMENT_NODE &&
            !known_element(o->sc, name_of(node))) {
            tell_unknown_element(o, node);
        }
        break;
    case XML_RELAXNG_ERR_NOTELEM:
    case XML_RELAXNG_ERR_TEXTWRONG:
        add(o, node, p->line, "<%s> has text where the %s format expects only elements",
            node != NULL ? name_of(node) : p->str1, o->sc->format);
        break;
    case XML_RELAXNG_ERR_DATAELEM:
    case XML_RELAXNG_ERR_VALELEM:
    case XML_RELAXNG_ERR_LISTELEM:
        add(o, node, p->line, "<%s> has an element <%s> where the %s format expects only text",
            p->str1, name_of(node), o->sc->format);
        break;
    case XML_RELAXNG_ERR_ATTRVALID:
        /* libxml2 names the element (str1) but may point at its first child instead of it */
        if (node != NULL && p->str1 != NULL && strcmp(name_of(node), p->str1) != 0) {
            node = node->parent != NULL && node->parent->type == XML_ELEMENT_NODE &&
                           strcmp(name_of(node->parent), p->str1) == 0
                       ? node->parent
                       : NULL;
        }
        if (node == NULL && p->str1 != NULL) {
            /* libxml2 does not say which element of that name: the ones whose attributes are
             * wrong say so */
            GPtrArray *found = g_ptr_array_new();

            find_elements_named(xmlDocGetRootElement(doc), p->str1, found);
            for (guint i = 0; i < found->len; i++) {
                if (!tell_attributes(o, g_ptr_array_index(found, i))) {
                    tell_patterns(o, g_ptr_array_index(found, i));
                }
            }
            g_ptr_array_unref(found);
        } else if (node != NULL && !tell_attributes(o, node)) {
            tell_patterns(o, node);
        }
        break;
    case XML_RELAXNG_ERR_INVALIDATTR:
        if (node != NULL && p->str1 != NULL) {
            tell_attributes(o, node);
            if (attr_rule(o->sc, name_of(node), p->str1) != NULL) {
                tell_attribute_value(o, node, p->str1);
            }
        }
        break;
    case XML_RELAXNG_ERR_TYPEVAL:
        /* an attribute's value: told with the attribute's name, which comes next */
        for (guint i = 0; i < all->len; i++) {
            const struct bl_xml_problem *q = g_ptr_array_index(all, i);

            if (q->node == node &&
                (q->code == XML_RELAXNG_ERR_INVALIDATTR || q->code == XML_RELAXNG_ERR_ATTRVALID)) {
                return;
            }
        }
        if (node != NULL) {
            tell_text(o, node);
        }
        break;
    case XML_RELAXNG_ERR_DATATYPE:
    case XML_RELAXNG_ERR_VALUE:
    case XML_RELAXNG_ERR_LACKDATA:
    case XML_RELAXNG_ERR_ELEMNOTEMPTY:
        if (node != NULL) {
            if (p->code == XML_RELAXNG_ERR_ELEMNOTEMPTY) {
                add(o, node, 0, "<%s> must be empty in the %s format", name_of(node),
                    o->sc->format);
            } else {
                tell_text(o, node);
            }
        }
        break;
    case XML_RELAXNG_ERR_CONTENTVALID:
        break; /* the enclosing elements of a problem told already */
    default: {
        char *msg = g_strdup(p->message);

        add(o, node, p->line, "%s", msg);
        g_free(msg);
        break;
    }
    }
}

int
bl_xml_explain(xmlDoc *doc, const char *path, const char *schema_path, xmlDoc *schema_doc,
               const GPtrArray *problems, struct bl_diag *diag)
{
    struct schema sc;
    struct out o = {&sc,
                    path,
                    g_array_new(FALSE, FALSE, sizeof(int)),
                    g_ptr_array_new_with_free_func(g_free),
                    g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
                    g_hash_table_new(g_direct_hash, g_direct_equal)};
    gboolean words = schema_load(&sc, schema_path, schema_doc) && sc.format != NULL;
    int told;

    for (guint i = 0; words && i < problems->len; i++) {
        explain(&o, g_ptr_array_index(problems, i), problems, doc);
    }
    for (guint i = 0; i < o.texts->len; i++) {
        struct bl_loc loc = {path, g_array_index(o.lines, int, i), 0};

        bl_diag_error(diag, &loc, "%s (see %s)", (const char *)g_ptr_array_index(o.texts, i),
                      sc.see);
    }
    told = (int)o.texts->len;
    /* nothing said in words (a schema of another format, a problem of a kind not foreseen):
     * libxml2's first message, which says most */
    if (told == 0 && problems->len > 0) {
        const struct bl_xml_problem *p = g_ptr_array_index(problems, 0);
        struct bl_loc loc = {path, p->line, 0};
        char *msg = g_strdup(p->message);

        bl_diag_error(diag, &loc, "%s", msg);
        g_free(msg);
        told = 1;
    }
    schema_release(&sc);
    g_hash_table_unref(o.nodes_told);
    g_hash_table_unref(o.seen);
    g_ptr_array_unref(o.texts);
    g_array_unref(o.lines);
    return told;
}

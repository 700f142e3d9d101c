/* SPDX-License-Identifier: MIT */
/* Taglines: the language-assistance insert read from its data file. */
#include "taglines.h"

#include <string.h>

#include "xml.h"

struct tagline {
    char *lang;
    GPtrArray *parts; /* char *: the text around each <phone/>, which comes between two */
    gboolean rtl;     /* written right to left (Arabic, Persian, Urdu, Hebrew, Yiddish) */
};

struct bl_taglines {
    char *path;
    char *heading;
    GHashTable *by_lang;  /* lang -> struct tagline * */
    GHashTable *by_state; /* USPS code -> char **: languages */
};

static void
tagline_free(gpointer data)
{
    struct tagline *t = data;

    g_free(t->lang);
    g_ptr_array_unref(t->parts);
    g_free(t);
}

void
bl_taglines_free(struct bl_taglines *t)
{
    if (t == NULL) {
        return;
    }
    g_free(t->path);
    g_free(t->heading);
    g_hash_table_unref(t->by_lang);
    g_hash_table_unref(t->by_state);
    g_free(t);
}

/* text with the file's white space folded to single spaces and trimmed: a tagline is one
 * paragraph */
static char *
fold(const char *text)
{
    GString *out = g_string_new(NULL);
    gboolean space = FALSE;

    for (const char *p = text; *p != '\0'; p++) {
        if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
            space = out->len > 0;
        } else {
            if (space) {
                g_string_append_c(out, ' ');
                space = FALSE;
            }
            g_string_append_c(out, *p);
        }
    }
    return g_string_free(out, FALSE);
}

/* The text of a <tagline>, split at each <phone/>. */
static struct tagline *
read_tagline(const xmlNode *n, char *lang)
{
    struct tagline *t = g_new0(struct tagline, 1);
    GString *buf = g_string_new(NULL);

    t->lang = lang;
    t->parts = g_ptr_array_new_with_free_func(g_free);
    for (const xmlNode *c = n->children; c != NULL; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            g_string_append(buf, (const char *)c->content);
        } else if (bl_xml_is(c, "phone")) {
            g_ptr_array_add(t->parts, g_string_free(buf, FALSE));
            buf = g_string_new(NULL);
        }
    }
    g_ptr_array_add(t->parts, g_string_free(buf, FALSE));
    for (guint i = 0; i < t->parts->len && !t->rtl; i++) {
        for (const char *p = g_ptr_array_index(t->parts, i); *p != '\0' && !t->rtl;
             p = g_utf8_next_char(p)) {
            GUnicodeScript script = g_unichar_get_script(g_utf8_get_char(p));

            t->rtl = script == G_UNICODE_SCRIPT_ARABIC || script == G_UNICODE_SCRIPT_HEBREW;
        }
    }
    return t;
}

struct bl_taglines *
bl_taglines_load(const char *path, struct bl_diag *diag)
{
    xmlDoc *doc = bl_xml_read(path, diag);
    struct bl_taglines *t;
    const xmlNode *root;
    int failed = 0;

    if (doc == NULL) {
        return NULL;
    }
    t = g_new0(struct bl_taglines, 1);
    t->path = g_strdup(path);
    t->by_lang = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, tagline_free);
    t->by_state =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_strfreev);
    root = xmlDocGetRootElement(doc);
    if (!bl_xml_is(root, "taglines")) {
        struct bl_loc loc = bl_xml_loc(root, path);

        bl_diag_error(diag, &loc, "expected <taglines>");
        failed++;
    }
    for (const xmlNode *c = failed ? NULL : root->children; c != NULL; c = c->next) {
        struct bl_loc loc = bl_xml_loc(c, path);

        if (c->type != XML_ELEMENT_NODE) {
            continue;
        }
        if (bl_xml_is(c, "heading")) {
            g_free(t->heading);
            t->heading = bl_xml_text(c);
        } else if (bl_xml_is(c, "tagline")) {
            char *lang = bl_xml_attr(c, "lang");

            if (lang == NULL || g_hash_table_contains(t->by_lang, lang)) {
                bl_diag_error(diag, &loc, "a <tagline> needs a lang=\"...\" of its own");
                g_free(lang);
                failed++;
                continue;
            }
            g_hash_table_insert(t->by_lang, lang, read_tagline(c, lang));
        } else if (bl_xml_is(c, "state")) {
            char *code = bl_xml_attr(c, "code");
            char *langs = bl_xml_attr(c, "languages");

            if (code == NULL || langs == NULL) {
                bl_diag_error(diag, &loc, "a <state> needs code=\"..\" and languages=\"...\"");
                failed++;
                g_free(code);
            } else {
                char *folded = fold(langs);

                g_hash_table_insert(t->by_state, code, g_strsplit(folded, " ", -1));
                g_free(folded);
            }
            g_free(langs);
        } else if (!bl_xml_is(c, "source")) {
            bl_diag_error(diag, &loc, "unknown element <%s> (heading, source, tagline, state)",
                          (const char *)c->name);
            failed++;
        }
    }
    /* every language a state names has its tagline */
    if (failed == 0) {
        GHashTableIter it;
        gpointer key, value;

        g_hash_table_iter_init(&it, t->by_state);
        while (g_hash_table_iter_next(&it, &key, &value)) {
            for (char **l = value; *l != NULL; l++) {
                struct bl_loc loc = {path, 0, 0};

                if (**l != '\0' && !g_hash_table_contains(t->by_lang, *l)) {
                    bl_diag_error(diag, &loc,
                                  "state %s names language '%s', which has no <tagline>",
                                  (const char *)key, *l);
                    failed++;
                }
            }
        }
    }
    if (failed == 0 && t->heading == NULL) {
        struct bl_loc loc = {path, 0, 0};

        bl_diag_error(diag, &loc, "<taglines> needs a <heading>");
        failed++;
    }
    xmlFreeDoc(doc);
    if (failed > 0) {
        bl_taglines_free(t);
        return NULL;
    }
    return t;
}

const char *
bl_taglines_heading(const struct bl_taglines *t)
{
    return t->heading;
}

gboolean
bl_taglines_has(const struct bl_taglines *t, const char *state)
{
    return g_hash_table_contains(t->by_state, state);
}

const char *
bl_taglines_path(const struct bl_taglines *t)
{
    return t->path;
}

GPtrArray *
bl_taglines_for(const struct bl_taglines *t, const char *state, const char *phone)
{
    char **langs = g_hash_table_lookup(t->by_state, state);
    GPtrArray *out;

    if (langs == NULL) {
        return NULL;
    }
    out = g_ptr_array_new_with_free_func(g_free);
    for (char **l = langs; *l != NULL; l++) {
        const struct tagline *tl = g_hash_table_lookup(t->by_lang, *l);
        GString *s;

        if (tl == NULL) {
            continue;
        }
        s = g_string_new(NULL);
        for (guint i = 0; i < tl->parts->len; i++) {
            if (i > 0 && tl->rtl) {
                /* isolated left to right: in Arabic text, "1-877-555-0119" would otherwise
                 * be set as four numbers from right to left, "0119-555-877-1" */
                g_string_append_printf(s, "\u2066%s\u2069", phone != NULL ? phone : "");
            } else if (i > 0) {
                g_string_append(s, phone != NULL ? phone : "");
            }
            g_string_append(s, g_ptr_array_index(tl->parts, i));
        }
        g_ptr_array_add(out, fold(s->str));
        g_string_free(s, TRUE);
    }
    return out;
}

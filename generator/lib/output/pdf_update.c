/* SPDX-License-Identifier: MIT */
/* PDF update: /Lang and /ViewerPreferences added to a finished PDF's catalog by an incremental
 * update. */
#include "pdf_update.h"

#include <stdlib.h>
#include <string.h>

static gboolean
is_space(guchar c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static gboolean
is_delim(guchar c)
{
    return is_space(c) || strchr("()<>[]{}/%", c) != NULL;
}

/* The end of the object that starts at p (before end): a dictionary, an array, a string, a
 * name, a number, a keyword; NULL when it runs past end. */
static const guchar *
skip_object(const guchar *p, const guchar *end)
{
    int depth = 0;

    do {
        while (p < end && is_space(*p)) {
            p++;
        }
        if (p >= end) {
            return NULL;
        }
        if (*p == '(') {
            int parens = 1;

            for (p++; p < end && parens > 0; p++) {
                if (*p == '\\') {
                    p++;
                } else if (*p == '(') {
                    parens++;
                } else if (*p == ')') {
                    parens--;
                }
            }
        } else if (p + 1 < end && p[0] == '<' && p[1] == '<') {
            depth++;
            p += 2;
        } else if (p + 1 < end && p[0] == '>' && p[1] == '>') {
            depth--;
            p += 2;
        } else if (*p == '<') {
            while (p < end && *p != '>') {
                p++;
            }
            p++;
        } else if (*p == '[') {
            depth++;
            p++;
        } else if (*p == ']') {
            depth--;
            p++;
        } else {
            p++; /* a name's slash, a number, a keyword */
            while (p < end && !is_delim(*p)) {
                p++;
            }
        }
    } while (depth > 0 && p < end);
    return depth == 0 && p <= end ? p : NULL;
}

/* The value of an indirect reference "N G R" at p: sets *num and *gen. */
static gboolean
parse_ref(const guchar *p, const guchar *end, long *num, long *gen)
{
    char buf[64];
    gsize n = MIN((gsize)(end - p), sizeof(buf) - 1);
    char *q;

    memcpy(buf, p, n);
    buf[n] = '\0';
    *num = strtol(buf, &q, 10);
    *gen = strtol(q, &q, 10);
    while (is_space((guchar)*q)) {
        q++;
    }
    return *num > 0 && *gen >= 0 && *q == 'R';
}

/* Walks the entries of the dictionary [dict, end) ("<< ... >>"): for each, calls fn with the
 * key (without its slash) and its value's bytes. FALSE when it is not a dictionary. */
static gboolean
each_entry(const guchar *dict, const guchar *end,
           gboolean (*fn)(const char *key, gsize key_len, const guchar *value, gsize value_len,
                          gpointer data),
           gpointer data)
{
    const guchar *p = dict + 2;

    if (end - dict < 4 || memcmp(dict, "<<", 2) != 0 || memcmp(end - 2, ">>", 2) != 0) {
        return FALSE;
    }
    end -= 2;
    for (;;) {
        const guchar *key, *key_end, *value, *after;

        while (p < end && is_space(*p)) {
            p++;
        }
        if (p >= end) {
            return TRUE;
        }
        if (*p != '/') {
            return FALSE;
        }
        key = ++p;
        while (p < end && !is_delim(*p)) {
            p++;
        }
        key_end = value = p;
        while (value < end && is_space(*value)) {
            value++;
        }
        after = skip_object(value, end);
        if (after == NULL) {
            return FALSE;
        }
        /* a reference "N G R" is three tokens */
        if (after < end && g_ascii_isdigit(*value)) {
            const guchar *r = after;

            while (r < end && is_space(*r)) {
                r++;
            }
            if (r < end && g_ascii_isdigit(*r)) {
                const guchar *g = skip_object(r, end);

                while (g != NULL && g < end && is_space(*g)) {
                    g++;
                }
                if (g != NULL && g < end && *g == 'R') {
                    after = g + 1;
                }
            }
        }
        if (!fn((const char *)key, (gsize)(key_end - key), value, (gsize)(after - value), data)) {
            return FALSE;
        }
        p = after;
    }
}

struct trailer {
    long size, root, root_gen;
    GString *keep; /* /Info and /ID, as written */
};

static gboolean
key_is(const char *key, gsize len, const char *name)
{
    return len == strlen(name) && memcmp(key, name, len) == 0;
}

static gboolean
trailer_entry(const char *key, gsize key_len, const guchar *value, gsize value_len, gpointer data)
{
    struct trailer *t = data;

    if (key_is(key, key_len, "Size")) {
        t->size = strtol((const char *)value, NULL, 10);
    } else if (key_is(key, key_len, "Root")) {
        return parse_ref(value, value + value_len, &t->root, &t->root_gen);
    } else if (key_is(key, key_len, "Info") || key_is(key, key_len, "ID")) {
        g_string_append_printf(t->keep, " /%.*s %.*s", (int)key_len, key, (int)value_len,
                               (const char *)value);
    }
    return TRUE;
}

/* The catalog's entries, but for the ones written anew. */
static gboolean
catalog_entry(const char *key, gsize key_len, const guchar *value, gsize value_len, gpointer data)
{
    GString *out = data;

    if (key_is(key, key_len, "Lang") || key_is(key, key_len, "ViewerPreferences")) {
        return TRUE;
    }
    g_string_append_printf(out, "   /%.*s %.*s\n", (int)key_len, key, (int)value_len,
                           (const char *)value);
    return TRUE;
}

static gboolean
valid_lang(const char *lang)
{
    if (lang == NULL || *lang == '\0' || strlen(lang) > 35) {
        return FALSE;
    }
    for (const char *p = lang; *p != '\0'; p++) {
        if (!g_ascii_isalnum(*p) && *p != '-') {
            return FALSE;
        }
    }
    return TRUE;
}

struct entry {
    long num, gen;
    guint64 offset;
};

static gint
by_number(gconstpointer a, gconstpointer b)
{
    long x = ((const struct entry *)a)->num, y = ((const struct entry *)b)->num;

    return x < y ? -1 : x > y;
}

/* The update's cross-reference section: its objects, in subsections of consecutive numbers. */
static void
write_xref(GString *out, GArray *entries)
{
    const struct entry *e = (const struct entry *)(void *)entries->data;

    g_array_sort(entries, by_number);
    g_string_append(out, "xref\n");
    for (guint i = 0; i < entries->len;) {
        guint n = 1;

        while (i + n < entries->len && e[i + n].num == e[i].num + (long)n) {
            n++;
        }
        g_string_append_printf(out, "%ld %u\n", e[i].num, n);
        for (guint j = i; j < i + n; j++) {
            g_string_append_printf(out, "%010" G_GUINT64_FORMAT " %05ld n\r\n", e[j].offset,
                                   e[j].gen);
        }
        i += n;
    }
}

GString *
bl_pdf_update_catalog(const guchar *tail, gsize tail_len, guint64 file_len, const char *lang,
                      const GString *objects_written, const GArray *objects, const char **why)
{
    const guchar *end = tail + tail_len;
    guint64 base = file_len - tail_len;
    const guchar *p, *dict, *dict_end;
    struct trailer t = {0, 0, 0, NULL};
    GArray *entries;
    guint64 xref, prev, catalog = 0;
    GString *out = NULL;
    char head[32];
    long first, count;
    char *q;

    *why = NULL;
    if (lang != NULL && !valid_lang(lang)) {
        *why = "the language is not a BCP 47 tag";
        return NULL;
    }
    /* startxref: where the last cross-reference table is */
    p = bl_pdf_find_last(tail, tail_len, "startxref");
    if (p == NULL) {
        *why = "no startxref";
        return NULL;
    }
    prev = xref = g_ascii_strtoull((const char *)p + 9, NULL, 10);
    if (xref < base || xref >= file_len || memcmp(tail + (xref - base), "xref", 4) != 0) {
        *why = "no cross-reference table where startxref points";
        return NULL;
    }
    /* its trailer: /Size, /Root, and /Info and /ID to keep */
    p = bl_pdf_find_last(tail, tail_len, "trailer");
    dict = p != NULL ? p + 7 : NULL;
    while (dict != NULL && dict < end && is_space(*dict)) {
        dict++;
    }
    dict_end = dict != NULL ? skip_object(dict, end) : NULL;
    t.keep = g_string_new(NULL);
    if (dict_end == NULL || !each_entry(dict, dict_end, trailer_entry, &t) || t.root <= 0 ||
        t.size <= t.root) {
        *why = "no trailer naming the catalog";
        goto out;
    }
    /* the catalog's offset: its entry in the table's subsections */
    p = tail + (xref - base) + 4;
    while (p < end) {
        while (p < end && is_space(*p)) {
            p++;
        }
        if (end - p < 7 || memcmp(p, "trailer", 7) == 0) {
            break;
        }
        first = strtol((const char *)p, &q, 10);
        count = strtol(q, &q, 10);
        while (is_space((guchar)*q) && *q != '\0') {
            q++;
        }
        p = (const guchar *)q;
        if (count < 0 || (gsize)(end - p) < (gsize)count * 20) {
            break;
        }
        if (t.root >= first && t.root < first + count) {
            catalog = g_ascii_strtoull((const char *)p + (t.root - first) * 20, NULL, 10);
        }
        p += count * 20;
    }
    g_snprintf(head, sizeof(head), "%ld %ld obj", t.root, t.root_gen);
    if (catalog < base || catalog >= file_len ||
        (gsize)(end - (tail + (catalog - base))) < strlen(head) ||
        memcmp(tail + (catalog - base), head, strlen(head)) != 0) {
        *why = "the catalog is not in the end of the file";
        goto out;
    }
    dict = tail + (catalog - base) + strlen(head);
    while (dict < end && is_space(*dict)) {
        dict++;
    }
    dict_end = skip_object(dict, end);
    out = g_string_new(NULL);
    if (objects_written != NULL && objects_written->len > 0) {
        g_string_append_len(out, objects_written->str, (gssize)objects_written->len);
    } else if (tail_len > 0 && tail[tail_len - 1] != '\n' && tail[tail_len - 1] != '\r') {
        g_string_append_c(out, '\n'); /* the update starts on a line of its own */
    }
    catalog = file_len + out->len;
    g_string_append_printf(out, "%s\n<<\n", head);
    if (dict_end == NULL || !each_entry(dict, dict_end, catalog_entry, out)) {
        *why = "the catalog is not a dictionary";
        g_string_free(out, TRUE);
        out = NULL;
        goto out;
    }
    if (lang != NULL) {
        g_string_append_printf(out, "   /Lang (%s)\n", lang);
    }
    g_string_append(out, "   /ViewerPreferences << /DisplayDocTitle true >>\n>>\nendobj\n");
    xref = file_len + out->len;
    entries = g_array_new(FALSE, FALSE, sizeof(struct entry));
    g_array_append_val(entries, ((struct entry){t.root, t.root_gen, catalog}));
    for (guint i = 0; objects != NULL && i < objects->len; i++) {
        const struct bl_pdf_object *o = &g_array_index(objects, struct bl_pdf_object, i);

        if (o->num > 0 && o->num < t.size && o->num != t.root) {
            g_array_append_val(entries, ((struct entry){o->num, 0, o->offset}));
        }
    }
    write_xref(out, entries);
    g_array_unref(entries);
    g_string_append_printf(out,
                           "trailer\n<< /Size %ld /Root %ld %ld R%s /Prev %" G_GUINT64_FORMAT
                           " >>\nstartxref\n%" G_GUINT64_FORMAT "\n%%%%EOF\n",
                           t.size, t.root, t.root_gen, t.keep->str, prev, xref);
out:
    g_string_free(t.keep, TRUE);
    return out;
}

char *
bl_pdf_lang(const char *language)
{
    if (language == NULL || *language == '\0' || g_ascii_strcasecmp(language, "en") == 0) {
        return g_strdup("en-US");
    }
    return g_strdup(language);
}

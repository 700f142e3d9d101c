/* SPDX-License-Identifier: MIT */
/* Kinds of row messages: a message stripped of its row's values, and rows counted by kind. */
#include "kinds.h"

#include <string.h>

struct bl_kinds {
    GHashTable *counts; /* kind -> gint64 * */
    GPtrArray *order;   /* the kinds as first seen (borrowed from counts) */
    gint64 total;
};

struct bl_kinds *
bl_kinds_new(void)
{
    struct bl_kinds *k = g_new0(struct bl_kinds, 1);

    k->counts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    k->order = g_ptr_array_new();
    return k;
}

void
bl_kinds_free(struct bl_kinds *k)
{
    if (k == NULL) {
        return;
    }
    g_ptr_array_unref(k->order);
    g_hash_table_unref(k->counts);
    g_free(k);
}

/* Removes a note of the row ("(recipient 'R-7')", "(first on line 2)") that ends text. */
static void
drop_note(GString *text, const char *opening)
{
    const char *at = g_strrstr(text->str, opening);

    if (at != NULL && g_str_has_suffix(text->str, ")")) {
        g_string_truncate(text, (gsize)(at - text->str));
    }
}

/* Words that lead to a value and mean nothing without it. */
static const char *const dangling[] = {" not", " than", " of", " to", " from", " is", " as"};

char *
bl_kinds_of(const char *message)
{
    const char *body = message;
    const char *tags[] = {": error: ", ": warning: "};
    GString *kind = g_string_new(NULL);

    for (gsize i = 0; i < G_N_ELEMENTS(tags); i++) {
        const char *at = strstr(message, tags[i]);

        if (at != NULL) {
            body = at + strlen(tags[i]);
            break;
        }
    }
    g_string_assign(kind, body);
    drop_note(kind, " (recipient '");
    drop_note(kind, " (first on line ");
    /* a value is quoted after a space or '(' and before a space, punctuation or the end; an
     * apostrophe inside a word ("incident's") quotes nothing */
    for (gsize i = 0; i < kind->len;) {
        const char *close;
        gsize start, end;

        if (kind->str[i] != '\'' || (i > 0 && kind->str[i - 1] != ' ' && kind->str[i - 1] != '(')) {
            i++;
            continue;
        }
        close = strchr(kind->str + i + 1, '\'');
        while (close != NULL && close[1] != '\0' && strchr(" ),;:.", close[1]) == NULL) {
            close = strchr(close + 1, '\'');
        }
        if (close == NULL) {
            break;
        }
        end = (gsize)(close - kind->str) + 1;
        if (i >= strlen("column ") &&
            strncmp(kind->str + i - strlen("column "), "column ", strlen("column ")) == 0) {
            i = end; /* a column's name tells the kind */
            continue;
        }
        start = i > 0 && kind->str[i - 1] == ' ' ? i - 1 : i; /* with the space before it */
        g_string_erase(kind, (gssize)start, (gssize)(end - start));
        i = start;
    }
    g_strstrip(kind->str);
    g_string_set_size(kind, strlen(kind->str));
    /* a value that ended the message leaves the word that led to it ("..., not 'CA'"): the
     * summary ends before that word */
    for (gsize i = 0; i < G_N_ELEMENTS(dangling); i++) {
        if (g_str_has_suffix(kind->str, dangling[i])) {
            g_string_truncate(kind, kind->len - strlen(dangling[i]));
            while (kind->len > 0 && strchr(" ,;:", kind->str[kind->len - 1]) != NULL) {
                g_string_truncate(kind, kind->len - 1);
            }
            break;
        }
    }
    return g_string_free(kind, FALSE);
}

void
bl_kinds_add(struct bl_kinds *k, const char *message)
{
    char *kind = bl_kinds_of(message);
    gint64 *n = g_hash_table_lookup(k->counts, kind);

    if (n == NULL) {
        n = g_new0(gint64, 1);
        g_hash_table_insert(k->counts, kind, n);
        g_ptr_array_add(k->order, kind);
    } else {
        g_free(kind);
    }
    (*n)++;
    k->total++;
}

gint64
bl_kinds_total(const struct bl_kinds *k)
{
    return k->total;
}

char *
bl_kinds_count(gint64 n)
{
    char *digits = g_strdup_printf("%" G_GINT64_FORMAT, n < 0 ? -n : n);
    gsize len = strlen(digits);
    GString *out = g_string_new(n < 0 ? "-" : "");

    for (gsize i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0) {
            g_string_append_c(out, ',');
        }
        g_string_append_c(out, digits[i]);
    }
    g_free(digits);
    return g_string_free(out, FALSE);
}

static gint
by_count(gconstpointer a, gconstpointer b, gpointer data)
{
    GHashTable *counts = data;
    gint64 na = *(gint64 *)g_hash_table_lookup(counts, *(const char *const *)a);
    gint64 nb = *(gint64 *)g_hash_table_lookup(counts, *(const char *const *)b);

    return na < nb ? 1 : na > nb ? -1 : 0;
}

char *
bl_kinds_format(const struct bl_kinds *k)
{
    GPtrArray *sorted = g_ptr_array_copy(k->order, NULL, NULL);
    GString *out = g_string_new(NULL);

    /* a stable sort keeps kinds of equal counts in the order they were first seen */
    g_ptr_array_sort_with_data(sorted, by_count, k->counts);
    for (guint i = 0; i < sorted->len; i++) {
        const char *kind = g_ptr_array_index(sorted, i);
        char *n = bl_kinds_count(*(gint64 *)g_hash_table_lookup(k->counts, kind));

        g_string_append_printf(out, "%s%s %s", i > 0 ? ", " : "", n, kind);
        g_free(n);
    }
    g_ptr_array_unref(sorted);
    return g_string_free(out, FALSE);
}

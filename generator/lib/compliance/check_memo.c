/* SPDX-License-Identifier: MIT */
/* The check's memo: the pass over a list kept, with what it was read from, for the next check
 * of the same list. */
#include "check_memo.h"

#include <glib/gstdio.h>
#include <string.h>

/* A list written this close to its reading (in seconds) is not taken to be the one read: its
 * time of change may not move with a write in the same clock tick. */
#define RACY_S 2

struct bl_check_memo {
    char *path;      /* NULL: holds nothing */
    char *stamp;     /* the file's device, inode, size and times when it was read */
    gboolean racy;   /* it changed within RACY_S of its reading: read it again next time */
    gboolean single; /* every row a group of its own (tests: the row by row count) */
    char *key;   /* bl_source_key of the incident it was read for */
    gboolean fonts;
    gboolean reused;
    GPtrArray *groups;   /* struct bl_check_group * */
    GHashTable *by_what; /* what a group's residents share -> struct bl_check_group * */
    struct bl_check_pass pass;
    /* the person looked for last */
    char *person_id; /* NULL: none */
    struct bl_recipient *person;
    int person_line;
    char *person_error;
};

static void
group_free(gpointer data)
{
    struct bl_check_group *g = data;

    bl_recipient_free(g->first);
    g_free(g);
}

struct bl_check_memo *
bl_check_memo_new(void)
{
    struct bl_check_memo *memo = g_new0(struct bl_check_memo, 1);

    memo->groups = g_ptr_array_new_with_free_func(group_free);
    memo->by_what = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    memo->pass.duplicates = g_hash_table_new(g_direct_hash, g_direct_equal);
    return memo;
}

static void
forget_person(struct bl_check_memo *memo)
{
    g_clear_pointer(&memo->person_id, g_free);
    g_clear_pointer(&memo->person, bl_recipient_free);
    g_clear_pointer(&memo->person_error, g_free);
    memo->person_line = 0;
}

void
bl_check_memo_forget(struct bl_check_memo *memo)
{
    g_clear_pointer(&memo->path, g_free);
    g_clear_pointer(&memo->stamp, g_free);
    g_clear_pointer(&memo->key, g_free);
    g_ptr_array_set_size(memo->groups, 0);
    g_hash_table_remove_all(memo->by_what);
    g_clear_pointer(&memo->pass.rejected_kinds, g_free);
    g_clear_pointer(&memo->pass.untold_kinds, g_free);
    g_hash_table_remove_all(memo->pass.duplicates);
    memo->pass.rows = memo->pass.valid = memo->pass.rejected = 0;
    memo->pass.rejected_untold = memo->pass.unprintable = memo->pass.withheld_ids = 0;
    forget_person(memo);
}

void
bl_check_memo_free(struct bl_check_memo *memo)
{
    if (memo == NULL) {
        return;
    }
    bl_check_memo_forget(memo);
    g_ptr_array_unref(memo->groups);
    g_hash_table_unref(memo->by_what);
    g_hash_table_unref(memo->pass.duplicates);
    g_free(memo);
}

gboolean
bl_check_memo_reused(const struct bl_check_memo *memo)
{
    return memo != NULL && memo->reused;
}

void
bl_check_memo_used(struct bl_check_memo *memo, gboolean reused)
{
    memo->reused = reused;
}

/* The file's identity, size and times (g_free), or NULL when it cannot be read; *racy set when
 * racy is not NULL and it changed within RACY_S of now. */
static char *
stamp_of(const char *path, gboolean *racy)
{
    GStatBuf st;

    if (g_stat(path, &st) != 0) {
        return NULL;
    }
    if (racy != NULL) {
        gint64 now = g_get_real_time() / G_USEC_PER_SEC;

        *racy = (gint64)st.st_mtim.tv_sec >= now - RACY_S;
    }
    return g_strdup_printf("%llu %llu %lld %lld.%09ld %lld.%09ld", (unsigned long long)st.st_dev,
                           (unsigned long long)st.st_ino, (long long)st.st_size,
                           (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                           (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
}

/* TRUE when memo holds the list at path, unchanged, as read for key. */
static gboolean
holds_list(const struct bl_check_memo *memo, const char *path, const char *key)
{
    char *stamp;
    gboolean same;

    if (memo == NULL || memo->path == NULL || memo->racy || path == NULL ||
        strcmp(memo->path, path) != 0 || strcmp(memo->key, key) != 0) {
        return FALSE;
    }
    stamp = stamp_of(path, NULL);
    same = stamp != NULL && strcmp(stamp, memo->stamp) == 0;
    g_free(stamp);
    return same;
}

gboolean
bl_check_memo_holds(const struct bl_check_memo *memo, const char *path, const char *key,
                    gboolean fonts)
{
    return holds_list(memo, path, key) && memo->fonts == fonts;
}

void
bl_check_memo_start(struct bl_check_memo *memo, const char *path, const char *key, gboolean fonts)
{
    bl_check_memo_forget(memo);
    memo->stamp = stamp_of(path, &memo->racy);
    if (memo->stamp == NULL) {
        return; /* the source says why it cannot be read; nothing is kept */
    }
    memo->path = g_strdup(path);
    memo->key = g_strdup(key);
    memo->fonts = fonts;
}

void
bl_check_memo_add(struct bl_check_memo *memo, const struct bl_recipient *r)
{
    GString *what = g_string_new(NULL);
    struct bl_check_group *g;

    /* every field of r that counting a resident reads (check_list.c's count_recipient) */
    g_string_append_printf(what, "%s\x1f%s\x1f%d\x1f%s\x1f", r->jurisdiction, r->address.state,
                           (int)r->variant, r->language);
    if (memo->single) {
        g_string_append_printf(what, "%u\x1f", memo->groups->len);
    }
    for (guint i = 0; i < r->categories->len; i++) {
        g_string_append_printf(what, "%d,", g_array_index(r->categories, int, i));
    }
    g = g_hash_table_lookup(memo->by_what, what->str);
    if (g == NULL) {
        g = g_new0(struct bl_check_group, 1);
        g->first = bl_recipient_copy(r);
        g->first->covered_entity = NULL;
        g_ptr_array_add(memo->groups, g);
        g_hash_table_insert(memo->by_what, g_string_free(what, FALSE), g);
    } else {
        g_string_free(what, TRUE);
    }
    g->n++;
}

GPtrArray *
bl_check_memo_groups(struct bl_check_memo *memo)
{
    return memo->groups;
}

struct bl_check_pass *
bl_check_memo_pass(struct bl_check_memo *memo)
{
    return &memo->pass;
}

gboolean
bl_check_memo_person(const struct bl_check_memo *memo, const char *path, const char *key,
                     const char *id, struct bl_recipient **person, int *line, const char **error)
{
    if (!holds_list(memo, path, key) || memo->person_id == NULL ||
        strcmp(memo->person_id, id) != 0) {
        return FALSE;
    }
    *person = memo->person != NULL ? bl_recipient_copy(memo->person) : NULL;
    *line = memo->person_line;
    *error = memo->person_error;
    return TRUE;
}

void
bl_check_memo_keep_person(struct bl_check_memo *memo, const char *path, const char *key,
                          const char *id, const struct bl_record *rec)
{
    if (!holds_list(memo, path, key)) {
        return;
    }
    forget_person(memo);
    memo->person_id = g_strdup(id);
    if (rec != NULL) {
        memo->person_line = rec->line;
        if (rec->status == 0) {
            memo->person = bl_recipient_copy(&rec->recipient);
            memo->person->covered_entity = NULL;
        } else {
            memo->person_error = g_strdup(rec->error);
        }
    }
}

void
bl_check_memo_rows_alone(struct bl_check_memo *memo)
{
    memo->single = TRUE;
}

/* SPDX-License-Identifier: MIT */
/* The check's memo, private side (check.h has its public face): the pass over a list kept for
 * the next check of it. check_list.c fills it and counts its groups; preview.c keeps in it the
 * person it looked for last. */
#ifndef BL_CHECK_MEMO_H
#define BL_CHECK_MEMO_H

#include <glib.h>

#include "check.h"
#include "source.h"

/* Residents alike in everything the law and the letters ask of them (jurisdiction, state of
 * address, variant, language, categories): counted once, n times over. */
struct bl_check_group {
    struct bl_recipient *first; /* the group's first row (its covered entity resolved again
                                 * against each check's incident) */
    gint64 n;
};

/* What the pass over the list found apart from the groups, as the report holds it. */
struct bl_check_pass {
    gint64 rows, valid, rejected, rejected_untold, unprintable, withheld_ids;
    char *rejected_kinds, *untold_kinds; /* or NULL */
    GHashTable *duplicates;              /* line -> line, as the report's */
};

/* TRUE when memo holds the list at path as read for an incident whose bl_source_key is key,
 * with the fonts or without (fonts): the file has not changed since (a file written within two
 * seconds of its reading is read again: its time may not have moved with a write). */
gboolean bl_check_memo_holds(const struct bl_check_memo *memo, const char *path, const char *key,
                             gboolean fonts);

/* Empties memo and makes it the pass over the list at path for key (its file's stamp taken
 * now, before it is read), to be filled; bl_check_memo_forget() empties it for good (a pass
 * that failed). */
void bl_check_memo_start(struct bl_check_memo *memo, const char *path, const char *key,
                         gboolean fonts);
void bl_check_memo_forget(struct bl_check_memo *memo);

/* Counts r in its group (a copy of r starts a new one). */
void bl_check_memo_add(struct bl_check_memo *memo, const struct bl_recipient *r);

/* The groups (struct bl_check_group *, in the order their first rows came), and the rest of
 * the pass; borrowed. bl_check_memo_used() records whether the last check read the list. */
GPtrArray *bl_check_memo_groups(struct bl_check_memo *memo);
struct bl_check_pass *bl_check_memo_pass(struct bl_check_memo *memo);
void bl_check_memo_used(struct bl_check_memo *memo, gboolean reused);

/* The person of the list with this id as memo found them last, when memo holds the list at
 * path for key: TRUE, with *person a copy (bl_recipient_free; its covered entity unresolved)
 * or NULL when the row was rejected (*line and *error, borrowed, say where and why) or absent
 * (*line 0). FALSE when memo has not looked for them. */
gboolean bl_check_memo_person(const struct bl_check_memo *memo, const char *path, const char *key,
                              const char *id, struct bl_recipient **person, int *line,
                              const char **error);

/* Keeps what was found of the person id in the list at path read for key: the record
 * (borrowed; its recipient copied when valid), or NULL when absent. Does nothing unless memo
 * holds that list. */
void bl_check_memo_keep_person(struct bl_check_memo *memo, const char *path, const char *key,
                               const char *id, const struct bl_record *rec);

/* For tests: every row its own group, so that a check given memo counts row by row, as it did
 * before rows were grouped (a reference to compare the grouped count with). Kept across
 * bl_check_memo_forget(). */
void bl_check_memo_rows_alone(struct bl_check_memo *memo);

#endif

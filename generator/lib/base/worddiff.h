/* SPDX-License-Identifier: MIT */
/* Word diff: the shortest edit script between two sequences of tokens (Myers' O((N+M)D)
 * algorithm in linear space), and the same made readable for people, for comparing two drafts
 * of a letter word by word. */
#ifndef BL_WORDDIFF_H
#define BL_WORDDIFF_H

#include <glib.h>

enum bl_edit_kind {
    BL_EDIT_SAME,    /* in both */
    BL_EDIT_REMOVED, /* only in the old sequence */
    BL_EDIT_ADDED,   /* only in the new sequence */
};

/* A run of the script: len tokens from a[a] (SAME, REMOVED) and from b[b] (SAME, ADDED); a and b
 * are also where the run stands in the sequence it is not taken from. */
struct bl_edit {
    enum bl_edit_kind kind;
    guint a;
    guint b;
    guint len;
};

/* The shortest edit script turning a[0..n) into b[0..m): a GArray of struct bl_edit covering
 * both sequences in order, no two runs of one kind next to each other, and where tokens are
 * replaced, the removed run before the added one. Tokens are equal when their values are (words
 * interned as numbers); n and m below G_MAXINT / 4. Memory grows with n + m, never with n * m.
 * Free with g_array_unref(). */
GArray *bl_diff(const guint *a, guint n, const guint *b, guint m);

/* Makes a script of a and b easier to read without making it longer than the two sequences
 * need. Tokens below marks are the caller's structure (paragraph and line ends): tokens only
 * added or only removed that could as well stand a few tokens earlier or later are moved to
 * end with a mark where they can (a paragraph added whole then shows whole); and a few tokens
 * kept between changes longer than they are (a rewritten sentence that happens to keep "the"
 * and "of") become removed and added with the changes around them, so that the change reads
 * as one, unless they hold a mark. */
void bl_diff_tidy(GArray *edits, const guint *a, const guint *b, guint marks);

#endif

/* SPDX-License-Identifier: MIT */
/* Kinds of row messages: what a message about a row of the list says without that row's values
 * ("unknown state" for "unknown state 'XX' (recipient 'R-7')"), and how many rows had each, so
 * that thousands of rejected rows are summed up in a line after the first few are shown. */
#ifndef BL_KINDS_H
#define BL_KINDS_H

#include <glib.h>

#include "common.h"

struct bl_kinds;

BL_API struct bl_kinds *bl_kinds_new(void);
BL_API void bl_kinds_free(struct bl_kinds *kinds);

/* The kind of a row message: the message (after "file:line: error: " or "warning: ", when the
 * line has them) without its quoted values, "(recipient 'ID')" and "(first on line N)". A
 * quoted column name stays: "column 'city' is empty" is a kind of its own. Free with
 * g_free(). */
BL_API char *bl_kinds_of(const char *message);

/* Counts one more row of message's kind. */
BL_API void bl_kinds_add(struct bl_kinds *kinds, const char *message);

/* The rows counted. */
BL_API gint64 bl_kinds_total(const struct bl_kinds *kinds);

/* "3,100 unknown state, 1,800 postal code is not a US ZIP code (12345 or 12345-6789)": every
 * kind with its rows, most first (equal counts in the order first seen); "" when none. Free
 * with g_free(). */
BL_API char *bl_kinds_format(const struct bl_kinds *kinds);

/* n with its thousands grouped by commas ("4,900"). Free with g_free(). */
BL_API char *bl_kinds_count(gint64 n);

#endif

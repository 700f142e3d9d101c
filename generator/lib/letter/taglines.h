/* SPDX-License-Identifier: MIT */
/* Taglines: the language-assistance insert as data (templates/us-notice/taglines.xml): one
 * sentence in each language telling its readers that free help in their language is
 * available, and for each state the languages its insert prints, most spoken first. */
#ifndef BL_TAGLINES_H
#define BL_TAGLINES_H

#include <glib.h>

#include "diag.h"

struct bl_taglines;

/* Reads the file: <taglines> with a <heading>, <tagline lang="es" name="Español">text with
 * <phone/></tagline> for each language, and <state code="CA" languages="es zh ..."/> for each
 * state (every language named must have its tagline). Returns the data (free with
 * bl_taglines_free), or NULL with the problem reported as file:line. */
struct bl_taglines *bl_taglines_load(const char *path, struct bl_diag *diag);
void bl_taglines_free(struct bl_taglines *t);

/* TRUE when the data has a list of languages for state (a USPS code). */
gboolean bl_taglines_has(const struct bl_taglines *t, const char *state);

/* The file the data was read from. Borrowed. */
const char *bl_taglines_path(const struct bl_taglines *t);

/* The insert's heading. Borrowed. */
const char *bl_taglines_heading(const struct bl_taglines *t);

/* The taglines of state (a USPS code) in its order, the organisation's phone put where the
 * text has <phone/>: a new array of new strings (plain text, not markup), or NULL when the data
 * has no list for the state. Free with g_ptr_array_unref(). */
GPtrArray *bl_taglines_for(const struct bl_taglines *t, const char *state, const char *phone);

#endif

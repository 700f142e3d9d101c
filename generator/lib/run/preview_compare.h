/* SPDX-License-Identifier: MIT */
/* Preview's comparison of two drafts: what changed in the letter's wording, word by word, as
 * lines for the terminal and as a redline to print. */
#ifndef BL_PREVIEW_COMPARE_H
#define BL_PREVIEW_COMPARE_H

#include <glib.h>

#include "bind.h"

/* Compares the wording of two bound letters word by word (worddiff.h).
 *
 * Appends to out, after "--- old_name" and "+++ new_name", one line for each change with the
 * words around it, under the heading of the section it is in ("@@ What We Are Doing"): a word
 * replaced as "…offering you 24 → 36 months of…", several as "[old words → new words]", words
 * removed as "[-words-]", added as "{+words+}", a paragraph added or removed whole as
 * "+ text" or "- text"; "(the wording of the letter is the same)" when nothing changed.
 *
 * Binds into redline (an initialised letter, reset first) the redline: a notice that opens
 * with a title and a key, then the letters' text paragraph by paragraph, in the blocks of the
 * new letter, with the removed words struck through in red and the added ones underlined in
 * green; labelled as not for mailing. Its title, author and date are the new letter's.
 *
 * Returns the number of changes. */
int bl_preview_compare(GString *out, struct bl_letter *redline, const struct bl_letter *old,
                       const struct bl_letter *new_, const char *old_name, const char *new_name);

#endif

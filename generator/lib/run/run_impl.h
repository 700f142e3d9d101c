/* SPDX-License-Identifier: MIT */
/* Run, private side: where the letter of a record read from the list goes, which may depend on
 * the records before it (bl_run_letter_path() knows the id alone). */
#ifndef BL_RUN_IMPL_H
#define BL_RUN_IMPL_H

#include <glib.h>

#include "source.h"

/* Where the letter of rec, the record-th of the list (0-based), goes, relative to the output
 * directory: bl_run_letter_path() of its id, except that an id that came before in another case
 * (rec->case_twin_of: "abc-1" after "ABC-1") gets the short hash of the id added to its name,
 * as an unsafe or reserved name does, so that the two letters stay two files on a disk that
 * ignores case. Free with g_free(). */
char *bl_run_record_path(const struct bl_record *rec, gint64 record, int levels);

#endif

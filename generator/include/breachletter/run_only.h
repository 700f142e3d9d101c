/* SPDX-License-Identifier: MIT */
/* Render --only: one recipient's letter, in a directory of its own or in the finished run of the
 * same inputs whose manifest it updates. */
#ifndef BL_RUN_ONLY_H
#define BL_RUN_ONLY_H

#include "render_letters.h"

/* The recipient's letter, into a folder that is empty, holds letters of
 * earlier --only runs, or holds a finished run of the same inputs, whose manifest is then
 * updated row for row; refused into a folder with an unfinished run or another run's output.
 * Returns an enum bl_exit. */
BL_API int bl_render_only(struct bl_render *r);

#endif

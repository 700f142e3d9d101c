/* SPDX-License-Identifier: MIT */
/* The tool's own engines: what a command does with worker processes, signals and process state
 * (umask, memory tuning), which the library never touches. */
#ifndef BL_CLI_H
#define BL_CLI_H

#include "run.h"

/* Renders a PDF per recipient, or print books, and the manifest, errors file and run record
 * into opts->outdir (render_job.c): the set-up once, then worker processes forked from it, each
 * making its chunks of the list (batch.c). Reports to diag (the progress and the rows'
 * messages of the workers go to stderr); returns an enum bl_exit. */
int bl_cli_render(const struct bl_render_options *opts, struct bl_diag *diag);

/* Where bl_cli_render also writes its progress, a JSON line per update (rows_done, rows_todo,
 * letters, errors, rate, seconds, seconds_left, end): a descriptor, or 0 for none. */
void bl_cli_render_progress_fd(int fd);

#endif

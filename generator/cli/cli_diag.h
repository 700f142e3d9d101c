/* SPDX-License-Identifier: MIT */
/* The tool's side of the diagnostics: where the texts the library tells go. Messages (errors,
 * warnings, what is loaded and done, notes) to one stream, standard error, where a log no one
 * reads any more never stops a run; reports to another, standard output, where a report lost
 * is an error of the command. */
#ifndef BL_CLI_DIAG_H
#define BL_CLI_DIAG_H

#include <stdio.h>

#include "diag.h"

struct bl_cli_diag;

/* Creates the streams' diag: messages go to messages, reports to reports (both borrowed; they
 * may be the same). reports_named says what a lost report was in the error that tells it ("the
 * report to standard output": "cannot write the report to standard output: No space left on
 * device"). Once a write of a message fails because no one reads the stream any more (EPIPE,
 * EBADF: a log piped into a program that exited), later messages are not written, only counted
 * and kept as the last message. Free with bl_cli_diag_end(). */
struct bl_cli_diag *bl_cli_diag_new(FILE *messages, FILE *reports, const char *reports_named);

/* The diag to give the library. Borrowed until bl_cli_diag_end(). */
struct bl_diag *bl_cli_diag_get(const struct bl_cli_diag *d);

/* Ends a command's output and frees d (NULL: returns rc). When a report could not be written
 * whole (a full disk, a closed descriptor), says so ("breachletter: error: cannot write the
 * report to standard output: No space left on device") and returns BL_EXIT_IO instead of an rc
 * that says the command did its work (0, 1 or 5): a lost report must not pass for a clean check.
 * Returns rc otherwise. */
int bl_cli_diag_end(struct bl_cli_diag *d, int rc);

#endif

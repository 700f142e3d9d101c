/* SPDX-License-Identifier: MIT */
/* Diagnostics: the one place that tells the user what is wrong, as file:line: error: message. */
#ifndef BL_DIAG_H
#define BL_DIAG_H

#include <glib.h>
#include <stdio.h>

/* Where a problem is. file is borrowed; line and col are 1-based, 0 when unknown. */
struct bl_loc {
    const char *file;
    int line;
    int col;
};

struct bl_diag;

/* Creates a sink for diagnostics. With stream NULL the messages are kept in memory
 * (for tests and for per-recipient error columns), otherwise written to stream as they come.
 * Once a write fails because no one reads the stream any more (EPIPE, EBADF: a log piped into
 * a program that exited), later messages are not written, only counted and kept as the last
 * message: a lost log never stops a run. Free with bl_diag_free(). */
struct bl_diag *bl_diag_new(FILE *stream);
void bl_diag_free(struct bl_diag *diag);

/* Reports an error or a warning at loc (which may be NULL). Messages are lowercase, name the
 * subject in quotes and never contain personal data: callers name recipients by id only.
 * errno is kept: a caller may still decide by the errno of the failure it reports. */
void bl_diag_error(struct bl_diag *diag, const struct bl_loc *loc, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
void bl_diag_warning(struct bl_diag *diag, const struct bl_loc *loc, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

/* How much is told on a stream: errors only, also warnings (the default), or also what the
 * program loads and does. Set once by the program, for every sink that writes to a stream;
 * a sink that keeps messages keeps them all. */
enum bl_diag_level {
    BL_DIAG_QUIET = -1,
    BL_DIAG_NORMAL = 0,
    BL_DIAG_VERBOSE = 1,
};
void bl_diag_set_level(enum bl_diag_level level);
enum bl_diag_level bl_diag_level(void);

/* Tells what the program loads and does ("template templates/us-notice/letter.xml, languages
 * en es"), as "breachletter: ...", when the level is verbose: on diag's stream, or on stderr
 * for a sink that keeps messages (they are not problems to keep). */
void bl_diag_info(struct bl_diag *diag, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Names in messages a file read under another path than the user gave: standard input, held
 * in memory and read as /proc/self/fd/N, is "standard input". For every sink, from now on; at
 * most a few files. Both strings are copied. */
void bl_diag_name_file(const char *path, const char *shown);

/* How messages name the file at path: the name given it by bl_diag_name_file, or path. Borrowed
 * (path itself, or until the program ends). NULL for NULL. */
const char *bl_diag_file_name(const char *path);

/* Number of errors reported since creation. */
int bl_diag_error_count(const struct bl_diag *diag);

/* Everything reported so far when the sink keeps messages in memory ("" otherwise). Borrowed
 * until the next report or bl_diag_clear(). */
const char *bl_diag_text(const struct bl_diag *diag);

/* The message of the last error, without location or prefix; "" when none. Borrowed as above. */
const char *bl_diag_last_message(const struct bl_diag *diag);

/* Writes text, a command's report, to out and flushes it. When that or an earlier write to out
 * failed, reports "breachletter: error: cannot write WHAT: No space left on device" (WHAT:
 * "the report to standard output"). Returns 0, or -1 (reported). */
int bl_diag_write_output(struct bl_diag *diag, FILE *out, const char *text, const char *what);

/* While held, messages to a stream are kept as a sink without one keeps them (bl_diag_text,
 * bl_diag_clear), not written; releasing the hold writes what is still kept. For a caller that
 * decides after a message whether to show it (the first rejected rows, not every one). */
void bl_diag_hold(struct bl_diag *diag, gboolean hold);

/* Writes what a sink without a stream kept to out, as a sink writing to it would have: with
 * the level quiet, its warnings left out. */
void bl_diag_print_kept(const struct bl_diag *diag, FILE *out);

/* Forgets the kept text and the last message (the error count stays). */
void bl_diag_clear(struct bl_diag *diag);

#endif

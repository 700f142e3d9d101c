/* SPDX-License-Identifier: MIT */
/* Diagnostics: the one way the library tells its caller anything, problems as file:line: error:
 * message first, through a function the caller gives. */
#ifndef BL_DIAG_H
#define BL_DIAG_H

#include <glib.h>

#include "common.h"

/* The convention, for every module of the library:
 *
 * - The library never prints. Everything it has to tell (a problem, what it loads and does, a
 *   note on how a run went, the report a command makes) is handed as finished text, whole
 *   lines ending in '\n', to the struct bl_diag its caller gave; the diag hands each text with
 *   its kind to the caller's function (bl_diag_new_fn), or keeps it in memory. The caller
 *   decides where each kind goes: the tool writes reports to standard output and everything
 *   else to standard error.
 * - A function that can fail returns 0 or -1 (an iterator 1 / 0 / -1, a command of the run layer
 *   an enum bl_exit), the reason told to the diag already: callers just propagate. There is no
 *   other channel: no error strings returned beside it, no text printed around it.
 * - How much is told is the level (bl_diag_set_level), applied here, in one place, never by
 *   the caller's function: a function given a diag hears warnings unless the level is quiet,
 *   and what is loaded and done (BL_DIAG_INFO) only when it is verbose; it writes whatever it
 *   hears (the tool's, cli_diag.c, every kind but reports to standard error). Notes and reports
 *   are told at every level: the code that tells one has decided already that the level calls
 *   for it. */

/* Where a problem is. file is borrowed; line and col are 1-based, 0 when unknown. */
struct bl_loc {
    const char *file;
    int line;
    int col;
};

/* What a text told to the caller is. */
enum bl_diag_kind {
    BL_DIAG_ERROR,   /* a problem: "FILE:LINE: error: message\n" */
    BL_DIAG_WARNING, /* a problem the work goes on with: "FILE:LINE: warning: message\n" */
    BL_DIAG_INFO,    /* what is loaded and done: "breachletter: ...\n", made only when the level
                      * is verbose (bl_diag_info), so no caller ever filters it */
    BL_DIAG_NOTE,    /* not a problem: how a run went ("breachletter: 32 input rows = ..."), or
                      * what the problems told mean for the letters */
    BL_DIAG_REPORT,  /* what the command makes for its user to read: the check's report,
                      * preview's list of variants, diff or the file it wrote */
};

/* The caller's function: gets each text with its kind as it is told (text is borrowed for the
 * call). It must not free the diag; it may tell the same diag an error about its own failure. */
typedef void (*bl_diag_fn)(void *user, enum bl_diag_kind kind, const char *text);

struct bl_diag;

/* Creates a diag that hands each text to fn(user, kind, text) as it is told. With fn NULL, the
 * diag keeps every text in memory instead (bl_diag_text), warnings at every level (what is
 * loaded and done only when the level is verbose: below it, none is made): for tests, for the
 * error column of a row, for a caller that decides later what to show. Free with
 * bl_diag_free(). */
BL_API struct bl_diag *bl_diag_new_fn(bl_diag_fn fn, void *user);

/* bl_diag_new_fn(fn, NULL): bl_diag_new(NULL) is a diag that keeps its messages in memory. */
BL_API struct bl_diag *bl_diag_new(bl_diag_fn fn);
BL_API void bl_diag_free(struct bl_diag *diag);

/* A bl_diag_fn whose user is another struct bl_diag: the texts are told on to it
 * (bl_diag_tell). With bl_diag_hold, a diag that keeps its problems but tells on what it
 * loads and does. */
BL_API void bl_diag_forward(void *to, enum bl_diag_kind kind, const char *text);

/* Reports an error or a warning at loc (which may be NULL). Messages are lowercase, name the
 * subject in quotes and never contain personal data: callers name recipients by id only.
 * errno is kept: a caller may still decide by the errno of the failure it reports. */
BL_API void bl_diag_error(struct bl_diag *diag, const struct bl_loc *loc, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
BL_API void bl_diag_warning(struct bl_diag *diag, const struct bl_loc *loc, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

/* How much is told: errors only, also warnings (the default), or also what the program loads
 * and does. Set once by the program, for every diag: a diag that hands its texts to a function
 * hands on only the kinds the level lets through; a diag that keeps them keeps its warnings
 * whatever the level (they are filtered when passed on, bl_diag_pass_kept), and what is loaded
 * and done is told to no diag below the level verbose. */
enum bl_diag_level {
    BL_DIAG_QUIET = -1,
    BL_DIAG_NORMAL = 0,
    BL_DIAG_VERBOSE = 1,
};
BL_API void bl_diag_set_level(enum bl_diag_level level);
BL_API enum bl_diag_level bl_diag_level(void);

/* Tells what the program loads and does ("template templates/us-notice/letter.xml, languages
 * en es") as "breachletter: ...\n", kind BL_DIAG_INFO, when the level is verbose; nothing
 * otherwise, to any diag (one that keeps its texts too). */
BL_API void bl_diag_info(struct bl_diag *diag, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Tells a note as "breachletter: ...\n", kind BL_DIAG_NOTE, at every level. */
BL_API void bl_diag_note(struct bl_diag *diag, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Tells text, finished already, as it is: a report (BL_DIAG_REPORT), or a message another diag
 * kept. The level applies as to the messages of its kind; an error counts as one. Nothing for
 * "". */
BL_API void bl_diag_tell(struct bl_diag *diag, enum bl_diag_kind kind, const char *text);

/* Names in messages a file read under another path than the user gave: standard input, held
 * in memory and read as /proc/self/fd/N, is "standard input". For every diag, from now on; at
 * most four files. Both strings are copied. Returns 0, or -1 when four other files are named
 * already (path keeps its own name). */
BL_API int bl_diag_name_file(const char *path, const char *shown);

/* How messages name the file at path: the name given it by bl_diag_name_file, or path. Borrowed
 * (path itself, or until the program ends). NULL for NULL. */
BL_API const char *bl_diag_file_name(const char *path);

/* Number of errors reported since creation. */
BL_API int bl_diag_error_count(const struct bl_diag *diag);

/* Everything the diag keeps (all it was told, for a diag without a function; the problems held,
 * for one with), in order. Borrowed until the next report or bl_diag_clear(). */
BL_API const char *bl_diag_text(const struct bl_diag *diag);

/* The message of the last error or warning, without location or prefix; "" when none. Borrowed
 * as above. */
BL_API const char *bl_diag_last_message(const struct bl_diag *diag);

/* While held, a diag with a function keeps the errors and warnings told to it, as a diag
 * without one does (bl_diag_text, bl_diag_clear), and hands on only the other kinds; releasing
 * the hold hands on what is still kept. For a caller that decides after a message whether to
 * show it (the first rejected rows, not every one), or gathers the problems to show them
 * elsewhere (preview's review page). */
BL_API void bl_diag_hold(struct bl_diag *diag, gboolean hold);

/* Tells to, text by text with its kind, what kept keeps (so to's level leaves out warnings when
 * quiet). kept is unchanged. */
BL_API void bl_diag_pass_kept(const struct bl_diag *kept, struct bl_diag *to);

/* Forgets the kept text and the last message (the error count stays). */
BL_API void bl_diag_clear(struct bl_diag *diag);

#endif

/* SPDX-License-Identifier: MIT */
/* The tool's signal handling: an interrupted run (SIGINT, SIGTERM, SIGHUP) ends its worker
 * processes, removes the files being written and, for Ctrl-C, says how to finish what was
 * interrupted, before it ends with that signal. The library installs no handler. */
#ifndef BL_CLI_SIGNAL_H
#define BL_CLI_SIGNAL_H

/* Installs the handler of SIGINT, SIGTERM and SIGHUP: it calls the function set with
 * bl_cli_signal_first (render's: end the worker processes and wait for them), removes the files the library tracks as being written
 * (tempfile.h), writes the note set for SIGINT to standard error, and ends the process with the
 * signal (or, where the signal's default action would not end it, with status 128 + signal). */
void bl_cli_signal_install(void);

/* What the handler does first with the signal it got, before the files are removed: fn must be
 * async-signal-safe (render's is bl_batch_signal_workers); NULL: nothing. */
void bl_cli_signal_first(void (*fn)(int sig));

/* What the handler writes to standard error on SIGINT once the files are removed (how to finish
 * what was interrupted): note is a static string ending in a newline, or NULL for nothing. */
void bl_cli_signal_note(const char *note);

#endif

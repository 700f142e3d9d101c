/* SPDX-License-Identifier: MIT */
/* Standard input and output as files: "-" for the incident or the recipient list reads standard
 * input (a list piped from gpg, age or psql) into an anonymous file in memory that never
 * touches a disk, and "-" for a PDF writes it to standard output. The program's own. */
#ifndef BL_CLI_INPUT_H
#define BL_CLI_INPUT_H

/* When *path is "-", reads standard input whole into a sealed anonymous file in memory and
 * points *path at it (/proc/self/fd/N, which messages call "standard input"): a regular file
 * the program may open and read as often as it needs (the compliance check, then each worker).
 * what names the input ("recipient list") when standard input is a terminal or cannot be read.
 * Standard input is read once: a second "-" is a usage error. Returns 0 or an enum bl_exit
 * after saying why on stderr, as "breachletter COMMAND: ...". */
int bl_cli_stdin_path(const char *command, const char **path, const char *what);

/* For a PDF written to "-": refuses a terminal, which a PDF would garble, and names "-"
 * "standard output" in messages. Returns 0, or BL_EXIT_USAGE after saying why. */
int bl_cli_stdout_pdf(const char *command, const char *path);

#endif

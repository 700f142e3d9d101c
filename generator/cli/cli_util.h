/* SPDX-License-Identifier: MIT */
/* The command line's shared parts: the options every command takes (--data-dir, --quiet,
 * --verbose, --version, --help), help and usage lines that name the program. The program's
 * own, not the library's. */
#ifndef BL_CLI_UTIL_H
#define BL_CLI_UTIL_H

#include <glib.h>

/* The options every command takes. */
struct bl_cli_common {
    char *data_dir;   /* --data-dir, or NULL; free with g_free() */
    gboolean quiet;   /* -q: errors only */
    gboolean verbose; /* -v: also what is loaded and done */
    gboolean version; /* -V */
    gboolean help;    /* -h */
};

/* Parses the options of command (as "breachletter COMMAND"): its entries and the common ones
 * into common. synopsis is what follows the command in its usage line ("INCIDENT.xml
 * --recipients FILE -o OUTDIR"), purpose what it does in a line, description (or NULL) the text
 * after the options in --help. Prints --help or --version to stdout. Sets how much diagnostics
 * tell (diag.h). Returns 0 to go on, 1 when done (help or version shown), or -1 after saying
 * what was wrong on stderr. */
int bl_cli_parse(const char *command, const char *synopsis, const char *purpose,
                 const char *description, const GOptionEntry *entries, struct bl_cli_common *common,
                 int *argc, char ***argv);

/* Says on stderr how command is used: "breachletter render: usage: breachletter render
 * SYNOPSIS (see 'breachletter render --help')". */
void bl_cli_usage(const char *command, const char *synopsis);

/* Prints the program's version ("breachletter 0.1.0") to stdout. */
void bl_cli_version(void);

void bl_cli_common_release(struct bl_cli_common *common);

#endif

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

/* Parses a command's options as bl_cli_parse does, then finds the data directory: --data-dir,
 * else $BREACHLETTER_DATA_DIR, else an installed program's own data (BL_REL_DATADIR under its
 * prefix), else NULL (the library's built-in default: the source tree). FALSE when the command
 * is done, with *rc set: --help or --version shown (BL_EXIT_OK), or a usage error told
 * (BL_EXIT_USAGE). */
gboolean bl_cli_options(const char *command, const char *synopsis, const char *purpose,
                        const char *description, const GOptionEntry *entries,
                        struct bl_cli_common *common, int *argc, char ***argv, int *rc);

void bl_cli_common_release(struct bl_cli_common *common);

#endif

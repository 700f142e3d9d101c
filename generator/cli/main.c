/* SPDX-License-Identifier: MIT */
/* The breachletter program: sets up the process, then runs the command named (cmd.h). */
#include <libxml/xmlerror.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_signal.h"
#include "cli_util.h"
#include "cmd.h"
#include "session.h"

static const char summary[] =
    "Commands:\n"
    "  render INCIDENT.xml --recipients FILE -o OUTDIR   a PDF letter per recipient, or books\n"
    "  check  INCIDENT.xml [--recipients FILE] [--json]  compliance findings, deadlines, notices\n"
    "  notice INCIDENT.xml --kind KIND -o FILE.pdf       specimen letter, substitute or media "
    "notice\n"
    "  report INCIDENT.xml --recipients FILE -o DIR      regulator summary by state and data type\n"
    "  preview INCIDENT.xml [-o FILE] [--watch]          a draft letter, missing fields marked\n"
    "  manifest merge INCIDENT.xml -r FILE -o OUT SHARD...  one manifest from --shard runs, "
    "checked\n"
    "  serve [DIR]                                       the workbench: incidents edited in a "
    "browser\n"
    "  strings INCIDENT.xml > messages.pot               the texts to translate, as a PO template\n"
    "\n"
    "Run 'breachletter COMMAND --help' for a command's options. Every command takes\n"
    "--data-dir DIR, -q/--quiet (only errors), -v/--verbose (also what it loads and does),\n"
    "-V/--version and -h/--help.\n"
    "\n"
    "Exit status: 0 every letter made; 1 some recipients rejected (see the manifest);\n"
    "2 usage error; 3 bad incident, template or list header (no letters made);\n"
    "4 a file could not be read or written; 5 the letters break a jurisdiction's rules\n"
    "(check lists why; render refuses them unless --allow-draft).";

static void
silent(void *ctx, const char *msg, ...)
{
}

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {
    {"render", bl_cmd_render}, {"check", bl_cmd_check},     {"notice", bl_cmd_notice},
    {"report", bl_cmd_report}, {"preview", bl_cmd_preview}, {"manifest", bl_cmd_manifest},
    {"serve", bl_cmd_serve},   {"strings", bl_cmd_strings},
};

int
main(int argc, char **argv)
{
    /* a closed pipe on stderr (render 2>&1 | head) must not end a run: writes fail instead */
    signal(SIGPIPE, SIG_IGN);
    /* letters, lists and reports hold personal data: everything the program creates is
     * owner-only (the library sets no process state; the tool does, once) */
    umask(077);
    /* a fixed date for "today" (deadlines, the check's report), so a report can be reproduced */
    if (g_getenv("BREACHLETTER_TODAY") != NULL &&
        bl_session_set_today(g_getenv("BREACHLETTER_TODAY")) < 0) {
        fprintf(stderr, "breachletter: BREACHLETTER_TODAY is not a date (YYYY-MM-DD)\n");
        return BL_EXIT_USAGE;
    }
    /* Ctrl-C, kill, a closed terminal: the files being written are removed first */
    bl_cli_signal_install();
    /* libxml2 prints the few errors it has no parser or schema context for (encodings, I/O)
     * straight to stderr, with bytes of the document in them: the library gets every error it
     * needs through its contexts' handlers, so those go nowhere (libxml2's state is the
     * process's: the tool sets it) */
    xmlSetGenericErrorFunc(NULL, silent);
    xmlThrDefSetGenericErrorFunc(NULL, silent); /* and in threads made later (serve's worker) */
    for (size_t i = 0; argc >= 2 && i < G_N_ELEMENTS(commands); i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            return commands[i].run(argc - 1, argv + 1);
        }
    }
    if (argc >= 2 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)) {
        bl_cli_version();
        return BL_EXIT_OK;
    }
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
                      strcmp(argv[1], "help") == 0)) {
        printf("Usage: breachletter COMMAND [OPTIONS]\n\n"
               "Turns a data-breach incident and a recipient list into personalised,\n"
               "compliant notification letters (PDF).\n\n%s\n",
               summary);
        return BL_EXIT_OK;
    }
    fprintf(stderr, "%s%s%s\nUsage: breachletter COMMAND [OPTIONS]\n\n%s\n",
            argc >= 2 ? "breachletter: unknown command '" : "breachletter: no command given",
            argc >= 2 ? argv[1] : "", argc >= 2 ? "'" : "", summary);
    return BL_EXIT_USAGE;
}

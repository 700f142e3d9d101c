/* SPDX-License-Identifier: MIT */
/* The command line's shared parts: common options, help, usage and version. */
#include "cli_util.h"

#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "session.h" /* enum bl_exit */
#include "version.h"

void
bl_cli_version(void)
{
    printf("breachletter %s\n", bl_version());
}

void
bl_cli_usage(const char *command, const char *synopsis)
{
    fprintf(stderr, "breachletter %s: usage: breachletter %s %s (see 'breachletter %s --help')\n",
            command, command, synopsis, command);
}

/* GLib writes "[OPTION…]" in the usage line; a terminal that is not UTF-8 shows '?' for it. */
static void
print_help(GOptionContext *ctx)
{
    char *help = g_option_context_get_help(ctx, TRUE, NULL);
    char **parts = g_strsplit(help, "\xE2\x80\xA6", -1);
    char *plain = g_strjoinv("...", parts);

    fputs(plain, stdout);
    g_free(plain);
    g_strfreev(parts);
    g_free(help);
}

int
bl_cli_parse(const char *command, const char *synopsis, const char *purpose,
             const char *description, const GOptionEntry *entries, struct bl_cli_common *common,
             int *argc, char ***argv)
{
    const GOptionEntry shared[] = {
        {"data-dir", 0, 0, G_OPTION_ARG_FILENAME, &common->data_dir,
         "Directory holding templates/ and fonts/", "DIR"},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &common->quiet,
         "Only errors on stderr: no warnings, progress or summary", NULL},
        {"verbose", 'v', 0, G_OPTION_ARG_NONE, &common->verbose,
         "Also tell what is loaded and done: data directory, template, rules, fonts, counts", NULL},
        {"version", 'V', 0, G_OPTION_ARG_NONE, &common->version, "Show the version", NULL},
        {"help", 'h', 0, G_OPTION_ARG_NONE, &common->help, "Show these options", NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    char *name = g_strdup_printf("breachletter %s", command);
    GOptionContext *ctx = g_option_context_new(synopsis);
    GError *err = NULL;
    int rc = 0;

    /* help and usage lines name the program and the command */
    g_set_prgname(name);
    g_option_context_set_help_enabled(ctx, FALSE);
    g_option_context_set_summary(ctx, purpose);
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_add_main_entries(ctx, shared, NULL);
    if (description != NULL) {
        g_option_context_set_description(ctx, description);
    }
    if (!g_option_context_parse(ctx, argc, argv, &err)) {
        fprintf(stderr, "%s: %s\n", name, err->message);
        g_error_free(err);
        rc = -1;
    } else if (common->help) {
        print_help(ctx);
        rc = 1;
    } else if (common->version) {
        bl_cli_version();
        rc = 1;
    } else if (common->quiet && common->verbose) {
        fprintf(stderr, "%s: --quiet or --verbose, not both\n", name);
        rc = -1;
    } else {
        bl_diag_set_level(common->quiet     ? BL_DIAG_QUIET
                          : common->verbose ? BL_DIAG_VERBOSE
                                            : BL_DIAG_NORMAL);
    }
    g_option_context_free(ctx);
    g_free(name);
    return rc;
}

void
bl_cli_common_release(struct bl_cli_common *common)
{
    g_free(common->data_dir);
    memset(common, 0, sizeof(*common));
}

/* The data of an installed program: BL_REL_DATADIR under the prefix whose BL_REL_BINDIR holds
 * the program (/usr/bin/breachletter: /usr/share/breachletter), when it has templates/; so an
 * installed tree can be moved as a whole. NULL otherwise. */
static char *
installed_data_dir(const char *bindir)
{
    char *data = NULL;

    if (g_str_has_suffix(bindir, "/" BL_REL_BINDIR)) {
        /* keeps the prefix's last '/', so that a prefix of / stays absolute */
        char *prefix = g_strndup(bindir, strlen(bindir) - strlen(BL_REL_BINDIR));
        char *templates;

        data = g_build_filename(prefix, BL_REL_DATADIR, NULL);
        templates = g_build_filename(data, "templates", NULL);
        if (!g_file_test(templates, G_FILE_TEST_IS_DIR)) {
            g_clear_pointer(&data, g_free);
        }
        g_free(templates);
        g_free(prefix);
    }
    return data;
}

/* The data of a program run from its build tree: the source tree, named in the file
 * BL_BUILD_DATA_FILE that the build writes beside the program (no path of the source tree is
 * compiled in: the same program may be installed or packaged). NULL when there is no such
 * file. */
static char *
build_tree_data_dir(const char *bindir)
{
    char *file = g_build_filename(bindir, BL_BUILD_DATA_FILE, NULL);
    char *text = NULL;

    if (g_file_get_contents(file, &text, NULL, NULL)) {
        g_strstrip(text);
        if (text[0] == '\0') {
            g_clear_pointer(&text, g_free);
        }
    }
    g_free(file);
    return text;
}

/* Where the program finds its data when no --data-dir and no $BREACHLETTER_DATA_DIR is given:
 * an installed program beside it, a program in its build tree the source tree; otherwise NULL,
 * the library's default (the data where the build said it would be installed). */
static char *
own_data_dir(void)
{
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    char *bindir = exe != NULL ? g_path_get_dirname(exe) : NULL;
    char *data = NULL;

    if (bindir != NULL) {
        data = installed_data_dir(bindir);
        if (data == NULL) {
            data = build_tree_data_dir(bindir);
        }
    }
    g_free(bindir);
    g_free(exe);
    return data;
}

gboolean
bl_cli_options(const char *name, const char *synopsis, const char *purpose, const char *description,
               const GOptionEntry *entries, struct bl_cli_common *common, int *argc, char ***argv,
               int *rc)
{
    const char *env = g_getenv("BREACHLETTER_DATA_DIR");
    int parsed = bl_cli_parse(name, synopsis, purpose, description, entries, common, argc, argv);

    if (parsed != 0) {
        *rc = parsed > 0 ? BL_EXIT_OK : BL_EXIT_USAGE;
        return FALSE;
    }
    /* --data-dir, then $BREACHLETTER_DATA_DIR, then an installed program's own data or a
     * program's in its build tree (the library reads no environment and knows no source tree:
     * the tool decides, and passes the directory down) */
    if (common->data_dir == NULL) {
        common->data_dir = env != NULL && env[0] != '\0' ? g_strdup(env) : own_data_dir();
    }
    return TRUE;
}

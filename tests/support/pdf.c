/* SPDX-License-Identifier: MIT */
/* PDFs read back by the unit tests with poppler's tools, as the end-to-end tests read them: a
 * letter is checked by its text and its pages, never by its bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "bl_test.h"

/* The standard output of a poppler tool run on path; fails the test unless it exits with 0. */
static char *
run_tool(const char *tool, const char *const *options, const char *path)
{
    GPtrArray *argv = g_ptr_array_new();
    char *out = NULL, *err = NULL;
    GError *error = NULL;
    int status = 0;

    g_ptr_array_add(argv, (char *)tool);
    for (const char *const *o = options; *o != NULL; o++) {
        g_ptr_array_add(argv, (char *)*o);
    }
    g_ptr_array_add(argv, (char *)path);
    if (strcmp(tool, "pdftotext") == 0) {
        g_ptr_array_add(argv, (char *)"-");
    }
    g_ptr_array_add(argv, NULL);
    if (!g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                      &status, &error)) {
        fail_msg("cannot run %s (poppler-utils): %s", tool, error->message);
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fail_msg("%s %s failed: %s", tool, path, err);
    }
    g_free(err);
    g_ptr_array_free(argv, TRUE);
    return out;
}

char *
fixture_pdf_text(const char *path)
{
    static const char *const options[] = {"-layout", "-enc", "UTF-8", NULL};

    return run_tool("pdftotext", options, path);
}

int
fixture_pdf_pages(const char *path)
{
    static const char *const options[] = {NULL};
    char *info = run_tool("pdfinfo", options, path);
    const char *line = strstr(info, "\nPages:");
    int pages;

    if (line == NULL) {
        fail_msg("pdfinfo %s gives no page count: %s", path, info);
    }
    pages = atoi(line + strlen("\nPages:"));
    g_free(info);
    return pages;
}

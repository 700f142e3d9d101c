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

char *
fixture_pdf_text_raw(const char *path)
{
    static const char *const options[] = {"-raw", "-enc", "UTF-8", NULL};

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

/* The value of attribute name in the tag that starts at tag, as a number. */
static double
attr_number(const char *tag, const char *name)
{
    char *key = g_strdup_printf(" %s=\"", name);
    const char *at = strstr(tag, key);
    const char *end = strchr(tag, '>');
    double value;

    if (at == NULL || (end != NULL && at > end)) {
        fail_msg("pdftotext -bbox: no %s in %.80s", name, tag);
    }
    value = g_ascii_strtod(at + strlen(key), NULL);
    g_free(key);
    return value;
}

/* The text of an HTML element's content, its entities replaced. Free with g_free(). */
static char *
unescape(const char *text, gsize len)
{
    static const char *const entities[][2] = {{"&amp;", "&"},   {"&lt;", "<"},   {"&gt;", ">"},
                                              {"&quot;", "\""}, {"&apos;", "'"}, {"&#39;", "'"}};
    GString *out = g_string_new_len(text, (gssize)len);

    for (gsize i = 1; i < G_N_ELEMENTS(entities); i++) {
        g_string_replace(out, entities[i][0], entities[i][1], 0);
    }
    g_string_replace(out, entities[0][0], entities[0][1], 0); /* last: "&amp;lt;" is "&lt;" */
    return g_string_free(out, FALSE);
}

int
fixture_pdf_word(const char *path, int page, const char *word, struct fixture_box *out)
{
    static const char *const options[] = {"-bbox", "-enc", "UTF-8", NULL};
    char *html = run_tool("pdftotext", options, path);
    const char *start = html, *end, *p;
    int found = 0;

    for (int n = 0; n < page && start != NULL; n++) {
        start = strstr(n == 0 ? html : start + 1, "<page ");
    }
    end = start != NULL ? strstr(start, "</page>") : NULL;
    if (end == NULL) {
        fail_msg("%s has no page %d", path, page);
    }
    for (p = strstr(start, "<word "); !found && p != NULL && p < end; p = strstr(p + 1, "<word ")) {
        const char *text = strchr(p, '>');
        const char *close = text != NULL ? strstr(text, "</word>") : NULL;
        char *content;

        if (close == NULL) {
            break;
        }
        content = unescape(text + 1, (gsize)(close - text - 1));
        if (strcmp(content, word) == 0) {
            out->x0 = attr_number(p, "xMin");
            out->y0 = attr_number(p, "yMin");
            out->x1 = attr_number(p, "xMax");
            out->y1 = attr_number(p, "yMax");
            found = 1;
        }
        g_free(content);
    }
    g_free(html);
    return found;
}

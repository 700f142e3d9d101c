/* SPDX-License-Identifier: MIT */
/* Diagnostics: formats and routes every message the user sees about bad input. */
#include "diag.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <string.h>

struct bl_diag {
    FILE *stream;
    gboolean gone; /* no one reads the stream any more: messages are only kept as the last */
    gboolean held; /* messages are kept, not written, until released */
    GString *text;
    GString *last;
    int errors;
};

/* Set once, before any message, by the program (--quiet, --verbose). */
static enum bl_diag_level level = BL_DIAG_NORMAL;

void
bl_diag_set_level(enum bl_diag_level new_level)
{
    level = new_level;
}

enum bl_diag_level
bl_diag_level(void)
{
    return level;
}

/* Files named otherwise in messages (standard input), set by the program before it reads them. */
static struct {
    char *path;
    char *shown;
} named[4];

void
bl_diag_name_file(const char *path, const char *shown)
{
    for (gsize i = 0; i < G_N_ELEMENTS(named); i++) {
        if (named[i].path == NULL || strcmp(named[i].path, path) == 0) {
            g_free(named[i].path);
            g_free(named[i].shown);
            named[i].path = g_strdup(path);
            named[i].shown = g_strdup(shown);
            return;
        }
    }
    assert(!"more files named than the program reads from standard input");
}

const char *
bl_diag_file_name(const char *path)
{
    for (gsize i = 0; path != NULL && i < G_N_ELEMENTS(named) && named[i].path != NULL; i++) {
        if (strcmp(named[i].path, path) == 0) {
            return named[i].shown;
        }
    }
    return path;
}

struct bl_diag *
bl_diag_new(FILE *stream)
{
    struct bl_diag *diag = g_new0(struct bl_diag, 1);

    diag->stream = stream;
    diag->text = g_string_new(NULL);
    diag->last = g_string_new(NULL);
    return diag;
}

void
bl_diag_free(struct bl_diag *diag)
{
    if (diag == NULL) {
        return;
    }
    g_string_free(diag->text, TRUE);
    g_string_free(diag->last, TRUE);
    g_free(diag);
}

/* Writes a line to the stream. A log whose reader has gone (a pipe into `head` that exited:
 * EPIPE; a closed descriptor: EBADF) must not stop the run: the messages after are dropped
 * silently. Any other failure may pass (EINTR, EAGAIN), so the next message tries again. */
static void
write_line(struct bl_diag *diag, const char *line)
{
    if (diag->gone) {
        return;
    }
    /* the error indicator, not the return values: an unbuffered stream may report a failed
     * write only there */
    clearerr(diag->stream);
    errno = 0;
    fputs(line, diag->stream);
    fflush(diag->stream);
    if (!ferror(diag->stream)) {
        return;
    }
    if (errno == EPIPE || errno == EBADF) {
        diag->gone = TRUE;
    }
    clearerr(diag->stream);
}

static void
report(struct bl_diag *diag, const struct bl_loc *loc, const char *kind, const char *fmt,
       va_list ap)
{
    GString *line = g_string_new(NULL);
    int saved_errno = errno; /* callers may still look at the errno of what they report */

    if (loc != NULL && loc->file != NULL) {
        g_string_append(line, bl_diag_file_name(loc->file));
        if (loc->line > 0) {
            g_string_append_printf(line, ":%d", loc->line);
            if (loc->col > 0) {
                g_string_append_printf(line, ":%d", loc->col);
            }
        }
        g_string_append(line, ": ");
    } else {
        g_string_append(line, "breachletter: ");
    }
    g_string_append_printf(line, "%s: ", kind);
    g_string_truncate(diag->last, 0);
    g_string_append_vprintf(diag->last, fmt, ap);
    g_string_append(line, diag->last->str);
    g_string_append_c(line, '\n');
    if (diag->stream != NULL && !diag->held) {
        /* quiet: errors only */
        if (level > BL_DIAG_QUIET || strcmp(kind, "error") == 0) {
            write_line(diag, line->str);
        }
    } else {
        g_string_append(diag->text, line->str);
    }
    g_string_free(line, TRUE);
    errno = saved_errno;
}

void
bl_diag_error(struct bl_diag *diag, const struct bl_loc *loc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    report(diag, loc, "error", fmt, ap);
    va_end(ap);
    diag->errors++;
}

void
bl_diag_warning(struct bl_diag *diag, const struct bl_loc *loc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    report(diag, loc, "warning", fmt, ap);
    va_end(ap);
}

void
bl_diag_info(struct bl_diag *diag, const char *fmt, ...)
{
    va_list ap;
    char *text;

    if (level < BL_DIAG_VERBOSE) {
        return;
    }
    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (diag->held) {
        g_string_append_printf(diag->text, "breachletter: %s\n", text);
    } else if (diag->stream != NULL) {
        char *line = g_strdup_printf("breachletter: %s\n", text);

        write_line(diag, line);
        g_free(line);
    } else {
        /* a sink that keeps its messages (a preview's problems) is no place for these */
        fprintf(stderr, "breachletter: %s\n", text);
    }
    g_free(text);
}

int
bl_diag_error_count(const struct bl_diag *diag)
{
    return diag->errors;
}

const char *
bl_diag_text(const struct bl_diag *diag)
{
    return diag->text->str;
}

const char *
bl_diag_last_message(const struct bl_diag *diag)
{
    return diag->last->str;
}

int
bl_diag_write_output(struct bl_diag *diag, FILE *out, const char *text, const char *what)
{
    int err = 0;

    /* errno is taken at the write that fails: the stream may drop the data it could not
     * write, and then a later flush succeeds with nothing left to write */
    errno = 0;
    fputs(text, out);
    if (ferror(out)) {
        err = errno;
    } else {
        fflush(out);
        err = ferror(out) ? errno : 0;
    }
    if (!ferror(out)) {
        return 0;
    }
    bl_diag_error(diag, NULL, "cannot write %s: %s", what, g_strerror(err != 0 ? err : EIO));
    return -1;
}

void
bl_diag_print_kept(const struct bl_diag *diag, FILE *out)
{
    if (level > BL_DIAG_QUIET) {
        fputs(diag->text->str, out);
        return;
    }
    for (const char *line = diag->text->str; *line != '\0';) {
        const char *end = strchr(line, '\n');
        gsize len = end != NULL ? (gsize)(end - line) + 1 : strlen(line);
        char *copy = g_strndup(line, len);

        if (strstr(copy, ": warning: ") == NULL) {
            fputs(copy, out);
        }
        g_free(copy);
        line += len;
    }
}

void
bl_diag_hold(struct bl_diag *diag, gboolean hold)
{
    diag->held = hold;
    if (!hold && diag->stream != NULL && diag->text->len > 0) {
        write_line(diag, diag->text->str);
        g_string_truncate(diag->text, 0);
    }
}

void
bl_diag_clear(struct bl_diag *diag)
{
    g_string_truncate(diag->text, 0);
    g_string_truncate(diag->last, 0);
}

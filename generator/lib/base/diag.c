/* SPDX-License-Identifier: MIT */
/* Diagnostics: formats every message and hands it, with its kind, to the caller's function. */
#include "diag.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

struct bl_diag {
    bl_diag_fn fn; /* NULL: every text is kept */
    void *user;
    gboolean held; /* problems are kept, not handed on, until released */
    GString *text; /* what is kept */
    GArray *kept;  /* struct kept: the kind of each text in text, in order */
    GString *last;
    int errors;
};

/* A text kept: its kind, and where it ends in diag->text. */
struct kept {
    enum bl_diag_kind kind;
    gsize end;
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

int
bl_diag_name_file(const char *path, const char *shown)
{
    for (gsize i = 0; i < G_N_ELEMENTS(named); i++) {
        if (named[i].path == NULL || strcmp(named[i].path, path) == 0) {
            g_free(named[i].path);
            g_free(named[i].shown);
            named[i].path = g_strdup(path);
            named[i].shown = g_strdup(shown);
            return 0;
        }
    }
    return -1;
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
bl_diag_new_fn(bl_diag_fn fn, void *user)
{
    struct bl_diag *diag = g_new0(struct bl_diag, 1);

    diag->fn = fn;
    diag->user = user;
    diag->text = g_string_new(NULL);
    diag->kept = g_array_new(FALSE, FALSE, sizeof(struct kept));
    diag->last = g_string_new(NULL);
    return diag;
}

struct bl_diag *
bl_diag_new(bl_diag_fn fn)
{
    return bl_diag_new_fn(fn, NULL);
}

void
bl_diag_free(struct bl_diag *diag)
{
    if (diag == NULL) {
        return;
    }
    g_string_free(diag->text, TRUE);
    g_array_unref(diag->kept);
    g_string_free(diag->last, TRUE);
    g_free(diag);
}

/* Whether the level lets a text of kind through to the caller's function. */
static gboolean
wanted(enum bl_diag_kind kind)
{
    switch (kind) {
    case BL_DIAG_WARNING:
        return level > BL_DIAG_QUIET;
    case BL_DIAG_INFO:
        return level >= BL_DIAG_VERBOSE;
    default:
        return TRUE;
    }
}

static void
keep(struct bl_diag *diag, enum bl_diag_kind kind, const char *text)
{
    struct kept k = {kind, 0};

    g_string_append(diag->text, text);
    k.end = diag->text->len;
    g_array_append_val(diag->kept, k);
}

/* Keeps text, or hands it to the caller's function; errno is the caller's, whatever the
 * function does. */
static void
deliver(struct bl_diag *diag, enum bl_diag_kind kind, const char *text)
{
    gboolean problem = kind == BL_DIAG_ERROR || kind == BL_DIAG_WARNING;
    int saved_errno = errno;

    if (diag->fn == NULL || (diag->held && problem)) {
        keep(diag, kind, text);
    } else if (wanted(kind)) {
        diag->fn(diag->user, kind, text);
    }
    errno = saved_errno;
}

static void
report(struct bl_diag *diag, const struct bl_loc *loc, enum bl_diag_kind kind, const char *fmt,
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
    g_string_append(line, kind == BL_DIAG_ERROR ? "error: " : "warning: ");
    g_string_truncate(diag->last, 0);
    g_string_append_vprintf(diag->last, fmt, ap);
    g_string_append(line, diag->last->str);
    g_string_append_c(line, '\n');
    if (kind == BL_DIAG_ERROR) {
        diag->errors++;
    }
    deliver(diag, kind, line->str);
    g_string_free(line, TRUE);
    errno = saved_errno;
}

void
bl_diag_error(struct bl_diag *diag, const struct bl_loc *loc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    report(diag, loc, BL_DIAG_ERROR, fmt, ap);
    va_end(ap);
}

void
bl_diag_warning(struct bl_diag *diag, const struct bl_loc *loc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    report(diag, loc, BL_DIAG_WARNING, fmt, ap);
    va_end(ap);
}

/* Tells "breachletter: FMT\n" as kind. */
static void
say(struct bl_diag *diag, enum bl_diag_kind kind, const char *fmt, va_list ap)
{
    int saved_errno = errno;
    char *text = g_strdup_vprintf(fmt, ap);
    char *line = g_strconcat("breachletter: ", text, "\n", NULL);

    deliver(diag, kind, line);
    g_free(line);
    g_free(text);
    errno = saved_errno;
}

void
bl_diag_info(struct bl_diag *diag, const char *fmt, ...)
{
    va_list ap;

    if (level < BL_DIAG_VERBOSE) {
        return;
    }
    va_start(ap, fmt);
    say(diag, BL_DIAG_INFO, fmt, ap);
    va_end(ap);
}

void
bl_diag_note(struct bl_diag *diag, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    say(diag, BL_DIAG_NOTE, fmt, ap);
    va_end(ap);
}

void
bl_diag_tell(struct bl_diag *diag, enum bl_diag_kind kind, const char *text)
{
    if (text[0] == '\0') {
        return;
    }
    if (kind == BL_DIAG_ERROR) {
        diag->errors++;
    }
    deliver(diag, kind, text);
}

void
bl_diag_forward(void *to, enum bl_diag_kind kind, const char *text)
{
    bl_diag_tell(to, kind, text);
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

void
bl_diag_pass_kept(const struct bl_diag *kept, struct bl_diag *to)
{
    gsize start = 0;

    for (guint i = 0; i < kept->kept->len; i++) {
        const struct kept *k = &g_array_index(kept->kept, struct kept, i);
        char *text = g_strndup(kept->text->str + start, k->end - start);

        bl_diag_tell(to, k->kind, text);
        g_free(text);
        start = k->end;
    }
}

void
bl_diag_hold(struct bl_diag *diag, gboolean hold)
{
    gsize start = 0;

    diag->held = hold;
    if (hold || diag->fn == NULL) {
        return;
    }
    for (guint i = 0; i < diag->kept->len; i++) {
        const struct kept *k = &g_array_index(diag->kept, struct kept, i);
        char *text = g_strndup(diag->text->str + start, k->end - start);

        deliver(diag, k->kind, text);
        g_free(text);
        start = k->end;
    }
    g_string_truncate(diag->text, 0);
    g_array_set_size(diag->kept, 0);
}

void
bl_diag_clear(struct bl_diag *diag)
{
    g_string_truncate(diag->text, 0);
    g_array_set_size(diag->kept, 0);
    g_string_truncate(diag->last, 0);
}

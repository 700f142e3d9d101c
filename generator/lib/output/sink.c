/* SPDX-License-Identifier: MIT */
/* Sinks: the kinds by name, the order of calls every kind can count on, and what they share. */
#include "sink_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "render.h"
#include "sink_pdf.h"

/* Every kind, one line each: sink_<kind>.c defines bl_sink_<kind>_ops. */
#define KINDS(X) X(pdf) X(book) X(exceptions) X(png)

#define DECLARE(kind) extern const struct bl_sink_ops bl_sink_##kind##_ops;
KINDS(DECLARE)
#define ENTRY(kind) &bl_sink_##kind##_ops,
static const struct bl_sink_ops *const kinds[] = {KINDS(ENTRY)};

int
bl_sink_new(struct bl_sink **out, const char *kind, const struct bl_sink_config *config,
            struct bl_diag *diag)
{
    const struct bl_sink_ops *ops = NULL;
    struct bl_sink *s;
    GString *names;

    for (gsize i = 0; i < G_N_ELEMENTS(kinds) && ops == NULL; i++) {
        if (strcmp(kinds[i]->kind, kind) == 0) {
            ops = kinds[i];
        }
    }
    if (ops == NULL) {
        names = g_string_new(NULL);
        for (gsize i = 0; i < G_N_ELEMENTS(kinds); i++) {
            g_string_append_printf(names, "%s%s", i > 0 ? ", " : "", kinds[i]->kind);
        }
        bl_diag_error(diag, NULL, "unknown kind of output '%s' (there are %s)", kind, names->str);
        g_string_free(names, TRUE);
        return -1;
    }
    s = g_malloc0(MAX(ops->size, sizeof(struct bl_sink)));
    s->ops = ops;
    s->config = *config;
    s->config.name = g_strdup(config->name);
    s->diag = diag;
    s->state = BL_SINK_READY;
    *out = s;
    return 0;
}

/* Whether s is in the state a call needs. A call out of the order sink.h gives is the calling
 * program's mistake: it is told once, as an error naming the call, and the sink is broken from
 * then on (everything but abort and free fails), never the process ended. */
static gboolean
in_state(struct bl_sink *s, enum bl_sink_state state, const char *call)
{
    if (s->state == state) {
        return TRUE;
    }
    if (s->state != BL_SINK_BROKEN) {
        bl_diag_error(s->diag, NULL,
                      "%s called out of order (sink.h says the order of calls): the %s output "
                      "is abandoned",
                      call, s->ops->kind);
        s->state = s->state == BL_SINK_ENDED ? BL_SINK_ENDED : BL_SINK_BROKEN;
    }
    return FALSE;
}

const char *
bl_sink_kind(const struct bl_sink *s)
{
    return s->ops->kind;
}

int
bl_sink_open_letter(struct bl_sink *s, const struct bl_letter *letter, const char *id,
                    const char *file)
{
    if (!in_state(s, BL_SINK_READY, "bl_sink_open_letter")) {
        return -1;
    }
    g_free(s->file);
    s->file = g_strdup(file);
    s->pages = 0;
    if (s->ops->open_letter(s, letter, id, file) < 0) {
        return -1;
    }
    s->state = BL_SINK_LETTER;
    return 0;
}

cairo_t *
bl_sink_begin_page(struct bl_sink *s)
{
    if (!in_state(s, BL_SINK_LETTER, "bl_sink_begin_page")) {
        return cairo_create(NULL); /* cairo's inert context: drawing on it does nothing */
    }
    s->state = BL_SINK_PAGE;
    return s->ops->begin_page(s);
}

void
bl_sink_end_page(struct bl_sink *s)
{
    if (!in_state(s, BL_SINK_PAGE, "bl_sink_end_page")) {
        return;
    }
    s->ops->end_page(s);
    s->pages++;
    s->state = BL_SINK_LETTER;
}

int
bl_sink_close_letter(struct bl_sink *s, struct bl_sink_placed *placed)
{
    *placed = (struct bl_sink_placed){s->file, 1, s->pages, s->pages, ""};
    if (!in_state(s, BL_SINK_LETTER, "bl_sink_close_letter")) {
        return -1;
    }
    s->state = BL_SINK_READY; /* either way: the letter is placed, or gone */
    return s->ops->close_letter(s, placed);
}

int
bl_sink_write_letter(struct bl_sink *s, const struct bl_letter *letter, const char *id,
                     const char *file, const struct bl_doc *const *docs, guint n_docs,
                     struct bl_sink_placed *placed)
{
    if (bl_sink_open_letter(s, letter, id, file) < 0) {
        return -1;
    }
    for (guint i = 0; i < n_docs; i++) {
        for (int p = 0; p < bl_doc_page_count(docs[i]); p++) {
            cairo_t *cr = bl_sink_begin_page(s);

            /* one structure root for the file, whatever the docs in it */
            unsigned root =
                (i == 0 && p == 0 ? BL_RENDER_ROOT_OPEN : 0u) |
                (i + 1 == n_docs && p + 1 == bl_doc_page_count(docs[i]) ? BL_RENDER_ROOT_CLOSE
                                                                        : 0u);

            if (s->ops->shared_text) {
                bl_render_page_shared(cr, docs[i], p);
            } else {
                bl_render_page_in(cr, docs[i], p, root);
            }
            bl_sink_end_page(s);
        }
    }
    return bl_sink_close_letter(s, placed);
}

int
bl_sink_finish(struct bl_sink *s, char sha256[65])
{
    char sum[65] = "";
    int rc = 0;

    if (!in_state(s, BL_SINK_READY, "bl_sink_finish")) {
        if (sha256 != NULL) {
            sha256[0] = '\0';
        }
        return -1;
    }
    if (s->ops->finish != NULL) {
        rc = s->ops->finish(s, sum);
    }
    s->state = BL_SINK_ENDED;
    if (sha256 != NULL) {
        g_strlcpy(sha256, rc == 0 ? sum : "", 65);
    }
    return rc;
}

void
bl_sink_abort(struct bl_sink *s)
{
    if (s->state != BL_SINK_ENDED) {
        s->ops->abort(s);
        s->state = BL_SINK_ENDED;
    }
}

void
bl_sink_free(struct bl_sink *s)
{
    if (s == NULL) {
        return;
    }
    bl_sink_abort(s);
    if (s->ops->release != NULL) {
        s->ops->release(s);
    }
    g_free((char *)s->config.name);
    g_free(s->file);
    g_free(s);
}

int
bl_sink_write_once(const char *kind, const char *path, const struct bl_letter *letter,
                   const struct bl_doc *const *docs, guint n_docs, char sha256[65],
                   struct bl_diag *diag)
{
    struct bl_sink_config config = {0};
    struct bl_sink_placed placed;
    struct bl_sink *s = NULL;
    int rc = -1;

    if (bl_sink_new(&s, kind, &config, diag) == 0 &&
        bl_sink_write_letter(s, letter, NULL, path, docs, n_docs, &placed) == 0 &&
        bl_sink_finish(s, NULL) == 0) {
        if (sha256 != NULL) {
            g_strlcpy(sha256, placed.sha256, 65);
        }
        rc = 0;
    }
    bl_sink_free(s);
    return rc;
}

int
bl_sink_pdf_write(const char *path, const struct bl_doc *doc, const struct bl_letter *letter,
                  char sha256[65], struct bl_diag *diag)
{
    return bl_sink_write_once("pdf", path, letter, &doc, 1, sha256, diag);
}

int
bl_sink_get_dir(struct bl_sink *s, const char *file, const char *what, int *dir, const char **leaf,
                char **shown)
{
    struct bl_loc loc = {NULL, 0, 0};

    if (s->config.out == NULL) {
        *dir = AT_FDCWD;
        *leaf = file;
        *shown = g_strdup(file);
        return 0;
    }
    *shown = bl_outdir_shown(s->config.out, file);
    /* the folders are made by this run and never entered through a link */
    *dir = bl_outdir_dir_of(s->config.out, file, TRUE, leaf);
    if (*dir >= 0) {
        return 0;
    }
    loc.file = *shown;
    if (errno == ELOOP || errno == ENOTDIR) {
        bl_diag_error(s->diag, &loc,
                      "cannot create the %s: a directory on its way is a link or a file, not a "
                      "directory this run made",
                      what);
    } else if (errno == EPERM) {
        bl_diag_error(s->diag, &loc,
                      "cannot create the %s: a directory on its way belongs to another user or "
                      "others may write in it, who could replace the %s; remove it, after "
                      "finding out who made it",
                      what, what);
    } else {
        bl_diag_error(s->diag, &loc, "cannot create the %s's directory: %s", what,
                      g_strerror(errno));
    }
    g_free(*shown);
    *shown = NULL;
    return -1;
}

void
bl_sink_put_dir(struct bl_sink *s, int dir)
{
    if (s->config.out != NULL) {
        bl_outdir_close_dir(s->config.out, dir);
    }
}

/* SPDX-License-Identifier: MIT */
/* Render --only: one recipient's letter, made in this process. Into an empty folder it is a PDF
 * of its own beside a manifest of its rows. Into a folder that holds a finished run of the same
 * inputs, or the letters of earlier --only runs of them, it takes its place in that run: the
 * letter where the run puts it, its rows of the manifest and errors file replaced (or added in
 * list order), the run's record renewed. A folder with an unfinished run, a shard's output, or
 * a manifest of other inputs is refused: one manifest accounts for every letter in a folder. */
#include "run_only.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csv.h"
#include "render_letters_impl.h"
#include "text.h"

/* A run in the folder that --only must not write beside: an unfinished run's state (or a
 * state being removed) or a shard's manifest. Returns its name (free with g_free), or NULL. */
static char *
other_run(const struct bl_render *s)
{
    int copy = openat(bl_outdir_fd(s->out), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = copy >= 0 ? fdopendir(copy) : NULL;
    struct dirent *e;
    char *found = NULL;

    if (d == NULL) {
        if (copy >= 0) {
            close(copy);
        }
        return NULL;
    }
    while (found == NULL && (e = readdir(d)) != NULL) {
        if (g_str_has_prefix(e->d_name, ".run-state") ||
            (g_str_has_prefix(e->d_name, "manifest-") && g_str_has_suffix(e->d_name, ".csv"))) {
            found = g_strdup(e->d_name);
        }
    }
    closedir(d);
    return found;
}

static void
refuse(struct bl_render *s, const char *why)
{
    struct bl_loc loc = {bl_outdir_path(s->out), 0, 0};

    bl_diag_error(s->ses.diag, &loc, "--only cannot add this letter here: %s", why);
}

/* Reads the record beside the folder's manifest; -1 when there is none or it cannot be read. */
static int
read_record(struct bl_render *s, struct bl_run_record *r)
{
    FILE *fp = bl_outdir_read(s->out, s->record);
    char *shown = bl_outdir_shown(s->out, s->record);
    GString *text = g_string_new(NULL);
    char buf[4096];
    size_t n;
    int rc = -1;

    if (fp != NULL) {
        while ((n = fread(buf, 1, sizeof(buf), fp)) > 0 && text->len < 1024 * 1024) {
            g_string_append_len(text, buf, (gssize)n);
        }
        if (!ferror(fp)) {
            rc = bl_run_record_parse(r, text->str, text->len, shown, s->ses.quiet);
        }
        fclose(fp);
    }
    g_string_free(text, TRUE);
    g_free(shown);
    return rc;
}

/* Whether the folder's manifest and errors file are still the ones the run recorded. */
static gboolean
as_recorded(struct bl_render *s, const struct bl_run_record *r)
{
    struct bl_fingerprint m, e;
    int dir = bl_outdir_fd(s->out);

    return r->errors_sha256 != NULL && bl_fingerprint_take_at(&m, dir, s->manifest) == 0 &&
           bl_fingerprint_take_at(&e, dir, s->errors) == 0 &&
           strcmp(m.sha256, r->manifest_sha256) == 0 && strcmp(e.sha256, r->errors_sha256) == 0;
}

/* Decides whether the letter may go into this folder, and where: sets *earlier when the folder
 * holds a run whose manifest is to be updated, and s->dir_levels to its letter folders.
 * Returns 0, or -1 reported. */
static int
admit(struct bl_render *s, gboolean *earlier, gboolean *partial)
{
    struct bl_run_record old = {0}, now = {0};
    struct stat st;
    char *other = other_run(s);
    int rc = -1;

    *earlier = FALSE;
    *partial = TRUE;
    s->dir_levels = 0;
    if (other != NULL) {
        char *why = g_strdup_printf(
            "the directory holds '%s', an unfinished run or a shard's output; finish that run "
            "(the same command with --resume) or render this letter into another directory",
            other);

        refuse(s, why);
        g_free(why);
        g_free(other);
        return -1;
    }
    if (fstatat(bl_outdir_fd(s->out), s->manifest, &st, AT_SYMLINK_NOFOLLOW) < 0) {
        return errno == ENOENT ? 0 : (refuse(s, g_strerror(errno)), -1);
    }
    if (read_record(s, &old) < 0) {
        refuse(s, "its manifest.csv has no readable run record beside it (manifest.run.json), "
                  "so it cannot be told whether the letter belongs to that run; render it into "
                  "another directory");
        return -1;
    }
    bl_render_record(s, old.letter_dirs, TRUE, &now);
    if (old.book > 0) {
        refuse(s, "the run's letters are in print books, and one letter cannot be replaced "
                  "inside a book; render it into another directory");
    } else if (strcmp(old.run, now.run) != 0) {
        refuse(s, "the run in this directory was made from another incident, list, templates, "
                  "fonts or options (--allow-draft); render the letter into another directory, or "
                  "the whole list again");
    } else if (!as_recorded(s, &old)) {
        refuse(s, "manifest.csv or errors.csv is not as the run left it (changed since, or the "
                  "run was interrupted while writing them); render the whole list again");
    } else {
        *earlier = TRUE;
        *partial = old.partial;
        s->dir_levels = old.letter_dirs;
        rc = 0;
    }
    bl_run_record_release(&old);
    bl_run_record_release(&now);
    return rc;
}

/* The line a manifest row or an errors row ("list.csv:12") is about, or 0. */
static int
row_line(const struct bl_csv_row *row, gboolean errors)
{
    const char *cell;

    if (row->nkept == 0) {
        return 0;
    }
    cell = row->cells[0]->str;
    if (errors) {
        cell = strrchr(cell, ':');
        cell = cell != NULL ? cell + 1 : "";
    }
    return (int)strtol(cell, NULL, 10);
}

/* The next data row of r (the header skipped by the caller), or NULL at the end. */
static const struct bl_csv_row *
next_row(struct bl_csv_reader *r)
{
    const struct bl_csv_row *row;

    return r != NULL && bl_csv_reader_next(r, &row) > 0 ? row : NULL;
}

/* Adds the held rows before line (all with line 0) to m; *at is the next held row. */
static int
add_held_before(struct bl_manifest *m, const struct bl_render_chunk *ch, guint *at, int line)
{
    while (*at < ch->held->len) {
        const struct bl_manifest_row *row = &g_array_index(ch->held, struct bl_manifest_row, *at);

        if (line > 0 && row->line >= line) {
            break;
        }
        if (bl_manifest_add(m, row) < 0) {
            return -1;
        }
        (*at)++;
    }
    return 0;
}

/* Writes the manifest: the earlier run's rows as they were, except those of the held rows'
 * lines, which the held rows replace; held rows of other lines go in list order. Returns 0, or
 * -1 reported. */
static int
write_manifest(struct bl_render *s, const struct bl_render_chunk *ch, gboolean earlier,
               GPtrArray *replaced)
{
    FILE *old = earlier ? bl_outdir_read(s->out, s->manifest) : NULL;
    FILE *old_errors = earlier ? bl_outdir_read(s->out, s->errors) : NULL;
    struct bl_csv_reader *rows = old != NULL ? bl_csv_reader_new(old, TRUE) : NULL;
    struct bl_csv_reader *errs = old_errors != NULL ? bl_csv_reader_new(old_errors, TRUE) : NULL;
    const struct bl_csv_row *row, *err;
    struct bl_manifest *m = NULL;
    GString *raw = g_string_new(NULL);
    gboolean old_width;
    guint at = 0;
    int rc = -1;

    if (earlier && (rows == NULL || errs == NULL)) {
        struct bl_loc loc = {s->manifest_shown, 0, 0};

        bl_diag_error(s->ses.diag, &loc, "cannot read the run's manifest: %s", g_strerror(errno));
        goto out;
    }
    if (bl_manifest_open(&m, bl_outdir_fd(s->out), bl_outdir_path(s->out), s->manifest, s->errors,
                         s->opts->recipients, TRUE, s->ses.diag) < 0) {
        goto out;
    }
    row = next_row(rows); /* the headers */
    /* a manifest written before the approval column: its rows get an empty one */
    old_width = row != NULL && row->nfields == BL_MANIFEST_COLUMNS_OLD;
    next_row(errs);
    err = next_row(errs);
    while ((row = next_row(rows)) != NULL) {
        int line = row_line(row, FALSE);
        const struct bl_manifest_row *held =
            at < ch->held->len ? &g_array_index(ch->held, struct bl_manifest_row, at) : NULL;
        /* the errors row of this manifest row: the same line and id (records of an XML list
         * may share a line) */
        gboolean errors_row = err != NULL && row_line(err, TRUE) == line && err->nkept > 1 &&
                              row->nkept > 1 && strcmp(err->cells[1]->str, row->cells[1]->str) == 0;

        if (add_held_before(m, ch, &at, line) < 0) {
            goto out;
        }
        held = at < ch->held->len ? &g_array_index(ch->held, struct bl_manifest_row, at) : NULL;
        if (held != NULL && held->line == line && row->nkept > 1 &&
            bl_manifest_same_id(row->cells[1]->str, held->id)) {
            /* replaced: the file the old row named goes unless the new row names it too */
            if (row->nkept > 3 && row->cells[3]->len > 0 &&
                (held->file == NULL || strcmp(held->file, row->cells[3]->str) != 0)) {
                g_ptr_array_add(replaced, g_strdup(row->cells[3]->str));
            }
            /* in its place: records of an XML list may share a line, in list order */
            if (bl_manifest_add(m, held) < 0) {
                goto out;
            }
            at++;
        } else {
            g_string_assign(raw, row->raw->str);
            if (old_width && row->nfields == BL_MANIFEST_COLUMNS_OLD) {
                g_string_append_c(raw, ',');
            }
            if (bl_manifest_add_raw(m, raw->str, errors_row ? err->raw->str : NULL) < 0) {
                goto out;
            }
        }
        if (errors_row) {
            err = next_row(errs);
        }
    }
    if (add_held_before(m, ch, &at, 0) < 0) {
        goto out;
    }
    rc = bl_manifest_close(m);
    m = NULL;
out:
    g_string_free(raw, TRUE);
    bl_manifest_abort(m);
    bl_csv_reader_free(rows);
    bl_csv_reader_free(errs);
    if (old != NULL) {
        fclose(old);
    }
    if (old_errors != NULL) {
        fclose(old_errors);
    }
    return rc;
}

/* Renders the rows of the recipient (every row with that id: a repeated id is told as such)
 * into ch->held. Returns an enum bl_exit. */
static int
render_rows(struct bl_render *s, struct bl_render_chunk *ch)
{
    const struct bl_record *rec;
    gint64 index = -1;
    int more, rc = BL_EXIT_OK;

    while ((more = bl_source_next(s->src, &rec)) > 0) {
        index++; /* the barcode's serial is the one the whole run gives the row */
        if (strcmp(rec->row_id, s->opts->only) == 0 && bl_render_row(s, ch, rec, index) < 0) {
            rc = BL_EXIT_IO;
            break;
        }
        if (strcmp(rec->row_id, s->opts->only) == 0) {
            bl_diag_pass_kept(s->rows_diag, s->ses.diag);
        }
        bl_diag_clear(s->rows_diag); /* the other rows' problems are not this run's */
    }
    if (rc == BL_EXIT_OK && more < 0) {
        bl_diag_pass_kept(s->rows_diag, s->ses.diag);
        rc = BL_EXIT_IO;
    }
    if (rc == BL_EXIT_OK && (bl_source_sha256(s->src) == NULL ||
                             strcmp(bl_source_sha256(s->src), s->list_fp.sha256) != 0 ||
                             !bl_render_list_unchanged(s, bl_source_fd(s->src)))) {
        struct bl_loc loc = {s->opts->recipients, 0, 0};

        bl_diag_error(s->ses.diag, &loc,
                      "the recipient list changed while it was being read: run again once "
                      "nothing writes to it");
        rc = BL_EXIT_BAD_INPUT;
    }
    if (rc == BL_EXIT_OK && ch->counts.rows == 0) {
        struct bl_loc loc = {s->opts->recipients, 0, 0};

        char *id = bl_text_redact(s->opts->only);

        bl_diag_error(s->ses.diag, &loc, "recipient '%s' is not in the list", id);
        g_free(id);
        rc = BL_EXIT_ROWS_REJECTED;
    }
    return rc;
}

int
bl_render_only(struct bl_render *s)
{
    struct bl_render_chunk ch = {.index = -1};
    GPtrArray *replaced = g_ptr_array_new_with_free_func(g_free);
    struct bl_run_record r = {0};
    gboolean earlier, partial;
    int rc;

    if (admit(s, &earlier, &partial) < 0) {
        g_ptr_array_unref(replaced);
        return BL_EXIT_BAD_INPUT;
    }
    bl_render_hold(&ch);
    rc = render_rows(s, &ch);
    if (rc == BL_EXIT_OK && write_manifest(s, &ch, earlier, replaced) < 0) {
        rc = BL_EXIT_IO;
    }
    if (rc == BL_EXIT_OK) {
        bl_render_record(s, s->dir_levels, partial, &r);
        rc = bl_render_write_record(s, &r) < 0 ? BL_EXIT_IO : BL_EXIT_OK;
        bl_run_record_release(&r);
    }
    for (guint i = 0; rc == BL_EXIT_OK && i < replaced->len; i++) {
        /* only a letter's name within the folder, a regular file of this user, never a link */
        const char *file = g_ptr_array_index(replaced, i);

        if (g_str_has_suffix(file, ".pdf")) {
            bl_outdir_remove(s->out, file);
        }
    }
    if (rc == BL_EXIT_OK) {
        bl_render_summarize(s, &ch.counts);
        rc = bl_render_exit_status(&ch.counts);
    }
    bl_render_chunk_clear(&ch);
    g_ptr_array_unref(replaced);
    return rc;
}

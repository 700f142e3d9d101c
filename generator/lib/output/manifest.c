/* SPDX-License-Identifier: MIT */
/* Manifest: the CSV journal of a run, one row per recipient, and its errors file. */
#include "manifest.h"

#include "csv.h"
#include "tempfile.h"
#include "text.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* One CSV file being written under a temporary name. */
struct journal {
    FILE *fp;
    int dir;    /* the folder it is written in (not owned), or AT_FDCWD */
    char *name; /* in dir */
    char *path; /* in messages */
    char *tmp;
    gboolean durable; /* left under its temporary name when not completed */
};

struct bl_manifest {
    struct journal rows;
    struct journal errors;
    struct journal pending; /* a durable chunk's letters about to be written, or closed */
    char *list;
    struct bl_diag *diag;
    GString *row;
};

static int
journal_open(struct journal *j, int dir, const char *shown_dir, const char *name,
             struct bl_diag *diag)
{
    int fd;

    j->dir = dir;
    j->name = g_strdup(name);
    j->path = shown_dir != NULL ? g_build_filename(shown_dir, name, NULL) : g_strdup(name);
    fd = bl_temp_create_at(dir, name, &j->tmp);
    if (fd < 0 || (j->fp = fdopen(fd, "w")) == NULL) {
        struct bl_loc loc = {j->path, 0, 0};

        bl_diag_error(diag, &loc, "cannot create the file: %s", g_strerror(errno));
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    return 0;
}

const char *
bl_outcome_name(enum bl_outcome outcome)
{
    static const char *const names[] = {"ok", "draft", "refused", "error", "exception"};

    return names[outcome];
}

gboolean
bl_outcome_is_letter(enum bl_outcome outcome)
{
    return outcome == BL_OUTCOME_LETTER || outcome == BL_OUTCOME_DRAFT ||
           outcome == BL_OUTCOME_EXCEPTION;
}

void
bl_manifest_count(struct bl_manifest_counts *c, enum bl_outcome outcome)
{
    c->rows++;
    c->letters += bl_outcome_is_letter(outcome);
    c->drafts += outcome == BL_OUTCOME_DRAFT;
    c->refused += outcome == BL_OUTCOME_REFUSED;
    c->errors += outcome == BL_OUTCOME_ERROR;
}

const char *const bl_manifest_columns[BL_MANIFEST_COLUMNS + 1] = {
    "line",         "id",      "status",   "file",        "book",  "first_page", "pages", "sha256",
    "jurisdiction", "variant", "language", "large_print", "error", "approval",   NULL};

/* Index of the file column in every manifest row. */
#define FILE_COLUMN 3

static int
journal_write(struct journal *j, const char *text, gsize len, struct bl_diag *diag)
{
    struct bl_loc loc = {j->path, 0, 0};

    if (fwrite(text, 1, len, j->fp) != len || fflush(j->fp) != 0) {
        bl_diag_error(diag, &loc, "cannot write the file: %s", g_strerror(errno));
        return -1;
    }
    return 0;
}

/* Closes the file; with keep, moves it into place, else removes it. */
static int
journal_end(struct journal *j, gboolean keep, struct bl_diag *diag)
{
    struct bl_loc loc = {j->path, 0, 0};
    int err = 0;

    if (j->name == NULL) {
        return 0; /* never opened */
    }
    /* on the disk before the name says it is complete: a power cut leaves the old state */
    if (j->fp != NULL && keep && (fflush(j->fp) != 0 || fsync(fileno(j->fp)) != 0)) {
        err = errno;
    }
    if (j->fp != NULL && fclose(j->fp) != 0 && err == 0) {
        err = errno;
    }
    if (j->durable && !keep) {
        g_free(j->tmp); /* stays, for a later run to read */
    } else if (bl_temp_finish_at(j->dir, j->tmp, j->name, keep && err == 0) < 0 && err == 0) {
        err = errno;
    }
    if (keep && err != 0) {
        bl_diag_error(diag, &loc, "cannot complete the file: %s", g_strerror(err));
    }
    g_free(j->path);
    g_free(j->name);
    *j = (struct journal){0};
    return keep && err != 0 ? -1 : 0;
}

static void
header(GString *row, const char *const *names)
{
    g_string_truncate(row, 0);
    for (gsize i = 0; names[i] != NULL; i++) {
        bl_csv_append(row, names[i], i == 0);
    }
    g_string_append(row, "\r\n");
}

int
bl_manifest_open(struct bl_manifest **out, int dir, const char *shown_dir, const char *name,
                 const char *errors_name, const char *list, gboolean with_header,
                 struct bl_diag *diag)
{
    static const char *const errors[] = {"where", "id", "status", "error", NULL};
    struct bl_manifest *m = g_new0(struct bl_manifest, 1);

    m->list = g_strdup(bl_diag_file_name(list));
    m->diag = diag;
    m->row = g_string_new(NULL);
    if (journal_open(&m->rows, dir, shown_dir, name, diag) < 0 ||
        journal_open(&m->errors, dir, shown_dir, errors_name, diag) < 0) {
        bl_manifest_abort(m);
        return -1;
    }
    if (with_header) {
        header(m->row, bl_manifest_columns);
        if (journal_write(&m->rows, m->row->str, m->row->len, diag) < 0) {
            bl_manifest_abort(m);
            return -1;
        }
        header(m->row, errors);
        if (journal_write(&m->errors, m->row->str, m->row->len, diag) < 0) {
            bl_manifest_abort(m);
            return -1;
        }
    }
    *out = m;
    return 0;
}

/* A number, or an empty field for 0. */
static void
append_count(GString *row, int n)
{
    g_string_append_c(row, ',');
    if (n > 0) {
        g_string_append_printf(row, "%d", n);
    }
}

/* Sets m->row to the manifest's row for row, its id as written (redacted: free it). */
static char *
format_row(struct bl_manifest *m, const struct bl_manifest_row *row)
{
    GString *r = m->row;
    /* an id shaped like a Social Security, card or account number is withheld: the row's line
     * joins it to the list */
    char *id = row->id != NULL ? bl_text_redact(row->id) : NULL;

    g_string_truncate(r, 0);
    g_string_append_printf(r, "%d", row->line);
    bl_csv_append(r, id, FALSE);
    bl_csv_append(r, bl_outcome_name(row->outcome), FALSE);
    bl_csv_append(r, row->file, FALSE);
    append_count(r, row->book);
    append_count(r, row->first_page);
    append_count(r, row->pages);
    bl_csv_append(r, row->sha256, FALSE);
    bl_csv_append(r, row->jurisdiction, FALSE);
    bl_csv_append(r, row->variant, FALSE);
    bl_csv_append(r, row->language, FALSE);
    bl_csv_append(r, row->large_print ? "yes" : "", FALSE);
    bl_csv_append(r, row->error, FALSE);
    bl_csv_append(r, row->approval, FALSE);
    g_string_append(r, "\r\n");
    return id;
}

int
bl_manifest_add(struct bl_manifest *m, const struct bl_manifest_row *row)
{
    GString *r = m->row;
    char *where, *id = format_row(m, row);

    if (journal_write(&m->rows, r->str, r->len, m->diag) < 0) {
        g_free(id);
        return -1;
    }
    if (bl_outcome_is_letter(row->outcome)) {
        g_free(id);
        return 0;
    }
    where = g_strdup_printf("%s:%d", m->list, row->line);
    g_string_truncate(r, 0);
    bl_csv_append(r, where, TRUE);
    g_free(where);
    bl_csv_append(r, id, FALSE);
    g_free(id);
    bl_csv_append(r, bl_outcome_name(row->outcome), FALSE);
    bl_csv_append(r, row->error, FALSE);
    g_string_append(r, "\r\n");
    return journal_write(&m->errors, r->str, r->len, m->diag);
}

int
bl_manifest_pending(struct bl_manifest *m, const struct bl_manifest_row *row)
{
    char *id;
    int rc;

    if (m == NULL || m->pending.fp == NULL) {
        return 0;
    }
    id = format_row(m, row);
    g_free(id);
    rc = journal_write(&m->pending, m->row->str, m->row->len, m->diag);
    return rc;
}

void
bl_manifest_make_durable(struct bl_manifest *m)
{
    struct journal *journals[] = {&m->rows, &m->errors};
    const char *name = m->rows.name;
    gsize stem = g_str_has_suffix(name, ".csv") ? strlen(name) - 4 : strlen(name);
    char *pending = g_strdup_printf("%.*s.pending.csv", (int)stem, name);
    char *shown_dir = g_path_get_dirname(m->rows.path);

    for (gsize i = 0; i < G_N_ELEMENTS(journals); i++) {
        bl_temp_untrack_at(journals[i]->dir, journals[i]->tmp);
        journals[i]->durable = TRUE;
    }
    /* the letters about to be written, each noted before its file takes its name: a run killed
     * between the two leaves no letter that no journal names (a later run removes it) */
    if (journal_open(&m->pending, m->rows.dir, shown_dir, pending, m->diag) == 0) {
        bl_temp_untrack_at(m->pending.dir, m->pending.tmp);
        m->pending.durable = TRUE;
    }
    g_free(shown_dir);
    g_free(pending);
}

int
bl_manifest_add_raw(struct bl_manifest *m, const char *row, const char *errors_row)
{
    int rc = 0;

    g_string_printf(m->row, "%s\r\n", row);
    rc = journal_write(&m->rows, m->row->str, m->row->len, m->diag);
    if (rc == 0 && errors_row != NULL) {
        g_string_printf(m->row, "%s\r\n", errors_row);
        rc = journal_write(&m->errors, m->row->str, m->row->len, m->diag);
    }
    return rc;
}

static int
append_file(struct journal *to, int dir, const char *name, struct bl_diag *diag)
{
    struct bl_loc loc = {name, 0, 0};
    int fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    char buf[64 * 1024];
    ssize_t n = 0;

    while (fd >= 0 && (n = read(fd, buf, sizeof(buf))) != 0) {
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 || journal_write(to, buf, (gsize)n, diag) < 0) {
            break;
        }
    }
    if (fd < 0 || n != 0) {
        if (fd < 0 || n < 0) {
            bl_diag_error(diag, &loc, "cannot read the chunk's journal: %s", g_strerror(errno));
        }
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    close(fd);
    return 0;
}

int
bl_manifest_append_journal(struct bl_manifest *m, int dir, const char *name,
                           const char *errors_name)
{
    if (append_file(&m->rows, dir, name, m->diag) < 0 ||
        append_file(&m->errors, dir, errors_name, m->diag) < 0) {
        return -1;
    }
    return 0;
}

static void
manifest_free(struct bl_manifest *m)
{
    g_free(m->list);
    g_string_free(m->row, TRUE);
    g_free(m);
}

int
bl_manifest_close(struct bl_manifest *m)
{
    int rc = journal_end(&m->errors, TRUE, m->diag);

    rc = journal_end(&m->rows, rc == 0, m->diag) < 0 ? -1 : rc;
    /* the rows name the letters now: the note of those about to be written goes */
    m->pending.durable = rc < 0 && m->pending.durable;
    journal_end(&m->pending, FALSE, m->diag);
    manifest_free(m);
    return rc;
}

void
bl_manifest_abort(struct bl_manifest *m)
{
    if (m == NULL) {
        return;
    }
    journal_end(&m->errors, FALSE, m->diag);
    journal_end(&m->rows, FALSE, m->diag);
    journal_end(&m->pending, FALSE, m->diag);
    manifest_free(m);
}

gboolean
bl_manifest_same_id(const char *field, const char *id)
{
    char *written = bl_text_redact(id); /* an id shaped like an SSN is withheld there */
    gboolean same;

    if (written[0] != '\0' && strchr("=+-@", written[0]) != NULL) {
        same = field[0] == '\'' && strcmp(field + 1, written) == 0;
    } else {
        same = strcmp(field, written) == 0;
    }
    g_free(written);
    return same;
}

void
bl_manifest_summary_add(struct bl_manifest_summary *s, const char *status, gboolean large_print,
                        const char *approval)
{
    enum bl_outcome outcome = BL_OUTCOME_ERROR;

    for (int o = BL_OUTCOME_LETTER; o <= BL_OUTCOME_EXCEPTION; o++) {
        if (strcmp(status, bl_outcome_name((enum bl_outcome)o)) == 0) {
            outcome = (enum bl_outcome)o;
        }
    }
    bl_manifest_count(&s->counts, outcome);
    if (!bl_outcome_is_letter(outcome)) {
        return;
    }
    s->exceptions += outcome == BL_OUTCOME_EXCEPTION;
    s->large_print += large_print;
    if (approval != NULL && approval[0] != '\0') {
        bl_manifest_summary_add_approved(s, approval, 1);
    }
}

/* Approval ids in order: shorter first (A2 before A10), then by their bytes. */
static int
id_order(const char *a, const char *b)
{
    gsize la = strlen(a), lb = strlen(b);

    return la != lb ? (la < lb ? -1 : 1) : strcmp(a, b);
}

void
bl_manifest_summary_add_approved(struct bl_manifest_summary *s, const char *id, gint64 letters)
{
    gint64 *n;

    if (s->approvals == NULL) {
        s->approvals = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
        s->approval_ids = g_ptr_array_new();
    }
    n = g_hash_table_lookup(s->approvals, id);
    if (n == NULL) {
        char *key = g_strdup(id);

        guint at = s->approval_ids->len;

        n = g_new0(gint64, 1);
        g_hash_table_insert(s->approvals, key, n);
        /* in the order of the ids, A2 before A10 (the table owns the key) */
        while (at > 0 && id_order(g_ptr_array_index(s->approval_ids, at - 1), key) > 0) {
            at--;
        }
        g_ptr_array_insert(s->approval_ids, (gint)at, key);
    }
    *n += letters;
}

gint64
bl_manifest_summary_approved(const struct bl_manifest_summary *s, const char *id)
{
    const gint64 *n = s->approvals != NULL ? g_hash_table_lookup(s->approvals, id) : NULL;

    return n != NULL ? *n : 0;
}

void
bl_manifest_summary_release(struct bl_manifest_summary *s)
{
    if (s->approval_ids != NULL) {
        g_ptr_array_unref(s->approval_ids);
    }
    if (s->approvals != NULL) {
        g_hash_table_destroy(s->approvals);
    }
    *s = (struct bl_manifest_summary){0};
}

/* The index of the column named name in a header row, or -1. */
static int
column_of(const struct bl_csv_row *head, const char *name)
{
    for (guint i = 0; i < head->nkept; i++) {
        if (strcmp(head->cells[i]->str, name) == 0) {
            return (int)i;
        }
    }
    return -1;
}

/* Field i of row, or "" when it has none. */
static const char *
cell(const struct bl_csv_row *row, int i)
{
    return i >= 0 && (guint)i < row->nkept ? row->cells[i]->str : "";
}

int
bl_manifest_summarize(struct bl_manifest_summary *out, FILE *fp)
{
    struct bl_csv_reader *r = bl_csv_reader_new(fp, FALSE);
    const struct bl_csv_row *row;
    int status = -1, large = -1, approval = -1, more = -1, rc = -1;

    *out = (struct bl_manifest_summary){0};
    if (bl_csv_reader_next(r, &row) > 0) {
        status = column_of(row, "status");
        large = column_of(row, "large_print");
        approval = column_of(row, "approval"); /* none in a manifest written before it */
    }
    while (status >= 0 && (more = bl_csv_reader_next(r, &row)) > 0) {
        if (row->nfields == 1 && row->cells[0]->len == 0) {
            continue; /* a blank line */
        }
        bl_manifest_summary_add(out, cell(row, status), strcmp(cell(row, large), "yes") == 0,
                                cell(row, approval));
    }
    if (status >= 0 && more == 0) {
        rc = 0;
    }
    bl_csv_reader_free(r);
    return rc;
}

void
bl_manifest_files(FILE *fp, gboolean header, GPtrArray *files)
{
    struct bl_csv_reader *r = bl_csv_reader_new(fp, FALSE);
    const struct bl_csv_row *row;

    while (bl_csv_reader_next(r, &row) > 0) {
        if (header) {
            header = FALSE;
            continue;
        }
        if (row->nkept > FILE_COLUMN && row->cells[FILE_COLUMN]->len > 0) {
            g_ptr_array_add(files, g_strdup(row->cells[FILE_COLUMN]->str));
        }
    }
    bl_csv_reader_free(r);
}

/* SPDX-License-Identifier: MIT */
/* CSV reader: the one RFC 4180 tokenizer, streaming rows of recipient lists (source_csv.c) and
 * shard manifests (merge.c). It counts physical lines, bounds what a row holds, and reports a
 * row's problems as data, so that each caller words its own messages. */
#ifndef BL_CSV_H
#define BL_CSV_H

#include <glib.h>
#include <stdio.h>

/* A row holds at most this many bytes (its kept fields and their separators, and its raw bytes
 * when kept); the rest is dropped and the row marked too_long, so that an unclosed quote cannot
 * pull the rest of a large file into memory. */
#define BL_CSV_MAX_ROW_BYTES (1024 * 1024)
/* Fields kept in a row at most: a header of commas must not make a million cells. */
#define BL_CSV_MAX_FIELDS 4096

enum bl_csv_problem {
    BL_CSV_OK,          /* none */
    BL_CSV_AFTER_QUOTE, /* text after a closing quote: "abc"def */
    BL_CSV_UNCLOSED,    /* the file ends inside a quoted field */
};

/* A row, as lent by bl_csv_reader_next(): valid until the next call. */
struct bl_csv_row {
    int line;                    /* where the row starts (1-based) */
    const GString *const *cells; /* the first nkept fields, unquoted; may hold any byte */
    guint nkept;                 /* at most the width, fewer past the byte bound */
    guint nfields;               /* the row's fields, counting those not kept */
    gboolean text;               /* a field has a byte other than white space */
    gboolean too_long; /* the row passed BL_CSV_MAX_ROW_BYTES or BL_CSV_MAX_FIELDS: dropped */
    gboolean too_many_fields;    /* it was BL_CSV_MAX_FIELDS (too_long is set too) */
    enum bl_csv_problem problem; /* the first, except that BL_CSV_UNCLOSED wins */
    guint problem_field;         /* index of the field with the problem */
    int problem_line;            /* line of the problem's byte (the row's line for UNCLOSED) */
    const GString *raw;          /* the row's bytes, without its line end; NULL unless kept */
};

/* Reads rows from a FILE. CRLF, LF and a lone CR all end a line; inside quotes they are the
 * field's "\n". White space before an opening quote or after a closing one is dropped; a quote
 * inside an unquoted field is text. A UTF-8 byte order mark at the start is skipped. */
struct bl_csv_reader;

/* Starts reading fp (borrowed; the caller closes it) and reads its first block. With keep_raw,
 * each row also carries its bytes as in the file (line ends inside quotes byte for byte). Free
 * with bl_csv_reader_free(). */
struct bl_csv_reader *bl_csv_reader_new(FILE *fp, gboolean keep_raw);

void bl_csv_reader_free(struct bl_csv_reader *r);

/* TRUE when the file starts with a UTF-16 byte order mark: the reader does not decode UTF-16. */
gboolean bl_csv_reader_utf16(const struct bl_csv_reader *r);

/* From the next row on, keeps at most width fields of a row (nfields still counts them all);
 * 0, the default, keeps every field. */
void bl_csv_reader_set_width(struct bl_csv_reader *r, guint width);

/* Reads the next row, which may span lines; blank rows are rows too (one empty field). Returns
 * 1 and lends *out, 0 at the end of the file, or -1 when the file cannot be read (see
 * bl_csv_reader_errno()). */
int bl_csv_reader_next(struct bl_csv_reader *r, const struct bl_csv_row **out);

/* The line of the next byte: where a read failed. */
int bl_csv_reader_line(const struct bl_csv_reader *r);

/* The errno of a failed read, 0 when none. */
int bl_csv_reader_errno(const struct bl_csv_reader *r);

#endif

/* SPDX-License-Identifier: MIT */
/* Recipient source, private side: what the format backends (source_csv.c, source_xml.c) and
 * source.c share. A backend turns bytes into raw rows; source.c checks every row the same way.
 * Only source*.c include this header. */
#ifndef BL_SOURCE_IMPL_H
#define BL_SOURCE_IMPL_H

#include <stdio.h>

#include "fingerprint.h"
#include "source.h"

/* The recipient fields, in the order rows are checked (so the first error is deterministic). */
enum bl_field {
    BL_FIELD_ID,
    BL_FIELD_TITLE,
    BL_FIELD_FIRST_NAME,
    BL_FIELD_MIDDLE_NAME,
    BL_FIELD_LAST_NAME,
    BL_FIELD_SUFFIX,
    BL_FIELD_ADDRESSEE,
    BL_FIELD_ADDRESS1,
    BL_FIELD_ADDRESS2,
    BL_FIELD_CITY,
    BL_FIELD_STATE,
    BL_FIELD_POSTAL_CODE,
    BL_FIELD_COUNTRY,
    BL_FIELD_JURISDICTION,
    BL_FIELD_CATEGORIES,
    BL_FIELD_ENROLMENT_CODE,
    BL_FIELD_LANGUAGE,
    BL_FIELD_VARIANT,
    BL_FIELD_ENTITY,
    BL_FIELD_DELIVERY_POINT,
    BL_FIELD_LARGE_PRINT,
    BL_FIELD_COUNT
};

/* A list format. Both functions report their own problems to src->diag. */
struct bl_source_backend {
    /* Reads the start of src->fp (CSV header, XML root), sets src->impl and src->label[].
     * Returns 0 or -1. */
    int (*open)(struct bl_source *src);
    /* Reads the next row: calls bl_source_row_begin(), sets src->row.raw[] and reports
     * problems of form with bl_source_row_error(). Returns 1, 0 at the end, or -1 when the
     * file cannot be read further. */
    int (*read)(struct bl_source *src);
    void (*close)(void *impl);
};

extern const struct bl_source_backend bl_source_csv_backend;
extern const struct bl_source_backend bl_source_xml_backend;

/* One row as the backend read it: untrimmed bytes, possibly not UTF-8, possibly with NULs. */
struct bl_source_row {
    int line;                           /* where the record starts */
    const GString *raw[BL_FIELD_COUNT]; /* borrowed from the backend until its next read;
                                         * NULL when the list has no such column or element */
    const GString **custom;             /* one per custom field of the incident, in its
                                         * order: borrowed like raw[], NULL when absent */
    GPtrArray *categories;              /* GString *, reused; the first ncategories are the
                                         * row's category ids, added one by one (XML) or split
                                         * from the 'categories' text by source.c (CSV) */
    guint ncategories;
    GString *error; /* the first problem of form, "" when none */
};

struct bl_source {
    char *path;
    FILE *fp;
    struct bl_hashed *hashed; /* what fp has read, hashed */
    const struct bl_incident *incident;
    struct bl_diag *diag;
    const struct bl_source_backend *backend;
    void *impl;
    /* How messages name each field, as the file spells it: "column 'ZIP'",
     * "element 'first-name'". Set by the backend's open. */
    char *label[BL_FIELD_COUNT];
    char **custom_label; /* the same for each custom field of the incident */
    guint ncustom;       /* how many custom fields the incident declares */
    struct bl_source_row row;

    /* The lent record and its storage, reused row after row. */
    struct bl_record record;
    GString *value[BL_FIELD_COUNT]; /* trimmed, with defaults applied */
    GString **custom_value;         /* one per custom field, trimmed */
    char **custom_text;             /* their strings, NULL-terminated: the recipient's custom */
    GString *row_id;
    GString *error;
    GString *scratch;
    gboolean *category_seen; /* one per incident category */
    GHashTable *ids;    /* the id in composed form (NFC) -> GINT_TO_POINTER(line of first use) */
    GHashTable *folded; /* the id's caseless key (bl_text_id_key) -> line of first use */
    GHashTable *known_duplicates; /* or, for a list read before: line -> line of the first
                                   * (a duplicate), or minus it (a case twin) */
    GStringChunk *id_store;       /* the keys of ids and folded */
    GString *id_key;              /* a key of the row's id */
    gboolean finished;            /* the backend returned 0 or -1, kept in finish_rc */
    int finish_rc;
};

/* The field's name as used for default CSV columns and in the incident's column mapping
 * ("first_name"). Static storage. */
const char *bl_source_field_name(enum bl_field field);

/* TRUE when every record needs a value for the field, so a CSV list needs its column: the
 * fixed required fields, and 'entity' when the incident lists covered entities. */
gboolean bl_source_field_required(const struct bl_source *src, enum bl_field field);

/* A GDestroyNotify for the GString pools of source*.c. */
void bl_source_string_free(gpointer string);

/* Starts a new row at line: clears raw[], the categories and the error. */
void bl_source_row_begin(struct bl_source *src, int line);

/* Records a problem of form with the row (ragged, unknown element); only the first is kept.
 * Messages follow diag.h: no personal data; numbers that may be one (bl_text_redact) are
 * withheld from what the message quotes. */
void bl_source_row_error(struct bl_source *src, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Adds one category id (len bytes, untrimmed) to the row, for formats that list them one
 * by one rather than in the 'categories' text. */
void bl_source_row_add_category(struct bl_source *src, const char *id, gsize len);

#endif

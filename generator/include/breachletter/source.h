/* SPDX-License-Identifier: MIT */
/* Recipient source: streams a recipient list (CSV or XML) one validated record at a time, so
 * memory stays flat whether the list has ten rows or ten million. */
#ifndef BL_SOURCE_H
#define BL_SOURCE_H

#include <glib.h>

#include "common.h"
#include "diag.h"
#include "incident.h"

enum bl_variant {
    BL_VARIANT_ADULT,
    BL_VARIANT_MINOR,    /* letter to the parent or guardian of a minor */
    BL_VARIANT_DECEASED, /* letter to the estate or next of kin of a deceased person */
};

/* One recipient. Every string is non-NULL ("" when the column is empty or absent). */
struct bl_recipient {
    char *id;
    char *title; /* "Ms.", "Dr." */
    char *first_name;
    char *middle_name;
    char *last_name;
    char *suffix;
    char *addressee; /* who the letter is addressed to when not the person: guardian, executor */
    struct bl_address address; /* country is "US" when empty */
    char *jurisdiction; /* USPS code of the state whose law applies; defaults to address.state */
    GArray *categories; /* int indexes into incident->categories, in incident order, no repeats */
    char *enrolment_code;
    char *language; /* defaults to the incident's language */
    enum bl_variant variant;
    char *entity;                           /* covered-entity id, "" when none */
    const struct bl_entity *covered_entity; /* resolved from entity; NULL when none */
    gboolean large_print;                   /* the letter in large print (layout.h) */
    char *delivery_point; /* US: the 2 digits after the ZIP+4 in the barcode, "" when none */
    /* The values of the incident's custom fields (incident->custom_fields, in its order; ""
     * when empty), NULL-terminated. NULL for a person made up rather than read from a list (a
     * specimen's, a sample's): a letter to them prints each custom field's label in brackets. */
    char **custom;
};

/* A record as lent by bl_source_next(): the recipient, or why the row was rejected. */
struct bl_record {
    int line;         /* line in the list where the record starts (1-based) */
    int status;       /* 0: recipient is valid; -1: rejected, see error */
    char *row_id;     /* the row's id as read ("" when none); for the manifest */
    char *error;      /* the rejection, without location; "" when valid */
    int duplicate_of; /* the line of the first record with the same id, or 0 */
    int case_twin_of; /* the line of the first record whose id differs from this one's only in
                       * case ("ABC-1", then "abc-1"), or 0: two people, whose letters' file
                       * names must differ on a disk that ignores case */
    struct bl_recipient recipient;
};

struct bl_source;

/* Opens the list at path; the format comes from the extension (.csv, .xml) or, failing that,
 * from the first non-blank byte. Reads and checks the header (CSV: every required column is
 * present after the incident's column mapping). Reports problems to diag; returns 0 and sets
 * *out, or -1. The incident is borrowed and must outlive the source. */
BL_API int bl_source_open(struct bl_source **out, const char *path,
                          const struct bl_incident *incident, struct bl_diag *diag);

/* Reads the next record. Returns 1 and lends *out (valid until the next call or
 * bl_source_free), 0 at the end of the list, or -1 when the file itself cannot be read further
 * (reported to diag). A row with bad data is not an error of the source: it comes back with
 * status -1 and error set, and its error is also reported to diag as file:line. */
BL_API int bl_source_next(struct bl_source *src, const struct bl_record **out);

/* For a list read before (by the check): the records whose id came before, as line -> line of
 * the first (GINT_TO_POINTER), and the records whose id came before in another case, as line ->
 * minus the line of the first; borrowed until bl_source_free(). The source then keeps no table
 * of ids of its own, so reading a list again takes no memory per record. */
BL_API void bl_source_use_duplicates(struct bl_source *src, GHashTable *duplicates);

/* The file name used in messages. Borrowed until bl_source_free(). */
BL_API const char *bl_source_path(const struct bl_source *src);

/* The SHA-256 (hex) of the list's bytes read so far: of the whole list once bl_source_next has
 * returned 0, to compare with the list's fingerprint (fingerprint.h). Borrowed until the next
 * call; NULL when it cannot be known. */
BL_API const char *bl_source_sha256(const struct bl_source *src);

/* The list's open file (to check it is still the file fingerprinted). */
BL_API int bl_source_fd(const struct bl_source *src);

BL_API void bl_source_free(struct bl_source *src);

/* What of the incident reading a list depends on, as a digest (hex; g_free): its categories'
 * ids in order, its covered entities' ids, its language, its column mapping and its custom
 * fields. Two incidents with the same key read every list alike (the same records, rejected
 * alike), so a pass over a list made for one holds for the other (check.h's memo). */
BL_API char *bl_source_key(const struct bl_incident *incident);

/* A copy of r that outlives the source (the covered entity stays borrowed from the incident).
 * Free with bl_recipient_free(). */
BL_API struct bl_recipient *bl_recipient_copy(const struct bl_recipient *r);
BL_API void bl_recipient_free(struct bl_recipient *r);

/* The field a list usually means by a column name that is not the field's own nor a misspelling
 * of it ("ZIP Code" -> "postal_code", "surname" -> "last_name"), for "did you mean" hints; NULL
 * when none. Static storage. */
BL_API const char *bl_source_field_meant(const char *name);

/* "adult", "minor", "deceased"; "unknown" for a value that is none of them. Static. */
BL_API const char *bl_variant_name(enum bl_variant variant);

/* The variant of that name, or -1. */
BL_API int bl_variant_parse(const char *name);

/* TRUE when state is a USPS code of military mail (APO, FPO, DPO): AA, AE or AP. Such an
 * address says where the mail goes, not where the person lives: the recipient's jurisdiction
 * comes from the list's jurisdiction column, or is "" (none) without it. */
BL_API gboolean bl_source_military_state(const char *state);

#endif

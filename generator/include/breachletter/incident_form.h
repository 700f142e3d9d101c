/* SPDX-License-Identifier: MIT */
/* The incident as a form: every element and attribute of the incident format as a named field
 * with a label, a help text and a group a privacy officer recognises, read from an incident file
 * into values, written back as incident XML, and the loader's problems told beside the field
 * they concern. For editors (the tool's workbench, `breachletter serve`) that never show XML. */
#ifndef BL_INCIDENT_FORM_H
#define BL_INCIDENT_FORM_H

#include <glib.h>

#include "common.h"
#include "diag.h"

/* How a field is entered. */
enum bl_form_kind {
    BL_FORM_TEXT,   /* one line of text */
    BL_FORM_LONG,   /* a longer text, still one paragraph */
    BL_FORM_DATE,   /* YYYY-MM-DD */
    BL_FORM_NUMBER, /* a whole number */
    BL_FORM_BOOL,   /* yes or no: "true" or "" */
    BL_FORM_CHOICE, /* one of the field's choices, or "" for none */
    BL_FORM_LINES,  /* one item per line; an item of several parts separates them with " | " */
};

/* A field of the form: static data, the same for every incident. */
struct bl_form_field {
    const char *key;   /* "org.address.line1": the letter's field name where it has one */
    const char *group; /* "Organisation", "What happened", ... in the order shown */
    const char *label; /* "Address line 1" */
    enum bl_form_kind kind;
    gboolean required;   /* the incident format requires a value */
    const char *choices; /* BL_FORM_CHOICE: the values separated by '|'; else NULL */
    const char *help;    /* what it means and how the letter uses it, from the format's docs */
    const char *path;    /* where it lives: "organisation/address/street[1]", ".../@attr" */
    const char *parts;   /* BL_FORM_LINES: each item's parts, "@id|#text"; else NULL */
};

/* Every field, in the order a form shows them (grouped); *n_out gets the count. Static. */
BL_API const struct bl_form_field *bl_incident_form_fields(size_t *n_out);

/* The field whose key is key, or NULL. Static. */
BL_API const struct bl_form_field *bl_incident_form_field(const char *key);

/* The values of an incident's fields: key -> text; a field without a value is absent or "". */
struct bl_incident_form;

/* An empty form ("new incident"). Free with bl_incident_form_free(). */
BL_API struct bl_incident_form *bl_incident_form_new(void);
BL_API void bl_incident_form_free(struct bl_incident_form *form);

/* Reads the incident file at path into a new form: every field's value as the file states it
 * (text with white space folded; a default the file leaves out stays empty). Comments are not
 * kept. Returns 0 and sets *out (the caller's), or -1 when the file cannot be read as XML or its
 * root is not <incident>, reported to diag. */
BL_API int bl_incident_form_read(struct bl_incident_form **out, const char *path,
                                 struct bl_diag *diag);

/* The value of field key: borrowed until it is set again or the form is freed; "" when none. */
BL_API const char *bl_incident_form_get(const struct bl_incident_form *form, const char *key);

/* Sets field key (one of bl_incident_form_fields) to value (copied; NULL clears it); line ends
 * are made "\n". Unknown keys are ignored and return -1; 0 otherwise. */
BL_API int bl_incident_form_set(struct bl_incident_form *form, const char *key, const char *value);

/* The form as incident XML (UTF-8, indented, elements in the format's documented order), ready
 * to write to a file. Fields without a value are left out. Free with g_free(). */
BL_API char *bl_incident_form_to_xml(const struct bl_incident_form *form);

/* A problem told beside a field. */
struct bl_form_problem {
    char *key;     /* the field it concerns, or NULL when no field is to blame */
    char *message; /* in the officer's words: "Organisation › Address line 1: fill this in" */
};

/* The problems a form has, as an editor shows them beside its fields: every required field left
 * empty (and an offer neither made nor declined); when there is none, every problem the incident
 * loader reports on the file at path (written from this form by bl_incident_form_to_xml),
 * mapped to the field it concerns by the element and attribute on its line. schema_path and
 * vocab_path are as for bl_incident_load. Returns an array of struct bl_form_problem * (free with
 * g_ptr_array_unref), empty when the incident is valid. */
BL_API GPtrArray *bl_incident_form_problems(const struct bl_incident_form *form, const char *path,
                                            const char *schema_path, const char *vocab_path);

/* The field a message names in the letters' terms ("field 'org.address.line1' is empty") and
 * the officer's wording of it, "Organisation › Address line 1: fill this in"; NULL when the
 * message names no field of the form. Free with g_free(); *key_out (may be NULL) is static. */
BL_API char *bl_incident_form_explain(const char *message, const char **key_out);

#endif

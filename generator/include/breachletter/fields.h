/* SPDX-License-Identifier: MIT */
/* Template fields: every value a template may print, defined once, in one table (fields.c):
 * its name, its kind, whether it may be empty, whether it is kept whole, and how its value is
 * read from the incident and the recipient. The template compiler resolves names with it and
 * the binder reads values through it. */
#ifndef BL_FIELDS_H
#define BL_FIELDS_H

#include <glib.h>

#include "common.h"
#include "incident.h"
#include "source.h"

/* What a field holds: the formats that apply to it, and whether <each> walks it. */
enum bl_field_kind {
    BL_FIELD_KIND_TEXT,
    BL_FIELD_KIND_DATE,
    BL_FIELD_KIND_NUMBER,
    BL_FIELD_KIND_TEXT_LIST,     /* char *: the narrative's paragraphs, the actions */
    BL_FIELD_KIND_CATEGORY_LIST, /* struct bl_category * */
};

/* Which condition around a field that may be empty lets it print nothing without optional="true"
 * (the monitoring offer's provider inside <if monitoring="true">). */
enum bl_field_guard {
    BL_FIELD_GUARD_NONE,
    BL_FIELD_GUARD_MONITORING,
    BL_FIELD_GUARD_ENTITY,
};

/* The flags of a field. */
enum {
    /* may be empty in a valid incident or list (an address's second line); without it only an
     * incomplete draft leaves the field empty (the organisation's name) */
    BL_FIELD_MAY_BE_EMPTY = 1 << 0,
    /* a value a reader dials, types or copies (a phone number, a web or e-mail address, a
     * code): never broken across lines, where a hyphen at the end of a line would read as a
     * hyphenation ("privacy-" / "notice@example.com") and a number would be split */
    BL_FIELD_WHOLE = 1 << 1,
    /* depends on the recipient (their data, their covered entity, their state's count): a
     * notice, written to no one in particular, cannot print it, and a block that prints it is
     * laid out for each letter */
    BL_FIELD_OF_RECIPIENT = 1 << 2,
    /* words of the incident's author (its narrative, actions, a category's label, hours): a
     * letter in another language prints their translation from the catalogs (bind.c) */
    BL_FIELD_PROSE = 1 << 3,
};

/* What a value is read from. */
struct bl_field_scope {
    const struct bl_incident *incident;
    const struct bl_recipient *recipient;
    GHashTable *residents; /* jurisdiction code -> gint64 *: recipients living there; or NULL */
    const void *element;   /* inside <each>: the loop's element (char *, struct bl_category *) */
};

/* A field's value as its getter leaves it: the member of the field's kind is set. A getter may
 * set text instead of a date or a number (a placeholder such as "[Visit Date]"); it is then
 * printed as it is. */
struct bl_field_value {
    const char *text;      /* text; "" when empty */
    const GDate *date;     /* a date; NULL or invalid when empty */
    gint64 number;         /* a number; -1 when empty */
    const GPtrArray *list; /* a list: char * or struct bl_category * */
    const GArray *picks;   /* of a category list: the elements, as int indexes into list, in
                            * order; NULL when every element of list is one */
    GDate day;             /* storage for a date the getter reads from text */
    GString *scratch;      /* the caller's: storage for text the getter makes (a full name) */
};

/* One field. */
struct bl_field {
    const char *name; /* as templates write it: "recipient.first_name" */
    enum bl_field_kind kind;
    unsigned flags; /* BL_FIELD_MAY_BE_EMPTY | BL_FIELD_WHOLE | BL_FIELD_OF_RECIPIENT */
    enum bl_field_guard guard;
    /* Sets out's member of the field's kind (out->scratch is the caller's, the rest is zero,
     * number -1). */
    void (*get)(const struct bl_field *field, const struct bl_field_scope *scope,
                struct bl_field_value *out);
    gsize arg; /* for get: the offset of the member it reads, or a custom field's index */
};

/* How many built-in fields there may be at most (a letter keeps one byte per field). */
#define BL_FIELDS_MAX 128

/* The built-in field of this name ("incident.total_affected"), or NULL. Static storage. */
BL_API const struct bl_field *bl_field_find(const char *name);

/* The index of the built-in field of this name, or -1. */
BL_API int bl_field_id(const char *name);

/* The index of a built-in field, or -1 for any other (a loop's element, a custom field). */
BL_API int bl_field_index(const struct bl_field *field);

/* The built-in fields, for lists of names: *count is set to how many. Static storage. */
BL_API const struct bl_field *bl_field_table(gsize *count);

/* Inside <each in="list" as="x">: the field that "x.member" names, or for a text list "x"
 * alone (member NULL). NULL when the list's elements have no such member. Static storage. */
BL_API const struct bl_field *bl_field_loop_member(const struct bl_field *list, const char *member);

/* The field of the incident's custom field at index (incident->custom_fields): named
 * "recipient.<name>", read from the recipient's custom values; a date or a number is read from
 * its text, and a person made up rather than read from a list (custom NULL) shows the field's
 * label in brackets. The incident must outlive it. Free with bl_field_custom_free(). */
BL_API struct bl_field *bl_field_custom_new(const struct bl_incident *incident, guint index);
BL_API void bl_field_custom_free(struct bl_field *field);

/* Reads the field's value in scope into *out (which the call initialises; scratch is kept). */
BL_API void bl_field_read(const struct bl_field *field, const struct bl_field_scope *scope,
                          struct bl_field_value *out);

/* The length of a list field's value as bl_field_read() left it, and its element i. */
BL_API guint bl_field_list_length(const struct bl_field_value *value);
BL_API const void *bl_field_list_element(const struct bl_field_value *value, guint i);

#endif

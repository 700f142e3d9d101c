/* SPDX-License-Identifier: MIT */
/* The compiled template tree: private to template.c, which builds it, and bind.c, which walks
 * it. Nothing else includes this header. */
#ifndef BL_TEMPLATE_NODES_H
#define BL_TEMPLATE_NODES_H

#include <glib.h>

#include "diag.h"

enum node_kind {
    /* blocks */
    N_SEQ, /* children in order: <body>, <fragment>, an include's content */
    N_TITLE,
    N_HEADING,
    N_SUBHEADING,
    N_P,
    N_LIST,
    N_ITEM,
    N_GROUP,
    N_SIGNATURE,
    N_LINE,
    N_PAGE_BREAK,
    /* inline */
    N_TEXT, /* literal text, already escaped as Pango markup */
    N_FIELD,
    N_SPAN, /* <b>, <i>, <u>: text holds the markup tag name */
    N_BR,
    /* control, at block or inline level */
    N_IF,     /* negate TRUE for <unless> */
    N_CHOOSE, /* children are N_WHEN, the last may have no conditions (<otherwise>) */
    N_WHEN,
    N_EACH,
};

enum field_type {
    FT_TEXT,
    FT_DATE,
    FT_NUMBER,
    FT_TEXT_LIST,     /* list of strings: narrative, actions */
    FT_CATEGORY_LIST, /* list of categories */
};

/* Every field a template may name. Loop members (category.label, para) are FIELD_LOOP_*. */
enum field_id {
    F_ORG_NAME,
    F_ORG_SHORT_NAME,
    F_ORG_DESCRIPTION,
    F_ORG_LINE1,
    F_ORG_LINE2,
    F_ORG_CITY,
    F_ORG_STATE,
    F_ORG_POSTAL_CODE,
    F_ORG_PHONE,
    F_ORG_PHONE_HOURS,
    F_ORG_WEBSITE,
    F_ORG_EMAIL,
    F_ORG_SIGNATORY_NAME,
    F_ORG_SIGNATORY_TITLE,
    F_OCCURRED_FROM,
    F_OCCURRED_TO,
    F_DISCOVERED,
    F_CONTAINED,
    F_NOTICE,
    F_TOTAL_AFFECTED,
    F_NARRATIVE,
    F_ACTIONS,
    F_INCIDENT_CATEGORIES,
    F_MON_PROVIDER,
    F_MON_PRODUCT,
    F_MON_SERVICES,
    F_MON_MONTHS,
    F_MON_URL,
    F_MON_PHONE,
    F_MON_PHONE_HOURS,
    F_MON_ENGAGEMENT,
    F_MON_ENROL_BY,
    F_R_ID,
    F_R_TITLE,
    F_R_FIRST_NAME,
    F_R_MIDDLE_NAME,
    F_R_LAST_NAME,
    F_R_SUFFIX,
    F_R_FULL_NAME,
    F_R_ADDRESSEE,
    F_R_ADDRESS1,
    F_R_ADDRESS2,
    F_R_CITY,
    F_R_STATE,
    F_R_POSTAL_CODE,
    F_R_COUNTRY,
    F_R_JURISDICTION,
    F_R_JURISDICTION_NAME,
    F_R_ENROLMENT_CODE,
    F_R_CATEGORIES,
    F_ENTITY_NAME,
    F_ENTITY_RELATIONSHIP,
    F_JURISDICTION_RESIDENTS,
    F_LOOP_TEXT,           /* the element of a text-list loop */
    F_LOOP_CATEGORY_LABEL, /* members of a category-list loop's element */
    F_LOOP_CATEGORY_ID,
    F_LOOP_CATEGORY_GROUP,
};

enum cond_kind {
    C_CATEGORY,
    C_GROUP,
    C_SENSITIVE,
    C_JURISDICTION,
    C_VARIANT,
    C_LANGUAGE,
    C_ACCESS,
    C_VECTOR,
    C_MONITORING,
    C_HIPAA_ROLE,
    C_ENTITY,
    C_FIELD,
    C_SAME,              /* two date fields hold the same date */
    C_DELAYED,           /* notice was delayed at law enforcement's request */
    C_TOLL_FREE,         /* the organisation's phone number is toll-free */
    C_INCIDENT_CATEGORY, /* the incident (anyone) exposed one of these categories */
    C_STATE_LAW,         /* the law of the recipient's state requires notice to them */
};

struct cond {
    enum cond_kind kind;
    char **values;  /* the attribute's values, split on white space */
    gboolean flag;  /* for true/false conditions */
    int field;      /* C_FIELD, C_SAME: the field id */
    int other;      /* C_SAME: the second field id */
    int loop_depth; /* C_FIELD on a loop member: which loop */
};

enum field_format {
    FMT_NONE,
    FMT_DATE_LONG,
    FMT_DATE_ISO,
    FMT_DATE_US,
    FMT_DATE_MONTH_YEAR,
    FMT_GROUPED,
    FMT_CAPITALIZE,
    FMT_UPPER
};

struct node {
    enum node_kind kind;
    struct bl_loc loc;   /* file is interned in the template */
    GPtrArray *children; /* struct node *, or NULL */
    char *text;          /* N_TEXT markup; N_SPAN tag */
    /* N_FIELD */
    int field;
    int loop_depth; /* for loop members: index of the loop on the binder's stack */
    enum field_format format;
    gboolean optional; /* may print nothing: optional="true", inside <line>, or guarded */
    gboolean personal; /* depends on the recipient: their data, entity or state's count */
    /* N_IF, N_WHEN */
    GArray *conds; /* struct cond */
    gboolean negate;
    /* N_EACH */
    int list_field;
    char *separator;
    char *last_separator;
    /* blocks */
    int align; /* 0 left, 1 center, 2 right */
    gboolean keep_with_next;
};

struct bl_template {
    char *path;
    gboolean notice; /* kind="notice": a public notice, written to no one in particular */
    char *title;
    char *subject;
    char *languages;
    char **language_list;
    double font_size;
    GStringChunk *files;         /* interned file names for node locations */
    GPtrArray *file_list;        /* const char *: every file read, from files, in order */
    GPtrArray *jurisdictions;    /* char *: codes named in jurisdiction conditions */
    struct node *return_address; /* N_SEQ of N_LINE */
    struct node *address;        /* N_SEQ of N_LINE */
    struct node *running_header; /* N_P, or NULL */
    struct node *body;           /* N_SEQ; attachments appended, each after an N_PAGE_BREAK */
};

/* The type of a field (static table in template.c). */
enum field_type bl_field_type(int field);

/* The field's name as written in templates. */
const char *bl_field_name(int field);

/* TRUE when the field may be empty in a valid incident (an address's second line); FALSE when
 * only an incomplete draft leaves it empty (the organisation's name). */
gboolean bl_field_maybe_empty(int field);

/* TRUE for a value a reader dials, types or copies (a phone number, a web or e-mail address, a
 * code): the letter never breaks it across lines, where a hyphen at the end of a line would
 * read as a hyphenation ("privacy-" / "notice@example.com") and a number would be split. */
gboolean bl_field_whole(int field);

/* The id of the field named name ("incident.total_affected"), or -1. */
int bl_field_id(const char *name);

/* How many field ids there are (for bit sets). */
#define BL_FIELD_COUNT 128

#endif

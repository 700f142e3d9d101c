/* SPDX-License-Identifier: MIT */
/* The compiled template tree: private to template.c, which builds it, and bind.c, which walks
 * it. Nothing else includes this header. */
#ifndef BL_TEMPLATE_NODES_H
#define BL_TEMPLATE_NODES_H

#include <glib.h>

#include "diag.h"
#include "taglines.h"
#include "fields.h"
#include "po.h"

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
    N_BOX,     /* a callout: its children are blocks */
    N_COLUMNS, /* its children are N_COLUMN (and conditions around them) */
    N_COLUMN,  /* its children are blocks */
    N_IMAGE,   /* a picture: field (org.logo) or text (a file's absolute path) */
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
    /* translation, in a template compiled for a language other than the source's */
    N_MISSING, /* text with no translation: text holds why; binding it fails the letter */
    N_PLURAL,  /* children: N_SEQ, one a plural form; field: the number that chooses */
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
    C_INCIDENT_GROUP,    /* the incident (anyone) exposed a category of one of these groups */
    C_NOTICE,            /* the template is a notice, written to no one in particular */
};

struct cond {
    enum cond_kind kind;
    char **values;                /* the attribute's values, split on white space */
    gboolean flag;                /* for true/false conditions */
    const struct bl_field *field; /* C_FIELD, C_SAME: the field, NULL when unknown */
    const struct bl_field *other; /* C_SAME: the second field */
    int loop_depth;               /* C_FIELD on a loop member: which loop, else -1 */
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
    char *text;          /* N_TEXT markup; N_SPAN tag; N_MISSING the reason */
    char *ref;           /* N_FIELD, and N_TEXT of a contact: the reference as written */
    /* N_FIELD */
    const struct bl_field *field; /* NULL when unknown (a draft's) */
    int loop_depth; /* for loop members: index of the loop on the binder's stack, else -1 */
    enum field_format format;
    gboolean optional; /* may print nothing: optional="true", inside <line>, or guarded */
    gboolean personal; /* depends on the recipient: their data, entity or state's count */
    /* N_IF, N_WHEN */
    GArray *conds; /* struct cond */
    gboolean negate;
    /* N_EACH */
    const struct bl_field *list_field; /* NULL when unknown */
    char *separator;
    char *last_separator;
    /* blocks */
    int align; /* 0 left, 1 center, 2 right */
    gboolean keep_with_next;
    /* N_IMAGE: its size in points (0: from the other and the picture's proportions); the
     * picture is field's value, or the file in text */
    double width, height;
    /* N_BOX, N_COLUMNS: the text size in points, 0 for the letter's */
    double font_size;
};

/* A translatable text of the source template: what a translator gets in the .pot. */
struct bl_tstring {
    char *context; /* NULL, or "contact" (a contact's name) */
    char *msgid;
    gboolean plural;  /* it prints a number: its translation may have plural forms */
    GPtrArray *where; /* char *: "file:line" of each place it stands */
};

/* The template compiled for one language other than its source's. */
struct bl_translation {
    char *language;
    struct bl_po *po;          /* the template's catalog (<template dir>/po/LANG.po) */
    struct bl_po *incident_po; /* the incident's own (<incident dir>/po/LANG.po), or NULL */
    struct bl_template *tpl;   /* the tree with the language's text */
    GPtrArray *missing;        /* char *: every text it lacks, said as a finding */
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
    GPtrArray *custom_fields;    /* struct bl_field *: the incident's custom fields */
    struct node *return_address; /* N_SEQ of N_LINE */
    struct node *address;        /* N_SEQ of N_LINE */
    struct node *running_header; /* N_P, or NULL */
    struct node *letterhead;     /* N_SEQ of N_LINE and N_IMAGE, or NULL: the author's name */
    struct node *body;           /* N_SEQ; attachments appended, each after an N_PAGE_BREAK */
    GPtrArray *strings;          /* struct bl_tstring *: the source's translatable texts */
    GPtrArray *translations;     /* struct bl_translation *, by language */
    /* in a translation's tree: the catalogs its binder reads dates, separators, page numbers
     * and the incident's prose from (borrowed from the struct bl_translation) */
    const struct bl_po *po;
    const struct bl_po *incident_po;
    const char *language; /* the tree's language, borrowed; NULL: the source's */
    /* <language-assistance src="taglines.xml">: the insert's data, or NULL; printed on a page of
     * its own at the end of the letter when the incident asks for it, or always="true" */
    struct bl_taglines *taglines;
    gboolean taglines_always;
};

#endif

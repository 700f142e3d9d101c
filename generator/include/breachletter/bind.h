/* SPDX-License-Identifier: MIT */
/* Binder: template x incident x recipient -> the letter's blocks of escaped Pango markup.
 * A pure function of its inputs, testable without Pango. */
#ifndef BL_BIND_H
#define BL_BIND_H

#include <glib.h>

#include "common.h"
#include "diag.h"
#include "fields.h"
#include "incident.h"
#include "source.h"
#include "template.h"

enum bl_block_kind {
    BL_BLOCK_TITLE,
    BL_BLOCK_HEADING,
    BL_BLOCK_SUBHEADING,
    BL_BLOCK_PARA,
    BL_BLOCK_ITEM,      /* one bullet of a list */
    BL_BLOCK_SIGNATURE, /* lines kept together */
    BL_BLOCK_PAGE_BREAK,
    BL_BLOCK_IMAGE,   /* a picture (image.path), or a blank space of its size: a space to sign in */
    BL_BLOCK_BOX,     /* a callout: its parts inside a rule, on a shaded ground, on one page */
    BL_BLOCK_COLUMNS, /* its parts (BL_BLOCK_COLUMN) side by side, of equal width, on one page */
    BL_BLOCK_COLUMN,  /* one column of BL_BLOCK_COLUMNS: its parts one under the other */
};

enum bl_align { BL_ALIGN_LEFT, BL_ALIGN_CENTER, BL_ALIGN_RIGHT };

/* A picture a letter prints (a logo, a signature). */
struct bl_image {
    char *path;    /* a PNG file, absolute; NULL: nothing drawn, the space kept (to sign in) */
    double width;  /* points; 0: from height and the picture's proportions */
    double height; /* points; 0: from width and the picture's proportions */
};

struct bl_block {
    enum bl_block_kind kind;
    char *markup; /* Pango markup; every value in it is escaped. A box or columns: the markup
                   * of its parts, one a line (their text, for checks and comparisons); an
                   * image: "" */
    enum bl_align align;
    gboolean keep_with_next;
    int group;             /* blocks with the same non-zero group are kept on one page */
    gboolean personal;     /* its text depends on the recipient; FALSE: the same for everyone
                            * with this template and incident, so its layout can be reused */
    GArray *parts;         /* a box, columns or a column: the blocks inside (struct bl_block), in
                            * order, never a page break; NULL for the other kinds */
    struct bl_image image; /* BL_BLOCK_IMAGE */
    double font_size;      /* a box's or columns' text size in points; 0: the letter's */
};

/* Facts of the whole run that letters may print. */
struct bl_facts {
    GHashTable *residents; /* jurisdiction code -> gint64 * (recipients living there) */
    gboolean mark_missing; /* a draft: an empty field prints a highlighted "[... missing]",
                            * is reported, and does not fail the letter */
    /* TRUE when the law of the recipient's state requires notice to them (the template's
     * state-law="true" condition); NULL: always */
    gboolean (*state_law)(const void *data, const struct bl_recipient *recipient);
    const void *state_law_data;
};

/* A bound letter. Reused from recipient to recipient: bl_bind() resets it. */
struct bl_letter {
    GArray *blocks;           /* struct bl_block */
    GPtrArray *return_lines;  /* char * markup, empty lines already dropped */
    GPtrArray *address_lines; /* char * markup */
    char *running_header;     /* markup, or NULL */
    /* The letterhead at the top right of page 1, outside the envelope's windows. Without one
     * from the template (letterhead_given FALSE) it is the author's name. */
    gboolean letterhead_given;
    char *letterhead;     /* markup of its lines, or NULL */
    struct bl_image logo; /* its picture; logo.path NULL for none */
    double font_size;     /* body text size in points */
    /* PDF metadata, plain text */
    char *title;
    char *author;
    char *subject;
    char *recipient_id;
    GDate date;                    /* the notice date: the PDF's creation date */
    guint8 printed[BL_FIELDS_MAX]; /* which built-in fields printed a value, by their index
                                    * (bl_field_index): see bl_letter_printed */
    gboolean draft;                /* not for mailing: every page carries a DRAFT watermark */
    gboolean large_print;          /* body at 18 pt (layout.h): set by the caller, kept by bind */
    gboolean notice;  /* a public notice: no address block; the text starts at the top */
    char *label;      /* a review label printed across the top of page 1, or NULL */
    char *page_label; /* the page number's words with {page} and {pages} ("Página {page} de
                       * {pages}"), or NULL: "Page N of M" */
    char *language;   /* the letter's language when it is a translation (a BCP 47 tag: "es"),
                       * or NULL: the template's own (English); the PDF's /Lang */
    char barcode[66]; /* USPS Intelligent Mail barcode above the address: 65 bars from
                       * "FADT" (barcode.h), or "" for none; set by the caller after bind */
};

BL_API void bl_letter_init(struct bl_letter *letter);
BL_API void bl_letter_release(struct bl_letter *letter);

/* Binds tpl to one recipient into letter (reset first). A field that is empty where the
 * template does not allow it, or a language the template is not written for, fails: the reason
 * (which names the template file and line, never the value) is reported to diag and -1
 * returned; the letter must then not be used. */
BL_API int bl_bind(struct bl_letter *letter, const struct bl_template *tpl,
                   const struct bl_incident *incident, const struct bl_facts *facts,
                   const struct bl_recipient *recipient, struct bl_diag *diag);

/* The state of r when its letter is to end with the language-assistance taglines (the
 * incident asks for them, or the template always prints them) but the template's taglines
 * data has no list of languages for it: the letter is made without them. "" for a recipient
 * of no state (abroad, a military address); NULL when the letter prints its taglines or is to
 * have none. Borrowed from r; *data (when not NULL) is set to the data's file, borrowed from
 * tpl. */
BL_API const char *bl_bind_taglines_missing(const struct bl_template *tpl,
                                            const struct bl_incident *inc,
                                            const struct bl_recipient *r, const char **data);
/* TRUE when the bound letter printed a value of the built-in field named field (a list such
 * as "incident.narrative" counts when any of its elements was printed). */
BL_API gboolean bl_letter_printed(const struct bl_letter *letter, const char *field);

/* Pango markup as plain text: tags removed, entities unescaped. Free with g_free(). */
BL_API char *bl_markup_to_text(const char *markup);

/* The letter as plain text: address lines, then each block on a line of its own, markup
 * removed. Free with g_free(). */
BL_API char *bl_letter_text(const struct bl_letter *letter);

#endif

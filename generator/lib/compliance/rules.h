/* SPDX-License-Identifier: MIT */
/* Rules: the jurisdiction rules file (what each law requires of a letter, when notices are due,
 * which other notices a breach triggers), loaded once into plain C. Every rule keeps its
 * source citation. Adding or changing a state is a change to the data, never to the code. */
#ifndef BL_RULES_H
#define BL_RULES_H

#include <glib.h>

#include "diag.h"

enum bl_anchor {
    BL_ANCHOR_DISCOVERY,
    BL_ANCHOR_NOTICE, /* the date of the letters */
};

/* days after an anchor date; set is FALSE when the law sets no number of days */
struct bl_deadline {
    gboolean set;
    int days;
    gboolean business;
    enum bl_anchor anchor;
};

struct bl_cite {
    char *cite;   /* "Cal. Civ. Code 1798.82(d)(1)" */
    char *href;   /* a page stating the rule, or NULL */
    char *verify; /* what could not be confirmed, or NULL */
    int line;     /* in the rules file */
};

/* When a rule applies: all given conditions hold. */
struct bl_when {
    char **categories; /* any of these exposed; NULL: always */
    char *hipaa;       /* "any", "covered-entity", "business-associate", "none"; NULL: always */
};

enum bl_count {
    BL_COUNT_RESIDENTS, /* the jurisdiction's residents in the list */
    BL_COUNT_TOTAL,     /* every recipient in the list */
    BL_COUNT_EACH_STATE /* the residents of each state, separately */
};

struct bl_notify {
    char *to; /* attorney-general, regulator, consumer-reporting-agencies, media, hhs, ... */
    int min;  /* triggered when the count is at least min */
    enum bl_count count;
    struct bl_deadline deadline;
    struct bl_when when;
    struct bl_cite cite;
    char *text;
};

enum bl_check_kind {
    BL_CHECK_PHRASE,   /* text: a phrase the letter contains */
    BL_CHECK_VALUE,    /* text: a field the letter prints, e.g. "incident.total_affected" */
    BL_CHECK_CONTACT,  /* text: contact id; member: name, phone, website or address */
    BL_CHECK_TITLE,    /* text: the letter's title */
    BL_CHECK_HEADING,  /* text: a heading, in order with the other headings of the rule */
    BL_CHECK_MIN_FONT, /* pt: smallest body text size */
};

struct bl_check {
    enum bl_check_kind kind;
    char *text;
    char *member;
    double pt;
};

/* What a resident's letter must (forbid FALSE) or must not (forbid TRUE) contain. */
struct bl_content_rule {
    char *id;
    gboolean forbid;
    char *what;
    struct bl_when when;
    struct bl_cite cite;
    GArray *checks; /* struct bl_check */
};

struct bl_jurisdiction {
    char *code; /* "MA", or "HIPAA" */
    char *name; /* "Massachusetts" */
    char *law;
    struct bl_cite law_cite;
    struct bl_deadline individuals;
    struct bl_cite individuals_cite;
    char *individuals_text;
    GPtrArray *notify;     /* struct bl_notify * */
    int monitoring_months; /* 0: no minimum */
    struct bl_when monitoring_when;
    struct bl_cite monitoring_cite;
    char *monitoring_text;
    GPtrArray *content; /* struct bl_content_rule * */
};

struct bl_rules {
    char *path;
    GDate checked;
    GPtrArray *jurisdictions; /* struct bl_jurisdiction *, in file order */
};

/* Loads and validates (against schema_path) the rules at path. Returns 0 and sets *out (free
 * with bl_rules_free), or -1 reported with file:line. */
int bl_rules_load(struct bl_rules **out, const char *path, const char *schema_path,
                  struct bl_diag *diag);
void bl_rules_free(struct bl_rules *rules);

/* The jurisdiction with this code ("MA", "HIPAA"), or NULL. Borrowed from rules. */
const struct bl_jurisdiction *bl_rules_find(const struct bl_rules *rules, const char *code);

/* The due date of deadline d given the discovery and notice dates, into *out (invalid when
 * d is not set). Business days skip weekends and US federal holidays. */
void bl_deadline_due(GDate *out, const struct bl_deadline *d, const GDate *discovered,
                     const GDate *notice);

/* "60 calendar days after discovery", "no later than the letters", "without a set number of
 * days". Free with g_free(). */
char *bl_deadline_describe(const struct bl_deadline *d);

#endif

/* SPDX-License-Identifier: MIT */
/* Rules: the jurisdiction rules file (what each law requires of a letter, when notices are due,
 * which other notices a breach triggers), loaded once into plain C. Every rule keeps its
 * source citation. Adding or changing a state is a change to the data, never to the code. */
#ifndef BL_RULES_H
#define BL_RULES_H

#include <glib.h>

#include "common.h"
#include "diag.h"

enum bl_anchor {
    BL_ANCHOR_DISCOVERY,
    BL_ANCHOR_NOTICE,        /* the date of the letters */
    BL_ANCHOR_DETERMINATION, /* the breach determined or confirmed (discovery when not given) */
    BL_ANCHOR_HHS_NOTICE,    /* the notice to the Secretary of HHS */
    BL_ANCHOR_YEAR_END,      /* the end of the calendar year the breach was discovered in */
};

struct bl_calendar; /* holidays.h */

/* days after an anchor date; set is FALSE when the law sets no number of days */
struct bl_deadline {
    gboolean set;
    int days;
    gboolean business;
    enum bl_anchor anchor;
    gboolean tolled; /* a law-enforcement delay stops the clock */
    /* the holidays business days skip: the jurisdiction's calendar, borrowed from the rules;
     * NULL: weekends only */
    const struct bl_calendar *calendar;
    /* when > 0 (and tolled): once a law-enforcement delay ends, the notice is due this many
     * days after its end, instead of the clock stopping for the delay's length */
    int resume_days;
};

/* The incident's dates a deadline counts from, and the law-enforcement delay. An invalid date
 * is one the incident does not give. delay_until invalid with delayed TRUE: still running. */
struct bl_dates {
    GDate occurred, discovered, determined, notice, hhs_notice;
    gboolean delayed;
    GDate delay_from, delay_until;
    /* fewer than 500 people affected: the Secretary of HHS hears of the breach in the yearly
     * log (45 CFR 164.408(c)), so without hhs_notice the HHS notice is that log's due date, not
     * the letters' */
    gboolean hhs_log;
};

/* Which incident date decides whether a version of a rule applies. */
enum bl_dated_by {
    BL_DATED_DISCOVERY, /* the default: the law in force when the breach was discovered */
    BL_DATED_OCCURRED,  /* the law in force when the breach occurred */
};

/* The days a version of a rule is in force: from (inclusive) to until (exclusive, the first day
 * of the next version); an invalid date is open. */
struct bl_span {
    GDate from, until;
    enum bl_dated_by dated_by;
};

struct bl_cite {
    char *cite;   /* "Cal. Civ. Code 1798.82(d)(1)" */
    char *href;   /* a page stating the rule, or NULL */
    char *verify; /* what could not be confirmed, or NULL */
    /* what the law says, or what could not be confirmed, of a letter in another language than
     * English (its words checked in their translation), or NULL */
    char *translated;
    char *also;   /* a secondary page beside the primary href, or NULL */
    int line;     /* in the rules file */
};

/* When a rule applies: all given conditions hold. */
struct bl_when {
    char **categories;   /* any of these exposed; NULL: always */
    char *hipaa;         /* "any", "covered-entity", "business-associate", "none"; NULL: always */
    char **regulators;   /* the organisation is regulated by any of these ("ny-dfs"); NULL:
                          * always */
    gboolean vendor;     /* only for an organisation that keeps the data for its owner */
    gboolean harm;       /* only when the incident says harm was found unlikely */
    struct bl_span span; /* when the version is in force */
};

enum bl_count {
    BL_COUNT_RESIDENTS, /* the jurisdiction's residents in the list */
    BL_COUNT_TOTAL,     /* every recipient in the list */
    BL_COUNT_EACH_STATE /* the residents of each state, separately */
};

struct bl_notify {
    char *to; /* attorney-general, regulator, consumer-reporting-agencies, media, hhs, ... */
    int min;  /* triggered when the count is at least min */
    int max;  /* ... and at most max; 0: no maximum */
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

/* One version of the deadline of the letters to residents. */
struct bl_individuals {
    struct bl_deadline deadline;
    struct bl_when when; /* only its span */
    struct bl_cite cite;
    char *text;
};

/* One version of the free monitoring the law requires. */
struct bl_monitoring_rule {
    int months;
    struct bl_when when;
    struct bl_cite cite;
    char *text;
};

/* Entities a law exempts (kind "exempt": the state's breach law does not apply to them) or
 * deems compliant when they notify under their federal regime (kind "deemed": the parts of the
 * state's law it replaces give way to the federal rules). A law that binds only some kinds of
 * organisation (<applies-to>) is an exemption of regime "scope" for every other kind. */
struct bl_exemption {
    char *kind;                          /* "exempt" or "deemed" */
    char *regime;                        /* "hipaa", "glba" or "scope" */
    gboolean deadline, content, notices; /* what of the state's law it replaces */
    gboolean compliance; /* a deeming that holds only while the organisation complies with its
                          * federal regime: its own notice on time */
    char **kinds;        /* regime "scope": the kinds of organisation the law binds */
    struct bl_when when; /* its span, and when-hipaa to narrow a HIPAA one to a role */
    struct bl_cite cite;
    char *text;
};

/* One version of what the state's law calls personal information: notice is owed to a resident
 * exposed to any of these categories, unless a safe harbour of the law holds. */
struct bl_pi_rule {
    char **categories;   /* category ids */
    gboolean encryption; /* no notice when the data was encrypted and the key was not taken */
    gboolean harm;       /* no notice when a risk assessment found harm not reasonably likely */
    struct bl_when when; /* its span */
    struct bl_cite cite;
    char *text;
};

/* Another form of notice the law permits instead of the letter, for residents whose only
 * personal information exposed is of these categories (online credentials: an electronic
 * notice directing them to change their password). */
struct bl_alternative {
    char *id;
    char **categories;   /* category ids */
    struct bl_when when; /* its span */
    struct bl_cite cite;
    char *text;
};

struct bl_jurisdiction {
    char *code; /* "MA", or "HIPAA" */
    char *name; /* "Massachusetts" */
    char *law;
    struct bl_cite law_cite;
    /* the days the state's breach law is in force (<law from>): on a date before its first day
     * the state had no breach-notification law, and owes no notice, insert or filing */
    struct bl_span law_span;
    GPtrArray *individuals;       /* struct bl_individuals *, every version, in file order */
    GPtrArray *notify;            /* struct bl_notify * */
    GPtrArray *monitoring;        /* struct bl_monitoring_rule * */
    GPtrArray *exemptions;        /* struct bl_exemption * */
    GPtrArray *personal;          /* struct bl_pi_rule *: what the law covers, by version */
    GPtrArray *alternatives;      /* struct bl_alternative *: other forms of notice it permits */
    GPtrArray *content;           /* struct bl_content_rule * */
    struct bl_calendar *holidays; /* the state's own legal holidays, or NULL */
    const struct bl_calendar *calendar; /* the holidays its business days skip: its own, which
                                         * add to the federal ones, else the federal ones */
};

struct bl_rules {
    char *path;
    GDate checked;
    struct bl_calendar *holidays; /* the US federal holidays, or NULL when the file has none */
    GPtrArray *jurisdictions;     /* struct bl_jurisdiction *, in file order */
};

/* Loads and validates (against schema_path) the rules at path. Returns 0 and sets *out (free
 * with bl_rules_free), or -1 reported with file:line. */
BL_API int bl_rules_load(struct bl_rules **out, const char *path, const char *schema_path,
                         struct bl_diag *diag);
BL_API void bl_rules_free(struct bl_rules *rules);

/* The jurisdiction with this code ("MA", "HIPAA"), or NULL. Borrowed from rules. */
BL_API const struct bl_jurisdiction *bl_rules_find(const struct bl_rules *rules, const char *code);

/* TRUE when the version span is in force on the incident's dates (an open span always is). */
BL_API gboolean bl_span_holds(const struct bl_span *span, const struct bl_dates *dates);

/* "from 2026-01-01", "until 2025-12-31", "2019-10-23 to 2024-12-20", or NULL when the span is
 * open at both ends. Free with g_free(). */
BL_API char *bl_span_describe(const struct bl_span *span);

/* The version of the letters' deadline in force on the incident's dates, or NULL when no
 * version is. Borrowed from j. */
BL_API const struct bl_individuals *bl_jurisdiction_individuals(const struct bl_jurisdiction *j,
                                                                const struct bl_dates *dates);

/* The monitoring minimum in force on the incident's dates, or NULL. Borrowed from j. */
BL_API const struct bl_monitoring_rule *bl_jurisdiction_monitoring(const struct bl_jurisdiction *j,
                                                                   const struct bl_dates *dates);

/* The due date of deadline d on the incident's dates, into *out (invalid when d is not set or
 * its anchor date is not known). A tolled deadline moves by the days of a law-enforcement
 * delay that began before it fell due. Business days skip weekends and the holidays of the
 * deadline's calendar (the rules file's federal holidays and those its state adds). */
BL_API void bl_deadline_due(GDate *out, const struct bl_deadline *d, const struct bl_dates *dates);

/* TRUE when d is tolled by a law-enforcement delay that is still running on these dates. */
BL_API gboolean bl_deadline_suspended(const struct bl_deadline *d, const struct bl_dates *dates);

/* What the law in force calls personal information, or NULL when the rules do not say (every
 * exposure then counts). Borrowed from j. */
BL_API const struct bl_pi_rule *bl_jurisdiction_personal(const struct bl_jurisdiction *j,
                                                         const struct bl_dates *dates);

/* The exemption of the organisation's regime ("hipaa", "glba"; either may be NULL) in force
 * on the incident's dates, or NULL. Borrowed from j. */
BL_API const struct bl_exemption *bl_jurisdiction_exemption(const struct bl_jurisdiction *j,
                                                            const char *hipaa_role, gboolean glba,
                                                            const struct bl_dates *dates);

/* The scope of j's law (<applies-to>, regime "scope") in force on the incident's dates, or NULL
 * when it binds every organisation. *applies is 1 when it binds an organisation of this kind
 * ("information-broker", "government", "business"), 0 when not, -1 when kind is NULL (the
 * incident does not say). Borrowed from j. */
BL_API const struct bl_exemption *bl_jurisdiction_scope(const struct bl_jurisdiction *j,
                                                        const char *kind,
                                                        const struct bl_dates *dates, int *applies);

/* "60 calendar days after discovery", "no later than the letters", "without a set number of
 * days". Free with g_free(). */
BL_API char *bl_deadline_describe(const struct bl_deadline *d);

#endif

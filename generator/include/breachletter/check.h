/* SPDX-License-Identifier: MIT */
/* Check: the compliance engine. Lints the letters each jurisdiction's residents would receive
 * against the rules, computes deadlines and the notices the recipient counts trigger. */
#ifndef BL_CHECK_H
#define BL_CHECK_H

#include <glib.h>

#include "common.h"
#include "contacts.h"
#include "diag.h"
#include "fonts.h"
#include "incident.h"
#include "rules.h"
#include "source.h"
#include "template.h"

enum bl_severity {
    BL_SEV_ERROR,   /* a letter would be non-compliant: render refuses it */
    BL_SEV_WARNING, /* needs attention: a late deadline, an old contacts file */
};

struct bl_finding {
    enum bl_severity severity;
    char *jurisdiction; /* "MA", "HIPAA", or NULL for the whole run */
    char *rule;         /* the rule's id ("ma-count") or the check's ("monitoring-minimum") */
    char *message;      /* what is wrong, in a sentence; never personal data */
    char *cite;         /* the law, or NULL */
    char *href;
    char *where;       /* "letters to adult, minor residents", "steps.xml:36", or NULL */
    gint64 recipients; /* how many recipients it concerns; 0 when not known */
    /* whose letters it concerns (an error stops them): the letters of these groups
     * ("MA|adult|en": jurisdiction, variant, language; NULL: those of the finding's
     * jurisdiction, or all when it has none or is HIPAA), exposed to any of these categories
     * (NULL: any) */
    GPtrArray *groups;
    char **categories;
};

enum bl_due_status {
    BL_DUE_NONE, /* the law sets no number of days */
    BL_DUE_OK,
    BL_DUE_SOON,      /* the letters are dated within 7 days of the deadline */
    BL_DUE_LATE,      /* the letters are dated after the deadline */
    BL_DUE_SUSPENDED, /* a law-enforcement delay still stops the clock */
    BL_DUE_EXEMPT,    /* the law exempts the organisation or deems it compliant */
    BL_DUE_NOT_OWED,  /* the law requires notice to none of these residents */
    BL_DUE_MAY_APPLY, /* the law binds only some kinds of organisation, and the incident does
                       * not say whether the organisation is one */
};

struct bl_deadline_row {
    const struct bl_jurisdiction *jurisdiction; /* borrowed from the rules */
    const struct bl_individuals *rule;          /* the version in force, or NULL */
    const struct bl_exemption *exemption; /* what exempts the letters (or, status MAY_APPLY, the
                                           * law's scope), or NULL */
    const struct bl_exemption *lost;      /* a deeming that would hold if the organisation's
                                           * federal notice were on time, or NULL */
    gint64 residents; /* the jurisdiction's residents in the list (HIPAA: every valid row) */
    gint64 owed;      /* those of them the jurisdiction's law requires notice to */
    GDate due;
    enum bl_due_status status;
    int margin; /* days from the letters' date to the deadline (negative: late) */
};

/* Where the count of a notice's threshold comes from. */
enum bl_count_source {
    BL_FROM_LIST,     /* the residents in the list (owed notice, for a state's own notices) */
    BL_FROM_INCIDENT, /* the incident's <affected><state>: the whole incident's residents */
    BL_FROM_TOTAL,    /* everyone affected: the incident's total, or every row of the list */
};

struct bl_obligation {
    const struct bl_jurisdiction *jurisdiction;
    const struct bl_notify *notify; /* borrowed from the rules */
    char *state;                    /* the state counted, for each-state rules; else NULL */
    gint64 count;
    enum bl_count_source source;
    gint64 listed; /* the list's count, when count comes from the incident */
    /* count comes from the incident's <affected>, and the state's law owes no notice to some of
     * the list's residents: the count may include people the law does not cover */
    gboolean uncovered;
    /* the count is the list's while the list may be a part of those affected (the incident
     * gives no total, or no count for this state while it gives others): whether the notice is
     * due is not known */
    gboolean uncertain;
    gboolean triggered;
    GDate due;
};

/* A state law that exempts the organisation or deems it compliant, as applied; or a deeming
 * that does not hold because the federal notice is late (lost), or a law whose scope may or may
 * not take the organisation in (regime "scope", may_apply). */
struct bl_exemption_row {
    const struct bl_jurisdiction *jurisdiction;
    const struct bl_exemption *exemption; /* borrowed from the rules */
    int residents;
    gboolean lost;      /* a deeming the organisation lost: its federal notice is late */
    gboolean may_apply; /* the law's scope: the incident does not say whether it applies */
};

/* Residents of a state whose law does not require notice to them, and why. */
struct bl_coverage_row {
    const struct bl_jurisdiction *jurisdiction;
    int residents;
    /* residents counts the incident's <affected> for a state the list does not reach */
    gboolean from_incident;
    const char *reason;         /* static */
    const struct bl_cite *cite; /* borrowed from the rules */
};

/* Residents to whom a state's law permits another form of notice instead of the letter. */
struct bl_alternative_row {
    const struct bl_jurisdiction *jurisdiction;
    const struct bl_alternative *alternative; /* borrowed from the rules */
    gint64 residents;
};

/* What the rules applied to this incident could not confirm: shown with the report. */
struct bl_verify_note {
    const char *jurisdiction; /* borrowed from the rules */
    char *rule;               /* "ca-credentials", "deadline", "notice to attorney general" */
    const char *note;         /* borrowed from the rules */
};

struct bl_check_report {
    char *incident_path;
    char *recipients_path; /* NULL when checked without a list */
    gint64 rows, valid, rejected;
    char *rejected_kinds;    /* the rejected rows by kind ("3,100 unknown state, ..."), or NULL */
    gint64 rejected_untold;  /* rejected rows beyond the first BL_CHECK_ROW_MESSAGES, whose
                              * messages were not told */
    char *untold_kinds;      /* those rows by kind, or NULL */
    gint64 unprintable;      /* valid rows whose data has a character no font has: render
                              * refuses their letters (counted as residents all the same) */
    GHashTable *duplicates;  /* line of a record whose id came before -> line of the first;
                              * whose id came before in another case -> minus that line
                              * (bl_source_use_duplicates) */
    GHashTable *residents;   /* jurisdiction code -> gint64 *: the count; "" for none */
    GHashTable *by_category; /* jurisdiction code -> GArray of gint64: residents per incident
                              * category, in the incident's order */
    GPtrArray *findings;     /* struct bl_finding * */
    GArray *deadlines;       /* struct bl_deadline_row */
    GArray *obligations;     /* struct bl_obligation */
    GDate discovered, notice;
    struct bl_dates dates; /* every date the deadlines count from */
    /* the organisation is a HIPAA entity whose letters are dated after HIPAA's deadline: the
     * states that deem only a compliant HIPAA notice sufficient hold it to their own law */
    gboolean hipaa_late;
    GPtrArray *exemptions;   /* struct bl_exemption_row: the laws that exempted or deemed */
    GPtrArray *verify;       /* struct bl_verify_note: open questions of the rules applied */
    GHashTable *notifiable;  /* jurisdiction code -> residents its law requires notice to */
    GPtrArray *coverage;     /* struct bl_coverage_row: residents the state's law does not cover */
    GPtrArray *alternatives; /* struct bl_alternative_row: other forms of notice permitted */
    const struct bl_rules *rules;       /* borrowed: the inputs outlive the report */
    const struct bl_incident *incident; /* borrowed */
};

/* Rejected rows of the list whose messages the check tells; the others are counted by kind. */
#define BL_CHECK_ROW_MESSAGES 100

struct bl_check_input {
    const struct bl_incident *incident;
    const struct bl_template *tpl;
    const struct bl_contacts *contacts;
    const struct bl_rules *rules;
    const char *recipients; /* list to check, or NULL: one sample resident of every state */
    GDate today;            /* for the age of the contacts and rules files */
    /* the letters' fonts, to find the rows whose data has a character no font has (told as
     * errors like rejected rows, counted in unprintable); NULL: not looked for */
    const struct bl_fonts *fonts;
    /* the pass over the list kept from an earlier check of it, used again when it still holds,
     * else made again and kept (see bl_check_memo_new); NULL: the list is read */
    struct bl_check_memo *memo;
};

/* The pass over a list kept between checks of it, for a program that checks one list again and
 * again for an incident being edited (the workbench's preview): the rows read and their
 * problems counted, and the residents grouped by everything the law and the letters ask of
 * them. A check given one reads the list only when the memo does not hold it: the list is
 * another, or changed (its size, times or inode; a list written within two seconds of its
 * reading counts as changed), or the incident reads lists differently
 * (bl_source_key: its categories, covered entities, language, columns or custom fields);
 * otherwise it counts the groups kept, and its report is the one reading the list would make.
 * The messages about the list's rows are told when it is read, not again, and the fonts are
 * taken to be those it was read with. One caller, one thread at a time. */
struct bl_check_memo;

BL_API struct bl_check_memo *bl_check_memo_new(void);
BL_API void bl_check_memo_free(struct bl_check_memo *memo);

/* TRUE when the last check given memo used it rather than reading the list (for a program that
 * says what a check cost). */
BL_API gboolean bl_check_memo_reused(const struct bl_check_memo *memo);

/* Runs every check. Problems in the inputs themselves (an unreadable list) are reported to
 * diag and make it return -1; findings about the letters go into the report. Rejected rows
 * of the list are counted, by kind too; the messages of the first BL_CHECK_ROW_MESSAGES go to
 * diag. Returns 0 and sets *out (free with bl_check_report_free), or -1. */
BL_API int bl_check_run(struct bl_check_report **out, const struct bl_check_input *in,
                        struct bl_diag *diag);
BL_API void bl_check_report_free(struct bl_check_report *report);

/* TRUE when the law of the recipient's state requires notice to them: the state does not exempt
 * the organisation, the person's exposure is personal information under its law, and no safe
 * harbour of that law holds. When FALSE, *why says why (static) and *cite where (borrowed);
 * either may be NULL. HIPAA applies whatever this says. */
BL_API gboolean bl_check_state_law(const struct bl_check_report *report,
                                   const struct bl_recipient *recipient, const char **why,
                                   const struct bl_cite **cite);

/* bl_check_state_law() as a struct bl_facts callback: data is the report. */
BL_API gboolean bl_check_facts_state_law(const void *data, const struct bl_recipient *recipient);

/* TRUE when the finding concerns this recipient's letter (its jurisdiction, variant and
 * categories are within the finding's scope). */
BL_API gboolean bl_check_concerns(const struct bl_finding *finding,
                                  const struct bl_incident *incident,
                                  const struct bl_recipient *recipient);

/* TRUE when finding f is about this recipient's letter as render gates it: f concerns the
 * letter (bl_check_concerns), and a state's content rule only a resident whose state's law
 * requires notice. An error finding counts (recipients) exactly the rows it is about. */
BL_API gboolean bl_check_stops(const struct bl_check_report *report, const struct bl_finding *f,
                               const struct bl_recipient *recipient);

/* The error finding that makes this recipient's letter non-compliant, or NULL. Borrowed from
 * report. */
BL_API const struct bl_finding *bl_check_blocking(const struct bl_check_report *report,
                                                  const struct bl_incident *incident,
                                                  const struct bl_recipient *recipient);

/* "XX rule: message", plus "; where" when WITH_WHERE and the finding has a scope. */
BL_API char *bl_finding_text(const struct bl_finding *finding, gboolean with_where);

/* The jurisdiction codes of the list's residents, sorted, borrowed from report; with ABROAD,
 * "" (residents of no jurisdiction) comes last when there are any. */
BL_API GPtrArray *bl_check_jurisdictions(const struct bl_check_report *report, gboolean abroad);

/* The residents of jurisdiction code in the list ("": of none), 0 when none. */
BL_API gint64 bl_check_residents(const struct bl_check_report *report, const char *code);

/* Number of findings of this severity. */
BL_API int bl_check_count(const struct bl_check_report *report, enum bl_severity severity);

/* The report for people (aligned tables) or as JSON. Free with g_free(). */
BL_API char *bl_check_format_text(const struct bl_check_report *report);
BL_API char *bl_check_format_json(const struct bl_check_report *report);

#endif

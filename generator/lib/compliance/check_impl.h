/* SPDX-License-Identifier: MIT */
/* Check, private side: the state one run of the check keeps, and what its parts share.
 * check_run.c runs the parts in order: the pass over the list (check_list.c), the letters linted
 * (check_lint.c), deadlines and notices (check_deadlines.c); each asks check_law.c which law
 * applies and records what it finds in the report through check.c. Only check*.c include this
 * header. */
#ifndef BL_CHECK_IMPL_H
#define BL_CHECK_IMPL_H

#include <glib.h>

#include "check.h"

/* One letter to lint: a recipient standing for every resident of a jurisdiction with the same
 * variant, exposed to every category any of them had. */
struct sample {
    char *jurisdiction;
    enum bl_variant variant;
    gboolean state_law;             /* the state's law requires notice to these residents */
    struct bl_recipient *recipient; /* the group's first row, with every category of the group */
    GHashTable *exposures; /* the group's members by what they had: "0,3" (category indexes,
                            * sorted) -> gint64 *, so a finding about some categories counts
                            * exactly the members it concerns */
};

struct checker {
    const struct bl_check_input *in;
    struct bl_check_report *rep;
    struct bl_diag *diag;
    GPtrArray *samples;     /* struct sample * */
    GHashTable *categories; /* jurisdiction -> GHashTable set of category indexes (+1) */
    GHashTable *monitoring; /* jurisdiction -> gint64 *: residents the monitoring minimum
                             * applies to */
    GHashTable *finding_ix; /* "J|rule" -> struct bl_finding * (to merge repeats) */
    gboolean hipaa;         /* the organisation is a HIPAA covered entity or associate */
    gint64 withheld_ids;    /* ids shaped like a Social Security, card or account number */
    gint64 military;        /* military addresses with no state of residence */
    /* the letters the incident asks language-assistance taglines of whose state the taglines
     * data has no list for: state ("" for none) -> gint64 *, and the data's file */
    GHashTable *taglines_missing;
    const char *taglines_data;
    /* the list may be a part of those affected: the incident gives no total, or counts for
     * some states only, or a total far above the list's rows */
    gboolean partial;
    gint64 affected_sum; /* the incident's counts by state, added up */
};

/* -- the report and its findings (check.c) ----------------------------------------------------- */

/* A report with nothing found yet, on the incident's dates. Free with bl_check_report_free(). */
struct bl_check_report *bl_check_report_new(const struct bl_check_input *in);

/* Adds a finding to the report and returns it (borrowed from the report); the same rule
 * failing again for the same jurisdiction returns the finding added first, whose `where` and
 * count the caller may extend. */
struct bl_finding *bl_check_add_finding(struct checker *ck, enum bl_severity sev,
                                        const char *jurisdiction, const char *rule,
                                        const struct bl_cite *cite, const char *where,
                                        gint64 recipients, const char *fmt, ...)
    G_GNUC_PRINTF(8, 9);

/* Keeps what a rule applied here could not confirm (cite->verify), once per jurisdiction and
 * note. */
void bl_check_note_verify(struct checker *ck, const struct bl_jurisdiction *j, const char *rule,
                          const struct bl_cite *cite);
/* Notes what the law says of a letter in another language (cite->translated), when a translated
 * letter was checked against the rule. */
void bl_check_note_translated(struct checker *ck, const struct bl_jurisdiction *j, const char *rule,
                              const struct bl_cite *cite);

/* -- which law applies (check_law.c) ----------------------------------------------------------- */

/* The exemption or deeming of a state's law that applies to the organisation, or NULL (always
 * for HIPAA): a law that does not bind its kind of organisation is an exemption (regime
 * "scope"); a deeming that holds only for a compliant HIPAA notice does not hold when the HIPAA
 * letters are late. Borrowed from the rules. */
const struct bl_exemption *bl_check_exemption(const struct checker *ck,
                                              const struct bl_jurisdiction *j);

/* A deeming of j's law that would hold if the organisation's HIPAA letters were on time (the
 * law deems only a compliant HIPAA notice sufficient), or NULL. Borrowed from the rules. */
const struct bl_exemption *bl_check_lost_deeming(const struct checker *ck,
                                                 const struct bl_jurisdiction *j);

/* TRUE when the incident's organisation is a HIPAA entity and its letters are dated after
 * HIPAA's deadline (45 CFR 164.404(b)) on these dates. */
gboolean bl_check_hipaa_late(const struct bl_rules *rules, const struct bl_incident *inc,
                             const struct bl_dates *dates);

/* TRUE when j's breach law is in force on the incident's dates (<law from>): before it the
 * state owes no notice. */
gboolean bl_check_law_in_force(const struct bl_jurisdiction *j, const struct bl_dates *dates);

/* TRUE when j's law, on the incident's facts, requires notice to someone exposed to any of the
 * categories in the set (category indexes + 1): what a state the incident's <affected> names
 * but the list does not reach is owed. */
gboolean bl_check_law_covers(const struct checker *ck, const struct bl_jurisdiction *j,
                             GHashTable *categories, const char **why, const struct bl_cite **cite);

/* TRUE when a rule's conditions hold for this incident: its dates, its categories (any of
 * them in categories, a set of category indexes + 1), the organisation's HIPAA role and its
 * regulators. */
gboolean bl_check_when_holds(const struct checker *ck, const struct bl_when *w,
                             GHashTable *categories);

/* TRUE when any of ids names a category in the index set (indexes stored + 1). */
gboolean bl_check_categories_hit(const struct checker *ck, char **ids, GHashTable *set);

/* TRUE when r had any of the categories ids. */
gboolean bl_check_exposed_to(const struct bl_incident *inc, char **ids,
                             const struct bl_recipient *r);

/* The name of jurisdiction code for messages: the rules', else the known name, else the code.
 * Borrowed. */
const char *bl_check_jurisdiction_name(const struct checker *ck, const char *code);

/* Orders jurisdiction codes (char * elements of a GPtrArray) for g_ptr_array_sort(). */
gint bl_check_compare_codes(gconstpointer a, gconstpointer b);

/* -- the parts of a run, in the order check_run.c runs them ------------------------------------ */

/* check_list.c: reads the list, counting its rows, residents and categories and gathering the
 * samples; the messages of the first BL_CHECK_ROW_MESSAGES rejected rows go to ck->diag.
 * Returns 0, or -1 when the list cannot be read (reported). */
int bl_check_read_list(struct checker *ck);

/* check_list.c: without a list, one sample adult in every jurisdiction of the rules, exposed
 * to every category. */
void bl_check_make_samples(struct checker *ck);

/* check_list.c: frees a struct sample (a GDestroyNotify for ck->samples). */
void bl_check_sample_free(gpointer sample);

/* check_list.c: the residents of code the monitoring minimum applies to, 0 when none. */
gint64 bl_check_monitored(const struct checker *ck, const char *code);

/* check_lint.c: lints the letter of every sample against the content rules that apply. */
void bl_check_lint_samples(struct checker *ck);

/* check_lint.c: the monitoring the incident offers against each state's minimum. */
void bl_check_monitoring(struct checker *ck);

/* check_deadlines.c: the letters' deadline in each jurisdiction and the other notices the
 * counts trigger. */
void bl_check_deadlines(struct checker *ck);

#endif

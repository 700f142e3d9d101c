/* SPDX-License-Identifier: MIT */
/* Check: deadlines and notices. The letters' deadline in each jurisdiction, with how the
 * letters' date stands against it, and the other notices the counts of residents trigger (to an
 * attorney general or regulator, the consumer reporting agencies, HHS, the media). */
#include <string.h>

#include "check_impl.h"
#include "holidays.h"

/* Keeps what the holidays a business-day deadline skips could not confirm: those of its state
 * (which says what it adds to the federal ones), else the federal ones'. */
static void
note_calendar(struct checker *ck, const struct bl_jurisdiction *j, const struct bl_deadline *d)
{
    if (d->business && d->calendar != NULL) {
        bl_check_note_verify(ck, j, d->calendar->name, &d->calendar->cite);
    }
}

/* Lists an exemption or deeming as applied (or lost, or a scope that may apply) once per
 * jurisdiction, with its note. */
static void
add_exemption_row(struct checker *ck, const struct bl_jurisdiction *j, const struct bl_exemption *e,
                  gint64 residents, gboolean lost, gboolean may_apply)
{
    struct bl_exemption_row er = {j, e, (int)residents, lost, may_apply};

    g_ptr_array_add(ck->rep->exemptions, g_memdup2(&er, sizeof(er)));
    bl_check_note_verify(ck, j, strcmp(e->regime, "scope") == 0 ? "applies-to" : e->kind, &e->cite);
}

/* The letters' deadline in j for its residents in the list (owed: those its law requires notice
 * to), and how the letters' date stands against it. */
static void
add_deadline(struct checker *ck, const struct bl_jurisdiction *j, gint64 residents, gint64 owed)
{
    struct bl_deadline_row row = {.jurisdiction = j, .residents = residents, .owed = owed};
    const GDate *notice = &ck->in->incident->notice;
    const struct bl_exemption *e = bl_check_exemption(ck, j);
    const struct bl_exemption *lost = bl_check_lost_deeming(ck, j);
    const struct bl_exemption *scope = NULL;
    int applies = 1;

    if (strcmp(j->code, "HIPAA") != 0) {
        scope = bl_jurisdiction_scope(j, ck->in->incident->org.kind, &ck->rep->dates, &applies);
    }
    row.status = BL_DUE_NONE;
    row.rule = bl_jurisdiction_individuals(j, &ck->rep->dates);
    g_date_clear(&row.due, 1);
    if (!bl_check_law_in_force(j, &ck->rep->dates)) {
        /* no breach law yet: nothing of the state applies (its residents are listed as owed no
         * notice, with the law's first day) */
        row.rule = NULL;
        row.status = BL_DUE_NOT_OWED;
        g_array_append_val(ck->rep->deadlines, row);
        return;
    }
    if (e != NULL) {
        add_exemption_row(ck, j, e, residents, FALSE, FALSE);
    }
    if (lost != NULL) {
        /* the state deems only a compliant HIPAA notice sufficient: late letters are held to
         * the state's own clock */
        add_exemption_row(ck, j, lost, residents, TRUE, FALSE);
        row.lost = lost;
    }
    if (e != NULL && e->deadline) {
        row.exemption = e;
        row.status = BL_DUE_EXEMPT;
        g_array_append_val(ck->rep->deadlines, row);
        return;
    }
    bl_check_note_verify(ck, j, "law", &j->law_cite);
    if (scope != NULL && applies < 0) {
        add_exemption_row(ck, j, scope, residents, FALSE, TRUE);
        row.exemption = scope;
        row.status = BL_DUE_MAY_APPLY;
        g_array_append_val(ck->rep->deadlines, row);
        return;
    }
    if (owed == 0 && strcmp(j->code, "HIPAA") != 0) {
        row.status = BL_DUE_NOT_OWED;
        g_array_append_val(ck->rep->deadlines, row);
        return;
    }
    if (row.rule == NULL) {
        g_array_append_val(ck->rep->deadlines, row);
        return;
    }
    bl_check_note_verify(ck, j, "deadline", &row.rule->cite);
    note_calendar(ck, j, &row.rule->deadline);
    if (bl_deadline_suspended(&row.rule->deadline, &ck->rep->dates)) {
        row.status = BL_DUE_SUSPENDED;
        g_array_append_val(ck->rep->deadlines, row);
        return;
    }
    bl_deadline_due(&row.due, &row.rule->deadline, &ck->rep->dates);
    if (g_date_valid(&row.due) && g_date_valid(notice)) {
        row.margin = g_date_days_between(notice, &row.due);
        row.status = row.margin < 0 ? BL_DUE_LATE : row.margin <= 7 ? BL_DUE_SOON : BL_DUE_OK;
        if (row.status == BL_DUE_LATE) {
            char *describe = bl_deadline_describe(&row.rule->deadline);
            char due[16];

            g_date_strftime(due, sizeof(due), "%Y-%m-%d", &row.due);
            bl_check_add_finding(
                ck, BL_SEV_WARNING, j->code, "deadline", &row.rule->cite, NULL, owed,
                "the letters are dated %d day%s after the deadline for %s (%s: %s)%s", -row.margin,
                row.margin == -1 ? "" : "s", j->name, describe, due,
                lost != NULL ? "; the HIPAA letters are late too, so the state's deeming of a "
                               "HIPAA notice does not hold"
                             : "");
            g_free(describe);
        }
    }
    g_array_append_val(ck->rep->deadlines, row);
}

static struct bl_obligation *
add_obligation(struct checker *ck, const struct bl_jurisdiction *j, const struct bl_notify *n,
               const char *state, gint64 count, enum bl_count_source source, gint64 listed)
{
    struct bl_obligation o = {.jurisdiction = j,
                              .notify = n,
                              .state = g_strdup(state),
                              .count = count,
                              .source = source,
                              .listed = listed,
                              .triggered = count >= n->min && (n->max == 0 || count <= n->max)};

    /* a count of the list's, when the list may be a part of those affected, decides nothing:
     * neither a threshold not reached nor a maximum not passed */
    o.uncertain =
        ck->partial && (source == BL_FROM_LIST ||
                        (source == BL_FROM_TOTAL && ck->in->incident->total_affected <= 0));

    bl_deadline_due(&o.due, &n->deadline, &ck->rep->dates);
    g_array_append_val(ck->rep->obligations, o);
    if (o.triggered) {
        char *to = g_strdup_printf("notice to %s", n->to);

        bl_check_note_verify(ck, j, to, &n->cite);
        note_calendar(ck, j, &n->deadline);
        g_free(to);
    }
    return &g_array_index(ck->rep->obligations, struct bl_obligation,
                          ck->rep->obligations->len - 1);
}

/* Everyone affected: the incident's total when it gives one, else every row of the list (a
 * rejected row is still a person affected). */
static gint64
total(const struct checker *ck)
{
    return MAX(ck->in->incident->total_affected, (gint64)ck->rep->rows);
}

/* The residents of code a state's threshold counts: the incident's count for the state when
 * it gives one (the list at hand may be a part of those notified), else the list's; never
 * fewer than the list has. */
static gint64
state_count(const struct checker *ck, const char *code, gint64 listed, enum bl_count_source *source)
{
    gint64 affected = bl_incident_affected_in(ck->in->incident, code);

    *source = affected >= listed ? BL_FROM_INCIDENT : BL_FROM_LIST;
    return MAX(affected, listed);
}

static void
obligations_of(struct checker *ck, const struct bl_jurisdiction *j, gint64 residents,
               GPtrArray *codes, gboolean harm_only)
{
    GHashTable *cats = g_hash_table_lookup(ck->categories, j->code);
    GHashTable *all = g_hash_table_new(g_direct_hash, g_direct_equal);
    const struct bl_exemption *e = bl_check_exemption(ck, j);

    if (strcmp(j->code, "HIPAA") == 0 || cats == NULL) {
        /* every recipient's categories count for the federal rules, and for a state the
         * incident's <affected> names but the list does not */
        GHashTableIter it;
        gpointer set;

        g_hash_table_iter_init(&it, ck->categories);
        while (g_hash_table_iter_next(&it, NULL, &set)) {
            GHashTableIter jt;
            gpointer ix;

            g_hash_table_iter_init(&jt, set);
            while (g_hash_table_iter_next(&jt, &ix, NULL)) {
                g_hash_table_add(all, ix);
            }
        }
        cats = all;
    }
    for (guint i = 0; i < j->notify->len; i++) {
        const struct bl_notify *n = g_ptr_array_index(j->notify, i);

        if (cats == NULL || !bl_check_when_holds(ck, &n->when, cats) ||
            (harm_only && !n->when.harm)) {
            continue;
        }
        /* an exemption takes every notice away; a deeming only the general ones, not those the
         * law writes for the regulated entity itself (when-hipaa) */
        if (e != NULL && e->notices && (strcmp(e->kind, "exempt") == 0 || n->when.hipaa == NULL)) {
            continue;
        }
        if (n->count == BL_COUNT_EACH_STATE) {
            gint64 most = 0;
            gboolean any = FALSE;
            enum bl_count_source most_source = BL_FROM_LIST;

            for (guint c = 0; c < codes->len; c++) {
                const char *code = g_ptr_array_index(codes, c);
                gint64 listed = bl_check_residents(ck->rep, code);
                enum bl_count_source source;
                gint64 count = state_count(ck, code, listed, &source);

                if (count > most) {
                    most = count;
                    most_source = source;
                }
                if (count >= n->min) {
                    add_obligation(ck, j, n, code, count, source, listed);
                    any = TRUE;
                }
            }
            if (!any) {
                add_obligation(ck, j, n, NULL, most, most_source, -1);
            }
        } else if (n->count == BL_COUNT_TOTAL) {
            add_obligation(ck, j, n, NULL, total(ck), BL_FROM_TOTAL, -1);
        } else {
            enum bl_count_source source;
            gint64 count = state_count(ck, j->code, residents, &source);
            struct bl_obligation *o = add_obligation(ck, j, n, NULL, count, source, residents);

            o->uncovered =
                source == BL_FROM_INCIDENT && bl_check_residents(ck->rep, j->code) > residents;
        }
    }
    g_hash_table_unref(all);
}

/* A state the incident's <affected> names and the list does not reach: its notices count the
 * incident's residents when its law covers what the list's recipients (or, without any, the
 * incident) had exposed; else those residents are reported as owed no notice. */
static void
unlisted_state(struct checker *ck, const struct bl_jurisdiction *j, gint64 affected,
               GPtrArray *states)
{
    GHashTable *all = g_hash_table_new(g_direct_hash, g_direct_equal);
    GHashTableIter it;
    gpointer set;
    const char *why = NULL;
    const struct bl_cite *cite = NULL;

    g_hash_table_iter_init(&it, ck->categories);
    while (g_hash_table_iter_next(&it, NULL, &set)) {
        GHashTableIter jt;
        gpointer ix;

        g_hash_table_iter_init(&jt, set);
        while (g_hash_table_iter_next(&jt, &ix, NULL)) {
            g_hash_table_add(all, ix);
        }
    }
    if (g_hash_table_size(all) == 0) {
        for (guint c = 0; c < ck->in->incident->categories->len; c++) {
            g_hash_table_add(all, GINT_TO_POINTER(c + 1));
        }
    }
    if (bl_check_law_covers(ck, j, all, &why, &cite)) {
        obligations_of(ck, j, 0, states, FALSE);
    } else {
        struct bl_coverage_row *row = g_new0(struct bl_coverage_row, 1);

        row->jurisdiction = j;
        row->residents = (int)MIN(affected, G_MAXINT);
        row->from_incident = TRUE;
        row->reason = why;
        row->cite = cite;
        g_ptr_array_add(ck->rep->coverage, row);
        if (cite != NULL) {
            bl_check_note_verify(ck, j, cite == &j->law_cite ? "law" : "personal-information",
                                 cite);
        }
    }
    g_hash_table_unref(all);
}

/* The states of the list and those the incident's <affected> names, sorted (borrowed). */
static GPtrArray *
states_affected(const struct checker *ck, GPtrArray *codes)
{
    GPtrArray *states = g_ptr_array_new();
    GHashTableIter it;
    gpointer key;

    for (guint i = 0; i < codes->len; i++) {
        g_ptr_array_add(states, g_ptr_array_index(codes, i));
    }
    g_hash_table_iter_init(&it, ck->in->incident->affected_by_state);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        if (!g_ptr_array_find_with_equal_func(codes, key, g_str_equal, NULL)) {
            g_ptr_array_add(states, key);
        }
    }
    g_ptr_array_sort(states, bl_check_compare_codes);
    return states;
}

void
bl_check_deadlines(struct checker *ck)
{
    const struct bl_jurisdiction *hipaa = bl_rules_find(ck->in->rules, "HIPAA");
    GPtrArray *codes = bl_check_jurisdictions(ck->rep, FALSE);
    GPtrArray *states = states_affected(ck, codes);

    if (hipaa != NULL && ck->hipaa) {
        add_deadline(ck, hipaa, ck->rep->valid, ck->rep->valid);
        obligations_of(ck, hipaa, ck->rep->valid, ck->in->recipients != NULL ? states : codes,
                       FALSE);
    }
    for (guint i = 0; ck->in->recipients != NULL && i < states->len; i++) {
        const char *code = g_ptr_array_index(states, i);
        const struct bl_jurisdiction *j = bl_rules_find(ck->in->rules, code);
        gint64 affected = bl_incident_affected_in(ck->in->incident, code);
        gboolean listed = g_ptr_array_find_with_equal_func(codes, code, g_str_equal, NULL);
        int owed;

        if (listed && affected >= 0 && bl_check_residents(ck->rep, code) > affected) {
            bl_check_add_finding(
                ck, BL_SEV_WARNING, code, "affected-count", NULL, ck->in->incident->path,
                bl_check_residents(ck->rep, code),
                "the list has %" G_GINT64_FORMAT " residents of %s, more than the %" G_GINT64_FORMAT
                " the incident's <affected> gives: the thresholds of %s's "
                "notices count the list's; correct the incident",
                bl_check_residents(ck->rep, code), bl_check_jurisdiction_name(ck, code), affected,
                bl_check_jurisdiction_name(ck, code));
        }
        if (j == NULL) {
            if (listed) {
                bl_check_add_finding(
                    ck, BL_SEV_WARNING, code, "no-rules", NULL, ck->in->rules->path,
                    bl_check_residents(ck->rep, code),
                    "the rules file has no entry for %s: its deadlines and notices are "
                    "not checked",
                    bl_check_jurisdiction_name(ck, code));
            }
            continue;
        }
        if (!listed) {
            /* none of the list lives there, but the incident's other letters go there: the
             * state's notices count them when its law covers what was exposed */
            if (affected > 0) {
                unlisted_state(ck, j, affected, states);
            }
            continue;
        }
        /* the state's deadline and notices count the residents its law requires notice to; a
         * law that owes none of them notice owes no notice to its officials either, whatever
         * the incident's count */
        owed = GPOINTER_TO_INT(g_hash_table_lookup(ck->rep->notifiable, code));
        add_deadline(ck, j, bl_check_residents(ck->rep, code), owed);
        if (owed > 0) {
            obligations_of(ck, j, owed, states, FALSE);
        } else if (ck->in->incident->harm_unlikely) {
            /* no notice because harm was found unlikely: the filings the exception asks for */
            obligations_of(ck, j, bl_check_residents(ck->rep, code), states, TRUE);
        }
    }
    g_ptr_array_unref(states);
    g_ptr_array_unref(codes);
}

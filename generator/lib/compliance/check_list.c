/* SPDX-License-Identifier: MIT */
/* Check: the pass over the list. Streams the recipients once to count rows, residents and
 * categories, the residents each state's law requires notice to (or not, and why) and those
 * permitted another form of notice, and gathers one sample letter per group to lint. */
#include <string.h>

#include "bind.h"
#include "check_impl.h"
#include "check_memo.h"
#include "coverage.h"
#include "kinds.h"
#include "text.h"

/* The count of a table of counts (code -> gint64 *), 0 when none. */
static gint64
count_of(GHashTable *counts, const char *code)
{
    const gint64 *n = g_hash_table_lookup(counts, code);

    return n != NULL ? *n : 0;
}

/* Adds n to a table of counts. */
static void
count_add(GHashTable *counts, const char *code, gint64 n)
{
    gint64 *c = g_hash_table_lookup(counts, code);

    if (c == NULL) {
        c = g_new0(gint64, 1);
        g_hash_table_insert(counts, g_strdup(code), c);
    }
    *c += n;
}

gint64
bl_check_residents(const struct bl_check_report *rep, const char *code)
{
    return count_of(rep->residents, code);
}

GPtrArray *
bl_check_jurisdictions(const struct bl_check_report *rep, gboolean abroad)
{
    GPtrArray *codes = g_ptr_array_new();
    GHashTableIter it;
    gpointer key;

    g_hash_table_iter_init(&it, rep->residents);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        if (((const char *)key)[0] != '\0') {
            g_ptr_array_add(codes, key);
        }
    }
    g_ptr_array_sort(codes, bl_check_compare_codes);
    if (abroad && g_hash_table_contains(rep->residents, "")) {
        g_ptr_array_add(codes, "");
    }
    return codes;
}

gint64
bl_check_monitored(const struct checker *ck, const char *code)
{
    return count_of(ck->monitoring, code);
}

/* -- the samples ------------------------------------------------------------------------------- */

/* A new sample standing for the group of r. */
static struct sample *
sample_new(const struct bl_recipient *r, gboolean state_law)
{
    struct sample *s = g_new0(struct sample, 1);

    s->jurisdiction = g_strdup(r->jurisdiction);
    s->variant = r->variant;
    s->state_law = state_law;
    s->recipient = bl_recipient_copy(r);
    s->exposures = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return s;
}

void
bl_check_sample_free(gpointer data)
{
    struct sample *s = data;

    g_free(s->jurisdiction);
    bl_recipient_free(s->recipient);
    g_hash_table_unref(s->exposures);
    g_free(s);
}

/* Counts r, n times, among the members of s, by the categories r had (r's are sorted and
 * unique). */
static void
sample_count(struct sample *s, const struct bl_recipient *r, gint64 n)
{
    GString *key = g_string_new(NULL);

    for (guint i = 0; i < r->categories->len; i++) {
        g_string_append_printf(key, "%s%d", i > 0 ? "," : "", g_array_index(r->categories, int, i));
    }
    count_add(s->exposures, key->str, n);
    g_string_free(key, TRUE);
}

/* The letters of one group (jurisdiction, variant, language, and whether the state's law
 * requires notice) are linted once, for a resident exposed to every category anyone of the
 * group had: the content rules of each category are then tested. */
static void
take_sample(struct checker *ck, const struct bl_recipient *r, gint64 n)
{
    struct sample *s = NULL;
    gboolean state_law = bl_check_state_law(ck->rep, r, NULL, NULL);

    for (guint i = 0; i < ck->samples->len && s == NULL; i++) {
        struct sample *x = g_ptr_array_index(ck->samples, i);

        if (x->variant == r->variant && strcmp(x->jurisdiction, r->jurisdiction) == 0 &&
            strcmp(x->recipient->language, r->language) == 0 && x->state_law == state_law) {
            s = x;
        }
    }
    if (s == NULL) {
        s = sample_new(r, state_law);
        sample_count(s, r, n);
        g_ptr_array_add(ck->samples, s);
        return;
    }
    sample_count(s, r, n);
    for (guint i = 0; i < r->categories->len; i++) {
        int ix = g_array_index(r->categories, int, i);
        GArray *cats = s->recipient->categories;
        guint at = 0;

        while (at < cats->len && g_array_index(cats, int, at) < ix) {
            at++;
        }
        if (at == cats->len || g_array_index(cats, int, at) != ix) {
            g_array_insert_val(cats, at, ix);
        }
    }
}

/* -- one recipient ----------------------------------------------------------------------------- */

static GHashTable *
category_set(struct checker *ck, const char *jurisdiction)
{
    GHashTable *set = g_hash_table_lookup(ck->categories, jurisdiction);

    if (set == NULL) {
        set = g_hash_table_new(g_direct_hash, g_direct_equal);
        g_hash_table_insert(ck->categories, g_strdup(jurisdiction), set);
    }
    return set;
}

/* Counts n residents the state's law does not require notice to, by reason. */
static void
note_uncovered(struct checker *ck, const struct bl_jurisdiction *j, const char *why,
               const struct bl_cite *cite, gint64 n)
{
    struct bl_coverage_row *row;

    for (guint i = 0; i < ck->rep->coverage->len; i++) {
        row = g_ptr_array_index(ck->rep->coverage, i);
        if (row->jurisdiction == j && row->reason == why) {
            row->residents += n;
            return;
        }
    }
    row = g_new0(struct bl_coverage_row, 1);
    row->jurisdiction = j;
    row->residents = n;
    row->reason = why;
    row->cite = cite;
    g_ptr_array_add(ck->rep->coverage, row);
    if (cite != NULL &&
        (bl_check_exemption(ck, j) == NULL || cite != &bl_check_exemption(ck, j)->cite)) {
        bl_check_note_verify(ck, j, cite == &j->law_cite ? "law" : "personal-information", cite);
    }
}

/* TRUE when the personal information of r (under the state's definition pi, or, without one,
 * the categories the vocabulary calls sensitive) is all of the categories ids, and there is
 * some. */
static gboolean
only_of(const struct checker *ck, const struct bl_pi_rule *pi, char **ids,
        const struct bl_recipient *r)
{
    gboolean any = FALSE;

    for (guint i = 0; i < r->categories->len; i++) {
        const struct bl_category *c =
            g_ptr_array_index(ck->in->incident->categories, g_array_index(r->categories, int, i));
        gboolean personal =
            pi != NULL ? g_strv_contains((const char *const *)pi->categories, c->id) : c->sensitive;

        if (!personal) {
            continue;
        }
        if (!g_strv_contains((const char *const *)ids, c->id)) {
            return FALSE;
        }
        any = TRUE;
    }
    return any;
}

/* Counts r, n times, for each other form of notice its state's law permits it. */
static void
count_alternatives(struct checker *ck, const struct bl_jurisdiction *j,
                   const struct bl_recipient *r, gint64 n)
{
    const struct bl_pi_rule *pi = bl_jurisdiction_personal(j, &ck->rep->dates);

    for (guint i = 0; i < j->alternatives->len; i++) {
        const struct bl_alternative *a = g_ptr_array_index(j->alternatives, i);
        struct bl_alternative_row *row = NULL;

        if (!bl_span_holds(&a->when.span, &ck->rep->dates) || !only_of(ck, pi, a->categories, r)) {
            continue;
        }
        for (guint k = 0; k < ck->rep->alternatives->len && row == NULL; k++) {
            struct bl_alternative_row *x = g_ptr_array_index(ck->rep->alternatives, k);

            row = x->alternative == a ? x : NULL;
        }
        if (row == NULL) {
            row = g_new0(struct bl_alternative_row, 1);
            row->jurisdiction = j;
            row->alternative = a;
            g_ptr_array_add(ck->rep->alternatives, row);
            bl_check_note_verify(ck, j, a->id, &a->cite);
        }
        row->residents += n;
    }
}

/* Counts r as n residents alike (check_memo.h's groups: the same jurisdiction, state of address,
 * variant, language and categories, which are all this reads of r). */
static void
count_recipient(struct checker *ck, const struct bl_recipient *r, gint64 n)
{
    const struct bl_jurisdiction *j = bl_rules_find(ck->in->rules, r->jurisdiction);
    const struct bl_monitoring_rule *m =
        j != NULL ? bl_jurisdiction_monitoring(j, &ck->rep->dates) : NULL;
    const struct bl_exemption *e = j != NULL ? bl_check_exemption(ck, j) : NULL;
    const char *why = NULL;
    const struct bl_cite *cite = NULL;
    gboolean owed = bl_check_state_law(ck->rep, r, &why, &cite);
    GHashTable *set = category_set(ck, r->jurisdiction);
    GArray *counts = g_hash_table_lookup(ck->rep->by_category, r->jurisdiction);

    if (counts == NULL) {
        counts = g_array_new(FALSE, TRUE, sizeof(gint64));
        g_array_set_size(counts, ck->in->incident->categories->len);
        g_hash_table_insert(ck->rep->by_category, g_strdup(r->jurisdiction), counts);
    }
    const char *no_taglines =
        bl_bind_taglines_missing(ck->in->tpl, ck->in->incident, r, &ck->taglines_data);

    if (no_taglines != NULL) {
        count_add(ck->taglines_missing, no_taglines, n);
    }
    count_add(ck->rep->residents, r->jurisdiction, n);
    if (r->jurisdiction[0] == '\0' && bl_source_military_state(r->address.state)) {
        ck->military += n;
    }
    for (guint i = 0; i < r->categories->len; i++) {
        int ix = g_array_index(r->categories, int, i);

        g_hash_table_add(set, GINT_TO_POINTER(ix + 1));
        g_array_index(counts, gint64, ix) += n;
    }
    if (owed && j != NULL && bl_jurisdiction_personal(j, &ck->rep->dates) != NULL) {
        /* the definition decided that notice is owed: what it could not confirm is shown too */
        bl_check_note_verify(ck, j, "personal-information",
                             &bl_jurisdiction_personal(j, &ck->rep->dates)->cite);
    }
    if (owed) {
        g_hash_table_insert(ck->rep->notifiable, g_strdup(r->jurisdiction),
                            GINT_TO_POINTER(GPOINTER_TO_INT(g_hash_table_lookup(ck->rep->notifiable,
                                                                                r->jurisdiction)) +
                                            (int)n));
        if (j != NULL) {
            count_alternatives(ck, j, r, n);
        }
    } else {
        note_uncovered(ck, j, why, cite, n);
    }
    if (owed && m != NULL && (e == NULL || !e->content) &&
        bl_check_exposed_to(ck->in->incident, m->when.categories, r)) {
        count_add(ck->monitoring, r->jurisdiction, n);
    }
    take_sample(ck, r, n);
}

/* -- the list ---------------------------------------------------------------------------------- */

/* Reads the list into memo: its rows counted, their problems told (the first
 * BL_CHECK_ROW_MESSAGES rejected rows' messages, the others counted by kind) and its valid rows
 * grouped. Returns 0, or -1 when the list cannot be read (reported). */
static int
read_rows(struct checker *ck, struct bl_check_memo *memo)
{
    struct bl_check_pass *pass = bl_check_memo_pass(memo);
    struct bl_source *src = NULL;
    const struct bl_record *rec;
    struct bl_kinds *all = NULL, *untold = NULL;
    gboolean held = FALSE;
    int more;

    if (bl_source_open(&src, ck->in->recipients, ck->in->incident, ck->diag) < 0) {
        return -1;
    }
    all = bl_kinds_new();
    untold = bl_kinds_new();
    while ((more = bl_source_next(src, &rec)) > 0) {
        char *id = bl_text_redact(rec->row_id);

        pass->withheld_ids += strcmp(id, rec->row_id) != 0;
        g_free(id);
        pass->rows++;
        if (rec->duplicate_of > 0 || rec->case_twin_of > 0) {
            /* the same id again, or the same id in another case (minus: a person of their own) */
            g_hash_table_insert(
                pass->duplicates, GINT_TO_POINTER(rec->line),
                GINT_TO_POINTER(rec->duplicate_of > 0 ? rec->duplicate_of : -rec->case_twin_of));
        }
        if (held) {
            bl_diag_clear(ck->diag); /* what the row said is counted below */
        }
        if (rec->status < 0) {
            pass->rejected++;
            bl_kinds_add(all, rec->error);
            if (held) {
                bl_kinds_add(untold, rec->error);
            } else if (pass->rejected == BL_CHECK_ROW_MESSAGES) {
                bl_diag_hold(ck->diag, TRUE);
                held = TRUE;
            }
            continue;
        }
        pass->valid++;
        bl_check_memo_add(memo, &rec->recipient);
        if (ck->in->fonts != NULL) {
            char *why = bl_coverage_recipient(ck->in->fonts, ck->in->incident, &rec->recipient);

            if (why != NULL) {
                struct bl_loc loc = {bl_source_path(src), rec->line, 0};
                char *rid = bl_text_redact(rec->row_id);

                pass->unprintable++;
                bl_diag_error(ck->diag, &loc, "%s: render refuses the letter (recipient '%s')", why,
                              rid);
                g_free(rid);
                g_free(why);
            }
        }
    }
    bl_diag_hold(ck->diag, FALSE); /* a file that cannot be read further is told */
    bl_source_free(src);
    if (bl_kinds_total(all) > 0) {
        pass->rejected_kinds = bl_kinds_format(all);
    }
    pass->rejected_untold = bl_kinds_total(untold);
    if (pass->rejected_untold > 0) {
        pass->untold_kinds = bl_kinds_format(untold);
    }
    bl_kinds_free(all);
    bl_kinds_free(untold);
    return more < 0 ? -1 : 0;
}

int
bl_check_read_list(struct checker *ck)
{
    const struct bl_check_input *in = ck->in;
    struct bl_check_memo *memo = in->memo != NULL ? in->memo : bl_check_memo_new();
    char *key = bl_source_key(in->incident);
    gboolean reuse = bl_check_memo_holds(memo, in->recipients, key, in->fonts != NULL);
    struct bl_check_pass *pass = bl_check_memo_pass(memo);
    GPtrArray *groups = bl_check_memo_groups(memo);
    GHashTableIter it;
    gpointer line, first;
    int rc = 0;

    if (!reuse) {
        bl_check_memo_start(memo, in->recipients, key, in->fonts != NULL);
        if (read_rows(ck, memo) < 0) {
            bl_check_memo_forget(memo);
            rc = -1;
        }
    }
    bl_check_memo_used(memo, reuse);
    if (rc == 0) {
        ck->rep->rows = pass->rows;
        ck->rep->valid = pass->valid;
        ck->rep->rejected = pass->rejected;
        ck->rep->rejected_kinds = g_strdup(pass->rejected_kinds);
        ck->rep->rejected_untold = pass->rejected_untold;
        ck->rep->untold_kinds = g_strdup(pass->untold_kinds);
        ck->rep->unprintable = pass->unprintable;
        ck->withheld_ids = pass->withheld_ids;
        g_hash_table_iter_init(&it, pass->duplicates);
        while (g_hash_table_iter_next(&it, &line, &first)) {
            g_hash_table_insert(ck->rep->duplicates, line, first);
        }
        /* in the order the groups' first rows came: the samples, and what is listed in the
         * order it was first met, come out as a row by row count makes them */
        for (guint i = 0; i < groups->len; i++) {
            struct bl_check_group *g = g_ptr_array_index(groups, i);

            g->first->covered_entity = bl_incident_entity(in->incident, g->first->entity);
            count_recipient(ck, g->first, g->n);
            g->first->covered_entity = NULL; /* the incident's: not kept past this check */
        }
    }
    if (in->memo == NULL) {
        bl_check_memo_free(memo);
    }
    g_free(key);
    return rc;
}

void
bl_check_make_samples(struct checker *ck)
{
    const struct bl_incident *inc = ck->in->incident;

    for (guint i = 0; i < ck->in->rules->jurisdictions->len; i++) {
        const struct bl_jurisdiction *j = g_ptr_array_index(ck->in->rules->jurisdictions, i);
        struct bl_recipient r = {0};
        struct sample *s;
        GHashTable *set;

        if (strcmp(j->code, "HIPAA") == 0) {
            continue;
        }
        r.id = r.jurisdiction = r.address.state = j->code;
        r.title = r.middle_name = r.suffix = r.addressee = r.address.line2 = "";
        r.first_name = "[First Name]";
        r.last_name = "[Last Name]";
        r.address.line1 = "[Street Address]";
        r.address.city = "[City]";
        r.address.postal_code = "[ZIP]";
        r.address.country = "US";
        r.enrolment_code = "[Enrollment Code]";
        r.language = inc->language;
        r.variant = BL_VARIANT_ADULT;
        r.entity = "";
        r.covered_entity = inc->entities->len > 0 ? g_ptr_array_index(inc->entities, 0) : NULL;
        r.categories = g_array_new(FALSE, FALSE, sizeof(int));
        set = category_set(ck, j->code);
        for (guint c = 0; c < inc->categories->len; c++) {
            int ix = (int)c;

            g_array_append_val(r.categories, ix);
            g_hash_table_add(set, GINT_TO_POINTER(ix + 1));
        }
        s = sample_new(&r, bl_check_state_law(ck->rep, &r, NULL, NULL));
        g_array_unref(r.categories);
        g_ptr_array_add(ck->samples, s);
    }
}

/* SPDX-License-Identifier: MIT */
/* Check: streams the recipient list once to count residents and gather one sample letter per
 * jurisdiction and variant, lints those letters against the jurisdiction rules, and computes
 * deadlines and the notices the counts trigger. */
#include "check.h"

#include <string.h>

#include "bind.h"
#include "holidays.h"
#include "kinds.h"
#include "source.h"
#include "text.h"

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

/* Where a lint finding applies: the jurisdictions and variants of the letters that fail. */
struct spread {
    GPtrArray *codes;   /* char *, sorted, unique */
    guint variants;     /* bit per enum bl_variant */
    GPtrArray *samples; /* struct sample *, borrowed: the groups counted */
};

static void
spread_free(gpointer data)
{
    struct spread *sp = data;

    g_ptr_array_unref(sp->codes);
    g_ptr_array_unref(sp->samples);
    g_free(sp);
}

struct checker {
    const struct bl_check_input *in;
    struct bl_check_report *rep;
    struct bl_diag *diag;
    GPtrArray *samples;     /* struct sample * */
    GHashTable *categories; /* jurisdiction -> GHashTable set of category indexes (+1) */
    GHashTable *monitoring; /* jurisdiction -> gint64 *: residents the monitoring minimum
                             * applies to */
    GHashTable *finding_ix; /* "J|rule" -> struct bl_finding * (to merge repeats) */
    GHashTable *spreads;    /* struct bl_finding * -> struct spread * */
    gboolean hipaa;         /* the organisation is a HIPAA covered entity or associate */
    gint64 withheld_ids;    /* ids shaped like a Social Security, card or account number */
    gint64 military;        /* military addresses with no state of residence */
};

static void
finding_free(gpointer data)
{
    struct bl_finding *f = data;

    g_free(f->jurisdiction);
    g_free(f->rule);
    g_free(f->message);
    g_free(f->cite);
    g_free(f->href);
    g_free(f->where);
    if (f->groups != NULL) {
        g_ptr_array_unref(f->groups);
    }
    g_strfreev(f->categories);
    g_free(f);
}

void
bl_check_report_free(struct bl_check_report *rep)
{
    if (rep == NULL) {
        return;
    }
    for (guint i = 0; i < rep->obligations->len; i++) {
        g_free(g_array_index(rep->obligations, struct bl_obligation, i).state);
    }
    g_array_unref(rep->obligations);
    g_array_unref(rep->deadlines);
    g_ptr_array_unref(rep->exemptions);
    g_ptr_array_unref(rep->verify);
    g_hash_table_unref(rep->notifiable);
    g_ptr_array_unref(rep->coverage);
    g_ptr_array_unref(rep->alternatives);
    g_ptr_array_unref(rep->findings);
    g_hash_table_unref(rep->duplicates);
    g_hash_table_unref(rep->residents);
    g_hash_table_unref(rep->by_category);
    g_free(rep->incident_path);
    g_free(rep->recipients_path);
    g_free(rep->rejected_kinds);
    g_free(rep->untold_kinds);
    g_free(rep);
}

static void
sample_free(gpointer data)
{
    struct sample *s = data;

    g_free(s->jurisdiction);
    bl_recipient_free(s->recipient);
    g_hash_table_unref(s->exposures);
    g_free(s);
}

int
bl_check_count(const struct bl_check_report *rep, enum bl_severity severity)
{
    int n = 0;

    for (guint i = 0; i < rep->findings->len; i++) {
        n += ((struct bl_finding *)g_ptr_array_index(rep->findings, i))->severity == severity;
    }
    return n;
}

/* The count of a table of counts (code -> gint64 *), 0 when none. */
static gint64
count_of(GHashTable *counts, const char *code)
{
    const gint64 *n = g_hash_table_lookup(counts, code);

    return n != NULL ? *n : 0;
}

/* Adds one to a table of counts. */
static void
count_one(GHashTable *counts, const char *code)
{
    gint64 *n = g_hash_table_lookup(counts, code);

    if (n == NULL) {
        n = g_new0(gint64, 1);
        g_hash_table_insert(counts, g_strdup(code), n);
    }
    (*n)++;
}

static gint64
residents_of(const struct bl_check_report *rep, const char *code)
{
    return count_of(rep->residents, code);
}

gint64
bl_check_residents(const struct bl_check_report *rep, const char *code)
{
    return residents_of(rep, code);
}

/* Adds a finding; the same rule failing again for the same jurisdiction only extends `where`
 * and the count. */
static struct bl_finding *add_finding(struct checker *ck, enum bl_severity sev,
                                      const char *jurisdiction, const char *rule,
                                      const struct bl_cite *cite, const char *where,
                                      gint64 recipients, const char *fmt, ...) G_GNUC_PRINTF(8, 9);

static struct bl_finding *
add_finding(struct checker *ck, enum bl_severity sev, const char *jurisdiction, const char *rule,
            const struct bl_cite *cite, const char *where, gint64 recipients, const char *fmt, ...)
{
    char *key = g_strdup_printf("%s|%s", jurisdiction != NULL ? jurisdiction : "", rule);
    struct bl_finding *f = g_hash_table_lookup(ck->finding_ix, key);
    va_list ap;

    if (f != NULL) {
        g_free(key);
        return f;
    }
    f = g_new0(struct bl_finding, 1);
    f->severity = sev;
    f->jurisdiction = g_strdup(jurisdiction);
    f->rule = g_strdup(rule);
    va_start(ap, fmt);
    f->message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (cite != NULL) {
        f->cite = g_strdup(cite->cite);
        f->href = g_strdup(cite->href);
    }
    f->where = g_strdup(where);
    f->recipients = recipients;
    g_ptr_array_add(ck->rep->findings, f);
    g_hash_table_insert(ck->finding_ix, key, f);
    return f;
}

static void
verify_note_free(gpointer data)
{
    struct bl_verify_note *v = data;

    g_free(v->rule);
    g_free(v);
}

/* Keeps what a rule applied here could not confirm, once per jurisdiction and note. */
static void
note_verify(struct checker *ck, const struct bl_jurisdiction *j, const char *rule,
            const struct bl_cite *cite)
{
    struct bl_verify_note *v;

    if (cite->verify == NULL) {
        return;
    }
    for (guint i = 0; i < ck->rep->verify->len; i++) {
        v = g_ptr_array_index(ck->rep->verify, i);
        if (v->note == cite->verify && v->jurisdiction == j->code) {
            return;
        }
    }
    v = g_new0(struct bl_verify_note, 1);
    v->jurisdiction = j->code;
    v->rule = g_strdup(rule);
    v->note = cite->verify;
    g_ptr_array_add(ck->rep->verify, v);
}

/* Keeps what the holidays a business-day deadline skips could not confirm: those of its state
 * (which says what it adds to the federal ones), else the federal ones'. */
static void
note_calendar(struct checker *ck, const struct bl_jurisdiction *j, const struct bl_deadline *d)
{
    if (d->business && d->calendar != NULL) {
        note_verify(ck, j, d->calendar->name, &d->calendar->cite);
    }
}

static const struct bl_exemption *exemption_of(const struct checker *ck,
                                               const struct bl_jurisdiction *j);

/* Counts a resident the state's law does not require notice to, by reason. */
static void
note_uncovered(struct checker *ck, const struct bl_jurisdiction *j, const char *why,
               const struct bl_cite *cite)
{
    struct bl_coverage_row *row;

    for (guint i = 0; i < ck->rep->coverage->len; i++) {
        row = g_ptr_array_index(ck->rep->coverage, i);
        if (row->jurisdiction == j && row->reason == why) {
            row->residents++;
            return;
        }
    }
    row = g_new0(struct bl_coverage_row, 1);
    row->jurisdiction = j;
    row->residents = 1;
    row->reason = why;
    row->cite = cite;
    g_ptr_array_add(ck->rep->coverage, row);
    if (cite != NULL && (exemption_of(ck, j) == NULL || cite != &exemption_of(ck, j)->cite)) {
        note_verify(ck, j, "personal-information", cite);
    }
}

/* The exemption or deeming of a state's law that applies to the organisation, or NULL. */
static const struct bl_exemption *
exemption_of(const struct checker *ck, const struct bl_jurisdiction *j)
{
    if (strcmp(j->code, "HIPAA") == 0) {
        return NULL;
    }
    return bl_jurisdiction_exemption(j, ck->in->incident->org.hipaa_role,
                                     ck->in->incident->org.glba, &ck->rep->dates);
}

static const char *
jurisdiction_name(const struct checker *ck, const char *code)
{
    const struct bl_jurisdiction *j = bl_rules_find(ck->in->rules, code);
    const char *name = bl_jurisdiction_name(code);

    return j != NULL ? j->name : name != NULL ? name : code;
}

/* -- the pass over the list ------------------------------------------------------------------ */

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

/* TRUE when any of ids names a category in the index set (indexes stored + 1). */
static gboolean
categories_hit(const struct checker *ck, char **ids, GHashTable *set)
{
    for (char **id = ids; id != NULL && *id != NULL; id++) {
        int ix = bl_incident_category_index(ck->in->incident, *id);

        if (ix >= 0 && g_hash_table_contains(set, GINT_TO_POINTER(ix + 1))) {
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean
recipient_hit(const struct checker *ck, char **ids, const struct bl_recipient *r)
{
    for (char **id = ids; id != NULL && *id != NULL; id++) {
        int ix = bl_incident_category_index(ck->in->incident, *id);

        for (guint i = 0; ix >= 0 && i < r->categories->len; i++) {
            if (g_array_index(r->categories, int, i) == ix) {
                return TRUE;
            }
        }
    }
    return FALSE;
}

/* The letters of one group (jurisdiction, variant, language) are linted once, for a resident
 * exposed to every category anyone of the group had: the content rules of each category are
 * then tested. */
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

/* Counts r among the members of s, by the categories r had (r's are sorted and unique). */
static void
sample_count(struct sample *s, const struct bl_recipient *r)
{
    GString *key = g_string_new(NULL);

    for (guint i = 0; i < r->categories->len; i++) {
        g_string_append_printf(key, "%s%d", i > 0 ? "," : "", g_array_index(r->categories, int, i));
    }
    count_one(s->exposures, key->str);
    g_string_free(key, TRUE);
}

/* The members of s exposed to any of these category ids (NULL: every member). */
static gint64
sample_members(const struct checker *ck, const struct sample *s, char **ids)
{
    GHashTableIter it;
    gpointer key, value;
    gint64 n = 0;

    g_hash_table_iter_init(&it, s->exposures);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        gboolean hit = ids == NULL;
        char **ixs = g_strsplit(key, ",", -1);

        for (char **id = ids; id != NULL && *id != NULL && !hit; id++) {
            int ix = bl_incident_category_index(ck->in->incident, *id);

            for (char **x = ixs; ix >= 0 && *x != NULL && !hit; x++) {
                hit = **x != '\0' && (int)g_ascii_strtoll(*x, NULL, 10) == ix;
            }
        }
        n += hit ? *(gint64 *)value : 0;
        g_strfreev(ixs);
    }
    return n;
}

/* The letters of one group (jurisdiction, variant, language, and whether the state's law
 * requires notice) are linted once, for a resident exposed to every category anyone of the
 * group had: the content rules of each category are then tested. */
static void
take_sample(struct checker *ck, const struct bl_recipient *r)
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
        sample_count(s, r);
        g_ptr_array_add(ck->samples, s);
        return;
    }
    sample_count(s, r);
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

static gboolean
exposed_to(const struct bl_incident *inc, char **ids, const struct bl_recipient *r)
{
    for (char **id = ids; id != NULL && *id != NULL; id++) {
        int ix = bl_incident_category_index(inc, *id);

        for (guint i = 0; ix >= 0 && i < r->categories->len; i++) {
            if (g_array_index(r->categories, int, i) == ix) {
                return TRUE;
            }
        }
    }
    return FALSE;
}

gboolean
bl_check_state_law(const struct bl_check_report *rep, const struct bl_recipient *r,
                   const char **why, const struct bl_cite **cite)
{
    const struct bl_jurisdiction *j = bl_rules_find(rep->rules, r->jurisdiction);
    const struct bl_incident *inc = rep->incident;
    const struct bl_exemption *e;
    const struct bl_pi_rule *pi;
    const char *reason = NULL;
    const struct bl_cite *where = NULL;

    if (j == NULL || strcmp(j->code, "HIPAA") == 0) {
        return TRUE;
    }
    e = bl_jurisdiction_exemption(j, inc->org.hipaa_role, inc->org.glba, &rep->dates);
    pi = bl_jurisdiction_personal(j, &rep->dates);
    if (e != NULL && strcmp(e->kind, "exempt") == 0) {
        reason = "the state's law does not apply to the organisation";
        where = &e->cite;
    } else if (pi != NULL && !exposed_to(inc, pi->categories, r)) {
        reason = "none of the information exposed is personal information under the state's law";
        where = &pi->cite;
    } else if (pi != NULL && pi->encryption && inc->encrypted && !inc->key_taken) {
        reason = "the information was encrypted and the key was not taken";
        where = &pi->cite;
    } else if (pi != NULL && pi->harm && inc->harm_unlikely) {
        reason =
            "a risk assessment found harm not reasonably likely, which the state's law accepts";
        where = &pi->cite;
    }
    if (why != NULL) {
        *why = reason;
    }
    if (cite != NULL) {
        *cite = where;
    }
    return reason == NULL;
}

gboolean
bl_check_facts_state_law(const void *data, const struct bl_recipient *r)
{
    return bl_check_state_law(data, r, NULL, NULL);
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

/* Counts r for each other form of notice its state's law permits it. */
static void
count_alternatives(struct checker *ck, const struct bl_jurisdiction *j,
                   const struct bl_recipient *r)
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
            note_verify(ck, j, a->id, &a->cite);
        }
        row->residents++;
    }
}

static void
count_recipient(struct checker *ck, const struct bl_recipient *r)
{
    const struct bl_jurisdiction *j = bl_rules_find(ck->in->rules, r->jurisdiction);
    const struct bl_monitoring_rule *m =
        j != NULL ? bl_jurisdiction_monitoring(j, &ck->rep->dates) : NULL;
    const struct bl_exemption *e = j != NULL ? exemption_of(ck, j) : NULL;
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
    count_one(ck->rep->residents, r->jurisdiction);
    ck->military += r->jurisdiction[0] == '\0' && bl_source_military_state(r->address.state);
    for (guint i = 0; i < r->categories->len; i++) {
        int ix = g_array_index(r->categories, int, i);

        g_hash_table_add(set, GINT_TO_POINTER(ix + 1));
        g_array_index(counts, gint64, ix)++;
    }
    if (owed) {
        g_hash_table_insert(
            ck->rep->notifiable, g_strdup(r->jurisdiction),
            GINT_TO_POINTER(
                GPOINTER_TO_INT(g_hash_table_lookup(ck->rep->notifiable, r->jurisdiction)) + 1));
        if (j != NULL) {
            count_alternatives(ck, j, r);
        }
    } else {
        note_uncovered(ck, j, why, cite);
    }
    if (owed && m != NULL && (e == NULL || !e->content) &&
        recipient_hit(ck, m->when.categories, r)) {
        count_one(ck->monitoring, r->jurisdiction);
    }
    take_sample(ck, r);
}

/* Reads the list: counts its rows and residents. The messages of the first
 * BL_CHECK_ROW_MESSAGES rejected rows are told; the rest are counted by kind. */
static int
read_list(struct checker *ck)
{
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

        ck->withheld_ids += strcmp(id, rec->row_id) != 0;
        g_free(id);
        ck->rep->rows++;
        if (rec->duplicate_of > 0) {
            g_hash_table_insert(ck->rep->duplicates, GINT_TO_POINTER(rec->line),
                                GINT_TO_POINTER(rec->duplicate_of));
        }
        if (held) {
            bl_diag_clear(ck->diag); /* what the row said is counted below */
        }
        if (rec->status < 0) {
            ck->rep->rejected++;
            bl_kinds_add(all, rec->error);
            if (held) {
                bl_kinds_add(untold, rec->error);
            } else if (ck->rep->rejected == BL_CHECK_ROW_MESSAGES) {
                bl_diag_hold(ck->diag, TRUE);
                held = TRUE;
            }
            continue;
        }
        ck->rep->valid++;
        count_recipient(ck, &rec->recipient);
    }
    bl_diag_hold(ck->diag, FALSE); /* a file that cannot be read further is told */
    bl_source_free(src);
    if (bl_kinds_total(all) > 0) {
        ck->rep->rejected_kinds = bl_kinds_format(all);
    }
    ck->rep->rejected_untold = bl_kinds_total(untold);
    if (ck->rep->rejected_untold > 0) {
        ck->rep->untold_kinds = bl_kinds_format(untold);
    }
    bl_kinds_free(all);
    bl_kinds_free(untold);
    return more < 0 ? -1 : 0;
}

/* Without a list: one adult in every jurisdiction of the rules, exposed to every category. */
static void
make_samples(struct checker *ck)
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

/* -- linting one letter ------------------------------------------------------------------------ */

/* Lower case, typographic quotes made plain, white space folded: for matching phrases. */
static char *
fold(const char *text)
{
    GString *out = g_string_new(NULL);
    char *lower = g_utf8_strdown(text, -1);
    gboolean space = FALSE;

    for (const char *p = lower; *p != '\0'; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);

        if (g_unichar_isspace(c)) {
            space = out->len > 0;
            continue;
        }
        if (space) {
            g_string_append_c(out, ' ');
            space = FALSE;
        }
        if (c == 0x2018 || c == 0x2019) {
            g_string_append_c(out, '\'');
        } else if (c == 0x201C || c == 0x201D) {
            g_string_append_c(out, '"');
        } else if (c == 0x2013 || c == 0x2014) {
            g_string_append_c(out, '-');
        } else {
            g_string_append_unichar(out, c);
        }
    }
    g_free(lower);
    return g_string_free(out, FALSE);
}

static gboolean
when_holds(const struct checker *ck, const struct bl_when *w, GHashTable *categories)
{
    const char *role = ck->in->incident->org.hipaa_role;

    if (!bl_span_holds(&w->span, &ck->rep->dates)) {
        return FALSE;
    }
    if (w->categories != NULL && !categories_hit(ck, w->categories, categories)) {
        return FALSE;
    }
    if (w->hipaa == NULL) {
        return TRUE;
    }
    if (strcmp(w->hipaa, "any") == 0) {
        return ck->hipaa;
    }
    return strcmp(w->hipaa, role) == 0;
}

/* The plain, folded text of the blocks of one kind, in order. */
static GPtrArray *
blocks_of_kind(const struct bl_letter *letter, enum bl_block_kind kind)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);

    for (guint i = 0; i < letter->blocks->len; i++) {
        const struct bl_block *b = &g_array_index(letter->blocks, struct bl_block, i);

        if (b->kind == kind) {
            char *plain = bl_markup_to_text(b->markup);

            g_ptr_array_add(out, fold(plain));
            g_free(plain);
        }
    }
    return out;
}

/* Evaluates one check on a letter: TRUE when the letter has what the check names. The part
 * missing, for messages, goes to *detail (static or owned by the rules). */
static gboolean
check_holds(struct checker *ck, const struct bl_check *c, const struct bl_letter *letter,
            const char *text, GPtrArray *titles, GPtrArray *headings, guint *heading_pos,
            const char **detail)
{
    gboolean res = FALSE;
    char *want;

    *detail = c->text;
    switch (c->kind) {
    case BL_CHECK_PHRASE:
        want = fold(c->text);
        res = strstr(text, want) != NULL;
        g_free(want);
        return res;
    case BL_CHECK_VALUE:
        return bl_letter_printed(letter, c->text);
    case BL_CHECK_CONTACT: {
        const char *value = bl_contacts_value(ck->in->contacts, c->text, c->member);
        char **lines;

        if (value == NULL) {
            *detail = "a contact the contacts file does not have";
            return FALSE;
        }
        res = TRUE;
        lines = g_strsplit(value, "\n", -1);
        for (char **l = lines; *l != NULL && res; l++) {
            want = fold(*l);
            res = strstr(text, want) != NULL;
            *detail = value;
            g_free(want);
        }
        g_strfreev(lines);
        return res;
    }
    case BL_CHECK_TITLE:
        want = fold(c->text);
        for (guint i = 0; i < titles->len && !res; i++) {
            res = strcmp(g_ptr_array_index(titles, i), want) == 0;
        }
        g_free(want);
        return res;
    case BL_CHECK_HEADING:
        /* headings must come in the rule's order: search from the previous match on */
        want = fold(c->text);
        for (guint i = *heading_pos; i < headings->len && !res; i++) {
            if (strcmp(g_ptr_array_index(headings, i), want) == 0) {
                res = TRUE;
                *heading_pos = i + 1;
            }
        }
        g_free(want);
        return res;
    case BL_CHECK_MIN_FONT:
        *detail = "text of at least the minimum size";
        return letter->font_size + 0.001 >= c->pt;
    }
    return FALSE;
}

static gint
compare_codes(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Records that the letters of the group of sample s fail f, counts the members of the group f
 * concerns (those exposed to f's categories, when it has some) and words f->where. */
static void
spread_to(struct checker *ck, struct bl_finding *f, const struct sample *s)
{
    struct spread *sp = g_hash_table_lookup(ck->spreads, f);
    GString *where = g_string_new("letters to ");
    const char *code = s->jurisdiction;
    enum bl_variant variant = s->variant;
    const char *language = s->recipient->language;
    gboolean first = TRUE;

    if (sp == NULL) {
        sp = g_new0(struct spread, 1);
        sp->codes = g_ptr_array_new_with_free_func(g_free);
        sp->samples = g_ptr_array_new();
        g_hash_table_insert(ck->spreads, f, sp);
        f->recipients = 0;
    }
    if (!g_ptr_array_find_with_equal_func(sp->codes, code, g_str_equal, NULL)) {
        g_ptr_array_add(sp->codes, g_strdup(code));
        g_ptr_array_sort(sp->codes, compare_codes);
    }
    if (!g_ptr_array_find(sp->samples, s, NULL)) {
        g_ptr_array_add(sp->samples, (gpointer)s);
        f->recipients += sample_members(ck, s, f->categories);
    }
    sp->variants |= 1u << variant;
    if (f->groups == NULL) {
        f->groups = g_ptr_array_new_with_free_func(g_free);
    }
    g_ptr_array_add(f->groups,
                    g_strdup_printf("%s|%s|%s", code, bl_variant_name(variant), language));
    for (int v = 0; v < 3; v++) {
        if (sp->variants & (1u << v)) {
            g_string_append_printf(where, "%s%s", first ? "" : ", ",
                                   bl_variant_name((enum bl_variant)v));
            first = FALSE;
        }
    }
    g_string_append(where, " residents of ");
    if (sp->codes->len == 1) {
        g_string_append(where, jurisdiction_name(ck, code));
    } else {
        for (guint i = 0; i < sp->codes->len; i++) {
            g_string_append_printf(where, "%s%s", i > 0 ? ", " : "",
                                   (const char *)g_ptr_array_index(sp->codes, i));
        }
    }
    g_free(f->where);
    f->where = g_string_free(where, FALSE);
}

/* Lints the letter of sample s against the content rules of j that hold for what its group
 * had (cats: the group's category indexes + 1). */
static void
lint_rules(struct checker *ck, const struct bl_jurisdiction *j, const struct sample *s,
           GHashTable *cats, const struct bl_letter *letter, const char *text)
{
    GPtrArray *titles = blocks_of_kind(letter, BL_BLOCK_TITLE);
    GPtrArray *headings = blocks_of_kind(letter, BL_BLOCK_HEADING);

    for (guint i = 0; i < j->content->len; i++) {
        const struct bl_content_rule *r = g_ptr_array_index(j->content, i);
        guint heading_pos = 0;
        const char *detail = NULL;
        const char *bad = NULL;
        struct bl_finding *finding;

        if (!when_holds(ck, &r->when, cats)) {
            continue;
        }
        note_verify(ck, j, r->id, &r->cite);
        for (guint c = 0; c < r->checks->len && bad == NULL; c++) {
            gboolean has = check_holds(ck, &g_array_index(r->checks, struct bl_check, c), letter,
                                       text, titles, headings, &heading_pos, &detail);

            if (has == r->forbid) {
                bad = detail != NULL ? detail : "";
            }
        }
        if (bad == NULL) {
            continue;
        }
        finding = add_finding(ck, BL_SEV_ERROR, j->code, r->id, &r->cite, NULL, 0,
                              r->forbid ? "the letter includes %s, which %s forbids (found: %s)"
                                        : "the letter lacks %s, which %s requires (missing: %s)",
                              r->what, strcmp(j->code, "HIPAA") == 0 ? "HIPAA" : j->name, bad);
        if (finding->categories == NULL && r->when.categories != NULL) {
            /* a rule about some data concerns only the people whose data that was */
            finding->categories = g_strdupv(r->when.categories);
        }
        spread_to(ck, finding, s);
    }
    g_ptr_array_unref(titles);
    g_ptr_array_unref(headings);
}

static void
lint_samples(struct checker *ck, struct bl_facts *facts)
{
    const struct bl_jurisdiction *hipaa = bl_rules_find(ck->in->rules, "HIPAA");
    struct bl_diag *quiet = bl_diag_new(NULL);
    struct bl_letter letter;

    bl_letter_init(&letter);
    for (guint i = 0; i < ck->samples->len; i++) {
        const struct sample *s = g_ptr_array_index(ck->samples, i);
        const struct bl_jurisdiction *j = bl_rules_find(ck->in->rules, s->jurisdiction);
        GHashTable *cats;
        char *plain, *text;

        bl_diag_clear(quiet);
        if (bl_bind(&letter, ck->in->tpl, ck->in->incident, facts, s->recipient, quiet) < 0) {
            spread_to(ck,
                      add_finding(ck, BL_SEV_ERROR, s->jurisdiction, "template-field", NULL, NULL,
                                  0, "%s", bl_diag_last_message(quiet)),
                      s);
            continue;
        }
        plain = bl_letter_text(&letter);
        text = fold(plain);
        /* a rule about some data applies to the letters of a group that had it */
        cats = g_hash_table_new(g_direct_hash, g_direct_equal);
        for (guint c = 0; c < s->recipient->categories->len; c++) {
            g_hash_table_add(cats,
                             GINT_TO_POINTER(g_array_index(s->recipient->categories, int, c) + 1));
        }
        if (j != NULL && s->state_law &&
            (exemption_of(ck, j) == NULL || !exemption_of(ck, j)->content)) {
            lint_rules(ck, j, s, cats, &letter, text);
        }
        if (hipaa != NULL && ck->hipaa) {
            lint_rules(ck, hipaa, s, cats, &letter, text);
        }
        g_hash_table_unref(cats);
        g_free(plain);
        g_free(text);
    }
    bl_letter_release(&letter);
    bl_diag_free(quiet);
}

/* -- whole-run checks ------------------------------------------------------------------------- */

static char *
category_labels(const struct checker *ck, char **ids)
{
    GString *out = g_string_new(NULL);

    for (char **id = ids; id != NULL && *id != NULL; id++) {
        const struct bl_category *c = bl_incident_vocabulary(ck->in->incident, *id);

        g_string_append_printf(out, "%s%s", out->len > 0 ? " or " : "", c != NULL ? c->label : *id);
    }
    return g_string_free(out, FALSE);
}

static void
check_monitoring(struct checker *ck)
{
    const struct bl_monitoring *offer = &ck->in->incident->monitoring;

    for (guint i = 0; i < ck->in->rules->jurisdictions->len; i++) {
        const struct bl_jurisdiction *j = g_ptr_array_index(ck->in->rules->jurisdictions, i);
        const struct bl_monitoring_rule *m = bl_jurisdiction_monitoring(j, &ck->rep->dates);
        const struct bl_exemption *e = exemption_of(ck, j);
        gint64 need = count_of(ck->monitoring, j->code);
        GHashTable *cats = g_hash_table_lookup(ck->categories, j->code);
        struct bl_finding *f;
        char *labels, *offered;

        if (m == NULL || (e != NULL && e->content)) {
            continue;
        }
        if (ck->in->recipients != NULL
                ? need == 0
                : cats == NULL || !categories_hit(ck, m->when.categories, cats)) {
            continue;
        }
        note_verify(ck, j, "monitoring-minimum", &m->cite);
        if (offer->offered && offer->months >= m->months) {
            continue;
        }
        labels = category_labels(ck, m->when.categories);
        offered = offer->offered ? g_strdup_printf("offers %d months", offer->months)
                                 : g_strdup("offers none");
        if (ck->in->recipients != NULL) {
            f = add_finding(ck, BL_SEV_ERROR, j->code, "monitoring-minimum", &m->cite, NULL, need,
                            "%" G_GINT64_FORMAT
                            " resident%s of %s whose %s was exposed must be offered at "
                            "least %d months of monitoring at no cost; the incident %s",
                            need, need == 1 ? "" : "s", j->name, labels, m->months, offered);
        } else {
            f = add_finding(
                ck, BL_SEV_ERROR, j->code, "monitoring-minimum", &m->cite, NULL, 0,
                "residents of %s whose %s was exposed must be offered at least %d months "
                "of monitoring at no cost; the incident %s",
                j->name, labels, m->months, offered);
        }
        /* it stops the letters of residents whose data it is about */
        g_strfreev(f->categories);
        f->categories = g_strdupv(m->when.categories);
        g_free(labels);
        g_free(offered);
    }
}

static gboolean
older_than_a_year(const GDate *checked, const GDate *today)
{
    GDate limit = *checked;

    g_date_add_years(&limit, 1);
    return g_date_valid(today) && g_date_compare(&limit, today) < 0;
}

static void
check_data_files(struct checker *ck)
{
    const struct bl_contacts *contacts = ck->in->contacts;
    const GPtrArray *files = bl_template_files(ck->in->tpl);
    char when[16];

    if (older_than_a_year(bl_contacts_checked(contacts), &ck->in->today)) {
        g_date_strftime(when, sizeof(when), "%Y-%m-%d", bl_contacts_checked(contacts));
        add_finding(ck, BL_SEV_WARNING, NULL, "contacts-age", NULL, bl_contacts_path(contacts), 0,
                    "the contacts file was last checked on %s, more than a year ago: check every "
                    "address, phone and website against its source",
                    when);
    }
    if (older_than_a_year(&ck->in->rules->checked, &ck->in->today)) {
        g_date_strftime(when, sizeof(when), "%Y-%m-%d", &ck->in->rules->checked);
        add_finding(ck, BL_SEV_WARNING, NULL, "rules-age", NULL, ck->in->rules->path, 0,
                    "the rules file was last checked on %s, more than a year ago: laws change "
                    "often; have counsel review it",
                    when);
    }
    for (guint f = 0; f < files->len; f++) {
        const char *path = g_ptr_array_index(files, f);
        char *content = NULL;

        if (!g_file_get_contents(path, &content, NULL, NULL)) {
            continue;
        }
        for (guint i = 0; i < bl_contacts_stale_count(contacts); i++) {
            const char *contact;
            const char *stale = bl_contacts_stale(contacts, i, &contact);
            const char *at = strstr(content, stale);

            if (at != NULL) {
                int line = 1;
                char *where, *rule;

                for (const char *p = content; p < at; p++) {
                    line += *p == '\n';
                }
                where = g_strdup_printf("%s:%d", path, line);
                rule = g_strdup_printf("stale-contact:%s", where);
                add_finding(ck, BL_SEV_ERROR, NULL, rule, NULL, where, 0,
                            "the template prints '%s', an outdated %s value: print "
                            "<field ref=\"contact.%s....\"/> from the contacts file instead",
                            stale,
                            bl_contacts_value(contacts, contact, "name") != NULL
                                ? bl_contacts_value(contacts, contact, "name")
                                : contact,
                            contact);
                g_free(where);
                g_free(rule);
            }
        }
        g_free(content);
    }
}

static void
add_deadline(struct checker *ck, const struct bl_jurisdiction *j, gint64 residents)
{
    struct bl_deadline_row row = {j, NULL, NULL, residents, {0}, BL_DUE_NONE, 0};
    const GDate *notice = &ck->in->incident->notice;
    const struct bl_exemption *e = exemption_of(ck, j);

    row.rule = bl_jurisdiction_individuals(j, &ck->rep->dates);
    g_date_clear(&row.due, 1);
    if (e != NULL) {
        struct bl_exemption_row er = {j, e, residents};

        g_ptr_array_add(ck->rep->exemptions, g_memdup2(&er, sizeof(er)));
        note_verify(ck, j, e->kind, &e->cite);
    }
    if (e != NULL && e->deadline) {
        row.exemption = e;
        row.status = BL_DUE_EXEMPT;
        row.residents = residents_of(ck->rep, j->code);
        g_array_append_val(ck->rep->deadlines, row);
        return;
    }
    note_verify(ck, j, "law", &j->law_cite);
    if (residents == 0 && strcmp(j->code, "HIPAA") != 0) {
        row.status = BL_DUE_NOT_OWED;
        g_array_append_val(ck->rep->deadlines, row);
        return;
    }
    if (row.rule == NULL) {
        g_array_append_val(ck->rep->deadlines, row);
        return;
    }
    note_verify(ck, j, "deadline", &row.rule->cite);
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
            add_finding(ck, BL_SEV_WARNING, j->code, "deadline", &row.rule->cite, NULL, residents,
                        "the letters are dated %d day%s after the deadline for %s (%s: %s)",
                        -row.margin, row.margin == -1 ? "" : "s", j->name, describe, due);
            g_free(describe);
        }
    }
    g_array_append_val(ck->rep->deadlines, row);
}

static void
add_obligation(struct checker *ck, const struct bl_jurisdiction *j, const struct bl_notify *n,
               const char *state, gint64 count, enum bl_count_source source, gint64 listed)
{
    struct bl_obligation o = {j, n, g_strdup(state), count, source, listed, count >= n->min, {0}};

    bl_deadline_due(&o.due, &n->deadline, &ck->rep->dates);
    g_array_append_val(ck->rep->obligations, o);
    if (o.triggered) {
        char *to = g_strdup_printf("notice to %s", n->to);

        note_verify(ck, j, to, &n->cite);
        note_calendar(ck, j, &n->deadline);
        g_free(to);
    }
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
    g_ptr_array_sort(codes, compare_codes);
    if (abroad && g_hash_table_contains(rep->residents, "")) {
        g_ptr_array_add(codes, "");
    }
    return codes;
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
               GPtrArray *codes)
{
    GHashTable *cats = g_hash_table_lookup(ck->categories, j->code);
    GHashTable *all = g_hash_table_new(g_direct_hash, g_direct_equal);
    const struct bl_exemption *e = exemption_of(ck, j);

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

        if (cats == NULL || !when_holds(ck, &n->when, cats)) {
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
                gint64 listed = residents_of(ck->rep, code);
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

            add_obligation(ck, j, n, NULL, count, source, residents);
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
    g_ptr_array_sort(states, compare_codes);
    return states;
}

static void
deadlines_and_obligations(struct checker *ck)
{
    const struct bl_jurisdiction *hipaa = bl_rules_find(ck->in->rules, "HIPAA");
    GPtrArray *codes = bl_check_jurisdictions(ck->rep, FALSE);
    GPtrArray *states = states_affected(ck, codes);

    if (hipaa != NULL && ck->hipaa) {
        add_deadline(ck, hipaa, ck->rep->valid);
        obligations_of(ck, hipaa, ck->rep->valid, ck->in->recipients != NULL ? states : codes);
    }
    for (guint i = 0; ck->in->recipients != NULL && i < states->len; i++) {
        const char *code = g_ptr_array_index(states, i);
        const struct bl_jurisdiction *j = bl_rules_find(ck->in->rules, code);
        gint64 affected = bl_incident_affected_in(ck->in->incident, code);
        gboolean listed = g_ptr_array_find_with_equal_func(codes, code, g_str_equal, NULL);
        int owed;

        if (listed && affected >= 0 && residents_of(ck->rep, code) > affected) {
            add_finding(ck, BL_SEV_WARNING, code, "affected-count", NULL, ck->in->incident->path,
                        residents_of(ck->rep, code),
                        "the list has %" G_GINT64_FORMAT
                        " residents of %s, more than the %" G_GINT64_FORMAT
                        " the incident's <affected> gives: the thresholds of %s's "
                        "notices count the list's; correct the incident",
                        residents_of(ck->rep, code), jurisdiction_name(ck, code), affected,
                        jurisdiction_name(ck, code));
        }
        if (j == NULL) {
            if (listed) {
                add_finding(ck, BL_SEV_WARNING, code, "no-rules", NULL, ck->in->rules->path,
                            residents_of(ck->rep, code),
                            "the rules file has no entry for %s: its deadlines and notices are "
                            "not checked",
                            jurisdiction_name(ck, code));
            }
            continue;
        }
        if (!listed) {
            /* none of the list lives there, but the incident's other letters go there: the
             * state's notices still count them */
            if (affected > 0) {
                obligations_of(ck, j, 0, states);
            }
            continue;
        }
        /* the state's deadline and notices count the residents its law requires notice to */
        owed = GPOINTER_TO_INT(g_hash_table_lookup(ck->rep->notifiable, code));
        add_deadline(ck, j, owed);
        if (owed > 0 || affected > 0) {
            obligations_of(ck, j, owed, states);
        }
    }
    g_ptr_array_unref(states);
    g_ptr_array_unref(codes);
}

/* verify notes by jurisdiction, HIPAA first; the sort is stable, so rules keep file order */
static gint
compare_notes(gconstpointer a, gconstpointer b)
{
    const struct bl_verify_note *x = *(const struct bl_verify_note *const *)a;
    const struct bl_verify_note *y = *(const struct bl_verify_note *const *)b;
    gboolean hx = strcmp(x->jurisdiction, "HIPAA") == 0, hy = strcmp(y->jurisdiction, "HIPAA") == 0;

    return hx != hy ? (hx ? -1 : 1) : strcmp(x->jurisdiction, y->jurisdiction);
}

int
bl_check_run(struct bl_check_report **out, const struct bl_check_input *in, struct bl_diag *diag)
{
    struct checker ck = {in, NULL, diag, NULL, NULL, NULL, NULL, NULL, FALSE, 0, 0};
    struct bl_facts facts = {0};
    struct bl_dates *dates;
    int rc = -1;

    ck.rep = g_new0(struct bl_check_report, 1);
    ck.rep->incident_path = g_strdup(bl_diag_file_name(in->incident->path));
    ck.rep->recipients_path = g_strdup(bl_diag_file_name(in->recipients));
    ck.rep->residents = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    ck.rep->duplicates = g_hash_table_new(g_direct_hash, g_direct_equal);
    ck.rep->by_category =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_array_unref);
    ck.rep->findings = g_ptr_array_new_with_free_func(finding_free);
    ck.rep->deadlines = g_array_new(FALSE, TRUE, sizeof(struct bl_deadline_row));
    ck.rep->obligations = g_array_new(FALSE, TRUE, sizeof(struct bl_obligation));
    ck.rep->discovered = in->incident->discovered;
    ck.rep->notice = in->incident->notice;
    dates = &ck.rep->dates;
    dates->occurred = in->incident->occurred_from;
    dates->discovered = in->incident->discovered;
    dates->determined = in->incident->determined;
    dates->notice = in->incident->notice;
    dates->hhs_notice = in->incident->hhs_notice;
    dates->delayed = in->incident->law_enforcement_delay;
    dates->delay_from = in->incident->delay_from;
    dates->delay_until = in->incident->delay_until;
    ck.rep->exemptions = g_ptr_array_new_with_free_func(g_free);
    ck.rep->notifiable = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    ck.rep->coverage = g_ptr_array_new_with_free_func(g_free);
    ck.rep->alternatives = g_ptr_array_new_with_free_func(g_free);
    ck.rep->rules = in->rules;
    ck.rep->incident = in->incident;
    ck.rep->verify = g_ptr_array_new_with_free_func(verify_note_free);
    ck.samples = g_ptr_array_new_with_free_func(sample_free);
    ck.categories =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_hash_table_unref);
    ck.monitoring = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    ck.finding_ix = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    ck.spreads = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, spread_free);
    ck.hipaa = strcmp(in->incident->org.hipaa_role, "covered-entity") == 0 ||
               strcmp(in->incident->org.hipaa_role, "business-associate") == 0;
    if (in->recipients != NULL) {
        if (read_list(&ck) < 0) {
            goto out;
        }
    } else {
        make_samples(&ck);
    }
    facts.residents = ck.rep->residents;
    facts.state_law = bl_check_facts_state_law;
    facts.state_law_data = ck.rep;
    lint_samples(&ck, &facts);
    check_monitoring(&ck);
    check_data_files(&ck);
    deadlines_and_obligations(&ck);
    if (ck.withheld_ids > 0) {
        add_finding(&ck, BL_SEV_WARNING, NULL, "ids-withheld", NULL, ck.rep->recipients_path,
                    ck.withheld_ids,
                    "%" G_GINT64_FORMAT " recipient id%s of the list look%s like a Social "
                    "Security, card or account number: withheld from messages, the manifest and "
                    "file names, so only the line joins %s to the list; key the list by another "
                    "id",
                    ck.withheld_ids, ck.withheld_ids == 1 ? "" : "s",
                    ck.withheld_ids == 1 ? "s" : "", ck.withheld_ids == 1 ? "it" : "them");
    }
    if (ck.military > 0) {
        add_finding(&ck, BL_SEV_WARNING, NULL, "military-residence", NULL, ck.rep->recipients_path,
                    ck.military,
                    "%" G_GINT64_FORMAT " recipient%s %s a military address (APO, FPO or DPO) and "
                    "no state of residence: %s letter%s %s made with no state insert, and no "
                    "state's deadline, notice or content rule is applied to %s; give the state "
                    "of residence in the 'jurisdiction' column",
                    ck.military, ck.military == 1 ? "" : "s", ck.military == 1 ? "has" : "have",
                    ck.military == 1 ? "the" : "their", ck.military == 1 ? "" : "s",
                    ck.military == 1 ? "is" : "are", ck.military == 1 ? "it" : "them");
    }
    g_ptr_array_sort(ck.rep->verify, compare_notes);
    if (ck.rep->rejected > 0) {
        char *n = bl_kinds_count(ck.rep->rejected);

        add_finding(&ck, BL_SEV_WARNING, NULL, "rejected-rows", NULL, ck.rep->recipients_path,
                    ck.rep->rejected,
                    "%s row%s of the list %s rejected and will get no letter until corrected: %s",
                    n, ck.rep->rejected == 1 ? "" : "s", ck.rep->rejected == 1 ? "is" : "are",
                    ck.rep->rejected_kinds);
        g_free(n);
    }
    *out = ck.rep;
    ck.rep = NULL;
    rc = 0;
out:
    bl_check_report_free(ck.rep);
    g_ptr_array_unref(ck.samples);
    g_hash_table_unref(ck.categories);
    g_hash_table_unref(ck.monitoring);
    g_hash_table_unref(ck.finding_ix);
    g_hash_table_unref(ck.spreads);
    return rc;
}

gboolean
bl_check_concerns(const struct bl_finding *f, const struct bl_incident *incident,
                  const struct bl_recipient *r)
{
    gboolean hit = f->categories == NULL;

    if (f->groups != NULL) {
        char *group =
            g_strdup_printf("%s|%s|%s", r->jurisdiction, bl_variant_name(r->variant), r->language);
        gboolean in = g_ptr_array_find_with_equal_func(f->groups, group, g_str_equal, NULL);

        g_free(group);
        if (!in) {
            return FALSE;
        }
    }
    if (f->groups == NULL && f->jurisdiction != NULL && strcmp(f->jurisdiction, "HIPAA") != 0 &&
        strcmp(f->jurisdiction, r->jurisdiction) != 0) {
        return FALSE;
    }
    for (char **id = f->categories; id != NULL && *id != NULL && !hit; id++) {
        int ix = bl_incident_category_index(incident, *id);

        for (guint c = 0; ix >= 0 && c < r->categories->len && !hit; c++) {
            hit = g_array_index(r->categories, int, c) == ix;
        }
    }
    return hit;
}

char *
bl_finding_text(const struct bl_finding *f, gboolean with_where)
{
    with_where = with_where && f->where != NULL;
    return g_strdup_printf("%s%s%s: %s%s%s", f->jurisdiction != NULL ? f->jurisdiction : "",
                           f->jurisdiction != NULL ? " " : "", f->rule, f->message,
                           with_where ? "; " : "", with_where ? f->where : "");
}

gboolean
bl_check_stops(const struct bl_check_report *rep, const struct bl_finding *f,
               const struct bl_recipient *r)
{
    /* a state's rule does not stop the letter of a person its law owes no notice */
    if (f->jurisdiction != NULL && strcmp(f->jurisdiction, "HIPAA") != 0 &&
        strcmp(f->rule, "template-field") != 0 && !bl_check_state_law(rep, r, NULL, NULL)) {
        return FALSE;
    }
    return bl_check_concerns(f, rep->incident, r);
}

const struct bl_finding *
bl_check_blocking(const struct bl_check_report *rep, const struct bl_incident *incident,
                  const struct bl_recipient *r)
{
    for (guint i = 0; i < rep->findings->len; i++) {
        const struct bl_finding *f = g_ptr_array_index(rep->findings, i);

        if (f->severity == BL_SEV_ERROR && bl_check_concerns(f, incident, r) &&
            bl_check_stops(rep, f, r)) {
            return f;
        }
    }
    return NULL;
}

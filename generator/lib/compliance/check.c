/* SPDX-License-Identifier: MIT */
/* Check: the report and its findings. Makes and frees the report, records each finding once
 * and each note of the rules that could not be confirmed, and counts and words findings. */
#include "check_impl.h"

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

static void
verify_note_free(gpointer data)
{
    struct bl_verify_note *v = data;

    g_free(v->rule);
    g_free(v);
}

struct bl_check_report *
bl_check_report_new(const struct bl_check_input *in)
{
    struct bl_check_report *rep = g_new0(struct bl_check_report, 1);
    struct bl_dates *dates = &rep->dates;

    rep->incident_path = g_strdup(bl_diag_file_name(in->incident->path));
    rep->recipients_path = g_strdup(bl_diag_file_name(in->recipients));
    rep->residents = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    rep->duplicates = g_hash_table_new(g_direct_hash, g_direct_equal);
    rep->by_category =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_array_unref);
    rep->findings = g_ptr_array_new_with_free_func(finding_free);
    rep->deadlines = g_array_new(FALSE, TRUE, sizeof(struct bl_deadline_row));
    rep->obligations = g_array_new(FALSE, TRUE, sizeof(struct bl_obligation));
    rep->discovered = in->incident->discovered;
    rep->notice = in->incident->notice;
    dates->occurred = in->incident->occurred_from;
    dates->discovered = in->incident->discovered;
    dates->determined = in->incident->determined;
    dates->notice = in->incident->notice;
    dates->hhs_notice = in->incident->hhs_notice;
    dates->delayed = in->incident->law_enforcement_delay;
    dates->delay_from = in->incident->delay_from;
    dates->delay_until = in->incident->delay_until;
    rep->hipaa_late = bl_check_hipaa_late(in->rules, in->incident, dates);
    rep->exemptions = g_ptr_array_new_with_free_func(g_free);
    rep->notifiable = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    rep->coverage = g_ptr_array_new_with_free_func(g_free);
    rep->alternatives = g_ptr_array_new_with_free_func(g_free);
    rep->rules = in->rules;
    rep->incident = in->incident;
    rep->verify = g_ptr_array_new_with_free_func(verify_note_free);
    return rep;
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

struct bl_finding *
bl_check_add_finding(struct checker *ck, enum bl_severity sev, const char *jurisdiction,
                     const char *rule, const struct bl_cite *cite, const char *where,
                     gint64 recipients, const char *fmt, ...)
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

/* Adds note (borrowed from the rules) to the notes of what to verify, once a jurisdiction. */
static void
note(struct checker *ck, const struct bl_jurisdiction *j, const char *rule, const char *text)
{
    struct bl_verify_note *v;

    if (text == NULL) {
        return;
    }
    for (guint i = 0; i < ck->rep->verify->len; i++) {
        v = g_ptr_array_index(ck->rep->verify, i);
        if (v->note == text && v->jurisdiction == j->code) {
            return;
        }
    }
    v = g_new0(struct bl_verify_note, 1);
    v->jurisdiction = j->code;
    v->rule = g_strdup(rule);
    v->note = text;
    g_ptr_array_add(ck->rep->verify, v);
}

void
bl_check_note_verify(struct checker *ck, const struct bl_jurisdiction *j, const char *rule,
                     const struct bl_cite *cite)
{
    note(ck, j, rule, cite->verify);
}

void
bl_check_note_translated(struct checker *ck, const struct bl_jurisdiction *j, const char *rule,
                         const struct bl_cite *cite)
{
    note(ck, j, rule, cite->translated);
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

char *
bl_finding_text(const struct bl_finding *f, gboolean with_where)
{
    with_where = with_where && f->where != NULL;
    return g_strdup_printf("%s%s%s: %s%s%s", f->jurisdiction != NULL ? f->jurisdiction : "",
                           f->jurisdiction != NULL ? " " : "", f->rule, f->message,
                           with_where ? "; " : "", with_where ? f->where : "");
}

/* SPDX-License-Identifier: MIT */
/* Check: which law applies. Whether a state's law exempts the organisation, whether it requires
 * notice to a resident, whether a rule's conditions hold for this incident, and so which
 * findings stop a recipient's letter; and the jurisdictions' names and order for messages. */
#include <string.h>

#include "check_impl.h"
#include "text.h"

/* The exemption or deeming of j's law for the organisation as the rules give it, before asking
 * whether a deeming's condition holds; or the law's scope when it does not bind an organisation
 * of this kind. */
static const struct bl_exemption *
exemption_of(const struct bl_check_report *rep, const struct bl_jurisdiction *j)
{
    const struct bl_incident *inc = rep->incident;
    const struct bl_exemption *e =
        bl_jurisdiction_exemption(j, inc->org.hipaa_role, inc->org.glba, &rep->dates);
    int applies;
    const struct bl_exemption *scope =
        bl_jurisdiction_scope(j, inc->org.kind, &rep->dates, &applies);

    if (e != NULL && strcmp(e->kind, "exempt") == 0) {
        return e;
    }
    return scope != NULL && applies == 0 ? scope : e;
}

/* TRUE when e is a deeming that holds only for a compliant HIPAA notice, and the organisation's
 * HIPAA letters are late. */
static gboolean
deeming_lost(const struct bl_check_report *rep, const struct bl_exemption *e)
{
    return e != NULL && strcmp(e->kind, "deemed") == 0 && e->compliance &&
           strcmp(e->regime, "hipaa") == 0 && rep->hipaa_late;
}

const struct bl_exemption *
bl_check_exemption(const struct checker *ck, const struct bl_jurisdiction *j)
{
    const struct bl_exemption *e;

    if (strcmp(j->code, "HIPAA") == 0) {
        return NULL;
    }
    e = exemption_of(ck->rep, j);
    return deeming_lost(ck->rep, e) ? NULL : e;
}

const struct bl_exemption *
bl_check_lost_deeming(const struct checker *ck, const struct bl_jurisdiction *j)
{
    const struct bl_exemption *e;

    if (strcmp(j->code, "HIPAA") == 0) {
        return NULL;
    }
    e = exemption_of(ck->rep, j);
    return deeming_lost(ck->rep, e) ? e : NULL;
}

gboolean
bl_check_hipaa_late(const struct bl_rules *rules, const struct bl_incident *inc,
                    const struct bl_dates *dates)
{
    const struct bl_jurisdiction *hipaa = bl_rules_find(rules, "HIPAA");
    const struct bl_individuals *v =
        hipaa != NULL ? bl_jurisdiction_individuals(hipaa, dates) : NULL;
    GDate due;

    if (v == NULL || (strcmp(inc->org.hipaa_role, "covered-entity") != 0 &&
                      strcmp(inc->org.hipaa_role, "business-associate") != 0)) {
        return FALSE;
    }
    bl_deadline_due(&due, &v->deadline, dates);
    return g_date_valid(&due) && g_date_valid(&dates->notice) &&
           g_date_compare(&dates->notice, &due) > 0;
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
    e = exemption_of(rep, j);
    pi = bl_jurisdiction_personal(j, &rep->dates);
    if (!bl_check_law_in_force(j, &rep->dates)) {
        reason = "the state had no breach-notification law on the breach's date";
        where = &j->law_cite;
    } else if (e != NULL && strcmp(e->regime, "scope") == 0) {
        reason = "the state's law does not bind an organisation of this kind";
        where = &e->cite;
    } else if (e != NULL && strcmp(e->kind, "exempt") == 0) {
        reason = "the state's law does not apply to the organisation";
        where = &e->cite;
    } else if (pi != NULL && !bl_check_exposed_to(inc, pi->categories, r)) {
        reason = "none of the information exposed is personal information under the state's law";
        where = &pi->cite;
    } else if (pi != NULL && pi->encryption && inc->encrypted && !inc->key_taken) {
        reason = "the information was encrypted and the key was not taken";
        where = &pi->cite;
    } else if (pi != NULL && pi->harm && inc->harm_unlikely) {
        reason = "a risk assessment found harm not reasonably likely: the state's exception may "
                 "apply if its conditions are met (see TO VERIFY and OTHER NOTICES)";
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
bl_check_law_in_force(const struct bl_jurisdiction *j, const struct bl_dates *dates)
{
    return bl_span_holds(&j->law_span, dates);
}

gboolean
bl_check_law_covers(const struct checker *ck, const struct bl_jurisdiction *j,
                    GHashTable *categories, const char **why, const struct bl_cite **cite)
{
    struct bl_recipient r = {0};
    GHashTableIter it;
    gpointer ix;
    gboolean covered;

    r.jurisdiction = j->code;
    r.categories = g_array_new(FALSE, FALSE, sizeof(int));
    g_hash_table_iter_init(&it, categories);
    while (g_hash_table_iter_next(&it, &ix, NULL)) {
        int c = GPOINTER_TO_INT(ix) - 1;

        g_array_append_val(r.categories, c);
    }
    covered = bl_check_state_law(ck->rep, &r, why, cite);
    g_array_unref(r.categories);
    return covered;
}

gboolean
bl_check_facts_state_law(const void *data, const struct bl_recipient *r)
{
    return bl_check_state_law(data, r, NULL, NULL);
}

gboolean
bl_check_exposed_to(const struct bl_incident *inc, char **ids, const struct bl_recipient *r)
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

/* -- a rule's conditions ----------------------------------------------------------------------- */

gboolean
bl_check_when_holds(const struct checker *ck, const struct bl_when *w, GHashTable *categories)
{
    const char *role = ck->in->incident->org.hipaa_role;

    if (!bl_span_holds(&w->span, &ck->rep->dates)) {
        return FALSE;
    }
    if (w->categories != NULL && !bl_check_categories_hit(ck, w->categories, categories)) {
        return FALSE;
    }
    if (w->regulators != NULL) {
        gboolean any = FALSE;

        for (char **r = w->regulators; *r != NULL && !any; r++) {
            any = g_strv_contains((const char *const *)ck->in->incident->org.regulated_by, *r);
        }
        if (!any) {
            return FALSE;
        }
    }
    if (w->harm && !ck->in->incident->harm_unlikely) {
        return FALSE;
    }
    if (w->vendor && !ck->in->incident->org.for_owner && strcmp(role, "business-associate") != 0) {
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

gboolean
bl_check_categories_hit(const struct checker *ck, char **ids, GHashTable *set)
{
    for (char **id = ids; id != NULL && *id != NULL; id++) {
        int ix = bl_incident_category_index(ck->in->incident, *id);

        if (ix >= 0 && g_hash_table_contains(set, GINT_TO_POINTER(ix + 1))) {
            return TRUE;
        }
    }
    return FALSE;
}

/* -- the findings that stop a letter ----------------------------------------------------------- */

gboolean
bl_check_concerns(const struct bl_finding *f, const struct bl_incident *incident,
                  const struct bl_recipient *r)
{
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
    return f->categories == NULL || bl_check_exposed_to(incident, f->categories, r);
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

/* -- names and order --------------------------------------------------------------------------- */

const char *
bl_check_jurisdiction_name(const struct checker *ck, const char *code)
{
    const struct bl_jurisdiction *j = bl_rules_find(ck->in->rules, code);
    const char *name = bl_jurisdiction_name(code);

    return j != NULL ? j->name : name != NULL ? name : code;
}

gint
bl_check_compare_codes(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

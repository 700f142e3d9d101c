/* SPDX-License-Identifier: MIT */
/* Check: the run. Runs the parts of the check in order (the pass over the list, the letters
 * linted, deadlines and notices) and the checks of the whole run: the data files' age, outdated
 * contacts printed by the templates, what the list as a whole shows. */
#include <string.h>

#include "check_impl.h"
#include "kinds.h"

static gboolean
older_than_a_year(const GDate *checked, const GDate *today)
{
    GDate limit = *checked;

    g_date_add_years(&limit, 1);
    return g_date_valid(today) && g_date_compare(&limit, today) < 0;
}

/* The data files: the contacts and rules files checked within a year, and no outdated contact
 * value printed word for word by the template's files. */
static void
check_data_files(struct checker *ck)
{
    const struct bl_contacts *contacts = ck->in->contacts;
    const GPtrArray *files = bl_template_files(ck->in->tpl);
    char when[16];

    if (older_than_a_year(bl_contacts_checked(contacts), &ck->in->today)) {
        g_date_strftime(when, sizeof(when), "%Y-%m-%d", bl_contacts_checked(contacts));
        bl_check_add_finding(
            ck, BL_SEV_WARNING, NULL, "contacts-age", NULL, bl_contacts_path(contacts), 0,
            "the contacts file was last checked on %s, more than a year ago: check every "
            "address, phone and website against its source",
            when);
    }
    if (older_than_a_year(&ck->in->rules->checked, &ck->in->today)) {
        g_date_strftime(when, sizeof(when), "%Y-%m-%d", &ck->in->rules->checked);
        bl_check_add_finding(
            ck, BL_SEV_WARNING, NULL, "rules-age", NULL, ck->in->rules->path, 0,
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
                bl_check_add_finding(
                    ck, BL_SEV_ERROR, NULL, rule, NULL, where, 0,
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

/* Whether the list may be a part of those affected: the incident gives no total; or counts
 * for some states that add up to less than its total; or no counts by state and a total more
 * than twice the list's rows. Found before the deadlines and notices. */
static void
find_partial(struct checker *ck)
{
    const struct bl_incident *inc = ck->in->incident;
    GHashTableIter it;
    gpointer key;
    gint64 sum = 0;

    if (ck->in->recipients == NULL) {
        return;
    }
    g_hash_table_iter_init(&it, inc->affected_by_state);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        sum += bl_incident_affected_in(inc, key);
    }
    ck->partial =
        inc->total_affected <= 0 ||
        (g_hash_table_size(inc->affected_by_state) > 0 && sum < inc->total_affected) ||
        (g_hash_table_size(inc->affected_by_state) == 0 && inc->total_affected > 2 * ck->rep->rows);
    ck->affected_sum = sum;
}

/* Says once why the counts of the list decide nothing when the list may be a part of those
 * affected. */
static void
check_partial_list(struct checker *ck)
{
    const struct bl_incident *inc = ck->in->incident;
    char *total, *rows, *sum;

    if (!ck->partial) {
        return;
    }
    total = bl_kinds_count(inc->total_affected);
    rows = bl_kinds_count(ck->rep->rows);
    sum = bl_kinds_count(ck->affected_sum);
    if (inc->total_affected <= 0) {
        bl_check_add_finding(ck, BL_SEV_WARNING, NULL, "partial-list", NULL, ck->rep->incident_path,
                             0,
                             "the incident gives no total of the people affected: HHS's threshold "
                             "of 500 (45 CFR 164.408(b), the whole breach) and every state's are "
                             "counted on this list's %s row%s, so a notice the list does not reach "
                             "reads 'verify'; give <affected total=\"..\"> and each state's "
                             "<state code=\"..\" count=\"..\"/>",
                             rows, ck->rep->rows == 1 ? "" : "s");
    } else if (g_hash_table_size(inc->affected_by_state) > 0) {
        bl_check_add_finding(ck, BL_SEV_WARNING, NULL, "partial-list", NULL, ck->rep->incident_path,
                             0,
                             "the incident's counts by state add up to %s of its %s affected: "
                             "the thresholds of the states it gives no count for are counted on "
                             "this list alone, and a notice the list does not reach reads "
                             "'verify'; give every state's residents in <affected>",
                             sum, total);
    } else {
        bl_check_add_finding(ck, BL_SEV_WARNING, NULL, "partial-list", NULL, ck->rep->incident_path,
                             0,
                             "the incident affected %s people but the list has %s row%s, and the "
                             "incident gives no count by state: the thresholds of every state's "
                             "notices (attorneys general, consumer reporting agencies, the media) "
                             "are counted on this list alone, and a notice the list does not "
                             "reach reads 'verify'; give each state's residents in "
                             "<affected><state code=\"..\" count=\"..\"/></affected>",
                             total, rows, ck->rep->rows == 1 ? "" : "s");
    }
    g_free(total);
    g_free(rows);
    g_free(sum);
}

/* What the list as a whole shows: ids shaped like numbers, military addresses with no state,
 * rejected rows. */
static void
check_rows(struct checker *ck)
{
    if (ck->withheld_ids > 0) {
        bl_check_add_finding(ck, BL_SEV_WARNING, NULL, "ids-withheld", NULL,
                             ck->rep->recipients_path, ck->withheld_ids,
                             "%" G_GINT64_FORMAT " recipient id%s of the list look%s like a Social "
                             "Security, card or account number: withheld from messages, the "
                             "manifest and file names, so only the line joins %s to the list; key "
                             "the list by another id",
                             ck->withheld_ids, ck->withheld_ids == 1 ? "" : "s",
                             ck->withheld_ids == 1 ? "s" : "",
                             ck->withheld_ids == 1 ? "it" : "them");
    }
    if (ck->military > 0) {
        bl_check_add_finding(ck, BL_SEV_WARNING, NULL, "military-residence", NULL,
                             ck->rep->recipients_path, ck->military,
                             "%" G_GINT64_FORMAT " recipient%s %s a military address (APO, FPO or "
                             "DPO) and no state of residence: %s letter%s %s made with no state "
                             "insert, and no state's deadline, notice or content rule is applied "
                             "to %s; give the state of residence in the 'jurisdiction' column",
                             ck->military, ck->military == 1 ? "" : "s",
                             ck->military == 1 ? "has" : "have",
                             ck->military == 1 ? "the" : "their", ck->military == 1 ? "" : "s",
                             ck->military == 1 ? "is" : "are", ck->military == 1 ? "it" : "them");
    }
    if (ck->rep->rejected > 0) {
        char *n = bl_kinds_count(ck->rep->rejected);

        bl_check_add_finding(ck, BL_SEV_WARNING, NULL, "rejected-rows", NULL,
                             ck->rep->recipients_path, ck->rep->rejected,
                             "%s row%s of the list %s rejected and will get no letter until "
                             "corrected: %s",
                             n, ck->rep->rejected == 1 ? "" : "s",
                             ck->rep->rejected == 1 ? "is" : "are", ck->rep->rejected_kinds);
        g_free(n);
    }
}

/* most letters first, then by state */
static gint
compare_counts(gconstpointer a, gconstpointer b, gpointer data)
{
    GHashTable *counts = data;
    const char *x = *(const char *const *)a;
    const char *y = *(const char *const *)b;
    gint64 nx = *(const gint64 *)g_hash_table_lookup(counts, x);
    gint64 ny = *(const gint64 *)g_hash_table_lookup(counts, y);

    return nx != ny ? (nx > ny ? -1 : 1) : strcmp(x, y);
}

/* The letters that asked for language-assistance taglines and get none: their states. */
static void
check_taglines(struct checker *ck)
{
    GPtrArray *states;
    GString *list;
    gint64 total = 0;
    GHashTableIter it;
    gpointer key;

    if (g_hash_table_size(ck->taglines_missing) == 0) {
        return;
    }
    states = g_ptr_array_new();
    g_hash_table_iter_init(&it, ck->taglines_missing);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        g_ptr_array_add(states, key);
    }
    g_ptr_array_sort_with_data(states, compare_counts, ck->taglines_missing);
    list = g_string_new(NULL);
    for (guint i = 0; i < states->len; i++) {
        const char *code = g_ptr_array_index(states, i);
        gint64 n = *(const gint64 *)g_hash_table_lookup(ck->taglines_missing, code);
        char *count = bl_kinds_count(n);

        g_string_append_printf(list, "%s%s (%s%s)",
                               i == 0                 ? ""
                               : i + 1 == states->len ? " and "
                                                      : ", ",
                               code[0] != '\0' ? code : "no state", count,
                               i > 0    ? ""
                               : n == 1 ? " recipient"
                                        : " recipients");
        total += n;
        g_free(count);
    }
    bl_check_add_finding(
        ck, BL_SEV_WARNING, NULL, "taglines-missing", NULL, ck->taglines_data, total,
        "the incident asks for language-assistance taglines, but the taglines "
        "data has no list of languages for %s: %s letter%s %s made without "
        "the taglines page; add a <state> list of the languages most spoken "
        "by people of limited English proficiency in %s (45 CFR 92.11 asks "
        "for at least 15)",
        list->str, total == 1 ? "the" : "their", total == 1 ? "" : "s", total == 1 ? "is" : "are",
        g_hash_table_size(ck->taglines_missing) == 1 ? "the state" : "each state");
    g_string_free(list, TRUE);
    g_ptr_array_unref(states);
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
    struct checker ck = {.in = in, .diag = diag};
    int rc = -1;

    ck.rep = bl_check_report_new(in);
    ck.samples = g_ptr_array_new_with_free_func(bl_check_sample_free);
    ck.categories =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_hash_table_unref);
    ck.monitoring = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    ck.taglines_missing = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    ck.finding_ix = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    ck.hipaa = strcmp(in->incident->org.hipaa_role, "covered-entity") == 0 ||
               strcmp(in->incident->org.hipaa_role, "business-associate") == 0;
    if (in->recipients != NULL) {
        if (bl_check_read_list(&ck) < 0) {
            goto out;
        }
    } else {
        bl_check_make_samples(&ck);
    }
    if (in->recipients != NULL || in->incident->total_affected >= 0) {
        /* fewer than 500 affected: HHS hears of the breach in the yearly log, which the clocks
         * that count from the HHS notice then count from */
        ck.rep->dates.hhs_log = MAX(in->incident->total_affected, ck.rep->rows) < 500;
    }
    bl_check_lint_samples(&ck);
    bl_check_monitoring(&ck);
    check_data_files(&ck);
    find_partial(&ck);
    bl_check_deadlines(&ck);
    check_partial_list(&ck);
    check_rows(&ck);
    check_taglines(&ck);
    g_ptr_array_sort(ck.rep->verify, compare_notes);
    *out = ck.rep;
    ck.rep = NULL;
    rc = 0;
out:
    bl_check_report_free(ck.rep);
    g_ptr_array_unref(ck.samples);
    g_hash_table_unref(ck.categories);
    g_hash_table_unref(ck.monitoring);
    g_hash_table_unref(ck.taglines_missing);
    g_hash_table_unref(ck.finding_ix);
    return rc;
}

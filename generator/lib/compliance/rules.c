/* SPDX-License-Identifier: MIT */
/* Rules: reads templates/rules/jurisdictions.xml into plain C and computes deadlines. */
#include "rules.h"

#include <string.h>

#include "holidays.h"
#include "text.h"
#include "xml.h"

static void
cite_release(struct bl_cite *c)
{
    g_free(c->cite);
    g_free(c->href);
    g_free(c->verify);
    g_free(c->translated);
    g_free(c->also);
}

static void
when_release(struct bl_when *w)
{
    g_strfreev(w->categories);
    g_free(w->hipaa);
    g_strfreev(w->regulators);
}

static void
notify_free(gpointer data)
{
    struct bl_notify *n = data;

    g_free(n->to);
    when_release(&n->when);
    cite_release(&n->cite);
    g_free(n->text);
    g_free(n);
}

static void
content_free(gpointer data)
{
    struct bl_content_rule *r = data;

    for (guint i = 0; i < r->checks->len; i++) {
        g_free(g_array_index(r->checks, struct bl_check, i).text);
        g_free(g_array_index(r->checks, struct bl_check, i).member);
    }
    g_array_unref(r->checks);
    g_free(r->id);
    g_free(r->what);
    when_release(&r->when);
    cite_release(&r->cite);
    g_free(r);
}

static void
individuals_free(gpointer data)
{
    struct bl_individuals *v = data;

    when_release(&v->when);
    cite_release(&v->cite);
    g_free(v->text);
    g_free(v);
}

static void
monitoring_free(gpointer data)
{
    struct bl_monitoring_rule *m = data;

    when_release(&m->when);
    cite_release(&m->cite);
    g_free(m->text);
    g_free(m);
}

static void
exemption_free(gpointer data)
{
    struct bl_exemption *e = data;

    g_free(e->kind);
    g_free(e->regime);
    g_strfreev(e->kinds);
    when_release(&e->when);
    cite_release(&e->cite);
    g_free(e->text);
    g_free(e);
}

static void
pi_free(gpointer data)
{
    struct bl_pi_rule *r = data;

    g_strfreev(r->categories);
    when_release(&r->when);
    cite_release(&r->cite);
    g_free(r->text);
    g_free(r);
}

static void
alternative_free(gpointer data)
{
    struct bl_alternative *a = data;

    g_free(a->id);
    g_strfreev(a->categories);
    when_release(&a->when);
    cite_release(&a->cite);
    g_free(a->text);
    g_free(a);
}

static void
jurisdiction_free(gpointer data)
{
    struct bl_jurisdiction *j = data;

    g_free(j->code);
    g_free(j->name);
    g_free(j->law);
    cite_release(&j->law_cite);
    g_ptr_array_unref(j->individuals);
    g_ptr_array_unref(j->notify);
    g_ptr_array_unref(j->monitoring);
    g_ptr_array_unref(j->exemptions);
    g_ptr_array_unref(j->personal);
    g_ptr_array_unref(j->alternatives);
    g_ptr_array_unref(j->content);
    bl_calendar_free(j->holidays);
    g_free(j);
}

void
bl_rules_free(struct bl_rules *rules)
{
    if (rules == NULL) {
        return;
    }
    g_ptr_array_unref(rules->jurisdictions);
    bl_calendar_free(rules->holidays);
    g_free(rules->path);
    g_free(rules);
}

static void
read_cite(const xmlNode *node, struct bl_cite *c)
{
    c->cite = bl_xml_attr(node, "cite");
    c->href = bl_xml_attr(node, "href");
    c->verify = bl_xml_attr(node, "verify");
    c->translated = bl_xml_attr(node, "translated");
    c->also = bl_xml_attr(node, "also");
    c->line = (int)xmlGetLineNo(node);
}

/* Reads a date attribute into *out (left invalid when absent); the schema checked its shape,
 * so only an impossible date (2025-02-30) is reported. */
static int
read_date_attr(const xmlNode *node, const char *name, GDate *out, const char *path,
               struct bl_diag *diag)
{
    char *text = bl_xml_attr(node, name);
    int rc = 0;

    g_date_clear(out, 1);
    if (text != NULL && bl_date_parse(out, text) < 0) {
        struct bl_loc loc = bl_xml_loc(node, path);

        bl_diag_error(diag, &loc, "%s date '%s' is not a valid YYYY-MM-DD date", name, text);
        rc = -1;
    }
    g_free(text);
    return rc;
}

static int
read_when(const xmlNode *node, struct bl_when *w, const char *path, struct bl_diag *diag)
{
    char *cats = bl_xml_attr(node, "when-category");
    char *dated_by = bl_xml_attr(node, "dated-by");
    char *regulators = bl_xml_attr(node, "when-regulated-by");
    int rc = 0;

    w->categories = cats != NULL ? g_strsplit(cats, " ", -1) : NULL;
    w->regulators = regulators != NULL ? g_strsplit(regulators, " ", -1) : NULL;
    w->hipaa = bl_xml_attr(node, "when-hipaa");
    w->vendor = xmlHasProp(node, (const xmlChar *)"when-vendor") != NULL;
    w->harm = xmlHasProp(node, (const xmlChar *)"when-harm-unlikely") != NULL;
    w->span.dated_by =
        g_strcmp0(dated_by, "occurred") == 0 ? BL_DATED_OCCURRED : BL_DATED_DISCOVERY;
    if (read_date_attr(node, "from", &w->span.from, path, diag) < 0 ||
        read_date_attr(node, "until", &w->span.until, path, diag) < 0) {
        rc = -1;
    } else if (g_date_valid(&w->span.from) && g_date_valid(&w->span.until) &&
               g_date_compare(&w->span.from, &w->span.until) >= 0) {
        struct bl_loc loc = bl_xml_loc(node, path);

        bl_diag_error(diag, &loc, "a rule in force from a date must end after it ('until')");
        rc = -1;
    }
    g_free(cats);
    g_free(dated_by);
    g_free(regulators);
    return rc;
}

/* Reads a deadline's attributes; days must move a date by at most BL_CALENDAR_MAX_DAYS either
 * way (the schema says so too), so that a count of business days stays short and no date leaves
 * the calendar. */
static int
read_deadline(const xmlNode *node, struct bl_deadline *d, const char *path, struct bl_diag *diag)
{
    char *days = bl_xml_attr(node, "days");
    char *unit = bl_xml_attr(node, "unit");
    char *anchor = bl_xml_attr(node, "anchor");
    char *resume = bl_xml_attr(node, "resume-days");
    gint64 n = 0, r = 0;
    int rc = 0;

    if (days != NULL && !g_ascii_string_to_signed(days, 10, -BL_CALENDAR_MAX_DAYS,
                                                  BL_CALENDAR_MAX_DAYS, &n, NULL)) {
        struct bl_loc loc = bl_xml_loc(node, path);

        bl_diag_error(diag, &loc, "days '%s' must be a whole number from %d to %d", days,
                      -BL_CALENDAR_MAX_DAYS, BL_CALENDAR_MAX_DAYS);
        rc = -1;
    }
    if (resume != NULL &&
        !g_ascii_string_to_signed(resume, 10, 1, BL_CALENDAR_MAX_DAYS, &r, NULL)) {
        struct bl_loc loc = bl_xml_loc(node, path);

        bl_diag_error(diag, &loc, "resume-days '%s' must be a whole number from 1 to %d", resume,
                      BL_CALENDAR_MAX_DAYS);
        rc = -1;
    }
    d->set = days != NULL;
    d->days = (int)n;
    d->resume_days = (int)r;
    d->business = g_strcmp0(unit, "business") == 0;
    d->anchor = g_strcmp0(anchor, "notice") == 0          ? BL_ANCHOR_NOTICE
                : g_strcmp0(anchor, "determination") == 0 ? BL_ANCHOR_DETERMINATION
                : g_strcmp0(anchor, "hhs-notice") == 0    ? BL_ANCHOR_HHS_NOTICE
                : g_strcmp0(anchor, "year-end") == 0      ? BL_ANCHOR_YEAR_END
                                                          : BL_ANCHOR_DISCOVERY;
    d->tolled = xmlHasProp(node, (const xmlChar *)"tolled-by") != NULL;
    g_free(days);
    g_free(unit);
    g_free(anchor);
    g_free(resume);
    return rc;
}

static struct bl_content_rule *
read_content(const xmlNode *node, const char *path, struct bl_diag *diag, int *errors)
{
    struct bl_content_rule *r = g_new0(struct bl_content_rule, 1);

    r->id = bl_xml_attr(node, "id");
    r->forbid = bl_xml_is(node, "forbid");
    r->what = bl_xml_attr(node, "what");
    *errors += read_when(node, &r->when, path, diag) < 0;
    read_cite(node, &r->cite);
    r->checks = g_array_new(FALSE, TRUE, sizeof(struct bl_check));
    for (const xmlNode *c = node->children; c != NULL; c = c->next) {
        struct bl_check check = {0};

        if (c->type != XML_ELEMENT_NODE) {
            continue;
        }
        if (bl_xml_is(c, "phrase")) {
            check.kind = BL_CHECK_PHRASE;
            check.text = bl_xml_text(c);
        } else if (bl_xml_is(c, "value")) {
            check.kind = BL_CHECK_VALUE;
            check.text = bl_xml_attr(c, "of");
        } else if (bl_xml_is(c, "contact")) {
            check.kind = BL_CHECK_CONTACT;
            check.text = bl_xml_attr(c, "ref");
            check.member = bl_xml_attr(c, "member");
        } else if (bl_xml_is(c, "title")) {
            check.kind = BL_CHECK_TITLE;
            check.text = bl_xml_text(c);
        } else if (bl_xml_is(c, "heading")) {
            check.kind = BL_CHECK_HEADING;
            check.text = bl_xml_text(c);
        } else if (bl_xml_is(c, "min-font-size")) {
            char *pt = bl_xml_attr(c, "pt");

            check.kind = BL_CHECK_MIN_FONT;
            check.pt = g_ascii_strtod(pt, NULL);
            g_free(pt);
        } else {
            continue;
        }
        g_array_append_val(r->checks, check);
    }
    return r;
}

/* TRUE when two spans share a day (compared on the same incident date). */
static gboolean
spans_overlap(const struct bl_span *a, const struct bl_span *b)
{
    gboolean a_ends_first = g_date_valid(&a->until) && g_date_valid(&b->from) &&
                            g_date_compare(&a->until, &b->from) <= 0;
    gboolean b_ends_first = g_date_valid(&b->until) && g_date_valid(&a->from) &&
                            g_date_compare(&b->until, &a->from) <= 0;

    return a->dated_by == b->dated_by && !a_ends_first && !b_ends_first;
}

static const char *const weekdays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                       "friday", "saturday", "sunday"};

/* One <holiday>: the schema checked its shape; the day must exist in the month. */
static struct bl_holiday *
read_holiday(const xmlNode *node, const char *path, struct bl_diag *diag, int *errors)
{
    struct bl_holiday *h = g_new0(struct bl_holiday, 1);
    char *month = bl_xml_attr(node, "month"), *day = bl_xml_attr(node, "day");
    char *weekday = bl_xml_attr(node, "weekday"), *nth = bl_xml_attr(node, "nth");
    char *after = bl_xml_attr(node, "on-or-after"), *observed = bl_xml_attr(node, "observed");

    h->name = bl_xml_attr(node, "name");
    h->line = (int)xmlGetLineNo(node);
    h->month = (int)g_ascii_strtoll(month, NULL, 10);
    h->day = day != NULL ? (int)g_ascii_strtoll(day, NULL, 10) : 0;
    h->nth = g_strcmp0(nth, "last") == 0 ? -1
             : nth != NULL               ? (int)g_ascii_strtoll(nth, NULL, 10)
                                         : 1;
    h->on_or_after = after != NULL ? (int)g_ascii_strtoll(after, NULL, 10) : 1;
    h->weekday = G_DATE_BAD_WEEKDAY;
    for (gsize i = 0; weekday != NULL && i < G_N_ELEMENTS(weekdays); i++) {
        if (strcmp(weekday, weekdays[i]) == 0) {
            h->weekday = (GDateWeekday)(i + 1);
        }
    }
    h->observed = g_strcmp0(observed, "nearest-weekday") == 0    ? BL_OBSERVED_NEAREST_WEEKDAY
                  : g_strcmp0(observed, "sunday-to-monday") == 0 ? BL_OBSERVED_SUNDAY_TO_MONDAY
                                                                 : BL_OBSERVED_NONE;
    if ((h->day > 0 && !g_date_valid_dmy((GDateDay)h->day, (GDateMonth)h->month, 2024)) ||
        (h->day > 0) == (h->weekday != G_DATE_BAD_WEEKDAY)) {
        struct bl_loc loc = bl_xml_loc(node, path);

        bl_diag_error(diag, &loc,
                      "holiday '%s' needs either a day that month has or a weekday, not both",
                      h->name);
        (*errors)++;
    }
    if (read_date_attr(node, "from", &h->from, path, diag) < 0 ||
        read_date_attr(node, "until", &h->until, path, diag) < 0) {
        (*errors)++;
    }
    g_free(month);
    g_free(day);
    g_free(weekday);
    g_free(nth);
    g_free(after);
    g_free(observed);
    return h;
}

/* A <holidays> calendar, adding to base (the federal holidays) when given. */
static struct bl_calendar *
read_calendar(const xmlNode *node, const struct bl_calendar *base, const char *path,
              struct bl_diag *diag, int *errors)
{
    struct bl_calendar *cal = bl_calendar_new(base);

    cal->name = bl_xml_attr(node, "name");
    read_cite(node, &cal->cite);
    for (const xmlNode *c = node->children; c != NULL; c = c->next) {
        if (bl_xml_is(c, "holiday")) {
            bl_calendar_add_take(cal, read_holiday(c, path, diag, errors));
        }
    }
    return cal;
}

/* Versions of one rule must not be in force on the same day: the engine could not tell which
 * applies. whens[i] and cites[i] belong to the same version. */
static int
check_versions(GPtrArray *whens, GPtrArray *cites, const char *what, const char *path,
               struct bl_diag *diag)
{
    int errors = 0;

    for (guint i = 0; i < whens->len; i++) {
        for (guint k = 0; k < i; k++) {
            const struct bl_when *a = g_ptr_array_index(whens, i);
            const struct bl_when *b = g_ptr_array_index(whens, k);
            const struct bl_cite *cite = g_ptr_array_index(cites, i);

            if (spans_overlap(&a->span, &b->span)) {
                struct bl_loc loc = {path, cite->line, 0};

                bl_diag_error(diag, &loc,
                              "two versions of the %s are in force on the same days: give "
                              "them 'from' and 'until' dates that do not overlap",
                              what);
                errors++;
            }
        }
    }
    g_ptr_array_unref(whens);
    g_ptr_array_unref(cites);
    return errors;
}

static struct bl_jurisdiction *
read_jurisdiction(const xmlNode *node, const char *path, struct bl_diag *diag, int *errors)
{
    struct bl_jurisdiction *j = g_new0(struct bl_jurisdiction, 1);

    j->code = bl_xml_attr(node, "code");
    j->name = bl_xml_attr(node, "name");
    j->individuals = g_ptr_array_new_with_free_func(individuals_free);
    j->notify = g_ptr_array_new_with_free_func(notify_free);
    j->monitoring = g_ptr_array_new_with_free_func(monitoring_free);
    j->exemptions = g_ptr_array_new_with_free_func(exemption_free);
    j->personal = g_ptr_array_new_with_free_func(pi_free);
    j->alternatives = g_ptr_array_new_with_free_func(alternative_free);
    j->content = g_ptr_array_new_with_free_func(content_free);
    for (const xmlNode *c = node->children; c != NULL; c = c->next) {
        if (bl_xml_is(c, "law")) {
            j->law = bl_xml_text(c);
            read_cite(c, &j->law_cite);
            g_date_clear(&j->law_span.from, 1);
            g_date_clear(&j->law_span.until, 1);
            *errors += read_date_attr(c, "from", &j->law_span.from, path, diag) < 0;
        } else if (bl_xml_is(c, "holidays")) {
            j->holidays = read_calendar(c, NULL, path, diag, errors);
        } else if (bl_xml_is(c, "individuals")) {
            struct bl_individuals *v = g_new0(struct bl_individuals, 1);

            *errors += read_deadline(c, &v->deadline, path, diag) < 0;
            *errors += read_when(c, &v->when, path, diag) < 0;
            read_cite(c, &v->cite);
            v->text = bl_xml_text(c);
            g_ptr_array_add(j->individuals, v);
        } else if (bl_xml_is(c, "exempt") || bl_xml_is(c, "deemed")) {
            struct bl_exemption *e = g_new0(struct bl_exemption, 1);
            char *replaces = bl_xml_attr(c, "replaces");
            char **parts = g_strsplit(replaces != NULL ? replaces : "deadline content", " ", -1);

            e->kind = g_strdup((const char *)c->name);
            e->regime = bl_xml_attr(c, "regime");
            e->deadline =
                bl_xml_is(c, "exempt") || g_strv_contains((const char *const *)parts, "deadline");
            e->content =
                bl_xml_is(c, "exempt") || g_strv_contains((const char *const *)parts, "content");
            e->notices =
                bl_xml_is(c, "exempt") || g_strv_contains((const char *const *)parts, "notices");
            e->compliance = xmlHasProp(c, (const xmlChar *)"compliance") != NULL;
            *errors += read_when(c, &e->when, path, diag) < 0;
            read_cite(c, &e->cite);
            e->text = bl_xml_text(c);
            g_ptr_array_add(j->exemptions, e);
            g_strfreev(parts);
            g_free(replaces);
        } else if (bl_xml_is(c, "applies-to")) {
            struct bl_exemption *e = g_new0(struct bl_exemption, 1);
            char *kinds = bl_xml_attr(c, "kinds");

            /* the law binds these kinds of organisation: every other kind is exempt */
            e->kind = g_strdup("exempt");
            e->regime = g_strdup("scope");
            e->kinds = g_strsplit(kinds != NULL ? kinds : "", " ", -1);
            e->deadline = e->content = e->notices = TRUE;
            *errors += read_when(c, &e->when, path, diag) < 0;
            read_cite(c, &e->cite);
            e->text = bl_xml_text(c);
            g_ptr_array_add(j->exemptions, e);
            g_free(kinds);
        } else if (bl_xml_is(c, "personal-information")) {
            struct bl_pi_rule *r = g_new0(struct bl_pi_rule, 1);
            char *cats = bl_xml_attr(c, "categories");
            char *enc = bl_xml_attr(c, "encryption-safe-harbour");
            char *harm = bl_xml_attr(c, "risk-of-harm");

            r->categories = g_strsplit(cats != NULL ? cats : "", " ", -1);
            r->encryption = g_strcmp0(enc, "true") == 0;
            r->harm = g_strcmp0(harm, "true") == 0;
            *errors += read_when(c, &r->when, path, diag) < 0;
            read_cite(c, &r->cite);
            r->text = bl_xml_text(c);
            g_ptr_array_add(j->personal, r);
            g_free(cats);
            g_free(enc);
            g_free(harm);
        } else if (bl_xml_is(c, "alternative")) {
            struct bl_alternative *a = g_new0(struct bl_alternative, 1);
            char *cats = bl_xml_attr(c, "only-category");

            a->id = bl_xml_attr(c, "id");
            a->categories = g_strsplit(cats != NULL ? cats : "", " ", -1);
            *errors += read_when(c, &a->when, path, diag) < 0;
            read_cite(c, &a->cite);
            a->text = bl_xml_text(c);
            g_ptr_array_add(j->alternatives, a);
            g_free(cats);
        } else if (bl_xml_is(c, "notify")) {
            struct bl_notify *n = g_new0(struct bl_notify, 1);
            char *min = bl_xml_attr(c, "min");
            char *max = bl_xml_attr(c, "max");
            char *count = bl_xml_attr(c, "count");

            n->to = bl_xml_attr(c, "to");
            n->min = (int)g_ascii_strtoll(min, NULL, 10);
            n->max = max != NULL ? (int)g_ascii_strtoll(max, NULL, 10) : 0;
            n->count = g_strcmp0(count, "total") == 0        ? BL_COUNT_TOTAL
                       : g_strcmp0(count, "each-state") == 0 ? BL_COUNT_EACH_STATE
                                                             : BL_COUNT_RESIDENTS;
            *errors += read_deadline(c, &n->deadline, path, diag) < 0;
            *errors += read_when(c, &n->when, path, diag) < 0;
            read_cite(c, &n->cite);
            n->text = bl_xml_text(c);
            g_ptr_array_add(j->notify, n);
            g_free(min);
            g_free(max);
            g_free(count);
        } else if (bl_xml_is(c, "monitoring")) {
            struct bl_monitoring_rule *m = g_new0(struct bl_monitoring_rule, 1);
            char *months = bl_xml_attr(c, "months");

            m->months = (int)g_ascii_strtoll(months, NULL, 10);
            *errors += read_when(c, &m->when, path, diag) < 0;
            read_cite(c, &m->cite);
            m->text = bl_xml_text(c);
            g_ptr_array_add(j->monitoring, m);
            g_free(months);
        } else if (bl_xml_is(c, "require") || bl_xml_is(c, "forbid")) {
            g_ptr_array_add(j->content, read_content(c, path, diag, errors));
        }
    }
    {
        GPtrArray *whens = g_ptr_array_new(), *cites = g_ptr_array_new();

        for (guint i = 0; i < j->individuals->len; i++) {
            struct bl_individuals *v = g_ptr_array_index(j->individuals, i);

            g_ptr_array_add(whens, &v->when);
            g_ptr_array_add(cites, &v->cite);
        }
        *errors += check_versions(whens, cites, "deadline of the letters", path, diag);
        whens = g_ptr_array_new();
        cites = g_ptr_array_new();
        for (guint i = 0; i < j->monitoring->len; i++) {
            struct bl_monitoring_rule *m = g_ptr_array_index(j->monitoring, i);

            g_ptr_array_add(whens, &m->when);
            g_ptr_array_add(cites, &m->cite);
        }
        *errors += check_versions(whens, cites, "monitoring minimum", path, diag);
        whens = g_ptr_array_new();
        cites = g_ptr_array_new();
        for (guint i = 0; i < j->personal->len; i++) {
            struct bl_pi_rule *r = g_ptr_array_index(j->personal, i);

            g_ptr_array_add(whens, &r->when);
            g_ptr_array_add(cites, &r->cite);
        }
        *errors += check_versions(whens, cites, "definition of personal information", path, diag);
    }
    return j;
}

/* Business days count on the state's holidays, which add to the federal ones, where it gives
 * them, else on the federal ones. */
static void
set_calendar(struct bl_jurisdiction *j, const struct bl_calendar *federal)
{
    if (j->holidays != NULL) {
        j->holidays->base = federal;
    }
    j->calendar = j->holidays != NULL ? j->holidays : federal;
    for (guint i = 0; i < j->individuals->len; i++) {
        ((struct bl_individuals *)g_ptr_array_index(j->individuals, i))->deadline.calendar =
            j->calendar;
    }
    for (guint i = 0; i < j->notify->len; i++) {
        ((struct bl_notify *)g_ptr_array_index(j->notify, i))->deadline.calendar = j->calendar;
    }
}

int
bl_rules_load(struct bl_rules **out, const char *path, const char *schema_path,
              struct bl_diag *diag)
{
    struct bl_rules *rules = g_new0(struct bl_rules, 1);
    xmlDoc *doc = bl_xml_read(path, diag);
    const xmlNode *root;
    char *checked = NULL;
    int rc = -1;

    rules->path = g_strdup(path);
    rules->jurisdictions = g_ptr_array_new_with_free_func(jurisdiction_free);
    if (doc == NULL || bl_xml_validate(doc, path, schema_path, diag) < 0) {
        goto out;
    }
    root = xmlDocGetRootElement(doc);
    checked = bl_xml_attr(root, "checked");
    if (bl_date_parse(&rules->checked, checked) < 0) {
        struct bl_loc loc = bl_xml_loc(root, path);

        bl_diag_error(diag, &loc, "checked date '%s' is not a valid YYYY-MM-DD date", checked);
        goto out;
    }
    for (const xmlNode *n = root->children; n != NULL; n = n->next) {
        if (bl_xml_is(n, "holidays")) {
            int errors = 0;

            rules->holidays = read_calendar(n, NULL, path, diag, &errors);
            if (errors > 0) {
                goto out;
            }
        } else if (bl_xml_is(n, "jurisdiction")) {
            int errors = 0;
            struct bl_jurisdiction *j = read_jurisdiction(n, path, diag, &errors);

            if (errors > 0) {
                jurisdiction_free(j);
                goto out;
            }
            if (bl_rules_find(rules, j->code) != NULL) {
                struct bl_loc loc = bl_xml_loc(n, path);

                bl_diag_error(diag, &loc, "jurisdiction '%s' is given twice", j->code);
                jurisdiction_free(j);
                goto out;
            }
            g_ptr_array_add(rules->jurisdictions, j);
        }
    }
    for (guint i = 0; i < rules->jurisdictions->len; i++) {
        set_calendar(g_ptr_array_index(rules->jurisdictions, i), rules->holidays);
    }
    *out = rules;
    rules = NULL;
    rc = 0;
out:
    g_free(checked);
    bl_rules_free(rules);
    if (doc != NULL) {
        xmlFreeDoc(doc);
    }
    return rc;
}

const struct bl_jurisdiction *
bl_rules_find(const struct bl_rules *rules, const char *code)
{
    for (guint i = 0; code != NULL && i < rules->jurisdictions->len; i++) {
        const struct bl_jurisdiction *j = g_ptr_array_index(rules->jurisdictions, i);

        if (strcmp(j->code, code) == 0) {
            return j;
        }
    }
    return NULL;
}

gboolean
bl_span_holds(const struct bl_span *span, const struct bl_dates *dates)
{
    const GDate *on = span->dated_by == BL_DATED_OCCURRED ? &dates->occurred : &dates->discovered;

    if (!g_date_valid(on)) {
        return !g_date_valid(&span->from) && !g_date_valid(&span->until);
    }
    return (!g_date_valid(&span->from) || g_date_compare(&span->from, on) <= 0) &&
           (!g_date_valid(&span->until) || g_date_compare(on, &span->until) < 0);
}

char *
bl_span_describe(const struct bl_span *span)
{
    char from[16], until[16];
    GDate last;

    if (g_date_valid(&span->from)) {
        g_date_strftime(from, sizeof(from), "%Y-%m-%d", &span->from);
    }
    if (g_date_valid(&span->until)) {
        /* until is the first day of the next version: name the last day of this one */
        last = span->until;
        g_date_subtract_days(&last, 1);
        g_date_strftime(until, sizeof(until), "%Y-%m-%d", &last);
    }
    if (g_date_valid(&span->from) && g_date_valid(&span->until)) {
        return g_strdup_printf("in force %s to %s", from, until);
    }
    if (g_date_valid(&span->from)) {
        return g_strdup_printf("in force from %s", from);
    }
    if (g_date_valid(&span->until)) {
        return g_strdup_printf("in force until %s", until);
    }
    return NULL;
}

const struct bl_individuals *
bl_jurisdiction_individuals(const struct bl_jurisdiction *j, const struct bl_dates *dates)
{
    for (guint i = 0; i < j->individuals->len; i++) {
        const struct bl_individuals *v = g_ptr_array_index(j->individuals, i);

        if (bl_span_holds(&v->when.span, dates)) {
            return v;
        }
    }
    return NULL;
}

const struct bl_monitoring_rule *
bl_jurisdiction_monitoring(const struct bl_jurisdiction *j, const struct bl_dates *dates)
{
    for (guint i = 0; i < j->monitoring->len; i++) {
        const struct bl_monitoring_rule *m = g_ptr_array_index(j->monitoring, i);

        if (bl_span_holds(&m->when.span, dates)) {
            return m;
        }
    }
    return NULL;
}

const struct bl_pi_rule *
bl_jurisdiction_personal(const struct bl_jurisdiction *j, const struct bl_dates *dates)
{
    for (guint i = 0; i < j->personal->len; i++) {
        const struct bl_pi_rule *r = g_ptr_array_index(j->personal, i);

        if (bl_span_holds(&r->when.span, dates)) {
            return r;
        }
    }
    return NULL;
}

const struct bl_exemption *
bl_jurisdiction_exemption(const struct bl_jurisdiction *j, const char *hipaa_role, gboolean glba,
                          const struct bl_dates *dates)
{
    gboolean hipaa = g_strcmp0(hipaa_role, "covered-entity") == 0 ||
                     g_strcmp0(hipaa_role, "business-associate") == 0;

    /* an exemption outranks a deeming: look for one first */
    for (int pass = 0; pass < 2; pass++) {
        for (guint i = 0; i < j->exemptions->len; i++) {
            const struct bl_exemption *e = g_ptr_array_index(j->exemptions, i);
            gboolean regime = (hipaa && strcmp(e->regime, "hipaa") == 0) ||
                              (glba && strcmp(e->regime, "glba") == 0);

            if (e->when.hipaa != NULL && strcmp(e->regime, "hipaa") == 0 &&
                strcmp(e->when.hipaa, "any") != 0 && g_strcmp0(e->when.hipaa, hipaa_role) != 0) {
                continue;
            }
            if (regime && strcmp(e->kind, pass == 0 ? "exempt" : "deemed") == 0 &&
                bl_span_holds(&e->when.span, dates)) {
                return e;
            }
        }
    }
    return NULL;
}

const struct bl_exemption *
bl_jurisdiction_scope(const struct bl_jurisdiction *j, const char *kind,
                      const struct bl_dates *dates, int *applies)
{
    for (guint i = 0; i < j->exemptions->len; i++) {
        const struct bl_exemption *e = g_ptr_array_index(j->exemptions, i);

        if (strcmp(e->regime, "scope") == 0 && bl_span_holds(&e->when.span, dates)) {
            *applies = kind == NULL ? -1 : g_strv_contains((const char *const *)e->kinds, kind);
            return e;
        }
    }
    *applies = 1;
    return NULL;
}

/* The date the clock of d starts from, into *out (invalid when the incident does not give it). */
static void
anchor_date(GDate *out, const struct bl_deadline *d, const struct bl_dates *dates)
{
    g_date_clear(out, 1);
    switch (d->anchor) {
    case BL_ANCHOR_NOTICE:
        *out = dates->notice;
        break;
    case BL_ANCHOR_DETERMINATION:
        *out = g_date_valid(&dates->determined) ? dates->determined : dates->discovered;
        break;
    case BL_ANCHOR_HHS_NOTICE:
        if (g_date_valid(&dates->hhs_notice)) {
            *out = dates->hhs_notice;
        } else if (dates->hhs_log && g_date_valid(&dates->discovered)) {
            /* fewer than 500: the yearly log, due 60 days after the end of the year of
             * discovery (45 CFR 164.408(c)) */
            g_date_set_dmy(out, 31, G_DATE_DECEMBER, g_date_get_year(&dates->discovered));
            g_date_add_days(out, 60);
        } else {
            /* 500 or more: HHS is told with the letters (45 CFR 164.408(b)) */
            *out = dates->notice;
        }
        break;
    case BL_ANCHOR_YEAR_END:
        if (g_date_valid(&dates->discovered)) {
            g_date_set_dmy(out, 31, G_DATE_DECEMBER, g_date_get_year(&dates->discovered));
        }
        break;
    default:
        *out = dates->discovered;
        break;
    }
}

static void
move(GDate *date, const struct bl_deadline *d, int days)
{
    if (d->business) {
        bl_calendar_add_business_days(d->calendar, date, days);
    } else if (days >= 0) {
        g_date_add_days(date, (guint)days);
    } else {
        g_date_subtract_days(date, (guint)-days);
    }
}

gboolean
bl_deadline_suspended(const struct bl_deadline *d, const struct bl_dates *dates)
{
    return d->set && d->tolled && dates->delayed && !g_date_valid(&dates->delay_until);
}

void
bl_deadline_due(GDate *out, const struct bl_deadline *d, const struct bl_dates *dates)
{
    GDate anchor;

    anchor_date(&anchor, d, dates);
    g_date_clear(out, 1);
    if (!d->set || !g_date_valid(&anchor) || bl_deadline_suspended(d, dates)) {
        return;
    }
    *out = anchor;
    move(out, d, d->days);
    if (d->tolled && dates->delayed && g_date_valid(&dates->delay_until)) {
        /* the delay counts when it began before the deadline passed: the clock stops from its
         * start (or the anchor, if later) to its end, or, where the law says so, the notice is
         * due a set number of days after the delay ends */
        GDate start =
            g_date_valid(&dates->delay_from) && g_date_compare(&dates->delay_from, &anchor) > 0
                ? dates->delay_from
                : anchor;

        if (g_date_compare(&start, out) <= 0 && g_date_compare(&start, &dates->delay_until) < 0) {
            if (d->resume_days > 0) {
                *out = dates->delay_until;
                g_date_add_days(out, (guint)d->resume_days);
            } else {
                g_date_add_days(out, (guint)g_date_days_between(&start, &dates->delay_until));
            }
        }
    }
}

char *
bl_deadline_describe(const struct bl_deadline *d)
{
    static const char *const anchors[] = {
        [BL_ANCHOR_DISCOVERY] = "discovery",
        [BL_ANCHOR_NOTICE] = "the letters",
        [BL_ANCHOR_DETERMINATION] = "determination",
        [BL_ANCHOR_HHS_NOTICE] = "the HHS notice",
        [BL_ANCHOR_YEAR_END] = "the end of the year of discovery",
    };
    const char *anchor = anchors[d->anchor];
    const char *unit = d->business ? "business" : "calendar";
    char *text;

    if (!d->set) {
        return g_strdup("no set number of days");
    }
    if (d->days == 0) {
        text = g_strdup_printf("no later than %s", anchor);
    } else if (d->days < 0) {
        text = g_strdup_printf("%d %s day%s before %s", -d->days, unit, d->days == -1 ? "" : "s",
                               anchor);
    } else {
        text =
            g_strdup_printf("%d %s day%s after %s", d->days, unit, d->days == 1 ? "" : "s", anchor);
    }
    if (d->tolled && d->resume_days > 0) {
        char *more = g_strdup_printf("%s, or %d day%s after a law-enforcement delay ends", text,
                                     d->resume_days, d->resume_days == 1 ? "" : "s");

        g_free(text);
        text = more;
    }
    return text;
}

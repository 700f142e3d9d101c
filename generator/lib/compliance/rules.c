/* SPDX-License-Identifier: MIT */
/* Rules: reads templates/rules/jurisdictions.xml into plain C and computes deadlines. */
#include "rules.h"

#include <string.h>

#include "text.h"
#include "xml.h"

static void
cite_release(struct bl_cite *c)
{
    g_free(c->cite);
    g_free(c->href);
    g_free(c->verify);
}

static void
when_release(struct bl_when *w)
{
    g_strfreev(w->categories);
    g_free(w->hipaa);
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
jurisdiction_free(gpointer data)
{
    struct bl_jurisdiction *j = data;

    g_free(j->code);
    g_free(j->name);
    g_free(j->law);
    cite_release(&j->law_cite);
    cite_release(&j->individuals_cite);
    g_free(j->individuals_text);
    g_ptr_array_unref(j->notify);
    when_release(&j->monitoring_when);
    cite_release(&j->monitoring_cite);
    g_free(j->monitoring_text);
    g_ptr_array_unref(j->content);
    g_free(j);
}

void
bl_rules_free(struct bl_rules *rules)
{
    if (rules == NULL) {
        return;
    }
    g_ptr_array_unref(rules->jurisdictions);
    g_free(rules->path);
    g_free(rules);
}

static void
read_cite(const xmlNode *node, struct bl_cite *c)
{
    c->cite = bl_xml_attr(node, "cite");
    c->href = bl_xml_attr(node, "href");
    c->verify = bl_xml_attr(node, "verify");
    c->line = (int)xmlGetLineNo(node);
}

static void
read_when(const xmlNode *node, struct bl_when *w)
{
    char *cats = bl_xml_attr(node, "when-category");

    w->categories = cats != NULL ? g_strsplit(cats, " ", -1) : NULL;
    w->hipaa = bl_xml_attr(node, "when-hipaa");
    g_free(cats);
}

static void
read_deadline(const xmlNode *node, struct bl_deadline *d)
{
    char *days = bl_xml_attr(node, "days");
    char *unit = bl_xml_attr(node, "unit");
    char *anchor = bl_xml_attr(node, "anchor");

    d->set = days != NULL;
    d->days = days != NULL ? (int)g_ascii_strtoll(days, NULL, 10) : 0;
    d->business = g_strcmp0(unit, "business") == 0;
    d->anchor = g_strcmp0(anchor, "notice") == 0 ? BL_ANCHOR_NOTICE : BL_ANCHOR_DISCOVERY;
    g_free(days);
    g_free(unit);
    g_free(anchor);
}

static struct bl_content_rule *
read_content(const xmlNode *node)
{
    struct bl_content_rule *r = g_new0(struct bl_content_rule, 1);

    r->id = bl_xml_attr(node, "id");
    r->forbid = bl_xml_is(node, "forbid");
    r->what = bl_xml_attr(node, "what");
    read_when(node, &r->when);
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

static struct bl_jurisdiction *
read_jurisdiction(const xmlNode *node)
{
    struct bl_jurisdiction *j = g_new0(struct bl_jurisdiction, 1);

    j->code = bl_xml_attr(node, "code");
    j->name = bl_xml_attr(node, "name");
    j->notify = g_ptr_array_new_with_free_func(notify_free);
    j->content = g_ptr_array_new_with_free_func(content_free);
    for (const xmlNode *c = node->children; c != NULL; c = c->next) {
        if (bl_xml_is(c, "law")) {
            j->law = bl_xml_text(c);
            read_cite(c, &j->law_cite);
        } else if (bl_xml_is(c, "individuals")) {
            read_deadline(c, &j->individuals);
            read_cite(c, &j->individuals_cite);
            j->individuals_text = bl_xml_text(c);
        } else if (bl_xml_is(c, "notify")) {
            struct bl_notify *n = g_new0(struct bl_notify, 1);
            char *min = bl_xml_attr(c, "min");
            char *count = bl_xml_attr(c, "count");

            n->to = bl_xml_attr(c, "to");
            n->min = (int)g_ascii_strtoll(min, NULL, 10);
            n->count = g_strcmp0(count, "total") == 0        ? BL_COUNT_TOTAL
                       : g_strcmp0(count, "each-state") == 0 ? BL_COUNT_EACH_STATE
                                                             : BL_COUNT_RESIDENTS;
            read_deadline(c, &n->deadline);
            read_when(c, &n->when);
            read_cite(c, &n->cite);
            n->text = bl_xml_text(c);
            g_ptr_array_add(j->notify, n);
            g_free(min);
            g_free(count);
        } else if (bl_xml_is(c, "monitoring")) {
            char *months = bl_xml_attr(c, "months");

            j->monitoring_months = (int)g_ascii_strtoll(months, NULL, 10);
            read_when(c, &j->monitoring_when);
            read_cite(c, &j->monitoring_cite);
            j->monitoring_text = bl_xml_text(c);
            g_free(months);
        } else if (bl_xml_is(c, "require") || bl_xml_is(c, "forbid")) {
            g_ptr_array_add(j->content, read_content(c));
        }
    }
    return j;
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
        if (bl_xml_is(n, "jurisdiction")) {
            struct bl_jurisdiction *j = read_jurisdiction(n);

            if (bl_rules_find(rules, j->code) != NULL) {
                struct bl_loc loc = bl_xml_loc(n, path);

                bl_diag_error(diag, &loc, "jurisdiction '%s' is given twice", j->code);
                jurisdiction_free(j);
                goto out;
            }
            g_ptr_array_add(rules->jurisdictions, j);
        }
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

void
bl_deadline_due(GDate *out, const struct bl_deadline *d, const GDate *discovered,
                const GDate *notice)
{
    const GDate *anchor = d->anchor == BL_ANCHOR_NOTICE ? notice : discovered;

    g_date_clear(out, 1);
    if (!d->set || !g_date_valid(anchor)) {
        return;
    }
    *out = *anchor;
    if (d->business) {
        bl_date_add_business_days(out, d->days);
    } else if (d->days >= 0) {
        g_date_add_days(out, (guint)d->days);
    } else {
        g_date_subtract_days(out, (guint)-d->days);
    }
}

char *
bl_deadline_describe(const struct bl_deadline *d)
{
    const char *anchor = d->anchor == BL_ANCHOR_NOTICE ? "the letters" : "discovery";
    const char *unit = d->business ? "business" : "calendar";

    if (!d->set) {
        return g_strdup("no set number of days");
    }
    if (d->days == 0) {
        return g_strdup_printf("no later than %s", anchor);
    }
    if (d->days < 0) {
        return g_strdup_printf("%d %s day%s before %s", -d->days, unit, d->days == -1 ? "" : "s",
                               anchor);
    }
    return g_strdup_printf("%d %s day%s after %s", d->days, unit, d->days == 1 ? "" : "s", anchor);
}

/* SPDX-License-Identifier: MIT */
/* Check: the letters' content. Binds the letter of every sample and lints it against the
 * content rules of its state and of HIPAA, and holds the monitoring the incident offers against
 * each state's minimum. */
#include <string.h>

#include "bind.h"
#include "check_impl.h"

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

/* The words a check looks for, in the letter's language: the rule's own for a letter in the
 * template's language; for a translated letter, their translation in the template's catalog
 * (headings and the title as the letter's own texts, phrases with msgctxt "rule", a contact's
 * lines as the letter prints them). NULL when the catalog has none: the letter then fails the
 * check, as it cannot be shown to say it. Borrowed. */
static const char *
rule_words(const struct checker *ck, const struct bl_letter *letter, const char *context,
           const char *text)
{
    const char *t;

    if (letter->language == NULL || ck->in->tpl == NULL) {
        return text;
    }
    t = bl_template_translate(ck->in->tpl, letter->language, context, text);
    if (t == NULL && context != NULL && strcmp(context, "contact") == 0) {
        return text; /* an address's lines are printed as they are */
    }
    return t;
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
        if (rule_words(ck, letter, "rule", c->text) == NULL) {
            return FALSE;
        }
        *detail = rule_words(ck, letter, "rule", c->text);
        want = fold(*detail);
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
            const char *words = rule_words(ck, letter, "contact", *l);

            want = fold(words);
            res = strstr(text, want) != NULL;
            *detail = value;
            g_free(want);
        }
        g_strfreev(lines);
        return res;
    }
    case BL_CHECK_TITLE:
        if (rule_words(ck, letter, NULL, c->text) == NULL) {
            return FALSE;
        }
        *detail = rule_words(ck, letter, NULL, c->text);
        want = fold(*detail);
        for (guint i = 0; i < titles->len && !res; i++) {
            res = strcmp(g_ptr_array_index(titles, i), want) == 0;
        }
        g_free(want);
        return res;
    case BL_CHECK_HEADING:
        /* headings must come in the rule's order: search from the previous match on */
        if (rule_words(ck, letter, NULL, c->text) == NULL) {
            return FALSE;
        }
        *detail = rule_words(ck, letter, NULL, c->text);
        want = fold(*detail);
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

/* Records that the letters of the group of sample s fail f, counts the members of the group f
 * concerns (those exposed to f's categories, when it has some) and words f->where. spreads:
 * struct bl_finding * -> struct spread *. */
static void
spread_to(struct checker *ck, GHashTable *spreads, struct bl_finding *f, const struct sample *s)
{
    struct spread *sp = g_hash_table_lookup(spreads, f);
    GString *where = g_string_new("letters to ");
    const char *code = s->jurisdiction;
    enum bl_variant variant = s->variant;
    const char *language = s->recipient->language;
    gboolean first = TRUE;

    if (sp == NULL) {
        sp = g_new0(struct spread, 1);
        sp->codes = g_ptr_array_new_with_free_func(g_free);
        sp->samples = g_ptr_array_new();
        g_hash_table_insert(spreads, f, sp);
        f->recipients = 0;
    }
    if (!g_ptr_array_find_with_equal_func(sp->codes, code, g_str_equal, NULL)) {
        g_ptr_array_add(sp->codes, g_strdup(code));
        g_ptr_array_sort(sp->codes, bl_check_compare_codes);
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
        g_string_append(where, bl_check_jurisdiction_name(ck, code));
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
lint_rules(struct checker *ck, GHashTable *spreads, const struct bl_jurisdiction *j,
           const struct sample *s, GHashTable *cats, const struct bl_letter *letter,
           const char *text)
{
    GPtrArray *titles = blocks_of_kind(letter, BL_BLOCK_TITLE);
    GPtrArray *headings = blocks_of_kind(letter, BL_BLOCK_HEADING);

    for (guint i = 0; i < j->content->len; i++) {
        const struct bl_content_rule *r = g_ptr_array_index(j->content, i);
        guint heading_pos = 0;
        const char *detail = NULL;
        const char *bad = NULL;
        struct bl_finding *finding;

        if (!bl_check_when_holds(ck, &r->when, cats)) {
            continue;
        }
        bl_check_note_verify(ck, j, r->id, &r->cite);
        if (letter->language != NULL) {
            bl_check_note_translated(ck, j, r->id, &r->cite);
        }
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
        finding =
            bl_check_add_finding(ck, BL_SEV_ERROR, j->code, r->id, &r->cite, NULL, 0,
                                 r->forbid ? "the letter includes %s, which %s forbids (found: %s)"
                                           : "the letter lacks %s, which %s requires (missing: %s)",
                                 r->what, strcmp(j->code, "HIPAA") == 0 ? "HIPAA" : j->name, bad);
        if (finding->categories == NULL && r->when.categories != NULL) {
            /* a rule about some data concerns only the people whose data that was */
            finding->categories = g_strdupv(r->when.categories);
        }
        spread_to(ck, spreads, finding, s);
    }
    g_ptr_array_unref(titles);
    g_ptr_array_unref(headings);
}

void
bl_check_lint_samples(struct checker *ck)
{
    const struct bl_jurisdiction *hipaa = bl_rules_find(ck->in->rules, "HIPAA");
    struct bl_facts facts = {0};
    GHashTable *spreads = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, spread_free);
    struct bl_diag *quiet = bl_diag_new(NULL);
    struct bl_letter letter;

    facts.residents = ck->rep->residents;
    facts.state_law = bl_check_facts_state_law;
    facts.state_law_data = ck->rep;
    bl_letter_init(&letter);
    for (guint i = 0; i < ck->samples->len; i++) {
        const struct sample *s = g_ptr_array_index(ck->samples, i);
        const struct bl_jurisdiction *j = bl_rules_find(ck->in->rules, s->jurisdiction);
        GHashTable *cats;
        char *plain, *text;

        bl_diag_clear(quiet);
        if (bl_bind(&letter, ck->in->tpl, ck->in->incident, &facts, s->recipient, quiet) < 0) {
            spread_to(ck, spreads,
                      bl_check_add_finding(ck, BL_SEV_ERROR, s->jurisdiction, "template-field",
                                           NULL, NULL, 0, "%s", bl_diag_last_message(quiet)),
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
            (bl_check_exemption(ck, j) == NULL || !bl_check_exemption(ck, j)->content)) {
            lint_rules(ck, spreads, j, s, cats, &letter, text);
        }
        if (hipaa != NULL && ck->hipaa) {
            lint_rules(ck, spreads, hipaa, s, cats, &letter, text);
        }
        g_hash_table_unref(cats);
        g_free(plain);
        g_free(text);
    }
    bl_letter_release(&letter);
    bl_diag_free(quiet);
    g_hash_table_unref(spreads);
}

/* -- the monitoring offered -------------------------------------------------------------------- */

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

void
bl_check_monitoring(struct checker *ck)
{
    const struct bl_monitoring *offer = &ck->in->incident->monitoring;

    for (guint i = 0; i < ck->in->rules->jurisdictions->len; i++) {
        const struct bl_jurisdiction *j = g_ptr_array_index(ck->in->rules->jurisdictions, i);
        const struct bl_monitoring_rule *m = bl_jurisdiction_monitoring(j, &ck->rep->dates);
        const struct bl_exemption *e = bl_check_exemption(ck, j);
        gint64 need = bl_check_monitored(ck, j->code);
        GHashTable *cats = g_hash_table_lookup(ck->categories, j->code);
        struct bl_finding *f;
        char *labels, *offered;

        if (m == NULL || (e != NULL && e->content)) {
            continue;
        }
        if (ck->in->recipients != NULL
                ? need == 0
                : cats == NULL || !bl_check_categories_hit(ck, m->when.categories, cats)) {
            continue;
        }
        bl_check_note_verify(ck, j, "monitoring-minimum", &m->cite);
        if (offer->offered && offer->months >= m->months) {
            continue;
        }
        labels = category_labels(ck, m->when.categories);
        offered = offer->offered ? g_strdup_printf("offers %d months", offer->months)
                                 : g_strdup("offers none");
        if (ck->in->recipients != NULL) {
            f = bl_check_add_finding(
                ck, BL_SEV_ERROR, j->code, "monitoring-minimum", &m->cite, NULL, need,
                "%" G_GINT64_FORMAT " resident%s of %s whose %s was exposed must be offered at "
                "least %d months of monitoring at no cost; the incident %s",
                need, need == 1 ? "" : "s", j->name, labels, m->months, offered);
        } else {
            f = bl_check_add_finding(
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

/* SPDX-License-Identifier: MIT */
/* Binder: walks the compiled template for one recipient and produces the letter's blocks of
 * escaped Pango markup, choosing conditional parts and expanding loops. */
#include "bind.h"

#include <string.h>

#include "countries.h"
#include "template_nodes.h"
#include "text.h"

struct frame {
    int list_field;
    guint index;
};

/* Counts kept while a <line> is bound, to drop lines that would print nothing. */
struct line_state {
    int fields;
    int filled;
};

struct binder {
    const struct bl_template *tpl;
    const struct bl_incident *inc;
    const struct bl_facts *facts;
    const struct bl_recipient *rcp;
    struct bl_letter *letter;
    struct bl_diag *diag;
    GArray *frames; /* struct frame: the loops around the node being bound */
    struct line_state *line;
    gboolean personal; /* the block being bound printed something about the recipient */
    int group;
    int next_group;
    int failed;
};

void
bl_letter_init(struct bl_letter *letter)
{
    memset(letter, 0, sizeof(*letter));
    letter->blocks = g_array_new(FALSE, TRUE, sizeof(struct bl_block));
    letter->return_lines = g_ptr_array_new_with_free_func(g_free);
    letter->address_lines = g_ptr_array_new_with_free_func(g_free);
    g_date_clear(&letter->date, 1);
}

static void
letter_reset(struct bl_letter *letter)
{
    for (guint i = 0; i < letter->blocks->len; i++) {
        g_free(g_array_index(letter->blocks, struct bl_block, i).markup);
    }
    g_array_set_size(letter->blocks, 0);
    g_ptr_array_set_size(letter->return_lines, 0);
    g_ptr_array_set_size(letter->address_lines, 0);
    g_clear_pointer(&letter->running_header, g_free);
    g_clear_pointer(&letter->title, g_free);
    g_clear_pointer(&letter->author, g_free);
    g_clear_pointer(&letter->subject, g_free);
    g_clear_pointer(&letter->recipient_id, g_free);
    g_clear_pointer(&letter->label, g_free);
    memset(letter->printed, 0, sizeof(letter->printed));
}

void
bl_letter_release(struct bl_letter *letter)
{
    if (letter->blocks == NULL) {
        return;
    }
    letter_reset(letter);
    g_array_unref(letter->blocks);
    g_ptr_array_unref(letter->return_lines);
    g_ptr_array_unref(letter->address_lines);
    letter->blocks = NULL;
}

/* The country line of a foreign address: the name iso-codes gives the code (countries.h); the
 * code itself when the list has no such code or cannot be read, which the list's reader
 * (source.c) refuses before a letter is bound. */
static const char *
country_name(const char *code)
{
    const struct bl_countries *countries;
    const char *name;

    if (code[0] == '\0' || strcmp(code, "US") == 0) {
        return "";
    }
    countries = bl_countries_default(NULL);
    name = countries != NULL ? bl_countries_name(countries, code) : NULL;
    return name != NULL ? name : code;
}

static const char *
nonnull(const char *s)
{
    return s != NULL ? s : "";
}

/* The current element of the loop at depth. */
static const struct bl_category *
loop_category(const struct binder *b, int depth)
{
    const struct frame *f = &g_array_index(b->frames, struct frame, depth);
    guint idx = f->index;

    if (f->list_field == F_R_CATEGORIES) {
        idx = (guint)g_array_index(b->rcp->categories, int, f->index);
    }
    return g_ptr_array_index(b->inc->categories, idx);
}

static const char *
loop_text(const struct binder *b, int depth)
{
    const struct frame *f = &g_array_index(b->frames, struct frame, depth);
    const GPtrArray *list = f->list_field == F_NARRATIVE ? b->inc->narrative : b->inc->actions;

    return nonnull(g_ptr_array_index(list, f->index));
}

static guint
list_length(const struct binder *b, int field)
{
    switch (field) {
    case F_NARRATIVE:
        return b->inc->narrative->len;
    case F_ACTIONS:
        return b->inc->actions->len;
    case F_INCIDENT_CATEGORIES:
        return b->inc->categories->len;
    case F_R_CATEGORIES:
        return b->rcp->categories->len;
    default:
        return 0;
    }
}

static const GDate *
date_field(const struct binder *b, int field)
{
    switch (field) {
    case F_OCCURRED_FROM:
        return &b->inc->occurred_from;
    case F_OCCURRED_TO:
        return &b->inc->occurred_to;
    case F_DISCOVERED:
        return &b->inc->discovered;
    case F_CONTAINED:
        return &b->inc->contained;
    case F_NOTICE:
        return &b->inc->notice;
    case F_MON_ENROL_BY:
        return &b->inc->monitoring.enrol_by;
    default:
        return NULL;
    }
}

static char *
full_name(const struct bl_recipient *r)
{
    const char *parts[] = {r->first_name, r->middle_name, r->last_name, r->suffix};
    GString *out = g_string_new(NULL);

    for (gsize i = 0; i < G_N_ELEMENTS(parts); i++) {
        if (parts[i][0] != '\0') {
            if (out->len > 0) {
                g_string_append_c(out, ' ');
            }
            g_string_append(out, parts[i]);
        }
    }
    return g_string_free(out, FALSE);
}

static char *
grouped(gint64 value)
{
    char *digits = g_strdup_printf("%" G_GINT64_FORMAT, value);
    GString *out = g_string_new(NULL);
    gsize n = strlen(digits);

    for (gsize i = 0; i < n; i++) {
        if (i > 0 && digits[i] != '-' && (n - i) % 3 == 0 && digits[i - 1] != '-') {
            g_string_append_c(out, ',');
        }
        g_string_append_c(out, digits[i]);
    }
    g_free(digits);
    return g_string_free(out, FALSE);
}

/* The plain-text value of a field ("" when empty), in *owned when it had to be made. */
static const char *
field_value(const struct binder *b, int field, int depth, enum field_format fmt, char **owned)
{
    const struct bl_incident *inc = b->inc;
    const struct bl_recipient *r = b->rcp;
    const struct bl_entity *ent = r->covered_entity;
    const GDate *date = date_field(b, field);

    *owned = NULL;
    if (date != NULL) {
        static const char *const styles[] = {[FMT_DATE_LONG] = "long",
                                             [FMT_DATE_ISO] = "iso",
                                             [FMT_DATE_US] = "us",
                                             [FMT_DATE_MONTH_YEAR] = "month-year"};
        if (!g_date_valid(date)) {
            return "";
        }
        *owned = bl_date_format(
            date, fmt <= FMT_DATE_MONTH_YEAR && fmt != FMT_NONE ? styles[fmt] : "long",
            r->language);
        return *owned;
    }
    switch (field) {
    case F_ORG_NAME:
        return nonnull(inc->org.name);
    case F_ORG_SHORT_NAME:
        return nonnull(inc->org.short_name);
    case F_ORG_DESCRIPTION:
        return nonnull(inc->org.description);
    case F_ORG_LINE1:
        return nonnull(inc->org.address.line1);
    case F_ORG_LINE2:
        return nonnull(inc->org.address.line2);
    case F_ORG_CITY:
        return nonnull(inc->org.address.city);
    case F_ORG_STATE:
        return nonnull(inc->org.address.state);
    case F_ORG_POSTAL_CODE:
        return nonnull(inc->org.address.postal_code);
    case F_ORG_PHONE:
        return nonnull(inc->org.phone);
    case F_ORG_PHONE_HOURS:
        return nonnull(inc->org.phone_hours);
    case F_ORG_WEBSITE:
        return nonnull(inc->org.website);
    case F_ORG_EMAIL:
        return nonnull(inc->org.email);
    case F_ORG_SIGNATORY_NAME:
        return nonnull(inc->org.signatory_name);
    case F_ORG_SIGNATORY_TITLE:
        return nonnull(inc->org.signatory_title);
    case F_TOTAL_AFFECTED:
        if (inc->total_affected < 0) {
            return "";
        }
        *owned = fmt == FMT_GROUPED ? grouped(inc->total_affected)
                                    : g_strdup_printf("%" G_GINT64_FORMAT, inc->total_affected);
        return *owned;
    case F_MON_PROVIDER:
        return nonnull(inc->monitoring.provider);
    case F_MON_PRODUCT:
        return nonnull(inc->monitoring.product);
    case F_MON_SERVICES:
        return nonnull(inc->monitoring.services);
    case F_MON_MONTHS:
        if (!inc->monitoring.offered) {
            return "";
        }
        *owned = g_strdup_printf("%d", inc->monitoring.months);
        return *owned;
    case F_MON_URL:
        return nonnull(inc->monitoring.url);
    case F_MON_PHONE:
        return nonnull(inc->monitoring.phone);
    case F_MON_PHONE_HOURS:
        return nonnull(inc->monitoring.phone_hours);
    case F_MON_ENGAGEMENT:
        return nonnull(inc->monitoring.engagement);
    case F_R_ID:
        return r->id;
    case F_R_TITLE:
        return r->title;
    case F_R_FIRST_NAME:
        return r->first_name;
    case F_R_MIDDLE_NAME:
        return r->middle_name;
    case F_R_LAST_NAME:
        return r->last_name;
    case F_R_SUFFIX:
        return r->suffix;
    case F_R_FULL_NAME:
        *owned = full_name(r);
        return *owned;
    case F_R_ADDRESSEE:
        return r->addressee;
    case F_R_ADDRESS1:
        return r->address.line1;
    case F_R_ADDRESS2:
        return r->address.line2;
    case F_R_CITY:
        return r->address.city;
    case F_R_STATE:
        return r->address.state;
    case F_R_POSTAL_CODE:
        return r->address.postal_code;
    case F_R_COUNTRY:
        return country_name(r->address.country);
    case F_R_JURISDICTION:
        return r->jurisdiction;
    case F_R_JURISDICTION_NAME:
        return nonnull(bl_jurisdiction_name(r->jurisdiction));
    case F_R_ENROLMENT_CODE:
        return r->enrolment_code;
    case F_JURISDICTION_RESIDENTS: {
        const gint64 *count = b->facts != NULL && b->facts->residents != NULL
                                  ? g_hash_table_lookup(b->facts->residents, r->jurisdiction)
                                  : NULL;

        if (count == NULL) {
            return "";
        }
        *owned =
            fmt == FMT_GROUPED ? grouped(*count) : g_strdup_printf("%" G_GINT64_FORMAT, *count);
        return *owned;
    }
    case F_ENTITY_NAME:
        return ent != NULL ? ent->name : "";
    case F_ENTITY_RELATIONSHIP:
        return ent != NULL ? ent->relationship : "";
    case F_LOOP_TEXT:
        return loop_text(b, depth);
    case F_LOOP_CATEGORY_LABEL:
        return loop_category(b, depth)->label;
    case F_LOOP_CATEGORY_ID:
        return loop_category(b, depth)->id;
    case F_LOOP_CATEGORY_GROUP:
        return loop_category(b, depth)->group;
    default:
        return "";
    }
}

static gboolean
has_value(char *const *values, const char *value)
{
    if (value == NULL) {
        return FALSE;
    }
    for (char *const *v = values; *v != NULL; v++) {
        if (strcmp(*v, value) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

static const struct bl_category *
recipient_category(const struct binder *b, guint i)
{
    return g_ptr_array_index(b->inc->categories, g_array_index(b->rcp->categories, int, i));
}

static gboolean
cond_holds(const struct binder *b, const struct cond *c)
{
    static const char *const access_names[] = {[BL_ACCESS_UNDETERMINED] = "undetermined",
                                               [BL_ACCESS_NOT_CONFIRMED] = "not-confirmed",
                                               [BL_ACCESS_CONFIRMED] = "confirmed"};
    const struct bl_recipient *r = b->rcp;
    char *owned = NULL;
    gboolean res = FALSE;

    switch (c->kind) {
    case C_CATEGORY:
    case C_GROUP:
    case C_SENSITIVE:
        for (guint i = 0; i < r->categories->len && !res; i++) {
            const struct bl_category *cat = recipient_category(b, i);

            res = c->kind == C_CATEGORY ? has_value(c->values, cat->id)
                  : c->kind == C_GROUP  ? has_value(c->values, cat->group)
                                        : cat->sensitive;
        }
        return c->kind == C_SENSITIVE ? res == c->flag : res;
    case C_JURISDICTION:
        return has_value(c->values, r->jurisdiction);
    case C_VARIANT:
        return has_value(c->values, bl_variant_name(r->variant));
    case C_LANGUAGE:
        return has_value(c->values, r->language);
    case C_ACCESS:
        return has_value(c->values, access_names[b->inc->access]);
    case C_VECTOR:
        return has_value(c->values, b->inc->vector);
    case C_MONITORING:
        return b->inc->monitoring.offered == c->flag;
    case C_HIPAA_ROLE:
        return has_value(c->values, b->inc->org.hipaa_role);
    case C_ENTITY:
        return (r->covered_entity != NULL) == c->flag;
    case C_SAME:
        return c->field >= 0 && c->other >= 0 && g_date_valid(date_field(b, c->field)) &&
               g_date_valid(date_field(b, c->other)) &&
               g_date_compare(date_field(b, c->field), date_field(b, c->other)) == 0;
    case C_DELAYED:
        return b->inc->law_enforcement_delay == c->flag;
    case C_TOLL_FREE:
        return b->inc->org.phone_toll_free == c->flag;
    case C_STATE_LAW:
        return (b->facts == NULL || b->facts->state_law == NULL ||
                b->facts->state_law(b->facts->state_law_data, r)) == c->flag;
    case C_INCIDENT_CATEGORY:
        for (char *const *v = c->values; *v != NULL; v++) {
            if (bl_incident_category_index(b->inc, *v) >= 0) {
                return TRUE;
            }
        }
        return FALSE;
    case C_FIELD:
        if (c->field < 0) {
            return FALSE;
        }
        if (bl_field_type(c->field) == FT_TEXT_LIST ||
            bl_field_type(c->field) == FT_CATEGORY_LIST) {
            return list_length(b, c->field) > 0;
        }
        res = field_value(b, c->field, c->loop_depth, FMT_NONE, &owned)[0] != '\0';
        g_free(owned);
        return res;
    }
    return FALSE;
}

static gboolean
conds_hold(const struct binder *b, const struct node *n)
{
    gboolean all = TRUE;

    for (guint i = 0; n->conds != NULL && i < n->conds->len && all; i++) {
        all = cond_holds(b, &g_array_index(n->conds, struct cond, i));
    }
    return n->negate ? !all : all;
}

/* The child of a <choose> to bind, or NULL. */
static const struct node *
chosen(const struct binder *b, const struct node *choose)
{
    for (guint i = 0; i < choose->children->len; i++) {
        const struct node *when = g_ptr_array_index(choose->children, i);

        if (conds_hold(b, when)) {
            return when;
        }
    }
    return NULL;
}

static void
append_value(GString *out, const char *value, enum field_format fmt)
{
    char *changed = NULL;
    char *escaped;

    if (fmt == FMT_UPPER) {
        changed = g_utf8_strup(value, -1);
    } else if (fmt == FMT_CAPITALIZE && value[0] != '\0') {
        gunichar first = g_utf8_get_char(value);
        char buf[8];
        int len = g_unichar_to_utf8(g_unichar_totitle(first), buf);

        changed = g_strdup_printf("%.*s%s", len, buf, g_utf8_next_char(value));
    }
    escaped = g_markup_escape_text(changed != NULL ? changed : value, -1);
    g_string_append(out, escaped);
    g_free(escaped);
    g_free(changed);
}

static void bind_inline(struct binder *b, const struct node *n, GString *out);

static void
bind_inline_children(struct binder *b, const struct node *n, GString *out)
{
    for (guint i = 0; i < n->children->len; i++) {
        bind_inline(b, g_ptr_array_index(n->children, i), out);
    }
}

/* How a draft names an empty field: "org.phone" -> "organisation phone". */
static char *
missing_label(int field)
{
    static const struct {
        const char *prefix, *words;
    } prefixes[] = {{"org.", "organisation "},
                    {"incident.", "incident "},
                    {"monitoring.", "monitoring "},
                    {"recipient.", "recipient's "},
                    {"entity.", "covered entity "}};
    const char *name = bl_field_name(field);
    GString *out = g_string_new(NULL);

    for (gsize i = 0; i < G_N_ELEMENTS(prefixes); i++) {
        if (g_str_has_prefix(name, prefixes[i].prefix)) {
            g_string_append(out, prefixes[i].words);
            name += strlen(prefixes[i].prefix);
            break;
        }
    }
    g_string_append(out, name);
    g_strdelimit(out->str, "._", ' ');
    return g_string_free(out, FALSE);
}

/* Records that a field printed a value; an element of the narrative or actions list counts
 * for the list. */
static void
mark_printed(struct binder *b, const struct node *n)
{
    G_STATIC_ASSERT(F_JURISDICTION_RESIDENTS < BL_FIELD_COUNT &&
                    F_LOOP_CATEGORY_GROUP < BL_FIELD_COUNT &&
                    BL_FIELD_COUNT == sizeof(((struct bl_letter *)NULL)->printed));
    b->letter->printed[n->field] = 1;
    if (n->field == F_LOOP_TEXT) {
        b->letter->printed[g_array_index(b->frames, struct frame, n->loop_depth).list_field] = 1;
    }
}

static void
bind_field(struct binder *b, const struct node *n, GString *out)
{
    char *owned = NULL;
    const char *value;

    if (n->field < 0) {
        return;
    }
    value = field_value(b, n->field, n->loop_depth, n->format, &owned);
    b->personal = b->personal || n->personal;
    if (value[0] != '\0') {
        mark_printed(b, n);
    }
    if (b->line != NULL) {
        b->line->fields++;
        b->line->filled += value[0] != '\0';
    }
    if (value[0] == '\0' && b->facts != NULL && b->facts->mark_missing &&
        (!n->optional || !bl_field_maybe_empty(n->field))) {
        char *label = missing_label(n->field);
        char *marker = g_markup_printf_escaped(BL_MARKER_START "[%s missing]" BL_MARKER_END, label);

        bl_diag_error(b->diag, &n->loc, "field '%s' is empty: the draft shows [%s missing]",
                      bl_field_name(n->field), label);
        if (b->line != NULL) {
            b->line->filled++; /* the marker keeps its line */
        }
        g_string_append(out, marker);
        b->personal = TRUE;
        g_free(marker);
        g_free(label);
        g_free(owned);
        return;
    }
    if (value[0] == '\0' && !n->optional) {
        if (!b->failed) {
            bl_diag_error(b->diag, NULL,
                          "field '%s' is empty but %s:%d needs it (guard it with "
                          "<if field=\"%s\"> or mark it optional=\"true\")",
                          bl_field_name(n->field), n->loc.file, n->loc.line,
                          bl_field_name(n->field));
        }
        b->failed++;
    }
    if (value[0] != '\0' && bl_field_whole(n->field)) {
        g_string_append(out, BL_WHOLE_START);
        append_value(out, value, n->format);
        g_string_append(out, BL_WHOLE_END);
    } else {
        append_value(out, value, n->format);
    }
    g_free(owned);
}

/* An inline <each>: the loop body once per element, with the separators between. */
static void
bind_each(struct binder *b, const struct node *n, GString *out)
{
    struct frame f = {n->list_field, 0};
    guint len = list_length(b, n->list_field);

    g_array_append_val(b->frames, f);
    for (guint i = 0; i < len; i++) {
        g_array_index(b->frames, struct frame, b->frames->len - 1).index = i;
        if (i > 0 && i == len - 1 && n->last_separator != NULL) {
            append_value(out, n->last_separator, FMT_NONE);
        } else if (i > 0 && n->separator != NULL) {
            append_value(out, n->separator, FMT_NONE);
        }
        bind_inline_children(b, n, out);
    }
    g_array_set_size(b->frames, b->frames->len - 1);
}

static void
bind_inline(struct binder *b, const struct node *n, GString *out)
{
    const struct node *when;

    switch (n->kind) {
    case N_TEXT:
        g_string_append(out, n->text);
        break;
    case N_FIELD:
        bind_field(b, n, out);
        break;
    case N_SPAN:
        g_string_append_printf(out, "<%s>", n->text);
        bind_inline_children(b, n, out);
        g_string_append_printf(out, "</%s>", n->text);
        break;
    case N_BR:
        g_string_append_c(out, '\n');
        break;
    case N_IF:
    case N_WHEN:
        if (conds_hold(b, n)) {
            bind_inline_children(b, n, out);
        }
        break;
    case N_CHOOSE:
        when = chosen(b, n);
        if (when != NULL) {
            bind_inline_children(b, when, out);
        }
        break;
    case N_EACH:
        bind_each(b, n, out);
        break;
    default:
        break;
    }
}

/* Trims the ends, folds the double spaces an empty optional field leaves, and drops spaces at
 * the start and end of lines. Returns a new string. */
static char *
tidy(const char *markup)
{
    GString *out = g_string_new(NULL);

    for (const char *p = markup; *p != '\0'; p++) {
        if (*p == ' ' &&
            (out->len == 0 || out->str[out->len - 1] == ' ' || out->str[out->len - 1] == '\n')) {
            continue;
        }
        if (*p == '\n' && out->len > 0 && out->str[out->len - 1] == ' ') {
            g_string_truncate(out, out->len - 1);
        }
        g_string_append_c(out, *p);
    }
    while (out->len > 0 && (out->str[out->len - 1] == ' ' || out->str[out->len - 1] == '\n')) {
        g_string_truncate(out, out->len - 1);
    }
    return g_string_free(out, FALSE);
}

/* TRUE when the markup holds a letter or digit outside tags: a line worth printing. */
static gboolean
has_words(const char *markup)
{
    gboolean in_tag = FALSE;

    for (const char *p = markup; *p != '\0'; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);

        if (c == '<') {
            in_tag = TRUE;
        } else if (c == '>') {
            in_tag = FALSE;
        } else if (!in_tag && g_unichar_isalnum(c)) {
            return TRUE;
        }
    }
    return FALSE;
}

/* Adds markup to lines; a value with line breaks (a two-line addressee exported from a
 * spreadsheet) makes several lines. Lines without a letter or digit are dropped. */
static void
add_lines(GPtrArray *lines, const char *markup)
{
    char **parts = g_strsplit(markup, "\n", -1);

    for (char **p = parts; *p != NULL; p++) {
        if (has_words(*p)) {
            g_ptr_array_add(lines, g_strdup(*p));
        }
    }
    g_strfreev(parts);
}

/* Binds the <line>s under n into lines, dropping lines that print nothing. */
static void
bind_lines(struct binder *b, const struct node *n, GPtrArray *lines)
{
    for (guint i = 0; i < n->children->len; i++) {
        const struct node *c = g_ptr_array_index(n->children, i);
        const struct node *when;

        if (c->kind == N_LINE) {
            struct line_state st = {0, 0};
            GString *buf = g_string_new(NULL);
            char *line;

            b->line = &st;
            bind_inline_children(b, c, buf);
            b->line = NULL;
            line = tidy(buf->str);
            g_string_free(buf, TRUE);
            if (st.fields == 0 || st.filled > 0) {
                add_lines(lines, line);
            }
            g_free(line);
        } else if ((c->kind == N_IF || c->kind == N_WHEN) && conds_hold(b, c)) {
            bind_lines(b, c, lines);
        } else if (c->kind == N_CHOOSE && (when = chosen(b, c)) != NULL) {
            bind_lines(b, when, lines);
        }
    }
}

static void
add_block(struct binder *b, enum bl_block_kind kind, char *markup_take, const struct node *n)
{
    struct bl_block block = {kind, markup_take, BL_ALIGN_LEFT, FALSE, b->group, b->personal};

    if (n != NULL) {
        block.align = (enum bl_align)n->align;
        block.keep_with_next = n->keep_with_next;
    }
    if (kind != BL_BLOCK_PAGE_BREAK && (markup_take == NULL || markup_take[0] == '\0')) {
        g_free(markup_take);
        return;
    }
    g_array_append_val(b->letter->blocks, block);
}

static void bind_blocks(struct binder *b, const struct node *n);

/* A list stays with the sentence that introduces it, and its last item never goes to a page
 * by itself. */
static void
bind_list(struct binder *b, const struct node *n)
{
    GArray *blocks = b->letter->blocks;
    guint first = blocks->len;

    if (first > 0 && g_array_index(blocks, struct bl_block, first - 1).kind == BL_BLOCK_PARA) {
        g_array_index(blocks, struct bl_block, first - 1).keep_with_next = TRUE;
    }
    bind_blocks(b, n);
    if (blocks->len >= first + 2) {
        g_array_index(blocks, struct bl_block, blocks->len - 2).keep_with_next = TRUE;
    }
}

static void
bind_block(struct binder *b, const struct node *n)
{
    static const enum bl_block_kind kinds[] = {[N_TITLE] = BL_BLOCK_TITLE,
                                               [N_HEADING] = BL_BLOCK_HEADING,
                                               [N_SUBHEADING] = BL_BLOCK_SUBHEADING,
                                               [N_P] = BL_BLOCK_PARA,
                                               [N_ITEM] = BL_BLOCK_ITEM};
    const struct node *when;
    GString *buf;
    GPtrArray *lines;
    int saved_group;

    switch (n->kind) {
    case N_TITLE:
    case N_HEADING:
    case N_SUBHEADING:
    case N_P:
    case N_ITEM:
        buf = g_string_new(NULL);
        b->personal = FALSE;
        bind_inline_children(b, n, buf);
        add_block(b, kinds[n->kind], tidy(buf->str), n);
        g_string_free(buf, TRUE);
        break;
    case N_SIGNATURE:
        lines = g_ptr_array_new_with_free_func(g_free);
        b->personal = FALSE;
        bind_lines(b, n, lines);
        g_ptr_array_add(lines, NULL);
        add_block(b, BL_BLOCK_SIGNATURE, g_strjoinv("\n", (char **)lines->pdata), n);
        g_ptr_array_unref(lines);
        break;
    case N_PAGE_BREAK:
        add_block(b, BL_BLOCK_PAGE_BREAK, NULL, n);
        break;
    case N_GROUP:
        saved_group = b->group;
        b->group = ++b->next_group;
        bind_blocks(b, n);
        b->group = saved_group;
        break;
    case N_SEQ:
        bind_blocks(b, n);
        break;
    case N_LIST:
        bind_list(b, n);
        break;
    case N_IF:
    case N_WHEN:
        if (conds_hold(b, n)) {
            bind_blocks(b, n);
        }
        break;
    case N_CHOOSE:
        when = chosen(b, n);
        if (when != NULL) {
            bind_blocks(b, when);
        }
        break;
    case N_EACH: {
        struct frame f = {n->list_field, 0};
        guint len = list_length(b, n->list_field);

        if (len == 0 && b->facts != NULL && b->facts->mark_missing &&
            !bl_field_maybe_empty(n->list_field)) {
            char *label = missing_label(n->list_field);

            bl_diag_error(b->diag, &n->loc, "list '%s' is empty: the draft shows [%s missing]",
                          bl_field_name(n->list_field), label);
            add_block(b, BL_BLOCK_PARA,
                      g_markup_printf_escaped(BL_MARKER_START "[%s missing]" BL_MARKER_END, label),
                      NULL);
            g_free(label);
        }

        g_array_append_val(b->frames, f);
        for (guint i = 0; i < len; i++) {
            g_array_index(b->frames, struct frame, b->frames->len - 1).index = i;
            bind_blocks(b, n);
        }
        g_array_set_size(b->frames, b->frames->len - 1);
        break;
    }
    default:
        break;
    }
}

static void
bind_blocks(struct binder *b, const struct node *n)
{
    for (guint i = 0; i < n->children->len; i++) {
        bind_block(b, g_ptr_array_index(n->children, i));
    }
}

int
bl_bind(struct bl_letter *letter, const struct bl_template *tpl, const struct bl_incident *incident,
        const struct bl_facts *facts, const struct bl_recipient *recipient, struct bl_diag *diag)
{
    struct binder b = {.tpl = tpl,
                       .inc = incident,
                       .facts = facts,
                       .rcp = recipient,
                       .letter = letter,
                       .diag = diag};

    letter_reset(letter);
    if (!bl_template_has_language(tpl, recipient->language)) {
        bl_diag_error(diag, NULL, "the template is not written in language '%s' (it has: %s)",
                      recipient->language, bl_template_languages(tpl));
        return -1;
    }
    b.frames = g_array_new(FALSE, FALSE, sizeof(struct frame));
    letter->font_size = tpl->font_size;
    letter->title = g_strdup(tpl->title);
    letter->subject = g_strdup(tpl->subject != NULL ? tpl->subject : tpl->title);
    letter->author = g_strdup(incident->org.name);
    letter->recipient_id = g_strdup(recipient->id);
    letter->date = incident->notice;
    bind_lines(&b, tpl->return_address, letter->return_lines);
    bind_lines(&b, tpl->address, letter->address_lines);
    if (tpl->running_header != NULL) {
        GString *buf = g_string_new(NULL);

        bind_inline_children(&b, tpl->running_header, buf);
        letter->running_header = tidy(buf->str);
        g_string_free(buf, TRUE);
    }
    bind_blocks(&b, tpl->body);
    g_array_unref(b.frames);
    letter->notice = tpl->notice;
    if (letter->address_lines->len == 0 && b.failed == 0 && !tpl->notice) {
        bl_diag_error(diag, NULL, "the address block of the template printed no line");
        b.failed++;
    }
    return b.failed > 0 ? -1 : 0;
}

gboolean
bl_letter_printed(const struct bl_letter *letter, const char *field)
{
    int id = bl_field_id(field);

    return id >= 0 && id < BL_FIELD_COUNT && letter->printed[id];
}

/* Appends markup as plain text: tags dropped, the five entities unescaped. */
static void
append_plain(GString *out, const char *markup)
{
    static const struct {
        const char *entity;
        char c;
    } entities[] = {
        {"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''}};

    for (const char *p = markup; *p != '\0';) {
        gboolean done = FALSE;

        if (*p == '<') {
            const char *end = strchr(p, '>');

            p = end != NULL ? end + 1 : p + strlen(p);
            continue;
        }
        for (gsize i = 0; i < G_N_ELEMENTS(entities) && *p == '&'; i++) {
            if (g_str_has_prefix(p, entities[i].entity)) {
                g_string_append_c(out, entities[i].c);
                p += strlen(entities[i].entity);
                done = TRUE;
                break;
            }
        }
        if (!done) {
            g_string_append_c(out, *p++);
        }
    }
}

char *
bl_markup_to_text(const char *markup)
{
    GString *out = g_string_new(NULL);

    append_plain(out, markup);
    return g_string_free(out, FALSE);
}

char *
bl_letter_text(const struct bl_letter *letter)
{
    GString *out = g_string_new(NULL);

    for (guint i = 0; i < letter->address_lines->len; i++) {
        append_plain(out, g_ptr_array_index(letter->address_lines, i));
        g_string_append_c(out, '\n');
    }
    for (guint i = 0; i < letter->blocks->len; i++) {
        const struct bl_block *b = &g_array_index(letter->blocks, struct bl_block, i);

        if (b->markup != NULL) {
            append_plain(out, b->markup);
            g_string_append_c(out, '\n');
        }
    }
    return g_string_free(out, FALSE);
}

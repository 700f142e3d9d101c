/* SPDX-License-Identifier: MIT */
/* Binder: walks the compiled template for one recipient and produces the letter's blocks of
 * escaped Pango markup, choosing conditional parts and expanding loops. */
#include "bind.h"

#include <string.h>

#include "template_nodes.h"
#include "text.h"

/* A loop around the node being bound. */
struct frame {
    const struct bl_field *list;
    struct bl_field_value value; /* the list's */
    guint index;                 /* of the element being bound */
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
    GArray *out;      /* struct bl_block: where blocks go (the letter's, or a frame's parts) */
    GArray *frames;   /* struct frame: the loops around the node being bound */
    GPtrArray *same;  /* const struct bl_field *, in pairs: the date fields that a same="..."
                       * condition around the node found equal */
    GString *scratch; /* where a value that has to be made is made */
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
block_release(struct bl_block *block)
{
    g_free(block->markup);
    g_free(block->image.path);
    if (block->parts != NULL) {
        for (guint i = 0; i < block->parts->len; i++) {
            block_release(&g_array_index(block->parts, struct bl_block, i));
        }
        g_array_unref(block->parts);
    }
}

static void
letter_reset(struct bl_letter *letter)
{
    for (guint i = 0; i < letter->blocks->len; i++) {
        block_release(&g_array_index(letter->blocks, struct bl_block, i));
    }
    g_array_set_size(letter->blocks, 0);
    letter->letterhead_given = FALSE;
    g_clear_pointer(&letter->letterhead, g_free);
    g_clear_pointer(&letter->logo.path, g_free);
    letter->logo.width = letter->logo.height = 0;
    g_ptr_array_set_size(letter->return_lines, 0);
    g_ptr_array_set_size(letter->address_lines, 0);
    g_clear_pointer(&letter->running_header, g_free);
    g_clear_pointer(&letter->title, g_free);
    g_clear_pointer(&letter->author, g_free);
    g_clear_pointer(&letter->subject, g_free);
    g_clear_pointer(&letter->recipient_id, g_free);
    g_clear_pointer(&letter->label, g_free);
    g_clear_pointer(&letter->page_label, g_free);
    g_clear_pointer(&letter->language, g_free);
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

/* Reads a field; depth is the loop of a loop's element, else -1. */
static void
read_field(const struct binder *b, const struct bl_field *field, int depth,
           struct bl_field_value *out)
{
    struct bl_field_scope scope = {b->inc, b->rcp, NULL, NULL};

    if (b->facts != NULL) {
        scope.residents = b->facts->residents;
    }
    if (depth >= 0) {
        const struct frame *f = &g_array_index(b->frames, struct frame, depth);

        scope.element = bl_field_list_element(&f->value, f->index);
    }
    out->scratch = b->scratch;
    bl_field_read(field, &scope, out);
}

static guint
list_length(const struct binder *b, const struct bl_field *list)
{
    struct bl_field_value value;

    read_field(b, list, -1, &value);
    return bl_field_list_length(&value);
}

static char *
grouped(gint64 value, const char *separator)
{
    char *digits = g_strdup_printf("%" G_GINT64_FORMAT, value);
    GString *out = g_string_new(NULL);
    gsize n = strlen(digits);

    for (gsize i = 0; i < n; i++) {
        if (i > 0 && digits[i] != '-' && (n - i) % 3 == 0 && digits[i - 1] != '-') {
            g_string_append(out, separator);
        }
        g_string_append_c(out, digits[i]);
    }
    g_free(digits);
    return g_string_free(out, FALSE);
}

/* Fails the letter, saying why once (the first reason is the one a reader of the error needs). */
static void
refuse(const struct binder *b_const, const char *why)
{
    struct binder *b = (struct binder *)b_const;

    if (!b->failed) {
        bl_diag_error(b->diag, NULL, "the letter in '%s' cannot be made: %s", b->rcp->language,
                      why);
    }
    b->failed++;
}

/* A fixed text of the letter's language (context: "date", "month", "page", "number"); NULL
 * refused when the catalog lacks it. */
static const char *
fixed_text(const struct binder *b, const char *context, const char *text)
{
    const char *t = bl_po_get(b->tpl->po, context, text);

    if (t == NULL) {
        char *why = g_strdup_printf("the text '%s' (msgctxt \"%s\") has no translation in %s", text,
                                    context, bl_po_path(b->tpl->po));

        refuse(b, why);
        g_free(why);
    }
    return t;
}

/* Replaces each {name} of pattern by its value. A new string. */
static char *
fill(const char *pattern, const char *const *names, const char *const *values)
{
    GString *out = g_string_new(NULL);

    for (const char *p = pattern; *p != '\0'; p++) {
        gboolean done = FALSE;

        for (gsize i = 0; *p == '{' && names[i] != NULL && !done; i++) {
            gsize len = strlen(names[i]);

            if (strncmp(p + 1, names[i], len) == 0 && p[1 + len] == '}') {
                g_string_append(out, values[i]);
                p += len + 1;
                done = TRUE;
            }
        }
        if (!done) {
            g_string_append_c(out, *p);
        }
    }
    return g_string_free(out, FALSE);
}

/* A date in the letter's language, with its words and order from the catalog ("15 de marzo
 * de 2024", "2024年3月15日"); NULL refused. */
static char *
translated_date(const struct binder *b, const GDate *date, enum field_format fmt)
{
    static const char *const months[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};
    static const char *const names[] = {"day", "month", "year", "dd", "mm", NULL};
    const char *pattern, *month;
    char day[8], year[8], dd[8], mm[8];
    const char *values[5];

    if (fmt == FMT_DATE_ISO) {
        return bl_date_format(date, "iso", "en");
    }
    pattern = fixed_text(b, "date",
                         fmt == FMT_DATE_US           ? "{mm}/{dd}/{year}"
                         : fmt == FMT_DATE_MONTH_YEAR ? "{month} {year}"
                                                      : "{month} {day}, {year}");
    month = fixed_text(b, "month", months[g_date_get_month(date) - 1]);
    if (pattern == NULL || month == NULL) {
        return NULL;
    }
    g_snprintf(day, sizeof(day), "%d", g_date_get_day(date));
    g_snprintf(dd, sizeof(dd), "%02d", g_date_get_day(date));
    g_snprintf(mm, sizeof(mm), "%02d", g_date_get_month(date));
    g_snprintf(year, sizeof(year), "%d", g_date_get_year(date));
    values[0] = day;
    values[1] = month;
    values[2] = year;
    values[3] = dd;
    values[4] = mm;
    return fill(pattern, names, values);
}

/* The translation of the incident's words (a narrative paragraph, a category's label): from the
 * incident's own catalog, else the template's; NULL refused. */
static const char *
translated_prose(const struct binder *b, const struct bl_field *field, const char *text)
{
    const char *t = b->tpl->incident_po != NULL ? bl_po_get(b->tpl->incident_po, NULL, text) : NULL;
    char *why;

    if (t == NULL) {
        t = bl_po_get(b->tpl->po, NULL, text);
    }
    if (t != NULL) {
        return t;
    }
    why = g_strdup_printf(
        "the incident's text '%s' (%s) has no translation in %s%s%s", text, field->name,
        b->tpl->incident_po != NULL ? bl_po_path(b->tpl->incident_po) : "the incident's po/",
        b->tpl->incident_po != NULL ? "" : b->tpl->language,
        b->tpl->incident_po != NULL ? "" : ".po");
    refuse(b, why);
    g_free(why);
    return NULL;
}

/* The plain-text value of a field ("" when empty), in *owned when it had to be made. Borrowed
 * until the next field is read. */
static const char *
field_value(const struct binder *b, const struct bl_field *field, int depth, enum field_format fmt,
            char **owned)
{
    static const char *const styles[] = {[FMT_DATE_LONG] = "long",
                                         [FMT_DATE_ISO] = "iso",
                                         [FMT_DATE_US] = "us",
                                         [FMT_DATE_MONTH_YEAR] = "month-year"};
    struct bl_field_value v;

    *owned = NULL;
    read_field(b, field, depth, &v);
    if (v.text != NULL && b->tpl->po != NULL && (field->flags & BL_FIELD_PROSE) &&
        v.text[0] != '\0') {
        const char *t = translated_prose(b, field, v.text);

        return t != NULL ? t : "";
    }
    if (v.text != NULL) {
        return v.text;
    }
    switch (field->kind) {
    case BL_FIELD_KIND_DATE:
        if (v.date == NULL || !g_date_valid(v.date)) {
            return "";
        }
        if (b->tpl->po != NULL) {
            *owned = translated_date(b, v.date, fmt);
            return *owned != NULL ? *owned : "";
        }
        *owned = bl_date_format(
            v.date, fmt <= FMT_DATE_MONTH_YEAR && fmt != FMT_NONE ? styles[fmt] : "long",
            b->rcp->language);
        return *owned;
    case BL_FIELD_KIND_NUMBER:
        if (v.number < 0) {
            return "";
        }
        if (fmt == FMT_GROUPED) {
            const char *sep =
                b->tpl->po != NULL ? fixed_text(b, "number", "thousands separator") : ",";

            *owned = grouped(v.number, sep != NULL ? sep : ",");
        } else {
            *owned = g_strdup_printf("%" G_GINT64_FORMAT, v.number);
        }
        return *owned;
    default:
        return "";
    }
}

/* TRUE when the two fields hold the same valid date. */
static gboolean
same_date(const struct binder *b, const struct bl_field *one, const struct bl_field *other)
{
    struct bl_field_value x, y;

    if (one == NULL || other == NULL) {
        return FALSE;
    }
    read_field(b, one, -1, &x);
    read_field(b, other, -1, &y);
    return x.date != NULL && y.date != NULL && g_date_valid(x.date) && g_date_valid(y.date) &&
           g_date_compare(x.date, y.date) == 0;
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
        return same_date(b, c->field, c->other);
    case C_DELAYED:
        return b->inc->law_enforcement_delay == c->flag;
    case C_TOLL_FREE:
        return b->inc->org.phone_toll_free == c->flag;
    case C_NOTICE:
        return b->tpl->notice == c->flag;
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
    case C_INCIDENT_GROUP:
        for (guint i = 0; i < b->inc->categories->len; i++) {
            const struct bl_category *cat = g_ptr_array_index(b->inc->categories, i);

            if (has_value(c->values, cat->group)) {
                return TRUE;
            }
        }
        return FALSE;
    case C_FIELD:
        if (c->field == NULL) {
            return FALSE;
        }
        if (c->field->kind == BL_FIELD_KIND_TEXT_LIST ||
            c->field->kind == BL_FIELD_KIND_CATEGORY_LIST) {
            return list_length(b, c->field) > 0;
        }
        res = field_value(b, c->field, c->loop_depth, FMT_NONE, &owned)[0] != '\0';
        g_free(owned);
        return res;
    }
    return FALSE;
}

/* Records the same="a b" conditions of a node whose content is bound; returns how many fields
 * the caller is to drop (pop_same) after it. */
static guint
push_same(struct binder *b, const struct node *n)
{
    guint before = b->same->len;

    for (guint i = 0; !n->negate && n->conds != NULL && i < n->conds->len; i++) {
        const struct cond *c = &g_array_index(n->conds, struct cond, i);

        if (c->kind == C_SAME && c->field != NULL && c->other != NULL) {
            g_ptr_array_add(b->same, (gpointer)c->field);
            g_ptr_array_add(b->same, (gpointer)c->other);
        }
    }
    return b->same->len - before;
}

static void
pop_same(struct binder *b, guint pushed)
{
    g_ptr_array_set_size(b->same, (gint)(b->same->len - pushed));
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
missing_label(const struct bl_field *field)
{
    static const struct {
        const char *prefix, *words;
    } prefixes[] = {{"org.", "organisation "},
                    {"incident.", "incident "},
                    {"monitoring.", "monitoring "},
                    {"recipient.", "recipient's "},
                    {"entity.", "covered entity "}};
    const char *name = field->name;
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

/* Records that a field printed a value; an element of a list (a narrative paragraph, a
 * category's label) counts for the list. */
static void
mark_printed(struct binder *b, const struct node *n)
{
    int index = bl_field_index(n->field);

    if (index >= 0) {
        b->letter->printed[index] = 1;
    }
    /* inside <when same="a b">, printing a prints b's value too: "the incident occurred, and
     * we discovered it, on December 29, 2023" gives both dates */
    for (guint i = 0; i + 1 < b->same->len; i += 2) {
        const struct bl_field *one = g_ptr_array_index(b->same, i);
        const struct bl_field *other = g_ptr_array_index(b->same, i + 1);
        int pair = one == n->field     ? bl_field_index(other)
                   : other == n->field ? bl_field_index(one)
                                       : -1;

        if (pair >= 0) {
            b->letter->printed[pair] = 1;
        }
    }
    if (n->loop_depth >= 0) {
        const struct frame *f = &g_array_index(b->frames, struct frame, n->loop_depth);

        index = bl_field_index(f->list);
        if (index >= 0) {
            b->letter->printed[index] = 1;
        }
    }
}

static void
bind_field(struct binder *b, const struct node *n, GString *out)
{
    char *owned = NULL;
    const char *value;

    if (n->field == NULL) {
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
        (!n->optional || !(n->field->flags & BL_FIELD_MAY_BE_EMPTY))) {
        char *label = missing_label(n->field);
        char *marker = g_markup_printf_escaped(BL_MARKER_START "[%s missing]" BL_MARKER_END, label);

        bl_diag_error(b->diag, &n->loc, "field '%s' is empty: the draft shows [%s missing]",
                      n->field->name, label);
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
                          n->field->name, n->loc.file, n->loc.line, n->field->name);
        }
        b->failed++;
    }
    if (value[0] != '\0' && (n->field->flags & BL_FIELD_WHOLE)) {
        g_string_append(out, BL_WHOLE_START);
        append_value(out, value, n->format);
        g_string_append(out, BL_WHOLE_END);
    } else {
        append_value(out, value, n->format);
    }
    g_free(owned);
}

/* Starts the loop of an <each>: its frame is pushed. Returns how many elements it has. */
static guint
loop_begin(struct binder *b, const struct node *n)
{
    struct frame f = {.list = n->list_field};

    read_field(b, n->list_field, -1, &f.value);
    g_array_append_val(b->frames, f);
    return bl_field_list_length(&f.value);
}

/* Moves the innermost loop to its element i. */
static void
loop_at(struct binder *b, guint i)
{
    g_array_index(b->frames, struct frame, b->frames->len - 1).index = i;
}

static void
loop_end(struct binder *b)
{
    g_array_set_size(b->frames, b->frames->len - 1);
}

/* An inline <each>: the loop body once per element, with the separators between. */
static void
bind_each(struct binder *b, const struct node *n, GString *out)
{
    guint len;

    if (n->list_field == NULL) {
        return;
    }
    len = loop_begin(b, n);
    for (guint i = 0; i < len; i++) {
        loop_at(b, i);
        if (i > 0 && i == len - 1 && n->last_separator != NULL) {
            append_value(out, n->last_separator, FMT_NONE);
        } else if (i > 0 && n->separator != NULL) {
            append_value(out, n->separator, FMT_NONE);
        }
        bind_inline_children(b, n, out);
    }
    loop_end(b);
}

/* A translation with plural forms: the form the number it prints takes in the language. */
static void
bind_plural(struct binder *b, const struct node *n, GString *out)
{
    struct bl_field_value v = {0};
    guint form = 0;

    if (n->field != NULL) {
        read_field(b, n->field, n->loop_depth, &v);
        form = bl_po_plural_index(b->tpl->po, v.number < 0 ? 0 : (unsigned long)v.number);
    }
    if (form >= n->children->len) {
        form = n->children->len - 1;
    }
    bind_inline_children(b, g_ptr_array_index(n->children, form), out);
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
            guint pushed = push_same(b, n);

            bind_inline_children(b, n, out);
            pop_same(b, pushed);
        }
        break;
    case N_CHOOSE:
        when = chosen(b, n);
        if (when != NULL) {
            guint pushed = push_same(b, when);

            bind_inline_children(b, when, out);
            pop_same(b, pushed);
        }
        break;
    case N_EACH:
        bind_each(b, n, out);
        break;
    case N_MISSING:
        refuse(b, n->text);
        break;
    case N_PLURAL:
        bind_plural(b, n, out);
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

/* Binds one <line> into lines, unless it prints nothing. */
static void
bind_line(struct binder *b, const struct node *line_node, GPtrArray *lines)
{
    struct line_state st = {0, 0};
    GString *buf = g_string_new(NULL);
    char *line;

    b->line = &st;
    bind_inline_children(b, line_node, buf);
    b->line = NULL;
    line = tidy(buf->str);
    g_string_free(buf, TRUE);
    if (st.fields == 0 || st.filled > 0) {
        add_lines(lines, line);
    }
    g_free(line);
}

/* Called for an <image> between lines (a signature's, the letterhead's). */
typedef void (*image_fn)(struct binder *b, const struct node *image, GPtrArray *lines, void *data);

/* Binds the <line>s under n into lines, dropping lines that print nothing; an <image> among
 * them goes to on_image (NULL where the compiler allows none). */
static void
bind_lines_with(struct binder *b, const struct node *n, GPtrArray *lines, image_fn on_image,
                void *data)
{
    for (guint i = 0; i < n->children->len; i++) {
        const struct node *c = g_ptr_array_index(n->children, i);
        const struct node *when;

        if (c->kind == N_LINE) {
            bind_line(b, c, lines);
        } else if (c->kind == N_IMAGE && on_image != NULL) {
            on_image(b, c, lines, data);
        } else if ((c->kind == N_IF || c->kind == N_WHEN) && conds_hold(b, c)) {
            bind_lines_with(b, c, lines, on_image, data);
        } else if (c->kind == N_CHOOSE && (when = chosen(b, c)) != NULL) {
            bind_lines_with(b, when, lines, on_image, data);
        }
    }
}

static void
bind_lines(struct binder *b, const struct node *n, GPtrArray *lines)
{
    bind_lines_with(b, n, lines, NULL, NULL);
}

static struct bl_block *add_block(struct binder *b, enum bl_block_kind kind, char *markup_take,
                                  const struct node *n);

/* The language-assistance insert: when the incident asks for it (or the template always
 * prints it) and the data has a list for the recipient's state, a page of its own at the end
 * of the letter with the heading and each language's tagline, the organisation's phone in it. */
/* The state whose taglines r's letter prints, or NULL when it is to have none. */
static const char *
taglines_state(const struct bl_template *tpl, const struct bl_incident *inc,
               const struct bl_recipient *r)
{
    if (tpl->taglines == NULL || !(inc->language_assistance || tpl->taglines_always) ||
        tpl->notice) {
        return NULL;
    }
    return r->jurisdiction[0] != '\0' ? r->jurisdiction : r->address.state;
}

const char *
bl_bind_taglines_missing(const struct bl_template *tpl, const struct bl_incident *inc,
                         const struct bl_recipient *r, const char **data)
{
    const char *state = taglines_state(tpl, inc, r);

    if (state == NULL || bl_taglines_has(tpl->taglines, state)) {
        return NULL;
    }
    if (data != NULL) {
        *data = bl_taglines_path(tpl->taglines);
    }
    return state;
}

static void
bind_taglines(struct binder *b)
{
    const struct bl_taglines *t = b->tpl->taglines;
    const char *state = taglines_state(b->tpl, b->inc, b->rcp);
    GPtrArray *lines;
    int group;

    if (state == NULL) {
        return;
    }
    lines = bl_taglines_for(t, state, b->inc->org.phone);
    if (lines == NULL) {
        return;
    }
    group = ++b->next_group;
    add_block(b, BL_BLOCK_PAGE_BREAK, NULL, NULL);
    b->group = group;
    add_block(b, BL_BLOCK_HEADING, g_markup_escape_text(bl_taglines_heading(t), -1), NULL);
    for (guint i = 0; i < lines->len; i++) {
        add_block(b, BL_BLOCK_PARA, g_markup_escape_text(g_ptr_array_index(lines, i), -1), NULL);
    }
    b->group = 0;
    g_ptr_array_unref(lines);
}

/* Chinese and Japanese punctuation (、。，：；！？ and the brackets) is set in a full square
 * that has its own white space: a space after it, where a translated text and a field's value
 * meet ("…提供账单服务：" then an organisation's name), or two runs of text are joined, would
 * widen the gap, so it goes; tags between them stay. Takes markup and returns the markup to
 * keep. */
static char *
drop_space_after_wide_punct(char *markup)
{
    GString *out;
    const char *p = markup;

    if (markup == NULL) {
        return NULL;
    }
    out = g_string_sized_new(strlen(markup));
    while (*p != '\0') {
        gunichar c = g_utf8_get_char(p);
        const char *next = g_utf8_next_char(p);

        g_string_append_len(out, p, next - p);
        p = next;
        if (!g_unichar_iswide(c) || !g_unichar_ispunct(c)) {
            continue;
        }
        for (;;) {
            if (*p == ' ') {
                p++;
            } else if (*p == '<' && strchr(p, '>') != NULL) {
                const char *end = strchr(p, '>') + 1;

                g_string_append_len(out, p, end - p);
                p = end;
            } else {
                break;
            }
        }
    }
    g_free(markup);
    return g_string_free(out, FALSE);
}

static struct bl_block *
add_block(struct binder *b, enum bl_block_kind kind, char *markup_take, const struct node *n)
{
    struct bl_block block;

    markup_take = drop_space_after_wide_punct(markup_take);
    block = (struct bl_block){
        .kind = kind, .markup = markup_take, .group = b->group, .personal = b->personal};

    if (n != NULL) {
        block.align = (enum bl_align)n->align;
        block.keep_with_next = n->keep_with_next;
    }
    if (kind != BL_BLOCK_PAGE_BREAK && kind != BL_BLOCK_IMAGE &&
        (markup_take == NULL || markup_take[0] == '\0')) {
        g_free(markup_take);
        return NULL;
    }
    g_array_append_val(b->out, block);
    return &g_array_index(b->out, struct bl_block, b->out->len - 1);
}

/* The picture of an <image>: its file, its field's value, or NULL when an optional field is
 * empty (the space is kept blank); an empty field that is not optional fails the letter. */
static char *
image_path(struct binder *b, const struct node *n)
{
    char *owned = NULL;
    const char *value;
    char *res;

    if (n->field == NULL) {
        return g_strdup(n->text);
    }
    value = field_value(b, n->field, n->loop_depth, FMT_NONE, &owned);
    b->personal = b->personal || n->personal;
    if (value[0] != '\0') {
        mark_printed(b, n);
    } else if (!n->optional && (b->facts == NULL || !b->facts->mark_missing)) {
        if (!b->failed) {
            bl_diag_error(b->diag, NULL,
                          "field '%s' is empty but %s:%d needs it (guard it with "
                          "<if field=\"%s\"> or mark it optional=\"true\")",
                          n->field->name, n->loc.file, n->loc.line, n->field->name);
        }
        b->failed++;
    }
    res = value[0] != '\0' ? g_strdup(value) : NULL;
    g_free(owned);
    return res;
}

static void
add_image(struct binder *b, const struct node *n)
{
    struct bl_block *block;

    b->personal = FALSE;
    block = add_block(b, BL_BLOCK_IMAGE, g_strdup(""), n);
    block->image.path = image_path(b, n);
    block->image.width = n->width;
    block->image.height = n->height;
    block->personal = b->personal;
}

/* A signature's lines so far become one block, kept with what follows it. */
static void
flush_signature(struct binder *b, GPtrArray *lines, gboolean keep)
{
    struct bl_block *block;

    if (lines->len == 0) {
        return;
    }
    g_ptr_array_add(lines, NULL);
    block = add_block(b, BL_BLOCK_SIGNATURE, g_strjoinv("\n", (char **)lines->pdata), NULL);
    g_ptr_array_set_size(lines, 0);
    if (block != NULL) {
        block->keep_with_next = keep;
    }
}

/* An image between a signature's lines (the signatory's signature, or a space to sign in):
 * the lines before it, then the picture, each kept with what follows. */
static void
signature_image(struct binder *b, const struct node *image, GPtrArray *lines, void *data)
{
    (void)data;
    flush_signature(b, lines, TRUE);
    add_image(b, image);
    g_array_index(b->out, struct bl_block, b->out->len - 1).keep_with_next = TRUE;
    b->personal = FALSE;
}

/* Whether a node has an <image> among its children, or theirs. */
static gboolean
has_image(const struct node *n)
{
    for (guint i = 0; n->children != NULL && i < n->children->len; i++) {
        const struct node *c = g_ptr_array_index(n->children, i);

        if (c->kind == N_IMAGE || has_image(c)) {
            return TRUE;
        }
    }
    return FALSE;
}

/* <signature>: its lines, one block kept together; with an image among them, the blocks before
 * and after it and the image, kept on one page. */
static void
bind_signature(struct binder *b, const struct node *n)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    int saved_group = b->group;

    if (b->group == 0 && has_image(n)) {
        b->group = ++b->next_group;
    }
    b->personal = FALSE;
    bind_lines_with(b, n, lines, signature_image, NULL);
    flush_signature(b, lines, n->keep_with_next);
    g_ptr_array_unref(lines);
    b->group = saved_group;
}

/* The letterhead's picture: the first one it has. */
static void
letterhead_image(struct binder *b, const struct node *image, GPtrArray *lines, void *data)
{
    struct bl_letter *letter = data;

    (void)lines;
    if (letter->logo.path == NULL) {
        letter->logo.path = image_path(b, image);
        letter->logo.width = image->width;
        letter->logo.height = image->height;
    }
}

static void bind_blocks(struct binder *b, const struct node *n);

/* A list stays with the sentence that introduces it, and its last item never goes to a page
 * by itself. */
static void
bind_list(struct binder *b, const struct node *n)
{
    GArray *blocks = b->out;
    guint first = blocks->len;

    if (first > 0 && g_array_index(blocks, struct bl_block, first - 1).kind == BL_BLOCK_PARA) {
        g_array_index(blocks, struct bl_block, first - 1).keep_with_next = TRUE;
    }
    bind_blocks(b, n);
    if (blocks->len >= first + 2) {
        g_array_index(blocks, struct bl_block, blocks->len - 2).keep_with_next = TRUE;
    }
}

/* The markup of a frame's parts, one a line: the frame's text for checks and comparisons. */
static char *
parts_markup(const GArray *parts)
{
    GString *out = g_string_new(NULL);

    for (guint i = 0; i < parts->len; i++) {
        const struct bl_block *p = &g_array_index(parts, struct bl_block, i);

        if (p->markup != NULL && p->markup[0] != '\0') {
            if (out->len > 0) {
                g_string_append_c(out, '\n');
            }
            g_string_append(out, p->markup);
        }
    }
    return g_string_free(out, FALSE);
}

/* <box>, <columns>, <column>: the children are bound into the frame's parts; a box or columns
 * that keeps no part is left out, an empty column keeps its place. */
static void
bind_frame(struct binder *b, const struct node *n, enum bl_block_kind kind)
{
    GArray *saved_out = b->out;
    int saved_group = b->group;
    GArray *parts = g_array_new(FALSE, TRUE, sizeof(struct bl_block));
    gboolean personal = FALSE;
    gboolean empty = TRUE;
    struct bl_block block = {.kind = kind, .group = saved_group, .font_size = n->font_size};

    b->out = parts;
    b->group = 0; /* a frame is kept on one page whole: its parts need no groups */
    bind_blocks(b, n);
    b->out = saved_out;
    b->group = saved_group;
    for (guint i = 0; i < parts->len; i++) {
        const struct bl_block *p = &g_array_index(parts, struct bl_block, i);

        personal = personal || p->personal;
        empty = empty && (p->kind == BL_BLOCK_COLUMN ? p->parts->len == 0 : FALSE);
    }
    if (empty && kind != BL_BLOCK_COLUMN) {
        for (guint i = 0; i < parts->len; i++) {
            block_release(&g_array_index(parts, struct bl_block, i));
        }
        g_array_unref(parts);
        return;
    }
    block.parts = parts;
    block.markup = parts_markup(parts);
    block.personal = personal;
    block.keep_with_next = n->keep_with_next;
    g_array_append_val(b->out, block);
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
        bind_signature(b, n);
        break;
    case N_IMAGE:
        add_image(b, n);
        break;
    case N_BOX:
        bind_frame(b, n, BL_BLOCK_BOX);
        break;
    case N_COLUMNS:
        bind_frame(b, n, BL_BLOCK_COLUMNS);
        break;
    case N_COLUMN:
        bind_frame(b, n, BL_BLOCK_COLUMN);
        break;
    case N_PAGE_BREAK:
        add_block(b, BL_BLOCK_PAGE_BREAK, NULL, n);
        break;
    case N_MISSING:
        refuse(b, n->text);
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
            guint pushed = push_same(b, n);

            bind_blocks(b, n);
            pop_same(b, pushed);
        }
        break;
    case N_CHOOSE:
        when = chosen(b, n);
        if (when != NULL) {
            guint pushed = push_same(b, when);

            bind_blocks(b, when);
            pop_same(b, pushed);
        }
        break;
    case N_EACH: {
        guint len;

        if (n->list_field == NULL) {
            break;
        }
        len = loop_begin(b, n);
        if (len == 0 && b->facts != NULL && b->facts->mark_missing &&
            !(n->list_field->flags & BL_FIELD_MAY_BE_EMPTY)) {
            char *label = missing_label(n->list_field);

            bl_diag_error(b->diag, &n->loc, "list '%s' is empty: the draft shows [%s missing]",
                          n->list_field->name, label);
            add_block(b, BL_BLOCK_PARA,
                      g_markup_printf_escaped(BL_MARKER_START "[%s missing]" BL_MARKER_END, label),
                      NULL);
            g_free(label);
        }
        for (guint i = 0; i < len; i++) {
            loop_at(b, i);
            bind_blocks(b, n);
        }
        loop_end(b);
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
    /* the tree with the text of the recipient's language */
    tpl = bl_template_for_language(tpl, recipient->language);
    b.tpl = tpl;
    if (tpl->po != NULL) {
        const char *page = fixed_text(&b, "page", "Page {page} of {pages}");

        letter->page_label = g_strdup(page);
        letter->language = g_strdup(recipient->language);
    }
    b.out = letter->blocks;
    b.same = g_ptr_array_new();
    b.frames = g_array_new(FALSE, FALSE, sizeof(struct frame));
    b.scratch = g_string_new(NULL);
    letter->font_size = tpl->font_size;
    letter->title = g_strdup(tpl->title);
    letter->subject = g_strdup(tpl->subject != NULL ? tpl->subject : tpl->title);
    letter->author = g_strdup(incident->org.name);
    letter->recipient_id = g_strdup(recipient->id);
    letter->date = incident->notice;
    if (tpl->letterhead != NULL) {
        GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);

        letter->letterhead_given = TRUE;
        bind_lines_with(&b, tpl->letterhead, lines, letterhead_image, letter);
        if (lines->len > 0) {
            g_ptr_array_add(lines, NULL);
            letter->letterhead = g_strjoinv("\n", (char **)lines->pdata);
        }
        g_ptr_array_unref(lines);
    }
    bind_lines(&b, tpl->return_address, letter->return_lines);
    bind_lines(&b, tpl->address, letter->address_lines);
    if (tpl->running_header != NULL) {
        GString *buf = g_string_new(NULL);

        bind_inline_children(&b, tpl->running_header, buf);
        letter->running_header = tidy(buf->str);
        g_string_free(buf, TRUE);
    }
    bind_blocks(&b, tpl->body);
    bind_taglines(&b);
    g_array_unref(b.frames);
    g_ptr_array_unref(b.same);
    g_string_free(b.scratch, TRUE);
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

    return id >= 0 && letter->printed[id];
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

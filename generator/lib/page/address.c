/* SPDX-License-Identifier: MIT */
/* Address fitting: the recipient's address set in the envelope window by a mail house's rules,
 * or flagged for manual handling. */
#include "address.h"

#include <string.h>

#include "bind.h"
#include "layout.h"
#include "xml.h"

#define SANS "Noto Sans"
/* the key of the abbreviations in the fonts' cache: no text layout's key starts so */
#define ABBREVIATIONS_KEY                                                                          \
    "\x1f"                                                                                         \
    "address-abbreviations"
/* about 1.16 times the size from baseline to baseline: six lines of 10 pt fit the 1 in window */
#define LINE_SPACING 0.85f
/* the smallest size at which an address keeps the barcode whatever it would be without it */
#define BARCODE_SIZE_MIN 9.0
/* the most lines an exception's address may take, down to 1/4 in above the body */
#define EXCEPTION_LINES 8

enum table { T_DIRECTIONAL, T_SUFFIX, T_UNIT, N_TABLES };

struct abbreviations {
    GHashTable *words[N_TABLES]; /* word (capitals) -> abbreviation (capitals) */
    GHashTable *forms[N_TABLES]; /* words and abbreviations: what a table's word may look like */
};

static void
abbreviations_free(gpointer data)
{
    struct abbreviations *a = data;

    for (int t = 0; t < N_TABLES; t++) {
        g_hash_table_unref(a->words[t]);
        g_hash_table_unref(a->forms[t]);
    }
    g_free(a);
}

static gboolean
capitals(const char *s)
{
    if (s == NULL || *s == '\0') {
        return FALSE;
    }
    for (; *s != '\0'; s++) {
        if (*s < 'A' || *s > 'Z') {
            return FALSE;
        }
    }
    return TRUE;
}

/* Reads the <a word="" abbr=""/> entries of one table. */
static int
read_table(struct abbreviations *a, enum table t, const xmlNode *table, const char *path,
           struct bl_diag *diag)
{
    int rc = 0;

    for (const xmlNode *n = table->children; n != NULL; n = n->next) {
        char *word, *abbr;
        struct bl_loc loc;

        if (n->type != XML_ELEMENT_NODE) {
            continue;
        }
        loc = bl_xml_loc(n, path);
        word = bl_xml_attr(n, "word");
        abbr = bl_xml_attr(n, "abbr");
        if (!bl_xml_is(n, "a") || !capitals(word) || !capitals(abbr) ||
            strlen(abbr) > strlen(word)) {
            bl_diag_error(diag, &loc,
                          "an abbreviation is <a word=\"WORD\" abbr=\"ABBR\"/>, both in capital "
                          "letters A-Z, the abbreviation no longer than the word");
            rc = -1;
        } else if (g_hash_table_contains(a->words[t], word)) {
            bl_diag_error(diag, &loc, "the word '%s' is abbreviated twice in <%s>", word,
                          (const char *)table->name);
            rc = -1;
        } else {
            g_hash_table_add(a->forms[t], g_strdup(word));
            g_hash_table_add(a->forms[t], g_strdup(abbr));
            g_hash_table_insert(a->words[t], word, abbr);
            continue;
        }
        g_free(word);
        g_free(abbr);
    }
    return rc;
}

int
bl_address_load_abbreviations(const struct bl_fonts *fonts, const char *path, struct bl_diag *diag)
{
    static const char *const names[N_TABLES] = {"directionals", "suffixes", "units"};
    struct abbreviations *a = g_new0(struct abbreviations, 1);
    xmlDoc *doc = bl_xml_read(path, diag);
    const xmlNode *root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;
    int rc = -1;

    for (int t = 0; t < N_TABLES; t++) {
        a->words[t] = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
        a->forms[t] = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    }
    if (doc == NULL) {
        goto out;
    }
    if (root == NULL || !bl_xml_is(root, "abbreviations")) {
        struct bl_loc loc = {path, 0, 0};

        bl_diag_error(diag, &loc, "not an abbreviations file: its root must be <abbreviations>");
        goto out;
    }
    rc = 0;
    for (const xmlNode *n = root->children; n != NULL; n = n->next) {
        int t = 0;

        while (t < N_TABLES && !bl_xml_is(n, names[t])) {
            t++;
        }
        if (t < N_TABLES) {
            rc |= read_table(a, (enum table)t, n, path, diag);
        } else if (n->type == XML_ELEMENT_NODE) {
            struct bl_loc loc = bl_xml_loc(n, path);

            bl_diag_error(diag, &loc, "unknown element <%s> (directionals, suffixes, units)",
                          (const char *)n->name);
            rc = -1;
        }
    }
    if (rc == 0 && !bl_fonts_cache_insert(fonts, ABBREVIATIONS_KEY, a, abbreviations_free)) {
        struct bl_loc loc = {path, 0, 0};

        bl_diag_error(diag, &loc, "the abbreviations must be loaded with the fonts, first");
        rc = -1;
    }
    if (rc == 0) {
        a = NULL; /* the fonts' now */
    }
out:
    if (a != NULL) {
        abbreviations_free(a);
    }
    xmlFreeDoc(doc);
    return rc < 0 ? -1 : 0;
}

/* -- abbreviating a line ------------------------------------------------------------------------
 */

/* A word of a line: its text without the punctuation that may follow it, in capitals. */
static char *
core(const char *token)
{
    gsize n = strlen(token);

    while (n > 0 && (token[n - 1] == ',' || token[n - 1] == '.')) {
        n--;
    }
    return g_ascii_strup(token, (gssize)n);
}

static gboolean
is_form(const struct abbreviations *a, enum table t, const char *token)
{
    char *c = core(token);
    gboolean res = g_hash_table_contains(a->forms[t], c);

    g_free(c);
    return res;
}

/* A unit's number or letter: "1400", "3F", "B", "#5". */
static gboolean
unit_id(const char *token)
{
    return strpbrk(token, "0123456789#") != NULL ||
           (g_ascii_isalpha(token[0]) && (token[1] == '\0' || token[1] == ','));
}

/* Replaces token i by its abbreviation in table t, in the case of the word (a directional in
 * capitals always), keeping what punctuation followed it. */
static gboolean
replace(const struct abbreviations *a, enum table t, char **tokens, int i)
{
    char *c = core(tokens[i]);
    const char *abbr = g_hash_table_lookup(a->words[t], c);
    const char *tail = tokens[i] + strlen(c);
    char *word;

    g_free(c);
    if (abbr == NULL) {
        return FALSE;
    }
    word = g_strdup(abbr);
    if (t != T_DIRECTIONAL && !g_ascii_isupper(tokens[i][1])) {
        for (char *p = word + 1; *p != '\0'; p++) {
            *p = g_ascii_tolower(*p);
        }
    }
    c = g_strconcat(word, tail, NULL);
    g_free(tokens[i]);
    tokens[i] = c;
    g_free(word);
    return TRUE;
}

char *
bl_address_abbreviate(const struct bl_fonts *fonts, const char *line)
{
    const struct abbreviations *a = bl_fonts_cache_lookup(fonts, ABBREVIATIONS_KEY);
    char **tokens;
    int n, unit = -1, last, changed = 0;
    gboolean number;
    char *res = NULL;

    if (a == NULL) {
        return NULL;
    }
    tokens = g_strsplit(line, " ", -1);
    n = (int)g_strv_length(tokens);
    number = n > 0 && g_ascii_isdigit(tokens[0][0]);
    /* the secondary unit: a designator followed by the unit's number */
    for (int i = 0; i + 1 < n && unit < 0; i++) {
        if (is_form(a, T_UNIT, tokens[i]) && unit_id(tokens[i + 1])) {
            unit = i;
        }
    }
    if (!number && unit != 0) {
        g_strfreev(tokens);
        return NULL; /* not a delivery address line: a name, a city, a country */
    }
    if (unit >= 0) {
        changed += replace(a, T_UNIT, tokens, unit);
    }
    /* the street: after the house number, up to the unit */
    last = (unit >= 0 ? unit : n) - 1;
    if (number && last >= 3 && is_form(a, T_DIRECTIONAL, tokens[last]) &&
        is_form(a, T_SUFFIX, tokens[last - 1])) {
        changed += replace(a, T_DIRECTIONAL, tokens, last); /* "Greenwood Avenue North" */
        last--;
    }
    for (int i = last; number && i >= 2; i--) {
        if (is_form(a, T_SUFFIX, tokens[i])) {
            changed += replace(a, T_SUFFIX, tokens, i); /* of two suffixes, the second */
            break;
        }
    }
    if (number && last >= 3 && is_form(a, T_DIRECTIONAL, tokens[1])) {
        changed += replace(a, T_DIRECTIONAL, tokens, 1); /* "North Alvarado Street" */
    }
    if (changed > 0) {
        res = g_strjoinv(" ", tokens);
    }
    g_strfreev(tokens);
    return res;
}

/* -- setting and measuring ----------------------------------------------------------------------
 */

/* TRUE when a line of markup starts, in its first letter, in a right-to-left script: its base
 * direction is then right to left (Unicode's rule of the first strong character; tags and
 * entities skipped, the letters of the scripts written right to left tested by script). */
static gboolean
starts_right_to_left(const char *markup)
{
    for (const char *p = markup; *p != '\0'; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);

        if (c == '<' || c == '&') {
            const char *end = strchr(p, c == '<' ? '>' : ';');

            if (end == NULL) {
                return FALSE;
            }
            p = end;
            continue;
        }
        switch (g_unichar_get_script(c)) {
        case G_UNICODE_SCRIPT_ARABIC:
        case G_UNICODE_SCRIPT_HEBREW:
        case G_UNICODE_SCRIPT_SYRIAC:
        case G_UNICODE_SCRIPT_THAANA:
        case G_UNICODE_SCRIPT_NKO:
            if (g_unichar_isalpha(c)) {
                return TRUE;
            }
            break;
        default:
            if (g_unichar_isalpha(c)) {
                return FALSE;
            }
        }
    }
    return FALSE;
}

/* Appends a line of the address. A line whose own base direction is right to left (a name in
 * Arabic or Hebrew) is kept so, isolated (RLI ... PDI), inside a paragraph that is left to right
 * (LRM first): Pango would otherwise align it to the right of the block, and the block must
 * stay aligned to the envelope window's left edge. A line that starts left to right ("Apt 4,
 * <Hebrew>") is left as it is: its words are in logical order, each run in its direction. */
static void
append_line(GString *markup, const char *line)
{
    if (starts_right_to_left(line)) {
        g_string_append_printf(markup, "\u200E\u2067%s\u2069", line);
    } else {
        g_string_append(markup, line);
    }
}

PangoLayout *
bl_address_layout(const struct bl_fonts *fonts, const GPtrArray *lines, double size,
                  gboolean bold_first)
{
    PangoLayout *layout = bl_fonts_layout(fonts, SANS, PANGO_WEIGHT_NORMAL, size, 0);
    GString *markup = g_string_new(NULL);

    for (guint i = 0; i < lines->len; i++) {
        if (i > 0) {
            g_string_append_c(markup, '\n');
        }
        if (i == 0 && bold_first) {
            g_string_append(markup, "<b>");
            append_line(markup, g_ptr_array_index(lines, i));
            g_string_append(markup, "</b>");
        } else {
            append_line(markup, g_ptr_array_index(lines, i));
        }
    }
    pango_layout_set_line_spacing(layout, LINE_SPACING);
    bl_fonts_set_markup(layout, markup->str);
    pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_NONE);
    g_string_free(markup, TRUE);
    return layout;
}

int
bl_address_misfit(PangoLayout *layout, double w, double h)
{
    PangoLayoutIter *it;
    PangoRectangle logical;
    int n = 0, bad = 0;

    pango_layout_get_extents(layout, NULL, &logical);
    if ((double)logical.height / PANGO_SCALE > h + 0.5) {
        return -1;
    }
    it = pango_layout_get_iter(layout);
    do {
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        n++;
        if ((double)logical.width / PANGO_SCALE > w) {
            bad = n;
            break;
        }
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    return bad;
}

/* -- fitting ------------------------------------------------------------------------------------
 */

/* Lines as the rules so far made them, and what the rules did. */
struct attempt {
    GPtrArray *lines; /* char * markup */
    gboolean abbreviated;
    int merged;
};

static GPtrArray *
copy_lines(const GPtrArray *lines)
{
    GPtrArray *res = g_ptr_array_new_with_free_func(g_free);

    for (guint i = 0; i < lines->len; i++) {
        g_ptr_array_add(res, g_strdup(g_ptr_array_index(lines, i)));
    }
    return res;
}

/* Line i with the standard abbreviations; FALSE when they change nothing. A line with markup of
 * the template's own (a tag) is left as it is. */
static gboolean
abbreviate_line(const struct bl_fonts *fonts, GPtrArray *lines, guint i)
{
    const char *markup = g_ptr_array_index(lines, i);
    char *text, *abbreviated;

    if (strchr(markup, '<') != NULL) {
        return FALSE;
    }
    text = bl_markup_to_text(markup);
    abbreviated = bl_address_abbreviate(fonts, text);
    g_free(text);
    if (abbreviated == NULL) {
        return FALSE;
    }
    g_free(g_ptr_array_index(lines, i));
    g_ptr_array_index(lines, i) = g_markup_escape_text(abbreviated, -1);
    g_free(abbreviated);
    return TRUE;
}

static gboolean
starts_with_digit(const char *markup)
{
    return g_ascii_isdigit(markup[0]);
}

/* Whether a line starts with a secondary unit designator ("Apt 2R", "Suite 1400"). */
static gboolean
starts_with_unit(const struct abbreviations *a, const char *markup)
{
    char **words = g_strsplit(markup, " ", 3);
    gboolean res = a != NULL && words[0] != NULL && words[1] != NULL &&
                   is_form(a, T_UNIT, words[0]) && unit_id(words[1]);

    g_strfreev(words);
    return res;
}

/* Merges two address lines into one: a secondary unit line ("Apt 2R") onto the delivery line
 * before it with a space, as Publication 28 writes it; otherwise the two neighbouring lines of
 * the delivery address (from its first line to the line before the last) that make the
 * shortest line, with a comma. The name (the lines before the first that starts with a number
 * or a unit designator) and the last line (the city, or the country) are never merged.
 * Returns FALSE when no two lines can be merged. */
static gboolean
merge_lines(const struct bl_fonts *fonts, GPtrArray *lines)
{
    const struct abbreviations *a = bl_fonts_cache_lookup(fonts, ABBREVIATIONS_KEY);
    guint first = 0, best = 0;
    gsize best_len = G_MAXSIZE;
    const char *sep = ", ";
    char *joined;

    while (first < lines->len && !starts_with_digit(g_ptr_array_index(lines, first)) &&
           !starts_with_unit(a, g_ptr_array_index(lines, first))) {
        first++;
    }
    if (first == lines->len) {
        first = 1; /* no house number: all but the name's line */
    }
    for (guint i = first + 1; i + 1 < lines->len; i++) {
        if (starts_with_unit(a, g_ptr_array_index(lines, i)) &&
            starts_with_digit(g_ptr_array_index(lines, i - 1))) {
            best = i - 1;
            sep = " ";
            break;
        }
    }
    for (guint i = first; sep[0] == ',' && i + 2 < lines->len; i++) {
        gsize len = strlen(g_ptr_array_index(lines, i)) + strlen(g_ptr_array_index(lines, i + 1));

        if (len < best_len) {
            best_len = len;
            best = i;
        }
    }
    if (sep[0] == ',' && best_len == G_MAXSIZE) {
        return FALSE;
    }
    joined =
        g_strconcat(g_ptr_array_index(lines, best), sep, g_ptr_array_index(lines, best + 1), NULL);
    g_free(g_ptr_array_index(lines, best));
    g_ptr_array_index(lines, best) = joined;
    g_ptr_array_remove_index(lines, best + 1);
    return TRUE;
}

static char *
describe(const struct attempt *at, double size, gboolean dropped_barcode)
{
    GString *s = g_string_new(NULL);

    if (at->abbreviated) {
        g_string_append(s, "USPS abbreviations");
    }
    if (size < BL_ADDRESS_SIZE) {
        g_string_append_printf(s, "%s%g pt", s->len > 0 ? ", " : "", size);
    }
    if (at->merged > 0) {
        g_string_append_printf(s, "%s%d line%s merged", s->len > 0 ? ", " : "", at->merged,
                               at->merged == 1 ? "" : "s");
    }
    if (dropped_barcode) {
        g_string_append_printf(s, "%swithout the barcode", s->len > 0 ? ", " : "");
    }
    if (s->len == 0) {
        g_string_free(s, TRUE);
        return NULL;
    }
    return g_string_free(s, FALSE);
}

/* Sets the attempt's lines at size in a window h points high, abbreviating each line that is
 * too wide (at->lines and at->abbreviated change). Returns the layout and sets *misfit to 0 when
 * they fit; otherwise returns it with *misfit as bl_address_misfit() says. */
static PangoLayout *
set_at(const struct bl_fonts *fonts, struct attempt *at, double size, double h, int *misfit)
{
    PangoLayout *layout = bl_address_layout(fonts, at->lines, size, FALSE);

    while ((*misfit = bl_address_misfit(layout, BL_ADDRESS_W, h)) > 0 &&
           abbreviate_line(fonts, at->lines, (guint)*misfit - 1)) {
        at->abbreviated = TRUE;
        g_object_unref(layout);
        layout = bl_address_layout(fonts, at->lines, size, FALSE);
    }
    return layout;
}

/* The rules in their order, for a window h points high: the lines as given at BL_ADDRESS_SIZE;
 * a line too wide abbreviated; smaller sizes down to BL_ADDRESS_SIZE_MIN; then, for too many
 * lines, lines merged, one more at a time, at every size again. Sets out (its layout and what was
 * applied), *size and *merges, and returns TRUE when one made the lines fit. */
static gboolean
fit_rules(struct bl_address_fit *out, const struct bl_fonts *fonts, const GPtrArray *lines,
          double h, gboolean dropped_barcode, double *size, int *merges)
{
    GPtrArray *merged = copy_lines(lines);
    int misfit = -1;
    gboolean fits = FALSE;

    *merges = 0;
    for (;;) {
        for (double sz = BL_ADDRESS_SIZE; !fits && sz >= BL_ADDRESS_SIZE_MIN - 0.01; sz -= 0.5) {
            struct attempt at = {copy_lines(merged), FALSE, *merges};
            PangoLayout *layout = set_at(fonts, &at, sz, h, &misfit);

            if (misfit == 0) {
                out->layout = layout;
                out->applied = describe(&at, sz, dropped_barcode);
                *size = sz;
                fits = TRUE;
            } else {
                g_object_unref(layout);
            }
            g_ptr_array_unref(at.lines);
        }
        /* merging helps only an address with too many lines */
        if (fits || misfit > 0 || !merge_lines(fonts, merged)) {
            break;
        }
        (*merges)++;
    }
    g_ptr_array_unref(merged);
    return fits;
}

/* An address that fits by no rule: every rule applied, at the smallest size, wrapped at the
 * window's width and cut after EXCEPTION_LINES lines, for whoever handles it by hand. */
static void
set_exception(struct bl_address_fit *out, const struct bl_fonts *fonts, const GPtrArray *lines)
{
    struct attempt at = {copy_lines(lines), FALSE, 0};
    PangoLayout *layout = set_at(fonts, &at, BL_ADDRESS_SIZE_MIN, BL_ADDRESS_H, &out->misfit);
    int misfit = out->misfit;

    /* fewer lines show more of the address, wrapped at the window's width */
    while (misfit < 0 && merge_lines(fonts, at.lines)) {
        at.merged++;
        g_object_unref(layout);
        layout = set_at(fonts, &at, BL_ADDRESS_SIZE_MIN, BL_ADDRESS_H, &misfit);
    }
    pango_layout_set_width(layout, (int)(BL_ADDRESS_W * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
    pango_layout_set_height(layout, -EXCEPTION_LINES);
    out->layout = layout;
    out->exception = TRUE;
    out->problem = out->misfit < 0
                       ? g_strdup_printf("the address has %u lines, more than the envelope window "
                                         "holds (%.2f in high) even at %g pt with lines merged",
                                         lines->len, BL_ADDRESS_H / 72.0, BL_ADDRESS_SIZE_MIN)
                       : g_strdup_printf("line %d of the address is too long for the envelope "
                                         "window (%.1f in wide) even at %g pt%s",
                                         out->misfit, BL_ADDRESS_W / 72.0, BL_ADDRESS_SIZE_MIN,
                                         at.abbreviated ? " with USPS abbreviations" : "");
    g_ptr_array_unref(at.lines);
}

int
bl_address_fit(struct bl_address_fit *out, const struct bl_fonts *fonts, const GPtrArray *lines,
               gboolean with_barcode, struct bl_diag *diag)
{
    *out = (struct bl_address_fit){0};
    for (guint i = 0; i < lines->len; i++) {
        char *text = bl_markup_to_text(g_ptr_array_index(lines, i));
        glong chars = g_utf8_strlen(text, -1);

        g_free(text);
        if (chars > BL_ADDRESS_LINE_MAX) {
            bl_diag_error(diag, NULL,
                          "line %u of the recipient address has %ld characters, more than an "
                          "address line can have (%d)",
                          i + 1, chars, BL_ADDRESS_LINE_MAX);
            return -1;
        }
    }
    /* the barcode keeps its room at the top of the window when the address fits with it at
     * BARCODE_SIZE_MIN or larger; below, or with lines merged, the barcode goes when the address
     * would be set larger, or with fewer lines merged, without it */
    if (with_barcode) {
        struct bl_address_fit roomy = {0};
        double size, roomy_size;
        int merges, roomy_merges;
        gboolean fits =
            fit_rules(out, fonts, lines, BL_ADDRESS_H - BL_BARCODE_SPACE, FALSE, &size, &merges);

        if (!fits || size < BARCODE_SIZE_MIN || merges > 0) {
            if (fit_rules(&roomy, fonts, lines, BL_ADDRESS_H, TRUE, &roomy_size, &roomy_merges) &&
                (!fits || roomy_merges < merges || (roomy_merges == merges && roomy_size > size))) {
                bl_address_fit_release(out);
                *out = roomy;
                return 0;
            }
            bl_address_fit_release(&roomy);
        }
        if (fits) {
            out->barcode = TRUE;
            return 0;
        }
    } else {
        double size;
        int merges;

        if (fit_rules(out, fonts, lines, BL_ADDRESS_H, FALSE, &size, &merges)) {
            return 0;
        }
    }
    set_exception(out, fonts, lines);
    return 0;
}

void
bl_address_fit_release(struct bl_address_fit *fit)
{
    g_clear_object(&fit->layout);
    g_free(fit->applied);
    g_free(fit->problem);
    *fit = (struct bl_address_fit){0};
}

/* SPDX-License-Identifier: MIT */
/* Text helpers shared by the stages: dates, US jurisdictions, whitespace, numbers withheld from
 * messages, the key of a recipient id, the characters a recipient's value keeps. */
#include "text.h"

#include <stdio.h>
#include <string.h>

static const char *const months_en[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

static const char *const months_es[] = {
    "enero", "febrero", "marzo",      "abril",   "mayo",      "junio",
    "julio", "agosto",  "septiembre", "octubre", "noviembre", "diciembre",
};

int
bl_date_parse(GDate *out, const char *text)
{
    int y, m, d;
    char tail;

    g_date_clear(out, 1);
    if (text == NULL || strlen(text) != 10 || text[4] != '-' || text[7] != '-') {
        return -1;
    }
    for (int i = 0; i < 10; i++) {
        if (i != 4 && i != 7 && !g_ascii_isdigit(text[i])) {
            return -1;
        }
    }
    if (sscanf(text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) {
        return -1;
    }
    if (y < 1900 || !g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y)) {
        return -1;
    }
    g_date_set_dmy(out, (GDateDay)d, (GDateMonth)m, (GDateYear)y);
    return 0;
}

gboolean
bl_date_style_valid(const char *style)
{
    return style != NULL && (strcmp(style, "long") == 0 || strcmp(style, "iso") == 0 ||
                             strcmp(style, "us") == 0 || strcmp(style, "month-year") == 0);
}

char *
bl_date_format(const GDate *date, const char *style, const char *language)
{
    gboolean es = language != NULL && strcmp(language, "es") == 0;
    int d, m, y;
    const char *month;

    if (date == NULL || !g_date_valid(date) || style == NULL) {
        return NULL;
    }
    d = g_date_get_day(date);
    m = g_date_get_month(date);
    y = g_date_get_year(date);
    month = es ? months_es[m - 1] : months_en[m - 1];
    if (strcmp(style, "long") == 0) {
        return es ? g_strdup_printf("%d de %s de %d", d, month, y)
                  : g_strdup_printf("%s %d, %d", month, d, y);
    }
    if (strcmp(style, "iso") == 0) {
        return g_strdup_printf("%04d-%02d-%02d", y, m, d);
    }
    if (strcmp(style, "us") == 0) {
        return es ? g_strdup_printf("%02d/%02d/%04d", d, m, y)
                  : g_strdup_printf("%02d/%02d/%04d", m, d, y);
    }
    if (strcmp(style, "month-year") == 0) {
        return es ? g_strdup_printf("%s de %d", month, y) : g_strdup_printf("%s %d", month, y);
    }
    return NULL;
}

static const struct {
    const char *code;
    const char *name;
} jurisdictions[] = {
    {"AL", "Alabama"},
    {"AK", "Alaska"},
    {"AZ", "Arizona"},
    {"AR", "Arkansas"},
    {"CA", "California"},
    {"CO", "Colorado"},
    {"CT", "Connecticut"},
    {"DE", "Delaware"},
    {"DC", "the District of Columbia"},
    {"FL", "Florida"},
    {"GA", "Georgia"},
    {"HI", "Hawaii"},
    {"ID", "Idaho"},
    {"IL", "Illinois"},
    {"IN", "Indiana"},
    {"IA", "Iowa"},
    {"KS", "Kansas"},
    {"KY", "Kentucky"},
    {"LA", "Louisiana"},
    {"ME", "Maine"},
    {"MD", "Maryland"},
    {"MA", "Massachusetts"},
    {"MI", "Michigan"},
    {"MN", "Minnesota"},
    {"MS", "Mississippi"},
    {"MO", "Missouri"},
    {"MT", "Montana"},
    {"NE", "Nebraska"},
    {"NV", "Nevada"},
    {"NH", "New Hampshire"},
    {"NJ", "New Jersey"},
    {"NM", "New Mexico"},
    {"NY", "New York"},
    {"NC", "North Carolina"},
    {"ND", "North Dakota"},
    {"OH", "Ohio"},
    {"OK", "Oklahoma"},
    {"OR", "Oregon"},
    {"PA", "Pennsylvania"},
    {"RI", "Rhode Island"},
    {"SC", "South Carolina"},
    {"SD", "South Dakota"},
    {"TN", "Tennessee"},
    {"TX", "Texas"},
    {"UT", "Utah"},
    {"VT", "Vermont"},
    {"VA", "Virginia"},
    {"WA", "Washington"},
    {"WV", "West Virginia"},
    {"WI", "Wisconsin"},
    {"WY", "Wyoming"},
    {"PR", "Puerto Rico"},
    {"GU", "Guam"},
    {"VI", "the U.S. Virgin Islands"},
    {"AS", "American Samoa"},
    {"MP", "the Northern Mariana Islands"},
};

const char *
bl_jurisdiction_name(const char *code)
{
    if (code == NULL) {
        return NULL;
    }
    for (gsize i = 0; i < G_N_ELEMENTS(jurisdictions); i++) {
        if (strcmp(jurisdictions[i].code, code) == 0) {
            return jurisdictions[i].name;
        }
    }
    return NULL;
}

char *
bl_text_squeeze(const char *text)
{
    GString *out = g_string_sized_new(text != NULL ? strlen(text) : 0);
    gboolean space = FALSE;

    for (const char *p = text; p != NULL && *p != '\0'; p++) {
        if (g_ascii_isspace(*p)) {
            space = out->len > 0;
            continue;
        }
        if (space) {
            g_string_append_c(out, ' ');
            space = FALSE;
        }
        g_string_append_c(out, *p);
    }
    return g_string_free(out, FALSE);
}

gboolean
bl_text_blank(const char *text)
{
    for (const char *p = text; p != NULL && *p != '\0'; p++) {
        if (!g_ascii_isspace(*p)) {
            return FALSE;
        }
    }
    return TRUE;
}

void
bl_csv_append(GString *row, const char *value, gboolean first)
{
    gboolean formula;

    if (!first) {
        g_string_append_c(row, ',');
    }
    if (value == NULL) {
        return;
    }
    formula = value[0] != '\0' && strchr("=+-@", value[0]) != NULL;
    if (!formula && strpbrk(value, ",\"\r\n") == NULL) {
        g_string_append(row, value);
        return;
    }
    g_string_append_c(row, '"');
    if (formula) {
        g_string_append_c(row, '\'');
    }
    for (const char *p = value; *p != '\0'; p++) {
        if (*p == '"') {
            g_string_append_c(row, '"');
        }
        g_string_append_c(row, *p);
    }
    g_string_append_c(row, '"');
}

/* Unicode's Bidi_Control property (PropList.txt), which GLib does not give: the marks, the
 * embeddings and overrides, and the isolates. Unicode has added none since 6.3 (2013). */
static gboolean
is_bidi_control(gunichar c)
{
    return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
           (c >= 0x2066 && c <= 0x2069);
}

/* The policy is in text.h, beside enum bl_text_char. Only general categories C* and the line
 * breaks are looked at: letters, marks, numbers, punctuation, symbols and spaces always stay. */
enum bl_text_char
bl_text_char_class(gunichar c)
{
    if (c >= 0x20 && c < 0x7f) {
        return BL_TEXT_CHAR_KEEP; /* printable ASCII, most of any list */
    }
    switch (g_unichar_break_type(c)) {
    case G_UNICODE_BREAK_MANDATORY:
    case G_UNICODE_BREAK_CARRIAGE_RETURN:
    case G_UNICODE_BREAK_LINE_FEED:
    case G_UNICODE_BREAK_NEXT_LINE:
        return BL_TEXT_CHAR_BREAK;
    default:
        break;
    }
    switch (g_unichar_type(c)) {
    case G_UNICODE_CONTROL:
        return g_unichar_isspace(c) ? BL_TEXT_CHAR_SPACE : BL_TEXT_CHAR_DROP;
    case G_UNICODE_FORMAT:
        /* the joiners are of script Inherited, and a script's own format characters (the
         * Arabic number sign, the Mongolian vowel separator) of that script: they stay; the
         * shared ones (Common) hide or reorder text wherever they are */
        if (is_bidi_control(c) || g_unichar_get_script(c) == G_UNICODE_SCRIPT_COMMON) {
            return BL_TEXT_CHAR_DROP;
        }
        return BL_TEXT_CHAR_KEEP;
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_SURROGATE: /* not in valid UTF-8; named for completeness */
        return BL_TEXT_CHAR_DROP;
    default:
        return BL_TEXT_CHAR_KEEP;
    }
}

void
bl_text_append_neutral(GString *out, const char *text, gsize len)
{
    const char *end = text + len;

    for (const char *p = text; p < end; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);

        switch (bl_text_char_class(c)) {
        case BL_TEXT_CHAR_KEEP:
            g_string_append_unichar(out, c);
            break;
        case BL_TEXT_CHAR_BREAK:
            /* CR LF is one break: the LF writes it */
            if (c != '\r' || p + 1 >= end || p[1] != '\n') {
                g_string_append_c(out, '\n');
            }
            break;
        case BL_TEXT_CHAR_SPACE:
            g_string_append_c(out, ' ');
            break;
        case BL_TEXT_CHAR_DROP:
            break;
        }
    }
}

/* The character at p, or (gunichar)-1 at the end or at bytes that are not UTF-8. */
static gunichar
char_at(const char *p, const char *end)
{
    gunichar c = p < end ? g_utf8_get_char_validated(p, end - p) : (gunichar)-1;

    return c < 0x110000 ? c : (gunichar)-1;
}

/* The character after the one at p (a byte that is not UTF-8 counts as one). */
static const char *
after(const char *p, const char *end)
{
    return char_at(p, end) != (gunichar)-1 ? g_utf8_next_char(p) : p + 1;
}

static gboolean
is_digit(gunichar c)
{
    return c != (gunichar)-1 && g_unichar_isdigit(c);
}

/* TRUE for what may join the groups of digits of one number: "123-45-6789", "4111 1111". */
static gboolean
joins_digits(gunichar c)
{
    return c != (gunichar)-1 &&
           (c == '-' || c == '.' || c == '/' || c == '_' || g_unichar_isspace(c) ||
            g_unichar_type(c) == G_UNICODE_DASH_PUNCTUATION);
}

/* The end of the run of digits at p (groups joined by up to 3 joiners); counts its digits. */
static const char *
digit_run(const char *p, const char *end, int *digits)
{
    const char *last = p;

    *digits = 0;
    for (;;) {
        const char *q;
        int joiners = 0;

        while (is_digit(char_at(p, end))) {
            (*digits)++;
            p = after(p, end);
        }
        last = p;
        for (q = p; joiners < 3 && joins_digits(char_at(q, end)); joiners++) {
            q = after(q, end);
        }
        if (joiners == 0 || !is_digit(char_at(q, end))) {
            return last;
        }
        p = q;
    }
}

char *
bl_text_redact(const char *text)
{
    const char *end, *p;
    GString *out;

    if (text == NULL) {
        return NULL;
    }
    end = text + strlen(text);
    out = g_string_sized_new((gsize)(end - text));
    for (p = text; p < end;) {
        const char *next;
        int digits;

        if (!is_digit(char_at(p, end))) {
            next = after(p, end);
            g_string_append_len(out, p, next - p);
            p = next;
            continue;
        }
        next = digit_run(p, end, &digits);
        if (digits >= BL_TEXT_WITHHELD_DIGITS) {
            g_string_append(out, BL_TEXT_WITHHELD);
        } else {
            g_string_append_len(out, p, next - p);
        }
        p = next;
    }
    return g_string_free(out, FALSE);
}

void
bl_text_id_key(GString *out, const char *id)
{
    const char *p = id;
    char *nfd, *folded, *nfc;

    g_string_truncate(out, 0);
    while (*p != '\0' && (guchar)*p < 0x80) {
        p++;
    }
    if (*p == '\0') {
        /* ASCII, the usual id: composed already, and folding its case is lowering it */
        for (p = id; *p != '\0'; p++) {
            g_string_append_c(out, g_ascii_tolower(*p));
        }
        return;
    }
    /* canonical caseless matching (Unicode, section 3.13): decompose, fold, compose again */
    nfd = g_utf8_normalize(id, -1, G_NORMALIZE_NFD);
    if (nfd == NULL) {
        g_string_append(out, id); /* not UTF-8: compared byte for byte */
        return;
    }
    folded = g_utf8_casefold(nfd, -1);
    nfc = g_utf8_normalize(folded, -1, G_NORMALIZE_NFC);
    g_string_append(out, nfc != NULL ? nfc : folded);
    g_free(nfc);
    g_free(folded);
    g_free(nfd);
}

static gunichar
fold(gunichar c)
{
    return c < 0x80 ? (gunichar)g_ascii_tolower((char)c) : c;
}

/* Edits between a and b (optimal string alignment: insert, delete, change, or swap two
 * neighbours), ASCII case ignored, counted in characters. */
static guint
edit_distance(const char *a, const char *b)
{
    glong n = 0, m = 0;
    gunichar *x = g_utf8_to_ucs4_fast(a, -1, &n);
    gunichar *y = g_utf8_to_ucs4_fast(b, -1, &m);
    guint *d = g_new(guint, (gsize)((n + 1) * (m + 1)));
    guint result;

#define D(i, j) d[(i) * (m + 1) + (j)]
    for (glong i = 0; i <= n; i++) {
        D(i, 0) = (guint)i;
    }
    for (glong j = 0; j <= m; j++) {
        D(0, j) = (guint)j;
    }
    for (glong i = 1; i <= n; i++) {
        for (glong j = 1; j <= m; j++) {
            guint best = MIN(D(i - 1, j), D(i, j - 1)) + 1;

            best = MIN(best, D(i - 1, j - 1) + (fold(x[i - 1]) != fold(y[j - 1])));
            if (i > 1 && j > 1 && fold(x[i - 1]) == fold(y[j - 2]) &&
                fold(x[i - 2]) == fold(y[j - 1])) {
                best = MIN(best, D(i - 2, j - 2) + 1);
            }
            D(i, j) = best;
        }
    }
    result = D(n, m);
#undef D
    g_free(d);
    g_free(x);
    g_free(y);
    return result;
}

const char *
bl_text_closest(const char *word, const char *const *names)
{
    const char *best = NULL;
    guint best_edits = G_MAXUINT;

    for (gsize i = 0; names != NULL && names[i] != NULL; i++) {
        const char *name = names[i];
        const char *p = word, *q = name;
        glong rest;
        guint edits;

        if (strcmp(word, name) == 0) {
            return NULL;
        }
        /* "recipient.zip" is not "recipient.city": the part after the words both start with
         * counts, not a long shared start */
        while (*p != '\0' && g_ascii_tolower(*p) == g_ascii_tolower(*q)) {
            p++;
            q++;
        }
        while (p > word && strchr("._- ", p[-1]) == NULL) {
            p--;
        }
        rest = g_utf8_strlen(p, -1);
        edits = edit_distance(word, name);
        if (edits <= MIN(2, MAX(1, rest / 2)) && edits < best_edits) {
            best = name;
            best_edits = edits;
        }
    }
    return best;
}

/* Where a word too long for the room left on a line (in characters) is broken: after a '/'
 * (not inside "//"), before one of "-._?&=", as web addresses are broken in print; else where
 * the room ends. A byte count of word's first piece, at least one character. */
static gsize
word_break(const char *word, gsize len, glong room)
{
    gsize limit = (gsize)(g_utf8_offset_to_pointer(word, MAX(room, 1)) - word);
    gsize cut = 0;

    limit = MIN(limit, len);
    for (gsize i = 1; i <= limit; i++) {
        if (word[i - 1] == '/' && (i == len || word[i] != '/')) {
            cut = i;
        } else if (i < len && word[i] != '\0' && strchr("-._?&=", word[i]) != NULL &&
                   word[i - 1] != '/') {
            cut = i;
        }
    }
    if (cut == 0) {
        cut = limit;
        while (cut < len && (word[cut] & 0xC0) == 0x80) {
            cut++; /* never inside a character */
        }
    }
    return cut;
}

void
bl_text_wrap(GString *out, const char *text, int indent, int width)
{
    const char *nl = strrchr(out->str, '\n');
    glong column = g_utf8_strlen(nl != NULL ? nl + 1 : out->str, -1);
    gboolean line_empty = column <= indent; /* only the indent, or less: no use breaking */
    const char *p = text;

    while (*p != '\0') {
        const char *gap = p;
        glong gap_cols, word_cols;
        gsize len;

        while (*p == ' ') {
            p++;
        }
        len = strcspn(p, " ");
        if (len == 0) {
            break;
        }
        gap_cols = line_empty ? 0 : (glong)(p - gap);
        word_cols = g_utf8_strlen(p, (gssize)len);
        if (!line_empty && column + gap_cols + word_cols > width) {
            g_string_append_printf(out, "\n%*s", indent, "");
            column = indent;
            gap_cols = 0;
        }
        g_string_append_printf(out, "%*s", (int)gap_cols, "");
        column += gap_cols;
        /* a word longer than a whole line goes in pieces */
        while (column + word_cols > width && word_cols > width - indent) {
            gsize cut = word_break(p, len, width - column);

            g_string_append_len(out, p, (gssize)cut);
            g_string_append_printf(out, "\n%*s", indent, "");
            column = indent;
            p += cut;
            len -= cut;
            word_cols = g_utf8_strlen(p, (gssize)len);
        }
        g_string_append_len(out, p, (gssize)len);
        column += word_cols;
        line_empty = FALSE;
        p += len;
    }
    g_string_append_c(out, '\n');
}

/* SPDX-License-Identifier: MIT */
/* Translations: a gettext PO file read into a catalog, with its plural forms. */
#include "po.h"

#include <string.h>

struct entry {
    char **forms; /* msgstr, or msgstr[0..n-1] */
    gboolean plural;
};

struct bl_po {
    char *path;
    char *language;
    char *plural_expr; /* NULL: English's "n != 1" */
    guint nplurals;
    GHashTable *entries; /* "context\004msgid" or "msgid" -> struct entry * */
};

static void
entry_free(gpointer data)
{
    struct entry *e = data;

    g_strfreev(e->forms);
    g_free(e);
}

void
bl_po_free(struct bl_po *po)
{
    if (po == NULL) {
        return;
    }
    g_free(po->path);
    g_free(po->language);
    g_free(po->plural_expr);
    g_hash_table_unref(po->entries);
    g_free(po);
}

/* ---- Plural-Forms expressions: recursive descent over the text, C precedence ---- */

struct expr {
    const char *p;
    unsigned long n;
    gboolean bad;
};

static unsigned long ternary(struct expr *e);

static void
skip_space(struct expr *e)
{
    while (*e->p == ' ' || *e->p == '\t' || *e->p == '\n') {
        e->p++;
    }
}

static gboolean
take(struct expr *e, const char *op)
{
    gsize len = strlen(op);

    skip_space(e);
    if (strncmp(e->p, op, len) != 0) {
        return FALSE;
    }
    /* "<" is not "<=", "!" is not "!=", "=" alone is no operator */
    if (len == 1 && strchr("<>!", op[0]) != NULL && e->p[1] == '=') {
        return FALSE;
    }
    if (len == 1 && (op[0] == '&' || op[0] == '|')) {
        return FALSE;
    }
    e->p += len;
    return TRUE;
}

static unsigned long
primary(struct expr *e)
{
    skip_space(e);
    if (take(e, "(")) {
        unsigned long v = ternary(e);

        if (!take(e, ")")) {
            e->bad = TRUE;
        }
        return v;
    }
    if (take(e, "!")) {
        return !primary(e);
    }
    if (*e->p == 'n') {
        e->p++;
        return e->n;
    }
    if (g_ascii_isdigit(*e->p)) {
        unsigned long v = 0;

        while (g_ascii_isdigit(*e->p)) {
            v = v * 10 + (unsigned long)(*e->p++ - '0');
        }
        return v;
    }
    e->bad = TRUE;
    return 0;
}

static unsigned long
multiplicative(struct expr *e)
{
    unsigned long v = primary(e);

    for (;;) {
        if (take(e, "*")) {
            v *= primary(e);
        } else if (take(e, "/") || take(e, "%")) {
            char op = e->p[-1];
            unsigned long d = primary(e);

            if (d == 0) {
                e->bad = TRUE;
                return 0;
            }
            v = op == '/' ? v / d : v % d;
        } else {
            return v;
        }
    }
}

static unsigned long
additive(struct expr *e)
{
    unsigned long v = multiplicative(e);

    for (;;) {
        if (take(e, "+")) {
            v += multiplicative(e);
        } else if (take(e, "-")) {
            v -= multiplicative(e);
        } else {
            return v;
        }
    }
}

static unsigned long
relational(struct expr *e)
{
    unsigned long v = additive(e);

    for (;;) {
        if (take(e, "<=")) {
            v = v <= additive(e);
        } else if (take(e, ">=")) {
            v = v >= additive(e);
        } else if (take(e, "<")) {
            v = v < additive(e);
        } else if (take(e, ">")) {
            v = v > additive(e);
        } else {
            return v;
        }
    }
}

static unsigned long
equality(struct expr *e)
{
    unsigned long v = relational(e);

    for (;;) {
        if (take(e, "==")) {
            v = v == relational(e);
        } else if (take(e, "!=")) {
            v = v != relational(e);
        } else {
            return v;
        }
    }
}

static unsigned long
logical_and(struct expr *e)
{
    unsigned long v = equality(e);

    while (take(e, "&&")) {
        unsigned long w = equality(e);

        v = v && w;
    }
    return v;
}

static unsigned long
logical_or(struct expr *e)
{
    unsigned long v = logical_and(e);

    while (take(e, "||")) {
        unsigned long w = logical_and(e);

        v = v || w;
    }
    return v;
}

static unsigned long
ternary(struct expr *e)
{
    unsigned long cond = logical_or(e);

    if (take(e, "?")) {
        unsigned long yes = ternary(e);
        unsigned long no;

        if (!take(e, ":")) {
            e->bad = TRUE;
            return 0;
        }
        no = ternary(e);
        return cond ? yes : no;
    }
    return cond;
}

int
bl_po_plural_eval(const char *expr, unsigned long n, unsigned long *out)
{
    struct expr e = {expr, n, FALSE};
    unsigned long v = ternary(&e);

    skip_space(&e);
    if (*e.p == ';') {
        e.p++;
        skip_space(&e);
    }
    if (e.bad || *e.p != '\0') {
        return -1;
    }
    *out = v;
    return 0;
}

guint
bl_po_nplurals(const struct bl_po *po)
{
    return po->nplurals;
}

guint
bl_po_plural_index(const struct bl_po *po, unsigned long n)
{
    unsigned long v = 0;

    if (po->plural_expr == NULL) {
        return n != 1;
    }
    /* checked when the file was read: it evaluates and stays below nplurals */
    if (bl_po_plural_eval(po->plural_expr, n, &v) < 0 || v >= po->nplurals) {
        return 0;
    }
    return (guint)v;
}

/* ---- the file ---- */

struct parser {
    struct bl_po *po;
    struct bl_diag *diag;
    int line;
    int errors;
};

static void parse_error(struct parser *ps, int line, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static void
parse_error(struct parser *ps, int line, const char *fmt, ...)
{
    struct bl_loc loc = {ps->po->path, line, 0};
    va_list ap;
    char *msg;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    bl_diag_error(ps->diag, &loc, "%s", msg);
    g_free(msg);
    ps->errors++;
}

/* Appends the quoted string at s ("...") to out, unescaped. Returns FALSE (reported) when it is
 * not one. */
static gboolean
unquote(struct parser *ps, const char *s, GString *out)
{
    const char *p = s;

    while (*p == ' ' || *p == '\t') {
        p++;
    }
    if (*p != '"') {
        parse_error(ps, ps->line, "expected a quoted string, found '%s'", p);
        return FALSE;
    }
    for (p++; *p != '"'; p++) {
        if (*p == '\0') {
            parse_error(ps, ps->line, "string not closed: a '\"' is missing at the end");
            return FALSE;
        }
        if (*p != '\\') {
            g_string_append_c(out, *p);
            continue;
        }
        p++;
        switch (*p) {
        case 'n':
            g_string_append_c(out, '\n');
            break;
        case 't':
            g_string_append_c(out, '\t');
            break;
        case 'r':
            g_string_append_c(out, '\r');
            break;
        case 'a':
            g_string_append_c(out, '\a');
            break;
        case 'b':
            g_string_append_c(out, '\b');
            break;
        case 'f':
            g_string_append_c(out, '\f');
            break;
        case 'v':
            g_string_append_c(out, '\v');
            break;
        case '"':
        case '\\':
        case '\'':
        case '?':
            g_string_append_c(out, *p);
            break;
        default:
            if (*p >= '0' && *p <= '7') {
                int v = 0;

                for (int i = 0; i < 3 && *p >= '0' && *p <= '7'; i++, p++) {
                    v = v * 8 + (*p - '0');
                }
                p--;
                g_string_append_c(out, (char)v);
                break;
            }
            parse_error(ps, ps->line, "unknown escape '\\%c' in a string", *p != '\0' ? *p : ' ');
            return FALSE;
        }
    }
    p++;
    while (*p == ' ' || *p == '\t' || *p == '\r') {
        p++;
    }
    if (*p != '\0') {
        parse_error(ps, ps->line, "text after the closing '\"': '%s'", p);
        return FALSE;
    }
    return TRUE;
}

/* One entry as it is read. */
struct pending {
    int line; /* of msgid, 0 when none yet */
    gboolean fuzzy;
    gboolean has_ctxt;
    GString *ctxt;
    GString *id;
    GString *id_plural; /* NULL: singular */
    GPtrArray *forms;   /* GString * by index */
    GString *cur;       /* the string continuation lines go to */
};

static void
pending_reset(struct pending *pe)
{
    pe->line = 0;
    pe->fuzzy = FALSE;
    pe->has_ctxt = FALSE;
    g_string_truncate(pe->ctxt, 0);
    g_string_truncate(pe->id, 0);
    if (pe->id_plural != NULL) {
        g_string_free(pe->id_plural, TRUE);
        pe->id_plural = NULL;
    }
    g_ptr_array_set_size(pe->forms, 0);
    pe->cur = NULL;
}

static char *
header_value(const char *header, const char *name)
{
    char **lines = g_strsplit(header, "\n", -1);
    char *res = NULL;
    gsize len = strlen(name);

    for (char **l = lines; *l != NULL && res == NULL; l++) {
        if (g_ascii_strncasecmp(*l, name, len) == 0 && (*l)[len] == ':') {
            res = g_strstrip(g_strdup(*l + len + 1));
        }
    }
    g_strfreev(lines);
    return res;
}

/* Reads the header entry: charset, language, plural forms. */
static void
read_header(struct parser *ps, const char *header, int line)
{
    char *type = header_value(header, "Content-Type");
    char *plural = header_value(header, "Plural-Forms");
    char *charset = type != NULL ? strstr(type, "charset=") : NULL;

    ps->po->language = header_value(header, "Language");
    if (ps->po->language != NULL && ps->po->language[0] == '\0') {
        g_clear_pointer(&ps->po->language, g_free);
    }
    if (charset != NULL) {
        charset += strlen("charset=");
        if (g_ascii_strcasecmp(charset, "UTF-8") != 0 && g_ascii_strcasecmp(charset, "CHARSET")) {
            parse_error(ps, line, "charset '%s': write the file in UTF-8 (charset=UTF-8)", charset);
        }
    }
    if (plural != NULL) {
        char *np = strstr(plural, "nplurals=");
        char *ex = strstr(plural, "plural=");

        /* "nplurals=" contains "plural=": look for the one after it */
        if (ex != NULL && np != NULL && ex == np + 2) {
            ex = strstr(np + strlen("nplurals="), "plural=");
        }
        if (np == NULL || ex == NULL) {
            parse_error(ps, line,
                        "Plural-Forms '%s' needs nplurals=N; plural=EXPRESSION; (e.g. "
                        "\"nplurals=2; plural=(n != 1);\")",
                        plural);
        } else {
            guint64 n = g_ascii_strtoull(np + strlen("nplurals="), NULL, 10);
            char *expr = g_strdup(ex + strlen("plural="));
            unsigned long v;
            gboolean ok = n >= 1 && n <= 6;

            g_strstrip(expr);
            for (unsigned long k = 0; ok && k < 1000; k++) {
                ok = bl_po_plural_eval(expr, k, &v) == 0 && v < n;
            }
            if (!ok) {
                parse_error(ps, line,
                            "Plural-Forms '%s': the expression must be a C expression of n "
                            "giving a form below nplurals (1 to 6)",
                            plural);
                g_free(expr);
            } else {
                ps->po->nplurals = (guint)n;
                ps->po->plural_expr = expr;
            }
        }
    }
    g_free(type);
    g_free(plural);
}

static void
finish_entry(struct parser *ps, struct pending *pe)
{
    struct entry *e;
    char *key;
    gboolean empty = TRUE;

    if (pe->line == 0) {
        pending_reset(pe);
        return;
    }
    if (pe->forms->len == 0) {
        parse_error(ps, pe->line, "msgid without msgstr");
        pending_reset(pe);
        return;
    }
    if (pe->id->len == 0 && !pe->has_ctxt) {
        GString *h = g_ptr_array_index(pe->forms, 0);

        read_header(ps, h != NULL ? h->str : "", pe->line);
        pending_reset(pe);
        return;
    }
    for (guint i = 0; i < pe->forms->len; i++) {
        GString *f = g_ptr_array_index(pe->forms, i);

        if (f == NULL) {
            parse_error(ps, pe->line, "msgstr[%u] is missing", i);
            pending_reset(pe);
            return;
        }
        if (f->len > 0) {
            empty = FALSE;
        }
        if (!g_utf8_validate(f->str, (gssize)f->len, NULL)) {
            parse_error(ps, pe->line, "the translation is not UTF-8 text");
            pending_reset(pe);
            return;
        }
    }
    if (!g_utf8_validate(pe->id->str, (gssize)pe->id->len, NULL)) {
        parse_error(ps, pe->line, "msgid is not UTF-8 text");
        pending_reset(pe);
        return;
    }
    if (pe->fuzzy) {
        struct bl_loc loc = {ps->po->path, pe->line, 0};

        bl_diag_warning(ps->diag, &loc,
                        "fuzzy translation of '%s' left out: check it and remove the "
                        "'#, fuzzy' flag",
                        pe->id->str);
        pending_reset(pe);
        return;
    }
    if (empty) {
        pending_reset(pe); /* untranslated */
        return;
    }
    key = pe->has_ctxt ? g_strconcat(pe->ctxt->str, "\004", pe->id->str, NULL)
                       : g_strdup(pe->id->str);
    if (g_hash_table_contains(ps->po->entries, key)) {
        parse_error(ps, pe->line, "'%s' is translated twice", pe->id->str);
        g_free(key);
        pending_reset(pe);
        return;
    }
    e = g_new0(struct entry, 1);
    e->plural = pe->id_plural != NULL;
    e->forms = g_new0(char *, pe->forms->len + 1);
    for (guint i = 0; i < pe->forms->len; i++) {
        e->forms[i] = g_strdup(((GString *)g_ptr_array_index(pe->forms, i))->str);
    }
    g_hash_table_insert(ps->po->entries, key, e);
    pending_reset(pe);
}

static void
free_gstring(gpointer s)
{
    if (s != NULL) {
        g_string_free(s, TRUE);
    }
}

/* Handles a keyword line; returns FALSE when the line is not one. */
static gboolean
keyword_line(struct parser *ps, struct pending *pe, const char *l)
{
    if (g_str_has_prefix(l, "msgctxt ") || g_str_has_prefix(l, "msgctxt\t")) {
        if (pe->line != 0) {
            finish_entry(ps, pe);
        }
        pe->has_ctxt = TRUE;
        pe->cur = pe->ctxt;
        unquote(ps, l + 7, pe->cur);
        return TRUE;
    }
    if (g_str_has_prefix(l, "msgid_plural")) {
        if (pe->line == 0) {
            parse_error(ps, ps->line, "msgid_plural without msgid");
            return TRUE;
        }
        pe->id_plural = g_string_new(NULL);
        pe->cur = pe->id_plural;
        unquote(ps, l + strlen("msgid_plural"), pe->cur);
        return TRUE;
    }
    if (g_str_has_prefix(l, "msgid")) {
        if (pe->line != 0) {
            finish_entry(ps, pe);
        }
        pe->line = ps->line;
        pe->cur = pe->id;
        unquote(ps, l + strlen("msgid"), pe->cur);
        return TRUE;
    }
    if (g_str_has_prefix(l, "msgstr[")) {
        char *end = NULL;
        guint64 i = g_ascii_strtoull(l + strlen("msgstr["), &end, 10);
        GString *s;

        if (pe->line == 0 || end == NULL || *end != ']' || i > 5) {
            parse_error(ps, ps->line, "msgstr[N] needs a msgid before it and N from 0 to 5");
            return TRUE;
        }
        if (pe->id_plural == NULL) {
            parse_error(ps, ps->line, "msgstr[%u] without msgid_plural", (guint)i);
        }
        if (pe->forms->len <= i) {
            g_ptr_array_set_size(pe->forms, (guint)i + 1);
        }
        s = g_string_new(NULL);
        g_ptr_array_index(pe->forms, i) = s;
        pe->cur = s;
        unquote(ps, end + 1, pe->cur);
        return TRUE;
    }
    if (g_str_has_prefix(l, "msgstr")) {
        GString *s;

        if (pe->line == 0) {
            parse_error(ps, ps->line, "msgstr without msgid");
            return TRUE;
        }
        if (pe->id_plural != NULL) {
            parse_error(ps, ps->line, "a plural entry takes msgstr[0], msgstr[1]...");
        }
        s = g_string_new(NULL);
        g_ptr_array_set_size(pe->forms, 0);
        g_ptr_array_add(pe->forms, s);
        pe->cur = s;
        unquote(ps, l + strlen("msgstr"), pe->cur);
        return TRUE;
    }
    return FALSE;
}

int
bl_po_parse(struct bl_po **out, const char *text, gssize len, const char *path,
            struct bl_diag *diag)
{
    struct parser ps = {0};
    struct pending pe = {0};
    char *copy = len < 0 ? g_strdup(text) : g_strndup(text, (gsize)len);
    char **lines = g_strsplit(copy, "\n", -1);
    int rc = -1;

    ps.po = g_new0(struct bl_po, 1);
    ps.po->path = g_strdup(path);
    ps.po->nplurals = 2;
    ps.po->entries = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, entry_free);
    ps.diag = diag;
    pe.ctxt = g_string_new(NULL);
    pe.id = g_string_new(NULL);
    pe.forms = g_ptr_array_new_with_free_func(free_gstring);
    for (char **lp = lines; *lp != NULL; lp++) {
        char *l = *lp;

        ps.line++;
        g_strchomp(l);
        while (*l == ' ' || *l == '\t') {
            l++;
        }
        if (ps.line == 1 && g_str_has_prefix(l, "\xEF\xBB\xBF")) {
            l += 3;
        }
        if (*l == '\0') {
            continue;
        }
        if (l[0] == '#') {
            if (l[1] == ',' && strstr(l, "fuzzy") != NULL) {
                if (pe.line != 0 || pe.has_ctxt) {
                    finish_entry(&ps, &pe);
                }
                pe.fuzzy = TRUE;
            } else if (l[1] == '~') {
                /* obsolete: its msgid lines are comments too */
            }
            continue;
        }
        if (l[0] == '"') {
            if (pe.cur == NULL) {
                parse_error(&ps, ps.line, "a string that continues no msgid or msgstr");
            } else {
                unquote(&ps, l, pe.cur);
            }
            continue;
        }
        if (!keyword_line(&ps, &pe, l)) {
            parse_error(&ps, ps.line, "unknown line '%s' (expected msgctxt, msgid, msgstr or #)",
                        l);
        }
    }
    finish_entry(&ps, &pe);
    if (ps.errors == 0) {
        *out = ps.po;
        ps.po = NULL;
        rc = 0;
    }
    bl_po_free(ps.po);
    g_string_free(pe.ctxt, TRUE);
    g_string_free(pe.id, TRUE);
    if (pe.id_plural != NULL) {
        g_string_free(pe.id_plural, TRUE);
    }
    g_ptr_array_unref(pe.forms);
    g_strfreev(lines);
    g_free(copy);
    return rc;
}

int
bl_po_load(struct bl_po **out, const char *path, struct bl_diag *diag)
{
    char *text = NULL;
    gsize len = 0;
    GError *err = NULL;
    int rc;

    if (!g_file_get_contents(path, &text, &len, &err)) {
        struct bl_loc loc = {path, 0, 0};

        bl_diag_error(diag, &loc, "cannot read the translations: %s", err->message);
        g_error_free(err);
        return -1;
    }
    rc = bl_po_parse(out, text, (gssize)len, path, diag);
    g_free(text);
    return rc;
}

const char *
bl_po_path(const struct bl_po *po)
{
    return po->path;
}

const char *
bl_po_language(const struct bl_po *po)
{
    return po->language;
}

static const struct entry *
lookup(const struct bl_po *po, const char *context, const char *msgid)
{
    char *key;
    const struct entry *e;

    if (context == NULL) {
        return g_hash_table_lookup(po->entries, msgid);
    }
    key = g_strconcat(context, "\004", msgid, NULL);
    e = g_hash_table_lookup(po->entries, key);
    g_free(key);
    return e;
}

const char *
bl_po_get(const struct bl_po *po, const char *context, const char *msgid)
{
    const struct entry *e = lookup(po, context, msgid);

    return e != NULL ? e->forms[0] : NULL;
}

const char *
bl_po_get_form(const struct bl_po *po, const char *context, const char *msgid, guint i)
{
    const struct entry *e = lookup(po, context, msgid);

    return e != NULL && i < g_strv_length(e->forms) ? e->forms[i] : NULL;
}

gboolean
bl_po_is_plural(const struct bl_po *po, const char *context, const char *msgid)
{
    const struct entry *e = lookup(po, context, msgid);

    return e != NULL && e->plural;
}

const char *
bl_po_get_plural(const struct bl_po *po, const char *context, const char *msgid, unsigned long n)
{
    const struct entry *e = lookup(po, context, msgid);
    guint i, count;

    if (e == NULL) {
        return NULL;
    }
    if (!e->plural) {
        return e->forms[0];
    }
    count = g_strv_length(e->forms);
    i = bl_po_plural_index(po, n);
    /* a form the translator left out: the last one given (msgfmt refuses such a file; the
     * forms given are still the best words there are) */
    return e->forms[i < count ? i : count - 1];
}

char *
bl_po_quote(const char *s)
{
    GString *out = g_string_new("\"");

    for (const char *p = s; *p != '\0'; p++) {
        switch (*p) {
        case '"':
            g_string_append(out, "\\\"");
            break;
        case '\\':
            g_string_append(out, "\\\\");
            break;
        case '\n':
            g_string_append(out, "\\n");
            break;
        case '\t':
            g_string_append(out, "\\t");
            break;
        default:
            g_string_append_c(out, *p);
        }
    }
    g_string_append_c(out, '"');
    return g_string_free(out, FALSE);
}

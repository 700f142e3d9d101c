/* SPDX-License-Identifier: MIT */
/* PDF artifacts: the content a page draws outside its structure marked as artifacts. */
#include "pdf_artifacts.h"

#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

/* -- the lexer (ISO 32000-1, 7.2 and 7.8.2) ---------------------------------------------------- */

enum tok_kind {
    TOK_END,     /* end of input */
    TOK_OPERAND, /* a number, a name, a string, true, false, null */
    TOK_OPEN,    /* [ or << */
    TOK_CLOSE,   /* ] or >> */
    TOK_KEYWORD, /* an operator (in a content stream), obj, R, stream... */
    TOK_ERROR,
};

struct tok {
    enum tok_kind kind;
    const guchar *start, *end;
};

/* The classes of bytes (7.2.2): 1 white space, 2 delimiter, 0 regular. */
static const guchar byte_class[256] = {
    [0] = 1,   ['\t'] = 1, ['\n'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1, ['('] = 2, [')'] = 2,
    ['<'] = 2, ['>'] = 2,  ['['] = 2,  [']'] = 2,  ['{'] = 2,  ['}'] = 2, ['/'] = 2, ['%'] = 2,
};

static gboolean
is_space(guchar c)
{
    return byte_class[c] == 1;
}

static gboolean
is_regular(guchar c)
{
    return byte_class[c] == 0;
}

/* The next token from *p (before end), *p moved past it. */
static struct tok
next_token(const guchar **p, const guchar *end)
{
    const guchar *s = *p;
    struct tok t = {TOK_ERROR, NULL, NULL};

    for (;;) {
        while (s < end && is_space(*s)) {
            s++;
        }
        if (s < end && *s == '%') {
            while (s < end && *s != '\n' && *s != '\r') {
                s++;
            }
            continue;
        }
        break;
    }
    t.start = t.end = s; /* an error's token is empty */
    if (s >= end) {
        t.kind = TOK_END;
    } else if (*s == '(') {
        int depth = 0;

        for (; s < end; s++) {
            if (*s == '\\') {
                s++;
            } else if (*s == '(') {
                depth++;
            } else if (*s == ')' && --depth == 0) {
                break;
            }
        }
        if (s >= end) {
            *p = end;
            return t; /* unterminated */
        }
        s++;
        t.kind = TOK_OPERAND;
    } else if (*s == '<' && s + 1 < end && s[1] == '<') {
        s += 2;
        t.kind = TOK_OPEN;
    } else if (*s == '>' && s + 1 < end && s[1] == '>') {
        s += 2;
        t.kind = TOK_CLOSE;
    } else if (*s == '<') {
        for (s++; s < end && *s != '>'; s++) {
            if (!g_ascii_isxdigit(*s) && !is_space(*s)) {
                *p = s;
                return t;
            }
        }
        if (s >= end) {
            *p = end;
            return t;
        }
        s++;
        t.kind = TOK_OPERAND;
    } else if (*s == '[') {
        s++;
        t.kind = TOK_OPEN;
    } else if (*s == ']') {
        s++;
        t.kind = TOK_CLOSE;
    } else if (*s == '/') {
        for (s++; s < end && is_regular(*s); s++) {
        }
        t.kind = TOK_OPERAND;
    } else if (is_regular(*s)) {
        gboolean number = TRUE;

        for (const guchar *q = s; q < end && is_regular(*q); q++) {
            number = number && (g_ascii_isdigit(*q) || *q == '.' || *q == '-' || *q == '+');
        }
        while (s < end && is_regular(*s)) {
            s++;
        }
        t.kind = number || (s - t.start == 4 && memcmp(t.start, "true", 4) == 0) ||
                         (s - t.start == 5 && memcmp(t.start, "false", 5) == 0) ||
                         (s - t.start == 4 && memcmp(t.start, "null", 4) == 0)
                     ? TOK_OPERAND
                     : TOK_KEYWORD;
    } else {
        s++; /* ) > { } out of place */
    }
    t.end = s;
    *p = s;
    return t;
}

static gboolean
tok_is(const struct tok *t, const char *word)
{
    gsize n = strlen(word);

    return (gsize)(t->end - t->start) == n && memcmp(t->start, word, n) == 0;
}

/* -- marking a content stream ------------------------------------------------------------------ */

enum op_kind { OP_STATE, OP_PAINT, OP_BT, OP_ET, OP_BEGIN_MARK, OP_END_MARK };

struct op {
    enum op_kind kind;
    gsize start, end; /* its operands' first byte, the byte after the operator */
};

static enum op_kind
op_kind(const struct tok *t)
{
    static const char *const paint[] = {"f",  "F",  "f*", "S", "s",  "B",  "B*", "b",
                                        "b*", "Tj", "TJ", "'", "\"", "Do", "sh"};

    if (tok_is(t, "BT")) {
        return OP_BT;
    }
    if (tok_is(t, "ET")) {
        return OP_ET;
    }
    if (tok_is(t, "BMC") || tok_is(t, "BDC")) {
        return OP_BEGIN_MARK;
    }
    if (tok_is(t, "EMC")) {
        return OP_END_MARK;
    }
    for (gsize i = 0; i < G_N_ELEMENTS(paint); i++) {
        if (tok_is(t, paint[i])) {
            return OP_PAINT;
        }
    }
    return OP_STATE;
}

/* The operators of a content stream; FALSE with *why when it is not one this reads. */
static gboolean
split_ops(const guchar *content, gsize len, GArray *ops, const char **why)
{
    const guchar *p = content, *end = content + len;
    const guchar *first = NULL; /* the pending operands' first byte */
    int nesting = 0;            /* arrays and dictionaries open */

    for (;;) {
        struct tok t = next_token(&p, end);

        switch (t.kind) {
        case TOK_END:
            if (first != NULL || nesting != 0) {
                *why = "the content stream ends inside an operation";
                return FALSE;
            }
            return TRUE;
        case TOK_ERROR:
            *why = "the content stream has a token it cannot read";
            return FALSE;
        case TOK_OPEN:
            nesting++;
            break;
        case TOK_CLOSE:
            if (--nesting < 0) {
                *why = "the content stream closes an array or dictionary it did not open";
                return FALSE;
            }
            break;
        case TOK_OPERAND:
            break;
        case TOK_KEYWORD: {
            struct op op;

            if (nesting != 0) {
                *why = "the content stream has an operator inside an array or dictionary";
                return FALSE;
            }
            if (tok_is(&t, "BI") || tok_is(&t, "ID") || tok_is(&t, "EI")) {
                *why = "the content stream has an inline image";
                return FALSE;
            }
            op.kind = op_kind(&t);
            op.start = (gsize)((first != NULL ? first : t.start) - content);
            op.end = (gsize)(t.end - content);
            g_array_append_val(ops, op);
            first = NULL;
            continue;
        }
        }
        if (first == NULL) {
            first = t.start;
        }
    }
}

/* Whether the text object that starts at ops[i] (BT) holds a marked-content sequence. */
static gboolean
text_has_marks(const struct op *ops, guint n, guint i)
{
    for (i++; i < n && ops[i].kind != OP_ET; i++) {
        if (ops[i].kind == OP_BEGIN_MARK) {
            return TRUE;
        }
    }
    return FALSE;
}

struct run {
    gssize first, last; /* its operators, first < 0: none */
    gboolean paints;
};

static void
end_run(struct run *r, const struct op *ops, GArray *spans)
{
    if (r->first >= 0 && r->paints) {
        gsize span[2] = {ops[r->first].start, ops[r->last].end};

        g_array_append_vals(spans, span, 2);
    }
    r->first = -1;
    r->paints = FALSE;
}

/* The byte spans [start, end) of the runs to wrap; FALSE with *why when marks and text objects
 * do not nest. */
static gboolean
find_runs(const struct op *ops, guint n, GArray *spans, const char **why)
{
    struct run r = {-1, -1, FALSE};
    int depth = 0, text_depth = -1; /* marks open; those open at the text object's BT */
    gboolean split = FALSE;         /* in a text object of depth 0 that holds marks */

    for (guint i = 0; i < n; i++) {
        switch (ops[i].kind) {
        case OP_BEGIN_MARK:
            if (depth == 0) {
                end_run(&r, ops, spans);
            }
            depth++;
            continue;
        case OP_END_MARK:
            if (depth == 0 || depth == text_depth) {
                *why = "the content stream ends a marked-content sequence it did not begin";
                return FALSE;
            }
            depth--;
            continue;
        case OP_BT:
            if (text_depth >= 0) {
                *why = "the content stream begins a text object inside another";
                return FALSE;
            }
            text_depth = depth;
            if (depth == 0 && text_has_marks(ops, n, i)) {
                end_run(&r, ops, spans);
                split = TRUE;
                continue;
            }
            break;
        case OP_ET:
            if (text_depth != depth) {
                *why = "the content stream's text objects and marked content do not nest";
                return FALSE;
            }
            text_depth = -1;
            if (split) {
                end_run(&r, ops, spans);
                split = FALSE;
                continue;
            }
            break;
        case OP_PAINT:
        case OP_STATE:
            break;
        }
        if (depth == 0) {
            if (r.first < 0) {
                r.first = i;
            }
            r.last = i;
            r.paints = r.paints || ops[i].kind == OP_PAINT;
        }
    }
    if (depth != 0 || text_depth >= 0) {
        *why = "the content stream ends inside a marked-content sequence or a text object";
        return FALSE;
    }
    end_run(&r, ops, spans);
    return TRUE;
}

GString *
bl_pdf_mark_artifacts(const guchar *content, gsize len, guint *marked, const char **why)
{
    GArray *ops = g_array_new(FALSE, FALSE, sizeof(struct op));
    GArray *spans = g_array_new(FALSE, FALSE, sizeof(gsize));
    GString *out = NULL;
    gsize at = 0;

    *why = NULL;
    *marked = 0;
    if (!split_ops(content, len, ops, why) ||
        !find_runs((const struct op *)(void *)ops->data, ops->len, spans, why)) {
        goto out;
    }
    out = g_string_sized_new(len + spans->len * 12 + 1);
    for (guint i = 0; i < spans->len; i += 2) {
        gsize start = g_array_index(spans, gsize, i), end = g_array_index(spans, gsize, i + 1);

        g_string_append_len(out, (const char *)content + at, (gssize)(start - at));
        if (start > 0 && !is_space(content[start - 1])) {
            g_string_append_c(out, '\n');
        }
        g_string_append(out, "/Artifact BMC\n");
        g_string_append_len(out, (const char *)content + start, (gssize)(end - start));
        g_string_append(out, "\nEMC");
        if (end >= len || !is_space(content[end])) {
            g_string_append_c(out, '\n');
        }
        at = end;
    }
    g_string_append_len(out, (const char *)content + at, (gssize)(len - at));
    *marked = spans->len / 2;
out:
    g_array_unref(ops);
    g_array_unref(spans);
    return out;
}

/* -- reading the file -------------------------------------------------------------------------- */

struct pdf {
    const guchar *data, *end;
    guint64 *offsets; /* by object number: its "N G obj" (0: none) */
    long size;
    GConverter *inflate, *deflate; /* made once for all the pages, reset for each */
};

/* The value of the entry key of the dictionary at *p ("<< ... >>"): its first token, *p moved
 * to the value's start; FALSE when there is no such entry or it is not a dictionary. */
static gboolean
dict_find(const guchar **p, const guchar *end, const char *key)
{
    const guchar *s = *p;
    struct tok t = next_token(&s, end);
    gsize n = strlen(key);

    if (t.kind != TOK_OPEN || !tok_is(&t, "<<")) {
        return FALSE;
    }
    for (;;) {
        int nesting = 0;

        t = next_token(&s, end);
        if (t.kind != TOK_OPERAND || *t.start != '/') {
            return FALSE; /* >>, or not a dictionary */
        }
        if ((gsize)(t.end - t.start) == n + 1 && memcmp(t.start + 1, key, n) == 0) {
            *p = s;
            return TRUE;
        }
        /* skip the value: one object, or a reference "N G R" (three tokens) */
        do {
            t = next_token(&s, end);
            if (t.kind == TOK_OPEN) {
                nesting++;
            } else if (t.kind == TOK_CLOSE) {
                nesting--;
            } else if (t.kind == TOK_END || t.kind == TOK_ERROR) {
                return FALSE;
            }
        } while (nesting > 0);
        if (t.kind == TOK_OPERAND && g_ascii_isdigit(*t.start)) {
            const guchar *q = s;
            struct tok gen = next_token(&q, end), r = next_token(&q, end);

            if (gen.kind == TOK_OPERAND && g_ascii_isdigit(*gen.start) && tok_is(&r, "R")) {
                s = q;
            }
        }
    }
}

/* The reference "N 0 R" at p: its number, or 0. */
static long
read_ref(const guchar *p, const guchar *end)
{
    struct tok num = next_token(&p, end), gen = next_token(&p, end), r = next_token(&p, end);

    if (num.kind != TOK_OPERAND || !tok_is(&gen, "0") || !tok_is(&r, "R")) {
        return 0;
    }
    return strtol((const char *)num.start, NULL, 10);
}

/* The integer at p, or -1. */
static gint64
read_int(const guchar *p, const guchar *end)
{
    struct tok t = next_token(&p, end);
    char buf[24];

    if (t.kind != TOK_OPERAND || t.end - t.start >= (gssize)sizeof(buf) ||
        !g_ascii_isdigit(*t.start)) {
        return -1;
    }
    memcpy(buf, t.start, (gsize)(t.end - t.start));
    buf[t.end - t.start] = '\0';
    return g_ascii_strtoll(buf, NULL, 10);
}

/* The body of object num (what follows "num 0 obj"), or NULL. */
static const guchar *
object_body(const struct pdf *pdf, long num)
{
    const guchar *p;
    struct tok n, g, obj;

    if (num <= 0 || num >= pdf->size || pdf->offsets[num] == 0 ||
        pdf->offsets[num] >= (guint64)(pdf->end - pdf->data)) {
        return NULL;
    }
    p = pdf->data + pdf->offsets[num];
    n = next_token(&p, pdf->end);
    g = next_token(&p, pdf->end);
    obj = next_token(&p, pdf->end);
    if (n.kind != TOK_OPERAND || strtol((const char *)n.start, NULL, 10) != num ||
        !tok_is(&g, "0") || !tok_is(&obj, "obj")) {
        return NULL;
    }
    return p;
}

const guchar *
bl_pdf_find_last(const guchar *s, gsize len, const char *word)
{
    gsize n = strlen(word);

    for (gsize i = len >= n ? len - n + 1 : 0; i-- > 0;) {
        if (memcmp(s + i, word, n) == 0) {
            return s + i;
        }
    }
    return NULL;
}

/* Reads the cross-reference table and its trailer; FALSE with *why. */
static gboolean
read_xref(struct pdf *pdf, const char **why)
{
    gsize len = (gsize)(pdf->end - pdf->data), tail = MIN(len, 1024);
    const guchar *p = bl_pdf_find_last(pdf->end - tail, tail, "startxref"), *trailer;
    guint64 xref;

    if (p == NULL) {
        *why = "no startxref";
        return FALSE;
    }
    xref = (guint64)read_int(p + 9, pdf->end);
    if (xref >= len || len - xref < 4 || memcmp(pdf->data + xref, "xref", 4) != 0) {
        *why = "no cross-reference table where startxref points (a cross-reference stream?)";
        return FALSE;
    }
    trailer = bl_pdf_find_last(pdf->data + xref, len - xref, "trailer");
    if (trailer == NULL) {
        *why = "no trailer";
        return FALSE;
    }
    p = trailer + 7;
    if (dict_find(&p, pdf->end, "Prev") || (p = trailer + 7, dict_find(&p, pdf->end, "XRefStm"))) {
        *why = "the file has been updated already";
        return FALSE;
    }
    p = trailer + 7;
    if (!dict_find(&p, pdf->end, "Size") || (pdf->size = (long)read_int(p, pdf->end)) <= 0 ||
        pdf->size > 10000000) {
        *why = "no /Size in the trailer";
        return FALSE;
    }
    pdf->offsets = g_new0(guint64, pdf->size);
    p = pdf->data + xref + 4;
    for (;;) {
        const guchar *q = p;
        struct tok first = next_token(&q, trailer), count = next_token(&q, trailer);
        gint64 f, c;

        if (first.kind == TOK_END) {
            return TRUE;
        }
        f = read_int(first.start, trailer);
        c = read_int(count.start, trailer);
        while (q < trailer && is_space(*q)) {
            q++;
        }
        if (f < 0 || c < 0 || f + c > pdf->size || (gsize)(trailer - q) < (gsize)c * 20) {
            *why = "a cross-reference subsection it cannot read";
            return FALSE;
        }
        for (gint64 i = 0; i < c; i++, q += 20) {
            if (q[17] == 'n') {
                pdf->offsets[f + i] = g_ascii_strtoull((const char *)q, NULL, 10);
            }
        }
        p = q;
    }
}

/* Inflates or deflates with conv; FALSE when the data is not what it should be. */
static gboolean
convert(GConverter *conv, const guchar *in, gsize len, GByteArray *out)
{
    GConverterResult r;

    g_converter_reset(conv);
    do {
        gsize read = 0, written = 0, room = MAX(len * 4, 4096);
        guint at = out->len;

        g_byte_array_set_size(out, at + (guint)room);
        r = g_converter_convert(conv, in, len, out->data + at, room, G_CONVERTER_INPUT_AT_END,
                                &read, &written, NULL);
        g_byte_array_set_size(out, at + (guint)written);
        in += read;
        len -= read;
        if (r == G_CONVERTER_ERROR) {
            return FALSE;
        }
    } while (r != G_CONVERTER_FINISHED);
    return TRUE;
}

/* Appends to out the page's content stream (object num), marked, as a new version of it. */
static gboolean
mark_stream(const struct pdf *pdf, long num, GString *out, guint64 base, GArray *objects,
            const char **why)
{
    const guchar *body = object_body(pdf, num), *p, *data;
    gint64 length;
    GByteArray *plain, *packed;
    GString *marked;
    guint runs;
    struct tok t;
    struct bl_pdf_object obj;

    if (body == NULL) {
        *why = "a page's content stream is not where the cross-reference table says";
        return FALSE;
    }
    p = body;
    if (!dict_find(&p, pdf->end, "Length")) {
        *why = "a content stream has no /Length";
        return FALSE;
    }
    length = read_int(p, pdf->end);
    if (read_ref(p, pdf->end) > 0) {
        const guchar *l = object_body(pdf, read_ref(p, pdf->end));

        length = l != NULL ? read_int(l, pdf->end) : -1;
    }
    p = body;
    t = (struct tok){TOK_END, NULL, NULL};
    if (dict_find(&p, pdf->end, "Filter")) {
        t = next_token(&p, pdf->end);
    }
    p = body;
    if (!tok_is(&t, "/FlateDecode") || dict_find(&p, pdf->end, "DecodeParms")) {
        *why = "a content stream is not compressed with FlateDecode alone";
        return FALSE;
    }
    /* the dictionary, then "stream" and its end of line */
    p = body;
    t = next_token(&p, pdf->end);
    for (int nesting = 1; nesting > 0 && t.kind != TOK_END && t.kind != TOK_ERROR;) {
        t = next_token(&p, pdf->end);
        nesting += t.kind == TOK_OPEN ? 1 : t.kind == TOK_CLOSE ? -1 : 0;
    }
    t = next_token(&p, pdf->end);
    if (!tok_is(&t, "stream") || length < 0) {
        *why = "a content stream it cannot read";
        return FALSE;
    }
    data = t.end + (t.end < pdf->end && *t.end == '\r' ? 1 : 0);
    data += data < pdf->end && *data == '\n' ? 1 : 0;
    if ((guint64)(pdf->end - data) < (guint64)length + 9) {
        *why = "a content stream's /Length runs past the file";
        return FALSE;
    }
    p = data + length;
    t = next_token(&p, pdf->end);
    if (!tok_is(&t, "endstream")) {
        *why = "a content stream's /Length does not end at endstream";
        return FALSE;
    }
    plain = g_byte_array_new();
    if (!convert(pdf->inflate, data, (gsize)length, plain)) {
        *why = "a content stream does not inflate";
        g_byte_array_unref(plain);
        return FALSE;
    }
    marked = bl_pdf_mark_artifacts(plain->data, plain->len, &runs, why);
    g_byte_array_unref(plain);
    if (marked == NULL) {
        return FALSE;
    }
    packed = g_byte_array_new();
    convert(pdf->deflate, (const guchar *)marked->str, marked->len, packed); /* never fails */
    g_string_free(marked, TRUE);
    obj.num = num;
    obj.offset = base + out->len;
    g_array_append_val(objects, obj);
    g_string_append_printf(out, "%ld 0 obj\n<< /Length %u\n   /Filter /FlateDecode\n>>\nstream\n",
                           num, packed->len);
    g_string_append_len(out, (const char *)packed->data, packed->len);
    g_string_append(out, "\nendstream\nendobj\n");
    g_byte_array_unref(packed);
    return TRUE;
}

int
bl_pdf_mark_pages(const guchar *data, gsize len, GString *out, GArray *objects, const char **why)
{
    struct pdf pdf = {data, data + len, NULL, 0, NULL, NULL};
    gsize out_len = out->len;
    guint objects_len = objects->len;
    int left = 0;

    *why = NULL;
    if (!read_xref(&pdf, why)) {
        g_free(pdf.offsets);
        return -1;
    }
    if (out->len == 0 && len > 0 && data[len - 1] != '\n' && data[len - 1] != '\r') {
        g_string_append_c(out, '\n');
    }
    for (long num = 1; num < pdf.size; num++) {
        const guchar *body = object_body(&pdf, num), *p = body;
        const char *page_why = NULL;
        struct tok type;
        long contents;

        if (body == NULL || !dict_find(&p, pdf.end, "Type") ||
            (type = next_token(&p, pdf.end), !tok_is(&type, "/Page"))) {
            continue;
        }
        p = body;
        contents = dict_find(&p, pdf.end, "Contents") ? read_ref(p, pdf.end) : 0;
        if (pdf.inflate == NULL) {
            pdf.inflate = G_CONVERTER(g_zlib_decompressor_new(G_ZLIB_COMPRESSOR_FORMAT_ZLIB));
            /* the fastest level: a letter's streams take 0.9 ms, not 1.7 at the default, for
             * a fifth more bytes */
            pdf.deflate = G_CONVERTER(g_zlib_compressor_new(G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 1));
        }
        if (contents <= 0) {
            page_why = "a page's /Contents is not one stream";
        } else if (!mark_stream(&pdf, contents, out, len, objects, &page_why)) {
            page_why = page_why != NULL ? page_why : "a content stream it cannot mark";
        }
        if (page_why != NULL) {
            *why = *why != NULL ? *why : page_why;
            left++;
        }
    }
    if (objects->len == objects_len) {
        g_string_truncate(out, out_len); /* nothing written: no line of its own needed */
    }
    g_free(pdf.offsets);
    if (pdf.inflate != NULL) {
        g_object_unref(pdf.inflate);
        g_object_unref(pdf.deflate);
    }
    return left;
}

/* SPDX-License-Identifier: MIT */
/* Preview's comparison of two drafts: both letters are cut into words, the words diffed
 * (worddiff.c), and the changes written out twice: as lines with the words around them for the
 * terminal, and as a redline letter to print. */
#include "preview_compare.h"

#include <string.h>

#include "text.h"
#include "worddiff.h"

/* The tokens below MARKS are the letters' structure, not words. */
enum { END_PARA, END_LINE, PAGE_BREAK, MARKS };

#define CONTEXT        4 /* words shown on each side of a change */
#define REMOVED_COLOUR "#B3261E"
#define ADDED_COLOUR   "#1B6E3A"

/* A letter cut into tokens. */
struct words {
    const struct bl_letter *letter;
    GArray *ids;     /* guint: each token, interned */
    GPtrArray *text; /* const char *: each token's text, borrowed from the vocabulary */
    GArray *blocks;  /* guint: the block of the letter each token is from */
};

static void
token(struct words *w, guint id, const char *text, guint block)
{
    g_array_append_val(w->ids, id);
    g_ptr_array_add(w->text, (gpointer)text);
    g_array_append_val(w->blocks, block);
}

/* The number of word, the same for the same word in both letters; *text its lasting copy. */
static guint
intern(GHashTable *vocabulary, const char *word, const char **text)
{
    gpointer key, id;

    if (!g_hash_table_lookup_extended(vocabulary, word, &key, &id)) {
        key = g_strdup(word);
        id = GUINT_TO_POINTER(g_hash_table_size(vocabulary) + MARKS);
        g_hash_table_insert(vocabulary, key, id);
    }
    *text = key;
    return GPOINTER_TO_UINT(id);
}

/* Cuts the letter's blocks into words (a block's lines kept apart by END_LINE), each block that
 * has words ended by END_PARA, a page break a token of its own. */
static void
cut(struct words *w, const struct bl_letter *letter, GHashTable *vocabulary)
{
    w->letter = letter;
    w->ids = g_array_new(FALSE, FALSE, sizeof(guint));
    w->text = g_ptr_array_new();
    w->blocks = g_array_new(FALSE, FALSE, sizeof(guint));
    for (guint i = 0; i < letter->blocks->len; i++) {
        const struct bl_block *b = &g_array_index(letter->blocks, struct bl_block, i);
        gboolean any = FALSE, line_ended = FALSE;
        char *plain;
        char **lines;

        if (b->kind == BL_BLOCK_PAGE_BREAK) {
            token(w, PAGE_BREAK, "", i);
            continue;
        }
        if (b->markup == NULL) {
            continue;
        }
        plain = bl_markup_to_text(b->markup);
        lines = g_strsplit(plain, "\n", -1);
        for (char **l = lines; *l != NULL; l++) {
            char **parts = g_strsplit_set(*l, " \t\r", -1);

            for (char **p = parts; *p != NULL; p++) {
                const char *text;
                guint id;

                if (**p == '\0') {
                    continue;
                }
                if (line_ended) {
                    token(w, END_LINE, "", i);
                    line_ended = FALSE;
                }
                id = intern(vocabulary, *p, &text);
                token(w, id, text, i);
                any = TRUE;
            }
            line_ended = any;
            g_strfreev(parts);
        }
        if (any) {
            token(w, END_PARA, "", i);
        }
        g_strfreev(lines);
        g_free(plain);
    }
}

static void
words_release(struct words *w)
{
    g_array_unref(w->ids);
    g_ptr_array_unref(w->text);
    g_array_unref(w->blocks);
}

/* -- the letters' paragraphs, merged ------------------------------------------------------------
 */

struct piece {
    enum bl_edit_kind kind;
    guint id;
    const char *text;
};

/* A paragraph of the merged text: what the two letters have there, word by word. */
struct para {
    GArray *pieces; /* struct piece; a paragraph's end is one only when changed */
    int old_block;  /* the block of the old letter it is from, or -1 */
    int new_block;  /* of the new letter, or -1 */
    gboolean page;  /* a page break of the new letter, no text */
    gboolean whole; /* the whole of a block of the new letter, from its first word to its end */
    guint same, removed, added; /* words (not marks) of each kind */
    guint marks_changed;
};

static void
para_free(gpointer data)
{
    struct para *p = data;

    g_array_unref(p->pieces);
    g_free(p);
}

static struct para *
para_new(void)
{
    struct para *p = g_new0(struct para, 1);

    p->pieces = g_array_new(FALSE, FALSE, sizeof(struct piece));
    p->old_block = p->new_block = -1;
    return p;
}

/* Ends the paragraph being gathered (kept when it has anything) and starts the next. */
static struct para *
close_para(GPtrArray *paras, struct para *p)
{
    if (p->pieces->len > 0) {
        g_ptr_array_add(paras, p);
        return para_new();
    }
    return p;
}

/* The merged paragraphs of the two letters, as the edit script orders them. */
static GPtrArray *
merge(const GArray *edits, const struct words *old, const struct words *new_)
{
    GPtrArray *paras = g_ptr_array_new_with_free_func(para_free);
    struct para *p = para_new();

    for (guint r = 0; r < edits->len; r++) {
        const struct bl_edit *e = &g_array_index(edits, struct bl_edit, r);

        for (guint k = 0; k < e->len; k++) {
            const struct words *from = e->kind == BL_EDIT_ADDED ? new_ : old;
            guint at = (e->kind == BL_EDIT_ADDED ? e->b : e->a) + k;
            struct piece pc = {e->kind, g_array_index(from->ids, guint, at),
                               g_ptr_array_index(from->text, at)};

            if (pc.id == PAGE_BREAK) {
                p = close_para(paras, p);
                if (e->kind != BL_EDIT_REMOVED) {
                    p->page = TRUE;
                    p->new_block = (int)g_array_index(new_->blocks, guint, e->b + k);
                    g_ptr_array_add(paras, p);
                    p = para_new();
                }
                continue;
            }
            if (e->kind != BL_EDIT_ADDED && p->old_block < 0) {
                p->old_block = (int)g_array_index(old->blocks, guint, e->a + k);
            }
            if (e->kind != BL_EDIT_REMOVED && p->new_block < 0) {
                p->new_block = (int)g_array_index(new_->blocks, guint, e->b + k);
            }
            if (p->pieces->len == 0 && e->kind == BL_EDIT_SAME) {
                guint at_b = e->b + k;

                p->whole = at_b == 0 || g_array_index(new_->blocks, guint, at_b - 1) !=
                                            g_array_index(new_->blocks, guint, at_b);
            }
            if (pc.id == END_PARA && e->kind == BL_EDIT_SAME) {
                p = close_para(paras, p);
                continue;
            }
            if (pc.id == END_PARA) {
                p->whole = FALSE; /* the paragraph's end changed */
            }
            g_array_append_val(p->pieces, pc);
            if (pc.id < MARKS) {
                p->marks_changed += e->kind != BL_EDIT_SAME;
            } else {
                p->same += e->kind == BL_EDIT_SAME;
                p->removed += e->kind == BL_EDIT_REMOVED;
                p->added += e->kind == BL_EDIT_ADDED;
            }
            if (pc.id == END_PARA) {
                p = close_para(paras, p);
            }
        }
    }
    close_para(paras, p);
    para_free(p);
    return paras;
}

/* -- the terminal -------------------------------------------------------------------------------
 */

static const char *
shown(const struct piece *pc)
{
    return pc->id == END_LINE   ? (pc->kind == BL_EDIT_SAME ? "/" : "↵")
           : pc->id == END_PARA ? "¶"
                                : pc->text;
}

static const char *
span_open(enum bl_edit_kind kind)
{
    return kind == BL_EDIT_REMOVED ? "<span foreground=\"" REMOVED_COLOUR
                                     "\" strikethrough=\"true\">"
           : kind == BL_EDIT_ADDED ? "<span foreground=\"" ADDED_COLOUR "\" underline=\"single\">"
                                   : "";
}

/* A change told twice: as plain text for the terminal and as markup for the redline's list. */
struct change {
    char *section;  /* the heading of the section it is in, or NULL */
    gboolean whole; /* a paragraph added or removed whole */
    GString *plain;
    GString *markup;
};

static void
change_free(gpointer data)
{
    struct change *c = data;

    g_free(c->section);
    g_string_free(c->plain, TRUE);
    g_string_free(c->markup, TRUE);
    g_free(c);
}

/* Appends plain to the plain text and text to the markup, struck through or underlined as kind
 * says. */
static void
put2(struct change *c, const char *plain, const char *text, enum bl_edit_kind kind)
{
    char *escaped = g_markup_escape_text(text, -1);

    g_string_append(c->plain, plain);
    g_string_append_printf(c->markup, "%s%s%s", span_open(kind), escaped,
                           kind != BL_EDIT_SAME ? "</span>" : "");
    g_free(escaped);
}

static void
put(struct change *c, const char *text, enum bl_edit_kind kind)
{
    put2(c, text, text, kind);
}

/* A paragraph added or removed whole. */
static gboolean
whole_change(const struct para *p)
{
    return p->same == 0 && (p->removed == 0) != (p->added == 0);
}

/* The words of kind among the pieces [from, to), one space apart (a paragraph's end shown
 * unless it ends a paragraph added or removed whole). */
static void
put_words(struct change *c, const GArray *pieces, guint from, guint to, enum bl_edit_kind kind,
          gboolean whole)
{
    GString *words = g_string_new(NULL), *printed = g_string_new(NULL);

    for (guint i = from; i < to; i++) {
        const struct piece *pc = &g_array_index(pieces, struct piece, i);

        if (pc->kind == kind && !(whole && pc->id == END_PARA)) {
            const char *sep = words->len > 0 ? " " : "";

            g_string_append_printf(words, "%s%s", sep, shown(pc));
            /* the letter's fonts have a pilcrow, not the terminal's arrows */
            g_string_append_printf(printed, "%s%s", sep, pc->id < MARKS ? "¶" : pc->text);
        }
    }
    put2(c, words->str, printed->str, kind);
    g_string_free(words, TRUE);
    g_string_free(printed, TRUE);
}

/* The changed pieces [from, to): "old → new", "[old words → new words]", "[-removed-]" or
 * "{+added+}" in the terminal; in the markup the brackets are left to the colours. */
static void
put_change(struct change *c, const GArray *pieces, guint from, guint to)
{
    guint removed = 0, added = 0;

    for (guint i = from; i < to; i++) {
        const struct piece *pc = &g_array_index(pieces, struct piece, i);

        removed += pc->kind == BL_EDIT_REMOVED;
        added += pc->kind == BL_EDIT_ADDED;
    }
    if (removed > 0 && added > 0) {
        gboolean one = removed == 1 && added == 1;

        g_string_append(c->plain, one ? "" : "[");
        put_words(c, pieces, from, to, BL_EDIT_REMOVED, FALSE);
        put2(c, " → ", " ", BL_EDIT_SAME); /* the colours tell old from new */
        put_words(c, pieces, from, to, BL_EDIT_ADDED, FALSE);
        g_string_append(c->plain, one ? "" : "]");
    } else if (removed > 0) {
        g_string_append(c->plain, "[-");
        put_words(c, pieces, from, to, BL_EDIT_REMOVED, FALSE);
        g_string_append(c->plain, "-]");
    } else {
        g_string_append(c->plain, "{+");
        put_words(c, pieces, from, to, BL_EDIT_ADDED, FALSE);
        g_string_append(c->plain, "+}");
    }
}

static gboolean
changed(const GArray *pieces, guint i)
{
    return g_array_index(pieces, struct piece, i).kind != BL_EDIT_SAME;
}

static struct change *
change_new(GPtrArray *changes, const char *section)
{
    struct change *c = g_new0(struct change, 1);

    c->section = g_strdup(section);
    c->plain = g_string_new(NULL);
    c->markup = g_string_new(NULL);
    g_ptr_array_add(changes, c);
    return c;
}

/* One change for each group of changed words of a paragraph, with CONTEXT words around it;
 * changes fewer than 2 * CONTEXT words apart are one. */
static void
paragraph_changes(GPtrArray *changes, const struct para *p, const char *section)
{
    const GArray *pcs = p->pieces;
    guint n = pcs->len, i = 0;

    while (i < n) {
        struct change *c;
        guint start, end, from, to;

        while (i < n && !changed(pcs, i)) {
            i++;
        }
        if (i == n) {
            break;
        }
        start = end = i;
        for (;;) {
            guint next;

            while (end < n && changed(pcs, end)) {
                end++;
            }
            next = end;
            while (next < n && !changed(pcs, next)) {
                next++;
            }
            if (next == n || next - end > 2 * CONTEXT) {
                break;
            }
            end = next;
        }
        from = start > CONTEXT ? start - CONTEXT : 0;
        to = MIN(n, end + CONTEXT);
        c = change_new(changes, section);
        put(c, from > 0 ? "…" : "", BL_EDIT_SAME);
        for (guint k = from; k < to;) {
            if (k > from) {
                put(c, " ", BL_EDIT_SAME);
            }
            if (changed(pcs, k)) {
                guint stop = k;

                while (stop < to && changed(pcs, stop)) {
                    stop++;
                }
                put_change(c, pcs, k, stop);
                k = stop;
            } else {
                const struct piece *pc = &g_array_index(pcs, struct piece, k);

                put2(c, shown(pc), pc->id == END_LINE ? "/" : shown(pc), BL_EDIT_SAME);
                k++;
            }
        }
        put(c, to < n ? "…" : "", BL_EDIT_SAME);
        i = end;
    }
}

/* The heading of the section block is in (the nearest title or heading before it), as text;
 * NULL at the top of the letter. Free with g_free(). */
static char *
section_of(const struct bl_letter *letter, int block)
{
    for (int i = block - 1; i >= 0; i--) {
        const struct bl_block *b = &g_array_index(letter->blocks, struct bl_block, i);

        if ((b->kind == BL_BLOCK_TITLE || b->kind == BL_BLOCK_HEADING ||
             b->kind == BL_BLOCK_SUBHEADING) &&
            b->markup != NULL) {
            char *text = bl_markup_to_text(b->markup);
            char *squeezed = bl_text_squeeze(text);

            g_free(text);
            return squeezed;
        }
    }
    return NULL;
}

/* Every change of the merged paragraphs, in order. */
static GPtrArray *
changes_of(const GPtrArray *paras, const struct bl_letter *old, const struct bl_letter *new_)
{
    GPtrArray *changes = g_ptr_array_new_with_free_func(change_free);

    for (guint i = 0; i < paras->len; i++) {
        const struct para *p = g_ptr_array_index(paras, i);
        char *section;

        if (p->page || (p->removed == 0 && p->added == 0 && p->marks_changed == 0)) {
            continue;
        }
        section =
            p->new_block >= 0 ? section_of(new_, p->new_block) : section_of(old, p->old_block);
        if (whole_change(p)) {
            struct change *c = change_new(changes, section);
            enum bl_edit_kind kind = p->added > 0 ? BL_EDIT_ADDED : BL_EDIT_REMOVED;

            c->whole = TRUE;
            g_string_append(c->plain, kind == BL_EDIT_ADDED ? "+ " : "- ");
            g_string_append(c->markup, kind == BL_EDIT_ADDED ? "Added: " : "Removed: ");
            put_words(c, p->pieces, 0, p->pieces->len, kind, TRUE);
        } else {
            paragraph_changes(changes, p, section);
        }
        g_free(section);
    }
    return changes;
}

/* The changes for the terminal, under the heading of their section. */
static void
show_terminal(GString *out, const GPtrArray *changes)
{
    for (guint i = 0; i < changes->len; i++) {
        const struct change *c = g_ptr_array_index(changes, i);
        const struct change *prev = i > 0 ? g_ptr_array_index(changes, i - 1) : NULL;

        if (prev == NULL || g_strcmp0(prev->section, c->section) != 0) {
            g_string_append_printf(out, "@@ %s\n",
                                   c->section != NULL ? c->section : "(the top of the letter)");
        }
        /* a paragraph added or removed whole starts with + or -, a change is indented */
        g_string_append_printf(out, "%s%s\n", c->whole ? "" : "  ", c->plain->str);
    }
    if (changes->len == 0) {
        g_string_append(out, "(the wording of the letter is the same)\n");
    }
}

/* -- the redline --------------------------------------------------------------------------------
 */

static enum bl_block_kind
redline_kind(enum bl_block_kind kind)
{
    switch (kind) {
    case BL_BLOCK_TITLE:
    case BL_BLOCK_HEADING:
    case BL_BLOCK_SUBHEADING:
    case BL_BLOCK_PARA:
    case BL_BLOCK_ITEM:
    case BL_BLOCK_SIGNATURE:
        return kind;
    default:
        return BL_BLOCK_PARA; /* a kind of its own (a box, columns) as a plain paragraph */
    }
}

/* The paragraph as Pango markup: removed words struck through in red, added words underlined
 * in green, a line end kept as a line end. */
static char *
redline_markup(const struct para *p)
{
    GString *m = g_string_new(NULL);
    enum bl_edit_kind open = BL_EDIT_SAME;

    for (guint i = 0; i < p->pieces->len; i++) {
        const struct piece *pc = &g_array_index(p->pieces, struct piece, i);
        const struct piece *prev = i > 0 ? pc - 1 : NULL;

        if (pc->id == END_PARA && whole_change(p)) {
            continue; /* the end of a paragraph added or removed whole */
        }
        gboolean space = prev != NULL && !(prev->id == END_LINE && prev->kind != BL_EDIT_REMOVED);

        if (pc->kind != open) {
            g_string_append(m, open != BL_EDIT_SAME ? "</span>" : "");
            g_string_append(m, space ? " " : "");
            g_string_append(m, span_open(pc->kind));
            open = pc->kind;
        } else if (space) {
            g_string_append_c(m, ' ');
        }
        if (pc->id == END_LINE) {
            g_string_append(m, pc->kind == BL_EDIT_SAME    ? "\n"
                               : pc->kind == BL_EDIT_ADDED ? "¶\n"
                                                           : "¶");
        } else if (pc->id == END_PARA) {
            g_string_append(m, "¶");
        } else {
            char *escaped = g_markup_escape_text(pc->text, -1);

            g_string_append(m, escaped);
            g_free(escaped);
        }
    }
    g_string_append(m, open != BL_EDIT_SAME ? "</span>" : "");
    return g_string_free(m, FALSE);
}

static void
add_block(struct bl_letter *letter, enum bl_block_kind kind, char *markup_take,
          const struct bl_block *like)
{
    struct bl_block b = {.kind = kind,
                         .markup = markup_take,
                         .align = like != NULL ? like->align : BL_ALIGN_LEFT,
                         .keep_with_next =
                             like != NULL ? like->keep_with_next : kind != BL_BLOCK_PARA,
                         .personal = TRUE};

    g_array_append_val(letter->blocks, b);
}

static void
bind_redline(struct bl_letter *r, const GPtrArray *paras, const GPtrArray *changes,
             const struct bl_letter *old, const struct bl_letter *new_, const char *old_name,
             const char *new_name)
{
    bl_letter_release(r);
    bl_letter_init(r);
    r->notice = TRUE;
    r->font_size = new_->font_size;
    r->date = new_->date;
    r->title = g_strdup_printf("Redline: %s", new_->title != NULL ? new_->title : "letter");
    r->author = g_strdup(new_->author);
    /* words, not an arrow: the letter's own faces have no arrow, and another face would be
     * embedded in every redline for one character */
    r->running_header = g_markup_printf_escaped("Redline: %s to %s", old_name, new_name);
    r->label = g_strdup("REDLINE — NOT FOR MAILING");
    add_block(r, BL_BLOCK_TITLE, g_strdup("Redline"), NULL);
    add_block(r, BL_BLOCK_PARA,
              g_markup_printf_escaped("From <b>%s</b> to <b>%s</b>: %u change%s in the wording "
                                      "of the letter.",
                                      old_name, new_name, changes->len,
                                      changes->len == 1 ? "" : "s"),
              NULL);
    add_block(r, BL_BLOCK_PARA,
              g_strdup_printf("Words removed are %sstruck through in red</span>; words added "
                              "are %sunderlined in green</span>. The changes, with the words "
                              "around them, are listed first; the whole letter follows.",
                              span_open(BL_EDIT_REMOVED), span_open(BL_EDIT_ADDED)),
              NULL);
    for (guint i = 0; i < changes->len; i++) {
        const struct change *c = g_ptr_array_index(changes, i);
        const struct change *prev = i > 0 ? g_ptr_array_index(changes, i - 1) : NULL;

        if (prev == NULL || g_strcmp0(prev->section, c->section) != 0) {
            add_block(
                r, BL_BLOCK_SUBHEADING,
                g_markup_escape_text(c->section != NULL ? c->section : "The top of the letter", -1),
                NULL);
        }
        add_block(r, BL_BLOCK_ITEM, g_strdup(c->markup->str), NULL);
    }
    if (changes->len == 0) {
        add_block(r, BL_BLOCK_PARA, g_strdup("The wording of the letter is the same."), NULL);
    }
    add_block(r, BL_BLOCK_PAGE_BREAK, NULL, NULL);
    for (guint i = 0; i < paras->len; i++) {
        const struct para *p = g_ptr_array_index(paras, i);
        const struct bl_letter *from = p->new_block >= 0 ? new_ : old;
        const struct bl_block *like =
            &g_array_index(from->blocks, struct bl_block,
                           (guint)(p->new_block >= 0 ? p->new_block : p->old_block));

        if (p->page) {
            add_block(r, BL_BLOCK_PAGE_BREAK, NULL, NULL);
        } else if (p->whole && p->removed == 0 && p->added == 0 && p->marks_changed == 0) {
            /* a paragraph that did not change keeps its own markup (bold, links) */
            add_block(r, redline_kind(like->kind), g_strdup(like->markup), like);
        } else {
            add_block(r, redline_kind(like->kind), redline_markup(p), like);
        }
    }
}

int
bl_preview_compare(GString *out, struct bl_letter *redline, const struct bl_letter *old,
                   const struct bl_letter *new_, const char *old_name, const char *new_name)
{
    GHashTable *vocabulary = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    struct words a, b;
    GArray *edits;
    GPtrArray *paras, *changes;
    int n;

    cut(&a, old, vocabulary);
    cut(&b, new_, vocabulary);
    edits = bl_diff((const guint *)(void *)a.ids->data, a.ids->len,
                    (const guint *)(void *)b.ids->data, b.ids->len);
    bl_diff_tidy(edits, (const guint *)(void *)a.ids->data, (const guint *)(void *)b.ids->data,
                 MARKS);
    paras = merge(edits, &a, &b);
    changes = changes_of(paras, old, new_);
    g_string_append_printf(out, "--- %s\n+++ %s\n", old_name, new_name);
    show_terminal(out, changes);
    bind_redline(redline, paras, changes, old, new_, old_name, new_name);
    n = (int)changes->len;
    g_ptr_array_unref(changes);
    g_ptr_array_unref(paras);
    g_array_unref(edits);
    words_release(&a);
    words_release(&b);
    g_hash_table_unref(vocabulary);
    return n;
}

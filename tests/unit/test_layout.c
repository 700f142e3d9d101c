/* SPDX-License-Identifier: MIT */
/* Unit tests of layout.c, paginate.c and address.c: pagination rules (headings with their text,
 * no orphan or widow lines, groups kept together, the closing never alone, balanced last pages,
 * page breaks), the pagination audit, the address fitted to its window, and the envelope window
 * checks. White-box: reads
 * the laid-out pages through the private page.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <string.h>

#include "address.h"
#include "bind.h"
#include "bl_test.h"
#include "fonts.h"
#include "layout.h"
#include "page.h"
#include "paginate.h"

static int
setup(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_fonts *fonts = NULL;
    int rc = bl_fonts_load(&fonts, BL_DATADIR "/fonts", diag);

    if (rc == 0) {
        rc = bl_address_load_abbreviations(fonts, BL_DATADIR "/templates/address-abbreviations.xml",
                                           diag);
    }

    bl_diag_free(diag);
    *state = fonts;
    return rc;
}

static int
teardown(void **state)
{
    bl_fonts_free(*state);
    return 0;
}

static void
add(struct bl_letter *letter, enum bl_block_kind kind, const char *markup, gboolean keep, int group)
{
    struct bl_block b = {.kind = kind,
                         .markup = g_strdup(markup),
                         .keep_with_next = keep,
                         .group = group,
                         .personal = TRUE};

    g_array_append_val(letter->blocks, b);
}

static void
letter_with_address(struct bl_letter *letter)
{
    bl_letter_init(letter);
    letter->font_size = 11;
    letter->author = g_strdup("Acme");
    g_ptr_array_add(letter->address_lines, g_strdup("Zoë O&apos;Connor"));
    g_ptr_array_add(letter->address_lines, g_strdup("12 Palm Way"));
    g_ptr_array_add(letter->return_lines, g_strdup("Acme"));
}

static char *
words(int n)
{
    GString *s = g_string_new(NULL);

    for (int i = 0; i < n; i++) {
        g_string_append_printf(s, "%sword%d", i > 0 ? " " : "", i);
    }
    return g_string_free(s, FALSE);
}

/* Fails when the audit finds anything in doc, with the first finding and where every run of
 * lines went. */
static void
assert_audit_clean(const struct bl_doc *doc, const char *what, int n)
{
    GArray *findings = bl_doc_audit(doc);

    if (findings->len > 0) {
        char *text =
            bl_audit_finding_text(doc, &g_array_index(findings, struct bl_audit_finding, 0));

        for (guint p = 0; p < doc->pages->len; p++) {
            GArray *runs = g_ptr_array_index(doc->pages, p);

            for (guint i = 0; i < runs->len; i++) {
                const struct placed *r = &g_array_index(runs, struct placed, i);
                const struct box *b = g_ptr_array_index(doc->boxes, r->box);

                print_message("page %u: block %u, lines %d-%d of %d at y %.1f\n", p + 1, r->box,
                              r->first + 1, r->first + r->count, b->n_lines, r->y);
            }
        }
        fail_msg("%s %d: %u findings, the first: %s", what, n, findings->len, text);
    }
    g_array_unref(findings);
}

/* Where block i's lines went: the page of its first and last line and how many lines each
 * run holds. */
struct where {
    int first_page, last_page;
    int first_count, last_count;
};

static struct where
find(const struct bl_doc *doc, guint block)
{
    struct where w = {-1, -1, 0, 0};

    for (guint p = 0; p < doc->pages->len; p++) {
        GArray *runs = g_ptr_array_index(doc->pages, p);

        for (guint i = 0; i < runs->len; i++) {
            const struct placed *r = &g_array_index(runs, struct placed, i);

            if (r->box != block) {
                continue;
            }
            if (w.first_page < 0) {
                w.first_page = (int)p;
                w.first_count = r->count;
            }
            w.last_page = (int)p;
            w.last_count = r->count;
        }
    }
    return w;
}

static void
test_long_letter_flows_without_orphans_or_widows(void **state)
{
    struct bl_letter letter;
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_doc *doc = NULL;
    char *para = words(120);

    letter_with_address(&letter);
    for (int i = 0; i < 30; i++) {
        add(&letter, BL_BLOCK_HEADING, "Heading", TRUE, 0);
        add(&letter, BL_BLOCK_PARA, para, FALSE, 0);
    }
    assert_int_equal(bl_layout(&doc, &letter, *state, diag), 0);
    assert_true(bl_doc_page_count(doc) >= 5);
    for (guint i = 0; i < letter.blocks->len; i++) {
        struct where w = find(doc, i);
        const struct bl_block *b = &g_array_index(letter.blocks, struct bl_block, i);

        assert_true(w.first_page >= 0); /* every block is placed */
        if (b->kind == BL_BLOCK_HEADING) {
            struct where next = find(doc, i + 1);

            assert_int_equal(w.first_page, w.last_page);
            /* the heading and at least two lines of its paragraph share a page */
            assert_int_equal(next.first_page, w.last_page);
            assert_true(next.first_count >= 2);
        } else if (w.first_page != w.last_page) {
            assert_true(w.first_count >= 2);
            assert_true(w.last_count >= 2);
        }
    }
    /* no run leaves the body area */
    for (guint p = 0; p < doc->pages->len; p++) {
        GArray *runs = g_ptr_array_index(doc->pages, p);

        for (guint i = 0; i < runs->len; i++) {
            const struct placed *r = &g_array_index(runs, struct placed, i);
            const struct box *box = g_ptr_array_index(doc->boxes, r->box);
            double bottom = r->y + box->bottom[r->first + r->count - 1] - box->top[r->first];

            assert_true(r->y >= (p == 0 ? BL_BODY_TOP_FIRST : BL_BODY_TOP) - 0.01);
            assert_true(bottom <= BL_BODY_BOTTOM + 0.01);
        }
    }
    bl_doc_free(doc);
    bl_letter_release(&letter);
    bl_diag_free(diag);
    g_free(para);
}

static void
test_group_moves_whole_and_page_break_starts_page(void **state)
{
    struct bl_letter letter;
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_doc *doc = NULL;
    char *para = words(60);
    guint group_start;

    letter_with_address(&letter);
    for (int i = 0; i < 7; i++) {
        add(&letter, BL_BLOCK_PARA, para, FALSE, 0);
    }
    group_start = letter.blocks->len;
    add(&letter, BL_BLOCK_PARA, "We apologize.", FALSE, 1);
    add(&letter, BL_BLOCK_SIGNATURE, "Sincerely,\nPat Lee\nPrivacy Officer\nAcme", FALSE, 1);
    add(&letter, BL_BLOCK_PAGE_BREAK, NULL, FALSE, 0);
    add(&letter, BL_BLOCK_HEADING, "Steps", TRUE, 0);
    add(&letter, BL_BLOCK_PARA, "Do this.", FALSE, 0);
    assert_int_equal(bl_layout(&doc, &letter, *state, diag), 0);
    assert_int_equal(find(doc, group_start).first_page, find(doc, group_start + 1).first_page);
    assert_int_equal(find(doc, group_start + 1).first_page, find(doc, group_start + 1).last_page);
    assert_int_equal(find(doc, group_start + 3).first_page,
                     find(doc, group_start + 1).last_page + 1);
    assert_int_equal(bl_doc_page_count(doc), find(doc, group_start + 4).last_page + 1);
    bl_doc_free(doc);
    bl_letter_release(&letter);
    bl_diag_free(diag);
    g_free(para);
}

/* A heading followed by a group (a sentence and an address kept together) is never left at the
 * foot of a page while its group goes to the next: however much text comes before, the heading
 * and the start of its group share a page, and the audit finds nothing. */
static void
test_heading_stays_with_the_group_after_it(void **state)
{
    int moved = 0;

    for (int n = 0; n < 60; n++) {
        struct bl_letter letter;
        struct bl_diag *diag = bl_diag_new(NULL);
        struct bl_doc *doc = NULL;
        char *para = words(40 + 9 * n);
        guint heading;

        letter_with_address(&letter);
        add(&letter, BL_BLOCK_PARA, para, FALSE, 0);
        add(&letter, BL_BLOCK_PARA, para, FALSE, 0);
        heading = letter.blocks->len;
        add(&letter, BL_BLOCK_SUBHEADING, "Your rights under the Fair Credit Reporting Act", TRUE,
            0);
        add(&letter, BL_BLOCK_PARA,
            "The federal Fair Credit Reporting Act gives you rights, including the right to know "
            "what is in your credit file, the right to dispute information that is incomplete or "
            "wrong, and the right to have wrong information corrected or removed. To learn more, "
            "visit the bureau's website or write to:",
            FALSE, 7);
        add(&letter, BL_BLOCK_PARA,
            "Consumer Financial Protection Bureau\n1700 G Street NW\nWashington, DC 20552", FALSE,
            7);
        add(&letter, BL_BLOCK_PARA, para, FALSE, 0);
        assert_int_equal(bl_layout(&doc, &letter, *state, diag), 0);
        assert_int_equal(find(doc, heading).last_page, find(doc, heading + 1).first_page);
        assert_int_equal(find(doc, heading + 1).first_page, find(doc, heading + 2).last_page);
        moved += find(doc, heading).first_page > find(doc, heading - 1).last_page;
        assert_audit_clean(doc, "filler words", 40 + 9 * n);
        bl_doc_free(doc);
        bl_letter_release(&letter);
        bl_diag_free(diag);
        g_free(para);
    }
    assert_true(moved > 0); /* some of the letters had to take the heading to the next page */
}

/* Adds a closing like the template's: a paragraph with the address, the apology and the
 * signature, kept together. */
static void
add_closing(struct bl_letter *letter, int group)
{
    add(letter, BL_BLOCK_PARA,
        "You can also write to us at:\nAcme\n1 Harbor Plaza\nTampa, FL 33602", FALSE, group);
    add(letter, BL_BLOCK_PARA, "We sincerely apologize for this incident.", FALSE, group);
    add(letter, BL_BLOCK_SIGNATURE, "Sincerely,\nPat Lee\nPrivacy Officer\nAcme", FALSE, group);
}

/* Whether the page of block i holds a block that is not part of the closing. */
static gboolean
page_has_more_than_closing(const struct bl_doc *doc, int page)
{
    GArray *runs = g_ptr_array_index(doc->pages, (guint)page);

    for (guint i = 0; i < runs->len; i++) {
        guint box = g_array_index(runs, struct placed, i).box;

        if (!g_array_index(doc->flows, struct flow, box).closing) {
            return TRUE;
        }
    }
    return FALSE;
}

/* However long the letter before it, the closing never stands alone on a page: lines of the text
 * before it come over with it, and the last page of the letter and of its attachment is never
 * nearly empty; with or without a group around the closing. */
static void
test_closing_never_alone_and_last_pages_balanced(void **state)
{
    int pulled = 0;

    for (int n = 0; n < 90; n++) {
        struct bl_letter letter;
        struct bl_diag *diag = bl_diag_new(NULL);
        struct bl_doc *doc = NULL;
        char *para = words(60 + 7 * n);
        char *steps = words(100 + 13 * n);
        guint signature;
        struct where w;

        letter_with_address(&letter);
        for (int i = 0; i < 4; i++) {
            add(&letter, BL_BLOCK_HEADING, "What Happened", TRUE, 0);
            add(&letter, BL_BLOCK_PARA, para, FALSE, 0);
        }
        add_closing(&letter, n % 2 == 0 ? 3 : 0);
        signature = letter.blocks->len - 1;
        add(&letter, BL_BLOCK_PAGE_BREAK, NULL, FALSE, 0);
        add(&letter, BL_BLOCK_TITLE, "Steps You Can Take", TRUE, 0);
        for (int i = 0; i < 5; i++) {
            add(&letter, BL_BLOCK_PARA, steps, FALSE, 0);
        }
        assert_int_equal(bl_layout(&doc, &letter, *state, diag), 0);
        w = find(doc, signature);
        assert_int_equal(w.first_page, w.last_page);
        assert_true(page_has_more_than_closing(doc, w.first_page));
        pulled += find(doc, signature - 3).last_page == w.first_page &&
                  find(doc, signature - 3).first_page < w.first_page;
        assert_audit_clean(doc, "filler words", 60 + 7 * n);
        bl_doc_free(doc);
        bl_letter_release(&letter);
        bl_diag_free(diag);
        g_free(para);
        g_free(steps);
    }
    assert_true(pulled > 0); /* some closings took the end of a paragraph over with them */
}

/* Moves the runs of page `page` from run `from` on to a new page after it, and stacks the runs
 * of both pages from the top of their text area again. */
static void
move_runs(struct bl_doc *doc, guint page, guint from)
{
    GArray *runs = g_ptr_array_index(doc->pages, page);
    GArray *next = g_array_new(FALSE, FALSE, sizeof(struct placed));

    g_array_append_vals(next, &g_array_index(runs, struct placed, from), runs->len - from);
    g_array_set_size(runs, from);
    g_ptr_array_insert(doc->pages, (gint)page + 1, next);
    for (guint p = page; p <= page + 1; p++) {
        GArray *r = g_ptr_array_index(doc->pages, p);
        double y = p == 0 ? BL_BODY_TOP_FIRST : BL_BODY_TOP;

        for (guint i = 0; i < r->len; i++) {
            struct placed *run = &g_array_index(r, struct placed, i);
            const struct box *box = g_ptr_array_index(doc->boxes, run->box);

            y += i > 0 ? box->space_before : 0;
            run->y = y;
            y += box->bottom[run->first + run->count - 1] - box->top[run->first];
        }
    }
}

/* Splits run `run` of page `page` after `count` lines (the rest becomes the next run). */
static void
split_run(struct bl_doc *doc, guint page, guint run, int count)
{
    GArray *runs = g_ptr_array_index(doc->pages, page);
    struct placed rest = g_array_index(runs, struct placed, run);

    g_array_index(runs, struct placed, run).count = count;
    rest.first += count;
    rest.count -= count;
    g_array_insert_val(runs, run + 1, rest);
}

static gboolean
has_finding(const GArray *findings, enum bl_audit_kind kind, int page)
{
    for (guint i = 0; i < findings->len; i++) {
        const struct bl_audit_finding *f = &g_array_index(findings, struct bl_audit_finding, i);

        if (f->kind == kind && f->page == page) {
            return TRUE;
        }
    }
    return FALSE;
}

/* A letter of one page, a heading, a paragraph of 8 lines or more, another and the closing, whose
 * pages each case then spoils by hand. */
static struct bl_doc *
one_page_letter(const struct bl_fonts *fonts, struct bl_letter *letter)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_doc *doc = NULL;
    char *para = words(110);

    letter_with_address(letter);
    add(letter, BL_BLOCK_HEADING, "What Happened", TRUE, 0);
    add(letter, BL_BLOCK_PARA, para, FALSE, 0);
    add(letter, BL_BLOCK_PARA, "Dear Zoë O&apos;Connor, this is yours alone.", FALSE, 0);
    add_closing(letter, 2);
    for (guint i = 0; i < letter->blocks->len; i++) {
        g_array_index(letter->blocks, struct bl_block, i).personal = i == 2;
    }
    assert_int_equal(bl_layout(&doc, letter, fonts, diag), 0);
    assert_int_equal(bl_doc_page_count(doc), 1);
    assert_true(((struct box *)g_ptr_array_index(doc->boxes, 1))->n_lines >= 8);
    assert_audit_clean(doc, "one page letter", 1);
    bl_diag_free(diag);
    g_free(para);
    return doc;
}

/* The audit finds each fault a page can have, on the page where it is, and says what it is
 * without quoting the recipient's own text. */
static void
test_audit_finds_each_fault(void **state)
{
    struct bl_letter letter;
    struct bl_doc *doc;
    GArray *f;
    char *text;

    /* the heading alone at the foot of page 1 */
    doc = one_page_letter(*state, &letter);
    move_runs(doc, 0, 1);
    f = bl_doc_audit(doc);
    assert_true(has_finding(f, BL_AUDIT_STRANDED_HEADING, 1));
    assert_true(has_finding(f, BL_AUDIT_UNDERFILLED, 1));
    text = bl_audit_finding_text(doc, &g_array_index(f, struct bl_audit_finding, 0));
    assert_string_equal(text, "page 1: the heading 'What Happened' ends the page without its text");
    g_free(text);
    g_array_unref(f);
    bl_doc_free(doc);
    bl_letter_release(&letter);

    /* the paragraph's first line alone at the foot of page 1, then its last line alone at the
     * head of page 2 */
    doc = one_page_letter(*state, &letter);
    split_run(doc, 0, 1, 1);
    move_runs(doc, 0, 2);
    f = bl_doc_audit(doc);
    assert_true(has_finding(f, BL_AUDIT_ORPHAN, 1));
    assert_false(has_finding(f, BL_AUDIT_WIDOW, 2));
    g_array_unref(f);
    bl_doc_free(doc);
    bl_letter_release(&letter);
    doc = one_page_letter(*state, &letter);
    split_run(doc, 0, 1, ((struct box *)g_ptr_array_index(doc->boxes, 1))->n_lines - 1);
    move_runs(doc, 0, 2);
    f = bl_doc_audit(doc);
    assert_true(has_finding(f, BL_AUDIT_WIDOW, 2));
    assert_false(has_finding(f, BL_AUDIT_ORPHAN, 1));
    text = bl_audit_finding_text(doc, &g_array_index(f, struct bl_audit_finding, f->len - 1));
    assert_string_equal(text, "page 2: the last line of 'word0 word1 word2 word3 word4 word5…' is "
                              "alone at the head of the page");
    g_free(text);
    g_array_unref(f);
    bl_doc_free(doc);
    bl_letter_release(&letter);

    /* the closing alone on page 2, and broken across pages 2 and 3 */
    doc = one_page_letter(*state, &letter);
    move_runs(doc, 0, 3);
    f = bl_doc_audit(doc);
    assert_true(has_finding(f, BL_AUDIT_CLOSING_ALONE, 2));
    assert_true(has_finding(f, BL_AUDIT_UNDERFILLED, 1)); /* ends the page the closing needed */
    assert_int_equal(f->len, 2);
    g_array_unref(f);
    move_runs(doc, 1, 2);
    f = bl_doc_audit(doc);
    assert_true(has_finding(f, BL_AUDIT_KEPT_APART, 2));
    g_array_unref(f);
    bl_doc_free(doc);
    bl_letter_release(&letter);

    /* the recipient's own paragraph on a page of its own: quoted as such, never by its text */
    doc = one_page_letter(*state, &letter);
    move_runs(doc, 0, 2);
    move_runs(doc, 1, 1);
    f = bl_doc_audit(doc);
    assert_true(has_finding(f, BL_AUDIT_UNDERFILLED, 2));
    for (guint i = 0; i < f->len; i++) {
        text = bl_audit_finding_text(doc, &g_array_index(f, struct bl_audit_finding, i));
        assert_null(strstr(text, "yours alone"));
        if (g_array_index(f, struct bl_audit_finding, i).page == 2) {
            assert_non_null(strstr(text, "[recipient's text]"));
        }
        g_free(text);
    }
    g_array_unref(f);
    bl_doc_free(doc);
    bl_letter_release(&letter);
}

/* The abbreviations of USPS Publication 28, applied to delivery address lines only: the street's
 * last suffix, a directional before the name or after the suffix, a unit designator followed
 * by its number, in the case of the word replaced. */
static void
test_address_abbreviations(void **state)
{
    static const char *const cases[][2] = {
        {"48 Union Park Street", "48 Union Park St"},
        {"7019 Greenwood Avenue North", "7019 Greenwood Ave N"},
        {"618 North Alvarado Street", "618 N Alvarado St"},
        {"123 North Avenue", "123 North Ave"}, /* North is the street's name */
        {"100 Example Plaza, Suite 1400", "100 Example Plz, Ste 1400"},
        {"214 Nassau Avenue Apartment 2R", "214 Nassau Ave Apt 2R"},
        {"12 Main Street Extension", "12 Main Street Ext"}, /* of two suffixes, the second */
        {"1 MAIN STREET", "1 MAIN ST"},
        {"55 Office Park Drive", "55 Office Park Dr"}, /* an office without a number */
        {"Apartment 3F", "Apt 3F"},
        {"Suite B", "Ste B"},
        {"1723 Lanier Place NW", "1723 Lanier Pl NW"},
        {"2450 SW 17th Avenue", "2450 SW 17th Ave"},
        {"41-25 Kissena Boulevard", "41-25 Kissena Blvd"},
        /* nothing to shorten, or not a delivery line: a name, a city, a country */
        {"15 Savin Hill", "15 Savin Hl"}, /* a hill is a street suffix */
        {"221 Baker", NULL},
        {"Parent or Guardian of Zoë North Street", NULL},
        {"Boston, MA 02118", NULL},
        {"Office Park Drive", NULL},
        {"UNITED KINGDOM", NULL},
        {"", NULL},
    };

    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *got = bl_address_abbreviate(*state, cases[i][0]);

        if (g_strcmp0(got, cases[i][1]) != 0) {
            fail_msg("'%s': got '%s', expected '%s'", cases[i][0], got, cases[i][1]);
        }
        g_free(got);
    }
}

/* Lays out a letter of one paragraph to the address lines given (NULL-terminated), with a
 * barcode when barcode; returns the doc (the test fails when it cannot be laid out). */
static struct bl_doc *
address_doc(const struct bl_fonts *fonts, gboolean barcode, const char *const *lines)
{
    struct bl_letter letter;
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_doc *doc = NULL;

    bl_letter_init(&letter);
    letter.font_size = 11;
    letter.author = g_strdup("Acme");
    g_ptr_array_add(letter.return_lines, g_strdup("Acme"));
    for (gsize i = 0; lines[i] != NULL; i++) {
        g_ptr_array_add(letter.address_lines, g_markup_escape_text(lines[i], -1));
    }
    if (barcode) {
        memset(letter.barcode, 'F', 65);
    }
    add(&letter, BL_BLOCK_PARA, "Text.", FALSE, 0);
    if (bl_layout(&doc, &letter, fonts, diag) != 0) {
        fail_msg("not laid out: %s", bl_diag_last_message(diag));
    }
    bl_letter_release(&letter);
    bl_diag_free(diag);
    return doc;
}

/* The lines of the doc's address, as set. */
static char *
address_text(const struct bl_doc *doc)
{
    return g_strdup(pango_layout_get_text(doc->address));
}

/* An address is set as given when it fits; a line too wide is abbreviated, then the type is made
 * smaller down to 8 pt; what was done is told. The barcode keeps its room when the address fits
 * with it at 9 pt or more, or would not be set larger without it. */
static void
test_address_fitted_by_abbreviations_then_size(void **state)
{
    static const char *const plain[] = {"Zoë O'Connor", "48 Union Park Street", "Boston, MA 02118",
                                        NULL};
    static const char *const wide[] = {
        "Zoë O'Connor", "4107 Southwest Martin Luther King Junior Memorial Boulevard",
        "Austin, TX 78751", NULL};
    static const char *const long_name[] = {
        "Dr. Maximiliana Alexandra Featherstonehaugh-Cholmondeley III", "48 Union Park Street",
        "Boston, MA 02118", NULL};
    static const char *const five[] = {
        "Inés Villanueva",      "Parent or Guardian of Lucía Villanueva",
        "15 Savin Hill Avenue", "Apartment 3",
        "Boston, MA 02125",     NULL};
    static const char *const six[] = {"Inés Villanueva",
                                      "Parent or Guardian of Lucía Villanueva",
                                      "c/o Marisol Ortega",
                                      "15 Savin Hill Avenue",
                                      "Apartment 3",
                                      "Boston, MA 02125",
                                      NULL};
    struct bl_doc *doc;
    char *text;

    doc = address_doc(*state, TRUE, plain);
    assert_null(bl_doc_address_fit(doc));
    assert_null(bl_doc_address_exception(doc));
    assert_true(bl_doc_has_barcode(doc));
    bl_doc_free(doc);

    doc = address_doc(*state, FALSE, wide);
    assert_string_equal(bl_doc_address_fit(doc), "USPS abbreviations");
    text = address_text(doc);
    assert_string_equal(text, "Zoë O'Connor\n4107 SW Martin Luther King Junior Memorial Blvd\n"
                              "Austin, TX 78751");
    g_free(text);
    bl_doc_free(doc);

    /* a name is never abbreviated: a smaller size, and the street stays as it was */
    doc = address_doc(*state, FALSE, long_name);
    assert_non_null(strstr(bl_doc_address_fit(doc), " pt"));
    assert_null(strstr(bl_doc_address_fit(doc), "USPS"));
    text = address_text(doc);
    assert_non_null(strstr(text, "48 Union Park Street"));
    g_free(text);
    bl_doc_free(doc);

    /* five lines and the barcode: 9 pt */
    doc = address_doc(*state, TRUE, five);
    assert_true(bl_doc_has_barcode(doc));
    assert_string_equal(bl_doc_address_fit(doc), "9 pt");
    assert_int_equal(bl_address_misfit(doc->address, BL_ADDRESS_W, BL_ADDRESS_H - BL_BARCODE_SPACE),
                     0);
    bl_doc_free(doc);
    /* six lines need the barcode's room: without it they are set as given */
    doc = address_doc(*state, TRUE, six);
    assert_false(bl_doc_has_barcode(doc));
    assert_string_equal(bl_doc_address_fit(doc), "without the barcode");
    assert_int_equal(bl_address_misfit(doc->address, BL_ADDRESS_W, BL_ADDRESS_H), 0);
    assert_int_equal(
        pango_font_description_get_size(pango_layout_get_font_description(doc->address)),
        10 * PANGO_SCALE);
    bl_doc_free(doc);
    /* a line too wide with the barcode: abbreviated, and the barcode stays */
    doc = address_doc(*state, TRUE, wide);
    assert_true(bl_doc_has_barcode(doc));
    assert_string_equal(bl_doc_address_fit(doc), "USPS abbreviations");
    bl_doc_free(doc);
}

/* Too many lines even at 8 pt: a unit's line goes onto its
 * street's line, as Publication 28 writes it, else the two shortest neighbouring lines of the
 * delivery address are joined with a comma; the name's lines and the last line are never merged. */
static void
test_address_lines_merged(void **state)
{
    static const char *const eight[] = {"Inés Villanueva",
                                        "Parent or Guardian of Lucía Villanueva",
                                        "c/o Marisol Ortega",
                                        "Kings County Family Residence",
                                        "214 Nassau Avenue",
                                        "Apartment 2R",
                                        "Brooklyn, NY 11222",
                                        "Attention Family Services",
                                        NULL};
    static const char *const foreign[] = {"Ana Núñez",
                                          "c/o Kensington Court Management",
                                          "Flat 3",
                                          "12 Kensington High Street",
                                          "Kensington",
                                          "Royal Borough of Kensington and Chelsea",
                                          "London W8 5NP",
                                          "UNITED KINGDOM",
                                          NULL};
    struct bl_doc *doc;
    char *text;

    doc = address_doc(*state, FALSE, eight);
    assert_string_equal(bl_doc_address_fit(doc), "8.5 pt, 1 line merged");
    text = address_text(doc);
    assert_non_null(strstr(text, "\n214 Nassau Avenue Apartment 2R\n"));
    g_free(text);
    bl_doc_free(doc);

    doc = address_doc(*state, FALSE, foreign);
    assert_non_null(strstr(bl_doc_address_fit(doc), "line"));
    text = address_text(doc);
    assert_true(g_str_has_prefix(text, "Ana Núñez\nc/o Kensington Court Management\n"));
    assert_true(g_str_has_suffix(text, "\nUNITED KINGDOM"));
    assert_non_null(strstr(text, "12 Kensington High Street, Kensington"));
    g_free(text);
    bl_doc_free(doc);
}

/* An address that fits by no rule still gets its letter, flagged as an exception with the
 * reason, set at the smallest size without the barcode and kept to the window's width; a line
 * longer than any address line is an error, as is a return address that does not fit. */
static void
test_address_that_fits_no_rule_is_an_exception(void **state)
{
    static const char *const wide[] = {
        "Dr. Maximiliana Alexandra Featherstonehaugh-Cholmondeley-Worthington-Smythe III",
        "48 Union Park Street", "Boston, MA 02118", NULL};
    static const char *const tall[] = {"Ana Núñez",
                                       "Care of the Estate of Mateo Núñez",
                                       "Department of Compliance Services",
                                       "Attention Records Correspondence",
                                       "Building Seven North Campus East",
                                       "4107 Southwest Martin Luther King",
                                       "Central Processing Facility Annex",
                                       "Mailroom Twelve Receiving Dock B",
                                       "Austin, TX 78751",
                                       NULL};
    struct bl_letter letter;
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_doc *doc;
    PangoRectangle logical;
    char *line;

    doc = address_doc(*state, TRUE, wide);
    assert_string_equal(bl_doc_address_exception(doc),
                        "line 1 of the address is too long for the envelope window (3.5 in wide) "
                        "even at 8 pt");
    assert_null(bl_doc_address_fit(doc));
    assert_false(bl_doc_has_barcode(doc));
    pango_layout_get_extents(doc->address, NULL, &logical);
    assert_true(logical.width <= BL_ADDRESS_W * PANGO_SCALE);
    assert_non_null(strstr(pango_layout_get_text(doc->address), "Worthington-Smythe III"));
    bl_doc_free(doc);

    doc = address_doc(*state, FALSE, tall);
    assert_string_equal(bl_doc_address_exception(doc),
                        "the address has 9 lines, more than the envelope window holds (1.00 in "
                        "high) even at 8 pt with lines merged");
    bl_doc_free(doc);

    letter_with_address(&letter);
    add(&letter, BL_BLOCK_PARA, "Text.", FALSE, 0);
    line = g_strnfill(121, 'A');
    g_ptr_array_add(letter.address_lines, line);
    doc = NULL;
    assert_int_equal(bl_layout(&doc, &letter, *state, diag), -1);
    assert_string_equal(bl_diag_last_message(diag),
                        "line 3 of the recipient address has 121 characters, more than an "
                        "address line can have (120)");
    g_ptr_array_set_size(letter.address_lines, 2);
    g_ptr_array_add(letter.return_lines,
                    g_strdup("A street name far too long to fit in any envelope window at all"));
    assert_int_equal(bl_layout(&doc, &letter, *state, diag), -1);
    assert_string_equal(bl_diag_last_message(diag),
                        "line 2 of the return address is too long for the envelope window "
                        "(3.2 in wide), even at 9 pt");
    bl_letter_release(&letter);
    bl_diag_free(diag);
}

/* Whether a line of the block's layout starts strictly inside the first occurrence of needle in
 * the layout's text. */
static gboolean
broken_inside(PangoLayout *layout, const char *needle)
{
    const char *text = pango_layout_get_text(layout);
    const char *at = strstr(text, needle);
    int from, to;

    assert_non_null(at);
    from = (int)(at - text);
    to = from + (int)strlen(needle);
    for (GSList *l = pango_layout_get_lines_readonly(layout); l != NULL; l = l->next) {
        const PangoLayoutLine *line = l->data;

        if (line->start_index > from && line->start_index < to) {
            return TRUE;
        }
    }
    return FALSE;
}

/* A paragraph with a phone number and an e-mail address, after n words, laid out alone; returns
 * whether either was broken across lines. */
static gboolean
number_or_address_broken(const struct bl_fonts *fonts, int n, gboolean whole)
{
    struct bl_letter letter;
    struct bl_doc *doc = NULL;
    struct bl_diag *diag = bl_diag_new(NULL);
    char *filler = words(n);
    char *markup = whole ? g_strdup_printf("%s call " BL_WHOLE_START "1-800-555-0100" BL_WHOLE_END
                                           " or write to " BL_WHOLE_START
                                           "privacy-notice@example.com" BL_WHOLE_END " today.",
                                           filler)
                         : g_strdup_printf("%s call 1-800-555-0100 or write to "
                                           "privacy-notice@example.com today.",
                                           filler);
    gboolean broken;
    PangoLayout *layout;

    letter_with_address(&letter);
    add(&letter, BL_BLOCK_PARA, markup, FALSE, 0);
    assert_int_equal(bl_layout(&doc, &letter, fonts, diag), 0);
    layout = ((struct box *)g_ptr_array_index(doc->boxes, 0))->layout;
    broken = broken_inside(layout, "1-800-555-0100") ||
             broken_inside(layout, "privacy-notice@example.com");
    bl_doc_free(doc);
    bl_letter_release(&letter);
    bl_diag_free(diag);
    g_free(markup);
    g_free(filler);
    return broken;
}

/* Phone numbers and e-mail addresses marked whole are never broken across lines, wherever in
 * the paragraph they fall; unmarked, the same text is broken at their hyphens. */
static void
test_whole_values_stay_on_one_line(void **state)
{
    int broken_plain = 0;

    for (int n = 0; n < 24; n++) {
        assert_false(number_or_address_broken(*state, n, TRUE));
        broken_plain += number_or_address_broken(*state, n, FALSE);
    }
    assert_true(broken_plain > 0);
}

/* A value marked whole but wider than the line is broken like any text, not run past the margin
 * where it would be lost; the other values of the paragraph stay whole. */
static void
test_whole_value_wider_than_the_line_is_broken(void **state)
{
    struct bl_letter letter;
    struct bl_doc *doc = NULL;
    struct bl_diag *diag = bl_diag_new(NULL);
    const char *url = "https://notice.example.com/a-very-long-path/that-keeps-going/and-going/"
                      "further-still/until-it-is-wider-than-a-line";
    char *markup = g_strdup_printf("Visit " BL_WHOLE_START "%s" BL_WHOLE_END
                                   ". You can e-mail us at " BL_WHOLE_START
                                   "privacy-notice@example.com" BL_WHOLE_END ".",
                                   url);
    PangoLayout *layout;
    PangoRectangle logical;

    letter_with_address(&letter);
    add(&letter, BL_BLOCK_PARA, markup, FALSE, 0);
    assert_int_equal(bl_layout(&doc, &letter, *state, diag), 0);
    layout = ((struct box *)g_ptr_array_index(doc->boxes, 0))->layout;
    pango_layout_get_extents(layout, NULL, &logical);
    assert_true(logical.x + logical.width <= pango_layout_get_width(layout));
    assert_true(broken_inside(layout, url));
    /* ... after a slash, never at one of its hyphens */
    for (GSList *l = pango_layout_get_lines_readonly(layout); l != NULL; l = l->next) {
        const PangoLayoutLine *line = l->data;
        const char *text = pango_layout_get_text(layout);

        if (line->start_index > 0 && text[line->start_index - 1] != ' ') {
            assert_int_equal(text[line->start_index - 1], '/');
        }
    }
    assert_false(broken_inside(layout, "privacy-notice@example.com"));
    assert_non_null(strstr(pango_layout_get_text(layout), url)); /* nothing lost */
    bl_doc_free(doc);
    bl_letter_release(&letter);
    bl_diag_free(diag);
    g_free(markup);
}

/* A PNG picture of w x h pixels in dir; returns its path (free with g_free()). */
static char *
write_png(const char *dir, const char *name, int w, int h)
{
    char *path = g_build_filename(dir, name, NULL);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    cairo_t *cr = cairo_create(s);

    cairo_set_source_rgb(cr, 0.2, 0.3, 0.5);
    cairo_paint(cr);
    cairo_destroy(cr);
    assert_int_equal(cairo_surface_write_to_png(s, path), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    return path;
}

static struct bl_block
text_part(enum bl_block_kind kind, const char *markup)
{
    struct bl_block b = {.kind = kind, .markup = g_strdup(markup), .personal = TRUE};

    return b;
}

/* A box or columns of the given parts (the letter takes them), markup their text. */
static void
add_frame(struct bl_letter *letter, enum bl_block_kind kind, GArray *parts_take)
{
    struct bl_block b = {
        .kind = kind, .markup = g_strdup("frame\ntext"), .personal = TRUE, .parts = parts_take};

    g_array_append_val(letter->blocks, b);
}

/* A box is set whole, inside its rule, on one page: pushed to the next page when it does not
 * fit at the foot of one, never split; its parts stack inside it, indented from the rule. */
static void
test_box_is_set_whole_on_one_page(void **state)
{
    struct bl_letter letter;
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_doc *doc = NULL;
    char *para = words(60);
    GArray *parts = g_array_new(FALSE, TRUE, sizeof(struct bl_block));
    struct bl_block p;
    const struct box *box;
    const struct part *first, *last;
    struct where w;
    guint at;

    letter_with_address(&letter);
    for (int i = 0; i < 5; i++) {
        add(&letter, BL_BLOCK_PARA, para, FALSE, 0);
    }
    p = text_part(BL_BLOCK_SUBHEADING, "What to do now");
    g_array_append_val(parts, p);
    for (int i = 0; i < 4; i++) {
        p = text_part(BL_BLOCK_ITEM, para);
        g_array_append_val(parts, p);
    }
    at = letter.blocks->len;
    add_frame(&letter, BL_BLOCK_BOX, parts);
    assert_int_equal(bl_layout(&doc, &letter, *state, diag), 0);
    box = g_ptr_array_index(doc->boxes, at);
    assert_int_equal(box->kind, BOX_FRAME);
    assert_true(box->framed);
    assert_int_equal(box->n_lines, 1);
    assert_int_equal(box->parts->len, 5);
    first = &g_array_index(box->parts, struct part, 0);
    last = &g_array_index(box->parts, struct part, 4);
    assert_true(first->y > 0);                   /* room above the first line */
    assert_true(first->box->x0 > BL_MARGIN_X);   /* and beside it */
    assert_true(last->box->x0 > first->box->x0); /* a bullet's indent */
    assert_true(last->y + last->box->bottom[last->box->n_lines - 1] < box->height);
    w = find(doc, at);
    /* the five paragraphs leave too little room on page 1: the box starts page 2, whole */
    assert_int_equal(w.first_page, 1);
    assert_int_equal(w.last_page, 1);
    assert_int_equal(w.first_count, 1);
    bl_doc_free(doc);
    bl_letter_release(&letter);
    bl_diag_free(diag);
    g_free(para);
}

/* Columns divide the text's width into equal columns side by side, each column's parts one under
 * the other, as tall as the tallest column; a web address too wide for its column breaks after a
 * slash. */
static void
test_columns_are_set_side_by_side(void **state)
{
    struct bl_letter letter;
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_doc *doc = NULL;
    GArray *columns = g_array_new(FALSE, TRUE, sizeof(struct bl_block));
    const struct box *box;
    double tops[3] = {-1, -1, -1}, x0s[3] = {0, 0, 0}, bottom = 0;

    letter_with_address(&letter);
    for (int c = 0; c < 3; c++) {
        struct bl_block col = {.kind = BL_BLOCK_COLUMN,
                               .markup = g_strdup(""),
                               .parts = g_array_new(FALSE, TRUE, sizeof(struct bl_block))};
        struct bl_block p = text_part(BL_BLOCK_PARA, "<b>Bureau</b>\n1-800-555-0100");

        g_array_append_val(col.parts, p);
        if (c == 2) {
            p = text_part(BL_BLOCK_PARA,
                          BL_WHOLE_START "www.transunion.com/credit-help" BL_WHOLE_END
                                         "\nP.O. Box 2000\nChester, PA 19016");
            g_array_append_val(col.parts, p);
        }
        g_array_append_val(columns, col);
    }
    add_frame(&letter, BL_BLOCK_COLUMNS, columns);
    g_array_index(letter.blocks, struct bl_block, 0).font_size = 10;
    assert_int_equal(bl_layout(&doc, &letter, *state, diag), 0);
    box = g_ptr_array_index(doc->boxes, 0);
    assert_int_equal(box->kind, BOX_FRAME);
    assert_false(box->framed);
    assert_int_equal(box->parts->len, 4);
    for (guint i = 0; i < box->parts->len; i++) {
        const struct part *p = &g_array_index(box->parts, struct part, i);
        int c = i < 2 ? (int)i : 2;

        if (tops[c] < 0) {
            tops[c] = p->y;
            x0s[c] = p->box->x0;
        }
        bottom = MAX(bottom, p->y + p->box->bottom[p->box->n_lines - 1]);
    }
    assert_true(tops[0] == 0 && tops[1] == 0 && tops[2] == 0);
    assert_true(x0s[0] == BL_MARGIN_X && x0s[1] > x0s[0] + 100 && x0s[2] > x0s[1] + 100);
    assert_true(bottom <= box->height + 0.01 && bottom >= box->height - 0.01);
    {
        /* the address of the third column: broken after its slash */
        const struct box *addr = g_array_index(box->parts, struct part, 3).box;
        const char *text = pango_layout_get_text(addr->layout);
        PangoLayoutLine *second = pango_layout_get_line_readonly(addr->layout, 1);

        assert_true(addr->n_lines >= 4);
        assert_int_equal(text[second->start_index - 1], '/');
    }
    bl_doc_free(doc);
    bl_letter_release(&letter);
    bl_diag_free(diag);
}

/* A picture keeps its proportions from one side given; a blank one (no file) keeps its space;
 * one that cannot be read stops the letter with its name. */
static void
test_pictures_keep_proportions_and_unreadable_ones_are_refused(void **state)
{
    char *dir = fixture_tmpdir("layout-png");
    char *png = write_png(dir, "seal.png", 200, 100);
    char *bad = fixture_write(dir, "bad.png", "not a picture", -1);
    struct bl_letter letter;
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_doc *doc = NULL;
    struct bl_block img = {.kind = BL_BLOCK_IMAGE,
                           .markup = g_strdup(""),
                           .align = BL_ALIGN_RIGHT,
                           .image = {g_strdup(png), 0, 36}};
    struct bl_block blank = {
        .kind = BL_BLOCK_IMAGE, .markup = g_strdup(""), .image = {NULL, 0, 30}};
    const struct box *box;

    letter_with_address(&letter);
    g_array_append_val(letter.blocks, img);
    g_array_append_val(letter.blocks, blank);
    assert_int_equal(bl_layout(&doc, &letter, *state, diag), 0);
    box = g_ptr_array_index(doc->boxes, 0);
    assert_int_equal(box->kind, BOX_PICTURE);
    assert_non_null(box->picture);
    assert_true(box->width == 72.0 && box->height == 36.0);
    assert_true(box->x0 == BL_PAGE_WIDTH - BL_MARGIN_X - 72.0); /* right-aligned */
    box = g_ptr_array_index(doc->boxes, 1);
    assert_null(box->picture);
    assert_true(box->height == 30.0);
    bl_doc_free(doc);
    g_free(g_array_index(letter.blocks, struct bl_block, 0).image.path);
    g_array_index(letter.blocks, struct bl_block, 0).image.path = g_strdup(bad);
    assert_int_equal(bl_layout(&doc, &letter, *state, diag), -1);
    assert_non_null(strstr(bl_diag_last_message(diag), "bad.png' cannot be read: it must be a "
                                                       "PNG file"));
    bl_letter_release(&letter);
    bl_diag_free(diag);
    fixture_rmdir(dir);
    g_free(png);
    g_free(bad);
    g_free(dir);
}

/* The letterhead's picture is scaled into 3 x 1 in at the top right, outside both windows, its
 * lines under it; without a letterhead from the template, the author's name is printed there. */
static void
test_logo_at_top_right_outside_the_windows(void **state)
{
    char *dir = fixture_tmpdir("layout-logo");
    char *png = write_png(dir, "logo.png", 400, 400);
    struct bl_letter letter;
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_doc *doc = NULL;

    letter_with_address(&letter);
    add(&letter, BL_BLOCK_PARA, "Text.", FALSE, 0);
    assert_int_equal(bl_layout(&doc, &letter, *state, diag), 0);
    assert_null(doc->logo);
    assert_string_equal(pango_layout_get_text(doc->letterhead), "Acme");
    bl_doc_free(doc);
    letter.letterhead_given = TRUE;
    letter.logo.path = g_strdup(png);
    letter.logo.height = 200; /* asked too tall: fitted into one inch */
    letter.letterhead = g_strdup("January 6, 2025");
    assert_int_equal(bl_layout(&doc, &letter, *state, diag), 0);
    assert_non_null(doc->logo);
    assert_true(doc->logo->height == 72.0 && doc->logo->width == 72.0);
    assert_true(doc->logo->x0 == BL_PAGE_WIDTH - BL_MARGIN_X - 72.0);
    assert_true(doc->letterhead_y > BL_RETURN_Y + 72.0);
    assert_string_equal(pango_layout_get_text(doc->letterhead), "January 6, 2025");
    bl_doc_free(doc);
    /* a letterhead with nothing in it prints nothing */
    g_clear_pointer(&letter.logo.path, g_free);
    g_clear_pointer(&letter.letterhead, g_free);
    assert_int_equal(bl_layout(&doc, &letter, *state, diag), 0);
    assert_null(doc->logo);
    assert_null(doc->letterhead);
    bl_doc_free(doc);
    bl_letter_release(&letter);
    bl_diag_free(diag);
    fixture_rmdir(dir);
    g_free(png);
    g_free(dir);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long_letter_flows_without_orphans_or_widows),
        cmocka_unit_test(test_group_moves_whole_and_page_break_starts_page),
        cmocka_unit_test(test_heading_stays_with_the_group_after_it),
        cmocka_unit_test(test_closing_never_alone_and_last_pages_balanced),
        cmocka_unit_test(test_audit_finds_each_fault),
        cmocka_unit_test(test_address_abbreviations),
        cmocka_unit_test(test_address_fitted_by_abbreviations_then_size),
        cmocka_unit_test(test_address_lines_merged),
        cmocka_unit_test(test_address_that_fits_no_rule_is_an_exception),
        cmocka_unit_test(test_whole_values_stay_on_one_line),
        cmocka_unit_test(test_whole_value_wider_than_the_line_is_broken),
        cmocka_unit_test(test_box_is_set_whole_on_one_page),
        cmocka_unit_test(test_columns_are_set_side_by_side),
        cmocka_unit_test(test_pictures_keep_proportions_and_unreadable_ones_are_refused),
        cmocka_unit_test(test_logo_at_top_right_outside_the_windows),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}

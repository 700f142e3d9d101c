/* SPDX-License-Identifier: MIT */
/* Unit tests of the review tools of preview: the word diff (worddiff.c), the comparison of two
 * drafts and its redline (preview_compare.c), the review page and its assumptions
 * (preview_review.c), the review label kept out of the envelope's windows (layout.c), and a
 * sheet of variants that names the variant it cannot make (preview.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "bl_test.h"
#include "bind.h"
#include "fonts.h"
#include "layout.h"
#include "page.h"
#include "preview.h"
#include "preview_compare.h"
#include "preview_review.h"
#include "session.h"
#include "sink.h"
#include "worddiff.h"

/* -- the word diff ------------------------------------------------------------------------------
 */

/* The length of the longest common subsequence, by the textbook table. */
static guint
lcs_length(const guint *a, guint n, const guint *b, guint m)
{
    guint *t = g_new0(guint, (gsize)(n + 1) * (m + 1));
    guint len;

    for (guint i = n; i-- > 0;) {
        for (guint j = m; j-- > 0;) {
            t[i * (m + 1) + j] = a[i] == b[j]
                                     ? t[(i + 1) * (m + 1) + j + 1] + 1
                                     : MAX(t[(i + 1) * (m + 1) + j], t[i * (m + 1) + j + 1]);
        }
    }
    len = t[0];
    g_free(t);
    return len;
}

/* Checks that edits turn a into b: runs in order, covering both, SAME runs equal, no two runs of
 * one kind together, a removal before an addition. Returns the tokens kept. */
static guint
check_script(const GArray *edits, const guint *a, guint n, const guint *b, guint m)
{
    guint x = 0, y = 0, kept = 0;

    for (guint i = 0; i < edits->len; i++) {
        const struct bl_edit *e = &g_array_index(edits, struct bl_edit, i);

        assert_int_equal(e->a, x);
        assert_int_equal(e->b, y);
        assert_true(e->len > 0);
        if (i > 0) {
            const struct bl_edit *prev = e - 1;

            assert_int_not_equal(prev->kind, e->kind);
            assert_false(prev->kind == BL_EDIT_ADDED && e->kind == BL_EDIT_REMOVED);
        }
        if (e->kind == BL_EDIT_SAME) {
            for (guint k = 0; k < e->len; k++) {
                assert_int_equal(a[x + k], b[y + k]);
            }
            kept += e->len;
        }
        x += e->kind != BL_EDIT_ADDED ? e->len : 0;
        y += e->kind != BL_EDIT_REMOVED ? e->len : 0;
    }
    assert_int_equal(x, n);
    assert_int_equal(y, m);
    return kept;
}

/* On thousands of random pairs (few distinct tokens, so many ways to match), the script keeps
 * as many tokens as the longest common subsequence has: it is a shortest one. */
static void
test_diff_is_a_shortest_edit_script(void **state)
{
    GRand *rand = g_rand_new_with_seed(14);

    (void)state;
    for (int t = 0; t < 5000; t++) {
        guint a[40], b[40];
        guint n = (guint)g_rand_int_range(rand, 0, 40), m = (guint)g_rand_int_range(rand, 0, 40);
        guint alphabet = (guint)g_rand_int_range(rand, 1, 6);
        GArray *edits;

        for (guint i = 0; i < n; i++) {
            a[i] = (guint)g_rand_int_range(rand, 0, (gint32)alphabet);
        }
        for (guint i = 0; i < m; i++) {
            b[i] = (guint)g_rand_int_range(rand, 0, (gint32)alphabet);
        }
        edits = bl_diff(a, n, b, m);
        assert_int_equal(check_script(edits, a, n, b, m), lcs_length(a, n, b, m));
        /* tidying keeps a valid script of the same two sequences */
        bl_diff_tidy(edits, a, b, 1);
        check_script(edits, a, n, b, m);
        g_array_unref(edits);
    }
    g_rand_free(rand);
}

/* Two texts of 60,000 words each: a table of every pair of words would need 3.6 billion cells;
 * the diff needs memory for the words only, and finds the three changes. */
static void
test_diff_of_long_texts_needs_no_table(void **state)
{
    const guint n = 60000;
    guint *a = g_new(guint, n), *b = g_new(guint, n);
    GArray *edits;
    guint changes = 0;

    (void)state;
    for (guint i = 0; i < n; i++) {
        a[i] = b[i] = 10 + i % 977;
    }
    b[100] = 1;
    b[30000] = 2;
    b[59999] = 3;
    edits = bl_diff(a, n, b, n);
    assert_int_equal(check_script(edits, a, n, b, n), n - 3);
    for (guint i = 0; i < edits->len; i++) {
        changes += g_array_index(edits, struct bl_edit, i).kind == BL_EDIT_ADDED;
    }
    assert_int_equal(changes, 3);
    g_array_unref(edits);
    g_free(a);
    g_free(b);
}

/* A paragraph added or removed whole next to one that begins with the same word is shown whole:
 * the change is moved to end with the paragraph's mark (0), where the diff put it across the
 * end of the paragraph before ("¶ We hired firm"). */
static void
test_tidy_moves_a_whole_paragraph_to_its_mark(void **state)
{
    /* old: "Hi ¶ We engaged ¶ Bye"; new: "Hi ¶ We hired firm ¶ We engaged ¶ Bye" */
    const guint a[] = {1, 0, 5, 6, 0, 9};
    const guint b[] = {1, 0, 5, 7, 8, 0, 5, 6, 0, 9};
    GArray *edits = bl_diff(a, 6, b, 10);
    const struct bl_edit *e;

    (void)state;
    e = &g_array_index(edits, struct bl_edit, 1);
    assert_int_equal(e->kind, BL_EDIT_ADDED);
    assert_int_equal(e->b, 1); /* as the diff finds it: "¶ We hired firm" */
    bl_diff_tidy(edits, a, b, 1);
    check_script(edits, a, 6, b, 10);
    assert_int_equal(edits->len, 3);
    e = &g_array_index(edits, struct bl_edit, 1);
    assert_int_equal(e->kind, BL_EDIT_ADDED);
    assert_int_equal(e->b, 2); /* "We hired firm ¶" */
    assert_int_equal(e->len, 4);
    g_array_unref(edits);
    /* the same paragraph removed */
    edits = bl_diff(b, 10, a, 6);
    bl_diff_tidy(edits, b, a, 1);
    check_script(edits, b, 10, a, 6);
    e = &g_array_index(edits, struct bl_edit, 1);
    assert_int_equal(e->kind, BL_EDIT_REMOVED);
    assert_int_equal(e->a, 2);
    assert_int_equal(e->len, 4);
    g_array_unref(edits);
}

/* A word kept by chance in a rewritten sentence is folded into the change; a paragraph mark is
 * never folded. */
static void
test_tidy_folds_chaff_but_not_marks(void **state)
{
    /* old: "a b the c d"; new: "x y the z w" */
    const guint a[] = {10, 11, 12, 13, 14};
    const guint b[] = {20, 21, 12, 23, 24};
    const guint c[] = {10, 11, 0, 13, 14};
    const guint d[] = {20, 21, 0, 23, 24};
    GArray *edits = bl_diff(a, 5, b, 5);

    (void)state;
    assert_int_equal(check_script(edits, a, 5, b, 5), 1);
    bl_diff_tidy(edits, a, b, 1);
    assert_int_equal(check_script(edits, a, 5, b, 5), 0);
    g_array_unref(edits);
    edits = bl_diff(c, 5, d, 5);
    bl_diff_tidy(edits, c, d, 1);
    assert_int_equal(check_script(edits, c, 5, d, 5), 1);
    g_array_unref(edits);
}

/* -- comparing two drafts -----------------------------------------------------------------------
 */

static void
add(struct bl_letter *letter, enum bl_block_kind kind, const char *markup)
{
    struct bl_block b = {
        .kind = kind, .markup = g_strdup(markup), .align = BL_ALIGN_LEFT, .personal = TRUE};

    g_array_append_val(letter->blocks, b);
}

/* A short letter offering months of monitoring; extra, when not NULL, is a paragraph added at
 * the end of "What We Are Doing". */
static void
draft(struct bl_letter *letter, const char *months, const char *extra)
{
    char *offer = g_strdup_printf("To help protect your identity, we are offering you "
                                  "<b>%s months</b> of Identity Monitoring at no cost to you.",
                                  months);

    bl_letter_init(letter);
    letter->title = g_strdup("Notice of Data Breach");
    letter->author = g_strdup("Acme");
    letter->font_size = 11;
    add(letter, BL_BLOCK_TITLE, "Notice of Data Breach");
    add(letter, BL_BLOCK_PARA, "Dear Zoë O&apos;Connor:");
    add(letter, BL_BLOCK_HEADING, "What We Are Doing");
    add(letter, BL_BLOCK_PARA, offer);
    if (extra != NULL) {
        add(letter, BL_BLOCK_PARA, extra);
    }
    add(letter, BL_BLOCK_PAGE_BREAK, NULL);
    add(letter, BL_BLOCK_HEADING, "Enroll in Identity Monitoring");
    add(letter, BL_BLOCK_PARA, "Call us.");
    g_free(offer);
}

/* The block of the redline whose markup contains part, or NULL. */
static const struct bl_block *
redline_block(const struct bl_letter *redline, const char *part, guint from)
{
    for (guint i = from; i < redline->blocks->len; i++) {
        const struct bl_block *b = &g_array_index(redline->blocks, struct bl_block, i);

        if (b->markup != NULL && strstr(b->markup, part) != NULL) {
            return b;
        }
    }
    return NULL;
}

/* A number changed: the terminal shows "24 → 36 months" with the words around it under the
 * section's heading; the redline strikes 24 through in red and underlines 36 in green, and
 * keeps the letter's page break and its paragraphs that did not change as they were. */
static void
test_compare_shows_a_word_change_in_context(void **state)
{
    struct bl_letter old, new_, redline;
    GString *out = g_string_new(NULL);
    const struct bl_block *b;
    guint breaks = 0;

    (void)state;
    draft(&old, "24", NULL);
    draft(&new_, "36", NULL);
    bl_letter_init(&redline);
    assert_int_equal(bl_preview_compare(out, &redline, &old, &new_, "v1.xml", "v2.xml"), 1);
    assert_string_equal(out->str,
                        "--- v1.xml\n"
                        "+++ v2.xml\n"
                        "@@ What We Are Doing\n"
                        "  …we are offering you 24 → 36 months of Identity Monitoring…\n");
    assert_true(redline.notice);
    assert_string_equal(redline.label, "REDLINE — NOT FOR MAILING");
    assert_string_equal(redline.title, "Redline: Notice of Data Breach");
    /* the list of changes first, then the letter */
    b = redline_block(&redline, "strikethrough=\"true\">24</span>", 0);
    assert_non_null(b);
    assert_int_equal(b->kind, BL_BLOCK_ITEM);
    b = redline_block(&redline, "To help protect", 0);
    assert_non_null(b);
    assert_int_equal(b->kind, BL_BLOCK_PARA);
    fixture_assert_has(b->markup, "<span foreground=\"#B3261E\" strikethrough=\"true\">24</span> "
                                  "<span foreground=\"#1B6E3A\" underline=\"single\">36</span> "
                                  "months");
    b = redline_block(&redline, "Dear", 0);
    assert_string_equal(b->markup, "Dear Zoë O&apos;Connor:"); /* unchanged: kept as it was */
    for (guint i = 0; i < redline.blocks->len; i++) {
        breaks += g_array_index(redline.blocks, struct bl_block, i).kind == BL_BLOCK_PAGE_BREAK;
    }
    assert_int_equal(breaks, 2); /* after the list of changes, and the letter's own */
    g_string_free(out, TRUE);
    bl_letter_release(&old);
    bl_letter_release(&new_);
    bl_letter_release(&redline);
}

/* A paragraph added whole is one line "+ ..."; removed whole, "- ..."; the redline underlines
 * or strikes through all of it. */
static void
test_compare_shows_paragraphs_added_and_removed_whole(void **state)
{
    struct bl_letter old, new_, redline;
    GString *out = g_string_new(NULL), *back = g_string_new(NULL);
    const struct bl_block *b;

    (void)state;
    draft(&old, "24", NULL);
    draft(&new_, "24", "We also hired an outside firm to test our systems.");
    bl_letter_init(&redline);
    assert_int_equal(bl_preview_compare(out, &redline, &old, &new_, "a", "b"), 1);
    fixture_assert_has(out->str,
                       "@@ What We Are Doing\n+ We also hired an outside firm to test our "
                       "systems.\n");
    b = redline_block(&redline, "We also hired", redline.blocks->len / 2);
    assert_non_null(b);
    assert_true(g_str_has_prefix(b->markup, "<span foreground=\"#1B6E3A\" underline=\"single\">"));
    assert_int_equal(bl_preview_compare(back, &redline, &new_, &old, "b", "a"), 1);
    fixture_assert_has(back->str, "\n- We also hired an outside firm to test our systems.\n");
    g_string_free(out, TRUE);
    g_string_free(back, TRUE);
    bl_letter_release(&old);
    bl_letter_release(&new_);
    bl_letter_release(&redline);
}

static void
test_compare_of_the_same_wording(void **state)
{
    struct bl_letter old, new_, redline;
    GString *out = g_string_new(NULL);

    (void)state;
    draft(&old, "24", NULL);
    draft(&new_, "24", NULL);
    bl_letter_init(&redline);
    assert_int_equal(bl_preview_compare(out, &redline, &old, &new_, "a", "b"), 0);
    assert_string_equal(out->str, "--- a\n+++ b\n(the wording of the letter is the same)\n");
    assert_non_null(redline_block(&redline, "The wording of the letter is the same.", 0));
    g_string_free(out, TRUE);
    bl_letter_release(&old);
    bl_letter_release(&new_);
    bl_letter_release(&redline);
}

/* -- what a preview assumes ----------------------------------------------------------------------
 */

static gboolean
said(const GPtrArray *lines, const char *part)
{
    for (guint i = 0; i < lines->len; i++) {
        if (strstr(g_ptr_array_index(lines, i), part) != NULL) {
            return TRUE;
        }
    }
    return FALSE;
}

/* A draft without <event access>, without <monitoring> or <no-monitoring/>, without dates: the
 * preview says that it took access as undetermined, no monitoring offered, and the dates as
 * missing. */
static void
test_draft_incident_assumptions_are_listed(void **state)
{
    char *dir = fixture_tmpdir("assume");
    char *path = fixture_write(dir, "draft.xml",
                               "<?xml version=\"1.0\"?>\n<incident id=\"d\" template=\"t\">\n"
                               "<organisation><name>Acme</name></organisation>\n"
                               "<categories><category id=\"ssn\"/></categories>\n"
                               "</incident>\n",
                               -1);
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_incident *inc = NULL;
    struct bl_entity entity = {0};
    struct bl_recipient *r;
    struct bl_preview_basis basis = {BL_PREVIEW_LISTED, FALSE, 0, NULL, TRUE};
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);

    (void)state;
    assert_int_equal(bl_incident_load_draft(&inc, path, SCHEMA, VOCAB, diag), 0);
    assert_int_equal(inc->unstated, BL_UNSTATED_ACCESS | BL_UNSTATED_MONITORING);
    r = bl_session_placeholder(inc, "MA", &entity);
    bl_preview_assumptions(lines, inc, r, &basis);
    assert_true(said(lines, "Whether the data was viewed or taken: the incident does not say"));
    assert_true(said(lines, "so the letter says it could not be determined"));
    assert_true(said(lines, "Credit monitoring: the incident neither offers it"));
    assert_true(said(lines, "How the breach happened: the incident does not say"));
    assert_true(said(lines, "Dates the incident does not give (<dates>): the day it began, the day "
                            "it ended, the day it was discovered, the notice date"));
    assert_false(said(lines, "placeholders")); /* a listed recipient is who they are */
    bl_recipient_free(r);
    g_ptr_array_unref(lines);
    bl_incident_free(inc);
    bl_diag_free(diag);
    fixture_rmdir(dir);
    g_free(dir);
    g_free(path);
}

/* A complete incident and a recipient of the list: nothing is assumed. With <no-monitoring/>
 * stated, no monitoring is a fact, not an assumption. */
static void
test_complete_incident_assumes_nothing(void **state)
{
    struct bl_incident *inc = fixture_incident();
    struct bl_recipient *r = fixture_recipient(inc, (const char *const[]){"ssn", NULL});
    struct bl_preview_basis basis = {BL_PREVIEW_LISTED, FALSE, 0, NULL, TRUE};
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);

    (void)state;
    assert_int_equal(inc->unstated, 0);
    bl_preview_assumptions(lines, inc, r, &basis);
    assert_int_equal(lines->len, 0);
    basis.checked = FALSE;
    bl_preview_assumptions(lines, inc, r, &basis);
    assert_int_equal(lines->len, 1);
    assert_true(said(lines, "the compliance check cannot run on this draft"));
    g_ptr_array_unref(lines);
    fixture_recipient_free(r);
    bl_incident_free(inc);
}

/* The sample person: placeholders, no state unless one is asked for, an adult by default, every
 * category, the enrolment code and the covered entity as placeholders. */
static void
test_sample_person_assumptions(void **state)
{
    struct bl_incident *inc = fixture_incident();
    struct bl_entity entity = {0};
    struct bl_recipient *r = bl_session_placeholder(inc, NULL, &entity);
    struct bl_preview_basis basis = {BL_PREVIEW_SAMPLE, FALSE, 0, NULL, TRUE};
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);

    (void)state;
    bl_preview_assumptions(lines, inc, r, &basis);
    assert_true(said(lines, "placeholders ([First Name], [Last Name], [Street Address]"));
    assert_true(said(lines, "no state, so the letter has no state's insert"));
    assert_true(said(lines, "an adult writing about themselves (the default"));
    assert_true(said(lines, "every category of the incident (Social Security number; health "
                            "insurance policy numbers; "));
    assert_true(said(lines, "[Enrollment Code]"));
    assert_true(said(lines, "[Health Care Provider]"));
    bl_recipient_free(r);
    g_ptr_array_set_size(lines, 0);
    /* a state and a variant asked for are not assumptions */
    r = bl_session_placeholder(inc, "MA", &entity);
    basis.variant_chosen = TRUE;
    bl_preview_assumptions(lines, inc, r, &basis);
    assert_false(said(lines, "no state"));
    assert_false(said(lines, "the default"));
    bl_recipient_free(r);
    g_ptr_array_unref(lines);
    bl_incident_free(inc);
}

/* A variant's sample person stands for its recipients: their number, the states without text of
 * their own it lives for, the categories any of them had. */
static void
test_variant_person_assumptions(void **state)
{
    struct bl_incident *inc = fixture_incident();
    struct bl_entity entity = {0};
    struct bl_recipient *r = bl_session_placeholder(inc, "TX", &entity);
    GPtrArray *states = g_ptr_array_new();
    struct bl_preview_basis basis = {BL_PREVIEW_VARIANT, TRUE, 5, states, TRUE};
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);

    (void)state;
    g_ptr_array_add(states, "TX");
    g_ptr_array_add(states, "GA");
    bl_preview_assumptions(lines, inc, r, &basis);
    assert_true(said(lines, "stands for the 5 recipients of this variant"));
    assert_true(said(lines, "Where the person lives: Texas, standing for every state without "
                            "text of its own in the template (TX, GA)"));
    assert_true(said(lines, "every category any of these recipients had"));
    g_ptr_array_unref(states);
    g_ptr_array_unref(lines);
    bl_recipient_free(r);
    bl_incident_free(inc);
}

/* The review page is a notice (nothing in a window), watermarked, labelled as a review copy not
 * for mailing, and gives why a letter could not be made, the assumptions, the problems and the
 * findings, each with its count. */
static void
test_review_page_is_marked_and_complete(void **state)
{
    GPtrArray *assumptions = g_ptr_array_new(), *problems = g_ptr_array_new();
    struct bl_preview_review rv = {"Variant 2 of 3",
                                   "the sample person",
                                   "incident.xml",
                                   "letter.xml",
                                   "Acme",
                                   "the template is not written in language 'fr'",
                                   assumptions,
                                   problems,
                                   NULL};
    struct bl_letter page;
    GString *all = g_string_new(NULL);

    (void)state;
    g_ptr_array_add(assumptions, "Where the person lives: choose one with --jurisdiction XX.");
    bl_letter_init(&page);
    bl_preview_review_page(&page, &rv);
    assert_true(page.notice);
    assert_true(page.draft);
    assert_string_equal(page.label, "REVIEW COPY — NOT FOR MAILING");
    for (guint i = 0; i < page.blocks->len; i++) {
        g_string_append_printf(all, "%s\n", g_array_index(page.blocks, struct bl_block, i).markup);
    }
    fixture_assert_has(all->str, "Variant 2 of 3\n");
    fixture_assert_has(all->str, "This letter could not be made\n<b>Why:</b> the template is not "
                                 "written in language &apos;fr&apos;.");
    fixture_assert_has(all->str, "What this preview assumes (1)\n");
    /* an option is never broken at its hyphens */
    fixture_assert_has(all->str, "<span allow_breaks=\"false\">--jurisdiction</span> XX.");
    fixture_assert_has(all->str, "Problems to fix (0)\nNone: the incident and the template are "
                                 "complete.");
    fixture_assert_has(all->str, "Compliance findings for this letter (0)\n");
    g_string_free(all, TRUE);
    bl_letter_release(&page);
    g_ptr_array_unref(assumptions);
    g_ptr_array_unref(problems);
}

/* -- the review label ----------------------------------------------------------------------------
 */

/* The label of a variant of the retailer example that used to wrap onto a second line, into the
 * return address's window, so that the letter was refused: it is set on one line above the
 * windows, and the PDF shows it there. */
static void
test_long_review_label_stays_above_the_windows(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_fonts *fonts = NULL;
    struct bl_letter letter;
    struct bl_doc *doc = NULL;
    struct fixture_box box;
    PangoRectangle ink;
    char *dir = fixture_tmpdir("label");
    char *pdf = g_build_filename(dir, "label.pdf", NULL);
    const struct bl_doc *docs[1];

    (void)state;
    assert_int_equal(bl_fonts_load(&fonts, BL_DATADIR "/fonts", diag), 0);
    bl_letter_init(&letter);
    letter.font_size = 11;
    letter.author = g_strdup("Tamarack Trail Outfitters, Inc.");
    letter.title = g_strdup("Notice");
    g_ptr_array_add(letter.address_lines, g_strdup("[First Name] [Last Name]"));
    g_ptr_array_add(letter.return_lines, g_strdup("Tamarack Trail Outfitters, Inc."));
    add(&letter, BL_BLOCK_PARA, "Dear reader.");
    letter.label = g_strdup("VARIANT 11 OF 12: other states (TX, GA, VT, FL, NJ, AZ, MN, OH, ...) "
                            "· deceased · en · without enrolment code · no covered entity · "
                            "123456 recipients");
    assert_int_equal(bl_layout(&doc, &letter, fonts, diag), 0);
    assert_int_equal(pango_layout_get_line_count(doc->label), 1);
    pango_layout_get_extents(doc->label, &ink, NULL);
    assert_true(12.0 + (double)(ink.y + ink.height) / PANGO_SCALE < BL_RETURN_Y - BL_WINDOW_MARGIN);
    docs[0] = doc;
    assert_int_equal(bl_sink_write_once("pdf", pdf, &letter, docs, 1, NULL, diag), 0);
    assert_int_equal(fixture_pdf_word(pdf, 1, "VARIANT", &box), 1);
    assert_true(box.y1 < BL_RETURN_Y - BL_WINDOW_MARGIN);
    assert_int_equal(fixture_pdf_word(pdf, 1, "other", &box), 1);
    assert_true(box.y1 < BL_RETURN_Y - BL_WINDOW_MARGIN);
    bl_doc_free(doc);
    bl_letter_release(&letter);
    bl_fonts_free(fonts);
    bl_diag_free(diag);
    fixture_rmdir(dir);
    g_free(dir);
    g_free(pdf);
}

/* -- the sheet of variants -----------------------------------------------------------------------
 */

#define RETAILER BL_DATADIR "/examples/tamarack-2025"

/* A variant whose letter cannot be made (a language the template is not written in) is named in
 * an error, the exit status says so, and the sheet still shows it: its review page says why,
 * next to the variant that could be made. */
static void
test_variant_that_cannot_be_made_fails_loudly(void **state)
{
    char *dir = fixture_tmpdir("variants");
    char *list = fixture_write(
        dir, "list.csv",
        "id,first_name,last_name,address1,city,state,postal_code,categories,language,variant\n"
        "R-1,Ann,Lee,1 Main St,Boston,MA,02118,contact;payment-card,en,adult\n"
        "R-2,Bo,Lee,1 Main St,Boston,MA,02118,contact;payment-card,fr,adult\n",
        -1);
    char *pdf = g_build_filename(dir, "sheet.pdf", NULL);
    struct bl_preview_options opts = {0};
    struct bl_diag *diag = bl_diag_new(NULL);
    char *text;

    (void)state;
    opts.incident = RETAILER "/incident.xml";
    opts.recipients = list;
    opts.variants = TRUE;
    opts.output = pdf;
    opts.data_dir = BL_DATADIR;
    assert_int_equal(bl_preview_run(&opts, diag), BL_EXIT_BAD_INPUT);
    fixture_assert_has(bl_diag_text(diag),
                       "error: variant 2 of 2 ('residents of Massachusetts · adult · fr · "
                       "without enrolment code · no covered entity · 1 recipient') cannot be "
                       "made: the template is not written in language 'fr'");
    fixture_assert_has(bl_diag_text(diag), "  2 OF 2: residents of Massachusetts · adult · fr · "
                                           "without enrolment code · no covered entity · 1 "
                                           "recipient · NOT MADE\n");
    fixture_assert_has(bl_diag_text(diag), "(2 variants, 1 NOT MADE: see the errors, ");
    text = fixture_pdf_text(pdf);
    fixture_assert_has(text, "VARIANT 1 OF 2:");
    fixture_assert_lacks(text, "VARIANT 2 OF 2:");
    fixture_assert_has(text, "Variant 2 of 2");
    fixture_assert_has(text, "This letter could not be made");
    g_free(text);
    bl_diag_free(diag);
    fixture_rmdir(dir);
    g_free(dir);
    g_free(list);
    g_free(pdf);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diff_is_a_shortest_edit_script),
        cmocka_unit_test(test_diff_of_long_texts_needs_no_table),
        cmocka_unit_test(test_tidy_moves_a_whole_paragraph_to_its_mark),
        cmocka_unit_test(test_tidy_folds_chaff_but_not_marks),
        cmocka_unit_test(test_compare_shows_a_word_change_in_context),
        cmocka_unit_test(test_compare_shows_paragraphs_added_and_removed_whole),
        cmocka_unit_test(test_compare_of_the_same_wording),
        cmocka_unit_test(test_draft_incident_assumptions_are_listed),
        cmocka_unit_test(test_complete_incident_assumes_nothing),
        cmocka_unit_test(test_sample_person_assumptions),
        cmocka_unit_test(test_variant_person_assumptions),
        cmocka_unit_test(test_review_page_is_marked_and_complete),
        cmocka_unit_test(test_long_review_label_stays_above_the_windows),
        cmocka_unit_test(test_variant_that_cannot_be_made_fails_loudly),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

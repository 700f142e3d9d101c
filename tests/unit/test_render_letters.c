/* SPDX-License-Identifier: MIT */
/* Unit tests of render_letters.c: render's set-up (bl_render_load), each row of the list made
 * into a letter and its manifest row or recorded with the reason it got none (bl_render_row),
 * letters refused or made as drafts when they break a rule, rows held for a print book, the
 * run's record, and messages that never hold personal data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <string.h>

#include "bl_test.h"
#include "render_letters.h"

/* A deliberately non-compliant letter (no police report, no security freeze, the number of
 * people affected printed: Massachusetts requires the first two and forbids the third; what
 * Florida requires, the dates and a telephone number, it has). */
static const char bad_letter[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<letter title=\"Important Notice\" languages=\"en\">\n"
    "  <address>\n"
    "    <line><field ref=\"recipient.full_name\"/></line>\n"
    "    <line><field ref=\"recipient.address1\"/></line>\n"
    "    <line><field ref=\"recipient.city\"/>, <field ref=\"recipient.state\"/> <field "
    "ref=\"recipient.postal_code\"/></line>\n"
    "  </address>\n"
    "  <body>\n"
    "    <title>Important Notice</title>\n"
    "    <p>Dear <field ref=\"recipient.first_name\"/>,</p>\n"
    "    <p>On <field ref=\"incident.occurred_from\"/> we had a security incident, discovered on "
    "<field ref=\"incident.discovered\"/>. It affected <field ref=\"incident.total_affected\" "
    "format=\"grouped\"/> people. Call <field ref=\"org.phone\"/> with questions.</p>\n"
    "  </body>\n"
    "</letter>\n";

struct fix {
    char *dir, *incident, *list, *out;
    struct bl_render_options opts;
    struct fixture_told told;
    struct setup s;
    gboolean opened; /* s holds a set-up to release */
    struct chunk ch;
    GString *messages; /* the rows' messages, as a chunk of the tool keeps them */
};

static int
setup(void **state)
{
    struct fix *f = g_new0(struct fix, 1);

    f->dir = fixture_tmpdir("render-letters");
    f->incident = fixture_incident_file(f->dir, NULL);
    f->list = fixture_list_file(f->dir);
    f->out = g_build_filename(f->dir, "out", NULL);
    f->opts.incident = f->incident;
    f->opts.recipients = f->list;
    f->opts.outdir = f->out;
    f->opts.quiet = TRUE;
    f->ch.index = -1;
    f->messages = g_string_new(NULL);
    fixture_told_init(&f->told);
    bl_session_set_today("2025-01-06");
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fix *f = *state;

    bl_render_chunk_clear(&f->ch);
    if (f->opened) {
        bl_render_release(&f->s);
    }
    fixture_told_release(&f->told);
    bl_session_set_today(NULL);
    g_string_free(f->messages, TRUE);
    fixture_rmdir(f->dir);
    g_free(f->dir);
    g_free(f->incident);
    g_free(f->list);
    g_free(f->out);
    g_free(f);
    return 0;
}

/* The set-up of f->opts, as the tool makes it; the chunk's journal opened unless hold. */
static void
open_run(struct fix *f, gboolean hold)
{
    f->opened = TRUE;
    assert_int_equal(fixture_render_open(&f->s, &f->opts, f->told.diag), BL_EXIT_OK);
    f->ch.index = 0;
    if (hold) {
        bl_render_hold(&f->ch);
    } else {
        assert_int_equal(bl_manifest_open(&f->ch.journal, bl_outdir_fd(f->s.out), f->out,
                                          f->s.manifest, f->s.errors, f->list, TRUE, f->told.diag),
                         0);
    }
}

/* Renders every row of the list into the chunk, keeping each row's messages; returns what the
 * first row that failed returned, or 0. */
static int
render_all(struct fix *f)
{
    const struct bl_record *rec;
    gint64 index = 0;

    while (bl_source_next(f->s.src, &rec) > 0) {
        if (bl_render_row(&f->s, &f->ch, rec, index++) < 0) {
            return -1;
        }
        g_string_append(f->messages, bl_diag_text(f->s.rows_diag));
        bl_diag_clear(f->s.rows_diag);
    }
    return 0;
}

/* Completes the chunk's journal: manifest.csv and errors.csv in place. */
static void
close_journal(struct fix *f)
{
    assert_int_equal(bl_manifest_close(f->ch.journal), 0);
    f->ch.journal = NULL;
}

/* The path of rel in the output folder. Free with g_free(). */
static char *
out_path(const struct fix *f, const char *rel)
{
    return g_build_filename(f->out, rel, NULL);
}

/* The field of the row of id in the run's manifest. Free with g_free(). */
static char *
field(const struct fix *f, const char *id, const char *column)
{
    char *manifest = out_path(f, "manifest.csv");
    char *value = fixture_manifest_field(manifest, id, column);

    g_free(manifest);
    return value;
}

static void
assert_field(const struct fix *f, const char *id, const char *column, const char *want)
{
    char *got = field(f, id, column);

    if (got == NULL || strcmp(got, want) != 0) {
        fail_msg("manifest row '%s', column %s: '%s', expected '%s'", id, column,
                 got != NULL ? got : "(no row)", want);
    }
    g_free(got);
}

/* A letter the run made, read back: its manifest row names it, with its pages and hash, and the
 * PDF says what it must. */
static void
assert_letter(const struct fix *f, const char *id, const char *line, const char *state,
              const char *const *text)
{
    char *file = field(f, id, "file"), *path, *pdf, *sha, *pages;

    assert_non_null(file);
    path = out_path(f, file);
    pdf = fixture_pdf_text(path);
    sha = fixture_sha256(path);
    pages = g_strdup_printf("%d", fixture_pdf_pages(path));
    assert_field(f, id, "line", line);
    assert_field(f, id, "status", "ok");
    assert_field(f, id, "sha256", sha);
    assert_field(f, id, "pages", pages);
    assert_field(f, id, "jurisdiction", state);
    assert_field(f, id, "variant", "adult");
    assert_field(f, id, "language", "en");
    assert_field(f, id, "error", "");
    for (const char *const *t = text; *t != NULL; t++) {
        fixture_assert_has(pdf, *t);
    }
    g_free(pages);
    g_free(sha);
    g_free(pdf);
    g_free(path);
    g_free(file);
}

/* The set-up loads the session, checks the list (its rejected rows left for the rows to tell),
 * loads the fonts and opens the list past its header. */
static void
test_load_prepares_the_rows(void **state)
{
    struct fix *f = *state;
    const struct bl_record *rec;

    f->opened = TRUE;
    f->s.opts = &f->opts;
    bl_session_init(&f->s.ses, f->told.diag);
    f->s.rows_diag = bl_diag_new(NULL);
    bl_letter_init(&f->s.letter);
    assert_int_equal(bl_render_load(&f->s), BL_EXIT_OK);
    assert_non_null(f->s.ses.incident);
    assert_non_null(f->s.ses.tpl);
    assert_non_null(f->s.ses.fonts);
    assert_non_null(f->s.ses.check);
    assert_int_equal(f->s.ses.check->rows, 3);
    assert_int_equal(f->s.ses.check->rejected, 1);
    assert_ptr_equal(f->s.facts.residents, f->s.ses.check->residents);
    assert_non_null(f->s.facts.state_law);
    assert_string_equal(fixture_told_text(&f->told, BL_DIAG_ERROR), "");
    assert_string_equal(fixture_told_text(&f->told, BL_DIAG_WARNING), "");
    assert_string_equal(bl_diag_text(f->s.rows_diag), "");
    /* the list is open at its first record */
    assert_int_equal(bl_source_next(f->s.src, &rec), 1);
    assert_string_equal(rec->row_id, "R-1");
    assert_int_equal(rec->line, 2);
}

/* The list's header is told once, by the set-up: a column the incident does not know is a
 * warning; a list without a required column stops the run before any letter. */
static void
test_load_tells_the_header(void **state)
{
    struct fix *f = *state;
    char *extra =
        fixture_write(f->dir, "extra.csv",
                      "id,first_name,last_name,address1,city,state,ZIP,categories,enrolment_code,"
                      "entity,shoe_size\n"
                      "R-1,Ada,Lovelace,12 Analytical Way,Boston,MA,02139,ssn,ENR-1,sunrise,7\n",
                      -1);
    char *headless =
        fixture_write(f->dir, "headless.csv", "first_name,last_name\nAda,Lovelace\n", -1);
    char *want = g_strdup_printf("%s:1: warning: ignoring unknown columns 'shoe_size'\n", extra);

    f->opts.recipients = extra;
    f->opened = TRUE;
    assert_int_equal(fixture_render_open(&f->s, &f->opts, f->told.diag), BL_EXIT_OK);
    assert_string_equal(fixture_told_text(&f->told, BL_DIAG_WARNING), want);
    bl_render_release(&f->s);
    f->opened = FALSE;

    f->opts.recipients = headless;
    g_string_truncate(f->told.kind[BL_DIAG_WARNING], 0);
    f->opened = TRUE;
    assert_int_equal(fixture_render_open(&f->s, &f->opts, f->told.diag), BL_EXIT_BAD_INPUT);
    g_free(want);
    want = g_strdup_printf("%s:1: error: ", headless);
    fixture_assert_has(fixture_told_text(&f->told, BL_DIAG_ERROR), want);
    fixture_assert_lacks(fixture_told_text(&f->told, BL_DIAG_ERROR), "Lovelace");
    assert_null(f->s.src);
    g_free(want);
    g_free(extra);
    g_free(headless);
}

/* Every valid row becomes a letter, a PDF of its own with the person's name and address, and a
 * manifest row that names it with its pages and hash; the rejected row gets no letter, and its
 * manifest and errors rows say why, with its line. */
static void
test_each_row_is_a_letter_or_an_error(void **state)
{
    struct fix *f = *state;
    static const char *const ada[] = {"Ada Lovelace", "12 Analytical Way", "Boston, MA 02139",
                                      "Social Security number", NULL};
    static const char *const claire[] = {"Claire Dupont", "5 Main St", "Miami, FL 33131", NULL};
    char *errors, *pdf, *path, *want;

    open_run(f, FALSE);
    assert_int_equal(render_all(f), 0);
    close_journal(f);

    assert_int_equal(fixture_manifest_rows(f->s.manifest_shown), 3);
    assert_field(f, "R-1", "file", "R-1.pdf");
    assert_letter(f, "R-1", "2", "MA", ada);
    assert_letter(f, "R-3", "4", "FL", claire);
    path = out_path(f, "R-1.pdf");
    pdf = fixture_pdf_text(path);
    fixture_assert_lacks(pdf, "Claire"); /* each letter is its person's alone */
    g_free(pdf);
    g_free(path);

    assert_field(f, "R-2", "line", "3");
    assert_field(f, "R-2", "status", "error");
    assert_field(f, "R-2", "file", "");
    assert_field(f, "R-2", "sha256", "");
    assert_field(f, "R-2", "error", "row has 2 fields but the header has 10");
    errors = fixture_read(f->s.errors_shown, NULL);
    want = g_strdup_printf("where,id,status,error\r\n%s:3,R-2,error,row has 2 fields but the "
                           "header has 10\r\n",
                           f->list);
    assert_string_equal(errors, want);
    g_free(want);
    want = g_strdup_printf(
        "%s:3: error: row has 2 fields but the header has 10 (recipient 'R-2')\n", f->list);
    assert_string_equal(f->messages->str, want);

    assert_int_equal(f->ch.counts.rows, 3);
    assert_int_equal(f->ch.counts.letters, 2);
    assert_int_equal(f->ch.counts.errors, 1);
    assert_int_equal(f->ch.counts.refused, 0);
    assert_int_equal(bl_render_exit_status(&f->ch.counts), BL_EXIT_ROWS_REJECTED);
    /* a row's problems are the row's: the run's diag heard none of them */
    assert_string_equal(fixture_told_text(&f->told, BL_DIAG_ERROR), "");
    g_free(want);
    g_free(errors);
}

/* A rejected row is told by its id, never by what it holds: not the name, the address nor a
 * number found where it does not belong; an id shaped like a Social Security number is withheld
 * from the messages, the manifest and the letter's file name. */
static void
test_messages_hold_no_personal_data(void **state)
{
    struct fix *f = *state;
    char *manifest, *errors, *path;
    GDir *d;
    const char *name;

    g_free(f->list);
    f->list =
        fixture_write(f->dir, "list.csv",
                      FIXTURE_LIST_HEADER
                      "R-4,Ada,Lovelace,12 Analytical Way,Boston,MA,999,ssn,ENR-4,sunrise\n"
                      "R-5,Ben,Franklin,1 Kite St,Philadelphia,PA,19106,078-05-1120,ENR-5,sunrise\n"
                      "219-09-9999,Cy,Young,3 Pine St,Topeka,KS,66603,ssn,,sunrise\n"
                      "457-55-5462,Dee,Lo,4 Elm St,Salem,MA,01970,ssn,,nobody\n",
                      -1);
    f->opts.recipients = f->list;
    open_run(f, FALSE);
    assert_int_equal(render_all(f), 0);
    close_journal(f);
    manifest = fixture_read(f->s.manifest_shown, NULL);
    errors = fixture_read(f->s.errors_shown, NULL);
    fixture_assert_has(f->messages->str, "(recipient 'R-4')");
    fixture_assert_has(f->messages->str, "(recipient 'R-5')");
    fixture_assert_has(f->messages->str, "[number withheld]");
    {
        const char *told[] = {f->messages->str, manifest, errors,
                              fixture_told_text(&f->told, BL_DIAG_ERROR),
                              fixture_told_text(&f->told, BL_DIAG_WARNING)};
        const char *personal[] = {"Lovelace",    "Analytical",  ",999",
                                  "Franklin",    "Kite St",     "078-05-1120",
                                  "219-09-9999", "457-55-5462", "Salem"};

        for (gsize i = 0; i < G_N_ELEMENTS(told); i++) {
            for (gsize k = 0; k < G_N_ELEMENTS(personal); k++) {
                fixture_assert_lacks(told[i], personal[k]);
            }
        }
    }
    assert_int_equal(f->ch.counts.letters, 1);
    /* the letter of the withheld id is named by its place in the list */
    assert_int_equal(fixture_manifest_rows(f->s.manifest_shown), 4);
    assert_field(f, "[number withheld]", "file", "withheld-record-3.pdf");
    path = out_path(f, "withheld-record-3.pdf");
    assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
    d = g_dir_open(f->out, 0, NULL);
    while ((name = g_dir_read_name(d)) != NULL) {
        fixture_assert_lacks(name, "219");
    }
    g_dir_close(d);
    g_free(path);
    g_free(errors);
    g_free(manifest);
}

/* Makes the run's incident use bad_letter as its template. */
static void
use_bad_letter(struct fix *f)
{
    char *bad_dir = g_build_filename(f->dir, "bad", NULL);

    g_mkdir(bad_dir, 0700);
    g_free(fixture_write(bad_dir, "letter.xml", bad_letter, -1));
    g_free(f->incident);
    f->incident = fixture_incident_file(f->dir, "bad");
    f->opts.incident = f->incident;
    g_free(bad_dir);
}

/* A letter that breaks a rule of the recipient's state is refused, the rule named in its row,
 * and no PDF is made; the same letter is made watermarked DRAFT with --allow-draft. The set-up
 * tells the findings once (not with --only, whose row says why). */
static void
test_letters_breaking_a_rule_are_refused_or_drafts(void **state)
{
    struct fix *f = *state;
    char *path, *raw, *error;

    use_bad_letter(f);

    open_run(f, FALSE);
    fixture_assert_has(fixture_told_text(&f->told, BL_DIAG_ERROR), "error: MA ma-count: ");
    fixture_assert_has(fixture_told_text(&f->told, BL_DIAG_NOTE),
                       "the letters these findings concern are not rendered");
    assert_int_equal(render_all(f), 0);
    close_journal(f);
    assert_field(f, "R-1", "status", "refused");
    assert_field(f, "R-1", "file", "");
    assert_field(f, "R-1", "jurisdiction", "MA");
    error = field(f, "R-1", "error");
    assert_true(g_str_has_prefix(error, "not compliant: MA ma-"));
    g_free(error);
    assert_field(f, "R-3", "status", "ok");
    path = out_path(f, "R-1.pdf");
    assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    assert_int_equal(f->ch.counts.refused, 1);
    assert_int_equal(f->ch.counts.letters, 1);
    assert_int_equal(bl_render_exit_status(&f->ch.counts), BL_EXIT_NONCOMPLIANT);
    bl_render_chunk_clear(&f->ch);
    bl_render_release(&f->s);
    fixture_rmdir(f->out);

    f->opts.allow_draft = TRUE;
    g_string_truncate(f->told.kind[BL_DIAG_NOTE], 0);
    open_run(f, FALSE);
    fixture_assert_has(fixture_told_text(&f->told, BL_DIAG_NOTE), "rendered as DRAFTs");
    assert_int_equal(render_all(f), 0);
    close_journal(f);
    assert_field(f, "R-1", "status", "draft");
    assert_field(f, "R-1", "file", "R-1.pdf");
    assert_field(f, "R-1", "error", "");
    assert_field(f, "R-3", "status", "ok");
    raw = fixture_pdf_text_raw(path);
    fixture_assert_has(raw, "D\nR\nA\nF\nT\n"); /* the watermark, a letter a line */
    fixture_assert_has(raw, "Ada Lovelace");
    g_free(raw);
    g_free(path);
    path = out_path(f, "R-3.pdf");
    raw = fixture_pdf_text_raw(path);
    fixture_assert_lacks(raw, "D\nR\nA\nF\nT\n");
    g_free(raw);
    assert_int_equal(f->ch.counts.drafts, 1);
    assert_int_equal(f->ch.counts.letters, 2);
    assert_int_equal(bl_render_exit_status(&f->ch.counts), BL_EXIT_ROWS_REJECTED);
    bl_render_chunk_clear(&f->ch);
    bl_render_release(&f->s);
    fixture_rmdir(f->out);

    /* one letter asked for: its row says why, the set-up says nothing */
    f->opts.allow_draft = FALSE;
    f->opts.only = "R-1";
    g_string_truncate(f->told.kind[BL_DIAG_ERROR], 0);
    g_string_truncate(f->told.kind[BL_DIAG_NOTE], 0);
    open_run(f, FALSE);
    assert_string_equal(fixture_told_text(&f->told, BL_DIAG_ERROR), "");
    assert_string_equal(fixture_told_text(&f->told, BL_DIAG_NOTE), "");
    g_free(path);
}

/* A valid row whose letter cannot be made (here: a language the template is not written in, in
 * a run that makes drafts of what breaks a rule) is an error row, told by the run with the
 * list's line and the row's id, a withheld one too. */
static void
test_a_letter_that_cannot_be_made_is_an_error_row(void **state)
{
    struct fix *f = *state;
    char *want;

    use_bad_letter(f);
    g_free(f->list);
    f->list = fixture_write(f->dir, "list.csv",
                            "id,first_name,last_name,address1,city,state,ZIP,categories,"
                            "enrolment_code,entity,language\n"
                            "219-09-9999,Cy,Young,3 Pine St,Topeka,KS,66603,ssn,,sunrise,fr\n"
                            "R-7,Cy,Young,3 Pine St,Topeka,KS,66603,ssn,,sunrise,fr\n",
                            -1);
    f->opts.recipients = f->list;
    f->opts.allow_draft = TRUE;
    open_run(f, FALSE);
    assert_int_equal(render_all(f), 0);
    close_journal(f);
    want = g_strdup_printf("%s:2: error: the template is not written in language 'fr' (it has: "
                           "en) (recipient '[number withheld]')\n"
                           "%s:3: error: the template is not written in language 'fr' (it has: "
                           "en) (recipient 'R-7')\n",
                           f->list, f->list);
    assert_string_equal(f->messages->str, want);
    assert_field(f, "R-7", "status", "error");
    assert_field(f, "R-7", "file", "");
    assert_field(f, "R-7", "jurisdiction", "KS");
    assert_field(f, "R-7", "language", "fr");
    assert_field(f, "R-7", "error", "the template is not written in language 'fr' (it has: en)");
    assert_int_equal(f->ch.counts.errors, 2);
    assert_int_equal(f->ch.counts.letters, 0);
    fixture_assert_lacks(fixture_told_text(&f->told, BL_DIAG_ERROR), "219-09-9999");
    g_free(want);
}

/* Rows held (for a print book, or for --only) keep their own copies of the record's strings,
 * which the source reuses row after row; nothing goes to a journal. */
static void
test_held_rows_keep_their_strings(void **state)
{
    struct fix *f = *state;
    const char *ids[] = {"R-1", "R-2", "R-3"};

    open_run(f, TRUE);
    assert_int_equal(render_all(f), 0);
    bl_source_free(f->s.src); /* the records' storage goes */
    f->s.src = NULL;
    assert_int_equal(f->ch.held->len, 3);
    for (guint i = 0; i < 3; i++) {
        const struct bl_manifest_row *row = &g_array_index(f->ch.held, struct bl_manifest_row, i);

        assert_string_equal(row->id, ids[i]);
        assert_int_equal(row->line, (int)i + 2);
    }
    assert_string_equal(g_array_index(f->ch.held, struct bl_manifest_row, 1).error,
                        "row has 2 fields but the header has 10");
    assert_string_equal(g_array_index(f->ch.held, struct bl_manifest_row, 0).jurisdiction, "MA");
    assert_string_equal(g_array_index(f->ch.held, struct bl_manifest_row, 2).file, "R-3.pdf");
    assert_null(f->ch.journal);
}

/* A chunk with a print book puts its letters in the book one after the other (a letter starts
 * on a front page when the book is printed on both sides); its rows name the book, its number
 * and each letter's first page, and the book's hash comes when it is finished. */
static void
test_letters_of_a_book(void **state)
{
    struct fix *f = *state;
    char *book, sha[65] = "", *sum;
    int first, second;
    struct fixture_box box;
    const struct bl_manifest_row *r1, *r3;

    open_run(f, TRUE);
    f->ch.book_file = g_strdup("book-000001.pdf");
    assert_int_equal(render_all(f), 0);
    r1 = &g_array_index(f->ch.held, struct bl_manifest_row, 0);
    r3 = &g_array_index(f->ch.held, struct bl_manifest_row, 2);
    assert_string_equal(r1->file, "book-000001.pdf");
    assert_int_equal(r1->book, 1);
    assert_int_equal(r1->first_page, 1);
    assert_null(r1->sha256);
    first = r1->pages;
    second = r3->pages;
    assert_true(first > 0 && second > 0);
    assert_int_equal(r3->first_page, first + first % 2 + 1);
    assert_int_equal(bl_sink_finish(f->ch.sink, sha), 0);
    book = out_path(f, "book-000001.pdf");
    sum = fixture_sha256(book);
    assert_string_equal(sha, sum);
    assert_int_equal(fixture_pdf_pages(book), r3->first_page + second - 1 + second % 2);
    assert_int_equal(fixture_pdf_word(book, r3->first_page, "Claire", &box), 1);
    assert_int_equal(fixture_pdf_word(book, 1, "Claire", &box), 0);
    assert_int_equal(fixture_pdf_word(book, 1, "Ada", &box), 1);
    g_free(sum);
    g_free(book);
}

/* In a run of print books, a letter whose address fits no window goes into the chunk's
 * exceptions book, never into its print book; finishing the chunk completes both books and
 * writes every row with the hash of the book it is in. */
static void
test_exceptions_of_a_book(void **state)
{
    struct fix *f = *state;
    static const char list[] = FIXTURE_LIST_HEADER
        "R-1,Ada,Lovelace,12 Analytical Way,Boston,MA,02139,ssn,ENR-1,sunrise\n"
        "R-2,Maximiliana,Featherstonehaugh-Cholmondeley-Worthington-Smythe-Fotheringay,8420 NW "
        "24th Court,Miami,FL,33131,ssn,ENR-2,sunrise\n"
        "R-3,Claire,Dupont,5 Main St,Miami,FL,33131,ssn;contact,ENR-3,sunrise\n";
    char *book, *exceptions, *sum, *list_csv, *text = NULL;
    struct fixture_box box;

    g_free(f->list);
    f->list = fixture_write(f->dir, "list.csv", list, -1);
    f->opts.recipients = f->list;
    open_run(f, TRUE);
    f->ch.book_file = g_strdup("book-000001.pdf");
    assert_int_equal(render_all(f), 0);
    fixture_assert_has(f->messages->str, "the letter is made for manual handling");
    assert_int_equal(bl_manifest_open(&f->ch.journal, bl_outdir_fd(f->s.out), f->out, f->s.manifest,
                                      f->s.errors, f->list, TRUE, f->told.diag),
                     0);
    assert_int_equal(bl_render_chunk_finish(&f->ch), 0);
    close_journal(f);
    book = out_path(f, "book-000001.pdf");
    exceptions = out_path(f, "exceptions-000001.pdf");
    assert_field(f, "R-2", "status", "exception");
    assert_field(f, "R-2", "file", "exceptions-000001.pdf");
    assert_field(f, "R-2", "book", "1");
    assert_field(f, "R-2", "first_page", "1");
    sum = fixture_sha256(exceptions);
    assert_field(f, "R-2", "sha256", sum);
    g_free(sum);
    assert_field(f, "R-3", "file", "book-000001.pdf");
    sum = fixture_sha256(book);
    assert_field(f, "R-1", "sha256", sum);
    assert_field(f, "R-3", "sha256", sum);
    g_free(sum);
    /* the exception is in its book and its list, the others in theirs */
    assert_int_equal(fixture_pdf_word(exceptions, 1, "Maximiliana", &box), 1);
    assert_int_equal(fixture_pdf_word(book, 1, "Maximiliana", &box), 0);
    list_csv = out_path(f, "exceptions-000001.csv");
    assert_true(g_file_get_contents(list_csv, &text, NULL, NULL));
    fixture_assert_has(text, ",R-2,1,");
    assert_null(strstr(text, "R-1"));
    g_free(text);
    g_free(list_csv);
    g_free(exceptions);
    g_free(book);
}

/* A letter that cannot be written (its folder's name taken by a file) stops the run: the row
 * is not counted nor written, the reason is the run's. */
static void
test_a_letter_that_cannot_be_written_stops_the_run(void **state)
{
    struct fix *f = *state;
    const struct bl_record *rec;
    char *rel, *dir, *blocker;

    open_run(f, FALSE);
    f->s.dir_levels = 1;
    rel = bl_run_letter_path("R-1", 0, 1);
    dir = g_path_get_dirname(rel);
    blocker = fixture_write(f->out, dir, "a file where a folder goes", -1);
    assert_int_equal(bl_source_next(f->s.src, &rec), 1);
    assert_int_equal(bl_render_row(&f->s, &f->ch, rec, 0), -1);
    assert_true(bl_diag_error_count(f->told.diag) > 0);
    assert_int_equal(f->ch.counts.rows, 0);
    close_journal(f);
    assert_int_equal(fixture_manifest_rows(f->s.manifest_shown), 0);
    g_free(blocker);
    g_free(dir);
    g_free(rel);
}

/* The run's record: what its letters depend on (the inputs' hashes, the list's rows, the data,
 * the options that change letters), sealed with a run identity that these decide and the part
 * of the run does not. */
static void
test_record_of_the_run(void **state)
{
    struct fix *f = *state;
    struct bl_run_record a, b, c;
    char *incident_sha = fixture_sha256(f->incident), *list_sha = fixture_sha256(f->list);

    f->opts.book = 8;
    f->opts.only = "R-1";
    open_run(f, TRUE);
    bl_render_record(&f->s, 2, TRUE, &a);
    assert_string_equal(a.program, "breachletter " BL_VERSION);
    assert_string_equal(a.incident_sha256, incident_sha);
    assert_string_equal(a.list_sha256, list_sha);
    assert_int_equal(a.list_rows, 3);
    assert_string_equal(a.data_sha256, f->s.data_sha256);
    assert_int_equal(a.book, 0); /* one letter is never in a book */
    assert_int_equal(a.letter_dirs, 2);
    assert_true(a.partial);
    assert_int_equal(a.shard, 0);
    assert_int_equal(a.shards, 1);
    assert_int_equal(strlen(a.run), 64);
    bl_render_record(&f->s, 2, FALSE, &b);
    assert_string_equal(a.run, b.run); /* a part of the run is of the same run */
    bl_run_record_release(&b);
    bl_render_record(&f->s, 1, TRUE, &b);
    f->opts.allow_draft = TRUE;
    bl_render_record(&f->s, 2, TRUE, &c);
    assert_string_not_equal(a.run, b.run);
    assert_string_not_equal(a.run, c.run);
    bl_run_record_release(&a);
    bl_run_record_release(&b);
    bl_run_record_release(&c);
    g_free(incident_sha);
    g_free(list_sha);
}

/* The record written beside the manifest holds the hashes of the manifest and errors file as
 * they are in the folder; without a manifest there is nothing to record. */
static void
test_record_written_beside_the_manifest(void **state)
{
    struct fix *f = *state;
    struct bl_run_record r, back;
    struct bl_diag *diag = bl_diag_new(NULL);
    char *record, *json, *manifest_sha, *errors_sha;

    open_run(f, FALSE);
    bl_render_record(&f->s, 0, FALSE, &r);
    assert_int_equal(bl_render_write_record(&f->s, &r), -1); /* the journal is not in place */
    fixture_assert_has(fixture_told_text(&f->told, BL_DIAG_ERROR),
                       "manifest.csv: error: cannot read the manifest back");
    assert_int_equal(render_all(f), 0);
    close_journal(f);
    assert_int_equal(bl_render_write_record(&f->s, &r), 0);
    record = out_path(f, "manifest.run.json");
    json = fixture_read(record, NULL);
    assert_int_equal(bl_run_record_parse(&back, json, strlen(json), record, diag), 0);
    manifest_sha = fixture_sha256(f->s.manifest_shown);
    errors_sha = fixture_sha256(f->s.errors_shown);
    assert_string_equal(back.manifest, "manifest.csv");
    assert_string_equal(back.manifest_sha256, manifest_sha);
    assert_string_equal(back.errors, "errors.csv");
    assert_string_equal(back.errors_sha256, errors_sha);
    assert_string_equal(back.run, r.run);
    assert_false(back.partial);
    g_free(manifest_sha);
    g_free(errors_sha);
    bl_run_record_release(&back);
    bl_run_record_release(&r);
    g_free(json);
    g_free(record);
    bl_diag_free(diag);
}

/* The list must stay the file fingerprinted before the first letter: rewritten, it is told as
 * the run's error. */
static void
test_list_changed_during_the_run(void **state)
{
    struct fix *f = *state;
    char *text;

    open_run(f, FALSE);
    assert_true(bl_render_list_unchanged(&f->s, -1));
    assert_true(bl_render_list_unchanged(&f->s, bl_source_fd(f->s.src)));
    assert_string_equal(fixture_told_text(&f->told, BL_DIAG_ERROR), "");
    text = fixture_read(f->list, NULL);
    g_free(fixture_write(f->dir, "list.csv", text, (gssize)strlen(text) - 1));
    assert_false(bl_render_list_unchanged(&f->s, -1));
    fixture_assert_has(fixture_told_text(&f->told, BL_DIAG_ERROR),
                       "error: the recipient list changed while it was being rendered");
    g_free(text);
}

/* A chunk cleared before its journal is complete leaves no manifest, whole or partial. */
static void
test_cleared_chunk_leaves_no_journal(void **state)
{
    struct fix *f = *state;
    char *tree;

    open_run(f, FALSE);
    assert_int_equal(render_all(f), 0);
    bl_render_chunk_clear(&f->ch);
    assert_int_equal(f->ch.index, -1);
    assert_null(f->ch.journal);
    tree = fixture_tree(f->out);
    fixture_assert_lacks(tree, "manifest");
    fixture_assert_lacks(tree, "errors");
    fixture_assert_has(tree, "R-1.pdf ");
    g_free(tree);
}

/* The status a run's counts call for: refusals first, then rejected rows. */
static void
test_exit_status_of_the_counts(void **state)
{
    struct bl_manifest_counts c = {.rows = 3, .letters = 3, .drafts = 1};

    assert_int_equal(bl_render_exit_status(&c), BL_EXIT_OK);
    c.errors = 1;
    assert_int_equal(bl_render_exit_status(&c), BL_EXIT_ROWS_REJECTED);
    c.refused = 1;
    assert_int_equal(bl_render_exit_status(&c), BL_EXIT_NONCOMPLIANT);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_load_prepares_the_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_tells_the_header, setup, teardown),
        cmocka_unit_test_setup_teardown(test_each_row_is_a_letter_or_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_messages_hold_no_personal_data, setup, teardown),
        cmocka_unit_test_setup_teardown(test_letters_breaking_a_rule_are_refused_or_drafts, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_letter_that_cannot_be_made_is_an_error_row, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_held_rows_keep_their_strings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exceptions_of_a_book, setup, teardown),
        cmocka_unit_test_setup_teardown(test_letters_of_a_book, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_letter_that_cannot_be_written_stops_the_run, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_record_of_the_run, setup, teardown),
        cmocka_unit_test_setup_teardown(test_record_written_beside_the_manifest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_changed_during_the_run, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cleared_chunk_leaves_no_journal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exit_status_of_the_counts, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/* The unit tests' support library (bl_test_support, tests/support/): the fixtures a test is given
 * (the test incident, the shipped contacts, a hand-made recipient) and the scaffolding around
 * them (temporary directories, files, PDFs read back, text that must appear). Every unit test
 * links it. A helper that cannot do its work fails the calling test (cmocka), so tests need not
 * check what it returns. */
#ifndef BL_TEST_H
#define BL_TEST_H

#include <glib.h>

#include "contacts.h"
#include "diag.h"
#include "incident.h"
#include "source.h"

/* The incident schema and the category vocabulary of the source tree. */
#define SCHEMA BL_DATADIR "/templates/schema/incident.rng"
#define VOCAB  BL_DATADIR "/templates/categories.xml"

/* --- fixtures --------------------------------------------------------------------------------- */

/* The test incident, tests/data/incident/good.xml, loaded and validated; NULL (its messages on
 * stderr) when it cannot be. Free with bl_incident_free(). */
struct bl_incident *fixture_incident(void);

/* The shipped contacts file, templates/contacts.xml; NULL (its messages on stderr) when it
 * cannot be loaded. Free with bl_contacts_free(). */
struct bl_contacts *fixture_contacts(void);

/* The shipped jurisdiction rules, or NULL with the reason on stderr. Free with bl_rules_free(). */
struct bl_rules;
struct bl_rules *fixture_rules(void);

/* A valid adult recipient in Florida ("Zoë O'Connor", 12 Palm Way, Tampa FL 33602, id R-0001,
 * language en) exposed to the given category ids of inc (NULL-terminated). Free with
 * fixture_recipient_free(). */
struct bl_recipient *fixture_recipient(const struct bl_incident *inc,
                                       const char *const *categories);

/* Replaces a string member of a fixture_recipient() (frees the old value). */
void fixture_set(char **member, const char *value);

void fixture_recipient_free(struct bl_recipient *r);

/* --- files and directories -------------------------------------------------------------------- */

/* A new private temporary directory "bl-NAME-XXXXXX" under the system's temporary folder.
 * Remove with fixture_rmdir(), free with g_free(). */
char *fixture_tmpdir(const char *name);

/* Removes a directory and everything in it; symbolic links are removed, never followed. */
void fixture_rmdir(const char *dir);

/* Writes len bytes of text (len < 0: up to its NUL) to the file name in dir, replacing it.
 * Returns its path; free with g_free(). */
char *fixture_write(const char *dir, const char *name, const char *text, gssize len);

/* Sets the file's time of change an hour back (a check's memo reads a list written just now
 * again, whose time may not have moved with a write). */
void fixture_backdate(const char *path);

/* Sets the file's time of change to now plus offset seconds (may be negative). */
void fixture_set_time(const char *path, long offset);

/* The bytes of the file at path, NUL-terminated; their count in *len unless len is NULL. Free
 * with g_free(). */
char *fixture_read(const char *path, gsize *len);

/* The SHA-256 (hex) of the bytes of the file at path, as a manifest gives it. Free with
 * g_free(). */
char *fixture_sha256(const char *path);

/* Everything under dir, a line per entry in name order, paths relative to dir: "path sha256"
 * for a file, "path -> target" for a symbolic link (never followed), "path/" for a folder. Two
 * calls that give the same text show that nothing under dir changed. Free with g_free(). */
char *fixture_tree(const char *dir);

/* --- PDFs read back --------------------------------------------------------------------------- */

/* The text of the PDF at path as poppler's pdftotext reads it (UTF-8, -layout), pages ended by
 * form feeds. Free with g_free(). */
char *fixture_pdf_text(const char *path);

/* The same in the order the PDF draws the text (pdftotext -raw): text drawn at an angle, such
 * as a watermark, comes out whole, a letter a line. */
char *fixture_pdf_text_raw(const char *path);

/* The number of pages of the PDF at path, as poppler's pdfinfo reads it. */
int fixture_pdf_pages(const char *path);

/* Where a word is on a page, in points from the top left corner of the page. */
struct fixture_box {
    double x0, y0, x1, y1;
};

/* Finds the first word equal to word on page (1-based) of the PDF at path, as pdftotext -bbox
 * reads it (a word is text between spaces; markup characters as text: "O'Connor"). Returns 1
 * and sets *out, or 0 when the page has no such word. */
int fixture_pdf_word(const char *path, int page, const char *word, struct fixture_box *out);

/* --- what the library tells ------------------------------------------------------------------ */

/* A diag with a function, as the tool gives one (the level applies, holds hold), and the texts
 * it was told, by kind: fixture_told_text(&t, BL_DIAG_REPORT). */
struct fixture_told {
    struct bl_diag *diag;
    GString *kind[BL_DIAG_REPORT + 1];
};

void fixture_told_init(struct fixture_told *t);
void fixture_told_release(struct fixture_told *t);
#define fixture_told_text(t, k) ((const char *)(t)->kind[(k)]->str)

/* The process's own standard output and error caught in a file while the library works, to
 * show that it prints nothing. */
struct fixture_caught {
    char *path;
    int saved[2];
};

void fixture_catch_output(struct fixture_caught *c);

/* Ends the catch; returns what was written to standard output and error. Free with g_free(). */
char *fixture_release_output(struct fixture_caught *c);

/* --- the commands' inputs and runs ------------------------------------------------------------ */

/* The test incident (tests/data/incident/good.xml) written as dir/incident.xml with the letter
 * template named template (NULL: the shipped "us-notice") in place of its own, which no data
 * folder has: what the commands load (a template is looked for beside the incident first).
 * Returns its path; free with g_free(). */
char *fixture_incident_file(const char *dir, const char *template);

/* The first draft of an incident, written as dir/name: an organisation's name ("Acme Health"),
 * one category (ssn) and the shipped template, nothing else yet. A strict load refuses it (no
 * <address>, no <dates>); a draft's load keeps it, every missing field marked. Returns its path;
 * free with g_free(). */
char *fixture_draft_incident_file(const char *dir, const char *name);

/* The header of a recipient list for the test incident: its postal codes are in a column 'ZIP',
 * and every row names its covered entity, 'sunrise'. */
#define FIXTURE_LIST_HEADER                                                                        \
    "id,first_name,last_name,address1,city,state,ZIP,categories,enrolment_code,entity\n"

/* A list for the test incident, written as dir/list.csv: on line 2 R-1 (Ada Lovelace, 12
 * Analytical Way, Boston MA 02139, Social Security number), on line 3 R-2, rejected ("row has 2
 * fields but the header has 10"), on line 4 R-3 (Claire Dupont, 5 Main St, Miami FL 33131,
 * Social Security number and contact information). Returns its path; free with g_free(). */
char *fixture_list_file(const char *dir);

struct bl_render;
struct bl_render_options;

/* render's set-up of opts as the tool makes it before its first letter: the inputs
 * fingerprinted, bl_render_load, the output folder made, opened and locked, the run's files
 * named (manifest.csv, errors.csv, manifest.run.json) and a fixed hash for the data folder.
 * Problems are told to diag (borrowed: it must outlive s). Returns an enum bl_exit; release s
 * with bl_render_release() in any case. */
int fixture_render_open(struct bl_render *s, const struct bl_render_options *opts,
                        struct bl_diag *diag);

/* A whole run of opts into opts->outdir, made in this process in one chunk as the tool's
 * workers make theirs: every row through bl_render_row into the manifest and errors file, a PDF
 * per letter in the levels of folders opts->files_per_dir calls for (0: none), then the run's
 * record. What --only finds when a run is finished. Returns the run's exit status (an enum
 * bl_exit). */
int fixture_render_run(const struct bl_render_options *opts, struct bl_diag *diag);

/* The field named column (see bl_manifest_columns) of the row of id in the manifest at path,
 * NULL when no row has that id. Free with g_free(). */
char *fixture_manifest_field(const char *path, const char *id, const char *column);

/* The number of rows of the manifest at path, its header left out. */
int fixture_manifest_rows(const char *path);

/* --- the recipient list ----------------------------------------------------------------------- */

/* The data of the source's tests (tests/data/source/). */
#define FIXTURE_SOURCE_DATA BL_TEST_DATA "/source/"

/* The header of the lists fixture_source_row() writes. */
#define FIXTURE_SOURCE_HEADER                                                                      \
    "id,first_name,last_name,address1,city,state,postal_code,country,jurisdiction,categories,"     \
    "variant,language,entity\n"

/* A list being read: an incident built by hand (language en; categories ssn, date-of-birth,
 * medical-treatment, indexes 0 to 2; no covered entity until fixture_source_entity), what the
 * source told, the source open (or NULL) and a temporary folder for the lists written. A cmocka
 * setup and teardown, per test: each gets the fixture as *state. */
struct fixture_source {
    struct bl_incident *incident;
    struct bl_diag *diag;
    struct bl_source *src;
    char *dir;
};

int fixture_source_setup(void **state);
int fixture_source_teardown(void **state);

/* Adds a covered entity to the incident. */
void fixture_source_entity(struct fixture_source *f, const char *id, const char *name);

/* Writes len bytes of data (len < 0: up to its NUL) as f->dir/name; returns its path (free with
 * g_free()). */
char *fixture_source_write(struct fixture_source *f, const char *name, const char *data,
                           gssize len);

/* Opens the list at path as f->src (closing the one open); failing to open it fails the test. */
void fixture_source_open(struct fixture_source *f, const char *path);

/* The next record of f->src; the end of the list or an error fails the test. */
const struct bl_record *fixture_source_next(struct fixture_source *f);

/* Fails the test unless f->src is at its end, and stays there. */
void fixture_source_end(struct fixture_source *f);

/* Fails the test unless rec is valid / rejected with exactly error / has the n category
 * indexes expected, in order. */
void fixture_assert_valid(const struct bl_record *rec);
void fixture_assert_rejected(const struct bl_record *rec, const char *error);
void fixture_assert_categories(const struct bl_record *rec, int n, const int *expected);

/* Opens a list of FIXTURE_SOURCE_HEADER and row (no line break) and returns its record. */
const struct bl_record *fixture_source_row(struct fixture_source *f, const char *row);

/* --- the check ------------------------------------------------------------------------------- */

/* The shipped us-notice letter template. */
#define FIXTURE_CHECK_LETTER BL_DATADIR "/templates/us-notice/letter.xml"

/* The header of a list for the check's fixture (the test incident maps postal_code to ZIP). */
#define FIXTURE_CHECK_HEADER "id,first_name,last_name,address1,city,state,ZIP,categories,entity\n"

struct bl_template;
struct bl_check_report;
struct bl_finding;
struct bl_deadline_row;
struct bl_obligation;

/* What a check is run on and what it found: the shipped rules and contacts (kept for the
 * group of tests), and per run the incident, the template and the report. A cmocka group's
 * setup and teardown: cmocka_run_group_tests(tests, fixture_check_setup,
 * fixture_check_teardown); each test gets the fixture as *state. */
struct fixture_check {
    char *dir; /* a temporary folder for the incident and list written */
    struct bl_rules *rules;
    struct bl_contacts *contacts;
    struct bl_diag *diag; /* what the last run told (bl_diag_text) */
    struct bl_incident *incident;
    struct bl_template *tpl;
    struct bl_check_report *rep;
    struct bl_check_memo *memo; /* given to every check when not NULL (the test's to free) */
};

int fixture_check_setup(void **state);
int fixture_check_teardown(void **state);

/* Frees the last run's incident, template and report. */
void fixture_check_reset(struct fixture_check *f);

/* The test incident (tests/data/incident/good.xml) written as f->dir/incident.xml, with its
 * first `from` replaced by `to` (from NULL: as it is; a from it lacks fails the test). Returns
 * its path; free with g_free(). */
char *fixture_check_incident(struct fixture_check *f, const char *from, const char *to);

/* The test incident discovered (and occurred) on `discovered`, its letters dated `notice`, extra
 * text after <notice> (or NULL), and monitoring open until 2099. Free with g_free(). */
char *fixture_check_incident_dated(struct fixture_check *f, const char *discovered,
                                   const char *notice, const char *extra);

/* Replaces the first `from` in the file at path by `to`; fails the test when it has none. */
void fixture_replace_in_file(const char *path, const char *from, const char *to);

/* Checks the incident at path with template (NULL: FIXTURE_CHECK_LETTER) and the list whose
 * text is list (NULL: no list), on today (YYYY-MM-DD; NULL: 2026-11-24), into f->rep; what it
 * tells goes to f->diag. A load or check that fails fails the test. */
void fixture_check_run(struct fixture_check *f, const char *incident, const char *template,
                       const char *list, const char *today);

/* The same, for a check that may fail: the list is written as f->dir/list.csv, an hour old
 * (unless it holds that text already: a memo of it then still holds); returns what
 * bl_check_run returns (-1: f->rep is NULL, the reason in f->diag). */
int fixture_check_try(struct fixture_check *f, const char *incident, const char *template,
                      const char *list, const char *today);

/* The first finding of f->rep for jurisdiction (NULL: of the whole run) whose rule starts with
 * rule, or NULL. Borrowed from the report. */
const struct bl_finding *fixture_check_finding(const struct fixture_check *f,
                                               const char *jurisdiction, const char *rule);

/* The deadline row of jurisdiction code, or NULL. Borrowed from the report. */
const struct bl_deadline_row *fixture_check_deadline(const struct fixture_check *f,
                                                     const char *code);

/* The notice of code to `to` (for one state: state, else NULL), or NULL. Borrowed. */
const struct bl_obligation *fixture_check_obligation(const struct fixture_check *f,
                                                     const char *code, const char *to,
                                                     const char *state);

/* A list (FIXTURE_CHECK_HEADER) of n residents of one state, ids "STATE-i", each exposed to
 * categories ("ssn;contact"). Free with g_free(). */
char *fixture_check_residents(const char *state, const char *city, const char *zip, int n,
                              const char *categories);

/* --- text ------------------------------------------------------------------------------------- */

/* Fails the test, showing text, unless text contains part. For messages a struct bl_diag
 * collected: fixture_assert_has(bl_diag_text(diag), "..."). */
#define fixture_assert_has(text, part) fixture_assert_has_at((text), (part), __FILE__, __LINE__)

/* Fails the test, showing text, when text contains part. */
#define fixture_assert_lacks(text, part) fixture_assert_lacks_at((text), (part), __FILE__, __LINE__)

void fixture_assert_has_at(const char *text, const char *part, const char *file, int line);
void fixture_assert_lacks_at(const char *text, const char *part, const char *file, int line);

#endif

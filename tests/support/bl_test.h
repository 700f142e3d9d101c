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

/* The bytes of the file at path, NUL-terminated; their count in *len unless len is NULL. Free
 * with g_free(). */
char *fixture_read(const char *path, gsize *len);

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

/* --- text ------------------------------------------------------------------------------------- */

/* Fails the test, showing text, unless text contains part. For messages a struct bl_diag
 * collected: fixture_assert_has(bl_diag_text(diag), "..."). */
#define fixture_assert_has(text, part) fixture_assert_has_at((text), (part), __FILE__, __LINE__)

/* Fails the test, showing text, when text contains part. */
#define fixture_assert_lacks(text, part) fixture_assert_lacks_at((text), (part), __FILE__, __LINE__)

void fixture_assert_has_at(const char *text, const char *part, const char *file, int line);
void fixture_assert_lacks_at(const char *text, const char *part, const char *file, int line);

#endif

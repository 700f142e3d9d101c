/* SPDX-License-Identifier: MIT */
/* Translations: a gettext PO file (one a language) read into a catalog: messages by context and
 * source text, their plural forms chosen by the file's Plural-Forms expression. */
#ifndef BL_PO_H
#define BL_PO_H

#include <glib.h>

#include "diag.h"

struct bl_po;

/* Reads the PO file at path. Fuzzy entries are left out with a warning each (a translator has
 * not confirmed them), obsolete ones (#~) silently; an entry with an empty msgstr is an
 * untranslated one and is left out too. Fails (-1, each problem reported as path:line) on a
 * syntax error, an unknown escape, a message given twice, a charset other than UTF-8, text that
 * is not UTF-8, or a Plural-Forms header that cannot be evaluated. Returns 0 and sets *out (free
 * with bl_po_free()). */
int bl_po_load(struct bl_po **out, const char *path, struct bl_diag *diag);

/* The same from text in memory (len -1: NUL-terminated); path names it in messages. */
int bl_po_parse(struct bl_po **out, const char *text, gssize len, const char *path,
                struct bl_diag *diag);

void bl_po_free(struct bl_po *po);

/* The file's name as given. Borrowed. */
const char *bl_po_path(const struct bl_po *po);

/* The header's Language ("es", "zh_CN"), or NULL. Borrowed. */
const char *bl_po_language(const struct bl_po *po);

/* The translation of msgid in context (NULL: no msgctxt), or NULL when the file has none.
 * For a plural entry, its first form. Borrowed from po. */
const char *bl_po_get(const struct bl_po *po, const char *context, const char *msgid);

/* The form of msgid's translation for the number n, chosen by the Plural-Forms expression
 * ("1 mes", "24 meses"); a singular entry's only form; NULL when the file has none. */
const char *bl_po_get_plural(const struct bl_po *po, const char *context, const char *msgid,
                             unsigned long n);

/* Form i of msgid's translation (msgstr[i]), or NULL when it has no such form. */
const char *bl_po_get_form(const struct bl_po *po, const char *context, const char *msgid, guint i);

/* TRUE when the file's entry for msgid has plural forms (msgid_plural). */
gboolean bl_po_is_plural(const struct bl_po *po, const char *context, const char *msgid);

/* How many plural forms the language has (Plural-Forms' nplurals; 2 without the header), and
 * which one the number n takes. */
guint bl_po_nplurals(const struct bl_po *po);
guint bl_po_plural_index(const struct bl_po *po, unsigned long n);

/* Evaluates a Plural-Forms expression (the C subset gettext uses: n, decimal numbers, ! % * /
 * + - < <= > >= == != && || ?: and brackets) for n. Returns 0 and sets *out, or -1 when the
 * expression is not one (a division by zero included). */
int bl_po_plural_eval(const char *expr, unsigned long n, unsigned long *out);

/* The text of s as a PO string: quoted, with \\ \" \n \t escaped. A new string. */
char *bl_po_quote(const char *s);

#endif

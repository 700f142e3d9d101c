/* SPDX-License-Identifier: MIT */
/* Template compiler: turns a letter template (and the files it includes) into a tree that is
 * checked once, before the first letter, and bound to each recipient by bind.c. */
#ifndef BL_TEMPLATE_H
#define BL_TEMPLATE_H

#include <glib.h>

#include "common.h"
#include "contacts.h"
#include "diag.h"
#include "incident.h"

struct bl_template;

/* Compiles the template file at path (its <include>s are read relative to the including file)
 * against the incident's vocabulary and the contacts (which may be NULL: then contact fields
 * are errors). Contact fields become fixed text here, once. Every problem is reported with
 * file:line, all of them, not only the first. Returns 0 and sets *out (free with
 * bl_template_free) or -1. */
BL_API int bl_template_compile(struct bl_template **out, const char *path,
                               const struct bl_incident *incident,
                               const struct bl_contacts *contacts, struct bl_diag *diag);
BL_API void bl_template_free(struct bl_template *tpl);

/* Like bl_template_compile, for drafts under review: every problem is reported, but the
 * template is returned unless its XML cannot be read; an unknown field prints a highlighted
 * "[unknown field: org.fone]" where it stands, an unknown element is left out. */
BL_API int bl_template_compile_draft(struct bl_template **out, const char *path,
                                     const struct bl_incident *incident,
                                     const struct bl_contacts *contacts, struct bl_diag *diag);

/* Pango markup around the markers a draft prints in place of a problem. */
#define BL_MARKER_START "<span background=\"#FFF176\" foreground=\"#B00020\">"
#define BL_MARKER_END   "</span>"

/* Pango markup around a value that is not to be broken across lines (a phone number, a web or
 * e-mail address, a code). Layout lifts it in a paragraph where such a value is wider than the
 * line, so that nothing runs past the margin. */
#define BL_WHOLE_START "<span allow_breaks=\"false\">"
#define BL_WHOLE_END   "</span>"

/* The path of a named template ("us-notice"): <dir>/<name>/letter.xml, looked for first next to
 * the incident file, then in templates_dir. Returns a new string (g_free) or NULL, reported. */
BL_API char *bl_template_find(const char *name, const struct bl_incident *incident,
                              const char *templates_dir, struct bl_diag *diag);

/* TRUE when the template is written for this language. */
BL_API gboolean bl_template_has_language(const struct bl_template *tpl, const char *language);

/* The template as it is compiled for language: tpl itself for the language it is written in,
 * its translation for a language it has a catalog of (<template dir>/po/LANG.po), else NULL.
 * Borrowed until bl_template_free(tpl). */
BL_API const struct bl_template *bl_template_for_language(const struct bl_template *tpl,
                                                          const char *language);

/* The texts the translation into language lacks, each said as a sentence naming the text, where
 * it stands and the catalog (const char *); empty when it lacks none; NULL when the template
 * has no catalog of that language. A letter that prints one of them is refused. Borrowed. */
BL_API const GPtrArray *bl_template_missing(const struct bl_template *tpl, const char *language);

/* text (a heading, a phrase the rules look for) in language: text itself in the template's
 * own language, its translation in the template's catalog (context NULL or a msgctxt), or
 * NULL when there is none. Borrowed. */
BL_API const char *bl_template_translate(const struct bl_template *tpl, const char *language,
                                         const char *context, const char *text);

/* The template's translatable texts as a PO template (.pot): each run of text between
 * conditions with its fields as {placeholders}, the title, the separators of lists and the
 * contacts' names, with where each stands. notes (or NULL) maps other texts to translate (the
 * incident's own words) to their extracted comments ("#. incident.narrative\n" lines): a
 * message of the template without a context whose msgid is one of them gets its comments, and
 * the text is removed from notes, so that the caller writes only the texts the template does
 * not have (a .pot defines a message once). A new string. */
BL_API char *bl_template_pot(const struct bl_template *tpl, GHashTable *notes);

/* TRUE when a condition of the template names this jurisdiction (it has text of its own). */
BL_API gboolean bl_template_names_jurisdiction(const struct bl_template *tpl, const char *code);

/* TRUE for a public notice (kind="notice"): no address, written to no one in particular. */
BL_API gboolean bl_template_is_notice(const struct bl_template *tpl);

/* Every file the template was compiled from (const char *), the letter first, each once.
 * Borrowed until bl_template_free(). */
BL_API const GPtrArray *bl_template_files(const struct bl_template *tpl);

/* The languages the template is written for, separated by spaces. Borrowed. */
BL_API const char *bl_template_languages(const struct bl_template *tpl);

#endif

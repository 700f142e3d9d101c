/* SPDX-License-Identifier: MIT */
/* The workbench's pages (breachletter serve): the HTML of each screen, built from the form model
 * and the workspace's contents and set in the page layout shipped in templates/serve/. Every
 * value is escaped; no script or style is written inline (the pages' Content-Security-Policy
 * forbids it): they are templates/serve/app.js and style.css. */
#ifndef BL_SERVE_HTML_H
#define BL_SERVE_HTML_H

#include <glib.h>

#include "incident_form.h"

/* layout with {{title}} replaced by title (escaped) and {{main}} by main_html (HTML). Free with
 * g_free(). */
char *bl_serve_html_page(const char *layout, const char *title, const char *main_html);

/* The home page's main part: the workspace's incidents (each a link to its editor), lists and
 * outputs, the way to the sign-off page of an incident for a list (when there are both), and
 * the forms to upload a list or an incident (csrf in each). */
char *bl_serve_html_home(char **incidents, char **lists, char **outputs, const char *csrf,
                         const char *status);

/* The editor's main part: every field of the form, grouped, with its help and its problem
 * (problems: struct bl_form_problem *, may be NULL) beside it, a summary of the problems linked
 * to their fields, and the save button; beside them, for a saved file, page 1 of the letter of
 * a sample person of jurisdiction and variant (each may be NULL). file is the incident's name
 * in the workspace, or NULL for a new one (the form then asks for a name). status ("Saved.")
 * may be NULL. */
char *bl_serve_html_editor(const struct bl_incident_form *form, const char *file,
                           GPtrArray *problems, const char *csrf, const char *jurisdiction,
                           const char *variant, const char *status);

/* A short page body for a refusal or an error: a heading and a sentence. */
char *bl_serve_html_message(const char *heading, const char *text);

#endif

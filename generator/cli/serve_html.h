/* SPDX-License-Identifier: MIT */
/* The workbench's pages (breachletter serve): the HTML of each screen, built from the form model
 * and the workspace's contents and set in the page layout shipped in templates/serve/. Every
 * value is escaped; no script or style is written inline (the pages' Content-Security-Policy
 * forbids it): they are templates/serve/app.js and style.css. */
#ifndef BL_SERVE_HTML_H
#define BL_SERVE_HTML_H

#include <glib.h>

#include "check.h"
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
 * to their fields, and the save button; beside them aside_html (the preview panel, HTML; NULL
 * for none, as for a new incident). file is the incident's name in the workspace, or NULL for
 * a new one (the form then asks for a name). status ("Saved.") may be NULL. */
char *bl_serve_html_editor(const struct bl_incident_form *form, const char *file,
                           GPtrArray *problems, const char *csrf, const char *aside_html,
                           const char *status);

/* What the preview panel shows: the choice of a person and the drawing made for it
 * (serve_preview.c gathers it). Everything is borrowed. */
struct bl_serve_preview_view {
    const char *file;          /* the incident's name in the workspace */
    const char *jurisdiction;  /* "" for a person of no state */
    const char *variant;       /* adult, minor or deceased */
    const char *language;      /* "": the incident's */
    const char *list;          /* a list of the workspace, or "" */
    const char *recipient;     /* the id of a person of the list, or "": the sample person */
    char **languages;          /* the template's languages, or NULL when not known */
    char **lists;              /* the workspace's lists */
    const char *id;            /* the drawing's key (its pictures: /preview/page.png?id=) */
    guint pages;               /* its pictures: the letter's pages, or its review page alone */
    gboolean made;             /* the letter could be made (else the picture is its review page) */
    GPtrArray *problems;       /* struct bl_form_problem *: the facts missing or wrong */
    const char *findings_html; /* the compliance findings (bl_serve_html_findings), or NULL */
    int findings;              /* their number */
    const char *csrf;          /* the forms' token, for the choice's form (POST /preview/show) */
    const char *note;          /* a sentence about the list (left out, or slow), or NULL */
};

/* The preview panel: the form choosing the person (a state, a variant, a language, or a person
 * of a list; sent by POST to /preview/show, so that no person's id goes into an address), a
 * polite live region, and the drawing (bl_serve_html_preview_live). */
char *bl_serve_html_preview_panel(const struct bl_serve_preview_view *v);

/* The drawing alone, which the panel's script swaps in after a draft is redrawn: a summary
 * (data-announce: what the live region says), the facts missing linked to their fields, the
 * findings, and every page as a picture. */
char *bl_serve_html_preview_live(const struct bl_serve_preview_view *v);

/* The compliance findings of a check, each jurisdiction's deadline and the notices owed, with
 * the law's citations as links, as HTML lists and tables; *count gets the number of findings. */
char *bl_serve_html_findings(const struct bl_check_report *report, int *count);

/* A short page body for a refusal or an error: a heading and a sentence. */
char *bl_serve_html_message(const char *heading, const char *text);

/* Appends text to s escaped as HTML (NULL as ""). */
void bl_serve_html_append_escaped(GString *s, const char *text);

/* Appends a workspace name (or any value) to s as the value of a URL query, percent-encoded
 * ('/' kept) and escaped as HTML, to sit in an attribute. */
void bl_serve_html_append_query(GString *s, const char *text);

/* Appends a hidden input of the form: name (markup, given by the caller) and value (escaped). */
void bl_serve_html_append_hidden(GString *s, const char *name, const char *value);

/* Appends a select of the workspace's files named name, with its label, the value selected
 * first when given. */
void bl_serve_html_append_select(GString *s, const char *id, const char *name, const char *label,
                                 char **values, const char *selected);

#endif

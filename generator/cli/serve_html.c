/* SPDX-License-Identifier: MIT */
/* The workbench's pages: HTML built from the form model and the workspace, escaped throughout. */
#include "serve_html.h"

#include <string.h>

static void
append_escaped(GString *s, const char *text)
{
    char *e = g_markup_escape_text(text != NULL ? text : "", -1);

    g_string_append(s, e);
    g_free(e);
}

/* The URL query value of a workspace name: percent-encoded. */
static void
append_query_value(GString *s, const char *text)
{
    char *e = g_uri_escape_string(text, "/", FALSE);

    append_escaped(s, e);
    g_free(e);
}

char *
bl_serve_html_page(const char *layout, const char *title, const char *main_html)
{
    GString *s = g_string_new(NULL);
    const char *p = layout;

    while (*p != '\0') {
        if (strncmp(p, "{{title}}", 9) == 0) {
            append_escaped(s, title);
            p += 9;
        } else if (strncmp(p, "{{main}}", 8) == 0) {
            g_string_append(s, main_html);
            p += 8;
        } else {
            g_string_append_c(s, *p++);
        }
    }
    return g_string_free(s, FALSE);
}

static void
list_section(GString *s, const char *id, const char *heading, char **names, const char *link,
             const char *none)
{
    g_string_append_printf(s, "<section aria-labelledby=\"%s\">\n<h2 id=\"%s\">%s</h2>\n", id, id,
                           heading);
    if (names == NULL || names[0] == NULL) {
        g_string_append_printf(s, "<p>%s</p>\n", none);
    } else {
        g_string_append(s, "<ul>\n");
        for (size_t i = 0; names[i] != NULL; i++) {
            g_string_append(s, "<li>");
            if (link != NULL) {
                g_string_append_printf(s, "<a href=\"%s", link);
                append_query_value(s, names[i]);
                g_string_append(s, "\">");
            }
            append_escaped(s, names[i]);
            g_string_append(s, link != NULL ? "</a></li>\n" : "</li>\n");
        }
        g_string_append(s, "</ul>\n");
    }
    g_string_append(s, "</section>\n");
}

static void
upload_form(GString *s, const char *id, const char *action, const char *heading, const char *accept,
            const char *help, const char *csrf)
{
    g_string_append_printf(s,
                           "<form class=\"upload\" method=\"post\" action=\"%s\" "
                           "enctype=\"multipart/form-data\">\n"
                           "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
                           "<div class=\"field\"><label for=\"%s\">%s</label>\n"
                           "<input type=\"file\" id=\"%s\" name=\"file\" accept=\"%s\" "
                           "required aria-describedby=\"%s-help\">\n"
                           "<p class=\"help\" id=\"%s-help\">%s</p></div>\n"
                           "<button type=\"submit\">Upload</button>\n</form>\n",
                           action, csrf, id, heading, id, accept, id, id, help);
}

static void
select_of(GString *s, const char *id, const char *name, const char *label, char **values)
{
    g_string_append_printf(s, "<label for=\"%s\">%s</label>\n<select id=\"%s\" name=\"%s\">\n", id,
                           label, id, name);
    for (gsize i = 0; values[i] != NULL; i++) {
        g_string_append(s, "<option>");
        append_escaped(s, values[i]);
        g_string_append(s, "</option>\n");
    }
    g_string_append(s, "</select>\n");
}

/* The way to the sign-off page: an incident and a list to choose. */
static void
signoff_form(GString *s, char **incidents, char **lists)
{
    if (incidents == NULL || lists == NULL || incidents[0] == NULL || lists[0] == NULL) {
        return;
    }
    g_string_append(s, "<section aria-labelledby=\"signoff\">\n<h2 id=\"signoff\">Sign-off</h2>\n"
                       "<form method=\"get\" action=\"/signoff\">\n");
    select_of(s, "so-file", "file", "Incident", incidents);
    select_of(s, "so-list", "list", "Recipient list", lists);
    g_string_append(s, "<button type=\"submit\">Approve its variants</button>\n</form>\n"
                       "</section>\n");
}

char *
bl_serve_html_home(char **incidents, char **lists, char **outputs, const char *csrf,
                   const char *status)
{
    GString *s = g_string_new("<h1>Workspace</h1>\n");

    if (status != NULL) {
        g_string_append(s, "<p class=\"status\" role=\"status\">");
        append_escaped(s, status);
        g_string_append(s, "</p>\n");
    }
    g_string_append(s, "<p><a class=\"button\" href=\"/new\">New incident</a></p>\n");
    g_string_append(s, "<p class=\"tasks\"><a href=\"/run\">Mass run: the letters of a "
                       "list</a> · <a href=\"/person\">One person's letter</a></p>\n");
    list_section(s, "incidents", "Incidents", incidents,
                 "/edit?file=", "No incident yet: start a new one, or upload one below.");
    list_section(s, "lists", "Recipient lists", lists, NULL,
                 "No recipient list yet: upload one below.");
    list_section(s, "outputs", "Letters made", outputs, NULL, "No run yet.");
    signoff_form(s, incidents, lists);
    g_string_append(s, "<section aria-labelledby=\"upload\">\n<h2 id=\"upload\">Upload</h2>\n");
    upload_form(s, "up-list", "/upload/list", "Recipient list (CSV or XML)", ".csv,.xml",
                "It is stored in the workspace under its own name; an existing file of that name "
                "is kept.",
                csrf);
    upload_form(s, "up-incident", "/upload/incident", "Incident file (XML)", ".xml",
                "An incident written elsewhere, to open in the editor.", csrf);
    g_string_append(s, "</section>\n");
    return g_string_free(s, FALSE);
}

static const struct bl_form_problem *
problem_for(GPtrArray *problems, const char *key)
{
    for (guint i = 0; problems != NULL && i < problems->len; i++) {
        const struct bl_form_problem *p = g_ptr_array_index(problems, i);
        if (p->key != NULL && strcmp(p->key, key) == 0) {
            return p;
        }
    }
    return NULL;
}

/* The field's id in the page: "f-" and its key with '-' for '.' and '_'. */
static char *
field_id(const char *key)
{
    char *id = g_strdup_printf("f-%s", key);

    g_strdelimit(id, "._", '-');
    return id;
}

static void
field_html(GString *s, const struct bl_form_field *f, const char *value,
           const struct bl_form_problem *problem)
{
    char *id = field_id(f->key);
    GString *described = g_string_new(NULL);

    g_string_append_printf(described, "%s-help", id);
    if (problem != NULL) {
        g_string_append_printf(described, " %s-error", id);
    }
    g_string_append_printf(s, "<div class=\"field%s%s\">\n", problem != NULL ? " invalid" : "",
                           f->kind == BL_FORM_BOOL ? " check" : "");
    if (f->kind == BL_FORM_BOOL) {
        g_string_append_printf(s,
                               "<input type=\"checkbox\" id=\"%s\" name=\"%s\" value=\"true\"%s "
                               "aria-describedby=\"%s\"%s>\n",
                               id, f->key, value[0] != '\0' ? " checked" : "", described->str,
                               problem != NULL ? " aria-invalid=\"true\"" : "");
    }
    g_string_append_printf(s, "<label for=\"%s\">", id);
    append_escaped(s, f->label);
    if (f->required) {
        g_string_append(s, " <span class=\"required\">(required)</span>");
    }
    g_string_append(s, "</label>\n");
    if (f->kind == BL_FORM_CHOICE) {
        char **choices = g_strsplit(f->choices, "|", -1);
        g_string_append_printf(s, "<select id=\"%s\" name=\"%s\" aria-describedby=\"%s\"%s%s>\n",
                               id, f->key, described->str, f->required ? " required" : "",
                               problem != NULL ? " aria-invalid=\"true\"" : "");
        g_string_append_printf(s, "<option value=\"\"%s>(not stated)</option>\n",
                               value[0] == '\0' ? " selected" : "");
        gboolean known = value[0] == '\0';
        for (size_t i = 0; choices[i] != NULL; i++) {
            gboolean sel = strcmp(choices[i], value) == 0;
            known = known || sel;
            g_string_append_printf(s, "<option%s>%s</option>\n", sel ? " selected" : "",
                                   choices[i]);
        }
        if (!known) { /* a value the format does not have stays, to be told and corrected */
            g_string_append(s, "<option selected>");
            append_escaped(s, value);
            g_string_append(s, "</option>\n");
        }
        g_string_append(s, "</select>\n");
        g_strfreev(choices);
    } else if (f->kind == BL_FORM_LINES || f->kind == BL_FORM_LONG) {
        g_string_append_printf(s,
                               "<textarea id=\"%s\" name=\"%s\" rows=\"%d\" "
                               "aria-describedby=\"%s\"%s%s>",
                               id, f->key, f->kind == BL_FORM_LINES ? 5 : 2, described->str,
                               f->required ? " required" : "",
                               problem != NULL ? " aria-invalid=\"true\"" : "");
        append_escaped(s, value);
        g_string_append(s, "</textarea>\n");
    } else if (f->kind != BL_FORM_BOOL) {
        const char *type = f->kind == BL_FORM_DATE     ? "date"
                           : f->kind == BL_FORM_NUMBER ? "text\" inputmode=\"numeric"
                                                       : "text";
        g_string_append_printf(s, "<input type=\"%s\" id=\"%s\" name=\"%s\" value=\"", type, id,
                               f->key);
        append_escaped(s, value);
        g_string_append_printf(s, "\" aria-describedby=\"%s\"%s%s>\n", described->str,
                               f->required ? " required" : "",
                               problem != NULL ? " aria-invalid=\"true\"" : "");
    }
    g_string_append_printf(s, "<p class=\"help\" id=\"%s-help\">", id);
    append_escaped(s, f->help);
    g_string_append(s, "</p>\n");
    if (problem != NULL) {
        g_string_append_printf(s, "<p class=\"error\" id=\"%s-error\">", id);
        append_escaped(s, problem->message);
        g_string_append(s, "</p>\n");
    }
    g_string_append(s, "</div>\n");
    g_string_free(described, TRUE);
    g_free(id);
}

/* Page 1 of the letter, for a jurisdiction and a variant chosen in a small form of its own. */
static void
preview_panel(GString *s, const char *file, const char *jurisdiction, const char *variant)
{
    static const char *const variants[] = {"adult", "minor", "deceased"};
    const char *j = jurisdiction != NULL ? jurisdiction : "";
    const char *v = variant != NULL && variant[0] != '\0' ? variant : "adult";

    g_string_append(s, "<aside class=\"preview\" aria-labelledby=\"preview-h\">\n"
                       "<h2 id=\"preview-h\">Page 1 of the letter</h2>\n"
                       "<form method=\"get\" action=\"/edit\" class=\"preview-choice\">\n"
                       "<input type=\"hidden\" name=\"file\" value=\"");
    append_escaped(s, file);
    g_string_append(s, "\">\n<div class=\"field\"><label for=\"p-jurisdiction\">State of the "
                       "person</label>\n<input type=\"text\" id=\"p-jurisdiction\" "
                       "name=\"jurisdiction\" maxlength=\"2\" pattern=\"[A-Z]{2}\" value=\"");
    append_escaped(s, j);
    g_string_append(s, "\" aria-describedby=\"p-jurisdiction-help\">\n<p class=\"help\" "
                       "id=\"p-jurisdiction-help\">Two capital letters (MA); empty: a "
                       "person of no state in particular.</p></div>\n<div class=\"field\"><label "
                       "for=\"p-variant\">Letter to</label>\n<select id=\"p-variant\" "
                       "name=\"variant\">\n");
    for (size_t i = 0; i < G_N_ELEMENTS(variants); i++) {
        g_string_append_printf(s, "<option%s>%s</option>\n",
                               strcmp(v, variants[i]) == 0 ? " selected" : "", variants[i]);
    }
    g_string_append(s, "</select></div>\n<button type=\"submit\">Show</button>\n</form>\n"
                       "<img id=\"preview-img\" src=\"/preview.png?file=");
    append_query_value(s, file);
    g_string_append(s, "&amp;jurisdiction=");
    append_query_value(s, j);
    g_string_append_printf(s, "&amp;variant=%s\" alt=\"Page 1 of the %s letter", v, v);
    if (j[0] != '\0') {
        g_string_append(s, " to a resident of ");
        append_escaped(s, j);
    }
    g_string_append(s, ", as saved; missing facts are marked in brackets.\">\n"
                       "<p class=\"help\">Redrawn from the saved file after each save.</p>\n"
                       "</aside>\n");
}

char *
bl_serve_html_editor(const struct bl_incident_form *form, const char *file, GPtrArray *problems,
                     const char *csrf, const char *jurisdiction, const char *variant,
                     const char *status)
{
    GString *s = g_string_new(NULL);
    size_t n;
    const struct bl_form_field *fields = bl_incident_form_fields(&n);
    const char *group = NULL;

    g_string_append(s, "<h1>");
    if (file != NULL) {
        g_string_append(s, "Incident ");
        append_escaped(s, file);
    } else {
        g_string_append(s, "New incident");
    }
    g_string_append(s, "</h1>\n");
    if (status != NULL) {
        g_string_append(s, "<p class=\"status\" role=\"status\">");
        append_escaped(s, status);
        g_string_append(s, "</p>\n");
    }
    if (problems != NULL && problems->len > 0) {
        g_string_append_printf(s,
                               "<section class=\"problems\" id=\"problems\" tabindex=\"-1\" "
                               "aria-labelledby=\"problems-h\">\n<h2 id=\"problems-h\">%u "
                               "problem%s to fix</h2>\n<ul>\n",
                               problems->len, problems->len == 1 ? "" : "s");
        for (guint i = 0; i < problems->len; i++) {
            const struct bl_form_problem *p = g_ptr_array_index(problems, i);
            g_string_append(s, "<li>");
            if (p->key != NULL) {
                char *id = field_id(p->key);
                g_string_append_printf(s, "<a href=\"#%s\">", id);
                g_free(id);
            }
            append_escaped(s, p->message);
            g_string_append(s, p->key != NULL ? "</a></li>\n" : "</li>\n");
        }
        g_string_append(s, "</ul>\n</section>\n");
    }
    /* a new incident has no page to show yet: the form alone */
    g_string_append_printf(s, "<div class=\"editor-layout%s\">\n<div class=\"editor-main\">\n",
                           file != NULL ? "" : " single");
    g_string_append(s, "<nav class=\"sections\" aria-label=\"Parts of the incident\"><ul>\n");
    for (size_t i = 0; i < n; i++) {
        if (group == NULL || strcmp(group, fields[i].group) != 0) {
            group = fields[i].group;
            g_string_append_printf(s, "<li><a href=\"#g-%zu\">", i);
            append_escaped(s, group);
            g_string_append(s, "</a></li>\n");
        }
    }
    g_string_append(s, "</ul></nav>\n");
    group = NULL;
    g_string_append_printf(s,
                           "<form method=\"post\" action=\"/save\" class=\"editor\">\n"
                           "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n",
                           csrf);
    if (file != NULL) {
        g_string_append(s, "<input type=\"hidden\" name=\"file\" value=\"");
        append_escaped(s, file);
        g_string_append(s, "\">\n");
    } else {
        g_string_append(s, "<div class=\"field\"><label for=\"f-file\">Save as <span "
                           "class=\"required\">(required)</span></label>\n"
                           "<input type=\"text\" id=\"f-file\" name=\"file\" "
                           "value=\"incident.xml\" required aria-describedby=\"f-file-help\">\n"
                           "<p class=\"help\" id=\"f-file-help\">The file's name in the "
                           "workspace, ending in .xml (a folder of it must exist: "
                           "acme/incident.xml).</p></div>\n");
    }
    for (size_t i = 0; i < n; i++) {
        if (group == NULL || strcmp(group, fields[i].group) != 0) {
            if (group != NULL) {
                g_string_append(s, "</fieldset>\n");
            }
            group = fields[i].group;
            g_string_append_printf(s, "<fieldset id=\"g-%zu\">\n<legend>", i);
            append_escaped(s, group);
            g_string_append(s, "</legend>\n");
        }
        field_html(s, &fields[i], bl_incident_form_get(form, fields[i].key),
                   problem_for(problems, fields[i].key));
    }
    if (group != NULL) {
        g_string_append(s, "</fieldset>\n");
    }
    g_string_append(s, "<div class=\"save-bar\"><button type=\"submit\">Save</button></div>\n"
                       "</form>\n</div>\n");
    if (file != NULL) {
        preview_panel(s, file, jurisdiction, variant);
    }
    g_string_append(s, "</div>\n");
    return g_string_free(s, FALSE);
}

char *
bl_serve_html_message(const char *heading, const char *text)
{
    GString *s = g_string_new("<h1>");

    append_escaped(s, heading);
    g_string_append(s, "</h1>\n<p>");
    append_escaped(s, text);
    g_string_append(s, "</p>\n");
    return g_string_free(s, FALSE);
}

/* SPDX-License-Identifier: MIT */
/* The workbench's pages: HTML built from the form model and the workspace, escaped throughout. */
#include "serve_html.h"

#include <string.h>

#include "kinds.h"

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
    list_section(s, "outputs", "Letters made", outputs, "/run/letters?out=", "No run yet.");
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

char *
bl_serve_html_editor(const struct bl_incident_form *form, const char *file, GPtrArray *problems,
                     const char *csrf, const char *aside_html, const char *status)
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
                           aside_html != NULL ? "" : " single");
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
    if (aside_html != NULL) {
        g_string_append(s, aside_html);
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

/* -- the preview panel: the letter as pictures, its missing facts and its findings ------------ */

/* A citation: a link to the official text when the rules give one (http or https only). */
static void
append_cite(GString *s, const char *cite, const char *href)
{
    if (cite == NULL) {
        g_string_append(s, "—");
        return;
    }
    if (href != NULL && (g_str_has_prefix(href, "https://") || g_str_has_prefix(href, "http://"))) {
        g_string_append(s, "<a href=\"");
        append_escaped(s, href);
        g_string_append(s, "\" rel=\"noopener noreferrer\" target=\"_blank\">");
        append_escaped(s, cite);
        g_string_append(s, "<span class=\"visually-hidden\"> (official text, opens a new "
                           "tab)</span></a>");
    } else {
        append_escaped(s, cite);
    }
}

static void
append_date(GString *s, const GDate *date)
{
    char buf[16];

    if (date == NULL || !g_date_valid(date)) {
        g_string_append(s, "—");
        return;
    }
    g_date_strftime(buf, sizeof buf, "%Y-%m-%d", date);
    g_string_append(s, buf);
}

static char *
due_status(const struct bl_deadline_row *row)
{
    switch (row->status) {
    case BL_DUE_LATE:
        return g_strdup_printf("late by %d day%s", -row->margin, row->margin == -1 ? "" : "s");
    case BL_DUE_SOON:
        return row->margin == 0
                   ? g_strdup("on the last day")
                   : g_strdup_printf("%d day%s to spare", row->margin, row->margin == 1 ? "" : "s");
    case BL_DUE_OK:
        return g_strdup_printf("%d days to spare", row->margin);
    case BL_DUE_SUSPENDED:
        return g_strdup("delayed at the request of law enforcement");
    case BL_DUE_EXEMPT:
        return g_strdup(row->exemption != NULL && strcmp(row->exemption->kind, "exempt") == 0
                            ? "exempt"
                            : "deemed compliant");
    case BL_DUE_NOT_OWED:
        return g_strdup("no notice owed");
    case BL_DUE_MAY_APPLY:
        return g_strdup("may apply: verify");
    default:
        return g_strdup("without unreasonable delay");
    }
}

/* "attorney-general" -> "the attorney general" and the like, for a notice's addressee. */
static char *
addressee(const char *to)
{
    static const char *const known[][2] = {
        {"attorney-general", "Attorney General"},
        {"consumer-reporting-agencies", "Consumer reporting agencies"},
        {"media", "Prominent media"},
        {"hhs", "Secretary of HHS"},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(known); i++) {
        if (strcmp(to, known[i][0]) == 0) {
            return g_strdup(known[i][1]);
        }
    }
    char *text = g_strdelimit(g_strdup(to), "-", ' ');
    text[0] = g_ascii_toupper(text[0]);
    return text;
}

char *
bl_serve_html_findings(const struct bl_check_report *report, int *count)
{
    GString *s = g_string_new(NULL);
    guint owed = 0;

    *count = (int)report->findings->len;
    g_string_append_printf(s,
                           "<section class=\"findings\" aria-labelledby=\"findings-h\">\n"
                           "<h3 id=\"findings-h\">Compliance: %u finding%s</h3>\n",
                           report->findings->len, report->findings->len == 1 ? "" : "s");
    if (report->recipients_path == NULL) {
        g_string_append(s, "<p class=\"help\">Checked without a recipient list: choose one to "
                           "see each state's deadline and the notices its count owes.</p>\n");
    } else {
        char *valid = bl_kinds_count(report->valid);
        char *rejected = bl_kinds_count(report->rejected);

        g_string_append_printf(s,
                               "<p class=\"help\">Checked over the list's %s recipient%s (%s "
                               "rejected).</p>\n",
                               valid, report->valid == 1 ? "" : "s", rejected);
        g_free(valid);
        g_free(rejected);
    }
    if (report->findings->len > 0) {
        g_string_append(s, "<ul class=\"finding-list\">\n");
        for (guint i = 0; i < report->findings->len; i++) {
            const struct bl_finding *f = g_ptr_array_index(report->findings, i);
            gboolean error = f->severity == BL_SEV_ERROR;
            g_string_append_printf(s, "<li class=\"%s\"><strong>%s</strong> ",
                                   error ? "sev-error" : "sev-warning",
                                   error ? "Error" : "Warning");
            if (f->jurisdiction != NULL) {
                g_string_append(s, "<span class=\"jur\">");
                append_escaped(s, f->jurisdiction);
                g_string_append(s, "</span> ");
            }
            append_escaped(s, f->message);
            if (f->cite != NULL) {
                g_string_append(s, " <span class=\"cite\">");
                append_cite(s, f->cite, f->href);
                g_string_append(s, "</span>");
            }
            g_string_append(s, "</li>\n");
        }
        g_string_append(s, "</ul>\n");
    }
    if (report->deadlines->len > 0) {
        g_string_append(s, "<table class=\"deadlines\">\n<caption>Deadlines of the letters"
                           "</caption>\n<thead><tr><th scope=\"col\">Jurisdiction</th>"
                           "<th scope=\"col\">Due</th><th scope=\"col\">Status</th>"
                           "<th scope=\"col\">Law</th></tr></thead>\n<tbody>\n");
        for (guint i = 0; i < report->deadlines->len; i++) {
            const struct bl_deadline_row *row =
                &g_array_index(report->deadlines, struct bl_deadline_row, i);
            char *status = due_status(row);
            g_string_append_printf(s, "<tr class=\"due-%s\"><th scope=\"row\">",
                                   row->status == BL_DUE_LATE   ? "late"
                                   : row->status == BL_DUE_SOON ? "soon"
                                                                : "other");
            append_escaped(s, row->jurisdiction->name);
            g_string_append(s, "</th><td>");
            append_date(s, row->status == BL_DUE_NONE ? NULL : &row->due);
            g_string_append(s, "</td><td>");
            append_escaped(s, status);
            g_string_append(s, "</td><td>");
            if (row->exemption != NULL) {
                /* the law that exempts or deems, as check --json cites it */
                append_cite(s, row->exemption->cite.cite, row->exemption->cite.href);
            } else if (row->rule != NULL) {
                append_cite(s, row->rule->cite.cite, row->rule->cite.href);
            } else {
                append_cite(s, row->jurisdiction->law_cite.cite, row->jurisdiction->law_cite.href);
            }
            g_string_append(s, "</td></tr>\n");
            g_free(status);
        }
        g_string_append(s, "</tbody>\n</table>\n");
    }
    for (guint i = 0; i < report->obligations->len; i++) {
        owed += g_array_index(report->obligations, struct bl_obligation, i).triggered;
    }
    if (owed > 0) {
        g_string_append(s, "<table class=\"notices\">\n<caption>Notices owed</caption>\n"
                           "<thead><tr><th scope=\"col\">Jurisdiction</th><th scope=\"col\">To"
                           "</th><th scope=\"col\">Due</th><th scope=\"col\">Law</th></tr>"
                           "</thead>\n<tbody>\n");
        for (guint i = 0; i < report->obligations->len; i++) {
            const struct bl_obligation *o =
                &g_array_index(report->obligations, struct bl_obligation, i);
            char *to;
            if (!o->triggered) {
                continue;
            }
            to = addressee(o->notify->to);
            g_string_append(s, "<tr><th scope=\"row\">");
            append_escaped(s, o->jurisdiction->name);
            if (o->state != NULL) {
                g_string_append(s, " (");
                append_escaped(s, o->state);
                g_string_append(s, ")");
            }
            g_string_append(s, "</th><td>");
            append_escaped(s, to);
            g_string_append(s, "</td><td>");
            append_date(s, &o->due);
            g_string_append(s, "</td><td>");
            append_cite(s, o->notify->cite.cite, o->notify->cite.href);
            g_string_append(s, "</td></tr>\n");
            g_free(to);
        }
        g_string_append(s, "</tbody>\n</table>\n");
    } else if (report->recipients_path != NULL) {
        g_string_append(s, "<p>No notice to a regulator, the agencies or the media is owed at "
                           "these counts.</p>\n");
    }
    g_string_append(s, "</section>\n");
    return g_string_free(s, FALSE);
}

/* The query of a picture of the drawing. */
static void
page_src(GString *s, const struct bl_serve_preview_view *v, guint page)
{
    g_string_append(s, "/preview/page.png?id=");
    append_escaped(s, v->id);
    g_string_append_printf(s, "&amp;page=%u", page);
}

/* "the minor letter to a resident of MA in es" or "the letter of recipient R-1". */
static void
who_text(GString *s, const struct bl_serve_preview_view *v)
{
    if (v->recipient[0] != '\0') {
        g_string_append(s, "the letter of recipient ");
        append_escaped(s, v->recipient);
        return;
    }
    g_string_append_printf(s, "the %s letter", v->variant);
    if (v->jurisdiction[0] != '\0') {
        g_string_append(s, " to a resident of ");
        append_escaped(s, v->jurisdiction);
    }
    if (v->language[0] != '\0') {
        g_string_append(s, " in ");
        append_escaped(s, v->language);
    }
}

char *
bl_serve_html_preview_live(const struct bl_serve_preview_view *v)
{
    GString *s = g_string_new(NULL);
    GString *who = g_string_new(NULL);
    guint missing = v->problems != NULL ? v->problems->len : 0;
    char *announce;

    who_text(who, v);
    announce = g_strdup_printf("Preview updated: %u page%s, %u fact%s to fix, %d finding%s.",
                               v->made ? v->pages : 0, v->made && v->pages == 1 ? "" : "s", missing,
                               missing == 1 ? "" : "s", v->findings, v->findings == 1 ? "" : "s");
    g_string_append(s, "<p class=\"preview-summary\" data-announce=\"");
    append_escaped(s, announce);
    g_string_append(s, "\">");
    if (v->made) {
        g_string_append_printf(s, "%u page%s of ", v->pages, v->pages == 1 ? "" : "s");
        g_string_append(s, who->str);
        g_string_append_printf(s, "; %u fact%s to fix; %d finding%s.", missing,
                               missing == 1 ? "" : "s", v->findings, v->findings == 1 ? "" : "s");
    } else {
        g_string_append(s, "<strong>The letter cannot be made yet</strong>: its review page "
                           "below says why.");
    }
    g_string_append(s, "</p>\n");
    if (v->note != NULL) {
        g_string_append(s, "<p class=\"help preview-note\">");
        append_escaped(s, v->note);
        g_string_append(s, "</p>\n");
    }
    if (missing > 0) {
        g_string_append_printf(s,
                               "<section class=\"missing\" aria-labelledby=\"missing-h\">\n"
                               "<h3 id=\"missing-h\">Facts missing or wrong (%u)</h3>\n<ul>\n",
                               missing);
        for (guint i = 0; i < missing; i++) {
            const struct bl_form_problem *p = g_ptr_array_index(v->problems, i);
            g_string_append(s, "<li>");
            if (p->key != NULL) {
                char *id = field_id(p->key);
                g_string_append_printf(s, "<a href=\"#%s\">", id);
                g_free(id);
            }
            append_escaped(s, p->message);
            g_string_append(s, p->key != NULL ? "</a></li>\n" : "</li>\n");
        }
        g_string_append(s, "</ul>\n<p class=\"help\">In the pictures, missing facts are marked "
                           "in brackets.</p>\n</section>\n");
    }
    g_string_append(s, "<div class=\"preview-body\">\n<div class=\"pages\">\n");
    for (guint i = 1; v->id != NULL && i <= v->pages; i++) {
        g_string_append_printf(s, "<figure class=\"page\">\n<img%s src=\"",
                               i == 1 ? " id=\"preview-img\"" : "");
        page_src(s, v, i);
        if (v->made) {
            g_string_append_printf(s, "\" alt=\"Page %u of ", i);
            g_string_append(s, who->str);
            g_string_append_printf(s,
                                   " (of %u), as edited; missing facts are marked in "
                                   "brackets.\">\n",
                                   v->pages);
            g_string_append_printf(s, "<figcaption>Page %u of %u</figcaption>\n", i, v->pages);
        } else {
            g_string_append(s, "\" alt=\"The review page: why the letter cannot be made.\">\n"
                               "<figcaption>Review page</figcaption>\n");
        }
        g_string_append(s, "</figure>\n");
    }
    g_string_append(s, "</div>\n");
    if (v->findings_html != NULL) {
        g_string_append(s, v->findings_html);
    } else {
        g_string_append(s, "<section class=\"findings\"><p>No compliance check: the incident "
                           "cannot be read yet.</p></section>\n");
    }
    g_string_append(s, "</div>\n");
    g_string_free(who, TRUE);
    g_free(announce);
    return g_string_free(s, FALSE);
}

static void
text_field(GString *s, const char *id, const char *name, const char *label, const char *value,
           const char *extra, const char *help)
{
    g_string_append_printf(s,
                           "<div class=\"field\"><label for=\"%s\">%s</label>\n<input "
                           "type=\"text\" id=\"%s\" name=\"%s\" %s value=\"",
                           id, label, id, name, extra);
    append_escaped(s, value);
    g_string_append_printf(s,
                           "\" aria-describedby=\"%s-help\">\n<p class=\"help\" "
                           "id=\"%s-help\">%s</p></div>\n",
                           id, id, help);
}

/* A select of values, "" shown as none_label when given. */
static void
choice_field(GString *s, const char *id, const char *name, const char *label, char **values,
             const char *none_label, const char *value)
{
    g_string_append_printf(s,
                           "<div class=\"field\"><label for=\"%s\">%s</label>\n<select id=\"%s\" "
                           "name=\"%s\">\n",
                           id, label, id, name);
    if (none_label != NULL) {
        g_string_append_printf(s, "<option value=\"\"%s>%s</option>\n",
                               value[0] == '\0' ? " selected" : "", none_label);
    }
    for (size_t i = 0; values != NULL && values[i] != NULL; i++) {
        g_string_append_printf(s, "<option%s>", strcmp(values[i], value) == 0 ? " selected" : "");
        append_escaped(s, values[i]);
        g_string_append(s, "</option>\n");
    }
    g_string_append(s, "</select></div>\n");
}

char *
bl_serve_html_preview_panel(const struct bl_serve_preview_view *v)
{
    static const char *const variants[] = {"adult", "minor", "deceased", NULL};
    GString *s = g_string_new(NULL);
    char *live = bl_serve_html_preview_live(v);

    g_string_append(s, "<aside class=\"preview\" aria-labelledby=\"preview-h\">\n"
                       "<h2 id=\"preview-h\">The letter</h2>\n"
                       "<form method=\"post\" action=\"/preview/show\" class=\"preview-choice\" "
                       "id=\"preview-choice\">\n<input type=\"hidden\" name=\"csrf\" value=\"");
    append_escaped(s, v->csrf != NULL ? v->csrf : "");
    g_string_append(s, "\">\n<input type=\"hidden\" name=\"file\" value=\"");
    append_escaped(s, v->file);
    g_string_append(s, "\">\n");
    text_field(s, "p-jurisdiction", "jurisdiction", "State", v->jurisdiction,
               "maxlength=\"2\" pattern=\"[A-Z]{2}\"", "Two capitals (MA); empty: none.");
    choice_field(s, "p-variant", "variant", "Letter to", (char **)variants, NULL, v->variant);
    choice_field(s, "p-language", "language", "Language", v->languages, "(the incident's)",
                 v->language);
    choice_field(s, "p-list", "list", "Recipient list", v->lists, "(none)", v->list);
    text_field(s, "p-recipient", "recipient", "Recipient id", v->recipient, "maxlength=\"200\"",
               "A person of the list; empty: a sample person.");
    g_string_append(s, "<button type=\"submit\">Show</button>\n</form>\n"
                       "<p id=\"preview-status\" class=\"visually-hidden\" role=\"status\" "
                       "aria-live=\"polite\"></p>\n"
                       "<div id=\"preview-live\" class=\"preview-live\">\n");
    g_string_append(s, live);
    g_string_append(s, "</div>\n<p class=\"help\">Redrawn as you type (with the page's script), "
                       "else after each save.</p>\n"
                       "<script src=\"/static/preview.js\" defer></script>\n</aside>\n");
    g_free(live);
    return g_string_free(s, FALSE);
}

void
bl_serve_html_append_escaped(GString *s, const char *text)
{
    append_escaped(s, text);
}

void
bl_serve_html_append_query(GString *s, const char *text)
{
    append_query_value(s, text);
}

void
bl_serve_html_append_hidden(GString *s, const char *name, const char *value)
{
    g_string_append_printf(s, "<input type=\"hidden\" name=\"%s\" value=\"", name);
    append_escaped(s, value);
    g_string_append(s, "\">\n");
}

void
bl_serve_html_append_select(GString *s, const char *id, const char *name, const char *label,
                            char **values, const char *selected)
{
    g_string_append_printf(s, "<div class=\"field\"><label for=\"%s\">%s</label>\n", id, label);
    g_string_append_printf(s, "<select id=\"%s\" name=\"%s\" required>\n", id, name);
    for (gsize i = 0; values != NULL && values[i] != NULL; i++) {
        gboolean sel = selected != NULL && strcmp(selected, values[i]) == 0;
        g_string_append_printf(s, "<option%s>", sel ? " selected" : "");
        append_escaped(s, values[i]);
        g_string_append(s, "</option>\n");
    }
    g_string_append(s, "</select></div>\n");
}

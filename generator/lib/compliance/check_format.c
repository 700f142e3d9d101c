/* SPDX-License-Identifier: MIT */
/* Check report formats: aligned tables for people, JSON for machines. */
#include <string.h>

#include "check.h"
#include "json.h"
#include "text.h"

static const char *const status_names[] = {
    [BL_DUE_NONE] = "none",           [BL_DUE_OK] = "ok",
    [BL_DUE_SOON] = "soon",           [BL_DUE_LATE] = "late",
    [BL_DUE_SUSPENDED] = "suspended", [BL_DUE_EXEMPT] = "exempt",
    [BL_DUE_NOT_OWED] = "not-owed",   [BL_DUE_MAY_APPLY] = "may-apply"};

static void
iso(char buf[16], const GDate *date)
{
    if (g_date_valid(date)) {
        g_date_strftime(buf, 16, "%Y-%m-%d", date);
    } else {
        g_strlcpy(buf, "-", 16);
    }
}

static const char *const count_sources[] = {
    [BL_FROM_LIST] = "list", [BL_FROM_INCIDENT] = "incident", [BL_FROM_TOTAL] = "total"};

/* "attorney-general" -> "attorney general" */
static char *
readable(const char *id)
{
    return g_strdelimit(g_strdup(id), "-", ' ');
}

static char *
status_text(const struct bl_deadline_row *row)
{
    switch (row->status) {
    case BL_DUE_LATE:
        return g_strdup_printf("LATE by %d day%s", -row->margin, row->margin == -1 ? "" : "s");
    case BL_DUE_SOON:
        /* the letters' date is on time: the margin, not a countdown from today */
        return row->margin == 0 ? g_strdup("on the last day")
                                : g_strdup_printf("%d day%s to spare (less than 8)", row->margin,
                                                  row->margin == 1 ? "" : "s");
    case BL_DUE_OK:
        return g_strdup_printf("%d days to spare", row->margin);
    case BL_DUE_SUSPENDED:
        return g_strdup("delayed at the request of law enforcement");
    case BL_DUE_EXEMPT:
        return g_strdup(strcmp(row->exemption->kind, "exempt") == 0 ? "exempt"
                                                                    : "deemed compliant");
    case BL_DUE_NOT_OWED:
        return g_strdup("no notice owed");
    case BL_DUE_MAY_APPLY:
        return g_strdup("may apply: verify (see below)");
    default:
        return g_strdup("without unreasonable delay");
    }
}

/* The report for people fits a terminal of 80 columns: long text wraps at spaces under where
 * it started, and a name too wide for its column keeps its own line. */
#define WIDTH 80

/* Appends text to out in a column of width characters: padded, or, when longer, whole and
 * followed by a new line padded to where the column ends. */
static void
cell(GString *out, const char *text, int width)
{
    const char *nl = strrchr(out->str, '\n');
    glong start = g_utf8_strlen(nl != NULL ? nl + 1 : out->str, -1);
    glong len = g_utf8_strlen(text, -1);

    g_string_append(out, text);
    if (len <= width) {
        g_string_append_printf(out, "%*s", (int)(width - len), "");
    } else {
        g_string_append_printf(out, "\n%*s", (int)(start + width), "");
    }
}

static void
text_findings(GString *out, const struct bl_check_report *rep)
{
    int errors = bl_check_count(rep, BL_SEV_ERROR);
    int warnings = bl_check_count(rep, BL_SEV_WARNING);

    g_string_append_printf(out, "\nFINDINGS: %d error%s, %d warning%s\n", errors,
                           errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
    for (int sev = BL_SEV_ERROR; sev <= BL_SEV_WARNING; sev++) {
        for (guint i = 0; i < rep->findings->len; i++) {
            const struct bl_finding *f = g_ptr_array_index(rep->findings, i);

            if ((int)f->severity != sev) {
                continue;
            }
            g_string_append_printf(out, "  %-7s  ", sev == BL_SEV_ERROR ? "error" : "warning");
            cell(out, f->jurisdiction != NULL ? f->jurisdiction : "-", 5);
            g_string_append(out, "  ");
            bl_text_wrap(out, f->message, 18, WIDTH);
            if (f->where != NULL || f->recipients > 0) {
                GString *line = g_string_new(f->where);

                if (f->recipients > 0) {
                    g_string_append_printf(line, "%s%" G_GINT64_FORMAT " recipient%s",
                                           f->where != NULL ? "; " : "", f->recipients,
                                           f->recipients == 1 ? "" : "s");
                }
                g_string_append_printf(out, "%18s", "");
                bl_text_wrap(out, line->str, 18, WIDTH);
                g_string_free(line, TRUE);
            }
            if (f->cite != NULL) {
                char *text =
                    g_strdup_printf("[%s] %s%s%s", f->rule, f->cite, f->href != NULL ? "  " : "",
                                    f->href != NULL ? f->href : "");

                g_string_append_printf(out, "%18s", "");
                bl_text_wrap(out, text, 18, WIDTH);
                g_free(text);
            }
        }
    }
}

/* The rule of a deadline row: its days, or why there are none. Free with g_free(). */
static char *
rule_text(const struct bl_deadline_row *row)
{
    if (row->status == BL_DUE_MAY_APPLY) {
        return g_strdup("the law binds only some kinds of organisation");
    }
    if (row->exemption != NULL) {
        const char *regime = row->exemption->regime;

        return g_strdup_printf("%s (%s)",
                               strcmp(row->exemption->kind, "exempt") == 0 ? "law does not apply"
                                                                           : "federal notice",
                               strcmp(regime, "hipaa") == 0  ? "HIPAA"
                               : strcmp(regime, "glba") == 0 ? "GLBA"
                                                             : "not this kind of organisation");
    }
    if (row->status == BL_DUE_NOT_OWED) {
        return g_strdup("no resident covered (see below)");
    }
    if (row->rule == NULL) {
        return g_strdup("no rule in force");
    }
    return bl_deadline_describe(&row->rule->deadline);
}

static void
text_exemptions(GString *out, const struct bl_check_report *rep)
{
    if (rep->exemptions->len == 0) {
        return;
    }
    g_string_append(out, "\nEXEMPTIONS AND DEEMED COMPLIANCE\n");
    for (guint i = 0; i < rep->exemptions->len; i++) {
        const struct bl_exemption_row *e = g_ptr_array_index(rep->exemptions, i);
        const char *kind =
            strcmp(e->exemption->regime, "scope") == 0 ? "applies-to" : e->exemption->kind;
        char *law = g_strdup_printf("[%s] %s%s%s", kind, e->exemption->cite.cite,
                                    e->exemption->cite.href != NULL ? " " : "",
                                    e->exemption->cite.href != NULL ? e->exemption->cite.href : "");

        g_string_append_printf(out, "  %-5s  ", e->jurisdiction->code);
        bl_text_wrap(out, e->exemption->text, 9, WIDTH);
        if (e->lost) {
            g_string_append_printf(out, "%9s", "");
            bl_text_wrap(out,
                         "NOT MET: the HIPAA letters are late (45 CFR 164.404(b)), so the "
                         "state's own deadline and contents apply",
                         9, WIDTH);
        } else if (e->may_apply) {
            g_string_append_printf(out, "%9s", "");
            bl_text_wrap(out,
                         "MAY APPLY: the incident does not say what kind of organisation it is "
                         "(<organisation kind=\"...\">); until it does, the state's notices are "
                         "listed",
                         9, WIDTH);
        }
        g_string_append_printf(out, "%9s", "");
        bl_text_wrap(out, law, 9, WIDTH);
        g_free(law);
    }
}

static void
text_coverage(GString *out, const struct bl_check_report *rep)
{
    if (rep->coverage->len == 0) {
        return;
    }
    g_string_append(out, "\n");
    bl_text_wrap(out,
                 "NO NOTICE OWED UNDER STATE LAW (their letters have no state insert; HIPAA "
                 "still applies where it does)",
                 0, WIDTH);
    for (guint i = 0; i < rep->coverage->len; i++) {
        const struct bl_coverage_row *c = g_ptr_array_index(rep->coverage, i);

        char *line = c->from_incident
                         ? g_strdup_printf("%d affected (the incident's <affected>; none in the "
                                           "list): %s",
                                           c->residents, c->reason)
                         : g_strdup_printf("%d resident%s: %s", c->residents,
                                           c->residents == 1 ? "" : "s", c->reason);

        g_string_append_printf(out, "  %-5s  ", c->jurisdiction->code);
        bl_text_wrap(out, line, 9, WIDTH);
        g_free(line);
        if (c->cite != NULL) {
            /* a law not yet in force says from when it is */
            char *span = c->cite == &c->jurisdiction->law_cite
                             ? bl_span_describe(&c->jurisdiction->law_span)
                             : NULL;

            line = g_strdup_printf("%s%s%s%s%s", c->cite->cite, span != NULL ? "; " : "",
                                   span != NULL ? span : "", c->cite->href != NULL ? " " : "",
                                   c->cite->href != NULL ? c->cite->href : "");
            g_free(span);
            g_string_append_printf(out, "%9s", "");
            bl_text_wrap(out, line, 9, WIDTH);
            g_free(line);
        }
    }
}

static void
text_alternatives(GString *out, const struct bl_check_report *rep)
{
    if (rep->alternatives->len == 0) {
        return;
    }
    g_string_append(out, "\n");
    bl_text_wrap(out,
                 "ALSO PERMITTED (the law allows this notice instead of the letter; the letter "
                 "stays compliant)",
                 0, WIDTH);
    for (guint i = 0; i < rep->alternatives->len; i++) {
        const struct bl_alternative_row *a = g_ptr_array_index(rep->alternatives, i);
        char *line = g_strdup_printf("%" G_GINT64_FORMAT " resident%s: %s", a->residents,
                                     a->residents == 1 ? "" : "s", a->alternative->text);
        char *law =
            g_strdup_printf("[%s] %s%s%s", a->alternative->id, a->alternative->cite.cite,
                            a->alternative->cite.href != NULL ? " " : "",
                            a->alternative->cite.href != NULL ? a->alternative->cite.href : "");

        g_string_append_printf(out, "  %-5s  ", a->jurisdiction->code);
        bl_text_wrap(out, line, 9, WIDTH);
        g_string_append_printf(out, "%9s", "");
        bl_text_wrap(out, law, 9, WIDTH);
        g_free(line);
        g_free(law);
    }
}

static void
text_verify(GString *out, const struct bl_check_report *rep)
{
    char *title;

    if (rep->verify->len == 0) {
        return;
    }
    title = g_strdup_printf("TO VERIFY: %u note%s of the rules applied here could not "
                            "be confirmed against the statute; have counsel check them",
                            rep->verify->len, rep->verify->len == 1 ? "" : "s");

    g_string_append(out, "\n");
    bl_text_wrap(out, title, 0, WIDTH);
    g_free(title);
    for (guint i = 0; i < rep->verify->len; i++) {
        const struct bl_verify_note *v = g_ptr_array_index(rep->verify, i);
        char *note = g_strdup_printf("[%s] %s", v->rule, v->note);

        g_string_append_printf(out, "  %-5s  ", v->jurisdiction);
        bl_text_wrap(out, note, 9, WIDTH);
        g_free(note);
    }
}

/* One row a jurisdiction: its residents, the letters' due date and how they stand, and under
 * them the rule the date comes from. */
static void
text_deadlines(GString *out, const struct bl_check_report *rep)
{
    char discovered[16], notice[16];

    iso(discovered, &rep->discovered);
    iso(notice, &rep->notice);
    g_string_append_printf(out, "\nDEADLINES FOR THE LETTERS (discovered %s, letters dated %s)\n",
                           discovered, notice);
    g_string_append_printf(out, "  %-27s %9s  %-10s  %s\n", "jurisdiction", "residents", "due",
                           "status");
    g_string_append(out, "  ");
    bl_text_wrap(out,
                 "(residents: all of the list's in the jurisdiction; a row whose law owes notice "
                 "to fewer of them says how many)",
                 2, WIDTH);
    for (guint i = 0; i < rep->deadlines->len; i++) {
        const struct bl_deadline_row *row =
            &g_array_index(rep->deadlines, struct bl_deadline_row, i);
        char *describe = rule_text(row);
        char *status = status_text(row);
        char *name = g_strdup_printf(
            "%s%s%s", row->jurisdiction->code,
            strcmp(row->jurisdiction->code, "HIPAA") == 0 ? "" : " ",
            strcmp(row->jurisdiction->code, "HIPAA") == 0 ? "" : row->jurisdiction->name);
        char due[16];

        iso(due, &row->due);
        g_string_append(out, "  ");
        cell(out, name, 27);
        g_string_append_printf(out, " %9" G_GINT64_FORMAT "  %-10s  ", row->residents, due);
        bl_text_wrap(out, status, 53, WIDTH);
        g_string_append_printf(out, "%41s", "");
        bl_text_wrap(out, describe, 41, WIDTH);
        if (row->owed < row->residents && row->status != BL_DUE_NOT_OWED &&
            row->status != BL_DUE_EXEMPT) {
            char *owed = g_strdup_printf("%" G_GINT64_FORMAT " of them owed notice under its law",
                                         row->owed);

            g_string_append_printf(out, "%41s", "");
            bl_text_wrap(out, owed, 41, WIDTH);
            g_free(owed);
        }
        if (row->lost != NULL && row->status != BL_DUE_NOT_OWED) {
            char *lost = g_strdup_printf("not deemed compliant (%s): the HIPAA letters are late",
                                         row->lost->cite.cite);

            g_string_append_printf(out, "%41s", "");
            bl_text_wrap(out, lost, 41, WIDTH);
            g_free(lost);
        }
        if (row->rule != NULL && row->exemption == NULL && row->status != BL_DUE_NOT_OWED) {
            char *span = bl_span_describe(&row->rule->when.span);
            char *law = g_strdup_printf("%s%s%s", row->rule->cite.cite, span != NULL ? "; " : "",
                                        span != NULL ? span : "");

            /* the version of the law applied, and its citation */
            g_string_append_printf(out, "%41s", "");
            bl_text_wrap(out, law, 41, WIDTH);
            if (row->rule->deadline.tolled && rep->dates.delayed && g_date_valid(&row->due)) {
                /* how far a law-enforcement delay moved the deadline */
                struct bl_dates plain = rep->dates;
                GDate base;

                plain.delayed = FALSE;
                bl_deadline_due(&base, &row->rule->deadline, &plain);
                if (g_date_valid(&base) && g_date_days_between(&base, &row->due) > 0) {
                    char from[16], until[16];
                    char *moved;

                    iso(from, &rep->dates.delay_from);
                    iso(until, &rep->dates.delay_until);
                    moved = g_strdup_printf("+%d days: law-enforcement delay %s until %s",
                                            g_date_days_between(&base, &row->due), from, until);
                    g_string_append_printf(out, "%41s", "");
                    bl_text_wrap(out, moved, 41, WIDTH);
                    g_free(moved);
                }
            }
            if (row->rule->deadline.anchor == BL_ANCHOR_DETERMINATION &&
                !g_date_valid(&rep->dates.determined)) {
                g_string_append_printf(out, "%41s", "");
                bl_text_wrap(out,
                             "counted from discovery: the incident gives no date of "
                             "determination",
                             41, WIDTH);
            }
            g_free(law);
            g_free(span);
        }
        g_free(name);
        g_free(describe);
        g_free(status);
    }
}

/* Whether a notice must be sent: "YES", "no", or "verify" when the count is the list's and the
 * list may be a part of those affected. */
static const char *
notify_text(const struct bl_obligation *o)
{
    if (o->uncertain && (!o->triggered || o->notify->max > 0)) {
        return "verify";
    }
    return o->triggered ? "YES" : "no";
}

/* One row a notice: to whom, the count against the threshold, whether it must be sent and by
 * when; under it the law, and for a notice to send, what it asks. */
static void
text_obligations(GString *out, const struct bl_check_report *rep)
{
    g_string_append(out, "\nOTHER NOTICES\n");
    /* "law": the jurisdiction whose law asks for the notice, a code of up to 5 letters */
    g_string_append_printf(out, "  %-5s  %-27s %9s  %9s  %-6s  %s\n", "law", "notice to", "count",
                           "threshold", "notify", "due");
    for (guint i = 0; i < rep->obligations->len; i++) {
        const struct bl_obligation *o = &g_array_index(rep->obligations, struct bl_obligation, i);
        char *to = readable(o->notify->to);
        char *who = o->state != NULL ? g_strdup_printf("%s (%s)", to, o->state) : g_strdup(to);
        char *threshold = o->notify->max > 0 ? g_strdup_printf("<= %d", o->notify->max)
                                             : g_strdup_printf(">= %d", o->notify->min);
        char due[16];

        iso(due, o->triggered ? &o->due : &(GDate){0});
        g_string_append(out, "  ");
        cell(out, o->jurisdiction->code, 5);
        g_string_append(out, "  ");
        cell(out, who, 27);
        g_string_append_printf(out, " %9" G_GINT64_FORMAT "  %9s  %-6s  %s\n", o->count, threshold,
                               notify_text(o), o->triggered ? due : "-");
        g_string_append_printf(out, "%9s", "");
        bl_text_wrap(out, o->notify->cite.cite, 9, WIDTH);
        if (o->source == BL_FROM_INCIDENT) {
            char *from = o->listed >= 0
                             ? g_strdup_printf("count from the incident's <affected> (the list "
                                               "has %" G_GINT64_FORMAT ")",
                                               o->listed)
                             : g_strdup("count from the incident's <affected>");

            g_string_append_printf(out, "%9s", "");
            bl_text_wrap(out, from, 9, WIDTH);
            g_free(from);
        }
        if (o->uncertain && (!o->triggered || o->notify->max > 0)) {
            char *why =
                o->source == BL_FROM_TOTAL
                    ? g_strdup("counted on the list only: the incident gives no total")
                : o->state == NULL && o->notify->count == BL_COUNT_EACH_STATE
                    ? g_strdup("counted on the list only: the incident gives no count by state")
                    : g_strdup_printf("counted on the list only: the incident gives no count "
                                      "for %s",
                                      o->state != NULL ? o->state : o->jurisdiction->code);

            g_string_append_printf(out, "%9s", "");
            bl_text_wrap(out, why, 9, WIDTH);
            g_free(why);
        }
        if (o->uncovered) {
            g_string_append_printf(out, "%9s", "");
            bl_text_wrap(out,
                         "the state's law owes some of the list's residents no notice: the "
                         "incident's count may include people it does not cover; verify",
                         9, WIDTH);
        }
        if (o->triggered && o->notify->text != NULL) {
            g_string_append_printf(out, "%9s", "");
            bl_text_wrap(out, o->notify->text, 9, WIDTH);
        }
        g_free(to);
        g_free(who);
        g_free(threshold);
    }
}

char *
bl_check_format_text(const struct bl_check_report *rep)
{
    GString *out = g_string_new(NULL);

    g_string_append(out, "Compliance check of ");
    bl_text_wrap(out, rep->incident_path, 2, WIDTH);
    if (rep->recipients_path != NULL) {
        char *line = g_strdup_printf("Recipients: %s: %" G_GINT64_FORMAT " row%s, %" G_GINT64_FORMAT
                                     " valid, %" G_GINT64_FORMAT " rejected, in %u jurisdiction%s",
                                     rep->recipients_path, rep->rows, rep->rows == 1 ? "" : "s",
                                     rep->valid, rep->rejected, g_hash_table_size(rep->residents),
                                     g_hash_table_size(rep->residents) == 1 ? "" : "s");

        if (rep->unprintable > 0) {
            char *more = g_strdup_printf("%s; %" G_GINT64_FORMAT " with a character no font "
                                         "has, whose letter%s render refuses",
                                         line, rep->unprintable, rep->unprintable == 1 ? "" : "s");

            g_free(line);
            line = more;
        }
        bl_text_wrap(out, line, 2, WIDTH);
        g_free(line);
    } else {
        bl_text_wrap(out,
                     "No recipient list: the letter of every jurisdiction in the rules is "
                     "checked for a sample resident; give --recipients for deadlines and notices "
                     "by state.",
                     0, WIDTH);
    }
    text_findings(out, rep);
    text_deadlines(out, rep);
    text_exemptions(out, rep);
    text_coverage(out, rep);
    text_alternatives(out, rep);
    text_obligations(out, rep);
    text_verify(out, rep);
    g_string_append(out, "\n");
    bl_text_wrap(out,
                 bl_check_count(rep, BL_SEV_ERROR) > 0
                     ? "NOT COMPLIANT: render refuses these letters (use --allow-draft for a "
                       "watermarked draft)."
                     : "No finding stops the letters.",
                 0, WIDTH);
    bl_text_wrap(out,
                 "Not legal advice: the rules are a summary of the law; have counsel confirm "
                 "them (docs/rules-sources.md).",
                 0, WIDTH);
    return g_string_free(out, FALSE);
}

static void
json_date(JsonBuilder *b, const char *name, const GDate *date)
{
    char buf[16];

    iso(buf, date);
    bl_json_string(b, name, g_date_valid(date) ? buf : NULL);
}

static void
json_findings(JsonBuilder *b, const struct bl_check_report *rep)
{
    json_builder_set_member_name(b, "findings");
    json_builder_begin_array(b);
    for (guint i = 0; i < rep->findings->len; i++) {
        const struct bl_finding *f = g_ptr_array_index(rep->findings, i);

        json_builder_begin_object(b);
        bl_json_string(b, "severity", f->severity == BL_SEV_ERROR ? "error" : "warning");
        bl_json_string(b, "jurisdiction", f->jurisdiction);
        bl_json_string(b, "rule", f->rule);
        bl_json_string(b, "message", f->message);
        bl_json_string(b, "where", f->where);
        bl_json_int(b, "recipients", f->recipients);
        bl_json_string(b, "cite", f->cite);
        bl_json_string(b, "href", f->href);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
}

static void
json_deadlines(JsonBuilder *b, const struct bl_check_report *rep)
{
    json_builder_set_member_name(b, "deadlines");
    json_builder_begin_array(b);
    for (guint i = 0; i < rep->deadlines->len; i++) {
        const struct bl_deadline_row *row =
            &g_array_index(rep->deadlines, struct bl_deadline_row, i);
        char *describe = rule_text(row);
        char *span = row->rule != NULL ? bl_span_describe(&row->rule->when.span) : NULL;

        json_builder_begin_object(b);
        bl_json_string(b, "jurisdiction", row->jurisdiction->code);
        bl_json_string(b, "name", row->jurisdiction->name);
        bl_json_int(b, "residents", row->residents);
        bl_json_int(b, "owed", row->owed);
        bl_json_string(b, "deeming_lost", row->lost != NULL ? row->lost->cite.cite : NULL);
        bl_json_string(b, "rule", describe);
        bl_json_string(b, "version", span);
        bl_json_string(b, "text", row->rule != NULL ? row->rule->text : NULL);
        json_date(b, "due", &row->due);
        bl_json_string(b, "status", status_names[row->status]);
        json_builder_set_member_name(b, "days_to_deadline");
        if (!g_date_valid(&row->due) || row->status == BL_DUE_NONE) {
            json_builder_add_null_value(b);
        } else {
            json_builder_add_int_value(b, row->margin);
        }
        bl_json_string(b, "cite",
                       row->exemption != NULL ? row->exemption->cite.cite
                       : row->rule != NULL    ? row->rule->cite.cite
                                              : NULL);
        bl_json_string(b, "href",
                       row->exemption != NULL ? row->exemption->cite.href
                       : row->rule != NULL    ? row->rule->cite.href
                                              : NULL);
        json_builder_end_object(b);
        g_free(describe);
        g_free(span);
    }
    json_builder_end_array(b);
}

static void
json_obligations(JsonBuilder *b, const struct bl_check_report *rep)
{
    json_builder_set_member_name(b, "notices");
    json_builder_begin_array(b);
    for (guint i = 0; i < rep->obligations->len; i++) {
        const struct bl_obligation *o = &g_array_index(rep->obligations, struct bl_obligation, i);
        char *describe = bl_deadline_describe(&o->notify->deadline);

        json_builder_begin_object(b);
        bl_json_string(b, "jurisdiction", o->jurisdiction->code);
        bl_json_string(b, "to", o->notify->to);
        bl_json_string(b, "state", o->state);
        bl_json_int(b, "count", o->count);
        bl_json_string(b, "count_from", count_sources[o->source]);
        bl_json_int(b, "threshold", o->notify->min);
        json_builder_set_member_name(b, "maximum");
        if (o->notify->max > 0) {
            json_builder_add_int_value(b, o->notify->max);
        } else {
            json_builder_add_null_value(b);
        }
        bl_json_bool(b, "triggered", o->triggered);
        bl_json_bool(b, "count_may_include_uncovered", o->uncovered);
        bl_json_bool(b, "count_uncertain", o->uncertain && (!o->triggered || o->notify->max > 0));
        bl_json_string(b, "timing", o->notify->deadline.set ? describe : NULL);
        json_date(b, "due", o->triggered ? &o->due : &(GDate){0});
        bl_json_string(b, "text", o->notify->text);
        bl_json_string(b, "cite", o->notify->cite.cite);
        bl_json_string(b, "href", o->notify->cite.href);
        bl_json_string(b, "verify", o->notify->cite.verify);
        json_builder_end_object(b);
        g_free(describe);
    }
    json_builder_end_array(b);
}

char *
bl_check_format_json(const struct bl_check_report *rep)
{
    JsonBuilder *b = json_builder_new();
    GPtrArray *codes = bl_check_jurisdictions(rep, TRUE);
    char *text;

    json_builder_begin_object(b);
    bl_json_string(b, "incident", rep->incident_path);
    bl_json_string(b, "recipients", rep->recipients_path);
    bl_json_int(b, "rows", rep->rows);
    bl_json_int(b, "valid", rep->valid);
    bl_json_int(b, "rejected", rep->rejected);
    if (rep->unprintable > 0) {
        bl_json_int(b, "unprintable", rep->unprintable);
    }
    bl_json_bool(b, "compliant", bl_check_count(rep, BL_SEV_ERROR) == 0);
    json_date(b, "discovered", &rep->discovered);
    json_date(b, "notice", &rep->notice);
    json_builder_set_member_name(b, "residents");
    json_builder_begin_object(b);
    for (guint i = 0; i < codes->len; i++) {
        const char *code = g_ptr_array_index(codes, i);

        bl_json_int(b, code[0] != '\0' ? code : "none", bl_check_residents(rep, code));
    }
    json_builder_end_object(b);
    json_findings(b, rep);
    json_deadlines(b, rep);
    json_obligations(b, rep);
    json_builder_set_member_name(b, "exemptions");
    json_builder_begin_array(b);
    for (guint i = 0; i < rep->exemptions->len; i++) {
        const struct bl_exemption_row *e = g_ptr_array_index(rep->exemptions, i);

        json_builder_begin_object(b);
        bl_json_string(b, "jurisdiction", e->jurisdiction->code);
        bl_json_string(b, "kind", e->exemption->kind);
        bl_json_string(b, "regime", e->exemption->regime);
        bl_json_bool(b, "lost", e->lost);
        bl_json_bool(b, "may_apply", e->may_apply);
        bl_json_string(b, "text", e->exemption->text);
        bl_json_string(b, "cite", e->exemption->cite.cite);
        bl_json_string(b, "href", e->exemption->cite.href);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "not_owed");
    json_builder_begin_array(b);
    for (guint i = 0; i < rep->coverage->len; i++) {
        const struct bl_coverage_row *c = g_ptr_array_index(rep->coverage, i);

        json_builder_begin_object(b);
        bl_json_string(b, "jurisdiction", c->jurisdiction->code);
        bl_json_int(b, "residents", c->residents);
        bl_json_bool(b, "from_incident", c->from_incident);
        bl_json_string(b, "reason", c->reason);
        bl_json_string(b, "cite", c->cite != NULL ? c->cite->cite : NULL);
        bl_json_string(b, "href", c->cite != NULL ? c->cite->href : NULL);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "alternatives");
    json_builder_begin_array(b);
    for (guint i = 0; i < rep->alternatives->len; i++) {
        const struct bl_alternative_row *a = g_ptr_array_index(rep->alternatives, i);

        json_builder_begin_object(b);
        bl_json_string(b, "jurisdiction", a->jurisdiction->code);
        bl_json_string(b, "id", a->alternative->id);
        bl_json_int(b, "residents", a->residents);
        bl_json_string(b, "text", a->alternative->text);
        bl_json_string(b, "cite", a->alternative->cite.cite);
        bl_json_string(b, "href", a->alternative->cite.href);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "verify");
    json_builder_begin_array(b);
    for (guint i = 0; i < rep->verify->len; i++) {
        const struct bl_verify_note *v = g_ptr_array_index(rep->verify, i);

        json_builder_begin_object(b);
        bl_json_string(b, "jurisdiction", v->jurisdiction);
        bl_json_string(b, "rule", v->rule);
        bl_json_string(b, "note", v->note);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    text = bl_json_finish(b);
    g_ptr_array_unref(codes);
    return text;
}

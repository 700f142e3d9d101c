/* SPDX-License-Identifier: MIT */
/* Report: the regulator summary of a run, recipients by state and by type of information, as a
 * CSV and as a one-page PDF for attorney-general submissions. */
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sink.h"
#include "sink_pdf.h"
#include "tempfile.h"
#include "text.h"

static const char *
name_of(const char *code)
{
    const char *name = bl_jurisdiction_name(code);

    return code[0] == '\0' ? "outside the United States" : name != NULL ? name : code;
}

char *
bl_report_csv(const struct bl_check_report *rep, const struct bl_incident *inc)
{
    GString *out = g_string_new(NULL);
    GPtrArray *codes = bl_check_jurisdictions(rep, TRUE);
    GArray *totals = g_array_new(FALSE, TRUE, sizeof(gint64));
    gboolean by_state = g_hash_table_size(inc->affected_by_state) > 0;
    char num[24];

    g_array_set_size(totals, inc->categories->len);
    bl_csv_append(out, "jurisdiction", TRUE);
    bl_csv_append(out, "name", FALSE);
    bl_csv_append(out, "recipients", FALSE);
    if (by_state) {
        /* the counts the notices' thresholds use, when the list is a part of the incident */
        bl_csv_append(out, "affected_per_incident", FALSE);
    }
    for (guint c = 0; c < inc->categories->len; c++) {
        bl_csv_append(out, ((struct bl_category *)g_ptr_array_index(inc->categories, c))->id,
                      FALSE);
    }
    g_string_append(out, "\r\n");
    for (guint i = 0; i < codes->len; i++) {
        const char *code = g_ptr_array_index(codes, i);
        GArray *counts = g_hash_table_lookup(rep->by_category, code);

        bl_csv_append(out, code, TRUE);
        bl_csv_append(out, name_of(code), FALSE);
        g_snprintf(num, sizeof(num), "%" G_GINT64_FORMAT, bl_check_residents(rep, code));
        bl_csv_append(out, num, FALSE);
        if (by_state) {
            gint64 affected = bl_incident_affected_in(inc, code);

            g_snprintf(num, sizeof(num), "%" G_GINT64_FORMAT, affected);
            bl_csv_append(out, affected >= 0 ? num : NULL, FALSE);
        }
        for (guint c = 0; c < inc->categories->len; c++) {
            gint64 n = counts != NULL ? g_array_index(counts, gint64, c) : 0;

            g_array_index(totals, gint64, c) += n;
            g_snprintf(num, sizeof(num), "%" G_GINT64_FORMAT, n);
            bl_csv_append(out, num, FALSE);
        }
        g_string_append(out, "\r\n");
    }
    bl_csv_append(out, "TOTAL", TRUE);
    bl_csv_append(out, "all jurisdictions", FALSE);
    g_snprintf(num, sizeof(num), "%" G_GINT64_FORMAT, rep->valid);
    bl_csv_append(out, num, FALSE);
    if (by_state) {
        g_snprintf(num, sizeof(num), "%" G_GINT64_FORMAT, inc->total_affected);
        bl_csv_append(out, inc->total_affected >= 0 ? num : NULL, FALSE);
    }
    for (guint c = 0; c < inc->categories->len; c++) {
        g_snprintf(num, sizeof(num), "%" G_GINT64_FORMAT, g_array_index(totals, gint64, c));
        bl_csv_append(out, num, FALSE);
    }
    g_string_append(out, "\r\n");
    g_array_unref(totals);
    g_ptr_array_unref(codes);
    return g_string_free(out, FALSE);
}

/* -- the one-page PDF ----------------------------------------------------------------------- */

/* Draws markup at (x, y); returns the y below it. */
static double
draw(cairo_t *cr, PangoLayout *layout, const char *markup, double x, double y)
{
    PangoRectangle logical;

    pango_layout_set_markup(layout, markup, -1);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout);
    pango_layout_get_extents(layout, NULL, &logical);
    return y + (double)logical.height / PANGO_SCALE;
}

static char *
date_text(const GDate *d)
{
    return g_date_valid(d) ? bl_date_format(d, "long", "en") : g_strdup("not given");
}

/* A table in columns: rows of "name<TAB>count", laid out in n_cols side by side. */
static double
draw_table(cairo_t *cr, const struct bl_fonts *fonts, GPtrArray *rows, int n_cols, double x,
           double y, double width)
{
    double col_w = width / n_cols;
    guint per_col = (rows->len + (guint)n_cols - 1) / (guint)n_cols;
    double bottom = y;

    for (int c = 0; c < n_cols; c++) {
        PangoLayout *layout = bl_fonts_layout(fonts, "Noto Serif", PANGO_WEIGHT_NORMAL, 10.0, 0);
        PangoTabArray *tabs =
            pango_tab_array_new_with_positions(1, TRUE, PANGO_TAB_LEFT, (int)(col_w - 48));
        GString *text = g_string_new(NULL);

        pango_layout_set_tabs(layout, tabs);
        for (guint i = (guint)c * per_col; i < rows->len && i < ((guint)c + 1) * per_col; i++) {
            g_string_append_printf(text, "%s%s", text->len > 0 ? "\n" : "",
                                   (const char *)g_ptr_array_index(rows, i));
        }
        bottom = MAX(bottom, draw(cr, layout, text->str, x + c * col_w, y));
        g_string_free(text, TRUE);
        pango_tab_array_free(tabs);
        g_object_unref(layout);
    }
    return bottom;
}

/* Rows of "count<TAB>label": counts in a narrow column, labels wrapped beside them. */
static double
draw_counts_first(cairo_t *cr, const struct bl_fonts *fonts, GPtrArray *rows, double x, double y,
                  double width)
{
    PangoLayout *layout = bl_fonts_layout(fonts, "Noto Serif", PANGO_WEIGHT_NORMAL, 10.0, width);
    PangoTabArray *tabs = pango_tab_array_new_with_positions(1, TRUE, PANGO_TAB_LEFT, 48);

    pango_layout_set_tabs(layout, tabs);
    pango_layout_set_indent(layout, -48 * PANGO_SCALE);
    for (guint i = 0; i < rows->len; i++) {
        y = draw(cr, layout, g_ptr_array_index(rows, i), x, y);
    }
    pango_tab_array_free(tabs);
    g_object_unref(layout);
    return y;
}

static void
draw_page(cairo_t *cr, const struct bl_fonts *fonts, const struct bl_check_report *rep,
          const struct bl_incident *inc)
{
    const double x = 54, width = 504;
    PangoLayout *title = bl_fonts_layout(fonts, "Noto Sans", PANGO_WEIGHT_BOLD, 16, width);
    PangoLayout *head = bl_fonts_layout(fonts, "Noto Sans", PANGO_WEIGHT_BOLD, 11, width);
    PangoLayout *body = bl_fonts_layout(fonts, "Noto Serif", PANGO_WEIGHT_NORMAL, 10, width);
    GPtrArray *codes = bl_check_jurisdictions(rep, TRUE);
    GPtrArray *rows = g_ptr_array_new_with_free_func(g_free);
    char *org = g_markup_escape_text(inc->org.name, -1);
    char *occurred = date_text(&inc->occurred_from), *discovered = date_text(&inc->discovered);
    char *notice = date_text(&inc->notice);
    char *markup;
    double y = 54;

    y = draw(cr, title, "Breach notification summary", x, y) + 4;
    markup = g_markup_printf_escaped(
        "<b>%s</b> · incident %s\nOccurred %s · discovered %s · letters dated %s\n"
        "%" G_GINT64_FORMAT " recipient%s notified in %u jurisdiction%s%s",
        inc->org.name, inc->id, occurred, discovered, notice, rep->valid,
        rep->valid == 1 ? "" : "s", codes->len, codes->len == 1 ? "" : "s",
        rep->rejected > 0 ? " (rows of the list not yet notified are not counted)" : "");
    y = draw(cr, body, markup, x, y) + 14;
    g_free(markup);

    y = draw(cr, head, "Recipients by state or territory", x, y) + 4;
    for (guint i = 0; i < codes->len; i++) {
        const char *code = g_ptr_array_index(codes, i);
        char *name = g_markup_escape_text(name_of(code), -1);

        gint64 affected = bl_incident_affected_in(inc, code);

        /* the incident's count beside the list's, when it gives one */
        g_ptr_array_add(rows,
                        affected >= 0
                            ? g_strdup_printf("%s %s\t%" G_GINT64_FORMAT " of %" G_GINT64_FORMAT,
                                              code, name, bl_check_residents(rep, code), affected)
                            : g_strdup_printf("%s %s\t%" G_GINT64_FORMAT, code, name,
                                              bl_check_residents(rep, code)));
        g_free(name);
    }
    y = draw_table(cr, fonts, rows, codes->len > 18 ? 3 : 2, x, y, width) + 14;
    g_ptr_array_set_size(rows, 0);
    if (g_hash_table_size(inc->affected_by_state) > 0) {
        y = draw(cr, body,
                 "A count \"N of M\": N residents in this list, of the M the incident gives for "
                 "the state (its &lt;affected&gt;), which the thresholds of the state's notices "
                 "count.",
                 x, y) +
            14;
    }

    y = draw(cr, head, "Recipients by type of information involved", x, y) + 4;
    for (guint c = 0; c < inc->categories->len; c++) {
        const struct bl_category *cat = g_ptr_array_index(inc->categories, c);
        char *label = g_markup_escape_text(cat->label, -1);
        GHashTableIter it;
        gpointer counts;
        gint64 n = 0;

        g_hash_table_iter_init(&it, rep->by_category);
        while (g_hash_table_iter_next(&it, NULL, &counts)) {
            n += g_array_index((GArray *)counts, gint64, c);
        }
        g_ptr_array_add(rows, g_strdup_printf("%" G_GINT64_FORMAT "\t%s", n, label));
        g_free(label);
    }
    y = draw_counts_first(cr, fonts, rows, x, y, width) + 18;
    markup = g_markup_printf_escaped(
        "Made by breachletter from %s and %s. A person may appear under several types of "
        "information.",
        rep->incident_path, rep->recipients_path != NULL ? rep->recipients_path : "no list");
    draw(cr, body, markup, x, MAX(y, 720));
    g_free(markup);
    g_free(org);
    g_free(occurred);
    g_free(discovered);
    g_free(notice);
    g_ptr_array_unref(rows);
    g_ptr_array_unref(codes);
    g_object_unref(title);
    g_object_unref(head);
    g_object_unref(body);
}

struct page {
    const struct bl_check_report *rep;
    const struct bl_incident *inc;
    const struct bl_fonts *fonts;
};

static void
draw_summary(cairo_t *cr, gpointer data)
{
    const struct page *p = data;

    draw_page(cr, p->fonts, p->rep, p->inc);
    cairo_show_page(cr);
}

int
bl_report_write(const struct bl_check_report *rep, const struct bl_incident *inc,
                const struct bl_fonts *fonts, int dir, const char *shown_dir, struct bl_diag *diag)
{
    char *csv_shown = g_build_filename(shown_dir, "summary.csv", NULL);
    char *pdf_shown = g_build_filename(shown_dir, "summary.pdf", NULL);
    char *csv = bl_report_csv(rep, inc);
    struct bl_pdf_info info = {
        "summary", "Breach notification summary", inc->org.name, NULL, &inc->notice, FALSE, FALSE,
        NULL};
    struct page page = {rep, inc, fonts};
    struct bl_pdf_file *pdf = NULL;
    int rc = -1;

    if (bl_temp_write_at(dir, "summary.csv", csv_shown, csv, strlen(csv), diag) == 0 &&
        (pdf = bl_sink_pdf_open_at(dir, "summary.pdf", pdf_shown, &info, diag)) != NULL) {
        draw_summary(bl_sink_pdf_cairo(pdf), &page);
        rc = bl_sink_pdf_close(pdf, NULL);
    }
    g_free(csv);
    g_free(csv_shown);
    g_free(pdf_shown);
    return rc;
}

/* SPDX-License-Identifier: MIT */
/* Text helpers shared by the stages: dates, US jurisdictions, whitespace. */
#include "text.h"

#include <stdio.h>
#include <string.h>

static const char *const months_en[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

static const char *const months_es[] = {
    "enero", "febrero", "marzo",      "abril",   "mayo",      "junio",
    "julio", "agosto",  "septiembre", "octubre", "noviembre", "diciembre",
};

int
bl_date_parse(GDate *out, const char *text)
{
    int y, m, d;
    char tail;

    g_date_clear(out, 1);
    if (text == NULL || strlen(text) != 10 || text[4] != '-' || text[7] != '-') {
        return -1;
    }
    for (int i = 0; i < 10; i++) {
        if (i != 4 && i != 7 && !g_ascii_isdigit(text[i])) {
            return -1;
        }
    }
    if (sscanf(text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) {
        return -1;
    }
    if (y < 1900 || !g_date_valid_dmy((GDateDay)d, (GDateMonth)m, (GDateYear)y)) {
        return -1;
    }
    g_date_set_dmy(out, (GDateDay)d, (GDateMonth)m, (GDateYear)y);
    return 0;
}

gboolean
bl_date_style_valid(const char *style)
{
    return style != NULL && (strcmp(style, "long") == 0 || strcmp(style, "iso") == 0 ||
                             strcmp(style, "us") == 0 || strcmp(style, "month-year") == 0);
}

char *
bl_date_format(const GDate *date, const char *style, const char *language)
{
    gboolean es = language != NULL && strcmp(language, "es") == 0;
    int d, m, y;
    const char *month;

    g_return_val_if_fail(date != NULL && g_date_valid(date) && style != NULL, NULL);
    d = g_date_get_day(date);
    m = g_date_get_month(date);
    y = g_date_get_year(date);
    month = es ? months_es[m - 1] : months_en[m - 1];
    if (strcmp(style, "long") == 0) {
        return es ? g_strdup_printf("%d de %s de %d", d, month, y)
                  : g_strdup_printf("%s %d, %d", month, d, y);
    }
    if (strcmp(style, "iso") == 0) {
        return g_strdup_printf("%04d-%02d-%02d", y, m, d);
    }
    if (strcmp(style, "us") == 0) {
        return es ? g_strdup_printf("%02d/%02d/%04d", d, m, y)
                  : g_strdup_printf("%02d/%02d/%04d", m, d, y);
    }
    if (strcmp(style, "month-year") == 0) {
        return es ? g_strdup_printf("%s de %d", month, y) : g_strdup_printf("%s %d", month, y);
    }
    return NULL;
}

static const struct {
    const char *code;
    const char *name;
} jurisdictions[] = {
    {"AL", "Alabama"},
    {"AK", "Alaska"},
    {"AZ", "Arizona"},
    {"AR", "Arkansas"},
    {"CA", "California"},
    {"CO", "Colorado"},
    {"CT", "Connecticut"},
    {"DE", "Delaware"},
    {"DC", "the District of Columbia"},
    {"FL", "Florida"},
    {"GA", "Georgia"},
    {"HI", "Hawaii"},
    {"ID", "Idaho"},
    {"IL", "Illinois"},
    {"IN", "Indiana"},
    {"IA", "Iowa"},
    {"KS", "Kansas"},
    {"KY", "Kentucky"},
    {"LA", "Louisiana"},
    {"ME", "Maine"},
    {"MD", "Maryland"},
    {"MA", "Massachusetts"},
    {"MI", "Michigan"},
    {"MN", "Minnesota"},
    {"MS", "Mississippi"},
    {"MO", "Missouri"},
    {"MT", "Montana"},
    {"NE", "Nebraska"},
    {"NV", "Nevada"},
    {"NH", "New Hampshire"},
    {"NJ", "New Jersey"},
    {"NM", "New Mexico"},
    {"NY", "New York"},
    {"NC", "North Carolina"},
    {"ND", "North Dakota"},
    {"OH", "Ohio"},
    {"OK", "Oklahoma"},
    {"OR", "Oregon"},
    {"PA", "Pennsylvania"},
    {"RI", "Rhode Island"},
    {"SC", "South Carolina"},
    {"SD", "South Dakota"},
    {"TN", "Tennessee"},
    {"TX", "Texas"},
    {"UT", "Utah"},
    {"VT", "Vermont"},
    {"VA", "Virginia"},
    {"WA", "Washington"},
    {"WV", "West Virginia"},
    {"WI", "Wisconsin"},
    {"WY", "Wyoming"},
    {"PR", "Puerto Rico"},
    {"GU", "Guam"},
    {"VI", "the U.S. Virgin Islands"},
    {"AS", "American Samoa"},
    {"MP", "the Northern Mariana Islands"},
};

const char *
bl_jurisdiction_name(const char *code)
{
    if (code == NULL) {
        return NULL;
    }
    for (gsize i = 0; i < G_N_ELEMENTS(jurisdictions); i++) {
        if (strcmp(jurisdictions[i].code, code) == 0) {
            return jurisdictions[i].name;
        }
    }
    return NULL;
}

char *
bl_text_squeeze(const char *text)
{
    GString *out = g_string_sized_new(text != NULL ? strlen(text) : 0);
    gboolean space = FALSE;

    for (const char *p = text; p != NULL && *p != '\0'; p++) {
        if (g_ascii_isspace(*p)) {
            space = out->len > 0;
            continue;
        }
        if (space) {
            g_string_append_c(out, ' ');
            space = FALSE;
        }
        g_string_append_c(out, *p);
    }
    return g_string_free(out, FALSE);
}

gboolean
bl_text_blank(const char *text)
{
    for (const char *p = text; p != NULL && *p != '\0'; p++) {
        if (!g_ascii_isspace(*p)) {
            return FALSE;
        }
    }
    return TRUE;
}

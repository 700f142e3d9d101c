/* SPDX-License-Identifier: MIT */
/* Holidays: which days a calendar of the rules file keeps free, and business-day counts. */
#include "holidays.h"

static void
holiday_free(gpointer data)
{
    struct bl_holiday *h = data;

    g_free(h->name);
    g_free(h);
}

struct bl_calendar *
bl_calendar_new(const struct bl_calendar *base)
{
    struct bl_calendar *cal = g_new0(struct bl_calendar, 1);

    cal->holidays = g_ptr_array_new_with_free_func(holiday_free);
    cal->base = base;
    return cal;
}

void
bl_calendar_free(struct bl_calendar *cal)
{
    if (cal == NULL) {
        return;
    }
    g_ptr_array_unref(cal->holidays);
    g_free(cal->name);
    g_free(cal->cite.cite);
    g_free(cal->cite.href);
    g_free(cal->cite.verify);
    g_free(cal->cite.also);
    g_free(cal);
}

void
bl_calendar_add_take(struct bl_calendar *cal, struct bl_holiday *h)
{
    g_ptr_array_add(cal->holidays, h);
}

void
bl_holiday_date(GDate *out, const struct bl_holiday *h, int year)
{
    int last = g_date_get_days_in_month((GDateMonth)h->month, (GDateYear)year);
    int day;

    g_date_clear(out, 1);
    if (h->day > 0) {
        if (h->day <= last) {
            g_date_set_dmy(out, (GDateDay)h->day, (GDateMonth)h->month, (GDateYear)year);
        }
        return;
    }
    if (h->nth < 0) {
        g_date_set_dmy(out, (GDateDay)last, (GDateMonth)h->month, (GDateYear)year);
        g_date_subtract_days(out, ((int)g_date_get_weekday(out) - (int)h->weekday + 7) % 7);
        return;
    }
    day = h->on_or_after > 0 ? h->on_or_after : 1;
    g_date_set_dmy(out, (GDateDay)day, (GDateMonth)h->month, (GDateYear)year);
    day += ((int)h->weekday - (int)g_date_get_weekday(out) + 7) % 7 + 7 * (h->nth - 1);
    if (day > last) {
        g_date_clear(out, 1);
        return;
    }
    g_date_set_dmy(out, (GDateDay)day, (GDateMonth)h->month, (GDateYear)year);
}

/* TRUE when h, as observed in some year, falls on date. A Saturday or Sunday holiday may be
 * observed in the year before or after (New Year's Day on a Saturday: Friday December 31). */
static gboolean
observed_on(const struct bl_holiday *h, const GDate *date)
{
    for (int dy = -1; dy <= 1; dy++) {
        GDate d;
        GDateWeekday wd;

        bl_holiday_date(&d, h, (int)g_date_get_year(date) + dy);
        if (!g_date_valid(&d)) {
            continue;
        }
        wd = g_date_get_weekday(&d);
        if (wd == G_DATE_SATURDAY && h->observed == BL_OBSERVED_NEAREST_WEEKDAY) {
            g_date_subtract_days(&d, 1);
        } else if (wd == G_DATE_SUNDAY && h->observed != BL_OBSERVED_NONE) {
            g_date_add_days(&d, 1);
        }
        if (g_date_compare(&d, date) == 0) {
            return (!g_date_valid(&h->from) || g_date_compare(&h->from, &d) <= 0) &&
                   (!g_date_valid(&h->until) || g_date_compare(&d, &h->until) < 0);
        }
    }
    return FALSE;
}

const struct bl_holiday *
bl_calendar_holiday(const struct bl_calendar *cal, const GDate *date)
{
    for (; cal != NULL; cal = cal->base) {
        for (guint i = 0; i < cal->holidays->len; i++) {
            const struct bl_holiday *h = g_ptr_array_index(cal->holidays, i);

            if (observed_on(h, date)) {
                return h;
            }
        }
    }
    return NULL;
}

gboolean
bl_calendar_business_day(const struct bl_calendar *cal, const GDate *date)
{
    GDateWeekday wd = g_date_get_weekday(date);

    return wd != G_DATE_SATURDAY && wd != G_DATE_SUNDAY && bl_calendar_holiday(cal, date) == NULL;
}

void
bl_calendar_add_business_days(const struct bl_calendar *cal, GDate *date, int n)
{
    n = CLAMP(n, -BL_CALENDAR_MAX_DAYS, BL_CALENDAR_MAX_DAYS);
    for (int left = n < 0 ? -n : n; left > 0;) {
        if (n > 0) {
            g_date_add_days(date, 1);
        } else {
            g_date_subtract_days(date, 1);
        }
        if (bl_calendar_business_day(cal, date)) {
            left--;
        }
    }
}

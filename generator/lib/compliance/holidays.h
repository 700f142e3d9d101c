/* SPDX-License-Identifier: MIT */
/* Holidays: the calendars business-day deadlines count on, as the rules file gives them (the US
 * federal holidays, and the legal holidays a state adds), and the arithmetic of business days.
 * No holiday is written in C: each comes from the rules with its citation. */
#ifndef BL_HOLIDAYS_H
#define BL_HOLIDAYS_H

#include <glib.h>

#include "rules.h"

/* When a holiday that falls on a weekend is observed on a weekday instead. */
enum bl_observed {
    BL_OBSERVED_NONE,             /* not moved: a weekend day is no business day anyway */
    BL_OBSERVED_NEAREST_WEEKDAY,  /* Saturday on the Friday before, Sunday on the Monday after */
    BL_OBSERVED_SUNDAY_TO_MONDAY, /* only a Sunday moves, to the Monday after */
};

/* One holiday, as a rule of the year: a fixed day of a month, or the nth weekday of a month
 * counted from a day of it (the first Tuesday on or after November 2). */
struct bl_holiday {
    char *name; /* "Memorial Day" */
    int month;  /* 1-12 */
    int day;    /* a fixed day of the month; 0 for a weekday rule */
    GDateWeekday weekday;
    int nth;         /* 1-5, or -1: the last of the month */
    int on_or_after; /* the day of the month the count of weekdays starts at (1) */
    enum bl_observed observed;
    GDate from, until; /* the days it is a holiday, compared with the day observed: from
                        * (inclusive) to until (exclusive); invalid: open */
    int line;          /* in the rules file */
};

/* A calendar of holidays: its own, plus those of base (a state's calendar adds to the federal
 * one). */
struct bl_calendar {
    char *name;                     /* "US federal holidays", "Vermont legal holidays" */
    struct bl_cite cite;            /* where the holidays are enacted */
    GPtrArray *holidays;            /* struct bl_holiday *, owned */
    const struct bl_calendar *base; /* borrowed, or NULL */
};

/* An empty calendar adding to base (may be NULL); name and cite are set by the caller and freed
 * with the calendar. Free with bl_calendar_free. */
struct bl_calendar *bl_calendar_new(const struct bl_calendar *base);
void bl_calendar_free(struct bl_calendar *cal);

/* Takes h (allocated with g_new0; its name is freed with it) into cal. */
void bl_calendar_add_take(struct bl_calendar *cal, struct bl_holiday *h);

/* The date holiday h falls on in year (before moving it off a weekend), into *out; invalid when
 * the rule names no such day in that year (a fifth Monday the month lacks). */
void bl_holiday_date(GDate *out, const struct bl_holiday *h, int year);

/* The holiday of cal (or of its base) observed on date, or NULL. Borrowed from cal. A NULL cal
 * has none. */
const struct bl_holiday *bl_calendar_holiday(const struct bl_calendar *cal, const GDate *date);

/* TRUE when date is a business day of cal: not a Saturday, Sunday or holiday. */
gboolean bl_calendar_business_day(const struct bl_calendar *cal, const GDate *date);

/* The most days a deadline may move its date, either way: ten years (the rules file is held to
 * it when loaded). */
#define BL_CALENDAR_MAX_DAYS 3660

/* Moves date by n business days of cal (n < 0: backwards), by BL_CALENDAR_MAX_DAYS at most
 * either way (a larger n moves it that far). A NULL cal skips weekends only. */
void bl_calendar_add_business_days(const struct bl_calendar *cal, GDate *date, int n);

#endif

/* SPDX-License-Identifier: MIT */
/* Report: the regulator summary of a run (recipients by state and by type of information) as
 * a CSV and a one-page PDF, for attorney-general submissions. */
#ifndef BL_REPORT_H
#define BL_REPORT_H

#include "check.h"
#include "fonts.h"

/* The summary as CSV: one row per jurisdiction (residents, then residents per incident
 * category), then a TOTAL row. Free with g_free(). */
char *bl_report_csv(const struct bl_check_report *report, const struct bl_incident *incident);

/* Writes summary.csv and summary.pdf (owner-only) in the open directory dir (never through a
 * link), shown in messages as in shown_dir. Returns 0, or -1 reported. */
int bl_report_write(const struct bl_check_report *report, const struct bl_incident *incident,
                    const struct bl_fonts *fonts, int dir, const char *shown_dir,
                    struct bl_diag *diag);

#endif

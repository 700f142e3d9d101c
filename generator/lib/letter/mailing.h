/* SPDX-License-Identifier: MIT */
/* Mailing: what the USPS asks of a mailing, from the incident's <mailing>: the Intelligent Mail
 * barcode of each letter (barcode.h encodes it) and serials that never repeat. */
#ifndef BL_MAILING_H
#define BL_MAILING_H

#include <glib.h>

#include "diag.h"
#include "incident.h"
#include "source.h"

/* Checks that a list of rows records can be numbered from the incident's serial-start without
 * running past the serial's digits (serials must not repeat within 45 days, USPS-B-3200).
 * Returns 0 (also when the incident has no <mailing>), or -1 reported. */
int bl_mailing_check_serials(const struct bl_incident *incident, gint64 rows, struct bl_diag *diag);

/* The barcode of the letter to r, the index-th record of the list (0-based, rejected records
 * counted), as 65 bars from "FADT"; "" when the incident has no <mailing> or the address is not
 * in the US. The routing code is the ZIP, the +4 and the delivery point the record has. */
void bl_mailing_barcode(const struct bl_incident *incident, const struct bl_recipient *r,
                        gint64 index, char bars[66]);

#endif

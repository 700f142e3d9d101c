/* SPDX-License-Identifier: MIT */
/* Mailing: the barcode of each letter and the range of its serials. */
#include "mailing.h"

#include <string.h>

#include "barcode.h"

/* The serials a mailer id leaves: 9 digits after a 6-digit id, 6 after a 9-digit one. */
static guint64
serial_limit(const struct bl_incident *inc)
{
    return strlen(inc->mailing.mailer_id) == 6 ? G_GUINT64_CONSTANT(1000000000) : 1000000;
}

int
bl_mailing_check_serials(const struct bl_incident *inc, gint64 rows, struct bl_diag *diag)
{
    guint64 limit;

    if (inc->mailing.mailer_id == NULL) {
        return 0;
    }
    limit = serial_limit(inc);
    if (inc->mailing.serial_start >= limit || (guint64)rows > limit - inc->mailing.serial_start) {
        struct bl_loc loc = {inc->path, 0, 0};

        bl_diag_error(diag, &loc,
                      "<mailing>: the barcode serials of the list's %" G_GINT64_FORMAT
                      " records, from serial-start %" G_GUINT64_FORMAT
                      ", run past the %d-digit serial of a %d-digit mailer id and would repeat; "
                      "give a lower serial-start or split the mailing",
                      rows, inc->mailing.serial_start, limit == 1000000 ? 6 : 9,
                      limit == 1000000 ? 9 : 6);
        return -1;
    }
    return 0;
}

void
bl_mailing_barcode(const struct bl_incident *inc, const struct bl_recipient *r, gint64 index,
                   char bars[66])
{
    const char *zip = r->address.postal_code;
    char *tracking, *routing;

    bars[0] = '\0';
    if (inc->mailing.mailer_id == NULL || strcmp(r->address.country, "US") != 0) {
        return;
    }
    tracking =
        bl_imb_tracking(inc->mailing.barcode_id, inc->mailing.service_type, inc->mailing.mailer_id,
                        inc->mailing.serial_start + (guint64)index, NULL);
    /* the source has checked the ZIP (12345 or 12345-6789) and the delivery point */
    routing = g_strdup_printf("%.5s%s%s", zip, strlen(zip) == 10 ? zip + 6 : "",
                              strlen(zip) == 10 ? r->delivery_point : "");
    if (tracking == NULL || bl_imb_encode(tracking, routing, bars, NULL) < 0) {
        bars[0] = '\0'; /* cannot happen after the checks: the letter goes without */
    }
    g_free(routing);
    g_free(tracking);
}

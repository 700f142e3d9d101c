/* SPDX-License-Identifier: MIT */
/* Unit tests of mailing.c: the serial range of a mailing and each letter's barcode codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "barcode.h"
#include "mailing.h"

static void
set_mailing(struct bl_incident *inc, char *mailer_id, guint64 serial_start)
{
    memset(inc, 0, sizeof(*inc));
    inc->path = (char *)"incident.xml";
    inc->mailing.mailer_id = mailer_id;
    inc->mailing.service_type = (char *)"040";
    inc->mailing.barcode_id = (char *)"00";
    inc->mailing.serial_start = serial_start;
}

static void
test_serials_must_not_run_out(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_incident inc;

    set_mailing(&inc, NULL, 0);
    assert_int_equal(bl_mailing_check_serials(&inc, 100000000, diag), 0); /* no <mailing> */
    /* a 9-digit mailer id leaves 6 digits: 999,000 + 1,000 rows end at 999,999 */
    set_mailing(&inc, (char *)"912345678", 999000);
    assert_int_equal(bl_mailing_check_serials(&inc, 1000, diag), 0);
    assert_int_equal(bl_mailing_check_serials(&inc, 1001, diag), -1);
    assert_non_null(strstr(bl_diag_text(diag), "incident.xml: error: <mailing>: the barcode "
                                               "serials of the list's 1001 records, from "
                                               "serial-start 999000, run past the 6-digit"));
    /* a 6-digit mailer id leaves 9 digits */
    set_mailing(&inc, (char *)"123456", 0);
    assert_int_equal(bl_mailing_check_serials(&inc, 1000000000, diag), 0);
    assert_int_equal(bl_mailing_check_serials(&inc, 1000000001, diag), -1);
    set_mailing(&inc, (char *)"123456", G_GUINT64_CONSTANT(1000000000));
    assert_int_equal(bl_mailing_check_serials(&inc, 0, diag), -1);
    bl_diag_free(diag);
}

static void
test_barcode_codes_come_from_the_row(void **state)
{
    struct bl_incident inc;
    struct bl_recipient r = {0};
    char bars[66], want[66];

    set_mailing(&inc, (char *)"123456", 1000);
    r.address.country = (char *)"US";
    r.address.postal_code = (char *)"12345-6789";
    r.delivery_point = (char *)"01";
    bl_mailing_barcode(&inc, &r, 41, bars);
    /* serial 1000 + 41, routing ZIP + 4 + delivery point */
    assert_int_equal(bl_imb_encode("00040123456000001041", "12345678901", want, NULL), 0);
    assert_string_equal(bars, want);
    /* a 5-digit ZIP routes on the ZIP alone, without the delivery point */
    r.address.postal_code = (char *)"02139";
    bl_mailing_barcode(&inc, &r, 0, bars);
    assert_int_equal(bl_imb_encode("00040123456000001000", "02139", want, NULL), 0);
    assert_string_equal(bars, want);
    /* no barcode abroad, nor without <mailing> */
    r.address.country = (char *)"CA";
    bl_mailing_barcode(&inc, &r, 0, bars);
    assert_string_equal(bars, "");
    r.address.country = (char *)"US";
    set_mailing(&inc, NULL, 0);
    bl_mailing_barcode(&inc, &r, 0, bars);
    assert_string_equal(bars, "");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_serials_must_not_run_out),
        cmocka_unit_test(test_barcode_codes_come_from_the_row),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/* Unit tests of barcode.c: the Intelligent Mail barcode's encoding, tracking code and drawing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <string.h>

#include "barcode.h"

/* The examples of USPS-B-3200 (Rev H), Appendix C: one tracking code (barcode id 01, service
 * type 234, mailer id 567094, serial 987654321) with four routing codes. The bar strings are
 * copied from the self-test of the USPS's reference encoder, usps4cb.c V1R2M2 ("The following four
 * tests are taken from the Specification Document"), as shipped in the CPAN distribution
 * Business-US-USPS-IMB: metacpan/metacpan-cpan-extracted,
 * distros/B/Business-US-USPS-IMB/libs/usps4cb.c. The fourth is also Figure 5 of the spec, which
 * zint's backend/tests/test_imail.c quotes as module rows. */
#define SPEC_TRACKING "01234567094987654321"

static const struct {
    const char *routing;
    const char *bars;
} spec_examples[] = {
    {"", "ATTFATTDTTADTAATTDTDTATTDAFDDFADFDFTFFFFFTATFAAAATDFFTDAADFTFDTDT"},
    {"01234", "DTTAFADDTTFTDTFTFDTDDADADAFADFATDDFTAAAFDTTADFAAATDFDTDFADDDTDFFT"},
    {"012345678", "ADFTTAFDTTTTFATTADTAAATFTFTATDAAAFDDADATATDTDTTDFDTDATADADTDFFTFA"},
    {"01234567891", "AADTFFDFTDADTAADAATFDTDDAAADDTDTTDAFADADDDTFFFDDTTTADFAAADFTDAADA"},
};

static void
test_encode_matches_the_usps_b_3200_examples(void **state)
{
    for (size_t i = 0; i < G_N_ELEMENTS(spec_examples); i++) {
        char bars[BL_IMB_BARS + 1];
        char *error = NULL;

        assert_int_equal(bl_imb_encode(SPEC_TRACKING, spec_examples[i].routing, bars, &error), 0);
        assert_null(error);
        assert_string_equal(bars, spec_examples[i].bars);
    }
}

static void
test_encode_treats_null_routing_as_none(void **state)
{
    char bars[BL_IMB_BARS + 1];

    assert_int_equal(bl_imb_encode(SPEC_TRACKING, NULL, bars, NULL), 0);
    assert_string_equal(bars, spec_examples[0].bars);
}

/* Encodes and expects failure with a message containing want. Returns the message. */
static char *
expect_encode_error(const char *tracking, const char *routing, const char *want)
{
    char bars[BL_IMB_BARS + 1];
    char *error = NULL;

    memset(bars, 'X', sizeof(bars));
    assert_int_equal(bl_imb_encode(tracking, routing, bars, &error), -1);
    assert_non_null(error);
    assert_non_null(strstr(error, want));
    assert_string_equal(bars, "");
    return error;
}

static void
test_encode_rejects_bad_tracking_codes(void **state)
{
    g_free(
        expect_encode_error("0123456709498765432", "", "tracking code must be 20 digits, not 19"));
    g_free(expect_encode_error("012345670949876543210", "", "must be 20 digits, not 21"));
    g_free(expect_encode_error("", "", "tracking code is missing"));
    g_free(expect_encode_error(NULL, "", "tracking code is missing"));
    g_free(expect_encode_error("0123456A094987654321", "",
                               "tracking code has a character that is not a digit at position 8"));
    g_free(expect_encode_error("05234567094987654321", "01234", "barcode id"));
    g_free(expect_encode_error("05234567094987654321", "01234", "must end in a digit from 0 to 4"));
    /* Only the second digit is limited. */
    assert_int_equal(bl_imb_encode("94234567094987654321", "", (char[BL_IMB_BARS + 1]){0}, NULL),
                     0);
}

static void
test_encode_rejects_bad_routing_codes_without_quoting_them(void **state)
{
    const char *bad[] = {"0123", "012345", "0123456", "0123456789", "012345678912"};
    char *error;

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *want =
            g_strdup_printf("routing code must be 0, 5, 9 or 11 digits, not %zu", strlen(bad[i]));

        error = expect_encode_error(SPEC_TRACKING, bad[i], want);
        assert_null(strstr(error, bad[i]));
        g_free(error);
    }
    error = expect_encode_error(SPEC_TRACKING, "0123X",
                                "routing code has a character that is not a digit at position 5");
    assert_null(strstr(error, "0123"));
    g_free(error);
    error = expect_encode_error(SPEC_TRACKING, "01234-5678", "not a digit at position 6");
    assert_null(strstr(error, "01234"));
    g_free(error);
}

static void
test_encode_without_error_pointer_still_fails(void **state)
{
    char bars[BL_IMB_BARS + 1];

    assert_int_equal(bl_imb_encode("14234567094987654321", "", bars, NULL), 0);
    assert_int_equal(bl_imb_encode("17234567094987654321", "", bars, NULL), -1);
}

static void
test_tracking_joins_the_parts(void **state)
{
    char *error = NULL;
    char *t;

    /* The spec's example: a 6-digit mailer id leaves 9 digits for the serial. */
    t = bl_imb_tracking("01", "234", "567094", 987654321, &error);
    assert_null(error);
    assert_string_equal(t, SPEC_TRACKING);
    g_free(t);
    t = bl_imb_tracking("00", "700", "123456", 42, &error);
    assert_string_equal(t, "00700123456000000042");
    g_free(t);
    /* A 9-digit mailer id leaves 6. */
    t = bl_imb_tracking("00", "270", "912345678", 42, &error);
    assert_string_equal(t, "00270912345678000042");
    g_free(t);
    assert_null(error);
}

static void
test_tracking_wraps_the_serial(void **state)
{
    char *t;

    t = bl_imb_tracking("00", "700", "123456", G_GUINT64_CONSTANT(1234567890), NULL);
    assert_string_equal(t, "00700123456234567890");
    g_free(t);
    t = bl_imb_tracking("00", "700", "123456", G_GUINT64_CONSTANT(999999999), NULL);
    assert_string_equal(t, "00700123456999999999");
    g_free(t);
    t = bl_imb_tracking("00", "700", "912345678", G_GUINT64_CONSTANT(1000000), NULL);
    assert_string_equal(t, "00700912345678000000");
    g_free(t);
    t = bl_imb_tracking("00", "700", "912345678", G_MAXUINT64, NULL);
    assert_string_equal(t, "00700912345678551615"); /* 18446744073709551615 */
    g_free(t);
}

static void
expect_tracking_error(const char *id, const char *stid, const char *mid, const char *want)
{
    char *error = NULL;

    assert_null(bl_imb_tracking(id, stid, mid, 1, &error));
    assert_non_null(error);
    assert_non_null(strstr(error, want));
    g_free(error);
}

static void
test_tracking_rejects_bad_parts(void **state)
{
    expect_tracking_error("05", "700", "123456", "barcode id '05' must end in a digit from 0 to 4");
    expect_tracking_error("1", "700", "123456", "barcode id must be 2 digits, not 1");
    expect_tracking_error("0a", "700", "123456", "barcode id has a character that is not a digit");
    expect_tracking_error("00", "70", "123456", "service type must be 3 digits, not 2");
    expect_tracking_error("00", "", "123456", "service type is missing");
    expect_tracking_error("00", "700", "923456", "6-digit mailer id must not start with 9");
    expect_tracking_error("00", "700", "123456789", "9-digit mailer id must start with 9");
    expect_tracking_error("00", "700", "1234567", "mailer id must be 6 or 9 digits, not 7");
    expect_tracking_error("00", "700", "12345x", "mailer id has a character that is not a digit");
    expect_tracking_error("00", "700", NULL, "mailer id is missing");
}

static void
test_tracking_feeds_encode(void **state)
{
    char bars[BL_IMB_BARS + 1];
    char *t = bl_imb_tracking("01", "234", "567094", 987654321, NULL);

    assert_int_equal(bl_imb_encode(t, "01234567891", bars, NULL), 0);
    assert_string_equal(bars, spec_examples[3].bars);
    g_free(t);
}

static void
test_dimensions_are_within_the_spec_ranges(void **state)
{
    double ascender = (BL_IMB_HEIGHT + BL_IMB_TRACKER_HEIGHT) / 2;

    assert_true(BL_IMB_BAR_WIDTH >= 0.015 * 72 && BL_IMB_BAR_WIDTH <= 0.025 * 72);
    assert_true(BL_IMB_PITCH >= 72.0 / 24 && BL_IMB_PITCH <= 72.0 / 20);
    assert_true(BL_IMB_HEIGHT >= 0.125 * 72 && BL_IMB_HEIGHT <= 0.165 * 72);
    assert_true(BL_IMB_TRACKER_HEIGHT >= 0.039 * 72 && BL_IMB_TRACKER_HEIGHT <= 0.057 * 72);
    assert_true(ascender >= 0.083 * 72 && ascender <= 0.111 * 72);
    assert_true(BL_IMB_WIDTH > 2.9 * 72 && BL_IMB_WIDTH < 2.95 * 72);
}

/* Drawing at SCALE pixels a point, MARGIN points in from the surface's corner. */
#define SCALE  4.0
#define MARGIN 3.0

static guint32
pixel(cairo_surface_t *s, int px, int py)
{
    const unsigned char *data = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);

    return *(const guint32 *)(data + (size_t)py * stride + (size_t)px * 4);
}

/* The first and last row of column px that are at least half covered, or -1, -1. */
static void
inked_rows(cairo_surface_t *s, int px, int *first, int *last)
{
    *first = *last = -1;
    for (int py = 0; py < cairo_image_surface_get_height(s); py++) {
        if ((pixel(s, px, py) >> 24) >= 128) {
            if (*first < 0) {
                *first = py;
            }
            *last = py;
        }
    }
}

static void
test_draw_gives_each_bar_the_height_of_its_state(void **state)
{
    /* Every state at least once, in one of the spec's strings. */
    const char *bars = spec_examples[1].bars;
    const double extender = (BL_IMB_HEIGHT - BL_IMB_TRACKER_HEIGHT) / 2;
    int w = (int)((BL_IMB_WIDTH + 2 * MARGIN) * SCALE) + 1;
    int h = (int)((BL_IMB_HEIGHT + 2 * MARGIN) * SCALE) + 1;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    cairo_t *cr = cairo_create(s);
    double r, g, b, a;

    cairo_scale(cr, SCALE, SCALE);
    cairo_set_source_rgb(cr, 1, 0, 0);
    bl_imb_draw(cr, bars, MARGIN, MARGIN);
    /* The caller's source survives. */
    assert_int_equal(cairo_pattern_get_rgba(cairo_get_source(cr), &r, &g, &b, &a),
                     CAIRO_STATUS_SUCCESS);
    assert_true(r == 1 && g == 0 && b == 0);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);

    for (int i = 0; i < BL_IMB_BARS; i++) {
        gboolean ascender = bars[i] == 'F' || bars[i] == 'A';
        gboolean descender = bars[i] == 'F' || bars[i] == 'D';
        double top = MARGIN + (ascender ? 0 : extender);
        double bottom = MARGIN + (descender ? BL_IMB_HEIGHT : extender + BL_IMB_TRACKER_HEIGHT);
        double left = MARGIN + i * BL_IMB_PITCH;
        int centre = (int)((left + BL_IMB_BAR_WIDTH / 2) * SCALE);
        int gap = (int)((left + (BL_IMB_BAR_WIDTH + BL_IMB_PITCH) / 2) * SCALE);
        int first, last;

        inked_rows(s, centre, &first, &last);
        /* Pixel row py covers [py, py + 1) device units. */
        assert_int_equal(first, (int)(top * SCALE + 0.5));
        assert_int_equal(last, (int)(bottom * SCALE + 0.5) - 1);
        /* Bars are opaque black. */
        assert_int_equal(pixel(s, centre, (first + last) / 2), 0xff000000);
        /* Nothing between two bars. */
        if (i < BL_IMB_BARS - 1) {
            inked_rows(s, gap, &first, &last);
            assert_int_equal(first, -1);
        }
    }
    /* Nothing left of the first bar or right of the last. */
    for (int px = 0; px < w; px++) {
        double x = (px + 0.5) / SCALE;
        int first, last;

        if (x < MARGIN - 0.2 || x > MARGIN + BL_IMB_WIDTH + 0.2) {
            inked_rows(s, px, &first, &last);
            assert_int_equal(first, -1);
        }
    }
    cairo_surface_destroy(s);
}

static void
test_draw_the_four_states_differ(void **state)
{
    /* One bar of each state, padded with trackers: F A D T at bars 0..3. */
    char bars[BL_IMB_BARS + 1];
    int w = (int)((BL_IMB_WIDTH + 2 * MARGIN) * SCALE) + 1;
    int h = (int)((BL_IMB_HEIGHT + 2 * MARGIN) * SCALE) + 1;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, w, h);
    cairo_t *cr = cairo_create(s);
    int top = (int)(MARGIN * SCALE) + 1;
    int mid = (int)((MARGIN + BL_IMB_HEIGHT / 2) * SCALE);
    int bottom = (int)((MARGIN + BL_IMB_HEIGHT) * SCALE) - 2;
    const char *want[] = {"111", "110", "011", "010"}; /* top, middle, bottom inked */

    memset(bars, 'T', BL_IMB_BARS);
    bars[BL_IMB_BARS] = '\0';
    memcpy(bars, "FADT", 4);
    cairo_scale(cr, SCALE, SCALE);
    bl_imb_draw(cr, bars, MARGIN, MARGIN);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    for (int i = 0; i < 4; i++) {
        const unsigned char *data = cairo_image_surface_get_data(s);
        int stride = cairo_image_surface_get_stride(s);
        int px = (int)((MARGIN + i * BL_IMB_PITCH + BL_IMB_BAR_WIDTH / 2) * SCALE);
        char got[4] = {
            data[top * stride + px] >= 128 ? '1' : '0',
            data[mid * stride + px] >= 128 ? '1' : '0',
            data[bottom * stride + px] >= 128 ? '1' : '0',
            '\0',
        };

        assert_string_equal(got, want[i]);
    }
    cairo_surface_destroy(s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encode_matches_the_usps_b_3200_examples),
        cmocka_unit_test(test_encode_treats_null_routing_as_none),
        cmocka_unit_test(test_encode_rejects_bad_tracking_codes),
        cmocka_unit_test(test_encode_rejects_bad_routing_codes_without_quoting_them),
        cmocka_unit_test(test_encode_without_error_pointer_still_fails),
        cmocka_unit_test(test_tracking_joins_the_parts),
        cmocka_unit_test(test_tracking_wraps_the_serial),
        cmocka_unit_test(test_tracking_rejects_bad_parts),
        cmocka_unit_test(test_tracking_feeds_encode),
        cmocka_unit_test(test_dimensions_are_within_the_spec_ranges),
        cmocka_unit_test(test_draw_gives_each_bar_the_height_of_its_state),
        cmocka_unit_test(test_draw_the_four_states_differ),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

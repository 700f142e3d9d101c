/* SPDX-License-Identifier: MIT */
/* The USPS Intelligent Mail barcode (IMb) of the address block: encodes the tracking and routing
 * codes into 65 four-state bars with libzint and draws them on a caller's cairo context. */
#include "barcode.h"

#include <stdarg.h>
#include <string.h>
#include <zint.h>

#define TRACKING_DIGITS 20

/* zint's BARCODE_USPS_IMAIL symbol has 3 rows and 2 * 65 - 1 columns: bar i is column 2 * i and
 * the odd columns are the spaces (backend/imail.c). Row 0 is set where a bar has its ascender,
 * row 1 (the tracker) for every bar, row 2 where it has its descender. */
#define ZINT_ROWS     3
#define ZINT_WIDTH    (2 * BL_IMB_BARS - 1)
#define ROW_ASCENDER  0
#define ROW_TRACKER   1
#define ROW_DESCENDER 2

static void set_error(char **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
set_error(char **error, const char *fmt, ...)
{
    va_list ap;

    if (error == NULL) {
        return;
    }
    va_start(ap, fmt);
    *error = g_strdup_vprintf(fmt, ap);
    va_end(ap);
}

/* The 1-based position of the first character of text that is not an ASCII digit, or 0. */
static size_t
find_non_digit(const char *text)
{
    for (size_t i = 0; text[i] != '\0'; i++) {
        if (!g_ascii_isdigit(text[i])) {
            return i + 1;
        }
    }
    return 0;
}

/* Checks a field that must be exactly width digits; what names it in the message. */
static int
check_digits(const char *text, size_t width, const char *what, char **error)
{
    size_t pos;

    if (text == NULL || *text == '\0') {
        set_error(error, "%s is missing", what);
        return -1;
    }
    pos = find_non_digit(text);
    if (pos > 0) {
        set_error(error, "%s has a character that is not a digit at position %zu", what, pos);
        return -1;
    }
    if (strlen(text) != width) {
        set_error(error, "%s must be %zu digits, not %zu", what, width, strlen(text));
        return -1;
    }
    return 0;
}

/* USPS-B-3200 allows only 0-4 as the second digit of the barcode id, which the caller has checked
 * to be two digits. */
static int
check_barcode_id_end(const char *id, const char *what, char **error)
{
    if (id[1] > '4') {
        set_error(error, "%s '%.2s' must end in a digit from 0 to 4", what, id);
        return -1;
    }
    return 0;
}

static int
check_tracking(const char *tracking, char **error)
{
    if (check_digits(tracking, TRACKING_DIGITS, "tracking code", error) < 0) {
        return -1;
    }
    return check_barcode_id_end(tracking, "barcode id", error);
}

/* The routing code is an address, so the messages give only its length and positions. */
static int
check_routing(const char *routing, char **error)
{
    size_t len = strlen(routing);
    size_t pos = find_non_digit(routing);

    if (pos > 0) {
        set_error(error, "routing code has a character that is not a digit at position %zu", pos);
        return -1;
    }
    if (len != 0 && len != 5 && len != 9 && len != 11) {
        set_error(error, "routing code must be 0, 5, 9 or 11 digits, not %zu", len);
        return -1;
    }
    return 0;
}

/* zint.h keeps encoded_data packed 8 modules a byte, least significant bit first; this is the
 * module_is_set() macro of zint's internal common.h. */
static gboolean
module_set(const struct zint_symbol *symbol, int row, int col)
{
    return (symbol->encoded_data[row][col >> 3] >> (col & 7)) & 1;
}

static char
bar_letter(gboolean ascender, gboolean descender)
{
    if (ascender && descender) {
        return 'F';
    }
    if (ascender) {
        return 'A';
    }
    return descender ? 'D' : 'T';
}

/* Reads the 65 bars from an encoded symbol into bars. */
static int
read_bars(const struct zint_symbol *symbol, char bars[BL_IMB_BARS + 1], char **error)
{
    if (symbol->rows != ZINT_ROWS || symbol->width != ZINT_WIDTH) {
        set_error(error, "the barcode encoder made %d rows of %d modules, not %d of %d",
                  symbol->rows, symbol->width, ZINT_ROWS, ZINT_WIDTH);
        return -1;
    }
    for (int i = 0; i < BL_IMB_BARS; i++) {
        int col = 2 * i;

        if (!module_set(symbol, ROW_TRACKER, col) ||
            (i > 0 && (module_set(symbol, ROW_ASCENDER, col - 1) ||
                       module_set(symbol, ROW_TRACKER, col - 1) ||
                       module_set(symbol, ROW_DESCENDER, col - 1)))) {
            set_error(error, "the barcode encoder made an unexpected pattern at bar %d", i + 1);
            return -1;
        }
        bars[i] = bar_letter(module_set(symbol, ROW_ASCENDER, col),
                             module_set(symbol, ROW_DESCENDER, col));
    }
    bars[BL_IMB_BARS] = '\0';
    return 0;
}

int
bl_imb_encode(const char *tracking, const char *routing, char bars[BL_IMB_BARS + 1], char **error)
{
    struct zint_symbol *symbol = NULL;
    char *input = NULL;
    int ret;
    int rc = -1;

    bars[0] = '\0';
    if (routing == NULL) {
        routing = "";
    }
    if (check_tracking(tracking, error) < 0 || check_routing(routing, error) < 0) {
        return -1;
    }
    input = *routing == '\0' ? g_strdup(tracking) : g_strconcat(tracking, "-", routing, NULL);
    symbol = ZBarcode_Create();
    if (symbol == NULL) {
        set_error(error, "the barcode encoder could not start (out of memory)");
        g_free(input);
        return -1;
    }
    symbol->symbology = BARCODE_USPS_IMAIL;
    ret = ZBarcode_Encode(symbol, (const unsigned char *)input, (int)strlen(input));
    if (ret >= ZINT_ERROR) {
        set_error(error, "the barcode encoder failed (zint error %d: %s)", ret, symbol->errtxt);
        goto out;
    }
    if (read_bars(symbol, bars, error) < 0) {
        bars[0] = '\0';
        goto out;
    }
    rc = 0;
out:
    ZBarcode_Delete(symbol);
    g_free(input);
    return rc;
}

/* Checks the mailer id and returns the width of the serial that follows it, or -1. */
static int
serial_width(const char *mailer_id, char **error)
{
    const char *what = "mailer id";
    size_t len;

    if (mailer_id == NULL || *mailer_id == '\0') {
        set_error(error, "%s is missing", what);
        return -1;
    }
    if (find_non_digit(mailer_id) > 0) {
        set_error(error, "%s has a character that is not a digit at position %zu", what,
                  find_non_digit(mailer_id));
        return -1;
    }
    len = strlen(mailer_id);
    if (len == 6 && mailer_id[0] == '9') {
        set_error(error, "6-digit %s must not start with 9 (9-digit ids do)", what);
        return -1;
    }
    if (len == 9 && mailer_id[0] != '9') {
        set_error(error, "9-digit %s must start with 9", what);
        return -1;
    }
    if (len != 6 && len != 9) {
        set_error(error, "%s must be 6 or 9 digits, not %zu", what, len);
        return -1;
    }
    return (int)(TRACKING_DIGITS - 2 - 3 - len);
}

char *
bl_imb_tracking(const char *barcode_id, const char *service_type, const char *mailer_id,
                guint64 serial, char **error)
{
    guint64 modulus = 1;
    int width;

    if (check_digits(barcode_id, 2, "barcode id", error) < 0 ||
        check_barcode_id_end(barcode_id, "barcode id", error) < 0 ||
        check_digits(service_type, 3, "service type", error) < 0) {
        return NULL;
    }
    width = serial_width(mailer_id, error);
    if (width < 0) {
        return NULL;
    }
    for (int i = 0; i < width; i++) {
        modulus *= 10;
    }
    return g_strdup_printf("%s%s%s%0*" G_GUINT64_FORMAT, barcode_id, service_type, mailer_id, width,
                           serial % modulus);
}

static gboolean
bars_valid(const char *bars)
{
    return bars != NULL && strlen(bars) == BL_IMB_BARS && strspn(bars, "FADT") == BL_IMB_BARS;
}

void
bl_imb_draw(cairo_t *cr, const char bars[BL_IMB_BARS + 1], double x, double y)
{
    /* The ascender and descender extend the centred tracker by the same length. */
    const double extender = (BL_IMB_HEIGHT - BL_IMB_TRACKER_HEIGHT) / 2;

    if (cr == NULL || !bars_valid(bars)) {
        return; /* no barcode is better than a wrong one */
    }
    cairo_save(cr);
    cairo_new_path(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int i = 0; i < BL_IMB_BARS; i++) {
        gboolean ascender = bars[i] == 'F' || bars[i] == 'A';
        gboolean descender = bars[i] == 'F' || bars[i] == 'D';
        double top = ascender ? 0 : extender;
        double bottom = descender ? BL_IMB_HEIGHT : extender + BL_IMB_TRACKER_HEIGHT;

        cairo_rectangle(cr, x + i * BL_IMB_PITCH, y + top, BL_IMB_BAR_WIDTH, bottom - top);
    }
    cairo_fill(cr);
    cairo_restore(cr);
}

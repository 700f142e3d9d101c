/* SPDX-License-Identifier: MIT */
/* The USPS Intelligent Mail barcode (IMb) of the address block: encodes the tracking and routing
 * codes into 65 four-state bars with libzint and draws them on a caller's cairo context. */
#ifndef BL_BARCODE_H
#define BL_BARCODE_H

#include <cairo.h>
#include <glib.h>

#define BL_IMB_BARS 65

/* The dimensions bl_imb_draw() uses, in points (72 a inch). USPS-B-3200 (Rev H) section 2.3
 * gives each as a range; these are the middle of the range:
 *
 *   bar width            0.015 to 0.025 in   0.020 in
 *   pitch                20 to 24 bars/in    22 bars/in (1/22 in from bar to bar)
 *   full bar             0.125 to 0.165 in   0.145 in
 *   tracker              0.039 to 0.057 in   0.048 in, centred on the full bar
 *   ascender, descender  0.083 to 0.111 in   0.0965 in (the tracker plus 0.0485 in)
 *
 * The 65 bars span 64 pitches and one bar width: 2.929 in (2.68 to 3.225 in over the ranges). */
#define BL_IMB_PITCH          (72.0 / 22.0)
#define BL_IMB_BAR_WIDTH      (0.020 * 72.0)
#define BL_IMB_TRACKER_HEIGHT (0.048 * 72.0)
#define BL_IMB_WIDTH          ((BL_IMB_BARS - 1) * BL_IMB_PITCH + BL_IMB_BAR_WIDTH) /* 65 bars */
#define BL_IMB_HEIGHT         (0.145 * 72.0) /* a full bar: the height of the barcode */

/* Encodes an Intelligent Mail barcode. tracking: the 20-digit tracking code (barcode id 2 digits,
 * second digit 0-4; service type 3; mailer id 6 or 9 digits; serial 9 or 6 digits); routing: "",
 * 5, 9 or 11 digits (ZIP, ZIP+4, ZIP+4+delivery point); NULL counts as "". Fills bars with 65
 * letters from "FADT" (full, ascender, descender, tracker) and a NUL. Returns 0, or -1 with bars
 * set to "" and, when error is not NULL, *error set to a message saying what is wrong with which
 * part (free with g_free()). The message never quotes the routing code, which is an address. */
int bl_imb_encode(const char *tracking, const char *routing, char bars[BL_IMB_BARS + 1],
                  char **error);

/* Builds the 20-digit tracking code from its parts: barcode_id 2 digits (second 0-4),
 * service_type 3 digits, mailer_id 6 digits not starting with 9 or 9 digits starting with 9.
 * The serial fills the rest (9 digits after a 6-digit mailer id, 6 after a 9-digit one) and is
 * taken modulo 10^width, zero-padded. Returns a new string (free with g_free()), or NULL with
 * *error set as for bl_imb_encode(). */
char *bl_imb_tracking(const char *barcode_id, const char *service_type, const char *mailer_id,
                      guint64 serial, char **error);

/* Draws bars (65 letters from "FADT", as bl_imb_encode() makes them) in black with the top-left
 * corner of the first full bar at (x, y), in user-space points, BL_IMB_WIDTH wide and
 * BL_IMB_HEIGHT high. Restores the source and the rest of the cairo state; clears the current
 * path, like cairo_fill(). Draws nothing when bars are not such letters or cr is NULL. */
void bl_imb_draw(cairo_t *cr, const char bars[BL_IMB_BARS + 1], double x, double y);

#endif

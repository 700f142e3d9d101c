/* SPDX-License-Identifier: MIT */
/* Links: the web and e-mail addresses in a letter's text, found so that the PDF makes them
 * links a reader can follow (and a screen reader announces as links). */
#ifndef BL_LINKS_H
#define BL_LINKS_H

#include <glib.h>

/* Finds the addresses in text (UTF-8): "https://…", "www.…", a bare domain with a path or a
 * common top-level domain ("ag.ny.gov", "consumerfinance.gov/learnmore"), and e-mail addresses
 * ("privacy@example.com"); a full stop, comma, colon, semicolon or closing bracket at the end is
 * the sentence's, not the address's. Returns an array of struct link (page.h), in text order,
 * each with the bytes it covers and its cairo Link attributes (https:// added to an address
 * without a scheme, mailto: before an e-mail address), or NULL when there is none. Free with
 * bl_links_free. */
GArray *bl_links_find(const char *text);
void bl_links_free(GArray *links);

#endif

/* SPDX-License-Identifier: MIT */
/* Coverage: whether every character of a recipient's data has a face among the letters' fonts,
 * so a letter never prints a name or an address as empty boxes. */
#ifndef BL_COVERAGE_H
#define BL_COVERAGE_H

#include "fonts.h"
#include "incident.h"
#include "source.h"

/* Why the recipient's letter cannot be printed: the first of their fields (in the list's column
 * order: title, names, addressee, address, custom fields) holding a character no face has,
 * named with the field and the character's code point, never the data: "field 'last_name' has
 * U+1F600, a character no font of the letters has (it would print as an empty box)". NULL when
 * every character has a face. Free with g_free(). */
char *bl_coverage_recipient(const struct bl_fonts *fonts, const struct bl_incident *incident,
                            const struct bl_recipient *recipient);

#endif

/* SPDX-License-Identifier: MIT */
/* Countries: the names of the ISO 3166-1 countries as the last line of an address prints them,
 * read from Debian's iso-codes (a list others maintain), not from a list of our own. */
#ifndef BL_COUNTRIES_H
#define BL_COUNTRIES_H

#include <glib.h>

#include "diag.h"

struct bl_countries;

/* Reads the ISO 3166-1 list of iso-codes (its json/iso_3166-1.json) at path. Returns 0 and sets
 * *out (free with bl_countries_free()), or -1 reported. */
int bl_countries_load(struct bl_countries **out, const char *path, struct bl_diag *diag);
void bl_countries_free(struct bl_countries *countries);

/* The name of the country whose ISO 3166-1 alpha-2 code is code, in capitals, as an address's
 * last line gives it: iso-codes' common name when it has one ("SOUTH KOREA", "VIETNAM"), else
 * its name without a note in brackets ("FALKLAND ISLANDS"), turned the right way round when it
 * is inverted ("STATE OF PALESTINE"), or else its official name ("BRITISH VIRGIN ISLANDS").
 * NULL when the list has no such code. Borrowed from countries. */
const char *bl_countries_name(const struct bl_countries *countries, const char *code);

/* The list installed with iso-codes (BL_ISO_3166_FILE, set when breachletter is built), read on
 * the first call and kept, unchanged, for the life of the process (safe to share between
 * threads). NULL when it cannot be read, with why in *why (unless why is NULL; static storage):
 * the file, and what to do. */
const struct bl_countries *bl_countries_default(const char **why);

#endif

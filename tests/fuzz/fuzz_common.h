/* SPDX-License-Identifier: MIT */
/* Shared by the libFuzzer targets: the parsers read files, so each input is written to a
 * private temporary file first. */
#ifndef BL_FUZZ_COMMON_H
#define BL_FUZZ_COMMON_H

#include <glib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "diag.h"

#define SCHEMA BL_DATADIR "/templates/schema/incident.rng"
#define VOCAB  BL_DATADIR "/templates/categories.xml"

/* Writes the input to a file with this suffix and returns its path (the same path every
 * call). */
static inline const char *
fuzz_file(const uint8_t *data, size_t size, const char *suffix)
{
    static char *paths[4];
    static const char *suffixes[4];
    int slot = 0;

    while (slot < 3 && suffixes[slot] != NULL && g_strcmp0(suffixes[slot], suffix) != 0) {
        slot++;
    }
    if (paths[slot] == NULL) {
        char *tmpl = g_strdup_printf("bl-fuzz-XXXXXX%s", suffix);
        int fd = g_file_open_tmp(tmpl, &paths[slot], NULL);

        close(fd);
        suffixes[slot] = suffix;
        g_free(tmpl);
    }
    g_file_set_contents(paths[slot], (const char *)data, (gssize)size, NULL);
    return paths[slot];
}

#endif

/* SPDX-License-Identifier: MIT */
/* Coverage: the recipient's data checked against the letters' fonts. */
#include "coverage.h"

char *
bl_coverage_recipient(const struct bl_fonts *fonts, const struct bl_incident *incident,
                      const struct bl_recipient *r)
{
    const struct {
        const char *field, *value;
    } fields[] = {
        {"title", r->title},
        {"first_name", r->first_name},
        {"middle_name", r->middle_name},
        {"last_name", r->last_name},
        {"suffix", r->suffix},
        {"addressee", r->addressee},
        {"address1", r->address.line1},
        {"address2", r->address.line2},
        {"city", r->address.city},
        {"state", r->address.state},
        {"postal_code", r->address.postal_code},
    };
    gunichar c;

    for (gsize i = 0; i < G_N_ELEMENTS(fields); i++) {
        if (fields[i].value != NULL && fields[i].value[0] != '\0' &&
            (c = bl_fonts_uncovered(fonts, fields[i].value)) != 0) {
            return g_strdup_printf("field '%s' has U+%04X, a character no font of the letters "
                                   "has (it would print as an empty box)",
                                   fields[i].field, (unsigned)c);
        }
    }
    for (guint i = 0; r->custom != NULL && r->custom[i] != NULL; i++) {
        const struct bl_custom_field *f = g_ptr_array_index(incident->custom_fields, i);

        if (r->custom[i][0] != '\0' && (c = bl_fonts_uncovered(fonts, r->custom[i])) != 0) {
            return g_strdup_printf("field '%s' has U+%04X, a character no font of the letters "
                                   "has (it would print as an empty box)",
                                   f->column, (unsigned)c);
        }
    }
    return NULL;
}

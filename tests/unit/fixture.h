/* SPDX-License-Identifier: MIT */
/* Test fixtures shared by the unit tests: the test incident and hand-made recipients. */
#ifndef BL_TEST_FIXTURE_H
#define BL_TEST_FIXTURE_H

#include <glib/gstdio.h>
#include <string.h>

#include "contacts.h"
#include "incident.h"
#include "source.h"

#define SCHEMA BL_DATADIR "/templates/schema/incident.rng"
#define VOCAB  BL_DATADIR "/templates/categories.xml"

static inline struct bl_incident *
fixture_incident(void)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_incident *inc = NULL;

    if (bl_incident_load(&inc, BL_TEST_DATA "/incident/good.xml", SCHEMA, VOCAB, diag) < 0) {
        fprintf(stderr, "%s", bl_diag_text(diag));
    }
    bl_diag_free(diag);
    return inc;
}

/* The shipped contacts file. */
static inline struct bl_contacts *
fixture_contacts(void)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_contacts *contacts = NULL;

    if (bl_contacts_load(&contacts, BL_DATADIR "/templates/contacts.xml",
                         BL_DATADIR "/templates/schema/contacts.rng", diag) < 0) {
        fprintf(stderr, "%s", bl_diag_text(diag));
    }
    bl_diag_free(diag);
    return contacts;
}

/* A valid adult recipient in Florida exposed to the given category ids. Free with
 * fixture_recipient_free(). */
static inline struct bl_recipient *
fixture_recipient(const struct bl_incident *inc, const char *const *categories)
{
    struct bl_recipient *r = g_new0(struct bl_recipient, 1);

    r->id = g_strdup("R-0001");
    r->title = g_strdup("");
    r->first_name = g_strdup("Zoë");
    r->middle_name = g_strdup("");
    r->last_name = g_strdup("O'Connor");
    r->suffix = g_strdup("");
    r->addressee = g_strdup("");
    r->address.line1 = g_strdup("12 Palm Way");
    r->address.line2 = g_strdup("");
    r->address.city = g_strdup("Tampa");
    r->address.state = g_strdup("FL");
    r->address.postal_code = g_strdup("33602");
    r->address.country = g_strdup("US");
    r->jurisdiction = g_strdup("FL");
    r->categories = g_array_new(FALSE, FALSE, sizeof(int));
    for (const char *const *c = categories; *c != NULL; c++) {
        int idx = bl_incident_category_index(inc, *c);
        g_array_append_val(r->categories, idx);
    }
    r->enrolment_code = g_strdup("");
    r->language = g_strdup("en");
    r->variant = BL_VARIANT_ADULT;
    r->entity = g_strdup("");
    r->covered_entity = NULL;
    return r;
}

/* Replaces a string member of r. */
static inline void
fixture_set(char **member, const char *value)
{
    g_free(*member);
    *member = g_strdup(value);
}

/* Removes a temporary directory and all in it. */
static inline void
fixture_rmdir(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
        char *path = g_build_filename(dir, name, NULL);

        if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
            fixture_rmdir(path);
        } else {
            g_unlink(path);
        }
        g_free(path);
    }
    if (d != NULL) {
        g_dir_close(d);
    }
    g_rmdir(dir);
}

static inline void
fixture_recipient_free(struct bl_recipient *r)
{
    char **strings[] = {&r->id,
                        &r->title,
                        &r->first_name,
                        &r->middle_name,
                        &r->last_name,
                        &r->suffix,
                        &r->addressee,
                        &r->address.line1,
                        &r->address.line2,
                        &r->address.city,
                        &r->address.state,
                        &r->address.postal_code,
                        &r->address.country,
                        &r->jurisdiction,
                        &r->enrolment_code,
                        &r->language,
                        &r->entity};

    for (gsize i = 0; i < G_N_ELEMENTS(strings); i++) {
        g_free(*strings[i]);
    }
    g_array_unref(r->categories);
    g_free(r);
}

#endif

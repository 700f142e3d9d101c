/* SPDX-License-Identifier: MIT */
/* Fixtures of the unit tests: the test incident, the shipped contacts, a hand-made recipient. */
#include "bl_test.h"

#include "rules.h"

#include <stdio.h>

struct bl_incident *
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

struct bl_contacts *
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

struct bl_rules *
fixture_rules(void)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_rules *rules = NULL;

    if (bl_rules_load(&rules, BL_DATADIR "/templates/rules/jurisdictions.xml",
                      BL_DATADIR "/templates/schema/rules.rng", diag) < 0) {
        fprintf(stderr, "%s", bl_diag_text(diag));
    }
    bl_diag_free(diag);
    return rules;
}

struct bl_recipient *
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
    r->delivery_point = g_strdup("");
    return r;
}

void
fixture_set(char **member, const char *value)
{
    g_free(*member);
    *member = g_strdup(value);
}

/* Frees the members of a fixture_recipient(). */
static void
free_members(struct bl_recipient *r)
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
                        &r->entity,
                        &r->delivery_point};

    for (gsize i = 0; i < G_N_ELEMENTS(strings); i++) {
        g_free(*strings[i]);
    }
    g_array_unref(r->categories);
}

void
fixture_recipient_free(struct bl_recipient *r)
{
    if (r != NULL) {
        free_members(r);
        g_free(r);
    }
}

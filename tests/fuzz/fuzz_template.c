/* SPDX-License-Identifier: MIT */
/* Fuzz target: the template compiler (strict and draft) and the binder, for a fixed incident
 * and recipient. */
#include <string.h>

#include "bind.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct bl_incident *incident;
static struct bl_contacts *contacts;
static struct bl_recipient recipient;

static void
setup(void)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    static int cats[] = {0, 1, 2};

    bl_incident_load(&incident, BL_TEST_DATA "/incident/good.xml", SCHEMA, VOCAB, diag);
    bl_contacts_load(&contacts, BL_DATADIR "/templates/contacts.xml",
                     BL_DATADIR "/templates/schema/contacts.rng", diag);
    bl_diag_free(diag);
    recipient.id = recipient.first_name = "Zoë";
    recipient.last_name = "O'Connor";
    recipient.title = recipient.middle_name = recipient.suffix = recipient.addressee = "";
    recipient.address.line1 = "12 Palm Way";
    recipient.address.line2 = "";
    recipient.address.city = "Tampa";
    recipient.address.state = recipient.jurisdiction = "MA";
    recipient.address.postal_code = "02118";
    recipient.address.country = "US";
    recipient.enrolment_code = "";
    recipient.language = "en";
    recipient.entity = "sunrise";
    recipient.covered_entity = bl_incident_entity(incident, "sunrise");
    recipient.categories = g_array_new(FALSE, FALSE, sizeof(int));
    g_array_append_vals(recipient.categories, cats, 3);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".xml");
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_template *tpl = NULL;
    struct bl_facts facts = {NULL, TRUE};
    struct bl_letter letter;

    if (incident == NULL) {
        setup();
    }
    bl_letter_init(&letter);
    if (bl_template_compile(&tpl, path, incident, contacts, diag) == 0) {
        bl_bind(&letter, tpl, incident, NULL, &recipient, diag);
        bl_template_free(tpl);
        tpl = NULL;
    }
    if (bl_template_compile_draft(&tpl, path, incident, contacts, diag) == 0) {
        for (int v = 0; v < 3; v++) {
            recipient.variant = (enum bl_variant)v;
            bl_bind(&letter, tpl, incident, &facts, &recipient, diag);
            g_free(bl_letter_text(&letter));
        }
        bl_template_free(tpl);
    }
    bl_letter_release(&letter);
    bl_diag_free(diag);
    return 0;
}

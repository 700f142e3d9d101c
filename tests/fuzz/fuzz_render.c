/* SPDX-License-Identifier: MIT */
/* Fuzz target: the whole letter of one recipient. The input is a recipient list (CSV) for the
 * Medusind example; the first valid records are bound, laid out and drawn to a PDF in memory
 * with the shipped template and fonts. */
#include <cairo-pdf.h>

#include "bind.h"
#include "fuzz_common.h"
#include "layout.h"
#include "render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct bl_incident *incident;
static struct bl_contacts *contacts;
static struct bl_template *tpl;
static struct bl_fonts *fonts;

static cairo_status_t
discard(void *closure, const unsigned char *bytes, unsigned int length)
{
    return CAIRO_STATUS_SUCCESS;
}

/* The set-up's problems, which would make every input fail, are shown. */
static void
show(void *user, enum bl_diag_kind kind, const char *text)
{
    fputs(text, stderr);
}

static void
setup(void)
{
    struct bl_diag *diag = bl_diag_new(show);

    bl_incident_load(&incident, BL_DATADIR "/examples/medusind-2023/incident.xml", SCHEMA, VOCAB,
                     diag);
    bl_contacts_load(&contacts, BL_DATADIR "/templates/contacts.xml",
                     BL_DATADIR "/templates/schema/contacts.rng", diag);
    bl_template_compile(&tpl, BL_DATADIR "/templates/us-notice/letter.xml", incident, contacts,
                        diag);
    bl_fonts_load(&fonts, BL_DATADIR "/fonts", diag);
    bl_diag_free(diag);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".csv");
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_source *src = NULL;
    const struct bl_record *rec;
    struct bl_letter letter;

    if (tpl == NULL) {
        setup();
    }
    bl_letter_init(&letter);
    if (bl_source_open(&src, path, incident, diag) == 0) {
        for (int n = 0; n < 3 && bl_source_next(src, &rec) > 0;) {
            struct bl_doc *doc = NULL;

            if (rec->status < 0) {
                continue;
            }
            n++;
            if (bl_bind(&letter, tpl, incident, NULL, &rec->recipient, diag) == 0 &&
                bl_layout(&doc, &letter, fonts, diag) == 0) {
                cairo_surface_t *s = cairo_pdf_surface_create_for_stream(discard, NULL, 612, 792);
                cairo_t *cr = cairo_create(s);

                for (int p = 0; p < bl_doc_page_count(doc); p++) {
                    bl_render_page(cr, doc, p);
                    cairo_show_page(cr);
                }
                cairo_destroy(cr);
                cairo_surface_destroy(s);
            }
            bl_doc_free(doc);
        }
        bl_source_free(src);
    }
    bl_letter_release(&letter);
    bl_diag_free(diag);
    return 0;
}

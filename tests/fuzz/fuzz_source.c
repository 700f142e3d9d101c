/* SPDX-License-Identifier: MIT */
/* Fuzz targets fuzz_csv and fuzz_xml: a recipient list read to the end against the test
 * incident (which maps postal_code to "ZIP"), every record checked for consistency. */
#include "fuzz_common.h"
#include "source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct bl_incident *incident;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_source *src = NULL;
    const struct bl_record *rec;
    const char *path;

    if (incident == NULL) {
        bl_incident_load(&incident, BL_TEST_DATA "/incident/good.xml", SCHEMA, VOCAB, diag);
    }
#ifdef BL_FUZZ_XML
    path = fuzz_file(data, size, ".xml");
#else
    path = fuzz_file(data, size, ".csv");
#endif
    if (bl_source_open(&src, path, incident, diag) == 0) {
        for (int n = 0; n < 100000 && bl_source_next(src, &rec) > 0; n++) {
            if (rec->status == 0) {
                g_assert(rec->recipient.id[0] != '\0');
                g_assert(rec->recipient.categories->len > 0);
            }
        }
        bl_source_free(src);
    }
    bl_diag_free(diag);
    return 0;
}

/* SPDX-License-Identifier: MIT */
/* Fuzz target: the incident parser, strict and as a draft. */
#include "fuzz_common.h"
#include "incident.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size, ".xml");
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_incident *inc = NULL;

    if (bl_incident_load(&inc, path, SCHEMA, VOCAB, diag) == 0) {
        bl_incident_free(inc);
        inc = NULL;
    }
    if (bl_incident_load_draft(&inc, path, SCHEMA, VOCAB, diag) == 0) {
        bl_incident_free(inc);
    }
    bl_diag_free(diag);
    return 0;
}

/* SPDX-License-Identifier: MIT */
/* Sign-off: a reviewer approves the wording of each variant of a list's letter before it is
 * mailed. A variant is what preview --variants groups recipients by (the state with text of its
 * own, the kind of letter, the language, an enrolment code, a covered entity); its wording hash
 * is a SHA-256 over the text of the letter bound for the variant's representative person, whose
 * personal fields are placeholders, so every recipient of a variant has the same hash and any
 * change of wording gives another. Approvals are kept in a file beside the incident
 * (incident.approvals.json), owner-only, written whole under a temporary name. */
#ifndef BL_SIGNOFF_H
#define BL_SIGNOFF_H

#include <glib.h>

#include "common.h"

#include "diag.h"
#include "session.h"
#include "source.h"

/* One approval, as the approvals file keeps it. Every member is owned (g_free). */
struct bl_approval {
    char *id;       /* "A1", "A2", ... in the order given */
    char *variant;  /* the variant's key, bl_signoff_variant_key() */
    char *wording;  /* the wording hash approved: 64 hex digits */
    char *reviewer; /* the name the reviewer gave */
    char *time;     /* when, ISO 8601 UTC: "2026-12-07T04:40:00Z" */
    char *incident; /* the incident's version: SHA-256 of its file, 64 hex digits */
};

BL_API void bl_approval_free(struct bl_approval *a);

/* The key of r's variant: "IA|adult|en|code|entity" (the jurisdiction empty when tpl has no
 * text of its own for r's, "nocode" and "noentity" when r has none). Free with g_free(). */
BL_API char *bl_signoff_variant_key(const struct bl_template *tpl, const struct bl_recipient *r);

/* A variant of a list: its key and how many recipients it stands for. */
struct bl_signoff_variant {
    char *key;
    gint64 count;
};

/* The variants of the list at path for the loaded session, in the order of their keys: a new
 * array of struct bl_signoff_variant * (freeing them); rows the list rejects are left out.
 * Returns NULL with the reason reported to diag when the list cannot be read. */
BL_API GPtrArray *bl_signoff_variants(const struct bl_session *ses, const char *path,
                                      struct bl_diag *diag);

/* A description of a key for people: "residents of IA · adult · en · with enrolment code".
 * Free with g_free(). */
BL_API char *bl_signoff_variant_text(const char *key);

/* The wording hash of the variant with this key, for the loaded session (incident and template):
 * the SHA-256 (hex) of the text of the letter bound for the variant's representative person
 * (placeholders, every category of the incident, the key's state, kind, language, code and
 * entity). Sets *hash (free with g_free()) and returns 0, or returns -1 with the reason (the
 * letter cannot be bound, a malformed key) reported to diag. */
BL_API int bl_signoff_wording(char **hash, const struct bl_session *ses, const char *key,
                              struct bl_diag *diag);

/* The approvals file of an incident: "DIR/NAME.approvals.json" for "DIR/NAME.xml". Free with
 * g_free(). */
BL_API char *bl_signoff_path(const char *incident);

/* Reads the approvals file at path into a new array of struct bl_approval * (freeing them); a
 * missing file is an empty array. Returns NULL with the reason (file, what is wrong) reported
 * to diag when the file cannot be read or is not an approvals file. */
BL_API GPtrArray *bl_approvals_read(const char *path, struct bl_diag *diag);

/* Writes approvals to path, owner-only, under a temporary name then renamed. Returns 0 or -1
 * reported to diag. */
BL_API int bl_approvals_write(const char *path, const GPtrArray *approvals, struct bl_diag *diag);

/* The latest approval of the variant key whose wording is hash (borrowed), or NULL. With hash
 * NULL, the latest approval of the variant whatever its wording. */
BL_API const struct bl_approval *bl_approvals_find(const GPtrArray *approvals, const char *key,
                                                   const char *hash);

/* Appends an approval of variant key by reviewer now, with the session's wording hash for it
 * and incident_sha, to approvals (its id the next free one). Returns the approval (borrowed
 * from the array), or NULL reported to diag (no reviewer name, the wording cannot be made). */
BL_API const struct bl_approval *bl_approvals_add(GPtrArray *approvals,
                                                  const struct bl_session *ses, const char *key,
                                                  const char *reviewer, const char *incident_sha,
                                                  struct bl_diag *diag);

/* What render --require-approval checks each letter against: the approvals of an incident, and
 * the verdict of each variant met so far. */
struct bl_signoff_gate;

/* Reads the approvals of incident (its approvals file). Returns the gate, or NULL reported to
 * diag when the file cannot be read. Free with bl_signoff_gate_free(). */
BL_API struct bl_signoff_gate *bl_signoff_gate_new(const char *incident, struct bl_diag *diag);
BL_API void bl_signoff_gate_free(struct bl_signoff_gate *g);

/* Whether the letter of r may go out: NULL when an approval of r's variant has its current
 * wording (its id in *approval, borrowed from the gate), else why not (borrowed): "variant KEY
 * not approved", "the wording of variant KEY changed after its approval by NAME on TIME", or
 * why its wording cannot be made. */
BL_API const char *bl_signoff_gate_check(struct bl_signoff_gate *g, const struct bl_session *ses,
                                         const struct bl_recipient *r, const char **approval);

#endif

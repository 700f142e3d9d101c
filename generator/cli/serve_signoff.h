/* SPDX-License-Identifier: MIT */
/* The workbench's sign-off page: each variant of a list shown once with page 1 of its letter,
 * whether its current wording is approved, and a form to approve it under a reviewer's name. */
#ifndef BL_SERVE_SIGNOFF_H
#define BL_SERVE_SIGNOFF_H

#include <glib.h>

/* The page's main HTML for incident (its workspace name rel, its path) and list (workspace name
 * list_rel, path list); csrf goes into each form, data_dir to the library. Sets *status to the
 * HTTP status (200, or 422 when the incident or list cannot be loaded: the page says why).
 * Free with g_free(). */
char *bl_serve_signoff_page(const char *rel, const char *incident, const char *list_rel,
                            const char *list, const char *data_dir, const char *csrf,
                            guint *status);

/* Approves the variant key of incident under reviewer (trimmed: 1 to 200 characters, no
 * control character): the approval (the current wording hash, the time, the name, the incident
 * file's SHA-256) appended to the incident's approvals file, when seen_wording and seen_sha (the
 * wording hash and the incident's SHA-256 the page showed; NULL: not known) are the current
 * ones. Returns 0, or -1 with *status set (409: the wording or the incident changed since the
 * page was read; 422: the name is refused or the approval cannot be made) and *error to why, in
 * the reviewer's words (free with g_free()). */
int bl_serve_signoff_approve(const char *incident, const char *key, const char *reviewer,
                             const char *seen_wording, const char *seen_sha, const char *data_dir,
                             guint *status, char **error);

#endif

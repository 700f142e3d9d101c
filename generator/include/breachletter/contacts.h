/* SPDX-License-Identifier: MIT */
/* Contacts: the agencies' and regulators' addresses, phones and websites that letters print,
 * loaded once from one versioned file whose entries carry their sources and check dates. */
#ifndef BL_CONTACTS_H
#define BL_CONTACTS_H

#include <glib.h>

#include "common.h"
#include "diag.h"

struct bl_contacts;

/* Loads and validates (against schema_path) the contacts file at path. Returns 0 and sets *out
 * (free with bl_contacts_free), or -1 reported with file:line. */
BL_API int bl_contacts_load(struct bl_contacts **out, const char *path, const char *schema_path,
                            struct bl_diag *diag);
BL_API void bl_contacts_free(struct bl_contacts *contacts);

/* A contact's value as letters print it: member is name, phone, tty, website, email, address,
 * freeze_address or fraud_address (addresses: lines joined with newlines). NULL when the
 * contact or the member does not exist. Borrowed until bl_contacts_free(). */
BL_API const char *bl_contacts_value(const struct bl_contacts *contacts, const char *id,
                                     const char *member);

/* TRUE when member is one of the member names above. */
BL_API gboolean bl_contacts_member_known(const char *member);

/* The file's path, version and the date the file as a whole was checked. Borrowed. */
BL_API const char *bl_contacts_path(const struct bl_contacts *contacts);
BL_API const char *bl_contacts_version(const struct bl_contacts *contacts);
BL_API const GDate *bl_contacts_checked(const struct bl_contacts *contacts);

/* The outdated values listed in the file: how many, and the i-th with its contact id. */
BL_API guint bl_contacts_stale_count(const struct bl_contacts *contacts);
BL_API const char *bl_contacts_stale(const struct bl_contacts *contacts, guint i,
                                     const char **contact);

#endif

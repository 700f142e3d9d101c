/* SPDX-License-Identifier: MIT */
/* Incident model: parses and validates the incident XML into plain C that no later stage
 * has to re-read. */
#ifndef BL_INCIDENT_H
#define BL_INCIDENT_H

#include <glib.h>

#include "common.h"
#include "diag.h"

enum bl_access {
    BL_ACCESS_UNDETERMINED,  /* could not determine whether data was viewed or taken */
    BL_ACCESS_NOT_CONFIRMED, /* accessed, no evidence it was viewed or copied */
    BL_ACCESS_CONFIRMED,     /* evidence that data was viewed or copied */
};

struct bl_address {
    char *line1;
    char *line2;
    char *city;
    char *state;
    char *postal_code;
    char *country; /* ISO 3166 alpha-2, "US" when omitted */
};

/* One data category exposed in the incident, from the controlled vocabulary. */
struct bl_category {
    char *id;    /* vocabulary id, e.g. "ssn" */
    char *group; /* "contact", "identity", "government-id", "financial", "health", "online" */
    char *label; /* plain-language wording, e.g. "Social Security number" */
    gboolean sensitive; /* a data element state laws key obligations to */
};

/* An organisation the notifier writes on behalf of (business-associate incidents). */
struct bl_entity {
    char *id;
    char *name;
    char *relationship; /* "provides billing services to" */
};

/* What a custom recipient field holds. */
enum bl_custom_kind {
    BL_CUSTOM_TEXT,   /* text, printed as it is */
    BL_CUSTOM_CODE,   /* a code the reader types or quotes (a username, a reference): text that
                       * is never broken across lines */
    BL_CUSTOM_DATE,   /* a YYYY-MM-DD date, printed in the template's date formats */
    BL_CUSTOM_NUMBER, /* a whole number, printed as it is or grouped */
};

/* A column of the recipient list that the incident declares for templates, which print it as
 * recipient.<name> (<recipient-fields>). */
struct bl_custom_field {
    char *name;   /* "username": a small letter, then small letters, digits and '_' */
    char *column; /* the CSV list's column: the name unless column="..."; an XML list's
                   * element is the name with '-' for '_' */
    char *label;  /* how a specimen shows it, in brackets: "[Username]"; the name with spaces
                   * for '_' unless label="..." */
    enum bl_custom_kind kind;
    gboolean required; /* every row needs a value, and a CSV list the column */
    gboolean personal; /* data about the person (the default): a message names its column,
                        * never its value */
    int line;          /* of the declaration in the incident file */
};

/* Facts a draft incident leaves out and the loader takes as their default (a valid incident
 * states them all): a preview says what it assumed. */
enum bl_unstated {
    BL_UNSTATED_ACCESS = 1 << 0,     /* <event access>: taken as undetermined */
    BL_UNSTATED_MONITORING = 1 << 1, /* neither <monitoring> nor <no-monitoring/>: none offered */
};

struct bl_monitoring {
    gboolean offered;
    char *provider;
    char *product;
    char *services; /* what the product includes, one sentence */
    int months;
    char *url;
    char *phone;
    char *phone_hours;
    char *engagement;
    GDate enrol_by; /* invalid when not given */
};

struct bl_incident {
    char *path; /* the file it came from */
    char *dir;  /* its directory, for resolving relative names */
    char *id;
    char *template_name;
    char *language; /* default language of letters */

    struct {
        char *name;
        char *short_name;
        char *description;
        struct bl_address address;
        char *phone;
        gboolean phone_toll_free;
        char *phone_hours;
        char *website;
        char *email;
        char *signatory_name;
        char *signatory_title;
        char *logo;       /* the letterhead's logo: absolute path of a PNG file, or NULL */
        char *signature;  /* the signatory's signature: absolute path of a PNG file, or NULL */
        char *hipaa_role; /* "covered-entity", "business-associate" or "none" */
        gboolean glba;    /* a financial institution subject to the Gramm-Leach-Bliley Act */
        /* keeps the data for another business that owns it (a vendor); a HIPAA business
         * associate is one too */
        gboolean for_owner;
        /* what kind of organisation it is, for laws that bind only some kinds:
         * "business", "information-broker", "government"; NULL when not given */
        char *kind;
        /* the regulators it answers to, for notices only their entities owe ("ny-dfs");
         * empty when not given, never NULL */
        char **regulated_by;
    } org;

    GDate occurred_from;
    GDate occurred_to; /* same as occurred_from when a single day */
    GDate discovered;
    GDate contained; /* invalid when not given */
    GDate notice;
    GDate determined; /* the breach determined or confirmed; invalid when not given */
    GDate hhs_notice; /* the notice to the Secretary of HHS; invalid when not given */
    gboolean law_enforcement_delay;
    GDate delay_from, delay_until; /* of the law-enforcement delay; invalid when not given
                                    * (delay_until invalid: still running) */

    /* <language-assistance/>: the letters carry the template's language-assistance taglines
     * (the insert of the recipient's state, on a page of its own) */
    gboolean language_assistance;

    char *vector; /* "phishing", "hacking", ... */
    enum bl_access access;
    gboolean encrypted;     /* the data was encrypted */
    gboolean key_taken;     /* ... and the key was taken or exposed too */
    gboolean harm_unlikely; /* a documented risk assessment found harm not reasonably likely */
    GPtrArray *narrative;   /* char *, one paragraph each */
    GPtrArray *categories;  /* struct bl_category *: those exposed in this incident */
    GPtrArray *vocabulary;  /* struct bl_category *: every category templates may name */
    GPtrArray *actions;     /* char * */
    struct bl_monitoring monitoring;
    GPtrArray *entities; /* struct bl_entity * */
    GHashTable *columns; /* recipient field -> column name in the list, from <recipient-columns> */
    GPtrArray *custom_fields; /* struct bl_custom_field *: the list's columns templates may print,
                               * from <recipient-fields>, in order */
    gint64 total_affected;    /* -1 when not disclosed */
    /* residents of each state affected by the whole incident, from <affected><state code
     * count/>: USPS code -> gint64 *; empty when the incident gives none (the list's counts
     * are then used) */
    GHashTable *affected_by_state;

    unsigned unstated; /* enum bl_unstated: what the file does not say, taken as the default */

    /* USPS Intelligent Mail barcode of the letters, from <mailing>; mailer_id NULL: none */
    struct {
        char *mailer_id;      /* 6 or 9 digits, from the USPS */
        char *service_type;   /* 3 digits, e.g. 040 First-Class Mail with IV-MTR */
        char *barcode_id;     /* 2 digits, "00" when not given */
        guint64 serial_start; /* the serial of the list's first record; the rest follow */
    } mailing;
};

/* Parses, validates against the shipped schema (schema_path) and checks the incident at path.
 * vocab_path is the category vocabulary. Every problem is reported to diag with file:line;
 * returns 0 and sets *out (free with bl_incident_free) or -1. */
BL_API int bl_incident_load(struct bl_incident **out, const char *path, const char *schema_path,
                            const char *vocab_path, struct bl_diag *diag);
BL_API void bl_incident_free(struct bl_incident *incident);

/* Like bl_incident_load, for drafts under review: every problem is still reported, but the
 * incident is returned with whatever it holds (missing elements empty) unless the file cannot
 * be read as XML at all. */
BL_API int bl_incident_load_draft(struct bl_incident **out, const char *path,
                                  const char *schema_path, const char *vocab_path,
                                  struct bl_diag *diag);

/* An empty incident whose lists and tables exist and own what is added to them (categories,
 * entities and strings are freed by bl_incident_free), for building one by hand in tests and
 * tools. */
BL_API struct bl_incident *bl_incident_new(void);

/* The vocabulary entry with this id, or NULL. Borrowed from incident. */
BL_API const struct bl_category *bl_incident_vocabulary(const struct bl_incident *incident,
                                                        const char *id);

/* Index of the category with this id in incident->categories, or -1. */
BL_API int bl_incident_category_index(const struct bl_incident *incident, const char *id);

/* The covered entity with this id, or NULL. Borrowed from incident. */
BL_API const struct bl_entity *bl_incident_entity(const struct bl_incident *incident,
                                                  const char *id);

/* The index in incident->custom_fields of the custom field named name ("username"), or -1. */
BL_API int bl_incident_custom_index(const struct bl_incident *incident, const char *name);

/* The residents of state code the incident says are affected, or -1 when it does not say. */
BL_API gint64 bl_incident_affected_in(const struct bl_incident *incident, const char *code);

/* The list column that holds recipient field `field` (the mapping or the field name itself).
 * Borrowed from incident or static. */
BL_API const char *bl_incident_column(const struct bl_incident *incident, const char *field);

#endif

/* SPDX-License-Identifier: MIT */
/* Recipient source: opens a list, hands it to the backend of its format, and checks every row
 * the same way whatever the format, so a record means the same thing from CSV or XML. */
#include "source_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "countries.h"
#include "fingerprint.h"
#include "text.h"

/* The bytes a value may have to be quoted back in a message. Anything else may be a name or an
 * address that a shifted column put where a code was expected, and messages must not show
 * personal data. */
#define CODE_CHARS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-"
#define CODE_MAX   3  /* state, jurisdiction, country, language */
#define ID_MAX     32 /* category, variant, covered entity */

static const struct {
    const char *name;
    gboolean required; /* column required in the header, value required in every row */
} fields[BL_FIELD_COUNT] = {
    [BL_FIELD_ID] = {"id", TRUE},
    [BL_FIELD_TITLE] = {"title", FALSE},
    [BL_FIELD_FIRST_NAME] = {"first_name", TRUE},
    [BL_FIELD_MIDDLE_NAME] = {"middle_name", FALSE},
    [BL_FIELD_LAST_NAME] = {"last_name", TRUE},
    [BL_FIELD_SUFFIX] = {"suffix", FALSE},
    [BL_FIELD_ADDRESSEE] = {"addressee", FALSE},
    [BL_FIELD_ADDRESS1] = {"address1", TRUE},
    [BL_FIELD_ADDRESS2] = {"address2", FALSE},
    [BL_FIELD_CITY] = {"city", TRUE},
    [BL_FIELD_STATE] = {"state", FALSE},
    [BL_FIELD_POSTAL_CODE] = {"postal_code", FALSE},
    [BL_FIELD_COUNTRY] = {"country", FALSE},
    [BL_FIELD_JURISDICTION] = {"jurisdiction", FALSE},
    [BL_FIELD_CATEGORIES] = {"categories", TRUE},
    [BL_FIELD_ENROLMENT_CODE] = {"enrolment_code", FALSE},
    [BL_FIELD_LANGUAGE] = {"language", FALSE},
    [BL_FIELD_VARIANT] = {"variant", FALSE},
    [BL_FIELD_ENTITY] = {"entity", FALSE}, /* required when the incident lists entities */
    [BL_FIELD_DELIVERY_POINT] = {"delivery_point", FALSE},
    [BL_FIELD_LARGE_PRINT] = {"large_print", FALSE},
};

static const char *const variant_names[] = {
    [BL_VARIANT_ADULT] = "adult",
    [BL_VARIANT_MINOR] = "minor",
    [BL_VARIANT_DECEASED] = "deceased",
};

const char *
bl_variant_name(enum bl_variant variant)
{
    return (guint)variant < G_N_ELEMENTS(variant_names) ? variant_names[variant] : "unknown";
}

int
bl_variant_parse(const char *name)
{
    for (gsize i = 0; name != NULL && i < G_N_ELEMENTS(variant_names); i++) {
        if (strcmp(name, variant_names[i]) == 0) {
            return (int)i;
        }
    }
    return -1;
}

/* Other names lists give a field's column, which no spelling distance leads to. */
static const struct {
    const char *name; /* case folded, words joined by '_' */
    const char *field;
} meant[] = {
    {"zip", "postal_code"},
    {"zipcode", "postal_code"},
    {"zip_code", "postal_code"},
    {"postcode", "postal_code"},
    {"post_code", "postal_code"},
    {"postal", "postal_code"},
    {"surname", "last_name"},
    {"family_name", "last_name"},
    {"given_name", "first_name"},
    {"forename", "first_name"},
    {"street", "address1"},
    {"address", "address1"},
    {"street_address", "address1"},
    {"address_line_1", "address1"},
    {"address_line_2", "address2"},
    {"town", "city"},
    {"province", "state"},
    {"st", "state"},
    {"lang", "language"},
    {"middle_initial", "middle_name"},
    {"covered_entity", "entity"},
    {"residence", "jurisdiction"},
    {"residence_state", "jurisdiction"},
    {"state_of_residence", "jurisdiction"},
};

const char *
bl_source_field_meant(const char *name)
{
    char *key = g_utf8_casefold(name, -1);
    const char *field = NULL;

    g_strdelimit(key, " -", '_');
    for (gsize i = 0; i < G_N_ELEMENTS(meant) && field == NULL; i++) {
        field = strcmp(key, meant[i].name) == 0 ? meant[i].field : NULL;
    }
    g_free(key);
    return field;
}

const char *
bl_source_field_name(enum bl_field field)
{
    return fields[field].name;
}

gboolean
bl_source_field_required(const struct bl_source *src, enum bl_field field)
{
    return fields[field].required || (field == BL_FIELD_ENTITY && src->incident->entities->len > 0);
}

void
bl_source_string_free(gpointer string)
{
    g_string_free(string, TRUE);
}

void
bl_source_row_begin(struct bl_source *src, int line)
{
    src->row.line = line;
    memset(src->row.raw, 0, sizeof src->row.raw);
    memset(src->row.custom, 0, src->ncustom * sizeof(*src->row.custom));
    src->row.ncategories = 0;
    g_string_truncate(src->row.error, 0);
}

void
bl_source_row_error(struct bl_source *src, const char *fmt, ...)
{
    va_list ap;
    char *text, *safe;

    if (src->row.error->len > 0) {
        return;
    }
    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    /* the names it quotes come from the list: an element or a column named with a Social
     * Security number has its digits withheld */
    safe = bl_text_redact(text);
    g_string_append(src->row.error, safe);
    g_free(safe);
    g_free(text);
}

void
bl_source_row_add_category(struct bl_source *src, const char *id, gsize len)
{
    GPtrArray *pool = src->row.categories;
    GString *slot;

    if (src->row.ncategories == pool->len) {
        g_ptr_array_add(pool, g_string_new(NULL));
    }
    slot = g_ptr_array_index(pool, src->row.ncategories++);
    g_string_truncate(slot, 0);
    g_string_append_len(slot, id, (gssize)len);
}

/* Narrows [*start, *end) of valid UTF-8 to its text without surrounding white space (Unicode
 * spaces too: spreadsheets leave no-break spaces behind). */
static void
trim(const char **start, const char **end)
{
    while (*start < *end && g_unichar_isspace(g_utf8_get_char(*start))) {
        *start = g_utf8_next_char(*start);
    }
    while (*end > *start) {
        const char *prev = g_utf8_find_prev_char(*start, *end);

        if (!g_unichar_isspace(g_utf8_get_char(prev))) {
            break;
        }
        *end = prev;
    }
}

/* Trims the string in place. */
static void
trim_string(GString *s)
{
    const char *start = s->str;
    const char *end = s->str + s->len;

    trim(&start, &end);
    g_string_truncate(s, (gsize)(end - s->str));
    g_string_erase(s, 0, start - s->str);
}

/* Copies raw (may be NULL) into out, made safe: invisible characters, bidi controls and other
 * controls go, breaks become '\n', tabs spaces (the policy, by Unicode property, is in text.h);
 * then the ends are trimmed, so a value that ended in a zero-width space and a space ends in
 * neither. An id (as_is) is only trimmed: changing it could make two rows one (id_usable()).
 * Returns what is wrong with the bytes (leaving out empty), or NULL. */
static const char *
take_text(GString *out, const GString *raw, gboolean as_is)
{
    g_string_truncate(out, 0);
    if (raw == NULL) {
        return NULL;
    }
    if (memchr(raw->str, '\0', raw->len) != NULL) {
        return "contains a NUL byte";
    }
    if (!g_utf8_validate(raw->str, (gssize)raw->len, NULL)) {
        return "is not valid UTF-8";
    }
    if (as_is) {
        const char *start = raw->str;
        const char *end = raw->str + raw->len;

        trim(&start, &end);
        g_string_append_len(out, start, end - start);
    } else {
        bl_text_append_neutral(out, raw->str, raw->len);
        trim_string(out);
    }
    return NULL;
}

/* Copies the raw field into value[field] (take_text). */
static const char *
take_field(struct bl_source *src, enum bl_field field)
{
    return take_text(src->value[field], src->row.raw[field], field == BL_FIELD_ID);
}

/* Copies custom field i's raw value into custom_value[i] (take_text). */
static const char *
take_custom(struct bl_source *src, guint i)
{
    return take_text(src->custom_value[i], src->row.custom[i], FALSE);
}

static int fail(struct bl_source *src, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Sets the record's error (the first one wins) and returns -1. */
static int
fail(struct bl_source *src, const char *fmt, ...)
{
    va_list ap;

    if (src->error->len == 0) {
        va_start(ap, fmt);
        g_string_append_vprintf(src->error, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* The value quoted for a message ("'ZZ'") when it looks like a code of at most max bytes, or
 * where it is ("in column 'state'") when it may be something else. A code may still be a
 * Social Security or card number in the wrong column: its digits are withheld. Borrowed until
 * the next call. */
static const char *
shown(struct bl_source *src, enum bl_field field, const char *value, gsize max)
{
    gsize len = strlen(value);

    if (len > 0 && len <= max && strspn(value, CODE_CHARS) == len) {
        char *safe = bl_text_redact(value);

        g_string_printf(src->scratch, "'%s'", safe);
        g_free(safe);
    } else {
        g_string_printf(src->scratch, "in %s", src->label[field]);
    }
    return src->scratch->str;
}

static gboolean
is_zip(const char *s)
{
    gsize len = strlen(s);

    if (len != 5 && len != 10) {
        return FALSE;
    }
    for (gsize i = 0; i < len; i++) {
        if (i == 5 ? s[i] != '-' : !g_ascii_isdigit(s[i])) {
            return FALSE;
        }
    }
    return TRUE;
}

/* TRUE when s is two ASCII letters, capital when upper is set, small otherwise. */
static gboolean
is_code(const char *s, gboolean upper)
{
    for (int i = 0; i < 2; i++) {
        if (upper ? !g_ascii_isupper(s[i]) : !g_ascii_islower(s[i])) {
            return FALSE;
        }
    }
    return s[2] == '\0';
}

/* TRUE when the id can be named in messages and typed back (--only): every character is one a
 * value keeps as it is (bl_text_char_class()), so no control character (it would break a
 * message or a manifest line), no line break and nothing invisible or reordering (a bidi
 * override, a zero-width space: two ids that look alike would be two people). Slashes and
 * other characters unsafe in file names are allowed: the letter's file name is made safe
 * separately (bl_run_letter_name). */
static gboolean
id_usable(const char *id)
{
    for (const char *p = id; *p != '\0'; p = g_utf8_next_char(p)) {
        if (bl_text_char_class(g_utf8_get_char(p)) != BL_TEXT_CHAR_KEEP) {
            return FALSE;
        }
    }
    return id[0] != '\0';
}

/* Sets src->id_key to id in composed Unicode form (NFC): "José" with a precomposed é or with
 * an e and a combining accent is one id (the same text, which no one can tell apart), while
 * case stays ("ABC-1" and "abc-1" are two people). */
static void
exact_key(struct bl_source *src, const char *id)
{
    const char *p = id;
    char *nfc;

    while (*p != '\0' && (guchar)*p < 0x80) {
        p++;
    }
    nfc = *p != '\0' ? g_utf8_normalize(id, -1, G_NORMALIZE_NFC) : NULL;
    g_string_assign(src->id_key, nfc != NULL ? nfc : id); /* ASCII, or not UTF-8: as it is */
    g_free(nfc);
}

/* Looks key up in table; returns the line it was first used on, or remembers line for it and
 * returns 0. */
static int
remember_key(struct bl_source *src, GHashTable *table, const char *key, int line)
{
    gpointer first = g_hash_table_lookup(table, key);

    if (first != NULL) {
        return GPOINTER_TO_INT(first);
    }
    g_hash_table_insert(table, g_string_chunk_insert(src->id_store, key), GINT_TO_POINTER(line));
    return 0;
}

/* Remembers the id's first line. Returns that line when the same id was seen before (in
 * composed form: see exact_key), else 0; sets *twin to the line of the first id that differs
 * from this one only in case ("ABC-1" then "abc-1", "José" then "JOSÉ"), else 0: such ids are
 * two people, but their letters' files would be one file on a disk that ignores case or
 * normalises names, so the later one's letter gets a name of its own (bl_run_record_path). */
static int
remember_id(struct bl_source *src, const char *id, int line, int *twin)
{
    int first, caseless;

    *twin = 0;
    if (src->known_duplicates != NULL) {
        first = GPOINTER_TO_INT(g_hash_table_lookup(src->known_duplicates, GINT_TO_POINTER(line)));
        *twin = first < 0 ? -first : 0;
        return first > 0 ? first : 0;
    }
    exact_key(src, id);
    first = remember_key(src, src->ids, src->id_key->str, line);
    if (first > 0) {
        return first;
    }
    bl_text_id_key(src->id_key, id);
    caseless = remember_key(src, src->folded, src->id_key->str, line);
    *twin = caseless;
    return 0;
}

static int
check_required(struct bl_source *src)
{
    for (int f = 0; f < BL_FIELD_COUNT; f++) {
        if (f != BL_FIELD_CATEGORIES && bl_source_field_required(src, f) &&
            src->value[f]->len == 0) {
            return fail(src, "%s is empty", src->label[f]);
        }
    }
    return 0;
}

/* AA, AE, AP: Armed Forces Americas, Europe and Pacific (USPS Publication 28). */
gboolean
bl_source_military_state(const char *state)
{
    return state != NULL &&
           (strcmp(state, "AA") == 0 || strcmp(state, "AE") == 0 || strcmp(state, "AP") == 0);
}

static gboolean
military_city(const char *city)
{
    return g_ascii_strcasecmp(city, "APO") == 0 || g_ascii_strcasecmp(city, "FPO") == 0 ||
           g_ascii_strcasecmp(city, "DPO") == 0;
}

/* The Armed Forces mail codes and their ZIP codes (USPS Publication 28; the three-digit
 * prefixes are theirs alone). */
static const struct {
    const char *state, *name, *zips;
    int first, last; /* the ZIP code's first three digits */
} military_areas[] = {
    {"AA", "Armed Forces Americas", "340xx", 340, 340},
    {"AE", "Armed Forces Europe", "090xx to 098xx", 90, 98},
    {"AP", "Armed Forces Pacific", "962xx to 966xx", 962, 966},
};

/* The index in military_areas of the area state names (AA, AE, AP) or, with state NULL, the
 * area a valid ZIP code belongs to; -1 when none. */
static int
military_area(const char *state, const char *zip)
{
    int prefix = zip != NULL ? (zip[0] - '0') * 100 + (zip[1] - '0') * 10 + (zip[2] - '0') : -1;

    for (int i = 0; i < (int)G_N_ELEMENTS(military_areas); i++) {
        if (state != NULL ? strcmp(state, military_areas[i].state) == 0
                          : prefix >= military_areas[i].first && prefix <= military_areas[i].last) {
            return i;
        }
    }
    return -1;
}

static int
check_address(struct bl_source *src)
{
    GString *country = src->value[BL_FIELD_COUNTRY];
    GString *state = src->value[BL_FIELD_STATE];
    GString *postal = src->value[BL_FIELD_POSTAL_CODE];
    GString *jurisdiction = src->value[BL_FIELD_JURISDICTION];
    const char *why = NULL;
    gboolean us;

    if (country->len == 0) {
        g_string_assign(country, "US");
    }
    us = strcmp(country->str, "US") == 0;
    if (us) {
        if (state->len == 0) {
            return fail(src, "%s is empty", src->label[BL_FIELD_STATE]);
        }
        if (bl_source_military_state(state->str)) {
            if (!military_city(src->value[BL_FIELD_CITY]->str)) {
                return fail(src, "state %s is military mail (%s): its city must be APO, FPO or DPO",
                            state->str, military_areas[military_area(state->str, NULL)].name);
            }
        } else if (military_city(src->value[BL_FIELD_CITY]->str)) {
            return fail(src, "city %s is military mail: its state must be AA, AE or AP, not %s",
                        src->value[BL_FIELD_CITY]->str,
                        shown(src, BL_FIELD_STATE, state->str, CODE_MAX));
        } else if (bl_jurisdiction_name(state->str) == NULL) {
            return fail(src, "unknown state %s", shown(src, BL_FIELD_STATE, state->str, CODE_MAX));
        }
        if (postal->len == 0) {
            return fail(src, "%s is empty", src->label[BL_FIELD_POSTAL_CODE]);
        }
        if (!is_zip(postal->str)) {
            return fail(src, "postal code is not a US ZIP code (12345 or 12345-6789)");
        }
        if (bl_source_military_state(state->str) &&
            military_area(NULL, postal->str) != military_area(state->str, NULL)) {
            int area = military_area(state->str, NULL);

            return fail(src, "postal code is not a ZIP code of %s (%s): its ZIP codes are %s",
                        state->str, military_areas[area].name, military_areas[area].zips);
        }
        if (!bl_source_military_state(state->str) && military_area(NULL, postal->str) >= 0) {
            int area = military_area(NULL, postal->str);

            return fail(src,
                        "postal code is a ZIP code of %s (%s, %s): its state must be %s, with "
                        "APO, FPO or DPO as the city",
                        military_areas[area].state, military_areas[area].name,
                        military_areas[area].zips, military_areas[area].state);
        }
        if (src->value[BL_FIELD_DELIVERY_POINT]->len > 0 &&
            (src->value[BL_FIELD_DELIVERY_POINT]->len != 2 ||
             !g_ascii_isdigit(src->value[BL_FIELD_DELIVERY_POINT]->str[0]) ||
             !g_ascii_isdigit(src->value[BL_FIELD_DELIVERY_POINT]->str[1]) || postal->len != 10)) {
            return fail(src, "%s must be two digits, after a ZIP+4 postal code (12345-6789)",
                        src->label[BL_FIELD_DELIVERY_POINT]);
        }
    } else if (!is_code(country->str, TRUE)) {
        return fail(src, "country %s is not an ISO 3166 code (two capital letters)",
                    shown(src, BL_FIELD_COUNTRY, country->str, CODE_MAX));
    } else if (bl_countries_default(&why) == NULL) {
        return fail(src, "a foreign address needs the names of countries, which cannot be read: %s",
                    why);
    } else if (bl_countries_name(bl_countries_default(NULL), country->str) == NULL) {
        return fail(src, "country %s is not a country of ISO 3166-1",
                    shown(src, BL_FIELD_COUNTRY, country->str, CODE_MAX));
    }
    if (jurisdiction->len > 0) {
        if (bl_source_military_state(jurisdiction->str)) {
            return fail(src,
                        "jurisdiction %s is a military mail code, not a state: give the "
                        "state of residence, whose law applies",
                        shown(src, BL_FIELD_JURISDICTION, jurisdiction->str, CODE_MAX));
        }
        if (bl_jurisdiction_name(jurisdiction->str) == NULL) {
            return fail(src, "unknown jurisdiction %s",
                        shown(src, BL_FIELD_JURISDICTION, jurisdiction->str, CODE_MAX));
        }
    } else if (us && !bl_source_military_state(state->str)) {
        /* a military address says where the mail goes, not where the person lives: the
         * jurisdiction column gives that, and without it no state's law is applied */
        g_string_assign(jurisdiction, state->str);
    }
    return 0;
}

/* Splits the 'categories' text, when the format has one, into the row's list. */
static void
split_categories(struct bl_source *src)
{
    const char *p = src->value[BL_FIELD_CATEGORIES]->str;

    for (;;) {
        gsize len = strcspn(p, ";|");

        bl_source_row_add_category(src, p, len);
        if (p[len] == '\0') {
            break;
        }
        p += len + 1;
    }
}

static int
check_categories(struct bl_source *src)
{
    const struct bl_incident *incident = src->incident;
    GArray *out = src->record.recipient.categories;
    guint listed = 0;

    if (src->row.raw[BL_FIELD_CATEGORIES] != NULL) {
        split_categories(src);
    }
    memset(src->category_seen, 0, incident->categories->len * sizeof(gboolean));
    for (guint i = 0; i < src->row.ncategories; i++) {
        GString *id = g_ptr_array_index(src->row.categories, i);
        int index;

        trim_string(id);
        if (id->len == 0) {
            continue;
        }
        index = bl_incident_category_index(incident, id->str);
        if (index < 0) {
            return fail(src, "category %s is not one of the incident's categories",
                        shown(src, BL_FIELD_CATEGORIES, id->str, ID_MAX));
        }
        src->category_seen[index] = TRUE;
        listed++;
    }
    if (listed == 0) {
        return fail(src, "no categories listed");
    }
    for (guint i = 0; i < incident->categories->len; i++) {
        if (src->category_seen[i]) {
            int index = (int)i;

            g_array_append_val(out, index);
        }
    }
    return 0;
}

static int
check_variant(struct bl_source *src)
{
    const char *variant = src->value[BL_FIELD_VARIANT]->str;
    int v = bl_variant_parse(variant);

    if (variant[0] == '\0') {
        return 0;
    }
    if (v >= 0) {
        src->record.recipient.variant = (enum bl_variant)v;
        return 0;
    }
    return fail(src, "unknown variant %s (adult, minor or deceased)",
                shown(src, BL_FIELD_VARIANT, variant, ID_MAX));
}

static int
check_language(struct bl_source *src)
{
    GString *language = src->value[BL_FIELD_LANGUAGE];

    if (language->len == 0) {
        g_string_assign(language, src->incident->language != NULL ? src->incident->language : "");
        return 0;
    }
    if (!is_code(language->str, FALSE)) {
        return fail(src, "language %s is not a two-letter lowercase code such as 'en'",
                    shown(src, BL_FIELD_LANGUAGE, language->str, CODE_MAX));
    }
    return 0;
}

/* large_print: yes or no (also true/false, 1/0, any case); empty is no. */
static int
check_large_print(struct bl_source *src)
{
    static const char *const yes[] = {"yes", "y", "true", "1"};
    static const char *const no[] = {"", "no", "n", "false", "0"};
    const char *value = src->value[BL_FIELD_LARGE_PRINT]->str;

    src->record.recipient.large_print = FALSE;
    for (gsize i = 0; i < G_N_ELEMENTS(yes); i++) {
        if (g_ascii_strcasecmp(value, yes[i]) == 0) {
            src->record.recipient.large_print = TRUE;
            return 0;
        }
    }
    for (gsize i = 0; i < G_N_ELEMENTS(no); i++) {
        if (g_ascii_strcasecmp(value, no[i]) == 0) {
            return 0;
        }
    }
    return fail(src, "%s must be yes or no (empty: no)", src->label[BL_FIELD_LARGE_PRINT]);
}

static int
check_entity(struct bl_source *src)
{
    const char *entity = src->value[BL_FIELD_ENTITY]->str;
    const struct bl_entity *found;

    if (entity[0] == '\0') {
        return 0; /* check_required() insists when the incident lists entities */
    }
    if (src->incident->entities->len == 0) {
        return fail(src, "%s is set but the incident lists no covered entities",
                    src->label[BL_FIELD_ENTITY]);
    }
    found = bl_incident_entity(src->incident, entity);
    if (found == NULL) {
        return fail(src, "unknown covered entity %s", shown(src, BL_FIELD_ENTITY, entity, ID_MAX));
    }
    src->record.recipient.covered_entity = found;
    return 0;
}

/* The value of a custom field quoted for a message after ": " when the incident says it is no
 * personal data and it is short (numbers that may be one withheld); "" otherwise. Borrowed
 * until the next call. */
static const char *
custom_shown(struct bl_source *src, const struct bl_custom_field *field, const char *value)
{
    char *safe;

    if (field->personal || g_utf8_strlen(value, -1) > 40) {
        return "";
    }
    safe = bl_text_redact(value);
    g_string_printf(src->scratch, ": '%s'", safe);
    g_free(safe);
    return src->scratch->str;
}

/* The custom fields the incident declares: a required one has a value, a date is a date and a
 * number a whole number. */
static int
check_custom(struct bl_source *src)
{
    for (guint i = 0; i < src->ncustom; i++) {
        const struct bl_custom_field *field = g_ptr_array_index(src->incident->custom_fields, i);
        const char *value = src->custom_value[i]->str;
        GDate date;
        gint64 number;

        if (value[0] == '\0') {
            if (field->required) {
                return fail(src, "%s is empty", src->custom_label[i]);
            }
            continue;
        }
        if (field->kind == BL_CUSTOM_DATE && bl_date_parse(&date, value) < 0) {
            return fail(src, "%s is not a YYYY-MM-DD date%s", src->custom_label[i],
                        custom_shown(src, field, value));
        }
        if (field->kind == BL_CUSTOM_NUMBER &&
            !g_ascii_string_to_signed(value, 10, 0, G_MAXINT64, &number, NULL)) {
            return fail(src, "%s is not a whole number%s", src->custom_label[i],
                        custom_shown(src, field, value));
        }
    }
    return 0;
}

/* Points the lent record at this row's values (a GString may have moved its buffer). */
static void
point_record(struct bl_source *src)
{
    struct bl_recipient *r = &src->record.recipient;
    GString **v = src->value;

    r->id = v[BL_FIELD_ID]->str;
    r->title = v[BL_FIELD_TITLE]->str;
    r->first_name = v[BL_FIELD_FIRST_NAME]->str;
    r->middle_name = v[BL_FIELD_MIDDLE_NAME]->str;
    r->last_name = v[BL_FIELD_LAST_NAME]->str;
    r->suffix = v[BL_FIELD_SUFFIX]->str;
    r->addressee = v[BL_FIELD_ADDRESSEE]->str;
    r->address.line1 = v[BL_FIELD_ADDRESS1]->str;
    r->address.line2 = v[BL_FIELD_ADDRESS2]->str;
    r->address.city = v[BL_FIELD_CITY]->str;
    r->address.state = v[BL_FIELD_STATE]->str;
    r->address.postal_code = v[BL_FIELD_POSTAL_CODE]->str;
    r->address.country = v[BL_FIELD_COUNTRY]->str;
    r->jurisdiction = v[BL_FIELD_JURISDICTION]->str;
    r->enrolment_code = v[BL_FIELD_ENROLMENT_CODE]->str;
    r->language = v[BL_FIELD_LANGUAGE]->str;
    r->entity = v[BL_FIELD_ENTITY]->str;
    r->delivery_point = v[BL_FIELD_DELIVERY_POINT]->str;
    for (guint i = 0; i < src->ncustom; i++) {
        src->custom_text[i] = src->custom_value[i]->str;
    }
    r->custom = src->custom_text;
    src->record.row_id = src->row_id->str;
    src->record.error = src->error->str;
}

/* A name printed on two lines would split the salutation ("Dear Ann" / "Lee:"): a line break in
 * a name field becomes a space, and in the addressee, who may be a person and their role
 * ("Denise Whitaker" / "Personal Representative"), a comma and a space; each field so changed
 * is told, without its value. */
static void
flatten_names(struct bl_source *src)
{
    static const enum bl_field names[] = {BL_FIELD_TITLE,       BL_FIELD_FIRST_NAME,
                                          BL_FIELD_MIDDLE_NAME, BL_FIELD_LAST_NAME,
                                          BL_FIELD_SUFFIX,      BL_FIELD_ADDRESSEE};

    for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
        GString *v = src->value[names[i]];
        struct bl_loc loc = {src->path, src->row.line, 0};
        char **parts;
        char *id;
        GString *flat;

        if (strchr(v->str, '\n') == NULL) {
            continue;
        }
        parts = g_strsplit(v->str, "\n", -1);
        flat = g_string_new(NULL);
        for (char **p = parts; *p != NULL; p++) {
            g_strstrip(*p);
            if (**p != '\0') {
                g_string_append_printf(flat, "%s%s",
                                       flat->len == 0                   ? ""
                                       : names[i] == BL_FIELD_ADDRESSEE ? ", "
                                                                        : " ",
                                       *p);
            }
        }
        g_string_assign(v, flat->str);
        id = bl_text_redact(src->row_id->str);
        bl_diag_warning(src->diag, &loc,
                        "%s has a line break: it is printed on one line (recipient '%s')",
                        src->label[names[i]], id);
        g_free(id);
        g_string_free(flat, TRUE);
        g_strfreev(parts);
    }
}

/* Turns the backend's raw row into the lent record, valid or rejected with one error. */
static void
check_row(struct bl_source *src)
{
    struct bl_record *rec = &src->record;
    const char *bad = NULL;
    const char *bad_label = NULL;
    gboolean named = FALSE; /* the message names the recipient already */
    gboolean usable;
    char *id = NULL; /* the id as messages show it, made for a rejected row only */
    int first = 0, twin = 0;

    g_string_truncate(src->error, 0);
    g_array_set_size(rec->recipient.categories, 0);
    rec->recipient.variant = BL_VARIANT_ADULT;
    rec->recipient.large_print = FALSE;
    rec->recipient.covered_entity = NULL;
    rec->line = src->row.line;
    for (int f = 0; f < BL_FIELD_COUNT; f++) {
        const char *problem = take_field(src, f);

        if (problem != NULL && bad == NULL) {
            bad = problem;
            bad_label = src->label[f];
        }
    }
    for (guint i = 0; i < src->ncustom; i++) {
        const char *problem = take_custom(src, i);

        if (problem != NULL && bad == NULL) {
            bad = problem;
            bad_label = src->custom_label[i];
        }
    }
    g_string_assign(src->row_id, src->value[BL_FIELD_ID]->str);
    usable = id_usable(src->row_id->str);
    if (usable) {
        first = remember_id(src, src->row_id->str, rec->line, &twin);
    }
    rec->duplicate_of = first;
    rec->case_twin_of = twin;

    if (src->row.error->len > 0) {
        fail(src, "%s", src->row.error->str);
    } else if (bad != NULL) {
        fail(src, "%s %s", bad_label, bad);
    } else if (src->row_id->len == 0) {
        fail(src, "%s is empty", src->label[BL_FIELD_ID]);
    } else if (!usable) {
        fail(src,
             "%s has a control or invisible character (tab, line break, bidi control or "
             "similar)",
             src->label[BL_FIELD_ID]);
    } else if (first > 0) {
        id = bl_text_redact(src->row_id->str);
        fail(src, "duplicate recipient id '%s' (first on line %d)", id, first);
        named = TRUE;
    } else if (check_required(src) < 0 || check_address(src) < 0 || check_categories(src) < 0 ||
               check_variant(src) < 0 || check_language(src) < 0 || check_entity(src) < 0 ||
               check_large_print(src) < 0 || check_custom(src) < 0) {
        /* the error is set */
    }

    if (src->error->len == 0) {
        flatten_names(src);
    }
    point_record(src);
    rec->status = src->error->len > 0 ? -1 : 0;
    if (rec->status < 0) {
        struct bl_loc loc = {src->path, rec->line, 0};

        if (usable && !named) {
            id = bl_text_redact(src->row_id->str);
            bl_diag_error(src->diag, &loc, "%s (recipient '%s')", src->error->str, id);
        } else {
            bl_diag_error(src->diag, &loc, "%s", src->error->str);
        }
    }
    g_free(id);
}

void
bl_source_use_duplicates(struct bl_source *src, GHashTable *duplicates)
{
    src->known_duplicates = duplicates;
    g_hash_table_remove_all(src->ids);
    g_hash_table_remove_all(src->folded);
    g_string_chunk_clear(src->id_store);
}

/* Finds the first non-blank byte after a UTF-8 byte order mark, then rewinds. Sets *out to it
 * (EOF for a blank file); returns 0 or -1, reported. */
static int
first_byte(struct bl_source *src, int *out)
{
    struct bl_loc loc = {src->path, 0, 0};
    unsigned char bom[3];
    int c;

    if ((fread(bom, 1, 3, src->fp) != 3 || memcmp(bom, "\xEF\xBB\xBF", 3) != 0) &&
        fseek(src->fp, 0, SEEK_SET) != 0) {
        goto fail;
    }
    do {
        c = getc(src->fp);
    } while (c != EOF && g_ascii_isspace(c));
    if (ferror(src->fp) || fseek(src->fp, 0, SEEK_SET) != 0) {
        goto fail;
    }
    *out = c;
    return 0;
fail:
    bl_diag_error(src->diag, &loc, "cannot read recipient list: %s", g_strerror(errno));
    return -1;
}

/* The backend for the file: by extension, else XML when the first byte is '<'. */
static const struct bl_source_backend *
pick_backend(const char *path, int first)
{
    char *lower = g_ascii_strdown(path, -1);
    const struct bl_source_backend *backend;

    if (g_str_has_suffix(lower, ".csv")) {
        backend = &bl_source_csv_backend;
    } else if (g_str_has_suffix(lower, ".xml")) {
        backend = &bl_source_xml_backend;
    } else {
        backend = first == '<' ? &bl_source_xml_backend : &bl_source_csv_backend;
    }
    g_free(lower);
    return backend;
}

static struct bl_source *
source_new(const char *path, const struct bl_incident *incident, struct bl_diag *diag)
{
    struct bl_source *src = g_new0(struct bl_source, 1);

    src->path = g_strdup(path);
    src->incident = incident;
    src->diag = diag;
    src->row.categories = g_ptr_array_new_with_free_func(bl_source_string_free);
    src->row.error = g_string_new(NULL);
    for (int f = 0; f < BL_FIELD_COUNT; f++) {
        src->value[f] = g_string_new(NULL);
    }
    src->ncustom = incident->custom_fields->len;
    src->row.custom = g_new0(const GString *, src->ncustom + 1);
    src->custom_label = g_new0(char *, src->ncustom + 1);
    src->custom_value = g_new0(GString *, src->ncustom + 1);
    src->custom_text = g_new0(char *, src->ncustom + 1);
    for (guint i = 0; i < src->ncustom; i++) {
        src->custom_value[i] = g_string_new(NULL);
    }
    src->row_id = g_string_new(NULL);
    src->error = g_string_new(NULL);
    src->scratch = g_string_new(NULL);
    src->category_seen = g_new0(gboolean, incident->categories->len + 1);
    src->ids = g_hash_table_new(g_str_hash, g_str_equal);
    src->folded = g_hash_table_new(g_str_hash, g_str_equal);
    src->id_store = g_string_chunk_new(64 * 1024);
    src->id_key = g_string_new(NULL);
    src->record.recipient.categories = g_array_new(FALSE, FALSE, sizeof(int));
    point_record(src);
    return src;
}

/* Opens the list as a stream that hashes what it reads. Only a regular file is a list: a FIFO
 * or a device would block or never end, and could not be read again by the workers. */
static int
open_list(struct bl_source *src, const char *path)
{
    struct bl_loc loc = {path, 0, 0};
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;

    if (fd < 0) {
        bl_diag_error(src->diag, &loc, "cannot open recipient list: %s", g_strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        bl_diag_error(src->diag, &loc,
                      "the recipient list is not a regular file (a FIFO, a device or a folder): "
                      "save it to a file first, or pipe it in as '-'");
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    src->fp = bl_hashed_open(fd, &src->hashed);
    if (src->fp == NULL) {
        bl_diag_error(src->diag, &loc, "cannot open recipient list: %s", g_strerror(errno));
        return -1;
    }
    return 0;
}

int
bl_source_open(struct bl_source **out, const char *path, const struct bl_incident *incident,
               struct bl_diag *diag)
{
    struct bl_source *src = source_new(path, incident, diag);
    struct bl_loc loc = {path, 0, 0};
    int first;
    int rc = -1;

    if (open_list(src, path) < 0) {
        goto out;
    }
    if (first_byte(src, &first) < 0) {
        goto out;
    }
    if (first == EOF) {
        bl_diag_error(diag, &loc, "recipient list is empty");
        goto out;
    }
    src->backend = pick_backend(path, first);
    if (src->backend->open(src) < 0) {
        goto out;
    }
    *out = src;
    src = NULL;
    rc = 0;
out:
    bl_source_free(src);
    return rc;
}

int
bl_source_next(struct bl_source *src, const struct bl_record **out)
{
    int rc;

    if (src->finished) {
        return src->finish_rc;
    }
    rc = src->backend->read(src);
    if (rc <= 0) {
        src->finished = TRUE;
        src->finish_rc = rc;
        return rc;
    }
    check_row(src);
    *out = &src->record;
    return 1;
}

const char *
bl_source_sha256(const struct bl_source *src)
{
    return bl_hashed_sha256(src->hashed);
}

int
bl_source_fd(const struct bl_source *src)
{
    return bl_hashed_fd(src->hashed);
}

const char *
bl_source_path(const struct bl_source *src)
{
    return src->path;
}

void
bl_source_free(struct bl_source *src)
{
    if (src == NULL) {
        return;
    }
    if (src->impl != NULL) {
        src->backend->close(src->impl);
    }
    if (src->fp != NULL) {
        fclose(src->fp);
    }
    for (int f = 0; f < BL_FIELD_COUNT; f++) {
        g_free(src->label[f]);
        g_string_free(src->value[f], TRUE);
    }
    for (guint i = 0; i < src->ncustom; i++) {
        g_free(src->custom_label[i]);
        g_string_free(src->custom_value[i], TRUE);
    }
    g_free(src->custom_label);
    g_free(src->custom_value);
    g_free(src->custom_text);
    g_free(src->row.custom);
    g_ptr_array_unref(src->row.categories);
    g_string_free(src->row.error, TRUE);
    g_string_free(src->row_id, TRUE);
    g_string_free(src->error, TRUE);
    g_string_free(src->scratch, TRUE);
    g_free(src->category_seen);
    g_hash_table_unref(src->ids);
    g_hash_table_unref(src->folded);
    g_string_chunk_free(src->id_store);
    g_string_free(src->id_key, TRUE);
    g_array_unref(src->record.recipient.categories);
    g_free(src->path);
    g_free(src);
}

struct bl_recipient *
bl_recipient_copy(const struct bl_recipient *r)
{
    struct bl_recipient *c = g_new0(struct bl_recipient, 1);

    c->id = g_strdup(r->id);
    c->title = g_strdup(r->title);
    c->first_name = g_strdup(r->first_name);
    c->middle_name = g_strdup(r->middle_name);
    c->last_name = g_strdup(r->last_name);
    c->suffix = g_strdup(r->suffix);
    c->addressee = g_strdup(r->addressee);
    c->address.line1 = g_strdup(r->address.line1);
    c->address.line2 = g_strdup(r->address.line2);
    c->address.city = g_strdup(r->address.city);
    c->address.state = g_strdup(r->address.state);
    c->address.postal_code = g_strdup(r->address.postal_code);
    c->address.country = g_strdup(r->address.country);
    c->jurisdiction = g_strdup(r->jurisdiction);
    c->categories = g_array_copy(r->categories);
    c->enrolment_code = g_strdup(r->enrolment_code);
    c->language = g_strdup(r->language);
    c->variant = r->variant;
    c->entity = g_strdup(r->entity);
    c->covered_entity = r->covered_entity;
    c->delivery_point = g_strdup(r->delivery_point);
    c->large_print = r->large_print;
    c->custom = g_strdupv(r->custom);
    return c;
}

void
bl_recipient_free(struct bl_recipient *r)
{
    if (r == NULL) {
        return;
    }
    g_free(r->id);
    g_free(r->title);
    g_free(r->first_name);
    g_free(r->middle_name);
    g_free(r->last_name);
    g_free(r->suffix);
    g_free(r->addressee);
    g_free(r->address.line1);
    g_free(r->address.line2);
    g_free(r->address.city);
    g_free(r->address.state);
    g_free(r->address.postal_code);
    g_free(r->address.country);
    g_free(r->jurisdiction);
    if (r->categories != NULL) {
        g_array_unref(r->categories);
    }
    g_free(r->enrolment_code);
    g_free(r->language);
    g_free(r->entity);
    g_free(r->delivery_point);
    g_strfreev(r->custom);
    g_free(r);
}

/* One part of the key: its text, then a separator no part holds. */
static void
key_part(GChecksum *sum, const char *text)
{
    g_checksum_update(sum, (const guchar *)(text != NULL ? text : "\x01"), -1);
    g_checksum_update(sum, (const guchar *)"\x1f", 1);
}

static int
compare_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *
bl_source_key(const struct bl_incident *inc)
{
    /* every part of the incident the source reads (src->incident): keep the two in step */
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    GPtrArray *columns = g_ptr_array_new_with_free_func(g_free);
    GHashTableIter it;
    gpointer field, column;
    char *key;

    key_part(sum, "categories");
    for (guint i = 0; i < inc->categories->len; i++) {
        key_part(sum, ((const struct bl_category *)g_ptr_array_index(inc->categories, i))->id);
    }
    key_part(sum, "entities");
    for (guint i = 0; i < inc->entities->len; i++) {
        key_part(sum, ((const struct bl_entity *)g_ptr_array_index(inc->entities, i))->id);
    }
    key_part(sum, "language");
    key_part(sum, inc->language);
    key_part(sum, "columns");
    g_hash_table_iter_init(&it, inc->columns);
    while (g_hash_table_iter_next(&it, &field, &column)) {
        g_ptr_array_add(columns, g_strconcat(field, "=", column, NULL));
    }
    g_ptr_array_sort(columns, compare_strings);
    for (guint i = 0; i < columns->len; i++) {
        key_part(sum, g_ptr_array_index(columns, i));
    }
    key_part(sum, "custom");
    for (guint i = 0; i < inc->custom_fields->len; i++) {
        const struct bl_custom_field *f = g_ptr_array_index(inc->custom_fields, i);
        char *shape =
            g_strdup_printf("%d %d %d %d", (int)f->kind, f->required, f->personal, f->line);

        key_part(sum, f->name);
        key_part(sum, f->column);
        key_part(sum, f->label);
        key_part(sum, shape);
        g_free(shape);
    }
    key = g_strdup(g_checksum_get_string(sum));
    g_checksum_free(sum);
    g_ptr_array_unref(columns);
    return key;
}

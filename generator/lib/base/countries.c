/* SPDX-License-Identifier: MIT */
/* Countries: ISO 3166-1 names for addresses, from iso-codes' JSON. */
#include "countries.h"

#include <json-glib/json-glib.h>
#include <string.h>

#ifndef BL_ISO_3166_FILE
#define BL_ISO_3166_FILE "/usr/share/iso-codes/json/iso_3166-1.json"
#endif

struct bl_countries {
    GHashTable *names; /* alpha-2 code -> name in capitals */
};

void
bl_countries_free(struct bl_countries *countries)
{
    if (countries == NULL) {
        return;
    }
    g_hash_table_unref(countries->names);
    g_free(countries);
}

static const char *
member(JsonObject *o, const char *name)
{
    JsonNode *n = json_object_get_member(o, name);

    return n != NULL && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING
               ? json_node_get_string(n)
               : NULL;
}

/* The name an address gives the country of entry o, in capitals (see countries.h). */
static char *
address_name(JsonObject *o)
{
    const char *common = member(o, "common_name");
    const char *official = member(o, "official_name");
    char *name, *comma, *res;

    if (common != NULL) {
        return g_utf8_strup(common, -1);
    }
    name = g_strdup(member(o, "name"));
    if (g_str_has_suffix(name, ")") && strstr(name, " (") != NULL) {
        *strstr(name, " (") = '\0'; /* "Falkland Islands (Malvinas)" */
    }
    comma = strstr(name, ", ");
    if (comma != NULL && (g_str_has_suffix(name, " of") || g_str_has_suffix(name, " of the"))) {
        /* "Palestine, State of": "State of Palestine" */
        *comma = '\0';
        res = g_strconcat(comma + 2, " ", name, NULL);
        g_free(name);
        name = res;
    } else if (comma != NULL && official != NULL) {
        g_free(name); /* "Virgin Islands, British": "British Virgin Islands" */
        name = g_strdup(official);
    }
    res = g_utf8_strup(name, -1);
    g_free(name);
    return res;
}

int
bl_countries_load(struct bl_countries **out, const char *path, struct bl_diag *diag)
{
    struct bl_loc loc = {path, 0, 0};
    JsonParser *parser = json_parser_new();
    JsonNode *root, *list = NULL;
    struct bl_countries *c = NULL;
    GError *err = NULL;

    if (!json_parser_load_from_file(parser, path, &err)) {
        bl_diag_error(diag, &loc,
                      "cannot read the country names: %s (they come with Debian's iso-codes "
                      "package: install it)",
                      err->message);
        g_error_free(err);
        g_object_unref(parser);
        return -1;
    }
    root = json_parser_get_root(parser);
    if (root != NULL && JSON_NODE_HOLDS_OBJECT(root)) {
        list = json_object_get_member(json_node_get_object(root), "3166-1");
    }
    if (list == NULL || !JSON_NODE_HOLDS_ARRAY(list)) {
        bl_diag_error(diag, &loc, "not the ISO 3166-1 list of iso-codes: no \"3166-1\" array");
        g_object_unref(parser);
        return -1;
    }
    c = g_new0(struct bl_countries, 1);
    c->names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    for (guint i = 0; i < json_array_get_length(json_node_get_array(list)); i++) {
        JsonNode *e = json_array_get_element(json_node_get_array(list), i);
        JsonObject *o = JSON_NODE_HOLDS_OBJECT(e) ? json_node_get_object(e) : NULL;
        const char *code = o != NULL ? member(o, "alpha_2") : NULL;

        if (code != NULL && member(o, "name") != NULL) {
            g_hash_table_insert(c->names, g_strdup(code), address_name(o));
        }
    }
    g_object_unref(parser);
    if (g_hash_table_size(c->names) == 0) {
        bl_diag_error(diag, &loc, "the ISO 3166-1 list of iso-codes names no country");
        bl_countries_free(c);
        return -1;
    }
    *out = c;
    return 0;
}

const char *
bl_countries_name(const struct bl_countries *countries, const char *code)
{
    return g_hash_table_lookup(countries->names, code);
}

/* The installed list, read once: the list, or why it could not be read. */
static struct bl_countries *installed;
static char *installed_error;

const struct bl_countries *
bl_countries_default(const char **why)
{
    static gsize once = 0;

    if (g_once_init_enter(&once)) {
        struct bl_diag *quiet = bl_diag_new(NULL);

        if (bl_countries_load(&installed, BL_ISO_3166_FILE, quiet) < 0) {
            installed_error =
                g_strdup_printf("%s: %s", BL_ISO_3166_FILE, bl_diag_last_message(quiet));
        }
        bl_diag_free(quiet);
        g_once_init_leave(&once, 1);
    }
    if (installed == NULL && why != NULL) {
        *why = installed_error;
    }
    return installed;
}

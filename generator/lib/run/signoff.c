/* SPDX-License-Identifier: MIT */
/* Sign-off: variant keys, wording hashes and the approvals file (signoff.h). */
#include "signoff.h"

#include <errno.h>
#include <string.h>

#include "bind.h"
#include "json.h"
#include "tempfile.h"
#include "template.h"

void
bl_approval_free(struct bl_approval *a)
{
    if (a == NULL) {
        return;
    }
    g_free(a->id);
    g_free(a->variant);
    g_free(a->wording);
    g_free(a->reviewer);
    g_free(a->time);
    g_free(a->incident);
    g_free(a);
}

char *
bl_signoff_variant_key(const struct bl_template *tpl, const struct bl_recipient *r)
{
    const char *j = bl_template_names_jurisdiction(tpl, r->jurisdiction) ? r->jurisdiction : "";

    return g_strdup_printf("%s|%s|%s|%s|%s", j, bl_variant_name(r->variant), r->language,
                           r->enrolment_code[0] != '\0' ? "code" : "nocode",
                           r->covered_entity != NULL ? "entity" : "noentity");
}

static void
variant_free(gpointer data)
{
    struct bl_signoff_variant *v = data;

    g_free(v->key);
    g_free(v);
}

static gint
variant_order(gconstpointer a, gconstpointer b)
{
    const struct bl_signoff_variant *x = *(const struct bl_signoff_variant *const *)a;
    const struct bl_signoff_variant *y = *(const struct bl_signoff_variant *const *)b;

    return strcmp(x->key, y->key);
}

GPtrArray *
bl_signoff_variants(const struct bl_session *ses, const char *path, struct bl_diag *diag)
{
    GPtrArray *vs = g_ptr_array_new_with_free_func(variant_free);
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    struct bl_source *src = NULL;
    const struct bl_record *rec;

    if (bl_source_open(&src, path, ses->incident, diag) < 0) {
        g_hash_table_destroy(seen);
        g_ptr_array_unref(vs);
        return NULL;
    }
    while (bl_source_next(src, &rec) > 0) {
        char *key;
        struct bl_signoff_variant *v;

        if (rec->status < 0) {
            continue;
        }
        key = bl_signoff_variant_key(ses->tpl, &rec->recipient);
        v = g_hash_table_lookup(seen, key);
        if (v == NULL) {
            v = g_new0(struct bl_signoff_variant, 1);
            v->key = key;
            g_hash_table_insert(seen, v->key, v);
            g_ptr_array_add(vs, v);
        } else {
            g_free(key);
        }
        v->count++;
    }
    bl_source_free(src);
    g_hash_table_destroy(seen);
    g_ptr_array_sort(vs, variant_order);
    return vs;
}

/* Splits a key into its 5 parts (free with g_strfreev), or NULL when it is not a key. */
static char **
key_parts(const char *key)
{
    char **p = g_strsplit(key, "|", -1);

    if (g_strv_length(p) != 5 || bl_variant_parse(p[1]) < 0 || p[2][0] == '\0' ||
        (strcmp(p[3], "code") != 0 && strcmp(p[3], "nocode") != 0) ||
        (strcmp(p[4], "entity") != 0 && strcmp(p[4], "noentity") != 0)) {
        g_strfreev(p);
        return NULL;
    }
    return p;
}

char *
bl_signoff_variant_text(const char *key)
{
    char **p = key_parts(key);
    char *text;

    if (p == NULL) {
        return g_strdup(key);
    }
    text = g_strdup_printf("%s%s · %s · %s · %s%s", p[0][0] != '\0' ? "residents of " : "",
                           p[0][0] != '\0' ? p[0] : "other states", p[1], p[2],
                           strcmp(p[3], "code") == 0 ? "with enrolment code"
                                                     : "without enrolment code",
                           strcmp(p[4], "entity") == 0 ? "" : " · no covered entity");
    g_strfreev(p);
    return text;
}

int
bl_signoff_wording(char **hash, const struct bl_session *ses, const char *key, struct bl_diag *diag)
{
    char **p = key_parts(key);
    struct bl_entity entity = {0};
    struct bl_facts facts = {NULL, FALSE, NULL, NULL};
    struct bl_letter letter;
    struct bl_recipient *r;
    char *text;
    int rc;

    *hash = NULL;
    if (p == NULL) {
        bl_diag_error(diag, NULL, "'%s' is not a variant of the letter", key);
        return -1;
    }
    r = bl_session_placeholder(ses->incident, p[0][0] != '\0' ? p[0] : NULL, &entity);
    r->variant = (enum bl_variant)bl_variant_parse(p[1]);
    g_free(r->language);
    r->language = g_strdup(p[2]);
    if (strcmp(p[3], "code") != 0) {
        g_free(r->enrolment_code);
        r->enrolment_code = g_strdup("");
    }
    if (strcmp(p[4], "entity") != 0) {
        r->covered_entity = NULL;
    }
    bl_letter_init(&letter);
    rc = bl_bind(&letter, ses->tpl, ses->incident, &facts, r, diag);
    if (rc == 0) {
        text = bl_letter_text(&letter);
        *hash = g_compute_checksum_for_string(G_CHECKSUM_SHA256, text, -1);
        g_free(text);
    }
    bl_letter_release(&letter);
    bl_recipient_free(r);
    g_strfreev(p);
    return rc;
}

char *
bl_signoff_path(const char *incident)
{
    g_autofree char *base = g_str_has_suffix(incident, ".xml")
                                ? g_strndup(incident, strlen(incident) - 4)
                                : g_strdup(incident);

    return g_strconcat(base, ".approvals.json", NULL);
}

static const char *const MEMBERS[] = {"id", "variant", "wording", "reviewer", "time", "incident"};

static char **
member(struct bl_approval *a, guint i)
{
    char **m[] = {&a->id, &a->variant, &a->wording, &a->reviewer, &a->time, &a->incident};

    return m[i];
}

GPtrArray *
bl_approvals_read(const char *path, struct bl_diag *diag)
{
    GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)bl_approval_free);
    g_autoptr(JsonParser) parser = json_parser_new();
    g_autoptr(GError) err = NULL;
    JsonNode *root;
    JsonArray *list;

    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        return out;
    }
    if (!json_parser_load_from_file(parser, path, &err)) {
        bl_diag_error(diag, NULL, "%s: cannot read the approvals: %s", path, err->message);
        g_ptr_array_unref(out);
        return NULL;
    }
    root = json_parser_get_root(parser);
    if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root) ||
        !json_object_has_member(json_node_get_object(root), "approvals") ||
        !JSON_NODE_HOLDS_ARRAY(json_object_get_member(json_node_get_object(root), "approvals"))) {
        bl_diag_error(diag, NULL, "%s: not an approvals file (an object with a list 'approvals')",
                      path);
        g_ptr_array_unref(out);
        return NULL;
    }
    list = json_object_get_array_member(json_node_get_object(root), "approvals");
    for (guint i = 0; i < json_array_get_length(list); i++) {
        JsonNode *n = json_array_get_element(list, i);
        struct bl_approval *a = g_new0(struct bl_approval, 1);

        g_ptr_array_add(out, a);
        for (guint k = 0; k < G_N_ELEMENTS(MEMBERS); k++) {
            JsonNode *v = JSON_NODE_HOLDS_OBJECT(n)
                              ? json_object_get_member(json_node_get_object(n), MEMBERS[k])
                              : NULL;

            if (v == NULL || json_node_get_value_type(v) != G_TYPE_STRING) {
                bl_diag_error(diag, NULL, "%s: approval %u has no text '%s'", path, i + 1,
                              MEMBERS[k]);
                g_ptr_array_unref(out);
                return NULL;
            }
            *member(a, k) = g_strdup(json_node_get_string(v));
        }
    }
    return out;
}

int
bl_approvals_write(const char *path, const GPtrArray *approvals, struct bl_diag *diag)
{
    JsonBuilder *b = json_builder_new();
    char *text;
    int rc;

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "approvals");
    json_builder_begin_array(b);
    for (guint i = 0; i < approvals->len; i++) {
        struct bl_approval *a = g_ptr_array_index(approvals, i);

        json_builder_begin_object(b);
        for (guint k = 0; k < G_N_ELEMENTS(MEMBERS); k++) {
            bl_json_string(b, MEMBERS[k], *member(a, k));
        }
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    text = bl_json_finish(b);
    {
        char *full = g_strconcat(text, "\n", NULL);

        rc = bl_temp_write(path, full, strlen(full), diag);
        g_free(full);
    }
    g_free(text);
    return rc;
}

const struct bl_approval *
bl_approvals_find(const GPtrArray *approvals, const char *key, const char *hash)
{
    for (guint i = approvals->len; i > 0; i--) {
        const struct bl_approval *a = g_ptr_array_index(approvals, i - 1);

        if (strcmp(a->variant, key) == 0 && (hash == NULL || strcmp(a->wording, hash) == 0)) {
            return a;
        }
    }
    return NULL;
}

const struct bl_approval *
bl_approvals_add(GPtrArray *approvals, const struct bl_session *ses, const char *key,
                 const char *reviewer, const char *incident_sha, struct bl_diag *diag)
{
    g_autofree char *name = g_strstrip(g_strdup(reviewer != NULL ? reviewer : ""));
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    struct bl_approval *a;
    char *hash = NULL;

    if (name[0] == '\0') {
        bl_diag_error(diag, NULL, "an approval needs the reviewer's name");
        return NULL;
    }
    if (bl_signoff_wording(&hash, ses, key, diag) < 0) {
        return NULL;
    }
    a = g_new0(struct bl_approval, 1);
    a->id = g_strdup_printf("A%u", approvals->len + 1);
    a->variant = g_strdup(key);
    a->wording = hash;
    a->reviewer = g_steal_pointer(&name);
    a->time = g_date_time_format(now, "%Y-%m-%dT%H:%M:%SZ");
    a->incident = g_strdup(incident_sha);
    g_ptr_array_add(approvals, a);
    return a;
}

struct bl_signoff_gate {
    GPtrArray *approvals;
    GHashTable *verdicts; /* key -> struct verdict */
};

struct verdict {
    char *approval; /* the approval's id, or NULL */
    char *refusal;  /* why not, or NULL */
};

static void
verdict_free(gpointer data)
{
    struct verdict *v = data;

    g_free(v->approval);
    g_free(v->refusal);
    g_free(v);
}

struct bl_signoff_gate *
bl_signoff_gate_new(const char *incident, struct bl_diag *diag)
{
    char *path = bl_signoff_path(incident);
    GPtrArray *approvals = bl_approvals_read(path, diag);
    struct bl_signoff_gate *g = NULL;

    if (approvals != NULL) {
        g = g_new0(struct bl_signoff_gate, 1);
        g->approvals = approvals;
        g->verdicts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, verdict_free);
    }
    g_free(path);
    return g;
}

void
bl_signoff_gate_free(struct bl_signoff_gate *g)
{
    if (g != NULL) {
        g_ptr_array_unref(g->approvals);
        g_hash_table_destroy(g->verdicts);
        g_free(g);
    }
}

const char *
bl_signoff_gate_check(struct bl_signoff_gate *g, const struct bl_session *ses,
                      const struct bl_recipient *r, const char **approval)
{
    char *key = bl_signoff_variant_key(ses->tpl, r);
    struct verdict *v = g_hash_table_lookup(g->verdicts, key);

    if (v == NULL) {
        struct bl_diag *diag = bl_diag_new(NULL);
        char *hash = NULL;
        const struct bl_approval *a = NULL, *old = bl_approvals_find(g->approvals, key, NULL);

        v = g_new0(struct verdict, 1);
        if (bl_signoff_wording(&hash, ses, key, diag) < 0) {
            v->refusal = g_strdup_printf("the wording of variant %s cannot be made: %s", key,
                                         bl_diag_last_message(diag));
        } else if ((a = bl_approvals_find(g->approvals, key, hash)) != NULL) {
            v->approval = g_strdup(a->id);
        } else if (old != NULL) {
            v->refusal = g_strdup_printf("the wording of variant %s changed after its approval "
                                         "by %s on %s",
                                         key, old->reviewer, old->time);
        } else {
            v->refusal = g_strdup_printf("variant %s not approved", key);
        }
        g_hash_table_insert(g->verdicts, g_strdup(key), v);
        g_free(hash);
        bl_diag_free(diag);
    }
    g_free(key);
    *approval = v->approval;
    return v->refusal;
}

/* SPDX-License-Identifier: MIT */
/* Run record: the JSON beside a manifest that says which run made it. */
#include "runrecord.h"

#include "json.h"
#include <string.h>

#define FORMAT 1

char *
bl_run_record_name(const char *manifest)
{
    gsize n = strlen(manifest);

    if (g_str_has_suffix(manifest, ".csv")) {
        n -= 4;
    }
    return g_strdup_printf("%.*s.run.json", (int)n, manifest);
}

void
bl_run_record_seal(struct bl_run_record *r)
{
    char *text =
        g_strdup_printf("%s\n%s\n%s\n%" G_GINT64_FORMAT "\n%s\nbook %d simplex %d "
                        "draft %d dirs %d%s",
                        r->program, r->incident_sha256, r->list_sha256, r->list_rows,
                        r->data_sha256, r->book, r->simplex, r->allow_draft, r->letter_dirs,
                        /* said only when asked: a run without it keeps the identity it had */
                        r->require_approval ? " approval 1" : "");

    g_free(r->run);
    r->run = g_compute_checksum_for_string(G_CHECKSUM_SHA256, text, -1);
    g_free(text);
}

static void
add_file(JsonBuilder *b, const char *name, const char *file, const char *sha256)
{
    json_builder_set_member_name(b, name);
    if (file == NULL) {
        json_builder_add_null_value(b);
        return;
    }
    json_builder_begin_object(b);
    bl_json_string(b, "file", file);
    bl_json_string(b, "sha256", sha256);
    json_builder_end_object(b);
}

/* The summary: rows by outcome, letters in large print, letters under each approval. */
static void
add_summary(JsonBuilder *b, const struct bl_manifest_summary *s)
{
    json_builder_set_member_name(b, "summary");
    json_builder_begin_object(b);
    bl_json_int(b, "rows", s->counts.rows);
    bl_json_int(b, "letters", s->counts.letters);
    bl_json_int(b, "errors", s->counts.errors);
    bl_json_int(b, "refused", s->counts.refused);
    bl_json_int(b, "drafts", s->counts.drafts);
    bl_json_int(b, "exceptions", s->exceptions);
    bl_json_int(b, "large_print", s->large_print);
    json_builder_set_member_name(b, "approvals");
    json_builder_begin_object(b);
    for (guint i = 0; s->approval_ids != NULL && i < s->approval_ids->len; i++) {
        const char *id = g_ptr_array_index(s->approval_ids, i);

        bl_json_int(b, id, bl_manifest_summary_approved(s, id));
    }
    json_builder_end_object(b);
    json_builder_end_object(b);
}

char *
bl_run_record_json(const struct bl_run_record *r)
{
    JsonBuilder *b = json_builder_new();
    char *text, *line;

    json_builder_begin_object(b);
    bl_json_int(b, "format", FORMAT);
    bl_json_string(b, "program", r->program);
    bl_json_string(b, "run", r->run);
    json_builder_set_member_name(b, "inputs");
    json_builder_begin_object(b);
    bl_json_string(b, "incident_sha256", r->incident_sha256);
    bl_json_string(b, "list_sha256", r->list_sha256);
    bl_json_int(b, "list_rows", r->list_rows);
    bl_json_string(b, "data_sha256", r->data_sha256);
    json_builder_end_object(b);
    json_builder_set_member_name(b, "options");
    json_builder_begin_object(b);
    bl_json_int(b, "book", r->book);
    bl_json_bool(b, "simplex", r->simplex);
    bl_json_bool(b, "allow_draft", r->allow_draft);
    bl_json_int(b, "letter_dirs", r->letter_dirs);
    bl_json_bool(b, "require_approval", r->require_approval);
    json_builder_end_object(b);
    bl_json_int(b, "shard", r->shard);
    bl_json_int(b, "shards", r->shards);
    bl_json_bool(b, "partial", r->partial);
    add_file(b, "manifest", r->manifest, r->manifest_sha256);
    add_file(b, "errors", r->errors, r->errors_sha256);
    if (r->has_summary) {
        add_summary(b, &r->summary);
    }
    json_builder_end_object(b);
    text = bl_json_finish(b);
    line = g_strconcat(text, "\n", NULL);
    g_free(text);
    return line;
}

/* A member of o of the given type, or NULL. */
static JsonNode *
member(JsonObject *o, const char *name, GType type)
{
    JsonNode *n = o != NULL ? json_object_get_member(o, name) : NULL;

    return n != NULL && json_node_get_value_type(n) == type ? n : NULL;
}

static gboolean
has(JsonObject *o, const char *name)
{
    return o != NULL && json_object_has_member(o, name);
}

static JsonObject *
object(JsonObject *o, const char *name)
{
    JsonNode *n = o != NULL ? json_object_get_member(o, name) : NULL;

    return n != NULL && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

static gboolean
get_string(JsonObject *o, const char *name, char **out)
{
    JsonNode *n = member(o, name, G_TYPE_STRING);

    *out = n != NULL ? g_strdup(json_node_get_string(n)) : NULL;
    return n != NULL;
}

static gboolean
get_int(JsonObject *o, const char *name, gint64 *out)
{
    JsonNode *n = member(o, name, G_TYPE_INT64);

    *out = n != NULL ? json_node_get_int(n) : 0;
    return n != NULL;
}

static gboolean
get_bool(JsonObject *o, const char *name, gboolean *out)
{
    JsonNode *n = member(o, name, G_TYPE_BOOLEAN);

    *out = n != NULL && json_node_get_boolean(n);
    return n != NULL;
}

/* Reads the summary object o into *s. Returns FALSE when it is not one. */
static gboolean
get_summary(JsonObject *o, struct bl_manifest_summary *s)
{
    struct bl_manifest_counts *c = &s->counts;
    JsonObject *approvals = object(o, "approvals");
    GList *names, *l;
    gboolean ok;

    ok = get_int(o, "rows", &c->rows) && get_int(o, "letters", &c->letters) &&
         get_int(o, "errors", &c->errors) && get_int(o, "refused", &c->refused) &&
         get_int(o, "drafts", &c->drafts) && get_int(o, "exceptions", &s->exceptions) &&
         get_int(o, "large_print", &s->large_print) && approvals != NULL;
    names = ok ? json_object_get_members(approvals) : NULL; /* in the order written */
    for (l = names; l != NULL; l = l->next) {
        gint64 n = 0;

        if (!get_int(approvals, l->data, &n) || n < 1 ||
            bl_manifest_summary_approved(s, l->data) > 0) {
            ok = FALSE;
            break;
        }
        bl_manifest_summary_add_approved(s, l->data, n);
    }
    g_list_free(names);
    return ok;
}

int
bl_run_record_parse(struct bl_run_record *out, const char *text, gsize len, const char *shown,
                    struct bl_diag *diag)
{
    struct bl_loc loc = {shown, 0, 0};
    JsonParser *p = json_parser_new();
    JsonObject *root = NULL, *inputs, *options, *manifest, *errors, *summary;
    struct bl_run_record r = {0};
    gint64 format = 0, book = 0, dirs = 0, shard = 0, shards = 0;
    GError *err = NULL;
    gboolean ok;

    if (json_parser_load_from_data(p, text, (gssize)len, &err) && json_parser_get_root(p) != NULL &&
        JSON_NODE_HOLDS_OBJECT(json_parser_get_root(p))) {
        root = json_node_get_object(json_parser_get_root(p));
    }
    g_clear_error(&err);
    inputs = object(root, "inputs");
    options = object(root, "options");
    manifest = object(root, "manifest");
    errors = object(root, "errors");
    summary = object(root, "summary");
    ok = get_int(root, "format", &format) && format == FORMAT &&
         get_string(root, "program", &r.program) && get_string(root, "run", &r.run) &&
         get_string(inputs, "incident_sha256", &r.incident_sha256) &&
         get_string(inputs, "list_sha256", &r.list_sha256) &&
         get_int(inputs, "list_rows", &r.list_rows) &&
         get_string(inputs, "data_sha256", &r.data_sha256) && get_int(options, "book", &book) &&
         get_bool(options, "simplex", &r.simplex) &&
         get_bool(options, "allow_draft", &r.allow_draft) &&
         get_int(options, "letter_dirs", &dirs) && get_int(root, "shard", &shard) &&
         get_int(root, "shards", &shards) && get_bool(root, "partial", &r.partial) &&
         get_string(manifest, "file", &r.manifest) &&
         get_string(manifest, "sha256", &r.manifest_sha256) &&
         (errors == NULL || (get_string(errors, "file", &r.errors) &&
                             get_string(errors, "sha256", &r.errors_sha256))) &&
         book >= 0 && book <= G_MAXINT && dirs >= 0 && dirs <= 8 && shards >= 1 &&
         shards <= G_MAXINT && shard >= 0 && shard < shards &&
         /* added later: a record without them is of a run without --require-approval, and
          * has no summary */
         (!has(options, "require_approval") ||
          get_bool(options, "require_approval", &r.require_approval)) &&
         (!has(root, "summary") ||
          (summary != NULL && (r.has_summary = get_summary(summary, &r.summary))));
    g_object_unref(p);
    if (!ok) {
        bl_diag_error(diag, &loc,
                      "not a run record this version of breachletter can read (damaged, or of "
                      "another version)");
        bl_run_record_release(&r);
        return -1;
    }
    r.book = (int)book;
    r.letter_dirs = (int)dirs;
    r.shard = (int)shard;
    r.shards = (int)shards;
    *out = r;
    return 0;
}

void
bl_run_record_release(struct bl_run_record *r)
{
    g_free(r->program);
    g_free(r->incident_sha256);
    g_free(r->list_sha256);
    g_free(r->data_sha256);
    g_free(r->run);
    g_free(r->manifest);
    g_free(r->manifest_sha256);
    g_free(r->errors);
    g_free(r->errors_sha256);
    bl_manifest_summary_release(&r->summary);
    *r = (struct bl_run_record){0};
}

/* SPDX-License-Identifier: MIT */
/* Template compiler: reads a letter template and its includes once, checks every element,
 * field and condition, and builds the tree that bind.c walks for each recipient. */
#include "template.h"

#include <string.h>

#include "source.h"
#include "template_nodes.h"
#include "text.h"
#include "xml.h"

/* The largest picture, in points: the width of the text, and three inches high. */
#define IMAGE_MAX_W 468.0
#define IMAGE_MAX_H 216.0

static const char *const groups[] = {"contact", "identity", "government-id", "financial",
                                     "health",  "online",   "other"};
static const char *const accesses[] = {"confirmed", "not-confirmed", "undetermined"};
static const char *const vectors[] = {"phishing",
                                      "hacking",
                                      "ransomware",
                                      "malware",
                                      "unauthorised-access",
                                      "theft",
                                      "loss",
                                      "misdirected",
                                      "improper-disposal",
                                      "skimming",
                                      "insider",
                                      "credential-stuffing",
                                      "other"};
static const char *const roles[] = {"covered-entity", "business-associate", "none"};

static const struct {
    const char *attr;
    enum cond_kind kind;
} cond_attrs[] = {
    {"category", C_CATEGORY},
    {"group", C_GROUP},
    {"sensitive", C_SENSITIVE},
    {"jurisdiction", C_JURISDICTION},
    {"variant", C_VARIANT},
    {"language", C_LANGUAGE},
    {"access", C_ACCESS},
    {"vector", C_VECTOR},
    {"monitoring", C_MONITORING},
    {"hipaa-role", C_HIPAA_ROLE},
    {"entity", C_ENTITY},
    {"field", C_FIELD},
    {"same", C_SAME},
    {"law-enforcement-delay", C_DELAYED},
    {"toll-free", C_TOLL_FREE},
    {"incident-category", C_INCIDENT_CATEGORY},
    {"state-law", C_STATE_LAW},
    {"incident-group", C_INCIDENT_GROUP},
    {"notice", C_NOTICE},
};

struct loop {
    char *name;
    const struct bl_field *list; /* the list it walks */
};

static void
loop_free(gpointer data)
{
    struct loop *lp = data;

    g_free(lp->name);
    g_free(lp);
}

/* The compiler's state while it walks one template and its includes. */
struct compiler {
    struct bl_template *tpl;
    const struct bl_incident *inc;
    const struct bl_contacts *contacts;
    struct bl_diag *diag;
    const char *file;     /* interned name of the file being compiled */
    GPtrArray *includes;  /* char *: files being included, to catch include loops */
    GPtrArray *loops;     /* struct loop *: the <each> loops around the current node */
    GPtrArray *guards;    /* const struct bl_field *: made safe by <if field=...> around */
    int monitoring_guard; /* depth of <if monitoring="true"> around the node */
    int entity_guard;     /* depth of <if entity="true"> around the node */
    int in_line;          /* inside a <line> */
    int in_frame;         /* inside a <box> or a <column> */
    int in_columns;       /* inside <columns> */
    int letter_only;      /* inside a branch a notice never takes (after <when notice="true">,
                           * or under notice="false"): one person's conditions and fields are
                           * allowed there in a notice */
    gboolean line_images; /* the <line>s being compiled may have an <image> between them */
    gboolean draft;       /* keep going past errors: unknown fields print a marker */
    int errors;
    /* compiling a translation: its catalog and where its missing texts go; NULL: the source,
     * whose translatable texts are collected in tpl->strings */
    const struct bl_po *po;
    struct bl_translation *tr;
    GHashTable *seen; /* the source's: msgid (with its context) -> struct bl_tstring * */
};

static void fail(struct compiler *cc, const xmlNode *node, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

static void
fail(struct compiler *cc, const xmlNode *node, const char *fmt, ...)
{
    struct bl_loc loc = bl_xml_loc(node, cc->file);
    va_list ap;
    char *msg;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    bl_diag_error(cc->diag, &loc, "%s", msg);
    g_free(msg);
    cc->errors++;
}

static void
node_free(gpointer data)
{
    struct node *n = data;

    if (n == NULL) {
        return;
    }
    if (n->children != NULL) {
        g_ptr_array_unref(n->children);
    }
    if (n->conds != NULL) {
        for (guint i = 0; i < n->conds->len; i++) {
            g_strfreev(g_array_index(n->conds, struct cond, i).values);
        }
        g_array_unref(n->conds);
    }
    g_free(n->text);
    g_free(n->ref);
    g_free(n->separator);
    g_free(n->last_separator);
    g_free(n);
}

static struct node *
node_new(struct compiler *cc, enum node_kind kind, const xmlNode *src)
{
    struct node *n = g_new0(struct node, 1);

    n->kind = kind;
    n->loc = src != NULL ? bl_xml_loc(src, cc->file) : (struct bl_loc){cc->file, 0, 0};
    n->children = g_ptr_array_new_with_free_func(node_free);
    return n;
}

void
bl_template_free(struct bl_template *tpl)
{
    if (tpl == NULL) {
        return;
    }
    node_free(tpl->return_address);
    node_free(tpl->address);
    node_free(tpl->running_header);
    node_free(tpl->letterhead);
    node_free(tpl->body);
    bl_taglines_free(tpl->taglines);
    g_free(tpl->path);
    g_free(tpl->title);
    g_free(tpl->subject);
    g_free(tpl->languages);
    g_strfreev(tpl->language_list);
    if (tpl->file_list != NULL) {
        g_ptr_array_unref(tpl->file_list);
    }
    if (tpl->jurisdictions != NULL) {
        g_ptr_array_unref(tpl->jurisdictions);
    }
    if (tpl->custom_fields != NULL) {
        g_ptr_array_unref(tpl->custom_fields);
    }
    if (tpl->files != NULL) {
        g_string_chunk_free(tpl->files);
    }
    if (tpl->strings != NULL) {
        g_ptr_array_unref(tpl->strings);
    }
    if (tpl->translations != NULL) {
        g_ptr_array_unref(tpl->translations);
    }
    g_free(tpl);
}

static void
tstring_free(gpointer data)
{
    struct bl_tstring *ts = data;

    g_free(ts->context);
    g_free(ts->msgid);
    g_ptr_array_unref(ts->where);
    g_free(ts);
}

static void
translation_free(gpointer data)
{
    struct bl_translation *tr = data;

    g_free(tr->language);
    bl_template_free(tr->tpl);
    bl_po_free(tr->po);
    bl_po_free(tr->incident_po);
    g_ptr_array_unref(tr->missing);
    g_free(tr);
}

static gboolean
in_list(const char *value, const char *const *list, gsize n)
{
    for (gsize i = 0; i < n; i++) {
        if (strcmp(value, list[i]) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

static const struct loop *
find_loop(struct compiler *cc, const char *name, int *depth)
{
    for (guint i = cc->loops->len; i-- > 0;) {
        const struct loop *lp = g_ptr_array_index(cc->loops, i);

        if (strcmp(lp->name, name) == 0) {
            *depth = (int)i;
            return lp;
        }
    }
    return NULL;
}

/* The custom field of the incident named name ("recipient.username"), or NULL. */
static const struct bl_field *
find_custom(const struct compiler *cc, const char *name)
{
    for (guint i = 0; i < cc->tpl->custom_fields->len; i++) {
        const struct bl_field *field = g_ptr_array_index(cc->tpl->custom_fields, i);

        if (strcmp(field->name, name) == 0) {
            return field;
        }
    }
    return NULL;
}

/* The field an unknown reference most likely means ("recipient.fist_name", or a list's name
 * for a field: "recipient.zipcode"), among the built-in fields and the incident's custom ones,
 * or NULL. Free with g_free(). */
static char *
field_hint(const struct compiler *cc, const char *ref)
{
    gsize count;
    const struct bl_field *table = bl_field_table(&count);
    GPtrArray *custom = cc->tpl->custom_fields;
    const char **names = g_new0(const char *, count + custom->len + 1);
    const char *meant = g_str_has_prefix(ref, "recipient.")
                            ? bl_source_field_meant(ref + strlen("recipient."))
                            : NULL;
    char *hint = meant != NULL ? g_strconcat("recipient.", meant, NULL) : NULL;

    if (hint != NULL && bl_field_find(hint) == NULL) {
        g_clear_pointer(&hint, g_free);
    }
    for (gsize i = 0; i < count; i++) {
        names[i] = table[i].name;
    }
    for (guint i = 0; i < custom->len; i++) {
        names[count + i] = ((const struct bl_field *)g_ptr_array_index(custom, i))->name;
    }
    if (hint == NULL) {
        hint = g_strdup(bl_text_closest(ref, names));
    }
    g_free(names);
    return hint;
}

/* Resolves a field reference; reports an unknown one. Returns the field, or NULL. */
static const struct bl_field *
resolve_field(struct compiler *cc, const xmlNode *src, const char *ref, int *depth)
{
    char *dot = strchr(ref, '.');
    char *hint;
    char *head = dot != NULL ? g_strndup(ref, (gsize)(dot - ref)) : g_strdup(ref);
    const struct loop *lp = find_loop(cc, head, depth);
    const struct bl_field *field;

    g_free(head);
    if (lp != NULL) {
        gboolean text = lp->list->kind == BL_FIELD_KIND_TEXT_LIST;

        field = bl_field_loop_member(lp->list, dot != NULL ? dot + 1 : NULL);
        if (field == NULL) {
            fail(cc, src, "unknown field '%s' (a %s loop element has %s)", ref,
                 text ? "text" : "category",
                 text ? "no members: write just its name" : "members label, id and group");
        }
        return field;
    }
    *depth = -1;
    field = bl_field_find(ref);
    if (field == NULL) {
        field = find_custom(cc, ref);
    }
    if (field != NULL) {
        if (cc->tpl->notice && cc->letter_only == 0 && (field->flags & BL_FIELD_OF_RECIPIENT)) {
            fail(cc, src,
                 "field '%s' describes one person, and a notice is written to no one "
                 "in particular",
                 ref);
        }
        return field;
    }
    hint = field_hint(cc, ref);
    if (hint == NULL && g_str_has_prefix(ref, "recipient.")) {
        /* perhaps a column of the list that the incident does not declare */
        fail(cc, src,
             "unknown field '%s' (to print a column of the list, declare it in the "
             "incident's <recipient-fields>)",
             ref);
    } else {
        fail(cc, src, "unknown field '%s'%s%s%s", ref, hint != NULL ? "; did you mean '" : "",
             hint != NULL ? hint : "", hint != NULL ? "'?" : "");
    }
    g_free(hint);
    return NULL;
}

/* TRUE when an empty value of the field node n prints may print nothing at this point of the
 * template. */
static gboolean
field_is_guarded(struct compiler *cc, const struct node *n)
{
    const struct bl_field *field = n->field;

    if (n->loop_depth >= 0 || cc->in_line > 0) {
        return TRUE;
    }
    if ((field->guard == BL_FIELD_GUARD_MONITORING && cc->monitoring_guard > 0) ||
        (field->guard == BL_FIELD_GUARD_ENTITY && cc->entity_guard > 0)) {
        return TRUE;
    }
    for (guint i = 0; i < cc->guards->len; i++) {
        if (g_ptr_array_index(cc->guards, i) == field) {
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean
parse_bool(struct compiler *cc, const xmlNode *src, const char *attr, const char *value)
{
    if (strcmp(value, "true") == 0) {
        return TRUE;
    }
    if (strcmp(value, "false") != 0) {
        fail(cc, src, "%s=\"%s\" must be \"true\" or \"false\"", attr, value);
    }
    return FALSE;
}

static void
check_values(struct compiler *cc, const xmlNode *src, struct cond *c, const char *attr)
{
    for (char **v = c->values; *v != NULL; v++) {
        gboolean ok = TRUE;

        switch (c->kind) {
        case C_CATEGORY:
        case C_INCIDENT_CATEGORY:
            ok = bl_incident_vocabulary(cc->inc, *v) != NULL;
            break;
        case C_GROUP:
        case C_INCIDENT_GROUP:
            ok = in_list(*v, groups, G_N_ELEMENTS(groups));
            break;
        case C_JURISDICTION:
            ok = bl_jurisdiction_name(*v) != NULL;
            if (ok &&
                !g_ptr_array_find_with_equal_func(cc->tpl->jurisdictions, *v, g_str_equal, NULL)) {
                g_ptr_array_add(cc->tpl->jurisdictions, g_strdup(*v));
            }
            break;
        case C_VARIANT:
            ok = bl_variant_parse(*v) >= 0;
            break;
        case C_LANGUAGE:
            ok = strlen(*v) == 2 && g_ascii_islower((*v)[0]) && g_ascii_islower((*v)[1]);
            break;
        case C_ACCESS:
            ok = in_list(*v, accesses, G_N_ELEMENTS(accesses));
            break;
        case C_VECTOR:
            ok = in_list(*v, vectors, G_N_ELEMENTS(vectors));
            break;
        case C_HIPAA_ROLE:
            ok = in_list(*v, roles, G_N_ELEMENTS(roles));
            break;
        default:
            break;
        }
        if (!ok) {
            fail(cc, src, "unknown %s '%s' in condition", attr, *v);
        }
    }
}

/* Whether the element's conditions hold in no notice: notice="false" among them, on an <if> or
 * a <when> (a notice binds none of its content). */
static gboolean
letter_only_node(const xmlNode *src)
{
    char *value;
    gboolean res;

    if (bl_xml_is(src, "unless")) {
        return FALSE;
    }
    value = bl_xml_attr(src, "notice");
    res = value != NULL && strcmp(g_strstrip(value), "false") == 0;
    g_free(value);
    return res;
}

/* Whether a <when> is notice="true" and nothing else: the <when>s and <otherwise> after it are
 * taken by letters only. */
static gboolean
notice_when(const xmlNode *src)
{
    char *value = bl_xml_attr(src, "notice");
    gboolean res = value != NULL && strcmp(g_strstrip(value), "true") == 0 &&
                   src->properties != NULL && src->properties->next == NULL;

    g_free(value);
    return res;
}

/* Reads the condition attributes of <if>, <unless> or <when>. */
static GArray *
compile_conds(struct compiler *cc, const xmlNode *src, gboolean required)
{
    GArray *conds = g_array_new(FALSE, TRUE, sizeof(struct cond));

    for (const xmlAttr *a = src->properties; a != NULL; a = a->next) {
        const char *name = (const char *)a->name;
        struct cond c = {0};
        gboolean known = FALSE;
        char *value;

        for (gsize i = 0; i < G_N_ELEMENTS(cond_attrs); i++) {
            if (strcmp(cond_attrs[i].attr, name) == 0) {
                c.kind = cond_attrs[i].kind;
                known = TRUE;
            }
        }
        if (!known) {
            fail(cc, src, "unknown condition '%s' on <%s>", name, (const char *)src->name);
            continue;
        }
        if (cc->tpl->notice && cc->letter_only == 0 && !letter_only_node(src) &&
            (c.kind == C_CATEGORY || c.kind == C_GROUP || c.kind == C_SENSITIVE ||
             c.kind == C_JURISDICTION || c.kind == C_VARIANT || c.kind == C_ENTITY ||
             c.kind == C_STATE_LAW)) {
            fail(cc, src,
                 "condition '%s' is about one person, and a notice is written to no one "
                 "in particular",
                 name);
        }
        value = bl_xml_attr(src, name);
        c.values = g_strsplit_set(g_strstrip(value), " \t\n", -1);
        g_free(value);
        if (c.values[0] == NULL || c.values[0][0] == '\0') {
            fail(cc, src, "condition '%s' is empty", name);
        } else if (c.kind == C_SENSITIVE || c.kind == C_MONITORING || c.kind == C_ENTITY ||
                   c.kind == C_DELAYED || c.kind == C_TOLL_FREE || c.kind == C_STATE_LAW ||
                   c.kind == C_NOTICE) {
            c.flag = parse_bool(cc, src, name, c.values[0]);
        } else if (c.kind == C_SAME) {
            int depth;

            c.field = c.other = NULL;
            if (g_strv_length(c.values) != 2) {
                fail(cc, src,
                     "same=\"...\" names two date fields, e.g. "
                     "same=\"incident.occurred_from incident.discovered\"");
            } else {
                c.field = resolve_field(cc, src, c.values[0], &depth);
                c.other = resolve_field(cc, src, c.values[1], &depth);
                if ((c.field != NULL && c.field->kind != BL_FIELD_KIND_DATE) ||
                    (c.other != NULL && c.other->kind != BL_FIELD_KIND_DATE)) {
                    fail(cc, src, "same=\"%s %s\" compares date fields only", c.values[0],
                         c.values[1]);
                }
            }
        } else if (c.kind == C_FIELD) {
            c.field = resolve_field(cc, src, c.values[0], &c.loop_depth);
        } else {
            /* drop empty strings produced by repeated spaces */
            char **v = c.values;
            char **w = c.values;
            for (; *v != NULL; v++) {
                if (**v != '\0') {
                    *w++ = *v;
                } else {
                    g_free(*v);
                }
            }
            *w = NULL;
            check_values(cc, src, &c, name);
        }
        g_array_append_val(conds, c);
    }
    if (required && conds->len == 0) {
        fail(cc, src, "<%s> needs a condition (category, group, jurisdiction, variant, ...)",
             (const char *)src->name);
    }
    return conds;
}

/* Records what a condition makes safe to print, for the duration of its content. */
static void
push_guards(struct compiler *cc, GArray *conds, gboolean negate, guint *saved_guards)
{
    *saved_guards = cc->guards->len;
    for (guint i = 0; !negate && i < conds->len; i++) {
        const struct cond *c = &g_array_index(conds, struct cond, i);

        if (c->kind == C_FIELD && c->field != NULL) {
            g_ptr_array_add(cc->guards, (gpointer)c->field);
        } else if (c->kind == C_MONITORING && c->flag) {
            cc->monitoring_guard++;
        } else if (c->kind == C_ENTITY && c->flag) {
            cc->entity_guard++;
        }
    }
}

static void
pop_guards(struct compiler *cc, GArray *conds, gboolean negate, guint saved_guards)
{
    g_ptr_array_set_size(cc->guards, (gint)saved_guards);
    for (guint i = 0; !negate && i < conds->len; i++) {
        const struct cond *c = &g_array_index(conds, struct cond, i);

        if (c->kind == C_MONITORING && c->flag) {
            cc->monitoring_guard--;
        } else if (c->kind == C_ENTITY && c->flag) {
            cc->entity_guard--;
        }
    }
}

/* What a node's children may be: blocks, text, a list's items, lines, a <columns>' columns. */
enum context { CTX_BLOCK, CTX_INLINE, CTX_LIST, CTX_LINES, CTX_COLUMNS };

static void compile_children(struct compiler *cc, const xmlNode *parent, struct node *into,
                             enum context ctx);

/* Records a translatable text of the source template (cc->po NULL) for the .pot. */
static void
note_string(struct compiler *cc, const xmlNode *src, const char *context, const char *msgid,
            gboolean plural)
{
    struct bl_loc loc = bl_xml_loc(src, cc->file);
    char *key;
    struct bl_tstring *ts;

    if (cc->tr != NULL || cc->seen == NULL) {
        return;
    }
    key = g_strconcat(context != NULL ? context : "", "\004", msgid, NULL);
    ts = g_hash_table_lookup(cc->seen, key);
    if (ts == NULL) {
        ts = g_new0(struct bl_tstring, 1);
        ts->context = g_strdup(context);
        ts->msgid = g_strdup(msgid);
        ts->where = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(cc->tpl->strings, ts);
        g_hash_table_insert(cc->seen, key, ts);
    } else {
        g_free(key);
    }
    ts->plural = ts->plural || plural;
    g_ptr_array_add(ts->where, g_strdup_printf("%s:%d", loc.file, loc.line));
}

/* Records that the translation lacks msgid; returns why, for the N_MISSING node that stands in
 * its place (a new string). */
static char *
missing_text(struct compiler *cc, const xmlNode *src, const char *context, const char *msgid)
{
    struct bl_loc loc = bl_xml_loc(src, cc->file);
    char *why = g_strdup_printf(
        "%s'%s' (%s:%d) has no translation in %s",
        context != NULL && strcmp(context, "contact") == 0 ? "the contact name " : "the text ",
        msgid, loc.file, loc.line, bl_po_path(cc->po));

    if (cc->tr != NULL &&
        !g_ptr_array_find_with_equal_func(cc->tr->missing, why, g_str_equal, NULL)) {
        g_ptr_array_add(cc->tr->missing, g_strdup(why));
    }
    return why;
}

/* The contacts' members that, like the fields flagged BL_FIELD_WHOLE, are kept on one line. */
static gboolean
contact_member_whole(const char *member)
{
    static const char *const whole[] = {"phone", "tty", "website", "email"};

    for (gsize i = 0; i < G_N_ELEMENTS(whole); i++) {
        if (strcmp(member, whole[i]) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

/* An address without its first line when that line is the contact's name: for an address
 * printed under the name (format="without-name"). A new string. */
static char *
without_name(const char *address, const char *name)
{
    const char *nl = strchr(address, '\n');

    if (nl != NULL && name != NULL && strlen(name) == (gsize)(nl - address) &&
        strncmp(address, name, (gsize)(nl - address)) == 0) {
        return g_strdup(nl + 1);
    }
    return g_strdup(address);
}

/* contact.<id>.<member>: the value is fixed for the whole run, so it becomes literal text.
 * format is NULL or "without-name" (an address whose first line repeats the name). */
static struct node *
compile_contact(struct compiler *cc, const xmlNode *src, const char *ref, const char *format)
{
    char **parts = g_strsplit(ref, ".", 3);
    struct node *n = node_new(cc, N_TEXT, src);
    const char *value = NULL;
    char *shown = NULL;

    n->text = g_strdup("");
    if (g_strv_length(parts) != 3 || !bl_contacts_member_known(parts[2])) {
        fail(cc, src,
             "contact field '%s' must be contact.<id>.<member> with member name, phone, tty, "
             "website, email, address, freeze_address or fraud_address",
             ref);
    } else if (cc->contacts == NULL) {
        fail(cc, src, "contact field '%s' needs the contacts file", ref);
    } else if (bl_contacts_value(cc->contacts, parts[1], "name") == NULL) {
        fail(cc, src, "unknown contact '%s' (see %s)", parts[1], bl_contacts_path(cc->contacts));
    } else if ((value = bl_contacts_value(cc->contacts, parts[1], parts[2])) == NULL) {
        fail(cc, src, "contact '%s' has no %s in %s", parts[1], parts[2],
             bl_contacts_path(cc->contacts));
    } else if (format != NULL &&
               (strcmp(format, "without-name") != 0 || !g_str_has_suffix(parts[2], "address"))) {
        fail(cc, src,
             "format '%s' does not apply to contact field '%s' (an address takes "
             "format=\"without-name\")",
             format, ref);
    } else {
        gboolean whole = contact_member_whole(parts[2]);
        gboolean named = strcmp(parts[2], "name") == 0;
        char *escaped;

        /* a contact's name is said in the reader's language (Comisión Federal de Comercio);
         * its website may have a page in it (IdentityTheft.gov/es) */
        if (named && cc->po == NULL) {
            note_string(cc, src, "contact", value, FALSE);
        } else if ((named || strcmp(parts[2], "website") == 0) && cc->po != NULL) {
            const char *t = bl_po_get(cc->po, "contact", value);

            if (t != NULL) {
                value = t;
            } else if (named) {
                n->kind = N_MISSING;
                g_free(n->text);
                n->text = missing_text(cc, src, "contact", value);
                n->ref = g_strdup(ref);
                goto out;
            }
        }
        if (format != NULL) {
            value = shown = without_name(value, bl_contacts_value(cc->contacts, parts[1], "name"));
        }
        escaped = g_markup_escape_text(value, -1);

        g_free(n->text);
        n->text = whole && value[0] != '\0'
                      ? g_strconcat(BL_WHOLE_START, escaped, BL_WHOLE_END, NULL)
                      : g_strdup(escaped);
        g_free(escaped);
    }
    n->ref = g_strdup(ref);
out:
    g_free(shown);
    g_strfreev(parts);
    return n;
}

static struct node *
compile_field(struct compiler *cc, const xmlNode *src)
{
    struct node *n = node_new(cc, N_FIELD, src);
    char *ref = bl_xml_attr(src, "ref");
    char *format = bl_xml_attr(src, "format");
    char *optional = bl_xml_attr(src, "optional");
    enum bl_field_kind kind;

    n->field = NULL;
    n->loop_depth = -1;
    if (ref == NULL) {
        fail(cc, src, "<field> needs a ref attribute, e.g. <field ref=\"recipient.first_name\"/>");
        goto out;
    }
    if (g_str_has_prefix(ref, "contact.")) {
        node_free(n);
        n = compile_contact(cc, src, ref, format);
        goto out;
    }
    n->ref = g_strdup(ref);
    n->field = resolve_field(cc, src, ref, &n->loop_depth);
    if (n->field == NULL) {
        goto out;
    }
    /* a loop's item prints one of the incident's lists (an item of the recipient's categories is
     * one of the incident's categories): the same text in every letter that prints it, so its
     * layout is shared like fixed text */
    n->personal = n->loop_depth < 0 && (n->field->flags & BL_FIELD_OF_RECIPIENT);
    kind = n->field->kind;
    if (kind == BL_FIELD_KIND_TEXT_LIST || kind == BL_FIELD_KIND_CATEGORY_LIST) {
        fail(cc, src, "field '%s' is a list: use <each in=\"%s\" as=\"...\">", ref, ref);
    }
    n->format = kind == BL_FIELD_KIND_DATE ? FMT_DATE_LONG : FMT_NONE;
    if (format != NULL) {
        static const struct {
            const char *name;
            enum field_format fmt;
            enum bl_field_kind kind;
        } formats[] = {
            {"long", FMT_DATE_LONG, BL_FIELD_KIND_DATE},
            {"iso", FMT_DATE_ISO, BL_FIELD_KIND_DATE},
            {"us", FMT_DATE_US, BL_FIELD_KIND_DATE},
            {"month-year", FMT_DATE_MONTH_YEAR, BL_FIELD_KIND_DATE},
            {"grouped", FMT_GROUPED, BL_FIELD_KIND_NUMBER},
            {"capitalize", FMT_CAPITALIZE, BL_FIELD_KIND_TEXT},
            {"upper", FMT_UPPER, BL_FIELD_KIND_TEXT},
        };
        gboolean found = FALSE;

        for (gsize i = 0; i < G_N_ELEMENTS(formats); i++) {
            if (strcmp(formats[i].name, format) == 0) {
                found = TRUE;
                n->format = formats[i].fmt;
                if (formats[i].kind != kind) {
                    fail(cc, src, "format '%s' does not apply to field '%s'", format, ref);
                }
            }
        }
        if (!found) {
            fail(cc, src,
                 "unknown format '%s' (long, iso, us, month-year, grouped, capitalize, upper)",
                 format);
        }
    }
    n->optional =
        (optional != NULL && parse_bool(cc, src, "optional", optional)) || field_is_guarded(cc, n);
out:
    if (cc->draft && n->kind == N_FIELD && n->field == NULL) {
        /* a draft shows the mistake where it is */
        n->kind = N_TEXT;
        g_free(n->text);
        n->text = g_markup_printf_escaped(BL_MARKER_START "[unknown field: %s]" BL_MARKER_END,
                                          ref != NULL ? ref : "(no ref)");
    }
    g_free(ref);
    g_free(format);
    g_free(optional);
    return n;
}

static gboolean has_letters(const char *msg);
static struct node *missing_node(struct compiler *cc, const struct bl_loc *loc, char *why_take);

/* Translates an attribute's text in place (a separator " and ", the letter's title); one
 * without a translation puts an N_MISSING first among n's children, or NULL when n is NULL (the
 * caller places it). */
static struct node *
translate_attr(struct compiler *cc, const xmlNode *src, struct node *n, const char *context,
               char **text)
{
    const char *t;
    struct node *missing = NULL;

    if (*text == NULL || !has_letters(*text)) {
        return NULL;
    }
    if (cc->po == NULL) {
        note_string(cc, src, context, *text, FALSE);
        return NULL;
    }
    t = bl_po_get(cc->po, context, *text);
    if (t != NULL) {
        g_free(*text);
        *text = g_strdup(t);
        return NULL;
    }
    struct bl_loc loc = bl_xml_loc(src, cc->file);

    missing = missing_node(cc, &loc, missing_text(cc, src, context, *text));
    if (n != NULL) {
        g_ptr_array_insert(n->children, 0, missing);
        return NULL;
    }
    return missing;
}

static struct node *
compile_each(struct compiler *cc, const xmlNode *src, enum context ctx)
{
    struct node *n = node_new(cc, N_EACH, src);
    char *in = bl_xml_attr(src, "in");
    char *as = bl_xml_attr(src, "as");
    int depth;

    n->list_field = NULL;
    n->loop_depth = -1;
    n->separator = bl_xml_attr(src, "separator");
    n->last_separator = bl_xml_attr(src, "last-separator");
    if (in == NULL || as == NULL) {
        fail(cc, src, "<each> needs in=\"a list field\" and as=\"a name\"");
        goto out;
    }
    n->list_field = resolve_field(cc, src, in, &depth);
    if (n->list_field != NULL && n->list_field->kind != BL_FIELD_KIND_TEXT_LIST &&
        n->list_field->kind != BL_FIELD_KIND_CATEGORY_LIST) {
        fail(cc, src, "field '%s' is not a list", in);
        n->list_field = NULL;
    }
    if (n->list_field != NULL) {
        struct loop *lp = g_new0(struct loop, 1);

        lp->name = g_strdup(as);
        lp->list = n->list_field;
        g_ptr_array_add(cc->loops, lp);
        n->loop_depth = (int)cc->loops->len - 1;
        compile_children(cc, src, n, ctx);
        g_ptr_array_remove_index(cc->loops, cc->loops->len - 1);
    }
    translate_attr(cc, src, n, "separator", &n->separator);
    translate_attr(cc, src, n, "separator", &n->last_separator);
out:
    g_free(in);
    g_free(as);
    return n;
}

/* Compiles <if>, <unless> and <when>: conditions, then content in the same context. */
static struct node *
compile_cond_node(struct compiler *cc, const xmlNode *src, enum context ctx, gboolean negate,
                  gboolean required)
{
    struct node *n =
        node_new(cc, bl_xml_is(src, "when") || bl_xml_is(src, "otherwise") ? N_WHEN : N_IF, src);
    guint saved;

    gboolean letter = letter_only_node(src);

    n->negate = negate;
    n->conds = compile_conds(cc, src, required);
    push_guards(cc, n->conds, negate, &saved);
    cc->letter_only += letter;
    compile_children(cc, src, n, ctx);
    cc->letter_only -= letter;
    pop_guards(cc, n->conds, negate, saved);
    return n;
}

static struct node *
compile_choose(struct compiler *cc, const xmlNode *src, enum context ctx)
{
    struct node *n = node_new(cc, N_CHOOSE, src);
    gboolean otherwise = FALSE;
    int letter_only = cc->letter_only;

    for (const xmlNode *c = src->children; c != NULL; c = c->next) {
        if (c->type == XML_TEXT_NODE && bl_text_blank((const char *)c->content)) {
            continue;
        }
        if (c->type == XML_COMMENT_NODE) {
            continue;
        }
        if (otherwise) {
            fail(cc, c, "<otherwise> must be the last element of <choose>");
        }
        if (bl_xml_is(c, "when")) {
            g_ptr_array_add(n->children, compile_cond_node(cc, c, ctx, FALSE, TRUE));
            if (notice_when(c) && cc->letter_only == letter_only) {
                cc->letter_only++; /* the branches after it are the letter's */
            }
        } else if (bl_xml_is(c, "otherwise")) {
            g_ptr_array_add(n->children, compile_cond_node(cc, c, ctx, FALSE, FALSE));
            otherwise = TRUE;
        } else {
            fail(cc, c, "<choose> may only hold <when> and <otherwise>");
        }
    }
    cc->letter_only = letter_only;
    if (n->children->len == 0) {
        fail(cc, src, "<choose> needs at least one <when>");
    }
    return n;
}

static void compile_file_into(struct compiler *cc, const char *path, const xmlNode *from,
                              struct node *into);

static void
compile_include(struct compiler *cc, const xmlNode *src, struct node *into)
{
    char *rel = bl_xml_attr(src, "src");
    char *dir, *path;

    if (rel == NULL) {
        fail(cc, src, "<include> needs src=\"file.xml\"");
        return;
    }
    dir = g_path_get_dirname(cc->file);
    path = g_path_is_absolute(rel) || strcmp(dir, ".") == 0 ? g_strdup(rel)
                                                            : g_build_filename(dir, rel, NULL);
    compile_file_into(cc, path, src, into);
    g_free(dir);
    g_free(path);
    g_free(rel);
}

static const char *intern_file(struct bl_template *tpl, const char *path);

/* <language-assistance src="taglines.xml" always="true|false"/>: the taglines' data, read
 * once with the template (its path relative to the file that names it). */
static void
compile_taglines(struct compiler *cc, const xmlNode *src)
{
    char *rel = bl_xml_attr(src, "src");
    char *always = bl_xml_attr(src, "always");
    char *dir, *path;

    if (rel == NULL || cc->tpl->taglines != NULL) {
        fail(cc, src,
             rel == NULL ? "<language-assistance> needs src=\"taglines.xml\""
                         : "<language-assistance> is given twice");
        g_free(rel);
        g_free(always);
        return;
    }
    dir = g_path_get_dirname(cc->file);
    path = g_path_is_absolute(rel) || strcmp(dir, ".") == 0 ? g_strdup(rel)
                                                            : g_build_filename(dir, rel, NULL);
    cc->tpl->taglines = bl_taglines_load(path, cc->diag);
    if (cc->tpl->taglines == NULL) {
        fail(cc, src, "cannot read the language-assistance taglines '%s'", path);
    } else {
        intern_file(cc->tpl, path);
    }
    cc->tpl->taglines_always = always != NULL && strcmp(always, "true") == 0;
    g_free(dir);
    g_free(path);
    g_free(rel);
    g_free(always);
}

static int
parse_align(struct compiler *cc, const xmlNode *src)
{
    char *align = bl_xml_attr(src, "align");
    int res = 0;

    if (align == NULL || strcmp(align, "left") == 0) {
        res = 0;
    } else if (strcmp(align, "center") == 0) {
        res = 1;
    } else if (strcmp(align, "right") == 0) {
        res = 2;
    } else {
        fail(cc, src, "align=\"%s\" must be left, center or right", align);
    }
    g_free(align);
    return res;
}

/* A length: a number with its unit (in, pt, cm, mm), in points; 0 when absent, -1 reported when
 * it is not one or not in (0, max]. */
static double
parse_length(struct compiler *cc, const xmlNode *src, const char *attr, double max)
{
    static const struct {
        const char *unit;
        double points;
    } units[] = {{"in", 72.0}, {"pt", 1.0}, {"cm", 72.0 / 2.54}, {"mm", 72.0 / 25.4}};
    char *value = bl_xml_attr(src, attr);
    double res = -1;
    char *end = NULL;
    double number;

    if (value == NULL) {
        return 0;
    }
    number = g_ascii_strtod(value, &end);
    for (gsize i = 0; end != value && i < G_N_ELEMENTS(units); i++) {
        if (strcmp(end, units[i].unit) == 0) {
            res = number * units[i].points;
        }
    }
    if (res <= 0 || res > max) {
        fail(cc, src,
             "%s=\"%s\" must be a length of at most %.1f in, with its unit: in, pt, cm "
             "or mm (e.g. %s=\"0.75in\")",
             attr, value, max / 72.0, attr);
        res = -1;
    }
    g_free(value);
    return res;
}

/* <image src="org.logo" height="0.75in"/>: src is a field holding a PNG file's name, or a
 * PNG file named relative to the template file. */
static struct node *
compile_image(struct compiler *cc, const xmlNode *src)
{
    struct node *n = node_new(cc, N_IMAGE, src);
    char *ref = bl_xml_attr(src, "src");
    char *optional = bl_xml_attr(src, "optional");

    n->field = NULL;
    n->loop_depth = -1;
    n->align = parse_align(cc, src);
    n->width = parse_length(cc, src, "width", IMAGE_MAX_W);
    n->height = parse_length(cc, src, "height", IMAGE_MAX_H);
    if (n->width == 0 && n->height == 0) {
        fail(cc, src,
             "<image> needs its size: width=\"...\" or height=\"...\" (e.g. "
             "height=\"0.75in\")");
    }
    if (ref == NULL) {
        fail(cc, src,
             "<image> needs src=\"a field\" (org.logo, org.signature) or "
             "src=\"a PNG file\"");
    } else if (g_str_has_suffix(ref, ".png") || g_str_has_suffix(ref, ".PNG")) {
        char *dir = g_path_get_dirname(cc->file);
        char *path = g_path_is_absolute(ref) ? g_strdup(ref) : g_build_filename(dir, ref, NULL);

        n->text = g_canonicalize_filename(path, NULL);
        if (!g_file_test(n->text, G_FILE_TEST_IS_REGULAR)) {
            fail(cc, src, "image '%s' not found (looked for %s)", ref, n->text);
        }
        g_free(path);
        g_free(dir);
    } else if (g_str_has_suffix(ref, ".svg") || g_str_has_suffix(ref, ".jpg") ||
               g_str_has_suffix(ref, ".jpeg")) {
        fail(cc, src, "image '%s' is not a PNG file: save it as PNG", ref);
    } else {
        n->field = resolve_field(cc, src, ref, &n->loop_depth);
        if (n->field != NULL && n->field->kind != BL_FIELD_KIND_TEXT) {
            fail(cc, src, "field '%s' does not name a picture", ref);
            n->field = NULL;
        }
        if (n->field != NULL) {
            n->personal = n->loop_depth < 0 && (n->field->flags & BL_FIELD_OF_RECIPIENT);
            /* an empty optional picture keeps its space blank: a space to sign in */
            n->optional = (optional != NULL && parse_bool(cc, src, "optional", optional)) ||
                          field_is_guarded(cc, n);
        }
    }
    g_free(ref);
    g_free(optional);
    return n;
}

/* A text size of a box or columns: 10 to 14 points, as the letter's. */
static double
parse_font_size(struct compiler *cc, const xmlNode *src)
{
    char *size = bl_xml_attr(src, "font-size");
    double res = 0;

    if (size != NULL) {
        res = g_ascii_strtod(size, NULL);
        if (res < 10.0 || res > 14.0) {
            fail(cc, src, "font-size '%s' must be between 10 and 14 points", size);
            res = 0;
        }
    }
    g_free(size);
    return res;
}

/* <box>, <columns> and <column>: blocks set inside a frame, kept on one page. A frame holds no
 * page break and no other box; columns hold no columns. */
static struct node *
compile_frame(struct compiler *cc, const xmlNode *src, enum node_kind kind)
{
    struct node *n = node_new(cc, kind, src);
    char *keep = bl_xml_attr(src, "keep-with-next");

    if (kind != N_COLUMN) {
        n->keep_with_next = keep != NULL && parse_bool(cc, src, "keep-with-next", keep);
        n->font_size = parse_font_size(cc, src);
    }
    g_free(keep);
    if (kind == N_BOX && cc->in_frame > 0) {
        fail(cc, src, "a <box> cannot be inside another <box> or a <column>");
    } else if (kind == N_COLUMNS && cc->in_columns > 0) {
        fail(cc, src, "<columns> cannot be inside a <column>");
    }
    if (kind == N_COLUMNS) {
        cc->in_columns++;
        compile_children(cc, src, n, CTX_COLUMNS);
        cc->in_columns--;
    } else {
        cc->in_frame++;
        compile_children(cc, src, n, CTX_BLOCK);
        cc->in_frame--;
    }
    return n;
}

/* Block-level elements with inline content. */
static const struct {
    const char *name;
    enum node_kind kind;
} text_blocks[] = {
    {"title", N_TITLE},
    {"heading", N_HEADING},
    {"subheading", N_SUBHEADING},
    {"p", N_P},
};

static struct node *
compile_element(struct compiler *cc, const xmlNode *src, enum context ctx)
{
    const char *name = (const char *)src->name;
    struct node *n = NULL;

    if (strcmp(name, "if") == 0 || strcmp(name, "unless") == 0) {
        return compile_cond_node(cc, src, ctx, strcmp(name, "unless") == 0, TRUE);
    }
    if (strcmp(name, "choose") == 0) {
        return compile_choose(cc, src, ctx);
    }
    if (strcmp(name, "each") == 0) {
        return compile_each(cc, src, ctx);
    }
    if (ctx == CTX_INLINE) {
        if (strcmp(name, "field") == 0) {
            return compile_field(cc, src);
        }
        if (strcmp(name, "b") == 0 || strcmp(name, "i") == 0 || strcmp(name, "u") == 0) {
            n = node_new(cc, N_SPAN, src);
            n->text = g_strdup(name);
            compile_children(cc, src, n, CTX_INLINE);
            return n;
        }
        if (strcmp(name, "br") == 0) {
            return node_new(cc, N_BR, src);
        }
        fail(cc, src,
             "<%s> is not allowed inside text (allowed: field, b, i, u, br, if, unless, "
             "choose, each)",
             name);
        return NULL;
    }
    if (ctx == CTX_LIST) {
        if (strcmp(name, "item") == 0) {
            n = node_new(cc, N_ITEM, src);
            compile_children(cc, src, n, CTX_INLINE);
            return n;
        }
        fail(cc, src, "<%s> is not allowed in a <list> (allowed: item, each, if, unless, choose)",
             name);
        return NULL;
    }
    if (ctx == CTX_COLUMNS) {
        if (strcmp(name, "column") == 0) {
            return compile_frame(cc, src, N_COLUMN);
        }
        fail(cc, src, "<%s> is not allowed in <columns> (allowed: column, if, unless, choose)",
             name);
        return NULL;
    }
    if (ctx == CTX_LINES) {
        if (strcmp(name, "image") == 0 && cc->line_images) {
            return compile_image(cc, src);
        }
        if (strcmp(name, "line") == 0) {
            n = node_new(cc, N_LINE, src);
            cc->in_line++;
            compile_children(cc, src, n, CTX_INLINE);
            cc->in_line--;
            return n;
        }
        fail(cc, src, "<%s> is not allowed here (allowed: line, %sif, unless, choose)", name,
             cc->line_images ? "image, " : "");
        return NULL;
    }
    for (gsize i = 0; i < G_N_ELEMENTS(text_blocks); i++) {
        if (strcmp(name, text_blocks[i].name) == 0) {
            char *keep = bl_xml_attr(src, "keep-with-next");

            n = node_new(cc, text_blocks[i].kind, src);
            n->align = parse_align(cc, src);
            n->keep_with_next =
                (keep != NULL && parse_bool(cc, src, "keep-with-next", keep)) || n->kind != N_P;
            g_free(keep);
            compile_children(cc, src, n, CTX_INLINE);
            return n;
        }
    }
    if (strcmp(name, "list") == 0) {
        n = node_new(cc, N_LIST, src);
        compile_children(cc, src, n, CTX_LIST);
        return n;
    }
    if (strcmp(name, "group") == 0) {
        n = node_new(cc, N_GROUP, src);
        compile_children(cc, src, n, CTX_BLOCK);
        return n;
    }
    if (strcmp(name, "signature") == 0) {
        n = node_new(cc, N_SIGNATURE, src);
        cc->line_images = TRUE;
        compile_children(cc, src, n, CTX_LINES);
        cc->line_images = FALSE;
        return n;
    }
    if (strcmp(name, "page-break") == 0) {
        if (cc->in_frame > 0 || cc->in_columns > 0) {
            fail(cc, src,
                 "a <box> or a <column> is kept on one page: it cannot hold a "
                 "<page-break/>");
        }
        return node_new(cc, N_PAGE_BREAK, src);
    }
    if (strcmp(name, "image") == 0) {
        return compile_image(cc, src);
    }
    if (strcmp(name, "box") == 0) {
        return compile_frame(cc, src, N_BOX);
    }
    if (strcmp(name, "columns") == 0) {
        return compile_frame(cc, src, N_COLUMNS);
    }
    if (strcmp(name, "include") == 0) {
        n = node_new(cc, N_SEQ, src);
        compile_include(cc, src, n);
        return n;
    }
    fail(cc, src, "unknown element <%s> (see templates/README.md)", name);
    return NULL;
}

/* Template text becomes markup: escaped, white space folded to single spaces. */
static char *
text_markup(const char *raw)
{
    GString *out = g_string_new(NULL);
    gboolean space = FALSE;
    char *escaped;

    for (const char *p = raw; *p != '\0'; p++) {
        if (g_ascii_isspace(*p)) {
            space = TRUE;
            continue;
        }
        if (space) {
            g_string_append_c(out, ' ');
            space = FALSE;
        }
        g_string_append_c(out, *p);
    }
    if (space) {
        g_string_append_c(out, ' ');
    }
    escaped = g_markup_escape_text(out->str, -1);
    g_string_free(out, TRUE);
    return escaped;
}

/* ---- Translation. A run of inline content with no condition or loop in it (text, fields,
 * <b> <i> <u>, <br/>) is one message: its text with each field as {its.ref} and the tags kept,
 * white space at its ends left out ("Dear {recipient.first_name} {recipient.last_name}:").
 * Compiling the source collects them; compiling a translation replaces each run by its
 * translation, parsed back into the same kinds of nodes. */

/* TRUE when n can be part of a run. */
static gboolean
runnable(const struct node *n)
{
    if (n->kind == N_TEXT || n->kind == N_FIELD || n->kind == N_BR ||
        (n->kind == N_MISSING && n->ref != NULL)) {
        return TRUE;
    }
    if (n->kind != N_SPAN) {
        return FALSE;
    }
    for (guint i = 0; i < n->children->len; i++) {
        if (!runnable(g_ptr_array_index(n->children, i))) {
            return FALSE;
        }
    }
    return TRUE;
}

/* Markup made plain text again: the entities g_markup_escape_text() writes. */
static void
append_unescaped(GString *out, const char *markup)
{
    static const struct {
        const char *entity;
        char c;
    } entities[] = {{"&amp;", '&'},  {"&lt;", '<'},   {"&gt;", '>'},
                    {"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''}};

    for (const char *p = markup; *p != '\0'; p++) {
        gboolean done = FALSE;

        for (gsize i = 0; *p == '&' && !done && i < G_N_ELEMENTS(entities); i++) {
            gsize len = strlen(entities[i].entity);

            if (strncmp(p, entities[i].entity, len) == 0) {
                g_string_append_c(out, entities[i].c);
                p += len - 1;
                done = TRUE;
            }
        }
        if (!done) {
            g_string_append_c(out, *p);
        }
    }
}

/* Writes n as message text; the nodes its placeholders stand for go to fields. */
static void
serialize(const struct node *n, GString *out, GPtrArray *fields)
{
    switch (n->kind) {
    case N_TEXT:
    case N_MISSING:
        if (n->ref != NULL) {
            g_string_append_printf(out, "{%s}", n->ref);
            g_ptr_array_add(fields, (gpointer)n);
        } else {
            append_unescaped(out, n->text);
        }
        break;
    case N_FIELD:
        g_string_append_printf(out, "{%s}", n->ref != NULL ? n->ref : "");
        g_ptr_array_add(fields, (gpointer)n);
        break;
    case N_BR:
        g_string_append(out, "<br/>");
        break;
    case N_SPAN:
        g_string_append_printf(out, "<%s>", n->text);
        for (guint i = 0; i < n->children->len; i++) {
            serialize(g_ptr_array_index(n->children, i), out, fields);
        }
        g_string_append_printf(out, "</%s>", n->text);
        break;
    default:
        break;
    }
}

/* TRUE when a message has a letter outside its placeholders and tags: worth translating. */
static gboolean
has_letters(const char *msg)
{
    char close = 0;

    for (const char *p = msg; *p != '\0'; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);

        if (close != 0) {
            close = c == (gunichar)close ? 0 : close;
        } else if (c == '{' || c == '<') {
            close = c == '{' ? '}' : '>';
        } else if (g_unichar_isalpha(c)) {
            return TRUE;
        }
    }
    return FALSE;
}

static struct node *
node_clone(const struct node *n)
{
    struct node *c = g_new(struct node, 1);

    *c = *n;
    c->children = g_ptr_array_new_with_free_func(node_free);
    c->text = g_strdup(n->text);
    c->ref = g_strdup(n->ref);
    c->conds = NULL;
    c->separator = g_strdup(n->separator);
    c->last_separator = g_strdup(n->last_separator);
    return c;
}

static struct node *
text_node(struct compiler *cc, const struct bl_loc *loc, const char *plain, gsize len)
{
    struct node *n = node_new(cc, N_TEXT, NULL);
    char *raw = g_strndup(plain, len);

    n->loc = *loc;
    n->text = text_markup(raw);
    g_free(raw);
    return n;
}

/* Parses a translation back into nodes appended to into; fields are the run's placeholders.
 * Returns NULL, or why it cannot be used (a new string). */
static char *
parse_translation(struct compiler *cc, const char *msg, const struct bl_loc *loc, GPtrArray *fields,
                  GPtrArray *into)
{
    static const char *const tags[] = {"b", "i", "u"};
    GPtrArray *stack = g_ptr_array_new(); /* GPtrArray *: where nodes go */
    GPtrArray *open = g_ptr_array_new();  /* const char *: the tags open */
    const char *p = msg;
    const char *start = msg;
    char *why = NULL;

    g_ptr_array_add(stack, into);
    while (*p != '\0' && why == NULL) {
        GPtrArray *to = g_ptr_array_index(stack, stack->len - 1);
        gboolean special = FALSE;

        if (*p == '{') {
            const char *end = strchr(p, '}');
            char *ref = end != NULL ? g_strndup(p + 1, (gsize)(end - p - 1)) : NULL;
            const struct node *field = NULL;

            for (guint i = 0; ref != NULL && i < fields->len && field == NULL; i++) {
                const struct node *f = g_ptr_array_index(fields, i);

                field = g_strcmp0(f->ref, ref) == 0 ? f : NULL;
            }
            if (field == NULL) {
                why = g_strdup_printf("the translation names {%s}, which the English text "
                                      "does not have",
                                      ref != NULL ? ref : "");
            } else {
                if (p > start) {
                    g_ptr_array_add(to, text_node(cc, loc, start, (gsize)(p - start)));
                }
                g_ptr_array_add(to, node_clone(field));
                p = end + 1;
                start = p;
            }
            g_free(ref);
            continue;
        }
        if (*p == '<') {
            if (strncmp(p, "<br/>", 5) == 0) {
                if (p > start) {
                    g_ptr_array_add(to, text_node(cc, loc, start, (gsize)(p - start)));
                }
                g_ptr_array_add(to, node_new(cc, N_BR, NULL));
                p += 5;
                start = p;
                continue;
            }
            for (gsize i = 0; i < G_N_ELEMENTS(tags) && !special; i++) {
                gboolean closing = p[1] == '/';
                const char *t = p + 1 + closing;

                if (t[0] != tags[i][0] || t[1] != '>') {
                    continue;
                }
                special = TRUE;
                if (p > start) {
                    g_ptr_array_add(to, text_node(cc, loc, start, (gsize)(p - start)));
                }
                if (!closing) {
                    struct node *span = node_new(cc, N_SPAN, NULL);

                    span->loc = *loc;
                    span->text = g_strdup(tags[i]);
                    g_ptr_array_add(to, span);
                    g_ptr_array_add(stack, span->children);
                    g_ptr_array_add(open, (gpointer)tags[i]);
                } else if (open->len == 0 ||
                           strcmp(g_ptr_array_index(open, open->len - 1), tags[i]) != 0) {
                    why = g_strdup_printf("the translation closes <%s> that is not open", tags[i]);
                } else {
                    g_ptr_array_remove_index(open, open->len - 1);
                    g_ptr_array_remove_index(stack, stack->len - 1);
                }
                p = t + 2;
                start = p;
            }
            if (special) {
                continue;
            }
        }
        p++;
    }
    if (why == NULL && open->len > 0) {
        why = g_strdup_printf("the translation leaves <%s> open",
                              (const char *)g_ptr_array_index(open, open->len - 1));
    }
    if (why == NULL && p > start) {
        g_ptr_array_add(into, text_node(cc, loc, start, (gsize)(p - start)));
    }
    g_ptr_array_unref(stack);
    g_ptr_array_unref(open);
    return why;
}

static struct node *
missing_node(struct compiler *cc, const struct bl_loc *loc, char *why_take)
{
    struct node *n = node_new(cc, N_MISSING, NULL);

    n->loc = *loc;
    n->text = why_take;
    return n;
}

/* TRUE when the translation t joins the text before it (start) or after it (end) with no
 * space: it starts with punctuation, or the character at that end is a wide (CJK) one. */
static gboolean
joins(const char *t, gboolean start)
{
    gunichar c;

    if (t == NULL || t[0] == '\0') {
        return FALSE;
    }
    c = g_utf8_get_char(start ? t : g_utf8_prev_char(t + strlen(t)));
    return g_unichar_iswide(c) ||
           (start && g_unichar_ispunct(c) && c != '(' && c != '"' && c != 0x201C && c != 0x2018 &&
            c != 0xBF && c != 0xA1 && c != '<' && c != '{');
}

/* The nodes a run (children first..last-1 of into) becomes in the translation, in out. */
static void
translate_run(struct compiler *cc, GPtrArray *run, GPtrArray *out)
{
    const struct node *first = g_ptr_array_index(run, 0);
    GString *msg = g_string_new(NULL);
    GPtrArray *fields = g_ptr_array_new();
    const struct node *count = NULL;
    gsize lead = 0, trail = 0;
    char *msgid;

    for (guint i = 0; i < run->len; i++) {
        serialize(g_ptr_array_index(run, i), msg, fields);
    }
    while (lead < msg->len && msg->str[lead] == ' ') {
        lead++;
    }
    while (trail < msg->len - lead && msg->str[msg->len - 1 - trail] == ' ') {
        trail++;
    }
    msgid = g_strndup(msg->str + lead, msg->len - lead - trail);
    for (guint i = 0; i < fields->len && count == NULL; i++) {
        const struct node *f = g_ptr_array_index(fields, i);

        count = f->kind == N_FIELD && f->field != NULL && f->field->kind == BL_FIELD_KIND_NUMBER
                    ? f
                    : NULL;
    }
    if (!has_letters(msgid) && cc->po != NULL && fields->len == 0 &&
        bl_po_get(cc->po, "punctuation", msgid) != NULL) {
        /* a stop or a colon between conditions: the language's own ("。" for ".") */
        const char *t = bl_po_get(cc->po, "punctuation", msgid);

        g_ptr_array_add(out, text_node(cc, &first->loc, t, strlen(t)));
        goto done;
    }
    if (!has_letters(msgid)) {
        for (guint i = 0; i < run->len; i++) {
            g_ptr_array_add(out, g_ptr_array_index(run, i));
            g_ptr_array_index(run, i) = NULL;
        }
        goto done;
    }
    if (cc->po == NULL) {
        struct bl_loc loc = first->loc;
        struct bl_tstring *ts;
        char *key = g_strconcat("\004", msgid, NULL);

        if (cc->seen != NULL) {
            ts = g_hash_table_lookup(cc->seen, key);
            if (ts == NULL) {
                ts = g_new0(struct bl_tstring, 1);
                ts->msgid = g_strdup(msgid);
                ts->where = g_ptr_array_new_with_free_func(g_free);
                g_ptr_array_add(cc->tpl->strings, ts);
                g_hash_table_insert(cc->seen, key, ts);
                key = NULL;
            }
            ts->plural = ts->plural || count != NULL;
            g_ptr_array_add(ts->where, g_strdup_printf("%s:%d", loc.file, loc.line));
        }
        g_free(key);
        for (guint i = 0; i < run->len; i++) {
            g_ptr_array_add(out, g_ptr_array_index(run, i));
            g_ptr_array_index(run, i) = NULL;
        }
        goto done;
    }
    /* a translation that starts with a stop or a comma joins the word before it ("... de su
     * hijo" + "." for the English "... your child's" + " personal information."), and Chinese
     * or Japanese text has no spaces between its words */
    if (lead > 0 && !joins(bl_po_get(cc->po, NULL, msgid), TRUE)) {
        g_ptr_array_add(out, text_node(cc, &first->loc, " ", 1));
    }
    if (bl_po_get(cc->po, NULL, msgid) == NULL) {
        char *why = g_strdup_printf("the text '%s' (%s:%d) has no translation in %s", msgid,
                                    first->loc.file, first->loc.line, bl_po_path(cc->po));

        if (!g_ptr_array_find_with_equal_func(cc->tr->missing, why, g_str_equal, NULL)) {
            g_ptr_array_add(cc->tr->missing, g_strdup(why));
        }
        g_ptr_array_add(out, missing_node(cc, &first->loc, why));
    } else if (bl_po_is_plural(cc->po, NULL, msgid)) {
        struct node *pl = node_new(cc, N_PLURAL, NULL);

        pl->loc = first->loc;
        pl->field = count != NULL ? count->field : NULL;
        pl->loop_depth = count != NULL ? count->loop_depth : -1;
        for (guint i = 0; i < bl_po_nplurals(cc->po); i++) {
            struct node *form = node_new(cc, N_SEQ, NULL);
            const char *t = bl_po_get_form(cc->po, NULL, msgid, i);
            char *why = t != NULL ? parse_translation(cc, t, &first->loc, fields, form->children)
                                  : g_strdup_printf("msgstr[%u] is missing", i);

            form->loc = first->loc;
            if (why != NULL) {
                g_ptr_array_set_size(form->children, 0);
                g_ptr_array_add(form->children,
                                missing_node(cc, &first->loc,
                                             g_strdup_printf("the translation of '%s' in %s: %s",
                                                             msgid, bl_po_path(cc->po), why)));
                g_ptr_array_add(cc->tr->missing,
                                g_strdup_printf("the translation of '%s' in %s: %s", msgid,
                                                bl_po_path(cc->po), why));
                g_free(why);
            }
            g_ptr_array_add(pl->children, form);
        }
        g_ptr_array_add(out, pl);
    } else {
        GPtrArray *parsed = g_ptr_array_new_with_free_func(node_free);
        char *why =
            parse_translation(cc, bl_po_get(cc->po, NULL, msgid), &first->loc, fields, parsed);

        if (why != NULL) {
            char *full = g_strdup_printf("the translation of '%s' in %s: %s", msgid,
                                         bl_po_path(cc->po), why);

            g_ptr_array_add(cc->tr->missing, g_strdup(full));
            g_ptr_array_add(out, missing_node(cc, &first->loc, full));
            g_free(why);
        } else {
            for (guint i = 0; i < parsed->len; i++) {
                g_ptr_array_add(out, g_ptr_array_index(parsed, i));
                g_ptr_array_index(parsed, i) = NULL;
            }
        }
        g_ptr_array_unref(parsed);
    }
    if (trail > 0 && !joins(bl_po_get(cc->po, NULL, msgid), FALSE)) {
        g_ptr_array_add(out, text_node(cc, &first->loc, " ", 1));
    }
done:
    g_free(msgid);
    g_string_free(msg, TRUE);
    g_ptr_array_unref(fields);
}

/* Translates (or, for the source, collects) the runs among into's inline children. A <b> made
 * of a run only is part of its parent's run. */
static void
translate_inline(struct compiler *cc, struct node *into)
{
    GPtrArray *old = into->children;
    GPtrArray *run = g_ptr_array_new_with_free_func(node_free);
    GPtrArray *res;

    if (into->kind == N_SPAN && runnable(into)) {
        g_ptr_array_unref(run);
        return;
    }
    if (cc->po == NULL && cc->seen == NULL) {
        g_ptr_array_unref(run);
        return;
    }
    res = g_ptr_array_new_with_free_func(node_free);
    g_ptr_array_set_free_func(old, NULL);
    for (guint i = 0; i <= old->len; i++) {
        struct node *n = i < old->len ? g_ptr_array_index(old, i) : NULL;

        if (n != NULL && runnable(n)) {
            g_ptr_array_add(run, n);
            continue;
        }
        if (run->len > 0) {
            translate_run(cc, run, res);
            g_ptr_array_set_size(run, 0);
        }
        if (n != NULL) {
            g_ptr_array_add(res, n);
        }
    }
    g_ptr_array_unref(old);
    g_ptr_array_unref(run);
    into->children = res;
}

static void
compile_children(struct compiler *cc, const xmlNode *parent, struct node *into, enum context ctx)
{
    for (const xmlNode *c = parent->children; c != NULL; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            const char *content = (const char *)c->content;

            if (bl_text_blank(content)) {
                if (ctx == CTX_INLINE && content[0] != '\0') {
                    struct node *n = node_new(cc, N_TEXT, c);
                    n->text = g_strdup(" ");
                    g_ptr_array_add(into->children, n);
                }
                continue;
            }
            if (ctx != CTX_INLINE) {
                fail(cc, c,
                     ctx == CTX_COLUMNS
                         ? "text outside a column: put it in <column> and <p>"
                         : "text outside a paragraph: put it in <p>, <item> or <line>");
                continue;
            }
            struct node *n = node_new(cc, N_TEXT, c);
            n->text = text_markup(content);
            g_ptr_array_add(into->children, n);
        } else if (c->type == XML_ELEMENT_NODE) {
            struct node *n = compile_element(cc, c, ctx);

            if (n != NULL) {
                g_ptr_array_add(into->children, n);
            }
        }
    }
    if (ctx == CTX_INLINE) {
        translate_inline(cc, into);
    }
}

/* The interned copy of a file name; the first time, the file joins the template's list. */
static const char *
intern_file(struct bl_template *tpl, const char *path)
{
    const char *name = g_string_chunk_insert_const(tpl->files, path);

    if (!g_ptr_array_find(tpl->file_list, name, NULL)) {
        g_ptr_array_add(tpl->file_list, (gpointer)name);
    }
    return name;
}

/* Compiles the <fragment> in path (an include) into `into`. */
static void
compile_file_into(struct compiler *cc, const char *path, const xmlNode *from, struct node *into)
{
    const char *saved_file = cc->file;
    xmlDoc *doc;
    const xmlNode *root;

    for (guint i = 0; i < cc->includes->len; i++) {
        if (strcmp(g_ptr_array_index(cc->includes, i), path) == 0) {
            fail(cc, from, "'%s' includes itself", path);
            return;
        }
    }
    doc = bl_xml_read(path, cc->diag);
    if (doc == NULL) {
        fail(cc, from, "cannot include '%s'", path);
        return;
    }
    root = xmlDocGetRootElement(doc);
    cc->file = intern_file(cc->tpl, path);
    g_ptr_array_add(cc->includes, g_strdup(path));
    if (!bl_xml_is(root, "fragment")) {
        fail(cc, root, "an included file must have the root element <fragment>, not <%s>",
             (const char *)root->name);
    } else {
        compile_children(cc, root, into, CTX_BLOCK);
    }
    g_ptr_array_remove_index(cc->includes, cc->includes->len - 1);
    cc->file = saved_file;
    xmlFreeDoc(doc);
}

static void
compile_letter(struct compiler *cc, const xmlNode *root)
{
    struct bl_template *tpl = cc->tpl;
    char *size = bl_xml_attr(root, "font-size");
    char *kind;

    kind = bl_xml_attr(root, "kind");
    tpl->notice = g_strcmp0(kind, "notice") == 0;
    if (kind != NULL && !tpl->notice && strcmp(kind, "letter") != 0) {
        fail(cc, root, "kind=\"%s\" must be \"letter\" or \"notice\"", kind);
    }
    g_free(kind);
    tpl->title = bl_xml_attr(root, "title");
    tpl->subject = bl_xml_attr(root, "subject");
    tpl->languages = bl_xml_attr(root, "languages");
    if (tpl->title == NULL) {
        fail(cc, root, "<letter> needs a title attribute (the PDF title)");
    }
    if (tpl->languages == NULL) {
        fail(cc, root, "<letter> needs a languages attribute, e.g. languages=\"en\"");
        tpl->languages = g_strdup("en");
    }
    tpl->language_list = g_strsplit_set(g_strstrip(tpl->languages), " ", -1);
    tpl->font_size = size != NULL ? g_ascii_strtod(size, NULL) : 11.0;
    if (tpl->font_size < 10.0 || tpl->font_size > 14.0) {
        fail(cc, root, "font-size '%s' must be between 10 and 14 points", size);
        tpl->font_size = 11.0;
    }
    g_free(size);
    tpl->body = node_new(cc, N_SEQ, root);
    for (int i = 0; i < 2; i++) {
        struct node *missing =
            translate_attr(cc, root, NULL, NULL, i == 0 ? &tpl->title : &tpl->subject);

        if (missing != NULL) {
            g_ptr_array_add(tpl->body->children, missing);
        }
    }
    for (const xmlNode *c = root->children; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) {
            if (c->type == XML_TEXT_NODE && !bl_text_blank((const char *)c->content)) {
                fail(cc, c, "text outside a paragraph: put it in <body>");
            }
            continue;
        }
        if (bl_xml_is(c, "return-address") || bl_xml_is(c, "address")) {
            struct node **slot = bl_xml_is(c, "address") ? &tpl->address : &tpl->return_address;

            if (*slot != NULL) {
                fail(cc, c, "<%s> is given twice", (const char *)c->name);
                continue;
            }
            *slot = node_new(cc, N_SEQ, c);
            compile_children(cc, c, *slot, CTX_LINES);
        } else if (bl_xml_is(c, "letterhead")) {
            if (tpl->letterhead != NULL) {
                fail(cc, c, "<letterhead> is given twice");
                continue;
            }
            tpl->letterhead = node_new(cc, N_SEQ, c);
            cc->line_images = TRUE;
            compile_children(cc, c, tpl->letterhead, CTX_LINES);
            cc->line_images = FALSE;
        } else if (bl_xml_is(c, "running-header")) {
            node_free(tpl->running_header);
            tpl->running_header = node_new(cc, N_P, c);
            compile_children(cc, c, tpl->running_header, CTX_INLINE);
        } else if (bl_xml_is(c, "body")) {
            compile_children(cc, c, tpl->body, CTX_BLOCK);
        } else if (bl_xml_is(c, "language-assistance")) {
            compile_taglines(cc, c);
        } else if (bl_xml_is(c, "attachment")) {
            g_ptr_array_add(tpl->body->children, node_new(cc, N_PAGE_BREAK, c));
            compile_children(cc, c, tpl->body, CTX_BLOCK);
        } else {
            fail(cc, c,
                 "unknown part <%s> of a letter (letterhead, return-address, address, "
                 "running-header, body, attachment, language-assistance)",
                 (const char *)c->name);
        }
    }
    if (tpl->address == NULL && !tpl->notice) {
        fail(cc, root, "<letter> needs an <address> block for the recipient's address");
    }
    if (tpl->address == NULL) {
        tpl->address = node_new(cc, N_SEQ, root);
    }
    if (tpl->return_address == NULL) {
        tpl->return_address = node_new(cc, N_SEQ, root);
    }
}

/* Makes the incident's custom fields known to the template; one named like a built-in field
 * of templates would hide it, and is reported with the incident's file and line. */
static void
add_custom_fields(struct compiler *cc)
{
    for (guint i = 0; i < cc->inc->custom_fields->len; i++) {
        const struct bl_custom_field *custom = g_ptr_array_index(cc->inc->custom_fields, i);
        struct bl_field *field = bl_field_custom_new(cc->inc, i);

        if (bl_field_find(field->name) != NULL) {
            struct bl_loc loc = {cc->inc->path, custom->line, 0};

            bl_diag_error(cc->diag, &loc,
                          "recipient field '%s' has the name of a field templates have "
                          "already ('%s'): choose another name",
                          custom->name, field->name);
            cc->errors++;
        }
        g_ptr_array_add(cc->tpl->custom_fields, field);
    }
}

static int
compile_tree(struct bl_template **out, const char *path, const struct bl_incident *incident,
             const struct bl_contacts *contacts, gboolean draft, struct bl_translation *tr,
             struct bl_diag *diag)
{
    struct compiler cc = {0};
    xmlDoc *doc = NULL;
    const xmlNode *root;
    int rc = -1;

    cc.tpl = g_new0(struct bl_template, 1);
    cc.tpl->strings = g_ptr_array_new_with_free_func(tstring_free);
    cc.tpl->translations = g_ptr_array_new_with_free_func(translation_free);
    cc.tr = tr;
    cc.po = tr != NULL ? tr->po : NULL;
    cc.seen = tr == NULL ? g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL) : NULL;
    if (tr != NULL) {
        cc.tpl->po = tr->po;
        cc.tpl->incident_po = tr->incident_po;
        cc.tpl->language = tr->language;
    }
    cc.tpl->path = g_strdup(path);
    cc.tpl->files = g_string_chunk_new(256);
    cc.tpl->file_list = g_ptr_array_new();
    cc.tpl->jurisdictions = g_ptr_array_new_with_free_func(g_free);
    cc.tpl->custom_fields = g_ptr_array_new_with_free_func((GDestroyNotify)bl_field_custom_free);
    cc.inc = incident;
    cc.draft = draft;
    cc.contacts = contacts;
    cc.diag = diag;
    cc.file = intern_file(cc.tpl, path);
    cc.includes = g_ptr_array_new_with_free_func(g_free);
    cc.loops = g_ptr_array_new_with_free_func(loop_free);
    cc.guards = g_ptr_array_new();
    doc = bl_xml_read(path, diag);
    if (doc == NULL) {
        goto out;
    }
    root = xmlDocGetRootElement(doc);
    if (!bl_xml_is(root, "letter")) {
        fail(&cc, root, "a letter template must have the root element <letter>, not <%s>",
             (const char *)root->name);
        goto out;
    }
    g_ptr_array_add(cc.includes, g_strdup(path));
    add_custom_fields(&cc);
    compile_letter(&cc, root);
    if (cc.errors > 0 && !cc.draft) {
        goto out;
    }
    *out = cc.tpl;
    cc.tpl = NULL;
    rc = 0;
out:
    bl_template_free(cc.tpl);
    g_ptr_array_unref(cc.includes);
    g_ptr_array_unref(cc.loops);
    g_ptr_array_unref(cc.guards);
    if (cc.seen != NULL) {
        g_hash_table_unref(cc.seen);
    }
    if (doc != NULL) {
        xmlFreeDoc(doc);
    }
    return rc;
}

static gint
compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The languages a folder of catalogs (LANG.po) has, sorted. */
static GPtrArray *
catalog_languages(const char *dir)
{
    GPtrArray *res = g_ptr_array_new_with_free_func(g_free);
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
        if (g_str_has_suffix(name, ".po") && name[0] != '.') {
            g_ptr_array_add(res, g_strndup(name, strlen(name) - 3));
        }
    }
    if (d != NULL) {
        g_dir_close(d);
    }
    g_ptr_array_sort(res, compare_names);
    return res;
}

/* Compiles the template once more for each catalog in <template dir>/po/, with the incident's
 * own catalog of that language (<incident dir>/po/) when it has one. A catalog that cannot be
 * read fails the template; a text it lacks is not a failure here (see bl_template_missing). */
static int
compile_translations(struct bl_template *tpl, const char *path, const struct bl_incident *incident,
                     const struct bl_contacts *contacts, gboolean draft, struct bl_diag *diag)
{
    char *tdir = g_path_get_dirname(path);
    char *podir = g_build_filename(tdir, "po", NULL);
    GPtrArray *langs = catalog_languages(podir);
    GString *list = g_string_new(tpl->languages);
    int rc = 0;

    for (guint i = 0; i < langs->len; i++) {
        const char *lang = g_ptr_array_index(langs, i);
        char *file = g_strconcat(lang, ".po", NULL);
        char *tpath = g_build_filename(podir, file, NULL);
        char *ipath =
            incident->dir != NULL ? g_build_filename(incident->dir, "po", file, NULL) : NULL;
        struct bl_translation *tr = g_new0(struct bl_translation, 1);
        struct bl_diag *quiet = bl_diag_new(NULL);

        tr->language = g_strdup(lang);
        tr->missing = g_ptr_array_new_with_free_func(g_free);
        if (bl_template_has_language(tpl, lang)) {
            struct bl_loc loc = {tpath, 0, 0};

            bl_diag_error(diag, &loc,
                          "the template is written in '%s': a catalog cannot translate it into "
                          "its own language",
                          lang);
            rc = -1;
        } else if (bl_po_load(&tr->po, tpath, diag) < 0 ||
                   (ipath != NULL && g_file_test(ipath, G_FILE_TEST_IS_REGULAR) &&
                    bl_po_load(&tr->incident_po, ipath, diag) < 0)) {
            rc = -1;
        } else if (compile_tree(&tr->tpl, path, incident, contacts, draft, tr, quiet) < 0) {
            /* the source compiled: a translation fails only where its own text does */
            bl_diag_error(diag, NULL, "the template cannot be compiled in '%s': %s", lang,
                          bl_diag_last_message(quiet));
            rc = -1;
        }
        if (rc == 0) {
            g_ptr_array_add(tpl->translations, tr);
            g_string_append_printf(list, " %s", lang);
        } else {
            translation_free(tr);
        }
        bl_diag_free(quiet);
        g_free(ipath);
        g_free(tpath);
        g_free(file);
    }
    if (rc == 0 && langs->len > 0) {
        g_free(tpl->languages);
        tpl->languages = g_string_free(list, FALSE);
        list = NULL;
    }
    if (list != NULL) {
        g_string_free(list, TRUE);
    }
    g_ptr_array_unref(langs);
    g_free(podir);
    g_free(tdir);
    return rc;
}

static int
compile(struct bl_template **out, const char *path, const struct bl_incident *incident,
        const struct bl_contacts *contacts, gboolean draft, struct bl_diag *diag)
{
    struct bl_template *tpl = NULL;

    if (compile_tree(&tpl, path, incident, contacts, draft, NULL, diag) < 0) {
        return -1;
    }
    if (compile_translations(tpl, path, incident, contacts, draft, diag) < 0 && !draft) {
        bl_template_free(tpl);
        return -1;
    }
    *out = tpl;
    return 0;
}

char *
bl_template_find(const char *name, const struct bl_incident *incident, const char *templates_dir,
                 struct bl_diag *diag)
{
    char *local = g_build_filename(incident->dir, name, "letter.xml", NULL);
    char *shared;
    struct bl_loc loc = {incident->path, 0, 0};

    if (g_file_test(local, G_FILE_TEST_IS_REGULAR)) {
        return local;
    }
    g_free(local);
    shared = g_build_filename(templates_dir, name, "letter.xml", NULL);
    if (g_file_test(shared, G_FILE_TEST_IS_REGULAR)) {
        return shared;
    }
    bl_diag_error(diag, &loc, "template '%s' not found (looked for %s/%s/letter.xml)", name,
                  templates_dir, name);
    g_free(shared);
    return NULL;
}

gboolean
bl_template_has_language(const struct bl_template *tpl, const char *language)
{
    for (char **l = tpl->language_list; *l != NULL; l++) {
        if (strcmp(*l, language) == 0) {
            return TRUE;
        }
    }
    return bl_template_for_language(tpl, language) != NULL;
}

const struct bl_template *
bl_template_for_language(const struct bl_template *tpl, const char *language)
{
    for (char **l = tpl->language_list; *l != NULL; l++) {
        if (strcmp(*l, language) == 0) {
            return tpl;
        }
    }
    for (guint i = 0; tpl->translations != NULL && i < tpl->translations->len; i++) {
        const struct bl_translation *tr = g_ptr_array_index(tpl->translations, i);

        if (strcmp(tr->language, language) == 0) {
            return tr->tpl;
        }
    }
    return NULL;
}

const GPtrArray *
bl_template_missing(const struct bl_template *tpl, const char *language)
{
    for (guint i = 0; tpl->translations != NULL && i < tpl->translations->len; i++) {
        const struct bl_translation *tr = g_ptr_array_index(tpl->translations, i);

        if (strcmp(tr->language, language) == 0) {
            return tr->missing;
        }
    }
    return NULL;
}

const char *
bl_template_translate(const struct bl_template *tpl, const char *language, const char *context,
                      const char *text)
{
    for (guint i = 0; tpl->translations != NULL && i < tpl->translations->len; i++) {
        const struct bl_translation *tr = g_ptr_array_index(tpl->translations, i);

        if (strcmp(tr->language, language) == 0) {
            return bl_po_get(tr->po, context, text);
        }
    }
    return bl_template_for_language(tpl, language) == tpl ? text : NULL;
}

char *
bl_template_pot(const struct bl_template *tpl, GHashTable *notes)
{
    GString *out = g_string_new(NULL);
    char *dir = g_path_get_dirname(tpl->path);
    gsize skip = strlen(dir) + 1;

    g_string_append_printf(out,
                           "# Translatable texts of the template %s and the files it includes.\n"
                           "# Copy to po/LANG.po beside letter.xml and translate every msgstr.\n"
                           "msgid \"\"\n"
                           "msgstr \"\"\n"
                           "\"Project-Id-Version: breachletter\\n\"\n"
                           "\"MIME-Version: 1.0\\n\"\n"
                           "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
                           "\"Content-Transfer-Encoding: 8bit\\n\"\n"
                           "\"Language: \\n\"\n"
                           "\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n",
                           tpl->path);
    for (guint i = 0; i < tpl->strings->len; i++) {
        const struct bl_tstring *ts = g_ptr_array_index(tpl->strings, i);
        char *q = bl_po_quote(ts->msgid);

        g_string_append_c(out, '\n');
        if (notes != NULL && ts->context == NULL) {
            const char *note = g_hash_table_lookup(notes, ts->msgid);

            if (note != NULL) {
                g_string_append(out, note);
                g_hash_table_remove(notes, ts->msgid);
            }
        }
        for (guint j = 0; j < ts->where->len; j++) {
            const char *w = g_ptr_array_index(ts->where, j);

            g_string_append_printf(out, "#: %s\n",
                                   strncmp(w, dir, skip - 1) == 0 && w[skip - 1] == '/' ? w + skip
                                                                                        : w);
        }
        if (ts->context != NULL) {
            char *c = bl_po_quote(ts->context);

            g_string_append_printf(out, "msgctxt %s\n", c);
            g_free(c);
        }
        if (ts->plural) {
            g_string_append_printf(
                out, "msgid %s\nmsgid_plural %s\nmsgstr[0] \"\"\nmsgstr[1] \"\"\n", q, q);
        } else {
            g_string_append_printf(out, "msgid %s\nmsgstr \"\"\n", q);
        }
        g_free(q);
    }
    g_free(dir);
    return g_string_free(out, FALSE);
}

const char *
bl_template_languages(const struct bl_template *tpl)
{
    return tpl->languages;
}

const GPtrArray *
bl_template_files(const struct bl_template *tpl)
{
    return tpl->file_list;
}

gboolean
bl_template_is_notice(const struct bl_template *tpl)
{
    return tpl->notice;
}

int
bl_template_compile(struct bl_template **out, const char *path, const struct bl_incident *incident,
                    const struct bl_contacts *contacts, struct bl_diag *diag)
{
    return compile(out, path, incident, contacts, FALSE, diag);
}

int
bl_template_compile_draft(struct bl_template **out, const char *path,
                          const struct bl_incident *incident, const struct bl_contacts *contacts,
                          struct bl_diag *diag)
{
    return compile(out, path, incident, contacts, TRUE, diag);
}

gboolean
bl_template_names_jurisdiction(const struct bl_template *tpl, const char *code)
{
    return code != NULL &&
           g_ptr_array_find_with_equal_func(tpl->jurisdictions, code, g_str_equal, NULL);
}

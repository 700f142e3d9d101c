/* SPDX-License-Identifier: MIT */
/* Strings: the template's translatable texts and the incident's own words as a .pot. */
#include <string.h>

#include "po.h"
#include "run.h"
#include "session.h"
#include "template.h"

/* The incident's texts to translate, each once, in the order first met, with the fields that
 * have it as extracted comments ("#. what" lines). */
struct texts {
    GPtrArray *order;  /* borrowed texts */
    GHashTable *notes; /* text (borrowed) -> its comments (owned) */
};

static void
add_text(struct texts *t, const char *what, const char *text)
{
    char *note;
    char *more;

    if (text == NULL || text[0] == '\0') {
        return;
    }
    note = g_hash_table_lookup(t->notes, text);
    if (note == NULL) {
        g_ptr_array_add(t->order, (gpointer)text);
        g_hash_table_insert(t->notes, (gpointer)text, g_strdup_printf("#. %s\n", what));
        return;
    }
    more = g_strdup_printf("#. %s\n", what);
    if (strstr(note, more) == NULL) {
        g_hash_table_insert(t->notes, (gpointer)text, g_strconcat(note, more, NULL));
    }
    g_free(more);
}

int
bl_run_strings(const char *incident, const char *data_dir, struct bl_diag *diag)
{
    struct bl_session ses;
    GString *out;
    struct texts t;
    const struct bl_incident *inc;
    char *pot;
    int rc;

    bl_session_init(&ses, diag);
    rc = bl_session_load(&ses, incident, NULL, data_dir, NULL, FALSE);
    if (rc != BL_EXIT_OK) {
        bl_session_release(&ses);
        return rc;
    }
    inc = ses.incident;
    t.order = g_ptr_array_new();
    t.notes = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
    add_text(&t, "org.description", inc->org.description);
    add_text(&t, "org.phone_hours", inc->org.phone_hours);
    add_text(&t, "monitoring.services", inc->monitoring.services);
    add_text(&t, "monitoring.phone_hours", inc->monitoring.phone_hours);
    for (guint i = 0; i < inc->narrative->len; i++) {
        add_text(&t, "incident.narrative", g_ptr_array_index(inc->narrative, i));
    }
    for (guint i = 0; i < inc->actions->len; i++) {
        add_text(&t, "incident.actions", g_ptr_array_index(inc->actions, i));
    }
    for (guint i = 0; i < inc->categories->len; i++) {
        const struct bl_category *c = g_ptr_array_index(inc->categories, i);

        add_text(&t, "category.label", c->label);
    }
    for (guint i = 0; i < inc->entities->len; i++) {
        const struct bl_entity *e = g_ptr_array_index(inc->entities, i);

        add_text(&t, "entity.relationship", e->relationship);
    }
    /* a text the template has too is one message: the template's, with the incident's fields
     * noted on it (msgfmt rejects a .pot that defines a message twice) */
    pot = bl_template_pot(ses.tpl, t.notes);
    out = g_string_new(pot);
    g_string_append(out, "\n# The incident's own words: translate them in po/LANG.po beside the "
                         "incident file\n# (or, for a category's usual label, in the "
                         "template's catalog).\n");
    for (guint i = 0; i < t.order->len; i++) {
        const char *text = g_ptr_array_index(t.order, i);
        const char *note = g_hash_table_lookup(t.notes, text);
        char *q;

        if (note == NULL) {
            continue; /* the template's message */
        }
        q = bl_po_quote(text);
        g_string_append_printf(out, "\n%smsgid %s\nmsgstr \"\"\n", note, q);
        g_free(q);
    }
    bl_diag_tell(diag, BL_DIAG_REPORT, out->str);
    g_hash_table_unref(t.notes);
    g_ptr_array_unref(t.order);
    g_string_free(out, TRUE);
    g_free(pot);
    bl_session_release(&ses);
    return BL_EXIT_OK;
}

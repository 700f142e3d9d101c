/* SPDX-License-Identifier: MIT */
/* Strings: the template's translatable texts and the incident's own words as a .pot. */
#include <string.h>

#include "po.h"
#include "run.h"
#include "session.h"
#include "template.h"

/* Adds one of the incident's texts, once. */
static void
add_text(GString *out, GHashTable *seen, const char *what, const char *text)
{
    char *q;

    if (text == NULL || text[0] == '\0' || g_hash_table_contains(seen, text)) {
        return;
    }
    g_hash_table_add(seen, (gpointer)text);
    q = bl_po_quote(text);
    g_string_append_printf(out, "\n#. %s\nmsgid %s\nmsgstr \"\"\n", what, q);
    g_free(q);
}

int
bl_run_strings(const char *incident, const char *data_dir, struct bl_diag *diag)
{
    struct bl_session ses;
    GString *out;
    GHashTable *seen;
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
    pot = bl_template_pot(ses.tpl);
    out = g_string_new(pot);
    seen = g_hash_table_new(g_str_hash, g_str_equal);
    g_string_append(out, "\n# The incident's own words: translate them in po/LANG.po beside the "
                         "incident file\n# (or, for a category's usual label, in the "
                         "template's catalog).\n");
    add_text(out, seen, "org.description", inc->org.description);
    add_text(out, seen, "org.phone_hours", inc->org.phone_hours);
    add_text(out, seen, "monitoring.services", inc->monitoring.services);
    add_text(out, seen, "monitoring.phone_hours", inc->monitoring.phone_hours);
    for (guint i = 0; i < inc->narrative->len; i++) {
        add_text(out, seen, "incident.narrative", g_ptr_array_index(inc->narrative, i));
    }
    for (guint i = 0; i < inc->actions->len; i++) {
        add_text(out, seen, "incident.actions", g_ptr_array_index(inc->actions, i));
    }
    for (guint i = 0; i < inc->categories->len; i++) {
        const struct bl_category *c = g_ptr_array_index(inc->categories, i);

        add_text(out, seen, "category.label", c->label);
    }
    for (guint i = 0; i < inc->entities->len; i++) {
        const struct bl_entity *e = g_ptr_array_index(inc->entities, i);

        add_text(out, seen, "entity.relationship", e->relationship);
    }
    bl_diag_tell(diag, BL_DIAG_REPORT, out->str);
    g_hash_table_unref(seen);
    g_string_free(out, TRUE);
    g_free(pot);
    bl_session_release(&ses);
    return BL_EXIT_OK;
}

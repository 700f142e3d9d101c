/* SPDX-License-Identifier: MIT */
/* Session: loads what every command needs once, and releases it. */
#include "session.h"

#include <string.h>
#include <time.h>

#include "address.h"
#include "text.h"

const char *
bl_session_data_dir(const char *given)
{
    return given != NULL ? given : BL_INSTALLED_DATADIR;
}

/* Paths of the shipped data under the data directory. */
static char *
data_file(const char *data_dir, const char *a, const char *b)
{
    return g_build_filename(bl_session_data_dir(data_dir), "templates", a, b, NULL);
}

/* --verbose: what was loaded, from where. */
static void
tell_loaded(const struct bl_session *s, const char *data_dir)
{
    const struct bl_incident *inc = s->incident;
    char checked[16] = "-";

    if (g_date_valid(&s->rules->checked)) {
        g_date_strftime(checked, sizeof(checked), "%Y-%m-%d", &s->rules->checked);
    }
    bl_diag_info(s->diag, "data directory %s", bl_session_data_dir(data_dir));
    bl_diag_info(s->diag, "incident %s: '%s', %u categor%s, %u covered entit%s",
                 bl_diag_file_name(inc->path), inc->id, inc->categories->len,
                 inc->categories->len == 1 ? "y" : "ies", inc->entities->len,
                 inc->entities->len == 1 ? "y" : "ies");
    bl_diag_info(s->diag, "rules %s: checked %s, %u jurisdictions", s->rules->path, checked,
                 s->rules->jurisdictions->len);
    bl_diag_info(s->diag, "contacts %s: version %s", bl_contacts_path(s->contacts),
                 bl_contacts_version(s->contacts));
    bl_diag_info(s->diag, "template %s: %u file%s, languages %s", s->template_path,
                 bl_template_files(s->tpl)->len, bl_template_files(s->tpl)->len == 1 ? "" : "s",
                 bl_template_languages(s->tpl));
}

int
bl_session_load(struct bl_session *s, const char *incident, const char *recipients,
                const char *data_dir, const char *template_file, gboolean draft)
{
    char *schema = data_file(data_dir, "schema", "incident.rng");
    char *vocab = data_file(data_dir, "categories.xml", NULL);
    char *contacts = data_file(data_dir, "contacts.xml", NULL);
    char *contacts_schema = data_file(data_dir, "schema", "contacts.rng");
    char *rules = data_file(data_dir, "rules", "jurisdictions.xml");
    char *rules_schema = data_file(data_dir, "schema", "rules.rng");
    char *templates = data_file(data_dir, NULL, NULL);
    char *tpl_path = NULL;
    int rc = BL_EXIT_BAD_INPUT;

    if (!g_file_test(incident, G_FILE_TEST_EXISTS) ||
        (recipients != NULL && !g_file_test(recipients, G_FILE_TEST_EXISTS))) {
        struct bl_loc loc = {g_file_test(incident, G_FILE_TEST_EXISTS) ? recipients : incident, 0,
                             0};

        bl_diag_error(s->diag, &loc, "cannot open file: no such file");
        rc = BL_EXIT_IO;
        goto out;
    }
    if ((draft ? bl_incident_load_draft : bl_incident_load)(&s->incident, incident, schema, vocab,
                                                            s->diag) < 0 ||
        bl_contacts_load(&s->contacts, contacts, contacts_schema, s->diag) < 0 ||
        bl_rules_load(&s->rules, rules, rules_schema, s->diag) < 0) {
        goto out;
    }
    tpl_path = bl_template_find(s->incident->template_name, s->incident, templates, s->diag);
    if (tpl_path != NULL && template_file != NULL) {
        char *dir = g_path_get_dirname(tpl_path);

        g_free(tpl_path);
        tpl_path = g_build_filename(dir, template_file, NULL);
        g_free(dir);
        if (!g_file_test(tpl_path, G_FILE_TEST_IS_REGULAR)) {
            struct bl_loc loc = {tpl_path, 0, 0};

            bl_diag_error(s->diag, &loc, "cannot open file: no such file");
            g_clear_pointer(&tpl_path, g_free);
        }
    }
    if (tpl_path == NULL || (draft ? bl_template_compile_draft : bl_template_compile)(
                                &s->tpl, tpl_path, s->incident, s->contacts, s->diag) < 0) {
        goto out;
    }
    s->template_path = g_strdup(tpl_path);
    tell_loaded(s, data_dir);
    rc = BL_EXIT_OK;
out:
    g_free(schema);
    g_free(vocab);
    g_free(contacts);
    g_free(contacts_schema);
    g_free(rules);
    g_free(rules_schema);
    g_free(templates);
    g_free(tpl_path);
    return rc;
}

/* The date set for "today", or none (the clock's). */
static GDate fixed_today;

int
bl_session_set_today(const char *date)
{
    GDate d;

    if (date == NULL) {
        g_date_clear(&fixed_today, 1);
        return 0;
    }
    if (bl_date_parse(&d, date) < 0) {
        return -1;
    }
    fixed_today = d;
    return 0;
}

void
bl_session_today(GDate *out)
{
    if (g_date_valid(&fixed_today)) {
        *out = fixed_today;
    } else {
        g_date_clear(out, 1);
        g_date_set_time_t(out, time(NULL));
    }
}

int
bl_session_check(struct bl_session *s, const char *recipients, struct bl_diag *diag)
{
    struct bl_check_input in = {s->incident, s->tpl, s->contacts, s->rules,
                                recipients,  {0},    s->fonts,    s->memo};

    bl_check_report_free(s->check);
    s->check = NULL;
    bl_session_today(&in.today);
    if (bl_check_run(&s->check, &in, diag) < 0) {
        return -1;
    }
    if (recipients != NULL) {
        bl_diag_info(s->diag,
                     "recipient list %s: %" G_GINT64_FORMAT " rows, %" G_GINT64_FORMAT
                     " valid, %" G_GINT64_FORMAT " rejected, in %u jurisdictions",
                     bl_diag_file_name(recipients), s->check->rows, s->check->valid,
                     s->check->rejected, g_hash_table_size(s->check->residents));
    }
    bl_diag_info(s->diag, "compliance check: %d errors, %d warnings",
                 bl_check_count(s->check, BL_SEV_ERROR), bl_check_count(s->check, BL_SEV_WARNING));
    return 0;
}

int
bl_session_fonts(struct bl_session *s, const char *data_dir)
{
    char *fonts = g_build_filename(bl_session_data_dir(data_dir), "fonts", NULL);
    char *abbreviations = data_file(data_dir, "address-abbreviations.xml", NULL);
    int rc = bl_fonts_load(&s->fonts, fonts, s->diag) < 0 ? BL_EXIT_IO
             : bl_address_load_abbreviations(s->fonts, abbreviations, s->diag) < 0
                 ? BL_EXIT_BAD_INPUT
                 : BL_EXIT_OK;

    g_free(fonts);
    g_free(abbreviations);
    return rc;
}

void
bl_session_init(struct bl_session *s, struct bl_diag *diag)
{
    memset(s, 0, sizeof(*s));
    s->diag = diag;
    s->quiet = bl_diag_new(NULL);
}

void
bl_session_release(struct bl_session *s)
{
    g_free(s->template_path);
    bl_fonts_free(s->fonts);
    bl_check_report_free(s->check);
    bl_template_free(s->tpl);
    bl_rules_free(s->rules);
    bl_contacts_free(s->contacts);
    bl_incident_free(s->incident);
    bl_diag_free(s->quiet);
    memset(s, 0, sizeof(*s));
}

/* The person a specimen letter is addressed to: placeholders instead of personal data, every
 * category of the incident. */
struct bl_recipient *
bl_session_placeholder(const struct bl_incident *inc, const char *jurisdiction,
                       struct bl_entity *entity)
{
    struct bl_recipient r = {0};
    struct bl_recipient *copy;

    r.id = "SPECIMEN";
    r.title = r.middle_name = r.suffix = r.addressee = r.address.line2 = r.entity = "";
    r.first_name = "[First Name]";
    r.last_name = "[Last Name]";
    r.address.line1 = "[Street Address]";
    r.address.city = "[City]";
    r.address.state = jurisdiction != NULL ? (char *)jurisdiction : "[ST]";
    r.address.postal_code = "[ZIP Code]";
    r.address.country = "US";
    r.jurisdiction = jurisdiction != NULL ? (char *)jurisdiction : "";
    r.enrolment_code = "[Enrollment Code]";
    r.language = inc->language;
    r.variant = BL_VARIANT_ADULT;
    if (inc->entities->len > 0) {
        /* the provider is named by a placeholder too: a specimen stands for every letter */
        const struct bl_entity *first = g_ptr_array_index(inc->entities, 0);

        entity->id = "specimen";
        entity->name = "[Health Care Provider]";
        entity->relationship = first->relationship;
        r.covered_entity = entity;
    }
    r.categories = g_array_new(FALSE, FALSE, sizeof(int));
    for (guint i = 0; i < inc->categories->len; i++) {
        int ix = (int)i;

        g_array_append_val(r.categories, ix);
    }
    copy = bl_recipient_copy(&r);
    g_array_unref(r.categories);
    return copy;
}

int
bl_session_open_checked(struct bl_session *s, const char *incident, const char *recipients,
                        const char *data_dir, struct bl_diag *diag)
{
    int rc;

    bl_session_init(s, diag);
    rc = bl_session_load(s, incident, recipients, data_dir, NULL, FALSE);
    /* with a list, its rows are checked against the letters' fonts too */
    if (rc == BL_EXIT_OK && recipients != NULL) {
        rc = bl_session_fonts(s, data_dir);
    }
    if (rc == BL_EXIT_OK && bl_session_check(s, recipients, s->diag) < 0) {
        rc = BL_EXIT_BAD_INPUT;
    }
    return rc;
}

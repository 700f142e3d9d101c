/* SPDX-License-Identifier: MIT */
/* Preview: forgiving drafts for reviewers. Where render stops, preview marks the problem on the
 * page and lists it on a review page; every page says DRAFT. */
#include "preview.h"

#include <gio/gio.h>
#include <string.h>
#include <sys/stat.h>

#include "bind.h"
#include "check_memo.h"
#include "layout.h"
#include "preview_compare.h"
#include "preview_review.h"
#include "session.h"
#include "sink.h"
#include "text.h"

/* -- gathering problems ---------------------------------------------------------------------- */

/* Moves the messages a capturing diag holds into lines, one message each. */
static void
collect(GPtrArray *lines, struct bl_diag *diag)
{
    char **parts = g_strsplit(bl_diag_text(diag), "\n", -1);

    for (char **p = parts; *p != NULL; p++) {
        if ((*p)[0] != '\0' && !g_ptr_array_find_with_equal_func(lines, *p, g_str_equal, NULL)) {
            g_ptr_array_add(lines, g_strdup(*p));
        }
    }
    g_strfreev(parts);
    bl_diag_clear(diag);
}

/* Tells the problems to diag (with --quiet, the errors only: the draft shows every one). */
static void
tell_lines(GPtrArray *lines, struct bl_diag *diag)
{
    for (guint i = 0; i < lines->len; i++) {
        const char *line = g_ptr_array_index(lines, i);
        char *text = g_strconcat(line, "\n", NULL);

        bl_diag_tell(diag, strstr(line, ": warning: ") != NULL ? BL_DIAG_WARNING : BL_DIAG_ERROR,
                     text);
        g_free(text);
    }
}

/* A session whose problems are kept (to list them on the review page) instead of told; what is
 * loaded and done is told to diag as it comes. Free with unload(). */
static int
load(struct bl_session *ses, const char *incident, const struct bl_preview_options *opts,
     GPtrArray *problems, struct bl_diag *diag)
{
    struct bl_diag *kept = bl_diag_new_fn(bl_diag_forward, diag);
    int rc;

    bl_diag_hold(kept, TRUE);
    bl_session_init(ses, kept);
    ses->memo = opts->memo;
    rc = bl_session_load(ses, incident, opts->recipients, opts->data_dir, NULL, TRUE);
    collect(problems, ses->diag);
    if (rc == BL_EXIT_OK) {
        rc = bl_session_fonts(ses, opts->data_dir);
        collect(problems, ses->diag);
    }
    return rc;
}

static void
unload(struct bl_session *ses)
{
    struct bl_diag *kept = ses->diag;

    bl_session_release(ses);
    bl_diag_free(kept);
}

/* -- the person ---------------------------------------------------------------------------------
 */

static int
parse_variant(const char *name)
{
    return name == NULL ? BL_VARIANT_ADULT : bl_variant_parse(name);
}

/* Tells that the row of the person id at line was rejected, and why. */
static void
tell_rejected(struct bl_session *ses, const struct bl_preview_options *opts, int line,
              const char *row_id, const char *error)
{
    struct bl_loc loc = {opts->recipients, line, 0};
    char *id = bl_text_redact(row_id);

    bl_diag_error(ses->diag, &loc, "%s (recipient '%s')", error, id);
    g_free(id);
}

/* The recipient with this id in the list, copied; NULL (reported) when absent or rejected. The
 * memo, when given and holding the list, is asked first and told what was found. */
static struct bl_recipient *
find_recipient(struct bl_session *ses, const struct bl_preview_options *opts, GPtrArray *problems)
{
    struct bl_source *src = NULL;
    const struct bl_record *rec;
    struct bl_recipient *found = NULL;
    char *key = opts->memo != NULL ? bl_source_key(ses->incident) : NULL;
    const char *error = NULL;
    int line = 0, more = 0;

    if (key != NULL && bl_check_memo_person(opts->memo, opts->recipients, key, opts->recipient,
                                            &found, &line, &error)) {
        /* found as the last preview of this list found them */
        if (found != NULL) {
            found->covered_entity = bl_incident_entity(ses->incident, found->entity);
        } else if (error != NULL) {
            tell_rejected(ses, opts, line, opts->recipient, error);
        }
    } else {
        /* the other rows' problems are not this preview's: only the chosen row's are reported */
        if (bl_source_open(&src, opts->recipients, ses->incident, ses->quiet) < 0) {
            collect(problems, ses->quiet);
            g_free(key);
            return NULL;
        }
        while ((more = bl_source_next(src, &rec)) > 0) {
            if (strcmp(rec->row_id, opts->recipient) != 0) {
                continue;
            }
            if (key != NULL) {
                bl_check_memo_keep_person(opts->memo, opts->recipients, key, opts->recipient, rec);
            }
            if (rec->status == 0) {
                found = bl_recipient_copy(&rec->recipient);
            } else {
                tell_rejected(ses, opts, rec->line, rec->row_id, rec->error);
            }
            break;
        }
        if (key != NULL && more == 0) {
            /* read to its end without finding them */
            bl_check_memo_keep_person(opts->memo, opts->recipients, key, opts->recipient, NULL);
        }
        bl_diag_clear(ses->quiet);
        bl_source_free(src);
    }
    g_free(key);
    if (found == NULL && bl_diag_error_count(ses->diag) == 0) {
        struct bl_loc loc = {opts->recipients, 0, 0};
        char *id = bl_text_redact(opts->recipient);

        bl_diag_error(ses->diag, &loc, "recipient '%s' is not in the list", id);
        g_free(id);
    }
    collect(problems, ses->diag);
    return found;
}

/* -- findings and the review page ---------------------------------------------------------------
 */

/* The findings of the check that concern this person's letter, bind problems left out (they
 * are listed as problems already). */
static GPtrArray *
findings_for(const struct bl_session *ses, const struct bl_recipient *r)
{
    GPtrArray *out = g_ptr_array_new();

    for (guint i = 0; ses->check != NULL && i < ses->check->findings->len; i++) {
        const struct bl_finding *f = g_ptr_array_index(ses->check->findings, i);

        if (strcmp(f->rule, "template-field") == 0 || strcmp(f->rule, "rejected-rows") == 0) {
            continue;
        }
        if (bl_check_concerns(f, ses->incident, r)) {
            g_ptr_array_add(out, (gpointer)f);
        }
    }
    return out;
}

/* Binds the review page of the letter of r into page; assumptions gets what it assumed. */
static void
review(struct bl_letter *page, const struct bl_session *ses, const char *title, const char *who,
       const struct bl_recipient *r, const struct bl_preview_basis *basis,
       const GPtrArray *problems, const GPtrArray *findings, const char *failure,
       GPtrArray *assumptions)
{
    struct bl_preview_review rv = {.title = title,
                                   .who = who,
                                   .incident = ses->incident->path,
                                   .template_path = ses->template_path,
                                   .organisation = ses->incident->org.name,
                                   .failure = failure,
                                   .assumptions = assumptions,
                                   .problems = problems,
                                   .findings = findings};

    bl_preview_assumptions(assumptions, ses->incident, r, basis);
    bl_preview_review_page(page, &rv);
}

/* Binds and lays out the letter of r into *out, with the review label when not NULL. Returns 0,
 * or -1 with *failure set to why the letter cannot be made (free with g_free()); every message
 * goes to problems. */
static int
make_letter(struct bl_doc **out, struct bl_letter *letter, struct bl_session *ses,
            const struct bl_facts *facts, const struct bl_recipient *r, const char *label,
            GPtrArray *problems, char **failure)
{
    int rc = bl_bind(letter, ses->tpl, ses->incident, facts, r, ses->diag);

    letter->draft = TRUE;
    g_free(letter->label);
    letter->label = g_strdup(label);
    if (rc == 0) {
        rc = bl_layout(out, letter, ses->fonts, ses->diag);
    }
    if (rc < 0) {
        *failure = g_strdup(bl_diag_last_message(ses->diag));
    }
    collect(problems, ses->diag);
    return rc;
}

/* -- output ---------------------------------------------------------------------------------------
 */

static int
write_output(const struct bl_preview_options *opts, struct bl_doc **docs, guint n,
             const struct bl_letter *meta, struct bl_diag *diag)
{
    return bl_sink_write_once(opts->png ? "png" : "pdf", opts->output, meta,
                              (const struct bl_doc *const *)docs, n, NULL, diag);
}

static void
add_file(GPtrArray *files, const char *path)
{
    if (path != NULL && !g_ptr_array_find_with_equal_func(files, path, g_str_equal, NULL)) {
        g_ptr_array_add(files, g_strdup(path));
    }
}

/* The files a preview reads, for watch mode. */
static void
inputs(GPtrArray *files, const struct bl_session *ses, const struct bl_preview_options *opts)
{
    const char *data = bl_session_data_dir(opts->data_dir);
    char *contacts = g_build_filename(data, "templates", "contacts.xml", NULL);
    char *rules = g_build_filename(data, "templates", "rules", "jurisdictions.xml", NULL);

    add_file(files, opts->incident);
    add_file(files, opts->recipients);
    add_file(files, contacts);
    add_file(files, rules);
    for (guint i = 0; ses->tpl != NULL && i < bl_template_files(ses->tpl)->len; i++) {
        add_file(files, g_ptr_array_index(bl_template_files(ses->tpl), i));
    }
    g_free(contacts);
    g_free(rules);
}

/* Facts of the whole list for binding: the check's when it ran (TRUE), else none. */
static gboolean
run_check(struct bl_session *ses, const char *recipients, struct bl_facts *facts)
{
    gboolean ok = bl_session_check(ses, recipients, ses->quiet) == 0;

    if (ok) {
        facts->residents = ses->check->residents;
        facts->state_law = bl_check_facts_state_law;
        facts->state_law_data = ses->check;
    }
    bl_diag_clear(ses->quiet);
    return ok;
}

/* -- one preview ----------------------------------------------------------------------------------
 */

/* Makes the preview; appends the report to tell to out, and tells diag the problems. */
static int
preview_letter(const struct bl_preview_options *opts, GPtrArray *files, GString *out,
               struct bl_diag *diag)
{
    GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *assumptions = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *findings = NULL;
    struct bl_session ses;
    struct bl_letter letter, page;
    struct bl_recipient *r = NULL;
    struct bl_entity entity = {0};
    struct bl_facts facts = {NULL, TRUE, NULL, NULL};
    struct bl_preview_basis basis = {BL_PREVIEW_SAMPLE, opts->variant != NULL, 0, NULL, FALSE};
    struct bl_doc *docs[2] = {NULL, NULL};
    char *who = NULL, *failure = NULL;
    int variant = parse_variant(opts->variant);
    int rc;

    bl_letter_init(&letter);
    bl_letter_init(&page);
    rc = load(&ses, opts->incident, opts, problems, diag);
    if (files != NULL) {
        inputs(files, &ses, opts);
    }
    if (rc != BL_EXIT_OK) {
        tell_lines(problems, diag);
        goto out;
    }
    basis.checked = run_check(&ses, opts->recipients, &facts);
    if (basis.checked && opts->checked != NULL) {
        opts->checked(opts->checked_data, ses.check, ses.tpl);
    }
    if (opts->recipient != NULL) {
        r = find_recipient(&ses, opts, problems);
        who = g_strdup_printf("recipient %s", opts->recipient);
        basis.person = BL_PREVIEW_LISTED;
    } else {
        r = bl_session_placeholder(ses.incident, opts->jurisdiction, &entity);
        r->variant = (enum bl_variant)MAX(variant, 0);
        if (opts->language != NULL) {
            g_free(r->language);
            r->language = g_strdup(opts->language);
        }
        who = g_strdup_printf("the sample person (%s%s%s%s%s)", bl_variant_name(r->variant),
                              opts->jurisdiction != NULL ? ", resident of " : "",
                              opts->jurisdiction != NULL ? bl_jurisdiction_name(opts->jurisdiction)
                                                         : "",
                              opts->language != NULL ? ", reading " : "",
                              opts->language != NULL ? opts->language : "");
    }
    if (r == NULL) {
        tell_lines(problems, diag);
        rc = BL_EXIT_BAD_INPUT;
        goto out;
    }
    make_letter(&docs[1], &letter, &ses, &facts, r, NULL, problems, &failure);
    findings = findings_for(&ses, r);
    review(&page, &ses, "Draft review", who, r, &basis, problems, findings, failure, assumptions);
    if (bl_layout(&docs[0], &page, ses.fonts, ses.diag) < 0 ||
        write_output(opts, docs, docs[1] != NULL ? 2 : 1, docs[1] != NULL ? &letter : &page,
                     ses.diag) < 0) {
        collect(problems, ses.diag);
        tell_lines(problems, diag);
        rc = BL_EXIT_IO;
        goto out;
    }
    tell_lines(problems, diag);
    if (failure != NULL) {
        /* a preview without its letter must not pass for one */
        bl_diag_error(diag, NULL,
                      "the letter of %s cannot be made: %s; %s holds its review page only", who,
                      failure, bl_diag_file_name(opts->output));
        rc = BL_EXIT_BAD_INPUT;
    }
    if (bl_diag_level() > BL_DIAG_QUIET) {
        g_string_append_printf(out, "preview: wrote %s (%u problem%s, %u finding%s)\n",
                               bl_diag_file_name(opts->output), problems->len,
                               problems->len == 1 ? "" : "s", findings->len,
                               findings->len == 1 ? "" : "s");
        if (assumptions->len > 0) {
            g_string_append_printf(out,
                                   "preview: the letter rests on %u assumption%s, listed on its "
                                   "review page\n",
                                   assumptions->len, assumptions->len == 1 ? "" : "s");
        }
    }
out:
    bl_doc_free(docs[0]);
    bl_doc_free(docs[1]);
    bl_letter_release(&letter);
    bl_letter_release(&page);
    bl_recipient_free(r);
    if (findings != NULL) {
        g_ptr_array_unref(findings);
    }
    g_ptr_array_unref(problems);
    g_ptr_array_unref(assumptions);
    g_free(who);
    g_free(failure);
    unload(&ses);
    return rc;
}

/* -- the variant sheet ---------------------------------------------------------------------------
 */

struct variant {
    char *jurisdiction; /* a state the template has text for, or "" for every other */
    enum bl_variant kind;
    char *language;
    gboolean code;   /* the person has an enrolment code of their own */
    gboolean entity; /* the letter is written on behalf of a covered entity */
    gint64 count;
    GArray *categories; /* every category any of them had, in incident order */
    GPtrArray *others;  /* for "": the states it stands for */
};

static void
variant_free(gpointer data)
{
    struct variant *v = data;

    g_free(v->jurisdiction);
    g_free(v->language);
    g_array_unref(v->categories);
    g_ptr_array_unref(v->others);
    g_free(v);
}

static gint
compare_variants(gconstpointer a, gconstpointer b)
{
    const struct variant *x = *(const struct variant *const *)a;
    const struct variant *y = *(const struct variant *const *)b;
    int c = strcmp(x->jurisdiction[0] != '\0' ? x->jurisdiction : "~",
                   y->jurisdiction[0] != '\0' ? y->jurisdiction : "~");

    if (c == 0) {
        c = (int)x->kind - (int)y->kind;
    }
    if (c == 0) {
        c = strcmp(x->language, y->language);
    }
    if (c == 0) {
        c = (int)y->code - (int)x->code;
    }
    return c != 0 ? c : (int)y->entity - (int)x->entity;
}

static void
merge_categories(GArray *into, const GArray *from)
{
    for (guint i = 0; i < from->len; i++) {
        int ix = g_array_index(from, int, i);
        guint at = 0;

        while (at < into->len && g_array_index(into, int, at) < ix) {
            at++;
        }
        if (at == into->len || g_array_index(into, int, at) != ix) {
            g_array_insert_val(into, at, ix);
        }
    }
}

static GPtrArray *
gather_variants(struct bl_session *ses, const char *list, gint64 *rows)
{
    GPtrArray *vs = g_ptr_array_new_with_free_func(variant_free);
    struct bl_source *src = NULL;
    const struct bl_record *rec;

    if (bl_source_open(&src, list, ses->incident, ses->quiet) < 0) {
        g_ptr_array_unref(vs);
        return NULL;
    }
    while (bl_source_next(src, &rec) > 0) {
        const struct bl_recipient *r = &rec->recipient;
        const char *j;
        struct variant *v = NULL;

        if (rec->status < 0) {
            continue;
        }
        (*rows)++;
        j = bl_template_names_jurisdiction(ses->tpl, r->jurisdiction) ? r->jurisdiction : "";
        for (guint i = 0; i < vs->len && v == NULL; i++) {
            struct variant *x = g_ptr_array_index(vs, i);

            if (strcmp(x->jurisdiction, j) == 0 && x->kind == r->variant &&
                strcmp(x->language, r->language) == 0 &&
                x->code == (r->enrolment_code[0] != '\0') &&
                x->entity == (r->covered_entity != NULL)) {
                v = x;
            }
        }
        if (v == NULL) {
            v = g_new0(struct variant, 1);
            v->jurisdiction = g_strdup(j);
            v->kind = r->variant;
            v->language = g_strdup(r->language);
            v->code = r->enrolment_code[0] != '\0';
            v->entity = r->covered_entity != NULL;
            v->categories = g_array_new(FALSE, FALSE, sizeof(int));
            v->others = g_ptr_array_new_with_free_func(g_free);
            g_ptr_array_add(vs, v);
        }
        v->count++;
        merge_categories(v->categories, r->categories);
        if (j[0] == '\0' && r->jurisdiction[0] != '\0' &&
            !g_ptr_array_find_with_equal_func(v->others, r->jurisdiction, g_str_equal, NULL)) {
            g_ptr_array_add(v->others, g_strdup(r->jurisdiction));
        }
    }
    bl_source_free(src);
    g_ptr_array_sort(vs, compare_variants);
    return vs;
}

/* What the variant is: "residents of Iowa · adult · en · with enrolment code · 2 recipients". */
static char *
variant_text(const struct variant *v)
{
    GString *where = g_string_new(NULL);
    char *text;

    if (v->jurisdiction[0] != '\0') {
        g_string_append_printf(where, "residents of %s", bl_jurisdiction_name(v->jurisdiction));
    } else {
        g_string_append(where, "other states");
        for (guint k = 0; k < v->others->len && k < 8; k++) {
            g_string_append_printf(where, "%s%s", k == 0 ? " (" : ", ",
                                   (const char *)g_ptr_array_index(v->others, k));
        }
        g_string_append(where, v->others->len > 8 ? ", ...)" : v->others->len > 0 ? ")" : "");
    }
    text = g_strdup_printf("%s · %s · %s · %s%s · %" G_GINT64_FORMAT " recipient%s", where->str,
                           bl_variant_name(v->kind), v->language,
                           v->code ? "with enrolment code" : "without enrolment code",
                           v->entity ? "" : " · no covered entity", v->count,
                           v->count == 1 ? "" : "s");
    g_string_free(where, TRUE);
    return text;
}

/* The variant's sample person: the placeholders, with what the variant's recipients share. */
static struct bl_recipient *
variant_person(const struct bl_session *ses, const struct variant *v, struct bl_entity *entity)
{
    const char *state = v->jurisdiction[0] != '\0' ? v->jurisdiction
                        : v->others->len > 0       ? (const char *)g_ptr_array_index(v->others, 0)
                                                   : NULL;
    struct bl_recipient *r = bl_session_placeholder(ses->incident, state, entity);

    r->variant = v->kind;
    g_free(r->language);
    r->language = g_strdup(v->language);
    g_array_set_size(r->categories, 0);
    g_array_append_vals(r->categories, v->categories->data, v->categories->len);
    if (!v->code) {
        g_free(r->enrolment_code);
        r->enrolment_code = g_strdup("");
    }
    if (!v->entity) {
        r->covered_entity = NULL;
    }
    return r;
}

/* Appends the strings of from that all does not hold yet. */
static void
merge_lines(GPtrArray *all, const GPtrArray *from)
{
    for (guint i = 0; i < from->len; i++) {
        const char *line = g_ptr_array_index(from, i);

        if (!g_ptr_array_find_with_equal_func(all, line, g_str_equal, NULL)) {
            g_ptr_array_add(all, g_strdup(line));
        }
    }
}

/* Makes variant i of the sheet: its review page, then its labelled letter, onto docs. Returns
 * 0, or -1 with *failure set when the letter cannot be made (its review page says why). The
 * problems of the letter go to problems (those of the load are in loaded already). */
static int
sheet_variant(GPtrArray *docs, struct bl_letter *letter, struct bl_session *ses,
              const struct bl_facts *facts, gboolean checked, const struct variant *v, guint i,
              guint n, const GPtrArray *loaded, GPtrArray *problems, char **failure)
{
    GPtrArray *own = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *shown = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *assumptions = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *findings;
    struct bl_entity entity = {0};
    struct bl_recipient *r = variant_person(ses, v, &entity);
    struct bl_preview_basis basis = {BL_PREVIEW_VARIANT, TRUE, v->count,
                                     v->jurisdiction[0] == '\0' ? v->others : NULL, checked};
    struct bl_letter page;
    struct bl_doc *cover = NULL, *doc = NULL;
    char *text = variant_text(v);
    char *label = g_strdup_printf("VARIANT %u OF %u: %s", i + 1, n, text);
    char *title = g_strdup_printf("Variant %u of %u", i + 1, n);
    char *who = g_strdup_printf("the sample person of this variant (%s)", text);
    int rc;

    bl_letter_init(&page);
    rc = make_letter(&doc, letter, ses, facts, r, label, own, failure);
    findings = findings_for(ses, r);
    merge_lines(shown, loaded);
    merge_lines(shown, own);
    review(&page, ses, title, who, r, &basis, shown, findings, *failure, assumptions);
    if (bl_layout(&cover, &page, ses->fonts, ses->diag) < 0) {
        /* a review page is a notice of plain text: only the fonts can fail it */
        rc = -1;
        if (*failure == NULL) {
            *failure = g_strdup(bl_diag_last_message(ses->diag));
        }
        collect(own, ses->diag);
    } else {
        g_ptr_array_add(docs, cover);
    }
    if (doc != NULL) {
        g_ptr_array_add(docs, doc);
    }
    merge_lines(problems, own);
    g_ptr_array_unref(findings);
    g_ptr_array_unref(own);
    g_ptr_array_unref(shown);
    g_ptr_array_unref(assumptions);
    bl_letter_release(&page);
    bl_recipient_free(r);
    g_free(text);
    g_free(label);
    g_free(title);
    g_free(who);
    return rc;
}

static int
preview_variants(const struct bl_preview_options *opts, GString *out, struct bl_diag *diag)
{
    GPtrArray *loaded = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *failed = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *vs = NULL, *docs = g_ptr_array_new_with_free_func((GDestroyNotify)bl_doc_free);
    struct bl_session ses;
    struct bl_letter letter, meta;
    struct bl_facts facts = {NULL, TRUE, NULL, NULL};
    gboolean checked;
    gint64 rows = 0;
    int rc;

    bl_letter_init(&letter);
    bl_letter_init(&meta);
    meta.draft = TRUE;
    rc = load(&ses, opts->incident, opts, loaded, diag);
    if (rc != BL_EXIT_OK) {
        tell_lines(loaded, diag);
        goto out;
    }
    checked = run_check(&ses, opts->recipients, &facts);
    vs = gather_variants(&ses, opts->recipients, &rows);
    if (vs == NULL) {
        collect(loaded, ses.quiet);
        tell_lines(loaded, diag);
        rc = BL_EXIT_BAD_INPUT;
        goto out;
    }
    merge_lines(problems, loaded);
    if (vs->len == 0) {
        struct bl_loc loc = {opts->recipients, 0, 0};

        tell_lines(problems, diag);
        bl_diag_error(diag, &loc, "the list has no recipient a letter can be made for");
        rc = BL_EXIT_BAD_INPUT;
        goto out;
    }
    g_string_append_printf(out,
                           "%u variant%s of the letter for %" G_GINT64_FORMAT " recipient%s:\n",
                           vs->len, vs->len == 1 ? "" : "s", rows, rows == 1 ? "" : "s");
    for (guint i = 0; i < vs->len; i++) {
        const struct variant *v = g_ptr_array_index(vs, i);
        char *text = variant_text(v);
        char *failure = NULL;

        if (sheet_variant(docs, &letter, &ses, &facts, checked, v, i, vs->len, loaded, problems,
                          &failure) == 0 &&
            meta.title == NULL) {
            /* the sheet's PDF is titled as the letters are */
            meta.title = g_strdup(letter.title);
            meta.author = g_strdup(letter.author);
            meta.subject = g_strdup(letter.subject);
            meta.date = letter.date;
        }
        if (failure != NULL) {
            g_ptr_array_add(failed, g_strdup_printf("variant %u of %u ('%s') cannot be made: %s",
                                                    i + 1, vs->len, text, failure));
        }
        g_string_append_printf(out, "  %u OF %u: %s%s\n", i + 1, vs->len, text,
                               failure != NULL ? " · NOT MADE" : "");
        g_free(failure);
        g_free(text);
    }
    if (meta.title == NULL) {
        /* no variant could be made: the sheet holds their review pages */
        meta.title = g_strdup("Variants of the letter");
        meta.author = g_strdup(ses.incident->org.name);
        meta.date = ses.incident->notice;
    }
    if (bl_sink_write_once("pdf", opts->output, &meta, (const struct bl_doc *const *)docs->pdata,
                           docs->len, NULL, ses.diag) < 0) {
        collect(problems, ses.diag);
        rc = BL_EXIT_IO;
    }
    tell_lines(problems, diag);
    for (guint i = 0; i < failed->len; i++) {
        bl_diag_error(diag, NULL, "%s", (const char *)g_ptr_array_index(failed, i));
    }
    if (failed->len > 0 && rc == BL_EXIT_OK) {
        /* a sheet that lacks a variant must not pass for the whole list */
        rc = BL_EXIT_BAD_INPUT;
    }
    if (rc != BL_EXIT_IO && bl_diag_level() > BL_DIAG_QUIET) {
        g_string_append_printf(out, "preview: wrote %s (%u variant%s, ",
                               bl_diag_file_name(opts->output), vs->len, vs->len == 1 ? "" : "s");
        if (failed->len > 0) {
            g_string_append_printf(out, "%u NOT MADE: see the errors, ", failed->len);
        }
        g_string_append_printf(out, "%u problem%s)\n", problems->len,
                               problems->len == 1 ? "" : "s");
    }
out:
    if (vs != NULL) {
        g_ptr_array_unref(vs);
    }
    g_ptr_array_unref(docs);
    g_ptr_array_unref(loaded);
    g_ptr_array_unref(problems);
    g_ptr_array_unref(failed);
    bl_letter_release(&letter);
    bl_letter_release(&meta);
    unload(&ses);
    return rc;
}

/* -- comparing two drafts ------------------------------------------------------------------------
 */

/* Loads incident and binds the letter the options ask for into letter; problems to problems. */
static int
draft_of(struct bl_session *ses, struct bl_letter *letter, const char *incident,
         const struct bl_preview_options *opts, GPtrArray *problems, struct bl_diag *diag)
{
    struct bl_facts facts = {NULL, TRUE, NULL, NULL};
    struct bl_entity entity = {0};
    struct bl_recipient *r;
    int rc = load(ses, incident, opts, problems, diag);

    if (rc == BL_EXIT_OK) {
        r = bl_session_placeholder(ses->incident, opts->jurisdiction, &entity);
        r->variant = (enum bl_variant)MAX(parse_variant(opts->variant), 0);
        if (bl_bind(letter, ses->tpl, ses->incident, &facts, r, ses->quiet) < 0) {
            collect(problems, ses->quiet);
            rc = BL_EXIT_BAD_INPUT;
        }
        bl_diag_clear(ses->quiet);
        bl_recipient_free(r);
    }
    return rc;
}

static int
preview_compare(const struct bl_preview_options *opts, GString *out, struct bl_diag *diag)
{
    GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
    struct bl_session old_ses, new_ses;
    struct bl_letter old, new_, redline;
    struct bl_doc *doc = NULL;
    int rc, changes;

    bl_letter_init(&old);
    bl_letter_init(&new_);
    bl_letter_init(&redline);
    rc = draft_of(&old_ses, &old, opts->compare, opts, problems, diag);
    if (rc == BL_EXIT_OK) {
        rc = draft_of(&new_ses, &new_, opts->incident, opts, problems, diag);
    } else {
        bl_session_init(&new_ses, NULL); /* so that it can be unloaded */
    }
    if (rc != BL_EXIT_OK) {
        tell_lines(problems, diag);
        goto out;
    }
    changes = bl_preview_compare(out, &redline, &old, &new_, bl_diag_file_name(opts->compare),
                                 bl_diag_file_name(opts->incident));
    if (bl_layout(&doc, &redline, new_ses.fonts, new_ses.diag) < 0 ||
        write_output(opts, &doc, 1, &redline, new_ses.diag) < 0) {
        collect(problems, new_ses.diag);
        tell_lines(problems, diag);
        rc = BL_EXIT_IO;
        goto out;
    }
    if (bl_diag_level() > BL_DIAG_QUIET) {
        g_string_append_printf(out, "preview: wrote the redline to %s (%d change%s)\n",
                               bl_diag_file_name(opts->output), changes, changes == 1 ? "" : "s");
    }
out:
    bl_doc_free(doc);
    bl_letter_release(&old);
    bl_letter_release(&new_);
    bl_letter_release(&redline);
    g_ptr_array_unref(problems);
    unload(&old_ses);
    unload(&new_ses);
    return rc;
}

/* The options' own mistakes, before anything is read. Returns an enum bl_exit. */
static int
check_options(const struct bl_preview_options *opts, struct bl_diag *diag)
{
    if (parse_variant(opts->variant) < 0 ||
        (opts->jurisdiction != NULL && bl_jurisdiction_name(opts->jurisdiction) == NULL)) {
        bl_diag_error(diag, NULL, "unknown %s '%s'",
                      parse_variant(opts->variant) < 0 ? "variant" : "jurisdiction",
                      parse_variant(opts->variant) < 0 ? opts->variant : opts->jurisdiction);
        return BL_EXIT_USAGE;
    }
    if (opts->language != NULL &&
        (strlen(opts->language) != 2 || !g_ascii_islower(opts->language[0]) ||
         !g_ascii_islower(opts->language[1]))) {
        bl_diag_error(diag, NULL, "unknown language '%s': give a two-letter lowercase code (es)",
                      opts->language);
        return BL_EXIT_USAGE;
    }
    if ((opts->variants || opts->recipient != NULL) && opts->recipients == NULL) {
        bl_diag_error(diag, NULL, "a preview of %s needs a recipient list",
                      opts->variants ? "the variants" : "a recipient");
        return BL_EXIT_USAGE;
    }
    return BL_EXIT_OK;
}

int
bl_preview_once(const struct bl_preview_options *opts, GPtrArray *files, struct bl_diag *diag)
{
    GString *out;
    int rc = check_options(opts, diag);

    if (rc != BL_EXIT_OK) {
        return rc;
    }
    out = g_string_new(NULL);
    /* a broken edit leaves the last good preview in place: the files are written only when
     * the preview could be made */
    rc = preview_letter(opts, files, out, diag);
    bl_diag_tell(diag, BL_DIAG_REPORT, out->str);
    g_string_free(out, TRUE);
    return rc;
}

int
bl_preview_run(const struct bl_preview_options *opts, struct bl_diag *diag)
{
    GString *out;
    int rc = check_options(opts, diag);

    if (rc != BL_EXIT_OK) {
        return rc;
    }
    out = g_string_new(NULL);
    rc = opts->compare != NULL ? preview_compare(opts, out, diag)
         : opts->variants      ? preview_variants(opts, out, diag)
                               : preview_letter(opts, NULL, out, diag);
    /* the diff, the list of variants or where the preview went */
    bl_diag_tell(diag, BL_DIAG_REPORT, out->str);
    g_string_free(out, TRUE);
    return rc;
}

/* SPDX-License-Identifier: MIT */
/* Preview: forgiving drafts for reviewers. Where render stops, preview marks the problem on the
 * page and lists it on a review page; every page says DRAFT. */
#include "preview.h"

#include <gio/gio.h>
#include <string.h>
#include <sys/stat.h>

#include "bind.h"
#include "layout.h"
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

/* The recipient with this id in the list, copied; NULL (reported) when absent or rejected. */
static struct bl_recipient *
find_recipient(struct bl_session *ses, const struct bl_preview_options *opts, GPtrArray *problems)
{
    struct bl_source *src = NULL;
    const struct bl_record *rec;
    struct bl_recipient *found = NULL;

    /* the other rows' problems are not this preview's: only the chosen row's are reported */
    if (bl_source_open(&src, opts->recipients, ses->incident, ses->quiet) < 0) {
        collect(problems, ses->quiet);
        return NULL;
    }
    while (found == NULL && bl_source_next(src, &rec) > 0) {
        if (strcmp(rec->row_id, opts->recipient) != 0) {
            continue;
        }
        if (rec->status == 0) {
            found = bl_recipient_copy(&rec->recipient);
        } else {
            struct bl_loc loc = {opts->recipients, rec->line, 0};
            char *id = bl_text_redact(rec->row_id);

            bl_diag_error(ses->diag, &loc, "%s (recipient '%s')", rec->error, id);
            g_free(id);
            break;
        }
    }
    bl_diag_clear(ses->quiet);
    bl_source_free(src);
    if (found == NULL && bl_diag_error_count(ses->diag) == 0) {
        struct bl_loc loc = {opts->recipients, 0, 0};
        char *id = bl_text_redact(opts->recipient);

        bl_diag_error(ses->diag, &loc, "recipient '%s' is not in the list", id);
        g_free(id);
    }
    collect(problems, ses->diag);
    return found;
}

/* -- the review page ----------------------------------------------------------------------------
 */

static void
add(struct bl_letter *letter, enum bl_block_kind kind, char *markup_take)
{
    struct bl_block b = {.kind = kind,
                         .markup = markup_take,
                         .align = BL_ALIGN_LEFT,
                         .keep_with_next = kind != BL_BLOCK_PARA && kind != BL_BLOCK_ITEM,
                         .personal = TRUE};

    g_array_append_val(letter->blocks, b);
}

static void
review_page(struct bl_letter *rl, const struct bl_session *ses, const char *who,
            GPtrArray *problems, GPtrArray *findings)
{
    bl_letter_init(rl);
    rl->notice = TRUE;
    rl->draft = TRUE;
    rl->font_size = 10.5;
    rl->title = g_strdup("Draft review");
    rl->author = g_strdup(ses->incident->org.name);
    rl->running_header = g_strdup("Draft review");
    add(rl, BL_BLOCK_TITLE, g_strdup("Draft review"));
    add(rl, BL_BLOCK_PARA,
        g_markup_printf_escaped("Incident <b>%s</b>, template <b>%s</b>, letter for %s. This "
                                "draft is not for mailing: every place the letter lacks "
                                "something is highlighted where it stands.",
                                ses->incident->path, ses->template_path, who));
    add(rl, BL_BLOCK_HEADING, g_strdup_printf("Problems to fix (%u)", problems->len));
    for (guint i = 0; i < problems->len; i++) {
        add(rl, BL_BLOCK_ITEM, g_markup_escape_text(g_ptr_array_index(problems, i), -1));
    }
    if (problems->len == 0) {
        add(rl, BL_BLOCK_PARA, g_strdup("None: the incident and the template are complete."));
    }
    add(rl, BL_BLOCK_HEADING,
        g_strdup_printf("Compliance findings for this letter (%u)", findings->len));
    for (guint i = 0; i < findings->len; i++) {
        const struct bl_finding *f = g_ptr_array_index(findings, i);

        add(rl, BL_BLOCK_ITEM,
            g_markup_printf_escaped("<b>%s %s</b> %s%s%s%s",
                                    f->severity == BL_SEV_ERROR ? "Error" : "Warning",
                                    f->jurisdiction != NULL ? f->jurisdiction : "", f->message,
                                    f->cite != NULL ? " (" : "", f->cite != NULL ? f->cite : "",
                                    f->cite != NULL ? ")" : ""));
    }
    if (findings->len == 0) {
        add(rl, BL_BLOCK_PARA, g_strdup("None for this letter."));
    }
}

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

/* -- one preview ----------------------------------------------------------------------------------
 */

/* Makes the preview; appends the report to tell to out, and tells diag the problems. */
static int
preview_letter(const struct bl_preview_options *opts, GPtrArray *files, GString *out,
               struct bl_diag *diag)
{
    GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *findings = NULL;
    struct bl_session ses;
    struct bl_letter letter, review;
    struct bl_recipient *r = NULL;
    struct bl_entity entity = {0};
    struct bl_facts facts = {NULL, TRUE, NULL, NULL};
    struct bl_doc *docs[2] = {NULL, NULL};
    char *who = NULL;
    int variant = parse_variant(opts->variant);
    int rc;

    bl_letter_init(&letter);
    bl_letter_init(&review);
    rc = load(&ses, opts->incident, opts, problems, diag);
    if (files != NULL) {
        inputs(files, &ses, opts);
    }
    if (rc != BL_EXIT_OK) {
        tell_lines(problems, diag);
        goto out;
    }
    if (bl_session_check(&ses, opts->recipients, ses.quiet) == 0) {
        facts.residents = ses.check->residents;
        facts.state_law = bl_check_facts_state_law;
        facts.state_law_data = ses.check;
    }
    bl_diag_clear(ses.quiet);
    if (opts->recipient != NULL) {
        r = find_recipient(&ses, opts, problems);
        who = g_strdup_printf("recipient %s", opts->recipient);
    } else {
        r = bl_session_placeholder(ses.incident, opts->jurisdiction, &entity);
        r->variant = (enum bl_variant)MAX(variant, 0);
        who = g_strdup_printf("the sample person (%s%s%s)", bl_variant_name(r->variant),
                              opts->jurisdiction != NULL ? ", resident of " : "",
                              opts->jurisdiction != NULL ? bl_jurisdiction_name(opts->jurisdiction)
                                                         : "");
    }
    if (r == NULL) {
        tell_lines(problems, diag);
        rc = BL_EXIT_BAD_INPUT;
        goto out;
    }
    bl_bind(&letter, ses.tpl, ses.incident, &facts, r, ses.diag);
    letter.draft = TRUE;
    collect(problems, ses.diag);
    if (bl_layout(&docs[1], &letter, ses.fonts, ses.diag) < 0) {
        collect(problems, ses.diag);
    }
    findings = findings_for(&ses, r);
    review_page(&review, &ses, who, problems, findings);
    if (bl_layout(&docs[0], &review, ses.fonts, ses.diag) < 0 ||
        write_output(opts, docs, docs[1] != NULL ? 2 : 1, &letter, ses.diag) < 0) {
        collect(problems, ses.diag);
        tell_lines(problems, diag);
        rc = BL_EXIT_IO;
        goto out;
    }
    tell_lines(problems, diag);
    if (bl_diag_level() > BL_DIAG_QUIET) {
        g_string_append_printf(out, "preview: wrote %s (%u problem%s, %u finding%s)\n",
                               bl_diag_file_name(opts->output), problems->len,
                               problems->len == 1 ? "" : "s", findings->len,
                               findings->len == 1 ? "" : "s");
    }
out:
    bl_doc_free(docs[0]);
    bl_doc_free(docs[1]);
    bl_letter_release(&letter);
    bl_letter_release(&review);
    bl_recipient_free(r);
    if (findings != NULL) {
        g_ptr_array_unref(findings);
    }
    g_ptr_array_unref(problems);
    g_free(who);
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

static char *
variant_label(const struct variant *v, guint i, guint n)
{
    GString *where = g_string_new(NULL);

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
    return g_strdup_printf(
        "VARIANT %u OF %u: %s · %s · %s · %s%s · %" G_GINT64_FORMAT " recipient%s", i + 1, n,
        where->str, bl_variant_name(v->kind), v->language,
        v->code ? "with enrolment code" : "without enrolment code",
        v->entity ? "" : " · no covered entity", v->count, v->count == 1 ? "" : "s");
}

static int
preview_variants(const struct bl_preview_options *opts, GString *out, struct bl_diag *diag)
{
    GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *vs = NULL, *docs = g_ptr_array_new_with_free_func((GDestroyNotify)bl_doc_free);
    struct bl_session ses;
    struct bl_letter letter;
    struct bl_facts facts = {NULL, TRUE, NULL, NULL};
    gint64 rows = 0;
    int rc;

    bl_letter_init(&letter);
    rc = load(&ses, opts->incident, opts, problems, diag);
    if (rc != BL_EXIT_OK) {
        tell_lines(problems, diag);
        goto out;
    }
    if (bl_session_check(&ses, opts->recipients, ses.quiet) == 0) {
        facts.residents = ses.check->residents;
        facts.state_law = bl_check_facts_state_law;
        facts.state_law_data = ses.check;
    }
    vs = gather_variants(&ses, opts->recipients, &rows);
    if (vs == NULL) {
        collect(problems, ses.quiet);
        tell_lines(problems, diag);
        rc = BL_EXIT_BAD_INPUT;
        goto out;
    }
    g_string_append_printf(out,
                           "%u variant%s of the letter for %" G_GINT64_FORMAT " recipient%s:\n",
                           vs->len, vs->len == 1 ? "" : "s", rows, rows == 1 ? "" : "s");
    for (guint i = 0; i < vs->len; i++) {
        const struct variant *v = g_ptr_array_index(vs, i);
        const char *state = v->jurisdiction[0] != '\0' ? v->jurisdiction
                            : v->others->len > 0 ? (const char *)g_ptr_array_index(v->others, 0)
                                                 : NULL;
        struct bl_entity entity = {0};
        struct bl_recipient *r = bl_session_placeholder(ses.incident, state, &entity);
        struct bl_doc *doc = NULL;

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
        bl_bind(&letter, ses.tpl, ses.incident, &facts, r, ses.diag);
        letter.draft = TRUE;
        letter.label = variant_label(v, i, vs->len);
        g_string_append_printf(out, "  %s\n", letter.label + strlen("VARIANT "));
        if (bl_layout(&doc, &letter, ses.fonts, ses.diag) == 0) {
            g_ptr_array_add(docs, doc);
        }
        collect(problems, ses.diag);
        bl_recipient_free(r);
    }
    if (docs->len == 0 ||
        bl_sink_write_once("pdf", opts->output, &letter, (const struct bl_doc *const *)docs->pdata,
                           docs->len, NULL, ses.diag) < 0) {
        collect(problems, ses.diag);
        rc = BL_EXIT_IO;
    }
    tell_lines(problems, diag);
    if (rc == BL_EXIT_OK && bl_diag_level() > BL_DIAG_QUIET) {
        g_string_append_printf(out, "preview: wrote %s (%u variant%s, %u problem%s)\n",
                               bl_diag_file_name(opts->output), vs->len, vs->len == 1 ? "" : "s",
                               problems->len, problems->len == 1 ? "" : "s");
    }
out:
    if (vs != NULL) {
        g_ptr_array_unref(vs);
    }
    g_ptr_array_unref(docs);
    g_ptr_array_unref(problems);
    bl_letter_release(&letter);
    unload(&ses);
    return rc;
}

/* -- comparing two drafts ------------------------------------------------------------------------
 */

static GPtrArray *
wording(const char *incident, const struct bl_preview_options *opts, int *rc, struct bl_diag *diag)
{
    GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *lines = NULL;
    struct bl_session ses;
    struct bl_letter letter;
    struct bl_facts facts = {NULL, TRUE, NULL, NULL};
    struct bl_entity entity = {0};
    struct bl_recipient *r;

    bl_letter_init(&letter);
    *rc = load(&ses, incident, opts, problems, diag);
    if (*rc == BL_EXIT_OK) {
        r = bl_session_placeholder(ses.incident, opts->jurisdiction, &entity);
        r->variant = (enum bl_variant)MAX(parse_variant(opts->variant), 0);
        bl_bind(&letter, ses.tpl, ses.incident, &facts, r, ses.quiet);
        lines = g_ptr_array_new_with_free_func(g_free);
        for (guint i = 0; i < letter.blocks->len; i++) {
            const struct bl_block *b = &g_array_index(letter.blocks, struct bl_block, i);

            g_ptr_array_add(lines, b->kind == BL_BLOCK_PAGE_BREAK ? g_strdup("")
                                                                  : bl_markup_to_text(b->markup));
        }
        bl_recipient_free(r);
    } else {
        tell_lines(problems, diag);
    }
    bl_letter_release(&letter);
    unload(&ses);
    g_ptr_array_unref(problems);
    return lines;
}

/* Appends a line diff (longest common subsequence) with one line of context around changes to
 * out. */
static int
print_diff(GString *out, GPtrArray *a, GPtrArray *b, const char *name_a, const char *name_b)
{
    guint n = a->len, m = b->len;
    guint *lcs = g_new0(guint, (gsize)(n + 1) * (m + 1));
    GArray *ops = g_array_new(FALSE, FALSE, sizeof(char));
    GArray *ia = g_array_new(FALSE, FALSE, sizeof(guint)),
           *ib = g_array_new(FALSE, FALSE, sizeof(guint));
    int changes = 0;

#define L(i, j) lcs[(gsize)(i) * (m + 1) + (j)]
    for (guint i = n; i-- > 0;) {
        for (guint j = m; j-- > 0;) {
            L(i, j) = strcmp(g_ptr_array_index(a, i), g_ptr_array_index(b, j)) == 0
                          ? L(i + 1, j + 1) + 1
                          : MAX(L(i + 1, j), L(i, j + 1));
        }
    }
    for (guint i = 0, j = 0; i < n || j < m;) {
        char op;

        if (i < n && j < m && strcmp(g_ptr_array_index(a, i), g_ptr_array_index(b, j)) == 0) {
            op = ' ';
        } else if (i < n && (j == m || L(i + 1, j) >= L(i, j + 1))) {
            op = '-'; /* removals before additions, as diff prints them */
        } else {
            op = '+';
        }
        g_array_append_val(ops, op);
        g_array_append_val(ia, i);
        g_array_append_val(ib, j);
        i += op != '+';
        j += op != '-';
    }
#undef L
    g_string_append_printf(out, "--- %s\n+++ %s\n", name_a, name_b);
    for (guint k = 0; k < ops->len; k++) {
        char op = g_array_index(ops, char, k);
        gboolean near = FALSE;

        for (guint d = (k > 0 ? k - 1 : 0); d <= k + 1 && d < ops->len; d++) {
            near = near || g_array_index(ops, char, d) != ' ';
        }
        if (op == ' ' && !near) {
            continue;
        }
        if (op == ' ' && k > 0 && g_array_index(ops, char, k - 1) == ' ' &&
            !(k + 1 < ops->len && g_array_index(ops, char, k + 1) != ' ')) {
            continue;
        }
        changes += op != ' ';
        g_string_append_printf(
            out, "%c %s\n", op,
            (const char *)(op == '+' ? g_ptr_array_index(b, g_array_index(ib, guint, k))
                                     : g_ptr_array_index(a, g_array_index(ia, guint, k))));
    }
    if (changes == 0) {
        g_string_append(out, "(the wording of the letter is the same)\n");
    }
    g_array_unref(ops);
    g_array_unref(ia);
    g_array_unref(ib);
    g_free(lcs);
    return changes;
}

static int
preview_compare(const struct bl_preview_options *opts, GString *out, struct bl_diag *diag)
{
    int rc_old, rc_new;
    GPtrArray *old = wording(opts->compare, opts, &rc_old, diag);
    GPtrArray *new = wording(opts->incident, opts, &rc_new, diag);

    if (old != NULL && new != NULL) {
        print_diff(out, old, new, opts->compare, opts->incident);
    }
    if (old != NULL) {
        g_ptr_array_unref(old);
    }
    if (new != NULL) {
        g_ptr_array_unref(new);
    }
    return rc_old != BL_EXIT_OK ? rc_old : rc_new;
}

/* -- watch mode ----------------------------------------------------------------------------------
 */

struct watch {
    const struct bl_preview_options *opts;
    struct bl_diag *diag;
    GHashTable *monitors; /* path -> GFileMonitor *: every file any preview read */
    guint timer;
};

static void rewatch(struct watch *w, GPtrArray *files);

static gboolean
fire(gpointer data)
{
    struct watch *w = data;
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    GString *out = g_string_new(NULL);

    w->timer = 0;
    /* a broken edit leaves the last good preview in place: the files are written only when
     * the preview could be made */
    preview_letter(w->opts, files, out, w->diag);
    /* a report that cannot be written does not end the watch: the previews are still made */
    bl_diag_tell(w->diag, BL_DIAG_REPORT, out->str);
    rewatch(w, files);
    g_ptr_array_unref(files);
    g_string_free(out, TRUE);
    return G_SOURCE_REMOVE;
}

static void
on_change(GFileMonitor *m, GFile *file, GFile *other, GFileMonitorEvent event, gpointer data)
{
    struct watch *w = data;

    if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED) {
        return;
    }
    if (w->timer != 0) {
        g_source_remove(w->timer);
    }
    /* editors write a file in several steps: wait until they are done */
    w->timer = g_timeout_add(150, fire, w);
}

/* Watches the files not watched yet (a failed preview may read fewer: keep the others). */
static void
rewatch(struct watch *w, GPtrArray *files)
{
    for (guint i = 0; i < files->len; i++) {
        const char *path = g_ptr_array_index(files, i);
        GFile *f;
        GFileMonitor *m;

        if (g_hash_table_contains(w->monitors, path)) {
            continue;
        }
        f = g_file_new_for_path(path);
        m = g_file_monitor_file(f, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
        if (m != NULL) {
            g_signal_connect(m, "changed", G_CALLBACK(on_change), w);
            g_hash_table_insert(w->monitors, g_strdup(path), m);
        }
        g_object_unref(f);
    }
}

static int
preview_watch(const struct bl_preview_options *opts, struct bl_diag *diag)
{
    struct watch w = {opts, diag,
                      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref), 0};
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    GMainLoop *loop = g_main_loop_new(NULL, FALSE);
    GString *out = g_string_new(NULL);
    int rc = preview_letter(opts, files, out, diag);

    bl_diag_tell(diag, BL_DIAG_REPORT, out->str);
    g_string_free(out, TRUE);
    if (rc == BL_EXIT_IO || rc == BL_EXIT_USAGE) {
        g_ptr_array_unref(files);
        g_hash_table_unref(w.monitors);
        g_main_loop_unref(loop);
        return rc;
    }
    rewatch(&w, files);
    g_ptr_array_unref(files);
    if (bl_diag_level() > BL_DIAG_QUIET) {
        char *text = g_strdup_printf("preview: watching %u files; press Ctrl-C to stop\n",
                                     g_hash_table_size(w.monitors));

        bl_diag_tell(diag, BL_DIAG_REPORT, text);
        g_free(text);
    }
    g_main_loop_run(loop); /* until the process is stopped */
    g_main_loop_unref(loop);
    g_hash_table_unref(w.monitors);
    return BL_EXIT_OK;
}

int
bl_preview_run(const struct bl_preview_options *opts, struct bl_diag *diag)
{
    GString *out;
    int rc;

    if (parse_variant(opts->variant) < 0 ||
        (opts->jurisdiction != NULL && bl_jurisdiction_name(opts->jurisdiction) == NULL)) {
        bl_diag_error(diag, NULL, "unknown %s '%s'",
                      parse_variant(opts->variant) < 0 ? "variant" : "jurisdiction",
                      parse_variant(opts->variant) < 0 ? opts->variant : opts->jurisdiction);
        return BL_EXIT_USAGE;
    }
    if ((opts->variants || opts->recipient != NULL) && opts->recipients == NULL) {
        bl_diag_error(diag, NULL, "a preview of %s needs a recipient list",
                      opts->variants ? "the variants" : "a recipient");
        return BL_EXIT_USAGE;
    }
    if (opts->watch && opts->compare == NULL && !opts->variants) {
        return preview_watch(opts, diag);
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

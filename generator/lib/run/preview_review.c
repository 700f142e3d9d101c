/* SPDX-License-Identifier: MIT */
/* Preview's review page: what a draft letter rests on and what to fix, on a page of its own
 * before the letter, so that a reviewer never takes an assumption for a fact. */
#include "preview_review.h"

#include <string.h>

#include "check.h"
#include "template.h"
#include "text.h"

/* -- what the preview assumed --------------------------------------------------------------------
 */

static void
say(GPtrArray *out, char *sentence_take)
{
    g_ptr_array_add(out, sentence_take);
}

/* The labels of the categories at the indexes of incident->categories, "a; b; c". */
static char *
category_labels(const struct bl_incident *inc, const GArray *indexes)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < indexes->len; i++) {
        int ix = g_array_index(indexes, int, i);
        const struct bl_category *c = g_ptr_array_index(inc->categories, (guint)ix);

        /* labels have commas of their own ("card number, expiration date and CVV") */
        g_string_append_printf(s, "%s%s", i == 0 ? "" : "; ", c->label != NULL ? c->label : c->id);
    }
    return g_string_free(s, FALSE);
}

static void
incident_assumptions(GPtrArray *out, const struct bl_incident *inc, gboolean checked)
{
    static const char *const date_names[] = {"the day it began", "the day it ended",
                                             "the day it was discovered", "the notice date"};
    const GDate *dates[] = {&inc->occurred_from, &inc->occurred_to, &inc->discovered, &inc->notice};
    GString *missing = g_string_new(NULL);
    guint n_missing = 0;

    if (inc->unstated & BL_UNSTATED_ACCESS) {
        say(out, g_strdup("Whether the data was viewed or taken: the incident does not say "
                          "(<event access=\"...\">), so the letter says it could not be "
                          "determined."));
    }
    if (inc->vector == NULL) {
        say(out, g_strdup("How the breach happened: the incident does not say (<event "
                          "vector=\"...\">), so the letter describes it in general words."));
    }
    if (inc->unstated & BL_UNSTATED_MONITORING) {
        say(out, g_strdup("Credit monitoring: the incident neither offers it (<monitoring>) nor "
                          "says that none is offered (<no-monitoring/>), so the letter offers "
                          "none."));
    }
    for (guint i = 0; i < G_N_ELEMENTS(dates); i++) {
        if (!g_date_valid(dates[i])) {
            g_string_append_printf(missing, "%s%s", n_missing > 0 ? ", " : "", date_names[i]);
            n_missing++;
        }
    }
    if (n_missing > 0) {
        say(out, g_strdup_printf("Dates the incident does not give (<dates>): %s; the letter "
                                 "marks %s missing wherever it prints %s.",
                                 missing->str, n_missing == 1 ? "it" : "them",
                                 n_missing == 1 ? "it" : "them"));
    }
    g_string_free(missing, TRUE);
    if (inc->categories->len == 0) {
        say(out, g_strdup("What was exposed: the incident names no category (<categories>), so "
                          "the letter lists none and gives no advice that follows from one."));
    }
    if (!checked) {
        say(out, g_strdup("State law: the compliance check cannot run on this draft until the "
                          "problems below are fixed, so every state law's condition is taken as "
                          "met and no finding is listed."));
    }
}

static void
person_assumptions(GPtrArray *out, const struct bl_incident *inc, const struct bl_recipient *r,
                   const struct bl_preview_basis *basis)
{
    char *categories = category_labels(inc, r->categories);

    if (basis->person == BL_PREVIEW_SAMPLE) {
        say(out, g_strdup("The person: placeholders ([First Name], [Last Name], [Street "
                          "Address], [City]) stand for a recipient's name and address."));
        if (r->jurisdiction[0] == '\0') {
            say(out, g_strdup("Where the person lives: no state, so the letter has no state's "
                              "insert (choose one with --jurisdiction XX)."));
        }
        if (!basis->variant_chosen) {
            say(out, g_strdup("Who the letter is for: an adult writing about themselves (the "
                              "default; --variant minor or deceased for the others)."));
        }
        if (r->categories->len > 0) {
            say(out, g_strdup_printf("What was exposed: every category of the incident (%s); "
                                     "a recipient's letter names only their own.",
                                     categories));
        }
    } else if (basis->person == BL_PREVIEW_VARIANT) {
        say(out, g_strdup_printf("The person: a sample person with placeholders for name and "
                                 "address stands for the %" G_GINT64_FORMAT " recipient%s of "
                                 "this variant.",
                                 basis->recipients, basis->recipients == 1 ? "" : "s"));
        if (basis->states != NULL && basis->states->len > 0) {
            GString *list = g_string_new(NULL);

            for (guint i = 0; i < basis->states->len; i++) {
                g_string_append_printf(list, "%s%s", i > 0 ? ", " : "",
                                       (const char *)g_ptr_array_index(basis->states, i));
            }
            say(out, g_strdup_printf("Where the person lives: %s, standing for every state "
                                     "without text of its own in the template (%s).",
                                     bl_jurisdiction_name(r->jurisdiction), list->str));
            g_string_free(list, TRUE);
        }
        if (basis->recipients > 1 && r->categories->len > 0) {
            say(out, g_strdup_printf("What was exposed: every category any of these recipients "
                                     "had (%s); each letter names only the person's own.",
                                     categories));
        }
    }
    if (basis->person != BL_PREVIEW_LISTED && inc->monitoring.offered &&
        r->enrolment_code[0] != '\0') {
        say(out, g_strdup("The enrolment code: the placeholder [Enrollment Code] stands for "
                          "the person's own code."));
    }
    if (basis->person != BL_PREVIEW_LISTED && r->covered_entity != NULL) {
        say(out, g_strdup("The covered entity: [Health Care Provider] stands for the "
                          "provider a recipient's letter names."));
    }
    g_free(categories);
}

void
bl_preview_assumptions(GPtrArray *out, const struct bl_incident *inc, const struct bl_recipient *r,
                       const struct bl_preview_basis *basis)
{
    incident_assumptions(out, inc, basis->checked);
    person_assumptions(out, inc, r, basis);
}

/* -- the page ------------------------------------------------------------------------------------
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

/* Plain text as markup, an option ("--jurisdiction") never broken across lines at its
 * hyphens. Free with g_free(). */
static char *
item_markup(const char *text)
{
    GString *m = g_string_new(NULL);
    const char *p = text;

    while (*p != '\0') {
        const char *opt = strstr(p, "--");
        gsize len;
        char *part;

        if (opt == NULL || (opt > text && opt[-1] != ' ' && opt[-1] != '(')) {
            len = opt == NULL ? strlen(p) : (gsize)(opt - p) + 2;
            part = g_markup_escape_text(p, (gssize)len);
            g_string_append(m, part);
            g_free(part);
            p += len;
            continue;
        }
        part = g_markup_escape_text(p, opt - p);
        g_string_append(m, part);
        g_free(part);
        len = strcspn(opt, " ),;");
        part = g_markup_escape_text(opt, (gssize)len);
        g_string_append_printf(m, BL_WHOLE_START "%s" BL_WHOLE_END, part);
        g_free(part);
        p = opt + len;
    }
    return g_string_free(m, FALSE);
}

/* A heading with its count, then the items (plain text), or none_text when there are none. */
static void
section(struct bl_letter *page, const char *heading, const GPtrArray *items, const char *none)
{
    guint n = items != NULL ? items->len : 0;

    add(page, BL_BLOCK_HEADING, g_markup_printf_escaped("%s (%u)", heading, n));
    for (guint i = 0; i < n; i++) {
        add(page, BL_BLOCK_ITEM, item_markup(g_ptr_array_index(items, i)));
    }
    if (n == 0) {
        add(page, BL_BLOCK_PARA, g_markup_escape_text(none, -1));
    }
}

void
bl_preview_review_page(struct bl_letter *page, const struct bl_preview_review *rv)
{
    guint n_findings = rv->findings != NULL ? rv->findings->len : 0;

    bl_letter_release(page);
    bl_letter_init(page);
    page->notice = TRUE;
    page->draft = TRUE;
    page->font_size = 10.5;
    page->title = g_strdup(rv->title);
    page->author = g_strdup(rv->organisation != NULL ? rv->organisation : "");
    page->running_header = g_markup_escape_text(rv->title, -1);
    page->label = g_strdup("REVIEW COPY — NOT FOR MAILING");
    add(page, BL_BLOCK_TITLE, g_markup_escape_text(rv->title, -1));
    add(page, BL_BLOCK_PARA,
        g_markup_printf_escaped("Incident <b>%s</b>, template <b>%s</b>, the letter of %s. This "
                                "is a review copy, not for mailing: every place the letter "
                                "lacks something is highlighted where it stands.",
                                rv->incident, rv->template_path, rv->who));
    if (rv->failure != NULL) {
        add(page, BL_BLOCK_HEADING, g_strdup("This letter could not be made"));
        add(page, BL_BLOCK_PARA,
            g_markup_printf_escaped("<b>Why:</b> %s. No letter follows this page: fix the "
                                    "cause and preview again.",
                                    rv->failure));
    }
    section(page, "What this preview assumes", rv->assumptions,
            "Nothing: every fact the letter rests on is stated by the incident and the list.");
    section(page, "Problems to fix", rv->problems,
            "None: the incident and the template are complete.");
    add(page, BL_BLOCK_HEADING,
        g_strdup_printf("Compliance findings for this letter (%u)", n_findings));
    for (guint i = 0; i < n_findings; i++) {
        const struct bl_finding *f = g_ptr_array_index(rv->findings, i);

        add(page, BL_BLOCK_ITEM,
            g_markup_printf_escaped("<b>%s %s</b> %s%s%s%s",
                                    f->severity == BL_SEV_ERROR ? "Error" : "Warning",
                                    f->jurisdiction != NULL ? f->jurisdiction : "", f->message,
                                    f->cite != NULL ? " (" : "", f->cite != NULL ? f->cite : "",
                                    f->cite != NULL ? ")" : ""));
    }
    if (n_findings == 0) {
        add(page, BL_BLOCK_PARA, g_strdup("None for this letter."));
    }
}

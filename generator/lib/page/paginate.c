/* SPDX-License-Identifier: MIT */
/* Pagination: distributes a letter's measured lines over pages (headings with their text, no
 * widow or orphan, groups whole, the closing never alone, balanced last pages) and audits the
 * result. */
#include "paginate.h"

#include <string.h>

#include "bind.h"
#include "layout.h"
#include "page.h"

/* The height of a page's text area after page 1 (a large-print letter's margins are its own). */
#define CAPACITY (doc->body_bottom - doc->body_top)
/* How much higher than the margin a page may be made to end at a time, to balance two pages */
#define BALANCE_STEP 3.0
/* How much of a paragraph's text a finding quotes, in characters */
#define EXCERPT 40

static const struct box *
box_at(const struct bl_doc *doc, guint i)
{
    return g_ptr_array_index(doc->boxes, i);
}

static const struct flow *
flow_at(const struct bl_doc *doc, guint i)
{
    return &g_array_index(doc->flows, struct flow, i);
}

/* Height of lines [first, first+count) of box. */
static double
span(const struct box *box, int first, int count)
{
    return box->bottom[first + count - 1] - box->top[first];
}

static double
full(const struct box *box)
{
    return span(box, 0, box->n_lines);
}

/* The least of block i that must start on the same page: all of a short or unbreakable block,
 * otherwise its first two lines (a single line there would be an orphan). */
static double
min_start(const struct bl_doc *doc, guint i)
{
    const struct box *box = box_at(doc, i);

    if (flow_at(doc, i)->whole || box->n_lines <= 3) {
        return full(box);
    }
    return span(box, 0, 2);
}

static gboolean
starts_group(const struct bl_doc *doc, guint i)
{
    int group = flow_at(doc, i)->group;

    return group != 0 && (i == 0 || flow_at(doc, i - 1)->group != group);
}

/* The block after the last of the group that block i starts. */
static guint
group_end(const struct bl_doc *doc, guint i)
{
    guint j = i + 1;

    while (j < doc->boxes->len && box_at(doc, j) != NULL &&
           flow_at(doc, j)->group == flow_at(doc, i)->group) {
        j++;
    }
    return j;
}

/* Height of blocks [i, end) set one after the other on a page. */
static double
run_height(const struct bl_doc *doc, guint i, guint end)
{
    double h = 0;

    for (guint j = i; j < end; j++) {
        h += (j > i ? box_at(doc, j)->space_before : 0) + full(box_at(doc, j));
    }
    return h;
}

/* Whether block i is followed, on the same part of the letter, by a block it is kept with. */
static gboolean
kept_with_next(const struct bl_doc *doc, guint i)
{
    return flow_at(doc, i)->keep_with_next && i + 1 < doc->boxes->len && box_at(doc, i + 1) != NULL;
}

/* lead[i]: how much of the page, from the top of block i (its space before not counted), must be
 * free for block i to start there: its own first lines, all of a group it starts, and through
 * keep-with-next the start of what follows, however deep the keeps and groups nest. What cannot
 * fit on a page at all is given up, the farthest keep first. */
static double *
leads(const struct bl_doc *doc)
{
    guint n = doc->boxes->len;
    double *lead = g_new0(double, n + 1);

    for (guint k = n; k-- > 0;) {
        const struct box *box = box_at(doc, k);

        if (box == NULL) {
            continue;
        }
        lead[k] = min_start(doc, k);
        if (kept_with_next(doc, k)) {
            const struct box *next = box_at(doc, k + 1);
            double chain = full(box) + next->space_before + lead[k + 1];
            double shortest = full(box) + next->space_before + min_start(doc, k + 1);

            if (chain <= CAPACITY) {
                lead[k] = MAX(lead[k], chain);
            } else if (shortest <= CAPACITY) {
                lead[k] = MAX(lead[k], shortest);
            }
        }
        if (starts_group(doc, k)) {
            guint end = group_end(doc, k);
            double whole = run_height(doc, k, end);
            double chain = kept_with_next(doc, end - 1)
                               ? whole + box_at(doc, end)->space_before + lead[end]
                               : whole;

            if (chain <= CAPACITY) {
                lead[k] = MAX(lead[k], chain);
            } else if (whole <= CAPACITY) {
                lead[k] = MAX(lead[k], whole);
            }
        }
    }
    return lead;
}

static double
page_top(const struct bl_doc *doc, guint page)
{
    return page > 0 ? doc->body_top : doc->notice ? BL_BODY_TOP_NOTICE : BL_BODY_TOP_FIRST;
}

struct pager {
    struct bl_doc *doc;
    const double *lead;
    const GArray *cut; /* double per page: how far above the bottom margin the page ends */
    GArray *page;      /* the current page's placed runs */
    double y;
    gboolean empty;
};

static void
new_page(struct pager *pg)
{
    pg->page = g_array_new(FALSE, FALSE, sizeof(struct placed));
    g_ptr_array_add(pg->doc->pages, pg->page);
    pg->y = page_top(pg->doc, pg->doc->pages->len - 1);
    pg->empty = TRUE;
}

static double
bottom(const struct pager *pg)
{
    guint p = pg->doc->pages->len - 1;

    return pg->doc->body_bottom - (p < pg->cut->len ? g_array_index(pg->cut, double, p) : 0.0);
}

static void
place(struct pager *pg, guint box, int first, int count, double height)
{
    struct placed p = {box, first, count, pg->y};

    g_array_append_val(pg->page, p);
    pg->y += height;
    pg->empty = FALSE;
}

/* Places block i's lines from the current position on, breaking between lines across pages but
 * leaving no single line at the foot (orphan) or head (widow) of a page. */
static void
place_lines(struct pager *pg, guint i)
{
    const struct box *box = box_at(pg->doc, i);
    int k = 0;

    while (k < box->n_lines) {
        int fit = 0;

        while (k + fit < box->n_lines && pg->y + span(box, k, fit + 1) <= bottom(pg)) {
            fit++;
        }
        if (k + fit == box->n_lines) {
            place(pg, i, k, fit, span(box, k, fit));
            return;
        }
        if (box->n_lines - (k + fit) == 1) {
            fit--; /* no widow: a second line goes to the next page with the last */
        }
        if (fit < 2 && !pg->empty) {
            new_page(pg); /* no orphan: the paragraph starts on the next page */
            continue;
        }
        fit = MAX(fit, 1); /* a line taller than a page: placed anyway */
        place(pg, i, k, fit, span(box, k, fit));
        k += fit;
        new_page(pg);
    }
}

/* One pass of the paginator over the whole letter, each page ending cut[p] above the margin. */
static void
flow_pages(struct bl_doc *doc, const double *lead, const GArray *cut)
{
    struct pager pg = {doc, lead, cut, NULL, 0, TRUE};

    g_ptr_array_set_size(doc->pages, 0);
    new_page(&pg);
    for (guint i = 0; i < doc->boxes->len; i++) {
        const struct box *box = box_at(doc, i);
        double sb;

        if (box == NULL) {
            if (!pg.empty) {
                new_page(&pg);
            }
            continue;
        }
        sb = pg.empty ? 0 : box->space_before;
        if (!pg.empty && pg.y + sb + lead[i] > bottom(&pg)) {
            new_page(&pg);
            sb = 0;
        }
        pg.y += sb;
        place_lines(&pg, i);
    }
}

/* -- what the audit and the balancing look at ------------------------------------------------ */

static const struct placed *
run_at(const struct bl_doc *doc, guint page, guint i)
{
    return &g_array_index((GArray *)g_ptr_array_index(doc->pages, page), struct placed, i);
}

static guint
runs_on(const struct bl_doc *doc, guint page)
{
    return ((GArray *)g_ptr_array_index(doc->pages, page))->len;
}

/* How full page p is: its text's height over the height of its text area. */
static double
page_fill(const struct bl_doc *doc, guint p)
{
    guint n = runs_on(doc, p);
    const struct placed *last;

    if (n == 0) {
        return 0;
    }
    last = run_at(doc, p, n - 1);
    return (last->y + span(box_at(doc, last->box), last->first, last->count) - page_top(doc, p)) /
           (doc->body_bottom - page_top(doc, p));
}

/* The part of the letter (the letter, then each attachment) page p belongs to, or -1 when the
 * page is empty. */
static int
page_part(const struct bl_doc *doc, guint p)
{
    return runs_on(doc, p) > 0 ? flow_at(doc, run_at(doc, p, 0)->box)->part : -1;
}

static gboolean
last_of_part(const struct bl_doc *doc, guint p)
{
    return p + 1 == doc->pages->len || page_part(doc, p + 1) != page_part(doc, p);
}

static gboolean
first_of_part(const struct bl_doc *doc, guint p)
{
    return p == 0 || page_part(doc, p - 1) != page_part(doc, p);
}

/* Whether page p holds nothing but the closing while its part has more than the closing. */
static gboolean
closing_alone(const struct bl_doc *doc, guint p)
{
    int part = page_part(doc, p);
    gboolean more = FALSE;

    for (guint i = 0; i < runs_on(doc, p); i++) {
        if (!flow_at(doc, run_at(doc, p, i)->box)->closing) {
            return FALSE;
        }
    }
    for (guint i = 0; i < doc->flows->len && !more; i++) {
        more = flow_at(doc, i)->part == part && !flow_at(doc, i)->closing && box_at(doc, i) != NULL;
    }
    return runs_on(doc, p) > 0 && more;
}

/* What moving lines from page p-1 over to page p, the last of its part, would mend. */
static int
balance_faults(const struct bl_doc *doc, guint p)
{
    return 2 * closing_alone(doc, p) + (page_fill(doc, p) < BL_FILL_BALANCE) +
           (page_fill(doc, p - 1) < BL_FILL_MIN);
}

/* Whether page p ends with the end of a block: no paragraph runs on to the next page. */
static gboolean
ends_clean(const struct bl_doc *doc, guint p)
{
    guint n = runs_on(doc, p);
    const struct placed *last = n > 0 ? run_at(doc, p, n - 1) : NULL;

    return last != NULL && last->first + last->count == box_at(doc, last->box)->n_lines;
}

/* Balances the last page of each part of two pages or more: a last page that holds only the
 * closing, or less than BL_FILL_BALANCE, takes lines from the page before, which ends that much
 * higher: by the least that mends it without adding a page, at the end of a paragraph if that
 * mends it too. */
static void
balance(struct bl_doc *doc, const double *lead)
{
    GArray *cut = g_array_new(FALSE, TRUE, sizeof(double));

    for (guint p = 1; p < doc->pages->len; p++) {
        guint pages = doc->pages->len;
        int best_faults;
        gboolean best_clean = FALSE;
        double best = 0;

        if (!last_of_part(doc, p) || first_of_part(doc, p) ||
            (best_faults = balance_faults(doc, p)) == 0) {
            continue;
        }
        if (cut->len < p) {
            g_array_set_size(cut, p);
        }
        for (double c = BALANCE_STEP;
             !(best_faults == 0 && best_clean) && c <= CAPACITY * (1 - BL_FILL_MIN_LAST);
             c += BALANCE_STEP) {
            int faults;
            gboolean clean;

            g_array_index(cut, double, p - 1) = c;
            flow_pages(doc, lead, cut);
            if (doc->pages->len != pages) {
                continue;
            }
            faults = balance_faults(doc, p);
            clean = ends_clean(doc, p - 1);
            if (faults < best_faults || (faults == best_faults && clean && !best_clean)) {
                best_faults = faults;
                best_clean = clean;
                best = c;
            }
        }
        g_array_index(cut, double, p - 1) = best;
        flow_pages(doc, lead, cut);
    }
    g_array_unref(cut);
}

void
bl_paginate(struct bl_doc *doc)
{
    double *lead = leads(doc);
    GArray *none = g_array_new(FALSE, TRUE, sizeof(double));

    flow_pages(doc, lead, none);
    balance(doc, lead);
    g_array_unref(none);
    g_free(lead);
}

/* -- the audit ----------------------------------------------------------------------------------
 */

/* Where a block's lines went: the page of its first and last run and how many lines each holds
 * (first_page -1: not placed). */
struct where {
    int first_page, last_page;
    int first_count, last_count;
    gboolean starts_page; /* its first run is the first of its page */
};

static struct where *
where_all(const struct bl_doc *doc)
{
    struct where *w = g_new(struct where, doc->boxes->len);

    for (guint i = 0; i < doc->boxes->len; i++) {
        w[i] = (struct where){-1, -1, 0, 0, FALSE};
    }
    for (guint p = 0; p < doc->pages->len; p++) {
        for (guint i = 0; i < runs_on(doc, p); i++) {
            const struct placed *r = run_at(doc, p, i);
            struct where *b = &w[r->box];

            if (b->first_page < 0) {
                b->first_page = (int)p;
                b->first_count = r->count;
                b->starts_page = i == 0;
            }
            b->last_page = (int)p;
            b->last_count = r->count;
        }
    }
    return w;
}

static void
add_finding(GArray *out, enum bl_audit_kind kind, int page, guint block, double fill)
{
    struct bl_audit_finding f = {kind, page + 1, block, fill};

    g_array_append_val(out, f);
}

static gboolean
is_heading(int kind)
{
    return kind == BL_BLOCK_TITLE || kind == BL_BLOCK_HEADING || kind == BL_BLOCK_SUBHEADING;
}

/* The findings of block i's lines. */
static void
audit_block(const struct bl_doc *doc, const struct where *w, guint i, GArray *out)
{
    const struct box *box = box_at(doc, i);
    const struct flow *f = flow_at(doc, i);
    gboolean next = i + 1 < doc->boxes->len && box_at(doc, i + 1) != NULL;

    if (is_heading(f->kind)) {
        /* its text must start on its page, with two lines of it (all of a shorter block) */
        if (!next || w[i + 1].first_page != w[i].last_page ||
            w[i + 1].first_count < MIN(2, box_at(doc, i + 1)->n_lines)) {
            add_finding(out, BL_AUDIT_STRANDED_HEADING, w[i].last_page, i, 0);
        }
    } else if (kept_with_next(doc, i) && w[i + 1].first_page != w[i].last_page) {
        add_finding(out, BL_AUDIT_KEPT_APART, w[i].last_page, i, 0);
    }
    if (w[i].first_page != w[i].last_page && w[i].first_count < 2) {
        add_finding(out, BL_AUDIT_ORPHAN, w[i].first_page, i, 0);
    }
    if (w[i].first_page != w[i].last_page && w[i].last_count < 2) {
        add_finding(out, BL_AUDIT_WIDOW, w[i].last_page, i, 0);
    }
    /* a list's last item of one line at the head of a page, its list on the page before */
    if (f->kind == BL_BLOCK_ITEM && box->n_lines == 1 && w[i].starts_page && i > 0 &&
        box_at(doc, i - 1) != NULL && flow_at(doc, i - 1)->kind == BL_BLOCK_ITEM &&
        (!next || flow_at(doc, i + 1)->kind != BL_BLOCK_ITEM)) {
        add_finding(out, BL_AUDIT_WIDOW, w[i].first_page, i, 0);
    }
    if (starts_group(doc, i)) {
        guint end = group_end(doc, i);

        if (run_height(doc, i, end) <= CAPACITY && w[i].first_page != w[end - 1].last_page) {
            add_finding(out, BL_AUDIT_KEPT_APART, w[i].first_page, i, 0);
        }
    }
}

static int
by_page(gconstpointer a, gconstpointer b)
{
    const struct bl_audit_finding *x = a, *y = b;

    return x->page != y->page ? x->page - y->page : (int)x->block - (int)y->block;
}

GArray *
bl_doc_audit(const struct bl_doc *doc)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(struct bl_audit_finding));
    struct where *w = where_all(doc);

    for (guint i = 0; i < doc->boxes->len; i++) {
        if (box_at(doc, i) != NULL && w[i].first_page >= 0) {
            audit_block(doc, w, i, out);
        }
    }
    for (guint p = 0; p < doc->pages->len; p++) {
        double fill = page_fill(doc, p);

        if (runs_on(doc, p) == 0) {
            continue;
        }
        if (closing_alone(doc, p)) {
            add_finding(out, BL_AUDIT_CLOSING_ALONE, (int)p, run_at(doc, p, 0)->box, fill);
        }
        if (last_of_part(doc, p) ? !first_of_part(doc, p) && fill < BL_FILL_MIN_LAST
                                 : fill < BL_FILL_MIN) {
            add_finding(out, BL_AUDIT_UNDERFILLED, (int)p, run_at(doc, p, 0)->box, fill);
        }
    }
    g_array_sort(out, by_page);
    g_free(w);
    return out;
}

/* The start of block i's text, quoted in a finding; the recipient's own text is not. */
static char *
excerpt(const struct bl_doc *doc, guint i)
{
    const char *text = pango_layout_get_text(box_at(doc, i)->layout);
    char *head, *res;

    if (flow_at(doc, i)->personal) {
        return g_strdup("[recipient's text]");
    }
    head = g_utf8_substring(text, 0, MIN(g_utf8_strlen(text, -1), EXCERPT));
    g_strdelimit(head, "\n", ' ');
    if (g_utf8_strlen(text, -1) > EXCERPT && strrchr(head, ' ') != NULL) {
        *strrchr(head, ' ') = '\0'; /* at the end of a word */
    }
    res = g_strdup_printf("'%s%s'", head, g_utf8_strlen(text, -1) > EXCERPT ? "…" : "");
    g_free(head);
    return res;
}

char *
bl_audit_finding_text(const struct bl_doc *doc, const struct bl_audit_finding *f)
{
    char *what = excerpt(doc, f->block);
    char *res = NULL;

    switch (f->kind) {
    case BL_AUDIT_STRANDED_HEADING:
        res = g_strdup_printf("page %d: the heading %s ends the page without its text", f->page,
                              what);
        break;
    case BL_AUDIT_ORPHAN:
        res = g_strdup_printf("page %d: the first line of %s is alone at the foot of the page",
                              f->page, what);
        break;
    case BL_AUDIT_WIDOW:
        res = g_strdup_printf("page %d: the last line of %s is alone at the head of the page",
                              f->page, what);
        break;
    case BL_AUDIT_KEPT_APART:
        res = g_strdup_printf("page %d: %s and what is kept with it are broken across pages",
                              f->page, what);
        break;
    case BL_AUDIT_CLOSING_ALONE:
        res = g_strdup_printf("page %d holds nothing but the closing (%s)", f->page, what);
        break;
    case BL_AUDIT_UNDERFILLED:
        res = g_strdup_printf(
            "page %d is %.0f%% full, less than the %.0f%% a page of its place "
            "must be (it starts with %s)",
            f->page, 100 * f->fill,
            100 * (last_of_part(doc, (guint)f->page - 1) ? BL_FILL_MIN_LAST : BL_FILL_MIN), what);
        break;
    }
    g_free(what);
    return res;
}

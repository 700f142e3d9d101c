/* SPDX-License-Identifier: MIT */
/* Word diff: Myers' shortest edit script in linear space (E. W. Myers, "An O(ND) Difference
 * Algorithm and Its Variations", Algorithmica 1, 1986, section 4b): the middle snake of the
 * edit graph is found from both ends at once, then the two halves are solved the same way.
 * Time grows with (N+M)·D, memory with N+M. */
#include "worddiff.h"

struct point {
    int x, y;
};

struct search {
    const guint *a, *b;
    int *vf, *vb;   /* furthest reaching x (forward) and y (backward) of each diagonal */
    GArray *points; /* struct point: where the path's snakes start and end, in order */
};

/* The middle snake of the box [left, right) x [top, bottom) of the edit graph: one edit (none
 * when the box holds no change) and the diagonal after it, on a shortest path through the box,
 * at its middle. FALSE for an empty box. */
static gboolean
middle_snake(struct search *s, int left, int top, int right, int bottom, struct point *from,
             struct point *to)
{
    int width = right - left, height = bottom - top, delta = width - height;
    int max = (width + height + 1) / 2;
    int *vf = s->vf + max + 1, *vb = s->vb + max + 1; /* indexed -max-1 .. max+1 */

    if (width + height == 0) {
        return FALSE;
    }
    vf[1] = left;
    vb[1] = bottom;
    for (int d = 0; d <= max; d++) {
        for (int k = d; k >= -d; k -= 2) {
            int c = k - delta, x, px, y, py;

            if (k == -d || (k != d && vf[k - 1] < vf[k + 1])) {
                px = x = vf[k + 1];
            } else {
                px = vf[k - 1];
                x = px + 1;
            }
            y = top + (x - left) - k;
            py = (d == 0 || x != px) ? y : y - 1;
            while (x < right && y < bottom && s->a[x] == s->b[y]) {
                x++;
                y++;
            }
            vf[k] = x;
            if ((delta & 1) != 0 && c >= -(d - 1) && c <= d - 1 && y >= vb[c]) {
                *from = (struct point){px, py};
                *to = (struct point){x, y};
                return TRUE;
            }
        }
        for (int c = d; c >= -d; c -= 2) {
            int k = c + delta, x, px, y, py;

            if (c == -d || (c != d && vb[c - 1] > vb[c + 1])) {
                py = y = vb[c + 1];
            } else {
                py = vb[c - 1];
                y = py - 1;
            }
            x = left + (y - top) + k;
            px = (d == 0 || y != py) ? x : x + 1;
            while (x > left && y > top && s->a[x - 1] == s->b[y - 1]) {
                x--;
                y--;
            }
            vb[c] = y;
            if ((delta & 1) == 0 && k >= -d && k <= d && x <= vf[k]) {
                *from = (struct point){x, y};
                *to = (struct point){px, py};
                return TRUE;
            }
        }
    }
    return FALSE; /* not reached: the two searches always meet on a shortest path */
}

/* Appends the points of a shortest path through the box, from its top left to its bottom
 * right; FALSE (nothing appended) for an empty box. The recursion halves the edits each time:
 * it is as deep as log2 of their number. */
static gboolean
find_path(struct search *s, int left, int top, int right, int bottom)
{
    struct point from, to;

    if (!middle_snake(s, left, top, right, bottom, &from, &to)) {
        return FALSE;
    }
    if (!find_path(s, left, top, from.x, from.y)) {
        g_array_append_val(s->points, from);
    }
    if (!find_path(s, to.x, to.y, right, bottom)) {
        g_array_append_val(s->points, to);
    }
    return TRUE;
}

static void
push(GArray *edits, enum bl_edit_kind kind, guint a, guint b, guint len)
{
    struct bl_edit *last =
        edits->len > 0 ? &g_array_index(edits, struct bl_edit, edits->len - 1) : NULL;
    struct bl_edit e = {kind, a, b, len};

    if (len == 0) {
        return;
    }
    if (last != NULL && last->kind == kind) {
        last->len += len;
        return;
    }
    g_array_append_val(edits, e);
}

/* A stretch of the script: tokens kept (same), or a change: alen tokens of a from a, replaced
 * by blen tokens of b from b. */
struct stretch {
    gboolean same;
    guint a, alen, b, blen;
};

/* The script as stretches, every run of changes between two kept stretches made one. */
static GArray *
stretches(const GArray *edits)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(struct stretch));

    for (guint i = 0; i < edits->len; i++) {
        const struct bl_edit *e = &g_array_index(edits, struct bl_edit, i);
        struct stretch *last =
            out->len > 0 ? &g_array_index(out, struct stretch, out->len - 1) : NULL;
        struct stretch st = {e->kind == BL_EDIT_SAME, e->a, 0, e->b, 0};

        if (e->kind == BL_EDIT_SAME) {
            st.alen = st.blen = e->len;
        } else if (last != NULL && !last->same) {
            st = *last;
            out->len--;
        }
        if (e->kind == BL_EDIT_REMOVED) {
            st.alen += e->len;
        } else if (e->kind == BL_EDIT_ADDED) {
            st.blen += e->len;
        }
        g_array_append_val(out, st);
    }
    return out;
}

static void
from_stretches(GArray *edits, const GArray *parts)
{
    g_array_set_size(edits, 0);
    for (guint i = 0; i < parts->len; i++) {
        const struct stretch *st = &g_array_index(parts, struct stretch, i);

        if (st->same) {
            push(edits, BL_EDIT_SAME, st->a, st->b, st->alen);
        } else {
            push(edits, BL_EDIT_REMOVED, st->a, st->b, st->alen);
            push(edits, BL_EDIT_ADDED, st->a + st->alen, st->b, st->blen);
        }
    }
}

GArray *
bl_diff(const guint *a, guint n, const guint *b, guint m)
{
    struct search s = {a, b, NULL, NULL, g_array_new(FALSE, FALSE, sizeof(struct point))};
    GArray *edits = g_array_new(FALSE, FALSE, sizeof(struct bl_edit));
    GArray *parts;

    /* n and m are word counts of letters read from files of at most 16 MiB (worddiff.h): far
     * below G_MAXINT / 4, so the diagonals' indices fit an int */
    s.vf = g_new(int, (gsize)n + m + 4);
    s.vb = g_new(int, (gsize)n + m + 4);
    find_path(&s, 0, 0, (int)n, (int)m);
    for (guint i = 0; i + 1 < s.points->len; i++) {
        struct point p = g_array_index(s.points, struct point, i);
        struct point q = g_array_index(s.points, struct point, i + 1);

        /* a snake: diagonal, at most one step across or down, diagonal */
        for (int pass = 0; pass < 2; pass++) {
            while (p.x < q.x && p.y < q.y && a[p.x] == b[p.y]) {
                push(edits, BL_EDIT_SAME, (guint)p.x, (guint)p.y, 1);
                p.x++;
                p.y++;
            }
            if (pass == 0 && q.x - p.x < q.y - p.y) {
                push(edits, BL_EDIT_ADDED, (guint)p.x, (guint)p.y, 1);
                p.y++;
            } else if (pass == 0 && q.x - p.x > q.y - p.y) {
                push(edits, BL_EDIT_REMOVED, (guint)p.x, (guint)p.y, 1);
                p.x++;
            }
        }
    }
    /* removals before additions wherever tokens are replaced */
    parts = stretches(edits);
    from_stretches(edits, parts);
    g_array_unref(parts);
    g_array_unref(s.points);
    g_free(s.vf);
    g_free(s.vb);
    return edits;
}

static gboolean
foldable(const struct stretch *kept, const struct stretch *before, const struct stretch *after,
         const guint *a, guint marks)
{
    if (!kept->same || before->same || after->same ||
        kept->alen > MAX(before->alen, before->blen) ||
        kept->alen > MAX(after->alen, after->blen)) {
        return FALSE;
    }
    for (guint i = kept->a; i < kept->a + kept->alen; i++) {
        if (a[i] < marks) {
            return FALSE;
        }
    }
    return TRUE;
}

/* Moves a change d tokens along (-1 or +1), between the kept stretches around it. */
static void
shift(struct stretch *before, struct stretch *change, struct stretch *after, int d)
{
    before->alen += d;
    before->blen += d;
    change->a += d;
    change->b += d;
    after->a += d;
    after->b += d;
    after->alen -= d;
    after->blen -= d;
}

/* Tokens added or removed between two kept stretches can often stand a few tokens earlier or
 * later to the same effect ("We [hired … ¶ We] engaged" is "[We hired … ¶] We engaged"):
 * such a change is moved to where it ends with a mark, so that a paragraph added or removed
 * whole is shown whole. */
static void
slide(GArray *parts, const guint *a, const guint *b, guint marks)
{
    for (guint i = 1; i + 1 < parts->len; i++) {
        struct stretch *before = &g_array_index(parts, struct stretch, i - 1);
        struct stretch *change = &g_array_index(parts, struct stretch, i);
        struct stretch *after = &g_array_index(parts, struct stretch, i + 1);
        struct stretch was[3] = {*before, *change, *after};
        const guint *t = change->alen > 0 ? a : b;
        guint len = change->alen + change->blen;
        const guint *at = change->alen > 0 ? &change->a : &change->b;

        if (change->same || !before->same || !after->same ||
            (change->alen > 0 && change->blen > 0)) {
            continue;
        }
        while (before->alen > 1 && t[*at - 1] == t[*at + len - 1]) {
            shift(before, change, after, -1);
        }
        while (t[*at + len - 1] >= marks && after->alen > 1 && t[*at] == t[*at + len]) {
            shift(before, change, after, +1);
        }
        if (t[*at + len - 1] >= marks) {
            *before = was[0]; /* no place ends with a mark: where the diff put it */
            *change = was[1];
            *after = was[2];
        }
    }
}

void
bl_diff_tidy(GArray *edits, const guint *a, const guint *b, guint marks)
{
    GArray *parts = stretches(edits);
    gboolean again = TRUE;

    slide(parts, a, b, marks);

    /* the rule of diff-match-patch's semantic clean-up: an equality no longer than the changes
     * on either side of it is chaff */
    while (again) {
        again = FALSE;
        for (guint i = 1; i + 1 < parts->len; i++) {
            struct stretch *before = &g_array_index(parts, struct stretch, i - 1);
            const struct stretch *kept = &g_array_index(parts, struct stretch, i);
            const struct stretch *after = &g_array_index(parts, struct stretch, i + 1);

            if (foldable(kept, before, after, a, marks)) {
                before->alen += kept->alen + after->alen;
                before->blen += kept->blen + after->blen;
                g_array_remove_range(parts, i, 2);
                again = TRUE;
                break;
            }
        }
    }
    from_stretches(edits, parts);
    g_array_unref(parts);
}

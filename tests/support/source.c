/* SPDX-License-Identifier: MIT */
/* The recipient source's fixture: an incident built by hand (so that the tests of the list do
 * not depend on the incident's XML), lists written into a temporary folder, records read and
 * asserted. */
#include "bl_test.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static struct bl_category *
category_new(const char *id, const char *label)
{
    struct bl_category *cat = g_new0(struct bl_category, 1);

    cat->id = g_strdup(id);
    cat->group = g_strdup("identity");
    cat->label = g_strdup(label);
    return cat;
}

void
fixture_source_entity(struct fixture_source *f, const char *id, const char *name)
{
    struct bl_entity *ent = g_new0(struct bl_entity, 1);

    ent->id = g_strdup(id);
    ent->name = g_strdup(name);
    ent->relationship = g_strdup("provides billing services to");
    g_ptr_array_add(f->incident->entities, ent);
}

int
fixture_source_setup(void **state)
{
    struct fixture_source *f = g_new0(struct fixture_source, 1);
    struct bl_incident *inc = bl_incident_new();

    inc->path = g_strdup("incident.xml");
    inc->language = g_strdup("en");
    g_ptr_array_add(inc->categories, category_new("ssn", "Social Security number"));
    g_ptr_array_add(inc->categories, category_new("date-of-birth", "date of birth"));
    g_ptr_array_add(inc->categories, category_new("medical-treatment", "medical treatment"));
    f->incident = inc;
    f->diag = bl_diag_new(NULL);
    f->dir = fixture_tmpdir("source");
    *state = f;
    return 0;
}

int
fixture_source_teardown(void **state)
{
    struct fixture_source *f = *state;

    bl_source_free(f->src);
    fixture_rmdir(f->dir);
    g_free(f->dir);
    bl_diag_free(f->diag);
    bl_incident_free(f->incident);
    g_free(f);
    return 0;
}

char *
fixture_source_write(struct fixture_source *f, const char *name, const char *data, gssize len)
{
    return fixture_write(f->dir, name, data, len);
}

void
fixture_source_open(struct fixture_source *f, const char *path)
{
    bl_source_free(f->src);
    f->src = NULL;
    if (bl_source_open(&f->src, path, f->incident, f->diag) != 0) {
        fail_msg("cannot open %s: %s", path, bl_diag_text(f->diag));
    }
}

const struct bl_record *
fixture_source_next(struct fixture_source *f)
{
    const struct bl_record *rec = NULL;

    assert_int_equal(bl_source_next(f->src, &rec), 1);
    assert_non_null(rec);
    return rec;
}

void
fixture_source_end(struct fixture_source *f)
{
    const struct bl_record *rec = NULL;

    assert_int_equal(bl_source_next(f->src, &rec), 0);
    assert_int_equal(bl_source_next(f->src, &rec), 0); /* and stays at the end */
}

void
fixture_assert_valid(const struct bl_record *rec)
{
    if (rec->status != 0) {
        fail_msg("line %d rejected: %s", rec->line, rec->error);
    }
    assert_string_equal(rec->error, "");
}

void
fixture_assert_rejected(const struct bl_record *rec, const char *error)
{
    assert_int_equal(rec->status, -1);
    assert_string_equal(rec->error, error);
}

void
fixture_assert_categories(const struct bl_record *rec, int n, const int *expected)
{
    assert_int_equal(rec->recipient.categories->len, n);
    for (int i = 0; i < n; i++) {
        assert_int_equal(g_array_index(rec->recipient.categories, int, i), expected[i]);
    }
}

const struct bl_record *
fixture_source_row(struct fixture_source *f, const char *row)
{
    char *data = g_strconcat(FIXTURE_SOURCE_HEADER, row, "\n", NULL);
    char *path = fixture_source_write(f, "one.csv", data, -1);

    fixture_source_open(f, path);
    g_free(path);
    g_free(data);
    return fixture_source_next(f);
}

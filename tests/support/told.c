/* SPDX-License-Identifier: MIT */
/* What the library tells, caught by the unit tests: the texts a diag was told, by kind, and the
 * process's own output, which the library must leave alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>

#include "bl_test.h"

static void
hear(void *user, enum bl_diag_kind kind, const char *text)
{
    struct fixture_told *t = user;

    g_string_append(t->kind[kind], text);
}

void
fixture_told_init(struct fixture_told *t)
{
    for (int k = 0; k <= BL_DIAG_REPORT; k++) {
        t->kind[k] = g_string_new(NULL);
    }
    t->diag = bl_diag_new_fn(hear, t);
}

void
fixture_told_release(struct fixture_told *t)
{
    bl_diag_free(t->diag);
    for (int k = 0; k <= BL_DIAG_REPORT; k++) {
        g_string_free(t->kind[k], TRUE);
    }
}

void
fixture_catch_output(struct fixture_caught *c)
{
    int fd;

    c->path = g_build_filename(g_get_tmp_dir(), "bl-test-output-XXXXXX", NULL);
    fd = g_mkstemp(c->path);
    if (fd < 0) {
        fail_msg("cannot make %s", c->path);
    }
    fflush(stdout);
    fflush(stderr);
    for (int i = 0; i < 2; i++) {
        c->saved[i] = dup(i + 1);
        if (c->saved[i] < 0 || dup2(fd, i + 1) != i + 1) {
            fail_msg("cannot redirect file descriptor %d", i + 1);
        }
    }
    close(fd);
}

char *
fixture_release_output(struct fixture_caught *c)
{
    char *text;

    fflush(stdout);
    fflush(stderr);
    for (int i = 0; i < 2; i++) {
        dup2(c->saved[i], i + 1);
        close(c->saved[i]);
    }
    text = fixture_read(c->path, NULL);
    g_unlink(c->path);
    g_free(c->path);
    return text;
}

/* SPDX-License-Identifier: MIT */
/* Unit tests of outdir.c: the output directory opened once, refused when it is a link or when
 * another user could plant files in it, and every path inside it walked without following a
 * link; removal and sweeping touch only this user's regular files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bl_test.h"
#include "outdir.h"

struct fix {
    char *top;    /* holds out/ and victim/ */
    char *out;    /* the output directory */
    char *victim; /* outside it: must never change */
    struct bl_diag *diag;
};

static char *
path_in(const char *dir, const char *name)
{
    return g_build_filename(dir, name, NULL);
}

static void
write_file(const char *dir, const char *name, const char *text)
{
    char *path = path_in(dir, name);

    assert_true(g_file_set_contents(path, text, -1, NULL));
    g_free(path);
}

static gboolean
exists_in(const char *dir, const char *name)
{
    char *path = path_in(dir, name);
    gboolean found = g_file_test(path, G_FILE_TEST_EXISTS);

    g_free(path);
    return found;
}

static void
link_in(const char *dir, const char *name, const char *target)
{
    char *path = path_in(dir, name);

    assert_int_equal(symlink(target, path), 0);
    g_free(path);
}

static int
setup(void **state)
{
    struct fix *f = g_new0(struct fix, 1);

    f->top = g_dir_make_tmp("bl-outdir-XXXXXX", NULL);
    f->out = path_in(f->top, "out");
    f->victim = path_in(f->top, "victim");
    g_mkdir(f->victim, 0700);
    write_file(f->victim, "x.pdf", "victim");
    write_file(f->victim, "a.pdf.part", "victim");
    f->diag = bl_diag_new(NULL);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fix *f = *state;

    fixture_rmdir(f->top);
    g_free(f->top);
    g_free(f->out);
    g_free(f->victim);
    bl_diag_free(f->diag);
    g_free(f);
    return 0;
}

static void
test_missing_directory_is_made_owner_only(void **state)
{
    struct fix *f = *state;
    struct bl_outdir *d = NULL;
    struct stat st;

    assert_int_equal(bl_outdir_open(&d, f->out, TRUE, FALSE, f->diag), 0);
    assert_int_equal(stat(f->out, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    assert_string_equal(bl_outdir_path(d), f->out);
    bl_outdir_free(d);
}

static void
test_a_link_as_the_directory_is_refused(void **state)
{
    struct fix *f = *state;
    struct bl_outdir *d = NULL;

    link_in(f->top, "out", f->victim);
    assert_int_equal(bl_outdir_open(&d, f->out, TRUE, FALSE, f->diag), -1);
    assert_null(d);
    assert_non_null(strstr(bl_diag_text(f->diag), "error: the output directory is a link"));
}

/* Only root can make a directory of another user; as another user, the check is of the
 * directory's mode alone, shown with one's own directory opened to others (allowed). */
static void
test_another_users_open_directory_is_refused(void **state)
{
    struct fix *f = *state;
    struct bl_outdir *d = NULL;

    g_mkdir(f->out, 0777);
    chmod(f->out, 0777);
    assert_int_equal(bl_outdir_open(&d, f->out, TRUE, FALSE, f->diag), 0); /* one's own */
    bl_outdir_free(d);
    if (geteuid() != 0) {
        return;
    }
    assert_int_equal(chown(f->out, 65534, 65534), 0);
    assert_int_equal(bl_outdir_open(&d, f->out, TRUE, FALSE, f->diag), -2);
    assert_non_null(strstr(bl_diag_text(f->diag), "other users may write in it"));
    assert_int_equal(bl_outdir_open(&d, f->out, TRUE, TRUE, f->diag), 0);
    bl_outdir_free(d);
    /* as root, another user's directory even when only its owner may write in it */
    chmod(f->out, 0755);
    bl_diag_clear(f->diag);
    assert_int_equal(bl_outdir_open(&d, f->out, TRUE, FALSE, f->diag), -2);
    assert_non_null(strstr(bl_diag_text(f->diag), "running as root into a directory"));
    assert_int_equal(bl_outdir_open(&d, f->out, TRUE, TRUE, f->diag), 0);
    bl_outdir_free(d);
}

static void
test_plain_paths(void **state)
{
    assert_true(bl_outdir_plain("a.pdf"));
    assert_true(bl_outdir_plain("3f/a0/a.pdf"));
    assert_false(bl_outdir_plain(""));
    assert_false(bl_outdir_plain("/etc/passwd"));
    assert_false(bl_outdir_plain("../x.pdf"));
    assert_false(bl_outdir_plain("ab/../../x.pdf"));
    assert_false(bl_outdir_plain("ab//x.pdf"));
    assert_false(bl_outdir_plain("./x.pdf"));
    assert_false(bl_outdir_plain("ab/"));
    assert_false(bl_outdir_plain(NULL));
}

/* A folder on a letter's way that is a link is never entered, made or not by the walk. */
static void
test_walk_never_enters_a_link(void **state)
{
    struct fix *f = *state;
    struct bl_outdir *d = NULL;
    const char *leaf;
    int fd;

    assert_int_equal(bl_outdir_open(&d, f->out, TRUE, FALSE, f->diag), 0);
    link_in(f->out, "ab", f->victim);
    fd = bl_outdir_dir_of(d, "ab/x.pdf", TRUE, &leaf);
    assert_int_equal(fd, -1);
    assert_true(errno == ELOOP || errno == ENOTDIR);
    /* made on the way when missing, owner-only */
    fd = bl_outdir_dir_of(d, "cd/ef/x.pdf", TRUE, &leaf);
    assert_true(fd >= 0);
    assert_string_equal(leaf, "x.pdf");
    bl_outdir_close_dir(d, fd);
    assert_true(exists_in(f->out, "cd/ef"));
    /* the directory itself for a bare name */
    fd = bl_outdir_dir_of(d, "y.pdf", FALSE, &leaf);
    assert_int_equal(fd, bl_outdir_fd(d));
    bl_outdir_close_dir(d, fd);
    assert_int_equal(bl_outdir_dir_of(d, "../victim/x.pdf", FALSE, &leaf), -1);
    assert_int_equal(errno, EINVAL);
    bl_outdir_free(d);
}

static void
test_remove_takes_only_own_regular_files_reached_without_links(void **state)
{
    struct fix *f = *state;
    struct bl_outdir *d = NULL;
    char *victim_file = path_in(f->victim, "x.pdf");

    assert_int_equal(bl_outdir_open(&d, f->out, TRUE, FALSE, f->diag), 0);
    write_file(f->out, "mine.pdf", "letter");
    link_in(f->out, "ab", f->victim);
    link_in(f->out, "l.pdf", victim_file);
    assert_true(bl_outdir_remove(d, "mine.pdf"));
    assert_false(exists_in(f->out, "mine.pdf"));
    assert_false(bl_outdir_remove(d, "ab/x.pdf"));        /* through a linked folder */
    assert_false(bl_outdir_remove(d, "l.pdf"));           /* a link, not a file */
    assert_false(bl_outdir_remove(d, "../victim/x.pdf")); /* not plain */
    assert_true(g_file_test(victim_file, G_FILE_TEST_IS_REGULAR));
    assert_null(bl_outdir_read(d, "ab/x.pdf"));
    assert_null(bl_outdir_read(d, "l.pdf"));
    g_free(victim_file);
    bl_outdir_free(d);
}

static gboolean
is_part(const char *name)
{
    return g_str_has_suffix(name, ".part");
}

static gboolean
two_letters(const char *name)
{
    return strlen(name) == 2;
}

static void
test_sweep_removes_matching_names_and_never_descends_a_link(void **state)
{
    struct fix *f = *state;
    struct bl_outdir *d = NULL;
    char *sub;

    assert_int_equal(bl_outdir_open(&d, f->out, TRUE, FALSE, f->diag), 0);
    sub = path_in(f->out, "cd");
    g_mkdir(sub, 0700);
    write_file(f->out, "a.pdf.part", "");
    write_file(f->out, "keep.pdf", "");
    write_file(sub, "b.pdf.part", "");
    link_in(f->out, "ab", f->victim);
    assert_int_equal(bl_outdir_sweep(bl_outdir_fd(d), is_part, two_letters), 2);
    assert_false(exists_in(f->out, "a.pdf.part"));
    assert_false(exists_in(sub, "b.pdf.part"));
    assert_true(exists_in(f->out, "keep.pdf"));
    assert_true(exists_in(f->victim, "a.pdf.part"));
    g_free(sub);
    bl_outdir_free(d);
}

/* An own directory opened by name: never a link, never one open to others. */
static void
test_own_directory(void **state)
{
    struct fix *f = *state;
    struct bl_outdir *d = NULL;
    char *open_dir;
    int fd;

    assert_int_equal(bl_outdir_open(&d, f->out, TRUE, FALSE, f->diag), 0);
    link_in(f->out, ".state", f->victim);
    assert_int_equal(bl_outdir_open_own_dir(bl_outdir_fd(d), ".state"), -1);
    open_dir = path_in(f->out, ".open");
    g_mkdir(open_dir, 0700);
    chmod(open_dir, 0777);
    assert_int_equal(bl_outdir_open_own_dir(bl_outdir_fd(d), ".open"), -1);
    assert_int_equal(errno, EPERM);
    chmod(open_dir, 0700);
    fd = bl_outdir_open_own_dir(bl_outdir_fd(d), ".open");
    assert_true(fd >= 0);
    close(fd);
    g_free(open_dir);
    bl_outdir_free(d);
}

/* One run in a directory; shards of one run share it. */
static void
test_lock(void **state)
{
    struct fix *f = *state;
    struct bl_outdir *a = NULL, *b = NULL;

    assert_int_equal(bl_outdir_open(&a, f->out, TRUE, FALSE, f->diag), 0);
    assert_int_equal(bl_outdir_open(&b, f->out, TRUE, FALSE, f->diag), 0);
    assert_int_equal(bl_outdir_lock(a, FALSE, f->diag), 0);
    assert_int_equal(bl_outdir_lock(b, TRUE, f->diag), -2);
    assert_non_null(strstr(bl_diag_text(f->diag), "another breachletter run is writing"));
    bl_outdir_free(a);
    assert_int_equal(bl_outdir_lock(b, TRUE, f->diag), 0);
    assert_int_equal(bl_outdir_open(&a, f->out, TRUE, FALSE, f->diag), 0);
    assert_int_equal(bl_outdir_lock(a, TRUE, f->diag), 0); /* another shard */
    bl_outdir_free(a);
    bl_outdir_free(b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_missing_directory_is_made_owner_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_link_as_the_directory_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_another_users_open_directory_is_refused, setup,
                                        teardown),
        cmocka_unit_test(test_plain_paths),
        cmocka_unit_test_setup_teardown(test_walk_never_enters_a_link, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_remove_takes_only_own_regular_files_reached_without_links, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sweep_removes_matching_names_and_never_descends_a_link,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_own_directory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

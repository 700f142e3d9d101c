/* SPDX-License-Identifier: MIT */
/* Unit tests of sink_file.c, the file every sink writes: under a temporary name until it is
 * whole, written in blocks and hashed as written, owner-only, renamed into place; a failed
 * write (a file too large for the limit), a failure cairo reports, a name taken by a folder or a
 * folder that does not exist are reported naming the file, and leave nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <cairo.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bl_test.h"
#include "sink_impl.h"

struct fix {
    char *dir;
    int fd; /* dir, open */
    struct bl_diag *diag;
};

static int
setup(void **state)
{
    struct fix *f = g_new0(struct fix, 1);

    f->dir = fixture_tmpdir("sink-file");
    f->fd = open(f->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    f->diag = bl_diag_new(NULL);
    *state = f;
    return f->fd >= 0 ? 0 : -1;
}

static int
teardown(void **state)
{
    struct fix *f = *state;

    close(f->fd);
    fixture_rmdir(f->dir);
    g_free(f->dir);
    bl_diag_free(f->diag);
    g_free(f);
    return 0;
}

/* n bytes of a pattern that does not repeat at the block size. Free with g_free(). */
static unsigned char *
bytes(gsize n)
{
    unsigned char *b = g_malloc(n);

    for (gsize i = 0; i < n; i++) {
        b[i] = (unsigned char)((i * 7 + i / 251) & 0xff);
    }
    return b;
}

static void
assert_empty(const char *dir)
{
    char *tree = fixture_tree(dir);

    assert_string_equal(tree, "");
    g_free(tree);
}

/* 200,001 bytes given in pieces of every size (one byte, more than a block, the rest): the file
 * has them all, in order; until closed it is only name.part, owner-only; the hash given is the
 * file's. */
static void
test_file_is_whole_hashed_and_in_place_only_when_closed(void **state)
{
    struct fix *f = *state;
    const gsize n = 200001;
    const gsize pieces[] = {1, 7, 65536, 100000, 0};
    unsigned char *data = bytes(n);
    char *path = g_build_filename(f->dir, "letter.pdf", NULL);
    char *part = g_strconcat(path, ".part", NULL);
    char *want = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, n);
    char sha[65] = "";
    struct bl_sink_file *file =
        bl_sink_file_open(f->fd, "letter.pdf", "out/letter.pdf", "letter", TRUE, f->diag);
    gsize done = 0, len = 0;
    char *back, *on_disk;
    struct stat st;

    assert_non_null(file);
    for (gsize i = 0; done < n; i++) {
        gsize piece = pieces[i] != 0 ? MIN(pieces[i], n - done) : n - done;

        assert_int_equal(bl_sink_file_write(file, data + done, (unsigned int)piece),
                         CAIRO_STATUS_SUCCESS);
        done += piece;
    }
    assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    assert_int_equal(lstat(part, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(bl_sink_file_close(file, CAIRO_STATUS_SUCCESS, sha), 0);
    assert_string_equal(bl_diag_text(f->diag), "");
    assert_false(g_file_test(part, G_FILE_TEST_EXISTS));
    back = fixture_read(path, &len);
    assert_int_equal(len, n);
    assert_memory_equal(back, data, n);
    assert_string_equal(sha, want);
    on_disk = fixture_sha256(path);
    assert_string_equal(sha, on_disk);
    g_free(on_disk);
    g_free(back);
    g_free(want);
    g_free(part);
    g_free(path);
    g_free(data);
}

/* A write that fails (here: past the process's file size limit, as a full disk would) stops the
 * writing, is reported at close with the system's reason and the file as shown, and leaves
 * nothing: never a truncated file. */
static void
test_failed_write_is_told_and_leaves_nothing(void **state)
{
    struct fix *f = *state;
    const gsize n = 300000;
    unsigned char *data = bytes(n);
    struct rlimit old, small = {.rlim_cur = 100000, .rlim_max = RLIM_INFINITY};
    void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
    struct bl_sink_file *file;
    cairo_status_t status = CAIRO_STATUS_SUCCESS;
    char sha[65] = "unset";

    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    small.rlim_max = old.rlim_max;
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    file = bl_sink_file_open(f->fd, "big.pdf", "out/big.pdf", "letter", FALSE, f->diag);
    assert_non_null(file);
    for (gsize done = 0; done < n && status == CAIRO_STATUS_SUCCESS; done += 1000) {
        status = bl_sink_file_write(file, data + done, 1000);
    }
    assert_int_equal(status, CAIRO_STATUS_WRITE_ERROR); /* the writing stopped */
    assert_int_equal(bl_sink_file_close(file, CAIRO_STATUS_SUCCESS, sha), -1);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, was);
    assert_string_equal(bl_diag_text(f->diag),
                        "out/big.pdf: error: cannot write the letter: File too large\n");
    assert_string_equal(sha, "unset");
    assert_empty(f->dir);
    g_free(data);
}

/* A failure cairo reports for the surface (its own, once finished) is told the same way. */
static void
test_cairo_failure_is_told_and_leaves_nothing(void **state)
{
    struct fix *f = *state;
    struct bl_sink_file *file =
        bl_sink_file_open(f->fd, "page.png", "out/page.png", "picture", FALSE, f->diag);
    char *want = g_strdup_printf("out/page.png: error: cannot write the picture: %s\n",
                                 cairo_status_to_string(CAIRO_STATUS_NO_MEMORY));

    assert_non_null(file);
    assert_int_equal(bl_sink_file_write(file, (const unsigned char *)"\x89PNG", 4),
                     CAIRO_STATUS_SUCCESS);
    assert_int_equal(bl_sink_file_close(file, CAIRO_STATUS_NO_MEMORY, NULL), -1);
    assert_string_equal(bl_diag_text(f->diag), want);
    assert_empty(f->dir);
    g_free(want);
}

/* A folder with the file's name is not replaced: moving into place fails, told, and the folder
 * stays with nothing beside it. */
static void
test_name_taken_by_a_folder_is_told(void **state)
{
    struct fix *f = *state;
    char *taken = g_build_filename(f->dir, "letter.pdf", NULL);
    struct bl_sink_file *file;
    char *tree;

    assert_int_equal(g_mkdir(taken, 0700), 0);
    file = bl_sink_file_open(f->fd, "letter.pdf", "out/letter.pdf", "letter", FALSE, f->diag);
    assert_non_null(file);
    assert_int_equal(bl_sink_file_write(file, (const unsigned char *)"%PDF", 4),
                     CAIRO_STATUS_SUCCESS);
    assert_int_equal(bl_sink_file_close(file, CAIRO_STATUS_SUCCESS, NULL), -1);
    fixture_assert_has(bl_diag_text(f->diag),
                       "out/letter.pdf: error: cannot move the letter into place: ");
    tree = fixture_tree(f->dir);
    assert_string_equal(tree, "letter.pdf/\n");
    g_free(tree);
    g_free(taken);
}

/* A file in a folder that does not exist cannot be created: told with the reason, no file. */
static void
test_missing_folder_is_told(void **state)
{
    struct fix *f = *state;
    char *path = g_build_filename(f->dir, "none", "letter.pdf", NULL);
    char *want =
        g_strdup_printf("%s: error: cannot create the letter file: %s\n", path, g_strerror(ENOENT));

    assert_null(bl_sink_file_open(AT_FDCWD, path, path, "letter", FALSE, f->diag));
    assert_string_equal(bl_diag_text(f->diag), want);
    assert_empty(f->dir);
    g_free(want);
    g_free(path);
}

/* An aborted file is removed; "-" in the working directory is standard output, written as it
 * comes and hashed like a file. */
static void
test_abort_and_standard_output(void **state)
{
    struct fix *f = *state;
    struct bl_sink_file *file =
        bl_sink_file_open(f->fd, "letter.pdf", "out/letter.pdf", "letter", FALSE, f->diag);
    struct fixture_caught caught;
    char sha[65] = "";
    char *want = g_compute_checksum_for_string(G_CHECKSUM_SHA256, "%PDF-1.5\n", -1);
    char *out;

    assert_non_null(file);
    bl_sink_file_write(file, (const unsigned char *)"%PDF", 4);
    bl_sink_file_abort(file);
    bl_sink_file_abort(NULL);
    assert_empty(f->dir);

    fixture_catch_output(&caught);
    file = bl_sink_file_open(AT_FDCWD, "-", "-", "letter", TRUE, f->diag);
    if (file != NULL) {
        bl_sink_file_write(file, (const unsigned char *)"%PDF-1.5\n", 9);
        bl_sink_file_close(file, CAIRO_STATUS_SUCCESS, sha);
    }
    out = fixture_release_output(&caught);
    assert_non_null(file);
    assert_string_equal(out, "%PDF-1.5\n");
    assert_string_equal(sha, want);
    assert_string_equal(bl_diag_text(f->diag), "");
    g_free(out);
    g_free(want);
}

int
main(void)
{
#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        TEST(test_file_is_whole_hashed_and_in_place_only_when_closed),
        TEST(test_failed_write_is_told_and_leaves_nothing),
        TEST(test_cairo_failure_is_told_and_leaves_nothing),
        TEST(test_name_taken_by_a_folder_is_told),
        TEST(test_missing_folder_is_told),
        TEST(test_abort_and_standard_output),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

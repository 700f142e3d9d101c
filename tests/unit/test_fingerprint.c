/* SPDX-License-Identifier: MIT */
/* Unit tests of fingerprint.c: an input's hash and identity, refused when it is not a regular
 * file, seen to change when rewritten in place or replaced; the hashing stream a reader uses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fingerprint.h"
#include "bl_test.h"

struct fix {
    char *dir, *file;
    struct bl_diag *diag;
};

static int
setup(void **state)
{
    struct fix *f = g_new0(struct fix, 1);

    f->dir = g_dir_make_tmp("bl-fp-XXXXXX", NULL);
    f->file = g_build_filename(f->dir, "list.csv", NULL);
    assert_true(g_file_set_contents(f->file, "id,name\nA-1,Ann\nA-2,Bo\n", -1, NULL));
    f->diag = bl_diag_new(NULL);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fix *f = *state;

    fixture_rmdir(f->dir);
    g_free(f->dir);
    g_free(f->file);
    bl_diag_free(f->diag);
    g_free(f);
    return 0;
}

static void
test_hash_of_the_bytes(void **state)
{
    struct fix *f = *state;
    struct bl_fingerprint fp;
    char *want = g_compute_checksum_for_string(G_CHECKSUM_SHA256, "id,name\nA-1,Ann\nA-2,Bo\n", -1);

    assert_int_equal(bl_fingerprint_take(&fp, f->file, "recipient list", f->diag), 0);
    assert_string_equal(fp.sha256, want);
    assert_true(bl_fingerprint_same(&fp, -1, f->file));
    g_free(want);
}

/* A FIFO is refused at once, not read (which would wait for a writer forever). */
static void
test_not_a_regular_file_is_refused(void **state)
{
    struct fix *f = *state;
    struct bl_fingerprint fp;
    char *fifo = g_build_filename(f->dir, "fifo", NULL);

    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_int_equal(bl_fingerprint_take(&fp, fifo, "recipient list", f->diag), -1);
    assert_non_null(
        strstr(bl_diag_text(f->diag), "fifo: error: the recipient list is not a regular file"));
    assert_int_equal(bl_fingerprint_take(&fp, "/dev/zero", "incident", f->diag), -1);
    assert_int_equal(bl_fingerprint_take(&fp, f->dir, "incident", f->diag), -1);
    assert_int_equal(bl_diag_error_count(f->diag), 3);
    g_free(fifo);
}

static void
test_rewrite_in_place_and_replacement_are_seen(void **state)
{
    struct fix *f = *state;
    struct bl_fingerprint fp;
    char *other = g_build_filename(f->dir, "other.csv", NULL);
    int fd;

    assert_int_equal(bl_fingerprint_take(&fp, f->file, "recipient list", f->diag), 0);
    fd = open(f->file, O_RDONLY);
    /* the same length, other bytes, written in place */
    {
        int w = open(f->file, O_WRONLY);

        assert_int_equal(pwrite(w, "B", 1, 8), 1);
        close(w);
    }
    assert_false(bl_fingerprint_same(&fp, fd, NULL));
    assert_false(bl_fingerprint_same(&fp, -1, f->file));
    close(fd);
    /* replaced by a rename: another file under the name */
    assert_int_equal(bl_fingerprint_take(&fp, f->file, "recipient list", f->diag), 0);
    assert_true(g_file_set_contents(other, "id,name\nA-1,Ann\nA-2,Bo\n", -1, NULL));
    assert_int_equal(rename(other, f->file), 0);
    assert_false(bl_fingerprint_same(&fp, -1, f->file));
    g_free(other);
}

/* What a stream reads, hashed, is the fingerprint when it read the whole file in order. */
static void
test_hashed_stream(void **state)
{
    struct fix *f = *state;
    struct bl_fingerprint fp;
    struct bl_hashed *h = NULL;
    char buf[64];
    FILE *fp_stream;

    assert_int_equal(bl_fingerprint_take(&fp, f->file, "recipient list", f->diag), 0);
    fp_stream = bl_hashed_open(open(f->file, O_RDONLY), &h);
    assert_non_null(fp_stream);
    assert_int_equal(fread(buf, 1, 3, fp_stream), 3);
    assert_int_equal(fseek(fp_stream, 0, SEEK_SET), 0); /* a rewind reads again, hashed once */
    while (fread(buf, 1, sizeof(buf), fp_stream) > 0) {
    }
    assert_non_null(bl_hashed_sha256(h));
    assert_string_equal(bl_hashed_sha256(h), fp.sha256);
    fclose(fp_stream);
    /* bytes skipped: the hash cannot stand for the file */
    fp_stream = bl_hashed_open(open(f->file, O_RDONLY), &h);
    setvbuf(fp_stream, NULL, _IONBF, 0);
    assert_int_equal(fseek(fp_stream, 10, SEEK_SET), 0);
    while (fread(buf, 1, sizeof(buf), fp_stream) > 0) {
    }
    assert_null(bl_hashed_sha256(h));
    fclose(fp_stream);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_hash_of_the_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_a_regular_file_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rewrite_in_place_and_replacement_are_seen, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_hashed_stream, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

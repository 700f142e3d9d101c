/* SPDX-License-Identifier: MIT */
/* Unit tests of tempfile.c: files written under a temporary name (new, owner-only, a link planted
 * there removed and never followed), committed by a rename or abandoned, and the names being
 * written tracked so that the signal handler removes them and nothing else. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bl_test.h"
#include "tempfile.h"

struct fix {
    char *dir;   /* where the files are written */
    char *other; /* another folder, outside it */
    int fd;      /* dir, open */
};

#define SLOTS 16 /* the files tempfile.c tracks at once */

static int
setup(void **state)
{
    struct fix *f = g_new0(struct fix, 1);

    f->dir = fixture_tmpdir("tempfile");
    f->other = fixture_tmpdir("tempfile-other");
    f->fd = open(f->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    *state = f;
    return f->fd < 0 ? -1 : 0;
}

static int
teardown(void **state)
{
    struct fix *f = *state;

    bl_temp_forget_all(); /* a failed test leaves no name tracked for the next */
    close(f->fd);
    fixture_rmdir(f->dir);
    fixture_rmdir(f->other);
    g_free(f->dir);
    g_free(f->other);
    g_free(f);
    return 0;
}

/* The path of name in dir. Free with g_free(). */
static char *
in(const char *dir, const char *name)
{
    return g_build_filename(dir, name, NULL);
}

static gboolean
exists(const char *dir, const char *name)
{
    char *path = in(dir, name);
    struct stat st;
    gboolean found = lstat(path, &st) == 0;

    g_free(path);
    return found;
}

/* Writes text to the open file fd and closes it. */
static void
put(int fd, const char *text)
{
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    assert_int_equal(close(fd), 0);
}

static void
assert_file_is(const char *dir, const char *name, const char *text)
{
    char *path = in(dir, name);
    char *got = fixture_read(path, NULL);
    struct stat st;

    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_string_equal(got, text);
    g_free(got);
    g_free(path);
}

/* A file is written under name.part: a new file, the owner's alone whatever the umask lets
 * through; the name itself does not exist until the file is committed. */
static void
test_create_makes_a_new_owner_only_part_file(void **state)
{
    struct fix *f = *state;
    char *tmp = NULL, *path;
    struct stat st;
    mode_t mask = umask(0);
    int fd = bl_temp_create_at(f->fd, "letter.pdf", &tmp);

    umask(mask);
    assert_true(fd >= 0);
    assert_string_equal(tmp, "letter.pdf.part");
    path = in(f->dir, "letter.pdf.part");
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_int_equal(st.st_mode & 07777, 0600);
    assert_int_equal(st.st_size, 0);
    assert_false(exists(f->dir, "letter.pdf"));
    assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC); /* not inherited by the workers' programs */
    put(fd, "%PDF");
    assert_int_equal(bl_temp_finish_at(f->fd, tmp, "letter.pdf", FALSE), 0);
    g_free(path);
}

/* Committed, the file takes its name by a rename (replacing an older file of that name) and is
 * no longer tracked: a file later put under the temporary name is not the handler's to remove. */
static void
test_finish_commits_by_rename(void **state)
{
    struct fix *f = *state;
    char *tmp = NULL, *old = fixture_write(f->dir, "letter.pdf", "old", -1);
    int fd = bl_temp_create_at(f->fd, "letter.pdf", &tmp);
    char *planted;

    assert_true(fd >= 0);
    put(fd, "new");
    assert_file_is(f->dir, "letter.pdf", "old"); /* the older file, whole, until the rename */
    assert_int_equal(bl_temp_finish_at(f->fd, tmp, "letter.pdf", TRUE), 0);
    assert_file_is(f->dir, "letter.pdf", "new");
    assert_false(exists(f->dir, "letter.pdf.part"));
    planted = fixture_write(f->dir, "letter.pdf.part", "someone else's", -1);
    bl_temp_remove_tracked();
    assert_file_is(f->dir, "letter.pdf.part", "someone else's");
    g_free(planted);
    g_free(old);
}

/* Abandoned, the temporary file goes and the name keeps what it had. */
static void
test_finish_without_keep_aborts(void **state)
{
    struct fix *f = *state;
    char *tmp = NULL, *old = fixture_write(f->dir, "letter.pdf", "old", -1);
    int fd = bl_temp_create_at(f->fd, "letter.pdf", &tmp);
    char *planted;

    assert_true(fd >= 0);
    put(fd, "half a letter");
    assert_int_equal(bl_temp_finish_at(f->fd, tmp, "letter.pdf", FALSE), 0);
    assert_false(exists(f->dir, "letter.pdf.part"));
    assert_file_is(f->dir, "letter.pdf", "old");
    planted = fixture_write(f->dir, "letter.pdf.part", "someone else's", -1); /* untracked */
    bl_temp_remove_tracked();
    assert_file_is(f->dir, "letter.pdf.part", "someone else's");
    assert_int_equal(bl_temp_finish_at(f->fd, NULL, "letter.pdf", TRUE), 0); /* NULL: nothing */
    g_free(planted);
    g_free(old);
}

/* The signal handler's call removes every file being written, in every folder, and nothing
 * else: not the files committed, not other files named like temporary ones, not a name tracked
 * and then untracked. */
static void
test_remove_tracked_removes_what_is_tracked_and_nothing_else(void **state)
{
    struct fix *f = *state;
    int other = open(f->other, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    char *a = NULL, *b = NULL, *done = NULL, *paths[3];
    char *before;
    int fd;

    assert_true(other >= 0);
    paths[0] = fixture_write(f->dir, "unrelated.pdf", "x", -1);
    paths[1] = fixture_write(f->dir, "unrelated.pdf.part", "y", -1);
    paths[2] = fixture_write(f->dir, "untracked.part", "z", -1);
    bl_temp_track_at(f->fd, "untracked.part");
    bl_temp_untrack_at(f->fd, "untracked.part");
    fd = bl_temp_create_at(f->fd, "done.pdf", &done);
    put(fd, "done");
    assert_int_equal(bl_temp_finish_at(f->fd, done, "done.pdf", TRUE), 0);
    put(bl_temp_create_at(f->fd, "a.pdf", &a), "a");
    put(bl_temp_create_at(other, "a.pdf", &b), "b"); /* the same name in another folder */
    bl_temp_untrack_at(f->fd, "a.pdf"); /* not a tracked name: the tracked one is a.pdf.part */
    before = fixture_tree(f->dir);
    fixture_assert_has(before, "a.pdf.part ");

    bl_temp_remove_tracked();
    assert_false(exists(f->dir, "a.pdf.part"));
    assert_false(exists(f->other, "a.pdf.part"));
    assert_file_is(f->dir, "done.pdf", "done");
    assert_file_is(f->dir, "unrelated.pdf", "x");
    assert_file_is(f->dir, "unrelated.pdf.part", "y");
    assert_file_is(f->dir, "untracked.part", "z");
    {
        /* exactly the tracked file went */
        char *after = fixture_tree(f->dir);
        char **lines = g_strsplit(before, "\n", -1);
        GString *want = g_string_new(NULL);

        for (char **l = lines; *l != NULL && **l != '\0'; l++) {
            if (!g_str_has_prefix(*l, "a.pdf.part ")) {
                g_string_append_printf(want, "%s\n", *l);
            }
        }
        assert_string_equal(after, want->str);
        g_string_free(want, TRUE);
        g_strfreev(lines);
        g_free(after);
    }
    assert_int_equal(bl_temp_finish_at(f->fd, a, "a.pdf", FALSE), 0);
    assert_int_equal(bl_temp_finish_at(other, b, "a.pdf", FALSE), 0);
    for (gsize i = 0; i < G_N_ELEMENTS(paths); i++) {
        g_free(paths[i]);
    }
    g_free(before);
    close(other);
}

/* A name is tracked in its folder: untracking a.part of one folder leaves a.part of another
 * tracked. */
static void
test_tracking_tells_folders_apart(void **state)
{
    struct fix *f = *state;
    int other = open(f->other, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    char *p1 = fixture_write(f->dir, "a.part", "1", -1);
    char *p2 = fixture_write(f->other, "a.part", "2", -1);

    assert_true(other >= 0);
    /* in either order of tracking */
    for (int order = 0; order < 2; order++) {
        g_free(p2);
        p2 = fixture_write(f->other, "a.part", "2", -1);
        bl_temp_track_at(order == 0 ? f->fd : other, "a.part");
        bl_temp_track_at(order == 0 ? other : f->fd, "a.part");
        bl_temp_untrack_at(f->fd, "a.part");
        bl_temp_remove_tracked();
        assert_file_is(f->dir, "a.part", "1");
        assert_false(exists(f->other, "a.part"));
        bl_temp_untrack_at(other, "a.part");
    }
    g_free(p1);
    g_free(p2);
    close(other);
}

/* A link planted under the temporary name (pointing at a file elsewhere, or at nothing yet) is
 * removed: the letter is written into a new file of its own, never through the link. */
static void
test_link_at_temporary_name_is_removed_not_followed(void **state)
{
    struct fix *f = *state;
    char *target = fixture_write(f->other, "victim", "precious", -1);
    char *dangling = in(f->other, "created-through-link");
    char *link1 = in(f->dir, "one.pdf.part"), *link2 = in(f->dir, "two.pdf.part");
    char *tmp = NULL;
    int fd;

    assert_int_equal(symlink(target, link1), 0);
    assert_int_equal(symlink(dangling, link2), 0);

    fd = bl_temp_create_at(f->fd, "one.pdf", &tmp);
    assert_true(fd >= 0);
    assert_file_is(f->dir, "one.pdf.part", ""); /* a regular file now, not the link */
    put(fd, "letter one");
    assert_int_equal(bl_temp_finish_at(f->fd, tmp, "one.pdf", TRUE), 0);
    assert_file_is(f->dir, "one.pdf", "letter one");
    assert_file_is(f->other, "victim", "precious");

    fd = bl_temp_create_at(f->fd, "two.pdf", &tmp);
    assert_true(fd >= 0);
    put(fd, "letter two");
    assert_int_equal(bl_temp_finish_at(f->fd, tmp, "two.pdf", TRUE), 0);
    assert_file_is(f->dir, "two.pdf", "letter two");
    assert_false(g_file_test(dangling, G_FILE_TEST_EXISTS));
    g_free(link1);
    g_free(link2);
    g_free(dangling);
    g_free(target);
}

/* A link planted under the final name is replaced by the rename, not written through. */
static void
test_link_at_final_name_is_replaced(void **state)
{
    struct fix *f = *state;
    char *target = fixture_write(f->other, "victim", "precious", -1);
    char *link = in(f->dir, "letter.pdf");
    char *tmp = NULL;
    int fd;

    assert_int_equal(symlink(target, link), 0);
    fd = bl_temp_create_at(f->fd, "letter.pdf", &tmp);
    assert_true(fd >= 0);
    put(fd, "letter");
    assert_int_equal(bl_temp_finish_at(f->fd, tmp, "letter.pdf", TRUE), 0);
    assert_file_is(f->dir, "letter.pdf", "letter");
    assert_file_is(f->other, "victim", "precious");
    g_free(link);
    g_free(target);
}

/* A temporary file that cannot be made says why (errno) and leaves nothing tracked: after many
 * failures, as many files as can be written at once are still tracked, every one. */
static void
test_failed_create_tracks_nothing(void **state)
{
    struct fix *f = *state;
    const char *names[] = {"a", "b", "c", "d"};
    char *tmp[G_N_ELEMENTS(names)];

    for (int i = 0; i < 8; i++) {
        char *t = (char *)"unchanged";

        errno = 0;
        assert_int_equal(bl_temp_create_at(f->fd, "missing/letter.pdf", &t), -1);
        assert_int_equal(errno, ENOENT);
        assert_null(t);
    }
    for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
        put(bl_temp_create_at(f->fd, names[i], &tmp[i]), names[i]);
    }
    bl_temp_remove_tracked();
    for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
        assert_false(exists(f->dir, tmp[i]));
        assert_int_equal(bl_temp_finish_at(f->fd, tmp[i], names[i], FALSE), 0);
    }
}

/* A commit that fails removes the temporary file, says why, and untracks it. */
static void
test_failed_commit_removes_the_file(void **state)
{
    struct fix *f = *state;
    char *tmp = NULL, *planted;
    int fd = bl_temp_create_at(f->fd, "letter.pdf", &tmp);

    assert_true(fd >= 0);
    put(fd, "letter");
    errno = 0;
    assert_int_equal(bl_temp_finish_at(f->fd, tmp, "missing/letter.pdf", TRUE), -1);
    assert_int_equal(errno, ENOENT);
    assert_false(exists(f->dir, "letter.pdf.part"));
    assert_false(exists(f->dir, "letter.pdf"));
    planted = fixture_write(f->dir, "letter.pdf.part", "someone else's", -1);
    bl_temp_remove_tracked();
    assert_file_is(f->dir, "letter.pdf.part", "someone else's");
    g_free(planted);
}

/* A small file is written whole, owner-only, under its name, with nothing left beside it or
 * tracked. */
static void
test_write_at_writes_a_whole_file(void **state)
{
    struct fix *f = *state;
    struct bl_diag *diag = bl_diag_new(NULL);
    char *path = in(f->dir, "record.json"), *planted;
    struct stat st;

    assert_int_equal(
        bl_temp_write_at(f->fd, "record.json", "out/record.json", "{\"a\": 1}\n", 9, diag), 0);
    assert_file_is(f->dir, "record.json", "{\"a\": 1}\n");
    assert_int_equal(lstat(path, &st), 0);
    assert_int_equal(st.st_mode & 077, 0);
    assert_false(exists(f->dir, "record.json.part"));
    assert_int_equal(bl_diag_error_count(diag), 0);
    planted = fixture_write(f->dir, "record.json.part", "someone else's", -1);
    bl_temp_remove_tracked();
    assert_file_is(f->dir, "record.json.part", "someone else's");
    g_free(planted);
    g_free(path);
    bl_diag_free(diag);
}

/* A file that cannot be written is reported under the name messages show, and leaves nothing. */
static void
test_write_failure_is_reported_by_its_shown_name(void **state)
{
    struct fix *f = *state;
    struct bl_diag *diag = bl_diag_new(NULL);
    char *before = fixture_tree(f->dir), *after;

    assert_int_equal(
        bl_temp_write_at(f->fd, "missing/record.json", "out/missing/record.json", "{}", 2, diag),
        -1);
    assert_string_equal(bl_diag_text(diag), "out/missing/record.json: error: cannot write the "
                                            "file: No such file or directory\n");
    after = fixture_tree(f->dir);
    assert_string_equal(after, before);
    g_free(before);
    g_free(after);
    bl_diag_free(diag);
}

/* The same, with paths of the working directory (here absolute): created, tracked, committed,
 * written. */
static void
test_paths_without_a_folder(void **state)
{
    struct fix *f = *state;
    struct bl_diag *diag = bl_diag_new(NULL);
    char *path = in(f->dir, "x.pdf"), *small = in(f->dir, "small.txt"), *tmp = NULL;
    int fd = bl_temp_create(path, &tmp);

    assert_true(fd >= 0);
    assert_true(g_str_has_suffix(tmp, "/x.pdf.part"));
    put(fd, "x");
    bl_temp_remove_tracked();
    assert_false(exists(f->dir, "x.pdf.part"));
    assert_int_equal(bl_temp_finish(tmp, path, FALSE), 0);

    fd = bl_temp_create(path, &tmp);
    put(fd, "y");
    assert_int_equal(bl_temp_finish(tmp, path, TRUE), 0);
    assert_file_is(f->dir, "x.pdf", "y");

    assert_int_equal(bl_temp_write(small, "small", 5, diag), 0);
    assert_file_is(f->dir, "small.txt", "small");
    bl_temp_track(small);
    bl_temp_untrack(small);
    bl_temp_remove_tracked();
    assert_file_is(f->dir, "small.txt", "small");
    bl_temp_track(small);
    bl_temp_remove_tracked();
    assert_false(exists(f->dir, "small.txt"));
    bl_temp_untrack(small);
    g_free(small);
    g_free(path);
    bl_diag_free(diag);
}

/* A worker forgets the files its parent is writing: they are the parent's to remove. */
static void
test_forget_all_leaves_the_files(void **state)
{
    struct fix *f = *state;
    char *tmp = NULL;

    put(bl_temp_create_at(f->fd, "letter.pdf", &tmp), "parent's");
    bl_temp_forget_all();
    bl_temp_remove_tracked();
    assert_file_is(f->dir, "letter.pdf.part", "parent's");
    assert_int_equal(bl_temp_finish_at(f->fd, tmp, "letter.pdf", FALSE), 0);
}

/* The files a process writes at once (tempfile.c tracks 8: a letter, a print book and an
 * exceptions book, with room to spare) are tracked; one more is refused, and not made, rather than
 * written where a signal could leave it half-written (the process is not ended). */
static void
test_one_file_too_many_is_refused(void **state)
{
    struct fix *f = *state;
    char *tmp[SLOTS + 1] = {NULL};
    int fd[SLOTS + 1];

    for (int i = 0; i <= SLOTS; i++) {
        char name[16];

        g_snprintf(name, sizeof(name), "f%d.pdf", i);
        fd[i] = bl_temp_create_at(f->fd, name, &tmp[i]);
    }
    for (int i = 0; i < SLOTS; i++) {
        assert_true(fd[i] >= 0);
        close(fd[i]);
    }
    assert_int_equal(fd[SLOTS], -1);
    assert_int_equal(errno, EMFILE);
    assert_null(tmp[SLOTS]);
    assert_false(exists(f->dir, "f16.pdf.part"));
    assert_int_equal(bl_temp_track("x.part"), -1);
    for (int i = 0; i < SLOTS; i++) {
        char name[16];

        g_snprintf(name, sizeof(name), "f%d.pdf", i);
        assert_int_equal(bl_temp_finish_at(f->fd, tmp[i], name, FALSE), 0);
    }
    assert_int_equal(bl_temp_track("x.part"), 0);
    bl_temp_untrack("x.part");
}

static void
remove_on_signal(int sig)
{
    (void)sig;
    bl_temp_remove_tracked();
}

/* Called from a signal handler, as the tool calls it, it removes the file being written. */
static void
test_removed_from_a_signal_handler(void **state)
{
    struct fix *f = *state;
    struct sigaction sa = {0}, old;
    char *tmp = NULL;

    sa.sa_handler = remove_on_signal;
    sigemptyset(&sa.sa_mask);
    assert_int_equal(sigaction(SIGUSR1, &sa, &old), 0);
    put(bl_temp_create_at(f->fd, "letter.pdf", &tmp), "half");
    assert_true(exists(f->dir, "letter.pdf.part"));
    raise(SIGUSR1);
    assert_int_equal(sigaction(SIGUSR1, &old, NULL), 0);
    assert_false(exists(f->dir, "letter.pdf.part"));
    assert_false(exists(f->dir, "letter.pdf"));
    assert_int_equal(bl_temp_finish_at(f->fd, tmp, "letter.pdf", FALSE), 0);
}

/* Two threads tracking names at once: each name is tracked in a slot of its own, so the signal
 * handler's sweep removes every file of both (a slot taken by both would lose one). */
struct tracker {
    int dir;
    const char *who;
    GMutex *m;
    GCond *c;
    gboolean *go;
};

static gpointer
track_seven(gpointer data)
{
    struct tracker *t = data;

    g_mutex_lock(t->m);
    while (!*t->go) {
        g_cond_wait(t->c, t->m);
    }
    g_mutex_unlock(t->m);
    for (int i = 0; i < 7; i++) {
        char name[32];

        g_snprintf(name, sizeof(name), "%s-%d.part", t->who, i);
        if (bl_temp_track_at(t->dir, name) < 0) {
            return GINT_TO_POINTER(1);
        }
    }
    return NULL;
}

static void
test_two_threads_take_slots_of_their_own(void **state)
{
    struct fix *f = *state;
    GMutex m;
    GCond c;

    g_mutex_init(&m);
    g_cond_init(&c);
    for (int round = 0; round < 300; round++) {
        gboolean go = FALSE;
        struct tracker ta = {f->fd, "a", &m, &c, &go}, tb = {f->fd, "b", &m, &c, &go};
        GThread *a, *b;

        for (int i = 0; i < 7; i++) {
            char name[32];

            g_snprintf(name, sizeof(name), "a-%d.part", i);
            close(openat(f->fd, name, O_WRONLY | O_CREAT, 0600));
            g_snprintf(name, sizeof(name), "b-%d.part", i);
            close(openat(f->fd, name, O_WRONLY | O_CREAT, 0600));
        }
        a = g_thread_new("a", track_seven, &ta);
        b = g_thread_new("b", track_seven, &tb);
        g_mutex_lock(&m);
        go = TRUE;
        g_cond_broadcast(&c);
        g_mutex_unlock(&m);
        assert_null(g_thread_join(a));
        assert_null(g_thread_join(b));
        bl_temp_remove_tracked();
        for (int i = 0; i < 7; i++) {
            char name[32];

            g_snprintf(name, sizeof(name), "a-%d.part", i);
            assert_false(exists(f->dir, name));
            g_snprintf(name, sizeof(name), "b-%d.part", i);
            assert_false(exists(f->dir, name));
        }
        bl_temp_forget_all();
    }
    g_cond_clear(&c);
    g_mutex_clear(&m);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_create_makes_a_new_owner_only_part_file, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_finish_commits_by_rename, setup, teardown),
        cmocka_unit_test_setup_teardown(test_finish_without_keep_aborts, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_remove_tracked_removes_what_is_tracked_and_nothing_else, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tracking_tells_folders_apart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_link_at_temporary_name_is_removed_not_followed, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_link_at_final_name_is_replaced, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_create_tracks_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_commit_removes_the_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_at_writes_a_whole_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_failure_is_reported_by_its_shown_name, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_paths_without_a_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_forget_all_leaves_the_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_removed_from_a_signal_handler, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_file_too_many_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_threads_take_slots_of_their_own, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/* Batch: chunks, shards, worker processes, the journal of committed chunks, and resuming. */
#define _GNU_SOURCE /* pipe2, syncfs, renameat2 */
#include "batch.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fingerprint.h"
#include "kinds.h"
#include "tempfile.h"

#define STATE_NAME "run-state"
#define CHILDREN   64 /* worker processes at once, at most */

/* The workers running, for the signal handler: plain fixed storage, written only outside it. */
static volatile pid_t children[CHILDREN];

static void
track_child(pid_t pid)
{
    for (int i = 0; i < CHILDREN; i++) {
        if (children[i] == 0) {
            children[i] = pid;
            return;
        }
    }
    assert(!"too many worker processes"); /* bl_batch_new keeps plan.jobs to CHILDREN */
}

static void
untrack_child(pid_t pid)
{
    for (int i = 0; i < CHILDREN; i++) {
        if (children[i] == pid) {
            children[i] = 0;
            return;
        }
    }
}

void
bl_batch_signal_workers(int sig)
{
    for (int i = 0; i < CHILDREN; i++) {
        if (children[i] > 0) {
            kill(children[i], sig);
        }
    }
    for (int i = 0; i < CHILDREN; i++) {
        if (children[i] > 0) {
            waitpid(children[i], NULL, 0); /* async-signal-safe */
            children[i] = 0;
        }
    }
}

struct bl_batch {
    struct bl_batch_plan plan;
    struct bl_outdir *out; /* borrowed */
    char *state;           /* the state folder's name in the output folder */
    char *trash;           /* its name while it is removed */
    char *state_shown;     /* in messages */
    int state_fd;          /* the state folder, opened once */
    gint64 chunks;
    gint64 todo;      /* rows in this run's uncommitted chunks */
    pid_t *workers;   /* in the parent */
    int *owner;       /* the worker that makes each chunk, or -1: not this run's to make */
    int pipe_fd;      /* the parent's read end, a worker's write end */
    int lock_fd;      /* holds the state's lock for the run */
    gboolean resumed; /* chunks of an earlier run are kept */
    struct bl_diag *diag;
};

static char *
chunk_name(gint64 chunk, const char *suffix)
{
    return g_strdup_printf("chunk-%08" G_GINT64_FORMAT "%s", chunk, suffix);
}

/* Whether name in the state folder is a regular file (never a link). */
static gboolean
state_has(const struct bl_batch *b, const char *name)
{
    struct stat st;

    return fstatat(b->state_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
}

static gboolean
committed(const struct bl_batch *b, gint64 chunk)
{
    char *name = chunk_name(chunk, ".csv");
    gboolean done = state_has(b, name);

    g_free(name);
    return done;
}

static gboolean
in_shard(const struct bl_batch *b, gint64 chunk)
{
    return chunk % b->plan.shards == b->plan.shard;
}

static gint64
chunk_rows(const struct bl_batch *b, gint64 chunk)
{
    return MIN((gint64)b->plan.chunk_rows, b->plan.rows - chunk * b->plan.chunk_rows);
}

/* Whether name is one of the temporary files this program writes: a letter, a book or its list,
 * a manifest, a journal or a run's record (NAME.pdf.part, NAME.csv.part, NAME.log.part,
 * NAME.json.part). */
static gboolean
our_part(const char *name)
{
    return g_str_has_suffix(name, ".pdf.part") || g_str_has_suffix(name, ".csv.part") ||
           g_str_has_suffix(name, ".log.part") || g_str_has_suffix(name, ".json.part");
}

/* Whether a directory under the output can hold letters: the two hex digits of an id's hash. */
static gboolean
letter_dir(const char *name)
{
    return strlen(name) == 2 && g_ascii_isxdigit(name[0]) && g_ascii_isxdigit(name[1]) &&
           !g_ascii_isupper(name[0]) && !g_ascii_isupper(name[1]);
}

/* Every file of a state folder but its lock (held while the state is in use). */
static gboolean
not_lock(const char *name)
{
    return strcmp(name, "lock") != 0;
}

static gboolean
anything(const char *name)
{
    return TRUE;
}

/* Whether file, named by a manifest, is a name a run gives a letter or a book: a PDF in the
 * output folder or in its letter folders. */
static gboolean
letter_file(const char *file)
{
    char **parts;
    gboolean ok;
    guint n;

    if (!bl_outdir_plain(file) || !g_str_has_suffix(file, ".pdf")) {
        return FALSE;
    }
    parts = g_strsplit(file, "/", -1);
    n = g_strv_length(parts);
    ok = TRUE;
    for (guint i = 0; i + 1 < n; i++) {
        ok = ok && letter_dir(parts[i]);
    }
    g_strfreev(parts);
    return ok;
}

/* Adds the files a journal or manifest in the folder dir names (read through no link). */
static void
journal_files(int dir, const char *name, gboolean header, GPtrArray *files)
{
    int fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    FILE *fp;

    if (fd < 0) {
        return;
    }
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (fp = fdopen(fd, "rb")) == NULL) {
        close(fd);
        return;
    }
    bl_manifest_files(fp, header, files);
    fclose(fp);
}

/* Removes what the earlier run with this state and manifest made: the files its manifest and its
 * committed or unfinished journals name (a book's list with its book), then its manifest, errors
 * file and record, so that nothing of another run is left beside this one's letters. Only
 * regular files of this user, named as a run names its letters and books and reached through
 * no link, are removed: a planted manifest cannot point the removal anywhere else. */
static void
remove_earlier_run(struct bl_batch *b)
{
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    FILE *manifest = bl_outdir_read(b->out, b->plan.manifest);
    int copy = openat(b->state_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = copy >= 0 ? fdopendir(copy) : NULL;
    struct dirent *e;
    guint removed = 0;

    if (manifest != NULL) {
        bl_manifest_files(manifest, TRUE, files);
        fclose(manifest);
    }
    while (d != NULL && (e = readdir(d)) != NULL) {
        const char *name = e->d_name;

        if (g_str_has_prefix(name, "chunk-") &&
            (g_str_has_suffix(name, ".csv") || g_str_has_suffix(name, ".csv.part")) &&
            !g_str_has_suffix(name, ".errors.csv") && !g_str_has_suffix(name, ".errors.csv.part")) {
            journal_files(b->state_fd, name, FALSE, files);
        }
    }
    if (d != NULL) {
        closedir(d);
    } else if (copy >= 0) {
        close(copy);
    }
    for (guint i = 0; i < files->len; i++) {
        const char *file = g_ptr_array_index(files, i);

        if (!letter_file(file)) {
            continue;
        }
        removed += bl_outdir_remove(b->out, file);
        if (g_str_has_prefix(file, "book-") || g_str_has_prefix(file, "exceptions-")) {
            char *list = g_strdup(file);

            memcpy(list + strlen(list) - 3, "csv", 3);
            removed += bl_outdir_remove(b->out, list);
            g_free(list);
        }
    }
    removed += bl_outdir_remove(b->out, b->plan.manifest);
    removed += bl_outdir_remove(b->out, b->plan.errors);
    if (b->plan.record != NULL) {
        removed += bl_outdir_remove(b->out, b->plan.record);
    }
    if (removed > 0) {
        struct bl_loc loc = {bl_outdir_path(b->out), 0, 0};

        bl_diag_warning(b->diag, &loc, "removed %u files of an earlier run", removed);
    }
    g_ptr_array_unref(files);
}

/* Removes the state folder name of the output folder, when it is this user's own folder (never
 * through a link), and all in it. */
static void
remove_state(struct bl_batch *b, const char *name)
{
    int fd = bl_outdir_open_own_dir(bl_outdir_fd(b->out), name);

    if (fd < 0) {
        return;
    }
    bl_outdir_sweep(fd, anything, NULL);
    close(fd);
    unlinkat(bl_outdir_fd(b->out), name, AT_REMOVEDIR);
}

/* Locks the state for this run: two runs must never write one output. Returns 0, or -2
 * reported. */
static int
lock_state(struct bl_batch *b)
{
    int rc = 0;

    b->lock_fd = openat(b->state_fd, "lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (b->lock_fd < 0 || flock(b->lock_fd, LOCK_EX | LOCK_NB) < 0) {
        struct bl_loc loc = {bl_outdir_path(b->out), 0, 0};

        bl_diag_error(b->diag, &loc,
                      errno == EWOULDBLOCK
                          ? "another breachletter run is writing into this directory; wait for "
                            "it to end or choose another output directory"
                          : "cannot lock the run's state: %s",
                      g_strerror(errno));
        rc = errno == EWOULDBLOCK ? -2 : -1;
    }
    return rc;
}

/* Tells that name in the output folder is not what this program makes there. */
static void
foreign(struct bl_batch *b, const char *name)
{
    char *shown = bl_outdir_shown(b->out, name);
    struct bl_loc loc = {shown, 0, 0};

    bl_diag_error(b->diag, &loc,
                  "this is not a directory of this user's that breachletter made (it is a link, a "
                  "file, or another user's): it is left alone and nothing is written; find out "
                  "who put it there, remove it, and run again");
    g_free(shown);
}

/* Opens the state folder (a new one, or the one an earlier run left) and checks what lies
 * under the name of a state being removed. Returns 0, or -2 reported when either is not this
 * user's own folder. */
static int
open_state(struct bl_batch *b)
{
    int out = bl_outdir_fd(b->out);
    struct stat st;

    if (fstatat(out, b->trash, &st, AT_SYMLINK_NOFOLLOW) == 0) {
        int fd = bl_outdir_open_own_dir(out, b->trash);

        if (fd < 0) {
            foreign(b, b->trash);
            return -2;
        }
        close(fd);
        remove_state(b, b->trash); /* left by a run killed while it removed its state */
    }
    if (mkdirat(out, b->state, 0700) < 0 && errno != EEXIST) {
        struct bl_loc loc = {b->state_shown, 0, 0};

        bl_diag_error(b->diag, &loc, "cannot write the run's state: %s", g_strerror(errno));
        return -1;
    }
    b->state_fd = bl_outdir_open_own_dir(out, b->state);
    if (b->state_fd < 0) {
        foreign(b, b->state);
        return -2;
    }
    return 0;
}

/* Reads a small file of the state folder (never through a link); NULL when it is not there. */
static char *
state_read(const struct bl_batch *b, const char *name)
{
    int fd = openat(b->state_fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    GString *text;
    char buf[4096];
    ssize_t n;
    struct stat st;

    if (fd < 0) {
        return NULL;
    }
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return NULL;
    }
    text = g_string_new(NULL);
    while ((n = read(fd, buf, sizeof(buf))) != 0) {
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            close(fd);
            g_string_free(text, TRUE);
            return NULL;
        }
        g_string_append_len(text, buf, n);
    }
    close(fd);
    return g_string_free(text, FALSE);
}

/* Keeps the earlier state when it is to be resumed and is the same run; otherwise removes the
 * earlier run's files and state. */
static int
prepare_state(struct bl_batch *b)
{
    struct bl_loc loc = {bl_outdir_path(b->out), 0, 0};
    char *old = NULL, *key_shown;
    int rc;

    rc = open_state(b);
    if (rc == 0) {
        rc = lock_state(b);
    }
    if (rc < 0) {
        goto out;
    }
    if ((old = state_read(b, "key")) != NULL) {
        if (b->plan.resume && strcmp(old, b->plan.key) != 0) {
            bl_diag_error(b->diag, &loc,
                          "the unfinished run in this directory was made from other input or "
                          "options; run without --resume to start it again, or choose another "
                          "output directory");
            rc = -2;
            goto out;
        }
        if (!b->plan.resume) {
            bl_diag_warning(b->diag, &loc,
                            "an unfinished run in this directory is started again from the "
                            "beginning (--resume continues it)");
        }
        b->resumed = b->plan.resume;
    } else if (b->plan.resume) {
        bl_diag_warning(b->diag, &loc, "no unfinished run to resume here: starting a new one");
    }
    /* what an earlier run's journals name is read before its temporary journals go */
    if (!b->resumed) {
        remove_earlier_run(b);
    }
    if (bl_outdir_alone(b->out)) {
        bl_outdir_sweep(bl_outdir_fd(b->out), our_part, letter_dir);
    }
    bl_outdir_sweep(b->state_fd, b->resumed ? our_part : not_lock, NULL);
    key_shown = g_build_filename(b->state_shown, "key", NULL);
    rc = bl_temp_write_at(b->state_fd, "key", key_shown, b->plan.key, strlen(b->plan.key), b->diag);
    g_free(key_shown);
out:
    g_free(old);
    return rc;
}

int
bl_batch_new(struct bl_batch **out, const struct bl_batch_plan *plan, struct bl_outdir *outdir,
             struct bl_diag *diag)
{
    struct bl_batch *b = g_new0(struct bl_batch, 1);
    gint64 kept = 0, todo = 0;
    int rc;
    char *name = plan->shards > 1
                     ? g_strdup_printf(".%s-%d-of-%d", STATE_NAME, plan->shard, plan->shards)
                     : g_strdup("." STATE_NAME);

    b->plan = *plan;
    b->out = outdir;
    b->state = name;
    b->trash = g_strdup_printf("%s.done", name);
    b->state_shown = bl_outdir_shown(outdir, name);
    b->state_fd = -1;
    b->chunks = (plan->rows + plan->chunk_rows - 1) / plan->chunk_rows;
    b->pipe_fd = -1;
    b->lock_fd = -1;
    b->diag = diag;
    rc = prepare_state(b);
    if (rc < 0) {
        bl_batch_free(b);
        return rc;
    }
    /* the chunks to make are dealt to the workers in turn (all of them busy, on a resume too);
     * no more workers than chunks */
    b->owner = g_new(int, MAX(b->chunks, 1));
    for (gint64 c = 0; c < b->chunks; c++) {
        b->owner[c] = -1;
        if (in_shard(b, c) && !committed(b, c)) {
            b->owner[c] = (int)todo++;
            b->todo += chunk_rows(b, c);
        } else if (in_shard(b, c)) {
            kept++;
        }
    }
    b->plan.jobs = (int)CLAMP(MIN((gint64)plan->jobs, todo), 1, CHILDREN);
    for (gint64 c = 0; c < b->chunks; c++) {
        b->owner[c] = b->owner[c] < 0 ? -1 : b->owner[c] % b->plan.jobs;
    }
    if (b->resumed && plan->progress) {
        fprintf(stderr,
                "breachletter: resuming: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
                " chunks were complete, %" G_GINT64_FORMAT " rows to go\n",
                kept, kept + todo, b->todo);
    }
    *out = b;
    return 0;
}

void
bl_batch_free(struct bl_batch *b)
{
    if (b == NULL) {
        return;
    }
    if (b->pipe_fd >= 0) {
        close(b->pipe_fd);
    }
    if (b->lock_fd >= 0) {
        close(b->lock_fd); /* in a worker, the parent's lock stays: it is the same open file */
    }
    if (b->state_fd >= 0) {
        close(b->state_fd);
    }
    g_free(b->workers);
    g_free(b->owner);
    g_free(b->state);
    g_free(b->trash);
    g_free(b->state_shown);
    g_free(b);
}

int
bl_batch_start(struct bl_batch *b)
{
    pid_t parent = getpid();
    int fds[2];

    if (pipe2(fds, O_CLOEXEC) < 0) {
        bl_diag_error(b->diag, NULL, "cannot start the workers: %s", g_strerror(errno));
        return -2;
    }
    fflush(NULL);
    b->workers = g_new0(pid_t, b->plan.jobs);
    for (int w = 0; w < b->plan.jobs; w++) {
        pid_t pid = fork();

        if (pid == 0) {
            /* a worker ends with the run: a parent killed outright takes its workers along */
            prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (getppid() != parent) {
                _exit(1);
            }
            signal(SIGPIPE, SIG_IGN);
            /* the parent's workers and files are not this worker's (nor its note on Ctrl-C:
             * the caller forgets that) */
            for (int i = 0; i < CHILDREN; i++) {
                children[i] = 0;
            }
            bl_temp_forget_all();
            close(fds[0]);
            b->pipe_fd = fds[1];
            return w;
        }
        if (pid < 0) {
            bl_diag_error(b->diag, NULL, "cannot start worker %d: %s", w + 1, g_strerror(errno));
            for (int i = 0; i < w; i++) {
                kill(b->workers[i], SIGTERM);
                waitpid(b->workers[i], NULL, 0);
                untrack_child(b->workers[i]);
            }
            close(fds[0]);
            close(fds[1]);
            return -2;
        }
        b->workers[w] = pid;
        track_child(pid);
    }
    close(fds[1]);
    b->pipe_fd = fds[0];
    return -1;
}

gboolean
bl_batch_owns(const struct bl_batch *b, int worker, gint64 chunk)
{
    return chunk < b->chunks && b->owner[chunk] == worker;
}

gint64
bl_batch_chunk_of(const struct bl_batch *b, gint64 record)
{
    return record / b->plan.chunk_rows;
}

int
bl_batch_open_chunk(struct bl_batch *b, gint64 chunk, struct bl_manifest **journal)
{
    char *rows = chunk_name(chunk, ".csv");
    char *errors = chunk_name(chunk, ".errors.csv");
    int rc = bl_manifest_open(journal, b->state_fd, b->state_shown, rows, errors, b->plan.list,
                              FALSE, b->diag);

    if (rc == 0) {
        /* an uncommitted chunk's journal stays: a new run reads what letters it names */
        bl_manifest_make_durable(*journal);
    }

    g_free(rows);
    g_free(errors);
    return rc;
}

int
bl_batch_commit_chunk(struct bl_batch *b, gint64 chunk, struct bl_manifest *journal,
                      const struct bl_manifest_counts *counts, const char *messages)
{
    char *log = chunk_name(chunk, ".log");
    char *log_shown = g_build_filename(b->state_shown, log, NULL);
    char *text = g_strdup_printf("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                                 " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n%s",
                                 counts->rows, counts->letters, counts->errors, counts->refused,
                                 counts->drafts, messages);
    int rc;

    /* the letters reach the disk before the journal says they are there; the journal's rows
     * file, renamed last, is what commits the chunk */
    if (syncfs(bl_outdir_fd(b->out)) < 0) {
        struct bl_loc loc = {bl_outdir_path(b->out), 0, 0};

        bl_diag_error(b->diag, &loc, "cannot sync the letters to the disk: %s", g_strerror(errno));
        bl_manifest_abort(journal);
        rc = -1;
    } else if (bl_temp_write_at(b->state_fd, log, log_shown, text, strlen(text), b->diag) < 0) {
        bl_manifest_abort(journal);
        rc = -1;
    } else {
        rc = bl_manifest_close(journal);
    }
    g_free(text);
    g_free(log);
    g_free(log_shown);
    return rc;
}

void
bl_batch_tick(struct bl_batch *b, enum bl_outcome outcome)
{
    char what = (char)outcome;
    ssize_t n;

    do {
        n = write(b->pipe_fd, &what, 1);
    } while (n < 0 && errno == EINTR);
}

/* "1:23:45" or "4:05". */
static void
append_duration(GString *out, double secs)
{
    long s = (long)(secs + 0.5);

    if (s >= 3600) {
        g_string_append_printf(out, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    } else {
        g_string_append_printf(out, "%ld:%02ld", s / 60, s % 60);
    }
}

struct progress {
    gint64 done, letters, errors;
    gint64 started, last;
    gboolean tty;
};

static void
report(const struct bl_batch *b, struct progress *p, gboolean end)
{
    double secs = (double)(g_get_monotonic_time() - p->started) / G_USEC_PER_SEC;
    double rate = secs > 0 ? (double)p->done / secs : 0;
    GString *line = g_string_new(NULL);

    if (p->tty) {
        int width = 24;
        int filled = b->todo > 0 ? (int)(width * p->done / b->todo) : width;

        g_string_append(line, "\r[");
        for (int i = 0; i < width; i++) {
            g_string_append_c(line, i < filled ? '#' : '-');
        }
        g_string_append(line, "] ");
    } else {
        g_string_append(line, "breachletter: ");
    }
    g_string_append_printf(line,
                           "%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " rows, %" G_GINT64_FORMAT
                           " letters, %" G_GINT64_FORMAT " errors, %.0f rows/s",
                           p->done, b->todo, p->letters, p->errors, rate);
    if (!end && rate > 0) {
        g_string_append(line, ", ");
        append_duration(line, (double)(b->todo - p->done) / rate);
        g_string_append(line, " left");
    }
    g_string_append(line, p->tty ? (end ? "\033[K\n" : "\033[K") : "\n");
    fputs(line->str, stderr);
    fflush(stderr);
    g_string_free(line, TRUE);
}

/* One JSON line of progress on the plan's progress_fd (render --progress-fd): what a program
 * watching the run reads. A reader that went away never stops the run. */
static void
report_json(const struct bl_batch *b, const struct progress *p, gboolean end)
{
    double secs = (double)(g_get_monotonic_time() - p->started) / G_USEC_PER_SEC;
    double rate = secs > 0 ? (double)p->done / secs : 0;
    char *line = g_strdup_printf(
        "{\"rows_done\":%" G_GINT64_FORMAT ",\"rows_todo\":%" G_GINT64_FORMAT
        ",\"letters\":%" G_GINT64_FORMAT ",\"errors\":%" G_GINT64_FORMAT
        ",\"rate\":%.1f,\"seconds\":%.1f,\"seconds_left\":%.0f,\"end\":%s}\n",
        p->done, b->todo, p->letters, p->errors, rate, secs,
        rate > 0 && !end ? (double)(b->todo - p->done) / rate : 0.0, end ? "true" : "false");
    size_t len = strlen(line), off = 0;

    while (off < len) {
        ssize_t n = write(b->plan.progress_fd, line + off, len - off);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        off += (size_t)n;
    }
    g_free(line);
}

/* Reads the workers' ticks until every worker has ended; kills the rest when one fails.
 * Returns the number of workers that failed. */
static int
watch(struct bl_batch *b)
{
    struct progress p = {0, 0, 0, g_get_monotonic_time(), 0, isatty(STDERR_FILENO)};
    gint64 interval = (p.tty ? 250 : 10000) * (gint64)1000;
    gint64 json_last = p.started, json_done = -1;
    int running = b->plan.jobs, failed = 0;

    p.last = p.started;
    if (b->plan.progress_fd > 0) {
        report_json(b, &p, FALSE); /* the set-up is over: the letters start */
        json_done = 0;
    }
    while (running > 0) {
        struct pollfd pfd = {b->pipe_fd, POLLIN, 0};
        char buf[4096];
        pid_t pid;
        int status;

        if (b->pipe_fd >= 0 && poll(&pfd, 1, 250) > 0) {
            ssize_t n = read(b->pipe_fd, buf, sizeof(buf));

            for (ssize_t i = 0; i < n; i++) {
                p.done++;
                p.letters += bl_outcome_is_letter((enum bl_outcome)buf[i]);
                p.errors += !bl_outcome_is_letter((enum bl_outcome)buf[i]);
            }
            if (n == 0) {
                close(b->pipe_fd); /* every worker has ended */
                b->pipe_fd = -1;
            }
        } else if (b->pipe_fd < 0) {
            g_usleep(10000);
        }
        while (running > 0 && (pid = waitpid(-1, &status, WNOHANG)) != 0) {
            gboolean ok = pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;

            if (pid < 0) {
                /* no worker left to wait for, though some were not seen to end */
                bl_diag_error(b->diag, NULL, "the workers ended without telling how");
                failed++;
                running = 0;
                break;
            }
            untrack_child(pid);
            running--;
            for (int w = 0; w < b->plan.jobs; w++) {
                b->workers[w] =
                    b->workers[w] == pid ? 0 : b->workers[w]; /* its pid may be reused */
            }
            if (!ok && failed++ == 0) {
                bl_diag_error(b->diag, NULL,
                              WIFSIGNALED(status) ? "a worker was ended by signal %d"
                                                  : "a worker failed (exit status %d)",
                              WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
                for (int w = 0; w < b->plan.jobs; w++) {
                    if (b->workers[w] > 0) {
                        kill(b->workers[w], SIGTERM);
                    }
                }
            }
        }
        if (b->plan.progress && g_get_monotonic_time() - p.last >= interval) {
            p.last = g_get_monotonic_time();
            report(b, &p, FALSE);
        }
        if (b->plan.progress_fd > 0 && p.done != json_done &&
            g_get_monotonic_time() - json_last >= 250 * (gint64)1000) {
            json_last = g_get_monotonic_time();
            json_done = p.done;
            report_json(b, &p, FALSE);
        }
    }
    if (b->plan.progress_fd > 0 && failed == 0) {
        report_json(b, &p, TRUE);
    }
    if (b->plan.progress && (p.tty || p.last != p.started)) {
        report(b, &p, TRUE);
    }
    return failed;
}

/* The row messages beyond the first ones printed, by kind. */
struct untold {
    struct bl_kinds *errors, *warnings;
};

/* Adds a committed chunk's counts and prints its messages while fewer than max were printed;
 * the others are counted by kind. */
static int
read_log(struct bl_batch *b, gint64 chunk, struct bl_manifest_counts *sum, int *printed, int max,
         struct untold *untold)
{
    char *name = chunk_name(chunk, ".log");
    char *text = state_read(b, name);
    struct bl_manifest_counts c = {0};
    char *body;
    int rc = -1;

    if (text != NULL &&
        sscanf(text,
               "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
               " %" G_GINT64_FORMAT,
               &c.rows, &c.letters, &c.errors, &c.refused, &c.drafts) == 5 &&
        (body = strchr(text, '\n')) != NULL) {
        char **lines = g_strsplit(body + 1, "\n", -1);

        for (int i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++) {
            if (bl_diag_level() == BL_DIAG_QUIET && strstr(lines[i], ": warning: ") != NULL) {
                continue; /* --quiet: errors only */
            }
            if ((*printed)++ < max) {
                fprintf(stderr, "%s\n", lines[i]);
            } else {
                bl_kinds_add(strstr(lines[i], ": warning: ") != NULL ? untold->warnings
                                                                     : untold->errors,
                             lines[i]);
            }
        }
        g_strfreev(lines);
        sum->rows += c.rows;
        sum->letters += c.letters;
        sum->errors += c.errors;
        sum->refused += c.refused;
        sum->drafts += c.drafts;
        rc = 0;
    } else {
        char *shown = g_build_filename(b->state_shown, name, NULL);
        struct bl_loc loc = {shown, 0, 0};

        bl_diag_error(b->diag, &loc, "the chunk's record is missing or damaged");
        g_free(shown);
    }
    g_free(text);
    g_free(name);
    return rc;
}

/* After the first row messages: how many more rows were rejected and why, and where they are
 * all listed; then the warnings, which no file lists. */
static void
tell_untold(const struct untold *untold, const char *errors_shown)
{
    if (bl_kinds_total(untold->errors) > 0) {
        char *n = bl_kinds_count(bl_kinds_total(untold->errors));
        char *kinds = bl_kinds_format(untold->errors);

        fprintf(stderr, "breachletter: %s more row%s rejected: %s; every one is in %s\n", n,
                bl_kinds_total(untold->errors) == 1 ? "" : "s", kinds, errors_shown);
        g_free(kinds);
        g_free(n);
    }
    if (bl_kinds_total(untold->warnings) > 0) {
        char *n = bl_kinds_count(bl_kinds_total(untold->warnings));
        char *kinds = bl_kinds_format(untold->warnings);

        fprintf(stderr, "breachletter: %s more warning%s about rows: %s\n", n,
                bl_kinds_total(untold->warnings) == 1 ? "" : "s", kinds);
        g_free(kinds);
        g_free(n);
    }
}

int
bl_batch_finish(struct bl_batch *b, int max_messages, struct bl_manifest_counts *counts)
{
    int out = bl_outdir_fd(b->out);
    struct bl_manifest *m = NULL;
    struct untold untold = {NULL, NULL};
    int printed = 0, rc = -1;

    *counts = (struct bl_manifest_counts){0};
    if (watch(b) > 0) {
        bl_diag_error(b->diag, NULL,
                      "the run is not complete; once the problem is fixed, the same command "
                      "with --resume finishes it");
        return -1;
    }
    if (bl_manifest_open(&m, out, bl_outdir_path(b->out), b->plan.manifest, b->plan.errors,
                         b->plan.list, TRUE, b->diag) < 0) {
        return -1;
    }
    untold.errors = bl_kinds_new();
    untold.warnings = bl_kinds_new();
    for (gint64 c = 0; c < b->chunks; c++) {
        char *rows, *errors;
        int read;

        if (!in_shard(b, c)) {
            continue;
        }
        rows = chunk_name(c, ".csv");
        errors = chunk_name(c, ".errors.csv");
        read = read_log(b, c, counts, &printed, max_messages, &untold) < 0
                   ? -1
                   : bl_manifest_append_journal(m, b->state_fd, rows, errors);
        g_free(rows);
        g_free(errors);
        if (read < 0) {
            bl_manifest_abort(m);
            goto out;
        }
    }
    tell_untold(&untold, b->plan.errors_shown);
    if (bl_manifest_close(m) < 0 ||
        (b->plan.on_manifest != NULL && b->plan.on_manifest(b->plan.on_manifest_data) < 0)) {
        goto out;
    }
    /* the manifest's name is on the disk before the journals it came from go; the state goes
     * in one step (a rename that never replaces what has the name meanwhile), so a kill now
     * leaves either all of it or none */
    fsync(out);
    if (renameat2(out, b->state, out, b->trash, RENAME_NOREPLACE) == 0) {
        remove_state(b, b->trash);
    } else {
        remove_state(b, b->state);
    }
    rc = 0;
out:
    bl_kinds_free(untold.errors);
    bl_kinds_free(untold.warnings);
    return rc;
}

char *
bl_batch_key(const char *options, const char *const *inputs)
{
    return bl_fingerprint_paths(options, inputs);
}

/* SPDX-License-Identifier: MIT */
/* The workbench's mass run: "breachletter render" started on a list of the workspace as a
 * process of its own (this program, so the run is the command line's, with the same files),
 * its progress read from render --progress-fd, a stop (SIGTERM, after which --resume finishes
 * the run), and when it ends the manifest's summary, its rows without a letter and the
 * letters. One run at a time per server. */
#include "serve_run.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <signal.h>
#include <dirent.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "serve_fs.h"
#include "serve_html.h"

#define LOG_MAX       (64 * 1024) /* render's messages kept for the page */
#define ROWS_SHOWN    200         /* rows without a letter listed on the page */
#define FILES_SHOWN   1000        /* letters listed on the letters' page */
#define GRACE_SECONDS 2           /* how long render's pipes may stay open once render has ended */

enum run_state { RUN_NONE, RUN_RUNNING, RUN_DONE, RUN_FAILED, RUN_STOPPED };

/* The run of this server: one at a time. */
static struct {
    enum run_state state;
    GSubprocess *proc;
    GIOChannel *progress; /* render --progress-fd's lines */
    guint progress_watch; /* the progress pipe's watch, 0 once it has ended */
    GInputStream *log;    /* its standard output and error */
    GCancellable *log_cancel;
    guint grace; /* the timeout that ends the run when its pipes outlive render */
    GPid pid;    /* render's, the id of its process group too */
    GString *messages;
    char *last; /* the last progress line (JSON) */
    char *incident, *list, *out;
    int jobs;
    gboolean large_print, require_approval;
    gboolean stop_asked;
    int pending; /* the process, its progress and its messages not yet seen to end */
    int exit_status;
    int signal;
} run;

/* -- manifests ----------------------------------------------------------------------------- */

/* The CSV records of text (RFC 4180: quoted fields may hold commas, quotes and line ends). */
static GPtrArray *
csv_parse(const char *text, gsize len)
{
    GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
    GPtrArray *cells = g_ptr_array_new();
    GString *cell = g_string_new(NULL);
    gboolean quoted = FALSE, any = FALSE;

    for (gsize i = 0; i <= len; i++) {
        char c = i < len ? text[i] : '\n';

        if (quoted) {
            if (c == '"' && i + 1 < len && text[i + 1] == '"') {
                g_string_append_c(cell, '"');
                i++;
            } else if (c == '"') {
                quoted = FALSE;
            } else if (i < len) {
                g_string_append_c(cell, c);
            }
            continue;
        }
        if (c == '"') {
            quoted = any = TRUE;
        } else if (c == ',') {
            g_ptr_array_add(cells, g_strdup(cell->str));
            g_string_truncate(cell, 0);
            any = TRUE;
        } else if (c == '\n') {
            if (any || cell->len > 0) {
                g_ptr_array_add(cells, g_strdup(cell->str));
                g_ptr_array_add(cells, NULL);
                g_ptr_array_add(rows, g_ptr_array_steal(cells, NULL));
            }
            g_string_truncate(cell, 0);
            any = FALSE;
        } else if (c != '\r') {
            g_string_append_c(cell, c);
        }
    }
    g_ptr_array_free(cells, TRUE);
    g_string_free(cell, TRUE);
    return rows;
}

static int
column(char **header, const char *name)
{
    for (int i = 0; header != NULL && header[i] != NULL; i++) {
        /* a manifest written with a byte order mark still names its first column */
        const char *h = g_str_has_prefix(header[i], "\xEF\xBB\xBF") ? header[i] + 3 : header[i];
        if (strcmp(h, name) == 0) {
            return i;
        }
    }
    return -1;
}

int
bl_serve_manifest_read(struct serve *sv, const char *dir, struct serve_manifest *out)
{
    char *rel = g_build_filename(dir, "manifest.csv", NULL);
    gsize len = 0;
    char *text = bl_serve_fs_read(sv->rootfd, rel, sv->max_list, &len);
    char **header;

    g_free(rel);
    memset(out, 0, sizeof(*out));
    if (text == NULL) {
        return -1;
    }
    out->rows = csv_parse(text, len);
    g_free(text);
    header = out->rows->len > 0 ? g_ptr_array_index(out->rows, 0) : NULL;
    out->line = column(header, "line");
    out->id = column(header, "id");
    out->status = column(header, "status");
    out->file = column(header, "file");
    out->pages = column(header, "pages");
    out->sha256 = column(header, "sha256");
    out->error = column(header, "error");
    out->large_print = column(header, "large_print");
    out->approval = column(header, "approval");
    if (out->id < 0 || out->status < 0) {
        bl_serve_manifest_release(out);
        errno = EINVAL;
        return -1;
    }
    return 0;
}

void
bl_serve_manifest_release(struct serve_manifest *m)
{
    if (m->rows != NULL) {
        g_ptr_array_unref(m->rows);
    }
    m->rows = NULL;
}

const char *
bl_serve_manifest_cell(const struct serve_manifest *m, guint row, int col)
{
    char **cells = row < m->rows->len ? g_ptr_array_index(m->rows, row) : NULL;

    if (cells == NULL || col < 0 || (guint)col >= g_strv_length(cells)) {
        return "";
    }
    return cells[col];
}

/* -- the process --------------------------------------------------------------------------- */

static void
run_clear(void)
{
    g_clear_object(&run.proc);
    if (run.progress_watch != 0) {
        g_source_remove(run.progress_watch);
    }
    if (run.grace != 0) {
        g_source_remove(run.grace);
    }
    if (run.progress != NULL) {
        g_io_channel_unref(run.progress);
    }
    if (run.log_cancel != NULL) {
        g_cancellable_cancel(run.log_cancel);
        g_object_unref(run.log_cancel);
    }
    g_clear_object(&run.log);
    if (run.messages != NULL) {
        g_string_free(run.messages, TRUE);
    }
    g_free(run.last);
    g_free(run.incident);
    g_free(run.list);
    g_free(run.out);
    memset(&run, 0, sizeof(run));
}

/* The run's state once it has ended. */
static void
run_ended(void)
{
    run.pending = 0;
    if (run.grace != 0) {
        g_source_remove(run.grace);
        run.grace = 0;
    }
    if (run.signal != 0) {
        run.state = run.stop_asked ? RUN_STOPPED : RUN_FAILED;
    } else {
        /* 0: every row a letter; 1: rows without a letter, the run complete all the same */
        run.state = run.exit_status <= 1 ? RUN_DONE : RUN_FAILED;
    }
}

/* The run has ended once the process, its progress and its messages have. */
static void
one_ended(void)
{
    if (--run.pending <= 0) {
        run_ended();
    }
}

/* Render has ended but something of its process group (a worker) still holds its progress or
 * its messages open: the pipes are closed, what is left of the group is stopped, and the run
 * ends. */
static gboolean
on_grace_end(gpointer data)
{
    run.grace = 0;
    if (run.pending <= 0) {
        return G_SOURCE_REMOVE;
    }
    if (run.progress_watch != 0) {
        g_source_remove(run.progress_watch);
        run.progress_watch = 0;
    }
    g_cancellable_cancel(run.log_cancel);
    kill(-run.pid, SIGTERM);
    g_string_append_printf(run.messages,
                           "\nbreachletter serve: render ended, but a process it started kept "
                           "its output open %d seconds later: that output was closed and the "
                           "rest of its processes stopped.\n",
                           GRACE_SECONDS);
    run_ended();
    return G_SOURCE_REMOVE;
}

static void
on_process_end(GObject *source, GAsyncResult *res, gpointer data)
{
    GSubprocess *proc = G_SUBPROCESS(source);

    g_subprocess_wait_finish(proc, res, NULL);
    if (g_subprocess_get_if_signaled(proc)) {
        run.signal = g_subprocess_get_term_sig(proc);
    } else {
        run.exit_status = g_subprocess_get_exit_status(proc);
    }
    if (run.pending > 1) {
        run.grace = g_timeout_add_seconds(GRACE_SECONDS, on_grace_end, NULL);
    }
    one_ended();
}

static gboolean
on_progress(GIOChannel *ch, GIOCondition cond, gpointer data)
{
    char *line = NULL;
    gsize len = 0, end = 0;
    GIOStatus st;

    while ((st = g_io_channel_read_line(ch, &line, &len, &end, NULL)) == G_IO_STATUS_NORMAL) {
        line[end] = '\0';
        /* render's own line, kept as it is for the page's script */
        if (line[0] == '{' && end > 1 && line[end - 1] == '}') {
            g_free(run.last);
            run.last = line;
        } else {
            g_free(line);
        }
    }
    if (st == G_IO_STATUS_AGAIN) {
        return G_SOURCE_CONTINUE;
    }
    run.progress_watch = 0;
    one_ended();
    return G_SOURCE_REMOVE;
}

static void
on_log(GObject *source, GAsyncResult *res, gpointer data)
{
    GError *err = NULL;
    GBytes *bytes = g_input_stream_read_bytes_finish(G_INPUT_STREAM(source), res, &err);
    gsize n = bytes != NULL ? g_bytes_get_size(bytes) : 0;

    GCancellable *cancel = data; /* a reference of the read's own */
    gboolean stale = cancel != run.log_cancel || g_cancellable_is_cancelled(cancel);

    g_object_unref(cancel);
    if (stale) {
        /* the run was ended without it (or cleared): nothing of it is left to count */
        g_clear_error(&err);
        if (bytes != NULL) {
            g_bytes_unref(bytes);
        }
        return;
    }
    g_clear_error(&err);
    if (n == 0) {
        if (bytes != NULL) {
            g_bytes_unref(bytes);
        }
        one_ended();
        return;
    }
    if (run.messages->len < LOG_MAX) {
        g_string_append_len(run.messages, g_bytes_get_data(bytes, NULL),
                            (gssize)MIN(n, LOG_MAX - run.messages->len));
    }
    g_bytes_unref(bytes);
    g_input_stream_read_bytes_async(run.log, 4096, G_PRIORITY_DEFAULT, run.log_cancel, on_log,
                                    g_object_ref(run.log_cancel));
}

/* In the render process before it starts: it ends with the server, and it leads a process
 * group of its own, so that a stop reaches its workers too. */
static void
child_setup(gpointer data)
{
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
}

/* A workspace name as an argument of render: "./" before a name that starts with '-', so that
 * no file's name is read as an option (any other name is given as it is, so the manifest and
 * the errors file name the files as the command line does). */
static char *
path_arg(const char *rel)
{
    return rel[0] == '-' ? g_strconcat("./", rel, NULL) : g_strdup(rel);
}

/* Starts render; returns 0, or -1 with *error set (g_free). */
static int
start_render(struct serve *sv, gboolean resume, char **error)
{
    GSubprocessLauncher *l;
    GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    int fds[2];
    GError *err = NULL;

    if (exe == NULL || !g_unix_open_pipe(fds, FD_CLOEXEC, NULL)) {
        *error = g_strdup("The render process cannot be started: this program cannot be found "
                          "again, or no pipe can be made.");
        g_free(exe);
        g_ptr_array_unref(argv);
        return -1;
    }
    g_ptr_array_add(argv, exe);
    g_ptr_array_add(argv, g_strdup("render"));
    g_ptr_array_add(argv, path_arg(run.incident));
    g_ptr_array_add(argv, g_strdup("--recipients"));
    g_ptr_array_add(argv, path_arg(run.list));
    g_ptr_array_add(argv, g_strdup("-o"));
    g_ptr_array_add(argv, path_arg(run.out));
    g_ptr_array_add(argv, g_strdup_printf("--jobs=%d", run.jobs));
    g_ptr_array_add(argv, g_strdup("--progress-fd=3"));
    if (run.large_print) {
        g_ptr_array_add(argv, g_strdup("--large-print"));
    }
    if (run.require_approval) {
        g_ptr_array_add(argv, g_strdup("--require-approval"));
    }
    if (resume) {
        g_ptr_array_add(argv, g_strdup("--resume"));
    }
    if (sv->data_given != NULL) {
        g_ptr_array_add(argv, g_strdup_printf("--data-dir=%s", sv->data_given));
    }
    g_ptr_array_add(argv, NULL);
    l = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
    /* from the workspace, as a person at the command line in it: the names in the manifest and
     * the errors file are the workspace's */
    g_subprocess_launcher_set_cwd(l, sv->root);
    g_subprocess_launcher_take_fd(l, fds[1], 3);
    g_subprocess_launcher_set_child_setup(l, child_setup, NULL, NULL);
    run.proc = g_subprocess_launcher_spawnv(l, (const char *const *)argv->pdata, &err);
    g_object_unref(l);
    g_ptr_array_unref(argv);
    if (run.proc == NULL) {
        *error = g_strdup_printf("The render process cannot be started: %s.", err->message);
        g_error_free(err);
        close(fds[0]);
        return -1;
    }
    run.messages = g_string_new(NULL);
    run.progress = g_io_channel_unix_new(fds[0]);
    g_io_channel_set_close_on_unref(run.progress, TRUE);
    g_io_channel_set_encoding(run.progress, NULL, NULL);
    g_io_channel_set_flags(run.progress, G_IO_FLAG_NONBLOCK, NULL);
    run.log = g_object_ref(g_subprocess_get_stdout_pipe(run.proc));
    run.log_cancel = g_cancellable_new();
    run.pid = (GPid)g_ascii_strtoll(g_subprocess_get_identifier(run.proc), NULL, 10);
    run.pending = 3;
    run.state = RUN_RUNNING;
    g_subprocess_wait_async(run.proc, NULL, on_process_end, NULL);
    run.progress_watch =
        g_io_add_watch(run.progress, G_IO_IN | G_IO_HUP | G_IO_ERR, on_progress, NULL);
    g_input_stream_read_bytes_async(run.log, 4096, G_PRIORITY_DEFAULT, run.log_cancel, on_log,
                                    g_object_ref(run.log_cancel));
    return 0;
}

enum out_check { OUT_OK, OUT_BAD_NAME, OUT_IN_USE };

/* Whether an existing folder (fd, taken) may take a run's letters: empty, or the output folder
 * of an earlier run (it holds manifest.csv or .run-state), never a folder of inputs. */
static gboolean
folder_takes_run(int fd)
{
    DIR *d = fdopendir(fd);
    struct dirent *e;
    gboolean empty = TRUE, earlier = FALSE;

    if (d == NULL) {
        close(fd);
        return FALSE;
    }
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        empty = FALSE;
        if (strcmp(e->d_name, "manifest.csv") == 0 || strcmp(e->d_name, ".run-state") == 0) {
            earlier = TRUE;
        }
    }
    closedir(d);
    return empty || earlier;
}

/* Whether the output folder's name may be given to render: a name of the workspace whose
 * folders on the way are folders reached through no link (render's own checks of the folder
 * follow), its parent folder existing; an existing folder only when it takes a run. */
static enum out_check
out_ok(struct serve *sv, const char *rel)
{
    char *parent;
    int fd;
    gboolean ok;

    if (rel == NULL || !bl_serve_fs_name_ok(rel)) {
        return OUT_BAD_NAME;
    }
    fd = bl_serve_fs_open(sv->rootfd, rel, O_RDONLY | O_DIRECTORY, 0);
    if (fd >= 0) {
        return folder_takes_run(fd) ? OUT_OK : OUT_IN_USE;
    }
    if (errno != ENOENT) {
        return OUT_BAD_NAME;
    }
    parent = g_path_get_dirname(rel);
    fd = strcmp(parent, ".") == 0 ? dup(sv->rootfd)
                                  : bl_serve_fs_open(sv->rootfd, parent, O_RDONLY | O_DIRECTORY, 0);
    ok = fd >= 0;
    if (fd >= 0) {
        close(fd);
    }
    g_free(parent);
    return ok ? OUT_OK : OUT_BAD_NAME;
}

/* Whether the run's output folder holds the state of a run to resume. */
static gboolean
resumable(struct serve *sv)
{
    char *rel = g_build_filename(run.out, ".run-state", NULL);
    int fd = bl_serve_fs_open(sv->rootfd, rel, O_RDONLY | O_DIRECTORY, 0);

    g_free(rel);
    if (fd < 0) {
        return FALSE;
    }
    close(fd);
    return TRUE;
}

/* -- the pages ----------------------------------------------------------------------------- */

static const char *
state_name(enum run_state s)
{
    static const char *const names[] = {"none", "running", "done", "failed", "stopped"};

    return names[s];
}

static void
append_json_string(GString *s, const char *text)
{
    g_string_append_c(s, '"');
    for (const char *p = text != NULL ? text : ""; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\') {
            g_string_append_printf(s, "\\%c", *p);
        } else if ((unsigned char)*p < 0x20) {
            g_string_append_printf(s, "\\u%04x", (unsigned char)*p);
        } else {
            g_string_append_c(s, *p);
        }
    }
    g_string_append_c(s, '"');
}

/* GET /run/status: {"state": ..., "out": ..., "progress": render's last line or null, "exit":
 * ...}. */
static void
get_status(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *args)
{
    GString *s = g_string_new("{\"state\":");

    append_json_string(s, state_name(run.state));
    g_string_append(s, ",\"out\":");
    append_json_string(s, run.out);
    g_string_append_printf(s, ",\"progress\":%s", run.last != NULL ? run.last : "null");
    if (run.state != RUN_NONE && run.state != RUN_RUNNING) {
        g_string_append_printf(s, ",\"exit\":%d,\"signal\":%d", run.exit_status, run.signal);
    }
    g_string_append(s, "}\n");
    bl_serve_respond(msg, SOUP_STATUS_OK, "application/json", s->str, s->len);
    g_string_free(s, FALSE);
}

/* The form that starts a run (or resumes the one stopped). */
static void
start_form(struct serve *sv, GString *s, char **incidents, char **lists, gboolean busy)
{
    g_string_append(s, "<section aria-labelledby=\"start-h\">\n<h2 id=\"start-h\">Start a "
                       "run</h2>\n");
    if (incidents == NULL || incidents[0] == NULL || lists == NULL || lists[0] == NULL) {
        g_string_append(s, "<p>The workspace needs an incident and a recipient list first.</p>\n"
                           "</section>\n");
        return;
    }
    g_string_append(s, "<form method=\"post\" action=\"/run/start\" class=\"run-form\">\n");
    bl_serve_html_append_hidden(s, "csrf", sv->csrf);
    bl_serve_html_append_select(s, "r-file", "file", "Incident", incidents, run.incident);
    bl_serve_html_append_select(s, "r-list", "list", "Recipient list", lists, run.list);
    g_string_append(s, "<div class=\"field\"><label for=\"r-out\">Output folder</label>\n"
                       "<input type=\"text\" id=\"r-out\" name=\"out\" required value=\"");
    bl_serve_html_append_escaped(s, run.out != NULL ? run.out : "letters");
    g_string_append(s, "\" aria-describedby=\"r-out-help\">\n<p class=\"help\" "
                       "id=\"r-out-help\">A folder of the workspace (out/acme): made when "
                       "missing, in a folder that exists. An existing folder must be empty or "
                       "an earlier run's: a run started again there replaces what that run "
                       "made.</p></div>\n");
    g_string_append_printf(s,
                           "<div class=\"field\"><label for=\"r-jobs\">Worker processes</label>\n"
                           "<input type=\"number\" id=\"r-jobs\" name=\"jobs\" min=\"1\" "
                           "max=\"64\" value=\"%d\"></div>\n",
                           run.jobs > 0 ? run.jobs : MAX((int)g_get_num_processors(), 1));
    g_string_append_printf(s,
                           "<div class=\"field check\"><input type=\"checkbox\" id=\"r-large\" "
                           "name=\"large_print\" value=\"1\"%s>\n<label for=\"r-large\">Every "
                           "letter in large print</label></div>\n",
                           run.large_print ? " checked" : "");
    g_string_append_printf(s,
                           "<div class=\"field check\"><input type=\"checkbox\" id=\"r-approval\" "
                           "name=\"require_approval\" value=\"1\"%s>\n<label "
                           "for=\"r-approval\">Require the sign-off: refuse the letters of "
                           "variants not approved</label></div>\n",
                           run.require_approval ? " checked" : "");
    g_string_append_printf(s, "<button type=\"submit\"%s>Start the run</button>\n</form>\n",
                           busy ? " disabled" : "");
    if (busy) {
        g_string_append(s, "<p class=\"help\">One run at a time: this one ends, or is stopped, "
                           "first.</p>\n");
    }
    g_string_append(s, "</section>\n");
}

/* Counts of the manifest's rows by status, its rows without a letter and the links to its
 * files. */
static void
summary(struct serve *sv, GString *s)
{
    struct serve_manifest m;
    GHashTable *counts;
    GPtrArray *order;
    guint without = 0;

    if (bl_serve_manifest_read(sv, run.out, &m) < 0) {
        g_string_append(s, "<p class=\"problem\">The run left no manifest to read.</p>\n");
        return;
    }
    counts = g_hash_table_new(g_str_hash, g_str_equal);
    order = g_ptr_array_new();
    for (guint i = 1; i < m.rows->len; i++) {
        const char *st = bl_serve_manifest_cell(&m, i, m.status);
        gpointer n = g_hash_table_lookup(counts, st);
        if (n == NULL) {
            g_ptr_array_add(order, (gpointer)st);
        }
        g_hash_table_insert(counts, (gpointer)st, GUINT_TO_POINTER(GPOINTER_TO_UINT(n) + 1));
    }
    g_string_append_printf(s,
                           "<h3>Manifest</h3>\n<table class=\"counts\">\n<caption>%u rows by "
                           "status</caption>\n<thead><tr><th scope=\"col\">Status</th><th "
                           "scope=\"col\">Rows</th></tr></thead>\n<tbody>\n",
                           m.rows->len - 1);
    for (guint i = 0; i < order->len; i++) {
        g_string_append(s, "<tr><td>");
        bl_serve_html_append_escaped(s, g_ptr_array_index(order, i));
        g_string_append_printf(
            s, "</td><td>%u</td></tr>\n",
            GPOINTER_TO_UINT(g_hash_table_lookup(counts, g_ptr_array_index(order, i))));
    }
    g_string_append(s, "</tbody>\n</table>\n<p class=\"links\"><a href=\"/file?path=");
    bl_serve_html_append_query(s, run.out);
    g_string_append(s, "/manifest.csv\">Download manifest.csv</a> · <a href=\"/file?path=");
    bl_serve_html_append_query(s, run.out);
    g_string_append(s, "/errors.csv\">Download errors.csv</a> · <a href=\"/run/letters?out=");
    bl_serve_html_append_query(s, run.out);
    g_string_append(s, "\">The letters</a></p>\n");
    for (guint i = 1; i < m.rows->len; i++) {
        const char *st = bl_serve_manifest_cell(&m, i, m.status);
        if (strcmp(st, "ok") == 0 || strcmp(st, "draft") == 0 || strcmp(st, "exception") == 0) {
            continue;
        }
        if (without == 0) {
            g_string_append(s, "<table class=\"errors\">\n<caption>Rows without a "
                               "letter</caption>\n<thead><tr><th scope=\"col\">Id</th><th "
                               "scope=\"col\">Status</th><th scope=\"col\">Why</th></tr>"
                               "</thead>\n<tbody>\n");
        }
        if (without++ < ROWS_SHOWN) {
            g_string_append(s, "<tr><td>");
            bl_serve_html_append_escaped(s, bl_serve_manifest_cell(&m, i, m.id));
            g_string_append(s, "</td><td>");
            bl_serve_html_append_escaped(s, st);
            g_string_append(s, "</td><td>");
            bl_serve_html_append_escaped(s, bl_serve_manifest_cell(&m, i, m.error));
            g_string_append(s, "</td></tr>\n");
        }
    }
    if (without > 0) {
        g_string_append(s, "</tbody>\n</table>\n");
    }
    if (without > ROWS_SHOWN) {
        g_string_append_printf(s, "<p>%u more rows without a letter: errors.csv lists all.</p>\n",
                               without - ROWS_SHOWN);
    }
    g_ptr_array_free(order, TRUE);
    g_hash_table_destroy(counts);
    bl_serve_manifest_release(&m);
}

/* A number of render's last progress line, or 0. */
static double
progress_value(const char *key)
{
    char *k = g_strdup_printf("\"%s\":", key);
    const char *p = run.last != NULL ? strstr(run.last, k) : NULL;

    g_free(k);
    return p != NULL ? g_ascii_strtod(strchr(p, ':') + 1, NULL) : 0;
}

/* The numbers of the progress as the page shows them (run.js writes them alike). */
static void
progress_text(GString *s)
{
    g_string_append_printf(
        s, "%.0f of %.0f rows · %.0f letters · %.0f without a letter · %.0f rows/s",
        progress_value("rows_done"), progress_value("rows_todo"), progress_value("letters"),
        progress_value("errors"), progress_value("rate"));
}

/* The run's state: progress while it runs (the script updates it), its end, and the way to stop
 * or resume it. */
static void
run_section(struct serve *sv, GString *s)
{
    static const char *const headings[] = {"", "Running", "Finished", "Failed", "Stopped"};

    g_string_append_printf(s,
                           "<section class=\"run\" aria-labelledby=\"run-h\" data-state=\"%s\">\n"
                           "<h2 id=\"run-h\" tabindex=\"-1\">%s: ",
                           state_name(run.state), headings[run.state]);
    bl_serve_html_append_escaped(s, run.list);
    g_string_append(s, " into ");
    bl_serve_html_append_escaped(s, run.out);
    g_string_append(s, "</h2>\n<p class=\"run-files\">Incident ");
    bl_serve_html_append_escaped(s, run.incident);
    g_string_append_printf(s, ", %d worker%s%s%s.</p>\n", run.jobs, run.jobs == 1 ? "" : "s",
                           run.large_print ? ", large print" : "",
                           run.require_approval ? ", sign-off required" : "");
    /* the numbers: the script fills them in from /run/status while the run goes on; they are
     * not a live region (they change every second), the script tells a screen reader of the
     * progress in run-announce now and then */
    g_string_append_printf(s,
                           "<progress id=\"run-progress\" max=\"%.0f\" value=\"%.0f\" "
                           "aria-labelledby=\"run-h\"></progress>\n"
                           "<p id=\"run-announce\" class=\"visually-hidden\" "
                           "role=\"status\" aria-live=\"polite\"></p>\n"
                           "<p id=\"run-numbers\" class=\"run-numbers\">",
                           MAX(progress_value("rows_todo"), 1), progress_value("rows_done"));
    if (run.last != NULL) {
        progress_text(s);
        g_string_append(s, run.state == RUN_RUNNING ? "</p>\n<p class=\"run-end\">" : ". ");
    }
    if (run.state == RUN_RUNNING && run.last != NULL) {
        g_string_append(s, "Letters are being made.");
    } else if (run.state == RUN_RUNNING) {
        g_string_append(s, "Starting: the list is read and checked.");
    } else if (run.state == RUN_DONE) {
        g_string_append(s, run.exit_status == 0 ? "The run is complete: every row has a letter."
                                                : "The run is complete: some rows have no letter "
                                                  "(listed below).");
    } else if (run.state == RUN_STOPPED) {
        g_string_append(s, "The run was stopped. The letters of the chunks finished are kept: "
                           "resume it to make the rest.");
    } else {
        g_string_append(s, "The run failed: its messages say why.");
    }
    g_string_append(s, "</p>\n");
    if (run.state == RUN_RUNNING) {
        g_string_append(s, "<form method=\"post\" action=\"/run/stop\">\n");
        bl_serve_html_append_hidden(s, "csrf", sv->csrf);
        g_string_append(s, "<button type=\"submit\" class=\"stop\">Stop the run</button>\n"
                           "</form>\n");
    }
    if ((run.state == RUN_STOPPED || run.state == RUN_FAILED) && resumable(sv)) {
        g_string_append(s, "<form method=\"post\" action=\"/run/start\">\n");
        bl_serve_html_append_hidden(s, "csrf", sv->csrf);
        bl_serve_html_append_hidden(s, "file", run.incident);
        bl_serve_html_append_hidden(s, "list", run.list);
        bl_serve_html_append_hidden(s, "out", run.out);
        g_string_append_printf(s, "<input type=\"hidden\" name=\"jobs\" value=\"%d\">\n", run.jobs);
        if (run.large_print) {
            bl_serve_html_append_hidden(s, "large_print", "1");
        }
        if (run.require_approval) {
            bl_serve_html_append_hidden(s, "require_approval", "1");
        }
        bl_serve_html_append_hidden(s, "resume", "1");
        g_string_append(s, "<button type=\"submit\">Resume the run</button>\n</form>\n");
    }
    if (run.state == RUN_DONE) {
        summary(sv, s);
    }
    if (run.state != RUN_RUNNING && run.messages != NULL && run.messages->len > 0) {
        g_string_append(s, "<details class=\"messages\"><summary>Messages of render</summary>\n"
                           "<pre>");
        bl_serve_html_append_escaped(s, run.messages->str);
        g_string_append(s, "</pre></details>\n");
    }
    g_string_append(s, "</section>\n");
}

static void
page_run(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *args)
{
    GString *s = g_string_new("<h1>Mass run</h1>\n");
    char **incidents, **lists, **outputs;

    bl_serve_fs_scan(sv->rootfd, 3, &incidents, &lists, &outputs);
    g_string_append(s, "<p>Renders a letter for every person of a list, as <code>breachletter "
                       "render</code> does at the command line: the same program, the same "
                       "files.</p>\n");
    if (run.state != RUN_NONE) {
        run_section(sv, s);
    }
    start_form(sv, s, incidents, lists, run.state == RUN_RUNNING);
    g_string_append(s, "<script src=\"/static/run.js\" defer></script>\n");
    bl_serve_respond_page(sv, msg, SOUP_STATUS_OK, "Mass run", g_string_free(s, FALSE));
    g_strfreev(incidents);
    g_strfreev(lists);
    g_strfreev(outputs);
}

static void
post_start(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *fields)
{
    const char *file = bl_serve_arg(fields, "file");
    const char *list = bl_serve_arg(fields, "list");
    const char *out = bl_serve_arg(fields, "out");
    const char *jobs_text = bl_serve_arg(fields, "jobs");
    gint64 jobs = 0;
    char *error = NULL;

    if (run.state == RUN_RUNNING) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_CONFLICT, "A run is under way",
                                 "One run at a time: wait for the run under way to end, or stop "
                                 "it, then start this one.");
        return;
    }
    if (!bl_serve_incident_ok(sv, file, TRUE) || !bl_serve_list_ok(sv, list)) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_BAD_REQUEST, "Not started",
                                 "Name an incident file and a list (.csv or .xml) of the "
                                 "workspace.");
        return;
    }
    switch (out_ok(sv, out)) {
    case OUT_OK:
        break;
    case OUT_BAD_NAME:
        bl_serve_respond_message(sv, msg, SOUP_STATUS_BAD_REQUEST, "Not started",
                                 "Name an output folder inside the workspace, without '..', a "
                                 "leading '/' or a symbolic link on the way, in a folder that "
                                 "exists.");
        return;
    case OUT_IN_USE:
        bl_serve_respond_message(sv, msg, SOUP_STATUS_CONFLICT, "Not started",
                                 "The output folder already holds files, and no earlier run's "
                                 "letters (no manifest.csv, no .run-state): the letters would "
                                 "be mixed in with them. Name a new folder, an empty one, or "
                                 "the folder of an earlier run.");
        return;
    }
    if (jobs_text != NULL && jobs_text[0] != '\0' &&
        !g_ascii_string_to_signed(jobs_text, 10, 1, 64, &jobs, NULL)) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_BAD_REQUEST, "Not started",
                                 "Worker processes: a number from 1 to 64.");
        return;
    }
    run_clear();
    run.incident = g_strdup(file);
    run.list = g_strdup(list);
    run.out = g_strdup(out);
    run.jobs = jobs > 0 ? (int)jobs : MAX((int)g_get_num_processors(), 1);
    run.large_print = bl_serve_arg(fields, "large_print") != NULL;
    run.require_approval = bl_serve_arg(fields, "require_approval") != NULL;
    if (start_render(sv, bl_serve_arg(fields, "resume") != NULL, &error) < 0) {
        run_clear();
        bl_serve_respond_message(sv, msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "Not started", error);
        g_free(error);
        return;
    }
    bl_serve_redirect(msg, "/run");
}

static void
post_stop(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *fields)
{
    if (run.state != RUN_RUNNING) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_CONFLICT, "No run to stop",
                                 "No run is under way.");
        return;
    }
    run.stop_asked = TRUE;
    /* render and its workers: render's group (render finishes the chunks under way and keeps
     * the run's state for --resume) */
    if (kill(-run.pid, SIGTERM) < 0) {
        g_subprocess_send_signal(run.proc, SIGTERM);
    }
    bl_serve_redirect(msg, "/run");
}

/* GET /run/letters?out=DIR: the letters of a run's manifest, each a link to its file. */
static void
page_letters(struct serve *sv, SoupServerMessage *msg, const char *route, GHashTable *args)
{
    const char *out = bl_serve_arg(args, "out");
    struct serve_manifest m;
    GString *s;
    guint shown = 0;

    if (out == NULL || !bl_serve_fs_name_ok(out) || bl_serve_manifest_read(sv, out, &m) < 0) {
        bl_serve_respond_message(sv, msg, SOUP_STATUS_NOT_FOUND, "No such run",
                                 "Name an output folder of the workspace that holds a "
                                 "manifest.csv.");
        return;
    }
    s = g_string_new("<h1>Letters of ");
    bl_serve_html_append_escaped(s, out);
    g_string_append(s, "</h1>\n<table class=\"letters\">\n<thead><tr><th scope=\"col\">Id</th>"
                       "<th scope=\"col\">Status</th><th scope=\"col\">Pages</th>"
                       "<th scope=\"col\">Letter</th></tr></thead>\n<tbody>\n");
    for (guint i = 1; i < m.rows->len && shown < FILES_SHOWN; i++) {
        const char *file = bl_serve_manifest_cell(&m, i, m.file);
        if (file[0] == '\0') {
            continue;
        }
        shown++;
        g_string_append(s, "<tr><td>");
        bl_serve_html_append_escaped(s, bl_serve_manifest_cell(&m, i, m.id));
        g_string_append(s, "</td><td>");
        bl_serve_html_append_escaped(s, bl_serve_manifest_cell(&m, i, m.status));
        g_string_append(s, "</td><td>");
        bl_serve_html_append_escaped(s, bl_serve_manifest_cell(&m, i, m.pages));
        g_string_append(s, "</td><td><a href=\"/file?path=");
        bl_serve_html_append_query(s, out);
        g_string_append(s, "/");
        bl_serve_html_append_query(s, file);
        g_string_append(s, "\">");
        bl_serve_html_append_escaped(s, file);
        g_string_append(s, "</a></td></tr>\n");
    }
    g_string_append(s, "</tbody>\n</table>\n");
    if (shown == FILES_SHOWN) {
        g_string_append_printf(s, "<p>The first %d letters; the manifest lists them all.</p>\n",
                               FILES_SHOWN);
    }
    bl_serve_manifest_release(&m);
    bl_serve_respond_page(sv, msg, SOUP_STATUS_OK, "Letters", g_string_free(s, FALSE));
}

const struct serve_route bl_serve_run_routes[] = {
    {SERVE_GET, "/run", page_run},
    {SERVE_GET, "/run/status", get_status},
    {SERVE_GET, "/run/letters", page_letters},
    {SERVE_POST_FORM, "/run/start", post_start},
    {SERVE_POST_FORM, "/run/stop", post_stop},
    {0, NULL, NULL},
};

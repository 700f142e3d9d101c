/* SPDX-License-Identifier: MIT */
/* Serve: "breachletter serve [DIR]", the workbench: an HTTP server on the loopback (libsoup 3 on
 * GLib's main loop) serving a workspace folder of incidents, lists and outputs to the browser of
 * the person at this computer, who proves it with the access token printed at start. */
#include "cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlschemastypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_util.h"
#include "run.h"
#include "serve.h"
#include "serve_fs.h"
#include "serve_preview.h"
#include "serve_work.h"
#include "session.h"

#define USAGE "[DIR] [--port N] [--max-list-size MIB] [--max-incident-size KIB]"

static char *
random_token(void)
{
    unsigned char bytes[32];
    GString *s = g_string_new(NULL);

    if (getrandom(bytes, sizeof(bytes), 0) != (ssize_t)sizeof(bytes)) {
        g_string_free(s, TRUE);
        return NULL;
    }
    for (size_t i = 0; i < sizeof(bytes); i++) {
        g_string_append_printf(s, "%02x", bytes[i]);
    }
    return g_string_free(s, FALSE);
}

static gboolean
on_signal(gpointer data)
{
    struct serve *sv = data;

    g_main_loop_quit(sv->loop);
    return G_SOURCE_REMOVE;
}

static void
serve_release(struct serve *sv)
{
    if (sv->server != NULL) {
        soup_server_disconnect(sv->server);
        g_object_unref(sv->server);
    }
    if (sv->loop != NULL) {
        g_main_loop_unref(sv->loop);
    }
    if (sv->rootfd >= 0) {
        close(sv->rootfd);
    }
    g_free(sv->root);
    g_free(sv->data);
    g_free(sv->data_given);
    g_free(sv->layout);
    g_free(sv->token);
    g_free(sv->csrf);
    g_free(sv->cookie);
    g_free(sv->origin);
    g_free(sv->host);
    g_free(sv->host_name);
}

int
bl_cmd_serve(int argc, char **argv)
{
    struct bl_cli_common common = {0};
    struct serve sv = {.rootfd = -1};
    int port = 0, max_list_mib = 64, max_incident_kib = 1024;
    GOptionEntry entries[] = {
        {"port", 'p', 0, G_OPTION_ARG_INT, &port,
         "Port on 127.0.0.1 (default: one the system chooses)", "N"},
        {"max-list-size", 0, 0, G_OPTION_ARG_INT, &max_list_mib,
         "Largest recipient list taken, in MiB (default 64)", "MIB"},
        {"max-incident-size", 0, 0, G_OPTION_ARG_INT, &max_incident_kib,
         "Largest incident or form taken, in KiB (default 1024)", "KIB"},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GError *err = NULL;
    GSList *uris = NULL;
    char *path = NULL;
    int rc = BL_EXIT_USAGE;

    if (!bl_cli_options(
            "serve", USAGE, "Serves the workbench: the incident editor in a browser.",
            "Serves the workspace DIR (default: the current folder) to a browser on this\n"
            "computer: its incidents in a form that needs no XML, its lists and its letters.\n"
            "It listens on 127.0.0.1 only and prints the address to open, which holds a\n"
            "random key; without it every request is refused. Each request is logged on\n"
            "standard error (method, path, status, time; never the key or a file's name).\n"
            "Ctrl-C or SIGTERM stops it.\n\n"
            "Exit status: 0 stopped; 2 usage; 4 the workspace or the port cannot be used.",
            entries, &common, &argc, &argv, &rc)) {
        goto out;
    }
    if (argc > 2 || port < 0 || port > 65535 || max_list_mib < 1 || max_incident_kib < 1) {
        bl_cli_usage("serve", USAGE);
        rc = BL_EXIT_USAGE;
        goto out;
    }
    rc = BL_EXIT_IO;
    sv.max_list = (gsize)max_list_mib << 20;
    sv.max_incident = (gsize)max_incident_kib << 10;
    sv.root = realpath(argc == 2 ? argv[1] : ".", NULL);
    if (sv.root == NULL || (sv.rootfd = open(sv.root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
        fprintf(stderr, "breachletter serve: error: cannot open the workspace '%s': %s\n",
                argc == 2 ? argv[1] : ".", g_strerror(errno));
        goto out;
    }
    bl_serve_fs_sweep(sv.rootfd, 0, BL_SERVE_DRAFT_PREFIX);
    sv.data = g_strdup(bl_session_data_dir(common.data_dir));
    sv.data_given = g_strdup(common.data_dir);
    path = g_build_filename(sv.data, "templates", "serve", "page.html", NULL);
    if (!g_file_get_contents(path, &sv.layout, NULL, &err)) {
        fprintf(stderr, "breachletter serve: error: %s (the data folder's templates/serve/)\n",
                err->message);
        goto out;
    }
    sv.token = random_token();
    if (sv.token == NULL) {
        fprintf(stderr, "breachletter serve: error: no random numbers: %s\n", g_strerror(errno));
        goto out;
    }
    sv.csrf = g_compute_hmac_for_string(G_CHECKSUM_SHA256, (const guchar *)sv.token,
                                        strlen(sv.token), "breachletter serve: forms", -1);
    /* previews are drawn in a worker thread: libxml2 wants its parser set up beforehand, and
     * its RelaxNG and XML Schema type tables, which it would otherwise fill on first use from
     * whichever thread validates first */
    xmlInitParser();
    xmlSchemaInitTypes();
    xmlRelaxNGInitTypes();
    sv.server = soup_server_new("server-header", NULL, NULL);
    bl_serve_http_start(&sv);
    {
        GInetAddress *lo = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
        GSocketAddress *addr = g_inet_socket_address_new(lo, (guint16)port);
        gboolean ok = soup_server_listen(sv.server, addr, 0, &err);
        g_object_unref(addr);
        g_object_unref(lo);
        if (!ok) {
            fprintf(stderr, "breachletter serve: error: cannot listen on 127.0.0.1:%d: %s\n", port,
                    err->message);
            goto out;
        }
    }
    uris = soup_server_get_uris(sv.server);
    port = uris != NULL ? g_uri_get_port(uris->data) : port;
    sv.host = g_strdup_printf("127.0.0.1:%d", port);
    sv.host_name = g_strdup_printf("localhost:%d", port);
    sv.origin = g_strdup_printf("http://%s", sv.host);
    sv.cookie = g_strdup_printf("bl_token_%d", port);
    sv.loop = g_main_loop_new(NULL, FALSE);
    g_unix_signal_add(SIGTERM, on_signal, &sv);
    g_unix_signal_add(SIGINT, on_signal, &sv);
    g_unix_signal_add(SIGHUP, on_signal, &sv);
    fprintf(stderr, "breachletter serve: workspace %s\n", sv.root);
    printf("%s/?token=%s\n", sv.origin, sv.token);
    fflush(stdout);
    g_main_loop_run(sv.loop);
    if (!bl_serve_work_stop()) {
        /* a work still runs in the worker thread, on the server's state: its files are
         * removed, and the process ends with the thread, freeing nothing it may use */
        fprintf(stderr, "breachletter serve: stopped\n");
        _exit(BL_EXIT_OK);
    }
    bl_serve_preview_stop();
    fprintf(stderr, "breachletter serve: stopped\n");
    rc = BL_EXIT_OK;
out:
    g_slist_free_full(uris, (GDestroyNotify)g_uri_unref);
    g_clear_error(&err);
    g_free(path);
    serve_release(&sv);
    bl_cli_common_release(&common);
    return rc;
}

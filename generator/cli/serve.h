/* SPDX-License-Identifier: MIT */
/* The workbench's server (breachletter serve) as its screens see it: the state shared by every
 * request, the answers a screen gives, and the table of routes each screen's module adds to.
 * serve_http.c guards every request (host, token, same origin, the forms' token) before a
 * route's function runs, so a route's function only does its screen's work. */
#ifndef BL_SERVE_H
#define BL_SERVE_H

#include <glib.h>
#include <libsoup/soup.h>

struct serve {
    GMainLoop *loop;
    SoupServer *server;
    int rootfd;
    char *root;       /* the workspace, absolute */
    char *data;       /* the data folder: templates/ */
    char *data_given; /* --data-dir or its defaults, as the library takes it (may be NULL) */
    char *layout;     /* templates/serve/page.html */
    char *token;      /* the access token, 64 hex digits */
    char *csrf;       /* the forms' token, derived from the access token */
    char *cookie;     /* the cookie's name: bl_token_PORT (cookies do not keep ports apart) */
    char *origin;     /* http://127.0.0.1:PORT */
    char *host;       /* 127.0.0.1:PORT */
    char *host_name;  /* localhost:PORT */
    gsize max_list;
    gsize max_incident;
};

/* How a route takes its request. */
enum serve_kind {
    SERVE_GET,       /* GET or HEAD; args is the query (may be NULL) */
    SERVE_POST_FORM, /* a form (urlencoded) whose csrf field was checked; args is its fields */
    SERVE_POST_RAW,  /* any other POST (its body unread here; the route checks the forms' token) */
};

struct serve_route {
    enum serve_kind kind;
    const char *path; /* exact, or a prefix when it ends in '/' (but "/") */
    void (*fn)(struct serve *sv, SoupServerMessage *msg, const char *path, GHashTable *args);
};

/* The routes of each screen's module, each table ended by an entry with a NULL path. */
extern const struct serve_route bl_serve_editor_routes[];
extern const struct serve_route bl_serve_preview_routes[];
extern const struct serve_route bl_serve_signoff_routes[];
extern const struct serve_route bl_serve_run_routes[];    /* serve_run.c: a mass run */
extern const struct serve_route bl_serve_person_routes[]; /* serve_person.c: one letter */

/* serve_editor.c: answers msg with the editor page of the saved incident rel (checked by the
 * caller), panel (HTML, borrowed) beside its form; saved: it was just saved (the page says so,
 * and whether problems are left). */
void bl_serve_editor_respond(struct serve *sv, SoupServerMessage *msg, const char *rel,
                             const char *panel, gboolean saved);

/* Sets up the server's guards and routes on sv->server (serve_http.c). */
void bl_serve_http_start(struct serve *sv);

/* Compares two secrets in time that does not depend on where they first differ. */
gboolean bl_serve_same_secret(const char *a, const char *b);

/* Answers: body_take becomes the response's (g_free'd by libsoup). */
void bl_serve_respond(SoupServerMessage *msg, guint status, const char *type, char *body_take,
                      gsize len);
/* A page in the layout: main_take (HTML) is taken. */
void bl_serve_respond_page(struct serve *sv, SoupServerMessage *msg, guint status,
                           const char *title, char *main_take);
/* A page with a heading and a sentence. */
void bl_serve_respond_message(struct serve *sv, SoupServerMessage *msg, guint status,
                              const char *heading, const char *text);
/* 303 See Other to location (a path of this server). */
void bl_serve_redirect(SoupServerMessage *msg, const char *location);

/* The value of key in a query or form (borrowed), or NULL. */
const char *bl_serve_arg(GHashTable *args, const char *key);

/* An incident file of the workspace: a safe name ending in .xml of a regular file that opens
 * without following a link (with must_exist FALSE, a name still free is also taken). */
gboolean bl_serve_incident_ok(struct serve *sv, const char *rel, gboolean must_exist);

/* A list of the workspace: a regular file whose name ends in .csv or .xml. */
gboolean bl_serve_list_ok(struct serve *sv, const char *rel);

#endif

/* SPDX-License-Identifier: MIT */
/* The workbench's worker thread: works asked for by requests, done one at a time, answered on
 * the main loop. */
#include "serve_work.h"

#include <stdio.h>

/* How long a stopping server waits for the work being done before it leaves it. */
#define STOP_WAIT_S 5

/* A work asked for. */
struct work {
    struct serve *sv;
    SoupServerMessage *msg; /* paused until answered; a reference */
    gulong disconnected;    /* its handler */
    gboolean gone;          /* the browser went away meanwhile: nothing to answer */
    bl_serve_work_fn work;
    bl_serve_answer_fn answer;
    bl_serve_work_fn abandon;
    gpointer data;
    GDestroyNotify free_data;
    GSource *ready; /* calls on_done on the main loop: made before the work goes to the thread,
                     * attached by the thread once the work is done */
};

static GThreadPool *pool;             /* one thread */
static GQueue pending = G_QUEUE_INIT; /* struct work *: asked for, not answered yet */
static GMutex lock;                   /* guards current and stopping */
static GCond finished;                /* signalled when current is done */
static struct work *current;          /* the work being done, or NULL */
static gboolean stopping;             /* no work is started any more */

static void
work_free(struct work *w)
{
    g_source_unref(w->ready);
    g_signal_handler_disconnect(w->msg, w->disconnected);
    g_object_unref(w->msg);
    if (w->free_data != NULL) {
        w->free_data(w->data);
    }
    g_free(w);
}

static void
on_disconnected(SoupServerMessage *msg, gpointer data)
{
    ((struct work *)data)->gone = TRUE;
}

/* On the main loop, once the work is done. */
static gboolean
on_done(gpointer data)
{
    struct work *w = data;

    g_queue_remove(&pending, w);
    w->answer(w->sv, w->gone ? NULL : w->msg, w->data);
    if (!w->gone) {
        soup_server_message_unpause(w->msg);
    }
    work_free(w);
    return G_SOURCE_REMOVE;
}

/* In the worker thread. */
static void
run(gpointer data, gpointer unused)
{
    struct work *w = data;

    g_mutex_lock(&lock);
    if (stopping) {
        /* left for the stop to drop: w is not touched again here */
        g_mutex_unlock(&lock);
        return;
    }
    current = w;
    g_mutex_unlock(&lock);
    w->work(w->sv, w->data);
    g_mutex_lock(&lock);
    current = NULL;
    g_cond_broadcast(&finished);
    g_mutex_unlock(&lock);
    /* w may be answered and freed on the main loop from here on */
    g_source_attach(w->ready, NULL);
}

void
bl_serve_work(struct serve *sv, SoupServerMessage *msg, bl_serve_work_fn work,
              bl_serve_answer_fn answer, bl_serve_work_fn abandon, gpointer data,
              GDestroyNotify free_data)
{
    struct work *w = g_new0(struct work, 1);

    if (pool == NULL) {
        pool = g_thread_pool_new(run, NULL, 1, FALSE, NULL);
    }
    w->sv = sv;
    w->msg = g_object_ref(msg);
    w->disconnected = g_signal_connect(msg, "disconnected", G_CALLBACK(on_disconnected), w);
    w->work = work;
    w->answer = answer;
    w->abandon = abandon;
    w->data = data;
    w->free_data = free_data;
    w->ready = g_idle_source_new();
    g_source_set_callback(w->ready, on_done, w, NULL);
    soup_server_message_pause(msg);
    g_queue_push_tail(&pending, w);
    g_thread_pool_push(pool, w, NULL);
}

gboolean
bl_serve_work_stop(void)
{
    gint64 until = g_get_monotonic_time() + STOP_WAIT_S * G_TIME_SPAN_SECOND;
    struct work *left;

    if (pool == NULL) {
        return TRUE;
    }
    g_mutex_lock(&lock);
    stopping = TRUE;
    if (current != NULL) {
        fprintf(stderr, "breachletter serve: waiting for the work in progress (%d s at most)\n",
                STOP_WAIT_S);
    }
    while (current != NULL && g_cond_wait_until(&finished, &lock, until)) {
    }
    left = current;
    g_mutex_unlock(&lock);
    if (left != NULL) {
        fprintf(stderr, "breachletter serve: the work in progress did not end: its files are "
                        "removed\n");
        if (left->abandon != NULL) {
            left->abandon(left->sv, left->data);
        }
        return FALSE;
    }
    /* no work runs, and none will start: the thread is ended */
    g_thread_pool_free(pool, TRUE, TRUE);
    pool = NULL;
    /* works done whose answers had not come, and works never started, are dropped: the main
     * loop is not run again */
    while (!g_queue_is_empty(&pending)) {
        struct work *w = g_queue_pop_head(&pending);

        g_source_destroy(w->ready);
        work_free(w);
    }
    return TRUE;
}

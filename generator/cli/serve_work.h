/* SPDX-License-Identifier: MIT */
/* The workbench's slow work off its main loop (breachletter serve): drawing a preview, reading a
 * large list for a person, making one person's letter. Each is done in the server's worker
 * thread while the request that asked for it waits, paused, and the server answers others; its
 * answer is given on the main loop once it is done. There is one worker thread: works are done
 * one at a time, in the order they were asked for. */
#ifndef BL_SERVE_WORK_H
#define BL_SERVE_WORK_H

#include "serve.h"

/* The work, in the worker thread: it may read the server's names (root, data, data_given,
 * csrf) and its workspace through rootfd, which do not change while the server runs, and what
 * data holds; nothing else the main loop changes. */
typedef void (*bl_serve_work_fn)(struct serve *sv, gpointer data);

/* The answer, on the main loop, once the work is done: msg is NULL when the browser went away
 * meanwhile (nothing to answer; what the work made may still be kept). */
typedef void (*bl_serve_answer_fn)(struct serve *sv, SoupServerMessage *msg, gpointer data);

/* Pauses msg, has work done with data in the worker thread, then answer called with msg on
 * the main loop, and free_data (may be NULL) called on data after it, on the main loop too.
 * abandon (NULL: none) is called instead, on the main loop, when the server stops while the
 * work is still being done: it removes the files the work makes (the thread still holds data:
 * nothing is freed). */
void bl_serve_work(struct serve *sv, SoupServerMessage *msg, bl_serve_work_fn work,
                   bl_serve_answer_fn answer, bl_serve_work_fn abandon, gpointer data,
                   GDestroyNotify free_data);

/* When the server stops: no work waiting is started any more; waits 5 s at most for the work
 * being done; drops the works waiting, their requests unanswered and their data freed. Returns
 * TRUE, or FALSE when a work is still being done: its abandon was called, and the thread still
 * uses it and the server's state, so the caller must end the process at once (_exit) without
 * freeing either. */
gboolean bl_serve_work_stop(void);

#endif

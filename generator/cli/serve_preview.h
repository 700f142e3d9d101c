/* SPDX-License-Identifier: MIT */
/* The workbench's live preview (breachletter serve): the letter of a chosen person as pictures of
 * its pages, with the facts missing and the compliance findings beside them, for the editor. */
#ifndef BL_SERVE_PREVIEW_H
#define BL_SERVE_PREVIEW_H

#include "serve.h"

/* The names of the drafts' private files, written beside the incident and removed once drawn;
 * the server sweeps those a server killed meanwhile left (bl_serve_fs_sweep) when it starts. */
#define BL_SERVE_DRAFT_PREFIX ".bl-draft-"

/* Given the preview panel's HTML (borrowed for the call) to answer msg with. */
typedef void (*bl_serve_panel_fn)(struct serve *sv, SoupServerMessage *msg, const char *panel,
                                  gpointer data);

/* The editor's preview panel for the saved incident rel (checked by the caller), the sample
 * person chosen by args, an address's query (jurisdiction, variant, language, list; a list
 * absent from args is the first of the incident's folder not larger than 2 MiB, when it has
 * one), given to done: at once when its drawing is kept, else once the worker thread has made
 * it, msg paused meanwhile (args need not outlive the call). data is done's, freed with
 * free_data after it. A person of a list is chosen by the panel's form only (POST
 * /preview/show): a recipient in args is not taken, and the panel says why. */
void bl_serve_preview_panel(struct serve *sv, SoupServerMessage *msg, const char *rel,
                            GHashTable *args, bl_serve_panel_fn done, gpointer data,
                            GDestroyNotify free_data);

/* When the server stops, after bl_serve_work_stop returned TRUE (no drawing runs): frees what
 * the previews keep. */
void bl_serve_preview_stop(void);

#endif

/* SPDX-License-Identifier: MIT */
/* Sinks, private side: what a kind (sink_pdf.c, sink_book.c, sink_png.c) implements and what
 * sink.c gives it. sink.c keeps the order of calls (an open letter, a page begun, the sink not
 * yet ended) and counts each letter's pages; a kind only writes. Only sink*.c include this
 * header. */
#ifndef BL_SINK_IMPL_H
#define BL_SINK_IMPL_H

#include "sink.h"

enum bl_sink_state {
    BL_SINK_READY,  /* no letter open */
    BL_SINK_LETTER, /* a letter open, between pages */
    BL_SINK_PAGE,   /* a page begun */
    BL_SINK_ENDED,  /* finished or aborted */
    BL_SINK_BROKEN, /* called out of order (reported): only abort and free are left */
};

/* The part of every sink that sink.c keeps; a kind's own struct starts with it. */
struct bl_sink {
    const struct bl_sink_ops *ops;
    struct bl_sink_config config; /* config.name copied, owned */
    struct bl_diag *diag;
    enum bl_sink_state state;
    char *file; /* the open or last letter's name, as given */
    int pages;  /* of the open letter, ended so far */
};

/* A kind of sink: sink_<kind>.c defines const struct bl_sink_ops bl_sink_<kind>_ops, named in
 * sink.c's list of kinds. Each function is called only in the state it names; each reports its
 * problems to s->diag. */
struct bl_sink_ops {
    const char *kind;
    size_t size; /* of the kind's struct, which starts with struct bl_sink, zeroed when made */
    /* many letters in one file: the text every letter has is drawn once (render.h) */
    gboolean shared_text;
    /* READY: 0, or -1 with nothing left */
    int (*open_letter)(struct bl_sink *s, const struct bl_letter *letter, const char *id,
                       const char *file);
    /* LETTER: the context of a new page */
    cairo_t *(*begin_page)(struct bl_sink *s);
    /* PAGE: the page is drawn (failures kept for close_letter) */
    void (*end_page)(struct bl_sink *s);
    /* LETTER: placed comes filled by sink.c (file: the letter's name; pages; sheets = pages;
     * first_page 1; sha256 ""), for the kind to change what differs; 0, or -1 with nothing of
     * the letter left */
    int (*close_letter)(struct bl_sink *s, struct bl_sink_placed *placed);
    /* READY: sha256 set, "" when nothing waited; 0, or -1 with nothing of it left. NULL: a kind
     * whose letters wait for nothing */
    int (*finish)(struct bl_sink *s, char sha256[65]);
    /* any state but ENDED: removes the open letter and what waits for finish */
    void (*abort)(struct bl_sink *s);
    /* frees what the kind holds, once ended; NULL: nothing */
    void (*release)(struct bl_sink *s);
};

/* The folder file goes in (sink.c): in s->config.out, its folders made when missing (never
 * through a link, every one the user's own), else the working directory. Sets *dir (give it
 * back with bl_sink_put_dir), *leaf (in file) and *shown (file as messages name it; free it).
 * Returns 0, or -1 reported as "cannot create the WHAT: ..." at shown. */
int bl_sink_get_dir(struct bl_sink *s, const char *file, const char *what, int *dir,
                    const char **leaf, char **shown);
void bl_sink_put_dir(struct bl_sink *s, int dir);

/* A file a sink writes (sink_file.c): created as name's temporary name in the open folder dir
 * (owner-only, never through a link, tracked so that a signal removes it; in the working
 * directory, "-" is standard output, written as it comes), written through bl_sink_file_write
 * (a cairo_write_func_t: hashed as written, buffered, a failed write an error that ends the
 * writing), synced unless sync is FALSE, and renamed into place by bl_sink_file_close. */
struct bl_sink_file;

/* NULL, reported as "cannot create the WHAT file", when it cannot be created. */
struct bl_sink_file *bl_sink_file_open(int dir, const char *name, const char *shown,
                                       const char *what, gboolean sync, struct bl_diag *diag);
cairo_status_t bl_sink_file_write(void *f, const unsigned char *data, unsigned int length);

/* Completes f: status is the writer's own (cairo's, once its surface is finished) and a failure
 * of it or of any write is reported as "cannot write the WHAT"; then syncs, closes, renames.
 * Sets sha256 (when not NULL). Returns 0, or -1 reported with nothing left. Frees f. */
int bl_sink_file_close(struct bl_sink_file *f, cairo_status_t status, char sha256[65]);

/* Removes f's temporary file and frees f. NULL does nothing. */
void bl_sink_file_abort(struct bl_sink_file *f);

#endif

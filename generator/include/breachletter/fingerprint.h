/* SPDX-License-Identifier: MIT */
/* Fingerprint: what an input file was when a run began (its bytes' SHA-256 and its identity on
 * the disk), so that a run can tell when the file it reads is no longer that file: rewritten in
 * place, replaced, or swapped for a FIFO or a device. */
#ifndef BL_FINGERPRINT_H
#define BL_FINGERPRINT_H

#include <glib.h>
#include <stdio.h>
#include <sys/stat.h>

#include "common.h"
#include "diag.h"

struct bl_fingerprint {
    char sha256[65];
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime, ctime;
};

/* Reads path once and fills fp. Refuses, reported, anything that is not a regular file (a FIFO,
 * a device, a folder: read, they would never end or never be the same twice) and a file that
 * changed while it was read; what names the input in messages. Returns 0, or -1 reported. */
BL_API int bl_fingerprint_take(struct bl_fingerprint *fp, const char *path, const char *what,
                               struct bl_diag *diag);

/* The same for name in the open folder dir (never through a link), without messages: 0, or -1
 * with errno set. */
BL_API int bl_fingerprint_take_at(struct bl_fingerprint *fp, int dir, const char *name);

/* Whether the open file fd (or the file at path, when fd < 0) is still the file fp was taken
 * of: the same file, size and times. */
BL_API gboolean bl_fingerprint_same(const struct bl_fingerprint *fp, int fd, const char *path);

/* A stream over the open file fd (taken) that hashes the bytes as they are read, so that a
 * reader can tell at the end whether what it read is what was fingerprinted. Sets *hashed,
 * valid until the stream is closed. Returns NULL with errno set when it cannot be made (fd is
 * closed then). */
struct bl_hashed;
BL_API FILE *bl_hashed_open(int fd, struct bl_hashed **hashed);

/* The SHA-256 (hex) of the bytes from the start of the file to where the stream has read, or
 * NULL when the stream did not read them in order (a seek that skipped some). */
BL_API const char *bl_hashed_sha256(struct bl_hashed *hashed);

/* The stream's file, for fstat. */
BL_API int bl_hashed_fd(const struct bl_hashed *hashed);

/* The SHA-256 (hex) of text and of the bytes of paths (NULL-terminated): each a file, or every
 * file under a folder in name order, names included (a linked folder is not followed; a file
 * that cannot be read counts as its name). What a run depends on, as one key. Free with
 * g_free(). */
BL_API char *bl_fingerprint_paths(const char *text, const char *const *paths);

#endif

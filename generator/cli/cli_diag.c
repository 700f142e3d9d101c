/* SPDX-License-Identifier: MIT */
/* The tool's side of the diagnostics: writes what the library tells, messages on standard error
 * and reports on standard output. */
#include "cli_diag.h"

#include <errno.h>
#include <string.h>

#include "session.h" /* enum bl_exit */

struct bl_cli_diag {
    struct bl_diag *diag;
    FILE *messages;
    gboolean gone; /* no one reads the messages any more: they are only counted */
    FILE *reports;
    const char *reports_named;
    gboolean lost; /* a report could not be written whole */
    int lost_errno;
};

/* Writes a message. A log whose reader has gone (a pipe into `head` that exited: EPIPE; a closed
 * descriptor: EBADF) must not stop the run: the messages after are dropped silently. Any other
 * failure may pass (EINTR, EAGAIN), so the next message tries again. */
static void
write_message(struct bl_cli_diag *d, const char *text)
{
    if (d->gone) {
        return;
    }
    /* the error indicator, not the return values: an unbuffered stream may report a failed
     * write only there */
    clearerr(d->messages);
    errno = 0;
    fputs(text, d->messages);
    fflush(d->messages);
    if (!ferror(d->messages)) {
        return;
    }
    if (errno == EPIPE || errno == EBADF) {
        d->gone = TRUE;
    }
    clearerr(d->messages);
}

/* Writes a report and flushes it; remembers the first failure, for bl_cli_diag_end. */
static void
write_report(struct bl_cli_diag *d, const char *text)
{
    int err = 0;

    /* errno is taken at the write that fails: the stream may drop the data it could not
     * write, and then a later flush succeeds with nothing left to write */
    errno = 0;
    fputs(text, d->reports);
    if (ferror(d->reports)) {
        err = errno;
    } else {
        fflush(d->reports);
        err = ferror(d->reports) ? errno : 0;
    }
    if (ferror(d->reports) && !d->lost) {
        d->lost = TRUE;
        d->lost_errno = err != 0 ? err : EIO;
    }
}

static void
tell(void *user, enum bl_diag_kind kind, const char *text)
{
    struct bl_cli_diag *d = user;

    if (kind == BL_DIAG_REPORT) {
        write_report(d, text);
    } else {
        write_message(d, text);
    }
}

struct bl_cli_diag *
bl_cli_diag_new(FILE *messages, FILE *reports, const char *reports_named)
{
    struct bl_cli_diag *d = g_new0(struct bl_cli_diag, 1);

    d->messages = messages;
    d->reports = reports;
    d->reports_named = reports_named;
    d->diag = bl_diag_new_fn(tell, d);
    return d;
}

struct bl_diag *
bl_cli_diag_get(const struct bl_cli_diag *d)
{
    return d->diag;
}

int
bl_cli_diag_end(struct bl_cli_diag *d, int rc)
{
    if (d == NULL) {
        return rc;
    }
    if (d->lost) {
        bl_diag_error(d->diag, NULL, "cannot write %s: %s", d->reports_named,
                      g_strerror(d->lost_errno));
        if (rc == BL_EXIT_OK || rc == BL_EXIT_ROWS_REJECTED || rc == BL_EXIT_NONCOMPLIANT) {
            rc = BL_EXIT_IO;
        }
    }
    bl_diag_free(d->diag);
    g_free(d);
    return rc;
}

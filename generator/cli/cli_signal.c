/* SPDX-License-Identifier: MIT */
/* The tool's signal handling: the handler that cleans up after an interrupted run. */
#include "cli_signal.h"

#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "tempfile.h"

/* what to end first, the worker processes (async-signal-safe), or NULL */
static void (*volatile first)(int sig);
/* what to tell on SIGINT, once the files are gone: a static string, or NULL */
static const char *volatile interrupt_note;
static volatile size_t interrupt_note_len;

static void
on_signal(int sig)
{
    /* workers first: they remove their own files when the same signal ends them */
    if (first != NULL) {
        first(sig);
    }
    bl_temp_remove_tracked();
    if (sig == SIGINT && interrupt_note != NULL) {
        ssize_t n =
            write(STDERR_FILENO, interrupt_note, interrupt_note_len); /* async-signal-safe */

        (void)n; /* nothing more can be done about a log that is gone */
    }
    /* end by the signal itself, as a shell expects (a loop around the program stops on
     * Ctrl-C): its default action, and the signal unblocked, since a handler runs with its own
     * signal blocked */
    {
        sigset_t set;

        signal(sig, SIG_DFL);
        sigemptyset(&set);
        sigaddset(&set, sig);
        raise(sig);
        sigprocmask(SIG_UNBLOCK, &set, NULL); /* the signal pending is delivered here */
    }
    /* still here: the signal's default action does not end this process (PID 1 of a
     * container ignores it), so end it the way a shell reports the signal */
    _exit(128 + sig);
}

void
bl_cli_signal_install(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    /* one interruption at a time: a SIGTERM while Ctrl-C is handled waits for its end */
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGTERM);
    sigaddset(&sa.sa_mask, SIGHUP);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

void
bl_cli_signal_note(const char *note)
{
    interrupt_note = NULL;
    atomic_signal_fence(memory_order_seq_cst); /* never a note with another's length */
    interrupt_note_len = note != NULL ? strlen(note) : 0;
    atomic_signal_fence(memory_order_seq_cst);
    interrupt_note = note;
}

void
bl_cli_signal_first(void (*fn)(int sig))
{
    first = fn;
}

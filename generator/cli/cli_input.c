/* SPDX-License-Identifier: MIT */
/* Standard input held in memory as a file, and standard output for PDFs. */
#define _GNU_SOURCE /* memfd_create, F_ADD_SEALS */
#include "cli_input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "diag.h"
#include "session.h"

/* The file standard input was read into, once: its /proc path, "" before. */
static char stdin_path[64];

/* Copies standard input into fd. 0, or -1 with errno set. */
static int
copy_stdin(int fd)
{
    char buf[64 * 1024];

    for (;;) {
        ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));

        if (n == 0) {
            return 0;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return -1;
        }
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(fd, buf + done, (size_t)(n - done));

            if (w < 0 && errno != EINTR) {
                return -1;
            }
            done += w > 0 ? w : 0;
        }
    }
}

int
bl_cli_stdin_path(const char *command, const char **path, const char *what)
{
    int fd, err;

    if (*path == NULL || strcmp(*path, "-") != 0) {
        return BL_EXIT_OK;
    }
    if (stdin_path[0] != '\0') {
        fprintf(stderr,
                "breachletter %s: standard input is read once: give the incident or the list "
                "as '-', not both\n",
                command);
        return BL_EXIT_USAGE;
    }
    if (isatty(STDIN_FILENO)) {
        fprintf(stderr,
                "breachletter %s: the %s is '-', standard input, but that is a terminal: pipe "
                "it in ('gpg -d list.csv.gpg | breachletter %s ... --recipients -') or give a "
                "file\n",
                command, what, command);
        return BL_EXIT_USAGE;
    }
    /* in memory, so that a decrypted list never lies on a disk; not inherited by a program
     * the process starts; sealed once written, so that nothing changes it under the readers */
    fd = memfd_create("breachletter-stdin", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0 || copy_stdin(fd) < 0 ||
        fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_SEAL) < 0) {
        err = errno;
        fprintf(stderr, "breachletter %s: cannot read the %s from standard input: %s\n", command,
                what, g_strerror(err));
        if (fd >= 0) {
            close(fd);
        }
        return BL_EXIT_IO;
    }
    /* the descriptor stays open for the life of the process (and of its workers) */
    g_snprintf(stdin_path, sizeof(stdin_path), "/proc/self/fd/%d", fd);
    bl_diag_name_file(stdin_path, "standard input");
    *path = stdin_path;
    return BL_EXIT_OK;
}

int
bl_cli_stdout_pdf(const char *command, const char *path)
{
    if (path == NULL || strcmp(path, "-") != 0) {
        return BL_EXIT_OK;
    }
    if (isatty(STDOUT_FILENO)) {
        fprintf(stderr,
                "breachletter %s: standard output is a terminal, where a PDF would be garbage: "
                "redirect it ('> file.pdf', '| lpr') or give -o FILE\n",
                command);
        return BL_EXIT_USAGE;
    }
    bl_diag_name_file("-", "standard output");
    return BL_EXIT_OK;
}

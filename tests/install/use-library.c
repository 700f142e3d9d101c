/* SPDX-License-Identifier: MIT */
/* A program outside the tree that uses the installed library, built with its pkg-config file:
 * through the umbrella header, checks that the library is the version installed (BL_TEST_VERSION),
 * loads an incident and its list with the installed data, runs the compliance check and loads
 * the fonts. Usage: use-library DATADIR INCIDENT.xml RECIPIENTS */
#include <breachletter/breachletter.h>
#include <stdio.h>
#include <string.h>

/* The library prints nothing: its messages come here, and this program shows them. */
static void
show(void *user, enum bl_diag_kind kind, const char *text)
{
    fputs(text, kind == BL_DIAG_REPORT ? stdout : stderr);
}

int
main(int argc, char **argv)
{
    struct bl_diag *diag = bl_diag_new(show);
    struct bl_session ses;
    int rc;

    if (argc != 4) {
        fprintf(stderr, "usage: use-library DATADIR INCIDENT.xml RECIPIENTS\n");
        bl_diag_free(diag);
        return 2;
    }
    rc = bl_session_open_checked(&ses, argv[2], argv[3], argv[1], diag);
    if (rc == BL_EXIT_OK) {
        rc = bl_session_fonts(&ses, argv[1]);
    }
    if (rc == BL_EXIT_OK && strcmp(bl_version(), BL_TEST_VERSION) != 0) {
        fprintf(stderr, "use-library: libbreachletter %s, not %s\n", bl_version(), BL_TEST_VERSION);
        rc = 1;
    }
    if (rc == BL_EXIT_OK) {
        printf("%s: %" G_GINT64_FORMAT " rows, %" G_GINT64_FORMAT " valid, %u categories\n",
               ses.incident->org.name, ses.check->rows, ses.check->valid,
               ses.incident->categories->len);
    }
    bl_session_release(&ses);
    bl_diag_free(diag);
    return rc;
}

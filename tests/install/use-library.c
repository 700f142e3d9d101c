/* SPDX-License-Identifier: MIT */
/* A program outside the tree that uses the installed library, built with its pkg-config file:
 * loads an incident and its list with the installed data, runs the compliance check and loads
 * the fonts. Usage: use-library DATADIR INCIDENT.xml RECIPIENTS */
#include <breachletter/session.h>
#include <breachletter/xml.h>
#include <stdio.h>

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
    bl_xml_init();
    rc = bl_session_open_checked(&ses, argv[2], argv[3], argv[1], diag);
    if (rc == BL_EXIT_OK) {
        rc = bl_session_fonts(&ses, argv[1]);
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

/* SPDX-License-Identifier: MIT */
/* Schema errors in the user's words, for xml.c: libxml2's RELAX NG messages ("Expecting element
 * city, got state", "Invalid attribute months for element monitoring") become what is wrong
 * with which element of the file and what its format wants there. Private to xml.c. */
#ifndef BL_XML_EXPLAIN_H
#define BL_XML_EXPLAIN_H

#include <glib.h>
#include <libxml/tree.h>

#include "diag.h"

/* One error as libxml2's validator raised it. */
struct bl_xml_problem {
    int code;      /* xmlRelaxNGValidErr */
    int line;      /* 0 when libxml2 gave none */
    xmlNode *node; /* the element it concerns, borrowed from the document; or NULL */
    char *str1;    /* the names or values in libxml2's message, or NULL */
    char *str2;
    char *message; /* libxml2's message, as bl_xml_message words it */
};

void bl_xml_problem_free(gpointer problem);

/* Reports the problems (struct bl_xml_problem *, in the order raised) found validating doc, read
 * from path, against the schema at schema_path, as "path:line: error: <address> lacks <city>,
 * which the incident format requires (see docs/incident-format.md)": one message for each thing
 * to fix, the validator's echoes of it left out. Returns the number of messages reported (at
 * least one when there are problems). schema_doc is the schema read as a document (borrowed), or
 * NULL: libxml2's messages are then told as they are. */
int bl_xml_explain(xmlDoc *doc, const char *path, const char *schema_path, xmlDoc *schema_doc,
                   const GPtrArray *problems, struct bl_diag *diag);

#endif

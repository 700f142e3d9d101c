/* SPDX-License-Identifier: MIT */
/* Safe XML reading shared by the incident, vocabulary and template loaders: no network, no
 * DTDs, no entity expansion, errors routed to diag as file:line through the handlers of each
 * parser and schema context (the library sets none of libxml2's process-wide handlers: a
 * program that wants libxml2's few messages without a context, about encodings or I/O, kept off
 * its stderr sets xmlSetGenericErrorFunc itself, as the breachletter tool does). */
#ifndef BL_XML_H
#define BL_XML_H

#include <libxml/tree.h>

#include "common.h"
#include "diag.h"

/* The largest incident, template, rules or contacts file read. */
#define BL_XML_MAX_SIZE (16 << 20)

/* A libxml2 message as breachletter words it: first line only, lower case, jargon replaced
 * (nesting depth, UTF-8). Free with g_free(). */
BL_API char *bl_xml_message(const char *message);

/* Reads the XML file at path with safe options. A DOCTYPE is refused (incident and template
 * files never need one; refusing it rules out external entities and entity expansion bombs).
 * Returns the document (free with xmlFreeDoc) or NULL, reported. */
BL_API xmlDoc *bl_xml_read(const char *path, struct bl_diag *diag);

/* Validates doc (read from path) against the RELAX NG schema at schema_path; every violation is
 * reported with its line. Returns 0 when valid, -1 otherwise. */
BL_API int bl_xml_validate(xmlDoc *doc, const char *path, const char *schema_path,
                           struct bl_diag *diag);

/* The element's text content with white space folded, or NULL when it has none. Free with
 * g_free(). */
BL_API char *bl_xml_text(const xmlNode *node);

/* The attribute's value, or NULL when absent. Free with g_free(). */
BL_API char *bl_xml_attr(const xmlNode *node, const char *name);

/* The location of node in file (borrowed) for messages. */
BL_API struct bl_loc bl_xml_loc(const xmlNode *node, const char *file);

/* TRUE when node is an element called name. */
BL_API gboolean bl_xml_is(const xmlNode *node, const char *name);

#endif

/* SPDX-License-Identifier: MIT */
/* JSON output: the members every report and record writes, and a builder turned into text, in
 * one place (json-glib does the escaping and the structure). */
#ifndef BL_JSON_H
#define BL_JSON_H

#include <json-glib/json-glib.h>

/* A member of the object being built: a string (NULL: null), a number, a truth value. */
void bl_json_string(JsonBuilder *b, const char *name, const char *value);
void bl_json_int(JsonBuilder *b, const char *name, gint64 value);
void bl_json_bool(JsonBuilder *b, const char *name, gboolean value);

/* The built document as indented text, without a final newline; frees b. Free the text with
 * g_free(). */
char *bl_json_finish(JsonBuilder *b);

#endif

/* SPDX-License-Identifier: MIT */
/* Safe XML reading shared by the loaders of incident, vocabulary and template files. */
#include "xml.h"

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>
#include <glib/gstdio.h>
#include <string.h>

#include "text.h"
#include "xml_explain.h"

struct capture {
    struct bl_diag *diag;
    const char *path;
    int errors;
};

char *
bl_xml_message(const char *message)
{
    /* only the first line: the next ones may quote bytes of the document */
    char *msg = message != NULL ? g_strndup(message, strcspn(message, "\n")) : g_strdup("");

    g_strchomp(msg);
    if (strstr(msg, "Excessive depth") != NULL || strstr(msg, "excessive depth") != NULL) {
        g_free(msg);
        msg = g_strdup("elements are nested too deeply (more than 256 levels)");
    } else if (strstr(msg, "not proper UTF-8") != NULL) {
        g_free(msg);
        msg = g_strdup("the file is not valid UTF-8: save it as UTF-8");
    } else if (msg[0] == '\0') {
        g_free(msg);
        msg = g_strdup("malformed XML");
    }
    msg[0] = g_ascii_tolower(msg[0]);
    return msg;
}

static void
on_error(void *data, xmlError *err)
{
    struct capture *cap = data;
    struct bl_loc loc = {cap->path, err->line, 0};
    char *msg;

    if (err->level == XML_ERR_WARNING) {
        return;
    }
    /* RELAX NG follows a specific message with general ones about the enclosing elements: the
     * first says what to fix */
    if (cap->errors > 0 && err->message != NULL &&
        (strstr(err->message, "sequence in interleave") != NULL ||
         strstr(err->message, "failed to validate content") != NULL)) {
        return;
    }
    msg = bl_xml_message(err->message);
    bl_diag_error(cap->diag, &loc, "%s", msg);
    g_free(msg);
    cap->errors++;
}

/* The parser context's own error handler (no process-wide one is set): its data is the
 * context, whose _private is the capture. */
static void
on_parse_error(void *data, xmlError *err)
{
    xmlParserCtxt *ctxt = data;

    on_error(ctxt->_private, err);
}

/* Keeps a validation error, to be told in the user's words once all are known (xml_explain.c). */
static void
on_problem(void *data, xmlError *err)
{
    GPtrArray *problems = data;
    struct bl_xml_problem *p;

    if (err->level == XML_ERR_WARNING) {
        return;
    }
    p = g_new0(struct bl_xml_problem, 1);
    p->code = err->code;
    p->line = err->line;
    p->node = err->node;
    p->str1 = g_strdup(err->str1);
    p->str2 = g_strdup(err->str2);
    p->message = bl_xml_message(err->message);
    g_ptr_array_add(problems, p);
}

/* libxml2 keeps no line for a DOCTYPE: find it in the text. */
static int
doctype_line(const char *path)
{
    char *text = NULL;
    int line = 0;

    if (g_file_get_contents(path, &text, NULL, NULL)) {
        const char *at = strstr(text, "<!DOCTYPE");

        line = 1;
        for (const char *p = text; at != NULL && p < at; p++) {
            line += *p == '\n';
        }
        line = at != NULL ? line : 0;
    }
    g_free(text);
    return line;
}

xmlDoc *
bl_xml_read(const char *path, struct bl_diag *diag)
{
    struct capture cap = {diag, path, 0};
    struct bl_loc loc = {path, 0, 0};
    xmlParserCtxt *ctxt = NULL;
    xmlDoc *doc = NULL;
    GStatBuf st;

    if (g_stat(path, &st) == 0 && st.st_size > BL_XML_MAX_SIZE) {
        bl_diag_error(diag, &loc,
                      "the file is larger than %d MiB; incident, template and rules "
                      "files are never this large",
                      BL_XML_MAX_SIZE >> 20);
        return NULL;
    }
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
        bl_diag_error(diag, &loc, "cannot open file: %s",
                      g_file_test(path, G_FILE_TEST_EXISTS) ? "not a regular file"
                                                            : "no such file");
        return NULL;
    }
    ctxt = xmlNewParserCtxt();
    if (ctxt == NULL) {
        bl_diag_error(diag, &loc, "cannot read XML: out of memory");
        return NULL;
    }
    /* the errors go to this context's handler: nothing of the process's libxml2 state is set,
     * so that a program's own XML and its threads are left alone */
    ctxt->_private = &cap;
    ctxt->sax->serror = on_parse_error;
    doc = xmlCtxtReadFile(ctxt, path, NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA);
    if (doc != NULL && (cap.errors > 0 || !ctxt->wellFormed)) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    if (doc == NULL && cap.errors == 0) {
        bl_diag_error(diag, &loc, "cannot read XML");
    }
    if (doc != NULL && doc->intSubset != NULL) {
        loc.line = doctype_line(path);
        bl_diag_error(diag, &loc, "a DOCTYPE declaration is not allowed here; remove it");
        xmlFreeDoc(doc);
        doc = NULL;
    }
    if (doc != NULL && doc->encoding != NULL &&
        g_ascii_strncasecmp((const char *)doc->encoding, "UTF-", 4) != 0) {
        /* letters are UTF-8 throughout: a file in another encoding is converted by mistake
         * more often than on purpose, and its names would print wrong */
        bl_diag_error(diag, &loc, "the file declares the encoding '%s'; save it as UTF-8",
                      (const char *)doc->encoding);
        xmlFreeDoc(doc);
        doc = NULL;
    }
    if (doc != NULL && xmlDocGetRootElement(doc) == NULL) {
        bl_diag_error(diag, &loc, "the document is empty");
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    return doc;
}

int
bl_xml_validate(xmlDoc *doc, const char *path, const char *schema_path, struct bl_diag *diag)
{
    struct capture cap = {diag, schema_path, 0};
    xmlRelaxNGParserCtxt *pctxt = NULL;
    xmlRelaxNG *schema = NULL;
    xmlRelaxNGValidCtxt *vctxt = NULL;
    GPtrArray *problems = g_ptr_array_new_with_free_func(bl_xml_problem_free);
    int rc = -1;

    pctxt = xmlRelaxNGNewParserCtxt(schema_path);
    xmlRelaxNGSetParserStructuredErrors(pctxt, on_error, &cap);
    schema = xmlRelaxNGParse(pctxt);
    if (schema == NULL) {
        struct bl_loc loc = {schema_path, 0, 0};
        bl_diag_error(diag, &loc, "cannot load the schema");
        goto out;
    }
    vctxt = xmlRelaxNGNewValidCtxt(schema);
    xmlRelaxNGSetValidStructuredErrors(vctxt, on_problem, problems);
    if (xmlRelaxNGValidateDoc(vctxt, doc) == 0 && problems->len == 0) {
        rc = 0;
    } else if (problems->len > 0) {
        struct bl_diag *quiet = bl_diag_new(NULL);
        xmlDoc *schema_doc = bl_xml_read(schema_path, quiet);

        bl_xml_explain(doc, path, schema_path, schema_doc, problems, diag);
        xmlFreeDoc(schema_doc);
        bl_diag_free(quiet);
    } else {
        struct bl_loc loc = {path, 0, 0};
        bl_diag_error(diag, &loc, "does not match the schema %s", schema_path);
    }
out:
    xmlRelaxNGFreeValidCtxt(vctxt);
    xmlRelaxNGFree(schema);
    xmlRelaxNGFreeParserCtxt(pctxt);
    g_ptr_array_unref(problems);
    return rc;
}

char *
bl_xml_text(const xmlNode *node)
{
    xmlChar *raw = xmlNodeGetContent(node);
    char *text = NULL;

    if (raw != NULL) {
        text = bl_text_squeeze((const char *)raw);
        xmlFree(raw);
    }
    if (text != NULL && text[0] == '\0') {
        g_free(text);
        text = NULL;
    }
    return text;
}

char *
bl_xml_attr(const xmlNode *node, const char *name)
{
    xmlChar *raw = xmlGetProp(node, (const xmlChar *)name);
    char *value;

    if (raw == NULL) {
        return NULL;
    }
    value = g_strdup((const char *)raw);
    xmlFree(raw);
    return value;
}

struct bl_loc
bl_xml_loc(const xmlNode *node, const char *file)
{
    struct bl_loc loc = {file, (int)xmlGetLineNo(node), 0};

    if (loc.line < 0) {
        loc.line = 0;
    }
    return loc;
}

gboolean
bl_xml_is(const xmlNode *node, const char *name)
{
    return node != NULL && node->type == XML_ELEMENT_NODE &&
           strcmp((const char *)node->name, name) == 0;
}

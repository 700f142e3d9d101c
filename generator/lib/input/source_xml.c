/* SPDX-License-Identifier: MIT */
/* Recipient source, XML backend: streams the <recipient> elements of a <recipients> document
 * with xmlTextReader, one expanded subtree at a time, and hands their fields to source.c. */
#include "source_impl.h"

#include <errno.h>
#include <libxml/xmlreader.h>
#include <string.h>

#include "text.h"
#include "xml.h"

/* No network, no DTD, no entity substitution; BIG_LINES keeps line numbers past 65535. */
#define READER_OPTIONS                                                                             \
    (XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

struct xml {
    FILE *fp;
    int read_errno; /* errno of a failed read, 0 when none */
    xmlTextReader *reader;
    char *element[BL_FIELD_COUNT]; /* element name of each field: "first-name" */
    GString *value[BL_FIELD_COUNT];
    gboolean seen[BL_FIELD_COUNT];
    char **custom_element; /* the same for each custom field of the incident */
    GString **custom_value;
    gboolean *custom_seen;
    GString *scratch;
    gboolean pending; /* the last record ended with xmlTextReaderNext(), which returned next */
    int next;
    char *error; /* the first error libxml2 reported */
    int error_line;
};

static int
read_input(void *data, char *buf, int len)
{
    struct xml *x = data;
    size_t n;

    errno = 0;
    n = fread(buf, 1, (size_t)len, x->fp);

    if (n == 0 && ferror(x->fp)) {
        x->read_errno = errno != 0 ? errno : EIO;
        return -1;
    }
    return (int)n;
}

static void
on_error(void *data, xmlError *err)
{
    struct xml *x = data;
    const char *msg = err->message != NULL ? err->message : "malformed XML";
    char *text;

    if (err->level < XML_ERR_ERROR || x->error != NULL) {
        return;
    }
    /* libxml2's messages quote names and text of the list */
    text = bl_xml_message(msg);
    x->error = bl_text_redact(text);
    g_free(text);
    x->error_line = err->line;
}

/* Reports why the reader stopped. */
static void
report_error(struct bl_source *src, struct xml *x)
{
    struct bl_loc loc = {src->path, x->error_line, 0};

    if (x->read_errno != 0) {
        loc.line = 0;
        bl_diag_error(src->diag, &loc, "cannot read recipient list: %s", g_strerror(x->read_errno));
    } else if (x->error != NULL) {
        bl_diag_error(src->diag, &loc, "%s", x->error);
    } else {
        loc.line = xmlTextReaderGetParserLineNumber(x->reader);
        bl_diag_error(src->diag, &loc, "cannot read the XML here");
    }
}

/* Appends the text of node's children to out; anything but text and comments is a problem of
 * the row. */
static void
append_text(struct bl_source *src, GString *out, const xmlNode *node)
{
    for (const xmlNode *c = node->children; c != NULL; c = c->next) {
        switch (c->type) {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
            g_string_append(out, (const char *)c->content);
            break;
        case XML_ELEMENT_NODE:
            bl_source_row_error(src, "element '%s' is not allowed inside '%s'", c->name,
                                node->name);
            break;
        case XML_ENTITY_REF_NODE:
            /* Cannot happen without a DOCTYPE, which is refused; never drop text silently. */
            bl_source_row_error(src, "entity reference '&%s;' is not allowed", c->name);
            break;
        default:
            break; /* comments, processing instructions */
        }
    }
}

static void
refuse_attributes(struct bl_source *src, const xmlNode *node, const char *allowed)
{
    for (const xmlAttr *a = node->properties; a != NULL; a = a->next) {
        if (allowed == NULL || strcmp((const char *)a->name, allowed) != 0) {
            bl_source_row_error(src, "unknown attribute '%s' on '%s'", a->name, node->name);
        }
    }
}

/* <categories><category id="ssn"/>...</categories> */
static void
read_categories(struct bl_source *src, struct xml *x, const xmlNode *node)
{
    for (const xmlNode *c = node->children; c != NULL; c = c->next) {
        const xmlAttr *id;

        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
            !bl_text_blank((const char *)c->content)) {
            bl_source_row_error(src, "text inside 'categories': list each category as "
                                     "<category id=\"...\"/>");
        }
        if (c->type != XML_ELEMENT_NODE) {
            continue;
        }
        if (!bl_xml_is(c, "category")) {
            bl_source_row_error(src, "element '%s' is not allowed inside 'categories'", c->name);
            continue;
        }
        refuse_attributes(src, c, "id");
        g_string_truncate(x->scratch, 0);
        append_text(src, x->scratch, c);
        if (!bl_text_blank(x->scratch->str)) {
            bl_source_row_error(src, "element 'category' must be empty: "
                                     "<category id=\"...\"/>");
        }
        id = xmlHasProp(c, (const xmlChar *)"id");
        if (id == NULL) {
            bl_source_row_error(src, "element 'category' has no 'id' attribute");
            continue;
        }
        g_string_truncate(x->scratch, 0);
        append_text(src, x->scratch, (const xmlNode *)id);
        bl_source_row_add_category(src, x->scratch->str, x->scratch->len);
    }
}

/* An element that is none of the list's own fields: a custom field the incident declares, or
 * a problem of the row. */
static void
read_custom(struct bl_source *src, struct xml *x, const xmlNode *node)
{
    guint i = 0;

    while (i < src->ncustom && !bl_xml_is(node, x->custom_element[i])) {
        i++;
    }
    if (i == src->ncustom) {
        bl_source_row_error(src, "unknown element '%s'", node->name);
        return;
    }
    if (x->custom_seen[i]) {
        bl_source_row_error(src, "element '%s' appears more than once", node->name);
        return;
    }
    x->custom_seen[i] = TRUE;
    refuse_attributes(src, node, NULL);
    g_string_truncate(x->custom_value[i], 0);
    append_text(src, x->custom_value[i], node);
    src->row.custom[i] = x->custom_value[i];
}

static void
read_field(struct bl_source *src, struct xml *x, const xmlNode *node)
{
    int field = -1;

    for (int f = BL_FIELD_ID + 1; f < BL_FIELD_COUNT && field < 0; f++) {
        if (bl_xml_is(node, x->element[f])) {
            field = f;
        }
    }
    if (field < 0) {
        read_custom(src, x, node);
        return;
    }
    if (x->seen[field]) {
        bl_source_row_error(src, "element '%s' appears more than once", node->name);
        return;
    }
    x->seen[field] = TRUE;
    refuse_attributes(src, node, NULL);
    if (field == BL_FIELD_CATEGORIES) {
        read_categories(src, x, node);
        return;
    }
    g_string_truncate(x->value[field], 0);
    append_text(src, x->value[field], node);
    src->row.raw[field] = x->value[field];
}

/* Turns one expanded <recipient> into a raw row. */
static void
read_record(struct bl_source *src, struct xml *x, const xmlNode *node)
{
    const xmlAttr *id = xmlHasProp(node, (const xmlChar *)"id");

    bl_source_row_begin(src, (int)xmlGetLineNo(node));
    memset(x->seen, 0, sizeof x->seen);
    memset(x->custom_seen, 0, src->ncustom * sizeof(*x->custom_seen));
    if (!bl_xml_is(node, "recipient")) {
        bl_source_row_error(src, "unknown element '%s' (expected 'recipient')", node->name);
    }
    refuse_attributes(src, node, "id");
    if (id != NULL) {
        g_string_truncate(x->value[BL_FIELD_ID], 0);
        append_text(src, x->value[BL_FIELD_ID], (const xmlNode *)id);
        src->row.raw[BL_FIELD_ID] = x->value[BL_FIELD_ID];
    }
    for (const xmlNode *c = node->children; c != NULL; c = c->next) {
        switch (c->type) {
        case XML_ELEMENT_NODE:
            read_field(src, x, c);
            break;
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
            if (!bl_text_blank((const char *)c->content)) {
                bl_source_row_error(src, "text directly inside '%s': put it in an element",
                                    node->name);
            }
            break;
        default:
            break;
        }
    }
}

static int
xml_read(struct bl_source *src)
{
    struct xml *x = src->impl;
    xmlNode *node;
    int ret;

    for (;;) {
        if (x->pending) {
            ret = x->next;
            x->pending = FALSE;
        } else {
            ret = xmlTextReaderRead(x->reader);
        }
        if (ret < 0 || x->error != NULL) {
            report_error(src, x);
            return -1;
        }
        if (ret == 0) {
            return 0;
        }
        if (xmlTextReaderDepth(x->reader) != 1) {
            continue; /* the end of <recipients> */
        }
        switch (xmlTextReaderNodeType(x->reader)) {
        case XML_READER_TYPE_ELEMENT:
            node = xmlTextReaderExpand(x->reader);
            if (node == NULL) {
                report_error(src, x);
                return -1;
            }
            read_record(src, x, node);
            /* Moves past the subtree, which the reader then frees: memory stays flat. */
            x->next = xmlTextReaderNext(x->reader);
            x->pending = TRUE;
            return 1;
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
            node = xmlTextReaderCurrentNode(x->reader);
            if (bl_text_blank((const char *)node->content)) {
                continue;
            }
            /* Never drop what may be a mangled recipient: it comes back as a rejected row. */
            bl_source_row_begin(src, (int)xmlGetLineNo(node));
            bl_source_row_error(src, "text outside any 'recipient' element");
            return 1;
        default:
            continue; /* white space, comments, processing instructions */
        }
    }
}

static void
xml_close(void *impl)
{
    struct xml *x = impl;

    xmlFreeTextReader(x->reader);
    for (int f = 0; f < BL_FIELD_COUNT; f++) {
        g_free(x->element[f]);
        g_string_free(x->value[f], TRUE);
    }
    for (guint i = 0; x->custom_element[i] != NULL; i++) {
        g_free(x->custom_element[i]);
        g_string_free(x->custom_value[i], TRUE);
    }
    g_free(x->custom_element);
    g_free(x->custom_value);
    g_free(x->custom_seen);
    g_string_free(x->scratch, TRUE);
    g_free(x->error);
    g_free(x);
}

/* Looks at the document's prolog again from the start of the file, for reporting only: sets
 * *doctype to the line of a DOCTYPE declaration (0: none) and returns TRUE when an element
 * follows the prolog. */
static gboolean
scan_prolog(FILE *fp, int *doctype)
{
    char *head = g_malloc(64 * 1024 + 1);
    size_t n = fseek(fp, 0, SEEK_SET) == 0 ? fread(head, 1, 64 * 1024, fp) : 0;
    const char *p;
    gboolean element = FALSE;

    head[n] = '\0';
    *doctype = 0;
    for (p = strchr(head, '<'); p != NULL; p = strchr(p + 1, '<')) {
        if (g_str_has_prefix(p, "<!--") || g_str_has_prefix(p, "<?")) {
            p = strstr(p, p[1] == '!' ? "-->" : "?>");
            if (p == NULL) {
                break;
            }
        } else if (g_str_has_prefix(p, "<!DOCTYPE")) {
            *doctype = 1;
            for (const char *q = head; q < p; q++) {
                *doctype += *q == '\n';
            }
        } else {
            element = TRUE;
            break;
        }
    }
    g_free(head);
    return element;
}

/* Reports why the document could not be read up to its root element. */
static void
report_start(struct bl_source *src, struct xml *x, gboolean doctype)
{
    struct bl_loc loc = {src->path, 0, 0};
    gboolean element = scan_prolog(src->fp, &loc.line);

    /* libxml2 reads ahead, so an error about an entity may come before the DOCTYPE node does:
     * the DOCTYPE is the thing to remove either way. */
    if (doctype || (loc.line > 0 && x->read_errno == 0)) {
        /* Never needed, and refusing it rules out external entities (XXE) and entity
         * expansion bombs, as bl_xml_read() does for the other XML inputs. */
        bl_diag_error(src->diag, &loc,
                      "a DOCTYPE declaration is not allowed in a recipient list "
                      "(entities and DTDs are never read); remove it");
    } else if (x->read_errno != 0 || (x->error != NULL && element)) {
        report_error(src, x);
    } else {
        bl_diag_error(src->diag, &loc, "recipient list has no <recipients> element");
    }
}

/* Reads up to the root element, which must be <recipients>. */
static int
xml_open(struct bl_source *src)
{
    struct xml *x = g_new0(struct xml, 1);
    struct bl_loc loc = {src->path, 0, 0};
    const char *root;
    int type;

    src->impl = x;
    x->fp = src->fp;
    x->scratch = g_string_new(NULL);
    for (int f = 0; f < BL_FIELD_COUNT; f++) {
        x->element[f] = g_strdelimit(g_strdup(bl_source_field_name(f)), "_", '-');
        x->value[f] = g_string_new(NULL);
        src->label[f] = f == BL_FIELD_ID ? g_strdup("attribute 'id'")
                                         : g_strdup_printf("element '%s'", x->element[f]);
    }
    x->custom_element = g_new0(char *, src->ncustom + 1);
    x->custom_value = g_new0(GString *, src->ncustom + 1);
    x->custom_seen = g_new0(gboolean, src->ncustom + 1);
    for (guint i = 0; i < src->ncustom; i++) {
        const struct bl_custom_field *field = g_ptr_array_index(src->incident->custom_fields, i);

        x->custom_element[i] = g_strdelimit(g_strdup(field->name), "_", '-');
        x->custom_value[i] = g_string_new(NULL);
        src->custom_label[i] = g_strdup_printf("element '%s'", x->custom_element[i]);
    }
    x->reader = xmlReaderForIO(read_input, NULL, x, src->path, NULL, READER_OPTIONS);
    if (x->reader == NULL) {
        bl_diag_error(src->diag, &loc, "cannot read recipient list: %s",
                      x->read_errno != 0 ? g_strerror(x->read_errno) : "not XML");
        return -1;
    }
    xmlTextReaderSetStructuredErrorHandler(x->reader, on_error, x);
    do {
        if (xmlTextReaderRead(x->reader) != 1 || x->error != NULL) {
            report_start(src, x, FALSE);
            return -1;
        }
        type = xmlTextReaderNodeType(x->reader);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
            report_start(src, x, TRUE);
            return -1;
        }
    } while (type != XML_READER_TYPE_ELEMENT);
    root = (const char *)xmlTextReaderConstName(x->reader);
    if (strcmp(root, "recipients") != 0) {
        char *name = bl_text_redact(root);

        loc.line = (int)xmlGetLineNo(xmlTextReaderCurrentNode(x->reader));
        bl_diag_error(src->diag, &loc, "root element is '%s', expected 'recipients'", name);
        g_free(name);
        return -1;
    }
    return 0;
}

const struct bl_source_backend bl_source_xml_backend = {
    .open = xml_open,
    .read = xml_read,
    .close = xml_close,
};

/* SPDX-License-Identifier: MIT */
/* Links: web and e-mail addresses found in a letter's text. */
#include "links.h"

#include <string.h>

#include "page.h"

/* An e-mail address first, so that its domain is not taken for a web address; then an address
 * with a scheme, one starting "www.", and a bare domain ending in a common top-level domain.
 * Nothing glued to the left of it: a letter, a digit, "@", "." or "/". An address ends before
 * Chinese, Japanese or Korean text or full-width punctuation, which a translated letter writes
 * right after it with no space ("…/medusind或致电", "…/medusind。您也可以"). */
#define EMAIL "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}"
#define CHARS                                                                                      \
    "[^\\s'\"\\\\<>()\\[\\]{}\\x{2E80}-\\x{9FFF}\\x{AC00}-\\x{D7AF}\\x{F900}-\\x{FAFF}\\x{FF00}-"  \
    "\\x{FFEF}]"
#define DOMAIN "[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.(?:com|org|gov|net|edu|us|info|biz|io|mil)"
#define PATTERN                                                                                    \
    "(?<![A-Za-z0-9@./_-])(?:(" EMAIL ")|(https?://" CHARS "+|www\\." CHARS "+|" DOMAIN            \
    "(?![A-Za-z0-9-])(?:/" CHARS "*)?))"

static GRegex *
pattern(void)
{
    static GRegex *re;

    if (g_once_init_enter(&re)) {
        /* a constant pattern: it compiles, or no address is found (the text is drawn as is) */
        GRegex *made = g_regex_new(PATTERN, G_REGEX_OPTIMIZE, 0, NULL);

        g_once_init_leave(&re, made);
    }
    return re;
}

/* The attribute string of a cairo Link tag: uri='…', with a quote or backslash escaped. */
static char *
link_attrs(const char *prefix, const char *address, gsize len)
{
    GString *out = g_string_new("uri='");

    g_string_append(out, prefix);
    for (gsize i = 0; i < len; i++) {
        if (address[i] == '\'' || address[i] == '\\') {
            g_string_append_c(out, '\\');
        }
        g_string_append_c(out, address[i]);
    }
    g_string_append_c(out, '\'');
    return g_string_free(out, FALSE);
}

GArray *
bl_links_find(const char *text)
{
    GArray *links = NULL;
    GMatchInfo *m = NULL;

    if (pattern() == NULL) {
        return NULL;
    }
    g_regex_match(pattern(), text, 0, &m);
    for (; g_match_info_matches(m); g_match_info_next(m, NULL)) {
        int start, end, email_start, email_end;
        struct link link;

        g_match_info_fetch_pos(m, 0, &start, &end);
        /* the sentence's punctuation after an address is not part of it */
        while (end > start && strchr(".,;:!?", text[end - 1]) != NULL) {
            end--;
        }
        if (end <= start) {
            continue;
        }
        email_start = email_end = -1;
        g_match_info_fetch_pos(m, 1, &email_start, &email_end);
        link.start = start;
        link.end = end;
        if (email_start >= 0 && email_end > email_start) {
            link.attrs = link_attrs("mailto:", text + start, (gsize)(end - start));
        } else if (g_ascii_strncasecmp(text + start, "http", 4) == 0) {
            link.attrs = link_attrs("", text + start, (gsize)(end - start));
        } else {
            link.attrs = link_attrs("https://", text + start, (gsize)(end - start));
        }
        if (links == NULL) {
            links = g_array_new(FALSE, FALSE, sizeof(struct link));
        }
        g_array_append_val(links, link);
    }
    g_match_info_free(m);
    return links;
}

void
bl_links_free(GArray *links)
{
    if (links == NULL) {
        return;
    }
    for (guint i = 0; i < links->len; i++) {
        g_free(g_array_index(links, struct link, i).attrs);
    }
    g_array_unref(links);
}

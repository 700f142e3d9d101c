/* SPDX-License-Identifier: MIT */
/* Unit tests of diag.c: the message format, the caller's function getting every text with its
 * kind, the level, held problems, and messages passed from one diag to another. Writing them
 * to streams is the tool's, tested in test_cli_diag.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "diag.h"

/* What a caller's function was told: one line per text, "KIND|text". */
struct heard {
    GString *log;
    int calls;
};

static const char *
kind_name(enum bl_diag_kind kind)
{
    switch (kind) {
    case BL_DIAG_ERROR:
        return "error";
    case BL_DIAG_WARNING:
        return "warning";
    case BL_DIAG_INFO:
        return "info";
    case BL_DIAG_NOTE:
        return "note";
    case BL_DIAG_REPORT:
        return "report";
    }
    return "?";
}

static void
hear(void *user, enum bl_diag_kind kind, const char *text)
{
    struct heard *h = user;

    h->calls++;
    g_string_append_printf(h->log, "%s|%s", kind_name(kind), text);
    errno = EIO; /* a function that writes may leave any errno */
}

static int
setup(void **state)
{
    struct heard *h = g_new0(struct heard, 1);

    h->log = g_string_new(NULL);
    *state = h;
    return 0;
}

static int
teardown(void **state)
{
    struct heard *h = *state;

    g_string_free(h->log, TRUE);
    g_free(h);
    bl_diag_set_level(BL_DIAG_NORMAL);
    return 0;
}

static void
test_diag_formats_location_kind_and_message(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_loc loc = {"list.csv", 12, 3};

    bl_diag_error(diag, &loc, "column '%s' is empty", "city");
    bl_diag_warning(diag, NULL, "no %s", "state");
    assert_string_equal(bl_diag_text(diag), "list.csv:12:3: error: column 'city' is empty\n"
                                            "breachletter: warning: no state\n");
    assert_string_equal(bl_diag_last_message(diag), "no state");
    assert_int_equal(bl_diag_error_count(diag), 1);
    bl_diag_free(diag);
}

static void
test_diag_hands_every_text_with_its_kind_to_the_function(void **state)
{
    struct heard *h = *state;
    struct bl_diag *diag = bl_diag_new_fn(hear, h);
    struct bl_loc loc = {"incident.xml", 4, 0};

    bl_diag_set_level(BL_DIAG_VERBOSE);
    bl_diag_error(diag, &loc, "no notice date");
    bl_diag_warning(diag, &loc, "no phone");
    bl_diag_info(diag, "template %s", "letter.xml");
    bl_diag_note(diag, "%d input rows = %d letters + 0 errors", 2, 2);
    bl_diag_tell(diag, BL_DIAG_REPORT, "Compliance check of x\nNo finding.\n");
    bl_diag_tell(diag, BL_DIAG_REPORT, ""); /* nothing to tell: no call */
    assert_string_equal(h->log->str, "error|incident.xml:4: error: no notice date\n"
                                     "warning|incident.xml:4: warning: no phone\n"
                                     "info|breachletter: template letter.xml\n"
                                     "note|breachletter: 2 input rows = 2 letters + 0 errors\n"
                                     "report|Compliance check of x\nNo finding.\n");
    assert_int_equal(h->calls, 5);
    /* a diag with a function keeps nothing */
    assert_string_equal(bl_diag_text(diag), "");
    assert_int_equal(bl_diag_error_count(diag), 1);
    bl_diag_free(diag);
}

static void
test_diag_level_decides_what_the_function_hears(void **state)
{
    struct heard *h = *state;
    struct bl_diag *diag = bl_diag_new_fn(hear, h);
    struct bl_diag *kept = bl_diag_new(NULL);

    bl_diag_set_level(BL_DIAG_QUIET);
    for (int i = 0; i < 2; i++) {
        struct bl_diag *d = i == 0 ? diag : kept;

        bl_diag_error(d, NULL, "bad");
        bl_diag_warning(d, NULL, "odd");
        bl_diag_info(d, "loaded");
        bl_diag_note(d, "summed up");
        bl_diag_tell(d, BL_DIAG_REPORT, "report\n");
    }
    /* quiet: errors, notes and reports; never what is loaded, nor warnings */
    assert_string_equal(h->log->str, "error|breachletter: error: bad\n"
                                     "note|breachletter: summed up\n"
                                     "report|report\n");
    /* a diag that keeps its texts keeps the warnings too: its reader decides */
    assert_string_equal(bl_diag_text(kept), "breachletter: error: bad\n"
                                            "breachletter: warning: odd\n"
                                            "breachletter: summed up\n"
                                            "report\n");
    /* the warning still names itself as the last message */
    assert_string_equal(bl_diag_last_message(diag), "odd");
    g_string_truncate(h->log, 0);
    bl_diag_set_level(BL_DIAG_NORMAL);
    bl_diag_warning(diag, NULL, "odd");
    bl_diag_info(diag, "loaded");
    assert_string_equal(h->log->str, "warning|breachletter: warning: odd\n");
    bl_diag_free(diag);
    bl_diag_free(kept);
}

static void
test_diag_held_keeps_problems_and_tells_the_rest(void **state)
{
    struct heard *h = *state;
    struct bl_diag *diag = bl_diag_new_fn(hear, h);

    bl_diag_set_level(BL_DIAG_VERBOSE);
    bl_diag_hold(diag, TRUE);
    bl_diag_error(diag, NULL, "row 1");
    bl_diag_info(diag, "loaded");
    bl_diag_warning(diag, NULL, "row 2");
    bl_diag_note(diag, "a note");
    /* only what is not a problem went on */
    assert_string_equal(h->log->str, "info|breachletter: loaded\n"
                                     "note|breachletter: a note\n");
    assert_string_equal(bl_diag_text(diag), "breachletter: error: row 1\n"
                                            "breachletter: warning: row 2\n");
    bl_diag_clear(diag);
    bl_diag_error(diag, NULL, "file cut short");
    g_string_truncate(h->log, 0);
    bl_diag_hold(diag, FALSE);
    /* released: what is still kept goes on, with its kind, and is no longer kept */
    assert_string_equal(h->log->str, "error|breachletter: error: file cut short\n");
    assert_string_equal(bl_diag_text(diag), "");
    assert_string_equal(bl_diag_last_message(diag), "file cut short");
    assert_int_equal(bl_diag_error_count(diag), 2);
    bl_diag_error(diag, NULL, "after");
    assert_non_null(strstr(h->log->str, "error|breachletter: error: after\n"));
    bl_diag_free(diag);
}

static void
test_diag_pass_kept_tells_each_message_with_its_kind(void **state)
{
    struct heard *h = *state;
    struct bl_diag *rows = bl_diag_new(NULL);
    struct bl_diag *to = bl_diag_new_fn(hear, h);
    struct bl_loc loc = {"list.csv", 3, 0};

    bl_diag_error(rows, &loc, "unknown state 'XX'");
    bl_diag_warning(rows, &loc, "address too long");
    bl_diag_pass_kept(rows, to);
    assert_string_equal(h->log->str, "error|list.csv:3: error: unknown state 'XX'\n"
                                     "warning|list.csv:3: warning: address too long\n");
    assert_int_equal(bl_diag_error_count(to), 1);
    /* the kept diag is unchanged */
    assert_string_equal(bl_diag_text(rows), "list.csv:3: error: unknown state 'XX'\n"
                                            "list.csv:3: warning: address too long\n");
    /* quiet: the receiving diag leaves the warning out */
    g_string_truncate(h->log, 0);
    bl_diag_set_level(BL_DIAG_QUIET);
    bl_diag_pass_kept(rows, to);
    assert_string_equal(h->log->str, "error|list.csv:3: error: unknown state 'XX'\n");
    /* after a clear, nothing is passed */
    g_string_truncate(h->log, 0);
    bl_diag_clear(rows);
    bl_diag_pass_kept(rows, to);
    assert_int_equal(h->log->len, 0);
    bl_diag_free(rows);
    bl_diag_free(to);
}

/* A diag that keeps its problems and forwards the rest: how preview gathers the problems for
 * its review page while what it loads is still told. */
static void
test_diag_forward_tells_another_diag(void **state)
{
    struct heard *h = *state;
    struct bl_diag *caller = bl_diag_new_fn(hear, h);
    struct bl_diag *child = bl_diag_new_fn(bl_diag_forward, caller);

    bl_diag_set_level(BL_DIAG_VERBOSE);
    bl_diag_hold(child, TRUE);
    bl_diag_info(child, "fonts loaded");
    bl_diag_error(child, NULL, "organisation phone missing");
    assert_string_equal(h->log->str, "info|breachletter: fonts loaded\n");
    assert_string_equal(bl_diag_text(child), "breachletter: error: organisation phone missing\n");
    bl_diag_hold(child, FALSE);
    assert_string_equal(h->log->str, "info|breachletter: fonts loaded\n"
                                     "error|breachletter: error: organisation phone missing\n");
    assert_int_equal(bl_diag_error_count(caller), 1);
    bl_diag_free(child);
    bl_diag_free(caller);
}

/* A caller may report a failure and then decide by its errno (EWOULDBLOCK: another run holds
 * the lock): telling the message must not change it, whatever the caller's function does. */
static void
test_diag_keeps_errno(void **state)
{
    struct heard *h = *state;
    struct bl_diag *told = bl_diag_new_fn(hear, h);
    struct bl_diag *kept = bl_diag_new(NULL);

    errno = EWOULDBLOCK;
    bl_diag_error(told, NULL, "told");
    assert_int_equal(errno, EWOULDBLOCK);
    bl_diag_warning(told, NULL, "told");
    assert_int_equal(errno, EWOULDBLOCK);
    bl_diag_note(told, "told");
    assert_int_equal(errno, EWOULDBLOCK);
    bl_diag_tell(told, BL_DIAG_REPORT, "told\n");
    assert_int_equal(errno, EWOULDBLOCK);
    bl_diag_error(kept, NULL, "kept in memory");
    assert_int_equal(errno, EWOULDBLOCK);
    assert_int_equal(h->calls, 4);
    bl_diag_free(told);
    bl_diag_free(kept);
}

/* A function that tells its own diag an error about a text it could not deliver (the tool's
 * lost report) is heard too. */
static void
fail_reports(void *user, enum bl_diag_kind kind, const char *text)
{
    struct bl_diag **diag = user;

    if (kind == BL_DIAG_REPORT) {
        bl_diag_error(*diag, NULL, "cannot write the report");
    }
}

static void
test_diag_function_may_tell_its_own_diag(void **state)
{
    struct bl_diag *diag = NULL;
    struct bl_diag *d = bl_diag_new_fn(fail_reports, &diag);

    diag = d;
    bl_diag_tell(diag, BL_DIAG_REPORT, "report\n");
    assert_int_equal(bl_diag_error_count(diag), 1);
    assert_string_equal(bl_diag_last_message(diag), "cannot write the report");
    bl_diag_free(d);
}

static void
test_diag_names_files_read_under_another_path(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    struct bl_loc loc = {"/proc/self/fd/7", 2, 0};

    bl_diag_name_file("/proc/self/fd/7", "standard input");
    bl_diag_error(diag, &loc, "row too short");
    assert_string_equal(bl_diag_text(diag), "standard input:2: error: row too short\n");
    assert_string_equal(bl_diag_file_name("other.csv"), "other.csv");
    assert_null(bl_diag_file_name(NULL));
    bl_diag_free(diag);
}

static void
test_diag_names_at_most_four_files_and_says_so(void **state)
{
    /* naming one again changes its name; a fifth is refused (the process is not ended) and
     * keeps its own */
    assert_int_equal(bl_diag_name_file("/proc/self/fd/7", "standard input"), 0);
    assert_int_equal(bl_diag_name_file("-", "standard output"), 0);
    assert_int_equal(bl_diag_name_file("/proc/self/fd/8", "eight"), 0);
    assert_int_equal(bl_diag_name_file("/proc/self/fd/9", "nine"), 0);
    assert_int_equal(bl_diag_name_file("/proc/self/fd/9", "nine again"), 0);
    assert_int_equal(bl_diag_name_file("/proc/self/fd/10", "ten"), -1);
    assert_string_equal(bl_diag_file_name("/proc/self/fd/9"), "nine again");
    assert_string_equal(bl_diag_file_name("/proc/self/fd/10"), "/proc/self/fd/10");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_diag_formats_location_kind_and_message, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_diag_hands_every_text_with_its_kind_to_the_function,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_diag_level_decides_what_the_function_hears, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_diag_held_keeps_problems_and_tells_the_rest, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_diag_pass_kept_tells_each_message_with_its_kind, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_diag_forward_tells_another_diag, setup, teardown),
        cmocka_unit_test_setup_teardown(test_diag_keeps_errno, setup, teardown),
        cmocka_unit_test_setup_teardown(test_diag_function_may_tell_its_own_diag, setup, teardown),
        cmocka_unit_test_setup_teardown(test_diag_names_at_most_four_files_and_says_so, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_diag_names_files_read_under_another_path, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: MIT */
/* Unit tests of cli_diag.c: messages and reports on their streams, a log that is gone, and a
 * report that cannot be written. */
#define _GNU_SOURCE /* fopencookie */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli_diag.h"
#include "session.h" /* enum bl_exit */

/* A stream whose writes fail with fail_errno from the fail_from-th on (0: never), and that
 * counts the write calls it gets. */
struct sink {
    int writes;
    int fail_from;
    int fail_errno;
    int fail_times; /* how many writes fail; 0: all from fail_from on */
    GString *text;
};

static ssize_t
sink_write(void *cookie, const char *buf, size_t size)
{
    struct sink *s = cookie;

    s->writes++;
    if (s->fail_from > 0 && s->writes >= s->fail_from &&
        (s->fail_times == 0 || s->writes < s->fail_from + s->fail_times)) {
        errno = s->fail_errno;
        return -1;
    }
    g_string_append_len(s->text, buf, (gssize)size);
    return (ssize_t)size;
}

static FILE *
sink_open(struct sink *s)
{
    cookie_io_functions_t io = {NULL, sink_write, NULL, NULL};
    FILE *fp;

    s->text = g_string_new(NULL);
    fp = fopencookie(s, "w", io);
    assert_non_null(fp);
    setvbuf(fp, NULL, _IOLBF, 4096); /* every message is written at once, as to stderr */
    return fp;
}

static void
sink_close(struct sink *s, FILE *fp)
{
    clearerr(fp);
    fclose(fp);
    g_string_free(s->text, TRUE);
}

static void
test_cli_diag_sends_reports_and_messages_to_their_streams(void **state)
{
    struct sink m = {0}, r = {0};
    FILE *messages = sink_open(&m), *reports = sink_open(&r);
    struct bl_cli_diag *d = bl_cli_diag_new(messages, reports, "to standard output");
    struct bl_diag *diag = bl_cli_diag_get(d);
    struct bl_loc loc = {"list.csv", 2, 0};

    bl_diag_error(diag, &loc, "row too short");
    bl_diag_tell(diag, BL_DIAG_REPORT, "Compliance check\n");
    bl_diag_note(diag, "1 input row = 0 letters + 1 error");
    assert_string_equal(m.text->str, "list.csv:2: error: row too short\n"
                                     "breachletter: 1 input row = 0 letters + 1 error\n");
    assert_string_equal(r.text->str, "Compliance check\n");
    /* every report written: the exit status stays */
    assert_int_equal(bl_cli_diag_end(d, BL_EXIT_ROWS_REJECTED), BL_EXIT_ROWS_REJECTED);
    assert_int_equal(bl_cli_diag_end(NULL, BL_EXIT_USAGE), BL_EXIT_USAGE);
    sink_close(&m, messages);
    sink_close(&r, reports);
}

static void
test_cli_diag_stops_writing_to_a_log_no_one_reads(void **state)
{
    struct sink s = {.fail_from = 2, .fail_errno = EPIPE};
    FILE *fp = sink_open(&s);
    struct bl_cli_diag *d = bl_cli_diag_new(fp, fp, "to standard output");
    struct bl_diag *diag = bl_cli_diag_get(d);
    struct bl_loc loc = {"list.csv", 2, 0};
    int tried;

    bl_diag_error(diag, &loc, "first");
    assert_string_equal(s.text->str, "list.csv:2: error: first\n");
    bl_diag_error(diag, &loc, "second"); /* the reader has gone: EPIPE */
    tried = s.writes;
    for (int i = 0; i < 100; i++) {
        bl_diag_error(diag, &loc, "row %d", i);
        bl_diag_warning(diag, NULL, "warning %d", i);
        bl_diag_note(diag, "note %d", i);
    }
    /* nothing more is tried, and the run still counts and names its errors */
    assert_int_equal(s.writes, tried);
    assert_string_equal(s.text->str, "list.csv:2: error: first\n");
    assert_int_equal(bl_diag_error_count(diag), 102);
    assert_string_equal(bl_diag_last_message(diag), "warning 99");
    /* a lost log is no failure of the command */
    assert_int_equal(bl_cli_diag_end(d, BL_EXIT_OK), BL_EXIT_OK);
    sink_close(&s, fp);
}

static void
test_cli_diag_closed_log_is_gone_too(void **state)
{
    struct sink s = {.fail_from = 1, .fail_errno = EBADF};
    FILE *fp = sink_open(&s);
    struct bl_cli_diag *d = bl_cli_diag_new(fp, stdout, "to standard output");
    struct bl_diag *diag = bl_cli_diag_get(d);
    int tried;

    bl_diag_error(diag, NULL, "one");
    tried = s.writes;
    bl_diag_error(diag, NULL, "two");
    bl_diag_error(diag, NULL, "three");
    assert_int_equal(s.writes, tried);
    assert_int_equal(bl_diag_error_count(diag), 3);
    bl_cli_diag_end(d, BL_EXIT_OK);
    sink_close(&s, fp);
}

static void
test_cli_diag_passing_write_error_does_not_silence_the_log(void **state)
{
    struct sink s = {.fail_from = 1, .fail_errno = EINTR, .fail_times = 1};
    FILE *fp = sink_open(&s);
    struct bl_cli_diag *d = bl_cli_diag_new(fp, stdout, "to standard output");
    struct bl_diag *diag = bl_cli_diag_get(d);

    bl_diag_error(diag, NULL, "lost");
    bl_diag_error(diag, NULL, "kept");
    assert_non_null(strstr(s.text->str, "breachletter: error: kept\n"));
    bl_cli_diag_end(d, BL_EXIT_OK);
    sink_close(&s, fp);
}

/* Writing a message that fails must not change the errno the caller reports by. */
static void
test_cli_diag_keeps_errno(void **state)
{
    struct sink s = {.fail_from = 2, .fail_errno = EPIPE};
    FILE *fp = sink_open(&s);
    struct bl_cli_diag *d = bl_cli_diag_new(fp, stdout, "to standard output");
    struct bl_diag *diag = bl_cli_diag_get(d);

    errno = EWOULDBLOCK;
    bl_diag_error(diag, NULL, "written");
    assert_int_equal(errno, EWOULDBLOCK);
    bl_diag_error(diag, NULL, "not written: EPIPE");
    assert_int_equal(errno, EWOULDBLOCK);
    bl_diag_warning(diag, NULL, "not tried");
    assert_int_equal(errno, EWOULDBLOCK);
    bl_cli_diag_end(d, BL_EXIT_OK);
    sink_close(&s, fp);
}

static void
test_cli_diag_reports_a_full_disk(void **state)
{
    struct sink m = {0};
    FILE *messages = sink_open(&m);
    FILE *full = fopen("/dev/full", "w");
    GString *report = g_string_new(NULL);
    struct bl_cli_diag *d;

    if (full == NULL) {
        skip();
    }
    d = bl_cli_diag_new(messages, full, "the report to standard output");
    /* longer than the stream's buffer: the failure comes while writing, not at the flush */
    for (int i = 0; i < 2000; i++) {
        g_string_append(report, "  HIPAA   hhs   360934   >= 500   YES\n");
    }
    bl_diag_tell(bl_cli_diag_get(d), BL_DIAG_REPORT, report->str);
    assert_string_equal(m.text->str, ""); /* said once the command is done */
    /* letters that break a rule, whose report is lost: the I/O error wins */
    assert_int_equal(bl_cli_diag_end(d, BL_EXIT_NONCOMPLIANT), BL_EXIT_IO);
    assert_string_equal(m.text->str, "breachletter: error: cannot write the report to standard "
                                     "output: No space left on device\n");
    clearerr(full);
    fclose(full);
    g_string_free(report, TRUE);
    sink_close(&m, messages);
}

static void
test_cli_diag_reports_a_short_report_at_the_flush(void **state)
{
    struct sink m = {0};
    FILE *messages = sink_open(&m);
    FILE *full = fopen("/dev/full", "w");
    struct bl_cli_diag *d;

    if (full == NULL) {
        skip();
    }
    d = bl_cli_diag_new(messages, full, "to standard output");
    bl_diag_tell(bl_cli_diag_get(d), BL_DIAG_REPORT, "preview: wrote draft.pdf\n");
    assert_int_equal(bl_cli_diag_end(d, BL_EXIT_OK), BL_EXIT_IO);
    assert_string_equal(m.text->str, "breachletter: error: cannot write to standard "
                                     "output: No space left on device\n");
    clearerr(full);
    fclose(full);
    sink_close(&m, messages);
}

static void
test_cli_diag_reports_an_earlier_failed_write(void **state)
{
    struct sink m = {0}, s = {.fail_from = 1, .fail_errno = EPIPE};
    FILE *messages = sink_open(&m);
    FILE *fp = sink_open(&s);
    struct bl_cli_diag *d = bl_cli_diag_new(messages, fp, "to standard output");

    bl_diag_tell(bl_cli_diag_get(d), BL_DIAG_REPORT, "a line whose write fails\n");
    bl_diag_tell(bl_cli_diag_get(d), BL_DIAG_REPORT, "a second line\n");
    assert_int_equal(bl_cli_diag_end(d, BL_EXIT_OK), BL_EXIT_IO);
    /* said once, with the errno of the write that failed */
    assert_string_equal(m.text->str, "breachletter: error: cannot write to standard output: "
                                     "Broken pipe\n");
    sink_close(&s, fp);
    sink_close(&m, messages);
}

/* A command that failed before it had anything to report keeps its own exit status; one that
 * had nothing to report at all (a quiet preview) does not fail on a closed output. */
static void
test_cli_diag_keeps_a_failure_of_the_command(void **state)
{
    struct sink m = {0}, s = {.fail_from = 1, .fail_errno = EBADF};
    FILE *messages = sink_open(&m);
    FILE *fp = sink_open(&s);
    struct bl_cli_diag *d = bl_cli_diag_new(messages, fp, "to standard output");

    bl_diag_tell(bl_cli_diag_get(d), BL_DIAG_REPORT, "the variants\n");
    assert_int_equal(bl_cli_diag_end(d, BL_EXIT_BAD_INPUT), BL_EXIT_BAD_INPUT);
    assert_non_null(strstr(m.text->str, "cannot write to standard output: Bad file descriptor"));
    d = bl_cli_diag_new(messages, fp, "to standard output");
    bl_diag_tell(bl_cli_diag_get(d), BL_DIAG_REPORT, "");
    assert_int_equal(bl_cli_diag_end(d, BL_EXIT_OK), BL_EXIT_OK);
    sink_close(&s, fp);
    sink_close(&m, messages);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cli_diag_sends_reports_and_messages_to_their_streams),
        cmocka_unit_test(test_cli_diag_stops_writing_to_a_log_no_one_reads),
        cmocka_unit_test(test_cli_diag_closed_log_is_gone_too),
        cmocka_unit_test(test_cli_diag_passing_write_error_does_not_silence_the_log),
        cmocka_unit_test(test_cli_diag_keeps_errno),
        cmocka_unit_test(test_cli_diag_reports_a_full_disk),
        cmocka_unit_test(test_cli_diag_reports_a_short_report_at_the_flush),
        cmocka_unit_test(test_cli_diag_reports_an_earlier_failed_write),
        cmocka_unit_test(test_cli_diag_keeps_a_failure_of_the_command),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

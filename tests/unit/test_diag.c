/* SPDX-License-Identifier: MIT */
/* Unit tests of diag.c: the message format, a log that is gone, and a report that cannot be
 * written. */
#define _GNU_SOURCE /* fopencookie */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"

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
test_diag_stops_writing_to_a_log_no_one_reads(void **state)
{
    struct sink s = {.fail_from = 2, .fail_errno = EPIPE};
    FILE *fp = sink_open(&s);
    struct bl_diag *diag = bl_diag_new(fp);
    struct bl_loc loc = {"list.csv", 2, 0};
    int tried;

    bl_diag_error(diag, &loc, "first");
    assert_string_equal(s.text->str, "list.csv:2: error: first\n");
    bl_diag_error(diag, &loc, "second"); /* the reader has gone: EPIPE */
    tried = s.writes;
    for (int i = 0; i < 100; i++) {
        bl_diag_error(diag, &loc, "row %d", i);
        bl_diag_warning(diag, NULL, "warning %d", i);
    }
    /* nothing more is tried, and the run still counts and names its errors */
    assert_int_equal(s.writes, tried);
    assert_string_equal(s.text->str, "list.csv:2: error: first\n");
    assert_int_equal(bl_diag_error_count(diag), 102);
    assert_string_equal(bl_diag_last_message(diag), "warning 99");
    bl_diag_free(diag);
    sink_close(&s, fp);
}

static void
test_diag_closed_log_is_gone_too(void **state)
{
    struct sink s = {.fail_from = 1, .fail_errno = EBADF};
    FILE *fp = sink_open(&s);
    struct bl_diag *diag = bl_diag_new(fp);
    int tried;

    bl_diag_error(diag, NULL, "one");
    tried = s.writes;
    bl_diag_error(diag, NULL, "two");
    bl_diag_error(diag, NULL, "three");
    assert_int_equal(s.writes, tried);
    assert_int_equal(bl_diag_error_count(diag), 3);
    bl_diag_free(diag);
    sink_close(&s, fp);
}

static void
test_diag_passing_write_error_does_not_silence_the_log(void **state)
{
    struct sink s = {.fail_from = 1, .fail_errno = EINTR, .fail_times = 1};
    FILE *fp = sink_open(&s);
    struct bl_diag *diag = bl_diag_new(fp);

    bl_diag_error(diag, NULL, "lost");
    bl_diag_error(diag, NULL, "kept");
    assert_non_null(strstr(s.text->str, "breachletter: error: kept\n"));
    bl_diag_free(diag);
    sink_close(&s, fp);
}

/* A caller may report a failure and then decide by its errno (EWOULDBLOCK: another run holds
 * the lock): writing the message must not change it, even when the write fails. */
static void
test_diag_keeps_errno(void **state)
{
    struct sink s = {.fail_from = 2, .fail_errno = EPIPE};
    FILE *fp = sink_open(&s);
    struct bl_diag *to_stream = bl_diag_new(fp);
    struct bl_diag *kept = bl_diag_new(NULL);

    errno = EWOULDBLOCK;
    bl_diag_error(to_stream, NULL, "written");
    assert_int_equal(errno, EWOULDBLOCK);
    bl_diag_error(to_stream, NULL, "not written: EPIPE");
    assert_int_equal(errno, EWOULDBLOCK);
    bl_diag_warning(to_stream, NULL, "not tried");
    assert_int_equal(errno, EWOULDBLOCK);
    bl_diag_error(kept, NULL, "kept in memory");
    assert_int_equal(errno, EWOULDBLOCK);
    bl_diag_free(to_stream);
    bl_diag_free(kept);
    sink_close(&s, fp);
}

static void
test_diag_write_output_reports_a_full_disk(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    FILE *full = fopen("/dev/full", "w");
    GString *report = g_string_new(NULL);

    if (full == NULL) {
        skip();
    }
    /* longer than the stream's buffer: the failure comes while writing, not at the flush */
    for (int i = 0; i < 2000; i++) {
        g_string_append(report, "  HIPAA   hhs   360934   >= 500   YES\n");
    }
    assert_int_equal(bl_diag_write_output(diag, full, report->str, "the report to standard output"),
                     -1);
    assert_string_equal(bl_diag_text(diag), "breachletter: error: cannot write the report to "
                                            "standard output: No space left on device\n");
    assert_int_equal(bl_diag_error_count(diag), 1);
    clearerr(full);
    fclose(full);
    g_string_free(report, TRUE);
    bl_diag_free(diag);
}

static void
test_diag_write_output_reports_a_short_report_at_the_flush(void **state)
{
    struct bl_diag *diag = bl_diag_new(NULL);
    FILE *full = fopen("/dev/full", "w");

    if (full == NULL) {
        skip();
    }
    assert_int_equal(
        bl_diag_write_output(diag, full, "preview: wrote draft.pdf\n", "to standard output"), -1);
    assert_string_equal(bl_diag_text(diag), "breachletter: error: cannot write to standard "
                                            "output: No space left on device\n");
    clearerr(full);
    fclose(full);
    bl_diag_free(diag);
}

static void
test_diag_write_output_reports_an_earlier_failed_write(void **state)
{
    struct sink s = {.fail_from = 1, .fail_errno = EPIPE};
    FILE *fp = sink_open(&s);
    struct bl_diag *diag = bl_diag_new(NULL);

    fputs("a line written before, whose write failed\n", fp);
    assert_int_equal(bl_diag_write_output(diag, fp, "", "to standard output"), -1);
    assert_non_null(strstr(bl_diag_text(diag), "breachletter: error: cannot write to standard "
                                               "output: "));
    bl_diag_free(diag);
    sink_close(&s, fp);
}

static void
test_diag_write_output_is_silent_when_all_was_written(void **state)
{
    struct sink s = {0};
    FILE *fp = sink_open(&s);
    struct bl_diag *diag = bl_diag_new(NULL);

    assert_int_equal(bl_diag_write_output(diag, fp, "report\n", "to standard output"), 0);
    assert_string_equal(s.text->str, "report\n");
    assert_string_equal(bl_diag_text(diag), "");
    assert_int_equal(bl_diag_error_count(diag), 0);
    bl_diag_free(diag);
    sink_close(&s, fp);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diag_formats_location_kind_and_message),
        cmocka_unit_test(test_diag_stops_writing_to_a_log_no_one_reads),
        cmocka_unit_test(test_diag_closed_log_is_gone_too),
        cmocka_unit_test(test_diag_passing_write_error_does_not_silence_the_log),
        cmocka_unit_test(test_diag_keeps_errno),
        cmocka_unit_test(test_diag_write_output_reports_a_full_disk),
        cmocka_unit_test(test_diag_write_output_reports_a_short_report_at_the_flush),
        cmocka_unit_test(test_diag_write_output_reports_an_earlier_failed_write),
        cmocka_unit_test(test_diag_write_output_is_silent_when_all_was_written),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

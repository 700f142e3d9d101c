#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The library is quiet: no source file under generator/lib or generator/include prints, exits,
aborts (g_error, assertions, g_return_if_fail and its kin, which print and may abort), forks,
installs a signal handler, reads the environment, sets process state (umask, memory tuning, the
locale, libxml2's process-wide error handlers) or waits in a main loop. Those are the tool's
(generator/cli); the library tells its caller everything through struct bl_diag (diag.h) and
return codes, and does one piece of work per call.

Comments and string literals are blanked before the search, so prose and messages may name
these things. A PDF named "-" is written to standard output by the PDF sink as the user's output
file, which is data, not printing: STDOUT_FILENO is not searched for.

Usage: quiet_library.py DIR...      (exit 0: quiet; 1: what was found, as file:line)
       quiet_library.py --self-test (the patterns find what they must and nothing else)
"""
import os
import re
import sys

WHY_PRINT = "the library tells its caller through struct bl_diag (diag.h), it never prints"
WHY_EXIT = "the library returns a status, the tool decides how the process ends"
WHY_ENV = "the library reads no environment: the tool does and passes values down"
WHY_PROC = "processes are the tool's: the library neither starts nor waits for them"
WHY_SIGNAL = "signals are the tool's (cli_signal.c): the library installs no handler"
WHY_STATE = "process state (umask, memory tuning, locale, terminal) is set by the tool only"
WHY_ABORT = ("a broken contract is reported through struct bl_diag and a return code: an "
             "assertion or a GLib check prints, and may end the process")
WHY_XML = ("libxml2's error handlers are process-wide: give each parser or schema context its "
           "own (the parser context's sax->serror, xmlRelaxNGSetValidStructuredErrors, "
           "xmlSchemaSetValidStructuredErrors)")
WHY_LOOP = ("waiting is the tool's (cmd_preview.c's --watch): the library does one piece of "
            "work per call and returns")

CALL = r"\s*\("
RULES = [
    (r"\b(stderr|stdout|stdin|STDERR_FILENO|STDIN_FILENO)\b", WHY_PRINT),
    (r"(?<![\w.>])(printf|vprintf|puts|putchar|perror|getchar|gets|scanf)" + CALL, WHY_PRINT),
    (r"\bg_(print|printerr|message|warning|critical|info|debug)" + CALL, WHY_PRINT),
    (r"(?<![\w.>])(exit|_exit|_Exit|quick_exit|abort|atexit)" + CALL, WHY_EXIT),
    (r"\b(getenv|secure_getenv|g_getenv|setenv|unsetenv|putenv|clearenv|g_setenv|g_unsetenv"
     r"|g_get_environ|g_listenv|environ)\b", WHY_ENV),
    (r"(?<![\w.>])(fork|vfork|daemon|posix_spawnp?|system|popen|execv\w*|execl\w*|wait"
     r"|waitpid|g_spawn_\w+)" + CALL, WHY_PROC),
    (r"(?<![\w.>])(sigaction|signal|sigprocmask|pthread_sigmask|raise|kill|killpg|alarm"
     r"|setitimer)" + CALL, WHY_SIGNAL),
    (r"(?<![\w.>])(umask|mallopt|malloc_trim|setlocale|setrlimit|setsid|setpgid|prctl|chdir"
     r"|fchdir|isatty)" + CALL, WHY_STATE),
    (r"\bg_error" + CALL, WHY_EXIT),
    (r"(?<![\w.>])(assert|g_assert\w*|g_return_(val_)?if_(fail|reached))"
     + CALL, WHY_ABORT),
    (r"\b(xmlSetGenericErrorFunc|xmlSetStructuredErrorFunc|xmlThrDefSetGenericErrorFunc"
     r"|xmlThrDefSetStructuredErrorFunc|initGenericErrorDefaultFunc)\b", WHY_XML),
    (r"\b(g_main_loop_\w+|g_main_context_\w+)\b", WHY_LOOP),
]
PATTERNS = [(re.compile(p), why) for p, why in RULES]


def blank(source):
    """The source with comments, string and character literals replaced by spaces (newlines
    kept, so line numbers stay)."""
    out = []
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if source.startswith("/*", i):
            end = source.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append(re.sub(r"[^\n]", " ", source[i:end]))
            i = end
        elif source.startswith("//", i):
            end = source.find("\n", i)
            end = n if end < 0 else end
            out.append(" " * (end - i))
            i = end
        elif c in "\"'":
            j = i + 1
            while j < n and source[j] != c and source[j] != "\n":
                j += 2 if source[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(c + " " * (j - i - 2) + c if j - i >= 2 else source[i:j])
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def findings(name, source):
    """(line, what, why) for every forbidden use in source."""
    found = []
    for number, line in enumerate(blank(source).split("\n"), 1):
        if line.lstrip().startswith("#include"):
            continue
        for pattern, why in PATTERNS:
            for m in pattern.finditer(line):
                found.append((number, m.group(0).rstrip("( \t"), why))
    return found


BAD = [
    'fprintf(stderr, "x");', "fputs(text, stdout);", 'printf("%d\\n", n);', 'puts("x");',
    "write(STDERR_FILENO, buf, n);", 'g_printerr("x");', 'g_warning("x");', "exit(1);",
    "_exit(128 + sig);", "abort();", 'const char *d = getenv("HOME");', 'g_getenv("X")',
    "extern char **environ;", "umask(077);", "mallopt(M_TOP_PAD, 1);", "malloc_trim(0);",
    "pid_t p = fork();", "waitpid(pid, NULL, 0);", "sigaction(SIGINT, &sa, NULL);",
    "signal(SIGPIPE, SIG_IGN);", "raise(sig);", "kill(pid, SIGTERM);", "isatty(2)",
    'setlocale(LC_ALL, "");', "system(cmd);", "if (x) exit (3);",
    'g_error("out of memory");', "assert(n > 0);", 'assert(!"too many");', "g_assert(p);",
    "g_assert_not_reached();", "g_assert_cmpint(a, ==, b);", "g_return_if_fail(cr != NULL);",
    "g_return_val_if_fail(d != NULL, NULL);", "g_return_if_reached();",
    "xmlSetGenericErrorFunc(NULL, silent);", "xmlSetStructuredErrorFunc(&cap, on_error);",
    "GMainLoop *loop = g_main_loop_new(NULL, FALSE);", "g_main_loop_run(loop);",
    "g_main_context_iteration(NULL, TRUE);",
]
GOOD = [
    "/* prints to stderr, then exit() */", '// fork() and signal()', 'msg = "cannot fork()";',
    "g_string_append_printf(s, \"%d\", n);", "fprintf(fp, \"%s\", x);", "bl_book_abort(b);",
    "bl_manifest_abort(m);", "f->exit(1);", "ctx->signal(2);", "g_cond_wait(c, m);",
    "#include <signal.h>", "volatile sig_atomic_t used;", "char c = '\"'; exit_code = 1;",
    "fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 0);", "g_snprintf(b, 8, \"%d\", n);",
    "GError *error = NULL;", "g_error_free(err);", "g_clear_error(&err);", "set_error(e, x);",
    "_Static_assert(sizeof(int) == 4, \"int\");", "bl_check_assert(x);", "c->assert(1);",
    "xmlRelaxNGSetValidStructuredErrors(v, on_problem, p);", "ctxt->sax->serror = on_error;",
    "/* g_main_loop_run() is the tool's */", "#include <assert.h>",
]


def self_test():
    ok = True
    for line in BAD:
        if not findings("bad", line):
            print("self-test: not found in %r" % line, file=sys.stderr)
            ok = False
    for line in GOOD:
        if findings("good", line):
            print("self-test: wrongly found in %r: %r" % (line, findings("good", line)),
                  file=sys.stderr)
            ok = False
    # line numbers survive blanked comments and strings over several lines
    got = findings("x", '/* a\n * b */\nchar *s = "a\\"b";\nexit(1);\n')
    if [f[0] for f in got] != [4]:
        print("self-test: line numbers: %r" % got, file=sys.stderr)
        ok = False
    return ok


def main(argv):
    if len(argv) == 2 and argv[1] == "--self-test":
        return 0 if self_test() else 1
    if len(argv) < 2 or not all(os.path.isdir(d) for d in argv[1:]):
        print(__doc__.strip().split("\n\n")[-1], file=sys.stderr)
        return 2
    found = 0
    files = 0
    for root in argv[1:]:
        here = 0
        for top, dirs, names in os.walk(root):
            dirs.sort()
            for name in sorted(names):
                if not name.endswith((".c", ".h")):
                    continue
                path = os.path.join(top, name)
                here += 1
                with open(path, encoding="utf-8") as f:
                    for line, what, why in findings(path, f.read()):
                        print("%s:%d: '%s': %s" % (path, line, what, why))
                        found += 1
        if here == 0:
            print("quiet_library: no C sources under %s" % root, file=sys.stderr)
            return 2
        files += here
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

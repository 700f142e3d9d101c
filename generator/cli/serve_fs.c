/* SPDX-License-Identifier: MIT */
/* The workbench's workspace: files reached by relative names, through no symbolic link. */
#include "serve_fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

gboolean
bl_serve_fs_name_ok(const char *rel)
{
    gboolean ok = rel != NULL && rel[0] != '\0' && rel[0] != '/' && strlen(rel) <= 1024;
    char **parts;

    for (const char *p = rel; ok && *p != '\0'; p++) {
        ok = *p != '\\' && (unsigned char)*p >= 0x20 && *p != 0x7f;
    }
    if (!ok) {
        return FALSE;
    }
    parts = g_strsplit(rel, "/", -1);
    /* a part starting with '-' would be read as an option by a command given the name */
    for (size_t i = 0; ok && parts[i] != NULL; i++) {
        ok = parts[i][0] != '\0' && parts[i][0] != '-' && strcmp(parts[i], ".") != 0 &&
             strcmp(parts[i], "..") != 0;
    }
    g_strfreev(parts);
    return ok;
}

int
bl_serve_fs_open(int rootfd, const char *rel, int flags, mode_t mode)
{
    char **parts;
    int dir, fd = -1, saved;

    if (!bl_serve_fs_name_ok(rel)) {
        errno = EINVAL;
        return -1;
    }
    parts = g_strsplit(rel, "/", -1);
    dir = dup(rootfd);
    for (size_t i = 0; dir >= 0 && parts[i] != NULL; i++) {
        if (parts[i + 1] == NULL) {
            /* O_NONBLOCK: a FIFO planted in the workspace does not hang the server */
            fd =
                openat(dir, parts[i], flags | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, mode);
        } else {
            int next = openat(dir, parts[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            saved = errno;
            close(dir);
            errno = saved;
            dir = next;
            continue;
        }
    }
    saved = errno;
    if (dir >= 0) {
        close(dir);
    }
    g_strfreev(parts);
    errno = saved;
    return fd;
}

int
bl_serve_fs_remove(int rootfd, const char *rel)
{
    char *dir = g_path_get_dirname(rel), *base = g_path_get_basename(rel);
    int dirfd = strcmp(dir, ".") == 0 ? dup(rootfd)
                                      : bl_serve_fs_open(rootfd, dir, O_RDONLY | O_DIRECTORY, 0);
    int rc = -1, saved;

    if (!bl_serve_fs_name_ok(rel)) {
        errno = EINVAL;
    } else if (dirfd >= 0) {
        rc = unlinkat(dirfd, base, 0);
    }
    saved = errno;
    if (dirfd >= 0) {
        close(dirfd);
    }
    g_free(dir);
    g_free(base);
    errno = saved;
    return rc;
}

/* Sweeps the folder dirfd (taken) of files last changed before born; see bl_serve_fs_sweep. */
static int
sweep_dir(int dirfd, int depth, const char *prefix, time_t born)
{
    DIR *d = fdopendir(dirfd);
    struct dirent *e;
    int removed = 0;

    if (d == NULL) {
        close(dirfd);
        return 0;
    }
    while ((e = readdir(d)) != NULL) {
        struct stat st;

        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
            fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
            continue;
        }
        if (S_ISREG(st.st_mode) && g_str_has_prefix(e->d_name, prefix)) {
            removed += st.st_mtime < born && unlinkat(dirfd, e->d_name, 0) == 0;
        } else if (S_ISDIR(st.st_mode) && depth != 1) {
            int sub = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub >= 0) {
                removed += sweep_dir(sub, depth > 1 ? depth - 1 : 0, prefix, born);
            }
        }
    }
    closedir(d);
    return removed;
}

int
bl_serve_fs_sweep(int rootfd, int depth, const char *prefix)
{
    int dir = openat(rootfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    /* a younger file may be the draft of a server at work on the same workspace */
    time_t born = time(NULL) - 60;

    return dir >= 0 ? sweep_dir(dir, depth > 0 ? depth : 0, prefix, born) : 0;
}

char *
bl_serve_fs_read(int rootfd, const char *rel, gsize max, gsize *len)
{
    int fd = bl_serve_fs_open(rootfd, rel, O_RDONLY, 0);
    struct stat st;
    char *buf = NULL;
    gsize got = 0;
    int e = 0;

    if (fd < 0) {
        return NULL;
    }
    if (fstat(fd, &st) < 0) {
        e = errno;
    } else if (!S_ISREG(st.st_mode)) {
        e = EISDIR;
    } else if ((gsize)st.st_size > max) {
        e = EFBIG;
    }
    if (e != 0) {
        close(fd);
        errno = e;
        return NULL;
    }
    buf = g_malloc((gsize)st.st_size + 1);
    while (got < (gsize)st.st_size) {
        ssize_t n = read(fd, buf + got, (gsize)st.st_size - got);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) {
                continue;
            }
            e = n == 0 ? EIO : errno;
            g_free(buf);
            close(fd);
            errno = e;
            return NULL;
        }
        got += (gsize)n;
    }
    buf[got] = '\0';
    close(fd);
    *len = got;
    return buf;
}

int
bl_serve_fs_write(int rootfd, const char *rel, const char *data, gsize len)
{
    const char *slash = strrchr(rel, '/');
    char *dirname = slash != NULL ? g_strndup(rel, (gsize)(slash - rel)) : NULL;
    char *tmp = g_strdup_printf(".%s.tmp-%d", slash != NULL ? slash + 1 : rel, (int)getpid());
    int dir, fd, rc = -1, saved = 0;
    gsize done = 0;

    if (!bl_serve_fs_name_ok(rel)) {
        errno = EINVAL;
        goto out_names;
    }
    dir = dirname != NULL ? bl_serve_fs_open(rootfd, dirname, O_RDONLY | O_DIRECTORY, 0)
                          : dup(rootfd);
    if (dir < 0) {
        goto out_names;
    }
    fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        saved = errno;
        goto out_dir;
    }
    while (done < len) {
        ssize_t n = write(fd, data + done, len - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            break;
        }
        done += (gsize)n;
    }
    if (done < len || fsync(fd) < 0) {
        saved = errno;
        close(fd);
        unlinkat(dir, tmp, 0);
        goto out_dir;
    }
    close(fd);
    if (renameat(dir, tmp, dir, slash != NULL ? slash + 1 : rel) < 0) {
        saved = errno;
        unlinkat(dir, tmp, 0);
        goto out_dir;
    }
    rc = 0;
out_dir:
    close(dir);
    errno = saved;
out_names:
    saved = errno;
    g_free(dirname);
    g_free(tmp);
    errno = saved;
    return rc;
}

/* The root element's name of the XML file at fd, from its first bytes, or "". */
static void
root_name(int fd, char *name, size_t size)
{
    char head[4096];
    ssize_t n = read(fd, head, sizeof(head) - 1);
    const char *p = head;

    name[0] = '\0';
    if (n <= 0) {
        return;
    }
    head[n] = '\0';
    /* skip the declaration, comments and processing instructions */
    while ((p = strchr(p, '<')) != NULL) {
        if (p[1] == '?' || p[1] == '!') {
            const char *end =
                p[1] == '!' && strncmp(p, "<!--", 4) == 0 ? strstr(p, "-->") : strchr(p, '>');
            if (end == NULL) {
                return;
            }
            p = end + 1;
            continue;
        }
        size_t i = 0;
        for (p++; i + 1 < size && (g_ascii_isalnum(*p) || *p == '-' || *p == '_'); p++) {
            name[i++] = *p;
        }
        name[i] = '\0';
        return;
    }
}

/* Scans the folder dirfd (taken) named prefix; lists is NULL in an output folder, whose CSV
 * files are the run's manifests and errors, not recipient lists. */
static void
scan_dir(int dirfd, const char *prefix, int depth, GPtrArray *inc, GPtrArray *lists,
         GPtrArray *outs)
{
    DIR *d = fdopendir(dirfd);
    struct dirent *e;

    if (d == NULL) {
        close(dirfd);
        return;
    }
    while ((e = readdir(d)) != NULL) {
        struct stat st;
        char *rel;

        if (e->d_name[0] == '.' || fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
            continue;
        }
        rel = prefix[0] != '\0' ? g_strdup_printf("%s/%s", prefix, e->d_name) : g_strdup(e->d_name);
        if (S_ISDIR(st.st_mode)) {
            struct stat m;
            int sub = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            gboolean output = sub >= 0 &&
                              fstatat(sub, "manifest.csv", &m, AT_SYMLINK_NOFOLLOW) == 0 &&
                              S_ISREG(m.st_mode);
            if (output) {
                g_ptr_array_add(outs, g_strdup(rel));
            }
            if (sub >= 0 && depth > 1) {
                scan_dir(sub, rel, depth - 1, inc, output ? NULL : lists, outs);
            } else if (sub >= 0) {
                close(sub);
            }
        } else if (S_ISREG(st.st_mode) && g_str_has_suffix(e->d_name, ".csv")) {
            if (lists != NULL) {
                g_ptr_array_add(lists, g_strdup(rel));
            }
        } else if (S_ISREG(st.st_mode) && g_str_has_suffix(e->d_name, ".xml")) {
            char name[32];
            int fd = openat(dirfd, e->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
            if (fd >= 0) {
                root_name(fd, name, sizeof(name));
                close(fd);
                if (strcmp(name, "incident") == 0) {
                    g_ptr_array_add(inc, g_strdup(rel));
                } else if (strcmp(name, "recipients") == 0 && lists != NULL) {
                    g_ptr_array_add(lists, g_strdup(rel));
                }
            }
        }
        g_free(rel);
    }
    closedir(d);
}

gint
bl_serve_fs_compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void
bl_serve_fs_remove_private(const char *path)
{
    GDir *d = g_dir_open(path, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
        char *p = g_build_filename(path, name, NULL);

        if (g_file_test(p, G_FILE_TEST_IS_DIR) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK)) {
            bl_serve_fs_remove_private(p);
        } else {
            g_unlink(p);
        }
        g_free(p);
    }
    if (d != NULL) {
        g_dir_close(d);
    }
    g_rmdir(path);
}

static char **
sorted(GPtrArray *a)
{
    g_ptr_array_sort(a, bl_serve_fs_compare_names);
    g_ptr_array_add(a, NULL);
    return (char **)g_ptr_array_free(a, FALSE);
}

void
bl_serve_fs_scan(int rootfd, int depth, char ***incidents, char ***lists, char ***outputs)
{
    GPtrArray *inc = g_ptr_array_new(), *ls = g_ptr_array_new(), *outs = g_ptr_array_new();
    /* a descriptor of its own: reading the folder moves no one else's position */
    int dir = openat(rootfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (dir >= 0) {
        scan_dir(dir, "", depth, inc, ls, outs);
    }
    *incidents = sorted(inc);
    *lists = sorted(ls);
    *outputs = sorted(outs);
}

#!/usr/bin/env python3
"""Property: whatever another user plants in a world-writable output directory (links to a
victim directory, its files and subdirectories, dangling and looping links, files, manifests
and run states naming the victim's files), and whatever sequence of render, render --resume,
render --only, shards and manifest merge then runs there, no file outside the output directory
changes and no command crashes (exit status below 128, no sanitizer report).

    random_folders.py BIN INCIDENT EXAMPLE_LIST WORKDIR SEED ITERATIONS

Run as root, the attacker's steps run as user nobody (uid 65534) and the victim is root-only.
Prints each step that broke the property, with what was planted, and exits 1 if any did.
"""
import csv
import hashlib
import os
import random
import shutil
import stat
import subprocess
import sys

BIN, INCIDENT, EXAMPLE, WORK = sys.argv[1:5]
SEED, ITERATIONS = int(sys.argv[5]), int(sys.argv[6])
ROOT = os.geteuid() == 0
NOBODY = 65534
VICTIM = os.path.join(WORK, "victim")
VICTIM_FILES = ["x", "lock", "key", "manifest.csv", "errors.csv", "chunk-00000000.csv",
                "book-000001.pdf", "book-000001.csv", "MDS-000123-00000.pdf", "ab/x",
                "00/plan.txt", "00/MDS-000131-00001.pdf.part", "docs/plan.txt",
                "docs/deep/notes.txt"]
STATE_NAMES = [".run-state", ".run-state.done", ".run-state-0-of-2", ".run-state-1-of-2",
               ".run-state-0-of-2.done", ".run-state-1-of-2.done"]
RUN_FILES = ["manifest.csv", "errors.csv", "manifest-0-of-2.csv", "manifest-1-of-2.csv",
             "errors-0-of-2.csv", "book-000001.pdf", "book-000001.csv", "book-000002.pdf",
             "MDS-000123-00000.pdf", "MDS-000131-00001.pdf.part", "lock", "key"]


def make_victim():
    shutil.rmtree(VICTIM, ignore_errors=True)
    for name in VICTIM_FILES:
        path = os.path.join(VICTIM, name)
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        with open(path, "w") as f:
            f.write("a file of the victim, not of any run: %s\n" % name)
        os.chmod(path, 0o600)
    os.chmod(VICTIM, 0o700)


def victim_state():
    """Every entry under the victim with its type, size, mode, owner, time and content hash."""
    state = []
    for dirpath, dirnames, filenames in os.walk(VICTIM):
        for name in sorted(dirnames + filenames) + ([""] if dirpath == VICTIM else []):
            path = os.path.join(dirpath, name) if name else dirpath
            st = os.lstat(path)
            digest = ""
            if stat.S_ISREG(st.st_mode):
                with open(path, "rb") as f:
                    digest = hashlib.sha256(f.read()).hexdigest()
            state.append((os.path.relpath(path, VICTIM), stat.S_IFMT(st.st_mode), st.st_size,
                          stat.S_IMODE(st.st_mode), st.st_uid, st.st_mtime_ns, digest))
    return sorted(state)


def describe_change(before, after):
    b, a = {e[0]: e for e in before}, {e[0]: e for e in after}
    lines = ["removed %s" % n for n in sorted(set(b) - set(a))]
    lines += ["added %s" % n for n in sorted(set(a) - set(b))]
    lines += ["changed %s" % n for n in sorted(set(a) & set(b)) if a[n] != b[n]]
    return "; ".join(lines[:8]) + (" ..." if len(lines) > 8 else "")


def as_attacker(ops):
    """Runs the planting steps in a child process, as nobody when root. A step that fails
    (a name taken, a sticky directory) is skipped, as an attacker would."""
    pid = os.fork()
    if pid == 0:
        try:
            if ROOT:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            for op in ops:
                try:
                    if op[0] == "symlink":
                        os.symlink(op[1], op[2])
                    elif op[0] == "mkdir":
                        os.mkdir(op[1])
                        os.chmod(op[1], 0o777)
                    elif op[0] == "write":
                        with open(op[1], "wb") as f:
                            f.write(op[2])
                    elif op[0] == "rename":
                        os.rename(op[1], op[2])
                except OSError:
                    pass
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def make_list(path, rows, rng):
    with open(EXAMPLE, encoding="utf-8-sig", newline="") as f:
        records = list(csv.reader(f))
    head, body = records[0], records[1:]
    out = [head]
    for i in range(rows):
        r = list(body[i % len(body)])
        r[0] = "%s-%05d" % (r[0], i)
        if rng.random() < 0.1:
            r[head.index("ST")] = "XX"  # an error row
        out.append(r)
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(out)
    os.chmod(path, 0o644)
    return [r[0] for r in out[1:]]


def target(rng, out):
    """Where a planted link points: into the victim mostly, else dangling or at itself."""
    kind = rng.random()
    if kind < 0.35:
        return VICTIM
    if kind < 0.55:
        return os.path.join(VICTIM, rng.choice(["ab", "00", "docs", "docs/deep"]))
    if kind < 0.85:
        return os.path.join(VICTIM, rng.choice(VICTIM_FILES))
    if kind < 0.95:
        return os.path.join(VICTIM, "new-%d" % rng.randrange(100))
    return "loop"  # relative: a link named loop loops, another dangles


def manifest_text(header, rng, ids):
    """A manifest (or journal) whose rows name the victim's files through planted links."""
    names = ["ab/x", "00/plan.txt", "docs/plan.txt", "x", "book-000001.pdf", "lnk/x",
             "../victim/x", VICTIM + "/x", "ab/../ab/x", "00/MDS-000131-00001.pdf.part"]
    rows = []
    for i in range(rng.randrange(1, 6)):
        row = {k: "" for k in header}
        row.update(line=str(i + 2), id=rng.choice(ids), status="ok", file=rng.choice(names))
        rows.append([row[k] for k in header])
    lines = [header] if rng.random() < 0.7 else []
    text = "".join(",".join(r) + "\n" for r in lines + rows)
    return text.encode()


def plant(rng, out, header, ids):
    ops = []
    for _ in range(rng.randrange(1, 12)):
        what = rng.random()
        if what < 0.3:
            name = rng.choice(STATE_NAMES + ["ab", "00", "lnk", "%02x" % rng.randrange(256)])
            ops.append(("symlink", target(rng, out), os.path.join(out, name)))
        elif what < 0.45:
            name = rng.choice(RUN_FILES)
            ops.append(("symlink", target(rng, out), os.path.join(out, name)))
        elif what < 0.6:
            name = rng.choice(["manifest.csv", "manifest-0-of-2.csv", "manifest-1-of-2.csv"])
            ops.append(("write", os.path.join(out, name), manifest_text(header, rng, ids)))
            ops.append(("symlink", VICTIM, os.path.join(out, rng.choice(["ab", "lnk", "00"]))))
        elif what < 0.75:
            state = os.path.join(out, rng.choice(STATE_NAMES))
            ops.append(("mkdir", state))
            ops.append(("write", os.path.join(state, "key"),
                        rng.choice([b"", b"0" * 64, os.urandom(8)])))
            ops.append(("write", os.path.join(state, "chunk-%08d.csv" % rng.randrange(2)),
                        manifest_text(header, rng, ids)))
            if rng.random() < 0.5:
                ops.append(("symlink", os.path.join(VICTIM, "lock"), os.path.join(state, "lock")))
            ops.append(("symlink", VICTIM, os.path.join(out, "ab")))
        elif what < 0.85:
            sub = os.path.join(out, "%02x" % rng.randrange(256))
            ops.append(("mkdir", sub))
            for i in range(rng.randrange(1, 4)):
                ops.append(("symlink", target(rng, out),
                            os.path.join(sub, "%s.pdf" % rng.choice(ids))))
        elif what < 0.93:
            # move an entry of an earlier run aside and put a link in its place (the draws do
            # not depend on what the directory holds)
            pick, link = rng.randrange(1 << 30), target(rng, out)
            entries = sorted(os.listdir(out))
            if entries:
                name = entries[pick % len(entries)]
                ops.append(("rename", os.path.join(out, name), os.path.join(out, "moved-" + name)))
                ops.append(("symlink", link, os.path.join(out, name)))
        else:
            name = rng.choice(RUN_FILES + STATE_NAMES + ["00", "ab"])
            ops.append(("write", os.path.join(out, name), os.urandom(rng.randrange(64))))
    as_attacker(ops)
    return ops


def short(value):
    """A path relative to the work directory, or the start of planted bytes."""
    if isinstance(value, bytes):
        return repr(value[:16])
    return os.path.relpath(value, WORK) if value.startswith(WORK) else value


def run(cmd):
    try:
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)
    except subprocess.TimeoutExpired:
        return None, "still running after 60 s"
    return p.returncode, p.stderr.decode("utf-8", "replace")


def main():
    rng = random.Random(SEED)
    os.makedirs(WORK, exist_ok=True)
    os.chmod(WORK, 0o711)  # nobody reaches the output directories, not the victim
    make_victim()
    lists = os.path.join(WORK, "lists")
    os.makedirs(lists, exist_ok=True)
    os.chmod(lists, 0o755)
    # a real manifest's header, so that planted manifests read as ours
    ref_list = os.path.join(lists, "ref.csv")
    make_list(ref_list, 3, random.Random(0))
    rc, err = run([BIN, "render", INCIDENT, "--recipients", ref_list, "-o",
                   os.path.join(WORK, "ref"), "-q"])
    if rc not in (0, 1):
        print("random_folders: the reference run failed (%s): %s" % (rc, err[:400]))
        return 1
    with open(os.path.join(WORK, "ref", "manifest.csv"), encoding="utf-8") as f:
        header = f.readline().strip().split(",")

    failures = steps = 0
    before = victim_state()
    for it in range(ITERATIONS):
        base = os.path.join(WORK, "i%02d" % it)
        out = os.path.join(base, "out")
        os.makedirs(out)
        os.chmod(base, 0o711)
        mode = rng.choice([0o1777, 0o1777, 0o777, 0o777, 0o755])
        foreign = rng.random() < 0.2 and ROOT  # the same draws whoever runs the case
        os.chmod(out, 0o777 if foreign else mode)
        if foreign:
            os.chown(out, NOBODY, NOBODY)
        lst = os.path.join(lists, "l%02d.csv" % it)
        ids = make_list(lst, rng.randrange(3, 31), rng)
        planted = plant(rng, out, header, ids) if mode != 0o755 or foreign else []
        opts = []
        for _ in range(rng.randrange(2, 5)):
            kind = rng.choice(["render", "render", "resume", "only", "shards"])
            if kind == "render" or not opts:
                if rng.random() < 0.5:
                    opts = ["--book=%d" % rng.randrange(2, 9)] + (
                        ["--simplex"] if rng.random() < 0.3 else [])
                else:
                    opts = ["--files-per-dir", str(rng.choice([2, 5, 1000]))]
                opts += ["--jobs", str(rng.choice([1, 2]))]
                if rng.random() < 0.5 and foreign:
                    opts.append("--allow-shared-output")
            base_cmd = [BIN, "render", INCIDENT, "--recipients", lst, "-o", out, "-q"] + opts
            if kind == "shards":
                cmds = [base_cmd + ["--shard", "%d/2" % k] for k in (0, 1)]
                cmds.append([BIN, "manifest", "merge", INCIDENT, "--recipients", lst, "-o",
                             os.path.join(base, "merged.csv"),
                             os.path.join(out, "manifest-0-of-2.csv"),
                             os.path.join(out, "manifest-1-of-2.csv")])
            elif kind == "resume":
                cmds = [base_cmd + ["--resume"]]
            elif kind == "only":
                cmds = [base_cmd + ["--only", rng.choice(ids + ["NOBODY"])]]
            else:
                cmds = [base_cmd]
            for cmd in cmds:
                steps += 1
                rc, err = run(cmd)
                after = victim_state()
                problems = []
                if rc is None or rc < 0 or rc >= 128:
                    problems.append("crashed or hung (exit status %s)" % rc)
                if "AddressSanitizer" in err or "runtime error:" in err:
                    problems.append("sanitizer report: %s" % err[:300])
                if after != before:
                    problems.append("the victim changed: %s" % describe_change(before, after))
                if problems:
                    failures += 1
                    print("iteration %d (seed %d), output directory mode %o%s\n  command: %s\n"
                          "  last planted: %s\n  -> %s" % (
                              it, SEED, mode, " owned by nobody" if foreign else "",
                              " ".join(short(c) for c in cmd[1:]),
                              "; ".join(" ".join(short(x) for x in op) for op in planted)[:600],
                              "; ".join(problems)))
                    if after != before:
                        make_victim()
                        before = victim_state()
            if rng.random() < 0.5 and (mode != 0o755 or foreign):
                planted = plant(rng, out, header, ids)
    print("random_folders: %d of %d commands broke the property (seed %d, %d iterations)" % (
        failures, steps, SEED, ITERATIONS))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

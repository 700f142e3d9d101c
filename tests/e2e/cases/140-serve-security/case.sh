# serve: the workbench's guards. Without the printed token every request is refused; a change
# needs the form's CSRF token and the workbench's own Origin, on every POST route the source's
# route tables list; every response carries the Content-Security-Policy and its companions; no
# name leads out of the workspace (.., absolute names, NUL in the address or a form, a planted
# symbolic link) or starts a part with '-'; uploads over their limit get 413, and so does a
# download; drafts left by a killed server are swept at start, however deep, but not a young
# one; the log holds neither the token nor a query; SIGTERM stops it cleanly.
python3 "$CASE/security.py" || fail "the workbench's guards (see above)"

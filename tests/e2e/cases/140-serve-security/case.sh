# serve: the workbench's guards. Without the printed token every request is refused; a change
# needs the form's CSRF token and the workbench's own Origin; every response carries the
# Content-Security-Policy and its companions; no name leads out of the workspace (.., absolute
# names, NUL, a planted symbolic link); uploads over their limit get 413; the log holds neither
# the token nor a query; SIGTERM stops it cleanly.
python3 "$CASE/security.py" || fail "the workbench's guards (see above)"

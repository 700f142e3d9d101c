# serve: the editor's live preview. A draft of the editor's unsaved fields (POST /preview/draft)
# is refused without the forms' token; with it, every page of the letter is drawn from the
# fields without writing the incident file, and a changed fact changes the pictures; a missing
# fact is listed with a link to its field. The language chosen (es) and a person of a list give
# the same pages as `breachletter preview --language es` and `--recipients --recipient`; the
# findings beside the preview name each deadline of the list's states with the law's link.
# A person is chosen by a POST (the GET routes refuse an id); the cache of drawings tells apart
# two folders holding the same incident, and a changed catalog; a list over 2 MiB is not chosen
# by default.
export BREACHLETTER_TODAY=2026-11-24
python3 "$CASE/live.py" || fail "the editor's live preview (see above)"

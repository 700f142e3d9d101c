# serve: previews are drawn in a thread of their own. While a drawing waits (on a logo that is a
# named pipe nobody has written yet), the server still answers its other pages; once the logo
# comes, the draft that waited is answered with its pages. A large list chosen for the preview
# is read by the first drawing only: the redraws after it say they used what it read and show
# the same findings, a changed list is read again (its new row counted), and a category taken
# out of the incident (which changes how the list is read) reads it again too. What libxml2 says
# of a list drawn in the worker thread (bytes of a name it cannot read) is not logged. A server stopped
# while a drawing waits for ever stops all the same, after a few seconds, and leaves none of the
# drawing's files.
export BREACHLETTER_TODAY=2026-11-24
python3 "$CASE/thread.py" || fail "previews drawn in a thread, large lists read once (see above)"

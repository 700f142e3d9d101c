# serve: a mass run from the browser. render is started on the medusind list as a process of its
# own; /run/status gives its progress (render --progress-fd's numbers) until it ends, and the
# page then shows the manifest's counts and links; the output is the command line's: the same
# manifest rows and errors file, letters of the same hashes. A second run is refused while one
# runs; a run over a longer list, held (SIGSTOP to render's process group) so it cannot end
# first, is stopped (SIGTERM), leaves a run that --resume finishes, and the page's resume
# finishes it. Output folders outside the workspace or through a link are refused, and so is a
# folder of inputs; an incident named like an option (--data-dir=q.xml) runs as a file. A run
# whose render is killed while its pipes are held open ends failed; a run that fails before it
# starts offers no resume. The waits follow the status, bounded by a limit, never a fixed sleep.
export BREACHLETTER_TODAY=2026-11-24
python3 "$CASE/run.py" || fail "a mass run from the browser (see above)"

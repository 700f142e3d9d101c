#!/usr/bin/env bash
# Takes the workbench's screenshots in docs/img/serve-*.png with Debian's chromium, headless:
# the workspace, the editor on the Medusind example, a new incident, and a draft saved with
# facts missing (its problems beside their fields), and the sign-off page of the Medusind list.
# Usage: docs/img/serve-screens.sh BREACHLETTER   (from the source tree's root)
set -euo pipefail
BIN=$(realpath "$1")
IMG=$(realpath docs/img)
T=$(mktemp -d "${TMPDIR:-/tmp}/bl-screens.XXXXXX")
cp -r examples/medusind-2023 "$T/medusind-2023"
"$BIN" serve "$T" >"$T/url" 2>"$T/log" &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$T"' EXIT
read -r URL < <(tail -f "$T/url" | head -n 1)
BASE=${URL%%/\?*}
TOKEN=${URL##*token=}
shot() { # NAME PATH HEIGHT
    local sep='?'
    [[ $2 == *\?* ]] && sep='&'
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,"$3" \
        --screenshot="$IMG/serve-$1.png" "$BASE$2${sep}token=$TOKEN" >/dev/null 2>&1
}
# a draft with its address and discovery date left out, saved through the form
curl -s -c "$T/jar" -o /dev/null "$URL"
CSRF=$(curl -s -b "$T/jar" "$BASE/new" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -b "$T/jar" -o /dev/null -H "Origin: $BASE" "$BASE/save" \
    --data-urlencode "csrf=$CSRF" --data-urlencode "file=draft.xml" \
    --data-urlencode "incident.id=acme-2026" --data-urlencode "incident.template=us-notice" \
    --data-urlencode "org.name=Acme Dental Group" --data-urlencode "org.address.city=Springfield" \
    --data-urlencode "org.phone=1-800-555-0100" --data-urlencode "org.signatory.name=Pat Doe" \
    --data-urlencode "incident.occurred_from=2026-01-02" --data-urlencode "incident.notice=2026-02-01" \
    --data-urlencode "incident.vector=theft" --data-urlencode "incident.access=not-confirmed" \
    --data-urlencode "incident.narrative=A laptop was stolen from a locked office." \
    --data-urlencode "incident.categories=ssn" \
    --data-urlencode "incident.actions=We reported the theft to the police." \
    --data-urlencode "monitoring.none=true"
shot home / 1000
shot editor "/edit?file=medusind-2023%2Fincident.xml" 1600
shot new /new 1000
shot problems "/edit?file=draft.xml&saved=1" 1300
shot signoff "/signoff?file=medusind-2023%2Fincident.xml&list=medusind-2023%2Frecipients.csv" 1800

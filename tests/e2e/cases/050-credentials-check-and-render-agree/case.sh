# check and render agree on credential rules. California and Illinois permit an electronic
# password-change notice for credentials alone (Cal. Civ. Code 1798.82(d)(4), 815 ILCS 530/10):
# their letters need no password wording, and a deceased Californian whose only exposure was a
# Social Security number is no finding (check once called it a California error counting every
# Californian and exited 5, while render made the letter). Colorado requires the direction
# (C.R.S. 6-1-716(2)(c)): a template without it is an error for exactly the Colorado residents
# with credentials, and render refuses exactly those letters.
export BREACHLETTER_TODAY=2026-11-24
bl check "$CASE/incident.xml" --recipients "$CASE/recipients.csv"
expect_rc 0
stdout_has "No finding stops the letters."
stdout_has "ALSO PERMITTED"
stdout_has "[ca-credentials-electronic] Cal. Civ. Code 1798.82(d)(4), (5)"
stdout_has "CA 2 residents: when the only personal information exposed is a user name"
bl render "$CASE/incident.xml" --recipients "$CASE/recipients.csv" -o "$OUT/letters" --quiet
expect_rc 0
for id in CA-1 CA-2 CA-3 CO-1 CO-2 CO-3 IL-1; do
    expect_eq "$(manifest_field "$OUT/letters" $id status)" "ok" "$id"
done
pdf_has "$OUT/letters/CO-1.pdf" "Change the password and the security questions and answers"
pdf_lacks "$OUT/letters/CA-3.pdf" "Change your password" "Protect your online accounts"
# the template without Colorado's direction to change the password and security questions
mkdir -p "$OUT/data/templates"
cp -r templates/. "$OUT/data/templates/"
cp -r fonts "$OUT/data/"
python3 - "$OUT/data/templates/us-notice/inserts/co.xml" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s, n = re.subn(r'<if category="credentials[^"]*">.*?</if>', '', s, count=1, flags=re.S)
assert n == 1
open(p, "w", encoding="utf-8").write(s)
PY
bl check "$CASE/incident.xml" --recipients "$CASE/recipients.csv" --data-dir "$OUT/data" --json
expect_rc 5
cp "$OUT/stdout" "$OUT/check.json"
bl render "$CASE/incident.xml" --recipients "$CASE/recipients.csv" --data-dir "$OUT/data" \
    -o "$OUT/refused" --quiet
expect_rc 5
python3 - "$OUT/check.json" "$OUT/refused/manifest.csv" <<'PY' || fail "check and render disagree"
import csv, json, sys
r = json.load(open(sys.argv[1]))
errors = [f for f in r["findings"] if f["severity"] == "error"]
rules = sorted((f["jurisdiction"], f["rule"], f["recipients"]) for f in errors)
refused = sorted(row["id"] for row in csv.DictReader(open(sys.argv[2], newline="", encoding="utf-8"))
                 if row["status"] == "refused")
bad = []
if rules != [("CO", "co-credentials", 2)]:
    bad.append(f"errors {rules}, expected CO co-credentials for 2 recipients")
if refused != ["CO-1", "CO-2"]:
    bad.append(f"refused {refused}, expected CO-1 and CO-2")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY

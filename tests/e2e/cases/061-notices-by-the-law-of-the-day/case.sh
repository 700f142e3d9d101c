# A state's notices are those of its law as it stood when the breach was discovered. The retailer
# of examples/tamarack-2025, with ten North Carolina customers whose card numbers were taken:
# N.C. Gen. Stat. 75-65 as amended by S.L. 2009-355 (SB 1017, in force 2009-10-01) has the
# Consumer Protection Division of the Attorney General told of every breach notified to
# residents; before it, "notification to the state attorney general was only necessary if the
# breach affected more than 1,000 state residents". Discovered in 2008, check owes the Attorney
# General nothing for ten; discovered on 2009-10-01, it owes the notice and names the act.
export BREACHLETTER_TODAY=2026-11-24
EX=examples/tamarack-2025
python3 - "$EX/incident.xml" "$OUT" <<'PY'
import re, sys
src = open(sys.argv[1], encoding="utf-8").read()
# the incident's own counts by state would count for the thresholds: the list counts here
src = re.sub(r"<affected total=\"[0-9]+\">.*?</affected>", "", src, flags=re.S)
for name, (occ, disc, det, notice) in {
        "2008": ("2008-04-20", "2008-05-01", "2008-05-05", "2008-05-20"),
        "2009": ("2009-09-20", "2009-10-01", "2009-10-05", "2009-10-20")}.items():
    out = re.sub(r'<occurred from="[0-9-]+" to="[0-9-]+"/>', f'<occurred from="{occ}" to="{occ}"/>', src)
    out = re.sub(r"<discovered>[0-9-]+</discovered>", f"<discovered>{disc}</discovered>", out)
    out = re.sub(r"<contained>[0-9-]+</contained>", f"<contained>{disc}</contained>", out)
    out = re.sub(r"<determined>[0-9-]+</determined>", f"<determined>{det}</determined>", out)
    out = re.sub(r"<notice>[0-9-]+</notice>", f"<notice>{notice}</notice>", out)
    open(f"{sys.argv[2]}/incident-{name}.xml", "w", encoding="utf-8").write(out)
PY
{
    head -1 "$EX/recipients.csv"
    for i in 1 2 3 4 5 6 7 8 9 10; do
        echo "NC-$i,Mr.,Marcus,,Bell,,,$i Hanover Square,,Raleigh,NC,27601,,,contact;payment-card,en,adult"
    done
} >"$OUT/nc.csv"
# the incidents, in a folder of their own
mkdir -p "$OUT/ex" && mv "$OUT"/incident-2008.xml "$OUT"/incident-2009.xml "$OUT/ex/"

bl check "$OUT/ex/incident-2008.xml" --recipients "$OUT/nc.csv" --json
expect_rc 0
python3 - "$OUT/stdout" 2008 <<'PY' || fail "North Carolina's notice to the Attorney General in 2008"
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
report = json.loads(text[text.index("{"):])
nc = [n for n in report["notices"] if n["jurisdiction"] == "NC" and n["to"] == "attorney-general"]
assert len(nc) == 1, nc
assert not nc[0]["triggered"], nc
assert nc[0]["threshold"] == 1001, nc
PY
bl check "$OUT/ex/incident-2009.xml" --recipients "$OUT/nc.csv" --json
expect_rc 0
python3 - "$OUT/stdout" <<'PY' || fail "North Carolina's notice to the Attorney General from 2009-10-01"
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
report = json.loads(text[text.index("{"):])
nc = [n for n in report["notices"] if n["jurisdiction"] == "NC" and n["to"] == "attorney-general"]
assert len(nc) == 1 and nc[0]["triggered"] and nc[0]["threshold"] == 1, nc
PY
bl check "$OUT/ex/incident-2009.xml" --recipients "$OUT/nc.csv"
expect_rc 0
stdout_has "N.C. Gen. Stat. 75-65 (S.L. 2009-355, SB 1017)"

# The Medusind letters in Spanish: every recipient of the example (adults and minors of every
# state with an insert) and a deceased person's estate, with language "es". Every letter is
# made and passes the checks (the rules' phrases in Spanish); read back, it has the California
# model form's headings in Spanish, in order, Spanish dates and page numbers, and not one of
# the template's English phrases (names, addresses and the product's name are the incident's).
export BREACHLETTER_TODAY=2025-01-06
EX=examples/medusind-2023
python3 - "$EX/recipients.csv" "$OUT/es.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
lang, kind, ident = rows[0].index("Language"), rows[0].index("Letter Type"), rows[0].index("Patient ID")
dead = list(rows[1]); dead[ident] = "MDS-DECEASED"; dead[kind] = "deceased"
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(rows[0])
    for r in rows[1:] + [dead]:
        r[lang] = "es"
        w.writerow(r)
PY
bl render $EX/incident.xml --recipients "$OUT/es.csv" -o "$OUT/l" --quiet
expect_rc 0
expect_eq "$(grep -c ',ok,' "$OUT/l/manifest.csv")" "33" "Spanish letters made"
bl strings $EX/incident.xml
cp "$OUT/stdout" "$OUT/messages.pot"
expect_rc 0
python3 "$SRC/tests/e2e/language_check.py" "$OUT/messages.pot" "$OUT"/l/*.pdf ||
    fail "English text in a Spanish letter"
# the check is honest: it finds the English of an English letter
bl render $EX/incident.xml --recipients $EX/recipients.csv --only MDS-000131 -o "$OUT/en" --quiet
python3 "$SRC/tests/e2e/language_check.py" "$OUT/messages.pot" "$OUT/en/MDS-000131.pdf" \
    >/dev/null && fail "the English letter passed as Spanish"
for id in MDS-000131 MDS-000137 MDS-DECEASED; do
    pdf_in_order "$OUT/l/$id.pdf" "Aviso de violación de datos" "Qué sucedió" \
        "Qué información estuvo involucrada" "Qué estamos haciendo" "Qué puede hacer usted" \
        "Para obtener más información" "Medidas que puede tomar para proteger su información"
    pdf_page_has "$OUT/l/$id.pdf" 1 "6 de enero de 2025" "a más tardar el 7 de abril de 2025" \
        "Página 1 de"
done
pdf_has "$OUT/l/MDS-000131.pdf" "Estimado(a) José Núñez:" "Atentamente," \
    "le ofrecemos 24 meses de Identity Monitoring de Kroll" "Comisión Federal de Comercio" \
    "www.identitytheft.gov/es" "Oficina para la Protección Financiera del Consumidor"
pdf_has "$OUT/l/MDS-000137.pdf" "Estimado padre, madre o tutor de Mateo Núñez:" \
    "parte de la información personal de su hijo o hija."
pdf_has "$OUT/l/MDS-DECEASED.pdf" "A la familia o sucesión de Zoë O'Connor:" \
    "Lamentamos su pérdida."
# the Rhode Island insert's count, in its plural form
ri=$(python3 -c 'import csv,sys; print([r["Patient ID"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")) if r["ST"] == "RI" and r["Letter Type"] in ("adult", "")][0])' "$OUT/es.csv")
pdf_has "$OUT/l/$ri.pdf" "Para los residentes de Rhode Island" \
    "En total, 360,934 personas resultaron afectadas por este incidente."
expect_eq "$(pdf_meta "$OUT/l/MDS-000131.pdf" Title)" "Aviso de violación de datos" "the PDF title"

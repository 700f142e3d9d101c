#!/usr/bin/env python3
"""Writes the inputs of the case into OUT: list.csv (the Medusind list with rejected rows, a
foreign address, ZIP+4 codes and delivery points), incident.xml (the Medusind incident with a
<mailing>) and incident-bad-mailer.xml (a 6-digit mailer id starting with 9).

    python3 inputs.py EXAMPLE_DIR OUT
"""
import csv
import os
import sys

example, out = sys.argv[1], sys.argv[2]

with open(os.path.join(example, "recipients.csv"), newline="", encoding="utf-8-sig") as f:
    rows = list(csv.reader(f))
header, rows = rows[0] + ["country", "delivery_point"], [r + ["", ""] for r in rows[1:]]
col = {name: i for i, name in enumerate(header)}
assert len(rows) == 32, len(rows)


def row(rid, first, last, street, city, state, postal, country="", dp=""):
    r = [""] * len(header)
    for name, value in (("Patient ID", rid), ("First Name", first), ("Last Name", last),
                        ("Street", street), ("City", city), ("ST", state), ("ZIP", postal),
                        ("country", country), ("delivery_point", dp),
                        ("Data Elements", "contact;health-insurance"), ("Language", "en"),
                        ("Letter Type", "adult"), ("Practice ID", "harrowmere-im")):
        r[col[name]] = value
    return r


def edit(rid, **values):
    for r in rows:
        if r[col["Patient ID"]] == rid:
            for name, value in values.items():
                r[col[name]] = value
            return
    raise KeyError(rid)


# MDS-000123 already has a ZIP+4 (02118-2304) and no delivery point
edit("MDS-000142", ZIP="11222-1234", delivery_point="05")
edit("MDS-000262", ZIP="02143-4021", delivery_point="99")
edit("MDS-000417", ZIP="00911-2301", delivery_point="00")
edit("MDS-000381", ZIP="32803-1150")
edit("MDS-000164", country="US")  # an explicit US is a US address: it gets a barcode
# Rejected rows (they keep their place in the barcode serials) and a letter to Canada.
rows.insert(0, row("BAD-1", "Una", "Known", "1 Nowhere Road", "Nowhere", "XX", "12345"))
rows.insert(13, row("BAD-2", "Dee", "Point", "2 Pier Road", "Boston", "MA", "02118", dp="07"))
rows.insert(22, row("FOR-1", "Claire", "Tremblay", "123 Rue Sherbrooke", "Montréal", "QC",
                    "H2X 1X8", country="CA"))
rows.insert(29, row("BAD-3", "Ola", "Nord", "3 Fjord Street", "Oslo", "ZZ", "54321"))

with open(os.path.join(out, "list.csv"), "w", newline="", encoding="utf-8") as f:
    csv.writer(f).writerows([header] + rows)

with open(os.path.join(example, "incident.xml"), encoding="utf-8") as f:
    incident = f.read()
marker = "  <affected "
assert incident.count(marker) == 1
for name, mailing in (
        ("incident.xml", '<mailing mailer-id="123456" service-type="040" serial-start="1000"/>'),
        ("incident-bad-mailer.xml", '<mailing mailer-id="912345" service-type="040"/>')):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write(incident.replace(marker, "  " + mailing + "\n" + marker))

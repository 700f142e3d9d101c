"""What the case knows about its inputs, read from the incident and the list themselves: the
records in list order with their fields, the address lines the template prints, and the
barcode's tracking and routing codes."""
import csv
import xml.etree.ElementTree as ET

FIELDS = ("id", "title", "first_name", "middle_name", "last_name", "suffix", "addressee",
          "address1", "address2", "city", "state", "postal_code", "country", "jurisdiction",
          "categories", "enrolment_code", "language", "variant", "entity", "delivery_point")
COUNTRY_NAMES = {"CA": "CANADA"}  # the foreign addresses the case's list uses


class Incident:
    def __init__(self, path):
        root = ET.parse(path).getroot()
        org = root.find("organisation")
        addr = org.find("address")
        streets = [s.text.strip() for s in addr.findall("street")]
        self.return_lines = [org.findtext("name").strip()] + streets + [
            "%s, %s %s" % (addr.findtext("city").strip(), addr.findtext("state").strip(),
                           addr.findtext("postal-code").strip())]
        self.columns = {f: f for f in FIELDS}
        for c in root.iter("column"):
            self.columns[c.get("field")] = c.get("name")
        m = root.find("mailing")
        self.mailing = None if m is None else {
            "mailer_id": m.get("mailer-id"), "service_type": m.get("service-type"),
            "barcode_id": m.get("barcode-id", "00"),
            "serial_start": int(m.get("serial-start", "0"))}


class Record:
    def __init__(self, index, values):
        self.index = index  # 0-based place in the list, rejected records included
        self.f = values

    @property
    def id(self):
        return self.f["id"]

    @property
    def full_name(self):
        return " ".join(self.f[k] for k in ("first_name", "middle_name", "last_name", "suffix")
                        if self.f[k])

    def address_lines(self):
        """The lines of templates/us-notice/letter.xml's <address> for this record."""
        f, name = self.f, self.full_name
        # a line break in the addressee is printed as a comma (docs/recipient-format.md)
        addressee = [", ".join(x.strip() for x in f["addressee"].split("\n") if x.strip())] \
            if f["addressee"] else []
        if f["variant"] == "minor":
            lines = addressee + ["Parent or Guardian of " + name] if addressee else [
                "To the Parent or Guardian of " + name]
        elif f["variant"] == "deceased":
            lines = addressee + ["On behalf of the Estate of " + name] if addressee else [
                "To the Estate of " + name]
        else:
            lines = [name]
        lines += [f["address1"]] + ([f["address2"]] if f["address2"] else [])
        if self.foreign:
            lines.append(" ".join(x for x in (f["city"], f["state"], f["postal_code"]) if x))
            lines.append(COUNTRY_NAMES[f["country"]])
        else:
            lines.append("%s, %s %s" % (f["city"], f["state"], f["postal_code"]))
        return lines

    @property
    def foreign(self):
        return self.f["country"] not in ("", "US")

    def barcode_codes(self, incident):
        """(tracking, routing) of the record's barcode, or None when it gets none."""
        m = incident.mailing
        if m is None or self.foreign:
            return None
        width = 20 - 2 - 3 - len(m["mailer_id"])
        serial = (m["serial_start"] + self.index) % 10 ** width
        tracking = "%s%s%s%0*d" % (m["barcode_id"], m["service_type"], m["mailer_id"], width,
                                   serial)
        postal = self.f["postal_code"]
        routing = postal[:5]
        if len(postal) == 10 and postal[5] == "-":
            routing += postal[6:] + self.f["delivery_point"]
        return tracking, routing


def records(list_path, incident):
    with open(list_path, newline="", encoding="utf-8-sig") as f:
        rows = [r for r in csv.reader(f) if any(c.strip() for c in r)]
    header = [h.strip().lower() for h in rows[0]]
    out = []
    for i, r in enumerate(rows[1:]):
        values = {}
        for field in FIELDS:
            name = incident.columns[field].strip().lower()
            values[field] = r[header.index(name)].strip() if name in header else ""
        out.append(Record(i, values))
    return out


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))

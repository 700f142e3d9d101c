#!/usr/bin/env python3
"""An Intelligent Mail barcode encoder written from USPS-B-3200 alone (no libzint), so that the
bars the program draws can be checked against an independent reading of the specification.

    python3 imb.py TRACKING [ROUTING]   prints the 65 bars as letters F, A, D, T
    python3 imb.py --self-test          checks the encoder against the specification's examples

F = full bar, A = ascender, D = descender, T = tracker only.
"""
import sys

# Specification, Table 22 ("Bar to Character Mapping"): bar n (1 to 65) takes its descender from
# one bit of one character and its ascender from one bit of another. Characters A to J, bits 0
# (least significant) to 12. Each entry: "<descender char><bit> <ascender char><bit>".
BAR_TABLE = " ".join([
    "H2 E3  B10 A0  J12 C8  F5 G11  I9 D1",
    "A1 F12  C5 B8  E4 J11  G3 I10  D9 H6",
    "F11 B4  I5 C12  J10 A2  H1 G7  D6 E9",
    "A3 I6  G4 C7  B1 J9  H10 F2  E0 D8",
    "G2 A4  I11 B0  J8 D12  C6 H7  F1 E10",
    "B12 G9  H3 I0  F8 J7  E6 C10  D4 A5",
    "I4 F7  H11 B9  G0 J6  A6 E8  C1 D2",
    "F9 I12  E11 G1  J5 H4  D3 B2  A7 C0",
    "B3 E1  G10 D5  I7 J4  C11 F6  A8 H12",
    "E2 I1  F10 D0  J3 A9  G5 C4  H8 B7",
    "F0 E5  C3 A10  G12 J2  D11 B6  I8 H9",
    "F4 A11  B5 C2  J1 E12  I3 G6  H0 D7",
    "E7 H5  A12 B11  C9 J0  G8 F3  D10 I2",
]).split()


def _bar_map():
    bars = []
    for i in range(0, len(BAR_TABLE), 2):
        d, a = BAR_TABLE[i], BAR_TABLE[i + 1]
        bars.append(((ord(d[0]) - ord("A"), int(d[1:])), (ord(a[0]) - ord("A"), int(a[1:]))))
    assert len(bars) == 65
    # every one of the 10 x 13 character bits drives exactly one half-bar
    assert len({x for pair in bars for x in pair}) == 130
    return bars


BARS = _bar_map()


def _nof13_table(n, length):
    """Appendix C, InitializeNof13Table: the 13-bit characters with n bits set, a character and
    its bit reversal side by side from the start, palindromes from the end."""
    table = [0] * length
    lower, upper = 0, length - 1
    for count in range(8192):
        if bin(count).count("1") != n:
            continue
        reverse = int(format(count, "013b")[::-1], 2)
        if reverse < count:
            continue
        if reverse == count:
            table[upper] = count
            upper -= 1
        else:
            table[lower] = count
            table[lower + 1] = reverse
            lower += 2
    assert lower == upper + 1, (n, lower, upper)
    return table


TABLE_5OF13 = _nof13_table(5, 1287)
TABLE_2OF13 = _nof13_table(2, 78)


def crc11(value):
    """Appendix C, the 11-bit frame check sequence over the 102-bit binary value held in 13 bytes,
    generator polynomial 0xF35, initial value 0x7FF; the first byte's 2 top bits are skipped."""
    data = value.to_bytes(13, "big")
    poly, fcs = 0x0F35, 0x07FF
    first = data[0] << 5
    for _ in range(2, 8):
        fcs = ((fcs << 1) ^ poly if (fcs ^ first) & 0x400 else fcs << 1) & 0x7FF
        first <<= 1
    for byte in data[1:]:
        d = byte << 3
        for _ in range(8):
            fcs = ((fcs << 1) ^ poly if (fcs ^ d) & 0x400 else fcs << 1) & 0x7FF
            d <<= 1
    return fcs


def binary_value(tracking, routing):
    """Section 2.2.1: routing code and tracking code to one integer."""
    if len(tracking) != 20 or not tracking.isdigit() or tracking[1] not in "01234":
        raise ValueError("tracking code must be 20 digits, the second 0-4")
    if len(routing) not in (0, 5, 9, 11) or (routing and not routing.isdigit()):
        raise ValueError("routing code must be 0, 5, 9 or 11 digits")
    value = {0: 0, 5: int(routing or 0) + 1, 9: int(routing or 0) + 100000 + 1,
             11: int(routing or 0) + 1000000000 + 100000 + 1}[len(routing)]
    value = value * 10 + int(tracking[0])
    value = value * 5 + int(tracking[1])
    for digit in tracking[2:]:
        value = value * 10 + int(digit)
    return value


def encode(tracking, routing=""):
    value = binary_value(tracking, routing)
    fcs = crc11(value)
    # 2.2.3: codewords J (base 636) then I..B (base 1365), A the rest (0 to 658)
    codewords = [0] * 10
    codewords[9] = value % 636
    value //= 636
    for i in range(8, 0, -1):
        codewords[i] = value % 1365
        value //= 1365
    codewords[0] = value
    assert 0 <= codewords[0] <= 658
    # 2.2.4: orientation in J, the FCS's top bit in A
    codewords[9] *= 2
    if fcs & 0x400:
        codewords[0] += 659
    # 2.2.5: codewords to characters
    chars = [TABLE_5OF13[c] if c < 1287 else TABLE_2OF13[c - 1287] for c in codewords]
    # 2.2.6: the FCS's other 10 bits invert characters A..J
    for i in range(10):
        if fcs & (1 << i):
            chars[i] = ~chars[i] & 0x1FFF
    # 2.2.7: characters to bars
    out = []
    for (dc, db), (ac, ab) in BARS:
        desc = (chars[dc] >> db) & 1
        asc = (chars[ac] >> ab) & 1
        out.append("F" if desc and asc else "A" if asc else "D" if desc else "T")
    return "".join(out)


# USPS-B-3200 Appendix B: the published examples.
SPEC_EXAMPLES = [
    ("01234567094987654321", "",
     "ATTFATTDTTADTAATTDTDTATTDAFDDFADFDFTFFFFFTATFAAAATDFFTDAADFTFDTDT"),
    ("01234567094987654321", "01234",
     "DTTAFADDTTFTDTFTFDTDDADADAFADFATDDFTAAAFDTTADFAAATDFDTDFADDDTDFFT"),
    ("01234567094987654321", "012345678",
     "ADFTTAFDTTTTFATTADTAAATFTFTATDAAAFDDADATATDTDTTDFDTDATADADTDFFTFA"),
    ("01234567094987654321", "01234567891",
     "AADTFFDFTDADTAADAATFDTDDAAADDTDTTDAFADADDDTFFFDDTTTADFAAADFTDAADA"),
]


def self_test():
    bad = 0
    for tracking, routing, want in SPEC_EXAMPLES:
        got = encode(tracking, routing)
        if got != want:
            print("imb.py: %s routing '%s':\n  got  %s\n  want %s" % (tracking, routing, got, want),
                  file=sys.stderr)
            bad += 1
    return bad


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(1 if self_test() else 0)
    print(encode(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else ""))

#!/usr/bin/env python3
"""Make NotoSansSC-GB2312.otf, the CJK font the desktop app bundles, and OFL.txt beside it.

Source: Noto Sans CJK SC Regular, face 2 ("Noto Sans CJK SC") of NotoSansCJK-Regular.ttc from
Debian's fonts-noto-cjk package (SIL Open Font License 1.1). Requires fonttools (pyftsubset).

The subset keeps every character of GB2312 (all valid two-byte codes decoded with Python's
gb2312 codec: 7,445 characters) plus ASCII, Latin-1, general punctuation, CJK symbols and
punctuation, full-width forms, arrows and the mathematical signs tables use (× ÷ ± ≤ ≥ ≠ ≈ …).
Hinting is dropped; only the default layout features are kept.

    python3 assets/fonts/make_subset.py [path/to/NotoSansCJK-Regular.ttc]
"""
import os
import subprocess
import sys

from fontTools.ttLib import TTCollection, TTFont

HERE = os.path.dirname(os.path.abspath(__file__))
TTC = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
OUT = os.path.join(HERE, "NotoSansSC-GB2312.otf")
COPYRIGHT = "/usr/share/doc/fonts-noto-cjk/copyright"


def gb2312_chars():
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def extra_ranges():
    ranges = [
        (0x20, 0x7E),  # ASCII
        (0xA0, 0xFF),  # Latin-1
        (0x2000, 0x206F),  # general punctuation (— … ‰ ′ ″ ‘ ’ “ ”)
        (0x2100, 0x214F),  # letterlike (℃ №)
        (0x2150, 0x218F),  # number forms (Ⅰ Ⅱ Ⅲ)
        (0x2190, 0x21FF),  # arrows
        (0x2460, 0x24FF),  # enclosed alphanumerics (① ②)
        (0x2500, 0x257F),  # box drawing
        (0x25A0, 0x25FF),  # geometric shapes (■ ▲ ●)
        (0x3000, 0x303F),  # CJK symbols and punctuation
        (0xFF00, 0xFFEF),  # half- and full-width forms
    ]
    chars = set()
    for lo, hi in ranges:
        chars.update(chr(c) for c in range(lo, hi + 1))
    chars.update("×÷±≤≥≠≈∑√∞∈∩∪")
    return chars


def sc_index(path):
    for i, font in enumerate(TTCollection(path).fonts):
        if font["name"].getDebugName(4) == "Noto Sans CJK SC":
            return i
    raise SystemExit("no Noto Sans CJK SC face in " + path)


def main():
    index = sc_index(TTC)
    text = "".join(sorted(gb2312_chars() | extra_ranges()))
    unicodes = ",".join("U+%04X" % ord(c) for c in text)
    subprocess.run(
        [
            "pyftsubset",
            TTC,
            "--font-number=%d" % index,
            "--unicodes=" + unicodes,
            "--no-hinting",
            "--desubroutinize",
            "--layout-features=kern,liga,locl,vert,halt,palt",
            "--name-IDs=*",
            "--output-file=" + OUT,
        ],
        check=True,
    )
    font = TTFont(OUT)
    notice = font["name"].getDebugName(0)
    print("%s: %d glyphs, %d bytes" % (OUT, len(font.getGlyphOrder()), os.path.getsize(OUT)))
    # The licence text, as Debian ships it in the package's copyright file.
    # The licence text, as Debian ships it in the package's copyright file: the indented
    # paragraph under the stanza "License: SIL-1.1" that has one.
    lines, inside = [], False
    for line in open(COPYRIGHT, encoding="utf-8"):
        if line.rstrip() == "License: SIL-1.1":
            inside, lines = True, []
        elif inside and line.startswith(" "):
            body = line[1:].rstrip("\n")
            lines.append("" if body == "." else body)
        elif inside:
            inside = False
            if lines:
                break
    with open(os.path.join(HERE, "OFL.txt"), "w", encoding="utf-8") as f:
        f.write(notice + "\n\n")
        f.write("NotoSansSC-GB2312.otf is a subset of Noto Sans CJK SC Regular (characters of GB2312,\n")
        f.write("Latin-1 and common punctuation; see make_subset.py). It is distributed under the\n")
        f.write("SIL Open Font License, Version 1.1, reproduced below.\n\n")
        f.write("\n".join(lines).strip() + "\n")


if __name__ == "__main__":
    main()

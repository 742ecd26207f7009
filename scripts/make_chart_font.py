#!/usr/bin/env python3
"""Make jianbao/fonts/JianbaoChartSans-Regular.otf, the font every chart is drawn with.

It is the Simplified Chinese face of Noto Sans CJK Regular 2.004 (the SC member of Debian's
fonts-noto-cjk NotoSansCJK-Regular.ttc, upstream github.com/googlefonts/noto-cjk), subset with
fontTools to all of GB 2312 plus Latin, punctuation and the signs a chart label may hold, and
renamed "Jianbao Chart Sans" (the SIL OFL forbids a Modified Version to use the Reserved Font
Name "Source"; "Noto" is Google's trademark; and a unique name means no installed font can ever
be picked in its place).

Same input, same output bytes: the input is checked against its SHA-256, head.created/modified
keep the upstream values (fontTools would stamp the current time), and nothing depends on set
order. The bytes can differ with another fontTools version, so the version used is recorded
(FONTTOOLS_VERSION) and the shipped font is a golden artefact of this script, committed to git.

    python scripts/make_chart_font.py            # rewrite the shipped font
    python scripts/make_chart_font.py --check    # exit 1 unless it would come out byte-identical
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "jianbao" / "fonts" / "JianbaoChartSans-Regular.otf"

UPSTREAM = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
UPSTREAM_SHA256 = "b76b0433203017ca80401b2ee0dd69350349871c4b19d504c34dbdd80541690a"
UPSTREAM_FACE = 2  # JP, KR, SC, TC, HK, then the Mono faces
UPSTREAM_FAMILY = "Noto Sans CJK SC"
UPSTREAM_VERSION = "Version 2.004;hotconv 1.0.118;makeotfexe 2.5.65603"
FONTTOOLS_VERSION = "4.68.0"

FAMILY = "Jianbao Chart Sans"
POSTSCRIPT = "JianbaoChartSans-Regular"

# Blocks taken whole, as far as the upstream face has them.
BLOCKS = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1: · ° ± × ÷ ² ³ ¥ …
    (0x2000, 0x206F),  # General Punctuation: — ‖ ‘ ’ “ ” … ‰ ‱ ※ …
    (0x2070, 0x209F),  # superscripts and subscripts
    (0x2100, 0x214F),  # letterlike: ℃ ℉ № ™ …
    (0x2150, 0x218F),  # number forms: ⅓ Ⅰ–Ⅻ ⅰ–ⅻ …
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators: − ≈ ≠ ≤ ≥ ∞ …
    (0x2460, 0x24FF),  # enclosed alphanumerics: ①–⑳ ⑴–⒇ ⒈–⒛ …
    (0x25A0, 0x25FF),  # geometric shapes: ■ □ ▲ △ ● ○ ◆ ◇ …
    (0x2600, 0x26FF),  # miscellaneous symbols: ★ ☆ …
    (0x2713, 0x2718),  # ✓ ✔ ✕ ✖ ✗ ✘
    (0x3000, 0x303F),  # CJK Symbols and Punctuation: 、。〇《》「」【】〔〕 …
    (0x3220, 0x3243),  # parenthesised ideographs ㈠–㈩ …
    (0x3280, 0x32B0),  # circled ideographs ㊀–㊉ …
    (0x3380, 0x33DF),  # unit squares: ㎎ ㎏ ㎜ ㎝ ㎞ ㎡ ㎥ ㏄ …
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFE50, 0xFE6F),  # small form variants: ﹪ …
    (0xFF01, 0xFF5E),  # full-width ASCII
    (0xFF5F, 0xFFEF),  # other half- and full-width forms: ￥ ￠ ￡ …
)
# What any chart label may well contain: the upstream face must have each of these.
REQUIRED = "％‰℃①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳×÷±≤≥·—…“”‘’、。，：；！？（）《》〇－～￥㎡"

# The horizontal features HarfBuzz applies unasked (matplotlib asks for none). Left out: 'locl'
# (its Japanese, Korean and Traditional forms would double the size; charts pin the language to
# zh-Hans, for which this face needs none), vertical and opt-in features.
LAYOUT_FEATURES = ["ccmp", "rvrn", "calt", "clig", "curs", "kern", "liga", "rclt", "rlig", "mark", "mkmk"]
# Vertical metrics: charts never set text vertically.
DROP_TABLES = ["VORG", "vhea", "vmtx"]


def gb2312() -> set[int]:
    """Every character of GB 2312 (6,763 hanzi and 682 other signs), read from Python's codec."""
    chars = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return chars


def wanted(cmap: set[int]) -> list[int]:
    """The code points to keep: GB 2312, REQUIRED, and what the upstream face has of BLOCKS."""
    chars = gb2312() | {ord(c) for c in REQUIRED}
    missing = sorted(c for c in chars if c not in cmap)
    if missing:
        raise SystemExit("upstream face lacks " + " ".join(f"U+{c:04X}" for c in missing))
    for first, last in BLOCKS:
        chars.update(c for c in range(first, last + 1) if c in cmap)
    return sorted(chars)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rename(font, version: str) -> None:
    """The renamed name table (copyright and licence kept, as the OFL asks) and CFF names.
    `version` is upstream's, e.g. "Version 2.004"."""
    name = font["name"]
    upstream = f"{UPSTREAM_FAMILY} {version.removeprefix('Version ')}"
    records = {
        1: FAMILY,
        2: "Regular",
        3: f"{version.removeprefix('Version ')};JIANBAO;{POSTSCRIPT}",
        4: f"{FAMILY} Regular",
        5: f"{version}; subset of {upstream}",
        6: POSTSCRIPT,
        10: (f"A subset of {upstream} (GB 2312, Latin, punctuation and chart signs), renamed, for the "
             f"charts of Jianbao; made by scripts/make_chart_font.py with fontTools {FONTTOOLS_VERSION}. "
             "A Modified Version under the SIL Open Font License 1.1."),
    }
    for name_id, text in records.items():
        name.removeNames(nameID=name_id)
        name.setName(text, name_id, 3, 1, 0x409)
    cff = font["CFF "].cff
    old = cff.fontNames[0]
    cff.fontNames = [POSTSCRIPT]
    top = cff[POSTSCRIPT]
    top.FullName = f"{FAMILY} Regular"
    top.FamilyName = FAMILY
    for fd in getattr(top, "FDArray", []):
        fd.FontName = fd.FontName.replace(old, POSTSCRIPT)


def build_font(source: Path = UPSTREAM) -> bytes:
    """The subset font's bytes, from the upstream collection at `source`."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    digest = sha256(source)
    if digest != UPSTREAM_SHA256:
        raise SystemExit(f"{source}: SHA-256 {digest}, expected {UPSTREAM_SHA256} "
                         f"({UPSTREAM_FAMILY}, {UPSTREAM_VERSION})")
    font = TTFont(source, fontNumber=UPSTREAM_FACE, recalcTimestamp=False, lazy=False)
    names = font["name"]
    if (names.getDebugName(1), names.getDebugName(5)) != (UPSTREAM_FAMILY, UPSTREAM_VERSION):
        raise SystemExit(f"{source} face {UPSTREAM_FACE} is {names.getDebugName(1)!r} "
                         f"{names.getDebugName(5)!r}, not {UPSTREAM_FAMILY!r}")
    created, modified = font["head"].created, font["head"].modified
    version = names.getDebugName(5).split(";")[0]

    options = subset.Options()
    options.layout_features = LAYOUT_FEATURES
    options.drop_tables += DROP_TABLES
    options.name_IDs = [0, 13, 14]  # copyright, licence, licence URL; the rest are rewritten
    options.name_languages = [0x409]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted(set(font.getBestCmap())))
    subsetter.subset(font)
    _rename(font, version)
    font["head"].created, font["head"].modified = created, modified

    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    import fontTools

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=UPSTREAM, help=f"default: {UPSTREAM}")
    parser.add_argument("--out", type=Path, default=OUTPUT, help=f"default: {OUTPUT}")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 unless the output would be byte-identical")
    args = parser.parse_args(argv)
    if fontTools.version != FONTTOOLS_VERSION:
        print(f"warning: fontTools {fontTools.version}, the shipped font was made with "
              f"{FONTTOOLS_VERSION}: the bytes may differ", file=sys.stderr)
    data = build_font(args.source)
    digest = hashlib.sha256(data).hexdigest()
    if args.check:
        same = args.out.exists() and args.out.read_bytes() == data
        print(f"{'same' if same else 'DIFFERENT'}: {args.out} would be {len(data)} bytes, sha256 {digest}")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"wrote {args.out}: {len(data)} bytes, sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Make bulletins/gaibo/2017/photos/new-school.jpg, the photo of the sample bulletin gaibo 2017/08.

The samples may hold no real photograph, so this draws one: a schematic of a new three-storey
rural school building with its playground, marked 示意图 in a corner, its Chinese text in the
bundled chart font. It is 1600×1000 px as seen, but stored the way a camera held on its side
stores it: 1000×1600 px of pixels turned a quarter to the left, with EXIF Orientation 6 ("turn a
quarter to the right to view"). A reader that ignores the orientation shows it sideways, so the
sample exercises the upright turn. The EXIF also carries an author, a camera and a GPS position,
the metadata that must never reach a bulletin or a press file.

Same Pillow, same bytes: nothing depends on the time or the machine.

    python scripts/make_sample_photo.py            # rewrite the sample photo
    python scripts/make_sample_photo.py --check    # exit 1 unless it would come out byte-identical
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "bulletins" / "gaibo" / "2017" / "photos" / "new-school.jpg"
FONT = ROOT / "jianbao" / "fonts" / "JianbaoChartSans-Regular.otf"
WIDTH, HEIGHT = 1600, 1000  # as seen, after the EXIF turn
ORIENTATION = 0x0112  # EXIF tag; 6 = turn 90° clockwise to view
QUALITY = 80


def draw() -> Image.Image:
    """The picture upright: sky, hills, the school building, flag, playground and trees."""
    image = Image.new("RGB", (WIDTH, HEIGHT))
    pen = ImageDraw.Draw(image)
    for y in range(620):  # sky, lighter towards the horizon
        shade = y / 620
        pen.line([(0, y), (WIDTH, y)], fill=(int(120 + 90 * shade), int(170 + 60 * shade), int(225 + 20 * shade)))
    pen.polygon([(0, 620), (260, 470), (520, 600), (820, 430), (1180, 590), (1400, 500), (1600, 580),
                 (1600, 640), (0, 640)], fill=(150, 160, 150))  # distant hills
    pen.rectangle([0, 620, WIDTH, HEIGHT], fill=(196, 178, 140))  # ground
    pen.rectangle([0, 760, WIDTH, HEIGHT], fill=(176, 72, 60))  # running track
    for lane in range(800, HEIGHT, 45):
        pen.line([(0, lane), (WIDTH, lane)], fill=(235, 235, 235), width=3)

    left, right, top, bottom = 330, 1270, 250, 680  # the building: three storeys
    pen.rectangle([left, top, right, bottom], fill=(236, 226, 206), outline=(120, 110, 100), width=4)
    pen.rectangle([left - 20, top - 64, right + 20, top], fill=(178, 60, 50))  # roof band with the sign
    storey = (bottom - top) / 3
    for floor in range(3):
        y0 = top + floor * storey + 34
        for col in range(10):
            x0 = left + 40 + col * 90
            if floor == 2 and 4 <= col <= 5:
                continue  # the entrance
            pen.rectangle([x0, y0, x0 + 56, y0 + 70], fill=(110, 160, 200), outline=(80, 80, 90), width=3)
            pen.line([(x0 + 28, y0), (x0 + 28, y0 + 70)], fill=(80, 80, 90), width=2)
        pen.line([(left, top + (floor + 1) * storey), (right, top + (floor + 1) * storey)],
                 fill=(200, 190, 170), width=6)
    pen.rectangle([730, 560, 870, 680], fill=(90, 70, 60))  # doors
    pen.line([(800, 560), (800, 680)], fill=(60, 50, 40), width=3)
    pen.polygon([(700, 560), (900, 560), (880, 530), (720, 530)], fill=(178, 60, 50))  # porch roof

    pen.line([(1400, 300), (1400, 760)], fill=(90, 90, 90), width=8)  # flagpole and flag
    pen.rectangle([1404, 300, 1520, 378], fill=(222, 41, 16))
    for x in (120, 210, 1480, 1550):  # trees
        pen.rectangle([x - 8, 600, x + 8, 700], fill=(110, 80, 50))
        pen.ellipse([x - 55, 500, x + 55, 620], fill=(70, 130, 70))

    font = ImageFont.truetype(str(FONT), 42)
    sign = "乡中心小学"
    box = pen.textbbox((0, 0), sign, font=font)
    pen.text(((left + right - (box[2] - box[0])) / 2, top - 32 - (box[1] + box[3]) / 2), sign, font=font, fill=(255, 240, 200))
    small = ImageFont.truetype(str(FONT), 36)
    pen.rectangle([24, 24, 200, 84], fill=(255, 255, 255))
    pen.text((40, 30), "示意图", font=small, fill=(60, 60, 60))
    return image


def photo_bytes() -> bytes:
    upright = draw()
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # how a camera on its side records it
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x013B] = "Sample Photographer"  # Artist
    exif[0x0110] = "Sample Camera"  # Model
    exif[0x0132] = "2017:12:01 10:30:00"  # DateTime
    exif.get_ifd(0x8825).update({1: "N", 2: (39.0, 28.0, 12.0), 3: "E", 4: (75.0, 59.0, 30.0)})  # GPS
    out = io.BytesIO()
    stored.save(out, "JPEG", quality=QUALITY, exif=exif, optimize=False, progressive=False)
    data = out.getvalue()
    # The turn and the tag must undo each other, or the sample would test nothing.
    seen = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    assert stored.size == (HEIGHT, WIDTH) and seen.size == (WIDTH, HEIGHT), (stored.size, seen.size)
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only compare with the committed photo")
    args = parser.parse_args()
    data = photo_bytes()
    if args.check:
        same = OUTPUT.is_file() and OUTPUT.read_bytes() == data
        print(f"{OUTPUT.relative_to(ROOT)}: {'unchanged' if same else 'differs'}")
        return 0 if same else 1
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(data)
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({len(data) // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Make bulletins/gaibo/2017/photos/internal-meeting.jpg, the photo of the internal article of the
leak-test sample gaibo 2017/09.

The sample's internal article carries a canary in every position, a photo's title, alt text and
note among them (tests/test_leak.py); a photo needs a file. This draws a plain schematic (a
meeting table and chairs) with no text, so that the picture itself says nothing: the canaries are
in the YAML. Small (480×320), so the repository stays light.

Same Pillow, same bytes: nothing depends on the time or the machine.

    python scripts/make_canary_photo.py            # rewrite the photo
    python scripts/make_canary_photo.py --check    # exit 1 unless it would come out byte-identical
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "bulletins" / "gaibo" / "2017" / "photos" / "internal-meeting.jpg"
WIDTH, HEIGHT = 480, 320


def draw() -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), (232, 228, 218))  # a wall
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 210, WIDTH, HEIGHT), fill=(150, 120, 90))  # the floor
    pen.rectangle((60, 150, 420, 190), fill=(110, 70, 40))  # the table
    for x in range(80, 420, 70):  # chairs behind it
        pen.rectangle((x, 110, x + 36, 150), fill=(60, 60, 70))
    pen.rectangle((170, 30, 310, 90), fill=(180, 30, 30))  # a banner, no words on it
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80, optimize=False, progressive=False)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="exit 1 unless the file would come out the same")
    args = parser.parse_args()
    data = draw()
    if args.check:
        same = OUTPUT.is_file() and OUTPUT.read_bytes() == data
        print("same" if same else f"{OUTPUT} differs")
        return 0 if same else 1
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(data)
    print(f"wrote {OUTPUT} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env bash
# The fresh-machine trial CI runs before the tests (issue 15): build a wheel, install it into a new
# venv outside the checkout, hide every system font, build a copy of the samples from a folder that
# holds only bulletins/ and content/, and check that its charts are byte-identical to those of a
# build on this machine with its fonts. Needs network access to the package index for the venv.
#
#   bash scripts/fresh-machine-check.sh            # run from anywhere; exits non-zero on a failure
#
# Fonts are hidden by mounting empty folders over the system font directories in a private mount
# namespace (root and util-linux's unshare); where that is not possible, an empty fontconfig
# configuration and a new MPLCONFIGDIR still keep fontconfig and matplotlib's cache out of it.
set -euo pipefail
checkout="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/jianbao-fresh.XXXXXX")"
trap 'rm -rf "$work"' EXIT
say() { printf '[fresh-machine] %s\n' "$*"; }

say "wheel"
python -m pip wheel -q --no-deps -w "$work/dist" "$checkout"
python -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --disable-pip-version-check "$work"/dist/jianbao-*.whl

for name in fresh reference; do
  mkdir -p "$work/$name"
  cp -r "$checkout/bulletins" "$checkout/content" "$work/$name/"
done

say "reference build with this machine's fonts"
(cd "$work/reference" && python "$checkout/build.py" -q)

mkdir -p "$work/mpl" "$work/xdg-cache" "$work/empty-fonts"
cat > "$work/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><cachedir>$work/xdg-cache/fontconfig</cachedir></fontconfig>
EOF
cat > "$work/fresh.sh" <<'EOF'
set -eu
for dir in /usr/share/fonts /usr/local/share/fonts "$HOME/.fonts" "$HOME/.local/share/fonts"; do
  if [ -n "${HIDE_FONTS:-}" ] && [ -d "$dir" ]; then mount -t tmpfs -o ro tmpfs "$dir"; fi
done
cd "$WORK/fresh"
export FONTCONFIG_FILE="$WORK/fonts.conf" MPLCONFIGDIR="$WORK/mpl" XDG_CACHE_HOME="$WORK/xdg-cache"
# The trial is only worth something if no CJK font is in sight: say what matplotlib can find.
"$WORK/venv/bin/python" - <<'PY'
import sys
from matplotlib import font_manager
cjk = sorted({f.name for f in font_manager.fontManager.ttflist if "CJK" in f.name or "Hei" in f.name
              or "Song" in f.name or "Kai" in f.name or "Ming" in f.name})
if cjk:
    sys.exit(f"[fresh-machine] CJK fonts are still visible: {cjk}")
print("[fresh-machine] fonts matplotlib sees:", len(font_manager.fontManager.ttflist), "(none CJK)")
PY
"$WORK/venv/bin/jianbao" -q
"$WORK/venv/bin/python" -m jianbao press -q bulletins/gaibo/2017/07.yaml
"$WORK/venv/bin/python" -m jianbao check -q
EOF

if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
  say "wheel build with every system font hidden"
  WORK="$work" HIDE_FONTS=1 unshare -m sh "$work/fresh.sh"
else
  say "not root or no unshare: system fonts stay mounted; fontconfig and matplotlib's cache are empty"
  WORK="$work" sh "$work/fresh.sh"
fi

say "compare"
python - "$work" <<'PY'
import sys
import zipfile
from pathlib import Path

work = Path(sys.argv[1])
fresh, reference = work / "fresh" / "build", work / "reference" / "build"
problems = []
for issue in ("gaibo/2017/07", "gaibo/2017/08", "gaibo/2017/09", "dudao/2017/03"):
    name = issue.replace("/", "-")
    for part in (f"{name}.docx", "index.html", f"{name}.html"):
        if not (fresh / issue / part).is_file():
            problems.append(f"missing {issue}/{part}")
for part in ("index.html", "search/gaibo/2017.js", "gaibo/index.html", "gaibo/feed.xml",
             "gaibo/2017/07/press/manifest.json"):
    if not (fresh / part).is_file():
        problems.append(f"missing {part}")


def charts(build: Path) -> dict[str, bytes]:
    """Every chart picture of a build: the HTML's SVGs and the PNGs inside each .docx."""
    found = {str(p.relative_to(build)): p.read_bytes() for p in build.rglob("fig-*.svg")}
    for docx in build.rglob("*.docx"):
        with zipfile.ZipFile(docx) as z:
            for entry in z.namelist():
                if entry.startswith("word/media/"):
                    found[f"{docx.relative_to(build)}:{entry}"] = z.read(entry)
    return found


got, want = charts(fresh), charts(reference)
if not want:
    problems.append("the reference build has no charts to compare")
for key in sorted(want.keys() | got.keys()):
    if got.get(key) != want.get(key):
        problems.append(f"chart differs: {key}")
if problems:
    sys.exit("[fresh-machine] FAILED\n  " + "\n  ".join(problems))
print(f"[fresh-machine] ok: every output written; {len(want)} chart pictures byte-identical")
PY

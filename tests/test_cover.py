"""The WeChat cover (cover:): validated in the reader, copied clean into the press folder, in the manifest."""

from __future__ import annotations

import io
import json
import os
import struct
import zlib
from pathlib import Path

import pytest

from jianbao import api
from jianbao.errors import RenderError
from jianbao.leak import leaks, png_text
from jianbao.pipeline.build import read_catalog
from jianbao.press.cover import press_cover, strip_jpeg, strip_png
from jianbao.project import Project
from jianbao.reader.cache import ValidatedCache
from jianbao.reader.image_file import image_size
from jianbao.write import Artifact

from project_helpers import issue, make_project, problems_of

CANARY = "CANARY-COVER-INTERNAL-5e1f"
ISSUE_FILE = "demo/2017/01.yaml"
ARTICLE = """\
articles:
  - title: 公开的稿件
    release: public
    body: 正文第一段。
"""


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int = 940, height: int = 400, text: str = "") -> bytes:
    """An RGB PNG by hand; `text` goes into a tEXt and an iTXt chunk, a tIME chunk is added with it."""
    raw = b"".join(b"\x00" + b"\x20\x40\x80" * width for _ in range(height))
    extra = b""
    if text:
        extra = (_chunk(b"tEXt", b"Comment\0" + text.encode()) + _chunk(b"tIME", b"\x07\xea\x01\x02\x03\x04\x05")
                 + _chunk(b"iTXt", b"Author\0\0\0\0\0" + text.encode()))
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + extra + _chunk(b"IDAT", zlib.compress(raw)) + _chunk(b"IEND", b""))


def jpeg(width: int = 940, height: int = 400, text: str = "") -> bytes:
    """A real JPEG (Pillow, in the test only); `text` goes into an EXIF APP1 and a COM segment after APP0."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(out, "JPEG", quality=80)
    data = out.getvalue()
    if not text:
        return data
    assert data[2:4] == b"\xff\xe0"
    app0_end = 4 + struct.unpack(">H", data[4:6])[0]
    exif = b"Exif\0\0" + b"MM\0*\0\0\0\x08" + text.encode()
    app1 = b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif
    com = b"\xff\xfe" + struct.pack(">H", len(text) + 2) + text.encode()
    return data[:app0_end] + app1 + com + data[app0_end:]


def cover_project(tmp_path: Path, image: bytes | None, cover: str = "cover.jpg", name: str = "cover.jpg"):
    project = make_project(tmp_path, {ISSUE_FILE: issue(ARTICLE + f"cover: {cover}\n")})
    if image is not None:
        (tmp_path / "bulletins" / "demo" / "2017" / name).write_bytes(image)
    return project


def only_problem(project) -> str:
    [problem] = problems_of(project)
    assert "01.yaml:" in problem and "cover" in problem
    return problem


# ---------------------------------------------------------------- validation

def test_a_good_cover_is_on_the_model(tmp_path):
    project = cover_project(tmp_path, jpeg())
    _, [item] = read_catalog(project)
    assert item.cover is not None
    assert (item.cover.path, item.cover.kind, item.cover.width, item.cover.height) == (
        "bulletins/demo/2017/cover.jpg", "jpeg", 940, 400)
    assert item.cover.given == "cover.jpg"


def test_a_cover_elsewhere_in_the_project_is_named_relative_to_the_issue_file(tmp_path):
    project = cover_project(tmp_path, None, cover="../../../images/封面.png")
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "封面.png").write_bytes(png())
    _, [item] = read_catalog(project)
    assert (item.cover.path, item.cover.kind) == ("images/封面.png", "png")


def test_missing_cover(tmp_path):
    problem = only_problem(cover_project(tmp_path, None))
    assert "找不到「cover.jpg」" in problem


@pytest.mark.parametrize(("given", "found"), [("../../../../outside.jpg", "「../../../../outside.jpg」指向项目之外"),
                                             ("/etc/passwd", "绝对路径「/etc/passwd」")])
def test_cover_outside_the_project_is_refused(tmp_path, given, found):
    (tmp_path / "outside.jpg").write_bytes(jpeg())
    project_dir = tmp_path / "project"
    problem = only_problem(cover_project(project_dir, None, cover=given))
    assert found in problem and "符号链接" not in problem


def test_cover_link_leading_out_is_refused(tmp_path):
    (tmp_path / "outside.jpg").write_bytes(jpeg())
    project_dir = tmp_path / "project"
    cover_project(project_dir, None)
    os.symlink(tmp_path / "outside.jpg", project_dir / "bulletins" / "demo" / "2017" / "cover.jpg")
    problem = only_problem(Project(project_dir))
    assert "符号链接" in problem


def test_cover_that_is_not_an_image_by_its_bytes(tmp_path):
    problem = only_problem(cover_project(tmp_path, b"GIF89a" + b"\0" * 100))
    assert "不是 JPEG 或 PNG 图片" in problem


def test_cover_that_is_a_folder(tmp_path):
    project = cover_project(tmp_path, None, cover="pictures")
    (tmp_path / "bulletins" / "demo" / "2017" / "pictures").mkdir()
    assert "不是文件" in only_problem(project)


def test_cover_of_the_wrong_ratio_names_both(tmp_path):
    problem = only_problem(cover_project(tmp_path, png(900, 500), name="cover.jpg"))
    assert "2.35:1" in problem and "900×500" in problem and "900×383" in problem


def test_cover_ratio_within_three_percent_passes(tmp_path):
    assert problems_of(cover_project(tmp_path, png(900, 372))) == []  # 2.42:1


def test_cover_too_narrow(tmp_path):
    problem = only_problem(cover_project(tmp_path, png(470, 200)))
    assert "至少 500 像素" in problem and "470×200" in problem


def test_cover_too_big(tmp_path):
    image = png(940, 400)
    big = image[:-12] + _chunk(b"zzZz", b"\0" * (5 * 1024 * 1024)) + image[-12:]
    assert "5 MB" in only_problem(cover_project(tmp_path, big))


def test_jpeg_size_is_read_from_its_frame_header():
    assert image_size(jpeg(1175, 500, text=CANARY)) == ("jpeg", 1175, 500)
    assert image_size(png(10, 4)) == ("png", 10, 4)
    assert image_size(b"\xff\xd8\xff\xda\0\2") is None


# ---------------------------------------------------------------- cache

def test_a_changed_cover_is_a_cache_miss(tmp_path):
    project = cover_project(tmp_path, jpeg())
    _, [item] = read_catalog(project)
    cache = ValidatedCache(None, project.series_files(), project.root)
    cache.put(ISSUE_FILE, "key", item)
    assert cache.get(ISSUE_FILE, "key") == item  # pickled when stored: an equal model
    (tmp_path / "bulletins" / "demo" / "2017" / "cover.jpg").write_bytes(jpeg(text=CANARY))
    assert cache.get(ISSUE_FILE, "key") is None
    (tmp_path / "bulletins" / "demo" / "2017" / "cover.jpg").unlink()
    assert cache.get(ISSUE_FILE, "key") is None


# ---------------------------------------------------------------- press

def press_folder(project) -> Path:
    api.press(project, [])
    [folder] = list(project.out.rglob("press"))
    return folder


def test_press_folder_holds_the_stripped_cover_and_the_manifest_names_it(tmp_path):
    original = jpeg(text=CANARY)
    folder = press_folder(cover_project(tmp_path, original))
    copied = (folder / "cover.jpg").read_bytes()
    assert CANARY.encode() not in copied and CANARY.encode() in original
    assert b"\xff\xe1" not in copied[:200] and copied[2:4] == b"\xff\xe0"  # APP0/JFIF kept
    assert image_size(copied) == ("jpeg", 940, 400)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["wechat"]["cover"] == {"file": "cover.jpg", "width": 940, "height": 400}
    assert "cover.jpg" in manifest["files"]
    page = next(folder.glob("*.wechat-copy.html")).read_text(encoding="utf-8")
    assert '<img src="cover.jpg"' in page and "请另行准备" not in page


def test_without_a_cover_the_manifest_says_null_and_the_page_asks_for_one(tmp_path):
    project = make_project(tmp_path, {ISSUE_FILE: issue(ARTICLE)})
    folder = press_folder(project)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["wechat"]["cover"] is None
    assert not list(folder.glob("cover.*"))
    assert "请另行准备" in next(folder.glob("*.wechat-copy.html")).read_text(encoding="utf-8")


def test_png_cover_loses_its_text_and_time_chunks(tmp_path):
    original = png(text=CANARY)
    folder = press_folder(cover_project(tmp_path, original, cover="c.png", name="c.png"))
    copied = (folder / "cover.png").read_bytes()
    assert CANARY in png_text(original) and png_text(copied) == ""
    assert b"tIME" not in copied and b"tEXt" not in copied and b"iTXt" not in copied
    assert copied == strip_png(original)


def test_stripping_is_what_keeps_a_canary_out_of_the_press_folder():
    for original, stripped, name in ((png(text=CANARY), strip_png(png(text=CANARY)), "press/cover.png"),
                                     (jpeg(text=CANARY), strip_jpeg(jpeg(text=CANARY)), "press/cover.jpg")):
        assert leaks([Artifact(name, original)], [CANARY])  # the leak check would catch it …
        assert not leaks([Artifact(name, stripped)], [CANARY])  # … and the stripped copy passes


def test_a_jpeg_without_metadata_is_copied_byte_for_byte():
    plain = jpeg()
    assert strip_jpeg(plain) == plain
    assert strip_jpeg(jpeg(text=CANARY)) == plain


def test_a_cover_changed_after_validation_stops_the_press_build(tmp_path):
    project = cover_project(tmp_path, jpeg())
    _, [item] = read_catalog(project)
    (tmp_path / "bulletins" / "demo" / "2017" / "cover.jpg").write_bytes(jpeg(text=CANARY))
    with pytest.raises(RenderError, match="在检查之后被改动"):
        press_cover(item.cover, project.root)


def test_same_input_same_press_bytes(tmp_path):
    first = press_folder(cover_project(tmp_path / "a", jpeg(text=CANARY)))
    second = press_folder(cover_project(tmp_path / "b", jpeg(text=CANARY)))
    names = sorted(p.name for p in first.iterdir())
    assert "cover.jpg" in names and names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name

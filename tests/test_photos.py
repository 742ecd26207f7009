"""Photos as the reader takes them: upright, stripped of what the camera recorded, bounded, the same bytes each time."""

import io
import struct
import zlib

import pytest
from PIL import Image

from jianbao.model import Photo
from jianbao.pipeline.build import check
from jianbao.reader import photo as photo_module

from project_helpers import issue, make_project, problems_of

CAMERA_OWNER = "Canary Camera Owner 7f3a"


def jpeg(width=600, height=400, orientation=1, owner=CAMERA_OWNER) -> bytes:
    """A JPEG whose left half is red, with an EXIF orientation, a GPS position and an owner's name."""
    image = Image.new("RGB", (width, height), "white")
    image.paste((200, 0, 0), (0, 0, width // 2, height))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x013B] = owner  # Artist
    exif[0x8825] = {1: "N", 2: (39.0, 28.0, 0.0), 3: "E", 4: (75.0, 59.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def project_with(tmp_path, data: bytes | None, entry: str = "{id: site, file: photos/site.jpg, title: 新建校舍, "
                                                              "alt: 一栋四层教学楼}"):
    text = issue(f"""\
        articles:
          - title: 标题
            body: |
              如{{{{ 图.site }}}}所示。

              {{{{ 图.site }}}}
            photos:
              - {entry}
        """)
    project = make_project(tmp_path, {"demo/2017/01.yaml": text})
    if data is not None:
        (tmp_path / "bulletins/demo/2017/photos").mkdir(parents=True, exist_ok=True)
        (tmp_path / "bulletins/demo/2017/photos/site.jpg").write_bytes(data)
    return project


def the_photo(project) -> Photo:
    [found] = check(project)
    [photo] = found.photos
    return photo


def test_orientation_is_applied_and_camera_metadata_is_dropped(tmp_path):
    photo = the_photo(project_with(tmp_path, jpeg(orientation=6)))  # 6: the camera was turned right
    assert (photo.width_px, photo.height_px, photo.kind, photo.number) == (400, 600, "jpeg", 1)
    image = Image.open(io.BytesIO(photo.data))
    assert image.getexif() == {} and CAMERA_OWNER.encode() not in photo.data and b"Exif" not in photo.data
    # turned upright: the red half, on the left in the stored pixels, is now on top
    assert image.getpixel((200, 100))[0] > 150 and image.getpixel((200, 500))[1] > 200
    assert photo.caption == "图1 新建校舍" and photo.alt == "一栋四层教学楼" and photo.path == \
        "bulletins/demo/2017/photos/site.jpg"


def test_same_file_same_bytes_and_large_photos_are_scaled(tmp_path):
    data = jpeg(3000, 2000)
    first, second = the_photo(project_with(tmp_path / "a", data)), the_photo(project_with(tmp_path / "b", data))
    assert first.data == second.data and (first.width_px, first.height_px) == (2000, 1333)


def test_png_stays_png(tmp_path):
    out = io.BytesIO()
    Image.new("RGBA", (300, 200), (0, 80, 160, 255)).save(out, "PNG")
    photo = the_photo(project_with(tmp_path, out.getvalue()))
    assert photo.kind == "png" and photo.file_name == "photo-1.png" and photo.data.startswith(b"\x89PNG")


def png_header_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims a size its data does not hold: what a decompression bomb looks like."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk))


@pytest.mark.parametrize("data, expected", [
    (png_header_claiming(20000, 20000), "应为不超过 50 百万像素的照片，实际为20000×20000 像素（请缩小后再用）"),
    (jpeg(150, 400), "应为宽和高都至少 200 像素的照片，实际为150×400 像素（太小的图片印出来会模糊）"),
    (b"GIF89a" + b"\0" * 100, "应为JPEG 或 PNG 图片，实际为「photos/site.jpg」不是 JPEG 或 PNG 图片（按文件内容判断，不看扩展名）"),
    (jpeg()[:400], "应为完整的 JPEG 或 PNG 照片，实际为「photos/site.jpg」无法解码（文件可能已损坏）"),
    (None, "应为存在的图片文件，实际为找不到「photos/site.jpg」（路径相对于本简报文件所在的文件夹）"),
])
def test_unusable_files_are_refused_with_a_reason(tmp_path, data, expected):
    assert problems_of(project_with(tmp_path, data)) == [
        f"bulletins/demo/2017/01.yaml:11: articles[0].photos[0].file：{expected}"]


def test_byte_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(photo_module, "PHOTO_MAX_BYTES", 1024 * 1024)
    big = jpeg(2000, 2000)
    big += b"\0" * (1024 * 1024 + 1 - len(big))
    [problem] = problems_of(project_with(tmp_path, big))
    assert problem.endswith("应为不超过 1 MB 的图片，实际为「photos/site.jpg」有 1.0 MB（请压缩后再用）")


def test_paths_stay_inside_the_project(tmp_path):
    outside = tmp_path / "outside.jpg"
    outside.write_bytes(jpeg())
    project = project_with(tmp_path / "p", None, "{id: site, file: ../../../../outside.jpg, title: 甲, alt: 乙}")
    assert problems_of(project) == [
        "bulletins/demo/2017/01.yaml:11: articles[0].photos[0].file：应为项目目录内的图片，"
        "实际为「../../../../outside.jpg」指向项目之外（出于安全考虑不读取；请把图片复制到项目中）"]


def test_alt_text_and_title_are_required(tmp_path):
    project = project_with(tmp_path, jpeg(), "{id: site, file: photos/site.jpg}")
    assert sorted(problems_of(project)) == [
        "bulletins/demo/2017/01.yaml:11: articles[0].photos[0].alt：应为必填字段 alt，实际为缺少该字段",
        "bulletins/demo/2017/01.yaml:11: articles[0].photos[0].title：应为必填字段 title，实际为缺少该字段",
    ]


def test_a_changed_photo_is_read_again_though_the_issue_file_is_the_same(tmp_path):
    project = project_with(tmp_path, jpeg(orientation=1))
    assert the_photo(project).width_px == 600
    (tmp_path / "bulletins/demo/2017/photos/site.jpg").write_bytes(jpeg(orientation=8))
    assert the_photo(project).width_px == 400


def test_a_shared_photo_in_content_is_named_from_the_project_root(tmp_path):
    project = project_with(tmp_path, None, "{id: site, file: content/photos/site.jpg, title: 甲, alt: 乙}")
    (tmp_path / "content/photos").mkdir()
    (tmp_path / "content/photos/site.jpg").write_bytes(jpeg())
    assert the_photo(project).path == "content/photos/site.jpg"

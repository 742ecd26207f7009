"""PDF/A-2b copies of the Word bulletins, converted by LibreOffice headless (A4 from the docx, fonts embedded)."""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

from jianbao.errors import RenderError

# PDF/A-2b (ISO 19005-2, level b: the look is preserved): every font embedded, colours tied to an
# sRGB output intent, the document identified in XMP metadata, nothing that needs the outside world.
# One kind of PDF for the printer and the archive, so the archived copy is the very file a --pdf
# build shows. Standard-14 faces (Times…) are embedded too: the office's printer substitutes none.
PDF_FILTER = ('pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},'
              '"EmbedStandardFonts":{"type":"boolean","value":"true"}}')
DEFAULT_TIMEOUT = 180
ENV_SOFFICE = "JIANBAO_SOFFICE"

INSTALL_HINT = (
    "未找到 LibreOffice，无法生成 PDF。请先安装 LibreOffice（免费）：\n"
    "  Windows：从 https://zh-cn.libreoffice.org/download/ 下载安装，默认安装位置即可；"
    "或用 winget install TheDocumentFoundation.LibreOffice\n"
    "  Debian/Ubuntu：sudo apt-get install libreoffice-writer\n"
    f"安装在其他位置时，可把 soffice 程序的完整路径写入环境变量 {ENV_SOFFICE}。"
)



def skipped_notice() -> str:
    """One line for a `--pdf` build on a computer without LibreOffice: what was skipped and how to
    install it (the Word documents and web pages are made all the same)."""
    given = os.environ.get(ENV_SOFFICE)
    where = (f"环境变量 {ENV_SOFFICE} 指向的 {given} 不存在" if given else
             f"装在其他位置时把 soffice 的完整路径写入环境变量 {ENV_SOFFICE}")
    return ("未找到 LibreOffice，本次未生成 PDF（Word 文档和网页已照常生成）。安装方法：Windows 运行 "
            "winget install TheDocumentFoundation.LibreOffice 或从 https://zh-cn.libreoffice.org/download/ "
            f"下载安装；统信 UOS、麒麟、Debian/Ubuntu 运行 sudo apt-get install libreoffice-writer；{where}。")


_WINDOWS_PLACES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


def find_soffice() -> str | None:
    """The LibreOffice program to run, or None when it is not installed."""
    given = os.environ.get(ENV_SOFFICE)
    if given:
        return given if Path(given).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if sys.platform == "win32":
        for place in _WINDOWS_PLACES:
            if Path(place).is_file():
                return place
    return None


def docx_to_pdf(source: bytes | str | os.PathLike, *, soffice: str | None = None,
                profile_dir: Path | None = None, timeout: float = DEFAULT_TIMEOUT,
                stamp: datetime.date | None = None) -> bytes:
    """The .docx (bytes or a path) as PDF bytes; any failure is a RenderError in Chinese.

    With `stamp` (the issue's date) the PDF's dates and /ID no longer depend on the clock, so the
    same document converts to the same bytes.

    Each call runs its own LibreOffice with a private profile, so it neither disturbs nor waits
    for an office the editor has open. Pass `profile_dir` to reuse one profile across calls
    (faster after the first), but never from two calls at once.
    """
    program = soffice or find_soffice()
    if not program:
        raise RenderError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="jianbao-pdf-") as tmp:
        work = Path(tmp)
        src = work / "in" / "bulletin.docx"
        src.parent.mkdir()
        if isinstance(source, (bytes, bytearray)):
            src.write_bytes(source)
        else:
            path = Path(source)
            if not path.is_file():
                raise RenderError(f"找不到要转换的 Word 文件：{path}")
            shutil.copyfile(path, src)
        profile = Path(profile_dir) if profile_dir else work / "profile"
        out = work / "out"
        command = [program, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
                   "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                   "--convert-to", PDF_FILTER, "--outdir", str(out), str(src)]
        result = _run(command, timeout)
        pdf = out / "bulletin.pdf"
        if result.returncode != 0 or not pdf.is_file():
            detail = (result.stderr or result.stdout or "").strip().splitlines()[-3:]
            raise RenderError("LibreOffice 转换 PDF 失败（退出码 "
                              f"{result.returncode}）" + ("：" + " ".join(detail) if detail else ""))
        data = pdf.read_bytes()
    if not data.startswith(b"%PDF"):
        raise RenderError("LibreOffice 生成的文件不是 PDF")
    return settle(data, stamp) if stamp else data


_DATE = re.compile(rb"/(CreationDate|ModDate)\(D:(\d{14})")
# PDF/A repeats the dates in the XMP packet, and a validator wants them equal to the Info ones.
_XMP_DATE = re.compile(rb"<xmp:(CreateDate|ModifyDate|MetadataDate)>(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)")
_CHECKSUM = re.compile(rb"/DocChecksum /[0-9A-Fa-f]{32}")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]{32})>\s*<([0-9A-Fa-f]{32})>\s*\]")


def settle(data: bytes, stamp: datetime.date) -> bytes:
    """Clock-free PDF: dates set to `stamp`, /ID derived from the content.

    Every replacement keeps its length, so the cross-reference offsets stay right.
    """
    data = _settle_profile(data, stamp)
    day = stamp.strftime("%Y%m%d").encode() + b"000000"
    data = _DATE.sub(lambda m: b"/" + m.group(1) + b"(D:" + day, data)
    xmp_day = stamp.strftime("%Y-%m-%dT00:00:00").encode()
    data = _XMP_DATE.sub(lambda m: b"<xmp:" + m.group(1) + b">" + xmp_day, data)

    def fill(text: bytes, value: bytes) -> bytes:
        text = _ID.sub(lambda m: m.group(0).replace(m.group(1), value).replace(m.group(2), value), text)
        return _CHECKSUM.sub(b"/DocChecksum /" + value, text)

    digest = hashlib.md5(fill(data, b"0" * 32)).hexdigest().upper().encode()
    return fill(data, digest)


_PROFILE = re.compile(rb"/DestOutputProfile\s+(\d+)\s+0\s+R")
_XREF = re.compile(rb"\nxref\r?\n0 (\d+)\r?\n")
_STARTXREF = re.compile(rb"startxref\r?\n(\d+)")


def _settle_profile(data: bytes, stamp: datetime.date) -> bytes:
    """The PDF/A output intent's ICC profile with its creation date set to `stamp`.

    LibreOffice makes the sRGB profile anew for each export, stamped with the clock, inside a
    compressed stream; unpacked, dated and packed again it changes length, so the offsets of the
    objects after it (the cross-reference table and startxref) are moved by as much. A file laid
    out otherwise (no profile, no classic table) is left as it is.
    """
    ref = _PROFILE.search(data)
    head = ref and re.search(rb"\n" + ref.group(1) + rb" 0 obj\s*<<([^>]*)>>\s*stream\r?\n", data)
    length = head and re.search(rb"/Length (\d+)( 0 R)?", head.group(1))
    table = _XREF.search(data)
    if not (head and length and table and b"/FlateDecode" in head.group(1)):
        return data
    start = head.end()
    if length.group(2):  # the length stands in an object of its own, written after the stream
        holder = re.search(rb"\n" + length.group(1) + rb" 0 obj\s*(\d+)\s*endobj", data)
        if not holder:
            return data
        size, size_at = int(holder.group(1)), holder.start(1)
    else:
        size, size_at = int(length.group(1)), head.start(1) + length.start(1)
    try:
        profile = bytearray(zlib.decompress(data[start:start + size]))
    except zlib.error:
        return data
    if len(profile) < 128 or profile[36:40] != b"acsp":
        return data
    profile[24:36] = struct.pack(">6H", stamp.year, stamp.month, stamp.day, 0, 0, 0)
    profile[84:100] = bytes(16)  # the profile ID (an MD5 of the profile) may be left zero: "not computed"
    packed = zlib.compress(bytes(profile), 9)
    edits = sorted([(start, size, packed), (size_at, len(str(size)), str(len(packed)).encode())])
    if edits[0][0] + edits[0][1] > edits[1][0]:
        return data
    out, moves, last = [], [], 0
    for at, old, new in edits:
        out += [data[last:at], new]
        moves.append((at, len(new) - old))
        last = at + old
    out.append(data[last:])
    result = b"".join(out)

    def moved(offset: int) -> int:
        return offset + sum(delta for at, delta in moves if offset > at)

    table = _XREF.search(result)
    count, first = int(table.group(1)), table.end()
    entries = bytearray(result[first:first + 20 * count])
    for n in range(count):
        entry = entries[20 * n:20 * n + 20]
        if entry[17:18] == b"n":
            entries[20 * n:20 * n + 10] = b"%010d" % moved(int(entry[:10]))
    result = result[:first] + bytes(entries) + result[first + 20 * count:]
    start_ref = _STARTXREF.search(result, first)
    if start_ref:
        result = (result[:start_ref.start(1)] + str(moved(int(start_ref.group(1)))).encode()
                  + result[start_ref.end(1):])
    return result


def _run(command: list[str], timeout: float) -> subprocess.CompletedProcess:
    """Run LibreOffice; on timeout its whole process group goes (soffice starts soffice.bin)."""
    posix = os.name == "posix"
    try:
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=posix)
    except OSError as exc:
        raise RenderError(f"无法启动 LibreOffice（{command[0]}）：{exc.strerror or exc}") from exc
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if posix:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        else:
            proc.kill()
        proc.communicate()
        raise RenderError(f"LibreOffice 转换 PDF 超时（超过 {timeout:g} 秒）") from None
    return subprocess.CompletedProcess(command, proc.returncode, stdout, stderr)

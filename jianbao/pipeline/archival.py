"""The archive's PDF/A and OFD copies of an issue's issued .docx, made at publish (or one line saying why not)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from jianbao.errors import RenderError
from jianbao.model import Issue

PDF_SUFFIX = ".pdf"
OFD_SUFFIX = ".ofd"


def issued_on(issue: Issue) -> datetime.date:
    """The date the issue's current version went out: its correction's, else its own. PDFs carry it."""
    return issue.correction.date if issue.correction else issue.date


@dataclass
class Copies:
    """The copies made, by file name in the issue's folder, and what an archivist should hear."""

    files: dict[str, bytes] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def archival_copies(issue: Issue, docx: bytes, *, profile: Path | None = None, version: int = 1) -> Copies:
    """A PDF/A-2b (LibreOffice) and an OFD of `docx`, the issue's issued Word file.

    Without LibreOffice, or when a conversion fails, no copy is made and one note says so: the
    issue is archived all the same, and running publish again later adds them.
    """
    from jianbao import __version__
    from jianbao.render.ofd import DocInfo, pdf_to_ofd
    from jianbao.render.pdf import docx_to_pdf, find_soffice

    later = f"安装后再次运行 python build.py publish {issue.source} 即可补存"
    if find_soffice() is None:
        return Copies(notes=[f"未找到 LibreOffice，{issue.name}的存档未含 PDF/A 和 OFD 版式文件"
                             f"（源文件、Word 和网页已存档）；{later}。"])
    try:
        pdf = docx_to_pdf(docx, profile_dir=profile, stamp=issued_on(issue))
    except RenderError as exc:
        return Copies(notes=[f"{issue.name}未能生成 PDF/A（{exc}），存档未含 PDF/A 和 OFD；排除问题后{later}。"])
    marking = issue.secrecy or issue.series.classification
    custom = {"期号": f"{issue.year}年{issue.number_label}", "版本": f"第{version}版"}
    if issue.total_label:
        custom["总期号"] = issue.total_label
    if marking:
        custom["密级"] = marking
    if issue.correction:
        custom["更正"] = f"{issue.correction.date.isoformat()} {issue.correction.reason}"
    info = DocInfo(title=issue.headline, author=issue.series.issuer, subject=issue.name,
                   date=issued_on(issue).isoformat(), keywords=(issue.series.title,),
                   creator_version=__version__, custom=custom)
    notes = []
    try:
        ofd, missing = pdf_to_ofd(pdf, info)
    except RenderError as exc:
        return Copies({f"{issue.file_stem}{PDF_SUFFIX}": pdf},
                      [f"{issue.name}未能生成 OFD（{exc}）；PDF/A 已存档。"])
    if missing:
        notes.append(f"{issue.name}的 OFD 未能嵌入字体 {'、'.join(missing)}（未安装或字体许可不允许嵌入），"
                     "阅读器将以本机字体显示这些文字。")
    return Copies({f"{issue.file_stem}{PDF_SUFFIX}": pdf, f"{issue.file_stem}{OFD_SUFFIX}": ofd}, notes)

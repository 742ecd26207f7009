"""Import past bulletins (.docx, or text extracted from PDF) as draft issue files for the archive."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from jianbao.errors import JianbaoError, Problem
from jianbao.importer.draft import check_draft, draft_yaml
from jianbao.importer.reader_text import read_text
from jianbao.importer.recognise import recognise
from jianbao.importer.series_match import match_series, suggest_series
from jianbao.importer.source import SourceDoc, squeeze
from jianbao.importer.structure import Draft
from jianbao.model import Issue, Series
from jianbao.pipeline.build import load_series
from jianbao.project import BULLETINS_DIR, Project
from jianbao.reader.load import Unreadable, read_input
from jianbao.write import write_atomic

TEXT_SUFFIXES = {".txt", ".text", ".md"}


class ImportRefused(JianbaoError):
    """The import cannot produce a draft; the message tells the editor what to do (in Chinese)."""


@dataclass
class ImportResult:
    path: Path  # the draft file (written, unless dry_run)
    text: str  # its YAML
    draft: Draft
    series_id: str
    series_reason: str  # how the series was chosen
    issue: Issue  # the draft as the validator read it
    encoding: str = ""
    notes: list[str] = field(default_factory=list)  # things the editor should look at (Chinese)
    exists: bool = False  # a dry run whose target file is already there (a real import would refuse)


def read_source(path: Path) -> tuple[SourceDoc, str]:
    """A .docx or a text file as a SourceDoc, with the text encoding used (empty for Word)."""
    suffix = path.suffix.lower()
    try:
        data = read_input(path, limit=None)
    except Unreadable as exc:
        raise ImportRefused(f"无法读取 {path}：{exc.found}") from None
    if suffix == ".docx":
        from jianbao.importer.word_reader import read_docx
        return read_docx(data), ""
    if suffix == ".doc":
        raise ImportRefused(f"{path.name} 是旧的 .doc 格式：请先在 Word 或 WPS 中“另存为” .docx 再导入")
    if suffix not in TEXT_SUFFIXES:
        raise ImportRefused(f"{path.name}：只能导入 .docx 或 .txt 文件（PDF 请先用 pdftotext 等工具转为文本）")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return read_text(data.decode(encoding)), encoding.replace("-sig", "").upper()
        except UnicodeDecodeError:
            continue
    raise ImportRefused(f"{path.name}：无法识别文本编码（请另存为 UTF-8）")


def default_path(project: Project, series_id: str, draft: Draft) -> Path:
    stem = f"zk{draft.number:02d}" if draft.supplement else f"{draft.number:02d}"
    return project.root / BULLETINS_DIR / series_id / str(draft.date.year) / f"{stem}.yaml"


def import_bulletin(source: Path, project: Project, series_id: str | None = None, output: Path | None = None,
                    number: int | None = None, date: datetime.date | None = None,
                    dry_run: bool = False) -> ImportResult:
    """Read a past bulletin, recognise it, write a validated draft issue file; never overwrites a file."""
    doc, encoding = read_source(Path(source))
    draft = recognise(doc)
    if number is not None:
        draft.number = number
    if date is not None:
        draft.date = date
    if not draft.articles:
        raise ImportRefused(f"{Path(source).name}：没有识别出任何正文，未生成草稿")
    if draft.number is None or not 1 <= draft.number <= 999:
        raise ImportRefused("未识别出期号（第 N 期）：请用 --number 指定，例如 --number 7")
    if draft.date is None:
        raise ImportRefused("未识别出印发日期：请用 --date 指定，例如 --date 2017-10-11")
    problems: list[Problem] = []
    series = load_series(project, problems)
    series_id, reason = _choose_series(draft, series, series_id)
    path = Path(output) if output else default_path(project, series_id, draft)
    path = path if path.is_absolute() else Path.cwd() / path
    exists = path.exists()
    if exists and not dry_run:  # a dry run still reports: the editor learns both what was read and the clash
        raise ImportRefused(f"文件已存在，不会覆盖：{project.name(path)}（请先核对该文件，或用 --output 指定新的文件名）")
    text = draft_yaml(draft, series_id, Path(source).name, series[series_id].copies, series[series_id].sign_roles)
    issue, found = check_draft(text, project.name(path), series)
    if issue is None or found:
        listed = "\n".join(f"  {p}" for p in found)
        raise ImportRefused(f"生成的草稿未通过检查（这是导入程序的问题，请把原件交给维护人员）：\n{listed}")
    notes = _notes(project, draft, series[series_id], path, exists)
    if not dry_run:
        write_atomic(path, text.encode("utf-8"))
    return ImportResult(path, text, draft, series_id, reason, issue, encoding, notes, exists)


def _notes(project: Project, draft: Draft, series: Series, path: Path, exists: bool) -> list[str]:
    """Differences between the original and the series or archive that the editor should settle."""
    notes = []
    if draft.masthead and squeeze(draft.masthead) != squeeze(series.title):
        notes.append(f"原件报头「{draft.masthead}」与系列 {series.id} 的报头「{series.title}」不同")
    if draft.issuer and squeeze(draft.issuer) != squeeze(series.issuer):
        notes.append(f"原件编印单位「{draft.issuer}」与系列 {series.id} 的「{series.issuer}」不同")
    printed = [(label, squeeze(to)) for label, to in draft.distribution]
    if printed and printed != [(r.label, squeeze(r.to.rstrip("。"))) for r in series.distribution]:
        notes.append(f"原件报尾与系列 {series.id} 的 distribution 不同（生成时按系列设置印出）")
    left_out = [f"{role}：{name}" for role, name in draft.signers if role not in series.sign_roles]
    if left_out:
        notes.append(f"原件签发行中的「{'　'.join(left_out)}」未写入 signers：系列 {series.id} 的 sign_roles 中没有这些职责"
                     "（需要印出时，在系列文件的 sign_roles 中加上）")
    printed = series.contents == "always" or (series.contents == "auto" and len(draft.articles) > 1)
    if draft.contents and not printed:
        notes.append(f"原件印有本期要目，按系列 {series.id} 的 contents 设置（{series.contents}），生成时不印")
    elif printed and not draft.contents:
        notes.append(f"原件没有本期要目，按系列 {series.id} 的 contents 设置（{series.contents}），生成时会印出")
    usual = default_path(project, series.id, draft)
    if exists:
        notes.append(f"目标文件已存在：{project.name(path)}；正式导入时不会覆盖它，请先核对该文件，或用 --output 指定新的文件名")
    elif usual.exists() and usual.resolve() != path.resolve():
        notes.append(f"存档中已有同一期：{project.name(usual)}（两期同号时生成会报错）")
    return notes


def _choose_series(draft: Draft, series: dict[str, Series], wanted: str | None) -> tuple[str, str]:
    if wanted:
        if wanted not in series:
            known = "、".join(sorted(series)) or "无"
            raise ImportRefused(f"系列「{wanted}」不存在或有错误（已有：{known}）；系列定义在 content/series/<名字>.yaml")
        return wanted, "由 --series 指定"
    found, reason = match_series(draft, series)
    if found:
        return found, reason
    raise ImportRefused("无法确定这期简报属于哪个系列：" + reason + "\n请用 --series 指定已有系列，"
                        "或先新建系列文件 content/series/<名字>.yaml，建议内容如下：\n\n" + suggest_series(draft))

"""Which series an imported bulletin belongs to, by its masthead title and issuer; or a series to create."""

from __future__ import annotations

import json

from jianbao.importer.source import squeeze
from jianbao.importer.structure import Draft
from jianbao.model import Series


def match_series(draft: Draft, series: dict[str, Series]) -> tuple[str | None, str]:
    """(series id, how it matched) or (None, why not): the title must match, then the issuer decides."""
    title = squeeze(draft.masthead)
    if not title:
        return None, "原件中没有识别出报头名称"
    same_title = [s for s in series.values() if squeeze(s.title) == title]
    if not same_title:
        return None, f"没有报头为「{title}」的系列"
    issuer = squeeze(draft.issuer)
    same_issuer = [s for s in same_title if squeeze(s.issuer) == issuer] if issuer else same_title
    if len(same_issuer) > 1 and draft.program:
        same_issuer = [s for s in same_issuer if squeeze(s.program) == squeeze(draft.program)] or same_issuer
    if len(same_issuer) == 1:
        how = "报头和编印单位" if issuer else "报头"
        return same_issuer[0].id, f"按{how}与 content/series/{same_issuer[0].id}.yaml 匹配"
    if not same_issuer:
        names = "、".join(s.id for s in same_title)
        return None, f"报头「{title}」的系列（{names}）编印单位与原件「{draft.issuer}」不同"
    return None, f"有多个系列的报头都是「{title}」（{'、'.join(s.id for s in same_issuer)}）"


def suggest_series(draft: Draft) -> str:
    """A series file built from what the bulletin printed, for the editor to save and adjust."""
    q = lambda text: json.dumps(text, ensure_ascii=False)  # noqa: E731 - YAML double-quoted scalar
    lines = [f"title: {q(draft.masthead or '工作简报')}"]
    if draft.program:
        lines.append(f"program: {q(draft.program)}")
    lines.append(f"issuer: {q(draft.issuer or '（编印单位）')}")
    if draft.classification:
        lines.append(f"classification: {q(draft.classification)}")
    if draft.total:
        lines.append("show_total: true")
    if draft.distribution:
        lines.append("distribution:")
        lines += [f"  - {{label: {q(label)}, to: {q(to)}}}" for label, to in draft.distribution]
    if draft.copies:
        lines.append(f"copies: {draft.copies}")
    return "\n".join(lines) + "\n"

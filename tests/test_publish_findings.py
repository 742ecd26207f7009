"""publish proofreads first: it refuses an issue with findings unless they are accepted, and then records them."""

from __future__ import annotations

import json

import pytest

from jianbao import api
from jianbao.errors import FindingsRefused

from proof_helpers import FILE, SLIPS, TODAY, cli, findings_of, project_with


def test_publish_refuses_findings_and_archives_nothing(tmp_path):
    project = project_with(tmp_path, status="published")
    done = cli(tmp_path, "publish", FILE)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0] == "校对发现 7 处可疑之处，未存档任何一期："
    assert lines[1:-1] == [f"  {f}" for f in findings_of(project)]
    assert lines[-1] == ("请改正后再存档（标点、全角数字、多余空格等可用 check --fix 自动改正）；"
                         "逐条核对确认无误的，可加 --accept 照样存档，这些提示会记入存档清单。")
    assert not (tmp_path / "bulletins/demo/archive.json").exists() and not (tmp_path / "archive").exists()
    with pytest.raises(FindingsRefused):
        api.publish(project, [tmp_path / FILE], today=TODAY)


def test_publish_accept_records_what_was_accepted_with_the_version(tmp_path):
    project = project_with(tmp_path, status="published")
    expected = findings_of(project)
    done = cli(tmp_path, "publish", FILE, "--accept")
    assert done.returncode == 0, done.stderr
    assert f"已接受 {len(expected)} 条校对提示，记入存档清单。" in done.stdout
    manifest = json.loads((tmp_path / "bulletins/demo/archive.json").read_text(encoding="utf-8"))
    [version] = manifest["issues"]["2017/01"]["versions"]
    assert version["accepted"] == [f.record() for f in expected]
    assert version["accepted"][0] == {"line": expected[0].line, "field": expected[0].field,
                                      "code": expected[0].code, "message": str(expected[0])}
    assert findings_of(project) == [], "an archived issue is not proofread again"


def test_a_clean_issue_publishes_without_accept_and_records_nothing(tmp_path):
    clean = SLIPS.replace("body: |\n      全区竣工率较高,设备采购 完成率为７３％，，下一步继续推进。\n\n      他说\"好\"，\"另一段仍有问题。",
                          "body: |\n      全区工作进展顺利。").replace('      - "领句。正文\\x41，。"', "      - 领句。正文。")
    clean = clean.replace("全区工作 取得进展   # 标题中的空格是换行提示", "全区工作取得进展")
    project = project_with(tmp_path, status="published", text=clean)
    assert findings_of(project) == []
    [done] = api.publish(project, [tmp_path / FILE], today=TODAY).issues
    manifest = json.loads((tmp_path / "bulletins/demo/archive.json").read_text(encoding="utf-8"))
    assert done.accepted == [] and "accepted" not in manifest["issues"]["2017/01"]["versions"][0]

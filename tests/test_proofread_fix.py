"""check --fix mends the mechanical slips in place, keeping comments and layout, and prints each change."""

from __future__ import annotations

from jianbao import api
from jianbao.proofread.finding import Fix
from jianbao.proofread.fix import apply_fixes

from proof_helpers import FILE, SLIPS, TODAY, cli, project_with


def test_fix_mends_in_place_keeps_comments_and_layout_and_prints_each_change(tmp_path):
    project = project_with(tmp_path)
    done = cli(tmp_path, "check", "--fix")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:6] == [
        f"{FILE}:10: - 区竣工率较高,设备采购 完  + 区竣工率较高，设备采购 完",
        f"{FILE}:10: - 高,设备采购 完成率为７３  + 高,设备采购完成率为７３",
        f"{FILE}:10: - 购 完成率为７３％，，下一步继  + 购 完成率为73%，，下一步继",
        f"{FILE}:10: - 成率为７３％，，下一步继续推  + 成率为７３％，下一步继续推",
        f"{FILE}:12: -     他说\"好\"，\"另一段仍  +     他说“好”，\"另一段仍",
        "已自动改正 5 处。"]
    assert (tmp_path / FILE).read_text(encoding="utf-8") == SLIPS.format(status="draft").replace(
        "全区竣工率较高,设备采购 完成率为７３％，，下一步", "全区竣工率较高，设备采购完成率为73%，下一步").replace(
        '他说"好"，"另一段', '他说“好”，"另一段')
    # what needs judgement, or cannot be edited in place (an escape in double quotes), is still said
    assert [line.split("：应为")[0] for line in done.stderr.splitlines()] == [
        f"警告：{FILE}:12: 第1篇文章 body", f"警告：{FILE}:14: 第1篇文章 highlights 第1条"]
    assert "另有 2 条校对提示" in done.stdout
    again = cli(tmp_path, "check", "--fix")
    assert "没有可以自动改正的地方。" in again.stdout and again.stdout.count(FILE) == 0
    assert project.root.joinpath(FILE).read_text(encoding="utf-8").startswith("# 第 1 期：注释保留原样，，\n")


def test_fix_keeps_a_bom_and_windows_line_ends(tmp_path):
    text = SLIPS.format(status="draft").replace("\n", "\r\n")
    path = tmp_path / "bulletins/demo/2017/01.yaml"
    project = project_with(tmp_path)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert len(api.fix(project, today=TODAY).changes) == 5
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\r\n") == text.count("\r\n")
    assert "设备采购完成率为73%，下一步".encode() in raw


def test_a_fix_applies_only_where_its_old_text_still_stands():
    text = "a: 1\nbody: 甲,乙\n"
    fixes = [Fix(2, 7, ",", "，"), Fix(2, 6, "乙", "丙"), Fix(9, 0, "x", "y")]
    new, changes = apply_fixes(text, fixes, "f.yaml")
    assert new == "a: 1\nbody: 甲，乙\n" and [(c.line, c.before, c.after) for c in changes] == [(2, "ody: 甲,乙", "ody: 甲，乙")]


def test_fixes_that_overlap_are_applied_pass_after_pass(tmp_path):
    clean = SLIPS.replace("全区竣工率较高,设备采购 完成率为７３％，，下一步继续推进。\n\n      他说\"好\"，\"另一段仍有问题。",
                          "完成率为７３ ％，共 １４个。").replace('      - "领句。正文\\\\x41，。"', "      - 领句。正文。")
    project = project_with(tmp_path, text=clean)
    assert [(c.before, c.after) for c in api.fix(project, today=TODAY).changes] == [
        ("  完成率为７３ ％，共 １", "  完成率为73 ％，共 １"), ("７３ ％，共 １４个。", "７３ ％，共１４个。"),
        ("３ ％，共 １４个。", "３ ％，共 14个。"), ("完成率为73 ％，共14个", "完成率为73％，共14个"),
        ("完成率为73％，共14个。", "完成率为73%，共14个。")]
    assert "      完成率为73%，共14个。\n" in (tmp_path / FILE).read_text(encoding="utf-8")

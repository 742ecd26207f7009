"""The next issue of a series (`new`): its file, its 期号 and 总期号 (jianbao.numbering), and a commented skeleton."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from string import Template

from jianbao.errors import ArchiveError, InputError, Problem
from jianbao.model import Series, chinese_date, issue_name, number_label
from jianbao.pipeline.build import load_series
from jianbao.project import BULLETINS_DIR, SERIES_DIR, Project
from jianbao.reader.load import load_file
from jianbao.reader.numbering import Known, next_number

FILE_NUMBER = re.compile(r"^(zk)?(\d{1,3})$")


@dataclass(frozen=True)
class NewIssue:
    """What `new` is about to write: where, and the numbers printed on it."""

    series: Series
    path: Path
    number: int
    total: int | None  # None for a 增刊, which is not counted
    date: datetime.date
    supplement: bool = False

    @property
    def label(self) -> str:
        text = issue_name(self.series.title, self.date.year, number_label(self.number, self.supplement))
        return text + (f"（总第{self.total}期）" if self.total and self.series.show_total else "")


def plan_next(project: Project, series_id: str, date: datetime.date, supplement: bool = False) -> NewIssue:
    """The next 期号 of the series in the date's year (across years for `continuous`), and its 总期号."""
    series = _series(project, series_id)
    number, total = next_number(series, _existing(project, series_id), date, supplement)
    stem = f"zk{number:02d}" if supplement else f"{number:02d}"
    path = project.root / BULLETINS_DIR / series_id / str(date.year) / f"{stem}.yaml"
    return NewIssue(series, path, number, total, date, supplement)


def create_issue(project: Project, series_id: str, date: datetime.date, supplement: bool = False) -> NewIssue:
    """Write the next issue's skeleton; an existing file is never overwritten (ArchiveError)."""
    plan = plan_next(project, series_id, date, supplement)
    plan.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(plan.path, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(skeleton(plan, project.name(plan.path)))
    except FileExistsError:
        raise ArchiveError(f"文件 {project.name(plan.path)} 已经存在，未作任何改动（新建简报从不覆盖已有文件）。"
                           "请检查该文件中的期号是否写错。") from None
    return plan


def _series(project: Project, series_id: str) -> Series:
    problems: list[Problem] = []
    series = load_series(project, problems)
    if series_id in series:
        return series[series_id]
    own = f"{SERIES_DIR.as_posix()}/{series_id}.yaml"
    mine = [p for p in problems if p.file == own]
    if mine:
        raise InputError(mine)
    raise InputError([Problem(own, None, "", f"已定义的简报系列（{'、'.join(sorted(series)) or '无'}）",
                              f"没有系列「{series_id}」", "系列定义在 content/series/<名字>.yaml")])


def _existing(project: Project, series_id: str) -> list[Known]:
    """Every issue file of the series, read leniently: a file that does not validate still counts."""
    out = []
    for path in project.issue_files():
        doc, _ = load_file(path, project.name(path))
        data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
        in_folder = path.relative_to(project.root / BULLETINS_DIR).parts[0] == series_id
        if data.get("series", series_id if in_folder else None) != series_id:
            continue
        date = data.get("date") if isinstance(data.get("date"), datetime.date) else None
        number = data.get("number")
        match = FILE_NUMBER.match(path.stem)
        if not isinstance(number, int) or isinstance(number, bool):
            number = int(match.group(2)) if match else None
        if number is None:
            continue
        supplement = data.get("supplement") is True or bool(match and match.group(1))
        year = date.year if date else (int(path.parent.name) if path.parent.name.isdigit() else None)
        out.append(Known(number, year, date, supplement))
    return out


def _periods(date: datetime.date) -> tuple[str, str, str]:
    return f"{date.year - 1}-06", f"{date.year - 1}-12", f"{date.year}-{date.month:02d}"


def _series_summary(series: Series) -> str:
    lines = [f"#   报头：{series.title}" + (f"（上方一行：{series.program}）" if series.program else ""),
             f"#   编印单位：{series.issuer}"]
    if series.classification:
        lines.append(f"#   左上角：{series.classification}")
    for r in series.distribution:
        lines.append(f"#   报尾 {r.label}：{r.to}")
    if series.copies:
        lines.append(f"#   共印 {series.copies} 份")
    return "\n".join(lines)


def skeleton(plan: NewIssue, name: str) -> str:
    """The new issue's YAML: every feature of the format, with a comment for the editor on each field."""
    series, date = plan.series, plan.date
    p1, p2, p3 = _periods(date)
    if plan.supplement:
        total = "# 增刊单独编号，不计入总期号，所以不写 total。\nsupplement: true"
    elif series.show_total:
        total = ("# 总期号：总第 N 期，由存档推算；写了会核对，不写也会自动算出。\n"
                 f"total: {plan.total}\n"
                 "# 增刊（单独编号，不计入总期号）写 supplement: true，并用 python build.py new --supplement 新建。\n"
                 "# supplement: true")
    else:
        total = ("# 本系列不印总期号（在系列文件中写 show_total: true 才印）；按存档推算为：\n"
                 f"# total: {plan.total}\n"
                 "# 增刊（单独编号，不计入总期号）用 python build.py new --supplement 新建。\n"
                 "# supplement: true")
    copies = (f"# 本期印数；不写则用系列的“共印{series.copies}份”。\n# copies: {series.copies}"
              if series.copies else "# 本期印数（系列未规定印数时可在这里写）。\n# copies: 50")
    roles = "、".join(series.sign_roles)
    signers = ", ".join(f"{role}: 姓名" for role in series.sign_roles)
    return _SKELETON.substitute(
        label=plan.label, name=name, series_id=series.id, series_summary=_series_summary(series),
        number=plan.number, total=total, date=date.isoformat(), date_label=chinese_date(date),
        copies=copies, p1=p1, p2=p2, p3=p3, year=date.year, roles=roles, signers=signers,
        numbering="同一系列内连续编号，跨年不重新开始" if series.numbering == "continuous"
        else "同一系列同一年内不能重复，每年从第1期编起",
    )


# `$name` is filled in by skeleton(); everything else is written as it stands. `{{ … }}` are the
# bulletin's own placeholders, which is why this is a string.Template and not str.format.
# Every sample text carries 示例 (proofread.leftovers.SAMPLE_MARK): the proofreader finds what an
# editor forgot to replace, and tests/test_proofread.py checks that each sample text is found.
_SKELETON = Template("""\
# ==================================================================================
# $label
# 文件：$name
#
# 以“#”开头的行是说明，不会印出来，保留或删除都可以。
# 下面的标题、正文、数字和图表都是【示例】，用来展示每一种写法：请改成本期的内容，
# 用不到的部分（整段）删除即可。写的时候注意：
#   · 缩进只能用空格，不能用 Tab；同一层的行要对齐。
#   · 冒号要用英文半角“: ”（冒号后面有一个空格）。
#   · 随时运行  python build.py check $name  检查；
#     运行  python build.py serve  可以在浏览器里边改边看效果。
#
# 本期的报头、编印单位和报尾来自系列文件 content/series/$series_id.yaml：
$series_summary
# ==================================================================================

# 所属系列（content/series/ 下的文件名），一般不要改。
series: $series_id
# 期号：第 $number 期（$numbering）。
number: $number
$total
# 签发日期，印为“$date_label”。
date: $date
# 状态：draft（草稿，可随时修改）或 published（已印发，存档后不可再改）。
status: draft
$copies
# 更正：只用于已经印发（published）并存档的一期需要更正时，写明更正原因和日期，新的一期不要写。
# correction: {reason: 更正原因, date: $date}
# 公众号封面：JPEG 或 PNG，宽高比 2.35:1（如 900×383 像素），路径相对于本文件所在文件夹。
# cover: 封面.jpg
# 密级（涉密的一期才写）：secrecy 为 秘密、机密 或 绝密；secrecy_period 为保密期限（如 1年、6个月、长期），
# 印在第一页左上角，如“秘密★6个月”（代替系列的“内部资料”一行）。写了密级的一期不能有公开文章。
# secrecy: 秘密
# secrecy_period: 6个月
# 紧急程度（急件才写）：特急 或 加急，印在第一页左上角、密级下面。
# urgency: 加急
# 签发人：印在报尾上方一行（如“签发：张三”），只印在简报上，不进新闻稿。
# 本系列印：$roles（系列文件中的 sign_roles）；某一项这期不印就不写。
# signers: {$signers}

# 本期编者按（印在红线下方、标题之前，楷体）。不需要就删除这一段。
note: 编者按示例：简要说明本期刊发的内容和对各地的要求。

# ---------------------------------------------------------------------------------
# 数字（figures）：本期用到的每个数字只在这里写一次，正文、表格和图表都引用它，保证处处一致。
# 每个数字有一个英文名字（字母、数字、下划线，如 progress_rate），正文中写成 {{ 名字.属性 }}。
# 数值不加引号、不带单位；单位写在 unit 中（"%" 要加引号）。
# release: public 表示可以公开（可提供给新闻发布）；internal 表示仅限内部；
# 不写则随引用它的文章而定。公开文章不能引用 internal 数字。
# ---------------------------------------------------------------------------------
figures:
  # 【按时期的数值】values 按时间先后写（年-月），最后一项是最新值；target 是目标值。
  # 可引用：{{ progress_rate.latest }} 最新值、{{ progress_rate.latest_period }} 最新时期、
  # {{ progress_rate.first }} 最早值、{{ progress_rate.$p2 }} 某一时期的值、{{ progress_rate.of_target }} 完成目标的比例。
  progress_rate:
    label: 示例工程完工率
    unit: "%"
    target: 90
    values: {$p1: 40, $p2: 65, $p3: 82}
    # 名称以“率”结尾、单位为 % 的数字超过 100% 时，校对会提示；确实可以超过（如增长率）时写：
    # may_exceed_100: true   # 去掉行首的 # 即生效
  # 第二个按时期的数值，可以和上一个画在同一张图里比较。
  equipment_rate:
    label: 示例设备到位率
    unit: "%"
    target: 90
    values: {$p1: 30, $p2: 58, $p3: 93}
  # 【单个数值】value 是数值；of 是计划总数，自动算出占比 {{ funds.share }}；数字照写照印（12.50 印为 12.50）。
  funds:
    label: 示例累计到位资金
    unit: 亿元
    value: 12.50
    of: 20.00
    release: public
  # 【表格】columns 是各列名称；rows 每行一个地区和各列的数值；row_header 是第一列的表头（默认“地区”）。
  # 可引用：{{ by_region.count }} 行数、{{ by_region.below_target }} 第一列低于目标的地区、
  # {{ by_region.甲地区.完工率 }} 某一格的值。
  by_region:
    label: 示例各地工程进度
    unit: "%"
    target: 80
    row_header: 地区
    columns: [完工率, 到位率]
    rows:
      甲地区: [92, 95]
      乙地区: [85, 88]
      丙地区: [71, 76]
  # 仅限内部的数字：只能出现在内部文章中。
  open_issues:
    label: 示例待整改问题
    unit: 个
    value: 14
    release: internal

# ---------------------------------------------------------------------------------
# 文章（articles）：至少一篇，按顺序排印；每篇以“- title:”开头。
# ---------------------------------------------------------------------------------
articles:
  # 标题（小标宋二号，居中，每行不超过20字，最长80字）。标题中的空格表示希望在这里换行。
  - title: 示例标题请改为本期的主标题 长标题中的空格表示希望在这里换行
    # public：公开，可提供给新闻发布；internal（默认）：仅限内部，不会出现在对外材料中。
    release: public
    # 公众号摘要（可删除）：一行，不超过120字；不写时取正文第一段。
    # summary: 本文摘要示例。
    # 本文的编者按（可删除）。
    note: 本文编者按示例。
    # 正文（markdown 写法），写在“body: |”下面，每行比 body 多缩进两格：
    #   · 空一行为一段；**加粗**；*强调*（印为楷体）。
    #   · 层次标题：# 一级（自动编“一、”）、## 二级“（一）”、### 三级“1.”、#### 四级“（1）”。
    #     序号会自动加上，不要自己写；也不要跳级（一级下面直接写三级是错的）。
    #     标题在第一个“。”之后还有文字的，这些文字接在标题后面作为正文。
    #   · 表格：上面一行写“表：表格标题”，下面用 | 分隔各列（见下例）。
    #   · 列表：每项以“1.”开头，印出的序号比所在标题低一级（“1.”“（1）”“①”）；
    #     套在里面的一层多缩进 2 至 4 个空格，最多 3 层。每项以“- ”开头的是不带序号的列表。
    #   · 图表和表格的位置：单独一行写 {{ 图.名字 }}（charts、photos 中的 id）或 {{ 表.数字名 }}，就排在这里；
    #     写在句子中间是引用，印为“图1”“表1”。编号按阅读顺序自动排。没有放置的排在正文之后。
    #   · 脚注：在文字后写 [^1]，另起一行写“[^1]: 说明”。
    #   · 不能用链接、图片（照片写在下面的 photos 中）和代码。
    body: |
      截至{{ progress_rate.latest_period }}底，示例工程完工率达到{{ progress_rate.latest }}（见{{ 图.progress }}），比{{ progress_rate.first_period }}提高明显，**这是加粗示例**，*这是强调示例*。

      # 总体进展

      ## 工程建设。这段示例文字接在二级标题后面，作为正文。

      {{ 图.progress }}

      ### 各地进度

      {{ by_region.count }}个地区中，{{ by_region.below_target }}低于{{ by_region.target }}的目标，各地进度见{{ 表.by_region }}。

      {{ 表.by_region }}

      进度较慢的原因主要有（有序列表示例）：

      1. 示例原因一；
      2. 示例原因二，包括：
          1. 示例细项一；
          2. 示例细项二。

      下一步的做法（无序列表示例）：

      - 示例做法一；
      - 示例做法二。

      #### 资金到位

      累计到位资金{{ funds.value }}，占计划的{{ funds.share }}[^1]。

      表：示例表格标题

      | 项目 | 数量（个） |
      | --- | --- |
      | 示例一 | 10 |
      | 示例二 | 20 |

      [^1]: 脚注示例：说明“计划”的口径。
    # 由表格数字生成的表格，自动编号“表1”“表2”……；只写数字名即可（tables: [by_region]），
    # 要在表格下面加“注：”“数据来源：”时写成下面的样子。
    tables:
      - figure: by_region
        note: 注释示例。
        source: 数据来源示例
    # 图表由数字自动绘制，和照片一起自动编号“图1”“图2”……；title 可以不写（会自动取数字的名称）。
    #   progress 进度柱状图（1至6个按时期的数值）；trend 趋势折线图（1至6个按时期的数值）；
    #   share 占比图（1个带 of 的单个数值）；ranking 地区排名图（1个表格数字）。
    #   id 是在正文中放置、引用它的名字（写了就要用到）；note、source 印为图下的“注：”“数据来源：”。
    charts:
      - {id: progress, kind: progress, figures: [progress_rate], title: 示例工程进度, source: 数据来源示例}
      - {kind: trend, figures: [progress_rate, equipment_rate]}
      - {kind: share, figures: [funds]}
      - {kind: ranking, figures: [by_region]}
    # 照片（可删除）：file 是照片路径（相对于本文件所在文件夹），title 是图题，alt 是照片内容的文字说明，
    # 三项必填；JPEG 或 PNG，宽和高至少 200 像素，不超过 20 MB。照片和图表一起编号，也可以写 id 和 note、source。
    # photos:   # 照片
    #   - file: photos/示例照片.jpg
    #     title: 示例照片图题
    #     alt: 照片内容的文字说明
    # 工作亮点，印为“一是……二是……”，领句加粗；“一是”等序号由程序加上，不要自己写。两种写法：
    highlights:
      # 写法一：lead 是领句（加粗），text 是后面的文字。
      - lead: 示例亮点一。
        text: 示例做法：这里写具体做法。
      # 写法二：写成一句话，第一个“。”之前是领句。
      - 示例亮点二。这里写具体做法。
    # 亮点之后的结束语（可删除）。
    closing: 示例结束语：下一步工作安排。

  # 第二篇文章（可删除）。内部文章可以引用内部数字。
  - title: 示例内部文章
    release: internal
    body: |
      目前仍有{{ open_issues.value }}待整改，示例。
""")

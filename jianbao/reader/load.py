"""Read YAML files safely into plain values, keeping the line of every field (the only yaml import)."""

from __future__ import annotations

import datetime
import errno
import math
import os
import re
import stat
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from jianbao.errors import Problem
from jianbao.reader.paths import field_path

MAX_FILE_BYTES = 1_000_000
EMPTY_FILE = "空文件"  # what a file of no YAML (blank, or comments only) is reported as
MAX_NODES = 50_000  # after alias expansion: a billion-laughs file stops here
MAX_DEPTH = 40
MAX_INT_DIGITS = 30  # longer digit strings are no count of anything a bulletin prints
# Characters a Word document (XML 1.0) cannot hold, nor a UTF-8 file: controls, lone surrogates.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")

Path_ = tuple
INVALID = type("Invalid", (), {"__repr__": lambda self: "INVALID"})()  # a value already reported  # a field path: keys and list indices, e.g. ("articles", 0, "title")


@dataclass
class RawDoc:
    """One YAML file as plain Python values, with the line (1-based) of each field path."""

    file: str
    data: Any
    key_lines: dict = field(default_factory=dict)  # path -> line of the key (or list item)
    value_lines: dict = field(default_factory=dict)  # path -> line where the value's text starts
    # path -> (style, last line) of a text value: a literal block ("|") keeps its lines one for one,
    # so the proofreader can point at the line of a character, and --fix edit it in place.
    text_spans: dict = field(default_factory=dict)
    load_problems: int = 0  # problems found while loading: values refused there read as INVALID

    def line(self, path: Path_) -> int | None:
        """The line of a path, or of its nearest ancestor that has one."""
        path = tuple(path)
        while True:
            if path in self.key_lines:
                return self.key_lines[path]
            if not path:
                return None
            path = path[:-1]

    def text_line(self, path: Path_) -> int | None:
        """The line where a text value's first character stands (block scalars start below their key)."""
        return self.value_lines.get(tuple(path)) or self.line(path)


class _Limits(Exception):
    def __init__(self, expected: str, found: str, line: int | None):
        super().__init__(found)
        self.expected, self.found, self.line = expected, found, line


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader whose composer stops at MAX_NODES nodes or MAX_DEPTH levels, before building more."""

    def __init__(self, stream):
        super().__init__(stream)
        self.jb_nodes, self.jb_depth = 0, 0

    def compose_node(self, parent, index):
        self.jb_nodes += 1
        if self.jb_nodes > MAX_NODES:
            raise _Limits(f"不超过 {MAX_NODES} 个节点", f"超过 {MAX_NODES} 个字段和列表项", self._jb_line())
        if self.jb_depth >= MAX_DEPTH:
            raise _Limits(f"嵌套不超过 {MAX_DEPTH} 层", "嵌套过深", self._jb_line())
        self.jb_depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.jb_depth -= 1

    def _jb_line(self) -> int | None:
        event = self.peek_event()
        return event.start_mark.line + 1 if event and event.start_mark else None


_TAG = "tag:yaml.org,2002:"
_SAFE_TAGS = {_TAG + t for t in ("str", "null", "bool", "int", "float", "timestamp", "seq", "map")}
_SAFE_CONSTRUCTOR = yaml.SafeLoader("")  # a constructor for booleans and timestamps only


class _Converter:
    """Walks a composed node graph into values; duplicate keys and unsafe tags become problems."""

    def __init__(self, doc: RawDoc, problems: list[Problem]):
        self.doc, self.problems, self.count = doc, problems, 0
        self.seen: set[int] = set()
        self.aliased = False  # an alias reuses a node: then "too many nodes" is an alias bomb

    def problem(self, node, path, expected, found, hint=""):
        self.problems.append(Problem(self.doc.file, node.start_mark.line + 1,
                                     field_path(path), expected, found, hint))

    def convert(self, node, path: tuple, depth: int = 0) -> Any:
        self.count += 1
        if id(node) in self.seen:
            self.aliased = True
        self.seen.add(id(node))
        if self.count > MAX_NODES:
            found = "YAML 别名（&/*）展开后过大" if self.aliased else f"超过 {MAX_NODES} 个字段和列表项"
            raise _Limits(f"不超过 {MAX_NODES} 个节点", found, node.start_mark.line + 1)
        if depth > MAX_DEPTH:
            raise _Limits(f"嵌套不超过 {MAX_DEPTH} 层", "嵌套过深", node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if node.tag not in _SAFE_TAGS:
            self.problem(node, path, "普通的值（文字、数字、日期、列表、键值对）",
                         f"不支持的 YAML 标签 {_short(node.tag)}", "出于安全考虑，不接受 !! 标签")
            return INVALID
        if isinstance(node, yaml.SequenceNode):
            out = []
            for i, item in enumerate(node.value):
                self.doc.key_lines.setdefault(path + (i,), item.start_mark.line + 1)
                out.append(self.convert(item, path + (i,), depth + 1))
            return out
        return self.scalar(node, path)

    def mapping(self, node, path, depth):
        out: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                self.problem(key_node, path, "普通键", "合并键 <<", "请直接写出各字段")
                continue
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            if not self.plain(key_node, path + (_UNPRINTABLE.sub("?", key),)):
                key = _UNPRINTABLE.sub("?", key)
            elif key_node.tag == _TAG + "int":
                key = _SAFE_CONSTRUCTOR.construct_yaml_int(key_node)
            if key in out:
                self.problem(key_node, path + (key,), "不重复的键", f"重复的键「{key}」",
                             f"第一次出现在第 {self.doc.key_lines.get(path + (key,))} 行")
                continue
            self.doc.key_lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = self.convert(value_node, path + (key,), depth + 1)
        return out

    def plain(self, node, path) -> bool:
        """False (and a problem) for text no document can hold, or an integer too long to be one."""
        if not isinstance(node, yaml.ScalarNode):
            return True
        bad = _UNPRINTABLE.search(node.value)
        if bad:
            self.problem(node, path, "不含控制字符的文字", f"控制字符 U+{ord(bad.group()):04X}",
                         "多半是从别处复制来的隐藏字符，或双引号中的 \\x 转义：请删去")
            return False
        if node.tag == _TAG + "int" and sum(c.isdigit() for c in node.value) > MAX_INT_DIGITS:
            self.problem(node, path, f"不超过 {MAX_INT_DIGITS} 位的整数", f"{len(node.value)} 位的数字")
            return False
        return True

    def scalar(self, node, path):
        tag = node.tag
        line = node.start_mark.line + 1
        if node.style in ("|", ">"):
            line += 1
        self.doc.value_lines[path] = line
        if not self.plain(node, path):
            return INVALID
        if tag == _TAG + "str":
            self.doc.text_spans[path] = (node.style, node.end_mark.line + 1)
            return node.value
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return _SAFE_CONSTRUCTOR.construct_yaml_bool(node)
        if tag == _TAG + "int":
            return _SAFE_CONSTRUCTOR.construct_yaml_int(node)
        if tag == _TAG + "float":
            return _decimal(node.value)
        try:
            return _SAFE_CONSTRUCTOR.construct_yaml_timestamp(node)
        except ValueError:
            self.problem(node, path, "存在的日期（年-月-日）", f"「{node.value}」")
            return INVALID


def _decimal(text: str) -> Decimal | float:
    """Floats become Decimals so that 162.70 keeps its digits; NaN and infinities stay floats."""
    cleaned = text.replace("_", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        lowered = cleaned.lower().lstrip("+")
        return math.nan if "nan" in lowered else (-math.inf if lowered.startswith("-") else math.inf)
    return value


def _short(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


def decode(raw: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text (a BOM is fine); any other encoding is a problem that says where."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(name, 1, "", "UTF-8 编码的文本", "UTF-16 编码的文本", "请在编辑器中“另存为 UTF-8”")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(name, line, "", "UTF-8 编码的文本", "无法按 UTF-8 解码的字节",
                              "文件可能是 GBK 编码：请在编辑器中“另存为 UTF-8”")]


def _compose(text: str, name: str, loader) -> tuple[RawDoc | None, list[Problem]]:
    """Compose with `loader` and convert to values; (None, []) for an empty file. Errors propagate."""
    node = yaml.compose(text, Loader=loader)
    if node is None:
        return None, []
    doc = RawDoc(name, None)
    problems: list[Problem] = []
    doc.key_lines[()] = node.start_mark.line + 1  # the file's own line: where its content starts
    doc.data = _Converter(doc, problems).convert(node, ())
    doc.load_problems = len(problems)
    return doc, problems


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
MAX_FAST_BRACKETS = 2_000


def _parse_fast(text: str, name: str) -> tuple[RawDoc, list[Problem]] | None:
    """libyaml's parser, about ten times faster, for the common case of a file that parses.

    Anything unusual (a syntax error, a limit, deep nesting) returns None, and the pure-Python
    loader parses again: its messages and its limits, checked while composing, are the reference.
    """
    # libyaml recurses in C on nested [ and {: a flood of them overflows its stack (a crash, not an
    # error), so such a file goes to the Python loader, which stops at MAX_DEPTH.
    if _FAST_LOADER is None or text.count("[") + text.count("{") > MAX_FAST_BRACKETS:
        return None
    try:
        doc, problems = _compose(text, name, _FAST_LOADER)
    except (yaml.YAMLError, _Limits, RecursionError, ValueError):
        return None
    return (doc, problems) if doc is not None else None


def parse(text: str, name: str) -> tuple[RawDoc | None, list[Problem]]:
    """Parse YAML text; returns the document or the problems that stopped it."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        return None, [Problem(name, None, "", f"不超过 {MAX_FILE_BYTES // 1000} KB 的文件",
                              f"{len(text.encode('utf-8')) // 1000} KB")]
    fast = _parse_fast(text, name)
    if fast is not None:
        return fast
    try:
        doc, problems = _compose(text, name, _BoundedLoader)
        if doc is None:
            return None, [Problem(name, 1, "", "YAML 内容", EMPTY_FILE)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        found = _yaml_reason(exc, text, line)
        return None, [Problem(name, line, "", "合法的 YAML", found, _yaml_hint(found))]
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        return None, [Problem(name, line, "", "不含控制字符的文字", f"控制字符 U+{exc.character:04X}"
                              if isinstance(exc.character, int) else "无法读取的字符", "请删去该字符")]
    except yaml.YAMLError as exc:
        return None, [Problem(name, None, "", "合法的 YAML", str(exc).splitlines()[0])]
    except _Limits as exc:
        return None, [Problem(name, exc.line, "", exc.expected, exc.found)]
    except RecursionError:
        return None, [Problem(name, None, "", f"嵌套不超过 {MAX_DEPTH} 层", "嵌套过深")]
    return doc, problems


def _yaml_reason(exc: yaml.MarkedYAMLError, text: str, line: int | None) -> str:
    reason = exc.problem or exc.context or "语法错误"
    if line and "\t" in (text.splitlines() or [""])[min(line, len(text.splitlines())) - 1]:
        return "行内含制表符（Tab）"
    translations = {
        "expected <block end>, but found": "缩进不对齐（同一层的字段要左端对齐）",
        "expected ',' or '}'": "花括号 { } 不成对",
        "expected ',' or ']'": "方括号 [ ] 不成对",
        "found unexpected end of stream": "引号不成对（缺少结束的引号）",
        "did not find expected key": "缩进不对齐，或缺少冒号",
        "did not find expected '-' indicator": "列表项（- ）缩进不对齐",
        "found unknown escape character": "双引号中无效的转义（\\ 请写成 \\\\，或改用单引号）",
        "expected a comment or a line break": "多余的内容（引号或括号之后不能再写文字）",
        "expected alphabetic or numeric character": "锚点（&）或别名（*）的名字不对",
        "found character '\\t' that cannot start any token": "行内含制表符（Tab）",
        "mapping values are not allowed here": "此处不能出现冒号（值中含“: ”时请加引号）",
        "could not find expected ':'": "缺少冒号",
        "found undefined alias": "未定义的别名",
        "but found another document": "第二个 YAML 文档（一个文件只能有一个，去掉 --- 及其后的内容）",
        "found duplicate anchor": "重复的锚点（&）",
    }
    for english, chinese in translations.items():
        if reason.startswith(english):
            return chinese
    token = re.match(r"found character '(.+)' that cannot start any token", reason)
    if token:
        return f"字符「{token.group(1)}」不能作为值的开头（请给这段文字加引号）"
    return f"语法错误（{reason}）"


def _yaml_hint(found: str) -> str:
    if "制表符" in found:
        return "YAML 只能用空格缩进，请把 Tab 换成空格"
    if "冒号" in found:
        return "检查缩进，或给含冒号的文字加引号"
    return ""


class Unreadable(Exception):
    """A file that cannot be read as an input, with what was expected and found (in Chinese)."""

    def __init__(self, expected: str, found: str, hint: str = ""):
        super().__init__(found)
        self.expected, self.found, self.hint = expected, found, hint

    def problem(self, name: str) -> Problem:
        return Problem(name, None, "", self.expected, self.found, self.hint)


def os_reason(exc: OSError, path: Path | None = None) -> str:
    """Why a file could not be opened or read, in Chinese (the system's words are English)."""
    if isinstance(exc, FileNotFoundError):
        return "找不到该文件"
    if isinstance(exc, IsADirectoryError) or (path is not None and os.path.isdir(path)):
        return "文件夹，不是文件"  # Windows opens no folder: PermissionError
    if isinstance(exc, PermissionError):
        return "没有读取权限（请检查文件的权限，或是否被其他程序独占打开）"
    if exc.errno == errno.ELOOP:
        return "循环的符号链接"
    if exc.errno == errno.ENAMETOOLONG:
        return "过长的文件名"
    return f"无法读取（{exc.strerror or type(exc).__name__}）"


def read_input(path: Path, limit: int | None = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file, or Unreadable saying why not.

    Opened without blocking and looked at before reading: a folder, a pipe or a device where a
    file was expected is named as such instead of hanging the build, and a file over `limit`
    bytes is not read at all.
    """
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise Unreadable("可读取的文件", os_reason(exc, path)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise Unreadable("可读取的文件", "文件夹，不是文件")
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("可读取的文件", "设备或管道等特殊文件，不是普通文件")
        if limit is not None and info.st_size > limit:
            raise Unreadable(f"不超过 {limit // 1000} KB 的文件", f"{info.st_size // 1000} KB")
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise Unreadable("可读取的文件", os_reason(exc, path)) from None
    finally:
        os.close(fd)


def load_file(path: Path, name: str) -> tuple[RawDoc | None, list[Problem]]:
    """Read and parse one file; `name` is how problems refer to it (a path relative to the project)."""
    try:
        raw = read_input(path)
    except Unreadable as exc:
        return None, [exc.problem(name)]
    return load_bytes(raw, name)


def load_bytes(raw: bytes, name: str) -> tuple[RawDoc | None, list[Problem]]:
    """Decode and parse the bytes of one file (load_file without the reading)."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(name, None, "", f"不超过 {MAX_FILE_BYTES // 1000} KB 的文件",
                              f"{len(raw) // 1000} KB")]
    text, problems = decode(raw, name)
    if text is None:
        return None, problems
    return parse(text, name)


def value_at(data: Any, path: Path_, absent: Any = None) -> Any:
    """The plain value at a field path (keys and list indices), or `absent` where there is none."""
    for part in path:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return absent
    return data


def is_date(value: Any) -> bool:
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)

"""Field checks for the regimes' input files (land registry, sub-fund proposals, council records, …).

Each check takes a decoded JSON value and returns the clean value or raises ValueError with a
Chinese + English message; :func:`fields` applies a spec to an object and collects every problem
with its place in the file, so a user sees all mistakes at once.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from zhengce.errors import InputError

Check = Callable[[Any], Any]
MAX_WHOLE = 10**15  # 1000万亿: beyond any amount, area or count these files hold


class FileProblems(InputError):
    """An input file is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str], what: str = "输入文件有误 (invalid input file)") -> None:
        self.problems = problems
        shown = problems[:20] + ([f"……另有{len(problems) - 20}处"] if len(problems) > 20 else [])
        super().__init__(f"{what}：\n" + "\n".join(f"  {p}" for p in shown))


def text(max_len: int) -> Check:
    def check(v: Any) -> str:
        if not isinstance(v, str) or not v.strip():
            raise ValueError("应为非空文本 (must be non-empty text)")
        if len(v) > max_len:
            raise ValueError(f"超过{max_len}个字符 (too long)")
        return v.strip()

    return check


def boolean(v: Any) -> bool:
    if not isinstance(v, bool):
        raise ValueError("应为 true 或 false (must be a boolean)")
    return v


def iso_date(v: Any) -> date:
    if not isinstance(v, str):
        raise ValueError("应为 YYYY-MM-DD 格式的日期 (must be an ISO date)")
    try:
        return date.fromisoformat(v)
    except ValueError:
        raise ValueError(f"“{v}”不是有效日期，应为 YYYY-MM-DD (not an ISO date)") from None


def whole(what: str, minimum: int = 0, maximum: int = MAX_WHOLE) -> Check:
    """A whole number from ``minimum`` to ``maximum`` (JSON 12 or 12.0; not 1.5, not true)."""

    def check(v: Any) -> int:
        finite = isinstance(v, int) or (isinstance(v, float) and math.isfinite(v))
        if isinstance(v, bool) or not finite or v != int(v) or not minimum <= v <= maximum:
            raise ValueError(f"{what}应为{minimum}至{maximum}之间的整数 (must be a whole number in range)")
        return int(v)

    return check


def number(what: str, minimum: float = 0) -> Check:
    def check(v: Any) -> float:
        finite = isinstance(v, int) or (isinstance(v, float) and math.isfinite(v))
        if isinstance(v, bool) or not finite or v < minimum or abs(v) > MAX_WHOLE:
            raise ValueError(f"{what}应为不小于{minimum}的数 (must be a number ≥ {minimum})")
        return v

    return check


def one_of(vocab: Mapping[str, Any]) -> Check:
    def check(v: Any) -> str:
        if not isinstance(v, str) or v not in vocab:
            raise ValueError(f"“{v}”不是可用取值，可用：{'、'.join(vocab)} (unknown code)")
        return v

    return check


def fields(
    raw: Any,
    where: str,
    spec: Mapping[str, tuple[Check, bool]],
    problems: list[str],
    extra: set[str] | frozenset[str] = frozenset(),
) -> dict[str, Any] | None:
    """Apply ``spec`` (name → (check, required)) to an object; absent optional fields become None."""
    if not isinstance(raw, dict):
        problems.append(f"{where}：应为对象 (must be an object)")
        return None
    out: dict[str, Any] = {}
    for name, (check, required) in spec.items():
        value = raw.get(name)
        if value is None:
            if required:
                problems.append(f"{where}.{name}：缺少必填项 (required)")
            out[name] = None
            continue
        try:
            out[name] = check(value)
        except ValueError as exc:
            problems.append(f"{where}.{name}：{exc}")
            out[name] = None  # every spec key is present, so callers can index freely
    unknown = sorted(set(raw) - set(spec) - set(extra))
    if unknown:
        problems.append(f"{where}：未知字段 {'、'.join(unknown)} (unknown fields)")
    return out


def items(raw: Any, where: str, problems: list[str]) -> list[Any]:
    """A JSON array (absent → empty); anything else is a problem."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.append(f"{where}：应为数组 (must be a list)")
        return []
    return raw


def read_json(path: Path) -> Any:
    """Decoded JSON of a file; InputError (Chinese + English) when missing, unreadable or not JSON."""
    try:
        content = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"文件不存在：{path} (no such file)") from None
    except IsADirectoryError:
        raise InputError(f"{path} 是目录，不是文件 (is a directory)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"无法读取 {path}：{exc} (cannot read file)") from None
    return parse_json(content, str(path))


def parse_json(content: str, name: str) -> Any:
    """Decoded JSON text; InputError naming ``name`` with the line and column when it is not JSON."""
    try:
        return json.loads(content)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{name} 不是有效的 JSON：第{exc.lineno}行第{exc.colno}列 {exc.msg} (invalid JSON)"
        ) from None

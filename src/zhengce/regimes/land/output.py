"""CLI output shared by the land, funds and targets commands: findings tables, JSON, errors."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

console = Console()
err = Console(stderr=True)

KIND_LABELS = {
    "violation": "[red]违规[/]",
    "obligation_due": "[yellow]待履行[/]",
    "warning": "[yellow]提示[/]",
    "decision": "[cyan]决定[/]",
    "cannot_decide": "[dim]无法判定[/]",
}


def fail(exc: Exception | str) -> NoReturn:
    """User error: ``错误：…`` on stderr, exit 2."""
    err.print(f"[bold red]错误[/]：{exc}", highlight=False)
    raise typer.Exit(2)


def parse_date(text: str | None, what: str = "--as-of") -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"{what} 应为 YYYY-MM-DD 格式的日期，收到“{text}” (bad date)")


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def print_findings(findings: Sequence[Any], title: str | None = None) -> None:
    """A table of findings: subject, kind, message, citations (and the consequence when there is one)."""
    table = Table(title=title, show_lines=True)
    for name, ratio in (("对象", 2), ("结论", 1), ("说明", 5), ("依据", 3)):
        table.add_column(name, overflow="fold", ratio=ratio)
    # Group by subject, keeping rule order within a subject.
    for f in sorted(findings, key=lambda f: f.subject):
        message = f.message
        if f.consequence is not None:
            c = f.consequence
            parts = [*c.orders]
            if c.fine_min is not None:
                parts.append(f"罚款{c.fine_min}至{c.fine_max}元")
            if c.referral:
                parts.append(c.referral)
            message += "\n后果：" + "；".join(parts)
        if f.due is not None:
            message += f"\n期限：{f.due.isoformat()}"
        table.add_row(
            f.subject,
            KIND_LABELS.get(f.kind.value, f.kind.value),
            message,
            "\n".join(c.text for c in f.citations),
        )
    console.print(table)

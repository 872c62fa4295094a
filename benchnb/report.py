"""The report's text, written deterministically from computed facts.

Every number here is read from the inventory summary; nothing is estimated. Paths and
reasons come from scanned file names and are rendered as escaped inline code.
"""

from __future__ import annotations

from benchnb.views import type_label

MAX_LISTED = 25


def md_code(text: str) -> str:
    """Untrusted text as Markdown inline code: newlines shown as \\n, backticks fenced."""
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    run = longest = 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _files(n: int) -> str:
    return f"{n:,} file" + ("" if n == 1 else "s")


def _type_phrase(name: str, t: dict) -> str:
    n = t["files"]
    return f"{n:,} {type_label(name)} file{'' if n == 1 else 's'} ({t['bytes']:,} bytes)"


def _coverage_line(c: dict) -> str:
    where = ", ".join(md_code(m) for m in c["matches"])
    if c["status"] == "present":
        return f"{md_code(c['dir'])}: present ({_files(c['files'])} in {where})"
    if c["status"] == "empty":
        return f"{md_code(c['dir'])}: empty ({where} holds no file of the scanned types)"
    return f"{md_code(c['dir'])}: missing (no such directory under the roots)"


def inventory_section(summary: dict) -> str:
    """The Data Ingestion Summary: counts, bytes, dates, largest file, coverage, skips."""
    lines = ["## Data Ingestion Summary", ""]
    roots = "; ".join(
        f"{md_code(r['path'])} ({_files(r['files'])}, {r['bytes']:,} bytes)"
        + ("" if r["exists"] else " — does not exist")
        for r in summary["roots"]
    )
    lines.append(f"- Roots scanned: {roots}.")
    by_type = summary["by_type"]
    parts = ", ".join(_type_phrase(n, t) for n, t in by_type.items()) or "none"
    lines.append(f"- {_files(summary['files'])}, {summary['bytes']:,} bytes in all: {parts}.")
    if summary["files"]:
        lines.append(f"- {summary['analysed']:,} analysed, {summary['skipped_files']:,} skipped.")
        for name, t in by_type.items():
            if t["latest_modified"]:
                lines.append(
                    f"- Latest {type_label(name)} file modified {t['latest_modified']}"
                    f" (oldest {t['oldest_modified']})."
                )
        largest = summary["largest"]
        lines.append(f"- Largest file: {md_code(largest['path'])}, {largest['bytes']:,} bytes.")
    if summary["coverage"]:
        lines += ["", "### Directory coverage", ""]
        lines += [f"- {_coverage_line(c)}" for c in summary["coverage"]]
    problems = summary["skipped"] + summary["not_scanned"]
    lines += ["", "### Skipped and not scanned", ""]
    if not problems:
        lines.append("- Nothing was skipped.")
    for p in problems[:MAX_LISTED]:
        lines.append(f"- {md_code(p['path'])}: {p['reason']}")
    if len(problems) > MAX_LISTED:
        lines.append(f"- … and {len(problems) - MAX_LISTED:,} more (see `inventory.json`).")
    return "\n".join(lines) + "\n"


def writer_note(llm: str, version: str) -> str:
    """Which writer produced the narrative, and why."""
    if llm == "none":
        return "Written by benchnb's deterministic writer (parameter `llm: none`)."
    return (
        f"Written by benchnb's deterministic writer: LLM backends are not part of benchnb "
        f"{version} yet (parameter `llm: {llm}`)."
    )


def report_markdown(summary: dict, title: str, llm: str, version: str) -> str:
    return f"# {title}\n\n_{writer_note(llm, version)}_\n\n{inventory_section(summary)}"

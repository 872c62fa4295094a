"""Matplotlib figures for the notebooks. Each is titled with its units and scope.

The functions return the figure; in a notebook end the cell with ``;`` and the inline
backend shows it once.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import StrMethodFormatter

from benchnb.markup.formatting import type_label


def _scope(summary: dict) -> str:
    types = summary["types"]
    return "all types" if types == "all" else "/".join(types)


def _label_bars(ax, bars, values) -> None:
    for bar, value in zip(bars, values, strict=True):
        ax.annotate(
            f"{value:,}",
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=8,
        )


def files_and_bytes_by_type(summary: dict) -> Figure:
    """Two bar charts: files per type and bytes per type."""
    types = list(summary["by_type"])
    labels = [type_label(t) for t in types]
    files = [summary["by_type"][t]["files"] for t in types]
    sizes = [summary["by_type"][t]["bytes"] for t in types]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    _label_bars(left, left.bar(labels, files, color="#4c72b0"), files)
    left.set_title("Files per type (count)")
    left.set_ylabel("files")
    _label_bars(right, right.bar(labels, sizes, color="#dd8452"), sizes)
    right.set_title("Bytes per type (bytes)")
    right.set_ylabel("bytes")
    right.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    fig.suptitle(f"{summary['files']:,} files, {summary['bytes']:,} bytes ({_scope(summary)})")
    fig.set_label(
        "Bar charts of files and bytes per type: "
        + ", ".join(
            f"{n} {f:,} files, {b:,} bytes" for n, f, b in zip(labels, files, sizes, strict=True)
        )
    )
    fig.tight_layout()
    return fig


def files_by_directory(summary: dict, top: int = 20) -> Figure:
    """Horizontal bars: files directly in each directory (the `top` fullest)."""
    dirs = [d for d in summary["directories"] if d["files"] > 0]
    dirs = sorted(dirs, key=lambda d: (-d["files"], d["dir"]))[:top][::-1]
    fig, ax = plt.subplots(figsize=(10, 0.35 * max(len(dirs), 3) + 1.2))
    if dirs:
        names = [d["dir"] for d in dirs]
        counts = [d["files"] for d in dirs]
        bars = ax.barh(names, counts, color="#55a868")
        for bar, d in zip(bars, dirs, strict=True):
            ax.annotate(
                f" {d['files']:,} ({d['bytes']:,} B)",
                (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                va="center",
                fontsize=8,
            )
    else:
        ax.text(0.5, 0.5, "no files", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlabel("files (count)")
    ax.set_title(f"Files per directory, direct children ({_scope(summary)})")
    fig.set_label(
        f"Horizontal bar chart of the files directly in the {len(dirs)} fullest directories"
    )
    fig.tight_layout()
    return fig


def size_distribution(files: pd.DataFrame) -> Figure:
    """Histogram of file sizes (bytes, log scale) per type; empty files are left out."""
    fig, ax = plt.subplots(figsize=(10, 3.6))
    sized = files[files["bytes"] > 0]
    if sized.empty:
        ax.text(0.5, 0.5, "no non-empty files", ha="center", va="center", transform=ax.transAxes)
    else:
        hi = max(1.0, math.log10(sized["bytes"].max()) + 0.25)
        bins = [10 ** (i / 4) for i in range(int(hi * 4) + 2)]
        for type_name, group in sized.groupby("type"):
            ax.hist(group["bytes"], bins=bins, alpha=0.6, label=type_label(type_name))
        ax.set_xscale("log")
        ax.legend()
    ax.set_xlabel("file size (bytes, log scale)")
    ax.set_ylabel("files")
    ax.set_title(f"File size distribution ({len(sized):,} non-empty files)")
    fig.set_label(f"Histogram of file sizes in bytes, log scale, per type, {len(sized):,} files")
    fig.tight_layout()
    return fig


def age_distribution(files: pd.DataFrame) -> Figure:
    """Histogram of file ages in days before the newest file, per type."""
    fig, ax = plt.subplots(figsize=(10, 3.6))
    dated = files.dropna(subset=["modified"])
    if dated.empty:
        ax.text(0.5, 0.5, "no dated files", ha="center", va="center", transform=ax.transAxes)
        newest = "-"
    else:
        newest_ts = dated["modified"].max()
        newest = newest_ts.strftime("%Y-%m-%d %H:%M UTC")
        ages = (newest_ts - dated["modified"]).dt.total_seconds() / 86400
        for type_name, group in ages.groupby(dated["type"]):
            ax.hist(group, bins=20, alpha=0.6, label=type_label(type_name))
        ax.legend()
    ax.set_xlabel("age (days before the newest file)")
    ax.set_ylabel("files")
    ax.set_title(f"File age distribution (newest file: {newest})")
    fig.set_label(f"Histogram of file ages in days before the newest file ({newest}), per type")
    fig.tight_layout()
    return fig

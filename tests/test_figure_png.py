"""A figure's PNG (benchnb.display.figure.png): painted once and cut to what it draws, the
picture ``savefig(bbox_inches="tight")`` gives, to a pixel; a figure that draws beyond its
bounds is still saved whole."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("agg")

import matplotlib.pyplot as plt
import numpy as np
from PIL import Image

from benchnb.display import figure


def _pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).astype(int)


def _closest(a: np.ndarray, b: np.ndarray) -> float:
    """The mean difference of two pictures at the best of the one-pixel shifts."""
    h, w = min(a.shape[0], b.shape[0]) - 1, min(a.shape[1], b.shape[1]) - 1
    return min(
        float(np.abs(a[i : i + h, j : j + w] - b[k : k + h, m : m + w]).mean())
        for i in (0, 1) for j in (0, 1) for k in (0, 1) for m in (0, 1)
    )  # fmt: skip


def _bars():
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.barh(["alpha", "beta", "gamma"], [3, 1, 2], color="#4c72b0")
    ax.set_title("Throughput by model (tok/s)")
    ax.set_xlabel("tok/s")
    fig.tight_layout()
    return fig


def test_the_picture_is_the_one_savefig_gives() -> None:
    reference = figure._saved(_bars())
    fig = _bars()
    drawn = figure.png(fig)
    assert not plt.fignum_exists(fig.number)  # closed
    a, b = _pixels(reference), _pixels(drawn)
    assert abs(a.shape[0] - b.shape[0]) <= 1 and abs(a.shape[1] - b.shape[1]) <= 1
    assert _closest(a, b) < 1.0  # out of 255: the same picture, not a shifted or cut one
    assert (b[0] == 255).all() and (b[:, 0] == 255).all()  # the white margin


def test_a_figure_drawing_beyond_its_bounds_is_saved_whole() -> None:
    def beyond():
        fig = _bars()
        ax = fig.axes[0]
        ax.text(1.6, 0.5, "a note far right", transform=ax.transAxes)
        return fig

    reference, drawn = figure._saved(beyond()), figure.png(beyond())
    assert _pixels(drawn).shape == _pixels(reference).shape
    assert _pixels(drawn).shape[1] > 600  # wider than the 6-inch figure: the note is in


def test_a_figure_kept_open_keeps_its_dpi_and_colour() -> None:
    fig = _bars()
    fig.set_dpi(72)
    fig.set_facecolor("#eeeeee")
    figure.png(fig, close=False)
    assert plt.fignum_exists(fig.number) and fig.dpi == 72
    assert matplotlib.colors.to_hex(fig.get_facecolor()) == "#eeeeee"
    plt.close(fig)

"""Figures as pictures: a matplotlib figure rendered once to PNG, with its alt text.

Every figure benchnb draws says what it shows in its label (``fig.get_label()``, set by
the function that drew it); that label is the picture's alt text in the notebooks, in
their HTML and Markdown exports and in the report.
"""

from __future__ import annotations

import io

from matplotlib.figure import Figure

DPI = 100
#: The margin around what a figure draws, in inches (matplotlib's ``savefig.pad_inches``).
PAD = 0.1


def alt_text(fig: Figure) -> str:
    """The figure's alt text: its label, else its title."""
    label = fig.get_label()
    if label:
        return label
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    suptitle = fig._suptitle.get_text() if fig._suptitle is not None else ""
    return suptitle or (titles[0] if titles else "chart")


def png(fig: Figure, close: bool = True) -> bytes:
    """The figure as PNG bytes (cut to what is drawn, with a margin of ``PAD`` inches, on
    white); closed unless ``close`` is false, so a notebook does not show it a second time.

    Drawn once: ``savefig(bbox_inches="tight")`` draws a figure twice, once to measure
    what it holds and once to paint it, and the figures of a page spent a quarter of their
    time in the first. Here the painted figure is measured and cut; the pictures are those
    ``savefig`` gave, to the pixel or one pixel wider or taller (rounding). A figure that
    draws outside its own bounds is saved by ``savefig``, which paints beyond them."""
    try:
        return _drawn_once(fig) or _saved(fig)
    finally:
        if close:
            import matplotlib.pyplot as plt

            plt.close(fig)


def _saved(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", facecolor="white")
    return buffer.getvalue()


def _drawn_once(fig: Figure) -> bytes | None:
    """The figure painted at ``DPI`` on white and cut to its tight box plus ``PAD``; None
    when what it draws leaves the figure."""

    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.image import imsave

    dpi, face = fig.dpi, fig.get_facecolor()
    canvas = FigureCanvasAgg(fig)  # the figure's canvas from now on: Agg paints PNGs
    fig.set_dpi(DPI)
    fig.set_facecolor("white")
    try:
        canvas.draw()
        tight = fig.get_tightbbox(canvas.get_renderer())
        width, height = fig.get_size_inches()
        if tight.x0 < 0 or tight.y0 < 0 or tight.x1 > width or tight.y1 > height:
            return None
        box = tight.padded(PAD)
        painted = np.asarray(canvas.buffer_rgba())
        rows, cols = painted.shape[:2]
        left, right = round(box.x0 * DPI), round(box.x1 * DPI)
        top, bottom = rows - round(box.y1 * DPI), rows - round(box.y0 * DPI)
        cut = np.full((bottom - top, right - left, 4), 255, dtype=np.uint8)  # white margin
        r0, r1, c0, c1 = max(top, 0), min(bottom, rows), max(left, 0), min(right, cols)
        cut[r0 - top : r1 - top, c0 - left : c1 - left] = painted[r0:r1, c0:c1]
        buffer = io.BytesIO()
        imsave(buffer, cut, format="png", dpi=DPI)
        return buffer.getvalue()
    finally:
        fig.set_dpi(dpi)
        fig.set_facecolor(face)


def show(fig: Figure) -> None:
    """Display the figure in a notebook as a PNG with its alt text (the export writes it
    into the ``alt`` attribute)."""
    from IPython.display import Image, display

    alt = alt_text(fig)
    display(Image(data=png(fig), format="png", metadata={"alt": alt}))

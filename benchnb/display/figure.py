"""Figures as pictures: a matplotlib figure rendered once to PNG, with its alt text.

Every figure benchnb draws says what it shows in its label (``fig.get_label()``, set by
the function that drew it); that label is the picture's alt text in the notebooks, in
their HTML and Markdown exports and in the report.
"""

from __future__ import annotations

import io

from matplotlib.figure import Figure

DPI = 100


def alt_text(fig: Figure) -> str:
    """The figure's alt text: its label, else its title."""
    label = fig.get_label()
    if label:
        return label
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    suptitle = fig._suptitle.get_text() if fig._suptitle is not None else ""
    return suptitle or (titles[0] if titles else "chart")


def png(fig: Figure, close: bool = True) -> bytes:
    """The figure as PNG bytes (trimmed to what is drawn); closed unless ``close`` is
    false, so a notebook does not show it a second time."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", facecolor="white")
    if close:
        import matplotlib.pyplot as plt

        plt.close(fig)
    return buffer.getvalue()


def show(fig: Figure) -> None:
    """Display the figure in a notebook as a PNG with its alt text (the export writes it
    into the ``alt`` attribute)."""
    from IPython.display import Image, display

    alt = alt_text(fig)
    display(Image(data=png(fig), format="png", metadata={"alt": alt}))

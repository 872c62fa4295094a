"""Stage 6, **export**: executed notebooks in, pages for people out.

In: an executed notebook (``.ipynb``) and the metrics it is about. Out: a self-contained
HTML page (images embedded, nothing loaded from the network) and a Markdown file, each
carrying the metrics as a table and as JSON (:mod:`~benchnb.export.metrics` reads them
back). nbconvert is imported only when a notebook is exported.
"""

from benchnb.export.metrics import read_html_metrics, read_markdown_metrics
from benchnb.export.notebook import export_notebook

__all__ = ["export_notebook", "read_html_metrics", "read_markdown_metrics"]

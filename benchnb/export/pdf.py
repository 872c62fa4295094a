"""report.pdf: report.html printed by nbconvert's web-PDF exporter with the system's
Chromium.

nbconvert's :class:`~nbconvert.exporters.WebPDFExporter` launches the browser Playwright
downloads (``playwright install``); benchnb never downloads one. Its subclass here launches
the Chromium already on the machine (``BENCHNB_CHROMIUM``, else ``chromium``,
``chromium-browser``, ``google-chrome`` on the PATH) with the exporter's own settings
(print media, pagination, render timeout). Without Chromium or Playwright the PDF is
skipped and :func:`write_pdf` says why.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import importlib.util
import os
import shutil
import tempfile
from pathlib import Path

CHROMIUM_NAMES: tuple[str, ...] = ("chromium", "chromium-browser", "google-chrome")
#: Flags for a headless Chromium that talks to nothing but the page it prints.
CHROMIUM_FLAGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def find_chromium() -> str | None:
    """The system Chromium: ``BENCHNB_CHROMIUM`` if set, else the first on the PATH."""
    chosen = os.environ.get("BENCHNB_CHROMIUM")
    if chosen:
        return chosen if Path(chosen).is_file() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def why_no_pdf() -> str | None:
    """Why a PDF cannot be made here, or None when it can."""
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (pip install playwright)"
    if find_chromium() is None:
        return "no Chromium found (install Debian's chromium, or set BENCHNB_CHROMIUM)"
    return None


def _exporter(executable: str):
    from nbconvert.exporters import WebPDFExporter

    class SystemChromiumPDF(WebPDFExporter):
        """nbconvert's web-PDF exporter, printing with the system Chromium."""

        def run_playwright(self, html: str) -> bytes:
            async def main(page_file: str) -> bytes:
                from playwright.async_api import async_playwright

                async with async_playwright() as playwright:
                    browser = await playwright.chromium.launch(
                        executable_path=executable,
                        args=[*CHROMIUM_FLAGS, *self.browser_args],
                        handle_sigint=False,
                        handle_sigterm=False,
                        handle_sighup=False,
                    )
                    page = await browser.new_page()
                    await page.emulate_media(media="print")
                    await page.goto(Path(page_file).as_uri(), wait_until="networkidle")
                    await page.wait_for_timeout(self.page_render_timeout)
                    data = await page.pdf(print_background=True)
                    await browser.close()
                    return data

            with tempfile.TemporaryDirectory() as tmp:
                page_file = Path(tmp) / "page.html"
                page_file.write_text(html, encoding="utf-8")
                with concurrent.futures.ThreadPoolExecutor(1) as pool:  # no running loop
                    return pool.submit(asyncio.run, main(str(page_file))).result()

    return SystemChromiumPDF()


def write_pdf(html_path: Path, pdf_path: Path) -> str | None:
    """Print ``html_path`` to ``pdf_path``. Returns None when written, else why not
    (no Playwright, no Chromium); a failing browser raises :class:`ExportError`."""
    from benchnb.errors import ExportError

    reason = why_no_pdf()
    if reason:
        return reason
    executable = find_chromium()
    assert executable is not None
    try:
        data = _exporter(executable).run_playwright(html_path.read_text(encoding="utf-8"))
        pdf_path.write_bytes(data)
    except Exception as exc:
        text = " ".join(str(exc).split())[:300] or type(exc).__name__
        raise ExportError(f"cannot print {html_path.name} to PDF: {text}") from exc
    return None

"""Open a page in a real browser, as a reader would, and list what is wrong with it.

Debian's Chromium driven by Playwright (pointed at the system binary: nothing is
downloaded). A page is opened at 1280 px width from the file system; wrong is: a console
error, an uncaught page error, a dialog (alert, confirm, print …), a request that would
leave the machine (every request but ``file:`` and ``data:`` is stopped before it is sent),
an image that does not render, a table wider than the page, or a page wider than the
window. A screenshot of the whole page is saved.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from benchnb.export.pdf import CHROMIUM_FLAGS, find_chromium

WIDTH, HEIGHT = 1280, 900
LOCAL = ("file:", "data:", "about:")

LAYOUT_JS = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const img of document.images) {
    if (!img.complete || img.naturalWidth === 0) {
      out.push(`image does not render: ${(img.getAttribute('src') || '').slice(0, 60)}`);
    } else if (!img.getAttribute('alt')) {
      out.push(`image without alt text: ${(img.getAttribute('src') || '').slice(0, 60)}`);
    }
  }
  document.querySelectorAll('table').forEach((t, i) => {
    const r = t.getBoundingClientRect();
    if (r.right > width + 1 || r.left < -1) {
      const head = (t.querySelector('th') || {}).textContent || '';
      out.push(`table ${i} (${head.trim().slice(0, 30)}) is ${Math.round(r.width)} px wide, `
               + `right edge at ${Math.round(r.right)} px, page ${width} px`);
    }
  });
  if (document.documentElement.scrollWidth > width + 1) {
    out.push(`page is ${document.documentElement.scrollWidth} px wide, window ${width} px`);
  }
  return out;
}"""


def chromium_or_skip() -> str:
    """The system Chromium; the test is skipped without it, unless
    BENCHNB_REQUIRE_BROWSER is set (CI), where it fails."""
    found = find_chromium()
    missing = None
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing = "the playwright package is not installed"
    if found is None:
        missing = missing or "no Chromium on this machine (apt-get install chromium)"
    if missing:
        if os.environ.get("BENCHNB_REQUIRE_BROWSER"):
            pytest.fail(f"BENCHNB_REQUIRE_BROWSER is set but {missing}")
        pytest.skip(missing)
    assert found is not None
    return found


class Browser:
    def __init__(self, context) -> None:
        self.context = context

    def check(self, page_path: Path, screenshot: Path) -> list[str]:
        """What is wrong with the page at ``page_path``; its screenshot is saved."""
        problems: list[str] = []
        page = self.context.new_page()

        def route(r) -> None:
            url = r.request.url
            if url.startswith(LOCAL):
                r.continue_()
            else:
                problems.append(f"request leaving the machine: {url}")
                r.abort()

        def dialog(d) -> None:
            problems.append(f"dialog ({d.type}): {d.message}")
            d.dismiss()

        page.route("**/*", route)
        page.on(
            "console",
            lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("dialog", dialog)
        page.goto(page_path.resolve().as_uri(), wait_until="load")
        page.wait_for_timeout(200)
        problems += page.evaluate(LAYOUT_JS)
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(screenshot), full_page=True)
        page.close()
        return problems


@contextmanager
def browser() -> Iterator[Browser]:
    """A fresh headless Chromium profile at 1280 px, closed afterwards."""
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile,
            executable_path=executable,
            args=list(CHROMIUM_FLAGS),
            viewport={"width": WIDTH, "height": HEIGHT},
        )
        try:
            yield Browser(context)
        finally:
            context.close()

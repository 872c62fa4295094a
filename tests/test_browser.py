"""Every exported page opened in a real browser (Debian's Chromium through Playwright) at
1280 px, as a reader would: no console error, page error or dialog, no request leaving
the machine, every image rendered with its alt text, no table wider than the page. A
screenshot of each page is saved under the test's temporary folder. And the test of the
test: a page with a broken image, an external script … must fail it."""

from __future__ import annotations

import shutil

import pytest

from tests.browser import browser

pytestmark = pytest.mark.slow

PAGES = ["report.html", "01_inventory.html", "02_performance.html", "03_report.html"]


def test_every_exported_page_renders_clean(seed_run, tmp_path) -> None:
    proc, out = seed_run
    assert proc.returncode == 0, proc.stderr
    shots = tmp_path / "screenshots"
    with browser() as b:
        for name in PAGES:
            shot = shots / name.replace(".html", ".png")
            assert b.check(out / name, shot) == [], name
            assert shot.stat().st_size > 10_000, name
    print(f"screenshots: {shots}")


BREAKAGES = {
    "broken image": ('<img src="data:image/png;base64,AAAA" alt="broken">', "does not render"),
    "external script": (
        '<script src="https://cdn.example.com/lib.js"></script>',
        "request leaving the machine",
    ),
    "external image": (
        '<img src="http://images.example.com/a.png" alt="x">',
        "request leaving the machine",
    ),
    "console error": ("<script>console.error('boom')</script>", "console error"),
    "page error": ("<script>throw new Error('bad')</script>", "page error"),
    "dialog": ("<script>alert('hi')</script>", "dialog"),
    "wide table": (
        '<table><tr><td style="white-space: nowrap">' + "wide " * 400 + "</td></tr></table>",
        "px wide",
    ),
    "image without alt": (
        '<img src="data:image/gif;base64,'
        'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7">',
        "without alt text",
    ),
}


@pytest.mark.parametrize("kind", sorted(BREAKAGES))
def test_the_check_fails_a_broken_export(seed_run, tmp_path, kind) -> None:
    _, out = seed_run
    snippet, expected = BREAKAGES[kind]
    page = tmp_path / "report.html"
    shutil.copy(out / "report.html", page)
    page.write_text(page.read_text().replace("<body>", "<body>" + snippet, 1))
    with browser() as b:
        problems = b.check(page, tmp_path / "broken.png")
    assert any(expected in p for p in problems), problems

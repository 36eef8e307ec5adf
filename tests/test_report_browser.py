"""report.html in a real headless Chromium (Debian's chromium, driven by Playwright).

.ci/run installs chromium, so in CI (CI=true) a missing browser is a failure,
never a skip. On a developer machine without it the tests say why they skip.
"""

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import run_cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
UNALIGNED_RGB = "rgb(246, 213, 220)"

if CHROMIUM is None:
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed; .ci/run must install it (apt-get install chromium)", pytrace=False)
    pytest.skip("chromium is not installed (apt-get install chromium); CI installs it", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def open_report(browser, path: Path, width: int = 1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(path.as_uri())
    return page


def sentence_beads(directory: Path) -> list[dict]:
    beads = [json.loads(l) for l in (directory / "alignments.jsonl").read_text().splitlines()]
    return [b for b in beads if b["level"] == "sentence"]


def test_shipped_report_rows_unaligned_style_and_screenshot(browser, tmp_path):
    out = tmp_path / "out"
    assert run_cli("run", "--no-translate", "--out", str(out)).returncode == 0
    directory = out / "anwar2024-foundational-challenges"
    page = open_report(browser, directory / "report.html")
    assert page.locator(".rows .row").count() == len(sentence_beads(directory)) == 82  # 77 sentences, 5 headings
    first_unaligned = page.locator(".row.unaligned").first
    assert first_unaligned.locator("div").first.evaluate("e => getComputedStyle(e).backgroundColor") == UNALIGNED_RGB
    aligned = page.locator(".row.high").first
    assert aligned.locator("div").first.evaluate("e => getComputedStyle(e).backgroundColor") != UNALIGNED_RGB
    assert page.locator("#unaligned-zh").inner_text() == "79"
    assert (
        page.locator('[lang="zh-CN"]')
        .first.evaluate("e => getComputedStyle(e).fontFamily")
        .startswith('"Noto Sans CJK SC"')
    )
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    narrow = open_report(browser, directory / "report.html", width=420)
    columns = narrow.locator(".rows").evaluate("e => getComputedStyle(e).gridTemplateColumns")
    assert len(columns.split()) == 1  # one column on a narrow window
    narrow.screenshot(path=str(tmp_path / "report-narrow.png"))


def test_fixture_report_rows_and_question_filter(browser, version_outputs, tmp_path):
    directory = version_outputs[1]["v1"]
    page = open_report(browser, directory / "report.html")
    assert page.locator(".rows .row").count() == len(sentence_beads(directory))
    assert page.locator(".section-row").count() >= 4  # several sections
    questions = page.locator(".questions li")
    assert questions.count() == 6
    page.fill("#question-filter", "jailbreak")
    assert page.locator(".questions li:visible").count() == 1
    assert page.locator("#question-count").inner_text() == "1 of 6 questions"
    page.fill("#question-filter", "")
    assert page.locator(".questions li:visible").count() == 6
    page.screenshot(path=str(tmp_path / "fixture-report.png"), full_page=True)


def test_diff_html_page(browser, version_outputs, tmp_path):
    root, _ = version_outputs
    target = tmp_path / "diff.html"
    assert run_cli("diff", "v1", "v2", "--format", "html", "--output", str(target), cwd=root).returncode == 1
    page = open_report(browser, target)
    assert page.locator("ins").count() >= 3 and page.locator("del").count() >= 2
    assert page.locator("table.counts tr").count() == 6

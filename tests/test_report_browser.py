"""The report in a real headless browser: it loads cleanly, draws its chart, highlights claims.

Needs Debian's ``chromium`` and ``chromium-driver`` and the ``selenium`` package. Without them
these tests skip, saying why, unless ``POWDB_REQUIRE_BROWSER=1`` (as in CI): then they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from powdb.db import open_database
from powdb.query import list_claims
from powdb.report import write_report

CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
HOSTILE = (
    "Of <script>alert(1)</script> the 4,000 prisoners, <img src=x onerror=alert(1)> 900 died.\n"
)


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "the selenium package is not installed (pip install selenium)"
    for program in ("chromium", "chromedriver"):
        if shutil.which(program) is None:
            return f"{program} is not installed (apt-get install chromium chromium-driver)"
    return None


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    reason = _missing()
    if reason:
        if os.environ.get("POWDB_REQUIRE_BROWSER") == "1":
            pytest.fail(f"POWDB_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(shutil.which("chromium"))
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    options.add_argument("--window-size=1280,1000")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def seeded_with_hostile(cli, seeds: Path, tmp_path: Path, db_url: str) -> str:
    """The seeds and a document of hostile markup (a script, an image whose onerror runs one)."""
    (seeds / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    result = cli("ingest", str(seeds), "--db", db_url)
    assert result.exit_code == 0, result.output
    return db_url


def _problems(driver: Any) -> list[dict[str, Any]]:
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


def test_report_loads_draws_its_chart_and_highlights_claims(
    browser: Any, seeded_with_hostile: str, tmp_path: Path
) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    engine = open_database(seeded_with_hostile)
    write_report(engine, tmp_path / "report.html")
    browser.get((tmp_path / "report.html").as_uri())

    assert browser.find_element(By.TAG_NAME, "h1").text == "powdb report"
    assert _problems(browser) == []
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert  # noqa: B018 - the hostile source ran no script

    (svg,) = browser.find_elements(By.CSS_SELECTOR, "#conflicts figure.chart svg")
    assert svg.size["width"] > 200 and svg.size["height"] > 50
    assert svg.get_attribute("role") == "img"
    assert "roughly 23,500" in svg.get_attribute("textContent")

    claims = {f"claim-{c['id']}": c for c in list_claims(engine)}
    marks = browser.find_elements(By.CSS_SELECTOR, "mark.claim")
    assert {m.get_attribute("id") for m in marks} == set(claims)
    for mark in marks:
        assert mark.text == claims[mark.get_attribute("id")]["surface"]
        assert mark.is_displayed() and mark.size["width"] > 0

    # Focusing a highlight (as Tab does) shows what it claims.
    held = next(m for m in marks if m.text == "roughly 23,500 American")
    tip = "return getComputedStyle(arguments[0], '::after').content"
    assert browser.execute_script(tip, held) in ("none", "normal", "")
    browser.execute_script("arguments[0].focus()", held)
    assert browser.switch_to.active_element == held
    shown = browser.execute_script(tip, held)
    assert "hedge: roughly" in shown and "counts: American soldiers" in shown

    # A claim link scrolls to the highlight.
    browser.get((tmp_path / "report.html").as_uri() + "#" + held.get_attribute("id"))
    assert browser.execute_script(
        "return document.querySelector(':target').id"
    ) == held.get_attribute("id")
    assert _problems(browser) == []


def test_split_report_pages_load_cleanly(
    browser: Any, seeded_with_hostile: str, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    summary = write_report(open_database(seeded_with_hostile), tmp_path / "report.html", split=True)
    assert summary.files_dir is not None
    browser.get((tmp_path / "report.html").as_uri())
    link = browser.find_element(By.CSS_SELECTOR, "#sources table a")
    link.click()
    assert "report_files/source-" in browser.current_url
    assert browser.find_elements(By.CSS_SELECTOR, "mark.claim") or "0 shown" in browser.page_source
    for page in sorted(summary.files_dir.glob("*.html")):
        browser.get(page.as_uri())
        assert browser.find_element(By.TAG_NAME, "h2").text
    assert _problems(browser) == []


# The smallest text of every chart as drawn on the page: its font size times the scale the
# page draws the SVG at (its width on screen over the width it was drawn for).
_SMALLEST_TEXT = """
const svg = arguments[0];
const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
const sizes = [...svg.querySelectorAll('text')].map(
    t => parseFloat(getComputedStyle(t).fontSize) * scale);
return Math.min(...sizes);
"""


def test_charts_are_wide_and_their_text_readable(
    browser: Any, cli, tmp_path: Path, db_url: str
) -> None:
    from selenium.webdriver.common.by import By

    docs = tmp_path / "docs"
    docs.mkdir()
    for name, date, text in [
        ("a.txt", "1962", "In late May 1945 the British handed over about 22,500 Cossacks."),
        ("b.txt", "1978", "In May 1945, 45,000 Cossacks were handed over by the British."),
        ("c.txt", "1995", "In May 1945, up to 25,000 Cossacks were handed over by the British."),
    ]:
        (docs / name).write_text(f"The Handover at Lienz\n{text}\n", encoding="utf-8")
        assert cli("ingest", str(docs / name), "--db", db_url, "--date", date).exit_code == 0
    write_report(open_database(db_url), tmp_path / "report.html")
    browser.get((tmp_path / "report.html").as_uri())
    assert _problems(browser) == []

    page_width = browser.find_element(By.TAG_NAME, "main").size["width"]
    charts = browser.find_elements(By.CSS_SELECTOR, "figure.chart svg")
    assert len(browser.find_elements(By.CSS_SELECTOR, "figure.chart.history svg")) == 1
    assert len(charts) == 2  # the conflict and its subject's historiography
    for svg in charts:
        assert svg.size["width"] >= page_width / 2
        assert browser.execute_script(_SMALLEST_TEXT, svg) >= 12

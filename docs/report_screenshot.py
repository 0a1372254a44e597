"""Take docs/report.png: the seeds' report in headless Chromium, a highlight focused; and
docs/report-history.png: the historiography of a subject of bench/conflict_corpus (seven
invented sources), given invented publication dates here.

Run from the repository root: ``.venv/bin/python docs/report_screenshot.py`` (needs Debian's
``chromium`` and ``chromium-driver`` and the ``selenium`` package).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

REPO = Path(__file__).resolve().parents[1]
POWDB = Path(sys.executable).with_name("powdb")
# Invented dates for the invented corpus: how the historiography view looks.
CORPUS_DATES = {
    "01_lienz_account.txt": "1962",
    "02_cossack_tragedy.txt": "1978",
    "03_regimental_memoir.txt": "1974",
    "04_far_east_internment.txt": "1991",
    "05_home_from_siberia_review.txt": "2003",
    "06_pow_claims.txt": "2010",
    "07_odessa_repatriation.txt": "1999",
}


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        db, report = Path(work) / "seeds.db", Path(work) / "report.html"
        subprocess.run([POWDB, "ingest", REPO / "seeds", "--db", db], check=True)
        subprocess.run([POWDB, "report", "-o", report, "--db", db], check=True)
        corpus_db, history = Path(work) / "corpus.db", Path(work) / "history.html"
        for name, date in CORPUS_DATES.items():
            path = REPO / "bench" / "conflict_corpus" / name
            subprocess.run([POWDB, "ingest", path, "--db", corpus_db, "--date", date], check=True)
        subprocess.run([POWDB, "report", "-o", history, "--db", corpus_db], check=True)
        options = webdriver.ChromeOptions()
        options.binary_location = str(shutil.which("chromium"))
        for flag in (
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
            "--window-size=1200,1000", "--hide-scrollbars", f"--user-data-dir={work}/profile",
        ):  # fmt: skip
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
        try:
            driver.get(report.as_uri())
            driver.save_screenshot(str(REPO / "docs" / "report.png"))
            mark = driver.find_element(By.CSS_SELECTOR, "mark.claim[id]")
            driver.execute_script("arguments[0].focus(); window.scrollBy(0, -150)", mark)
            driver.save_screenshot(str(REPO / "docs" / "report-source.png"))
            driver.get(history.as_uri())
            chart = driver.find_element(By.CSS_SELECTOR, "figure.chart.history")
            driver.execute_script("arguments[0].parentElement.scrollIntoView()", chart)
            driver.save_screenshot(str(REPO / "docs" / "report-history.png"))
        finally:
            driver.quit()


if __name__ == "__main__":
    main()

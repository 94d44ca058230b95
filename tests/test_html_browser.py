"""The HTML report in headless Chromium (Debian's chromium and chromium-driver, driven by selenium).

It renders from disk; the highlighted spans and the words where target and pivot disagree are
visible; the filters hide findings and their highlights and collapse the documents left without
any; the search filters rows; the documents table sorts by a click on a header; the links between
findings and segments lead somewhere and open a collapsed document; the charts are there; long
tokens wrap; a 24-document batch is a short page; it reads with the script off; text from the
documents stays text (no script runs); and the console shows no errors. Skipped, with the reason,
where chromium, its driver or selenium is missing or the browser does not start
(`apt-get install -y chromium chromium-driver`; CI installs them).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from report_sample import sample_report, write_files

from qa.records import Document, Segment
from qa.report import RENDERERS

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SEED = Path(__file__).resolve().parents[1] / "corpora" / "izvestia-ru-us-2025"
#: the height of the batch report of 24 documents before it collapsed them (issue 15, item 10)
OLD_BATCH_HEIGHT = 118_000

TRANSPARENT = {"rgba(0, 0, 0, 0)", "transparent"}
LONG_TOKEN = "sha256:" + "0123456789abcdef" * 16  # no place a line may break


def start_browser(profile: Path, chromium: Path = CHROMIUM, driver: Path = CHROMEDRIVER):
    """A headless Chromium at 1,400 px, or a skip that says why there is none."""
    for path in (chromium, driver):
        if not path.exists():
            pytest.skip(f"{path} is absent (apt-get install -y chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--window-size=1400,1000",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        return webdriver.Chrome(options=options, service=Service(str(driver)))
    except (WebDriverException, OSError) as error:
        pytest.skip(f"chromium did not start: {str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__}")


def test_a_missing_browser_skips_with_its_reason(tmp_path):
    with pytest.raises(pytest.skip.Exception, match="is absent"):
        start_browser(tmp_path, chromium=tmp_path / "no-chromium")
    with pytest.raises(pytest.skip.Exception, match="is absent"):
        start_browser(tmp_path, driver=tmp_path / "no-chromedriver")


def test_a_browser_that_does_not_start_skips(tmp_path):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent")
    pytest.importorskip("selenium")
    fake = tmp_path / "chromedriver"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    with pytest.raises(pytest.skip.Exception, match="did not start"):
        start_browser(tmp_path / "profile", driver=fake)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = start_browser(tmp_path_factory.mktemp("chromium-profile"))
    yield driver
    driver.quit()


def scored_report():
    """The sample report with mtqa scores, a third document (for sorting) with a long token."""
    report = sample_report()
    article, clean = report.documents
    article.scores["mtqa"], clean.scores["mtqa"] = -0.8, 0.5
    first, second, _ = article.segments
    first.scores["mtqa"], second.scores["mtqa"] = 0.2, -1.4
    zeta = Document(
        id="zeta",
        source_path="zeta.tsv",
        target_path="zeta.tsv",
        source_lang="ru",
        target_lang="en",
        segments=[Segment(id="z1", source="Ссылка.", target=f"See {LONG_TOKEN} now.", pivot="Link.", scores={"mtqa": -0.1})],
        scores={"mtqa": -0.1},
    )
    report.documents.append(zeta)
    return report


def _load(browser, path: Path, report) -> object:
    path.write_text(RENDERERS["html"](report), encoding="utf-8")
    browser.get_log("browser")  # drop what earlier pages logged
    browser.get(path.as_uri())
    return browser


@pytest.fixture
def page(browser, tmp_path):
    write_files(tmp_path)
    return _load(browser, tmp_path / "report.html", scored_report())


def _css(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def _finding_marks(driver, cell: str):
    return _css(driver, f"td.{cell} mark[data-findings]")


def _is_open(driver, number: int) -> bool:
    return driver.execute_script(f"return document.querySelector('#doc-{number} > details').open")


def _open(driver, number: int) -> None:
    if not _is_open(driver, number):
        _css(driver, f"#doc-{number} > details > summary h2")[0].click()
    assert _is_open(driver, number)


def _until(driver, script: str) -> None:
    """Wait for a script's condition (a link's handler runs once the click's own work is done)."""
    from selenium.webdriver.support.wait import WebDriverWait

    WebDriverWait(driver, 5).until(lambda d: d.execute_script("return " + script))


def test_renders_with_visible_highlights(page):
    from selenium.webdriver.common.by import By

    assert page.title == "mtqa report"
    assert page.find_element(By.ID, "gate").text.startswith("gate failed")
    _open(page, 0)
    marks = _finding_marks(page, "target")
    assert [m.text for m in marks] == ['"Kremlin"', "Second paragraph |", "Кремль", "here."]
    for mark in marks:
        assert mark.is_displayed()
        assert mark.size["width"] > 0 and mark.size["height"] > 0
        assert mark.value_of_css_property("background-color") not in TRANSPARENT
    critical = marks[2]
    assert critical.value_of_css_property("background-color") != marks[1].value_of_css_property("background-color")
    assert page.execute_script("return document.getElementById('shown-count').textContent") == "5"


def test_the_mtqa_score_shows(page):
    headers = [h.text.split()[0] for h in _css(page, "#documents thead th")]
    assert headers[2] == "mtqa"  # the headline score first, before chrF++
    assert [row.find_elements("css selector", "td")[2].text for row in _css(page, "#documents tbody tr")] == ["-0.80", "+0.50", "-0.10"]
    assert "mtqa -0.80" in _css(page, "#doc-0 summary .meta")[0].text
    _open(page, 0)
    assert "mtqa +0.20" in _css(page, "#doc-0-seg-1 td")[0].text


def test_batch_documents_start_collapsed_and_filters_collapse_empty_ones(page):
    from selenium.webdriver.common.by import By

    assert [_is_open(page, n) for n in range(3)] == [False, False, False]  # a batch opens as an index
    assert [("quiet" in s.get_attribute("class")) for s in _css(page, "section.document")] == [False, True, True]
    _open(page, 0)
    for severity in ("critical", "major", "minor", "info"):
        page.find_element(By.CSS_SELECTOR, f"input[name='severity'][value='{severity}']").click()
    assert not _is_open(page, 0)  # no finding left to show: collapsed
    assert "quiet" in _css(page, "#doc-0")[0].get_attribute("class")
    assert page.find_element(By.ID, "shown-documents").text == "0"
    page.find_element(By.CSS_SELECTOR, "input[name='severity'][value='major']").click()
    assert _is_open(page, 0)  # back as the reader left it
    assert _css(page, "#doc-0 summary .shown")[0].text == "1"


def test_a_single_document_with_findings_starts_open(browser, tmp_path):
    report = scored_report()
    report.documents = report.documents[:1]
    page = _load(browser, tmp_path / "one.html", report)
    assert _is_open(page, 0)
    assert _finding_marks(page, "target")[0].is_displayed()


def test_search_filters_rows_and_documents(page):
    from selenium.webdriver.common.by import By

    box = page.find_element(By.ID, "search")
    box.send_keys("кремль")
    assert _is_open(page, 0)  # the search opens the documents it finds in
    shown = [row.get_attribute("id") for row in _css(page, "tr.segment") if row.is_displayed()]
    assert shown == ["doc-0-seg-1", "doc-0-seg-2"]  # «Кремль» in the source of 1, in the target of 2
    assert [row.is_displayed() for row in _css(page, "#documents tbody tr")] == [True, False, False]
    box.clear()
    box.send_keys("zeta")  # a document's name finds all its rows
    assert not _is_open(page, 0) and _is_open(page, 2)
    assert _css(page, "#doc-2-seg-z1")[0].is_displayed()
    box.send_keys("\b" * 4)
    page.execute_script("document.getElementById('search').dispatchEvent(new Event('input'))")
    assert [_is_open(page, n) for n in range(3)] == [False, False, False]
    assert all(row.is_displayed() for row in _css(page, "#documents tbody tr"))


def _document_order(page) -> list[str]:
    return [row.find_elements("css selector", "td")[0].text for row in _css(page, "#documents tbody tr")]


def test_documents_table_sorts_by_a_click_on_a_header(page):
    headers = {h.text.split()[0]: h for h in _css(page, "#documents thead th")}
    assert _document_order(page) == ["article", "clean & <tidy>", "zeta"]
    headers["mtqa"].click()
    assert _document_order(page) == ["article", "zeta", "clean & <tidy>"]
    assert headers["mtqa"].get_attribute("aria-sort") == "ascending"
    headers["mtqa"].click()
    assert _document_order(page) == ["clean & <tidy>", "zeta", "article"]
    headers["document"].click()
    assert _document_order(page) == ["article", "clean & <tidy>", "zeta"]
    assert headers["mtqa"].get_attribute("aria-sort") is None


def test_links_between_findings_and_segments(page):
    missing = page.execute_script(
        "return Array.from(document.querySelectorAll('a[href^=\"#\"]'))"
        ".map(a => a.getAttribute('href').slice(1)).filter(id => !document.getElementById(id))"
    )
    assert missing == []
    # from the documents table into a collapsed document, from a finding to its row and back
    _css(page, "#documents a[href='#doc-0']")[0].click()
    _until(page, "document.querySelector('#doc-0 > details').open")
    _css(page, "li.finding[data-check='omission'] a.to-segment")[0].click()
    assert page.execute_script("return location.hash") == "#doc-0-seg-3"
    assert _css(page, "#doc-0-seg-3")[0].is_displayed()
    back = _css(page, "#doc-0-seg-3 a.to-finding")
    assert [a.text for a in back] == ["omission"]
    back[0].click()
    assert page.execute_script("return document.querySelector(':target').dataset.check") == "omission"
    # a bar of the chart leads into its document too
    page.execute_script("location.hash = ''")
    _css(page, "#doc-1 > details > summary h2")[0].click()
    _css(page, "#doc-1 > details > summary h2")[0].click()
    assert not _is_open(page, 2)
    page.execute_script("document.querySelector('#doc-2 svg.chart a').dispatchEvent(new MouseEvent('click', {bubbles: true}))")
    _until(page, "document.querySelector('#doc-2 > details').open")


def test_disagreeing_words_are_marked_in_both_columns(page):
    from selenium.webdriver.common.by import By

    _open(page, 0)
    target = [m.text for m in _css(page, "#doc-0 td.target mark.diff")]
    pivot = [m.text for m in _css(page, "#doc-0 td.pivot mark.diff")]
    assert {"script", "alert", "Кремль"} <= set(target) and "Kremlin" not in target
    assert "quote" in pivot and "Moscow" not in pivot
    mark = _css(page, "#doc-0 td.pivot mark.diff")[0]
    assert "underline" in mark.value_of_css_property("text-decoration-line")
    page.find_element(By.ID, "diff-marks").click()
    assert "underline" not in mark.value_of_css_property("text-decoration-line")


def test_each_document_has_a_chart_of_its_segments(page):
    charts = _css(page, "section.document summary svg.chart")
    assert len(charts) == 3 and all(c.is_displayed() for c in charts)  # in the summary: seen collapsed
    heights = [float(r.get_attribute("height")) for r in charts[0].find_elements("css selector", "rect")]
    assert len(heights) == 3  # one bar per segment
    assert heights[1] < heights[0]  # mtqa -1.4 below +0.2
    assert heights[2] == min(heights)  # no score: a stub


def test_long_tokens_wrap(page):
    from selenium.webdriver.common.by import By

    page.find_element(By.ID, "expand-all").click()
    assert page.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    cell = _css(page, "#doc-2-seg-z1 td.target")[0]
    line = page.execute_script("return parseFloat(getComputedStyle(arguments[0]).lineHeight)", cell)
    assert cell.size["height"] > 3 * line  # wrapped onto lines
    assert cell.size["width"] < 600  # a quarter of the table, not stretched by the token


def test_it_reads_with_the_script_off(browser, tmp_path):
    write_files(tmp_path)
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        page = _load(browser, tmp_path / "report.html", scored_report())
        assert not _css(page, "#filters")[0].is_displayed()  # no controls that do nothing
        _css(page, "#doc-0 > details > summary h2")[0].click()  # <details> opens by itself
        assert _finding_marks(page, "target")[0].is_displayed()
        assert len(_css(page, "#doc-0 tr.segment")) == 3
        assert not _css(page, "#doc-2-seg-z1")[0].is_displayed()
        _css(page, "#doc-2 svg.chart rect")[0].click()  # the browser opens the <details> a link leads into
        assert page.current_url.endswith("#doc-2-seg-z1") and _css(page, "#doc-2-seg-z1")[0].is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_document_text_stays_text(page):
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        page.switch_to.alert.text  # noqa: B018 - the <script> in the target must not have run
    assert page.execute_script("return document.scripts.length") == 1
    _open(page, 0)
    target = _css(page, "td.target")[0]
    assert "<script>alert(1)</script>" in target.text
    assert _css(page, "td.source b") == []


def test_filters_hide_findings_and_their_highlights(page):
    from selenium.webdriver.common.by import By

    _open(page, 0)
    _open(page, 1)
    omission_mark = _finding_marks(page, "source")[-1]
    assert omission_mark.text == "Третий абзац."
    background = omission_mark.value_of_css_property("background-color")
    assert background not in TRANSPARENT
    page.find_element(By.CSS_SELECTOR, "input[name='check'][value='omission']").click()
    omission = page.find_element(By.CSS_SELECTOR, "li.finding[data-check='omission']")
    assert not omission.is_displayed()
    assert omission_mark.value_of_css_property("background-color") in TRANSPARENT
    assert page.find_element(By.ID, "shown-count").text == "4"

    page.find_element(By.CSS_SELECTOR, "input[name='severity'][value='critical']").click()
    assert not page.find_element(By.CSS_SELECTOR, "li.finding.sev-critical").is_displayed()
    # "Кремль" is also under the whole-segment low-agreement finding (minor), which is still shown
    kremlin = _finding_marks(page, "target")[2]
    assert kremlin.value_of_css_property("background-color") not in TRANSPARENT

    assert not _is_open(page, 1)  # the clean document has no finding to show: it stays collapsed
    clean_row = page.find_element(By.CSS_SELECTOR, "tr.segment[id='doc-1-seg-a']")
    page.find_element(By.ID, "expand-all").click()
    assert clean_row.is_displayed()
    page.find_element(By.ID, "only-findings").click()
    assert not clean_row.is_displayed()
    assert page.find_element(By.CSS_SELECTOR, "tr.segment[id='doc-0-seg-2']").is_displayed()


@pytest.fixture(scope="module")
def batch_report(tmp_path_factory) -> Path:
    """The HTML report of a batch of 24 copies of the seed article, lexical checks only."""
    from typer.testing import CliRunner

    from qa.cli import app

    folder = tmp_path_factory.mktemp("batch")
    for n in range(24):
        shutil.copy(SEED / "source.ru.txt", folder / f"article{n:02}.ru.txt")
        shutil.copy(SEED / "target.en.txt", folder / f"article{n:02}.en.txt")
    out = folder / "report.html"
    result = CliRunner().invoke(app, ["batch", str(folder), "--engine", "none", "--no-cache", "--no-progress", "-f", "html", "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    return out


def test_a_24_document_batch_is_a_short_page(browser, batch_report):
    from selenium.webdriver.common.by import By

    browser.get(batch_report.as_uri())
    height = browser.execute_script("return document.documentElement.scrollHeight")
    assert height < OLD_BATCH_HEIGHT / 20
    assert len(_css(browser, "section.document")) == 24
    browser.find_element(By.ID, "expand-all").click()
    assert browser.execute_script("return document.documentElement.scrollHeight") > 10 * height  # the content is all there
    # an address that names a segment of a collapsed document opens it (a bookmark, a link from elsewhere)
    browser.get("about:blank")  # a fresh load, not a move within the page
    browser.get(batch_report.as_uri() + "#doc-7-seg-12")
    _until(browser, "document.querySelector('#doc-7 > details').open")
    assert not _is_open(browser, 6) and _css(browser, "#doc-7-seg-12")[0].is_displayed()
    browser.find_element(By.ID, "expand-all").click()
    # a link to a finding's segment lands below the sticky filters, not under them
    browser.execute_script("arguments[0].click()", browser.find_element(By.CSS_SELECTOR, "#doc-5 tr.findings a.to-segment"))
    _until(browser, "document.querySelector(':target') !== null")
    _until(browser, "document.querySelector(':target').getBoundingClientRect().top >= document.getElementById('filters').getBoundingClientRect().bottom")


def test_console_has_no_errors(page):
    from selenium.webdriver.common.by import By

    page.find_element(By.ID, "only-findings").click()  # run the script's handlers too
    page.find_element(By.ID, "search").send_keys("x")
    _css(page, "#documents thead th")[2].click()
    errors = [entry for entry in page.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]
    assert errors == []

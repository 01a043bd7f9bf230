"""The preview page in a real browser (headless Chromium from the system packages; ``.ci/run`` installs
it): screenshots of a cloze card and an enumeration card, front and back, light and night mode, desktop
and phone widths, and of a card with a picture from the test vault. They are kept in
``docs/screenshots/`` and shown in the README."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOT, VAULT

from shizheng_anki import build_deck
from shizheng_anki.views.preview import preview_html

SCREENSHOTS = ROOT / "docs" / "screenshots"
SIZES = {"desktop": (1200, 1200), "phone": (390, 1660)}
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
)


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser test: install chromium (.ci/run does: apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium); CI runs this test")
    return found


def screenshot(chromium: str, page: Path, png: Path, size: tuple[int, int], tmp: Path, fragment: str = "") -> list[str]:
    """Open ``page`` headless, save a screenshot; return the page's console messages."""
    done = subprocess.run(
        [
            chromium,
            *FLAGS,
            f"--user-data-dir={tmp / 'profile'}",
            f"--window-size={size[0]},{size[1]}",
            f"--screenshot={png}",
            page.resolve().as_uri() + fragment,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and png.exists(), done.stderr[-2000:]
    return re.findall(r":CONSOLE[^\]]*\] (.*)", done.stderr)


def ink(png: Path) -> tuple[float, float, int]:
    """Share of pixels that differ from the most common (background) colour, mean brightness, colours."""
    from PIL import Image

    with Image.open(png) as image:
        pixels = list(image.convert("RGB").get_flattened_data())
    counts: dict[tuple[int, int, int], int] = {}
    for pixel in pixels:
        counts[pixel] = counts.get(pixel, 0) + 1
    background = max(counts.values())
    brightness = sum(sum(p) for p in pixels) / (3 * len(pixels))
    return 1 - background / len(pixels), brightness, len(counts)


def test_console_errors_are_caught(chromium: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text("<p>x</p><script>undefinedFunction();</script>", encoding="utf-8")
    messages = screenshot(chromium, bad, tmp_path / "bad.png", (400, 300), tmp_path)
    assert any("undefinedFunction" in message for message in messages)


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The preview of two cards: a cloze, and item 三 of the nine tasks of 中央经济工作会议."""
    notes = build_deck([EXAMPLE], hints=True).notes
    cloze = next(n for n in notes if n.kind == "key_phrase")
    item = next(
        n
        for n in notes
        if n.kind == "next" and "三是［…］" in n.field("Question") and "重点任务" in n.field("Question")
    )
    page = tmp_path_factory.mktemp("sample") / "sample.html"
    page.write_text(preview_html([cloze, item], title="卡片示例 Sample cards"), encoding="utf-8")
    return page


@pytest.mark.parametrize("mode", ["light", "night"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_screenshots_of_cloze_and_enumeration_cards(
    chromium: str, sample_page: Path, tmp_path: Path, mode: str, width: str
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    png = SCREENSHOTS / f"cards-{mode}-{width}.png"
    messages = screenshot(chromium, sample_page, png, SIZES[width], tmp_path, "#night" if mode == "night" else "")
    assert messages == []
    drawn, brightness, colours = ink(png)
    assert drawn > 0.03 and colours > 50  # text and cards, not a blank page
    assert (brightness < 80) if mode == "night" else (brightness > 180)  # night mode really is dark


def test_the_example_preview_page_opens_without_errors(chromium: str, tmp_path: Path) -> None:
    page = ROOT / "examples" / "2024-12-shizheng.preview.html"
    assert page.exists()
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)=["']?(?:https?:|//)""", text) and "<script" not in text  # self-contained
    messages = screenshot(chromium, page, tmp_path / "page.png", SIZES["desktop"], tmp_path)
    assert messages == []
    drawn, _, colours = ink(tmp_path / "page.png")
    assert drawn > 0.03 and colours > 50
    dom = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.resolve().as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert dom.count('class="pv-pair"') == 2 * 145 and "坚定战略自信，保持战略定力，勇于担当作为" in dom


def blue(png: Path) -> int:
    """Pixels of the mind map's centre (#1d4ed8, 新发展理念) in a screenshot."""
    from PIL import Image

    with Image.open(png) as image:
        return sum(1 for pixel in image.convert("RGB").get_flattened_data() if pixel == (29, 78, 216))


def test_screenshot_of_a_card_with_a_picture(chromium: str, tmp_path: Path) -> None:
    """A cloze card from the vault, whose section shows the learner's mind map: on the back, within the card."""
    result = build_deck([VAULT])
    (note,) = [n for n in result.notes if "{{c1::新发展理念}}" in n.fields[0]]
    with_picture, without = tmp_path / "with.html", tmp_path / "without.html"
    with_picture.write_text(preview_html([note], "卡片示例：带图片的卡片", result.media), encoding="utf-8")
    without.write_text(preview_html([note], "卡片示例：带图片的卡片"), encoding="utf-8")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    png = SCREENSHOTS / "card-with-picture.png"
    assert screenshot(chromium, with_picture, png, (1000, 760), tmp_path) == []
    assert screenshot(chromium, without, tmp_path / "without.png", (1000, 760), tmp_path) == []
    drawn, brightness, colours = ink(png)
    assert drawn > 0.03 and colours > 50 and brightness > 180
    # the picture is drawn (its blue centre, about 90×30 pixels at 300 pixels wide), on the back only
    assert blue(png) - blue(tmp_path / "without.png") > 1500


def test_a_wide_picture_is_scaled_to_the_cards_width(chromium: str, tmp_path: Path) -> None:
    """A 2000×200 screenshot on a phone: as wide as the card at most, its height scaled with it."""
    from PIL import Image

    Image.new("RGB", (2000, 200), (220, 0, 0)).save(tmp_path / "wide.png")
    (tmp_path / "notes.md").write_text("## 会议\n\n坚持**稳中求进**。![](wide.png)\n", encoding="utf-8")
    result = build_deck([tmp_path / "notes.md"])
    page = tmp_path / "page.html"
    page.write_text(preview_html(result.notes, "宽图", result.media), encoding="utf-8")
    png = tmp_path / "phone.png"
    assert screenshot(chromium, page, png, SIZES["phone"], tmp_path) == []
    with Image.open(png) as image:
        rgb = image.convert("RGB")
        red = [(x, y) for y in range(rgb.height) for x in range(rgb.width) if rgb.getpixel((x, y)) == (220, 0, 0)]
    columns = {x for x, _ in red}
    rows = {y for _, y in red}
    width, height = max(columns) - min(columns) + 1, max(rows) - min(rows) + 1
    assert min(columns) > 0 and max(columns) < SIZES["phone"][0] - 1  # inside the card, with its margins
    assert 200 < width < SIZES["phone"][0] and abs(height - width / 10) <= 3  # scaled down, proportions kept

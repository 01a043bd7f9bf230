"""How the pictures of the test vault were made (Pillow and the Noto CJK font): run it to make them again.

.venv/bin/python tests/vaults/make_pictures.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

VAULT = Path(__file__).resolve().parent / "时政笔记库"
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT, size)


def mind_map(path: Path) -> None:
    """新发展理念: a centre and five branches, as a learner's mind map."""
    image = Image.new("RGB", (640, 360), "#ffffff")
    draw = ImageDraw.Draw(image)
    centre = (320, 180)
    branches = [
        ("创新", (110, 70)),
        ("协调", (530, 70)),
        ("绿色", (80, 290)),
        ("开放", (560, 290)),
        ("共享", (320, 325)),
    ]
    for _, (x, y) in branches:
        draw.line([centre, (x, y)], fill="#94a3b8", width=4)
    draw.rounded_rectangle([220, 145, 420, 215], radius=18, fill="#1d4ed8")
    draw.text(centre, "新发展理念", font=font(30), fill="#ffffff", anchor="mm")
    for word, (x, y) in branches:
        draw.rounded_rectangle([x - 55, y - 26, x + 55, y + 26], radius=14, fill="#fff3bf", outline="#d4a017", width=3)
        draw.text((x, y), word, font=font(26), fill="#1f2328", anchor="mm")
    image.quantize(16).save(path, optimize=True)


def banner(path: Path, text: str, colour: str, size: tuple[int, int] = (360, 150)) -> None:
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    draw.text((size[0] // 2, size[1] // 2), text, font=font(28), fill="#ffffff", anchor="mm")
    if path.suffix == ".png":
        image.quantize(8).save(path, optimize=True)
    else:
        image.save(path, quality=70)


if __name__ == "__main__":
    mind_map(VAULT / "附件" / "新发展理念.png")
    banner(VAULT / "时政" / "图" / "三中全会.png", "二十届三中全会 · 要点", "#7c2d12")
    banner(VAULT / "Typora笔记" / "assets" / "峰会.jpg", "G20 里约峰会", "#0f766e")
    banner(VAULT / "Typora笔记" / "assets" / "会场 图.jpg", "APEC 利马会场", "#4338ca")

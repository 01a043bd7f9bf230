"""A small Obsidian vault (with a Typora-style ``assets/`` note) built and imported into real Anki: the
pictures arrive in Anki's media folder, the cards show them on the back only, the learner's text is
intact and no markup leaks. Escape attempts end in a warning and a deck without them; an unchanged
picture leaves its notes unchanged on re-export, a changed one changes them."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import VAULT, Imported, anki_import, picture

from shizheng_anki import BuildResult, build_deck
from shizheng_anki.read.pictures import media_name
from shizheng_anki.views.render import render_card

EPOCH = "1733097600"
OBSIDIAN_NOTE = "时政/2024年12月时政.md"
TYPORA_NOTE = "Typora笔记/2024年11月时政.md"
#: The vault's pictures, by where they are kept.
PICTURES = [
    "附件/新发展理念.png",
    "时政/图/三中全会.png",
    "Typora笔记/assets/峰会.jpg",
    "Typora笔记/assets/会场 图.jpg",
]


def media_json(apkg: Path) -> dict[str, str]:
    with zipfile.ZipFile(apkg) as archive:
        mapping: dict[str, str] = json.loads(archive.read("media"))
        for number in mapping:
            assert number in archive.namelist()
        return mapping


def packed(apkg: Path) -> dict[str, bytes]:
    """File name → bytes of every media file in the deck."""
    with zipfile.ZipFile(apkg) as archive:
        return {name: archive.read(number) for number, name in json.loads(archive.read("media")).items()}


def name_of(path: Path) -> str:
    data = path.read_bytes()
    return media_name(data, ".png" if data.startswith(b"\x89PNG") else ".jpg")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path, Path, Imported]:
    folder = tmp_path_factory.mktemp("vault")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = build_deck([VAULT])
        apkg = result.write(folder / "时政.apkg")
    collection = folder / "collection.anki2"
    return result, apkg, collection, anki_import(apkg, collection)


def test_the_vaults_pictures_arrive_in_ankis_media_folder(built) -> None:  # type: ignore[no-untyped-def]
    _, apkg, collection, imported = built
    expected = {name_of(VAULT / path): (VAULT / path).read_bytes() for path in PICTURES}
    assert packed(apkg) == expected  # each once, named by its content
    media = collection.with_suffix(".media")
    assert {path.name: path.read_bytes() for path in media.iterdir()} == expected
    assert imported.log["new"] == len(imported.notes) > 0


def test_cards_show_their_pictures_on_the_back_only_scaled_to_the_card(built) -> None:  # type: ignore[no-untyped-def]
    _, _, _, imported = built
    shown: set[str] = set()
    for card in imported.cards:
        assert "<img" not in card.question_html  # never on a front
        for img in re.findall(r"<img [^>]*>", card.answer_html):
            assert re.fullmatch(
                r'<img src="(shizheng-[0-9a-f]{32}\.(?:png|jpg))"(?: alt="[^"<>]*")?(?: width="\d+")?'
                r' style="max-width:100%;height:auto">',
                img,
            ), img
            shown.add(re.search(r'src="([^"]+)"', img).group(1))  # type: ignore[union-attr]
    assert shown == {name_of(VAULT / path) for path in PICTURES}


def cards_with(imported: Imported, phrase: str) -> list[str]:
    return [card.answer_html for card in imported.cards if phrase in card.answer]


def test_each_picture_is_on_the_cards_of_its_paragraph_or_section(built) -> None:  # type: ignore[no-untyped-def]
    _, _, _, imported = built
    mind_map, plenum = name_of(VAULT / PICTURES[0]), name_of(VAULT / PICTURES[1])
    summit, venue = name_of(VAULT / PICTURES[2]), name_of(VAULT / PICTURES[3])
    # standing alone under 中央经济工作会议: every card of that section, with the width the note asks
    section = [card for card in imported.cards if card.question.startswith("中央经济工作会议")]
    assert len(section) == 5 and all(f'src="{mind_map}" width="300"' in card.answer_html for card in section)
    # in the paragraph of 进一步全面深化改革: its cards, not the callout's below it
    assert all(plenum in html for html in cards_with(imported, "进一步全面深化改革"))
    assert not any(plenum in html for html in cards_with(imported, "以人民为中心"))
    # Typora: an <img> standing alone (its section), a picture in a sentence (its paragraph)
    assert all(summit in html for html in cards_with(imported, "携手构建公正世界"))
    assert all(venue in html and 'alt="会场"' in html for html in cards_with(imported, "开放包容"))
    (ordinal,) = [c for c in imported.cards if "亚太经合组织领导人非正式会议是第几次" in c.question]
    assert venue not in ordinal.answer_html  # the ordinal card of that section is not from that paragraph


def test_the_learners_text_is_intact_and_no_markup_leaks(built) -> None:  # type: ignore[no-untyped-def]
    _, _, _, imported = built
    text = "\n".join(card.question + "\n" + card.answer for card in imported.cards)
    for leak in (
        "[[",
        "]]",
        "~=",
        "=~",
        "%%",
        "[!",
        "^zongjidiao",
        "^renwu",
        "#时政",
        "#公考",
        "![",
        "<img",
        "复习时重点",
    ):
        assert leak not in text, leak
    fields = "\n".join(value for note in imported.notes for value in note.fields.values())
    assert "复习时重点" not in fields and "zongjidiao" not in fields
    clozes = {c.answer.split("\n")[1] for c in imported.cards if "[...]" in c.question}
    assert "坚持稳中求进工作总基调，完整准确全面贯彻新发展理念。" in clozes  # the callout's body, both phrases
    assert "全会审议通过了《决定》，强调要进一步全面深化改革，推进中国式现代化。" in clozes  # the wikilink's alias
    assert "参见2024年11月时政 > 二十国集团领导人第十九次峰会，坚持以人民为中心的发展思想。" in clozes
    assert "会场图" not in text and "会议总基调" not in clozes  # the callout title is no phrase


def test_inline_tags_are_anki_tags_with_their_hierarchy(built) -> None:  # type: ignore[no-untyped-def]
    _, _, _, imported = built
    december = [note for note in imported.notes if "时政::2024-12" in note.tags]
    assert december and all("公考::常识判断" in note.tags and "公考" in note.tags for note in december)
    assert not any("#" in tag or "/" in tag for note in imported.notes for tag in note.tags)


def test_what_was_left_out_is_said(built) -> None:  # type: ignore[no-untyped-def]
    result, _, _, _ = built
    note = str(VAULT / OBSIDIAN_NOTE)
    messages = [str(d) for d in result.diagnostics]
    assert f"{note}:28: ![[2024年11月时政]] embeds another note (or file): not followed" in messages[0]
    assert messages[1] == f"{note}:30: picture 图/还没存的图.png: not found next to the note or in the vault; left out"
    (remote,) = result.notices
    assert remote.startswith(f"{note}: 1 remote picture not packed (https://example.com/plenum.jpg)")


def test_our_preview_renders_the_picture_cards_as_anki_does(built) -> None:  # type: ignore[no-untyped-def]
    result, _, _, imported = built
    by_guid = {note.guid: note for note in imported.notes}
    for note in result.notes:
        for card in by_guid[note.guid].cards:
            ours = render_card(note, card.ord + 1)
            assert ours.question == re.sub(r"(?s)^<style>.*?</style>", "", card.question_html)
            assert ours.answer == re.sub(r"(?s)^<style>.*?</style>", "", card.answer_html)


def test_the_same_vault_gives_the_same_bytes(built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    _, apkg, _, _ = built
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    again = build_deck([VAULT]).write(tmp_path / "时政.apkg")
    assert hashlib.sha256(again.read_bytes()).digest() == hashlib.sha256(apkg.read_bytes()).digest()


# -- re-export ---------------------------------------------------------------------------------------------


def test_an_unchanged_picture_leaves_its_notes_unchanged_and_a_changed_one_changes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(VAULT, vault)
    deck, collection = tmp_path / "时政.apkg", tmp_path / "collection.anki2"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first = build_deck([vault])
    first.write(deck)
    anki_import(deck, collection)

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 7 * 86400))
    (vault / "附件" / "新发展理念.png").touch()  # touched, same content
    unchanged = build_deck([vault]).compare(deck)
    assert (len(unchanged.new), len(unchanged.changed), len(unchanged.unchanged)) == (0, 0, len(first.notes))

    (vault / "时政" / "图" / "三中全会.png").write_bytes(picture("#b91c1c", (40, 20)))  # redrawn
    rebuilt = build_deck([vault])
    changes = rebuilt.compare(deck)
    showing = {note.guid for note in first.notes if name_of(VAULT / PICTURES[1]) in "".join(note.fields)}
    assert showing and set(changes.changed) == showing and not changes.new
    rebuilt.write(deck, changes)
    imported = anki_import(deck, collection)
    assert imported.log["updated"] == len(showing) and imported.log["new"] == 0
    new_name = name_of(vault / "时政" / "图" / "三中全会.png")
    assert (collection.with_suffix(".media") / new_name).read_bytes() == picture("#b91c1c", (40, 20))
    assert all(new_name in "".join(n.fields.values()) for n in imported.notes if n.guid in showing)


# -- escape attempts -----------------------------------------------------------------------------------------

ESCAPES = """\
## 会议

坚持**稳中求进**。![好图](好图.png)

一、**甲**。![](../../etc/passwd.png)
二、**乙**。![](../../../../../../../../etc/passwd)
三、**丙**。![](逃逸.png)
四、**丁**。![](/etc/passwd)
五、**戊**。![]({outside})
六、**己**。![](文本.png)
七、**庚**。![](巨大.png)
八、**辛**。<img src="链接目录/secret.png">
"""


def test_escape_attempts_each_end_in_a_warning_and_a_deck_without_them(tmp_path: Path) -> None:
    secret = "TOP-SECRET-0xC0FFEE root:x:0:0"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(picture("#000000") + secret.encode())  # a real picture, outside
    (outside / "secret.txt").write_text(secret, encoding="utf-8")
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "好图.png").write_bytes(picture())
    (notes / "逃逸.png").symlink_to(outside / "secret.png")
    (notes / "链接目录").symlink_to(outside)
    (notes / "文本.png").write_text(secret, encoding="utf-8")
    with (notes / "巨大.png").open("wb") as huge:
        huge.write(picture())
        huge.truncate(50 * 1024 * 1024)
    note = notes / "会议.md"
    note.write_text(ESCAPES.format(outside=outside / "secret.png"), encoding="utf-8")

    result = build_deck([notes])
    apkg = result.write(tmp_path / "deck.apkg")

    assert list(packed(apkg)) == [media_name(picture(), ".png")]  # the one good picture, nothing else
    data = apkg.read_bytes()
    with zipfile.ZipFile(apkg) as archive:
        everything = b"".join(archive.read(name) for name in archive.namelist())
    assert secret.encode() not in data + everything
    warnings = {d.line: d.message for d in result.diagnostics}
    assert set(warnings) == {5, 6, 7, 8, 9, 10, 12}
    for line in (5, 6, 7, 12):  # ``..``, a link to a file, a link to a folder
        assert "leads outside the notes folder" in warnings[line], warnings[line]
    for line in (8, 9):
        assert "an absolute path or address" in warnings[line], warnings[line]
    assert "not a PNG, JPEG, GIF or WebP picture" in warnings[10]
    (size,) = result.notices
    assert size.startswith("1 picture left out for their size") and f"{note}:11 巨大.png (50.0 MB)" in size
    imported = anki_import(apkg, tmp_path / "collection.anki2")
    assert imported.log["new"] == len(result.notes)  # every phrase still has its card
    # each phrase still asked: 稳中求进 by its cloze, the eight items by the list's cards (answer: the item)
    answers = {n.field("Answer") for n in result.notes if n.kind == "next"}
    assert any("{{c1::稳中求进}}" in n.fields[0] for n in result.notes) and answers == set("甲乙丙丁戊己庚辛")
    assert [p.name for p in (tmp_path / "collection.media").iterdir()] == [media_name(picture(), ".png")]


def test_the_deck_limit_leaves_out_what_does_not_fit_with_one_notice(tmp_path: Path) -> None:
    from shizheng_anki.extract.pictures import resolve_pictures
    from shizheng_anki.read import read_sources

    notes = tmp_path / "notes"
    notes.mkdir()
    lines = ["## 会议", ""]
    for index in range(4):
        (notes / f"{index}.png").write_bytes(picture(f"#{index * 40:02x}0000", (64, 64)))
        lines += [f"第{index}点**要点{index}**。![]({index}.png)", ""]
    (notes / "会议.md").write_text("\n".join(lines), encoding="utf-8")
    sizes = [len((notes / f"{index}.png").read_bytes()) for index in range(4)]
    result = build_deck([notes])
    assert len(result.media) == 4 and not result.notices
    sources = read_sources([notes])
    resolved = resolve_pictures(result.documents, sources, deck_limit=sizes[0] + sizes[1])
    assert list(resolved.media.values()) == [(notes / "0.png").read_bytes(), (notes / "1.png").read_bytes()]
    (notice,) = resolved.notices
    assert notice.startswith("2 pictures left out for their size") and "2.png" in notice and "3.png" in notice
    assert [p.media is not None for p in resolved.documents[0].pictures] == [True, True, False, False]

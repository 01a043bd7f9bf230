"""Which cards show a picture — those of its paragraph, else those of its section — and what is said
about a picture that cannot be shown."""

from __future__ import annotations

from pathlib import Path

from conftest import picture

from shizheng_anki import build_deck
from shizheng_anki.cards import Note
from shizheng_anki.read.pictures import media_name

NOTES = """\
# 2024年12月时政

## 中央经济工作会议

会议强调，坚持**稳中求进**。见下图：
![](图一.png)

会议要求**扩大内需**。

![](图二.png)

会议确定以下任务：

1. 大力**提振消费** ![](图三.png)
2. 科技创新引领**新质生产力**

自2013年提出共建“一带一路”倡议以来，**合作**不断深化。![](图四.png)

## 二十届三中全会

全会强调**进一步全面深化改革**。
"""


def build(tmp_path: Path, text: str = NOTES, **pictures: bytes) -> list[Note]:
    for name, data in pictures.items():
        (tmp_path / f"{name}.png").write_bytes(data)
    (tmp_path / "notes.md").write_text(text, encoding="utf-8")
    return list(build_deck([tmp_path / "notes.md"]).notes)


def shown(note: Note, data: bytes) -> bool:
    return media_name(data, ".png") in "".join(note.fields)


def test_a_picture_in_a_paragraph_is_shown_with_that_paragraphs_cards_a_lone_one_with_its_sections(
    tmp_path: Path,
) -> None:
    one, two, three, four = (picture(colour) for colour in ("#111111", "#222222", "#333333", "#444444"))
    notes = build(tmp_path, 图一=one, 图二=two, 图三=three, 图四=four)

    def text(note: Note) -> str:
        return note.fields[0]

    steady = next(n for n in notes if "稳中求进" in text(n) and n.kind == "key_phrase")
    demand = next(n for n in notes if "扩大内需" in text(n))
    consume = next(n for n in notes if n.kind == "key_phrase" and "提振消费" in text(n))
    tech = next(n for n in notes if n.kind == "key_phrase" and "新质生产力" in text(n))
    whole_set = next(n for n in notes if n.kind == "set")  # the two items as one named set
    date = next(n for n in notes if n.kind == "date")
    reform = next(n for n in notes if "进一步全面深化改革" in text(n))

    assert shown(steady, one) and not shown(demand, one)  # its paragraph's cards only
    section = [n for n in notes if n.field("Event") == "中央经济工作会议"]
    assert len(section) >= 8 and all(shown(n, two) for n in section)  # a lone picture: its section's cards
    assert not shown(reform, two)  # not another section's
    assert shown(consume, three) and not shown(tech, three)  # an item's picture: the cards of that item
    assert shown(whole_set, three)  # and the card of the whole set
    assert shown(date, four)  # the exam cards of the paragraph too


def test_a_picture_after_a_code_block_is_not_in_the_paragraph_above_it(tmp_path: Path) -> None:
    """Its paragraph is the parser's: a code block ends the paragraph above (no blank line needed), so
    the picture below stands alone and shows with its section, not with that paragraph's cards only.
    Read from the text lines around it, the code block and the paragraph were taken for one."""
    data = picture()
    notes = build(
        tmp_path,
        "## 会议\n\n会议强调**稳中求进**。\n```\ncode\n```\n![](图.png)\n\n会议要求**扩大内需**。\n",
        图=data,
    )
    assert len(notes) == 2 and all(shown(note, data) for note in notes)


def test_pictures_only_in_the_context_field_the_fronts_never_show(tmp_path: Path) -> None:
    notes = build(tmp_path, 图一=picture(), 图二=picture("#00ff00"))
    for note in notes:
        for name, value in zip(note.note_type.fields, note.fields):
            assert ("<img" in value) <= (name == "Context"), name


def test_a_missing_picture_is_a_warning_with_its_line_and_the_build_goes_on(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text(
        "## 会议\n\n坚持**稳中求进**。\n\n![](没有.png) ![](没有.png)\n", encoding="utf-8"
    )
    result = build_deck([tmp_path / "notes.md"])
    assert [str(d) for d in result.diagnostics] == [
        f"{tmp_path / 'notes.md'}:5: picture 没有.png: not found next to the note or in the notes folder; left out"
    ] * 2
    assert len(result.notes) == 1 and "<img" not in "".join(result.notes[0].fields) and not result.media


def test_remote_pictures_one_notice_per_file(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.md").write_text(
            "## 会议\n\n坚持**稳中求进**。![](https://example.com/1.png)\n\n"
            '![](http://example.com/2.png) <img src="//cdn.example.com/3.png">\n\n![](https://example.com/4.png)\n',
            encoding="utf-8",
        )
    result = build_deck([tmp_path])
    assert len(result.notices) == 2
    for name, notice in zip("ab", result.notices):
        assert notice.startswith(f"{tmp_path / name}.md: 4 remote pictures not packed (https://example.com/1.png,")
        assert "never loads from the internet" in notice
    assert not result.media and not result.diagnostics
    assert not any("http" in field for note in result.notes for field in note.fields)


def test_notes_given_as_text_have_no_folder_for_their_pictures() -> None:
    result = build_deck(["## 会议\n\n坚持**稳中求进**。![](a.png)\n"])
    (diagnostic,) = result.diagnostics
    assert str(diagnostic) == "<text>:3: picture a.png: notes given as text have no folder to find it in; left out"


def test_one_picture_shown_twice_is_packed_once(tmp_path: Path) -> None:
    data = picture()
    (tmp_path / "a.png").write_bytes(data)
    (tmp_path / "b.png").write_bytes(data)  # the same picture under another name
    (tmp_path / "notes.md").write_text(
        "## 会议\n\n坚持**稳中求进**。![](a.png) ![](b.png) ![](a.png)\n", encoding="utf-8"
    )
    result = build_deck([tmp_path / "notes.md"])
    assert list(result.media) == [media_name(data, ".png")]
    assert result.notes[0].field("Context").count("<img") == 1


def test_an_alt_text_is_data(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(picture())
    (tmp_path / "notes.md").write_text(
        '## 会议\n\n坚持**稳中求进**。![x" onerror="alert(1)" {{c2::y}}](a.png)\n', encoding="utf-8"
    )
    (note,) = build_deck([tmp_path / "notes.md"]).notes
    context = note.field("Context")
    assert 'alt="x&quot; onerror=&quot;alert(1)&quot; &#123;&#123;c2:&#58;y&#125;&#125;"' in context
    assert "onerror=" not in context.replace("onerror=&quot;", "")


def test_pictures_are_read_again_when_the_notes_come_from_the_parse_cache(tmp_path: Path) -> None:
    notes, cache = tmp_path / "notes", tmp_path / "cache"
    notes.mkdir()
    (notes / "notes.md").write_text("## 会议\n\n坚持**稳中求进**。![](a.png)\n", encoding="utf-8")
    (notes / "a.png").write_bytes(picture("#000000"))
    first = build_deck([notes], cache=cache)
    (notes / "a.png").write_bytes(picture("#ffffff"))  # the notes unchanged, the picture redrawn
    second = build_deck([notes], cache=cache)
    assert (first.cached, second.cached) == (0, 1)
    assert list(second.media) == [media_name(picture("#ffffff"), ".png")] != list(first.media)
    assert media_name(picture("#ffffff"), ".png") in second.notes[0].field("Context")

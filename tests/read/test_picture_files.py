"""Finding and reading the pictures a note names: where each is looked up, and what is refused."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import picture

from shizheng_anki.read.pictures import (
    NotesFolder,
    PictureRefused,
    PictureTooLarge,
    is_remote,
    media_name,
    picture_type,
    read_picture,
)


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def vault(root: Path, attachment_folder: str | None) -> Path:
    """A vault at ``root``: ``.obsidian/app.json`` naming the attachment folder (or none)."""
    settings = {"attachmentFolderPath": attachment_folder} if attachment_folder is not None else {}
    write(root / ".obsidian" / "app.json", json.dumps(settings))
    return root


# -- where a picture is looked up --------------------------------------------------------------------


def test_next_to_the_note_first(tmp_path: Path) -> None:
    note = write(tmp_path / "时政" / "笔记.md", "x")
    beside = write(tmp_path / "时政" / "图" / "a.png", picture())
    assert NotesFolder(tmp_path).find("图/a.png", note) == os.path.realpath(beside)


@pytest.mark.parametrize(
    ("setting", "folder"),
    [
        ("附件", "附件"),  # a folder of the vault
        ("/附件", "附件"),
        ("/", "."),  # the vault's top
        ("", "."),
        (None, "."),  # Obsidian's default: the vault's top
        ("./", "时政"),  # beside the note
        ("./附件", "时政/附件"),  # a folder beside the note
        ("./sub/图", "时政/sub/图"),
    ],
)
def test_the_vaults_attachment_folder(tmp_path: Path, setting: str | None, folder: str) -> None:
    vault(tmp_path, setting)
    note = write(tmp_path / "时政" / "笔记.md", "x")
    stored = write(tmp_path / folder / "结构图.png", picture())
    write(tmp_path / "elsewhere" / "结构图.png", picture("#ff0000"))  # same name: the attachment folder wins
    assert NotesFolder(tmp_path / "时政").find("结构图.png", note) == os.path.realpath(stored)


def test_a_vault_above_the_folder_named_is_found(tmp_path: Path) -> None:
    vault(tmp_path, "附件")
    note = write(tmp_path / "时政" / "2024" / "笔记.md", "x")
    stored = write(tmp_path / "附件" / "a.png", picture())
    folder = NotesFolder(tmp_path / "时政" / "2024")
    assert folder.vault == tmp_path and folder.find("a.png", note) == os.path.realpath(stored)


def test_a_vault_path_from_its_top(tmp_path: Path) -> None:
    vault(tmp_path, "附件")
    note = write(tmp_path / "时政" / "笔记.md", "x")
    stored = write(tmp_path / "资料" / "图" / "a.png", picture())
    assert NotesFolder(tmp_path).find("资料/图/a.png", note) == os.path.realpath(stored)


def test_a_bare_name_anywhere_in_the_vault_when_it_is_the_only_one(tmp_path: Path) -> None:
    vault(tmp_path, "附件")
    note = write(tmp_path / "时政" / "笔记.md", "x")
    stored = write(tmp_path / "资料" / "深处" / "唯一.png", picture())
    write(tmp_path / "甲" / "两个.png", picture())
    write(tmp_path / "乙" / "两个.png", picture("#ff0000"))
    write(tmp_path / ".trash" / "回收.png", picture())
    folder = NotesFolder(tmp_path)
    assert folder.find("唯一.png", note) == os.path.realpath(stored)
    with pytest.raises(PictureRefused, match="not found"):
        folder.find("两个.png", note)  # which one? Obsidian would name its folder
    with pytest.raises(PictureRefused, match="not found"):
        folder.find("回收.png", note)  # hidden folders are not searched


@pytest.mark.parametrize("assets", ["assets", "笔记.assets"])
def test_typoras_assets_folders(tmp_path: Path, assets: str) -> None:
    note = write(tmp_path / "笔记.md", "x")
    stored = write(tmp_path / assets / "image-20241201.png", picture())
    assert NotesFolder(tmp_path).find("image-20241201.png", note) == os.path.realpath(stored)
    assert NotesFolder(tmp_path).find(f"{assets}/image-20241201.png", note) == os.path.realpath(stored)


def test_a_missing_picture(tmp_path: Path) -> None:
    note = write(tmp_path / "笔记.md", "x")
    with pytest.raises(PictureRefused, match="not found next to the note or in the notes folder"):
        NotesFolder(tmp_path).find("没有.png", note)


# -- what is refused -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    ["/etc/passwd", "/tmp/x.png", "C:\\Windows\\x.png", "file:///etc/passwd", "~/x.png", "\\\\server\\x.png"],
)
def test_an_absolute_path_is_refused(tmp_path: Path, target: str) -> None:
    note = write(tmp_path / "笔记.md", "x")
    with pytest.raises(PictureRefused, match="absolute path"):
        NotesFolder(tmp_path).find(target, note)


def test_dot_dot_may_not_leave_the_folder_even_to_a_file_that_exists(tmp_path: Path) -> None:
    write(tmp_path / "outside.png", picture())
    notes = tmp_path / "notes"
    note = write(notes / "sub" / "笔记.md", "x")
    inside = write(notes / "图" / "a.png", picture())
    folder = NotesFolder(notes)
    assert folder.find("../图/a.png", note) == os.path.realpath(inside)  # ``..`` that stays inside is fine
    for target in ("../../outside.png", "../../../../../../etc/passwd", "图/../../../outside.png"):
        with pytest.raises(PictureRefused, match="leads outside the notes folder"):
            folder.find(target, note)


def test_a_symbolic_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    secret = write(tmp_path / "secret.png", picture())
    notes = tmp_path / "notes"
    note = write(notes / "笔记.md", "x")
    (notes / "link.png").symlink_to(secret)
    (notes / "linked-folder").symlink_to(tmp_path)
    inside = write(notes / "real.png", picture())
    (notes / "alias.png").symlink_to(inside)
    folder = NotesFolder(notes)
    for target in ("link.png", "linked-folder/secret.png"):
        with pytest.raises(PictureRefused, match="leads outside"):
            folder.find(target, note)
    assert folder.find("alias.png", note) == os.path.realpath(inside)  # a link inside the folder is fine


def test_only_pictures_by_their_content(tmp_path: Path) -> None:
    for kind, suffix in (("PNG", ".png"), ("JPEG", ".jpg"), ("GIF", ".gif"), ("WEBP", ".webp")):
        data = picture(kind=kind)
        assert picture_type(data) == suffix
        # named by what it is, whatever its name says
        read = read_picture(str(write(tmp_path / f"{kind}.png", data)))
        assert read.name == media_name(data, suffix) and read.name.endswith(suffix) and read.data == data
    for name, data in [
        ("passwd.png", "root:x:0:0:root:/root:/bin/bash\n"),
        ("page.png", "<svg onload=alert(1)></svg>"),
        ("empty.png", b""),
        ("bmp.png", picture(kind="BMP")),
    ]:
        with pytest.raises(PictureRefused, match="not a PNG, JPEG, GIF or WebP picture"):
            read_picture(str(write(tmp_path / name, data)))


def test_a_picture_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.png"
    with path.open("wb") as file:
        file.write(picture())
        file.truncate(50 * 1024 * 1024)  # 50 MB, sparse: nothing to write
    with pytest.raises(PictureTooLarge) as refused:
        read_picture(str(path))
    assert refused.value.size == 50 * 1024 * 1024 and "50.0 MB" in str(refused.value)
    small = write(tmp_path / "small.png", picture())
    with pytest.raises(PictureTooLarge):
        read_picture(str(small), limit=10)


def test_a_fifo_or_a_folder_is_no_picture(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.png"
    os.mkfifo(fifo)
    with pytest.raises(PictureRefused, match="not a regular file"):
        read_picture(str(fifo))  # and does not hang
    (tmp_path / "folder.png").mkdir()
    with pytest.raises(PictureRefused):
        read_picture(str(tmp_path / "folder.png"))


def test_remote_addresses() -> None:
    assert is_remote("https://example.com/a.png") and is_remote("http://x/a.png") and is_remote("//cdn/a.png")
    assert not is_remote("assets/a.png") and not is_remote("a:b.png")


def test_the_media_name_is_the_contents_hash() -> None:
    a, b = picture("#000000"), picture("#ffffff")
    assert media_name(a, ".png") == media_name(bytes(a), ".png") != media_name(b, ".png")
    assert media_name(a, ".png").startswith("shizheng-") and len(media_name(a, ".png")) == len("shizheng-") + 32 + 4


def test_a_broken_app_json_is_no_attachment_folder(tmp_path: Path) -> None:
    write(tmp_path / ".obsidian" / "app.json", "{not json")
    note = write(tmp_path / "笔记.md", "x")
    stored = write(tmp_path / "a.png", picture())
    folder = NotesFolder(tmp_path)
    assert folder.vault == tmp_path and folder.attachments is None
    assert folder.find("a.png", note) == os.path.realpath(stored)


@pytest.mark.parametrize("kind", ["fifo", "folder", "large"])
def test_an_app_json_that_is_no_settings_file_is_no_attachment_folder(tmp_path: Path, kind: str) -> None:
    """A FIFO there was opened and waited on: the build hung. It is read as every file is."""
    settings = tmp_path / ".obsidian" / "app.json"
    settings.parent.mkdir()
    if kind == "fifo":
        os.mkfifo(settings)
    elif kind == "folder":
        settings.mkdir()
    else:
        settings.write_text(json.dumps({"attachmentFolderPath": "附件", "padding": "x" * (1 << 20)}))
    note = write(tmp_path / "笔记.md", "x")
    stored = write(tmp_path / "a.png", picture())
    folder = NotesFolder(tmp_path)
    assert folder.vault == tmp_path and folder.attachments is None
    assert folder.find("a.png", note) == os.path.realpath(stored)

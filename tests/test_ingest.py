"""Ingest: hashing, versions, encodings and every kind of bad file."""

import hashlib
from pathlib import Path

import pytest
from conftest import PDFS, SEED

from pipeline.errors import PipelineError
from pipeline.ingest import read_source_file, resolve_path


def test_hash_size_and_encoding_of_the_seed():
    item = read_source_file(SEED, lang="zh")
    data = SEED.read_bytes()
    assert item.source.sha256 == hashlib.sha256(data).hexdigest()
    assert item.source.size == len(data)
    assert item.source.encoding == "utf-8"
    assert item.source.kind == "text"


def test_gbk_text_is_detected_and_decoded(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("大型语言模型的对齐与安全。".encode("gbk"))
    item = read_source_file(path, lang="zh")
    assert item.text == "大型语言模型的对齐与安全。"
    assert item.source.encoding == "gb18030"
    assert any("GB18030" in w for w in item.warnings)


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfhello")
    assert read_source_file(path, lang="en").text == "hello"


@pytest.mark.parametrize(
    "make,problem",
    [
        (lambda p: p.write_bytes(b""), "empty file"),
        (lambda p: p.write_bytes(bytes(range(256)) * 4), "binary data"),
        (lambda p: p.write_bytes("café".encode("latin-1") * 3), "not UTF-8"),
        (lambda p: p.write_bytes(b"   \n\n  "), "contains no text"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64), "PNG image"),
    ],
)
def test_bad_text_files(tmp_path, make, problem):
    path = tmp_path / "bad.txt"
    make(path)
    with pytest.raises(PipelineError) as error:
        read_source_file(path, lang="en")
    assert problem in str(error.value)
    assert str(path) in str(error.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(PipelineError, match="no such file"):
        read_source_file(tmp_path / "nope.txt", lang="en")
    with pytest.raises(PipelineError, match="is a directory"):
        read_source_file(tmp_path, lang="en")


def test_image_renamed_pdf(tmp_path):
    path = tmp_path / "picture.pdf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(PipelineError, match="not a PDF .*PNG image"):
        read_source_file(path, lang="en")


def test_empty_pdf():
    with pytest.raises(PipelineError, match="empty file"):
        read_source_file(PDFS / "empty.pdf", lang="en")


def test_glob_takes_the_highest_version(tmp_path):
    (tmp_path / "raw").mkdir()
    for name in ("2404.09932v1.pdf", "2404.09932v3.pdf", "2404.09932v2.pdf"):
        (tmp_path / "raw" / name).write_bytes(b"%PDF-1.4")
    assert resolve_path(tmp_path, "raw/2404.09932v*.pdf").name == "2404.09932v3.pdf"
    assert resolve_path(tmp_path, "raw/missing*.pdf") is None


def test_special_files_are_refused_by_name_without_reading(tmp_path):
    import os
    import socket

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(PipelineError, match=r"pipe.txt: is a FIFO \(named pipe\), not a regular file"):
        read_source_file(fifo, lang="en")  # opened without waiting for a writer
    with pytest.raises(PipelineError, match="/dev/null: is a character device, not a regular file"):
        read_source_file(Path("/dev/null"), lang="en")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "s.txt"))
    try:
        with pytest.raises(PipelineError, match="s.txt: is a socket, not a regular file"):
            read_source_file(tmp_path / "s.txt", lang="en")
    finally:
        server.close()


def test_reads_are_bounded_by_max_bytes(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("An English sentence.\n" * 100, encoding="utf-8")
    with pytest.raises(PipelineError, match=r"is larger than ingest.max_bytes \(2,100 bytes > 2,000 bytes\)"):
        read_source_file(path, lang="en", max_bytes=2000)
    assert read_source_file(path, lang="en", max_bytes=2100).source.size == 2100

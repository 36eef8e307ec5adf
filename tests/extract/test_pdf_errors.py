"""Damaged, encrypted and empty PDFs give one clear error or a warning, never a traceback."""

import pytest
from conftest import AGENDA_PDF, PDFS

from pipeline.errors import PipelineError
from pipeline.run import segment_file


def test_encrypted_pdf():
    with pytest.raises(PipelineError, match="encrypted PDF"):
        segment_file(PDFS / "password-example.pdf", "en")


def test_malformed_pdf_reads_what_it_can_with_a_warning():
    doc = segment_file(PDFS / "malformed-from-issue-932.pdf", "en")
    assert [p.text for p in doc.paragraphs] == ["2021 3 31"]
    assert len(doc.warnings) == 1 and "damaged page geometry" in doc.warnings[0]


def test_truncated_pdf(tmp_path):
    path = tmp_path / "truncated.pdf"
    data = AGENDA_PDF.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    try:
        doc = segment_file(path, "en")
    except PipelineError as error:
        assert "PDF" in str(error)
    else:
        assert doc.warnings, "a truncated PDF that still reads must say it is damaged"


def test_garbage_after_pdf_magic(tmp_path):
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    with pytest.raises(PipelineError, match="damaged or unreadable PDF|no readable text"):
        segment_file(path, "en")

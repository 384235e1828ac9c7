"""Fixtures for the document tests: signing keys and reading PDFs back as text and images."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from document_samples import PdfPages, SigningKey


@pytest.fixture
def key() -> SigningKey:
    """The issuing workstation's key."""
    return SigningKey()


@pytest.fixture
def other_key() -> SigningKey:
    """Some other workstation's key."""
    return SigningKey()


@pytest.fixture
def pdf_pages(tmp_path: Path) -> PdfPages:
    """The text of each page of a PDF, as poppler's pdftotext reads it (an extractor independent of ours)."""

    def pages(data: bytes) -> list[str]:
        path = tmp_path / "document.pdf"
        path.write_bytes(data)
        result = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=60
        )
        text = result.stdout.decode("utf-8")
        return text.split("\f")[:-1]

    return pages

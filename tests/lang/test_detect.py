"""The language of one segment inside a document: its scripts, weighed."""

import pytest

from pipeline.lang.detect import segment_language


@pytest.mark.parametrize(
    "text, document, expected",
    [
        ("Helm 是Kubernetes的包管理器。", "zh", "zh"),
        ("`setNumber(number + 1)`：`number` 是 `0` 所以 `setNumber(0 + 1)`。", "zh", "zh"),
        # partly translated: the Chinese it holds keeps it Chinese
        ("版本 4.0 • See the errata page for any corrections and the date of change", "zh", "zh"),
        ("Creative Commons is the nonprofit behind the open licenses.", "zh", "en"),
        ("Chart.yaml", "zh", "en"),
        ("CC BY 4.0", "zh", "en"),
        ("The greeting 你好世界 means hello world.", "en", "en"),
        ("中文", "en", "zh"),
        ("Chart.yaml", "en", "en"),
        ("1.2.3", "zh", "und"),
        ("—", "en", "und"),
        ("<form>", "en", "und"),  # one tag names markup
        ("</Suspense>", "zh", "und"),
    ],
)
def test_segment_language(text, document, expected):
    assert segment_language(text, document) == expected

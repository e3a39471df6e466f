"""Authored text reaches pages formatted but never executable."""

import pytest

from core.templatetags.rich_text import rich, rich_inline


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("What is 2 + 2?", "<p>What is 2 + 2?</p>"),
        ("Line one\nline two", "<p>Line one<br>line two</p>"),
        ("Is 3 < 5?", "<p>Is 3 &lt; 5?</p>"),
        ("<p>Keep <strong>this</strong></p>", "<p>Keep <strong>this</strong></p>"),
    ],
)
def test_rich_formats_text(source, expected):
    assert str(rich(source)) == expected


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">click</a>',
        '<svg onload="alert(1)"></svg>',
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<iframe src='https://evil.example'></iframe>",
    ],
)
@pytest.mark.parametrize("render", [rich, rich_inline])
def test_script_never_survives(payload, render):
    out = str(render(payload)).lower()
    assert "<script" not in out
    assert "onerror" not in out
    assert "onload" not in out
    assert "javascript:" not in out
    assert "<iframe" not in out
    assert "style=" not in out


def test_plain_inline_text_is_escaped():
    assert str(rich_inline("a < b & c")) == "a &lt; b &amp; c"

"""What users write is rendered as Markdown and nothing unsafe survives."""

from html.parser import HTMLParser

import pytest

from core.markdown import render


class _Elements(HTMLParser):
    """Collects the real elements and attributes of a fragment (escaped text is not an element)."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.attrs = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="#" onclick="alert(1)">x</a>',
        "<iframe src='https://evil.example'></iframe>",
        "[x](JaVaScRiPt:alert(1))",
        '<svg onload="alert(1)"></svg>',
    ],
)
def test_script_and_handlers_render_inert(text):
    found = _Elements(render(text))
    assert not set(found.tags) & {"script", "img", "iframe", "svg"}
    assert not [name for name, _value in found.attrs if name.startswith("on")]
    assert not [v for name, v in found.attrs if name == "href" and v and v.lower().startswith("javascript")]


def test_markdown_formats_and_links_are_marked_as_user_content():
    html = render("**Banjir** di _RW 04_\n\n- satu\n- dua\n\n[peta](https://maps.example/x)")
    assert "<strong>Banjir</strong>" in html and "<em>RW 04</em>" in html
    assert "<li>satu</li>" in html
    assert 'href="https://maps.example/x"' in html
    assert 'rel="nofollow ugc noopener"' in html


def test_user_headings_do_not_outrank_the_page():
    assert "<h1>" not in render("# Big") and "<h3>Big</h3>" in render("# Big")

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


@pytest.mark.parametrize(
    "bomb",
    ["[" * 5000, "![" * 2500, "[a](" * 1250, "*a" * 2500, "*_" * 2500, "&" * 5000, "a\n" * 2500, "<" * 5000],
)
def test_input_built_to_make_the_parser_work_hard_is_shown_as_plain_text(bomb):
    from core.markdown import hostile

    html = render(bomb)
    assert hostile(bomb)
    tags = _Elements(html).tags
    assert tags.count("p") == 1 and set(tags) <= {"p", "br"}  # one escaped paragraph: no Markdown was tried
    assert html.startswith("<p>") and "<script" not in html


def test_a_long_richly_formatted_comment_is_still_markdown():
    from core.markdown import hostile

    text = "\n\n".join(f"**Point {n}**: see [the map](https://peta.example/{n}) and _this_ `code`." for n in range(40))
    assert not hostile(text)
    assert _Elements(render(text)).tags.count("a") == 40


def test_plain_text_escapes_everything_and_keeps_paragraphs():
    from core.markdown import plain

    assert plain("<b>x</b>\nline\n\n[y](javascript:z)") == "<p>&lt;b&gt;x&lt;/b&gt;<br>line</p><p>[y](javascript:z)</p>"

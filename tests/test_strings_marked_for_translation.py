"""Every word a person reads in a template is marked for translation."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parent.parent / "withus" / "templates"
# Text that is the same in every language.
ALLOWED = {"withus", "£", "—", ":", ",", ";", "(", ")", "."}

_BLOCKS = re.compile(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", re.S)
_TAGS = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
_SVG = re.compile(r"<svg.*?</svg>", re.S)
_HTML = re.compile(r"<[^>]+>")


def untranslated_text(source: str) -> list[str]:
    text = _BLOCKS.sub(" ", source)
    text = _TAGS.sub(" ", text)
    text = _SVG.sub(" ", text)
    text = _HTML.sub(" ", text)
    text = text.replace("&nbsp;", " ")
    words = [w for w in re.split(r"\s+", text) if w and w not in ALLOWED]
    return [w for w in words if re.search(r"[A-Za-z]", w)]


def test_it_finds_words_left_out_of_translation():
    assert untranslated_text("<p>{% translate 'Hello' %} world</p>") == ["world"]
    assert untranslated_text("<p>{% blocktranslate %}Hi {{ x }}{% endblocktranslate %}</p>") == []


@pytest.mark.parametrize(
    "path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES))
)
def test_every_template_marks_its_words_for_translation(path):
    assert untranslated_text(path.read_text()) == []

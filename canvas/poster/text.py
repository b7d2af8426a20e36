"""Paragraphs that print every script people type: fonts per character, Arabic shaped, Arabic
and Hebrew right to left.

``Paragraph`` is reportlab's, with three additions:

- each fragment of text is split into runs by the font that has its characters
  (``fonts.runs``), so one note can mix Dutch, Arabic, Chinese and emoji;
- Arabic letters are shaped (their joining forms, lam-alef ligatures) by ``arabic_reshaper``,
  before the line breaking measures them;
- lines are broken in logical order, as typed, and each line is put in visual order only when
  drawn (the Unicode bidirectional algorithm, from ``python-bidi``), so a long Arabic or
  Hebrew note reads right to left and its first line stays on top. A paragraph whose first
  strong character is right to left is also aligned right.

Reportlab's own right-to-left support needs ``rlbidi``, which is not published on PyPI;
``python-bidi`` and ``arabic-reshaper`` are the maintained, pure-Python-installable pair.
The PDF keeps the printed characters (Arabic presentation forms, in visual order);
pdftotext and copy-paste give the text back.
"""
import re
from copy import copy

import arabic_reshaper
from bidi import algorithm as bidi
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.platypus import paragraph as rl_paragraph

from . import fonts

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_EMOJI = re.compile("[\ufe0e\ufe0f\u200d]")   # what fonts.prepare may leave out
_RESHAPER = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False})


def shape(text: str) -> str:
    """``text`` as printed: emoji modifiers left out (fonts.prepare), Arabic shaped."""
    text = fonts.prepare(text)
    if _ARABIC.search(text):
        text = _RESHAPER.reshape(text)
    return text


def has_rtl(text: str) -> bool:
    return bool(_RTL.search(text))


def base_is_rtl(text: str) -> bool:
    """Whether the first strong character of ``text`` is right to left (rules P2, P3)."""
    return bidi.get_base_level(text) == 1


def visual(text: str, rtl: bool) -> list:
    """The logical indexes of ``text`` in visual order, with each character as displayed
    (brackets mirrored in right-to-left runs): [(index, character)]."""
    storage = bidi.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    bidi.get_embedding_levels(text, storage, False, False)
    for i, char in enumerate(storage["chars"]):
        char["index"] = i
    bidi.explicit_embed_and_overrides(storage, False)
    bidi.resolve_weak_types(storage, False)
    bidi.resolve_neutral_types(storage, False)
    bidi.resolve_implicit_levels(storage, False)
    bidi.reorder_resolved_levels(storage, False)
    bidi.apply_mirroring(storage, False)
    return [(c["index"], c["ch"]) for c in storage["chars"]]


def _split_frags(frags) -> list:
    out = []
    for frag in frags:
        text = getattr(frag, "text", None)
        if (not text or not isinstance(text, str) or text.isascii() or hasattr(frag, "cbDefn")
                or frag.fontName not in fonts.primary_names()):
            out.append(frag)
            continue
        bold = fonts.is_bold(frag.fontName)
        if fonts.covered(text, bold) and not _ARABIC.search(text) and not _EMOJI.search(text):
            out.append(frag)
            continue
        pieces = fonts.runs(shape(text), bold)
        if len(pieces) == 1:
            frag.text = pieces[0][0]
            frag.fontName = pieces[0][1]
            out.append(frag)
            continue
        for piece, name in pieces:
            part = frag.clone()
            part.text, part.fontName = piece, name
            out.append(part)
    return out


class Paragraph(rl_paragraph.Paragraph):
    """reportlab's Paragraph, printing every script (see the module's docstring)."""

    def _setup(self, text, style, bulletText, frags, cleaner):
        super()._setup(text, style, bulletText, frags, cleaner)
        fonts.register()
        # A split piece gets the fragments of lines (not of text): nothing to do again.
        if self.frags and not isinstance(self.frags[0], list):
            self.frags = _split_frags(self.frags)
        logical = "".join(f.text for f in self.frags
                          if isinstance(getattr(f, "text", None), str) and not f.text.isascii())
        self._rtl = has_rtl(logical)
        self._base_rtl = self._rtl and base_is_rtl("".join(
            f.text for f in self.frags if isinstance(getattr(f, "text", None), str)))

    def draw(self):
        if not getattr(self, "_rtl", False) or not hasattr(self, "blPara"):
            return super().draw()
        logical, style = self.blPara, self.style
        self.blPara = _visual_para(logical, self._base_rtl)
        if self._base_rtl and style.alignment == TA_LEFT:
            self.style = copy(style)
            self.style.alignment = TA_RIGHT
        try:
            return super().draw()
        finally:
            self.blPara, self.style = logical, style


def _visual_para(para, rtl: bool):
    para = copy(para)
    if para.kind == 0:
        para.lines = [_visual_simple(line, rtl) for line in para.lines]
    else:
        para.lines = [_visual_line(line, rtl) for line in para.lines]
    return para


def _visual_simple(line, rtl):
    extra, words = line[0], line[1]
    text = " ".join(words)
    if not has_rtl(text):
        return line
    return (extra, ["".join(ch for _, ch in visual(text, rtl))], *line[2:])


def _visual_line(line, rtl):
    words = getattr(line, "words", None)
    if not words or any(not isinstance(getattr(w, "text", None), str)
                        or hasattr(w, "cbDefn") for w in words):
        return line
    text = "".join(w.text for w in words)
    if not has_rtl(text):
        return line
    owner = [i for i, w in enumerate(words) for _ in w.text]
    out, current, piece = [], None, []
    for index, ch in visual(text, rtl):
        if owner[index] != current and piece:
            out.append(_with_text(words[current], "".join(piece)))
            piece = []
        current = owner[index]
        piece.append(ch)
    if piece:
        out.append(_with_text(words[current], "".join(piece)))
    line = copy(line)
    line.words = out
    return line


def _with_text(frag, text):
    frag = frag.clone()
    frag.text = text
    return frag

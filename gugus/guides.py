"""The guides, one per role, in Bahasa Indonesia: shown on the Panduan page and printed as an A4 PDF.

Each guide is a Markdown file in ``gugus/guides/`` written in a small subset: ``#``/``##`` headings, paragraphs,
numbered and bulleted lists, ``**bold**`` and ```code``` within a line, and a screenshot on a line of its own as
``![caption](gambar/NAME.png)``. The screenshots are taken from the demo by the test suite
(tests/e2e/test_go_live.py), so they show the app as it is.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import typst

from gugus.briefing_pdf import FONTS

FOLDER = Path(__file__).with_name("guides")
PICTURES = FOLDER / "gambar"
LAYOUT = FOLDER / "panduan.typ"
ORDER = ["pilar", "ketua", "pimpinan", "admin"]  # the roles, in the order the printed book keeps them
IMAGE = re.compile(r"^!\[(?P<caption>[^\]]*)\]\(gambar/(?P<name>[a-z0-9-]+)\.png\)$")
NUMBERED = re.compile(r"^\d+\.\s+")
INLINE = re.compile(r"\*\*(?P<bold>[^*]+)\*\*|`(?P<code>[^`]+)`")


@dataclass
class Block:
    kind: str  # h1, h2, p, ol, ul, img
    text: str = ""
    items: list[str] = field(default_factory=list)
    name: str = ""  # a screenshot's name (gambar/NAME.png)


@dataclass
class Guide:
    role: str
    title: str
    blocks: list[Block]

    @property
    def pictures(self) -> list[str]:
        return [b.name for b in self.blocks if b.kind == "img"]

    @property
    def steps(self) -> list[str]:
        """Every numbered step, as written: what the printed guide must hold."""
        return [item for b in self.blocks if b.kind == "ol" for item in b.items]


def parse(text: str, role: str) -> Guide:
    """A guide's Markdown as blocks (the subset in the module's docstring; anything else is a paragraph)."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in chunk.strip().splitlines() if line.strip()]
        first = lines[0]
        if first.startswith("## "):
            blocks.append(Block("h2", first[3:]))
        elif first.startswith("# "):
            blocks.append(Block("h1", first[2:]))
        elif match := IMAGE.match(first):
            blocks.append(Block("img", match["caption"], name=match["name"]))
        elif NUMBERED.match(first) or first.startswith("- "):
            kind, items = ("ol" if NUMBERED.match(first) else "ul"), []
            for line in lines:
                if NUMBERED.match(line) or line.startswith("- "):
                    items.append(NUMBERED.sub("", line).removeprefix("- "))
                else:  # a wrapped line continues its item
                    items[-1] += " " + line
            blocks.append(Block(kind, items=items))
        else:
            blocks.append(Block("p", " ".join(lines)))
        if blocks[-1].kind in ("h1", "h2", "img") and len(lines) > 1:
            blocks.append(Block("p", " ".join(lines[1:])))
    title = next((b.text for b in blocks if b.kind == "h1"), role)
    return Guide(role, title, [b for b in blocks if b.kind != "h1"])


def guide(role: str) -> Guide:
    """The guide of ``role`` (a key of :data:`gugus.labels.ROLES`)."""
    return parse((FOLDER / f"{role}.md").read_text(encoding="utf-8"), role)


def runs(text: str) -> list[dict]:
    """A line as runs of plain, bold and code text (set as text in the PDF, never read as markup)."""
    out, at = [], 0
    for match in INLINE.finditer(text):
        if match.start() > at:
            out.append({"t": text[at : match.start()]})
        out.append({"t": match["bold"], "b": True} if match["bold"] else {"t": match["code"], "c": True})
        at = match.end()
    if at < len(text):
        out.append({"t": text[at:]})
    return out


def _payload(guides: list[Guide]) -> dict:
    def block(b: Block) -> dict:
        if b.kind in ("ol", "ul"):
            return {"kind": b.kind, "items": [runs(i) for i in b.items]}
        if b.kind == "img":
            return {"kind": "img", "src": f"gambar/{b.name}.png", "caption": b.text}
        return {"kind": b.kind, "runs": runs(b.text)}

    return {"guides": [{"title": g.title, "blocks": [block(b) for b in g.blocks]} for g in guides]}


def pdf(roles: list[str] | None = None) -> bytes:
    """The guides of ``roles`` (all, in :data:`ORDER`, by default) as one A4 PDF, a guide per chapter, with their
    screenshots; a screenshot not taken yet is named in its place."""
    guides = [guide(r) for r in (roles or ORDER)]
    with tempfile.TemporaryDirectory(prefix="panduan-") as folder:
        root = Path(folder)
        (root / "gambar").mkdir()
        payload = _payload(guides)
        for g in payload["guides"]:
            for b in g["blocks"]:
                if b["kind"] == "img":
                    source = FOLDER / b["src"]
                    b["present"] = source.exists()
                    if source.exists():
                        (root / b["src"]).write_bytes(source.read_bytes())
        (root / "guide.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        (root / "main.typ").write_text(LAYOUT.read_text(encoding="utf-8"), encoding="utf-8")
        return typst.compile(str(root / "main.typ"), root=str(root), font_paths=[FONTS], ignore_system_fonts=True)

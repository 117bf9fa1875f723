"""The guides: one per role, parsed from their Markdown, printed with every step and picture."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from gugus import auth, guides


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def test_every_role_has_a_guide_with_steps_and_pictures():
    assert sorted(guides.ORDER) == sorted(auth.ROLES)
    for role in guides.ORDER:
        guide = guides.guide(role)
        assert guide.title and len(guide.steps) >= 7 and guide.pictures, role
        assert all((guides.PICTURES / f"{name}.png").exists() for name in guide.pictures), role


def test_the_printed_guide_of_a_role_holds_its_steps_and_no_other_roles():
    text = _text(guides.pdf(["pilar"]))
    own = guides.guide("pilar")
    assert own.title in text and guides.guide("ketua").title not in text
    for step in own.steps:
        assert re.sub(r"\*\*|`", "", step)[:60] in text, step
    assert "Gambar belum dibuat" not in text  # its screenshots are in it


def test_markup_in_a_guide_is_set_as_text(tmp_path, monkeypatch):
    folder = tmp_path / "guides"
    (folder / "gambar").mkdir(parents=True)
    (folder / "uji.md").write_text(
        "# Uji\n\nTeks dengan #set page(width: 1cm) dan $x$ serta **tebal** dan `kode`.\n\n1. Langkah satu\n   lanjutan\n2. Langkah dua\n\n"
        "![Gambar yang belum ada](gambar/tidak-ada.png)\n",
        encoding="utf-8",
    )
    (folder / "panduan.typ").write_text(guides.LAYOUT.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(guides, "FOLDER", folder)
    monkeypatch.setattr(guides, "LAYOUT", folder / "panduan.typ")
    guide = guides.guide("uji")
    assert guide.steps == ["Langkah satu lanjutan", "Langkah dua"] and guide.pictures == ["tidak-ada"]
    text = _text(guides.pdf(["uji"]))
    assert "#set page(width: 1cm) dan $x$ serta tebal dan kode" in text
    assert "Gambar belum dibuat: Gambar yang belum ada" in text

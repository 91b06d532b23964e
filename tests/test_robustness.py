"""Variants of the real documents: other bullet glyphs, HTML lists, CRLF, encodings, page breaks,
missing sections, and bad input. The converter must give the same graph or a clear error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quartiers.cli import app
from quartiers.convert import convert
from quartiers.errors import InputError
from quartiers.model import Convention
from tests.conftest import SOURCES

HAISNES = (SOURCES / "convention-haisnes.txt").read_text(encoding="utf-8")
DIVION = (SOURCES / "convention-divion.txt").read_text(encoding="utf-8")


def conv(
    tmp: Path, text: str | bytes, name: str = "variant.txt", others: tuple[str, ...] = ()
) -> Convention:
    """Convert a variant together with the real corpus (the framework is built from all)."""
    src = tmp / "src"
    src.mkdir(exist_ok=True)
    p = src / name
    p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    paths = [p] + [SOURCES / o for o in others]
    results = convert(paths, tmp / "out")
    return results[0].convention


def actions(c: Convention) -> list[tuple[str, str, str]]:
    return [
        (q.name, r.objective_key, a.text)
        for q in c.quartiers
        for r in q.retained
        for a in r.actions
    ]


@pytest.fixture(scope="module")
def divion(tmp_path_factory: pytest.TempPathFactory) -> Convention:
    return conv(
        tmp_path_factory.mktemp("d"), DIVION, "convention-divion.txt", ("convention-haisnes.txt",)
    )


@pytest.fixture(scope="module")
def haisnes(tmp_path_factory: pytest.TempPathFactory) -> Convention:
    return conv(
        tmp_path_factory.mktemp("h"), HAISNES, "convention-haisnes.txt", ("convention-divion.txt",)
    )


@pytest.mark.parametrize("glyph", ["• ", "· ", "→ ", "\uf0b7 ", "* ", "– "])
def test_other_bullet_glyphs(tmp_path: Path, haisnes: Convention, glyph: str) -> None:
    text = re.sub(r"(?m)^- ", glyph, HAISNES)
    c = conv(tmp_path, text, "convention-haisnes.txt", ("convention-divion.txt",))
    q, ref = c.quartiers[0], haisnes.quartiers[0]
    assert [i.text for i in q.irritants] == [i.text for i in ref.irritants]
    assert [i.text for i in q.opportunities] == [i.text for i in ref.opportunities]


def test_html_list_items_and_plain_bullets_give_the_same_actions(
    tmp_path: Path, divion: Convention
) -> None:
    plain = DIVION.replace('<ul style="list-style-type: none"> ', "")
    li = re.sub(r'<ul style="list-style-type: none"> • ', "<ul><li>", DIVION).replace(
        " • ", "</li><li>"
    )
    for variant in (plain, li):
        c = conv(tmp_path, variant, "convention-divion.txt", ("convention-haisnes.txt",))
        assert actions(c) == actions(divion)


def test_crlf_bom_nbsp_and_typographic_quotes(tmp_path: Path, divion: Convention) -> None:
    text = "\ufeff" + DIVION.replace("'", "\u2019").replace(" : ", "\u00a0: ").replace("\n", "\r\n")
    c = conv(tmp_path, text, "convention-divion.txt", ("convention-haisnes.txt",))
    assert actions(c) == actions(divion)
    assert c.encoding == "utf-8-sig"
    assert [i.value for q in c.quartiers for i in q.portrait.indicators] == [
        i.value for q in divion.quartiers for i in q.portrait.indicators
    ]


def test_windows_1252_is_detected(tmp_path: Path, divion: Convention) -> None:
    data = DIVION.replace("\u2019", "'").replace("…", "...").encode("cp1252", errors="strict")
    c = conv(tmp_path, data, "convention-divion.txt", ("convention-haisnes.txt",))
    assert c.encoding == "cp1252"
    assert actions(c) == actions(divion)


def test_page_break_inside_a_row(tmp_path: Path, divion: Convention) -> None:
    target = "• Rendre accessible les services (bus mobile dans les quartiers)"
    first = DIVION.index(target)
    cut = first + len("• Rendre accessible les services")
    text = DIVION[:cut] + "\n\n\t\t" + DIVION[cut + 1 :]  # the rest of the row on a tab-led line
    c = conv(tmp_path, text, "convention-divion.txt", ("convention-haisnes.txt",))
    assert actions(c) == actions(divion)


def test_missing_section(tmp_path: Path, haisnes: Convention) -> None:
    start = HAISNES.index(
        "Les « opportunités » : atouts et ressources sur lesquelles on pourra s'appuyer\n"
    )
    end = HAISNES.index("Les enjeux prioritaires pour la commune sur le quartier\n\n")
    c = conv(
        tmp_path,
        HAISNES[:start] + HAISNES[end:],
        "convention-haisnes.txt",
        ("convention-divion.txt",),
    )
    q = c.quartiers[0]
    assert q.opportunities == []
    assert len(q.irritants) == 14 and len(q.priorities) == 5
    assert actions(c) == actions(haisnes)


def test_same_quartier_from_two_conventions_is_one_resource(tmp_path: Path) -> None:
    from quartiers.store import open_store

    douvrin = HAISNES.replace("Commune de Haisnes", "Commune de Douvrin")
    src = tmp_path / "src"
    src.mkdir()
    (src / "convention-douvrin.txt").write_text(douvrin, encoding="utf-8")
    (src / "convention-haisnes.txt").write_text(HAISNES, encoding="utf-8")
    convert(sorted(src.iterdir()), tmp_path / "out")
    store = open_store([tmp_path / "out"])
    rows = list(
        store.query("""
        PREFIX qk: <https://w3id.org/quartiers-kg/ontology#>
        SELECT ?q (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c qk:covers ?q } GROUP BY ?q""")
    )  # type: ignore[attr-defined]
    assert [(r["q"].value, int(r["n"].value)) for r in rows] == [
        ("https://w3id.org/quartiers-kg/id/quartier/QN06216M", 2)
    ]


def test_conversion_is_byte_identical(tmp_path: Path) -> None:
    srcs = sorted(SOURCES.glob("*.txt"))
    convert(srcs, tmp_path / "a")
    convert(srcs, tmp_path / "b")
    for f in sorted((tmp_path / "a").glob("*.ttl")):
        assert f.read_bytes() == (tmp_path / "b" / f.name).read_bytes(), f.name


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"   \n\n  ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
        (b"Bonjour\nCeci est une lettre, pas une convention.\n", "not a convention"),
        (b"Commune de X\n\x81\x8d\x8f bad bytes \xff\xfe\n", "cannot decode"),
    ],
)
def test_bad_input_is_a_clear_error_and_writes_nothing(
    tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = tmp_path / "out"
    with pytest.raises(InputError) as exc:
        convert([bad, SOURCES / "convention-divion.txt"], out)
    assert message in str(exc.value) and "bad.txt" in str(exc.value)
    assert not out.exists() or not any(out.iterdir())
    result = CliRunner().invoke(app, ["convert", str(bad), "--out", str(out)])
    assert result.exit_code == 2
    assert "bad.txt" in result.output and message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_decode_error_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes("Commune de X\nligne 2\nligne \u00e9 3\n".encode() + b"\x81\x8d\xff\n")
    with pytest.raises(InputError) as exc:
        convert([bad], tmp_path / "out")
    assert exc.value.line == 4


def test_unrtf_low_bytes_read_back_as_punctuation(tmp_path: Path) -> None:
    from quartiers.source import decode

    data = "Communauté d\x19Agglomération 2024 \x13 2030 «é»".encode("cp1252")
    text, encoding = decode(data, tmp_path / "x.txt")
    assert (text, encoding) == ("Communauté d\u2019Agglomération 2024 \u2013 2030 «é»", "cp1252")

"""`check_glossary`: every problem found at once, with file, line and severity."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from bilingue.cli import cli
from bilingue.glossary.check import GlossaryProblem, check_glossary

BAD = (
    "source\ttarget\ttype\tnote\tvariants\tcase\n"  # 1
    "Soyouz\tSoyuz\tprogramme\n"  # 2
    "soyouz\tSoyouz\tprogramme\n"  # 3: same text as line 2 once case is folded
    "ESA\tESA\torganisation\n"  # 4
    "ESA\tESA\torganisation\n"  # 5
    "Kourou\t\tplace\n"  # 6
    "CSG\tCSG\tspaceport\n"  # 7
    "Centre spatial\tSpace Centre\tplace\n"  # 8
    "Centre spatial guyanais\tGuiana Space Centre\tplace\n"  # 9
    "Baïkonour\tBaikonur\tplace\t\tTyuratam\n"  # 10
    "Tyuratam\tTiouratam\tplace\n"  # 11
    "Vega  C\tVega-C\tprogramme\n"  # 12
    "Lune\tMoon\tplace\t\t\tupper\n"  # 13
    " Plessetsk \tPlesetsk\tplace\t\tPlessetsk\n"  # 14
    "Mars\tMars\tplace\t\t\texact\n"  # 15
    "MARS\tMARS\tterm\n"  # 16: both exact, so no clash with line 15
)


def test_every_problem_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(BAD, encoding="utf-8")
    f = str(path)
    assert check_glossary([path]) == [
        GlossaryProblem("error", f, 3, "one source with two targets: 'soyouz' → 'Soyuz' "
                        f"({f}:2) and → 'Soyouz'"),
        GlossaryProblem("warning", f, 5, f"'ESA' duplicates {f}:4"),
        GlossaryProblem("error", f, 6, "empty target for 'Kourou'"),
        GlossaryProblem("error", f, 7, "invalid type 'spaceport' (use one of: name, programme, "
                        "organisation, place, title, term)"),
        GlossaryProblem("warning", f, 8, "'Centre spatial' also occurs inside 'Centre spatial "
                        f"guyanais' ({f}:9); the longer entry wins there"),
        GlossaryProblem("error", f, 11, "'Tyuratam' is the source here (→ 'Tiouratam') and a "
                        f"variant at {f}:10 (→ 'Baikonur'): one spelling, two targets"),
        GlossaryProblem("warning", f, 12, "double space in source 'Vega  C'"),
        GlossaryProblem("error", f, 13, "invalid case 'upper' (use exact, capitals, insensitive "
                        "or leave it empty)"),
        GlossaryProblem("warning", f, 14, "leading or trailing space in source 'Plessetsk' "
                        "(it is ignored)"),
        GlossaryProblem("warning", f, 14, "variant 'Plessetsk' repeats the source"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # A variant naming another entry with the same target is redundant, not wrong.
        (
            "source\ttarget\tvariants\nBaïkonour\tBaikonur\tBaikonour\nBaikonour\tBaikonur\n",
            [("warning", 3, "'Baikonour' is the source here and a variant at {f}:2, same target")],
        ),
        # Two entries claiming one variant for different targets cannot both win.
        (
            "source\ttarget\tvariants\nAlpha\tX\tVal\nBeta\tY\tval\n",
            [
                (
                    "error",
                    3,
                    "'val' is a variant here (→ 'Y') and a variant at {f}:2 (→ 'X'): one "
                    "spelling, two targets",
                )
            ],
        ),
        # Both entries exact (all caps): 'V' and 'v' never match the same text.
        ("source\ttarget\tvariants\nAB\tX\tV\nCD\tY\tv\n", []),
        # An exact-case short term does not shadow a differently cased longer one.
        ("source\ttarget\nCNES\tCNES\nPrésident du Cnes\tCNES President\n", []),
        (
            "source\ttarget\nCNES\tCNES\nPrésident du CNES\tCNES President\n",
            [
                (
                    "warning",
                    2,
                    "'CNES' also occurs inside 'Président du CNES' ({f}:3); the longer "
                    "entry wins there",
                )
            ],
        ),
        # Words, not substrings: ESA is not inside RESA, but it is inside l'ESA.
        ("source\ttarget\nESA\tESA\nRESA\tRESA\n", []),
        (
            "source\ttarget\nDirecteur général de l'ESA\tESA Director General\nESA\tESA\n",
            [
                (
                    "warning",
                    3,
                    "'ESA' also occurs inside \"Directeur général de l'ESA\" ({f}:2); "
                    "the longer entry wins there",
                )
            ],
        ),
        ("source\ttarget\nESA\tESA\n", []),
    ],
)
def test_variants_case_and_shadowing(
    tmp_path: Path, content: str, expected: list[tuple[str, int, str]]
) -> None:
    path = tmp_path / "g.tsv"
    path.write_text(content, encoding="utf-8")
    f = str(path)
    assert check_glossary([path]) == [
        GlossaryProblem(severity, f, line, message.format(f=f))  # type: ignore[arg-type]
        for severity, line, message in expected
    ]


def test_a_later_file_replacing_a_target_is_a_warning_and_bad_files_an_error(
    tmp_path: Path,
) -> None:
    shipped, local, broken = tmp_path / "a.tsv", tmp_path / "b.tsv", tmp_path / "c.tsv"
    shipped.write_text("source\ttarget\nESA\tESA\nCNES\tCNES\n", encoding="utf-8")
    local.write_text("source\ttarget\nESA\tEuropean Space Agency\nCNES\tCNES\n", encoding="utf-8")
    broken.write_bytes(b"source\ttarget\n\xff\n")
    assert check_glossary([shipped, local, broken, tmp_path / "missing.tsv"]) == [
        GlossaryProblem("warning", str(local), 2, "'ESA' → 'European Space Agency' replaces "
                        f"'ESA' from {shipped}:2 (later files win)"),
        GlossaryProblem("warning", str(local), 3, f"'CNES' duplicates {shipped}:3"),
        GlossaryProblem("error", str(broken), 0, "not UTF-8 text (byte 14)"),
        GlossaryProblem("error", str(tmp_path / "missing.tsv"), 0, "glossary file not found"),
    ]  # fmt: skip


def test_a_bad_header_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "g.tsv"
    path.write_text("# x\nsource\tcible\nESA\tESA\n", encoding="utf-8")
    assert check_glossary([path]) == [
        GlossaryProblem("error", str(path), 2, "unknown column 'cible' in the header")
    ]


def test_describe_is_the_cli_line() -> None:
    problem = GlossaryProblem("error", "g.tsv", 3, "empty source")
    assert problem.describe() == "g.tsv:3: error: empty source"


def test_cli_check_exits_1_on_errors_and_0_on_warnings(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(BAD, encoding="utf-8")
    result = CliRunner().invoke(cli, ["glossary", "check", str(bad)])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "1 file(s) checked: 5 error(s), 5 warning(s)"
    good = tmp_path / "good.tsv"
    good.write_text("source\ttarget\nESA\tESA\nESA\tESA\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["glossary", "check", str(good)])
    assert result.exit_code == 0

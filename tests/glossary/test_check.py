"""`bilingue glossary check`: every problem found at once, with file, line and severity."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from bilingue.cli import cli
from bilingue.glossary.check import GlossaryProblem, check_glossary

BAD = (
    "source\ttarget\ttype\tnote\tvariants\n"
    "Soyouz\tSoyuz\tprogramme\n"
    "soyouz\tSoyouz\tprogramme\n"
    "ESA\tESA\torganisation\n"
    "ESA\tESA\torganisation\n"
    "Kourou\t\tplace\n"
    "CSG\tCSG\tspaceport\n"
    "Centre spatial\tSpace Centre\tplace\n"
    "Centre spatial guyanais\tGuiana Space Centre\tplace\n"
    "Baïkonour\tBaikonur\tplace\t\tTyuratam\n"
    "Tyuratam\tTiouratam\tplace\n"
    "Vega  C\tVega-C\tprogramme\n"
)


def test_every_problem_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(BAD, encoding="utf-8")
    f = str(path)
    assert check_glossary([path]) == [
        GlossaryProblem(
            "error", f, 3, "'soyouz' has two targets: 'Soyuz' (" + f + ":2) and 'Soyouz'"
        ),
        GlossaryProblem("error", f, 6, "source and target must both be filled in"),
        GlossaryProblem("error", f, 7, "type 'spaceport' is not one of name, programme, "
                        "organisation, place, title, term"),
        GlossaryProblem("error", f, 10, "variant 'Tyuratam' of 'Baïkonour' is also an entry with "
                        "target 'Tiouratam' (" + f + ":11)"),
        GlossaryProblem("warning", f, 5, f"'ESA' duplicates {f}:4"),
        GlossaryProblem("warning", f, 8, "'Centre spatial' is part of 'Centre spatial guyanais': "
                        "the longer entry wins there"),
        GlossaryProblem("warning", f, 12, "source 'Vega  C' has a double space"),
    ]  # fmt: skip


def test_the_shipped_glossary_has_no_errors(repo_root: Path) -> None:
    problems = check_glossary(sorted((repo_root / "glossary").glob("*.tsv")))
    assert [p for p in problems if p.severity == "error"] == []


def test_cli_check_exits_1_on_errors_and_0_on_warnings(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(BAD, encoding="utf-8")
    result = CliRunner().invoke(cli, ["glossary", "check", str(bad)])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == "1 file(s) checked: 4 error(s), 3 warning(s)"
    good = tmp_path / "good.tsv"
    good.write_text("source\ttarget\nESA\tESA\nESA\tESA\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["glossary", "check", str(good)])
    assert result.exit_code == 0

"""The management command end to end; needs Django settings but no database."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

HEADER = (
    "record_id,given_name,family_name,date_of_birth,gender,nationality,postcode,address,phone,"
    "identifier\n"
)


def test_match_people_command_clusters_a_csv(tmp_path, capsys):
    source = tmp_path / "people.csv"
    source.write_text(
        HEADER
        + "p1,Yonas,Tesfaye,2008-04-02,M,ER,CW1 2AB,,07700900001,\n"
        + "p2,Tesfay,Yohannes,2008-04-02,M,ER,CW1 2AB,,+44 7700 900001,\n"
        + "p3,Elira,Hoxha,2012-09-30,F,AL,WA1 1AA,,,\n",
        encoding="utf-8",
    )
    target = tmp_path / "clusters.csv"
    call_command("match_people", csv=str(source), out=str(target))
    rows = dict(line.split(",") for line in target.read_text().splitlines()[1:])
    assert rows["p1"] == rows["p2"] != rows["p3"]
    assert "3 records in 2 clusters" in capsys.readouterr().out


def test_match_people_command_reports_bad_lines(tmp_path, capsys):
    source = tmp_path / "people.csv"
    source.write_text(HEADER + "a,A,,,,,,,,\na,B,,,,,,,,\nb,C,,2001-02-29,,,,,,\n")
    with pytest.raises(CommandError, match="line 3: duplicate record_id 'a'"):
        call_command("match_people", csv=str(source), out=str(tmp_path / "out.csv"))
    call_command("match_people", csv=str(source), out=str(tmp_path / "out.csv"), skip_bad=True)
    error = capsys.readouterr().err
    assert "line 3: duplicate record_id 'a' (first seen on line 2)" in error
    # A date that is not a real date keeps its record and is reported as a warning.
    assert "Kept 1 line(s) with a doubtful date of birth" in error
    assert "line 4: date of birth '2001-02-29' is not a real date" in error
    assert (tmp_path / "out.csv").read_text().splitlines() == [
        "record_id,cluster_id",
        "a,1",
        "b,2",
    ]


def test_match_people_keeps_dirty_dates_and_strict_refuses_them(tmp_path, capsys):
    source = tmp_path / "people.csv"
    source.write_text(
        HEADER
        + "p1,Mitchell,Green,19551192,,,2119,7 wallaby place delmar,,\n"
        + "p2,Mitchell,Green,19551129,,,2119,7 wallaby place delmar,,\n"
        + "p3,Kayla,Tu,1998,,,3137,6 chauvel circle,,\n"
    )
    target = tmp_path / "clusters.csv"
    call_command("match_people", csv=str(source), out=str(target))
    warnings = capsys.readouterr().err
    assert "line 2: date of birth '19551192' is not a real date" in warnings
    assert "line 4: date of birth '1998' is a year only" in warnings
    rows = dict(line.split(",") for line in target.read_text().splitlines()[1:])
    assert rows["p1"] == rows["p2"] != rows["p3"]

    with pytest.raises(CommandError, match="line 2: date of birth '19551192' is not a real"):
        call_command("match_people", csv=str(source), out=str(target), strict=True)
    call_command("match_people", csv=str(source), out=str(target), strict=True, skip_bad=True)
    error = capsys.readouterr().err
    assert "Skipped 2 bad line(s)" in error
    assert target.read_text().splitlines() == ["record_id,cluster_id", "p2,1"]


def test_match_people_command_rejects_a_missing_file(tmp_path):
    with pytest.raises(CommandError):
        call_command("match_people", csv=str(tmp_path / "nope.csv"), out=str(tmp_path / "o.csv"))


def test_manage_py_match_people_starts_without_django(tmp_path):
    """The command needs no database: manage.py must not start the whole project for it."""
    source = tmp_path / "people.csv"
    source.write_text(HEADER + "p1,Yonas,Tesfaye,20080402,M,ER,,,,\n")
    command = [sys.executable, "-X", "importtime", "manage.py", "match_people"]
    completed = subprocess.run(
        [*command, "--csv", str(source), "--out", str(tmp_path / "out.csv")],
        cwd=Path(__file__).resolve().parents[3],
        capture_output=True,
        text=True,
        check=True,
    )
    imported = [line.split("|")[-1].strip() for line in completed.stderr.splitlines()]
    assert not [name for name in imported if name.split(".")[0] == "django"]
    assert "1 records in 1 clusters" in completed.stdout

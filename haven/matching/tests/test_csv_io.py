import io
from datetime import date

import pytest

from haven.matching.csv_io import (
    CsvInputError,
    match_people_file,
    parse_date_of_birth,
    read_people_csv,
    skipped_lines_report,
    warnings_report,
)
from haven.matching.records import UncertainDate

HEADER = (
    "record_id,given_name,family_name,date_of_birth,gender,nationality,postcode,address,phone,"
    "identifier\n"
)


def read(text: str, *, skip_bad: bool = False, strict: bool = False):
    return read_people_csv(io.StringIO(text), skip_bad=skip_bad, strict=strict)


def test_reads_every_column_and_both_date_formats():
    people = read(
        HEADER
        + "a,Mohamad,Ali,2009-01-01,M,SY;IQ,CH1 4AB,1 High St,07700 900123;07700900124,9434765919\n"
        + "b,Senait,Tesfay,20100304,F,ER,,,,\n"
    )
    columns = people.columns
    assert columns.record_ids == ["a", "b"]
    assert columns.dates_of_birth == [date(2009, 1, 1), date(2010, 3, 4)]
    assert columns.phones[0] == ("07700 900123", "07700900124")
    assert columns.identifiers == [("9434765919",), ()]
    record = columns.record_at(0)
    assert record.nationality == ("SY", "IQ")
    assert record.given_name == "Mohamad"


def test_extra_columns_are_ignored_and_missing_ones_are_empty():
    people = read("notes,record_id,family_name\nhello,a,Hoxha\n")
    assert people.columns.record_ids == ["a"]
    assert people.columns.given_names == [""]
    assert people.columns.dates_of_birth == [None]


def test_missing_record_id_column_is_an_error_on_line_1():
    with pytest.raises(CsvInputError) as error:
        read("given_name,family_name\nA,B\n", skip_bad=True)
    assert error.value.line_number == 1
    assert "record_id" in str(error.value)


def test_empty_file_is_an_error():
    with pytest.raises(CsvInputError):
        read("")


def test_duplicate_ids_report_both_line_numbers():
    with pytest.raises(CsvInputError) as error:
        read(HEADER + "a,A,,,,,,,,\nb,B,,,,,,,,\na,C,,,,,,,,\n")
    assert str(error.value) == "line 4: duplicate record_id 'a' (first seen on line 2)"


@pytest.mark.parametrize("bad", ["01/02/2009", "2009-1-5", "19O5", "last spring"])
def test_unreadable_dates_are_errors_with_line_numbers(bad):
    with pytest.raises(CsvInputError) as error:
        read(HEADER + f"a,A,,,,,,,,\nb,B,,{bad},,,,,,\n")
    assert error.value.line_number == 3
    assert bad in error.value.reason


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("2009-13-01", UncertainDate(2009, 13, 1)),
        ("20091301", UncertainDate(2009, 13, 1)),
        ("19551192", UncertainDate(1955, 11, 92)),
        ("2009-02-30", UncertainDate(2009, 2, 30)),
        ("2009", UncertainDate(2009)),
    ],
)
def test_dates_that_are_not_real_dates_are_kept_with_a_warning(text, parsed):
    people = read(HEADER + f"a,A,,,,,,,,\nb,B,,{text},,,,,,\n")
    assert people.columns.record_ids == ["a", "b"]
    assert people.columns.dates_of_birth[1] == parsed
    assert [item.line_number for item in people.warnings] == [3]
    assert text in people.warnings[0].reason
    report = warnings_report(people.warnings)
    assert report.splitlines()[0].startswith("Kept 1 line(s) with a doubtful date of birth")
    assert f"  line 3: date of birth '{text}'" in report


@pytest.mark.parametrize("text", ["2009-13-01", "2009-02-30", "2009"])
def test_strict_refuses_dates_that_are_not_real_dates(text):
    with pytest.raises(CsvInputError) as error:
        read(HEADER + f"a,A,,,,,,,,\nb,B,,{text},,,,,,\n", strict=True)
    assert error.value.line_number == 3
    assert text in error.value.reason


def test_empty_record_id_is_an_error():
    with pytest.raises(CsvInputError) as error:
        read(HEADER + " ,A,,,,,,,,\n")
    assert error.value.reason == "record_id is empty"


def test_line_numbers_count_physical_lines_of_quoted_fields():
    with pytest.raises(CsvInputError) as error:
        read(HEADER + 'a,A,,,,,,"1 High St\nChester",,\nb,B,,1999/99/99,,,,,,\n')
    assert error.value.line_number == 4


def test_skip_bad_keeps_good_lines_and_reports_bad_ones():
    people = read(
        HEADER
        + "a,A,,,,,,,,\n"
        + "a,Again,,,,,,,,\n"
        + "b,B,,2009-02-30,,,,,,\n"
        + ",C,,,,,,,,\n"
        + "c,C,,2009-02-28,,,,,,\n",
        skip_bad=True,
        strict=True,
    )
    assert people.columns.record_ids == ["a", "c"]
    assert [(item.line_number, item.reason.split(" ")[0]) for item in people.skipped] == [
        (3, "duplicate"),
        (4, "date"),
        (5, "record_id"),
    ]
    report = skipped_lines_report(people.skipped)
    assert report.splitlines()[0] == "Skipped 3 bad line(s):"
    assert "line 4: date of birth '2009-02-30' is not a real date" in report


def test_parse_date_of_birth_empty_is_unknown():
    assert parse_date_of_birth("  ") is None


def test_match_people_file_writes_a_cluster_for_every_good_record(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(
        HEADER
        + "1,Mohamad,Ali,2009-05-14,M,SY,CH1 4AB,,07700900123,\n"
        + "2,Muhammad,Aly,2009-05-14,M,SY,CH1 4AB,,07700 900123,\n"
        + "3,Senait,Tesfay,2011-02-03,F,ER,,,,\n"
        + "4,Broken,,2011-02-31,F,ER,,,,\n",
        encoding="utf-8",
    )
    target = tmp_path / "out.csv"
    summary = match_people_file(source, target, threshold=0.9, skip_bad=True, strict=True)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "record_id,cluster_id"
    clusters = dict(line.split(",") for line in lines[1:])
    assert set(clusters) == {"1", "2", "3"}
    assert clusters["1"] == clusters["2"] != clusters["3"]
    assert summary.records == 3
    assert summary.clusters == 2
    assert [item.line_number for item in summary.skipped] == [5]


def test_match_people_file_raises_on_bad_input_without_skip_bad(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("given_name\nA\n", encoding="utf-8")
    with pytest.raises(CsvInputError):
        match_people_file(source, tmp_path / "out.csv", threshold=0.9, skip_bad=False)

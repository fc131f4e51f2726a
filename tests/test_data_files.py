"""pvkit.data: every shipped CSV is checked when loaded; a broken copy gets a message naming
the file, the line and the column (issue 9).

Each corruption edits one file of a temporary copy of the data folder, which pvkit reads
through ``PVKIT_DATA_DIR``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from pvkit import appraisal, capabilities, data, frameworks, missions, roar, value
from pvkit.data import DataFileError
from pvkit.data import _schema

SHIPPED = Path(data.__file__).parent


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "data"
    copy.mkdir()
    for csv in SHIPPED.glob("*.csv"):
        shutil.copy(csv, copy / csv.name)
    monkeypatch.setenv(data.FOLDER_VARIABLE, str(copy))
    return copy


def edit_line(folder: Path, name: str, line: int, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` once on line ``line`` (1 = the header) of ``name``.csv."""
    path = folder / f"{name}.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line - 1], f"{old!r} not on line {line} of {name}.csv: {lines[line - 1]!r}"
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")


def drop_line(folder: Path, name: str, line: int) -> None:
    path = folder / f"{name}.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    del lines[line - 1]
    path.write_text("".join(lines), encoding="utf-8")


def refused(use: Callable[[], object], name: str, line: int | None, column: str | None,
            words: str) -> DataFileError:
    with pytest.raises(DataFileError) as caught:
        use()
    error = caught.value
    message = str(error)
    assert isinstance(error, ValueError)
    assert f"{name}.csv" in message and error.path.name == f"{name}.csv", message
    assert error.line == line, message
    assert error.column == column, message
    if line is not None:
        assert f"line {line}" in message, message
    if column is not None:
        assert f"column {column!r}" in message, message
    assert words in message, message
    return error


# -- the shipped files ----------------------------------------------------------------
def test_every_shipped_file_passes_its_schema_and_reads_as_pandas_would():
    assert data.available() == sorted(p.stem for p in SHIPPED.glob("*.csv"))
    for name in data.available():
        pd.testing.assert_frame_equal(data.load(name), pd.read_csv(SHIPPED / f"{name}.csv"),
                                      check_exact=True, obj=name)


def test_the_names_in_the_schemas_are_the_models_names():
    assert _schema.FRAMINGS == frameworks.FRAMINGS
    assert _schema.DIMENSIONS == frameworks.DIMENSIONS
    assert _schema.PILLARS == roar.PILLARS
    assert _schema.ECONOMY_KINDS == value.KINDS
    assert _schema.SCHEDULES == appraisal.SCHEDULES
    assert missions.sdg_totals()["targets"] == _schema.SDG_TARGETS_TOTAL


def test_an_edited_file_is_read_again(folder):
    assert data.load("sdg_targets").loc[0, "name"] == "No poverty"
    edit_line(folder, "sdg_targets", 2, "No poverty", "End poverty")
    assert data.load("sdg_targets").loc[0, "name"] == "End poverty"


# -- corruptions, one file at a time ---------------------------------------------------
# (file, line, old text, new text, what to call, column blamed, line blamed, words in the message)
RATES, CASES, SDG, ECONOMY = ("uk_green_book_discount_rates", "policy_cases", "sdg_targets",
                              "value_economy")
CORRUPTIONS = [
    (RATES, 2, ",0.035,", ",3.5%,", "rate", 2, "without '%'"),
    (RATES, 3, ",0.030,", ",-0.01,", "rate", 3, "out of range"),
    (RATES, 3, ",0.030,", ",nan,", "rate", 3, "not a number"),
    (RATES, 2, ",30,", ",29,", "from_year", 3, "must start in year 30"),
    (RATES, 7, "green_book,301,,", "green_book,301,400,", "to_year", 7, "open-ended"),
    (RATES, 4, "green_book,", "green_bok,", "schedule", 4, "did you mean 'green_book'"),
    (RATES, 1, ",rate,", ",Rate,", "rate", 1, "no column 'rate'"),
    (SDG, 13, "12,Responsible consumption and production,11,", "12,Responsible consumption and production,,",
     "targets", 13, "blank"),
    (SDG, 13, ",11,", ",ten,", "targets", 13, "not a number"),
    (SDG, 5, "4,", "40,", "goal", 5, "out of range"),
    (CASES, 2, "market fixing", "market fxing", "framing", 2, "did you mean 'market fixing'"),
    (CASES, 3, "eu_ets", "sweden_carbon_tax", "case_id", 3, "appears twice"),
    (CASES, 2, ",1991,", ",1991.5,", "year", 2, "whole number"),
    (CASES, 4, ",justification,", ",justice,", "dimension", 4, "not one of"),
    (ECONOMY, 2, "finance,market,", "finance,markets,", "kind", 2, "did you mean 'market'"),
    (ECONOMY, 4, ",2500,", ",0,", "hours", 4, "out of range"),
    (ECONOMY, 5, ",2250,120,", ",2250,,", "imputed_output", 5, "needs an imputed_output"),
    (ECONOMY, 3, ",200,", ',"1,200",', "sales", 3, "thousands separators"),
    ("capabilities_suppliers", 13, ",3000,", ",1000000000,", "firms", 13, "at most 100,000"),
    ("capabilities_delivery", 3, ",80,", ",120,", "in_house_share", 3, "percent"),
    ("mission_criteria", 4, "3,", "6,", "criterion", 4, "out of range"),
    ("uk_dft_value_for_money", 5, "1.5,2.0", "1.6,2.0", "bcr_from", 5, "each category starts"),
    ("uk_green_book_optimism_bias", 2, "0.39,0.02", "0.39,0.42", "lower", 2, "is above upper"),
    ("worked_appraisal_portfolio", 2, ",0.95,2,", ",0.95,20,", "gate_year", 2, "build years"),
    ("worked_appraisal_portfolio", 3, ",0.85,", ",1.5,", "p_success", 3, "probability"),
    ("wright_learning_rates", 2, ",0.20,", ",20%,", "learning_rate", 2, "without '%'"),
    ("rewards_cases", 2, ",USD,", ",EUR,", "currency", 2, "not one of"),
    ("uk_grand_challenge_missions", 2, ",2030,", ",2030s,", "deadline", 2, "not a number"),
    ("capabilities_facts", 2, ",1.7,", ",1.7.1,", "value", 2, "not a number"),
]


@pytest.mark.parametrize("name, line, old, new, column, blamed, words", CORRUPTIONS,
                         ids=[f"{c[0]}-{c[4]}-{c[6]}" for c in CORRUPTIONS])
def test_a_corrupted_cell_is_named_by_file_line_and_column(folder, name, line, old, new, column,
                                                           blamed, words):
    edit_line(folder, name, line, old, new)
    refused(lambda: data.load(name), name, blamed, column, words)


def test_reversed_discount_bands_are_refused_not_used(folder):
    path = folder / f"{RATES}.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([lines[0]] + lines[6:0:-1] + lines[7:]), encoding="utf-8")
    # before issue 9, discount_factors(40) read these bands and gave 0.2526 instead of 0.2651
    # (schedule_table is what it reads them through; discount_factors caches its bands per process)
    refused(appraisal.schedule_table, RATES, 2, "from_year", "first band starts in year 0")


def test_a_missing_sdg_goal_or_wrong_total_is_refused(folder):
    drop_line(folder, SDG, 13)  # goal 12
    refused(missions.sdg_totals, SDG, 13, "goal", "expected 12 here")
    shutil.copy(SHIPPED / f"{SDG}.csv", folder / f"{SDG}.csv")
    edit_line(folder, SDG, 2, "1,No poverty,7,", "1,No poverty,17,")
    refused(missions.sdg_totals, SDG, None, "targets", "169")


def test_a_typo_in_a_framing_stops_the_marking_instead_of_marking_wrong(folder):
    edit_line(folder, CASES, 2, "market fixing", "market fiixing")
    refused(lambda: frameworks.check_placement("sweden_carbon_tax", "fixing"), CASES, 2, "framing",
            "did you mean")


def test_a_blank_source_is_refused(folder):
    path = folder / "box4.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3][: lines[3].rindex(',"')] + ",\n"
    path.write_text("".join(lines), encoding="utf-8")
    refused(frameworks.box4, "box4", 4, "source", "blank")


def test_rows_out_of_order_are_refused(folder):
    path = folder / "roar_framework.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1], lines[2] = lines[2], lines[1]
    path.write_text("".join(lines), encoding="utf-8")
    refused(roar.framework, "roar_framework", 2, "pillar", "expected 'routes & directions' here")


def test_an_unquoted_comma_shifts_the_fields(folder):
    edit_line(folder, "capabilities_delivery", 2, '"one large contract with a systems integrator, specified',
              "one large contract with a systems integrator, specified")
    edit_line(folder, "capabilities_delivery", 2, 'up front",', "up front,")
    refused(capabilities.delivery_models, "capabilities_delivery", 2, "source", "fields")


def test_a_required_fact_that_is_gone_is_named(folder):
    drop_line(folder, "capabilities_facts", 9)  # architects_public_today
    refused(capabilities.hollowing_out, "capabilities_facts", 12, "key", "architects_public_today")


def test_text_that_is_not_utf8_names_the_line_and_column(folder):
    path = folder / f"{CASES}.csv"
    raw = path.read_bytes().replace("Sweden's".encode(), b"Sw\xe9den's", 1)
    path.write_bytes(raw)
    refused(frameworks.cases, CASES, 2, "name", "not UTF-8")


def test_a_spreadsheets_byte_order_mark_is_fine(folder):
    path = folder / "box4.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert frameworks.box4()["dimension"].tolist() == list(frameworks.DIMENSIONS)


def test_an_empty_file_a_header_alone_and_a_missing_file(folder):
    (folder / "box4.csv").write_text("", encoding="utf-8")
    refused(frameworks.box4, "box4", 1, None, "empty")
    (folder / "box4.csv").write_text("dimension,market_fixing,market_shaping,source\n", encoding="utf-8")
    refused(frameworks.box4, "box4", 2, None, "no rows")
    (folder / "box4.csv").unlink()
    refused(frameworks.box4, "box4", None, None, "missing from the folder")


def test_an_extra_column_is_named(folder):
    path = folder / "mission_criteria.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(f"{line},x" for line in lines) + "\n", encoding="utf-8")
    refused(missions.mission_criteria, "mission_criteria", 1, "x", "unexpected column")


def test_importing_pvkit_never_reads_a_data_file(tmp_path):
    for csv in SHIPPED.glob("*.csv"):
        (tmp_path / csv.name).write_bytes(b"not,a\n\xff\xfe,csv\n")
    script = (
        "import importlib, pkgutil, pvkit\n"
        "names = [m.name for m in pkgutil.walk_packages(pvkit.__path__, 'pvkit.')]\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "from pvkit import appraisal, data, frameworks, missions, value, capabilities, roar\n"
        "try:\n"
        "    frameworks.box4()\n"
        "except data.DataFileError as error:\n"
        "    print('refused on use:', error)\n"
        "print(len(names), 'modules imported')\n"
    )
    env = {**os.environ, data.FOLDER_VARIABLE: str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "refused on use: data file box4.csv, line 2, column 'not'" in done.stdout, done.stdout
    assert "modules imported" in done.stdout

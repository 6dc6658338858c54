"""The pandas reference for the engine benchmark: the core of a satlas csv run, written as a
plain pandas script, on the same three files.

Pinned: pandas 3.1.1 (numpy 2.4), Python 3.11. Install with `pip install pandas==3.1.1`.

Run: python3 benches/pandas_reference.py STAFFING.csv ROSTER.csv SURVEY.csv OUT.csv

What it does, on the files `satlas generate --formats csv` writes (a title row, then the
header on row 2; the staffing table ends with a 合计 row):
  1. reads the three csvs (pandas' C reader);
  2. drops the staffing table's total row (no unit name);
  3. each task's annual hours: frequency × hours each × occurrences per year of its period
     (每日 = 248 office days, 每周 = 248 / 5, 每月 = 12 ...), or the annual hours when the
     survey gives them;
  4. sums them per person (unit, person, year) and counts the people over 1.2 × H;
  5. sums them per unit and year, with the tasks and the people surveyed;
  6. counts the roster's people per unit and quota type, which replace the staffing table's
     actual staff where the roster covers the unit;
  7. sums approved and actual per unit and year over the quota types;
  8. required staff R = W / H (H = 1,840 h), saturation R / A, quota saturation R / E,
     vacancy max(0, E − A), over-quota max(0, A − E), idle max(0, A − R), shortage
     max(0, R − A), and the band of the saturation (0.6, 0.8, 1.1, 1.3);
  9. a plan-less summary of the district: units, approved, actual, required, vacancy and
     over-quota summed, units per band;
 10. writes the units table as csv (UTF-8 with a byte-order mark, as satlas does).

What satlas does beyond it, on the same run (so read the ratio as a floor on the work satlas
does per second, not as like for like):
  - finds the header and each column's field by header words and by values (any title rows,
    merged two-row headers, columns in any order, GBK or UTF-16 text), and writes a read
    receipt of every choice;
  - reads numbers as offices type them (full-width digits, 12人, 1,200, 30分钟) and periods
    as written (一周两次, 月度), with a finding for each cell it cannot read;
  - leaves out totals, subtotals, section headings, notes and repeated headers, by their
    names and by their numbers, and says which rows and why;
  - cleans unit and person names (NFKC, spaces) and matches the survey's and roster's units
    to the staffing table's, naming the close misspellings;
  - finds exact duplicate survey rows (a hash of every cell) and counts them once;
  - flags implausible tasks, people over the limit (named, highest first), tasks whose
    hours are far from the district's median, units the survey or the roster lacks;
  - ties the roster to quota types and shares required staff across a unit's types;
  - the spread of saturation inside each unit (CV, Gini, share under-loaded), red-line
    flags, departments, years, the standards proposed from the survey;
  - the zero-sum plan (Webster apportionment per quota type, transfers with reasons) and
    its sheets (`satlas plan` writes those, with the findings, receipt and parameters).
"""

import sys
import time

STARTED = time.perf_counter()

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

IMPORTED = time.perf_counter()

# Available working hours of a full-time post: (248 − 10 − 5 − 3) × 8.
H = 1840.0
OFFICE_DAYS = 248.0
PER_YEAR = {
    "每日": OFFICE_DAYS,
    "每天": OFFICE_DAYS,
    "每周": OFFICE_DAYS / 5,
    "每两周": OFFICE_DAYS / 10,
    "每旬": 36.0,
    "每月": 12.0,
    "每季度": 4.0,
    "每半年": 2.0,
    "每年": 1.0,
    "不定期": 1.0,
}
BANDS = [-np.inf, 0.6, 0.8, 1.1, 1.3, np.inf]
BAND_NAMES = ["severe_under", "under", "balanced", "over", "severe_over"]

UNIT, PERSON, QUOTA_TYPE, YEAR = "单位名称", "姓名", "编制类型", "年度"
APPROVED, ACTUAL = "核定编制数", "实有人数"
PERIOD, FREQUENCY, EACH, ANNUAL = "频次周期", "频次", "每次用时（小时）", "年工作时长"


def read(path):
    # Row 1 is the table's title; the header is row 2.
    return pd.read_csv(path, header=1, encoding="utf-8-sig")


def task_hours(survey):
    per_year = survey[PERIOD].map(PER_YEAR)
    hours = survey[FREQUENCY] * survey[EACH] * per_year
    if ANNUAL in survey:
        hours = survey[ANNUAL].fillna(hours)
    return hours


def per_person(survey):
    people = survey.groupby([UNIT, PERSON, YEAR], sort=False).agg(hours=("hours", "sum"), tasks=("hours", "size"))
    people["over_hours"] = people["hours"] > 1.2 * H
    return people


def per_unit_work(survey, people):
    work = survey.groupby([UNIT, YEAR], sort=False).agg(workload=("hours", "sum"), tasks=("hours", "size"))
    work["people_surveyed"] = people.groupby(level=[0, 2], sort=False).size()
    return work


def per_unit_staff(staffing, roster):
    counted = roster.groupby([UNIT, QUOTA_TYPE], sort=False).size().rename("roster_actual")
    staff = staffing.join(counted, on=[UNIT, QUOTA_TYPE])
    covered = staff[UNIT].isin(roster[UNIT].unique())
    staff[ACTUAL] = staff["roster_actual"].where(covered, staff[ACTUAL]).fillna(0)
    return staff.groupby([UNIT, YEAR], sort=False)[[APPROVED, ACTUAL]].sum()


def indicators(units):
    a, e = units[ACTUAL].astype(float), units[APPROVED].astype(float)
    r = units["workload"] / H
    units["required"] = r
    units["saturation"] = (r / a).where(a > 0)
    units["quota_saturation"] = (r / e).where(e > 0)
    units["vacancy"] = (e - a).clip(lower=0)
    units["over_quota"] = (a - e).clip(lower=0)
    units["idle"] = (a - r).clip(lower=0)
    units["shortage"] = (r - a).clip(lower=0)
    units["band"] = pd.cut(units["saturation"], BANDS, labels=BAND_NAMES, right=False).astype(object)
    units["band"] = units["band"].fillna("unknown")
    return units


def summary(units, people):
    totals = units[[APPROVED, ACTUAL, "required", "vacancy", "over_quota", "idle", "shortage"]].sum()
    totals["units"] = len(units)
    totals["people_over_hours"] = int(people["over_hours"].sum())
    return pd.concat([totals, units["band"].value_counts()])


def main(staffing_path, roster_path, survey_path, out_path):
    steps = []
    t = time.perf_counter()

    def step(name):
        nonlocal t
        now = time.perf_counter()
        steps.append((name, now - t))
        t = now

    staffing = read(staffing_path)
    staffing = staffing[staffing[UNIT].notna()].astype({YEAR: "int64"})
    step("load_staffing")
    roster = read(roster_path)
    step("load_roster")
    survey = read(survey_path)
    step("load_survey")
    survey["hours"] = task_hours(survey)
    people = per_person(survey)
    work = per_unit_work(survey, people)
    staff = per_unit_staff(staffing, roster)
    units = indicators(staff.join(work, how="left"))
    district = summary(units, people)
    step("analysis")
    units.reset_index().to_csv(out_path, index=False, encoding="utf-8-sig")
    step("write")
    assert len(units) > 0 and district["units"] == len(units)
    for name, seconds in steps:
        print(f"{name} {seconds}")
    print(f"work {time.perf_counter() - IMPORTED}")
    print(f"import {IMPORTED - STARTED}")
    print(f"units {len(units)}")


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("usage: pandas_reference.py STAFFING.csv ROSTER.csv SURVEY.csv OUT.csv")
    main(*sys.argv[1:])

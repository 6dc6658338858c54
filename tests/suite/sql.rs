//! `satlas sql` run for real: the sample district analysed to parquet, the statements run in
//! DuckDB (its Python package, `pip install duckdb`), and every figure of every unit they give
//! checked against satlas's own units table, nulls included.

use crate::common;

use polars::prelude::*;
use satlas::sql::{COLUMNS, RESULT_VIEW};
use serde_json::Value;
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

fn satlas() -> Command {
    Command::new(env!("CARGO_BIN_EXE_satlas"))
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data").join(name)
}

/// Run satlas with `args`; its standard output, or a panic with its standard error.
fn run(args: &[&OsStr]) -> String {
    let out = satlas().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "satlas {:?} failed:\n{}",
        args,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The script run in DuckDB: one JSON object per unit. Python or its duckdb package missing
/// is a failure that says what to install, never a skip.
fn duckdb_rows(script: &Path) -> Vec<BTreeMap<String, Value>> {
    let helper = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("sql_duckdb.py");
    // `python3` here; Windows names it `python`, and its CI says so in SATLAS_PYTHON.
    let python = std::env::var("SATLAS_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let out = Command::new(&python)
        // Unit names are Chinese; Windows' Python would write them to a pipe as cp1252.
        .env("PYTHONUTF8", "1")
        .arg(&helper)
        .arg(script)
        .arg(RESULT_VIEW)
        .output()
        .unwrap_or_else(|e| panic!("{python} cannot be run ({e}): install Python 3, then `pip install duckdb`"));
    assert!(
        out.status.success(),
        "DuckDB did not run the script (is it installed? `pip install duckdb`):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Whether DuckDB's `got` is satlas's `want`: the same null, text, flag or count, a float
/// within 1e-9 of the larger (the engines add in different orders).
fn same(want: &AnyValue, got: &Value) -> bool {
    match (want, got) {
        (AnyValue::Null, Value::Null) => true,
        (AnyValue::Null, _) | (_, Value::Null) => false,
        (AnyValue::String(a), Value::String(b)) => a == b,
        (AnyValue::StringOwned(a), Value::String(b)) => a.as_str() == b,
        (AnyValue::Boolean(a), Value::Bool(b)) => a == b,
        (AnyValue::Float64(a), Value::Number(b)) => {
            let b = b.as_f64().unwrap();
            (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
        }
        (int, Value::Number(b)) => int.extract::<i64>().is_some_and(|a| Some(a) == b.as_i64()),
        _ => false,
    }
}

/// Figures and nulls checked.
struct Checked {
    figures: usize,
    nulls: usize,
}

/// Every column the statements give, for every unit, against satlas's units table; `keys`,
/// the partition columns the result has besides.
fn check(units: &DataFrame, rows: &[BTreeMap<String, Value>], keys: &[&str]) -> Checked {
    assert_eq!(rows.len(), units.height(), "one row per unit");
    let mut columns = COLUMNS.to_vec();
    columns.extend_from_slice(keys);
    columns.sort_unstable();
    let names = units.column("unit").unwrap().str().unwrap();
    let mut checked = Checked { figures: 0, nulls: 0 };
    let mut wrong = Vec::new();
    for row in rows {
        assert_eq!(
            row.keys().map(String::as_str).collect::<Vec<_>>(),
            columns,
            "the result's columns"
        );
        let unit = row["unit"].as_str().unwrap();
        let i = names
            .iter()
            .position(|n| n == Some(unit))
            .unwrap_or_else(|| panic!("{unit} is no unit of satlas's"));
        for c in COLUMNS {
            let want = units.column(c).unwrap().get(i).unwrap();
            checked.figures += 1;
            checked.nulls += usize::from(want.is_null());
            if !same(&want, &row[c]) {
                wrong.push(format!("{unit} {c}: satlas {want}, SQL {}", row[c]));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} figures differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    checked
}

/// `satlas analyze` with `inputs` (and `params`) to `parquet`; satlas's units table.
/// `--flag path` for each input file given.
fn flags<'a>(files: &[(&'a str, &'a Path)]) -> Vec<&'a OsStr> {
    files
        .iter()
        .flat_map(|(flag, path)| [OsStr::new(*flag), path.as_os_str()])
        .collect()
}

fn analyze_to(parquet: &Path, inputs: &[&OsStr], params: Option<&Path>) -> DataFrame {
    let mut args: Vec<&OsStr> = vec!["analyze".as_ref()];
    args.extend_from_slice(inputs);
    args.extend(["--out".as_ref(), parquet.as_os_str()]);
    if let Some(p) = params {
        args.extend(["--config".as_ref(), p.as_os_str()]);
    }
    run(&args);
    ParquetReader::new(std::fs::File::open(parquet).unwrap())
        .finish()
        .unwrap()
}

/// `satlas sql --dialect duckdb --parquet parquet` with `more` arguments, saved in `dir` and
/// run in DuckDB.
fn sql_rows(dir: &Path, parquet: &OsStr, more: &[&OsStr]) -> Vec<BTreeMap<String, Value>> {
    let mut args: Vec<&OsStr> = vec!["sql".as_ref(), "--dialect".as_ref(), "duckdb".as_ref()];
    args.extend(["--parquet".as_ref(), parquet]);
    args.extend_from_slice(more);
    let script = dir.join("satlas.sql");
    std::fs::write(&script, run(&args)).unwrap();
    duckdb_rows(&script)
}

/// Analyse to parquet in `dir` with `inputs` (and `params`), print the SQL, run it in DuckDB
/// and check it; satlas's units table is returned for the case's own checks.
fn round_trip(dir: &Path, inputs: &[&OsStr], params: Option<&Path>) -> (DataFrame, Checked) {
    let parquet = dir.join("报告 x.parquet");
    let units = analyze_to(&parquet, inputs, params);
    let more: Vec<&OsStr> = params
        .map(|p| vec!["--params".as_ref(), p.as_os_str()])
        .unwrap_or_default();
    let checked = check(&units, &sql_rows(dir, parquet.as_os_str(), &more), &[]);
    (units, checked)
}

#[test]
fn the_sample_district_in_duckdb_equals_satlas() {
    let dir = common::workdir();
    let (staffing, survey, roster) = (sample("staffing.xlsx"), sample("survey.xlsx"), sample("roster.xlsx"));
    let inputs = flags(&[("--staffing", &staffing), ("--survey", &survey), ("--roster", &roster)]);
    let (units, checked) = round_trip(dir.path(), &inputs, None);
    assert_eq!(checked.figures, units.height() * COLUMNS.len());
    println!(
        "sample: {} figures of {} units ({} nulls) equal",
        checked.figures,
        units.height(),
        checked.nulls
    );
}

/// A row of `path` (comma-separated, no quoted commas) of 2025, as fields, edited in place or
/// dropped (false); other rows stay as written.
fn edit_csv(path: &Path, year_column: usize, mut edit: impl FnMut(&mut Vec<String>) -> bool) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut fields: Vec<String> = line.split(',').map(str::to_owned).collect();
        if fields.get(year_column).map(String::as_str) == Some("2025") && !edit(&mut fields) {
            continue;
        }
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    std::fs::write(path, out).unwrap();
}

/// The sample district as csv, edited so that each unknown satlas defines occurs in 2025: a
/// unit with nobody in post, one with a blank count, one without quota, one without a
/// survey, one whose task has no time, one with neither people nor work.
fn edited_sample(dir: &Path) -> (PathBuf, PathBuf) {
    let district = dir.join("district");
    run(&[
        "generate".as_ref(),
        "--sample".as_ref(),
        "--formats".as_ref(),
        "csv".as_ref(),
        "--out".as_ref(),
        district.as_os_str(),
    ]);
    let (staffing, survey) = (district.join("staffing.csv"), district.join("survey.csv"));
    // 序号,主管部门,单位名称,单位类别,编制类型,年度,核定编制数,实有人数,领导职数,实配领导职数,绩效考评得分
    edit_csv(&staffing, 5, |f| {
        match (f[2].as_str(), f[4].as_str()) {
            ("区委办公室" | "区金融服务中心", _) => f[7] = "0".into(),
            ("区委保密机要服务中心", _) => f[7].clear(),
            ("区档案馆", _) => f[6] = "0".into(),
            ("区政府办公室", "工勤编制") => f[6].clear(),
            ("区发展和改革局", "行政编制") => f[8].clear(),
            _ => {}
        }
        true
    });
    // 单位名称,姓名,工作事项,频次周期,频次,每次用时（小时）,年工作时长（小时）,年度
    let mut first = std::collections::HashSet::new();
    edit_csv(&survey, 7, |f| {
        let unit = f[0].clone();
        if matches!(unit.as_str(), "区政务服务和大数据管理中心" | "区金融服务中心") {
            return false;
        }
        if !first.insert(unit.clone()) {
            return true;
        }
        match unit.as_str() {
            // No time at all; a time whose two forms disagree; annual hours alone.
            "区机关事务服务中心" => {
                f[5].clear();
                f[6].clear();
            }
            "区价格认证中心" => f[6] = "99999".into(),
            "区委办公室" => {
                f[4].clear();
                f[5].clear();
                f[6] = "120".into();
            }
            _ => {}
        }
        true
    });
    (staffing, survey)
}

/// Parameters away from every default the statements inline: calendar, allowances, bands,
/// calibration, the cap on a person's hours, duplicates all counted.
const PARAMS: &str = "\
[calendar]
working_days = 250
annual_leave = 12
[allowances]
category_share = 0.1
individual_hours = 120
[bands]
severe_under_below = 0.55
under_below = 0.85
balanced_up_to = 1.05
over_up_to = 1.25
[survey]
calibration_factor = 0.9
cap_person_hours = true
drop_duplicates = false
";

#[test]
fn unknowns_stay_unknown_in_duckdb_as_in_satlas() {
    let dir = common::workdir();
    let (staffing, survey) = edited_sample(dir.path());
    let params = common::write(&dir.path().join("参数.toml"), PARAMS);
    let inputs = flags(&[("--staffing", &staffing), ("--survey", &survey)]);
    let (units, checked) = round_trip(dir.path(), &inputs, Some(&params));
    // Each unknown is there to be checked, as satlas gives it.
    let rows = satlas::analysis::Rows::new(&units).unwrap();
    let at = |unit: &str| {
        (0..units.height())
            .find(|&i| rows.str("unit", i) == Some(unit))
            .unwrap()
    };
    let null = |unit: &str, c: &str| units.column(c).unwrap().get(at(unit)).unwrap().is_null();
    let band = |unit: &str| rows.str("band", at(unit)).unwrap().to_owned();
    assert!(null("区委办公室", "saturation") && band("区委办公室") == "severe_over");
    assert!(null("区委保密机要服务中心", "actual") && null("区委保密机要服务中心", "idle"));
    assert!(null("区档案馆", "quota_saturation") && null("区档案馆", "vacancy_rate"));
    assert!(null("区政府办公室", "approved") && null("区政府办公室", "vacancy"));
    assert!(null("区政务服务和大数据管理中心", "workload") && band("区政务服务和大数据管理中心") == "unknown");
    assert!(null("区机关事务服务中心", "workload") && null("区机关事务服务中心", "spread_cv"));
    assert!(null("区价格认证中心", "workload"));
    assert!(null("区金融服务中心", "saturation") && band("区金融服务中心") == "unknown");
    assert!(null("区发展和改革局", "over_leaders"));
    println!(
        "edited: {} figures of {} units ({} nulls) equal",
        checked.figures,
        units.height(),
        checked.nulls
    );
}

#[test]
fn spark_and_duckdb_differ_only_in_how_the_tables_are_bound() {
    // The tables must be there for a DuckDB script; a quote in the folder's name must be escaped.
    let dir = common::workdir();
    let folder = dir.path().join("青川区");
    std::fs::create_dir(&folder).unwrap();
    for table in ["it's x.parquet", "it's x_unit_types.parquet", "it's x_survey.parquet"] {
        std::fs::write(folder.join(table), b"").unwrap();
    }
    let parquet = folder.join("it's x.parquet");
    // Each table beside the report, written with this system's separator.
    let beside = |name: &str| folder.join(name).to_string_lossy().into_owned();
    let script = |dialect: &str| {
        run(&[
            "sql".as_ref(),
            "--dialect".as_ref(),
            dialect.as_ref(),
            "--parquet".as_ref(),
            parquet.as_os_str(),
        ])
    };
    let (duckdb, spark) = (script("duckdb"), script("spark"));
    let survey = beside("it's x_survey.parquet").replace('\'', "''");
    assert!(duckdb.contains(&format!(
        "CREATE OR REPLACE TEMPORARY VIEW satlas_survey AS SELECT * FROM read_parquet('{survey}');"
    )));
    // Spark escapes with a backslash, so a Windows path's own backslashes are doubled.
    let unit_types = beside("it's x_unit_types.parquet")
        .replace('\\', r"\\")
        .replace('\'', r"\'");
    assert!(spark.contains(&format!(
        "CREATE OR REPLACE TEMPORARY VIEW satlas_unit_types USING parquet OPTIONS (path '{unit_types}');"
    )));
    // After the binding, one script: nothing of either dialect's own.
    let body = |s: &str| s[s.find("CREATE OR REPLACE TEMPORARY VIEW satlas_year").unwrap()..].to_owned();
    assert_eq!(body(&duckdb), body(&spark));
    for word in ["read_parquet", "::", "QUALIFY", "USING parquet"] {
        assert!(!body(&duckdb).contains(word), "{word}");
    }
}

#[test]
fn parameters_the_statements_cannot_follow_are_refused() {
    let dir = common::workdir();
    for (toml, says) in [
        ("method = \"standards\"\n", "method = survey"),
        (
            "[by_quota_type.\"行政编制\".calendar]\nworking_days = 240\n",
            "by_quota_type",
        ),
    ] {
        let params = common::write(&dir.path().join("p.toml"), toml);
        let out = satlas()
            .args(["sql", "--lang", "en", "--parquet", "x.parquet", "--params"])
            .arg(&params)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && stderr.contains(says), "{stderr}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn districts_read_as_one_keep_their_units_apart() {
    // Two districts whose units share their names, partitioned as district=a/ and district=b/.
    let dir = common::workdir();
    let root = dir.path().join("全市");
    let (staffing, survey, roster) = (sample("staffing.xlsx"), sample("survey.xlsx"), sample("roster.xlsx"));
    let (edited_staffing, edited_survey) = edited_sample(dir.path());
    let districts: [(&str, Vec<&OsStr>); 2] = [
        (
            "a",
            flags(&[("--staffing", &staffing), ("--survey", &survey), ("--roster", &roster)]),
        ),
        (
            "b",
            flags(&[("--staffing", &edited_staffing), ("--survey", &edited_survey)]),
        ),
    ];
    let mut units = BTreeMap::new();
    for (district, inputs) in &districts {
        let folder = root.join(format!("district={district}"));
        std::fs::create_dir_all(&folder).unwrap();
        units.insert(
            district.to_string(),
            analyze_to(&folder.join("x.parquet"), inputs, None),
        );
    }
    let glob = root.join("*").join("x.parquet");
    let rows = sql_rows(
        dir.path(),
        glob.as_os_str(),
        &["--partition-by".as_ref(), "district".as_ref()],
    );
    let mut figures = 0;
    for (district, units) in &units {
        let own: Vec<_> = rows
            .iter()
            .filter(|r| r["district"] == district.as_str())
            .cloned()
            .collect();
        figures += check(units, &own, &["district"]).figures;
    }
    println!("two districts: {figures} figures equal");
}

/// A report written without a survey has no rows to compute from: a DuckDB script is refused
/// naming the file; a Spark script, whose paths may be the cluster's, prints with a note.
#[test]
fn a_report_without_the_survey_refuses_a_duckdb_script_naming_the_file() {
    let dir = common::workdir();
    let parquet = dir.path().join("无调查 报告.parquet");
    let staffing = sample("staffing.xlsx");
    analyze_to(&parquet, &flags(&[("--staffing", &staffing)]), None);
    let survey = dir.path().join("无调查 报告_survey.parquet");
    assert!(!survey.exists());
    let sql = |dialect: &str| {
        satlas()
            .arg("sql")
            .arg("--parquet")
            .arg(&parquet)
            .args(["--dialect", dialect])
            .output()
            .unwrap()
    };
    let duckdb = sql("duckdb");
    let said = String::from_utf8_lossy(&duckdb.stderr);
    assert!(!duckdb.status.success(), "{said}");
    assert!(duckdb.stdout.is_empty(), "no script is printed");
    assert!(
        said.contains(&*survey.to_string_lossy()) && said.contains("--survey"),
        "{said}"
    );
    let spark = sql("spark");
    assert!(spark.status.success());
    assert!(String::from_utf8_lossy(&spark.stderr).contains(&*survey.to_string_lossy()));
    assert!(String::from_utf8_lossy(&spark.stdout).contains("USING parquet"));
}

/// Figures resting on a column read on a guess say so where the script is read: on standard
/// error when it is written, and in the script itself.
#[test]
fn a_field_read_on_a_guess_is_said_with_the_script() {
    let dir = common::workdir();
    let staffing = common::write(
        &dir.path().join("编制.csv"),
        "单位名称,核定编制数,实有人数\n区财政局,12,10\n区教育局,8,8\n",
    );
    // Hours each with no unit in the header and a median of 45: more like minutes.
    let survey = common::write(
        &dir.path().join("调查.csv"),
        "单位名称,工作事项,周期,频次,每次用时\n区财政局,接待,每周,2,30\n区财政局,审核,每月,1,45\n区教育局,督导,每月,1,60\n",
    );
    let parquet = dir.path().join("x.parquet");
    analyze_to(
        &parquet,
        &flags(&[("--staffing", &staffing), ("--survey", &survey)]),
        None,
    );
    let out = satlas().arg("sql").arg("--parquet").arg(&parquet).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("推测") && said.contains("调查.csv: 每次用时"), "{said}");
    let script = String::from_utf8_lossy(&out.stdout);
    assert!(
        script.starts_with("-- Read on a guess") && script.contains("调查.csv: 每次用时"),
        "{script}"
    );

    // Read as its header says, nothing is said.
    let plain = dir.path().join("y.parquet");
    let sample_staffing = sample("staffing.xlsx");
    let sample_survey = sample("survey.xlsx");
    analyze_to(
        &plain,
        &flags(&[("--staffing", &sample_staffing), ("--survey", &sample_survey)]),
        None,
    );
    let out = satlas().arg("sql").arg("--parquet").arg(&plain).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Read on a guess"));
}

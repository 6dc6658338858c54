//! The engine benchmark: a generated district of 3,000 units, about 100,000 people and about
//! 1,000,000 survey rows. Reports load time (csv and xlsx separately), the time calamine alone
//! takes to walk the xlsx cells, the survey read from parquet, analysis time, planning time,
//! report writing and peak memory.
//!
//! Each step runs in a process of its own (the benchmark starts itself again), so a step's
//! peak memory is its own, not what an earlier step left with the allocator.
//!
//! Last, the csv run of `satlas plan` with the roster (read each file, analyse, plan, write the
//! csv report), step by step, beside a plain pandas script doing the core of it on the same
//! files (`benches/pandas_reference.py`, which says what it does and what satlas does beyond
//! it), and the ratio. It needs `python3` with pandas (`pip install pandas==3.1.1`, the
//! version the figures were taken with); without them the benchmark says so and fails.
//!
//! Run: `cargo bench --bench engine` (scale with SATLAS_BENCH_UNITS, default 3000;
//! SATLAS_BENCH_ONLY=returns times only the folder of returned forms,
//! SATLAS_BENCH_ONLY=batch only the csv run beside pandas). The large
//! run: `SATLAS_BENCH_UNITS=30303 SATLAS_BENCH_CSV_ONLY=1 cargo bench --bench engine`
//! (10 million survey rows, csv only, the report as parquet).

// The allocator the shipped binary uses (src/main.rs), so the figures are the binary's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use calamine::{Reader, Xlsx, open_workbook};
use satlas::analysis::analyze;
use satlas::generate::{Format, SyntheticSpec, synthetic, write_district};
use satlas::ingest::{Inputs, LoadOptions, TableKind, load};
use satlas::model::{Lang, Params};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

mod district;

fn peak_memory_mb() -> Option<f64> {
    // Linux only: the high-water mark of resident memory.
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

const STEP: &str = "SATLAS_BENCH_STEP";
const DIR: &str = "SATLAS_BENCH_DIR";

/// A step's figures, one `name value` per line on stdout.
fn report(figures: &[(&str, f64)]) {
    for (name, value) in figures {
        println!("{name} {value}");
    }
    if let Some(mb) = peak_memory_mb() {
        println!("peak_mb {mb}");
    }
}

/// The whole csv run: read both files, analyse, plan, write the report.
fn csv_run(dir: &Path, csv_only: bool) {
    let params = Params::default();
    let opts = LoadOptions::default();
    let whole = Instant::now();
    let t = Instant::now();
    let staffing = load(&dir.join("staffing.csv"), TableKind::Staffing, &opts).expect("staffing csv");
    let survey = load(&dir.join("survey.csv"), TableKind::Survey, &opts).expect("survey csv");
    let load_csv = secs(t);
    let inputs = Inputs {
        staffing: Some(staffing),
        roster: None,
        survey: Some(survey),
        ..Default::default()
    };
    let t = Instant::now();
    let analysis = analyze(&inputs, &params).expect("analysis");
    let analyse = secs(t);
    let t = Instant::now();
    let plan = satlas::plan::plan(&analysis.unit_types, &params).expect("plan");
    let planning = secs(t);
    let t = Instant::now();
    let assembled =
        satlas::report::Report::build(&analysis, Some(&plan), &params, &analysis.findings, &inputs, Lang::Zh).unwrap();
    let tables = assembled.tables();
    let out = dir.join(if csv_only { "报告.parquet" } else { "报告.xlsx" });
    satlas::export::write_report(&out, &tables, Lang::Zh, &inputs.paths()).expect("report");
    let write = secs(t);
    let whole = secs(whole);
    report(&[
        ("load_csv", load_csv),
        ("analysis", analyse),
        ("plan", planning),
        ("unit_types", analysis.unit_types.height() as f64),
        ("write", write),
        ("whole", whole),
    ]);
}

/// The whole csv run as `satlas plan --staffing … --roster … --survey … --out r.csv` makes
/// it, step by step: each file read (the staffing table first, its units then known to the
/// others), analysis, plan, the csv report written.
fn batch_run(dir: &Path) {
    let params = Params::default();
    let whole = Instant::now();
    let t = Instant::now();
    let staffing = load(&dir.join("staffing.csv"), TableKind::Staffing, &LoadOptions::default()).expect("staffing");
    let load_staffing = secs(t);
    let opts = LoadOptions {
        known_units: Some(std::sync::Arc::new(satlas::ingest::unit_names(&staffing.frame))),
        ..LoadOptions::default()
    };
    let t = Instant::now();
    let roster = load(&dir.join("roster.csv"), TableKind::Roster, &opts).expect("roster");
    let load_roster = secs(t);
    let t = Instant::now();
    let survey = load(&dir.join("survey.csv"), TableKind::Survey, &opts).expect("survey");
    let mut inputs = Inputs {
        staffing: Some(staffing),
        roster: Some(roster),
        survey: Some(survey),
        ..Default::default()
    };
    inputs.check_across();
    let load_survey = secs(t);
    let t = Instant::now();
    let analysis = analyze(&inputs, &params).expect("analysis");
    let analyse = secs(t);
    let t = Instant::now();
    let plan = satlas::plan::plan(&analysis.unit_types, &params).expect("plan");
    let plan = satlas::plan::localize(&plan, Lang::Zh).expect("plan labels");
    let planning = secs(t);
    let t = Instant::now();
    let mut findings = analysis.findings.clone();
    findings.extend(plan.findings.iter().cloned());
    let assembled =
        satlas::report::Report::build(&analysis, Some(&plan), &params, &findings, &inputs, Lang::Zh).expect("report");
    let mut tables = assembled.tables();
    tables.retain(|t| t.key.is_plan_part());
    satlas::export::write_report(&dir.join("批量.csv"), &tables, Lang::Zh, &inputs.paths()).expect("csv report");
    let write = secs(t);
    report(&[
        ("load_staffing", load_staffing),
        ("load_roster", load_roster),
        ("load_survey", load_survey),
        ("analysis", analyse),
        ("plan", planning),
        ("write", write),
        ("whole", secs(whole)),
    ]);
}

/// The pandas reference script (`benches/pandas_reference.py`) on the district's csv files,
/// in a process of its own: its figures, and its wall time from start to exit (the
/// interpreter's start and pandas' import included). Without python3 or pandas the
/// comparison cannot be made, and the benchmark says so and stops.
fn pandas_run(dir: &Path) -> HashMap<String, f64> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/pandas_reference.py");
    let t = Instant::now();
    let out = std::process::Command::new("python3")
        .arg(&script)
        .args(["staffing.csv", "roster.csv", "survey.csv", "pandas.csv"].map(|f| dir.join(f)))
        .output();
    let wall = secs(t);
    let out = match out {
        Ok(o) if o.status.success() => o,
        Ok(o) => fail(&format!(
            "the pandas reference script failed (is pandas installed? `pip install pandas==3.1.1`):\n{}",
            String::from_utf8_lossy(&o.stderr)
        )),
        Err(e) => fail(&format!(
            "python3 cannot be started ({e}): install Python 3 and `pip install pandas==3.1.1`"
        )),
    };
    let mut figures = figures(&out.stdout);
    figures.insert("wall".into(), wall);
    figures
}

/// Stop the benchmark, loudly: a comparison it cannot make is no figure.
fn fail(why: &str) -> ! {
    eprintln!("\n*** engine benchmark: {why}\n");
    std::process::exit(2)
}

/// The csv run of `satlas plan` step by step, beside the pandas reference script on the same
/// files, and how many times faster satlas is.
fn batch_round(dir: &Path) {
    let pandas = pandas_run(dir);
    let run = in_child("batch", dir);
    println!("csv run, step by step            satlas    pandas");
    for (label, key) in [
        ("read staffing.csv", "load_staffing"),
        ("read roster.csv", "load_roster"),
        ("read survey.csv", "load_survey"),
        ("analysis", "analysis"),
        ("plan", "plan"),
        ("write csv", "write"),
    ] {
        let theirs = pandas.get(key).map_or("       —".to_owned(), |v| format!("{v:>8.3}"));
        println!("  {label:<30}{:>7.3} s {theirs} s", run[key]);
    }
    println!(
        "  {:<30}{:>7.3} s {:>8.3} s",
        "whole (work, in process)", run["whole"], pandas["work"]
    );
    println!(
        "  {:<30}{:>9} {:>8.3} s  (python3 start and pandas import: {:.3} s)",
        "pandas script, wall time", "", pandas["wall"], pandas["import"]
    );
    println!(
        "satlas is {:.2}x as fast as pandas on the work ({:.2}x on pandas' wall time)",
        pandas["work"] / run["whole"],
        pandas["wall"] / run["whole"]
    );
    if let Some(mb) = run.get("peak_mb") {
        println!("peak memory, csv run with roster  {mb:>7.0} MB");
    }
}

/// The whole analysis again with standards and volumes for every unit of the district (50
/// activities each), the standards feeding the figures and the survey checked against them.
fn analysis_by_standards(dir: &Path) {
    use satlas::analysis::{Frames, SourceNames, analyze_all};
    let opts = LoadOptions::default();
    let inputs = Inputs {
        staffing: Some(load(&dir.join("staffing.csv"), TableKind::Staffing, &opts).expect("staffing csv")),
        survey: Some(load(&dir.join("survey.csv"), TableKind::Survey, &opts).expect("survey csv")),
        ..Default::default()
    };
    let t = Instant::now();
    let analysis = analyze(&inputs, &Params::default()).expect("analysis");
    let survey_only = secs(t);
    let units: Vec<String> = analysis
        .units
        .column(satlas::model::col::UNIT)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .flatten()
        .map(str::to_owned)
        .collect();
    let (standards, volumes, _) = standards_frames(&units);
    let frames = Frames {
        staffing: &inputs.staffing.as_ref().unwrap().frame,
        roster: None,
        survey: Some(&inputs.survey.as_ref().unwrap().frame),
        standards: Some(&standards),
        volumes: Some(&volumes),
    };
    let params = Params {
        method: satlas::model::WorkloadMethod::StandardsElseSurvey,
        ..Params::default()
    };
    let t = Instant::now();
    let a = analyze_all(frames, &params, &SourceNames::default()).expect("analysis by standards");
    assert_eq!(a.standards.as_ref().unwrap().units.height(), units.len());
    report(&[("analysis", survey_only), ("analysis_std", secs(t))]);
}

/// Ten scenarios on the district: the planner's rules varied (method, loss cap), each planned
/// on the one analysis, then side by side.
fn ten_scenarios(dir: &Path) {
    use satlas::scenario::compare;
    let opts = LoadOptions::default();
    let inputs = Inputs {
        staffing: Some(load(&dir.join("staffing.csv"), TableKind::Staffing, &opts).expect("staffing csv")),
        survey: Some(load(&dir.join("survey.csv"), TableKind::Survey, &opts).expect("survey csv")),
        ..Default::default()
    };
    let params = Params::default();
    let analysis = analyze(&inputs, &params).expect("analysis");
    let t = Instant::now();
    let outcomes: Vec<compare::Outcome> = (0..10)
        .map(|i| {
            let text = format!(
                "name = \"{i}\"\n[plan]\nmethod = \"{}\"\nmax_loss_share = {}\n",
                if i % 2 == 0 { "Webster" } else { "Hamilton" },
                0.1 + 0.02 * i as f64
            );
            let s = satlas::scenario::read(&text, "s.toml", &params).expect("scenario");
            compare::run(&inputs, (&analysis, &params), &s, "s.toml").expect("scenario run")
        })
        .collect();
    let table = compare::side_by_side(&outcomes, Lang::Zh).expect("side by side");
    assert!(table.height() > 0 && outcomes.iter().all(|o| o.plan.is_ok()));
    report(&[("scenarios", secs(t))]);
}

/// Standards for 50 activities, and volumes of each for every unit: (standards, volumes, staff).
fn standards_frames(
    unit_names: &[String],
) -> (
    polars::prelude::DataFrame,
    polars::prelude::DataFrame,
    polars::prelude::DataFrame,
) {
    use polars::prelude::*;
    use satlas::model::col;
    let activities: Vec<String> = (0..50).map(|a| format!("业务活动{a:02}")).collect();
    let standards = df!(
        col::ACTIVITY => activities.clone(),
        col::STANDARD_HOURS => (0..50).map(|a| 0.1 + a as f64 * 0.05).collect::<Vec<_>>(),
    )
    .unwrap();
    let n = unit_names.len() * activities.len();
    let volumes = df!(
        col::UNIT => (0..n).map(|i| unit_names[i / 50].clone()).collect::<Vec<_>>(),
        col::ACTIVITY => (0..n).map(|i| activities[i % 50].clone()).collect::<Vec<_>>(),
        col::VOLUME => (0..n).map(|i| ((i * 37) % 500) as f64).collect::<Vec<_>>(),
    )
    .unwrap();
    let staff = df!(
        col::UNIT => unit_names.to_vec(),
        col::ACTUAL => (0..unit_names.len()).map(|u| 5 + (u % 20) as i64).collect::<Vec<_>>(),
    )
    .unwrap();
    (standards, volumes, staff)
}

/// Workload from activity standards: `units` units with 50 activities each (volumes × 50
/// standards), required staff and the WISN ratio per unit.
fn standards_run(units: usize) -> (usize, f64) {
    use satlas::analysis::standards::{StandardSources, standard_workload};
    let unit_names: Vec<String> = (0..units).map(|u| format!("单位{u:05}")).collect();
    let (standards, volumes, staff) = standards_frames(&unit_names);
    let n = volumes.height();
    let t = Instant::now();
    let s = standard_workload(
        &standards,
        &volumes,
        Some(&staff),
        1840.0,
        &Default::default(),
        &StandardSources::default(),
    )
    .expect("standards");
    assert_eq!(s.units.height(), units);
    (n, secs(t))
}

/// calamine alone walking the cells of the survey workbook.
fn calamine_alone(dir: &Path) {
    let t = Instant::now();
    let mut wb: Xlsx<_> = open_workbook(dir.join("survey.xlsx")).expect("open");
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).expect("range");
    let cells = range
        .rows()
        .flatten()
        .filter(|c| !matches!(c, calamine::Data::Empty))
        .count();
    report(&[("calamine", secs(t)), ("cells", cells as f64)]);
}

/// The survey workbook through the reader.
fn xlsx_load(dir: &Path) {
    let t = Instant::now();
    let survey = load(&dir.join("survey.xlsx"), TableKind::Survey, &LoadOptions::default()).expect("survey xlsx");
    report(&[("load_xlsx", secs(t)), ("rows", survey.frame.height() as f64)]);
}

/// The survey as a data warehouse exports it, parquet with typed columns (no title row),
/// written beside the csv it is made from.
fn survey_as_parquet(dir: &Path) {
    use polars::prelude::*;
    let mut frame = CsvReadOptions::default()
        .with_skip_rows(1)
        .with_has_header(true)
        .try_into_reader_with_file_path(Some(dir.join("survey.csv")))
        .and_then(|r| r.finish())
        .expect("survey csv read by polars");
    let file = std::fs::File::create(dir.join("survey.parquet")).expect("parquet file");
    ParquetWriter::new(file).finish(&mut frame).expect("survey parquet");
}

/// The parquet survey through the reader.
fn parquet_load(dir: &Path) {
    let t = Instant::now();
    let survey = load(&dir.join("survey.parquet"), TableKind::Survey, &LoadOptions::default()).expect("survey parquet");
    report(&[("load_parquet", secs(t)), ("rows", survey.frame.height() as f64)]);
}

/// A folder of returned forms read as one survey, with the staffing table's units known.
fn returns_load(dir: &Path) {
    let staffing = load(&dir.join("staffing.csv"), TableKind::Staffing, &LoadOptions::default()).expect("staffing");
    let opts = LoadOptions {
        known_units: Some(std::sync::Arc::new(satlas::ingest::unit_names(&staffing.frame))),
        ..LoadOptions::default()
    };
    let t = Instant::now();
    let survey = load(&dir.join("returns"), TableKind::Survey, &opts).expect("returns");
    let files = survey.returns.as_ref().map_or(0, |r| r.files.len());
    report(&[
        ("load_returns", secs(t)),
        ("files", files as f64),
        ("rows", survey.frame.height() as f64),
    ]);
}

/// A district of `units` units as its units return the survey: one filled form each (10
/// people, about 30 rows), written into `dir/returns`; reading the folder is timed in a
/// process of its own.
fn returns_round(units: usize) {
    let dir = tempfile::Builder::new()
        .prefix("satlas 回收")
        .tempdir()
        .expect("temp dir");
    let d = synthetic(&SyntheticSpec {
        units,
        people_per_unit: 10,
        tasks_per_person: 3,
        seed: 11,
    });
    write_district(&d, dir.path(), &[Format::Csv]).expect("write district");
    let year = d.survey.iter().map(|r| r.year).max().expect("a survey");
    let forms = satlas::generate::returned_forms(&d, year);
    let opts = satlas::template::TemplateOptions {
        lang: Lang::Zh,
        year,
        deadline: None,
        contact: None,
    };
    let t = Instant::now();
    satlas::template::write_per_unit(&dir.path().join("returns"), &forms, &[], &opts).expect("forms");
    println!("write {} filled forms            {:>7.3} s", forms.len(), secs(t));
    let run = in_child("returns", dir.path());
    println!(
        "read a folder of {} returns ({} rows) {:>7.3} s",
        run["files"], run["rows"], run["load_returns"]
    );
    if let Some(mb) = run.get("peak_mb") {
        println!("peak memory, reading the returns  {mb:>7.0} MB");
    }
}

/// Run `step` in a new process of this benchmark and read its figures.
fn in_child(step: &str, dir: &Path) -> HashMap<String, f64> {
    let out = std::process::Command::new(std::env::current_exe().expect("own path"))
        .env(STEP, step)
        .env(DIR, dir)
        .stderr(std::process::Stdio::inherit())
        .output()
        .expect("start a step");
    assert!(out.status.success(), "step {step} failed");
    figures(&out.stdout)
}

/// `name value` lines, as a step prints them.
fn figures(stdout: &[u8]) -> HashMap<String, f64> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter_map(|l| {
            let (k, v) = l.split_once(' ')?;
            Some((k.to_owned(), v.parse().ok()?))
        })
        .collect()
}

fn main() {
    let csv_only = std::env::var_os("SATLAS_BENCH_CSV_ONLY").is_some();
    if let (Some(step), Some(dir)) = (std::env::var_os(STEP), std::env::var_os(DIR)) {
        let dir = PathBuf::from(dir);
        match step.to_str() {
            Some("csv") => csv_run(&dir, csv_only),
            Some("calamine") => calamine_alone(&dir),
            Some("xlsx") => xlsx_load(&dir),
            Some("standards") => analysis_by_standards(&dir),
            Some("scenarios") => ten_scenarios(&dir),
            Some("returns") => returns_load(&dir),
            Some("batch") => batch_run(&dir),
            Some("parquet") => parquet_load(&dir),
            _ => panic!("unknown step {step:?}"),
        }
        return;
    }
    let units = district::units();
    // SATLAS_BENCH_ONLY=returns: the folder of returned forms alone.
    if std::env::var("SATLAS_BENCH_ONLY").as_deref() == Ok("returns") {
        returns_round(units);
        return;
    }
    // SATLAS_BENCH_ONLY=batch: the csv run step by step, beside the pandas script.
    let batch_only = std::env::var("SATLAS_BENCH_ONLY").as_deref() == Ok("batch");
    let spec = district::spec(units);
    // csv only: the large run (30,303 units give 10 million survey rows, more than an xlsx
    // sheet holds); the report is then written as parquet.
    let dir = district::folder("bench");
    let t = Instant::now();
    let district = synthetic(&spec);
    let formats: &[Format] = if csv_only || batch_only {
        &[Format::Csv]
    } else {
        &[Format::Csv, Format::Xlsx]
    };
    write_district(&district, dir.path(), formats).expect("write district");
    let survey_rows = district.survey.len();
    drop(district);
    println!(
        "district: {units} units, {} people, {survey_rows} survey rows (generated and written in {:.2}s)",
        units * 33,
        secs(t)
    );
    let peak_generating = peak_memory_mb();
    if batch_only {
        batch_round(dir.path());
        return;
    }

    let run = in_child("csv", dir.path());
    let report_kind = if csv_only { "parquet" } else { "xlsx" };
    println!("load csv (staffing + survey)      {:>7.3} s", run["load_csv"]);
    survey_as_parquet(dir.path());
    let parquet = in_child("parquet", dir.path());
    println!(
        "load survey.parquet ({} rows)   {:>7.3} s, peak {:.0} MB",
        parquet["rows"],
        parquet["load_parquet"],
        parquet.get("peak_mb").copied().unwrap_or(f64::NAN)
    );
    println!("analysis                          {:>7.3} s", run["analysis"]);
    // In a process of its own, after the survey's analysis once more (the first analysis of a
    // process pays for warming up; both figures are the same process's).
    let std = in_child("standards", dir.path());
    println!(
        "analysis with standards × volumes {:>7.3} s  ({:.2}x the survey's alone, {:.3} s, in the same process)",
        std["analysis_std"],
        std["analysis_std"] / std["analysis"],
        std["analysis"]
    );
    println!(
        "plan ({} units x types)          {:>7.1} ms",
        run["unit_types"],
        run["plan"] * 1000.0
    );
    println!("{:<34}{:>7.3} s", format!("write {report_kind} report"), run["write"]);
    let scenarios = in_child("scenarios", dir.path());
    println!("ten scenarios planned side by side {:>7.3} s", scenarios["scenarios"]);
    println!("whole csv run                     {:>7.3} s", run["whole"]);
    let (rows, standards) = standards_run(units);
    println!("standards × volumes ({rows} rows) {standards:>7.3} s");
    let mut peaks = vec![
        ("peak memory, generating the district", peak_generating),
        ("peak memory, whole csv run", run.get("peak_mb").copied()),
        ("peak memory, analysis with standards", std.get("peak_mb").copied()),
    ];
    if !csv_only {
        let calamine = in_child("calamine", dir.path());
        let xlsx = in_child("xlsx", dir.path());
        assert_eq!(xlsx["rows"] as usize, survey_rows);
        println!(
            "calamine alone, survey.xlsx       {:>7.3} s  ({} cells)",
            calamine["calamine"], calamine["cells"]
        );
        println!(
            "load survey.xlsx                  {:>7.3} s  ({:.2}x calamine alone)",
            xlsx["load_xlsx"],
            xlsx["load_xlsx"] / calamine["calamine"]
        );
        peaks.push(("peak memory, calamine alone", calamine.get("peak_mb").copied()));
        peaks.push(("peak memory, load survey.xlsx", xlsx.get("peak_mb").copied()));
    }
    // Each step ran in its own process: its peak is its own.
    for (what, mb) in &peaks {
        match mb {
            Some(mb) => println!("{what:<34}{mb:>7.0} MB"),
            None => println!("{what:<34}    n/a"),
        }
    }
    if !csv_only {
        returns_round(units);
    }
    let overall = peaks.iter().filter_map(|p| p.1).fold(0.0, f64::max);
    println!("peak memory                       {overall:>7.0} MB");
    batch_round(dir.path());
}

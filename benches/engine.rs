//! The engine benchmark: a generated district of 3,000 units, about 100,000 people and about
//! 1,000,000 survey rows. Reports load time (csv and xlsx separately), the time calamine alone
//! takes to walk the xlsx cells, analysis time, planning time, report writing and peak memory
//! (per step and overall; the per-step peaks include what earlier steps still hold).
//!
//! Run: `cargo bench --bench engine` (scale with SATLAS_BENCH_UNITS, default 3000). The large
//! run: `SATLAS_BENCH_UNITS=30303 SATLAS_BENCH_CSV_ONLY=1 cargo bench --bench engine`
//! (10 million survey rows, csv only, the report as parquet).

use calamine::{Reader, Xlsx, open_workbook};
use satlas::analysis::analyze;
use satlas::generate::{Format, SyntheticSpec, synthetic, write_district};
use satlas::ingest::{Inputs, LoadOptions, TableKind, load};
use satlas::model::{Lang, Params};
use std::time::Instant;

fn peak_memory_mb() -> Option<f64> {
    // Linux only: the high-water mark of resident memory.
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Start measuring the peak again from the current use (Linux; elsewhere a no-op).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

fn main() {
    let units = std::env::var("SATLAS_BENCH_UNITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    let spec = SyntheticSpec {
        units,
        people_per_unit: 33,
        tasks_per_person: 10,
        seed: 7,
    };
    // csv only: the large run (30,303 units give 10 million survey rows, more than an xlsx
    // sheet holds); the report is then written as parquet.
    let csv_only = std::env::var_os("SATLAS_BENCH_CSV_ONLY").is_some();
    let dir = tempfile::Builder::new()
        .prefix("satlas bench 基准")
        .tempdir()
        .expect("temp dir");
    let t = Instant::now();
    let district = synthetic(&spec);
    let formats: &[Format] = if csv_only {
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

    let params = Params::default();
    let opts = LoadOptions::default();
    let csv = |n: &str| dir.path().join(format!("{n}.csv"));
    let xlsx = |n: &str| dir.path().join(format!("{n}.xlsx"));

    // The whole csv run: read both files, analyse, plan, write the xlsx report.
    let peak_before = peak_memory_mb();
    reset_peak();
    let whole = Instant::now();
    let t = Instant::now();
    let staffing = load(&csv("staffing"), TableKind::Staffing, &opts).expect("staffing csv");
    let survey = load(&csv("survey"), TableKind::Survey, &opts).expect("survey csv");
    let load_csv = secs(t);
    let inputs = Inputs {
        staffing: Some(staffing),
        roster: None,
        survey: Some(survey),
    };
    let t = Instant::now();
    let analysis = analyze(&inputs, &params).expect("analysis");
    let analyse = secs(t);
    let t = Instant::now();
    let plan = satlas::plan::plan(&analysis.unit_types, &params).expect("plan");
    let planning = secs(t);
    let t = Instant::now();
    let findings = satlas::report::findings_frame(&analysis.findings, Lang::Zh).unwrap();
    let params_frame = satlas::report::params_frame(&params, Lang::Zh).unwrap();
    let summary = satlas::report::summary_labelled(&analysis.summary, Lang::Zh).unwrap();
    let tables = satlas::cli::report_tables(&analysis, Some(&plan), &summary, &params_frame, &findings);
    let out = dir.path().join(if csv_only { "报告.parquet" } else { "报告.xlsx" });
    satlas::export::write_report(&out, &tables, Lang::Zh, &inputs.paths()).expect("report");
    let write = secs(t);
    let whole = secs(whole);
    let peak_csv_run = peak_memory_mb();
    drop(inputs);
    if csv_only {
        println!("load csv (staffing + survey)      {load_csv:>7.3} s");
        println!("analysis                          {analyse:>7.3} s");
        println!("plan                              {:>7.1} ms", planning * 1000.0);
        println!("write parquet report              {write:>7.3} s");
        println!("whole csv run                     {whole:>7.3} s");
        match (peak_before, peak_csv_run) {
            (Some(g), Some(r)) => println!("peak memory: generating {g:.0} MB, whole csv run {r:.0} MB"),
            _ => println!("peak memory: n/a"),
        }
        return;
    }

    // The xlsx reader against calamine alone walking the same cells.
    let t = Instant::now();
    let mut wb: Xlsx<_> = open_workbook(xlsx("survey")).expect("open");
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).expect("range");
    let mut cells = 0usize;
    for row in range.rows() {
        for c in row {
            if !matches!(c, calamine::Data::Empty) {
                cells += 1;
            }
        }
    }
    let calamine_alone = secs(t);
    drop(range);
    let peak_calamine = peak_memory_mb();
    reset_peak();
    let t = Instant::now();
    let survey_x = load(&xlsx("survey"), TableKind::Survey, &opts).expect("survey xlsx");
    let load_xlsx = secs(t);
    let peak_xlsx = peak_memory_mb();
    assert_eq!(survey_x.frame.height(), survey_rows);

    println!("load csv (staffing + survey)      {load_csv:>7.3} s");
    println!("analysis                          {analyse:>7.3} s");
    println!(
        "plan ({} units x types)          {:>7.1} ms",
        analysis.unit_types.height(),
        planning * 1000.0
    );
    println!("write xlsx report                 {write:>7.3} s");
    println!("whole csv run                     {whole:>7.3} s");
    println!("calamine alone, survey.xlsx       {calamine_alone:>7.3} s  ({cells} cells)");
    println!(
        "load survey.xlsx                  {load_xlsx:>7.3} s  ({:.2}x calamine alone)",
        load_xlsx / calamine_alone
    );
    // Peaks per step (the counter is reset before each step where Linux allows it).
    let peaks = [
        ("peak memory, generating the district", peak_before),
        ("peak memory, whole csv run", peak_csv_run),
        ("peak memory, calamine alone", peak_calamine),
        ("peak memory, load survey.xlsx", peak_xlsx),
    ];
    for (what, mb) in peaks {
        match mb {
            Some(mb) => println!("{what:<34}{mb:>7.0} MB"),
            None => println!("{what:<34}    n/a"),
        }
    }
    let overall = peaks.iter().filter_map(|p| p.1).fold(0.0, f64::max);
    println!("peak memory                       {overall:>7.0} MB");
}

//! The edits benchmark: what a parameter change costs the engine alone, without a window. On a
//! generated district of 3,000 units (about 100,000 people and 1,000,000 survey rows), each
//! kind of edit is made and undone ten times; each time the analysis is made again from the
//! aggregates it keeps for its inputs (the memo), then the plan. The median and the slowest of
//! the twenty are shown. The frames bench measures the same edits as the app shows them; this
//! one leaves out the window and the views' tables, and so varies less from run to run.
//!
//! Run: `cargo bench --bench edits` (scale with SATLAS_BENCH_UNITS, default 3000).

use satlas::Params;
use satlas::analysis::{Memo, analyze_with};
use satlas::generate::{Format, SyntheticSpec, synthetic, write_district};
use satlas::ingest::{Inputs, LoadOptions, TableKind, load};
use std::sync::Arc;
use std::time::Instant;

/// How many times each edit is made, and undone.
const TIMES: usize = 10;

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
    let dir = tempfile::Builder::new()
        .prefix("satlas edits 基准")
        .tempdir()
        .expect("temp dir");
    write_district(&synthetic(&spec), dir.path(), &[Format::Csv]).expect("district written");
    let read = |kind, stem: &str| {
        let path = dir.path().join(format!("{stem}.csv"));
        Some(load(&path, kind, &LoadOptions::default()).unwrap_or_else(|e| panic!("{stem}: {e:?}")))
    };
    let inputs = Arc::new(Inputs {
        staffing: read(TableKind::Staffing, "staffing"),
        roster: read(TableKind::Roster, "roster"),
        survey: read(TableKind::Survey, "survey"),
        ..Inputs::default()
    });
    let memo = Memo::default();
    let base = Params::default();
    let analysis = analyze_with(&inputs, &base, &memo).expect("analysed");
    println!(
        "district: {units} units, {} survey rows",
        inputs.survey.as_ref().map_or(0, |s| s.frame.height())
    );

    let plan_alone = timed(|| {
        std::hint::black_box(satlas::plan::plan(&analysis.unit_types, &base).expect("planned"));
    });
    println!("| edit | median ms | slowest ms |");
    println!("| --- | ---: | ---: |");
    println!("| the plan alone | {:.1} | {:.1} |", plan_alone.0, plan_alone.1);
    type Edit = fn(&mut Params);
    let edits: [(&str, Edit); 6] = [
        ("band threshold: 1.15", |p| p.bands.balanced_up_to = 1.15),
        ("band threshold: under-loaded 0.75", |p| p.bands.under_below = 0.75),
        ("flag: idle vacancy rate 30%", |p| p.flags.idle_vacancy_rate = 0.3),
        ("allowances: category 20%", |p| p.allowances.category_share = 0.2),
        ("working time: 7 h a day", |p| p.calendar.hours_per_day = 7.0),
        ("working days: 250", |p| p.calendar.working_days = 250.0),
    ];
    for (what, edit) in edits {
        let mut edited = base.clone();
        edit(&mut edited);
        let mut turn = 0;
        let (median, slowest) = timed(|| {
            turn += 1;
            let params = if turn % 2 == 1 { &edited } else { &base };
            let a = analyze_with(&inputs, params, &memo).expect("analysed");
            std::hint::black_box(satlas::plan::plan(&a.unit_types, params).expect("planned"));
        });
        println!("| {what}: analysis and plan | {median:.1} | {slowest:.1} |");
    }
}

/// The median and the slowest of `2 × TIMES` runs of `work`, in ms.
fn timed(mut work: impl FnMut()) -> (f64, f64) {
    let mut ms: Vec<f64> = (0..2 * TIMES)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    (ms[ms.len() / 2], ms[ms.len() - 1])
}

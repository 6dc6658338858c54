//! The edits benchmark: what a parameter change costs the engine alone, without a window. On a
//! generated district of 3,000 units (about 100,000 people and 1,000,000 survey rows), each
//! kind of edit is made and undone ten times; each time the analysis is made again from the
//! aggregates it keeps for its inputs (the memo), then the plan. The median and the slowest of
//! the twenty are shown. The frames bench measures the same edits as the app shows them; this
//! one leaves out the window and the views' tables, and so varies less from run to run.
//!
//! Run: `cargo bench --bench edits` (scale with SATLAS_BENCH_UNITS, default 3000;
//! SATLAS_BENCH_EDIT=days times only the edits whose name holds "days", e.g. under a profiler;
//! SATLAS_BENCH_TIMES=200 makes and undoes each edit 200 times, so a profile sees the edits
//! more than the loading).

// The allocator the shipped binary uses (src/main.rs), so the figures are the app's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use satlas::Params;
use satlas::analysis::{Memo, analyze_with};
use satlas::generate::{Format, synthetic, write_district};
use satlas::ingest::{Inputs, LoadOptions, TableKind, load};
use std::sync::Arc;
use std::time::Instant;

mod district;
mod edit_kinds;

/// How many times each edit is made, and undone, unless SATLAS_BENCH_TIMES says otherwise.
const TIMES: usize = 10;

fn times() -> usize {
    std::env::var("SATLAS_BENCH_TIMES")
        .ok()
        .and_then(|t| t.parse().ok())
        .filter(|&t| t > 0)
        .unwrap_or(TIMES)
}

fn main() {
    let units = district::units();
    let dir = district::folder("edits");
    write_district(&synthetic(&district::spec(units)), dir.path(), &[Format::Csv]).expect("district written");
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
    // The plan's rules leave the analysis standing: the plan alone is timed above.
    let only = std::env::var("SATLAS_BENCH_EDIT").unwrap_or_default();
    let edits: Vec<_> = edit_kinds::EDITS
        .into_iter()
        .filter(|(what, _)| !what.starts_with("plan rule") && what.contains(only.as_str()))
        .collect();
    if edits.is_empty() {
        eprintln!("SATLAS_BENCH_EDIT={only} names no edit: only the plan was timed");
    }
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

/// The median and the slowest of `2 ×` [`times`] runs of `work`, in ms.
fn timed(mut work: impl FnMut()) -> (f64, f64) {
    let mut ms: Vec<f64> = (0..2 * times())
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    (ms[ms.len() / 2], ms[ms.len() - 1])
}

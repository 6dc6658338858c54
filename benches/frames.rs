//! The frame benchmark: the desktop app on a generated district of 3,000 units (about 100,000
//! people and 1,000,000 survey rows), driven headlessly. For each view it times many frames —
//! the egui pass plus tessellation, the CPU work of a real frame short of the GPU upload — and
//! then the frames drawn while a recompute runs in the background.
//!
//! Run: `cargo bench --bench frames` (scale with SATLAS_BENCH_UNITS, default 3000). Targets:
//! a frame of each view under 8 ms, and no frame over 50 ms during a recompute.

use egui_kittest::Harness;
use satlas::generate::{Format, SyntheticSpec, synthetic, write_district};
use satlas::gui::{SatlasApp, Sources, View};
use satlas::ingest::TableKind;
use std::time::{Duration, Instant};

type State = Option<SatlasApp>;

const FRAMES: usize = 200;

fn app<'h>(h: &'h Harness<'_, State>) -> &'h SatlasApp {
    h.state().as_ref().expect("the app is created in the first frame")
}

/// One frame as eframe runs it on the CPU: the pass, then tessellation of its shapes.
fn frame(h: &mut Harness<'_, State>) -> Duration {
    let start = Instant::now();
    h.step();
    let out = h.output();
    let meshes = h.ctx.tessellate(out.shapes.clone(), out.pixels_per_point);
    std::hint::black_box(meshes);
    start.elapsed()
}

struct Stats {
    median: f64,
    p95: f64,
    max: f64,
}

fn stats(mut ms: Vec<f64>) -> Stats {
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    Stats {
        median: at(0.5),
        p95: at(0.95),
        max: *ms.last().unwrap_or(&0.0),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
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
    let dir = tempfile::Builder::new()
        .prefix("satlas frames 基准")
        .tempdir()
        .expect("temp dir");
    write_district(&synthetic(&spec), dir.path(), &[Format::Csv]).expect("district written");
    let mut sources = Sources::default();
    for (kind, stem) in [
        (TableKind::Staffing, "staffing"),
        (TableKind::Survey, "survey"),
        (TableKind::Roster, "roster"),
    ] {
        sources.set_path(kind, dir.path().join(format!("{stem}.csv")));
    }

    let mut h: Harness<'static, State> = Harness::builder().with_size(egui::vec2(1360.0, 860.0)).build_ui_state(
        move |ui, state: &mut State| {
            state
                .get_or_insert_with(|| SatlasApp::new(ui.ctx(), Some(sources.clone())))
                .show(ui);
        },
        None,
    );
    let start = Instant::now();
    h.step();
    while !app(&h).is_ready() {
        assert!(
            start.elapsed() < Duration::from_secs(600),
            "not loaded: {:?}",
            app(&h).run.status
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    println!(
        "district: {units} units, loaded and analysed in {:.2} s",
        start.elapsed().as_secs_f64()
    );
    println!("| view | median ms | p95 ms | max ms |");
    println!("| --- | ---: | ---: | ---: |");
    let mut worst: f64 = 0.0;
    for view in View::ALL {
        h.state_mut().as_mut().unwrap().ui.view = view;
        for _ in 0..5 {
            frame(&mut h); // the first frames of a view build its caches
        }
        let s = stats((0..FRAMES).map(|_| ms(frame(&mut h))).collect());
        worst = worst.max(s.median);
        println!(
            "| {} | {:.2} | {:.2} | {:.2} |",
            view.label(satlas::Lang::En),
            s.median,
            s.p95,
            s.max
        );
    }

    // Frames while the parameters recompute in the background, on the busiest view.
    h.state_mut().as_mut().unwrap().ui.view = View::Units;
    h.state_mut().as_mut().unwrap().work.params.calendar.hours_per_day = 7.5;
    h.state_mut().as_mut().unwrap().recompute();
    let mut during = Vec::new();
    let start = Instant::now();
    while app(&h).is_busy() {
        during.push(ms(frame(&mut h)));
        std::thread::sleep(Duration::from_millis(16));
    }
    let s = stats(during.clone());
    println!(
        "recompute: {:.2} s, {} frames drawn meanwhile, median {:.2} ms, max {:.2} ms",
        start.elapsed().as_secs_f64(),
        during.len(),
        s.median,
        s.max
    );
    println!(
        "targets: every view's median frame under 8 ms: {}; no frame over 50 ms during a recompute: {}",
        if worst < 8.0 { "met" } else { "NOT met" },
        if s.max < 50.0 { "met" } else { "NOT met" }
    );
    edit_to_tables(&mut h);
}

/// From an edit to the new tables on screen: a plan rule (the analysis stands, the plan alone
/// is made again) against the working time (everything analysed again from the rows read).
fn edit_to_tables(h: &mut Harness<'static, State>) {
    type Edit = fn(&mut satlas::Params);
    let edits: [(&str, Edit); 4] = [
        ("plan rule: max loss 25%", |p| p.plan.max_loss_share = 0.25),
        ("plan rule: Hamilton", |p| {
            p.plan.method = satlas::model::plan::Method::Hamilton
        }),
        ("working time: 7 h a day", |p| p.calendar.hours_per_day = 7.0),
        ("band threshold: 1.15", |p| p.bands.balanced_up_to = 1.15),
    ];
    println!("| edit | to new tables ms |");
    println!("| --- | ---: |");
    for (what, edit) in edits {
        edit(&mut h.state_mut().as_mut().unwrap().work.params);
        let start = Instant::now();
        h.state_mut().as_mut().unwrap().recompute();
        h.step();
        while !app(h).is_ready() {
            std::thread::sleep(Duration::from_millis(1));
            h.step();
        }
        println!("| {what} | {:.1} |", ms(start.elapsed()));
    }
}

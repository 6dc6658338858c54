//! The frame benchmark: the desktop app on a generated district of 3,000 units (about 100,000
//! people and 1,000,000 survey rows), driven headlessly. For each view it times many frames —
//! the egui pass plus tessellation, the CPU work of a real frame short of the GPU upload — and
//! then the frames drawn while a recompute runs in the background.
//!
//! Run: `cargo bench --bench frames` (scale with SATLAS_BENCH_UNITS, default 3000). Targets:
//! a frame of each view under 8 ms, and no frame over 50 ms during a recompute.

// The allocator the shipped binary uses (src/main.rs), so the figures are the app's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use egui_kittest::Harness;
use satlas::generate::{Format, synthetic, write_district};
use satlas::gui::{SatlasApp, Sources, View};
use satlas::ingest::TableKind;
use std::time::{Duration, Instant};

mod district;
mod edit_kinds;

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
    let units = district::units();
    let dir = district::folder("frames");
    write_district(&synthetic(&district::spec(units)), dir.path(), &[Format::Csv]).expect("district written");
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
    drag_band(&mut h);
}

/// How many times each edit is made, and undone: the median of these is judged. Twenty
/// times in all, as in the edits bench: with six, the median of one edit moved by a fifth from
/// run to run on a shared 2-core machine.
const EDIT_TIMES: usize = 10;

/// From an edit to the new tables on screen, for each kind of parameter: a plan rule (the
/// analysis stands, the plan alone is made again), those that read the survey's aggregates
/// kept in the memo (bands, flags, allowances, method), and those that read the rows again
/// (the working time). Each is made and undone [`EDIT_TIMES`] times; the median and the
/// slowest are shown, and the median is judged (one slow run on a shared machine says little).
fn edit_to_tables(h: &mut Harness<'static, State>) {
    println!("| edit | to new tables ms, median | slowest | to new charts ms, median |");
    println!("| --- | ---: | ---: | ---: |");
    let mut kept = Vec::new();
    for (what, edit) in edit_kinds::EDITS {
        let before = h.state().as_ref().unwrap().work.params.clone();
        let (mut tables, mut charts) = (Vec::new(), Vec::new());
        for time in 0..2 * EDIT_TIMES {
            let params = &mut h.state_mut().as_mut().unwrap().work.params;
            match time % 2 {
                0 => edit(params),
                _ => *params = before.clone(),
            }
            let (t, c) = edit_made(h);
            tables.push(t);
            charts.push(c);
        }
        let (t, c) = (stats(tables), stats(charts));
        kept.push((what.starts_with("working"), t.median));
        println!("| {what} | {:.1} | {:.1} | {:.1} |", t.median, t.max, c.median);
    }
    let worst = |calendar: bool| {
        kept.iter()
            .filter(|(c, _)| calendar || !c)
            .map(|(_, t)| *t)
            .fold(0.0, f64::max)
    };
    for (calendar, which) in [
        (false, "an edit that leaves the survey's aggregates standing"),
        (true, "every edit, the calendar's too"),
    ] {
        let worst = worst(calendar);
        println!(
            "target: {which} reaches the tables within 50 ms: {} (worst median {worst:.1} ms)",
            if worst <= 50.0 { "met" } else { "NOT met" }
        );
    }
}

/// The parameters as they now stand recomputed: ms to the new tables on screen, and to the
/// new charts.
fn edit_made(h: &mut Harness<'static, State>) -> (f64, f64) {
    let start = Instant::now();
    h.state_mut().as_mut().unwrap().recompute();
    frames_until(h, SatlasApp::tables_ready);
    let tables = ms(start.elapsed());
    frames_until(h, SatlasApp::is_ready);
    (tables, ms(start.elapsed()))
}

/// Frames as a window draws them while a job runs, until `ready`: at 60 Hz, and at once when
/// the job's result is in (its thread asks for a repaint). Frames drawn faster would take a
/// core from the job they wait for.
fn frames_until(h: &mut Harness<'static, State>, ready: fn(&SatlasApp) -> bool) {
    let mut last = Instant::now();
    h.step();
    while !ready(app(h)) {
        if app(h).job_finished() || last.elapsed() >= Duration::from_millis(16) {
            last = Instant::now();
            h.step();
        } else {
            std::thread::sleep(Duration::from_micros(500));
        }
    }
}

/// A band threshold dragged with the mouse: each frame moves it a step and asks for the
/// figures again, as the parameters panel does; results arrive while the drag goes on, and
/// no frame may take longer than one of a 60 Hz screen.
fn drag_band(h: &mut Harness<'static, State>) {
    h.state_mut().as_mut().unwrap().ui.view = View::Charts;
    let shown = |h: &Harness<'static, State>| {
        app(h)
            .run
            .loaded
            .as_ref()
            .map(|l| l.outcome.params.bands.balanced_up_to)
    };
    let mut frames = Vec::new();
    let mut results = 0;
    let mut last = shown(h);
    let start = Instant::now();
    for step in 0..120 {
        let at = 1.02 + 0.002 * f64::from(step);
        h.state_mut().as_mut().unwrap().work.params.bands.balanced_up_to = at;
        h.state_mut().as_mut().unwrap().recompute();
        frames.push(ms(frame(h)));
        if shown(h) != last {
            results += 1;
            last = shown(h);
        }
        std::thread::sleep(Duration::from_millis(16));
    }
    let dragged = start.elapsed();
    while !app(h).is_ready() {
        frames.push(ms(frame(h)));
        std::thread::sleep(Duration::from_millis(16));
    }
    let s = stats(frames);
    println!(
        "drag a band threshold: 120 steps over {:.2} s, {results} results shown during the drag, frames median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        dragged.as_secs_f64(),
        s.median,
        s.p95,
        s.max
    );
    println!(
        "target: no frame over 16 ms while dragging: {}",
        if s.max <= 16.0 { "met" } else { "NOT met" }
    );
}

#![cfg(feature = "gui")]
//! Snapshot tests of the main views on the sample data, rendered with wgpu on the CPU
//! (lavapipe). A view that changes by more than `kittest.toml` allows fails here; run
//! `UPDATE_SNAPSHOTS=1 cargo test --test snapshots` after a deliberate change and look at the
//! new images. They are also the README's screenshots.

use egui_kittest::Harness;
use satlas::gui::{SatlasApp, Sources, View, sample_files_in};
use std::path::Path;
use std::time::{Duration, Instant};

type State = Option<SatlasApp>;

fn sample_files() -> Sources {
    sample_files_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")).expect("sample-data/staffing.xlsx")
}

/// The wgpu renderer, or None on a machine without any Vulkan/GL adapter (a fresh machine
/// without Mesa's lavapipe), where the snapshots are skipped with a note — unless
/// `SATLAS_REQUIRE_SNAPSHOTS` is set, as CI sets it, where a missing adapter fails the test.
fn cpu_renderer() -> Option<egui_kittest::wgpu::WgpuTestRenderer> {
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let renderer = std::panic::catch_unwind(egui_kittest::wgpu::WgpuTestRenderer::new).ok();
    std::panic::set_hook(quiet);
    if renderer.is_none() {
        assert!(
            std::env::var_os("SATLAS_REQUIRE_SNAPSHOTS").is_none(),
            "no wgpu adapter: install Mesa's Vulkan drivers (Debian: mesa-vulkan-drivers)"
        );
        eprintln!("snapshots skipped: no wgpu adapter (Debian: apt install mesa-vulkan-drivers)");
    }
    renderer
}

#[test]
fn main_views_look_as_they_did() {
    // The charts' source line carries the date: pin it so the images do not change daily.
    // SAFETY: set before any other thread of this single-test binary reads the environment.
    unsafe { std::env::set_var("SOURCE_DATE_EPOCH", "1764201600") };
    let Some(renderer) = cpu_renderer() else { return };
    let files = sample_files();
    let mut h: Harness<'static, State> = Harness::builder()
        .with_size(egui::vec2(1360.0, 860.0))
        .renderer(renderer)
        .build_ui_state(
            move |ui, state: &mut State| {
                state
                    .get_or_insert_with(|| SatlasApp::new(ui.ctx(), Some(files.clone())))
                    .show(ui);
            },
            None,
        );
    let start = Instant::now();
    h.step();
    while !h.state().as_ref().unwrap().is_ready() {
        assert!(
            start.elapsed() < Duration::from_secs(180),
            "the sample data did not load"
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    let mut failures = Vec::new();
    for (view, name) in [
        (View::Overview, "overview"),
        (View::Units, "units"),
        (View::Charts, "charts"),
        (View::Plan, "plan"),
        (View::Findings, "findings"),
        (View::Sources, "sources"),
    ] {
        h.state_mut().as_mut().unwrap().ui.view = view;
        h.run_steps(4);
        if let Err(e) = h.try_snapshot(name) {
            failures.push(e.to_string());
        }
        if view == View::Plan {
            // One palette: the plan view draws gains and losses in the charts' colours.
            let image = h.render().expect("the plan view renders");
            for c in [satlas::palette::GAIN, satlas::palette::LOSS] {
                let n = image.pixels().filter(|p| p.0[..3] == [c.0, c.1, c.2]).count();
                if n < 100 {
                    failures.push(format!("the plan view has {n} pixels of {c:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

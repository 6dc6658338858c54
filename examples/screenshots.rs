//! Screenshots of every view on the bundled sample (with one scenario beside the current rules),
//! in both languages, at 1366×768 and at 150%
//! of that screen (911×512 points), rendered as the snapshot tests render (wgpu on the CPU):
//! `cargo run --example screenshots` writes them to `docs/screenshots/`.

use egui_kittest::Harness;
use satlas::Lang;
use satlas::gui::{SatlasApp, View, sample_files_in};
use std::path::Path;
use std::time::{Duration, Instant};

type State = Option<SatlasApp>;

fn main() {
    // The charts' source line carries the date: pin it so the images do not change daily.
    // SAFETY: set before any other thread starts.
    unsafe { std::env::set_var("SOURCE_DATE_EPOCH", "1764201600") };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = root.join("docs").join("screenshots");
    std::fs::create_dir_all(&out).expect("docs/screenshots");
    let files = sample_files_in(&root.join("sample-data")).expect("sample-data/staffing.xlsx");
    for (size, scale, name) in [([1366.0, 768.0], 1.0, "1366x768"), ([911.0, 512.0], 1.5, "150pct")] {
        for lang in [Lang::Zh, Lang::En] {
            let files = files.clone();
            let mut h: Harness<'static, State> = Harness::builder()
                .with_size(egui::vec2(size[0], size[1]))
                .with_pixels_per_point(scale)
                .renderer(egui_kittest::wgpu::WgpuTestRenderer::new())
                .build_ui_state(
                    move |ui, state: &mut State| {
                        state
                            .get_or_insert_with(|| {
                                let mut app = SatlasApp::new(ui.ctx(), Some(files.clone()));
                                app.settings.lang = lang;
                                app
                            })
                            .show(ui);
                    },
                    None,
                );
            let start = Instant::now();
            h.step();
            while !h.state().as_ref().unwrap().is_ready() {
                assert!(start.elapsed() < Duration::from_secs(180), "the sample did not load");
                std::thread::sleep(Duration::from_millis(20));
                h.step();
            }
            // One scenario beside the current rules, for the 方案比较 view.
            let app = h.state_mut().as_mut().unwrap();
            let base = app.work.params.clone();
            let text = "name = \"综合执法承接\"\n[plan]\nmethod = \"Hamilton\"\n[[move]]\n\
                        task = \"特种设备安全检查\"\nfrom = \"区市场监督管理局\"\nto = \"区综合行政执法局\"\n\
                        [[grow]]\nunit = \"区综合行政执法局\"\nfactor = 1.6\n";
            app.work.scenarios = vec![satlas::scenario::read(text, "示例.toml", &base).expect("a scenario")];
            app.work.scenarios_base = base;
            app.ui.scenarios_view.tab = satlas::gui::views::scenarios::ScenarioTab::SideBySide;
            app.recompute();
            let start = Instant::now();
            h.step();
            while !h.state().as_ref().unwrap().is_ready() {
                assert!(
                    start.elapsed() < Duration::from_secs(180),
                    "the scenario was not computed"
                );
                std::thread::sleep(Duration::from_millis(20));
                h.step();
            }
            for view in View::ALL {
                h.state_mut().as_mut().unwrap().ui.view = view;
                h.run_steps(4);
                let image = h.render().expect("renders");
                let file = out.join(format!("{}_{name}_{}.png", lang_code(lang), view_code(view)));
                write_png(&file, image.width(), image.height(), image.as_raw());
                println!("{}", file.display());
            }
        }
    }
}

fn lang_code(lang: Lang) -> &'static str {
    lang.pick("zh", "en")
}

fn view_code(view: View) -> &'static str {
    match view {
        View::Overview => "1_overview",
        View::Units => "2_units",
        View::Charts => "3_charts",
        View::Plan => "4_plan",
        View::Findings => "5_findings",
        View::Sources => "6_sources",
        View::Scenarios => "7_scenarios",
    }
}

fn write_png(path: &Path, width: u32, height: u32, rgba: &[u8]) {
    let file = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    let mut encoder = png::Encoder::new(file, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder
        .write_header()
        .and_then(|mut w| w.write_image_data(rgba))
        .expect("write");
}

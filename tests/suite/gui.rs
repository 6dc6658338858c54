#![cfg(feature = "gui")]
//! The desktop app, driven headlessly with egui_kittest (no GPU, no system fonts: the bundled
//! CJK font must cover every character drawn, or the harness panics).

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use satlas::gui::{SatlasApp, Sources, View, sample_files_in};
use satlas::ingest::{self, Inputs, LoadOptions, TableKind};
use satlas::model::{WorkloadMethod, col};
use satlas::{Lang, Params};
use std::path::Path;
use std::time::{Duration, Instant};

type State = Option<SatlasApp>;

fn sample_files() -> Sources {
    sample_files_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")).expect("sample-data/staffing.xlsx")
}

/// A harness whose app is created in its first frame, on the harness's own context.
fn harness(files: Option<Sources>) -> Harness<'static, State> {
    Harness::builder().with_size(egui::vec2(1400.0, 900.0)).build_ui_state(
        move |ui, state: &mut State| {
            state
                .get_or_insert_with(|| SatlasApp::new(ui.ctx(), files.clone()))
                .show(ui);
        },
        None,
    )
}

fn app<'h>(h: &'h Harness<'_, State>) -> &'h SatlasApp {
    h.state().as_ref().expect("the app is created in the first frame")
}

/// Step frames until the background job has finished and a result is shown.
fn wait_ready(h: &mut Harness<'_, State>) {
    let start = Instant::now();
    h.step();
    while !app(h).is_ready() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the sample data did not load: {:?}",
            app(h).run.status
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    // A few more frames so the layout settles on the result.
    h.run_steps(3);
}

/// The district summary, computed by the engine directly.
fn engine_summary_value(metric: &str) -> Option<f64> {
    let files = sample_files();
    let load = |s: &Option<satlas::project::Source>, kind| {
        s.as_ref()
            .map(|s| ingest::load(&s.path, kind, &LoadOptions::default()).expect("sample loads"))
    };
    let inputs = Inputs {
        staffing: load(&files.staffing, TableKind::Staffing),
        roster: load(&files.roster, TableKind::Roster),
        survey: load(&files.survey, TableKind::Survey),
        ..Default::default()
    };
    let analysis = satlas::analysis::analyze(&inputs, &Params::default()).expect("sample analyses");
    let rows = satlas::analysis::Rows::new(&analysis.summary).unwrap();
    (0..rows.height())
        .find(|&i| rows.str(col::METRIC, i) == Some(metric))
        .and_then(|i| rows.f64(col::VALUE, i))
}

#[test]
fn starts_on_the_sample_data_and_shows_the_overview_figures() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    assert_eq!(app(&h).ui.view, View::Overview);
    // The labels of the key figures, in Chinese by default.
    for code in [col::UNITS, col::APPROVED, col::ACTUAL, col::SATURATION] {
        h.get_by_label(&satlas::report::metric_label(code, Lang::Zh));
    }
    // The figures are the engine's: approved quota and units, as the overview formats them.
    let approved = engine_summary_value(col::APPROVED).expect("approved in the summary");
    h.get_by_label(&satlas::gui::views::fmt_num(Some(approved), 1));
    let units = engine_summary_value(col::UNITS).expect("units in the summary");
    assert!(units > 0.0);
    assert_eq!(app(&h).run.loaded.as_ref().unwrap().units.rows.len(), units as usize);
}

#[test]
fn switching_views_works() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    for (label, view) in [
        ("单位", View::Units),
        ("调整方案", View::Plan),
        ("图表", View::Charts),
        ("发现问题", View::Findings),
        ("数据源", View::Sources),
        ("总览", View::Overview),
    ] {
        h.get_by_label(label).click();
        h.run_steps(2);
        assert_eq!(app(&h).ui.view, view, "after clicking {label}");
    }
    // The units view shows its filter and the table's headers.
    h.get_by_label("单位").click();
    h.run_steps(2);
    h.get_by_label_contains("显示单位数");
    h.get_by_label_contains("核定编制数");
}

#[test]
fn switching_language_changes_the_labels() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    assert!(h.query_by_label("Overview").is_none());
    h.get_by_label("English").click();
    h.run_steps(2);
    assert_eq!(app(&h).settings.lang, Lang::En);
    h.get_by_label("Overview");
    h.get_by_label(&satlas::report::metric_label(col::APPROVED, Lang::En));
    assert!(h.query_by_label("总览").is_none());
    h.get_by_label("中文").click();
    h.run_steps(2);
    h.get_by_label("总览");
}

#[test]
fn filtering_the_units_table_changes_its_row_count() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    h.get_by_label("单位").click();
    h.run_steps(2);
    let total = app(&h).run.loaded.as_ref().unwrap().units.rows.len();
    h.get_by_label_contains(&format!("{total} / {total}"));

    // Type the first unit's name into the filter.
    let first = app(&h).run.loaded.as_ref().unwrap().units.rows[0].unit.clone();
    let filter = h.get_by_role(egui::accesskit::Role::TextInput);
    filter.focus();
    h.run_steps(1);
    h.get_by_role(egui::accesskit::Role::TextInput).type_text(&first);
    h.run_steps(2);
    let mut view = app(&h).ui.units_view.clone();
    let shown = view.visible_count(&app(&h).run.loaded.as_ref().unwrap().units);
    assert!(
        (1..total).contains(&shown),
        "{shown} of {total} rows after filtering on {first}"
    );
    h.get_by_label_contains(&format!("{shown} / {total}"));
    assert_eq!(app(&h).ui.units_view.filter, first);
}

#[test]
fn a_parameter_change_recomputes_in_the_background() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    let before = app(&h).run.loaded.as_ref().unwrap().outcome.analysis.available_hours;
    h.state_mut().as_mut().unwrap().work.params.calendar.hours_per_day = 7.0;
    h.state_mut().as_mut().unwrap().recompute();
    assert!(app(&h).is_busy());
    wait_ready(&mut h);
    let after = app(&h).run.loaded.as_ref().unwrap().outcome.analysis.available_hours;
    assert!((before - 1840.0).abs() < 1e-9, "{before}");
    assert!((after - 230.0 * 7.0).abs() < 1e-9, "{after}");
}

#[test]
fn without_sample_data_the_window_says_so() {
    let mut h = harness(None);
    h.run_steps(2);
    h.get_by_label_contains("未找到示例数据");
    assert!(!app(&h).is_busy());
}

#[test]
fn the_bundled_font_comes_first() {
    let defs = satlas::gui::fonts::definitions();
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        assert_eq!(defs.families[&family][0], satlas::gui::fonts::NAME);
    }
    assert!(satlas::gui::fonts::NOTO_SANS_SC.len() > 2_000_000);
}

/// Step frames until `done` holds for the app, failing after two minutes.
fn wait_until(h: &mut Harness<'_, State>, what: &str, done: impl Fn(&SatlasApp) -> bool) {
    let start = Instant::now();
    h.step();
    while !done(app(h)) {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "{what}: {:?}",
            app(h).run.status
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run_steps(3);
}

fn app_mut<'h>(h: &'h mut Harness<'_, State>) -> &'h mut SatlasApp {
    h.state_mut().as_mut().expect("the app is created in the first frame")
}

#[test]
fn a_saved_project_reopens_with_its_parameters_and_choices() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("青川 项目");
    std::fs::create_dir(&folder).unwrap();
    let file = folder.join("方案 一.satlas");

    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    app_mut(&mut h).work.params.calendar.hours_per_day = 7.5;
    app_mut(&mut h).work.sources.staffing.as_mut().unwrap().options.sheet = Some("编制情况".into());
    app_mut(&mut h).save_project(&file);
    assert!(
        app(&h).run.notice.as_ref().is_some_and(|n| n.ok),
        "{:?}",
        app(&h).run.notice
    );
    assert!(file.is_file());
    assert_eq!(app(&h).settings.recent_projects.first(), Some(&file));

    let mut h = harness(None);
    h.run_steps(1);
    app_mut(&mut h).open_project(&file);
    assert_eq!(app(&h).work.params.calendar.hours_per_day, 7.5);
    assert_eq!(app(&h).work.project_path.as_deref(), Some(file.as_path()));
    let staffing = app(&h).work.sources.staffing.clone().unwrap();
    assert_eq!(staffing.options.sheet.as_deref(), Some("编制情况"));
    assert_eq!(staffing.path, sample_files().staffing.unwrap().path);

    // A broken project file gets a message naming it, and the app carries on.
    let broken = folder.join("坏.satlas");
    std::fs::write(&broken, "version = [").unwrap();
    app_mut(&mut h).open_project(&broken);
    h.run_steps(2);
    h.get_by_label_contains("坏.satlas");
}

#[test]
fn settings_persist_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    let settings = dir.path().join("配置 目录").join("settings.toml");
    let path = Some(settings.clone());
    let mut h = Harness::builder().with_size(egui::vec2(1400.0, 900.0)).build_ui_state(
        move |ui, state: &mut State| {
            state
                .get_or_insert_with(|| SatlasApp::with_settings(ui.ctx(), path.clone(), Some(sample_files())))
                .show(ui);
        },
        None,
    );
    wait_ready(&mut h);
    h.get_by_label("English").click();
    h.run_steps(2);
    h.get_by_label("Dark").click();
    h.run_steps(2);
    assert!(app(&h).settings.dark);
    assert_eq!(h.ctx.theme(), egui::Theme::Dark);
    app_mut(&mut h).work.params.calendar.working_days = 240.0;
    app_mut(&mut h).save_settings();
    assert!(settings.is_file());

    // The next start reads them back: language, theme and the last session's parameters.
    let ctx = egui::Context::default();
    let again = SatlasApp::with_settings(&ctx, Some(settings.clone()), None);
    assert_eq!(again.settings.lang, Lang::En);
    assert!(again.settings.dark);
    assert_eq!(again.work.params.calendar.working_days, 240.0);
    assert_eq!(again.work.sources.staffing, sample_files().staffing);
    assert!(again.settings.recent_files.iter().any(|p| p.ends_with("staffing.xlsx")));
}

/// A workbook with a notes sheet first and the staffing table on the second sheet, whose
/// actual-staff column has a name the synonyms do not know.
fn two_sheet_workbook(path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let notes = book.add_worksheet();
    notes.set_name("填表说明").unwrap();
    notes.write(0, 0, "本表由各单位填报").unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("编制表").unwrap();
    for (c, h) in ["单位名称", "主管部门", "核定编制数", "在岗"].iter().enumerate() {
        sheet.write(0, c as u16, *h).unwrap();
    }
    for (r, (unit, approved, on_post)) in [("甲局", 10, 8), ("乙局", 6, 6), ("丙中心", 4, 1)].iter().enumerate()
    {
        let r = r as u32 + 1;
        sheet.write(r, 0, *unit).unwrap();
        sheet.write(r, 1, "区政府").unwrap();
        sheet.write(r, 2, *approved).unwrap();
        sheet.write(r, 3, *on_post).unwrap();
    }
    book.save(path).unwrap();
}

#[test]
fn the_sources_view_picks_the_sheet_and_maps_a_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("编制 两表.xlsx");
    two_sheet_workbook(&path);
    let mut sources = Sources::default();
    sources.set_path(TableKind::Staffing, path.clone());
    let mut h = harness(None);
    h.run_steps(1);
    app_mut(&mut h).open(sources);
    wait_until(&mut h, "the workbook is read", |a| !a.is_busy());
    h.run_steps(2);

    // No column is named for the staff in post, and 在岗 could be it: rather than refuse, the
    // window opens the file's columns for the person to choose from.
    assert_eq!(app(&h).ui.view, View::Sources);
    assert!(
        matches!(
            app(&h).run.status,
            satlas::gui::Status::Failed(satlas::gui::jobs::Failure::NeedsMapping { .. })
        ),
        "the mapping is asked for"
    );
    // The reason names the candidate column, in the view and in the status line.
    assert!(h.query_all_by_label_contains("在岗").count() >= 1);
    h.get_by_label_contains("请在下表中为缺少的字段选择一列");
    // The field list shows the matched column and its first values; 实有人数 is not found.
    h.get_by_value("C 核定编制数");
    h.get_by_label_contains("10、6、4");
    assert!(!h.query_all_by_value("（未找到）").collect::<Vec<_>>().is_empty());

    // Choose 在岗 for actual staff, as the drop-down does: the file is read again with it.
    use satlas::gui::views::sources::Change;
    use satlas::ingest::Field;
    app_mut(&mut h).apply_source_change(Change::Column(TableKind::Staffing, Field::Actual, Some("在岗".into())));
    wait_until(&mut h, "the file is read again", |a| a.is_ready());
    let a = &app(&h).run.loaded.as_ref().unwrap().outcome.analysis;
    let rows = satlas::analysis::Rows::new(&a.summary).unwrap();
    let actual = (0..rows.height())
        .find(|&i| rows.str(col::METRIC, i) == Some(col::ACTUAL))
        .and_then(|i| rows.f64(col::VALUE, i));
    assert_eq!(actual, Some(15.0));
    h.get_by_value("D 在岗（手动指定）");
    let staffing = app(&h)
        .run
        .loaded
        .as_ref()
        .unwrap()
        .outcome
        .inputs
        .staffing
        .clone()
        .unwrap();
    assert_eq!(staffing.sheet.as_deref(), Some("编制表"));
    assert_eq!(staffing.sheets, ["填表说明", "编制表"]);
    assert_eq!(
        app(&h)
            .project()
            .sources
            .staffing
            .unwrap()
            .options
            .overrides
            .get("actual")
            .map(String::as_str),
        Some("在岗")
    );

    // Picking the notes sheet explains why it cannot be used and keeps the window up.
    app_mut(&mut h).apply_source_change(Change::Sheet(TableKind::Staffing, "填表说明".into()));
    wait_until(&mut h, "the sheet is tried", |a| !a.is_busy());
    h.run_steps(2);
    // The sheet that reads stays chosen, with its figures; why the other cannot is said.
    assert!(app(&h).run.notice.as_ref().is_some_and(|n| !n.ok));
    let kept = app(&h).run.loaded.as_ref().map(|l| l.outcome.inputs.staffing.clone());
    assert_eq!(kept.flatten().and_then(|s| s.sheet), staffing.sheet);
    h.get_by_label_contains("填表说明");
}

#[test]
fn the_current_view_exports_its_tables() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    h.get_by_label("单位").click();
    h.run_steps(2);
    let file = dir.path().join("单位 表.xlsx");
    app_mut(&mut h).export_view(&file);
    assert!(
        app(&h).run.notice.as_ref().is_some_and(|n| n.ok),
        "{:?}",
        app(&h).run.notice
    );
    let sheets = satlas::export::read_report_xlsx(&file).unwrap();
    let units = app(&h).run.loaded.as_ref().unwrap().outcome.analysis.units.height();
    assert_eq!(sheets[0].1.height(), units);
    assert!(
        sheets[0].1.column(col::UNIT).is_ok(),
        "{:?}",
        sheets[0].1.get_column_names()
    );

    let report = dir.path().join("报告.xlsx");
    app_mut(&mut h).export_report(&report);
    let sheets = satlas::export::read_report_xlsx(&report).unwrap();
    assert!(sheets.len() >= 6, "{}", sheets.len());
    assert!(!dir.path().join("报告_survey.parquet").exists());

    // As parquet, the survey's rows go beside the report, as `satlas analyze` writes them.
    let parquet = dir.path().join("报告.parquet");
    app_mut(&mut h).export_report(&parquet);
    let survey = dir.path().join("报告_survey.parquet");
    use polars::prelude::SerReader;
    let rows = polars::prelude::ParquetReader::new(std::fs::File::open(&survey).expect("the survey's rows"))
        .finish()
        .unwrap();
    let read = app(&h)
        .run
        .loaded
        .as_ref()
        .unwrap()
        .outcome
        .inputs
        .survey
        .as_ref()
        .unwrap()
        .frame
        .height();
    assert_eq!(rows.height(), read);

    // A folder that does not exist: a message, no file, and the app stays up.
    let nowhere = dir.path().join("没有的目录").join("x.xlsx");
    app_mut(&mut h).export_view(&nowhere);
    assert!(app(&h).run.notice.as_ref().is_some_and(|n| !n.ok));
    assert!(!nowhere.exists());
    // Why, in each language: the Chinese window does not read the English message.
    app_mut(&mut h).export_report(&nowhere);
    let notice = app(&h).run.notice.as_ref().unwrap();
    assert!(notice.zh.contains("所在文件夹不存在"), "{}", notice.zh);
    assert!(notice.en.contains("does not exist"), "{}", notice.en);
}

#[test]
fn the_six_charts_switch_and_the_shown_chart_exports_as_png() {
    use satlas::charts::{ChartKind, PngSize};
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    h.get_by_label("图表").click();
    h.run_steps(2);
    // The export controls, in Chinese.
    h.get_by_label("导出 PNG…");
    h.get_by_label("复制图片");
    h.get_by_label("一键导出汇报材料…");
    for kind in ChartKind::ALL {
        h.get_by_label(kind.short(Lang::Zh)).click();
        h.run_steps(2);
        assert_eq!(app(&h).ui.charts_view.kind, kind);
        // The chart's title is shown, and the sample has data for every chart.
        h.get_by_label(kind.title(Lang::Zh));
        let loaded = app(&h).run.loaded.as_ref().unwrap();
        let spec = satlas::gui::views::charts::spec_of(loaded.charts_data(), kind, Lang::Zh);
        assert!(!spec.is_empty(), "{kind:?}: {:?}", spec.note);
        // The legend sits above the plot as labels of its own.
        h.get_by_label(&spec.legend[0].label);
    }

    // The export the button makes once a path is chosen, at a small size.
    let dir = tempfile::tempdir().unwrap();
    let state = h.state_mut().as_mut().unwrap();
    state.ui.charts_view.width = 640;
    state.ui.charts_view.scale = 1.5;
    assert_eq!(state.ui.charts_view.size(), PngSize { width: 640, scale: 1.5 });
    let (lang, data) = (state.settings.lang, state.run.loaded.as_ref().unwrap().charts_data());
    let written = state
        .ui
        .charts_view
        .export_png(data, lang, &dir.path().join("方案"))
        .expect("the chart is written");
    assert_eq!(written, dir.path().join("方案.png"));
    let file = std::io::BufReader::new(std::fs::File::open(&written).unwrap());
    let mut reader = png::Decoder::new(file).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (960, 540));
    let rgb = &buf[..info.buffer_size()];
    // The plan's gains and losses are drawn in their colours.
    for c in [satlas::charts::GAIN, satlas::charts::LOSS] {
        assert!(rgb.chunks_exact(3).any(|p| p == [c.0, c.1, c.2]), "{c:?}");
    }

    // Copying puts the image on the clipboard through egui.
    h.get_by_label("复制图片").click();
    h.step();
    let copied = h
        .output()
        .platform_output
        .commands
        .iter()
        .any(|c| matches!(c, egui::OutputCommand::CopyImage(img) if img.size == [960, 540]));
    assert!(copied, "no image was copied");
}

#[test]
fn the_charts_speak_english_on_the_switch() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    h.get_by_label("English").click();
    h.run_steps(2);
    h.get_by_label("Charts").click();
    h.run_steps(2);
    h.get_by_label("Export PNG…");
    h.get_by_label(satlas::charts::ChartKind::Saturation.title(Lang::En));
    h.get_by_label("band threshold");
    assert!(h.query_by_label("区间界限").is_none());
}

#[test]
fn the_briefing_button_writes_its_folder_in_the_background() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("汇报材料");
    let ctx = h.ctx.clone();
    let loaded = app(&h).run.loaded.as_ref().unwrap();
    let size = satlas::charts::PngSize { width: 480, scale: 1.0 };
    let rx = satlas::gui::views::charts::start_briefing(&ctx, loaded.charts_data(), Lang::Zh, size, target.clone());
    let done = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("the briefing finishes");
    assert_eq!(done, Ok(target.display().to_string()));
    assert!(target.join(satlas::charts::briefing::WORKBOOK).is_file());
    assert!(
        target
            .join(satlas::charts::briefing::chart_file(satlas::charts::ChartKind::Plan))
            .is_file()
    );
}

fn loaded<'h>(h: &'h Harness<'_, State>) -> &'h satlas::gui::loaded::Loaded {
    app(h).run.loaded.as_ref().expect("a result is shown")
}

fn open_plan_view(h: &mut Harness<'_, State>) {
    h.get_by_label("调整方案").click();
    h.run_steps(3);
    assert_eq!(app(h).ui.view, View::Plan);
}

#[test]
fn the_plan_view_shows_the_conserved_total_and_the_transfers() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    open_plan_view(&mut h);
    let plan = loaded(&h).outcome.plan.as_ref().expect("the sample plans").clone();
    // The total before and after, read from the engine's plan, and the mark that they are equal.
    let totals = satlas::plan::totals(&plan).unwrap();
    let rows = satlas::analysis::Rows::new(&totals).unwrap();
    let last = rows.height() - 1;
    let (approved, target) = (
        rows.f64(col::APPROVED, last).unwrap(),
        rows.f64(satlas::plan::col::TARGET, last).unwrap(),
    );
    assert_eq!(approved, target);
    h.get_by_label_contains("编制总量");
    h.get_by_label_contains(&format!(
        "调整前核定 {}",
        satlas::gui::views::fmt_num(Some(approved), 0)
    ));
    h.get_by_label_contains(&format!("调整后方案 {}", satlas::gui::views::fmt_num(Some(target), 0)));
    h.get_by_label_contains("总量不变");

    // The transfer table: its headers and the units of its first line.
    let n = plan.transfers.height();
    assert!(n > 0, "the sample plan moves posts");
    h.get_by_label(&format!("调剂明细（{n}）")).click();
    h.run_steps(3);
    h.get_by_label("调出单位");
    h.get_by_label("调入单位");
    let t = satlas::analysis::Rows::new(&plan.transfers).unwrap();
    let from = t.str(satlas::plan::col::FROM_UNIT, 0).unwrap();
    let to = t.str(satlas::plan::col::TO_UNIT, 0).unwrap();
    assert!(
        !h.query_all_by_label(from).collect::<Vec<_>>().is_empty(),
        "{from} shown"
    );
    assert!(!h.query_all_by_label(to).collect::<Vec<_>>().is_empty(), "{to} shown");

    // The allocation table sorts by change, largest gain first.
    h.get_by_label("各单位方案").click();
    h.run_steps(3);
    h.get_by_label_contains("调整后编制饱和度");
}

#[test]
fn a_rule_change_recomputes_the_plan() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    open_plan_view(&mut h);
    assert_eq!(loaded(&h).outcome.params.plan.method, satlas::plan::Method::Webster);
    h.get_by_label("最大余数法").click();
    h.run_steps(1);
    assert_eq!(app(&h).work.params.plan.method, satlas::plan::Method::Hamilton);
    assert!(app(&h).is_busy(), "a rule change starts a recompute");
    wait_ready(&mut h);
    assert_eq!(loaded(&h).outcome.params.plan.method, satlas::plan::Method::Hamilton);
    assert!(loaded(&h).outcome.plan.is_ok());
    h.get_by_label_contains("总量不变");
}

#[test]
fn a_plan_that_cannot_be_made_says_which_rule_bites() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    open_plan_view(&mut h);
    // Keep back more posts than the units can give up.
    let app_mut = h.state_mut().as_mut().unwrap();
    app_mut.work.params.plan.reserve.insert("行政编制".to_owned(), 200);
    app_mut.recompute();
    wait_ready(&mut h);
    let err = loaded(&h).outcome.plan.as_ref().expect_err("the reserve is too large");
    h.get_by_label("无法制定调整方案");
    let message = err.findings()[0].message(Lang::Zh).to_owned();
    assert!(
        message.contains("keep_incumbents") || message.contains("max_loss_share"),
        "{message}"
    );
    h.get_by_label(&message);
}

#[test]
fn clicking_a_unit_opens_its_detail_with_its_tasks() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    h.get_by_label("单位").click();
    h.run_steps(2);
    let first = {
        let mut view = app(&h).ui.units_view.clone();
        let table = &loaded(&h).units;
        let i = view.visible(table)[0];
        table.rows[i].unit.clone()
    };
    assert!(app(&h).ui.units_view.selected.is_none());
    h.get_by_label(&first).click();
    h.run_steps(3);
    assert_eq!(app(&h).ui.units_view.selected.as_deref(), Some(first.as_str()));
    h.get_by_label(&format!("单位详情：{first}"));

    // Its tasks, as the engine lists them, the largest first.
    let detail = satlas::analysis::unit_detail(&loaded(&h).outcome.analysis, &first).unwrap();
    assert!(detail.tasks.height() > 0);
    h.get_by_label(&format!("工作事项（{}）", detail.tasks.height()));
    let task = satlas::analysis::Rows::new(&detail.tasks)
        .unwrap()
        .str(col::TASK, 0)
        .unwrap()
        .to_owned();
    assert!(
        !h.query_all_by_label(&task).collect::<Vec<_>>().is_empty(),
        "{task} shown"
    );
    h.get_by_label_contains("个人饱和度分布");

    h.get_by_label("关闭").click();
    h.run_steps(2);
    assert!(app(&h).ui.units_view.selected.is_none());
}

#[test]
fn a_red_line_unit_in_the_overview_opens_its_detail() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    let unit = loaded(&h)
        .units
        .rows
        .iter()
        .find(|r| {
            r.flags
                .split(';')
                .any(|f| satlas::model::Flag::from_code(f).is_some_and(|f| satlas::model::Flag::RED_LINES.contains(&f)))
        })
        .expect("the sample has red-line units")
        .unit
        .clone();
    // A filter set before does not hide the unit, and none stays behind.
    app_mut(&mut h).ui.units_view.filter = "某个别的单位".into();
    app_mut(&mut h).ui.units_view.band = Some(satlas::model::Band::SevereUnder);
    h.get_by_label(&unit).click();
    h.run_steps(3);
    assert_eq!(app(&h).ui.view, View::Units);
    assert_eq!(app(&h).ui.units_view.selected.as_deref(), Some(unit.as_str()));
    h.get_by_label(&format!("单位详情：{unit}"));
    let view = &app(&h).ui.units_view;
    assert!(view.filter.is_empty() && view.band.is_none(), "no filter left stuck");
    let mut view = view.clone();
    let table = loaded(&h).units.clone();
    assert_eq!(view.visible(&table).len(), table.rows.len(), "every unit listed");
}

#[test]
fn the_units_table_filters_by_department_and_quota_type() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    h.get_by_label("单位").click();
    h.run_steps(2);
    let table = app(&h).run.loaded.as_ref().unwrap().units.clone();
    let total = table.rows.len();
    assert!(table.departments.len() > 1 && table.quota_types.len() > 1);
    // The drop-downs are there, named for screen readers.
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "主管部门");
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "编制类型");

    let department = table.departments[0].clone();
    app_mut(&mut h).ui.units_view.department = Some(department.clone());
    h.run_steps(2);
    let mut view = app(&h).ui.units_view.clone();
    let shown: Vec<usize> = view.visible(&table).to_vec();
    assert!((1..total).contains(&shown.len()), "{} of {total}", shown.len());
    assert!(shown.iter().all(|&i| table.rows[i].department == department));
    h.get_by_label_contains(&format!("{} / {total}", shown.len()));

    // A quota type only some units hold narrows the rest further or keeps them.
    let rare = table
        .quota_types
        .iter()
        .min_by_key(|q| table.rows.iter().filter(|r| r.quota_types.contains(q)).count())
        .unwrap()
        .clone();
    app_mut(&mut h).ui.units_view.department = None;
    app_mut(&mut h).ui.units_view.quota_type = Some(rare.clone());
    h.run_steps(2);
    let mut view = app(&h).ui.units_view.clone();
    let shown: Vec<usize> = view.visible(&table).to_vec();
    assert!((1..total).contains(&shown.len()), "{rare}: {} of {total}", shown.len());
    assert!(shown.iter().all(|&i| table.rows[i].quota_types.contains(&rare)));
}

/// A read that cannot finish until the test lets it: the survey is a named pipe that nothing
/// writes to yet, so the job waits in the read however fast the machine is.
#[cfg(unix)]
#[test]
fn a_long_load_is_cancelled_at_once_and_the_app_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let gate = dir.path().join("调查 管道.csv");
    let made = std::process::Command::new("mkfifo").arg(&gate).status().unwrap();
    assert!(made.success(), "mkfifo");
    let mut sources = sample_files();
    sources.roster = None;
    sources.set_path(TableKind::Survey, gate.clone());

    let mut h = harness(None);
    h.run_steps(1);
    app_mut(&mut h).open(sources);
    // The staffing table is read; then the job waits on the pipe.
    wait_until(&mut h, "the job reads the survey", |a| {
        matches!(
            a.run.status,
            satlas::gui::Status::Working(satlas::gui::jobs::Step::Reading(TableKind::Survey, _))
        )
    });
    assert!(app(&h).is_busy());
    // The status line (and the empty window's middle) show what is being read, and a cancel
    // button.
    assert!(h.get_all_by_label_contains("正在读取").count() >= 1);
    h.get_by_label("取消").click();
    h.run_steps(2);
    assert!(!app(&h).is_busy(), "the window stops waiting at once");
    assert!(matches!(
        app(&h).run.status,
        satlas::gui::Status::Failed(satlas::gui::jobs::Failure::Cancelled)
    ));
    // Open the gate: the abandoned job reads an empty file and ends.
    drop(std::fs::OpenOptions::new().write(true).open(&gate).unwrap());
    assert!(app(&h).run.loaded.is_none());

    // The app goes on: the sample loads afterwards, untouched by the abandoned job.
    app_mut(&mut h).open(sample_files());
    wait_ready(&mut h);
    assert_eq!(app(&h).run.loaded.as_ref().unwrap().units.rows.len(), 66);
}

#[test]
fn a_field_read_on_a_guess_is_said_over_every_view() {
    let dir = tempfile::tempdir().unwrap();
    let staffing = dir.path().join("编制.csv");
    std::fs::write(
        &staffing,
        "单位名称,核定编制数,实有人数\n区财政局,12,10\n区教育局,8,8\n",
    )
    .unwrap();
    // Hours each with no unit in the header and a median of 45: more like minutes.
    let survey = dir.path().join("调查.csv");
    std::fs::write(
        &survey,
        "单位名称,工作事项,周期,频次,每次用时\n区财政局,接待,每周,2,30\n区财政局,审核,每月,1,45\n区教育局,督导,每月,1,60\n",
    )
    .unwrap();
    let mut sources = Sources::default();
    sources.set_path(TableKind::Staffing, staffing);
    sources.set_path(TableKind::Survey, survey);
    let mut h = harness(Some(sources));
    wait_ready(&mut h);
    assert_eq!(app(&h).ui.view, View::Overview);
    h.get_by_label_contains("读取把握较低");
    h.get_by_label_contains("调查.csv · 每次用时（小时）");
    h.get_by_label("查看列对应").click();
    h.run_steps(2);
    assert_eq!(app(&h).ui.view, View::Sources);
    // The mapping view marks the guess beside the field, and the field itself, in view.
    h.get_by_label_contains("低（请核实）");
    let field = h.get_by_label("→ 每次用时（小时）");
    let rect = field.rect();
    assert!(
        rect.min.y >= 0.0 && rect.max.y <= 900.0,
        "the doubtful field is in view: {rect:?}"
    );
}

#[test]
fn a_project_asked_for_at_start_that_cannot_be_opened_leaves_the_window_empty() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    app_mut(&mut h).open_project_at_start(&dir.path().join("没有 这个.satlas"));
    h.run_steps(2);
    assert!(app(&h).run.loaded.is_none(), "no other figures stand beside the error");
    assert!(!app(&h).is_busy());
    let notice = app(&h).run.notice.as_ref().expect("the error is said");
    assert!(!notice.ok && notice.zh.contains("没有 这个.satlas") && notice.zh.contains("找不到文件"));
}

#[test]
fn a_file_that_cannot_be_used_leaves_the_files_shown_and_their_figures() {
    let dir = tempfile::tempdir().unwrap();
    // A picture saved under a workbook's name.
    let fake = dir.path().join("假 表格.xlsx");
    std::fs::write(&fake, b"\x89PNG\r\n\x1a\n not a workbook at all").unwrap();
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    let mut sources = sample_files();
    sources.set_path(TableKind::Staffing, fake);
    app_mut(&mut h).open(sources);
    wait_until(&mut h, "the file is tried", |a| !a.is_busy());
    h.run_steps(2);
    assert!(app(&h).is_ready(), "the figures shown stand, with their findings");
    let notice = app(&h).run.notice.as_ref().expect("the failure is said");
    assert!(
        !notice.ok && notice.zh.contains("假 表格.xlsx") && notice.zh.contains("无法完成"),
        "{}",
        notice.zh
    );
    assert_eq!(
        app(&h).work.sources,
        sample_files(),
        "the files shown are those of the figures"
    );
    assert_eq!(app(&h).run.loaded.as_ref().unwrap().units.rows.len(), 66);
    // The failure names the file it could not use.
    assert!(h.query_all_by_label_contains("假 表格.xlsx").next().is_some());
}

#[test]
fn figures_of_other_files_do_not_stand_under_a_file_that_failed() {
    let dir = tempfile::tempdir().unwrap();
    let staffing = dir.path().join("编制.csv");
    std::fs::write(
        &staffing,
        "单位名称,核定编制数,人员合计\n区财政局,12,10\n区教育局,8,8\n",
    )
    .unwrap();
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    let mut sources = Sources::default();
    sources.set_path(TableKind::Staffing, staffing);
    app_mut(&mut h).open(sources);
    wait_until(&mut h, "the file is tried", |a| !a.is_busy());
    assert!(app(&h).run.loaded.is_none(), "the sample's figures are gone");
    assert_eq!(app(&h).ui.view, View::Sources);
    // The window's sentence leaves out the command-line hint; it offers the choice instead.
    h.get_by_label_contains("请在下表中为缺少的字段选择一列");
    assert!(h.query_all_by_label_contains("--map").next().is_none());
}

#[test]
fn figures_nobody_gave_are_said_over_every_view() {
    let dir = tempfile::tempdir().unwrap();
    let staffing = dir.path().join("编制.csv");
    std::fs::write(&staffing, "单位名称,核定编制数,实有人数\n区财政局,12,10\n区档案馆,8,\n").unwrap();
    let mut sources = Sources::default();
    sources.set_path(TableKind::Staffing, staffing);
    let mut h = harness(Some(sources));
    wait_ready(&mut h);
    h.get_by_label_contains("实有人数未填写");
    h.get_by_label("单位").click();
    h.run_steps(2);
    h.get_by_label_contains("实有人数未填写");
}

/// A system dialog that cannot open (no portal, no zenity): rfd logs both and answers "no
/// file", as it does on Linux without a desktop.
fn no_portal(_: &satlas::gui::dialogs::Request) -> Option<std::path::PathBuf> {
    log::error!(target: "rfd::backend::xdg_desktop_portal", "Failed to connect to session bus");
    log::warn!(target: "rfd::backend::xdg_desktop_portal", "Using zenity fallback");
    log::error!(
        target: "rfd::backend::xdg_desktop_portal",
        "Failed to save file with zenity: No such file or directory (os error 2)"
    );
    None
}

/// A system dialog the person closes after a moment: "no file". Without a portal, zenity
/// opened instead, and only the portal's error is logged: still a cancel.
fn cancelled(_: &satlas::gui::dialogs::Request) -> Option<std::path::PathBuf> {
    log::error!(target: "rfd::backend::xdg_desktop_portal", "Failed to connect to session bus");
    log::warn!(target: "rfd::backend::xdg_desktop_portal", "Using zenity fallback");
    std::thread::sleep(std::time::Duration::from_millis(400));
    None
}

/// A system dialog that answers "no file" at once and logs nothing, as rfd does on Windows
/// when the dialog cannot be created.
fn silent_failure(_: &satlas::gui::dialogs::Request) -> Option<std::path::PathBuf> {
    None
}

#[test]
fn a_file_dialog_that_cannot_open_says_so_and_the_in_app_chooser_writes_the_png() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    let dir = tempfile::tempdir().unwrap();
    h.get_by_label("图表").click();
    h.run_steps(2);

    // Cancelled: nothing happens, and an old message does not stay to look like an answer.
    app_mut(&mut h).ui.dialogs.native = cancelled;
    app_mut(&mut h).ui.charts_view.message = Some((true, "图片已复制".into()));
    h.get_by_label("导出 PNG…").click();
    h.run_steps(2);
    assert!(app(&h).ui.charts_view.message.is_none());
    assert!(!app(&h).ui.dialogs.is_open());
    let notice = app(&h).run.notice.clone().expect("a quiet word, naming the way round");
    assert!(notice.zh.starts_with("未选择文件"), "{notice:?}");

    // Could not open: said in the status line, and the chooser inside the window opens.
    app_mut(&mut h).ui.dialogs.native = no_portal;
    app_mut(&mut h).ui.dialogs.last_folder = Some(dir.path().to_path_buf());
    h.get_by_label("导出 PNG…").click();
    h.run_steps(3);
    let notice = app(&h).run.notice.clone().expect("the failure is said");
    assert!(!notice.ok && notice.zh.contains("系统文件对话框无法打开"), "{notice:?}");
    h.get_by_label("系统文件对话框无法打开，已改用应用内的文件选择窗口（原因见日志）");
    assert!(app(&h).ui.dialogs.is_open() && app(&h).ui.dialogs.in_app_only);

    // Its save button writes the chart where it was opened, under the proposed name.
    h.get_by_label("保存").click();
    h.run_steps(3);
    let written = dir.path().join("各单位饱和度（由高到低）.png");
    assert!(
        written.is_file(),
        "{:?}",
        std::fs::read_dir(dir.path()).unwrap().collect::<Vec<_>>()
    );
    let message = app(&h).ui.charts_view.message.clone().unwrap();
    assert!(message.0 && message.1.contains("已保存"), "{message:?}");
    assert!(!app(&h).ui.dialogs.is_open());

    // Later requests go straight to the chooser: no second failure, no second notice.
    // (A dialog that answers at once without a word is taken for one that never showed.)
    let mut dialogs = satlas::gui::dialogs::Dialogs::default();
    dialogs.native = silent_failure;
    let request = satlas::gui::dialogs::Request {
        purpose: satlas::gui::dialogs::Purpose::ExportPng,
        mode: satlas::gui::dialogs::Mode::Save,
        title: String::new(),
        filters: Vec::new(),
        file_name: None,
        folder: None,
    };
    assert!(matches!(
        dialogs.ask(request, Lang::Zh),
        satlas::gui::dialogs::Asked::InApp { failure: Some(_) }
    ));
    h.get_by_label("导出 PNG…").click();
    h.run_steps(2);
    assert!(app(&h).ui.dialogs.is_open() && app(&h).run.notice.is_none());
    h.get_by_label("取消").click();
    h.run_steps(2);
    assert!(!app(&h).ui.dialogs.is_open());
}

#[test]
fn a_half_typed_parameter_is_never_computed_a_bad_one_is_said_beside_it_and_undo_brings_back_the_last() {
    use egui::accesskit::Role;
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    let computed_days = |h: &Harness<'_, State>| loaded(h).outcome.params.calendar.working_days;
    assert_eq!(computed_days(&h), 248.0);

    // Typing 240 passes through 24: nothing lands, nothing is computed, until Enter.
    // A click selects the value, so typing replaces it.
    h.get_by_role_and_label(Role::SpinButton, "全年工作日（天）").click();
    h.run_steps(2);
    for key in ["2", "4"] {
        h.get_by_role_and_label(Role::SpinButton, "全年工作日（天）")
            .type_text(key);
        h.run_steps(2);
    }
    assert_eq!(app(&h).work.params.calendar.working_days, 248.0, "24 did not land");
    assert!(app(&h).is_ready(), "nothing is computed while typing");
    h.get_by_role_and_label(Role::SpinButton, "全年工作日（天）")
        .type_text("0");
    h.key_press(egui::Key::Enter);
    wait_ready(&mut h);
    assert_eq!(app(&h).work.params.calendar.working_days, 240.0);
    assert_eq!(computed_days(&h), 240.0);

    // Bands that do not increase: said beside the bands in Chinese, nothing recomputed, the
    // figures marked as those of the last valid parameters.
    h.get_by_role_and_label(Role::SpinButton, "不饱和：低于").click();
    h.run_steps(2);
    h.get_by_role_and_label(Role::SpinButton, "不饱和：低于")
        .type_text("1.5");
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    assert_eq!(app(&h).work.params.bands.under_below, 1.5);
    let problem = app(&h).run.param_problem.clone().expect("the bands are refused");
    assert_eq!(problem.group, satlas::model::ParamGroup::Bands);
    h.get_by_label(&problem.zh);
    h.get_by_label(&format!(
        "参数有误，尚未重新计算；以下仍为上一组有效参数的结果：{}",
        problem.zh
    ));
    assert!(app(&h).is_ready());
    assert_eq!(
        loaded(&h).outcome.params.bands.under_below,
        0.8,
        "the figures stay those of valid bands"
    );

    // Ctrl+Z (with no field focused) brings back 0.80 and the problem is gone.
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(app(&h).work.params.bands.under_below, 0.8);
    assert!(app(&h).run.param_problem.is_none());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    h.run_steps(2);
    assert_eq!(app(&h).work.params.bands.under_below, 1.5, "Ctrl+Y redoes");
    // The recomputation Ctrl+Z started ends first, so the click does not race its end: on a
    // loaded machine the click was lost in one run of five.
    wait_ready(&mut h);
    h.get_by_label("撤销").click();
    h.run_steps(2);
    assert_eq!(app(&h).work.params.bands.under_below, 0.8);
    // Undo again: back to 248 days, recomputed.
    wait_ready(&mut h);
    h.get_by_label("撤销").click();
    wait_ready(&mut h);
    assert_eq!(computed_days(&h), 248.0);
}

#[test]
fn the_findings_view_puts_errors_first_and_filters_by_severity_file_and_kind() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    h.get_by_label("发现问题").click();
    h.run_steps(2);
    let findings = app(&h).findings().to_vec();
    let view = app(&h).ui.findings_view.clone();
    let shown = view.visible(&findings);
    assert!(shown.windows(2).all(|w| w[0].severity <= w[1].severity), "errors first");

    // The filters are there, named for screen readers.
    for name in ["全部级别", "全部文件", "全部类型"] {
        h.get_by_role_and_label(egui::accesskit::Role::ComboBox, name);
    }
    let other = shown.iter().find(|f| f.code != "over_hours").unwrap().zh.clone();
    h.get_by_label(&other);

    // The kind filter, shown in words.
    app_mut(&mut h).ui.findings_view.kind = Some("over_hours".into());
    h.run_steps(2);
    assert!(h.query_by_label(&other).is_none(), "other kinds are hidden");
    let view = app(&h).ui.findings_view.clone();
    let shown = view.visible(&findings);
    assert!(!shown.is_empty() && shown.iter().all(|f| f.code == "over_hours"));
    // Each says its year, and the year column shows it; each year counts its own people.
    h.get_by_label(&shown[0].zh);
    assert!(shown[0].zh.starts_with("2025 年，"));
    h.get_by_label("年度");
    let counts: Vec<&str> = shown
        .iter()
        .filter(|f| f.location.row.is_none())
        .map(|f| f.zh.as_str())
        .collect();
    assert_eq!(
        counts,
        [
            "2025 年，共有 269 人填报全年工时超过上限（已列出工时最高的 20 人）。",
            "2024 年，共有 264 人填报全年工时超过上限。",
            "2023 年，共有 224 人填报全年工时超过上限。",
        ]
    );

    // Severity and file filters combine with it.
    app_mut(&mut h).ui.findings_view.severity = Some(satlas::findings::Severity::Info);
    h.run_steps(2);
    let view = app(&h).ui.findings_view.clone();
    assert!(view.visible(&findings).is_empty(), "no over-hours finding is a note");
    h.get_by_label(&format!("显示条数：{}", 0));
}

#[test]
fn the_plan_explains_itself_with_numbers_and_says_what_a_rule_change_did() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    open_plan_view(&mut h);
    assert!(app(&h).run.plan_changes.is_none(), "nothing to compare with yet");

    // Each transfer line: both parties' saturation (and the rest) before → after.
    h.get_by_label_contains("调剂明细").click();
    h.run_steps(3);
    let plan = loaded(&h).outcome.plan.as_ref().unwrap().clone();
    let t = satlas::analysis::Rows::new(&plan.transfers).unwrap();
    let from = t.str(satlas::plan::col::FROM_UNIT, 0).unwrap().to_owned();
    assert!(
        h.query_all_by_label_contains("饱和度 ").count() >= 2,
        "figures under the parties"
    );
    assert!(h.query_all_by_label(&from).count() >= 1, "{from} shown");

    // 东城街道 gains two posts that only regularise its staff over quota: it says so.
    let u = satlas::analysis::Rows::new(&plan.units).unwrap();
    let i = (0..u.height())
        .find(|&i| {
            u.str(satlas::model::col::UNIT, i) == Some("东城街道办事处")
                && u.str(satlas::model::col::QUOTA_TYPE, i) == Some("事业编制")
        })
        .unwrap();
    assert_eq!(u.i64(satlas::plan::col::CHANGE, i), Some(2));
    assert!(
        u.str(satlas::plan::col::REASON, i)
            .unwrap()
            .starts_with("absorbs_over_quota")
    );
    assert_eq!(u.i64(satlas::plan::col::OVER_QUOTA_AFTER, i), Some(0));

    // Protect-need off: overloaded units may give, and that is said above the plan; the
    // recompute says what it changed.
    h.get_by_label("保障工作量所需编制").click();
    wait_ready(&mut h);
    let changes = app(&h).run.plan_changes.clone().expect("the change is compared");
    assert!(!changes.targets.is_empty());
    h.get_by_label_contains("参数或规则改变后，方案已重新计算：调剂总数");
    let new_plan = loaded(&h).outcome.plan.as_ref().unwrap();
    let w = new_plan
        .findings
        .iter()
        .find(|f| f.code == "plan_overloaded_donor")
        .expect("the sample's overloaded donors");
    h.get_by_label(&w.zh);
}

/// The PNG renderer places each glyph's ink where the window does: relative to the line's
/// width, every glyph of a mixed line starts within 1% of where egui's layout puts it (before,
/// "Satlas" came out "Sat las" and a gap opened after each full-width bracket).
#[test]
fn the_png_text_layout_matches_the_window() {
    let ctx = egui::Context::default();
    satlas::gui::fonts::install(&ctx);
    let mut output = ctx.run_ui(Default::default(), |_| {});
    output.textures_delta.clear();
    let text = "Satlas（增加编制）staffing.xlsx · 制图日期 2025";
    let px = 64.0;
    let galley =
        ctx.fonts_mut(|f| f.layout_no_wrap(text.to_owned(), egui::FontId::proportional(px), egui::Color32::BLACK));
    let glyphs = &galley.rows[0].row.glyphs;
    let window: Vec<(char, f32)> = glyphs
        .iter()
        .filter(|g| !g.chr.is_whitespace())
        .map(|g| (g.chr, g.pos.x + g.uv_rect.offset.x))
        .collect();
    let window_width = galley.rows[0].row.size.x;

    // The same text at the size that gives the same width in the PNG renderer.
    let width_at = |size: f32| satlas::charts::text_width(text, size);
    let size = px * window_width / width_at(px);
    let (outlined, png_width) = satlas::charts::layout_text(text, size);
    let png: Vec<f32> = outlined.iter().map(|g| g.px_bounds().min.x).collect();
    assert_eq!(png.len(), window.len(), "one outline per visible glyph");
    let mut compared = 0;
    for (i, ((c, w), p)) in window.iter().zip(&png).enumerate() {
        // The window shapes "ffi" into one ligature: its parts share a place there.
        let ligature = |j: usize| window.get(j).is_some_and(|(_, x)| (x - w).abs() < 1e-3);
        if ligature(i + 1) || (i > 0 && ligature(i - 1)) {
            continue;
        }
        let (w, p) = (w / window_width, p / png_width);
        assert!((w - p).abs() < 0.005, "{c}: window {w:.4}, png {p:.4}");
        compared += 1;
    }
    assert!(compared >= window.len() - 3, "{compared} of {}", window.len());
}

#[test]
fn shortcuts_switch_views_open_the_glossary_and_are_shown_in_the_menu() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    for (i, view) in View::ALL.iter().enumerate() {
        let key = [
            egui::Key::Num1,
            egui::Key::Num2,
            egui::Key::Num3,
            egui::Key::Num4,
            egui::Key::Num5,
            egui::Key::Num6,
            egui::Key::Num7,
        ][i];
        h.key_press_modifiers(egui::Modifiers::COMMAND, key);
        h.run_steps(2);
        assert_eq!(app(&h).ui.view, *view, "Ctrl+{}", i + 1);
    }
    // F1: the glossary, every formula drawn (the harness fails on a glyph no font has).
    h.key_press(egui::Key::F1);
    h.run_steps(3);
    assert!(app(&h).ui.help_open);
    h.get_by_label("术语与公式（F1）");
    h.get_by_label("S = R / A");
    h.get_by_label("½ Σ |E_i / Σ E − need_i / Σ need|");

    // Ctrl+S without a project file asks where to save it.
    app_mut(&mut h).ui.dialogs.in_app_only = true;
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_steps(2);
    assert!(app(&h).ui.dialogs.is_open());
    h.get_by_label("取消").click();
    h.run_steps(2);

    // The menu's entries with keys (the key is drawn beside each entry).
    app_mut(&mut h).ui.help_open = false;
    h.run_steps(2);
    h.get_by_label("项目").click();
    h.run_steps(2);
    for keys in ["Ctrl+S", "Ctrl+E", "Ctrl+O", "F1"] {
        assert!(
            h.query_all_by_label_contains(keys).count() >= 1,
            "{keys} beside its entry"
        );
    }
    h.get_by_label_contains("保存项目");
    h.get_by_label_contains("术语与公式");
}

#[test]
fn the_overview_leads_with_the_headline_and_lists_red_lines_worst_first_with_amounts() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    let data = loaded(&h).overview.clone();
    let codes: Vec<&str> = data.headline.iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes, ["saturation", "idle", "shortage", "recoverable"]);
    assert_eq!(data.bands.len(), 6, "every band counted");
    h.get_by_label("各饱和度区间单位数：");
    // Worst first: every over-quota unit before any other, the largest excess first.
    let first = &data.red_lines[0];
    assert_eq!(first.lines[0].0, satlas::model::Flag::OverQuota);
    let over: Vec<f64> = data
        .red_lines
        .iter()
        .take_while(|u| u.lines[0].0 == satlas::model::Flag::OverQuota)
        .map(|u| u.lines[0].1.unwrap())
        .collect();
    assert!(over.windows(2).all(|w| w[0] >= w[1]), "{over:?}");
    assert!(h.query_all_by_label_contains(&format!("超编 {} 人", over[0])).count() >= 1);

    // Hovering a figure shows its definition and formula.
    h.get_by_label("饱和度").hover();
    // Past the tooltip's delay (half a second).
    h.run_steps(60);
    h.get_by_label_contains("S = R / A");

    // Every figure shown has its definition (and formula) for the hover.
    let codes = data.headline.iter().chain(&data.figures).map(|f| f.code.as_str());
    let columns = satlas::gui::views::units::NUMERIC.iter().map(|(c, _)| *c);
    for code in codes.chain(columns) {
        assert!(satlas::gui::glossary::entry(code).is_some(), "{code} has no definition");
    }
}

/// The text a frame put on the clipboard, if any.
fn copied(h: &Harness<'_, State>) -> Option<String> {
    h.output().platform_output.commands.iter().find_map(|c| match c {
        egui::OutputCommand::CopyText(t) => Some(t.clone()),
        _ => None,
    })
}

#[test]
fn the_table_shown_copies_for_excel_with_its_header_and_only_the_rows_shown() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    h.get_by_label("单位").click();
    h.run_steps(2);
    let table = loaded(&h).units.clone();
    let department = table.departments[0].clone();
    app_mut(&mut h).ui.units_view.department = Some(department.clone());
    h.run_steps(2);
    let shown = app(&h).ui.units_view.clone().visible(&table).len();

    h.get_by_label_contains("复制表格").click();
    h.step();
    let text = copied(&h).expect("the button copies");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), shown + 1, "a header and the rows shown");
    let header: Vec<&str> = lines[0].split('\t').collect();
    assert_eq!(&header[..2], ["单位名称", "主管部门"]);
    assert!(
        lines[1..]
            .iter()
            .all(|l| l.split('\t').nth(1) == Some(department.as_str()))
    );
    h.run_steps(2);
    assert!(
        app(&h)
            .run
            .notice
            .as_ref()
            .is_some_and(|n| n.ok && n.zh.contains(&format!("{shown} 行")))
    );

    // Ctrl+C with no text field focused copies it too.
    h.event(egui::Event::Copy);
    h.step();
    assert_eq!(copied(&h).as_deref(), Some(text.as_str()));
}

#[test]
fn a_survey_unit_spelt_otherwise_is_matched_in_the_app_and_the_match_is_saved() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    let unmatched = loaded(&h).outcome.analysis.unmatched.clone();
    let typo = unmatched
        .iter()
        .find(|u| u.unit == "区挡案馆")
        .expect("the sample's misspelt unit");
    assert_eq!(typo.closest.as_deref(), Some("区档案馆"));
    let surveyed = |h: &Harness<'_, State>| {
        let units = &loaded(h).outcome.analysis.units;
        let r = satlas::analysis::Rows::new(units).unwrap();
        (0..r.height())
            .find(|&i| r.str(col::UNIT, i) == Some("区档案馆"))
            .and_then(|i| r.bool(col::HAS_SURVEY, i))
    };
    assert_eq!(surveyed(&h), Some(false));

    h.get_by_label("数据源").click();
    h.run_steps(2);
    h.get_by_label("名称不一致的单位");
    h.get_by_label("对应").click();
    wait_ready(&mut h);
    assert!(
        loaded(&h)
            .outcome
            .analysis
            .unmatched
            .iter()
            .all(|u| u.unit != "区挡案馆")
    );
    assert_eq!(surveyed(&h), Some(true), "its tasks now count for 区档案馆");
    let project = app(&h).project();
    let aliases = &project.sources.survey.as_ref().unwrap().options.aliases;
    assert_eq!(aliases.get("区挡案馆").map(String::as_str), Some("区档案馆"));
    assert!(loaded(&h).outcome.findings.iter().any(|f| f.code == "unit_alias"));

    // Undone in one click.
    h.get_by_label("取消对应").click();
    wait_ready(&mut h);
    assert_eq!(surveyed(&h), Some(false));
}

#[test]
fn a_dragged_parameter_is_undone_to_where_the_drag_started() {
    use egui::accesskit::Role;
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    let field = h.get_by_role_and_label(Role::SpinButton, "全年工作日（天）");
    let at = field.rect().center();
    // Press, move right over several frames (the value changes each frame), release.
    h.event(egui::Event::PointerMoved(at));
    h.event(egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Default::default(),
    });
    h.step();
    for dx in [10.0, 20.0, 30.0, 40.0] {
        h.event(egui::Event::PointerMoved(at + egui::vec2(dx, 0.0)));
        h.step();
    }
    h.event(egui::Event::PointerButton {
        pos: at + egui::vec2(40.0, 0.0),
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Default::default(),
    });
    h.run_steps(2);
    let dragged = app(&h).work.params.calendar.working_days;
    assert!(dragged > 248.0, "the drag moved the value: {dragged}");
    wait_ready(&mut h);
    app_mut(&mut h).undo_params();
    h.run_steps(2);
    assert_eq!(
        app(&h).work.params.calendar.working_days,
        248.0,
        "back to where the drag started"
    );
}

#[test]
fn a_file_opened_again_from_the_recent_list_keeps_the_choices_made_for_it() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    let staffing = sample_files().staffing.unwrap().path;
    let mut sources = sample_files();
    sources.staffing.as_mut().unwrap().options.sheet = Some("编制情况".into());
    app_mut(&mut h).open(sources);
    wait_ready(&mut h);
    // Another staffing file, then the first one again from the recent list.
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("其他编制.csv");
    std::fs::write(&other, "单位名称,核定编制数,实有人数\n区财政局,12,10\n").unwrap();
    app_mut(&mut h).open_file(TableKind::Staffing, other);
    wait_ready(&mut h);
    assert_eq!(app(&h).work.sources.staffing.as_ref().unwrap().options.sheet, None);
    app_mut(&mut h).open_file(TableKind::Staffing, staffing);
    wait_ready(&mut h);
    let options = &app(&h).work.sources.staffing.as_ref().unwrap().options;
    assert_eq!(options.sheet.as_deref(), Some("编制情况"), "the sheet chosen before");
}

/// The workload method is chosen in the parameters panel: the figures then come from the
/// standards × volumes, the overview says so, and a unit's detail lists its activities.
#[test]
fn the_method_switch_feeds_the_figures_from_the_standards() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    assert!(
        loaded(&h).outcome.analysis.standards.is_some(),
        "the sample has standards"
    );
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "工作量方法")
        .click();
    h.run_steps(2);
    h.get_by_label("工作标准 × 业务量").click();
    wait_until(&mut h, "the standards method computed", |a| {
        a.is_ready()
            && a.run
                .loaded
                .as_ref()
                .is_some_and(|l| l.outcome.params.method == WorkloadMethod::Standards)
    });
    h.get_by_label_contains("工作量来源：工作标准 × 业务量");
    // The units' saturation is the standards' own: R_std / A, unit by unit.
    let a = &loaded(&h).outcome.analysis;
    let rows = satlas::analysis::Rows::new(&a.units).unwrap();
    let mut compared = 0;
    for i in 0..rows.height() {
        if let (Some(s), Some(s_std)) = (rows.f64(col::SATURATION, i), rows.f64(col::SATURATION_STD, i)) {
            assert!((s - s_std).abs() < 1e-9, "{:?}: {s} vs {s_std}", rows.str(col::UNIT, i));
            compared += 1;
        }
    }
    assert!(compared > 50, "{compared}");
    // The unit without volumes is unknown, and said over every view.
    h.get_by_label_contains("没有业务量");
    // A unit's detail lists its activities with volume, standard and hours.
    h.get_by_label("单位").click();
    h.run_steps(2);
    let unit = loaded(&h).units.rows[0].unit.clone();
    app_mut(&mut h).ui.units_view.show_unit(&unit);
    h.run_steps(3);
    h.get_by_label_contains(&format!("单位详情：{unit}"));
    h.get_by_label_contains("工作活动（按标准）");
    h.get_by_label_contains("年业务量");
}

/// A survey task that meets no activity is matched to one by hand in the sources view: the
/// match is a parameter, and the comparison by activity then takes the task in.
#[test]
fn a_task_named_otherwise_is_matched_to_an_activity() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    let std = loaded(&h)
        .outcome
        .analysis
        .standards
        .clone()
        .expect("the sample has standards");
    let task = std
        .unmatched_tasks
        .first()
        .expect("the sample has a task without an activity")
        .task
        .clone();
    // The activity the survey calls otherwise: the one no survey task is named.
    let surveyed = loaded(&h)
        .outcome
        .analysis
        .tasks
        .column(col::TASK)
        .unwrap()
        .str()
        .unwrap()
        .clone();
    let named: std::collections::HashSet<&str> = surveyed.iter().flatten().collect();
    let activity = std
        .activity_names
        .iter()
        .find(|a| !named.contains(a.as_str()))
        .unwrap()
        .clone();
    // The drop-down offers the activities of the task's own units, this one among them.
    let offered = &std.unmatched_tasks.iter().find(|u| u.task == task).unwrap().activities;
    assert!(offered.contains(&activity) && offered.len() <= std.activity_names.len());
    let before = std.by_activity.height();
    h.get_by_label("数据源").click();
    h.run_steps(2);
    h.get_by_label("名称不一致的工作事项");
    // The drop-down lists every activity (too long to click through here): chosen as it does.
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, &format!("{task} → 选择工作活动"));
    app_mut(&mut h).ui.activity_names_view.choose(&task, &activity);
    h.run_steps(2);
    h.get_by_label(&format!("对应 {task}")).click();
    wait_until(&mut h, "recomputed with the match", |a| {
        a.is_ready()
            && a.run
                .loaded
                .as_ref()
                .is_some_and(|l| l.outcome.params.activity_names.contains_key(&task))
    });
    let after = loaded(&h).outcome.analysis.standards.as_ref().unwrap();
    assert!(
        after.by_activity.height() > before,
        "{before} → {}",
        after.by_activity.height()
    );
    assert!(!after.unmatched_tasks.iter().any(|u| u.task == task));
    h.get_by_label_contains(&task);
}

#[test]
fn an_allowance_line_added_starts_at_the_total_it_replaces_and_a_removed_one_is_gone() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    let share = 0.15;
    app_mut(&mut h).work.params.allowances.category_share = share;
    app_mut(&mut h).work.params.allowances.individual_hours = 40.0;
    let (caf, iaf) = (app(&h).work.params.caf(), app(&h).work.params.iaf());
    // The lists sit low in the side panel: bring each button into view before pressing it.
    let press = |h: &mut Harness<'_, State>, label: &str, which: usize| {
        h.get_all_by_label(label).nth(which).expect(label).scroll_to_me();
        h.run_steps(3);
        h.get_all_by_label(label).nth(which).expect(label).click();
        h.run_steps(3);
    };
    let add = |h: &mut Harness<'_, State>, which: usize| press(h, "＋ 添加一项", which);
    add(&mut h, 0);
    add(&mut h, 0);
    add(&mut h, 1);
    let a = &app(&h).work.params.allowances;
    let percents: Vec<f64> = a.category.iter().map(|l| l.percent).collect();
    assert_eq!(percents, [share * 100.0, 0.0], "only the first line takes the total");
    assert_eq!(a.individual.len(), 1);
    assert_eq!((a.individual[0].hours_per_person, a.individual[0].persons), (40.0, 1.0));
    assert!(
        (app(&h).work.params.caf() - caf).abs() < 1e-12,
        "the figures do not move"
    );
    assert!(
        (app(&h).work.params.iaf() - iaf).abs() < 1e-9,
        "nor the individual ones"
    );
    press(&mut h, "×", 0);
    assert_eq!(app(&h).work.params.allowances.category.len(), 1);
}

/// A task's hours in a unit, by the analysis given.
fn unit_workload(a: &satlas::analysis::Analysis, unit: &str) -> f64 {
    let r = satlas::analysis::Rows::new(&a.units).unwrap();
    (0..r.height())
        .find(|&i| r.str(col::UNIT, i) == Some(unit))
        .and_then(|i| r.f64(col::WORKLOAD_REPORTED, i))
        .unwrap()
}

/// 复制为新方案 makes scenario 2 from the current rules; its rule and a task moved are edited
/// in the view; the comparison follows (the donor loses exactly the task's hours, the pool is
/// kept); the side-by-side and the chart draw; the project keeps the scenario when saved and
/// opened again.
#[test]
fn a_scenario_copied_edited_compared_and_kept_with_the_project() {
    use satlas::scenario::Change;
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    h.get_by_label("方案比较").click();
    h.run_steps(2);
    h.get_by_label("复制为新方案").click();
    wait_ready(&mut h);
    assert_eq!(app(&h).work.scenarios.len(), 1);
    h.get_by_label("本方案的规则").click();
    h.run_steps(2);
    h.get_by_label("最大余数法").click();
    h.run_steps(1);
    h.get_by_label("＋ 划转事项").click();
    wait_ready(&mut h);
    let s = app(&h).work.scenarios[0].clone();
    assert_eq!(s.params.plan.method, satlas::model::plan::Method::Hamilton);
    assert_eq!(
        app(&h).work.params.plan.method,
        satlas::model::plan::Method::Webster,
        "the current rules stay"
    );
    let Change::Move {
        task, from, to, share, ..
    } = s.changes[0].clone()
    else {
        panic!("a move: {:?}", s.changes)
    };
    assert_eq!(share, 1.0);
    let loaded = app(&h).run.loaded.as_ref().unwrap();
    let comparison = loaded.outcome.what_if.as_ref().unwrap().comparison.as_ref().unwrap();
    let (base, moved) = (&comparison.outcomes[0], &comparison.outcomes[1]);
    let tasks = satlas::analysis::Rows::new(&base.analysis.tasks).unwrap();
    let hours: f64 = (0..tasks.height())
        .filter(|&i| tasks.str(col::UNIT, i) == Some(from.as_str()) && tasks.str(col::TASK, i) == Some(task.as_str()))
        .filter_map(|i| tasks.f64(col::ANNUAL_HOURS, i))
        .sum();
    assert!(hours > 0.0);
    let lost = unit_workload(&base.analysis, &from) - unit_workload(&moved.analysis, &from);
    let gained = unit_workload(&moved.analysis, &to) - unit_workload(&base.analysis, &to);
    assert!(
        (lost - hours).abs() < 1e-6 && (gained - hours).abs() < 1e-6,
        "{lost} {gained} {hours}"
    );
    let pool = |o: &satlas::scenario::compare::Outcome| {
        let p = o.plan.as_ref().unwrap();
        let r = satlas::analysis::Rows::new(&p.units).unwrap();
        (0..r.height())
            .filter_map(|i| r.f64(satlas::model::plan::col::TARGET, i))
            .sum::<f64>()
    };
    assert_eq!(pool(base), pool(moved), "the pool is kept");
    // Side by side, and the chart, draw.
    h.get_by_label("两方案对比").click();
    h.run_steps(3);
    h.get_by_label("差额");
    h.get_by_label("各方案增减图").click();
    h.run_steps(3);
    h.get_by_label("方案比较：各方案下各单位编制增减");

    let dir = tempfile::tempdir().unwrap();
    // The report carries the scenarios' sheets.
    let report = dir.path().join("方案 报告.xlsx");
    h.state_mut().as_mut().unwrap().export_report(&report);
    assert!(
        app(&h).run.notice.as_ref().is_some_and(|n| n.ok),
        "{:?}",
        app(&h).run.notice
    );
    let sheets = satlas::export::read_report_xlsx(&report).unwrap();
    for key in ["scenarios", "scenario_effects", "scenario_transfers"] {
        assert!(sheets.iter().any(|(k, f)| k == key && f.height() > 0), "{key}");
    }
    let file = dir.path().join("方案 项目.satlas");
    h.state_mut().as_mut().unwrap().save_project(&file);
    assert!(
        app(&h).run.notice.as_ref().is_some_and(|n| n.ok),
        "{:?}",
        app(&h).run.notice
    );
    let mut again = harness(None);
    again.step();
    again.state_mut().as_mut().unwrap().open_project(&file);
    wait_ready(&mut again);
    let back = &app(&again).work.scenarios;
    assert_eq!(back.len(), 1);
    assert_eq!((back[0].name.as_str(), &back[0].params), (s.name.as_str(), &s.params));
    assert!(
        matches!(&back[0].changes[..], [Change::Move { task: t, from: f, to: o, .. }] if *t == task && *f == from && *o == to)
    );
    assert!(app(&again).run.loaded.as_ref().unwrap().outcome.what_if.is_some());
}

/// 项目 › 导入方案文件: a scenario file that projects over years is added and its projection
/// drawn; a file with an error is refused, naming its line, and nothing is added.
#[test]
fn a_scenario_file_imported_projects_and_a_bad_one_is_refused_by_line() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("坏 方案.toml");
    std::fs::write(&bad, "[[grow]]\nall = true\nfactor = -1\n").unwrap();
    h.state_mut().as_mut().unwrap().import_scenario(&bad);
    let notice = app(&h).run.notice.clone().unwrap();
    assert!(!notice.ok && notice.zh.contains("坏 方案.toml 第 3 行"), "{notice:?}");
    assert!(app(&h).work.scenarios.is_empty());

    let good = dir.path().join("预测.toml");
    std::fs::write(
        &good,
        "name = \"三年增长\"\n[[grow]]\nall = true\nyears = [2026, 2027, 2028]\nfactor = [1.05, 1.1, 1.2]\n",
    )
    .unwrap();
    h.state_mut().as_mut().unwrap().import_scenario(&good);
    wait_ready(&mut h);
    assert_eq!(app(&h).ui.view, View::Scenarios);
    let loaded = app(&h).run.loaded.as_ref().unwrap();
    let projections = &loaded.outcome.what_if.as_ref().unwrap().projections;
    assert!(matches!(&projections[..], [(name, Ok((_, years)))] if name == "三年增长" && *years == [2026, 2027, 2028]));
    h.get_by_label("工作量预测").click();
    h.run_steps(3);
    h.get_by_label("工作量预测：逐年应需人数（三年增长）");
}

/// 项目 › 生成调查表 writes a form per unit into a new folder; the forms, filled and returned,
/// open as a folder: the sources view says who returned and whom to chase, and the figures are
/// those of the returned rows.
#[test]
fn forms_written_from_the_app_come_back_as_a_folder_with_the_returns_shown() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    let dir = tempfile::tempdir().unwrap();
    app_mut(&mut h).ui.template_form.deadline = "2026年1月15日".into();
    app_mut(&mut h).write_forms(dir.path());
    let start = Instant::now();
    while app(&h).run.notice.is_none() {
        assert!(start.elapsed() < Duration::from_secs(60), "the forms were not written");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    let notice = app(&h).run.notice.clone().unwrap();
    assert!(
        notice.ok && notice.zh.contains("已生成 66 个单位的调查表"),
        "{notice:?}"
    );
    let forms = std::fs::read_dir(dir.path()).unwrap().next().unwrap().unwrap().path();
    assert_eq!(std::fs::read_dir(&forms).unwrap().count(), 66);

    // The sample's survey, returned as filled forms by all but one unit.
    let d = satlas::generate::sample_district();
    let mut returned = satlas::generate::returned_forms(&d, 2025);
    let missing = returned.remove(0).name;
    let opts = satlas::template::TemplateOptions {
        lang: Lang::Zh,
        year: 2025,
        deadline: None,
        contact: None,
    };
    let folder = dir.path().join("回收");
    satlas::template::write_per_unit(&folder, &returned, &[], &opts).unwrap();
    let survey = app(&h).work.sources.survey.clone().unwrap().path;
    app_mut(&mut h).open_file(TableKind::Survey, folder.clone());
    wait_ready(&mut h);
    let loaded = app(&h).run.loaded.as_ref().unwrap();
    let returns = loaded.returns.as_ref().expect("the returns");
    assert!(returns.chase.iter().any(|c| c.unit == missing), "{:?}", returns.chase);
    h.get_by_label("数据源").click();
    h.run_steps(3);
    h.get_by_label("调查表回收情况");
    assert!(
        h.query_all_by_label(&missing).next().is_some(),
        "{missing} listed to chase"
    );
    // The figures of the units that returned are those of the survey file.
    let by_folder = unit_workloads(&app(&h).run.loaded.as_ref().unwrap().outcome.analysis);
    app_mut(&mut h).open_file(TableKind::Survey, survey);
    wait_ready(&mut h);
    let by_file = unit_workloads(&app(&h).run.loaded.as_ref().unwrap().outcome.analysis);
    for f in &returned {
        let (a, b) = (by_folder[&f.name], by_file[&f.name]);
        assert!(
            a.zip(b).is_some_and(|(a, b)| (a - b).abs() < 1e-6),
            "{}: {a:?} vs {b:?}",
            f.name
        );
    }
    assert_eq!(by_folder[&missing], None);
}

fn unit_workloads(a: &satlas::analysis::Analysis) -> std::collections::BTreeMap<String, Option<f64>> {
    let r = satlas::analysis::Rows::new(&a.units).unwrap();
    (0..r.height())
        .map(|i| {
            (
                r.str(col::UNIT, i).unwrap().to_owned(),
                r.f64(col::WORKLOAD_REPORTED, i),
            )
        })
        .collect()
}

/// Dropping a folder opens it as the survey's returns; dropping several survey files at once
/// is refused with what to do instead, and the survey read stays as it was.
#[test]
fn a_dropped_folder_is_the_returns_and_several_surveys_dropped_are_refused() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    let before = app(&h).work.sources.survey.clone();
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("调查表甲.xlsx"), dir.path().join("调查表乙.xlsx"));
    std::fs::copy(before.as_ref().unwrap().path.clone(), &a).unwrap();
    std::fs::copy(&a, &b).unwrap();
    for p in [&a, &b] {
        h.input_mut()
            .dropped_files
            .push(std::sync::Arc::new(Dropped(p.clone())));
    }
    h.run_steps(2);
    let notice = app(&h).run.notice.clone().unwrap();
    assert!(!notice.ok && notice.zh.contains("放在一个文件夹中"), "{notice:?}");
    assert_eq!(app(&h).work.sources.survey, before);

    let d = satlas::generate::sample_district();
    let forms = satlas::generate::returned_forms(&d, 2025);
    let opts = satlas::template::TemplateOptions {
        lang: Lang::Zh,
        year: 2025,
        deadline: None,
        contact: None,
    };
    let folder = dir.path().join("回收");
    satlas::template::write_per_unit(&folder, &forms, &[], &opts).unwrap();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(folder.clone())));
    h.run_steps(1);
    wait_ready(&mut h);
    assert_eq!(
        app(&h).work.sources.survey.as_ref().map(|s| s.path.clone()),
        Some(folder)
    );
    assert!(app(&h).run.loaded.as_ref().unwrap().returns.is_some());
}

/// A file or folder dropped on the window, as the platform hands it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// A parameter edit on the same inputs shows its tables first and its charts after: the chart
/// shown meanwhile is the one before, marked, and whatever leaves the window (a file, the
/// clipboard) is of the new figures; then the new charts come, every one as built from the
/// result.
#[test]
fn an_edit_shows_its_tables_then_its_charts_and_never_exports_a_chart_of_before() {
    use satlas::charts::ChartKind;
    use satlas::gui::views::charts::build_spec;
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    h.state_mut().as_mut().unwrap().ui.view = View::Charts;
    h.run_steps(2);
    let loaded = app(&h).run.loaded.as_ref().unwrap();
    let before = loaded.charts_data().specs[0].clone();
    let before_outcome = std::sync::Arc::clone(&loaded.outcome);

    let state = h.state_mut().as_mut().unwrap();
    state.work.params.bands.severe_under_below = 0.75;
    state.work.params.bands.under_below = 0.95;
    state.recompute();
    let start = Instant::now();
    while !app(&h).tables_ready() {
        assert!(start.elapsed() < Duration::from_secs(60), "{:?}", app(&h).run.status);
        std::thread::sleep(Duration::from_millis(2));
        h.step();
    }
    let loaded = app(&h).run.loaded.as_ref().unwrap();
    assert_eq!(
        loaded.outcome.params.bands.under_below, 0.95,
        "the tables are of the edit"
    );
    let fresh = build_spec(&loaded.outcome, ChartKind::ALL[0], Lang::Zh);
    assert_ne!(fresh, before, "the edit changes the first chart");

    // While its charts are built, a chart leaving the window is built from the result in hand.
    let mut view = satlas::gui::views::charts::ChartsView::default();
    let old = satlas::gui::views::charts::ChartsData {
        pending: false,
        specs: std::slice::from_ref(&before),
        specs_lang: Lang::Zh,
        outcome: &before_outcome,
    };
    assert_eq!(view.spec(old, Lang::Zh), &before);
    let pending = satlas::gui::views::charts::ChartsData {
        pending: true,
        specs: &[],
        ..loaded.charts_data()
    };
    let dir = tempfile::tempdir().unwrap();
    view.export_png(pending, Lang::Zh, &dir.path().join("图"))
        .expect("the chart is written");
    assert_eq!(view.spec(pending, Lang::Zh), &fresh, "the export is of the new figures");

    // Then the charts come, each as built from the result.
    let start = Instant::now();
    while !app(&h).is_ready() {
        assert!(start.elapsed() < Duration::from_secs(60), "the charts did not come");
        std::thread::sleep(Duration::from_millis(5));
        h.step();
    }
    let loaded = app(&h).run.loaded.as_ref().unwrap();
    assert!(!loaded.charts_pending);
    for (kind, spec) in ChartKind::ALL.iter().zip(loaded.charts.iter()) {
        assert_eq!(spec, &build_spec(&loaded.outcome, *kind, Lang::Zh), "{kind:?}");
    }
    h.run_steps(2);
    let shown = h.state_mut().as_mut().unwrap();
    let data = shown.run.loaded.as_ref().unwrap().charts_data();
    assert_eq!(
        shown.ui.charts_view.spec(data, Lang::Zh),
        &fresh,
        "the view shows the new chart"
    );
}

#[test]
fn the_in_app_chooser_opens_a_typed_name_with_its_button_and_says_a_name_that_is_not_there() {
    use egui::accesskit::Role;
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("我的 编制表.xlsx");
    std::fs::copy(sample_files().staffing.unwrap().path, &copy).unwrap();
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    app_mut(&mut h).ui.dialogs.in_app_only = true;
    app_mut(&mut h).ui.dialogs.last_folder = Some(dir.path().to_path_buf());
    let type_name = |h: &mut Harness<'_, State>, name: &str| {
        h.get_by_label("打开编制情况表…").click();
        h.run_steps(3);
        assert!(app(h).ui.dialogs.is_open());
        // The name field is the chooser's last line of text (the folder's path is the first).
        h.query_all_by_role(Role::TextInput)
            .last()
            .expect("the name field")
            .click();
        h.run_steps(2);
        h.query_all_by_role(Role::TextInput).last().unwrap().type_text(name);
        h.run_steps(2);
        // The button, not Enter: it used to be lit by a typed name and do nothing.
        h.get_by_label("打开").click();
        h.run_steps(3);
        assert!(!app(h).ui.dialogs.is_open(), "the button answered");
    };

    type_name(&mut h, "我的 编制表.xlsx");
    wait_until(&mut h, "the typed file is read", |a| !a.is_busy());
    let opened = app(&h).work.sources.staffing.as_ref().map(|s| s.path.clone());
    assert_eq!(opened.as_deref(), Some(copy.as_path()));
    assert!(app(&h).is_ready());

    // A file's whole path typed in the folder field, from another folder: the chooser goes to
    // its folder with its name, and the button opens it.
    let other = dir.path().join("另一个 文件夹");
    std::fs::create_dir(&other).unwrap();
    let second = other.join("第二 表.xlsx");
    std::fs::copy(&copy, &second).unwrap();
    app_mut(&mut h).ui.dialogs.last_folder = Some(dir.path().to_path_buf());
    h.get_by_label("打开编制情况表…").click();
    h.run_steps(3);
    h.query_all_by_role(Role::TextInput)
        .next()
        .expect("the folder field")
        .click();
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.query_all_by_role(Role::TextInput)
        .next()
        .unwrap()
        .type_text(second.to_str().unwrap());
    h.run_steps(2);
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    assert!(app(&h).ui.dialogs.is_open(), "the chooser waits for the button");
    h.get_by_label("打开").click();
    h.run_steps(3);
    wait_until(&mut h, "the file named by its path is read", |a| !a.is_busy());
    let opened = app(&h).work.sources.staffing.as_ref().map(|s| s.path.clone());
    assert_eq!(opened.as_deref(), Some(second.as_path()));

    // A folder's name and the button: the chooser goes into the folder.
    app_mut(&mut h).ui.dialogs.last_folder = Some(dir.path().to_path_buf());
    h.get_by_label("打开编制情况表…").click();
    h.run_steps(3);
    h.query_all_by_role(Role::TextInput).last().unwrap().click();
    h.run_steps(2);
    h.query_all_by_role(Role::TextInput)
        .last()
        .unwrap()
        .type_text("另一个 文件夹");
    h.run_steps(2);
    h.get_by_label("打开").click();
    h.run_steps(3);
    assert!(app(&h).ui.dialogs.is_open(), "a folder is gone into, not read");
    let folder = h.query_all_by_role(Role::TextInput).next().unwrap().value();
    assert!(folder.is_some_and(|f| f.ends_with("另一个 文件夹")), "in the folder");
    h.get_by_label("取消").click();
    h.run_steps(2);
    app_mut(&mut h).ui.dialogs.last_folder = Some(dir.path().to_path_buf());

    // A name that is not there is said, and the figures shown stay.
    type_name(&mut h, "没有 这个.xlsx");
    wait_until(&mut h, "the typed file is tried", |a| !a.is_busy());
    let notice = app(&h).run.notice.clone().expect("the failure is said");
    assert!(!notice.ok && notice.zh.contains("没有 这个.xlsx"), "{notice:?}");
    assert_eq!(
        app(&h)
            .work
            .sources
            .staffing
            .as_ref()
            .map(|s| s.path.clone())
            .as_deref(),
        Some(second.as_path())
    );
}

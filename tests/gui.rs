#![cfg(feature = "gui")]
//! The desktop app, driven headlessly with egui_kittest (no GPU, no system fonts: the bundled
//! CJK font must cover every character drawn, or the harness panics).

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use satlas::gui::{Files, SatlasApp, View, sample_files_in};
use satlas::ingest::{self, Inputs, LoadOptions, TableKind};
use satlas::model::col;
use satlas::{Lang, Params};
use std::path::Path;
use std::time::{Duration, Instant};

type State = Option<SatlasApp>;

fn sample_files() -> Files {
    sample_files_in(&Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")).expect("sample-data/staffing.xlsx")
}

/// A harness whose app is created in its first frame, on the harness's own context.
fn harness(files: Option<Files>) -> Harness<'static, State> {
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
            app(h).status
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
    let load = |p: &Option<std::path::PathBuf>, kind| {
        p.as_ref()
            .map(|p| ingest::load(p, kind, &LoadOptions::default()).expect("sample loads"))
    };
    let inputs = Inputs {
        staffing: load(&files.staffing, TableKind::Staffing),
        roster: load(&files.roster, TableKind::Roster),
        survey: load(&files.survey, TableKind::Survey),
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
    assert_eq!(app(&h).view, View::Overview);
    // The labels of the key figures, in Chinese by default.
    for code in [col::UNITS, col::APPROVED, col::ACTUAL, col::SATURATION] {
        h.get_by_label(&satlas::report::metric_label(code, Lang::Zh));
    }
    // The figures are the engine's: approved quota and units, as the overview formats them.
    let approved = engine_summary_value(col::APPROVED).expect("approved in the summary");
    h.get_by_label(&satlas::gui::views::fmt_num(Some(approved), 1));
    let units = engine_summary_value(col::UNITS).expect("units in the summary");
    assert!(units > 0.0);
    assert_eq!(app(&h).loaded.as_ref().unwrap().units.rows.len(), units as usize);
}

#[test]
fn switching_views_works() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    for (label, view) in [
        ("单位", View::Units),
        ("图表", View::Charts),
        ("调整方案", View::Plan),
        ("发现问题", View::Findings),
        ("总览", View::Overview),
    ] {
        h.get_by_label(label).click();
        h.run_steps(2);
        assert_eq!(app(&h).view, view, "after clicking {label}");
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
    assert_eq!(app(&h).lang, Lang::En);
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
    let total = app(&h).loaded.as_ref().unwrap().units.rows.len();
    h.get_by_label_contains(&format!("{total} / {total}"));

    // Type the first unit's name into the filter.
    let first = app(&h).loaded.as_ref().unwrap().units.rows[0].unit.clone();
    let filter = h.get_by_role(egui::accesskit::Role::TextInput);
    filter.focus();
    h.run_steps(1);
    h.get_by_role(egui::accesskit::Role::TextInput).type_text(&first);
    h.run_steps(2);
    let mut view = app(&h).units_view.clone();
    let shown = view.visible_count(&app(&h).loaded.as_ref().unwrap().units);
    assert!(
        (1..total).contains(&shown),
        "{shown} of {total} rows after filtering on {first}"
    );
    h.get_by_label_contains(&format!("{shown} / {total}"));
    assert_eq!(app(&h).units_view.filter, first);
}

#[test]
fn a_parameter_change_recomputes_in_the_background() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    let before = app(&h).loaded.as_ref().unwrap().outcome.analysis.available_hours;
    h.state_mut().as_mut().unwrap().params.calendar.hours_per_day = 7.0;
    h.state_mut().as_mut().unwrap().recompute();
    assert!(app(&h).is_busy());
    wait_ready(&mut h);
    let after = app(&h).loaded.as_ref().unwrap().outcome.analysis.available_hours;
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

fn loaded<'h>(h: &'h Harness<'_, State>) -> &'h satlas::gui::app::Loaded {
    app(h).loaded.as_ref().expect("a result is shown")
}

fn open_plan_view(h: &mut Harness<'_, State>) {
    h.get_by_label("调整方案").click();
    h.run_steps(3);
    assert_eq!(app(h).view, View::Plan);
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
    h.get_by_label_contains("调整后饱和度");
}

#[test]
fn a_rule_change_recomputes_the_plan() {
    let mut h = harness(Some(sample_files()));
    wait_ready(&mut h);
    open_plan_view(&mut h);
    assert_eq!(loaded(&h).outcome.params.plan.method, satlas::plan::Method::Webster);
    h.get_by_label("最大余数法").click();
    h.run_steps(1);
    assert_eq!(app(&h).params.plan.method, satlas::plan::Method::Hamilton);
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
    app_mut.params.plan.reserve.insert("行政编制".to_owned(), 200);
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
        let mut view = app(&h).units_view.clone();
        let table = &loaded(&h).units;
        let i = view.visible(table)[0];
        table.rows[i].unit.clone()
    };
    assert!(app(&h).units_view.selected.is_none());
    h.get_by_label(&first).click();
    h.run_steps(3);
    assert_eq!(app(&h).units_view.selected.as_deref(), Some(first.as_str()));
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
    assert!(app(&h).units_view.selected.is_none());
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
                .any(|f| satlas::gui::views::overview::RED_LINE_FLAGS.contains(&f))
        })
        .expect("the sample has red-line units")
        .unit
        .clone();
    h.get_by_label(&unit).click();
    h.run_steps(3);
    assert_eq!(app(&h).view, View::Units);
    assert_eq!(app(&h).units_view.selected.as_deref(), Some(unit.as_str()));
    h.get_by_label(&format!("单位详情：{unit}"));
}

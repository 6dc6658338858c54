//! Scenarios: a file read with its parameter overrides and changes, each error naming its line;
//! a task moved between units shifts exactly its hours and the plan follows; growth scales
//! exactly; moving a task and moving it back gives the base figures again.

use satlas::analysis::{Analysis, Rows, analyze};
use satlas::ingest::{Inputs, LoadOptions, TableKind, load};
use satlas::model::col;
use satlas::scenario::{self, Change};
use satlas::{Lang, Params};
use std::sync::OnceLock;

fn sample() -> &'static Inputs {
    static INPUTS: OnceLock<Inputs> = OnceLock::new();
    INPUTS.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
        let read = |name: &str, kind| Some(load(&dir.join(name), kind, &LoadOptions::default()).unwrap());
        Inputs {
            staffing: read("staffing.xlsx", TableKind::Staffing),
            survey: read("survey.xlsx", TableKind::Survey),
            ..Default::default()
        }
    })
}

fn unit_value(a: &Analysis, unit: &str, column: &str) -> Option<f64> {
    let r = Rows::new(&a.units).unwrap();
    (0..r.height())
        .find(|&i| r.str(col::UNIT, i) == Some(unit))
        .and_then(|i| r.f64(column, i))
}

/// The hours the sample's survey gives `task` in `unit` in the analysis year.
fn task_hours(a: &Analysis, unit: &str, task: &str) -> f64 {
    let r = Rows::new(&a.tasks).unwrap();
    (0..r.height())
        .filter(|&i| r.str(col::UNIT, i) == Some(unit) && r.str(col::TASK, i) == Some(task))
        .filter_map(|i| r.f64(col::ANNUAL_HOURS, i))
        .sum()
}

/// A task of `unit` in the analysis year that `other` does not have.
fn a_task_of(a: &Analysis, unit: &str, other: &str) -> String {
    let r = Rows::new(&a.tasks).unwrap();
    let of = |u: &str| -> Vec<&str> {
        (0..r.height())
            .filter(|&i| r.str(col::UNIT, i) == Some(u) && r.f64(col::ANNUAL_HOURS, i).is_some())
            .filter_map(|i| r.str(col::TASK, i))
            .collect()
    };
    let theirs = of(other);
    of(unit).into_iter().find(|t| !theirs.contains(t)).unwrap().to_owned()
}

#[test]
fn a_file_reads_with_its_overrides_and_each_error_names_its_line() {
    let base = Params::default();
    let s = scenario::read(
        "name = \"最大余数法\"\n[plan]\nmethod = \"Hamilton\"\n[[grow]]\nall = true\nfactor = 1.2\n",
        "甲.toml",
        &base,
    )
    .unwrap();
    assert_eq!(s.name, "最大余数法");
    assert_eq!(s.params.plan.method, satlas::model::plan::Method::Hamilton);
    assert_eq!(s.params.calendar, base.calendar);
    assert!(matches!(s.changes[0], Change::Grow { factor, line: 6, .. } if factor == 1.2));

    let err = |text: &str| scenario::read(text, "乙.toml", &base).unwrap_err();
    let e = err("[[move]]\ntask = \"巡查\"\nfrom = \"甲\"\nto = \"乙\"\nshare = 1.5\n");
    assert!(e.zh.contains("乙.toml 第 2 行") && e.zh.contains("share"), "{}", e.zh);
    let e = err("[[move]]\ntask = \"巡查\"\nfrom = \"甲\"\nto = \"乙\"\nshar = 0.5\n");
    assert!(e.zh.contains("第 5 行") && e.en.contains("shar"), "{}", e.en);
    let e = err("name = \"x\"\n[calender]\nworking_days = 250\n");
    assert!(
        e.en.contains("line 2") && e.en.contains("calender") && e.en.contains("no parameter"),
        "{}",
        e.en
    );
    let e = err("[[grow]]\ntask = \"巡查\"\nunit = \"甲\"\nfactor = 2\n");
    assert!(e.zh.contains("第 4 行"), "{}", e.zh);
}

#[test]
fn a_task_moved_shifts_exactly_its_hours_and_the_plan_follows() {
    let params = Params::default();
    let base = analyze(sample(), &params).unwrap();
    let (from, to) = ("区市场监督管理局", "区综合行政执法局");
    let task = a_task_of(&base, from, to);
    let hours = task_hours(&base, from, &task);
    assert!(hours > 0.0);
    let text = format!("[[move]]\ntask = \"{task}\"\nfrom = \"{from}\"\nto = \"{to}\"\n");
    let s = scenario::read(&text, "划转.toml", &params).unwrap();
    let moved = scenario::apply(sample(), &s.changes, "划转.toml").unwrap();
    let after = analyze(&moved, &s.params).unwrap();
    let w = |a: &Analysis, u: &str| unit_value(a, u, col::WORKLOAD_REPORTED).unwrap();
    assert!((w(&base, from) - w(&after, from) - hours).abs() < 1e-6);
    assert!((w(&after, to) - w(&base, to) - hours).abs() < 1e-6);
    // The plan follows the work, and each quota type's pool is what it was.
    let plan = |a: &Analysis| satlas::plan::plan(&a.unit_types, &params).unwrap();
    let (p0, p1) = (plan(&base), plan(&after));
    let totals = |p: &satlas::plan::Plan| satlas::plan::totals(p).unwrap();
    assert_eq!(totals(&p0), totals(&p1));
    let target = |p: &satlas::plan::Plan, u: &str| -> i64 {
        let r = Rows::new(&p.units).unwrap();
        (0..r.height())
            .filter(|&i| r.str(col::UNIT, i) == Some(u))
            .filter_map(|i| r.i64(satlas::plan::col::TARGET, i))
            .sum()
    };
    assert!(target(&p1, to) >= target(&p0, to));

    // Moved back, every unit's workload is the base's again.
    let back = format!("[[move]]\ntask = \"{task}\"\nfrom = \"{to}\"\nto = \"{from}\"\n");
    let b = scenario::read(&back, "回转.toml", &params).unwrap();
    let restored = analyze(&scenario::apply(&moved, &b.changes, "回转.toml").unwrap(), &params).unwrap();
    for u in [from, to] {
        assert!((w(&restored, u) - w(&base, u)).abs() < 1e-6, "{u}");
        assert_eq!(
            unit_value(&restored, u, col::SATURATION).map(|s| (s * 1e9).round()),
            unit_value(&base, u, col::SATURATION).map(|s| (s * 1e9).round())
        );
    }

    // A task the unit does not have, or a unit the staffing table lacks, names the line.
    let e = scenario::apply(
        sample(),
        &scenario::read(
            "\n[[move]]\ntask = \"没有的事\"\nfrom = \"区财政局\"\nto = \"区司法局\"\n",
            "x.toml",
            &params,
        )
        .unwrap()
        .changes,
        "x.toml",
    )
    .unwrap_err();
    assert!(e.zh.contains("第 3 行") && e.zh.contains("没有的事"), "{}", e.zh);
    let e = scenario::read(
        "[[add]]\nunit = \"区不存在局\"\ntask = \"新职责\"\nannual_hours = 100\n",
        "y.toml",
        &params,
    )
    .and_then(|s| scenario::apply(sample(), &s.changes, "y.toml"))
    .unwrap_err();
    assert!(e.message(Lang::En).contains("no unit '区不存在局'"), "{}", e.en);
}

#[test]
fn growth_scales_exactly_and_a_new_duty_adds_its_hours() {
    let params = Params::default();
    let base = analyze(sample(), &params).unwrap();
    let unit = "区司法局";
    let text = format!(
        "[[grow]]\nunit = \"{unit}\"\nfactor = 1.25\n[[add]]\nunit = \"区财政局\"\ntask = \"预算绩效评价\"\nannual_hours = 920\n"
    );
    let s = scenario::read(&text, "增长.toml", &params).unwrap();
    let after = analyze(&scenario::apply(sample(), &s.changes, "增长.toml").unwrap(), &params).unwrap();
    let w = |a: &Analysis, u: &str| unit_value(a, u, col::WORKLOAD_REPORTED).unwrap();
    assert!((w(&after, unit) - 1.25 * w(&base, unit)).abs() < 1e-6);
    assert!((w(&after, "区财政局") - w(&base, "区财政局") - 920.0).abs() < 1e-6);
    // Every other unit is as it was.
    assert_eq!(w(&after, "区教育局"), w(&base, "区教育局"));
}

fn base_analysis() -> &'static Analysis {
    static BASE: OnceLock<Analysis> = OnceLock::new();
    BASE.get_or_init(|| analyze(sample(), &Params::default()).unwrap())
}

/// A scenario identical to the base gives the base plan.
#[test]
fn a_scenario_like_the_base_gives_the_base_plan() {
    let params = Params::default();
    let s = scenario::read("name = \"同上\"\n", "同上.toml", &params).unwrap();
    let o = scenario::compare::run(sample(), (base_analysis(), &params), &s, "同上.toml").unwrap();
    let base = satlas::plan::plan(&base_analysis().unit_types, &params).unwrap();
    let plan = o.plan.unwrap();
    assert_eq!(plan.units, base.units);
    assert_eq!(plan.transfers, base.transfers);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Whatever a scenario's rules and moves, each quota type's pool is conserved:
    /// approved = Σ targets + reserve, type by type, as in the base.
    #[test]
    fn every_scenario_conserves_each_pool(
        hamilton in proptest::bool::ANY,
        loss in 0.05f64..0.5,
        share in 0.1f64..=1.0,
        grow in 0.5f64..2.0,
    ) {
        let params = Params::default();
        let text = format!(
            "[plan]\nmethod = \"{}\"\nmax_loss_share = {loss}\n[[move]]\ntask = \"特种设备安全检查\"\nfrom = \"区市场监督管理局\"\nto = \"区综合行政执法局\"\nshare = {share}\n[[grow]]\nunit = \"区司法局\"\nfactor = {grow}\n",
            if hamilton { "Hamilton" } else { "Webster" }
        );
        let s = scenario::read(&text, "p.toml", &params).unwrap();
        let o = scenario::compare::run(sample(), (base_analysis(), &params), &s, "p.toml").unwrap();
        let Ok(plan) = o.plan else { return Ok(()) };
        let totals = satlas::plan::totals(&plan).unwrap();
        let r = Rows::new(&totals).unwrap();
        for i in 0..r.height() {
            let approved = r.i64(col::APPROVED, i).unwrap();
            let target = r.i64(satlas::plan::col::TARGET, i).unwrap();
            let reserve = r.i64(satlas::plan::col::RESERVE, i).unwrap_or(0);
            proptest::prop_assert_eq!(approved, target + reserve, "{:?}", r.str(col::QUOTA_TYPE, i));
        }
    }
}

/// Webster and Hamilton as two scenarios of one run reproduce the published apportionments the
/// plan tests hold (the Alabama paradox's 323 and 324 seats): four units whose required staff
/// are the votes, their approved quotas the seats.
#[test]
fn webster_and_hamilton_side_by_side_give_the_published_results() {
    let votes = [5670.0, 3850.0, 420.0, 60.0];
    let run = |seats: i64| -> Vec<(String, Vec<i64>)> {
        let dir = tempfile::tempdir().unwrap();
        let names: Vec<String> = (0..4).map(|i| format!("党派{}", (b'A' + i as u8) as char)).collect();
        let mut staffing = String::from("单位名称,编制类型,核定编制数,实有人数\n");
        let mut survey = String::from("单位名称,工作事项,年工作时长（小时）\n");
        for (i, (name, v)) in names.iter().zip(votes).enumerate() {
            let approved = seats / 4 + i64::from((i as i64) < seats % 4);
            staffing.push_str(&format!("{name},行政编制,{approved},0\n"));
            survey.push_str(&format!("{name},工作,{}\n", v * 1840.0));
        }
        std::fs::write(dir.path().join("staffing.csv"), staffing).unwrap();
        std::fs::write(dir.path().join("survey.csv"), survey).unwrap();
        let read = |name: &str, kind| Some(load(&dir.path().join(name), kind, &LoadOptions::default()).unwrap());
        let inputs = Inputs {
            staffing: read("staffing.csv", TableKind::Staffing),
            survey: read("survey.csv", TableKind::Survey),
            ..Default::default()
        };
        let params = Params::default();
        let base = analyze(&inputs, &params).unwrap();
        let rules = "keep_incumbents = false\nprotect_need = false\nmax_loss_share = 1.0\n";
        ["Webster", "Hamilton"]
            .iter()
            .map(|m| {
                let text = format!("name = \"{m}\"\n[plan]\nmethod = \"{m}\"\n{rules}");
                let s = scenario::read(&text, "m.toml", &params).unwrap();
                let o = scenario::compare::run(&inputs, (&base, &params), &s, "m.toml").unwrap();
                let plan = o.plan.unwrap();
                let r = Rows::new(&plan.units).unwrap();
                let targets = names
                    .iter()
                    .map(|n| {
                        (0..r.height())
                            .find(|&i| r.str(col::UNIT, i) == Some(n.as_str()))
                            .and_then(|i| r.i64(satlas::plan::col::TARGET, i))
                            .unwrap()
                    })
                    .collect();
                (o.name, targets)
            })
            .collect()
    };
    let at_323 = run(323);
    assert_eq!(at_323[1], ("Hamilton".into(), vec![183, 124, 14, 2]));
    let at_324 = run(324);
    assert_eq!(at_324[1], ("Hamilton".into(), vec![184, 125, 13, 2]));
    // Webster gives the third unit no fewer posts when the pool grows (no Alabama paradox).
    assert!(at_324[0].1[2] >= at_323[0].1[2], "{at_323:?} {at_324:?}");
    assert_eq!(at_323[0].1.iter().sum::<i64>(), 323);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(6))]

    /// Any task of any unit, moved to another unit that lacks it and moved back: every unit's
    /// workload and saturation are the base's again.
    #[test]
    fn a_move_and_its_return_restore_the_base(from_i in 0usize..66, to_i in 0usize..66, task_i in 0usize..8) {
        let params = Params::default();
        let base = base_analysis();
        let units: Vec<String> = Rows::new(&base.units).map(|r| (0..r.height()).filter_map(|i| r.str(col::UNIT, i).map(str::to_owned)).collect()).unwrap();
        let (from, to) = (&units[from_i % units.len()], &units[to_i % units.len()]);
        proptest::prop_assume!(from != to);
        let r = Rows::new(&base.tasks).unwrap();
        let of = |u: &str| -> Vec<String> {
            let mut t: Vec<String> = (0..r.height())
                .filter(|&i| r.str(col::UNIT, i) == Some(u) && r.f64(col::ANNUAL_HOURS, i).is_some())
                .filter_map(|i| r.str(col::TASK, i).map(str::to_owned))
                .collect();
            t.sort();
            t.dedup();
            t
        };
        let theirs = of(to);
        let candidates: Vec<String> = of(from).into_iter().filter(|t| !theirs.contains(t)).collect();
        proptest::prop_assume!(!candidates.is_empty());
        let task = &candidates[task_i % candidates.len()];
        let there = format!("[[move]]\ntask = \"{task}\"\nfrom = \"{from}\"\nto = \"{to}\"\n");
        let back = format!("[[move]]\ntask = \"{task}\"\nfrom = \"{to}\"\nto = \"{from}\"\n");
        let s = scenario::read(&there, "去.toml", &params).unwrap();
        let moved = scenario::apply(sample(), &s.changes, "去.toml").unwrap();
        let b = scenario::read(&back, "回.toml", &params).unwrap();
        let restored = analyze(&scenario::apply(&moved, &b.changes, "回.toml").unwrap(), &params).unwrap();
        for u in [from.as_str(), to.as_str()] {
            let (w0, w1) = (unit_value(base, u, col::WORKLOAD_REPORTED), unit_value(&restored, u, col::WORKLOAD_REPORTED));
            proptest::prop_assert!(match (w0, w1) { (Some(a), Some(b)) => (a - b).abs() < 1e-6, (a, b) => a == b }, "{u}: {w0:?} vs {w1:?}");
        }
    }
}

/// `[[grow]]` with years projects the workload: each year's required staff scales with its
/// factor, saturation against the staff in post now; a factor list that does not match the
/// years names its line.
#[test]
fn growth_over_years_projects_required_staff() {
    let params = Params::default();
    let unit = "区司法局";
    let text = format!("[[grow]]\nunit = \"{unit}\"\nyears = [2026, 2027]\nfactor = [1.1, 1.21]\n");
    let s = scenario::read(&text, "预测.toml", &params).unwrap();
    assert_eq!(s.projection.years, vec![2026, 2027]);
    assert!(s.changes.is_empty());
    let table = scenario::projection(sample(), &s, "预测.toml", Lang::Zh).unwrap();
    let r = Rows::new(&table).unwrap();
    let row = (0..r.height()).find(|&i| r.str(col::UNIT, i) == Some(unit)).unwrap();
    let now = r.f64(col::REQUIRED, row).unwrap();
    let y26 = r.f64("应需人数（2026）", row).unwrap();
    let y27 = r.f64("应需人数（2027）", row).unwrap();
    assert!(
        (y26 - 1.1 * now).abs() < 1e-9 && (y27 - 1.21 * now).abs() < 1e-9,
        "{now} {y26} {y27}"
    );
    let other = (0..r.height())
        .find(|&i| r.str(col::UNIT, i) == Some("区财政局"))
        .unwrap();
    assert_eq!(r.f64("应需人数（2027）", other), r.f64(col::REQUIRED, other));
    let e = scenario::read(
        "[[grow]]\nall = true\nyears = [2026, 2027]\nfactor = [1.1]\n",
        "错.toml",
        &params,
    )
    .unwrap_err();
    assert!(e.zh.contains("第 4 行"), "{}", e.zh);
}

/// What a review of the scenarios found, kept fixed.
#[test]
fn scenario_review_cases() {
    let params = Params::default();
    let read = |text: &str| scenario::read(text, "r.toml", &params);
    let w = |a: &Analysis, u: &str| unit_value(a, u, col::WORKLOAD_REPORTED).unwrap();
    let total = |a: &Analysis| -> f64 {
        let r = Rows::new(&a.units).unwrap();
        (0..r.height()).filter_map(|i| r.f64(col::WORKLOAD_REPORTED, i)).sum()
    };
    // A unit moving work to itself is refused.
    let s = read("[[move]]\ntask = \"信息报送\"\nfrom = \"区财政局\"\nto = \"区财政局\"\n").unwrap();
    assert!(
        scenario::apply(sample(), &s.changes, "r.toml")
            .unwrap_err()
            .zh
            .contains("同一单位")
    );
    // Half moved and all of it moved back: the district's hours are whole, no row a duplicate.
    let base = base_analysis();
    let (from, to) = ("区市场监督管理局", "区综合行政执法局");
    let task = a_task_of(base, from, to);
    let there = read(&format!(
        "[[move]]\ntask = \"{task}\"\nfrom = \"{from}\"\nto = \"{to}\"\nshare = 0.5\n"
    ))
    .unwrap();
    let back = read(&format!(
        "[[move]]\ntask = \"{task}\"\nfrom = \"{to}\"\nto = \"{from}\"\n"
    ))
    .unwrap();
    let moved = scenario::apply(sample(), &there.changes, "r.toml").unwrap();
    let restored = analyze(&scenario::apply(&moved, &back.changes, "r.toml").unwrap(), &params).unwrap();
    assert!((total(&restored) - total(base)).abs() < 1e-6);
    assert!((w(&restored, from) - w(base, from)).abs() < 1e-6);
    let dups = |a: &Analysis| a.findings.iter().filter(|f| f.code == "duplicate_row").count();
    assert_eq!(dups(&restored), dups(base));
    // Two identical new duties are two.
    let s = read("[[add]]\nunit = \"区财政局\"\ntask = \"评审\"\nannual_hours = 300\n[[add]]\nunit = \"区财政局\"\ntask = \"评审\"\nannual_hours = 300\n").unwrap();
    let a = analyze(&scenario::apply(sample(), &s.changes, "r.toml").unwrap(), &params).unwrap();
    assert!((w(&a, "区财政局") - w(base, "区财政局") - 600.0).abs() < 1e-6);
    // Parameters empty by default are taken; a value of the wrong kind and a misspelt key of a
    // category's own calendar name their lines; with personal caps on, a move is refused.
    let s = read("[plan]\nmax_gain_share = 0.2\n").unwrap();
    assert_eq!(s.params.plan.max_gain_share, Some(0.2));
    let e = read("name = \"x\"\n[calendar]\nhours_per_day = \"8\"\n").unwrap_err();
    assert!(e.zh.contains("第 3 行") && e.zh.contains("类型"), "{}", e.zh);
    let e = read("[by_quota_type.\"事业编制\".calendar]\nhours_per_dya = 4\n").unwrap_err();
    assert!(e.zh.contains("第 2 行") && e.zh.contains("hours_per_dya"), "{}", e.zh);
    let e = read("[survey]\ncap_person_hours = true\n[[move]]\ntask = \"a\"\nfrom = \"b\"\nto = \"c\"\n").unwrap_err();
    assert!(e.zh.contains("第 4 行") && e.zh.contains("上限"), "{}", e.zh);
    let e = read("[[grow]]\nall = true\nyears = [2027, 2027]\nfactor = [1.1, 1.2]\n").unwrap_err();
    assert!(e.en.contains("increase"), "{}", e.en);
}

/// A scenario's changes without the lines they were written on (read back, a change's line is
/// its place in the written file).
fn unlined(changes: &[Change]) -> Vec<Change> {
    changes
        .iter()
        .cloned()
        .map(|mut c| {
            match &mut c {
                Change::Move { line, .. } | Change::Grow { line, .. } | Change::Add { line, .. } => *line = 0,
            }
            c
        })
        .collect()
}

const EVERY_KIND: &str = "name = \"综合执法 2027\"\n[plan]\nmethod = \"Hamilton\"\n[calendar]\nworking_days = 245\n\
    [[move]]\ntask = \"巡查\"\nfrom = \"区市场监督管理局\"\nto = \"区综合行政执法局\"\nshare = 0.5\n\
    [[grow]]\ntask = \"审批\"\nfactor = 1.2\n[[grow]]\nunit = \"区司法局\"\nyears = [2027, 2028]\nfactor = [1.1, 1.3]\n\
    [[grow]]\nall = true\nyears = [2027, 2028]\nfactor = [1.0, 1.05]\n\
    [[add]]\nunit = \"区财政局\"\ntask = \"绩效评价\"\nannual_hours = 600\n";

/// A project keeps its scenarios: saved and opened again (under a folder with CJK and spaces)
/// each has its name, its parameters, its changes and its projection. One that cannot be read
/// is named, the others still read, and it is written back as it was.
#[test]
fn saved_and_reopened_projects_keep_their_scenarios() {
    let mut base = Params::default();
    base.bands.balanced_up_to = 1.12;
    let every = scenario::read(EVERY_KIND, "全部.toml", &base).unwrap();
    let rules = scenario::read("name = \"仅换方法\"\n[plan]\nmethod = \"Hamilton\"\n", "r.toml", &base).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("编制 项目");
    std::fs::create_dir(&folder).unwrap();
    let path = folder.join("青川 2027.satlas");
    let mut project = satlas::project::Project {
        params: base.clone(),
        ..Default::default()
    };
    project.keep_scenarios(&[every.clone(), rules.clone()], &[]);
    project.save(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("[[scenarios.move]]") && text.contains("综合执法 2027"),
        "{text}"
    );
    // Only what a scenario sets is written: the bands are the base's.
    assert_eq!(text.matches("balanced_up_to").count(), 1, "{text}");
    let back = satlas::project::Project::load(&path).unwrap();
    let (scenarios, unread) = back.read_scenarios(&path);
    assert!(unread.is_empty());
    assert_eq!(scenarios.len(), 2);
    for (got, want) in scenarios.iter().zip([&every, &rules]) {
        assert_eq!(got.name, want.name);
        assert_eq!(got.params, want.params);
        assert_eq!(got.overrides, want.overrides);
        assert_eq!(unlined(&got.changes), unlined(&want.changes));
        assert_eq!(got.projection.years, want.projection.years);
        let years = |p: &scenario::Projection| p.by_year.iter().map(|y| unlined(y)).collect::<Vec<_>>();
        assert_eq!(years(&got.projection), years(&want.projection));
    }
    // A scenario that cannot be read names the project file and the scenario; the other reads,
    // and saving again keeps the broken one as it was.
    std::fs::write(&path, text.replace("share = 0.5", "share = 1.5")).unwrap();
    let broken = satlas::project::Project::load(&path).unwrap();
    let (read, unread) = broken.read_scenarios(&path);
    assert_eq!(read.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["仅换方法"]);
    let e = &unread[0].1;
    assert!(
        e.zh.contains("青川 2027.satlas") && e.zh.contains("综合执法 2027") && e.zh.contains("share"),
        "{}",
        e.zh
    );
    assert!(
        !e.zh.contains("第 "),
        "no line of a text that is not the file's: {}",
        e.zh
    );
    let mut again = broken.clone();
    again.keep_scenarios(&read, &[unread[0].0.clone()]);
    again.save(&path).unwrap();
    let kept = std::fs::read_to_string(&path).unwrap();
    assert!(kept.contains("share = 1.5") && kept.contains("仅换方法"), "{kept}");
}

/// A scenario laid over another base keeps every key it sets — even one the base once had
/// too — and takes the rest from the new base; written as a file, it reads back as it was.
#[test]
fn a_scenario_rebased_keeps_its_own_keys_and_takes_the_rest() {
    let old = Params::default();
    let s = scenario::read(EVERY_KIND, "全部.toml", &old).unwrap();
    let mut new = old.clone();
    new.calendar.working_days = 250.0;
    new.bands.balanced_up_to = 1.15;
    new.plan.max_loss_share = 0.1;
    let again = scenario::rebase(&s, &new).unwrap();
    assert_eq!(again.params.calendar.working_days, 245.0, "the scenario's own");
    assert_eq!(again.params.bands.balanced_up_to, 1.15, "the new base's");
    assert_eq!(again.params.plan.max_loss_share, 0.1);
    assert_eq!(again.params.plan.method, satlas::model::plan::Method::Hamilton);
    assert_eq!(again.changes, s.changes);
    // The base takes the scenario's method, then leaves it: the scenario keeps its own.
    let mut hamilton = new.clone();
    hamilton.plan.method = satlas::model::plan::Method::Hamilton;
    let there = scenario::rebase(&again, &hamilton).unwrap();
    let back = scenario::rebase(&there, &new).unwrap();
    assert_eq!(back.params.plan.method, satlas::model::plan::Method::Hamilton);
    // Written as a file, it reads back as it was.
    let text = scenario::to_text(&s);
    let read = scenario::read(&text, "back.toml", &old).unwrap();
    assert_eq!((read.name.as_str(), &read.params), (s.name.as_str(), &s.params));
    assert_eq!(unlined(&read.changes), unlined(&s.changes));
}

/// Rules edited in a scenario: a key set stays set, a key changed is set; switching off a
/// limit the base has on cannot be written, and is said.
#[test]
fn edited_rules_become_the_keys_a_scenario_sets() {
    let base = Params::default();
    let mut s = scenario::read("name = \"x\"\n[calendar]\nworking_days = 245\n", "x.toml", &base).unwrap();
    let mut edited = s.params.clone();
    edited.plan.max_gain_share = Some(0.3);
    edited.calendar.working_days = 248.0;
    scenario::set_params(&mut s, edited, &base).unwrap();
    assert_eq!(s.overrides["plan"]["max_gain_share"].as_float(), Some(0.3));
    assert_eq!(
        s.overrides["calendar"]["working_days"].as_float(),
        Some(248.0),
        "set before, stays set"
    );
    let mut limited = base.clone();
    limited.plan.max_gain_share = Some(0.2);
    let mut t = scenario::rebase(&s, &limited).unwrap();
    let mut off = t.params.clone();
    off.plan.max_gain_share = None;
    let e = scenario::set_params(&mut t, off, &limited).unwrap_err();
    assert!(e.zh.contains("max_gain_share"), "{}", e.zh);
}

/// One scenario that cannot be made does not hide the others: it is named with why, and the
/// rest are compared.
#[test]
fn a_scenario_that_fails_is_named_and_the_others_still_compare() {
    let params = Params::default();
    let fine = scenario::read(
        "name = \"最大余数法\"\n[plan]\nmethod = \"Hamilton\"\n",
        "a.toml",
        &params,
    )
    .unwrap();
    let wrong = scenario::read(
        "name = \"没有的事\"\n[[move]]\ntask = \"没有的事\"\nfrom = \"区财政局\"\nto = \"区司法局\"\n",
        "b.toml",
        &params,
    )
    .unwrap();
    let c = scenario::compare::compare(
        sample(),
        (base_analysis(), &params),
        &[(fine, "a.toml".into()), (wrong, "b.toml".into())],
        Lang::Zh,
    )
    .unwrap();
    let names: Vec<&str> = c.outcomes.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["现行规则", "最大余数法"]);
    assert_eq!(c.failed.len(), 1);
    assert!(c.failed[0].1.zh.contains("b.toml 第 3 行"), "{}", c.failed[0].1.zh);
}

/// What a researcher typed: the method in lower case is taken; another method, and a factor
/// written as text, are refused in words naming the line.
#[test]
fn scenario_typing_slips_are_taken_or_said_by_line() {
    let base = Params::default();
    let s = scenario::read("[plan]\nmethod = \"hamilton\"\n", "a.toml", &base).unwrap();
    assert_eq!(s.params.plan.method, satlas::model::plan::Method::Hamilton);
    let e = scenario::read("name = \"x\"\n[plan]\nmethod = \"DHondt\"\n", "b.toml", &base).unwrap_err();
    assert!(e.zh.contains("b.toml 第 3 行") && e.zh.contains("Hamilton"), "{}", e.zh);
    let e = scenario::read("[[grow]]\nall = true\nfactor = \"1.2\"\n", "c.toml", &base).unwrap_err();
    assert!(
        e.zh.contains("c.toml") && e.zh.contains("factor 须为一个数"),
        "{}",
        e.zh
    );
}

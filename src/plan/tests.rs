//! Tests of the planner through its entry points: published apportionments, properties of any
//! plan, and a district a person can check by eye.

use super::bounds::share_of;
use super::frames::column;
use super::*;
use crate::model::col as mcol;
use proptest::prelude::*;
use std::collections::HashSet;

const ADMIN: &str = "行政编制";
const INST: &str = "事业编制";

/// One unit × quota type row of a hand-built analysis table.
#[derive(Debug, Clone)]
struct U {
    unit: String,
    dept: Option<String>,
    quota_type: String,
    approved: i64,
    actual: i64,
    required: Option<f64>,
    key_area: bool,
    front_line: bool,
    flags: String,
}

fn u(unit: &str, dept: Option<&str>, quota_type: &str, approved: i64, actual: i64, required: Option<f64>) -> U {
    U {
        unit: unit.to_owned(),
        dept: dept.map(str::to_owned),
        quota_type: quota_type.to_owned(),
        approved,
        actual,
        required,
        key_area: false,
        front_line: false,
        flags: String::new(),
    }
}

impl U {
    fn key(mut self) -> U {
        self.key_area = true;
        self
    }
    fn front(mut self) -> U {
        self.front_line = true;
        self
    }
    fn flags(mut self, flags: &str) -> U {
        self.flags = flags.to_owned();
        self
    }
}

/// The analysis table as the engine writes it (saturation and band derived here).
fn frame(units: &[U]) -> DataFrame {
    let bands = crate::model::Bands::default();
    let sat: Vec<Option<f64>> = units
        .iter()
        .map(|x| x.required.filter(|_| x.actual > 0).map(|r| r / x.actual as f64))
        .collect();
    let columns = vec![
        column(mcol::UNIT, units.iter().map(|x| x.unit.clone()).collect::<Vec<_>>()),
        column(
            mcol::DEPARTMENT,
            units.iter().map(|x| x.dept.clone()).collect::<Vec<_>>(),
        ),
        column(
            mcol::QUOTA_TYPE,
            units.iter().map(|x| x.quota_type.clone()).collect::<Vec<_>>(),
        ),
        column(mcol::APPROVED, units.iter().map(|x| x.approved).collect::<Vec<_>>()),
        column(mcol::ACTUAL, units.iter().map(|x| x.actual).collect::<Vec<_>>()),
        column(mcol::REQUIRED, units.iter().map(|x| x.required).collect::<Vec<_>>()),
        column(mcol::SATURATION, sat.clone()),
        column(
            mcol::BAND,
            sat.iter()
                .map(|s| bands.classify(*s).code().to_owned())
                .collect::<Vec<_>>(),
        ),
        column(mcol::KEY_AREA, units.iter().map(|x| x.key_area).collect::<Vec<_>>()),
        column(mcol::FRONT_LINE, units.iter().map(|x| x.front_line).collect::<Vec<_>>()),
        column(mcol::FLAGS, units.iter().map(|x| x.flags.clone()).collect::<Vec<_>>()),
    ];
    DataFrame::new(units.len(), columns).unwrap()
}

fn bounds_off(method: Method) -> Params {
    Params {
        plan: PlanParams {
            method,
            keep_incumbents: false,
            protect_need: false,
            max_loss_share: 1.0,
            max_gain_share: None,
            max_gain_count: None,
            ..PlanParams::default()
        },
        ..Params::default()
    }
}

fn strs(df: &DataFrame, name: &str) -> Vec<Option<String>> {
    df.column(name)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|s| s.map(str::to_owned))
        .collect()
}

fn ints(df: &DataFrame, name: &str) -> Vec<Option<i64>> {
    df.column(name).unwrap().i64().unwrap().iter().collect()
}

/// Targets in the order of the given unit names (one quota type).
fn targets(plan: &Plan, quota_type: &str, names: &[&str]) -> Vec<i64> {
    let units = strs(&plan.units, mcol::UNIT);
    let types = strs(&plan.units, mcol::QUOTA_TYPE);
    let target = ints(&plan.units, col::TARGET);
    names
        .iter()
        .map(|n| {
            let i = (0..units.len())
                .find(|&i| units[i].as_deref() == Some(*n) && types[i].as_deref() == Some(quota_type))
                .unwrap_or_else(|| panic!("no row for {n}"));
            target[i].unwrap()
        })
        .collect()
}

fn row_of(plan: &Plan, unit: &str, quota_type: &str) -> usize {
    let units = strs(&plan.units, mcol::UNIT);
    let types = strs(&plan.units, mcol::QUOTA_TYPE);
    (0..units.len())
        .find(|&i| units[i].as_deref() == Some(unit) && types[i].as_deref() == Some(quota_type))
        .unwrap()
}

/// Units whose approved quotas add up to `seats` and whose required staff are the votes.
fn votes(votes: &[f64], seats: i64) -> (DataFrame, Vec<String>) {
    let n = votes.len() as i64;
    let names: Vec<String> = (0..votes.len())
        .map(|i| format!("党派{}", (b'A' + i as u8) as char))
        .collect();
    let units: Vec<U> = votes
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let approved = seats / n + i64::from((i as i64) < seats % n);
            u(&names[i], None, ADMIN, approved, 0, Some(v))
        })
        .collect();
    (frame(&units), names)
}

fn published(method: Method, v: &[f64], seats: i64) -> Vec<i64> {
    let (df, names) = votes(v, seats);
    let plan = plan(&df, &bounds_off(method)).unwrap();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let through_plan = targets(&plan, ADMIN, &names);
    let n = v.len();
    let direct = apportion(method, v, seats, &vec![0; n], &vec![i64::MAX; n]).unwrap();
    assert_eq!(through_plan, direct, "plan and apportion disagree");
    direct
}

#[test]
fn plan_gives_published_apportionments() {
    let v = [6100.0, 5000.0, 900.0];
    assert_eq!(published(Method::Webster, &v, 10), vec![5, 4, 1]);
    assert_eq!(published(Method::Hamilton, &v, 10), vec![5, 4, 1]);
    let v = [25000.0, 19000.0, 12000.0, 8000.0];
    assert_eq!(published(Method::Webster, &v, 10), vec![4, 3, 2, 1]);
    let v = [5670.0, 3850.0, 420.0, 60.0];
    assert_eq!(published(Method::Hamilton, &v, 323), vec![183, 124, 14, 2]);
    assert_eq!(published(Method::Hamilton, &v, 324), vec![184, 125, 13, 2]);
}

#[test]
fn plan_webster_never_takes_a_post_when_the_pool_grows() {
    // The pool grows through posts the office releases from its reserve.
    let v = [5670.0, 3850.0, 420.0, 60.0];
    let (df, names) = votes(&v, 300);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut before: Option<Vec<i64>> = None;
    for release in 0..=120 {
        let mut p = bounds_off(Method::Webster);
        p.plan.reserve.insert(ADMIN.to_owned(), -release);
        let plan = plan(&df, &p).unwrap();
        let now = targets(&plan, ADMIN, &names);
        assert_eq!(now.iter().sum::<i64>(), 300 + release);
        if let Some(before) = &before {
            assert!(now.iter().zip(before).all(|(a, b)| a >= b), "{before:?} -> {now:?}");
        }
        before = Some(now);
    }
    // Hamilton, on the same data, does take one (the Alabama paradox).
    let pool = |seats: i64| {
        let mut p = bounds_off(Method::Hamilton);
        p.plan.reserve.insert(ADMIN.to_owned(), 300 - seats);
        targets(&plan(&df, &p).unwrap(), ADMIN, &names)
    };
    assert_eq!(pool(323)[2], 14);
    assert_eq!(pool(324)[2], 13);
}

/// A district: idle vacant units in one department, overloaded front-line and key-area units in
/// others, a balanced unit, a unit without survey, and a second quota type.
fn district() -> Vec<U> {
    vec![
        u("发展改革局", Some("经济系统"), ADMIN, 20, 14, Some(8.0)).flags("long_idle"),
        u("统计调查中心", Some("经济系统"), ADMIN, 10, 6, Some(4.5)).flags("shrinking_work"),
        u("商务局", Some("经济系统"), ADMIN, 10, 10, Some(10.5)),
        u("城关街道办事处", Some("街道"), ADMIN, 15, 15, Some(22.0)).front(),
        u("综合行政执法大队", Some("执法系统"), ADMIN, 12, 12, Some(17.0)).key(),
        u("档案馆", None, ADMIN, 5, 3, None),
        u("城关街道办事处", Some("街道"), INST, 6, 6, Some(9.0)).front(),
        u("融媒体中心", Some("宣传系统"), INST, 12, 7, Some(4.0)).flags("long_idle"),
    ]
}

#[test]
fn plan_moves_idle_vacancies_to_overloaded_front_line_and_key_areas() {
    let plan = plan(&frame(&district()), &Params::default()).unwrap();
    let names = [
        "发展改革局",
        "统计调查中心",
        "商务局",
        "城关街道办事处",
        "综合行政执法大队",
        "档案馆",
    ];
    // The idle units give what the 20% loss limit lets them; the balanced unit keeps its staff.
    assert_eq!(targets(&plan, ADMIN, &names), vec![16, 8, 10, 19, 14, 5]);
    let bound = strs(&plan.units, col::BOUND);
    let reason = strs(&plan.units, col::REASON_LABEL);
    let at = |unit, t| row_of(&plan, unit, t);
    assert_eq!(bound[at("发展改革局", ADMIN)].as_deref(), Some("max_loss"));
    assert_eq!(bound[at("商务局", ADMIN)].as_deref(), Some("keep_incumbents"));
    assert_eq!(bound[at("档案馆", ADMIN)].as_deref(), Some("no_survey"));
    assert_eq!(
        reason[at("发展改革局", ADMIN)].as_deref(),
        Some("收回空编、长期闲置、工作量不饱和")
    );
    assert_eq!(
        reason[at("统计调查中心", ADMIN)].as_deref(),
        Some("收回空编、职能弱化、工作量不饱和")
    );
    assert_eq!(
        reason[at("城关街道办事处", ADMIN)].as_deref(),
        Some("向基层一线倾斜、补充超饱和单位")
    );
    assert_eq!(
        reason[at("综合行政执法大队", ADMIN)].as_deref(),
        Some("向重点领域倾斜、补充超饱和单位")
    );
    assert_eq!(
        reason[at("档案馆", ADMIN)].as_deref(),
        Some("无工作量调查，保持原核定编制")
    );

    // Two lines for the administrative type, one for the public-institution type.
    let t = &plan.transfers;
    let from = strs(t, col::FROM_UNIT);
    let to = strs(t, col::TO_UNIT);
    let posts = ints(t, col::POSTS);
    let types = strs(t, mcol::QUOTA_TYPE);
    let lines: Vec<(String, String, String, i64)> = (0..t.height())
        .map(|i| {
            (
                types[i].clone().unwrap(),
                from[i].clone().unwrap(),
                to[i].clone().unwrap(),
                posts[i].unwrap(),
            )
        })
        .collect();
    let line = |t: &str, f: &str, to: &str, n| (t.to_owned(), f.to_owned(), to.to_owned(), n);
    assert_eq!(
        lines,
        vec![
            line(ADMIN, "发展改革局", "城关街道办事处", 4),
            line(ADMIN, "统计调查中心", "综合行政执法大队", 2),
            line(INST, "融媒体中心", "城关街道办事处", 2),
        ]
    );
    let from_label = strs(t, col::FROM_REASON_LABEL);
    let to_label = strs(t, col::TO_REASON_LABEL);
    assert_eq!(from_label[0].as_deref(), Some("收回空编、长期闲置、工作量不饱和"));
    assert_eq!(to_label[0].as_deref(), Some("向基层一线倾斜、补充超饱和单位"));

    // What the plan buys: more need met, less imbalance, per type and overall.
    let s = &plan.summary;
    assert_eq!(strs(s, mcol::QUOTA_TYPE).last().unwrap().as_deref(), Some(ALL_TYPES));
    assert_eq!(ints(s, col::MOVED), vec![Some(6), Some(2), Some(8)]);
    let f = |name| -> Vec<f64> {
        s.column(name)
            .unwrap()
            .f64()
            .unwrap()
            .iter()
            .map(Option::unwrap)
            .collect()
    };
    let (met0, met1) = (f(col::NEED_MET_BEFORE), f(col::NEED_MET_AFTER));
    let (imb0, imb1) = (f(col::IMBALANCE_BEFORE), f(col::IMBALANCE_AFTER));
    for i in 0..3 {
        assert!(met1[i] > met0[i], "need met {i}: {} -> {}", met0[i], met1[i]);
        assert!(imb1[i] < imb0[i], "imbalance {i}: {} -> {}", imb0[i], imb1[i]);
    }
    assert!((met0[0] - 49.5 / 62.0).abs() < 1e-12 && (met1[0] - 55.5 / 62.0).abs() < 1e-12);
    assert!(
        plan.findings
            .iter()
            .any(|f| f.code == "plan_no_survey" && f.zh.contains("档案馆"))
    );

    // Saturation at target: required / target.
    let sat = plan.units.column(col::SATURATION_AFTER).unwrap().f64().unwrap().clone();
    assert_eq!(sat.get(at("城关街道办事处", ADMIN)), Some(22.0 / 19.0));
    assert_eq!(sat.get(at("档案馆", ADMIN)), None);

    // English labels on request.
    let en = localize(&plan, Lang::En).unwrap();
    let label = strs(&en.transfers, col::TO_REASON_LABEL);
    assert_eq!(
        label[0].as_deref(),
        Some("priority to the front line, relieve an overloaded unit")
    );
    assert_eq!(
        strs(&en.summary, mcol::QUOTA_TYPE).last().unwrap().as_deref(),
        Some("All types")
    );
}

#[test]
fn plan_pairs_inside_a_department_before_across() {
    let units = vec![
        u("甲局", Some("经济系统"), ADMIN, 10, 4, Some(3.0)),
        u("乙局", Some("社会系统"), ADMIN, 10, 4, Some(3.0)),
        u("丙局", Some("经济系统"), ADMIN, 10, 10, Some(14.0)),
        u("丁局", Some("社会系统"), ADMIN, 10, 10, Some(14.0)),
    ];
    let plan = plan(&frame(&units), &bounds_off(Method::Webster)).unwrap();
    let same: Vec<Option<bool>> = plan
        .transfers
        .column(col::SAME_DEPARTMENT)
        .unwrap()
        .bool()
        .unwrap()
        .iter()
        .collect();
    assert!(
        !same.is_empty() && same.iter().all(|s| *s == Some(true)),
        "{:?}",
        plan.transfers
    );
}

#[test]
fn plan_frozen_units_and_departments_stay_put() {
    let mut p = Params::default();
    p.plan.frozen_departments = vec!["街道".to_owned()];
    p.plan.frozen_units = vec!["没有这个单位".to_owned()];
    let plan = plan(&frame(&district()), &p).unwrap();
    let i = row_of(&plan, "城关街道办事处", ADMIN);
    assert_eq!(ints(&plan.units, col::CHANGE)[i], Some(0));
    assert_eq!(strs(&plan.units, col::BOUND)[i].as_deref(), Some("frozen"));
    assert!(
        plan.findings
            .iter()
            .any(|f| f.code == "plan_frozen_unknown" && f.zh.contains("没有这个单位"))
    );
    // The posts that would have gone to the street office go to the other units short of staff,
    // each up to what its workload needs (17 and 10.5 people).
    assert_eq!(targets(&plan, ADMIN, &["综合行政执法大队", "商务局"]), vec![17, 11]);
    let i = row_of(&plan, "综合行政执法大队", ADMIN);
    assert_eq!(strs(&plan.units, col::BOUND)[i].as_deref(), Some("need_cap"));
}

#[test]
fn plan_reserve_is_kept_back_and_listed() {
    let mut p = Params::default();
    p.plan.reserve.insert(ADMIN.to_owned(), 2);
    let plan = plan(&frame(&district()), &p).unwrap();
    let t = &plan.transfers;
    let to = strs(t, col::TO_UNIT);
    let reason = strs(t, col::TO_REASON);
    let posts = ints(t, col::POSTS);
    let kept: i64 = (0..t.height())
        .filter(|&i| to[i].is_none())
        .map(|i| {
            assert_eq!(reason[i].as_deref(), Some(reasons::Reason::ToReserve.code()));
            posts[i].unwrap()
        })
        .sum();
    assert_eq!(kept, 2);
    let s = &plan.summary;
    assert_eq!(ints(s, col::POOL)[0], Some(72 - 2));
}

#[test]
fn plan_infeasible_bounds_name_the_constraint_and_the_gap() {
    let mut p = Params::default();
    p.plan.reserve.insert(ADMIN.to_owned(), 10);
    let err = plan(&frame(&district()), &p).unwrap_err();
    let PlanError::Infeasible(findings) = &err else {
        panic!("expected infeasible, got {err:?}");
    };
    assert_eq!(findings.len(), 1);
    // Pool 67 − 10 = 57; lower bounds 16 + 8 + 10 + 15 + 12 = 61.
    let f = &findings[0];
    assert!(
        f.zh.contains("可分配编制为 57 名") && f.zh.contains("少 4 名"),
        "{}",
        f.zh
    );
    assert!(f.zh.contains("在编人员不减编") && f.zh.contains("20%"), "{}", f.zh);
    assert!(
        f.en.contains("4 short of the 61") && f.en.contains("keep_incumbents"),
        "{}",
        f.en
    );
    assert!(err.to_string().contains("max_loss_share"));

    let mut p = Params::default();
    p.plan.reserve.insert(INST.to_owned(), -10);
    p.plan.max_gain_count = Some(1);
    let err = plan(&frame(&district()), &p).unwrap_err();
    // Pool 18 + 10 = 28; the street office may gain 1 (to 7), the media centre needs no more than
    // it has (12).
    let msg = err.message(Lang::En);
    assert!(msg.contains("28 posts, 9 more than the 19"), "{msg}");
    assert!(
        msg.contains("max_gain_count 1 per round allows 7") && msg.contains("protect_need"),
        "{msg}"
    );
    assert!(err.message(Lang::Zh).contains("多 9 名"));
}

#[test]
fn plan_rejects_bad_parameters_and_tables() {
    let mut p = Params::default();
    p.plan.max_loss_share = 1.5;
    let err = plan(&frame(&district()), &p).unwrap_err();
    assert!(matches!(err, PlanError::Params(_)));
    assert!(err.to_string().contains("plan.max_loss_share"), "{err}");

    let df = frame(&district()).drop(mcol::REQUIRED).unwrap();
    let err = plan(&df, &Params::default()).unwrap_err();
    assert!(
        matches!(err, PlanError::Input(_)) && err.to_string().contains("required"),
        "{err}"
    );

    let mut units = district();
    units.push(units[0].clone());
    let err = plan(&frame(&units), &Params::default()).unwrap_err();
    assert!(err.to_string().contains("more than one row"), "{err}");

    // A unit's type twice under two departments, far apart, and a second such unit: the one
    // said is the first met in the table's own order.
    let mut units = district();
    let mut moved = units[1].clone();
    moved.dept = Some("别的系统".into());
    units.push(moved);
    let mut earlier = units[4].clone();
    earlier.dept = None;
    units.insert(2, earlier);
    let err = plan(&frame(&units), &Params::default()).unwrap_err();
    assert!(matches!(err, PlanError::Input(_)), "{err}");
    assert!(err.to_string().contains("综合行政执法大队"), "{err}");
}

#[test]
fn plan_scenarios_compare_side_by_side() {
    let df = frame(&district());
    let a = plan(&df, &Params::default()).unwrap();
    let b = plan(&df, &bounds_off(Method::Webster)).unwrap();
    let c = compare(&a, &b).unwrap();
    assert_eq!(c.height(), a.units.height());
    let ta = ints(&c, col::TARGET_A);
    let tb = ints(&c, col::TARGET_B);
    let d = ints(&c, col::DIFFERENCE);
    for i in 0..c.height() {
        assert_eq!(d[i], Some(tb[i].unwrap() - ta[i].unwrap()));
    }
    assert!(d.iter().any(|x| *x != Some(0)), "bounds off should change something");
    assert_eq!(ints(&c, mcol::APPROVED), ints(&a.units, mcol::APPROVED));
}

#[test]
fn plan_changes_name_every_unit_whose_target_moved() {
    let df = frame(&district());
    let a = plan(&df, &Params::default()).unwrap();
    let b = plan(&df, &bounds_off(Method::Webster)).unwrap();
    let changed = changes(&a, &b).unwrap();
    let d = ints(&compare(&a, &b).unwrap(), col::DIFFERENCE);
    assert_eq!(changed.targets.len(), d.iter().filter(|x| **x != Some(0)).count());
    assert!(changed.targets.iter().all(|t| t.before != t.after));
    assert!(changed.moved[0].is_some() && changed.moved[1].is_some());
    assert!(changes(&a, &a).unwrap().is_empty());
    // Rows in another order are matched by unit and quota type: the same changes, in the
    // same order.
    let reordered = Plan {
        units: b.units.reverse(),
        transfers: b.transfers.clone(),
        summary: b.summary.clone(),
        findings: Vec::new(),
    };
    assert_eq!(changes(&a, &reordered).unwrap(), changed);
    assert!(changed.targets.len() > 1);
}

/// An overloaded unit made to give posts (protect_need off) is warned about; one that gains
/// posts which only regularise staff already over quota says so, and its saturation does not
/// move.
#[test]
fn plan_says_when_an_overloaded_unit_gives_and_when_a_gain_only_absorbs_over_quota() {
    let units = vec![
        u("甲所", None, ADMIN, 10, 8, Some(13.0)),
        u("乙局", None, ADMIN, 10, 10, Some(40.0)),
    ];
    let mut params = Params::default();
    params.plan.protect_need = false;
    let p = plan(&frame(&units), &params).unwrap();
    assert_eq!(targets(&p, ADMIN, &["甲所", "乙局"]), [8, 12]);
    let warning = p
        .findings
        .iter()
        .find(|f| f.code == "plan_overloaded_donor")
        .expect("warned");
    assert!(
        warning.zh.contains("甲所") && warning.zh.contains("保障工作量所需编制"),
        "{}",
        warning.zh
    );
    params.plan.protect_need = true;
    let p = plan(&frame(&units), &params).unwrap();
    assert!(p.findings.iter().all(|f| f.code != "plan_overloaded_donor"));

    // 丙处 is 2 over quota and overloaded; 丁站 has idle vacant posts.
    let units = vec![
        u("丙处", None, ADMIN, 10, 12, Some(15.0)),
        u("丁站", None, ADMIN, 10, 6, Some(3.0)),
    ];
    let p = plan(&frame(&units), &Params::default()).unwrap();
    let [gain, _] = targets(&p, ADMIN, &["丙处", "丁站"])[..] else {
        panic!()
    };
    assert_eq!(gain, 12, "two posts, both for the people over quota");
    let names = strs(&p.units, mcol::UNIT);
    let (bing, ding) = (
        names.iter().position(|n| n.as_deref() == Some("丙处")).unwrap(),
        names.iter().position(|n| n.as_deref() == Some("丁站")).unwrap(),
    );
    let reasons = strs(&p.units, col::REASON);
    assert!(
        reasons[bing].as_deref().unwrap().starts_with("absorbs_over_quota"),
        "{reasons:?}"
    );
    // Against its posts: quota saturation 15/10 → 15/12, and the two over quota absorbed.
    let before = floats(&p.units, mcol::QUOTA_SATURATION)[bing].unwrap();
    let after = floats(&p.units, col::SATURATION_AFTER)[bing].unwrap();
    assert!(
        (before - 1.5).abs() < 1e-12 && (after - 1.25).abs() < 1e-12,
        "{before} → {after}"
    );
    assert_eq!(floats(&p.units, col::POSTS_SHORT)[bing], Some(5.0));
    assert_eq!(floats(&p.units, col::POSTS_SHORT_AFTER)[bing], Some(3.0));
    assert_eq!(ints(&p.units, mcol::OVER_QUOTA)[bing], Some(2));
    assert_eq!(ints(&p.units, col::OVER_QUOTA_AFTER)[bing], Some(0));
    assert_eq!(ints(&p.units, mcol::VACANCY)[ding], Some(4));
    assert_eq!(
        ints(&p.units, col::VACANCY_AFTER)[ding],
        Some(2),
        "丁站 gives two vacancies"
    );
}

#[test]
fn plan_of_many_units_is_quick() {
    let units: Vec<U> = (0..3000)
        .map(|i| {
            let approved = 5 + (i * 7 % 23) as i64;
            let actual = approved - (i % 4) as i64;
            let required = Some(approved as f64 * (0.4 + (i * 13 % 17) as f64 / 10.0));
            let dept = format!("系统{}", i % 40);
            let mut x = u(
                &format!("单位{i:04}"),
                Some(&dept),
                [ADMIN, INST][i % 2],
                approved,
                actual,
                required,
            );
            x.front_line = i % 5 == 0;
            x
        })
        .collect();
    let df = frame(&units);
    // How fast is the benchmark's business (benches/engine.rs); here, that it plans at all.
    let plan = plan(&df, &Params::default()).unwrap();
    assert_eq!(plan.units.height(), 3000);
}

// -- properties ------------------------------------------------------------------------------

const FLAGS: [&str; 4] = ["", "long_idle", "shrinking_work;low_efficiency", "over_quota"];
const DEPTS: [Option<&str>; 4] = [Some("甲系统"), Some("乙系统"), Some("丙系统"), None];

fn units_strategy() -> impl Strategy<Value = Vec<U>> {
    let row = (
        0usize..4,
        0i64..40,
        0i64..45,
        prop_oneof![1 => Just(None), 5 => (0.0f64..60.0).prop_map(Some)],
        any::<bool>(),
        any::<bool>(),
        0usize..4,
    );
    prop::collection::vec(row, 1..24).prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(|(i, (d, approved, actual, required, key, front, f))| {
                // Unit names repeat across the two types, never within one.
                let mut x = u(
                    &format!("单位{:02}", i / 2),
                    DEPTS[d],
                    [ADMIN, INST][i % 2],
                    approved,
                    actual,
                    required,
                );
                x.key_area = key;
                x.front_line = front;
                x.flags = FLAGS[f].to_owned();
                x
            })
            .collect()
    })
}

fn params_strategy() -> impl Strategy<Value = Params> {
    (
        prop_oneof![Just(Method::Webster), Just(Method::Hamilton)],
        any::<bool>(),
        prop_oneof![Just(0.0), Just(0.2), Just(0.5), Just(1.0)],
        prop_oneof![Just(None), Just(Some(0.3)), Just(Some(1.0))],
        prop_oneof![Just(None), Just(Some(0)), Just(Some(3))],
        -3i64..4,
        0.5f64..2.0,
        prop_oneof![Just(vec![]), Just(vec!["乙系统".to_owned()])],
        any::<bool>(),
    )
        .prop_map(
            |(method, keep, loss, gain_share, gain_count, reserve, w, frozen, protect)| {
                let mut p = Params {
                    plan: PlanParams {
                        method,
                        keep_incumbents: keep,
                        protect_need: protect,
                        max_loss_share: loss,
                        max_gain_share: gain_share,
                        max_gain_count: gain_count,
                        key_area_weight: w,
                        front_line_weight: 1.3,
                        frozen_departments: frozen,
                        ..PlanParams::default()
                    },
                    ..Params::default()
                };
                if reserve != 0 {
                    p.plan.reserve.insert(ADMIN.to_owned(), reserve);
                }
                p
            },
        )
}

fn floats(df: &DataFrame, name: &str) -> Vec<Option<f64>> {
    df.column(name).unwrap().f64().unwrap().iter().collect()
}

/// Every invariant a plan must keep, checked from its tables alone.
fn check_plan(units: &[U], params: &Params, plan: &Plan) {
    let p = &params.plan;
    let df = &plan.units;
    let name = strs(df, mcol::UNIT);
    let qt = strs(df, mcol::QUOTA_TYPE);
    let approved = ints(df, mcol::APPROVED);
    let actual = ints(df, mcol::ACTUAL);
    let lower = ints(df, col::LOWER);
    let upper = ints(df, col::UPPER);
    let target = ints(df, col::TARGET);
    let change = ints(df, col::CHANGE);
    let bound = strs(df, col::BOUND);
    let required = floats(df, mcol::REQUIRED);
    assert_eq!(df.height(), units.len());
    let key = |i: usize| (qt[i].clone().unwrap(), name[i].clone().unwrap());
    let mut net: HashMap<(String, String), i64> = HashMap::new();
    for i in 0..df.height() {
        let (e, a, t) = (approved[i].unwrap(), actual[i].unwrap(), target[i].unwrap());
        // Bounds hold, and they are the documented ones.
        assert!(lower[i].unwrap() <= t && upper[i].is_none_or(|u| t <= u), "row {i}");
        assert_eq!(change[i], Some(t - e));
        match bound[i].as_deref().unwrap() {
            "frozen" | "no_survey" | "not_in_staffing" => assert_eq!(t, e),
            _ => {
                assert!(t >= e - share_of(p.max_loss_share, e));
                if p.keep_incumbents {
                    assert!(t >= a.min(e));
                }
                if let Some(c) = p.max_gain_count {
                    assert!(t <= e + c);
                }
                if p.protect_need {
                    let needed = required[i].unwrap().ceil() as i64;
                    assert!(
                        t >= e.min(needed) && t <= e.max(needed),
                        "row {i}: {t} vs {e}, {needed}"
                    );
                }
            }
        }
        net.insert(key(i), 0);
    }
    // The pool is conserved per quota type.
    for t in [ADMIN, INST] {
        let idx: Vec<usize> = (0..df.height()).filter(|&i| qt[i].as_deref() == Some(t)).collect();
        if idx.is_empty() {
            continue;
        }
        let reserve = p.reserve.get(t).copied().unwrap_or(0);
        let e: i64 = idx.iter().map(|&i| approved[i].unwrap()).sum();
        let tg: i64 = idx.iter().map(|&i| target[i].unwrap()).sum();
        assert_eq!(tg, e - reserve, "pool of {t}");
    }
    // Transfers stay inside their type, match the changes, and nobody both gives and receives.
    let tr = &plan.transfers;
    let (tt, from, to, posts) = (
        strs(tr, mcol::QUOTA_TYPE),
        strs(tr, col::FROM_UNIT),
        strs(tr, col::TO_UNIT),
        ints(tr, col::POSTS),
    );
    let mut givers = HashSet::new();
    let mut takers = HashSet::new();
    let mut reserve_net: HashMap<String, i64> = HashMap::new();
    for i in 0..tr.height() {
        let t = tt[i].clone().unwrap();
        let n = posts[i].unwrap();
        assert!(n > 0);
        match &from[i] {
            Some(f) => {
                *net.get_mut(&(t.clone(), f.clone())).expect("donor of the same type") -= n;
                givers.insert((t.clone(), f.clone()));
            }
            None => *reserve_net.entry(t.clone()).or_default() -= n,
        }
        match &to[i] {
            Some(r) => {
                *net.get_mut(&(t.clone(), r.clone()))
                    .expect("recipient of the same type") += n;
                takers.insert((t.clone(), r.clone()));
            }
            None => *reserve_net.entry(t.clone()).or_default() += n,
        }
    }
    assert!(givers.is_disjoint(&takers));
    for i in 0..df.height() {
        assert_eq!(net[&key(i)], change[i].unwrap(), "flows of {:?}", key(i));
    }
    for (t, n) in reserve_net {
        assert_eq!(n, p.reserve.get(&t).copied().unwrap_or(0));
    }
    // Moved = Σ positive changes, overall.
    let moved: i64 = change.iter().map(|c| c.unwrap().max(0)).sum();
    assert_eq!(ints(&plan.summary, col::MOVED).last().copied().flatten(), Some(moved));
    // No NaN or infinity anywhere.
    for frame in [&plan.units, &plan.transfers, &plan.summary] {
        for c in frame.columns() {
            if c.dtype() == &DataType::Float64 {
                assert!(
                    floats(frame, c.name()).iter().flatten().all(|v| v.is_finite()),
                    "{}",
                    c.name()
                );
            }
        }
    }
}

/// Whether every quota type can meet its pool less its reserve within the bounds the rules set,
/// worked out from the rules as documented, apart from the planner's own code: a unit outside
/// the plan (frozen department, no survey) keeps its quota; one inside may fall to
/// approved − its loss limit, raised to the posts its work needs (protect_need) or to its staff
/// in post (keep_incumbents), and may grow by its gain limit, or to what its work needs.
fn feasible_by_the_rules(units: &[U], p: &PlanParams) -> bool {
    let share = |s: f64, n: i64| (n as f64 * s + 1e-9).floor() as i64;
    let needed = |r: f64| (r - 1e-9).ceil().max(0.0) as i64;
    let mut types: Vec<&str> = units.iter().map(|x| x.quota_type.as_str()).collect();
    types.sort_unstable();
    types.dedup();
    types.into_iter().all(|t| {
        let (mut fixed, mut pool, mut low, mut high, mut open) = (0i64, 0i64, 0i64, 0i64, false);
        let mut inside = 0usize;
        for x in units.iter().filter(|x| x.quota_type == t) {
            pool += x.approved;
            let frozen = x.dept.as_ref().is_some_and(|d| p.frozen_departments.contains(d));
            let Some(req) = x.required.filter(|_| !frozen) else {
                fixed += x.approved;
                continue;
            };
            inside += 1;
            let e = x.approved;
            let mut floor = e - share(p.max_loss_share, e);
            if p.protect_need {
                floor = floor.max(needed(req).min(e));
            }
            if p.keep_incumbents {
                floor = floor.max(x.actual.min(e));
            }
            low += floor;
            let gain = match (p.max_gain_share, p.max_gain_count) {
                (None, None) => None,
                (s, c) => Some(s.map_or(i64::MAX, |s| share(s, e)).min(c.unwrap_or(i64::MAX))),
            };
            let mut cap = gain.map(|g| e.saturating_add(g));
            if p.protect_need && cap.is_none_or(|c| needed(req).max(e) <= c) {
                cap = Some(needed(req).max(e));
            }
            match cap {
                Some(c) => high += c,
                None => open = true,
            }
        }
        let seats = pool - fixed - p.reserve.get(t).copied().unwrap_or(0);
        if inside == 0 {
            return seats == pool - fixed;
        }
        low <= seats && (open || seats <= high)
    })
}

/// The properties of every plan, on generated districts and rules: a plan is made exactly when
/// the rules allow one (checked against [`feasible_by_the_rules`]), and the count of cases of
/// each kind shows both were checked.
#[test]
fn plan_properties_hold() {
    use proptest::test_runner::{Config, TestRunner};
    let (made, refused) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
    let mut runner = TestRunner::new_with_rng(
        Config::with_cases(300),
        proptest::test_runner::TestRng::deterministic_rng(proptest::test_runner::RngAlgorithm::ChaCha),
    );
    runner
        .run(&(units_strategy(), params_strategy()), |(units, params)| {
            let df = frame(&units);
            let feasible = feasible_by_the_rules(&units, &params.plan);
            match plan(&df, &params) {
                Ok(result) => {
                    prop_assert!(feasible, "a plan was made where the rules allow none");
                    made.set(made.get() + 1);
                    check_plan(&units, &params, &result);
                    // Same input, same plan; the order of the input rows does not matter.
                    let again = plan(&df, &params).unwrap();
                    let mut reversed = units.clone();
                    reversed.reverse();
                    let shuffled = plan(&frame(&reversed), &params).unwrap();
                    for other in [&again, &shuffled] {
                        prop_assert!(result.units.equals_missing(&other.units));
                        prop_assert!(result.transfers.equals_missing(&other.transfers));
                        prop_assert!(result.summary.equals_missing(&other.summary));
                    }
                }
                Err(PlanError::Infeasible(findings)) => {
                    prop_assert!(!feasible, "no plan, though the rules allow one");
                    refused.set(refused.get() + 1);
                    for f in findings {
                        prop_assert!(f.en.contains("reserve") || f.en.contains("releasing"), "{}", f.en);
                    }
                }
                Err(e) => prop_assert!(false, "unexpected error {e}"),
            }
            Ok(())
        })
        .unwrap();
    eprintln!("plans made {}, refused {}", made.get(), refused.get());
    // Both kinds of case were checked, not only the easy one.
    assert!(
        made.get() >= 50 && refused.get() >= 10,
        "made {}, refused {}",
        made.get(),
        refused.get()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn plan_webster_more_need_never_lowers_a_target(
        units in units_strategy(),
        pick in any::<prop::sample::Index>(),
        extra in 0.01f64..30.0,
        bounds in any::<bool>(),
    ) {
        // Without bounds, and with the default ones (which move with the unit's own need).
        let params = if bounds { Params::default() } else { bounds_off(Method::Webster) };
        let mut units = units;
        let i = pick.index(units.len());
        // A unit without survey stays out of the plan; give it a need of 0 to start from.
        units[i].required.get_or_insert(0.0);
        let before = plan(&frame(&units), &params).unwrap();
        let mut grown = units.clone();
        grown[i].required = Some(grown[i].required.unwrap_or(0.0) + extra);
        let after = plan(&frame(&grown), &params).unwrap();
        let (name, t) = (units[i].unit.as_str(), units[i].quota_type.as_str());
        let was = targets(&before, t, &[name])[0];
        let now = targets(&after, t, &[name])[0];
        prop_assert!(now >= was, "{name}: {was} -> {now}");
    }
}

#[test]
fn plan_totals_show_the_total_conserved_per_type() {
    let mut p = Params::default();
    p.plan.reserve.insert(ADMIN.to_owned(), 2);
    let plan = plan(&frame(&district()), &p).unwrap();
    let t = totals(&plan).unwrap();
    assert_eq!(
        strs(&t, mcol::QUOTA_TYPE),
        vec![
            Some(ADMIN.to_owned()),
            Some(INST.to_owned()),
            Some(ALL_TYPES.to_owned())
        ]
    );
    assert_eq!(ints(&t, mcol::APPROVED), vec![Some(72), Some(18), Some(90)]);
    assert_eq!(ints(&t, col::TARGET), vec![Some(70), Some(18), Some(88)]);
    assert_eq!(ints(&t, col::RESERVE), vec![Some(2), Some(0), Some(2)]);
}

proptest! {
    /// Names that part in their first eight bytes are ordered by them as by their text; names
    /// level there are left to the text. Short names, names one the start of another, zero
    /// bytes and Chinese names of shared starts.
    #[test]
    fn leading_bytes_never_order_names_against_their_text(
        a in "[区市县局\u{0}ab]{0,6}",
        b in "[区市县局\u{0}ab]{0,6}",
    ) {
        let (ka, kb) = (leading_bytes(&a), leading_bytes(&b));
        if ka != kb {
            prop_assert_eq!(ka.cmp(&kb), a.cmp(&b));
        }
    }
}

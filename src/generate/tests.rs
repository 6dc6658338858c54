use super::*;
use crate::model::Calendar;
use calamine::{Data, Dimensions, Reader, Xlsx, open_workbook};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

const H: f64 = 1840.0;

fn small_spec(seed: u64) -> SyntheticSpec {
    SyntheticSpec {
        units: 140,
        people_per_unit: 7,
        tasks_per_person: 4,
        seed,
    }
}

/// A survey row as a hashable key, for spotting exact duplicates.
fn row_key(r: &SurveyRow) -> String {
    format!(
        "{}|{}|{}|{:?}|{:?}|{:?}|{:?}|{}",
        r.unit, r.person, r.task, r.period, r.frequency, r.hours_each, r.annual_hours, r.year
    )
}

/// A unit's year: (approved, actual, leader posts, leaders in post, performance).
type Totals = (u32, u32, u32, u32, f64);

fn staffing_by_unit_year(d: &District) -> BTreeMap<(String, i32), Totals> {
    let mut m = BTreeMap::new();
    for r in &d.staffing {
        let e = m
            .entry((r.unit.to_string(), r.year))
            .or_insert((0, 0, 0, 0, r.performance));
        e.0 += r.approved;
        e.1 += r.actual;
        e.2 += r.leader_posts;
        e.3 += r.leaders_actual;
    }
    m
}

/// Workload per unit and year, exact duplicate rows counted once (the default rule).
fn workload(d: &District) -> HashMap<(String, i32), f64> {
    let cal = Calendar::default();
    let mut seen = HashSet::new();
    let mut w = HashMap::new();
    for r in &d.survey {
        if seen.insert(row_key(r)) {
            *w.entry((r.unit.to_string(), r.year)).or_insert(0.0) += r.annual(&cal);
        }
    }
    w
}

/// Saturation per unit and year where the unit has a survey that year.
fn saturation(d: &District) -> BTreeMap<(String, i32), f64> {
    let w = workload(d);
    staffing_by_unit_year(d)
        .into_iter()
        .filter_map(|(k, (_, a, ..))| w.get(&k).map(|w| (k, w / H / f64::from(a))))
        .collect()
}

fn stories(d: &District, kind: StoryKind) -> BTreeSet<String> {
    d.story_units(kind).into_iter().map(String::from).collect()
}

#[test]
fn same_seed_gives_the_same_district() {
    assert_eq!(synthetic(&small_spec(7)), synthetic(&small_spec(7)));
    assert_ne!(synthetic(&small_spec(7)), synthetic(&small_spec(8)));
    assert_eq!(sample_district(), sample_district());
}

#[test]
fn synthetic_counts_match_the_spec() {
    let spec = small_spec(5);
    let d = synthetic(&spec);
    let units: BTreeSet<&str> = d.staffing.iter().map(|r| &*r.unit).collect();
    assert_eq!(units.len(), spec.units);
    assert_eq!(d.roster.len(), spec.units * spec.people_per_unit);
    assert_eq!(
        d.survey.len(),
        spec.units * spec.people_per_unit * spec.tasks_per_person
    );
    assert_eq!(d.years(), vec![2025]);
    for ((unit, _), (_, actual, posts, leaders, perf)) in staffing_by_unit_year(&d) {
        assert_eq!(actual as usize, spec.people_per_unit, "{unit}");
        assert!(leaders <= posts + 1 && leaders <= actual, "{unit}");
        assert!((0.0..=100.0).contains(&perf));
    }
    let mut per_person: HashMap<(&str, &str), usize> = HashMap::new();
    for r in &d.survey {
        *per_person.entry((&r.unit, &r.person)).or_default() += 1;
    }
    assert_eq!(per_person.len(), spec.units * spec.people_per_unit);
    assert!(per_person.values().all(|&n| n == spec.tasks_per_person));
    assert!(d.stories.is_empty());
}

#[test]
fn synthetic_handles_empty_units_and_more_tasks_than_the_lists() {
    let d = synthetic(&SyntheticSpec {
        units: 3,
        people_per_unit: 0,
        tasks_per_person: 5,
        seed: 1,
    });
    assert_eq!(d.staffing.iter().map(|r| &r.unit).collect::<BTreeSet<_>>().len(), 3);
    assert!(d.roster.is_empty() && d.survey.is_empty());

    let d = synthetic(&SyntheticSpec {
        units: 2,
        people_per_unit: 2,
        tasks_per_person: 40,
        seed: 1,
    });
    assert_eq!(d.survey.len(), 2 * 2 * 40);
    let tasks: HashSet<(&str, &str, &str)> = d.survey.iter().map(|r| (&*r.unit, &*r.person, &*r.task)).collect();
    assert_eq!(tasks.len(), d.survey.len(), "a person's tasks are distinct");
}

#[test]
fn synthetic_saturation_follows_its_profiles() {
    let d = synthetic(&SyntheticSpec {
        units: 300,
        people_per_unit: 12,
        tasks_per_person: 8,
        seed: 11,
    });
    let s = saturation(&d);
    assert_eq!(s.len(), 300);
    let idle = s.values().filter(|&&x| x < 0.66).count();
    let over = s.values().filter(|&&x| x > 1.14).count();
    assert!((15..=50).contains(&idle), "idle {idle}");
    assert!((35..=90).contains(&over), "overloaded {over}");
    assert!(s.values().all(|&x| (0.35..1.55).contains(&x)));
}

#[test]
fn sample_has_the_shape_of_a_district() {
    let d = sample_district();
    let units: BTreeSet<&str> = d.staffing.iter().map(|r| &*r.unit).collect();
    let departments: BTreeSet<&str> = d.staffing.iter().map(|r| &*r.department).collect();
    assert!((60..=75).contains(&units.len()), "{}", units.len());
    assert!((14..=17).contains(&departments.len()), "{}", departments.len());
    let types: BTreeSet<_> = d.staffing.iter().map(|r| r.quota_type).collect();
    for q in QuotaType::ALL {
        assert_eq!(types.contains(&q), q != QuotaType::Unspecified, "{q:?}");
    }
    assert_eq!(d.years(), vec![2023, 2024, 2025]);
    let survey_years: BTreeSet<i32> = d.survey.iter().map(|r| r.year).collect();
    assert_eq!(survey_years, BTreeSet::from([2023, 2024, 2025]));
    let categories: BTreeSet<&str> = d.staffing.iter().map(|r| &*r.category).collect();
    for c in ["党政机关", "事业单位", "街道", "乡镇", "重点领域", "政法机关"] {
        assert!(categories.contains(c), "{c}");
    }
    let mut types_per_unit: HashMap<&str, BTreeSet<QuotaType>> = HashMap::new();
    for r in d.staffing.iter().filter(|r| r.year == 2025) {
        types_per_unit.entry(&r.unit).or_default().insert(r.quota_type);
    }
    let two = types_per_unit.values().filter(|t| t.len() == 2).count();
    assert!(two >= 8, "{two} units hold two quota types");
    // A people's survey per unit: several people, several tasks each.
    assert!(d.survey.len() > 20_000 && d.survey.len() < 60_000, "{}", d.survey.len());
}

#[test]
fn sample_crosses_the_red_lines_in_the_latest_year() {
    let d = sample_district();
    let over_quota: BTreeSet<String> = d
        .staffing
        .iter()
        .filter(|r| r.year == 2025 && r.actual > r.approved)
        .map(|r| r.unit.to_string())
        .collect();
    assert!((3..=5).contains(&over_quota.len()), "{over_quota:?}");
    assert_eq!(over_quota, stories(&d, StoryKind::OverQuota));

    let over_leaders: BTreeSet<String> = staffing_by_unit_year(&d)
        .into_iter()
        .filter(|((_, y), (_, _, posts, leaders, _))| *y == 2025 && leaders > posts)
        .map(|((u, _), _)| u)
        .collect();
    assert!((2..=3).contains(&over_leaders.len()), "{over_leaders:?}");
    assert_eq!(over_leaders, stories(&d, StoryKind::OverLeaders));
}

#[test]
fn sample_long_idle_units_are_idle_every_year() {
    let d = sample_district();
    let s = saturation(&d);
    let staff = staffing_by_unit_year(&d);
    let idle_in = |unit: &str, year: i32| {
        let (e, a, ..) = staff[&(unit.to_string(), year)];
        let vacancy_rate = if e > 0 {
            f64::from(e.saturating_sub(a)) / f64::from(e)
        } else {
            0.0
        };
        let under = s.get(&(unit.to_string(), year)).is_some_and(|&x| x < 0.8);
        (vacancy_rate >= 0.1 && e > a) || under
    };
    let units: BTreeSet<&str> = d.staffing.iter().map(|r| &*r.unit).collect();
    let long_idle: BTreeSet<String> = units
        .iter()
        .filter(|u| [2023, 2024, 2025].iter().all(|&y| idle_in(u, y)))
        .map(|u| u.to_string())
        .collect();
    assert!((3..=4).contains(&long_idle.len()), "{long_idle:?}");
    assert_eq!(long_idle, stories(&d, StoryKind::LongIdle));
    for u in &long_idle {
        for y in [2023, 2024, 2025] {
            let x = s[&(u.clone(), y)];
            assert!((0.4..0.62).contains(&x), "{u} {y}: {x}");
            let (e, a, ..) = staff[&(u.clone(), y)];
            assert!(e - a >= 3, "{u} {y}: large vacancy");
        }
    }
}

#[test]
fn sample_shrinking_work_falls_every_year() {
    let d = sample_district();
    let w = workload(&d);
    let units: BTreeSet<&str> = d.staffing.iter().map(|r| &*r.unit).collect();
    let shrinking: BTreeSet<String> = units
        .iter()
        .filter_map(|u| {
            let ws: Vec<f64> = [2023, 2024, 2025]
                .iter()
                .map(|&y| w.get(&(u.to_string(), y)).copied())
                .collect::<Option<_>>()?;
            let falling = ws.windows(2).all(|p| p[1] < p[0]);
            (falling && (ws[0] - ws[2]) / ws[0] > 0.1).then(|| u.to_string())
        })
        .collect();
    assert!((2..=3).contains(&shrinking.len()), "{shrinking:?}");
    assert_eq!(shrinking, stories(&d, StoryKind::ShrinkingWork));
    for u in &shrinking {
        let drop = 1.0 - w[&(u.clone(), 2025)] / w[&(u.clone(), 2023)];
        assert!(drop > 0.2, "{u} falls by {drop}");
    }
}

#[test]
fn sample_low_efficiency_pairs_poor_scores_with_low_saturation() {
    let d = sample_district();
    let s = saturation(&d);
    let low: BTreeSet<String> = staffing_by_unit_year(&d)
        .into_iter()
        .filter(|((_, y), v)| *y == 2025 && v.4 < 70.0)
        .map(|((u, _), _)| u)
        .collect();
    assert_eq!(low.len(), 2, "{low:?}");
    assert_eq!(low, stories(&d, StoryKind::LowEfficiency));
    for u in &low {
        assert!(s[&(u.clone(), 2025)] < 0.8, "{u}");
    }
    assert!(d.staffing.iter().all(|r| (60.0..=100.0).contains(&r.performance)));
}

#[test]
fn sample_front_line_and_key_areas_are_overloaded_the_rest_balanced() {
    let d = sample_district();
    let s = saturation(&d);
    let overloaded = stories(&d, StoryKind::Overloaded);
    let category: HashMap<&str, &str> = d.staffing.iter().map(|r| (&*r.unit, &*r.category)).collect();
    for u in overloaded.iter() {
        for y in [2023, 2024, 2025] {
            let x = s[&(u.clone(), y)];
            assert!((1.18..1.52).contains(&x), "{u} {y}: {x}");
        }
    }
    for (u, c) in &category {
        if *c == "街道" || *c == "重点领域" {
            assert!(overloaded.contains(*u), "{u} ({c}) should be overloaded");
        }
    }
    let storied: BTreeSet<String> = [
        StoryKind::LongIdle,
        StoryKind::ShrinkingWork,
        StoryKind::LowEfficiency,
        StoryKind::Overloaded,
    ]
    .into_iter()
    .flat_map(|k| stories(&d, k))
    .collect();
    let mut balanced = 0;
    for ((u, y), x) in &s {
        if !storied.contains(u) {
            assert!((0.84..1.06).contains(x), "{u} {y}: {x}");
            balanced += 1;
        }
    }
    assert!(balanced > 100, "{balanced} balanced unit-years");
}

#[test]
fn sample_roster_matches_the_latest_staffing() {
    let d = sample_district();
    let mut staffed: BTreeMap<(String, QuotaType), u32> = BTreeMap::new();
    let mut leaders: BTreeMap<String, u32> = BTreeMap::new();
    for r in d.staffing.iter().filter(|r| r.year == 2025) {
        *staffed.entry((r.unit.to_string(), r.quota_type)).or_default() += r.actual;
        *leaders.entry(r.unit.to_string()).or_default() += r.leaders_actual;
    }
    let mut listed: BTreeMap<(String, QuotaType), u32> = BTreeMap::new();
    let mut listed_leaders: BTreeMap<String, u32> = BTreeMap::new();
    let mut names: HashSet<(&str, &str)> = HashSet::new();
    for r in &d.roster {
        *listed.entry((r.unit.to_string(), r.quota_type)).or_default() += 1;
        *listed_leaders.entry(r.unit.to_string()).or_default() += u32::from(r.leader);
        assert!(names.insert((&r.unit, &r.name)), "{} twice in {}", r.name, r.unit);
        assert!(r.name.chars().count() >= 2 && r.name.chars().count() <= 4, "{}", r.name);
    }
    staffed.retain(|_, n| *n > 0);
    assert_eq!(listed, staffed);
    assert!(leaders.values().all(|&n| n > 0), "every unit has a leader in post");
    assert_eq!(listed_leaders, leaders);
    let sexes: HashSet<Sex> = d.roster.iter().map(|r| r.sex).collect();
    assert_eq!(sexes.len(), 2);

    // The latest survey covers exactly the roster (under the misspelled name for one unit).
    let (right, wrong) = sample::MISSPELLED;
    let surveyed: HashSet<(&str, &str)> = d
        .survey
        .iter()
        .filter(|r| r.year == 2025)
        .map(|r| (if &*r.unit == wrong { right } else { &*r.unit }, &*r.person))
        .collect();
    assert_eq!(surveyed, names);
}

#[test]
fn sample_survey_carries_the_faults_the_quality_rules_look_for() {
    let d = sample_district();
    let cal = Calendar::default();
    let mut seen = HashSet::new();
    let duplicates = d.survey.iter().filter(|r| !seen.insert(row_key(r))).count();
    assert_eq!(duplicates, 2);
    assert_eq!(stories(&d, StoryKind::DuplicateRows).len(), 2);

    let staffed: BTreeSet<&str> = d.staffing.iter().map(|r| &*r.unit).collect();
    let surveyed: BTreeSet<&str> = d.survey.iter().map(|r| &*r.unit).collect();
    let strangers: BTreeSet<String> = surveyed.difference(&staffed).map(|s| s.to_string()).collect();
    assert_eq!(strangers, stories(&d, StoryKind::NotInStaffing));
    assert_eq!(strangers.len(), 1);
    let surveyed_2025: BTreeSet<&str> = d.survey.iter().filter(|r| r.year == 2025).map(|r| &*r.unit).collect();
    let unsurveyed: BTreeSet<String> = staffed.difference(&surveyed_2025).map(|s| s.to_string()).collect();
    assert_eq!(unsurveyed, stories(&d, StoryKind::SurveyMissing));

    let direct: Vec<&SurveyRow> = d.survey.iter().filter(|r| r.annual_hours.is_some()).collect();
    assert!(direct.len() > 200, "{} rows give annual hours", direct.len());
    assert!(
        direct
            .iter()
            .all(|r| r.period.is_none() && r.frequency.is_none() && r.hours_each.is_none())
    );
    let listed = d.survey.iter().filter(|r| r.annual_hours.is_none());
    assert!(
        listed
            .clone()
            .all(|r| r.period.is_some() && r.frequency.is_some() && r.hours_each.is_some())
    );
    let periods: BTreeSet<&str> = listed.filter_map(|r| r.period).map(period_label).collect();
    assert_eq!(periods.len(), 5);

    let implausible: Vec<&SurveyRow> = d
        .survey
        .iter()
        .filter(|r| r.hours_each.is_some_and(|h| h > 24.0))
        .collect();
    assert_eq!(implausible.len(), 1);
    assert_eq!(
        stories(&d, StoryKind::ImplausibleHours),
        BTreeSet::from([implausible[0].unit.to_string()])
    );

    // Over-hours people: some in ordinary units, not only where the whole unit is overloaded.
    let mut hours: HashMap<(&str, &str), f64> = HashMap::new();
    for r in d.survey.iter().filter(|r| r.year == 2025) {
        *hours.entry((&r.unit, &r.person)).or_default() += r.annual(&cal);
    }
    let overloaded = stories(&d, StoryKind::Overloaded);
    let over: Vec<_> = hours.iter().filter(|(_, h)| **h > 1.2 * H).collect();
    let ordinary = over.iter().filter(|((u, _), _)| !overloaded.contains(*u)).count();
    assert!(ordinary >= 3, "{ordinary} over-hours people outside overloaded units");
    assert!(
        over.len() * 3 < hours.len(),
        "{} of {} over hours",
        over.len(),
        hours.len()
    );
    let min = hours.values().cloned().fold(f64::MAX, f64::min);
    assert!(min < 0.6 * H, "per-person hours vary (lowest {min})");
}

#[test]
fn summary_reports_the_counts() {
    let d = sample_district();
    let s = district_summary(&d);
    assert!(s.starts_with("青川区（2023—2025年度）"), "{s}");
    assert!(s.contains("单位 66 个，主管部门 16 个"), "{s}");
    assert!(s.contains(&format!("花名册 {} 人", d.roster.len())), "{s}");
    assert!(s.contains(&format!("工作量调查 {} 行", d.survey.len())), "{s}");
}

#[test]
fn formats_parse_from_the_command_line() {
    assert_eq!(Format::parse("CSV"), Some(Format::Csv));
    assert_eq!(Format::parse("gbk"), Some(Format::CsvGbk));
    assert_eq!(Format::parse("csv-gbk"), Some(Format::CsvGbk));
    assert_eq!(Format::parse("xlsx"), Some(Format::Xlsx));
    assert_eq!(Format::parse("ods"), None);
}

fn file_names(paths: &[std::path::PathBuf]) -> BTreeSet<String> {
    paths
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn csv_files_carry_title_header_and_total_in_both_encodings() {
    let d = sample_district();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("青川 样例数据");
    let paths = write_district(&d, &dir, &[Format::Csv, Format::CsvGbk]).unwrap();
    assert_eq!(
        file_names(&paths),
        BTreeSet::from(
            [
                "staffing.csv",
                "staffing_gbk.csv",
                "roster.csv",
                "roster_gbk.csv",
                "survey.csv",
                "survey_gbk.csv",
                "standards.csv",
                "standards_gbk.csv",
                "volumes.csv",
                "volumes_gbk.csv"
            ]
            .map(String::from)
        )
    );
    assert!(paths.iter().all(|p| p.starts_with(&dir) && p.is_file()));

    for stem in ["staffing", "roster", "survey"] {
        let utf8 = std::fs::read(dir.join(format!("{stem}.csv"))).unwrap();
        let text = std::str::from_utf8(utf8.strip_prefix("\u{feff}".as_bytes()).expect("BOM")).unwrap();
        let gbk = std::fs::read(dir.join(format!("{stem}_gbk.csv"))).unwrap();
        let (decoded, had_errors) = encoding_rs::GBK.decode_without_bom_handling(&gbk);
        assert!(!had_errors, "{stem}");
        assert_eq!(decoded, text, "{stem}");
        assert_ne!(gbk, text.as_bytes(), "{stem}_gbk.csv is not UTF-8");
        assert_eq!(text.matches('\n').count(), text.matches("\r\n").count(), "CRLF only");
    }

    let text = std::fs::read_to_string(dir.join("staffing.csv")).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), d.staffing.len() + 3);
    assert_eq!(lines[0], format!("{}{}", d.staffing_title, ",".repeat(10)));
    assert_eq!(
        lines[1],
        "序号,主管部门,单位名称,单位类别,编制类型,年度,核定编制数,实有人数,领导职数,实配领导职数,绩效考评得分"
    );
    let first = &d.staffing[0];
    assert!(
        lines[2].starts_with(&format!("1,{},{},", first.department, first.unit)),
        "{}",
        lines[2]
    );
    let approved: u32 = d.staffing.iter().map(|r| r.approved).sum();
    let actual: u32 = d.staffing.iter().map(|r| r.actual).sum();
    let posts: u32 = d.staffing.iter().map(|r| r.leader_posts).sum();
    let leaders: u32 = d.staffing.iter().map(|r| r.leaders_actual).sum();
    assert_eq!(
        *lines.last().unwrap(),
        format!("合计,,,,,,{approved},{actual},{posts},{leaders},")
    );

    let survey = std::fs::read_to_string(dir.join("survey.csv")).unwrap();
    let lines: Vec<&str> = survey.lines().collect();
    assert_eq!(lines.len(), d.survey.len() + 2);
    assert_eq!(
        lines[1],
        "单位名称,姓名,工作事项,频次周期,频次,每次用时（小时）,年工作时长（小时）,年度"
    );
    assert!(lines.iter().any(|l| l.contains(",每日,")));
    let roster = std::fs::read_to_string(dir.join("roster.csv")).unwrap();
    assert_eq!(roster.lines().count(), d.roster.len() + 2);
    assert_eq!(
        roster.lines().nth(1),
        Some("序号,单位名称,姓名,性别,编制类型,职务,是否领导")
    );
}

fn cell(range: &calamine::Range<Data>, r: u32, c: u32) -> Data {
    range.get_value((r, c)).cloned().unwrap_or(Data::Empty)
}

fn text(s: &str) -> Data {
    Data::String(s.to_string())
}

#[test]
fn xlsx_files_open_with_title_merged_header_and_total() {
    let d = sample_district();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("输出 xlsx");
    let paths = write_district(&d, &dir, &[Format::Xlsx]).unwrap();
    assert_eq!(
        file_names(&paths),
        BTreeSet::from(
            [
                "staffing.xlsx",
                "roster.xlsx",
                "survey.xlsx",
                "standards.xlsx",
                "volumes.xlsx"
            ]
            .map(String::from)
        )
    );

    let mut wb: Xlsx<_> = open_workbook(dir.join("staffing.xlsx")).unwrap();
    assert_eq!(wb.sheet_names(), vec!["编制情况".to_string()]);
    let range = wb.worksheet_range("编制情况").unwrap();
    assert_eq!(cell(&range, 0, 0), text(&d.staffing_title));
    assert_eq!(cell(&range, 1, 0), text(&d.note));
    for (c, name) in ["序号", "主管部门", "单位名称", "单位类别", "编制类型", "年度"]
        .iter()
        .enumerate()
    {
        assert_eq!(cell(&range, 2, c as u32), text(name));
        assert_eq!(cell(&range, 3, c as u32), Data::Empty);
    }
    assert_eq!(cell(&range, 2, 6), text("编制情况"));
    assert_eq!(cell(&range, 2, 8), text("领导职数"));
    assert_eq!(cell(&range, 2, 10), text("绩效考评得分"));
    for (c, name) in [(6, "核定编制数"), (7, "实有人数"), (8, "核定"), (9, "实配")] {
        assert_eq!(cell(&range, 3, c), text(name));
    }
    let first = &d.staffing[0];
    assert_eq!(cell(&range, 4, 0), Data::Float(1.0));
    assert_eq!(cell(&range, 4, 2), text(&first.unit));
    assert_eq!(cell(&range, 4, 4), text(first.quota_type.canonical()));
    assert_eq!(cell(&range, 4, 6), Data::Float(f64::from(first.approved)));
    let total = 4 + d.staffing.len() as u32;
    assert_eq!(range.end().map(|e| e.0), Some(total));
    assert_eq!(cell(&range, total, 0), text("合计"));
    let approved: u32 = d.staffing.iter().map(|r| r.approved).sum();
    let leaders: u32 = d.staffing.iter().map(|r| r.leaders_actual).sum();
    assert_eq!(cell(&range, total, 6), Data::Float(f64::from(approved)));
    assert_eq!(cell(&range, total, 9), Data::Float(f64::from(leaders)));

    let merged: BTreeSet<((u32, u32), (u32, u32))> = wb
        .merge_cells_by_sheet_name("编制情况")
        .unwrap()
        .into_iter()
        .map(|Dimensions { start, end }| (start, end))
        .collect();
    let mut expected = BTreeSet::from([
        ((0, 0), (0, 10)),
        ((1, 0), (1, 10)),
        ((2, 6), (2, 7)),
        ((2, 8), (2, 9)),
        ((2, 10), (3, 10)),
        ((total, 0), (total, 5)),
    ]);
    expected.extend((0..6).map(|c| ((2, c), (3, c))));
    assert_eq!(merged, expected);

    let mut wb: Xlsx<_> = open_workbook(dir.join("survey.xlsx")).unwrap();
    let range = wb.worksheet_range("工作量调查").unwrap();
    assert_eq!(cell(&range, 0, 0), text(&d.survey_title));
    assert_eq!(cell(&range, 2, 5), text("每次用时（小时）"));
    assert_eq!(range.end().map(|e| e.0), Some(2 + d.survey.len() as u32));
    let last = d.survey.last().unwrap();
    let end = 2 + d.survey.len() as u32;
    assert_eq!(cell(&range, end, 1), text(&last.person));
    assert_eq!(cell(&range, end, 7), Data::Float(f64::from(last.year)));

    let mut wb: Xlsx<_> = open_workbook(dir.join("roster.xlsx")).unwrap();
    let range = wb.worksheet_range("花名册").unwrap();
    assert_eq!(cell(&range, 0, 0), text(&d.roster_title));
    assert_eq!(cell(&range, 2, 6), text("是否领导"));
    assert_eq!(cell(&range, 3, 6), text(if d.roster[0].leader { "是" } else { "否" }));
    assert_eq!(range.end().map(|e| e.0), Some(2 + d.roster.len() as u32));
}

#[test]
fn synthetic_survey_without_annual_hours_drops_that_column() {
    let d = synthetic(&small_spec(2));
    let tmp = tempfile::tempdir().unwrap();
    write_district(&d, tmp.path(), &[Format::Csv]).unwrap();
    let survey = std::fs::read_to_string(tmp.path().join("survey.csv")).unwrap();
    assert_eq!(
        survey.lines().nth(1),
        Some("单位名称,姓名,工作事项,频次周期,频次,每次用时（小时）,年度")
    );
    assert_eq!(survey.lines().count(), d.survey.len() + 2);
}

#[test]
fn gbk_refuses_text_it_cannot_hold() {
    let mut d = synthetic(&SyntheticSpec {
        units: 2,
        people_per_unit: 2,
        tasks_per_person: 2,
        seed: 3,
    });
    d.staffing[0].unit = "青川区😀服务中心".into();
    let tmp = tempfile::tempdir().unwrap();
    let err = write_district(&d, tmp.path(), &[Format::CsvGbk]).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
    assert!(err.to_string().contains('😀'), "{err}");
    assert!(!tmp.path().join("staffing_gbk.csv").exists(), "no half-written file");
    assert!(write_district(&d, tmp.path(), &[Format::Csv, Format::Xlsx]).is_ok());
}

#[test]
fn xlsx_refuses_more_rows_than_a_sheet_holds() {
    let mut d = synthetic(&SyntheticSpec {
        units: 1,
        people_per_unit: 1,
        tasks_per_person: 1,
        seed: 3,
    });
    let one = d.roster[0].clone();
    d.roster = vec![one; 1_048_574];
    let tmp = tempfile::tempdir().unwrap();
    let err = write_district(&d, tmp.path(), &[Format::Xlsx]).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    assert!(!tmp.path().join("roster.xlsx").exists());
    d.roster.truncate(1_048_573);
    let written = write_district(&d, tmp.path(), &[Format::Xlsx]).unwrap();
    assert!(written.iter().any(|p| p.ends_with("roster.xlsx")));
}

/// The benchmark scale; slow in a debug build, so run on demand:
/// `cargo test --release --lib generate -- --ignored --nocapture`.
#[test]
#[ignore]
fn full_scale_district_writes_in_every_format() {
    let spec = SyntheticSpec::default();
    let t0 = std::time::Instant::now();
    let d = synthetic(&spec);
    let t1 = t0.elapsed();
    assert_eq!(d.survey.len(), 990_000);
    let tmp = tempfile::tempdir().unwrap();
    let mut timings = Vec::new();
    for format in Format::ALL {
        let t = std::time::Instant::now();
        let paths = write_district(&d, tmp.path(), &[format]).unwrap();
        timings.push((format, t.elapsed()));
        assert_eq!(paths.len(), 3);
    }
    let survey = std::fs::read(tmp.path().join("survey.csv")).unwrap();
    assert_eq!(survey.iter().filter(|&&b| b == b'\n').count(), d.survey.len() + 2);
    eprintln!("synthetic: {t1:?}");
    for (f, t) in timings {
        eprintln!("{f:?}: {t:?}");
    }
    let size = |name: &str| std::fs::metadata(tmp.path().join(name)).unwrap().len() / 1_000_000;
    eprintln!(
        "survey.csv {} MB, survey.xlsx {} MB",
        size("survey.csv"),
        size("survey.xlsx")
    );
}

//! Synthetic districts of any size, for scale tests and benchmarks: the sample's 66 kinds of
//! unit repeated over as many fictional counties as needed, one year, exact row counts.

use super::names;
use super::sample::{Person, UNITS, leader_title, max_vacant, staff_titles, survey_rows};
use super::tasks::{self, Interner};
use super::{District, RosterRow, StaffingRow, SurveyRow, SyntheticSpec, year_span};
use crate::model::Calendar;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::HashSet;

const YEAR: i32 = 2025;
const NAME: &str = "示范市";

const FIRST: &[char] = &[
    '青', '龙', '白', '金', '东', '西', '南', '北', '新', '安', '长', '平', '清', '云', '兴', '永', '丰', '宁', '华',
    '福',
];
const SECOND: &[char] = &[
    '川', '泉', '沙', '山', '河', '城', '阳', '江', '湖', '岭', '州', '桥', '林', '源', '坪', '溪', '口', '塘', '港',
    '台',
];

/// The c-th county's name, without its 区: 青川, 龙川 ... then numbered once the pairs run out.
fn county(c: usize) -> String {
    let pairs = FIRST.len() * SECOND.len();
    let mut s = String::new();
    s.push(FIRST[c % FIRST.len()]);
    s.push(SECOND[(c / FIRST.len()) % SECOND.len()]);
    if c >= pairs {
        s.push_str(&(c / pairs + 1).to_string());
    }
    s
}

/// "区财政局" in county 青川 is "青川区财政局"; "城关街道办事处" is "青川区城关街道办事处".
fn localize(county: &str, name: &str) -> String {
    match name.strip_prefix('区') {
        Some(rest) => format!("{county}区{rest}"),
        None => format!("{county}区{name}"),
    }
}

/// A unit's load and approved quota per type from its staff: 10% idle, 20% overloaded, 3%
/// over quota, the rest balanced.
fn load_and_quota(rng: &mut StdRng, actual: &[u32]) -> (f64, Vec<u32>) {
    let r: f64 = rng.random();
    let (load, vacancy_share, over_quota) = if r < 0.10 {
        (rng.random_range(0.4..0.65), rng.random_range(0.3..0.6), false)
    } else if r < 0.30 {
        (rng.random_range(1.15..1.5), 0.0, false)
    } else if r < 0.33 {
        (rng.random_range(0.85..1.1), 0.0, true)
    } else {
        (rng.random_range(0.8..1.1), 0.0, false)
    };
    let approved: Vec<u32> = actual
        .iter()
        .enumerate()
        .map(|(t, &a)| {
            if over_quota && t == 0 {
                a.saturating_sub(rng.random_range(1..=2))
            } else if vacancy_share > 0.0 {
                a + ((f64::from(a) * vacancy_share).ceil() as u32).max(1)
            } else {
                a + rng.random_range(0..=max_vacant(a))
            }
        })
        .collect();
    (load, approved)
}

pub(crate) fn build(spec: &SyntheticSpec) -> District {
    let mut rng = StdRng::seed_from_u64(spec.seed);
    let cal = Calendar::default();
    let h = cal.available_hours();
    let mut text = Interner::default();
    let n = spec.people_per_unit;
    let mut staffing = Vec::with_capacity(spec.units * 2);
    let mut roster = Vec::with_capacity(spec.units * n);
    let mut survey: Vec<SurveyRow> =
        Vec::with_capacity(spec.units.saturating_mul(n).saturating_mul(spec.tasks_per_person));

    for i in 0..spec.units {
        let tpl = &UNITS[i % UNITS.len()];
        let place = county(i / UNITS.len());
        let unit = text.get(&localize(&place, tpl.name));
        let dept = text.get(&localize(&place, tpl.dept));
        let category = text.get(tpl.category);

        // People split over the template's types in proportion to its quotas.
        let quota_sum: u32 = tpl.types.iter().map(|t| t.1).sum();
        let mut actual: Vec<u32> = tpl
            .types
            .iter()
            .map(|t| (n as u64 * u64::from(t.1) / u64::from(quota_sum.max(1))) as u32)
            .collect();
        let placed: u32 = actual.iter().sum();
        actual[0] += n as u32 - placed;

        let (load, approved) = load_and_quota(&mut rng, &actual);
        let posts = rng.random_range(2..=5u32);
        let leaders = if rng.random_bool(0.03) {
            posts + 1
        } else {
            posts - rng.random_range(0..=1)
        }
        .min(actual[0]);
        let performance = (rng.random_range(60.0..98.0_f64) * 2.0).round() / 2.0;
        for (t, &(qt, _)) in tpl.types.iter().enumerate() {
            staffing.push(StaffingRow {
                department: dept.clone(),
                unit: unit.clone(),
                category: category.clone(),
                quota_type: qt,
                year: YEAR,
                approved: approved[t],
                actual: actual[t],
                leader_posts: if t == 0 { posts } else { 0 },
                leaders_actual: if t == 0 { leaders } else { 0 },
                performance,
            });
        }

        let mut taken = HashSet::with_capacity(n);
        let people: Vec<Person> = (0..n)
            .map(|_| {
                let (name, sex) = names::person(&mut rng, &mut taken);
                Person {
                    name: text.get(&name),
                    sex,
                    tasks: tasks::choose_tasks(&mut rng, tpl.kind, spec.tasks_per_person, &mut text),
                    factor: rng.random_range(0.7..1.3),
                }
            })
            .collect();
        let mut p = 0usize;
        for (t, &(qt, _)) in tpl.types.iter().enumerate() {
            let titles = staff_titles(qt, tpl.kind);
            for _ in 0..actual[t] {
                let leader = t == 0 && (p as u32) < leaders;
                let post = if leader {
                    leader_title(tpl.name, p)
                } else {
                    titles[rng.random_range(0..titles.len())]
                };
                roster.push(RosterRow {
                    unit: unit.clone(),
                    name: people[p].name.clone(),
                    sex: people[p].sex,
                    quota_type: qt,
                    post: text.get(post),
                    leader,
                });
                p += 1;
            }
        }
        let target = load * h * n as f64;
        survey_rows(&mut rng, &unit, &people, target, YEAR, 0.0, &cal, &mut survey);
    }

    District {
        name: NAME.to_string(),
        staffing_title: format!("{NAME}{}机构编制情况统计表", year_span(&[YEAR])),
        roster_title: format!("{NAME}{YEAR}年度机关事业单位实名制人员花名册"),
        survey_title: format!("{NAME}{}部门职能工作量调查汇总表", year_span(&[YEAR])),
        note: format!("填报单位：{NAME}委机构编制委员会办公室　　统计截止日期：{YEAR}年12月31日"),
        staffing,
        roster,
        survey,
        standards_title: String::new(),
        volumes_title: String::new(),
        standards: Vec::new(),
        volumes: Vec::new(),
        stories: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn county_names_stay_unique_past_the_pairs() {
        let names: HashSet<String> = (0..1200).map(county).collect();
        assert_eq!(names.len(), 1200);
        assert_eq!(localize("青川", "区财政局"), "青川区财政局");
        assert_eq!(localize("青川", "城关街道办事处"), "青川区城关街道办事处");
    }
}

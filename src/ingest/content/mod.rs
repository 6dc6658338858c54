//! Reading by content: the values under a header confirm, correct or refuse the role its words
//! suggested. A survey column whose values are the staffing table's units is the unit column; a
//! column of 每日/每周/每月 is the period; codes that repeat over a person's rows are the person.

mod unit;

use super::TableKind;
use super::grid::Grid;
use super::mapping::{Basis, Choice, Confidence, Field, Mapping, TimeUnit, time_unit};
use super::text::{clean_name, column_label, key};
use crate::model::Period;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Data rows looked at per column: enough to judge, cheap on a million rows.
pub const SAMPLE_ROWS: usize = 400;

/// What the values of one column look like.
#[derive(Debug, Default, Clone)]
struct Profile {
    filled: usize,
    numbers: usize,
    periods: usize,
    known_units: usize,
    codes: usize,
    distinct: usize,
    /// Runs of equal consecutive values: a person's rows come together.
    runs: usize,
    /// Whole numbers counting up by one, row after row (序号).
    sequence: bool,
    median: Option<f64>,
}

impl Profile {
    fn share(&self, n: usize) -> f64 {
        if self.filled == 0 {
            0.0
        } else {
            n as f64 / self.filled as f64
        }
    }
}

/// A person's code: letters and digits with at least one digit (A0123, 20230015, an ID number).
fn is_code(t: &str) -> bool {
    let t = t.trim();
    (3..=20).contains(&t.chars().count())
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn profile(grid: &Grid, rows: &[usize], c: usize, units: Option<&BTreeSet<String>>) -> Profile {
    let mut p = Profile::default();
    let mut seen: HashSet<String> = HashSet::new();
    let mut last: Option<String> = None;
    let mut numbers: Vec<f64> = Vec::new();
    let mut steps = 0usize;
    let mut prev_number: Option<f64> = None;
    for &r in rows {
        let cell = grid.cell(r, c);
        if cell.is_empty() {
            continue;
        }
        p.filled += 1;
        let text = cell.display();
        let number = super::rows::number(cell);
        if let Some(n) = number {
            p.numbers += 1;
            numbers.push(n);
            if prev_number.is_some_and(|q| n == q + 1.0) {
                steps += 1;
            }
            // Headings between the numbered rows (一、党委部门) do not break the count.
            prev_number = Some(n);
        }
        // A letter alone (M, F, Y, N) is a period only in a column already named one.
        if text.trim().chars().count() > 1 && Period::parse(&text).is_some() {
            p.periods += 1;
        }
        if units.is_some_and(|u| u.contains(&clean_name(&text))) {
            p.known_units += 1;
        }
        if is_code(&text) {
            p.codes += 1;
        }
        if last.as_deref() != Some(text.as_str()) {
            p.runs += 1;
        }
        seen.insert(text.clone());
        last = Some(text);
    }
    p.distinct = seen.len();
    p.sequence = p.numbers >= 3 && steps + 1 >= p.numbers * 9 / 10 && p.numbers * 2 >= p.filled;
    numbers.sort_by(f64::total_cmp);
    p.median = numbers.get(numbers.len() / 2).copied();
    p
}

/// What the content pass changed or doubts, for the findings.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub field: Field,
    pub column: usize,
    pub zh: String,
    pub en: String,
}

/// Why a field is left to the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Several columns hold the staffing table's units (牵头单位, 配合单位).
    SeveralUnitColumns,
    /// No header names it, and unused columns of numbers could be it.
    Unnamed,
    /// Several headers name it (每次用时, 标准用时).
    SeveralNamed,
    /// Its header counts days (每次用时（天）): hours cannot be told without the working day.
    InDays,
}

/// A field the file leaves to the person: several columns could hold it.
#[derive(Debug, Clone, PartialEq)]
pub struct Ambiguous {
    pub field: Field,
    pub why: Why,
    /// Headers of the columns that could hold it.
    pub candidates: Vec<String>,
}

/// What the caller knows beyond the file itself.
#[derive(Debug, Clone, Default)]
pub struct Hints<'a> {
    /// The staffing table's unit names (cleaned), when reading a survey or roster.
    pub units: Option<&'a BTreeSet<String>>,
}

struct Pass<'a> {
    headers: &'a [String],
    profiles: Vec<Profile>,
    chosen: &'a BTreeMap<String, String>,
    notes: Vec<Note>,
}

impl Pass<'_> {
    fn fixed(&self, f: Field) -> bool {
        self.chosen.contains_key(f.name())
    }

    fn label(&self, c: usize) -> String {
        column_label(c, self.headers)
    }

    fn note(&mut self, field: Field, column: usize, zh: String, en: String) {
        self.notes.push(Note { field, column, zh, en });
    }
}

/// Confirm, correct or doubt the header-based `mapping` from the values in `rows` (the data
/// rows, in order). Notes are changes and doubts to report; an error names a field that the
/// person must choose.
pub fn refine(
    grid: &Grid,
    rows: &[usize],
    headers: &[String],
    kind: TableKind,
    mapping: &mut Mapping,
    hints: &Hints,
    chosen: &BTreeMap<String, String>,
) -> Result<Vec<Note>, Ambiguous> {
    let sample: Vec<usize> = rows.iter().copied().take(SAMPLE_ROWS).collect();
    let mut pass = Pass {
        headers,
        profiles: (0..headers.len())
            .map(|c| profile(grid, &sample, c, hints.units))
            .collect(),
        chosen,
        notes: Vec::new(),
    };
    if matches!(kind, TableKind::Survey | TableKind::Roster | TableKind::Volumes)
        && hints.units.is_some_and(|u| !u.is_empty())
    {
        unit::by_values(&mut pass, mapping)?;
    }
    if kind == TableKind::Survey {
        period_by_values(&mut pass, mapping);
        hours_plausible(&mut pass, mapping)?;
    }
    if matches!(kind, TableKind::Survey | TableKind::Roster) {
        person_by_values(&mut pass, mapping);
    }
    if kind == TableKind::Staffing {
        counts_present(&mut pass, mapping)?;
    }
    rivals_refused(&pass, mapping)?;
    Ok(pass.notes)
}

/// A column of 每日/每周/每月 is the period, whatever its header; a "period" of numbers is the
/// frequency.
fn period_by_values(pass: &mut Pass, mapping: &mut Mapping) {
    if pass.fixed(Field::Period) {
        return;
    }
    let periodic = |p: &Profile| p.filled > 0 && p.share(p.periods) >= 0.6;
    let current = mapping.column(Field::Period);
    if let Some(c) = current.filter(|&c| periodic(&pass.profiles[c])) {
        let p = &pass.profiles[c];
        mapping.choices.insert(
            Field::Period,
            Choice::new(Basis::HeaderAndValues, Confidence::High).with_evidence(
                format!("{}/{} 个值是周期", p.periods, p.filled),
                format!("{} of {} values are periods", p.periods, p.filled),
            ),
        );
        return;
    }
    let names: Vec<usize> = [Field::Unit, Field::Person, Field::Task, Field::Department]
        .iter()
        .filter_map(|&f| mapping.column(f))
        .collect();
    let best = (0..pass.profiles.len())
        .filter(|c| !names.contains(c) && periodic(&pass.profiles[*c]))
        .max_by(|&a, &b| {
            let (pa, pb) = (&pass.profiles[a], &pass.profiles[b]);
            pa.share(pa.periods).total_cmp(&pb.share(pb.periods)).then(b.cmp(&a))
        });
    if let Some(b) = best {
        let p = pass.profiles[b].clone();
        let was_frequency = mapping.column(Field::Frequency) == Some(b);
        let label = pass.label(b);
        mapping.assign(
            Field::Period,
            b,
            Choice::new(Basis::Values, Confidence::High).with_evidence(
                format!("{}/{} 个值是周期", p.periods, p.filled),
                format!("{} of {} values are periods", p.periods, p.filled),
            ),
        );
        pass.note(
            Field::Period,
            b,
            format!("频次周期按内容取 {label}（其值为 每日、每周、每月 等）。"),
            format!("The period is read from {label} by its values (daily, weekly, monthly ...)."),
        );
        // The old "period" column of numbers counts occurrences.
        if let Some(c) = current.filter(|&c| c != b) {
            let numeric = pass.profiles[c].share(pass.profiles[c].numbers) >= 0.8;
            if numeric && (was_frequency || !mapping.has(Field::Frequency)) {
                mapping.assign(Field::Frequency, c, Choice::new(Basis::Values, Confidence::Medium));
            }
        }
    } else if let Some(c) = current {
        let p = &pass.profiles[c];
        if p.share(p.numbers) >= 0.8 && !mapping.has(Field::Frequency) {
            let label = pass.label(c);
            mapping.assign(Field::Frequency, c, Choice::new(Basis::Values, Confidence::Medium));
            pass.note(
                Field::Frequency,
                c,
                format!("{label} 是数字而非周期，按频次读取；没有周期列，频次按“每年”理解。"),
                format!("{label} holds numbers, not periods: read as the frequency; with no period column, frequencies are per year."),
            );
        }
    }
}

/// A time in days cannot be read as hours: the person converts it or chooses. Hours each with
/// a median above half a working day are more likely minutes: said, as a doubt.
fn hours_plausible(pass: &mut Pass, mapping: &mut Mapping) -> Result<(), Ambiguous> {
    for field in [Field::HoursEach, Field::MinutesEach, Field::AnnualHours] {
        let Some(c) = mapping.column(field) else { continue };
        if !pass.fixed(field) && time_unit(&pass.headers[c]) == Some(TimeUnit::Days) {
            return Err(Ambiguous {
                field,
                why: Why::InDays,
                candidates: vec![pass.headers[c].clone()],
            });
        }
    }
    let Some(c) = mapping.column(Field::HoursEach) else {
        return Ok(());
    };
    if pass.fixed(Field::HoursEach) || time_unit(&pass.headers[c]) == Some(TimeUnit::Hours) {
        return Ok(());
    }
    if let Some(m) = pass.profiles[c].median.filter(|m| *m > 12.0) {
        let label = pass.label(c);
        let mut choice = mapping.choice(Field::HoursEach);
        choice.confidence = Confidence::Low;
        mapping.choices.insert(Field::HoursEach, choice);
        pass.note(
            Field::HoursEach,
            c,
            format!("{label} 按小时读取，但其中位数为 {m}，更像分钟：表头未注明单位，请核实（如为分钟，请在列对应中选“每次用时（分钟）”）。"),
            format!("{label} is read as hours, but its median is {m}, more like minutes: the header names no unit; please check (if minutes, choose minutes each in the mapping)."),
        );
    }
    Ok(())
}

/// Codes that repeat over consecutive rows are people (人员编号, 工号) when no header names them.
fn person_by_values(pass: &mut Pass, mapping: &mut Mapping) {
    if pass.fixed(Field::Person) {
        return;
    }
    if let Some(c) = mapping.column(Field::Person) {
        let p = &pass.profiles[c];
        if p.sequence {
            // A running number is no person: people who file the same task stay apart anyway
            // (duplicates are judged on the whole row).
            let label = pass.label(c);
            mapping.unassign(Field::Person);
            pass.note(
                Field::Person,
                c,
                format!("{label} 是连续编号（序号），不作为人员列。"),
                format!("{label} is a running number, not a person."),
            );
        }
        return;
    }
    let taken: BTreeSet<usize> = mapping.fields.values().flatten().copied().collect();
    let person_like = |p: &Profile| {
        !p.sequence
            && p.filled >= 4
            && p.share(p.codes) >= 0.9
            && p.distinct >= 2
            && p.distinct * 2 <= p.filled
            && p.runs <= p.distinct + p.distinct / 2
    };
    let found = (0..pass.profiles.len()).find(|c| !taken.contains(c) && person_like(&pass.profiles[*c]));
    if let Some(c) = found {
        let p = pass.profiles[c].clone();
        let label = pass.label(c);
        mapping.assign(
            Field::Person,
            c,
            Choice::new(Basis::Values, Confidence::Medium).with_evidence(
                format!("{} 个编码，各自连续出现在多行", p.distinct),
                format!("{} codes, each on consecutive rows", p.distinct),
            ),
        );
        pass.note(
            Field::Person,
            c,
            format!("人员按内容取 {label}（{} 个编码，各自连续出现在多行）。", p.distinct),
            format!(
                "People are read from {label} by its values ({} codes, each on consecutive rows).",
                p.distinct
            ),
        );
    }
}

/// Two columns whose headers name the same quantity (每次用时 and 标准用时): the person says
/// which one holds it.
fn rivals_refused(pass: &Pass, mapping: &Mapping) -> Result<(), Ambiguous> {
    for (field, others) in &mapping.rivals {
        let Some(taken) = mapping.column(*field).filter(|_| !pass.fixed(*field)) else {
            continue;
        };
        let candidates = std::iter::once(taken)
            .chain(others.iter().copied())
            .map(|c| pass.headers[c].clone())
            .collect();
        return Err(Ambiguous {
            field: *field,
            why: Why::SeveralNamed,
            candidates,
        });
    }
    Ok(())
}

/// A staffing table without an approved or actual column, where unclaimed columns of numbers
/// could be it, cannot be read without the person choosing.
fn counts_present(pass: &mut Pass, mapping: &Mapping) -> Result<(), Ambiguous> {
    if mapping.is_wide() {
        return Ok(());
    }
    let taken: BTreeSet<usize> = mapping
        .fields
        .values()
        .flatten()
        .copied()
        .chain(mapping.wide.values().copied())
        .collect();
    let numeric: Vec<usize> = (0..pass.profiles.len())
        .filter(|c| {
            let p = &pass.profiles[*c];
            !taken.contains(c)
                && !p.sequence
                && p.filled > 0
                && p.share(p.numbers) >= 0.8
                && could_be_headcount(&pass.headers[*c])
        })
        .collect();
    for field in [Field::Approved, Field::Actual] {
        if mapping.has(field) || pass.fixed(field) {
            continue;
        }
        if !numeric.is_empty() {
            return Err(Ambiguous {
                field,
                why: Why::Unnamed,
                candidates: numeric.iter().map(|&c| pass.headers[c].clone()).collect(),
            });
        }
    }
    Ok(())
}

/// The columns that number the rows, by their values: whole numbers counting up by one, in a
/// column no field uses (序号, 编号, 行次, or no header at all).
pub fn running_columns(grid: &Grid, rows: &[usize], headers: &[String], mapping: &Mapping) -> Vec<usize> {
    let sample: Vec<usize> = rows.iter().copied().take(SAMPLE_ROWS).collect();
    let used: BTreeSet<usize> = mapping.fields.values().flatten().copied().collect();
    (0..headers.len().max(grid.width()))
        .filter(|c| !used.contains(c))
        .filter(|&c| profile(grid, &sample, c, None).sequence)
        .collect()
}

/// Whether a column of numbers could hold posts or people by its header: it names people or
/// posts (人, 名, 编, 员, 岗, staff, posts), and none of the figures that are not a headcount
/// (rates, needs, gaps, retirees, students, beds, contract staff, years).
fn could_be_headcount(header: &str) -> bool {
    let k = key(header);
    const PEOPLE: &[&str] = &[
        "人",
        "名",
        "编",
        "员",
        "岗",
        "staff",
        "post",
        "personnel",
        "employee",
        "headcount",
        "strength",
    ];
    const NOT: &[&str] = &[
        "率", "比", "ratio", "需", "required", "need", "缺", "short", "excess", "超", "空", "增减", "差", "退", "离",
        "学生", "床", "聘", "编外", "临时", "year", "年", "score", "分", "%",
    ];
    !is_running_number(header) && PEOPLE.iter().any(|w| k.contains(w)) && !NOT.iter().any(|w| k.contains(w))
}

/// 序号, No., 行号: a column that numbers the rows.
pub fn is_running_number(header: &str) -> bool {
    let k = key(header);
    ["序号", "行号", "编号", "no", "no.", "#", "顺序号", "排序"]
        .iter()
        .any(|w| k == *w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::mapping::map_headers;

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid::from_strs(rows)
    }

    fn refined(rows: &[&[&str]], kind: TableKind, units: &[&str]) -> (Mapping, Result<Vec<Note>, Ambiguous>) {
        let g = grid(rows);
        let headers: Vec<String> = rows[0].iter().map(|s| s.to_string()).collect();
        let mut m = map_headers(&headers, &BTreeMap::new()).unwrap();
        let units: BTreeSet<String> = units.iter().map(|s| s.to_string()).collect();
        let data: Vec<usize> = (1..g.height()).collect();
        let hints = Hints {
            units: (!units.is_empty()).then_some(&units),
        };
        let r = refine(&g, &data, &headers, kind, &mut m, &hints, &BTreeMap::new());
        (m, r)
    }

    #[test]
    fn the_unit_is_the_column_whose_values_are_staffing_units() {
        let rows: &[&[&str]] = &[
            &["填报处室", "承担部门", "工作事项", "频率", "次数", "用时（分）"],
            &["综合科", "区财政局", "预算编制", "每周", "2", "30"],
            &["综合科", "区财政局", "会议", "每月", "1", "60"],
            &["办公室", "区教育局", "督导", "每季度", "3", "90"],
        ];
        let (m, notes) = refined(rows, TableKind::Survey, &["区财政局", "区教育局"]);
        assert_eq!(m.column(Field::Unit), Some(1));
        assert_eq!(m.choice(Field::Unit).basis, Basis::Values);
        assert_eq!(m.column(Field::Period), Some(3));
        assert_eq!(m.column(Field::Frequency), Some(4));
        assert_eq!(m.column(Field::MinutesEach), Some(5));
        assert!(notes.unwrap().iter().any(|n| n.field == Field::Unit));
    }

    #[test]
    fn repeating_codes_are_people_and_running_numbers_are_not() {
        let rows: &[&[&str]] = &[
            &["单位名称", "序号", "代号", "工作事项", "年工时"],
            &["区财政局", "1", "A001", "预算", "300"],
            &["区财政局", "2", "A001", "会议", "100"],
            &["区财政局", "3", "A002", "预算", "300"],
            &["区财政局", "4", "A002", "会议", "100"],
            &["区财政局", "5", "A003", "会议", "100"],
            &["区财政局", "6", "A003", "预算", "200"],
        ];
        let (m, _) = refined(rows, TableKind::Survey, &[]);
        assert_eq!(m.column(Field::Person), Some(2));
    }

    #[test]
    fn a_staffing_table_with_unclaimed_numbers_and_no_actual_column_is_refused() {
        let rows: &[&[&str]] = &[
            &["单位名称", "核定编制数", "人员合计"],
            &["区财政局", "12", "11"],
            &["区教育局", "30", "28"],
        ];
        let (_, r) = refined(rows, TableKind::Staffing, &[]);
        let err = r.unwrap_err();
        assert_eq!(err.field, Field::Actual);
        assert_eq!(err.candidates, vec!["人员合计".to_owned()]);
    }

    #[test]
    fn hours_with_a_median_of_minutes_are_doubted() {
        let rows: &[&[&str]] = &[
            &["单位名称", "工作事项", "周期", "频次", "每次用时"],
            &["区财政局", "预算", "每周", "2", "30"],
            &["区财政局", "会议", "每月", "1", "45"],
        ];
        let (m, notes) = refined(rows, TableKind::Survey, &[]);
        assert_eq!(m.choice(Field::HoursEach).confidence, Confidence::Low);
        assert!(notes.unwrap().iter().any(|n| n.field == Field::HoursEach));
    }
}

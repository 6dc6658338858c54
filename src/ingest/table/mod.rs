//! From a grid with a known header and mapping to a canonical polars table, row by row, with a
//! finding for everything skipped or doubtful.

mod activities;
pub use activities::year_columns;
mod records;
mod shared_text;
mod wide;

pub use records::{Skip, SkippedRow};

use super::TableKind;
use super::grid::{Cell, Grid};
use super::mapping::{Field, Mapping};
use super::text::{self, Number, clean_name, excerpt, key, parse_bool, parse_number};
use crate::findings::{Finding, Location};
use crate::model::{Period, QuotaType, col};
use polars::prelude::*;
use shared_text::SharedText;
use std::collections::HashMap;

/// Detailed findings of one kind in one column; past this, one line says how many more.
const MAX_FINDINGS_PER_KIND: usize = 20;

/// The largest count of posts or people read as a number.
const MAX_COUNT: f64 = 1e9;

/// Rows are built on several threads only when each gets at least this many.
const MIN_ROWS_PER_PART: usize = 50_000;

pub(super) struct Builder<'a> {
    grid: &'a Grid,
    file: &'a str,
    sheet: Option<&'a str>,
    headers: &'a [String],
    mapping: &'a Mapping,
    pub findings: Vec<Finding>,
    counts: HashMap<(&'static str, usize), usize>,
    /// Which of `findings` count towards a cap: (index in `findings`, kind and column).
    capped: Vec<(usize, (&'static str, usize))>,
    /// Some task gave a frequency without a period (reported once, in `finish`).
    assumed_yearly: bool,
    /// At most this many parts built side by side, each of at least this many rows.
    parts: (usize, usize),
    /// Key of the unit column's header, to spot a header row repeated mid-table.
    unit_header: Option<String>,
    /// The last unit text compared with that header, and whether it matched (rows come
    /// grouped by unit: the same text is not normalised again).
    last_unit_text: (String, bool),
    /// Rows below the header left out, each with why (1-based row numbers).
    pub skipped: Vec<SkippedRow>,
    /// Columns whose numbers make a row a record (a heading has none).
    numeric: Vec<usize>,
    /// Columns that number the rows (序号), left out of a row's identity.
    running: Vec<usize>,
    /// Rows whose unit cell is blank because they continue the unit above (a second quota
    /// type written under the first): row → the row that names the unit.
    filled_down: HashMap<usize, usize>,
}

impl<'a> Builder<'a> {
    pub fn new(
        grid: &'a Grid,
        file: &'a str,
        sheet: Option<&'a str>,
        headers: &'a [String],
        mapping: &'a Mapping,
    ) -> Self {
        Builder {
            grid,
            file,
            sheet,
            headers,
            mapping,
            findings: Vec::new(),
            counts: HashMap::new(),
            capped: Vec::new(),
            assumed_yearly: false,
            parts: (
                std::thread::available_parallelism().map_or(1, |n| n.get()),
                MIN_ROWS_PER_PART,
            ),
            unit_header: mapping
                .column(Field::Unit)
                .and_then(|c| headers.get(c))
                .map(|h| key(h.rsplit('/').next().unwrap_or(h))),
            last_unit_text: (String::new(), false),
            skipped: Vec::new(),
            filled_down: HashMap::new(),
            numeric: numeric_columns(mapping),
            running: Vec::new(),
        }
    }

    /// The columns that number the rows (序号 1, 2, 3 …): left out of a row's identity.
    pub fn set_running(&mut self, columns: Vec<usize>) {
        self.running = columns;
    }

    fn loc(&self, row: usize, col: Option<usize>) -> Location {
        let l = Location::file(self.file)
            .with_sheet(self.sheet)
            .with_row(row as u32 + 1);
        match col {
            Some(c) => l.with_column(self.column_name(c)),
            None => l,
        }
    }

    pub fn column_name(&self, c: usize) -> String {
        text::column_label(c, self.headers)
    }

    /// Record a finding, at most `MAX_FINDINGS_PER_KIND` of a kind per column.
    fn note(&mut self, code: &'static str, col: usize, finding: Finding) {
        let n = self.counts.entry((code, col)).or_insert(0);
        *n += 1;
        if *n <= MAX_FINDINGS_PER_KIND {
            self.capped.push((self.findings.len(), (code, col)));
            self.findings.push(finding);
        }
    }

    /// Findings for the whole table, and summaries for kinds that went past the cap.
    pub fn finish(&mut self) {
        if self.assumed_yearly {
            self.findings.push(Finding::warning(
                "assumed_yearly",
                Location::file(self.file).with_sheet(self.sheet),
                "部分事项只有频次、没有周期，频次按“每年”理解。",
                "Some tasks give a frequency but no period; the frequency is read as per year.",
            ));
        }
        let mut over: Vec<_> = self
            .counts
            .iter()
            .filter(|(_, n)| **n > MAX_FINDINGS_PER_KIND)
            .map(|(k, n)| (*k, *n))
            .collect();
        over.sort();
        for ((code, c), n) in over {
            let more = n - MAX_FINDINGS_PER_KIND;
            let loc = Location::file(self.file)
                .with_sheet(self.sheet)
                .with_column(self.column_name(c));
            self.findings.push(Finding::warning(
                code,
                loc,
                format!("同类问题还有 {more} 处未逐一列出（共 {n} 处）。"),
                format!("{more} more of the same kind not listed one by one ({n} in all)."),
            ));
        }
    }

    /// A builder for another part of the same table, with no findings yet.
    fn fresh(&self) -> Builder<'a> {
        Builder {
            parts: (1, usize::MAX),
            // Rows already known to continue the unit above, for the parts that build them.
            filled_down: self.filled_down.clone(),
            running: self.running.clone(),
            ..Builder::new(self.grid, self.file, self.sheet, self.headers, self.mapping)
        }
    }

    /// Take the findings of a builder that worked on later rows, as if they had been made
    /// here: the cap on each kind counts both.
    fn absorb(&mut self, other: Builder<'a>) {
        let mut room: HashMap<(&'static str, usize), usize> = HashMap::new();
        let mut capped = other.capped.into_iter().peekable();
        for (i, finding) in other.findings.into_iter().enumerate() {
            let key = capped.next_if(|(j, _)| *j == i).map(|(_, k)| k);
            if let Some(k) = key {
                let stored_here = self.counts.get(&k).copied().unwrap_or(0).min(MAX_FINDINGS_PER_KIND);
                let room = room.entry(k).or_insert(MAX_FINDINGS_PER_KIND - stored_here);
                if *room == 0 {
                    continue;
                }
                *room -= 1;
                self.capped.push((self.findings.len(), k));
            }
            self.findings.push(finding);
        }
        for (k, n) in other.counts {
            *self.counts.entry(k).or_insert(0) += n;
        }
        self.assumed_yearly |= other.assumed_yearly;
        self.skipped.extend(other.skipped);
    }

    /// `work` on consecutive parts of `rows`, side by side on as many threads as there are
    /// cores, each part with a fresh builder whose findings are then taken in row order: the
    /// result and the findings are the same as one pass over all rows gives.
    fn in_parts<T: Send>(&mut self, rows: &[usize], work: impl Fn(&mut Builder<'a>, &[usize]) -> T + Sync) -> Vec<T> {
        let (threads, min_rows) = self.parts;
        let parts = threads.min(rows.len() / min_rows.max(1)).max(1);
        if parts == 1 {
            return vec![work(self, rows)];
        }
        let size = rows.len().div_ceil(parts);
        let work = &work;
        let done: Vec<(Builder<'a>, T)> = std::thread::scope(|s| {
            let handles: Vec<_> = rows
                .chunks(size)
                .map(|part| {
                    let mut b = self.fresh();
                    s.spawn(move || {
                        let out = work(&mut b, part);
                        (b, out)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
        let mut out = Vec::with_capacity(done.len());
        for (b, t) in done {
            self.absorb(b);
            out.push(t);
        }
        out
    }

    fn text(&self, row: usize, field: Field) -> Option<String> {
        self.text_ref(row, field).map(|t| t.into_owned())
    }

    /// The cell's text, borrowed when the cell holds text (the common case in big files).
    fn text_ref(&self, row: usize, field: Field) -> Option<std::borrow::Cow<'a, str>> {
        let c = self.mapping.column(field)?;
        // A row that continues the unit above takes its unit and department from there.
        let row = match field {
            Field::Unit | Field::Department if !self.filled_down.is_empty() => {
                self.filled_down.get(&row).copied().unwrap_or(row)
            }
            _ => row,
        };
        let t = match self.grid.cell(row, c) {
            Cell::Text(t) => std::borrow::Cow::Borrowed(t.trim()),
            other => std::borrow::Cow::Owned(other.display().trim().to_owned()),
        };
        (!t.is_empty()).then_some(t)
    }

    fn name(&self, row: usize, field: Field) -> Option<String> {
        // A row that continues the unit above takes its unit and department from there.
        let row = match field {
            Field::Unit | Field::Department if !self.filled_down.is_empty() => {
                self.filled_down.get(&row).copied().unwrap_or(row)
            }
            _ => row,
        };
        self.text(row, field).map(|t| clean_name(&t)).filter(|t| !t.is_empty())
    }

    /// A number from a column; text that is not a number, Excel errors and dates are findings.
    fn number_at(&mut self, row: usize, c: usize) -> Option<f64> {
        let cell = self.grid.cell(row, c);
        match cell {
            Cell::Empty => None,
            Cell::Number(n) if n.is_finite() => Some(n),
            // A workbook can carry NaN or infinity in a number cell; no sum may take it.
            Cell::Number(n) => self.not_a_number(row, c, &n.to_string()),
            Cell::Bool(b) => Some(if b { 1.0 } else { 0.0 }),
            Cell::Error(e) => {
                let f = Finding::error(
                    "excel_error",
                    self.loc(row, Some(c)),
                    format!("单元格是 Excel 错误值 {e}，应为数字；按缺失处理。"),
                    format!("The cell holds the Excel error {e} where a number was expected; treated as missing."),
                );
                self.note("excel_error", c, f);
                None
            }
            Cell::Date(_) => {
                let f = Finding::error(
                    "date_in_number",
                    self.loc(row, Some(c)),
                    "单元格是日期，应为数字；按缺失处理（请检查单元格格式）。",
                    "The cell holds a date where a number was expected; treated as missing (check the cell format).",
                );
                self.note("date_in_number", c, f);
                None
            }
            Cell::Text(t) => match parse_number(t) {
                Number::Value(v) => Some(v),
                Number::Missing => None,
                Number::Invalid => self.not_a_number(row, c, &excerpt(t)),
            },
        }
    }

    /// Note that the cell at (row, c) holds `found` where a number was expected: the value is
    /// missing.
    fn not_a_number(&mut self, row: usize, c: usize, found: &str) -> Option<f64> {
        let f = Finding::error(
            "not_a_number",
            self.loc(row, Some(c)),
            format!("应为数字，实际为“{found}”；按缺失处理。"),
            format!("Expected a number, found '{found}'; treated as missing."),
        );
        self.note("not_a_number", c, f);
        None
    }

    /// Whether (row, c) is a copy of a merged number: a merged region's value counts once, in
    /// its first cell; the cells it covers would count it again (12 merged over the 行政 and
    /// 事业 rows is 12, not 24).
    fn merged_copy(&mut self, row: usize, c: usize) -> bool {
        if !self.grid.is_merged_cover(row, c) {
            return false;
        }
        if !self.grid.cell(row, c).is_empty() {
            let f = Finding::warning(
                "merged_number",
                self.loc(row, Some(c)),
                "数字所在的合并单元格跨越多行或多列，数值只计入合并区域的第一格，此处不再重复计入。",
                "This number sits in a merged cell spanning several rows or columns: it counts once, in the merged region's first cell, not again here.",
            );
            self.note("merged_number", c, f);
        }
        true
    }

    /// A count (people, posts): whole and not negative.
    fn count_at(&mut self, row: usize, c: usize) -> Option<i64> {
        let v = self.non_negative(row, c, ("人数或编制数", "A count"))?;
        // No unit has a billion posts: such a number is a typing slip, and summed it would
        // overflow.
        if v > MAX_COUNT {
            let f = Finding::error(
                "count_too_large",
                self.loc(row, Some(c)),
                format!("人数或编制数 {v} 不合常理；按缺失处理。"),
                format!("A count of {v} is implausible; treated as missing."),
            );
            self.note("count_too_large", c, f);
            return None;
        }
        if v.fract() != 0.0 {
            let rounded = v.round();
            let f = Finding::warning(
                "not_whole",
                self.loc(row, Some(c)),
                format!("人数或编制数应为整数，实际为 {v}；按 {rounded} 计。"),
                format!("A count should be whole, found {v}; counted as {rounded}."),
            );
            self.note("not_whole", c, f);
            return Some(rounded as i64);
        }
        Some(v as i64)
    }

    fn count(&mut self, row: usize, field: Field) -> Option<i64> {
        let cols = self.mapping.fields.get(&field)?.clone();
        let mut total: Option<i64> = None;
        for c in cols {
            if let Some(v) = self.count_at(row, c) {
                total = Some(total.unwrap_or(0).saturating_add(v));
            }
        }
        total
    }

    /// A non-negative quantity (hours, frequency, score).
    fn amount(&mut self, row: usize, field: Field) -> Option<f64> {
        let c = self.mapping.column(field)?;
        self.non_negative(row, c, ("数值", "The value"))
    }

    /// The number at (row, c), missing when a merged region repeats it or it is negative (a
    /// finding names `what` it is).
    fn non_negative(&mut self, row: usize, c: usize, what: (&str, &str)) -> Option<f64> {
        if self.merged_copy(row, c) {
            return None;
        }
        let v = self.number_at(row, c)?;
        if v < 0.0 {
            let f = Finding::error(
                "negative",
                self.loc(row, Some(c)),
                format!("{}不能为负数（{v}）；按缺失处理。", what.0),
                format!("{} cannot be negative ({v}); treated as missing.", what.1),
            );
            self.note("negative", c, f);
            return None;
        }
        Some(v)
    }

    /// A time in hours from `field`'s column, whose numbers are `scale` hours each (1/60 for a
    /// minutes column). A cell that names its own unit wins over the column's: "2小时" in a
    /// minutes column is 2 hours, "30分" in an hours column half an hour; a time in days
    /// cannot be told in hours and is missing, with a finding.
    fn hours_at(&mut self, row: usize, field: Field, scale: f64) -> Option<f64> {
        let v = self.amount(row, field)?;
        let c = self.mapping.column(field)?;
        let said = match self.grid.cell(row, c) {
            Cell::Text(t) => super::mapping::cell_time_unit(t),
            _ => None,
        };
        match said {
            Some(super::mapping::TimeUnit::Hours) => Some(v),
            Some(super::mapping::TimeUnit::Minutes) => Some(v / 60.0),
            Some(super::mapping::TimeUnit::Days) => {
                let f = Finding::error(
                    "time_in_days",
                    self.loc(row, Some(c)),
                    "单元格中的时间以“天”计，无法换算为小时；按缺失处理。",
                    "The cell gives a time in days, which cannot be turned into hours; treated as missing.",
                );
                self.note("time_in_days", c, f);
                None
            }
            None => Some(v * scale),
        }
    }

    fn year(&mut self, row: usize) -> Option<i32> {
        let c = self.mapping.column(Field::Year)?;
        let cell = self.grid.cell(row, c);
        let v = match cell {
            Cell::Text(t) => {
                let t = t.trim().trim_end_matches('度').trim_end_matches('年');
                match parse_number(t) {
                    Number::Value(v) => Some(v),
                    Number::Missing => None,
                    Number::Invalid => {
                        let f = Finding::error(
                            "bad_year",
                            self.loc(row, Some(c)),
                            format!(
                                "年度应为四位年份，实际为“{}”；按缺失处理。",
                                excerpt(cell.text().unwrap_or(""))
                            ),
                            format!(
                                "Expected a four-digit year, found '{}'; treated as missing.",
                                excerpt(cell.text().unwrap_or(""))
                            ),
                        );
                        self.note("bad_year", c, f);
                        None
                    }
                }
            }
            _ => self.number_at(row, c),
        }?;
        if (1900.0..=2200.0).contains(&v) && v.fract() == 0.0 {
            Some(v as i32)
        } else {
            let f = Finding::error(
                "bad_year",
                self.loc(row, Some(c)),
                format!("年度应为四位年份，实际为 {v}；按缺失处理。"),
                format!("Expected a four-digit year, found {v}; treated as missing."),
            );
            self.note("bad_year", c, f);
            None
        }
    }

    fn flag(&mut self, row: usize, field: Field) -> Option<bool> {
        let c = self.mapping.column(field)?;
        let t = self.grid.cell(row, c).display();
        match parse_bool(&t) {
            Some(b) => Some(b),
            None => {
                let f = Finding::warning(
                    "not_yes_no",
                    self.loc(row, Some(c)),
                    format!("应填“是”或“否”，实际为“{}”；按“否”处理。", excerpt(&t)),
                    format!("Expected yes or no, found '{}'; read as no.", excerpt(&t)),
                );
                self.note("not_yes_no", c, f);
                Some(false)
            }
        }
    }

    fn quota_type(&mut self, row: usize) -> String {
        match self.text(row, Field::QuotaType) {
            None => QuotaType::Unspecified.canonical().to_owned(),
            Some(t) => match QuotaType::detect(&key(&t)) {
                Some(q) => q.canonical().to_owned(),
                None => {
                    let c = self.mapping.column(Field::QuotaType).unwrap_or(0);
                    let f = Finding::warning(
                        "unknown_quota_type",
                        self.loc(row, Some(c)),
                        format!("无法识别的编制类型“{}”，按原文保留为单独的类型。", excerpt(&t)),
                        format!("Unrecognised quota type '{}', kept as its own type.", excerpt(&t)),
                    );
                    self.note("unknown_quota_type", c, f);
                    clean_name(&t)
                }
            },
        }
    }

    /// The canonical table of `kind` from the record rows.
    pub fn build(&mut self, kind: TableKind, rows: &[usize]) -> PolarsResult<DataFrame> {
        let parts = self.in_parts(rows, |b, part| match kind {
            TableKind::Staffing => b.staffing(part),
            TableKind::Roster => b.roster(part),
            TableKind::Survey => b.survey(part),
            TableKind::Standards => b.standards(part),
            TableKind::Volumes => b.volumes(part),
        });
        let mut parts = parts.into_iter();
        let mut frame = parts.next().unwrap_or_else(|| Ok(DataFrame::empty()))?;
        for part in parts {
            frame.vstack_mut_owned(part?)?;
        }
        // One chunk per column, as the analysis reads them: otherwise each of its steps over
        // the rows would join the parts again.
        frame.rechunk_mut();
        Ok(frame)
    }

    fn staffing(&mut self, rows: &[usize]) -> PolarsResult<DataFrame> {
        let mut out = StaffingColumns::default();
        let wide: Vec<WideColumns> = QuotaType::ALL
            .iter()
            .filter_map(|&q| {
                let get = |f| self.mapping.wide.get(&(q, f)).copied();
                let cols = (
                    get(Field::Approved),
                    get(Field::Actual),
                    get(Field::LeaderPosts),
                    get(Field::LeadersActual),
                );
                (cols.0.is_some() || cols.1.is_some()).then_some((q, cols.0, cols.1, cols.2, cols.3))
            })
            .collect();
        for &r in rows {
            let unit = self.name(r, Field::Unit);
            let department = self.name(r, Field::Department);
            let year = self.year(r);
            let leader_posts = self.count(r, Field::LeaderPosts);
            let leaders_actual = self.count(r, Field::LeadersActual);
            let performance = self.amount(r, Field::Performance);
            let category = self.name(r, Field::Category);
            let key_area = self.flag(r, Field::KeyArea);
            let front_line = self.flag(r, Field::FrontLine);
            let push = |out: &mut StaffingColumns, qt: String, approved, actual, lp, la| {
                out.unit.push(unit.clone());
                out.department.push(department.clone());
                out.quota_type.push(qt);
                out.year.push(year);
                out.approved.push(approved);
                out.actual.push(actual);
                out.leader_posts.push(lp);
                out.leaders_actual.push(la);
                out.performance.push(performance);
                out.category.push(category.clone());
                out.key_area.push(key_area);
                out.front_line.push(front_line);
                out.source_row.push(r as u32 + 1);
            };
            if wide.is_empty() {
                let qt = self.quota_type(r);
                let approved = self.count(r, Field::Approved);
                let actual = self.count(r, Field::Actual);
                push(&mut out, qt, approved, actual, leader_posts, leaders_actual);
            } else {
                for (qt, approved, actual, lp, la) in self.wide_records(r, &wide, leader_posts, leaders_actual) {
                    push(&mut out, qt, approved, actual, lp, la);
                }
            }
        }
        out.into_frame()
    }

    fn roster(&mut self, rows: &[usize]) -> PolarsResult<DataFrame> {
        let n = rows.len();
        let mut unit = SharedText::new(col::UNIT, n);
        let mut dept = SharedText::new(col::DEPARTMENT, n);
        let mut qt = SharedText::new(col::QUOTA_TYPE, n);
        let mut person = SharedText::new(col::PERSON, n);
        let (mut leader, mut year, mut src) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
        for &r in rows {
            unit.append_option(self.name(r, Field::Unit).as_deref());
            dept.append_option(self.name(r, Field::Department).as_deref());
            qt.append_option(Some(&self.quota_type(r)));
            person.append_option(self.name(r, Field::Person).as_deref());
            let is_leader = if self.mapping.has(Field::Leader) {
                self.flag(r, Field::Leader).unwrap_or(false)
            } else {
                self.text(r, Field::Position).is_some_and(|p| is_leader_position(&p))
            };
            leader.push(is_leader);
            year.push(self.year(r));
            src.push(r as u32 + 1);
        }
        DataFrame::new(
            n,
            vec![
                unit.finish().into_column(),
                dept.finish().into_column(),
                qt.finish().into_column(),
                person.finish().into_column(),
                Column::new(col::LEADER.into(), leader),
                Column::new(col::YEAR.into(), year),
                Column::new(col::SOURCE_ROW.into(), src),
            ],
        )
    }

    /// A period no word reads: said, and the task's time unknown.
    fn bad_period(&mut self, r: usize, t: &str) {
        let c = self.mapping.column(Field::Period).unwrap_or(0);
        let fnd = Finding::error(
            "bad_period",
            self.loc(r, Some(c)),
            format!(
                "无法识别的频次周期“{}”（应为 每日/每周/每两周/每旬/每月/每季度/每半年/每年/不定期）：该事项用时未知，其单位（及填报人）的工作量为未知。",
                excerpt(t)
            ),
            format!(
                "Unrecognised period '{}' (expected day, week, fortnight, dekad, month, quarter, half year, year or irregular): the task's time is unknown, and so is its unit's (and person's) workload.",
                excerpt(t)
            ),
        );
        self.note("bad_period", c, fnd);
    }

    fn survey(&mut self, rows: &[usize]) -> PolarsResult<DataFrame> {
        let n = rows.len();
        // Text columns go straight into columns that keep each distinct name once.
        let mut unit = SharedText::new(col::UNIT, n);
        let mut dept = SharedText::new(col::DEPARTMENT, n);
        let mut person = SharedText::new(col::PERSON, n);
        let mut task = SharedText::new(col::TASK, n);
        let mut period = Vec::with_capacity(n);
        // Values and validity are written once, as they are read.
        let float = |name: &str| PrimitiveChunkedBuilder::<Float64Type>::new(name.into(), n);
        let (mut freq, mut each, mut annual) =
            (float(col::FREQUENCY), float(col::HOURS_EACH), float(col::ANNUAL_HOURS));
        let mut year = PrimitiveChunkedBuilder::<Int32Type>::new(col::YEAR.into(), n);
        let mut src = Vec::with_capacity(n);
        let mut hashes: Vec<u64> = Vec::with_capacity(n);
        let has_period = self.mapping.has(Field::Period);
        let mut assumed_yearly = false;
        // Survey rows come grouped by unit and person: reuse the last cleaned name.
        let mut last_unit: (String, Option<String>) = (String::new(), None);
        let mut last_person: (String, Option<String>) = (String::new(), None);
        let mut last_dept: (String, Option<String>) = (String::new(), None);
        for &r in rows {
            unit.append_option(cached_name(&mut last_unit, self.text_ref(r, Field::Unit)));
            dept.append_option(cached_name(&mut last_dept, self.text_ref(r, Field::Department)));
            person.append_option(cached_name(&mut last_person, self.text_ref(r, Field::Person)));
            task.append_option(self.text_ref(r, Field::Task).as_deref());
            let mut f = self.amount(r, Field::Frequency);
            // Hours and minutes each, when a form asks for both (1 h 30 min).
            let hours = self.hours_at(r, Field::HoursEach, 1.0);
            let minutes = self.hours_at(r, Field::MinutesEach, 1.0 / 60.0);
            let h = match (hours, minutes) {
                (Some(h), Some(m)) => Some(h + m),
                (h, m) => h.or(m),
            };
            let a_scale = if self.mapping.annual_in_minutes {
                1.0 / 60.0
            } else {
                1.0
            };
            let a = self.hours_at(r, Field::AnnualHours, a_scale);
            hashes.push(row_hash(self.grid, r, &self.running));
            let p = if has_period {
                let t = self.text_ref(r, Field::Period);
                match t.as_deref().map(Period::parse_with_times) {
                    Some(Some((p, times))) => {
                        // 一周两次 with the frequency left blank: the count is the frequency.
                        if f.is_none() {
                            f = times;
                        }
                        Some(p.code())
                    }
                    Some(None) => {
                        let t = t.unwrap_or_default().into_owned();
                        self.bad_period(r, &t);
                        None
                    }
                    None if f.is_some() && a.is_none() => {
                        assumed_yearly = true;
                        Some(Period::Year.code())
                    }
                    None => None,
                }
            } else {
                if f.is_some() && a.is_none() {
                    assumed_yearly = true;
                }
                f.map(|_| Period::Year.code())
            };
            if a.is_none() && (f.is_none() || h.is_none()) && p.is_some() {
                // The cell that is missing: the frequency, else the hours each.
                let missing = if f.is_none() {
                    Field::Frequency
                } else {
                    Field::HoursEach
                };
                let c = self
                    .mapping
                    .column(missing)
                    .or(self.mapping.column(Field::HoursEach))
                    .unwrap_or(0);
                let fnd = Finding::warning(
                    "incomplete_task",
                    self.loc(r, Some(c)),
                    "工作事项缺少频次或每次用时，也没有年工作时长：用时未知，该单位（及填报人）的工作量和饱和度为未知。",
                    "The task has no frequency or hours each, and no annual hours: its time is unknown, and so are its unit's (and person's) workload and saturation.",
                );
                self.note("incomplete_task", c, fnd);
            }
            period.push(p);
            freq.append_option(f);
            each.append_option(h);
            annual.append_option(a);
            year.append_option(self.year(r));
            src.push(r as u32 + 1);
        }
        self.assumed_yearly |= assumed_yearly;
        DataFrame::new(
            n,
            vec![
                unit.finish().into_column(),
                dept.finish().into_column(),
                person.finish().into_column(),
                task.finish().into_column(),
                Column::new(col::PERIOD.into(), period),
                freq.finish().into_column(),
                each.finish().into_column(),
                annual.finish().into_column(),
                year.finish().into_column(),
                Column::new(col::SOURCE_ROW.into(), src),
                Column::new(col::ROW_HASH.into(), hashes),
            ],
        )
    }
}

/// The columns whose numbers make a row a record: counts in a staffing table, workload in a
/// survey.
fn numeric_columns(mapping: &Mapping) -> Vec<usize> {
    let fields = [
        Field::Approved,
        Field::Actual,
        Field::LeaderPosts,
        Field::LeadersActual,
        Field::Frequency,
        Field::HoursEach,
        Field::MinutesEach,
        Field::AnnualHours,
        Field::Volume,
    ];
    let mut cols: Vec<usize> = fields
        .iter()
        .filter_map(|f| mapping.fields.get(f))
        .flatten()
        .chain(mapping.wide.values())
        .copied()
        .collect();
    cols.sort_unstable();
    cols.dedup();
    cols
}

/// A hash of every cell of a row as filed, but the running number: two rows are the same row
/// only when they agree in every column, mapped or not (人员编号, 科室 …).
fn row_hash(grid: &Grid, row: usize, running: &[usize]) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    // A fast hash with a fixed seed: the same rows hash alike in every run.
    let mut h = foldhash::fast::FixedState::with_seed(0x005a_71a5).build_hasher();
    for c in (0..grid.width()).filter(|c| !running.contains(c)) {
        match grid.cell(row, c) {
            Cell::Empty => 0u8.hash(&mut h),
            Cell::Text(t) => {
                let t = t.trim();
                if t.is_empty() {
                    0u8.hash(&mut h);
                } else {
                    1u8.hash(&mut h);
                    t.hash(&mut h);
                }
            }
            Cell::Number(n) | Cell::Date(n) => {
                2u8.hash(&mut h);
                n.to_bits().hash(&mut h);
            }
            Cell::Bool(b) => {
                3u8.hash(&mut h);
                b.hash(&mut h);
            }
            Cell::Error(e) => {
                4u8.hash(&mut h);
                e.hash(&mut h);
            }
        }
    }
    h.finish()
}

pub(super) fn add(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (None, None) => None,
        _ => Some(a.unwrap_or(0) + b.unwrap_or(0)),
    }
}

/// The cleaned name of `raw`, cleaned again only when it differs from the last row's.
fn cached_name<'c>(last: &'c mut (String, Option<String>), raw: Option<std::borrow::Cow<'_, str>>) -> Option<&'c str> {
    let raw = raw?;
    if last.0 != raw.as_ref() {
        let cleaned = clean_name(&raw);
        *last = (raw.into_owned(), (!cleaned.is_empty()).then_some(cleaned));
    }
    last.1.as_deref()
}

/// A position that is a leadership post (局长, 副主任, 书记 ...), not a rank (主任科员, 调研员).
fn is_leader_position(p: &str) -> bool {
    let k = text::key(p);
    if k.contains("科员") || k.contains("调研员") || k.contains("办事员") {
        return false;
    }
    [
        "长", "书记", "主任", "主席", "委员", "leader", "director", "head", "chief",
    ]
    .iter()
    .any(|w| k.contains(w))
}

/// A quota type's columns in the wide shape: approved, actual, leader posts, leaders in post.
pub(super) type WideColumns = (QuotaType, Option<usize>, Option<usize>, Option<usize>, Option<usize>);

#[derive(Default)]
struct StaffingColumns {
    unit: Vec<Option<String>>,
    department: Vec<Option<String>>,
    quota_type: Vec<String>,
    year: Vec<Option<i32>>,
    approved: Vec<Option<i64>>,
    actual: Vec<Option<i64>>,
    leader_posts: Vec<Option<i64>>,
    leaders_actual: Vec<Option<i64>>,
    performance: Vec<Option<f64>>,
    category: Vec<Option<String>>,
    key_area: Vec<Option<bool>>,
    front_line: Vec<Option<bool>>,
    source_row: Vec<u32>,
}

impl StaffingColumns {
    fn into_frame(self) -> PolarsResult<DataFrame> {
        let n = self.unit.len();
        DataFrame::new(
            n,
            vec![
                Column::new(col::UNIT.into(), self.unit),
                Column::new(col::DEPARTMENT.into(), self.department),
                Column::new(col::QUOTA_TYPE.into(), self.quota_type),
                Column::new(col::YEAR.into(), self.year),
                Column::new(col::APPROVED.into(), self.approved),
                Column::new(col::ACTUAL.into(), self.actual),
                Column::new(col::LEADER_POSTS.into(), self.leader_posts),
                Column::new(col::LEADERS_ACTUAL.into(), self.leaders_actual),
                Column::new(col::PERFORMANCE.into(), self.performance),
                Column::new(col::CATEGORY.into(), self.category),
                Column::new(col::KEY_AREA.into(), self.key_area),
                Column::new(col::FRONT_LINE.into(), self.front_line),
                Column::new(col::SOURCE_ROW.into(), self.source_row),
            ],
        )
    }
}

impl TableKind {
    /// Whether a mapping has what this kind of table needs; else the bilingual reason.
    pub(super) fn check(self, m: &Mapping) -> Result<(), (String, String)> {
        // A standards table holds activities, not units.
        if self == TableKind::Standards {
            return standards_check(m);
        }
        if !m.has(Field::Unit) {
            return Err(("找不到单位名称列".into(), "no unit-name column was found".into()));
        }
        match self {
            TableKind::Volumes if !m.has(Field::Task) => Err((
                "找不到工作活动列（如“工作活动”“业务事项”）".into(),
                "no activity column was found (such as activity or work item)".into(),
            )),
            TableKind::Volumes if m.volume_column().is_none() => Err((
                "找不到业务量列（如“年业务量”“办件量”“件数”）".into(),
                "no volume column was found (such as annual volume or cases)".into(),
            )),
            TableKind::Staffing if !(m.has(Field::Approved) || m.has(Field::Actual) || m.is_wide()) => Err((
                "找不到核定编制数或实有人数列".into(),
                "no approved-quota or actual-staff column was found".into(),
            )),
            TableKind::Survey
                if !(m.has(Field::AnnualHours)
                    || (m.has(Field::Frequency) && (m.has(Field::HoursEach) || m.has(Field::MinutesEach)))) =>
            {
                Err((
                    "找不到工作量列（需要“年工作时长”，或“频次”加“每次用时”）".into(),
                    "no workload columns were found (annual hours, or frequency with hours each)".into(),
                ))
            }
            _ => Ok(()),
        }
    }
}

fn standards_check(m: &Mapping) -> Result<(), (String, String)> {
    if !m.has(Field::Task) {
        return Err((
            "找不到工作活动列（如“工作活动”“业务事项”）".into(),
            "no activity column was found (such as activity or work item)".into(),
        ));
    }
    if !(m.has(Field::HoursEach) || m.has(Field::MinutesEach) || m.has(Field::RatePerHour)) {
        return Err((
            "找不到标准用时列（如“标准用时（小时/件）”“定额工时（分钟）”）".into(),
            "no standard-time column was found (such as standard time in hours or minutes)".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::mapping::map_headers;

    /// A survey with a title, totals, notes, a repeated header, bad numbers past the cap and
    /// a task with no period, spread over every part.
    fn survey_grid() -> (Grid, Vec<String>) {
        let mut rows = vec![
            vec!["工作量调查表".to_owned()],
            ["单位名称", "姓名", "工作事项", "周期", "频次", "每次用时（小时）"]
                .map(str::to_owned)
                .to_vec(),
        ];
        for i in 0..400 {
            let unit = format!("单位{}", i / 40);
            let row: Vec<String> = match i % 50 {
                7 => vec!["小计".into(), String::new(), String::new(), String::new(), "9".into()],
                13 => ["单位名称", "姓名", "工作事项", "周期", "频次", "每次用时（小时）"]
                    .map(str::to_owned)
                    .to_vec(),
                21 => vec![
                    String::new(),
                    "无名".into(),
                    "事项".into(),
                    "每周".into(),
                    "1".into(),
                    "1".into(),
                ],
                _ => vec![
                    unit,
                    format!("人{}", i % 7),
                    format!("事项{i}"),
                    if i % 9 == 0 { String::new() } else { "每月".into() },
                    if i % 3 == 1 {
                        "很多".into()
                    } else {
                        format!("{}", i % 5)
                    },
                    if i % 4 == 0 { "-2".into() } else { "1.5".into() },
                ],
            };
            rows.push(row);
        }
        rows.push(vec!["注：数据为示例。".into()]);
        let records = rows.into_iter().map(csv::StringRecord::from).collect();
        let headers = ["单位名称", "姓名", "工作事项", "周期", "频次", "每次用时（小时）"]
            .map(str::to_owned)
            .to_vec();
        (Grid::from_records(records), headers)
    }

    fn build(parts: (usize, usize)) -> (DataFrame, Vec<Finding>) {
        let (grid, headers) = survey_grid();
        let mapping = map_headers(&headers, &Default::default()).unwrap();
        let mut b = Builder::new(&grid, "调查.csv", None, &headers, &mapping);
        b.parts = parts;
        let rows = b.record_rows(2, TableKind::Survey);
        let frame = b.build(TableKind::Survey, &rows).unwrap();
        b.finish();
        (frame, b.findings)
    }

    #[test]
    fn parts_built_side_by_side_give_what_one_pass_gives() {
        let (one_frame, one_findings) = build((1, usize::MAX));
        assert!(one_findings.iter().any(|f| f.code == "total_row"));
        assert!(one_findings.iter().any(|f| f.code == "repeated_header"));
        assert!(one_findings.iter().any(|f| f.code == "assumed_yearly"));
        // The cap was reached, so the summary line is there.
        assert!(one_findings.iter().any(|f| f.en.contains("more of the same kind")));
        for parts in [(2, 1), (3, 1), (7, 10)] {
            let (frame, findings) = build(parts);
            assert!(frame.equals_missing(&one_frame), "{parts:?}");
            assert_eq!(findings, one_findings, "{parts:?}");
        }
    }

    #[test]
    fn a_survey_keeps_each_long_name_once() {
        let headers = ["单位名称", "姓名", "工作事项", "周期", "频次", "每次用时（小时）"]
            .map(str::to_owned)
            .to_vec();
        let unit = "青川区人口和计划生育服务中心";
        let task = "建议提案办理与督办工作";
        let mut records = vec![csv::StringRecord::from(headers.clone())];
        for i in 0..3000 {
            let person = format!("人{}", i % 30);
            records.push(csv::StringRecord::from(vec![unit, &person, task, "每月", "1", "2"]));
        }
        let grid = Grid::from_records(records);
        let mapping = map_headers(&headers, &Default::default()).unwrap();
        let mut b = Builder::new(&grid, "调查.csv", None, &headers, &mapping);
        b.parts = (2, 1);
        let rows = b.record_rows(1, TableKind::Survey);
        let frame = b.build(TableKind::Survey, &rows).unwrap();
        for (name, text) in [(col::UNIT, unit), (col::TASK, task)] {
            let column = frame.column(name).unwrap().str().unwrap();
            assert!(column.iter().all(|v| v == Some(text)));
            let stored: usize = column
                .downcast_iter()
                .flat_map(|a| a.data_buffers().iter().map(|b| b.len()))
                .sum();
            // Once in each of the two parts built side by side.
            assert_eq!(stored, 2 * text.len(), "{name}");
        }
    }
}

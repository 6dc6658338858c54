//! Which rows below the header are records: not a total (by its name, or by its numbers), a
//! section heading, a note, a repeated header or a row without a unit. Each row left out is
//! reported with its row and why; a guess (a total by its numbers, a heading, an area) is a
//! warning, a total the office named (合计) is information.

use super::super::rows::{self, TotalName};
use super::{Builder, TableKind};
use crate::findings::Finding;
use crate::ingest::grid::Cell;
use crate::ingest::mapping::Field;
use crate::ingest::text::{excerpt, key};
use std::collections::HashSet;

/// First characters of the note words below and of whole-area totals (全国, 全县).
const MARKER_STARTS: &str = "合总小共累注备说数资来填制审负全汇";

/// Words that start a note row.
const NOTE_WORDS: &[&str] = &[
    "注:",
    "注1",
    "注2",
    "备注:",
    "说明:",
    "数据来源",
    "资料来源",
    "来源:",
    "填表说明",
    "填表人",
    "制表",
    "审核人",
    "负责人:",
    "note:",
    "notes:",
    "source:",
];

/// Why a row below the header was not read as a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Skip {
    /// A total the office named: 合计, 小计, Total.
    Total,
    /// A total by the name of a whole area (全国, All India): a guess.
    AreaTotal,
    /// A row whose numbers are the sum of the rows it covers, whatever its name: a guess.
    SumTotal,
    /// A survey row without a task whose numbers are the sum of the rows above it.
    Subtotal,
    /// A unit's own row without a quota type that sums its typed rows (a long table).
    UnitTotal,
    Section,
    Note,
    RepeatedHeader,
    NoUnit,
    /// A standards row without an activity.
    NoActivity,
}

impl Skip {
    pub fn label(self, lang: crate::Lang) -> &'static str {
        use crate::Lang::{En, Zh};
        match (self, lang) {
            (Skip::Total, Zh) => "合计行",
            (Skip::Total, En) => "total rows",
            (Skip::AreaTotal, Zh) => "以全地区命名的合计行",
            (Skip::AreaTotal, En) => "totals named for a whole area",
            (Skip::SumTotal, Zh) => "数字等于所覆盖各行之和的合计行",
            (Skip::SumTotal, En) => "rows whose numbers sum the rows they cover",
            (Skip::UnitTotal, Zh) => "单位各编制类型的合计行",
            (Skip::UnitTotal, En) => "a unit's total over its quota types",
            (Skip::Subtotal, Zh) => "没有工作事项、数字等于上面各行之和的小计行",
            (Skip::Subtotal, En) => "subtotals without a task that sum the rows above",
            (Skip::Section, Zh) => "分组标题行",
            (Skip::Section, En) => "section headings",
            (Skip::Note, Zh) => "说明行",
            (Skip::Note, En) => "notes",
            (Skip::RepeatedHeader, Zh) => "重复的表头行",
            (Skip::RepeatedHeader, En) => "repeated headers",
            (Skip::NoUnit, Zh) => "没有单位名称的行",
            (Skip::NoUnit, En) => "rows without a unit name",
            (Skip::NoActivity, Zh) => "没有工作活动的行",
            (Skip::NoActivity, En) => "rows without an activity",
        }
    }

    /// The finding's code, and whether the row was left out on a guess (a warning).
    fn code(self) -> (&'static str, bool) {
        match self {
            Skip::Total => ("total_row", false),
            Skip::AreaTotal => ("area_total_row", true),
            Skip::SumTotal => ("sum_row", true),
            Skip::Subtotal => ("subtotal_row", true),
            Skip::UnitTotal => ("unit_total_row", true),
            Skip::Section => ("section_row", true),
            Skip::Note => ("note_row", false),
            Skip::RepeatedHeader => ("repeated_header", true),
            Skip::NoUnit => ("missing_unit", true),
            Skip::NoActivity => ("missing_activity", true),
        }
    }

    /// What the finding says of the row named `name`.
    fn message(self, name: &str) -> (String, String) {
        let n = excerpt(name);
        match self {
            Skip::Total => (format!("合计行“{n}”未计入。"), format!("Total row '{n}' left out.")),
            Skip::AreaTotal => (
                format!("“{n}”按全地区合计行处理，未计入（如是单位，请核实）。"),
                format!("'{n}' is read as the total of a whole area and left out (if it is a unit, please check)."),
            ),
            Skip::SumTotal => (
                format!("“{n}”一行的数字等于它所覆盖各行之和，按合计行处理，未计入（如是单位，请核实）。"),
                format!(
                    "The numbers of row '{n}' are the sum of the rows it covers: read as a total and left out (if it is a unit, please check)."
                ),
            ),
            Skip::Section => (
                format!("“{n}”没有数字，按分组标题行处理，未作为单位计入（如是单位，请核实）。"),
                format!(
                    "'{n}' has no numbers and is read as a section heading, not a unit (if it is a unit, please check)."
                ),
            ),
            Skip::Subtotal => (
                format!("“{n}”一行没有工作事项，其数字等于上面各行之和，按小计处理，未计入。"),
                format!("A row of '{n}' without a task sums the rows above it: read as a subtotal and left out."),
            ),
            Skip::UnitTotal => (
                format!("“{n}”没有编制类型的一行等于它各编制类型之和，按该单位的合计行处理，未计入。"),
                format!(
                    "A row of '{n}' without a quota type sums its typed rows: read as the unit's total and left out."
                ),
            ),
            Skip::Note => (format!("说明行“{n}”未计入。"), format!("Note row '{n}' left out.")),
            Skip::RepeatedHeader => (
                "表中重复出现的表头行，已跳过。".to_owned(),
                "A header row repeated inside the table was skipped.".to_owned(),
            ),
            Skip::NoUnit => (
                "这一行没有单位名称，已跳过。".to_owned(),
                "This row has no unit name and was skipped.".to_owned(),
            ),
            Skip::NoActivity => (
                "这一行没有工作活动名称，其标准用时未使用。".to_owned(),
                "This row names no activity; its standard time is not used.".to_owned(),
            ),
        }
    }
}

/// A row below the header that was not read as a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRow {
    pub why: Skip,
    /// The spreadsheet row (1-based).
    pub row: u32,
    /// Its unit or first cell, as written.
    pub name: String,
}

/// What one row is.
enum RowKind {
    Record,
    Empty,
    Skipped(Skip, String),
}

/// A cell that may hold a total or a note word: looking closer at every row would cost more
/// than reading it.
fn suspicious(c: &Cell) -> bool {
    match c {
        Cell::Text(t) => {
            // '总' is looked for alone first: a byte search, where a word is a slower one.
            t.contains('计')
                || (t.contains('总') && (t.contains("总数") || t.contains("汇总")))
                || t.trim_start().chars().next().is_some_and(marker_start)
        }
        _ => false,
    }
}

/// Whether a cell starting with `ch` may be a total or a note by its first character.
fn marker_start(ch: char) -> bool {
    // Common CJK ideographs are letters: only the marker list can name them, and the Unicode
    // tables need not be asked.
    if ('\u{4e00}'..='\u{9fa5}').contains(&ch) {
        return MARKER_STARTS.contains(ch);
    }
    !ch.is_ascii_digit() && (MARKER_STARTS.contains(ch) || !ch.is_alphanumeric() || ch.is_ascii_alphabetic())
}

impl<'a> Builder<'a> {
    /// Whether a unit cell's text is the unit column's header.
    fn is_unit_header(&mut self, text: &str) -> bool {
        let Some(h) = self.unit_header.as_deref() else {
            return false;
        };
        if self.last_unit_text.0 != text {
            let same = key(text) == h;
            self.last_unit_text.0.clear();
            self.last_unit_text.0.push_str(text);
            self.last_unit_text.1 = same;
        }
        self.last_unit_text.1
    }

    fn cell_of(&self, row: usize, field: Field) -> Cell<'a> {
        self.mapping
            .column(field)
            .map(|c| self.grid.cell(row, c))
            .unwrap_or(Cell::Empty)
    }

    fn classify(&mut self, row: usize, data_start: usize) -> RowKind {
        let g = self.grid;
        let first = (0..g.width()).map(|c| g.cell(row, c)).find(|c| !c.is_empty());
        let Some(first) = first else { return RowKind::Empty };
        let unit = self.cell_of(row, Field::Unit);
        // The row's name (its unit, or its first cell) may say it is a total or a note.
        // The unit is often the first cell: looked at once.
        let names = std::iter::once(first).chain((unit != first).then_some(unit));
        for cell in names.filter(suspicious) {
            let text = cell.display();
            match rows::total_name(&text) {
                Some(TotalName::Said) => return RowKind::Skipped(Skip::Total, text),
                Some(TotalName::Area) => return RowKind::Skipped(Skip::AreaTotal, text),
                None => {}
            }
            let k = key(&text);
            if NOTE_WORDS.iter().any(|w| k.starts_with(w)) || k == "注" {
                return RowKind::Skipped(Skip::Note, first.display());
            }
        }
        // A task, person or quota-type cell that is a total word and nothing else (小计).
        for field in [Field::Task, Field::Person, Field::QuotaType] {
            let cell = self.cell_of(row, field);
            if suspicious(&cell) && rows::is_total_cell(&cell.display()) {
                return RowKind::Skipped(Skip::Total, cell.display());
            }
        }
        // A header row repeated mid-table (a printout pasted twice, a page header).
        let header_like = match unit {
            Cell::Text(t) => self.is_unit_header(t),
            _ => false,
        };
        if row >= data_start && header_like && self.repeats_header(row) {
            return RowKind::Skipped(Skip::RepeatedHeader, String::new());
        }
        if self.is_unfilled(row, unit) {
            return RowKind::Empty;
        }
        if self.is_section(row, first, unit) {
            let name = if unit.is_empty() { first } else { unit };
            return RowKind::Skipped(Skip::Section, name.display());
        }
        RowKind::Record
    }

    fn repeats_header(&self, row: usize) -> bool {
        let g = self.grid;
        let mapped: Vec<usize> = self.mapping.fields.values().flatten().copied().collect();
        let same = mapped
            .iter()
            .filter(|&&c| {
                let h = self
                    .headers
                    .get(c)
                    .map(|h| key(h.rsplit('/').next().unwrap_or(h)))
                    .unwrap_or_default();
                !h.is_empty() && key(&g.cell(row, c).display()) == h
            })
            .count();
        !mapped.is_empty() && same * 2 >= mapped.len()
    }

    /// A row of a form the unit left unfilled: its unit (and a person's name) written in
    /// advance, no task and no number — nothing to read and nothing to say, where a lone unit
    /// name would be a heading. A named person, or the unit of the row above, tells it apart.
    fn is_unfilled(&self, row: usize, unit: Cell) -> bool {
        let g = self.grid;
        let Some(task) = self.mapping.column(Field::Task) else {
            return false;
        };
        if unit.is_empty() || !g.cell(row, task).is_empty() || self.numeric.iter().any(|&c| !g.cell(row, c).is_empty())
        {
            return false;
        }
        if !self.cell_of(row, Field::Person).is_empty() {
            return true;
        }
        let Some(c) = self.mapping.column(Field::Unit).filter(|_| row > 0) else {
            return false;
        };
        // A form repeats its unit as written: compared as it stands first (hundreds of such
        // rows a form, thousands of forms a folder), keyed only when the two are written apart.
        match (g.cell(row - 1, c), unit) {
            (Cell::Text(above), Cell::Text(here)) if above.trim() == here.trim() => true,
            (above, here) => key(&above.display()) == key(&here.display()),
        }
    }

    /// A heading over a group of units: no number where records have them, and a name that
    /// says so (一、, 党委工作部门) or stands alone on its row without reading as one unit's; in
    /// a survey, no task either.
    fn is_section(&self, row: usize, first: Cell, unit: Cell) -> bool {
        let g = self.grid;
        // Borrowed when the cell holds text: this runs on every row.
        let name = match if unit.is_empty() { first } else { unit } {
            Cell::Text(t) => std::borrow::Cow::Borrowed(t),
            other => std::borrow::Cow::Owned(other.display()),
        };
        // 一、党委部门 is a heading whatever its numbers say (they may not add up).
        if rows::has_ordinal(&name, false) && !self.numeric.is_empty() {
            return true;
        }
        if self.numeric.is_empty() || self.numeric.iter().any(|&c| !g.cell(row, c).is_empty()) {
            return false;
        }
        if let Some(task) = self.mapping.column(Field::Task) {
            return g.cell(row, task).is_empty();
        }
        let filled = (0..g.width())
            .filter(|&c| !self.running.contains(&c) && !g.cell(row, c).is_empty())
            .count();
        rows::is_section_name(&name) || (filled == 1 && (!rows::looks_like_unit(&name) || self.names_next(row, &name)))
    }

    /// Whether the next row's unit starts with `name` and goes on (鹭岛区城东街道 over
    /// 鹭岛区城东街道党政综合办公室): a lone name over its own parts is their heading.
    fn names_next(&self, row: usize, name: &str) -> bool {
        let Some(c) = self.mapping.column(Field::Unit) else {
            return false;
        };
        let next = (row + 1..self.grid.height().min(row + 4))
            .map(|r| self.grid.cell(r, c))
            .find(|cell| !cell.is_empty());
        let (name, next) = (key(name), next.map(|n| key(&n.display())).unwrap_or_default());
        !name.is_empty() && next.len() > name.len() && next.starts_with(&name)
    }

    /// Whether a row without a unit name continues the unit above it (`above`): a long
    /// staffing table writes a unit's second quota type under its first with the name left
    /// blank, a survey a unit's next task (merged cells, flattened to csv). It needs its own
    /// numbers, and a quota type the unit does not have yet (a repeated one is a subtotal) or
    /// a task.
    fn continues_unit(&self, r: usize, above: usize, rows: &[usize]) -> bool {
        let g = self.grid;
        if !self.numeric.iter().any(|&c| !g.cell(r, c).is_empty()) {
            return false;
        }
        if self.mapping.has(Field::Task) {
            return !self.cell_of(r, Field::Task).is_empty();
        }
        let quota_type = self.cell_of(r, Field::QuotaType);
        let Some(q) = crate::model::QuotaType::detect(&key(&quota_type.display())) else {
            return false;
        };
        // The unit's rows so far: the one that names it and those filled down from it.
        let named = self.filled_down.get(&above).copied().unwrap_or(above);
        let has_type = rows
            .iter()
            .rev()
            .take_while(|&&x| x == named || self.filled_down.get(&x) == Some(&named))
            .any(|&x| crate::model::QuotaType::detect(&key(&self.cell_of(x, Field::QuotaType).display())) == Some(q));
        !has_type
    }

    /// Record that row `r` was left out, with a finding (capped per kind).
    fn skip(&mut self, r: usize, skip: Skip, name: &str) {
        self.skipped.push(SkippedRow {
            why: skip,
            row: r as u32 + 1,
            name: name.to_owned(),
        });
        let (code, guess) = skip.code();
        let (zh, en) = skip.message(name);
        let column = match skip {
            Skip::NoUnit => self.mapping.column(Field::Unit),
            Skip::NoActivity => self.mapping.column(Field::Task),
            _ => None,
        };
        let loc = self.loc(r, column);
        let f = if guess {
            Finding::warning(code, loc, zh, en)
        } else {
            Finding::info(code, loc, zh, en)
        };
        self.note(code, column.unwrap_or(0), f);
    }

    /// The rows that hold records, with skipped rows reported.
    pub fn record_rows(&mut self, data_start: usize, kind: TableKind) -> Vec<usize> {
        let candidates: Vec<usize> = (data_start..self.grid.height()).collect();
        let mut rows = self
            .in_parts(&candidates, |b, part| b.records_among(part, data_start))
            .concat();
        self.fill_down(&mut rows, kind);
        match kind {
            TableKind::Staffing => self.leave_out_sums(&mut rows),
            TableKind::Survey | TableKind::Volumes => self.leave_out_survey_sums(&mut rows),
            TableKind::Standards => self.leave_out_without_activity(&mut rows),
            TableKind::Roster => {}
        }
        self.skipped.sort_by_key(|s| s.row);
        rows
    }

    /// A standards row names its activity: one that does not is left out, with a finding.
    fn leave_out_without_activity(&mut self, rows: &mut Vec<usize>) {
        let Some(task) = self.mapping.column(Field::Task) else {
            return;
        };
        let g = self.grid;
        let (kept, left): (Vec<usize>, Vec<usize>) = rows.iter().partition(|&&r| !g.cell(r, task).is_empty());
        for r in left {
            let first = (0..g.width()).map(|c| g.cell(r, c)).find(|c| !c.is_empty());
            self.skip(r, Skip::NoActivity, &first.map(|c| c.display()).unwrap_or_default());
        }
        *rows = kept;
    }

    /// Rows without a unit name: each continues the unit above it (see [`Self::continues_unit`])
    /// or is left out. In a staffing table the row's quotas then count to that unit: a guess
    /// that moves figures, said with the row and the unit.
    fn fill_down(&mut self, rows: &mut Vec<usize>, kind: TableKind) {
        let Some(unit_col) = self.mapping.column(Field::Unit) else {
            return;
        };
        let mut kept: Vec<usize> = Vec::with_capacity(rows.len());
        // The rows read as the unit above, with the row naming it.
        let mut carried: Vec<(usize, usize)> = Vec::new();
        for &r in rows.iter() {
            if !self.grid.cell(r, unit_col).is_empty() {
                kept.push(r);
                continue;
            }
            match kept.last().copied().filter(|&a| self.continues_unit(r, a, &kept)) {
                Some(above) => {
                    let named = self.filled_down.get(&above).copied().unwrap_or(above);
                    self.filled_down.insert(r, named);
                    let f = Finding::warning(
                        "unit_filled_down",
                        self.loc(r, Some(unit_col)),
                        "单位名称空白，这一行按上一行的单位读取（合并单元格？）。",
                        "The unit name is blank: this row is read as the unit above (merged cells?).",
                    );
                    self.note("unit_filled_down", unit_col, f);
                    carried.push((r, named));
                    kept.push(r);
                }
                None => self.skip(r, Skip::NoUnit, ""),
            }
        }
        *rows = kept;
        if kind == TableKind::Staffing && !carried.is_empty() {
            let f = self.quotas_carried(&carried, unit_col);
            self.findings.push(f);
        }
    }

    /// One line for the staffing rows `carried` without a unit name, each with the row naming
    /// the unit it was read as: their quotas count to that unit, which a person should check
    /// (a unit's name left out of one row moves its quotas to its neighbour).
    fn quotas_carried(&self, carried: &[(usize, usize)], unit_col: usize) -> Finding {
        const NAMED: usize = 10;
        let each: Vec<(usize, String)> = carried
            .iter()
            .take(NAMED)
            .map(|&(r, named)| (r + 1, self.cell_of(named, Field::Unit).display()))
            .collect();
        let more = carried.len() > NAMED;
        let zh: Vec<String> = each
            .iter()
            .map(|(row, unit)| format!("第 {row} 行（{unit}）"))
            .collect();
        let en: Vec<String> = each.iter().map(|(row, unit)| format!("row {row} ('{unit}')")).collect();
        let (first, _) = carried[0];
        Finding::warning(
            "quota_filled_down",
            self.loc(first, Some(unit_col)),
            format!(
                "{} 行没有单位名称，按上一行的单位读取，编制和人数计入该单位：{}{}。请核实。",
                carried.len(),
                zh.join("、"),
                if more { " 等" } else { "" }
            ),
            format!(
                "{} rows have no unit name and are read as the unit above, their quotas and staff counted to it: {}{}. Please check.",
                carried.len(),
                en.join(", "),
                if more { " and more" } else { "" }
            ),
        )
    }

    /// The name a finding gives row `r`: its unit, else its first cell.
    fn row_name(&self, r: usize) -> String {
        let unit = self.cell_of(r, Field::Unit).display();
        if !unit.trim().is_empty() {
            return unit;
        }
        (0..self.grid.width())
            .map(|c| self.grid.cell(r, c))
            .find(|c| !c.is_empty())
            .map(|c| c.display())
            .unwrap_or_default()
    }

    /// Staffing rows whose numbers are the sum of the rows they cover are totals, whatever
    /// their name: first the rows heading a group, then subtotals and grand totals among the
    /// rest.
    fn leave_out_sums(&mut self, rows: &mut Vec<usize>) {
        self.leave_out_unit_totals(rows);
        let breaks: Vec<usize> = self
            .skipped
            .iter()
            .filter(|s| matches!(s.why, Skip::Total | Skip::AreaTotal | Skip::Section))
            .map(|s| s.row as usize - 1)
            .collect();
        let mut breaks = breaks;
        breaks.sort_unstable();
        let name = |r: usize| self.cell_of(r, Field::Unit).display();
        let heads = rows::group_heads(self.grid, rows, &breaks, &self.numeric, &name);
        let heads_set: HashSet<usize> = heads.iter().copied().collect();
        let rest: Vec<usize> = rows.iter().copied().filter(|r| !heads_set.contains(r)).collect();
        let mut totals = rows::sum_totals(self.grid, &rest, &breaks, &self.numeric, &name);
        totals.extend(heads);
        totals.sort_unstable();
        let set: HashSet<usize> = totals.iter().copied().collect();
        for &r in &totals {
            let name = self.row_name(r);
            self.skip(r, Skip::SumTotal, &name);
        }
        rows.retain(|r| !set.contains(r));
    }

    /// In a long table (a row per unit and quota type), a unit's row without a quota type (or
    /// with one no type is named, 合计数) whose numbers are the sum of the unit's typed rows is
    /// the unit's own total.
    fn leave_out_unit_totals(&mut self, rows: &mut Vec<usize>) {
        if !self.mapping.has(Field::QuotaType) {
            return;
        }
        let g = self.grid;
        let named = |r: usize| self.filled_down.get(&r).copied().unwrap_or(r);
        let unit_of = |r: usize| self.cell_of(named(r), Field::Unit).display();
        let typed =
            |r: usize| crate::model::QuotaType::detect(&key(&self.cell_of(r, Field::QuotaType).display())).is_some();
        let mut totals = HashSet::new();
        let mut start = 0;
        while start < rows.len() {
            let unit = unit_of(rows[start]);
            let end = (start..rows.len())
                .find(|&i| unit_of(rows[i]) != unit)
                .unwrap_or(rows.len());
            let group = &rows[start..end];
            let (with_type, without): (Vec<usize>, Vec<usize>) = group.iter().partition(|&&r| typed(r));
            if let ([total], 2..) = (without.as_slice(), with_type.len()) {
                let mut sum = rows::Sum::new(self.numeric.len());
                for &r in &with_type {
                    sum.add_row(&rows::numbers_given(g, r, &self.numeric));
                }
                if sum.equals_row(&rows::numbers_given(g, *total, &self.numeric)) {
                    totals.insert(*total);
                }
            }
            start = end;
        }
        let mut sorted: Vec<usize> = totals.iter().copied().collect();
        sorted.sort_unstable();
        for r in sorted {
            let name = self.row_name(r);
            self.skip(r, Skip::UnitTotal, &name);
        }
        rows.retain(|r| !totals.contains(r));
    }

    /// A survey row with no task whose numbers are the sum of the rows above it (its person's
    /// since the last subtotal, or its unit's) is a subtotal; one that is not is kept, and said
    /// to have no task. Running sums keep this one pass over the rows.
    fn leave_out_survey_sums(&mut self, rows: &mut Vec<usize>) {
        let Some(task) = self.mapping.column(Field::Task) else {
            return;
        };
        let g = self.grid;
        // Most surveys name a task on every row: then there is no subtotal to look for.
        if rows.iter().all(|&r| !g.cell(r, task).is_empty()) {
            return;
        }
        let same = |field: Field, a: usize, b: usize| {
            let (a, b) = (
                self.filled_down.get(&a).copied().unwrap_or(a),
                self.filled_down.get(&b).copied().unwrap_or(b),
            );
            self.mapping.column(field).is_none_or(|c| g.cell(a, c) == g.cell(b, c))
        };
        let width = self.numeric.len();
        let (mut unit_sum, mut person_sum) = (rows::Sum::new(width), rows::Sum::new(width));
        let mut totals = HashSet::new();
        let mut no_task = Vec::new();
        let mut last: Option<usize> = None;
        for &r in rows.iter() {
            if last.is_some_and(|l| !same(Field::Unit, l, r)) {
                unit_sum.clear();
                person_sum.clear();
            } else if last.is_some_and(|l| !same(Field::Person, l, r)) {
                person_sum.clear();
            }
            let values = rows::numbers_given(g, r, &self.numeric);
            if g.cell(r, task).is_empty() {
                if person_sum.matches(&values) || unit_sum.matches(&values) {
                    // A person's subtotal, or the unit's: the unit's own rows stay summed.
                    totals.insert(r);
                    person_sum.clear();
                    last = Some(r);
                    continue;
                }
                no_task.push(r);
            }
            unit_sum.add_given(&values);
            person_sum.add_given(&values);
            last = Some(r);
        }
        for &r in &no_task {
            let f = Finding::warning(
                "missing_task",
                self.loc(r, Some(task)),
                "这一行有工作量但没有工作事项名称，已计入；如是小计，请删除或注明。",
                "This row has workload but no task name and was counted; if it is a subtotal, delete or mark it.",
            );
            self.note("missing_task", task, f);
        }
        let mut sorted: Vec<usize> = totals.iter().copied().collect();
        sorted.sort_unstable();
        for r in sorted {
            let name = self.row_name(r);
            self.skip(r, Skip::Subtotal, &name);
        }
        rows.retain(|r| !totals.contains(r));
    }

    /// The rows among `candidates` that hold records.
    pub(super) fn records_among(&mut self, candidates: &[usize], data_start: usize) -> Vec<usize> {
        let mut rows = Vec::new();
        let unit_col = self.mapping.column(Field::Unit);
        for &r in candidates {
            match self.classify(r, data_start) {
                RowKind::Empty => {}
                RowKind::Skipped(skip, name) => self.skip(r, skip, &name),
                RowKind::Record => {
                    if unit_col.is_some_and(|c| !self.grid.cell(r, c).is_empty()) {
                        rows.push(r);
                    } else {
                        // Whether it continues the unit above is decided in one pass over
                        // all rows, parts joined (the row above may be in the part before).
                        rows.push(r);
                    }
                }
            }
        }
        rows
    }
}

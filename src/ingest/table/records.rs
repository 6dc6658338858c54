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
    Section,
    Note,
    RepeatedHeader,
    NoUnit,
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
            (Skip::Section, Zh) => "分组标题行",
            (Skip::Section, En) => "section headings",
            (Skip::Note, Zh) => "说明行",
            (Skip::Note, En) => "notes",
            (Skip::RepeatedHeader, Zh) => "重复的表头行",
            (Skip::RepeatedHeader, En) => "repeated headers",
            (Skip::NoUnit, Zh) => "没有单位名称的行",
            (Skip::NoUnit, En) => "rows without a unit name",
        }
    }

    /// The finding's code, and whether the row was left out on a guess (a warning).
    fn code(self) -> (&'static str, bool) {
        match self {
            Skip::Total => ("total_row", false),
            Skip::AreaTotal => ("area_total_row", true),
            Skip::SumTotal => ("sum_row", true),
            Skip::Section => ("section_row", true),
            Skip::Note => ("note_row", false),
            Skip::RepeatedHeader => ("repeated_header", true),
            Skip::NoUnit => ("missing_unit", true),
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
            Skip::Note => (format!("说明行“{n}”未计入。"), format!("Note row '{n}' left out.")),
            Skip::RepeatedHeader => (
                "表中重复出现的表头行，已跳过。".to_owned(),
                "A header row repeated inside the table was skipped.".to_owned(),
            ),
            Skip::NoUnit => (
                "这一行没有单位名称，已跳过。".to_owned(),
                "This row has no unit name and was skipped.".to_owned(),
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
            t.contains('计')
                || t.contains("总数")
                || t.contains("汇总")
                || t.trim_start().chars().next().is_some_and(|ch| {
                    !ch.is_ascii_digit()
                        && (MARKER_STARTS.contains(ch) || !ch.is_alphanumeric() || ch.is_ascii_alphabetic())
                })
        }
        _ => false,
    }
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
        for cell in [first, unit].iter().filter(|c| suspicious(c)) {
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

    /// A heading over a group of units: no number where records have them, and a name that
    /// says so (一、, 党委工作部门) or stands alone on its row without reading as one unit's; in
    /// a survey, no task either.
    fn is_section(&self, row: usize, first: Cell, unit: Cell) -> bool {
        let g = self.grid;
        if self.numeric.is_empty() || self.numeric.iter().any(|&c| !g.cell(row, c).is_empty()) {
            return false;
        }
        if let Some(task) = self.mapping.column(Field::Task) {
            return g.cell(row, task).is_empty();
        }
        let filled = (0..g.width())
            .filter(|&c| !self.running.contains(&c) && !g.cell(row, c).is_empty())
            .count();
        let name = if unit.is_empty() { first } else { unit }.display();
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

    /// Whether a row without a unit name continues the unit above: a long staffing table
    /// writes a unit's second quota type under its first with the name left blank (or merged
    /// away in a csv). It needs a quota type of its own and numbers.
    fn continues_unit(&self, r: usize) -> bool {
        let g = self.grid;
        let quota_type = self.cell_of(r, Field::QuotaType);
        !quota_type.is_empty()
            && crate::model::QuotaType::detect(&key(&quota_type.display())).is_some()
            && self.numeric.iter().any(|&c| !g.cell(r, c).is_empty())
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
        match kind {
            TableKind::Staffing => self.leave_out_sums(&mut rows),
            TableKind::Survey => self.leave_out_survey_sums(&mut rows),
            TableKind::Roster => {}
        }
        self.skipped.sort_by_key(|s| s.row);
        rows
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

    /// A survey row with no task whose numbers are the sum of the unit's rows just above it is
    /// that unit's subtotal; one that is not is kept, and said to have no task.
    fn leave_out_survey_sums(&mut self, rows: &mut Vec<usize>) {
        let Some(task) = self.mapping.column(Field::Task) else {
            return;
        };
        let unit = self.mapping.column(Field::Unit);
        let same_unit = |a: usize, b: usize| unit.is_none_or(|c| self.grid.cell(a, c) == self.grid.cell(b, c));
        let mut totals = HashSet::new();
        let mut no_task = Vec::new();
        let mut block: Vec<usize> = Vec::new();
        for &r in rows.iter() {
            if block.last().is_some_and(|&b| !same_unit(b, r)) {
                block.clear();
            }
            if !self.grid.cell(r, task).is_empty() {
                block.push(r);
                continue;
            }
            if rows::is_block_sum(self.grid, r, &block, &self.numeric) {
                totals.insert(r);
                block.clear();
            } else {
                no_task.push(r);
                block.push(r);
            }
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
            self.skip(r, Skip::SumTotal, &name);
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
                    } else if let Some(&above) = rows.last().filter(|_| self.continues_unit(r)) {
                        let named = self.filled_down.get(&above).copied().unwrap_or(above);
                        self.filled_down.insert(r, named);
                        let f = Finding::warning(
                            "unit_filled_down",
                            self.loc(r, unit_col),
                            "单位名称空白，这一行按上一行单位的另一种编制类型读取。",
                            "The unit name is blank: this row is read as another quota type of the unit above.",
                        );
                        self.note("unit_filled_down", unit_col.unwrap_or(0), f);
                        rows.push(r);
                    } else {
                        self.skip(r, Skip::NoUnit, "");
                    }
                }
            }
        }
        rows
    }
}

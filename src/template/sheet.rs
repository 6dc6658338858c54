//! The sheets of a template: instructions, a survey sheet, the lists its drop-downs offer, and
//! the hidden marker.

use super::{TemplateOptions, TemplateUnit, words};
use crate::export::display_width;
use crate::ingest::marker::{self, Marker};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatBorder, Formula, ProtectionOptions,
    Worksheet, XlsxError,
};

/// Rows a person gets, prefilled with their name.
const ROWS_PER_PERSON: u32 = 8;
/// Rows with only the unit, after the people (or alone, without a roster): every row a unit
/// may type in has its unit, so no row it adds reads as unit-less.
const BLANK_ROWS: u32 = 500;
/// Where the header is, and the first data row (0-based).
const HEADER_ROW: u32 = 2;
const FIRST_ROW: u32 = 3;
/// The last column (H, the note).
const LAST_COL: u16 = 7;

/// The lists the drop-downs offer: tasks in column A of the lists sheet, each unit's people in
/// a column of their own from B.
pub struct Lists {
    tasks: Vec<String>,
    people: Vec<(String, Vec<String>)>,
}

impl Lists {
    pub fn new(tasks: &[String], units: &[TemplateUnit]) -> Lists {
        Lists {
            tasks: tasks.to_vec(),
            people: units
                .iter()
                .filter(|u| !u.people.is_empty())
                .map(|u| (u.name.clone(), u.people.clone()))
                .collect(),
        }
    }

    /// The range of the tasks, as a list formula; None without tasks.
    fn tasks_range(&self) -> Option<Formula> {
        (!self.tasks.is_empty()).then(|| range(0, self.tasks.len()))
    }

    /// The range of `unit`'s people; None without them.
    fn people_range(&self, unit: &str) -> Option<Formula> {
        let i = self.people.iter().position(|(u, _)| u == unit)?;
        Some(range(i as u16 + 1, self.people[i].1.len()))
    }
}

/// `'_satlas_lists'!$X$1:$X$n` for column `col`.
fn range(col: u16, n: usize) -> Formula {
    let letter = rust_xlsxwriter::utility::column_number_to_name(col);
    Formula::new(format!("='{}'!${letter}$1:${letter}${n}", lists_sheet()))
}

fn lists_sheet() -> String {
    format!("{}_lists", marker::SHEET)
}

/// The instructions: what to fill and how, with an example.
pub fn instructions(ws: &mut Worksheet, unit: &str, opts: &TemplateOptions) -> Result<(), XlsxError> {
    let lang = opts.lang;
    ws.set_name(words::instructions_sheet(lang))?;
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let heading = Format::new().set_bold().set_font_size(14);
    let widths = [12u16, 30, 12, 10, 18];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    // A paragraph spans the five columns and wraps within them: as many lines as it needs.
    let across = widths.iter().map(|w| *w as usize).sum::<usize>() - 4;
    let line = words::subtitle(unit, opts.deadline.as_deref(), opts.contact.as_deref(), lang);
    let mut row = 0;
    ws.merge_range(row, 0, row, 4, &words::title(unit, opts.year, lang), &heading)?;
    ws.set_row_height(row, 24)?;
    row += 1;
    for text in words::instructions(&line, opts.year, lang) {
        ws.merge_range(row, 0, row, 4, &text, &wrap)?;
        let lines = display_width(&text).div_ceil(across).max(1);
        ws.set_row_height(row, 16.0 * lines as f64 + 4.0)?;
        row += 1;
    }
    print_setup(ws, None);
    let head = header_format();
    let names = words::columns(lang);
    for (c, i) in [1usize, 2, 3, 4, 5].into_iter().enumerate() {
        ws.write_with_format(row, c as u16, names[i].0, &head)?;
    }
    for example in words::example(lang) {
        row += 1;
        for (c, v) in example.into_iter().enumerate() {
            // Numbers as numbers, as the form takes them.
            match v.parse::<f64>() {
                Ok(n) => ws.write(row, c as u16, n)?,
                Err(_) => ws.write(row, c as u16, v)?,
            };
        }
    }
    Ok(())
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_background_color(0xDDEBF7)
}

/// A4 landscape, one page wide, the header (through row `repeat`) on every page.
fn print_setup(ws: &mut Worksheet, repeat: Option<u32>) {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    if let Some(last) = repeat {
        // Only fails for rows past the sheet's end.
        let _ = ws.set_repeat_rows(0, last);
    }
}

/// A unit's survey sheet.
pub fn survey(ws: &mut Worksheet, unit: &TemplateUnit, lists: &Lists, opts: &TemplateOptions) -> Result<(), XlsxError> {
    let lang = opts.lang;
    let columns = words::columns(lang);
    let open = Format::new().set_unlocked();
    let locked = Format::new().set_background_color(0xF2F2F2);
    for (c, (_, width)) in columns.iter().enumerate() {
        let width = match c {
            0 => (display_width(&unit.name).max(8) + 2) as f64,
            _ => *width,
        };
        ws.set_column_width(c as u16, width)?;
        if c > 0 {
            ws.set_column_format(c as u16, &open)?;
        }
    }
    ws.merge_range(
        0,
        0,
        0,
        LAST_COL,
        &words::title(&unit.name, opts.year, lang),
        &Format::new().set_bold().set_font_size(14),
    )?;
    let subtitle = words::subtitle(&unit.name, opts.deadline.as_deref(), opts.contact.as_deref(), lang);
    ws.merge_range(1, 0, 1, LAST_COL, &subtitle, &Format::new())?;
    let head = header_format();
    for (c, (name, _)) in columns.iter().enumerate() {
        ws.write_with_format(HEADER_ROW, c as u16, *name, &head)?;
    }
    ws.set_freeze_panes(FIRST_ROW, 0)?;
    print_setup(ws, Some(HEADER_ROW));
    let mut row = FIRST_ROW;
    for r in &unit.filled {
        filled_row(ws, row, &unit.name, r, lang, (&locked, &open))?;
        row += 1;
    }
    for person in unit.people.iter().filter(|_| unit.filled.is_empty()) {
        for _ in 0..ROWS_PER_PERSON {
            ws.write_with_format(row, 0, &unit.name, &locked)?;
            ws.write_with_format(row, 1, person, &open)?;
            row += 1;
        }
    }
    for _ in 0..BLANK_ROWS {
        ws.write_with_format(row, 0, &unit.name, &locked)?;
        row += 1;
    }
    checks(ws, row - 1, lists, &unit.name, lang)?;
    ws.protect_with_options(&ProtectionOptions {
        insert_rows: true,
        delete_rows: true,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    Ok(())
}

/// A row as a unit fills it in.
fn filled_row(
    ws: &mut Worksheet,
    row: u32,
    unit: &str,
    r: &super::FormRow,
    lang: crate::Lang,
    (locked, open): (&Format, &Format),
) -> Result<(), XlsxError> {
    ws.write_with_format(row, 0, unit, locked)?;
    if let Some(p) = &r.person {
        ws.write_with_format(row, 1, p, open)?;
    }
    ws.write_with_format(row, 2, &r.task, open)?;
    if let Some(p) = r.period {
        let i = crate::model::Period::ALL.iter().position(|x| *x == p).unwrap_or(0);
        ws.write_with_format(row, 3, words::periods(lang)[i], open)?;
    }
    for (c, v) in [(4, r.frequency), (5, r.hours_each), (6, r.annual_hours)] {
        if let Some(v) = v {
            ws.write_with_format(row, c, v, open)?;
        }
    }
    Ok(())
}

/// What the data rows up to `last` accept: a period from the list, a frequency of 0 or more,
/// hours each between 0 and 24 (with a prompt), and offered tasks and people (others allowed,
/// with a warning).
fn checks(ws: &mut Worksheet, last: u32, lists: &Lists, unit: &str, lang: crate::Lang) -> Result<(), XlsxError> {
    let at =
        |ws: &mut Worksheet, c: u16, v: &DataValidation| ws.add_data_validation(FIRST_ROW, c, last, c, v).map(|_| ());
    let periods = DataValidation::new().allow_list_strings(&words::periods(lang))?;
    at(ws, 3, &periods)?;
    let (title, message) = words::frequency_prompt(lang);
    let frequency = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_input_title(title)?
        .set_input_message(message)?;
    at(ws, 4, &frequency)?;
    let (title, message) = words::hours_prompt(lang);
    let hours = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(0.0, 24.0))
        .set_input_title(title)?
        .set_input_message(message)?
        .set_error_title(title)?
        .set_error_message(message)?;
    at(ws, 5, &hours)?;
    let (title, message) = words::annual_prompt(lang);
    let annual = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_input_title(title)?
        .set_input_message(message)?;
    at(ws, 6, &annual)?;
    if let Some(tasks) = lists.tasks_range() {
        let (title, message) = words::task_prompt(lang);
        let v = DataValidation::new()
            .allow_list_formula(tasks)
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_input_title(title)?
            .set_input_message(message)?;
        at(ws, 2, &v)?;
    }
    if let Some(people) = lists.people_range(unit) {
        let v = DataValidation::new()
            .allow_list_formula(people)
            .set_error_style(DataValidationErrorStyle::Warning);
        at(ws, 1, &v)?;
    }
    Ok(())
}

/// The lists sheet, very hidden.
pub fn lists(ws: &mut Worksheet, lists: &Lists) -> Result<(), XlsxError> {
    ws.set_name(lists_sheet())?;
    // Very hidden: a unit cannot unhide it from the sheet tabs and edit it by mistake.
    for (r, t) in lists.tasks.iter().enumerate() {
        ws.write(r as u32, 0, t)?;
    }
    for (c, (_, people)) in lists.people.iter().enumerate() {
        for (r, p) in people.iter().enumerate() {
            ws.write(r as u32, c as u16 + 1, p)?;
        }
    }
    ws.set_very_hidden(true);
    Ok(())
}

/// The marker sheet, very hidden.
pub fn marker(ws: &mut Worksheet, marker: &Marker) -> Result<(), XlsxError> {
    ws.set_name(marker::SHEET)?;
    for (r, cells) in marker.rows().iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            ws.write(r as u32, c as u16, v)?;
        }
    }
    ws.set_very_hidden(true);
    Ok(())
}

//! The sources view: each input file as it was read — format, encoding, sheet, header rows —
//! and for each canonical field the column it was matched to, its first values, and a
//! drop-down to choose another column. Choices go into the project's [`LoadOptions`].
//!
//! [`LoadOptions`]: crate::ingest::LoadOptions

use super::super::i18n::{T, labelled, tr};
use crate::Lang;
use crate::ingest::{Confidence, Field, Inputs, Loaded, SourceColumn, TableKind};
use crate::project::{Source, Sources};
use egui::RichText;

/// What the user asked for in this view; the app applies it and reads the files again.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Open(TableKind),
    Remove(TableKind),
    /// Read another sheet of the workbook.
    Sheet(TableKind, String),
    /// Take `field` from the column with this header (None: back to automatic).
    Column(TableKind, Field, Option<String>),
    /// Drop every choice made for the file.
    Reset(TableKind),
}

pub const KINDS: [TableKind; 5] = [
    TableKind::Staffing,
    TableKind::Survey,
    TableKind::Roster,
    TableKind::Standards,
    TableKind::Volumes,
];

/// A file that could not be read until the person chooses a column: its header as read.
pub struct Pending<'a> {
    pub kind: TableKind,
    pub columns: &'a [SourceColumn],
    /// Why it could not be read, in the UI's language.
    pub message: String,
}

/// A field to bring into view and mark: (file name, field), as the doubts banner names them.
pub type Focus = (String, Field);

pub fn show(
    ui: &mut egui::Ui,
    sources: &Sources,
    inputs: Option<&Inputs>,
    pending: Option<Pending>,
    focus: Option<&Focus>,
    scroll: bool,
    lang: Lang,
) -> Option<Change> {
    let mut change = None;
    ui.label(RichText::new(tr(T::MappingHint, lang)).weak());
    ui.add_space(6.0);
    // Both ways: the basis column runs wide (in English above all) on a small screen.
    egui::ScrollArea::both().auto_shrink([false, false]).show(ui, |ui| {
        for kind in KINDS {
            let source = sources.get(kind);
            let loaded = inputs
                .and_then(|i| i.get(kind))
                .filter(|l| source.is_some_and(|s| s.path == l.path));
            ui.group(|ui| {
                ui.set_width(ui.available_width());
                if let Some(c) = file_header(ui, kind, source, lang) {
                    change = Some(c);
                }
                match (source, &pending) {
                    (Some(source), Some(p)) if p.kind == kind => {
                        ui.label(RichText::new(&p.message).color(super::ERROR));
                        ui.label(RichText::new(tr(T::ChooseColumnHint, lang)).strong());
                        let grid = Grid {
                            columns: p.columns,
                            focus: None,
                            scroll: false,
                        };
                        if let Some(c) = mapping_grid(ui, kind, source, grid, lang) {
                            change = Some(c);
                        }
                    }
                    _ => {
                        if let (Some(source), Some(loaded)) = (source, loaded) {
                            if let Some(c) = read_details(ui, kind, source, loaded, lang) {
                                change = Some(c);
                            }
                            let focus = focus.filter(|(file, _)| *file == loaded.file).map(|(_, f)| *f);
                            let grid = Grid {
                                columns: &loaded.columns,
                                focus,
                                scroll,
                            };
                            if let Some(c) = mapping_grid(ui, kind, source, grid, lang) {
                                change = Some(c);
                            }
                            skipped_rows(ui, loaded, lang);
                        }
                    }
                }
            });
            ui.add_space(8.0);
        }
    });
    change
}

fn file_header(ui: &mut egui::Ui, kind: TableKind, source: Option<&Source>, lang: Lang) -> Option<Change> {
    let mut change = None;
    ui.horizontal(|ui| {
        ui.label(RichText::new(kind.label(lang)).heading());
        match source {
            // The name, with the whole path on hover (paths are long, and differ per machine).
            Some(s) => ui
                .label(
                    s.path
                        .file_name()
                        .map_or_else(|| s.path.display().to_string(), |n| n.to_string_lossy().into_owned()),
                )
                .on_hover_text(s.path.display().to_string()),
            None => ui.label(RichText::new(tr(T::NotLoaded, lang)).weak()),
        };
        if ui.button(tr(T::Open, lang)).clicked() {
            change = Some(Change::Open(kind));
        }
        if source.is_some() && kind != TableKind::Staffing && ui.button(tr(T::Remove, lang)).clicked() {
            change = Some(Change::Remove(kind));
        }
    });
    change
}

fn read_details(ui: &mut egui::Ui, kind: TableKind, source: &Source, loaded: &Loaded, lang: Lang) -> Option<Change> {
    let mut change = None;
    ui.horizontal_wrapped(|ui| {
        ui.label(labelled(
            tr(T::Format, lang),
            format!("{:?}", loaded.format).to_uppercase(),
            lang,
        ));
        if let Some(enc) = loaded.encoding {
            ui.label(labelled(tr(T::Encoding, lang), enc, lang));
        }
        if let Some(sheet) = &loaded.sheet {
            let label = ui.label(labelled(tr(T::Sheet, lang), "", lang).trim_end());
            if loaded.sheets.len() > 1 {
                egui::ComboBox::from_id_salt(("sheet", kind as u8))
                    .selected_text(sheet)
                    .show_ui(ui, |ui| {
                        for name in &loaded.sheets {
                            if ui.selectable_label(name == sheet, name).clicked() && name != sheet {
                                change = Some(Change::Sheet(kind, name.clone()));
                            }
                        }
                    })
                    .response
                    .labelled_by(label.id);
            } else {
                ui.label(sheet);
            }
        }
        let (first, last) = loaded.header_rows;
        let rows = if first == last {
            format!("{first}")
        } else {
            format!("{first}–{last}")
        };
        ui.label(labelled(tr(T::HeaderRows, lang), rows, lang));
        ui.label(labelled(tr(T::Rows, lang), loaded.frame.height(), lang));
        let has_choices = source.options.sheet.is_some() || !source.options.overrides.is_empty();
        if has_choices && ui.button(tr(T::ResetMapping, lang)).clicked() {
            change = Some(Change::Reset(kind));
        }
    });
    change
}

/// Rows below the header that were not read as records, and why: the receipt's last lines.
fn skipped_rows(ui: &mut egui::Ui, loaded: &Loaded, lang: Lang) {
    for line in crate::ingest::receipt::lines(loaded, lang)
        .into_iter()
        .filter(|l| l.column.is_empty())
    {
        let gap = if lang == Lang::Zh { "" } else { " " };
        ui.label(RichText::new(format!("{}{gap}{}", line.item, line.samples)).weak());
    }
}

/// What a column's field rests on, and a warning colour when it is a guess.
fn basis_text(c: &SourceColumn, lang: Lang) -> RichText {
    let Some(choice) = &c.choice else {
        return RichText::new("");
    };
    let mut text = format!("{} · {}", choice.basis.label(lang), choice.confidence.label(lang));
    if let Some((zh, en)) = &choice.evidence {
        text.push_str(&match lang {
            Lang::Zh => format!("（{zh}）"),
            Lang::En => format!(" ({en})"),
        });
    }
    match choice.confidence {
        Confidence::Low => RichText::new(text).color(super::ERROR),
        _ => RichText::new(text).weak(),
    }
}

/// The columns that feed `field`: mapped to it directly, or per quota type in the wide shape.
fn columns_of(columns: &[SourceColumn], field: Field) -> Vec<&SourceColumn> {
    let name = field.name();
    columns
        .iter()
        .filter(|c| {
            c.field
                .as_deref()
                .is_some_and(|f| f == name || f.strip_prefix(name).is_some_and(|rest| rest.starts_with('@')))
        })
        .collect()
}

fn column_label(c: &SourceColumn) -> String {
    format!("{} {}", c.letter, c.header)
}

/// The columns a mapping grid shows, and the field to mark (brought into view when `scroll`).
struct Grid<'a> {
    columns: &'a [SourceColumn],
    focus: Option<Field>,
    scroll: bool,
}

/// The mapping of `kind`'s fields to columns; the focused field is marked, and brought into
/// view once (the person came from the line that says it was read on a guess).
fn mapping_grid(ui: &mut egui::Ui, kind: TableKind, source: &Source, grid: Grid, lang: Lang) -> Option<Change> {
    let Grid { columns, focus, scroll } = grid;
    let mut change = None;
    egui::Grid::new(("mapping", kind as u8))
        .striped(true)
        .num_columns(4)
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            ui.strong(tr(T::Field, lang));
            ui.strong(tr(T::MatchedColumn, lang));
            ui.strong(tr(T::FirstValues, lang));
            ui.strong(tr(T::ReadBasis, lang));
            ui.end_row();
            for &field in Field::for_kind(kind) {
                let matched = columns_of(columns, field);
                let chosen = source.options.overrides.get(field.name());
                let name = crate::i18n::column(field.name(), lang);
                let label = if focus == Some(field) {
                    let label = ui.label(RichText::new(format!("→ {name}")).color(super::ERROR).strong());
                    if scroll {
                        label.scroll_to_me(Some(egui::Align::Center));
                    }
                    label
                } else {
                    ui.label(name)
                };
                let selected = if matched.is_empty() {
                    tr(T::Unmatched, lang).to_owned()
                } else {
                    let names: Vec<String> = matched.iter().map(|c| column_label(c)).collect();
                    let mark = if chosen.is_some() { tr(T::ChosenMark, lang) } else { "" };
                    format!("{}{mark}", names.join(lang.pick("、", ", ")))
                };
                egui::ComboBox::from_id_salt(("column", kind as u8, field.name()))
                    .selected_text(selected)
                    .width(260.0)
                    .show_ui(ui, |ui| {
                        if ui.selectable_label(chosen.is_none(), tr(T::Automatic, lang)).clicked() && chosen.is_some() {
                            change = Some(Change::Column(kind, field, None));
                        }
                        for c in columns.iter().filter(|c| !c.header.trim().is_empty()) {
                            let is_chosen = chosen == Some(&c.header);
                            if ui.selectable_label(is_chosen, column_label(c)).clicked() && !is_chosen {
                                change = Some(Change::Column(kind, field, Some(c.header.clone())));
                            }
                        }
                    })
                    .response
                    .labelled_by(label.id);
                let samples: Vec<&str> = matched
                    .first()
                    .map(|c| {
                        c.samples
                            .iter()
                            .map(String::as_str)
                            .filter(|s| !s.trim().is_empty())
                            .take(4)
                            .collect()
                    })
                    .unwrap_or_default();
                let separator = if lang == Lang::Zh { "、" } else { ", " };
                ui.label(RichText::new(samples.join(separator)).weak());
                match matched.first() {
                    Some(c) => ui.label(basis_text(c, lang)),
                    None => ui.label(""),
                };
                ui.end_row();
            }
        });
    change
}

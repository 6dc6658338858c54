//! The units table: one row per unit as the analysis computed it, virtualised, sortable by
//! any column, filtered by text and band, saturation coloured by band.

use super::{band_color, fmt_num, fmt_percent};
use crate::Lang;
use crate::analysis::{Analysis, Rows};
use crate::gui::i18n::{T, labelled, tr};
use crate::model::{Band, WorkloadSource, col};
use egui::RichText;
use egui_extras::{Column, TableBuilder};
use std::cmp::Ordering;

/// One unit's figures, read from `analysis.units`.
#[derive(Debug, Clone)]
pub struct UnitRow {
    pub unit: String,
    pub department: String,
    /// The quota types the unit holds (canonical names).
    pub quota_types: Vec<String>,
    pub band: Band,
    /// Where the unit's workload came from, when standards were read.
    pub source: Option<WorkloadSource>,
    pub flags: String,
    /// Numeric cells in the order of [`NUMERIC`].
    pub numbers: Vec<Option<f64>>,
    /// `unit` and `department`, lower-cased, for the text filter.
    key: String,
}

/// The numeric columns shown, with their decimals (None: a percentage).
pub const NUMERIC: &[(&str, Option<usize>)] = &[
    (col::APPROVED, Some(0)),
    (col::ACTUAL, Some(0)),
    (col::WORKLOAD, Some(0)),
    (col::REQUIRED, Some(2)),
    (col::SATURATION, Some(2)),
    (col::VACANCY, Some(0)),
    (col::VACANCY_RATE, None),
    (col::OVER_QUOTA, Some(0)),
    (col::IDLE, Some(2)),
    (col::SHORTAGE, Some(2)),
    (col::RECOVERABLE, Some(0)),
    (col::SATURATION_STD, Some(2)),
    (col::SELF_REPORT_RATIO, Some(2)),
];

/// The columns of [`NUMERIC`] that only standards and volumes give.
const FROM_STANDARDS: [usize; 2] = [11, 12];

/// Index of the saturation column in [`NUMERIC`].
const SATURATION: usize = 4;

/// The columns of [`NUMERIC`] always shown (approved, actual, required, saturation, vacancy,
/// over quota); the others appear with [`UnitsView::more_columns`].
const PRIMARY: [usize; 6] = [0, 1, 3, SATURATION, 5, 7];

/// The rows of the table, read once per result.
#[derive(Debug, Clone, Default)]
pub struct UnitTable {
    pub rows: Vec<UnitRow>,
    /// Departments and quota types present, sorted, for the filters.
    pub departments: Vec<String>,
    pub quota_types: Vec<String>,
    /// Whether standards and volumes were read (their columns are offered).
    pub has_standards: bool,
    /// Whether some units' workload is the survey's and others' the standards' (each row
    /// then says which).
    pub mixed: bool,
}

impl UnitTable {
    pub fn from_analysis(analysis: &Analysis) -> UnitTable {
        let frame = &analysis.units;
        let Ok(r) = Rows::new(frame) else {
            return UnitTable::default();
        };
        let mut types_of: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        if let Ok(t) = Rows::new(&analysis.unit_types) {
            for i in 0..t.height() {
                if let (Some(u), Some(q)) = (t.str(col::UNIT, i), t.str(col::QUOTA_TYPE, i)) {
                    let types = types_of.entry(u.to_owned()).or_default();
                    if !types.iter().any(|x| x == q) {
                        types.push(q.to_owned());
                    }
                }
            }
        }
        // The standards' columns exist only when standards were read. Each column is found
        // once, not by name in every row.
        let numeric: Vec<_> = NUMERIC.iter().map(|(c, _)| r.col(c)).collect();
        let (units, departments, bands, flags, sources) = (
            r.col(col::UNIT),
            r.col(col::DEPARTMENT),
            r.col(col::BAND),
            r.col(col::FLAGS),
            r.col(col::WORKLOAD_METHOD),
        );
        let rows: Vec<UnitRow> = (0..r.height())
            .map(|i| {
                let unit = super::text_at(units, i).to_owned();
                let department = super::text_at(departments, i).to_owned();
                UnitRow {
                    source: sources.and_then(|c| c.str(i)).and_then(WorkloadSource::from_code),
                    band: Band::from_code(super::text_at(bands, i)),
                    flags: super::text_at(flags, i).to_owned(),
                    numbers: numeric.iter().map(|c| c.and_then(|c| c.f64(i))).collect(),
                    quota_types: types_of.remove(&unit).unwrap_or_default(),
                    key: lower_case(&format!("{unit}\u{1f}{department}")),
                    unit,
                    department,
                }
            })
            .collect();
        let distinct = |values: Vec<&String>| {
            let mut v: Vec<String> = values.into_iter().filter(|s| !s.is_empty()).cloned().collect();
            v.sort();
            v.dedup();
            v
        };
        let departments = distinct(rows.iter().map(|r| &r.department).collect());
        let quota_types = distinct(rows.iter().flat_map(|r| &r.quota_types).collect());
        let has = |source| rows.iter().any(|r| r.source == Some(source));
        UnitTable {
            mixed: has(WorkloadSource::Survey) && has(WorkloadSource::Standards),
            has_standards: analysis.standards.is_some(),
            rows,
            departments,
            quota_types,
        }
    }
}

/// `text` in lower case, as `str::to_lowercase` gives it. Chinese characters have no case, and
/// looking each up in Unicode's tables took most of the time of a few thousand rows.
fn lower_case(text: &str) -> String {
    let caseless =
        |c: char| c.is_ascii() || ('\u{3000}'..='\u{303f}').contains(&c) || ('\u{4e00}'..='\u{9fff}').contains(&c);
    if !text.chars().all(caseless) {
        return text.to_lowercase();
    }
    let mut out = text.to_owned();
    out.make_ascii_lowercase();
    out
}

/// Which column sorts the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Unit,
    Department,
    Number(usize),
    Band,
    Flags,
}

/// The table's state: filters, sort, and the row order they give (cached).
#[derive(Debug, Clone)]
pub struct UnitsView {
    pub filter: String,
    pub band: Option<Band>,
    pub department: Option<String>,
    /// Units holding posts of this quota type.
    pub quota_type: Option<String>,
    pub sort: SortKey,
    pub descending: bool,
    /// Show the secondary columns too (workload, vacancy rate, idle, shortage, recoverable).
    pub more_columns: bool,
    /// The unit whose detail is open.
    pub selected: Option<String>,
    /// A unit to bring into view in the next frame.
    scroll_to: Option<String>,
    order: Option<(Key, Vec<usize>)>,
    detail: Option<super::unit_detail::DetailData>,
}

type Key = (String, Option<Band>, Option<String>, Option<String>, SortKey, bool);

impl Default for UnitsView {
    fn default() -> Self {
        UnitsView {
            filter: String::new(),
            band: None,
            department: None,
            quota_type: None,
            sort: SortKey::Number(SATURATION),
            descending: true,
            more_columns: false,
            selected: None,
            scroll_to: None,
            order: None,
            detail: None,
        }
    }
}

impl UnitsView {
    /// Forget the cached order (a new result arrived).
    pub fn invalidate(&mut self) {
        self.order = None;
        self.detail = None;
    }

    /// Show one unit among all the others: no filter left that could hide it or stay behind
    /// afterwards, its row brought into view and its detail open.
    pub fn show_unit(&mut self, unit: &str) {
        self.filter.clear();
        self.band = None;
        self.department = None;
        self.quota_type = None;
        self.select(Some(unit));
        self.scroll_to = Some(unit.to_owned());
    }

    /// Open the detail of `unit` (None: close it).
    pub fn select(&mut self, unit: Option<&str>) {
        if self.selected.as_deref() != unit {
            self.selected = unit.map(str::to_owned);
            self.detail = None;
        }
    }

    /// The detail shown, read from `analysis` when first needed.
    pub fn detail(&mut self, analysis: &Analysis) -> Option<&super::unit_detail::DetailData> {
        let unit = self.selected.as_deref()?;
        if self.detail.as_ref().is_none_or(|d| d.unit != unit) {
            self.detail = Some(super::unit_detail::DetailData::read(analysis, unit));
        }
        self.detail.as_ref()
    }

    /// The indexes of the rows shown, in order.
    pub fn visible(&mut self, table: &UnitTable) -> &[usize] {
        let key: Key = (
            self.filter.clone(),
            self.band,
            self.department.clone(),
            self.quota_type.clone(),
            self.sort,
            self.descending,
        );
        if self.order.as_ref().is_none_or(|(k, _)| *k != key) {
            let needle = self.filter.trim().to_lowercase();
            let mut idx: Vec<usize> = (0..table.rows.len())
                .filter(|&i| {
                    let r = &table.rows[i];
                    (needle.is_empty() || r.key.contains(&needle))
                        && self.band.is_none_or(|b| r.band == b)
                        && self.department.as_ref().is_none_or(|d| &r.department == d)
                        && self.quota_type.as_ref().is_none_or(|q| r.quota_types.contains(q))
                })
                .collect();
            let rows = &table.rows;
            idx.sort_by(|&a, &b| {
                let (ra, rb) = (&rows[a], &rows[b]);
                let o = match self.sort {
                    SortKey::Unit => ra.unit.cmp(&rb.unit),
                    SortKey::Department => ra.department.cmp(&rb.department),
                    SortKey::Band => ra.band.cmp(&rb.band),
                    SortKey::Flags => ra.flags.cmp(&rb.flags),
                    SortKey::Number(c) => cmp_missing_last(ra.numbers[c], rb.numbers[c], self.descending),
                };
                let o = if self.descending && !matches!(self.sort, SortKey::Number(_)) {
                    o.reverse()
                } else {
                    o
                };
                o.then_with(|| ra.unit.cmp(&rb.unit))
            });
            self.order = Some((key, idx));
        }
        self.order.as_ref().map(|(_, v)| v.as_slice()).unwrap_or(&[])
    }

    /// Number of rows the filters let through.
    pub fn visible_count(&mut self, table: &UnitTable) -> usize {
        self.visible(table).len()
    }

    pub fn show(&mut self, ui: &mut egui::Ui, table: &UnitTable, analysis: &Analysis, lang: Lang) {
        if self.selected.is_some() {
            let height = ui.available_height();
            let mut close = false;
            egui::Panel::bottom("unit_detail")
                .resizable(true)
                .default_size((height * 0.55).max(220.0))
                .min_size(160.0)
                .max_size((height - 120.0).max(200.0))
                .show(ui, |ui| {
                    ui.add_space(4.0);
                    if let Some(d) = self.detail(analysis) {
                        close = super::unit_detail::show(ui, d, lang);
                    }
                });
            if close {
                self.select(None);
            }
        }
        egui::CentralPanel::no_frame().show(ui, |ui| self.show_table(ui, table, lang));
    }

    fn show_table(&mut self, ui: &mut egui::Ui, table: &UnitTable, lang: Lang) {
        self.filters(ui, table, lang);
        ui.add_space(4.0);
        let order: Vec<usize> = self.visible(table).to_vec();
        let shown: Vec<usize> = if self.more_columns {
            (0..NUMERIC.len())
                .filter(|i| table.has_standards || !FROM_STANDARDS.contains(i))
                .collect()
        } else {
            PRIMARY.to_vec()
        };
        let scroll = self
            .scroll_to
            .take()
            .and_then(|unit| order.iter().position(|&i| table.rows[i].unit == unit));
        let (clicked, picked) = self.rows(ui, table, &order, &shown, scroll, lang);
        if let Some(i) = picked {
            let unit = table.rows[i].unit.clone();
            self.select(Some(&unit));
        }
        if let Some(key) = clicked {
            if self.sort == key {
                self.descending = !self.descending;
            } else {
                self.sort = key;
                self.descending = matches!(key, SortKey::Number(_));
            }
        }
    }

    /// The filters above the table: text, band, department, quota type, and the count shown.
    fn filters(&mut self, ui: &mut egui::Ui, table: &UnitTable, lang: Lang) {
        ui.horizontal_wrapped(|ui| {
            ui.label(tr(T::Filter, lang));
            ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .desired_width(220.0)
                    .hint_text(format!(
                        "{} / {}",
                        crate::i18n::column(col::UNIT, lang),
                        crate::i18n::column(col::DEPARTMENT, lang)
                    )),
            );
            egui::ComboBox::from_id_salt("band_filter")
                .selected_text(match self.band {
                    None => tr(T::AllBands, lang),
                    Some(b) => crate::i18n::band(b, lang),
                })
                .width(180.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.band, None, tr(T::AllBands, lang));
                    for b in Band::ALL {
                        ui.selectable_value(&mut self.band, Some(b), crate::i18n::band(b, lang));
                    }
                })
                .response
                .accessible_name(crate::i18n::column(col::BAND, lang));
            choice_filter(
                ui,
                "department_filter",
                &mut self.department,
                &table.departments,
                col::DEPARTMENT,
                lang,
            );
            choice_filter(
                ui,
                "quota_type_filter",
                &mut self.quota_type,
                &table.quota_types,
                col::QUOTA_TYPE,
                lang,
            );
            let n = self.visible_count(table);
            ui.label(labelled(
                tr(T::RowsShown, lang),
                format!("{n} / {}", table.rows.len()),
                lang,
            ));
            ui.checkbox(&mut self.more_columns, tr(T::MoreColumns, lang));
            if self.selected.is_none() {
                ui.label(RichText::new(tr(T::DetailHint, lang)).weak());
            }
            // The mark on figures from the survey, where methods are mixed, explained.
            if table.mixed {
                ui.label(RichText::new(tr(T::FromSurveyMark, lang)).color(super::WARNING));
            }
        });
    }

    /// The table of `order`'s rows with the `shown` numbers; the header clicked (to sort by)
    /// and the row clicked (to open).
    fn rows(
        &self,
        ui: &mut egui::Ui,
        table: &UnitTable,
        order: &[usize],
        shown: &[usize],
        scroll: Option<usize>,
        lang: Lang,
    ) -> (Option<SortKey>, Option<usize>) {
        let mut clicked: Option<SortKey> = None;
        let mut picked: Option<usize> = None;
        let selected = self.selected.clone();
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        egui::ScrollArea::horizontal().id_salt("units_h").show(ui, |ui| {
            // Rows take the click: labels are not selectable here.
            ui.style_mut().interaction.selectable_labels = false;
            let widths: Vec<f32> = shown
                .iter()
                .map(|&i| super::header_width(ui, crate::i18n::column(NUMERIC[i].0, lang), 70.0))
                .collect();
            let mut builder = TableBuilder::new(ui)
                .id_salt(("units_table", self.more_columns))
                .striped(true)
                .resizable(true)
                .sense(egui::Sense::click())
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::initial(190.0).at_least(110.0).clip(true))
                .column(Column::initial(130.0).at_least(70.0).clip(true));
            for &w in &widths {
                builder = builder.column(Column::initial(w).at_least(52.0));
            }
            builder = builder
                .column(Column::initial(92.0).at_least(70.0))
                .column(Column::remainder().at_least(90.0).clip(true));
            if let Some(row) = scroll {
                builder = builder.scroll_to_row(row, Some(egui::Align::Center));
            }
            builder
                .header(row_height * 2.0 + 4.0, |mut header| {
                    if let Some(key) = self.header(&mut header, shown, lang) {
                        clicked = Some(key);
                    }
                })
                .body(|body| {
                    body.rows(row_height, order.len(), |mut row| {
                        let index = order[row.index()];
                        let r = &table.rows[index];
                        row.set_selected(selected.as_deref() == Some(r.unit.as_str()));
                        unit_row(&mut row, r, shown, table.mixed, lang);
                        if row.response().clicked() {
                            picked = Some(index);
                        }
                    });
                });
        });
        (clicked, picked)
    }

    /// The header cells, each a button that sorts by it (an arrow marks the sort); the one
    /// clicked.
    fn header(&self, header: &mut egui_extras::TableRow<'_, '_>, shown: &[usize], lang: Lang) -> Option<SortKey> {
        let mut clicked = None;
        let mut head = |header: &mut egui_extras::TableRow<'_, '_>, key: SortKey, name: &str| {
            header.col(|ui| {
                let arrow = if self.sort == key {
                    if self.descending { " ▼" } else { " ▲" }
                } else {
                    ""
                };
                let text = RichText::new(format!("{name}{arrow}")).strong();
                let mut button = ui.add(egui::Button::new(text).frame(false).wrap());
                if let SortKey::Number(i) = key {
                    button = crate::gui::glossary::explained(button, NUMERIC[i].0, lang);
                }
                if button.clicked() {
                    clicked = Some(key);
                }
            });
        };
        head(header, SortKey::Unit, crate::i18n::column(col::UNIT, lang));
        head(header, SortKey::Department, crate::i18n::column(col::DEPARTMENT, lang));
        for &i in shown {
            head(header, SortKey::Number(i), crate::i18n::column(NUMERIC[i].0, lang));
        }
        head(header, SortKey::Band, crate::i18n::column(col::BAND, lang));
        head(header, SortKey::Flags, crate::i18n::column(col::FLAGS, lang));
        clicked
    }
}

/// Order two optional numbers, missing values last whichever the direction.
pub(super) fn cmp_missing_last(a: Option<f64>, b: Option<f64>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => {
            let o = x.partial_cmp(&y).unwrap_or(Ordering::Equal);
            if descending { o.reverse() } else { o }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// A drop-down that keeps rows whose `column` is the chosen value, or all of them.
fn choice_filter(
    ui: &mut egui::Ui,
    id: &str,
    chosen: &mut Option<String>,
    values: &[String],
    column: &str,
    lang: Lang,
) {
    let name = crate::i18n::column(column, lang);
    let shown = |v: &str| {
        if column == col::QUOTA_TYPE {
            crate::i18n::quota_type(v, lang).to_owned()
        } else {
            v.to_owned()
        }
    };
    let all = format!("{}{name}", tr(T::AllOf, lang));
    egui::ComboBox::from_id_salt(id)
        .selected_text(chosen.as_deref().map(shown).unwrap_or_else(|| all.clone()))
        .width(170.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(chosen, None, all.as_str());
            for v in values {
                ui.selectable_value(chosen, Some(v.clone()), shown(v));
            }
        })
        .response
        .accessible_name(name);
}

/// One unit's cells: name, department, the `shown` numbers (saturation in its band's colour),
/// band and flags.
fn unit_row(row: &mut egui_extras::TableRow<'_, '_>, r: &UnitRow, shown: &[usize], mixed: bool, lang: Lang) {
    row.col(|ui| {
        ui.label(r.unit.as_str());
    });
    row.col(|ui| {
        ui.label(r.department.as_str());
    });
    for &i in shown {
        let decimals = NUMERIC[i].1;
        row.col(|ui| {
            let text = match decimals {
                Some(d) => fmt_num(r.numbers[i], d),
                None => fmt_percent(r.numbers[i]),
            };
            // Where methods are mixed, a figure from the survey is marked as such.
            let from_survey = mixed && i == SATURATION && r.source == Some(WorkloadSource::Survey);
            let text = if from_survey { format!("{text} ※") } else { text };
            let text = if i == SATURATION {
                RichText::new(text).color(band_color(r.band)).strong()
            } else {
                RichText::new(text)
            };
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let cell = ui.label(text);
                if from_survey {
                    cell.on_hover_text(tr(T::FromSurveyMark, lang));
                }
            });
        });
    }
    row.col(|ui| {
        ui.label(RichText::new(crate::i18n::band(r.band, lang)).color(band_color(r.band)));
    });
    row.col(|ui| {
        let flags = crate::i18n::flags(&r.flags, lang);
        if flags.is_empty() {
            ui.label("");
        } else {
            ui.label(flags.as_str()).on_hover_text(flags.as_str());
        }
    });
}

#[cfg(test)]
mod tests {
    use super::lower_case;

    #[test]
    fn lower_case_is_what_the_standard_library_gives_for_every_caseless_character() {
        let caseless = (0u32..0x80).chain(0x3000..=0x303f).chain(0x4e00..=0x9fff);
        let every: String = caseless.filter_map(char::from_u32).collect();
        assert_eq!(lower_case(&every), every.to_lowercase());
    }

    #[test]
    fn lower_case_is_what_the_standard_library_gives() {
        for text in [
            "区财政局\u{1f}区人民政府",
            "ABC 街道办事处（一）",
            "Ａ区ＳＯＳ中心",
            "ΟΔΟΣ 区",
            "İstanbul 办事处",
            "",
        ] {
            assert_eq!(lower_case(text), text.to_lowercase(), "{text}");
        }
    }
}

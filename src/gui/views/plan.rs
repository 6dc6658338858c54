//! The reallocation plan: what it buys (need met and imbalance before and after, the total kept),
//! the change of quota per unit as a diverging bar chart, the transfer list, the allocation per
//! unit, and beside them the rules of the plan. Every figure is read from the plan's frames.

use super::{fmt_num, fmt_percent, number_cell, settled};
use crate::Lang;
use crate::analysis::{Analysis, Rows};
use crate::gui::glossary::{self, param};
use crate::gui::i18n::{T, counted, labelled, tr};
use crate::model::col as mcol;
use crate::plan::{self, Method, Plan, PlanChanges, PlanError, PlanParams, col, reasons};
use egui::{Color32, DragValue, RichText};
use egui_extras::{Column, TableBuilder};
use std::cmp::Ordering;

/// Colours of the chart: gains and losses.
pub const GAIN: Color32 = super::rgb(crate::palette::GAIN);
pub const LOSS: Color32 = super::rgb(crate::palette::LOSS);

/// One quota type of the summary (the last row is every type together).
#[derive(Debug, Clone, Default)]
pub struct SummaryRow {
    pub quota_type: String,
    pub approved: Option<i64>,
    /// Σ targets, from [`plan::totals`].
    pub target: Option<i64>,
    pub reserve: Option<i64>,
    pub moved: Option<i64>,
    pub giving: Option<i64>,
    pub receiving: Option<i64>,
    pub need_met: [Option<f64>; 2],
    pub imbalance: [Option<f64>; 2],
}

/// One line of the transfer list. A missing unit is the office reserve.
#[derive(Debug, Clone)]
pub struct TransferRow {
    pub quota_type: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub posts: Option<i64>,
    pub same_department: Option<bool>,
    pub from_reason: String,
    pub to_reason: String,
}

/// The numeric columns of the allocation table, with their decimals.
pub const ALLOC_NUMERIC: &[(&str, usize)] = &[
    (mcol::APPROVED, 0),
    (mcol::ACTUAL, 0),
    (mcol::REQUIRED, 2),
    (col::TARGET, 0),
    (col::CHANGE, 0),
    (mcol::SATURATION, 2),
    (col::SATURATION_AFTER, 2),
    (mcol::VACANCY, 0),
    (col::VACANCY_AFTER, 0),
    (mcol::OVER_QUOTA, 0),
    (col::OVER_QUOTA_AFTER, 0),
    (col::POSTS_SHORT, 1),
    (col::POSTS_SHORT_AFTER, 1),
    (mcol::QUOTA_SATURATION, 2),
];
const I_APPROVED: usize = 0;
const I_ACTUAL: usize = 1;
const I_REQUIRED: usize = 2;
const I_TARGET: usize = 3;
const I_CHANGE: usize = 4;
const I_SATURATION: usize = 5;
/// The numeric columns the table shows (the others are in the unit's hover text).
const SHOWN: [usize; 5] = [I_APPROVED, I_TARGET, I_CHANGE, I_QUOTA_SATURATION, I_SATURATION + 1];
/// Before → after pairs a transfer line shows for each party, all against the posts (the
/// staff in post unchanged): quota saturation, vacancy, over quota, posts short (indexes of
/// [`ALLOC_NUMERIC`]).
const BEFORE_AFTER: [(usize, usize, T); 4] = [
    (I_QUOTA_SATURATION, I_SATURATION + 1, T::QuotaSaturationShort),
    (7, 8, T::VacancyShort),
    (9, 10, T::OverQuotaShort),
    (11, 12, T::PostsShortShort),
];
const I_QUOTA_SATURATION: usize = 13;

/// One unit × quota type of the plan.
#[derive(Debug, Clone)]
pub struct AllocRow {
    pub unit: String,
    pub department: String,
    pub quota_type: String,
    /// In the order of [`ALLOC_NUMERIC`].
    pub numbers: Vec<Option<f64>>,
    pub bound: String,
    pub reason: String,
}

/// A plan read out of its frames.
#[derive(Debug, Clone, Default)]
pub struct PlanData {
    pub summary: Vec<SummaryRow>,
    pub transfers: Vec<TransferRow>,
    pub units: Vec<AllocRow>,
    /// What the plan warns of (people to place, overloaded units giving): said above it.
    pub warnings: Vec<crate::findings::Finding>,
}

impl PlanData {
    /// The plan's row of `unit` in `quota_type`.
    pub fn unit(&self, unit: &str, quota_type: &str) -> Option<&AllocRow> {
        self.units.iter().find(|r| r.unit == unit && r.quota_type == quota_type)
    }
}

/// What the plan view shows, read once per result.
#[derive(Debug, Clone)]
pub struct PlanTables {
    pub plan: Result<PlanData, PlanError>,
    /// Unit names and departments, for the frozen lists.
    pub unit_names: Vec<String>,
    pub departments: Vec<String>,
    /// Quota types present, for the reserve.
    pub quota_types: Vec<String>,
}

impl PlanTables {
    pub fn new(plan: &Result<Plan, PlanError>, analysis: &Analysis) -> PlanTables {
        // Sorted and each once; the text copied only for the names kept.
        let (mut unit_names, mut departments): (Vec<&str>, std::collections::HashSet<&str>) = Default::default();
        let rows = Rows::new(&analysis.units).ok();
        if let Some(r) = &rows {
            let (units, depts) = (r.col(mcol::UNIT), r.col(mcol::DEPARTMENT));
            for i in 0..r.height() {
                unit_names.extend(units.and_then(|c| c.str(i)));
                departments.extend(depts.and_then(|c| c.str(i)));
            }
        }
        let sorted_once = |mut names: Vec<&str>| -> Vec<String> {
            names.sort_unstable();
            names.dedup();
            names.into_iter().map(str::to_owned).collect()
        };
        let (unit_names, departments) = (sorted_once(unit_names), sorted_once(departments.into_iter().collect()));
        let mut quota_types: Vec<String> = Vec::new();
        if let Ok(r) = Rows::new(&analysis.unit_types) {
            for i in 0..r.height() {
                if let Some(t) = r.str(mcol::QUOTA_TYPE, i)
                    && !quota_types.iter().any(|q| q == t)
                {
                    quota_types.push(t.to_owned());
                }
            }
        }
        let plan = match plan {
            Ok(p) => Ok(PlanData::read(p)),
            Err(e) => Err(e.clone()),
        };
        PlanTables {
            plan,
            unit_names,
            departments,
            quota_types,
        }
    }
}

impl PlanData {
    pub fn read(plan: &Plan) -> PlanData {
        let mut out = PlanData {
            warnings: plan
                .findings
                .iter()
                .filter(|f| f.severity == crate::findings::Severity::Warning)
                .cloned()
                .collect(),
            ..PlanData::default()
        };
        // Without the totals the targets read as unknown (and the total line says nothing).
        let totals = plan::totals(plan).unwrap_or_default();
        if let (Ok(s), Ok(t)) = (Rows::new(&plan.summary), Rows::new(&totals)) {
            for i in 0..s.height() {
                let quota_type = s.str(mcol::QUOTA_TYPE, i).unwrap_or("").to_owned();
                let j = (0..t.height()).find(|&j| t.str(mcol::QUOTA_TYPE, j) == Some(quota_type.as_str()));
                out.summary.push(SummaryRow {
                    approved: s.i64(mcol::APPROVED, i),
                    target: j.and_then(|j| t.i64(col::TARGET, j)),
                    reserve: s.i64(col::RESERVE, i),
                    moved: s.i64(col::MOVED, i),
                    giving: s.i64(col::UNITS_GIVING, i),
                    receiving: s.i64(col::UNITS_RECEIVING, i),
                    need_met: [s.f64(col::NEED_MET_BEFORE, i), s.f64(col::NEED_MET_AFTER, i)],
                    imbalance: [s.f64(col::IMBALANCE_BEFORE, i), s.f64(col::IMBALANCE_AFTER, i)],
                    quota_type,
                });
            }
        }
        if let Ok(r) = Rows::new(&plan.transfers) {
            for i in 0..r.height() {
                out.transfers.push(TransferRow {
                    quota_type: r.str(mcol::QUOTA_TYPE, i).unwrap_or("").to_owned(),
                    from: r.str(col::FROM_UNIT, i).map(str::to_owned),
                    to: r.str(col::TO_UNIT, i).map(str::to_owned),
                    posts: r.i64(col::POSTS, i),
                    same_department: r.bool(col::SAME_DEPARTMENT, i),
                    from_reason: r.str(col::FROM_REASON, i).unwrap_or("").to_owned(),
                    to_reason: r.str(col::TO_REASON, i).unwrap_or("").to_owned(),
                });
            }
        }
        if let Ok(r) = Rows::new(&plan.units) {
            let numeric: Vec<_> = ALLOC_NUMERIC.iter().map(|(c, _)| r.col(c)).collect();
            debug_assert!(numeric.iter().all(Option::is_some), "a plan column is misspelt");
            // Each column found once, not by name in every row.
            let [unit, department, quota_type, bound, reason] =
                [mcol::UNIT, mcol::DEPARTMENT, mcol::QUOTA_TYPE, col::BOUND, col::REASON].map(|c| r.col(c));
            for i in 0..r.height() {
                out.units.push(AllocRow {
                    unit: super::text_at(unit, i).to_owned(),
                    department: super::text_at(department, i).to_owned(),
                    quota_type: super::text_at(quota_type, i).to_owned(),
                    numbers: numeric.iter().map(|c| c.and_then(|c| c.f64(i))).collect(),
                    bound: super::text_at(bound, i).to_owned(),
                    reason: super::text_at(reason, i).to_owned(),
                });
            }
        }
        out
    }
}

/// The part of the plan view below the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanTab {
    Chart,
    Transfers,
    Allocation,
}

/// Which column sorts the allocation table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllocSort {
    Unit,
    QuotaType,
    Number(usize),
    Reason,
}

/// The plan view's state.
#[derive(Debug, Clone)]
pub struct PlanView {
    pub tab: PlanTab,
    pub sort: AllocSort,
    pub descending: bool,
    /// Text filter of the frozen-unit list.
    pub frozen_filter: String,
}

impl Default for PlanView {
    fn default() -> Self {
        PlanView {
            tab: PlanTab::Chart,
            sort: AllocSort::Number(I_CHANGE),
            descending: true,
            frozen_filter: String::new(),
        }
    }
}

fn type_label(t: &str, lang: Lang) -> &str {
    if t == plan::ALL_TYPES {
        tr(T::AllTypes, lang)
    } else {
        crate::i18n::quota_type(t, lang)
    }
}

fn signed(v: Option<f64>) -> String {
    match v {
        Some(x) if x > 0.0 => format!("+{}", fmt_num(Some(x), 0)),
        _ => fmt_num(v, 0),
    }
}

impl PlanView {
    /// Draw the view; true when a rule of the plan changed (the caller recomputes).
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        tables: &PlanTables,
        changes: Option<&PlanChanges>,
        rules: &mut PlanParams,
        lang: Lang,
    ) -> bool {
        let changed = egui::Panel::right("plan_rules")
            .default_size(250.0)
            .min_size(200.0)
            .resizable(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("plan_rules_scroll")
                    .show(ui, |ui| self.rules(ui, tables, rules, lang))
                    .inner
            })
            .inner;
        egui::CentralPanel::no_frame().show(ui, |ui| match &tables.plan {
            Err(e) => failed(ui, e, lang),
            Ok(data) => {
                warnings(ui, &data.warnings, lang);
                if let Some(changes) = changes {
                    recomputed(ui, changes, lang);
                }
                summary(ui, data, lang);
                ui.add_space(6.0);
                ui.horizontal(|ui| {
                    for (tab, t) in [
                        (PlanTab::Chart, T::ChangeChart),
                        (PlanTab::Transfers, T::Transfers),
                        (PlanTab::Allocation, T::Allocation),
                    ] {
                        let label = match tab {
                            PlanTab::Transfers => counted(tr(t, lang), data.transfers.len(), lang),
                            _ => tr(t, lang).to_owned(),
                        };
                        ui.selectable_value(&mut self.tab, tab, RichText::new(label).strong());
                    }
                });
                ui.separator();
                match self.tab {
                    PlanTab::Chart => change_chart(ui, &data.units, lang),
                    PlanTab::Transfers => transfers_table(ui, data, lang),
                    PlanTab::Allocation => self.allocation_table(ui, &data.units, lang),
                }
            }
        });
        changed
    }

    /// The rules panel; true when a rule changed (and editing settled this frame).
    fn rules(&mut self, ui: &mut egui::Ui, tables: &PlanTables, p: &mut PlanParams, lang: Lang) -> bool {
        let mut changed = method_and_bounds(ui, p, lang);
        changed |= weights_and_reserve(ui, tables, p, lang);
        changed |= self.frozen(ui, tables, p, lang);
        ui.horizontal(|ui| {
            let frozen = !p.frozen_units.is_empty() || !p.frozen_departments.is_empty();
            if ui
                .add_enabled(frozen, egui::Button::new(tr(T::Unfreeze, lang)))
                .clicked()
            {
                p.frozen_units.clear();
                p.frozen_departments.clear();
                changed = true;
            }
            if ui.button(tr(T::ResetRules, lang)).clicked() && *p != PlanParams::default() {
                *p = PlanParams::default();
                changed = true;
            }
        });
        changed
    }

    /// The units and departments left out of the plan, chosen from lists.
    fn frozen(&mut self, ui: &mut egui::Ui, tables: &PlanTables, p: &mut PlanParams, lang: Lang) -> bool {
        let mut changed = false;
        ui.label(RichText::new(counted(tr(T::FrozenUnits, lang), p.frozen_units.len(), lang)).strong());
        ui.add(
            egui::TextEdit::singleline(&mut self.frozen_filter)
                .hint_text(tr(T::Filter, lang))
                .desired_width(f32::INFINITY),
        );
        let needle = self.frozen_filter.trim().to_lowercase();
        let names: Vec<&String> = tables
            .unit_names
            .iter()
            .filter(|u| needle.is_empty() || u.to_lowercase().contains(&needle))
            .collect();
        // Thousands of units: lay out only the rows in view.
        let row_height = ui.spacing().interact_size.y;
        egui::ScrollArea::vertical()
            .id_salt("frozen_units")
            .min_scrolled_height(200.0)
            .max_height(200.0)
            .show_rows(ui, row_height, names.len(), |ui, rows| {
                changed |= checklist(ui, &mut p.frozen_units, names[rows].iter().copied());
            });
        ui.add_space(4.0);
        ui.label(
            RichText::new(counted(
                tr(T::FrozenDepartments, lang),
                p.frozen_departments.len(),
                lang,
            ))
            .strong(),
        );
        egui::ScrollArea::vertical()
            .id_salt("frozen_departments")
            .min_scrolled_height(150.0)
            .max_height(150.0)
            .show(ui, |ui| {
                changed |= checklist(ui, &mut p.frozen_departments, tables.departments.iter());
            });
        changed
    }

    fn allocation_table(&mut self, ui: &mut egui::Ui, rows: &[AllocRow], lang: Lang) {
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by(|&a, &b| {
            let (ra, rb) = (&rows[a], &rows[b]);
            let o = match self.sort {
                AllocSort::Unit => ra.unit.cmp(&rb.unit),
                AllocSort::QuotaType => ra.quota_type.cmp(&rb.quota_type),
                AllocSort::Reason => ra.reason.cmp(&rb.reason),
                AllocSort::Number(c) => {
                    return super::units::cmp_missing_last(ra.numbers[c], rb.numbers[c], self.descending)
                        .then_with(|| ra.unit.cmp(&rb.unit));
                }
            };
            if self.descending { o.reverse() } else { o }.then_with(|| ra.unit.cmp(&rb.unit))
        });
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        let mut clicked = None;
        egui::ScrollArea::horizontal().id_salt("plan_alloc_h").show(ui, |ui| {
            let widths: Vec<f32> = SHOWN
                .iter()
                .map(|&i| super::header_width(ui, crate::i18n::column(ALLOC_NUMERIC[i].0, lang), 62.0))
                .collect();
            // The quota types whole ("administrative", not "adminis…").
            let font = egui::TextStyle::Body.resolve(ui.style());
            let type_w = rows
                .iter()
                .map(|r| {
                    let text = crate::i18n::quota_type(&r.quota_type, lang).to_owned();
                    ui.painter().layout_no_wrap(text, font.clone(), Color32::WHITE).size().x + 12.0
                })
                .fold(84.0f32, f32::max);
            let mut builder = TableBuilder::new(ui)
                .id_salt("plan_alloc")
                .striped(true)
                .resizable(true)
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::initial(160.0).at_least(100.0).clip(true))
                .column(Column::initial(type_w).at_least(60.0).clip(true));
            for w in widths {
                builder = builder.column(Column::initial(w).at_least(48.0));
            }
            builder = builder.column(Column::remainder().at_least(140.0).clip(true));
            builder
                .header(row_height * 2.0 + 4.0, |mut header| {
                    let mut head = |key: AllocSort, name: &str| {
                        header.col(|ui| {
                            let arrow = match (self.sort == key, self.descending) {
                                (true, true) => " ▼",
                                (true, false) => " ▲",
                                _ => "",
                            };
                            let text = RichText::new(format!("{name}{arrow}")).strong();
                            if ui.add(egui::Button::new(text).frame(false).wrap()).clicked() {
                                clicked = Some(key);
                            }
                        });
                    };
                    head(AllocSort::Unit, crate::i18n::column(mcol::UNIT, lang));
                    head(AllocSort::QuotaType, crate::i18n::column(mcol::QUOTA_TYPE, lang));
                    for i in SHOWN {
                        head(AllocSort::Number(i), crate::i18n::column(ALLOC_NUMERIC[i].0, lang));
                    }
                    head(AllocSort::Reason, crate::i18n::column(col::REASON_LABEL, lang));
                })
                .body(|body| {
                    body.rows(row_height, order.len(), |mut row| {
                        let r = &rows[order[row.index()]];
                        row.col(|ui| {
                            let c = |name| crate::i18n::column(name, lang);
                            let hover = [
                                r.unit.clone(),
                                labelled(c(mcol::DEPARTMENT), &r.department, lang),
                                labelled(c(mcol::ACTUAL), fmt_num(r.numbers[I_ACTUAL], 0), lang),
                                labelled(c(mcol::REQUIRED), fmt_num(r.numbers[I_REQUIRED], 2), lang),
                                labelled(c(col::BOUND_LABEL), reasons::label(&r.bound, lang), lang),
                            ]
                            .join("\n");
                            ui.label(r.unit.as_str()).on_hover_text(hover);
                        });
                        row.col(|ui| {
                            ui.label(crate::i18n::quota_type(&r.quota_type, lang));
                        });
                        for i in SHOWN {
                            let decimals = ALLOC_NUMERIC[i].1;
                            row.col(|ui| {
                                let v = r.numbers[i];
                                let text = if i == I_CHANGE {
                                    let color = match v {
                                        Some(x) if x > 0.0 => GAIN,
                                        Some(x) if x < 0.0 => LOSS,
                                        _ => ui.visuals().text_color(),
                                    };
                                    RichText::new(signed(v)).color(color).strong()
                                } else {
                                    RichText::new(fmt_num(v, decimals))
                                };
                                number_cell(ui, text);
                            });
                        }
                        row.col(|ui| {
                            let reason = reasons::labels(&r.reason, lang);
                            ui.label(reason.as_str()).on_hover_text(reason.as_str());
                        });
                    });
                });
        });
        if let Some(key) = clicked {
            if self.sort == key {
                self.descending = !self.descending;
            } else {
                self.sort = key;
                self.descending = matches!(key, AllocSort::Number(_));
            }
        }
    }
}

/// The method, and the bounds on what a unit may lose or gain.
/// The apportionment method and the bounds of a unit's change; true when one changed.
pub fn method_and_bounds(ui: &mut egui::Ui, p: &mut PlanParams, lang: Lang) -> bool {
    let mut changed = false;
    ui.heading(tr(T::PlanRules, lang));
    ui.add_space(4.0);
    ui.label(RichText::new(tr(T::Method, lang)).strong());
    for (m, t) in [(Method::Webster, T::Webster), (Method::Hamilton, T::Hamilton)] {
        let key = if m == Method::Webster {
            param::WEBSTER
        } else {
            param::HAMILTON
        };
        changed |= glossary::explained(ui.radio_value(&mut p.method, m, tr(t, lang)), key, lang).changed();
    }
    ui.separator();
    let keep = ui.checkbox(&mut p.keep_incumbents, tr(T::KeepIncumbents, lang));
    changed |= glossary::explained(keep, param::KEEP_INCUMBENTS, lang).changed();
    changed |= glossary::explained(
        ui.checkbox(&mut p.protect_need, tr(T::ProtectNeed, lang)),
        param::PROTECT_NEED,
        lang,
    )
    .changed();
    ui.add_space(4.0);
    glossary::explained(ui.label(tr(T::MaxLoss, lang)), param::MAX_LOSS, lang);
    changed |= percent(ui, &mut p.max_loss_share, 0.0..=100.0, tr(T::MaxLoss, lang));

    let mut limit = p.max_gain_share.is_some();
    if ui.checkbox(&mut limit, tr(T::LimitGainShare, lang)).changed() {
        p.max_gain_share = limit.then_some(0.2);
        changed = true;
    }
    if let Some(share) = p.max_gain_share.as_mut() {
        changed |= percent(ui, share, 0.0..=500.0, tr(T::LimitGainShare, lang));
    }
    let mut limit = p.max_gain_count.is_some();
    if ui.checkbox(&mut limit, tr(T::LimitGainCount, lang)).changed() {
        p.max_gain_count = limit.then_some(2);
        changed = true;
    }
    if let Some(count) = p.max_gain_count.as_mut() {
        let response = ui
            .add(
                DragValue::new(count)
                    .range(0..=10_000)
                    .speed(0.1)
                    .update_while_editing(false),
            )
            .accessible_name(tr(T::LimitGainCount, lang));
        changed |= settled(&response);
    }
    ui.separator();

    changed
}

/// The priority weights, and the reserve the office keeps per quota type.
fn weights_and_reserve(ui: &mut egui::Ui, tables: &PlanTables, p: &mut PlanParams, lang: Lang) -> bool {
    let mut changed = false;
    glossary::explained(
        ui.label(RichText::new(tr(T::Weights, lang)).strong()),
        param::WEIGHTS,
        lang,
    );
    egui::Grid::new("plan_weights").num_columns(2).show(ui, |ui| {
        for (c, w) in [
            (mcol::KEY_AREA, &mut p.key_area_weight),
            (mcol::FRONT_LINE, &mut p.front_line_weight),
        ] {
            let label = ui.label(crate::i18n::column(c, lang));
            let response = ui
                .add(
                    DragValue::new(w)
                        .range(0.1..=10.0)
                        .speed(0.01)
                        .fixed_decimals(2)
                        .update_while_editing(false),
                )
                .labelled_by(label.id);
            changed |= settled(&response);
            ui.allocate_exact_size(egui::vec2(12.0, 1.0), egui::Sense::hover());
            ui.end_row();
        }
    });
    ui.separator();

    glossary::explained(
        ui.label(RichText::new(tr(T::ReserveByType, lang)).strong()),
        param::RESERVE,
        lang,
    );
    // A third, empty column keeps the inputs clear of the panel's scroll bar.
    egui::Grid::new("plan_reserve").num_columns(3).show(ui, |ui| {
        for t in &tables.quota_types {
            let label = ui.label(type_label(t, lang));
            let mut v = p.reserve.get(t).copied().unwrap_or(0);
            let response = ui
                .add(
                    DragValue::new(&mut v)
                        .range(-10_000..=10_000)
                        .speed(0.1)
                        .update_while_editing(false),
                )
                .labelled_by(label.id);
            // Keep the value while dragging; recompute once editing settles.
            if response.changed() {
                if v == 0 {
                    p.reserve.remove(t);
                } else {
                    p.reserve.insert(t.clone(), v);
                }
            }
            changed |= settled(&response);
            ui.end_row();
        }
    });
    ui.separator();

    changed
}

/// A share edited as a percentage; true when it changed and editing settled.
fn percent(ui: &mut egui::Ui, share: &mut f64, range: std::ops::RangeInclusive<f64>, name: &str) -> bool {
    settled(&super::percent_value(ui, share, range, 0).accessible_name(name))
}

/// A checkbox per name; ticked names are in `chosen`. True when a box changed.
fn checklist<'a>(ui: &mut egui::Ui, chosen: &mut Vec<String>, names: impl Iterator<Item = &'a String>) -> bool {
    let mut changed = false;
    for name in names {
        let mut on = chosen.iter().any(|c| c.trim() == name);
        if ui.checkbox(&mut on, name.as_str()).changed() {
            if on {
                chosen.push(name.clone());
            } else {
                chosen.retain(|c| c.trim() != name);
            }
            changed = true;
        }
    }
    changed
}

/// Why there is no plan: the rule that bites, in the user's language.
fn failed(ui: &mut egui::Ui, e: &PlanError, lang: Lang) {
    let red = super::ERROR;
    egui::Frame::new()
        .fill(Color32::from_rgb(253, 236, 234))
        .stroke(egui::Stroke::new(1.5, red))
        .inner_margin(16.0)
        .corner_radius(6.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(tr(T::PlanFailed, lang)).color(red).strong().size(22.0));
            ui.add_space(6.0);
            ui.label(tr(T::PlanFailedHint, lang));
            ui.add_space(6.0);
            for f in e.findings() {
                ui.label(RichText::new(f.message(lang)).strong());
            }
        });
}

/// The total kept, then per quota type what the plan buys.
fn summary(ui: &mut egui::Ui, data: &PlanData, lang: Lang) {
    if let Some(all) = data.summary.last() {
        total_line(ui, all, lang);
    }
    summary_table(ui, data, lang);
}

/// The total before and after, and whether it is conserved.
fn total_line(ui: &mut egui::Ui, all: &SummaryRow, lang: Lang) {
    // Unknown when a figure is missing: then neither mark is shown.
    let kept = match (all.approved, all.target, all.reserve) {
        (Some(a), Some(t), Some(r)) => Some(a == t + r),
        _ => None,
    };
    let n = |v: Option<i64>| fmt_num(v.map(|v| v as f64), 0);
    let mut text = labelled(
        tr(T::TotalQuota, lang),
        format!(
            "{} {}  →  {} {}",
            tr(T::TotalBefore, lang),
            n(all.approved),
            tr(T::TotalAfter, lang),
            n(all.target)
        ),
        lang,
    );
    if all.reserve.is_some_and(|r| r != 0) {
        text.push_str(&format!(" + {} {}", tr(T::ReserveKept, lang), n(all.reserve)));
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(text).size(20.0).strong());
        let Some(kept) = kept else { return };
        let (mark, color) = if kept {
            (
                format!(
                    "{} {}",
                    if lang == Lang::Zh { "＝" } else { "=" },
                    tr(T::TotalConserved, lang)
                ),
                super::DONE,
            )
        } else {
            (format!("≠ {}", tr(T::TotalDiffers, lang)), super::ERROR)
        };
        ui.label(RichText::new(mark).size(20.0).strong().color(color));
    });
}

/// Per quota type: before, after, posts moved, units giving and receiving, need met and
/// imbalance before and after.
fn summary_table(ui: &mut egui::Ui, data: &PlanData, lang: Lang) {
    let arrow = |a: String, b: String| format!("{a} → {b}");
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    let last = data.summary.len().saturating_sub(1);
    let headers = [
        crate::i18n::column(mcol::QUOTA_TYPE, lang),
        tr(T::Before, lang),
        tr(T::After, lang),
        crate::i18n::column(col::MOVED, lang),
        tr(T::GivingReceiving, lang),
        tr(T::NeedMet, lang),
        tr(T::Imbalance, lang),
    ];
    // Each column as wide as its header and, for the type names (long in English), its
    // longest name; the numbers fit the usual widths. The table scrolls sideways when the
    // panel is narrower.
    let width_of = |text: &str| {
        let font = egui::TextStyle::Body.resolve(ui.style());
        ui.painter()
            .layout_no_wrap(text.to_owned(), font, Color32::WHITE)
            .size()
            .x
            + 14.0
    };
    let mut widths = [120.0f32, 64.0, 64.0, 74.0, 76.0, 150.0, 130.0];
    for (w, h) in widths.iter_mut().zip(headers) {
        *w = w.max(width_of(h));
    }
    for s in &data.summary {
        widths[0] = widths[0].max(width_of(type_label(&s.quota_type, lang)));
    }
    egui::ScrollArea::horizontal()
        .id_salt("plan_summary_h")
        .auto_shrink([false, true])
        .show(ui, |ui| {
            let mut table = TableBuilder::new(ui)
                .id_salt("plan_summary")
                .striped(true)
                .vscroll(false)
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
            for w in widths {
                table = table.column(Column::exact(w));
            }
            table
                .header(row_height, |mut h| {
                    let keys = [None, None, None, None, None, Some("need_met"), Some("imbalance")];
                    for (t, key) in headers.into_iter().zip(keys) {
                        h.col(|ui| {
                            let label = ui.label(RichText::new(t).strong());
                            if let Some(key) = key {
                                glossary::explained(label, key, lang);
                            }
                        });
                    }
                })
                .body(|mut body| {
                    for (i, s) in data.summary.iter().enumerate() {
                        let n = |v: Option<i64>| fmt_num(v.map(|v| v as f64), 0);
                        let strong = |t: String| {
                            if i == last {
                                RichText::new(t).strong()
                            } else {
                                RichText::new(t)
                            }
                        };
                        body.row(row_height, |mut row| {
                            row.col(|ui| {
                                ui.label(strong(type_label(&s.quota_type, lang).to_owned()));
                            });
                            let cells = [
                                n(s.approved),
                                n(s.target),
                                n(s.moved),
                                format!("{} / {}", n(s.giving), n(s.receiving)),
                                arrow(fmt_percent(s.need_met[0]), fmt_percent(s.need_met[1])),
                                arrow(fmt_num(s.imbalance[0], 3), fmt_num(s.imbalance[1], 3)),
                            ];
                            for text in cells {
                                row.col(|ui| number_cell(ui, strong(text)));
                            }
                        });
                    }
                });
        });
}

/// The quota change per unit × quota type as a diverging bar chart: gains one colour, losses
/// another, the largest gain on top, a line at zero. Hovering a bar shows the unit, its quota
/// before and after and the change. Self-contained: it reads only `rows`.
/// How many of the largest gains, and of the largest losses, the change chart shows.
const CHART_EACH_SIDE: usize = 30;

pub fn change_chart(ui: &mut egui::Ui, rows: &[AllocRow], lang: Lang) {
    let Some(moved) = largest_changes(ui, rows, lang) else {
        ui.label(tr(T::NoChange, lang));
        return;
    };
    let bars = ChangeBars::new(&moved, lang);
    draw_changes(ui, &moved, bars, lang);
}

/// The units whose quota changes, largest gain first: at most the largest gains and losses,
/// with a line saying how many more moved (the tables list them all). None when none moved.
fn largest_changes<'a>(ui: &mut egui::Ui, rows: &'a [AllocRow], lang: Lang) -> Option<Vec<&'a AllocRow>> {
    let mut moved: Vec<&AllocRow> = rows
        .iter()
        .filter(|r| r.numbers[I_CHANGE].is_some_and(|c| c != 0.0))
        .collect();
    if moved.is_empty() {
        return None;
    }
    moved.sort_by(|a, b| {
        let (x, y) = (a.numbers[I_CHANGE], b.numbers[I_CHANGE]);
        y.partial_cmp(&x)
            .unwrap_or(Ordering::Equal)
            .then_with(|| a.unit.cmp(&b.unit))
    });
    // Hundreds of bars are neither readable nor quick to draw.
    let hidden = moved.len().saturating_sub(2 * CHART_EACH_SIDE);
    if hidden > 0 {
        let tail = moved.split_off(moved.len() - CHART_EACH_SIDE);
        moved.truncate(CHART_EACH_SIDE);
        moved.extend(tail);
        ui.label(RichText::new(format!("{}{hidden}", tr(T::MoreMoved, lang))).weak());
    }
    Some(moved)
}

/// The bars of the change chart: the axis names, gains and losses, and each bar's hover text.
struct ChangeBars {
    names: Vec<String>,
    gains: Vec<egui_plot::Bar>,
    losses: Vec<egui_plot::Bar>,
    hovers: Vec<String>,
}

impl ChangeBars {
    fn new(moved: &[&AllocRow], lang: Lang) -> ChangeBars {
        use egui_plot::Bar;
        let several_types = moved.iter().any(|r| r.quota_type != moved[0].quota_type);
        let name = |r: &AllocRow| {
            if several_types {
                counted(&r.unit, crate::i18n::quota_type(&r.quota_type, lang), lang)
            } else {
                r.unit.clone()
            }
        };
        let n = moved.len();
        let mut bars = ChangeBars {
            names: moved.iter().map(|r| name(r)).collect(),
            gains: Vec::new(),
            losses: Vec::new(),
            hovers: Vec::with_capacity(n),
        };
        for (k, r) in moved.iter().enumerate() {
            let change = r.numbers[I_CHANGE].unwrap_or(0.0);
            let c = |name| crate::i18n::column(name, lang);
            let hover = [
                r.unit.clone(),
                crate::i18n::quota_type(&r.quota_type, lang).to_owned(),
                labelled(c(mcol::APPROVED), fmt_num(r.numbers[I_APPROVED], 0), lang),
                labelled(c(col::TARGET), fmt_num(r.numbers[I_TARGET], 0), lang),
                labelled(c(col::CHANGE), signed(Some(change)), lang),
            ]
            .join("\n");
            // The first row on top.
            let bar = Bar::new((n - k) as f64, change).width(0.7).name(&hover);
            bars.hovers.push(hover);
            if change > 0.0 {
                bars.gains.push(bar.fill(GAIN));
            } else {
                bars.losses.push(bar.fill(LOSS));
            }
        }
        bars
    }
}

/// The diverging bar chart of the changes, one bar per unit, names on the axis.
fn draw_changes(ui: &mut egui::Ui, moved: &[&AllocRow], bars: ChangeBars, lang: Lang) {
    use egui_plot::{BarChart, GridMark, Legend, Plot, VLine};
    let n = moved.len();
    let ChangeBars {
        names,
        gains,
        losses,
        hovers,
    } = bars;
    let max = moved
        .iter()
        .filter_map(|r| r.numbers[I_CHANGE].map(f64::abs))
        .fold(1.0, f64::max);
    let height = (n as f32 * 28.0 + 70.0).max(ui.available_height() - 8.0);
    let axis_names = names;
    egui::ScrollArea::vertical()
        .id_salt("plan_chart_scroll")
        .show(ui, |ui| {
            let response = Plot::new("plan_change_chart")
                .grid_spacing(egui::Rangef::new(10.0, 80.0))
                .height(height)
                .legend(
                    Legend::default()
                        .position(egui_plot::Corner::RightBottom)
                        .follow_insertion_order(true),
                )
                .x_axis_label(crate::i18n::column(col::CHANGE, lang))
                .include_x(-max - 0.5)
                .include_x(max + 0.5)
                .include_y(0.3)
                .include_y(n as f64 + 0.7)
                .allow_scroll(false)
                .allow_zoom(false)
                .allow_drag(false)
                .allow_boxed_zoom(false)
                .show_y(false)
                .y_grid_spacer(move |input| {
                    let (lo, hi) = input.bounds;
                    (1..=n)
                        .map(|v| v as f64)
                        .filter(|v| *v >= lo && *v <= hi)
                        .map(|value| GridMark { value, step_size: 1.0 })
                        .collect()
                })
                .y_axis_formatter(move |mark, _| {
                    let k = mark.value.round() as usize;
                    if (mark.value - k as f64).abs() < 1e-6 && (1..=n).contains(&k) {
                        axis_names[n - k].clone()
                    } else {
                        String::new()
                    }
                })
                .y_axis_min_width(160.0)
                .label_formatter(|_| None)
                .show(ui, |plot| {
                    // The unit under the pointer, shown as a tooltip beside it (not over the bars).
                    let hovered = plot.pointer_coordinate().and_then(|p| {
                        let k = p.y.round();
                        ((p.y - k).abs() <= 0.4 && k >= 1.0 && k <= n as f64).then(|| n - k as usize)
                    });
                    for (bars, t, color) in [(gains, T::Gain, GAIN), (losses, T::Loss, LOSS)] {
                        if bars.is_empty() {
                            continue;
                        }
                        plot.bar_chart(
                            BarChart::new(tr(t, lang), bars)
                                .horizontal()
                                .color(color)
                                .allow_hover(false),
                        );
                    }
                    plot.vline(VLine::new("", 0.0).color(Color32::from_gray(60)).width(1.5));
                    hovered
                });
            if let Some(i) = response.inner
                && response.response.hovered()
            {
                response.response.on_hover_text_at_pointer(hovers[i].as_str());
            }
        });
}

/// The transfer list, virtualised, numbers right-aligned; under each party its saturation,
/// vacancy, over-quota staff and shortage before and after the plan.
fn transfers_table(ui: &mut egui::Ui, data: &PlanData, lang: Lang) {
    let rows = &data.transfers;
    if rows.is_empty() {
        ui.label(tr(T::NoTransfers, lang));
        return;
    }
    let line = ui.text_style_height(&egui::TextStyle::Body);
    let small = ui.text_style_height(&egui::TextStyle::Small);
    let row_height = line + small + 10.0;
    let party = |ui: &mut egui::Ui, unit: &Option<String>, quota_type: &str| {
        let Some(unit) = unit else {
            ui.label(tr(T::OfficeReserve, lang));
            return;
        };
        let figures = data
            .unit(unit, quota_type)
            .map(|r| before_after(r, lang))
            .unwrap_or_default();
        ui.vertical(|ui| {
            ui.spacing_mut().item_spacing.y = 0.0;
            ui.label(unit.as_str());
            ui.label(RichText::new(figures.as_str()).small().weak());
        })
        .response
        .on_hover_text(format!(
            "{unit}\n{}\n\n{}",
            figures.replace(" · ", "\n"),
            tr(T::BeforeAfterBasis, lang)
        ));
    };
    let posts_w = super::header_width(ui, crate::i18n::column(col::POSTS, lang), 56.0);
    let same_w = super::header_width(ui, crate::i18n::column(col::SAME_DEPARTMENT, lang), 56.0);
    egui::ScrollArea::horizontal()
        .id_salt("plan_transfers_h")
        .show(ui, |ui| {
            TableBuilder::new(ui)
                .id_salt("plan_transfers")
                .striped(true)
                .resizable(true)
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::initial(80.0).at_least(60.0).clip(true))
                .column(Column::initial(220.0).at_least(100.0).clip(true))
                .column(Column::initial(220.0).at_least(100.0).clip(true))
                .column(Column::initial(posts_w).at_least(44.0))
                .column(Column::initial(same_w).at_least(44.0))
                .column(Column::remainder().at_least(160.0).clip(true))
                .header(line * 2.0 + 6.0, |mut h| {
                    for c in [
                        crate::i18n::column(mcol::QUOTA_TYPE, lang),
                        crate::i18n::column(col::FROM_UNIT, lang),
                        crate::i18n::column(col::TO_UNIT, lang),
                        crate::i18n::column(col::POSTS, lang),
                        crate::i18n::column(col::SAME_DEPARTMENT, lang),
                        tr(T::Reasons, lang),
                    ] {
                        h.col(|ui| {
                            ui.add(egui::Label::new(RichText::new(c).strong()).wrap());
                        });
                    }
                })
                .body(|body| {
                    body.rows(row_height, rows.len(), |mut row| {
                        let r = &rows[row.index()];
                        row.col(|ui| {
                            ui.label(crate::i18n::quota_type(&r.quota_type, lang));
                        });
                        row.col(|ui| party(ui, &r.from, &r.quota_type));
                        row.col(|ui| party(ui, &r.to, &r.quota_type));
                        row.col(|ui| {
                            number_cell(ui, RichText::new(fmt_num(r.posts.map(|p| p as f64), 0)).strong());
                        });
                        row.col(|ui| {
                            ui.label(match r.same_department {
                                Some(true) => tr(T::Yes, lang),
                                Some(false) => tr(T::No, lang),
                                None => "—",
                            });
                        });
                        row.col(|ui| {
                            let from = labelled(tr(T::OutShort, lang), reasons::labels(&r.from_reason, lang), lang);
                            let to = labelled(tr(T::InShort, lang), reasons::labels(&r.to_reason, lang), lang);
                            ui.vertical(|ui| {
                                ui.spacing_mut().item_spacing.y = 0.0;
                                ui.label(RichText::new(from.as_str()).small().color(LOSS));
                                ui.label(RichText::new(to.as_str()).small().color(GAIN));
                            })
                            .response
                            .on_hover_text(format!("{from}\n{to}"));
                        });
                    });
                });
        });
}

/// "编制饱和度 1.28→1.14 · 空编 0→1 · 超编 2→0 · 编制缺口 3.2→1.2": a unit before and after
/// the plan, against its posts (the staff in post unchanged); a figure 0 before and after is
/// left out.
fn before_after(r: &AllocRow, lang: Lang) -> String {
    BEFORE_AFTER
        .iter()
        .filter(|&&(i, j, _)| {
            i == I_QUOTA_SATURATION || r.numbers[i].unwrap_or(0.0) != 0.0 || r.numbers[j].unwrap_or(0.0) != 0.0
        })
        .map(|&(i, j, t)| {
            let d = ALLOC_NUMERIC[i].1;
            format!(
                "{} {}→{}",
                tr(t, lang),
                fmt_num(r.numbers[i], d),
                fmt_num(r.numbers[j], d)
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// What the plan warns of, above it, so it is read before the plan.
fn warnings(ui: &mut egui::Ui, warnings: &[crate::findings::Finding], lang: Lang) {
    for w in warnings {
        ui.colored_label(super::WARNING, w.message(lang));
    }
}

/// The plan was recomputed after a rule or method change: what moved.
fn recomputed(ui: &mut egui::Ui, changes: &PlanChanges, lang: Lang) {
    const NAMED: usize = 6;
    let n = |v: Option<i64>| fmt_num(v.map(|v| v as f64), 0);
    let mut text = format!(
        "{}{}{} {} → {}",
        tr(T::PlanRecomputed, lang),
        if lang == Lang::Zh { "：" } else { ": " },
        tr(T::MovedShort, lang),
        n(changes.moved[0]),
        n(changes.moved[1])
    );
    if changes.targets.is_empty() {
        text.push_str(tr(T::NoTargetChanged, lang));
    } else {
        let named: Vec<String> = changes
            .targets
            .iter()
            .take(NAMED)
            .map(|t| format!("{} {}→{}", t.unit, n(t.before), n(t.after)))
            .collect();
        let more = changes.targets.len().saturating_sub(NAMED);
        text.push_str(&format!(
            "{}{}{}",
            counted(tr(T::TargetsChanged, lang), changes.targets.len(), lang),
            if lang == Lang::Zh { "：" } else { ": " },
            named.join(if lang == Lang::Zh { "、" } else { ", " })
        ));
        if more > 0 {
            text.push_str(&format!(" …(+{more})"));
        }
    }
    ui.colored_label(super::rgb(crate::palette::LOSS), text);
}

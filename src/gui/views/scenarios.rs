//! Scenarios: the current rules are the first; 复制为新方案 makes another to edit (its rules,
//! the work it moves between units, grows or adds, each picked from names that exist); two
//! scenarios side by side (targets, differences marked, need met and imbalance of each); the
//! change per unit under every scenario; a scenario's workload projected over years.

use super::plan::{PlanData, SummaryRow};
use super::scenario_tables::{Compared, ScenarioTables};
use super::{fmt_num, fmt_percent, number_cell};
use crate::gui::i18n::{T, tr};
use crate::model::{Lang, col};
use crate::scenario::Scenario;
use egui::{ComboBox, RichText};
use egui_extras::{Column, TableBuilder};

/// The part of the view below the scenario list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScenarioTab {
    #[default]
    Edit,
    SideBySide,
    Chart,
    Projection,
}

/// The scenarios view's state.
#[derive(Debug, Clone, Default)]
pub struct ScenariosView {
    pub tab: ScenarioTab,
    /// The scenario edited (an index into the scenarios; none: the current rules).
    pub selected: Option<usize>,
    /// The two compared, by their place among the outcomes (0: the current rules); None
    /// until chosen.
    pub pair: Option<[usize; 2]>,
    /// Why the last edit of a scenario could not be taken.
    pub problem: Option<(String, String)>,
    /// Show every unit, not only those whose targets differ.
    pub every_unit: bool,
    /// The projection shown, by its place.
    pub projection: usize,
}

impl ScenariosView {
    /// Draw the view; true when a scenario changed (the caller computes them again).
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        tables: &ScenarioTables,
        scenarios: &mut Vec<Scenario>,
        base: &crate::Params,
        lang: Lang,
    ) -> bool {
        let mut changed = false;
        egui::Panel::left("scenario_list")
            .default_size(210.0)
            .min_size(170.0)
            .resizable(true)
            .show(ui, |ui| changed |= self.list(ui, scenarios, base, lang));
        egui::CentralPanel::no_frame().show(ui, |ui| {
            ui.horizontal(|ui| {
                for (tab, t) in [
                    (ScenarioTab::Edit, T::EditScenario),
                    (ScenarioTab::SideBySide, T::SideBySide),
                    (ScenarioTab::Chart, T::ScenarioChart),
                    (ScenarioTab::Projection, T::ProjectionTab),
                ] {
                    ui.selectable_value(&mut self.tab, tab, RichText::new(tr(t, lang)).strong());
                }
            });
            ui.separator();
            if let Some(Err((zh, en))) = &tables.compared {
                ui.colored_label(super::ERROR, lang.pick(zh, en));
            }
            if let Some((zh, en)) = &self.problem {
                ui.colored_label(super::ERROR, lang.pick(zh, en));
            }
            let compared = tables.compared.as_ref().and_then(|c| c.as_ref().ok());
            for why in compared.map(|c| c.left_out.as_slice()).unwrap_or_default() {
                ui.colored_label(super::ERROR, format!("{}{why}", tr(T::ScenarioLeftOut, lang)));
            }
            match (self.tab, compared) {
                (ScenarioTab::Edit, _) => changed |= self.editor(ui, tables, scenarios, base, lang),
                (_, None) => {
                    ui.label(tr(T::NoScenariosYet, lang));
                }
                (ScenarioTab::SideBySide, Some(c)) => self.side_by_side(ui, c, lang),
                (ScenarioTab::Chart, Some(c)) => chart(ui, c),
                (ScenarioTab::Projection, Some(c)) => self.projection(ui, c, lang),
            }
        });
        changed
    }

    /// The scenarios, the current rules first; copy, delete.
    fn list(&mut self, ui: &mut egui::Ui, scenarios: &mut Vec<Scenario>, base: &crate::Params, lang: Lang) -> bool {
        let mut changed = false;
        ui.heading(tr(T::Scenarios, lang));
        let current = crate::scenario::compare::base_name(lang);
        if ui
            .selectable_label(self.selected.is_none(), format!("1  {current}"))
            .clicked()
        {
            self.selected = None;
        }
        for (i, s) in scenarios.iter().enumerate() {
            let label = format!("{}  {}", i + 2, s.name);
            if ui.selectable_label(self.selected == Some(i), label).clicked() {
                self.selected = Some(i);
                self.tab = ScenarioTab::Edit;
            }
        }
        ui.add_space(6.0);
        if ui.button(tr(T::CopyAsNew, lang)).clicked() {
            let copy = match self.selected.and_then(|i| scenarios.get(i)) {
                Some(s) => Scenario {
                    name: format!("{}{}", s.name, tr(T::CopySuffix, lang)),
                    ..s.clone()
                },
                None => Scenario {
                    name: free_name(scenarios, tr(T::Scenario, lang)),
                    overrides: Default::default(),
                    params: base.clone(),
                    changes: Vec::new(),
                    projection: Default::default(),
                },
            };
            scenarios.push(copy);
            self.selected = Some(scenarios.len() - 1);
            self.tab = ScenarioTab::Edit;
            changed = true;
        }
        if let Some(i) = self.selected.filter(|i| *i < scenarios.len())
            && ui.button(tr(T::DeleteScenario, lang)).clicked()
        {
            scenarios.remove(i);
            self.selected = None;
            self.pair = None;
            self.problem = None;
            changed = true;
        }
        changed
    }
}

impl ScenariosView {
    /// The selected scenario's editor, or what the current rules are.
    fn editor(
        &mut self,
        ui: &mut egui::Ui,
        tables: &ScenarioTables,
        scenarios: &mut [Scenario],
        base: &crate::Params,
        lang: Lang,
    ) -> bool {
        let Some(s) = self.selected.and_then(|i| scenarios.get_mut(i)) else {
            ui.label(tr(T::CurrentRulesHint, lang));
            return false;
        };
        // Both ways: a row of pickers is wider than the panel on a small screen at 150%.
        let edited = egui::ScrollArea::both()
            .id_salt("scenario_edit_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| super::scenario_edit::edit(ui, tables, s, base, lang))
            .inner;
        match edited {
            Ok(changed) => {
                if changed {
                    self.problem = None;
                }
                changed
            }
            Err(e) => {
                self.problem = Some((e.zh, e.en));
                false
            }
        }
    }

    /// Two scenarios side by side: what each buys, and each unit's targets, those that differ
    /// marked (or alone).
    fn side_by_side(&mut self, ui: &mut egui::Ui, c: &Compared, lang: Lang) {
        let last = c.names.len().saturating_sub(1);
        // At first the current rules beside the last scenario; a pair past the end (a
        // scenario deleted) is brought back within.
        let pair = self.pair.get_or_insert([0, last]);
        for p in pair.iter_mut() {
            *p = (*p).min(last);
        }
        ui.horizontal(|ui| {
            for (k, id) in [(0, "pair_a"), (1, "pair_b")] {
                ComboBox::from_id_salt(id)
                    .width(200.0)
                    .selected_text(c.names[pair[k]].as_str())
                    .show_ui(ui, |ui| {
                        for (i, n) in c.names.iter().enumerate() {
                            ui.selectable_value(&mut pair[k], i, n);
                        }
                    });
                if k == 0 {
                    ui.label("⇄");
                }
            }
            ui.checkbox(&mut self.every_unit, tr(T::EveryUnit, lang));
        });
        let [a, b] = *pair;
        let (pa, pb) = match (&c.plans[a], &c.plans[b]) {
            (Ok(pa), Ok(pb)) => (pa, pb),
            (Err(e), _) | (_, Err(e)) => {
                ui.colored_label(super::ERROR, e);
                return;
            }
        };
        effects(ui, [(&c.names[a], pa), (&c.names[b], pb)], lang);
        ui.add_space(6.0);
        self.targets(ui, [(&c.names[a], pa), (&c.names[b], pb)], &c.rows_by_key[b], lang);
    }

    /// Per unit × quota type: approved, each one's target and saturation after, and the
    /// difference of the targets, marked where there is one.
    fn targets(
        &self,
        ui: &mut egui::Ui,
        pair: [(&String, &PlanData); 2],
        b_rows: &super::scenario_tables::RowsByKey,
        lang: Lang,
    ) {
        let [(na, pa), (nb, pb)] = pair;
        let rows: Vec<Row<'_>> = pa
            .units
            .iter()
            .map(|ra| {
                let i = b_rows.get(&ra.unit).and_then(|t| t.get(&ra.quota_type));
                Row::new(ra, i.map(|&i| &pb.units[i]))
            })
            .filter(|r| self.every_unit || r.differs())
            .collect();
        if rows.is_empty() {
            ui.label(tr(T::SameTargets, lang));
            return;
        }
        let target = crate::i18n::column(crate::plan::col::TARGET, lang);
        let after = crate::i18n::column(crate::plan::col::SATURATION_AFTER, lang);
        let headers = [
            crate::i18n::column(col::UNIT, lang).to_owned(),
            crate::i18n::column(col::QUOTA_TYPE, lang).to_owned(),
            crate::i18n::column(col::APPROVED, lang).to_owned(),
            format!("{target}\n{na}"),
            format!("{target}\n{nb}"),
            tr(T::Difference, lang).to_owned(),
            format!("{after}\n{na}"),
            format!("{after}\n{nb}"),
        ];
        // Sideways when the panel is narrower than the table (150% on a laptop).
        egui::ScrollArea::horizontal()
            .id_salt("scenario_pair_h")
            .auto_shrink([false, true])
            .show(ui, |ui| self.pair_table(ui, &rows, &headers, lang));
    }

    /// The rows of two scenarios compared, under `headers` (names over two lines).
    fn pair_table(&self, ui: &mut egui::Ui, rows: &[Row<'_>], headers: &[String], lang: Lang) {
        let h = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        // As tall as the tallest header wraps in its column (a long scenario name, in English).
        let font = egui::TextStyle::Body.resolve(ui.style());
        let tallest = headers
            .iter()
            .map(|t| {
                ui.painter()
                    .layout(t.clone(), font.clone(), egui::Color32::WHITE, 100.0)
                    .size()
                    .y
            })
            .fold(h, f32::max);
        TableBuilder::new(ui)
            .id_salt("scenario_pair")
            .striped(true)
            .column(Column::initial(200.0).resizable(true).clip(true))
            .column(Column::initial(80.0).clip(true))
            .columns(Column::initial(110.0).clip(true), 6)
            .header(tallest + 6.0, |mut header| {
                for t in headers {
                    header.col(|ui| {
                        ui.add(egui::Label::new(RichText::new(t).strong()).wrap());
                    });
                }
            })
            .body(|body| {
                body.rows(h, rows.len(), |mut row| {
                    let r = &rows[row.index()];
                    let mark = |text: String| {
                        if r.differs() {
                            RichText::new(text).strong().color(super::WARNING)
                        } else {
                            RichText::new(text)
                        }
                    };
                    row.col(|ui| {
                        ui.label(mark(r.a.unit.clone()));
                    });
                    row.col(|ui| {
                        ui.label(crate::i18n::quota_type(&r.a.quota_type, lang));
                    });
                    let cells = [
                        fmt_num(r.a.numbers[0], 0),
                        fmt_num(r.target_a(), 0),
                        fmt_num(r.target_b(), 0),
                        r.difference().map_or_else(|| "—".to_owned(), |d| format!("{d:+.0}")),
                        fmt_num(r.a.numbers[SATURATION_AFTER], 2),
                        fmt_num(r.b.and_then(|b| b.numbers[SATURATION_AFTER]), 2),
                    ];
                    for text in cells {
                        row.col(|ui| number_cell(ui, mark(text)));
                    }
                });
            });
    }

    /// The chosen scenario's workload projected over years.
    fn projection(&mut self, ui: &mut egui::Ui, c: &Compared, lang: Lang) {
        if c.projections.is_empty() {
            ui.label(tr(T::NoProjectionYet, lang));
            return;
        }
        self.projection = self.projection.min(c.projections.len() - 1);
        ComboBox::from_id_salt("projection_pick")
            .width(220.0)
            .selected_text(c.projections[self.projection].0.as_str())
            .show_ui(ui, |ui| {
                for (i, (name, _)) in c.projections.iter().enumerate() {
                    ui.selectable_value(&mut self.projection, i, name);
                }
            });
        match &c.projections[self.projection].1 {
            Ok(spec) => super::charts::show_spec(ui, spec),
            Err(e) => {
                ui.colored_label(super::ERROR, e);
            }
        }
    }
}

/// One unit × quota type under the two scenarios compared.
struct Row<'a> {
    a: &'a super::plan::AllocRow,
    b: Option<&'a super::plan::AllocRow>,
}

/// Where [`super::plan::ALLOC_NUMERIC`] has the target and the saturation after.
const TARGET: usize = 3;
const SATURATION_AFTER: usize = 6;

impl<'a> Row<'a> {
    fn new(a: &'a super::plan::AllocRow, b: Option<&'a super::plan::AllocRow>) -> Row<'a> {
        Row { a, b }
    }

    fn target_a(&self) -> Option<f64> {
        self.a.numbers[TARGET]
    }

    fn target_b(&self) -> Option<f64> {
        self.b.and_then(|b| b.numbers[TARGET])
    }

    /// The second target less the first; unknown when either is.
    fn difference(&self) -> Option<f64> {
        Some(self.target_b()? - self.target_a()?)
    }

    /// The targets differ (or one is unknown while the other is not), or the saturation after
    /// does (work moved, the quota not).
    fn differs(&self) -> bool {
        let targets = match self.difference() {
            Some(d) => d != 0.0,
            None => self.target_a().is_some() != self.target_b().is_some(),
        };
        let after = |r: Option<&super::plan::AllocRow>| r.and_then(|r| r.numbers[SATURATION_AFTER]);
        let saturations = match (after(Some(self.a)), after(self.b)) {
            (Some(x), Some(y)) => (x - y).abs() >= 0.005,
            (x, y) => x.is_some() != y.is_some(),
        };
        targets || saturations
    }
}

/// What each of the two buys, every quota type together: posts moved, need met and imbalance
/// before and after.
fn effects(ui: &mut egui::Ui, pair: [(&String, &PlanData); 2], lang: Lang) {
    let arrow = |a: String, b: String| format!("{a} → {b}");
    egui::Grid::new("scenario_effects").striped(true).show(ui, |ui| {
        for t in [T::Scenario, T::Moved, T::NeedMet, T::Imbalance] {
            ui.label(RichText::new(tr(t, lang)).strong());
        }
        ui.end_row();
        for (name, plan) in pair {
            let all: SummaryRow = plan.summary.last().cloned().unwrap_or_default();
            ui.label(name.as_str());
            ui.label(fmt_num(all.moved.map(|v| v as f64), 0));
            ui.label(arrow(fmt_percent(all.need_met[0]), fmt_percent(all.need_met[1])));
            ui.label(arrow(fmt_num(all.imbalance[0], 3), fmt_num(all.imbalance[1], 3)));
            ui.end_row();
        }
    });
}

/// `word n` with the first n (from 2: the current rules are 1) no scenario is named.
fn free_name(scenarios: &[Scenario], word: &str) -> String {
    (scenarios.len() + 2..)
        .map(|n| format!("{word} {n}"))
        .find(|name| !scenarios.iter().any(|s| s.name == *name))
        .expect("a free name")
}

/// The change per unit under each scenario, and below it the units of the chart in its order
/// with each scenario's change (the axis has no room for their names).
fn chart(ui: &mut egui::Ui, c: &Compared) {
    super::charts::show_spec_sized(ui, &c.chart, Some((ui.available_height() * 0.6).max(240.0)));
    egui::ScrollArea::both().id_salt("scenario_chart_rows").show(ui, |ui| {
        egui::Grid::new("scenario_chart_grid").striped(true).show(ui, |ui| {
            ui.label("");
            for n in &c.names {
                ui.label(RichText::new(n).strong());
            }
            ui.end_row();
            for (i, (unit, changes)) in c.chart_rows.iter().enumerate() {
                ui.label(format!("{}  {unit}", i + 1));
                for v in changes {
                    number_cell(ui, v.map_or_else(|| "—".to_owned(), |v| format!("{v:+.0}")));
                }
                ui.end_row();
            }
        });
    });
}

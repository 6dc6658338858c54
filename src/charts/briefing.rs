//! A one-click briefing: one folder holding the PNG of every chart that has something to show
//! and one workbook (`briefing.xlsx`) with the overview figures, the departments, the plan, the
//! transfer list and what the plan buys; with scenarios, their comparison and projection (chart
//! and sheets) and each scenario as a file the command line reads back.
//!
//! The folder is written whole or not at all ([`export::write_folder`]).

use super::{ChartKind, PngSize, Source, Word, build, write_png};
use crate::analysis::Analysis;
use crate::export::{self, ExportError, NamedTable};
use crate::model::{Lang, Params, Sheet};
use crate::plan::Plan;
use crate::scenario::compare::Comparison;
use polars::prelude::DataFrame;
use std::fs;
use std::path::{Path, PathBuf};

/// Errors of [`briefing`] are those of the export writers.
pub type BriefingError = ExportError;

/// The name of the workbook inside a briefing folder.
pub const WORKBOOK: &str = "briefing.xlsx";

/// The file name of a chart inside a briefing folder: `01_saturation.png` …
pub fn chart_file(kind: ChartKind) -> String {
    let n = ChartKind::ALL
        .iter()
        .chain(&ChartKind::WHAT_IF)
        .position(|k| *k == kind)
        .unwrap_or(0)
        + 1;
    format!("{n:02}_{}.png", kind.key())
}

/// What a briefing shows: the analysis, its plan (if one could be made), the parameters, and
/// the scenarios beside them.
#[derive(Clone, Copy)]
pub struct Figures<'a> {
    pub analysis: &'a Analysis,
    pub plan: Option<&'a Plan>,
    pub params: &'a Params,
    pub what_if: WhatIf<'a>,
}

/// Scenarios in a briefing: their comparison (the current rules first), the projections over
/// years (each scenario's name, table and years), and each scenario as a file `--scenario`
/// reads back.
#[derive(Clone, Copy, Default)]
pub struct WhatIf<'a> {
    pub comparison: Option<&'a Comparison>,
    pub projections: &'a [(String, DataFrame, Vec<i32>)],
    /// (name, scenario file text).
    pub files: &'a [(String, String)],
}

/// Write the briefing folder `dir`. Returns the files written (inside `dir`), the workbook last.
pub fn briefing(
    dir: &Path,
    figures: &Figures<'_>,
    lang: Lang,
    size: PngSize,
    source: &Source,
) -> Result<Vec<PathBuf>, BriefingError> {
    export::write_folder(dir, |temp| fill(temp, figures, lang, size, source))
}

/// Write the charts, the scenario files and the workbook into `folder`; returns the file names.
fn fill(
    folder: &Path,
    figures: &Figures<'_>,
    lang: Lang,
    size: PngSize,
    source: &Source,
) -> Result<Vec<String>, ExportError> {
    let Figures {
        analysis,
        plan,
        params,
        what_if,
    } = *figures;
    let mut names = Vec::new();
    let no_plan = Word::NoPlan.label(lang);
    for kind in ChartKind::ALL {
        let spec = build(kind, analysis, plan.ok_or(no_plan), params, lang, source);
        if spec.is_empty() {
            continue;
        }
        let name = chart_file(kind);
        write_png(&folder.join(&name), &spec, size)?;
        names.push(name);
    }
    names.extend(what_if_charts(folder, analysis, &what_if, lang, size, source)?);
    names.extend(scenario_files(folder, what_if.files)?);
    let path = folder.join(WORKBOOK);
    let polars = |e: polars::prelude::PolarsError| ExportError::Write {
        path: path.clone(),
        message: e.to_string(),
    };
    let summary = crate::report::summary_labelled(&analysis.summary, lang).map_err(polars)?;
    let params_frame = crate::report::params_frame(params, lang).map_err(polars)?;
    let local = plan
        .map(|p| crate::plan::localize(p, lang))
        .transpose()
        .map_err(polars)?;
    let mut tables = vec![
        NamedTable {
            key: Sheet::Summary,
            frame: &summary,
        },
        NamedTable {
            key: Sheet::Departments,
            frame: &analysis.departments,
        },
    ];
    if let Some(p) = &local {
        tables.push(NamedTable {
            key: Sheet::Plan,
            frame: &p.units,
        });
        tables.push(NamedTable {
            key: Sheet::Transfers,
            frame: &p.transfers,
        });
        tables.push(NamedTable {
            key: Sheet::PlanSummary,
            frame: &p.summary,
        });
    }
    // The table behind the methods chart.
    if let Some(std) = &analysis.standards {
        tables.push(NamedTable {
            key: Sheet::Methods,
            frame: &std.comparison,
        });
    }
    if let Some(c) = what_if.comparison {
        tables.extend(c.sheets.iter().map(|(key, frame)| NamedTable { key: *key, frame }));
    }
    let projected = projections_sheet(what_if.projections).map_err(polars)?;
    if let Some(frame) = &projected {
        tables.push(NamedTable {
            key: Sheet::Projection,
            frame,
        });
    }
    tables.push(NamedTable {
        key: Sheet::Parameters,
        frame: &params_frame,
    });
    export::write_report(&path, &tables, lang, &[])?;
    names.push(WORKBOOK.to_owned());
    Ok(names)
}

/// The scenarios chart and the projection chart, where the briefing has what they show.
fn what_if_charts(
    folder: &Path,
    analysis: &Analysis,
    what_if: &WhatIf<'_>,
    lang: Lang,
    size: PngSize,
    source: &Source,
) -> Result<Vec<String>, ExportError> {
    let mut specs = Vec::new();
    let polars = |e: polars::prelude::PolarsError| ExportError::Write {
        path: folder.to_path_buf(),
        message: e.to_string(),
    };
    if let Some(c) = what_if.comparison {
        specs.push(super::whatif::scenario_changes(&c.outcomes, analysis.year, lang, source).map_err(polars)?);
    }
    for (name, table, years) in what_if.projections {
        let spec = super::whatif::projection((name, table, years), analysis.year, lang, source).map_err(polars)?;
        specs.push(spec);
    }
    let mut names: Vec<String> = Vec::new();
    for spec in specs.iter().filter(|s| !s.is_empty()) {
        // One projection chart per scenario that projects: 09_projection.png, then _2 …
        let first = chart_file(spec.kind);
        let name = export::free_file_name(&names, first.trim_end_matches(".png"), ".png");
        write_png(&folder.join(&name), spec, size)?;
        names.push(name);
    }
    Ok(names)
}

/// Every projection in one sheet, each row naming its scenario (years the others lack are
/// empty).
pub fn projections_sheet(
    projections: &[(String, DataFrame, Vec<i32>)],
) -> polars::prelude::PolarsResult<Option<DataFrame>> {
    use polars::prelude::*;
    let frames: Vec<LazyFrame> = projections.iter().map(|(_, t, _)| t.clone().lazy()).collect();
    if frames.is_empty() {
        return Ok(None);
    }
    let args = UnionArgs {
        diagonal: true,
        to_supertypes: true,
        ..UnionArgs::default()
    };
    Ok(Some(concat(frames, args)?.collect()?))
}

/// Each scenario as `方案_<name>.toml`, its name made safe for a file on any system.
fn scenario_files(folder: &Path, files: &[(String, String)]) -> Result<Vec<String>, ExportError> {
    let mut names: Vec<String> = Vec::new();
    for (name, text) in files {
        let stem = format!("方案_{}", export::safe_file_stem(name));
        let file = export::free_file_name(&names, &stem, ".toml");
        let path = folder.join(&file);
        fs::write(&path, text).map_err(|source| ExportError::Io { path, source })?;
        names.push(file);
    }
    Ok(names)
}

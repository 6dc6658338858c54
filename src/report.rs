//! Tables that describe a run rather than the units: the findings and the parameters used,
//! and the labels of summary metrics.

use crate::analysis::Analysis;
use crate::export::NamedTable;
use crate::findings::Finding;
use crate::i18n;
use crate::ingest::{Inputs, TableKind};
use crate::model::{Band, Lang, Params, Sheet};
use crate::plan::Plan;
use polars::prelude::*;

/// A report: the analysis and the plan with the tables that describe the run, labelled in one
/// language. The command line and the app write the same one.
pub struct Report<'a> {
    analysis: &'a Analysis,
    plan: Option<&'a Plan>,
    summary: DataFrame,
    params: DataFrame,
    findings: DataFrame,
    receipt: DataFrame,
}

impl<'a> Report<'a> {
    /// `plan` already in `lang` (see [`crate::plan::localize`]); `findings` those of the
    /// analysis and the plan.
    pub fn build(
        analysis: &'a Analysis,
        plan: Option<&'a Plan>,
        params: &Params,
        findings: &[Finding],
        inputs: &Inputs,
        lang: Lang,
    ) -> PolarsResult<Report<'a>> {
        let loaded: Vec<&crate::ingest::Loaded> = TableKind::ALL.iter().filter_map(|k| inputs.get(*k)).collect();
        Ok(Report {
            analysis,
            plan,
            summary: summary_labelled(&analysis.summary, lang)?,
            params: params_frame(params, lang)?,
            findings: findings_frame(findings, lang)?,
            receipt: crate::ingest::receipt::frame(&loaded, lang)?,
        })
    }

    /// The report's tables, in sheet order.
    pub fn tables(&self) -> Vec<NamedTable<'_>> {
        let a = self.analysis;
        let table = |key, frame| NamedTable { key, frame };
        let mut t = vec![
            table(Sheet::Units, &a.units),
            table(Sheet::UnitTypes, &a.unit_types),
            table(Sheet::Departments, &a.departments),
            table(Sheet::Summary, &self.summary),
        ];
        if let Some(p) = self.plan {
            t.push(table(Sheet::Plan, &p.units));
            t.push(table(Sheet::Transfers, &p.transfers));
            t.push(table(Sheet::PlanSummary, &p.summary));
        }
        // Who returned the survey, and whom to chase, when it was a folder of returns.
        if let Some(returns) = &a.returns {
            t.push(table(Sheet::Returns, returns));
        }
        if a.people.height() > 0 {
            t.push(table(Sheet::People, &a.people));
        }
        if let Some(std) = &a.standards {
            t.push(table(Sheet::Standards, &std.used));
            t.push(table(Sheet::Volumes, &std.activities));
            t.push(table(Sheet::Methods, &std.comparison));
            if std.by_activity.height() > 0 {
                t.push(table(Sheet::MethodsByActivity, &std.by_activity));
            }
        }
        // Loads back as a standards table once an expert group has edited it.
        if a.proposed_standards.height() > 0 {
            t.push(table(Sheet::ProposedStandards, &a.proposed_standards));
        }
        t.push(table(Sheet::History, &a.history));
        t.push(table(Sheet::Findings, &self.findings));
        t.push(table(Sheet::Receipt, &self.receipt));
        t.push(table(Sheet::Parameters, &self.params));
        t
    }
}

/// Findings as a table: severity, file, sheet, row, column, year, message, code.
pub fn findings_frame(findings: &[Finding], lang: Lang) -> PolarsResult<DataFrame> {
    let pick = |zh: &'static str, en: &'static str| match lang {
        Lang::Zh => zh,
        Lang::En => en,
    };
    let n = findings.len();
    DataFrame::new(
        n,
        vec![
            Column::new(
                pick("级别", "Severity").into(),
                findings.iter().map(|f| f.severity.label(lang)).collect::<Vec<_>>(),
            ),
            Column::new(
                pick("文件", "File").into(),
                findings.iter().map(|f| f.location.file.clone()).collect::<Vec<_>>(),
            ),
            Column::new(
                pick("工作表", "Sheet").into(),
                findings.iter().map(|f| f.location.sheet.clone()).collect::<Vec<_>>(),
            ),
            Column::new(
                pick("行", "Row").into(),
                findings.iter().map(|f| f.location.row).collect::<Vec<_>>(),
            ),
            Column::new(
                pick("列", "Column").into(),
                findings.iter().map(|f| f.location.column.clone()).collect::<Vec<_>>(),
            ),
            Column::new(
                pick("年度", "Year").into(),
                findings.iter().map(|f| f.year).collect::<Vec<_>>(),
            ),
            Column::new(
                pick("说明", "Message").into(),
                findings.iter().map(|f| f.message(lang).to_owned()).collect::<Vec<_>>(),
            ),
            Column::new(
                pick("代码", "Code").into(),
                findings.iter().map(|f| f.code.clone()).collect::<Vec<_>>(),
            ),
        ],
    )
}

/// The parameters used, flattened to `section.name = value` rows.
pub fn params_frame(params: &Params, lang: Lang) -> PolarsResult<DataFrame> {
    let value = toml::Value::try_from(params).unwrap_or(toml::Value::Table(Default::default()));
    let mut names = Vec::new();
    let mut values = Vec::new();
    flatten("", &value, &mut names, &mut values);
    let (k, v) = match lang {
        Lang::Zh => ("参数", "取值"),
        Lang::En => ("Parameter", "Value"),
    };
    names.push("available_hours".to_owned());
    values.push(format!("{}", params.calendar.available_hours()));
    // The allowance factors the figures used, from the totals or the activities listed.
    names.push("caf".to_owned());
    values.push(format!("{:.6}", params.caf()));
    names.push("iaf".to_owned());
    values.push(format!("{:.6}", params.iaf()));
    DataFrame::new(
        names.len(),
        vec![Column::new(k.into(), names), Column::new(v.into(), values)],
    )
}

fn flatten(prefix: &str, value: &toml::Value, names: &mut Vec<String>, values: &mut Vec<String>) {
    match value {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let name = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&name, v, names, values);
            }
        }
        other => {
            names.push(prefix.to_owned());
            values.push(match other {
                toml::Value::String(s) => s.clone(),
                v => v.to_string(),
            });
        }
    }
}

/// Label of a summary metric code (`approved`, `band:balanced`, `flag:over_quota` ...).
pub fn metric_label(code: &str, lang: Lang) -> String {
    if let Some(b) = code.strip_prefix("band:") {
        return match lang {
            Lang::Zh => format!("单位数（{}）", i18n::band(Band::from_code(b), lang)),
            Lang::En => format!("Units ({})", i18n::band(Band::from_code(b), lang)),
        };
    }
    if let Some(f) = code.strip_prefix("flag:") {
        return match lang {
            Lang::Zh => format!("预警单位数（{}）", i18n::flag(f, lang)),
            Lang::En => format!("Units flagged ({})", i18n::flag(f, lang)),
        };
    }
    match (code, lang) {
        ("available_hours", Lang::Zh) => "标准工时（小时/人·年）".to_owned(),
        ("available_hours", Lang::En) => "Available working time (h per person-year)".to_owned(),
        ("departments", Lang::Zh) => "主管部门数".to_owned(),
        ("departments", Lang::En) => "Departments".to_owned(),
        (c, l) => i18n::column(c, l).to_owned(),
    }
}

/// The summary table with its metric codes translated, for exports and views.
pub fn summary_labelled(summary: &DataFrame, lang: Lang) -> PolarsResult<DataFrame> {
    let metric = summary.column(crate::model::col::METRIC)?.str()?;
    let labels: Vec<String> = metric.iter().map(|m| metric_label(m.unwrap_or(""), lang)).collect();
    let mut out = summary.clone();
    out.with_column(Column::new(crate::model::col::METRIC.into(), labels))?;
    Ok(out)
}

/// The survey's rows as read, for programs that compute from them (`satlas sql`): its canonical
/// columns in a fixed order, `source_file` and `row_hash` always there (empty where the survey
/// has none) so a statement can name them whatever the survey came from. None without a survey.
pub fn survey_rows(inputs: &Inputs) -> PolarsResult<Option<DataFrame>> {
    use crate::model::col;
    let Some(survey) = inputs.survey.as_ref().map(|l| &l.frame) else {
        return Ok(None);
    };
    let columns = [
        (col::UNIT, DataType::String),
        (col::DEPARTMENT, DataType::String),
        (col::PERSON, DataType::String),
        (col::TASK, DataType::String),
        (col::PERIOD, DataType::String),
        (col::FREQUENCY, DataType::Float64),
        (col::HOURS_EACH, DataType::Float64),
        (col::ANNUAL_HOURS, DataType::Float64),
        (col::YEAR, DataType::Int32),
        (col::SOURCE_FILE, DataType::String),
        (col::SOURCE_ROW, DataType::UInt32),
        (col::ROW_HASH, DataType::UInt64),
    ];
    let select: Vec<Expr> = columns
        .into_iter()
        .map(|(name, dtype)| match survey.column(name) {
            Ok(_) => col(name).cast(dtype),
            Err(_) => lit(NULL).cast(dtype).alias(name),
        })
        .collect();
    survey.clone().lazy().select(select).collect().map(Some)
}

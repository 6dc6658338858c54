//! `template`: the survey forms to send out, one workbook per unit (or one workbook).

use super::{CliError, progress};
use crate::ingest::{self, Inputs, LoadOptions, TableKind};
use crate::model::Lang;
use crate::template::{self, TemplateOptions};
use clap::Args;
use polars::prelude::ChunkAgg;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Args, Debug, Clone)]
pub struct TemplateArgs {
    /// Staffing table: one form per unit.
    #[arg(long)]
    pub staffing: PathBuf,
    /// Roster (花名册): each unit's people filled in.
    #[arg(long)]
    pub roster: Option<PathBuf>,
    /// Activity standards (工作标准): their activities offered as task names.
    #[arg(long)]
    pub standards: Option<PathBuf>,
    /// A folder for one workbook per unit (absent or empty), or with --one-workbook the
    /// workbook.
    #[arg(long)]
    pub out: PathBuf,
    /// One workbook with a sheet per unit, instead of a workbook per unit.
    #[arg(long)]
    pub one_workbook: bool,
    /// The year the survey asks about (default: the staffing table's, else last year).
    #[arg(long)]
    pub year: Option<i32>,
    /// When the forms are due, as the instructions should say it (e.g. 2027年1月15日).
    #[arg(long)]
    pub deadline: Option<String>,
    /// Whom to ask, as the instructions should say it (e.g. 编办综合科 张三 12345678).
    #[arg(long)]
    pub contact: Option<String>,
    /// Language of the forms: zh (default) or en.
    #[arg(long, default_value = "zh")]
    pub lang: String,
}

pub fn run_template(args: &TemplateArgs) -> Result<(), CliError> {
    let started = Instant::now();
    let lang = Lang::parse(&args.lang)
        .ok_or_else(|| CliError::msg(format!("--lang must be zh or en, got '{}'", args.lang)))?;
    let inputs = read(args, lang, started)?;
    let polars = |e: polars::prelude::PolarsError| CliError::msg(e.to_string());
    let units = template::units_from(&inputs).map_err(polars)?;
    let tasks = template::tasks_from(&inputs).map_err(polars)?;
    if units.is_empty() {
        return Err(CliError::msg(
            lang.pick("编制表中没有单位。", "The staffing table has no units."),
        ));
    }
    let opts = TemplateOptions {
        lang,
        year: args.year.unwrap_or_else(|| year_of(&inputs)),
        deadline: args.deadline.clone(),
        contact: args.contact.clone(),
    };
    progress(
        lang,
        &format!("写出 {} 个单位的调查表：{}", units.len(), args.out.display()),
        &format!("writing the forms of {} units: {}", units.len(), args.out.display()),
        started,
    );
    let written = if args.one_workbook {
        template::write_one(&args.out, &units, &tasks, &opts).map(|()| vec![args.out.clone()])
    } else {
        template::write_per_unit(&args.out, &units, &tasks, &opts)
    }
    .map_err(|e| CliError::msg(e.to_string()))?;
    for w in &written {
        out!("{}", w.display());
    }
    progress(lang, "完成", "done", started);
    Ok(())
}

/// The staffing table, and the roster and standards when given.
fn read(args: &TemplateArgs, lang: Lang, started: Instant) -> Result<Inputs, CliError> {
    let load = |path: &PathBuf, kind: TableKind, opts: &LoadOptions| {
        progress(
            lang,
            &format!("读取{}：{}", kind.label(Lang::Zh), path.display()),
            &format!("reading {}: {}", kind.label(Lang::En), path.display()),
            started,
        );
        ingest::load(path, kind, opts).map_err(|e| CliError {
            message: e.0.line(lang),
            findings: vec![e.0],
        })
    };
    let staffing = load(&args.staffing, TableKind::Staffing, &LoadOptions::default())?;
    let known = LoadOptions {
        known_units: Some(std::sync::Arc::new(ingest::unit_names(&staffing.frame))),
        ..LoadOptions::default()
    };
    let mut inputs = Inputs {
        staffing: Some(staffing),
        ..Inputs::default()
    };
    for (path, kind) in [
        (&args.roster, TableKind::Roster),
        (&args.standards, TableKind::Standards),
    ] {
        if let Some(path) = path {
            *inputs.slot_mut(kind) = Some(load(path, kind, &known)?);
        }
    }
    Ok(inputs)
}

/// The staffing table's latest year, else last year.
fn year_of(inputs: &Inputs) -> i32 {
    use chrono::Datelike;
    let from_table = inputs
        .staffing
        .as_ref()
        .and_then(|s| s.frame.column(crate::model::col::YEAR).ok())
        .and_then(|c| c.cast(&polars::prelude::DataType::Int32).ok())
        .and_then(|c| c.i32().ok().and_then(|c| c.max()));
    from_table.unwrap_or_else(|| chrono::Local::now().year() - 1)
}

//! The headless command line: `analyze`, `plan`, `generate`, `brief`. It calls the same library
//! functions as the desktop app, so a table exported from either is the same.

use crate::analysis::{self, Analysis};
use crate::export;
use crate::findings::{Finding, Severity};
use crate::ingest::{self, Inputs, LoadOptions, TableKind};
use crate::model::{Lang, Params};
use clap::{Args, Parser, Subcommand};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub use sql::run_sql;
pub use template::run_template;

#[derive(Parser, Debug)]
#[command(
    name = "satlas",
    version,
    about = "编制饱和度分析 — duty saturation and quota reallocation for staffing offices",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A project file (.satlas) to open in the window; how a double-clicked project opens.
    #[arg(value_name = "PROJECT.satlas")]
    pub project: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Read staffing (and survey, roster) files, compute every indicator, write a report.
    Analyze(AnalyzeArgs),
    /// Like analyze, and plan a zero-sum reallocation of quotas.
    Plan(AnalyzeArgs),
    /// Write a synthetic district (or the bundled sample) as spreadsheets.
    Generate(GenerateArgs),
    /// Write a briefing folder (--out DIR): a PNG of every chart and one workbook of key
    /// figures, the plan and its transfers.
    Brief(BriefArgs),
    /// Write survey forms to send out: one workbook per unit of the staffing table (or one
    /// workbook with a sheet per unit), people from --roster, tasks from --standards.
    Template(template::TemplateArgs),
    /// Print the core indicators as SQL (DuckDB or Spark) over a parquet report.
    Sql(sql::SqlArgs),
}

impl Command {
    /// The language asked for with `--lang`; None for a command without one, or a value that
    /// is neither (the command itself then says so).
    pub fn lang(&self) -> Option<Lang> {
        match self {
            Command::Analyze(a) | Command::Plan(a) => Lang::parse(&a.lang),
            Command::Brief(b) => Lang::parse(&b.analyze.lang),
            Command::Template(t) => Lang::parse(&t.lang),
            Command::Sql(s) => Lang::parse(&s.lang),
            Command::Generate(_) => None,
        }
    }
}

#[derive(Args, Debug, Clone)]
pub struct BriefArgs {
    #[command(flatten)]
    pub analyze: AnalyzeArgs,
    /// Width of each chart image in pixels, before scaling.
    #[arg(long, default_value_t = 1920)]
    pub width: u32,
    /// Scale of the images (2 = twice the pixels, the same layout).
    #[arg(long, default_value_t = 2.0)]
    pub scale: f32,
}

#[derive(Args, Debug, Clone)]
pub struct AnalyzeArgs {
    /// Staffing table (xlsx, xls, ods, csv or parquet).
    #[arg(long)]
    pub staffing: PathBuf,
    /// Workload survey, per task.
    #[arg(long)]
    pub survey: Option<PathBuf>,
    /// Per-person roster (花名册), counted into actual staff.
    #[arg(long)]
    pub roster: Option<PathBuf>,
    /// Activity standards (工作标准): the standard time of one item of each activity.
    #[arg(long)]
    pub standards: Option<PathBuf>,
    /// Annual volumes (业务量统计) per unit and activity; read with --standards.
    #[arg(long)]
    pub volumes: Option<PathBuf>,
    /// Which workload feeds saturation and the plan: survey, standards, or
    /// standards_else_survey (default: the parameters', else survey).
    #[arg(long)]
    pub method: Option<String>,
    /// Parameters (TOML); defaults from the design when absent.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// A scenario (TOML: parameter overrides and [[move]] / [[grow]] / [[add]] changes). Once:
    /// the report is that scenario's. More than once: the report adds the scenarios side by side.
    #[arg(long = "scenario", value_name = "SCENARIO.toml")]
    pub scenario: Vec<PathBuf>,
    /// Column for a field: `--map survey:unit=填报单位` for one file (staffing, roster or
    /// survey), or `--map approved=编制数` for whichever file has that header. An entry that
    /// fits no file is an error.
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    pub map: Vec<String>,
    /// A survey or roster unit spelt otherwise than in the staffing table, counted as the
    /// staffing unit: `--alias 区挡案馆=区档案馆` (repeatable; the app's 名称不一致的单位 does the same).
    #[arg(long = "alias", value_name = "AS_FILED=STAFFING_UNIT")]
    pub alias: Vec<String>,
    /// Sheet to read in the staffing workbook (default: the first that holds a table).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Report file: .xlsx, .csv or .parquet.
    #[arg(long)]
    pub out: PathBuf,
    /// Language of headers and messages: zh (default) or en.
    #[arg(long, default_value = "zh")]
    pub lang: String,
}

#[derive(Args, Debug, Clone)]
pub struct GenerateArgs {
    #[arg(long, default_value_t = 60)]
    pub units: usize,
    #[arg(long, default_value_t = 15)]
    pub people_per_unit: usize,
    #[arg(long, default_value_t = 8)]
    pub tasks_per_person: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Write the bundled realistic sample district instead of a synthetic one.
    #[arg(long)]
    pub sample: bool,
    /// Formats: any of xlsx, csv, gbk (comma-separated).
    #[arg(long, default_value = "xlsx,csv")]
    pub formats: String,
    /// Also write the survey as its units would return it: a filled form per unit in
    /// `OUT/returns`, for trying `--survey OUT/returns`.
    #[arg(long)]
    pub returns: bool,
    #[arg(long)]
    pub out: PathBuf,
}

/// An error for the terminal: the findings that explain it, or a plain message.
#[derive(Debug)]
pub struct CliError {
    pub message: String,
    pub findings: Vec<Finding>,
}

impl CliError {
    fn msg(message: impl Into<String>) -> CliError {
        CliError {
            message: message.into(),
            findings: Vec::new(),
        }
    }
}

/// A line on standard output; a closed pipe (`satlas ... | head`) is not an error worth a panic.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// A line on standard error, the same way: `satlas ... 2>&1 | head` must not end in a panic.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

fn progress(lang: Lang, zh: &str, en: &str, started: Instant) {
    let text = match lang {
        Lang::Zh => zh,
        Lang::En => en,
    };
    say!("[{:>6.2}s] {text}", started.elapsed().as_secs_f64());
}

/// `--map` entries: those for one file (`survey:unit=列名`), and those for whichever file has
/// the column (`unit=列名`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MapArgs {
    pub per_file: BTreeMap<TableKind, BTreeMap<String, String>>,
    pub loose: BTreeMap<String, String>,
}

impl MapArgs {
    fn options(&self, kind: TableKind, sheet: Option<&String>) -> LoadOptions {
        LoadOptions {
            sheet: sheet.cloned(),
            overrides: self.per_file.get(&kind).cloned().unwrap_or_default(),
            loose_overrides: self.loose.clone(),
            aliases: BTreeMap::new(),
            known_units: None,
        }
    }
}

/// Parse `--alias 写法=编制表中的单位` entries.
pub fn parse_aliases(pairs: &[String], lang: Lang) -> Result<BTreeMap<String, String>, CliError> {
    pairs
        .iter()
        .map(|p| match p.split_once('=') {
            // Cleaned as the units are (width, spaces), so the key meets the names as read.
            Some((from, to)) if !from.trim().is_empty() && !to.trim().is_empty() => Ok((
                crate::ingest::text::clean_name(from),
                crate::ingest::text::clean_name(to),
            )),
            _ => Err(CliError::msg(match lang {
                Lang::Zh => format!("--alias {p}：应写作 调查表中的写法=编制表中的单位"),
                Lang::En => format!("--alias {p}: write it as name_as_filed=staffing_unit"),
            })),
        })
        .collect()
}

/// Parse `[file:]field=column` entries.
pub fn parse_map(pairs: &[String]) -> Result<MapArgs, CliError> {
    let mut out = MapArgs::default();
    for p in pairs {
        let Some((f, c)) = p.split_once('=') else {
            return Err(CliError::msg(format!(
                "--map expects [FILE:]FIELD=COLUMN (FILE is staffing, roster, survey, standards or volumes), got '{p}'"
            )));
        };
        let (kind, field) = match f.split_once(':') {
            Some((k, field)) => {
                let kind = TableKind::ALL
                    .into_iter()
                    .find(|t| t.map_prefix() == k.trim() || t.label(Lang::Zh) == k.trim())
                    .ok_or_else(|| {
                        CliError::msg(format!(
                            "--map '{p}': '{k}' is not a file; use staffing, roster, survey, standards or volumes"
                        ))
                    })?;
                (Some(kind), field.trim())
            }
            None => (None, f.trim()),
        };
        if ingest::Field::from_name(field).is_none() {
            let known: Vec<&str> = ingest::Field::ALL.iter().map(|f| f.name()).collect();
            return Err(CliError::msg(format!(
                "--map '{p}': unknown field '{field}'; known fields: {}",
                known.join(", ")
            )));
        }
        let target = match kind {
            Some(k) => out.per_file.entry(k).or_default(),
            None => &mut out.loose,
        };
        target.insert(field.to_owned(), c.trim().to_owned());
    }
    Ok(out)
}

pub fn load_params(path: Option<&Path>, lang: Lang) -> Result<Params, CliError> {
    match path {
        None => Ok(Params::default()),
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| CliError::msg(format!("{}: {e}", p.display())))?;
            let params = Params::from_toml(&text).map_err(|e| CliError::msg(format!("{}: {e}", p.display())))?;
            params
                .validate()
                .map_err(|e| CliError::msg(format!("{}: {}", p.display(), e.message(lang))))?;
            Ok(params)
        }
    }
}

/// Load the inputs named on the command line, the staffing table first: its units tell which
/// column of the survey and roster holds the unit.
pub fn load_inputs(args: &AnalyzeArgs, lang: Lang, started: Instant) -> Result<Inputs, CliError> {
    let map = parse_map(&args.map)?;
    let mut inputs = Inputs::default();
    let load = |path: &Path, opts: LoadOptions, kind: TableKind| -> Result<ingest::Loaded, CliError> {
        progress(
            lang,
            &format!("读取{}：{}", kind.label(Lang::Zh), path.display()),
            &format!("reading {}: {}", kind.label(Lang::En), path.display()),
            started,
        );
        ingest::load(path, kind, &opts).map_err(|e| CliError {
            message: e.0.line(lang),
            findings: vec![e.0],
        })
    };
    let staffing = load(
        &args.staffing,
        map.options(TableKind::Staffing, args.sheet.as_ref()),
        TableKind::Staffing,
    )?;
    let units = std::sync::Arc::new(ingest::unit_names(&staffing.frame));
    inputs.staffing = Some(staffing);
    let aliases = parse_aliases(&args.alias, lang)?;
    if args.standards.is_some() != args.volumes.is_some() {
        return Err(CliError::msg(lang.pick(
            "--standards 和 --volumes 须一起给出：按标准测算工作量既要标准用时，也要业务量。",
            "--standards and --volumes go together: workload by standards needs both the standard times and the volumes.",
        )));
    }
    for (path, kind) in [
        (&args.roster, TableKind::Roster),
        (&args.survey, TableKind::Survey),
        (&args.standards, TableKind::Standards),
        (&args.volumes, TableKind::Volumes),
    ] {
        let Some(path) = path else { continue };
        let mut opts = map.options(kind, None);
        opts.known_units = Some(units.clone());
        opts.aliases = aliases.clone();
        *inputs.slot_mut(kind) = Some(load(path, opts, kind)?);
    }
    // An alias that renames nothing is a typing mistake, not a choice: say so.
    for from in aliases.keys() {
        let used = [&inputs.survey, &inputs.roster, &inputs.volumes]
            .into_iter()
            .flatten()
            .flat_map(|l| &l.findings)
            .any(|f| f.code == "unit_alias" && f.zh.contains(&format!("“{from}”")));
        if !used {
            return Err(CliError::msg(match lang {
                Lang::Zh => format!("--alias {from}=…：调查表、花名册和业务量表中都没有名为“{from}”的单位。"),
                Lang::En => {
                    format!("--alias {from}=…: no unit named '{from}' in the survey, the roster or the volumes.")
                }
            }));
        }
    }
    for field in map.loose.keys() {
        let fits = TableKind::ALL
            .iter()
            .filter_map(|k| inputs.get(*k))
            .any(|l| l.applied.contains(field));
        if !fits {
            return Err(CliError::msg(match lang {
                Lang::Zh => format!("--map {field}={}：没有任何文件的表头有这一列。", map.loose[field]),
                Lang::En => format!("--map {field}={}: no file's header has that column.", map.loose[field]),
            }));
        }
    }
    inputs.check_across();
    print_receipts(&inputs, lang);
    Ok(inputs)
}

/// How each file was read, on stderr before any figure; a doubtful choice is marked "!".
fn print_receipts(inputs: &Inputs, lang: Lang) {
    for l in TableKind::ALL.iter().filter_map(|k| inputs.get(*k)) {
        {
            use std::io::Write as _;
            let _ = write!(std::io::stderr().lock(), "{}", ingest::receipt::text(l, lang));
        }
    }
}

/// The parameters (with `--method`), the inputs, and the scenarios named: one scenario is laid
/// on the parameters and inputs here; several are returned to be compared.
fn prepared(args: &AnalyzeArgs, lang: Lang, started: Instant) -> Result<Prepared, CliError> {
    let mut params = load_params(args.config.as_deref(), lang)?;
    if let Some(m) = &args.method {
        params.method = crate::model::WorkloadMethod::from_code(m.trim()).ok_or_else(|| {
            CliError::msg(format!(
                "--method must be survey, standards or standards_else_survey, got '{m}'"
            ))
        })?;
    }
    // Scenario files are read first: one that cannot be used stops the run before the data
    // is read.
    let mut scenarios = Vec::new();
    let mut files = Vec::new();
    for path in &args.scenario {
        let file = path
            .file_name()
            .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let text =
            std::fs::read_to_string(path).map_err(|e| CliError::msg(ingest::io_finding(&file, &e).line(lang)))?;
        let s = crate::scenario::read(&text, &file, &params).map_err(|e| CliError::msg(e.message(lang)))?;
        files.push((s.name.clone(), text));
        scenarios.push((s, file));
    }
    if let Some((_, file)) = scenarios.iter().find(|(s, _)| !s.projection.years.is_empty())
        && scenarios.len() > 1
    {
        return Err(CliError::msg(lang.pick(
            format!("{file} 按年度预测（[[grow]] 带 years）：预测每次只能用一个 --scenario，请单独运行它。"),
            format!("{file} projects over years ([[grow]] with years): a projection takes one --scenario at a time; run it alone."),
        )));
    }
    let mut inputs = load_inputs(args, lang, started)?;
    let mut projection = None;
    let mut applied = None;
    if let [(only, file)] = scenarios.as_slice() {
        applied = Some((only.name.clone(), file.clone(), only.changes.len()));
        progress(
            lang,
            &format!("方案：{}", only.name),
            &format!("scenario: {}", only.name),
            started,
        );
        if !only.projection.years.is_empty() {
            progress(lang, "按年度预测工作量", "projecting the workload", started);
            let table =
                crate::scenario::projection(&inputs, only, file, lang).map_err(|e| CliError::msg(e.message(lang)))?;
            projection = Some((table, only.projection.years.clone()));
        }
        inputs = crate::scenario::apply(&inputs, &only.changes, file).map_err(|e| CliError::msg(e.message(lang)))?;
        params = only.params.clone();
        scenarios.clear();
    }
    Ok(Prepared {
        params,
        inputs,
        scenarios,
        projection,
        applied,
        files,
    })
}

/// What a run works on: parameters and inputs (with a lone scenario laid on them), the
/// scenarios to compare, and a lone scenario's projection over years.
struct Prepared {
    params: Params,
    inputs: Inputs,
    scenarios: Vec<Scenarios>,
    /// A lone scenario's projection over years: its table and its years.
    projection: Option<(polars::prelude::DataFrame, Vec<i32>)>,
    /// The lone scenario laid on the run: its name, its file, how many changes.
    applied: Option<(String, String, usize)>,
    /// Every scenario named: its name and its file's text.
    files: Vec<(String, String)>,
}

/// A scenario read, with its file's name.
type Scenarios = (crate::scenario::Scenario, String);

/// The base and every scenario computed, and the three tables that compare them; each
/// scenario that cannot be planned is said on stderr.
fn compared(
    base: (&Analysis, &Params),
    inputs: &Inputs,
    scenarios: &[Scenarios],
    lang: Lang,
) -> Result<crate::scenario::compare::Comparison, CliError> {
    let c =
        crate::scenario::compare::compare(inputs, base, scenarios, lang).map_err(|e| CliError::msg(e.message(lang)))?;
    // A scenario file that cannot be used stops the run, as a lone one does.
    if let Some((_, e)) = c.failed.first() {
        return Err(CliError::msg(e.message(lang)));
    }
    for name in &c.left_out {
        say!(
            "{}",
            lang.pick(
                format!("方案“{name}”无法测算，未列入比较。"),
                format!("Scenario '{name}' cannot be planned and is left out of the comparison.")
            )
        );
    }
    Ok(c)
}

pub fn run_analyze(args: &AnalyzeArgs, with_plan: bool) -> Result<(), CliError> {
    let started = Instant::now();
    let lang = Lang::parse(&args.lang)
        .ok_or_else(|| CliError::msg(format!("--lang must be zh or en, got '{}'", args.lang)))?;
    let Prepared {
        params,
        inputs,
        scenarios,
        projection,
        applied,
        ..
    } = prepared(args, lang, started)?;
    progress(lang, "计算指标", "computing indicators", started);
    let analysis = analysis::analyze(&inputs, &params).map_err(|e| CliError::msg(e.to_string()))?;
    // The plan's sheets go into every report; `plan` writes only them.
    progress(lang, "测算编制调整方案", "planning the reallocation", started);
    let plan = match crate::plan::plan(&analysis.unit_types, &params) {
        Ok(p) => Some(crate::plan::localize(&p, lang).map_err(|e| CliError::msg(e.to_string()))?),
        Err(e) if with_plan => return Err(CliError::msg(e.to_string())),
        Err(e) => {
            say!("{e}");
            None
        }
    };
    let mut findings = analysis.findings.clone();
    if let Some(p) = &plan {
        findings.extend(p.findings.iter().cloned());
    }
    // The report of a scenario says so, in its findings and first on standard output.
    if let Some((name, file, changes)) = &applied {
        findings.insert(
            0,
            Finding::info(
                "scenario",
                crate::findings::Location::file(file),
                format!("本报告按方案“{name}”测算：其参数与 {changes} 项工作变化（{file}）。"),
                format!("This report is scenario '{name}': its parameters and {changes} changes to the work ({file})."),
            ),
        );
        out!("{}: {name}", lang.pick("方案", "Scenario"));
    }
    // Parquet is for programs: the survey's rows go with it, for `satlas sql` to compute from.
    let survey_rows = if export::writes_parquet(&args.out) {
        crate::report::survey_rows(&inputs).map_err(|e| CliError::msg(e.to_string()))?
    } else {
        None
    };
    let report = crate::report::Report::build(&analysis, plan.as_ref(), &params, &findings, &inputs, lang)
        .map_err(|e| CliError::msg(e.to_string()))?;
    let mut tables = report.tables();
    if let Some(frame) = &survey_rows {
        tables.push(export::NamedTable {
            key: crate::model::Sheet::Survey,
            frame,
        });
    }
    let comparison = if scenarios.is_empty() {
        Vec::new()
    } else {
        progress(lang, "测算各方案", "computing the scenarios", started);
        compared((&analysis, &params), &inputs, &scenarios, lang)?.sheets
    };
    tables.extend(
        comparison
            .iter()
            .map(|(key, frame)| crate::export::NamedTable { key: *key, frame }),
    );
    if let Some((frame, _)) = &projection {
        tables.push(crate::export::NamedTable {
            key: crate::model::Sheet::Projection,
            frame,
        });
    }
    if with_plan {
        tables.retain(|t| t.key.is_plan_part());
    }
    progress(
        lang,
        &format!("写出报告：{}", args.out.display()),
        &format!("writing the report: {}", args.out.display()),
        started,
    );
    let written =
        export::write_report(&args.out, &tables, lang, &inputs.paths()).map_err(|e| CliError::msg(e.message(lang)))?;
    print_findings(&findings, lang);
    print_overview(&analysis, params.method, lang);
    for w in written {
        out!("{}", w.display());
    }
    progress(lang, "完成", "done", started);
    Ok(())
}

fn print_findings(findings: &[Finding], lang: Lang) {
    // A round of returns says first who returned and whom to chase.
    if let Some(f) = findings.iter().find(|f| f.code == "returns") {
        say!("{}", f.line(lang));
    }
    let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    let warnings = findings.iter().filter(|f| f.severity == Severity::Warning).count();
    // Errors, then what makes figures unknown or mixed, then the rest, each in file order.
    let mut said: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity != Severity::Info && f.code != "returns")
        .collect();
    said.sort_by_key(|f| (f.severity != Severity::Error, !f.touches_figures()));
    for f in said.into_iter().take(30) {
        say!("{}", f.line(lang));
    }
    let more = errors + warnings;
    if more > 30 {
        match lang {
            Lang::Zh => say!("……另有 {} 条，见报告“发现问题”表。", more - 30),
            Lang::En => say!("... {} more in the report's Findings sheet.", more - 30),
        }
    }
    match lang {
        Lang::Zh => say!("错误 {errors} 条，警告 {warnings} 条。"),
        Lang::En => say!("{errors} errors, {warnings} warnings."),
    }
}

fn print_overview(a: &Analysis, method: crate::model::WorkloadMethod, lang: Lang) {
    let rows = match analysis::Rows::new(&a.summary) {
        Ok(r) => r,
        Err(_) => return,
    };
    // Which workload the figures rest on comes first: it changes every figure below.
    out!("{}: {}", lang.pick("工作量来源", "Workload from"), method.label(lang));
    for i in 0..rows.height() {
        let metric = rows.str(crate::model::col::METRIC, i).unwrap_or("");
        if metric.starts_with("band:") || metric.starts_with("flag:") {
            continue;
        }
        let value = rows.f64(crate::model::col::VALUE, i);
        let label = crate::report::metric_label(metric, lang);
        match value {
            Some(v) if v.fract() == 0.0 => out!("{label}: {v:.0}"),
            Some(v) => out!("{label}: {v:.3}"),
            None => out!("{label}: —"),
        }
    }
}

/// `brief`: analyse, plan, and write the briefing folder; with several scenarios, their
/// comparison too.
pub fn run_brief(args: &BriefArgs) -> Result<(), CliError> {
    let started = Instant::now();
    let a = &args.analyze;
    let lang =
        Lang::parse(&a.lang).ok_or_else(|| CliError::msg(format!("--lang must be zh or en, got '{}'", a.lang)))?;
    let Prepared {
        params,
        inputs,
        scenarios,
        projection,
        files,
        ..
    } = prepared(a, lang, started)?;
    progress(lang, "计算指标", "computing indicators", started);
    let analysis = analysis::analyze(&inputs, &params).map_err(|e| CliError::msg(e.to_string()))?;
    progress(lang, "测算编制调整方案", "planning the reallocation", started);
    let plan = match crate::plan::plan(&analysis.unit_types, &params) {
        Ok(p) => Some(p),
        Err(e) => {
            say!("{e}");
            None
        }
    };
    let comparison = if scenarios.is_empty() {
        None
    } else {
        progress(lang, "测算各方案", "computing the scenarios", started);
        Some(compared((&analysis, &params), &inputs, &scenarios, lang)?)
    };
    progress(
        lang,
        &format!("写出汇报材料：{}", a.out.display()),
        &format!("writing the briefing: {}", a.out.display()),
        started,
    );
    let size = crate::charts::PngSize {
        width: args.width,
        scale: args.scale,
    };
    let source = crate::charts::Source::new(inputs.paths());
    // A projection comes from the lone scenario laid on the run.
    let projections: Vec<_> = projection
        .into_iter()
        .map(|(t, y)| (files.first().map(|(n, _)| n.clone()).unwrap_or_default(), t, y))
        .collect();
    let figures = crate::charts::briefing::Figures {
        analysis: &analysis,
        plan: plan.as_ref(),
        params: &params,
        what_if: crate::charts::briefing::WhatIf {
            comparison: comparison.as_ref(),
            projections: &projections,
            files: &files,
        },
    };
    let written =
        crate::charts::briefing(&a.out, &figures, lang, size, &source).map_err(|e| CliError::msg(e.message(lang)))?;
    for w in written {
        out!("{}", w.display());
    }
    progress(lang, "完成", "done", started);
    Ok(())
}

pub fn run_generate(args: &GenerateArgs) -> Result<(), CliError> {
    use crate::generate::{self, Format, SyntheticSpec};
    let started = Instant::now();
    let mut formats = Vec::new();
    for f in args.formats.split(',').map(str::trim).filter(|f| !f.is_empty()) {
        formats.push(match f {
            "xlsx" => Format::Xlsx,
            "csv" => Format::Csv,
            "gbk" => Format::CsvGbk,
            other => return Err(CliError::msg(format!("unknown format '{other}': use xlsx, csv or gbk"))),
        });
    }
    std::fs::create_dir_all(&args.out).map_err(|e| CliError::msg(format!("{}: {e}", args.out.display())))?;
    let district = if args.sample {
        generate::sample_district()
    } else {
        progress(
            Lang::En,
            "生成模拟数据",
            &format!(
                "generating {} units × {} people × {} tasks",
                args.units, args.people_per_unit, args.tasks_per_person
            ),
            started,
        );
        generate::synthetic(&SyntheticSpec {
            units: args.units,
            people_per_unit: args.people_per_unit,
            tasks_per_person: args.tasks_per_person,
            seed: args.seed,
        })
    };
    out!("{}", generate::district_summary(&district));
    let mut written = generate::write_district(&district, &args.out, &formats)
        .map_err(|e| CliError::msg(format!("{}: {e}", args.out.display())))?;
    if args.returns {
        let year = district.survey.iter().map(|r| r.year).max().unwrap_or(2025);
        let opts = crate::template::TemplateOptions {
            lang: Lang::Zh,
            year,
            deadline: None,
            contact: None,
        };
        let forms = generate::returned_forms(&district, year);
        let dir = args.out.join("returns");
        crate::template::write_per_unit(&dir, &forms, &[], &opts).map_err(|e| CliError::msg(e.to_string()))?;
        written.push(dir);
    }
    for w in written {
        out!("{}", w.display());
    }
    progress(Lang::En, "完成", "done", started);
    Ok(())
}

// After the macros, which they use.
mod sql;
mod template;

//! `sql`: the core indicators as SQL for DuckDB or Spark, over a parquet report.

use super::{CliError, load_params};
use crate::model::Lang;
use crate::sql::{Dialect, Keys, Tables};
use clap::{Args, ValueEnum};
use std::path::{Path, PathBuf};

#[derive(Args, Debug, Clone)]
pub struct SqlArgs {
    /// The report `satlas analyze --out x.parquet` wrote: its units table; the unit × quota
    /// type table and the survey's rows are read beside it (x_unit_types.parquet,
    /// x_survey.parquet). A glob or a folder when several reports are read as one.
    #[arg(long)]
    pub parquet: PathBuf,
    /// The unit × quota type table, where it is not beside --parquet (a folder for Spark).
    #[arg(long)]
    pub unit_types: Option<String>,
    /// The survey's rows, where they are not beside --parquet (a folder for Spark).
    #[arg(long)]
    pub survey: Option<String>,
    /// A partition column (`district` of `district=青川区/`) that, with the unit's name, tells
    /// units apart when several offices' reports are read as one (repeatable).
    #[arg(long = "partition-by", value_name = "COLUMN")]
    pub partition_by: Vec<String>,
    /// The engine the tables are bound for; the statements are the same.
    #[arg(long, value_enum, default_value_t = DialectArg::Duckdb)]
    pub dialect: DialectArg,
    /// Parameters (TOML), the file `analyze --config` read; defaults when absent.
    #[arg(long = "config", visible_alias = "params")]
    pub config: Option<PathBuf>,
    /// Language of messages: zh (default) or en.
    #[arg(long, default_value = "zh")]
    pub lang: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DialectArg {
    Duckdb,
    Spark,
}

/// Print the statements on standard output. A table missing beside the report refuses a DuckDB
/// script, naming it; for Spark (whose paths may be the cluster's) it is said on standard error.
pub fn run_sql(args: &SqlArgs) -> Result<(), CliError> {
    let lang = Lang::parse(&args.lang)
        .ok_or_else(|| CliError::msg(format!("--lang must be zh or en, got '{}'", args.lang)))?;
    let params = load_params(args.config.as_deref(), lang)?;
    let dialect = match args.dialect {
        DialectArg::Duckdb => Dialect::DuckDb,
        DialectArg::Spark => Dialect::Spark,
    };
    let mut tables = Tables::beside(&args.parquet);
    if let Some(p) = &args.unit_types {
        tables.unit_types = p.clone();
    }
    if let Some(p) = &args.survey {
        tables.survey = p.clone();
    }
    let said = |e: crate::sql::SqlError| CliError::msg(e.message(lang));
    let keys = Keys::new(&args.partition_by).map_err(said)?;
    let script = crate::sql::script(&params, &tables, dialect, &keys).map_err(said)?;
    // A glob or a remote path is the engine's to find.
    let local = |p: &str| !p.contains(['*', '?', '[']) && !p.contains("://");
    let missing: Vec<&String> = [&tables.units, &tables.unit_types, &tables.survey]
        .into_iter()
        .filter(|p| local(p) && !std::path::Path::new(p.as_str()).exists())
        .collect();
    if !missing.is_empty() {
        let list = missing
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", "));
        let (zh, en) = (
            format!("{list} 不存在：这些表由 satlas analyze --survey … --out *.parquet 写出"),
            format!("{list} does not exist: satlas analyze --survey … --out *.parquet writes these tables"),
        );
        // DuckDB runs here, on these files: a script that cannot bind them is not printed.
        // Spark's paths may be the cluster's, so there it is a note.
        if dialect == Dialect::DuckDb {
            return Err(CliError::msg(
                lang.pick(format!("无法生成 SQL：{zh}。"), format!("No SQL written: {en}.")),
            ));
        }
        crate::say!("{}", lang.pick(format!("注意：{zh}。"), format!("Note: {en}.")));
    }
    // Figures that rest on a column read on a guess say so where the script is read and run.
    let guesses = read_on_a_guess(&args.parquet);
    if !guesses.is_empty() {
        let list = guesses.join(lang.pick("；", "; "));
        crate::say!(
            "{}",
            lang.pick(
                format!("注意：以下字段按推测读取，依据它们的数字需核实：{list}"),
                format!("Note: these fields were read on a guess; the figures resting on them need checking: {list}"),
            )
        );
        out!("-- Read on a guess (the read receipt beside the report marks them): {list}");
    }
    out!("{script}");
    Ok(())
}

/// The fields the report's files were read with on a guess, as "file: field", from the read
/// receipt written beside the report; none when there is no receipt here.
fn read_on_a_guess(parquet: &Path) -> Vec<String> {
    use polars::prelude::{ParquetReader, SerReader};
    let stem = parquet.file_stem().unwrap_or_default().to_string_lossy();
    let receipt = parquet.with_file_name(format!("{stem}_{}.parquet", crate::model::Sheet::Receipt.code()));
    let Ok(frame) = std::fs::File::open(receipt).map(ParquetReader::new).map(|r| r.finish()) else {
        return Vec::new();
    };
    // Its columns by place: their names are in the report's language. File, item, … check.
    let Some(columns) = frame.ok().map(|f| f.columns().to_vec()).filter(|c| c.len() == 7) else {
        return Vec::new();
    };
    let (Ok(files), Ok(items), Ok(checks)) = (columns[0].str(), columns[1].str(), columns[6].str()) else {
        return Vec::new();
    };
    files
        .iter()
        .zip(items.iter())
        .zip(checks.iter())
        .filter(|(_, check)| check.is_some_and(|c| !c.is_empty()))
        .map(|((file, item), _)| format!("{}: {}", file.unwrap_or(""), item.unwrap_or("")))
        .collect()
}

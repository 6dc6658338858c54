//! The statements that bind the parquet tables to the views the rest reads: the only words
//! that differ between DuckDB and Spark.

use super::{Dialect, Tables};

/// One view per table, named as the statements read them; `partitioned`, their folders'
/// `key=value` names read as columns (Spark finds them itself).
pub(super) fn tables(tables: &Tables, dialect: Dialect, partitioned: bool) -> String {
    let how = match dialect {
        Dialect::DuckDb => "-- The tables, bound for DuckDB (a path may be a glob: '/data/survey/*.parquet').\n",
        Dialect::Spark => {
            "-- The tables, bound for Spark SQL (a path may be a folder of parquet files, its\n\
             -- partitions (year=2025/) found by partition discovery).\n"
        }
    };
    let mut out = how.to_owned();
    for (view, path) in [
        ("satlas_survey", &tables.survey),
        ("satlas_unit_types", &tables.unit_types),
        ("satlas_units", &tables.units),
    ] {
        let path = quoted(path, dialect);
        let hive = if partitioned { ", hive_partitioning = true" } else { "" };
        out.push_str(&match dialect {
            Dialect::DuckDb => {
                format!("CREATE OR REPLACE TEMPORARY VIEW {view} AS SELECT * FROM read_parquet({path}{hive});\n")
            }
            Dialect::Spark => format!("CREATE OR REPLACE TEMPORARY VIEW {view} USING parquet OPTIONS (path {path});\n"),
        });
    }
    out
}

/// A path as a string literal: DuckDB doubles a quote, Spark escapes with a backslash (and so
/// reads a Windows path's backslashes as escapes unless they are doubled).
fn quoted(path: &str, dialect: Dialect) -> String {
    let inner = match dialect {
        Dialect::DuckDb => path.replace('\'', "''"),
        Dialect::Spark => path.replace('\\', "\\\\").replace('\'', "\\'"),
    };
    format!("'{inner}'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_backslashes_survive_each_dialect() {
        assert_eq!(quoted(r"C:\d\it's.parquet", Dialect::DuckDb), r"'C:\d\it''s.parquet'");
        assert_eq!(quoted(r"C:\d\it's.parquet", Dialect::Spark), r"'C:\\d\\it\'s.parquet'");
    }
}

//! Parquet, the form a province's data warehouse exports a survey too large for a workbook:
//! its columns become a grid like any sheet's (the column names the header row), so the
//! header, the fields, the totals and every finding are read as they are in a workbook.

use super::grid::{Cell, Grid, GridBuilder};
use crate::findings::{Finding, Location};
use polars::prelude::*;
use std::io::Cursor;

/// Parquet starts and ends with these four bytes.
const MAGIC: &[u8] = b"PAR1";

/// Integers up to this size are exact as numbers; larger ones (identity numbers, codes) are
/// read as the digits they are.
const EXACT_INTEGER: i64 = 1 << 53;

/// Whether `bytes` are a parquet file.
pub fn is_parquet(bytes: &[u8]) -> bool {
    bytes.len() >= 2 * MAGIC.len() + 4 && bytes.starts_with(MAGIC) && bytes.ends_with(MAGIC)
}

/// The grid of a parquet file: row 0 the column names, a row per record below.
pub fn grid(bytes: Vec<u8>, file: &str) -> Result<Grid, Finding> {
    let frame = ParquetReader::new(Cursor::new(bytes))
        .finish()
        .map_err(|e| unreadable(file, &e.to_string()))?;
    let columns: Vec<Values> = frame
        .columns()
        .iter()
        .map(|c| Values::of(c.as_materialized_series()).map_err(|why| unreadable_column(file, c.name(), &why)))
        .collect::<Result<_, _>>()?;
    let mut cells: Vec<Cells> = columns.iter().map(Values::cells).collect();
    let text_bytes: usize = columns.iter().map(Values::text_bytes).sum();
    let names: usize = frame.get_column_names().iter().map(|n| n.len()).sum();
    let mut b = GridBuilder::with_capacity(frame.width() * (frame.height() + 1), frame.height() + 1);
    b.reserve_text(text_bytes + names);
    for (c, name) in frame.get_column_names().iter().enumerate() {
        // Rows and columns come in order: this cannot fail.
        let _ = b.push(0, c, Cell::Text(name.as_str()));
    }
    for row in 1..=frame.height() {
        for (c, column) in cells.iter_mut().enumerate() {
            let _ = b.push(row, c, column.next().flatten().unwrap_or(Cell::Empty));
        }
        if row % 65_536 == 0 && b.too_large() {
            return Err(too_large(file));
        }
    }
    b.at_least(frame.height() + 1, frame.width());
    if b.too_large() {
        return Err(too_large(file));
    }
    Ok(b.finish(Vec::new()))
}

/// A column's values in the grid's terms: text, numbers or yes/no.
enum Values {
    Text(StringChunked),
    Number(Float64Chunked),
    Bool(BooleanChunked),
}

/// A column's cells, row by row; `None` where the value is null.
type Cells<'a> = Box<dyn Iterator<Item = Option<Cell<'a>>> + 'a>;

impl Values {
    /// The values of `column`, or why it cannot be a column of a table.
    fn of(column: &Series) -> Result<Values, String> {
        let dtype = column.dtype();
        let as_text = || -> Result<Values, String> {
            let text = column.cast(&DataType::String).map_err(|e| e.to_string())?;
            Ok(Values::Text(
                text.str().map_err(|e| e.to_string())?.rechunk().into_owned(),
            ))
        };
        match dtype {
            DataType::Boolean => Ok(Values::Bool(column.bool().map_err(|e| e.to_string())?.clone())),
            DataType::Float64 => Ok(Values::Number(column.f64().map_err(|e| e.to_string())?.clone())),
            // A 32-bit float keeps the decimal it was written as (0.1, not 0.10000000149).
            DataType::Float32 => {
                let narrow = column.f32().map_err(|e| e.to_string())?;
                let decimal = |v: f32| v.to_string().parse::<f64>().unwrap_or(f64::NAN);
                Ok(Values::Number(Float64Chunked::from_iter_options(
                    column.name().clone(),
                    narrow.iter().map(|v| v.map(decimal)),
                )))
            }
            d if d.is_integer() => {
                let exact = if *d == DataType::UInt64 {
                    let wide = column.u64().map_err(|e| e.to_string())?;
                    wide.iter().flatten().all(|v| v <= EXACT_INTEGER as u64)
                } else {
                    let wide = column.cast(&DataType::Int64).map_err(|e| e.to_string())?;
                    let wide = wide.i64().map_err(|e| e.to_string())?;
                    wide.iter().flatten().all(|v| v.unsigned_abs() <= EXACT_INTEGER as u64)
                };
                if exact {
                    let numbers = column.cast(&DataType::Float64).map_err(|e| e.to_string())?;
                    Ok(Values::Number(numbers.f64().map_err(|e| e.to_string())?.clone()))
                } else {
                    as_text()
                }
            }
            d if d.is_nested() => Err(format!("{d}")),
            _ => as_text(),
        }
    }

    fn cells(&self) -> Cells<'_> {
        match self {
            // An empty text is an empty cell, as in a csv.
            Values::Text(t) => Box::new(t.iter().map(|v| v.filter(|s| !s.is_empty()).map(Cell::Text))),
            Values::Number(n) => Box::new(n.iter().map(|v| v.map(Cell::Number))),
            Values::Bool(b) => Box::new(b.iter().map(|v| v.map(Cell::Bool))),
        }
    }

    /// The bytes of text the column puts in the grid.
    fn text_bytes(&self) -> usize {
        match self {
            Values::Text(t) => t.iter().flatten().map(str::len).sum(),
            _ => 0,
        }
    }
}

fn unreadable(file: &str, why: &str) -> Finding {
    Finding::error(
        "unreadable",
        Location::file(file),
        format!("Parquet 文件无法读取（{why}）。"),
        format!("The parquet file cannot be read ({why})."),
    )
}

fn unreadable_column(file: &str, column: &str, dtype: &str) -> Finding {
    Finding::error(
        "unreadable",
        Location::file(file).with_column(column.to_owned()),
        format!("Parquet 文件的“{column}”列是嵌套的 {dtype} 类型，不是表格的一列：请导出为平铺的列。"),
        format!(
            "Column '{column}' of the parquet file holds nested {dtype} values, not a table's column: export it as flat columns."
        ),
    )
}

fn too_large(file: &str) -> Finding {
    Finding::error(
        "unreadable",
        Location::file(file),
        "表格太大，无法读取（文字内容超过 4 GB）。",
        "The table is too large to read (more than 4 GB of text).",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(frame: &mut DataFrame) -> Vec<u8> {
        let mut bytes = Vec::new();
        ParquetWriter::new(&mut bytes).finish(frame).unwrap();
        bytes
    }

    fn cells(g: &Grid) -> Vec<Vec<String>> {
        (0..g.height())
            .map(|r| (0..g.width()).map(|c| g.raw(r, c).display()).collect())
            .collect()
    }

    #[test]
    fn columns_become_a_grid_under_their_names() {
        let mut frame = df!(
            "填报单位" => [Some("财政局"), None, Some("")],
            "每次用时（小时）" => [Some(1.5), Some(0.25), None],
            "年度" => [2025i32, 2025, 2024],
            "是否兼职" => [true, false, true],
        )
        .unwrap();
        let bytes = written(&mut frame);
        assert!(is_parquet(&bytes));
        let g = grid(bytes, "调查.parquet").unwrap();
        assert_eq!(
            cells(&g),
            [
                ["填报单位", "每次用时（小时）", "年度", "是否兼职"],
                ["财政局", "1.5", "2025", "true"],
                ["", "0.25", "2025", "false"],
                ["", "", "2024", "true"],
            ]
        );
        assert_eq!(g.raw(1, 2), Cell::Number(2025.0));
        assert_eq!(g.raw(3, 0), Cell::Empty);
    }

    #[test]
    fn numbers_keep_the_value_written() {
        let mut frame = df!(
            "f32" => [0.1f32, 2.5],
            "id" => [110_101_199_001_011_234i64, 7],
            "small" => [3u32, 250],
        )
        .unwrap();
        let g = grid(written(&mut frame), "x.parquet").unwrap();
        assert_eq!(g.raw(1, 0), Cell::Number(0.1));
        // An identity number does not fit a float: read as its digits, every one.
        assert_eq!(g.raw(1, 1), Cell::Text("110101199001011234"));
        assert_eq!(g.raw(2, 1), Cell::Text("7"));
        assert_eq!(g.raw(2, 2), Cell::Number(250.0));
    }

    #[test]
    fn damaged_and_nested_files_say_why() {
        let mut frame = df!("单位" => ["财政局"]).unwrap();
        let mut bytes = written(&mut frame);
        let mid = bytes.len() / 2;
        bytes[8..mid].fill(0);
        let f = grid(bytes, "坏.parquet").err().expect("a damaged file is refused");
        assert_eq!(f.code, "unreadable");
        assert!(f.en.contains("parquet"), "{}", f.en);

        let list = Series::new("人员".into(), [Series::new("".into(), ["张三", "李四"])]);
        let mut nested = DataFrame::new(1, vec![list.into_column()]).unwrap();
        let f = grid(written(&mut nested), "嵌套.parquet")
            .err()
            .expect("a nested column is refused");
        assert!(f.zh.contains("人员"), "{}", f.zh);
    }

    #[test]
    fn only_parquet_is_taken_for_parquet() {
        assert!(!is_parquet(b"PAR1"));
        assert!(!is_parquet("单位,人数\nPAR1".as_bytes()));
        assert!(is_parquet(b"PAR1\0\0\0\0\0\0\0\0PAR1"));
    }
}

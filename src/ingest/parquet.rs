//! Parquet, the form a province's data warehouse exports a survey too large for a workbook:
//! its columns become a grid like any sheet's (the column names the header row), so the
//! header, the fields, the totals and every finding are read as they are in a workbook.

use super::file_columns::{ColumnValues as Values, FileColumns};
use super::grid::Grid;
use super::source::unusable;
use crate::findings::{Finding, Location};
use polars::prelude::*;
use std::io::Cursor;

/// Parquet starts and ends with these four bytes.
const MAGIC: &[u8] = b"PAR1";
/// An encrypted parquet file ends with these.
const ENCRYPTED: &[u8] = b"PARE";

/// Integers up to this size are exact as numbers. A column holding a larger one (identity
/// numbers, codes) is read as text, each value its digits.
const EXACT_INTEGER: i64 = 1 << 53;

/// Whether `bytes` are a parquet file, whole or not.
pub fn is_parquet(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// The grid of a parquet file: row 0 the column names, a row per record below.
pub fn grid(bytes: Vec<u8>, file: &str) -> Result<Grid, Finding> {
    if bytes.ends_with(ENCRYPTED) {
        return Err(unusable(
            file,
            "加密的 Parquet 文件无法读取：请导出未加密的文件。".into(),
            "An encrypted parquet file cannot be read: export it unencrypted.".into(),
        ));
    }
    if bytes.len() < 2 * MAGIC.len() + 4 || !bytes.ends_with(MAGIC) {
        return Err(unusable(
            file,
            "Parquet 文件不完整（文件末尾缺失）：可能下载或复制时中断；请找回完整的文件。".into(),
            "The parquet file is incomplete (its end is missing): downloading or copying was probably interrupted; find the whole file.".into(),
        ));
    }
    let mut reader = ParquetReader::new(Cursor::new(bytes));
    // Types this build cannot hold are refused before reading, with the column named.
    let schema = reader.schema().map_err(|e| unreadable(file, &e.to_string()))?;
    if let Some(field) = schema.iter_values().find(|f| !readable(&f.dtype)) {
        return Err(unsupported(file, &field.name, &field.dtype));
    }
    let frame = reader.finish().map_err(|e| unreadable(file, &e.to_string()))?;
    let (rows, names): (usize, Vec<String>) = (
        frame.height(),
        frame.get_column_names().iter().map(|n| n.to_string()).collect(),
    );
    // Each column read is let go once its values are taken.
    let mut columns = Vec::with_capacity(names.len());
    for column in frame.into_columns() {
        let taken = values(column.as_materialized_series());
        columns.push(taken.map_err(|why| not_text(file, column.name(), &why))?);
    }
    // A parquet frame's columns agree in length with it and with its names.
    let columns =
        FileColumns::new(names, columns, rows).ok_or_else(|| unreadable(file, "columns of unequal length"))?;
    Ok(Grid::over_columns(columns))
}

/// Whether a column of arrow type `dtype` can be read in this build: flat numbers, text,
/// yes/no, dates and times. Decimals, categories, 8- and 16-bit integers and nested values
/// cannot.
fn readable(dtype: &ArrowDataType) -> bool {
    use ArrowDataType as A;
    matches!(
        dtype,
        A::Null
            | A::Boolean
            | A::Int32
            | A::Int64
            | A::UInt32
            | A::UInt64
            | A::Float32
            | A::Float64
            | A::Utf8
            | A::LargeUtf8
            | A::Utf8View
            | A::Binary
            | A::LargeBinary
            | A::BinaryView
            | A::Date32
            | A::Date64
            | A::Timestamp(..)
            | A::Duration(..)
    )
}

/// The values of `column` in the grid's terms (text, numbers or yes/no), or why they cannot
/// be read as text.
fn values(column: &Series) -> Result<Values, String> {
    let as_text = || -> Result<Values, String> {
        let text = column.cast(&DataType::String).map_err(|e| e.to_string())?;
        Ok(Values::Text(one_array(text.str().map_err(|e| e.to_string())?)))
    };
    match column.dtype() {
        DataType::Boolean => Ok(Values::Bool(one_array(column.bool().map_err(|e| e.to_string())?))),
        DataType::Float64 => Ok(Values::Number(one_array(column.f64().map_err(|e| e.to_string())?))),
        // A 32-bit float keeps the decimal it was written as (0.1, not 0.10000000149).
        DataType::Float32 => {
            let narrow = column.f32().map_err(|e| e.to_string())?;
            let decimal = |v: f32| v.to_string().parse::<f64>().unwrap_or(f64::NAN);
            let wide = Float64Chunked::from_iter_options(column.name().clone(), narrow.iter().map(|v| v.map(decimal)));
            Ok(Values::Number(one_array(&wide)))
        }
        d if d.is_integer() && exact_integers(column)? => {
            let numbers = column.cast(&DataType::Float64).map_err(|e| e.to_string())?;
            Ok(Values::Number(one_array(numbers.f64().map_err(|e| e.to_string())?)))
        }
        _ => as_text(),
    }
}

/// The column's values as one array (the grid looks a row up by its place): a file's row
/// groups, read as chunks, are joined.
fn one_array<T: PolarsDataType>(column: &ChunkedArray<T>) -> T::Array
where
    T::Array: Clone,
{
    column.rechunk().downcast_as_array().clone()
}

/// Whether every integer of `column` is exact as a number.
fn exact_integers(column: &Series) -> Result<bool, String> {
    if column.dtype() == &DataType::UInt64 {
        let wide = column.u64().map_err(|e| e.to_string())?;
        return Ok(wide.iter().flatten().all(|v| v <= EXACT_INTEGER as u64));
    }
    let wide = column.cast(&DataType::Int64).map_err(|e| e.to_string())?;
    let wide = wide.i64().map_err(|e| e.to_string())?;
    Ok(wide.iter().flatten().all(|v| v.unsigned_abs() <= EXACT_INTEGER as u64))
}

/// The parquet reader failed on the file.
fn unreadable(file: &str, why: &str) -> Finding {
    unusable(
        file,
        format!("Parquet 文件无法读取，可能已损坏（{why}）。"),
        format!("The parquet file cannot be read; it may be damaged ({why})."),
    )
}

/// A column of a type this build cannot read.
fn unsupported(file: &str, column: &str, dtype: &ArrowDataType) -> Finding {
    Finding::error(
        "unreadable",
        Location::file(file).with_column(column.to_owned()),
        format!(
            "Parquet 文件的“{column}”列是 {dtype:?} 类型，无法读取：请导出时把该列存为数字（DOUBLE、BIGINT）或文本。"
        ),
        format!(
            "Column '{column}' of the parquet file is of type {dtype:?}, which cannot be read: export it as numbers (DOUBLE, BIGINT) or text."
        ),
    )
}

/// A column whose values cannot be read as text (bytes that are not UTF-8).
fn not_text(file: &str, column: &str, why: &str) -> Finding {
    Finding::error(
        "unreadable",
        Location::file(file).with_column(column.to_owned()),
        format!("Parquet 文件的“{column}”列无法读作文字（{why}）：请导出为 UTF-8 文本。"),
        format!("Column '{column}' of the parquet file cannot be read as text ({why}): export it as UTF-8 text."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::grid::Cell;

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
    fn row_groups_read_as_one_table() {
        let mut frame = df!(
            "" => [Some("甲"), Some("乙"), None, Some(""), Some("戊")],
            "人数" => [Some(1.0), None, Some(3.0), Some(4.0), Some(5.0)],
            "兼职" => [Some(true), None, Some(false), Some(true), None],
        )
        .unwrap();
        let mut bytes = Vec::new();
        ParquetWriter::new(&mut bytes)
            .with_row_group_size(Some(2))
            .finish(&mut frame)
            .unwrap();
        let g = grid(bytes, "分组.parquet").unwrap();
        assert_eq!((g.height(), g.width()), (6, 3));
        assert_eq!(
            cells(&g),
            [
                ["", "人数", "兼职"],
                ["甲", "1", "true"],
                ["乙", "", ""],
                ["", "3", "false"],
                ["", "4", "true"],
                ["戊", "5", ""],
            ]
        );
        assert_eq!(g.raw(0, 0), Cell::Empty);
        assert_eq!(g.raw(2, 2), Cell::Empty);
        assert_eq!(g.raw(6, 0), Cell::Empty);
    }

    #[test]
    fn a_table_without_rows_is_its_names_alone() {
        let mut frame = df!("单位" => Vec::<String>::new(), "人数" => Vec::<f64>::new()).unwrap();
        let g = grid(written(&mut frame), "空表.parquet").unwrap();
        assert_eq!((g.height(), g.width()), (1, 2));
        assert_eq!(g.raw(0, 1), Cell::Text("人数"));
        assert_eq!(g.raw(1, 0), Cell::Empty);
        assert_eq!(g.raw(0, 2), Cell::Empty);
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
    fn damaged_incomplete_and_unreadable_files_say_why() {
        let mut frame = df!("单位" => ["财政局"]).unwrap();
        let whole = written(&mut frame);
        let mut damaged = whole.clone();
        let mid = damaged.len() / 2;
        damaged[8..mid].fill(0);
        let f = grid(damaged, "坏.parquet").err().expect("a damaged file is refused");
        assert!(f.en.contains("may be damaged"), "{}", f.en);

        let cut = whole[..whole.len() - 10].to_vec();
        let f = grid(cut, "半截.parquet").err().expect("an incomplete file is refused");
        assert!(f.zh.contains("不完整"), "{}", f.zh);
        let f = grid(b"PAR1".to_vec(), "空.parquet")
            .err()
            .expect("a bare magic is refused");
        assert!(f.zh.contains("不完整"), "{}", f.zh);

        let list = Series::new("人员".into(), [Series::new("".into(), ["张三", "李四"])]);
        let mut nested = DataFrame::new(1, vec![list.into_column()]).unwrap();
        let f = grid(written(&mut nested), "嵌套.parquet")
            .err()
            .expect("a nested column is refused");
        assert_eq!(f.location.column.as_deref(), Some("人员"));
        assert!(f.zh.contains("人员"), "{}", f.zh);
    }

    #[test]
    fn types_this_build_cannot_hold_are_refused_before_reading() {
        use ArrowDataType as A;
        for dtype in [A::Decimal(10, 2), A::Int8, A::UInt16, A::Float16] {
            assert!(!readable(&dtype), "{dtype:?}");
        }
        for dtype in [A::Int64, A::Float64, A::Utf8View, A::Date32, A::Null] {
            assert!(readable(&dtype), "{dtype:?}");
        }
    }

    #[test]
    fn only_parquet_is_taken_for_parquet() {
        assert!(!is_parquet("单位,人数\nPAR1".as_bytes()));
        assert!(is_parquet(b"PAR1\0\0\0\0\0\0\0\0PAR1"));
    }
}

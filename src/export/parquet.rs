//! parquet: for other programs, so canonical column names, raw codes and the frame's own types.

use polars::prelude::*;
use std::io::Write;

pub fn write<W: Write>(out: W, frame: &DataFrame) -> PolarsResult<()> {
    ParquetWriter::new(out).finish(&mut frame.clone())?;
    Ok(())
}

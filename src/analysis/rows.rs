//! Reading single values out of a small frame (a few thousand units at most), to word findings
//! and to decide each unit's flags.

use polars::prelude::*;
use std::collections::HashMap;

/// Typed access to a frame's columns by name and row index.
pub struct Rows<'a> {
    frame: &'a DataFrame,
    strs: HashMap<String, StringChunked>,
    f64s: HashMap<String, Float64Chunked>,
}

impl<'a> Rows<'a> {
    pub fn new(frame: &'a DataFrame) -> PolarsResult<Rows<'a>> {
        let mut strs = HashMap::new();
        let mut f64s = HashMap::new();
        for c in frame.columns() {
            let name = c.name().to_string();
            match c.dtype() {
                DataType::String => {
                    strs.insert(name, c.str()?.clone());
                }
                dt if dt.is_primitive_numeric() => {
                    f64s.insert(name, c.cast(&DataType::Float64)?.f64()?.clone());
                }
                DataType::Boolean => {
                    f64s.insert(name, c.cast(&DataType::Float64)?.f64()?.clone());
                }
                _ => {}
            }
        }
        Ok(Rows { frame, strs, f64s })
    }

    /// Whether the frame has column `name` (for a column only some frames carry).
    pub fn has(&self, name: &str) -> bool {
        self.frame.column(name).is_ok()
    }

    pub fn height(&self) -> usize {
        self.frame.height()
    }

    /// The text in column `name` at row `i`. A name the frame lacks is a misspelling, not a
    /// missing value: tests catch it (a debug assertion).
    pub fn str(&self, name: &str, i: usize) -> Option<&str> {
        debug_assert!(
            self.frame.column(name).is_ok(),
            "Rows: the frame has no column '{name}'"
        );
        self.strs.get(name).and_then(|c| c.get(i))
    }

    /// The number in column `name` at row `i` (see [`Rows::str`] on names).
    pub fn f64(&self, name: &str, i: usize) -> Option<f64> {
        debug_assert!(
            self.frame.column(name).is_ok(),
            "Rows: the frame has no column '{name}'"
        );
        self.f64s.get(name).and_then(|c| c.get(i))
    }

    pub fn i64(&self, name: &str, i: usize) -> Option<i64> {
        self.f64(name, i).map(|v| v as i64)
    }

    pub fn u32(&self, name: &str, i: usize) -> Option<u32> {
        self.f64(name, i).map(|v| v as u32)
    }

    pub fn bool(&self, name: &str, i: usize) -> Option<bool> {
        self.f64(name, i).map(|v| v != 0.0)
    }
}

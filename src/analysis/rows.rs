//! Reading single values out of a small frame (a few thousand units at most), to word findings
//! and to decide each unit's flags.

use super::names::FastMap;
use polars::prelude::*;
use std::sync::OnceLock;

/// One column as read: text, a number (integers and booleans as f64), or neither.
enum Typed {
    Str(StringChunked),
    Num(Float64Chunked),
    Other,
}

impl Typed {
    fn of(c: &Column) -> Typed {
        // Each column in one chunk: views read every cell of a few thousand rows this way.
        let read = || -> PolarsResult<Typed> {
            Ok(match c.dtype() {
                DataType::String => Typed::Str(c.str()?.rechunk().into_owned()),
                dt if dt.is_primitive_numeric() || dt == &DataType::Boolean => {
                    Typed::Num(c.cast(&DataType::Float64)?.f64()?.rechunk().into_owned())
                }
                _ => Typed::Other,
            })
        };
        read().unwrap_or(Typed::Other)
    }
}

/// Typed access to a frame's columns by name and row index. A column is read when first
/// asked for: most readers look at a few columns of a wide frame.
pub struct Rows<'a> {
    frame: &'a DataFrame,
    at: FastMap<&'a str, usize>,
    typed: Vec<OnceLock<Typed>>,
}

impl<'a> Rows<'a> {
    pub fn new(frame: &'a DataFrame) -> PolarsResult<Rows<'a>> {
        let at = frame
            .columns()
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name().as_str(), i))
            .collect();
        Ok(Rows {
            frame,
            at,
            typed: (0..frame.width()).map(|_| OnceLock::new()).collect(),
        })
    }

    fn column(&self, name: &str) -> Option<&Typed> {
        let i = *self.at.get(name)?;
        Some(self.typed[i].get_or_init(|| Typed::of(&self.frame.columns()[i])))
    }

    /// Whether the frame has column `name` (for a column only some frames carry).
    pub fn has(&self, name: &str) -> bool {
        self.at.contains_key(name)
    }

    pub fn height(&self) -> usize {
        self.frame.height()
    }

    /// The text in column `name` at row `i`. A name the frame lacks is a misspelling, not a
    /// missing value: tests catch it (a debug assertion).
    pub fn str(&self, name: &str, i: usize) -> Option<&str> {
        debug_assert!(self.has(name), "Rows: the frame has no column '{name}'");
        match self.column(name)? {
            Typed::Str(c) => c.get(i),
            _ => None,
        }
    }

    /// The number in column `name` at row `i` (see [`Rows::str`] on names).
    pub fn f64(&self, name: &str, i: usize) -> Option<f64> {
        debug_assert!(self.has(name), "Rows: the frame has no column '{name}'");
        match self.column(name)? {
            Typed::Num(c) => c.get(i),
            _ => None,
        }
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

    /// Column `name`, found once, for a reader of every row: none when the frame lacks it.
    pub fn col(&self, name: &str) -> Option<Col<'_>> {
        self.column(name).map(Col)
    }
}

/// One column of [`Rows`], read by row index without finding it by name each time.
#[derive(Clone, Copy)]
pub struct Col<'r>(&'r Typed);

impl<'r> Col<'r> {
    pub fn str(self, i: usize) -> Option<&'r str> {
        match self.0 {
            Typed::Str(c) => c.get(i),
            _ => None,
        }
    }

    pub fn f64(self, i: usize) -> Option<f64> {
        match self.0 {
            Typed::Num(c) => c.get(i),
            _ => None,
        }
    }
}

//! Satlas (编制饱和度分析): duty saturation, idle positions and zero-sum quota reallocation
//! for staffing offices.
//!
//! Data flows one way: files → [`ingest`] → canonical polars tables → [`analysis`] → [`plan`]
//! → [`export`] and [`charts`]. The CLI and the desktop app (`src/launch.rs` starts either)
//! call the same functions.

// A file that cannot be used is rare and its error carries a message in two languages and
// its place in the file: returning it by value is clearer than boxing it everywhere.
#![allow(clippy::result_large_err)]

pub mod analysis;
pub mod charts;
pub mod cli;
pub mod export;
pub mod findings;
pub mod generate;
#[cfg(feature = "gui")]
pub mod gui;
pub mod i18n;
pub mod ingest;
pub mod launch;
pub mod model;
pub mod palette;
pub mod plan;
pub mod project;
pub mod report;
pub mod scenario;
pub mod sql;
pub mod template;

pub use findings::{Finding, Location, Severity, Unusable};
pub use model::{Lang, Params};

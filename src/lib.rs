//! Satlas (编制饱和度分析): duty saturation, idle positions and zero-sum quota reallocation
//! for staffing offices.
//!
//! Data flows one way: files → [`ingest`] → canonical polars tables → [`analysis`] → [`plan`]
//! → [`export`]. The CLI (`src/main.rs`) and the desktop app call the same functions.

pub mod analysis;
pub mod cli;
pub mod export;
pub mod findings;
pub mod generate;
pub mod i18n;
pub mod ingest;
pub mod model;
pub mod plan;
pub mod report;

pub use findings::{Finding, Location, Severity, Unusable};
pub use model::{Lang, Params};

//! Scenarios and what-if: the same analysis and plan under other rules, or with work moved
//! between units (职能划转, 编随事走), grown or added — and their plans side by side.

mod apply;
pub mod compare;
mod file;
mod overrides;
mod projection;
mod saved;

pub use apply::apply;
pub use file::{Change, Projection, Scenario, ScenarioError, activity_of, check, read};
pub use projection::{projection, year_column};
pub use saved::{from_table, name_activities, rebase, set_params, to_table, to_text};

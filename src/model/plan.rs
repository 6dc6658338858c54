//! The planner's parameters and the names of its tables' columns: they are saved with the
//! other parameters and labelled with the other columns, so they live with the model; the
//! planner (`crate::plan`) uses them.

use serde::{Deserialize, Serialize};

/// Apportionment method for the targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Method {
    /// Webster / Sainte-Laguë: house- and population-monotone (the default).
    #[default]
    Webster,
    /// Hamilton / largest remainder: easy to explain, but open to the Alabama paradox.
    Hamilton,
}

/// Policy switches of the planner, saved with the other parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanParams {
    pub method: Method,
    /// Quotas kept back by the office (机动编制), per quota type name; taken off the pool.
    /// A negative number releases that many posts from the office into the pool.
    pub reserve: std::collections::BTreeMap<String, i64>,
    /// A target never falls below the people already in post (only vacant quotas move).
    pub keep_incumbents: bool,
    /// A unit gives up no post its own workload needs, and receives none beyond it: its target
    /// stays between `min(approved, ⌈required⌉)` and `max(approved, ⌈required⌉)`. Posts then move
    /// only from units with more quota than work to units with more work than quota, so an
    /// overloaded unit is never asked to give. Off: pure proportional shares of the pool.
    pub protect_need: bool,
    /// A unit loses at most this share of its approved quota per round.
    pub max_loss_share: f64,
    /// A unit gains at most this share of its approved quota per round (None: no limit)...
    pub max_gain_share: Option<f64>,
    /// ...and at most this many posts (None: no limit).
    pub max_gain_count: Option<i64>,
    /// Units left out of the plan, by name.
    pub frozen_units: Vec<String>,
    /// Departments whose units are all left out of the plan.
    pub frozen_departments: Vec<String>,
    /// Priority weight of key-area (重点领域) units. A unit that is both key area and front line
    /// takes the larger of the two weights.
    pub key_area_weight: f64,
    /// Priority weight of front-line (基层一线) units.
    pub front_line_weight: f64,
}

impl Default for PlanParams {
    fn default() -> Self {
        PlanParams {
            method: Method::Webster,
            reserve: Default::default(),
            keep_incumbents: true,
            protect_need: true,
            max_loss_share: 0.2,
            max_gain_share: None,
            max_gain_count: None,
            frozen_units: Vec::new(),
            frozen_departments: Vec::new(),
            key_area_weight: 1.2,
            front_line_weight: 1.2,
        }
    }
}

/// Column names of the plan's tables (beside [`super::col`]).
pub mod col {
    // -- units --------------------------------------------------------------------------------
    pub const WEIGHT: &str = "weight";
    pub const NEED: &str = "need";
    pub const LOWER: &str = "lower";
    pub const UPPER: &str = "upper";
    pub const TARGET: &str = "target";
    pub const CHANGE: &str = "change";
    pub const BOUND: &str = "bound";
    pub const BOUND_LABEL: &str = "bound_label";
    pub const REASON: &str = "reason";
    pub const REASON_LABEL: &str = "reason_label";
    /// Required staff over the target: the quota saturation after the plan (beside
    /// `quota_saturation`, required over the approved quota).
    pub const SATURATION_AFTER: &str = "saturation_after";
    /// Vacant posts and staff over quota against the target, the staff in post unchanged
    /// (beside `vacancy` and `over_quota`, against the approved quota).
    pub const VACANCY_AFTER: &str = "vacancy_after";
    pub const OVER_QUOTA_AFTER: &str = "over_quota_after";
    /// Posts the workload needs beyond the approved quota, and beyond the target.
    pub const POSTS_SHORT: &str = "posts_short";
    pub const POSTS_SHORT_AFTER: &str = "posts_short_after";
    // -- transfers ----------------------------------------------------------------------------
    pub const FROM_UNIT: &str = "from_unit";
    pub const FROM_DEPARTMENT: &str = "from_department";
    pub const TO_UNIT: &str = "to_unit";
    pub const TO_DEPARTMENT: &str = "to_department";
    pub const POSTS: &str = "posts";
    pub const SAME_DEPARTMENT: &str = "same_department";
    pub const FROM_REASON: &str = "from_reason";
    pub const FROM_REASON_LABEL: &str = "from_reason_label";
    pub const TO_REASON: &str = "to_reason";
    pub const TO_REASON_LABEL: &str = "to_reason_label";
    // -- summary ------------------------------------------------------------------------------
    pub const UNITS_PLANNED: &str = "units_planned";
    pub const RESERVE: &str = "reserve";
    pub const POOL: &str = "pool";
    pub const MOVED: &str = "moved";
    pub const UNITS_GIVING: &str = "units_giving";
    pub const UNITS_RECEIVING: &str = "units_receiving";
    pub const NEED_MET_BEFORE: &str = "need_met_before";
    pub const NEED_MET_AFTER: &str = "need_met_after";
    pub const IMBALANCE_BEFORE: &str = "imbalance_before";
    pub const IMBALANCE_AFTER: &str = "imbalance_after";
    // -- compare ------------------------------------------------------------------------------
    pub const TARGET_A: &str = "target_a";
    pub const TARGET_B: &str = "target_b";
    pub const DIFFERENCE: &str = "difference";
}

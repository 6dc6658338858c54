//! Checking the planner's parameters before any plan is made.

use super::{PlanError, PlanParams, params_error};

/// Shares, gain counts and priority weights within their ranges, or the finding that says which.
pub(super) fn validate(p: &PlanParams) -> Result<(), PlanError> {
    let share = |name: &str, zh: &str, v: f64, max: Option<f64>| -> Result<(), PlanError> {
        let ok = v.is_finite() && v >= 0.0 && max.is_none_or(|m| v <= m);
        if ok {
            return Ok(());
        }
        let range_zh = if max.is_some() { "0 到 1 之间" } else { "不小于 0" };
        let range_en = if max.is_some() { "between 0 and 1" } else { "at least 0" };
        Err(params_error(
            format!("参数 plan.{name}（{zh}）应{range_zh}，当前为 {v}"),
            format!("plan.{name} must be {range_en}, got {v}"),
        ))
    };
    share("max_loss_share", "单轮减编比例上限", p.max_loss_share, Some(1.0))?;
    if let Some(g) = p.max_gain_share {
        share("max_gain_share", "单轮增编比例上限", g, None)?;
    }
    if let Some(c) = p.max_gain_count.filter(|&c| c < 0) {
        return Err(params_error(
            format!("参数 plan.max_gain_count（单轮增编数上限）不能为负数，当前为 {c}"),
            format!("plan.max_gain_count must not be negative, got {c}"),
        ));
    }
    for (name, zh, w) in [
        ("key_area_weight", "重点领域优先权重", p.key_area_weight),
        ("front_line_weight", "基层一线优先权重", p.front_line_weight),
    ] {
        if !(w.is_finite() && w > 0.0 && w <= 100.0) {
            return Err(params_error(
                format!("参数 plan.{name}（{zh}）应大于 0 且不超过 100，当前为 {w}"),
                format!("plan.{name} must be above 0 and at most 100, got {w}"),
            ));
        }
    }
    Ok(())
}

//! Each unit's indicators: its staffing joined to its workload, required staff from the
//! workload, and the ratios, band, idle and shortage that follow, under satlas's column names.

use super::literal::{code, num};
use super::{Keys, RESULT_VIEW};
use crate::model::{Band, Params};

pub(super) fn views(params: &Params, keys: &Keys) -> Vec<String> {
    vec![required(params, keys), indicators(params, keys)]
}

/// R = (W / H) × CAF + IAF, on the workload as adjusted and as reported. No survey: no
/// workload and no R, and the staff whose workload is known (the denominator of saturation)
/// unknown too.
fn required(params: &Params, keys: &Keys) -> String {
    let r = |w: &str| {
        format!(
            "{w} / {h} * {caf} + {iaf}",
            h = num(params.calendar.available_hours(), "H, available hours a year"),
            caf = num(params.caf(), "CAF = 1 / (1 - allowances.category_share)"),
            iaf = num(params.iaf(), "IAF = allowances.individual_hours / H"),
        )
    };
    format!(
        "-- Required staff.\n\
         CREATE OR REPLACE TEMPORARY VIEW satlas_unit_required AS\n\
         SELECT st.*, y.year,\n\
         \x20   w.unit IS NOT NULL AS has_survey,\n\
         \x20   COALESCE(w.tasks, 0) AS tasks,\n\
         \x20   COALESCE(w.people_surveyed, 0) AS people_surveyed,\n\
         \x20   f.workload_reported, w.workload,\n\
         \x20   {reported} AS required_reported,\n\
         \x20   {adjusted} AS required,\n\
         \x20   CASE WHEN w.workload IS NOT NULL THEN st.actual END AS actual_surveyed,\n\
         \x20   sp.spread_cv, sp.spread_gini, sp.share_underloaded\n\
         FROM satlas_unit_staffing st\n\
         {year}\n\
         LEFT JOIN satlas_unit_work w ON {w}w.unit = st.unit\n\
         LEFT JOIN satlas_unit_filed f ON {f}f.unit = st.unit\n\
         LEFT JOIN satlas_unit_spread sp ON {sp}sp.unit = st.unit;\n",
        year = keys.year_join("st"),
        w = keys.equal("w", "st"),
        f = keys.equal("f", "st"),
        sp = keys.equal("sp", "st"),
        reported = r("f.workload_reported"),
        adjusted = r("w.workload"),
    )
}

/// x / y, NULL when y is not positive or either is unknown.
fn ratio(x: &str, y: &str) -> String {
    format!("CASE WHEN {y} > 0 THEN CAST({x} AS DOUBLE) / CAST({y} AS DOUBLE) END")
}

/// max(0, x - y), NULL when either is unknown.
fn floored(x: &str, y: &str) -> String {
    let d = format!("CAST({x} AS DOUBLE) - CAST({y} AS DOUBLE)");
    format!("CASE WHEN {d} < 0 THEN CAST(0 AS DOUBLE) ELSE {d} END")
}

/// The band of saturation S; S unknown: severely over-loaded when there is work and nobody in
/// post, else unknown.
fn band(params: &Params) -> String {
    let b = &params.bands;
    format!(
        "CASE WHEN saturation IS NULL THEN\n\
         \x20       CASE WHEN required > 0 AND actual = 0 THEN {severe_over} ELSE {unknown} END\n\
         \x20   WHEN saturation < {sev} THEN {severe_under}\n\
         \x20   WHEN saturation < {under_below} THEN {under}\n\
         \x20   WHEN saturation <= {bal} THEN {balanced}\n\
         \x20   WHEN saturation <= {over_up_to} THEN {over}\n\
         \x20   ELSE {severe_over} END",
        sev = num(b.severe_under_below, "bands.severe_under_below"),
        under_below = num(b.under_below, "bands.under_below"),
        bal = num(b.balanced_up_to, "bands.balanced_up_to"),
        over_up_to = num(b.over_up_to, "bands.over_up_to"),
        severe_under = code(Band::SevereUnder.code()),
        under = code(Band::Under.code()),
        balanced = code(Band::Balanced.code()),
        over = code(Band::Over.code()),
        severe_over = code(Band::SevereOver.code()),
        unknown = code(Band::Unknown.code()),
    )
}

/// The result: the ratios first (the band reads saturation), then every column in order.
fn indicators(params: &Params, keys: &Keys) -> String {
    format!(
        "-- The units' indicators.\n\
         CREATE OR REPLACE TEMPORARY VIEW satlas_unit_ratios AS\n\
         SELECT r.*,\n\
         \x20   {vacancy_rate} AS vacancy_rate,\n\
         \x20   {saturation_reported} AS saturation_reported,\n\
         \x20   {saturation} AS saturation,\n\
         \x20   {quota_saturation} AS quota_saturation,\n\
         \x20   {idle} AS idle,\n\
         \x20   {shortage} AS shortage\n\
         FROM satlas_unit_required r;\n\
         CREATE OR REPLACE TEMPORARY VIEW {RESULT_VIEW} AS\n\
         SELECT {keys}{columns}\n\
         FROM (SELECT q.*, {band} AS band FROM satlas_unit_ratios q) b;\n",
        vacancy_rate = ratio("r.vacancy", "r.approved"),
        saturation_reported = ratio("r.required_reported", "r.actual_surveyed"),
        saturation = ratio("r.required", "r.actual_surveyed"),
        quota_saturation = ratio("r.required", "r.approved"),
        idle = floored("r.actual", "r.required"),
        shortage = floored("r.required", "r.actual"),
        band = band(params).replace('\n', "\n    "),
        keys = keys.prefix(""),
        columns = super::COLUMNS.join(", "),
    )
}

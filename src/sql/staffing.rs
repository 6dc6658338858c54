//! Each unit's staffing from its quota types' counts: a count is known only when every type
//! gives it, and vacancy and over-quota are summed over the types, since a vacancy of one type
//! does not cancel an excess of another.

use super::Keys;

/// The unit's counts, tags and type sums, with its leadership posts and leaders as filed. Of
/// the unit × type table only the counts as filed (after the roster) and the tags are read.
pub(super) fn view(keys: &Keys) -> String {
    // Unknown in any type leaves the unit's figure unknown: a sum of the known types would
    // read as the whole.
    let known_sum = |c: &str, cast: &str| format!("CASE WHEN COUNT({c}) = COUNT(*) THEN CAST(SUM({c}) AS {cast}) END");
    let floored = |a: &str, b: &str| {
        format!("CASE WHEN t.{a} - t.{b} < 0 THEN CAST(0 AS DOUBLE) ELSE CAST(t.{a} - t.{b} AS DOUBLE) END")
    };
    format!(
        "-- Each unit's staffing, summed over its quota types.\n\
         CREATE OR REPLACE TEMPORARY VIEW satlas_unit_staffing AS\n\
         SELECT s.*, u.leader_posts, u.leaders_actual,\n\
         \x20   CASE WHEN u.leaders_actual - u.leader_posts < 0 THEN CAST(0 AS DOUBLE)\n\
         \x20       ELSE CAST(u.leaders_actual - u.leader_posts AS DOUBLE) END AS over_leaders\n\
         FROM (\n\
         \x20   SELECT {k}unit, MAX(department) AS department,\n\
         \x20       MAX(CASE WHEN key_area THEN 1 ELSE 0 END) = 1 AS key_area,\n\
         \x20       MAX(CASE WHEN front_line THEN 1 ELSE 0 END) = 1 AS front_line,\n\
         \x20       {approved} AS approved,\n\
         \x20       {actual} AS actual,\n\
         \x20       {vacancy} AS vacancy,\n\
         \x20       {over_quota} AS over_quota\n\
         \x20   FROM (\n\
         \x20       SELECT {kt}t.unit, t.department, t.key_area, t.front_line, t.approved, t.actual,\n\
         \x20           {type_vacancy} AS vacancy, {type_over} AS over_quota\n\
         \x20       FROM satlas_unit_types t\n\
         \x20   ) typed\n\
         \x20   GROUP BY {k}unit\n\
         ) s\n\
         LEFT JOIN satlas_units u ON {on}u.unit = s.unit;\n",
        k = keys.prefix(""),
        kt = keys.prefix("t"),
        on = keys.equal("u", "s"),
        approved = known_sum("approved", "BIGINT"),
        actual = known_sum("actual", "BIGINT"),
        vacancy = known_sum("vacancy", "DOUBLE"),
        over_quota = known_sum("over_quota", "DOUBLE"),
        type_vacancy = floored("approved", "actual"),
        type_over = floored("actual", "approved"),
    )
}

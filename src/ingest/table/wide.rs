//! The wide shape of a staffing table: a pair of columns per quota type (行政编制数 /
//! 行政实有人数), perhaps beside plain totals (核定编制数/合计, 实有人数). Types that carry both
//! counts give one record each; a total the types cannot carry (staff given only in total)
//! makes one record for the unit; a total that disagrees with its types is said.

use super::{Builder, WideColumns, add};
use crate::findings::Finding;
use crate::ingest::mapping::Field;
use crate::model::QuotaType;

/// One record: quota type, approved, actual, leadership posts, leaders in post.
pub(super) type Record = (String, Option<i64>, Option<i64>, Option<i64>, Option<i64>);

impl Builder<'_> {
    /// The records of row `r` in the wide shape; the unit's own leadership counts go on the
    /// first of them, so that they are counted once.
    pub(super) fn wide_records(
        &mut self,
        r: usize,
        wide: &[WideColumns],
        leader_posts: Option<i64>,
        leaders_actual: Option<i64>,
    ) -> Vec<Record> {
        let total_approved = self.count(r, Field::Approved);
        let total_actual = self.count(r, Field::Actual);
        let (mut approved_sum, mut actual_sum) = (None, None);
        let mut records: Vec<Record> = Vec::new();
        for &(q, ca, cb, cl, cla) in wide {
            let approved = ca.and_then(|c| self.count_at(r, c));
            let actual = cb.and_then(|c| self.count_at(r, c));
            let lp = cl.and_then(|c| self.count_at(r, c));
            let la = cla.and_then(|c| self.count_at(r, c));
            approved_sum = add(approved_sum, approved);
            actual_sum = add(actual_sum, actual);
            if approved.unwrap_or(0) == 0 && actual.unwrap_or(0) == 0 {
                continue;
            }
            records.push((q.canonical().to_owned(), approved, actual, lp, la));
        }
        let types_carry = |total: Option<i64>, has_columns: bool| total.is_none() || has_columns;
        let with_approved = wide.iter().any(|w| w.1.is_some());
        let with_actual = wide.iter().any(|w| w.2.is_some());
        let unspecified = QuotaType::Unspecified.canonical().to_owned();
        // A count given only in total (实有人数 beside 行政编制数, 事业编制数): one record for
        // the unit, from the types' sum and the total.
        if !types_carry(total_approved, with_approved) || !types_carry(total_actual, with_actual) {
            let approved = if with_approved { approved_sum } else { total_approved };
            let actual = if with_actual { actual_sum } else { total_actual };
            return vec![(unspecified, approved, actual, leader_posts, leaders_actual)];
        }
        self.check_totals(r, total_approved, approved_sum, Field::Approved);
        self.check_totals(r, total_actual, actual_sum, Field::Actual);
        if records.is_empty() {
            // No type filled in: the totals (or blanks, unknown) are the unit's.
            let approved = total_approved.or(approved_sum);
            let actual = total_actual.or(actual_sum);
            return vec![(unspecified, approved, actual, leader_posts, leaders_actual)];
        }
        let first = &mut records[0];
        first.3 = add(first.3, leader_posts);
        first.4 = add(first.4, leaders_actual);
        records
    }

    /// A total column that disagrees with the sum of its types is said: the types are read.
    fn check_totals(&mut self, r: usize, total: Option<i64>, types: Option<i64>, field: Field) {
        let (Some(total), Some(types)) = (total, types) else {
            return;
        };
        if total == types {
            return;
        }
        let c = self.mapping.column(field).unwrap_or(0);
        let label = (field.label(crate::Lang::Zh), field.label(crate::Lang::En));
        let f = Finding::warning(
            "total_disagrees",
            self.loc(r, Some(c)),
            format!(
                "{}合计为 {total}，而各编制类型之和为 {types}；按各类型读取，请核实。",
                label.0
            ),
            format!(
                "The {} total is {total}, but its quota types add up to {types}; the types are read; please check.",
                label.1.to_lowercase()
            ),
        );
        self.note("total_disagrees", c, f);
    }
}

//! The sample's activity standards and annual volumes, derived from its survey the way an
//! office without standards would start: each activity's standard is the median time per
//! occurrence the units reported, and each unit's volume is the count its records would show.
//! Two units report more than their records show (their volumes are 60% of what they said),
//! one unit filed no volumes at all, and one activity is named otherwise in the records than in
//! the survey.

use super::{StandardRow, Story, StoryKind, SurveyRow, VolumeRow};
use crate::model::Calendar;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Units whose survey overstates their records, and the unit that filed no volumes.
pub(crate) const REPORTS_HIGH: [&str; 2] = ["区价格认证中心", "区房产服务中心"];
pub(crate) const NO_VOLUMES: &str = "区金融服务中心";
/// An activity the records call otherwise than the survey does: (survey, records).
pub(crate) const RENAMED: (&str, &str) = ("会议组织", "组织召开会议");

/// The activity's name in the records.
fn as_recorded(task: &Arc<str>) -> Arc<str> {
    if &**task == RENAMED.0 {
        RENAMED.1.into()
    } else {
        task.clone()
    }
}

/// Standards and volumes for `survey`, with the stories they tell; `rename` maps a survey's
/// misspelled unit to the staffing table's name.
pub(crate) fn from_survey(
    survey: &[SurveyRow],
    cal: &Calendar,
    rename: (&str, &str),
) -> (Vec<StandardRow>, Vec<VolumeRow>, Vec<Story>) {
    // The median time per occurrence of each activity, to the nearest 0.1 hour.
    let mut times: BTreeMap<Arc<str>, Vec<f64>> = BTreeMap::new();
    for r in survey {
        if let Some(h) = r.hours_each.filter(|h| *h > 0.0 && *h <= 24.0) {
            times.entry(r.task.clone()).or_default().push(h);
        }
    }
    let standards: Vec<StandardRow> = times
        .into_iter()
        .map(|(activity, mut hs)| {
            hs.sort_by(f64::total_cmp);
            let median = hs[hs.len() / 2];
            StandardRow {
                activity: as_recorded(&activity),
                hours: ((median * 10.0).round() / 10.0).max(0.1),
            }
        })
        .collect();
    let standard: HashMap<Arc<str>, f64> = standards.iter().map(|s| (s.activity.clone(), s.hours)).collect();

    // Occurrences per unit, activity and year.
    let mut counts: BTreeMap<(i32, Arc<str>, Arc<str>), f64> = BTreeMap::new();
    for r in survey {
        let Some(&std) = standard.get(&as_recorded(&r.task)) else {
            continue;
        };
        let unit: Arc<str> = if &*r.unit == rename.1 {
            rename.0.into()
        } else {
            r.unit.clone()
        };
        if &*unit == NO_VOLUMES {
            continue;
        }
        let occurrences = match (r.period, r.frequency, r.annual_hours) {
            (Some(p), Some(f), _) => cal.per_year(p) * f,
            (_, _, Some(a)) => a / std,
            _ => continue,
        };
        *counts.entry((r.year, unit, as_recorded(&r.task))).or_default() += occurrences;
    }
    let volumes = counts
        .into_iter()
        .map(|((year, unit, activity), n)| {
            let share = if REPORTS_HIGH.contains(&&*unit) { 0.6 } else { 1.0 };
            VolumeRow {
                unit,
                activity,
                year,
                volume: (n * share).round().max(1.0),
            }
        })
        .collect();
    let mut stories: Vec<Story> = REPORTS_HIGH
        .iter()
        .map(|u| Story {
            unit: (*u).into(),
            kind: StoryKind::ReportsHigh,
            detail: "业务量只有填报工时所称的 60%（填报偏高）".into(),
        })
        .collect();
    stories.push(Story {
        unit: NO_VOLUMES.into(),
        kind: StoryKind::NoVolumes,
        detail: "没有报送业务量".into(),
    });
    (standards, volumes, stories)
}

//! Each unit's and quota type's figures before their bands and flags are read: the workload
//! the method feeds, required staff shared across quota types, and the indicators that follow.
//! None of it reads a band threshold, a flag's rule or a plan rule, so the memo keeps it while
//! those are edited. The one figure of a unit the under-loaded threshold changes, its share of
//! under-loaded people, is put in afterwards from the spread in hand ([`units_all`]).

use super::memo::{Memo, SurveyPart};
use super::names::FastMap;
use super::{Frames, SourceNames, method, required, units, wisn};
use crate::findings::Finding;
use crate::model::{Bands, FlagRules, Params, col};
use polars::prelude::*;
use std::borrow::Cow;
use std::sync::Arc;

/// The figures of every unit and year, and of every unit × quota type, without bands or flags.
pub(super) struct Figures {
    /// The standards method's tables, when standards and volumes were read.
    pub by_standards: Option<wisn::Standards>,
    /// The workload the chosen method feeds the indicators, per unit and year.
    pub fed: Option<DataFrame>,
    pub units_all: DataFrame,
    pub unit_types_all: DataFrame,
    /// What the standards and the method said, in the order they said it.
    pub findings: Vec<Finding>,
    /// The under-loaded threshold of the spread the units' share of under-loaded people was
    /// read from.
    under_below: f64,
}

/// The parameters the figures read: all but the band thresholds, the flags' rules and the
/// plan's.
pub(super) fn key(params: &Params) -> Params {
    let mut key = params.clone();
    key.bands = Bands::default();
    key.flags = FlagRules::default();
    key.plan = Default::default();
    key
}

/// What the figures are made from: the staffing per unit × quota type × year, the survey's
/// part and each unit's workload from it, and the standards' and volumes' frames.
pub(super) struct Sources<'a> {
    pub staff: &'a DataFrame,
    pub part: Option<&'a SurveyPart>,
    pub unit_workload: Option<&'a DataFrame>,
    pub frames: &'a Frames<'a>,
    pub year: i32,
    pub names: &'a SourceNames,
}

/// The figures under `params`, from `memo` when only bands, flags or plan rules changed.
pub(super) fn of(sources: &Sources, params: &Params, memo: &Memo) -> PolarsResult<Arc<Figures>> {
    memo.figures.get(&key(params), || make(sources, params))
}

fn make(s: &Sources, params: &Params) -> PolarsResult<Figures> {
    let mut findings = Vec::new();
    // Workload from standards × volumes, when both were read.
    let survey_work = s.part.zip(s.unit_workload).map(|(p, w)| (w, &p.filed.tasks));
    let (frames, names) = (s.frames, s.names);
    let (by_standards, said) = wisn::from_frames(
        frames.standards,
        frames.volumes,
        s.staff,
        survey_work,
        params,
        s.year,
        names,
    )?;
    findings.extend(said);

    // The workload the chosen method feeds the indicators.
    let (fed, said) = method::fed_workload(
        params.method,
        s.unit_workload,
        by_standards.as_ref().map(|std| &std.all_years),
        (&names.standards, &names.volumes),
    )?;
    findings.extend(said);

    // Units joined to their workload; each unit's required staff shared across its quota
    // types; the unit's own figures read back from its types.
    let units_all = units::with_workload(s.staff, fed.as_ref(), params)?;
    let by_staff = by_standards
        .as_ref()
        .map(|std| {
            wisn::tied_by_staff(
                std,
                fed.as_ref(),
                s.staff,
                params,
                s.year,
                &names.standards,
                &mut findings,
            )
        })
        .transpose()?;
    let ties = ties(by_staff.as_ref(), s.part, params);
    let unit_types_all = required::unit_types(s.staff, &units_all, ties, params)?;
    let units_all = units::with_indicators(units_all, &unit_types_all, params)?;
    Ok(Figures {
        by_standards,
        fed,
        units_all,
        unit_types_all,
        findings,
        under_below: params.bands.under_below,
    })
}

/// The units' figures with their share of under-loaded people under the threshold of
/// `params`: as made when made under it, else from `unit_workload`, the survey's spread in
/// hand. Without a fed workload (the standards method without its files) no unit has a share.
pub(super) fn units_all<'f>(
    figures: &'f Figures,
    unit_workload: Option<&DataFrame>,
    params: &Params,
) -> PolarsResult<Cow<'f, DataFrame>> {
    let spread = unit_workload.filter(|_| figures.fed.is_some() && figures.under_below != params.bands.under_below);
    match spread {
        Some(surveyed) => with_share_underloaded(&figures.units_all, surveyed).map(Cow::Owned),
        None => Ok(Cow::Borrowed(&figures.units_all)),
    }
}

/// `units_all` with each unit's share of under-loaded people as `surveyed` (the survey's
/// per-unit rows) gives it for the unit's year. Whichever method feeds the workload, the
/// share is the survey's for the same unit and year, and unknown where the survey lacks
/// them. The column keeps its place.
fn with_share_underloaded(units_all: &DataFrame, surveyed: &DataFrame) -> PolarsResult<DataFrame> {
    let share_of: FastMap<(&str, i32), Option<f64>> = surveyed
        .column(col::UNIT)?
        .str()?
        .iter()
        .zip(surveyed.column(col::YEAR)?.i32()?.iter())
        .zip(surveyed.column(col::SHARE_UNDERLOADED)?.f64()?.iter())
        .filter_map(|((unit, year), share)| Some(((unit?, year?), share)))
        .collect();
    let share: Float64Chunked = units_all
        .column(col::UNIT)?
        .str()?
        .iter()
        .zip(units_all.column(col::YEAR)?.i32()?.iter())
        .map(|(unit, year)| share_of.get(&(unit?, year?)).copied().flatten())
        .collect();
    let mut out = units_all.clone();
    out.with_column(share.with_name(col::SHARE_UNDERLOADED.into()).into_column())?;
    Ok(out)
}

/// What ties a unit's workload to its quota types: the standards' staff categories under a
/// method that reads them, else the roster's people where the survey is the method's.
fn ties<'a>(by_staff: Option<&'a DataFrame>, part: Option<&'a SurveyPart>, params: &Params) -> required::Ties<'a> {
    match by_staff {
        Some(by_staff) if params.method.uses_standards() => required::Ties::Standards(by_staff),
        _ => required::Ties::Roster(
            part.filter(|_| !params.method.uses_standards())
                .map(|p| &p.filed.roster_ties),
        ),
    }
}

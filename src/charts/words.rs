//! The words of the charts that are not data: reference lines, legends, empty states, the
//! source line. Titles are [`super::ChartKind::title`].

use crate::model::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    Threshold,
    Balance,
    People,
    Gain,
    Loss,
    Zero,
    Median,
    Min,
    Q1,
    Q3,
    Max,
    NoSurvey,
    NoPeople,
    NoYears,
    NoPlan,
    NoMoves,
    LeftOut,
    Beyond,
    Source,
    DataYear,
    Drawn,
    WithinRange,
    ReportedEqualsStandard,
    NoStandards,
    NoSurveyToCompare,
    NotCompared,
    NoScenarios,
    NoProjection,
    Projected,
    LargestChanges,
}

impl Word {
    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Word::Threshold => ("区间界限", "band threshold"),
            Word::Balance => ("应需 = 核定", "required = approved"),
            Word::People => ("人数", "People"),
            Word::Gain => ("调入（增加编制）", "gains (posts received)"),
            Word::Loss => ("调出（减少编制）", "losses (posts given)"),
            Word::Zero => ("不增不减", "no change"),
            Word::Median => ("中位数", "median"),
            Word::Min => ("最低", "min"),
            Word::Q1 => ("下四分位", "lower quartile"),
            Word::Q3 => ("上四分位", "upper quartile"),
            Word::Max => ("最高", "max"),
            Word::NoSurvey => (
                "没有工作量调查，饱和度未知，无图可画。",
                "No workload survey: saturation is unknown, nothing to draw.",
            ),
            Word::NoPeople => (
                "没有逐人数据（花名册或按人填报的工作量调查），无法显示单位内部个人饱和度分布。",
                "No per-person data (a roster or a survey by person): the spread within units cannot be shown.",
            ),
            Word::NoYears => (
                "数据只有一个年度（或未注明年度），无法显示历年趋势。",
                "The data has a single year (or none): there is no trend to show.",
            ),
            Word::NoPlan => ("尚无调整方案", "No plan yet"),
            Word::WithinRange => ("与全区相近", "in the district's range"),
            Word::ReportedEqualsStandard => ("填报 = 标准", "reported = standard"),
            Word::NoStandards => (
                "没有读入工作标准表和业务量统计表，无法比较两种方法。",
                "No standards table and volumes table were read: the methods cannot be compared.",
            ),
            Word::NoSurveyToCompare => (
                "没有同时有调查和完整业务量的单位，无法比较两种方法。",
                "No unit has both a survey and complete volumes: the methods cannot be compared.",
            ),
            Word::NotCompared => (
                "未比较的单位（缺调查或业务量不完整）",
                "units not compared (no survey, or volumes incomplete)",
            ),
            Word::NoScenarios => ("没有可比较的方案。", "No scenarios to compare."),
            Word::NoProjection => (
                "方案没有按年度的增长（[[grow]] 带 years）。",
                "The scenario projects no growth over years ([[grow]] with years).",
            ),
            Word::Projected => ("预测", "projected"),
            Word::LargestChanges => ("增减最多的单位", "units changed most"),
            Word::NoMoves => ("方案没有调整任何编制。", "The plan moves no posts."),
            Word::LeftOut => ("未列入（饱和度未知）", "left out (saturation unknown)"),
            Word::Beyond => (
                "远大于其他单位、超出坐标范围未画出",
                "far larger than the rest, beyond the axes",
            ),
            Word::Source => ("数据来源", "Source"),
            Word::DataYear => ("数据年度", "data year"),
            Word::Drawn => ("制图日期", "drawn"),
        };
        lang.pick(zh, en)
    }
}

//! The tables of a report: their keys (csv file suffixes, parquet file names) and sheet names.

use super::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sheet {
    Units,
    UnitTypes,
    Departments,
    Summary,
    People,
    History,
    Findings,
    Parameters,
    Plan,
    Transfers,
    PlanSummary,
    Receipt,
    /// The standards method: the standards used, the volumes priced, the two methods side by side.
    Standards,
    Volumes,
    Methods,
    MethodsByActivity,
    ProposedStandards,
    /// Scenarios side by side (`--scenario` given more than once).
    Scenarios,
    ScenarioEffects,
    ScenarioTransfers,
    /// A scenario's workload projected over years.
    Projection,
    /// The returns of a survey round (a folder of returned forms).
    Returns,
    /// The survey's rows as read: parquet only, for programs that compute from them.
    Survey,
}

impl Sheet {
    pub const ALL: [Sheet; 23] = [
        Sheet::Units,
        Sheet::UnitTypes,
        Sheet::Departments,
        Sheet::Summary,
        Sheet::People,
        Sheet::History,
        Sheet::Findings,
        Sheet::Parameters,
        Sheet::Plan,
        Sheet::Transfers,
        Sheet::PlanSummary,
        Sheet::Receipt,
        Sheet::Standards,
        Sheet::Volumes,
        Sheet::Methods,
        Sheet::MethodsByActivity,
        Sheet::ProposedStandards,
        Sheet::Scenarios,
        Sheet::ScenarioEffects,
        Sheet::ScenarioTransfers,
        Sheet::Projection,
        Sheet::Returns,
        Sheet::Survey,
    ];

    /// The key: ASCII, the suffix of the table's csv or parquet file.
    pub fn code(self) -> &'static str {
        self.words().0
    }

    /// The sheet's name in the workbook.
    pub fn label(self, lang: Lang) -> &'static str {
        let (_, zh, en) = self.words();
        lang.pick(zh, en)
    }

    /// The tables of the plan and what it rests on, the ones `--plan` exports.
    pub fn is_plan_part(self) -> bool {
        matches!(
            self,
            Sheet::Plan
                | Sheet::Transfers
                | Sheet::PlanSummary
                | Sheet::Findings
                | Sheet::Receipt
                | Sheet::Parameters
                | Sheet::Scenarios
                | Sheet::ScenarioEffects
                | Sheet::ScenarioTransfers
                | Sheet::Projection
        )
    }

    /// (code, Chinese, English).
    fn words(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Sheet::Units => ("units", "单位", "Units"),
            Sheet::UnitTypes => ("unit_types", "单位分类型", "Units by type"),
            Sheet::Departments => ("departments", "主管部门", "Departments"),
            Sheet::Summary => ("summary", "汇总", "Summary"),
            Sheet::People => ("people", "人员", "People"),
            Sheet::History => ("history", "历年", "By year"),
            Sheet::Findings => ("findings", "发现问题", "Findings"),
            Sheet::Parameters => ("parameters", "参数", "Parameters"),
            Sheet::Plan => ("plan", "调整方案", "Plan"),
            Sheet::Transfers => ("transfers", "调剂清单", "Transfers"),
            Sheet::PlanSummary => ("plan_summary", "方案成效", "Plan effect"),
            Sheet::Receipt => ("receipt", "读取说明", "How files were read"),
            Sheet::Standards => ("standards", "工作标准", "Standards"),
            Sheet::Volumes => ("volumes", "业务量", "Volumes"),
            Sheet::Methods => ("methods", "方法比较", "Method comparison"),
            Sheet::MethodsByActivity => ("methods_by_activity", "方法比较（按活动）", "Methods by activity"),
            Sheet::ProposedStandards => ("proposed_standards", "建议标准", "Proposed standards"),
            Sheet::Scenarios => ("scenarios", "方案比较", "Scenarios compared"),
            Sheet::ScenarioEffects => ("scenario_effects", "方案成效比较", "Scenario effects"),
            Sheet::ScenarioTransfers => ("scenario_transfers", "各方案调剂清单", "Transfers by scenario"),
            Sheet::Projection => ("projection", "工作量预测", "Projection"),
            Sheet::Returns => ("returns", "回收情况", "Returns"),
            Sheet::Survey => ("survey", "工作量调查", "Survey"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_keys_and_names_are_unique() {
        // File systems and Excel both ignore case.
        let distinct = |texts: Vec<String>| texts.len() == texts.iter().collect::<std::collections::HashSet<_>>().len();
        let lower = |f: &dyn Fn(Sheet) -> &'static str| Sheet::ALL.iter().map(|&s| f(s).to_lowercase()).collect();
        assert!(Sheet::ALL.iter().all(|s| s.code().is_ascii()));
        assert!(distinct(lower(&|s| s.code())));
        assert!(distinct(lower(&|s| s.label(Lang::Zh))));
        assert!(distinct(lower(&|s| s.label(Lang::En))));
    }
}

//! The words of a survey template, in the language it is written in.

use crate::model::Lang;

/// The survey sheet's columns: its header, its width in narrow characters.
pub fn columns(lang: Lang) -> [(&'static str, f64); 8] {
    match lang {
        Lang::Zh => [
            ("单位名称", 0.0),
            ("姓名", 10.0),
            ("工作事项", 30.0),
            ("频次周期", 12.0),
            ("频次", 8.0),
            ("每次用时（小时）", 18.0),
            ("年工作时长（小时）", 20.0),
            ("备注", 24.0),
        ],
        Lang::En => [
            ("Unit", 0.0),
            ("Person", 14.0),
            ("Task", 32.0),
            ("Period", 12.0),
            ("Frequency", 11.0),
            ("Hours each", 12.0),
            ("Annual hours", 14.0),
            ("Note", 24.0),
        ],
    }
}

/// The prompt on the annual hours cell.
pub fn annual_prompt(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Zh => (
            "年工作时长（小时）",
            "没有固定周期的工作，可不填频次和每次用时，只填全年共用几小时。",
        ),
        Lang::En => (
            "Annual hours",
            "For work without a rhythm, leave frequency and hours each empty and give the hours in the year.",
        ),
    }
}

/// The periods offered, each as the survey reader reads it back.
pub fn periods(lang: Lang) -> [&'static str; 9] {
    match lang {
        Lang::Zh => [
            "每日",
            "每周",
            "每两周",
            "每旬",
            "每月",
            "每季度",
            "每半年",
            "每年",
            "不定期",
        ],
        Lang::En => [
            "daily",
            "weekly",
            "fortnightly",
            "dekad",
            "monthly",
            "quarterly",
            "semiannual",
            "yearly",
            "irregular",
        ],
    }
}

pub fn survey_sheet(lang: Lang) -> &'static str {
    lang.pick("工作量调查表", "Workload survey")
}

pub fn instructions_sheet(lang: Lang) -> &'static str {
    lang.pick("填表说明", "Instructions")
}

pub fn title(unit: &str, year: i32, lang: Lang) -> String {
    lang.pick(
        format!("{unit} 工作量调查表（{year} 年度）"),
        format!("{unit}: workload survey ({year})"),
    )
}

/// The line under the title: unit, deadline, contact.
pub fn subtitle(unit: &str, deadline: Option<&str>, contact: Option<&str>, lang: Lang) -> String {
    let mut parts = vec![lang.pick(format!("填报单位：{unit}"), format!("Unit: {unit}"))];
    if let Some(d) = deadline {
        parts.push(lang.pick(format!("填报截止：{d}"), format!("Return by: {d}")));
    }
    if let Some(c) = contact {
        parts.push(lang.pick(format!("联系人：{c}"), format!("Contact: {c}")));
    }
    parts.join(lang.pick("　　", "    "))
}

/// The prompt shown on the hours cell.
pub fn hours_prompt(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Zh => (
            "每次用时（小时）",
            "做一次这项工作用几小时（0–24）。按分钟计的请换算，如 30 分钟填 0.5。",
        ),
        Lang::En => (
            "Hours each",
            "Hours one occurrence takes (0–24). Convert minutes: 30 minutes is 0.5.",
        ),
    }
}

pub fn frequency_prompt(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Zh => ("频次", "每个周期做几次（不小于 0）。“不定期”的事项填全年次数。"),
        Lang::En => (
            "Frequency",
            "How many times per period (0 or more). For irregular tasks, the times in a year.",
        ),
    }
}

pub fn task_prompt(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Zh => (
            "工作事项",
            "可从下拉列表选择标准中的工作事项；列表中没有的，可直接填写。",
        ),
        Lang::En => (
            "Task",
            "Pick a task of the standards from the list, or type one the list lacks.",
        ),
    }
}

/// The instructions: lines of text, each a paragraph.
pub fn instructions(unit_line: &str, year: i32, lang: Lang) -> Vec<String> {
    match lang {
        Lang::Zh => vec![
            format!("{unit_line}"),
            format!("请按 {year} 年度的实际情况填写“工作量调查表”工作表，每人每项工作填一行。"),
            "单位名称已预先填好，请勿修改；姓名已按花名册预填的，每人可填多行，行不够可插入行。".to_owned(),
            "频次周期从下拉列表中选择：每日、每周、每两周、每旬、每月、每季度、每半年、每年或不定期。".to_owned(),
            "频次填每个周期做几次；“不定期”的事项填全年次数。".to_owned(),
            "每次用时按小时填写（不超过 24 小时），按分钟计的请换算，如 30 分钟填 0.5。".to_owned(),
            "没有固定周期的工作，可不填频次和每次用时，只在“年工作时长”中填全年共用几小时。".to_owned(),
            "请勿删除或重命名工作表，也不要删除隐藏的工作表，以便汇总时识别本表。".to_owned(),
            "填写示例：".to_owned(),
        ],
        Lang::En => vec![
            unit_line.to_owned(),
            format!("Fill in the sheet Workload survey with {year} as it was: one row per person and task."),
            "The unit is filled in already; do not change it. Where names come from the roster, give each person as many rows as needed, inserting rows if short.".to_owned(),
            "Pick the period from the list: daily, weekly, fortnightly, dekad, monthly, quarterly, semiannual, yearly or irregular.".to_owned(),
            "Frequency is how many times per period; for irregular tasks, the times in a year.".to_owned(),
            "Hours each is in hours (at most 24); convert minutes: 30 minutes is 0.5.".to_owned(),
            "For work without a rhythm, leave frequency and hours each empty and give the Annual hours instead.".to_owned(),
            "Do not delete or rename the sheets, and do not delete the hidden ones: they let the office recognise this form.".to_owned(),
            "An example:".to_owned(),
        ],
    }
}

/// The example rows under the instructions (person, task, period, frequency, hours).
pub fn example(lang: Lang) -> [[&'static str; 5]; 3] {
    match lang {
        Lang::Zh => [
            ["张三", "接待来访群众", "每日", "3", "0.5"],
            ["张三", "编写月度工作报告", "每月", "1", "4"],
            ["李四", "专项检查", "不定期", "6", "8"],
        ],
        Lang::En => [
            ["Zhang San", "Receive visitors", "daily", "3", "0.5"],
            ["Zhang San", "Monthly report", "monthly", "1", "4"],
            ["Li Si", "Special inspection", "irregular", "6", "8"],
        ],
    }
}

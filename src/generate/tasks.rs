//! Survey tasks by kind of unit, and turning a person's hours into survey rows.

use crate::model::{Calendar, Period};
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use std::collections::HashMap;
use std::sync::Arc;

/// What a unit does, which decides the tasks its people report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Office,
    Archive,
    Logistics,
    Development,
    Tech,
    Education,
    Police,
    Justice,
    Finance,
    HumanResources,
    NaturalResources,
    Construction,
    Agriculture,
    Health,
    Emergency,
    Market,
    Enforcement,
    Street,
    Township,
    DevZone,
    Service,
}

/// A task as offices word it, with its usual period and occurrences per period.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TaskTpl {
    pub name: &'static str,
    pub period: Period,
    pub freq: (u16, u16),
}

const fn t(name: &'static str, period: Period, lo: u16, hi: u16) -> TaskTpl {
    TaskTpl {
        name,
        period,
        freq: (lo, hi),
    }
}

use Period::{Day, Month, Quarter, Week, Year};

/// Work every unit does.
const COMMON: &[TaskTpl] = &[
    t("公文办理", Day, 1, 3),
    t("会议组织", Week, 1, 2),
    t("信息报送", Week, 1, 2),
    t("统计报表填报", Month, 1, 2),
    t("档案整理归档", Month, 1, 2),
    t("党建工作", Month, 1, 3),
    t("督查督办事项办理", Week, 1, 2),
    t("年度总结与计划编制", Year, 1, 2),
    t("政务公开", Month, 1, 2),
    t("内部财务报销", Week, 1, 2),
];

const OFFICE: &[TaskTpl] = &[
    t("文稿起草", Week, 1, 3),
    t("领导活动服务保障", Week, 1, 3),
    t("应急值守", Day, 1, 1),
    t("机要文件收发", Day, 1, 2),
    t("政务信息编报", Week, 1, 3),
    t("12345热线工单办理", Day, 2, 6),
    t("重要会议筹备", Month, 1, 3),
    t("建议提案办理", Quarter, 1, 3),
    t("综合协调", Day, 1, 2),
    t("调研报告撰写", Quarter, 1, 2),
];

const ARCHIVE: &[TaskTpl] = &[
    t("档案接收进馆", Month, 1, 2),
    t("档案数字化加工", Week, 1, 3),
    t("档案查阅利用服务", Day, 1, 3),
    t("保密检查", Quarter, 1, 2),
    t("机要交通", Day, 1, 2),
    t("地方志资料收集", Month, 1, 2),
    t("库房安全巡查", Week, 1, 2),
    t("档案业务指导", Month, 1, 2),
];

const LOGISTICS: &[TaskTpl] = &[
    t("公务用车保障", Day, 1, 3),
    t("办公用房管理", Month, 1, 2),
    t("公共机构节能管理", Month, 1, 2),
    t("机关后勤保障", Day, 1, 2),
    t("国有资产登记管理", Month, 1, 2),
    t("机关食堂管理", Day, 1, 1),
    t("安保与消防检查", Week, 1, 2),
    t("物业服务监管", Week, 1, 2),
];

const DEVELOPMENT: &[TaskTpl] = &[
    t("项目申报审核", Week, 1, 3),
    t("重大项目调度", Week, 1, 2),
    t("价格监测", Week, 1, 2),
    t("经济运行分析", Month, 1, 2),
    t("粮食库存检查", Quarter, 1, 2),
    t("应急物资储备管理", Month, 1, 2),
    t("政策研究", Month, 1, 2),
    t("价格认定", Week, 1, 3),
    t("投资项目审批备案", Week, 1, 3),
    t("招商项目跟踪服务", Week, 1, 2),
];

const TECH: &[TaskTpl] = &[
    t("科技项目申报审核", Week, 1, 3),
    t("高新技术企业培育", Week, 1, 3),
    t("科技成果转化服务", Month, 1, 3),
    t("知识产权服务", Week, 1, 3),
    t("创新平台建设", Quarter, 1, 2),
    t("企业技术需求调研", Week, 1, 2),
    t("科技型中小企业评价", Month, 1, 2),
    t("科技政策兑现审核", Month, 1, 3),
];

const EDUCATION: &[TaskTpl] = &[
    t("学校督导检查", Week, 1, 2),
    t("招生考试组织", Quarter, 1, 3),
    t("教师培训组织", Month, 1, 2),
    t("教育经费管理", Month, 1, 2),
    t("教学装备采购管理", Quarter, 1, 2),
    t("学籍管理", Week, 1, 2),
    t("校园安全检查", Month, 1, 3),
    t("教研活动组织", Week, 1, 2),
    t("考务安全保密", Quarter, 1, 2),
    t("青少年活动组织", Month, 1, 3),
];

const POLICE: &[TaskTpl] = &[
    t("接处警", Day, 2, 6),
    t("治安巡逻", Day, 1, 2),
    t("案件侦办", Week, 1, 3),
    t("户籍业务办理", Day, 2, 8),
    t("交通秩序管理", Day, 1, 2),
    t("社区警务", Week, 1, 3),
    t("值班备勤", Week, 1, 2),
    t("交通事故处理", Day, 1, 3),
    t("重点人员管控", Week, 1, 2),
    t("大型活动安保", Month, 1, 2),
];

const JUSTICE: &[TaskTpl] = &[
    t("人民调解指导", Week, 1, 3),
    t("社区矫正对象管理", Day, 1, 3),
    t("法律援助案件办理", Week, 1, 3),
    t("普法宣传", Month, 1, 3),
    t("行政复议案件办理", Month, 1, 3),
    t("规范性文件合法性审查", Week, 1, 2),
    t("公证法律咨询", Day, 1, 3),
    t("矫正对象走访", Week, 1, 3),
];

const FINANCE: &[TaskTpl] = &[
    t("财政资金拨付审核", Day, 2, 6),
    t("部门预算编制与调整", Quarter, 1, 2),
    t("国库集中支付", Day, 2, 8),
    t("会计核算", Day, 1, 3),
    t("政府采购审核", Week, 1, 3),
    t("投资项目评审", Month, 1, 3),
    t("非税收入征缴", Day, 1, 4),
    t("财政监督检查", Quarter, 1, 2),
    t("债务风险监测", Month, 1, 2),
    t("决算报表编审", Year, 1, 2),
];

const HUMAN_RESOURCES: &[TaskTpl] = &[
    t("社保待遇审核", Day, 2, 6),
    t("就业登记与失业保险", Day, 1, 4),
    t("劳动人事争议案件办理", Week, 1, 3),
    t("职称评审组织", Year, 1, 2),
    t("事业单位招聘考试组织", Quarter, 1, 2),
    t("劳动保障监察", Week, 1, 3),
    t("技能培训组织", Month, 1, 3),
    t("社保基金稽核", Month, 1, 2),
];

const NATURAL_RESOURCES: &[TaskTpl] = &[
    t("不动产登记受理", Day, 2, 8),
    t("土地征收报批", Month, 1, 3),
    t("土地储备与出让", Quarter, 1, 3),
    t("测绘成果管理", Month, 1, 2),
    t("自然资源执法巡查", Week, 1, 3),
    t("国土空间规划编制", Quarter, 1, 2),
    t("耕地保护检查", Month, 1, 3),
    t("地质灾害巡查", Month, 1, 2),
];

const CONSTRUCTION: &[TaskTpl] = &[
    t("建设工程质量监督检查", Week, 1, 3),
    t("施工许可审批", Week, 1, 3),
    t("商品房交易备案", Day, 1, 4),
    t("物业管理指导", Month, 1, 3),
    t("人防工程检查", Quarter, 1, 2),
    t("建筑安全生产检查", Week, 1, 3),
    t("老旧小区改造推进", Month, 1, 3),
    t("房屋安全鉴定", Month, 1, 2),
];

const AGRICULTURE: &[TaskTpl] = &[
    t("农技推广服务", Week, 1, 3),
    t("动物疫病防控", Week, 1, 3),
    t("农村集体资产管理", Month, 1, 2),
    t("农业项目申报", Quarter, 1, 2),
    t("农产品质量检测", Week, 1, 2),
    t("土地承包经营管理", Month, 1, 2),
    t("惠农补贴审核", Quarter, 1, 2),
    t("农民专业合作社指导", Month, 1, 2),
];

const HEALTH: &[TaskTpl] = &[
    t("传染病监测报告", Day, 1, 3),
    t("疫苗接种管理", Week, 1, 3),
    t("卫生监督执法检查", Week, 1, 3),
    t("健康教育", Month, 1, 3),
    t("计生特殊家庭帮扶", Month, 1, 2),
    t("医疗机构监管", Month, 1, 2),
    t("流行病学调查", Week, 1, 2),
    t("出生人口监测", Month, 1, 2),
];

const EMERGENCY: &[TaskTpl] = &[
    t("应急值守", Day, 1, 1),
    t("安全生产执法检查", Week, 1, 3),
    t("应急演练组织", Quarter, 1, 2),
    t("安全隐患排查", Week, 1, 3),
    t("救灾物资管理", Month, 1, 2),
    t("防汛抗旱值守", Quarter, 1, 3),
    t("危化企业检查", Week, 1, 2),
    t("事故调查处理", Month, 1, 2),
];

const MARKET: &[TaskTpl] = &[
    t("市场主体登记", Day, 2, 6),
    t("食品安全抽检", Week, 1, 3),
    t("特种设备安全检查", Month, 1, 3),
    t("投诉举报处理", Day, 1, 4),
    t("价格监督检查", Month, 1, 2),
    t("检验检测", Day, 1, 4),
    t("个体工商户帮扶", Week, 1, 2),
    t("广告监测", Week, 1, 2),
];

const ENFORCEMENT: &[TaskTpl] = &[
    t("行政执法检查", Day, 1, 3),
    t("市容巡查", Day, 1, 2),
    t("违法建设查处", Week, 1, 3),
    t("执法案件办理", Week, 1, 3),
    t("环境卫生保洁督导", Day, 1, 2),
    t("占道经营整治", Day, 1, 2),
    t("渣土车辆管控", Week, 1, 3),
    t("夜间巡查值守", Week, 1, 3),
];

const STREET: &[TaskTpl] = &[
    t("网格巡查", Day, 1, 2),
    t("信访接待", Day, 1, 3),
    t("民生服务代办", Day, 2, 6),
    t("社区事务指导", Week, 1, 3),
    t("安全隐患排查", Week, 1, 3),
    t("人口信息采集", Week, 1, 3),
    t("矛盾纠纷调解", Week, 1, 3),
    t("应急值守", Week, 1, 2),
    t("防汛值守", Quarter, 1, 3),
    t("低保救助审核", Month, 1, 3),
];

const TOWNSHIP: &[TaskTpl] = &[
    t("网格巡查", Day, 1, 2),
    t("信访接待", Day, 1, 2),
    t("乡村振兴项目推进", Month, 1, 3),
    t("农村人居环境整治", Week, 1, 3),
    t("防汛抗旱值守", Quarter, 1, 3),
    t("森林防火巡查", Week, 1, 3),
    t("村级事务指导", Week, 1, 3),
    t("低保救助审核", Month, 1, 3),
    t("矛盾纠纷调解", Week, 1, 2),
    t("耕地保护巡查", Month, 1, 2),
];

const DEV_ZONE: &[TaskTpl] = &[
    t("招商引资洽谈", Week, 1, 3),
    t("项目服务代办", Day, 1, 3),
    t("企业走访", Week, 1, 3),
    t("园区规划建设", Month, 1, 2),
    t("项目申报审核", Week, 1, 2),
    t("园区安全生产检查", Week, 1, 2),
    t("重点项目调度", Week, 1, 2),
    t("企业诉求办理", Day, 1, 2),
];

const SERVICE: &[TaskTpl] = &[
    t("业务受理", Day, 2, 6),
    t("政策咨询", Day, 1, 4),
    t("数据统计分析", Month, 1, 2),
    t("业务培训", Quarter, 1, 2),
    t("专项检查", Month, 1, 2),
    t("窗口服务", Day, 1, 2),
    t("系统运维", Week, 1, 2),
    t("信息数据报送", Week, 1, 2),
];

pub(crate) fn pool(kind: Kind) -> &'static [TaskTpl] {
    match kind {
        Kind::Office => OFFICE,
        Kind::Archive => ARCHIVE,
        Kind::Logistics => LOGISTICS,
        Kind::Development => DEVELOPMENT,
        Kind::Tech => TECH,
        Kind::Education => EDUCATION,
        Kind::Police => POLICE,
        Kind::Justice => JUSTICE,
        Kind::Finance => FINANCE,
        Kind::HumanResources => HUMAN_RESOURCES,
        Kind::NaturalResources => NATURAL_RESOURCES,
        Kind::Construction => CONSTRUCTION,
        Kind::Agriculture => AGRICULTURE,
        Kind::Health => HEALTH,
        Kind::Emergency => EMERGENCY,
        Kind::Market => MARKET,
        Kind::Enforcement => ENFORCEMENT,
        Kind::Street => STREET,
        Kind::Township => TOWNSHIP,
        Kind::DevZone => DEV_ZONE,
        Kind::Service => SERVICE,
    }
}

/// Shares one `Arc<str>` per distinct text, so a million survey rows hold pointers, not copies.
#[derive(Default)]
pub(crate) struct Interner(HashMap<Box<str>, Arc<str>>);

impl Interner {
    pub fn get(&mut self, text: &str) -> Arc<str> {
        if let Some(a) = self.0.get(text) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(text);
        self.0.insert(text.into(), a.clone());
        a
    }
}

/// One task a person does, kept across the years so a unit's work changes in hours, not in kind.
#[derive(Debug, Clone)]
pub(crate) struct PersonTask {
    pub name: Arc<str>,
    pub period: Period,
    pub freq: (u16, u16),
    pub weight: f64,
}

/// `n` distinct tasks for one person, mostly from the unit's own work, the rest common work.
pub(crate) fn choose_tasks(rng: &mut StdRng, kind: Kind, n: usize, names: &mut Interner) -> Vec<PersonTask> {
    let own = pool(kind);
    let mut own_idx: Vec<usize> = (0..own.len()).collect();
    let mut common_idx: Vec<usize> = (0..COMMON.len()).collect();
    own_idx.shuffle(rng);
    common_idx.shuffle(rng);
    let n_own = (n * 7).div_ceil(10).min(own.len());
    // (template, is own work); own work first, then common, then the rest of the own list.
    let picked: Vec<(TaskTpl, bool)> = own_idx[..n_own]
        .iter()
        .map(|&i| (own[i], true))
        .chain(common_idx.iter().map(|&i| (COMMON[i], false)))
        .chain(own_idx[n_own..].iter().map(|&i| (own[i], true)))
        .take(n)
        .collect();
    let mut out = Vec::with_capacity(n);
    for (tpl, is_own) in picked {
        // Own work weighs more than the common chores.
        let weight = if is_own {
            rng.random_range(1.0..2.5)
        } else {
            rng.random_range(0.3..1.0)
        };
        out.push(PersonTask {
            name: names.get(tpl.name),
            period: tpl.period,
            freq: tpl.freq,
            weight,
        });
    }
    // Beyond both lists (very large synthetic specs) the rest is numbered ad-hoc work.
    for k in 1..=n.saturating_sub(out.len()) {
        out.push(PersonTask {
            name: names.get(&format!("其他临时性工作{k}")),
            period: Period::Month,
            freq: (1, 2),
            weight: rng.random_range(0.3..1.0),
        });
    }
    out
}

/// One survey entry: how often, and how long each time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Entry {
    pub period: Period,
    pub frequency: f64,
    pub hours_each: f64,
}

/// Longest plausible single occurrence per period, so a daily task never reads "9 hours each".
fn max_each(period: Period) -> f64 {
    match period {
        Period::Day => 4.0,
        Period::Week | Period::Fortnight | Period::Dekad => 8.0,
        Period::Month => 16.0,
        Period::Quarter | Period::HalfYear | Period::Year | Period::Irregular => 24.0,
    }
}

/// Hours as people write them: halves above an hour, tenths below.
fn nice_hours(h: f64) -> f64 {
    let r = if h >= 1.0 {
        (h * 2.0).round() / 2.0
    } else {
        (h * 10.0).round() / 10.0
    };
    r.max(0.1)
}

/// Most occurrences per period a task may stretch to: twice what its template says.
fn max_freq(task: &PersonTask) -> f64 {
    f64::from(task.freq.1) * 2.0
}

/// Spreads `target` annual hours over `tasks`; returns the entries (same order) and the hours
/// left unplaced (by rounding, or because the tasks cannot hold that much), for the caller to
/// carry to the next person.
pub(crate) fn fill(rng: &mut StdRng, tasks: &[PersonTask], target: f64, cal: &Calendar) -> (Vec<Entry>, f64) {
    let target = target.max(0.0);
    if tasks.is_empty() {
        return (Vec::new(), target);
    }
    // Shares by weight, capped by what each task can plausibly hold; the excess flows to
    // tasks with room (a yearly report cannot absorb a thousand hours, daily work can).
    let caps: Vec<f64> = tasks
        .iter()
        .map(|t| cal.per_year(t.period) * max_freq(t) * max_each(t.period))
        .collect();
    let wsum: f64 = tasks.iter().map(|t| t.weight).sum();
    let mut shares: Vec<f64> = tasks.iter().map(|t| target * t.weight / wsum).collect();
    for _ in 0..tasks.len() {
        let mut excess = 0.0;
        for (s, cap) in shares.iter_mut().zip(&caps) {
            if *s > *cap {
                excess += *s - *cap;
                *s = *cap;
            }
        }
        let room_weight: f64 = tasks
            .iter()
            .zip(shares.iter().zip(&caps))
            .filter(|(_, (s, cap))| *s < *cap)
            .map(|(t, _)| t.weight)
            .sum();
        if excess < 1e-9 || room_weight <= 0.0 {
            break;
        }
        for ((s, cap), t) in shares.iter_mut().zip(&caps).zip(tasks) {
            if *s < *cap {
                *s += excess * t.weight / room_weight;
            }
        }
    }

    let mut entries = Vec::with_capacity(tasks.len());
    let mut achieved = 0.0;
    for (task, share) in tasks.iter().zip(shares) {
        let per_year = cal.per_year(task.period);
        let top = max_each(task.period);
        let mut freq = f64::from(rng.random_range(task.freq.0..=task.freq.1));
        let mut each = share / (per_year * freq);
        while each < 0.3 && freq > 1.0 {
            freq -= 1.0;
            each = share / (per_year * freq);
        }
        while each > top && freq < max_freq(task) {
            freq += 1.0;
            each = share / (per_year * freq);
        }
        let each = nice_hours(each).min(top);
        achieved += per_year * freq * each;
        entries.push(Entry {
            period: task.period,
            frequency: freq,
            hours_each: each,
        });
    }
    // The task with the finest step (most occurrences a year) absorbs the rounding, at a
    // tenth of an hour, within its plausible range.
    let fine = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (i, cal.per_year(e.period) * e.frequency))
        .fold((0, f64::MIN), |a, b| if b.1 > a.1 { b } else { a })
        .0;
    let e = &mut entries[fine];
    let step = cal.per_year(e.period) * e.frequency;
    let before = step * e.hours_each;
    let wanted = (before + target - achieved) / step;
    e.hours_each = ((wanted * 10.0).round() / 10.0).clamp(0.1, max_each(e.period));
    achieved += step * e.hours_each - before;
    (entries, target - achieved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn fill_hits_the_target_within_rounding() {
        let mut rng = StdRng::seed_from_u64(3);
        let mut names = Interner::default();
        let cal = Calendar::default();
        for kind in [Kind::Street, Kind::Finance, Kind::Archive] {
            let tasks = choose_tasks(&mut rng, kind, 8, &mut names);
            assert_eq!(tasks.len(), 8);
            let (entries, carry) = fill(&mut rng, &tasks, 2000.0, &cal);
            let total: f64 = entries
                .iter()
                .map(|e| cal.per_year(e.period) * e.frequency * e.hours_each)
                .sum();
            assert!((total + carry - 2000.0).abs() < 1e-6);
            assert!(carry.abs() < 40.0, "carry {carry}");
            assert!(entries.iter().all(|e| e.hours_each >= 0.1 && e.frequency >= 1.0));
            assert!(entries.iter().all(|e| e.hours_each <= max_each(e.period)));
        }
    }

    #[test]
    fn more_tasks_than_the_lists_hold_are_numbered() {
        let mut rng = StdRng::seed_from_u64(1);
        let mut names = Interner::default();
        let tasks = choose_tasks(&mut rng, Kind::Archive, 30, &mut names);
        assert_eq!(tasks.len(), 30);
        let distinct: std::collections::HashSet<_> = tasks.iter().map(|t| t.name.clone()).collect();
        assert_eq!(distinct.len(), 30);
        assert!(tasks.iter().any(|t| t.name.starts_with("其他临时性工作")));
    }
}

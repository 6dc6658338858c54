//! The bundled sample: 青川区, a fictional county-level district of 66 units in 16 systems,
//! three years of staffing and survey, with the situations the analysis must find built in
//! (see the `stories` of the district it returns).

use super::names;
use super::tasks::{self, Interner, Kind, PersonTask};
use super::{District, RosterRow, Sex, StaffingRow, Story, StoryKind, SurveyRow, year_span};
use crate::model::{Calendar, QuotaType};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::HashSet;
use std::sync::Arc;

const SEED: u64 = 2025_1231;
pub(crate) const YEARS: [i32; 3] = [2023, 2024, 2025];
const NAME: &str = "青川区";

/// The unit whose 2025 survey carries a misspelled name, and the misspelling.
pub(crate) const MISSPELLED: (&str, &str) = ("区档案馆", "区挡案馆");

use QuotaType::{
    Administrative as XZ, CivilServiceManaged as CG, LawEnforcement as ZF, PublicInstitution as SY, Service as GQ,
};

/// One unit of the sample. Unless a field says otherwise the unit is balanced and nearly full.
#[derive(Debug, Clone, Copy)]
pub(crate) struct UnitSpec {
    pub dept: &'static str,
    pub name: &'static str,
    pub category: &'static str,
    pub kind: Kind,
    /// Approved quotas per type in the latest year; the first type holds the leadership posts.
    pub types: &'static [(QuotaType, u32)],
    pub posts: u32,
    /// Saturation in each year; `None` draws a balanced one.
    load: Option<[f64; 3]>,
    /// (type index, people over quota in the latest year).
    over: Option<(usize, u32)>,
    /// Quotas of the first type left vacant in every year.
    vacant: u32,
    over_leaders: bool,
    low_perf: bool,
    shrinking: bool,
    /// Approved quota of the first type in the first year, when it has grown since.
    first_year_approved: Option<u32>,
}

const fn u(
    dept: &'static str,
    name: &'static str,
    category: &'static str,
    kind: Kind,
    types: &'static [(QuotaType, u32)],
    posts: u32,
) -> UnitSpec {
    UnitSpec {
        dept,
        name,
        category,
        kind,
        types,
        posts,
        load: None,
        over: None,
        vacant: 0,
        over_leaders: false,
        low_perf: false,
        shrinking: false,
        first_year_approved: None,
    }
}

impl UnitSpec {
    const fn load(mut self, s: [f64; 3]) -> Self {
        self.load = Some(s);
        self
    }
    const fn over(mut self, type_index: usize, people: u32) -> Self {
        self.over = Some((type_index, people));
        self
    }
    const fn idle(mut self, vacant: u32, s: [f64; 3]) -> Self {
        self.vacant = vacant;
        self.load = Some(s);
        self
    }
    const fn over_leaders(mut self) -> Self {
        self.over_leaders = true;
        self
    }
    const fn low_perf(mut self, s: [f64; 3]) -> Self {
        self.low_perf = true;
        self.load = Some(s);
        self
    }
    const fn shrinking(mut self, s: [f64; 3]) -> Self {
        self.shrinking = true;
        self.load = Some(s);
        self
    }
    const fn grew_from(mut self, approved: u32) -> Self {
        self.first_year_approved = Some(approved);
        self
    }
    fn overloaded(&self) -> bool {
        self.load.is_some_and(|s| s.iter().all(|&x| x >= 1.2))
    }
}

const D_PARTY: &str = "区委办公室";
const D_GOV: &str = "区政府办公室";
const D_DEV: &str = "区发展和改革局";
const D_EDU: &str = "区教育局";
const D_POLICE: &str = "区公安分局";
const D_JUSTICE: &str = "区司法局";
const D_FIN: &str = "区财政局";
const D_HR: &str = "区人力资源和社会保障局";
const D_LAND: &str = "区自然资源局";
const D_BUILD: &str = "区住房和城乡建设局";
const D_AGRI: &str = "区农业农村局";
const D_HEALTH: &str = "区卫生健康局";
const D_EMERG: &str = "区应急管理局";
const D_MARKET: &str = "区市场监督管理局";
const D_ENF: &str = "区综合行政执法局";
const D_DISTRICT: &str = "区人民政府";

const JG: &str = "党政机关";
const SYDW: &str = "事业单位";
const JD: &str = "街道";
const XZ_TOWN: &str = "乡镇";
const KEY: &str = "重点领域";
const ZFJG: &str = "政法机关";

/// The 66 units, in the order the staffing table lists them.
#[rustfmt::skip]
pub(crate) const UNITS: &[UnitSpec] = &[
    u(D_PARTY, "区委办公室", JG, Kind::Office, &[(XZ, 24), (GQ, 3)], 5).over(0, 2),
    u(D_PARTY, "区委保密机要服务中心", SYDW, Kind::Archive, &[(SY, 6)], 2),
    u(D_PARTY, "区档案馆", SYDW, Kind::Archive, &[(CG, 8)], 2),
    u(D_GOV, "区政府办公室", JG, Kind::Office, &[(XZ, 22), (GQ, 4)], 5),
    u(D_GOV, "区政务服务和大数据管理中心", SYDW, Kind::Service, &[(SY, 18)], 3),
    u(D_GOV, "区机关事务服务中心", SYDW, Kind::Logistics, &[(SY, 10), (GQ, 8)], 2).over_leaders(),
    u(D_GOV, "区金融服务中心", SYDW, Kind::Service, &[(SY, 8)], 2).idle(4, [0.52, 0.47, 0.50]),
    u(D_DEV, "区发展和改革局", JG, Kind::Development, &[(XZ, 18)], 5).over_leaders(),
    u(D_DEV, "区价格认证中心", SYDW, Kind::Development, &[(SY, 5)], 1),
    u(D_DEV, "区粮食和物资储备服务中心", SYDW, Kind::Development, &[(SY, 12)], 2).idle(5, [0.56, 0.51, 0.54]),
    u(D_DEV, "区科技创新服务中心", KEY, Kind::Tech, &[(SY, 10)], 2).load([1.26, 1.34, 1.42]),
    u(D_DEV, "区重点项目服务中心", SYDW, Kind::Development, &[(SY, 8)], 2),
    u(D_EDU, "区教育局", JG, Kind::Education, &[(XZ, 16)], 5),
    u(D_EDU, "区教育考试中心", SYDW, Kind::Education, &[(SY, 6)], 2),
    u(D_EDU, "区教育技术装备中心", SYDW, Kind::Education, &[(SY, 10)], 2).idle(4, [0.55, 0.58, 0.53]),
    u(D_EDU, "区教师发展中心", SYDW, Kind::Education, &[(SY, 14)], 3),
    u(D_EDU, "区青少年活动中心", SYDW, Kind::Education, &[(SY, 9)], 2),
    u(D_POLICE, "区公安分局", ZFJG, Kind::Police, &[(ZF, 150), (GQ, 12)], 8),
    u(D_POLICE, "区公安分局交通警察大队", ZFJG, Kind::Police, &[(ZF, 40)], 4),
    u(D_JUSTICE, "区司法局", ZFJG, Kind::Justice, &[(ZF, 16)], 4),
    u(D_JUSTICE, "区公共法律服务中心", SYDW, Kind::Justice, &[(SY, 8)], 2),
    u(D_JUSTICE, "区社区矫正管理中心", ZFJG, Kind::Justice, &[(ZF, 6)], 2),
    u(D_FIN, "区财政局", JG, Kind::Finance, &[(XZ, 20)], 5),
    u(D_FIN, "区财政国库支付中心", SYDW, Kind::Finance, &[(CG, 12)], 2).over(0, 1),
    u(D_FIN, "区财政投资评审中心", SYDW, Kind::Finance, &[(SY, 8)], 2),
    u(D_FIN, "区非税收入管理中心", SYDW, Kind::Finance, &[(CG, 10)], 2).shrinking([0.98, 0.84, 0.70]),
    u(D_HR, "区人力资源和社会保障局", JG, Kind::HumanResources, &[(XZ, 15)], 5),
    u(D_HR, "区社会保险事业管理中心", SYDW, Kind::HumanResources, &[(CG, 20), (SY, 6)], 3),
    u(D_HR, "区就业服务中心", SYDW, Kind::HumanResources, &[(SY, 10)], 2),
    u(D_HR, "区劳动人事争议仲裁院", SYDW, Kind::HumanResources, &[(SY, 6)], 2),
    u(D_LAND, "区自然资源局", JG, Kind::NaturalResources, &[(XZ, 16)], 5),
    u(D_LAND, "区不动产登记中心", SYDW, Kind::NaturalResources, &[(SY, 15)], 3),
    u(D_LAND, "区土地储备中心", SYDW, Kind::NaturalResources, &[(SY, 8)], 2).shrinking([1.00, 0.86, 0.72]),
    u(D_LAND, "区测绘地理信息服务中心", SYDW, Kind::NaturalResources, &[(SY, 10)], 2).idle(4, [0.50, 0.46, 0.48]),
    u(D_BUILD, "区住房和城乡建设局", JG, Kind::Construction, &[(XZ, 14)], 4).over_leaders(),
    u(D_BUILD, "区房产服务中心", SYDW, Kind::Construction, &[(SY, 12)], 2),
    u(D_BUILD, "区建设工程质量安全监督站", SYDW, Kind::Construction, &[(CG, 12)], 2),
    u(D_BUILD, "区人民防空事务中心", SYDW, Kind::Construction, &[(SY, 6)], 2),
    u(D_AGRI, "区农业农村局", JG, Kind::Agriculture, &[(XZ, 16)], 5),
    u(D_AGRI, "区农业技术推广中心", SYDW, Kind::Agriculture, &[(SY, 20)], 3),
    u(D_AGRI, "区农村经营管理站", SYDW, Kind::Agriculture, &[(SY, 8)], 2).low_perf([0.72, 0.86, 0.66]),
    u(D_AGRI, "区动物疫病预防控制中心", SYDW, Kind::Agriculture, &[(SY, 10)], 2),
    u(D_HEALTH, "区卫生健康局", JG, Kind::Health, &[(XZ, 14)], 5),
    u(D_HEALTH, "区疾病预防控制中心", SYDW, Kind::Health, &[(SY, 40)], 4).over(0, 2),
    u(D_HEALTH, "区卫生健康综合监督执法大队", SYDW, Kind::Health, &[(CG, 12)], 2),
    u(D_HEALTH, "区人口和计划生育服务中心", SYDW, Kind::Health, &[(SY, 8)], 2).shrinking([0.93, 0.79, 0.65]),
    u(D_EMERG, "区应急管理局", JG, Kind::Emergency, &[(XZ, 12)], 4),
    u(D_EMERG, "区应急救援指挥中心", KEY, Kind::Emergency, &[(SY, 8)], 2).load([1.22, 1.27, 1.31]),
    u(D_EMERG, "区安全生产执法大队", KEY, Kind::Emergency, &[(CG, 10)], 2).load([1.24, 1.30, 1.28]),
    u(D_MARKET, "区市场监督管理局", JG, Kind::Market, &[(XZ, 30), (GQ, 3)], 6),
    u(D_MARKET, "区市场监管综合执法大队", SYDW, Kind::Market, &[(CG, 24)], 3),
    u(D_MARKET, "区食品药品检验检测中心", SYDW, Kind::Market, &[(SY, 10)], 2),
    u(D_MARKET, "区个体私营经济服务中心", SYDW, Kind::Market, &[(SY, 6)], 2).low_perf([0.70, 0.84, 0.64]),
    u(D_ENF, "区综合行政执法局", JG, Kind::Enforcement, &[(XZ, 10)], 4),
    u(D_ENF, "区综合行政执法大队", KEY, Kind::Enforcement, &[(CG, 45)], 4).load([1.28, 1.34, 1.40]).grew_from(40),
    u(D_ENF, "区环境卫生服务中心", SYDW, Kind::Enforcement, &[(SY, 12), (GQ, 20)], 2),
    u(D_DISTRICT, "城关街道办事处", JD, Kind::Street, &[(XZ, 28), (SY, 16)], 7).load([1.36, 1.41, 1.45]),
    u(D_DISTRICT, "东城街道办事处", JD, Kind::Street, &[(XZ, 25), (SY, 15)], 6).load([1.28, 1.31, 1.33]).over(1, 2),
    u(D_DISTRICT, "西城街道办事处", JD, Kind::Street, &[(XZ, 24), (SY, 14)], 6).load([1.22, 1.25, 1.27]),
    u(D_DISTRICT, "南湖街道办事处", JD, Kind::Street, &[(XZ, 22), (SY, 12)], 6).load([1.35, 1.38, 1.42]),
    u(D_DISTRICT, "北山街道办事处", JD, Kind::Street, &[(XZ, 20), (SY, 12)], 6).load([1.21, 1.24, 1.29]),
    u(D_DISTRICT, "青石镇人民政府", XZ_TOWN, Kind::Township, &[(XZ, 30), (SY, 20)], 7).load([1.20, 1.23, 1.26]),
    u(D_DISTRICT, "龙泉镇人民政府", XZ_TOWN, Kind::Township, &[(XZ, 25), (SY, 15)], 7),
    u(D_DISTRICT, "柳河镇人民政府", XZ_TOWN, Kind::Township, &[(XZ, 22), (SY, 12)], 6),
    u(D_DISTRICT, "白沙乡人民政府", XZ_TOWN, Kind::Township, &[(XZ, 18), (SY, 10)], 5),
    u(D_DISTRICT, "高新技术产业开发区管理委员会", KEY, Kind::DevZone, &[(XZ, 15), (SY, 20)], 5).load([1.38, 1.44, 1.48]),
];

/// Most vacancies a unit may carry while staying under a 10% vacancy rate.
pub(crate) fn max_vacant(approved: u32) -> u32 {
    approved.div_ceil(10).saturating_sub(1)
}

/// Titles of the leaders in a unit, by rank: the head, then (for 街道 and 乡镇) the
/// government head, then deputies.
pub(crate) fn leader_title(unit: &str, rank: usize) -> &'static str {
    let (first, second, deputy) = if unit.ends_with("街道办事处") || unit.ends_with("管理委员会") {
        ("党工委书记", "主任", "副主任")
    } else if unit.ends_with("镇人民政府") {
        ("党委书记", "镇长", "副镇长")
    } else if unit.ends_with("乡人民政府") {
        ("党委书记", "乡长", "副乡长")
    } else if unit.ends_with('局') {
        ("局长", "副局长", "副局长")
    } else if unit.ends_with("大队") {
        ("大队长", "副大队长", "副大队长")
    } else if unit.ends_with('站') {
        ("站长", "副站长", "副站长")
    } else if unit.ends_with('馆') {
        ("馆长", "副馆长", "副馆长")
    } else if unit.ends_with('院') {
        ("院长", "副院长", "副院长")
    } else {
        ("主任", "副主任", "副主任")
    };
    match rank {
        0 => first,
        1 => second,
        _ => deputy,
    }
}

/// Posts of people who are not leaders, by quota type.
pub(crate) fn staff_titles(quota_type: QuotaType, kind: Kind) -> &'static [&'static str] {
    match (quota_type, kind) {
        (QuotaType::LawEnforcement, Kind::Police) => {
            &["一级警长", "二级警长", "三级警长", "四级警长", "一级警员", "二级警员"]
        }
        (QuotaType::PublicInstitution, _) => &[
            "管理岗八级",
            "管理岗九级",
            "专技岗九级",
            "专技岗十级",
            "专技岗十一级",
            "专技岗十二级",
        ],
        (QuotaType::Service, _) => &["技师", "高级工", "中级工", "驾驶员"],
        _ => &[
            "一级主任科员",
            "二级主任科员",
            "三级主任科员",
            "四级主任科员",
            "一级科员",
            "二级科员",
        ],
    }
}

/// A person of a unit's pool: present in a year when their index is below that year's staff.
pub(crate) struct Person {
    pub name: Arc<str>,
    pub sex: Sex,
    pub tasks: Vec<PersonTask>,
    /// Relative workload within the unit (normalised per year).
    pub factor: f64,
}

/// Survey rows of one unit in one year: `target` hours spread over `people`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn survey_rows(
    rng: &mut StdRng,
    unit: &Arc<str>,
    people: &[Person],
    target: f64,
    year: i32,
    direct_share: f64,
    cal: &Calendar,
    out: &mut Vec<SurveyRow>,
) {
    let fsum: f64 = people.iter().map(|p| p.factor).sum();
    let mut carry = 0.0;
    for p in people {
        let want = target * p.factor / fsum + carry;
        let (entries, left) = tasks::fill(rng, &p.tasks, want, cal);
        carry = left;
        for (task, e) in p.tasks.iter().zip(entries) {
            let direct = direct_share > 0.0 && rng.random_bool(direct_share);
            let row = if direct {
                // Some people give the year's total in whole hours instead.
                let annual = cal.per_year(e.period) * e.frequency * e.hours_each;
                SurveyRow {
                    unit: unit.clone(),
                    person: p.name.clone(),
                    task: task.name.clone(),
                    period: None,
                    frequency: None,
                    hours_each: None,
                    annual_hours: Some(annual.round().max(1.0)),
                    year,
                }
            } else {
                SurveyRow {
                    unit: unit.clone(),
                    person: p.name.clone(),
                    task: task.name.clone(),
                    period: Some(e.period),
                    frequency: Some(e.frequency),
                    hours_each: Some(e.hours_each),
                    annual_hours: None,
                    year,
                }
            };
            out.push(row);
        }
    }
}

/// Staff of each type in each year, following the spec's story.
fn staff_by_year(rng: &mut StdRng, spec: &UnitSpec) -> Vec<[(u32, u32); 3]> {
    let n = YEARS.len();
    spec.types
        .iter()
        .enumerate()
        .map(|(t, &(_, approved))| {
            let mut e = [approved; 3];
            if t == 0
                && let Some(first) = spec.first_year_approved
            {
                e[0] = first;
            }
            let mut a = [0u32; 3];
            for k in 0..n {
                a[k] = e[k] - rng.random_range(0..=max_vacant(e[k]));
            }
            // Units hire towards their quota: staff never falls, so workload does not either.
            for k in 1..n {
                a[k] = a[k].max(a[k - 1]).min(e[k]);
            }
            if spec.shrinking || spec.low_perf {
                a = e;
            }
            if t == 0 && spec.vacant > 0 {
                a = e.map(|x| x - spec.vacant);
            }
            if let Some((ot, extra)) = spec.over
                && ot == t
            {
                a = [e[0], e[1] + extra / 2, e[2] + extra];
            }
            [(e[0], a[0]), (e[1], a[1]), (e[2], a[2])]
        })
        .collect()
}

/// What the sample is built into, unit by unit, with the one random sequence it is drawn from.
struct Build {
    rng: StdRng,
    cal: Calendar,
    h: f64,
    text: Interner,
    roster: Vec<RosterRow>,
    /// Survey rows per year, so the table reads year by year.
    survey: Vec<Vec<SurveyRow>>,
    stories: Vec<Story>,
    staffing_by_year: Vec<Vec<StaffingRow>>,
}

/// One unit's figures over the years, drawn in the order the sample has always drawn them.
struct UnitFigures {
    unit: Arc<str>,
    staff: Vec<[(u32, u32); 3]>,
    leaders: [u32; 3],
    load: [f64; 3],
    perf: [f64; 3],
}

pub(crate) fn build() -> District {
    let cal = Calendar::default();
    let mut b = Build {
        rng: StdRng::seed_from_u64(SEED),
        h: cal.available_hours(),
        cal,
        text: Interner::default(),
        roster: Vec::new(),
        survey: vec![Vec::new(); YEARS.len()],
        stories: Vec::new(),
        staffing_by_year: vec![Vec::new(); YEARS.len()],
    };
    for (ui, spec) in UNITS.iter().enumerate() {
        let f = staffing_of(&mut b, spec);
        people_of(&mut b, ui, spec, &f);
        b.stories
            .extend(unit_stories(spec, &f.unit, &f.staff, f.leaders, f.load, f.perf));
    }
    let staffing: Vec<StaffingRow> = std::mem::take(&mut b.staffing_by_year).into_iter().flatten().collect();
    add_survey_faults(&mut b.survey, &mut b.stories, &mut b.text);
    let survey: Vec<SurveyRow> = b.survey.into_iter().flatten().collect();
    let (standards, volumes, told) = super::standards::from_survey(&survey, &b.cal, MISSPELLED);
    b.stories.extend(told);
    let years = YEARS.to_vec();
    District {
        name: NAME.to_string(),
        staffing_title: format!("{NAME}{}机构编制情况统计表", year_span(&years)),
        roster_title: format!("{NAME}{}年度机关事业单位实名制人员花名册", YEARS[2]),
        survey_title: format!("{NAME}{}部门职能工作量调查汇总表", year_span(&years)),
        note: format!(
            "填报单位：{NAME}委机构编制委员会办公室　　统计截止日期：{}年12月31日",
            YEARS[2]
        ),
        staffing,
        roster: b.roster,
        survey,
        standards_title: format!("{NAME}工作活动标准（工时定额）"),
        volumes_title: format!("{NAME}{}业务量统计表", year_span(&years)),
        standards,
        volumes,
        stories: b.stories,
    }
}

/// A unit's staffing rows for every year, and the figures the rest of its rows follow.
fn staffing_of(b: &mut Build, spec: &UnitSpec) -> UnitFigures {
    let unit = b.text.get(spec.name);
    let dept = b.text.get(spec.dept);
    let category = b.text.get(spec.category);
    let staff = staff_by_year(&mut b.rng, spec);
    let load = spec.load.unwrap_or_else(|| {
        let base = b.rng.random_range(0.88..1.0);
        [0; 3].map(|_| base + b.rng.random_range(-0.03..0.03))
    });
    let score = |rng: &mut StdRng, lo: f64, hi: f64| (rng.random_range(lo..hi) * 2.0).round() / 2.0;
    let perf: [f64; 3] = if spec.low_perf {
        [0; 3].map(|_| score(&mut b.rng, 62.0, 69.5))
    } else if spec.vacant > 0 {
        [0; 3].map(|_| score(&mut b.rng, 72.0, 79.0))
    } else {
        [0; 3].map(|_| score(&mut b.rng, 78.0, 96.0))
    };
    let main_staff = |k: usize| staff[0][k].1;
    let leaders: [u32; 3] = [0, 1, 2].map(|k| {
        let l = if spec.over_leaders && k > 0 {
            spec.posts + 1
        } else {
            spec.posts - b.rng.random_range(0..=u32::from(spec.posts > 1))
        };
        l.min(main_staff(k))
    });

    for k in 0..YEARS.len() {
        for (t, &(qt, _)) in spec.types.iter().enumerate() {
            let (approved, actual) = staff[t][k];
            b.staffing_by_year[k].push(StaffingRow {
                department: dept.clone(),
                unit: unit.clone(),
                category: category.clone(),
                quota_type: qt,
                year: YEARS[k],
                approved,
                actual,
                leader_posts: if t == 0 { spec.posts } else { 0 },
                leaders_actual: if t == 0 { leaders[k] } else { 0 },
                performance: perf[k],
            });
        }
    }

    UnitFigures {
        unit,
        staff,
        leaders,
        load,
        perf,
    }
}

/// A unit's people: its roster rows, and its survey rows for every year.
fn people_of(b: &mut Build, ui: usize, spec: &UnitSpec, f: &UnitFigures) {
    let UnitFigures {
        unit,
        staff,
        leaders,
        load,
        ..
    } = f;
    let total = |k: usize| staff.iter().map(|s| s[k].1).sum::<u32>();
    // The pool is the latest year's people: staff never falls, so earlier years are a prefix.
    let latest = YEARS.len() - 1;
    let pool_size = (0..YEARS.len()).map(total).max().unwrap_or(0) as usize;
    let spread = if spec.vacant > 0 || spec.low_perf {
        0.45..1.55
    } else {
        0.75..1.3
    };
    let mut taken = HashSet::new();
    let mut people: Vec<Person> = (0..pool_size)
        .map(|_| {
            let (name, sex) = names::person(&mut b.rng, &mut taken);
            let n_tasks = b.rng.random_range(5..=10);
            Person {
                name: b.text.get(&name),
                sex,
                tasks: tasks::choose_tasks(&mut b.rng, spec.kind, n_tasks, &mut b.text),
                factor: b.rng.random_range(spread.clone()),
            }
        })
        .collect();
    // A few people in ordinary units report far more than a year's hours.
    if spec.load.is_none() && ui % 7 == 3 && people.len() > 2 {
        people[1].factor *= 1.7;
    }

    let mut i = 0usize;
    for (t, &(qt, _)) in spec.types.iter().enumerate() {
        let titles = staff_titles(qt, spec.kind);
        for _ in 0..staff[t][latest].1 {
            let p = &people[i];
            let leader = t == 0 && (i as u32) < leaders[latest];
            let post = if leader {
                leader_title(spec.name, i)
            } else {
                titles[b.rng.random_range(0..titles.len())]
            };
            b.roster.push(RosterRow {
                unit: unit.clone(),
                name: p.name.clone(),
                sex: p.sex,
                quota_type: qt,
                post: b.text.get(post),
                leader,
            });
            i += 1;
        }
    }

    for (k, &year) in YEARS.iter().enumerate() {
        let present = &people[..total(k) as usize];
        let target = load[k] * b.h * f64::from(total(k));
        let survey_unit = if year == YEARS[latest] && spec.name == MISSPELLED.0 {
            b.text.get(MISSPELLED.1)
        } else {
            unit.clone()
        };
        survey_rows(
            &mut b.rng,
            &survey_unit,
            present,
            target,
            year,
            0.04,
            &b.cal,
            &mut b.survey[k],
        );
    }
}

fn unit_stories(
    spec: &UnitSpec,
    unit: &Arc<str>,
    staff: &[[(u32, u32); 3]],
    leaders: [u32; 3],
    load: [f64; 3],
    perf: [f64; 3],
) -> Vec<Story> {
    let story = |kind, detail: String| Story {
        unit: unit.clone(),
        kind,
        detail,
    };
    let mut out = Vec::new();
    if let Some((t, _)) = spec.over {
        let (e, a) = staff[t][2];
        out.push(story(
            StoryKind::OverQuota,
            format!(
                "{}年度{}核定{e}名、实有{a}人，超编{}人",
                YEARS[2],
                spec.types[t].0.canonical(),
                a - e
            ),
        ));
    }
    if spec.over_leaders {
        out.push(story(
            StoryKind::OverLeaders,
            format!("领导职数{}名，实配{}名", spec.posts, leaders[2]),
        ));
    }
    if spec.vacant > 0 {
        out.push(story(
            StoryKind::LongIdle,
            format!(
                "三年均空编{}名，饱和度{:.2}、{:.2}、{:.2}",
                spec.vacant, load[0], load[1], load[2]
            ),
        ));
    }
    if spec.shrinking {
        out.push(story(
            StoryKind::ShrinkingWork,
            format!(
                "人员不变，饱和度逐年下降：{:.2}、{:.2}、{:.2}",
                load[0], load[1], load[2]
            ),
        ));
    }
    if spec.low_perf {
        out.push(story(
            StoryKind::LowEfficiency,
            format!(
                "绩效考评{:.1}、{:.1}、{:.1}分，饱和度{:.2}、{:.2}、{:.2}",
                perf[0], perf[1], perf[2], load[0], load[1], load[2]
            ),
        ));
    }
    if spec.overloaded() {
        out.push(story(
            StoryKind::Overloaded,
            format!(
                "{}，饱和度{:.2}、{:.2}、{:.2}",
                spec.category, load[0], load[1], load[2]
            ),
        ));
    }
    out
}

/// The survey's mistakes: a misspelled unit, duplicate rows, an implausible hour count.
fn add_survey_faults(survey: &mut [Vec<SurveyRow>], stories: &mut Vec<Story>, text: &mut Interner) {
    let last = YEARS.len() - 1;
    stories.push(Story {
        unit: text.get(MISSPELLED.1),
        kind: StoryKind::NotInStaffing,
        detail: format!(
            "{}年度工作量调查中“{}”误写为“{}”",
            YEARS[last], MISSPELLED.0, MISSPELLED.1
        ),
    });
    stories.push(Story {
        unit: text.get(MISSPELLED.0),
        kind: StoryKind::SurveyMissing,
        detail: format!("{}年度工作量调查中找不到该单位（名称误写）", YEARS[last]),
    });

    // Pasted twice: a row of the second person of 区财政局 (2025) and of 区教师发展中心 (2024).
    for (k, unit, nth_person) in [(last, "区财政局", 1usize), (1, "区教师发展中心", 2)] {
        let rows = &mut survey[k];
        let mut seen = Vec::new();
        let at = rows.iter().position(|r| {
            if &*r.unit != unit {
                return false;
            }
            if !seen.contains(&r.person) {
                seen.push(r.person.clone());
            }
            seen.len() == nth_person + 1
        });
        if let Some(i) = at {
            let dup = rows[i].clone();
            rows.insert(i + 1, dup);
            stories.push(Story {
                unit: text.get(unit),
                kind: StoryKind::DuplicateRows,
                detail: format!("{}年度“{}”的“{}”一行重复填报", YEARS[k], rows[i].person, rows[i].task),
            });
        }
    }

    // One occurrence reported at 36 hours, more than a working day can hold.
    let k = 1;
    if let Some(i) = survey[k].iter().position(|r| &*r.unit == "区公安分局") {
        let mut row = survey[k][i].clone();
        row.task = text.get("年度执法质量考评迎检");
        row.period = Some(crate::model::Period::Year);
        row.frequency = Some(1.0);
        row.hours_each = Some(36.0);
        row.annual_hours = None;
        stories.push(Story {
            unit: row.unit.clone(),
            kind: StoryKind::ImplausibleHours,
            detail: format!("{}年度“{}”填报单次用时36小时", YEARS[k], row.person),
        });
        survey[k].insert(i + 1, row);
    }
}

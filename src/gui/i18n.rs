//! Every word the window shows that the engine does not already translate. Column, band,
//! flag and metric labels come from [`crate::i18n`] and [`crate::report::metric_label`].

use crate::Lang;

/// Declares [`T`] and its words together, so that every variant has its text in both
/// languages (a missing one does not compile).
macro_rules! words {
    ($($name:ident => ($zh:expr, $en:expr)),* $(,)?) => {
        /// A visible string of the GUI.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum T {
            $($name),*
        }

        /// (Chinese, English) of each [`T`], in the order of the variants.
        const WORDS: &[(&str, &str)] = &[$(($zh, $en)),*];
    };
}

words! {
    AppTitle => ("编制饱和度分析", "Staffing saturation analysis"),
    Undo => ("撤销", "Undo"),
    HideParams => ("隐藏参数", "Hide parameters"),
    ShowParams => ("显示参数", "Show parameters"),
    NamesThatDiffer => ("名称不一致的单位", "Names that differ"),
    NamesHint => ("工作量调查中的这些单位不在编制表中，未计入。选择它们在编制表中对应的单位后点“对应”；对应关系随项目保存。", "These survey units are not in the staffing table and were left out. Choose the staffing unit each means and click Match; the match is saved with the project."),
    ChooseUnit => ("选择编制表中的单位", "Choose a staffing unit"),
    MatchName => ("对应", "Match"),
    UnmatchName => ("取消对应", "Undo match"),
    CopyTable => ("复制表格", "Copy table"),
    CopyTableHint => ("把当前视图的表格（按当前筛选）复制为可直接粘贴到 Excel/WPS 的文本", "Copy the view's table (as filtered) as text that pastes into Excel or WPS"),
    TableCopied => ("表格已复制，可粘贴到 Excel/WPS", "Table copied: paste it into Excel or WPS"),
    NothingToCopy => ("这个视图没有可复制的表格", "This view has no table to copy"),
    Help => ("术语与公式", "Terms and formulas"),
    QuotaSaturationShort => ("编制饱和度", "quota saturation"),
    PostsShortShort => ("编制缺口", "posts short"),
    BeforeAfterBasis => ("方案调整编制，不调动人员：调整前后都按实有人数不变计算。编制饱和度 = 应需人数 ÷ 编制数；空编、超编为编制数与实有人数之差；编制缺口 = 应需人数 − 编制数。", "The plan moves posts, not people: before and after keep the staff in post. Quota saturation = required ÷ posts; vacancy and over-quota compare posts with staff; posts short = required − posts."),
    VacancyShort => ("空编", "vacant"),
    OverQuotaShort => ("超编", "over quota"),
    PlanRecomputed => ("参数或规则改变后，方案已重新计算", "The plan was recomputed after the change"),
    MovedShort => ("调剂总数", "posts moved"),
    NoTargetChanged => ("；各单位方案编制数未变", "; no unit's target changed"),
    TargetsChanged => ("；方案编制数变化的单位", "; units whose target changed"),
    Redo => ("重做", "Redo"),
    ParamsInvalid => ("参数有误，尚未重新计算；以下仍为上一组有效参数的结果：", "These parameters cannot be used and nothing was recomputed; the figures below are from the last valid ones: "),
    ChooserOpen => ("打开", "Open"),
    ChooserSave => ("保存", "Save"),
    NewFolder => ("新建文件夹", "New folder"),
    FileName => ("文件名：", "File name:"),
    ShowHidden => ("显示隐藏文件", "Show hidden files"),
    Refresh => ("刷新", "Refresh"),
    ParentFolder => ("上一级文件夹", "Parent folder"),
    NativeDialogFailed => ("系统文件对话框无法打开，已改用应用内的文件选择窗口（原因见日志）", "The system's file dialog could not open: the app's own chooser is used (the log says why)"),
    UseInAppChooser => ("使用应用内文件选择窗口", "Use the app's own file chooser"),
    Allowances => ("宽放系数", "Allowances"),
    CategoryShare => ("类别宽放（占比）", "Category allowance (share of time)"),
    IndividualHours => ("个人宽放（小时/年）", "Individual allowance (h/year)"),
    PersonMaxMultiple => ("个人工时上限（倍）", "Person's hours limit (× available time)"),
    MaxHoursEach => ("单次用时上限（小时）", "Longest plausible single occurrence (h)"),
    CapPersonHours => ("个人工时超上限按上限计", "Cap a person's hours at the limit"),
    DropDuplicates => ("重复填报行只计一次", "Count exact duplicate rows once"),
    RedLineRules => ("预警规则", "Red-line rules"),
    LongIdleYears => ("长期闲置：连续年数", "Long idle: consecutive years"),
    IdleVacancyRate => ("闲置：空编率不低于", "Idle: vacancy rate at least"),
    ShrinkingYears => ("职能弱化：下降年数", "Shrinking work: years of decline"),
    ShrinkingMinDrop => ("职能弱化：降幅不低于", "Shrinking work: total fall at least"),
    LowPerformanceBelow => ("效益不高：绩效低于", "Low efficiency: score below"),
    IdleWhenUnderloaded => ("不饱和年度计为闲置", "A year under-loaded also counts as idle"),
    MoreMoved => ("图中为增减最多的各 30 个单位；其余变动见“调剂明细”和“各单位方案”，另有单位数：", "The 30 largest gains and losses are shown; the tables list the rest. Units not shown: "),
    AllOf => ("全部", "All: "),
    About => ("关于 Satlas", "About Satlas"),
    LogFile => ("日志文件", "Log file"),
    NoLog => ("（未记录日志）", "(no log)"),
    SettingsFile => ("设置文件", "Settings file"),
    FontLicence => ("界面字体：思源黑体（Noto Sans SC）GB2312 子集，SIL 开源字体许可证 1.1。", "Interface font: Noto Sans SC, GB2312 subset, SIL Open Font License 1.1."),
    CopyLogPath => ("复制日志路径", "Copy the log's path"),
    CopyDetail => ("复制错误详情", "Copy the error detail"),
    Project => ("项目", "Project"),
    OpenProject => ("打开项目…", "Open project…"),
    SaveProject => ("保存项目", "Save project"),
    SaveProjectAs => ("项目另存为…", "Save project as…"),
    RecentProjects => ("最近的项目", "Recent projects"),
    RecentFiles => ("最近的文件", "Recent files"),
    NothingRecent => ("（无）", "(none)"),
    ExportViewTables => ("导出本页表格…", "Export this view's tables…"),
    ExportReport => ("导出完整报告…", "Export the full report…"),
    Exported => ("已导出", "Exported"),
    ProjectSaved => ("项目已保存", "Project saved"),
    DarkTheme => ("深色", "Dark"),
    LightTheme => ("浅色", "Light"),
    Sources => ("数据源", "Sources"),
    NotLoaded => ("未载入", "not loaded"),
    Open => ("打开…", "Open…"),
    Remove => ("移除", "Remove"),
    Format => ("格式", "Format"),
    Encoding => ("编码", "Encoding"),
    HeaderRows => ("表头所在行", "Header rows"),
    Field => ("字段", "Field"),
    MatchedColumn => ("对应的列", "Matched column"),
    FirstValues => ("前几个值", "First values"),
    ReadBasis => ("依据与把握", "Basis and confidence"),
    CheckMapping => ("查看列对应", "Check the mapping"),
    ChooseColumnHint => ("请在下表中为缺少的字段选择一列，选定后自动重新读取。", "Choose a column for the missing field below; the file is read again once chosen."),
    Automatic => ("（自动识别）", "(automatic)"),
    ChosenMark => ("（手动指定）", " (chosen)"),
    Unmatched => ("（未找到）", "(not found)"),
    MappingHint => ("更改对应的列或工作表后，将重新读取该文件并重新计算；选择随项目一同保存。", "Changing a column or the sheet re-reads the file and recomputes; the choices are saved with the project."),
    ResetMapping => ("恢复自动识别", "Back to automatic"),
    Rows => ("数据行数", "Data rows"),
    NothingToExport => ("本页没有可导出的表格。", "This view has no table to export."),
    Overview => ("总览", "Overview"),
    Units => ("单位", "Units"),
    Charts => ("图表", "Charts"),
    Findings => ("发现问题", "Findings"),
    OpenStaffing => ("打开编制情况表…", "Open staffing table…"),
    OpenSurvey => ("打开工作量调查表…", "Open workload survey…"),
    OpenRoster => ("打开实名花名册…", "Open roster…"),
    DropHint => ("也可将文件拖入窗口（文件名含“调查”为调查表，含“花名册”为花名册，其余为编制表）。", "Or drop files on the window (a name with “survey” is a survey, with “roster” a roster, otherwise a staffing table)."),
    SwitchLanguage => ("English", "中文"),
    Parameters => ("参数", "Parameters"),
    Calendar => ("标准工时", "Available working time"),
    WorkingDays => ("全年工作日（天）", "Working days"),
    AnnualLeave => ("年休假（天）", "Annual leave (days)"),
    Training => ("培训（天）", "Training (days)"),
    OtherAbsence => ("其他缺勤（天）", "Other absence (days)"),
    HoursPerDay => ("每日工作时长（小时）", "Hours per day"),
    AvailableHours => ("标准工时", "Available time"),
    Bands => ("饱和度区间", "Saturation bands"),
    SevereUnderBelow => ("严重不饱和：低于", "Severely under-loaded below"),
    UnderBelow => ("不饱和：低于", "Under-loaded below"),
    BalancedUpTo => ("基本饱和：不高于", "Balanced up to"),
    OverUpTo => ("超饱和：不高于", "Overloaded up to"),
    Survey => ("工作量调查", "Workload survey"),
    CalibrationFactor => ("填报工时校准系数", "Calibration factor"),
    ResetParameters => ("恢复默认参数", "Reset to defaults"),
    Loading => ("正在读取文件", "Reading files"),
    Computing => ("正在计算", "Computing"),
    Cancel => ("取消", "Cancel"),
    Cancelled => ("已取消", "Cancelled"),
    Ready => ("已完成", "Ready"),
    Failed => ("无法完成", "Could not finish"),
    NoData => ("尚未载入数据：请打开编制情况表，或将文件拖入窗口。", "No data yet: open a staffing table, or drop files on the window."),
    SampleMissing => ("未找到示例数据（sample-data/staffing.xlsx）。", "The sample data (sample-data/staffing.xlsx) was not found."),
    Files => ("文件", "Files"),
    SummaryFigures => ("主要指标", "Key figures"),
    UnitsByBand => ("各饱和度区间单位数：", "Units by band:"),
    RedLines => ("红线预警单位", "Units over the red lines"),
    NoRedLines => ("没有单位触及红线。", "No unit crosses a red line."),
    Filter => ("筛选", "Filter"),
    AllBands => ("全部区间", "All bands"),
    RowsShown => ("显示单位数", "Units shown"),
    SaturationByUnit => ("各单位饱和度（由高到低）", "Saturation by unit (highest first)"),
    RequiredVsApproved => ("应需人数与核定编制数", "Required staff against approved quota"),
    BalanceLine => ("应需 = 核定", "required = approved"),
    Threshold => ("区间界限", "band threshold"),
    ExportPng => ("导出 PNG", "Export PNG"),
    CopyImage => ("复制图片", "Copy image"),
    ExportBriefing => ("一键导出汇报材料", "Export briefing"),
    ImageWidth => ("图片宽度（像素）", "Image width (px)"),
    ImageScale => ("倍率", "Scale"),
    Exporting => ("正在导出…", "Exporting…"),
    Saved => ("已保存", "Saved"),
    Copied => ("图片已复制到剪贴板", "The image is on the clipboard"),
    BriefingFolder => ("汇报材料", "briefing"),
    ExportFailed => ("导出失败", "Export failed"),
    Severity => ("级别", "Severity"),
    File => ("文件", "File"),
    Sheet => ("工作表", "Sheet"),
    Row => ("行", "Row"),
    Column => ("列", "Column"),
    Message => ("说明", "Message"),
    NoFindings => ("没有发现问题。", "No findings."),
    FindingsShown => ("显示条数", "Shown"),
    Kind => ("类型", "Kind"),
    Year => ("年度", "Year"),
    ErrorsWarnings => ("错误 / 警告 / 提示", "Errors / warnings / notes"),
    Stale => ("参数已修改，正在重新计算；下列结果按修改前的参数。", "Parameters changed; recomputing. The results below use the previous parameters."),
    Plan => ("调整方案", "Plan"),
    PlanRules => ("调整规则", "Reallocation rules"),
    Method => ("分配方法", "Apportionment method"),
    Webster => ("韦伯斯特法（默认）", "Webster / Sainte-Laguë (default)"),
    Hamilton => ("最大余数法", "Largest remainder (Hamilton)"),
    KeepIncumbents => ("在编人员不减编（只调剂空编）", "Keep staff in post (only vacant posts move)"),
    ProtectNeed => ("保障工作量所需编制", "Protect the posts the workload needs"),
    MaxLoss => ("单轮减编上限（占核定编制）", "Most a unit loses per round"),
    LimitGainShare => ("限制单轮增编比例", "Limit the gain per round (share)"),
    LimitGainCount => ("限制单轮增编数", "Limit the gain per round (posts)"),
    Weights => ("优先权重", "Priority weights"),
    ReserveByType => ("预留机动编制（按编制类型）", "Office reserve by quota type"),
    FrozenUnits => ("冻结单位（不参与调整）", "Frozen units (left out)"),
    FrozenDepartments => ("冻结主管部门", "Frozen departments"),
    FrozenCount => ("已冻结", "Frozen"),
    Unfreeze => ("全部解冻", "Unfreeze all"),
    ResetRules => ("恢复默认规则", "Reset the rules"),
    PlanFailed => ("无法制定调整方案", "No plan could be made"),
    PlanFailedHint => ("下列规则无法同时满足。请在右侧调整规则，方案会自动重新测算。", "These rules cannot all be met. Change them on the right; the plan is recomputed at once."),
    TotalQuota => ("编制总量", "Total quota"),
    TotalBefore => ("调整前核定", "Approved before"),
    TotalAfter => ("调整后方案", "Target after"),
    ReserveKept => ("预留机动", "reserve"),
    TotalConserved => ("总量不变", "total unchanged"),
    TotalDiffers => ("总量不一致", "totals differ"),
    NeedMet => ("需求满足率", "Need met"),
    Imbalance => ("失衡指数", "Imbalance"),
    GivingReceiving => ("调出/调入", "Giving/receiving"),
    ChangeChart => ("各单位编制增减", "Quota change by unit"),
    Transfers => ("调剂明细", "Transfers"),
    Allocation => ("各单位方案", "Allocation by unit"),
    Gain => ("增编", "gain"),
    Loss => ("减编", "loss"),
    NoChange => ("方案未调整任何编制。", "The plan moves no post."),
    NoTransfers => ("没有调剂。", "No transfers."),
    OfficeReserve => ("机动编制", "office reserve"),
    Yes => ("是", "yes"),
    No => ("否", "no"),
    AllTypes => ("合计", "All types"),
    UnitDetail => ("单位详情", "Unit detail"),
    ByQuotaType => ("分编制类型", "By quota type"),
    Tasks => ("工作事项", "Tasks"),
    People => ("人员", "People"),
    Spread => ("个人饱和度分布", "Spread of personal saturation"),
    Min => ("最低", "min"),
    Median => ("中位数", "median"),
    Max => ("最高", "max"),
    Years => ("历年情况", "Years"),
    NoTasks => ("该单位没有工作量调查。", "No survey for this unit."),
    NoPeople => ("没有逐人的调查数据。", "No per-person survey data."),
    Close => ("关闭", "Close"),
    DetailHint => ("点击单位名称查看详情。", "Click a unit's name to see its detail."),
    MoreColumns => ("更多指标", "More columns"),
    Reasons => ("调剂原因", "Reasons"),
    Before => ("调整前", "Before"),
    After => ("调整后", "After"),
    OutShort => ("出", "out"),
    InShort => ("入", "in"),
}

/// The text of `t` in `lang`.
pub fn tr(t: T, lang: Lang) -> &'static str {
    let (zh, en) = WORDS[t as usize];
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// A finding's sentence as the window says it: the command-line hint in brackets is for the
/// terminal (the window offers the choice below it).
pub fn for_the_window(line: &str) -> String {
    let cut = ["（命令行", " (--map", " on the command line"]
        .iter()
        .filter_map(|m| line.find(m))
        .min();
    match cut {
        Some(i) => {
            let end = if line[i..].contains('）') { "。" } else { "." };
            format!("{}{end}", line[..i].trim_end())
        }
        None => line.to_owned(),
    }
}

/// `label：value` in Chinese, `label: value` in English.
pub fn labelled(label: &str, value: impl std::fmt::Display, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{label}：{value}"),
        Lang::En => format!("{label}: {value}"),
    }
}

/// `label（n）` in Chinese, `label (n)` in English.
pub fn counted(label: &str, n: impl std::fmt::Display, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{label}（{n}）"),
        Lang::En => format!("{label} ({n})"),
    }
}

//! The command line end to end on the bundled sample data, and the round trip: what `analyze`
//! writes, read back, equals what it computed.

use crate::common;

use polars::prelude::*;
use satlas::analysis::{Rows, analyze};
use satlas::export::read_report_xlsx;
use satlas::ingest::{Inputs, LoadOptions, TableKind, load};
use satlas::model::{Params, col};
use std::path::{Path, PathBuf};
use std::process::Command;

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data").join(name)
}

fn satlas() -> Command {
    Command::new(env!("CARGO_BIN_EXE_satlas"))
}

fn sample_inputs() -> Inputs {
    let opts = LoadOptions::default();
    Inputs {
        staffing: Some(load(&sample("staffing.xlsx"), TableKind::Staffing, &opts).unwrap()),
        roster: Some(load(&sample("roster.xlsx"), TableKind::Roster, &opts).unwrap()),
        survey: Some(load(&sample("survey.xlsx"), TableKind::Survey, &opts).unwrap()),
        ..Default::default()
    }
}

#[test]
fn analyze_the_sample_end_to_end_and_read_the_report_back() {
    let dir = common::workdir();
    let out = dir.path().join("青川区 报告.xlsx");
    let run = satlas()
        .args(["analyze", "--staffing"])
        .arg(sample("staffing.xlsx"))
        .arg("--survey")
        .arg(sample("survey.xlsx"))
        .arg("--roster")
        .arg(sample("roster.xlsx"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("计算指标"), "progress lines: {stderr}");
    assert!(
        stderr.contains("区挡案馆"),
        "the misspelt survey unit is reported: {stderr}"
    );

    // The round trip: every number of the units sheet equals what the library computed.
    let analysis = analyze(&sample_inputs(), &Params::default()).unwrap();
    let sheets = read_report_xlsx(&out).unwrap();
    let keys: Vec<&str> = sheets.iter().map(|(k, _)| k.as_str()).collect();
    for k in [
        "units",
        "unit_types",
        "departments",
        "summary",
        "plan",
        "transfers",
        "findings",
        "parameters",
    ] {
        assert!(keys.contains(&k), "sheet {k} in {keys:?}");
    }
    let (_, units) = sheets.iter().find(|(k, _)| k == "units").unwrap();
    assert_eq!(units.height(), analysis.units.height());
    let (a, b) = (Rows::new(&analysis.units).unwrap(), Rows::new(units).unwrap());
    for c in [
        col::APPROVED,
        col::ACTUAL,
        col::VACANCY,
        col::REQUIRED,
        col::SATURATION,
        col::IDLE,
        col::RECOVERABLE,
        col::SPREAD_GINI,
    ] {
        for i in 0..units.height() {
            match (a.f64(c, i), b.f64(c, i)) {
                (Some(x), Some(y)) => assert!((x - y).abs() <= 1e-9 * x.abs().max(1.0), "{c} row {i}: {x} vs {y}"),
                (x, y) => assert_eq!(x, y, "{c} row {i}"),
            }
        }
    }
    for c in [col::UNIT, col::BAND, col::FLAGS] {
        for i in 0..units.height() {
            assert_eq!(a.str(c, i), b.str(c, i), "{c} row {i}");
        }
    }
}

#[test]
fn the_sample_tells_its_stories() {
    let a = analyze(&sample_inputs(), &Params::default()).unwrap();
    assert_eq!(a.year, Some(2025));
    assert!((60..=75).contains(&a.units.height()));
    let rows = Rows::new(&a.units).unwrap();
    let flagged = |flag: &str| -> Vec<String> {
        (0..a.units.height())
            .filter(|&i| rows.str(col::FLAGS, i).is_some_and(|f| f.split(';').any(|x| x == flag)))
            .map(|i| rows.str(col::UNIT, i).unwrap().to_owned())
            .collect()
    };
    let d = satlas::generate::sample_district();
    use satlas::generate::StoryKind;
    for (kind, flag) in [
        (StoryKind::OverQuota, "over_quota"),
        (StoryKind::OverLeaders, "over_leaders"),
        (StoryKind::LongIdle, "long_idle"),
        (StoryKind::ShrinkingWork, "shrinking_work"),
        (StoryKind::LowEfficiency, "low_efficiency"),
    ] {
        let expected: Vec<String> = d.story_units(kind).iter().map(|u| u.to_string()).collect();
        let found = flagged(flag);
        for u in &expected {
            assert!(found.contains(u), "{u} should be flagged {flag}; flagged: {found:?}");
        }
    }
    assert!(
        a.findings
            .iter()
            .any(|f| f.code == "survey_unit_unknown" && f.zh.contains("区挡案馆"))
    );
    assert!(a.findings.iter().any(|f| f.code == "duplicate_row"));
}

#[test]
fn the_gbk_csv_sample_reads_like_the_workbook() {
    let opts = LoadOptions::default();
    let csv = load(&sample("staffing_gbk.csv"), TableKind::Staffing, &opts).unwrap();
    let xlsx = load(&sample("staffing.xlsx"), TableKind::Staffing, &opts).unwrap();
    assert_eq!(csv.encoding, Some("GBK"));
    let pick = |f: &DataFrame| {
        f.select([col::UNIT, col::QUOTA_TYPE, col::YEAR, col::APPROVED, col::ACTUAL])
            .unwrap()
    };
    assert!(pick(&csv.frame).equals_missing(&pick(&xlsx.frame)));
}

#[test]
fn the_committed_sample_is_what_the_generator_writes() {
    let dir = common::workdir();
    let out = satlas()
        .args(["generate", "--sample", "--formats", "xlsx", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let opts = LoadOptions::default();
    for (name, kind) in [
        ("staffing.xlsx", TableKind::Staffing),
        ("survey.xlsx", TableKind::Survey),
        ("roster.xlsx", TableKind::Roster),
    ] {
        let fresh = load(&dir.path().join(name), kind, &opts).unwrap();
        let committed = load(&sample(name), kind, &opts).unwrap();
        assert!(
            fresh.frame.equals_missing(&committed.frame),
            "{name} differs from the generator: regenerate sample-data"
        );
    }
}

#[test]
fn failures_exit_non_zero_with_the_reason() {
    let dir = common::workdir();
    let bad = common::write(&dir.path().join("坏文件.xlsx"), b"PK\x03\x04garbage");
    let run = satlas()
        .args(["analyze", "--staffing"])
        .arg(&bad)
        .arg("--out")
        .arg(dir.path().join("r.xlsx"))
        .output()
        .unwrap();
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("坏文件.xlsx") && stderr.contains("损坏或不完整"),
        "{stderr}"
    );
    // Said once, in the language asked for: Chinese unless told.
    assert!(!stderr.contains("[error]"), "{stderr}");
    let run = satlas()
        .args(["analyze", "--lang", "en", "--staffing"])
        .arg(&bad)
        .arg("--out")
        .arg(dir.path().join("r.xlsx"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("[error] 坏文件.xlsx") && !stderr.contains("[错误]"),
        "{stderr}"
    );
    // An output path equal to an input is refused.
    let run = satlas()
        .args(["analyze", "--staffing"])
        .arg(sample("staffing.xlsx"))
        .arg("--out")
        .arg(sample("staffing.xlsx"))
        .output()
        .unwrap();
    assert!(!run.status.success());
    // A report that cannot be written says why in the language asked for (Chinese unless told).
    for (lang, reason) in [
        ("zh", "所在文件夹不存在"),
        ("en", "the folder it should go in does not exist"),
    ] {
        let run = satlas()
            .args(["analyze", "--lang", lang, "--staffing"])
            .arg(sample("staffing.xlsx"))
            .arg("--out")
            .arg(dir.path().join("没有 的文件夹").join("r.xlsx"))
            .output()
            .unwrap();
        assert!(!run.status.success());
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains(reason), "{stderr}");
    }
}

/// `satlas-cli` is what consoles and scripts run (on Windows `satlas.exe` is windowed): it
/// passes on the arguments, the output and the exit code of the `satlas` beside it.
#[test]
fn satlas_cli_passes_on_arguments_output_and_exit_code() {
    let cli = || Command::new(env!("CARGO_BIN_EXE_satlas-cli"));
    let dir = common::workdir();
    let out = dir.path().join("报告 目录").join("r.csv");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let run = cli()
        .args(["analyze", "--staffing"])
        .arg(sample("staffing.xlsx"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(
        out.is_file(),
        "the report was not written under a folder name with a space"
    );

    let bad = common::write(&dir.path().join("坏文件.xlsx"), b"PK\x03\x04garbage");
    let run = cli()
        .args(["analyze", "--staffing"])
        .arg(&bad)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("坏文件.xlsx"));

    // No arguments: the commands are shown, not the window.
    let run = cli().output().unwrap();
    assert_eq!(run.status.code(), Some(0));
    let help = String::from_utf8_lossy(&run.stdout);
    assert!(help.contains("analyze") && help.contains("PROJECT.satlas"), "{help}");
    // A wrong option is clap's usage error, code 2.
    let run = cli().arg("--no-such-option").output().unwrap();
    assert_eq!(run.status.code(), Some(2));
}

#[test]
fn csv_and_parquet_reports() {
    let dir = common::workdir();
    for ext in ["csv", "parquet"] {
        let out = dir.path().join(format!("report.{ext}"));
        let run = satlas()
            .args(["analyze", "--lang", "en", "--staffing"])
            .arg(sample("staffing_gbk.csv"))
            .arg("--survey")
            .arg(sample("survey.xlsx"))
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        let bytes = std::fs::read(&out).unwrap();
        if ext == "csv" {
            assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "csv has a BOM");
            assert!(String::from_utf8_lossy(&bytes).contains("Saturation"));
        } else {
            let df = ParquetReader::new(std::io::Cursor::new(bytes)).finish().unwrap();
            assert!(df.column(col::SATURATION).is_ok());
        }
    }
}

#[test]
fn brief_writes_a_folder_of_charts_and_a_workbook() {
    let dir = common::workdir();
    let out = dir.path().join("汇报材料");
    let run = satlas()
        .args(["brief", "--staffing"])
        .arg(sample("staffing.xlsx"))
        .arg("--survey")
        .arg(sample("survey.xlsx"))
        .arg("--roster")
        .arg(sample("roster.xlsx"))
        .arg("--standards")
        .arg(sample("standards.xlsx"))
        .arg("--volumes")
        .arg(sample("volumes.xlsx"))
        .args(["--width", "640", "--scale", "1", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let stdout = String::from_utf8_lossy(&run.stdout);
    for kind in satlas::charts::ChartKind::ALL {
        let name = satlas::charts::briefing::chart_file(kind);
        assert!(stdout.contains(&name), "{name} in {stdout}");
        let file = std::io::BufReader::new(std::fs::File::open(out.join(&name)).unwrap());
        let reader = png::Decoder::new(file).read_info().unwrap();
        assert_eq!((reader.info().width, reader.info().height), (640, 360));
    }
    let sheets = read_report_xlsx(&out.join(satlas::charts::briefing::WORKBOOK)).unwrap();
    assert!(sheets.iter().any(|(k, f)| k == "transfers" && f.height() > 0));
    assert!(sheets.iter().any(|(k, f)| k == "methods" && f.height() > 0));

    // The same folder again is refused: it is not empty.
    let again = satlas()
        .args(["brief", "--staffing"])
        .arg(sample("staffing.xlsx"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("不为空"));
}

/// `--alias` matches a survey unit spelt otherwise to its staffing unit, as the app does; a
/// malformed entry is refused with the form to use.
#[test]
fn an_alias_counts_a_misspelt_survey_unit_as_its_staffing_unit() {
    let dir = common::workdir();
    let out = dir.path().join("报告.csv");
    let run = |alias: &str| {
        satlas()
            .args(["analyze", "--staffing"])
            .arg(sample("staffing.xlsx"))
            .arg("--survey")
            .arg(sample("survey.xlsx"))
            .args(["--alias", alias, "--out"])
            .arg(&out)
            .output()
            .unwrap()
    };
    let done = run("区挡案馆=区档案馆");
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(done.status.success(), "{stderr}");
    assert!(!stderr.contains("不在编制表中"), "no longer left out: {stderr}");
    let findings = std::fs::read_to_string(dir.path().join("报告_findings.csv")).unwrap();
    assert!(
        findings.contains("按手动对应计入编制表中的“区档案馆”"),
        "said in the findings: {findings}"
    );
    let refused = run("区挡案馆");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--alias"));
    // Width and spaces do not count; a name that matches nothing is refused, not ignored.
    assert!(run("区挡 案馆=区档案馆").status.success());
    let nothing = run("区不存在=区档案馆");
    assert!(!nothing.status.success());
    assert!(String::from_utf8_lossy(&nothing.stderr).contains("区不存在"));
}

/// `--standards` and `--volumes` go together; `--method` chooses the workload, and the report
/// carries the standards' sheets and says the method first on standard output.
#[test]
fn the_standards_method_from_the_command_line() {
    let dir = common::workdir();
    let report = dir.path().join("按标准 报告.xlsx");
    let alone = satlas()
        .args(["analyze", "--staffing"])
        .arg(sample("staffing.xlsx"))
        .arg("--standards")
        .arg(sample("standards.xlsx"))
        .arg("--out")
        .arg(&report)
        .output()
        .unwrap();
    assert!(!alone.status.success());
    assert!(String::from_utf8_lossy(&alone.stderr).contains("--volumes"));
    assert!(!report.exists(), "nothing written on a refusal");

    let run = satlas()
        .args(["analyze", "--staffing"])
        .arg(sample("staffing.xlsx"))
        .arg("--survey")
        .arg(sample("survey.xlsx"))
        .arg("--standards")
        .arg(sample("standards.xlsx"))
        .arg("--volumes")
        .arg(sample("volumes.xlsx"))
        .args(["--method", "standards", "--lang", "en", "--out"])
        .arg(&report)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.starts_with("Workload from: standards × volumes"), "{stdout}");
    assert!(stderr.contains("have no volumes"), "{stderr}");
    let sheets = read_report_xlsx(&report).unwrap();
    for key in ["standards", "volumes", "methods"] {
        assert!(sheets.iter().any(|(k, f)| k == key && f.height() > 0), "{key}");
    }
    let bad = satlas()
        .args(["analyze", "--staffing"])
        .arg(sample("staffing.xlsx"))
        .args(["--method", "wisn", "--out"])
        .arg(dir.path().join("x.xlsx"))
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("standards_else_survey"));
}

/// `--scenario` once: the report is that scenario's. More than once: the report adds the
/// scenarios side by side, their names in the headers, in Chinese and in English; a scenario
/// that names a task the unit lacks stops the run, naming its file and line.
#[test]
fn scenarios_from_the_command_line() {
    let dir = common::workdir();
    let hamilton = dir.path().join("最大余数法.toml");
    std::fs::write(&hamilton, "name = \"最大余数法\"\n[plan]\nmethod = \"Hamilton\"\n").unwrap();
    let moved = dir.path().join("划转 巡查.toml");
    std::fs::write(
        &moved,
        "name = \"综合执法承接\"\n[[move]]\ntask = \"特种设备安全检查\"\nfrom = \"区市场监督管理局\"\nto = \"区综合行政执法局\"\n",
    )
    .unwrap();
    for (lang, target) in [
        ("zh", "方案编制数（综合执法承接）"),
        ("en", "Target quota (综合执法承接)"),
    ] {
        let out = dir.path().join(format!("比较 {lang}.xlsx"));
        let run = satlas()
            .args(["plan", "--staffing"])
            .arg(sample("staffing.xlsx"))
            .arg("--survey")
            .arg(sample("survey.xlsx"))
            .arg("--scenario")
            .arg(&hamilton)
            .arg("--scenario")
            .arg(&moved)
            .args(["--lang", lang, "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        let sheets = read_report_xlsx(&out).unwrap();
        let (_, compared) = sheets.iter().find(|(k, _)| k == "scenarios").expect("scenarios sheet");
        let names: Vec<String> = compared.get_column_names().iter().map(|n| n.to_string()).collect();
        assert!(names.iter().any(|n| n == target), "{names:?}");
        for key in ["scenario_effects", "scenario_transfers"] {
            assert!(sheets.iter().any(|(k, f)| k == key && f.height() > 0), "{key}");
        }
    }
    let wrong = dir.path().join("错.toml");
    std::fs::write(
        &wrong,
        "[[move]]\ntask = \"没有的事\"\nfrom = \"区财政局\"\nto = \"区司法局\"\n",
    )
    .unwrap();
    let run = analyze_sample_with(&wrong, &dir.path().join("x.xlsx"));
    assert!(!run.status.success());
    assert!(String::from_utf8_lossy(&run.stderr).contains("错.toml 第 2 行"));

    // A projection over years: one scenario, its sheet with a column per year.
    let grow = dir.path().join("预测.toml");
    std::fs::write(
        &grow,
        "[[grow]]\nall = true\nyears = [2026, 2027]\nfactor = [1.05, 1.1]\n",
    )
    .unwrap();
    let out = dir.path().join("预测.xlsx");
    let run = analyze_sample_with(&grow, &out);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let sheets = read_report_xlsx(&out).unwrap();
    let (_, projected) = sheets
        .iter()
        .find(|(k, _)| k == "projection")
        .expect("projection sheet");
    assert!(
        projected
            .get_column_names()
            .iter()
            .any(|n| n.as_str() == "应需人数（2027）")
    );
}

/// `analyze` on the sample's staffing table and survey with one scenario, writing `out`.
fn analyze_sample_with(scenario: &std::path::Path, out: &std::path::Path) -> std::process::Output {
    satlas()
        .args(["analyze", "--staffing"])
        .arg(sample("staffing.xlsx"))
        .arg("--survey")
        .arg(sample("survey.xlsx"))
        .arg("--scenario")
        .arg(scenario)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

/// `brief` with several scenarios adds their chart, their sheets and each scenario as a file
/// that reads back; with one that grows over years, the projection chart and sheet.
#[test]
fn brief_with_scenarios_draws_them_and_keeps_their_files() {
    let dir = common::workdir();
    let hamilton = dir.path().join("最大余数法.toml");
    std::fs::write(&hamilton, "name = \"最大余数法\"\n[plan]\nmethod = \"Hamilton\"\n").unwrap();
    let moved = dir.path().join("划转.toml");
    std::fs::write(
        &moved,
        "name = \"综合执法/承接\"\n[[move]]\ntask = \"特种设备安全检查\"\nfrom = \"区市场监督管理局\"\nto = \"区综合行政执法局\"\n",
    )
    .unwrap();
    let brief = |scenarios: &[&std::path::Path], out: &std::path::Path| {
        let mut cmd = satlas();
        cmd.args(["brief", "--staffing"])
            .arg(sample("staffing.xlsx"))
            .arg("--survey")
            .arg(sample("survey.xlsx"));
        for s in scenarios {
            cmd.arg("--scenario").arg(s);
        }
        cmd.args(["--width", "640", "--scale", "1", "--out"])
            .arg(out)
            .output()
            .unwrap()
    };
    let out = dir.path().join("方案 汇报");
    let run = brief(&[&hamilton, &moved], &out);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let chart = satlas::charts::briefing::chart_file(satlas::charts::ChartKind::Scenarios);
    assert_eq!(chart, "08_scenarios.png");
    assert!(out.join(&chart).is_file());
    let sheets = read_report_xlsx(&out.join(satlas::charts::briefing::WORKBOOK)).unwrap();
    for key in ["scenarios", "scenario_effects", "scenario_transfers"] {
        assert!(sheets.iter().any(|(k, f)| k == key && f.height() > 0), "{key}");
    }
    // The name with a slash is made safe; the file reads back as the scenario it was.
    let kept = out.join("方案_综合执法_承接.toml");
    let text = std::fs::read_to_string(&kept).unwrap();
    let back = satlas::scenario::read(&text, "k.toml", &satlas::Params::default()).unwrap();
    assert_eq!(back.name, "综合执法/承接");
    assert_eq!(back.changes.len(), 1);

    let grow = dir.path().join("预测.toml");
    std::fs::write(
        &grow,
        "[[grow]]\nall = true\nyears = [2026, 2027]\nfactor = [1.05, 1.1]\n",
    )
    .unwrap();
    let out = dir.path().join("预测 汇报");
    let run = brief(&[&grow], &out);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(out.join("09_projection.png").is_file());
    assert!(
        !out.join("08_scenarios.png").exists(),
        "one scenario is laid on the run, not compared"
    );
    let sheets = read_report_xlsx(&out.join(satlas::charts::briefing::WORKBOOK)).unwrap();
    assert!(sheets.iter().any(|(k, _)| k == "projection"));
}

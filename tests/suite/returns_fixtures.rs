//! Returned forms edited the way units edit them (in another program than the one that wrote
//! the forms), each beside a hand-written account of its rows: read as a folder, every file
//! counts for the unit its rows give, with exactly the rows the account lists.
//! `SATLAS_RETURNS_FIXTURES=dir` checks another folder of the same kind.

use satlas::analysis::Rows;
use satlas::ingest::{LoadOptions, TableKind, load};
use satlas::model::{Period, col};
use std::path::{Path, PathBuf};

#[derive(Debug, PartialEq)]
struct Row {
    person: Option<String>,
    task: String,
    period: Option<&'static str>,
    frequency: Option<f64>,
    hours_each: Option<f64>,
    annual_hours: Option<f64>,
}

fn expected(json: &serde_json::Value) -> (String, Vec<Row>) {
    let num = |v: &serde_json::Value| v.as_f64();
    let rows = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| Row {
            person: r["person"].as_str().map(str::to_owned),
            task: r["task"].as_str().unwrap().to_owned(),
            period: r["period"].as_str().and_then(Period::parse).map(Period::code),
            frequency: num(&r["frequency"]),
            hours_each: num(&r["hours_each"]),
            annual_hours: num(&r["annual_hours"]),
        })
        .collect();
    (json["unit"].as_str().unwrap().to_owned(), rows)
}

fn check_folder(dir: &Path) -> Vec<String> {
    let staffing = load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/staffing.xlsx"),
        TableKind::Staffing,
        &LoadOptions::default(),
    )
    .unwrap();
    let opts = LoadOptions {
        known_units: Some(std::sync::Arc::new(satlas::ingest::unit_names(&staffing.frame))),
        ..LoadOptions::default()
    };
    let loaded = load(dir, TableKind::Survey, &opts).unwrap();
    let r = Rows::new(&loaded.frame).unwrap();
    let mut wrong = Vec::new();
    let mut accounts: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".expected.json"))
        .collect();
    accounts.sort();
    assert!(!accounts.is_empty(), "no accounts in {}", dir.display());
    for account in accounts {
        let name = account
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".expected.json", ".xlsx");
        let (unit, want) = expected(&serde_json::from_str(&std::fs::read_to_string(&account).unwrap()).unwrap());
        let got: Vec<Row> = (0..r.height())
            .filter(|&i| r.str(col::SOURCE_FILE, i) == Some(name.as_str()))
            .map(|i| {
                assert_eq!(r.str(col::UNIT, i), Some(unit.as_str()), "{name}: the unit of row {i}");
                Row {
                    person: r.str(col::PERSON, i).map(str::to_owned),
                    task: r.str(col::TASK, i).unwrap_or("").to_owned(),
                    period: r
                        .str(col::PERIOD, i)
                        .and_then(|p| Period::ALL.into_iter().find(|x| x.code() == p))
                        .map(Period::code),
                    frequency: r.f64(col::FREQUENCY, i),
                    hours_each: r.f64(col::HOURS_EACH, i),
                    annual_hours: r.f64(col::ANNUAL_HOURS, i),
                }
            })
            .collect();
        if got != want {
            wrong.push(format!("{name}:\n got  {got:?}\n want {want:?}"));
        }
    }
    wrong
}

#[test]
fn returned_forms_edited_elsewhere_read_as_their_accounts_say() {
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/returns_seen")];
    if let Some(extra) = std::env::var_os("SATLAS_RETURNS_FIXTURES") {
        dirs.push(PathBuf::from(extra));
    }
    let wrong: Vec<String> = dirs.iter().flat_map(|d| check_folder(d)).collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

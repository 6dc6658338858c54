//! One palette: a plan's gains and losses, and the saturation bands, have the same colours in
//! the chart, its PNG image and the workbook as in [`satlas::palette`] (the window's colours are
//! checked on its rendered image in `tests/snapshots.rs`).

use crate::common;

use satlas::analysis::analyze;
use satlas::charts::{self, Body, ChartKind, PngSize, Source};
use satlas::export::{NamedTable, write_report};
use satlas::ingest::{Inputs, LoadOptions, TableKind, load};
use satlas::model::{Band, Lang, Params, Sheet};
use satlas::palette::{self, GAIN, LOSS, Rgb};
use std::io::Read;
use std::path::Path;

fn sample_inputs() -> Inputs {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let opts = LoadOptions::default();
    let file = |name: &str, kind| Some(load(&dir.join(name), kind, &opts).unwrap());
    Inputs {
        staffing: file("staffing.xlsx", TableKind::Staffing),
        roster: file("roster.xlsx", TableKind::Roster),
        survey: file("survey.xlsx", TableKind::Survey),
        ..Default::default()
    }
}

/// Pixels of exactly `c` in an RGB(A) image.
fn pixels_of(image: &[u8], channels: usize, c: Rgb) -> usize {
    image.chunks(channels).filter(|p| p[..3] == [c.0, c.1, c.2]).count()
}

/// The file `name` of the xlsx at `path`, as text.
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

/// The font colour of each differential format (`<dxf>`) of a workbook's styles, as RRGGBB.
fn dxf_colours(styles: &str) -> Vec<String> {
    let dxfs = styles
        .split("<dxfs")
        .nth(1)
        .expect("the workbook has differential formats");
    dxfs.split("<dxf>")
        .skip(1)
        .map(|dxf| {
            let at = dxf.find("rgb=\"FF").expect("a font colour") + 7;
            dxf[at..at + 6].to_owned()
        })
        .collect()
}

/// (operator or compared text, dxf id) of each conditional format rule of a sheet.
fn rules(sheet: &str) -> Vec<(String, usize)> {
    sheet
        .split("<cfRule ")
        .skip(1)
        .map(|rule| {
            let attr = |name: &str| {
                let at = rule.find(&format!("{name}=\"")).map(|i| i + name.len() + 2)?;
                Some(rule[at..at + rule[at..].find('"')?].to_owned())
            };
            let formula = rule
                .split("<formula>")
                .nth(1)
                .and_then(|f| f.split("</formula>").next());
            let what = format!(
                "{} {}",
                attr("operator").unwrap_or_default(),
                formula.unwrap_or_default()
            );
            (what, attr("dxfId").unwrap().parse().unwrap())
        })
        .collect()
}

#[test]
fn gains_losses_and_bands_have_one_colour_in_the_chart_its_png_and_the_workbook() {
    let params = Params::default();
    let analysis = analyze(&sample_inputs(), &params).unwrap();
    let plan = satlas::plan::plan(&analysis.unit_types, &params).unwrap();

    // The chart: each bar by its sign.
    let spec = charts::build(
        ChartKind::Plan,
        &analysis,
        Ok(&plan),
        &params,
        Lang::Zh,
        &Source::new(["a.xlsx"]),
    );
    let Body::Bars(bars) = &spec.body else {
        panic!("the plan chart is bars")
    };
    assert!(bars.iter().any(|b| b.value > 0.0) && bars.iter().any(|b| b.value < 0.0));
    for b in bars {
        assert_eq!(b.color, if b.value > 0.0 { GAIN } else { LOSS }, "{b:?}");
    }

    // Its PNG: both colours drawn.
    let dir = common::workdir();
    let png_path = charts::write_png(&dir.path().join("plan.png"), &spec, PngSize { width: 800, scale: 1.0 }).unwrap();
    let mut reader = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png_path).unwrap()))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    for c in [GAIN, LOSS] {
        assert!(
            pixels_of(&buf[..info.buffer_size()], channels, c) > 100,
            "{c:?} in the PNG"
        );
    }

    // The workbook: the plan's change column in gain and loss colours, the bands in theirs.
    let xlsx = dir.path().join("方案.xlsx");
    let plan_zh = satlas::plan::localize(&plan, Lang::Zh).unwrap();
    let tables = [
        NamedTable {
            key: Sheet::Plan,
            frame: &plan_zh.units,
        },
        NamedTable {
            key: Sheet::Units,
            frame: &analysis.units,
        },
    ];
    write_report(&xlsx, &tables, Lang::Zh, &[]).unwrap();
    let colours = dxf_colours(&part(&xlsx, "xl/styles.xml"));
    let colour_of = |sheet: &str, what: &str| -> String {
        let rules = rules(&part(&xlsx, sheet));
        let (_, dxf) = rules
            .iter()
            .find(|(w, _)| w == what)
            .unwrap_or_else(|| panic!("{what} in {rules:?}"));
        colours[*dxf].clone()
    };
    let hex = |c: Rgb| format!("{:06X}", c.hex());
    assert_eq!(colour_of("xl/worksheets/sheet1.xml", "greaterThan 0"), hex(GAIN));
    assert_eq!(colour_of("xl/worksheets/sheet1.xml", "lessThan 0"), hex(LOSS));
    for band in [Band::SevereOver, Band::Balanced, Band::SevereUnder] {
        let label = satlas::i18n::band(band, Lang::Zh);
        assert_eq!(
            colour_of("xl/worksheets/sheet2.xml", &format!("equal \"{label}\"")),
            hex(palette::band(band))
        );
    }
}

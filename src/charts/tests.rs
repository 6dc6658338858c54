use super::*;
use crate::ingest::{self, Inputs, LoadOptions, TableKind};
use std::path::Path;
use std::sync::OnceLock;

/// The sample district, analysed and planned once for all tests.
fn sample() -> &'static (Analysis, Plan, Source) {
    static SAMPLE: OnceLock<(Analysis, Plan, Source)> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
        let load = |name: &str, kind| ingest::load(&dir.join(name), kind, &LoadOptions::default()).expect(name);
        let inputs = Inputs {
            staffing: Some(load("staffing.xlsx", TableKind::Staffing)),
            roster: Some(load("roster.xlsx", TableKind::Roster)),
            survey: Some(load("survey.xlsx", TableKind::Survey)),
            standards: Some(load("standards.xlsx", TableKind::Standards)),
            volumes: Some(load("volumes.xlsx", TableKind::Volumes)),
        };
        let params = Params::default();
        let analysis = crate::analysis::analyze(&inputs, &params).expect("sample analyses");
        let plan = crate::plan::plan(&analysis.unit_types, &params).expect("sample plans");
        let source = Source {
            files: vec!["staffing.xlsx".into(), "survey.xlsx".into(), "roster.xlsx".into()],
            date: "2026-11-27".into(),
        };
        (analysis, plan, source)
    })
}

fn specs(lang: Lang) -> Vec<ChartSpec> {
    let (a, p, s) = sample();
    build_all(a, Ok(p), &Params::default(), lang, s)
}

#[test]
fn every_chart_of_the_sample_has_data() {
    for lang in [Lang::Zh, Lang::En] {
        for spec in specs(lang) {
            assert!(!spec.is_empty(), "{:?}: {:?}", spec.kind, spec.note);
            assert!(!spec.title.is_empty() && !spec.x_label.is_empty() && !spec.y_label.is_empty());
            assert!(!spec.legend.is_empty(), "{:?}", spec.kind);
            assert!(spec.source.contains("staffing.xlsx") && spec.source.contains("2026-11-27"));
            assert!(spec.x_range[0] < spec.x_range[1] && spec.y_range[0] < spec.y_range[1]);
        }
    }
}

#[test]
fn saturation_bars_are_sorted_and_coloured_by_band() {
    let (a, _, s) = sample();
    let params = Params::default();
    let spec = saturation_by_unit(a, &params, Lang::Zh, s).unwrap();
    let Body::Bars(bars) = &spec.body else { panic!("bars") };
    assert!(bars.windows(2).all(|w| w[0].value >= w[1].value));
    assert_eq!(bars.len(), spec.categories.len());
    for b in bars {
        let band = params.bands.classify(Some(b.value));
        assert_eq!(b.color, band_rgb(band), "{}", b.hover);
        assert_eq!(b.group, i18n::band(band, Lang::Zh));
    }
    assert_eq!(spec.hlines.len(), 4);
    assert_eq!(spec.title, "各单位饱和度（由高到低）");
    // Hover names the unit and its numbers.
    assert!(bars[0].hover.starts_with(&spec.categories[0]));
    assert!(bars[0].hover.contains("应需人数"));
    // One legend entry for all thresholds, the last one.
    assert_eq!(spec.legend.last().unwrap().label, "区间界限");
}

#[test]
fn scatter_has_a_point_per_surveyed_unit_and_the_balance_line() {
    let (a, _, s) = sample();
    let spec = required_vs_approved(a, Lang::En, s).unwrap();
    let Body::Points { points, diagonal } = &spec.body else {
        panic!("points")
    };
    let surveyed = a.units.column(col::REQUIRED).unwrap().len() - a.units.column(col::REQUIRED).unwrap().null_count();
    assert_eq!(points.len(), surveyed);
    assert_eq!(diagonal.as_deref(), Some("required = approved"));
    // Every point is inside the axes, or named in the note as beyond them.
    let note = spec.note.clone().unwrap_or_default();
    for p in points {
        let inside = p.x <= spec.x_range[1] && p.y <= spec.y_range[1];
        let unit = p.hover.lines().next().unwrap_or("");
        assert!(
            inside || note.contains(unit),
            "{unit} ({}, {}) outside and not named: {note}",
            p.x,
            p.y
        );
    }
}

#[test]
fn spread_boxes_are_ordered_quantiles_and_say_when_there_is_no_roster() {
    let (a, _, s) = sample();
    let params = Params::default();
    let spec = spread_within_units(a, &params, Lang::Zh, s).unwrap();
    let Body::Boxes(boxes) = &spec.body else {
        panic!("boxes")
    };
    assert!(!boxes.is_empty());
    for b in boxes {
        assert!(
            b.min <= b.q1 && b.q1 <= b.median && b.median <= b.q3 && b.q3 <= b.max,
            "{}",
            b.hover
        );
    }
    assert!(boxes.windows(2).all(|w| w[0].median >= w[1].median));

    let mut no_people = a.clone();
    no_people.people = DataFrame::empty();
    let empty = spread_within_units(&no_people, &params, Lang::Zh, s).unwrap();
    assert!(empty.is_empty());
    assert!(empty.note.as_deref().unwrap().contains("没有逐人数据"));
}

#[test]
fn departments_roll_up_and_trends_need_years() {
    let (a, _, s) = sample();
    let params = Params::default();
    let d = departments(a, &params, Lang::Zh, s).unwrap();
    assert_eq!(d.categories.len(), a.departments.height());
    let t = trends(a, Lang::En, s).unwrap();
    let Body::Lines(lines) = &t.body else { panic!("lines") };
    assert_eq!(lines.len(), 3);
    assert!(lines.iter().all(|l| l.points.len() == 3 && l.hovers.len() == 3));

    let mut one_year = a.clone();
    one_year.history = a
        .history
        .clone()
        .lazy()
        .filter(col(col::YEAR).eq(lit(2025)))
        .collect()
        .unwrap();
    let empty = trends(&one_year, Lang::En, s).unwrap();
    assert!(empty.is_empty());
    assert!(empty.note.unwrap().contains("single year"));
}

#[test]
fn plan_bars_diverge_and_add_up_to_zero() {
    let (a, p, s) = sample();
    let spec = plan_change(p, a.year, Lang::Zh, s).unwrap();
    let Body::Bars(bars) = &spec.body else { panic!("bars") };
    let total: f64 = bars.iter().map(|b| b.value).sum();
    assert!(total.abs() < 1e-9, "zero-sum plan: {total}");
    assert!(bars.iter().any(|b| b.value > 0.0) && bars.iter().any(|b| b.value < 0.0));
    assert!(bars.windows(2).all(|w| w[0].value >= w[1].value));
    for b in bars {
        assert_eq!(b.color, if b.value > 0.0 { GAIN } else { LOSS });
    }
    let none = build(ChartKind::Plan, a, Err("不可行"), &Params::default(), Lang::Zh, s);
    assert!(none.is_empty() && none.note.unwrap().contains("不可行"));
}

#[test]
fn every_chart_has_its_words_in_both_languages() {
    for kind in ChartKind::ALL {
        for lang in [Lang::Zh, Lang::En] {
            assert!(!kind.title(lang).is_empty() && !kind.short(lang).is_empty(), "{kind:?}");
        }
        assert_ne!(kind.title(Lang::Zh), kind.title(Lang::En));
    }
}

#[test]
fn sizes_scale_the_pixels_not_the_layout() {
    assert_eq!(PngSize::SLIDE.pixels(), (3840, 2160));
    assert_eq!(
        PngSize {
            width: 1280,
            scale: 1.0
        }
        .pixels(),
        (1280, 720)
    );
    // Nonsense scales fall back to 1; tiny widths are raised to a readable minimum.
    assert_eq!(
        PngSize {
            width: 800,
            scale: f32::NAN
        }
        .pixels(),
        (800, 450)
    );
    assert_eq!(PngSize { width: 10, scale: 1.0 }.pixels(), (320, 180));
}

#[test]
fn the_source_line_is_dated_as_a_calendar_day() {
    let today = today();
    assert!(chrono::NaiveDate::parse_from_str(&today, "%Y-%m-%d").is_ok(), "{today}");
}

fn read_png(path: &Path) -> (u32, u32, Vec<u8>) {
    let file = std::io::BufReader::new(std::fs::File::open(path).unwrap());
    let mut reader = ::png::Decoder::new(file).read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, ::png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn has_color(rgb: &[u8], c: Rgb) -> bool {
    rgb.chunks_exact(3).any(|p| p == [c.0, c.1, c.2])
}

#[test]
fn every_chart_renders_to_a_png_of_the_size_asked() {
    let dir = tempfile::tempdir().unwrap();
    let size = PngSize { width: 960, scale: 1.5 };
    for spec in specs(Lang::Zh) {
        let path = dir.path().join(format!("{}.png", spec.kind.key()));
        write_png(&path, &spec, size).unwrap();
        let (w, h, rgb) = read_png(&path);
        assert_eq!((w, h), (1440, 810));
        // Not blank: many pixels differ from the background.
        let inked = rgb.chunks_exact(3).filter(|p| *p != [255, 255, 255]).count();
        assert!(inked > (w * h / 50) as usize, "{:?}: {inked} pixels drawn", spec.kind);
        // The marks are drawn in their colours inside the plot.
        let colours: Vec<Rgb> = match &spec.body {
            Body::Bars(b) => b.iter().map(|b| b.color).collect(),
            Body::Points { points, .. } => points.iter().map(|p| p.color).collect(),
            Body::Boxes(b) => b.iter().map(|b| b.color).collect(),
            Body::Lines(l) => l.iter().map(|l| l.color).collect(),
            Body::Empty => Vec::new(),
        };
        // Every mark colour appears in the plot area, below the title and the legend (which
        // use the same colours for their swatches) and above the axis names.
        let plot_rows = &rgb[(w * 3 * (h / 4)) as usize..(w * 3 * (h * 17 / 20)) as usize];
        for c in colours {
            assert!(has_color(plot_rows, c), "{:?}: {c:?} not drawn in the plot", spec.kind);
        }
    }
    // No temporary file is left behind.
    assert!(
        std::fs::read_dir(dir.path())
            .unwrap()
            .all(|e| !e.unwrap().file_name().to_string_lossy().starts_with('.'))
    );
}

#[test]
fn an_empty_chart_renders_its_reason() {
    let (a, _, s) = sample();
    let mut no_people = a.clone();
    no_people.people = DataFrame::empty();
    let spec = spread_within_units(&no_people, &Params::default(), Lang::Zh, s).unwrap();
    let (w, h, rgb) = render_rgb(&spec, PngSize { width: 800, scale: 1.0 }).unwrap();
    assert_eq!((w, h), (800, 450));
    // Text in the middle of the image.
    let mid = &rgb[(w * 3 * (h / 2 - 30)) as usize..(w * 3 * (h / 2 + 30)) as usize];
    assert!(mid.chunks_exact(3).any(|p| p != [255, 255, 255]));
}

#[test]
fn a_briefing_folder_holds_the_charts_and_the_workbook() {
    let (a, p, s) = sample();
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("汇报材料");
    let size = PngSize { width: 800, scale: 1.0 };
    let written = briefing(&dir, &figures(a, p), Lang::Zh, size, s).unwrap();
    assert_eq!(written.len(), ChartKind::ALL.len() + 1, "{written:?}");
    for kind in ChartKind::ALL {
        let (w, h, _) = read_png(&dir.join(briefing::chart_file(kind)));
        assert_eq!((w, h), (800, 450));
    }
    let sheets = crate::export::read_report_xlsx(&dir.join(briefing::WORKBOOK)).unwrap();
    let keys: Vec<&str> = sheets.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "summary",
            "departments",
            "plan",
            "transfers",
            "plan_summary",
            "methods",
            "parameters"
        ]
    );
    let transfers = &sheets[3].1;
    assert_eq!(transfers.height(), p.transfers.height());
    // Only the folder itself is left in its parent: no temporary folder.
    assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 1);
    // A folder that already holds files is refused and left as it was.
    let again = briefing(&dir, &figures(a, p), Lang::Zh, size, s);
    assert!(matches!(again, Err(crate::export::ExportError::FolderNotEmpty { .. })));
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), ChartKind::ALL.len() + 1);
}

#[test]
fn one_unit_far_larger_than_the_rest_does_not_squash_the_scatter() {
    let point = |v: f64| PointMark {
        x: v,
        y: v,
        color: GAIN,
        group: String::new(),
        hover: String::new(),
    };
    let mut points: Vec<PointMark> = (1..=20).map(|i| point(10.0 + i as f64)).collect();
    points.push(point(400.0));
    let names: Vec<String> = (0..21).map(|i| format!("单位{i}")).collect();
    let (top, beyond) = scatter_extent(&points, &names);
    assert!(top < 40.0, "{top}");
    assert_eq!(beyond, ["单位20"]);
    let note = scatter_note(0, &beyond, Lang::Zh).unwrap();
    assert!(note.contains("单位20"), "{note}");
    // Without an outlier the axes hold every point.
    let (top, beyond) = scatter_extent(&points[..20], &names[..20]);
    assert!(top >= 30.0 && beyond.is_empty());
}

#[test]
fn trends_start_from_zero_and_bars_carry_their_values() {
    let (a, p, s) = sample();
    let t = build(ChartKind::Trends, a, Ok(p), &Params::default(), Lang::Zh, s);
    if !t.is_empty() {
        assert_eq!(t.y_range[0], 0.0);
    }
    let plan = build(ChartKind::Plan, a, Ok(p), &Params::default(), Lang::Zh, s);
    let Body::Bars(bars) = &plan.body else { panic!() };
    assert!(bars.iter().all(|b| b.label
        == if b.value > 0.0 {
            format!("+{}", b.value)
        } else {
            format!("{}", b.value)
        }));
}

/// The figures of a briefing without scenarios.
fn figures<'a>(a: &'a Analysis, p: &'a Plan) -> briefing::Figures<'a> {
    static PARAMS: std::sync::OnceLock<Params> = std::sync::OnceLock::new();
    briefing::Figures {
        analysis: a,
        plan: Some(p),
        params: PARAMS.get_or_init(Params::default),
        what_if: briefing::WhatIf::default(),
    }
}

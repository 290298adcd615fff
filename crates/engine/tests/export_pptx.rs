//! PowerPoint decks of the bundled consultation, read back two ways: as the package the Open
//! Packaging Conventions (ECMA-376 part 2) describe — a zip whose content types and
//! relationships name every part, each part well-formed XML (roxmltree) — and through
//! LibreOffice Impress, which converts the deck to PDF (`soffice --headless --convert-to
//! pdf`) so that poppler's `pdfinfo` and `pdftotext` can count its pages and find the slides'
//! words. The filter's base is counted from the data file itself (the `csv` crate), the
//! pictures are PNGs written here from the PNG specification (flate2 for the zlib stream,
//! crc32fast for the chunk checksums), not by the engine.
#![cfg(feature = "slides")]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::process::Command;

use peiling_engine::chart::{Cell, ChartSpec};
use peiling_engine::codebook::Lang;
use peiling_engine::export::context::ViewContext;
use peiling_engine::export::slides::{deck_from_json, to_deck, ChartSlide, Cover, DeckInput};
use peiling_engine::report::{build, Report};
use peiling_engine::stats::Options;
use peiling_engine::view::View;
use peiling_engine::Survey;

mod export_support;
use export_support::{bundled, count_in_file};

/// A `width` × `height` PNG of one grey, as the PNG specification (ISO/IEC 15948) lays it
/// out: signature, IHDR (8-bit greyscale), one IDAT of zlib-compressed scanlines (filter byte
/// 0 each), IEND; every chunk with its CRC-32.
fn png(width: u32, height: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(data);
        out.extend(kind);
        out.extend(data);
        out.extend(crc.finalize().to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 0, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    let mut raw = Vec::new();
    for _ in 0..height {
        raw.push(0);
        raw.extend(std::iter::repeat_n(0xd0u8, width as usize));
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(&raw).unwrap();
    chunk(&mut out, b"IDAT", &z.finish().unwrap());
    chunk(&mut out, b"IEND", &[]);
    out
}

fn report(survey: &Survey, fragment: &str) -> (Report, ViewContext) {
    let view = View::parse(fragment);
    let report = build(survey, &view, &Options::default());
    let context = ViewContext::of(survey, &view, &report);
    (report, context)
}

/// The deck of the whole report of `fragment`, with its input and the tables that get a slide
/// of their own (counted here by the rule the module documents: 1 to 12 rows).
fn whole_deck(fragment: &str) -> (Vec<u8>, DeckInput, usize) {
    let survey = bundled();
    let (report, context) = report(&survey, fragment);
    let lang = report.lang;
    let charts: Vec<ChartSlide> = report
        .sections
        .iter()
        .flat_map(|s| &s.charts)
        .map(|c| {
            let spec = ChartSpec::build(&context.chart(c).input, 720.0).unwrap();
            ChartSlide::new(c, &context, spec.summary(lang))
        })
        .collect();
    let tables = charts
        .iter()
        .filter(|c| (1..=12).contains(&c.table.rows.len()))
        .count();
    let input = DeckInput {
        lang,
        cover: Some(Cover::new(&report, &context, (2026, 12, 6))),
        charts,
    };
    let pictures: Vec<Vec<u8>> = (0..input.charts.len())
        .map(|i| png(600 + i as u32, 300))
        .collect();
    (to_deck(&input, &pictures).unwrap(), input, tables)
}

/// Every part of the zip `bytes`, by name.
fn parts(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut body = Vec::new();
            file.read_to_end(&mut body).unwrap();
            (file.name().unwrap().to_string(), body)
        })
        .collect()
}

fn xml(part: &[u8]) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(std::str::from_utf8(part).unwrap()).unwrap()
}

/// The texts (`a:t`) of a slide part, joined by spaces.
fn slide_text(part: &[u8]) -> String {
    let doc = xml(part);
    doc.descendants()
        .filter(|n| n.tag_name().name() == "t")
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_package_has_every_part_a_presentation_needs_and_every_reference_resolves() {
    let (bytes, input, tables) = whole_deck("#/?by=generatie&f=werkgever:Gemeente");
    let parts = parts(&bytes);
    let slides = 1 + input.charts.len() + tables;
    eprintln!("{} charts, {tables} tables on slides", input.charts.len());
    assert!(tables > 0, "some tables are short enough for a slide");

    // Every XML part parses.
    for (name, body) in &parts {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            roxmltree::Document::parse(std::str::from_utf8(body).unwrap())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
    // Content types: a default or an override for every part.
    let types = xml(&parts["[Content_Types].xml"]);
    let defaults: BTreeSet<String> = types
        .descendants()
        .filter(|n| n.tag_name().name() == "Default")
        .map(|n| n.attribute("Extension").unwrap().to_string())
        .collect();
    let overrides: BTreeMap<String, String> = types
        .descendants()
        .filter(|n| n.tag_name().name() == "Override")
        .map(|n| {
            (
                n.attribute("PartName")
                    .unwrap()
                    .trim_start_matches('/')
                    .to_string(),
                n.attribute("ContentType").unwrap().to_string(),
            )
        })
        .collect();
    for name in parts.keys().filter(|n| *n != "[Content_Types].xml") {
        let ext = name.rsplit('.').next().unwrap();
        assert!(
            overrides.contains_key(name) || defaults.contains(ext),
            "{name} has a content type"
        );
    }
    for name in overrides.keys() {
        assert!(
            parts.contains_key(name),
            "override for a missing part {name}"
        );
    }
    assert_eq!(
        overrides["ppt/presentation.xml"],
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
    );

    // Relationships: every internal target exists.
    for (name, body) in parts.iter().filter(|(n, _)| n.ends_with(".rels")) {
        let source_dir = Path::new(name).parent().unwrap().parent().unwrap();
        for rel in xml(body)
            .descendants()
            .filter(|n| n.tag_name().name() == "Relationship")
        {
            let target = source_dir.join(rel.attribute("Target").unwrap());
            let mut resolved = Vec::new();
            for c in target.components() {
                match c {
                    std::path::Component::ParentDir => {
                        resolved.pop();
                    }
                    std::path::Component::Normal(s) => resolved.push(s.to_str().unwrap()),
                    _ => {}
                }
            }
            let resolved = resolved.join("/");
            assert!(parts.contains_key(&resolved), "{name} → {resolved}");
        }
    }

    // The presentation lists one slide per chart, per fitting table and the title slide; 16:9.
    let presentation = xml(&parts["ppt/presentation.xml"]);
    let ids = presentation
        .descendants()
        .filter(|n| n.tag_name().name() == "sldId")
        .count();
    assert_eq!(ids, slides);
    let size = presentation
        .descendants()
        .find(|n| n.tag_name().name() == "sldSz")
        .unwrap();
    let (cx, cy): (f64, f64) = (
        size.attribute("cx").unwrap().parse().unwrap(),
        size.attribute("cy").unwrap().parse().unwrap(),
    );
    assert!((cx / cy - 16.0 / 9.0).abs() < 1e-3, "16:9: {cx} × {cy}");
    let slide_parts = parts
        .keys()
        .filter(|n| n.starts_with("ppt/slides/slide") && n.ends_with(".xml"))
        .count();
    assert_eq!(slide_parts, slides);
    let media = parts.keys().filter(|n| n.starts_with("ppt/media/")).count();
    assert_eq!(media, input.charts.len(), "one picture per chart");

    // The title slide: title, base, the filter with its base counted from the file, the date.
    let cover = slide_text(&parts["ppt/slides/slide1.xml"]);
    let gemeente = count_in_file("werkgever", &["Gemeente"]);
    for wanted in [
        input.cover.as_ref().unwrap().title.clone(),
        "n = 1.601".to_string(),
        format!("Filter: Werkgever: Gemeente (n = {gemeente} van 1.601)"),
        "Uitgesplitst naar: Generatie".to_string(),
        "6 december 2026".to_string(),
    ] {
        assert!(cover.contains(&wanted), "title slide has {wanted}: {cover}");
    }
    // Each chart's slide: its title, the filter, the source; the picture with its description.
    let mut n = 2;
    for chart in &input.charts {
        let part = &parts[&format!("ppt/slides/slide{n}.xml")];
        let text = slide_text(part);
        assert!(text.contains(&chart.title), "slide {n}: {text}");
        assert!(
            text.contains(&format!("(n = {gemeente} van 1.601)")),
            "slide {n}"
        );
        assert!(
            text.contains("Ambtenarenpanel"),
            "slide {n} has the source: {text}"
        );
        let doc = xml(part);
        let picture = doc
            .descendants()
            .find(|n| n.tag_name().name() == "pic")
            .unwrap_or_else(|| panic!("slide {n} has a picture"));
        let described = picture
            .descendants()
            .find(|n| n.tag_name().name() == "cNvPr")
            .and_then(|n| n.attribute("descr"))
            .unwrap();
        assert_eq!(described, chart.alt);
        let title = doc
            .descendants()
            .find(|n| n.tag_name().name() == "ph")
            .and_then(|n| n.attribute("type"));
        assert_eq!(
            title,
            Some("title"),
            "slide {n}'s title is its title placeholder"
        );
        n += 1;
        if (1..=12).contains(&chart.table.rows.len()) {
            // The table's slide: a native table whose cells are the table's display texts.
            let table = &parts[&format!("ppt/slides/slide{n}.xml")];
            let doc = xml(table);
            assert!(doc.descendants().any(|n| n.tag_name().name() == "tbl"));
            let text = slide_text(table);
            let first = &chart.table.rows[0];
            for cell in first.iter().filter(|c| !matches!(c, Cell::Empty)) {
                assert!(
                    text.contains(cell.display()),
                    "slide {n} has {}",
                    cell.display()
                );
            }
            n += 1;
        }
    }
}

#[test]
fn one_chart_s_deck_has_no_title_slide_and_speaks_english_when_the_page_does() {
    let survey = bundled();
    let (report, context) = report(&survey, "#/?lang=en");
    let chart = report
        .sections
        .iter()
        .flat_map(|s| &s.charts)
        .find(|c| c.id == "competenties")
        .unwrap();
    let input = DeckInput {
        lang: Lang::En,
        cover: None,
        charts: vec![ChartSlide::new(chart, &context, "A chart".into())],
    };
    let json = serde_json::to_string(&input).unwrap();
    let bytes = deck_from_json(&json, &[png(800, 400)]).unwrap();
    let parts = parts(&bytes);
    let text = slide_text(&parts["ppt/slides/slide1.xml"]);
    assert!(text.contains(&chart.input.title));
    assert!(text.contains("n = 1,601"), "{text}");
    assert!(!parts.contains_key("ppt/slides/slide3.xml"));
    assert!(std::str::from_utf8(&parts["ppt/slides/slide1.xml"])
        .unwrap()
        .contains(r#"lang="en-GB""#));
    // The picture keeps its 2:1 aspect ratio.
    let doc = xml(&parts["ppt/slides/slide1.xml"]);
    let ext = doc
        .descendants()
        .find(|n| n.tag_name().name() == "pic")
        .unwrap()
        .descendants()
        .find(|n| n.tag_name().name() == "ext")
        .unwrap();
    let w: f64 = ext.attribute("cx").unwrap().parse().unwrap();
    let h: f64 = ext.attribute("cy").unwrap().parse().unwrap();
    assert!((w / h - 2.0).abs() < 1e-3, "{w} × {h}");
}

#[test]
fn bad_input_is_refused_in_words_not_a_panic() {
    let input = DeckInput {
        lang: Lang::Nl,
        cover: None,
        charts: Vec::new(),
    };
    let e = to_deck(&input, &[png(2, 2)]).unwrap_err();
    assert!(e.get(Lang::Nl).contains("1 afbeeldingen voor 0 grafieken"));
    let e = deck_from_json("{", &[]).unwrap_err();
    assert!(e.get(Lang::En).contains("could not be read"));
    let json = r#"{"lang":"en","cover":null,"charts":[{"title":"Q","lines":[],"alt":"","table":{"caption":"","headers":[],"rows":[],"notes":[]}}]}"#;
    let e = deck_from_json(json, &[b"GIF89a".to_vec()]).unwrap_err();
    assert_eq!(e.get(Lang::En), "The picture of ‘Q’ is no PNG.");
}

/// LibreOffice's `soffice`, if installed (scripts/setup.sh installs Debian's
/// libreoffice-impress).
fn soffice() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|cmd| {
        Command::new(cmd)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[test]
fn libreoffice_converts_the_whole_report_s_deck_and_finds_every_title() {
    let Some(soffice) = soffice() else {
        eprintln!(
            "SKIPPED: LibreOffice (soffice) is not installed; scripts/setup.sh installs \
             libreoffice-impress"
        );
        return;
    };
    let (bytes, input, tables) = whole_deck("#/?f=werkgever:Gemeente");
    let dir = std::env::temp_dir().join(format!("peiling-pptx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let deck = dir.join("rapport.pptx");
    std::fs::write(&deck, &bytes).unwrap();
    // A profile of its own, so that a LibreOffice already running elsewhere does not take the
    // conversion (and so parallel runs do not share one).
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    );
    let out = Command::new(soffice)
        .args([&profile, "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(&deck)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "soffice: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = dir.join("rapport.pdf");
    assert!(
        pdf.exists(),
        "soffice wrote no PDF: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(pages, 1 + input.charts.len() + tables, "one page per slide");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // pdftotext joins a word broken at a line-end hyphen ("civil-" + "service"), so titles are
    // compared without spaces and hyphens.
    let bare = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '\u{ad}')
            .collect()
    };
    let bare_text = bare(&text);
    let gemeente = count_in_file("werkgever", &["Gemeente"]);
    assert!(flat.contains(&format!(
        "Filter: Werkgever: Gemeente (n = {gemeente} van 1.601)"
    )));
    for chart in &input.charts {
        assert!(
            bare_text.contains(&bare(&chart.title)),
            "the PDF has the title {}",
            chart.title
        );
    }
    // PEILING_PPTX_OUT=dir keeps the deck and its PDF to look at.
    if let Some(keep) = std::env::var_os("PEILING_PPTX_OUT") {
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::copy(&deck, Path::new(&keep).join("rapport.pptx")).unwrap();
        std::fs::copy(&pdf, Path::new(&keep).join("rapport.pdf")).unwrap();
    }
    let _ = std::fs::remove_dir_all(&dir);
}

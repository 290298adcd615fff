//! A PowerPoint deck (PPTX) of one chart or of the whole report, for the person who presents
//! survey results to a council or a board: a title slide for the whole report (the survey's
//! title, source, base, date and view), then per chart a 16:9 slide with the question as the
//! slide's title, the chart as a picture (the PNG the page draws for the PNG download) and,
//! in small type under it, the base, the view ([`crate::export::context`]), the notes and the
//! source; a chart whose table is short enough to read on a slide gets a second slide with
//! that table as a native PowerPoint table, so its numbers can be edited and restyled.
//!
//! Written as PresentationML (ECMA-376 part 1, §13 and §19) with the `zip` crate (feature
//! `slides`; the major version rust_xlsxwriter writes with, so the worker holds one zip
//! writer), by hand. The Rust crates that write PPTX were weighed and left: `ppt-rs`
//! depends on `zip` 0.6 with its default features (bzip2 and zstd, C libraries that do not
//! build for wasm32-unknown-unknown) and on `uuid` v4 randomness, and `pptx` (one release,
//! 2026) brings a second `zip` major version and `time`; each is some 40,000 lines, where
//! this deck needs one master, one layout, text boxes, pictures and tables. Like the workbook
//! writer it runs in the reader worker (the page sends a [`DeckInput`] as JSON and the PNG
//! bytes beside it), so the report page's first load carries none of it.
//!
//! What stays true: the package holds every part a presentation needs and no more (content
//! types, relationships, presentation, one slide master and layout, theme, properties, the
//! slides and their pictures), and every part is well-formed XML; every text from the survey
//! goes through [`crate::chart::svg::escape`]; a chart's slide title is a title placeholder
//! (what PowerPoint's outline and screen readers take as the slide's title) and its picture
//! carries the chart's text description as alternative text; pictures keep their aspect
//! ratio; colours and fonts are DESIGN.md's (system fonts: Segoe UI, where the deck is
//! opened on Windows; the accent `#2c5f9e`, text `#1a1a1a` and `#595959`).

use serde::{Deserialize, Serialize};

use crate::chart::{Cell, Table};
use crate::codebook::Lang;
use crate::export::context::ViewContext;
use crate::format;
use crate::report::{ChartReport, Report};

/// What a deck holds: a title slide (for the whole report) and the charts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeckInput {
    pub lang: Lang,
    /// The title slide of the whole report; `None` for one chart's deck.
    pub cover: Option<Cover>,
    /// One per picture sent with the deck, in the same order.
    pub charts: Vec<ChartSlide>,
}

/// The title slide: the survey's title and lines under it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cover {
    pub title: String,
    /// Source, base, date, breakdown, filter, weighting: one line each.
    pub lines: Vec<String>,
}

/// One chart's slide (and, where its table fits, the table's slide).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartSlide {
    /// The question, as the slide's title.
    pub title: String,
    /// Under the chart in small type: the base, the view, the notes, the source.
    pub lines: Vec<String>,
    /// The picture's alternative text: the chart's summary in words.
    pub alt: String,
    /// The chart's table, shown on a slide of its own when it fits ([`table_fits`]).
    pub table: Table,
}

impl ChartSlide {
    /// The slide of `chart` (as the report holds it, without its view) exported from the
    /// view `context`; `alt` is the chart's description in words (`ChartSpec::summary`).
    pub fn new(chart: &ChartReport, context: &ViewContext, alt: String) -> ChartSlide {
        let exported = context.chart(chart);
        let mut lines = vec![chart.input.subtitle.clone()];
        lines.extend(context.chart_lines(&chart.input));
        lines.extend(exported.table.notes.iter().cloned());
        lines.retain(|l| !l.is_empty());
        ChartSlide {
            title: chart.input.title.clone(),
            lines,
            alt,
            table: exported.table,
        }
    }
}

impl Cover {
    /// The title slide of `report` exported from the view `context` on the given date.
    pub fn new(
        report: &Report,
        context: &ViewContext,
        (year, month, day): (i32, u32, u32),
    ) -> Cover {
        let lang = report.lang;
        let made = match lang {
            Lang::Nl => "Gemaakt op",
            Lang::En => "Made on",
        };
        let mut lines = vec![
            report.source.clone(),
            format::n_equals(report.respondents, lang),
        ];
        lines.extend(context.report_lines());
        lines.push(format!(
            "{made} {}",
            format::long_date(year, month, day, lang)
        ));
        lines.retain(|l| !l.is_empty());
        Cover {
            title: report.title.clone(),
            lines,
        }
    }
}

/// The width, in CSS pixels, at which the page draws a chart for a slide: the same on every
/// screen, so a deck made on a phone looks like one made on a desktop; the slide's picture
/// area (12.3 by 4.8 inches) takes it at about 78 pixels to the inch, and the page draws the
/// PNG at twice this, for a sharp projection.
pub const CHART_WIDTH: f64 = 960.0;

/// The most table rows (besides the header) a slide shows at a readable size; a longer table
/// stays in the chart's picture and in the XLSX and CSV downloads.
pub const MAX_TABLE_ROWS: usize = 12;

/// Whether `table` gets a slide of its own: it has rows, and no more than [`MAX_TABLE_ROWS`].
pub fn table_fits(table: &Table) -> bool {
    !table.rows.is_empty() && table.rows.len() <= MAX_TABLE_ROWS
}

/// The number of slides a deck of `input` has: the title slide, each chart, each table that
/// fits.
pub fn slide_count(input: &DeckInput) -> usize {
    usize::from(input.cover.is_some())
        + input
            .charts
            .iter()
            .map(|c| 1 + usize::from(table_fits(&c.table)))
            .sum::<usize>()
}

/// A PNG's width and height in pixels, from its header (the IHDR chunk that the PNG
/// specification puts first), or `None` if `bytes` is no PNG.
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if bytes.len() < 24 || !bytes.starts_with(SIGNATURE) || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let width = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
    let height = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
    (width > 0 && height > 0).then_some((width, height))
}

/// The columns of `table` a slide shows: those with something in at least one row.
pub fn shown_columns(table: &Table) -> Vec<usize> {
    (0..table.headers.len())
        .filter(|&c| {
            table
                .rows
                .iter()
                .any(|r| !matches!(r.get(c), None | Some(Cell::Empty)))
        })
        .collect()
}

#[cfg(feature = "slides")]
mod writer {
    use std::fmt::Write as _;
    use std::io::{Cursor, Write};

    use zip_writer::write::SimpleFileOptions;
    use zip_writer::{CompressionMethod, ZipWriter};

    use super::{png_size, shown_columns, table_fits, ChartSlide, Cover, DeckInput};
    use crate::chart::palette::{ACCENT, DARK_TEXT, MUTED_TEXT, RULE};
    use crate::chart::svg::escape;
    use crate::chart::Cell;
    use crate::codebook::Lang;
    use crate::Text;

    /// English Metric Units: 914,400 to the inch, 12,700 to the point.
    const INCH: i64 = 914_400;
    /// 16:9, 13.333 × 7.5 inches: PowerPoint's "Widescreen".
    const SLIDE_W: i64 = 12_192_000;
    const SLIDE_H: i64 = 6_858_000;
    const MARGIN: i64 = INCH / 2;
    const TITLE_Y: i64 = INCH * 35 / 100;
    const TITLE_H: i64 = INCH;
    const FOOT_H: i64 = INCH * 85 / 100;
    const GAP: i64 = INCH / 8;
    /// The system font of Windows, where most decks are opened; elsewhere the viewer's own
    /// sans-serif stands in (DESIGN.md: system fonts only).
    const FONT: &str = "Segoe UI";

    const NS: &str = r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main""#;
    const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const CT: &str = "application/vnd.openxmlformats-officedocument";

    /// `#2c5f9e` as DrawingML writes a colour: `2C5F9E`.
    fn rgb(css: &str) -> String {
        css.trim_start_matches('#').to_uppercase()
    }

    fn lang_tag(lang: Lang) -> &'static str {
        match lang {
            Lang::Nl => "nl-NL",
            Lang::En => "en-GB",
        }
    }

    /// How a run of text looks.
    #[derive(Clone, Copy)]
    struct Style {
        /// In hundredths of a point.
        size: u32,
        bold: bool,
        color: &'static str,
    }

    /// A style of `size` hundredths of a point.
    const fn style(size: u32, bold: bool, color: &'static str) -> Style {
        Style { size, bold, color }
    }

    const TITLE: Style = style(2400, true, DARK_TEXT);
    const COVER_TITLE: Style = style(3600, true, DARK_TEXT);
    const COVER_LINE: Style = style(1600, false, MUTED_TEXT);
    const FOOT: Style = style(1100, false, MUTED_TEXT);
    const CELL: Style = style(1200, false, DARK_TEXT);
    const HEADER: Style = style(1200, true, DARK_TEXT);

    fn run(out: &mut String, text: &str, style: Style, lang: Lang) {
        let _ = write!(
            out,
            r#"<a:r><a:rPr lang="{}" sz="{}" b="{}" dirty="0"><a:solidFill><a:srgbClr val="{}"/></a:solidFill><a:latin typeface="{FONT}"/><a:cs typeface="{FONT}"/></a:rPr><a:t>{}</a:t></a:r>"#,
            lang_tag(lang),
            style.size,
            u8::from(style.bold),
            rgb(style.color),
            escape(text)
        );
    }

    /// Paragraphs of `lines`, aligned `align` (`l`, `r`); an empty list still gives the one
    /// paragraph a text body must have.
    fn paragraphs(out: &mut String, lines: &[&str], style: Style, align: &str, lang: Lang) {
        for line in lines {
            let _ = write!(out, r#"<a:p><a:pPr algn="{align}"/>"#);
            if !line.is_empty() {
                run(out, line, style, lang);
            }
            let _ = write!(
                out,
                r#"<a:endParaRPr lang="{}" sz="{}" dirty="0"/></a:p>"#,
                lang_tag(lang),
                style.size
            );
        }
        if lines.is_empty() {
            let _ = write!(
                out,
                r#"<a:p><a:endParaRPr lang="{}" sz="{}" dirty="0"/></a:p>"#,
                lang_tag(lang),
                style.size
            );
        }
    }

    fn xfrm(out: &mut String, tag: &str, (x, y, w, h): (i64, i64, i64, i64)) {
        let _ = write!(
            out,
            r#"<{tag}><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></{tag}>"#
        );
    }

    /// The shapes of one slide, numbered from 2 (1 is the shape tree itself).
    struct Shapes {
        xml: String,
        next_id: u32,
        lang: Lang,
    }

    impl Shapes {
        fn new(lang: Lang) -> Shapes {
            Shapes {
                xml: String::new(),
                next_id: 2,
                lang,
            }
        }

        fn id(&mut self) -> u32 {
            let id = self.next_id;
            self.next_id += 1;
            id
        }

        /// A text box; `title` makes it the slide's title placeholder. `anchor` is `t`, `b`
        /// or `ctr`; the text shrinks to fit the box in PowerPoint (`normAutofit`).
        fn text(
            &mut self,
            name: &str,
            at: (i64, i64, i64, i64),
            lines: &[&str],
            style: Style,
            (title, anchor): (bool, &str),
        ) {
            let id = self.id();
            let out = &mut self.xml;
            let _ = write!(out, r#"<p:sp><p:nvSpPr><p:cNvPr id="{id}" name="{name}"/>"#);
            if title {
                out.push_str(r#"<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="title"/></p:nvPr>"#);
            } else {
                out.push_str(r#"<p:cNvSpPr txBox="1"/><p:nvPr/>"#);
            }
            out.push_str("</p:nvSpPr><p:spPr>");
            xfrm(out, "a:xfrm", at);
            out.push_str(r#"<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>"#);
            let _ = write!(
                out,
                r#"<p:txBody><a:bodyPr wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="{anchor}"><a:normAutofit/></a:bodyPr><a:lstStyle/>"#
            );
            paragraphs(out, lines, style, "l", self.lang);
            out.push_str("</p:txBody></p:sp>");
        }

        /// A filled rectangle without text (the accent rule of the title slide).
        fn rule(&mut self, at: (i64, i64, i64, i64), color: &str) {
            let id = self.id();
            let out = &mut self.xml;
            let _ = write!(
                out,
                r#"<p:sp><p:nvSpPr><p:cNvPr id="{id}" name="Lijn {id}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>"#
            );
            xfrm(out, "a:xfrm", at);
            let _ = write!(
                out,
                r#"<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="{}"/></a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>"#,
                rgb(color)
            );
        }

        /// The picture of relationship `rel`, described by `alt`.
        fn picture(&mut self, rel: &str, alt: &str, at: (i64, i64, i64, i64)) {
            let id = self.id();
            let out = &mut self.xml;
            let _ = write!(
                out,
                r#"<p:pic><p:nvPicPr><p:cNvPr id="{id}" name="Grafiek {id}" descr="{}"/><p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="{rel}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>"#,
                escape(alt)
            );
            xfrm(out, "a:xfrm", at);
            out.push_str(r#"<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>"#);
        }

        /// `table`'s shown columns as a native table: a bold header row over a rule, text left
        /// and numbers right, as the page's table shows them.
        fn table(&mut self, table: &crate::chart::Table, at: (i64, i64, i64, i64)) {
            let columns = shown_columns(table);
            let numeric: Vec<bool> = columns
                .iter()
                .map(|&c| {
                    table
                        .rows
                        .iter()
                        .any(|r| matches!(r.get(c), Some(Cell::Number { .. })))
                })
                .collect();
            // Text columns get two and a half shares of the width, number columns one.
            let shares: Vec<i64> = numeric.iter().map(|&n| if n { 2 } else { 5 }).collect();
            let total: i64 = shares.iter().sum::<i64>().max(1);
            let mut widths: Vec<i64> = shares.iter().map(|s| at.2 * s / total).collect();
            if let Some(last) = widths.last_mut() {
                *last += at.2 - shares.iter().map(|s| at.2 * s / total).sum::<i64>();
            }
            let row_h = INCH * 3 / 10;
            let height = row_h * (table.rows.len() as i64 + 1);
            let id = self.id();
            let lang = self.lang;
            let out = &mut self.xml;
            let _ = write!(
                out,
                r#"<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{id}" name="Tabel {id}"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>"#
            );
            xfrm(out, "p:xfrm", (at.0, at.1, at.2, height));
            out.push_str(r#"<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblPr firstRow="1"/><a:tblGrid>"#);
            for w in &widths {
                let _ = write!(out, r#"<a:gridCol w="{w}"/>"#);
            }
            out.push_str("</a:tblGrid>");
            let header: Vec<&str> = columns.iter().map(|&c| table.headers[c].as_str()).collect();
            let row = |out: &mut String, cells: &[&str], style: Style, rule: &str| {
                let _ = write!(out, r#"<a:tr h="{row_h}">"#);
                for (cell, &number) in cells.iter().zip(&numeric) {
                    out.push_str("<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>");
                    paragraphs(out, &[cell], style, if number { "r" } else { "l" }, lang);
                    let _ = write!(
                        out,
                        r#"</a:txBody><a:tcPr marL="45720" marR="45720" marT="22860" marB="22860" anchor="b"><a:lnL w="0"><a:noFill/></a:lnL><a:lnR w="0"><a:noFill/></a:lnR><a:lnT w="0"><a:noFill/></a:lnT><a:lnB w="{}" cmpd="sng"><a:solidFill><a:srgbClr val="{}"/></a:solidFill></a:lnB><a:noFill/></a:tcPr></a:tc>"#,
                        if rule == DARK_TEXT { 12_700 } else { 6_350 },
                        rgb(rule)
                    );
                }
                out.push_str("</a:tr>");
            };
            row(out, &header, HEADER, DARK_TEXT);
            for cells in &table.rows {
                let texts: Vec<&str> = columns
                    .iter()
                    .map(|&c| cells.get(c).map_or("", Cell::display))
                    .collect();
                row(out, &texts, CELL, RULE);
            }
            out.push_str("</a:tbl></a:graphicData></a:graphic></p:graphicFrame>");
        }

        fn slide(self) -> String {
            format!(
                r#"{DECL}<p:sld {NS}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>{}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"#,
                self.xml
            )
        }
    }

    const CONTENT_W: i64 = SLIDE_W - 2 * MARGIN;
    const TITLE_BOX: (i64, i64, i64, i64) = (MARGIN, TITLE_Y, CONTENT_W, TITLE_H);
    const FOOT_BOX: (i64, i64, i64, i64) =
        (MARGIN, SLIDE_H - MARGIN / 2 - FOOT_H, CONTENT_W, FOOT_H);
    /// Between the title and the lines under the chart.
    const BODY: (i64, i64, i64, i64) = (
        MARGIN,
        TITLE_Y + TITLE_H + GAP,
        CONTENT_W,
        SLIDE_H - MARGIN / 2 - FOOT_H - GAP - (TITLE_Y + TITLE_H + GAP),
    );

    /// The largest box of the picture's aspect ratio inside `BODY`, at its top left.
    fn fit((width, height): (u32, u32)) -> (i64, i64, i64, i64) {
        let (w, h) = (i64::from(width), i64::from(height));
        let (x, y, bw, bh) = BODY;
        if w * bh > h * bw {
            (x, y, bw, bw * h / w)
        } else {
            (x, y, bh * w / h, bh)
        }
    }

    /// The title, ending at a third of the slide's height, the accent rule under it, then
    /// the lines about the report.
    fn cover_slide(cover: &Cover, lang: Lang) -> String {
        let mut s = Shapes::new(lang);
        let title_bottom = INCH * 33 / 10;
        s.text(
            "Titel",
            (MARGIN, title_bottom - INCH * 2, CONTENT_W, INCH * 2),
            &[cover.title.as_str()],
            COVER_TITLE,
            (true, "b"),
        );
        s.rule((MARGIN, title_bottom + INCH / 6, INCH, INCH / 14), ACCENT);
        let lines: Vec<&str> = cover.lines.iter().map(String::as_str).collect();
        s.text(
            "Over dit rapport",
            (MARGIN, title_bottom + INCH / 2, CONTENT_W, INCH * 3),
            &lines,
            COVER_LINE,
            (false, "t"),
        );
        s.slide()
    }

    fn title_and_foot(s: &mut Shapes, title: &str, chart: &ChartSlide) {
        s.text("Titel", TITLE_BOX, &[title], TITLE, (true, "b"));
        let lines: Vec<&str> = chart.lines.iter().map(String::as_str).collect();
        s.text("Basis en bron", FOOT_BOX, &lines, FOOT, (false, "b"));
    }

    fn chart_slide(chart: &ChartSlide, size: (u32, u32), lang: Lang) -> String {
        let mut s = Shapes::new(lang);
        title_and_foot(&mut s, &chart.title, chart);
        s.picture("rId2", &chart.alt, fit(size));
        s.slide()
    }

    fn table_slide(chart: &ChartSlide, lang: Lang) -> String {
        let mut s = Shapes::new(lang);
        let title = format!(
            "{} ({})",
            chart.title,
            match lang {
                Lang::Nl => "tabel",
                Lang::En => "table",
            }
        );
        title_and_foot(&mut s, &title, chart);
        s.table(&chart.table, BODY);
        s.slide()
    }

    fn rels(rels: &[(&str, String)]) -> String {
        let mut out = format!(
            r#"{DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        );
        for (i, (kind, target)) in rels.iter().enumerate() {
            let kind = if kind.starts_with("http") {
                kind.to_string()
            } else {
                format!("{REL}/{kind}")
            };
            let _ = write!(
                out,
                r#"<Relationship Id="rId{}" Type="{kind}" Target="{target}"/>"#,
                i + 1
            );
        }
        out.push_str("</Relationships>");
        out
    }

    fn content_types(slides: usize, pictures: bool) -> String {
        let mut out = format!(
            r#"{DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>"#
        );
        if pictures {
            out.push_str(r#"<Default Extension="png" ContentType="image/png"/>"#);
        }
        let parts = [
            (
                "/ppt/presentation.xml",
                "presentationml.presentation.main+xml",
            ),
            (
                "/ppt/slideMasters/slideMaster1.xml",
                "presentationml.slideMaster+xml",
            ),
            (
                "/ppt/slideLayouts/slideLayout1.xml",
                "presentationml.slideLayout+xml",
            ),
            ("/ppt/theme/theme1.xml", "theme+xml"),
            ("/ppt/presProps.xml", "presentationml.presProps+xml"),
            ("/ppt/viewProps.xml", "presentationml.viewProps+xml"),
            ("/ppt/tableStyles.xml", "presentationml.tableStyles+xml"),
            ("/docProps/app.xml", "extended-properties+xml"),
        ];
        for (part, kind) in parts {
            let _ = write!(
                out,
                r#"<Override PartName="{part}" ContentType="{CT}.{kind}"/>"#
            );
        }
        out.push_str(r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#);
        for n in 1..=slides {
            let _ = write!(
                out,
                r#"<Override PartName="/ppt/slides/slide{n}.xml" ContentType="{CT}.presentationml.slide+xml"/>"#
            );
        }
        out.push_str("</Types>");
        out
    }

    fn presentation(slides: usize) -> String {
        let mut ids = String::new();
        for n in 0..slides {
            // Relationships 1–5 are the master, theme and properties; slides follow.
            let _ = write!(ids, r#"<p:sldId id="{}" r:id="rId{}"/>"#, 256 + n, 6 + n);
        }
        format!(
            r#"{DECL}<p:presentation {NS} saveSubsetFonts="1"><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst><p:sldIdLst>{ids}</p:sldIdLst><p:sldSz cx="{SLIDE_W}" cy="{SLIDE_H}"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>"#
        )
    }

    /// The master: white background, the title placeholder's place and look, and the
    /// default text in the theme's font and DESIGN.md's text colour.
    fn master() -> String {
        let (x, y, w, h) = TITLE_BOX;
        format!(
            r#"{DECL}<p:sldMaster {NS}><p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr><p:sp><p:nvSpPr><p:cNvPr id="2" name="Titel"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr anchor="b"><a:normAutofit/></a:bodyPr><a:lstStyle/><a:p><a:endParaRPr lang="nl-NL"/></a:p></p:txBody></p:sp></p:spTree></p:cSld><p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/><p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst><p:txStyles><p:titleStyle><a:lvl1pPr algn="l"><a:defRPr sz="2400" b="1"><a:solidFill><a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mj-lt"/><a:ea typeface="+mj-ea"/><a:cs typeface="+mj-cs"/></a:defRPr></a:lvl1pPr></p:titleStyle><p:bodyStyle><a:lvl1pPr algn="l"><a:defRPr sz="1800"><a:solidFill><a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/></a:defRPr></a:lvl1pPr></p:bodyStyle><p:otherStyle><a:lvl1pPr algn="l"><a:defRPr sz="1800"><a:solidFill><a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/></a:defRPr></a:lvl1pPr></p:otherStyle></p:txStyles></p:sldMaster>"#
        )
    }

    fn layout() -> String {
        let (x, y, w, h) = TITLE_BOX;
        format!(
            r#"{DECL}<p:sldLayout {NS} type="titleOnly" preserve="1"><p:cSld name="Titel en grafiek"><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr><p:sp><p:nvSpPr><p:cNvPr id="2" name="Titel"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="nl-NL"/></a:p></p:txBody></p:sp></p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"#
        )
    }

    /// The theme: DESIGN.md's colours (text, the accent and the diverging palette's tones)
    /// and its system font; the format scheme is the plain one every theme must have.
    fn theme() -> String {
        let colors = [
            ("dk1", DARK_TEXT),
            ("lt1", "#ffffff"),
            ("dk2", MUTED_TEXT),
            ("lt2", "#e9e4da"),
            ("accent1", ACCENT),
            ("accent2", "#f1a340"),
            ("accent3", "#74add1"),
            ("accent4", "#b35806"),
            ("accent5", "#9e9e9e"),
            ("accent6", "#bdbdbd"),
            ("hlink", ACCENT),
            ("folHlink", "#595959"),
        ];
        let mut scheme = String::new();
        for (name, color) in colors {
            let _ = write!(
                scheme,
                r#"<a:{name}><a:srgbClr val="{}"/></a:{name}>"#,
                rgb(color)
            );
        }
        let fill = r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#;
        let fills = fill.repeat(3);
        let line = format!(r#"<a:ln w="9525">{fill}</a:ln>"#).repeat(3);
        let effect = "<a:effectStyle><a:effectLst/></a:effectStyle>".repeat(3);
        format!(
            r#"{DECL}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Peiling"><a:themeElements><a:clrScheme name="Peiling">{scheme}</a:clrScheme><a:fontScheme name="Peiling"><a:majorFont><a:latin typeface="{FONT}"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="{FONT}"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme><a:fmtScheme name="Peiling"><a:fillStyleLst>{fills}</a:fillStyleLst><a:lnStyleLst>{line}</a:lnStyleLst><a:effectStyleLst>{effect}</a:effectStyleLst><a:bgFillStyleLst>{fills}</a:bgFillStyleLst></a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"#
        )
    }

    fn core(title: &str, lang: Lang) -> String {
        format!(
            r#"{DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>Peiling</dc:creator><dc:language>{}</dc:language></cp:coreProperties>"#,
            escape(title),
            lang_tag(lang)
        )
    }

    fn app(slides: usize) -> String {
        format!(
            r#"{DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Peiling</Application><Slides>{slides}</Slides><PresentationFormat>{}</PresentationFormat></Properties>"#,
            "Breedbeeld (16:9)"
        )
    }

    type Out<'a> = ZipWriter<Cursor<&'a mut Vec<u8>>>;

    /// Why a deck could not be written, in both languages.
    fn failed(nl: &str, en: &str) -> Text {
        Text::with_en(nl, en)
    }

    /// The deck's bytes: `pictures[i]` is the PNG of `input.charts[i]`.
    pub fn to_deck(input: &DeckInput, pictures: &[Vec<u8>]) -> Result<Vec<u8>, Text> {
        if pictures.len() != input.charts.len() {
            return Err(failed(
                &format!(
                    "De presentatie kreeg {} afbeeldingen voor {} grafieken.",
                    pictures.len(),
                    input.charts.len()
                ),
                &format!(
                    "The presentation got {} pictures for {} charts.",
                    pictures.len(),
                    input.charts.len()
                ),
            ));
        }
        let mut sizes = Vec::with_capacity(pictures.len());
        for (chart, png) in input.charts.iter().zip(pictures) {
            match png_size(png) {
                Some(size) => sizes.push(size),
                None => {
                    return Err(failed(
                        &format!("De afbeelding van ‘{}’ is geen PNG.", chart.title),
                        &format!("The picture of ‘{}’ is no PNG.", chart.title),
                    ))
                }
            }
        }
        let lang = input.lang;
        // (slide XML, the picture it shows)
        let mut slides: Vec<(String, Option<usize>)> = Vec::new();
        if let Some(cover) = &input.cover {
            slides.push((cover_slide(cover, lang), None));
        }
        for (i, (chart, &size)) in input.charts.iter().zip(&sizes).enumerate() {
            slides.push((chart_slide(chart, size, lang), Some(i)));
            if table_fits(&chart.table) {
                slides.push((table_slide(chart, lang), None));
            }
        }
        let title = input
            .cover
            .as_ref()
            .map(|c| c.title.as_str())
            .or_else(|| input.charts.first().map(|c| c.title.as_str()))
            .unwrap_or("Peiling");

        let xml = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        // PNG is compressed already.
        let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
        // Into a `Cursor<&mut Vec<u8>>`, as rust_xlsxwriter's `save_to_buffer` writes: the same
        // `ZipWriter` type, so the worker's wasm holds its code once.
        let mut buffer = Vec::new();
        let mut zip = ZipWriter::new(Cursor::new(&mut buffer));
        let part = |zip: &mut Out, name: &str, body: &[u8], png: bool| {
            zip.start_file(name, if png { stored } else { xml })?;
            zip.write_all(body)?;
            Ok::<(), zip_writer::result::ZipError>(())
        };
        let write = |zip: &mut Out| -> Result<(), zip_writer::result::ZipError> {
            part(
                zip,
                "[Content_Types].xml",
                content_types(slides.len(), !pictures.is_empty()).as_bytes(),
                false,
            )?;
            let root = rels(&[
                ("officeDocument", "ppt/presentation.xml".into()),
                (
                    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                    "docProps/core.xml".into(),
                ),
                ("extended-properties", "docProps/app.xml".into()),
            ]);
            part(zip, "_rels/.rels", root.as_bytes(), false)?;
            part(
                zip,
                "docProps/core.xml",
                core(title, lang).as_bytes(),
                false,
            )?;
            part(zip, "docProps/app.xml", app(slides.len()).as_bytes(), false)?;
            part(
                zip,
                "ppt/presentation.xml",
                presentation(slides.len()).as_bytes(),
                false,
            )?;
            let mut pres_rels: Vec<(&str, String)> = vec![
                ("slideMaster", "slideMasters/slideMaster1.xml".into()),
                ("theme", "theme/theme1.xml".into()),
                ("presProps", "presProps.xml".into()),
                ("viewProps", "viewProps.xml".into()),
                ("tableStyles", "tableStyles.xml".into()),
            ];
            pres_rels.extend((1..=slides.len()).map(|n| ("slide", format!("slides/slide{n}.xml"))));
            part(
                zip,
                "ppt/_rels/presentation.xml.rels",
                rels(&pres_rels).as_bytes(),
                false,
            )?;
            let props = format!(r#"{DECL}<p:presentationPr {NS}/>"#);
            part(zip, "ppt/presProps.xml", props.as_bytes(), false)?;
            let view = format!(
                r#"{DECL}<p:viewPr {NS}><p:normalViewPr><p:restoredLeft sz="15620"/><p:restoredTop sz="94660"/></p:normalViewPr><p:gridSpacing cx="76200" cy="76200"/></p:viewPr>"#
            );
            part(zip, "ppt/viewProps.xml", view.as_bytes(), false)?;
            let styles = format!(
                r#"{DECL}<a:tblStyleLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" def="{{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}}"/>"#
            );
            part(zip, "ppt/tableStyles.xml", styles.as_bytes(), false)?;
            part(zip, "ppt/theme/theme1.xml", theme().as_bytes(), false)?;
            part(
                zip,
                "ppt/slideMasters/slideMaster1.xml",
                master().as_bytes(),
                false,
            )?;
            let master_rels = rels(&[
                ("slideLayout", "../slideLayouts/slideLayout1.xml".into()),
                ("theme", "../theme/theme1.xml".into()),
            ]);
            part(
                zip,
                "ppt/slideMasters/_rels/slideMaster1.xml.rels",
                master_rels.as_bytes(),
                false,
            )?;
            part(
                zip,
                "ppt/slideLayouts/slideLayout1.xml",
                layout().as_bytes(),
                false,
            )?;
            let layout_rels = rels(&[("slideMaster", "../slideMasters/slideMaster1.xml".into())]);
            part(
                zip,
                "ppt/slideLayouts/_rels/slideLayout1.xml.rels",
                layout_rels.as_bytes(),
                false,
            )?;
            for (n, (slide, picture)) in (1..).zip(&slides) {
                part(
                    zip,
                    &format!("ppt/slides/slide{n}.xml"),
                    slide.as_bytes(),
                    false,
                )?;
                let mut slide_rels = vec![(
                    "slideLayout",
                    "../slideLayouts/slideLayout1.xml".to_string(),
                )];
                if let Some(i) = picture {
                    slide_rels.push(("image", format!("../media/image{}.png", i + 1)));
                }
                part(
                    zip,
                    &format!("ppt/slides/_rels/slide{n}.xml.rels"),
                    rels(&slide_rels).as_bytes(),
                    false,
                )?;
            }
            for (i, png) in pictures.iter().enumerate() {
                part(zip, &format!("ppt/media/image{}.png", i + 1), png, true)?;
            }
            Ok(())
        };
        let written = write(&mut zip).and_then(|()| zip.finish().map(drop));
        match written {
            Ok(()) => Ok(buffer),
            Err(e) => Err(failed(
                &format!("De presentatie kon niet worden geschreven: {e}"),
                &format!("The presentation could not be written: {e}"),
            )),
        }
    }

    /// The deck for `json` (a [`DeckInput`] as the page sends it) and the charts' PNGs, or
    /// the reason there is none, in both languages.
    pub fn deck_from_json(json: &str, pictures: &[Vec<u8>]) -> Result<Vec<u8>, Text> {
        let input: DeckInput = serde_json::from_str(json).map_err(|e| {
            failed(
                &format!("De inhoud van de presentatie kon niet worden gelezen: {e}"),
                &format!("The presentation's contents could not be read: {e}"),
            )
        })?;
        to_deck(&input, pictures)
    }
}

#[cfg(feature = "slides")]
pub use writer::{deck_from_json, to_deck};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_size_reads_the_header_and_refuses_what_is_no_png() {
        // The first 24 bytes of a 640 × 2 PNG, as the PNG specification (ISO/IEC 15948, §5.2
        // and §11.2.2) lays them out: signature, IHDR length 13, "IHDR", width, height.
        let mut header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
        header.extend(640u32.to_be_bytes());
        header.extend(2u32.to_be_bytes());
        assert_eq!(png_size(&header), Some((640, 2)));
        assert_eq!(png_size(b"GIF89a and more bytes than twenty"), None);
        assert_eq!(png_size(&header[..20]), None);
    }
}

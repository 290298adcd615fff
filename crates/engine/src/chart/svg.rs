//! A chart spec rendered as a standalone SVG document: the file behind "Download SVG" and
//! "Download PNG", and the inline SVG of the HTML export.
//!
//! What stays true: every string from the input passes through [`escape`] (markup and
//! quotes become entities, characters XML forbids are replaced), so a label such as
//! `<script>` is shown as text and can never become an element or an attribute; element ids
//! carry a caller-chosen prefix (reduced to `[A-Za-z0-9_-]`) so several charts can share one
//! page; no script, no external resource.

use std::fmt::Write;

use super::layout::Bar;
use super::measure::wrap;
use super::palette::{DARK_TEXT, MUTED_TEXT, RULE};
use super::{Anchor, ChartSpec, LegendEntry, Pattern, TextLine};

/// The font stack of the report (system fonts only).
pub const FONT_FAMILY: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

const PADDING: f64 = 16.0;

/// How a block of wrapped text is set.
struct TextStyle {
    size: f64,
    line_height: f64,
    bold: bool,
    fill: &'static str,
}

const TITLE: TextStyle = TextStyle {
    size: 16.0,
    line_height: 21.0,
    bold: true,
    fill: DARK_TEXT,
};
const SUBTITLE: TextStyle = TextStyle {
    size: 13.0,
    line_height: 17.0,
    bold: false,
    fill: MUTED_TEXT,
};
const FOOT: TextStyle = TextStyle {
    size: 12.0,
    line_height: 16.0,
    bold: false,
    fill: MUTED_TEXT,
};
const BLOCK_GAP: f64 = 10.0;

/// What to draw around the plot.
#[derive(Debug, Clone)]
pub struct SvgOptions {
    /// Prefix of the ids inside the SVG; keep it unique per page.
    pub id_prefix: String,
    /// Draw the title, subtitle, notes and source line (a standalone file); without them
    /// the SVG holds the legend and the plot (when the page around it shows the words).
    pub header: bool,
}

impl Default for SvgOptions {
    fn default() -> Self {
        SvgOptions {
            id_prefix: "chart".into(),
            header: true,
        }
    }
}

/// Escapes text for XML content and attribute values. Hand-written because it is five
/// replacements and one filter; a dependency would add more than it saves.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // XML 1.0 allows tab, newline and carriage return among the control characters;
            // a literal carriage return would be read back as a newline, a reference stays.
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate with at most two decimals.
fn num(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() {
        "0".into()
    } else {
        s.to_string()
    }
}

fn safe_id(prefix: &str) -> String {
    let id: String = prefix
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    if id.is_empty() || id.starts_with(|c: char| c.is_ascii_digit()) {
        format!("c{id}")
    } else {
        id
    }
}

fn text_element(out: &mut String, line: &TextLine, fill: &str, anchor: Anchor, italic: bool) {
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" font-size="{}" fill="{fill}"{}{}{}>{}</text>"#,
        num(line.x),
        num(line.y),
        num(line.font_size),
        if line.bold {
            r#" font-weight="600""#
        } else {
            ""
        },
        if anchor == Anchor::Middle {
            r#" text-anchor="middle""#
        } else {
            ""
        },
        if italic {
            r#" font-style="italic""#
        } else {
            ""
        },
        escape(&line.text),
    );
}

fn text_block(out: &mut String, text: &str, width: f64, top: f64, style: TextStyle) -> f64 {
    if text.is_empty() {
        return top;
    }
    let lines = wrap(text, width, style.size, style.bold);
    for (i, line) in lines.iter().enumerate() {
        let line = TextLine {
            text: line.clone(),
            x: PADDING,
            y: super::layout::baseline(
                top + i as f64 * style.line_height,
                style.line_height,
                style.size,
            ),
            font_size: style.size,
            bold: style.bold,
        };
        text_element(out, &line, style.fill, Anchor::Start, false);
    }
    top + lines.len() as f64 * style.line_height
}

/// A filled rectangle, with the hatch pattern laid over it when `hatched`.
fn swatch(out: &mut String, rect: Bar, fill: &str, hatched: bool, id: &str) {
    let geometry = format!(
        r#"x="{}" y="{}" width="{}" height="{}""#,
        num(rect.x),
        num(rect.y),
        num(rect.width),
        num(rect.height)
    );
    let _ = write!(out, r#"<rect {geometry} fill="{}"/>"#, escape(fill));
    if hatched {
        let _ = write!(out, r#"<rect {geometry} fill="url(#{id}-hatch)"/>"#);
    }
}

fn legend(out: &mut String, entries: &[LegendEntry], top: f64, id: &str) {
    for entry in entries {
        let x = PADDING + entry.x;
        let y = top + entry.y;
        let rect = Bar {
            x,
            y: y + 4.0,
            width: 12.0,
            height: 12.0,
        };
        swatch(out, rect, &entry.fill, entry.pattern.is_some(), id);
        let line = TextLine {
            text: entry.label.clone(),
            x: x + 17.0,
            y: y + 14.5,
            font_size: 12.0,
            bold: false,
        };
        text_element(out, &line, DARK_TEXT, Anchor::Start, false);
    }
}

fn plot(out: &mut String, spec: &ChartSpec, id: &str, for_page: bool) {
    for tick in &spec.ticks {
        let _ = write!(
            out,
            r#"<line x1="{x}" x2="{x}" y1="{}" y2="{}" stroke="{RULE}" stroke-width="1"/>"#,
            num(spec.grid_top),
            num(spec.grid_bottom),
            x = num(tick.x),
        );
        let line = TextLine {
            text: tick.label.clone(),
            x: tick.x,
            y: spec.tick_label_y,
            font_size: 12.0,
            bold: false,
        };
        text_element(out, &line, MUTED_TEXT, Anchor::Middle, false);
    }
    for line in &spec.net_headers {
        text_element(out, line, DARK_TEXT, Anchor::Middle, false);
    }
    for (ii, item) in spec.items.iter().enumerate() {
        if let Some(y) = item.divider_y {
            let _ = write!(
                out,
                r#"<line x1="0" x2="{}" y1="{y}" y2="{y}" stroke="{MUTED_TEXT}" stroke-width="1" stroke-dasharray="4 3"/>"#,
                num(spec.width),
                y = num(y),
            );
        }
        out.push_str("<g>");
        if !item.label.is_empty() {
            let _ = write!(out, "<title>{}</title>", escape(&item.label));
        }
        for line in &item.label_lines {
            text_element(out, line, DARK_TEXT, Anchor::Start, false);
        }
        out.push_str("</g>");
        for (ri, row) in item.rows.iter().enumerate() {
            let label_fill = if row.small_base {
                MUTED_TEXT
            } else {
                DARK_TEXT
            };
            for line in &row.label_lines {
                text_element(out, line, label_fill, Anchor::Start, row.small_base);
            }
            for (si, segment) in row.segments.iter().enumerate() {
                let visible = segment.width > 0.0;
                if !visible && segment.label.is_none() {
                    continue;
                }
                if for_page {
                    // The page shows its own tooltip; it finds the value by this attribute.
                    let _ = write!(out, r#"<g data-seg="{ii} {ri} {si}">"#);
                } else {
                    out.push_str("<g>");
                    let _ = write!(out, "<title>{}</title>", escape(&segment.tooltip));
                }
                if visible {
                    let rect = Bar {
                        x: segment.x,
                        y: row.bar_y,
                        width: segment.width,
                        height: row.bar_height,
                    };
                    let hatched = matches!(segment.pattern, Some(Pattern::Hatched { .. }));
                    swatch(out, rect, &segment.fill, hatched, id);
                }
                // A zero-length bar still shows its value label ("0%").
                if let Some(label) = &segment.label {
                    let line = TextLine {
                        text: label.clone(),
                        x: segment.label_x,
                        y: segment.label_y,
                        font_size: 12.0,
                        bold: false,
                    };
                    let color = escape(&segment.label_color);
                    if segment.label_anchor == Anchor::Start {
                        // Past the bar's end the label crosses grid lines: a white halo
                        // keeps it readable.
                        out.push_str(r##"<g stroke="#ffffff" stroke-width="3" paint-order="stroke" stroke-linejoin="round">"##);
                        text_element(out, &line, &color, segment.label_anchor, false);
                        out.push_str("</g>");
                    } else {
                        text_element(out, &line, &color, segment.label_anchor, false);
                    }
                }
                out.push_str("</g>");
            }
            if let Some(message) = &row.message {
                text_element(out, message, MUTED_TEXT, Anchor::Start, true);
            }
            if !row.net_labels.is_empty() {
                let _ = write!(out, r#"<g data-net="{ii} {ri}">"#);
                for line in &row.net_labels {
                    text_element(out, line, DARK_TEXT, Anchor::Middle, false);
                }
                out.push_str("</g>");
            }
        }
    }
}

/// The hatch pattern's stripe colour used by the spec, if any segment is hatched.
fn hatch_stripe(spec: &ChartSpec) -> Option<String> {
    let from_legend = spec.legend.iter().filter_map(|e| e.pattern.as_ref());
    let from_segments = spec
        .items
        .iter()
        .flat_map(|i| &i.rows)
        .flat_map(|r| &r.segments)
        .filter_map(|s| s.pattern.as_ref());
    from_legend
        .chain(from_segments)
        .map(|Pattern::Hatched { stripe }| stripe.clone())
        .next()
}

/// The inside of the page's plot `<svg>` (the page supplies the element, its size and its
/// accessible name): the hatch pattern, grid, labels and bars, every value's group marked
/// `data-seg="item row segment"` so one listener finds the value under the pointer. Every
/// string is escaped here, as in [`render`].
pub fn plot_markup(spec: &ChartSpec, id_prefix: &str) -> String {
    let id = safe_id(id_prefix);
    let mut out = String::new();
    if let Some(stripe) = hatch_stripe(spec) {
        let _ = write!(
            out,
            r#"<defs><pattern id="{id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="{}" stroke-width="2"/></pattern></defs>"#,
            escape(&stripe)
        );
    }
    plot(&mut out, spec, &id, true);
    out
}

/// The spec as a standalone SVG document, its summary as the accessible description.
pub fn render(spec: &ChartSpec, options: &SvgOptions) -> String {
    let id = safe_id(&options.id_prefix);
    let width = spec.width;
    let mut body = String::new();
    let mut y = PADDING;
    if options.header {
        y = text_block(&mut body, &spec.title, width, y, TITLE);
        y = text_block(&mut body, &spec.subtitle, width, y, SUBTITLE);
        y += BLOCK_GAP;
    }
    if !spec.legend.is_empty() {
        legend(&mut body, &spec.legend, y, &id);
        y += spec.legend_height + BLOCK_GAP / 2.0;
    }
    let _ = write!(
        body,
        r#"<g transform="translate({},{})">"#,
        num(PADDING),
        num(y)
    );
    plot(&mut body, spec, &id, false);
    body.push_str("</g>");
    y += spec.height;
    if options.header {
        y += BLOCK_GAP / 2.0;
        for line in spec.notes.iter().chain([&spec.source]) {
            y = text_block(&mut body, line, width, y, FOOT);
        }
    }
    let total_width = width + 2.0 * PADDING;
    let total_height = (y + PADDING).ceil();
    let mut out = String::with_capacity(body.len() + 1024);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}-title {id}-desc" font-family="{FONT_FAMILY}" style="font-variant-numeric: tabular-nums"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(&spec.title),
        escape(&spec.summary(spec.lang)),
        w = num(total_width),
        h = num(total_height),
    );
    if let Some(stripe) = hatch_stripe(spec) {
        let _ = write!(
            out,
            r#"<defs><pattern id="{id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" stroke="{}" stroke-width="2"/></pattern></defs>"#,
            escape(&stripe)
        );
    }
    let _ = write!(
        out,
        r##"<rect width="{}" height="{}" fill="#ffffff"/>"##,
        num(total_width),
        num(total_height)
    );
    out.push_str(&body);
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_turns_markup_and_quotes_into_entities() {
        assert_eq!(
            escape(r#"<img src=x onerror="a('b')">&"#),
            "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;"
        );
        assert_eq!(escape("a\u{0}b\u{1b}c"), "a\u{fffd}b\u{fffd}c");
    }

    #[test]
    fn coordinates_keep_two_decimals_at_most() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.35");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(0.5), "0.5");
    }

    #[test]
    fn ids_are_reduced_to_safe_characters() {
        assert_eq!(safe_id(r#"a"b<c"#), "abc");
        assert_eq!(safe_id("9x"), "c9x");
        assert_eq!(safe_id(""), "c");
    }
}

//! Text width estimates and line wrapping for chart labels.
//!
//! The engine lays charts out without a browser, so it cannot measure text. It estimates the
//! advance width of each character from a table of em widths taken from DejaVu Sans — the
//! widest of the fonts `system-ui` falls back to on the systems we target (Segoe UI, San
//! Francisco and Roboto are narrower) — rounded up. An estimate that errs wide makes labels
//! wrap a little early but never overflow their column.
//!
//! What stays true: [`wrap`] never drops or truncates a character of the input (apart from
//! collapsing runs of white space), and every line it returns fits `max_width` by the
//! estimate, except a single character wider than `max_width` on its own.

/// The estimated advance width of `ch`, in em.
fn char_em(ch: char) -> f64 {
    match ch {
        ' ' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | 'i' | 'j' | 'l' | '\u{2019}'
        | '\u{2018}' => 0.32,
        'f' | 't' | 'r' | 'I' | '(' | ')' | '[' | ']' | '-' | '/' | '\\' | '"' => 0.42,
        '0'..='9' => 0.64,
        'm' => 0.98,
        'w' => 0.82,
        'M' => 0.87,
        'W' => 0.99,
        '%' => 0.95,
        '@' => 1.0,
        '\u{25b2}' | '\u{25bc}' => 0.77,
        '\u{2013}' | '\u{2014}' => 1.0,
        c if c.is_ascii_lowercase() => 0.64,
        c if c.is_ascii_uppercase() => 0.77,
        c if c.is_ascii() => 0.72,
        // CJK, emoji and other wide scripts take a full em or more.
        c if u32::from(c) >= 0x2e80 => 1.1,
        c if c.is_uppercase() => 0.77,
        _ => 0.66,
    }
}

/// Bold text is about 8% wider than regular text.
const BOLD_FACTOR: f64 = 1.08;

/// The estimated width of `text` in pixels at `font_size` pixels.
pub fn text_width(text: &str, font_size: f64, bold: bool) -> f64 {
    let em: f64 = text.chars().map(char_em).sum();
    em * font_size * if bold { BOLD_FACTOR } else { 1.0 }
}

/// Breaks `text` into lines that each fit `max_width` pixels at `font_size`, at white space
/// where possible and inside a word only when the word alone is too wide. Never truncates.
pub fn wrap(text: &str, max_width: f64, font_size: f64, bold: bool) -> Vec<String> {
    let width = |s: &str| text_width(s, font_size, bold);
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if width(&candidate) <= max_width {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        if width(word) <= max_width {
            current = word.to_string();
            continue;
        }
        // A word wider than the column: break it between characters.
        for ch in word.chars() {
            let mut extended = current.clone();
            extended.push(ch);
            if !current.is_empty() && width(&extended) > max_width {
                lines.push(std::mem::take(&mut current));
                current.push(ch);
            } else {
                current = extended;
            }
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_word_and_fits_the_width() {
        let text = "Discussies over ambtelijk vakmanschap gaan ook over mijn werk";
        let lines = wrap(text, 120.0, 13.0, false);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), text);
        for line in &lines {
            assert!(text_width(line, 13.0, false) <= 120.0, "{line}");
        }
    }

    #[test]
    fn a_word_wider_than_the_column_is_broken_not_truncated() {
        let word = "Arbeidsmarktcommunicatiemedewerkersovereenkomst";
        let lines = wrap(word, 60.0, 13.0, false);
        assert!(lines.len() > 2);
        assert_eq!(lines.concat(), word);
        for line in &lines {
            assert!(text_width(line, 13.0, false) <= 60.0);
        }
    }

    #[test]
    fn empty_text_gives_one_empty_line() {
        assert_eq!(wrap("  ", 100.0, 13.0, false), vec![String::new()]);
    }

    #[test]
    fn the_estimate_errs_wide_of_a_known_measurement() {
        // DejaVu Sans advance widths (units per em 2048): "Mee eens" = M 1767 + e 1260 + e 1260
        // + space 651 + e 1260 + e 1260 + n 1298 + s 1067 = 9823 units = 4.796 em.
        let dejavu_px = 9823.0 / 2048.0 * 13.0;
        let estimate = text_width("Mee eens", 13.0, false);
        assert!(estimate >= dejavu_px, "{estimate} < {dejavu_px}");
        assert!(
            estimate <= dejavu_px * 1.1,
            "{estimate} is more than 10% wide"
        );
    }
}

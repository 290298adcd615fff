//! Text cells that a spreadsheet could run as a formula, and how exports keep them text.
//!
//! Spreadsheet programs read a cell that begins with `=`, `+`, `-` or `@` as a formula, and
//! some (LibreOffice with "trim spaces", Google Sheets, a user who edits the cell) also when
//! spaces, tabs or line breaks come first. OWASP's advice against CSV injection is to prefix
//! such a cell with `'`, which every spreadsheet reads as "this is text".
//!
//! What stays true: every text cell of every export (CSV in both dialects, XLSX, the command
//! line's CSV) passes through [`is_formula_like`] or [`neutralise`]; a cell is prefixed when,
//! after any leading whitespace or invisible characters, it begins with a formula lead, or
//! when it begins with a tab or a carriage return; nothing else is changed, so a label such
//! as "-10 tot 0" reads back as `'-10 tot 0` from a CSV (Excel shows the apostrophe, not an
//! error) and exactly as typed from an XLSX (a text cell with Excel's `quotePrefix`).

/// Characters that make a spreadsheet read a cell as a formula.
pub const FORMULA_LEADS: [char; 4] = ['=', '+', '-', '@'];

/// Whether `c` is skipped by some spreadsheet before it decides that a cell is a formula:
/// whitespace (also no-break and ideographic spaces), control characters, and the invisible
/// zero-width characters and byte-order mark.
fn skipped(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// Whether a text cell needs neutralising: it begins with a tab or a carriage return, or with
/// a formula lead after any skipped characters.
pub fn is_formula_like(text: &str) -> bool {
    text.starts_with(['\t', '\r']) || text.trim_start_matches(skipped).starts_with(FORMULA_LEADS)
}

/// `text` made safe to open in a spreadsheet: prefixed with `'` when [`is_formula_like`].
pub fn neutralise(text: &str) -> String {
    if is_formula_like(text) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leads_are_found_after_whitespace_and_invisible_characters() {
        for text in [
            "=1+1",
            "+31 6",
            "-2+3",
            "@SUM(A1)",
            " =1+1",
            "  +1",
            "\t=1",
            "\n-1",
            "\u{a0}@x",
            "\u{3000}=x",
            "\u{200b}=x",
            "\u{feff}=x",
            "\tindented",
            "\rreturn",
        ] {
            assert!(is_formula_like(text), "{text:?}");
            assert_eq!(neutralise(text), format!("'{text}"));
        }
        for text in ["Gemeente", "", "  ", "1-2", "a=b", "10 tot 20", "'al text"] {
            assert!(!is_formula_like(text), "{text:?}");
            assert_eq!(neutralise(text), text);
        }
        // A negative range stays readable: one apostrophe, nothing removed.
        assert_eq!(neutralise("-10 tot 0"), "'-10 tot 0");
    }
}

//! Numbers as a reader sees them, per language: `1.601` and `3,4` in Dutch, `1,601` and `3.4`
//! in English, percentages as `91%`.
//!
//! Formatting is for display only: every computation keeps exact values.

use crate::codebook::Lang;

/// A whole number with thousands separators: `1.601` (nl), `1,601` (en).
pub fn count(n: u64, lang: Lang) -> String {
    let digits = n.to_string();
    let sep = match lang {
        Lang::Nl => '.',
        Lang::En => ',',
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

/// A weighted or unweighted base, rounded to a whole respondent for display.
pub fn base(n: f64, lang: Lang) -> String {
    count(n.max(0.0).round() as u64, lang)
}

/// A decimal number with `decimals` places and the language's decimal mark.
pub fn decimal(x: f64, decimals: usize, lang: Lang) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let s = format!("{:.*}", decimals, x);
    let s = if s.starts_with('-') && s.trim_start_matches(['-', '0', '.']).is_empty() {
        s[1..].to_string()
    } else {
        s
    };
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let (sign, int) = int.strip_prefix('-').map_or(("", int), |i| ("-", i));
    let grouped = count(int.parse().unwrap_or(0), lang);
    let mark = match lang {
        Lang::Nl => ',',
        Lang::En => '.',
    };
    match frac {
        Some(f) => format!("{sign}{grouped}{mark}{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A whole percentage: `91%`.
pub fn percent(p: u32) -> String {
    format!("{p}%")
}

/// A share (0–1) as a percentage with `decimals` places: `63,4%` (nl), `63.4%` (en).
pub fn share(share: f64, decimals: usize, lang: Lang) -> String {
    format!("{}%", decimal(share * 100.0, decimals, lang))
}

/// "n = 1.601" (nl) / "n = 1,601" (en).
pub fn n_equals(n: f64, lang: Lang) -> String {
    format!("n = {}", base(n, lang))
}

/// A p-value as statisticians write it: `p < 0,001`, `p = 0,032`.
pub fn p_value(p: f64, lang: Lang) -> String {
    if p < 0.001 {
        format!("p < {}", decimal(0.001, 3, lang))
    } else {
        format!("p = {}", decimal(p, 3, lang))
    }
}

/// A calendar date written out: `6 december 2026` (nl), `6 December 2026` (en). `month` is
/// 1–12; an impossible month gives the date in ISO form (`2026-13-06`) rather than a wrong
/// name.
pub fn long_date(year: i32, month: u32, day: u32, lang: Lang) -> String {
    const NL: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let names = match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    };
    match month.checked_sub(1).and_then(|m| names.get(m as usize)) {
        Some(name) => format!("{day} {name} {year}"),
        None => format!("{year:04}-{month:02}-{day:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_use_the_languages_thousands_separator() {
        assert_eq!(count(1601, Lang::Nl), "1.601");
        assert_eq!(count(1601, Lang::En), "1,601");
        assert_eq!(count(1_000_000, Lang::Nl), "1.000.000");
        assert_eq!(count(999, Lang::En), "999");
        assert_eq!(count(0, Lang::Nl), "0");
    }

    #[test]
    fn decimals_use_the_languages_decimal_mark() {
        assert_eq!(decimal(3.44, 1, Lang::Nl), "3,4");
        assert_eq!(decimal(3.45, 1, Lang::En), "3.5");
        assert_eq!(decimal(1234.5, 1, Lang::Nl), "1.234,5");
        assert_eq!(decimal(-0.04, 1, Lang::En), "0.0");
        assert_eq!(decimal(-2.25, 2, Lang::Nl), "-2,25");
        assert_eq!(share(0.634, 1, Lang::Nl), "63,4%");
        assert_eq!(n_equals(1601.0, Lang::Nl), "n = 1.601");
        assert_eq!(p_value(0.0004, Lang::Nl), "p < 0,001");
        assert_eq!(p_value(0.0321, Lang::En), "p = 0.032");
        // Month names as the Nederlandse Taalunie writes them (lower case in Dutch).
        assert_eq!(long_date(2026, 12, 6, Lang::Nl), "6 december 2026");
        assert_eq!(long_date(2026, 3, 1, Lang::En), "1 March 2026");
        assert_eq!(long_date(2026, 13, 6, Lang::En), "2026-13-06");
    }
}

/// A long label cut to at most `max` characters at a word boundary, with `…`, for places that
/// show the full text elsewhere (a menu option with its title, a contents link). Short labels
/// are returned as they are.
pub fn short_label(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    // The cut ends a word when the text goes on with a space.
    let whole_word = text
        .chars()
        .nth(cut.chars().count())
        .is_some_and(char::is_whitespace);
    let at_word = match cut.rfind(char::is_whitespace) {
        _ if whole_word => cut.as_str(),
        Some(i) if i * 2 > cut.len() => &cut[..i],
        _ => cut.as_str(),
    };
    format!(
        "{}…",
        at_word.trim_end_matches(|c: char| c.is_whitespace() || ",;:-".contains(c))
    )
}

#[cfg(test)]
mod short_label_tests {
    use super::short_label;

    #[test]
    fn long_labels_are_cut_at_a_word_with_an_ellipsis_and_short_ones_kept() {
        assert_eq!(short_label("Werkgever", 40), "Werkgever");
        let long = "Please state whether you view the following characters favorably";
        let short = short_label(long, 30);
        assert!(short.chars().count() <= 30, "{short}");
        assert_eq!(short, "Please state whether you view…");
        assert!(long.starts_with(short.trim_end_matches('…')));
    }
}

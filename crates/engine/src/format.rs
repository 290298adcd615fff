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

/// `text` read as Rust reads an `f64` (`text.parse::<f64>().ok()`, the same value or the same
/// refusal). With the feature `lexical-floats` (the page, which builds lexical-parse-float in
/// its compact form: the app's `Cargo.toml`) through `lexical-parse-float`: the standard
/// library's parser keeps a 10.4 KB table of powers of five, which gzip cannot shrink; the
/// compact form computes them. Every float the page reads goes through here.
#[cfg(feature = "lexical-floats")]
pub fn parse_f64(text: &str) -> Option<f64> {
    lexical_parse_float::FromLexical::from_lexical(text.as_bytes()).ok()
}

/// `text` read as Rust reads an `f64` (see the `lexical-floats` form).
#[cfg(not(feature = "lexical-floats"))]
pub fn parse_f64(text: &str) -> Option<f64> {
    text.parse().ok()
}

#[cfg(all(test, feature = "lexical-floats"))]
mod parse_f64_tests {
    use super::parse_f64;
    use proptest::prelude::*;

    fn same(text: &str) {
        let std = text.parse::<f64>().ok();
        let ours = parse_f64(text);
        assert_eq!(
            std.map(|x| (x.is_nan(), if x.is_nan() { 0 } else { x.to_bits() })),
            ours.map(|x| (x.is_nan(), if x.is_nan() { 0 } else { x.to_bits() })),
            "{text:?}: std {std:?}, ours {ours:?}"
        );
    }

    /// Hard cases of decimal-to-binary rounding (halfway points, the subnormal and overflow
    /// edges, long mantissas) and the syntax Rust accepts or refuses.
    #[test]
    fn reads_what_the_standard_library_reads() {
        for text in [
            "0", "-0", "+0", "1", "3.4", "3,4", ".5", "5.", ".", "", " 1", "1 ", "-", "+",
            "1e5", "1E5", "1e", "e5", "1e+5", "1e-5", "1.5e-3", "1_000", "0x10", "--1",
            "inf", "+inf", "-inf", "INF", "Inf", "iNf", "infinity", "Infinity", "INFINITY",
            "infinit", "nan", "NaN", "NAN", "-nan", "+nan", "nan1",
            "9007199254740993", "9007199254740992.5", "2.2250738585072011e-308",
            "2.2250738585072012e-308", "4.9406564584124654e-324", "2.4703282292062327e-324",
            "2.4703282292062328e-324", "1.7976931348623157e308", "1.7976931348623158e308",
            "1.7976931348623159e308", "1e309", "1e-400", "0.1", "0.30000000000000004",
            "123456789012345678901234567890", "1e0000000000000000000000001",
            "0.000000000000000000000000000000000000000000000000000000000000000000000001",
            "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791",
            "7.4109846876186981626485318930233205854758970392148714663837852375101326090531312779794975454245398856969484704316857659638998506553390969459816219401617281718945106978546710679176872575177347315553307795408549809608457500958111373034747658096871009590975442271004757307809711118935784838675653998783503015228055934046593739791790738723868299395818481660169122019456499931289798411362062484498678713572180352209017023903285791732520220528974020802906854021606612375549983402671300035812486479041385743401875520901590172592547146296175134159774938718574737870961645638908718119841271673056017045493004705269590165763776884908267986972573366521765567941072508764337560846003984904972149117463085539556354188641513168478436313080237596295773983001708984375e-318",
        ] {
            same(text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        /// Any text of digits, signs, points, exponents and the letters of the special values.
        #[test]
        fn any_text_reads_as_the_standard_library_reads_it(text in "[0-9.eE+\\-infatyINFATY ]{0,30}") {
            same(&text);
        }

        /// Any number written in any of the ways Rust writes or a file holds one.
        #[test]
        fn any_number_reads_back(x in any::<f64>(), digits in 0usize..25) {
            same(&x.to_string());
            same(&format!("{x:e}"));
            same(&format!("{x:.digits$}"));
            same(&format!("{x:.digits$e}"));
        }
    }
}

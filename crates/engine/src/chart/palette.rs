//! The chart colours and the contrast arithmetic that picks label text for them.
//!
//! A colour-blind-safe diverging scheme (orange for disagreement, blue for agreement, a warm
//! grey for the neutral middle, a mid grey with hatching for answers without an opinion). The
//! label colour on a fill is whichever of white and [`DARK_TEXT`] contrasts more, by the WCAG
//! 2.1 definition of contrast ratio; tests hold every fill to the 4.5:1 minimum for text.

use super::Role;

/// Dark text on light fills and on the page.
pub const DARK_TEXT: &str = "#1a1a1a";
/// Light text on dark fills.
pub const LIGHT_TEXT: &str = "#ffffff";
/// Secondary text: subtitles, source lines, axis labels (7:1 on white).
pub const MUTED_TEXT: &str = "#595959";
/// Grid lines and dividers.
pub const RULE: &str = "#c8c8c8";
/// The single series of share and distribution bars.
pub const ACCENT: &str = "#2c5f9e";
/// A comparison's reference group (the panel beside an organisation): a neutral grey; the
/// bars carry their value labels and the groups their names, so the fill is never alone.
pub const REFERENCE: &str = "#8c8c8c";
/// The stripes of the hatch pattern laid over non-substantive answers.
pub const HATCH_STRIPE: &str = "#a3a3a3";

/// Disagreement from mildest to strongest.
const NEGATIVE: [&str; 3] = ["#f1a340", "#e08214", "#b35806"];
/// Agreement from mildest to strongest.
const POSITIVE: [&str; 3] = ["#74add1", "#5e9bcf", "#2c5f9e"];
const NEUTRAL: &str = "#e9e4da";
/// Non-substantive answers in order: "Geen mening", then e.g. "Weet niet".
const NON_SUBSTANTIVE: [&str; 2] = ["#bdbdbd", "#d9d9d9"];

/// The fill of a category with `role`. `max_strength` is the strongest strength on the same
/// side of the scale (so a four-point scale uses the mild and the strong tone, a six-point
/// scale all three), and `nth_non_substantive` counts earlier non-substantive categories.
pub fn fill(role: Role, max_strength: u8, nth_non_substantive: usize) -> &'static str {
    let tone = |side: &[&'static str; 3], strength: u8| {
        let strength = strength.clamp(1, 3);
        let index = match max_strength.clamp(1, 3) {
            1 => 0,
            2 => (usize::from(strength) - 1) * 2,
            _ => usize::from(strength) - 1,
        };
        side[index.min(2)]
    };
    match role {
        Role::Negative(s) => tone(&NEGATIVE, s),
        Role::Positive(s) => tone(&POSITIVE, s),
        Role::Neutral => NEUTRAL,
        Role::NonSubstantive => NON_SUBSTANTIVE[nth_non_substantive.min(1)],
        Role::Single => ACCENT,
    }
}

/// Every fill the palette can give, for tests and for documentation.
pub fn all_fills() -> Vec<&'static str> {
    let mut fills: Vec<&str> = NEGATIVE.to_vec();
    fills.extend(POSITIVE);
    fills.push(NEUTRAL);
    fills.extend(NON_SUBSTANTIVE);
    fills.push(ACCENT);
    fills
}

/// Parses `#rrggbb` into its channels; anything else is `None`.
pub fn parse_hex(color: &str) -> Option<[u8; 3]> {
    let hex = color.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

/// WCAG 2.1 relative luminance of an sRGB colour.
pub fn relative_luminance(rgb: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2])
}

/// WCAG 2.1 contrast ratio of two `#rrggbb` colours (1 to 21); 1 when either does not parse.
pub fn contrast_ratio(a: &str, b: &str) -> f64 {
    let (Some(a), Some(b)) = (parse_hex(a), parse_hex(b)) else {
        return 1.0;
    };
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The label colour (white or dark) that contrasts more with `fill`.
pub fn label_color(fill: &str) -> &'static str {
    if contrast_ratio(LIGHT_TEXT, fill) > contrast_ratio(DARK_TEXT, fill) {
        LIGHT_TEXT
    } else {
        DARK_TEXT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_of_black_and_white_is_21_and_of_a_colour_with_itself_1() {
        assert!((contrast_ratio("#000000", "#ffffff") - 21.0).abs() < 1e-9);
        assert!((contrast_ratio("#2c5f9e", "#2c5f9e") - 1.0).abs() < 1e-9);
        assert_eq!(parse_hex("#12345"), None);
        assert_eq!(parse_hex("#gg0000"), None);
    }

    #[test]
    fn scales_of_different_length_use_the_ends_of_the_ramp() {
        assert_eq!(fill(Role::Positive(2), 2, 0), "#2c5f9e");
        assert_eq!(fill(Role::Positive(1), 2, 0), "#74add1");
        assert_eq!(fill(Role::Negative(2), 3, 0), "#e08214");
        assert_eq!(fill(Role::Negative(1), 1, 0), "#f1a340");
        assert_eq!(fill(Role::NonSubstantive, 0, 1), "#d9d9d9");
    }
}

//! The text alternative of a chart: one or two generated sentences that say what it shows.
//!
//! What stays true: the sentences state only what the spec holds (the largest and smallest
//! shares and the base), with the chart's own whole percentages, in the requested language.

use super::{ChartKind, ChartSpec, ItemSpec, Role};
use crate::codebook::Lang;
use crate::format;
use crate::rounding::percent_half_up;

/// An item's pooled count in the categories that `wanted` selects, and its pooled total.
fn pooled(spec: &ChartSpec, item: &ItemSpec, wanted: impl Fn(Role) -> bool) -> (f64, f64) {
    let (mut part, mut whole) = (0.0, 0.0);
    for row in &item.rows {
        for segment in &row.segments {
            whole += segment.count;
            if wanted(spec.categories[segment.category].role) {
                part += segment.count;
            }
        }
    }
    (part, whole)
}

/// "‘Mee eens’ of ‘Zeer mee eens’"
fn labels_of(spec: &ChartSpec, wanted: impl Fn(Role) -> bool, lang: Lang) -> String {
    let labels: Vec<String> = spec
        .categories
        .iter()
        .filter(|c| wanted(c.role))
        .map(|c| format!("\u{2018}{}\u{2019}", c.label))
        .collect();
    let or = match lang {
        Lang::Nl => " of ",
        Lang::En => " or ",
    };
    labels.join(or)
}

/// The chart described in a sentence or two.
pub fn describe(spec: &ChartSpec, lang: Lang) -> String {
    let shown: Vec<&ItemSpec> = spec
        .items
        .iter()
        .filter(|i| i.rows.iter().any(|r| !r.segments.is_empty()))
        .collect();
    if shown.is_empty() {
        return match lang {
            Lang::Nl => format!("{}: geen gegevens om te tonen.", spec.title),
            Lang::En => format!("{}: no data to show.", spec.title),
        };
    }
    let grouped = spec
        .items
        .iter()
        .any(|i| i.rows.iter().any(|r| r.group.is_some()));
    let mut text = match spec.kind {
        ChartKind::Stacked => describe_stacked(spec, &shown, lang),
        _ => describe_bars(spec, &shown, lang),
    };
    if grouped {
        let groups = spec.items.iter().map(|i| i.rows.len()).max().unwrap_or(0);
        text.push(' ');
        text.push_str(&match lang {
            Lang::Nl => format!(
                "Elke balk is uitgesplitst in {groups} groepen; de percentages hierboven gelden voor alle groepen samen."
            ),
            Lang::En => format!(
                "Each bar is broken down into {groups} groups; the percentages above are for all groups together."
            ),
        });
    }
    text
}

fn is_positive(role: Role) -> bool {
    matches!(role, Role::Positive(_))
}

fn is_negative(role: Role) -> bool {
    matches!(role, Role::Negative(_))
}

fn describe_stacked(spec: &ChartSpec, shown: &[&ItemSpec], lang: Lang) -> String {
    let positive = labels_of(spec, is_positive, lang);
    let negative = labels_of(spec, is_negative, lang);
    let share_of = |item: &ItemSpec, wanted: fn(Role) -> bool| {
        let (part, whole) = pooled(spec, item, wanted);
        percent_half_up(part, whole)
    };
    let base = |item: &ItemSpec| {
        let n: f64 = item.rows.iter().map(|r| r.n).sum();
        format::n_equals(n, lang)
    };
    if let [item] = shown {
        let (p, q) = (share_of(item, is_positive), share_of(item, is_negative));
        return match lang {
            Lang::Nl => format!(
                "{}: {}% antwoordt {positive} en {}% {negative} ({}).",
                item.label,
                p,
                q,
                base(item)
            ),
            Lang::En => format!(
                "{}: {}% answer {positive} and {}% {negative} ({}).",
                item.label,
                p,
                q,
                base(item)
            ),
        };
    }
    let mut by_share: Vec<(u32, &ItemSpec)> = shown
        .iter()
        .map(|&item| (share_of(item, is_positive), item))
        .collect();
    by_share.sort_by_key(|&(share, _)| std::cmp::Reverse(share));
    let (high, low) = (by_share[0], by_share[by_share.len() - 1]);
    let count = shown.len();
    match lang {
        Lang::Nl => format!(
            "{count} stellingen. Het grootste aandeel {positive} heeft \u{2018}{}\u{2019} ({}%), het kleinste \u{2018}{}\u{2019} ({}%).",
            high.1.label, high.0, low.1.label, low.0
        ),
        Lang::En => format!(
            "{count} statements. The largest share answering {positive} is for \u{2018}{}\u{2019} ({}%), the smallest for \u{2018}{}\u{2019} ({}%).",
            high.1.label, high.0, low.1.label, low.0
        ),
    }
}

fn describe_bars(spec: &ChartSpec, shown: &[&ItemSpec], lang: Lang) -> String {
    let pooled_percent = |item: &ItemSpec| {
        let (part, whole) = item
            .rows
            .iter()
            .filter(|r| !r.segments.is_empty())
            .fold((0.0, 0.0), |(p, w), r| (p + r.segments[0].count, w + r.n));
        percent_half_up(part, whole)
    };
    let mut by_share: Vec<(u32, &ItemSpec)> =
        shown.iter().map(|&i| (pooled_percent(i), i)).collect();
    by_share.sort_by_key(|&(share, _)| std::cmp::Reverse(share));
    let (top, top_p) = (by_share[0].1, by_share[0].0);
    let mut text = match (spec.kind, lang) {
        (ChartKind::Distribution, Lang::Nl) => {
            format!(
                "De grootste groep is \u{2018}{}\u{2019} ({top_p}%).",
                top.label
            )
        }
        (ChartKind::Distribution, Lang::En) => {
            format!(
                "The largest group is \u{2018}{}\u{2019} ({top_p}%).",
                top.label
            )
        }
        (_, Lang::Nl) => format!(
            "Het vaakst gekozen: \u{2018}{}\u{2019} ({top_p}%).",
            top.label
        ),
        (_, Lang::En) => format!(
            "Chosen most often: \u{2018}{}\u{2019} ({top_p}%).",
            top.label
        ),
    };
    if by_share.len() > 1 {
        let (low, low_p) = (
            by_share[by_share.len() - 1].1,
            by_share[by_share.len() - 1].0,
        );
        text.push(' ');
        text.push_str(&match (spec.kind, lang) {
            (ChartKind::Distribution, Lang::Nl) => {
                format!("De kleinste is \u{2018}{}\u{2019} ({low_p}%).", low.label)
            }
            (ChartKind::Distribution, Lang::En) => {
                format!("The smallest is \u{2018}{}\u{2019} ({low_p}%).", low.label)
            }
            (_, Lang::Nl) => format!(
                "Het minst gekozen: \u{2018}{}\u{2019} ({low_p}%).",
                low.label
            ),
            (_, Lang::En) => format!(
                "Chosen least often: \u{2018}{}\u{2019} ({low_p}%).",
                low.label
            ),
        });
    }
    text
}

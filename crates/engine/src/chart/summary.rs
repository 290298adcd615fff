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
        let mut groups: Vec<&str> = Vec::new();
        for row in spec.items.iter().flat_map(|i| &i.rows) {
            if let Some(g) = row.group.as_deref().filter(|g| !groups.contains(g)) {
                groups.push(g);
            }
        }
        let hidden = spec
            .items
            .iter()
            .flat_map(|i| &i.rows)
            .filter(|r| r.suppressed)
            .filter_map(|r| r.group.as_deref())
            .fold(Vec::new(), |mut seen, g| {
                if !seen.contains(&g) {
                    seen.push(g);
                }
                seen
            })
            .len();
        let count = groups.len();
        text.push(' ');
        text.push_str(&match (lang, count) {
            (Lang::Nl, 1) => "Elk item heeft één groep; de percentages hierboven gelden voor die groep.".to_string(),
            (Lang::En, 1) => "Each item has one group; the percentages above are for that group.".to_string(),
            (Lang::Nl, _) => format!(
                "Elk item is uitgesplitst in {count} groepen; de percentages hierboven gelden voor de getoonde groepen samen."
            ),
            (Lang::En, _) => format!(
                "Each item is broken down into {count} groups; the percentages above are for the groups shown together."
            ),
        });
        if hidden > 0 {
            text.push_str(&match lang {
                Lang::Nl => format!(" {hidden} van de {count} groepen worden niet getoond."),
                Lang::En => format!(" {hidden} of the {count} groups are not shown."),
            });
        }
    }
    text
}

/// "‘A’ (50%)", or for a tie "‘A’ en ‘B’ (elk 50%)".
fn named(items: &[(u32, &ItemSpec)], share: u32, lang: Lang) -> String {
    let labels: Vec<String> = items
        .iter()
        .filter(|(p, _)| *p == share)
        .map(|(_, i)| format!("\u{2018}{}\u{2019}", i.label))
        .collect();
    let and = match lang {
        Lang::Nl => " en ",
        Lang::En => " and ",
    };
    let list = match labels.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{}{and}{last}", rest.join(", ")),
        _ => labels.concat(),
    };
    match (labels.len() > 1, lang) {
        (false, _) => format!("{list} ({share}%)"),
        (true, Lang::Nl) => format!("{list} (elk {share}%)"),
        (true, Lang::En) => format!("{list} ({share}% each)"),
    }
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
    let by_share: Vec<(u32, &ItemSpec)> = shown
        .iter()
        .map(|&item| (share_of(item, is_positive), item))
        .collect();
    let high = by_share.iter().map(|x| x.0).max().unwrap_or(0);
    let low = by_share.iter().map(|x| x.0).min().unwrap_or(0);
    let count = shown.len();
    let noun = crate::stats::sentences::noun(
        &crate::codebook::Text::with_en(&spec.title, &spec.title),
        crate::codebook::QuestionKind::Grid,
    );
    if high == low {
        return match lang {
            Lang::Nl => format!(
                "{count} {}, alle met hetzelfde aandeel {positive} ({high}%).",
                noun.nl.1
            ),
            Lang::En => format!(
                "{count} {}, all with the same share answering {positive} ({high}%).",
                noun.en.1
            ),
        };
    }
    let (top, bottom) = (named(&by_share, high, lang), named(&by_share, low, lang));
    match lang {
        Lang::Nl => format!(
            "{count} {}. Het grootste aandeel {positive} heeft {top}, het kleinste {bottom}.",
            noun.nl.1
        ),
        Lang::En => format!(
            "{count} {}. The largest share answering {positive} is for {top}, the smallest for {bottom}.",
            noun.en.1
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
    let by_share: Vec<(u32, &ItemSpec)> = shown.iter().map(|&i| (pooled_percent(i), i)).collect();
    let high = by_share.iter().map(|x| x.0).max().unwrap_or(0);
    let low = by_share.iter().map(|x| x.0).min().unwrap_or(0);
    let top = named(&by_share, high, lang);
    let mut text = match (spec.kind, lang) {
        (ChartKind::Distribution, Lang::Nl) => format!("De grootste groep: {top}."),
        (ChartKind::Distribution, Lang::En) => format!("The largest group: {top}."),
        (_, Lang::Nl) => format!("Het vaakst gekozen: {top}."),
        (_, Lang::En) => format!("Chosen most often: {top}."),
    };
    if low < high {
        let bottom = named(&by_share, low, lang);
        text.push(' ');
        text.push_str(&match (spec.kind, lang) {
            (ChartKind::Distribution, Lang::Nl) => format!("De kleinste: {bottom}."),
            (ChartKind::Distribution, Lang::En) => format!("The smallest: {bottom}."),
            (_, Lang::Nl) => format!("Het minst gekozen: {bottom}."),
            (_, Lang::En) => format!("Chosen least often: {bottom}."),
        });
    }
    text
}

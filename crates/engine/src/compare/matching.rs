//! Which question of another survey is which question of the reference survey.
//!
//! An organisation that fields the panel's questionnaire answers the same questions, but its
//! export rarely says so in the panel's terms: the template keeps the panel's column names
//! (matched by column, certain), a LimeSurvey or Forms export has its own codes and the
//! question texts as typed (matched by wording), and an answer label may have been edited
//! ("Helemaal mee eens" for "Zeer mee eens"). Matching proposes; the person confirms or
//! corrects it in the review ([`Matching::set`]).
//!
//! What stays true:
//! - a question is matched to at most one question of the other survey, and only to one whose
//!   answers can be counted the same way (categories with categories, options with options,
//!   numbers with numbers);
//! - an answer of the other survey is counted under a reference answer only when their labels
//!   or values agree, or — said as a renamed label in the review — when both are scales of as
//!   many points and it stands at the same point, or when the labels are clearly alike; any
//!   other answer is left out of the comparison, never guessed;
//! - wording is compared on folded text (markup, case, accents, punctuation and a leading
//!   question code removed) with Sørensen–Dice on character bigrams (`strsim`).

use borsh::{BorshDeserialize, BorshSerialize};

use crate::codebook::{Category, Codebook, Question, QuestionKind};
use crate::report::is_charted;
use crate::survey::Survey;

/// How a match was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, BorshSerialize, BorshDeserialize)]
pub enum MatchedBy {
    /// The other survey has the reference's columns (the template was used).
    Column,
    /// The question texts and item labels are alike.
    Wording,
    /// The person chose it in the review.
    Person,
}

/// The item of the other survey that answers a reference item.
#[derive(Debug, Clone, PartialEq, BorshSerialize, BorshDeserialize)]
pub struct ItemMatch {
    /// The other survey's question.
    pub question: String,
    /// The item of that question.
    pub item: usize,
    /// Per category of that question: the reference category it is counted as.
    pub categories: Vec<Option<usize>>,
    /// Per category of that question: counted as a reference category that says something
    /// else (neither value, alias nor folded label agree) — a renamed label in the review.
    pub renamed: Vec<bool>,
}

/// One reference question and what answers it in the other survey: one question of the
/// other's, or — a grid asked as separate questions — one question per statement.
#[derive(Debug, Clone, PartialEq, BorshSerialize, BorshDeserialize)]
pub struct QuestionMatch {
    /// The reference question's id.
    pub reference: String,
    pub by: MatchedBy,
    /// How alike the wording is, 0–1 (1 for a match by column or by the person).
    pub score: f64,
    /// Per reference item: the other survey's item that answers it.
    pub items: Vec<Option<ItemMatch>>,
}

impl QuestionMatch {
    /// Whether any of the question's items is answered in the other survey.
    pub fn is_matched(&self) -> bool {
        self.items.iter().any(Option::is_some)
    }

    /// The other survey's questions that answer this one, in item order, each once.
    pub fn others(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for m in self.items.iter().flatten() {
            if !out.contains(&m.question.as_str()) {
                out.push(&m.question);
            }
        }
        out
    }
}

/// The answer labels counted as another label: (other's label, reference's label), each
/// pair once.
pub fn renamed(reference: &Question, other: &Codebook, m: &QuestionMatch) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for im in m.items.iter().flatten() {
        let Some(oq) = other.question(&im.question) else {
            continue;
        };
        for (j, r) in im.categories.iter().enumerate() {
            let (Some(o), Some(r)) = (
                oq.categories.get(j),
                r.and_then(|r| reference.categories.get(r)),
            ) else {
                continue;
            };
            let pair = (o.label.nl.clone(), r.label.nl.clone());
            if im.renamed.get(j) == Some(&true) && !out.contains(&pair) {
                out.push(pair);
            }
        }
    }
    out
}

/// The answers of the other survey that are left out (no reference answer is theirs).
pub fn left_out(other: &Codebook, m: &QuestionMatch) -> Vec<String> {
    let mut out = Vec::new();
    for im in m.items.iter().flatten() {
        let Some(oq) = other.question(&im.question) else {
            continue;
        };
        for (c, r) in oq.categories.iter().zip(&im.categories) {
            if r.is_none() && !c.missing && !out.contains(&c.label.nl) {
                out.push(c.label.nl.clone());
            }
        }
    }
    out
}

/// The proposed matching of every charted reference question.
#[derive(Debug, Clone, PartialEq, Default, BorshSerialize, BorshDeserialize)]
pub struct Matching {
    pub questions: Vec<QuestionMatch>,
}

impl Matching {
    /// The match of reference question `id`.
    pub fn of(&self, id: &str) -> Option<&QuestionMatch> {
        self.questions.iter().find(|m| m.reference == id)
    }

    /// Number of reference questions answered in the other survey.
    pub fn matched(&self) -> usize {
        self.questions.iter().filter(|m| m.is_matched()).count()
    }

    /// The person's choice: reference question `reference` is answered by `other` (or by
    /// nothing). A question the other one answered before is freed.
    pub fn set(&mut self, reference: &Codebook, other: &Codebook, id: &str, answer: Option<&str>) {
        if let Some(new) = chosen(reference, other, id, answer) {
            self.choose(reference, answer, new);
        }
    }

    /// [`Matching::set`] with its new match already made ([`chosen`], which the page leaves
    /// to the reader worker): the questions `answer` answered before are freed, and `new`
    /// takes its reference question's place.
    pub fn choose(&mut self, reference: &Codebook, answer: Option<&str>, new: QuestionMatch) {
        let id = new.reference.clone();
        for m in &mut self.questions {
            if answer.is_some_and(|a| m.others().contains(&a)) && m.reference != id {
                *m = unmatched(reference.question(&m.reference).expect("matched before"));
            }
        }
        if let Some(m) = self.questions.iter_mut().find(|m| m.reference == id) {
            *m = new;
        }
    }
}

/// The match the person chose for reference question `id`: aligned to `answer` when its
/// answers can be counted as the reference's, else none. `None` if there is no question `id`.
pub fn chosen(
    reference: &Codebook,
    other: &Codebook,
    id: &str,
    answer: Option<&str>,
) -> Option<QuestionMatch> {
    let ref_q = reference.question(id)?;
    Some(match answer.and_then(|a| other.question(a)) {
        Some(o) if compatible(ref_q, o) => align(ref_q, o, MatchedBy::Person, 1.0),
        _ => unmatched(ref_q),
    })
}

/// Below this wording score a pair is not proposed.
const PROPOSE: f64 = 0.55;

/// Proposes which question of `other` answers each charted question of `reference`: by
/// column first, then by wording (best pairs first, each question used once).
pub fn match_codebooks(reference: &Codebook, other: &Codebook) -> Matching {
    let refs: Vec<&Question> = reference
        .questions
        .iter()
        .filter(|q| is_charted(q))
        .collect();
    let others: Vec<&Question> = other.questions.iter().filter(|q| is_charted(q)).collect();
    let mut chosen: Vec<Option<QuestionMatch>> = vec![None; refs.len()];
    let mut used = vec![false; others.len()];
    // By column: the other survey kept the reference's column names.
    for (i, r) in refs.iter().enumerate() {
        let found = others.iter().enumerate().find(|(j, o)| {
            !used[*j]
                && compatible(r, o)
                && r.items.iter().any(|ri| {
                    o.items
                        .iter()
                        .any(|oi| oi.column.eq_ignore_ascii_case(&ri.column))
                })
        });
        if let Some((j, o)) = found {
            used[j] = true;
            chosen[i] = Some(align(r, o, MatchedBy::Column, 1.0));
        }
    }
    // By wording, question by question.
    let mut pairs = Vec::new();
    for (i, r) in refs.iter().enumerate() {
        if chosen[i].is_some() {
            continue;
        }
        for (j, o) in others.iter().enumerate() {
            if used[j] || !compatible(r, o) {
                continue;
            }
            let score = question_score(r, o);
            if score >= PROPOSE {
                pairs.push((score, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (score, i, j) in pairs {
        if chosen[i].is_none() && !used[j] {
            used[j] = true;
            chosen[i] = Some(align(refs[i], others[j], MatchedBy::Wording, score));
        }
    }
    // A question of several items asked as one question per item (a grid exported as
    // separate statements): item by item among the questions left.
    for (i, r) in refs.iter().enumerate() {
        if chosen[i].is_some() || r.items.len() < 2 {
            continue;
        }
        let mut pairs = Vec::new();
        for (k, item) in r.items.iter().enumerate() {
            for (j, o) in others.iter().enumerate() {
                if !used[j] && o.items.len() == 1 && compatible(r, o) {
                    let s = statement_score(r, item, o);
                    if s >= PROPOSE {
                        pairs.push((s, k, j));
                    }
                }
            }
        }
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut items: Vec<Option<ItemMatch>> = vec![None; r.items.len()];
        let mut total = 0.0;
        for (s, k, j) in pairs {
            if items[k].is_none() && !used[j] {
                used[j] = true;
                total += s;
                items[k] = Some(item_match(r, others[j], 0, align_categories(r, others[j])));
            }
        }
        let found = items.iter().flatten().count();
        if found > 0 {
            chosen[i] = Some(QuestionMatch {
                reference: r.id.clone(),
                by: MatchedBy::Wording,
                score: total / found as f64,
                items,
            });
        }
    }
    Matching {
        questions: refs
            .iter()
            .zip(chosen)
            .map(|(r, m)| m.unwrap_or_else(|| unmatched(r)))
            .collect(),
    }
}

/// How alike reference statement `item` of `r` is to the single question `o`, whose heading
/// may hold the statement in brackets ("Question [statement]", as LimeSurvey and Forms write
/// a grid's rows).
fn statement_score(r: &Question, item: &crate::codebook::Item, o: &Question) -> f64 {
    let (text, label) = match o.text.nl.rsplit_once('[') {
        Some((text, label)) if label.trim_end().ends_with(']') => (
            text.to_string(),
            label.trim_end().trim_end_matches(']').to_string(),
        ),
        _ => (o.text.nl.clone(), o.items[0].label.nl.clone()),
    };
    if label.trim().is_empty() {
        return similarity(&item.label.nl, &text);
    }
    0.3 * similarity(&r.text.nl, &text) + 0.7 * similarity(&item.label.nl, &label)
}

/// No question of the other survey answers `reference`.
pub fn unmatched(reference: &Question) -> QuestionMatch {
    QuestionMatch {
        reference: reference.id.clone(),
        by: MatchedBy::Wording,
        score: 0.0,
        items: vec![None; reference.items.len()],
    }
}

/// How answers are counted: on categories, as chosen options, or as numbers.
fn family(q: &Question) -> u8 {
    match q.kind {
        QuestionKind::MultiSelect => 1,
        QuestionKind::Numeric => 2,
        _ => 0,
    }
}

/// Whether `other`'s answers can be counted as `reference`'s.
pub fn compatible(reference: &Question, other: &Question) -> bool {
    family(reference) == family(other)
}

/// How alike two questions are: the question texts, and for questions of several items how
/// well each reference item finds an item of the other.
fn question_score(r: &Question, o: &Question) -> f64 {
    let text = similarity(&r.text.nl, &o.text.nl).max(similarity(
        r.text.get(crate::Lang::En),
        o.text.get(crate::Lang::En),
    ));
    if r.items.len() < 2 {
        return text;
    }
    let items: f64 = r
        .items
        .iter()
        .map(|ri| {
            o.items
                .iter()
                .map(|oi| item_similarity(ri, oi))
                .fold(0.0, f64::max)
        })
        .sum::<f64>()
        / r.items.len() as f64;
    if o.items.len() < 2 {
        return text.min(items);
    }
    0.3 * text + 0.7 * items
}

fn item_similarity(r: &crate::codebook::Item, o: &crate::codebook::Item) -> f64 {
    if r.column.eq_ignore_ascii_case(&o.column) {
        return 1.0;
    }
    let label = |i: &crate::codebook::Item| {
        if i.label.nl.is_empty() {
            i.value.clone().unwrap_or_default()
        } else {
            i.label.nl.clone()
        }
    };
    similarity(&label(r), &label(o)).max(similarity(
        r.label.get(crate::Lang::En),
        o.label.get(crate::Lang::En),
    ))
}

/// Items and categories of `other` aligned to `reference`'s.
pub fn align(reference: &Question, other: &Question, by: MatchedBy, score: f64) -> QuestionMatch {
    let categories = align_categories(reference, other);
    QuestionMatch {
        reference: reference.id.clone(),
        by,
        score,
        items: align_items(reference, other)
            .into_iter()
            .map(|j| j.map(|item| item_match(reference, other, item, categories.clone())))
            .collect(),
    }
}

/// Item `item` of `other` counted as an item of `reference`, its categories as `categories`.
fn item_match(
    reference: &Question,
    other: &Question,
    item: usize,
    categories: Vec<Option<usize>>,
) -> ItemMatch {
    let renamed = categories
        .iter()
        .zip(&other.categories)
        .map(|(r, o)| {
            r.and_then(|r| reference.categories.get(r))
                .is_some_and(|r| !same_category(r, o))
        })
        .collect();
    ItemMatch {
        question: other.id.clone(),
        item,
        categories,
        renamed,
    }
}

/// Below this an item label or answer label is not taken for another.
const ALIKE: f64 = 0.6;

fn align_items(r: &Question, o: &Question) -> Vec<Option<usize>> {
    if r.items.len() == 1 && o.items.len() == 1 {
        return vec![Some(0)];
    }
    let mut out = vec![None; r.items.len()];
    let mut used = vec![false; o.items.len()];
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (i, ri) in r.items.iter().enumerate() {
        for (j, oi) in o.items.iter().enumerate() {
            let s = item_similarity(ri, oi);
            if s >= ALIKE {
                pairs.push((s, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (_, i, j) in pairs {
        if out[i].is_none() && !used[j] {
            out[i] = Some(j);
            used[j] = true;
        }
    }
    // Items without labels on either side (codes only): by position, when as many.
    let unlabelled = |q: &Question| q.items.iter().all(|i| i.label.nl.trim().is_empty());
    if r.items.len() == o.items.len() && (unlabelled(r) || unlabelled(o)) {
        for (i, slot) in out.iter_mut().enumerate() {
            if slot.is_none() && !used[i] {
                *slot = Some(i);
                used[i] = true;
            }
        }
    }
    out
}

/// Whether two categories say the same: an equal value, alias or folded label.
fn same_category(r: &Category, o: &Category) -> bool {
    let r_names = names(r);
    names(o)
        .iter()
        .any(|n| !n.is_empty() && r_names.contains(n))
}

fn names(c: &Category) -> Vec<String> {
    let mut out = vec![fold(&c.value), fold(&c.label.nl)];
    if let Some(en) = &c.label.en {
        out.push(fold(en));
    }
    out.extend(c.aliases.iter().map(|a| fold(a)));
    out
}

fn substantive(q: &Question) -> Vec<usize> {
    (0..q.categories.len())
        .filter(|&i| !q.categories[i].non_substantive && !q.categories[i].missing)
        .collect()
}

fn align_categories(r: &Question, o: &Question) -> Vec<Option<usize>> {
    let mut out: Vec<Option<usize>> = o
        .categories
        .iter()
        .map(|oc| {
            if oc.missing {
                return None;
            }
            r.categories.iter().position(|rc| same_category(rc, oc))
        })
        .collect();
    // Scales of as many points: the same point, whatever it is called.
    let (rs, os) = (substantive(r), substantive(o));
    let scales = r.kind.is_scale() && o.kind.is_scale();
    if scales && rs.len() == os.len() {
        for (k, &j) in os.iter().enumerate() {
            if out[j].is_none() {
                out[j] = Some(rs[k]);
            }
        }
    }
    // Clearly alike labels, each reference answer taken once.
    for (j, oc) in o.categories.iter().enumerate() {
        if out[j].is_some() || oc.missing {
            continue;
        }
        let best = r
            .categories
            .iter()
            .enumerate()
            .filter(|(i, _)| !out.contains(&Some(*i)))
            .map(|(i, rc)| (similarity(&rc.label.nl, &oc.label.nl), i))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((s, i)) = best {
            if s >= ALIKE {
                out[j] = Some(i);
            }
        }
    }
    out
}

/// Sørensen–Dice similarity of the folded texts, 0–1.
pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (fold(a), fold(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    strsim::sorensen_dice(&a, &b)
}

/// A text for comparing: markup removed, lower case, accents and punctuation dropped, white
/// space collapsed, a leading question code ("Q5.", "3)", "G01Q02:") left out.
pub fn fold(text: &str) -> String {
    let clean = crate::read::layout::clean_markup(text);
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            'ÿ' | 'ý' => 'y',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        };
        out.push(c);
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    let is_code = |w: &str| {
        w.len() <= 8
            && w.chars().any(|c| c.is_ascii_digit())
            && w.chars().all(|c| c.is_ascii_alphanumeric())
    };
    let skip = usize::from(words.len() > 1 && is_code(words[0]));
    words[skip..].join(" ")
}

/// The other survey read with the reference's questions wherever it holds all their columns
/// (the template was used, or last year's file of the same questionnaire): those questions
/// replace the ones inferred from the same columns, so that a grid read as separate items, or
/// a multi-select read as columns of `1`, is the reference's question again. Matching then
/// pairs them by column.
pub fn adopt(reference: &Codebook, other: Survey) -> Survey {
    let has = |column: &str| other.data.column(column).is_some();
    match adopt_codebook(reference, &other.codebook, has) {
        Some(codebook) => Survey::new(other.data, codebook),
        None => other,
    }
}

/// [`adopt`] on the other survey's codebook and the columns its data has (`has`): the other
/// codebook with the reference's questions adopted, or `None` if none is.
pub fn adopt_codebook(
    reference: &Codebook,
    other: &Codebook,
    has: impl Fn(&str) -> bool,
) -> Option<Codebook> {
    let adopted: Vec<&Question> = reference
        .questions
        .iter()
        .filter(|q| is_charted(q) && !q.items.is_empty())
        .filter(|q| {
            q.items.iter().all(|i| has(&i.column)) && q.base_of.iter().all(|i| has(&i.column))
        })
        .collect();
    if adopted.is_empty() {
        return None;
    }
    let taken = |q: &Question| {
        q.items.iter().any(|i| {
            adopted
                .iter()
                .any(|a| a.items.iter().any(|ai| ai.column == i.column))
        })
    };
    let mut codebook = other.clone();
    codebook.questions.retain(|q| !taken(q));
    let ids: Vec<String> = codebook.questions.iter().map(|q| q.id.clone()).collect();
    for q in adopted {
        let mut q = q.clone();
        if ids.contains(&q.id) {
            q.id = format!("{}_{}", q.id, "ref");
        }
        q.section = None;
        codebook.questions.push(q);
    }
    codebook.sections.clear();
    for q in &mut codebook.questions {
        q.section = None;
    }
    Some(codebook)
}

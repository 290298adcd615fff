//! The codebook: which columns form which questions, of what type, with which answers in
//! which order.
//!
//! Inference proposes a codebook; the user (or a saved file) overrides it. It serialises to
//! versioned JSON (`"format": "peiling-codebook", "version": 1`) so a codebook saved for one
//! wave applies to the next. Everything an analysis needs to know about meaning lives here;
//! the [`Dataset`](crate::dataset::Dataset) only holds the cells.

use borsh::{BorshDeserialize, BorshSerialize};
use serde::{Deserialize, Serialize};

/// The format tag written into every codebook file.
pub const FORMAT: &str = "peiling-codebook";
/// The current codebook version. Readers accept this version and refuse newer ones.
pub const VERSION: u32 = 1;

/// A survey's codebook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, BorshSerialize, BorshDeserialize)]
pub struct Codebook {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`] when written by this version.
    pub version: u32,
    /// The survey's title.
    #[serde(default)]
    pub title: Text,
    /// Where the data comes from (shown as the source line under every chart).
    #[serde(default)]
    pub source: Text,
    /// Sections in report order; questions refer to them by id.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Questions in report order.
    pub questions: Vec<Question>,
    /// A column holding respondent weights, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<String>,
}

/// A text in Dutch with an optional English translation.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, BorshSerialize, BorshDeserialize,
)]
pub struct Text {
    #[serde(default)]
    pub nl: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

impl Text {
    pub fn new(nl: impl Into<String>) -> Self {
        Text {
            nl: nl.into(),
            en: None,
        }
    }

    pub fn with_en(nl: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            nl: nl.into(),
            en: Some(en.into()),
        }
    }

    /// The text in `lang`, falling back to Dutch.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => self
                .en
                .as_deref()
                .filter(|s| !s.is_empty())
                .unwrap_or(&self.nl),
        }
    }
}

/// The report's languages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Nl,
    En,
}

/// A part of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, BorshSerialize, BorshDeserialize)]
pub struct Section {
    pub id: String,
    pub title: Text,
}

/// One question of the survey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, BorshSerialize, BorshDeserialize)]
pub struct Question {
    /// Stable id, used in URLs, the command line and exports (e.g. `werkgever`, `Q5`).
    pub id: String,
    /// The question as asked.
    pub text: Text,
    pub kind: QuestionKind,
    /// The section this question belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The columns that hold the answers. Single choice, Likert item, numeric, text and
    /// identifier questions have one item; a grid has one per statement; a multi-select has one
    /// per option (or, with [`Question::delimiter`], one per option all naming the same column).
    pub items: Vec<Item>,
    /// The answers in display order: for Likert scales the substantive points from negative to
    /// positive, then the non-substantive answers. Empty for multi-select, numeric and text.
    #[serde(default)]
    pub categories: Vec<Category>,
    /// Multi-select with one column per option: the cell values that mean "chosen"
    /// (e.g. `1`, `Y`, `Yes`, `Checked`, or the option's own label). Empty means any
    /// non-empty value other than `0`, `No`, `Nee`, `Unchecked`, `False`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chosen: Vec<String>,
    /// Multi-select held in one cell: the separator between answers (e.g. `;` or `,`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// Numeric questions: bins that turn the number into categories (e.g. age groups).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bins: Vec<Bin>,
    /// Offered under "Uitsplitsen naar" (break down by) and as a filter.
    #[serde(default)]
    pub breakdown: bool,
    /// A multi-select split from a larger one: that question's options. Whoever chose any of
    /// them answered this one, so its base stays the whole question's (empty otherwise).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub base_of: Vec<Item>,
    /// Only asked of some respondents (shown in the subtitle), e.g. "Werkzaam bij een gemeente".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asked_of: Option<Text>,
    /// Multi-select whose base is every respondent, not whoever chose any option; and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_all: Option<BaseAll>,
}

/// Why a multi-select's base is every respondent.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    BorshSerialize,
    BorshDeserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum BaseAll {
    /// A checkbox question of one option: leaving it is the only other answer.
    OneOption,
    /// The file holds only some of the question's options (an export that kept one option
    /// column of a "select all that apply" question): whoever chose none of them cannot be
    /// told from whoever skipped the question.
    SomeOptions,
}

/// What kind of answers a question has.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    BorshSerialize,
    BorshDeserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// One answer from a list (unordered or ordered, e.g. employer, age group).
    SingleChoice,
    /// One statement answered on an ordered scale with non-substantive answers apart.
    Likert,
    /// Several statements sharing one scale.
    Grid,
    /// Any number of options; each item is an option.
    MultiSelect,
    /// A number; `bins` turn it into categories.
    Numeric,
    /// Open text: shown as answered count, never a breakdown.
    OpenText,
    /// Identifier or metadata (ids, timestamps, IP addresses, e-mail): never analysed.
    Identifier,
}

impl QuestionKind {
    /// Whether the answers are counted on the question's categories.
    pub fn is_categorical(self) -> bool {
        matches!(
            self,
            Self::SingleChoice | Self::Likert | Self::Grid | Self::Numeric
        )
    }

    /// Whether the question has an ordered agreement-like scale.
    pub fn is_scale(self) -> bool {
        matches!(self, Self::Likert | Self::Grid)
    }
}

/// One column of a question: a grid's statement, a multi-select's option, or the only column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, BorshSerialize, BorshDeserialize)]
pub struct Item {
    /// Stable id within the question (e.g. `1`, `SQ001`, `onderhandelen`).
    pub id: String,
    /// The column's header in the data file.
    pub column: String,
    /// The statement or option as shown; empty for single-column questions.
    #[serde(default)]
    pub label: Text,
    /// A short explanation shown under the label (e.g. what a competency means).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    /// Multi-select in one cell: the option's text as it appears in the cell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Multi-select: choosing this option excludes all others (e.g. "Geen van deze").
    #[serde(default)]
    pub exclusive: bool,
    /// Multi-select: the option's column holds the text typed for "Other" (LimeSurvey's
    /// `[other]`, "Sonstiges"): any text there means the option was chosen, and the texts are
    /// open answers to read.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub other: bool,
}

/// One answer category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, BorshSerialize, BorshDeserialize)]
pub struct Category {
    /// The value as it stands in the data (a label, or a code such as `3`).
    pub value: String,
    /// The label shown.
    pub label: Text,
    /// Not a point of the scale ("Geen mening", "Weet niet", "N.v.t."): shown apart, left out
    /// of means and of the substantive base.
    #[serde(default)]
    pub non_substantive: bool,
    /// A declared missing value: treated as no answer at all.
    #[serde(default)]
    pub missing: bool,
    /// Further data values that mean the same category (e.g. `1` for `Zeer mee oneens`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// A half-open numeric bin `[from, to)` with its label; `None` is unbounded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, BorshSerialize, BorshDeserialize)]
pub struct Bin {
    pub label: Text,
    #[serde(default)]
    pub from: Option<f64>,
    #[serde(default)]
    pub to: Option<f64>,
}

/// Why a codebook file could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodebookError {
    /// Not JSON, or not shaped like a codebook: the message says where.
    Invalid {
        line: usize,
        column: usize,
        message: String,
    },
    /// A codebook from a newer version of Peiling.
    TooNew { version: u32 },
    /// Another kind of JSON file.
    NotACodebook,
}

impl std::fmt::Display for CodebookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Invalid { line, column, message } => {
                write!(f, "codebook: line {line}, column {column}: {message}")
            }
            Self::TooNew { version } => write!(
                f,
                "codebook version {version} was written by a newer Peiling; this one reads up to version {VERSION}"
            ),
            Self::NotACodebook => write!(f, "this JSON file is not a Peiling codebook (no \"format\": \"{FORMAT}\")"),
        }
    }
}

impl std::error::Error for CodebookError {}

impl Codebook {
    pub fn new(questions: Vec<Question>) -> Self {
        Codebook {
            format: FORMAT.into(),
            version: VERSION,
            title: Text::default(),
            source: Text::default(),
            sections: Vec::new(),
            questions,
            weight: None,
        }
    }

    /// Reads a codebook from JSON, checking its format tag and version.
    pub fn from_json(json: &str) -> Result<Self, CodebookError> {
        let value: serde_json::Value = serde_json::from_str(json).map_err(invalid)?;
        match value.get("format").and_then(|f| f.as_str()) {
            Some(FORMAT) => {}
            _ => return Err(CodebookError::NotACodebook),
        }
        let version = value.get("version").and_then(|v| v.as_u64()).unwrap_or(0) as u32;
        if version > VERSION {
            return Err(CodebookError::TooNew { version });
        }
        serde_json::from_str(json).map_err(invalid)
    }

    /// Writes the codebook as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a codebook always serialises")
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The questions offered as breakdowns, in report order.
    pub fn breakdowns(&self) -> impl Iterator<Item = &Question> {
        self.questions.iter().filter(|q| q.breakdown)
    }
}

fn invalid(e: serde_json::Error) -> CodebookError {
    CodebookError::Invalid {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    }
}

impl Question {
    /// A question of `kind` on `items`: no section, answers, bins or options to choose yet,
    /// not a breakdown, asked of everyone.
    pub fn new(id: impl Into<String>, text: Text, kind: QuestionKind, items: Vec<Item>) -> Self {
        Question {
            id: id.into(),
            text,
            kind,
            section: None,
            items,
            categories: Vec::new(),
            chosen: Vec::new(),
            delimiter: None,
            bins: Vec::new(),
            breakdown: false,
            base_of: Vec::new(),
            asked_of: None,
            base_all: None,
        }
    }
}

impl Item {
    /// An item reading `column`, shown as `label`: no note, no one-cell value, not exclusive.
    pub fn new(id: impl Into<String>, column: impl Into<String>, label: Text) -> Self {
        Item {
            id: id.into(),
            column: column.into(),
            label,
            note: None,
            value: None,
            exclusive: false,
            other: false,
        }
    }
}

impl Category {
    /// The category of the data value `value`, labelled with the value itself: substantive,
    /// not missing, no aliases.
    pub fn new(value: impl Into<String>) -> Self {
        let value = value.into();
        Category {
            label: Text::new(value.clone()),
            value,
            non_substantive: false,
            missing: false,
            aliases: Vec::new(),
        }
    }
}

impl Question {
    /// The category a data value belongs to (by value or alias), as an index into
    /// `categories`.
    pub fn category_of(&self, value: &str) -> Option<usize> {
        self.categories
            .iter()
            .position(|c| c.value == value || c.aliases.iter().any(|a| a == value))
    }

    /// Indices of the substantive scale points (not non-substantive, not missing).
    pub fn substantive(&self) -> impl Iterator<Item = usize> + '_ {
        self.categories
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.non_substantive && !c.missing)
            .map(|(i, _)| i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Codebook {
        let mut cb = Codebook::new(vec![Question {
            id: "werkgever".into(),
            text: Text::with_en("Werkgever", "Employer"),
            kind: QuestionKind::SingleChoice,
            section: None,
            items: vec![Item {
                id: "werkgever".into(),
                column: "werkgever".into(),
                label: Text::default(),
                note: None,
                value: None,
                exclusive: false,
                other: false,
            }],
            categories: vec![Category {
                value: "Gemeente".into(),
                label: Text::with_en("Gemeente", "Municipality"),
                non_substantive: false,
                missing: false,
                aliases: vec!["1".into()],
            }],
            chosen: vec![],
            delimiter: None,
            bins: vec![],
            breakdown: true,
            base_of: Vec::new(),
            asked_of: None,
            base_all: None,
        }]);
        cb.title = Text::new("Peiling");
        cb
    }

    #[test]
    fn codebook_round_trips_through_json() {
        let cb = sample();
        assert_eq!(Codebook::from_json(&cb.to_json()).unwrap(), cb);
    }

    #[test]
    fn codebook_from_a_newer_version_is_refused_by_name() {
        let json = sample()
            .to_json()
            .replace("\"version\": 1", "\"version\": 7");
        assert_eq!(
            Codebook::from_json(&json),
            Err(CodebookError::TooNew { version: 7 })
        );
    }

    #[test]
    fn other_json_is_not_a_codebook_and_broken_json_says_where() {
        assert_eq!(
            Codebook::from_json("{\"a\": 1}"),
            Err(CodebookError::NotACodebook)
        );
        match Codebook::from_json("{\n  \"format\": \"peiling-codebook\",\n  oops") {
            Err(CodebookError::Invalid { line, .. }) => assert_eq!(line, 3),
            other => panic!("expected a positioned error, got {other:?}"),
        }
    }

    #[test]
    fn categories_are_found_by_value_and_alias() {
        let cb = sample();
        let q = cb.question("werkgever").unwrap();
        assert_eq!(q.category_of("Gemeente"), Some(0));
        assert_eq!(q.category_of("1"), Some(0));
        assert_eq!(q.category_of("Rijk"), None);
        assert_eq!(Text::new("Werkgever").get(Lang::En), "Werkgever");
    }
}

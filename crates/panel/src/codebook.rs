//! The codebook that describes the generated CSV, built from the same tables as the data, so
//! that every label in the file is one the codebook knows.

use peiling_engine::codebook::{Category, Codebook, Item, Question, QuestionKind, Section, Text};

use crate::questionnaire::{
    Block, Grid, MultiSelect, ProfileQuestion, Words, AGE, BLOCKS, EDUCATION, EMPLOYER, FUNCTION,
    GENERATIONS, MUNICIPALITY_ASKED_OF, MUNICIPALITY_SIZE, NO_OPINION, SCALE, SECTIONS,
};

/// The column holding the respondent number.
pub const ID_COLUMN: &str = "respondent_id";
/// The derived breakdown over the age column.
pub const GENERATION_ID: &str = "generatie";
/// The value that marks a ticked multi-select option.
pub const TICKED: &str = "1";

fn text(words: Words) -> Text {
    Text::with_en(words.nl, words.en)
}

fn category(words: Words) -> Category {
    Category {
        value: words.nl.into(),
        label: text(words),
        non_substantive: false,
        missing: false,
        aliases: Vec::new(),
    }
}

fn item(id: String, column: &str, label: Text, note: Option<Text>, exclusive: bool) -> Item {
    Item {
        id,
        column: column.into(),
        label,
        note,
        value: None,
        exclusive,
        other: false,
    }
}

fn question(id: &str, section: Option<&str>, text: Text, kind: QuestionKind) -> Question {
    let mut q = Question::new(id, text, kind, Vec::new());
    q.section = section.map(Into::into);
    q
}

fn profile(q: &ProfileQuestion) -> Question {
    let mut out = question(
        q.id,
        Some("respondenten"),
        text(q.text),
        QuestionKind::SingleChoice,
    );
    out.items = vec![item(q.id.into(), q.id, Text::default(), None, false)];
    out.categories = q.choices.iter().map(|c| category(c.label)).collect();
    out.breakdown = true;
    out
}

/// Generations as a second reading of the age column: each generation's aliases are its bands.
fn generation() -> Question {
    let mut out = question(
        GENERATION_ID,
        Some("respondenten"),
        Text::with_en(
            "Generatie (afgeleid van leeftijd)",
            "Generation (derived from age)",
        ),
        QuestionKind::SingleChoice,
    );
    out.items = vec![item(
        GENERATION_ID.into(),
        AGE.id,
        Text::default(),
        None,
        false,
    )];
    out.categories = GENERATIONS
        .iter()
        .map(|(name, bands)| Category {
            aliases: bands
                .iter()
                .map(|&b| AGE.choices[b].label.nl.into())
                .collect(),
            ..category(*name)
        })
        .collect();
    out.breakdown = true;
    out
}

fn grid(g: &Grid) -> Question {
    let mut out = question(g.id, Some(g.section), text(g.text), QuestionKind::Grid);
    out.items = g
        .statements
        .iter()
        .enumerate()
        .map(|(i, s)| {
            item(
                (i + 1).to_string(),
                s.column,
                text(s.label),
                s.note.map(text),
                false,
            )
        })
        .collect();
    out.categories = SCALE
        .iter()
        .enumerate()
        .map(|(i, &words)| Category {
            non_substantive: i == NO_OPINION,
            ..category(words)
        })
        .collect();
    out
}

fn multi_select(m: &MultiSelect) -> Question {
    let mut out = question(
        m.id,
        Some(m.section),
        text(m.text),
        QuestionKind::MultiSelect,
    );
    out.items = m
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            item(
                (i + 1).to_string(),
                o.column,
                text(o.label),
                None,
                o.exclusive,
            )
        })
        .collect();
    out.chosen = vec![TICKED.into()];
    out
}

/// The codebook of the bundled panel.
pub fn codebook() -> Codebook {
    let mut id = question(
        ID_COLUMN,
        None,
        Text::with_en("Respondentnummer", "Respondent number"),
        QuestionKind::Identifier,
    );
    id.items = vec![item(
        ID_COLUMN.into(),
        ID_COLUMN,
        Text::default(),
        None,
        false,
    )];
    let mut municipality = profile(&MUNICIPALITY_SIZE);
    municipality.asked_of = Some(text(MUNICIPALITY_ASKED_OF));

    let mut questions = vec![
        id,
        profile(&AGE),
        generation(),
        profile(&EDUCATION),
        profile(&EMPLOYER),
        municipality,
        profile(&FUNCTION),
    ];
    questions.extend(BLOCKS.iter().map(|block| match block {
        Block::Grid(g) => grid(g),
        Block::MultiSelect(m) => multi_select(m),
    }));

    let mut codebook = Codebook::new(questions);
    codebook.title = Text::with_en(
        "Ambtelijk vakmanschap onder druk",
        "Civil-service craftsmanship under pressure",
    );
    codebook.source = Text::with_en(
        "Ambtenarenpanel, raadpleging ‘Ambtelijk vakmanschap onder druk’ (n = 1.601). \
         Antwoorden per respondent gereconstrueerd uit de gepubliceerde percentages; \
         dit zijn niet de echte antwoorden.",
        "Ambtenarenpanel, consultation ‘Ambtelijk vakmanschap onder druk’ (n = 1,601). \
         Answers per respondent reconstructed from the published percentages; \
         these are not the real answers.",
    );
    codebook.sections = SECTIONS
        .iter()
        .map(|s| Section {
            id: s.id.into(),
            title: text(s.title),
        })
        .collect();
    codebook
}

//! The questionnaire as one HTML file per language, to print on A4 or put on an intranet:
//! every asked question ([`super::sections`]) with its exact wording and answer options, as a
//! form that works on screen and on paper.
//!
//! One file per language rather than both in one: a municipality prints and publishes the
//! questionnaire in the language its respondents read, and a bilingual page would double
//! every question for everyone.
//!
//! What stays true: the markup is semantic — each question a `fieldset` with its `legend`
//! (or a `label` for a number or text field), every radio button and checkbox with an
//! accessible name (a grid's radio buttons are named by their statement and their answer),
//! sections under `h2` headings; a print stylesheet lays it out on A4 with 15 mm margins and
//! keeps a question on one page; no script and nothing fetched (the export's
//! Content-Security-Policy, [`crate::export::html`]); every text from the codebook is escaped,
//! and text without a translation is marked as Dutch (`lang="nl"`) in the English file.

use crate::chart::svg::escape;
use crate::codebook::{Codebook, Item, Lang, Question, QuestionKind, Text};
use crate::export::html::styled_document;

use super::{asked_of_line, chosen_value, how_to_answer, sections, Asked};

/// The questionnaire's stylesheet: screen, and A4 print.
const STYLE: &str = concat!(
    ".kicker{margin:0;color:#595959;font-size:14px;text-transform:uppercase;letter-spacing:.04em}",
    "h1{margin:4px 0 8px;font-size:26px}h2{margin:32px 0 12px;font-size:20px}",
    ".intro{max-width:70ch}",
    ".q{border:1px solid #c8c8c8;border-radius:4px;margin:0 0 16px;padding:12px 16px;min-width:0}",
    "legend,.q-title{font-weight:600;padding:0 4px;display:block}",
    ".q-title{padding:0}",
    ".code{font-weight:400;font-size:12px;color:#595959;font-family:ui-monospace,Menlo,Consolas,monospace;margin-left:4px}",
    ".hint{color:#595959;font-size:14px;margin:4px 0 8px}",
    ".options{list-style:none;margin:0;padding:0}.options li{margin:6px 0}",
    ".options li.apart{margin-top:14px}",
    ".note{display:block;color:#595959;font-size:13px}",
    ".grid-wrap{overflow-x:auto}",
    "table.grid{border-collapse:collapse;width:100%;font-size:14px}",
    ".grid th,.grid td{border-bottom:1px solid #c8c8c8;padding:6px 4px}",
    ".grid thead th{font-weight:600;text-align:center;vertical-align:bottom}",
    ".grid td{text-align:center}.grid th[scope=row]{text-align:left;font-weight:400}",
    ".grid .apart{border-left:2px solid #9e9e9e}",
    "input[type=radio],input[type=checkbox]{width:18px;height:18px;accent-color:#2c5f9e;vertical-align:middle}",
    "input[type=number],input[type=text],textarea{font:inherit;border:1px solid #767676;border-radius:3px;padding:4px}",
    "textarea{width:100%;box-sizing:border-box}",
    "footer{margin-top:32px;color:#595959}",
    "@page{size:A4;margin:15mm}",
    "@media print{body{max-width:none!important;padding:0!important;font-size:11pt}",
    ".q{break-inside:avoid}h2{break-after:avoid}.grid-wrap{overflow:visible}",
    "table.grid{font-size:10pt}}",
);

/// The words of the questionnaire around the survey's own.
struct Words {
    kicker: Text,
    intro: Text,
    codes: Text,
    exclusive: Text,
    other_text: Text,
    statement: Text,
    thanks: Text,
}

fn words() -> Words {
    Words {
        kicker: Text::with_en("Vragenlijst", "Questionnaire"),
        intro: Text::with_en(
            "Deze vragenlijst bevat {n} vragen. Er zijn geen goede of foute antwoorden: kies steeds het antwoord dat het best bij u past.",
            "This questionnaire has {n} questions. There are no right or wrong answers: always choose the answer that fits you best.",
        ),
        codes: Text::with_en(
            "De kleine codes naast de vragen (zoals leeftijd) zijn de kolommen van het antwoordensjabloon, voor wie de antwoorden overneemt.",
            "The small codes beside the questions (such as leeftijd) are the columns of the answer template, for whoever enters the answers.",
        ),
        exclusive: Text::with_en("sluit de andere antwoorden uit", "excludes the other answers"),
        other_text: Text::with_en("namelijk", "namely"),
        statement: Text::with_en("Stelling", "Statement"),
        thanks: Text::with_en(
            "Hartelijk dank voor het invullen.",
            "Thank you for taking part.",
        ),
    }
}

/// `text` in `lang`, escaped; in the English file, a text that has no English is marked as
/// Dutch so that a screen reader pronounces it right.
fn say(text: &Text, lang: Lang) -> String {
    let untranslated = lang == Lang::En && text.en.as_deref().is_none_or(str::is_empty);
    if untranslated && !text.nl.is_empty() {
        format!(r#"<span lang="nl">{}</span>"#, escape(&text.nl))
    } else {
        escape(text.get(lang))
    }
}

/// The small column code beside a question or statement.
fn code(column: &str) -> String {
    format!(r#"<span class="code">{}</span>"#, escape(column))
}

/// The hints under a question: who it is for, and how to answer.
fn hints(out: &mut String, question: &Question, lang: Lang, id: &str) {
    out.push_str(&format!(r#"<div class="hint" id="{id}-hint">"#));
    if let Some(line) = asked_of_line(question, lang) {
        out.push_str(&format!("<p>{}</p>", escape(&line)));
    }
    out.push_str(&format!(
        "<p>{}</p></div>",
        escape(how_to_answer(question).get(lang))
    ));
}

/// The question's title: number, wording and (for one-column questions) the column.
fn title(asked: &Asked<'_>, lang: Lang) -> String {
    let one_column = asked.items.len() == 1 && asked.question.kind != QuestionKind::MultiSelect;
    let column = if one_column {
        code(&asked.items[0].column)
    } else {
        String::new()
    };
    // A one-column question that is a statement (a Likert item) says its statement too.
    let statement = match asked.items.as_slice() {
        [item] if one_column && !item.label.nl.is_empty() && item.label != asked.question.text => {
            format!(r#"<span class="note">{}</span>"#, item_label(item, lang))
        }
        _ => String::new(),
    };
    format!(
        "{}. {}{}{statement}",
        asked.number,
        say(&asked.question.text, lang),
        column
    )
}

fn choice(out: &mut String, asked: &Asked<'_>, lang: Lang, id: &str) {
    let q = asked.question;
    let column = &asked.items[0].column;
    out.push_str(&format!(
        r#"<fieldset class="q" id="{id}" aria-describedby="{id}-hint"><legend>{}</legend>"#,
        title(asked, lang)
    ));
    hints(out, q, lang, id);
    out.push_str(r#"<ul class="options">"#);
    for category in q.categories.iter().filter(|c| !c.missing) {
        let apart = if category.non_substantive {
            r#" class="apart""#
        } else {
            ""
        };
        out.push_str(&format!(
            r#"<li{apart}><label><input type="radio" name="{}" value="{}"/> {}</label></li>"#,
            escape(column),
            escape(&category.value),
            say(&category.label, lang)
        ));
    }
    out.push_str("</ul></fieldset>");
}

/// The label of a grid statement or multi-select option, with its note.
fn item_label(item: &Item, lang: Lang) -> String {
    let note = item
        .note
        .as_ref()
        .map(|n| format!(r#"<span class="note">{}</span>"#, say(n, lang)))
        .unwrap_or_default();
    format!("{}{note}", say(&item.label, lang))
}

fn grid(out: &mut String, asked: &Asked<'_>, lang: Lang, id: &str, words: &Words) {
    let q = asked.question;
    let categories: Vec<_> = q.categories.iter().filter(|c| !c.missing).collect();
    out.push_str(&format!(
        r#"<fieldset class="q" id="{id}" aria-describedby="{id}-hint"><legend>{}</legend>"#,
        title(asked, lang)
    ));
    hints(out, q, lang, id);
    out.push_str(r#"<div class="grid-wrap"><table class="grid"><thead><tr>"#);
    out.push_str(&format!(
        r#"<th scope="col">{}</th>"#,
        escape(words.statement.get(lang))
    ));
    for (j, category) in categories.iter().enumerate() {
        let apart = if category.non_substantive {
            r#" class="apart""#
        } else {
            ""
        };
        out.push_str(&format!(
            r#"<th scope="col" id="{id}-c{j}"{apart}>{}</th>"#,
            say(&category.label, lang)
        ));
    }
    out.push_str("</tr></thead><tbody>");
    for (i, item) in asked.items.iter().enumerate() {
        out.push_str(&format!(
            r#"<tr><th scope="row"><span id="{id}-r{i}">{}</span>{}</th>"#,
            say(&item.label, lang),
            item.note
                .as_ref()
                .map(|n| format!(r#"<span class="note">{}</span>"#, say(n, lang)))
                .unwrap_or_default()
                + &code(&item.column)
        ));
        for (j, category) in categories.iter().enumerate() {
            let apart = if category.non_substantive {
                r#" class="apart""#
            } else {
                ""
            };
            out.push_str(&format!(
                r#"<td{apart}><input type="radio" name="{}" value="{}" aria-labelledby="{id}-r{i} {id}-c{j}"/></td>"#,
                escape(&item.column),
                escape(&category.value),
            ));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div></fieldset>");
}

fn multi(out: &mut String, asked: &Asked<'_>, lang: Lang, id: &str, words: &Words) {
    let q = asked.question;
    out.push_str(&format!(
        r#"<fieldset class="q" id="{id}" aria-describedby="{id}-hint"><legend>{}</legend>"#,
        title(asked, lang)
    ));
    hints(out, q, lang, id);
    out.push_str(r#"<ul class="options">"#);
    for (i, item) in q.items.iter().enumerate() {
        let column = escape(&item.column);
        if item.other {
            out.push_str(&format!(
                r#"<li><label for="{id}-o{i}">{}, {}:</label> {} <input type="text" id="{id}-o{i}" name="{column}"/></li>"#,
                say(&item.label, lang),
                escape(words.other_text.get(lang)),
                code(&item.column),
            ));
            continue;
        }
        let value = match (&q.delimiter, &item.value) {
            (Some(_), Some(value)) => value.clone(),
            (Some(_), None) => item.label.nl.clone(),
            (None, _) => chosen_value(q).to_string(),
        };
        let exclusive = if item.exclusive {
            format!(" ({})", escape(words.exclusive.get(lang)))
        } else {
            String::new()
        };
        let apart = if item.exclusive {
            r#" class="apart""#
        } else {
            ""
        };
        out.push_str(&format!(
            r#"<li{apart}><label><input type="checkbox" name="{column}" value="{}"/> {}{exclusive}</label>{}</li>"#,
            escape(&value),
            item_label(item, lang),
            code(&item.column),
        ));
    }
    out.push_str("</ul></fieldset>");
}

fn field(out: &mut String, asked: &Asked<'_>, lang: Lang, id: &str) {
    let q = asked.question;
    let column = escape(&asked.items[0].column);
    out.push_str(&format!(
        r#"<div class="q" id="{id}"><label class="q-title" for="{id}-in">{}</label>"#,
        title(asked, lang)
    ));
    hints(out, q, lang, id);
    if q.kind == QuestionKind::Numeric {
        out.push_str(&format!(
            r#"<input type="number" step="any" id="{id}-in" name="{column}" aria-describedby="{id}-hint"/>"#
        ));
    } else {
        out.push_str(&format!(
            r#"<textarea rows="4" id="{id}-in" name="{column}" aria-describedby="{id}-hint"></textarea>"#
        ));
    }
    out.push_str("</div>");
}

/// The questionnaire of `codebook` in `lang` as a complete HTML document.
pub fn to_html(codebook: &Codebook, lang: Lang) -> String {
    let words = words();
    let parts = sections(codebook);
    let count = parts.iter().map(|p| p.questions.len()).sum::<usize>();
    let title = codebook.title.get(lang);
    let title = if title.is_empty() {
        words.kicker.get(lang)
    } else {
        title
    };
    let mut body = String::from("<header>");
    body.push_str(&format!(
        r#"<p class="kicker">{}</p><h1>{}</h1>"#,
        escape(words.kicker.get(lang)),
        if codebook.title.nl.is_empty() {
            escape(title)
        } else {
            say(&codebook.title, lang)
        }
    ));
    body.push_str(&format!(
        r#"<p class="intro">{}</p><p class="intro hint">{}</p></header><main><form>"#,
        escape(&words.intro.get(lang).replace("{n}", &count.to_string())),
        escape(words.codes.get(lang)),
    ));
    for (p, part) in parts.iter().enumerate() {
        body.push_str(&format!(
            r#"<section aria-labelledby="part-{p}"><h2 id="part-{p}">{}</h2>"#,
            say(&part.title, lang)
        ));
        for asked in &part.questions {
            let id = format!("q{}", asked.number);
            match asked.question.kind {
                QuestionKind::SingleChoice | QuestionKind::Likert => {
                    choice(&mut body, asked, lang, &id)
                }
                QuestionKind::Grid => grid(&mut body, asked, lang, &id, &words),
                QuestionKind::MultiSelect => multi(&mut body, asked, lang, &id, &words),
                QuestionKind::Numeric | QuestionKind::OpenText => {
                    field(&mut body, asked, lang, &id)
                }
                QuestionKind::Identifier => {}
            }
        }
        body.push_str("</section>");
    }
    body.push_str(&format!(
        "</form></main><footer><p>{}</p></footer>",
        escape(words.thanks.get(lang))
    ));
    styled_document(title, lang, STYLE, &body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::tests::bundled;

    /// The document's text content and its inputs, read back with an XML parser (the export
    /// is polyglot XHTML, see `export::html`).
    fn parse(html: &str) -> roxmltree::Document<'_> {
        let xml = html.trim_start_matches("<!DOCTYPE html>\n");
        roxmltree::Document::parse(xml).expect("the questionnaire is well-formed XML")
    }

    fn text_of(node: roxmltree::Node<'_, '_>) -> String {
        node.descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect::<String>()
    }

    #[test]
    fn every_question_item_and_answer_of_the_bundled_survey_is_in_both_languages() {
        let cb = bundled();
        for lang in [Lang::Nl, Lang::En] {
            let html = to_html(&cb, lang);
            let doc = parse(&html);
            let all = text_of(doc.root_element());
            let questions: Vec<_> = cb
                .questions
                .iter()
                .filter(|q| !matches!(q.id.as_str(), "respondent_id" | "generatie"))
                .collect();
            assert_eq!(questions.len(), 10);
            for q in questions {
                assert!(
                    all.contains(q.text.get(lang)),
                    "{lang:?}: {}",
                    q.text.get(lang)
                );
                for item in &q.items {
                    assert!(
                        all.contains(item.label.get(lang)),
                        "{}",
                        item.label.get(lang)
                    );
                    if let Some(note) = &item.note {
                        assert!(all.contains(note.get(lang)));
                    }
                    // Every column has its inputs, named after it.
                    let named = doc
                        .descendants()
                        .filter(|n| n.attribute("name") == Some(item.column.as_str()))
                        .count();
                    let expected = match q.kind {
                        QuestionKind::Grid | QuestionKind::SingleChoice => q.categories.len(),
                        _ => 1,
                    };
                    assert_eq!(named, expected, "inputs for {}", item.column);
                }
                for category in &q.categories {
                    assert!(
                        all.contains(category.label.get(lang)),
                        "{}",
                        category.label.get(lang)
                    );
                }
            }
            // The identifier and the derived generation are not asked.
            assert!(!all.contains(cb.question("generatie").unwrap().text.get(lang)));
            assert!(doc
                .descendants()
                .all(|n| n.attribute("name") != Some("respondent_id")));
        }
    }

    #[test]
    fn every_input_has_a_name_a_screen_reader_can_read() {
        let cb = bundled();
        let html = to_html(&cb, Lang::Nl);
        let doc = parse(&html);
        let ids: std::collections::HashSet<&str> = doc
            .descendants()
            .filter_map(|n| n.attribute("id"))
            .collect();
        assert_eq!(
            ids.len(),
            doc.descendants()
                .filter(|n| n.attribute("id").is_some())
                .count(),
            "ids are unique"
        );
        for input in doc
            .descendants()
            .filter(|n| matches!(n.tag_name().name(), "input" | "textarea"))
        {
            let in_label = input.ancestors().any(|a| a.tag_name().name() == "label");
            let for_label = input.attribute("id").is_some_and(|id| {
                doc.descendants()
                    .any(|n| n.tag_name().name() == "label" && n.attribute("for") == Some(id))
            });
            let labelled_by = input
                .attribute("aria-labelledby")
                .is_some_and(|refs| refs.split(' ').all(|r| ids.contains(r)));
            assert!(in_label || for_label || labelled_by, "{input:?}");
        }
        // A grid's radio is named by its statement and its answer.
        let first = doc
            .descendants()
            .find(|n| n.attribute("name") == Some("stelling_1"))
            .unwrap();
        let names: Vec<String> = first
            .attribute("aria-labelledby")
            .unwrap()
            .split(' ')
            .map(|id| {
                text_of(
                    doc.descendants()
                        .find(|n| n.attribute("id") == Some(id))
                        .unwrap(),
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                "Discussies over ambtelijk vakmanschap gaan ook over mijn werk",
                "Zeer mee oneens"
            ]
        );
    }

    #[test]
    fn a_likert_items_statement_is_part_of_its_question() {
        let mut cb = bundled();
        let q = &mut cb.questions[1]; // leeftijd, made a statement on a scale
        q.kind = QuestionKind::Likert;
        q.text = Text::with_en(
            "In hoeverre bent u het eens?",
            "To what extent do you agree?",
        );
        q.items[0].label = Text::with_en("Mijn werk is zinvol", "My work is meaningful");
        let html = to_html(&cb, Lang::En);
        let doc = parse(&html);
        let legend = doc
            .descendants()
            .find(|n| n.tag_name().name() == "legend")
            .unwrap();
        assert_eq!(
            text_of(legend),
            "1. To what extent do you agree?leeftijdMy work is meaningful"
        );
    }

    #[test]
    fn it_prints_on_a4_and_runs_nothing() {
        let html = to_html(&bundled(), Lang::En);
        assert!(html.contains("@page{size:A4;margin:15mm}"));
        assert!(html.contains(r#"lang="en""#));
        assert!(!html.contains("<script"));
        assert!(html.contains("default-src 'none'"));
    }

    #[test]
    fn labels_are_escaped_and_untranslated_text_is_marked_dutch() {
        let mut cb = bundled();
        cb.questions[1].text = Text::new("Leeftijd <script>alert(1)</script> & zo");
        let html = to_html(&cb, Lang::En);
        assert!(!html.contains("<script>alert"));
        assert!(html.contains(
            r#"<span lang="nl">Leeftijd &lt;script&gt;alert(1)&lt;/script&gt; &amp; zo</span>"#
        ));
        parse(&html);
    }
}

//! Statistics on generated surveys of 10k, 100k and 1M respondents × 40 questions: all
//! frequencies, one crosstab with all its tests, and raking on two margins.
//!
//! Run: `cargo bench -p peiling-engine --bench stats`
//! (quick check: `cargo bench -p peiling-engine --bench stats -- --warm-up-time 1 --measurement-time 3`).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use peiling_engine::codebook::{Category, Codebook, Item, Question, QuestionKind, Text};
use peiling_engine::dataset::{ColumnBuilder, Dataset};
use peiling_engine::stats::{crosstab, frequencies, rake, Margin, Options, RakeOptions};
use peiling_engine::Survey;
use std::hint::black_box;

const QUESTIONS: usize = 40;
const ANSWERS: &[&str] = &["1", "2", "3", "4", "5", "Geen mening"];
const GROUPS: &[&str] = &["A", "B", "C", "D"];

fn question(id: &str, values: &[&str]) -> Question {
    Question {
        id: id.into(),
        text: Text::new(id),
        kind: QuestionKind::SingleChoice,
        section: None,
        items: vec![Item::new(id, id, Text::default())],
        categories: values
            .iter()
            .map(|v| Category {
                non_substantive: *v == "Geen mening",
                ..Category::new(*v)
            })
            .collect(),
        chosen: vec![],
        delimiter: None,
        bins: vec![],
        breakdown: false,
        base_of: Vec::new(),
        asked_of: None,
        base_all: None,
    }
}

/// `rows` respondents: 40 questions with ~4% empty cells, and a breakdown `g` of four groups.
fn generate(rows: usize) -> Survey {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut builders: Vec<ColumnBuilder> = (0..QUESTIONS)
        .map(|q| ColumnBuilder::new(format!("q{q}")))
        .collect();
    let mut groups = ColumnBuilder::new("g");
    for _ in 0..rows {
        let group = (next() % GROUPS.len() as u64) as usize;
        groups.push(GROUPS[group]);
        for b in builders.iter_mut() {
            let r = next() % 100;
            if r < 4 {
                b.push("");
            } else {
                // Skewed by group, so the tests have something to find.
                b.push(ANSWERS[((r as usize + group * 7) / 17) % ANSWERS.len()]);
            }
        }
    }
    builders.push(groups);
    let mut questions: Vec<Question> = (0..QUESTIONS)
        .map(|q| question(&format!("q{q}"), ANSWERS))
        .collect();
    questions.push(question("g", GROUPS));
    Survey::new(Dataset::from_builders(builders), Codebook::new(questions))
}

fn stats(c: &mut Criterion) {
    for rows in [10_000, 100_000, 1_000_000] {
        let survey = generate(rows);
        let weights = vec![1.0; rows];
        let options = Options::default();
        let mut group = c.benchmark_group("stats");
        group.sample_size(10);
        group.bench_with_input(
            BenchmarkId::new("all_frequencies_40", rows),
            &rows,
            |b, _| {
                b.iter(|| {
                    for q in 0..QUESTIONS {
                        black_box(
                            frequencies(&survey, &format!("q{q}"), 0, &weights, &options).unwrap(),
                        );
                    }
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new("crosstab_with_tests", rows),
            &rows,
            |b, _| {
                b.iter(|| black_box(crosstab(&survey, "q0", 0, "g", &weights, &options).unwrap()))
            },
        );
        let margins = [
            Margin {
                question: "q1".into(),
                item: 0,
                targets: vec![0.1, 0.2, 0.3, 0.2, 0.1, 0.1],
            },
            Margin {
                question: "g".into(),
                item: 0,
                targets: vec![0.4, 0.3, 0.2, 0.1],
            },
        ];
        group.bench_with_input(BenchmarkId::new("rake_two_margins", rows), &rows, |b, _| {
            b.iter(|| {
                let raked = rake(&survey, &weights, &margins, &RakeOptions::default()).unwrap();
                assert!(raked.converged);
                black_box(raked)
            })
        });
        group.finish();
    }
}

criterion_group!(benches, stats);
criterion_main!(benches);

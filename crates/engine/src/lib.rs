//! Peiling's survey engine: reading survey exports, the codebook, statistics, chart geometry
//! and exports. Pure Rust with no browser dependency, so it is tested natively and driven both
//! by the `peiling` command line and by the Leptos app compiled to wasm.
//!
//! The flow: bytes → [`read`] → [`dataset::Dataset`] (+ warnings) → [`infer`] proposes a
//! [`codebook::Codebook`] → [`survey::Survey`] resolves questions to countable variables →
//! [`stats`] computes frequencies, crosstabs and tests → [`chart`] lays out what the app draws.

pub mod chart;
pub mod codebook;
pub mod compare;
pub mod dataset;
pub mod export;
pub mod format;
pub mod infer;
pub mod overview;
pub mod read;
pub mod report;
pub mod review;
pub mod rounding;
pub mod sort;
pub mod stats;
pub mod survey;
pub mod template;
pub mod transfer;
pub mod view;

pub use codebook::{Codebook, Lang, Question, QuestionKind, Text};
pub use dataset::{Dataset, MISSING};
pub use survey::Survey;

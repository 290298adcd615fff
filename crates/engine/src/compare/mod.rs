//! Two surveys side by side: an organisation's answers beside the national panel (or a
//! subgroup of it), or this year's beside last year's.
//!
//! [`matching`] finds which question of the other survey is which question of the reference
//! (by column when the template was used, by wording otherwise), [`combine`] makes one survey
//! of both with a question that says which side each respondent is on ([`SOURCE`]); the
//! comparison report is the report broken down by that question, so the two-sample tests are
//! the breakdown's (pooled two-proportion z tests per answer and on the net share, chi-square
//! on the table), its disclosure rules and its exports.
//!
//! What stays true: nothing here touches the browser or sends anything anywhere; the view
//! (`cmp=`, `ref=`) names the comparison, never its data.

mod combine;
pub mod matching;

pub use combine::{combine, Side};
pub use matching::{match_codebooks, Matching, QuestionMatch};

/// The id of the question (and column) that says which survey a respondent answered.
pub const SOURCE: &str = "peiling_vergelijking";

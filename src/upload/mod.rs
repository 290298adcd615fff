//! Bring your own data: choosing or dropping a file, reading it in a worker, reviewing the
//! codebook, and showing the report for it.
mod panel;
pub mod worker_client;

pub use panel::OwnFileButton;

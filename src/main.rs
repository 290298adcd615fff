//! The Peiling web app: a Leptos single-page app (client-side rendering) over the engine.
//! It holds state, talks to the browser and draws what the engine computed.

mod app;
// Shared with the reader worker: transferred buffers back into the engine's parts.
#[path = "../crates/worker/src/buffers.rs"]
mod buffers;
mod bundled;
mod chart_view;
mod compare;
mod dialog;
mod download;
mod embed;
mod focus;
mod i18n;
mod perf;
mod publish;
mod report_view;
mod run_yourself;
mod shown;
mod tasks;
mod upload;
mod weighting;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}

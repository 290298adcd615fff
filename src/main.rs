//! The Peiling web app: a Leptos single-page app over the engine.
fn main() {}

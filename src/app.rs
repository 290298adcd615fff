//! The page: the report of the bundled consultation.
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    view! {
        <main id="main" data-testid="report" class="report">
            <h1>"Ambtelijk vakmanschap"</h1>
        </main>
    }
}

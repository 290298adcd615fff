//! A part of the page shown while a condition holds, compiled once. Leptos' `<Show>` is generic
//! over its condition and its children, so each use compiled its own memo, render effect and
//! switch between the two views again (25 uses in the page). [`shown`] and [`shown_or`] take
//! both behind `dyn` and return one type-erased view; what they do is what `<Show>` does: the
//! condition is memoised, so the part is built only when the condition turns true (and built
//! afresh each time it does), removed when it turns false, and left alone while it stays.
use std::sync::Arc;

use leptos::either::Either;
use leptos::prelude::*;

type Part = Arc<dyn Fn() -> AnyView + Send + Sync>;

/// `view()` while `when()` holds, else nothing.
pub fn shown(
    when: impl Fn() -> bool + Send + Sync + 'static,
    view: impl Fn() -> AnyView + Send + Sync + 'static,
) -> AnyView {
    switch(Arc::new(when), Arc::new(view), None)
}

/// `view()` while `when()` holds, else `fallback()`.
pub fn shown_or(
    when: impl Fn() -> bool + Send + Sync + 'static,
    view: impl Fn() -> AnyView + Send + Sync + 'static,
    fallback: impl Fn() -> AnyView + Send + Sync + 'static,
) -> AnyView {
    switch(Arc::new(when), Arc::new(view), Some(Arc::new(fallback)))
}

fn switch(
    when: Arc<dyn Fn() -> bool + Send + Sync>,
    view: Part,
    fallback: Option<Part>,
) -> AnyView {
    let when = ArcMemo::new(move |_| when());
    // `Either`, not the two views as one `AnyView`: two views of the same type would be patched
    // in place rather than swapped, which `<Show>` never does.
    (move || {
        if when.get() {
            Either::Left(view())
        } else {
            Either::Right(fallback.as_ref().map(|f| f()))
        }
    })
    .into_any()
}

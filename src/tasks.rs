//! Giving the browser its turn: long work on the main thread (decoding a large file, building a
//! large report, drawing charts to PNG) is cut into pieces, and between pieces the page lets the
//! browser handle input and paint.
//!
//! What stays true: every caller of [`yield_to_browser`] gets its own turn back, in the order it
//! asked, however many wait at once (a report can be rebuilt while a file is decoded).
use std::cell::RefCell;

use leptos::prelude::{GetUntracked, RwSignal, Update};
use std::collections::VecDeque;

use wasm_bindgen::{closure::Closure, JsCast, JsValue};

struct Channel {
    channel: web_sys::MessageChannel,
    waiting: RefCell<VecDeque<js_sys::Function>>,
    _on_message: Closure<dyn Fn()>,
}

thread_local! {
    /// The channel the page sends itself a message through, and who waits for one.
    static CHANNEL: Option<Channel> = open_channel();
}

fn open_channel() -> Option<Channel> {
    let channel = web_sys::MessageChannel::new().ok()?;
    let on_message = Closure::<dyn Fn()>::new(|| {
        let next = CHANNEL.with(|c| c.as_ref().and_then(|c| c.waiting.borrow_mut().pop_front()));
        if let Some(resolve) = next {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    channel
        .port1()
        .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    Some(Channel {
        channel,
        waiting: RefCell::new(VecDeque::new()),
        _on_message: on_message,
    })
}

/// Lets the browser handle input and paint before the next piece of work: a message sent to
/// ourselves is a new task. Not a zero timeout: browsers hold back a timeout set from a
/// timeout's task by at least 4 ms after the fifth, and decoding a large file yields a dozen
/// times or more.
pub async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let sent = CHANNEL.with(|c| {
            let c = c.as_ref()?;
            c.waiting.borrow_mut().push_back(resolve.clone());
            c.channel.port2().post_message(&JsValue::UNDEFINED).ok()
        });
        if sent.is_none() {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Milliseconds since the page started.
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The longest piece of drawing [`reveal`] does in one task, in ms: with the browser's own
/// style and layout after it, a task stays well under the 50 ms that count as long.
pub const DRAW_SLICE_MS: f64 = 12.0;

/// Shows the items of a long list one more at a time (`shown` counts them), from the next task
/// on, as many per task as fit in [`DRAW_SLICE_MS`], until all `total` are shown or `current`
/// says the list was replaced. The list draws its first items itself, in the task that made it.
pub fn reveal(shown: RwSignal<usize>, total: usize, current: impl Fn() -> bool + 'static) {
    leptos::task::spawn_local(async move {
        loop {
            yield_to_browser().await;
            let started = now();
            loop {
                if !current() {
                    return;
                }
                shown.update(|d| *d = d.saturating_add(1));
                if shown.get_untracked() >= total {
                    return;
                }
                // The item is drawn once the effects its signal runs have run.
                leptos::task::tick().await;
                if now() - started >= DRAW_SLICE_MS {
                    break;
                }
            }
        }
    });
}

/// Takes a long list down a few items per task (the opposite of [`reveal`]): `kept` counts the
/// items that stay drawn, from at most `total`, until none do or `current` says the list was
/// drawn anew; says whether it got to none. Removing a review of many questions at once held
/// the page for 20–40 ms in one task.
pub async fn conceal(kept: RwSignal<usize>, total: usize, current: impl Fn() -> bool) -> bool {
    loop {
        // From the next task on: the one that asked has its own work (a dialog closing).
        yield_to_browser().await;
        let started = now();
        loop {
            if !current() {
                return false;
            }
            kept.update(|k| *k = (*k).min(total).saturating_sub(1));
            leptos::task::tick().await;
            if kept.get_untracked() == 0 {
                return true;
            }
            if now() - started >= DRAW_SLICE_MS {
                break;
            }
        }
    }
}

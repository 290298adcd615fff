//! One stable sort for the whole engine.
//!
//! `slice::sort_by` is generic over the element and the comparison, so every call site with
//! its own element type or closure compiles the standard library's whole stable sort
//! (quicksort, drift sort, small sorts, merges: a few kilobytes each) once more. In the page's
//! wasm, a dozen call sites made a dozen copies. [`stable_by`] sorts positions instead — one
//! compiled sort of `usize` with the comparison behind a `&mut dyn FnMut` — and then moves the
//! elements to their places; what it gives is what `sort_by` gives (a stable sort: equal
//! elements keep their order), which the tests hold it to.
use std::cmp::Ordering;

/// Sorts `v` stably by `compare`, as `v.sort_by(compare)` does.
pub fn stable_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = {
        let items: &[T] = v;
        positions(items.len(), &mut |a, b| compare(&items[a], &items[b]))
    };
    // The element for place k is at `order[k]`: each cycle of the permutation is walked
    // once, swapping along it.
    let mut placed = vec![false; v.len()];
    for start in 0..v.len() {
        let mut k = start;
        while !placed[k] {
            placed[k] = true;
            let from = order[k];
            if from == start {
                break;
            }
            v.swap(k, from);
            k = from;
        }
    }
}

/// Sorts `v` stably by the key `key` gives, as `v.sort_by_key(key)` does.
pub fn stable_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    stable_by(v, |a, b| key(a).cmp(&key(b)));
}

/// The positions `0..n` in the order `compare` puts them, ties in their own order: the one
/// place the standard library's stable sort is compiled.
#[inline(never)]
fn positions(n: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Against the standard library's stable sort, on keys with many ties: the same
        /// order, equal keys in the order they came.
        #[test]
        fn sorts_as_the_standard_stable_sort_does(keys in prop::collection::vec(0u8..6, 0..200)) {
            let items: Vec<(u8, usize)> = keys.iter().copied().zip(0..).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|p| std::cmp::Reverse(p.0));
            let mut ours = items.clone();
            stable_by(&mut ours, |a, b| b.0.cmp(&a.0));
            prop_assert_eq!(&ours, &expected);
            let mut by_key = items;
            stable_by_key(&mut by_key, |p| p.0);
            expected.sort_by_key(|p| p.0);
            prop_assert_eq!(by_key, expected);
        }
    }
}

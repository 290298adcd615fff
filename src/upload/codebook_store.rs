//! Keeping codebooks for the next file: saving one as a JSON download, and — only when the
//! user opts in — remembering it in the browser's local storage under the file's header
//! signature (its column names), so next wave's file with the same layout gets it back.
//!
//! What stays true: only codebooks (question texts, answer labels, column names) are ever
//! written to storage, never a cell of data; nothing is stored unless the opt-in is on, and
//! turning it off deletes everything stored.
use peiling_engine::codebook::Codebook;
use web_sys::Storage;

/// The storage key of the opt-in itself.
const OPT_IN_KEY: &str = "peiling:remember-codebooks";
/// Remembered codebooks are stored under this prefix plus the header signature.
const CODEBOOK_PREFIX: &str = "peiling:codebook:";

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The file's layout as a key: its column names in order, joined by a unit separator (a
/// character no header contains).
pub fn header_signature<'a>(columns: impl IntoIterator<Item = &'a str>) -> String {
    columns.into_iter().collect::<Vec<_>>().join("\u{1f}")
}

/// Whether the user asked to remember codebooks.
pub fn remembering() -> bool {
    storage()
        .and_then(|s| s.get_item(OPT_IN_KEY).ok().flatten())
        .is_some_and(|v| v == "1")
}

/// Turns remembering on, or off — which forgets every remembered codebook.
pub fn set_remembering(on: bool) {
    let Some(storage) = storage() else { return };
    if on {
        let _ = storage.set_item(OPT_IN_KEY, "1");
        return;
    }
    let _ = storage.remove_item(OPT_IN_KEY);
    let length = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..length)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(CODEBOOK_PREFIX))
        .collect();
    for key in keys {
        let _ = storage.remove_item(&key);
    }
}

/// Remembers `codebook` for files with this header signature (only when opted in).
pub fn remember(signature: &str, codebook: &Codebook) {
    if !remembering() {
        return;
    }
    if let Some(storage) = storage() {
        // A full storage only means the codebook is not remembered.
        let _ = storage.set_item(
            &format!("{CODEBOOK_PREFIX}{signature}"),
            &codebook.to_json(),
        );
    }
}

/// The codebook remembered for this header signature, as its JSON (read by the worker), if
/// opted in and one was stored.
pub fn recall(signature: &str) -> Option<String> {
    if !remembering() {
        return None;
    }
    storage()?
        .get_item(&format!("{CODEBOOK_PREFIX}{signature}"))
        .ok()
        .flatten()
}

/// Offers the codebook as a JSON download named after the data file.
pub fn download(codebook: &Codebook, data_file: &str) {
    let stem = data_file
        .rsplit_once('.')
        .map_or(data_file, |(stem, _)| stem);
    crate::download::save(
        codebook.to_json().as_bytes(),
        "application/json",
        &format!("{stem}.codebook.json"),
    );
}

//! Helpers for generated prose. (`benches/engine.rs` uses this file too.)

/// The words of `list`, one string with the words separated by white space.
pub fn words(list: &'static str) -> Vec<&'static str> {
    list.split_whitespace().collect()
}

/// Appends `word` with its first letter upper-cased.
pub fn push_capitalised(out: &mut String, word: &str) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
}

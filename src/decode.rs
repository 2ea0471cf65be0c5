//! Bytes -> clean UTF-8 text. (Being written.)

/// Why bytes could not be turned into an article's text.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("looks like a binary file, not an article")]
    Binary,
}

/// Decoded text and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// Name of the encoding the bytes were read as.
    pub encoding: &'static str,
    /// True when the encoding was guessed (no BOM, not valid UTF-8).
    pub guessed: bool,
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    Ok(Decoded {
        text: sanitize(&String::from_utf8_lossy(bytes)),
        encoding: "UTF-8",
        guessed: false,
    })
}

pub fn sanitize(text: &str) -> String {
    text.to_string()
}

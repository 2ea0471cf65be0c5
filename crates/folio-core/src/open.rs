//! Opening an article: path or bytes -> decoded, parsed [`Document`].
//!
//! The one place that ties decode and the formats together, so the binary and tests open files
//! the same way. Must not depend on ratatui or crossterm.

use crate::decode::{self, DecodeError, Decoded};
use crate::document::Document;
use crate::format::epub::EpubError;
use crate::format::inline::ParseOptions;
use crate::format::{Format, epub, html};
use std::path::{Path, PathBuf};

/// Why an article could not be opened; messages are for the reader.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("'{path}' was not found: check the path")]
    NotFound { path: String },
    #[error("'{path}' is a folder, not an article")]
    IsDir { path: String },
    // The cause is part of the message (not a `source`), so `{:#}` does not repeat it.
    #[error("cannot read '{path}': {error}")]
    Io { path: String, error: std::io::Error },
    #[error("'{path}' {error}")]
    Decode { path: String, error: BytesError },
}

/// Why bytes are not an article.
#[derive(Debug, thiserror::Error)]
pub enum BytesError {
    #[error(transparent)]
    Decode(#[from] DecodeError),
    #[error(transparent)]
    Epub(#[from] EpubError),
}

/// The path as it may be shown: sanitised, so a file name cannot drive the terminal.
pub fn display_path(path: &Path) -> String {
    // One line: a newline in a file name must not fake a line of folio's own.
    decode::sanitize_line(&path.to_string_lossy())
}

/// Reads and parses the article at `path`.
pub fn open_path(path: &Path) -> Result<Document, OpenError> {
    Ok(open_path_progressive(path, usize::MAX)?.finish())
}

/// Reads and decodes the article at `path`, and parses its beginning when it is long; the rest
/// is parsed by [`Opened::finish`], which the reader runs in the background.
pub fn open_path_progressive(path: &Path, min_bytes: usize) -> Result<Opened, OpenError> {
    open_path_as(path, None, min_bytes, ParseOptions::default())
}

/// [`open_path_progressive`] with the format named by the reader (`--format`) instead of the
/// file name's, and the reader's parse options (config.toml's `ruby`).
pub fn open_path_as(
    path: &Path,
    format: Option<Format>,
    min_bytes: usize,
    options: ParseOptions,
) -> Result<Opened, OpenError> {
    let shown = display_path(path);
    if path.is_dir() {
        return Err(OpenError::IsDir { path: shown });
    }
    let bytes = std::fs::read(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => OpenError::NotFound {
            path: shown.clone(),
        },
        _ => OpenError::Io {
            path: shown.clone(),
            error: source,
        },
    })?;
    let format = format.unwrap_or_else(|| Format::from_path(path));
    open_vec(bytes, format, Some(path), min_bytes, options)
        .map_err(|error| OpenError::Decode { path: shown, error })
}

/// [`open_bytes_progressive`] for bytes it may keep: plain text or Markdown in clean UTF-8
/// becomes the text without a copy ([`decode::decode_vec`]).
pub fn open_vec(
    bytes: Vec<u8>,
    hint: Format,
    path: Option<&Path>,
    min_bytes: usize,
    options: ParseOptions,
) -> Result<Opened, BytesError> {
    let format = hint.sniff(&bytes);
    if matches!(format, Format::Plain | Format::Markdown) {
        let decoded = decode::decode_vec(bytes)?;
        return Ok(Opened::new(decoded, format, path, min_bytes, options));
    }
    open_bytes_progressive(&bytes, format, path, min_bytes, options)
}

/// [`open_path_progressive`] for bytes from elsewhere (standard input): the format is the
/// hint, corrected by what the content shows ([`Format::sniff`]).
pub fn open_bytes_progressive(
    bytes: &[u8],
    hint: Format,
    path: Option<&Path>,
    min_bytes: usize,
    options: ParseOptions,
) -> Result<Opened, BytesError> {
    let format = hint.sniff(bytes);
    if format == Format::Epub {
        // A book is parsed whole from its zip; its text stands in for the decoded text.
        let doc = epub::parse_with(bytes, options)?;
        let decoded = Decoded {
            text: doc.text.clone(),
            encoding: "EPUB",
            guessed: false,
        };
        let mut opened = Opened::new(decoded, format, path, usize::MAX, options);
        opened.ready = Some(doc);
        return Ok(opened);
    }
    let decoded = match (format, html::charset(bytes)) {
        (Format::Html, Some(label)) => decode::decode_with(bytes, &label)?,
        _ => decode::decode(bytes)?,
    };
    Ok(Opened::new(decoded, format, path, min_bytes, options))
}

/// Decodes and parses bytes in a known format. The file name is the title of last resort.
pub fn open_bytes(
    bytes: &[u8],
    format: Format,
    path: Option<&Path>,
) -> Result<Document, BytesError> {
    Ok(open_bytes_progressive(bytes, format, path, usize::MAX, ParseOptions::default())?.finish())
}

/// A decoded article, perhaps with only its beginning parsed so far.
#[derive(Debug)]
pub struct Opened {
    decoded: Decoded,
    format: Format,
    title: Option<String>,
    /// The first part, ready to show, when the article is long.
    pub beginning: Option<Document>,
    /// The whole, already parsed (an EPUB).
    ready: Option<Document>,
    options: ParseOptions,
}

impl Opened {
    fn new(
        decoded: Decoded,
        format: Format,
        path: Option<&Path>,
        min_bytes: usize,
        options: ParseOptions,
    ) -> Opened {
        let title = path
            .and_then(Path::file_stem)
            .map(|s| decode::sanitize_line(&s.to_string_lossy()));
        let mut opened = Opened {
            beginning: None,
            ready: None,
            decoded,
            format,
            title,
            options,
        };
        if min_bytes < usize::MAX / 4 {
            opened.beginning = format
                .parse_prefix(&opened.decoded.text, min_bytes)
                .map(|doc| opened.complete(doc));
        }
        opened
    }

    /// The decoded text (what the record fingerprint is computed over).
    pub fn text(&self) -> &str {
        &self.decoded.text
    }

    /// Length of the decoded text: a close upper bound of the parsed text's length.
    pub fn len(&self) -> usize {
        self.decoded.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.decoded.text.is_empty()
    }

    /// Parses the whole article.
    pub fn finish(mut self) -> Document {
        let doc = match self.ready.take() {
            Some(doc) => doc,
            None => self.format.parse_with(&self.decoded.text, self.options),
        };
        self.complete(doc)
    }

    /// Metadata every document gets, whether it is the beginning or the whole.
    fn complete(&self, mut doc: Document) -> Document {
        doc.meta.encoding = self.decoded.encoding.to_string();
        if self.decoded.guessed {
            doc.meta
                .notices
                .push(format!("Encoding guessed as {}.", self.decoded.encoding));
        }
        if doc.meta.title.is_none() {
            doc.meta.title.clone_from(&self.title);
        }
        // The language layout hyphenates in, detected when the source declares none, so the
        // record (and what is exported from it) says which it is.
        if doc.meta.language.is_none() {
            doc.meta.language = crate::hyphenate::language_of(&doc).map(|l| l.tag().to_string());
        }
        let told_empty = |n: &String| n.contains("empty") || n == epub::NO_TEXT;
        if doc.blocks.is_empty() && !doc.meta.notices.iter().any(told_empty) {
            doc.meta.notices.push("This article is empty.".to_string());
        }
        doc
    }
}

/// Canonical form of a path for records; falls back to the path as given.
pub fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// How much of a long plain or Markdown file is read before its first page is drawn: twice
/// the plain parser's sample ([`crate::format::plain::SAMPLE_BYTES`]), so the beginning is
/// laid out with the same statistics as the whole (its page is the page the whole will show).
pub const FIRST_BLOCK: usize = 2 * crate::format::plain::SAMPLE_BYTES + 4096;

/// The beginning of a long file, read from its first block only.
#[derive(Debug)]
pub struct First {
    /// The first part, parsed; its positions are valid in the whole when the whole's text
    /// starts with its text (the reader checks when the whole arrives).
    pub beginning: Document,
    /// The file's length in bytes: a close upper bound of the text's.
    pub len: usize,
}

/// The beginning of the plain or Markdown file at `path` from its first [`FIRST_BLOCK`]
/// bytes, parsing at least `min_bytes`: `None` when the file is short, in another format, not
/// clean UTF-8 in its first block (a BOM, UTF-16, bytes that need a guess: the whole decides
/// those), or when its beginning cannot be parsed alone. The caller then reads the whole.
pub fn open_path_first(
    path: &Path,
    format: Option<Format>,
    min_bytes: usize,
    options: ParseOptions,
) -> Option<First> {
    use std::io::Read;
    let format = format.unwrap_or_else(|| Format::from_path(path));
    if !matches!(format, Format::Plain | Format::Markdown) {
        return None;
    }
    let file = std::fs::File::open(path).ok()?;
    let len = usize::try_from(file.metadata().ok()?.len()).ok()?;
    if len <= FIRST_BLOCK {
        return None;
    }
    let mut block = Vec::with_capacity(FIRST_BLOCK);
    file.take(FIRST_BLOCK as u64).read_to_end(&mut block).ok()?;
    // The block ends at a line end, so no character, CRLF pair or line is cut.
    let end = memchr::memrchr(b'\n', &block)? + 1;
    block.truncate(end);
    if format.sniff(&block) != format {
        return None;
    }
    let decoded = decode::decode_vec(block).ok()?;
    if decoded.encoding != encoding_rs::UTF_8.name() || decoded.guessed {
        return None;
    }
    let mut opened = Opened::new(decoded, format, Some(path), min_bytes, options);
    let beginning = opened.beginning.take()?;
    Some(First { beginning, len })
}

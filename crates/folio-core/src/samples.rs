//! The sample articles shipped in `assets/`, embedded in the binary so that `folio` with no
//! argument shows a real article at once. Must not depend on ratatui or crossterm.

use crate::document::Document;
use crate::format::Format;
use crate::open;

/// One bundled article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    pub file: &'static str,
    pub text: &'static str,
    pub format: Format,
}

/// The bundled samples, in the order the chooser lists them.
pub const SAMPLES: &[Sample] = &[
    Sample {
        file: "essay.md",
        text: include_str!("../../../assets/essay.md"),
        format: Format::Markdown,
    },
    Sample {
        file: "zeitung.txt",
        text: include_str!("../../../assets/zeitung.txt"),
        format: Format::Plain,
    },
    Sample {
        file: "hardwrapped.txt",
        text: include_str!("../../../assets/hardwrapped.txt"),
        format: Format::Plain,
    },
];

impl Sample {
    /// The parsed article. Samples are ours and valid UTF-8; should decoding ever refuse one,
    /// the reader gets an empty article with a notice rather than a crash.
    pub fn document(&self) -> Document {
        let path = std::path::Path::new(self.file);
        open::open_bytes(self.text.as_bytes(), self.format, Some(path)).unwrap_or_else(|e| {
            let mut doc = Document::default();
            doc.meta.notices.push(format!("sample {}: {e}", self.file));
            doc
        })
    }

    /// The title the chooser shows.
    pub fn title(&self) -> String {
        self.document()
            .meta
            .title
            .unwrap_or_else(|| self.file.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_parses_into_a_long_article() {
        for s in SAMPLES {
            let doc = s.document();
            assert!(
                doc.word_count() >= 1500,
                "{} has {} words",
                s.file,
                doc.word_count()
            );
            assert!(doc.meta.title.is_some(), "{}", s.file);
        }
    }
}

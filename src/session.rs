//! The session: the one layer between the core and the reader that opens articles and keeps
//! their records. It owns "open an article (a path, standard input, a library entry),
//! fingerprint it, find or create its record", saving, exporting (to a folder or a file),
//! forgetting, listing the library and remembering the theme and pace. The CLI verbs
//! (`commands`), the start-up in `main` and the event loop (`tui`, through its services) all
//! open articles here, so there is one copy of it.
//!
//! It returns documents, records and paths, never messages for the app: it must not depend on
//! `app`, `ui`, `tui`, ratatui or crossterm.

use crate::annotations::Annotations;
use crate::document::Document;
use crate::export::{self, Format};
use crate::format::Format as ArticleFormat;
use crate::format::inline::ParseOptions;
use crate::library::{self, Entry, Source};
use crate::open::{self, BytesError, OpenError};
use crate::record::{self, Record};
use crate::store::{self, Loaded, Store, StoreError};
use std::io::{self, IsTerminal, Read};
use std::path::{Path, PathBuf};

/// Why the session could not do what was asked; messages are for the reader.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Open(#[from] OpenError),
    // The cause is part of the message (not a `source`), so `{:#}` does not repeat it.
    #[error("standard input {0}")]
    Stdin(BytesError),
    #[error("nothing on standard input: pipe an article in, like 'curl -s URL | folio -'")]
    NoStdin,
    #[error(transparent)]
    Read(io::Error),
    #[error("Missing: {0} (moved or deleted; d forgets it)")]
    Missing(String),
    #[error("This article came from standard input: there is no file to open")]
    NoFile,
    #[error("cannot list '{path}': {error}")]
    List { path: String, error: io::Error },
    #[error("No config folder to export to: set FOLIO_CONFIG_DIR or --config-dir")]
    NoExportFolder,
    #[error("cannot write '{path}': {error}")]
    Write { path: String, error: io::Error },
    #[error("No config folder: nothing is stored")]
    NothingStored,
    #[error("Could not forget it: {0}")]
    Forget(io::Error),
}

/// An article read and decoded, perhaps with only its beginning parsed, not yet matched with
/// its record: the start-up shows the beginning at once and finds the record in the background.
#[derive(Debug)]
pub struct Pending {
    opened: open::Opened,
    /// The file's canonical path (`None` for standard input): a record is also found by it.
    canonical: Option<PathBuf>,
}

impl Pending {
    /// The first part of a long article, ready to show (once).
    pub fn take_beginning(&mut self) -> Option<Document> {
        self.opened.beginning.take()
    }

    /// Length of the decoded text: a close upper bound of the parsed text's length.
    pub fn len(&self) -> usize {
        self.opened.len()
    }

    pub fn is_empty(&self) -> bool {
        self.opened.is_empty()
    }

    /// The whole article, with no record (for printing it).
    pub fn document(self) -> Document {
        self.opened.finish()
    }
}

/// An article with its record.
#[derive(Debug)]
pub struct Article {
    pub doc: Document,
    pub loaded: Loaded,
    /// The canonical path it was opened from; `None` for standard input.
    pub path: Option<PathBuf>,
}

/// What a library entry opens to.
#[derive(Debug)]
pub enum Opening {
    /// A file, with its record.
    Article(Box<Article>),
    /// A bundled sample: read in memory, with no record (progress in a sample is not kept).
    Sample(Document),
}

/// An article to export: its record, and its text when there is one.
#[derive(Debug)]
pub struct Exportable {
    pub record: Record,
    pub doc: Option<Document>,
    /// The path as shown in the export.
    pub path: Option<String>,
}

/// Reads the article at `path` (in `format` when given, else as its name says) and parses at
/// least `min_bytes` of it; `usize::MAX` parses the whole at once.
pub fn read_path(
    path: &Path,
    format: Option<ArticleFormat>,
    min_bytes: usize,
    options: ParseOptions,
) -> Result<Pending, OpenError> {
    let opened = open::open_path_as(path, format, min_bytes, options)?;
    Ok(Pending {
        opened,
        canonical: Some(open::canonical(path)),
    })
}

/// Reads an article from standard input; an error when it is a terminal (nothing is piped in).
pub fn read_stdin(
    format: Option<ArticleFormat>,
    min_bytes: usize,
    options: ParseOptions,
) -> Result<Pending, SessionError> {
    if io::stdin().is_terminal() {
        return Err(SessionError::NoStdin);
    }
    read_from(io::stdin().lock(), format, min_bytes, options)
}

/// [`read_stdin`] from any reader. Plain text unless `format` says otherwise; web pages and
/// EPUBs are recognised by their content.
pub fn read_from(
    mut input: impl Read,
    format: Option<ArticleFormat>,
    min_bytes: usize,
    options: ParseOptions,
) -> Result<Pending, SessionError> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes).map_err(SessionError::Read)?;
    let hint = format.unwrap_or(ArticleFormat::Plain);
    let opened =
        open::open_vec(bytes, hint, None, min_bytes, options).map_err(SessionError::Stdin)?;
    Ok(Pending {
        opened,
        canonical: None,
    })
}

/// The store records live in, and where exports go.
#[derive(Debug, Clone)]
pub struct Session {
    store: Store,
    /// config.toml's `export_dir`; else `exports/` in the config folder.
    export_dir: Option<PathBuf>,
    /// How articles opened from here are parsed (config.toml's `ruby`).
    parse: ParseOptions,
}

impl Session {
    pub fn new(store: Store, export_dir: Option<PathBuf>) -> Session {
        Session {
            store,
            export_dir,
            parse: ParseOptions::default(),
        }
    }

    /// The session parsing articles with `options` (from config.toml), so the library and
    /// exports read an article as the reader does.
    pub fn with_parse_options(self, options: ParseOptions) -> Session {
        Session {
            parse: options,
            ..self
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Finds or creates the record of an article read: by the fingerprint of its decoded text
    /// (known before parsing), else by its path. Then parses the whole.
    pub fn attach(&self, pending: Pending) -> Article {
        self.attach_as(pending, true)
    }

    /// [`Session::attach`]; `reading` false for a record only read (an export), whose
    /// `last_opened` then stays as stored.
    fn attach_as(&self, pending: Pending, reading: bool) -> Article {
        let fingerprint = store::fingerprint(pending.opened.text());
        let path = pending.canonical.as_deref();
        let loaded = if reading {
            self.store.load(&fingerprint, path)
        } else {
            self.store.find(&fingerprint, path)
        };
        Article {
            doc: pending.opened.finish(),
            loaded,
            path: pending.canonical,
        }
    }

    /// Reads a whole article and its record, as the library and the CLI verbs open it (a long
    /// one takes a few tens of milliseconds).
    pub fn open(&self, path: &Path) -> Result<Article, OpenError> {
        Ok(self.attach(read_path(path, None, usize::MAX, self.parse)?))
    }

    /// Opens what a library entry names.
    pub fn open_entry(&self, entry: &Entry) -> Result<Opening, SessionError> {
        match &entry.source {
            Source::Sample(sample) => Ok(Opening::Sample(sample.document())),
            Source::File(path) if entry.missing => {
                Err(SessionError::Missing(open::display_path(path)))
            }
            Source::File(path) => Ok(Opening::Article(Box::new(self.open(path)?))),
            Source::Nowhere => Err(SessionError::NoFile),
        }
    }

    /// Saves a record; the record as merged with what was on disk.
    pub fn save(&self, record: &Record) -> Result<Record, StoreError> {
        self.store.save(record)
    }

    /// The library: the readable files of `folder`, or the articles folio knows; then the
    /// samples.
    pub fn library(&self, folder: Option<&Path>) -> Result<Vec<Entry>, SessionError> {
        match folder {
            Some(dir) => library::folder(dir, &self.store, record::today()).map_err(|error| {
                SessionError::List {
                    path: open::display_path(dir),
                    error,
                }
            }),
            None => Ok(library::entries(&self.store, record::today())),
        }
    }

    /// An article named on the command line, for export.
    pub fn exportable(&self, path: &Path) -> Result<Exportable, OpenError> {
        // Exporting is not reading: `last_opened` stays when the reader last opened it.
        let article = self.attach_as(read_path(path, None, usize::MAX, self.parse)?, false);
        Ok(self.resolved(article))
    }

    /// An article's record made to describe its current text, as the reader makes it on
    /// opening ([`Annotations::refresh`]), and saved when that changed it (or when it was found
    /// by path under a new fingerprint). The export does not depend on the save: with no store,
    /// a read-only record or a failed save it places every item in the text all the same.
    fn resolved(&self, article: Article) -> Exportable {
        let Article { doc, loaded, path } = article;
        let rekeyed = loaded.previous_fingerprint.is_some();
        let mut notes = Annotations::new(&doc, loaded.record, loaded.read_only);
        let changed = notes.refresh(&doc) || rekeyed;
        let mut record = notes.record;
        if changed
            && !loaded.read_only
            && let Ok(saved) = self.store.save(&record)
        {
            record = saved;
        }
        Exportable {
            record,
            doc: Some(doc),
            path: path.as_deref().map(open::display_path),
        }
    }

    /// Every article folio knows, for export, each with its text when its file is still where
    /// it was last opened (its record then resolved against that text, as for
    /// [`Session::exportable`]); each record once.
    pub fn known(&self) -> Vec<Exportable> {
        let mut seen = std::collections::HashSet::new();
        self.store
            .all()
            .into_iter()
            .map(|r| self.known_one(r))
            .filter(|e| seen.insert(e.record.fingerprint.clone()))
            .collect()
    }

    /// A record folio knows, with its article's text when the file is still where it was.
    fn known_one(&self, record: Record) -> Exportable {
        let path = record.paths.last().cloned();
        let pending = path
            .as_deref()
            .map(Path::new)
            .filter(|p| p.is_file())
            .and_then(|p| read_path(p, None, usize::MAX, self.parse).ok());
        match pending {
            Some(pending) => self.resolved(self.attach_as(pending, false)),
            None => Exportable {
                record,
                doc: None,
                path,
            },
        }
    }

    /// Writes an article's highlights and bookmarks as Markdown into the export folder, named
    /// after its title ([`file_name`]); the file written.
    pub fn export_to_folder(
        &self,
        record: &Record,
        doc: &Document,
    ) -> Result<PathBuf, SessionError> {
        let dir = self
            .export_dir
            .clone()
            .or_else(|| self.store.paths().map(store::Paths::exports))
            .ok_or(SessionError::NoExportFolder)?;
        let path = dir.join(file_name(record, Format::Markdown));
        let article = export::Article {
            record,
            doc: Some(doc),
            path: record.paths.last().cloned(),
        };
        let text = export::export(Format::Markdown, &[article], &record::now());
        write_file(&path, text.as_bytes())?;
        Ok(path)
    }

    /// Forgets an article: its record moves to `trash/` in the config folder. Where it went.
    pub fn forget(&self, fingerprint: &str) -> Result<PathBuf, SessionError> {
        let paths = self.store.paths().ok_or(SessionError::NothingStored)?;
        library::forget(paths, fingerprint, &record::now()).map_err(SessionError::Forget)
    }

    /// Remembers the theme for the next session. Not remembering it is no reason to interrupt
    /// reading: a failure is ignored.
    pub fn remember_theme(&self, name: &str) {
        let mut state = self.store.state();
        state.theme = Some(name.to_string());
        let _ = self.store.save_state(&state);
    }

    /// Remembers the reading pace for the next session (a failure is ignored, as for the theme).
    pub fn remember_pace(&self, pace: crate::pace::Pace) {
        let mut state = self.store.state();
        state.pace = Some(pace);
        let _ = self.store.save_state(&state);
    }

    /// Remembers the search history for the next session (a failure is ignored, as for the
    /// theme).
    pub fn remember_searches(&self, searches: &[crate::store::PastSearch]) {
        let mut state = self.store.state();
        state.searches = searches.to_vec();
        let _ = self.store.save_state(&state);
    }
}

/// The export of `articles` in one format, to be written to `out` (the W3C collection is
/// then named by the file's URL), in the system's time zone.
pub fn export_text_to(format: Format, articles: &[Exportable], out: Option<&Path>) -> String {
    let mut options = export::Options::local();
    options.file_url = out
        .and_then(|p| std::path::absolute(p).ok())
        .and_then(|p| export::file_url(&p.to_string_lossy()));
    export::export_with(format, &list(articles), &record::now(), &options)
}

/// The export of `articles` in one format.
pub fn export_text(format: Format, articles: &[Exportable]) -> String {
    export::export(format, &list(articles), &record::now())
}

/// The core's view of articles to export.
fn list(articles: &[Exportable]) -> Vec<export::Article<'_>> {
    articles
        .iter()
        .map(|a| export::Article {
            record: &a.record,
            doc: a.doc.as_ref(),
            path: a.path.clone(),
        })
        .collect()
}

/// Writes a file whole and durably ([`crate::store::write_atomic`]: a uniquely named
/// temporary file beside it, fsync, rename, fsync the folder), so a reader of the file never
/// sees half an export.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), SessionError> {
    let err = |error| SessionError::Write {
        path: open::display_path(path),
        error,
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(err)?;
    crate::store::write_atomic(path, bytes).map_err(err)
}

/// A file name for an article's export: its title, lowercased, letters and digits kept.
pub fn file_name(record: &Record, format: Format) -> String {
    let title = record.title.as_deref().unwrap_or("untitled");
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.chars().count() >= 60 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "untitled" } else { slug };
    format!("{slug}.{}", format.extension())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Paths;

    const ARTICLE: &str = "# The Harbour\n\nBoats came in at dawn.\n\nThe nets were dry by noon.\n";

    /// A session whose store is in a temporary folder, and a folder for articles beside it.
    fn setup() -> (tempfile::TempDir, Session, PathBuf) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let store = Store::new(Some(Paths {
            root: dir.path().join("config"),
        }));
        let exports = dir.path().join("out");
        let articles = dir.path().join("articles");
        std::fs::create_dir_all(&articles).unwrap_or_else(|e| panic!("{e}"));
        (dir, Session::new(store, Some(exports)), articles)
    }

    fn write(path: &Path, text: &str) {
        std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
    }

    /// The article, as `harbour.md` in `articles`.
    fn harbour(articles: &Path) -> PathBuf {
        let path = articles.join("harbour.md");
        write(&path, ARTICLE);
        path
    }

    fn opened(session: &Session, path: &Path) -> Article {
        session.open(path).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Opens, changes and saves the record of the article at `path`.
    fn read_to(session: &Session, path: &Path, progress: u8) -> Record {
        let mut record = opened(session, path).loaded.record;
        record.progress = Some(progress);
        session.save(&record).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_file_is_opened_with_its_record() {
        let (_dir, session, articles) = setup();
        let path = harbour(&articles);
        let first = opened(&session, &path);
        assert_eq!(first.doc.meta.title.as_deref(), Some("The Harbour"));
        assert_eq!(first.loaded.record.fingerprint, store::fingerprint(ARTICLE));
        assert_eq!(first.path, Some(open::canonical(&path)));
        assert_eq!(first.loaded.record.progress, None);
        read_to(&session, &path, 40);
        let again = opened(&session, &path);
        assert_eq!(again.loaded.record.progress, Some(40));
        assert!(!again.loaded.read_only);
    }

    #[test]
    fn a_moved_file_is_found_by_its_fingerprint() {
        let (_dir, session, articles) = setup();
        let (from, to) = (articles.join("a.md"), articles.join("b.md"));
        write(&from, ARTICLE);
        read_to(&session, &from, 70);
        std::fs::rename(&from, &to).unwrap_or_else(|e| panic!("{e}"));
        let moved = opened(&session, &to);
        assert_eq!(moved.loaded.record.progress, Some(70));
        let last = moved
            .loaded
            .record
            .paths
            .last()
            .cloned()
            .unwrap_or_default();
        assert!(last.ends_with("b.md"), "{last}");
    }

    #[test]
    fn standard_input_is_read_and_keyed_by_its_text() {
        let (_dir, session, _) = setup();
        let pending = read_from(
            ARTICLE.as_bytes(),
            Some(ArticleFormat::Markdown),
            usize::MAX,
            ParseOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let article = session.attach(pending);
        assert_eq!(article.path, None);
        assert_eq!(
            article.loaded.record.fingerprint,
            store::fingerprint(ARTICLE)
        );
        assert_eq!(article.doc.meta.title.as_deref(), Some("The Harbour"));
        // Plain text unless told (its first line is the title, markup and all); binary bytes
        // are refused, saying where they came from.
        let plain = read_from(
            ARTICLE.as_bytes(),
            None,
            usize::MAX,
            ParseOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"))
        .document();
        assert_eq!(plain.meta.title.as_deref(), Some("# The Harbour"));
        let binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
        match read_from(&binary[..], None, usize::MAX, ParseOptions::default()) {
            Err(e) => assert_eq!(
                e.to_string(),
                "standard input looks like a binary file, not an article"
            ),
            Ok(p) => panic!("{:?}", p.document().meta),
        }
    }

    #[test]
    fn a_long_article_shows_its_beginning_first_and_the_whole_with_its_record() {
        let (_dir, session, articles) = setup();
        let path = articles.join("long.txt");
        let text = "A paragraph of a long article.\n\n".repeat(2000);
        write(&path, &text);
        let mut pending =
            read_path(&path, None, 1024, ParseOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        let beginning = pending.take_beginning().map(|d| d.text.len());
        assert!(
            beginning.is_some_and(|n| n < text.len() / 2),
            "{beginning:?}"
        );
        assert_eq!(pending.take_beginning().map(|d| d.text.len()), None);
        let article = session.attach(pending);
        assert_eq!(article.loaded.record.fingerprint, store::fingerprint(&text));
        assert!(article.doc.text.len() > text.len() / 2);
    }

    /// ASCII paragraphs past the first block, then `tail` (raw bytes).
    fn long_then(path: &Path, tail: &[u8]) -> String {
        let mut text = String::from("Lanterns\n\n");
        let mut i = 0;
        while text.len() <= open::FIRST_BLOCK + 1000 {
            text.push_str(&format!(
                "Paragraph {i} of the harbour log, in plain words.\n\n"
            ));
            i += 1;
        }
        let mut bytes = text.clone().into_bytes();
        bytes.extend_from_slice(tail);
        std::fs::write(path, &bytes).unwrap_or_else(|e| panic!("{e}"));
        text
    }

    #[test]
    fn a_long_file_starts_from_its_first_block_and_the_whole_decides_the_encoding() {
        let (_dir, session, articles) = setup();
        let path = articles.join("log.txt");
        // Latin-1 only after the first block: the first block is ASCII, read as UTF-8.
        long_then(&path, b"The last entry: caf\xe9 au lait.\n");
        let options = ParseOptions::default();
        let first = open::open_path_first(&path, None, 64 * 1024, options)
            .unwrap_or_else(|| panic!("no first block"));
        assert_eq!(first.beginning.meta.encoding, "UTF-8");
        assert!(first.beginning.text.len() < open::FIRST_BLOCK);
        assert_eq!(first.beginning.meta.title.as_deref(), Some("Lanterns"));
        let whole = session
            .attach(read_path(&path, None, usize::MAX, options).unwrap_or_else(|e| panic!("{e}")));
        // The whole is decoded as a whole: its guess wins, and the beginning is still its
        // beginning (so the reader's place in it stays valid).
        assert_eq!(whole.doc.meta.encoding, "windows-1252");
        assert!(whole.doc.text.contains("café au lait"));
        assert!(whole.doc.text.starts_with(&first.beginning.text));
        // A first block that is not clean UTF-8 is left to the whole; so are short files and
        // formats that need the whole.
        let latin = articles.join("latin.txt");
        let mut bytes = b"Caf\xe9\n\n".to_vec();
        bytes.extend_from_slice(&std::fs::read(&path).unwrap_or_else(|e| panic!("{e}")));
        std::fs::write(&latin, bytes).unwrap_or_else(|e| panic!("{e}"));
        assert!(open::open_path_first(&latin, None, 64 * 1024, options).is_none());
        assert!(open::open_path_first(&harbour(&articles), None, 1024, options).is_none());
        let html = articles.join("log.html");
        std::fs::copy(&path, &html).unwrap_or_else(|e| panic!("{e}"));
        assert!(open::open_path_first(&html, None, 64 * 1024, options).is_none());
    }

    #[test]
    fn a_saved_place_is_known_by_path_before_the_text_is_read() {
        let (_dir, session, articles) = setup();
        let path = articles.join("log.txt");
        long_then(&path, b"");
        assert!(!session.store().has_saved_place(&path));
        let article = opened(&session, &path);
        let mut record = article.loaded.record;
        session.save(&record).unwrap_or_else(|e| panic!("{e}"));
        // A record at the beginning is no reason to hold the first frame.
        assert!(!session.store().has_saved_place(&path));
        let mut notes = crate::annotations::Annotations::new(&article.doc, record, false);
        let stamps = crate::annotations::Stamps::new(1);
        notes.set_position(&article.doc, crate::document::TextPos(5000), &stamps);
        record = notes.record;
        session.save(&record).unwrap_or_else(|e| panic!("{e}"));
        assert!(session.store().has_saved_place(&path));
        assert!(!session.store().has_saved_place(&articles.join("other.txt")));
    }

    #[test]
    fn library_entries_open_to_samples_and_files_and_say_why_not() {
        let (_dir, session, articles) = setup();
        let sample = crate::library::samples().remove(0);
        match session.open_entry(&sample) {
            Ok(Opening::Sample(doc)) => assert_eq!(doc.meta.title, Some(sample.title.clone())),
            other => panic!("{other:?}"),
        }
        let path = harbour(&articles);
        read_to(&session, &path, 10);
        let entries = session.library(None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(entries.len(), crate::library::samples().len() + 1);
        match session.open_entry(&entries[0]) {
            Ok(Opening::Article(a)) => assert_eq!(a.loaded.record.progress, Some(10)),
            other => panic!("{other:?}"),
        }
        let missing = Entry {
            missing: true,
            ..entries[0].clone()
        };
        assert!(matches!(
            session.open_entry(&missing),
            Err(SessionError::Missing(_))
        ));
        let nowhere = Entry {
            source: Source::Nowhere,
            ..entries[0].clone()
        };
        assert!(matches!(
            session.open_entry(&nowhere),
            Err(SessionError::NoFile)
        ));
        let folder = session
            .library(Some(&articles))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(folder[0].source, Source::File(path));
        let gone = session.library(Some(&articles.join("gone")));
        assert!(matches!(gone, Err(SessionError::List { .. })));
    }

    #[test]
    fn an_export_goes_to_the_folder_named_after_the_title() {
        let (dir, session, articles) = setup();
        let path = harbour(&articles);
        let article = opened(&session, &path);
        let mut record = article.loaded.record;
        record.title = Some("The Harbour: at Dawn".into());
        let to = session
            .export_to_folder(&record, &article.doc)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(to, dir.path().join("out").join("the-harbour-at-dawn.md"));
        let text = std::fs::read_to_string(&to).unwrap_or_else(|e| panic!("{e}"));
        assert!(text.contains("The Harbour"), "{text}");
        // Without a config folder or an export_dir there is nowhere to put it.
        let nowhere = Session::new(Store::new(None), None);
        let refused = nowhere.export_to_folder(&record, &article.doc);
        assert!(matches!(refused, Err(SessionError::NoExportFolder)));
    }

    #[test]
    fn forgetting_moves_the_record_to_the_trash() {
        let (dir, session, articles) = setup();
        let path = harbour(&articles);
        let record = read_to(&session, &path, 30);
        assert_eq!(session.known().len(), 1);
        let to = session
            .forget(&record.fingerprint)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            to.starts_with(dir.path().join("config").join("trash")),
            "{to:?}"
        );
        assert!(session.known().is_empty());
        assert_eq!(opened(&session, &path).loaded.record.progress, None);
        let nothing = Session::new(Store::new(None), None).forget(&record.fingerprint);
        assert!(matches!(nothing, Err(SessionError::NothingStored)));
    }

    #[test]
    fn what_folio_knows_is_exported_with_its_text_when_the_file_is_there() {
        let (dir, session, articles) = setup();
        let path = harbour(&articles);
        read_to(&session, &path, 50);
        let known = session.known();
        assert!(known[0].doc.is_some());
        let file = dir.path().join("all.json");
        write_file(&file, export_text(Format::Json, &known).as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(file.is_file());
        std::fs::remove_file(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(session.known()[0].doc.is_none());
    }
}

//! Records on disk: one JSON file per article in `<config>/articles/`, found by content
//! fingerprint (then by path), merged with what is on disk under a lock, saved atomically, never
//! lost. This module owns the store's file layout and its guarantees; the shape of a record is
//! [`crate::record`]'s.
//!
//! # Files (all in `<config>/articles/`)
//!
//! | name | what |
//! |---|---|
//! | `<id>.json` | the record; `<id>` is [`file_id`] of its fingerprint |
//! | `<id>.json.bak` | the previous complete version (a hard link to the file a save replaced) |
//! | `<id>.lock` | empty; an exclusive `flock` on it is held while saving (never deleted) |
//! | `<id>.json.corrupt-<unix secs>[-n]` | a record that did not parse, moved aside, never touched again |
//! | `<id>.json.tmp`, `<id>.json.bak.tmp` | exist only during a save (or after a killed one; the next save or load of that article removes them) |
//! | `<id>.json.probe` | exists for a moment while a load checks that the folder is writable |
//!
//! # Saving ([`Store::save`])
//!
//! 1. Refuse a record whose `version` is newer than [`record::VERSION`] ([`StoreError::ReadOnly`]).
//! 2. Create `articles/` if needed; lock `<id>.lock` (waiting at most [`LOCK_TIMEOUT`]; a lock
//!    held by a killed process is released by the OS). When the wait times out, nothing is
//!    written and [`StoreError::Write`] says so: the record stays in memory and a later save can
//!    try again. Writing without the lock could lose the other process's highlights.
//! 3. Re-read `<id>.json`. A newer version there: refuse. A file that does not parse: move it
//!    aside (as at load) and merge with `<id>.json.bak` if that parses.
//! 4. [`merge`] the caller's record with the one on disk.
//! 5. Write `<id>.json.tmp`, fsync it; hard-link the current `<id>.json` to `<id>.json.bak.tmp`
//!    (copy and fsync if hard links are not supported) and rename that over `<id>.json.bak`;
//!    rename the temporary file over `<id>.json`; fsync the folder. `<id>.json` and
//!    `<id>.json.bak` are therefore at all times either absent or complete records.
//! 6. Release the lock and return the merged record: the caller's new state.
//!
//! On any error the temporary files are removed and `<id>.json` is byte-identical to before,
//! with one exception: when the last step, the fsync of the folder, fails, the rename has been
//! done and `<id>.json` is the new, complete record; the save still reports the error (the
//! rename may not be durable) and the next save repairs it. A full disk at each step is tested
//! through [`Store::with_write_fault`] (`tests/hardening_store.rs`).
//! Where the file system cannot lock at all (`Unsupported`), saves go ahead unlocked.
//!
//! # Loading ([`Store::load`])
//!
//! Never fails; problems become [`Loaded::notices`]:
//!
//! - no config directory, or one where `articles/` cannot be created or written: the record is
//!   still read if it can be, `read_only` is set, "changes are kept in memory only";
//! - `<id>.json` does not parse: under the lock it is moved aside to
//!   `<id>.json.corrupt-<unix secs>` (a numbered suffix rather than ever replacing a file), and
//!   `<id>.json.bak` is used if it parses ("restored from backup"), else a new record ("started
//!   fresh");
//! - `version` newer than [`record::VERSION`] (even if the rest no longer parses as ours): the
//!   record keeps its version and opens `read_only`; [`Store::save`] refuses it;
//! - `<id>.json` cannot be read (permissions): `read_only`, the file is left alone.
//!
//! Deleting: remove the item and remember its id in `deleted` ([`delete_item`]); ids there stay
//! forever, so an undo must re-create the item with a new id.
//!
//! # Edited articles (re-keying)
//!
//! When no record has the fingerprint, the store looks for a record whose `paths` contain the
//! article's canonical path. That record is returned under the new fingerprint
//! ([`Loaded::previous_fingerprint`] says so), and the [`Store`] remembers the old file. The next
//! successful save locks both files (in name order), merges the old file too, writes the new
//! file durably, and only then renames the old `<old>.json` to `<old>.json.bak` (replacing the
//! old backup), so the old record stays on disk as a backup and no longer matches by fingerprint.
//! The pending re-key lives in the [`Store`] (shared by its clones): save with the store that
//! loaded. The scan reads every `articles/*.json` but parses only files containing the path as
//! serde_json writes it (a hand-edited file that escapes the path differently is not found).
//!
//! Must not depend on ratatui or crossterm.

use crate::record::{self, Bookmark, Highlight, Record, Timestamp};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

#[cfg(test)]
mod tests;

/// How long a save waits for another folio process's save of the same article to finish.
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(5);

/// The prefix of fingerprints made by [`fingerprint`] (the hashing scheme and its version).
pub const FINGERPRINT_PREFIX: &str = "sha256-v1:";

/// Where folio keeps its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub root: PathBuf,
}

impl Paths {
    /// `--config-dir` first, then `FOLIO_CONFIG_DIR` (when not empty), then the platform's config
    /// directory (`~/.config/folio` on Linux). `None` when none can be determined.
    pub fn resolve(cli: Option<&Path>) -> Option<Paths> {
        Paths::resolve_with(cli, std::env::var_os("FOLIO_CONFIG_DIR").as_deref())
    }

    /// [`Paths::resolve`] with the value of `FOLIO_CONFIG_DIR` passed in (for tests). Empty
    /// values count as absent; relative paths are made absolute against the current directory.
    pub fn resolve_with(cli: Option<&Path>, env: Option<&OsStr>) -> Option<Paths> {
        let chosen = cli
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .or_else(|| env.filter(|v| !v.is_empty()).map(PathBuf::from));
        let root = match chosen {
            Some(path) => std::path::absolute(&path).unwrap_or(path),
            None => directories::ProjectDirs::from("", "", "folio")?
                .config_dir()
                .to_path_buf(),
        };
        Some(Paths { root })
    }

    pub fn articles(&self) -> PathBuf {
        self.root.join("articles")
    }

    pub fn exports(&self) -> PathBuf {
        self.root.join("exports")
    }
}

/// The stable content fingerprint of a document's normalised text.
///
/// Exactly: `"sha256-v1:"` followed by the first 32 lowercase hexadecimal digits (128 bits) of
/// the SHA-256 digest of the text's UTF-8 bytes, as passed in: no BOM, no trailing newline added,
/// nothing else normalised here. Reproduce with
/// `printf '%s' "$text" | sha256sum | cut -c1-32`. Another scheme gets another prefix.
pub fn fingerprint(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(FINGERPRINT_PREFIX.len() + 32);
    out.push_str(FINGERPRINT_PREFIX);
    out.push_str(&hex(&digest[..16]));
    out
}

/// The file-name-safe id of a fingerprint: the record lives in `articles/<id>.json`.
///
/// `sha256-v1:<32 hex>` becomes `sha256-v1-<32 hex>`. Any other fingerprint becomes `x-`
/// followed by its bytes, with `a-z`, `0-9` and `-` kept and every other byte written as `_` and
/// two lowercase hex digits (injective, and safe on case-insensitive file systems); when that is
/// longer than 120 characters, `h-` and the full SHA-256 hex of the fingerprint instead.
pub fn file_id(fingerprint: &str) -> String {
    if let Some(hash) = fingerprint.strip_prefix(FINGERPRINT_PREFIX)
        && hash.len() == 32
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return format!("sha256-v1-{hash}");
    }
    let mut id = String::from("x-");
    for b in fingerprint.bytes() {
        if b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' {
            id.push(char::from(b));
        } else {
            id.push('_');
            id.push_str(&hex(&[b]));
        }
        if id.len() > 120 {
            return format!("h-{}", hex(&Sha256::digest(fingerprint.as_bytes())));
        }
    }
    id
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// The string stored in a record's `paths` for an article path: canonical (symlinks and `..`
/// resolved) when the file exists, else absolute; lossy UTF-8.
pub fn path_key(path: &Path) -> String {
    let resolved = fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf());
    resolved.to_string_lossy().into_owned()
}

/// What `state.json` holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct State {
    /// The theme chosen with `c`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// The reading pace learned from page turns (see `pace.rs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pace: Option<crate::pace::Pace>,
    /// The searches typed at `/`, the latest first (the reader bounds and de-duplicates
    /// them). Absent from state files written before issue 16.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub searches: Vec<PastSearch>,
}

/// One search of the history: what was typed, and whether it was a regular expression.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PastSearch {
    pub query: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub regex: bool,
}

/// Why the store could not do what was asked; messages are for the reader.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot save to '{path}': {error}; changes are kept in memory only")]
    Write { path: String, error: std::io::Error },
    #[error("this record was written by a newer folio (version {0}); it is open read-only")]
    ReadOnly(u32),
}

/// A record as found on disk, with what the reader should be told about it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub record: Record,
    /// A newer-version record, or no writable store: never written back.
    pub read_only: bool,
    /// Messages for the status line ("record was corrupt, restored from backup", …).
    pub notices: Vec<String>,
    /// Set when the record was found by path under another fingerprint (the article was edited):
    /// that fingerprint. The next save moves the record to the new one.
    pub previous_fingerprint: Option<String>,
}

/// The store: a config directory, or nothing (changes kept in memory only).
#[derive(Debug, Clone)]
pub struct Store {
    paths: Option<Paths>,
    /// Records found by path and not yet re-keyed: new fingerprint -> old file id.
    rekey: Arc<Mutex<HashMap<String, String>>>,
    lock_timeout: Duration,
    /// The step of every save's write that fails, for tests ([`Store::with_write_fault`]).
    fault: Option<usize>,
}

/// The notice for a store without a config directory.
const NO_DIR: &str = "no config directory (set FOLIO_CONFIG_DIR or --config-dir); \
                      changes are kept in memory only";

impl Store {
    pub fn new(paths: Option<Paths>) -> Store {
        Store {
            paths,
            rekey: Arc::default(),
            lock_timeout: LOCK_TIMEOUT,
            fault: None,
        }
    }

    /// For tests of a full disk: the same store, but step `step` (0-based, in the order of
    /// [`SAVE_STEPS`]) of writing every save fails with `StorageFull` ("No space left on
    /// device"), as a full disk would make it. The "write" step first writes half the bytes.
    /// Only the write (step 5 of a save) is affected: locking, reading and merging run as usual.
    #[doc(hidden)]
    pub fn with_write_fault(mut self, step: usize) -> Store {
        self.fault = Some(step);
        self
    }

    /// The same store with another bound on waiting for a lock (default [`LOCK_TIMEOUT`]).
    pub fn with_lock_timeout(mut self, timeout: Duration) -> Store {
        self.lock_timeout = timeout;
        self
    }

    /// Where this store keeps its files, if anywhere.
    /// Every record that reads cleanly (`<id>.json` files only; backups, damaged and newer
    /// files are left out), most recently opened first. Read-only: nothing is moved or written.
    pub fn all(&self) -> Vec<Record> {
        let Some(paths) = &self.paths else {
            return Vec::new();
        };
        let Ok(dir) = fs::read_dir(paths.articles()) else {
            return Vec::new();
        };
        let mut records: Vec<Record> = dir
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .filter_map(|p| match read_record(&p) {
                OnDisk::Ok(r) | OnDisk::Newer(_, Some(r)) => Some(*r),
                _ => None,
            })
            .collect();
        records.sort_by_key(|r| std::cmp::Reverse(r.last_opened));
        records
    }

    /// Small choices the reader made in the reader itself (the theme), kept in `state.json`
    /// beside the records. Missing or unreadable: the defaults.
    pub fn state(&self) -> State {
        self.paths
            .as_ref()
            .and_then(|p| fs::read(p.root.join("state.json")).ok())
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Writes `state.json` whole, with [`write_atomic`].
    pub fn save_state(&self, state: &State) -> io::Result<()> {
        let Some(paths) = &self.paths else {
            return Err(io::Error::other("no config folder"));
        };
        fs::create_dir_all(&paths.root)?;
        let json = serde_json::to_vec_pretty(state).map_err(io::Error::other)?;
        write_atomic(&paths.root.join("state.json"), &json)
    }

    pub fn paths(&self) -> Option<&Paths> {
        self.paths.as_ref()
    }

    /// The record for an article: by fingerprint, then by a path it was opened from, else a
    /// new one. `path` is added to its `paths` and `last_opened` is set to now. Never fails:
    /// problems become notices, and `read_only` is set when saving cannot work (no or an
    /// unwritable config directory, a record from a newer folio, a record that cannot be read).
    pub fn load(&self, fingerprint: &str, path: Option<&Path>) -> Loaded {
        let mut out = self.find(fingerprint, path);
        out.record.last_opened = Some(record::now());
        out
    }

    /// [`Store::load`] without counting as an opening: `last_opened` stays as stored (an
    /// export reads the record; it does not open the article for reading).
    pub fn find(&self, fingerprint: &str, path: Option<&Path>) -> Loaded {
        let mut out = Loaded {
            record: Record::new(fingerprint.to_string()),
            read_only: false,
            notices: Vec::new(),
            previous_fingerprint: None,
        };
        let key = path.map(path_key);
        if let Some(paths) = &self.paths {
            self.load_from(paths, fingerprint, key.as_deref(), &mut out);
        } else {
            out.read_only = true;
            out.notices.push(NO_DIR.to_string());
        }
        let record = &mut out.record;
        record.fingerprint = fingerprint.to_string();
        if let Some(key) = key {
            record.paths.retain(|p| *p != key);
            record.paths.push(key);
        }
        out
    }

    fn load_from(&self, paths: &Paths, fingerprint: &str, key: Option<&str>, out: &mut Loaded) {
        let dir = paths.articles();
        let files = Files::new(&dir, file_id(fingerprint));
        let writable = match probe_writable(&dir, &files.id) {
            Ok(()) => true,
            Err(e) => {
                out.read_only = true;
                out.notices.push(format!(
                    "cannot write to '{}' ({e}); changes are kept in memory only",
                    dir.display()
                ));
                false
            }
        };
        if writable {
            files.remove_stale_temporaries();
        }
        let timeout = self.lock_timeout;
        if let Some(record) = load_file(&files, writable, timeout, out) {
            out.record = record;
            return;
        }
        let Some(key) = key else { return };
        let Some((old, previous)) = find_by_path(&dir, key, &files.id) else {
            return;
        };
        if let Some(record) = load_file(&old, writable, timeout, out) {
            out.record = record;
            out.previous_fingerprint = Some(previous);
            if !out.read_only {
                lock_map(&self.rekey).insert(fingerprint.to_string(), old.id);
            }
        }
    }

    /// Whether the article last opened from `path` keeps a reading place past its beginning:
    /// a guess made before its text is read and fingerprinted (the record is keyed by the whole
    /// text's fingerprint), so the reader knows whether the first frame may show the beginning.
    /// Costs what the by-path lookup costs (a scan of `articles/`); `false` when unsure.
    pub fn has_saved_place(&self, path: &Path) -> bool {
        #[derive(Deserialize)]
        struct Place {
            #[serde(default)]
            position: Option<record::Position>,
        }
        let Some(paths) = &self.paths else {
            return false;
        };
        let Some((files, _)) = find_by_path(&paths.articles(), &path_key(path), "") else {
            return false;
        };
        fs::read(files.main())
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Place>(&bytes).ok())
            .and_then(|p| p.position)
            .is_some_and(|p| p.anchor.start > 0)
    }

    /// Saves under a lock, merged with what is on disk; returns the merged record, which the
    /// caller keeps as its new state. See the module documentation for the steps.
    pub fn save(&self, record: &Record) -> Result<Record, StoreError> {
        if record.version > record::VERSION {
            return Err(StoreError::ReadOnly(record.version));
        }
        let Some(paths) = &self.paths else {
            return Err(StoreError::Write {
                path: "(no config directory)".to_string(),
                error: io::Error::new(
                    io::ErrorKind::NotFound,
                    "no config directory (set FOLIO_CONFIG_DIR or --config-dir)",
                ),
            });
        };
        let dir = paths.articles();
        create_dirs(&paths.root, &dir).map_err(|e| write_error(&dir, e))?;
        let files = Files::new(&dir, file_id(&record.fingerprint));
        let old = lock_map(&self.rekey)
            .get(&record.fingerprint)
            .filter(|id| **id != files.id)
            .map(|id| Files::new(&dir, id.clone()));

        // Locks in name order, so two processes re-keying crosswise cannot deadlock.
        let mut order: Vec<&Files> = std::iter::once(&files).chain(old.as_ref()).collect();
        order.sort_by(|a, b| a.id.cmp(&b.id));
        let mut guards = Vec::new();
        for f in order {
            let guard = lock(&f.lock(), self.lock_timeout);
            guards.push(guard.map_err(|e| write_error(&f.main(), e))?);
        }

        let mut merged = record.clone();
        if let Some(old) = &old
            && let Some(theirs) = read_for_merge(old)?
        {
            merged = merge(&merged, &theirs);
        }
        if let Some(theirs) = read_for_merge(&files)? {
            merged = merge(&merged, &theirs);
        }
        merged.version = record::VERSION;
        merged.fingerprint = record.fingerprint.clone();
        write_record(&files, &merged, self.fault).map_err(|e| write_error(&files.main(), e))?;

        if let Some(old) = &old {
            // The new file is durable: retire the old one to its backup name. If that fails the
            // record is saved anyway; the next save tries again.
            let retired = match fs::rename(old.main(), old.bak()) {
                Ok(()) => sync_dir(&dir).is_ok(),
                Err(e) => e.kind() == io::ErrorKind::NotFound,
            };
            if retired {
                lock_map(&self.rekey).remove(&record.fingerprint);
            }
        }
        drop(guards);
        Ok(merged)
    }
}

fn lock_map<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn write_error(path: &Path, error: io::Error) -> StoreError {
    StoreError::Write {
        path: path.display().to_string(),
        error,
    }
}

/// Deletes a bookmark or highlight so that no merge brings it back: removes it and remembers its
/// id in `deleted` (for good: an undo must re-create the item with a new id).
pub fn delete_item(record: &mut Record, id: &str) {
    record.bookmarks.retain(|b| b.id != id);
    record.highlights.retain(|h| h.id != id);
    if !record.deleted.iter().any(|d| d == id) {
        record.deleted.push(id.to_string());
    }
}

/// Combines two copies of a record (ours: the caller's; theirs: the one on disk).
///
/// - `deleted`: the union; a bookmark or highlight whose id is in it is dropped from both sides.
/// - bookmarks and highlights: the union by id, in theirs' order, then ours' new ones. For an id
///   on both sides the highlight with the later `modified` wins; on a tie, and for bookmarks,
///   ours.
/// - `position`: the one with the later `updated` (a tie: ours).
/// - `paths`: theirs, then ours' new ones. `title`, `author`, `language`: ours when set, else
///   theirs. `words`: ours unless 0. `last_opened`: the later. `fingerprint`, `version`: ours.
pub fn merge(ours: &Record, theirs: &Record) -> Record {
    let deleted = union(&theirs.deleted, &ours.deleted);
    let gone: HashSet<&str> = deleted.iter().map(String::as_str).collect();
    let bookmarks = union_by_id(&theirs.bookmarks, &ours.bookmarks, &gone, |b: &Bookmark| {
        (&b.id, None)
    });
    let highlights = union_by_id(
        &theirs.highlights,
        &ours.highlights,
        &gone,
        |h: &Highlight| (&h.id, Some(h.modified)),
    );
    // The progress goes with the position it was measured at.
    let (position, progress) = match (&ours.position, &theirs.position) {
        (Some(o), Some(t)) if t.updated > o.updated => (Some(t.clone()), theirs.progress),
        (None, Some(t)) => (Some(t.clone()), theirs.progress),
        (o, _) => (o.clone(), ours.progress.or(theirs.progress)),
    };
    let last_opened = match (&ours.last_opened, &theirs.last_opened) {
        (Some(o), Some(t)) if t > o => Some(*t),
        (None, t) => *t,
        (o, _) => *o,
    };
    // The path this process opened the article from is the newest: it stays last, so a file
    // moved back to where it once was is listed where it is now.
    let mut paths = union(&theirs.paths, &ours.paths);
    if let Some(latest) = ours.paths.last()
        && let Some(i) = paths.iter().position(|p| p == latest)
    {
        let p = paths.remove(i);
        paths.push(p);
    }
    Record {
        version: ours.version,
        fingerprint: ours.fingerprint.clone(),
        paths,
        title: ours.title.clone().or_else(|| theirs.title.clone()),
        author: ours.author.clone().or_else(|| theirs.author.clone()),
        language: ours.language.clone().or_else(|| theirs.language.clone()),
        position,
        words: if ours.words == 0 {
            theirs.words
        } else {
            ours.words
        },
        last_opened,
        progress,
        bookmarks,
        highlights,
        deleted,
    }
}

/// `first`, then the items of `second` not in it, without duplicates.
fn union(first: &[String], second: &[String]) -> Vec<String> {
    let mut seen = HashSet::new();
    first
        .iter()
        .chain(second)
        .filter(|s| seen.insert(s.as_str()))
        .cloned()
        .collect()
}

/// Theirs then ours, one item per id, minus `gone`. `key` gives the id and a timestamp: the
/// later timestamp wins; on a tie ours beats theirs and the first of one side stays.
fn union_by_id<T: Clone>(
    theirs: &[T],
    ours: &[T],
    gone: &HashSet<&str>,
    key: impl Fn(&T) -> (&String, Option<Timestamp>),
) -> Vec<T> {
    let mut out: Vec<(T, bool)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let sides = theirs.iter().map(|t| (t, false));
    for (item, is_ours) in sides.chain(ours.iter().map(|o| (o, true))) {
        let (id, stamp) = key(item);
        if gone.contains(id.as_str()) {
            continue;
        }
        match index.get(id.as_str()) {
            Some(&i) => {
                let (held, held_ours) = &out[i];
                let held_stamp = key(held).1;
                if stamp > held_stamp || (stamp == held_stamp && is_ours && !held_ours) {
                    out[i] = (item.clone(), is_ours);
                }
            }
            None => {
                index.insert(id.as_str(), out.len());
                out.push((item.clone(), is_ours));
            }
        }
    }
    out.into_iter().map(|(item, _)| item).collect()
}

/// The names belonging to one record id in one folder.
#[derive(Debug, Clone)]
struct Files {
    dir: PathBuf,
    id: String,
}

impl Files {
    fn new(dir: &Path, id: String) -> Files {
        Files {
            dir: dir.to_path_buf(),
            id,
        }
    }

    fn named(&self, suffix: &str) -> PathBuf {
        self.dir.join(format!("{}{suffix}", self.id))
    }

    fn main(&self) -> PathBuf {
        self.named(".json")
    }

    fn bak(&self) -> PathBuf {
        self.named(".json.bak")
    }

    fn tmp(&self) -> PathBuf {
        self.named(".json.tmp")
    }

    fn bak_tmp(&self) -> PathBuf {
        self.named(".json.bak.tmp")
    }

    fn lock(&self) -> PathBuf {
        self.named(".lock")
    }

    /// Removes temporary files left by a killed save, if nobody is saving right now.
    fn remove_stale_temporaries(&self) {
        let (tmp, bak_tmp) = (self.tmp(), self.bak_tmp());
        if fs::symlink_metadata(&tmp).is_err() && fs::symlink_metadata(&bak_tmp).is_err() {
            return;
        }
        let Ok(file) = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(self.lock())
        else {
            return;
        };
        if file.try_lock().is_ok() {
            let _ = fs::remove_file(tmp);
            let _ = fs::remove_file(bak_tmp);
        }
    }
}

/// A record file as read from disk.
enum OnDisk {
    Missing,
    Ok(Box<Record>),
    /// Written by a newer folio; the record when it still parses as ours.
    Newer(u32, Option<Box<Record>>),
    Damaged,
    Unreadable(io::Error),
}

fn read_record(path: &Path) -> OnDisk {
    match fs::read(path) {
        Ok(bytes) => parse_record(&bytes),
        Err(e) if e.kind() == io::ErrorKind::NotFound => OnDisk::Missing,
        Err(e) => OnDisk::Unreadable(e),
    }
}

fn parse_record(bytes: &[u8]) -> OnDisk {
    #[derive(Deserialize)]
    struct VersionOnly {
        version: u64,
    }
    match serde_json::from_slice::<Record>(bytes) {
        Ok(r) if r.version > record::VERSION => OnDisk::Newer(r.version, Some(Box::new(r))),
        Ok(r) => OnDisk::Ok(Box::new(r)),
        Err(_) => match serde_json::from_slice::<VersionOnly>(bytes) {
            Ok(v) if v.version > u64::from(record::VERSION) => {
                OnDisk::Newer(u32::try_from(v.version).unwrap_or(u32::MAX), None)
            }
            _ => OnDisk::Damaged,
        },
    }
}

/// Loads one record file for [`Store::load`]: `None` when it does not exist.
fn load_file(files: &Files, writable: bool, timeout: Duration, out: &mut Loaded) -> Option<Record> {
    let main = files.main();
    match read_record(&main) {
        OnDisk::Missing => None,
        OnDisk::Ok(r) => Some(*r),
        OnDisk::Newer(version, r) => Some(newer(&main, version, r, out)),
        OnDisk::Unreadable(e) => {
            out.read_only = true;
            out.notices.push(format!(
                "cannot read '{}' ({e}); it is left as it is and changes are kept in memory only",
                main.display()
            ));
            Some(Record::new(String::new()))
        }
        OnDisk::Damaged => Some(damaged(files, writable, timeout, out)),
    }
}

/// A record from a newer folio: kept as it is, with its version, so that it is never saved.
fn newer(path: &Path, version: u32, r: Option<Box<Record>>, out: &mut Loaded) -> Record {
    out.read_only = true;
    out.notices.push(format!(
        "'{}' was written by a newer folio (version {version}); it is open read-only",
        path.display()
    ));
    let mut record = r.map_or_else(|| Record::new(String::new()), |r| *r);
    record.version = version;
    record
}

/// A record file that does not parse: moved aside under the lock, then the backup if it parses.
fn damaged(files: &Files, writable: bool, timeout: Duration, out: &mut Loaded) -> Record {
    let main = files.main();
    let guard = if writable {
        lock(&files.lock(), timeout).ok()
    } else {
        None
    };
    // Someone may have repaired it while we waited for the lock.
    match read_record(&main) {
        OnDisk::Ok(r) => return *r,
        OnDisk::Newer(version, r) => return newer(&main, version, r, out),
        _ => {}
    }
    let kept = if writable {
        move_aside(&main)
    } else {
        Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the folder is not writable",
        ))
    };
    drop(guard);
    let what = format!("the saved record '{}' was damaged", main.display());
    let what = match &kept {
        Ok(to) => format!("{what}; kept as '{}'", to.display()),
        Err(e) => {
            out.read_only = true;
            format!("{what} and could not be moved aside ({e}); it is open read-only")
        }
    };
    let bak = files.bak();
    match read_record(&bak) {
        OnDisk::Ok(r) => {
            out.notices.push(format!("{what}; restored from backup"));
            *r
        }
        OnDisk::Newer(version, r) => {
            out.notices.push(format!("{what}; restored from backup"));
            newer(&bak, version, r, out)
        }
        _ => {
            out.notices.push(format!("{what}; started fresh"));
            Record::new(String::new())
        }
    }
}

/// Renames a damaged file to `<name>.corrupt-<unix secs>[-n]`, never replacing anything.
fn move_aside(path: &Path) -> io::Result<PathBuf> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = path.parent().unwrap_or(Path::new("."));
    for n in 0..1000 {
        let to = dir.join(if n == 0 {
            format!("{name}.corrupt-{secs}")
        } else {
            format!("{name}.corrupt-{secs}-{n}")
        });
        // A hard link never replaces an existing file; rename is the fallback where links are
        // not supported.
        match fs::hard_link(path, &to) {
            Ok(()) => fs::remove_file(path)?,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(e),
            Err(_) => {
                if fs::symlink_metadata(&to).is_ok() {
                    continue;
                }
                fs::rename(path, &to)?;
            }
        }
        // No folder fsync: if the move is lost in a power cut, the damaged file is simply found
        // again; the next save fsyncs the folder anyway.
        return Ok(to);
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "too many damaged copies kept already",
    ))
}

/// The record on disk for a save to merge with, under the lock.
fn read_for_merge(files: &Files) -> Result<Option<Record>, StoreError> {
    let main = files.main();
    match read_record(&main) {
        OnDisk::Missing => Ok(None),
        OnDisk::Ok(r) => Ok(Some(*r)),
        OnDisk::Newer(version, _) => Err(StoreError::ReadOnly(version)),
        OnDisk::Unreadable(e) => Err(write_error(&main, e)),
        OnDisk::Damaged => {
            move_aside(&main).map_err(|e| write_error(&main, e))?;
            match read_record(&files.bak()) {
                OnDisk::Ok(r) => Ok(Some(*r)),
                OnDisk::Newer(version, _) => Err(StoreError::ReadOnly(version)),
                _ => Ok(None),
            }
        }
    }
}

/// Finds the most recently opened record (other than `except`) whose `paths` contain `key`:
/// its files and its fingerprint.
fn find_by_path(dir: &Path, key: &str, except: &str) -> Option<(Files, String)> {
    #[derive(Deserialize)]
    struct Head {
        #[serde(default)]
        fingerprint: String,
        #[serde(default)]
        paths: Vec<String>,
        #[serde(default, with = "record::opt_stamp")]
        last_opened: Option<Timestamp>,
    }
    // Records are written by serde_json, so the path appears exactly so in a matching file;
    // only files containing it are parsed.
    let needle = serde_json::to_string(key).ok()?;
    let mut best: Option<(Option<Timestamp>, Files, String)> = None;
    for entry in fs::read_dir(dir).ok()?.flatten() {
        let name = entry.file_name();
        let Some(id) = name.to_str().and_then(|n| n.strip_suffix(".json")) else {
            continue;
        };
        if id == except {
            continue;
        }
        let Ok(bytes) = fs::read(entry.path()) else {
            continue;
        };
        if memchr::memmem::find(&bytes, needle.as_bytes()).is_none() {
            continue;
        }
        let Ok(head) = serde_json::from_slice::<Head>(&bytes) else {
            continue;
        };
        if !head.paths.iter().any(|p| p == key) {
            continue;
        }
        let opened = head.last_opened;
        if best.as_ref().is_none_or(|(t, _, _)| opened > *t) {
            best = Some((opened, Files::new(dir, id.to_string()), head.fingerprint));
        }
    }
    best.map(|(_, files, fp)| (files, fp))
}

/// Creates `articles/` when missing (and makes its creation durable). Then checks that files
/// can be created and removed in it.
fn probe_writable(dir: &Path, id: &str) -> io::Result<()> {
    if !dir.is_dir() {
        fs::create_dir_all(dir)?;
    }
    // One fixed name, so a load killed here leaves nothing that accumulates. Another process
    // may remove it first: that is fine.
    let probe = dir.join(format!("{id}.json.probe"));
    OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&probe)?;
    remove_if_exists(&probe)
}

fn create_dirs(root: &Path, dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    fs::create_dir_all(dir)?;
    sync_dir(root)?;
    if let Some(parent) = root.parent() {
        let _ = sync_dir(parent);
    }
    Ok(())
}

/// Takes the exclusive lock on `path` (created if needed), waiting at most `timeout`.
/// `None` when the file system does not support locking (the save then goes ahead unlocked).
fn lock(path: &Path, timeout: Duration) -> io::Result<Option<File>> {
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    match file.try_lock() {
        Ok(()) => return Ok(Some(file)),
        Err(fs::TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {
            return Ok(None);
        }
        Err(fs::TryLockError::Error(e)) => return Err(e),
        Err(fs::TryLockError::WouldBlock) => {}
    }
    // Wait in the kernel's queue on a helper thread, so the wait is fair and wakes at once.
    // If we give up, the thread still gets the lock eventually and drops it straight away.
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("folio-store-lock".into())
        .spawn(move || {
            let result = file.lock().map(|()| file);
            let _ = tx.send(result);
        })?;
    match rx.recv_timeout(timeout) {
        Ok(Ok(file)) => Ok(Some(file)),
        Ok(Err(e)) => Err(e),
        Err(_) => Err(io::Error::new(
            io::ErrorKind::TimedOut,
            format!(
                "another folio process has been saving this article for over {:.1} s",
                timeout.as_secs_f64()
            ),
        )),
    }
}

/// The steps of writing a record, in order (what [`Store::with_write_fault`] counts).
#[doc(hidden)]
pub const SAVE_STEPS: [&str; 7] = [
    "create the temporary file",
    "write the temporary file",
    "fsync the temporary file",
    "link the backup",
    "rename the backup into place",
    "rename the temporary file over the record",
    "fsync the folder",
];

/// The error an injected fault gives: what a full disk gives.
fn injected(step: usize) -> io::Error {
    io::Error::new(
        io::ErrorKind::StorageFull,
        format!(
            "No space left on device (injected at '{}')",
            SAVE_STEPS.get(step).copied().unwrap_or("?")
        ),
    )
}

/// Replaces `path` with `bytes` atomically and durably: a temporary file with a unique name in
/// the same folder (created with the usual permissions), written and fsynced, renamed over
/// `path`, then the folder fsynced. Readers see the old file or the new one, never a part; on
/// error the temporary file is removed and `path` is untouched. For `state.json` and exports;
/// records add a lock, a backup and a merge around the same steps ([`Store::save`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Like a plain create: 0666 less the umask (tempfile's default is 0600).
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir)
}

/// Step 5 of a save: temporary file, fsync, backup, rename, fsync the folder. On error, no
/// temporary file is left and `<id>.json` is untouched. `fault`: see [`Store::with_write_fault`].
/// The same steps as [`write_atomic`], with fixed names the load repairs and injectable faults.
fn write_record(files: &Files, record: &Record, fault: Option<usize>) -> io::Result<()> {
    let mut bytes = serde_json::to_vec_pretty(record).map_err(io::Error::other)?;
    bytes.push(b'\n');
    let (tmp, bak_tmp) = (files.tmp(), files.bak_tmp());
    let step = |n: usize| match fault {
        Some(f) if f == n => Err(injected(n)),
        _ => Ok(()),
    };
    let result = (|| {
        step(0)?;
        let mut file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        if step(1).is_err() {
            // A full disk takes part of a write, then refuses the rest.
            file.write_all(&bytes[..bytes.len() / 2])?;
            return Err(injected(1));
        }
        file.write_all(&bytes)?;
        step(2)?;
        file.sync_all()?;
        drop(file);
        let main = files.main();
        if fs::symlink_metadata(&main).is_ok() {
            remove_if_exists(&bak_tmp)?;
            step(3)?;
            if fs::hard_link(&main, &bak_tmp).is_err() {
                fs::copy(&main, &bak_tmp)?;
                File::open(&bak_tmp)?.sync_all()?;
            }
            step(4)?;
            fs::rename(&bak_tmp, files.bak())?;
        }
        step(5)?;
        fs::rename(&tmp, &main)?;
        step(6)?;
        sync_dir(&files.dir)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
        let _ = fs::remove_file(&bak_tmp);
    }
    result
}

fn remove_if_exists(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Makes renames and new names in `dir` durable. A no-op where folders cannot be opened
/// (Windows) or synced (some file systems).
fn sync_dir(dir: &Path) -> io::Result<()> {
    if cfg!(windows) {
        return Ok(());
    }
    match File::open(dir).and_then(|d| d.sync_all()) {
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::InvalidInput | io::ErrorKind::Unsupported
            ) =>
        {
            Ok(())
        }
        other => other,
    }
}

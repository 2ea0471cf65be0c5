//! Unit tests of the store's pure parts: fingerprints, file ids, merging, configuration paths.
//! The file behaviour is tested through the public API in `tests/store.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::record::{Anchor, Position};

fn highlight(id: &str, modified: &str, note: &str) -> Highlight {
    Highlight {
        attribution: None,
        id: id.into(),
        anchor: Anchor {
            start: 1,
            end: 5,
            exact: "text".into(),
            ..Anchor::default()
        },
        note: note.into(),
        created: time("2024-01-01T00:00:00Z"),
        modified: time(modified),
    }
}

fn time(s: &str) -> crate::record::Timestamp {
    crate::record::parse_time(s).unwrap_or_default()
}

fn bookmark(id: &str, label: &str) -> Bookmark {
    Bookmark {
        id: id.into(),
        label: label.into(),
        anchor: Anchor::default(),
        created: time("2024-01-01T00:00:00Z"),
    }
}

fn position(start: u64, updated: &str) -> Position {
    Position {
        anchor: Anchor {
            start,
            end: start,
            ..Anchor::default()
        },
        updated: time(updated),
    }
}

fn ids(r: &Record) -> Vec<&str> {
    r.highlights.iter().map(|h| h.id.as_str()).collect()
}

#[test]
fn fingerprint_is_the_documented_sha256_prefix() {
    // sha256("") and sha256("abc"), first 32 hex digits.
    assert_eq!(
        fingerprint(""),
        "sha256-v1:e3b0c44298fc1c149afbf4c8996fb924"
    );
    assert_eq!(
        fingerprint("abc"),
        "sha256-v1:ba7816bf8f01cfea414140de5dae2223"
    );
    assert_ne!(fingerprint("abc"), fingerprint("abc\n"));
    assert_eq!(fingerprint("Grüße, 世界"), fingerprint("Grüße, 世界"));
}

#[test]
fn file_ids_are_safe_and_distinct() {
    let fp = fingerprint("abc");
    assert_eq!(file_id(&fp), "sha256-v1-ba7816bf8f01cfea414140de5dae2223");
    let others = [
        "sha256:v1:abc",
        "sha256_3av1_3aabc",
        "ABC",
        "abc",
        "a/b",
        "a_2fb",
        "../../etc/passwd",
        "",
        "sha256-v1:BA7816BF8F01CFEA414140DE5DAE2223",
        "sha256-v1:ba7816bf8f01cfea414140de5dae222",
        "x-abc",
        "😀",
    ];
    let mut seen = HashSet::new();
    seen.insert(file_id(&fp));
    for fp in others {
        let id = file_id(fp);
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_'),
            "{fp:?} -> {id:?}"
        );
        assert!(!id.starts_with("sha256-v1-"), "{fp:?} -> {id:?}");
        assert!(seen.insert(id.clone()), "{fp:?} -> {id:?} collides");
    }
    let long = "y".repeat(500);
    let id = file_id(&long);
    assert!(id.starts_with("h-") && id.len() == 66, "{id}");
    assert_ne!(file_id(&long), file_id(&"y".repeat(501)));
}

#[test]
fn config_dir_order_is_cli_then_env_then_platform() {
    let cli = Path::new("/tmp/from-cli");
    let env = OsStr::new("/tmp/from-env");
    let root = |p: Option<Paths>| p.map(|p| p.root);
    assert_eq!(
        root(Paths::resolve_with(Some(cli), Some(env))),
        Some(cli.to_path_buf())
    );
    assert_eq!(
        root(Paths::resolve_with(None, Some(env))),
        Some(PathBuf::from("/tmp/from-env"))
    );
    let empty = OsStr::new("");
    let platform = Paths::resolve_with(None, Some(empty));
    assert_eq!(platform, Paths::resolve_with(None, None));
    if let Some(p) = platform {
        assert!(p.root.ends_with("folio"), "{}", p.root.display());
    }
    let rel = Paths::resolve_with(Some(Path::new("rel/dir")), None).unwrap();
    assert!(rel.root.is_absolute() && rel.root.ends_with("rel/dir"));
    let p = Paths {
        root: PathBuf::from("/c"),
    };
    assert_eq!(p.articles(), PathBuf::from("/c/articles"));
    assert_eq!(p.exports(), PathBuf::from("/c/exports"));
}

#[test]
fn merge_unions_highlights_and_bookmarks_by_id() {
    let mut ours = Record::new("f".into());
    let mut theirs = Record::new("f".into());
    let t = "2024-01-01T00:00:00Z";
    ours.highlights = vec![highlight("a", t, ""), highlight("o", t, "")];
    theirs.highlights = vec![highlight("t", t, ""), highlight("a", t, "")];
    ours.bookmarks = vec![bookmark("b1", "ours")];
    theirs.bookmarks = vec![bookmark("b1", "theirs"), bookmark("b2", "")];
    let m = merge(&ours, &theirs);
    assert_eq!(ids(&m), ["t", "a", "o"]);
    assert_eq!(m.bookmarks.len(), 2);
    assert_eq!(m.bookmarks[0].label, "ours");
}

#[test]
fn merge_keeps_the_later_modified_highlight_and_ours_on_a_tie() {
    let mut ours = Record::new("f".into());
    let mut theirs = Record::new("f".into());
    ours.highlights = vec![
        highlight("old", "2024-01-01T00:00:00Z", "ours"),
        highlight("new", "2024-01-03T00:00:00Z", "ours"),
        highlight("tie", "2024-01-02T00:00:00Z", "ours"),
    ];
    theirs.highlights = vec![
        highlight("old", "2024-01-02T00:00:00Z", "theirs"),
        highlight("new", "2024-01-02T00:00:00Z", "theirs"),
        highlight("tie", "2024-01-02T00:00:00Z", "theirs"),
    ];
    let m = merge(&ours, &theirs);
    let notes: Vec<&str> = m.highlights.iter().map(|h| h.note.as_str()).collect();
    assert_eq!(notes, ["theirs", "ours", "ours"]);
}

#[test]
fn merge_never_resurrects_deleted_items() {
    let t = "2024-01-01T00:00:00Z";
    let mut a = Record::new("f".into());
    a.highlights = vec![highlight("h1", t, ""), highlight("h2", t, "")];
    a.bookmarks = vec![bookmark("b1", "")];
    let stale = a.clone();
    delete_item(&mut a, "h1");
    delete_item(&mut a, "b1");
    delete_item(&mut a, "b1");
    assert_eq!(a.deleted, ["h1", "b1"]);
    for m in [merge(&stale, &a), merge(&a, &stale)] {
        assert_eq!(ids(&m), ["h2"]);
        assert!(m.bookmarks.is_empty());
        assert_eq!(m.deleted.len(), 2);
    }
}

#[test]
fn merge_position_paths_metadata_and_times() {
    let mut ours = Record::new("ours".into());
    let mut theirs = Record::new("theirs".into());
    ours.position = Some(position(10, "2024-01-01T00:00:00Z"));
    theirs.position = Some(position(20, "2024-01-02T00:00:00Z"));
    ours.paths = vec!["/b".into(), "/c".into()];
    theirs.paths = vec!["/a".into(), "/b".into()];
    ours.title = Some("Ours".into());
    theirs.title = Some("Theirs".into());
    theirs.author = Some("Author".into());
    ours.words = 0;
    theirs.words = 7;
    ours.last_opened = Some(time("2024-01-05T00:00:00Z"));
    theirs.last_opened = Some(time("2024-01-04T00:00:00Z"));
    let m = merge(&ours, &theirs);
    assert_eq!(m.fingerprint, "ours");
    assert_eq!(m.position.as_ref().map(|p| p.anchor.start), Some(20));
    assert_eq!(m.paths, ["/a", "/b", "/c"]);
    assert_eq!(m.title.as_deref(), Some("Ours"));
    assert_eq!(m.author.as_deref(), Some("Author"));
    assert_eq!(m.words, 7);
    assert_eq!(m.last_opened, Some(time("2024-01-05T00:00:00Z")));

    ours.words = 9;
    theirs.position = Some(position(20, "2024-01-01T00:00:00Z"));
    let m = merge(&ours, &theirs);
    assert_eq!(m.position.as_ref().map(|p| p.anchor.start), Some(10));
    assert_eq!(m.words, 9);
    ours.position = None;
    assert_eq!(merge(&ours, &theirs).position, theirs.position);
    assert_eq!(merge(&theirs, &ours).position, theirs.position);
}

#[test]
fn merge_is_idempotent_and_drops_duplicate_ids() {
    let t = "2024-01-01T00:00:00Z";
    let mut r = Record::new("f".into());
    r.highlights = vec![highlight("a", t, "1"), highlight("a", t, "2")];
    r.paths = vec!["/x".into(), "/x".into()];
    let m = merge(&r, &r);
    assert_eq!(ids(&m), ["a"]);
    assert_eq!(m.paths, ["/x"]);
    assert_eq!(merge(&m, &m), m);
}

#[test]
fn parse_record_classifies_any_bytes() {
    let ok = br#"{"version":1,"fingerprint":"f"}"#;
    assert!(matches!(parse_record(ok), OnDisk::Ok(_)));
    let newer = br#"{"version":2,"fingerprint":"f","highlights":"a new shape"}"#;
    assert!(matches!(parse_record(newer), OnDisk::Newer(2, None)));
    let newer_ok = br#"{"version":3,"fingerprint":"f"}"#;
    assert!(matches!(parse_record(newer_ok), OnDisk::Newer(3, Some(_))));
    let huge = br#"{"version":99999999999,"fingerprint":"f"}"#;
    assert!(matches!(parse_record(huge), OnDisk::Newer(u32::MAX, None)));
    for bad in [
        &b""[..],
        b"null",
        b"[]",
        b"{\"version\":1}",
        b"{\"version\":-1,\"fingerprint\":\"f\"}",
        b"\xff\xfe",
        &[b'['; 100_000],
    ] {
        assert!(matches!(parse_record(bad), OnDisk::Damaged));
    }
}

#[test]
fn an_injected_fault_reads_as_a_full_disk_and_names_its_step() {
    for (n, step) in SAVE_STEPS.iter().enumerate() {
        let e = injected(n);
        assert_eq!(e.kind(), io::ErrorKind::StorageFull);
        let msg = e.to_string();
        assert!(msg.starts_with("No space left on device"), "{msg}");
        assert!(msg.contains(step), "{msg}");
    }
    let store = Store::new(None).with_write_fault(3);
    assert_eq!(store.fault, Some(3));
    assert_eq!(Store::new(None).fault, None);
}

#[test]
fn write_atomic_replaces_whole_files_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    write_atomic(&path, b"first").unwrap();
    write_atomic(&path, b"second, longer").unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"second, longer");
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["state.json"]);
    // A folder that does not exist: an error, nothing written.
    assert!(write_atomic(&dir.path().join("no/such.json"), b"x").is_err());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_ne!(
            mode & 0o044,
            0,
            "readable like a plainly created file: {mode:o}"
        );
    }
}

#[test]
fn state_is_saved_atomically_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(Some(Paths {
        root: dir.path().join("cfg"),
    }));
    let state = store.state();
    store.save_state(&state).unwrap();
    assert!(dir.path().join("cfg/state.json").exists());
    assert!(!dir.path().join("cfg/state.json.tmp").exists());
}

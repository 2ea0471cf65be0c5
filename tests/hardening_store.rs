//! Hardening of the store (issue 9): a full disk at every step of a save, a full disk during a
//! reading session, and damaged records (truncated at every byte, random bit flips).
//!
//! Each test prints its figure (`cargo test --test hardening_store -- --nocapture`); the numbers
//! are kept in `docs/reliability.md`. SIGKILL during saves is `tests/store_crash.rs`; a real
//! full tmpfs is [`a_real_full_disk_keeps_the_old_record`], run by `scripts/full-disk.sh`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::app::{Saves, key, terminal};
use common::rng::XorShift;
use common::store::{ids, main_file, saved_with, setup, temporaries, unicode_record};
use folio::app::App;
use folio::document::Document;
use folio::record::{self, Anchor, Highlight, Record};
use folio::store::{Paths, SAVE_STEPS, Store, StoreError, fingerprint};
use folio::tui::{Event, Exit, event_loop};
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// [`common::store::highlight`] with a note and other context, as a reader would leave them.
fn highlight(exact: &str) -> Highlight {
    let mut h = common::store::highlight(exact);
    h.anchor.prefix = "« ".into();
    h.anchor.suffix = " »".into();
    h.note = format!("a note on {exact}\n\t\"quoted\"");
    h
}

/// A full disk at each step of writing a record: the save reports it in words, the old record
/// stays byte for byte (until the rename; a failed fsync of the folder after it leaves the new,
/// complete record), nothing temporary is left, and the next save works.
#[test]
fn a_full_disk_at_every_step_of_a_save_keeps_the_old_record() {
    let (mut identical, mut reported, mut recovered) = (0, 0, 0);
    for (step, name) in SAVE_STEPS.iter().enumerate() {
        let (_tmp, store, paths) = setup();
        let old = highlight("old");
        let (fp, r, file) = saved_with(&store, &paths, "a full disk", old.clone());
        // Once more, so that a backup exists and the backup steps run too.
        let r = store.save(&r).unwrap();
        let before = fs::read(&file).unwrap();

        let mut r2 = r.clone();
        let new = highlight("new");
        r2.highlights.push(new.clone());
        let err = store.clone().with_write_fault(step).save(&r2).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, StoreError::Write { .. }), "{name}: {msg}");
        assert!(
            msg.starts_with("cannot save to '")
                && msg.contains("No space left on device")
                && msg.ends_with("changes are kept in memory only"),
            "{name}: {msg}"
        );
        reported += 1;
        let after = fs::read(&file).unwrap();
        if step < SAVE_STEPS.len() - 1 {
            assert_eq!(after, before, "{name}: the record changed");
            identical += 1;
        } else {
            let on_disk: Record = serde_json::from_slice(&after).unwrap();
            assert_eq!(ids(&on_disk), [old.id.as_str(), new.id.as_str()], "{name}");
        }
        assert_eq!(temporaries(&paths), Vec::<String>::new(), "{name}");

        let loaded = store.load(&fp, None);
        assert!(loaded.notices.is_empty(), "{name}: {:?}", loaded.notices);
        assert!(ids(&loaded.record).contains(&old.id.as_str()), "{name}");
        let saved = store.save(&r2).unwrap();
        assert_eq!(ids(&saved), [old.id.as_str(), new.id.as_str()], "{name}");
        recovered += 1;
    }
    println!(
        "full disk (injected): {} steps, {reported} errors reported, old record byte-identical \
         {identical}/{} (the fsync of the folder fails after the rename: new record complete), \
         0 temporary files left, next save ok {recovered}/{}",
        SAVE_STEPS.len(),
        SAVE_STEPS.len() - 1,
        SAVE_STEPS.len()
    );
}

fn article() -> Document {
    let text: String = (1..=400)
        .map(|n| format!("Sentence number {n} of a long article about full disks. "))
        .collect::<Vec<_>>()
        .chunks(5)
        .map(|c| c.concat())
        .collect::<Vec<_>>()
        .join("\n\n");
    folio::format::plain::parse(&text)
}

/// A reading session on a full disk, through the real event loop: the failed save is on the
/// screen, the reader goes on turning pages, and the record on disk is as it was.
#[test]
fn a_full_disk_during_a_session_is_shown_and_reading_goes_on() {
    let (_tmp, store, paths) = setup();
    let doc = Arc::new(article());
    let fp = fingerprint(&doc.text);
    let loaded = store.load(&fp, None);
    let saved = store.save(&loaded.record).unwrap();
    let file = main_file(&paths, &fp);
    let before = fs::read(&file).unwrap();

    let mut app = App::with_document(doc, (80, 24), 72);
    app.attach(saved, false, &[]);
    let mut terminal = terminal(80, 24);
    let full = store.clone().with_write_fault(1);
    let mut failures = Vec::new();
    let mut host = Saves(|record: &Record| {
        full.save(record).map_err(|e| {
            failures.push(e.to_string());
            e.to_string()
        })
    });
    let (tx, rx) = channel();
    // A highlight (a save is due), then, after the save has had time to fail, page turns.
    for k in ["v", "Enter"] {
        tx.send(Event::Msg(key(k))).unwrap();
    }
    let later = std::thread::spawn(move || {
        std::thread::sleep(folio::tui::SAVE_EVERY + Duration::from_millis(300));
        for _ in 0..3 {
            tx.send(Event::Msg(key("Space"))).unwrap();
        }
        std::thread::sleep(Duration::from_millis(100));
        drop(tx);
    });
    let page_before = app.view.page;
    let exit = event_loop(&mut terminal, &mut app, &rx, &mut host).unwrap();
    later.join().unwrap();
    assert_eq!(exit, Exit::InputClosed);
    assert!(!failures.is_empty(), "no save was tried");
    assert!(
        failures
            .iter()
            .all(|f| f.contains("No space left on device") && f.contains("kept in memory only")),
        "{:?}",
        failures
    );
    assert_eq!(app.view.page, page_before + 3, "the reader stopped reading");
    let highlights = app
        .screen
        .reader
        .as_ref()
        .map(|r| r.notes.record.highlights.len());
    assert_eq!(highlights, Some(1), "the highlight is kept in memory");
    // The last failure (the save on the way out) is what the reader sees.
    terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
    let screen: String = terminal.backend().to_string();
    assert!(screen.contains("cannot save to"), "{screen}");
    assert_eq!(fs::read(&file).unwrap(), before);
    assert_eq!(temporaries(&paths), Vec::<String>::new());
    println!(
        "full disk in a session: {} saves failed and were shown, 3 page turns after the first \
         failure, record byte-identical, 0 temporary files",
        failures.len()
    );
}

fn set_aside(paths: &Paths) -> Vec<PathBuf> {
    fs::read_dir(paths.articles())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains(".json.corrupt-"))
        .collect()
}

/// What loading a damaged copy did.
#[derive(Default)]
struct Tally {
    tried: usize,
    panics: usize,
    still_parse: usize,
    newer: usize,
    set_aside: usize,
    backup_used: usize,
}

/// Writes `damaged` as the record (and `good` as its backup), loads, and checks what happened.
fn load_damaged(
    store: &Store,
    paths: &Paths,
    fp: &str,
    good: &[u8],
    damaged: &[u8],
    t: &mut Tally,
) {
    let file = main_file(paths, fp);
    fs::write(&file, damaged).unwrap();
    fs::write(file.with_extension("json.bak"), good).unwrap();
    let expected: Record = serde_json::from_slice(good).unwrap();
    t.tried += 1;
    let Ok(loaded) = catch_unwind(AssertUnwindSafe(|| store.load(fp, None))) else {
        t.panics += 1;
        return;
    };
    match serde_json::from_slice::<Record>(damaged) {
        Ok(r) if r.version <= record::VERSION => {
            assert!(loaded.notices.is_empty(), "{:?}", loaded.notices);
            t.still_parse += 1;
        }
        _ if loaded.read_only => t.newer += 1,
        _ => {
            let kept = set_aside(paths);
            assert_eq!(kept.len(), 1, "{:?}", loaded.notices);
            assert_eq!(fs::read(&kept[0]).unwrap(), damaged, "kept as it was");
            fs::remove_file(&kept[0]).unwrap();
            t.set_aside += 1;
            assert!(!file.exists());
            assert_eq!(loaded.notices.len(), 1);
            assert!(loaded.notices[0].contains("restored from backup"));
            assert_eq!(loaded.record.highlights, expected.highlights);
            t.backup_used += 1;
        }
    }
}

fn a_saved_record() -> (TempDir, Store, Paths, String, Vec<u8>) {
    let (tmp, store, paths) = setup();
    let words = ["one", "zwei", "三", "😀 four"];
    let (fp, mut r) = unicode_record(&store, "damaged on disk", words.map(highlight).into());
    r.bookmarks.push(record::Bookmark {
        id: record::new_id(),
        label: "a label".into(),
        anchor: Anchor::default(),
        created: record::now(),
    });
    let saved = store.save(&r).unwrap();
    let good = serde_json::to_vec_pretty(&saved).unwrap();
    (tmp, store, paths, fp, good)
}

/// Every prefix of a record: no panic, each damaged copy set aside byte for byte, the backup
/// used every time.
#[test]
fn a_record_truncated_at_every_offset_is_set_aside_and_the_backup_used() {
    let (_tmp, store, paths, fp, good) = a_saved_record();
    let started = Instant::now();
    let mut t = Tally::default();
    for cut in 0..good.len() {
        load_damaged(&store, &paths, &fp, &good, &good[..cut], &mut t);
    }
    assert_eq!(t.panics, 0);
    assert_eq!(t.tried, good.len());
    assert_eq!(t.set_aside, t.tried, "every prefix is damaged");
    assert_eq!(t.backup_used, t.set_aside);
    println!(
        "truncations: {} offsets, {} panics, {} set aside, backup used {} ({:.1} s)",
        t.tried,
        t.panics,
        t.set_aside,
        t.backup_used,
        started.elapsed().as_secs_f64()
    );
}

/// Random bit flips (1 to 4 bits) in a record: no panic; a copy that still parses is read as it
/// is, one from a "newer" version opens read-only, and any other is set aside and the backup
/// used.
#[test]
fn random_bit_flips_never_panic_and_damage_is_set_aside() {
    let (_tmp, store, paths, fp, good) = a_saved_record();
    let seed = 0x5EED_0FF0_1100_u64;
    let mut rng = XorShift(seed);
    let started = Instant::now();
    let mut t = Tally::default();
    for _ in 0..1500 {
        let mut bytes = good.clone();
        for _ in 0..=rng.below(4) {
            let at = rng.below(bytes.len() as u64) as usize;
            bytes[at] ^= 1 << rng.below(8);
        }
        load_damaged(&store, &paths, &fp, &good, &bytes, &mut t);
    }
    assert_eq!(t.panics, 0);
    assert_eq!(t.still_parse + t.newer + t.set_aside, t.tried);
    assert_eq!(t.backup_used, t.set_aside);
    assert!(t.set_aside > t.tried / 2, "most flips damage a record");
    println!(
        "bit flips: {} records (1-4 random bits each, seed {seed:#x}), {} panics, {} still \
         parse, {} read as newer (read-only), {} set aside, backup used {} ({:.1} s)",
        t.tried,
        t.panics,
        t.still_parse,
        t.newer,
        t.set_aside,
        t.backup_used,
        started.elapsed().as_secs_f64()
    );
}

/// A real full disk: a small tmpfs filled up, set by `scripts/full-disk.sh` (it needs root to
/// mount). The write fails with ENOSPC; the old record stays, nothing temporary is left.
#[test]
#[ignore = "needs a small full file system: scripts/full-disk.sh"]
fn a_real_full_disk_keeps_the_old_record() {
    let root = PathBuf::from(
        std::env::var_os("FOLIO_FULL_DISK_DIR").expect("FOLIO_FULL_DISK_DIR: a small tmpfs"),
    );
    let paths = Paths {
        root: root.join("config"),
    };
    let store = Store::new(Some(paths.clone()));
    let (fp, r, file) = saved_with(&store, &paths, "a real full disk", highlight("old"));
    let before = fs::read(&file).unwrap();
    // Fill the file system.
    let filler = root.join("filler");
    let mut f = fs::File::create(&filler).unwrap();
    let chunk = vec![b'x'; 4096];
    let mut filled = 0usize;
    while std::io::Write::write_all(&mut f, &chunk).is_ok() {
        filled += chunk.len();
    }
    drop(f);
    let mut r2 = r.clone();
    let mut big = highlight("new");
    big.note = "n".repeat(64 * 1024);
    r2.highlights.push(big);
    let err = store.save(&r2).unwrap_err().to_string();
    assert!(
        err.contains("No space left on device") && err.contains("kept in memory only"),
        "{err}"
    );
    assert_eq!(fs::read(&file).unwrap(), before);
    assert_eq!(temporaries(&paths), Vec::<String>::new());
    let loaded = store.load(&fp, None);
    assert!(loaded.notices.is_empty(), "{:?}", loaded.notices);
    fs::remove_file(&filler).unwrap();
    assert_eq!(store.save(&r2).unwrap().highlights.len(), 2);
    println!(
        "full disk (tmpfs): filled {} KB, save refused ({err}), old record byte-identical, \
         0 temporary files, the save after freeing space ok",
        filled / 1024
    );
}

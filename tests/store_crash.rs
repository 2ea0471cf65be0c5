//! Crash safety and cross-process merging of the store, with real processes.
//!
//! The children are this test binary itself, re-run with `--exact child --ignored` and
//! `FOLIO_STORE_CHILD` telling the ignored `child` test what to do:
//!
//! - `saver`: loads, adds one highlight, saves, prints `saved <id>`, forever. The parent kills it
//!   with SIGKILL after a random number of acknowledged saves plus a random short delay, then
//!   checks that the record parses as it is (no damage, no backup needed) and holds every
//!   acknowledged highlight. `FOLIO_CRASH_RUNS` (default 200) sets the number of kills,
//!   `FOLIO_CRASH_SEED` the random seed; `scripts/store-soak.sh` runs many more.
//! - `adder`: adds `FOLIO_STORE_CHILD_COUNT` highlights one save at a time; two run at once.
//!
//! Every run has its own temporary config directory: nothing here touches the real home.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::rng::XorShift;
use folio::record::{self, Anchor, Highlight, Record};
use folio::store::{self, Paths, Store, fingerprint};
use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const ROLE: &str = "FOLIO_STORE_CHILD";
const ROOT: &str = "FOLIO_STORE_CHILD_ROOT";
const COUNT: &str = "FOLIO_STORE_CHILD_COUNT";

fn article() -> String {
    fingerprint("An article that is saved and killed, over and over.")
}

fn highlight(n: usize) -> Highlight {
    Highlight {
        attribution: None,
        id: record::new_id(),
        anchor: Anchor {
            start: n as u64,
            end: n as u64 + 4,
            exact: "word".into(),
            prefix: "a ".into(),
            suffix: " b".into(),
            original: None,
        },
        note: format!("highlight {n}"),
        created: record::now(),
        modified: record::now(),
    }
}

/// What the parent runs: see the module documentation.
#[test]
#[ignore = "a child process of the other tests in this file"]
fn child() {
    let (Ok(role), Some(root)) = (std::env::var(ROLE), std::env::var_os(ROOT)) else {
        return;
    };
    let store = Store::new(Some(Paths { root: root.into() }));
    let fp = article();
    let mut out = std::io::stdout();
    match role.as_str() {
        "saver" => {
            for n in 0.. {
                let loaded = store.load(&fp, None);
                assert!(loaded.notices.is_empty(), "{:?}", loaded.notices);
                let mut r = loaded.record;
                let h = highlight(n);
                r.highlights.push(h.clone());
                store.save(&r).unwrap();
                writeln!(out, "saved {}", h.id).unwrap();
                out.flush().unwrap();
            }
        }
        "adder" => {
            let count: usize = std::env::var(COUNT).unwrap().parse().unwrap();
            let mut r = store.load(&fp, None).record;
            for n in 0..count {
                r.highlights.push(highlight(n));
                r = store.save(&r).unwrap();
            }
            writeln!(out, "added {count}").unwrap();
        }
        other => panic!("unknown role {other}"),
    }
}

fn spawn(role: &str, root: &Path, count: usize) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child",
            "--nocapture",
            "--ignored",
            "--test-threads",
            "1",
        ])
        .env(ROLE, role)
        .env(ROOT, root)
        .env(COUNT, count.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The acknowledged ids of a saver that was killed.
fn run_and_kill(root: &Path, acks_first: u64, delay: Duration) -> Vec<String> {
    let mut child = spawn("saver", root, 0);
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Some((_, id)) = line.split_once("saved ") {
                let _ = tx.send(id.to_string());
            }
        }
    });
    let mut acked = Vec::new();
    while (acked.len() as u64) < acks_first {
        match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(id) => acked.push(id),
            Err(_) => {
                let _ = child.kill();
                let out = child.wait_with_output().unwrap();
                panic!(
                    "the saver stopped acknowledging: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        }
    }
    std::thread::sleep(delay);
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    reader.join().unwrap();
    #[cfg(unix)]
    {
        use std::io::Read;
        use std::os::unix::process::ExitStatusExt;
        if status.signal() != Some(9) {
            let mut stderr = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = e.read_to_string(&mut stderr);
            }
            panic!("the saver ended by itself ({status}): {stderr}");
        }
    }
    // Lines already in the pipe were acknowledged before the kill.
    acked.extend(rx.try_iter());
    acked
}

/// The temporary files in `articles/`, with their modification times.
fn leftovers(paths: &Paths) -> HashSet<(String, Option<std::time::SystemTime>)> {
    std::fs::read_dir(paths.articles())
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
                .map(|e| {
                    let modified = e.metadata().and_then(|m| m.modified()).ok();
                    (e.file_name().to_string_lossy().into_owned(), modified)
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(unix)]
#[test]
fn a_killed_save_never_loses_an_acknowledged_highlight() {
    let runs: u64 = std::env::var("FOLIO_CRASH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let seed: u64 = std::env::var("FOLIO_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1
        });
    let mut rng = XorShift(seed);
    let started = Instant::now();
    let fp = article();
    let (mut acknowledged, mut mid_save, mut stored) = (0usize, 0usize, 0usize);
    let mut tmp = common::tempdir();
    let mut expected: HashSet<String> = HashSet::new();
    for run in 0..runs {
        // A fresh store every 10 runs keeps records small; in between, each child starts from
        // what the killed one left behind.
        if run % 10 == 0 {
            tmp = common::tempdir();
            expected.clear();
        }
        let paths = Paths {
            root: tmp.path().join("config"),
        };
        let acks_first = rng.below(6);
        let delay = Duration::from_micros(rng.below(4000));
        let before = leftovers(&paths);
        let acked = run_and_kill(&paths.root, acks_first, delay);
        acknowledged += acked.len();
        expected.extend(acked);
        if !leftovers(&paths).is_subset(&before) {
            mid_save += 1;
        }

        let context = format!("run {run} (seed {seed}, acks {acks_first}, delay {delay:?})");
        let main = paths
            .articles()
            .join(format!("{}.json", store::file_id(&fp)));
        let on_disk: Option<Record> = match std::fs::read(&main) {
            Ok(bytes) => Some(
                serde_json::from_slice(&bytes)
                    .unwrap_or_else(|e| panic!("{context}: the record does not parse: {e}")),
            ),
            Err(_) => None,
        };
        let bak = main.with_extension("json.bak");
        if let Ok(bytes) = std::fs::read(&bak) {
            serde_json::from_slice::<Record>(&bytes)
                .unwrap_or_else(|e| panic!("{context}: the backup does not parse: {e}"));
        }
        let ids: HashSet<String> = on_disk
            .iter()
            .flat_map(|r| r.highlights.iter().map(|h| h.id.clone()))
            .collect();
        let missing: Vec<&String> = expected.difference(&ids).collect();
        assert!(missing.is_empty(), "{context}: lost {missing:?}");
        stored = ids.len();
        let id = store::file_id(&fp);
        let allowed = ["", ".bak", ".tmp", ".bak.tmp", ".probe"]
            .map(|suffix| format!("{id}.json{suffix}"))
            .into_iter()
            .chain([format!("{id}.lock")])
            .collect::<Vec<_>>();
        for entry in std::fs::read_dir(paths.articles())
            .into_iter()
            .flatten()
            .flatten()
        {
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(allowed.contains(&name), "{context}: unexpected file {name}");
        }
        // Half the time the store itself checks too (and tidies up temporaries); the other
        // half the next child starts on exactly what the kill left.
        if run % 2 == 1 {
            let loaded = Store::new(Some(paths.clone())).load(&fp, None);
            assert!(loaded.notices.is_empty(), "{context}: {:?}", loaded.notices);
            assert_eq!(loaded.record.highlights.len(), ids.len(), "{context}");
        }
    }
    let line = format!(
        "store crash: {runs} kills, {acknowledged} acknowledged saves verified, \
         {mid_save} kills interrupted a save (temporary file left), 0 lost, 0 damaged \
         (last record {stored} highlights; seed {seed}; {:.1} s)",
        started.elapsed().as_secs_f64()
    );
    println!("{line}");
}

#[test]
fn two_processes_adding_at_once_lose_nothing() {
    let tmp = common::tempdir();
    let paths = Paths {
        root: tmp.path().join("config"),
    };
    let started = Instant::now();
    let children: Vec<Child> = (0..2).map(|_| spawn("adder", &paths.root, 100)).collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success() && String::from_utf8_lossy(&out.stdout).contains("added 100"),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let loaded = Store::new(Some(paths)).load(&article(), None);
    assert!(loaded.notices.is_empty(), "{:?}", loaded.notices);
    let ids: HashSet<&str> = loaded
        .record
        .highlights
        .iter()
        .map(|h| h.id.as_str())
        .collect();
    assert_eq!(loaded.record.highlights.len(), 200);
    assert_eq!(ids.len(), 200);
    eprintln!("two processes, 200 saves: {:?}", started.elapsed());
}

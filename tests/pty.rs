//! End-to-end journeys: the real `folio` binary in a pseudo-terminal, its screen parsed with
//! vt100. Each test waits on what the screen shows (never on a fixed sleep) and checks how the
//! session leaves the terminal: main screen back, cursor visible, the right exit status.

mod common;

use common::pty::{
    Term, asset, at_prompt, find, flow, flowing_text, folio_bin, normalise, page_count,
    page_number, rfind, rows, shell, status_line, stty_settings,
};
use std::time::Duration;

/// Long enough for a loaded CI machine; a healthy exit takes milliseconds.
const EXIT: Duration = Duration::from_secs(10);

/// What a terminal program writes to switch to the alternate screen.
const ENTER_ALTERNATE: &[u8] = b"\x1b[?1049h";
/// ... and back to the main screen.
const LEAVE_ALTERNATE: &[u8] = b"\x1b[?1049l";

/// The title of `assets/essay.md`, shown in the status line.
const ESSAY_TITLE: &str = "The Tide Clocks of Saltmere";

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Waits until the status line shows page `n`.
#[track_caller]
fn wait_page(t: &mut Term, n: usize) -> vt100::Screen {
    t.wait_for(&format!("page {n} in the status line"), |s| {
        page_number(s) == Some(n)
    })
}

/// Sends each step's keys and waits for its page; the screen at the last.
#[track_caller]
fn walk(t: &mut Term, steps: &[(&str, usize)]) -> vt100::Screen {
    let mut screen = t.screen();
    for (keys, page) in steps {
        t.send(keys);
        screen = wait_page(t, *page);
    }
    screen
}

/// The rows above the status line that hold text, trimmed.
fn text_rows(screen: &vt100::Screen) -> Vec<String> {
    let mut all = rows(screen);
    all.pop();
    all.iter()
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .collect()
}

/// Every run of three consecutive words of `line`, normalised for comparison across widths.
fn three_word_stretches(line: &str) -> Vec<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    words
        .windows(3)
        .map(|w| normalise(&w.join(" ")))
        .filter(|s| s.split_whitespace().count() == 3)
        .collect()
}

/// Where in `source` (normalised running text) a three-word stretch of `line` first occurs.
fn position_in(source: &str, line: &str) -> Option<usize> {
    three_word_stretches(line)
        .iter()
        .filter_map(|s| source.find(s.as_str()))
        .min()
}

/// A sample's text as one normalised running text.
fn asset_text(name: &str) -> String {
    let text = std::fs::read_to_string(asset(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    flow(text.lines())
}

/// The session ended and gave the terminal back: main screen, cursor shown.
#[track_caller]
fn assert_restored(t: &Term) {
    let screen = t.screen();
    assert!(
        !screen.alternate_screen(),
        "still on the alternate screen after exit:\n{}",
        t.dump()
    );
    assert!(
        !screen.hide_cursor(),
        "cursor still hidden after exit:\n{}",
        t.dump()
    );
}

/// Quits with q and checks the clean exit.
#[track_caller]
fn quit_cleanly(t: &mut Term) {
    t.send("q");
    let status = t.wait_exit(EXIT);
    assert!(
        status.success(),
        "q should exit 0, got {status}:\n{}",
        t.dump()
    );
    assert_restored(t);
}

#[test]
fn pages_forward_and_quit_restores_the_terminal() {
    let mut t = Term::folio(&[asset("essay.md")], 80, 24);
    let first = wait_page(&mut t, 1);
    assert!(first.alternate_screen(), "not on the alternate screen");
    // The control for the binary-file test, which checks this sequence is absent.
    assert!(
        contains(&t.raw(), ENTER_ALTERNATE),
        "no {ENTER_ALTERNATE:?}"
    );
    assert!(first.hide_cursor(), "cursor shown while reading");
    let status = status_line(&first);
    assert!(
        status.contains(ESSAY_TITLE) && status.contains("? help"),
        "status line: {status:?}"
    );
    // Page 1's first paragraph: from its first full row to the next blank row.
    let all = rows(&first);
    let start = all
        .iter()
        .position(|r| r.split_whitespace().count() >= 8)
        .unwrap_or_else(|| panic!("no paragraph on page 1:\n{}", t.dump()));
    let paragraph: Vec<String> = all[start..]
        .iter()
        .take_while(|r| !r.trim().is_empty())
        .map(|r| r.trim().to_string())
        .collect();
    let page1_last = text_rows(&first).pop().unwrap_or_default();

    let mut fourth = first;
    for n in 2..=4 {
        t.send(" ");
        fourth = wait_page(&mut t, n);
    }
    let contents = fourth.contents();
    for line in &paragraph {
        assert!(
            !contents.contains(line.as_str()),
            "page 1's first paragraph ({line:?}) still visible on page 4:\n{}",
            t.dump()
        );
    }
    // Page 4 shows the essay's own text, from well after page 1.
    let source = asset_text("essay.md");
    let top = text_rows(&fourth)
        .into_iter()
        .find(|r| r.split_whitespace().count() >= 4)
        .unwrap_or_else(|| panic!("no text on page 4:\n{}", t.dump()));
    let at4 = position_in(&source, &top)
        .unwrap_or_else(|| panic!("page 4's {top:?} is not from the essay:\n{}", t.dump()));
    let at1 = position_in(&source, &page1_last)
        .unwrap_or_else(|| panic!("page 1's {page1_last:?} is not from the essay"));
    assert!(
        at4 > at1,
        "page 4 ({top:?}) is not after page 1 ({page1_last:?})"
    );
    quit_cleanly(&mut t);
}

#[test]
fn other_page_keys_move_both_ways() {
    let mut t = Term::folio(&[asset("hardwrapped.txt")], 80, 24);
    wait_page(&mut t, 1);
    // j, PageDown, b, k.
    walk(&mut t, &[("j", 2), ("\x1b[6~", 3), ("b", 2), ("k", 1)]);
    // At the first page, going back says so and stays.
    t.send("b");
    let s = t.wait_for("the 'First page' notice", |s| {
        status_line(s).contains("First page")
    });
    assert_eq!(page_number(&s), Some(1));
    quit_cleanly(&mut t);
}

#[test]
fn resize_keeps_the_place() {
    let mut t = Term::folio(&[asset("zeitung.txt")], 80, 24);
    wait_page(&mut t, 1);
    let third = walk(&mut t, &[(" ", 2), (" ", 3)]);
    let top = text_rows(&third)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("page 3 is empty:\n{}", t.dump()));
    let stretches = three_word_stretches(&top);
    assert!(
        !stretches.is_empty(),
        "page 3's top line {top:?} has fewer than three words"
    );

    t.resize(50, 20);
    // The parser keeps the old rows, cut to 50x20, until folio redraws; the old status line had
    // its "? help" past column 50, so a status line ending in it is the new frame (folio clears
    // the screen on a resize and draws the status line last).
    let s = t.wait_for("a redraw at 50x20", |s| {
        let status = status_line(s);
        page_number(s).is_some() && status.trim_end().ends_with("? help")
    });
    let text = flowing_text(&s);
    assert!(
        stretches.iter().any(|w| text.contains(w.as_str())),
        "nothing of page 3's top line {top:?} is on screen after the resize:\n{}",
        t.dump()
    );
    assert!(
        rows(&s).iter().all(|r| r.chars().count() <= 50),
        "a row is wider than 50 columns:\n{}",
        t.dump()
    );
    quit_cleanly(&mut t);
}

/// Regression: Ctrl-L (redraw) called ratatui's `Terminal::clear`, which in ratatui
/// 0.30 asks the terminal for the cursor position. crossterm reads the answer through the same
/// event reader that folio's input thread holds locked while it waits for keys, so the query
/// timed out after 2 s and folio exited 1 with "The cursor position could not be read within a
/// normal duration" (the harness answers the query, as a real terminal does; tmux shows the
/// same).
#[test]
fn ctrl_l_redraws() {
    let mut t = Term::folio(&[asset("essay.md")], 80, 24);
    wait_page(&mut t, 1);
    t.send("\x0c");
    let s = t.wait_for_within(Duration::from_secs(3), "page 1 after Ctrl-L", |s| {
        page_number(s) == Some(1) && s.alternate_screen()
    });
    assert!(s.alternate_screen());
    // Still running and answering keys after the redraw.
    t.send(" ");
    wait_page(&mut t, 2);
    quit_cleanly(&mut t);
}

/// A signal ends the session with 128 + its number after restoring the terminal.
#[track_caller]
fn signal_ends_the_session(name: &str, number: u32) {
    let mut t = Term::folio(&[asset("essay.md")], 80, 24);
    wait_page(&mut t, 1);
    t.signal(name);
    let status = t.wait_exit(EXIT);
    assert_eq!(
        status.signal(),
        None,
        "SIG{name} killed folio instead of ending the session ({status}):\n{}",
        t.dump()
    );
    assert_eq!(
        status.exit_code(),
        128 + number,
        "SIG{name}: exit status {status}"
    );
    assert_restored(&t);
}

#[test]
fn sigterm_restores_the_terminal() {
    signal_ends_the_session("TERM", 15);
}

#[test]
fn sighup_restores_the_terminal() {
    signal_ends_the_session("HUP", 1);
}

#[test]
fn sigint_restores_the_terminal() {
    signal_ends_the_session("INT", 2);
}

#[test]
fn help_overlay_then_go_to_page() {
    let mut t = Term::folio(&[asset("essay.md")], 80, 24);
    let first = wait_page(&mut t, 1);
    let body = text_rows(&first)
        .into_iter()
        .find(|r| r.split_whitespace().count() >= 8)
        .unwrap_or_else(|| panic!("no paragraph on page 1:\n{}", t.dump()));

    t.send("?");
    // The whole overlay, not a frame read half drawn: it lists going to a page.
    t.wait_for("the help overlay listing go to page", |s| {
        let c = s.contents();
        c.contains("next page") && c.contains("go to page")
    });

    t.send("q");
    t.wait_for("the page again, help closed", |s| {
        let c = s.contents();
        c.contains(body.as_str()) && !c.contains("next page")
    });
    assert!(t.try_status().is_none(), "q in the help quit folio");

    t.send(":");
    t.wait_for("the go-to prompt", |s| status_line(s).contains("Go to"));
    t.send("3");
    t.send("\r");
    wait_page(&mut t, 3);
    quit_cleanly(&mut t);
}

/// The chooser's titles: the essay's front matter title and the plain texts' first lines.
fn sample_titles() -> Vec<String> {
    let essay = std::fs::read_to_string(asset("essay.md")).unwrap_or_else(|e| panic!("{e}"));
    let title = essay
        .lines()
        .find_map(|l| l.strip_prefix("title:"))
        .map(|t| t.trim().trim_matches('"').to_string())
        .unwrap_or_else(|| panic!("essay.md has no title"));
    let first_line = |name: &str| {
        std::fs::read_to_string(asset(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or_default()
            .to_string()
    };
    vec![
        title,
        first_line("zeitung.txt"),
        first_line("hardwrapped.txt"),
    ]
}

#[test]
fn chooser_opens_a_sample_and_comes_back() {
    let titles = sample_titles();
    let mut t = Term::folio::<&str>(&[], 80, 24);
    let chooser = t.wait_for("the chooser with the three samples", |s| {
        let c = s.contents();
        titles.iter().all(|title| c.contains(title.as_str()))
    });
    assert!(chooser.alternate_screen());

    t.send("\r");
    let page = wait_page(&mut t, 1);
    assert!(
        status_line(&page).contains(titles[0].as_str()),
        "Enter did not open the first sample:\n{}",
        t.dump()
    );

    t.send("q");
    t.wait_for("the chooser again", |s| {
        let c = s.contents();
        page_number(s).is_none() && titles.iter().all(|title| c.contains(title.as_str()))
    });
    quit_cleanly(&mut t);
}

#[test]
fn too_small_then_big_enough() {
    let mut t = Term::folio(&[asset("essay.md")], 15, 4);
    t.wait_for_text("Too small");
    t.resize(80, 24);
    let s = wait_page(&mut t, 1);
    assert!(
        s.contents().contains("The Tide Clocks of Saltmere"),
        "no page after growing:\n{}",
        t.dump()
    );
    quit_cleanly(&mut t);
}

/// Regression: crossterm registered its SIGWINCH handler lazily, on the input thread's first
/// read, which could come after the first frame; a resize in between was lost until the next
/// key (a third of runs). Starting small makes the first frame quick enough to hit that window.
#[test]
fn resize_right_after_start_is_not_lost() {
    let mut lost = 0;
    for _ in 0..20 {
        let mut t = Term::folio(&[asset("essay.md")], 15, 4);
        t.wait_for_text("Too small");
        t.resize(80, 24);
        if t.try_wait_for(Duration::from_secs(2), |s| page_number(s) == Some(1))
            .is_none()
        {
            lost += 1;
        }
    }
    assert_eq!(lost, 0, "{lost} of 20 resizes right after start were lost");
}

#[test]
fn binary_file_is_refused_before_the_screen_changes() {
    let dir = common::tempdir();
    let path = dir.path().join("program.txt");
    let mut bytes = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0".to_vec();
    bytes.extend((0..4096u32).map(|i| (i % 7) as u8));
    std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{e}"));

    let mut t = Term::folio(&[&path], 80, 24);
    let status = t.wait_exit(EXIT);
    assert!(
        !status.success() && status.signal().is_none(),
        "a binary file should fail cleanly, got {status}:\n{}",
        t.dump()
    );
    assert!(
        t.screen().contents().contains("looks like a binary file"),
        "no message:\n{}",
        t.dump()
    );
    let raw = t.raw();
    assert!(
        !contains(&raw, ENTER_ALTERNATE),
        "entered the alternate screen: {:?}",
        String::from_utf8_lossy(&raw)
    );
    assert_restored(&t);
}

/// A word for the shell: `s` in single quotes.
fn shell_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// Runs folio from an interactive shell, waits for its first page and presses Ctrl-Z; returns at
/// the shell's prompt under "Stopped", with the terminal settings from before folio started.
fn suspended_in_a_shell() -> (Term, String) {
    let mut t = shell(100, 24, None);
    let settings = stty_settings(&mut t, "before");
    t.send(format!("{} assets/essay.md\r", shell_quoted(folio_bin())));
    let first = wait_page(&mut t, 1);
    assert!(first.alternate_screen(), "not on the alternate screen");
    t.send("\x1a");
    t.wait_for("the shell's prompt under \"Stopped\"", |s| {
        at_prompt(s) && s.contents().contains("Stopped")
    });
    (t, settings)
}

/// Ctrl-Z gives the terminal back to the shell (main screen) and stops folio; `fg` takes it
/// again and repaints the page, the keys work as before, and q leaves the terminal settings as
/// they were.
#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_repaints() {
    let (mut t, settings) = suspended_in_a_shell();
    t.send("fg\r");
    let again = t.wait_for("page 1 drawn again after fg", |s| {
        s.alternate_screen() && page_number(s) == Some(1) && status_line(s).contains(ESSAY_TITLE)
    });
    assert!(
        rows(&again).iter().filter(|r| !r.trim().is_empty()).count() > 5,
        "only the status line was drawn after fg:\n{}",
        t.dump()
    );
    t.send(" ");
    wait_page(&mut t, 2);

    quit_to_the_shell(&mut t);
    assert_eq!(
        stty_settings(&mut t, "after"),
        settings,
        "folio left the terminal settings changed"
    );
    exit_the_shell(&mut t);
}

/// Regression: suspending left the cursor hidden, so the shell's prompt had no cursor until
/// `fg` and q. `ratatui::restore` leaves the alternate screen and raw mode but does not show
/// the cursor (only dropping the `Terminal` does, at the end of a session).
#[test]
fn ctrl_z_shows_the_cursor_at_the_shell_prompt() {
    let (mut t, _) = suspended_in_a_shell();
    assert!(
        !t.screen().hide_cursor(),
        "the cursor is hidden at the shell's prompt while folio is stopped:\n{}",
        t.dump()
    );
    t.send("fg\r");
    wait_page(&mut t, 1);
    quit_to_the_shell(&mut t);
    exit_the_shell(&mut t);
}

/// q, and the shell's prompt is back.
#[track_caller]
fn quit_to_the_shell(t: &mut Term) {
    t.send("q");
    t.wait_for("the shell's prompt after q", at_prompt);
}

/// `exit`, and the shell ends well.
#[track_caller]
fn exit_the_shell(t: &mut Term) {
    t.send("exit\r");
    let status = t.wait_exit(EXIT);
    assert!(status.success(), "the shell exited with {status}");
}

/// The panic hook leaves the alternate screen and only then prints the message (the cursor is
/// shown when the unwinding drops the terminal), so the message stays readable on the main screen. Debug builds panic right after
/// their first frame when `FOLIO_TEST_PANIC` is set.
#[test]
fn a_panic_restores_the_terminal_then_prints_the_message() {
    // No backtrace: a long one would scroll the message off the screen.
    let mut t = Term::folio_env(
        &[asset("essay.md")],
        &[("FOLIO_TEST_PANIC", "1"), ("RUST_BACKTRACE", "0")],
        80,
        24,
    );
    let status = t.wait_exit(EXIT);
    assert!(
        status.signal().is_none() && status.exit_code() == 101,
        "a panic should exit 101, got {status}:\n{}",
        t.dump()
    );
    assert_restored(&t);
    assert!(
        t.screen().contents().contains("FOLIO_TEST_PANIC"),
        "no panic message on the main screen:\n{}",
        t.dump()
    );
    let raw = t.raw();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    let entered = find(&raw, ENTER_ALTERNATE)
        .unwrap_or_else(|| panic!("never entered the alternate screen: {:?}", text(&raw)));
    let left = rfind(&raw, LEAVE_ALTERNATE)
        .unwrap_or_else(|| panic!("never left the alternate screen: {:?}", text(&raw)));
    // The first frame was drawn before the panic.
    assert!(
        find(&raw[entered..left], ESSAY_TITLE.as_bytes()).is_some(),
        "no frame before the panic: {:?}",
        text(&raw)
    );
    let message = find(&raw, b"FOLIO_TEST_PANIC")
        .unwrap_or_else(|| panic!("no panic message: {:?}", text(&raw)));
    assert!(
        message > left,
        "the panic message came before the terminal was restored: {:?}",
        text(&raw)
    );
}

/// While nothing happens folio blocks: no CPU time passes in a second of idling.
#[test]
fn idle_uses_no_cpu() {
    let mut t = Term::folio(&[asset("hardwrapped.txt")], 80, 24);
    // The page count is known once the whole text is laid out: no idle work is left.
    t.wait_for("page 1 of a known count", |s| {
        page_number(s) == Some(1) && page_count(s).is_some()
    });
    let before = t.cpu_ticks();
    // The measurement itself, not synchronisation.
    std::thread::sleep(Duration::from_secs(1));
    let after = t.cpu_ticks();
    assert!(
        t.try_status().is_none(),
        "folio ended while idle:\n{}",
        t.dump()
    );
    let used = after.saturating_sub(before);
    assert!(
        used <= 1,
        "folio used {used} clock ticks of CPU in 1 s of idling (busy polling?):\n{}",
        t.dump()
    );
    quit_cleanly(&mut t);
}

/// The records folio wrote into a config folder, parsed.
fn records(config: &std::path::Path) -> Vec<serde_json::Value> {
    let dir = config.join("articles");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            out.push(serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}")));
        }
    }
    out
}

/// Cells drawn with the highlight's background (yellow in the default theme).
fn highlighted_text(screen: &vt100::Screen) -> String {
    let (rows, cols) = screen.size();
    let mut out = String::new();
    for r in 0..rows.get() {
        for c in 0..cols.get() {
            if let Some(cell) = screen.cell(r, c)
                && cell.bgcolor() == vt100::Color::Idx(3)
            {
                out.push_str(cell.contents());
            }
        }
        out.push(' ');
    }
    normalise(&out)
}

/// The journey of issue 4: open, bookmark with a label, highlight with a note, quit; reopen
/// at another size (and after moving the file): the same place, the bookmark, the highlight.
#[test]
fn bookmarks_highlights_and_the_place_survive_a_reopen_and_a_move() {
    let config = common::tempdir();
    let folder = common::tempdir();
    let article = folder.path().join("essay.md");
    std::fs::copy(asset("essay.md"), &article).unwrap_or_else(|e| panic!("{e}"));
    let cfg = config.path().to_string_lossy().to_string();
    let open = |path: &std::path::Path, cols, rows| {
        let p = path.to_string_lossy().to_string();
        Term::folio(&["--config-dir", cfg.as_str(), p.as_str()], cols, rows)
    };

    let mut t = open(&article, 80, 24);
    wait_page(&mut t, 1);
    t.send("  ");
    let s = wait_page(&mut t, 3);
    // The first line near the top with words enough to recognise it.
    let top = text_rows(&s)
        .into_iter()
        .find(|r| r.split_whitespace().count() >= 4)
        .unwrap_or_default();
    t.send("m");
    t.wait_for_text("Bookmark label");
    t.send("harbour\r");
    t.wait_for("a star for the bookmark", |s| status_line(s).contains('★'));
    t.send("v");
    t.wait_for_text("Select:");
    t.send("ww");
    t.send("a");
    t.wait_for_text("Note (Enter saves");
    t.send("check this\r");
    let s = t.wait_for_text("with a note");
    let marked = highlighted_text(&s);
    assert!(!marked.is_empty(), "no highlight drawn:\n{}", t.dump());
    quit_cleanly(&mut t);

    let saved = records(config.path());
    assert_eq!(saved.len(), 1, "{saved:?}");
    let record = &saved[0];
    assert_eq!(record["bookmarks"][0]["label"], "harbour");
    assert_eq!(record["highlights"][0]["note"], "check this");
    assert!(
        record["position"]["anchor"]["exact"]
            .as_str()
            .is_some_and(|e| !e.is_empty())
    );

    // Reopen smaller: the same text at the top, the bookmark star, the same highlight.
    let mut t = open(&article, 50, 20);
    let stretches = three_word_stretches(&top);
    let s = t.wait_for("the old top line on screen", |s| {
        let shown = normalise(&flowing_text(s));
        page_number(s).is_some() && stretches.iter().any(|w| shown.contains(w.as_str()))
    });
    assert!(status_line(&s).contains('★'), "{}", t.dump());
    assert_eq!(highlighted_text(&s), marked, "{}", t.dump());
    quit_cleanly(&mut t);

    // Moved and renamed: still the same record, found by its content.
    let moved = folder.path().join("renamed.md");
    std::fs::rename(&article, &moved).unwrap_or_else(|e| panic!("{e}"));
    let mut t = open(&moved, 80, 24);
    let s = t.wait_for("the bookmark after the move", |s| {
        page_number(s).is_some() && status_line(s).contains('★')
    });
    assert_eq!(highlighted_text(&s), marked, "{}", t.dump());
    quit_cleanly(&mut t);
    let saved = records(config.path());
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert_eq!(saved[0]["paths"].as_array().map(Vec::len), Some(2));
}

/// A change made just before SIGTERM or SIGHUP (inside the save debounce) is on disk after.
#[test]
fn a_signal_right_after_a_change_still_saves_it() {
    for (name, number) in [("TERM", 15), ("HUP", 1)] {
        let config = common::tempdir();
        let cfg = config.path().to_string_lossy().to_string();
        let essay = asset("essay.md").to_string_lossy().to_string();
        let mut t = Term::folio(&["--config-dir", cfg.as_str(), essay.as_str()], 80, 24);
        wait_page(&mut t, 1);
        t.send("m");
        t.wait_for_text("Bookmark label");
        t.send("last words\r");
        t.wait_for("the star", |s| status_line(s).contains('★'));
        t.signal(name);
        let status = t.wait_exit(EXIT);
        assert_eq!(status.exit_code(), 128 + number, "SIG{name}: {status}");
        let saved = records(config.path());
        assert_eq!(saved.len(), 1, "SIG{name}: {saved:?}");
        assert_eq!(saved[0]["bookmarks"][0]["label"], "last words", "SIG{name}");
    }
}

/// A long article shows its beginning at once and gets its record a moment later: the place
/// is saved and restored like any other.
#[test]
fn a_long_article_opens_early_and_still_returns_to_its_place() {
    let config = common::tempdir();
    let folder = common::tempdir();
    let article = folder.path().join("long.txt");
    let mut text = String::from("A Long Generated Article\n\n");
    for i in 0..3000 {
        text.push_str(&format!(
            "Paragraph {i} tells of lanterns, tides and harbour clocks in the {i}th year, \
             with enough words to wrap over a few lines of the page.\n\n"
        ));
    }
    std::fs::write(&article, &text).unwrap_or_else(|e| panic!("{e}"));
    let cfg = config.path().to_string_lossy().to_string();
    let a = article.to_string_lossy().to_string();
    let mut t = Term::folio(&["--config-dir", cfg.as_str(), a.as_str()], 80, 24);
    wait_page(&mut t, 1);
    // The page count arrives once the whole is parsed and laid out.
    t.wait_for("the page count", |s| {
        status_line(s).contains(" / ") && !status_line(s).contains('…')
    });
    t.send("   ");
    let s = wait_page(&mut t, 4);
    let top = text_rows(&s).first().cloned().unwrap_or_default();
    quit_cleanly(&mut t);
    let mut t = Term::folio(&["--config-dir", cfg.as_str(), a.as_str()], 80, 24);
    let s = wait_page(&mut t, 4);
    assert_eq!(text_rows(&s).first(), Some(&top), "{}", t.dump());
    quit_cleanly(&mut t);
}

/// A long article written for the tests of the first block: `paragraphs` numbered paragraphs
/// after a title, and `tail` (raw bytes) at the end.
fn long_article(dir: &std::path::Path, paragraphs: usize, tail: &[u8]) -> String {
    let article = dir.join("long.txt");
    let mut text = String::from("A Long Generated Article\n\n");
    for i in 0..paragraphs {
        text.push_str(&format!(
            "Paragraph {i} tells of lanterns, tides and harbour clocks in the {i}th year, \
             with enough words to wrap over a few lines of the page.\n\n"
        ));
    }
    let mut bytes = text.into_bytes();
    bytes.extend_from_slice(tail);
    std::fs::write(&article, bytes).unwrap_or_else(|e| panic!("{e}"));
    article.to_string_lossy().to_string()
}

/// Whether any screen the program's output went through (replayed up to each escape
/// sequence) showed the article's first paragraph at the start of a row.
fn ever_showed_the_first_paragraph(raw: &[u8], cols: u16, rows: u16) -> bool {
    let nz = |n: u16| std::num::NonZeroU16::new(n).unwrap_or(std::num::NonZeroU16::MIN);
    let mut parser = vt100::Parser::new(nz(rows), nz(cols), 0);
    raw.split_inclusive(|&b| b == 0x1b).any(|chunk| {
        parser.process(chunk);
        text_rows(parser.screen())
            .iter()
            .any(|r| r.starts_with("Paragraph 0 "))
    })
}

/// A file longer than the first block opens from it; reopened at a saved place, its first
/// frame shows that place and never the beginning first (the deadline of the held frame is
/// lengthened, so a slow debug build cannot reach it).
#[test]
fn a_long_file_reopens_at_its_place_without_showing_the_beginning_first() {
    let config = common::tempdir();
    let folder = common::tempdir();
    let a = long_article(folder.path(), 7000, b"");
    let cfg = config.path().to_string_lossy().to_string();
    let args = ["--config-dir", cfg.as_str(), a.as_str()];
    let mut t = Term::folio(&args, 80, 24);
    let s = wait_page(&mut t, 1);
    // No record: the beginning, at once.
    assert!(
        text_rows(&s).iter().any(|r| r.starts_with("Paragraph 0 ")),
        "{}",
        t.dump()
    );
    t.wait_for("the page count", |s| {
        status_line(s).contains(" / ") && !status_line(s).contains('…')
    });
    t.send("     ");
    let s = wait_page(&mut t, 6);
    let top = text_rows(&s).first().cloned().unwrap_or_default();
    quit_cleanly(&mut t);
    let env = [("FOLIO_TEST_HOLD_MS", "60000")];
    let mut t = Term::folio_env(&args, &env, 80, 24);
    let s = wait_page(&mut t, 6);
    assert_eq!(text_rows(&s).first(), Some(&top), "{}", t.dump());
    assert!(
        !ever_showed_the_first_paragraph(&t.raw(), 80, 24),
        "{}",
        t.dump()
    );
    quit_cleanly(&mut t);
}

/// ASCII for the whole first block, then Latin-1: the first page comes from the block, and the
/// end is shown as the whole file's decoding reads it.
#[test]
fn a_file_whose_encoding_shows_only_after_the_first_block_is_read_right() {
    let folder = common::tempdir();
    let a = long_article(folder.path(), 7000, b"The last entry: caf\xe9 au lait.\n");
    let mut t = Term::folio(&[a.as_str()], 80, 24);
    wait_page(&mut t, 1);
    t.wait_for("the page count", |s| {
        status_line(s).contains(" / ") && !status_line(s).contains('…')
    });
    t.send("G");
    t.wait_for_text("café au lait");
    quit_cleanly(&mut t);
}

/// The journey of issue 5: select across a page break, highlight with a note, open the panel,
/// jump to the highlight, delete it and undo, quit and reopen: the state is as left.
#[test]
fn the_panel_journey_select_across_pages_jump_delete_undo_reopen() {
    let config = common::tempdir();
    let cfg = config.path().to_string_lossy().to_string();
    let essay = asset("essay.md").to_string_lossy().to_string();
    let open = || Term::folio(&["--config-dir", cfg.as_str(), essay.as_str()], 120, 30);
    let mut t = open();
    wait_page(&mut t, 1);
    t.send("v");
    t.wait_for_text("Select:");
    // Paragraph by paragraph: the selection carries the page forward with it.
    t.send("}}}}}}");
    t.wait_for("the page following the selection", |s| {
        page_number(s).is_some_and(|p| p > 1)
    });
    t.send("a");
    t.wait_for_text("Note (Enter saves");
    t.send("across the break\r");
    t.wait_for_text("with a note");
    t.send("g");
    wait_page(&mut t, 1);
    // The panel lists it; Enter jumps to where it ends up on screen.
    t.send("\t");
    t.wait_for("the highlight in the panel", |s| {
        s.contents().contains("Highlights 1") && s.contents().contains("across the break")
    });
    t.send("\r");
    t.wait_for("the jump, its text marked", |s| {
        page_number(s).is_some() && highlighted_or_marked(s)
    });
    t.send("d");
    t.wait_for_text("Highlights 0");
    t.send("u");
    t.wait_for_text("Highlights 1");
    t.send("\t");
    t.wait_for("the panel closed", |s| !s.contents().contains("Tab closes"));
    quit_cleanly(&mut t);
    let saved = records(config.path());
    assert_eq!(saved[0]["highlights"].as_array().map(Vec::len), Some(1));
    assert_eq!(saved[0]["highlights"][0]["note"], "across the break");
    assert_eq!(saved[0]["deleted"].as_array().map(Vec::len), Some(1));

    let mut t = open();
    t.wait_for("a page", |s| page_number(s).is_some());
    t.send("\t");
    t.wait_for("the highlight after reopening", |s| {
        s.contents().contains("Highlights 1") && s.contents().contains("across the break")
    });
    // q closes the panel first, then quits.
    t.send("q");
    t.wait_for("the panel closed", |s| !s.contents().contains("Tab closes"));
    quit_cleanly(&mut t);
}

/// Cells in the highlight or selection colours (yellow or cyan background).
fn highlighted_or_marked(screen: &vt100::Screen) -> bool {
    let (rows, cols) = screen.size();
    (0..rows.get()).any(|r| {
        (0..cols.get()).any(|c| {
            screen.cell(r, c).is_some_and(|cell| {
                matches!(cell.bgcolor(), vt100::Color::Idx(3) | vt100::Color::Idx(6))
            })
        })
    })
}

/// `cat article | folio -`: the article comes down the pipe, the keys from the terminal.
#[test]
fn an_article_from_standard_input_with_keys_from_the_terminal() {
    let config = common::tempdir();
    let mut cmd = portable_pty::CommandBuilder::new("sh");
    cmd.arg("-c");
    cmd.arg(format!(
        "cat '{}' | '{}' --format markdown -",
        asset("essay.md").display(),
        common::pty::folio_bin()
    ));
    cmd.env("FOLIO_CONFIG_DIR", config.path());
    let mut t = Term::spawn(cmd, 80, 24);
    let s = wait_page(&mut t, 1);
    assert!(
        s.contents().contains("The Tide Clocks of Saltmere"),
        "{}",
        t.dump()
    );
    assert!(!s.contents().contains("**"), "{}", t.dump());
    t.send(" ");
    wait_page(&mut t, 2);
    quit_cleanly(&mut t);
}

/// The journey of issue 8's library: open two articles and leave each somewhere, start
/// `folio` with no argument, open the first one from the library: it opens where it was left.
#[test]
fn the_library_reopens_an_article_at_its_saved_place() {
    let config = common::tempdir();
    let folder = common::tempdir();
    let essay = folder.path().join("essay.md");
    let zeitung = folder.path().join("zeitung.txt");
    std::fs::copy(asset("essay.md"), &essay).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(asset("zeitung.txt"), &zeitung).unwrap_or_else(|e| panic!("{e}"));
    let cfg = config.path().to_string_lossy().to_string();
    let open = |args: &[&str]| {
        let mut all = vec!["--config-dir", cfg.as_str()];
        all.extend_from_slice(args);
        Term::folio(&all, 80, 24)
    };
    let essay_arg = essay.to_string_lossy().to_string();
    let zeitung_arg = zeitung.to_string_lossy().to_string();

    // The essay, left on page 4.
    let mut t = open(&[essay_arg.as_str()]);
    wait_page(&mut t, 1);
    t.send("   ");
    let left = wait_page(&mut t, 4);
    let essay_top = text_rows(&left).into_iter().find(|l| l.len() > 30);
    quit_cleanly(&mut t);
    // Then the news article, left on page 2.
    let mut t = open(&[zeitung_arg.as_str()]);
    wait_page(&mut t, 1);
    t.send(" ");
    wait_page(&mut t, 2);
    quit_cleanly(&mut t);

    // folio with no argument: the library, the latest first, then the samples.
    let mut t = open(&[]);
    let lib = t.wait_for("the library with both articles", |s| {
        let c = s.contents();
        c.contains("Library") && c.contains("Ebersmühl") && c.contains("essay.md")
    });
    let rows = rows(&lib);
    let first = rows.iter().position(|r| r.contains("zeitung.txt"));
    let second = rows.iter().position(|r| r.contains("essay.md"));
    assert!(first < second, "most recent first:\n{}", t.dump());
    assert!(
        lib.contents().contains("sample"),
        "the samples stay reachable"
    );
    // The second entry is the essay: open it.
    t.send("j\r");
    let page = wait_page(&mut t, 4);
    let top = text_rows(&page).into_iter().find(|l| l.len() > 30);
    assert_eq!(top, essay_top, "opened at the saved place:\n{}", t.dump());
    // q goes back to the library; q again quits.
    t.send("q");
    t.wait_for("the library again", |s| {
        page_number(s).is_none() && s.contents().contains("Library")
    });
    quit_cleanly(&mut t);
}

/// `folio DIR` lists the folder's articles with their progress; Enter opens one.
#[test]
fn a_folder_opens_as_a_library() {
    let config = common::tempdir();
    let folder = common::tempdir();
    std::fs::copy(asset("hardwrapped.txt"), folder.path().join("b-letter.txt"))
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(asset("essay.md"), folder.path().join("a-essay.md"))
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(folder.path().join("photo.jpg"), b"\xff\xd8").unwrap_or_else(|e| panic!("{e}"));
    let cfg = config.path().to_string_lossy().to_string();
    let dir = folder.path().to_string_lossy().to_string();
    let mut t = Term::folio(&["--config-dir", cfg.as_str(), dir.as_str()], 80, 24);
    let lib = t.wait_for("the folder's files", |s| {
        let c = s.contents();
        c.contains("a-essay.md") && c.contains("b-letter.txt")
    });
    assert!(!lib.contents().contains("photo.jpg"));
    t.send("j\r");
    let page = wait_page(&mut t, 1);
    assert!(
        status_line(&page).contains("Winter Letter"),
        "Enter opened the second file:\n{}",
        t.dump()
    );
    // q goes back to the folder, its progress now known.
    t.send("q");
    t.wait_for("the folder again, with the letter's progress", |s| {
        let c = s.contents();
        page_number(s).is_none() && c.contains("a-essay.md") && c.contains("Winter Letter")
    });
    quit_cleanly(&mut t);
}

/// Issue 14: a wide table is cut at the column's edge with `›`, `>` scrolls it sideways (and
/// marks `‹` on its left) while the running text stays put, and `<` scrolls it back.
#[test]
fn a_wide_table_scrolls_sideways_and_back() {
    let manual =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wide/manual.txt");
    let mut t = Term::folio(&[manual], 80, 24);
    let row = |s: &vt100::Screen, start: &str| {
        rows(s)
            .into_iter()
            .map(|r| r.trim().to_string())
            .find(|r| r.starts_with(start))
    };
    let ends = |s: &vt100::Screen, start: &str, end: &str| {
        rows(s)
            .iter()
            .any(|r| r.trim().starts_with(start) && r.trim().ends_with(end))
    };
    // Every wait is on the whole frame: one half drawn may already show part of it.
    let first = t.wait_for("the table cut at the edge", |s| {
        ends(s, "| I:0  | mountfähige Medien |", "›") && ends(s, "$ mounttool --unmount-all", "›")
    });
    let prose = row(&first, "This short manual");
    let cut = row(&first, "| I:0").unwrap_or_default();
    assert!(
        prose.is_some() && !cut.contains("lock is set"),
        "{}",
        t.dump()
    );

    t.send(">");
    let right = t.wait_for("the table scrolled right", |s| {
        ends(s, "‹disks, memory cards", "›") && ends(s, "‹ --timeout 9", "›")
    });
    assert_eq!(
        row(&right, "This short manual"),
        prose,
        "running text moved"
    );

    // To the end of the widest line (the 120-column commands), then back to the start.
    t.send(">>>>");
    t.wait_for("the end of the widest line", |s| {
        ends(s, "‹", "lock is set |") && ends(s, "‹", "--dry-run --yes --end")
    });
    t.send("<<<<<");
    let back = t.wait_for("the table back at its start", |s| {
        row(s, "| I:0").as_ref() == Some(&cut) && ends(s, "$ mounttool --unmount-all", "›")
    });
    assert_eq!(row(&back, "This short manual"), prose);
    quit_cleanly(&mut t);
}

/// The `k` of "match k of n" in the status line.
fn match_number(screen: &vt100::Screen) -> Option<usize> {
    let status = status_line(screen);
    let at = status.find("match ")?;
    common::pty::number_at(&status[at + 6..])
}

/// Issue 16's journey: two searches in a row (the second not glued to the first), `G`, `n`
/// from the last page, back with `Backspace`, Esc after a message (still reading), `q`.
#[test]
fn search_twice_jump_back_and_esc_never_quits() {
    let mut t = Term::folio(&[asset("zeitung.txt")], 80, 24);
    wait_page(&mut t, 1);
    t.send("/Rathaus\r");
    t.wait_for("the first search's matches", |s| match_number(s) == Some(1));
    // A fresh prompt: the second query is searched as typed.
    t.send("/");
    t.wait_for("the last search suggested", |s| {
        status_line(s).contains("Search:  Rathaus")
    });
    // "das" is also on the short last page.
    t.send("das\r");
    let s = t.wait_for("the second search's matches", |s| {
        status_line(s).contains("match 1 of") && !status_line(s).contains("Not found")
    });
    assert_eq!(page_number(&s), Some(1), "{}", t.dump());
    let s = t.wait_for("the page count", |s| page_count(s).is_some());
    let last = page_count(&s).unwrap_or_default();
    assert!(last > 2, "{}", t.dump());
    t.send("G");
    wait_page(&mut t, last);
    // n: the first match from the last page on, not match 2 back on page 1.
    t.send("n");
    let s = t.wait_for("a match on the last page", |s| {
        match_number(s).is_some_and(|k| k > 2)
    });
    assert_eq!(page_number(&s), Some(last), "{}", t.dump());
    // Back along the jump list to where G was pressed.
    t.send("\x7f");
    wait_page(&mut t, 1);
    // A message, then Esc: the message goes, the reader stays.
    t.send("k");
    t.wait_for("the 'First page' notice", |s| {
        status_line(s).contains("First page")
    });
    t.send("\x1b");
    let s = t.wait_for("the notice dismissed", |s| {
        !status_line(s).contains("First page")
    });
    assert_eq!(page_number(&s), Some(1), "{}", t.dump());
    // Esc again clears the search, the next its notice; then Esc says which key quits.
    t.send("\x1b");
    t.wait_for("the search cleared", |s| {
        status_line(s).contains("Search cleared")
    });
    t.send("\x1b");
    t.wait_for("that notice dismissed", |s| {
        !status_line(s).contains("Search cleared")
    });
    t.send("\x1b");
    let s = t.wait_for("the hint that q quits", |s| {
        status_line(s).contains("q quits")
    });
    assert!(s.alternate_screen(), "Esc left the reader:\n{}", t.dump());
    quit_cleanly(&mut t);
}

/// The percent in the status line (`… 3 / 12  26%  …`).
fn status_percent(screen: &vt100::Screen) -> Option<u64> {
    status_line(screen)
        .split_whitespace()
        .find_map(|w| w.strip_suffix('%').and_then(|n| n.parse().ok()))
}

/// Runs the binary with these arguments on the config folder `config` (no terminal) and
/// parses what it prints as JSON.
fn folio_json(config: &str, args: &[&str]) -> serde_json::Value {
    let out = std::process::Command::new(folio_bin())
        .args(args)
        .env("FOLIO_CONFIG_DIR", config)
        .env_remove("NO_COLOR")
        .output()
        .unwrap_or_else(|e| panic!("folio {args:?}: {e}"));
    assert!(out.status.success(), "folio {args:?}: {out:?}");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("folio {args:?}: {e}: {out:?}"))
}

/// Issue 16: a selection whose start moved with `o` `w` is saved without a leading space, and
/// the status line, the panel, `folio list --json` and the JSON export say one progress.
#[test]
fn a_selection_snaps_to_words_and_progress_is_one_number_everywhere() {
    let config = common::tempdir();
    let folder = common::tempdir();
    let article = folder.path().join("zeitung.txt");
    std::fs::copy(asset("zeitung.txt"), &article).unwrap_or_else(|e| panic!("{e}"));
    let cfg = config.path().to_string_lossy().to_string();
    let path = article.to_string_lossy().to_string();
    let mut t = Term::folio(&["--config-dir", cfg.as_str(), path.as_str()], 80, 24);
    wait_page(&mut t, 1);
    t.send(" ");
    let s = wait_page(&mut t, 2);
    let shown = status_percent(&s).unwrap_or_else(|| panic!("no percent:\n{}", t.dump()));
    t.send("v");
    t.wait_for_text("Select:");
    t.send("ow\r");
    t.wait_for_text("Highlighted");
    t.send("\t");
    let s = t.wait_for_text("% read");
    let panel = rows(&s).join("\n");
    assert!(
        panel.contains(&format!(" {shown}% read ")),
        "the panel says {shown}%:\n{}",
        t.dump()
    );
    t.send("\t");
    t.wait_for("the panel closed", |s| !rows(s).join("").contains("% read"));
    quit_cleanly(&mut t);

    let listed = folio_json(&cfg, &["list", "--json"]);
    assert_eq!(listed[0]["progress"].as_u64(), Some(shown), "{listed}");
    let exported = folio_json(&cfg, &["export", path.as_str(), "--format", "json"]);
    let record = &exported["articles"][0];
    assert_eq!(record["progress"].as_u64(), Some(shown), "{record}");
    let exact = record["highlights"][0]["anchor"]["exact"]
        .as_str()
        .unwrap_or_else(|| panic!("a highlight: {record}"));
    assert_eq!(exact.trim(), exact, "no space at either end: {exact:?}");
    assert!(exact.starts_with(char::is_alphanumeric), "{exact:?}");
    // Exporting is not opening: last_opened is when the reader opened it.
    assert_eq!(record["last_opened"], listed[0]["last_opened"], "{record}");
}

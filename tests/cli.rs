//! End-to-end runs of the real `folio` binary on its non-interactive path: stdout is a pipe, so
//! folio prints the article reflowed to `--width` and exits.
//!
//! Every run gets its own `FOLIO_CONFIG_DIR` in a temporary folder, so nothing here reads or
//! writes the real home. Inputs that are awkward to keep in git (binary, Latin-1, escape
//! sequences, 4 MB) are written into temporary folders by the tests themselves.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use assert_cmd::Command;
use common::rng::Lcg;
use common::tempdir;
use folio::layout::width;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The result of one run, checked for the things no run may ever do.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }

    /// The lines of the article, without the `Links:` list after it (its targets are whole,
    /// one a line, however wide).
    fn text_lines(&self) -> Vec<&str> {
        let text = self.stdout.split("\nLinks:\n").next().unwrap_or_default();
        text.lines().collect()
    }

    fn assert_success(&self) -> &Self {
        assert_eq!(
            self.code,
            Some(0),
            "folio failed\nstderr:\n{}\nstdout (start):\n{}",
            self.stderr,
            head(&self.stdout)
        );
        self
    }

    fn assert_failure(&self) -> &Self {
        assert!(
            self.code.is_some_and(|c| c != 0),
            "folio should fail, exit code {:?}\nstderr:\n{}\nstdout (start):\n{}",
            self.code,
            self.stderr,
            head(&self.stdout)
        );
        self
    }

    /// Standard error holds each of `needles`.
    #[track_caller]
    fn assert_stderr_has(&self, needles: &[&str]) -> &Self {
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "{needle:?} not in:\n{}",
                self.stderr
            );
        }
        self
    }

    /// No output line is wider than `limit` cells.
    fn assert_width(&self, limit: usize) -> &Self {
        let wide: Vec<(usize, &str)> = self
            .lines()
            .into_iter()
            .enumerate()
            .filter(|(_, l)| width(l) > limit)
            .take(5)
            .collect();
        assert!(
            wide.is_empty(),
            "lines wider than {limit} cells (line number, text): {wide:#?}"
        );
        self
    }
}

fn head(s: &str) -> String {
    s.lines().take(20).collect::<Vec<_>>().join("\n")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn asset(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets")
        .join(name)
}

/// Runs folio with `args`, its config in `config`, stdout and stderr captured.
fn folio<I, S>(config: &TempDir, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    finish(common::cli::folio(config.path()).args(args))
}

/// `folio ARGS` with a config folder of its own.
fn folio_fresh<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    folio(&tempdir(), args)
}

/// `folio ARGS` reading `stdin` from a pipe.
fn folio_stdin(config: &TempDir, args: &[&str], stdin: &[u8]) -> Run {
    finish(
        common::cli::folio(config.path())
            .args(args)
            .write_stdin(stdin.to_vec()),
    )
}

/// Runs `cmd` (two minutes at most) and checks that it did not panic.
fn finish(cmd: &mut Command) -> Run {
    let output = cmd
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("folio runs");
    let run = Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked") && !run.stdout.contains("panicked"),
        "folio panicked:\n{}",
        run.stderr
    );
    run
}

/// Writes `bytes` to `name` in a fresh temporary folder.
fn file_with(name: &str, bytes: &[u8]) -> (TempDir, PathBuf) {
    let dir = tempdir();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write input file");
    (dir, path)
}

/// Asserts `line` appears as one whole output line (ignoring the indentation around it).
fn assert_whole_line(run: &Run, line: &str) {
    assert!(
        run.lines().iter().any(|l| l.trim() == line),
        "{line:?} is not a line of its own in:\n{}",
        run.stdout
    );
}

#[test]
fn hardwrapped_text_is_reflowed_to_the_width_and_keeps_its_poem() {
    let run = folio_fresh(["--width", "60", "assets/hardwrapped.txt"]);
    run.assert_success().assert_width(60);
    let lines = run.lines();
    assert_eq!(
        lines.first().map(|l| l.trim()),
        Some("Winter Letter from the Hollin Moor Beekeepers"),
        "the title is the first line:\n{}",
        head(&run.stdout)
    );
    // Verse keeps its lines, short ones included: they are not run together.
    for poem_line in [
        "Under the snow the hive is still,",
        "A held breath in the frost.",
        "Somewhere inside, a cluster slowly turns",
        "Wait for the willow,",
        "You did not know was coming home.",
    ] {
        assert_whole_line(&run, poem_line);
    }
    // The hard-wrapped prose is reflowed: the 72-column source lines are not kept at 60.
    let source = std::fs::read_to_string(asset("hardwrapped.txt")).unwrap();
    let kept = source
        .lines()
        .filter(|l| width(l) > 60)
        .filter(|l| lines.contains(l))
        .count();
    assert_eq!(kept, 0, "source lines wider than 60 survive unchanged");
}

#[test]
fn german_is_hyphenated_inside_long_compounds_with_hyphenate() {
    let run = folio_fresh(["--hyphenate", "--width", "40", "assets/zeitung.txt"]);
    run.assert_success().assert_width(40);
    let source = std::fs::read_to_string(asset("zeitung.txt")).unwrap();
    let lines = run.lines();
    // A syllable break: a line ending in letter + '-' whose word goes on in lower case on the
    // next line, and the two halves make a long word of the article.
    let splits: Vec<String> = lines
        .windows(2)
        .filter_map(|pair| {
            let (a, b) = (pair[0].trim_end(), pair[1].trim_start());
            let stem = a.strip_suffix('-')?;
            let first = stem.split(' ').next_back()?;
            let next = b.split(' ').next()?;
            let is_syllable_break =
                first.chars().last()?.is_alphabetic() && next.chars().next()?.is_lowercase();
            let word: String = format!("{first}{next}")
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string();
            is_syllable_break.then_some(word)
        })
        .collect();
    assert!(
        splits
            .iter()
            .any(|w| w.chars().count() >= 12 && source.contains(w.as_str())),
        "no long compound is hyphenated; breaks found: {splits:?}\n{}",
        run.stdout
    );
}

#[test]
fn markdown_essay_is_rendered_without_its_syntax() {
    let run = folio_fresh(["assets/essay.md"]);
    run.assert_success().assert_width(72);
    assert_eq!(
        run.lines().first().map(|l| l.trim()),
        Some("The Tide Clocks of Saltmere"),
        "the front-matter title is the first line:\n{}",
        head(&run.stdout)
    );
    for syntax in ["**", "](", "# ", "title: ", "author: "] {
        let found: Vec<&str> = run
            .lines()
            .into_iter()
            .filter(|l| l.contains(syntax))
            .collect();
        assert!(
            found.is_empty(),
            "Markdown syntax {syntax:?} in the output: {found:#?}"
        );
    }
    assert!(run.stdout.contains("Jerome Askew"), "the body is printed");
}

#[test]
fn a_binary_file_is_refused_by_name() {
    let mut elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0\x01\0\0\0".to_vec();
    for i in 0u32..2048 {
        elf.extend_from_slice(&i.to_le_bytes());
    }
    let (dir, path) = file_with("program", &elf);
    let run = folio(&dir, [&path]);
    run.assert_failure();
    let expected = format!(
        "folio: '{}' looks like a binary file, not an article",
        path.display()
    );
    assert!(
        run.stderr.contains(&expected),
        "stderr should contain {expected:?}, is:\n{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "nothing printed for a binary file");
}

#[test]
fn a_missing_file_is_named_and_said_not_found() {
    let dir = tempdir();
    let path = dir.path().join("no-such-article.txt");
    let run = folio(&dir, [&path]);
    run.assert_failure();
    assert!(
        run.stderr.contains(&path.display().to_string()) && run.stderr.contains("not found"),
        "stderr should name {} and say it was not found, is:\n{}",
        path.display(),
        run.stderr
    );
}

#[test]
fn a_folder_is_refused_as_a_folder() {
    let dir = tempdir();
    let run = folio(&dir, [dir.path()]);
    run.assert_failure();
    assert!(
        run.stderr.contains(&dir.path().display().to_string()) && run.stderr.contains("folder"),
        "stderr should say {} is a folder, is:\n{}",
        dir.path().display(),
        run.stderr
    );
}

#[test]
fn an_empty_file_prints_nothing_and_says_so() {
    let (dir, path) = file_with("empty.txt", b"");
    let run = folio(&dir, [&path]);
    run.assert_success();
    assert!(
        run.stdout.trim().lines().count() <= 1,
        "an empty article prints at most a title line:\n{}",
        run.stdout
    );
    // The reader is told the article is empty.
    run.assert_stderr_has(&["empty"]);
}

#[test]
fn windows_1252_with_crlf_is_decoded() {
    let text: &[u8] = b"Gr\xfc\xdfe aus Ebersm\xfchl\r\n\r\n\
        Liebe Leserinnen und Leser, der B\xe4cker in der Fischergasse \xf6ffnet \
        wieder fr\xfch am Morgen,\r\nund die Br\xf6tchen kosten jetzt 5 \x80 das Dutzend. \
        Die Stra\xdfe zum Rathaus ist wegen der Bauarbeiten\r\nbis zum Fr\xfchjahr \
        gesperrt; \x84Wir bitten um Geduld\x93, sagt der B\xfcrgermeister.\r\n\r\n\
        Mit freundlichen Gr\xfc\xdfen aus der Redaktion.\r\n";
    let (dir, path) = file_with("brief.txt", text);
    let run = folio(&dir, [&path]);
    run.assert_success().assert_width(72);
    for word in [
        "Grüße",
        "Bäcker",
        "öffnet",
        "Brötchen",
        "5 €",
        "Straße",
        "„Wir bitten um Geduld“",
    ] {
        assert!(
            run.stdout.contains(word),
            "{word:?} missing from the output:\n{}",
            run.stdout
        );
    }
    assert!(!run.stdout.contains('\r'), "a carriage return got through");
}

#[test]
fn terminal_escapes_and_c1_controls_never_reach_stdout() {
    let text = "Escapes\n\n\
        Before \x1b[31mred\x1b[0m after. \
        Copy \x1b]52;c;ZXZpbA==\x07 here. \
        Link \x1b]8;;https://example.com/\x1b\\text\x1b]8;;\x1b\\ end. \
        Eight-bit \u{9b}1;31m csi \u{9d}0;title\u{9c} osc \u{85} next \u{90}q\u{9c} dcs tail.\n";
    let (dir, path) = file_with("escapes.txt", text.as_bytes());
    let run = folio(&dir, [&path]);
    run.assert_success();
    let out = &run.stdout;
    assert!(!out.contains('\x1b'), "ESC in the output: {out:?}");
    assert!(!out.contains('\x07'), "BEL in the output: {out:?}");
    assert!(
        !out.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)),
        "a C1 control in the output: {out:?}"
    );
    assert!(
        !out.contains("ZXZpbA") && !out.contains("]8;;"),
        "escape sequence payloads leak: {out:?}"
    );
    let words: Vec<&str> = out.split_whitespace().collect();
    for word in [
        "Before", "red", "after.", "Copy", "here.", "Link", "text", "end.", "csi", "osc", "next",
        "dcs", "tail.",
    ] {
        assert!(words.contains(&word), "{word:?} lost: {out:?}");
    }
}

/// Reads output lines back as words: a line ending in '-' continues on the next line (the
/// input has no hyphens of its own, so every such hyphen was inserted by hyphenation).
fn unhyphenated_words(out: &str) -> Vec<String> {
    let mut joined = String::with_capacity(out.len());
    for line in out.lines() {
        let line = line.trim();
        match line.strip_suffix('-') {
            Some(stem) => joined.push_str(stem),
            None => {
                joined.push_str(line);
                joined.push(' ');
            }
        }
    }
    joined.split_whitespace().map(str::to_string).collect()
}

#[test]
fn a_four_megabyte_single_line_is_printed_whole() {
    const WORDS: &[&str] = &[
        "the",
        "tide",
        "clock",
        "of",
        "Saltmere",
        "keeps",
        "its",
        "own",
        "time,",
        "and",
        "harbour",
        "water.",
        "remembered",
        "extraordinary",
        "circumstances",
        "neighbourhood",
        "responsibility",
        "understanding",
    ];
    let mut rng = Lcg(42);
    let mut text = String::with_capacity(4 * 1024 * 1024 + 64);
    while text.len() < 4 * 1024 * 1024 {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(WORDS[rng.below(WORDS.len())]);
    }
    assert!(!text.contains('\n'));
    let (dir, path) = file_with("one-line.txt", text.as_bytes());
    let run = folio(&dir, ["--width".as_ref(), "60".as_ref(), path.as_os_str()]);
    run.assert_success().assert_width(60);
    let input: Vec<&str> = text.split_whitespace().collect();
    let output = unhyphenated_words(&run.stdout);
    assert_eq!(output.len(), input.len(), "word count differs");
    assert_eq!(output.first().map(String::as_str), input.first().copied());
    assert_eq!(output.last().map(String::as_str), input.last().copied());
    if let Some(i) = (0..input.len()).find(|&i| output[i] != input[i]) {
        panic!(
            "word {i} differs: output {:?}, input {:?}",
            &output[i.saturating_sub(3)..(i + 3).min(output.len())],
            &input[i.saturating_sub(3)..(i + 3).min(input.len())]
        );
    }
}

#[test]
fn a_width_below_eight_is_refused() {
    let run = folio_fresh(["--width", "5", "assets/essay.md"]);
    run.assert_failure();
    assert!(
        run.stderr.contains("--width") && run.stderr.contains("8..=1000"),
        "clap should explain the allowed range, stderr:\n{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn help_and_version_succeed() {
    let config = tempdir();
    let help = folio(&config, ["--help"]);
    help.assert_success();
    assert!(help.stdout.contains("--width"), "help:\n{}", help.stdout);
    let version = folio(&config, ["--version"]);
    version.assert_success();
    assert_eq!(
        version.stdout.trim(),
        format!("folio {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn standard_input_is_read_as_plain_text_markdown_or_a_web_page() {
    let config = tempdir();
    let run = folio_stdin(
        &config,
        &["--width", "40", "-"],
        b"A Piped Title\n\nBy Ann Lee\n\nSome text that came down a pipe.\n",
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.starts_with("             A Piped Title"),
        "{}",
        run.stdout
    );
    // --format markdown: no Markdown syntax left.
    let essay = std::fs::read(asset("essay.md")).expect("sample");
    let run = folio_stdin(&config, &["--format", "markdown", "-"], &essay);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.contains("The Tide Clocks of Saltmere"));
    assert!(!run.stdout.contains("**") && !run.stdout.contains("]("));
    // A web page is recognised by its tags without a hint.
    let page = b"<!doctype html><html lang=en><head><title>Piped Page</title></head>\
        <body><article><h1>Piped Page</h1><p>The first paragraph of the piped page.</p>\
        <p>A second paragraph, <em>emphasised</em> here.</p></article></body></html>";
    let run = folio_stdin(&config, &["-"], page);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("The first paragraph of the piped page."),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("<p>") && !run.stdout.contains("<em>"),
        "{}",
        run.stdout
    );
    // Binary on stdin is refused like a binary file.
    let run = folio_stdin(&config, &["-"], b"\x7fELF\x00\x00\x00\x00\x01\x00\x00\x00");
    assert_eq!(run.code, Some(1));
    run.assert_stderr_has(&["standard input looks like a binary file"]);
    // An unknown --format is a usage error naming the choices.
    let run = folio_stdin(&config, &["--format", "pdf", "-"], b"x");
    assert_eq!(run.code, Some(2));
    run.assert_stderr_has(&["plain, markdown, html or epub"]);
}

#[test]
fn print_config_shows_the_commented_example_and_it_is_valid() {
    let config = tempdir();
    let run = folio(&config, ["--print-config"]);
    run.assert_success();
    let example = std::fs::read_to_string(asset("config.toml")).expect("assets/config.toml");
    assert_eq!(run.stdout, example);
    for setting in common::settings() {
        assert!(
            run.stdout.contains(setting),
            "{setting} is not in the example"
        );
    }
    // Saved as the reader's config, it changes nothing.
    std::fs::write(config.path().join("config.toml"), &run.stdout).expect("write config");
    let run = folio(
        &config,
        ["--width", "40", asset("essay.md").to_str().unwrap()],
    );
    run.assert_success();
}

#[test]
fn config_measure_sets_the_width_and_the_command_line_wins() {
    let config = tempdir();
    std::fs::write(config.path().join("config.toml"), "measure = 30\n").expect("write config");
    let essay = asset("essay.md");
    let run = folio(&config, [essay.as_path()]);
    run.assert_success();
    let widest = run.text_lines().iter().map(|l| width(l)).max().unwrap_or(0);
    assert!((25..=30).contains(&widest), "widest line {widest}");
    let run = folio(&config, ["--width", "60", essay.to_str().unwrap()]);
    let widest = run.text_lines().iter().map(|l| width(l)).max().unwrap_or(0);
    assert!((50..=60).contains(&widest), "widest line {widest}");
}

#[test]
fn a_bad_config_names_the_line_and_the_valid_choices() {
    let config = tempdir();
    std::fs::write(
        config.path().join("config.toml"),
        "# mine\ntheme = \"blue\"\n\n[keys.reading]\nnxt_page = [\"n\"]\n",
    )
    .expect("write config");
    let run = folio(&config, [asset("essay.md")]);
    run.assert_failure();
    assert_eq!(run.code, Some(1));
    assert!(run.stdout.is_empty());
    run.assert_stderr_has(&[
        "config.toml line 2",
        "default, light, dark, sepia, mono",
        "line 5",
        "nxt_page",
        "next_page",
        "--print-config",
    ]);
}

#[test]
fn an_unknown_theme_on_the_command_line_is_a_usage_error() {
    let run = folio_fresh(["--theme", "blue", asset("essay.md").to_str().unwrap()]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("sepia"), "{}", run.stderr);
}

/// A German paragraph of long words, as an insurance letter has them.
const GERMAN: &str = "Die versicherte Person erhält die Versicherungsbedingungen und die \
Leistungsbeschreibung zusammen mit dem Beitragsbescheid. Die Krankenversicherungsgesellschaft \
prüft die Kostenübernahmeerklärung innerhalb der Bearbeitungsfrist und benachrichtigt die \
versicherte Person über die Entscheidung der Widerspruchsstelle.\n";

const LONG_WORDS: [&str; 7] = [
    "versicherte",
    "Versicherungsbedingungen",
    "Leistungsbeschreibung",
    "Beitragsbescheid.",
    "Krankenversicherungsgesellschaft",
    "Kostenübernahmeerklärung",
    "Bearbeitungsfrist",
];

#[test]
fn piped_output_breaks_no_word_unless_asked() {
    let (_dir, path) = file_with("brief.txt", GERMAN.as_bytes());
    let run = folio_fresh(["--width".as_ref(), "40".as_ref(), path.as_os_str()]);
    run.assert_success().assert_width(40);
    let words: Vec<&str> = run.stdout.split_whitespace().collect();
    for long in LONG_WORDS {
        assert!(
            words.contains(&long),
            "{long} is broken in:\n{}",
            run.stdout
        );
    }
    assert!(
        run.lines().iter().all(|l| !l.ends_with('-')),
        "{}",
        run.stdout
    );
    let hyphenated = folio_fresh([
        "--hyphenate".as_ref(),
        "--width".as_ref(),
        "40".as_ref(),
        path.as_os_str(),
    ]);
    hyphenated.assert_success().assert_width(40);
    assert!(
        hyphenated.lines().iter().any(|l| l.ends_with('-')),
        "{}",
        hyphenated.stdout
    );
}

#[test]
fn config_ruby_hidden_shows_the_base_text_alone() {
    let page = std::fs::read(fixture("html/ruby.html")).expect("ruby.html");
    let (_dir, path) = file_with("ruby.html", &page);
    let shown = folio_fresh(["--width".as_ref(), "60".as_ref(), path.as_os_str()]);
    shown.assert_success();
    assert!(
        shown.stdout.contains("山路(やまみち)を登りながら"),
        "{}",
        shown.stdout
    );
    let config = tempdir();
    std::fs::write(config.path().join("config.toml"), "ruby = \"hidden\"\n").expect("config");
    let hidden = folio(
        &config,
        ["--width".as_ref(), "60".as_ref(), path.as_os_str()],
    );
    hidden.assert_success();
    assert!(
        hidden.stdout.contains("山路を登りながら"),
        "{}",
        hidden.stdout
    );
    assert!(!hidden.stdout.contains("やまみち"), "{}", hidden.stdout);
}

#[test]
fn the_hyphenate_flag_wins_over_config_hyphenate_false() {
    let config = tempdir();
    std::fs::write(config.path().join("config.toml"), "hyphenate = false\n").expect("config");
    let (_dir, path) = file_with("brief.txt", GERMAN.as_bytes());
    let args = ["--width".as_ref(), "40".as_ref(), path.as_os_str()];
    let plain = folio(&config, args);
    plain.assert_success();
    assert!(
        plain.lines().iter().all(|l| !l.ends_with('-')),
        "{}",
        plain.stdout
    );
    let flag = folio(
        &config,
        [
            "--hyphenate".as_ref(),
            "--width".as_ref(),
            "40".as_ref(),
            path.as_os_str(),
        ],
    );
    flag.assert_success();
    assert!(
        flag.lines().iter().any(|l| l.ends_with('-')),
        "{}",
        flag.stdout
    );
}

#[test]
fn inline_code_is_never_hyphenated_even_when_asked() {
    let text = "# Status\n\nDie Antwort steht in der Eigenschaft `statusTextBeschreibung` \
                des Objekts, siehe https://example.org/dokumentation/antwortobjekte dort.\n";
    let (_dir, path) = file_with("status.md", text.as_bytes());
    for width in ["24", "28", "32"] {
        let run = folio_fresh([
            "--hyphenate".as_ref(),
            "--width".as_ref(),
            width.as_ref(),
            path.as_os_str(),
        ]);
        run.assert_success();
        assert!(
            run.stdout.contains("statusTextBeschreibung"),
            "at {width}:\n{}",
            run.stdout
        );
        assert!(
            !run.lines()
                .iter()
                .any(|l| l.contains("https") && l.ends_with('-')),
            "at {width}:\n{}",
            run.stdout
        );
    }
}

#[test]
fn help_lists_hyphenate() {
    let run = folio_fresh(["--help"]);
    run.assert_success();
    assert!(run.stdout.contains("--hyphenate"), "{}", run.stdout);
}

/// Issue 14: piped output prints the lines of a wide table and of code whole, however narrow
/// `--width` is (they are never wrapped), and wraps the running text around them.
#[test]
fn piped_tables_and_code_lines_are_printed_whole_at_width_40() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wide/manual.txt");
    let run = folio_fresh(["--width".as_ref(), "40".as_ref(), path.as_os_str()]);
    run.assert_success();
    let source = std::fs::read_to_string(&path).unwrap();
    let kept: Vec<&str> = source
        .lines()
        .filter(|l| l.starts_with('+') || l.starts_with('|') || l.starts_with("$ "))
        .collect();
    assert_eq!(kept.len(), 10);
    for line in &kept {
        assert_whole_line(&run, line);
    }
    assert!(
        run.stdout
            .contains("| I:0  | mountfähige Medien | floppy disks,")
    );
    // Everything else fits the width.
    for line in run.lines().iter().filter(|l| !kept.contains(l)) {
        assert!(width(line) <= 40, "{line:?} is wider than 40");
    }
}

#[test]
fn piped_links_are_numbered_and_listed_at_the_end() {
    let run = folio_fresh(["--width", "40", "tests/fixtures/html/links.html"]);
    run.assert_success();
    for item in [
        "Tide tables[1]",
        "Ferry times[2]",
        "Museum opening hours[3]",
    ] {
        assert!(run.stdout.contains(item), "{item:?} in:\n{}", run.stdout);
    }
    let tail: Vec<&str> = run.lines().into_iter().rev().take(5).collect();
    assert_eq!(
        tail,
        [
            "[3] https://example.org/museum",
            "[2] https://example.org/ferries",
            "[1] https://example.org/tides",
            "Links:",
            "",
        ],
        "the list ends the output:\n{}",
        run.stdout
    );
}

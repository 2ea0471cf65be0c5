//! `config.toml`: settings, their errors (with line numbers and the valid choices), the bundled
//! example, loading from the config directory, and a key override showing in the help overlay.

mod common;

use common::app::{draw, press, rows, settle};
use folio::app::App;
use folio::config::{Config, ConfigError, EXAMPLE, THEME_NAMES};
use folio::keymap::{Action, Key, KeyCode, KeyOverride, Keymap, Mode};
use folio::samples::SAMPLES;
use std::path::PathBuf;
use std::sync::Arc;

fn parse(text: &str) -> Config {
    match Config::parse(text, "config.toml") {
        Ok(c) => c,
        Err(e) => panic!("{e}\n--- in ---\n{text}"),
    }
}

/// The error's text; panics when the text parses.
fn error(text: &str) -> String {
    match Config::parse(text, "config.toml") {
        Ok(c) => panic!("expected an error, got {c:?}\n--- from ---\n{text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_full_file_sets_everything() {
    let c = parse(
        r#"
# my settings
measure = 64
theme = "dark"
hyphenate = false
justify = true
wpm = 310
mouse = false
export_dir = "/srv/notes"

[search]
ignore_accents = true

[keys]
help = ["F1", "?"]

[keys.reading]
next_page = ["Space", "PageDown", "n"]
next_match = ["Ctrl-n"]

[keys.panel]
delete = ["x", "Delete"]
export = []
"#,
    );
    assert_eq!(c.measure, Some(64));
    assert_eq!(c.theme.as_deref(), Some("dark"));
    assert!(!c.hyphenate);
    assert!(c.justify);
    assert_eq!(c.wpm, 310);
    assert!(!c.mouse);
    assert_eq!(c.export_dir, Some(PathBuf::from("/srv/notes")));
    assert!(c.search_ignore_accents);
    assert_eq!(
        c.keys,
        [
            KeyOverride {
                mode: Mode::Reading,
                action: Action::Help,
                keys: vec![Key::plain(KeyCode::F(1)), Key::char('?')],
            },
            KeyOverride {
                mode: Mode::Reading,
                action: Action::NextPage,
                keys: vec![
                    Key::char(' '),
                    Key::plain(KeyCode::PageDown),
                    Key::char('n')
                ],
            },
            KeyOverride {
                mode: Mode::Reading,
                action: Action::NextMatch,
                keys: vec![Key::ctrl('n')],
            },
            KeyOverride {
                mode: Mode::Panel,
                action: Action::Delete,
                keys: vec![Key::char('x'), Key::plain(KeyCode::Delete)],
            },
            KeyOverride {
                mode: Mode::Panel,
                action: Action::Export,
                keys: vec![],
            },
        ]
    );
    let km = c.keymap();
    assert_eq!(
        km.action(Mode::Reading, Key::char('n')),
        Some(Action::NextPage)
    );
    assert_eq!(
        km.action(Mode::Reading, Key::ctrl('n')),
        Some(Action::NextMatch)
    );
    assert_eq!(
        km.action(Mode::Reading, Key::plain(KeyCode::F(1))),
        Some(Action::Help)
    );
    // next_page's other default keys are gone; prev_page keeps its own.
    assert_eq!(km.action(Mode::Reading, Key::char('j')), None);
    assert_eq!(
        km.action(Mode::Reading, Key::char('k')),
        Some(Action::PrevPage)
    );
    assert_eq!(km.action(Mode::Panel, Key::char('x')), Some(Action::Delete));
    assert_eq!(km.action(Mode::Panel, Key::char('d')), None);
}

#[test]
fn unknown_action_names_the_line_and_the_modes_actions() {
    let e = error("wpm = 250\n\n[keys.reading]\nnext_page = [\"n\"]\nnxt_page = [\"p\"]\n");
    assert!(
        e.starts_with("config.toml line 5: unknown action 'nxt_page' in [keys.reading]; valid: "),
        "{e}"
    );
    let valid = e.split("valid: ").nth(1).unwrap_or_default();
    let listed: Vec<&str> = valid.split(", ").collect();
    let expected: Vec<String> = Mode::Reading.actions().iter().map(|a| a.name()).collect();
    assert_eq!(listed, expected);
    assert!(listed.contains(&"next_page") && listed.contains(&"cycle_theme"));

    // An action that exists but does nothing in that mode lists that mode's actions.
    let e = error("[keys.help]\nexport = [\"x\"]\n");
    assert_eq!(
        e,
        "config.toml line 2: action 'export' does nothing in help mode in [keys.help]; \
         valid: down, up, back, quit"
    );

    // An unknown mode lists the modes.
    let e = error("[keys.reader]\nnext_page = [\"n\"]\n");
    assert!(
        e.starts_with("config.toml line 1: unknown mode 'keys.reader'"),
        "{e}"
    );
    assert!(
        e.contains(
            "[keys.reading], [keys.select], [keys.panel], [keys.outline], [keys.links], \
             [keys.help], [keys.library]"
        ),
        "{e}"
    );
}

#[test]
fn a_bad_key_names_the_line_and_what_keys_look_like() {
    let e = error("mouse = true\n[keys]\nnext_page = [\"Space\",\n  \"Hyper-x\"]\n");
    assert!(
        e.starts_with(
            "config.toml line 4: cannot read key 'Hyper-x' for next_page in [keys]; keys look \
             like x, Space, Ctrl-z, Alt-x, PageDown, F5"
        ),
        "{e}"
    );
    assert!(e.contains("PageUp, PageDown; F1 to F12"), "{e}");

    let e = error("[keys.select]\ncopy = [\"F13\"]\n");
    assert!(
        e.starts_with("config.toml line 2: cannot read key 'F13' for copy in [keys.select]"),
        "{e}"
    );

    let e = error("[keys.select]\ncopy = 3\n");
    assert!(
        e.starts_with("config.toml line 2: copy = 3 is not valid"),
        "{e}"
    );
}

#[test]
fn a_key_given_to_two_actions_of_one_mode_is_an_error() {
    let e = error("[keys.reading]\nnext_page = [\"n\"]\nnext_match = [\"F3\", \"n\"]\n");
    assert_eq!(
        e,
        "config.toml line 3: key 'n' is given to both next_page ([keys.reading]) and next_match \
         ([keys.reading]) in reading mode; a key does one thing in a mode"
    );
    // In different modes it is fine.
    let c = parse("[keys.reading]\nnext_page = [\"n\"]\n[keys.panel]\nnext_page = [\"n\"]\n");
    assert_eq!(c.keys.len(), 2);
}

#[test]
fn bad_values_name_the_line_and_the_valid_values() {
    assert_eq!(
        error("measure = 72\ntheme = \"blue\"\n"),
        "config.toml line 2: theme 'blue' is not one of default, light, dark, sepia, mono"
    );
    assert_eq!(
        error("\n\nmeasure = 5\n"),
        "config.toml line 3: measure = 5 is out of range: the column width is a whole number \
         from 24 to 200 (default 72)"
    );
    assert_eq!(
        error("wpm = \"fast\"\n"),
        "config.toml line 1: wpm = \"fast\" is not valid: the reading pace is a whole number of \
         words per minute from 50 to 1500 (default 230)"
    );
    assert_eq!(
        error("justify = \"yes\"\n"),
        "config.toml line 1: justify = \"yes\" is not valid: write true or false (no quotes)"
    );
    assert_eq!(
        error("[search]\nignore_accents = 1\n"),
        "config.toml line 2: ignore_accents = 1 is not valid: write true or false (no quotes)"
    );
    assert!(error("export_dir = 7\n").starts_with("config.toml line 1: export_dir = 7"));
    // Theme names are not case-sensitive; the stored name is the canonical one.
    assert_eq!(parse("theme = \"Mono\"").theme.as_deref(), Some("mono"));
}

#[test]
fn several_problems_are_all_reported_one_per_line() {
    let e = error("theme = \"blue\"\nmeasure = 5\n[keys]\nnext_page = [\"Hyper-x\"]\n");
    let lines: Vec<&str> = e.lines().collect();
    assert_eq!(lines.len(), 3, "{e}");
    assert!(lines[0].starts_with("config.toml line 1: theme"));
    assert!(lines[1].starts_with("config.toml line 2: measure"));
    assert!(lines[2].starts_with("config.toml line 4: cannot read key"));
}

#[test]
fn an_unknown_setting_is_an_error_listing_the_settings() {
    assert_eq!(
        error("measure = 70\n# the theme\nthme = \"dark\"\n"),
        "config.toml line 3: unknown setting 'thme'; valid: measure, theme, hyphenate, justify, \
         links, ruby, spread, wpm, mouse, export_dir, [search], [keys]"
    );
    assert_eq!(
        error("[search]\nignore_accent = true\n"),
        "config.toml line 2: unknown setting 'ignore_accent' in [search]; valid: ignore_accents"
    );
}

#[test]
fn a_syntax_error_names_its_line() {
    let e = error("measure = 72\ntheme = \"dark\n");
    assert!(e.starts_with("config.toml line 2: not valid TOML: "), "{e}");
    let e = error("wpm = 200\n\nwpm = 300\n");
    assert!(e.starts_with("config.toml line 3: not valid TOML: "), "{e}");
    assert!(e.contains("duplicate key"), "{e}");
}

#[test]
fn the_example_parses_to_the_defaults() {
    assert_eq!(parse(EXAMPLE), Config::default());
}

/// The example with every commented-out setting (`# name = value`, `# [table]`) switched on.
fn example_switched_on() -> String {
    EXAMPLE
        .lines()
        .map(|line| match line.strip_prefix("# ") {
            Some(rest)
                if rest.starts_with('[')
                    || rest.split_once(" = ").is_some_and(|(name, _)| {
                        !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                    }) =>
            {
                rest.to_string()
            }
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_example_shows_the_true_defaults_and_every_action_of_every_mode() {
    let on = example_switched_on();
    let c = parse(&on);
    let expected = Config {
        measure: Some(72),
        theme: Some("default".into()),
        export_dir: Some(PathBuf::from("exports")),
        keys: c.keys.clone(),
        ..Config::default()
    };
    assert_eq!(c, expected);
    // Every action of every mode is listed, with its default keys.
    for mode in Mode::ALL {
        for action in mode.actions() {
            assert!(
                c.keys.iter().any(|o| o.mode == mode && o.action == action),
                "{} missing from [keys.{}] in the example",
                action.name(),
                mode.name()
            );
        }
    }
    let (ours, defaults) = (c.keymap(), Keymap::default());
    for mode in Mode::ALL {
        assert_eq!(
            ours.help_rows(mode).collect::<Vec<_>>(),
            defaults.help_rows(mode).collect::<Vec<_>>(),
            "{mode:?}"
        );
    }
    // Every setting is in the example.
    for name in common::settings() {
        assert!(
            on.lines().any(|l| l.starts_with(&format!("{name} = "))),
            "{name}"
        );
    }
}

#[test]
fn the_lists_agree_with_the_app() {
    assert_eq!(THEME_NAMES, folio::app::THEMES);
    assert_eq!(folio::config::MIN_MEASURE, folio::app::MIN_MEASURE);
    assert_eq!(folio::config::MAX_MEASURE, folio::app::MAX_MEASURE);
}

#[test]
fn load_reads_the_config_dir_and_a_missing_file_is_the_defaults() {
    let dir = common::tempdir();
    assert_eq!(Config::load(Some(dir.path())).ok(), Some(Config::default()));
    assert_eq!(Config::load(None).ok(), Some(Config::default()));

    let path = dir.path().join("config.toml");
    let write = |text: &str| {
        if let Err(e) = std::fs::write(&path, text) {
            panic!("write: {e}");
        }
    };
    write("\u{feff}wpm = 280\nexport_dir = \"notes\"\n");
    let c = match Config::load(Some(dir.path())) {
        Ok(c) => c,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(c.wpm, 280);
    assert_eq!(c.export_dir, Some(dir.path().join("notes")));

    // An invalid file is an error naming the file's path.
    write("wpm = 280\nmeasure = 5\n");
    match Config::load(Some(dir.path())) {
        Err(e @ ConfigError::Invalid { .. }) => {
            let text = e.to_string();
            assert!(
                text.starts_with(&format!("{} line 2: measure = 5", path.display())),
                "{text}"
            );
            assert_eq!(e.problems().first().and_then(|p| p.line), Some(2));
        }
        other => panic!("expected an invalid-file error, got {other:?}"),
    }

    // Not UTF-8: an error with the line of the first bad byte.
    if let Err(e) = std::fs::write(&path, b"wpm = 280\ntheme = \"s\xe9pia\"\n") {
        panic!("write: {e}");
    }
    let text = Config::load(Some(dir.path())).err().map(|e| e.to_string());
    assert!(
        text.as_deref()
            .is_some_and(|t| t.contains("line 2: this is not UTF-8")),
        "{text:?}"
    );

    // A config.toml that cannot be read (here: a folder) is a read error, not the defaults.
    let other = common::tempdir();
    if let Err(e) = std::fs::create_dir(other.path().join("config.toml")) {
        panic!("mkdir: {e}");
    }
    assert!(matches!(
        Config::load(Some(other.path())),
        Err(ConfigError::Read { .. })
    ));
}

#[test]
fn a_key_override_changes_the_help_overlay() {
    let config = parse(
        "[keys.reading]\nnext_page = [\"Space\", \"n\"]\nnext_match = [\"F3\"]\nsuspend = []\n",
    );
    let doc = Arc::new(SAMPLES[0].document());
    let mut app = App::with_document(doc, (80, 24), 72);
    app.settings.keymap = config.keymap();
    settle(&mut app);

    // The override works: n turns the page.
    let page = app.view.page;
    press(&mut app, &["n"]);
    assert_eq!(app.view.page, page + 1);

    press(&mut app, &["?"]);
    let terminal = draw(&app, 80, 24);
    let screen = rows(&terminal);
    let line = |what: &str| {
        screen
            .iter()
            .find(|l| l.contains(&format!("  {what} ")))
            .cloned()
            .unwrap_or_else(|| panic!("no '{what}' row in\n{}", screen.join("\n")))
    };
    let next_page = line("next page");
    assert!(next_page.contains("│ Space n "), "{next_page}");
    assert!(!next_page.contains("PgDn"), "{next_page}");
    assert!(line("next match").contains("│ F3 "));
    assert!(line("previous page").contains("│ b PgUp ← h k ↑ "));
    insta::assert_snapshot!("help_with_key_overrides_80x24", terminal.backend());
}

//! The `folio` command: parses arguments, runs, turns errors into messages and exit codes.
//!
//! It reads articles and records only through `session` and drives the terminal only through
//! `tui`; the CLI verbs are `commands`. Settings are resolved once here: the command line over
//! config.toml over what the reader chose last time.

use clap::{CommandFactory, Parser, Subcommand};
use folio::app::{App, MIN_HEIGHT, MIN_WIDTH, Msg};
use folio::commands::{self, CommandError};
use folio::config::Config;
use folio::export::Format;
use folio::format::Format as ArticleFormat;
use folio::format::inline::ParseOptions;
use folio::layout::DEFAULT_MEASURE;
use folio::session::{self, Pending, Session};
use folio::store::{Paths, Store};
use folio::{open, tui};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// How much of a long article is parsed before its first page is shown.
const FIRST_BYTES: usize = 64 * 1024;

/// How long the first frame of an article reopened at a saved place shows only the status
/// line while its record is looked up; then the page it has (the beginning) is drawn.
const HOLD: std::time::Duration = std::time::Duration::from_millis(50);

/// A terminal reader for long-form articles.
///
/// In a terminal, folio shows the article page by page (? lists the keys). When its output is
/// not a terminal, it prints the article reflowed to --width and exits.
#[derive(Debug, Parser)]
#[command(name = "folio", version, about, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// The article to open (plain text, Markdown, a saved web page, an EPUB), or - for standard
    /// input. Without one, folio offers its samples.
    path: Option<PathBuf>,
    /// Width of the text column in cells (default 72).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(8..=1000))]
    width: Option<u16>,
    /// Where folio keeps positions, bookmarks and highlights (default: FOLIO_CONFIG_DIR, else
    /// the platform's config folder, ~/.config/folio on Linux).
    #[arg(long, value_name = "DIR")]
    config_dir: Option<PathBuf>,
    /// Leave the mouse to the terminal (text selection) instead of wheel and clicks.
    #[arg(long)]
    no_mouse: bool,
    /// Colour theme: default, light, dark, sepia or mono (c cycles while reading).
    #[arg(long, value_name = "NAME", value_parser = clap::builder::PossibleValuesParser::new(folio::config::THEME_NAMES))]
    theme: Option<String>,
    /// Print a commented example config.toml (every setting, every key) and exit.
    #[arg(long)]
    print_config: bool,
    /// The article's format when its name does not tell (plain, markdown, html, epub); for
    /// standard input (`-`) the default is plain text, with web pages and EPUBs recognised.
    #[arg(long, value_name = "FORMAT", value_parser = ArticleFormat::from_name)]
    format: Option<ArticleFormat>,
    /// Hyphenate long words at the line ends of piped output too (off by default, so that
    /// grep finds every word whole); in a terminal, hyphenate even if config.toml says
    /// `hyphenate = false`.
    #[arg(long)]
    hyphenate: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write highlights and bookmarks in a format note tools import.
    Export {
        /// Articles to export (their files); see also --all.
        articles: Vec<PathBuf>,
        /// Every article folio knows.
        #[arg(long)]
        all: bool,
        /// markdown, json, w3c, readwise, clippings or org.
        #[arg(long, short, default_value = "markdown", value_parser = parse_format)]
        format: Format,
        /// Write to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Where folio keeps its records (as for reading).
        #[arg(long, value_name = "DIR")]
        config_dir: Option<PathBuf>,
    },
    /// The articles folio knows: title, progress, highlights, bookmarks, last read, path.
    List {
        /// One JSON array, for scripts.
        #[arg(long)]
        json: bool,
        #[arg(long, value_name = "DIR")]
        config_dir: Option<PathBuf>,
    },
    /// The article's outline, one `level<TAB>page<TAB>heading` line each (level 0 is the
    /// title): the pages the reader shows in a terminal of --width x --height cells, with the
    /// column width, hyphenation and justification of config.toml.
    Outline {
        /// The article (as for reading), or - for standard input.
        path: PathBuf,
        /// The terminal's width in cells (not the column's: that is config.toml's measure).
        #[arg(long, value_name = "N", default_value_t = 80, value_parser = clap::value_parser!(u16).range(i64::from(MIN_WIDTH)..=1000))]
        width: u16,
        /// The terminal's height in rows, the status line included.
        #[arg(long, value_name = "N", default_value_t = 24, value_parser = clap::value_parser!(u16).range(i64::from(MIN_HEIGHT)..=1000))]
        height: u16,
        /// The article's format when its name does not tell (plain, markdown, html, epub).
        #[arg(long, value_name = "FORMAT", value_parser = ArticleFormat::from_name)]
        format: Option<ArticleFormat>,
        /// Where folio keeps config.toml (as for reading); nothing is stored.
        #[arg(long, value_name = "DIR")]
        config_dir: Option<PathBuf>,
    },
    /// Shell completions for bash, zsh, fish, elvish or powershell, to standard output.
    Completions { shell: clap_complete::Shell },
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
}

fn main() -> ExitCode {
    // clap repeats a bad argument in its message: sanitised, so a crafted file name or value
    // cannot drive the terminal (colours are lost; --help and --version are unchanged).
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if err.use_stderr() => {
            let text = err.render().to_string();
            let clean: Vec<String> = text.lines().map(folio::decode::sanitize_line).collect();
            let _ = writeln!(io::stderr(), "{}", clean.join("\n").trim_end());
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
        }
        Err(err) => err.exit(),
    };
    if let Some(command) = &cli.command {
        return finish(subcommand(command));
    }
    finish(run(&cli))
}

fn subcommand(command: &Command) -> anyhow::Result<u8> {
    let mut stdout = io::stdout().lock();
    match command {
        Command::Export {
            articles,
            all,
            format,
            output,
            config_dir,
        } => {
            let paths = Paths::resolve(config_dir.as_deref());
            let config = load_config(paths.as_ref())?;
            let session =
                Session::new(Store::new(paths), None).with_parse_options(parse_options(&config));
            commands::export_cmd(
                &session,
                articles,
                *all,
                *format,
                output.as_deref(),
                &mut stdout,
            )
            .map_err(anyhow::Error::from)?;
        }
        Command::List { json, config_dir } => {
            let store = Store::new(Paths::resolve(config_dir.as_deref()));
            commands::list_cmd(&store, *json, &mut stdout)?;
        }
        Command::Outline {
            path,
            width,
            height,
            format,
            config_dir,
        } => {
            let config = load_config(Paths::resolve(config_dir.as_deref()).as_ref())?;
            outline(path, *format, (*width, *height), &config, &mut stdout)?;
        }
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut Cli::command(), "folio", &mut stdout);
        }
    }
    Ok(0)
}

/// `folio outline`: the article's headings with their pages as the reader lays it out in a
/// terminal of `size`, with config.toml's measure, hyphenation and justification. Only
/// config.toml is read from the config folder: no record is looked up, made or changed.
fn outline(
    path: &Path,
    format: Option<ArticleFormat>,
    size: (u16, u16),
    config: &Config,
    stdout: &mut impl Write,
) -> anyhow::Result<()> {
    let measure = config.measure.unwrap_or(DEFAULT_MEASURE);
    let settings = folio::app::Settings {
        hyphenate: config.hyphenate,
        justify: config.justify,
        plain_links: config.plain_links,
        ..folio::app::Settings::default()
    };
    let opts = folio::app::reading_layout(size, measure, &settings);
    let doc = Arc::new(read_article(path, format, usize::MAX, config)?.document());
    tell(&doc.meta.notices);
    commands::outline_cmd(doc, opts, &mut io::BufWriter::new(stdout))?;
    Ok(())
}

/// Errors to messages and exit codes: 1 for a failure (usage errors are clap's 2); a closed
/// pipe (`folio list | head`) is not an error.
fn finish(result: anyhow::Result<u8>) -> ExitCode {
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            let broken_pipe = |e: &io::Error| e.kind() == io::ErrorKind::BrokenPipe;
            if err.downcast_ref::<io::Error>().is_some_and(broken_pipe)
                || matches!(err.downcast_ref::<CommandError>(), Some(CommandError::Io(e)) if broken_pipe(e))
            {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(io::stderr(), "folio: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> anyhow::Result<u8> {
    if cli.print_config {
        io::stdout()
            .lock()
            .write_all(folio::config::EXAMPLE.as_bytes())?;
        return Ok(0);
    }
    let start = Start::new(cli)?;
    match cli.path.as_deref() {
        None => library(&start, None),
        Some(dir) if dir.is_dir() => library(&start, Some(dir)),
        Some(path) => article(&start, path),
    }
}

/// What every way of running is started with: the command line, config.toml and the terminal.
struct Start<'a> {
    cli: &'a Cli,
    config: Config,
    paths: Option<Paths>,
    measure: u16,
    /// Standard output is a terminal: read there (else print the article).
    interactive: bool,
    color: bool,
}

impl Start<'_> {
    fn new(cli: &Cli) -> anyhow::Result<Start<'_>> {
        let paths = Paths::resolve(cli.config_dir.as_deref());
        let config = load_config(paths.as_ref())?;
        Ok(Start {
            measure: cli.width.or(config.measure).unwrap_or(DEFAULT_MEASURE),
            interactive: io::stdout().is_terminal(),
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            cli,
            config,
            paths,
        })
    }

    fn session(&self) -> Session {
        Session::new(
            Store::new(self.paths.clone()),
            self.config.export_dir.clone(),
        )
        .with_parse_options(parse_options(&self.config))
    }

    /// Reads in the terminal until the reader quits.
    fn read(&self, mut app: App, jobs: Vec<tui::Job>, session: Session) -> anyhow::Result<u8> {
        app.settings.measure = self.measure;
        settings(&mut app, self, session.store());
        Ok(tui::run(app, jobs, session)?.code())
    }
}

/// config.toml in the config folder; its mistakes stop folio, with a pointer to the example.
fn load_config(paths: Option<&Paths>) -> anyhow::Result<Config> {
    Config::load(paths.map(|p| p.root.as_path())).map_err(|e| {
        anyhow::anyhow!("{e}\n(folio --print-config shows every setting with its valid values)")
    })
}

/// Reads the article at `path`, or standard input for `-`, parsing at least `min_bytes`.
fn read_article(
    path: &Path,
    format: Option<ArticleFormat>,
    min_bytes: usize,
    config: &Config,
) -> anyhow::Result<Pending> {
    let options = parse_options(config);
    Ok(if path.as_os_str() == "-" {
        session::read_stdin(format, min_bytes, options)?
    } else {
        session::read_path(path, format, min_bytes, options)?
    })
}

/// How config.toml says articles are parsed.
fn parse_options(config: &Config) -> ParseOptions {
    ParseOptions { ruby: config.ruby }
}

/// The document's notices (an empty article, a guessed encoding) on standard error, when
/// standard output is for the text.
fn tell(notices: &[String]) {
    for notice in notices {
        let _ = writeln!(io::stderr(), "folio: {notice}");
    }
}

/// The library: the articles folio knows, or the files of a folder; then the samples.
fn library(start: &Start<'_>, folder: Option<&Path>) -> anyhow::Result<u8> {
    if !start.interactive {
        if let Some(dir) = folder {
            anyhow::bail!(
                "'{}' is a folder: name an article in it, or open the folder in a terminal to choose one",
                open::display_path(dir)
            );
        }
        anyhow::bail!(
            "no article given: try 'folio assets/essay.md' (or 'folio list' for the articles folio knows)"
        );
    }
    let session = start.session();
    let entries = session.library(folder)?;
    let heading = folder.map_or_else(|| "Library".to_string(), open::display_path);
    let mut app = App::with_library(entries, &heading, terminal_size());
    app.settings.folder = folder.map(Path::to_path_buf);
    start.read(app, Vec::new(), session)
}

/// The article: a file, or standard input for `-`; read in the terminal, else printed.
fn article(start: &Start<'_>, path: &Path) -> anyhow::Result<u8> {
    if start.interactive {
        let session = start.session();
        let from_file = path.as_os_str() != "-";
        let first = from_file
            .then(|| {
                let options = parse_options(&start.config);
                open::open_path_first(path, start.cli.format, FIRST_BYTES, options)
            })
            .flatten();
        let (mut app, mut jobs) = match first {
            Some(first) => from_first(start, &session, path, first),
            None => {
                let pending = read_article(path, start.cli.format, FIRST_BYTES, &start.config)?;
                reading(&session, pending, start.measure)
            }
        };
        // The record comes later: does reopening go to a saved place? (Asked by path: the
        // record's key, the whole text's fingerprint, is known only once the whole is read.)
        if !jobs.is_empty() && from_file && session.store().has_saved_place(path) {
            // The status line alone until the record places the page, or the deadline passes.
            app.hold();
            let hold = hold_for();
            jobs.push(Box::new(move || {
                std::thread::sleep(hold);
                vec![Msg::Reveal]
            }));
        }
        return start.read(app, jobs, session);
    }
    let pending = read_article(path, start.cli.format, usize::MAX, &start.config)?;
    let doc = Arc::new(pending.document());
    tell(&doc.meta.notices);
    let mut out = io::BufWriter::new(io::stdout().lock());
    // Piped output breaks no word unless asked on the command line; config.toml's
    // `hyphenate = false` is then the default already.
    folio::textout::write(doc, start.measure, start.cli.hyphenate, &mut out)?;
    Ok(0)
}

/// [`HOLD`]; debug builds take `FOLIO_TEST_HOLD_MS` instead, so a pty test can show that the
/// saved page comes first however slowly an unoptimised build reads the whole.
fn hold_for() -> std::time::Duration {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("FOLIO_TEST_HOLD_MS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return std::time::Duration::from_millis(ms);
    }
    HOLD
}

/// The reading screen of a long plain or Markdown file from its first block alone: the whole
/// is read, decoded, fingerprinted, matched with its record and parsed by a job.
fn from_first(
    start: &Start<'_>,
    session: &Session,
    path: &Path,
    first: open::First,
) -> (App, Vec<tui::Job>) {
    let mut app = App::with_document(Arc::new(first.beginning), terminal_size(), start.measure);
    app.set_loading(first.len);
    let (session, path) = (session.clone(), path.to_path_buf());
    let (format, options) = (start.cli.format, parse_options(&start.config));
    let job: tui::Job = Box::new(move || {
        match session::read_path(&path, format, usize::MAX, options) {
            // The beginning was decoded as UTF-8: a guess for the whole is told now.
            Ok(pending) => attached(&session, pending, true),
            // Gone or changed since its first block was read: the beginning stays.
            Err(e) => vec![Msg::Reveal, Msg::Told(e.to_string())],
        }
    });
    (app, vec![job])
}

/// The reading screen of an article read, with its record; for a long article, its beginning
/// and a job that parses the whole and finds the record.
fn reading(session: &Session, mut pending: Pending, measure: u16) -> (App, Vec<tui::Job>) {
    let Some(beginning) = pending.take_beginning() else {
        // The record is keyed by the decoded text, known before parsing.
        let article = session.attach(pending);
        let mut app = App::with_document(Arc::new(article.doc), terminal_size(), measure);
        let loaded = article.loaded;
        app.attach(loaded.record, loaded.read_only, &loaded.notices);
        return (app, Vec::new());
    };
    // A long article: its beginning is on screen at once, while a thread parses the whole, and
    // looks up its record (the fingerprint of 4 MB takes a few ms). A stored place is restored
    // when the record arrives, a moment after the first frame.
    let len = pending.len();
    let mut app = App::with_document(Arc::new(beginning), terminal_size(), measure);
    app.set_loading(len);
    let session = session.clone();
    let job: tui::Job = Box::new(move || attached(&session, pending, false));
    (app, vec![job])
}

/// The whole article and its record, as messages (one batch: the page is not drawn between);
/// `tell` adds the whole's own notices (an encoding guessed) to the record's.
fn attached(session: &Session, pending: Pending, tell: bool) -> Vec<Msg> {
    let mut article = session.attach(pending);
    if tell {
        let mut told = article.doc.meta.notices.clone();
        told.append(&mut article.loaded.notices);
        article.loaded.notices = told;
    }
    vec![
        Msg::Loaded(Arc::new(article.doc)),
        Msg::Attach {
            record: Box::new(article.loaded.record),
            read_only: article.loaded.read_only,
            notices: article.loaded.notices,
        },
    ]
}

/// The settings: the command line over config.toml over what the reader chose while reading
/// (the theme cycled with `c`, the pace learned from page turns).
fn settings(app: &mut App, start: &Start<'_>, store: &Store) {
    let (cli, config) = (start.cli, &start.config);
    app.settings.color = start.color;
    app.clock.stamps = folio::annotations::Stamps::new(folio::record::random_seed());
    app.settings.mouse = config.mouse && !cli.no_mouse;
    app.settings.keymap = config.keymap();
    app.settings.wpm = config.wpm;
    app.settings.hyphenate = config.hyphenate || cli.hyphenate;
    app.settings.justify = config.justify;
    app.settings.plain_links = config.plain_links;
    app.settings.spread = config.spread;
    app.settings.search_ignore_accents = config.search_ignore_accents;
    let state = store.state();
    if let Some(pace) = state.pace {
        app.settings.pace = pace;
    }
    app.settings.searches = folio::app::remembered_searches(state.searches);
    let fixed = cli.theme.as_ref().or(config.theme.as_ref());
    if let Some(theme) = fixed.or(state.theme.as_ref()) {
        app.set_theme(theme);
    }
    app.settings.theme_fixed = fixed.is_some();
}

fn terminal_size() -> (u16, u16) {
    ratatui::crossterm::terminal::size().unwrap_or((80, 24))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_parses() {
        Cli::command().debug_assert();
    }
}

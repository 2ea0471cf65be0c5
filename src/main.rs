//! The `folio` command: parses arguments, runs, turns errors into messages and exit codes.

use clap::{CommandFactory, Parser, Subcommand};
use folio::app::{App, Msg};
use folio::commands::{self, CommandError};
use folio::config::Config;
use folio::export::Format;
use folio::format::Format as ArticleFormat;
use folio::layout::DEFAULT_MEASURE;
use folio::store::{self, Paths, Store};
use folio::{library, open, tui};
use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// How much of a long article is parsed before its first page is shown.
const FIRST_BYTES: usize = 64 * 1024;

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
            let store = Store::new(Paths::resolve(config_dir.as_deref()));
            commands::export_cmd(
                &store,
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
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut Cli::command(), "folio", &mut stdout);
        }
    }
    Ok(0)
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
    let paths = Paths::resolve(cli.config_dir.as_deref());
    let config = Config::load(paths.as_ref().map(|p| p.root.as_path())).map_err(|e| {
        anyhow::anyhow!("{e}\n(folio --print-config shows every setting with its valid values)")
    })?;
    let measure = cli.width.or(config.measure).unwrap_or(DEFAULT_MEASURE);
    let interactive = io::stdout().is_terminal();
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let folder = cli.path.as_deref().filter(|p| p.is_dir());
    if cli.path.is_none() || folder.is_some() {
        // The library: the articles folio knows, or the files of a folder; then the samples.
        if !interactive {
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
        let store = Store::new(paths.clone());
        let today: String = folio::record::now().to_string().chars().take(10).collect();
        let (entries, heading) = match folder {
            Some(dir) => (
                library::folder(dir, &store, &today).map_err(|e| {
                    anyhow::anyhow!("cannot list '{}': {e}", open::display_path(dir))
                })?,
                open::display_path(dir),
            ),
            None => (library::entries(&store, &today), "Library".to_string()),
        };
        let mut app = App::with_library(entries, &heading, terminal_size());
        app.folder = folder.map(std::path::Path::to_path_buf);
        app.measure = measure;
        settings(&mut app, cli, &config, &store, color);
        return Ok(tui::run(app, None, store, config.export_dir)?.code());
    }
    let Some(path) = &cli.path else {
        anyhow::bail!("no article given");
    };
    // The article: a file, or standard input for `-`.
    let from_stdin = path.as_os_str() == "-";
    let canonical = (!from_stdin).then(|| open::canonical(path));
    let min_bytes = if interactive { FIRST_BYTES } else { usize::MAX };
    let mut opened = if from_stdin {
        if io::stdin().is_terminal() {
            anyhow::bail!(
                "nothing on standard input: pipe an article in, like 'curl -s URL | folio -'"
            );
        }
        let mut bytes = Vec::new();
        io::stdin().read_to_end(&mut bytes)?;
        let hint = cli.format.unwrap_or(ArticleFormat::Plain);
        open::open_vec(bytes, hint, None, min_bytes)
            .map_err(|e| anyhow::anyhow!("standard input {e}"))?
    } else {
        open::open_path_as(path, cli.format, min_bytes)?
    };
    if interactive {
        let store = Store::new(paths.clone());
        let mut app;
        let mut job: Option<tui::Job> = None;
        if let Some(beginning) = opened.beginning.take() {
            // A long article: its beginning is on screen at once, while a thread parses the
            // whole, and looks up its record (the fingerprint of 4 MB takes a few ms). A
            // stored place is restored when the record arrives, a moment after the first frame.
            let len = opened.len();
            app = App::with_document(Arc::new(beginning), terminal_size(), measure);
            app.set_loading(len);
            let store = store.clone();
            job = Some(Box::new(move || {
                let fingerprint = store::fingerprint(opened.text());
                let loaded = store.load(&fingerprint, canonical.as_deref());
                let doc = Arc::new(opened.finish());
                vec![
                    Msg::Loaded(doc),
                    Msg::Attach {
                        record: Box::new(loaded.record),
                        read_only: loaded.read_only,
                        notices: loaded.notices,
                    },
                ]
            }));
        } else {
            // The record is keyed by the decoded text, known before parsing.
            let loaded = store.load(&store::fingerprint(opened.text()), canonical.as_deref());
            app = App::with_document(Arc::new(opened.finish()), terminal_size(), measure);
            app.attach(loaded.record, loaded.read_only, &loaded.notices);
        }
        app.measure = measure;
        settings(&mut app, cli, &config, &store, color);
        return Ok(tui::run(app, job, store, config.export_dir)?.code());
    }
    let doc = Arc::new(opened.finish());
    for notice in &doc.meta.notices {
        let _ = writeln!(io::stderr(), "folio: {notice}");
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    folio::textout::write(doc, measure, &mut out)?;
    Ok(0)
}

/// The settings: the command line over config.toml over what the reader chose while reading
/// (the theme cycled with `c`, the pace learned from page turns).
fn settings(app: &mut App, cli: &Cli, config: &Config, store: &Store, color: bool) {
    app.color = color;
    app.stamps = folio::annotations::Stamps::new(folio::record::random_seed());
    app.mouse = config.mouse && !cli.no_mouse;
    app.keymap = config.keymap();
    app.wpm = config.wpm;
    app.hyphenate = config.hyphenate;
    app.justify = config.justify;
    app.search_ignore_accents = config.search_ignore_accents;
    let state = store.state();
    if let Some(pace) = state.pace {
        app.pace = pace;
    }
    let fixed = cli.theme.as_ref().or(config.theme.as_ref());
    if let Some(theme) = fixed.or(state.theme.as_ref()) {
        app.set_theme(theme);
    }
    app.theme_fixed = fixed.is_some();
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

//! The `folio` command: parses arguments, runs, turns errors into messages and exit codes.

use clap::Parser;
use folio::app::{App, Msg};
use folio::layout::DEFAULT_MEASURE;
use folio::store::{self, Paths, Store};
use folio::{open, samples, tui};
use std::io::{self, IsTerminal, Write};
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
#[command(name = "folio", version, about)]
struct Cli {
    /// The article to open (plain text or Markdown). Without one, folio offers its samples.
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            if let Some(io_err) = err.downcast_ref::<io::Error>()
                && io_err.kind() == io::ErrorKind::BrokenPipe
            {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(io::stderr(), "folio: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> anyhow::Result<u8> {
    let measure = cli.width.unwrap_or(DEFAULT_MEASURE);
    let interactive = io::stdout().is_terminal();
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let Some(path) = &cli.path else {
        if !interactive {
            anyhow::bail!("no article given: try 'folio assets/essay.md'");
        }
        let size = terminal_size();
        let mut app = App::with_chooser(samples::SAMPLES.to_vec(), size);
        app.color = color;
        app.mouse = !cli.no_mouse;
        return Ok(tui::run(app, None, store(cli))?.code());
    };
    if interactive {
        let store = store(cli);
        let mut opened = open::open_path_progressive(path, FIRST_BYTES)?;
        let canonical = open::canonical(path);
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
                let loaded = store.load(&store::fingerprint(opened.text()), Some(&canonical));
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
            let loaded = store.load(&store::fingerprint(opened.text()), Some(&canonical));
            app = App::with_document(Arc::new(opened.finish()), terminal_size(), measure);
            app.attach(loaded.record, loaded.read_only, &loaded.notices);
        }
        app.color = color;
        app.mouse = !cli.no_mouse;
        return Ok(tui::run(app, job, store)?.code());
    }
    let doc = Arc::new(open::open_path(path)?);
    for notice in &doc.meta.notices {
        let _ = writeln!(io::stderr(), "folio: {notice}");
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    folio::textout::write(doc, measure, &mut out)?;
    Ok(0)
}

fn store(cli: &Cli) -> Store {
    Store::new(Paths::resolve(cli.config_dir.as_deref()))
}

fn terminal_size() -> (u16, u16) {
    ratatui::crossterm::terminal::size().unwrap_or((80, 24))
}

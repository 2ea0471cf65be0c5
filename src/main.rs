//! The `folio` command: parses arguments, runs, turns errors into messages and exit codes.

use clap::Parser;
use folio::layout::DEFAULT_MEASURE;
use folio::open;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// A terminal reader for long-form articles.
#[derive(Debug, Parser)]
#[command(name = "folio", version, about)]
struct Cli {
    /// The article to open (plain text or Markdown).
    path: Option<PathBuf>,
    /// Width of the text column in cells.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(8..=1000))]
    width: Option<u16>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if let Some(io_err) = err.downcast_ref::<io::Error>() {
                if io_err.kind() == io::ErrorKind::BrokenPipe {
                    return ExitCode::SUCCESS;
                }
            }
            let _ = writeln!(io::stderr(), "folio: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> anyhow::Result<()> {
    let Some(path) = &cli.path else {
        anyhow::bail!("no article given: try 'folio assets/essay.md'");
    };
    let doc = Arc::new(open::open_path(path)?);
    for notice in &doc.meta.notices {
        let _ = writeln!(io::stderr(), "folio: {notice}");
    }
    let measure = cli.width.unwrap_or(DEFAULT_MEASURE);
    let stdout = io::stdout();
    let _interactive = stdout.is_terminal();
    let mut out = io::BufWriter::new(stdout.lock());
    folio::textout::write(doc, measure, &mut out)?;
    Ok(())
}

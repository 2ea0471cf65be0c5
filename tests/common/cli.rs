//! The real `folio` binary, run the way a reader runs it from a shell.

use std::path::Path;

/// `folio` (through assert_cmd) with `config` as its config folder, run from the repository so
/// that `assets/…` paths work.
pub fn folio(config: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("folio")
        .unwrap_or_else(|e| panic!("the folio binary is built for integration tests: {e}"));
    cmd.env("FOLIO_CONFIG_DIR", config)
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

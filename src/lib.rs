//! folio: a terminal reader for long-form articles.
//!
//! Two crates. [`folio_core`] holds everything that knows nothing of the terminal (decode,
//! formats, document, layout, hyphenation, quotes, search, anchors, records and store, export,
//! pace); Cargo keeps it free of ratatui and crossterm. This crate is the reader around it:
//! `config` and `keymap` (settings and keys as data), `app` (the pure state machine),
//! `ui` (drawing, reading state only), `tui` (the terminal and the event loop) and `commands`
//! (the CLI verbs). Keys flow through [`keymap`] -> [`app::update`] (pure) -> effects carried
//! out by [`tui`].
//!
//! The core's modules are re-exported under their own names, so `folio::layout` is
//! `folio_core::layout`.

pub use folio_core::{
    anchor, annotations, decode, document, export, format, hyphenate, layout, library, open,
    outline, pace, progress, quotes, record, samples, search, select, store, textout,
};

pub mod app;
pub mod commands;
pub mod config;
pub mod keymap;
pub mod session;
pub mod tui;
pub mod ui;

//! folio: a terminal reader for long-form articles.
//!
//! The dependency rule: the core (`document`, `decode`, `format`, `layout`, `hyphenate`,
//! `anchor`, `record`, `store`, `export`, `quotes`, `select`, `annotations`, `config`) never
//! imports ratatui or crossterm. Text flows file bytes -> [`decode`] -> [`format`] ->
//! [`document::Document`] -> [`layout`] -> lines and pages -> [`ui`]. Keys flow through
//! [`keymap`] -> [`app::update`] (pure) -> effects carried out by [`tui`].

pub mod anchor;
pub mod annotations;
pub mod app;
pub mod commands;
pub mod config;
pub mod decode;
pub mod document;
pub mod export;
pub mod format;
pub mod hyphenate;
pub mod keymap;
pub mod layout;
pub mod library;
pub mod open;
pub mod pace;
pub mod quotes;
pub mod record;
pub mod samples;
pub mod search;
pub mod select;
pub mod store;
pub mod textout;
pub mod tui;
pub mod ui;

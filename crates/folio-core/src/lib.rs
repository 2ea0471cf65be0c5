//! folio-core: everything folio knows about articles, with no terminal in it.
//!
//! Text flows file bytes -> [`decode`] -> [`format`] -> [`document::Document`] -> [`layout`]
//! -> lines and pages. Positions are text offsets ([`document::TextPos`]); [`anchor`] places
//! stored selectors in a text that may have changed; [`store`] keeps one [`record::Record`]
//! per article; [`export`] writes them in the shapes note tools import.
//!
//! The dependency rule: this crate does not depend on ratatui or crossterm (see its
//! Cargo.toml), so nothing here can draw or read a terminal. It does no I/O beyond reading
//! articles and the record store, and reads no clock in the annotation model: times and new
//! ids are passed in by the caller.

pub mod anchor;
pub mod annotations;
pub mod decode;
pub mod document;
pub mod export;
pub mod format;
mod hash;
pub mod hyphenate;
pub mod layout;
pub mod library;
pub mod open;
pub mod outline;
pub mod pace;
pub mod progress;
pub mod quotes;
pub mod record;
pub mod samples;
pub mod search;
pub mod select;
pub mod store;
pub mod textout;

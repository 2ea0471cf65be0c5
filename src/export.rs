//! Highlights and bookmarks out to the tools readers use (being written).

//! Cookie Charter: classify every cookie a page sets as necessary, statistics,
//! first-party or third-party, from the Public Suffix List and the site's own
//! cookie charter, and say why.
//!
//! The library holds all the logic; `main.rs` only chooses between the
//! native-messaging loop ([`serve`]) and a command-line subcommand ([`cli`]).
//! [`classify`] is the decision procedure and does no I/O; [`protocol`] turns
//! frames into requests and answers; [`messaging`] owns the byte stream.

pub mod charter;
pub mod classify;
pub mod cli;
pub mod csv;
pub mod har;
pub mod install;
pub mod known;
pub mod messaging;
pub mod pattern;
pub mod protocol;
pub mod purpose;
pub mod report;
pub mod serve;
pub mod site;
pub mod store;

//! redline: lint and semantically diff privacy policies kept in version control.
//!
//! The pipeline (see `../shared/docs/design.md`): bytes → [`source::Source`] →
//! [`parse::parse`] → [`ast::Document`] → [`analyze::analyze`] → [`lint::lint`] →
//! diagnostics → a [`report`] format. Every stage is a plain function over plain data; only
//! the [`cli`] module writes to a terminal.

#![warn(missing_docs)]
// The library never prints; only `cli` writes, through explicit handles.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod analyze;
pub mod ast;
pub mod baseline;
pub mod change;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod exit;
pub mod lint;
pub mod parse;
pub mod profiles;
pub mod report;
pub mod rules;
pub mod source;

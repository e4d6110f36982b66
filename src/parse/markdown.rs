//! Markdown front end (pulldown-cmark). Placeholder until written.
use crate::ast::{Document, Format, Metadata, Span};

/// Parses a Markdown policy.
pub fn parse(text: &str) -> Document {
    Document {
        format: Format::Markdown,
        title: None,
        metadata: Metadata::default(),
        toc: None,
        preamble: Vec::new(),
        sections: Vec::new(),
        span: Span::new(0, text.len()),
    }
}

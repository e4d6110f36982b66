//! Fuzzes the markdown front end and every rule: arbitrary bytes decoded, parsed and linted as
//! a markdown file. `cargo fuzz run markdown` (see README, "Fuzzing").
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::check_bytes(data, redline::ast::Format::Markdown);
});

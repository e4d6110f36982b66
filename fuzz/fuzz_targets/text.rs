//! Fuzzes the text front end and every rule: arbitrary bytes decoded, parsed and linted as
//! a text file. `cargo fuzz run text` (see README, "Fuzzing").
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::check_bytes(data, redline::ast::Format::Text);
});

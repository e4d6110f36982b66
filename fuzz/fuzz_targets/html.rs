//! Fuzzes the html front end and every rule: arbitrary bytes decoded, parsed and linted as
//! a html file. `cargo fuzz run html` (see README, "Fuzzing").
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::check_bytes(data, redline::ast::Format::Html);
});

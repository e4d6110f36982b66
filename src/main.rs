//! The `redline` binary: parse arguments, run, exit with the code from [`redline::exit`].
//!
//! `unsafe` is denied here and in the library (`src/lib.rs`).
#![deny(unsafe_code)]

/// The allocator: jemalloc rather than the system's (glibc's on Linux). A check makes
/// about 2,500 allocations per policy (token lists, texts, findings), and glibc's
/// allocator spent 7 % of the instructions of checking 400 corpus policies
/// (`valgrind --tool=callgrind`; 3,931 → 3,782 M instructions with jemalloc, same output).
/// Peak memory on one 100 MB text file stays within issue #8's 4 × input + 50 MB (430 MB
/// against 421 MB with glibc, 2 threads).
///
/// Rejected: mimalloc, which held more on that file (492 MB). The glibc allocator's
/// start-up setting this binary used to make (`mallopt(M_MMAP_THRESHOLD)`, which kept it
/// from holding on to freed blocks of large files) has no counterpart: jemalloc's peak
/// above is with its defaults.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    std::process::exit(redline::cli::run());
}

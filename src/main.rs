//! The `redline` binary: parse arguments, run, exit with the code from [`redline::exit`].
//!
//! `unsafe` is denied here and in the library (`src/lib.rs`); the one exception is the
//! allocator setting below.
#![deny(unsafe_code)]

fn main() {
    fix_mmap_threshold();
    std::process::exit(redline::cli::run());
}

/// glibc's allocator starts out serving blocks of 128 KiB or more with `mmap`, and each
/// time such a block of up to 32 MiB is freed it raises that threshold to the block's size,
/// and the one for giving the top of its heap back to the system to twice that. Checking
/// a large file frees many such blocks (section lists, per-rule findings), after which
/// the process holds tens of MB it no longer uses: 100 MB text file, 423 → 406 MB peak on
/// one thread, 431 → 413 MB on two (issue #8). Setting the threshold, here to its usual
/// starting value, turns that adjustment off (mallopt(3)); no measurable cost in time,
/// for one 50 KB policy or for 400.
///
/// Rejected: other allocators. mimalloc held more (492 MB on one thread). jemalloc
/// (`tikv-jemallocator`) ran 3.8 % fewer instructions over 400 corpus policies and checked
/// 2,000 policies 5 % faster, but added about 0.6 ms to every process start (one 48 KB
/// policy: median 5.27 → 5.85 ms, `scripts/ab.py`, 100 alternating runs), 11 % of the
/// pre-commit latency, and a C build (a C compiler and `make`) to `cargo install`. Also
/// rejected: glibc's `MALLOC_MMAP_THRESHOLD_` variable (it must be set before the process
/// starts).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)] // the binary's only unsafe block: a C call with no memory arguments
fn fix_mmap_threshold() {
    /// glibc's initial `M_MMAP_THRESHOLD` (`DEFAULT_MMAP_THRESHOLD_MIN`), in bytes.
    const MMAP_THRESHOLD_BYTES: libc::c_int = 128 * 1024;
    // SAFETY: mallopt(3) only sets an allocator parameter; it is called before any other
    // thread exists, and its result (0 if the value were refused) needs no handling: the
    // allocator then keeps its defaults.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES);
    }
}

/// Other platforms' allocators keep their own policies.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn fix_mmap_threshold() {}

//! The `redline` binary: parse arguments, run, exit with the code from [`redline::exit`].

fn main() {
    std::process::exit(redline::cli::run());
}

//! Process exit codes (design.md, "CLI"). The only place they are defined.

/// Nothing at or above the `--fail-on` threshold was found.
pub const OK: i32 = 0;
/// At least one finding at or above the `--fail-on` threshold.
pub const FINDINGS: i32 = 1;
/// A usage, configuration or input error (a file could not be read or decoded). Takes
/// precedence over [`FINDINGS`]: CI must not treat an unreadable policy as a pass.
pub const ERROR: i32 = 2;

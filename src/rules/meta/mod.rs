//! M: findings about redline's own directives.

/// M001 `unused-suppression`.
pub mod unused_suppression;

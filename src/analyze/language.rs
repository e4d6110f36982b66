//! Language detection and organisation names (filled in by the L rules).

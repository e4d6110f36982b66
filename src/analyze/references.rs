//! References to sections and to other documents (filled in by the X rules).

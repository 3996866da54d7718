//! Notes attached to spans of a transcript, and their anchoring.

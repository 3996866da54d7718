//! The notes sidecar: a W3C Web Annotation collection beside the transcript.

// @ts-check
// Generated from crates/atlas-model by its `contract` test; do not edit.
// Limits the backend enforces, so the UI offers nothing it would refuse.

export const FONT_MIN = 12;
export const FONT_MAX = 26;
export const FONT_DEFAULT = 16;
export const MAX_QUERY_CHARS = 400;
export const MAX_HITS = 100;

/** Shared engine types: the views preprocessing produces and the verdict a scan returns. */

export type Direction = 'input' | 'output';
export type ViewKind = 'original' | 'normalized' | 'folded' | 'decoded';

/** One rendering of the scanned text that signatures are matched in. */
export interface View {
  kind: ViewKind;
  /** Stable label reported in matches: 'original', 'normalized', 'folded', 'reversed', 'decoded:base64', … */
  name: string;
  text: string;
  /**
   * Offset map back to the original text: map[i] is the original index of text[i]; map has
   * text.length + 1 entries (the last maps the end). null means identity (the original view).
   * Decoded views have map null and use `span` instead.
   */
  map: Int32Array | null;
  /** For decoded views: [start, end) of the encoded run in the original text. */
  span?: readonly [number, number];
}

/** What one preprocessing step did, reported in the scan response. */
export interface PreprocessStep {
  step: string;
  /** How many characters/runs it changed or decoded. */
  count: number;
}

export interface Preprocessed {
  /** views[0] is always the original text. Views identical to an earlier one are omitted. */
  views: View[];
  steps: PreprocessStep[];
}

/** Bounds that keep preprocessing linear and finite on hostile input. */
export interface PreprocessLimits {
  /** Max nesting of decoders (base64 inside hex inside …). */
  maxDecodeDepth: number;
  /** Max total characters of decoded views produced for one text. */
  maxDecodedChars: number;
}

export const DEFAULT_PREPROCESS_LIMITS: PreprocessLimits = { maxDecodeDepth: 3, maxDecodedChars: 256 * 1024 };

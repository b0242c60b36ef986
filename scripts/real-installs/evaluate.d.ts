// Types of evaluate.js (the real validation set's measurements), for the tests.
export interface RecordingMeasures {
  recordings: number;
  requested_in_model: number;
  first_is_installed: number | null;
  first_is_requested: number | null;
  requested_reported: number | null;
  presence: {precision: number | null; recall: number | null; f1: number | null; tp: number; fp: number; fn: number};
  calibration: {score: string; n: number; installed: number; share_installed: number | null}[];
  misses: {recording: string; first: string[]; requested: number | null}[];
}

export interface RealSetResult {
  model: string;
  dir: string;
  full?: RecordingMeasures;
  slim?: RecordingMeasures;
  images?: {layers: number; requested_first: number; details: {image: string; layer: number; requested: string; first: string[]}[]};
  all: {recordings: number; first_is_installed: number | null; first_is_requested: number | null; requested_reported: number | null; presence: {precision: number | null; recall: number | null; f1: number | null}};
}

export const REAL_SET: string;
export function evaluateRealSet(modelFile?: string, dir?: string): Promise<RealSetResult>;

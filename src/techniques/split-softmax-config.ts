/** Plain settings of the drift run, shared by the run (tfjs) and the widget spec (no tfjs). */
export const HISTORIES = [0, 1, 2] as const;

export interface DriftRunInput {
  gamma: number;
  /** 'all' = both layers, 'last' = the last layer only. */
  layers: 'all' | 'last';
  dialogs: number;
}

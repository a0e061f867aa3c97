/**
 * Direct manipulation, as data: a widget whose state includes a list of records (boxes, points)
 * keeps them in one `text` parameter (so the URL, copy link and notices work as for any other
 * setting) and describes here how to read, write and draw them. The kit (`interact.ts`) then lets
 * the reader drag them on a chart with a pointer, move them with the keyboard, edit their fields
 * in number inputs, and add or delete them. No DOM here: specs stay plain data plus functions.
 */

/** One editable number of a record, with its range (used for inputs, clamping and dragging). */
export interface EditField {
  name: string;
  label: string;
  min: number;
  max: number;
  step: number;
}

export type EditRecord = Record<string, number>;

export interface EditSpec {
  /** Name of the `text` parameter that holds the records. */
  param: string;
  /** What one record is called in buttons and labels, e.g. "box". */
  noun: string;
  fields: readonly EditField[];
  minItems?: number;
  maxItems: number;
  /** Parses the parameter's (already validated) value. */
  decode(value: string): EditRecord[];
  /** Writes records back (must round-trip through the parameter's `parse`). */
  encode(items: readonly EditRecord[]): string;
  /** The record "Add" appends, given the current ones. */
  create(items: readonly EditRecord[]): EditRecord;
  /** Short label of record i in the picker, e.g. "B (score 0.80)". */
  label(item: EditRecord, i: number): string;
  /** Which chart (index in the view's charts) shows the records, and which fields place them:
   * `x`, `y` is a point or a rectangle's corner with the smallest values, `w`, `h` its size. */
  target: { chart: number; x: string; y: string; w?: string; h?: string };
}

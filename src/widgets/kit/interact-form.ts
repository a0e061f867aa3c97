/**
 * The form half of direct manipulation (interact.ts): a picker of records, a number input per
 * field, and Add / Delete / Reset buttons, built with DOM calls (labels from the spec are text).
 */
import type { EditRecord, EditSpec } from './edit-spec';

export interface EditorForm {
  panel: HTMLElement;
  pick: HTMLSelectElement;
  inputs: Map<string, HTMLInputElement>;
  add: HTMLButtonElement;
  remove: HTMLButtonElement;
}

export interface EditorFormHandlers {
  field(name: string, input: HTMLInputElement, commit: boolean): void;
  add(): void;
  remove(): void;
  reset(): void;
  pick(index: number): void;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function buildEditorForm(uid: string, spec: EditSpec, on: EditorFormHandlers): EditorForm {
  const panel = el('div', 'sl-editor');
  panel.setAttribute('role', 'group');
  panel.setAttribute('aria-label', `Edit the ${spec.noun}es`);

  const pickWrap = el('div', 'sl-editor-pick');
  const pickLabel = el('label', undefined, `Selected ${spec.noun}`);
  pickLabel.htmlFor = `${uid}-pick`;
  const pick = el('select');
  pick.id = `${uid}-pick`;
  pick.addEventListener('change', () => on.pick(Number(pick.value)));
  pickWrap.append(pickLabel, pick);
  panel.appendChild(pickWrap);

  const inputs = new Map<string, HTMLInputElement>();
  for (const f of spec.fields) {
    const wrap = el('div', 'sl-editor-field');
    const label = el('label', undefined, f.label);
    label.htmlFor = `${uid}-${f.name}`;
    const input = el('input', 'sl-exact');
    Object.assign(input, { type: 'number', id: `${uid}-${f.name}`, min: String(f.min), max: String(f.max), step: String(f.step) });
    input.dataset.editField = f.name;
    input.addEventListener('input', () => on.field(f.name, input, false));
    input.addEventListener('change', () => on.field(f.name, input, true));
    wrap.append(label, input);
    panel.appendChild(wrap);
    inputs.set(f.name, input);
  }

  const buttons = el('div', 'sl-editor-buttons');
  const button = (text: string, action: string, onClick: () => void) => {
    const b = el('button', 'sl-btn', text);
    b.type = 'button';
    b.dataset.editAction = action;
    b.addEventListener('click', onClick);
    buttons.appendChild(b);
    return b;
  };
  const add = button(`Add ${spec.noun}`, 'add', on.add);
  const remove = button(`Delete ${spec.noun}`, 'delete', on.remove);
  button(`Reset ${spec.noun}es`, 'default', on.reset);
  panel.appendChild(buttons);

  const t = spec.target;
  panel.appendChild(
    el(
      'p',
      'sl-help sl-editor-hint',
      `Drag a ${spec.noun} to move it${t.w ? ', or the square handle of the selected one to resize it' : ''}. ` +
        `With the chart focused: arrow keys move the selected ${spec.noun} (Shift: faster)${t.w ? ', Alt + arrows resize it' : ''}, ` +
        `Page Up / Page Down select another, Delete removes it.`,
    ),
  );
  return { panel, pick, inputs, add, remove };
}

/** Picker options, field values (except the one being typed in) and button states. */
export function syncEditorForm(form: EditorForm, spec: EditSpec, list: readonly EditRecord[], selected: number): void {
  const { pick } = form;
  while (pick.options.length > list.length) pick.remove(pick.options.length - 1);
  list.forEach((it, i) => {
    const text = spec.label(it, i);
    const o = pick.options[i] ?? pick.appendChild(new Option());
    o.value = String(i);
    if (o.textContent !== text) o.textContent = text;
  });
  pick.value = String(selected);
  pick.disabled = list.length === 0;
  for (const [name, input] of form.inputs) {
    input.disabled = list.length === 0;
    if (document.activeElement !== input) input.value = list[selected] ? String(list[selected][name]) : '';
  }
  form.add.disabled = list.length >= spec.maxItems;
  form.remove.disabled = list.length <= (spec.minItems ?? 0);
}

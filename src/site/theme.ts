/** Theme toggle: system → light → dark → system. The choice is stored in localStorage. */
const ORDER = ['system', 'light', 'dark'] as const;
type Choice = (typeof ORDER)[number];

function current(): Choice {
  const t = document.documentElement.dataset.theme;
  return t === 'light' || t === 'dark' ? t : 'system';
}

function apply(c: Choice, button: HTMLButtonElement) {
  if (c === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = c;
  try {
    if (c === 'system') localStorage.removeItem('softlab-theme');
    else localStorage.setItem('softlab-theme', c);
  } catch {
    /* private mode: the choice just does not persist */
  }
  button.textContent = `Theme: ${c}`;
  button.setAttribute('aria-label', `Colour theme: ${c}. Activate to change.`);
}

export function setupThemeToggle() {
  const button = document.getElementById('theme-toggle') as HTMLButtonElement | null;
  if (!button) return;
  button.hidden = false;
  apply(current(), button);
  button.addEventListener('click', () => apply(ORDER[(ORDER.indexOf(current()) + 1) % ORDER.length], button));
}

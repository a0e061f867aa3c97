/** Calls `onChange(visible)` as an element scrolls near the viewport and away from it. */
export function watchVisibility(el: Element, onChange: (visible: boolean) => void, margin = '300px'): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    onChange(true);
    return () => {};
  }
  const io = new IntersectionObserver((entries) => {
    for (const e of entries) onChange(e.isIntersecting);
  }, { rootMargin: margin });
  io.observe(el);
  return () => io.disconnect();
}

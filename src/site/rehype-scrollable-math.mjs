// Display maths scrolls sideways on narrow screens (see .katex-display in theme.css). A scrollable
// region must be reachable by keyboard, so every display formula gets tabindex="0" and a role.
export function rehypeScrollableMath() {
  const visit = (node) => {
    if (node.type === 'element' && Array.isArray(node.properties?.className) && node.properties.className.includes('katex-display')) {
      node.properties.tabIndex = 0;
      node.properties.role = 'group';
      node.properties.ariaLabel = 'formula';
    }
    for (const child of node.children ?? []) visit(child);
  };
  return (tree) => visit(tree);
}

/** Puts the cursor where the eye goes when a screen or form opens (the field a person fills in first). */
export function focusOnMount(node: HTMLElement) {
  node.focus();
}

// Small helpers the page's modules share: numbers for people, and DOM building without HTML
// strings (every text from the switcher goes in as text, never as markup).

/** "2.1 s", or "–" when unknown. */
export function seconds(value, digits = 1) {
  return value == null || Number.isNaN(value) ? '–' : `${value.toFixed(digits)} s`;
}

/** "14:03:27" in the browser's time zone. */
export function clock(millis) {
  return new Date(millis).toLocaleTimeString([], { hour12: false });
}

/** An element with attributes and children (strings become text nodes). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value != null) node.setAttribute(name, value);
  }
  node.append(...children.filter((child) => child != null));
  return node;
}

// The one way the extension's pages build elements: text goes in as text
// nodes and attributes as attributes, never through innerHTML, because cookie
// names, charter text and host messages come from websites.

/**
 * `el('li', {class: 'x', dataset: {cookieName: n}}, child, 'text', ...)`
 * Attributes that are null, undefined or false are left out; true sets an empty one.
 */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'dataset') Object.assign(element.dataset, value);
    else if (value !== null && value !== undefined && value !== false) element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.filter((child) => child !== null && child !== undefined));
  return element;
}

// A small DOM for the rendering tests: elements, attributes, `dataset`,
// text nodes and `getElementById`, and nothing that parses markup. Every
// HTML sink (`innerHTML`, `outerHTML`, `insertAdjacentHTML`,
// `document.write`) throws, so a test fails the moment rendering reaches for
// one. `document.created` lists every element made, in order.

class FakeText {
  constructor(data) {
    this.nodeType = 3;
    this.data = String(data);
  }

  get textContent() {
    return this.data;
  }
}

function refuseMarkup(what) {
  throw new Error(`${what} parses markup: the extension must build nodes (ui/dom.js)`);
}

class FakeElement {
  constructor(document, tag) {
    this.ownerDocument = document;
    this.nodeType = 1;
    this.tagName = tag.toUpperCase();
    this.localName = tag.toLowerCase();
    this.attributes = new Map();
    this.dataset = {};
    this.childNodes = [];
    this.hidden = false;
    this.listeners = {};
  }

  setAttribute(name, value) {
    this.attributes.set(String(name).toLowerCase(), String(value));
  }

  getAttribute(name) {
    return this.attributes.get(String(name).toLowerCase()) ?? null;
  }

  get id() {
    return this.getAttribute('id') ?? '';
  }

  get href() {
    return this.getAttribute('href') ?? '';
  }

  set href(value) {
    this.setAttribute('href', value);
  }

  append(...nodes) {
    for (const node of nodes) this.childNodes.push(typeof node === 'object' && node !== null ? node : new FakeText(node));
  }

  replaceChildren(...nodes) {
    this.childNodes = [];
    this.append(...nodes);
  }

  get children() {
    return this.childNodes.filter((node) => node.nodeType === 1);
  }

  get textContent() {
    return this.childNodes.map((node) => node.textContent).join('');
  }

  set textContent(value) {
    this.childNodes = value === '' || value === null || value === undefined ? [] : [new FakeText(value)];
  }

  addEventListener(type, listener) {
    (this.listeners[type] ??= []).push(listener);
  }

  /** This element and every element below it, depth first. */
  *walk() {
    yield this;
    for (const child of this.children) yield* child.walk();
  }

  get innerHTML() {
    return refuseMarkup('innerHTML');
  }

  set innerHTML(_) {
    refuseMarkup('innerHTML');
  }

  get outerHTML() {
    return refuseMarkup('outerHTML');
  }

  set outerHTML(_) {
    refuseMarkup('outerHTML');
  }

  insertAdjacentHTML() {
    refuseMarkup('insertAdjacentHTML');
  }
}

/** A `document` whose elements with an id are made on first `getElementById`. */
export function createFakeDocument() {
  const byId = new Map();
  const document = {
    created: [],
    createElement(tag) {
      const element = new FakeElement(document, tag);
      document.created.push(element);
      return element;
    },
    createTextNode: (data) => new FakeText(data),
    getElementById(id) {
      if (!byId.has(id)) {
        const element = new FakeElement(document, 'div');
        element.setAttribute('id', id);
        byId.set(id, element);
      }
      return byId.get(id);
    },
    /** The elements fetched by id, which rendering fills. */
    get roots() {
      return [...byId.values()];
    },
    write: () => refuseMarkup('document.write'),
    writeln: () => refuseMarkup('document.writeln'),
    createRange: () => ({ createContextualFragment: () => refuseMarkup('createContextualFragment') }),
  };
  return document;
}

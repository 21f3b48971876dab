/// <reference lib="dom" />

/*
 * DOM builders for the page. Text is always added as text nodes, never parsed as HTML, so a
 * string from a document or a sample cannot become markup or script.
 */

export type Child = Node | string | number | null | undefined | false;

// Event handler attributes would be inline script, which the CSP blocks anyway, and inline
// styles are blocked by it too: reject both here so that the mistake shows up at once.
function checkAttribute(name: string): void {
  if (name.toLowerCase().startsWith("on") || name.toLowerCase() === "style") {
    throw new Error(`Attribute "${name}" is not allowed: use addEventListener or a CSS class.`);
  }
}

function append(parent: Element, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    parent.append(typeof child === "number" ? String(child) : child);
  }
}

/** Creates an HTML element with attributes and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, string>> = {},
  children: readonly Child[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    checkAttribute(name);
    element.setAttribute(name, value);
  }
  append(element, children);
  return element;
}

const SVG_NAMESPACE = "http://www.w3.org/2000/svg";

/** Creates an SVG element with attributes and children. */
export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, string | number>> = {},
  children: readonly Child[] = [],
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NAMESPACE, tag);
  for (const [name, value] of Object.entries(attributes)) {
    checkAttribute(name);
    element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

/** Returns the element with `id`, or throws naming it, because the page's markup is fixed. */
export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) {
    throw new Error(`The page has no element with id "${id}"; the page markup and script differ.`);
  }
  return element as T;
}

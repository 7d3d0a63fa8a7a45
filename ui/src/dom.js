// @ts-check
/**
 * Building DOM with DOM APIs. Text is always set as text; the one place that sets HTML is
 * `setTrustedHtml`, for the HTML the index stores: sanitized pages and FAQ answers, and
 * example sources (escaped, then highlighted with class-only spans, at build time).
 */

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string | boolean | number | null | undefined>} [attrs]
 *   `class`, `text` (textContent), attributes; false/null/undefined are skipped
 * @param {(Node | string | null | undefined | false)[]} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'text') node.textContent = String(v);
    else if (k === 'class') node.className = String(v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c);
  }
  return node;
}

/**
 * Sets HTML that the index builder rendered and sanitized (ammonia) or escaped at build time.
 * Nothing else may come through here: titles, snippets and messages are text.
 * @param {Element} node
 * @param {string} sanitizedHtml
 */
export function setTrustedHtml(node, sanitizedHtml) {
  node.innerHTML = sanitizedHtml;
}

/**
 * @param {string} id
 * @returns {HTMLElement}
 */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`missing #${id}`);
  return node;
}

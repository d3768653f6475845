// Building the page from data: every text goes in through textContent, never as HTML, so a value, a case title or
// a peer's text can never become markup or script. Links are built only for tel: and mailto: from values that pass
// strict checks; anything else is shown as plain text.

/** An element with a class, a text and children; text is set with textContent only. */
export function el(tag, opts = {}, ...children) {
  const e = document.createElement(tag);
  if (opts.cls) e.className = opts.cls;
  if (opts.id) e.id = opts.id;
  if (opts.text !== undefined && opts.text !== null) e.textContent = String(opts.text);
  if (opts.attrs) {
    for (const [k, v] of Object.entries(opts.attrs)) {
      if (k.startsWith('on') || k === 'style' || k === 'href' || k === 'src') {
        throw new Error('el(): ' + k + ' is not set this way');
      }
      e.setAttribute(k, String(v));
    }
  }
  if (opts.onClick) e.addEventListener('click', opts.onClick);
  for (const c of children) {
    if (c !== null && c !== undefined) e.append(c);
  }
  return e;
}

/** Text that came from outside (a value, a peer's words): isolated, so a bidi override cannot reorder its neighbours. */
export function data(text, cls) {
  return el('bdi', { cls: cls ? 'data ' + cls : 'data', text: text ?? '' });
}

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes (no event or style attributes, as for el()) and children. */
export function svg(tag, attrs = {}, ...children) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on') || k === 'style' || k === 'href' || k.includes(':')) {
      throw new Error('svg(): ' + k + ' is not set this way');
    }
    e.setAttribute(k, String(v));
  }
  for (const c of children) {
    if (c !== null && c !== undefined) e.append(c);
  }
  return e;
}

/** SVG text: textContent only, like el(). */
export function svgText(attrs, text) {
  const t = svg('text', attrs);
  t.textContent = String(text ?? '');
  return t;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

export function table(headers, rows, cls) {
  const thead = el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { text: h }))));
  const tbody = el('tbody', {}, ...rows);
  return el('table', { cls: cls || 'grid' }, thead, tbody);
}

export function row(...cells) {
  return el('tr', {}, ...cells.map((c) => (c instanceof Node ? el('td', {}, c) : el('td', { text: c ?? '' }))));
}

// E.164 or a national number with spaces, dashes and brackets: digits only go into the link.
const PHONE = /^\+?[0-9][0-9 ()\-]{2,30}$/;
// A plain address: no spaces, quotes, angle brackets, colons or question marks that could add headers or schemes.
const EMAIL = /^[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?)+$/;

/** A tel: link for a valid phone number, else the text as data. */
export function telLink(phone) {
  if (typeof phone === 'string' && PHONE.test(phone)) {
    const a = el('a', { cls: 'tel', text: phone });
    a.href = 'tel:' + phone.replace(/[^0-9+]/g, '');
    return a;
  }
  return data(phone);
}

/** A mailto: link for a valid address, else the text as data. */
export function mailLink(email) {
  if (typeof email === 'string' && EMAIL.test(email)) {
    const a = el('a', { cls: 'mail', text: email });
    a.href = 'mailto:' + email;
    return a;
  }
  return data(email);
}

/** A 24/7 contact point: unit, then the phone and e-mail as links when they are valid. */
export function contact(c) {
  if (!c) return el('span');
  const parts = [];
  if (c.unit) parts.push(data(c.unit, 'unit'));
  if (c.phone) parts.push(telLink(c.phone));
  if (c.email) parts.push(mailLink(c.email));
  return el('span', { cls: 'contact' }, ...parts);
}

/** "2026-12-07 15:40 UTC" from a proto3 JSON timestamp; empty for an unset one. */
export function when(ts) {
  if (!ts || ts.startsWith('1970-01-01T00:00:00')) return '';
  return ts.substring(0, 16).replace('T', ' ') + ' UTC';
}

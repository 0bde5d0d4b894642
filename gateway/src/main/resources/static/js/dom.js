// Tiny DOM helpers. Text always goes in as text nodes (never innerHTML), so data from the API cannot inject markup.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'value') el.value = value;
    else if (key === 'checked' || key === 'selected' || key === 'disabled' || key === 'required') el[key] = Boolean(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function field(label, control, hint) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  const hintEl = hint ? h('span', { class: 'hint', id: `${id}-hint` }, ' ', hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: id }, label, hintEl), control);
}

export function select(name, options, value, attrs = {}) {
  return h('select', { name, ...attrs },
    options.map(o => (typeof o === 'string' ? { value: o, label: o } : o))
      .map(o => h('option', { value: o.value, selected: o.value === value }, o.label)));
}

export function badge(text, kind = text) {
  return h('span', { class: `badge ${kind ?? ''}` }, text);
}

export function when(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function fromNow(iso) {
  if (!iso) return '';
  const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
  const abs = Math.abs(seconds);
  if (abs < 60) return relative.format(Math.round(seconds), 'second');
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return relative.format(Math.round(seconds / 3600), 'hour');
  return relative.format(Math.round(seconds / 86400), 'day');
}

export function toast(message, kind = '') {
  const box = document.getElementById('toasts');
  const el = h('div', { class: `toast ${kind}` }, message);
  box.append(el);
  setTimeout(() => el.remove(), 6000);
}

export function errorBox(error) {
  return h('div', { class: 'error-box', role: 'alert' }, error?.message || String(error));
}

/** Renders a small safe subset of Markdown (headings, lists, code blocks, paragraphs) as DOM nodes. */
export function markdown(text) {
  const root = h('div', { class: 'body' });
  let list = null;
  let code = null;
  for (const line of String(text || '').split('\n')) {
    if (line.startsWith('```')) {
      if (code) { root.append(code); code = null; } else { code = h('pre', {}, ''); }
      continue;
    }
    if (code) { code.append(document.createTextNode(line + '\n')); continue; }
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    const item = /^\s*(?:[-*]|\d+\.)\s+(.*)$/.exec(line);
    if (item) {
      if (!list) { list = h(/^\s*\d/.test(line) ? 'ol' : 'ul'); root.append(list); }
      list.append(h('li', {}, inline(item[1])));
      continue;
    }
    list = null;
    if (heading) root.append(h(`h${Math.min(4, heading[1].length + 2)}`, {}, inline(heading[2])));
    else if (line.trim()) root.append(h('p', {}, inline(line)));
  }
  if (code) root.append(code);
  return root;
}

function inline(text) {
  // **bold** and `code`; everything else is plain text
  return text.split(/(\*\*[^*]+\*\*|`[^`]+`)/).filter(Boolean).map(part =>
    part.startsWith('**') ? h('strong', {}, part.slice(2, -2))
      : part.startsWith('`') ? h('code', {}, part.slice(1, -1)) : part);
}

export function debounce(fn, ms) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

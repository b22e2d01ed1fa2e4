/** Small DOM helpers: typed element lookup, text, buttons, the banner and the log. */
export function el<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`demo page: no element #${id}`);
  return e as T;
}

export function setText(id: string, text: string): void {
  el(id).textContent = text;
}

export function enable(ids: string[], on = true): void {
  for (const id of ids) el<HTMLButtonElement>(id).disabled = !on;
}

/** The page state, also on <body data-state> so scripts and tests can wait for it. */
export function setState(state: string): void {
  document.body.dataset.state = state;
  setText('state', state);
}

export function showBanner(text: string, kind: 'warn' | 'error'): void {
  const b = el('banner');
  b.textContent = text;
  b.className = `banner ${kind}`;
  b.hidden = false;
}

export function log(line: string): void {
  const l = el('log');
  l.textContent += `${line}\n`;
  l.scrollTop = l.scrollHeight;
}

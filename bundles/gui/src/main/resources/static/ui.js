// Small helpers shared by the pages: DOM building, API calls, notices.
export const $ = (sel, root = document) => root.querySelector(sel);
export const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
};
export const short = (id) => (id && id.length > 16 ? id.slice(0, 6) + '…' + id.slice(-6) : id || '');

/** Calls the API; resolves with the JSON answer, rejects with an Error carrying the server's message. */
export async function api(method, path, fields, body) {
  const opts = { method, headers: {}, credentials: 'same-origin', cache: 'no-store' };
  if (fields) {
    opts.body = new URLSearchParams(fields);
  } else if (body !== undefined) {
    opts.body = body;
  }
  let res;
  try {
    res = await fetch('api' + path, opts);
  } catch (e) {
    throw new Error('the node is not reachable');
  }
  let data = null;
  const text = await res.text();
  if (text) { try { data = JSON.parse(text); } catch (e) { data = null; } }
  if (!res.ok) {
    const msg = data && data.error ? data.error : (res.status === 401 ? 'not authorized (open the URL the node printed)' : 'HTTP ' + res.status);
    const err = new Error(msg); err.status = res.status; throw err;
  }
  return data;
}

export function notify(text, level = 'info') {
  const box = $('#notices');
  const n = el('div', { class: 'notice ' + level, text });
  box.append(n);
  setTimeout(() => n.remove(), level === 'error' ? 9000 : 5000);
  while (box.children.length > 4) box.firstChild.remove();
}


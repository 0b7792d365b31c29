// Chat page: contacts and groups, one conversation with TTL countdowns, receipts, typing, files, encryption status.
import { $, el, api, notify, short } from './ui.js';

const STATUS_TEXT = { queued: 'queued', sent: 'sent', delivered: 'delivered', read: 'read', received: '', seen: '' };
const STATUS_MARK = { queued: '◷', sent: '✓', delivered: '✓✓', read: '✓✓' };
const TYPING_SENT_EVERY_MS = 3000;
const TYPING_IDLE_MS = 4000;
const TYPING_SHOWN_MS = 7000;

function left(ms) {
  if (ms <= 0) return 'expired';
  const s = Math.ceil(ms / 1000);
  if (s < 60) return s + 's';
  if (s < 3600) return Math.floor(s / 60) + 'm ' + (s % 60) + 's';
  if (s < 86400) return Math.floor(s / 3600) + 'h ' + Math.floor((s % 3600) / 60) + 'm';
  return Math.floor(s / 86400) + 'd ' + Math.floor((s % 86400) / 3600) + 'h';
}

function bytes(n) {
  if (n < 1024) return n + ' B';
  if (n < 1048576) return (n / 1024).toFixed(1) + ' KiB';
  return (n / 1048576).toFixed(1) + ' MiB';
}

export class Chat {
  constructor() {
    this.state = null;
    this.current = null;          // conversation id: a peer id or "group:<id>"
    this.messages = new Map();    // id -> message of the current conversation
    this.unread = new Map();      // conversation -> count
    this.typingPeers = new Map(); // peer -> timeout
    this.transfers = new Map();   // transfer id -> transfer
    this.groupNames = new Map();  // conversation -> name, for groups created here before their event arrives
    this.lastTypingSent = 0;
    this.typingIdle = null;
    this.bind();
  }

  bind() {
    $('#composer').addEventListener('submit', (e) => { e.preventDefault(); this.send(); });
    const text = $('#message-text');
    text.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); this.send(); }
    });
    text.addEventListener('input', () => this.typed());
    $('#file-input').addEventListener('change', (e) => { const f = e.target.files[0]; e.target.value = ''; if (f) this.sendFile(f); });
    $('#group-form').addEventListener('submit', (e) => { e.preventDefault(); this.createGroup(); });
  }

  render(state) {
    this.state = state;
    $('#chat-unavailable').hidden = state.capabilities.chat;
    $('#composer').querySelectorAll('textarea,button,select,input').forEach((x) => { x.disabled = !state.capabilities.chat; });
    this.transfers = new Map((state.transfers || []).map((t) => [t.id, t]));
    this.renderContacts(state.contacts);
    if (this.current) this.open(this.current, false);
  }

  onContacts(contacts) {
    if (!this.state) return;
    this.state.contacts = contacts;
    this.renderContacts(contacts);
    this.renderTitle();
    this.renderSecurity();
  }

  contact(peer) {
    return this.state ? this.state.contacts.peers.find((c) => c.peer === peer) : null;
  }

  renderContacts(contacts) {
    const list = $('#contact-list');
    list.replaceChildren();
    for (const c of contacts.peers) {
      const n = this.unread.get(c.peer) || 0;
      list.append(el('li', {}, el('button', {
        type: 'button', 'data-peer': c.peer, 'aria-current': this.current === c.peer ? 'true' : 'false',
        'aria-label': 'Chat with ' + c.peer + (c.online ? ', online' : ', offline') + (c.verified ? ', verified' : '') + (n ? ', ' + n + ' unread' : ''),
        onclick: () => this.open(c.peer, true),
      }, el('span', { class: 'dot' + (c.online ? ' on' : ''), 'aria-hidden': 'true' }),
        el('span', { class: 'mono', text: short(c.peer) }),
        n ? el('span', { class: 'badge count', text: String(n) }) : (c.verified ? el('span', { class: 'badge ok', text: 'verified' }) : el('span')),
        el('span', { class: 'sub', text: (c.online ? 'online' : 'offline') + (c.chat ? ' · ' + c.chat.protection : '') }))));
    }
    if (!contacts.peers.length) list.append(el('li', { class: 'muted small', text: 'No peers yet: connect one on the Network page.' }));
    const groups = $('#group-list');
    groups.replaceChildren();
    for (const g of contacts.groups) {
      const n = this.unread.get(g.conversation) || 0;
      groups.append(el('li', {}, el('button', {
        type: 'button', 'data-conversation': g.conversation, 'aria-current': this.current === g.conversation ? 'true' : 'false',
        onclick: () => this.open(g.conversation, true),
      }, el('span', { class: 'dot on', 'aria-hidden': 'true' }), el('span', { text: g.name }),
        n ? el('span', { class: 'badge count', text: String(n) }) : el('span'),
        el('span', { class: 'sub', text: g.members.length + ' members' }))));
    }
    const fs = $('#group-members');
    const checked = new Set([...fs.querySelectorAll('input:checked')].map((i) => i.value));
    fs.replaceChildren(el('legend', { text: 'Members' }));
    for (const c of contacts.peers) {
      const id = 'gm-' + c.peer;
      fs.append(el('label', { class: 'check', for: id }, el('input', { type: 'checkbox', id, value: c.peer, checked: checked.has(c.peer) }),
        el('span', { class: 'mono', text: short(c.peer) })));
    }
  }

  async open(conversation, userAction) {
    if (this.current !== conversation) {
      this.messages.clear();
      this.typingPeers.clear();
      $('#typing').textContent = '';
      $('#composer-error').textContent = '';
    }
    this.current = conversation;
    this.unread.delete(conversation);
    $('#conv-empty').hidden = true;
    $('#conv').hidden = false;
    this.renderTitle();
    this.renderContacts(this.state.contacts);
    this.renderSecurity();
    this.renderTransfers();
    if (userAction) $('#message-text').focus();
    try {
      const h = await api('GET', '/chat/history?c=' + encodeURIComponent(conversation));
      if (this.current !== conversation) return;
      this.messages.clear();
      for (const m of h.messages) this.messages.set(m.id, m);
      this.peerInfo = h.peer || null;
      this.renderSecurity();
      this.renderMessages();
      this.markRead();
    } catch (e) {
      $('#composer-error').textContent = e.message;
    }
  }

  renderTitle() {
    const c = this.current;
    if (!c) return;
    if (c.startsWith('group:')) {
      const group = this.state.contacts.groups.find((g) => g.conversation === c);
      $('#conv-title').textContent = 'Group · ' + (group ? group.name : (this.groupNames.get(c) || c.slice(6, 14)));
    } else {
      $('#conv-title').textContent = 'Chat with ' + short(c);
    }
    $('#conv-title').title = c;
  }

  renderSecurity() {
    const box = $('#conv-security');
    if (!this.current || !this.state) return;
    box.replaceChildren();
    if (this.current.startsWith('group:')) {
      box.append(el('span', { text: 'Group messages go to each member over its own end-to-end session.' }));
      return;
    }
    const info = this.peerInfo && this.peerInfo.peer === this.current ? this.peerInfo : null;
    const c = this.contact(this.current) || { peer: this.current, fingerprint: info ? info.fingerprint : '',
      verified: info ? info.verified : false };
    const crypto = this.state.crypto || {};
    const mode = c.crypto ? c.crypto.mode : (crypto.available ? crypto.policy.mode + ' (no session yet)' : 'not available');
    const protection = c.chat ? c.chat.protection : 'no session yet';
    box.append(
      el('span', { 'data-testid': 'encryption-mode' }, 'Mode: ', el('strong', { text: mode })),
      el('span', { 'data-testid': 'chat-protection' }, 'Chat: ', el('strong', { text: protection })),
      el('span', { class: 'fp', title: 'Their key fingerprint: compare it with theirs by another channel' }, 'Their key: ' + c.fingerprint),
      el('span', { class: 'fp', title: 'Your key fingerprint' }, 'Yours: ' + this.state.node.fingerprint),
      c.verified ? el('span', { class: 'badge ok', text: 'verified' }) : el('span', { class: 'badge warn', text: 'not verified' }),
      el('button', { type: 'button', class: 'secondary', onclick: () => this.verify(c, !c.verified) }, c.verified ? 'Unverify' : 'Mark verified'));
    if (crypto.available) {
      const sel = el('select', { id: 'mode-select', 'aria-label': 'Encryption mode of this node' });
      const ids = crypto.modes.map((m) => m.id);
      for (const id of ids) sel.append(el('option', { value: id, selected: id === crypto.policy.mode, text: id }));
      sel.addEventListener('change', () => this.setMode(sel.value));
      box.append(el('label', { for: 'mode-select', class: 'sr-only', text: 'Encryption mode' }), sel,
        el('button', { type: 'button', class: 'secondary', title: 'New keys with the mode now in force', onclick: () => this.rekey() }, 'New session'));
    }
  }

  renderMessages() {
    const list = $('#messages');
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    const sorted = [...this.messages.values()].sort((a, b) => a.sentAt - b.sentAt || a.sequence - b.sequence);
    list.replaceChildren();
    for (const m of sorted) list.append(this.renderMessage(m));
    if (atBottom || sorted.length < 3) list.scrollTop = list.scrollHeight;
  }

  renderMessage(m) {
    const mine = m.outgoing;
    const status = mine ? el('span', { class: 'status ' + m.status, 'data-status': m.status, title: m.status },
      (STATUS_MARK[m.status] || '') + ' ' + (STATUS_TEXT[m.status] || '')) : null;
    return el('li', { class: 'msg' + (mine ? ' mine' : ''), 'data-id': m.id, 'data-status': m.status },
      (!mine && this.current.startsWith('group:')) ? el('div', { class: 'small muted mono', text: short(m.sender) }) : null,
      el('div', { class: 'text', text: m.text }),
      el('div', { class: 'meta' },
        el('time', { datetime: new Date(m.sentAt).toISOString(), text: new Date(m.sentAt).toLocaleTimeString() }),
        el('span', { class: 'ttl', 'data-expires': String(m.expiresAt), text: 'disappears in ' + left(m.expiresAt - Date.now()) }),
        status));
  }

  tick() {
    const now = Date.now();
    let expired = false;
    for (const t of document.querySelectorAll('#messages .ttl')) {
      const ms = Number(t.dataset.expires) - now;
      t.textContent = 'disappears in ' + left(ms);
      if (ms <= 0) expired = true;
    }
    if (expired) {
      for (const [id, m] of this.messages) if (m.expiresAt <= now) this.messages.delete(id);
      this.renderMessages();
    }
  }

  onEvent(ev) {
    if (ev.kind === 'message' || ev.kind === 'update') {
      const m = ev.message;
      if (m.conversation === this.current) {
        this.messages.set(m.id, m);
        this.renderMessages();
        if (ev.kind === 'message') {
          this.clearTyping(m.sender);
          if (document.visibilityState === 'visible' && !$('#page-chat').hidden) this.markRead();
        }
      } else if (ev.kind === 'message') {
        this.unread.set(m.conversation, (this.unread.get(m.conversation) || 0) + 1);
        if (this.state) this.renderContacts(this.state.contacts);
        notify('New message from ' + short(m.sender));
      }
    } else if (ev.kind === 'receipt') {
      if (ev.conversation === this.current) {
        const m = this.messages.get(ev.messageId);
        if (m && (m.status !== 'read')) {
          m.status = ev.receipt === 'read' ? 'read' : (m.status === 'read' ? 'read' : 'delivered');
          this.renderMessages();
        }
      }
    } else if (ev.kind === 'typing') {
      if (ev.conversation === this.current) {
        if (ev.typing) this.showTyping(ev.peer); else this.clearTyping(ev.peer);
      }
    } else if (ev.kind === 'file') {
      this.transfers.set(ev.transfer.id, ev.transfer);
      this.renderTransfers();
      if (!ev.transfer.outgoing && ev.transfer.state === 'complete') notify('File received: ' + ev.transfer.name);
    }
  }

  onNotice(n) {
    if (n.level === 'error') $('#composer-error').textContent = n.text;
  }

  showTyping(peer) {
    clearTimeout(this.typingPeers.get(peer));
    this.typingPeers.set(peer, setTimeout(() => this.clearTyping(peer), TYPING_SHOWN_MS));
    this.renderTyping();
  }

  clearTyping(peer) {
    clearTimeout(this.typingPeers.get(peer));
    this.typingPeers.delete(peer);
    this.renderTyping();
  }

  renderTyping() {
    const who = [...this.typingPeers.keys()].map(short);
    $('#typing').textContent = who.length ? who.join(', ') + (who.length > 1 ? ' are' : ' is') + ' typing…' : '';
  }

  renderTransfers() {
    const box = $('#transfers');
    box.replaceChildren();
    const peer = this.current && !this.current.startsWith('group:') ? this.current : null;
    for (const t of this.transfers.values()) {
      if (!peer || t.peer !== peer) continue;
      const done = t.state === 'complete';
      box.append(el('div', { class: 'transfer', 'data-transfer': t.id, 'data-state': t.state },
        el('span', { text: (t.outgoing ? 'Sending ' : 'Receiving ') + t.name + ' (' + bytes(t.size) + ')' }),
        el('progress', { max: String(Math.max(1, t.size)), value: String(t.transferred), 'aria-label': 'Progress of ' + t.name }),
        el('span', { class: 'small', text: t.state + (t.error ? ': ' + t.error : '') }),
        (!t.outgoing && done) ? el('a', { href: 'api/chat/download?id=' + encodeURIComponent(t.id), download: t.name, text: 'Save' }) : null));
    }
  }

  typed() {
    if (!this.current) return;
    if (!$('#message-text').value) { this.stopTyping(); return; }
    const now = Date.now();
    if (now - this.lastTypingSent > TYPING_SENT_EVERY_MS) {
      this.lastTypingSent = now;
      api('POST', '/chat/typing', { c: this.current, typing: 'true' }).catch(() => {});
    }
    clearTimeout(this.typingIdle);
    this.typingIdle = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  stopTyping() {
    clearTimeout(this.typingIdle);
    if (this.lastTypingSent && this.current) {
      this.lastTypingSent = 0;
      api('POST', '/chat/typing', { c: this.current, typing: 'false' }).catch(() => {});
    }
  }

  async send() {
    const box = $('#message-text');
    const text = box.value;
    const err = $('#composer-error');
    err.textContent = '';
    if (!this.current || !text.trim()) return;
    const size = new TextEncoder().encode(text).length;
    const limit = this.state.limits.maxMessageBytes;
    if (size > limit) {
      err.textContent = 'Message too long: ' + size + ' bytes, the limit is ' + limit + ' bytes.';
      return;
    }
    const fields = { c: this.current, text };
    const ttl = $('#message-ttl').value;
    if (ttl) fields.ttl = ttl;
    this.stopTyping();
    try {
      const m = await api('POST', '/chat/send', fields);
      box.value = '';
      if (m.conversation === this.current) {
        this.messages.set(m.id, m);
        this.renderMessages();
      }
    } catch (e) {
      err.textContent = 'Not sent: ' + e.message;
    }
  }

  markRead() {
    if (!this.current) return;
    this.unread.delete(this.current);
    const incoming = [...this.messages.values()].some((m) => !m.outgoing && m.status === 'received');
    if (incoming) api('POST', '/chat/read', { c: this.current }).catch(() => {});
  }

  sendFile(file) {
    const err = $('#composer-error');
    err.textContent = '';
    if (!this.current || this.current.startsWith('group:')) { err.textContent = 'Files go to one peer: open a conversation with a peer.'; return; }
    const limit = this.state.limits.maxFileBytes;
    if (file.size > limit) {
      err.textContent = 'File too large: ' + file.name + ' is ' + file.size + ' bytes (' + bytes(file.size) + '), the limit is '
        + limit + ' bytes.';
      return;
    }
    const bar = $('#upload-progress');
    bar.hidden = false; bar.value = 0;
    const xhr = new XMLHttpRequest();
    xhr.open('POST', 'api/chat/file?peer=' + encodeURIComponent(this.current) + '&name=' + encodeURIComponent(file.name));
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = Math.round(100 * e.loaded / e.total); };
    xhr.onload = () => {
      bar.hidden = true;
      if (xhr.status >= 300) {
        let msg = 'HTTP ' + xhr.status;
        try { msg = JSON.parse(xhr.responseText).error || msg; } catch (e) { /* not JSON */ }
        err.textContent = 'File not sent: ' + msg;
      } else {
        notify('Sending ' + file.name + '…');
      }
    };
    xhr.onerror = () => { bar.hidden = true; err.textContent = 'File not sent: the node is not reachable'; };
    xhr.send(file);
  }

  async verify(c, yes) {
    try {
      await api('POST', '/chat/verify', { peer: c.peer, fingerprint: c.fingerprint, verified: String(yes) });
      c.verified = yes;
      this.renderContacts(this.state.contacts);
      this.renderSecurity();
    } catch (e) { notify(e.message, 'error'); }
  }

  async setMode(mode) {
    try {
      this.state.crypto = await api('POST', '/crypto/mode', { mode });
      notify('Encryption mode of this node: ' + mode + ' (new sessions use it)');
      this.renderSecurity();
    } catch (e) { notify(e.message, 'error'); }
  }

  async rekey() {
    try {
      await api('POST', '/chat/rekey', { peer: this.current });
      notify('New session with ' + short(this.current));
    } catch (e) { notify(e.message, 'error'); }
  }

  async createGroup() {
    const name = $('#group-name').value.trim();
    const members = [...document.querySelectorAll('#group-members input:checked')].map((i) => i.value);
    if (!name || !members.length) { notify('A group needs a name and at least one member.', 'error'); return; }
    try {
      const g = await api('POST', '/chat/group', { name, members: members.join(',') });
      this.groupNames.set(g.conversation, name);
      $('#group-name').value = '';
      notify('Group "' + name + '" created');
      this.open(g.conversation, true);
    } catch (e) { notify(e.message, 'error'); }
  }
}

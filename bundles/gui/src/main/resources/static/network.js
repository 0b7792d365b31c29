// Network page: this node, connected peers with latency, the Tor switch, the proxy indicator and dialog.
import { $, el, api, notify, short } from './ui.js';

export class Network {
  constructor() {
    this.state = null;
    $('#connect-form').addEventListener('submit', (e) => { e.preventDefault(); this.connect(); });
    $('#tor-switch').addEventListener('click', () => this.toggleTor());
    $('#proxy-configure').addEventListener('click', () => this.openDialog());
    $('#proxy-cancel').addEventListener('click', () => $('#proxy-dialog').close());
    $('#proxy-form').addEventListener('submit', (e) => { e.preventDefault(); this.applyDialog(); });
  }

  render(state) {
    this.state = state;
    this.onNetwork(state.network);
    this.onProxy(state.proxy);
  }

  onNetwork(net) {
    const node = net.node;
    $('#own-peer').textContent = node.peer || '(no transport)';
    $('#own-fingerprint').textContent = node.fingerprint;
    $('#own-profile').textContent = node.profile + ' · ' + node.name;
    const addrs = $('#own-addrs');
    addrs.replaceChildren(...node.addrs.map((a) => el('li', { text: a + (node.peer ? '/p2p/' + node.peer : ''),
      class: a.startsWith('/onion3/') ? 'onion' : '' })));
    if (!node.addrs.length) addrs.append(el('li', { class: 'muted', text: 'none' }));
    const body = $('#peer-table tbody');
    body.replaceChildren();
    for (const p of net.peers) {
      const lat = p.latencyMs === null || p.latencyMs === undefined ? '…' : (p.latencyMs < 0 ? 'no reply' : p.latencyMs + ' ms');
      body.append(el('tr', { 'data-peer': p.peer },
        el('td', { class: 'mono', title: p.peer, text: short(p.peer) }), el('td', { class: 'mono', text: p.addr }),
        el('td', { text: p.route }), el('td', { text: p.outbound ? 'outbound' : 'inbound' }),
        el('td', { class: 'latency', text: lat }), el('td', { text: String(p.streams) })));
    }
    if (!net.peers.length) body.append(el('tr', {}, el('td', { colspan: '6', class: 'muted', text: 'No connected peers.' })));
  }

  onProxy(proxy) {
    if (this.state) this.state.proxy = proxy;
    const label = proxy.label || '';
    for (const id of ['#proxy-indicator', '#proxy-status']) {
      const p = $(id);
      p.textContent = (id === '#proxy-indicator' ? 'Route: ' : '') + label;
      p.className = 'pill ' + (proxy.level || '');
      p.dataset.level = proxy.level || '';
    }
    $('#proxy-unavailable').hidden = proxy.available !== false;
    const sw = $('#tor-switch');
    sw.setAttribute('aria-checked', proxy.settings && proxy.settings.useTor ? 'true' : 'false');
    sw.disabled = proxy.available === false;
    $('#proxy-configure').disabled = proxy.available === false;
    $('#proxy-detail').textContent = proxy.policy ? proxy.policy.detail : '';
    $('#proxy-providers').replaceChildren(...(proxy.providers || []).map((p) =>
      el('li', { text: p.name + ': ' + p.state + (p.detail ? ' — ' + p.detail : '') })));
  }

  async refreshProxy() {
    try {
      this.onProxy(await api('GET', '/proxy'));
    } catch (e) { /* the event stream reports the outage */ }
  }

  async toggleTor() {
    const sw = $('#tor-switch');
    const on = sw.getAttribute('aria-checked') !== 'true';
    sw.disabled = true;
    try {
      this.onProxy(await api('POST', '/proxy/tor', { on: String(on) }));
      notify(on ? 'Tor switched on' : 'Tor switched off');
      setTimeout(() => this.refreshProxy(), 1500);
    } catch (e) {
      notify('Tor switch: ' + e.message, 'error');
    } finally {
      sw.disabled = false;
    }
  }

  openDialog() {
    const s = (this.state && this.state.proxy && this.state.proxy.settings) || {};
    $('#pf-proxy').value = s.proxy || '';
    $('#pf-user').value = s.proxyUser || '';
    $('#pf-password').value = '';
    $('#pf-password').placeholder = s.hasPassword ? 'unchanged' : '';
    $('#pf-tormode').value = s.torMode || 'auto';
    $('#pf-torsocks').value = s.torSocks || '';
    $('#pf-torcontrol').value = s.torControl || '';
    $('#pf-torpassword').value = '';
    $('#pf-fallback').checked = !!s.allowDirectFallback;
    $('#proxy-form-error').textContent = '';
    $('#proxy-dialog').showModal();
    $('#pf-proxy').focus();
  }

  async applyDialog() {
    const fields = {
      proxy: $('#pf-proxy').value.trim(), proxyUser: $('#pf-user').value.trim(), proxyPassword: $('#pf-password').value,
      torMode: $('#pf-tormode').value, torSocks: $('#pf-torsocks').value.trim(), torControl: $('#pf-torcontrol').value.trim(),
      torControlPassword: $('#pf-torpassword').value, allowDirectFallback: String($('#pf-fallback').checked),
    };
    try {
      this.onProxy(await api('POST', '/proxy', fields));
      $('#proxy-dialog').close();
      notify('Proxy settings applied');
    } catch (e) {
      $('#proxy-form-error').textContent = e.message;
    }
  }

  async connect() {
    const err = $('#connect-error');
    err.textContent = '';
    const addr = $('#connect-addr').value.trim();
    try {
      const r = await api('POST', '/network/connect', { addr });
      notify('Connected to ' + short(r.peer));
      $('#connect-addr').value = '';
    } catch (e) {
      err.textContent = e.message;
    }
  }
}

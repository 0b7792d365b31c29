// End-to-end test of the Nodus web UI in Debian's headless Chromium, driven by playwright-core.
//
//   node e2e.mjs --scenario chat --a URL_A --b URL_B --out DIR
//   node e2e.mjs --scenario training --a URL_A --aggregator PEER_ID --out DIR
//
// URL_* are the "NODUS GUI http://...?token=..." URLs the nodes printed (the nodes are already connected).
// Each check is printed as "E2E-CHECK ok|FAIL <name> <detail>"; the last line is "E2E-RESULT {json}"; the exit code
// is 0 only when every check passed. In the chat scenario the script prints "E2E-WAIT restart-b" and reads one line
// from stdin: the caller restarts node B meanwhile, then the script checks that page B reconnects and says so.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const out = args.out || 'screenshots';
mkdirSync(out, { recursive: true });

const STEP_MS = Number(args.stepMs || 30000);
const TRAINING_MS = Number(args.trainingMs || 300000);
const checks = [];
const pages = [];
let failed = false;

function check(name, ok, detail = '') {
  checks.push({ name, ok, detail: String(detail).slice(0, 300) });
  console.log(`E2E-CHECK ${ok ? 'ok' : 'FAIL'} ${name} ${detail}`);
  if (!ok) failed = true;
  return ok;
}

/** Runs one step; an exception fails the check and the scenario stops (later steps depend on it). */
async function step(name, fn) {
  try {
    const detail = await fn();
    check(name, true, detail ?? '');
  } catch (e) {
    check(name, false, (e && e.message ? e.message : String(e)).split('\n')[0]);
    for (const [i, p] of pages.entries()) await shot(p, 'failure-' + i).catch(() => {});
    throw new Error('stopped after ' + name);
  }
}

const originOf = (url) => new URL(url).origin;
const tokenOf = (url) => new URL(url).searchParams.get('token');

async function shot(page, name) {
  await page.screenshot({ path: join(out, name + '.png'), fullPage: true });
}

async function waitText(page, selector, pred, what, timeout = STEP_MS) {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = (await page.locator(selector).first().textContent({ timeout: 2000 }).catch(() => '')) || '';
    if (pred(last)) return last;
    await page.waitForTimeout(200);
  }
  throw new Error(`${what}: '${selector}' still says '${last.trim().slice(0, 120)}'`);
}

async function rawGet(url, headers = {}) {
  const res = await fetch(url, { headers, redirect: 'manual' });
  const body = await res.text();
  return { status: res.status, body };
}

async function unauthorized(url) {
  const origin = originOf(url);
  const cases = [
    ['no token', origin + '/'],
    ['wrong token', origin + '/?token=' + '0'.repeat(64)],
    ['API without token', origin + '/api/state'],
    ['events without token', origin + '/api/events'],
  ];
  for (const [name, u] of cases) {
    const r = await rawGet(u);
    if (r.status !== 401 || r.body.length !== 0) throw new Error(`${name}: HTTP ${r.status}, ${r.body.length} bytes`);
  }
  const bearer = await rawGet(origin + '/api/state', { Authorization: 'Bearer ' + tokenOf(url) });
  if (bearer.status !== 200) throw new Error('bearer token refused: HTTP ' + bearer.status);
  return '401 with an empty body for missing/wrong tokens; bearer accepted';
}

async function openUi(browser, url, name, viewport = { width: 1280, height: 860 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  pages.push(page);
  page.on('pageerror', (e) => check(name + ' page has no script errors', false, e.message));
  await page.goto(url);
  // Record every state the link indicator goes through (for the restart check).
  await page.evaluate(() => {
    window.__link = [];
    const s = document.getElementById('link-status');
    new MutationObserver(() => window.__link.push(s.textContent)).observe(s, { childList: true, characterData: true, subtree: true });
  });
  await waitText(page, '#link-status', (t) => t.includes('live'), name + ' live');
  return { context, page };
}

async function chatScenario(browser) {
  await step('A refuses requests without the token', () => unauthorized(args.a));
  const A = await openUi(browser, args.a, 'A');
  const B = await openUi(browser, args.b, 'B');
  const peerA = await A.page.evaluate(async () => (await (await fetch('api/state')).json()).node.peer);
  const peerB = await B.page.evaluate(async () => (await (await fetch('api/state')).json()).node.peer);

  await step('contacts list the other node as online', async () => {
    await A.page.locator(`#contact-list button[data-peer="${peerB}"]`).waitFor({ timeout: STEP_MS });
    await B.page.locator(`#contact-list button[data-peer="${peerA}"]`).waitFor({ timeout: STEP_MS });
    const label = await A.page.locator(`#contact-list button[data-peer="${peerB}"]`).getAttribute('aria-label');
    if (!label.includes('online')) throw new Error('contact label: ' + label);
    return label;
  });

  // Keyboard only on A: focus the contact with Tab-reachable buttons, open it with Enter.
  await step('open the conversations (keyboard on A)', async () => {
    await A.page.locator(`#contact-list button[data-peer="${peerB}"]`).focus();
    await A.page.keyboard.press('Enter');
    await B.page.locator(`#contact-list button[data-peer="${peerA}"]`).click();
    await A.page.locator('#conv').waitFor({ state: 'visible' });
    await B.page.locator('#conv').waitFor({ state: 'visible' });
    const focused = await A.page.evaluate(() => document.activeElement.id);
    if (focused !== 'message-text') throw new Error('focus is on #' + focused + ', not the message box');
    return 'message box focused';
  });

  await step('B sees A typing', async () => {
    await A.page.locator('#message-text').pressSequentially('hello from A', { delay: 40 });
    return await waitText(B.page, '#typing', (t) => t.includes('typing'), 'typing indicator on B');
  });

  const text = 'hello from A ' + Date.now();
  await step('message arrives at B', async () => {
    await A.page.locator('#message-text').fill(text);
    await A.page.keyboard.press('Enter');
    await B.page.locator('#messages li.msg .text', { hasText: text }).waitFor({ timeout: STEP_MS });
    return 'text shown on B';
  });

  await step('A gets the read receipt', async () => {
    const mine = A.page.locator('#messages li.msg.mine', { hasText: text });
    await mine.waitFor({ timeout: STEP_MS });
    await A.page.waitForFunction((t) => [...document.querySelectorAll('#messages li.msg.mine')]
      .some((li) => li.textContent.includes(t) && li.dataset.status === 'read'), text, { timeout: STEP_MS });
    return 'status read';
  });

  const brief = 'short-lived ' + Date.now();
  await step('a short TTL counts down in seconds', async () => {
    await A.page.locator('#message-ttl').selectOption('60');
    await A.page.locator('#message-text').fill(brief);
    await A.page.locator('#send-button').click();
    await A.page.locator('#message-ttl').selectOption('');
    const ttl = B.page.locator('#messages li.msg', { hasText: brief }).locator('.ttl');
    await ttl.waitFor({ timeout: STEP_MS });
    const seconds = async () => {
      const m = (await ttl.textContent()).match(/in (?:(\d+)m )?(\d+)s$/);
      return m ? Number(m[1] || 0) * 60 + Number(m[2]) : NaN;
    };
    const s1 = await seconds();
    const deadline = Date.now() + STEP_MS;
    let s2 = s1;
    while (!(s2 < s1) && Date.now() < deadline) {
      await B.page.waitForTimeout(250);
      s2 = await seconds();
    }
    if (!(s1 <= 60 && s2 < s1)) throw new Error(`${s1}s then ${s2}s`);
    return `${s1}s -> ${s2}s`;
  });

  await step('B replies and A sees it', async () => {
    const reply = 'reply from B ' + Date.now();
    await B.page.locator('#message-text').fill(reply);
    await B.page.locator('#send-button').click();
    await A.page.locator('#messages li.msg .text', { hasText: reply }).waitFor({ timeout: STEP_MS });
    return 'reply shown on A';
  });

  await step('encryption status shown per conversation', async () => {
    const mode = await A.page.locator('[data-testid=encryption-mode]').textContent();
    const prot = await A.page.locator('[data-testid=chat-protection]').textContent();
    if (!/Mode: /.test(mode) || !/Chat: /.test(prot)) throw new Error(mode + ' / ' + prot);
    return `${mode}; ${prot}`;
  });
  await shot(A.page, 'chat-a');
  await shot(B.page, 'chat-b');

  await step('oversized message refused with a visible error', async () => {
    const limit = await A.page.evaluate(async () => (await (await fetch('api/state')).json()).limits.maxMessageBytes);
    await A.page.locator('#message-text').fill('x'.repeat(limit + 1));
    await A.page.locator('#send-button').click();
    const err = await waitText(A.page, '#composer-error', (t) => t.includes('too long'), 'error shown');
    const server = await A.page.evaluate(async ({ c, n }) => {
      const r = await fetch('api/chat/send', { method: 'POST', body: new URLSearchParams({ c, text: 'y'.repeat(n) }) });
      return r.status + ' ' + (await r.json()).error;
    }, { c: peerB, n: limit + 1 });
    if (!server.startsWith('413')) throw new Error('server answered ' + server);
    await A.page.locator('#message-text').fill('');
    return `${err.trim()} / server: ${server}`;
  });

  await step('oversized file refused with a visible error', async () => {
    const limit = await A.page.evaluate(async () => (await (await fetch('api/state')).json()).limits.maxFileBytes);
    await A.page.locator('#file-input').setInputFiles({ name: 'big.bin', mimeType: 'application/octet-stream',
      buffer: Buffer.alloc(limit + 1, 1) });
    const err = await waitText(A.page, '#composer-error', (t) => t.includes('too large'), 'error shown');
    const server = await A.page.evaluate(async ({ peer, n }) => {
      const r = await fetch('api/chat/file?peer=' + encodeURIComponent(peer) + '&name=big.bin',
        { method: 'POST', body: new Uint8Array(n) });
      return r.status + ' ' + (await r.json()).error;
    }, { peer: peerB, n: limit + 1 });
    if (!server.startsWith('413')) throw new Error('server answered ' + server);
    return `${err.trim()} / server: ${server}`;
  });
  await shot(A.page, 'chat-a-errors');

  await step('a small file goes to B with progress', async () => {
    await A.page.locator('#file-input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain',
      buffer: Buffer.from('nodus file transfer test\n'.repeat(200)) });
    await B.page.locator('#transfers [data-state=complete]').waitFor({ timeout: STEP_MS });
    return await B.page.locator('#transfers [data-state=complete]').first().textContent();
  });
  await shot(B.page, 'chat-b-file');

  await step('encryption mode selector changes the node policy', async () => {
    const policy = () => A.page.evaluate(async () => (await (await fetch('api/state')).json()).crypto.policy.mode);
    const before = await policy();
    const other = before === 'asymmetric' ? 'symmetric' : 'asymmetric';
    await A.page.locator('#mode-select').selectOption(other);
    const deadline = Date.now() + STEP_MS;
    while (await policy() !== other) {
      if (Date.now() > deadline) throw new Error('policy still ' + (await policy()));
      await A.page.waitForTimeout(250);
    }
    await A.page.locator('#mode-select').selectOption(before);
    while (await policy() !== before) {
      if (Date.now() > deadline) throw new Error('policy not restored');
      await A.page.waitForTimeout(250);
    }
    return `${before} -> ${other} -> ${before}`;
  });

  await step('a group chat reaches B', async () => {
    await A.page.locator('.new-group summary').click();
    await A.page.locator('#group-name').fill('e2e group');
    await A.page.locator(`#group-members input[value="${peerB}"]`).check();
    await A.page.locator('#group-form button[type=submit]').click();
    await A.page.waitForFunction(() => document.getElementById('conv-title').textContent.startsWith('Group'), null,
      { timeout: STEP_MS });
    const g = 'group hello ' + Date.now();
    await A.page.locator('#message-text').fill(g);
    await A.page.locator('#send-button').click();
    const button = B.page.locator('#group-list button', { hasText: 'e2e group' });
    await button.waitFor({ timeout: STEP_MS });
    await button.click();
    await B.page.locator('#messages li.msg .text', { hasText: g }).waitFor({ timeout: STEP_MS });
    return 'group message shown on B';
  });
  await shot(B.page, 'chat-b-group');

  await step('network page shows the peer with latency', async () => {
    await A.page.locator('#tab-network').click();
    await A.page.locator(`#peer-table tr[data-peer="${peerB}"]`).first().waitFor({ timeout: STEP_MS });
    return await waitText(A.page, `#peer-table tr[data-peer="${peerB}"] .latency`, (t) => /\d+ ms/.test(t), 'latency', STEP_MS);
  });

  await step('keyboard moves between tabs', async () => {
    await A.page.locator('#tab-network').focus();
    await A.page.keyboard.press('ArrowRight');
    const sel = await A.page.locator('#tab-training').getAttribute('aria-selected');
    await A.page.keyboard.press('ArrowLeft');
    if (sel !== 'true') throw new Error('ArrowRight did not select Training');
    return 'ArrowRight/ArrowLeft';
  });

  let before = '';
  await step('Tor switch changes the proxy status', async () => {
    before = await A.page.locator('#proxy-status').textContent();
    await A.page.locator('#tor-switch').click();
    const after = await waitText(A.page, '#proxy-status', (t) => t.startsWith('Tor'), 'proxy status after the switch');
    const checked = await A.page.locator('#tor-switch').getAttribute('aria-checked');
    if (checked !== 'true') throw new Error('switch not checked');
    return `${before} -> ${after}`;
  });
  await step('Tor status settles to what the proxy reports (fail-closed)', async () =>
    waitText(A.page, '#proxy-status', (t) => /failed-closed|ready/.test(t), 'final Tor status'));
  await shot(A.page, 'network-a-tor');

  await step('proxy dialog opens, validates and closes', async () => {
    await A.page.locator('#proxy-configure').click();
    await A.page.locator('#proxy-dialog').waitFor({ state: 'visible' });
    await A.page.locator('#pf-proxy').fill('http://not-socks');
    await A.page.locator('#proxy-save').click();
    const err = await waitText(A.page, '#proxy-form-error', (t) => t.includes('socks5'), 'dialog validation');
    await shot(A.page, 'network-a-dialog');
    await A.page.locator('#proxy-cancel').click();
    await A.page.locator('#proxy-dialog').waitFor({ state: 'hidden' });
    return err;
  });

  await step('Tor switched off again', async () => {
    await A.page.locator('#tor-switch').click();
    return await waitText(A.page, '#proxy-status', (t) => t === 'direct', 'proxy status direct');
  });

  // A narrow window: the chat stays usable (contacts above the conversation).
  await step('narrow window layout', async () => {
    await B.page.setViewportSize({ width: 420, height: 860 });
    await B.page.locator('#tab-chat').click();
    const boxC = await B.page.locator('.contacts').boundingBox();
    const boxV = await B.page.locator('.conversation').boundingBox();
    if (!(boxV.y >= boxC.y + boxC.height - 1)) throw new Error('conversation not below contacts');
    const overflow = await B.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 2) throw new Error('page scrolls sideways by ' + overflow + ' px');
    return 'stacked, no sideways scroll';
  });
  await shot(B.page, 'chat-b-narrow');

  await step('the short-lived message is erased at its TTL on both sides', async () => {
    for (const [p, other] of [[A.page, peerB], [B.page, peerA]]) {
      await p.locator('#tab-chat').click();
      await p.locator(`#contact-list button[data-peer="${other}"]`).click();
      await p.locator('#messages li.msg', { hasText: brief }).waitFor({ state: 'detached', timeout: 90000 });
    }
    const history = await B.page.evaluate(async (c) => (await (await fetch('api/chat/history?c=' + encodeURIComponent(c))).json())
      .messages.map((m) => m.text), peerA);
    if (history.includes(brief)) throw new Error('still in the node history');
    return 'gone from both pages and from the node';
  });

  // The caller restarts node B now; page B must notice and reconnect.
  console.log('E2E-WAIT restart-b');
  await readLine();
  await step('page B reconnects after the node restarted, and says so', async () => {
    const t = await waitText(B.page, '#link-status', (s) => s.startsWith('reconnected'), 'reconnect', 90000);
    const seen = await B.page.evaluate(() => window.__link);
    if (!seen.some((s) => s.startsWith('disconnected'))) throw new Error('never showed the outage: ' + seen.join(' | '));
    return `${seen.filter((s, i, a) => a.indexOf(s) === i).join(' -> ')}`;
  });
  await shot(B.page, 'chat-b-reconnected');
}

async function trainingScenario(browser) {
  const A = await openUi(browser, args.a, 'A');
  await A.page.locator('#tab-training').click();
  await step('the connected aggregator is offered', async () => {
    await A.page.waitForFunction((id) => [...document.querySelectorAll('#training-target option')].some((o) => o.value === id),
      args.aggregator, { timeout: 60000 });
    return args.aggregator;
  });
  await A.page.locator('#training-target').selectOption(args.aggregator);
  await A.page.locator('#to-rounds').fill(args.rounds || '3');
  await A.page.locator('#to-clients').fill(args.clients || '1');
  await A.page.locator('#to-samples').fill(args.samples || '600');
  await A.page.locator('#to-batch').fill('32');
  await A.page.locator('#to-timeout').fill('120');
  await step('training starts from the UI', async () => {
    await A.page.locator('#training-start').click();
    return await waitText(A.page, '#training-status', (t) => /running|starting/.test(t), 'running', 60000);
  });
  await shot(A.page, 'training-a-started');
  await step('the accuracy chart gains points', async () => {
    await A.page.waitForFunction(() => Number(document.getElementById('chart-accuracy').dataset.points) >= 2,
      null, { timeout: TRAINING_MS, polling: 500 });
    const n = await A.page.locator('#chart-accuracy').getAttribute('data-points');
    const rows = await A.page.locator('#round-table tbody tr').count();
    if (Number(n) !== rows) throw new Error(`${n} points but ${rows} table rows`);
    return n + ' points';
  });
  await shot(A.page, 'training-a');
  await step('the run finishes', async () =>
    waitText(A.page, '#training-status', (t) => /finished/.test(t), 'finished', TRAINING_MS));
  await shot(A.page, 'training-a-finished');
  await step('the chart has one point per completed round and every round has byte counts', async () => {
    const rounds = Number(args.rounds || '3');
    const want = Array.from({ length: rounds }, (_, i) => String(i + 1)).join(',');
    // the view that says "finished" may precede the one with the last round by one poll: wait for it
    await A.page.waitForFunction((w) => document.getElementById('chart-accuracy').dataset.rounds === w, want,
      { timeout: STEP_MS, polling: 250 }).catch(() => {});
    const charted = await A.page.locator('#chart-accuracy').getAttribute('data-rounds');
    const lossPoints = await A.page.locator('#chart-loss').getAttribute('data-points');
    if (charted !== want || Number(lossPoints) !== rounds) {
      throw new Error(`charted rounds '${charted}' (loss ${lossPoints} points), want '${want}'`);
    }
    const rows = await A.page.locator('#round-table tbody tr').evaluateAll((trs) => trs.map((tr) => ({
      round: tr.dataset.round, sent: tr.dataset.bytesSent, received: tr.dataset.bytesReceived,
      text: tr.textContent })));
    if (rows.length !== rounds) throw new Error(`${rows.length} table rows for ${rounds} rounds`);
    for (const r of rows) {
      if (!/^[0-9]+$/.test(r.sent) || !/^[0-9]+$/.test(r.received) || Number(r.received) <= 0 || /n\/a/.test(r.text)) {
        throw new Error(`round ${r.round}: bytes sent '${r.sent}', received '${r.received}', row '${r.text}'`);
      }
    }
    return rows.map((r) => `r${r.round} sent ${r.sent} B recv ${r.received} B`).join('; ');
  });
}

function readLine() {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin });
    rl.once('line', (l) => { rl.close(); resolve(l); });
    rl.once('close', () => resolve(''));
  });
}

const browser = await chromium.launch({
  executablePath: args.chromium || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});  // launch() runs the browser on a fresh temporary profile (user data dir) and removes it on close
try {
  if (args.scenario === 'training') await trainingScenario(browser);
  else await chatScenario(browser);
} catch (e) {
  if (!failed) check('scenario', false, e.message);
} finally {
  await browser.close().catch(() => {});
}
const passed = checks.filter((c) => c.ok).length;
console.log('E2E-RESULT ' + JSON.stringify({ scenario: args.scenario || 'chat', passed, failed: checks.length - passed, checks }));
console.log(`gui-e2e: ${passed} passed, ${checks.length - passed} failed`);
process.exit(failed ? 1 : 0);

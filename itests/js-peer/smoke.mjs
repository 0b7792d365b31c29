// JS<->JS smoke test of peer.mjs (run via ./smoke.sh).
// Prints one line per check and "N passed, M failed" at the end.

import './polyfill.mjs' // also loaded via --import; keeps a bare `node smoke.mjs` working
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { PeerProcess, killAll } from './driver.mjs'

const verbose = process.argv.includes('--verbose')
const stderr = verbose ? 'inherit' : 'ignore'
let passed = 0
let failed = 0
let skipped = 0

async function check (name, fn) {
  const t0 = Date.now()
  try {
    const note = await fn()
    passed++
    console.log(`ok   ${name} (${Date.now() - t0}ms)${note ? ' - ' + note : ''}`)
  } catch (err) {
    if (err?.skip) {
      skipped++
      console.log(`skip ${name} - ${err.message}`)
      return
    }
    failed++
    console.log(`FAIL ${name} (${Date.now() - t0}ms) - ${err?.message ?? err}`)
  }
}

function assert (cond, msg) {
  if (!cond) throw new Error(msg)
}

const overall = setTimeout(() => {
  console.log('FAIL overall timeout (240s)')
  failed++
  finish()
}, 240_000)

function finish () {
  clearTimeout(overall)
  killAll()
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
  process.exit(failed === 0 ? 0 : 1)
}

process.on('SIGTERM', () => { failed++; finish() })
process.on('SIGINT', () => { failed++; finish() })

const SEED = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'
const a = new PeerProcess('A', ['--pubsub', 'both', '--agent', 'nodus-smoke-A/1.0'], { stderr })
const b = new PeerProcess('B', ['--pubsub', 'both', '--agent', 'nodus-smoke-B/1.0', '--listen', '/ip4/127.0.0.1/tcp/0', '--listen', '/ip6/::1/tcp/0', '--key-seed', SEED], { stderr })
let A, B

await check('both peers print a ready line', async () => {
  [A, B] = await Promise.all([a.ready(), b.ready()])
  for (const r of [A, B]) {
    assert(typeof r.peerId === 'string' && r.peerId.startsWith('12D3KooW'), `bad peerId ${r.peerId}`)
    assert(r.addrs.length > 0 && r.addrs.every(x => x.endsWith(`/p2p/${r.peerId}`)), `bad addrs ${r.addrs}`)
    for (const p of ['/ipfs/id/1.0.0', '/ipfs/ping/1.0.0', '/nodus/echo/1.0.0', '/nodus/sink/1.0.0', '/meshsub/1.1.0', '/floodsub/1.0.0']) {
      assert(r.protocols.includes(p), `protocol ${p} missing from ${r.protocols}`)
    }
  }
  return `A=${A.peerId} B=${B.peerId}`
})
if (A == null || B == null) finish()

await check('--key-seed gives the expected Ed25519 peer id', async () => {
  const key = await generateKeyPairFromSeed('Ed25519', Buffer.from(SEED, 'hex'))
  const want = peerIdFromPrivateKey(key).toString()
  assert(B.peerId === want, `got ${B.peerId}, want ${want}`)
})

const b4 = B.addrs.find(x => x.startsWith('/ip4/'))
const b6 = B.addrs.find(x => x.startsWith('/ip6/'))

await check('A dials B (tcp+noise+yamux)', async () => {
  const r = await a.call({ cmd: 'dial', addr: b4 })
  assert(r.peerId === B.peerId, `dialled ${r.peerId}`)
  assert(r.muxer === '/yamux/1.0.0', `muxer ${r.muxer}`)
  assert(r.encryption === '/noise', `encryption ${r.encryption}`)
  return `${r.ms}ms ${r.remoteAddr}`
})

await check('connect events on both sides', async () => {
  await a.waitEvent(e => e.event === 'connect' && e.peer === B.peerId, 5000, 'connect event on A')
  await b.waitEvent(e => e.event === 'connect' && e.peer === A.peerId, 5000, 'connect event on B')
})

await check('ping (js ping client, 3 streams)', async () => {
  const r = await a.call({ cmd: 'ping', peer: B.peerId, count: 3 })
  assert(r.rtts.length === 3 && r.rtts.every(x => typeof x === 'number' && x >= 0), `rtts ${r.rtts}`)
  return `rtts ${r.rtts.join(',')}ms`
})

await check('ping (5 pings on one stream)', async () => {
  const r = await b.call({ cmd: 'ping', peer: A.peerId, count: 5, sameStream: true })
  assert(r.rtts.length === 5, `rtts ${r.rtts}`)
  return `rtts ${r.rtts.join(',')}ms`
})

await check('identify B from A', async () => {
  const r = await a.call({ cmd: 'identify', peer: B.peerId })
  assert(r.peerId === B.peerId, `peerId ${r.peerId}`)
  assert(r.agentVersion === 'nodus-smoke-B/1.0', `agentVersion ${r.agentVersion}`)
  assert(r.protocolVersion === 'ipfs/0.1.0', `protocolVersion ${r.protocolVersion}`)
  assert(r.protocols.includes('/nodus/echo/1.0.0'), `protocols ${r.protocols}`)
  assert(r.listenAddrs.length === 2, `listenAddrs ${r.listenAddrs}`)
  assert(typeof r.observedAddr === 'string' && r.observedAddr.startsWith('/ip4/127.0.0.1/tcp/'), `observedAddr ${r.observedAddr}`)
  assert(r.signedPeerRecord != null, 'no signed peer record')
  return `observed ${r.observedAddr}`
})

await check('identify A from B (fresh exchange)', async () => {
  const r = await b.call({ cmd: 'identify', peer: A.peerId, fresh: true })
  assert(r.fresh === true && r.agentVersion === 'nodus-smoke-A/1.0', JSON.stringify(r))
})

await check('echo 16 MiB on one stream', async () => {
  const r = await a.call({ cmd: 'echo', peer: B.peerId, bytes: 16 * 1024 * 1024, streams: 1 }, 120_000)
  assert(r.bytes === 16 * 1024 * 1024 && /^[0-9a-f]{64}$/.test(r.sha256), JSON.stringify(r))
  return `${r.ms}ms sha256 ${r.sha256.slice(0, 16)}...`
})

await check('echo 100 concurrent streams x 64 KiB', async () => {
  const r = await a.call({ cmd: 'echo', peer: B.peerId, bytes: 64 * 1024, streams: 100 }, 120_000)
  assert(r.streams === 100, JSON.stringify(r))
  return `${r.ms}ms`
})

await check('echo 0 bytes (immediate close-write)', async () => {
  await b.call({ cmd: 'echo', peer: A.peerId, bytes: 0, streams: 1 })
})

await check('sink 32 MiB', async () => {
  const r = await a.call({ cmd: 'sink', peer: B.peerId, bytes: 32 * 1024 * 1024 }, 120_000)
  assert(r.count === 32 * 1024 * 1024, JSON.stringify(r))
  return `${r.MBps} MB/s`
})

for (const routerName of ['floodsub', 'gossipsub']) {
  const topic = `smoke-${routerName}`
  await check(`${routerName}: subscribe both, see each other`, async () => {
    await a.call({ cmd: 'subscribe', topic, router: routerName })
    await b.call({ cmd: 'subscribe', topic, router: routerName })
    await a.call({ cmd: 'pubsubPeers', topic, router: routerName, wait: 1, waitMs: 10_000 }, 15_000)
    await b.call({ cmd: 'pubsubPeers', topic, router: routerName, wait: 1, waitMs: 10_000 }, 15_000)
  })
  await check(`${routerName}: message A -> B`, async () => {
    const data = `hello from A via ${routerName}`
    const r = await a.call({ cmd: 'publish', topic, router: routerName, data })
    assert(r.recipients.includes(B.peerId), `recipients ${r.recipients}`)
    await b.waitEvent(e => e.event === 'message' && e.router === routerName && e.topic === topic && e.data === data && e.from === A.peerId, 10_000, `${routerName} message on B`)
  })
  await check(`${routerName}: message B -> A`, async () => {
    const data = `hello from B via ${routerName} \u00e9\u2713`
    await b.call({ cmd: 'publish', topic, router: routerName, data })
    await a.waitEvent(e => e.event === 'message' && e.router === routerName && e.topic === topic && e.data === data && e.from === B.peerId, 10_000, `${routerName} message on A`)
  })
}

await check('gossipsub: mesh forms within a few heartbeats', async () => {
  const r = await a.call({ cmd: 'pubsubPeers', topic: 'smoke-gossipsub', router: 'gossipsub', wait: 1, mesh: true, waitMs: 10_000 }, 15_000)
  assert(r.mesh.includes(B.peerId), JSON.stringify(r))
})

await check('peers lists the connection', async () => {
  const r = await a.call({ cmd: 'peers' })
  const c = r.peers.find(p => p.peerId === B.peerId)
  assert(c != null, `B not in ${JSON.stringify(r.peers)}`)
  return `${c.remoteAddr} ${c.muxer} ${c.encryption}`
})

await check('hangup gives disconnect events', async () => {
  await a.call({ cmd: 'hangup', peer: B.peerId })
  await a.waitEvent(e => e.event === 'disconnect' && e.peer === B.peerId, 5000, 'disconnect on A')
  await b.waitEvent(e => e.event === 'disconnect' && e.peer === A.peerId, 5000, 'disconnect on B')
})

await check('dial over ip6 ::1 and ping', async () => {
  if (b6 == null) throw Object.assign(new Error('no ip6 listen address'), { skip: true })
  const r = await a.call({ cmd: 'dial', addr: b6, waitIdentify: true })
  assert(r.remoteAddr.startsWith('/ip6/::1/'), r.remoteAddr)
  assert(r.identify.agentVersion === 'nodus-smoke-B/1.0', JSON.stringify(r.identify))
  await a.call({ cmd: 'ping', peer: b6, count: 1 })
  return `${r.identifyMs}ms to identified`
})

await check('no-early-muxer peer (multistream muxer negotiation) interoperates', async () => {
  const c = new PeerProcess('C', ['--pubsub', 'none', '--no-early-muxer'], { stderr })
  try {
    const C = await c.ready()
    const r = await c.call({ cmd: 'dial', addr: b4, waitIdentify: true })
    assert(r.muxer === '/yamux/1.0.0', `muxer ${r.muxer}`)
    await c.call({ cmd: 'echo', peer: B.peerId, bytes: 1024 * 1024, streams: 4 })
    const r2 = await a.call({ cmd: 'dial', addr: C.addrs[0], waitIdentify: true })
    assert(r2.muxer === '/yamux/1.0.0', `muxer ${r2.muxer}`)
  } finally {
    const code = await c.stop()
    assert(code === 0, `C exit code ${code}`)
  }
})

await check('default gossipsub peer talks to a floodsub-only peer (fallback)', async () => {
  const d = new PeerProcess('D', [], { stderr })
  const e = new PeerProcess('E', ['--pubsub', 'floodsub'], { stderr })
  try {
    const [D, E] = await Promise.all([d.ready(), e.ready()])
    await e.call({ cmd: 'dial', addr: D.addrs[0], waitIdentify: true })
    const topic = 'smoke-fallback'
    await d.call({ cmd: 'subscribe', topic })
    await e.call({ cmd: 'subscribe', topic })
    await d.call({ cmd: 'publish', topic, data: 'from gossipsub' })
    await e.waitEvent(m => m.event === 'message' && m.data === 'from gossipsub' && m.from === D.peerId, 10_000, 'message on E')
    await e.call({ cmd: 'publish', topic, data: 'from floodsub' })
    await d.waitEvent(m => m.event === 'message' && m.data === 'from floodsub' && m.from === E.peerId, 10_000, 'message on D')
  } finally {
    await Promise.all([d.stop(), e.stop()])
  }
})

await check('errors are reported, not fatal', async () => {
  const other = peerIdFromPrivateKey(await generateKeyPairFromSeed('Ed25519', new Uint8Array(32).fill(7))).toString()
  const r = await a.send({ cmd: 'echo', peer: '/ip4/127.0.0.1/tcp/1/p2p/' + other, bytes: 1, timeoutMs: 5000 })
  assert(r.ok === false && typeof r.error === 'string', JSON.stringify(r))
  const r1 = await a.send({ cmd: 'dial', addr: '/ip4/127.0.0.1/tcp/1/p2p/' + other, timeoutMs: 5000 })
  assert(r1.ok === false && r1.error.includes('dial'), JSON.stringify(r1))
  const r2 = await a.send({ cmd: 'nope' })
  assert(r2.ok === false && r2.error.includes('unknown cmd'), JSON.stringify(r2))
  const r3 = await a.call({ cmd: 'info' })
  assert(r3.peerId === A.peerId, 'peer A unresponsive after errors')
})

await check('stop command exits 0', async () => {
  const code = await a.stop(10_000)
  assert(code === 0, `exit code ${code}`)
})

await check('closing stdin exits 0', async () => {
  const code = await b.stop(10_000, true)
  assert(code === 0, `exit code ${code}`)
})

await check('stdout carried only JSON lines', async () => {
  assert(!a.badLines && !b.badLines, `non-JSON lines: A=${a.badLines ?? 0} B=${b.badLines ?? 0}`)
})

finish()

// js-libp2p reference peer for Nodus interop tests.
//
// Run:   node --import ./polyfill.mjs peer.mjs [options]
// Talks: JSON lines. Commands on stdin, replies and events on stdout
//        (exactly one JSON object per line). Logs go to stderr only.
// See README.md for the command protocol.

import './polyfill.mjs' // also loaded via --import; keeps a bare `node peer.mjs` working
import { createHash, randomBytes } from 'node:crypto'
import { createInterface } from 'node:readline'
import { performance } from 'node:perf_hooks'
import process from 'node:process'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { generateKeyPair, generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { floodsub } from '@libp2p/floodsub'
import { gossipsub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { peerIdFromString } from '@libp2p/peer-id'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'

export const ECHO_PROTOCOL = '/nodus/echo/1.0.0'
export const SINK_PROTOCOL = '/nodus/sink/1.0.0'
const PING_PROTOCOL = '/ipfs/ping/1.0.0'
const PING_LENGTH = 32
const CHUNK = 64 * 1024
const MAX_PROTOCOL_STREAMS = 1024

// ---------------------------------------------------------------- output

function emit (obj) {
  process.stdout.write(JSON.stringify(obj) + '\n')
}

let verbose = false
function log (...args) {
  if (verbose) process.stderr.write(`[peer ${process.pid}] ${args.join(' ')}\n`)
}
function warn (...args) {
  process.stderr.write(`[peer ${process.pid}] ${args.join(' ')}\n`)
}

function errMsg (err) {
  if (err == null) return 'unknown error'
  if (typeof Event !== 'undefined' && err instanceof Event) {
    // some js-libp2p paths reject with the stream's 'close' event
    return err.error != null ? errMsg(err.error) : `stream closed (${err.type} event${err.local != null ? `, local=${err.local}` : ''})`
  }
  const name = err.name && err.name !== 'Error' ? `${err.name}: ` : ''
  return `${name}${err.message ?? String(err)}`
}

// ---------------------------------------------------------------- args

function usage (msg) {
  if (msg) process.stderr.write(`peer.mjs: ${msg}\n`)
  process.stderr.write(`usage: node --import ./polyfill.mjs peer.mjs
  [--listen <multiaddr>]...      default /ip4/127.0.0.1/tcp/0 (repeatable, e.g. /ip6/::1/tcp/0)
  [--key-seed <64 hex chars>]    deterministic Ed25519 identity (32-byte seed)
  [--pubsub gossipsub|floodsub|both|none]   default gossipsub
  [--agent <string>]             identify agentVersion
  [--no-early-muxer]             do not offer muxers in the Noise handshake payload
  [--no-conn-monitor]            disable js-libp2p's periodic /ipfs/ping/1.0.0 connection monitor
  [--verbose]                    log to stderr (DEBUG=libp2p:* also works)
`)
  process.exit(2)
}

function parseArgs (argv) {
  const opts = { listen: [], keySeed: null, pubsub: 'gossipsub', agent: null, earlyMuxer: true, connMonitor: true }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    const next = () => {
      if (i + 1 >= argv.length) usage(`missing value for ${a}`)
      return argv[++i]
    }
    switch (a) {
      case '--listen': opts.listen.push(next()); break
      case '--key-seed': opts.keySeed = next(); break
      case '--pubsub': opts.pubsub = next(); break
      case '--agent': opts.agent = next(); break
      case '--no-early-muxer': opts.earlyMuxer = false; break
      case '--no-conn-monitor': opts.connMonitor = false; break
      case '--verbose': verbose = true; break
      case '--help': case '-h': usage()
      // falls through
      default: usage(`unknown argument ${a}`)
    }
  }
  if (opts.listen.length === 0) opts.listen.push('/ip4/127.0.0.1/tcp/0')
  if (!['gossipsub', 'floodsub', 'both', 'none'].includes(opts.pubsub)) usage(`bad --pubsub ${opts.pubsub}`)
  if (opts.keySeed != null && !/^[0-9a-fA-F]{64}$/.test(opts.keySeed)) usage('--key-seed must be 64 hex chars (32 bytes)')
  return opts
}

// ---------------------------------------------------------------- helpers

/** Race a promise against a timeout; the error names what timed out. */
function withTimeout (promise, ms, what) {
  let timer
  const t = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout after ${ms}ms: ${what}`)), ms)
  })
  return Promise.race([promise, t]).finally(() => clearTimeout(timer))
}

function sleep (ms) {
  return new Promise(resolve => setTimeout(resolve, ms))
}

function toBytes (data) {
  // data is a Uint8Array or a Uint8ArrayList
  return data instanceof Uint8Array ? data : data.subarray()
}

/**
 * Deterministic byte generator: xorshift32 (x ^= x<<13; x ^= x>>>17; x ^= x<<5),
 * each state emitted as 4 bytes little-endian. Seed 0 is replaced by 0x9E3779B9.
 * Stream i of an echo command uses seed (seed + i) >>> 0.
 */
export class ByteGen {
  constructor (seed) {
    this.x = (seed >>> 0) || 0x9E3779B9
    this.block = new Uint8Array(CHUNK)
    this.words = new Uint32Array(this.block.buffer)
    this.pos = CHUNK
    this.littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1
  }

  refill () {
    let x = this.x
    const w = this.words
    for (let i = 0; i < w.length; i++) {
      x ^= x << 13; x >>>= 0
      x ^= x >>> 17
      x ^= x << 5; x >>>= 0
      w[i] = this.littleEndian ? x : (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0
    }
    this.x = x
    this.pos = 0
  }

  /** Returns a fresh Uint8Array of len bytes. */
  next (len) {
    const out = new Uint8Array(len)
    let off = 0
    while (off < len) {
      if (this.pos === CHUNK) this.refill()
      const n = Math.min(len - off, CHUNK - this.pos)
      out.set(this.block.subarray(this.pos, this.pos + n), off)
      this.pos += n
      off += n
    }
    return out
  }
}

/**
 * Collect a stream's inbound data via 'message' events until the remote closes
 * its write side. onChunk(Uint8Array) may throw to abort. Resolves with bytes read.
 */
function readUntilEnd (stream, onChunk) {
  return new Promise((resolve, reject) => {
    let total = 0
    let settled = false
    const finish = (err) => {
      if (settled) return
      settled = true
      stream.removeEventListener('message', onMessage)
      stream.removeEventListener('end', onEnd)
      stream.removeEventListener('close', onClose)
      if (err) reject(err); else resolve(total)
    }
    const onMessage = (evt) => {
      const buf = toBytes(evt.data)
      total += buf.byteLength
      try { onChunk?.(buf) } catch (err) { finish(err); stream.abort(err) }
    }
    const onEnd = () => finish()
    const onClose = (evt) => finish(evt.error ?? null)
    stream.addEventListener('message', onMessage)
    stream.addEventListener('end', onEnd)
    stream.addEventListener('close', onClose)
    if (stream.readableEnded) finish()
  })
}

/** Send bytes honouring backpressure. */
async function sendAll (stream, buf, signal) {
  if (!stream.send(buf)) {
    await stream.onDrain({ signal })
  }
}

function peerStr (p) {
  return p == null ? null : p.toString()
}

function parseTarget (s) {
  if (typeof s !== 'string' || s.length === 0) throw new Error('missing "peer" (peer id or multiaddr)')
  if (s.startsWith('/')) {
    try { return multiaddr(s) } catch (err) { throw new Error(`bad multiaddr "${s}": ${errMsg(err)}`) }
  }
  try { return peerIdFromString(s) } catch (err) { throw new Error(`bad peer id "${s}": ${errMsg(err)}`) }
}

function targetPeerId (target) {
  if (target.getPeerId != null) {
    const id = target.getPeerId()
    return id == null ? null : peerIdFromString(id)
  }
  return target
}

function stats (values) {
  const s = [...values].sort((a, b) => a - b)
  const q = (p) => s.length === 0 ? null : s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]
  const r = (v) => v == null ? null : Math.round(v * 1000) / 1000
  return {
    n: s.length,
    min: r(s[0]),
    p50: r(q(0.5)),
    p90: r(q(0.9)),
    p99: r(q(0.99)),
    max: r(s[s.length - 1]),
    mean: r(s.reduce((a, b) => a + b, 0) / (s.length || 1))
  }
}

// ---------------------------------------------------------------- node

const opts = parseArgs(process.argv.slice(2))

let privateKey
if (opts.keySeed != null) {
  privateKey = await generateKeyPairFromSeed('Ed25519', Buffer.from(opts.keySeed, 'hex'))
} else {
  privateKey = await generateKeyPair('Ed25519')
}

const services = {
  identify: identify(),
  ping: ping()
}
const routers = []
if (opts.pubsub === 'gossipsub' || opts.pubsub === 'both') {
  // gossipsub also speaks /floodsub/1.0.0 unless a separate floodsub router runs
  services.gossipsub = gossipsub({ fallbackToFloodsub: opts.pubsub !== 'both', emitSelf: false })
  routers.push('gossipsub')
}
if (opts.pubsub === 'floodsub' || opts.pubsub === 'both') {
  services.floodsub = floodsub()
  routers.push('floodsub')
}

/**
 * --no-early-muxer: js-libp2p picks the early muxer from the *remote's* Noise
 * extensions list, so only advertising an empty list would make this side pick
 * yamux while the remote waits for multistream-select. skipStreamMuxerNegotiation
 * both sends an empty list and ignores the remote's, forcing /multistream/1.0.0
 * muxer negotiation on both sides.
 */
function noiseWithoutEarlyMuxer () {
  const factory = noise()
  return (components) => {
    const enc = factory(components)
    const wrapped = Object.create(enc)
    wrapped.secureInbound = (conn, o) => enc.secureInbound(conn, { ...o, skipStreamMuxerNegotiation: true })
    wrapped.secureOutbound = (conn, o) => enc.secureOutbound(conn, { ...o, skipStreamMuxerNegotiation: true })
    return wrapped
  }
}

function startupFailure (err) {
  emit({ event: 'error', error: `startup failed: ${errMsg(err)}` })
  warn(`startup failed: ${err?.stack ?? err}`)
  process.exit(1)
}

const node = await createLibp2p({
  privateKey,
  addresses: { listen: opts.listen },
  transports: [tcp()],
  connectionEncrypters: [opts.earlyMuxer ? noise() : noiseWithoutEarlyMuxer()],
  streamMuxers: [yamux()],
  connectionManager: {
    // defaults (5 inbound conns/s per host, 10 pending) break repeated dials from 127.0.0.1
    inboundConnectionThreshold: 100_000,
    maxIncomingPendingConnections: 1_000,
    maxConnections: 10_000
  },
  connectionMonitor: { enabled: opts.connMonitor },
  ...(opts.agent != null ? { nodeInfo: { userAgent: opts.agent } } : {}),
  services
}).catch(startupFailure)

// ---------------------------------------------------------------- identify tracking

/** connection id -> IdentifyResult (from the automatic identify on connection open) */
const identifyByConn = new Map()
/** connection id -> [resolve] */
const identifyWaiters = new Map()

function identifySummary (r) {
  return {
    peerId: peerStr(r.peerId),
    agentVersion: r.agentVersion ?? null,
    protocolVersion: r.protocolVersion ?? null,
    protocols: r.protocols ?? [],
    listenAddrs: (r.listenAddrs ?? []).map(String),
    observedAddr: r.observedAddr != null ? r.observedAddr.toString() : null,
    publicKey: r.publicKey != null ? Buffer.from(r.publicKey).toString('hex') : null,
    signedPeerRecord: r.signedPeerRecord != null
      ? { seq: String(r.signedPeerRecord.seq), addresses: r.signedPeerRecord.addresses.map(String) }
      : null,
    connection: r.connection?.id ?? null
  }
}

node.addEventListener('peer:identify', (evt) => {
  const r = evt.detail
  const connId = r.connection?.id
  if (connId != null) {
    identifyByConn.set(connId, r)
    const ws = identifyWaiters.get(connId)
    if (ws != null) {
      identifyWaiters.delete(connId)
      ws.forEach(w => w(r))
    }
  }
  emit({ event: 'identify', peer: peerStr(r.peerId), agentVersion: r.agentVersion ?? null, protocols: r.protocols ?? [] })
})

node.addEventListener('connection:close', (evt) => {
  const id = evt.detail.id
  identifyByConn.delete(id)
  identifyWaiters.delete(id)
})

function addIdentifyWaiter (conn, fn) {
  const ws = identifyWaiters.get(conn.id) ?? []
  ws.push(fn)
  identifyWaiters.set(conn.id, ws)
  return () => {
    const cur = identifyWaiters.get(conn.id)
    if (cur != null) identifyWaiters.set(conn.id, cur.filter(w => w !== fn))
  }
}

/** Wait (event driven) for the automatic identify of this connection; rejects after ms. */
function waitIdentify (conn, ms) {
  const have = identifyByConn.get(conn.id)
  if (have != null) return Promise.resolve(have)
  let remove
  const p = new Promise(resolve => { remove = addIdentifyWaiter(conn, resolve) })
  return withTimeout(p, ms, `waiting for identify from ${conn.remotePeer} on connection ${conn.id} (does the remote serve /ipfs/id/1.0.0?)`)
    .finally(() => remove())
}

const IDENTIFY_PROTOCOL = '/ipfs/id/1.0.0'

/**
 * Result of the automatic identify js-libp2p runs on every new connection, or
 * null as soon as it is clear that it will not arrive (no identify stream in
 * flight any more, e.g. the remote refused /ipfs/id/1.0.0) or after ms.
 */
async function autoIdentify (conn, ms) {
  const have = identifyByConn.get(conn.id)
  if (have != null) return have
  let got = null
  let wake
  const remove = addIdentifyWaiter(conn, (r) => { got = r; wake?.() })
  const start = Date.now()
  try {
    for (;;) {
      await new Promise(resolve => { wake = resolve; setTimeout(resolve, 25) })
      if (got != null) return got
      const busy = conn.status === 'open' && conn.streams.some(st => st.direction === 'outbound' && (st.protocol === IDENTIFY_PROTOCOL || st.protocol === ''))
      const elapsed = Date.now() - start
      if ((!busy && elapsed > 150) || elapsed > ms) return null
    }
  } finally {
    remove()
  }
}

/** Identify result for conn: the automatic one unless fresh, else a new exchange. Throws with a clear message. */
async function identifyConn (conn, { fresh = false, waitMs = 10_000, signal }) {
  const auto = await autoIdentify(conn, waitMs)
  if (auto != null && !fresh) return { ...identifySummary(auto), fresh: false }
  try {
    const r = await node.services.identify.identify(conn, { signal })
    return { ...identifySummary(r), fresh: true }
  } catch (err) {
    throw new Error(`identify ${conn.remotePeer} failed: ${errMsg(err)}${auto == null ? ' (the automatic identify on connect did not complete either)' : ''}`)
  }
}

node.addEventListener('peer:connect', (evt) => emit({ event: 'connect', peer: peerStr(evt.detail) }))
node.addEventListener('peer:disconnect', (evt) => emit({ event: 'disconnect', peer: peerStr(evt.detail) }))

// ---------------------------------------------------------------- protocol handlers

/** /nodus/echo/1.0.0: echo every byte until the remote closes its write side, then close. */
async function handleEcho (stream) {
  let echoed = 0
  await new Promise((resolve, reject) => {
    const onMessage = (evt) => {
      echoed += evt.data.byteLength
      try {
        if (!stream.send(evt.data)) {
          // stop reading (yamux withholds window updates) until our writes drain
          if (stream.readStatus === 'readable') stream.pause()
          stream.onDrain().then(() => {
            if (stream.readStatus === 'paused') stream.resume()
          }, reject)
        }
      } catch (err) {
        reject(err)
      }
    }
    stream.addEventListener('message', onMessage)
    stream.addEventListener('end', () => resolve())
    stream.addEventListener('close', (evt) => evt.error ? reject(evt.error) : resolve())
    if (stream.readableEnded) resolve()
  })
  await stream.close({ signal: AbortSignal.timeout(60_000) })
  log(`echo stream ${stream.id} done, ${echoed} bytes`)
}

/** /nodus/sink/1.0.0: discard everything; when the writer closes, reply with the 8-byte big-endian count and close. */
async function handleSink (stream) {
  const count = await readUntilEnd(stream)
  const reply = new Uint8Array(8)
  new DataView(reply.buffer).setBigUint64(0, BigInt(count), false)
  stream.send(reply)
  await stream.close({ signal: AbortSignal.timeout(60_000) })
  log(`sink stream ${stream.id} done, ${count} bytes`)
}

const handlerOpts = { maxInboundStreams: MAX_PROTOCOL_STREAMS, maxOutboundStreams: MAX_PROTOCOL_STREAMS, runOnLimitedConnection: true }
try {
  await node.handle(ECHO_PROTOCOL, (stream) => handleEcho(stream).catch(err => { log(`echo handler: ${errMsg(err)}`); stream.abort(err) }), handlerOpts)
  await node.handle(SINK_PROTOCOL, (stream) => handleSink(stream).catch(err => { log(`sink handler: ${errMsg(err)}`); stream.abort(err) }), handlerOpts)
} catch (err) {
  startupFailure(err)
}

// ---------------------------------------------------------------- pubsub

function router (name) {
  const r = name ?? routers[0]
  if (r == null) throw new Error('pubsub is disabled (--pubsub none)')
  if (!routers.includes(r)) throw new Error(`router "${r}" not running (running: ${routers.join(', ')})`)
  return { name: r, svc: node.services[r] }
}

for (const r of routers) {
  node.services[r].addEventListener('message', (evt) => {
    const m = evt.detail
    const data = Buffer.from(m.data)
    emit({
      event: 'message',
      router: r,
      topic: m.topic,
      from: m.type === 'signed' ? peerStr(m.from) : null,
      seqno: m.sequenceNumber != null ? String(m.sequenceNumber) : null,
      data: data.toString('utf8'),
      dataHex: data.toString('hex')
    })
  })
  node.services[r].addEventListener('subscription-change', (evt) => {
    emit({
      event: 'subscription-change',
      router: r,
      peer: peerStr(evt.detail.peerId),
      subscriptions: evt.detail.subscriptions.map(s => ({ topic: s.topic, subscribe: s.subscribe }))
    })
  })
}

/**
 * True when the router has an outbound pubsub stream to the peer. Both js routers
 * silently drop RPCs to a peer whose outbound stream is not open yet (gossipsub
 * tries /meshsub/1.2.0, 1.1.0, 1.0.0, /floodsub/1.0.0 one by one, so against a
 * floodsub-only peer this takes several round trips after the subscription is
 * already known). Reads router internals of the pinned versions.
 */
function hasOutboundStream (r, id) {
  const key = id.toString()
  if (r.svc.streamsOutbound instanceof Map) return r.svc.streamsOutbound.has(key)
  if (r.svc.peers?.get != null) {
    const ps = r.svc.peers.get(id)
    return ps != null && ps.outboundPb != null
  }
  return true
}

function pubsubPeerInfo (r, topic) {
  const subs = r.svc.getSubscribers(topic)
  const info = {
    router: r.name,
    subscribers: subs.map(peerStr),
    ready: subs.filter(id => hasOutboundStream(r, id)).map(peerStr),
    peers: r.svc.getPeers().map(peerStr)
  }
  if (typeof r.svc.getMeshPeers === 'function') info.mesh = r.svc.getMeshPeers(topic).map(String)
  return info
}

async function waitPubsubPeers (r, topic, count, mesh, ms) {
  const deadline = Date.now() + ms
  for (;;) {
    const info = pubsubPeerInfo(r, topic)
    const n = mesh ? (info.mesh ?? info.ready).length : info.ready.length
    if (n >= count) return info
    if (Date.now() >= deadline) {
      throw new Error(`timeout after ${ms}ms waiting for ${count} ${mesh ? 'mesh' : 'subscribed+writable'} peer(s) on topic "${topic}" (${r.name}); have ${JSON.stringify(info)}`)
    }
    await sleep(25)
  }
}

// ---------------------------------------------------------------- client operations

async function openStream (target, protocol, signal) {
  try {
    return await node.dialProtocol(target, protocol, { signal, maxOutboundStreams: MAX_PROTOCOL_STREAMS })
  } catch (err) {
    throw new Error(`opening ${protocol} stream to ${target}: ${errMsg(err)}`)
  }
}

async function echoOne (target, bytes, seed, index, signal) {
  const stream = await openStream(target, ECHO_PROTOCOL, signal)
  const verify = new ByteGen(seed)
  const hash = createHash('sha256')
  let received = 0
  const reading = readUntilEnd(stream, (buf) => {
    if (received + buf.byteLength > bytes) {
      throw new Error(`stream ${index}: received more than the ${bytes} bytes sent (at least ${received + buf.byteLength})`)
    }
    const expected = verify.next(buf.byteLength)
    if (Buffer.compare(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), Buffer.from(expected.buffer)) !== 0) {
      let i = 0
      while (buf[i] === expected[i]) i++
      throw new Error(`stream ${index}: echoed data differs at byte offset ${received + i} (got 0x${buf[i].toString(16)}, expected 0x${expected[i].toString(16)})`)
    }
    hash.update(buf)
    received += buf.byteLength
  })
  const gen = new ByteGen(seed)
  try {
    let sent = 0
    while (sent < bytes) {
      const n = Math.min(CHUNK, bytes - sent)
      await sendAll(stream, gen.next(n), signal)
      sent += n
    }
    await stream.close({ signal })
    await Promise.race([reading, new Promise((resolve, reject) => {
      if (signal.aborted) reject(signal.reason)
      signal.addEventListener('abort', () => reject(signal.reason), { once: true })
    })])
  } catch (err) {
    stream.abort(err)
    reading.catch(() => {})
    throw new Error(`echo stream ${index} (${stream.id}) after ${received}/${bytes} bytes echoed: ${errMsg(err)}`)
  }
  if (received !== bytes) {
    throw new Error(`echo stream ${index}: remote closed after ${received} of ${bytes} bytes`)
  }
  return hash.digest('hex')
}

async function doEcho (cmd, signal) {
  const target = parseTarget(cmd.peer)
  const bytes = cmd.bytes ?? 1024
  const streams = cmd.streams ?? 1
  const seed = cmd.seed ?? 1
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new Error('"bytes" must be a non-negative integer')
  if (!Number.isSafeInteger(streams) || streams < 1) throw new Error('"streams" must be a positive integer')
  // make sure a connection exists first so S streams don't race S dials
  await node.dial(target, { signal })
  const t0 = performance.now()
  const hashes = await Promise.all(Array.from({ length: streams }, (_, i) => echoOne(target, bytes, (seed + i) >>> 0, i, signal)))
  const ms = performance.now() - t0
  return {
    bytes,
    streams,
    seed,
    ms: Math.round(ms * 1000) / 1000,
    MBps: Math.round((2 * bytes * streams / 1e6) / (ms / 1000) * 100) / 100,
    sha256: hashes[0],
    ...(streams > 1 && streams <= 16 ? { sha256s: hashes } : {})
  }
}

let sinkPayload = null
async function doSink (cmd, signal) {
  const target = parseTarget(cmd.peer)
  const bytes = cmd.bytes ?? 1024 * 1024
  const chunk = cmd.chunk ?? 256 * 1024
  if (!Number.isSafeInteger(bytes) || bytes < 0) throw new Error('"bytes" must be a non-negative integer')
  if (sinkPayload == null || sinkPayload.byteLength !== chunk) sinkPayload = randomBytes(chunk)
  await node.dial(target, { signal })
  const stream = await openStream(target, SINK_PROTOCOL, signal)
  const reply = []
  const reading = readUntilEnd(stream, (buf) => reply.push(Buffer.from(buf)))
  const t0 = performance.now()
  try {
    let sent = 0
    while (sent < bytes) {
      const n = Math.min(chunk, bytes - sent)
      await sendAll(stream, n === chunk ? sinkPayload : sinkPayload.subarray(0, n), signal)
      sent += n
    }
    const tWritten = performance.now()
    await stream.close({ signal })
    await Promise.race([reading, new Promise((resolve, reject) => {
      if (signal.aborted) reject(signal.reason)
      signal.addEventListener('abort', () => reject(signal.reason), { once: true })
    })])
    const ms = performance.now() - t0
    const buf = Buffer.concat(reply)
    if (buf.length !== 8) throw new Error(`expected an 8-byte count reply, got ${buf.length} bytes`)
    const count = Number(buf.readBigUInt64BE(0))
    if (count !== bytes) throw new Error(`remote counted ${count} bytes, sent ${bytes}`)
    return {
      bytes,
      count,
      ms: Math.round(ms * 1000) / 1000,
      writeMs: Math.round((tWritten - t0) * 1000) / 1000,
      MBps: Math.round((bytes / 1e6) / (ms / 1000) * 100) / 100,
      MiBps: Math.round((bytes / 1048576) / (ms / 1000) * 100) / 100
    }
  } catch (err) {
    stream.abort(err)
    reading.catch(() => {})
    throw new Error(`sink: ${errMsg(err)}`)
  }
}

async function doPing (cmd, signal) {
  const target = parseTarget(cmd.peer)
  const count = cmd.count ?? 1
  const rtts = []
  if (cmd.sameStream === true) {
    // N pings on one stream (as the spec allows); sub-ms timing
    const stream = await openStream(target, PING_PROTOCOL, signal)
    try {
      let pending = null
      let got = []
      let gotLen = 0
      stream.addEventListener('message', (evt) => {
        got.push(Buffer.from(toBytes(evt.data)))
        gotLen += evt.data.byteLength
        if (pending != null && gotLen >= PING_LENGTH) { const p = pending; pending = null; p() }
      })
      for (let i = 0; i < count; i++) {
        const data = randomBytes(PING_LENGTH)
        const t0 = performance.now()
        const arrived = new Promise(resolve => { pending = resolve })
        stream.send(data)
        if (gotLen < PING_LENGTH) await withTimeout(arrived, 10_000, `ping ${i + 1} reply`)
        const all = Buffer.concat(got)
        const reply = all.subarray(0, PING_LENGTH)
        got = [all.subarray(PING_LENGTH)]
        gotLen -= PING_LENGTH
        rtts.push(Math.round((performance.now() - t0) * 1000) / 1000)
        if (!reply.equals(data)) throw new Error(`ping ${i + 1}: reply differs from the 32 bytes sent`)
      }
      await stream.close({ signal })
    } catch (err) {
      stream.abort(err)
      throw err
    }
  } else {
    // js-libp2p's own ping client: one stream per ping, 32 bytes then close-write; integer ms
    for (let i = 0; i < count; i++) {
      rtts.push(await node.services.ping.ping(target, { signal }))
    }
  }
  return { rtts }
}

function connSummary (c) {
  return {
    peerId: peerStr(c.remotePeer),
    remoteAddr: c.remoteAddr.toString(),
    direction: c.direction,
    muxer: c.multiplexer ?? null,
    encryption: c.encryption ?? null,
    status: c.status,
    connId: c.id,
    streams: c.streams.map(s => ({ id: s.id, protocol: s.protocol, direction: s.direction, status: s.status }))
  }
}

function connectionFor (target) {
  const pid = targetPeerId(target)
  if (pid == null) return null
  const conns = node.getConnections(pid).filter(c => c.status === 'open')
  return conns[0] ?? null
}

async function doIdentify (cmd, signal, timeoutMs) {
  const target = parseTarget(cmd.peer)
  let conn = connectionFor(target)
  if (conn == null) {
    if (target.getPeerId == null) throw new Error(`not connected to ${cmd.peer} (pass a multiaddr to dial first)`)
    conn = await node.dial(target, { signal })
  }
  return identifyConn(conn, { fresh: cmd.fresh === true, waitMs: Math.min(timeoutMs, cmd.waitMs ?? 10_000), signal })
}

async function doDial (cmd, signal, timeoutMs) {
  if (typeof cmd.addr !== 'string') throw new Error('missing "addr" (multiaddr, should end in /p2p/<peerId>)')
  let ma
  try { ma = multiaddr(cmd.addr) } catch (err) { throw new Error(`bad multiaddr "${cmd.addr}": ${errMsg(err)}`) }
  const t0 = performance.now()
  let conn
  try {
    conn = await node.dial(ma, { signal, force: cmd.force === true })
  } catch (err) {
    throw new Error(`dial ${cmd.addr}: ${errMsg(err)}`)
  }
  const out = { ...connSummary(conn), ms: Math.round((performance.now() - t0) * 1000) / 1000 }
  if (cmd.waitIdentify === true) {
    try {
      out.identify = await identifyConn(conn, { waitMs: timeoutMs, signal })
    } catch (err) {
      throw new Error(`connected to ${conn.remotePeer} (${conn.encryption} + ${conn.multiplexer}) but ${errMsg(err)}`)
    }
    out.identifyMs = Math.round((performance.now() - t0) * 1000) / 1000
  }
  return out
}

async function doConnBench (cmd, signal, timeoutMs) {
  if (typeof cmd.addr !== 'string') throw new Error('missing "addr"')
  const ma = multiaddr(cmd.addr)
  const dials = cmd.dials ?? 100
  const perDial = cmd.perDialTimeoutMs ?? 10_000
  const total = []
  const dialOnly = []
  const hangup = []
  for (let i = 0; i < dials; i++) {
    if (signal.aborted) throw new Error(`aborted after ${i} dials: ${errMsg(signal.reason)}`)
    const t0 = performance.now()
    let conn
    try {
      conn = await node.dial(ma, { signal: AbortSignal.any([signal, AbortSignal.timeout(perDial)]), force: true })
    } catch (err) {
      throw new Error(`dial ${i + 1}/${dials} failed: ${errMsg(err)}`)
    }
    const t1 = performance.now()
    try {
      await waitIdentify(conn, perDial)
    } catch (err) {
      throw new Error(`dial ${i + 1}/${dials}: ${errMsg(err)}`)
    }
    const t2 = performance.now()
    await withTimeout(conn.close(), perDial, `closing connection ${i + 1}`)
    const t3 = performance.now()
    dialOnly.push(t1 - t0)
    total.push(t2 - t0)
    hangup.push(t3 - t2)
  }
  return { dials, setupMs: stats(total), dialMs: stats(dialOnly), closeMs: stats(hangup) }
}

// ---------------------------------------------------------------- command dispatch

const DEFAULT_TIMEOUT = 30_000
const LONG_TIMEOUT = 300_000

const commands = {
  async dial (cmd, signal, t) { return doDial(cmd, signal, t) },
  async ping (cmd, signal) { return doPing(cmd, signal) },
  async identify (cmd, signal, t) { return doIdentify(cmd, signal, t) },
  async echo (cmd, signal) { return doEcho(cmd, signal) },
  async sink (cmd, signal) { return doSink(cmd, signal) },
  async connbench (cmd, signal, t) { return doConnBench(cmd, signal, t) },
  async subscribe (cmd) {
    if (typeof cmd.topic !== 'string') throw new Error('missing "topic"')
    const r = router(cmd.router)
    r.svc.subscribe(cmd.topic)
    return { router: r.name, topic: cmd.topic }
  },
  async unsubscribe (cmd) {
    if (typeof cmd.topic !== 'string') throw new Error('missing "topic"')
    const r = router(cmd.router)
    r.svc.unsubscribe(cmd.topic)
    return { router: r.name, topic: cmd.topic }
  },
  async publish (cmd, signal, t) {
    if (typeof cmd.topic !== 'string') throw new Error('missing "topic"')
    const r = router(cmd.router)
    const data = cmd.dataHex != null ? Buffer.from(cmd.dataHex, 'hex') : Buffer.from(String(cmd.data ?? ''), 'utf8')
    const minPeers = cmd.minPeers ?? 1
    if (minPeers > 0) await waitPubsubPeers(r, cmd.topic, minPeers, false, Math.min(t, cmd.waitMs ?? 10_000))
    const res = await r.svc.publish(cmd.topic, new Uint8Array(data), minPeers === 0 ? { allowPublishToZeroTopicPeers: true } : undefined)
    return { router: r.name, topic: cmd.topic, recipients: res.recipients.map(peerStr) }
  },
  async pubsubPeers (cmd, signal, t) {
    if (typeof cmd.topic !== 'string') throw new Error('missing "topic"')
    const r = router(cmd.router)
    if (cmd.wait != null) return waitPubsubPeers(r, cmd.topic, cmd.wait, cmd.mesh === true, Math.min(t, cmd.waitMs ?? t))
    return pubsubPeerInfo(r, cmd.topic)
  },
  async peers () {
    return { peers: node.getConnections().map(connSummary) }
  },
  async hangup (cmd, signal) {
    const target = parseTarget(cmd.peer)
    await node.hangUp(target, { signal })
    return { peer: cmd.peer }
  },
  async info () {
    return { peerId: node.peerId.toString(), addrs: node.getMultiaddrs().map(String), protocols: node.getProtocols(), routers }
  },
  async stop () {
    setImmediate(() => { shutdown(0) })
    return { stopping: true }
  }
}

async function handleLine (line) {
  line = line.trim()
  if (line.length === 0) return
  let cmd
  try {
    cmd = JSON.parse(line)
  } catch (err) {
    emit({ id: null, ok: false, error: `invalid JSON: ${errMsg(err)}` })
    return
  }
  const id = cmd?.id ?? null
  const fn = commands[cmd?.cmd]
  if (fn == null) {
    emit({ id, ok: false, error: `unknown cmd "${cmd?.cmd}" (known: ${Object.keys(commands).join(', ')})` })
    return
  }
  const long = ['echo', 'sink', 'connbench'].includes(cmd.cmd)
  const timeoutMs = cmd.timeoutMs ?? (long ? LONG_TIMEOUT : DEFAULT_TIMEOUT)
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new Error(`${cmd.cmd} timed out after ${timeoutMs}ms`)), timeoutMs)
  const t0 = performance.now()
  try {
    const res = await withTimeout(fn(cmd, controller.signal, timeoutMs), timeoutMs + 1000, `cmd ${cmd.cmd}`)
    emit({ id, ok: true, ...res })
  } catch (err) {
    const msg = controller.signal.aborted && !(err?.message ?? '').includes('timed out')
      ? `${errMsg(err)} (${errMsg(controller.signal.reason)})`
      : errMsg(err)
    emit({ id, ok: false, error: msg })
    log(`cmd ${cmd.cmd} failed after ${Math.round(performance.now() - t0)}ms: ${err?.stack ?? err}`)
  } finally {
    clearTimeout(timer)
  }
}

// ---------------------------------------------------------------- lifecycle

let stopping = false
async function shutdown (code) {
  if (stopping) return
  stopping = true
  const force = setTimeout(() => { warn('stop timed out, exiting'); process.exit(code) }, 5000)
  try {
    await node.stop()
  } catch (err) {
    warn(`stop failed: ${errMsg(err)}`)
  }
  clearTimeout(force)
  emit({ event: 'stopped' })
  process.stdout.write('', () => process.exit(code))
}

process.on('SIGTERM', () => { shutdown(0) })
process.on('SIGINT', () => { shutdown(0) })
process.on('unhandledRejection', (err) => { warn(`unhandled rejection: ${err?.stack ?? err}`) })
process.on('uncaughtException', (err) => { warn(`uncaught exception: ${err?.stack ?? err}`) })
process.stdout.on('error', (err) => {
  // the driver went away: nothing left to talk to
  if (err.code === 'EPIPE') shutdown(0)
})

emit({
  event: 'ready',
  peerId: node.peerId.toString(),
  addrs: node.getMultiaddrs().map(String),
  protocols: node.getProtocols(),
  routers,
  agentVersion: opts.agent
})

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity })
rl.on('line', (line) => { handleLine(line).catch(err => warn(`handleLine: ${err?.stack ?? err}`)) })
rl.on('close', () => { log('stdin closed'); shutdown(0) })

// Loopback benchmark of js-libp2p (TCP + Noise + Yamux), two processes.
//
//   node --import ./polyfill.mjs bench.mjs [--bytes N] [--dials N] [--target <multiaddr>]
//        [--warmup-bytes N] [--no-throughput] [--no-dials] [--verbose]
//
// Without --target it spawns a server peer.mjs and a client peer.mjs and measures
// JS client -> JS server. With --target it spawns only the client and measures
// against any listener (e.g. a Java node) that serves /nodus/sink/1.0.0 and
// identify. Prints exactly one JSON line on stdout; progress goes to stderr.
//
// (a) throughput: one stream on /nodus/sink/1.0.0, --bytes (default 1 GiB) sent,
//     timed until the 8-byte count comes back -> MB/s (1 MB = 10^6 bytes).
// (b) connection setup: --dials (default 200) sequential fresh connections,
//     each timed from dial start until the remote's identify has been received,
//     then closed -> p50/p99 ms.

import './polyfill.mjs' // also loaded via --import; keeps a bare `node bench.mjs` working
import { readFileSync } from 'node:fs'
import { PeerProcess, killAll } from './driver.mjs'

function usage (msg) {
  if (msg) process.stderr.write(`bench.mjs: ${msg}\n`)
  process.stderr.write('usage: node --import ./polyfill.mjs bench.mjs [--bytes N] [--dials N] [--target <multiaddr>] [--warmup-bytes N] [--no-throughput] [--no-dials] [--verbose]\n')
  process.exit(2)
}

const args = { bytes: 1024 ** 3, dials: 200, target: null, warmupBytes: 16 * 1024 * 1024, throughput: true, connSetup: true, verbose: false }
const argv = process.argv.slice(2)
for (let i = 0; i < argv.length; i++) {
  const a = argv[i]
  const num = () => {
    const v = Number(argv[++i])
    if (!Number.isSafeInteger(v) || v < 0) usage(`${a} needs a non-negative integer`)
    return v
  }
  switch (a) {
    case '--bytes': args.bytes = num(); break
    case '--dials': args.dials = num(); break
    case '--warmup-bytes': args.warmupBytes = num(); break
    case '--target': args.target = argv[++i]; if (!args.target?.startsWith('/')) usage('--target needs a multiaddr'); break
    case '--no-throughput': args.throughput = false; break
    case '--no-dials': args.connSetup = false; break
    case '--verbose': args.verbose = true; break
    default: usage(`unknown argument ${a}`)
  }
}
if (args.target != null && !args.target.includes('/p2p/')) usage('--target must end in /p2p/<peerId>')

const progress = (msg) => process.stderr.write(`[bench] ${msg}\n`)
const stderr = args.verbose ? 'inherit' : 'ignore'
const LIMIT_MS = 30 * 60_000
const overall = setTimeout(() => fail(new Error(`overall timeout ${LIMIT_MS}ms`)), LIMIT_MS)

function fail (err) {
  process.stdout.write(JSON.stringify({ ok: false, error: err?.message ?? String(err) }) + '\n')
  killAll()
  process.exit(1)
}
process.on('SIGINT', () => fail(new Error('interrupted')))
process.on('SIGTERM', () => fail(new Error('terminated')))

const pkgVersion = (name) => {
  try { return JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url))).version } catch { return null }
}

try {
  let server = null
  let target = args.target
  const peerArgs = ['--pubsub', 'none', '--no-conn-monitor']
  if (target == null) {
    server = new PeerProcess('server', [...peerArgs, '--agent', 'nodus-bench-server'], { stderr })
    const info = await server.ready()
    target = info.addrs.find(a => a.startsWith('/ip4/127.0.0.1/'))
    progress(`server ${target}`)
  }
  const client = new PeerProcess('client', [...peerArgs, '--agent', 'nodus-bench-client'], { stderr })
  await client.ready()

  const result = {
    ok: true,
    mode: server != null ? 'js-client->js-server' : 'js-client->target',
    target,
    node: process.version,
    libp2p: pkgVersion('libp2p'),
    stack: `tcp ${pkgVersion('@libp2p/tcp')} + noise ${pkgVersion('@chainsafe/libp2p-noise')} + yamux ${pkgVersion('@chainsafe/libp2p-yamux')}`
  }

  if (args.throughput) {
    const dial = await client.call({ cmd: 'dial', addr: target, waitIdentify: false }, 30_000)
    result.muxer = dial.muxer
    result.encryption = dial.encryption
    if (args.warmupBytes > 0) {
      progress(`warm-up: sink ${args.warmupBytes} bytes`)
      await client.call({ cmd: 'sink', peer: target, bytes: args.warmupBytes, timeoutMs: 120_000 }, 125_000)
    }
    // allow at least 2 MB/s before giving up
    const timeoutMs = Math.max(60_000, Math.ceil(args.bytes / 2e6) * 1000)
    progress(`throughput: sink ${args.bytes} bytes on one stream`)
    const r = await client.call({ cmd: 'sink', peer: target, bytes: args.bytes, timeoutMs }, timeoutMs + 5000)
    result.throughput = { bytes: r.bytes, ms: r.ms, MBps: r.MBps, MiBps: r.MiBps, warmupBytes: args.warmupBytes }
    progress(`throughput: ${r.MBps} MB/s`)
    await client.call({ cmd: 'hangup', peer: target }, 10_000)
  }

  if (args.connSetup && args.dials > 0) {
    progress(`connection setup: ${args.dials} dials`)
    const timeoutMs = Math.max(60_000, args.dials * 10_000)
    const r = await client.call({ cmd: 'connbench', addr: target, dials: args.dials, timeoutMs }, timeoutMs + 5000)
    result.connSetup = {
      dials: r.dials,
      p50ms: r.setupMs.p50,
      p99ms: r.setupMs.p99,
      meanMs: r.setupMs.mean,
      minMs: r.setupMs.min,
      maxMs: r.setupMs.max,
      dialOnlyP50ms: r.dialMs.p50,
      dialOnlyP99ms: r.dialMs.p99,
      closeP50ms: r.closeMs.p50
    }
    progress(`connection setup: p50 ${r.setupMs.p50}ms p99 ${r.setupMs.p99}ms`)
  }

  await Promise.all([client.stop(), server?.stop()])
  clearTimeout(overall)
  process.stdout.write(JSON.stringify(result) + '\n')
  process.exit(0)
} catch (err) {
  fail(err)
}

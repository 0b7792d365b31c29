// Small driver used by bench.mjs and smoke.mjs: spawns peer.mjs as a child
// process and talks JSON lines to it. Every wait is bounded by a timeout.

import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = dirname(fileURLToPath(import.meta.url))
const live = new Set()

/** Kill every peer spawned by this process (used on exit). */
export function killAll () {
  for (const p of live) p.kill()
}
process.on('exit', killAll)

export class PeerProcess {
  constructor (name, args = [], { stderr = 'inherit' } = {}) {
    this.name = name
    this.nextId = 1
    this.pending = new Map()
    this.events = []
    this.eventWaiters = []
    this.exited = false
    this.exitCode = null
    this.child = spawn(process.execPath, ['--import', join(HERE, 'polyfill.mjs'), join(HERE, 'peer.mjs'), ...args], {
      cwd: HERE,
      stdio: ['pipe', 'pipe', stderr]
    })
    live.add(this)
    this.exitPromise = new Promise(resolve => {
      this.child.on('exit', (code, sig) => {
        this.exited = true
        this.exitCode = code ?? sig
        live.delete(this)
        const err = new Error(`peer ${this.name} exited (${this.exitCode})`)
        for (const { reject } of this.pending.values()) reject(err)
        this.pending.clear()
        for (const w of this.eventWaiters) w.reject(err)
        this.eventWaiters = []
        resolve(this.exitCode)
      })
    })
    this.child.stdin.on('error', () => {})
    const rl = createInterface({ input: this.child.stdout, crlfDelay: Infinity })
    rl.on('line', (line) => this.onLine(line))
  }

  onLine (line) {
    let msg
    try {
      msg = JSON.parse(line)
    } catch {
      process.stderr.write(`[driver] ${this.name}: non-JSON stdout line: ${line}\n`)
      this.badLines = (this.badLines ?? 0) + 1
      return
    }
    if (msg.event != null) {
      this.events.push(msg)
      this.eventWaiters = this.eventWaiters.filter(w => {
        if (w.match(msg)) { w.resolve(msg); return false }
        return true
      })
      return
    }
    const p = this.pending.get(msg.id)
    if (p != null) {
      this.pending.delete(msg.id)
      p.resolve(msg)
    } else {
      process.stderr.write(`[driver] ${this.name}: unexpected reply ${line}\n`)
    }
  }

  /** Wait for an event matching fn (already received events count too). */
  waitEvent (match, timeoutMs = 10_000, what = 'event') {
    const fn = typeof match === 'function' ? match : (e) => e.event === match
    const have = this.events.find(fn)
    if (have != null) return Promise.resolve(have)
    if (this.exited) return Promise.reject(new Error(`peer ${this.name} already exited`))
    return new Promise((resolve, reject) => {
      const w = { match: fn, resolve, reject }
      this.eventWaiters.push(w)
      setTimeout(() => {
        this.eventWaiters = this.eventWaiters.filter(x => x !== w)
        reject(new Error(`${this.name}: timeout after ${timeoutMs}ms waiting for ${what}`))
      }, timeoutMs).unref()
    })
  }

  async ready (timeoutMs = 20_000) {
    this.info = await this.waitEvent('ready', timeoutMs, 'ready line')
    return this.info
  }

  /** Send a command; resolves with the reply object (ok true or false). */
  send (cmd, timeoutMs = 60_000) {
    if (this.exited) return Promise.reject(new Error(`peer ${this.name} already exited`))
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(new Error(`${this.name}: no reply to ${cmd.cmd} within ${timeoutMs}ms`))
      }, timeoutMs)
      timer.unref()
      this.pending.set(id, {
        resolve: (m) => { clearTimeout(timer); resolve(m) },
        reject: (e) => { clearTimeout(timer); reject(e) }
      })
      this.child.stdin.write(JSON.stringify({ ...cmd, id }) + '\n')
    })
  }

  /** Like send but throws if ok is false. */
  async call (cmd, timeoutMs) {
    const r = await this.send(cmd, timeoutMs)
    if (r.ok !== true) throw new Error(`${this.name}: ${cmd.cmd} failed: ${r.error}`)
    return r
  }

  /** Ask the peer to stop; kill it if it does not exit in time. Resolves with the exit code. */
  async stop (timeoutMs = 10_000, viaStdinClose = false) {
    if (!this.exited) {
      if (viaStdinClose) this.child.stdin.end()
      else this.send({ cmd: 'stop' }, timeoutMs).catch(() => {})
    }
    const t = setTimeout(() => this.kill(), timeoutMs)
    const code = await this.exitPromise
    clearTimeout(t)
    return code
  }

  kill () {
    if (!this.exited) this.child.kill('SIGKILL')
  }
}

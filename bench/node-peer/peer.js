// bench/run.sh peer B, what a user writes in an afternoon with Elastic's Node.js client: one Activity Tracker day
// downloaded (create session, download, delete session), zlib gunzip + readline, and every line indexed as it came
// by client.helpers.bulk with its defaults (5 MB per request, 5 requests in flight), a create operation per event
// with the CADF id as _id (the stored event_uuid where an event has no CADF id), so that a second run adds no
// duplicates: each line is JSON.parse'd once for it, and the line itself is sent unchanged.
// Usage: node peer.js SIM_URL TOKEN SPACE DAY ES_URL INDEX    Prints one JSON line.
'use strict'
const { Client } = require('@elastic/elasticsearch')
const { Readable } = require('node:stream')
const readline = require('node:readline')
const zlib = require('node:zlib')

async function main ([sim, token, space, day, esUrl, index]) {
  const start = process.hrtime.bigint()
  const at = { 'X-Auth-Token': `bearer ${token}`, 'X-Auth-Project-Id': space }
  const client = new Client({ node: esUrl })
  const session = await call(`${sim}/v3/sessions`, { method: 'POST', headers: at, body: JSON.stringify({ start: day, end: day }) })
  const { id } = await session.json()
  const download = await call(`${sim}/v3/events/download`, { headers: { ...at, SESSIONID: id } })
  const lines = readline.createInterface({ input: Readable.fromWeb(download.body).pipe(zlib.createGunzip()), crlfDelay: Infinity })
  const stats = await client.helpers.bulk({
    datasource: lines,
    onDocument: (line) => {
      const event = JSON.parse(line)
      return { create: { _index: index, _id: event.id ?? event.event_uuid } }
    },
    onDrop: (dropped) => console.error('dropped:', JSON.stringify(dropped.error))
  })
  await call(`${sim}/v3/sessions/${id}`, { method: 'DELETE', headers: at })
  await client.close()
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  console.log(JSON.stringify({ docs: stats.successful, failed: stats.failed, seconds, events_per_s: Math.round(stats.successful / seconds) }))
}

async function call (url, options) {
  const response = await fetch(url, options)
  if (!response.ok) throw new Error(`${url} answered ${response.status}`)
  return response
}

main(process.argv.slice(2)).catch((e) => { console.error(e); process.exit(1) })

// An independent check of Jaring's signed objects, written from docs/protocol.md (9, 11, 11.1, 2.3, 2.4) and
// docs/requests.md ("Signing and the chain") alone, with nothing but Node's built-in modules.
// Usage: node verify.mjs <folder>; the folder holds index.json:
//   { "answer":     { "file", "request", "peer", "ca", "receivedAt", "revocations"? },
//     "transition": { "file", "actorNode", "ca", "receivedAt", "revocations"? },
//     "chain":      { "receivedAt", "transitions": [ { "file", "actorNode", "ca", "revocations"? }, ... ] } }
// "file": the object's bytes as received; "request": the PeerLookupRequest bytes as sent; "ca": the pinned CA
// certificate (PEM) of the node that must have signed; "receivedAt": the signing time (ISO 8601);
// "revocations": that node's SignedRevocationList as fetched (section 9); "chain": a request's transitions in
// order, each verified and linked to the one before by sequence and prev_hash.
// Exit 0 when every object present verifies; else 1, with one line per problem on stderr.
import { createHash, verify, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// ---- protobuf wire format: varints, and records of wire type 0, 1, 2, 5 --------------------------------
function varint(buf, pos) {
  let value = 0n, shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.length) throw new Error('truncated varint');
    const b = buf[pos++];
    value |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [value & 0xffffffffffffffffn, pos];
    shift += 7n;
  }
  throw new Error('varint longer than 10 bytes');
}
function encodeVarint(v) {
  const out = [];
  v = BigInt.asUintN(64, BigInt(v));
  do { let b = Number(v & 0x7fn); v >>= 7n; if (v !== 0n) b |= 0x80; out.push(b); } while (v !== 0n);
  return Buffer.from(out);
}
// Top-level records: { field, wire, start, end (whole record), value (varint) or payload (bytes) }.
function records(buf) {
  const out = [];
  let pos = 0;
  while (pos < buf.length) {
    const start = pos;
    const [tag, p] = varint(buf, pos);
    pos = p;
    const field = Number(tag >> 3n), wire = Number(tag & 7n);
    if (field < 1) throw new Error('field number 0');
    const r = { field, wire, start };
    if (wire === 0) { [r.value, pos] = varint(buf, pos); }
    else if (wire === 1 || wire === 5) { const n = wire === 1 ? 8 : 4; r.payload = buf.subarray(pos, pos + n); pos += n; }
    else if (wire === 2) { const [len, q] = varint(buf, pos); pos = q + Number(len); r.payload = buf.subarray(q, pos); }
    else throw new Error(`wire type ${wire} (groups) not expected`);
    if (pos > buf.length) throw new Error(`field ${field} runs past the end`);
    r.end = pos;
    out.push(r);
  }
  return out;
}
const tagOf = (field, wire) => encodeVarint((BigInt(field) << 3n) | BigInt(wire));
const lenDelim = (field, bytes) => Buffer.concat([tagOf(field, 2), encodeVarint(bytes.length), bytes]);
const sha256 = (b) => createHash('sha256').update(b).digest();
const text = (b) => Buffer.from(b ?? []).toString('utf8');

// ---- DER, as much as finding one extension needs ---------------------------------------------------------
function tlv(buf, pos) {
  if (pos + 2 > buf.length) throw new Error('truncated DER');
  const tag = buf[pos];
  let len = buf[pos + 1], p = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n < 1 || n > 4 || p + n > buf.length) throw new Error('bad DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p++];
  }
  if (p + len > buf.length) throw new Error('DER runs past the end');
  return { tag, body: buf.subarray(p, p + len), end: p + len };
}
function children(body) {
  const out = [];
  for (let pos = 0; pos < body.length; ) { const t = tlv(body, pos); out.push(t); pos = t.end; }
  return out;
}
const KEY_USAGE_OID = Buffer.from([0x55, 0x1d, 0x0f]); // 2.5.29.15
// The KeyUsage bits of a certificate (bit 0 = digitalSignature), or null when it has no KeyUsage extension.
function keyUsageBits(der) {
  const tbs = children(tlv(der, 0).body)[0];
  const extensions = children(tbs.body).find((c) => c.tag === 0xa3);
  if (!extensions) return null;
  for (const ext of children(children(extensions.body)[0].body)) {
    const parts = children(ext.body);
    if (parts[0].tag !== 0x06 || !parts[0].body.equals(KEY_USAGE_OID)) continue;
    const bits = tlv(parts.at(-1).body, 0); // OCTET STRING holding a BIT STRING
    if (bits.tag !== 0x03 || bits.body.length < 1) throw new Error('KeyUsage is not a BIT STRING');
    return bits.body.subarray(1); // after the unused-bits count
  }
  return null;
}

// ---- revocation lists (section 9): SignedRevocationList { 1 encoded, 2 signature } -----------------------
// The serials and fingerprints the list names, after its signature verified with the CA's key and its issuer is
// the expected node; a list that does not verify is a refusal, never an empty list.
function revoked(revocationFile, caPem, node) {
  const recs = records(readFileSync(revocationFile));
  const field = (f) => recs.filter((r) => r.field === f && r.wire === 2).at(-1)?.payload;
  const encoded = field(1), signature = field(2);
  if (!encoded || !signature) throw new Error('REVOCATION_LIST: not a signed revocation list');
  if (!verify('sha256', encoded, { key: new X509Certificate(caPem).publicKey, dsaEncoding: 'der' }, signature)) {
    throw new Error('REVOCATION_LIST: the signature does not verify with the pinned CA');
  }
  let pos = 0;
  const take = (n) => { if (pos + n > encoded.length) throw new Error('REVOCATION_LIST: truncated'); const b = encoded.subarray(pos, pos + n); pos += n; return b; };
  const int32 = () => take(4).readInt32BE(0);
  const string = () => { const n = int32(); if (n < 0 || n > 1024) throw new Error('REVOCATION_LIST: bad string length'); return take(n).toString('utf8'); };
  if (take(11).toString('ascii') !== 'JARING-RL/1') throw new Error('REVOCATION_LIST: wrong magic');
  const issuer = string();
  if (issuer !== node) throw new Error(`REVOCATION_LIST: issued by ${issuer}, expected ${node}`);
  take(8); take(12); // sequence, issued_at
  const count = int32();
  if (count < 0 || count > 1000000) throw new Error('REVOCATION_LIST: bad count');
  const serials = new Set(), fingerprints = new Set();
  for (let i = 0; i < count; i++) { serials.add(string()); fingerprints.add(string()); take(12); string(); }
  if (pos !== encoded.length) throw new Error('REVOCATION_LIST: bytes after the last entry');
  return { serials, fingerprints };
}

// ---- the signer rule (11.1), the steps a X509Certificate can do -----------------------------------------
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1', CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
function checkSigner(der, caPem, node, at, named, revocationFile) {
  if (!der || der.length === 0) return 'NO_CERTIFICATE';
  let cert;
  try { cert = new X509Certificate(der); } catch { return 'NO_CERTIFICATE: not a readable certificate'; }
  const uris = (cert.subjectAltName ?? '').split(/,\s*/).filter((s) => s.startsWith('URI:')).map((s) => s.slice(4));
  const ids = uris.filter((u) => u.toLowerCase().startsWith('urn:jaring:'));
  if (ids.length !== 1) return `BAD_IDENTITY: ${ids.length} urn:jaring: identities`;
  const m = /^urn:jaring:(node|analyst|admin):([^:]+)(?::(.+))?$/.exec(ids[0]);
  if (!m || (m[1] === 'node') !== (m[3] === undefined)) return 'BAD_IDENTITY: malformed identity';
  if (m[1] !== 'node') return `ROLE_NOT_ALLOWED: ${m[1]} certificate, a node certificate must sign`;
  if (m[2] !== node) return `WRONG_NODE: signer is ${m[2]}, expected ${node}`;
  let ca;
  try { ca = new X509Certificate(caPem); } catch { return `UNKNOWN_PEER: no pinned anchor for ${node}`; }
  if (cert.ca) return 'NOT_END_ENTITY: the signer is a CA certificate';
  for (const [c, what] of [[ca, 'the anchor'], [cert, 'the certificate']]) {
    if (at < new Date(c.validFrom)) return `NOT_YET_VALID: ${what} at the signing time`;
    if (at > new Date(c.validTo)) return `EXPIRED: ${what} at the signing time`;
  }
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return 'BAD_CHAIN: not issued by the pinned CA';
  if (revocationFile) {
    const list = revoked(revocationFile, caPem, node);
    // Serial in lower-case hex without leading zeros (section 9.2); X509Certificate gives upper case, padded.
    const serial = cert.serialNumber.toLowerCase().replace(/^0+(?=.)/, '');
    if (list.serials.has(serial) || list.fingerprints.has(sha256(cert.raw).toString('hex'))) return 'REVOKED: on the revocation list of ' + node;
  }
  const eku = cert.keyUsage ?? [];
  if (!eku.includes(SERVER_AUTH) || !eku.includes(CLIENT_AUTH)) return 'BAD_KEY_USAGE: needs serverAuth and clientAuth';
  const usage = keyUsageBits(cert.raw);
  if (!usage || usage.length === 0 || (usage[0] & 0x80) === 0) return 'BAD_KEY_USAGE: needs key usage digitalSignature';
  if (sha256(cert.raw).toString('hex') !== named) return 'the signer fingerprint is not the certificate\'s';
  return null;
}
function checkSignature(domain, covered, signature, der) {
  const data = Buffer.concat([Buffer.from(domain + '\0', 'ascii'), covered]);
  const key = new X509Certificate(der).publicKey;
  return verify('sha256', data, { key, dsaEncoding: 'der' }, signature) ? null : 'the signature does not verify';
}

// ---- PeerLookupResponse (11, 11.1): fields 2 signature, 3 signer_fingerprint, 4 request_hash, 5 PEM ----
function checkAnswer(dir, a) {
  const bytes = readFileSync(join(dir, a.file));
  const recs = records(bytes);
  const last = (f) => recs.filter((r) => r.field === f && r.wire === 2).at(-1)?.payload;
  const signature = last(2), request = readFileSync(join(dir, a.request));
  if (!signature || signature.length === 0) return 'unsigned';
  if (!last(4) || !sha256(request).equals(last(4))) return 'request_hash is not the SHA-256 of the request as sent';
  let der;
  try { der = new X509Certificate(text(last(5))).raw; } catch { return 'NO_CERTIFICATE: signer_certificate_pem is not a certificate'; }
  const signer = checkSigner(der, readFileSync(join(dir, a.ca)), a.peer, new Date(a.receivedAt), text(last(3)),
    a.revocations && join(dir, a.revocations));
  if (signer) return signer;
  const covered = Buffer.concat(recs.filter((r) => r.field !== 2 && r.field !== 3).map((r) => bytes.subarray(r.start, r.end)));
  return checkSignature('jaring-peer-response-v1', covered, signature, der);
}

// ---- Transition canonical encoding (11.1) ---------------------------------------------------------------
// Field number: wire type, 'msg' for the Timestamp fields (7 time, 16 preserved_until).
const TRANSITION = { 1: 2, 2: 0, 3: 0, 4: 0, 5: 2, 6: 2, 7: 'msg', 8: 2, 9: 0, 10: 2, 11: 2, 12: 2, 13: 2, 14: 2, 15: 2, 16: 'msg' };
const TIMESTAMP = { 1: 0, 2: 0 };
function canonical(bytes, schema, leaveOut = []) {
  const known = new Map(), unknown = [];
  for (const r of records(bytes)) {
    const t = schema[r.field];
    // A record of another wire type than the schema's is not that field: it is kept as an unknown one.
    if (t === undefined || (t === 'msg' ? 2 : t) !== r.wire) { unknown.push(r); continue; }
    const prev = known.get(r.field);
    // A scalar read twice: the last one counts; a message read twice: the two are merged.
    known.set(r.field, t === 'msg' && prev ? { ...r, payload: Buffer.concat([prev.payload, r.payload]) } : r);
  }
  const parts = [];
  for (const f of Object.keys(schema).map(Number).sort((x, y) => x - y)) {
    const r = known.get(f);
    if (!r || leaveOut.includes(f)) continue;
    if (schema[f] === 'msg') parts.push(lenDelim(f, canonical(r.payload, TIMESTAMP).bytes));
    else if (r.wire === 0 && r.value !== 0n) parts.push(tagOf(f, 0), encodeVarint(r.value));
    else if (r.wire === 2 && r.payload.length > 0) parts.push(lenDelim(f, r.payload));
  }
  unknown.sort((x, y) => x.field - y.field).forEach((r) => parts.push(bytes.subarray(r.start, r.end)));
  return { bytes: Buffer.concat(parts), known };
}
function checkTransition(dir, t, receivedAt = t.receivedAt) {
  const { bytes: covered, known } = canonical(readFileSync(join(dir, t.file)), TRANSITION, [13, 15]);
  const signature = known.get(13)?.payload, der = known.get(15)?.payload;
  if (!signature || signature.length === 0) return 'unsigned';
  if (text(known.get(6)?.payload) !== t.actorNode) return `actor_node is not ${t.actorNode}`;
  const signer = checkSigner(der, readFileSync(join(dir, t.ca)), t.actorNode, new Date(receivedAt), text(known.get(14)?.payload),
    t.revocations && join(dir, t.revocations));
  return signer ?? checkSignature('jaring-transition-v1', covered, signature, der);
}

// ---- a request's chain (docs/requests.md, "Signing and the chain") --------------------------------------
// Each transition verifies on its own; sequence counts 1, 2, ...; prev_hash of each after the first is SHA-256 of
// the one before in the same canonical encoding, signature and certificate included.
function checkChain(dir, c) {
  if (!Array.isArray(c.transitions) || c.transitions.length === 0) return 'no transitions';
  let before = null;
  for (const [i, t] of c.transitions.entries()) {
    const problem = checkTransition(dir, t, c.receivedAt);
    if (problem) return `transition ${i + 1}: ${problem}`;
    const { bytes: whole, known } = canonical(readFileSync(join(dir, t.file)), TRANSITION);
    const sequence = known.get(2)?.value ?? 0n;
    if (sequence !== BigInt(i + 1)) return `transition ${i + 1}: sequence is ${sequence}, expected ${i + 1}`;
    const prev = known.get(11)?.payload;
    if (before && (!prev || !sha256(before).equals(prev))) return `transition ${i + 1}: prev_hash is not the SHA-256 of transition ${i}`;
    before = whole;
  }
  return null;
}

const dir = process.argv[2];
if (!dir) { console.error('usage: node verify.mjs <folder>'); process.exit(2); }
const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
let failed = false;
for (const [kind, check] of [['answer', checkAnswer], ['transition', checkTransition], ['chain', checkChain]]) {
  if (!index[kind]) continue;
  let problem;
  try { problem = check(dir, index[kind]); } catch (e) { problem = `cannot be read: ${e.message}`; }
  if (problem) { failed = true; console.error(`${kind}: ${problem}`); } else console.log(`${kind}: verified`);
}
process.exit(failed ? 1 : 0);

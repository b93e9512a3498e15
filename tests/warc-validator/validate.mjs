// Reads a .warc.gz with warcio.js, a WARC reader independent of the monitor, and prints one JSON line per record.
// Digests are recomputed here from the raw bytes warcio hands over (warcio.js parses them but does not verify them).
// Exits non-zero, naming the record, when a record does not parse or a digest does not verify.
import { createReadStream } from "node:fs";
import { createHash } from "node:crypto";
import { WARCParser } from "warcio";

const file = process.argv[2];
if (!file) {
  console.error("usage: node validate.mjs FILE.warc.gz");
  process.exit(2);
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function decodeDigest(value) {
  const [algorithm, encoded] = value.split(":", 2);
  const text = encoded.replace(/=+$/, "");
  if (/^[0-9a-f]+$/i.test(text) && text.length === { sha1: 40, sha256: 64 }[algorithm]) {
    return { algorithm, bytes: Buffer.from(text, "hex") };
  }
  let bits = 0;
  let buffer = 0;
  const bytes = [];
  for (const char of text.toUpperCase()) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${value}`);
    buffer = (buffer << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return { algorithm, bytes: Buffer.from(bytes) };
}

function verifies(digest, data) {
  if (!digest) return null;
  const { algorithm, bytes } = decodeDigest(digest);
  return createHash(algorithm).update(data).digest().equals(bytes);
}

async function* records(parseHttp) {
  const parser = new WARCParser(createReadStream(file), { parseHttp, keepHeadersCase: true });
  for await (const record of parser) {
    const raw = Buffer.from(await record.readFully(false));
    yield { record, raw, offset: parser.offset, length: parser.recordLength };
  }
}

const failures = [];
const blocks = [];
for await (const { record, raw } of records(false)) {
  blocks.push({ id: record.warcHeader("WARC-Record-ID"), block: raw, blockDigest: record.warcBlockDigest });
}

let index = 0;
for await (const { record, raw, offset } of records(true)) {
  const { id, block, blockDigest } = blocks[index++];
  const type = record.warcType;
  const http = record.httpHeaders;
  const out = {
    type,
    recordId: id,
    targetUri: record.warcTargetURI ?? null,
    date: record.warcDate ?? null,
    concurrentTo: record.warcHeader("WARC-Concurrent-To") ?? null,
    refersTo: record.warcHeader("WARC-Refers-To") ?? null,
    refersToTargetUri: record.warcRefersToTargetURI ?? null,
    refersToDate: record.warcRefersToDate ?? null,
    profile: record.warcHeader("WARC-Profile") ?? null,
    contentType: record.warcContentType ?? null,
    offset,
    blockLength: block.length,
    blockDigestVerified: verifies(blockDigest, block),
    payloadDigestVerified: null,
    httpStatus: null,
    httpHeaders: null,
    payloadLength: null,
    payloadSha256: null,
  };
  if (http) {
    out.httpStatus = http.statusCode ?? null;
    out.httpStatusLine = http.statusline;
    // A repeated header (several Set-Cookie lines) comes back as a list of its values: one pair per line.
    out.httpHeaders = [...http.headers].flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => [name, v]));
    out.payloadLength = raw.length;
    out.payloadSha256 = createHash("sha256").update(raw).digest("hex");
    // The payload is what follows the HTTP header in the block; a revisit carries none and names its original's digest.
    if (!block.subarray(block.length - raw.length).equals(raw)) failures.push(`${id}: payload is not the end of the block`);
    if (type !== "revisit") out.payloadDigestVerified = verifies(record.warcPayloadDigest, raw);
  }
  if (type === "resource") {
    // A resource record's block is the payload itself: no HTTP message wraps it.
    out.payloadLength = block.length;
    out.payloadSha256 = createHash("sha256").update(block).digest("hex");
    out.payloadDigestVerified = verifies(record.warcPayloadDigest, block);
  }
  if (out.blockDigestVerified === false) failures.push(`${id}: WARC-Block-Digest does not verify`);
  if (out.payloadDigestVerified === false) failures.push(`${id}: WARC-Payload-Digest does not verify`);
  if ((type === "response" || type === "request") && !http) failures.push(`${id}: HTTP message does not parse`);
  console.log(JSON.stringify(out));
}

if (index !== blocks.length) failures.push(`record count differs between passes: ${blocks.length} and ${index}`);
if (failures.length > 0) {
  for (const failure of failures) console.error(failure);
  process.exit(1);
}

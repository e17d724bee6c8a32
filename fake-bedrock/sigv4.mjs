// Server-side verification of AWS Signature Version 4 (AWS4-HMAC-SHA256) request signing.
// The fake recomputes the signature exactly as AWS would, so a client that signs wrongly
// (wrong canonical path, unsigned header, stale body hash) fails here instead of in production.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const ALGORITHM = 'AWS4-HMAC-SHA256';
const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;
// Body-hash markers a signer may put in x-amz-content-sha256 instead of a real hash.
const NON_HASH_PAYLOAD_MARKERS = new Set(['UNSIGNED-PAYLOAD', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD']);

/**
 * @typedef {{ accessKeyId: string, secretAccessKey: string, sessionToken?: string }} KeyPair
 * @typedef {{ ok: true, accessKeyId: string, region: string, service: string }
 *   | { ok: false, reason: string, errorType: string, accessKeyId?: string }} VerifyResult
 */

/**
 * Verifies the SigV4 signature of an incoming request.
 * @param {import('node:http').IncomingMessage} req
 * @param {Buffer} bodyBuffer the complete request body
 * @param {KeyPair[]} keyPairs the credentials the fake accepts
 * @param {{ service?: string, now?: number, maxClockSkewMs?: number }} [options]
 * @returns {VerifyResult} `errorType` names the AWS error a real endpoint would return
 */
export function verifySigV4(req, bodyBuffer, keyPairs, options = {}) {
  const { service: expectedService = 'bedrock', now = Date.now(), maxClockSkewMs = DEFAULT_MAX_CLOCK_SKEW_MS } =
    options;
  const authorization = parseAuthorization(req.headers.authorization);
  if (!authorization) return failure('IncompleteSignatureException', 'malformed or missing AWS4-HMAC-SHA256 Authorization header');

  const { accessKeyId, date, region, service, signedHeaders, signature } = authorization;
  const keyPair = keyPairs.find((pair) => pair.accessKeyId === accessKeyId);
  if (!keyPair) return failure('UnrecognizedClientException', 'unknown access key id', accessKeyId);
  if (service !== expectedService) {
    return failure('InvalidSignatureException', `credential scoped to service '${service}', expected '${expectedService}'`, accessKeyId);
  }

  const headerProblem = checkSignedHeaders(req, signedHeaders, keyPair, date, { now, maxClockSkewMs });
  if (headerProblem) return failure(headerProblem.errorType, headerProblem.reason, accessKeyId);

  const payloadHash = resolvePayloadHash(req, bodyBuffer);
  if (!payloadHash) return failure('InvalidSignatureException', 'x-amz-content-sha256 does not match the body', accessKeyId);

  const canonicalRequest = buildCanonicalRequest(req, signedHeaders, payloadHash);
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = [ALGORITHM, req.headers['x-amz-date'], scope, sha256Hex(canonicalRequest)].join('\n');
  const expected = hmac(deriveSigningKey(keyPair.secretAccessKey, date, region, service), stringToSign).toString('hex');
  if (!constantTimeEquals(expected, signature)) {
    return failure('InvalidSignatureException', 'signature mismatch', accessKeyId);
  }
  return { ok: true, accessKeyId, region, service };
}

function buildCanonicalRequest(req, signedHeaders, payloadHash) {
  const [rawPath, rawQuery = ''] = req.url.split(/\?(.*)/s);
  return [
    req.method,
    canonicalUri(rawPath),
    canonicalQueryString(rawQuery),
    canonicalHeaders(req.rawHeaders, signedHeaders),
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
}

function parseAuthorization(header) {
  if (!header?.startsWith(`${ALGORITHM} `)) return undefined;
  const fields = Object.fromEntries(
    header
      .slice(ALGORITHM.length + 1)
      .split(',')
      .map((part) => part.trim().split(/=(.*)/s).slice(0, 2)),
  );
  const credential = fields.Credential?.split('/');
  if (credential?.length !== 5 || credential[4] !== 'aws4_request') return undefined;
  if (!fields.SignedHeaders || !/^[0-9a-f]{64}$/.test(fields.Signature ?? '')) return undefined;
  const [accessKeyId, date, region, service] = credential;
  return { accessKeyId, date, region, service, signedHeaders: fields.SignedHeaders.split(';'), signature: fields.Signature };
}

function checkSignedHeaders(req, signedHeaders, keyPair, credentialDate, { now, maxClockSkewMs }) {
  for (const required of ['host', 'x-amz-date']) {
    if (!signedHeaders.includes(required)) return { errorType: 'InvalidSignatureException', reason: `header '${required}' is not signed` };
  }
  const amzDate = req.headers['x-amz-date'] ?? '';
  if (!amzDate.startsWith(credentialDate)) {
    return { errorType: 'InvalidSignatureException', reason: 'credential scope date does not match x-amz-date' };
  }
  const signedAt = parseAmzDate(amzDate);
  if (Number.isNaN(signedAt) || Math.abs(now - signedAt) > maxClockSkewMs) {
    return { errorType: 'InvalidSignatureException', reason: 'signature expired or x-amz-date invalid' };
  }
  return checkSessionToken(req, signedHeaders, keyPair);
}

// A temporary key pair is only valid together with its session token, and a permanent one never
// comes with a token; the token must also be covered by the signature.
function checkSessionToken(req, signedHeaders, keyPair) {
  const token = req.headers['x-amz-security-token'];
  if (token !== keyPair.sessionToken) {
    return { errorType: 'UnrecognizedClientException', reason: 'security token missing or does not match the key pair' };
  }
  if (token !== undefined && !signedHeaders.includes('x-amz-security-token')) {
    return { errorType: 'InvalidSignatureException', reason: "header 'x-amz-security-token' is not signed" };
  }
  return undefined;
}

// An explicit body hash is trusted for the signature only after checking it against the body,
// otherwise a tampered body would verify.
function resolvePayloadHash(req, bodyBuffer) {
  const bodyHash = sha256Hex(bodyBuffer);
  const declared = req.headers['x-amz-content-sha256'];
  if (declared === undefined) return bodyHash;
  if (NON_HASH_PAYLOAD_MARKERS.has(declared)) return declared;
  return declared === bodyHash ? declared : undefined;
}

// Services other than S3 encode the (already percent-encoded) path a second time, so a model id
// `a:b` travels as `a%3Ab` and canonicalises as `a%253Ab`.
function canonicalUri(rawPath) {
  const segments = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailingSlash = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  return `/${segments.map(uriEncode).join('/')}${trailingSlash}`;
}

function canonicalQueryString(rawQuery) {
  if (!rawQuery) return '';
  return rawQuery
    .split('&')
    .filter(Boolean)
    .map((pair) => pair.split(/=(.*)/s))
    .map(([key, value = '']) => [uriEncode(decodeQueryComponent(key)), uriEncode(decodeQueryComponent(value))])
    .sort(([keyA, valueA], [keyB, valueB]) => compareStrings(keyA, keyB) || compareStrings(valueA, valueB))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

// rawHeaders keeps repeated headers apart; SigV4 joins their values with ','.
function canonicalHeaders(rawHeaders, signedHeaders) {
  const valuesByName = new Map();
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index].toLowerCase();
    const value = rawHeaders[index + 1].trim().replace(/\s+/g, ' ');
    valuesByName.set(name, [...(valuesByName.get(name) ?? []), value]);
  }
  return signedHeaders.map((name) => `${name}:${(valuesByName.get(name) ?? []).join(',')}\n`).join('');
}

// A malformed escape cannot have been signed correctly anyway; keeping it raw lets the
// signature comparison reject it instead of throwing.
function decodeQueryComponent(component) {
  try {
    return decodeURIComponent(component);
  } catch {
    return component;
  }
}

// RFC 3986 unreserved characters stay; everything else is %XX with upper-case hex.
function uriEncode(value) {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

function deriveSigningKey(secretAccessKey, date, region, service) {
  const dateKey = hmac(`AWS4${secretAccessKey}`, date);
  return hmac(hmac(hmac(dateKey, region), service), 'aws4_request');
}

function parseAmzDate(amzDate) {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!match) return NaN;
  const [, year, month, day, hour, minute, second] = match;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

function constantTimeEquals(expectedHex, actualHex) {
  const expected = Buffer.from(expectedHex);
  const actual = Buffer.from(actualHex);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function compareStrings(a, b) {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function failure(errorType, reason, accessKeyId) {
  return { ok: false, errorType, reason, ...(accessKeyId && { accessKeyId }) };
}

function hmac(key, data) {
  return createHmac('sha256', key).update(data).digest();
}

function sha256Hex(data) {
  return createHash('sha256').update(data).digest('hex');
}

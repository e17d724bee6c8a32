// AWS event-stream framing (application/vnd.amazon.eventstream), as Bedrock's ConverseStream
// sends it. Frame layout:
//   prelude: total length u32 BE | headers length u32 BE | CRC32(first 8 bytes) u32 BE
//   headers: per header u8 name length | name | type byte | (for strings) u16 BE length | value
//   payload
//   message CRC: CRC32 of everything before it, u32 BE
import { randomInt } from 'node:crypto';
import { crc32 } from 'node:zlib';

const PRELUDE_BYTES = 12;
const CRC_BYTES = 4;
const STRING_HEADER_TYPE = 7;
const PADDING_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** @typedef {{ corrupt?: 'prelude' | 'message' }} FrameOptions */

/** Encodes one frame. `headers` is a plain object of string headers, in wire order. */
export function encodeFrame(headers, payload, { corrupt } = {}) {
  const headerBytes = encodeHeaders(headers);
  const totalLength = PRELUDE_BYTES + headerBytes.length + payload.length + CRC_BYTES;
  const frame = Buffer.alloc(totalLength);
  frame.writeUInt32BE(totalLength, 0);
  frame.writeUInt32BE(headerBytes.length, 4);
  frame.writeUInt32BE(crc32(frame.subarray(0, 8)), 8);
  headerBytes.copy(frame, PRELUDE_BYTES);
  payload.copy(frame, PRELUDE_BYTES + headerBytes.length);
  const messageCrcOffset = totalLength - CRC_BYTES;
  frame.writeUInt32BE(crc32(frame.subarray(0, messageCrcOffset)), messageCrcOffset);
  if (corrupt === 'prelude') flipLowBit(frame, 11);
  if (corrupt === 'message') flipLowBit(frame, totalLength - 1);
  return frame;
}

/** An `event` frame with a JSON payload carrying Bedrock's random padding field `p`. */
export function encodeEvent(eventType, payloadObject, options) {
  const headers = {
    ':event-type': eventType,
    ':content-type': 'application/json',
    ':message-type': 'event',
  };
  return encodeFrame(headers, jsonWithPadding(payloadObject), options);
}

/** An `exception` frame, e.g. `throttlingException`, whose payload is `{"message": ...}`. */
export function encodeException(exceptionType, message, options) {
  const headers = {
    ':exception-type': exceptionType,
    ':content-type': 'application/json',
    ':message-type': 'exception',
  };
  return encodeFrame(headers, Buffer.from(JSON.stringify({ message })), options);
}

/**
 * Splits a buffer into frames, verifying both CRCs. Throws on any malformed frame.
 * Returns `[{ headers, payload, json }]` where `json` is the parsed payload when it is JSON.
 */
export function decodeFrames(buffer) {
  const frames = [];
  let offset = 0;
  while (offset < buffer.length) {
    const frame = decodeOneFrame(buffer.subarray(offset));
    frames.push(frame.decoded);
    offset += frame.length;
  }
  return frames;
}

function decodeOneFrame(bytes) {
  if (bytes.length < PRELUDE_BYTES + CRC_BYTES) throw new Error('truncated frame prelude');
  const totalLength = bytes.readUInt32BE(0);
  const headersLength = bytes.readUInt32BE(4);
  if (bytes.readUInt32BE(8) !== crc32(bytes.subarray(0, 8))) throw new Error('prelude CRC mismatch');
  if (bytes.length < totalLength) throw new Error('truncated frame body');
  const messageCrcOffset = totalLength - CRC_BYTES;
  if (bytes.readUInt32BE(messageCrcOffset) !== crc32(bytes.subarray(0, messageCrcOffset))) {
    throw new Error('message CRC mismatch');
  }
  const headersEnd = PRELUDE_BYTES + headersLength;
  const headers = decodeHeaders(bytes.subarray(PRELUDE_BYTES, headersEnd));
  const payload = Buffer.from(bytes.subarray(headersEnd, messageCrcOffset));
  const json = headers[':content-type'] === 'application/json' ? JSON.parse(payload.toString()) : undefined;
  return { length: totalLength, decoded: { headers, payload, json } };
}

function encodeHeaders(headers) {
  const parts = [];
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = Buffer.from(name);
    const valueBytes = Buffer.from(value);
    const header = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length);
    header.writeUInt8(nameBytes.length, 0);
    nameBytes.copy(header, 1);
    header.writeUInt8(STRING_HEADER_TYPE, 1 + nameBytes.length);
    header.writeUInt16BE(valueBytes.length, 2 + nameBytes.length);
    valueBytes.copy(header, 4 + nameBytes.length);
    parts.push(header);
  }
  return Buffer.concat(parts);
}

// Only string headers are decoded: Bedrock sends no other header type.
function decodeHeaders(bytes) {
  const headers = {};
  let offset = 0;
  while (offset < bytes.length) {
    const nameLength = bytes.readUInt8(offset);
    const name = bytes.toString('utf8', offset + 1, offset + 1 + nameLength);
    offset += 1 + nameLength;
    const type = bytes.readUInt8(offset);
    if (type !== STRING_HEADER_TYPE) throw new Error(`unsupported header type ${type} for ${name}`);
    const valueLength = bytes.readUInt16BE(offset + 1);
    headers[name] = bytes.toString('utf8', offset + 3, offset + 3 + valueLength);
    offset += 3 + valueLength;
  }
  return headers;
}

// Real Bedrock pads every event with a random-length `p` string (against length side channels);
// clients must ignore it, so the fake sends it too.
function jsonWithPadding(payloadObject) {
  const padding = PADDING_ALPHABET.slice(0, randomInt(1, PADDING_ALPHABET.length + 1));
  return Buffer.from(JSON.stringify({ ...payloadObject, p: padding }));
}

function flipLowBit(buffer, index) {
  buffer[index] ^= 0x01;
}

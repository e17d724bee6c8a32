//! The AWS event-stream binary framing (`application/vnd.amazon.eventstream`), decoded
//! incrementally from the body chunks of a ConverseStream response.
//!
//! A frame is: total length u32 BE | headers length u32 BE | CRC32 of those 8 bytes |
//! headers | payload | CRC32 of everything before it. A header is: name length u8 | name |
//! type u8 | value. Frames that arrive whole inside one chunk are sliced out of it without a
//! copy; only a frame split across chunks is copied together, and only once its prelude has
//! been checked, so a frame announcing more than `MAX_FRAME_BYTES` fails before it is buffered.

use bytes::{Buf, Bytes, BytesMut};

/// The largest frame accepted: the event-stream format's own limits (16 MiB of payload plus
/// 128 KiB of headers). Bedrock's frames are a few KB.
pub const MAX_FRAME_BYTES: u32 = 16 * 1024 * 1024 + 128 * 1024;
const PRELUDE_BYTES: usize = 12;
const CRC_BYTES: usize = 4;
/// A frame with no headers and no payload.
const MIN_FRAME_BYTES: usize = PRELUDE_BYTES + CRC_BYTES;

/// Why the bytes are no valid event stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameError {
    /// The prelude announces more than `MAX_FRAME_BYTES`.
    TooLarge { announced: u32 },
    /// The prelude announces less than a prelude and a CRC.
    TooShort { announced: u32 },
    /// The headers announced do not fit in the frame.
    HeadersTooLong { headers: u32, total: u32 },
    PreludeCrc { expected: u32, computed: u32 },
    MessageCrc { expected: u32, computed: u32 },
    /// A header runs past the end of the headers section.
    HeaderOverrun,
    UnknownHeaderType(u8),
    /// A header name or string value that is not UTF-8.
    HeaderNotUtf8,
    /// The body ended inside a frame.
    Truncated { buffered: usize },
}

impl std::fmt::Display for FrameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FrameError::TooLarge { announced } => write!(
                f,
                "an event-stream frame announced {announced} bytes, over the limit of {MAX_FRAME_BYTES} bytes (16 MiB payload + 128 KiB headers)"
            ),
            FrameError::TooShort { announced } => {
                write!(f, "an event-stream frame announced {announced} bytes, less than the {MIN_FRAME_BYTES} of an empty frame")
            }
            FrameError::HeadersTooLong { headers, total } => {
                write!(f, "an event-stream frame of {total} bytes announced {headers} bytes of headers")
            }
            FrameError::PreludeCrc { expected, computed } => {
                write!(f, "prelude checksum mismatch: expected {expected:#010x}, computed {computed:#010x}")
            }
            FrameError::MessageCrc { expected, computed } => {
                write!(f, "message checksum mismatch: expected {expected:#010x}, computed {computed:#010x}")
            }
            FrameError::HeaderOverrun => f.write_str("an event-stream header runs past the end of the headers"),
            FrameError::UnknownHeaderType(kind) => write!(f, "unknown event-stream header type {kind}"),
            FrameError::HeaderNotUtf8 => f.write_str("an event-stream header name or string is not UTF-8"),
            FrameError::Truncated { buffered } => {
                write!(f, "the body ended inside an event-stream frame ({buffered} bytes of it received)")
            }
        }
    }
}

impl std::error::Error for FrameError {}

/// One header value, borrowed from its frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderValue<'a> {
    Bool(bool),
    Byte(i8),
    Int16(i16),
    Int32(i32),
    Int64(i64),
    Bytes(&'a [u8]),
    String(&'a str),
    /// Milliseconds since the Unix epoch.
    Timestamp(i64),
    Uuid([u8; 16]),
}

/// One complete, checksum-verified message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The whole frame; the headers were validated when it was decoded.
    frame: Bytes,
    headers_end: usize,
}

impl Message {
    pub fn payload(&self) -> &[u8] {
        &self.frame[self.headers_end..self.frame.len() - CRC_BYTES]
    }

    /// The headers in wire order.
    pub fn headers(&self) -> impl Iterator<Item = (&str, HeaderValue<'_>)> {
        let mut headers = Headers { bytes: &self.frame[PRELUDE_BYTES..self.headers_end] };
        // Validated by `Message::new`: the iteration cannot fail part-way.
        std::iter::from_fn(move || headers.next().and_then(Result::ok))
    }

    /// The string value of the header `name`, when it is present and a string.
    pub fn string_header(&self, name: &str) -> Option<&str> {
        self.headers().find(|(found, _)| *found == name).and_then(|(_, value)| match value {
            HeaderValue::String(text) => Some(text),
            _ => None,
        })
    }

    /// A frame whose length and prelude were checked; verifies the message CRC and the headers.
    fn new(frame: Bytes) -> Result<Self, FrameError> {
        let crc_at = frame.len() - CRC_BYTES;
        let expected = u32::from_be_bytes([frame[crc_at], frame[crc_at + 1], frame[crc_at + 2], frame[crc_at + 3]]);
        let computed = crc32fast::hash(&frame[..crc_at]);
        if expected != computed {
            return Err(FrameError::MessageCrc { expected, computed });
        }
        let headers_len = read_u32(&frame[4..8]) as usize;
        let headers_end = PRELUDE_BYTES + headers_len;
        let mut headers = Headers { bytes: &frame[PRELUDE_BYTES..headers_end] };
        for header in &mut headers {
            header?;
        }
        Ok(Message { frame, headers_end })
    }
}

/// A walk over a headers section.
struct Headers<'a> {
    bytes: &'a [u8],
}

impl<'a> Headers<'a> {
    fn take(&mut self, count: usize) -> Result<&'a [u8], FrameError> {
        if self.bytes.len() < count {
            self.bytes = &[];
            return Err(FrameError::HeaderOverrun);
        }
        let (taken, rest) = self.bytes.split_at(count);
        self.bytes = rest;
        Ok(taken)
    }

    fn take_array<const N: usize>(&mut self) -> Result<[u8; N], FrameError> {
        let mut array = [0u8; N];
        array.copy_from_slice(self.take(N)?);
        Ok(array)
    }

    fn utf8(bytes: &[u8]) -> Result<&str, FrameError> {
        std::str::from_utf8(bytes).map_err(|_| FrameError::HeaderNotUtf8)
    }

    fn header(&mut self) -> Result<(&'a str, HeaderValue<'a>), FrameError> {
        let [name_len] = self.take_array::<1>()?;
        let name = Self::utf8(self.take(usize::from(name_len))?)?;
        let [kind] = self.take_array::<1>()?;
        let value = match kind {
            0 => HeaderValue::Bool(true),
            1 => HeaderValue::Bool(false),
            2 => HeaderValue::Byte(i8::from_be_bytes(self.take_array()?)),
            3 => HeaderValue::Int16(i16::from_be_bytes(self.take_array()?)),
            4 => HeaderValue::Int32(i32::from_be_bytes(self.take_array()?)),
            5 => HeaderValue::Int64(i64::from_be_bytes(self.take_array()?)),
            6 | 7 => {
                let len = u16::from_be_bytes(self.take_array()?);
                let bytes = self.take(usize::from(len))?;
                if kind == 6 {
                    HeaderValue::Bytes(bytes)
                } else {
                    HeaderValue::String(Self::utf8(bytes)?)
                }
            }
            8 => HeaderValue::Timestamp(i64::from_be_bytes(self.take_array()?)),
            9 => HeaderValue::Uuid(self.take_array()?),
            other => {
                self.bytes = &[];
                return Err(FrameError::UnknownHeaderType(other));
            }
        };
        Ok((name, value))
    }
}

impl<'a> Iterator for Headers<'a> {
    type Item = Result<(&'a str, HeaderValue<'a>), FrameError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.bytes.is_empty() {
            None
        } else {
            Some(self.header())
        }
    }
}

fn read_u32(bytes: &[u8]) -> u32 {
    u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
}

/// The total length of the frame starting with `prelude` (at least `PRELUDE_BYTES` long),
/// once its checksum and bounds are checked.
fn frame_length(prelude: &[u8]) -> Result<usize, FrameError> {
    let total = read_u32(&prelude[0..4]);
    let headers = read_u32(&prelude[4..8]);
    let expected = read_u32(&prelude[8..12]);
    let computed = crc32fast::hash(&prelude[..8]);
    if expected != computed {
        return Err(FrameError::PreludeCrc { expected, computed });
    }
    if total > MAX_FRAME_BYTES {
        return Err(FrameError::TooLarge { announced: total });
    }
    if (total as usize) < MIN_FRAME_BYTES {
        return Err(FrameError::TooShort { announced: total });
    }
    if headers as usize > total as usize - MIN_FRAME_BYTES {
        return Err(FrameError::HeadersTooLong { headers, total });
    }
    Ok(total as usize)
}

/// Decodes frames from the chunks of one body. After an error the decoder is spent: the rest
/// of the body cannot be trusted to start at a frame boundary.
#[derive(Debug, Default)]
pub struct FrameDecoder {
    /// The start of a frame that a chunk ended inside.
    partial: BytesMut,
    /// Its length, once its prelude is complete and checked.
    partial_len: Option<usize>,
    failed: bool,
}

impl FrameDecoder {
    /// Appends every message completed by `chunk` to `out`. On an error, `out` holds the
    /// messages before the bad frame.
    pub fn decode(&mut self, mut chunk: Bytes, out: &mut Vec<Message>) -> Result<(), FrameError> {
        if self.failed {
            return Ok(());
        }
        let result = self.decode_chunk(&mut chunk, out);
        self.failed = result.is_err();
        result
    }

    /// Whether the body may end here: not inside a frame.
    pub fn finish(&self) -> Result<(), FrameError> {
        if self.partial.is_empty() || self.failed {
            Ok(())
        } else {
            Err(FrameError::Truncated { buffered: self.partial.len() })
        }
    }

    fn decode_chunk(&mut self, chunk: &mut Bytes, out: &mut Vec<Message>) -> Result<(), FrameError> {
        if !self.partial.is_empty() && !self.complete_partial(chunk, out)? {
            return Ok(());
        }
        // Whole frames are sliced out of the chunk.
        while chunk.len() >= PRELUDE_BYTES {
            let total = frame_length(&chunk[..PRELUDE_BYTES])?;
            if chunk.len() < total {
                break;
            }
            out.push(Message::new(chunk.split_to(total))?);
        }
        if !chunk.is_empty() {
            self.partial_len = if chunk.len() >= PRELUDE_BYTES { Some(frame_length(chunk)?) } else { None };
            self.partial.reserve(self.partial_len.unwrap_or(PRELUDE_BYTES));
            self.partial.extend_from_slice(chunk);
            chunk.clear();
        }
        Ok(())
    }

    /// Moves bytes of `chunk` into the partial frame; true once it was completed (and pushed).
    fn complete_partial(&mut self, chunk: &mut Bytes, out: &mut Vec<Message>) -> Result<bool, FrameError> {
        let total = match self.partial_len {
            Some(total) => total,
            None => {
                let missing = (PRELUDE_BYTES - self.partial.len()).min(chunk.len());
                self.partial.extend_from_slice(&chunk[..missing]);
                chunk.advance(missing);
                if self.partial.len() < PRELUDE_BYTES {
                    return Ok(false);
                }
                let total = frame_length(&self.partial)?;
                self.partial.reserve(total - self.partial.len());
                self.partial_len = Some(total);
                total
            }
        };
        let missing = (total - self.partial.len()).min(chunk.len());
        self.partial.extend_from_slice(&chunk[..missing]);
        chunk.advance(missing);
        if self.partial.len() < total {
            return Ok(false);
        }
        self.partial_len = None;
        out.push(Message::new(self.partial.split().freeze())?);
        Ok(true)
    }
}

/// Frames built for tests, the way the event-stream specification lays them out.
#[cfg(test)]
pub mod encode {
    use super::*;

    /// An owned header value, for building frames.
    #[derive(Debug, Clone, PartialEq)]
    pub enum Value {
        Bool(bool),
        Byte(i8),
        Int16(i16),
        Int32(i32),
        Int64(i64),
        Bytes(Vec<u8>),
        String(String),
        Timestamp(i64),
        Uuid([u8; 16]),
    }

    impl Value {
        pub fn borrowed(&self) -> HeaderValue<'_> {
            match self {
                Value::Bool(b) => HeaderValue::Bool(*b),
                Value::Byte(b) => HeaderValue::Byte(*b),
                Value::Int16(i) => HeaderValue::Int16(*i),
                Value::Int32(i) => HeaderValue::Int32(*i),
                Value::Int64(i) => HeaderValue::Int64(*i),
                Value::Bytes(b) => HeaderValue::Bytes(b),
                Value::String(s) => HeaderValue::String(s),
                Value::Timestamp(t) => HeaderValue::Timestamp(*t),
                Value::Uuid(u) => HeaderValue::Uuid(*u),
            }
        }
    }

    fn header_bytes(name: &str, value: &Value) -> Vec<u8> {
        let mut out = vec![u8::try_from(name.len()).expect("short name")];
        out.extend_from_slice(name.as_bytes());
        match value {
            Value::Bool(true) => out.push(0),
            Value::Bool(false) => out.push(1),
            Value::Byte(b) => out.extend([2, b.to_be_bytes()[0]]),
            Value::Int16(i) => {
                out.push(3);
                out.extend(i.to_be_bytes());
            }
            Value::Int32(i) => {
                out.push(4);
                out.extend(i.to_be_bytes());
            }
            Value::Int64(i) => {
                out.push(5);
                out.extend(i.to_be_bytes());
            }
            Value::Bytes(b) => {
                out.push(6);
                out.extend(u16::try_from(b.len()).expect("short value").to_be_bytes());
                out.extend_from_slice(b);
            }
            Value::String(s) => {
                out.push(7);
                out.extend(u16::try_from(s.len()).expect("short value").to_be_bytes());
                out.extend_from_slice(s.as_bytes());
            }
            Value::Timestamp(t) => {
                out.push(8);
                out.extend(t.to_be_bytes());
            }
            Value::Uuid(u) => {
                out.push(9);
                out.extend_from_slice(u);
            }
        }
        out
    }

    /// One frame with valid checksums.
    pub fn frame(headers: &[(&str, Value)], payload: &[u8]) -> Vec<u8> {
        let headers: Vec<u8> = headers.iter().flat_map(|(name, value)| header_bytes(name, value)).collect();
        let total = PRELUDE_BYTES + headers.len() + payload.len() + CRC_BYTES;
        let mut out = Vec::with_capacity(total);
        out.extend(u32::try_from(total).expect("small frame").to_be_bytes());
        out.extend(u32::try_from(headers.len()).expect("small headers").to_be_bytes());
        out.extend(crc32fast::hash(&out[..8]).to_be_bytes());
        out.extend(headers);
        out.extend_from_slice(payload);
        out.extend(crc32fast::hash(&out).to_be_bytes());
        out
    }

    /// An `event` frame as Bedrock sends it.
    pub fn event(event_type: &str, payload: &str) -> Vec<u8> {
        frame(
            &[
                (":event-type", Value::String(event_type.into())),
                (":content-type", Value::String("application/json".into())),
                (":message-type", Value::String("event".into())),
            ],
            payload.as_bytes(),
        )
    }

    /// An `exception` frame as Bedrock sends it.
    pub fn exception(exception_type: &str, payload: &str) -> Vec<u8> {
        frame(
            &[
                (":exception-type", Value::String(exception_type.into())),
                (":content-type", Value::String("application/json".into())),
                (":message-type", Value::String("exception".into())),
            ],
            payload.as_bytes(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::encode::{frame, Value};
    use super::*;

    fn decode_in_chunks(bytes: &[u8], chunk: usize) -> (Vec<Message>, Result<(), FrameError>) {
        let mut decoder = FrameDecoder::default();
        let mut out = Vec::new();
        for piece in bytes.chunks(chunk.max(1)) {
            if let Err(err) = decoder.decode(Bytes::copy_from_slice(piece), &mut out) {
                return (out, Err(err));
            }
        }
        let end = decoder.finish();
        (out, end)
    }

    fn every_header_type() -> Vec<(&'static str, Value)> {
        vec![
            ("t", Value::Bool(true)),
            ("f", Value::Bool(false)),
            ("byte", Value::Byte(-7)),
            ("short", Value::Int16(-300)),
            ("int", Value::Int32(1 << 20)),
            ("long", Value::Int64(-(1 << 40))),
            ("bytes", Value::Bytes(vec![0, 255, 3])),
            ("string", Value::String("héllo".into())),
            ("time", Value::Timestamp(1_700_000_000_000)),
            ("uuid", Value::Uuid([9; 16])),
        ]
    }

    #[test]
    fn every_header_type_round_trips() {
        let headers = every_header_type();
        let (messages, end) = decode_in_chunks(&frame(&headers, b"{\"a\":1}"), 4096);
        assert_eq!(end, Ok(()));
        let [message] = &messages[..] else { panic!("{messages:?}") };
        let decoded: Vec<(&str, HeaderValue<'_>)> = message.headers().collect();
        let expected: Vec<(&str, HeaderValue<'_>)> = headers.iter().map(|(n, v)| (*n, v.borrowed())).collect();
        assert_eq!(decoded, expected);
        assert_eq!(message.payload(), b"{\"a\":1}");
        assert_eq!(message.string_header("string"), Some("héllo"));
        assert_eq!(message.string_header("int"), None, "not a string");
        assert_eq!(message.string_header("absent"), None);
    }

    #[test]
    fn empty_frames_and_payloads_decode() {
        let mut stream = frame(&[], b"");
        stream.extend(frame(&[("k", Value::String(String::new()))], b""));
        let (messages, end) = decode_in_chunks(&stream, 4096);
        assert_eq!(end, Ok(()));
        assert_eq!(messages.len(), 2);
        assert!(messages[0].payload().is_empty() && messages[0].headers().next().is_none());
        assert_eq!(messages[1].string_header("k"), Some(""));
    }

    #[test]
    fn a_split_at_every_byte_boundary_gives_the_same_messages() {
        let mut stream = Vec::new();
        for i in 0..5 {
            stream.extend(encode::event("contentBlockDelta", &format!("{{\"contentBlockIndex\":0,\"delta\":{{\"text\":\"{i}\"}}}}")));
        }
        stream.extend(frame(&every_header_type(), &[7u8; 300]));
        let (whole, end) = decode_in_chunks(&stream, stream.len());
        assert_eq!(end, Ok(()));
        assert_eq!(whole.len(), 6);
        for split in 1..stream.len() {
            let mut decoder = FrameDecoder::default();
            let mut out = Vec::new();
            decoder.decode(Bytes::copy_from_slice(&stream[..split]), &mut out).unwrap();
            decoder.decode(Bytes::copy_from_slice(&stream[split..]), &mut out).unwrap();
            assert_eq!(decoder.finish(), Ok(()));
            assert_eq!(out, whole, "split at {split}");
        }
        for chunk in [1, 2, 3, 5, 13, 64] {
            assert_eq!(decode_in_chunks(&stream, chunk), (whole.clone(), Ok(())), "chunks of {chunk}");
        }
    }

    #[test]
    fn a_corrupt_message_crc_is_an_error_after_the_good_frames() {
        let mut stream = encode::event("messageStart", "{}");
        let mut bad = encode::event("contentBlockStop", "{}");
        let last = bad.len() - 1;
        bad[last] ^= 1;
        stream.extend(bad);
        stream.extend(encode::event("messageStop", "{}"));
        for chunk in [1, 7, stream.len()] {
            let (messages, end) = decode_in_chunks(&stream, chunk);
            assert_eq!(messages.len(), 1, "chunks of {chunk}");
            assert!(matches!(end, Err(FrameError::MessageCrc { .. })), "{end:?}");
        }
    }

    #[test]
    fn a_corrupt_prelude_crc_is_an_error() {
        let mut stream = encode::event("messageStart", "{}");
        stream[11] ^= 1;
        let (messages, end) = decode_in_chunks(&stream, 5);
        assert!(messages.is_empty());
        assert!(matches!(end, Err(FrameError::PreludeCrc { .. })), "{end:?}");
    }

    /// A prelude with a valid checksum announcing `total` bytes and `headers` bytes of headers.
    fn prelude(total: u32, headers: u32) -> Vec<u8> {
        let mut out = total.to_be_bytes().to_vec();
        out.extend(headers.to_be_bytes());
        out.extend(crc32fast::hash(&out).to_be_bytes());
        out
    }

    #[test]
    fn an_oversized_prelude_fails_before_its_body_arrives() {
        let mut stream = encode::event("messageStart", "{}");
        stream.extend(prelude(0xFFFF_FFF0, 0));
        let mut decoder = FrameDecoder::default();
        let mut out = Vec::new();
        assert_eq!(decoder.decode(Bytes::from(stream), &mut out), Err(FrameError::TooLarge { announced: 0xFFFF_FFF0 }));
        assert_eq!(out.len(), 1);
        // Split inside the prelude too.
        let mut decoder = FrameDecoder::default();
        let oversized = prelude(MAX_FRAME_BYTES + 1, 0);
        assert_eq!(decoder.decode(Bytes::copy_from_slice(&oversized[..5]), &mut out), Ok(()));
        assert_eq!(decoder.decode(Bytes::copy_from_slice(&oversized[5..]), &mut out), Err(FrameError::TooLarge { announced: MAX_FRAME_BYTES + 1 }));
        let text = FrameError::TooLarge { announced: u32::MAX }.to_string();
        assert!(text.contains("4294967295") && text.contains(&MAX_FRAME_BYTES.to_string()), "{text}");
    }

    #[test]
    fn a_frame_at_the_limit_is_accepted() {
        let payload = vec![b'a'; MAX_FRAME_BYTES as usize - MIN_FRAME_BYTES];
        let stream = frame(&[], &payload);
        assert_eq!(stream.len(), MAX_FRAME_BYTES as usize);
        let (messages, end) = decode_in_chunks(&stream, 64 * 1024);
        assert_eq!(end, Ok(()));
        assert_eq!(messages[0].payload().len(), payload.len());
    }

    #[test]
    fn lengths_below_the_minimum_or_headers_past_the_frame_are_errors() {
        let (_, end) = decode_in_chunks(&prelude(15, 0), 100);
        assert_eq!(end, Err(FrameError::TooShort { announced: 15 }));
        let (_, end) = decode_in_chunks(&prelude(20, 5), 100);
        assert_eq!(end, Err(FrameError::HeadersTooLong { headers: 5, total: 20 }));
    }

    #[test]
    fn a_header_overrun_and_an_unknown_header_type_are_errors() {
        // A string header announcing 200 bytes inside a 10-byte headers section.
        let mut headers = vec![1, b'k', 7, 0, 200];
        headers.extend([b'x'; 5]);
        let mut stream = prelude(u32::try_from(MIN_FRAME_BYTES + headers.len()).unwrap(), 10);
        stream.extend(&headers);
        let crc = crc32fast::hash(&stream);
        stream.extend(crc.to_be_bytes());
        assert_eq!(decode_in_chunks(&stream, 100).1, Err(FrameError::HeaderOverrun));

        let mut stream = prelude(u32::try_from(MIN_FRAME_BYTES + 3).unwrap(), 3);
        stream.extend([1, b'k', 42]);
        let crc = crc32fast::hash(&stream);
        stream.extend(crc.to_be_bytes());
        assert_eq!(decode_in_chunks(&stream, 100).1, Err(FrameError::UnknownHeaderType(42)));
    }

    #[test]
    fn a_body_ending_inside_a_frame_is_truncated() {
        let stream = encode::event("messageStart", "{\"role\":\"assistant\"}");
        for cut in [1, 11, 12, stream.len() - 1] {
            let (messages, end) = decode_in_chunks(&stream[..cut], 4);
            assert!(messages.is_empty());
            assert_eq!(end, Err(FrameError::Truncated { buffered: cut }), "cut at {cut}");
        }
    }

    #[test]
    fn after_an_error_the_decoder_yields_nothing_more() {
        let mut decoder = FrameDecoder::default();
        let mut out = Vec::new();
        assert!(decoder.decode(Bytes::from(prelude(3, 0)), &mut out).is_err());
        assert_eq!(decoder.decode(Bytes::from(encode::event("messageStart", "{}")), &mut out), Ok(()));
        assert!(out.is_empty());
        assert_eq!(decoder.finish(), Ok(()));
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Random bytes, in random chunks, never panic: they decode or fail with a typed error.
            #[test]
            fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512), chunk in 1usize..64) {
                let _ = decode_in_chunks(&bytes, chunk);
            }

            /// A valid frame with random bytes flipped fails (or, if the flip is undone by
            /// chance, decodes) without a panic; the messages before it are kept.
            #[test]
            fn corrupted_frames_never_panic(
                payload in prop::collection::vec(any::<u8>(), 0..64),
                flips in prop::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 1..4),
                chunk in 1usize..32,
            ) {
                let mut stream = encode::event("messageStart", "{}");
                let first = stream.len();
                let mut bad = frame(&every_header_type(), &payload);
                for (index, mask) in flips {
                    let at = index.index(bad.len());
                    bad[at] ^= mask;
                }
                stream.extend(bad);
                let (messages, _) = decode_in_chunks(&stream, chunk);
                prop_assert!(!messages.is_empty() && messages[0].frame.len() == first);
            }
        }
    }
}

// Every byte source (images, documents, videos) is checked the same way before anything is sent,
// through the pi provider (a pi Context) and converseStream() (a raw Converse request): base64
// that is invalid or decodes to nothing, sources that are missing or ambiguous, S3 locations that
// are no s3://bucket/key URI, and sizes over Bedrock's limits. Valid media of each kind is sent.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { streamBedrock } from '../dist/index.js';
import { text } from '../fake-bedrock/index.mjs';
import {
  assertNativeRefusedBeforeSending,
  assertPiRefusedBeforeSending,
  piModel,
  runNative,
  runPi,
  trapUnhandledRejections,
  useIsolatedFake,
} from './helpers/robustness.mjs';

const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const TXT_BASE64 = Buffer.from('hello document').toString('base64');
const MP4_BASE64 = Buffer.from('not really a video').toString('base64');
/** Bedrock takes inline video up to 25 MB of base64 (`VideoSource`): 19,660,800 decoded bytes. */
const MAX_VIDEO_BYTES = 19_660_800;

const fake = useIsolatedFake(text('ok'));
const rejections = trapUnhandledRejections();

// ---------------------------------------------------------------------------------------------
// pi Contexts

const userWith = (...content) => ({ messages: [{ role: 'user', content: [{ type: 'text', text: 'look' }, ...content], timestamp: 1 }] });
const image = (source) => ({ type: 'image', mimeType: 'image/png', ...source });
const documentOf = (source) => ({ type: 'document', format: 'txt', ...source });
const videoOf = (source) => ({ type: 'video', format: 'mp4', ...source });

/** Contexts whose media cannot be sent, and what their error must say. */
const INVALID_CONTEXTS = [
  ['a document with invalid base64', userWith(documentOf({ data: 'not base64!!' })), /^messages\[0\]\.content\[1\]\.data: document data is not valid base64$/],
  ['a video with invalid base64', userWith(videoOf({ data: 'not base64!!' })), /^messages\[0\]\.content\[1\]\.data: video data is not valid base64$/],
  ['an image whose base64 decodes to nothing', userWith(image({ data: '=' })), /^messages\[0\]\.content\[1\]\.data: image data is empty \(its base64 decodes to no bytes\)$/],
  ['a document whose base64 decodes to nothing', userWith(documentOf({ data: '' })), /^messages\[0\]\.content\[1\]\.data: document data is empty \(its base64 decodes to no bytes\)$/],
  ['a video whose base64 decodes to nothing', userWith(videoOf({ data: '==' })), /^messages\[0\]\.content\[1\]\.data: video data is empty/],
  ['a document without a source', userWith(documentOf({})), /^messages\[0\]\.content\[1\]: a document needs exactly one of data, s3Uri, text$/],
  ['a document with two sources', userWith(documentOf({ data: TXT_BASE64, s3Uri: 's3://bucket/doc.txt' })), /^messages\[0\]\.content\[1\]: a document needs exactly one of data, s3Uri, text \(found data, s3Uri\)$/],
  ['a video without a source', userWith(videoOf({})), /^messages\[0\]\.content\[1\]: a video needs exactly one of data, s3Uri$/],
  ['a document from a local path', userWith(documentOf({ s3Uri: '/etc/passwd' })), /document\.source\.s3Location\.uri: "\/etc\/passwd" is not an s3:\/\/bucket\/key URI/],
  ['a video from an https URL', userWith(videoOf({ s3Uri: 'https://bucket.s3.amazonaws.com/v.mp4' })), /video\.source\.s3Location\.uri: "https:\/\/bucket\.s3\.amazonaws\.com\/v\.mp4" is not an s3:\/\/bucket\/key URI/],
  ['an S3 image without a key', userWith(image({ s3Uri: 's3://bucket' })), /image\.source\.s3Location\.uri: "s3:\/\/bucket" is not an s3:\/\/bucket\/key URI/],
  ['a bucket owner that is no account id', userWith(documentOf({ s3Uri: 's3://bucket/doc.txt', bucketOwner: 'someone' })), /s3Location\.bucketOwner: "someone" is not a 12-digit AWS account id/],
  ['a video over 25 MB of base64', userWith(videoOf({ data: Buffer.alloc(MAX_VIDEO_BYTES + 1).toString('base64') })), /video\.source\.bytes: video of 19660801 bytes is over Bedrock's limit of 19660800 bytes/],
];

describe('streamBedrock (pi Context): media', () => {
  for (const [name, context, pattern] of INVALID_CONTEXTS) {
    test(name, () => assertPiRefusedBeforeSending(fake, streamBedrock(piModel(fake.url), context, { maxAttempts: 1 }), pattern));
  }

  test('valid media of every kind and source is sent as given', async () => {
    const context = userWith(
      image({ data: PNG_BASE64 }),
      image({ s3Uri: 's3://my-bucket/images/cat.png', bucketOwner: '123456789012' }),
      documentOf({ data: TXT_BASE64 }),
      documentOf({ s3Uri: 's3://my.bucket-1/docs/a b.txt' }),
      documentOf({ text: 'inline text' }),
      videoOf({ data: MP4_BASE64 }),
      videoOf({ s3Uri: 's3://my-bucket/v.mp4' }),
    );
    // No cache point after the last block: the content sent is the media alone.
    const { terminal } = await runPi(streamBedrock(piModel(fake.url), context, { maxAttempts: 1, cacheRetention: 'none' }));
    assert.equal(terminal.type, 'done', terminal.error?.errorMessage);
    const [, ...blocks] = fake.requests[0].body.messages[0].content;
    assert.deepEqual(blocks, [
      { image: { format: 'png', source: { bytes: PNG_BASE64 } } },
      { image: { format: 'png', source: { s3Location: { uri: 's3://my-bucket/images/cat.png', bucketOwner: '123456789012' } } } },
      { document: { format: 'txt', name: 'document-1', source: { bytes: TXT_BASE64 } } },
      { document: { format: 'txt', name: 'document-2', source: { s3Location: { uri: 's3://my.bucket-1/docs/a b.txt' } } } },
      { document: { format: 'txt', name: 'document-3', source: { text: 'inline text' } } },
      { video: { format: 'mp4', source: { bytes: MP4_BASE64 } } },
      { video: { format: 'mp4', source: { s3Location: { uri: 's3://my-bucket/v.mp4' } } } },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Raw Converse requests

const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const withBlocks = (...blocks) => ({ modelId: MODEL, messages: [{ role: 'user', content: [{ text: 'look' }, ...blocks] }] });
const rawImage = (source) => ({ image: { format: 'png', ...(source && { source }) } });
const rawDocument = (source) => ({ document: { format: 'txt', name: 'doc', ...(source && { source }) } });
const rawVideo = (source) => ({ video: { format: 'mp4', ...(source && { source }) } });
const s3 = (uri, bucketOwner) => ({ s3Location: { uri, ...(bucketOwner && { bucketOwner }) } });

const INVALID_REQUESTS = [
  ['invalid base64 document bytes', withBlocks(rawDocument({ bytes: 'not base64!!' })), /content\[1\]\.document\.source\.bytes: not valid base64/],
  ['invalid base64 video bytes', withBlocks(rawVideo({ bytes: 'not base64!!' })), /content\[1\]\.video\.source\.bytes: not valid base64/],
  ['empty image bytes', withBlocks(rawImage({ bytes: '' })), /content\[1\]\.image\.source\.bytes: empty \(Bedrock needs at least one byte\)/],
  ['document bytes that are padding only', withBlocks(rawDocument({ bytes: '==' })), /content\[1\]\.document\.source\.bytes: not valid base64/],
  ['empty video bytes', withBlocks(rawVideo({ bytes: new Uint8Array(0) })), /content\[1\]\.video\.source\.bytes: empty \(Bedrock needs at least one byte\)/],
  ['a document without a source', withBlocks(rawDocument()), /content\[1\]\.document\.source: missing required field/],
  ['a video without a source', withBlocks(rawVideo()), /content\[1\]\.video\.source: missing required field/],
  ['an image without a source', withBlocks(rawImage()), /content\[1\]\.image\.source: missing required field/],
  ['a document URI that is a path', withBlocks(rawDocument(s3('/etc/passwd'))), /document\.source\.s3Location\.uri: "\/etc\/passwd" is not an s3:\/\/bucket\/key URI/],
  ['a video URI without a key', withBlocks(rawVideo(s3('s3://bucket/'))), /video\.source\.s3Location\.uri: "s3:\/\/bucket\/" is not an s3:\/\/bucket\/key URI/],
  ['an image URI with an invalid bucket name', withBlocks(rawImage(s3('s3://Upper_Case/key.png'))), /image\.source\.s3Location\.uri: "s3:\/\/Upper_Case\/key\.png" is not an s3:\/\/bucket\/key URI/],
  ['an S3 URI over 1024 characters', withBlocks(rawDocument(s3(`s3://bucket/${'k'.repeat(1020)}`))), /s3Location\.uri: longer than Bedrock's limit of 1024 characters/],
  ['a bucket owner that is no account id', withBlocks(rawVideo(s3('s3://bucket/v.mp4', '12345'))), /video\.source\.s3Location\.bucketOwner: "12345" is not a 12-digit AWS account id/],
  ['a tool-result document URI that is a path', withBlocks({ toolResult: { toolUseId: 't', content: [rawDocument(s3('file:///etc/passwd'))] } }), /toolResult\.content\[0\]\.document\.source\.s3Location\.uri: "file:\/\/\/etc\/passwd" is not an s3:\/\/bucket\/key URI/],
  ['video bytes over 25 MB of base64', withBlocks(rawVideo({ bytes: Buffer.alloc(MAX_VIDEO_BYTES + 1) })), /video of 19660801 bytes is over Bedrock's limit of 19660800 bytes/],
];

describe('converseStream() (raw request): media', () => {
  for (const [name, request, pattern] of INVALID_REQUESTS) {
    test(name, () => assertNativeRefusedBeforeSending(fake, request, pattern));
  }

  test('a video at the size limit and valid S3 sources are sent', async () => {
    const atLimit = Buffer.alloc(MAX_VIDEO_BYTES, 1);
    const request = withBlocks(rawVideo({ bytes: atLimit }), rawDocument(s3('s3://a.b-c/x/y.txt', '123456789012')), rawImage(s3('s3://abc/k')));
    const { error } = await runNative(request, { endpoint: fake.url, maxAttempts: 1 });
    assert.equal(error, undefined);
    const [, video, document, picture] = fake.requests[0].body.messages[0].content;
    assert.equal(Buffer.from(video.video.source.bytes, 'base64').length, MAX_VIDEO_BYTES);
    assert.deepEqual(document.document.source, s3('s3://a.b-c/x/y.txt', '123456789012'));
    assert.deepEqual(picture.image.source, s3('s3://abc/k'));
  });
});

test('no unhandled rejection', () => {
  assert.deepEqual(rejections, []);
});

// Citations on the pi path: a document's `citations` switch reaches the Converse request, and
// the citation deltas Bedrock streams for a cited answer reach the pi message: each text block
// keeps its plain text and carries the citations of its span in `citations` (the API's
// CitationsDelta shape), through streamBedrock, pi-ai 0.73's complete() and @earendil-works/pi-ai.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import * as earendil from '@earendil-works/pi-ai/compat';
import { bedrockProviderModule, streamBedrock } from '../dist/index.js';
import * as scenarios from '../fake-bedrock/scenarios.mjs';
import { context, fakeModel, lastRequestBody, piAi, startFakeAws, userMessage } from './helpers/pi-ai.mjs';
import { runPi } from './helpers/robustness.mjs';

const SKY = {
  title: 'document-1',
  sourceContent: [{ text: 'Rayleigh scattering makes the sky look blue.' }],
  location: { documentChar: { documentIndex: 0, start: 0, end: 44 } },
};
const SUNSET = {
  title: 'document-1',
  source: 'weather.txt',
  sourceContent: [{ text: 'At sunset the light crosses more air' }, { text: ' and turns red.' }],
  location: { documentPage: { documentIndex: 0, start: 2, end: 3 } },
};
const CITED_ANSWER = [
  { text: 'Here is what the document says: ' },
  { text: 'The sky is blue.', citations: [SKY] },
  { text: ' Sunsets are red.', citations: [SUNSET, SKY] },
];
const EXPECTED_CONTENT = [
  { type: 'text', text: 'Here is what the document says: ' },
  { type: 'text', text: 'The sky is blue.', citations: [SKY] },
  { type: 'text', text: ' Sunsets are red.', citations: [SUNSET, SKY] },
];

const citedDocument = (citations) => ({ type: 'document', format: 'txt', text: 'Rayleigh scattering makes the sky look blue.', ...(citations !== undefined && { citations }) });
const askAbout = (...documents) => context([userMessage([{ type: 'text', text: 'Why is the sky blue?' }, ...documents])]);

let fake;
before(async () => {
  fake = await startFakeAws();
});
after(() => fake.close());
beforeEach(() => fake.reset());

describe('the citations switch of a document', () => {
  test('reaches the request through streamBedrock', async () => {
    const { terminal } = await runPi(streamBedrock(fakeModel(fake), askAbout(citedDocument({ enabled: true })), { maxAttempts: 1 }));
    assert.equal(terminal.type, 'done', terminal.error?.errorMessage);
    assert.deepEqual(lastRequestBody(fake).messages[0].content[1], {
      document: { format: 'txt', name: 'document-1', source: { text: 'Rayleigh scattering makes the sky look blue.' }, citations: { enabled: true } },
    });
  });

  test('is left out when the document does not set it', async () => {
    await runPi(streamBedrock(fakeModel(fake), askAbout(citedDocument()), { maxAttempts: 1 }));
    assert.equal('citations' in lastRequestBody(fake).messages[0].content[1].document, false);
  });

  test('a switch that is not { enabled: boolean } fails before sending, naming its place', async () => {
    const { terminal } = await runPi(streamBedrock(fakeModel(fake), askAbout(citedDocument('yes')), { maxAttempts: 1 }));
    assert.equal(terminal.type, 'error');
    assert.match(terminal.error.errorMessage, /document\.citations: expected an object, found a string/);
    assert.equal(fake.requests.length, 0, 'nothing sent');
  });
});

describe('citation deltas', () => {
  test('travel with their text block through streamBedrock; the text stays plain', async () => {
    fake.respondWith(scenarios.citedText(CITED_ANSWER));
    const { events, terminal } = await runPi(streamBedrock(fakeModel(fake), askAbout(citedDocument({ enabled: true })), { maxAttempts: 1 }));
    assert.equal(terminal.type, 'done', terminal.error?.errorMessage);
    assert.deepEqual(terminal.message.content, EXPECTED_CONTENT);
    // A consumer reading the stream sees a block's citations by the time the block ends.
    const ends = events.filter((event) => event.type === 'text_end');
    assert.deepEqual(ends.map((event) => event.content), CITED_ANSWER.map((block) => block.text));
    assert.deepEqual(
      ends.map((event) => structuredClone(event.partial.content[event.contentIndex].citations)),
      [undefined, [SKY], [SUNSET, SKY]],
    );
    // Citations are no text: no text_delta carries them.
    assert.equal(events.filter((event) => event.type === 'text_delta').map((event) => event.delta).join(''), CITED_ANSWER.map((block) => block.text).join(''));
  });

  test('a citation opening its block before any text gives a text block with empty text', async () => {
    fake.respondWith({ steps: [scenarios.events.messageStart(), scenarios.events.citationDelta(0, SKY), scenarios.events.textDelta(0, 'Blue.'), scenarios.events.contentBlockStop(0), scenarios.events.messageStop('end_turn'), scenarios.events.metadata()] });
    const { terminal } = await runPi(streamBedrock(fakeModel(fake), askAbout(citedDocument({ enabled: true })), { maxAttempts: 1 }));
    assert.deepEqual(terminal.message.content, [{ type: 'text', text: 'Blue.', citations: [SKY] }]);
  });

  test('reach the final message of pi-ai 0.73 complete()', async () => {
    piAi.setBedrockProviderModule(bedrockProviderModule);
    fake.respondWith(scenarios.citedText(CITED_ANSWER));
    const message = await piAi.complete(fakeModel(fake), askAbout(citedDocument({ enabled: true })));
    assert.equal(message.stopReason, 'stop', message.errorMessage);
    assert.deepEqual(message.content, EXPECTED_CONTENT);
  });

  test('reach the final message of @earendil-works/pi-ai', async () => {
    earendil.setBedrockProviderModule(bedrockProviderModule);
    fake.respondWith(scenarios.citedText(CITED_ANSWER));
    const model = { ...earendil.getModel('amazon-bedrock', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'), baseUrl: fake.url };
    const message = await earendil.complete(model, askAbout(citedDocument({ enabled: true })));
    assert.equal(message.stopReason, 'stop', message.errorMessage);
    assert.deepEqual(message.content, EXPECTED_CONTENT);
    assert.deepEqual(lastRequestBody(fake).messages[0].content[1].document.citations, { enabled: true });
  });

  test('are not sent back: a cited answer in the history is replayed as plain text', async () => {
    fake.respondWith(scenarios.citedText(CITED_ANSWER));
    const first = askAbout(citedDocument({ enabled: true }));
    const { terminal } = await runPi(streamBedrock(fakeModel(fake), first, { maxAttempts: 1 }));
    fake.respondWith(scenarios.text('ok'));
    const second = { ...first, messages: [...first.messages, terminal.message, userMessage('Thanks')] };
    await runPi(streamBedrock(fakeModel(fake), second, { maxAttempts: 1 }));
    assert.deepEqual(lastRequestBody(fake).messages[1], { role: 'assistant', content: CITED_ANSWER.map((block) => ({ text: block.text })) });
  });
});

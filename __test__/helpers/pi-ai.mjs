// Shared plumbing of the pi-ai parity/compare tests: fake AWS environment, models pointed at
// the fake server, switching pi-ai between its own Bedrock provider and ours, event capture.
import * as piAi from '@mariozechner/pi-ai';
import { bedrockProviderModule as piOwnBedrockModule } from '@mariozechner/pi-ai/bedrock-provider';
import { bedrockProviderModule } from '../../dist/index.js';
import { startFakeBedrock } from '../../fake-bedrock/server.mjs';
import { isolateAwsEnvironment } from './aws-env.mjs';

export { piAi };

export const SONNET_4_5 = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
export const OPUS_4_6 = 'us.anthropic.claude-opus-4-6-v1';
export const NOVA_PRO = 'amazon.nova-pro-v1:0';

/** A 1×1 PNG. */
export const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

export const weatherTool = {
  name: 'get_weather',
  description: 'Current weather of a city',
  parameters: piAi.Type.Object({ city: piAi.Type.String() }),
};

/** Starts the fake server with the process environment of a key-pair user in us-east-1. */
export async function startFakeAws() {
  isolateAwsEnvironment();
  // pi-ai's own provider speaks HTTP/2 to the AWS SDK's default handler; the fake is HTTP/1.1.
  process.env.AWS_BEDROCK_FORCE_HTTP1 = '1';
  return startFakeBedrock();
}

export function useNativeProvider() {
  piAi.setBedrockProviderModule(bedrockProviderModule);
}

export function usePiOwnProvider() {
  piAi.setBedrockProviderModule(piOwnBedrockModule);
}

/** A catalog model whose requests go to the fake server (a non-standard host is always the endpoint). */
export function fakeModel(fake, id = SONNET_4_5, overrides = {}) {
  const model = piAi.getModel('amazon-bedrock', id);
  if (!model) throw new Error(`no pi-ai catalog model ${id}`);
  return { ...model, baseUrl: fake.url, ...overrides };
}

export function userMessage(content) {
  return { role: 'user', content, timestamp: Date.now() };
}

export function context(messages, extra = {}) {
  return { systemPrompt: 'You are a test assistant.', messages, ...extra };
}

/**
 * Drains a pi stream. `seen` records, per event, what a consumer reading it right away sees:
 * the event without `partial`, and the tool-call arguments of the block it names.
 */
export async function collect(stream) {
  const events = [];
  const partials = new Set();
  const argumentsSeen = [];
  for await (const event of stream) {
    if (event.partial) partials.add(event.partial);
    if (event.type === 'toolcall_delta') argumentsSeen.push(event.partial.content[event.contentIndex].arguments);
    events.push(event);
  }
  return { events, partials, argumentsSeen, message: await stream.result() };
}

/** An event as plain data without the shared `partial` or the message timestamp. */
export function describeEvent(event) {
  const { partial: _partial, ...rest } = event;
  const plain = structuredClone(rest);
  if (plain.message) delete plain.message.timestamp;
  if (plain.error) delete plain.error.timestamp;
  return plain;
}

export function withoutTimestamp(message) {
  const { timestamp: _timestamp, ...rest } = structuredClone(message);
  return rest;
}

/** The parsed JSON body of the last ConverseStream request the fake received. */
export function lastRequestBody(fake) {
  const requests = fake.requests.filter((request) => request.operation === 'converseStream');
  return requests[requests.length - 1]?.body;
}

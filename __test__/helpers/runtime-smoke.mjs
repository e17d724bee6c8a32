// The smoke a runtime (Node 20/22/24/26, Bun) or a fresh install must pass: the demo (the CLI
// against its bundled fake Bedrock), one converseStream() call, one pi-ai stream through our
// provider, and one model discovery, the last three against the fake Bedrock at SMOKE_ENDPOINT.
// It imports only the package and pi-ai by name, so it runs from the repository (the package
// refers to itself) and copied into a project that installed the package. Prints one JSON line
// per step; exits 1 at the first failure. Credentials come from the starting environment (Bun's
// process.env writes do not reach the addon yet, so nothing here sets them from JavaScript).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const endpoint = process.env.SMOKE_ENDPOINT;
const MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const PROMPT = 'Say hi';

const steps = { demo, converseStream, piAiStream, discovery };

for (const [name, step] of Object.entries(steps)) {
  const started = performance.now();
  try {
    const detail = await step();
    console.log(JSON.stringify({ step: name, ok: true, ms: Math.round(performance.now() - started), detail }));
  } catch (error) {
    console.log(JSON.stringify({ step: name, ok: false, error: error?.stack ?? String(error) }));
    process.exit(1);
  }
}

async function demo() {
  const manifestPath = fileURLToPath(import.meta.resolve('bedrock-native/package.json'));
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const cli = join(dirname(manifestPath), manifest.bin['bedrock-native']);
  const result = spawnSync(process.execPath, [cli, 'demo', PROMPT], { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`demo exited ${result.status ?? result.signal}: ${result.stderr}`);
  if (!result.stdout.includes(`You said: "${PROMPT}"`)) throw new Error(`demo did not chat: ${result.stdout}`);
  return 'models list, doctor, chat';
}

async function converseStream() {
  const { converseStream } = await import('bedrock-native');
  const request = { modelId: MODEL, messages: [{ role: 'user', content: [{ text: PROMPT }] }] };
  let text = '';
  let stopReason;
  for await (const event of converseStream(request, { endpoint, region: 'us-east-1' })) {
    if (event.type === 'contentBlockDelta' && event.delta.text) text += event.delta.text;
    if (event.type === 'messageStop') stopReason = event.stopReason;
  }
  if (!text.includes(PROMPT) || stopReason !== 'end_turn') throw new Error(`unexpected answer ${JSON.stringify({ text, stopReason })}`);
  return text;
}

async function piAiStream() {
  const piAi = await import('@mariozechner/pi-ai');
  const { registerBedrockNative } = await import('bedrock-native');
  registerBedrockNative(piAi);
  const model = { ...piAi.getModel('amazon-bedrock', MODEL), baseUrl: endpoint };
  const context = { messages: [{ role: 'user', content: PROMPT, timestamp: Date.now() }] };
  const message = await piAi.complete(model, context, { region: 'us-east-1' });
  const text = message.content.filter((block) => block.type === 'text').map((block) => block.text).join('');
  if (message.stopReason !== 'stop' || !text.includes(PROMPT)) throw new Error(`unexpected message ${JSON.stringify(message)}`);
  return text;
}

async function discovery() {
  const { discoverModels } = await import('bedrock-native');
  const models = await discoverModels({ region: 'us-east-1', endpoint, refreshInterval: 0 });
  if (!Array.isArray(models) || models.length === 0) throw new Error(`no models discovered: ${JSON.stringify(models)}`);
  return `${models.length} models`;
}

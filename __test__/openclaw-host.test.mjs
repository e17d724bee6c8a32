// The real OpenClaw 2026.9.6 with the package installed as its Amazon Bedrock plugin, the way a user
// does it (`openclaw plugins install` of the packed tarball), against the fake Bedrock: discovery
// in `models list`, agent turns with discovered-only models, tool round trips with signed
// reasoning, bearer tokens, an EC2 instance role as the only credentials, and a listing call
// denied. Nothing may leave the machine (see helpers/openclaw-host.mjs). Slow (each OpenClaw
// command takes seconds, an agent turn tens of seconds): run once in CI.
import assert from 'node:assert/strict';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ECS_KEY_PAIR, IMDS_KEY_PAIR } from '../fake-bedrock/imds.mjs';
import { events, httpError } from '../fake-bedrock/scenarios.mjs';
import { TEST_BEARER_TOKEN } from '../fake-bedrock/server.mjs';
import { DEFAULT_IDS, ON_DEMAND_IDS } from './helpers/discovery-expectations.mjs';
import { packPlugin, startOpenClawHost } from './helpers/openclaw-host.mjs';

const PROVIDER = 'amazon-bedrock';
const HAIKU_PROFILE = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const FOOTPRINT_LIMIT_BYTES = 25 * 1024 * 1024;
const UNFINISHED_UPGRADE = /upgrade is unfinished/;

/** A host with the plugin installed from the packed tarball; every command's output is kept. */
async function hostWithPlugin(options) {
  const host = await startOpenClawHost(options);
  const outputs = [];
  const run = host.run;
  host.run = async (...args) => {
    const result = await run(...args);
    outputs.push(`${result.stdout}\n${result.stderr}`);
    return result;
  };
  host.outputs = outputs;
  host.tarball = packPlugin();
  host.install = await host.run(['plugins', 'install', `npm-pack:${host.tarball}`, '--force', '--accept-capabilities']);
  return host;
}

function assertSucceeded(result, what) {
  assert.equal(result.code, 0, `${what} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
}

function addConfig(host, extra) {
  const config = host.readConfig();
  host.writeConfig({ ...config, ...extra, agents: { ...config.agents, ...extra.agents } });
}

async function listedIds(host) {
  const result = await host.run(['models', 'list', '--provider', PROVIDER, '--refresh', '--json']);
  assertSucceeded(result, 'models list');
  return { result, ids: JSON.parse(result.stdout).models.map((model) => model.key.replace(`${PROVIDER}/`, '')) };
}

function agentTurn(host, message, { model = HAIKU_PROFILE, sessionId = `s${Date.now()}`, extraArgs = [] } = {}) {
  return host.run(['agent', '--local', '--model', `${PROVIDER}/${model}`, '--session-id', sessionId, '-m', message, ...extraArgs]);
}

const converseRequests = (fake) => fake.requests.filter((request) => request.path.endsWith('/converse-stream'));

/** A plain agent turn that must get the fake's echo; the Converse request it sent. */
async function sayHello(host) {
  host.fake.reset();
  const result = await agentTurn(host, 'Say hello');
  assertSucceeded(result, 'agent');
  assert.match(result.stdout, /Hello from the fake Bedrock server!/);
  return converseRequests(host.fake)[0];
}

function sizeOnDisk(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.size;
  return readdirSync(path).reduce((total, name) => total + sizeOnDisk(join(path, name)), 0);
}

function assertStayedHome(host) {
  assert.deepEqual(host.networkAttempts(), [], 'OpenClaw tried to reach the network');
  for (const output of host.outputs) assert.doesNotMatch(output, UNFINISHED_UPGRADE);
}

describe('OpenClaw 2026.9.6 with the plugin, AWS keys in the environment', () => {
  let host;
  before(async () => {
    host = await hostWithPlugin({ credentials: 'keys' });
  });
  after(() => host?.close());

  it('installs with one command; the installed plugin has no pi-ai, no AWS JS SDK, and fits in 25 MB', () => {
    assertSucceeded(host.install, 'plugins install');
    assert.match(host.install.stdout, /Installed plugin: amazon-bedrock/);
    const project = join(host.dirs.state, 'npm', 'projects', 'bedrock-native');
    const modules = readdirSync(join(project, 'node_modules'));
    assert.deepEqual(modules.filter((name) => name.startsWith('@mariozechner') || name.startsWith('@aws-sdk') || name.startsWith('@earendil-works')), []);
    const bytes = sizeOnDisk(project);
    assert.ok(bytes <= FOOTPRINT_LIMIT_BYTES, `installed footprint ${(bytes / 1048576).toFixed(1)} MB`);
  });

  it('models list shows exactly the seed\'s deduplicated list for the fake\'s catalogue', async () => {
    const { ids } = await listedIds(host);
    // OpenClaw orders its list by key.
    assert.deepEqual(ids.toSorted(), DEFAULT_IDS.toSorted());
  });

  it('AccessDenied on ListInferenceProfiles still lists the foundation models and says why', async () => {
    const denied = httpError(403, 'AccessDeniedException', 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: bedrock:ListInferenceProfiles');
    host.fake.failControlPlane('/inference-profiles', denied, { times: 100 });
    try {
      const { result, ids } = await listedIds(host);
      assert.deepEqual(ids.toSorted(), ON_DEMAND_IDS.toSorted());
      assert.match(result.stderr, /ListInferenceProfiles: AccessDeniedException: .*not authorized.*\(missing permission bedrock:ListInferenceProfiles\)/);
    } finally {
      host.fake.reset();
    }
  });

  it('agent --local answers with a model known only from discovery', async () => {
    const request = await sayHello(host);
    assert.equal(decodeURIComponent(request.path), `/model/${HAIKU_PROFILE}/converse-stream`);
    assert.match(request.headers.authorization, /^AWS4-HMAC-SHA256 Credential=AKIDFAKEBEDROCK0001\//);
  });

  it('a tool round trip replays the signed reasoning with the tool call', async () => {
    host.fake.reset();
    const notes = join(host.dirs.work, 'notes.txt');
    writeFileSync(notes, 'The meeting is at noon.\n');
    const signature = 'SIGNED-REASONING-0001==';
    host.fake.enqueue(
      {
        steps: [
          events.messageStart(),
          events.reasoningTextDelta(0, 'I should read the notes.'),
          events.reasoningSignatureDelta(0, signature),
          events.contentBlockStop(0),
          events.toolUseStart(1, 'tooluse_notes_01', 'read'),
          events.toolUseDelta(1, JSON.stringify({ path: notes })),
          events.contentBlockStop(1),
          events.messageStop('tool_use'),
          events.metadata(),
        ],
      },
      { steps: [events.messageStart(), events.textDelta(0, 'The meeting is at noon.'), events.contentBlockStop(0), events.messageStop('end_turn'), events.metadata()] },
    );
    const result = await agentTurn(host, 'When is the meeting?', { extraArgs: ['--thinking', 'low'] });
    assertSucceeded(result, 'agent');
    assert.match(result.stdout, /The meeting is at noon\./);
    const [first, second] = converseRequests(host.fake);
    assert.ok(first.body.additionalModelRequestFields?.thinking, 'thinking requested');
    const assistant = second.body.messages.find((message) => message.role === 'assistant');
    assert.deepEqual(assistant.content[0], { reasoningContent: { reasoningText: { text: 'I should read the notes.', signature } } });
    const { toolUse } = assistant.content[1];
    assert.equal(toolUse.name, 'read');
    const toolResult = second.body.messages.at(-1).content.find((block) => block.toolResult)?.toolResult;
    assert.equal(toolResult.toolUseId, toolUse.toolUseId);
    assert.match(JSON.stringify(toolResult.content), /The meeting is at noon\./);
  });

  it('no network attempt left the machine, and no run warned about an unfinished upgrade', () => {
    assertStayedHome(host);
  });
});

describe('OpenClaw 2026.9.6 with the plugin, a Bedrock API key only', () => {
  let host;
  before(async () => {
    host = await hostWithPlugin({ credentials: 'bearer' });
  });
  after(() => host?.close());

  it('an agent turn authenticates with the bearer token', async () => {
    assertSucceeded(host.install, 'plugins install');
    const request = await sayHello(host);
    assert.equal(request.headers.authorization, `Bearer ${TEST_BEARER_TOKEN}`);
    assertStayedHome(host);
  });
});

describe('OpenClaw 2026.9.6 with the plugin, an EC2 instance role as the only credentials', () => {
  let host;
  before(async () => {
    host = await hostWithPlugin({ credentials: 'imds' });
    // The seed's EC2 setup, minus its AWS_PROFILE=default workaround: a default model, no AWS variable.
    addConfig(host, { agents: { defaults: { model: { primary: `${PROVIDER}/${HAIKU_PROFILE}` } } } });
  });
  after(() => host?.close());

  it('discovers the full list with the instance role', async () => {
    assertSucceeded(host.install, 'plugins install');
    assert.equal(host.env.AWS_PROFILE, undefined);
    const { ids } = await listedIds(host);
    assert.deepEqual(ids.toSorted(), DEFAULT_IDS.toSorted());
    assert.ok(host.imds.requests.some((request) => request.path.startsWith('/latest/meta-data/iam/security-credentials/')));
  });

  it('answers, signing with the instance role\'s keys', async () => {
    const request = await sayHello(host);
    assert.match(request.headers.authorization, new RegExp(`Credential=${IMDS_KEY_PAIR.accessKeyId}/`));
    assertStayedHome(host);
  });
});

describe('OpenClaw 2026.9.6 with the plugin, container credentials as the only credentials', () => {
  let host;
  before(async () => {
    host = await hostWithPlugin({ credentials: 'container' });
  });
  after(() => host?.close());

  it('discovers with no model named in the config and no AWS_PROFILE', async () => {
    assertSucceeded(host.install, 'plugins install');
    assert.equal(host.readConfig().agents, undefined);
    const { ids } = await listedIds(host);
    assert.deepEqual(ids.toSorted(), DEFAULT_IDS.toSorted());
    const listing = host.fake.requests.find((request) => request.path === '/foundation-models');
    assert.match(listing.headers.authorization, new RegExp(`Credential=${ECS_KEY_PAIR.accessKeyId}/`));
    assertStayedHome(host);
  });
});

// With this config in place *before* the install, OpenClaw 2026.9.6's install preflight first tries
// to fetch its unpublished official plugin for the configured id and the install fails (recording
// the "upgrade is unfinished" warning): install first, then configure (README).
describe('OpenClaw 2026.9.6 with the plugin, then the seed\'s config', () => {
  const MISTRAL_LARGE = 'mistral.mistral-large-2402-v1:0';
  const handWritten = (id, name) => ({ id, name, reasoning: false, input: ['text'], cost: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, contextWindow: 32000, maxTokens: 4096 });
  let host;
  before(async () => {
    host = await hostWithPlugin({ credentials: 'keys' });
    const config = host.readConfig();
    const entries = config.plugins?.entries ?? {};
    host.writeConfig({
      ...config,
      // OpenClaw 2026.9.6's schema rejects models.bedrockDiscovery ("Unrecognized key"): the plugin's place only.
      models: {
        providers: {
          [PROVIDER]: {
            baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com',
            api: 'bedrock-converse-stream',
            auth: 'aws-sdk',
            models: [handWritten(MISTRAL_LARGE, 'My Mistral'), handWritten('custom.model-v1:0', 'Custom')],
          },
        },
      },
      plugins: { ...config.plugins, entries: { ...entries, [PROVIDER]: { ...entries[PROVIDER], config: { discovery: { providerFilter: ['mistral'] } } } } },
    });
  });
  after(() => host?.close());

  it('models list merges the hand-written models with the plugin-filtered discovery by id', async () => {
    assertSucceeded(host.install, 'plugins install');
    const result = await host.run(['models', 'list', '--provider', PROVIDER, '--refresh', '--json']);
    assertSucceeded(result, 'models list');
    const models = JSON.parse(result.stdout).models;
    const byId = new Map(models.map((model) => [model.key.replace(`${PROVIDER}/`, ''), model]));
    assert.deepEqual([...byId.keys()].toSorted(), ['custom.model-v1:0', MISTRAL_LARGE, 'us.mistral.pixtral-large-2502-v1:0']);
    assert.equal(byId.get(MISTRAL_LARGE).name, 'My Mistral');
    assertStayedHome(host);
  });
});

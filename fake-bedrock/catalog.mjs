// A realistic control-plane catalogue for the fake Bedrock: the real API's JSON shapes for
// FoundationModelSummary (ListFoundationModels) and InferenceProfileSummary
// (ListInferenceProfiles), with every case discovery must handle:
//   - on-demand-only models and models that also have cross-region profiles;
//   - profile-only models (inferenceTypesSupported ["INFERENCE_PROFILE"]), which fail when
//     called by their bare id ("on-demand throughput isn't supported");
//   - provisioned-only variants (`…:200k`), embedding and image models, a text model that does
//     not stream, LEGACY models, and profiles over such models or over models not listed at all;
//   - provider display names that differ from the id's vendor ("Mistral AI", "AI21 Labs");
//   - `us.`, `eu.`, `apac.`, `jp.` and `global.` system profiles, more than fit one page, whose
//     `models` name the base model in several regions; and application profiles, listed by ARN.
// Use it with `startFakeBedrock({ catalog: REALISTIC_CATALOG })`.

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';

const REGIONS_BY_GEO = {
  us: ['us-east-1', 'us-east-2', 'us-west-2'],
  eu: ['eu-central-1', 'eu-west-1', 'eu-west-3'],
  apac: ['ap-northeast-1', 'ap-southeast-1', 'ap-southeast-2'],
  jp: ['ap-northeast-1', 'ap-northeast-3'],
  // Global profiles list their base model without a region.
  global: [''],
};

const GEO_NAMES = { us: 'US', eu: 'EU', apac: 'APAC', jp: 'JP', global: 'Global' };

const foundationModelArn = (modelId, region = REGION) => `arn:aws:bedrock:${region}::foundation-model/${modelId}`;

function foundationModel(modelId, modelName, providerName, { input = ['TEXT'], output = ['TEXT'], streaming, inference = ['ON_DEMAND'], lifecycle = 'ACTIVE', customizations = [] } = {}) {
  return {
    modelArn: foundationModelArn(modelId),
    modelId,
    modelName,
    providerName,
    inputModalities: input,
    outputModalities: output,
    responseStreamingSupported: streaming ?? output.includes('TEXT'),
    customizationsSupported: customizations,
    inferenceTypesSupported: inference,
    modelLifecycle: { status: lifecycle },
  };
}

const TIMESTAMPS = { createdAt: '2025-06-01T00:00:00Z', updatedAt: '2025-09-29T00:00:00Z' };

function systemProfile(geo, modelId, modelName) {
  const profileId = `${geo}.${modelId}`;
  return {
    inferenceProfileName: `${GEO_NAMES[geo]} ${modelName}`,
    description: `Routes requests to ${modelName} in ${GEO_NAMES[geo]} regions.`,
    ...TIMESTAMPS,
    inferenceProfileArn: `arn:aws:bedrock:${REGION}:${ACCOUNT}:inference-profile/${profileId}`,
    models: REGIONS_BY_GEO[geo].map((region) => ({ modelArn: foundationModelArn(modelId, region) })),
    inferenceProfileId: profileId,
    status: 'ACTIVE',
    type: 'SYSTEM_DEFINED',
  };
}

function applicationProfile(profileId, name, modelArns) {
  return {
    inferenceProfileName: name,
    description: `Application inference profile "${name}".`,
    ...TIMESTAMPS,
    inferenceProfileArn: applicationProfileArn(profileId),
    models: modelArns.map((modelArn) => ({ modelArn })),
    inferenceProfileId: profileId,
    status: 'ACTIVE',
    type: 'APPLICATION',
  };
}

export const MODEL_IDS = Object.freeze({
  claude3Haiku: 'anthropic.claude-3-haiku-20240307-v1:0',
  claude35Sonnet: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
  claude37Sonnet: 'anthropic.claude-3-7-sonnet-20250219-v1:0',
  claudeSonnet45: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
  claudeOpus46: 'anthropic.claude-opus-4-6-v1',
  claudeHaiku45: 'anthropic.claude-haiku-4-5-20251001-v1:0',
  claudeV2: 'anthropic.claude-v2:1',
  novaLite: 'amazon.nova-lite-v1:0',
  novaMicro: 'amazon.nova-micro-v1:0',
  nova2Lite: 'amazon.nova-2-lite-v1:0',
  titanExpress: 'amazon.titan-text-express-v1',
  commandR: 'cohere.command-r-v1:0',
  mistralLarge: 'mistral.mistral-large-2402-v1:0',
  pixtralLarge: 'mistral.pixtral-large-2502-v1:0',
  llama33: 'meta.llama3-3-70b-instruct-v1:0',
  llama3_8b: 'meta.llama3-8b-instruct-v1:0',
  deepseekR1: 'deepseek.r1-v1:0',
  gptOss120b: 'openai.gpt-oss-120b-1:0',
  jambaMini: 'ai21.jamba-1-5-mini-v1:0',
  qwen32b: 'qwen.qwen3-32b-v1:0',
});

const M = MODEL_IDS;
const PROFILE_ONLY = ['INFERENCE_PROFILE'];
const BOTH = ['ON_DEMAND', 'INFERENCE_PROFILE'];
const TEXT_IMAGE = ['TEXT', 'IMAGE'];

const foundationModels = [
  foundationModel(M.claude3Haiku, 'Claude 3 Haiku', 'Anthropic', { input: TEXT_IMAGE, inference: BOTH, customizations: ['FINE_TUNING'] }),
  foundationModel(`${M.claude3Haiku}:200k`, 'Claude 3 Haiku', 'Anthropic', { input: TEXT_IMAGE, inference: ['PROVISIONED'] }),
  foundationModel(M.claude35Sonnet, 'Claude 3.5 Sonnet', 'Anthropic', { input: TEXT_IMAGE, inference: BOTH, lifecycle: 'LEGACY' }),
  foundationModel(M.claude37Sonnet, 'Claude 3.7 Sonnet', 'Anthropic', { input: TEXT_IMAGE, inference: PROFILE_ONLY }),
  foundationModel(M.claudeSonnet45, 'Claude Sonnet 4.5', 'Anthropic', { input: TEXT_IMAGE, inference: PROFILE_ONLY }),
  foundationModel(M.claudeOpus46, 'Claude Opus 4.6', 'Anthropic', { input: TEXT_IMAGE, inference: PROFILE_ONLY }),
  foundationModel(M.claudeHaiku45, 'Claude Haiku 4.5', 'Anthropic', { input: TEXT_IMAGE, inference: PROFILE_ONLY }),
  foundationModel(M.claudeV2, 'Claude', 'Anthropic', { lifecycle: 'LEGACY' }),
  foundationModel(M.novaLite, 'Nova Lite', 'Amazon', { input: ['TEXT', 'IMAGE', 'VIDEO'], inference: BOTH }),
  foundationModel(M.novaMicro, 'Nova Micro', 'Amazon', { inference: BOTH }),
  foundationModel(M.nova2Lite, 'Nova 2 Lite', 'Amazon', { input: ['TEXT', 'IMAGE', 'VIDEO'], inference: PROFILE_ONLY }),
  foundationModel(M.titanExpress, 'Titan Text G1 - Express', 'Amazon'),
  foundationModel('amazon.titan-embed-text-v2:0', 'Titan Text Embeddings V2', 'Amazon', { output: ['EMBEDDING'] }),
  foundationModel('amazon.titan-image-generator-v2:0', 'Titan Image Generator G1 v2', 'Amazon', { input: TEXT_IMAGE, output: ['IMAGE'] }),
  foundationModel(M.commandR, 'Command R', 'Cohere'),
  foundationModel('cohere.embed-english-v3', 'Embed English', 'Cohere', { output: ['EMBEDDING'] }),
  foundationModel(M.mistralLarge, 'Mistral Large (24.02)', 'Mistral AI'),
  foundationModel(M.pixtralLarge, 'Pixtral Large (25.02)', 'Mistral AI', { input: TEXT_IMAGE, inference: PROFILE_ONLY }),
  foundationModel(M.llama33, 'Llama 3.3 70B Instruct', 'Meta', { inference: PROFILE_ONLY }),
  foundationModel(M.llama3_8b, 'Llama 3 8B Instruct', 'Meta'),
  foundationModel(M.deepseekR1, 'DeepSeek-R1', 'DeepSeek', { inference: PROFILE_ONLY }),
  foundationModel(M.gptOss120b, 'gpt-oss-120b', 'OpenAI'),
  foundationModel(M.jambaMini, 'Jamba 1.5 Mini', 'AI21 Labs'),
  foundationModel('ai21.j2-ultra-v1', 'Jurassic-2 Ultra', 'AI21 Labs', { streaming: false }),
  foundationModel(M.qwen32b, 'Qwen3 32B (dense)', 'Qwen'),
  foundationModel('stability.sd3-5-large-v1:0', 'Stable Diffusion 3.5 Large', 'Stability AI', { input: TEXT_IMAGE, output: ['IMAGE'] }),
];

const inferenceProfiles = [
  systemProfile('us', M.claude3Haiku, 'Anthropic Claude 3 Haiku'),
  systemProfile('us', M.claude35Sonnet, 'Anthropic Claude 3.5 Sonnet'),
  systemProfile('us', M.claude37Sonnet, 'Anthropic Claude 3.7 Sonnet'),
  systemProfile('us', M.claudeSonnet45, 'Anthropic Claude Sonnet 4.5'),
  systemProfile('us', M.claudeOpus46, 'Anthropic Claude Opus 4.6'),
  systemProfile('us', M.claudeHaiku45, 'Anthropic Claude Haiku 4.5'),
  systemProfile('us', M.novaLite, 'Amazon Nova Lite'),
  systemProfile('us', M.novaMicro, 'Amazon Nova Micro'),
  systemProfile('us', M.nova2Lite, 'Amazon Nova 2 Lite'),
  systemProfile('us', M.pixtralLarge, 'Mistral Pixtral Large 25.02'),
  systemProfile('us', M.llama33, 'Meta Llama 3.3 70B Instruct'),
  systemProfile('us', M.deepseekR1, 'DeepSeek-R1'),
  // Base models that are not in the foundation-model listing: these profiles are dropped.
  systemProfile('us', 'twelvelabs.pegasus-1-2-v1:0', 'TwelveLabs Pegasus v1.2'),
  systemProfile('us', 'twelvelabs.marengo-embed-2-7-v1:0', 'TwelveLabs Marengo Embed v2.7'),
  systemProfile('global', M.claudeSonnet45, 'Anthropic Claude Sonnet 4.5'),
  systemProfile('global', M.claudeOpus46, 'Anthropic Claude Opus 4.6'),
  systemProfile('global', M.claudeHaiku45, 'Anthropic Claude Haiku 4.5'),
  systemProfile('global', M.nova2Lite, 'Amazon Nova 2 Lite'),
  systemProfile('eu', M.claude3Haiku, 'Anthropic Claude 3 Haiku'),
  systemProfile('eu', M.claudeSonnet45, 'Anthropic Claude Sonnet 4.5'),
  systemProfile('eu', M.novaLite, 'Amazon Nova Lite'),
  systemProfile('eu', M.novaMicro, 'Amazon Nova Micro'),
  systemProfile('apac', M.claudeSonnet45, 'Anthropic Claude Sonnet 4.5'),
  systemProfile('jp', M.claudeSonnet45, 'Anthropic Claude Sonnet 4.5'),
  // Application profiles: created by the account, invoked by ARN. One copies a system profile
  // (several regions), one a single model, one sits on a LEGACY model, one on an on-demand model
  // that has no system profile (which therefore stays listed under its bare id as well).
  applicationProfile('a1b2c3d4e5f6', 'team-chat', REGIONS_BY_GEO.us.map((region) => foundationModelArn(M.claudeSonnet45, region))),
  applicationProfile('f6e5d4c3b2a1', 'nightly-batch', [foundationModelArn(M.claude3Haiku)]),
  applicationProfile('0legacy0summ', 'legacy-summarizer', [foundationModelArn(M.claudeV2)]),
  applicationProfile('cc42cc42cc42', 'cost-center-42', [foundationModelArn(M.commandR)]),
];

export const REALISTIC_CATALOG = Object.freeze({ foundationModels, inferenceProfiles });

/** The ARN Converse accepts for one of this catalogue's application profiles. */
export function applicationProfileArn(profileId) {
  return `arn:aws:bedrock:${REGION}:${ACCOUNT}:application-inference-profile/${profileId}`;
}

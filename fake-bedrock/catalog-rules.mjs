// What Bedrock refuses about a model id before it runs anything, decided from the fake's
// control-plane catalogue (opt in with `startFakeBedrock({ catalogRules: true })`):
//   - the bare id of a model that is served only through inference profiles
//     (inferenceTypesSupported without ON_DEMAND): "on-demand throughput isn't supported";
//   - ConverseStream to a model that does not stream (responseStreamingSupported false), by its
//     id or through a profile over it;
//   - a profile id or ARN the catalogue does not list;
//   - CountTokens for a profile-only model (on bedrock-runtime such models cannot be counted).
// Ids the catalogue does not mention at all are left to the scenarios.
import { COUNTING_NOT_SUPPORTED } from './count-tokens.mjs';
import { httpError } from './scenarios.mjs';

const PROFILE_ID = /^(?:global|us|us-gov|eu|apac|jp|au|ca|in)\./;

export function onDemandNotSupported(modelId) {
  return httpError(
    400,
    'ValidationException',
    `Invocation of model ID ${modelId} with on-demand throughput isn't supported. ` +
      'Retry your request with the ID or ARN of an inference profile that contains this model.',
  );
}

export const STREAMING_NOT_SUPPORTED = httpError(400, 'ValidationException', 'The model is unsupported for streaming.');
export const INVALID_MODEL_ID = httpError(400, 'ValidationException', 'The provided model identifier is invalid.');

/** The foundation model an id names, directly or through a listed profile (undefined: not listed). */
export function resolveCatalogModel(catalog, modelId) {
  const direct = catalog.foundationModels.find((model) => model.modelId === modelId || model.modelArn === modelId);
  if (direct) return { model: direct, viaProfile: false };
  const profile = catalog.inferenceProfiles.find(
    (candidate) => candidate.inferenceProfileId === modelId || candidate.inferenceProfileArn === modelId,
  );
  if (!profile) return undefined;
  const baseId = profile.models[0]?.modelArn.split('/').pop();
  const model = catalog.foundationModels.find((candidate) => candidate.modelId === baseId);
  return { model, viaProfile: true, profile };
}

/** The HTTP error Bedrock would answer `operation` on `modelId` with, or undefined to go on. */
export function catalogRefusal(catalog, operation, modelId) {
  const resolved = resolveCatalogModel(catalog, modelId);
  if (!resolved) return PROFILE_ID.test(modelId) || modelId.includes(':inference-profile/') ? INVALID_MODEL_ID : undefined;
  const { model, viaProfile } = resolved;
  if (!model) return undefined;
  const onDemand = model.inferenceTypesSupported.includes('ON_DEMAND');
  if (operation === 'countTokens') return onDemand ? undefined : COUNTING_NOT_SUPPORTED;
  if (!viaProfile && !onDemand) return onDemandNotSupported(modelId);
  if (operation === 'converseStream' && model.responseStreamingSupported === false) return STREAMING_NOT_SUPPORTED;
  return undefined;
}

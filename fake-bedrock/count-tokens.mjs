// CountTokens as Bedrock answers it: POST /model/{modelId}/count-tokens with
// `{input: {converse: {messages, system?, toolConfig?, additionalModelRequestFields?}}}` or
// `{input: {invokeModel: {body}}}` → `{inputTokens}`. Only a foundation-model id of a model that
// supports counting is accepted (Claude here, as on Bedrock): an inference-profile id or another
// model is a ValidationException. The count is a deterministic stand-in for the model's
// tokenizer: a quarter of the characters of every text, tool spec and document name, rounded up,
// plus a few tokens of framing per message, so longer input always counts more.
import { httpError } from './scenarios.mjs';

export const COUNTING_NOT_SUPPORTED = httpError(400, 'ValidationException', "The provided model doesn't support counting tokens.");
const TOKENS_PER_MESSAGE = 3;

function supportsCounting(modelId) {
  return /^anthropic\.claude/.test(modelId) || /^arn:aws[a-z-]*:bedrock:[^:]*::foundation-model\/anthropic\.claude/.test(modelId);
}

const textTokens = (text) => Math.ceil(text.length / 4);

/** The tokens of a value's strings (texts, tool specs, tool results), keys not counted. */
function stringTokens(value) {
  if (typeof value === 'string') return textTokens(value);
  if (Array.isArray(value)) return value.reduce((sum, item) => sum + stringTokens(item), 0);
  if (value && typeof value === 'object') {
    return Object.entries(value).reduce((sum, [key, item]) => sum + (key === 'bytes' ? 0 : stringTokens(item)), 0);
  }
  return 0;
}

/** The fake tokenizer's count for a Converse-shaped input. */
export function countConverseTokens({ messages = [], system = [], toolConfig } = {}) {
  const messageTokens = messages.reduce((sum, message) => sum + TOKENS_PER_MESSAGE + stringTokens(message.content), 0);
  const toolTokens = toolConfig ? textTokens(JSON.stringify(toolConfig.tools ?? [])) : 0;
  return messageTokens + stringTokens(system) + toolTokens;
}

/** `{ body }` with the count, or `{ httpError }`. */
export function countTokens(modelId, body) {
  if (!supportsCounting(modelId)) return { httpError: COUNTING_NOT_SUPPORTED };
  const input = body?.input;
  if (input?.converse) {
    if (!Array.isArray(input.converse.messages)) {
      return { httpError: httpError(400, 'ValidationException', "1 validation error detected: Value null at 'input.converse.messages' failed to satisfy constraint: Member must not be null") };
    }
    return { body: { inputTokens: countConverseTokens(input.converse) } };
  }
  if (typeof input?.invokeModel?.body === 'string') {
    return { body: { inputTokens: textTokens(Buffer.from(input.invokeModel.body, 'base64').toString()) } };
  }
  return { httpError: httpError(400, 'ValidationException', 'The input must set exactly one of converse or invokeModel.') };
}

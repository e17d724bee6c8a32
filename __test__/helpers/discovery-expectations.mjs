// What discovery must return for the realistic catalogue (fake-bedrock/catalog.mjs), shared by
// the discovery and CLI tests.
import { applicationProfileArn } from '../../fake-bedrock/catalog.mjs';

/** Every model the catalogue offers by default: global profiles first, then by name. */
export const DEFAULT_IDS = [
  'global.amazon.nova-2-lite-v1:0',
  'global.anthropic.claude-haiku-4-5-20251001-v1:0',
  'global.anthropic.claude-opus-4-6-v1',
  'global.anthropic.claude-sonnet-4-5-20250929-v1:0',
  'apac.anthropic.claude-sonnet-4-5-20250929-v1:0',
  'cohere.command-r-v1:0',
  applicationProfileArn('cc42cc42cc42'),
  'eu.amazon.nova-lite-v1:0',
  'eu.amazon.nova-micro-v1:0',
  'eu.anthropic.claude-3-haiku-20240307-v1:0',
  'eu.anthropic.claude-sonnet-4-5-20250929-v1:0',
  'openai.gpt-oss-120b-1:0',
  'ai21.jamba-1-5-mini-v1:0',
  'jp.anthropic.claude-sonnet-4-5-20250929-v1:0',
  'ai21.j2-ultra-v1',
  'meta.llama3-8b-instruct-v1:0',
  'mistral.mistral-large-2402-v1:0',
  applicationProfileArn('f6e5d4c3b2a1'),
  'qwen.qwen3-32b-v1:0',
  applicationProfileArn('a1b2c3d4e5f6'),
  'amazon.titan-text-express-v1',
  'us.amazon.nova-2-lite-v1:0',
  'us.amazon.nova-lite-v1:0',
  'us.amazon.nova-micro-v1:0',
  'us.anthropic.claude-3-haiku-20240307-v1:0',
  'us.anthropic.claude-3-7-sonnet-20250219-v1:0',
  'us.anthropic.claude-haiku-4-5-20251001-v1:0',
  'us.anthropic.claude-opus-4-6-v1',
  'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  'us.deepseek.r1-v1:0',
  'us.meta.llama3-3-70b-instruct-v1:0',
  'us.mistral.pixtral-large-2502-v1:0',
];

/** The models callable by their bare id (ON_DEMAND, active, text; streaming or not), by name. */
export const ON_DEMAND_IDS = [
  'anthropic.claude-3-haiku-20240307-v1:0',
  'cohere.command-r-v1:0',
  'openai.gpt-oss-120b-1:0',
  'ai21.jamba-1-5-mini-v1:0',
  'ai21.j2-ultra-v1',
  'meta.llama3-8b-instruct-v1:0',
  'mistral.mistral-large-2402-v1:0',
  'amazon.nova-lite-v1:0',
  'amazon.nova-micro-v1:0',
  'qwen.qwen3-32b-v1:0',
  'amazon.titan-text-express-v1',
];

// The fake Bedrock toolkit in one import: `import { startFakeBedrock, text } from './fake-bedrock/index.mjs'`.
export * from './eventstream.mjs';
export * from './imds.mjs';
export * from './scenarios.mjs';
export * from './server.mjs';
export * from './sigv4.mjs';
export * from './catalog.mjs';
export * from './catalog-rules.mjs';
export * from './count-tokens.mjs';

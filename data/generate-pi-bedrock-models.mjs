// Regenerates data/pi-bedrock-models.json, pi-ai's static Amazon Bedrock chat catalogue, from the
// @earendil-works/pi-ai copy in the pi test fixture (npm ci --prefix __test__/fixtures/pi). The
// provider ships it so that it never imports pi-ai at run time; __test__/pi-catalogue.test.mjs
// fails when the two drift apart.
//   node data/generate-pi-bedrock-models.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SOURCE = new URL('../__test__/fixtures/pi/node_modules/@earendil-works/pi-ai/', import.meta.url);
const TARGET = new URL('./pi-bedrock-models.json', import.meta.url);

export function readPiBedrockCatalogue() {
  const { version } = JSON.parse(readFileSync(new URL('package.json', SOURCE), 'utf8'));
  const groups = JSON.parse(readFileSync(new URL('dist/providers/data/amazon-bedrock.json', SOURCE), 'utf8'));
  // The same selection as pi-ai's flattenChatModelCatalog: every group, chat models only.
  const models = Object.values(groups)
    .flatMap((group) => Object.values(group))
    .filter((model) => model.type === 'chat');
  return { source: `@earendil-works/pi-ai@${version} dist/providers/data/amazon-bedrock.json`, models };
}

/** One model per line: readable diffs when pi's catalogue changes. */
export function serialize({ source, models }) {
  return `{"source": ${JSON.stringify(source)}, "models": [\n${models.map((model) => JSON.stringify(model)).join(',\n')}\n]}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const catalogue = readPiBedrockCatalogue();
  writeFileSync(TARGET, serialize(catalogue));
  console.log(`wrote ${fileURLToPath(TARGET)}: ${catalogue.models.length} models from ${catalogue.source}`);
}

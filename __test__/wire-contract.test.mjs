// Guards the JSON that crosses the napi edge: src/converse/wire-contract.json lists the keys Rust
// serialises for every event and error (checked there by `cargo test --lib wire_contract`), and
// this suite checks that the TS declarations of ConverseEvent, ContentDelta, Usage and the
// BedrockError class carry exactly those keys. A field added on one side only fails here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { BedrockError } from "../dist/index.js";

const root = new URL("..", import.meta.url).pathname;
const contract = JSON.parse(readFileSync(join(root, "src/converse/wire-contract.json"), "utf8"));

/** The ts/ file that declares `ConverseEvent` (found by content, so moving files keeps this working). */
function declaringFile(dir = join(root, "ts")) {
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) {
			const found = declaringFile(path);
			if (found) return found;
		} else if (name.endsWith(".ts") && /export type ConverseEvent\b/.test(readFileSync(path, "utf8"))) {
			return path;
		}
	}
	return undefined;
}

const file = declaringFile();
const program = ts.createProgram([file], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext });
const checker = program.getTypeChecker();
const source = program.getSourceFile(file);

function declaredType(name) {
	let found;
	ts.forEachChild(source, (node) => {
		if ((ts.isTypeAliasDeclaration(node) || ts.isInterfaceDeclaration(node)) && node.name.text === name) {
			found = checker.getTypeAtLocation(node.name);
		}
	});
	assert.ok(found, `${name} is declared in ${file}`);
	return found;
}

const propertyNames = (type) => checker.getPropertiesOfType(type).map((p) => p.getName()).sort();
const propertyType = (type, name) => checker.getTypeOfSymbol(checker.getPropertyOfType(type, name));
const sorted = (names) => [...names].sort();

test("every event type in Rust is a ConverseEvent member with the same keys", () => {
	const declared = {};
	for (const member of declaredType("ConverseEvent").types) {
		const tag = propertyType(member, "type");
		assert.ok(tag.isStringLiteral(), "each ConverseEvent member has a literal type");
		declared[tag.value] = propertyNames(member);
	}
	const expected = Object.fromEntries(Object.entries(contract.events).map(([type, keys]) => [type, sorted(keys)]));
	assert.deepEqual(declared, expected);
});

test("ContentDelta, reasoning deltas and Usage list the members Rust sends", () => {
	const delta = declaredType("ContentDelta");
	assert.deepEqual(propertyNames(delta), sorted(contract.delta));
	const reasoning = checker.getNonNullableType(propertyType(delta, "reasoningContent"));
	assert.deepEqual(propertyNames(reasoning), sorted(contract.reasoningDelta));
	assert.deepEqual(propertyNames(declaredType("Usage")), sorted(contract.usage));
});

test("a BedrockError carries every field of the error event", () => {
	const event = { type: "error" };
	for (const key of contract.bedrockError) event[key] = key === "retryable" ? true : key === "httpStatus" || key === "retryAfterMs" ? 429 : `value-${key}`;
	const error = new BedrockError(event);
	for (const key of contract.bedrockError) {
		assert.equal(error[key], event[key], `BedrockError.${key}`);
	}
	assert.equal(error.name, event.code);
});

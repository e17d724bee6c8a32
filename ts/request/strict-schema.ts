// Strict tool schemas (pi-ai 1.6's constrained sampling): a tool asking for
// `constrainedSampling: {type: "json_schema", strict: "prefer" | "require"}` on a model whose
// `compat.supportsStrictMode` is set goes out with `toolSpec.strict: true` and its schema
// rewritten to the strict subset: every property required (optional ones become nullable) and
// no additional properties. A schema outside that subset sends a "prefer" tool non-strict and
// fails a "require" tool with an error naming it; so does a "require" tool on a model without
// strict mode.
import type { Tool } from "../protocol/types.js";

type JsonSchema = Record<string, unknown>;

class UnsupportedStrictSchema extends Error {}

/** Keywords strict mode has no grammar for. */
const UNSUPPORTED_KEYWORDS = [
	"$ref",
	"$defs",
	"definitions",
	"allOf",
	"oneOf",
	"patternProperties",
	"dependentSchemas",
	"dependencies",
	"unevaluatedProperties",
	"propertyNames",
	"contains",
	"prefixItems",
	"not",
	"if",
	"then",
	"else",
];

function isSchemaObject(value: unknown): value is JsonSchema {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typesOf(schema: JsonSchema): unknown[] {
	if (typeof schema.type === "string") return [schema.type];
	return Array.isArray(schema.type) ? schema.type : [];
}

function isStructured(schema: unknown): boolean {
	if (!isSchemaObject(schema)) return false;
	const types = typesOf(schema);
	return types.includes("object") || types.includes("array") || schema.properties !== undefined || schema.items !== undefined;
}

function allowsNull(schema: unknown): boolean {
	if (!isSchemaObject(schema)) return false;
	if (typesOf(schema).includes("null") || schema.const === null) return true;
	if (Array.isArray(schema.enum) && schema.enum.includes(null)) return true;
	return Array.isArray(schema.anyOf) && schema.anyOf.some(allowsNull);
}

function checkNode(schema: JsonSchema): void {
	for (const key of UNSUPPORTED_KEYWORDS) {
		if (schema[key] !== undefined) throw new UnsupportedStrictSchema(`${key} schemas are unsupported`);
	}
	if (schema.type === undefined && schema.anyOf === undefined && schema.enum === undefined) {
		throw new UnsupportedStrictSchema("schemas without a type are unsupported");
	}
}

function strictifyAnyOf(schema: JsonSchema): void {
	if (schema.anyOf === undefined) return;
	if (!Array.isArray(schema.anyOf) || schema.anyOf.length === 0) {
		throw new UnsupportedStrictSchema("anyOf must contain at least one schema");
	}
	for (const variant of schema.anyOf) {
		if (isStructured(variant)) throw new UnsupportedStrictSchema("object and array unions are unsupported");
		strictifyNode(variant);
	}
}

function strictifyItems(schema: JsonSchema): void {
	if (schema.items === undefined) return;
	if (Array.isArray(schema.items)) throw new UnsupportedStrictSchema("tuple schemas are unsupported");
	strictifyNode(schema.items);
}

function strictifyObject(schema: JsonSchema): void {
	if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) {
		throw new UnsupportedStrictSchema("schema-valued or true additionalProperties is unsupported");
	}
	if (schema.properties !== undefined && !isSchemaObject(schema.properties)) {
		throw new UnsupportedStrictSchema("object properties must be a schema map");
	}
	const required = schema.required;
	if (required !== undefined && (!Array.isArray(required) || required.some((key) => typeof key !== "string"))) {
		throw new UnsupportedStrictSchema("object required must be a string array");
	}
	const properties = (schema.properties ?? {}) as JsonSchema;
	const names = Object.keys(properties);
	const requiredNames = new Set<string>(Array.isArray(required) ? required : []);
	if ([...requiredNames].some((key) => !names.includes(key))) {
		throw new UnsupportedStrictSchema("required contains an unknown property");
	}
	for (const [key, property] of Object.entries(properties)) {
		strictifyNode(property);
		if (!requiredNames.has(key) && !allowsNull(property)) properties[key] = { anyOf: [property, { type: "null" }] };
	}
	schema.required = names;
	schema.additionalProperties = false;
}

/** Rewrites `schema` in place into the strict subset, or throws UnsupportedStrictSchema. */
function strictifyNode(schema: unknown): void {
	if (!isSchemaObject(schema)) throw new UnsupportedStrictSchema("boolean schemas are unsupported");
	checkNode(schema);
	strictifyAnyOf(schema);
	strictifyItems(schema);
	const isObject = schema.type === "object";
	if (schema.properties !== undefined && !isObject) throw new UnsupportedStrictSchema("properties require type object");
	if (isObject) strictifyObject(schema);
}

/** A strict copy of a tool's parameter schema (the tool's own object is left alone). */
export function strictJsonSchema(schema: object): JsonSchema {
	const copy: unknown = structuredClone(schema);
	if (!isSchemaObject(copy)) throw new UnsupportedStrictSchema("root schema must have type object");
	strictifyNode(copy);
	if (copy.type !== "object") throw new UnsupportedStrictSchema("root schema must have type object");
	return copy;
}

/** A tool that wants strict sampling only where it is possible. */
export function prefersStrictSampling(tool: Tool): boolean {
	const config = tool.constrainedSampling;
	return !!config && config.type === "json_schema" && config.strict === "prefer";
}

/** Whether the tool goes out strict; throws for a "require" tool that cannot. */
export function usesStrictSampling(tool: Tool, modelSupportsStrict: boolean): boolean {
	const config = tool.constrainedSampling;
	if (!config || config.type !== "json_schema") return false;
	let reason = "strict tools are unsupported";
	if (modelSupportsStrict) {
		try {
			strictJsonSchema(tool.parameters);
			return true;
		} catch (error) {
			if (!(error instanceof UnsupportedStrictSchema)) throw error;
			reason = error.message;
		}
	}
	if (config.strict !== "require") return false;
	throw new Error(`Tool "${tool.name}" requires JSON-schema constrained sampling, but ${reason}.`);
}

// The `createStreamFn` hook: bedrock-converse-stream turns go to the native stream. OpenClaw's
// Model / Context / options objects have pi-ai's shapes; its `options.apiKey` is the marker
// "__aws_sdk_auth__", which the native side never treats as a credential (SigV4 or the bearer
// token come from the AWS environment, profile, container or instance role).
import { streamSimpleBedrock } from "../../provider/entry.js";
import type { CreateStreamFnContext, StreamFn } from "./host-types.js";

export const BEDROCK_API = "bedrock-converse-stream";

export function createStreamFnHook(ctx: CreateStreamFnContext): StreamFn | undefined {
	if (ctx.model.api !== BEDROCK_API) return undefined;
	return (model, context, options) => streamSimpleBedrock(model, context, options);
}

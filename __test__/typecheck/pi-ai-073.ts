// Plugging bedrock-native into @mariozechner/pi-ai 0.73.1 the documented ways, checked by tsc
// against 0.73.1's own declarations (__test__/protocol-typecheck.test.mjs).
import * as piAi from "@mariozechner/pi-ai";
import type { AssistantMessage, Context, Model, SimpleStreamOptions, StreamFunction } from "@mariozechner/pi-ai";
import { bedrockProviderModule, registerBedrockNative, streamBedrock, streamSimpleBedrock } from "bedrock-native";
import * as entry from "bedrock-native/bedrock-provider";

piAi.setBedrockProviderModule(bedrockProviderModule);
piAi.setBedrockProviderModule(entry.bedrockProviderModule);
registerBedrockNative(piAi);

const asStream: StreamFunction<"bedrock-converse-stream", piAi.BedrockOptions> = streamBedrock;
const asSimple: StreamFunction<"bedrock-converse-stream", SimpleStreamOptions> = streamSimpleBedrock;
piAi.registerApiProvider({ api: "bedrock-converse-stream", stream: streamBedrock, streamSimple: streamSimpleBedrock });

declare const model: Model<"bedrock-converse-stream">;
declare const context: Context;
async function consume(): Promise<AssistantMessage> {
	const stream = streamBedrock(model, context, { region: "eu-west-1", reasoning: "high", toolChoice: "auto" });
	for await (const event of stream) if (event.type === "text_delta") event.delta.toUpperCase();
	const message = await stream.result();
	// Our messages are 0.73.1 messages: they go back into its contexts.
	context.messages.push(message);
	return message;
}
void asStream;
void asSimple;
void consume;

// Plugging bedrock-native into @earendil-works/pi-ai 1.6 the documented ways, checked by tsc
// against 1.6's own declarations (__test__/protocol-typecheck.test.mjs).
import { createProvider } from "@earendil-works/pi-ai";
import type { AssistantMessage, Context, Message, Model, ProviderStreams, TranscriptContext } from "@earendil-works/pi-ai";
import * as compat from "@earendil-works/pi-ai/compat";
import { setBedrockProviderModule } from "@earendil-works/pi-ai/api/bedrock-converse-stream.lazy";
import { bedrockProviderModule, registerBedrockNative, streamBedrock, streamSimpleBedrock } from "bedrock-native";

const streams: ProviderStreams = bedrockProviderModule;
const direct: ProviderStreams = { stream: streamBedrock, streamSimple: streamSimpleBedrock };
setBedrockProviderModule(bedrockProviderModule);
compat.setBedrockProviderModule(bedrockProviderModule);
registerBedrockNative(compat);
createProvider({ id: "amazon-bedrock", auth: {}, models: [], api: bedrockProviderModule });

declare const model: Model<"bedrock-converse-stream">;
declare const transcript: TranscriptContext;
declare const context: Context;
async function consume(): Promise<AssistantMessage> {
	const stream = streamSimpleBedrock(model, transcript, {
		reasoning: "max",
		toolChoice: "none",
		apiKey: "token",
		env: { AWS_REGION: "eu-west-1" },
		headers: { "x-trace": "1", "x-drop": null },
		identity: { userAgent: "short" },
		sessionId: "s",
		onProviderStreamEvent: async () => {},
	});
	for await (const event of stream) if (event.type === "text_delta") event.delta.toUpperCase();
	streamBedrock(model, context);
	const message = await stream.result();
	const history: Message[] = [message];
	void history;
	return message;
}
void streams;
void direct;
void consume;

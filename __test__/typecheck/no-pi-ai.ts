// Compiled with both pi-ai packages unresolvable and every .d.ts checked: the package's
// declarations must stand alone. The assignment to `wrong` is wrong on purpose: the test expects
// exactly that one error, so the check is known to run.
import { bedrockProviderModule, type BedrockNativeOptions, streamBedrock } from "bedrock-native";
import * as entry from "bedrock-native/bedrock-provider";

const options: BedrockNativeOptions = { region: "eu-west-1", reasoning: "max", toolChoice: "none" };
void [bedrockProviderModule, entry.streamSimpleBedrock, options];
const wrong: number = streamBedrock;
void wrong;

// The protocol types are exported for callers without pi-ai; finished messages fit them.
import type { AssistantMessage, Context, Model } from "bedrock-native";
declare const model: Model;
const context: Context = { messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Hi", timestamp: 1 }] };
export async function ask(): Promise<AssistantMessage> {
	const message = await streamBedrock(model, context).result();
	context.messages.push(message);
	return message;
}

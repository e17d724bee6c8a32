// Compiled with both pi-ai packages unresolvable and every .d.ts checked: the package's
// declarations must stand alone. The last assignment is wrong on purpose: the test expects
// exactly that one error, so the check is known to run.
import { bedrockProviderModule, type BedrockNativeOptions, streamBedrock } from "bedrock-native";
import * as entry from "bedrock-native/bedrock-provider";

const options: BedrockNativeOptions = { region: "eu-west-1", reasoning: "max", toolChoice: "none" };
void [bedrockProviderModule, entry.streamSimpleBedrock, options];
const wrong: number = streamBedrock;
void wrong;

// User content beyond pi-ai's text and base64 images, for what Converse takes in a user turn:
// documents, video, images from S3, and cache points placed by the caller. They ride in a pi
// `UserMessage`'s content array as extra block types; other providers would not know them,
// so they are for Bedrock-only conversations.
import { type CacheTtl, cachePoint, type CachePointBlock } from "./cache-points.js";

export type DocumentFormat = "pdf" | "csv" | "doc" | "docx" | "xls" | "xlsx" | "html" | "txt" | "md";
export type VideoFormat = "mkv" | "mov" | "mp4" | "webm" | "flv" | "mpeg" | "mpg" | "wmv" | "three_gp";

/** Where the bytes come from: inline base64 `data`, or an S3 object. */
export type MediaSource = { data: string } | { s3Uri: string; bucketOwner?: string };

/** `citations: { enabled: true }` asks the model to cite the document (Converse's `CitationsConfig`). */
export type DocumentContent = { type: "document"; format: DocumentFormat; citations?: { enabled: boolean } } & (
	| MediaSource
	| { text: string }
);
export type VideoContent = { type: "video"; format: VideoFormat } & MediaSource;
/** An image stored in S3 (pi's own `ImageContent` carries base64 `data`). */
export interface S3ImageContent {
	type: "image";
	mimeType: string;
	s3Uri: string;
	bucketOwner?: string;
}
/** A cache checkpoint at this position of the user turn. */
export interface CachePointContent {
	type: "cachePoint";
	ttl?: CacheTtl;
}

export type UserContentExtension = DocumentContent | VideoContent | S3ImageContent | CachePointContent;

type ConverseSource = { bytes: Uint8Array } | { s3Location: { uri: string; bucketOwner?: string } };
export type ExtensionBlock =
	| {
			document: {
				format: DocumentFormat;
				name: string;
				source: ConverseSource | { text: string };
				citations?: { enabled: boolean };
			};
	  }
	| { video: { format: VideoFormat; source: ConverseSource } }
	| CachePointBlock;

export function isS3Image(block: { type: string }): block is S3ImageContent {
	return block.type === "image" && "s3Uri" in block;
}

/** Base64 → the SDK's byte type (a plain Uint8Array, not a view into Node's Buffer pool). */
export function base64Bytes(data: string): Uint8Array {
	return new Uint8Array(Buffer.from(data, "base64"));
}

export function converseSource(source: MediaSource): ConverseSource {
	if ("data" in source) return { bytes: base64Bytes(source.data) };
	return { s3Location: { uri: source.s3Uri, ...(source.bucketOwner && { bucketOwner: source.bucketOwner }) } };
}

/**
 * Document names must be unique within a request, and the model reads them, so a caller's
 * file name is a prompt-injection channel: every document gets a neutral numbered name, in
 * request order (stable across turns, so prompt caching still matches).
 */
export class DocumentNames {
	private count = 0;

	next(): string {
		this.count += 1;
		return `document-${this.count}`;
	}
}

export function convertExtension(block: UserContentExtension, documentNames: DocumentNames): ExtensionBlock {
	switch (block.type) {
		case "document": {
			const source = "text" in block ? { text: block.text } : converseSource(block);
			const citations = block.citations !== undefined && { citations: block.citations };
			return { document: { format: block.format, name: documentNames.next(), source, ...citations } };
		}
		case "video":
			return { video: { format: block.format, source: converseSource(block) } };
		case "cachePoint":
			return cachePoint(block.ttl);
		default:
			throw new Error(`Unknown user content type: ${(block as { type: string }).type}`);
	}
}

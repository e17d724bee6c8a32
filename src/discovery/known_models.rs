//! Facts about well-known Bedrock models that ListFoundationModels does not report: context
//! window, output limit, reasoning support and list prices (USD per million tokens).
//! The rows start from the catalogue shipped in pi-ai 0.73.1 (itself from models.dev), plus older
//! and third-party models it lacks. A discovered id is matched after removing its cross-region
//! prefix (`us.`, `global.`, ...) and its version suffix (`-v1:0`, `:0`, `-v1`), so one row serves
//! a foundation model and every inference profile over it. Regional profiles of some models cost
//! more than the global ones; the table holds the base (global / on-demand) price.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Serialize;

/// Prefixes of system-defined cross-region inference profiles.
const GEO_PREFIXES: &[&str] = &["us", "us-gov", "eu", "apac", "jp", "au", "ca", "global"];

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cost {
    pub input: f64,
    pub output: f64,
    pub cache_read: f64,
    pub cache_write: f64,
}

impl Cost {
    pub const ZERO: Cost = Cost { input: 0.0, output: 0.0, cache_read: 0.0, cache_write: 0.0 };
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KnownModel {
    pub id: &'static str,
    pub reasoning: bool,
    pub context_window: u32,
    pub max_tokens: u32,
    pub cost: Cost,
}

const fn known(
    id: &'static str,
    reasoning: bool,
    context_window: u32,
    max_tokens: u32,
    [input, output, cache_read, cache_write]: [f64; 4],
) -> KnownModel {
    KnownModel {
        id,
        reasoning,
        context_window,
        max_tokens,
        cost: Cost { input, output, cache_read, cache_write },
    }
}

#[rustfmt::skip]
const KNOWN_MODELS: &[KnownModel] = &[
    // From pi-ai 0.73.1.
    known("amazon.nova-2-lite-v1:0", false, 128000, 4096, [0.33, 2.75, 0.0, 0.0]),
    known("amazon.nova-lite-v1:0", false, 300000, 8192, [0.06, 0.24, 0.015, 0.0]),
    known("amazon.nova-micro-v1:0", false, 128000, 8192, [0.035, 0.14, 0.00875, 0.0]),
    known("amazon.nova-premier-v1:0", true, 1000000, 16384, [2.5, 12.5, 0.0, 0.0]),
    known("amazon.nova-pro-v1:0", false, 300000, 8192, [0.8, 3.2, 0.2, 0.0]),
    known("anthropic.claude-3-5-haiku-20241022-v1:0", false, 200000, 8192, [0.8, 4.0, 0.08, 1.0]),
    known("anthropic.claude-3-5-sonnet-20240620-v1:0", false, 200000, 8192, [3.0, 15.0, 0.3, 3.75]),
    known("anthropic.claude-3-5-sonnet-20241022-v2:0", false, 200000, 8192, [3.0, 15.0, 0.3, 3.75]),
    known("anthropic.claude-3-7-sonnet-20250219-v1:0", false, 200000, 8192, [3.0, 15.0, 0.3, 3.75]),
    known("anthropic.claude-3-haiku-20240307-v1:0", false, 200000, 4096, [0.25, 1.25, 0.0, 0.0]),
    known("anthropic.claude-haiku-4-5-20251001-v1:0", true, 200000, 64000, [1.0, 5.0, 0.1, 1.25]),
    known("anthropic.claude-opus-4-1-20250805-v1:0", true, 200000, 32000, [15.0, 75.0, 1.5, 18.75]),
    known("anthropic.claude-opus-4-20250514-v1:0", true, 200000, 32000, [15.0, 75.0, 1.5, 18.75]),
    known("anthropic.claude-opus-4-5-20251101-v1:0", true, 200000, 64000, [5.0, 25.0, 0.5, 6.25]),
    known("anthropic.claude-opus-4-6-v1", true, 1000000, 128000, [5.0, 25.0, 0.5, 6.25]),
    known("anthropic.claude-opus-4-7", true, 1000000, 128000, [5.0, 25.0, 0.5, 6.25]),
    known("anthropic.claude-sonnet-4-20250514-v1:0", true, 200000, 64000, [3.0, 15.0, 0.3, 3.75]),
    known("anthropic.claude-sonnet-4-5-20250929-v1:0", true, 200000, 64000, [3.0, 15.0, 0.3, 3.75]),
    known("anthropic.claude-sonnet-4-6", true, 1000000, 64000, [3.0, 15.0, 0.3, 3.75]),
    known("deepseek.r1-v1:0", true, 128000, 32768, [1.35, 5.4, 0.0, 0.0]),
    known("deepseek.v3-v1:0", true, 163840, 81920, [0.58, 1.68, 0.0, 0.0]),
    known("deepseek.v3.2", true, 163840, 81920, [0.62, 1.85, 0.0, 0.0]),
    known("google.gemma-3-27b-it", false, 202752, 8192, [0.12, 0.2, 0.0, 0.0]),
    known("google.gemma-3-4b-it", false, 128000, 4096, [0.04, 0.08, 0.0, 0.0]),
    known("meta.llama3-1-405b-instruct-v1:0", false, 128000, 4096, [2.4, 2.4, 0.0, 0.0]),
    known("meta.llama3-1-70b-instruct-v1:0", false, 128000, 4096, [0.72, 0.72, 0.0, 0.0]),
    known("meta.llama3-1-8b-instruct-v1:0", false, 128000, 4096, [0.22, 0.22, 0.0, 0.0]),
    known("meta.llama3-2-11b-instruct-v1:0", false, 128000, 4096, [0.16, 0.16, 0.0, 0.0]),
    known("meta.llama3-2-1b-instruct-v1:0", false, 131000, 4096, [0.1, 0.1, 0.0, 0.0]),
    known("meta.llama3-2-3b-instruct-v1:0", false, 131000, 4096, [0.15, 0.15, 0.0, 0.0]),
    known("meta.llama3-2-90b-instruct-v1:0", false, 128000, 4096, [0.72, 0.72, 0.0, 0.0]),
    known("meta.llama3-3-70b-instruct-v1:0", false, 128000, 4096, [0.72, 0.72, 0.0, 0.0]),
    known("meta.llama4-maverick-17b-instruct-v1:0", false, 1000000, 16384, [0.24, 0.97, 0.0, 0.0]),
    known("meta.llama4-scout-17b-instruct-v1:0", false, 3500000, 16384, [0.17, 0.66, 0.0, 0.0]),
    known("minimax.minimax-m2", true, 204608, 128000, [0.3, 1.2, 0.0, 0.0]),
    known("minimax.minimax-m2.1", true, 204800, 131072, [0.3, 1.2, 0.0, 0.0]),
    known("minimax.minimax-m2.5", true, 196608, 98304, [0.3, 1.2, 0.0, 0.0]),
    known("mistral.devstral-2-123b", false, 256000, 8192, [0.4, 2.0, 0.0, 0.0]),
    known("mistral.magistral-small-2509", true, 128000, 40000, [0.5, 1.5, 0.0, 0.0]),
    known("mistral.ministral-3-14b-instruct", false, 128000, 4096, [0.2, 0.2, 0.0, 0.0]),
    known("mistral.ministral-3-3b-instruct", false, 256000, 8192, [0.1, 0.1, 0.0, 0.0]),
    known("mistral.ministral-3-8b-instruct", false, 128000, 4096, [0.15, 0.15, 0.0, 0.0]),
    known("mistral.mistral-large-3-675b-instruct", false, 256000, 8192, [0.5, 1.5, 0.0, 0.0]),
    known("mistral.pixtral-large-2502-v1:0", false, 128000, 8192, [2.0, 6.0, 0.0, 0.0]),
    known("mistral.voxtral-mini-3b-2507", false, 128000, 4096, [0.04, 0.04, 0.0, 0.0]),
    known("mistral.voxtral-small-24b-2507", false, 32000, 8192, [0.15, 0.35, 0.0, 0.0]),
    known("moonshot.kimi-k2-thinking", true, 256000, 256000, [0.6, 2.5, 0.0, 0.0]),
    known("moonshotai.kimi-k2.5", true, 256000, 256000, [0.6, 3.0, 0.0, 0.0]),
    known("nvidia.nemotron-nano-12b-v2", false, 128000, 4096, [0.2, 0.6, 0.0, 0.0]),
    known("nvidia.nemotron-nano-3-30b", true, 128000, 4096, [0.06, 0.24, 0.0, 0.0]),
    known("nvidia.nemotron-nano-9b-v2", false, 128000, 4096, [0.06, 0.23, 0.0, 0.0]),
    known("nvidia.nemotron-super-3-120b", true, 262144, 131072, [0.15, 0.65, 0.0, 0.0]),
    known("openai.gpt-oss-120b-1:0", false, 128000, 4096, [0.15, 0.6, 0.0, 0.0]),
    known("openai.gpt-oss-20b-1:0", false, 128000, 4096, [0.07, 0.3, 0.0, 0.0]),
    known("openai.gpt-oss-safeguard-120b", false, 128000, 4096, [0.15, 0.6, 0.0, 0.0]),
    known("openai.gpt-oss-safeguard-20b", false, 128000, 4096, [0.07, 0.2, 0.0, 0.0]),
    known("qwen.qwen3-235b-a22b-2507-v1:0", false, 262144, 131072, [0.22, 0.88, 0.0, 0.0]),
    known("qwen.qwen3-32b-v1:0", true, 16384, 16384, [0.15, 0.6, 0.0, 0.0]),
    known("qwen.qwen3-coder-30b-a3b-v1:0", false, 262144, 131072, [0.15, 0.6, 0.0, 0.0]),
    known("qwen.qwen3-coder-480b-a35b-v1:0", false, 131072, 65536, [0.22, 1.8, 0.0, 0.0]),
    known("qwen.qwen3-coder-next", true, 131072, 65536, [0.22, 1.8, 0.0, 0.0]),
    known("qwen.qwen3-next-80b-a3b", false, 262000, 262000, [0.14, 1.4, 0.0, 0.0]),
    known("qwen.qwen3-vl-235b-a22b", false, 262000, 262000, [0.3, 1.5, 0.0, 0.0]),
    known("writer.palmyra-x4-v1:0", true, 122880, 8192, [2.5, 10.0, 0.0, 0.0]),
    known("writer.palmyra-x5-v1:0", true, 1040000, 8192, [0.6, 6.0, 0.0, 0.0]),
    known("zai.glm-4.7", true, 204800, 131072, [0.6, 2.2, 0.0, 0.0]),
    known("zai.glm-4.7-flash", true, 200000, 131072, [0.07, 0.4, 0.0, 0.0]),
    known("zai.glm-5", true, 202752, 101376, [1.0, 3.2, 0.0, 0.0]),
    // Not in pi-ai 0.73.1: older generations still listed (often as LEGACY) and other vendors.
    known("anthropic.claude-3-sonnet-20240229-v1:0", false, 200000, 4096, [3.0, 15.0, 0.0, 0.0]),
    known("anthropic.claude-3-opus-20240229-v1:0", false, 200000, 4096, [15.0, 75.0, 0.0, 0.0]),
    known("cohere.command-r-v1:0", false, 128000, 4096, [0.5, 1.5, 0.0, 0.0]),
    known("cohere.command-r-plus-v1:0", false, 128000, 4096, [3.0, 15.0, 0.0, 0.0]),
    known("ai21.jamba-1-5-large-v1:0", false, 256000, 4096, [2.0, 8.0, 0.0, 0.0]),
    known("ai21.jamba-1-5-mini-v1:0", false, 256000, 4096, [0.2, 0.4, 0.0, 0.0]),
    known("meta.llama3-8b-instruct-v1:0", false, 8192, 2048, [0.3, 0.6, 0.0, 0.0]),
    known("meta.llama3-70b-instruct-v1:0", false, 8192, 2048, [2.65, 3.5, 0.0, 0.0]),
    known("mistral.mistral-7b-instruct-v0:2", false, 32000, 8192, [0.15, 0.2, 0.0, 0.0]),
    known("mistral.mixtral-8x7b-instruct-v0:1", false, 32000, 4096, [0.45, 0.7, 0.0, 0.0]),
    known("mistral.mistral-small-2402-v1:0", false, 32000, 8192, [1.0, 3.0, 0.0, 0.0]),
    known("mistral.mistral-large-2402-v1:0", false, 32000, 8192, [4.0, 12.0, 0.0, 0.0]),
    known("mistral.mistral-large-2407-v1:0", false, 128000, 8192, [2.0, 6.0, 0.0, 0.0]),
];

static BY_CANONICAL_ID: LazyLock<HashMap<String, &'static KnownModel>> =
    LazyLock::new(|| KNOWN_MODELS.iter().map(|model| (canonical_id(model.id), model)).collect());

/// The facts for a model id, a system inference profile id or a base model id, if known.
pub fn lookup(model_id: &str) -> Option<&'static KnownModel> {
    BY_CANONICAL_ID.get(&canonical_id(model_id)).copied()
}

/// The id without cross-region prefix and version suffix, lower-cased:
/// `us.anthropic.claude-3-haiku-20240307-v1:0` → `anthropic.claude-3-haiku-20240307`.
pub fn canonical_id(model_id: &str) -> String {
    let lower = model_id.trim().to_ascii_lowercase();
    let unprefixed = strip_geo_prefix(&lower);
    strip_version_suffix(unprefixed).to_string()
}

fn strip_geo_prefix(id: &str) -> &str {
    match id.split_once('.') {
        Some((prefix, rest)) if GEO_PREFIXES.contains(&prefix) => rest,
        _ => id,
    }
}

/// Removes `-v<N>:<M>`, `-<N>:<M>` or `:<M>` (a versioned id), else a bare `-v<N>`. A bare `-<N>`
/// is kept: it is part of names such as `claude-opus-4-6`.
fn strip_version_suffix(id: &str) -> &str {
    if let Some(before_colon) = strip_digits_after(id, ':') {
        return strip_digits_after(before_colon, '-').or_else(|| strip_v_number(before_colon)).unwrap_or(before_colon);
    }
    strip_v_number(id).unwrap_or(id)
}

/// `id` without a trailing `<separator><digits>`, if it has one.
fn strip_digits_after(id: &str, separator: char) -> Option<&str> {
    let (head, digits) = id.rsplit_once(separator)?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then_some(head)
}

fn strip_v_number(id: &str) -> Option<&str> {
    let (head, version) = id.rsplit_once("-v")?;
    (!version.is_empty() && version.bytes().all(|b| b.is_ascii_digit())).then_some(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_ids_drop_geo_prefix_and_version() {
        assert_eq!(canonical_id("us.anthropic.claude-3-haiku-20240307-v1:0"), "anthropic.claude-3-haiku-20240307");
        assert_eq!(canonical_id("global.anthropic.claude-opus-4-6-v1"), "anthropic.claude-opus-4-6");
        assert_eq!(
            canonical_id("us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0"),
            "anthropic.claude-3-5-sonnet-20240620"
        );
        assert_eq!(canonical_id("openai.gpt-oss-120b-1:0"), "openai.gpt-oss-120b");
        assert_eq!(canonical_id("mistral.mistral-7b-instruct-v0:2"), "mistral.mistral-7b-instruct");
        assert_eq!(canonical_id("anthropic.claude-opus-4-6"), "anthropic.claude-opus-4-6");
        assert_eq!(canonical_id("deepseek.v3.2"), "deepseek.v3.2");
    }

    #[test]
    fn vendor_names_that_look_like_prefixes_are_kept() {
        assert_eq!(canonical_id("amazon.nova-lite-v1:0"), "amazon.nova-lite");
        assert_eq!(canonical_id("minimax.minimax-m2.1"), "minimax.minimax-m2.1");
    }

    #[test]
    fn profiles_in_every_geography_match_the_base_model() {
        let base = lookup("anthropic.claude-sonnet-4-5-20250929-v1:0").expect("known");
        for id in [
            "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "apac.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "jp.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "au.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "US.Anthropic.Claude-Sonnet-4-5-20250929-V1:0",
        ] {
            assert_eq!(lookup(id), Some(base), "{id}");
        }
        assert_eq!(base.context_window, 200_000);
        assert_eq!(base.max_tokens, 64_000);
    }

    #[test]
    fn version_suffix_variants_match() {
        assert_eq!(lookup("anthropic.claude-opus-4-6-v1:0").map(|m| m.id), Some("anthropic.claude-opus-4-6-v1"));
        assert_eq!(lookup("qwen.qwen3-32b-v1:0").map(|m| m.context_window), Some(16384));
        assert_eq!(lookup("ca.meta.llama3-3-70b-instruct-v1:0").map(|m| m.id), Some("meta.llama3-3-70b-instruct-v1:0"));
    }

    #[test]
    fn different_dates_are_different_models() {
        let june = lookup("anthropic.claude-3-5-sonnet-20240620-v1:0").unwrap();
        let october = lookup("anthropic.claude-3-5-sonnet-20241022-v2:0").unwrap();
        assert_ne!(june.id, october.id);
    }

    #[test]
    fn unknown_models_are_not_guessed() {
        assert_eq!(lookup("acme.brand-new-model-v1:0"), None);
        assert_eq!(lookup("anthropic.claude"), None);
    }

    #[test]
    fn every_row_is_reachable_by_its_own_id() {
        for model in KNOWN_MODELS {
            assert_eq!(lookup(model.id).map(|m| m.id), Some(model.id), "duplicate canonical id for {}", model.id);
        }
    }
}

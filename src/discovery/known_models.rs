//! Facts about Bedrock models that ListFoundationModels does not report: context window, output
//! limit, reasoning and list prices (USD per million tokens, with cache reads and
//! writes and long-context tiers). One table from two data files, compiled in:
//! `data/pi-bedrock-models.json` (pi-ai 1.6.0's Bedrock catalogue, generated, with rows for
//! regional and global profiles where their prices differ) and `data/bedrock-models-extra.json`
//! (older and third-party models pi-ai no longer lists, kept by hand).
//!
//! A lookup takes the row for the exact id first, so `us.…` and `global.…` profiles get their own
//! prices. An id the table lacks is matched by its canonical id (no profile prefix, no version
//! suffix) to a row of the same price class: another geography's profile for a geography
//! profile (Bedrock prices its geographies alike), a `global.` row for a global profile, else the
//! foundation model's row, else any row of that model.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// Prefixes of system-defined cross-region inference profiles.
pub const GEO_PREFIXES: &[&str] = &["us", "us-gov", "eu", "apac", "jp", "au", "ca", "in", "global"];
const GLOBAL_PREFIX: &str = "global";

const PI_CATALOGUE: &str = include_str!("../../data/pi-bedrock-models.json");
const EXTRA_ROWS: &str = include_str!("../../data/bedrock-models-extra.json");

/// Prices above a prompt size (Bedrock's long-context pricing).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CostTier {
    pub input_tokens_above: u64,
    pub input: f64,
    pub output: f64,
    pub cache_read: f64,
    pub cache_write: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cost {
    pub input: f64,
    pub output: f64,
    pub cache_read: f64,
    pub cache_write: f64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<CostTier>,
}

impl Cost {
    pub const ZERO: Cost = Cost { input: 0.0, output: 0.0, cache_read: 0.0, cache_write: 0.0, tiers: Vec::new() };
}

#[derive(Debug, Clone, PartialEq)]
pub struct KnownModel {
    pub id: String,
    pub reasoning: bool,
    pub context_window: u32,
    pub max_tokens: u32,
    pub cost: Cost,
}

/// One row of either data file (other fields of pi-ai's rows, the input modalities included,
/// are not facts we use: ListFoundationModels reports the modalities).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Row {
    id: String,
    reasoning: bool,
    cost: Cost,
    context_window: u32,
    max_tokens: u32,
}

#[derive(Deserialize)]
struct DataFile {
    models: Vec<Row>,
}

struct Table {
    models: Vec<KnownModel>,
    by_id: HashMap<String, usize>,
    /// Row indexes per canonical id, catalogue rows first.
    by_canonical: HashMap<String, Vec<usize>>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| Table::from_files(&[PI_CATALOGUE, EXTRA_ROWS]));

impl Table {
    /// The data files are compiled in and parsed by the unit tests, so a parse failure cannot
    /// reach a user: it fails `cargo test`.
    fn from_files(files: &[&str]) -> Table {
        let models: Vec<KnownModel> = files
            .iter()
            .flat_map(|text| serde_json::from_str::<DataFile>(text).expect("model data file").models)
            .map(KnownModel::from)
            .collect();
        let mut by_id = HashMap::new();
        let mut by_canonical: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, model) in models.iter().enumerate() {
            by_id.entry(model.id.to_ascii_lowercase()).or_insert(index);
            by_canonical.entry(canonical_id(&model.id)).or_default().push(index);
        }
        Table { models, by_id, by_canonical }
    }

    fn lookup(&self, model_id: &str) -> Option<&KnownModel> {
        let lower = model_id.trim().to_ascii_lowercase();
        if let Some(&index) = self.by_id.get(&lower) {
            return Some(&self.models[index]);
        }
        let rows = self.by_canonical.get(&canonical_id(&lower))?;
        let wanted = price_class(geo_prefix(&lower));
        let row = |class: PriceClass| rows.iter().copied().find(|&i| price_class(geo_prefix(&self.models[i].id)) == class);
        let index = row(wanted).or_else(|| row(PriceClass::Foundation)).unwrap_or(rows[0]);
        Some(&self.models[index])
    }
}

impl From<Row> for KnownModel {
    fn from(row: Row) -> KnownModel {
        KnownModel {
            id: row.id,
            reasoning: row.reasoning,
            context_window: row.context_window,
            max_tokens: row.max_tokens,
            cost: row.cost,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PriceClass {
    Foundation,
    Geography,
    Global,
}

fn price_class(prefix: Option<&str>) -> PriceClass {
    match prefix {
        None => PriceClass::Foundation,
        Some(GLOBAL_PREFIX) => PriceClass::Global,
        Some(_) => PriceClass::Geography,
    }
}

/// The facts for a model id, a system inference profile id or a base model id, if known.
pub fn lookup(model_id: &str) -> Option<&'static KnownModel> {
    TABLE.lookup(model_id)
}

/// The profile prefix of an id (`us` in `us.anthropic.…`), lower-case, if it has one.
pub fn geo_prefix(model_id: &str) -> Option<&str> {
    let (prefix, rest) = model_id.split_once('.')?;
    let known = GEO_PREFIXES.iter().find(|known| known.eq_ignore_ascii_case(prefix))?;
    (!rest.is_empty()).then_some(*known)
}

/// The id without cross-region prefix and version suffix, lower-cased:
/// `us.anthropic.claude-3-haiku-20240307-v1:0` → `anthropic.claude-3-haiku-20240307`.
pub fn canonical_id(model_id: &str) -> String {
    let lower = model_id.trim().to_ascii_lowercase();
    strip_version_suffix(strip_geo_prefix(&lower)).to_string()
}

/// `us.anthropic.x` → `anthropic.x`; ids without a profile prefix are returned as they are.
pub fn strip_geo_prefix(id: &str) -> &str {
    match (geo_prefix(id), id.split_once('.')) {
        (Some(_), Some((_, rest))) => rest,
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

    fn rows(text: &str) -> Vec<Row> {
        serde_json::from_str::<DataFile>(text).expect("parses").models
    }

    fn cost(model: &KnownModel) -> [f64; 4] {
        [model.cost.input, model.cost.output, model.cost.cache_read, model.cost.cache_write]
    }

    #[test]
    fn both_data_files_parse_into_one_table() {
        assert_eq!(rows(PI_CATALOGUE).len(), 208);
        assert!(rows(EXTRA_ROWS).len() >= 20);
        assert_eq!(TABLE.models.len(), rows(PI_CATALOGUE).len() + rows(EXTRA_ROWS).len());
    }

    #[test]
    fn every_catalogue_id_gets_the_catalogue_facts() {
        for row in rows(PI_CATALOGUE) {
            let known = lookup(&row.id).unwrap_or_else(|| panic!("{} not found", row.id));
            assert_eq!(known.id, row.id);
            assert_eq!(known.cost, row.cost, "{}", row.id);
            assert_eq!((known.context_window, known.max_tokens, known.reasoning), (row.context_window, row.max_tokens, row.reasoning));
        }
    }

    #[test]
    fn extra_rows_are_models_the_catalogue_does_not_know() {
        let catalogue: Vec<String> = rows(PI_CATALOGUE).iter().map(|row| canonical_id(&row.id)).collect();
        for row in rows(EXTRA_ROWS) {
            assert!(!catalogue.contains(&canonical_id(&row.id)), "{} is in the pi-ai catalogue", row.id);
            assert_eq!(lookup(&row.id).map(|m| m.id.as_str()), Some(row.id.as_str()));
        }
    }

    #[test]
    fn regional_and_global_profiles_have_their_own_prices() {
        let sonnet = "anthropic.claude-sonnet-4-5-20250929-v1:0";
        assert_eq!(cost(lookup(&format!("us.{sonnet}")).unwrap()), [3.3, 16.5, 0.33, 4.125]);
        assert_eq!(cost(lookup(&format!("global.{sonnet}")).unwrap()), [3.0, 15.0, 0.3, 3.75]);
        // Not in the catalogue: priced like the other geographies, not like global.
        let apac = lookup(&format!("apac.{sonnet}")).unwrap();
        assert!(apac.id.split('.').next().is_some_and(|p| p != "global" && p != "anthropic"), "{}", apac.id);
        assert_eq!(cost(apac), [3.3, 16.5, 0.33, 4.125]);
        assert_eq!(cost(lookup(&format!("US.{}", sonnet.to_uppercase())).unwrap()), [3.3, 16.5, 0.33, 4.125]);
    }

    #[test]
    fn long_context_tiers_come_with_the_price() {
        let haiku = lookup("global.anthropic.claude-haiku-5-5").expect("in the catalogue");
        assert_eq!(haiku.cost.tiers.len(), 1);
        assert_eq!(haiku.cost.tiers[0].input_tokens_above, 100_000);
        let json = serde_json::to_value(&haiku.cost).unwrap();
        assert_eq!(json["tiers"][0]["inputTokensAbove"], 100_000);
        assert!(serde_json::to_value(&lookup("anthropic.claude-3-haiku-20240307-v1:0").unwrap().cost).unwrap().get("tiers").is_none());
    }

    #[test]
    fn canonical_ids_drop_geo_prefix_and_version() {
        assert_eq!(canonical_id("us.anthropic.claude-3-haiku-20240307-v1:0"), "anthropic.claude-3-haiku-20240307");
        assert_eq!(canonical_id("global.anthropic.claude-opus-4-6-v1"), "anthropic.claude-opus-4-6");
        assert_eq!(canonical_id("us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0"), "anthropic.claude-3-5-sonnet-20240620");
        assert_eq!(canonical_id("in.openai.gpt-5.6-luna"), "openai.gpt-5.6-luna");
        assert_eq!(canonical_id("openai.gpt-oss-120b-1:0"), "openai.gpt-oss-120b");
        assert_eq!(canonical_id("mistral.mistral-7b-instruct-v0:2"), "mistral.mistral-7b-instruct");
        assert_eq!(canonical_id("anthropic.claude-opus-4-6"), "anthropic.claude-opus-4-6");
        assert_eq!(canonical_id("deepseek.v3.2"), "deepseek.v3.2");
        assert_eq!(canonical_id("amazon.nova-lite-v1:0"), "amazon.nova-lite");
        assert_eq!(canonical_id("minimax.minimax-m2.1"), "minimax.minimax-m2.1");
    }

    #[test]
    fn version_suffix_variants_and_other_geographies_match() {
        assert_eq!(lookup("anthropic.claude-opus-4-6-v1:0").map(|m| m.id.as_str()), Some("anthropic.claude-opus-4-6-v1"));
        assert_eq!(lookup("ca.meta.llama3-3-70b-instruct-v1:0").map(|m| m.context_window), Some(128000));
        assert_eq!(lookup("us.anthropic.claude-3-7-sonnet-20250219-v1:0").map(|m| m.id.as_str()), Some("anthropic.claude-3-7-sonnet-20250219-v1:0"));
    }

    #[test]
    fn different_dates_are_different_models_and_unknown_ones_are_not_guessed() {
        let june = lookup("anthropic.claude-3-5-sonnet-20240620-v1:0").unwrap();
        let october = lookup("anthropic.claude-3-5-sonnet-20241022-v2:0").unwrap();
        assert_ne!(june.id, october.id);
        assert_eq!(lookup("acme.brand-new-model-v1:0"), None);
        assert_eq!(lookup("anthropic.claude"), None);
    }

    #[test]
    fn geo_prefix_reads_profile_ids_only() {
        assert_eq!(geo_prefix("us.anthropic.x"), Some("us"));
        assert_eq!(geo_prefix("US-GOV.anthropic.x"), Some("us-gov"));
        assert_eq!(geo_prefix("anthropic.claude-x"), None);
        assert_eq!(geo_prefix("arn:aws:bedrock:us-east-1:1:application-inference-profile/x"), None);
        assert_eq!(strip_geo_prefix("global.amazon.nova-2-lite-v1:0"), "amazon.nova-2-lite-v1:0");
        assert_eq!(strip_geo_prefix("amazon.nova-2-lite-v1:0"), "amazon.nova-2-lite-v1:0");
    }
}

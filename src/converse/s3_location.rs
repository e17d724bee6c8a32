//! Media stored in S3 (images, documents, videos): an `S3Location` must name an object as
//! `s3://bucket/key`, as Bedrock's API demands, so that a local path or an https URL fails here,
//! naming its place, instead of being sent.

use aws_sdk_bedrockruntime::types::S3Location;
use serde_json::Value;

use crate::converse::json_reader::{fail, string, Obj, Result};

/// Bedrock's limit on `S3Location.uri`.
const MAX_URI_CHARS: usize = 1024;

pub(crate) fn s3_location(value: &Value, path: &str) -> Result<S3Location> {
    let o = Obj::new(value, path, &["uri", "bucketOwner"])?;
    let location = S3Location::builder()
        .uri(o.req("uri", object_uri)?)
        .set_bucket_owner(o.opt("bucketOwner", account_id)?)
        .build();
    o.built(location)
}

/// `s3://bucket/key`: Bedrock's pattern `s3://[a-z0-9][\.\-a-z0-9]{1,61}[a-z0-9](/.*)?` with a
/// key, since a media source is an object, not a bucket.
fn object_uri(value: &Value, path: &str) -> Result<String> {
    let uri = string(value, path)?;
    if uri.chars().count() > MAX_URI_CHARS {
        return fail(path, format!("longer than Bedrock's limit of {MAX_URI_CHARS} characters"));
    }
    let names_an_object = uri
        .strip_prefix("s3://")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(bucket, key)| is_bucket_name(bucket) && !key.is_empty());
    if !names_an_object {
        return fail(path, format!("{uri:?} is not an s3://bucket/key URI"));
    }
    Ok(uri)
}

/// 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.
fn is_bucket_name(bucket: &str) -> bool {
    let edge = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    let inner = |c: char| edge(c) || c == '.' || c == '-';
    (3..=63).contains(&bucket.len())
        && bucket.starts_with(edge)
        && bucket.ends_with(edge)
        && bucket.chars().all(inner)
}

/// The bucket owner's account: Bedrock's pattern `[0-9]{12}`.
fn account_id(value: &Value, path: &str) -> Result<String> {
    let owner = string(value, path)?;
    if owner.len() != 12 || !owner.bytes().all(|b| b.is_ascii_digit()) {
        return fail(path, format!("{owner:?} is not a 12-digit AWS account id"));
    }
    Ok(owner)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn uri_error(uri: &str) -> String {
        let e = s3_location(&json!({"uri": uri}), "s").expect_err(uri);
        assert_eq!(e.path, "s.uri", "{e}");
        e.message
    }

    #[test]
    fn object_uris_are_accepted() {
        for uri in ["s3://abc/k", "s3://my.bucket-1/a/b c.pdf", "s3://0bucket9/x/", &format!("s3://{}/k", "b".repeat(63))] {
            let location = s3_location(&json!({"uri": uri, "bucketOwner": "123456789012"}), "s").expect(uri);
            assert_eq!((location.uri.as_str(), location.bucket_owner.as_deref()), (uri, Some("123456789012")));
        }
    }

    #[test]
    fn anything_but_an_object_uri_is_refused() {
        for uri in [
            "/etc/passwd",
            "file:///etc/passwd",
            "https://bucket.s3.amazonaws.com/key",
            "s3://bucket",
            "s3://bucket/",
            "s3:///key",
            "s3://ab/key",
            "s3://Bucket/key",
            "s3://bucket_name/key",
            "s3://-bucket/key",
            "s3://bucket-/key",
            &format!("s3://{}/k", "b".repeat(64)),
            "S3://bucket/key",
            "",
        ] {
            assert_eq!(uri_error(uri), format!("{uri:?} is not an s3://bucket/key URI"));
        }
    }

    #[test]
    fn uris_over_1024_characters_are_refused() {
        let at_limit = format!("s3://bucket/{}", "k".repeat(MAX_URI_CHARS - 12));
        s3_location(&json!({"uri": at_limit}), "s").expect("1024 characters are allowed");
        assert_eq!(uri_error(&format!("{at_limit}k")), "longer than Bedrock's limit of 1024 characters");
    }

    #[test]
    fn bucket_owners_must_be_account_ids() {
        for owner in ["12345", "1234567890123", "12345678901a", "someone"] {
            let e = s3_location(&json!({"uri": "s3://abc/k", "bucketOwner": owner}), "s").expect_err(owner);
            assert_eq!((e.path.as_str(), e.message), ("s.bucketOwner", format!("{owner:?} is not a 12-digit AWS account id")));
        }
    }
}

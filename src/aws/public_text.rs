//! What every message crossing into JavaScript goes through: URL userinfo (`user:password@`)
//! removed and the length bounded, so neither a password in an endpoint or proxy URL nor a
//! megabyte of echoed input can reach an error, an event or a CLI line.

/// The longest message, in characters (README, robustness).
pub const MAX_MESSAGE_CHARS: usize = 2048;

/// `text` without URL userinfo, cut to `MAX_MESSAGE_CHARS` characters.
pub fn public_message(text: &str) -> String {
    bounded(&without_userinfo(text))
}

/// Removes the `user[:password]@` part of every `scheme://` URL in `text`.
pub fn without_userinfo(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("://") {
        let (before, after) = rest.split_at(start + 3);
        out.push_str(before);
        let authority_end = after.find(|c: char| matches!(c, '/' | '?' | '#') || c.is_whitespace() || c == '"' || c == '\'' || c == '`').unwrap_or(after.len());
        let authority = &after[..authority_end];
        match authority.rfind('@') {
            Some(at) => out.push_str(&authority[at + 1..]),
            None => out.push_str(authority),
        }
        rest = &after[authority_end..];
    }
    out.push_str(rest);
    out
}

fn bounded(text: &str) -> String {
    let Some((cut, _)) = text.char_indices().nth(MAX_MESSAGE_CHARS) else { return text.to_string() };
    let kept = text.char_indices().nth(MAX_MESSAGE_CHARS - 40).map_or(cut, |(index, _)| index);
    let dropped = text[kept..].chars().count();
    format!("{}… ({dropped} more characters)", &text[..kept])
}

/// `serialize_with` for message fields.
pub fn serialize_public<S: serde::Serializer>(message: &str, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&public_message(message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_is_removed_from_every_url() {
        assert_eq!(
            without_userinfo("error sending to http://admin:hunter2@10.0.0.1:8080/model via https://u@proxy then file:///x"),
            "error sending to http://10.0.0.1:8080/model via https://proxy then file:///x"
        );
        assert_eq!(without_userinfo("no url, just a@b"), "no url, just a@b");
    }

    #[test]
    fn long_messages_are_cut_on_a_character_boundary() {
        let long = "é".repeat(10_000);
        let cut = public_message(&long);
        assert!(cut.chars().count() <= MAX_MESSAGE_CHARS, "{}", cut.chars().count());
        assert!(cut.ends_with("more characters)"));
        assert_eq!(public_message("short"), "short");
    }
}

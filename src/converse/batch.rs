//! One batch of events for JavaScript, with the text a lagging reader has not yet seen joined.
//!
//! Each event costs the JavaScript side far more than it costs us (a parsed object, a pi event,
//! an async-iterator step for every consumer). When the reader has fallen behind, so that many
//! events wait in one batch, consecutive text (or reasoning text, or tool-input) deltas of the
//! same content block become one delta: the same text, in fewer pieces, and nothing delayed.
//! A reader that keeps up gets Bedrock's deltas exactly as they came.

use crate::converse::events::{Delta, Event, ReasoningDelta};

/// Below this many events in a batch the reader is keeping up and every delta is passed on as
/// it came; past it, the reader is behind and deltas are joined. High enough that a short
/// answer arriving in one burst keeps its deltas.
pub const JOIN_FROM: usize = 32;

/// The events of a batch as delivered: joined when there are at least `JOIN_FROM` of them.
pub fn deliverable(events: Vec<Event>) -> Vec<Event> {
    if events.len() < JOIN_FROM {
        return events;
    }
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    for event in events {
        if let Some(last) = out.last_mut() {
            if append_to(last, &event) {
                continue;
            }
        }
        out.push(event);
    }
    out
}

/// Appends `next`'s fragment to `last` when both are deltas of the same kind for the same block.
fn append_to(last: &mut Event, next: &Event) -> bool {
    let (
        Event::ContentBlockDelta { content_block_index: into_block, delta: into },
        Event::ContentBlockDelta { content_block_index: from_block, delta: from },
    ) = (last, next)
    else {
        return false;
    };
    if into_block != from_block {
        return false;
    }
    match (into, from) {
        (Delta::Text(into), Delta::Text(from))
        | (Delta::ToolUse { input: into }, Delta::ToolUse { input: from })
        | (Delta::ReasoningContent(ReasoningDelta::Text(into)), Delta::ReasoningContent(ReasoningDelta::Text(from))) => {
            into.push_str(from);
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(block: i32, text: &str) -> Event {
        Event::ContentBlockDelta { content_block_index: block, delta: Delta::Text(text.into()) }
    }

    fn reasoning(block: i32, text: &str) -> Event {
        Event::ContentBlockDelta {
            content_block_index: block,
            delta: Delta::ReasoningContent(ReasoningDelta::Text(text.into())),
        }
    }

    fn signature(block: i32, text: &str) -> Event {
        Event::ContentBlockDelta {
            content_block_index: block,
            delta: Delta::ReasoningContent(ReasoningDelta::Signature(text.into())),
        }
    }

    fn tool_input(block: i32, input: &str) -> Event {
        Event::ContentBlockDelta { content_block_index: block, delta: Delta::ToolUse { input: input.into() } }
    }

    fn stop(block: i32) -> Event {
        Event::ContentBlockStop { content_block_index: block }
    }

    #[test]
    fn a_reader_that_keeps_up_gets_every_delta_as_it_came() {
        let events: Vec<Event> = (0..JOIN_FROM - 1).map(|i| text(0, &i.to_string())).collect();
        assert_eq!(deliverable(events.clone()), events);
    }

    #[test]
    fn a_lagging_reader_gets_each_run_of_text_as_one_delta() {
        let mut events = vec![Event::MessageStart { role: "assistant".into() }];
        events.extend((0..JOIN_FROM).map(|_| text(0, "ab")));
        events.push(stop(0));
        let expected = vec![Event::MessageStart { role: "assistant".into() }, text(0, &"ab".repeat(JOIN_FROM)), stop(0)];
        assert_eq!(deliverable(events), expected);
    }

    #[test]
    fn runs_end_at_another_block_another_kind_or_any_other_event() {
        let mut events = vec![text(0, "a"), text(0, "b"), text(1, "c"), text(1, "d")];
        events.extend([reasoning(2, "e"), reasoning(2, "f"), signature(2, "g"), signature(2, "h")]);
        events.extend([tool_input(3, "{\"a\""), tool_input(3, ":1}"), stop(3), text(3, "i")]);
        events.extend((0..JOIN_FROM).map(|_| stop(9)));
        let joined = deliverable(events);
        let expected_head = vec![
            text(0, "ab"),
            text(1, "cd"),
            reasoning(2, "ef"),
            signature(2, "g"),
            signature(2, "h"),
            tool_input(3, "{\"a\":1}"),
            stop(3),
            text(3, "i"),
        ];
        assert_eq!(joined[..expected_head.len()], expected_head[..]);
        assert_eq!(joined.len(), expected_head.len() + JOIN_FROM);
    }
}

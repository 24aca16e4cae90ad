//! Multi-part answers. Chrome and Firefox close the port on a frame over
//! 1 MiB from the host, so a larger answer is sent as several frames, each
//! with `part` and `parts`; the long arrays of the answer are shared out
//! between the parts, in order, and every other field rides in part 1.

use serde_json::{Map, Value};

use super::{ErrorCode, RequestError};

/// The arrays that may be split, per answer type (PROTOCOL.md, "Multi-part
/// answers"). The receiver concatenates them in part order.
fn split_paths(kind: &str) -> &'static [&'static [&'static str]] {
    match kind {
        "classification" => &[
            &["cookies"],
            &["charter", "entries"],
            &["charter", "warnings"],
            &["summary", "undeclared"],
            &["summary", "declaredNotSeen"],
        ],
        "charter" => &[&["entries"], &["warnings"]],
        "site_state" => &[
            &["overrides"],
            &["charter", "entries"],
            &["charter", "warnings"],
            &["last", "undeclared"],
            &["last", "declaredNotSeen"],
        ],
        "overrides" => &[&["overrides"]],
        _ => &[],
    }
}

/// Room kept in each part for `"part":N,"parts":N`.
const PART_FIELDS_RESERVE: usize = 64;

/// Serialises an answer as one frame, or as parts of at most `limit` bytes.
pub fn split_into_frames(
    kind: &str,
    id: &Value,
    body: Value,
    limit: usize,
) -> Result<Vec<Vec<u8>>, RequestError> {
    let mut head = envelope(kind, id);
    if let Value::Object(fields) = body {
        head.extend(fields);
    }
    let whole = serde_json::to_vec(&head).map_err(encoding_failed)?;
    if whole.len() <= limit {
        return Ok(vec![whole]);
    }

    // Take the long arrays out of the head; the later parts carry each one
    // (possibly empty) so that they share a shape. An array that is empty
    // from the start stays in part 1 alone.
    let paths: Vec<&[&str]> = split_paths(kind)
        .iter()
        .copied()
        .filter(|path| array_at(&mut head, path).is_some_and(|items| !items.is_empty()))
        .collect();
    let mut pieces = Vec::new();
    for (which, path) in paths.iter().enumerate() {
        if let Some(items) = array_at(&mut head, path) {
            for item in std::mem::take(items) {
                let size = encode(&item)?.len() + 1;
                pieces.push((which, item, size));
            }
        }
    }
    let mut rest = envelope(kind, id);
    for path in &paths {
        put_empty_array(&mut rest, path);
    }
    let head_size = encode(&Value::Object(head.clone()))?.len() + PART_FIELDS_RESERVE;
    let rest_size = encode(&Value::Object(rest.clone()))?.len() + PART_FIELDS_RESERVE;
    if head_size > limit {
        return Err(too_large("its fixed fields alone exceed the frame limit"));
    }

    // Greedy packing, in order.
    let mut groups: Vec<Vec<(usize, Value)>> = vec![Vec::new()];
    let mut used = head_size;
    for (which, item, size) in pieces {
        if used + size > limit {
            if rest_size + size > limit {
                return Err(too_large("one of its items exceeds the frame limit"));
            }
            groups.push(Vec::new());
            used = rest_size;
        }
        used += size;
        if let Some(group) = groups.last_mut() {
            group.push((which, item));
        }
    }

    let parts = groups.len();
    let mut frames = Vec::with_capacity(parts);
    for (index, group) in groups.into_iter().enumerate() {
        let mut part = if index == 0 { head.clone() } else { rest.clone() };
        part.insert("part".to_owned(), Value::from(index + 1));
        part.insert("parts".to_owned(), Value::from(parts));
        for (which, item) in group {
            if let Some(items) = array_at(&mut part, paths[which]) {
                items.push(item);
            }
        }
        let frame = encode(&Value::Object(part))?;
        if frame.len() > limit {
            return Err(too_large("a part exceeds the frame limit"));
        }
        frames.push(frame);
    }
    Ok(frames)
}

fn envelope(kind: &str, id: &Value) -> Map<String, Value> {
    let mut fields = Map::new();
    fields.insert("type".to_owned(), Value::from(kind));
    fields.insert("id".to_owned(), id.clone());
    fields
}

fn array_at<'a>(object: &'a mut Map<String, Value>, path: &[&str]) -> Option<&'a mut Vec<Value>> {
    let (last, parents) = path.split_last()?;
    let mut object = object;
    for key in parents {
        object = object.get_mut(*key)?.as_object_mut()?;
    }
    object.get_mut(*last)?.as_array_mut()
}

fn put_empty_array(object: &mut Map<String, Value>, path: &[&str]) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut object = object;
    for key in parents {
        let child = object
            .entry((*key).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        let Some(child) = child.as_object_mut() else {
            return;
        };
        object = child;
    }
    object.insert((*last).to_owned(), Value::Array(Vec::new()));
}

fn encode(value: &Value) -> Result<Vec<u8>, RequestError> {
    serde_json::to_vec(value).map_err(encoding_failed)
}

fn encoding_failed(error: serde_json::Error) -> RequestError {
    RequestError::new(
        ErrorCode::InvalidRequest,
        format!("cannot encode the answer: {error}"),
    )
}

fn too_large(why: &str) -> RequestError {
    RequestError::new(
        ErrorCode::AnswerTooLarge,
        format!("the answer cannot be sent: {why}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn reassemble(frames: &[Vec<u8>], paths: &[&[&str]]) -> Value {
        let mut parts: Vec<Map<String, Value>> = frames
            .iter()
            .map(|f| {
                serde_json::from_slice::<Value>(f)
                    .unwrap()
                    .as_object()
                    .unwrap()
                    .clone()
            })
            .collect();
        let mut whole = parts.remove(0);
        whole.remove("part");
        whole.remove("parts");
        for mut part in parts {
            for path in paths {
                // A part carries only the arrays that were split.
                if let Some(items) = array_at(&mut part, path) {
                    let items = std::mem::take(items);
                    array_at(&mut whole, path).unwrap().extend(items);
                }
            }
        }
        Value::Object(whole)
    }

    #[test]
    fn small_answers_are_one_frame_without_part_fields() {
        let frames =
            split_into_frames("charter", &json!(1), json!({"entries": [], "warnings": []}), 1024).unwrap();
        assert_eq!(frames.len(), 1);
        let answer: Value = serde_json::from_slice(&frames[0]).unwrap();
        assert_eq!(
            answer,
            json!({"type": "charter", "id": 1, "entries": [], "warnings": []})
        );
    }

    #[test]
    fn large_answers_split_within_the_limit_and_reassemble() {
        let cookies: Vec<Value> = (0..500)
            .map(|i| json!({"name": format!("c{i}"), "pad": "x".repeat(50)}))
            .collect();
        let entries: Vec<Value> = (0..100).map(|i| json!({"name": format!("e{i}")})).collect();
        let body = json!({
            "site": {"url": "https://a.example/"},
            "cookies": cookies,
            "summary": {"counts": {}},
            "charter": {"url": null, "entries": entries, "warnings": ["w"]},
        });
        let limit = 4096;
        let frames = split_into_frames("classification", &json!("req-9"), body.clone(), limit).unwrap();
        assert!(frames.len() > 5);
        for (index, frame) in frames.iter().enumerate() {
            assert!(frame.len() <= limit, "part {index} is {} bytes", frame.len());
            let part: Value = serde_json::from_slice(frame).unwrap();
            assert_eq!(part["part"], json!(index + 1));
            assert_eq!(part["parts"], json!(frames.len()));
            assert_eq!(part["id"], json!("req-9"));
            assert_eq!(part["type"], json!("classification"));
        }
        let mut expected = body.as_object().unwrap().clone();
        expected.insert("type".into(), json!("classification"));
        expected.insert("id".into(), json!("req-9"));
        let whole = reassemble(&frames, split_paths("classification"));
        assert_eq!(whole, Value::Object(expected));
    }

    #[test]
    fn long_summary_lists_are_split_too() {
        // A charter of 70,000 entries that the page never sets: the names
        // not seen alone exceed a frame.
        let names: Vec<Value> = (0..2000).map(|i| json!(format!("_stat_{i:07}"))).collect();
        let body = json!({
            "cookies": [],
            "summary": {"counts": {}, "undeclared": [], "declaredNotSeen": names, "findings": []},
            "charter": {"entries": [], "warnings": []},
        });
        let frames = split_into_frames("classification", &json!(1), body.clone(), 4096).unwrap();
        assert!(frames.len() > 2);
        let whole = reassemble(&frames, &[&["summary", "declaredNotSeen"]]);
        let mut expected = body.as_object().unwrap().clone();
        expected.insert("type".into(), json!("classification"));
        expected.insert("id".into(), json!(1));
        assert_eq!(whole, Value::Object(expected));
        let second: Value = serde_json::from_slice(&frames[1]).unwrap();
        assert!(
            second.get("cookies").is_none(),
            "an empty array stays in part 1: {second}"
        );
    }

    #[test]
    fn an_item_larger_than_a_frame_is_refused() {
        let body = json!({"entries": [{"name": "x".repeat(5000)}], "warnings": []});
        let error = split_into_frames("charter", &json!(1), body, 4096).unwrap_err();
        assert_eq!(error.code, ErrorCode::AnswerTooLarge);
    }
}

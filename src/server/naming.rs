//! The naming convention of server functions, held by a test over every registered one.

/// First words of a server function that writes: `save`, `create`, `set_status`...
const WRITE_VERBS: &[&str] = &[
    "add", "answer", "approve", "archive", "cancel", "change", "close", "create", "decline",
    "delete", "discard", "fulfil", "join", "log", "mark", "merge", "publish", "register", "resend",
    "reset", "retry", "save", "send", "set", "sign", "vote",
];

/// First words of a server function that reads: what it reads (`list`, `get`, `roster`), or
/// the query it runs (`find`, `search`).
const READ_WORDS: &[&str] = &[
    "choices",
    "codes",
    "detail",
    "draft",
    "editor",
    "find",
    "fits",
    "flyer",
    "for",
    "get",
    "interactions",
    "likely",
    "list",
    "matches",
    "me",
    "pending",
    "preview",
    "programs",
    "recent",
    "registration",
    "roster",
    "search",
    "settings",
    "sponsors",
    "summary",
    "templates",
    "view",
    "weights",
];

/// The one naming convention of server functions: `/api/<who>/<feature>/<action>` (or
/// `/api/public/<action>`), in lowercase snake case, where the action starts with a verb from
/// [`WRITE_VERBS`] when it writes and a word from [`READ_WORDS`] when it only reads. A new
/// word joins a list on purpose, so reads and writes stay told apart by their names.
pub fn endpoint_convention(path: &str) -> Result<(), String> {
    let rest = path
        .strip_prefix("/api/")
        .ok_or_else(|| format!("{path}: not under /api/"))?;
    let parts: Vec<&str> = rest.split('/').collect();
    let snake = |s: &str| {
        !s.is_empty()
            && s.split('_')
                .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
    };
    if !parts.iter().all(|p| snake(p)) {
        return Err(format!("{path}: use lowercase snake_case segments"));
    }
    let action = match parts.as_slice() {
        ["public", action] | [_, _, action] => action,
        _ => return Err(format!("{path}: expected /api/<who>/<feature>/<action>")),
    };
    let first = action.split('_').next().unwrap_or_default();
    if WRITE_VERBS.contains(&first) || READ_WORDS.contains(&first) {
        Ok(())
    } else {
        Err(format!(
            "{path}: start the action with a verb that writes or a word that reads (see server/naming.rs)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_server_function_follows_the_naming_convention() {
        let mut paths: Vec<String> = leptos::server_fn::axum::server_fn_paths()
            .map(|(p, _)| p.to_string())
            .collect();
        paths.sort();
        paths.dedup();
        assert!(paths.len() > 50, "{paths:?}");
        let broken: Vec<String> = paths
            .iter()
            .filter_map(|p| endpoint_convention(p).err())
            .collect();
        assert!(broken.is_empty(), "{broken:#?}");
        assert!(endpoint_convention("/api/staff/programs/party-size").is_err());
        assert!(endpoint_convention("/api/staff/programs/capacity").is_err());
        assert!(endpoint_convention("/api/staff/programs").is_err());
        assert!(endpoint_convention("/api/staff/programs/set_capacity").is_ok());
    }
}

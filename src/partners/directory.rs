//! The directory's query (as carried in the URL), its sort orders and one page of results.

use serde::{Deserialize, Serialize};

use crate::url::encode;
use crate::vocab::{Audience, Goal, Offering, PartnerKind, Stage};

/// One row of the directory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartnerRow {
    pub id: i64,
    pub name: String,
    pub kind: PartnerKind,
    pub neighborhood: Option<String>,
    pub stage: Stage,
    pub offerings: Vec<Offering>,
    pub goals: Vec<Goal>,
    pub tags: Vec<String>,
    pub archived: bool,
    pub updated_at: i64,
    /// Partnership health from 0 to 100, and its reasons (see `crate::health`).
    pub health: Option<i64>,
    pub health_reasons: String,
    pub health_risks: String,
}

/// How the directory is sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sort {
    #[default]
    #[serde(rename = "name")]
    Name,
    #[serde(rename = "updated")]
    Updated,
    #[serde(rename = "stage")]
    Stage,
    #[serde(rename = "neighborhood")]
    Neighborhood,
    #[serde(rename = "health")]
    Health,
}

impl Sort {
    pub const ALL: [Sort; 5] = [
        Sort::Name,
        Sort::Updated,
        Sort::Stage,
        Sort::Neighborhood,
        Sort::Health,
    ];
    pub fn slug(self) -> &'static str {
        match self {
            Sort::Name => "name",
            Sort::Updated => "updated",
            Sort::Stage => "stage",
            Sort::Neighborhood => "neighborhood",
            Sort::Health => "health",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Sort::Name => "Name (A to Z)",
            Sort::Updated => "Recently updated",
            Sort::Stage => "Stage",
            Sort::Neighborhood => "Neighborhood",
            Sort::Health => "Health (weakest first)",
        }
    }
    pub fn from_slug(s: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|v| v.slug() == s)
    }
}

/// Directory filters, as carried in the URL.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DirectoryQuery {
    pub q: String,
    pub kind: Option<PartnerKind>,
    pub offering: Option<Offering>,
    pub goal: Option<Goal>,
    pub audience: Option<Audience>,
    pub stage: Option<Stage>,
    pub neighborhood: Option<String>,
    pub archived: bool,
    pub sort: Sort,
    pub page: i64,
    pub per_page: i64,
}

/// Rows per directory page unless the URL says otherwise.
pub const PER_PAGE: i64 = 50;

impl DirectoryQuery {
    /// Reads the filters from URL query pairs; unknown values are ignored, not errors.
    pub fn from_pairs<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Self {
        use crate::vocab::Vocab;
        fn opt<T: Vocab>(v: Option<&str>) -> Option<T> {
            v.and_then(T::from_slug)
        }
        let page = get("page")
            .and_then(|p| p.parse().ok())
            .filter(|&p| p >= 1)
            .unwrap_or(1);
        let per_page = get("per_page")
            .and_then(|p| p.parse().ok())
            .filter(|p| (1..=200).contains(p))
            .unwrap_or(PER_PAGE);
        DirectoryQuery {
            q: get("q")
                .unwrap_or_default()
                .trim()
                .chars()
                .take(100)
                .collect(),
            kind: opt(get("kind")),
            offering: opt(get("offering")),
            goal: opt(get("goal")),
            audience: opt(get("audience")),
            stage: opt(get("stage")),
            neighborhood: get("neighborhood")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from),
            archived: get("archived") == Some("1"),
            sort: get("sort").and_then(Sort::from_slug).unwrap_or_default(),
            page,
            per_page,
        }
    }

    /// The URL query string for these filters, at another page.
    pub fn to_query(&self, page: i64) -> String {
        use crate::vocab::Vocab;
        let mut parts: Vec<(String, String)> = Vec::new();
        let mut push = |k: &str, v: &str| parts.push((k.into(), v.into()));
        if !self.q.is_empty() {
            push("q", &self.q);
        }
        if let Some(v) = self.kind {
            push("kind", v.slug());
        }
        if let Some(v) = self.offering {
            push("offering", v.slug());
        }
        if let Some(v) = self.goal {
            push("goal", v.slug());
        }
        if let Some(v) = self.audience {
            push("audience", v.slug());
        }
        if let Some(v) = self.stage {
            push("stage", v.slug());
        }
        if let Some(v) = &self.neighborhood {
            push("neighborhood", v);
        }
        if self.archived {
            push("archived", "1");
        }
        if self.sort != Sort::Name {
            push("sort", self.sort.slug());
        }
        if self.per_page != PER_PAGE {
            push("per_page", &self.per_page.to_string());
        }
        if page > 1 {
            push("page", &page.to_string());
        }
        parts
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// One page of directory results.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DirectoryPage {
    pub rows: Vec<PartnerRow>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub neighborhoods: Vec<String>,
}

impl DirectoryPage {
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page.max(1)).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directory_query_round_trips_through_the_url() {
        let q = DirectoryQuery {
            q: "bake & co".into(),
            offering: Some(Offering::Refreshments),
            neighborhood: Some("Old Mill".into()),
            sort: Sort::Updated,
            page: 3,
            per_page: PER_PAGE,
            ..Default::default()
        };
        let s = q.to_query(3);
        assert_eq!(
            s,
            "q=bake+%26+co&offering=refreshments&neighborhood=Old+Mill&sort=updated&page=3"
        );
        let pairs: Vec<(String, String)> = s
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap();
                (k.to_string(), v.replace('+', " ").replace("%26", "&"))
            })
            .collect();
        let back = DirectoryQuery::from_pairs(|k| {
            pairs
                .iter()
                .find(|(kk, _)| kk == k)
                .map(|(_, v)| v.as_str())
        });
        assert_eq!(back, q);
    }
}

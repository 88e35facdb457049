//! Directory search: filters and text search over the partners table, one page at a time.

use super::directory::{DirectoryPage, DirectoryQuery, PartnerRow, Sort};
use super::repo::{kind, split_tags, stage};
use crate::error::AppError;
use crate::server::db::Db;
use crate::vocab::{from_mask, Vocab};

enum Bind {
    Int(i64),
    Text(String),
}

/// Escapes `%`, `_` and `\` for a `like ... escape '\'` pattern.
pub fn like_pattern(word: &str) -> String {
    let mut out = String::from("%");
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// One page of the directory for the given filters.
pub async fn search(db: &Db, q: &DirectoryQuery) -> Result<DirectoryPage, AppError> {
    let mut conds = vec!["archived = $1".to_string()];
    let mut binds = vec![Bind::Int(i64::from(q.archived))];
    let mut add = |cond: &str, bind: Bind| {
        binds.push(bind);
        conds.push(cond.replace('?', &format!("${}", binds.len())));
    };
    for word in q.q.to_lowercase().split_whitespace().take(8) {
        add(
            "search_text like ? escape '\\'",
            Bind::Text(like_pattern(word)),
        );
    }
    if let Some(v) = q.kind {
        add("kind = ?", Bind::Text(v.slug().into()));
    }
    if let Some(v) = q.stage {
        add("stage = ?", Bind::Text(v.slug().into()));
    }
    if let Some(v) = q.offering {
        add("(offerings & ?) <> 0", Bind::Int(v.bit()));
    }
    if let Some(v) = q.goal {
        add("(goals & ?) <> 0", Bind::Int(v.bit()));
    }
    if let Some(v) = q.audience {
        add("(audiences & ?) <> 0", Bind::Int(v.bit()));
    }
    if let Some(v) = &q.neighborhood {
        add("neighborhood = ?", Bind::Text(v.clone()));
    }
    let filter = conds.join(" and ");
    let order = match q.sort {
        Sort::Name => "name_key, id",
        Sort::Updated => "updated_at desc, id desc",
        Sort::Stage => {
            "case stage when 'active' then 0 when 'contacted' then 1 when 'prospect' then 2 \
             when 'paused' then 3 else 4 end, name_key, id"
        }
        Sort::Neighborhood => "coalesce(lower(neighborhood), '~'), name_key, id",
        Sort::Health => "coalesce(health_score, 101), name_key, id",
    };

    let count_sql = format!("select count(*) from partners where {filter}");
    let mut count = sqlx::query_scalar::<_, i64>(&count_sql);
    for b in &binds {
        count = match b {
            Bind::Int(i) => count.bind(*i),
            Bind::Text(s) => count.bind(s.clone()),
        };
    }
    let total = count.fetch_one(&db.pool).await?;

    let per_page = q.per_page.clamp(1, 200);
    let pages = ((total + per_page - 1) / per_page).max(1);
    let page = q.page.clamp(1, pages);
    let list_sql = format!(
        "select id, name, kind, neighborhood, stage, offerings, goals, tags, archived, updated_at, health_score, \
         health_reasons, health_risks from partners \
         where {filter} order by {order} limit {per_page} offset {}",
        (page - 1) * per_page
    );
    /// A directory line as stored.
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        name: String,
        kind: String,
        neighborhood: Option<String>,
        stage: String,
        offerings: i64,
        goals: i64,
        tags: String,
        archived: i64,
        updated_at: i64,
        health_score: Option<i64>,
        health_reasons: String,
        health_risks: String,
    }
    let mut list = sqlx::query_as::<_, Row>(&list_sql);
    for b in &binds {
        list = match b {
            Bind::Int(i) => list.bind(*i),
            Bind::Text(s) => list.bind(s.clone()),
        };
    }
    let rows = list
        .fetch_all(&db.pool)
        .await?
        .into_iter()
        .map(|r| PartnerRow {
            id: r.id,
            name: r.name,
            kind: kind(&r.kind),
            neighborhood: r.neighborhood,
            stage: stage(&r.stage),
            offerings: from_mask(r.offerings),
            goals: from_mask(r.goals),
            tags: split_tags(&r.tags),
            archived: r.archived == 1,
            updated_at: r.updated_at,
            health: r.health_score,
            health_reasons: r.health_reasons,
            health_risks: r.health_risks,
        })
        .collect();
    Ok(DirectoryPage {
        rows,
        total,
        page,
        per_page,
        neighborhoods: neighborhoods(db).await?,
    })
}

/// Every neighborhood in use, for the filter.
pub async fn neighborhoods(db: &Db) -> Result<Vec<String>, AppError> {
    Ok(sqlx::query_scalar(
        "select distinct neighborhood from partners where neighborhood is not null and archived = 0 order by neighborhood",
    )
    .fetch_all(&db.pool)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }
}

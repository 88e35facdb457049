//! The two migration folders build the same schema. Each is applied to a fresh database, the
//! result is read back from the database's own catalogue, normalised (type names, defaults,
//! identity columns, constraint names) and compared: tables, columns, primary keys, foreign keys,
//! indexes (unique or not, partial or not, their columns in order) and check constraints.

use std::collections::{BTreeMap, BTreeSet};

use crate::common::TestApp;

/// One table as both databases can describe it.
#[derive(Debug, Default, PartialEq, Eq)]
struct Table {
    /// name -> (kind, not null, default)
    columns: BTreeMap<String, (String, bool, Option<String>)>,
    primary_key: Vec<String>,
    /// (columns, referenced table, referenced columns)
    foreign_keys: BTreeSet<(String, String, String)>,
    /// (columns in order, unique, partial); primary keys left out
    indexes: BTreeSet<(String, bool, bool)>,
    checks: usize,
}

type Schema = BTreeMap<String, Table>;

/// Integer widths are one kind (SQLite has one integer type), as are the float types.
fn kind(declared: &str) -> String {
    let d = declared.to_ascii_lowercase();
    if d.contains("int") {
        "integer".into()
    } else if d.contains("real") || d.contains("double") || d.contains("float") {
        "real".into()
    } else if d.contains("char") || d.contains("text") || d.contains("clob") {
        "text".into()
    } else {
        d
    }
}

/// `'queued'::text` and `'queued'` are one default; so are `(0)` and `0`.
fn default(value: Option<String>) -> Option<String> {
    let v = value?;
    let v = v.split("::").next().unwrap_or_default();
    Some(
        v.trim()
            .trim_matches(|c| c == '(' || c == ')')
            .trim_matches('\'')
            .to_ascii_lowercase(),
    )
}

async fn sqlite_schema(app: &TestApp) -> Schema {
    let pool = &app.state.db.pool;
    let tables: Vec<(String, String)> = sqlx::query_as(
        "select name, sql from sqlite_master where type = 'table' \
         and name not like 'sqlite_%' and name not like '_sqlx%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut schema = Schema::new();
    for (name, sql) in tables {
        let mut t = Table::default();
        let columns: Vec<(String, String, i64, Option<String>, i64)> = sqlx::query_as(
            "select name, type, \"notnull\", dflt_value, pk from pragma_table_info($1) order by cid",
        )
        .bind(&name)
        .fetch_all(pool)
        .await
        .unwrap();
        let mut pk: Vec<(i64, String)> = Vec::new();
        for (col, ty, not_null, dflt, in_pk) in columns {
            if in_pk > 0 {
                pk.push((in_pk, col.clone()));
            }
            // A primary key column is never null, whatever SQLite's catalogue says.
            t.columns
                .insert(col, (kind(&ty), not_null == 1 || in_pk > 0, default(dflt)));
        }
        pk.sort();
        t.primary_key = pk.into_iter().map(|(_, c)| c).collect();
        let fks: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
            "select id, \"table\", \"from\", \"to\" from pragma_foreign_key_list($1) order by id, seq",
        )
        .bind(&name)
        .fetch_all(pool)
        .await
        .unwrap();
        let mut grouped: BTreeMap<i64, (String, Vec<String>, Vec<String>)> = BTreeMap::new();
        for (id, to_table, from, to) in fks {
            let e = grouped
                .entry(id)
                .or_insert((to_table, Vec::new(), Vec::new()));
            e.1.push(from);
            e.2.push(to.unwrap_or_else(|| "id".into()));
        }
        for (to_table, from, to) in grouped.into_values() {
            t.foreign_keys
                .insert((from.join(","), to_table, to.join(",")));
        }
        let indexes: Vec<(String, i64, String, i64)> =
            sqlx::query_as("select name, \"unique\", origin, partial from pragma_index_list($1)")
                .bind(&name)
                .fetch_all(pool)
                .await
                .unwrap();
        for (index, unique, origin, partial) in indexes {
            if origin == "pk" {
                continue;
            }
            let cols: Vec<String> =
                sqlx::query_scalar("select name from pragma_index_info($1) order by seqno")
                    .bind(&index)
                    .fetch_all(pool)
                    .await
                    .unwrap();
            t.indexes
                .insert((cols.join(","), unique == 1, partial == 1));
        }
        t.checks = sql.to_ascii_lowercase().matches("check (").count()
            + sql.to_ascii_lowercase().matches("check(").count();
        schema.insert(name, t);
    }
    schema
}

async fn postgres_schema(app: &TestApp) -> Schema {
    let pool = &app.state.db.pool;
    let tables: Vec<String> = sqlx::query_scalar(
        "select table_name::text from information_schema.tables \
         where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like '_sqlx%'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut schema = Schema::new();
    for name in tables {
        let mut t = Table::default();
        let columns: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
            "select column_name::text, data_type::text, is_nullable::text, column_default::text \
             from information_schema.columns where table_schema = 'public' and table_name = $1 \
             order by ordinal_position",
        )
        .bind(&name)
        .fetch_all(pool)
        .await
        .unwrap();
        for (col, ty, nullable, dflt) in columns {
            t.columns
                .insert(col, (kind(&ty), nullable == "NO", default(dflt)));
        }
        t.primary_key = sqlx::query_scalar(
            "select a.attname::text from pg_index i \
             join unnest(i.indkey) with ordinality k(attnum, n) on true \
             join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum \
             where i.indrelid = $1::regclass and i.indisprimary order by k.n",
        )
        .bind(&name)
        .fetch_all(pool)
        .await
        .unwrap();
        let fks: Vec<(String, String, String)> = sqlx::query_as(
            "select \
               (select string_agg(a.attname, ',' order by k.n) from unnest(c.conkey) with ordinality k(attnum, n) \
                join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum), \
               c.confrelid::regclass::text, \
               (select string_agg(a.attname, ',' order by k.n) from unnest(c.confkey) with ordinality k(attnum, n) \
                join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum) \
             from pg_constraint c where c.conrelid = $1::regclass and c.contype = 'f'",
        )
        .bind(&name)
        .fetch_all(pool)
        .await
        .unwrap();
        t.foreign_keys = fks.into_iter().collect();
        let indexes: Vec<(String, bool, bool)> = sqlx::query_as(
            "select \
               (select string_agg(a.attname, ',' order by k.n) from unnest(i.indkey) with ordinality k(attnum, n) \
                join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum), \
               i.indisunique, i.indpred is not null \
             from pg_index i where i.indrelid = $1::regclass and not i.indisprimary",
        )
        .bind(&name)
        .fetch_all(pool)
        .await
        .unwrap();
        t.indexes = indexes.into_iter().collect();
        let checks: i64 = sqlx::query_scalar(
            "select count(*) from pg_constraint where conrelid = $1::regclass and contype = 'c'",
        )
        .bind(&name)
        .fetch_one(pool)
        .await
        .unwrap();
        t.checks = checks as usize;
        schema.insert(name, t);
    }
    schema
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_migration_folders_build_the_same_schema() {
    crate::common::within_limit(async {
        let lite = TestApp::sqlite_with(|_| {}).await;
        let Some(pg) = TestApp::postgres_with(|_| {}).await else {
            return;
        };
        let (a, b) = (sqlite_schema(&lite).await, postgres_schema(&pg).await);
        assert!(a.len() > 20, "the schema was read: {:?}", a.keys());
        let names: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        let mut differences = Vec::new();
        for name in names {
            match (a.get(name), b.get(name)) {
                (Some(x), Some(y)) if x == y => {}
                (x, y) => {
                    differences.push(format!("{name}:\n  sqlite:   {x:?}\n  postgres: {y:?}"))
                }
            }
        }
        assert!(
            differences.is_empty(),
            "the migration folders differ:\n{}",
            differences.join("\n")
        );
    })
    .await
}

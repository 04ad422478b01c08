//! Storing a tablet's items of one kind in as few statements as the batch allows.
//!
//! Each statement is a round trip to PostgreSQL (and a wait behind the others on the connection
//! every school shares), so a sync's five lesson records are one multi-row
//! `INSERT … ON CONFLICT (id) DO NOTHING RETURNING id` rather than five `INSERT`s; the ids it
//! returns are the rows it wrote, the rest were there already.

use std::collections::HashSet;

use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, Row};

use super::{Result, Written};

pub(super) type AnyQuery<'q> = Query<'q, Any, AnyArguments<'q>>;

/// Parameters a statement at most: well under SQLite's 32,766 and PostgreSQL's 65,535.
const MAX_PARAMETERS: usize = 30_000;

/// Inserts `rows` into `table`, `columns` first the text `id`; `bind` binds one row's values in
/// the columns' order. Answers per row, in order: stored, or already there (an id twice in
/// `rows` is stored by the first and a duplicate for the second, as with separate statements).
pub(super) async fn insert_new<T>(
    conn: &mut AnyConnection,
    table: &str,
    columns: &[&str],
    rows: &[T],
    id: impl Fn(&T) -> String,
    bind: impl for<'q> Fn(AnyQuery<'q>, &'q T) -> AnyQuery<'q>,
) -> Result<Vec<Written>> {
    let mut inserted = HashSet::new();
    for chunk in rows.chunks((MAX_PARAMETERS / columns.len()).max(1)) {
        let sql = statement(table, columns, chunk.len());
        let mut query = sqlx::query(&sql);
        for row in chunk {
            query = bind(query, row);
        }
        for row in query.fetch_all(&mut *conn).await? {
            inserted.insert(row.get::<String, _>(0));
        }
    }
    // In order, the first mention of an inserted id is the one that stored it.
    Ok(rows
        .iter()
        .map(|row| {
            if inserted.remove(&id(row)) {
                Written::Stored
            } else {
                Written::Duplicate
            }
        })
        .collect())
}

/// `INSERT INTO table (columns) VALUES ($1, …), ($n, …), … ON CONFLICT (id) DO NOTHING
/// RETURNING id`.
fn statement(table: &str, columns: &[&str], rows: usize) -> String {
    let width = columns.len();
    let values: Vec<String> = (0..rows)
        .map(|r| {
            let p: Vec<String> = (1..=width).map(|c| format!("${}", r * width + c)).collect();
            format!("({})", p.join(", "))
        })
        .collect();
    format!(
        "INSERT INTO {table} ({}) VALUES {} ON CONFLICT (id) DO NOTHING RETURNING id",
        columns.join(", "),
        values.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_statement_numbers_every_rows_parameters_in_turn() {
        assert_eq!(
            statement("t", &["id", "a"], 2),
            "INSERT INTO t (id, a) VALUES ($1, $2), ($3, $4) ON CONFLICT (id) DO NOTHING RETURNING id"
        );
    }
}

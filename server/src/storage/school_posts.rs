//! The school's own news and guides for parents (`school_posts`) and their pictures
//! (`school_post_pictures`, through [`stored_files`](super::stored_files)). Posts are only ever
//! added and taken down (a trigger refuses any other change).

use kite_protocol::pupil_record::YearGroup;
use kite_protocol::school_posts::{PostKind, SchoolPost, SchoolPostRow};
use sqlx::any::AnyRow;
use sqlx::Row;

use super::{Result, StorageError, Store};
use crate::ids::{PupilId, StaffId};

/// A post as written, ready to keep (checked by the route).
pub struct NewPost<'a> {
    pub kind: PostKind,
    pub title: &'a str,
    pub text: &'a str,
    pub picture: Option<(i64, &'a str)>,
    pub years: &'a [YearGroup],
    pub published_on: &'a str,
}

const SELECT: &str = "SELECT p.id, p.kind, p.title, p.body, p.picture_id, p.picture_alt, p.years, \
     p.published_on, p.posted_at_ms, p.taken_down_at_ms, s.name AS posted_by \
     FROM school_posts p JOIN staff s ON s.id = p.posted_by";

/// Year groups as the `years` column keeps them: `y3,y4`, empty for every family.
fn years_text(years: &[YearGroup]) -> String {
    let mut years = years.to_vec();
    years.sort();
    years.dedup();
    years
        .iter()
        .map(|y| y.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn row_to_post(r: &AnyRow) -> Result<SchoolPostRow> {
    let kind: String = r.get("kind");
    let years: String = r.get("years");
    let years = years
        .split(',')
        .filter(|y| !y.is_empty())
        .map(|y| {
            YearGroup::parse(y).ok_or_else(|| StorageError::Corrupt(format!("year group {y:?}")))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(SchoolPostRow {
        post: SchoolPost {
            id: r.get("id"),
            kind: PostKind::parse(&kind)
                .ok_or_else(|| StorageError::Corrupt(format!("post kind {kind:?}")))?,
            title: r.get("title"),
            text: r.get("body"),
            picture_id: r.get("picture_id"),
            picture_alt: r.get("picture_alt"),
            published_on: r.get("published_on"),
        },
        years,
        posted_by: r.get("posted_by"),
        posted_at_ms: r.get("posted_at_ms"),
        taken_down_at_ms: r.get("taken_down_at_ms"),
    })
}

impl Store {
    /// Keeps a new post; its id.
    pub async fn add_school_post(
        &self,
        post: &NewPost<'_>,
        by: StaffId,
        now_ms: i64,
    ) -> Result<i64> {
        let (picture_id, picture_alt) = post.picture.unzip();
        let row = sqlx::query(
            "INSERT INTO school_posts (kind, title, body, picture_id, picture_alt, years, \
             published_on, posted_by, posted_at_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(post.kind.as_str())
        .bind(post.title)
        .bind(post.text)
        .bind(picture_id)
        .bind(picture_alt)
        .bind(years_text(post.years))
        .bind(post.published_on)
        .bind(by)
        .bind(now_ms)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.get("id"))
    }

    /// Every post, taken down too, newest first.
    pub async fn school_posts(&self) -> Result<Vec<SchoolPostRow>> {
        let rows = sqlx::query(&format!("{SELECT} ORDER BY p.published_on DESC, p.id DESC"))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(row_to_post).collect()
    }

    pub async fn school_post(&self, id: i64) -> Result<Option<SchoolPostRow>> {
        let row = sqlx::query(&format!("{SELECT} WHERE p.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(row_to_post).transpose()
    }

    /// The posts parents see on `today` (`YYYY-MM-DD`): published by then and not taken down,
    /// newest first; the caller picks those for the family's year groups.
    pub async fn live_school_posts(&self, today: &str) -> Result<Vec<SchoolPostRow>> {
        let rows = sqlx::query(&format!(
            "{SELECT} WHERE p.taken_down_at_ms IS NULL AND p.published_on <= $1 \
             ORDER BY p.published_on DESC, p.id DESC"
        ))
        .bind(today)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(row_to_post).collect()
    }

    /// Takes a post down; false when there is no such post still shown.
    pub async fn take_down_school_post(&self, id: i64, by: StaffId, now_ms: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE school_posts SET taken_down_at_ms = $1, taken_down_by = $2 \
             WHERE id = $3 AND taken_down_at_ms IS NULL",
        )
        .bind(now_ms)
        .bind(by)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The year groups of a pupil's class (two for a mixed-age class; none when the class's
    /// year isn't set, or the pupil has left).
    pub async fn pupil_year_groups(&self, pupil_id: PupilId) -> Result<Vec<YearGroup>> {
        let row = sqlx::query(
            "SELECT c.year_group, c.second_year_group FROM pupils p \
             JOIN classes c ON c.id = p.class_id WHERE p.id = $1 AND p.left_at_ms IS NULL",
        )
        .bind(pupil_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row
            .map(|r| {
                ["year_group", "second_year_group"]
                    .iter()
                    .filter_map(|c| r.get::<Option<String>, _>(*c))
                    .filter_map(|y| YearGroup::parse(&y))
                    .collect()
            })
            .unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_kept_in_order_once_each() {
        use YearGroup::*;
        assert_eq!(years_text(&[Y4, Y3, Y4]), "y3,y4");
        assert_eq!(years_text(&[]), "");
    }
}

//! The school's own news and guides on the parents' page: those for every family, and those for
//! a year group any of the family's children is in (a child's class's year, both years of a
//! mixed-age class), published by today and not taken down. The same for each child's page: a
//! family reads the school's news once, whichever child is on screen.

use std::collections::BTreeSet;

use axum::extract::Path;
use axum::Json;
use kite_protocol::pupil_record::YearGroup;
use kite_protocol::school_posts::SchoolPost;

use crate::calendar::iso_date;
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::parents::extract::ParentUser;
use crate::http::staff::stored_file;
use crate::http::School;
use crate::state::AppState;
use crate::storage::stored_files::FileStore;

/// The posts this family sees today, newest first.
async fn family_posts(state: &AppState, parent: &ParentUser) -> Result<Vec<SchoolPost>, ApiError> {
    let mut years = BTreeSet::<YearGroup>::new();
    for child in &parent.family {
        years.extend(state.storage.pupil_year_groups(*child).await?);
    }
    Ok(state
        .storage
        .live_school_posts(&iso_date(now_ms()))
        .await?
        .into_iter()
        .filter(|row| row.years.is_empty() || row.years.iter().any(|y| years.contains(y)))
        .map(|row| row.post)
        .collect())
}

/// `GET /api/v1/parents/news`.
#[utoipa::path(
    get,
    path = "/parents/news",
    tag = crate::http::openapi::TAG_PARENTS,
    operation_id = "parents_news",
    params(crate::http::parents::extract::ChildChoice),
    responses((status = 200, description = "The school's news and guides for this family, newest first", body = Vec<SchoolPost>)),
    security(("parent_session" = [])),
)]
pub async fn news(
    School(state): School,
    parent: ParentUser,
) -> Result<Json<Vec<SchoolPost>>, ApiError> {
    Ok(Json(family_posts(&state, &parent).await?))
}

/// `GET /api/v1/parents/news/pictures/{id}`: a picture of a post this family sees.
#[utoipa::path(
    get,
    path = "/parents/news/pictures/{id}",
    tag = crate::http::openapi::TAG_PARENTS,
    operation_id = "parents_news_picture",
    params(("id" = i64, Path, description = "The picture (a post's `picture_id`)")),
    responses(
        (status = 200, description = "The image", content(("image/png"), ("image/jpeg"), ("image/webp"))),
        (status = 404, description = "Not a picture of a post this family sees"),
    ),
    security(("parent_session" = [])),
)]
pub async fn picture(
    School(state): School,
    parent: ParentUser,
    Path(id): Path<i64>,
) -> Result<axum::response::Response, ApiError> {
    // Only a picture on a post the family sees: not another year's, nor one taken down.
    if !family_posts(&state, &parent)
        .await?
        .iter()
        .any(|p| p.picture_id == Some(id))
    {
        return Err(ApiError::NotFound);
    }
    stored_file::serve_unaudited(&state, FileStore::SchoolPosts, id).await
}

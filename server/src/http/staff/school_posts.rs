//! The school's own news and guides for parents, written by an admin or the DSL: a title, plain
//! paragraphs, an optional picture (an image, at most 1 MB, uploaded first), which year groups'
//! families see it and from which day. A post is never edited; a news item (or a guide) can be
//! taken down, and stays in the list. Parents read them at `/parents/news`.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::Path;
use axum::Json;
use kite_protocol::school_posts::{NewSchoolPost, SchoolPostRow, MAX_POST_PICTURE_BYTES};

use super::extract::AdminOrDsl;
use super::school::image_type;
use super::stored_file;
use crate::calendar::{date, iso_date, parse_iso, start_ms, ymd};
use crate::clock::now_ms;
use crate::error::ApiError;
use crate::http::api_json::ApiJson;
use crate::http::School;
use crate::state::AppState;
use crate::storage::school_posts::NewPost;
use crate::storage::stored_files::FileStore;

const PICTURE_TOO_BIG: &str =
    "the picture is too big: the most is 1 MB; save it smaller (or send it as a JPEG) and try again";
const PICTURE_NOT_IMAGE: &str = "the picture must be a photo or image: PNG, JPEG or WebP";

/// `GET /api/v1/staff/parents-news`: every post, taken down too.
#[utoipa::path(
    get,
    path = "/staff/parents-news",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_parents_news",
    summary = "The school's news and guides for parents, taken down ones too",
    responses((status = 200, description = "Newest first", body = Vec<SchoolPostRow>)),
    security(("staff_session" = [])),
)]
pub async fn list(
    School(state): School,
    AdminOrDsl(_user): AdminOrDsl,
) -> Result<Json<Vec<SchoolPostRow>>, ApiError> {
    Ok(Json(state.storage.school_posts().await?))
}

/// `POST /api/v1/staff/parents-news`: a new post for parents.
#[utoipa::path(
    post,
    path = "/staff/parents-news",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_post_parents_news",
    summary = "Post news or a guide for parents",
    request_body = NewSchoolPost,
    responses(
        (status = 200, description = "The post as kept", body = SchoolPostRow),
        (status = 400, description = "What is wrong, for one field", body = kite_protocol::device::ApiError),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn post(
    School(state): School,
    AdminOrDsl(user): AdminOrDsl,
    ApiJson(req): ApiJson<NewSchoolPost>,
) -> Result<Json<SchoolPostRow>, ApiError> {
    if let Some(p) = req.problems().into_iter().next() {
        return Err(ApiError::BadRequest(p.message.into()));
    }
    let now = now_ms();
    let today = date(now);
    let published_on = match req.published_on.trim() {
        "" => today,
        typed => parse_iso(typed).ok_or_else(|| {
            ApiError::BadRequest("please give the day it shows from, like 2026-09-04".into())
        })?,
    };
    let a_year_on = ymd(
        today.year() + 1,
        u8::from(today.month()),
        today.day().min(28),
    );
    if a_year_on.is_some_and(|limit| published_on > limit) {
        return Err(ApiError::BadRequest(
            "the day it shows from is more than a year away; please check it".into(),
        ));
    }
    let picture_alt = req.picture_alt.trim();
    if let Some(id) = req.picture_id {
        if state
            .storage
            .file_type(FileStore::SchoolPosts, id)
            .await?
            .is_none()
        {
            return Err(ApiError::BadRequest(
                "the picture wasn't kept; please choose it again".into(),
            ));
        }
    }
    let title = req.title.trim();
    let id = state
        .storage
        .add_school_post(
            &NewPost {
                kind: req.kind,
                title,
                text: req.text.trim(),
                picture: req.picture_id.map(|id| (id, picture_alt)),
                years: &req.years,
                published_on: &iso_date(start_ms(published_on)),
            },
            user.staff.id,
            now,
        )
        .await?;
    user.audit(
        &state,
        "parents_news_posted",
        None,
        &format!("{} {id}: {title}", req.kind.as_str()),
    )
    .await?;
    Ok(Json(post_row(&state, id).await?))
}

/// One post as the school's list shows it, or 404.
async fn post_row(state: &AppState, id: i64) -> Result<SchoolPostRow, ApiError> {
    state
        .storage
        .school_post(id)
        .await?
        .ok_or(ApiError::NotFound)
}

/// `POST /api/v1/staff/parents-news/{id}/take-down`: parents no longer see it; the school's list
/// keeps it.
#[utoipa::path(
    post,
    path = "/staff/parents-news/{id}/take-down",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_take_down_parents_news",
    summary = "Take a post for parents down (it stays in the school's list)",
    params(("id" = i64, Path, description = "The post")),
    responses(
        (status = 200, description = "The post, taken down", body = SchoolPostRow),
        (status = 400, description = "Already taken down", body = kite_protocol::device::ApiError),
        (status = 404, description = "No such post"),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn take_down(
    School(state): School,
    AdminOrDsl(user): AdminOrDsl,
    Path(id): Path<i64>,
) -> Result<Json<SchoolPostRow>, ApiError> {
    let post = post_row(&state, id).await?;
    if !state
        .storage
        .take_down_school_post(id, user.staff.id, now_ms())
        .await?
    {
        return Err(ApiError::BadRequest(
            "that post was taken down already; please reload the page".into(),
        ));
    }
    user.audit(
        &state,
        "parents_news_taken_down",
        None,
        &format!("{} {id}: {}", post.post.kind.as_str(), post.post.title),
    )
    .await?;
    Ok(Json(post_row(&state, id).await?))
}

/// `POST /api/v1/staff/parents-news/pictures`: a picture for a post (the raw bytes as the body);
/// answers its id to post with.
#[utoipa::path(
    post,
    path = "/staff/parents-news/pictures",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_parents_news_picture_upload",
    summary = "Upload a picture for a post for parents (the raw bytes as the body)",
    request_body(description = "The image: PNG, JPEG or WebP", content(("image/png"), ("image/jpeg"), ("image/webp"))),
    responses(
        (status = 200, description = "The picture's id, to post with", body = Object, example = json!({"id": 1})),
        (status = 400, description = "Not a PNG, JPEG or WebP image", body = kite_protocol::device::ApiError),
        (status = 413, description = "Larger than 1 MB", body = kite_protocol::device::ApiError),
    ),
    security(("staff_session" = [], "csrf_token" = [])),
)]
pub async fn upload_picture(
    School(state): School,
    AdminOrDsl(user): AdminOrDsl,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    // Past the route's body limit the body isn't read at all; either way the admin is told
    // what the most is.
    let body = body.map_err(|_| ApiError::TooLargeBecause(PICTURE_TOO_BIG))?;
    if body.len() > MAX_POST_PICTURE_BYTES {
        return Err(ApiError::TooLargeBecause(PICTURE_TOO_BIG));
    }
    stored_file::keep(
        &state,
        &user,
        FileStore::SchoolPosts,
        &body,
        image_type,
        PICTURE_NOT_IMAGE,
    )
    .await
}

/// `GET /api/v1/staff/parents-news/pictures/{id}`: a post's picture, for the staff page.
#[utoipa::path(
    get,
    path = "/staff/parents-news/pictures/{id}",
    tag = crate::http::openapi::TAG_STAFF,
    operation_id = "staff_parents_news_picture",
    summary = "A picture for a post for parents",
    params(("id" = i64, Path, description = "The picture")),
    responses(
        (status = 200, description = "The image", content(("image/png"), ("image/jpeg"), ("image/webp"))),
        (status = 404, description = "No such picture"),
    ),
    security(("staff_session" = [])),
)]
pub async fn picture(
    School(state): School,
    AdminOrDsl(_user): AdminOrDsl,
    Path(id): Path<i64>,
) -> Result<axum::response::Response, ApiError> {
    // The pictures are for every family to see, so reading one isn't audited.
    stored_file::serve_unaudited(&state, FileStore::SchoolPosts, id).await
}

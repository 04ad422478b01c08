//! `/api/v1/authority/schools`: the directory of schools, for the authority's own tooling (what
//! `kite-server school …` does, over HTTP). On only when the server has an authority token
//! (`KITE_AUTHORITY_TOKEN`), and answered only at an address that isn't a school's (the server's
//! own, or the trust's: `http::hosts`); everywhere else a 404. A change is written to the
//! directory (file or database), applied on this server at once and on the others at their next
//! poll. Each change is written to the server log (target `kite_server::authority`): there is
//! no school whose audit log it belongs in, and the trust's is the trust's staff's.

use std::sync::Arc;

use axum::extract::Path;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json, Router};
use kite_protocol::device::ApiError as ApiErrorBody;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::api_json::ApiJson;
use super::openapi::TAG_SERVER;
use crate::error::ApiError;
use crate::schools::directory::check_slug;
use crate::schools::{Directory, LiveSchools, SchoolEntry};

/// What the API needs: the live set of schools (and where their directory is kept) and the
/// token's hash (compared in constant time; the token itself isn't kept).
pub struct DirectoryAdmin {
    live: Arc<LiveSchools>,
    token_hash: [u8; 32],
}

/// The routes, for any router state: the schools' API (where they answer 404, having no
/// `DirectoryAdmin`) and the router `authority_router` makes.
pub fn routes<S: Clone + Send + Sync + 'static>() -> OpenApiRouter<S> {
    OpenApiRouter::new()
        .routes(routes!(list_schools))
        .routes(routes!(put_school, delete_school))
}

/// The router that answers the API at the server's own address, or `None` when no token is set.
pub fn authority_router(live: Arc<LiveSchools>, token: Option<&str>) -> Option<Router> {
    let token = token.filter(|t| !t.trim().is_empty())?;
    let admin = Arc::new(DirectoryAdmin {
        live,
        token_hash: Sha256::digest(token.trim().as_bytes()).into(),
    });
    let (api, _) = routes::<()>().split_for_parts();
    let api = api.fallback(|| async { ApiError::NotFound });
    Some(
        Router::new()
            .nest("/api/v1", api)
            .layer(Extension(admin))
            .layer(axum::middleware::from_fn(
                super::cache_control::set_cache_control,
            )),
    )
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SchoolsView {
    pub schools: Vec<SchoolView>,
    /// The trust's name and hosts, if the server has a trust.
    pub trust: Option<TrustView>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SchoolView {
    pub slug: String,
    pub name: String,
    pub hosts: Vec<String>,
    /// Paused: its hosts answer "This school's Kite is paused", its data is kept.
    pub suspended: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TrustView {
    pub name: String,
    pub hosts: Vec<String>,
}

/// A school added, or changed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SchoolPut {
    pub name: String,
    /// Host names without a port, each belonging to one school only.
    pub hosts: Vec<String>,
    /// Pause (true) or resume (false) the school; left out, a school keeps its state and a new
    /// one is served.
    #[serde(default)]
    pub suspended: Option<bool>,
}

impl From<&SchoolEntry> for SchoolView {
    fn from(s: &SchoolEntry) -> Self {
        Self {
            slug: s.slug.clone(),
            name: s.name.clone(),
            hosts: s.hosts.clone(),
            suspended: s.suspended,
        }
    }
}

impl From<&Directory> for SchoolsView {
    fn from(d: &Directory) -> Self {
        Self {
            schools: d.schools.iter().map(SchoolView::from).collect(),
            trust: d.trust.as_ref().map(|t| TrustView {
                name: t.name.clone(),
                hosts: t.hosts.clone(),
            }),
        }
    }
}

/// Why a request was turned away.
enum Refused {
    /// No token is set, or this is a school's host.
    Off,
    WrongToken,
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        match self {
            Refused::Off => ApiError::NotFound.into_response(),
            Refused::WrongToken => (
                StatusCode::UNAUTHORIZED,
                [(header::WWW_AUTHENTICATE, "Bearer")],
                Json(ApiErrorBody {
                    error: "this needs the server's authority token (Authorization: Bearer …)"
                        .into(),
                }),
            )
                .into_response(),
        }
    }
}

/// The admin, when the request carries the token.
fn authorised(
    admin: Option<Extension<Arc<DirectoryAdmin>>>,
    headers: &HeaderMap,
) -> Result<Arc<DirectoryAdmin>, Refused> {
    let Some(Extension(admin)) = admin else {
        return Err(Refused::Off);
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    let given: [u8; 32] = Sha256::digest(given.trim().as_bytes()).into();
    if bool::from(given.ct_eq(&admin.token_hash)) {
        Ok(admin)
    } else {
        Err(Refused::WrongToken)
    }
}

/// `GET /api/v1/authority/schools`.
#[utoipa::path(
    get,
    path = "/authority/schools",
    tag = TAG_SERVER,
    operation_id = "authority_schools",
    summary = "The directory of schools: each school's slug, name, hosts and whether it is paused",
    description = "Who may call it: the authority's tooling, with the server's authority token \
                   (KITE_AUTHORITY_TOKEN), at the server's own address or the trust's. Off (404) \
                   when the server has no token, and at a school's address.",
    responses(
        (status = 200, description = "The directory as it is kept", body = SchoolsView),
        (status = 401, description = "The token is missing or wrong", body = ApiErrorBody),
        (status = 404, description = "The API is off, or this is a school's address", body = ApiErrorBody),
    ),
    security(("authority_token" = [])),
)]
pub async fn list_schools(
    admin: Option<Extension<Arc<DirectoryAdmin>>>,
    headers: HeaderMap,
) -> Response {
    let admin = match authorised(admin, &headers) {
        Ok(admin) => admin,
        Err(refused) => return refused.into_response(),
    };
    match admin.live.source().load().await {
        Ok(directory) => Json(SchoolsView::from(&directory.unwrap_or_default())).into_response(),
        Err(e) => ApiError::internal(e).into_response(),
    }
}

/// `PUT /api/v1/authority/schools/{slug}`.
#[utoipa::path(
    put,
    path = "/authority/schools/{slug}",
    tag = TAG_SERVER,
    operation_id = "authority_put_school",
    summary = "Add a school, or change its name, hosts or pause",
    description = "Who may call it: the authority's tooling, with the server's authority token. \
                   Served by this server when it answers, by the others within their poll \
                   (--schools-poll). A new school's database is made and migrated as it opens; \
                   make its first admin with `kite-server staff add --school <slug> … --role admin`.",
    params(("slug" = String, Path, description = "Short and lowercase: oak, st-marys")),
    request_body = SchoolPut,
    responses(
        (status = 200, description = "The school as the directory now has it", body = SchoolView),
        (status = 400, description = "A bad slug, name or host, or a host another school has", body = ApiErrorBody),
        (status = 401, description = "The token is missing or wrong", body = ApiErrorBody),
        (status = 404, description = "The API is off, or this is a school's address", body = ApiErrorBody),
    ),
    security(("authority_token" = [])),
)]
pub async fn put_school(
    admin: Option<Extension<Arc<DirectoryAdmin>>>,
    headers: HeaderMap,
    Path(slug): Path<String>,
    body: Result<ApiJson<SchoolPut>, ApiError>,
) -> Response {
    let admin = match authorised(admin, &headers) {
        Ok(admin) => admin,
        Err(refused) => return refused.into_response(),
    };
    let ApiJson(put) = match body {
        Ok(body) => body,
        Err(e) => return e.into_response(),
    };
    if let Err(e) = check_slug(&slug) {
        return ApiError::BadRequest(e.to_string()).into_response();
    }
    let changed = admin
        .live
        .source()
        .change(|d| {
            d.put_school(&slug, &put.name, &put.hosts)?;
            if let Some(suspended) = put.suspended {
                d.set_suspended(&slug, suspended)?;
            }
            Ok(())
        })
        .await;
    let directory = match changed {
        Ok((directory, ())) => directory,
        Err(e) => return ApiError::BadRequest(format!("{e:#}")).into_response(),
    };
    let Some(school) = directory.school(&slug) else {
        return ApiError::NotFound.into_response();
    };
    tracing::info!(
        target: "kite_server::authority",
        school = slug,
        name = school.name,
        hosts = school.hosts.join(" "),
        suspended = school.suspended,
        "the authority's API put a school in the directory"
    );
    applied_here(&admin).await;
    Json(SchoolView::from(school)).into_response()
}

/// `DELETE /api/v1/authority/schools/{slug}`.
#[utoipa::path(
    delete,
    path = "/authority/schools/{slug}",
    tag = TAG_SERVER,
    operation_id = "authority_delete_school",
    summary = "Take a school out of the directory (its data is kept)",
    description = "Who may call it: the authority's tooling, with the server's authority token. \
                   Its hosts then answer 404 \"No school on this server has this address\". Its \
                   database is not deleted: putting the school back with the same slug serves \
                   it again as it was.",
    params(("slug" = String, Path, description = "The school's slug")),
    responses(
        (status = 204, description = "Taken out"),
        (status = 401, description = "The token is missing or wrong", body = ApiErrorBody),
        (status = 404, description = "No such school, the API is off, or this is a school's address", body = ApiErrorBody),
    ),
    security(("authority_token" = [])),
)]
pub async fn delete_school(
    admin: Option<Extension<Arc<DirectoryAdmin>>>,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Response {
    let admin = match authorised(admin, &headers) {
        Ok(admin) => admin,
        Err(refused) => return refused.into_response(),
    };
    let known = match admin.live.source().load().await {
        Ok(d) => d.is_some_and(|d| d.school(&slug).is_some()),
        Err(e) => return ApiError::internal(e).into_response(),
    };
    if !known {
        return ApiError::NotFound.into_response();
    }
    if let Err(e) = admin.live.source().change(|d| d.remove_school(&slug)).await {
        return ApiError::BadRequest(format!("{e:#}")).into_response();
    }
    tracing::info!(
        target: "kite_server::authority",
        school = slug,
        "the authority's API took a school out of the directory (its data is kept)"
    );
    applied_here(&admin).await;
    StatusCode::NO_CONTENT.into_response()
}

/// Applies the change on this server now, rather than at its next poll.
async fn applied_here(admin: &DirectoryAdmin) {
    if let Err(e) = admin.live.refresh().await {
        tracing::warn!(
            error = format!("{e:#}"),
            "applying the directory of schools"
        );
    }
}

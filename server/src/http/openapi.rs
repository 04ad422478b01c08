//! `GET /api/v1/openapi.json`: the API described as OpenAPI 3.1. The document comes out of the
//! same `OpenApiRouter` the server routes with (`http::api()`), each operation from its handler's
//! `#[utoipa::path]` (path and query parameters, request body, answers, security), so a route
//! can't be served undocumented or documented unserved. Who may call each staff and parents'
//! route is added from their access tables. JSON only; no Swagger UI is served.

use std::sync::OnceLock;

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use kite_protocol::device::ApiError as ApiErrorBody;
use utoipa::openapi::path::{HttpMethod, Operation};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, InfoBuilder, OpenApi, Ref, RefOr, ResponseBuilder};
use utoipa::{PartialSchema, ToSchema};
use utoipa_axum::router::OpenApiRouter;

use super::parents::ParentAccess;
use super::staff::{self, Access};

/// Names of the security schemes the handlers' `security(…)` refer to.
pub const STAFF_SESSION: &str = "staff_session";
pub const PARENT_SESSION: &str = "parent_session";
pub const CSRF_TOKEN: &str = "csrf_token";
pub const DEVICE_TOKEN: &str = "device_token";
pub const METRICS_TOKEN: &str = "metrics_token";
pub const AUTHORITY_TOKEN: &str = "authority_token";

/// Tags grouping the operations.
pub const TAG_TABLET: &str = "tablet";
pub const TAG_STAFF: &str = "staff";
pub const TAG_PARENTS: &str = "parents";
pub const TAG_SERVER: &str = "server";
pub const TAG_VISITORS: &str = "visitors";

fn staff_who(access: Access) -> &'static str {
    match access {
        Access::Public => "anyone (signing in)",
        Access::SignedIn => {
            "any signed-in account, a trust's too; state-changing requests need X-CSRF-Token"
        }
        Access::AnyStaff => {
            "any signed-in staff member of the school; state-changing requests need X-CSRF-Token"
        }
        Access::Trust => {
            "a trust account, at the trust's host (anonymised, suppressed counts only)"
        }
        Access::Dsl => "the DSL and deputy DSLs; state-changing requests need X-CSRF-Token",
        Access::Admin => "an admin; state-changing requests need X-CSRF-Token",
        Access::AdminOrDsl => {
            "an admin or a DSL, each changing only what is theirs (only a DSL adds or changes a DSL account, changes the two-step setting or shortens retention); state-changing requests need X-CSRF-Token"
        }
        Access::Oversight => {
            "the DSL, an admin or a governor (anonymised, suppressed figures only)"
        }
        Access::SchoolStaff => "the DSL, an admin or a teacher (not governors)",
        Access::AdminOrTeacher => {
            "an admin or a teacher; state-changing requests need X-CSRF-Token"
        }
        Access::ClassReader => "an admin, a DSL, or a teacher of the class",
        Access::ClassEditor => {
            "an admin, or a teacher of the class; state-changing requests need X-CSRF-Token"
        }
        Access::ConcernWriter => {
            "anyone who works in school: the DSL, a teacher, an admin or other staff (not governors or the trust); state-changing requests need X-CSRF-Token"
        }
        Access::PupilDetailsEditor => {
            "an admin, a DSL, or a teacher of the pupil's class; state-changing requests need X-CSRF-Token"
        }
        Access::Head => {
            "an account flagged as the head teacher's (or a co-head's), whatever its role; state-changing requests need X-CSRF-Token"
        }
        Access::DutiesLead => {
            "the DSL, an admin or the head; state-changing requests need X-CSRF-Token"
        }
        Access::HeadOrChair => {
            "the head (concerns about adults other than the head) or the chair of governors (those about the head); nobody else, the DSL neither; state-changing requests need X-CSRF-Token"
        }
    }
}

fn parent_who(access: ParentAccess) -> &'static str {
    match access {
        ParentAccess::Public => "anyone (signing in with a letter's code)",
        ParentAccess::Parent => {
            "a parent signed in with their child's code (that child only); changes need X-CSRF-Token"
        }
    }
}

fn http_method(m: &axum::http::Method) -> HttpMethod {
    match *m {
        axum::http::Method::POST => HttpMethod::Post,
        axum::http::Method::PUT => HttpMethod::Put,
        axum::http::Method::PATCH => HttpMethod::Patch,
        axum::http::Method::DELETE => HttpMethod::Delete,
        _ => HttpMethod::Get,
    }
}

/// The operation at `path` (under `/api/v1`) for `method`, if documented.
fn operation_mut<'a>(
    doc: &'a mut OpenApi,
    method: &axum::http::Method,
    path: &str,
) -> Option<&'a mut Operation> {
    let item = doc.paths.paths.get_mut(&format!("/api/v1{path}"))?;
    match http_method(method) {
        HttpMethod::Post => item.post.as_mut(),
        HttpMethod::Put => item.put.as_mut(),
        HttpMethod::Patch => item.patch.as_mut(),
        HttpMethod::Delete => item.delete.as_mut(),
        _ => item.get.as_mut(),
    }
}

fn describe_who(op: &mut Operation, who: &str) {
    let who = format!("Who may call it: {who}.");
    op.description = Some(match op.description.take() {
        Some(d) if !d.is_empty() => format!("{d}\n\n{who}"),
        _ => who,
    });
}

/// The document: every `/api/v1` route as `http::api()` routes it.
pub fn document() -> OpenApi {
    let (_, mut doc) = OpenApiRouter::new()
        .nest("/api/v1", super::api())
        .split_for_parts();
    doc.info = InfoBuilder::new()
        .title("Kite school server")
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some(
            "Tablets submit sealed reports; staff sign in (session cookie + CSRF token) to the DSL's inbox and the school's settings.",
        ))
        .build();

    for route in staff::routes() {
        if let Some(op) = operation_mut(&mut doc, &route.method, route.path) {
            describe_who(op, staff_who(route.access));
        }
    }
    for route in super::parents::routes() {
        if let Some(op) = operation_mut(&mut doc, &route.method, route.path) {
            op.summary = Some(route.summary.to_string());
            describe_who(op, parent_who(route.access));
        }
    }

    // Every handler fails with `ApiError`, answered as `{"error": "…"}`.
    let error_name = ApiErrorBody::name().to_string();
    let error = |description: &str| {
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name(error_name.clone())))
                    .build(),
            )
            .build()
    };
    let client_error = error("A message a person can act on: {\"error\": \"…\"}");
    let server_error = error("The server could not do that just now; nothing was lost, try again");
    for item in doc.paths.paths.values_mut() {
        for op in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.patch,
            &mut item.delete,
        ]
        .into_iter()
        .flatten()
        {
            let responses = &mut op.responses.responses;
            responses
                .entry("4XX".into())
                .or_insert_with(|| RefOr::T(client_error.clone()));
            responses
                .entry("5XX".into())
                .or_insert_with(|| RefOr::T(server_error.clone()));
        }
    }

    let components = doc.components.get_or_insert_with(Default::default);
    components
        .schemas
        .insert(error_name, <ApiErrorBody as PartialSchema>::schema());
    let mut error_schemas = Vec::new();
    <ApiErrorBody as ToSchema>::schemas(&mut error_schemas);
    components.schemas.extend(error_schemas);
    components.add_security_scheme(
        STAFF_SESSION,
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
            crate::auth::staff::COOKIE_NAME,
            "A staff (or trust) session, from POST /api/v1/staff/login (named __Host-kite_staff \
             over HTTPS). Requests that change anything also send the session's CSRF token.",
        ))),
    );
    components.add_security_scheme(
        PARENT_SESSION,
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
            crate::auth::parent_session::COOKIE_NAME,
            "A parent's session, from POST /api/v1/parents/session with a letter's code; sent \
             only to /api/v1/parents (named __Host-kite_parent, for the whole host, over HTTPS). \
             Requests that change anything also send the session's CSRF token.",
        ))),
    );
    components.add_security_scheme(
        CSRF_TOKEN,
        SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
            "X-CSRF-Token",
            "The session's CSRF token (from /staff/me, /staff/session or /parents/session), on \
             every request that changes something.",
        ))),
    );
    components.add_security_scheme(
        DEVICE_TOKEN,
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some(
                    "An enrolled tablet's device token, from POST /api/v1/device/enrol.",
                ))
                .build(),
        ),
    );
    components.add_security_scheme(
        AUTHORITY_TOKEN,
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some(
                    "The authority token the server was started with (KITE_AUTHORITY_TOKEN), for \
                     the directory of schools.",
                ))
                .build(),
        ),
    );
    components.add_security_scheme(
        METRICS_TOKEN,
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some(
                    "The metrics token the server was started with (--metrics-token).",
                ))
                .build(),
        ),
    );
    doc
}

#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = TAG_SERVER,
    operation_id = "openapi_json",
    summary = "This document",
    description = "Who may call it: anyone.",
    responses(
        (status = 200, description = "The API described as OpenAPI 3.1", body = Object, content_type = "application/json"),
    ),
)]
pub async fn openapi_json() -> Response {
    static JSON: OnceLock<String> = OnceLock::new();
    let json = match JSON.get() {
        Some(json) => json.clone(),
        None => match document().to_json() {
            Ok(json) => JSON.get_or_init(|| json).clone(),
            Err(e) => return crate::error::ApiError::internal(e).into_response(),
        },
    };
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        json,
    )
        .into_response()
}

//! `GET /api/v1/openapi.json`: the API described as OpenAPI 3.1, built with utoipa from the same
//! route tables the router uses (the staff table, and the list below for tablet and public
//! routes). JSON only; no Swagger UI is served. A test checks that every route in `http/mod.rs`
//! and in the staff table is listed.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use utoipa::openapi::path::{HttpMethod, OperationBuilder, PathItem};
use utoipa::openapi::{InfoBuilder, OpenApi, OpenApiBuilder, PathsBuilder, ResponseBuilder};

use super::parents::ParentAccess;
use super::staff::{self, Access};

/// Routes outside `/staff`: (method, path under /api/v1, who, summary).
pub const OTHER_ROUTES: &[(&str, &str, &str, &str)] = &[
    ("GET", "/health", "anyone", "Up, and the database answers"),
    ("GET", "/openapi.json", "anyone", "This document"),
    (
        "GET",
        "/device/config",
        "tablet (device token)",
        "The school's key and profile, for an enrolled tablet",
    ),
    (
        "GET",
        "/device/coverage",
        "tablet (device token)",
        "Lesson coverage for the tablet's class",
    ),
    (
        "GET",
        "/device/classes",
        "tablet (device token)",
        "The school's classes, for pupils to find theirs",
    ),
    (
        "GET",
        "/device/classes/{id}/pupils",
        "tablet (device token)",
        "A class's pupils (first name, last initial, symbol) and who has signed the pupil AUP",
    ),
    (
        "GET",
        "/device/aup",
        "tablet (device token)",
        "The current pupil AUP, and whether pupils sign it before lessons",
    ),
    (
        "POST",
        "/device/enrol",
        "anyone with a one-time enrolment code",
        "Exchange an enrolment code for a device token",
    ),
    (
        "POST",
        "/sync",
        "tablet (device token)",
        "A tablet's outbox batch; answered per item",
    ),
    (
        "GET",
        "/photos/{id}",
        "anyone (the photos the school shows pupils)",
        "A trusted adult's photo",
    ),
];

fn method(m: &str) -> HttpMethod {
    match m {
        "POST" => HttpMethod::Post,
        "PUT" => HttpMethod::Put,
        "PATCH" => HttpMethod::Patch,
        "DELETE" => HttpMethod::Delete,
        _ => HttpMethod::Get,
    }
}

fn operation(summary: &str, who: &str) -> utoipa::openapi::path::Operation {
    OperationBuilder::new()
        .summary(Some(summary))
        .description(Some(format!("Who may call it: {who}.")))
        .response("200", ResponseBuilder::new().description("OK"))
        .response(
            "4XX",
            ResponseBuilder::new().description("A message a person can act on: {\"error\": \"…\"}"),
        )
        .build()
}

pub fn document() -> OpenApi {
    let mut paths = PathsBuilder::new();
    for (m, path, who, summary) in OTHER_ROUTES {
        paths = paths.path(
            format!("/api/v1{path}"),
            PathItem::new(method(m), operation(summary, who)),
        );
    }
    for route in staff::routes() {
        let who = match route.access {
            Access::Public => "anyone (signing in)",
            Access::SignedIn => {
                "any signed-in account, a trust's too; state-changing requests need X-CSRF-Token"
            }
            Access::AnyStaff => {
                "any signed-in staff member of the school; state-changing requests need X-CSRF-Token"
            }
            Access::Trust => "a trust account, at the trust's host (anonymised, suppressed counts only)",
            Access::Dsl => "the DSL and deputy DSLs; state-changing requests need X-CSRF-Token",
            Access::Admin => "an admin; state-changing requests need X-CSRF-Token",
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
        };
        let summary = format!("Staff: {} {}", route.method, route.path);
        paths = paths.path(
            format!("/api/v1{}", route.path),
            PathItem::new(method(route.method.as_str()), operation(&summary, who)),
        );
    }
    for route in super::parents::routes() {
        let who = match route.access {
            ParentAccess::Public => "anyone (signing in with a letter's code)",
            ParentAccess::Parent => {
                "a parent signed in with their child's code (that child only); changes need X-CSRF-Token"
            }
        };
        paths = paths.path(
            format!("/api/v1{}", route.path),
            PathItem::new(method(route.method.as_str()), operation(route.summary, who)),
        );
    }
    OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Kite school server")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "Tablets submit sealed reports; staff sign in (session cookie + CSRF token) to the DSL's inbox and the school's settings.",
                ))
                .build(),
        )
        .paths(paths.build())
        .build()
}

pub async fn openapi_json() -> Response {
    match document().to_json() {
        Ok(json) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            json,
        )
            .into_response(),
        Err(e) => crate::error::ApiError::internal(e).into_response(),
    }
}

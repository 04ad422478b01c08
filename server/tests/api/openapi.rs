//! `GET /api/v1/openapi.json` describes the API the router serves: every route with its method
//! (the list comes from the `OpenApiRouter` the server routes with, not from a list kept by
//! hand), every path parameter declared, and a document that OpenAPI 3.1 tooling accepts.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use kite_server::http::staff::routes;
use tower::ServiceExt;

use crate::helpers::{documented_routes, TestServer};

/// (method, path) of each `.route("path", method(…))` in the routers' source: routes added that
/// way, outside `routes!`, would be served without being documented.
fn routes_in_source() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for src in [
        include_str!("../../src/http/mod.rs"),
        include_str!("../../src/http/staff/mod.rs"),
        include_str!("../../src/http/parents/mod.rs"),
    ] {
        for (i, _) in src.match_indices(".route(") {
            let rest = &src[i + ".route(".len()..];
            let start = rest.find('"').unwrap() + 1;
            let end = start + rest[start..].find('"').unwrap();
            let path = rest[start..end].to_string();
            let after = rest[end + 1..].trim_start_matches([',', ' ', '\n']);
            let method = after.split('(').next().unwrap().trim().to_uppercase();
            out.push((method, path));
        }
    }
    out
}

async fn fetch_document(s: &TestServer) -> serde_json::Value {
    let r = s
        .client
        .get(format!("{}/api/v1/openapi.json", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/json");
    r.json().await.unwrap()
}

#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    let s = TestServer::spawn().await;
    let doc = fetch_document(&s).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(doc["info"]["title"], "Kite school server");
    assert_eq!(doc["info"]["version"], env!("CARGO_PKG_VERSION"));
    let paths = &doc["paths"];

    let mut expected = documented_routes();
    assert!(expected.len() >= 5, "{expected:?}");
    expected.extend(routes_in_source());
    expected.extend(
        routes()
            .into_iter()
            .map(|r| (r.method.to_string(), r.path.to_string())),
    );
    expected.extend(
        kite_server::http::parents::routes()
            .into_iter()
            .map(|r| (r.method.to_string(), r.path.to_string())),
    );
    for (method, path) in expected {
        let item = &paths[format!("/api/v1{path}")];
        assert!(
            item.get(method.to_lowercase()).is_some(),
            "{method} /api/v1{path} is missing from openapi.json: route it with routes!(…) and give its handler a #[utoipa::path]"
        );
    }
}

/// Every route the API router serves is documented, and every documented operation is served.
/// The router is the one `http::router` nests under `/api/v1`, with a fallback that answers 418
/// for anything it doesn't route; each documented operation is called without credentials.
#[tokio::test]
async fn the_router_serves_exactly_the_documented_operations() {
    let s = TestServer::spawn().await;
    let (router, _) = kite_server::http::api().split_for_parts();
    let router = router
        .fallback(|| async { StatusCode::IM_A_TEAPOT })
        .layer(axum::Extension(s.state.clone()));

    assert!(
        routes_in_source().is_empty(),
        "routes added with .route(…) are served undocumented: add them with .routes(routes!(…)) \
         and a #[utoipa::path] on the handler: {:?}",
        routes_in_source()
    );

    let documented = documented_routes();
    assert!(documented.len() >= 50, "{documented:?}");
    let paths: BTreeSet<&str> = documented.iter().map(|(_, p)| p.as_str()).collect();
    for path in paths {
        let concrete = path
            .split('/')
            .map(|seg| if seg.starts_with('{') { "1" } else { seg })
            .collect::<Vec<_>>()
            .join("/");
        for method in [
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ] {
            let is_documented = documented
                .iter()
                .any(|(m, p)| p == path && *m == method.as_str());
            let status = router
                .clone()
                .oneshot(
                    Request::builder()
                        .method(method.clone())
                        .uri(&concrete)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await
                .unwrap()
                .status();
            assert_ne!(
                status,
                StatusCode::IM_A_TEAPOT,
                "{method} {path}: the router doesn't route the path the document lists"
            );
            if is_documented {
                assert_ne!(
                    status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path} is documented but not routed"
                );
            } else {
                assert_eq!(
                    status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path} is routed but not documented"
                );
            }
        }
    }

    // The staff and parents' access tables (which the role tests walk) name exactly the
    // documented operations under /staff and /parents.
    let tables: BTreeSet<(String, String)> = routes()
        .into_iter()
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .chain(
            kite_server::http::parents::routes()
                .into_iter()
                .map(|r| (r.method.to_string(), r.path.to_string())),
        )
        .collect();
    let documented_there: BTreeSet<(String, String)> = documented
        .iter()
        .filter(|(_, p)| p.starts_with("/staff/") || p.starts_with("/parents/"))
        .cloned()
        .collect();
    assert_eq!(
        tables, documented_there,
        "the access tables and the handlers' #[utoipa::path] disagree"
    );
}

/// Every `{name}` in a path is declared as a path parameter of each of its operations, and no
/// operation declares a path parameter its path lacks.
#[test]
fn every_path_parameter_is_declared() {
    let doc = serde_json::to_value(kite_server::http::openapi::document()).unwrap();
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        let in_path: BTreeSet<String> = path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
            .map(str::to_string)
            .collect();
        for method in ["get", "put", "post", "patch", "delete"] {
            let Some(op) = item.get(method) else {
                continue;
            };
            let declared: BTreeSet<String> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "path")
                .map(|p| {
                    assert_eq!(p["required"], true, "{method} {path}: {p}");
                    assert!(p.get("schema").is_some(), "{method} {path}: {p}");
                    p["name"].as_str().unwrap().to_string()
                })
                .collect();
            assert_eq!(
                in_path, declared,
                "{method} {path}: declare each path parameter in the handler's #[utoipa::path]"
            );
            checked += in_path.len();
        }
    }
    assert!(checked >= 14, "only {checked} path parameters");
}

/// The document is valid OpenAPI 3.1, as `openapi-spec-validator` (installed by
/// `./scripts/setup`) judges it.
#[tokio::test]
async fn the_openapi_document_is_valid_openapi_3_1() {
    let s = TestServer::spawn().await;
    let doc = fetch_document(&s).await;
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );

    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let found = std::process::Command::new(&python)
        .args(["-c", "import openapi_spec_validator"])
        .output();
    assert!(
        matches!(&found, Ok(o) if o.status.success()),
        "openapi-spec-validator is missing ({python} can't import it): run ./scripts/setup"
    );

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();
    let out = std::process::Command::new(&python)
        .args([
            "-c",
            "import json, sys\n\
             from openapi_spec_validator import validate, OpenAPIV31SpecValidator\n\
             validate(json.load(open(sys.argv[1])), cls=OpenAPIV31SpecValidator)\n",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "openapi.json is not valid OpenAPI 3.1:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

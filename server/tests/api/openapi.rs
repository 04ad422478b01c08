//! `GET /api/v1/openapi.json` lists every route: every `.route(…)` in `http/mod.rs` and every
//! route in the staff table, with its method.

use kite_server::http::staff::routes;

use crate::helpers::TestServer;

/// (method, path) of each `.route("path", method(…))` in the router's source.
fn routes_in_source() -> Vec<(String, String)> {
    let src = include_str!("../../src/http/mod.rs");
    let mut out = Vec::new();
    for (i, _) in src.match_indices(".route(") {
        let rest = &src[i + ".route(".len()..];
        let start = rest.find('"').unwrap() + 1;
        let end = start + rest[start..].find('"').unwrap();
        let path = rest[start..end].to_string();
        let after = rest[end + 1..].trim_start_matches([',', ' ', '\n']);
        let method = after.split('(').next().unwrap().trim().to_uppercase();
        out.push((method, path));
    }
    out
}

#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    let s = TestServer::spawn().await;
    let r = s
        .client
        .get(format!("{}/api/v1/openapi.json", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/json");
    let doc: serde_json::Value = r.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = &doc["paths"];

    let mut expected = routes_in_source();
    assert!(expected.len() >= 5, "{expected:?}");
    expected.extend(
        routes()
            .into_iter()
            .map(|r| (r.method.to_string(), r.path.to_string())),
    );
    for (method, path) in expected {
        let item = &paths[format!("/api/v1{path}")];
        assert!(
            item.get(method.to_lowercase()).is_some(),
            "{method} /api/v1{path} is missing from openapi.json: add it to http/openapi.rs"
        );
    }
}

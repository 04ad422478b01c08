//! `/api/v1/parents/…`: what a parent reaches with the code from the school's letter. One table
//! of routes with who may use them, like the staff table; the route test walks it with no
//! session, with a staff session and with a parent's session. Every route but signing in takes
//! [`ParentUser`](extract::ParentUser) first, and works on one of that session's children only:
//! a child's routes take `?child=` and the extractor refuses any child whose code wasn't typed
//! into the session.

mod agreement_text;
mod audit;
mod child;
mod concern;
mod corner;
pub mod extract;
mod news;
mod own_agreements;
mod session;
mod surveys;

use axum::http::Method;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter};
use utoipa_axum::routes;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParentAccess {
    /// No session needed (signing in, asking whether signed in).
    Public,
    /// A parent's session (from a letter's code); changes need its CSRF token.
    Parent,
}

#[derive(Debug, Clone)]
pub struct ParentRoute {
    pub method: Method,
    /// Under `/api/v1`.
    pub path: &'static str,
    pub access: ParentAccess,
    pub summary: &'static str,
}

fn table() -> Vec<(ParentRoute, UtoipaMethodRouter)> {
    use ParentAccess::*;
    let r = |method: Method, path, access, summary, handler| {
        (
            ParentRoute {
                method,
                path,
                access,
                summary,
            },
            handler,
        )
    };
    vec![
        r(
            Method::POST,
            "/parents/session",
            Public,
            "Sign in with the code from a letter",
            routes!(session::sign_in),
        ),
        r(
            Method::GET,
            "/parents/session",
            Public,
            "The parent's session (CSRF token, the children in it), or null",
            routes!(session::current),
        ),
        r(
            Method::POST,
            "/parents/children",
            Parent,
            "Add another child to the sign-in with the code from their letter",
            routes!(session::add_child),
        ),
        r(
            Method::POST,
            "/parents/logout",
            Parent,
            "Sign out",
            routes!(session::logout),
        ),
        r(
            Method::GET,
            "/parents/child",
            Parent,
            "The child's agreements, co-signature and photo consent",
            routes!(child::page),
        ),
        r(
            Method::POST,
            "/parents/cosign",
            Parent,
            "Co-sign the current pupil AUP and home-school agreement",
            routes!(child::cosign),
        ),
        r(
            Method::POST,
            "/parents/agreements/sign",
            Parent,
            "Sign one of the school's own agreements, or co-sign the child's",
            routes!(own_agreements::sign),
        ),
        r(
            Method::PUT,
            "/parents/consent",
            Parent,
            "Give or withdraw photo consent for one use",
            routes!(child::consent),
        ),
        r(
            Method::GET,
            "/parents/corner",
            Parent,
            "The lessons the child's class did this half-term",
            routes!(corner::corner),
        ),
        r(
            Method::GET,
            "/parents/news",
            Parent,
            "The school's news and guides for the family's year groups",
            routes!(news::news),
        ),
        r(
            Method::GET,
            "/parents/news/pictures/{id}",
            Parent,
            "A picture of a post the family sees",
            routes!(news::picture),
        ),
        r(
            Method::POST,
            "/parents/concern",
            Parent,
            "Raise a concern with the school's DSL",
            routes!(concern::raise),
        ),
        r(
            Method::GET,
            "/parents/surveys",
            Parent,
            "The school's surveys for parents that this family hasn't answered",
            routes!(surveys::to_answer),
        ),
        r(
            Method::POST,
            "/parents/surveys/{id}/answers",
            Parent,
            "Answer a survey, once per family, without your name",
            routes!(surveys::answer),
        ),
    ]
}

/// Every parents' route and who may use it.
pub fn routes() -> Vec<ParentRoute> {
    table().into_iter().map(|(route, _)| route).collect()
}

/// The parents' API, to be nested under `/api/v1`.
pub fn router() -> OpenApiRouter {
    table()
        .into_iter()
        .fold(OpenApiRouter::new(), |router, (_, handler)| {
            router.routes(handler)
        })
}

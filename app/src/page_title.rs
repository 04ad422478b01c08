//! A page title for every route (WCAG 2.4.2): the browser tab, the task switcher and a screen
//! reader announce it. One table, so a new page is one line here.

use leptos::prelude::*;

use crate::curriculum;
use crate::here::{use_here, Here};

const APP: &str = "Kite";

/// Exact paths and their titles. Paths not listed fall back to `for_path`'s patterns.
const TITLES: &[(&str, &str)] = &[
    ("/", "Home"),
    ("/learn", "Learn"),
    ("/tell", "Tell a trusted adult"),
    ("/aup", "Our rules"),
    ("/aup/visitor", "Visitor agreement"),
    ("/survey", "Tell us what you think"),
    ("/present", "Present a lesson"),
    ("/parents", "For parents and carers"),
    ("/setup", "Tablet set-up"),
    ("/staff", "Staff"),
    ("/staff/audit", "Audit log \u{2013} Staff"),
    ("/staff/devices", "Tablets \u{2013} Staff"),
    ("/staff/accounts", "Staff accounts \u{2013} Staff"),
    ("/staff/school", "School profile \u{2013} Staff"),
    ("/staff/visitors", "Visitors \u{2013} Staff"),
    ("/staff/password", "Change password \u{2013} Staff"),
    ("/staff/surveys", "Surveys \u{2013} Staff"),
];

/// The title for `path`, e.g. "Learn · Kite". A lesson's own title is used for its pages.
pub fn for_path(path: &str) -> String {
    let path = match path.trim_end_matches('/') {
        "" => "/",
        p => p,
    };
    let page = if let Some((_, title)) = TITLES.iter().find(|(p, _)| *p == path) {
        (*title).to_string()
    } else if let Some(id) = path.strip_prefix("/learn/") {
        lesson_title(id).unwrap_or_else(|| "Learn".into())
    } else if let Some(id) = path
        .strip_prefix("/present/")
        .and_then(|p| p.strip_suffix("/teacher"))
    {
        lesson_title(id)
            .map(|t| format!("Presenter view: {t}"))
            .unwrap_or_else(|| "Present a lesson".into())
    } else if let Some(id) = path.strip_prefix("/present/") {
        lesson_title(id)
            .map(|t| format!("Presenting: {t}"))
            .unwrap_or_else(|| "Present a lesson".into())
    } else if path.starts_with("/staff/reports/") {
        "Report \u{2013} Staff".into()
    } else if path.starts_with("/staff/surveys/") {
        "Survey \u{2013} Staff".into()
    } else {
        "Page not found".into()
    };
    format!("{page} \u{b7} {APP}")
}

fn lesson_title(id: &str) -> Option<String> {
    curriculum::by_id(id).map(|l| l.title.clone())
}

/// Keeps `document.title` in step with the route. Must sit inside the `<Router>`.
#[component]
pub fn PageTitle() -> impl IntoView {
    keep_title(use_here());
}

/// Keeps `document.title` in step with `here`'s path.
pub fn keep_title(here: Here) {
    // A lesson's title is known once the lessons are in: set it again then.
    let lessons = curriculum::status();
    Effect::new(move |_| {
        lessons.track();
        let title = for_path(&here.path.get());
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            doc.set_title(&title);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_route_has_its_own_title() {
        let mut seen = std::collections::HashSet::new();
        for (path, _) in TITLES {
            assert!(seen.insert(for_path(path)), "duplicate title for {path}");
        }
    }

    #[test]
    fn lessons_reports_and_unknown_paths() {
        let lesson = &curriculum::all()[0];
        assert_eq!(
            for_path(&format!("/learn/{}", lesson.id)),
            format!("{} \u{b7} Kite", lesson.title)
        );
        assert!(for_path(&format!("/present/{}", lesson.id)).starts_with("Presenting: "));
        assert_eq!(
            for_path("/staff/reports/abc"),
            "Report \u{2013} Staff \u{b7} Kite"
        );
        assert_eq!(for_path("/learn/"), "Learn \u{b7} Kite");
        assert_eq!(for_path("/nope"), "Page not found \u{b7} Kite");
        assert_eq!(
            for_path("/staff/surveys/3"),
            "Survey \u{2013} Staff \u{b7} Kite"
        );
    }
}

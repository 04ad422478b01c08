//! Which of the app's bundles owns a page. Each bundle is its own Trunk build (its own wasm), so a
//! device downloads only the pages it opens: the pupil kiosk is four (home, learn, our rules,
//! set-up) and the adults' pages the rest (staff, a record, a concern, each child's record, a
//! record's procedure, the school's records, the school's duties (filtering and monitoring, training), the admin's pages, the
//! governors' and trust's oversight, parents, the presenter). The server serves each bundle's
//! index for its paths, and each bundle
//! sends a path it doesn't own to its owner with a full page load: both ask [`bundle_for`], so
//! they can never disagree. `scripts/build-app` builds one bundle per row of [`BUNDLES`], and
//! `public/sw.js` repeats the table (a test below checks it is the same).

/// One of the Trunk builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundle {
    /// `/`, `/tell`, and any unknown path (its not-found page): a child can always tell, from
    /// the first page, with nothing else downloaded.
    Home,
    /// `/learn`, `/learn/:id`: the lesson list and the lesson player; `/survey`, a survey for
    /// pupils.
    Learn,
    /// `/aup`: our rules (the Acceptable Use flow).
    Aup,
    /// `/setup`: enrolling the tablet and its settings (an adult's page, but on the tablet); and
    /// `/aup/visitor`, where a visitor signs the visitor agreement (on their phone from the
    /// office's poster, or on the office tablet). Adults' pages both, so the pupils' bundles
    /// don't carry them; the visitor's keeps its `/aup` path because printed posters have it.
    Setup,
    /// `/staff` and the staff pages the two below don't have: sign-in, the DSL's inbox and
    /// reports, the audit log, a teacher's home, one's own sign-in.
    Staff,
    /// `/staff/classes/*` and `/staff/visitors`: the school's records, for teachers and admins:
    /// classes, registers, parents' letters, and the office's visitors. Apart from [`Bundle::Staff`] so the DSL's laptop doesn't download them.
    Records,
    /// `/staff/filtering` and `/staff/training`: the school's duties around the record, filtering
    /// and monitoring (asking for a change to the filter, its logs and the yearly review) and the
    /// training register. Their forms are many, so apart from the records they would overfill.
    Duties,
    /// The admin's pages: tablets, staff accounts, the school profile, the agreements and the
    /// school's news for parents.
    Admin,
    /// `/staff/reports/*`: one record's page (the DSL's triage, actions, referrals, parents told,
    /// the letter to parents). Apart from [`Bundle::Staff`] so the inbox stays small.
    Report,
    /// `/staff/concern`: the form any adult in school logs a concern with, often on a phone. A
    /// bundle of its own so a teaching assistant's phone downloads only the form.
    Concern,
    /// `/staff/pupils/*`: each child's safeguarding record, for the DSL. Apart from
    /// [`Bundle::Staff`] so the inbox, which an urgent report is triaged in, stays small.
    Safeguarding,
    /// `/staff/procedure/*`: a step-by-step procedure on one record, for the DSL. Apart from
    /// [`Bundle::Report`], which is near the size ceiling.
    Procedure,
    /// `/staff/governors`, `/staff/trust`: the governors' report and the trust overview (charts
    /// of anonymised figures), for governors, the trust, and the DSL and head who prepare them.
    Oversight,
    /// `/parents`: the parents' page (a parent's phone).
    Parents,
    /// `/present`, `/present/:id`: the presenter (a teacher's laptop, the whiteboard).
    Present,
}

/// A bundle's row in the table.
#[derive(Clone, Copy, Debug)]
pub struct BundleInfo {
    pub bundle: Bundle,
    /// Its index page in `dist/` (and the name of its Trunk build's html output).
    pub page: &'static str,
    /// The path prefixes (whole segments) it owns. Home owns every path nobody else does.
    pub prefixes: &'static [&'static str],
    /// A pupil kiosk bundle: the service worker keeps it on every device, so it works offline
    /// from the first visit. The others are kept only on a device that opened them.
    pub kiosk: bool,
}

/// Every bundle. Home is last: it is the default for paths the others don't own.
pub const BUNDLES: [BundleInfo; 15] = [
    BundleInfo {
        bundle: Bundle::Learn,
        page: "learn.html",
        prefixes: &["/learn", "/survey"],
        kiosk: true,
    },
    // Before Aup: the first row with a prefix of the path owns it.
    BundleInfo {
        bundle: Bundle::Setup,
        page: "setup.html",
        prefixes: &["/setup", "/aup/visitor"],
        kiosk: true,
    },
    BundleInfo {
        bundle: Bundle::Aup,
        page: "aup.html",
        prefixes: &["/aup"],
        kiosk: true,
    },
    // Before Staff: the first row with a prefix of the path owns it.
    BundleInfo {
        bundle: Bundle::Records,
        page: "records.html",
        prefixes: &["/staff/classes", "/staff/visitors"],
        kiosk: false,
    },
    BundleInfo {
        bundle: Bundle::Duties,
        page: "duties.html",
        prefixes: &["/staff/filtering", "/staff/training", "/staff/policy"],
        kiosk: false,
    },
    BundleInfo {
        bundle: Bundle::Admin,
        page: "admin.html",
        prefixes: &[
            "/staff/devices",
            "/staff/accounts",
            "/staff/school",
            "/staff/agreements",
            "/staff/parents-news",
        ],
        kiosk: false,
    },
    BundleInfo {
        bundle: Bundle::Report,
        page: "report.html",
        prefixes: &["/staff/reports"],
        kiosk: false,
    },
    BundleInfo {
        bundle: Bundle::Concern,
        page: "concern.html",
        prefixes: &["/staff/concern"],
        kiosk: false,
    },
    BundleInfo {
        bundle: Bundle::Safeguarding,
        page: "safeguarding.html",
        prefixes: &["/staff/pupils"],
        kiosk: false,
    },
    BundleInfo {
        bundle: Bundle::Procedure,
        page: "procedure.html",
        prefixes: &["/staff/procedure"],
        kiosk: false,
    },
    BundleInfo {
        bundle: Bundle::Oversight,
        page: "oversight.html",
        prefixes: &["/staff/governors", "/staff/trust", "/staff/surveys"],
        kiosk: false,
    },
    BundleInfo {
        bundle: Bundle::Staff,
        page: "staff.html",
        prefixes: &["/staff"],
        kiosk: false,
    },
    BundleInfo {
        bundle: Bundle::Parents,
        page: "parents.html",
        prefixes: &["/parents"],
        kiosk: false,
    },
    BundleInfo {
        bundle: Bundle::Present,
        page: "present.html",
        prefixes: &["/present"],
        kiosk: false,
    },
    BundleInfo {
        bundle: Bundle::Home,
        page: "index.html",
        prefixes: &[],
        kiosk: true,
    },
];

impl Bundle {
    pub fn info(self) -> &'static BundleInfo {
        BUNDLES
            .iter()
            .find(|info| info.bundle == self)
            .expect("every bundle has a row in BUNDLES")
    }
}

pub fn bundle_for(path: &str) -> Bundle {
    let owns = |prefix: &&str| {
        path.strip_prefix(*prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    BUNDLES
        .iter()
        .find(|info| info.prefixes.iter().any(owns))
        .map_or(Bundle::Home, |info| info.bundle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundles_own_whole_segments_and_everything_else_is_home() {
        let cases = [
            ("/staff", Bundle::Staff),
            ("/staff/", Bundle::Staff),
            ("/staff/reports/abc", Bundle::Report),
            ("/staff/governors", Bundle::Oversight),
            ("/staff/trust", Bundle::Oversight),
            ("/staff/classes", Bundle::Records),
            ("/staff/classes/3/letters", Bundle::Records),
            ("/staff/visitors", Bundle::Records),
            ("/aup/visitor", Bundle::Setup),
            ("/aup/visitor/", Bundle::Setup),
            ("/aup/visitors", Bundle::Aup),
            ("/staff/filtering", Bundle::Duties),
            ("/staff/training", Bundle::Duties),
            ("/staff/policy", Bundle::Duties),
            ("/staff/devices", Bundle::Admin),
            ("/staff/reports/0a1b", Bundle::Report),
            ("/staff/reports/0a1b/letter", Bundle::Report),
            ("/staff/concern", Bundle::Concern),
            ("/staff/procedure/0a1b", Bundle::Procedure),
            ("/staff/procedures", Bundle::Staff),
            ("/staff/concerns", Bundle::Staff),
            ("/staff/pupils", Bundle::Safeguarding),
            ("/staff/pupils/12", Bundle::Safeguarding),
            ("/staff/agreements", Bundle::Admin),
            ("/staff/parents-news", Bundle::Admin),
            ("/staff/classesx", Bundle::Staff),
            ("/parents", Bundle::Parents),
            ("/present", Bundle::Present),
            ("/present/kind-words", Bundle::Present),
            ("/learn", Bundle::Learn),
            ("/learn/kind-words", Bundle::Learn),
            ("/survey", Bundle::Learn),
            ("/staff/surveys", Bundle::Oversight),
            ("/surveys", Bundle::Home),
            ("/aup", Bundle::Aup),
            ("/", Bundle::Home),
            ("/tell", Bundle::Home),
            ("/setup", Bundle::Setup),
            ("/staffroom", Bundle::Home),
            ("/presents", Bundle::Home),
            ("/learning", Bundle::Home),
            ("/aupx", Bundle::Home),
            ("/nope", Bundle::Home),
        ];
        for (path, bundle) in cases {
            assert_eq!(bundle_for(path), bundle, "{path}");
        }
    }

    #[test]
    fn every_bundle_has_one_row_and_home_is_the_default() {
        for info in BUNDLES {
            assert_eq!(info.bundle.info().page, info.page);
        }
        assert_eq!(BUNDLES.last().unwrap().bundle, Bundle::Home);
        assert!(Bundle::Home.info().prefixes.is_empty());
    }

    /// The service worker can't call Rust: it has the same table as a JS literal, which must say
    /// exactly what this one says (which index serves which paths, and which are the kiosk's).
    #[test]
    fn the_service_worker_has_the_same_table() {
        let sw = include_str!("../../public/sw.js");
        let rows: Vec<String> = BUNDLES
            .iter()
            .map(|info| {
                let prefixes: Vec<String> =
                    info.prefixes.iter().map(|p| format!("\"{p}\"")).collect();
                format!(
                    "  {{ index: \"/{}\", prefixes: [{}], kiosk: {} }},\n",
                    info.page,
                    prefixes.join(", "),
                    info.kiosk
                )
            })
            .collect();
        let table = format!("const BUNDLES = [\n{}];", rows.concat());
        assert!(sw.contains(&table), "public/sw.js must contain:\n{table}");
    }
}

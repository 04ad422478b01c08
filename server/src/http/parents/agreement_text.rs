//! The agreements' stored JSON as parents read it: a pupils' agreement's statements for the
//! child's key stage, and an adult agreement's title, introduction and sections.

use kite_protocol::parents::{AgreementSection, AupStatement, ChildAup, HomeSchoolAgreement};
use kite_protocol::Band;
use serde::Deserialize;

use crate::error::ApiError;
use crate::storage::AgreementVersionRecord as AgreementVersion;

// The agreements' stored JSON, read tolerantly: other fields (such as the pupils' side's
// `"type"` tag) are ignored and a missing band is empty. The pupils' side owns writing these;
// this only reads them.
#[derive(Deserialize, Default)]
struct PupilAupContent {
    #[serde(default)]
    eyfs: Vec<AupStatement>,
    #[serde(default)]
    ks1: Vec<AupStatement>,
    #[serde(default)]
    ks2: Vec<AupStatement>,
}

#[derive(Deserialize)]
struct HomeSchoolContent {
    #[serde(default)]
    title: String,
    #[serde(default)]
    intro: String,
    #[serde(default)]
    sections: Vec<AgreementSection>,
}

fn corrupt(kind: &str) -> impl Fn(serde_json::Error) -> ApiError + '_ {
    move |e| {
        ApiError::internal(anyhow::anyhow!(
            "stored {kind} agreement does not parse: {e}"
        ))
    }
}

pub(super) fn child_aup(v: &AgreementVersion, band: Band) -> Result<ChildAup, ApiError> {
    let content: PupilAupContent = serde_json::from_str(&v.content).map_err(corrupt("pupil"))?;
    let statements = match band {
        Band::Eyfs => content.eyfs,
        Band::Ks1 => content.ks1,
        Band::Ks2 => content.ks2,
    };
    Ok(ChildAup {
        version: v.version,
        statements,
    })
}

pub(super) fn home_school(v: &AgreementVersion) -> Result<HomeSchoolAgreement, ApiError> {
    let content: HomeSchoolContent =
        serde_json::from_str(&v.content).map_err(corrupt("home-school"))?;
    Ok(HomeSchoolAgreement {
        version: v.version,
        title: if content.title.trim().is_empty() {
            "Home-school agreement".into()
        } else {
            content.title
        },
        intro: content.intro,
        sections: content.sections,
    })
}

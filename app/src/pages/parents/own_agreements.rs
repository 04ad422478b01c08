//! The school's own agreements on a child's page: one the child signs at school that the parent
//! co-signs (a laptop agreement, its statements with their pictures), and one the school asks
//! every family to sign (a social-media agreement, its sections), which a parent signs once for
//! all the children in their session.

use kite_protocol::parents::{OwnAgreement, OwnAgreementSign, OwnSignature};
use leptos::prelude::*;

use super::agreements::SignForm;
use crate::components::icons::Icon;
use crate::i18n::{t, tf};
use crate::pages::aup::pictures::statement_icon;
use crate::pages::staff::format::when;
use crate::parents_api;

#[component]
pub fn OwnAgreements(first_name: String, agreements: Vec<OwnAgreement>) -> impl IntoView {
    agreements
        .into_iter()
        .map(|a| view! { <OneAgreement first_name=first_name.clone() agreement=a/> })
        .collect_view()
}

#[component]
fn OneAgreement(first_name: String, agreement: OwnAgreement) -> impl IntoView {
    let key = agreement.kind.key();
    let heading_id = format!("own-{key}-heading");
    let labelled_by = heading_id.clone();
    let section_testid = format!("own-{key}");
    let signed = RwSignal::new(agreement.signed.clone());
    let child_signs = agreement.child_signs;
    let lead = if child_signs {
        tf(
            "{name} signs this at school on the class tablet. Read it together, talk about what it means at home, then sign below.",
            &[("name", &first_name)],
        )
    } else {
        t("The school asks every family to sign this. You sign it once: it counts for each of your children on these pages.").to_string()
    };
    let (kind, version) = (agreement.kind, agreement.version);
    let send = move |parent_name: String| async move {
        let req = OwnAgreementSign {
            kind,
            version,
            parent_name,
            talked_together: child_signs,
        };
        parents_api::sign_own_agreement(&req).await.map(|s| {
            signed.try_set(Some(s));
        })
    };
    view! {
        <section class="card parents-section" aria-labelledby=labelled_by data-testid=section_testid>
            // The school's own words: English, left to right even on a page read in Urdu.
            <h2 id=heading_id lang="en" dir="auto">{agreement.name.clone()}</h2>
            {child_signs.then(|| view! {
                <ul class="parents-statements" lang="en" dir="auto">
                    {agreement.statements.iter().map(|s| view! {
                        <li><Icon svg=statement_icon(s.picture.as_deref().unwrap_or(""))/><span>{s.text.clone()}</span></li>
                    }).collect_view()}
                </ul>
            })}
            {(!child_signs).then(|| view! {
                <div lang="en" dir="auto">
                    {(!agreement.intro.is_empty()).then(|| view! { <p>{agreement.intro.clone()}</p> })}
                    {agreement.sections.iter().map(|sec| view! {
                        <h3>{sec.heading.clone()}</h3>
                        <ul class="parents-list">{sec.items.iter().map(|i| view! { <li>{i.clone()}</li> }).collect_view()}</ul>
                    }).collect_view()}
                </div>
            })}
            {move || match signed.get() {
                Some(s) if s.current => view! { <SignedNote s=s child_signs=child_signs/> }.into_any(),
                earlier => view! {
                    <SignForm id=format!("own-{key}") testid=format!("own-{key}-form")
                        heading=t("Sign the agreement").to_string() lead=lead.clone()
                        talked_with=child_signs.then(|| first_name.clone())
                        earlier=earlier.map(|e| (e.parent_name, e.at_ms))
                        send=send/>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn SignedNote(s: OwnSignature, child_signs: bool) -> impl IntoView {
    let words = if child_signs {
        tf(
            "Signed by {name} on {date}. Thank you for talking it through together.",
            &[("name", &s.parent_name), ("date", &when(s.at_ms))],
        )
    } else {
        tf(
            "Signed by {name} on {date}, for your family.",
            &[("name", &s.parent_name), ("date", &when(s.at_ms))],
        )
    };
    view! { <p class="parents-done" role="status" data-testid="own-signed">{words}</p> }
}

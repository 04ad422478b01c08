//! Agreements: the admin's list of versions with "publish a new version" (the annual review)
//! and the uses parents are asked consent for,
//! and the page every staff member sees at sign-in until they have signed the current version of
//! their own AUP (staff, volunteer or governor).

use kite_protocol::agreement::{
    AgreementContent, AgreementKind, AgreementKindInfo, AgreementPreview, AgreementVersion,
    ContentShape, CorrectAgreement, MyAgreement, PublishAgreement, PupilAup, SignAgain,
    SignAgreement, Signers,
};
use kite_protocol::Band;
use leptos::prelude::*;

use super::agreement_form::{DraftEditor, DraftForm};
use super::agreement_kinds::{who_signs, OwnAgreementKinds};
use super::agreement_poster::{poster_path, PosterSize};
use super::consent_uses::ConsentUses;
use super::format::when_short;
use super::{use_staff, TextField};
use crate::pages::aup::statement::StatementCard;
use crate::staff_api;

/// The content as a reader sees it.
#[component]
pub fn AgreementText(content: AgreementContent) -> impl IntoView {
    match content {
        AgreementContent::Sections(doc) => view! {
            <div class="agreement-text">
                <p>{doc.intro}</p>
                {doc.sections.into_iter().map(|s| view! {
                    <h3>{s.heading}</h3>
                    <ul>{s.points.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                }).collect_view()}
            </div>
        }.into_any(),
        AgreementContent::Pupil(aup) => view! {
            <div class="agreement-text">
                {kite_protocol::Band::ALL.into_iter().map(|b| view! {
                    <h3>{b.label()}</h3>
                    <ol>{aup.for_band(b).iter().map(|s| view! { <li>{s.text.clone()}</li> }).collect_view()}</ol>
                }).collect_view()}
            </div>
        }.into_any(),
    }
}

/// The draft as the people who sign it will see it: for pupils, each statement of the band
/// being written as the tablet shows it (the kiosk's own statement card); for the others, the
/// text as they read it before signing.
#[component]
fn SignerPreview(name: String, content: AgreementContent, band: RwSignal<Band>) -> impl IntoView {
    match content {
        AgreementContent::Pupil(aup) => view! {
            <h3>{move || format!("As {} pupils will see it on the tablet, one statement at a time", band.get().label())}</h3>
            <div class="signer-preview pupil-preview" data-testid="signer-preview">
                {move || {
                    let list = aup.for_band(band.get()).to_vec();
                    let n = list.len();
                    list.into_iter().enumerate().map(|(i, s)| view! {
                        <div class="aup-statement" data-testid="preview-statement">
                            <p class="aup-progress">{format!("{} of {n}", i + 1)}</p>
                            <StatementCard text=s.text picture=s.picture/>
                        </div>
                    }).collect_view()
                }}
            </div>
        }.into_any(),
        other => view! {
            <h3>{format!("As it will be read before signing: {name}")}</h3>
            <div class="signer-preview" data-testid="signer-preview"><AgreementText content=other/></div>
        }.into_any(),
    }
}

/// Who signs, as it reads mid-sentence: "Staff" becomes "staff", "KS2 pupils" keeps its capitals.
fn in_a_sentence(words: &str) -> String {
    let mut chars = words.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if second.is_lowercase() => first
            .to_lowercase()
            .chain(words[first.len_utf8()..].chars())
            .collect(),
        _ => words.to_string(),
    }
}

/// "Print poster (A4)" and "(A3)": one pair for each band of the pupil AUP, one for a school's
/// own pupil agreement (its band's) and one for each adults' agreement.
#[component]
fn PosterLinks(info: AgreementKindInfo) -> impl IntoView {
    let kind = info.kind;
    let bands: Vec<Option<Band>> = match info.shape() {
        ContentShape::Statements(None) => Band::ALL.into_iter().map(Some).collect(),
        ContentShape::Statements(Some(band)) => vec![Some(band)],
        ContentShape::Sections => vec![None],
    };
    view! {
        <div class="poster-links">
            {bands.into_iter().map(|band| view! {
                <p>
                    {band.map(|b| format!("{} poster: ", b.label()))}
                    {PosterSize::ALL.into_iter().map(|size| {
                        let whose = band.map(|b| format!("the {} ", b.label())).unwrap_or_else(|| "the ".into());
                        view! {
                            <a class="button" href=poster_path(kind, band, size)
                                aria-label=format!("Print {whose}poster ({})", size.label())
                                data-testid=format!("poster-{}-{}-{}", kind, band.map(|b| b.as_str()).unwrap_or("all"), size.as_str())>
                                {format!("Print poster ({})", size.label())}
                            </a>
                            " "
                        }
                    }).collect_view()}
                </p>
            }).collect_view()}
        </div>
    }
}

/// Shown before anything else in the staff area until the person has signed their AUP.
#[component]
pub fn SignOwnAgreement(mine: MyAgreement, on_signed: Callback<()>) -> impl IntoView {
    let ctx = use_staff();
    let name = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let version_id = mine.current.id;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let s = SignAgreement {
            version_id,
            signed_name: name.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match staff_api::sign_agreement(&s).await {
                Ok(_) => on_signed.run(()),
                Err(e) => {
                    message.try_set(Some(ctx.message(&e)));
                }
            }
        });
    };
    view! {
        <h1 data-testid="staff-aup">{format!("{} (version {})", mine.name, mine.current.version)}</h1>
        <p>"Before you use Kite, please read the school's agreement and sign it by typing your full name."</p>
        <section class="card"><AgreementText content=mine.current.content.clone()/></section>
        <form on:submit=submit class="card staff-form">
            <TextField id="staff-aup-name" label="Your full name" max=80 value=name testid="staff-aup-name"/>
            <p><button class="button button-primary" type="submit" data-testid="staff-aup-sign">"I agree and sign"</button></p>
            {move || message.get().map(|t| view! { <p class="error-text" role="alert">{t}</p> })}
        </form>
    }
}

/// Which button a message belongs beside.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Check,
    Publish,
    Correct,
}

/// "2 pupils, 1 parent or carer and 3 staff", naming only this agreement's audiences.
fn who_signs_again(kind: &AgreementKindInfo, n: SignAgain) -> String {
    let count = |n: u32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let parents = || count(n.parents, "parent or carer", "parents or carers");
    let parts = match kind.signers {
        Signers::Pupils if kind.parents_cosign => {
            vec![count(n.pupils, "pupil", "pupils"), parents()]
        }
        Signers::Pupils => vec![count(n.pupils, "pupil", "pupils")],
        Signers::Parents => vec![parents()],
        // Visitors sign at every visit, so a new version asks none of them to sign again.
        Signers::Visitors => vec![count(0, "visitor", "visitors")],
        Signers::Staff | Signers::Governors | Signers::Volunteers => {
            vec![count(n.staff, "member of staff", "staff")]
        }
    };
    parts.join(" and ")
}

/// A kind's name: the school's list's, else Kite's own (before the list has come).
fn name_of(kinds: &[AgreementKindInfo], kind: AgreementKind) -> String {
    kinds
        .iter()
        .find(|k| k.kind == kind)
        .map(|k| k.name.clone())
        .unwrap_or_else(|| kind.label().to_string())
}

/// A first version starts empty, in the shape its kind's versions have.
fn blank(shape: ContentShape) -> AgreementContent {
    match shape {
        ContentShape::Statements(_) => AgreementContent::Pupil(PupilAup {
            eyfs: Vec::new(),
            ks1: Vec::new(),
            ks2: Vec::new(),
        }),
        ContentShape::Sections => AgreementContent::Sections(kite_protocol::agreement::Sections {
            intro: String::new(),
            sections: Vec::new(),
        }),
    }
}

#[component]
pub fn AgreementsPage() -> impl IntoView {
    let ctx = use_staff();
    let versions = RwSignal::new(Vec::<AgreementVersion>::new());
    let kinds = RwSignal::new(Vec::<AgreementKindInfo>::new());
    // A message, the button it answers, and whether it is good news.
    let message = RwSignal::new(None::<(Step, bool, String)>);
    let load = move || {
        leptos::task::spawn_local(async move {
            match staff_api::agreement_kinds().await {
                Ok(k) => {
                    kinds.try_set(k);
                }
                Err(e) => {
                    message.try_set(Some((Step::Check, false, ctx.message(&e))));
                }
            }
            match staff_api::agreements().await {
                Ok(v) => {
                    versions.try_set(v);
                }
                Err(e) => {
                    message.try_set(Some((Step::Check, false, ctx.message(&e))));
                }
            }
        });
    };
    load();
    let kind = RwSignal::new(AgreementKind::Pupil);
    // The new version, written in a form started from the current one.
    let form = DraftForm::new();
    let summary = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    // What the server says the draft changes; publishing is only offered for the draft checked.
    let preview = RwSignal::new(None::<(AgreementPreview, AgreementContent)>);
    let info = move || {
        let k = kind.get_untracked();
        kinds.with_untracked(|ks| ks.iter().find(|i| i.kind == k).cloned())
    };
    let shape = move || {
        info()
            .map(|i| i.shape())
            .or_else(|| ContentShape::of_built_in(kind.get_untracked()))
            .unwrap_or(ContentShape::Sections)
    };
    let start_from_current = move || {
        let k = kind.get_untracked();
        let only = match shape() {
            ContentShape::Statements(only) => only,
            ContentShape::Sections => None,
        };
        form.only_band.set(only);
        if let Some(b) = only {
            form.band.set(b);
        }
        match versions.with_untracked(|vs| vs.iter().find(|v| v.kind == k).cloned()) {
            Some(v) => form.start_from(v.content),
            None => form.start_from(blank(shape())),
        }
    };
    Effect::new(move |_| {
        versions.track();
        kinds.track();
        kind.track();
        start_from_current();
    });
    // A preview is of the draft as it was: any change to the draft takes it away.
    Effect::new(move |_| {
        form.revision.track();
        preview.set(None);
    });
    let say = move |step, ok, text: String| message.try_set(Some((step, ok, text)));
    let check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        preview.set(None);
        let k = kind.get_untracked();
        let content = match form.check(shape()) {
            Ok(c) => c,
            Err(n) => {
                let things = if n == 1 {
                    "1 thing".to_string()
                } else {
                    format!("{n} things")
                };
                say(
                    Step::Check,
                    false,
                    format!("{things} to put right first: see the message beside each."),
                );
                return;
            }
        };
        message.set(None);
        let p = PublishAgreement {
            content: content.clone(),
            summary: String::new(),
        };
        leptos::task::spawn_local(async move {
            match staff_api::preview_agreement(&k.key(), &p).await {
                Ok(pv) => {
                    preview.try_set(Some((pv, content)));
                }
                Err(e) => {
                    say(Step::Check, false, ctx.message(&e));
                }
            }
        });
    };
    let publish = move |_| {
        let Some((pv, content)) = preview.get_untracked() else {
            return;
        };
        let Some(k) = info() else {
            return;
        };
        let p = PublishAgreement {
            content,
            summary: summary.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match staff_api::publish_agreement(&k.kind.key(), &p).await {
                Ok(v) if pv.current_version == 0 => {
                    say(
                        Step::Check,
                        true,
                        format!(
                            "{} version {} published. Everyone it is for is asked to sign it.",
                            k.name, v.version
                        ),
                    );
                    summary.try_set(String::new());
                    load();
                }
                Ok(v) => {
                    say(Step::Check, true, format!(
                        "{} version {} published. {} who signed version {} will be asked to sign again.",
                        k.name, v.version, who_signs_again(&k, pv.sign_again), pv.current_version
                    ));
                    summary.try_set(String::new());
                    load();
                }
                Err(e) => {
                    say(Step::Publish, false, ctx.message(&e));
                }
            }
        });
    };
    let correct = move |_| {
        let Some((pv, content)) = preview.get_untracked() else {
            return;
        };
        let k = kind.get_untracked();
        let c = CorrectAgreement {
            content,
            reason: reason.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match staff_api::correct_agreement(&k.key(), &c).await {
                Ok(v) => {
                    say(Step::Check, true, format!(
                        "{} version {} corrected. Everyone's signatures stay; the text as first published is kept in the record.",
                        name_of(&kinds.get_untracked(), v.kind), pv.current_version
                    ));
                    reason.try_set(String::new());
                    load();
                }
                Err(e) => {
                    say(Step::Correct, false, ctx.message(&e));
                }
            }
        });
    };
    // The message for one button, right beside it and read out when it changes.
    let message_at = move |step: Step| {
        view! {
            <div class="beside-button" aria-live="polite" data-testid=move || format!("agreement-message-{}", match step { Step::Check => "check", Step::Publish => "publish", Step::Correct => "correct" })>
                {move || message.get().filter(|m| m.0 == step).map(|(_, ok, t)| view! {
                    <p class=if ok { "ok-text" } else { "error-text" } role="status">{t}</p>
                })}
            </div>
        }
    };
    view! {
        <h1>"Agreements"</h1>
        {move || kinds.get().into_iter().map(|info| { let k = info.kind; view! {
            <section class="card" data-testid=format!("agreement-{k}")>
                <h2>{info.name.clone()}</h2>
                <p class="hint">{format!("Signed by: {}{}", who_signs(&info), if info.retired_at_ms.is_some() { " (retired: no longer asked)" } else { "" })}</p>
                {move || (!versions.with(|vs| vs.iter().any(|v| v.kind == k))).then(|| view! {
                    <p class="staff-muted" data-testid="not-published">"Not published yet: nobody is asked to sign it until its first version is. Write it under \u{201c}Publish a new version\u{201d} below."</p>
                })}
                <table class="staff-table" hidden=move || !versions.with(|vs| vs.iter().any(|v| v.kind == k))>
                    <thead><tr><th>"Version"</th><th>"Published"</th><th>"By"</th><th>"What changed"</th></tr></thead>
                    <tbody>
                        {move || versions.get().into_iter().filter(|v| v.kind == k).map(|v| view! {
                            <tr><td>{v.version}</td><td>{when_short(v.published_at_ms)}</td>
                            <td>{v.published_by.clone().unwrap_or_else(|| "Kite (first version)".into())}</td>
                            <td>{v.summary.clone()}
                                {v.corrections.iter().map(|c| view! {
                                    <p class="hint">{format!("Corrected {} by {}: {} ({})", when_short(c.corrected_at_ms),
                                        c.corrected_by.clone().unwrap_or_default(), c.reason, c.changes.join("; "))}</p>
                                }).collect_view()}
                            </td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {let info = info.clone(); move || versions.with(|vs| vs.iter().any(|v| v.kind == k)).then(|| view! { <PosterLinks info=info.clone()/> })}
                <details><summary>"Read the current version"</summary>
                    {move || versions.get().into_iter().find(|v| v.kind == k).map(|v| view! { <AgreementText content=v.content/> })}
                </details>
                {move || versions.get().into_iter().find(|v| v.kind == k).and_then(|v| v.original).map(|o| view! {
                    <details><summary>"Read the current version as first published, before its corrections"</summary>
                        <AgreementText content=o/>
                    </details>
                })}
            </section>
        }}).collect_view()}
        <section class="card">
            <h2>"Publish a new version"</h2>
            <form on:submit=check class="staff-form">
                <div class="field">
                    <label for="publish-kind">"Agreement"</label>
                    <select id="publish-kind" data-testid="publish-kind" on:change=move |ev| if let Some(k) = AgreementKind::parse(&event_target_value(&ev)) { kind.set(k) }>
                        {move || kinds.get().into_iter().filter(AgreementKindInfo::is_asked).map(|k| {
                            let key = k.kind;
                            view! { <option value=key.key() selected=move || kind.get() == key>{k.name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <p class="hint">"It starts as the current version (or empty, for a first version): change what needs changing, then preview it."</p>
                <DraftEditor form=form/>
                <p><button class="button button-primary" type="submit" data-testid="agreement-check">"Preview"</button></p>
                {message_at(Step::Check)}
            </form>
            {move || preview.get().and_then(|(pv, content)| {
                let k = info()?;
                let total = pv.sign_again.total();
                Some(view! {
                    <div class="agreement-preview" data-testid="agreement-preview">
                        <SignerPreview name=k.name.clone() content=content.clone() band=form.band/>
                        <h3>{if pv.current_version == 0 { "Its first version".to_string() } else { format!("What changes from version {}", pv.current_version) }}</h3>
                        <ul>{pv.changes.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}</ul>
                        <p data-testid="agreement-sign-again">{if pv.current_version == 0 {
                            format!("Publishing this as version 1 asks everyone it is for ({}) to sign it.", in_a_sentence(&who_signs(&k)))
                        } else {
                            format!(
                                "Publishing this as version {} asks {} who signed version {} to sign again.",
                                pv.current_version + 1, who_signs_again(&k, pv.sign_again), pv.current_version
                            )
                        }}</p>
                        <div class="field">
                            <label for="publish-summary">"What changed (staff see this)"</label>
                            <input id="publish-summary" type="text" maxlength="500" autocomplete="off"
                                prop:value=move || summary.get() on:input=move |ev| summary.set(event_target_value(&ev))/>
                        </div>
                        <p><button class="button button-primary" type="button" data-testid="agreement-publish" on:click=publish>
                            {if pv.current_version == 0 {
                                "Publish and ask everyone it is for to sign".to_string()
                            } else {
                                format!("Publish and ask {total} {} to sign again", if total == 1 { "person" } else { "people" })
                            }}
                        </button></p>
                        {message_at(Step::Publish)}
                        {match pv.not_a_correction.clone() {
                            // A first version: there is nothing to correct.
                            _ if pv.current_version == 0 => ().into_any(),
                            None => view! {
                                <h3>"Only fixing a typo?"</h3>
                                <p>{format!("Save it as a correction to version {} instead: nobody is asked to sign again, \
                                    and the record keeps the text as first published beside the corrected one.", pv.current_version)}</p>
                                <div class="field">
                                    <label for="correction-reason">"Why it is a correction (kept in the record)"</label>
                                    <input id="correction-reason" type="text" maxlength="500" autocomplete="off"
                                        prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
                                </div>
                                <p><button class="button" type="button" data-testid="agreement-correct" on:click=correct>"Save as a correction"</button></p>
                                {message_at(Step::Correct)}
                            }.into_any(),
                            Some(why) => view! {
                                <h3>"Only fixing a typo?"</h3>
                                <p class="hint" data-testid="agreement-not-correction">{format!("This can't be saved as a correction: {why}.")}</p>
                            }.into_any(),
                        }}
                    </div>
                })
            })}
        </section>
        <OwnAgreementKinds kinds=kinds on_added=Callback::new(move |k| kind.set(k))/>
        <ConsentUses/>
    }
}

#[cfg(test)]
mod tests {
    use super::in_a_sentence;

    #[test]
    fn who_signs_reads_mid_sentence_with_acronyms_kept() {
        assert_eq!(in_a_sentence("Staff"), "staff");
        assert_eq!(in_a_sentence("Parents and carers"), "parents and carers");
        assert_eq!(in_a_sentence("KS2 pupils"), "KS2 pupils");
        assert_eq!(in_a_sentence("EYFS pupils"), "EYFS pupils");
    }
}

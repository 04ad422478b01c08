//! The online-safety policy (`/staff/policy`), for the DSL, an admin and the head: where the
//! policy is read, who approved it and when it is next reviewed (at least once a year). Each
//! approval is added to the history, never edited; a month before the next review the DSL's and
//! the admin's homes say so, and the governors' report says whether the policy is in date.

use kite_protocol::policy::{
    NewPolicyApproval, OnlineSafetyPolicy, PolicyApproval, MAX_APPROVED_BY_CHARS, MAX_NOTES_CHARS,
};
use kite_protocol::review::ReviewStatus;
use kite_protocol::training::ReadingDocument;
use leptos::prelude::*;

use super::format::{iso_date_label, today_input, when_short};
use super::review_due::{badge, home_line, POLICY};
use super::{use_staff, TextField};
use crate::staff_api;

/// The same day a year on (28 February after 29 February): the usual next review.
fn a_year_on(iso: &str) -> String {
    let (Some(year), Some(rest)) = (
        iso.get(..4).and_then(|y| y.parse::<i32>().ok()),
        iso.get(4..),
    ) else {
        return String::new();
    };
    let rest = if rest == "-02-29" { "-02-28" } else { rest };
    format!("{:04}{rest}", year + 1)
}

/// An admin's home: a line only when the review is a month away, late, or never recorded.
#[component]
pub fn PolicyDueLine() -> impl IntoView {
    let status = RwSignal::new(None::<ReviewStatus>);
    leptos::task::spawn_local(async move {
        // A refusal here (a role that doesn't keep the policy) shows nothing on a home.
        if let Ok(s) = staff_api::policy_review().await {
            status.try_set(Some(s));
        }
    });
    move || status.get().and_then(|s| home_line(&POLICY, &s))
}

fn where_read(a: &PolicyApproval) -> impl IntoView {
    let label = match &a.document {
        Some(d) => format!("{} (version {})", d.title, d.version),
        None => a.link.clone(),
    };
    view! { <a href=a.href() target="_blank" rel="noopener" data-testid="policy-link">{label}</a> }
}

fn approval_line(a: PolicyApproval) -> impl IntoView {
    view! {
        <li data-testid="policy-approval">
            <strong>{format!("Approved {} by {}", iso_date_label(&a.approved_on), a.approved_by)}</strong>
            {format!("; next review by {}. ", iso_date_label(&a.next_review_on))}
            {where_read(&a)}
            {(!a.notes.is_empty()).then(|| view! { <br/><span>{a.notes.clone()}</span> })}
            <br/><span class="staff-hint">{format!("Recorded by {} {}", a.recorded_by, when_short(a.recorded_at_ms))}</span>
        </li>
    }
}

#[component]
pub fn PolicyPage() -> impl IntoView {
    let ctx = use_staff();
    let policy = RwSignal::new(None::<Result<OnlineSafetyPolicy, String>>);
    // Documents published in Training, to choose the policy from (the register is the DSL's and
    // admins'; the head gives a web address).
    let documents = RwSignal::new(Vec::<ReadingDocument>::new());
    leptos::task::spawn_local(async move {
        let r = staff_api::policy().await;
        policy.try_set(Some(r.map_err(|e| ctx.message(&e))));
    });
    leptos::task::spawn_local(async move {
        if let Ok(r) = staff_api::training_register().await {
            documents.try_set(r.documents);
        }
    });
    view! {
        <h1>"Online-safety policy"</h1>
        <p class="staff-hint">"Record each time the policy is approved: who approved it, when, where staff and families read it, and when it is next reviewed (at least once a year). A month before the review, the DSL's and the admin's homes say so; the governors' report says whether it is in date."</p>
        {move || match policy.get() {
            None => view! { <p class="staff-muted">"Loading\u{2026}"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="form-error" role="alert">{e}</p> }.into_any(),
            Some(Ok(p)) => view! {
                {badge(&POLICY, &p.review)}
                <section class="card" aria-labelledby="policy-history-heading" data-testid="policy-history">
                    <h2 id="policy-history-heading">"Approvals"</h2>
                    {p.approvals.is_empty().then(|| view! { <p class="staff-muted">"None recorded yet."</p> })}
                    <ul class="needs-list">{p.approvals.into_iter().map(approval_line).collect_view()}</ul>
                </section>
            }.into_any(),
        }}
        <ApprovalForm policy=policy documents=documents/>
    }
}

#[component]
fn ApprovalForm(
    policy: RwSignal<Option<Result<OnlineSafetyPolicy, String>>>,
    documents: RwSignal<Vec<ReadingDocument>>,
) -> impl IntoView {
    let ctx = use_staff();
    let approved_on = RwSignal::new(today_input());
    let approved_by = RwSignal::new(String::new());
    let next_review_on = RwSignal::new(a_year_on(&today_input()));
    let link = RwSignal::new(String::new());
    let document = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, String)>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = NewPolicyApproval {
            approved_on: approved_on.get_untracked(),
            approved_by: approved_by.get_untracked(),
            next_review_on: next_review_on.get_untracked(),
            link: link.get_untracked(),
            document_id: document.get_untracked().parse().ok(),
            notes: notes.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            // Nothing typed is cleared unless it was recorded.
            match staff_api::approve_policy(&body).await {
                Ok(p) => {
                    policy.try_set(Some(Ok(p)));
                    approved_by.set(String::new());
                    notes.set(String::new());
                    message.try_set(Some((true, "Approval recorded.".into())));
                }
                Err(e) => {
                    message.try_set(Some((false, ctx.message(&e))));
                }
            }
        });
    };
    view! {
        <form class="staff-form card" data-testid="policy-form" on:submit=submit>
            <h2>"Record an approval"</h2>
            <div class="field">
                <label for="policy-approved-on">"Approved on"</label>
                <input id="policy-approved-on" type="date" required data-testid="policy-approved-on"
                    prop:value=approved_on
                    on:input=move |ev| {
                        let day = event_target_value(&ev);
                        next_review_on.set(a_year_on(&day));
                        approved_on.set(day);
                    }/>
            </div>
            <TextField id="policy-approved-by" label="Approved by (e.g. the full governing board)"
                max=MAX_APPROVED_BY_CHARS as u32 value=approved_by testid="policy-approved-by"/>
            <div class="field">
                <label for="policy-next-review">"Next review by (at most a year on)"</label>
                <input id="policy-next-review" type="date" required data-testid="policy-next-review"
                    prop:value=next_review_on on:input=move |ev| next_review_on.set(event_target_value(&ev))/>
            </div>
            {move || {
                let docs = documents.get();
                (!docs.is_empty()).then(|| view! {
                    <div class="field">
                        <label for="policy-document">"The policy as published in Training"</label>
                        <select id="policy-document" data-testid="policy-document"
                            on:change=move |ev| document.set(event_target_value(&ev))>
                            <option value="" selected=move || document.get().is_empty()>"None: give its web address below"</option>
                            {docs.into_iter().map(|d| {
                                let id = d.id.to_string();
                                view! { <option value=id.clone() selected=move || document.get() == id>{format!("{} (version {})", d.title, d.version)}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                })
            }}
            <div class="field">
                <label for="policy-link">{move || if documents.with(Vec::is_empty) { "Its web address" } else { "Or its web address" }}</label>
                <input id="policy-link" type="url" autocomplete="off" data-testid="policy-link-input"
                    placeholder="https://" prop:value=link on:input=move |ev| link.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="policy-notes">"Notes (optional: what changed at this review)"</label>
                <textarea id="policy-notes" rows="3" maxlength=MAX_NOTES_CHARS.to_string() data-testid="policy-notes"
                    prop:value=notes on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
            </div>
            {move || message.get().map(|(ok, t)| view! {
                <p class=if ok { "ok-text" } else { "form-error" } role="status" data-testid="policy-message">{t}</p>
            })}
            <p><button class="button" type="submit" data-testid="policy-record">"Record the approval"</button></p>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::a_year_on;

    #[test]
    fn the_next_review_is_offered_a_year_on() {
        assert_eq!(a_year_on("2026-09-03"), "2027-09-03");
        assert_eq!(a_year_on("2028-02-29"), "2029-02-28");
        assert_eq!(a_year_on(""), "");
    }
}

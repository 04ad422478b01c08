//! The audit trail for the DSL: every view and change by staff, newest first. Read-only here and
//! on the server.

use kite_protocol::staff::AuditEntry;
use leptos::prelude::*;

use super::format::when;
use super::use_staff;
use crate::staff_api;

fn action_label(a: &str) -> &str {
    match a {
        "login" => "Signed in",
        "login_failed" => "Wrong password",
        "login_two_step_failed" => "Wrong or missing two-step code",
        "two_step_setup_started" => "Started setting up two-step sign-in",
        "two_step_enabled" => "Turned on two-step sign-in",
        "two_step_disabled" => "Turned off two-step sign-in",
        "two_step_reset" => "Two-step sign-in reset (command line)",
        "login_recovery_code_used" => "Signed in with a recovery code",
        "recovery_codes_replaced" => "Made new recovery codes",
        "password_check_failed" => "Wrong password when confirming a change",
        "logout" => "Signed out",
        "password_changed" => "Changed password",
        "password_set" => "Password set (command line)",
        "list_reports" => "Viewed the inbox",
        "view_report" => "Opened a report",
        "report_status" => "Report status changed",
        "triage_report" => "Triaged a report",
        "report_action" => "Recorded an action",
        "report_first_read" => "Read a record for the first time",
        "report_action_done" => "Marked an action done",
        "report_correction" => "Added a correction",
        "report_referral" => "Recorded a referral",
        "report_referral_result" => "Recorded a referral's result",
        "report_parents_told" => "Recorded telling the parents",
        "parent_letter" => "Opened a letter to parents",
        "dsl_home" => "Viewed what needs them",
        "view_audit" => "Viewed the audit log",
        "access_denied" => "Refused: not for their role",
        "list_accounts" => "Viewed staff accounts",
        "account_created" => "Created an account",
        "account_disabled" => "Disabled an account",
        "account_enabled" => "Enabled an account",
        "account_unlocked" => "Unlocked an account",
        "list_devices" => "Viewed tablets",
        "device_revoked" => "Revoked a tablet",
        "device_enrolled" => "Tablet enrolled",
        "enrolment_code_created" => "Made an enrolment code",
        "school_profile_changed" => "Changed the school profile",
        "two_step_setting_changed" => "Changed the two-step setting",
        "retention_changed" => "Changed how long closed records are kept",
        "report_held" => "Put a record on hold",
        "report_hold_lifted" => "Lifted a record's hold",
        other => other,
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let ctx = use_staff();
    let entries = RwSignal::new(Vec::<AuditEntry>::new());
    let error = RwSignal::new(None::<String>);
    let more = RwSignal::new(false);
    let load = move |before: Option<i64>| {
        leptos::task::spawn_local(async move {
            match staff_api::audit(before).await {
                Ok(page) => {
                    more.try_set(page.entries.len() == 200);
                    entries.try_update(|e| e.extend(page.entries));
                }
                Err(e) => {
                    error.try_set(Some(ctx.message(&e)));
                }
            }
        });
    };
    load(None);
    view! {
        <h1>"Audit log"</h1>
        <p class="staff-hint">"Every time staff open or change a report, sign in, or change a setting, it is recorded here. Entries can't be edited or deleted."</p>
        {move || error.get().map(|e| view! { <p class="error-text" role="alert">{e}</p> })}
        <table class="staff-table" data-testid="audit">
            <thead><tr>
                <th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"What"</th>
                <th scope="col">"Report"</th><th scope="col">"Detail"</th>
            </tr></thead>
            <tbody>
                <For each=move || entries.get() key=|e| e.id let:e>
                    <tr>
                        <td>{when(e.at_ms)}</td>
                        <td>{e.staff_email.clone()}</td>
                        <td>{action_label(&e.action).to_string()}</td>
                        <td>{e.report_id.clone().map(|id| {
                            let short = id.chars().take(8).collect::<String>();
                            view! { <a href=format!("/staff/reports/{id}")>{short}</a> }
                        })}</td>
                        <td>{e.detail.clone()}</td>
                    </tr>
                </For>
            </tbody>
        </table>
        <Show when=move || more.get()>
            <p><button type="button" class="button button-secondary"
                on:click=move |_| load(entries.with_untracked(|e| e.last().map(|l| l.id)))>"Older entries"</button></p>
        </Show>
    }
}

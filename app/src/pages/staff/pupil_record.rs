//! A child's safeguarding record, for the DSL: find a pupil by a few letters of their name, then
//! their details and chronology (every record linked to them with what the school did, beside
//! their AUP, photo consent and the lessons their class was taught), newest or oldest first.
//! Printable, one child per document, with the school's name, the date and who printed it, and
//! as the child protection file for the school a leaver moves to (oldest first, headed for
//! them); the server audits every view and every print.

use kite_protocol::pupil_record::{
    ChronologyEntry, ChronologyRecord, PupilHit, PupilRecordPage, RecordAccount, RecordPrinted,
};
use leptos::prelude::*;

use super::format::{feeling_label, iso_date_label, place_label, what_label_str, when};
use super::link_pupil::pupil_hit_label;
use super::use_staff;
use crate::staff_api::{self, StaffError};

/// `/staff/pupils`: find a child's record by the first letters of their name.
#[component]
pub fn PupilsPage() -> impl IntoView {
    let ctx = use_staff();
    let query = RwSignal::new(String::new());
    let hits = RwSignal::new(None::<Result<Vec<PupilHit>, StaffError>>);
    let search = move |q: String| {
        query.set(q.clone());
        if q.trim().is_empty() {
            hits.set(None);
            return;
        }
        leptos::task::spawn_local(async move {
            let found = staff_api::find_pupil_records(q.trim()).await;
            if query.try_get_untracked().as_deref() != Some(q.as_str()) {
                return;
            }
            if let Err(e) = &found {
                ctx.message(e);
            }
            hits.try_set(Some(found));
        });
    };
    view! {
        <h1>"Pupils' records"</h1>
        <p class="staff-summary">"Each child's chronology: the records linked to them, what the school did, and their AUP, photo consent and lessons. Opening one is recorded in the audit log."</p>
        <div class="field pupil-find">
            <label for="pupil-find">"Child's name"</label>
            <input id="pupil-find" type="search" autocomplete="off" placeholder="Type a few letters of a first or last name"
                data-testid="pupil-find" prop:value=move || query.get() on:input=move |ev| search(event_target_value(&ev))/>
        </div>
        {move || match hits.get() {
            None => ().into_any(),
            Some(Err(e)) => view! { <p class="error-text" role="alert">{e.message}</p> }.into_any(),
            Some(Ok(h)) if h.is_empty() => view! { <p class="staff-muted">"No pupil's name starts like that."</p> }.into_any(),
            Some(Ok(h)) => view! {
                <ul class="pupil-results" data-testid="pupil-results">
                    {h.into_iter().map(|p| view! {
                        <li><a href=format!("/staff/pupils/{}", p.id)>{pupil_hit_label(&p)}</a></li>
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

/// `/staff/pupils/{id}`: one child's record.
#[component]
pub fn PupilRecordView(id: i64) -> impl IntoView {
    let ctx = use_staff();
    let page = RwSignal::new(None::<Result<PupilRecordPage, StaffError>>);
    leptos::task::spawn_local(async move {
        let r = staff_api::pupil_record(id).await;
        if let Err(e) = &r {
            ctx.message(e);
        }
        page.try_set(Some(r));
    });
    view! {
        <p class="no-print"><a href="/staff/pupils">"\u{2190} Find another child"</a></p>
        {move || match page.get() {
            None => view! { <p class="staff-loading">"Loading the record\u{2026}"</p> }.into_any(),
            Some(Err(e)) if e.status == 404 => view! {
                <div class="card"><h1>"No such pupil"</h1><p>"Check the link, or find the child again."</p></div>
            }.into_any(),
            Some(Err(e)) => view! { <p class="error-text" role="alert">{e.message}</p> }.into_any(),
            Some(Ok(p)) => view! { <RecordBody p=p/> }.into_any(),
        }}
    }
}

#[component]
fn RecordBody(p: PupilRecordPage) -> impl IntoView {
    let ctx = use_staff();
    let id = p.id;
    let newest_first = RwSignal::new(true);
    let my_name = ctx
        .me
        .get_untracked()
        .flatten()
        .map(|m| m.name)
        .unwrap_or_default();
    // Until a print is recorded, the printed copy's footer names the reader and now.
    let printed = RwSignal::new(RecordPrinted {
        printed_by: my_name,
        printed_at_ms: js_sys::Date::now() as i64,
    });
    let error = RwSignal::new(None::<String>);
    // Set while a print started by the Print button is under way, so the browser's own print
    // event doesn't record it twice.
    let by_button = StoredValue::new(false);
    // Set when the copy is the child protection file for the school the child moves to: it is
    // headed for them, oldest first, and audited as such.
    let for_school = RwSignal::new(None::<String>);
    let record_print = move || {
        let transfer = for_school.get_untracked().is_some();
        leptos::task::spawn_local(async move {
            match staff_api::pupil_record_printed(id, transfer).await {
                Ok(p) => {
                    printed.try_set(p);
                }
                Err(e) => {
                    error.try_set(Some(ctx.message(&e)));
                }
            }
        });
    };
    let print = move |transfer: bool| {
        leptos::task::spawn_local(async move {
            match staff_api::pupil_record_printed(id, transfer).await {
                Ok(p) => {
                    printed.try_set(p);
                    error.try_set(None);
                    by_button.set_value(true);
                    // Printed after the footer has been drawn with who and when.
                    set_timeout(
                        move || {
                            if let Some(w) = web_sys::window() {
                                let _ = w.print();
                            }
                            by_button.set_value(false);
                        },
                        std::time::Duration::from_millis(50),
                    );
                }
                Err(e) => {
                    error.try_set(Some(ctx.message(&e)));
                }
            }
        });
    };
    // A print from the browser's menu is recorded too.
    let listener = window_event_listener(leptos::ev::beforeprint, move |_| {
        if !by_button.get_value() {
            record_print();
        }
    });
    on_cleanup(move || listener.remove());

    let name = match &p.details.last_name {
        Some(last) => format!("{} {last}", p.first_name),
        None => format!("{} {}.", p.first_name, p.last_initial),
    };
    let entries = StoredValue::new(p.chronology.clone());
    let first_name = p.first_name.clone();
    let d = p.details.clone();
    let new_school = d
        .leaving_to
        .clone()
        .unwrap_or_else(|| "their new school".to_string());
    let print_for_new_school = move |_| {
        newest_first.set(false);
        for_school.set(Some(new_school.clone()));
        print(true);
    };
    let not_known = || "Not recorded".to_string();
    let date = |v: &Option<String>| v.as_deref().map(iso_date_label).unwrap_or_else(not_known);
    let details: Vec<Fact> = vec![
        ("Full name", name.clone()),
        ("Date of birth", date(&d.date_of_birth)),
        (
            "Year group",
            d.year_group
                .map(|y| y.label().to_string())
                .unwrap_or_else(not_known),
        ),
        ("Class", p.class_name.clone()),
        ("UPN", d.upn.clone().unwrap_or_else(not_known)),
        ("Admitted", date(&d.admitted_on)),
        ("Leaving", date(&d.leaving_on)),
        ("Moving to", d.leaving_to.clone().unwrap_or_else(not_known)),
    ];
    view! {
        <article class="pupil-record" data-testid="pupil-record">
            <div class="print-head">
                <p class="print-school">{p.school_name.clone()}</p>
                <p class="print-note">"Confidential: safeguarding record. Keep it as the school's child protection policy says."</p>
                {move || for_school.get().map(|s| view! {
                    <p class="print-note" data-testid="print-for">{format!("Child protection file for {s}: every record about this child, oldest first, with the names of the staff who wrote them.")}</p>
                })}
            </div>
            <div class="report-head">
                <h1 data-testid="record-name">{name.clone()}</h1>
                {p.left_at_ms.map(|_| view! { <span class="badge">"Left the class list"</span> })}
            </div>
            <section class="card" aria-labelledby="details-heading">
                <h2 id="details-heading">"Details"</h2>
                <div data-testid="record-details">{facts_view(details, "facts record-details")}</div>
                <p class="no-print"><a href=format!("/staff/classes/{}/pupils/{}", p.class_id, p.id)>"Change these details"</a></p>
            </section>
            <section class="card" aria-labelledby="chronology-heading">
                <div class="record-toolbar">
                    <h2 id="chronology-heading">"Chronology"</h2>
                    <div class="no-print button-row">
                        <button type="button" class="button button-quiet" data-testid="record-order"
                            on:click=move |_| newest_first.update(|n| *n = !*n)>
                            {move || if newest_first.get() { "Show oldest first" } else { "Show newest first" }}
                        </button>
                        <button type="button" class="button button-secondary" data-testid="record-print"
                            on:click=move |_| { for_school.set(None); print(false) }>"Print"</button>
                        <button type="button" class="button button-secondary" data-testid="record-print-transfer"
                            on:click=print_for_new_school>"Print for the new school"</button>
                    </div>
                </div>
                <p class="staff-hint">{move || if newest_first.get() { "Newest first." } else { "Oldest first." }}</p>
                {move || error.get().map(|t| view! { <p class="error-text no-print" role="alert">{t}</p> })}
                {move || {
                    let mut list = entries.get_value();
                    if !newest_first.get() {
                        list.reverse();
                    }
                    if list.is_empty() {
                        return view! { <p class="staff-muted">{format!("Nothing is recorded about {first_name} yet.")}</p> }.into_any();
                    }
                    view! {
                        <ol class="pupil-chronology" data-testid="pupil-chronology">
                            {list.into_iter().map(|e| view! { <Entry e=e/> }).collect_view()}
                        </ol>
                    }.into_any()
                }}
            </section>
            <super::file_transfer::FileTransfers pupil_id=id transfers=p.file_transfers.clone() leaving_to=d.leaving_to.clone()/>
            <div class="print-foot" data-testid="printed-by">
                {move || {
                    let p = printed.get();
                    format!("Printed {} by {}. One child per document: do not add other children's records to it.", when(p.printed_at_ms), p.printed_by)
                }}
            </div>
        </article>
    }
}

fn source_label(source: &str) -> &'static str {
    match source {
        "pupil" => "A pupil's report",
        "parent" => "A parent's concern",
        "staff" => "A staff concern",
        _ => "A record",
    }
}

fn agency_label(agency: &str) -> &'static str {
    match agency {
        "social_care" => "Children's social care / MASH",
        "police" => "Police",
        "ceop" => "CEOP",
        "early_help" => "Early help",
        "lado" => "LADO",
        "prevent" => "Prevent",
        _ => "Other",
    }
}

/// `smart-rules` as "Smart rules": a lesson's id, or a chronology entry's kind, in words. The
/// staff pages don't load the curriculum, whose titles live with the lessons.
fn sentence_case(id: &str) -> String {
    let words = id.replace(['-', '_'], " ");
    let mut c = words.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// One line of a description list. Facts are plain pairs drawn by one view, which keeps the
/// bundle small (each differently shaped view is code of its own in the wasm).
type Fact = (&'static str, String);

fn facts_view(facts: Vec<Fact>, class: &'static str) -> impl IntoView {
    view! {
        <dl class=class>
            {facts.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
        </dl>
    }
}

fn list_view(heading: &'static str, items: Vec<String>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        view! {
            <h3>{heading}</h3>
            <ul class="chrono-events">{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
        }
    })
}

/// A context entry in words: the AUP, a co-signature, photo consent, a lesson.
fn context_text(e: &ChronologyEntry) -> String {
    match e {
        ChronologyEntry::Record { .. } => String::new(),
        ChronologyEntry::AupSigned { version, .. } => {
            format!("Signed our rules (the pupils' AUP), version {version}, on a tablet.")
        }
        ChronologyEntry::ParentCoSigned { parent_name, .. } => {
            format!("{parent_name} co-signed the AUP and the home-school agreement.")
        }
        ChronologyEntry::OwnAgreementSigned {
            name,
            version,
            parent_name,
            ..
        } => match parent_name {
            Some(parent) => format!("{parent} signed \u{201c}{name}\u{201d}, version {version}."),
            None => format!("Signed \u{201c}{name}\u{201d}, version {version}, on a tablet."),
        },
        ChronologyEntry::PhotoConsent {
            use_name,
            granted,
            given_by,
            ..
        } => {
            let what = if *granted { "given" } else { "withdrawn" };
            format!("Consent {what} for \u{201c}{use_name}\u{201d} by {given_by}.")
        }
        ChronologyEntry::Lesson {
            lesson_id,
            times,
            taught_by_teacher,
            ..
        } => {
            let how = if *taught_by_teacher {
                "taught to the class"
            } else {
                "done on the class's tablets"
            };
            let times = if *times > 1 {
                format!(" ({times} times)")
            } else {
                String::new()
            };
            format!(
                "Online-safety lesson {how}: {}{times}.",
                sentence_case(lesson_id)
            )
        }
    }
}

#[component]
fn Entry(e: ChronologyEntry) -> impl IntoView {
    let at = when(e.at_ms());
    let text = context_text(&e);
    let (kind, body) = match e {
        ChronologyEntry::Record { record, .. } => {
            ("record", view! { <RecordEntry r=*record/> }.into_any())
        }
        _ => ("context", view! { <p>{text}</p> }.into_any()),
    };
    view! {
        <li class=format!("chrono-entry chrono-is-{kind}") data-kind=kind>
            <span class="chrono-when">{at}</span>
            <div class="chrono-body">{body}</div>
        </li>
    }
}

fn record_facts(r: &ChronologyRecord) -> Vec<Fact> {
    let mut facts: Vec<Fact> = Vec::new();
    if let Some(h) = r.happened_at_ms {
        facts.push(("Happened", when(h)));
    }
    facts.push(("Recorded", when(r.received_at_ms)));
    if let Some(w) = &r.written_by {
        facts.push(("Written by", w.clone()));
    }
    facts.push((
        "Category",
        r.category
            .map(|c| c.label())
            .unwrap_or("Not yet categorised")
            .to_string(),
    ));
    if let Some(why) = &r.link_reason {
        facts.push((
            "Linked",
            format!("By {} on {}: {why}", r.linked_by, when(r.linked_at_ms)),
        ));
    }
    if let Some(o) = r.outcome {
        facts.push(("Outcome", o.label().to_string()));
    }
    if let Some(w) = &r.outcome_reason {
        facts.push(("Why", w.clone()));
    }
    if let Some(w) = &r.not_referred_reason {
        facts.push(("Not referred because", w.clone()));
    }
    if r.shared {
        facts.push((
            "About other children too",
            "Its notes and reasons are on the record's own page, as they may name them."
                .to_string(),
        ));
    }
    facts
}

/// The record's own words, as its writer gave them: the heart of a child protection file.
fn account_facts(a: &RecordAccount) -> Vec<Fact> {
    let mut facts: Vec<Fact> = Vec::new();
    let mut add = |k: &'static str, v: &Option<String>| {
        if let Some(v) = v.as_ref().filter(|v| !v.trim().is_empty()) {
            facts.push((k, v.clone()));
        }
    };
    match a {
        RecordAccount::Pupil {
            place,
            feeling,
            words,
            web_address,
            drew,
        } => {
            add("Where", &place.map(|p| place_label(p).to_string()));
            add(
                "How they felt",
                &feeling.map(|f| feeling_label(f).to_string()),
            );
            add("In the child's words", words);
            add("Web address", web_address);
            if *drew {
                add(
                    "A drawing",
                    &Some("The child drew a picture: it is on the record's own page.".into()),
                );
            }
        }
        RecordAccount::Parent { text } => add("The parent wrote", &Some(text.clone())),
        RecordAccount::Staff {
            place,
            what_happened,
            child_words,
            action_taken,
        } => {
            add("Where", place);
            add("What happened", &Some(what_happened.clone()));
            add("What the child said", child_words);
            add("What the writer did", action_taken);
        }
        RecordAccount::Unreadable => add(
            "Its words",
            &Some(
                "Kite could not read them here: open the record, and tell your IT provider.".into(),
            ),
        ),
    }
    facts
}

fn event_lines(r: &ChronologyRecord) -> Vec<String> {
    r.events
        .iter()
        .map(|e| {
            let label = match (e.kind.as_str(), e.action_type) {
                (_, Some(a)) => a.label().to_string(),
                (k, None) => sentence_case(k),
            };
            let mut line = format!("{}: {label}", when(e.at_ms));
            if e.detail.is_empty() {
                line.push('.');
            } else {
                line.push_str(&format!(": {}", e.detail));
            }
            if let Some(o) = &e.owner {
                line.push_str(&format!(" Owner: {o}."));
            }
            if let Some(d) = &e.due_on {
                line.push_str(&format!(" Due {}.", iso_date_label(d)));
            }
            line.push_str(&format!(" ({})", e.by));
            line
        })
        .collect()
}

fn referral_lines(r: &ChronologyRecord) -> Vec<String> {
    r.referrals
        .iter()
        .map(|f| {
            let mut line = agency_label(&f.agency).to_string();
            if let Some(d) = &f.agency_detail {
                line.push_str(&format!(" ({d})"));
            }
            line.push_str(&format!(", {}", iso_date_label(&f.referred_on)));
            if let Some(reference) = &f.reference {
                line.push_str(&format!(", reference {reference}"));
            }
            if let Some(result) = &f.result {
                line.push_str(&format!(". Result: {result}"));
            }
            line
        })
        .collect()
}

fn parents_lines(r: &ChronologyRecord) -> Vec<String> {
    r.parents_informed
        .iter()
        .map(|t| {
            let told = if t.informed {
                let mut told = format!(
                    "Told on {}",
                    t.informed_on
                        .as_deref()
                        .map(iso_date_label)
                        .unwrap_or_default()
                );
                for part in [&t.who, &t.how].into_iter().flatten() {
                    told.push_str(&format!(", {part}"));
                }
                told.push('.');
                told
            } else {
                match &t.why_not {
                    Some(why) => format!("Not told: {why}"),
                    None => "Not told.".to_string(),
                }
            };
            format!("{told} (recorded by {})", t.recorded_by)
        })
        .collect()
}

#[component]
fn RecordEntry(r: ChronologyRecord) -> impl IntoView {
    // A pupil's or parent's record is named by what they said happened; a staff concern's kind
    // is only "a staff concern", so its category says more, and a monitoring alert the DSL
    // acted on is named as one.
    let source = match r.came_to_light.as_deref() {
        Some("monitoring_alert") => "A monitoring alert",
        _ => source_label(&r.source),
    };
    let title = match (r.source.as_str(), r.category) {
        ("staff", Some(c)) => format!("{source}: {}", c.label()),
        ("staff", None) => source.to_string(),
        _ => format!(
            "{}: {}",
            source_label(&r.source),
            what_label_str(&r.what).to_lowercase()
        ),
    };
    let mut badges = Vec::new();
    if r.urgent {
        badges.push(("badge badge-urgent".to_string(), "Urgent"));
    }
    badges.push((
        format!("badge status-{}", r.status.as_str()),
        r.status.label(),
    ));
    badges.push(("badge".to_string(), r.involvement.label()));
    view! {
        <div class="chrono-record" data-testid="chrono-record">
            <p class="chrono-title">
                <strong>{title}</strong>
                {badges.into_iter().map(|(class, label)| view! { " " <span class=class>{label}</span> }).collect_view()}
            </p>
            {facts_view(record_facts(&r), "facts chrono-facts")}
            {r.account.as_ref().map(|a| view! {
                <h3>"What was written"</h3>
                {facts_view(account_facts(a), "facts chrono-facts chrono-account")}
            })}
            {list_view("What the school did", event_lines(&r))}
            {list_view("Referrals", referral_lines(&r))}
            {list_view("Parents told", parents_lines(&r))}
            <p class="no-print"><a href=format!("/staff/reports/{}", r.report_id)>"Open the record"</a></p>
        </div>
    }
}

//! The DSL's home: leavers with a safeguarding record whose child protection file is still to
//! send (due five school days after they leave) or is waiting for the new school's receipt. Each
//! links to the child's record, where the file is printed and its sending recorded.

use kite_protocol::file_transfer::FileToSend;
use leptos::prelude::*;

use super::format::iso_date_label;

fn line(f: FileToSend) -> impl IntoView {
    let (badge, text) = match &f.sent_on {
        Some(sent) => (
            "badge",
            format!("Sent {}, awaiting receipt", iso_date_label(sent)),
        ),
        None if f.overdue => (
            "badge badge-overdue",
            format!("Overdue: due {}", iso_date_label(&f.send_by)),
        ),
        None => ("badge", format!("Send by {}", iso_date_label(&f.send_by))),
    };
    let to = f.leaving_to.map(|s| format!(" to {s}")).unwrap_or_default();
    view! {
        <li data-testid="file-to-send">
            <span class=badge>{text}</span> " "
            <a href=format!("/staff/pupils/{}", f.pupil_id)>{f.name}</a>
            {format!(", leaving {}{to}", iso_date_label(&f.leaving_on))}
        </li>
    }
}

/// Nothing at all when no leaver's file needs the DSL.
#[component]
pub fn FilesToSend(files: Vec<FileToSend>) -> impl IntoView {
    (!files.is_empty()).then(|| {
        view! {
            <section class="card" aria-labelledby="files-heading" data-testid="files-to-send">
                <h2 id="files-heading">"Child protection files to send"</h2>
                <p class="staff-hint">"Send a leaver's file to their new school within five school days, separately from their main school file, and record the receipt."</p>
                <ul class="needs-list">{files.into_iter().map(line).collect_view()}</ul>
            </section>
        }
    })
}

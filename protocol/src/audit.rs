//! The audit log in words: what each action is called, and its detail said as a sentence. The
//! log keeps short codes (it is a legal record, never rewritten); people read these words. The
//! server uses the same names to find entries by what a person searched for.

/// Every action the log records, with what it is called.
pub const ACTIONS: &[(&str, &str)] = &[
    ("login", "Signed in"),
    ("login_failed", "Wrong password"),
    ("login_two_step_failed", "Wrong or missing two-step code"),
    (
        "two_step_setup_started",
        "Started setting up two-step sign-in",
    ),
    ("two_step_enabled", "Turned on two-step sign-in"),
    ("two_step_disabled", "Turned off two-step sign-in"),
    ("two_step_reset", "Two-step sign-in reset (command line)"),
    ("login_recovery_code_used", "Signed in with a recovery code"),
    ("recovery_codes_replaced", "Made new recovery codes"),
    (
        "password_check_failed",
        "Wrong password when confirming a change",
    ),
    ("logout", "Signed out"),
    ("unlocked", "Unlocked the screen"),
    ("unlock_failed", "Wrong password unlocking the screen"),
    ("password_changed", "Changed password"),
    ("password_set", "Password set (command line)"),
    ("list_reports", "Viewed the inbox"),
    ("view_report", "Opened a report"),
    ("report_status", "Changed a report's status"),
    ("triage_report", "Triaged a report"),
    ("report_action", "Recorded an action"),
    ("report_first_read", "Read a record for the first time"),
    ("report_action_done", "Marked an action done"),
    ("report_correction", "Added a correction"),
    ("report_referral", "Recorded a referral"),
    ("report_referral_result", "Recorded a referral's result"),
    ("report_parents_told", "Recorded telling the parents"),
    ("report_held", "Put a record on hold"),
    ("report_hold_lifted", "Lifted a record's hold"),
    ("report_purged", "Deleted a closed record past its time"),
    ("link_report_pupil", "Linked a report to a pupil"),
    ("concern_logged", "Logged a concern"),
    ("parent_concern", "A parent raised a concern"),
    ("parent_letter", "Opened a letter to parents"),
    ("parent_letters", "Printed letters for parents"),
    ("parent_sign_in", "A parent signed in"),
    ("parent_cosigned", "A parent co-signed an agreement"),
    ("photo_consent", "A parent changed a consent"),
    (
        "paper_consent",
        "Recorded a consent form handed in on paper",
    ),
    (
        "paper_cosigned",
        "Recorded a co-signature handed in on paper",
    ),
    ("consent_use_added", "Added a consent use"),
    ("consent_use_retired", "Retired a consent use"),
    ("dsl_home", "Viewed what needs them"),
    ("view_audit", "Viewed the audit log"),
    ("access_denied", "Refused: not for their role"),
    ("list_accounts", "Viewed staff accounts"),
    ("account_created", "Created an account"),
    ("account_disabled", "Disabled an account"),
    ("account_enabled", "Enabled an account"),
    ("account_unlocked", "Unlocked an account"),
    ("account_agreement_set", "Set an account's staff agreement"),
    ("agreement_published", "Published an agreement"),
    ("agreement_signed", "Signed the staff agreement"),
    ("list_devices", "Viewed tablets"),
    ("device_revoked", "Revoked a tablet"),
    ("device_enrolled", "Tablet enrolled"),
    ("enrolment_code_created", "Made an enrolment code"),
    ("school_profile_changed", "Changed the school profile"),
    ("two_step_setting_changed", "Changed the two-step setting"),
    (
        "retention_changed",
        "Changed how long closed records are kept",
    ),
    ("set_term_dates", "Set the term dates"),
    (
        "training_person_added",
        "Added someone to the training register",
    ),
    ("training_recorded", "Recorded training"),
    ("training_exported", "Downloaded the training register"),
    (
        "document_published",
        "Published a document for staff to read",
    ),
    ("document_read", "Confirmed reading a document"),
    ("document_opened", "Opened a document to read"),
    (
        "training_file_uploaded",
        "Uploaded a document or a training certificate",
    ),
    (
        "training_file_read",
        "Opened a training certificate or document",
    ),
    ("class_created", "Made a class"),
    ("class_teachers_set", "Chose a class's teachers"),
    ("class_list_imported", "Imported a class list"),
    ("pupil_added", "Added a pupil"),
    ("pupil_left", "Marked a pupil as left"),
    ("pupil_details_changed", "Changed a pupil's details"),
    ("view_pupil_details", "Viewed a pupil's details"),
    ("view_pupil_record", "Opened a pupil's record"),
    ("print_pupil_record", "Printed a pupil's record"),
    (
        "print_file_for_transfer",
        "Printed a child's file for their new school",
    ),
    (
        "pupil_file_transfer",
        "Recorded a child's file moving school",
    ),
    ("record_kept", "Kept a record after its review"),
    ("record_deleted", "Deleted a record after its review"),
    ("photo_uploaded", "Uploaded a photo"),
    ("register_viewed", "Viewed a class register"),
    ("view_governors_report", "Viewed the governors' report"),
    ("export_incident_log", "Downloaded the incident log"),
    ("view_trust_overview", "Viewed the trust overview"),
];

/// What an action is called; an action with no name yet is shown as it is stored.
pub fn action_label(action: &str) -> &str {
    ACTIONS
        .iter()
        .find(|(code, _)| *code == action)
        .map_or(action, |(_, label)| label)
}

/// A stored code (`in_progress`) as a word ("In progress").
fn word(code: &str) -> String {
    let spaced = code.trim().replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

/// An entry's detail as a sentence: `status seen -> in_progress` is "Moved from Seen to In
/// progress", the inbox's `status=open … from= to=` lists only the filters that were set.
/// Anything else is shown as it is stored.
pub fn detail_words(detail: &str) -> String {
    let detail = detail.trim();
    if let Some((from, to)) = detail.split_once(" -> ") {
        let (what, from) = match from.split_once(' ') {
            Some((what, from)) => (Some(what.trim_end_matches(':')), from),
            None => (None, from),
        };
        let (to, note) = match to.split_once(' ') {
            Some((to, note)) => (to, format!(" {note}")),
            None => (to, String::new()),
        };
        let change = format!("from {} to {}{note}", word(from), word(to));
        let a_status = ["new", "seen", "in_progress", "closed"].contains(&from);
        return match what {
            Some("status") => format!("Moved {change}"),
            None if a_status => format!("Moved {change}"),
            None => word(&change),
            Some(what) => format!("{}: {change}", word(what)),
        };
    }
    if detail.contains('=') {
        let mut said = Vec::new();
        let mut rest = Vec::new();
        for part in detail.split(' ') {
            match part.split_once('=') {
                Some((key, value)) if !value.is_empty() && value != "any" && value != "all" => {
                    said.push(format!("{} {}", key, value.replace('_', " ")))
                }
                Some(_) => {}
                None => rest.push(part),
            }
        }
        let mut out = if said.is_empty() {
            "No filters".to_string()
        } else {
            format!("Filters: {}", said.join(", "))
        };
        if !rest.is_empty() {
            out.push(' ');
            out.push_str(&rest.join(" "));
        }
        return out;
    }
    detail.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_as_words() {
        assert_eq!(
            action_label("agreement_signed"),
            "Signed the staff agreement"
        );
        assert_eq!(action_label("something_new"), "something_new");
        assert_eq!(
            detail_words("status seen -> in_progress"),
            "Moved from Seen to In progress"
        );
        assert_eq!(
            detail_words("new -> seen (opened)"),
            "Moved from New to Seen (opened)"
        );
        assert_eq!(detail_words("12 -> 24 months"), "From 12 to 24 months");
        assert_eq!(
            detail_words("required: false -> true"),
            "Required: from False to True"
        );
        assert_eq!(
            detail_words("status=open urgency=any category=any source=any unread= from= to= page=1 (3 of 3 shown)"),
            "Filters: status open, page 1 (3 of 3 shown)"
        );
        assert_eq!(detail_words("pupil 4"), "pupil 4");
    }
}

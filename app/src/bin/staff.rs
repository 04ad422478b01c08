//! The staff bundle (`dist/staff.html`): sign-in, the DSL's inbox and reports, the audit log,
//! a teacher's home and one's own sign-in.

fn main() {
    kite_app::mount_in_english(kite_app::adults::StaffApp);
}

//! The report bundle (`dist/report.html`): one record's page, for the DSL.

fn main() {
    kite_app::mount_in_english(kite_app::adults::ReportApp);
}

//! The procedure bundle (`dist/procedure.html`): a step-by-step procedure on one record (DSL).

fn main() {
    kite_app::mount_in_english(kite_app::adults::ProcedureApp);
}

//! The staff bundle (`dist/staff.html`): every staff page.

fn main() {
    kite_app::mount(kite_app::adults::StaffApp);
}

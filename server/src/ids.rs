//! The ids that name a person, a class or a tablet. Each is its own type, so a pupil's id can't be
//! passed where a staff member's, a class's or a device's is expected: a record written against
//! the wrong child, or a parent shown another family's child, would be a safeguarding failure,
//! and the compiler now refuses it. On the wire and in the database they are plain integers
//! (`serde` and `sqlx` see through them).

use std::fmt;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize, sqlx::Type,
        )]
        #[serde(transparent)]
        #[sqlx(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }
    )*};
}

id_type! {
    /// A pupil on the school's roll (`pupils.id`).
    PupilId;
    /// A staff account (`staff.id`): teachers, the DSL, governors, admins.
    StaffId;
    /// A class (`classes.id`).
    ClassId;
    /// An enrolled tablet (`devices.id`).
    DeviceId;
}

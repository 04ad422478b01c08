//! Kite's wire protocol: what a tablet sends to the school server and what it gets back.
//!
//! Both sides validate with the same code, so a report the app accepts is a report the server
//! accepts, and bad input is named the same way in both places.

pub mod adult_concern;
pub mod agreement;
pub mod answer;
pub mod app_routes;
pub mod audit;
pub mod band;
pub mod child_reply;
pub mod class_check;
pub mod class_years;
pub mod classes;
pub mod concern;
pub mod consent;
pub mod device;
pub mod file_transfer;
pub mod filtering;
pub mod lesson_record;
pub mod limits;
pub mod oversight;
pub mod parents;
pub mod policy;
pub mod procedure;
pub mod pupil_record;
pub mod pupil_signature;
pub mod record;
pub mod register;
pub mod report;
pub mod retention;
pub mod review;
pub mod school_account;
pub mod school_posts;
pub mod sealed;
pub mod staff;
pub mod survey;
pub mod sync;
pub mod teach_next;
pub mod training;
pub mod trust;
mod validate;
pub mod visitor;

pub use band::Band;
pub use validate::ValidationError;

/// The months' names, January first: the governors' periods and the letters staff print name
/// months the same way on the server and in the app.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Bumped when a wire type changes incompatibly; the server answers older versions with a clear 4xx.
pub const PROTOCOL_VERSION: u16 = 1;

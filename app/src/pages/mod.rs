//! One module per route.

pub mod answer;
pub mod aup;
pub mod home;
pub mod learn;
pub mod not_found;
pub mod parents;
pub mod present;
pub mod setup;
pub mod staff;
pub mod survey;
pub mod tell;
pub mod visitor;

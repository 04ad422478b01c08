//! The Kite school server, as a library so that tests build the real app on a random port with a
//! fresh database (see `startup`), and `main.rs` only calls the command line (`cli`).

pub mod accounts;
pub mod agreement_changes;
pub mod agreements;
pub mod alerts;
pub mod answer_codes;
pub mod auth;
pub mod authority;
pub mod bank_holidays;
pub mod calendar;
pub mod child_replies;
pub mod cli;
pub mod client_tags;
pub mod clock;
pub mod config;
pub mod csv;
pub mod demo;
pub mod error;
pub mod fixtures;
pub mod http;
pub mod ids;
pub mod ingest;
pub mod keys;
pub mod periods;
pub mod qr;
pub mod rate_limit;
pub mod retention;
pub mod school_days;
pub mod schools;
pub mod startup;
pub mod state;
pub mod storage;
pub mod surveys;
pub mod training;
pub mod validate;
pub mod webhook;

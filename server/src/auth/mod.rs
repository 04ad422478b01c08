//! Who is asking. Tablets carry a device token that can submit and nothing else; staff sign in
//! with a password and carry a session cookie (stored in the database) and a CSRF token; parents
//! carry a session opened with the code from the school's letter. This module makes and checks
//! those secrets; the request extractors that use them are in `http`.

pub mod cookies;
pub mod csrf;
pub mod device_token;
pub mod enrolment;
pub mod oidc;
pub mod parent_code;
pub mod parent_session;
pub mod password;
pub mod staff;
pub mod totp;
pub mod two_step_keys;

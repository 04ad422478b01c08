//! Who is asking. Tablets carry a device token that can submit and nothing else; staff sign in
//! with a password and carry a session cookie (stored in the database) and a CSRF token.

pub mod device_token;
pub mod enrolment;
pub mod parent_session;
pub mod password;
pub mod staff;
pub mod totp;

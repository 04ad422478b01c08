//! Who is asking. Tablets carry a device token that can submit and nothing else.

pub mod device_token;

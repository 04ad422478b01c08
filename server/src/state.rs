use std::sync::Arc;

use kite_protocol::sealed::SecretKey;

use crate::rate_limit::KeyedLimiter;
use crate::storage::Store;

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub storage: Store,
    pub secret_key: Arc<SecretKey>,
    /// Per device id.
    pub sync_limiter: Arc<KeyedLimiter>,
    /// Staff sign-in: password hashing limits and cookie settings (sessions are in the database).
    pub staff: Arc<crate::auth::staff::StaffAuth>,
}

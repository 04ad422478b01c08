//! Calls to the school server other than sync.

use gloo_net::http::Request;
use kite_protocol::device::DeviceConfig;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// The token is not one the server knows (mistyped, or the tablet was removed).
    NotRecognised,
    Unreachable,
    Other(u16),
}

impl ConfigError {
    pub fn message(&self) -> String {
        match self {
            ConfigError::NotRecognised => {
                "The school server didn't recognise that code. Check it and try again, or ask for a new one.".into()
            }
            ConfigError::Unreachable => {
                "Can't reach the school server just now. Check the tablet's Wi-Fi and try again.".into()
            }
            ConfigError::Other(status) => {
                format!("The school server answered with an error ({status}). Try again in a minute.")
            }
        }
    }
}

pub async fn fetch_device_config(token: &str) -> Result<DeviceConfig, ConfigError> {
    let response = Request::get("/api/v1/device/config")
        .header("Authorization", &format!("Bearer {}", token.trim()))
        .send()
        .await
        .map_err(|_| ConfigError::Unreachable)?;
    match response.status() {
        200 => response.json().await.map_err(|_| ConfigError::Other(200)),
        401 => Err(ConfigError::NotRecognised),
        s => Err(ConfigError::Other(s)),
    }
}

/// Exchanges a one-time enrolment code (from an admin at /staff) for this tablet's device token.
/// Errors are the server's own message, which says whether the code is unknown, used or expired.
pub async fn enrol_with_code(code: &str, name: &str) -> Result<String, String> {
    let body = kite_protocol::staff::EnrolRequest {
        code: code.trim().into(),
        name: name.trim().into(),
    };
    let response = Request::post("/api/v1/device/enrol")
        .json(&body)
        .map_err(|_| {
            "Something went wrong on this tablet. Reload the page and try again.".to_string()
        })?
        .send()
        .await
        .map_err(|_| ConfigError::Unreachable.message())?;
    match response.status() {
        200 => response
            .json::<kite_protocol::staff::EnrolResponse>()
            .await
            .map(|r| r.token)
            .map_err(|_| ConfigError::Other(200).message()),
        s => match response.json::<kite_protocol::device::ApiError>().await {
            Ok(e) => {
                let mut m = e.error;
                // The server's words start with an ASCII letter: Unicode's case tables (13 KB of
                // the set-up bundle) aren't needed.
                if let Some(first) = m.get_mut(0..1) {
                    first.make_ascii_uppercase();
                }
                Err(format!("{m}."))
            }
            Err(_) => Err(ConfigError::Other(s).message()),
        },
    }
}

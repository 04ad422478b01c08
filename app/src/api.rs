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

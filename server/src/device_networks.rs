//! The networks tablets may reach the server from (`--device-networks`). A school that opens
//! Kite to the internet, so parents and staff reach it from home, can keep the tablets' routes
//! (`/api/v1/device/*`, `/api/v1/sync`) to its own network: a tablet taken home, or a stolen
//! token, gets 403 while parents' pages and staff sign-in answer from anywhere. Unset, every
//! network may. `http::device_networks` applies it to each request.

use std::net::IpAddr;

use ipnet::IpNet;

/// The allowed networks; empty allows every one.
pub struct DeviceNetworks(Vec<IpNet>);

impl DeviceNetworks {
    pub fn new(allowed: Vec<IpNet>) -> Self {
        Self(allowed)
    }

    /// Whether any network is set: if not, nothing is checked.
    pub fn is_limited(&self) -> bool {
        !self.0.is_empty()
    }

    pub fn allows(&self, client: IpAddr) -> bool {
        self.0.is_empty() || self.0.iter().any(|net| net.contains(&client))
    }
}

/// The tablets' routes.
pub fn is_device_route(path: &str) -> bool {
    path.starts_with("/api/v1/device/") || path == "/api/v1/sync"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_tablets_routes_are_guarded_and_only_listed_networks_pass() {
        assert!(is_device_route("/api/v1/sync"));
        assert!(is_device_route("/api/v1/device/config"));
        assert!(!is_device_route("/api/v1/staff/session"));
        assert!(!is_device_route("/api/v1/parents/session"));
        assert!(!is_device_route("/api/v1/synchronise"));
        let school = DeviceNetworks::new(vec![
            "10.20.0.0/16".parse().unwrap(),
            "2001:db8:5::/48".parse().unwrap(),
        ]);
        assert!(school.is_limited());
        assert!(school.allows("10.20.3.4".parse().unwrap()));
        assert!(!school.allows("10.21.0.1".parse().unwrap()));
        assert!(school.allows("2001:db8:5:1::9".parse().unwrap()));
        assert!(!school.allows("203.0.113.9".parse().unwrap()));
        let open = DeviceNetworks::new(vec![]);
        assert!(!open.is_limited() && open.allows("203.0.113.9".parse().unwrap()));
    }
}

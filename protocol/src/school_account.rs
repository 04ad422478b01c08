//! Staff sign-in with the school's Microsoft 365 or Google Workspace account (OpenID Connect):
//! what the sign-in page asks, the admin's settings, and the checks on them that both the
//! settings form (beside each field, before sending) and the server (refusing) make.

use serde::{Deserialize, Serialize};

/// `GET /api/v1/staff/oidc`: whether the sign-in page shows "Sign in with your school account".
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SchoolAccountSignIn {
    pub enabled: bool,
}

/// `GET /api/v1/staff/oidc/settings`: the provider as set up. The client secret is never sent
/// back; only whether one is set.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SchoolAccountSettings {
    /// Empty when sign-in with a school account is off.
    pub issuer: String,
    pub client_id: String,
    pub client_secret_set: bool,
    /// The address to register at Microsoft Entra or Google as the redirect URI.
    pub redirect_uri: String,
}

/// `PUT /api/v1/staff/oidc/settings`. Every field empty turns sign-in with a school
/// account off. `client_secret` left out (or empty) keeps the one already set.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SchoolAccountSettingsForm {
    pub issuer: String,
    pub client_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
}

/// `POST /api/v1/staff/oidc/two-step`: the code of an account with two-step sign-in, after the
/// school's provider has said who it is.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SchoolAccountTwoStep {
    /// The 6-digit code, or one of the account's recovery codes.
    pub totp_code: String,
}

/// A field of the settings form.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SettingsField {
    Issuer,
    ClientId,
    ClientSecret,
}

pub const MAX_ISSUER_LEN: usize = 300;
pub const MAX_CLIENT_ID_LEN: usize = 200;
pub const MAX_CLIENT_SECRET_LEN: usize = 500;

impl SchoolAccountSettingsForm {
    /// Whether the form turns sign-in with a school account off: every field left empty.
    pub fn turns_off(&self) -> bool {
        self.issuer.trim().is_empty()
            && self.client_id.trim().is_empty()
            && self
                .client_secret
                .as_deref()
                .unwrap_or_default()
                .trim()
                .is_empty()
    }

    /// Every problem with the form, each for its field, in the form's order. `secret_set`: a
    /// secret is already stored, so leaving it empty keeps it.
    pub fn problems(&self, secret_set: bool) -> Vec<(SettingsField, String)> {
        let mut problems = Vec::new();
        if self.turns_off() {
            return problems;
        }
        if let Some(p) = issuer_problem(self.issuer.trim()) {
            problems.push((SettingsField::Issuer, p));
        }
        let client_id = self.client_id.trim();
        if client_id.is_empty() {
            problems.push((
                SettingsField::ClientId,
                "Enter the client id (Microsoft calls it the application id).".into(),
            ));
        } else if client_id.len() > MAX_CLIENT_ID_LEN || client_id.chars().any(char::is_control) {
            problems.push((
                SettingsField::ClientId,
                format!("A client id is one line of at most {MAX_CLIENT_ID_LEN} characters."),
            ));
        }
        let secret = self.client_secret.as_deref().unwrap_or_default().trim();
        if secret.is_empty() && !secret_set {
            problems.push((
                SettingsField::ClientSecret,
                "Enter the client secret (its value, not its id).".into(),
            ));
        } else if secret.len() > MAX_CLIENT_SECRET_LEN || secret.chars().any(char::is_control) {
            problems.push((
                SettingsField::ClientSecret,
                format!(
                    "A client secret is one line of at most {MAX_CLIENT_SECRET_LEN} characters."
                ),
            ));
        }
        problems
    }
}

/// Whether an issuer is on this computer: the only issuers reached over plain http (a test
/// provider); every other one must be https.
pub fn is_loopback_http(issuer: &str) -> bool {
    let Some(rest) = issuer.strip_prefix("http://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn issuer_problem(issuer: &str) -> Option<String> {
    if issuer.is_empty() {
        return Some(
            "Enter the issuer: for Microsoft, https://login.microsoftonline.com/ then your tenant id then /v2.0; for Google, https://accounts.google.com.".into(),
        );
    }
    if issuer.len() > MAX_ISSUER_LEN || issuer.chars().any(|c| c.is_whitespace()) {
        return Some(format!(
            "An issuer is one web address without spaces, at most {MAX_ISSUER_LEN} characters."
        ));
    }
    if !(issuer.starts_with("https://") || is_loopback_http(issuer)) {
        return Some("The issuer's address starts with https://.".into());
    }
    if issuer.contains(['?', '#']) {
        return Some("An issuer has no ? or # in it.".into());
    }
    if issuer.contains("/common/") || issuer.contains("/organizations/") {
        return Some(
            "Use your own tenant's issuer (with your tenant id), not common or organizations: only your school's accounts may sign in.".into(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(issuer: &str, client_id: &str, secret: Option<&str>) -> SchoolAccountSettingsForm {
        SchoolAccountSettingsForm {
            issuer: issuer.into(),
            client_id: client_id.into(),
            client_secret: secret.map(Into::into),
        }
    }

    fn fields(f: &SchoolAccountSettingsForm, secret_set: bool) -> Vec<SettingsField> {
        f.problems(secret_set).into_iter().map(|(f, _)| f).collect()
    }

    #[test]
    fn a_good_form_has_no_problems_and_an_empty_one_turns_off() {
        let ms = "https://login.microsoftonline.com/0b1c2d3e-aaaa-bbbb-cccc-123456789abc/v2.0";
        assert!(fields(&form(ms, "app-id", Some("s")), false).is_empty());
        assert!(fields(&form("https://accounts.google.com", "x", None), true).is_empty());
        let off = form(" ", "", None);
        assert!(off.turns_off() && fields(&off, false).is_empty());
    }

    #[test]
    fn each_problem_is_for_its_field() {
        use SettingsField::*;
        assert_eq!(fields(&form("", "", Some("s")), false), [Issuer, ClientId]);
        assert_eq!(
            fields(&form("http://idp.example", "a", Some("s")), false),
            [Issuer]
        );
        assert_eq!(
            fields(
                &form("https://login.microsoftonline.com/common/v2.0", "a", None),
                false
            ),
            [Issuer, ClientSecret]
        );
        assert_eq!(
            fields(&form("https://a.example/?x", "a", Some("s")), true),
            [Issuer]
        );
        assert_eq!(
            fields(&form("https://a.example", "a\nb", Some("s")), true),
            [ClientId]
        );
    }

    #[test]
    fn plain_http_only_on_this_computer() {
        assert!(is_loopback_http("http://127.0.0.1:4000"));
        assert!(is_loopback_http("http://localhost:4000/tenant"));
        assert!(is_loopback_http("http://[::1]:4000"));
        assert!(!is_loopback_http("http://127.0.0.1.evil.example"));
        assert!(!is_loopback_http("http://localhost.evil.example:80"));
        assert!(!is_loopback_http("https://127.0.0.1"));
    }
}

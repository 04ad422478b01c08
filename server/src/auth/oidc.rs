//! Staff sign-in with the school's Microsoft 365 or Google Workspace account (OpenID Connect,
//! through the `openidconnect` crate): finding the provider from its issuer, the authorization
//! code flow with PKCE, state and nonce, and the ID token's checks (signature, issuer, audience,
//! expiry, nonce: the crate's defaults, none turned off). The provider only says who someone is;
//! which account that is, its role and its two-step rules stay Kite's (`http::staff::oidc`).
//!
//! The client secret is sealed at rest under a key derived from the server's key, so a copy of
//! the database alone does not let anyone pose as Kite at the school's provider.

use std::time::Duration;

use crypto_secretbox::aead::{Aead, KeyInit};
use crypto_secretbox::{Key, Nonce as SealNonce, XSalsa20Poly1305};
use hkdf::Hkdf;
use kite_protocol::school_account::is_loopback_http;
use kite_protocol::sealed::SecretKey;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use rand::RngCore;
use sha2::Sha256;

/// The provider as the admin set it up, its secret opened.
pub struct Provider {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
}

/// Where to send the browser, and what the provider's answer must match.
pub struct Started {
    pub authorize_url: String,
    pub csrf_state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// Why a sign-in with the school's account was refused: `reason` for the audit log (never a
/// token), `kind` for the page the person sees.
#[derive(Debug)]
pub struct Refusal {
    pub kind: RefusalKind,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalKind {
    /// The provider could not be reached or is not the one set up (wrong issuer among them):
    /// the admin's to fix.
    Provider,
    /// The provider's answer did not check out (audience, expiry, nonce, signature, state).
    Token,
    /// The person stopped at the provider's page, or it refused them.
    Cancelled,
}

impl Refusal {
    fn new(kind: RefusalKind, reason: impl Into<String>) -> Self {
        Self {
            kind,
            reason: reason.into(),
        }
    }
}

/// Who the provider says signed in.
#[derive(Debug)]
pub struct Vouched {
    /// As the token gives it; matched to an account without regard to case.
    pub email: String,
}

/// The HTTP client for the provider: no redirects followed (the discovery document and token
/// endpoint answer directly) and a short timeout, so a slow provider can't hold a request open.
fn http_client() -> Result<reqwest::Client, Refusal> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| Refusal::new(RefusalKind::Provider, format!("http client: {e}")))
}

/// Over https, or plain http to this very computer (a test provider): the client secret and the
/// token must never cross a network in the clear.
fn allowed_address(url: &str) -> bool {
    url.starts_with("https://") || is_loopback_http(url)
}

async fn discover(
    provider: &Provider,
    http: &reqwest::Client,
) -> Result<CoreProviderMetadata, Refusal> {
    if !allowed_address(&provider.issuer) {
        return Err(Refusal::new(
            RefusalKind::Provider,
            "the issuer is not an https address",
        ));
    }
    let issuer = IssuerUrl::new(provider.issuer.clone())
        .map_err(|e| Refusal::new(RefusalKind::Provider, format!("issuer: {e}")))?;
    // The crate refuses a discovery document naming another issuer than the one asked.
    let metadata = CoreProviderMetadata::discover_async(issuer, http)
        .await
        .map_err(|e| {
            Refusal::new(
                RefusalKind::Provider,
                format!("discovery: {}", error_chain(&e)),
            )
        })?;
    let endpoints = [
        metadata.authorization_endpoint().as_str(),
        metadata.jwks_uri().as_str(),
    ];
    let token = metadata.token_endpoint().map(|t| t.as_str());
    if let Some(bad) = endpoints
        .into_iter()
        .chain(token)
        .find(|u| !allowed_address(u))
    {
        return Err(Refusal::new(
            RefusalKind::Provider,
            format!("the provider's endpoint {bad} is not https"),
        ));
    }
    Ok(metadata)
}

fn redirect_url(redirect_uri: &str) -> Result<RedirectUrl, Refusal> {
    RedirectUrl::new(redirect_uri.to_string())
        .map_err(|e| Refusal::new(RefusalKind::Provider, format!("redirect uri: {e}")))
}

/// Finds the provider and makes the address of its sign-in page, with a fresh state, nonce and
/// PKCE challenge, asking for the `openid email profile` scopes.
pub async fn start(provider: &Provider, redirect_uri: &str) -> Result<Started, Refusal> {
    let http = http_client()?;
    let metadata = discover(provider, &http).await?;
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(provider.client_id.clone()),
        Some(ClientSecret::new(provider.client_secret.clone())),
    )
    .set_redirect_uri(redirect_url(redirect_uri)?);
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge)
        .url();
    Ok(Started {
        authorize_url: url.to_string(),
        csrf_state: state.secret().clone(),
        nonce: nonce.secret().clone(),
        pkce_verifier: verifier.secret().clone(),
    })
}

/// Trades the provider's code for its ID token and checks the token: signed by the provider's
/// key, from its issuer, for this client, not expired, carrying this sign-in's nonce. Then the
/// email it vouches for (refused when the provider says the email is not verified).
pub async fn finish(
    provider: &Provider,
    redirect_uri: &str,
    code: &str,
    nonce: &str,
    pkce_verifier: &str,
) -> Result<Vouched, Refusal> {
    let http = http_client()?;
    let metadata = discover(provider, &http).await?;
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(provider.client_id.clone()),
        Some(ClientSecret::new(provider.client_secret.clone())),
    )
    .set_redirect_uri(redirect_url(redirect_uri)?);
    let tokens = client
        .exchange_code(AuthorizationCode::new(code.to_string()))
        .map_err(|e| Refusal::new(RefusalKind::Provider, format!("token endpoint: {e}")))?
        .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_string()))
        .request_async(&http)
        .await
        .map_err(|e| {
            Refusal::new(
                RefusalKind::Token,
                format!("code exchange: {}", error_chain(&e)),
            )
        })?;
    let id_token = tokens
        .id_token()
        .ok_or_else(|| Refusal::new(RefusalKind::Token, "the provider sent no ID token"))?;
    let claims = id_token
        .claims(&client.id_token_verifier(), &Nonce::new(nonce.to_string()))
        .map_err(|e| Refusal::new(RefusalKind::Token, format!("ID token: {e}")))?;
    let email = claims.email().map(|e| e.as_str().trim().to_string());
    let Some(email) = email.filter(|e| !e.is_empty()) else {
        return Err(Refusal::new(
            RefusalKind::Token,
            "the ID token carries no email (at Microsoft Entra, add the optional claim email)",
        ));
    };
    if claims.email_verified() == Some(false) {
        return Err(Refusal::new(
            RefusalKind::Token,
            format!("the provider says {email} is not verified"),
        ));
    }
    Ok(Vouched { email })
}

/// An error and its causes on one line, for the audit log.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

const SEAL_NONCE_LEN: usize = 24;

/// The key the client secret is sealed under: derived from the server's key (HKDF-SHA256, its
/// own label), so it says nothing about that key or the two-step sealing key.
fn seal_key(server_key: &SecretKey) -> [u8; 32] {
    let hk = Hkdf::<Sha256>::new(Some(b"kite school account"), &server_key.to_bytes());
    let mut key = [0u8; 32];
    hk.expand(b"oidc client secret sealing key", &mut key)
        .expect("32 bytes is a valid HKDF length");
    key
}

/// The client secret sealed for storage: nonce then ciphertext.
pub fn seal_client_secret(server_key: &SecretKey, secret: &str) -> Vec<u8> {
    let mut nonce = [0u8; SEAL_NONCE_LEN];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let cipher = XSalsa20Poly1305::new(Key::from_slice(&seal_key(server_key)));
    let sealed = cipher
        .encrypt(SealNonce::from_slice(&nonce), secret.as_bytes())
        .expect("sealing in memory does not fail");
    [nonce.as_slice(), &sealed].concat()
}

/// The client secret, if it was sealed under this server's key.
pub fn open_client_secret(server_key: &SecretKey, sealed: &[u8]) -> Option<String> {
    if sealed.len() <= SEAL_NONCE_LEN {
        return None;
    }
    let (nonce, body) = sealed.split_at(SEAL_NONCE_LEN);
    let cipher = XSalsa20Poly1305::new(Key::from_slice(&seal_key(server_key)));
    let plain = cipher.decrypt(SealNonce::from_slice(nonce), body).ok()?;
    String::from_utf8(plain).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_under_its_servers_key() {
        let key = kite_protocol::sealed::generate_secret_key();
        let sealed = seal_client_secret(&key, "s3cret");
        assert!(!sealed.windows(6).any(|w| w == b"s3cret"));
        assert_eq!(open_client_secret(&key, &sealed).as_deref(), Some("s3cret"));
        assert_eq!(
            open_client_secret(&kite_protocol::sealed::generate_secret_key(), &sealed),
            None
        );
        assert_eq!(open_client_secret(&key, &sealed[..10]), None);
    }

    #[test]
    fn the_secret_and_token_go_over_https_or_to_this_computer_only() {
        assert!(allowed_address("https://login.microsoftonline.com/t/v2.0"));
        assert!(allowed_address("http://127.0.0.1:4000/token"));
        assert!(!allowed_address("http://idp.example/token"));
        assert!(!allowed_address("ftp://idp.example"));
    }
}

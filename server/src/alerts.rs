//! Urgent-report alerts. When SMTP (or a webhook) is configured, a background job tells every
//! active DSL by email (and posts to the webhook) that an urgent report has arrived — and nothing else: no category, no words, no tablet,
//! so the email is safe to land in any inbox or on a phone's lock screen.
//!
//! The job claims unalerted urgent reports in the database (atomically, so several server
//! processes never alert twice) and gives the claim back if sending fails.

use std::time::Duration;

use kite_protocol::staff::Role;
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::clock::now_ms;
use crate::config::Config;
use crate::state::AppState;
use crate::webhook::Webhook;

/// Where alerts go: email to the DSLs, a webhook, or both.
pub struct Mailer {
    smtp: Option<(AsyncSmtpTransport<Tokio1Executor>, Mailbox)>,
    webhook: Option<Webhook>,
}

impl Mailer {
    /// `None` when neither SMTP nor a webhook is configured.
    pub fn from_config(config: &Config) -> anyhow::Result<Option<Self>> {
        let smtp = match config.smtp_url.as_deref().filter(|u| !u.trim().is_empty()) {
            None => None,
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.trim())
                    .map_err(|e| anyhow::anyhow!("KITE_SMTP_URL is not usable: {e}"))?
                    .timeout(Some(Duration::from_secs(20)))
                    .build();
                let from = config
                    .alert_from
                    .parse()
                    .map_err(|e| anyhow::anyhow!("KITE_ALERT_FROM is not an address: {e}"))?;
                Some((transport, from))
            }
        };
        let webhook = match config
            .alert_webhook
            .as_deref()
            .filter(|u| !u.trim().is_empty())
        {
            None => None,
            Some(url) => Some(Webhook::parse(url)?),
        };
        if smtp.is_none() && webhook.is_none() {
            return Ok(None);
        }
        Ok(Some(Self { smtp, webhook }))
    }

    /// Where a DSL signs in: the school's own address (one mailer serves every school of a
    /// server, each alert naming its school's).
    fn where_to(public_url: Option<&str>) -> String {
        match public_url {
            Some(u) => format!("{}/staff", u.trim_end_matches('/')),
            None => "the Kite school server's /staff page".into(),
        }
    }

    fn message(
        &self,
        from: &Mailbox,
        to: &str,
        count: usize,
        public_url: Option<&str>,
    ) -> anyhow::Result<Message> {
        let where_to = Self::where_to(public_url);
        let what = if count == 1 {
            "An urgent report has arrived in Kite.".to_string()
        } else {
            format!("{count} urgent reports have arrived in Kite.")
        };
        Ok(Message::builder()
            .from(from.clone())
            .to(to.parse()?)
            .subject("Kite: an urgent report has arrived")
            .header(ContentType::TEXT_PLAIN)
            .body(format!(
                "{what}\n\nPlease sign in at {where_to} to read it.\n\n\
                 This email says nothing about the report, on purpose.\n"
            ))?)
    }
}

/// One pass: claim, send to every active DSL, give the claim back on failure. Returns how many
/// reports were alerted.
pub async fn alert_once(state: &AppState, mailer: &Mailer) -> anyhow::Result<usize> {
    let ids = state.storage.claim_urgent_alerts(now_ms()).await?;
    if ids.is_empty() {
        return Ok(0);
    }
    let mut sent_any = false;
    if let Some((transport, from)) = &mailer.smtp {
        let dsls: Vec<String> = state
            .storage
            .list_staff()
            .await?
            .into_iter()
            .filter(|s| s.role == Role::Dsl && !s.disabled)
            .map(|s| s.email)
            .collect();
        if dsls.is_empty() {
            // Nobody to tell: don't retry every few seconds; the inbox shows it to the first DSL.
            tracing::warn!("an urgent report arrived but there is no DSL account to email");
            sent_any = true;
        }
        for to in &dsls {
            let result = match mailer.message(from, to, ids.len(), state.public_url.as_deref()) {
                Ok(m) => transport
                    .send(m)
                    .await
                    .map(|_| ())
                    .map_err(anyhow::Error::from),
                Err(e) => Err(e),
            };
            match result {
                Ok(()) => sent_any = true,
                // The error names the SMTP problem, never the report.
                Err(e) => tracing::warn!(error = %e, "could not send an urgent-report alert"),
            }
        }
    }
    if let Some(webhook) = &mailer.webhook {
        let text = format!(
            "Kite: an urgent report has arrived. Sign in at {} to read it.",
            Mailer::where_to(state.public_url.as_deref())
        );
        match webhook.post(&text).await {
            Ok(()) => sent_any = true,
            Err(e) => tracing::warn!(error = %e, "could not post the urgent-report webhook"),
        }
    }
    if !sent_any {
        state.storage.release_urgent_alerts(&ids).await?;
        anyhow::bail!("no alert could be sent; will try again");
    }
    Ok(ids.len())
}

/// Sends the queued emails to DSLs about changes to who can read reports (see `authority`);
/// one that can't be sent is given back, to be tried on the next pass. Returns how many were
/// sent. Without SMTP they wait in the database (the audit log has the same changes).
pub async fn send_dsl_notices(state: &AppState, mailer: &Mailer) -> anyhow::Result<usize> {
    let Some((transport, from)) = &mailer.smtp else {
        return Ok(0);
    };
    let mut sent = 0;
    for notice in state.storage.claim_dsl_notices(now_ms()).await? {
        let message = notice
            .to_email
            .parse()
            .map_err(anyhow::Error::from)
            .and_then(|to| {
                Ok(Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(notice.subject.as_str())
                    .header(ContentType::TEXT_PLAIN)
                    .body(notice.body.clone())?)
            });
        let message = match message {
            Ok(m) => m,
            // An address no mail server would take: trying again would not help.
            Err(e) => {
                tracing::warn!(error = %e, "a DSL's address can't be emailed");
                continue;
            }
        };
        match transport.send(message).await {
            Ok(_) => sent += 1,
            Err(e) => {
                tracing::warn!(error = %e, "could not send a notice to a DSL");
                state.storage.release_dsl_notice(notice.id).await?;
            }
        }
    }
    Ok(sent)
}

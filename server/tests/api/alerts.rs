//! Urgent-report alerts by email, against a tiny SMTP sink on loopback: every active DSL is told
//! that an urgent report arrived, once, and nothing about it.

use std::sync::{Arc, Mutex};

use kite_protocol::report::WhatHappened;
use kite_protocol::staff::Role;
use kite_server::alerts::{alert_once, Mailer};
use kite_server::config::Config;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

use crate::helpers::{report, Options, TestServer};

/// Accepts SMTP sessions and keeps (recipients, message) for each mail.
pub(crate) async fn smtp_sink() -> (u16, Arc<Mutex<Vec<(Vec<String>, String)>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let mails = Arc::new(Mutex::new(Vec::new()));
    let store = mails.clone();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let store = store.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 sink ESMTP\r\n").await.unwrap();
                let mut rcpt = Vec::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    let upper = line.to_uppercase();
                    if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        write
                            .write_all(b"250-sink\r\n250 8BITMIME\r\n")
                            .await
                            .unwrap();
                    } else if upper.starts_with("RCPT TO:") {
                        rcpt.push(line[8..].trim().to_string());
                        write.write_all(b"250 ok\r\n").await.unwrap();
                    } else if upper.starts_with("DATA") {
                        write.write_all(b"354 go\r\n").await.unwrap();
                        let mut body = String::new();
                        while let Ok(Some(l)) = lines.next_line().await {
                            if l == "." {
                                break;
                            }
                            body.push_str(&l);
                            body.push('\n');
                        }
                        store
                            .lock()
                            .unwrap()
                            .push((std::mem::take(&mut rcpt), body));
                        write.write_all(b"250 queued\r\n").await.unwrap();
                    } else if upper.starts_with("QUIT") {
                        write.write_all(b"221 bye\r\n").await.unwrap();
                        return;
                    } else {
                        write.write_all(b"250 ok\r\n").await.unwrap();
                    }
                }
            });
        }
    });
    (port, mails)
}

#[tokio::test]
async fn every_dsl_is_told_once_that_an_urgent_report_arrived_and_nothing_more() {
    // The alert links to the school's own address.
    let s = TestServer::spawn_with(Options {
        configure: |c| c.public_url = Some("https://kite.school.example".into()),
        ..Options::default()
    })
    .await;
    s.add_staff("dsl@school.example", Role::Dsl).await;
    s.add_staff("deputy@school.example", Role::Dsl).await;
    s.add_staff("teacher@school.example", Role::Teacher).await;
    let (port, mails) = smtp_sink().await;
    let mut config = Config::for_data_dir(s.data_dir.path().into(), s.data_dir.path().join("x"));
    config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    let mailer = Mailer::from_config(&config).unwrap().unwrap();

    // Nothing urgent: nothing sent.
    s.sync_ok(vec![s.item(&report(WhatHappened::SomeoneWasUnkind))])
        .await;
    assert_eq!(alert_once(&s.state, &mailer).await.unwrap(), 0);
    assert!(mails.lock().unwrap().is_empty());

    s.sync_ok(vec![s.item(&report(WhatHappened::WantsToMeetMe))])
        .await;
    assert_eq!(alert_once(&s.state, &mailer).await.unwrap(), 1);
    assert_eq!(
        alert_once(&s.state, &mailer).await.unwrap(),
        0,
        "alerted once"
    );

    let mails = mails.lock().unwrap().clone();
    let mut to: Vec<String> = mails.iter().flat_map(|(r, _)| r.clone()).collect();
    to.sort();
    assert_eq!(to, vec!["<deputy@school.example>", "<dsl@school.example>"]);
    let body = &mails[0].1;
    assert!(body.contains("urgent report has arrived"), "{body}");
    assert!(body.contains("https://kite.school.example/staff"), "{body}");
    for secret in ["messaging", "meet", "Test tablet", "game"] {
        assert!(
            !body.contains(secret),
            "the alert mentions {secret:?}: {body}"
        );
    }
}

#[tokio::test]
async fn a_failed_send_is_tried_again_later() {
    let s = TestServer::spawn().await;
    s.add_staff("dsl@school.example", Role::Dsl).await;
    // Nothing listens here.
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let mut config = Config::for_data_dir(s.data_dir.path().into(), s.data_dir.path().join("x"));
    config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    let mailer = Mailer::from_config(&config).unwrap().unwrap();
    s.sync_ok(vec![s.item(&report(WhatHappened::NotSafeNow))])
        .await;
    assert!(alert_once(&s.state, &mailer).await.is_err());
    // The claim was given back.
    assert_eq!(
        s.state.storage.claim_urgent_alerts(1).await.unwrap().len(),
        1
    );
}

#[tokio::test]
async fn the_webhook_is_told_only_that_an_urgent_report_arrived() {
    let s = TestServer::spawn().await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = tokio::sync::oneshot::channel::<String>();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut buf = vec![0u8; 8192];
        let mut got = Vec::new();
        loop {
            use tokio::io::AsyncReadExt;
            let n = socket.read(&mut buf).await.unwrap();
            got.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&got).to_string();
            if let Some((_, body)) = text.split_once("\r\n\r\n") {
                if body.ends_with('}') {
                    socket
                        .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                        .await
                        .unwrap();
                    let _ = tx.send(text);
                    return;
                }
            }
        }
    });
    let mut config = Config::for_data_dir(s.data_dir.path().into(), s.data_dir.path().join("x"));
    config.alert_webhook = Some(format!("http://127.0.0.1:{port}/hooks/kite?k=1"));
    let mailer = Mailer::from_config(&config).unwrap().unwrap();
    s.sync_ok(vec![s.item(&report(WhatHappened::AskedForPhotoOrDetails))])
        .await;
    assert_eq!(alert_once(&s.state, &mailer).await.unwrap(), 1);
    let request = rx.await.unwrap();
    assert!(
        request.starts_with("POST /hooks/kite?k=1 HTTP/1.1\r\n"),
        "{request}"
    );
    let body = request.split_once("\r\n\r\n").unwrap().1;
    let json: serde_json::Value = serde_json::from_str(body).unwrap();
    assert!(json["text"]
        .as_str()
        .unwrap()
        .contains("urgent report has arrived"));
    for secret in ["photo", "messaging", "Test tablet"] {
        assert!(!body.contains(secret), "{body}");
    }
}

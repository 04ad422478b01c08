//! The scheduler: every school's background jobs from one loop per server, each hourly run
//! claimed in the school's database so that two servers on one database never both run it.

use kite_protocol::report::WhatHappened;
use kite_protocol::staff::Role;
use kite_server::clock::now_ms;
use kite_server::scheduler::{Job, Scheduler, Tenant};
use kite_server::startup::Application;

use crate::helpers::{report, TestServer};
use crate::retention::close;

const HOUR: i64 = 3_600_000;

fn scheduler_for(s: &TestServer, state: &kite_server::state::AppState) -> Scheduler {
    Scheduler::new(
        &s.config,
        vec![Tenant {
            slug: None,
            state: state.clone(),
            alerts: true,
        }],
    )
    .unwrap()
}

#[tokio::test]
async fn two_servers_on_one_database_run_each_hours_retention_once() {
    let s = TestServer::spawn().await;
    // A second server on the same database (a SQLite file, or a PostgreSQL schema), as behind a
    // load balancer or when a restart overlaps the old process.
    let other = Application::build(&s.config).await.unwrap();
    let other = other.state.as_ref().expect("the school is open");
    let (a, b) = (scheduler_for(&s, &s.state), scheduler_for(&s, other));

    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let c = s.login(&dsl).await;
    let closed = s.item(&report(WhatHappened::SomeoneWasUnkind));
    s.sync_ok(vec![closed.clone()]).await;
    close(&c, &closed.id.to_string()).await;
    s.state.storage.set_school_settings(&[], 12).await.unwrap();

    // Thirteen months on (the servers' own loops ran this hour's jobs when they started), both
    // servers' schedulers come round to the hourly jobs at the same moment.
    let later = now_ms() + 13 * 2_629_746_000;
    let (ran_a, ran_b) = tokio::join!(a.run_job(Job::Hourly, later), b.run_job(Job::Hourly, later));
    assert_eq!(
        ran_a.len() + ran_b.len(),
        1,
        "one server ran it: {ran_a:?} {ran_b:?}"
    );
    assert!(s.stored_ids().await.is_empty(), "the closed report is gone");
    let purged = s
        .state
        .storage
        .list_audit(50, None)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "report_purged")
        .count();
    assert_eq!(purged, 1, "deleted once, logged once");

    // Later in the same hour neither runs it again; the next hour, one does.
    assert!(a.run_job(Job::Hourly, later + 60_000).await.is_empty());
    assert!(b.run_job(Job::Hourly, later + 60_000).await.is_empty());
    let (ran_a, ran_b) = tokio::join!(
        a.run_job(Job::Hourly, later + HOUR),
        b.run_job(Job::Hourly, later + HOUR)
    );
    assert_eq!(ran_a.len() + ran_b.len(), 1);
}

#[tokio::test]
async fn jobs_that_are_not_set_up_run_for_nobody() {
    let s = TestServer::spawn().await;
    let scheduler = scheduler_for(&s, &s.state);
    // No SMTP or webhook, no backup directory: nothing to do, and nothing claimed.
    assert!(scheduler.run_job(Job::Alerts, now_ms()).await.is_empty());
    assert!(scheduler.run_job(Job::Backup, now_ms()).await.is_empty());
    assert_eq!(
        scheduler.run_job(Job::Hourly, now_ms() + 5 * HOUR).await,
        vec![None],
        "the school's hourly jobs ran"
    );
}

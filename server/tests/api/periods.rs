//! Governors and the trust get figures for whole months, half-terms and terms only, never dates
//! of their own choosing, and a figure for a longer period never adds up a number one of its
//! months keeps hidden: so two answers a day apart can't date a report, and no pair of the
//! periods offered can be differenced down to a single report.

use kite_protocol::staff::{ActionType, Category, Role};
use kite_protocol::Band;
use reqwest::StatusCode;
use serde_json::Value;

use crate::governors::{one, seed, Seed};
use crate::helpers::{StaffClient, TestServer};

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;
/// 1 September 2026, 00:00 UTC.
const SEP: i64 = 1_788_220_800_000;
const OCT: i64 = SEP + 30 * DAY;
const NOV: i64 = OCT + 31 * DAY;
/// 14 October 2026, noon: when the lone report arrives.
const LONE: i64 = OCT + 13 * DAY + 12 * HOUR;

/// A handled report: opened an hour after it arrived, a pupil spoken with, closed.
fn handled(at: i64) -> Seed {
    Seed {
        opened_after_h: Some(1),
        closed: true,
        action: Some(ActionType::SpokeWithPupil),
        ..one(at, Some(Category::Cyberbullying), Some(Band::Ks2))
    }
}

/// The lone report: a kind, key stage, urgency, status, wait and action no other has.
fn lone() -> Seed {
    Seed {
        urgent: true,
        opened_after_h: Some(2),
        action: Some(ActionType::ParentsInformed),
        ..one(LONE, Some(Category::Contact), Some(Band::Ks1))
    }
}

/// A handful of reports around October: three in September, four in November, three in the
/// August before.
async fn school() -> (TestServer, StaffClient, kite_server::ids::StaffId) {
    let s = TestServer::spawn().await;
    let dsl = s.add_staff("dsl@school.example", Role::Dsl).await;
    let governor = s.add_staff("chair@school.example", Role::Governor).await;
    let mut seeds: Vec<Seed> = (0..3).map(|n| handled(SEP + (n * 5 + 2) * DAY)).collect();
    seeds.extend((0..4).map(|n| handled(NOV + (n * 5 + 2) * DAY)));
    seeds.extend((0..3).map(|n| handled(SEP - (n + 2) * DAY)));
    seed(&s, dsl.id, &seeds).await;
    let gov = s.session_for(governor.id).await;
    (s, gov, dsl.id)
}

async fn ask(c: &StaffClient, query: &str) -> (StatusCode, Value) {
    let r = c
        .get(&format!("/staff/governors-report?{query}"))
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// The figures of an answer, without the period it names.
fn figures(mut v: Value) -> Value {
    if let Some(o) = v.as_object_mut() {
        for k in ["period", "previous", "period_label", "previous_label"] {
            o.remove(k);
        }
    }
    v
}

#[tokio::test]
async fn two_periods_a_day_apart_learn_nothing_about_a_report() {
    let (s, gov, dsl) = school().await;
    seed(&s, dsl, &[lone()]).await;
    // 1 September to 13 October, then to 14 October: the day between holds the lone report,
    // beside September's three.
    let first = format!("from_ms={SEP}&to_ms={}", OCT + 13 * DAY);
    let second = format!("from_ms={SEP}&to_ms={}", OCT + 14 * DAY);
    let (a, b) = (ask(&gov, &first).await, ask(&gov, &second).await);
    for (status, body) in [&a, &b] {
        assert!(
            [StatusCode::OK, StatusCode::BAD_REQUEST].contains(status),
            "{status}: {body}"
        );
    }
    if a.0 == StatusCode::BAD_REQUEST && b.0 == StatusCode::BAD_REQUEST {
        for (_, body) in [a, b] {
            assert!(
                body["error"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("named period"),
                "the refusal says what may be asked: {body}"
            );
        }
    } else {
        assert_eq!(
            figures(a.1),
            figures(b.1),
            "two periods a day apart answer differently: the difference is the report of 14 \
             October"
        );
    }
    // Nor can a day be named.
    for day in ["2026-10-14", "2026-10-14/2026-10-15", "1791936000000"] {
        assert_eq!(
            ask(&gov, &format!("period={day}")).await.0,
            StatusCode::BAD_REQUEST,
            "{day}"
        );
    }
}

/// Every period the picker offers from June 2026 to August 2027, each compared with the one
/// before it of the same kind.
fn offered() -> Vec<String> {
    let mut periods: Vec<String> = (6..=12)
        .map(|m| format!("2026-{m:02}"))
        .chain((1..=8).map(|m| format!("2027-{m:02}")))
        .collect();
    for year in ["2025-26", "2026-27"] {
        for half in [
            "autumn-1", "autumn-2", "spring-1", "spring-2", "summer-1", "summer-2", "autumn",
            "spring", "summer",
        ] {
            periods.push(format!("{year}/{half}"));
        }
    }
    periods
}

/// The paths of the leaves of `a` and `b` that differ.
fn differences(a: &Value, b: &Value, path: &str, out: &mut Vec<(String, Value)>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in y {
                differences(
                    x.get(k).unwrap_or(&Value::Null),
                    v,
                    &format!("{path}.{k}"),
                    out,
                );
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                differences(v, w, &format!("{path}[{i}]"), out);
            }
        }
        _ if a != b => out.push((path.to_string(), b.clone())),
        _ => {}
    }
}

/// Adding one report in October changes, in the answer for every period offered (months,
/// half-terms and terms, each with the period before it), only figures that are then hidden
/// ("fewer than 3", or no median): every figure still shown is exactly what it was without the
/// report. So no answer, and no difference of any two answers, contains that report.
#[tokio::test]
async fn no_pair_of_offered_periods_isolates_a_single_report() {
    let (s, gov, dsl) = school().await;
    let mut without = Vec::new();
    for p in offered() {
        let (status, body) = ask(&gov, &format!("period={p}")).await;
        assert_eq!(status, StatusCode::OK, "{p}: {body}");
        without.push(body);
    }
    // The autumn term counts the handful: September's three and November's four.
    let autumn = offered()
        .iter()
        .position(|p| p == "2026-27/autumn")
        .unwrap();
    assert_eq!(
        without[autumn]["reports"]["now"],
        serde_json::json!({"exact": 7})
    );

    seed(&s, dsl, &[lone()]).await;
    let mut changed = 0;
    for (p, before) in offered().iter().zip(&without) {
        let (status, after) = ask(&gov, &format!("period={p}")).await;
        assert_eq!(status, StatusCode::OK, "{p}");
        let mut diff = Vec::new();
        differences(&figures(before.clone()), &figures(after), "", &mut diff);
        for (path, now) in &diff {
            assert!(
                *now == Value::String("fewer_than_three".into()) || now.is_null(),
                "{p}: {path} went on showing, as {now}, with the lone report in it"
            );
        }
        changed += diff.len();
    }
    assert!(
        changed > 0,
        "the lone report is counted (and hidden) somewhere"
    );
}

/// The dates as a form: (starts_on, ends_on) per half-term, autumn-1 first.
fn term_form(year: i32, dates: [(&str, &str); 6]) -> Value {
    let keys = [
        "autumn-1", "autumn-2", "spring-1", "spring-2", "summer-1", "summer-2",
    ];
    serde_json::json!({
        "school_year": year,
        "half_terms": keys.iter().zip(dates).map(|(k, (s, e))| serde_json::json!({
            "key": k, "starts_on": s, "ends_on": e,
        })).collect::<Vec<_>>(),
    })
}

#[tokio::test]
async fn the_school_s_own_term_dates_decide_which_months_a_half_term_covers() {
    let (s, gov, dsl) = school().await;
    let admin = s.add_staff("head@school.example", Role::Admin).await;
    let head = s.session_for(admin.id).await;
    // Three reports in mid-October.
    seed(
        &s,
        dsl,
        &(0..3)
            .map(|n| handled(OCT + (12 + n) * DAY))
            .collect::<Vec<_>>(),
    )
    .await;

    // Until the school sets its dates, the usual pattern: October is in Autumn 1.
    let r = head
        .get("/staff/school/terms?school_year=2026")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let usual: Value = r.json().await.unwrap();
    assert_eq!(usual["set_by_school"], false);
    assert_eq!(usual["half_terms"][0]["months"], "Sep\u{2013}Oct 2026");
    let (_, a1) = ask(&gov, "period=2026-27/autumn-1").await;
    assert_eq!(a1["reports"]["now"], serde_json::json!({"exact": 6}));

    // A school whose autumn half-term comes early in October: October is mostly Autumn 2's.
    let early = term_form(
        2026,
        [
            ("2026-09-02", "2026-10-09"),
            ("2026-10-19", "2026-12-18"),
            ("2027-01-04", "2027-02-12"),
            ("2027-02-22", "2027-03-26"),
            ("2027-04-12", "2027-05-28"),
            ("2027-06-07", "2027-07-21"),
        ],
    );
    let r = head
        .send(reqwest::Method::PUT, "/staff/school/terms")
        .json(&early)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let kept: Value = r.json().await.unwrap();
    assert_eq!(kept["set_by_school"], true);
    assert_eq!(kept["half_terms"][0]["months"], "Sep 2026");
    assert_eq!(kept["half_terms"][1]["months"], "Oct\u{2013}Dec 2026");

    let (_, a1) = ask(&gov, "period=2026-27/autumn-1").await;
    assert_eq!(a1["period_label"], "Autumn 1 2026-27 (Sep 2026)");
    assert_eq!(a1["reports"]["now"], serde_json::json!({"exact": 3}));
    let (_, a2) = ask(&gov, "period=2026-27/autumn-2").await;
    assert_eq!(a2["period_label"], "Autumn 2 2026-27 (Oct\u{2013}Dec 2026)");
    assert_eq!(a2["previous_label"], "Autumn 1 2026-27 (Sep 2026)");
    assert_eq!(a2["reports"]["now"], serde_json::json!({"exact": 7}));
    assert_eq!(a2["reports"]["before"], serde_json::json!({"exact": 3}));

    // Dates that leave a half-term without a month of its own are refused, saying why; so are
    // half-terms out of order. The DSL may keep the dates too.
    let squeezed = term_form(
        2026,
        [
            ("2026-09-02", "2026-10-23"),
            ("2026-11-02", "2026-12-18"),
            ("2027-01-04", "2027-02-26"),
            ("2027-03-01", "2027-03-05"),
            ("2027-03-08", "2027-05-28"),
            ("2027-06-07", "2027-07-21"),
        ],
    );
    let dsl_client = s.session_for(dsl).await;
    let r = dsl_client
        .send(reqwest::Method::PUT, "/staff/school/terms")
        .json(&squeezed)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("Spring 2"));
    let r = dsl_client
        .send(reqwest::Method::PUT, "/staff/school/terms")
        .json(&early)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // A governor reads the report, not the dates.
    assert_eq!(
        gov.send(reqwest::Method::PUT, "/staff/school/terms")
            .json(&early)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn inset_days_are_kept_with_the_term_dates_and_must_fall_in_a_half_term() {
    let (s, _gov, _dsl) = school().await;
    let admin = s.add_staff("head@school.example", Role::Admin).await;
    let head = s.session_for(admin.id).await;
    let mut form = term_form(
        2026,
        [
            ("2026-09-02", "2026-10-23"),
            ("2026-11-02", "2026-12-18"),
            ("2027-01-04", "2027-02-12"),
            ("2027-02-22", "2027-03-26"),
            ("2027-04-12", "2027-05-28"),
            ("2027-06-07", "2027-07-21"),
        ],
    );
    let put = |form: Value| {
        head.send(reqwest::Method::PUT, "/staff/school/terms")
            .json(&form)
            .send()
    };
    for (days, words) in [
        (
            serde_json::json!(["2026-10-28"]),
            "not inside one of the half-terms",
        ),
        (
            serde_json::json!(["2026-09-02", "2026-09-02"]),
            "listed twice",
        ),
        (serde_json::json!(["2 September"]), "is not a date"),
    ] {
        form["inset_days"] = days;
        let r = put(form.clone()).await.unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert!(r.text().await.unwrap().contains(words), "{words}");
    }
    form["inset_days"] = serde_json::json!(["2027-01-04", "2026-09-02"]);
    let r = put(form.clone()).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let kept: Value = head.json("/staff/school/terms?school_year=2026").await;
    assert_eq!(
        kept["inset_days"],
        serde_json::json!(["2026-09-02", "2027-01-04"])
    );
    // Setting the year again replaces its INSET days.
    form["inset_days"] = serde_json::json!([]);
    assert_eq!(put(form).await.unwrap().status(), StatusCode::OK);
    let kept: Value = head.json("/staff/school/terms?school_year=2026").await;
    assert_eq!(kept["inset_days"], serde_json::json!([]));
}

/// A tablet's config carries the school's half-terms (this school year's by its own dates, next
/// year's by the usual pattern until it sets them), so Learn and the presenter know which
/// half-term's lesson is due, offline too.
#[tokio::test]
async fn a_tablet_s_config_has_the_school_s_own_half_terms() {
    let s = TestServer::spawn().await;
    let admin = s.add_staff("head@school.example", Role::Admin).await;
    let head = s.session_for(admin.id).await;
    let today = kite_server::calendar::date(kite_server::clock::now_ms());
    let year = kite_server::school_days::school_year_of(today);
    let iso = |d| kite_server::calendar::iso_date(kite_server::calendar::start_ms(d));
    let mut own = kite_server::periods::TermDates::england(year);
    // An autumn half-term a week early, and a summer term starting later.
    own.half_terms[0].1 -= time::Duration::days(7);
    own.half_terms[1].0 -= time::Duration::days(7);
    own.half_terms[4].0 += time::Duration::days(3);
    let days: Vec<(String, String)> = own
        .half_terms
        .iter()
        .map(|(first, last)| (iso(*first), iso(*last)))
        .collect();
    let form = term_form(
        year,
        std::array::from_fn(|i| (days[i].0.as_str(), days[i].1.as_str())),
    );
    let r = head
        .send(reqwest::Method::PUT, "/staff/school/terms")
        .json(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    let r = s
        .client
        .get(format!("{}/api/v1/device/config", s.url))
        .bearer_auth(&s.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let config: kite_protocol::device::DeviceConfig = r.json().await.unwrap();
    let sent: Vec<(String, String)> = config
        .half_terms
        .iter()
        .map(|h| (h.first.clone(), h.last.clone()))
        .collect();
    let next: Vec<(String, String)> = kite_server::periods::TermDates::england(year + 1)
        .half_terms
        .iter()
        .map(|(first, last)| (iso(*first), iso(*last)))
        .collect();
    assert_eq!(sent, [days.clone(), next].concat());
    // The week the school moved is now its half-term holiday: the tablet teaches Autumn 2's.
    let moved_week = iso(own.half_terms[0].1 + time::Duration::days(3));
    assert_eq!(
        kite_protocol::device::teaching_half_term(&config.half_terms, &moved_week),
        Some(1)
    );
}

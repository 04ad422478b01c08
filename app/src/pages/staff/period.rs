//! The period an oversight page reports on, the chooser for it, and fetching the figures for
//! it. Shared by the governors' report and the trust overview.
//!
//! Only named periods are offered — a term, a half-term or a calendar month of a school year —
//! never dates of one's own choosing: the server counts every figure by whole months (a
//! half-term or term by the months it mostly covers, from the school's own term dates) so no two
//! periods differ by less than a month, and refuses anything else. The trust, whose schools keep
//! different term dates, is offered months only.

use kite_protocol::MONTH_NAMES;
use leptos::prelude::*;

use super::use_staff;
use crate::staff_api;

const TERMS: [(&str, &str); 3] = [
    ("autumn", "Autumn term"),
    ("spring", "Spring term"),
    ("summer", "Summer term"),
];

const HALF_TERMS: [(&str, &str); 6] = [
    ("autumn-1", "Autumn 1"),
    ("autumn-2", "Autumn 2"),
    ("spring-1", "Spring 1"),
    ("spring-2", "Spring 2"),
    ("summer-1", "Summer 1"),
    ("summer-2", "Summer 2"),
];

/// What is picked within a school year.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Pick {
    Term(&'static str),
    HalfTerm(&'static str),
    /// 1 to 12.
    Month(u32),
}

impl Pick {
    /// The `<option>` value.
    fn value(self) -> String {
        match self {
            Pick::Term(t) => format!("term:{t}"),
            Pick::HalfTerm(h) => format!("half:{h}"),
            Pick::Month(m) => format!("month:{m}"),
        }
    }

    fn from_value(v: &str) -> Option<Pick> {
        let (kind, what) = v.split_once(':')?;
        match kind {
            "term" => TERMS
                .iter()
                .find(|(k, _)| *k == what)
                .map(|(k, _)| Pick::Term(k)),
            "half" => HALF_TERMS
                .iter()
                .find(|(k, _)| *k == what)
                .map(|(k, _)| Pick::HalfTerm(k)),
            "month" => what
                .parse()
                .ok()
                .filter(|m| (1..=12).contains(m))
                .map(Pick::Month),
            _ => None,
        }
    }
}

/// `2026-27` for the school year starting in September 2026.
fn year_name(year: i32) -> String {
    format!("{year}-{:02}", (year + 1).rem_euclid(100))
}

/// The calendar year a month of a school year falls in.
fn month_year(school_year: i32, month: u32) -> i32 {
    if month >= 9 {
        school_year
    } else {
        school_year + 1
    }
}

/// The name the server knows the period by: `2026-27/autumn`, `2026-27/autumn-1`, `2026-10`.
fn period_name(school_year: i32, pick: Pick) -> String {
    match pick {
        Pick::Term(t) => format!("{}/{t}", year_name(school_year)),
        Pick::HalfTerm(h) => format!("{}/{h}", year_name(school_year)),
        Pick::Month(m) => format!("{}-{m:02}", month_year(school_year, m)),
    }
}

/// Today's school year, the term most schools are in (a default: the school's own dates decide
/// the months), and this month.
fn today() -> (i32, Pick, Pick) {
    let now = js_sys::Date::new_0();
    let (y, m) = (now.get_full_year() as i32, now.get_month() + 1);
    let school_year = if m >= 9 { y } else { y - 1 };
    let term = match m {
        9..=12 => "autumn",
        1..=3 => "spring",
        _ => "summer",
    };
    (school_year, Pick::Term(term), Pick::Month(m))
}

fn query(name: &str) -> String {
    format!("period={name}")
}

/// What is chosen on an oversight page, and the name of the period it means.
#[derive(Clone, Copy)]
pub(super) struct ChosenPeriod {
    year: RwSignal<i32>,
    pick: RwSignal<Pick>,
    months_only: bool,
    pub periods: Memo<Option<String>>,
}

impl ChosenPeriod {
    /// This term, to start with; this month when only months are offered.
    pub fn new(months_only: bool) -> Self {
        let (school_year, term, month) = today();
        let year = RwSignal::new(school_year);
        let pick = RwSignal::new(if months_only { month } else { term });
        let periods = Memo::new(move |_| Some(period_name(year.get(), pick.get())));
        Self {
            year,
            pick,
            months_only,
            periods,
        }
    }

    /// Fetches the figures for the chosen period whenever the choice changes. An answer that
    /// comes back after the choice has moved on is dropped: a slow "this term" must never
    /// replace the figures of the month chosen since.
    pub fn load<T, Fut>(
        self,
        into: RwSignal<Option<T>>,
        error: RwSignal<Option<String>>,
        fetch: impl Fn(String) -> Fut + Copy + 'static,
    ) where
        T: Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<T, staff_api::StaffError>> + 'static,
    {
        let ctx = use_staff();
        let chosen = self.periods;
        Effect::new(move |_| {
            let Some(wanted) = chosen.get() else {
                into.set(None);
                return;
            };
            leptos::task::spawn_local(async move {
                let answer = fetch(query(&wanted)).await;
                if chosen.try_get_untracked().flatten() != Some(wanted) {
                    return;
                }
                match answer {
                    Ok(figures) => {
                        error.try_set(None);
                        into.try_set(Some(figures));
                    }
                    Err(e) => {
                        error.try_set(Some(ctx.message(&e)));
                    }
                }
            });
        });
    }
}

/// The period to report on: a school year, then a term, half-term or month of it.
#[component]
pub(super) fn PeriodChooser(period: ChosenPeriod) -> impl IntoView {
    let ChosenPeriod {
        year,
        pick,
        months_only,
        ..
    } = period;
    let this_year = today().0;
    let years = move || {
        (0..3)
            .map(|back| {
                let y = this_year - back;
                view! { <option value=y.to_string() selected=move || year.get() == y>{year_name(y)}</option> }
            })
            .collect_view()
    };
    let option = move |p: Pick, label: String| {
        view! { <option value=p.value() selected=move || pick.get() == p>{label}</option> }
    };
    let months = move || {
        (9..=12)
            .chain(1..=8)
            .map(|m| {
                let label = format!(
                    "{} {}",
                    MONTH_NAMES[m as usize - 1],
                    month_year(year.get(), m)
                );
                option(Pick::Month(m), label)
            })
            .collect_view()
    };
    view! {
        <fieldset class="governors-period no-print">
            <legend>"Period"</legend>
            <div class="period-pickers">
                <label>"School year "
                    <select data-testid="period-year"
                        on:change=move |ev| {
                            if let Ok(y) = event_target_value(&ev).parse() { year.set(y) }
                        }>
                        {years}
                    </select>
                </label>
                <label>{if months_only { "Month " } else { "Term, half-term or month " }}
                    <select data-testid="period-pick"
                        on:change=move |ev| {
                            if let Some(p) = Pick::from_value(&event_target_value(&ev)) { pick.set(p) }
                        }>
                        {(!months_only).then(|| view! {
                            <optgroup label="Terms">
                                {TERMS.iter().map(|(k, l)| option(Pick::Term(k), l.to_string())).collect_view()}
                            </optgroup>
                            <optgroup label="Half-terms">
                                {HALF_TERMS.iter().map(|(k, l)| option(Pick::HalfTerm(k), l.to_string())).collect_view()}
                            </optgroup>
                        })}
                        <optgroup label="Months">{months}</optgroup>
                    </select>
                </label>
            </div>
            <p class="period-note">
                {if months_only {
                    "Figures are for whole calendar months: the trust's schools keep different term dates."
                } else {
                    "Figures are counted by whole calendar months: a half-term or term covers the months it mostly falls in, by the school's own term dates."
                }}
            </p>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_named_as_the_server_knows_them() {
        assert_eq!(period_name(2026, Pick::Term("autumn")), "2026-27/autumn");
        assert_eq!(
            period_name(2026, Pick::HalfTerm("spring-2")),
            "2026-27/spring-2"
        );
        assert_eq!(period_name(2026, Pick::Month(10)), "2026-10");
        assert_eq!(period_name(2026, Pick::Month(2)), "2027-02");
        assert_eq!(period_name(2099, Pick::Term("summer")), "2099-00/summer");
        assert_eq!(query("2026-27/autumn"), "period=2026-27/autumn");
    }

    #[test]
    fn a_pick_survives_its_option_value() {
        for p in [
            Pick::Term("spring"),
            Pick::HalfTerm("summer-1"),
            Pick::Month(12),
        ] {
            assert_eq!(Pick::from_value(&p.value()), Some(p));
        }
        assert_eq!(Pick::from_value("month:13"), None);
    }
}

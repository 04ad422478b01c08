//! The period an oversight page reports on (a term, a month or dates chosen, beside the period
//! before), the chooser for it, and fetching the figures for it. Shared by the governors' report
//! and the trust overview.

use kite_protocol::oversight::Period;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::use_staff;
use crate::staff_api;

/// The periods a governor usually asks about.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Choice {
    ThisTerm,
    LastTerm,
    ThisMonth,
    LastMonth,
    Custom,
}

impl Choice {
    const ALL: [Choice; 5] = [
        Choice::ThisTerm,
        Choice::LastTerm,
        Choice::ThisMonth,
        Choice::LastMonth,
        Choice::Custom,
    ];

    fn label(self) -> &'static str {
        match self {
            Choice::ThisTerm => "This term",
            Choice::LastTerm => "Last term",
            Choice::ThisMonth => "This month",
            Choice::LastMonth => "Last month",
            Choice::Custom => "Dates I choose",
        }
    }
}

/// Local midnight at the start of a day (`month0` may run past 11 or below 0: Date rolls it).
fn local_day(year: i32, month0: i32, day: i32) -> i64 {
    js_sys::Date::new_with_year_month_day(year as u32, month0, day).get_time() as i64
}

/// Terms as most English schools keep them, to the month: autumn from 1 September, spring
/// from 1 January, summer from 1 April (Easter moves; a custom period covers the exact dates).
/// Returns the term containing `(year, month0)` as (start year, start month).
fn term_start(year: i32, month0: i32) -> (i32, i32) {
    match month0 {
        8..=11 => (year, 8),
        0..=2 => (year, 0),
        _ => (year, 3),
    }
}

fn term_after(start: (i32, i32)) -> (i32, i32) {
    match start.1 {
        8 => (start.0 + 1, 0),
        0 => (start.0, 3),
        _ => (start.0, 8),
    }
}

fn term_before(start: (i32, i32)) -> (i32, i32) {
    match start.1 {
        8 => (start.0, 3),
        0 => (start.0 - 1, 8),
        _ => (start.0, 0),
    }
}

fn span(from: (i32, i32), to: (i32, i32)) -> Period {
    Period {
        from_ms: local_day(from.0, from.1, 1),
        to_ms: local_day(to.0, to.1, 1),
    }
}

/// The period and the one it is compared with.
fn periods(choice: Choice, custom: (String, String)) -> Option<(Period, Period)> {
    let now = js_sys::Date::new_0();
    let (y, m) = (now.get_full_year() as i32, now.get_month() as i32);
    let this_term = term_start(y, m);
    Some(match choice {
        Choice::ThisTerm => {
            let before = term_before(this_term);
            (
                span(this_term, term_after(this_term)),
                span(before, this_term),
            )
        }
        Choice::LastTerm => {
            let last = term_before(this_term);
            (span(last, this_term), span(term_before(last), last))
        }
        Choice::ThisMonth => (span((y, m), (y, m + 1)), span((y, m - 1), (y, m))),
        Choice::LastMonth => (span((y, m - 1), (y, m)), span((y, m - 2), (y, m - 1))),
        Choice::Custom => {
            let from = parse_date(&custom.0)?;
            // The end date is included: the period runs to the next midnight.
            let to = parse_date(&custom.1)? + 24 * 3_600_000;
            if from >= to {
                return None;
            }
            let period = Period {
                from_ms: from,
                to_ms: to,
            };
            (
                period,
                Period {
                    from_ms: 2 * from - to,
                    to_ms: from,
                },
            )
        }
    })
}

/// `2026-09-01` from a date input, as local midnight.
fn parse_date(text: &str) -> Option<i64> {
    let mut parts = text.split('-').map(|p| p.parse::<i32>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    Some(local_day(y, m - 1, d))
}

/// "1 Sep 2026" for the day a period starts, and the last day it includes for its end.
fn day(ms: i64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let d = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    format!(
        "{} {} {}",
        d.get_date(),
        MONTHS[d.get_month() as usize % 12],
        d.get_full_year()
    )
}

pub(super) fn period_text(p: Period) -> String {
    format!("{} to {}", day(p.from_ms), day(p.to_ms - 1))
}

fn query(period: Period, previous: Period) -> String {
    format!(
        "from_ms={}&to_ms={}&previous_from_ms={}&previous_to_ms={}",
        period.from_ms, period.to_ms, previous.from_ms, previous.to_ms
    )
}

/// What is chosen on an oversight page, and the periods it means: `None` until chosen dates
/// make a period.
#[derive(Clone, Copy)]
pub(super) struct ChosenPeriod {
    choice: RwSignal<Choice>,
    custom_from: RwSignal<String>,
    custom_to: RwSignal<String>,
    pub periods: Memo<Option<(Period, Period)>>,
}

impl ChosenPeriod {
    /// This term, to start with.
    pub fn new() -> Self {
        let choice = RwSignal::new(Choice::ThisTerm);
        let custom_from = RwSignal::new(String::new());
        let custom_to = RwSignal::new(String::new());
        let periods =
            Memo::new(move |_| periods(choice.get(), (custom_from.get(), custom_to.get())));
        Self {
            choice,
            custom_from,
            custom_to,
            periods,
        }
    }

    /// Fetches the figures for the chosen period whenever the choice changes. An answer that
    /// comes back after the choice has moved on is dropped: a slow "this term" must never
    /// replace the figures of the dates chosen since.
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
                let answer = fetch(query(wanted.0, wanted.1)).await;
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

/// The period to report on: a term, a month or dates chosen.
#[component]
pub(super) fn PeriodChooser(period: ChosenPeriod) -> impl IntoView {
    let ChosenPeriod {
        choice,
        custom_from,
        custom_to,
        ..
    } = period;
    view! {
        <fieldset class="governors-period no-print">
            <legend>"Period"</legend>
            <div class="period-choices">
                {Choice::ALL.into_iter().map(|c| view! {
                    <label class="period-choice">
                        <input type="radio" name="period" prop:checked=move || choice.get() == c
                            on:change=move |_| choice.set(c)/>
                        {c.label()}
                    </label>
                }).collect_view()}
            </div>
            <Show when=move || choice.get() == Choice::Custom>
                <div class="period-dates">
                    <label>"From " <input type="date" data-testid="period-from" prop:value=custom_from
                        on:change=move |ev| custom_from.set(event_target_value(&ev))/></label>
                    <label>"To (included) " <input type="date" data-testid="period-to" prop:value=custom_to
                        on:change=move |ev| custom_to.set(event_target_value(&ev))/></label>
                </div>
            </Show>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_run_autumn_spring_summer_and_wrap_the_year() {
        assert_eq!(term_start(2026, 9), (2026, 8), "October is autumn");
        assert_eq!(term_start(2027, 1), (2027, 0), "February is spring");
        assert_eq!(term_start(2027, 5), (2027, 3), "June is summer");
        assert_eq!(term_after((2026, 8)), (2027, 0));
        assert_eq!(term_after((2027, 0)), (2027, 3));
        assert_eq!(term_after((2027, 3)), (2027, 8));
        for start in [(2026, 8), (2027, 0), (2027, 3)] {
            assert_eq!(term_before(term_after(start)), start);
        }
    }

    #[test]
    fn the_query_names_both_periods() {
        let p = |from_ms, to_ms| Period { from_ms, to_ms };
        assert_eq!(
            query(p(10, 20), p(0, 10)),
            "from_ms=10&to_ms=20&previous_from_ms=0&previous_to_ms=10"
        );
    }
}

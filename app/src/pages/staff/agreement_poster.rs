//! `/staff/agreements/poster?kind=pupil&band=ks2&size=a4`: the current version of an agreement
//! as a classroom or staff-room poster, printed on one A4 or A3 page (portrait). A pupil poster
//! is one band's statements with their pictures, and at its foot who to tell and Childline's
//! number. The type is as large as still fits the page, worked out from how much there is to
//! say, so a short EYFS poster reads from across the room and a long staff AUP still fits. That
//! estimate is the starting point: once the fonts are in, the sheet is measured and the type
//! grown or shrunk half a point at a time to fill it without spilling onto a second page.

use kite_protocol::agreement::{AgreementContent, AgreementKind, AgreementVersion};
use kite_protocol::Band;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::use_staff;
use crate::pages::aup::statement::StatementCard;
use crate::staff_api;

/// The paper a poster is printed on, portrait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PosterSize {
    A4,
    A3,
}

impl PosterSize {
    pub const ALL: [PosterSize; 2] = [PosterSize::A4, PosterSize::A3];

    pub fn as_str(self) -> &'static str {
        match self {
            PosterSize::A4 => "a4",
            PosterSize::A3 => "a3",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PosterSize::A4 => "A4",
            PosterSize::A3 => "A3",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// Width and height in points (1/72 inch).
    fn page_pt(self) -> (f64, f64) {
        match self {
            PosterSize::A4 => (595.3, 841.9),
            PosterSize::A3 => (841.9, 1190.6),
        }
    }
}

/// Where the poster of an agreement (a band's, for the pupil AUP) is printed from.
pub fn poster_path(kind: AgreementKind, band: Option<Band>, size: PosterSize) -> String {
    let mut path = format!(
        "/staff/agreements/poster?kind={}&size={}",
        kind,
        size.as_str()
    );
    if let Some(b) = band {
        path.push_str("&band=");
        path.push_str(b.as_str());
    }
    path
}

/// The page's margin, 12 mm, in points.
const MARGIN_PT: f64 = 34.0;
/// Room left at the foot of the printed page (`.poster-a4` is this much shorter than the page's
/// printable area), so nothing the staff pages keep around the poster pushes it onto a second page.
const SLACK_PT: f64 = 36.0;

/// One block of the poster's text, for working out the type size: its length, its type size
/// relative to a statement's, and whether a picture sits beside it.
struct Block {
    chars: usize,
    scale: f64,
    picture: bool,
}

impl Block {
    fn text(chars: usize, scale: f64) -> Self {
        Self {
            chars,
            scale,
            picture: false,
        }
    }
}

/// How tall the blocks are at type size `f` (points), on a page `width` wide. Letters are taken
/// as a little wider than they are and every block's last line as full, so it errs on fitting.
fn poster_height(blocks: &[Block], width: f64, f: f64) -> f64 {
    blocks
        .iter()
        .map(|b| {
            let size = b.scale * f;
            let text_width = if b.picture {
                width - 3.0 * f
            } else {
                width - f
            };
            let per_line = (text_width / (0.56 * size)).floor().max(1.0);
            let lines = (b.chars as f64 * 1.1 / per_line).ceil().max(1.0);
            let picture = if b.picture { 2.4 * f } else { 0.0 };
            (lines * 1.25 * size).max(picture) + 0.7 * size
        })
        .sum()
}

/// The smallest type a poster is printed in, in points.
const SMALLEST_PT: f64 = 7.0;

/// The largest type for a sheet: 40 points on A4, as much larger on A3 as the page is wider.
fn largest_pt(size: PosterSize) -> f64 {
    let (w, _) = size.page_pt();
    40.0 * (w - 2.0 * MARGIN_PT) / (595.3 - 2.0 * MARGIN_PT)
}

/// The largest type, in points, at which the blocks are estimated to fit one page.
fn type_size(blocks: &[Block], size: PosterSize) -> f64 {
    let (w, h) = size.page_pt();
    let (w, h) = (w - 2.0 * MARGIN_PT, h - 2.0 * MARGIN_PT - SLACK_PT);
    let mut f = largest_pt(size);
    while f > SMALLEST_PT && poster_height(blocks, w, f) > h {
        f -= 0.5;
    }
    f
}

/// Sets the sheet's type to the largest size (up to `largest`) at which nothing spills past its
/// foot, starting from `start`. The sheet on screen is the printed sheet's size, so what fits
/// here fits on paper.
fn fit_type(sheet: &web_sys::HtmlElement, start: f64, largest: f64) {
    let style = sheet.style();
    let fits = |f: f64| {
        let _ = style.set_property("font-size", &format!("{f:.1}pt"));
        sheet.scroll_height() <= sheet.client_height()
    };
    let mut f = start;
    while f > SMALLEST_PT && !fits(f) {
        f -= 0.5;
    }
    while f + 0.5 <= largest && fits(f + 0.5) {
        f += 0.5;
    }
    let _ = style.set_property("font-size", &format!("{f:.1}pt"));
}

/// Fits the sheet's type once the page's fonts have loaded (a fallback font measures wrongly).
fn fit_when_fonts_are_in(sheet: web_sys::HtmlElement, start: f64, largest: f64) {
    leptos::task::spawn_local(async move {
        if let Some(ready) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.fonts().ready().ok())
        {
            let _ = wasm_bindgen_futures::JsFuture::from(ready).await;
        }
        fit_type(&sheet, start, largest);
    });
}

/// The words a pupil poster ends with.
const TELL: &str = "Tell a trusted adult";
const TELL_MORE: &str =
    "If anything online worries you or doesn't feel right, tell a grown-up you trust. \
     You will not be in trouble. You can also call Childline free on 0800 1111.";

/// Everything on the poster, as blocks: the school's name, the title, the text, the foot.
fn blocks_of(
    content: &AgreementContent,
    band: Band,
    school: &str,
    title: &str,
    about: &str,
) -> Vec<Block> {
    let mut out = vec![
        Block::text(school.chars().count(), 0.9),
        Block::text(title.chars().count(), 1.7),
    ];
    match content {
        AgreementContent::Pupil(aup) => {
            out.extend(aup.for_band(band).iter().map(|s| Block {
                chars: s.text.chars().count(),
                scale: 1.0,
                picture: true,
            }));
            out.push(Block::text(TELL.len(), 1.2));
            out.push(Block::text(TELL_MORE.len(), 0.8));
        }
        AgreementContent::Sections(doc) => {
            out.push(Block::text(doc.intro.chars().count(), 1.0));
            for s in &doc.sections {
                out.push(Block::text(s.heading.chars().count(), 1.15));
                // Each point a little longer for its bullet's indent.
                out.extend(
                    s.points
                        .iter()
                        .map(|p| Block::text(p.chars().count() + 3, 1.0)),
                );
            }
        }
    }
    out.push(Block::text(about.chars().count(), 0.8));
    out
}

/// The poster's title and the line at its foot saying which agreement (by the school's name for
/// it) and version it is, and for pupils which band's statements.
fn title_and_about(version: &AgreementVersion, name: &str, band: Band) -> (String, String) {
    match (version.kind, &version.content) {
        (AgreementKind::Pupil, _) => (
            "Our rules for being online".to_string(),
            format!("{name} version {}, {}", version.version, band.label()),
        ),
        (_, AgreementContent::Pupil(_)) => (
            name.to_string(),
            format!("{name} version {}, {}", version.version, band.label()),
        ),
        _ => (
            name.to_string(),
            format!("{name} version {}", version.version),
        ),
    }
}

/// What a poster shows: the current version, the kind's name, the band whose statements it
/// shows and the school's name.
#[derive(Clone)]
struct Loaded {
    version: AgreementVersion,
    name: String,
    band: Band,
    school: String,
}

#[component]
pub fn AgreementPosterPage() -> impl IntoView {
    let ctx = use_staff();
    let query = use_query_map();
    let (kind, band, size) = query.with_untracked(|q| {
        (
            q.get("kind").and_then(|k| AgreementKind::parse(&k)),
            q.get("band")
                .and_then(|b| Band::parse(&b))
                .unwrap_or(Band::Ks2),
            q.get("size")
                .and_then(|s| PosterSize::parse(&s))
                .unwrap_or(PosterSize::A4),
        )
    });
    let Some(kind) = kind else {
        return view! {
            <p>"There is no such agreement. " <a href="/staff/agreements">"All agreements"</a></p>
        }
        .into_any();
    };
    let loaded = RwSignal::new(None::<Result<Loaded, String>>);
    leptos::task::spawn_local(async move {
        let r = async {
            let versions = staff_api::agreements().await?;
            let kinds = staff_api::agreement_kinds().await?;
            let school = staff_api::school().await?;
            let info = kinds.into_iter().find(|k| k.kind == kind);
            Ok::<_, staff_api::StaffError>(versions.into_iter().find(|v| v.kind == kind).map(
                |version| {
                    Loaded {
                        version,
                        name: info
                            .as_ref()
                            .map_or_else(|| kind.label().to_string(), |k| k.name.clone()),
                        // A school's own pupil agreement is one band's: its poster is that band's.
                        band: info.as_ref().and_then(|k| k.band).unwrap_or(band),
                        school: school.name,
                    }
                },
            ))
        }
        .await;
        loaded.try_set(Some(match r {
            Ok(Some(found)) => Ok(found),
            Ok(None) => Err("This agreement has no published version yet.".into()),
            Err(e) => Err(ctx.message(&e)),
        }));
    });
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    // The page size and the sheet's are the stylesheet's (`poster-a4`, `poster-a3`): the
    // server's content security policy refuses inline styles.
    let sheet = format!("agreement-poster poster-{}", size.as_str());
    view! {
        <div class="poster-page">
            <div class="no-print">
                <p><a href="/staff/agreements">"Back to the agreements"</a></p>
                <h1>{move || {
                    let name = loaded.with(|l| match l {
                        Some(Ok(l)) => l.name.clone(),
                        _ => kind.label().to_string(),
                    });
                    format!("Poster: {name} ({})", size.label())
                }}</h1>
                <p><button type="button" class="button button-primary" data-testid="poster-print" on:click=print>"Print"</button>
                    " " <span class="hint">"Choose portrait and no headers or footers in the print settings, if asked."</span></p>
            </div>
            {move || match loaded.get() {
                None => view! { <p class="staff-loading">"Getting the poster ready\u{2026}"</p> }.into_any(),
                Some(Err(t)) => view! { <p class="error-text" role="alert">{t}</p> }.into_any(),
                Some(Ok(Loaded { version, name, band, school })) => {
                    let (title, about) = title_and_about(&version, &name, band);
                    let f = type_size(&blocks_of(&version.content, band, &school, &title, &about), size);
                    let fit = (f, largest_pt(size));
                    view! { <Poster version=version band=band school=school title=title about=about class=sheet.clone() fit=fit/> }.into_any()
                }
            }}
        </div>
    }
    .into_any()
}

#[component]
fn Poster(
    version: AgreementVersion,
    band: Band,
    school: String,
    title: String,
    about: String,
    class: String,
    /// The estimated type size and the largest allowed, in points.
    fit: (f64, f64),
) -> impl IntoView {
    let for_pupils = matches!(version.content, AgreementContent::Pupil(_));
    let sheet = NodeRef::<leptos::html::Article>::new();
    Effect::new(move |_| {
        if let Some(el) = sheet.get() {
            fit_when_fonts_are_in(el, fit.0, fit.1);
        }
    });
    let font = format!("{:.1}pt", fit.0);
    let body = match version.content {
        AgreementContent::Pupil(aup) => view! {
            <ol class="poster-statements">
                {aup.for_band(band).iter().map(|s| view! {
                    <li class="poster-statement"><StatementCard text=s.text.clone() picture=s.picture.clone()/></li>
                }).collect_view()}
            </ol>
        }
        .into_any(),
        AgreementContent::Sections(doc) => view! {
            <p class="poster-intro">{doc.intro}</p>
            {doc.sections.into_iter().map(|s| view! {
                <h2 class="poster-heading">{s.heading}</h2>
                <ul class="poster-points">{s.points.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            }).collect_view()}
        }
        .into_any(),
    };
    view! {
        <article class=class node_ref=sheet style:font-size=font data-testid="agreement-poster">
            <p class="poster-school">{school}</p>
            <h1 class="poster-title">{title}</h1>
            {body}
            <div class="poster-foot">
                {for_pupils.then(|| view! {
                    <p class="poster-tell">{TELL}</p>
                    <p>{TELL_MORE}</p>
                })}
                <p class="poster-version">{about}</p>
            </div>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statements(n: usize, chars: usize) -> Vec<Block> {
        (0..n)
            .map(|_| Block {
                chars,
                scale: 1.0,
                picture: true,
            })
            .collect()
    }

    #[test]
    fn more_to_say_means_smaller_type_and_a3_larger() {
        let few = type_size(&statements(5, 30), PosterSize::A4);
        let many = type_size(&statements(20, 120), PosterSize::A4);
        assert!(many < few, "{many} < {few}");
        assert!(type_size(&statements(20, 120), PosterSize::A3) > many);
        // Whatever the size chosen, it fits the printable area.
        for (blocks, size) in [
            (statements(20, 100), PosterSize::A4),
            (statements(3, 20), PosterSize::A3),
        ] {
            let f = type_size(&blocks, size);
            let (w, h) = size.page_pt();
            assert!(poster_height(&blocks, w - 2.0 * MARGIN_PT, f) <= h - 2.0 * MARGIN_PT);
        }
    }

    #[test]
    fn a_band_poster_has_its_band_in_the_address() {
        assert_eq!(
            poster_path(AgreementKind::Pupil, Some(Band::Ks1), PosterSize::A3),
            "/staff/agreements/poster?kind=pupil&size=a3&band=ks1"
        );
        assert_eq!(
            poster_path(AgreementKind::HomeSchool, None, PosterSize::A4),
            "/staff/agreements/poster?kind=home_school&size=a4"
        );
    }
}

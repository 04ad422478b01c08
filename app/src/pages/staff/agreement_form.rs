//! The form an admin writes a new version of an agreement in, started from the current one:
//! for the pupil AUP each band's statements one by one (the words, the read-aloud words and a
//! picture chosen from Kite's pictures), for the others the introduction and each section's
//! heading and points. Every problem is shown beside its field at once, with the limits the
//! server checks (`AgreementContent::problems_for`), and nothing typed is ever cleared.

use kite_protocol::agreement::{
    AgreementContent, ContentShape, DraftPlace, DraftProblem, PupilAup, Section, Sections,
    Statement, STATEMENT_PICTURES,
};
use kite_protocol::Band;
use leptos::prelude::*;

use crate::components::icons::Icon;
use crate::pages::aup::pictures::statement_icon;

/// The draft and what the form shows of it. Text typed goes straight into `content` without
/// redrawing the form (a redraw would lose the cursor); adding, moving or removing an item
/// redraws it (`shape`).
#[derive(Clone, Copy)]
pub struct DraftForm {
    content: RwSignal<AgreementContent>,
    shape: RwSignal<u32>,
    /// Bumped on every change, so the page can drop a preview of an older draft.
    pub revision: RwSignal<u32>,
    problems: RwSignal<Vec<DraftProblem>>,
    /// Once a preview has been asked for, the problems are kept up to date as the admin types,
    /// so a message goes as soon as it is put right.
    checked: RwSignal<Option<ContentShape>>,
    /// The pupil AUP band being written (and previewed).
    pub band: RwSignal<Band>,
    /// A school's own pupil agreement is for one band: only that band's statements are written.
    pub only_band: RwSignal<Option<Band>>,
}

impl DraftForm {
    pub fn new() -> Self {
        Self {
            content: RwSignal::new(AgreementContent::Sections(Sections {
                intro: String::new(),
                sections: Vec::new(),
            })),
            shape: RwSignal::new(0),
            revision: RwSignal::new(0),
            problems: RwSignal::new(Vec::new()),
            checked: RwSignal::new(None),
            band: RwSignal::new(Band::Ks2),
            only_band: RwSignal::new(None),
        }
    }

    /// Starts again from a published version's text.
    pub fn start_from(self, content: AgreementContent) {
        self.content.set(content);
        self.problems.set(Vec::new());
        self.checked.set(None);
        self.shape.update(|n| *n += 1);
        self.revision.update(|n| *n += 1);
    }

    fn edit(self, f: impl FnOnce(&mut AgreementContent)) {
        self.content.update_untracked(f);
        self.revision.update(|n| *n += 1);
        if let Some(shape) = self.checked.get_untracked() {
            let problems = self.content.with_untracked(|c| c.problems_for(shape));
            self.problems.set(problems);
        }
    }

    fn restructure(self, f: impl FnOnce(&mut AgreementContent)) {
        self.edit(f);
        self.shape.update(|n| *n += 1);
    }

    /// The draft, if it has nothing to put right; otherwise how many problems there are, each
    /// now shown beside its field, the first one's band open and its field focused.
    pub fn check(self, shape: ContentShape) -> Result<AgreementContent, usize> {
        let content = self.content.get_untracked();
        let problems = content.problems_for(shape);
        let first = problems.first().map(|p| p.place);
        let count = problems.len();
        self.problems.set(problems);
        self.checked.set(Some(shape));
        let Some(place) = first else {
            return Ok(content);
        };
        if let Some(b) = band_of(place) {
            self.band.set(b);
        }
        // After the band's statements are drawn.
        request_animation_frame(move || {
            let el = document().get_element_by_id(&field_id(place));
            if let Some(el) =
                el.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = el.focus();
            }
        });
        Err(count)
    }
}

fn band_of(place: DraftPlace) -> Option<Band> {
    match place {
        DraftPlace::Statements(b)
        | DraftPlace::StatementText(b, _)
        | DraftPlace::StatementReadAloud(b, _)
        | DraftPlace::StatementPicture(b, _) => Some(b),
        _ => None,
    }
}

/// The id of the field a problem is about (what the form focuses).
fn field_id(place: DraftPlace) -> String {
    match place {
        DraftPlace::Content => "draft-content".into(),
        DraftPlace::Statements(b) => format!("draft-{}-add", b.as_str()),
        DraftPlace::StatementText(b, i) => format!("draft-{}-{i}-text", b.as_str()),
        DraftPlace::StatementReadAloud(b, i) => format!("draft-{}-{i}-read-aloud", b.as_str()),
        DraftPlace::StatementPicture(b, i) => format!("draft-{}-{i}-picture", b.as_str()),
        DraftPlace::Intro => "draft-intro".into(),
        DraftPlace::Sections => "draft-add-section".into(),
        DraftPlace::Heading(i) => format!("draft-section-{i}-heading"),
        DraftPlace::Points(i) => format!("draft-section-{i}-add"),
        DraftPlace::Point(i, j) => format!("draft-section-{i}-point-{j}"),
    }
}

/// A problem in plain words, for the field it sits beside.
fn in_words(problem: &DraftProblem) -> String {
    let p = problem.error.problem.as_str();
    match p {
        "is empty" => "This is empty: please write it.".into(),
        "contains control characters" => {
            "This has characters that can't be shown; please type it again.".into()
        }
        _ if p.starts_with("is ") => format!("This {p}."),
        _ => {
            let mut s = p.to_string();
            if let Some(first) = s.get(0..1) {
                s = first.to_uppercase() + &s[1..];
            }
            s + "."
        }
    }
}

/// The problem with one field, if any, read out when it appears.
fn problem_at(form: DraftForm, place: DraftPlace) -> impl IntoView {
    move || {
        form.problems.with(|ps| {
            ps.iter().find(|p| p.place == place).map(|p| {
                view! { <p class="error-text field-problem" role="alert" data-testid="draft-problem">{in_words(p)}</p> }
            })
        })
    }
}

fn statements_mut(c: &mut AgreementContent, band: Band) -> Option<&mut Vec<Statement>> {
    match c {
        AgreementContent::Pupil(PupilAup { eyfs, ks1, ks2 }) => Some(match band {
            Band::Eyfs => eyfs,
            Band::Ks1 => ks1,
            Band::Ks2 => ks2,
        }),
        AgreementContent::Sections(_) => None,
    }
}

fn sections_mut(c: &mut AgreementContent) -> Option<&mut Vec<Section>> {
    match c {
        AgreementContent::Sections(doc) => Some(&mut doc.sections),
        AgreementContent::Pupil(_) => None,
    }
}

/// Moving an item up or down a list, or taking it out.
#[derive(Clone, Copy)]
enum Change {
    Up,
    Down,
    Remove,
}

fn apply<T>(list: &mut Vec<T>, i: usize, change: Change) {
    match change {
        Change::Up if i > 0 && i < list.len() => list.swap(i - 1, i),
        Change::Down if i + 1 < list.len() => list.swap(i, i + 1),
        Change::Remove if i < list.len() => {
            list.remove(i);
        }
        _ => {}
    }
}

/// "Move up", "Move down" and "Remove" for item `i` of `count`, each named for its item.
fn item_buttons(
    what: String,
    i: usize,
    count: usize,
    on: impl Fn(Change) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let up = format!("Move {what} up");
    let down = format!("Move {what} down");
    let remove = format!("Remove {what}");
    view! {
        <div class="draft-item-actions">
            <button type="button" class="button button-quiet" aria-label=up disabled={i == 0} on:click=move |_| on(Change::Up)>"Move up"</button>
            <button type="button" class="button button-quiet" aria-label=down disabled={i + 1 >= count} on:click=move |_| on(Change::Down)>"Move down"</button>
            <button type="button" class="button button-quiet" aria-label=remove on:click=move |_| on(Change::Remove)>"Remove"</button>
        </div>
    }
}

/// A picture's name in words ("school_device" → "School device").
pub fn picture_words(name: &str) -> String {
    let words = name.replace('_', " ");
    match words.get(0..1) {
        Some(first) => first.to_uppercase() + &words[1..],
        None => words,
    }
}

/// The draft's fields: statements or sections, by what the draft is.
#[component]
pub fn DraftEditor(form: DraftForm) -> impl IntoView {
    move || {
        form.shape.track();
        let pupil = form
            .content
            .with_untracked(|c| matches!(c, AgreementContent::Pupil(_)));
        if pupil {
            view! { <PupilStatements form=form/> }.into_any()
        } else {
            view! { <SectionFields form=form/> }.into_any()
        }
    }
}

#[component]
fn PupilStatements(form: DraftForm) -> impl IntoView {
    let problems_in = move |b: Band| {
        form.problems
            .with(|ps| ps.iter().filter(|p| band_of(p.place) == Some(b)).count())
    };
    view! {
        <div class="band-tabs" role="group" aria-label="Which pupils' statements">
            {move || Band::ALL.into_iter().filter(|b| form.only_band.get().is_none_or(|o| o == *b)).map(|b| view! {
                <button type="button" class="button" data-testid=format!("draft-band-{}", b.as_str())
                    aria-pressed=move || (form.band.get() == b).to_string() on:click=move |_| form.band.set(b)>
                    {b.label()}
                    {move || match problems_in(b) {
                        0 => None,
                        n => Some(view! { <span class="band-problems">{format!(" ({n} to put right)")}</span> }),
                    }}
                </button>
            }).collect_view()}
        </div>
        {move || {
            let band = form.band.get();
            let list = form.content.with_untracked(|c| match c {
                AgreementContent::Pupil(aup) => aup.for_band(band).to_vec(),
                AgreementContent::Sections(_) => Vec::new(),
            });
            let count = list.len();
            let add = move |_| form.restructure(|c| {
                if let Some(v) = statements_mut(c, band) {
                    v.push(Statement { text: String::new(), read_aloud: String::new(), picture: String::new() });
                }
            });
            view! {
                <ol class="draft-list">
                    {list.into_iter().enumerate().map(|(i, s)| view! {
                        <StatementFields form=form band=band i=i count=count statement=s/>
                    }).collect_view()}
                </ol>
                <p><button type="button" class="button" id=field_id(DraftPlace::Statements(band)) data-testid="draft-add-statement" on:click=add>
                    {format!("Add a {} statement", band.label())}
                </button></p>
                {problem_at(form, DraftPlace::Statements(band))}
            }
        }}
    }
}

#[component]
fn StatementFields(
    form: DraftForm,
    band: Band,
    i: usize,
    count: usize,
    statement: Statement,
) -> impl IntoView {
    let set = move |f: fn(&mut Statement, String), value: String| {
        form.edit(|c| {
            if let Some(s) = statements_mut(c, band).and_then(|v| v.get_mut(i)) {
                f(s, value);
            }
        });
    };
    let text_id = field_id(DraftPlace::StatementText(band, i));
    let aloud_id = field_id(DraftPlace::StatementReadAloud(band, i));
    let picture_id = field_id(DraftPlace::StatementPicture(band, i));
    let group = format!("{picture_id}-choice");
    let chosen = statement.picture.clone();
    view! {
        <li class="draft-item" data-testid="draft-statement">
            <h3>{format!("{} statement {}", band.label(), i + 1)}</h3>
            <div class="field">
                <label for=text_id.clone()>"What the pupil reads"</label>
                <input id=text_id type="text" autocomplete="off" data-testid="draft-statement-text" prop:value=statement.text
                    on:input=move |ev| set(|s, v| s.text = v, event_target_value(&ev))/>
                {problem_at(form, DraftPlace::StatementText(band, i))}
            </div>
            <div class="field">
                <label for=aloud_id.clone()>"What is read aloud (fuller words, if the picture needs explaining)"</label>
                <textarea id=aloud_id rows="2" data-testid="draft-statement-read-aloud" prop:value=statement.read_aloud
                    on:input=move |ev| set(|s, v| s.read_aloud = v, event_target_value(&ev))></textarea>
                {problem_at(form, DraftPlace::StatementReadAloud(band, i))}
            </div>
            <fieldset class="picture-choice" id=picture_id tabindex="-1">
                <legend>"Picture"</legend>
                {STATEMENT_PICTURES.into_iter().map(|name| view! {
                    <label class="picture-option" title=picture_words(name)>
                        <input type="radio" name=group.clone() value=name prop:checked={chosen == name}
                            data-testid=format!("draft-picture-{name}")
                            on:change=move |_| set(|s, v| s.picture = v, name.to_string())/>
                        <Icon svg=statement_icon(name)/>
                        <span class="picture-name">{picture_words(name)}</span>
                    </label>
                }).collect_view()}
                {problem_at(form, DraftPlace::StatementPicture(band, i))}
            </fieldset>
            {item_buttons(format!("statement {}", i + 1), i, count, move |change| form.restructure(|c| {
                if let Some(v) = statements_mut(c, band) { apply(v, i, change) }
            }))}
        </li>
    }
}

#[component]
fn SectionFields(form: DraftForm) -> impl IntoView {
    let (intro, sections) = form.content.with_untracked(|c| match c {
        AgreementContent::Sections(doc) => (doc.intro.clone(), doc.sections.clone()),
        AgreementContent::Pupil(_) => (String::new(), Vec::new()),
    });
    let count = sections.len();
    let add = move |_| {
        form.restructure(|c| {
            if let Some(v) = sections_mut(c) {
                v.push(Section {
                    heading: String::new(),
                    points: vec![String::new()],
                });
            }
        })
    };
    view! {
        <div class="field">
            <label for="draft-intro">"Introduction (a sentence or two before the sections)"</label>
            <textarea id="draft-intro" rows="3" data-testid="draft-intro" prop:value=intro
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    form.edit(|c| if let AgreementContent::Sections(doc) = c { doc.intro = v });
                }></textarea>
            {problem_at(form, DraftPlace::Intro)}
        </div>
        <ol class="draft-list">
            {sections.into_iter().enumerate().map(|(i, s)| view! {
                <SectionItem form=form i=i count=count section=s/>
            }).collect_view()}
        </ol>
        <p><button type="button" class="button" id=field_id(DraftPlace::Sections) data-testid="draft-add-section" on:click=add>"Add a section"</button></p>
        {problem_at(form, DraftPlace::Sections)}
    }
}

#[component]
fn SectionItem(form: DraftForm, i: usize, count: usize, section: Section) -> impl IntoView {
    let with_section = move |f: Box<dyn FnOnce(&mut Section)>, shape: bool| {
        let change = move |c: &mut AgreementContent| {
            if let Some(s) = sections_mut(c).and_then(|v| v.get_mut(i)) {
                f(s)
            }
        };
        if shape {
            form.restructure(change)
        } else {
            form.edit(change)
        }
    };
    let heading_id = field_id(DraftPlace::Heading(i));
    let points = section.points.len();
    view! {
        <li class="draft-item" data-testid="draft-section">
            <div class="field">
                <label for=heading_id.clone()>{format!("Section {} heading", i + 1)}</label>
                <input id=heading_id type="text" autocomplete="off" data-testid="draft-heading" prop:value=section.heading
                    on:input=move |ev| { let v = event_target_value(&ev); with_section(Box::new(move |s| s.heading = v), false) }/>
                {problem_at(form, DraftPlace::Heading(i))}
            </div>
            <ol class="draft-points">
                {section.points.into_iter().enumerate().map(|(j, p)| {
                    let id = field_id(DraftPlace::Point(i, j));
                    view! {
                        <li>
                            <label for=id.clone()>{format!("Point {}", j + 1)}</label>
                            <textarea id=id rows="2" data-testid="draft-point" prop:value=p
                                on:input=move |ev| {
                                    let v = event_target_value(&ev);
                                    with_section(Box::new(move |s| if let Some(p) = s.points.get_mut(j) { *p = v }), false)
                                }></textarea>
                            {problem_at(form, DraftPlace::Point(i, j))}
                            {item_buttons(format!("point {}", j + 1), j, points, move |change| {
                                with_section(Box::new(move |s| apply(&mut s.points, j, change)), true)
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            <p><button type="button" class="button" id=field_id(DraftPlace::Points(i))
                on:click=move |_| with_section(Box::new(|s| s.points.push(String::new())), true)>"Add a point"</button></p>
            {problem_at(form, DraftPlace::Points(i))}
            {item_buttons(format!("section {}", i + 1), i, count, move |change| form.restructure(|c| {
                if let Some(v) = sections_mut(c) { apply(v, i, change) }
            }))}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_move_and_go_only_within_the_list() {
        let mut v = vec![1, 2, 3];
        apply(&mut v, 0, Change::Up);
        assert_eq!(v, [1, 2, 3]);
        apply(&mut v, 0, Change::Down);
        assert_eq!(v, [2, 1, 3]);
        apply(&mut v, 2, Change::Down);
        assert_eq!(v, [2, 1, 3]);
        apply(&mut v, 2, Change::Up);
        assert_eq!(v, [2, 3, 1]);
        apply(&mut v, 1, Change::Remove);
        assert_eq!(v, [2, 1]);
        apply(&mut v, 5, Change::Remove);
        assert_eq!(v, [2, 1]);
    }

    #[test]
    fn problems_read_as_sentences() {
        let p = |problem: &str| DraftProblem {
            place: DraftPlace::Intro,
            error: kite_protocol::ValidationError::new("intro", problem),
        };
        assert_eq!(in_words(&p("is empty")), "This is empty: please write it.");
        assert_eq!(
            in_words(&p("is 301 characters; the most is 300")),
            "This is 301 characters; the most is 300."
        );
        assert_eq!(
            in_words(&p("KS1 has no statements")),
            "KS1 has no statements."
        );
        assert_eq!(picture_words("school_device"), "School device");
    }
}

//! A drawing pad for touch and mouse (pointer events). The picture is a bounded PNG; it leaves the
//! pad only when the child sends, and is cleared with everything else on quick exit.

use kite_protocol::limits::MAX_DRAWING_BASE64;
use leptos::html::Canvas;
use leptos::prelude::*;

use crate::i18n::t;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, PointerEvent};

/// The canvas's own pixel size: small enough that the PNG stays within the protocol's limit.
const WIDTH: u32 = 480;
const HEIGHT: u32 = 360;

/// Pen colours: (colour, CSS class, name read out in the tablet's language).
fn colours() -> [(&'static str, &'static str, &'static str); 5] {
    [
        ("#1f2933", "colour-ink", t("Black")),
        ("#1f5f9e", "colour-blue", t("Blue")),
        ("#2f7d5b", "colour-green", t("Green")),
        ("#5b3aa6", "colour-purple", t("Purple")),
        ("#c25e00", "colour-orange", t("Orange")),
    ]
}

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten()?.dyn_into().ok()
}

/// The drawing as base64 PNG, halved in size until it fits the protocol's limit, so a busy
/// picture is sent smaller rather than refused.
fn png_within_limit(canvas: &HtmlCanvasElement) -> Option<String> {
    let mut source = canvas.clone();
    for _ in 0..4 {
        let url = source.to_data_url_with_type("image/png").ok()?;
        let png = url.strip_prefix("data:image/png;base64,")?.to_owned();
        if png.len() <= MAX_DRAWING_BASE64 {
            return Some(png);
        }
        let smaller: HtmlCanvasElement = web_sys::window()?
            .document()?
            .create_element("canvas")
            .ok()?
            .dyn_into()
            .ok()?;
        smaller.set_width((source.width() / 2).max(1));
        smaller.set_height((source.height() / 2).max(1));
        context(&smaller)?
            .draw_image_with_html_canvas_element_and_dw_and_dh(
                &source,
                0.0,
                0.0,
                smaller.width() as f64,
                smaller.height() as f64,
            )
            .ok()?;
        source = smaller;
    }
    None
}

/// Canvas coordinates for a pointer event, whatever size the canvas is shown at.
fn point(canvas: &HtmlCanvasElement, ev: &PointerEvent) -> (f64, f64) {
    let rect = canvas.get_bounding_client_rect();
    let x = (ev.client_x() as f64 - rect.left()) * WIDTH as f64 / rect.width().max(1.0);
    let y = (ev.client_y() as f64 - rect.top()) * HEIGHT as f64 / rect.height().max(1.0);
    (x, y)
}

/// `on_change` gets the PNG as base64 after each stroke, or `None` when cleared.
#[component]
pub fn DrawingPad(on_change: Callback<Option<String>>) -> impl IntoView {
    let canvas_ref = NodeRef::<Canvas>::new();
    let drawing = StoredValue::new(false);
    let colour = RwSignal::new(colours()[0].0);

    let start = move |ev: PointerEvent| {
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        let Some(ctx) = context(&canvas) else { return };
        let _ = canvas.set_pointer_capture(ev.pointer_id());
        let (x, y) = point(&canvas, &ev);
        ctx.set_stroke_style_str(colour.get_untracked());
        ctx.set_line_width(6.0);
        ctx.set_line_cap("round");
        ctx.set_line_join("round");
        ctx.begin_path();
        ctx.move_to(x, y);
        ctx.line_to(x + 0.1, y + 0.1);
        ctx.stroke();
        drawing.set_value(true);
    };
    let draw = move |ev: PointerEvent| {
        if !drawing.get_value() {
            return;
        }
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        let Some(ctx) = context(&canvas) else { return };
        let (x, y) = point(&canvas, &ev);
        ctx.line_to(x, y);
        ctx.stroke();
    };
    let finish = move |_: PointerEvent| {
        if !drawing.get_value() {
            return;
        }
        drawing.set_value(false);
        let Some(canvas) = canvas_ref.get() else {
            return;
        };
        on_change.run(png_within_limit(&canvas));
    };
    let clear = move |_| {
        if let Some(canvas) = canvas_ref.get() {
            if let Some(ctx) = context(&canvas) {
                ctx.clear_rect(0.0, 0.0, WIDTH as f64, HEIGHT as f64);
            }
        }
        on_change.run(None);
    };

    view! {
        <div class="drawing">
            <canvas
                class="drawing-pad"
                node_ref=canvas_ref
                width=WIDTH
                height=HEIGHT
                aria-label=t("Drawing space. Draw with your finger.")
                data-testid="drawing-pad"
                on:pointerdown=start
                on:pointermove=draw
                on:pointerup=finish
                on:pointercancel=finish
            ></canvas>
            <div class="row">
                <div class="colours" role="group" aria-label=t("Pen colour")>
                    {colours()
                        .into_iter()
                        .map(|(hex, class, name)| {
                            view! {
                                <button
                                    type="button"
                                    class=format!("colour {class}")
                                    aria-label=name
                                    aria-pressed=move || (colour.get() == hex).to_string()
                                    on:click=move |_| colour.set(hex)
                                ></button>
                            }
                        })
                        .collect_view()}
                </div>
                <button type="button" class="button button-quiet" on:click=clear>
                    {t("Start again")}
                </button>
            </div>
        </div>
    }
}

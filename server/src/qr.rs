//! QR codes drawn by Kite itself, as SVG to put in a page as it is: dark modules on white with
//! the quiet zone, scaled by the page. Drawn on the server so what they encode (a two-step
//! secret, a parent's letter code) goes to no outside service and the app carries no QR library.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// `text` as a QR code; empty when it is too long for one (then the page shows the text alone).
pub fn svg(text: &str) -> String {
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map(|code| {
            code.render::<svg::Color<'_>>()
                .min_dimensions(200, 200)
                .dark_color(svg::Color("#000000"))
                .light_color(svg::Color("#ffffff"))
                .build()
        })
        .unwrap_or_default()
}

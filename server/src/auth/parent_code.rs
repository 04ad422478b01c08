//! The codes on parents' letters, as the server keeps them: an HMAC-SHA256 keyed with a key
//! derived from the server's own secret key, never the code and never a bare hash, so a copied
//! `parent_codes` table alone can't be used to try codes against. And when a code stops opening
//! anything: at the end of the school year it was printed in (31 August), or once the child's
//! leaving day has passed.
//!
//! Earlier versions stored a bare SHA-256. Those codes can't be re-hashed without the code
//! itself, so a code not found under its keyed hash is looked up under the old one, and when it
//! is found its row is re-keyed: from then on only the keyed hash is kept. Every such code ends
//! with its school year anyway.

use hmac::{Hmac, Mac};
use kite_protocol::sealed::SecretKey;
use sha2::Sha256;
use time::{Date, Month};

use crate::calendar;

/// What the server's secret key is mixed with to make the codes' key: a key used for nothing else.
const PURPOSE: &[u8] = b"kite parent letter codes v1";

/// The hash a code is stored and looked up by. `code` is normalised
/// ([`kite_protocol::parents::normalise_parent_code`]).
pub fn keyed_hash(server_key: &SecretKey, code: &str) -> Vec<u8> {
    let mut derive = Hmac::<Sha256>::new_from_slice(&server_key.to_bytes()).expect("any key size");
    derive.update(PURPOSE);
    let codes_key = derive.finalize().into_bytes();
    let mut mac = Hmac::<Sha256>::new_from_slice(&codes_key).expect("any key size");
    mac.update(code.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// The last day a code printed on `issued_ms` opens the parents' page: 31 August, the end of
/// the school year it was printed in.
pub fn last_day(issued_ms: i64) -> Date {
    let issued = calendar::date(issued_ms);
    let year = if issued.month() >= Month::September {
        issued.year() + 1
    } else {
        issued.year()
    };
    calendar::ymd(year, 8, 31).expect("31 August exists")
}

/// Whether a code printed on `issued_ms` still opens the page on `now_ms`'s day, for a child
/// leaving on `leaving_on` (`YYYY-MM-DD`, if the school set one).
pub fn still_open(issued_ms: i64, leaving_on: Option<&str>, now_ms: i64) -> bool {
    let today = calendar::date(now_ms);
    let left = leaving_on
        .and_then(calendar::parse_iso)
        .is_some_and(|leaving| today > leaving);
    today <= last_day(issued_ms) && !left
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(y: i32, m: u8, d: u8) -> i64 {
        calendar::start_ms(calendar::ymd(y, m, d).unwrap()) + 10 * 3_600_000
    }

    #[test]
    fn a_code_lasts_to_the_end_of_the_school_year_it_was_printed_in() {
        assert!(still_open(ms(2026, 9, 3), None, ms(2027, 8, 31)));
        assert!(!still_open(ms(2026, 9, 3), None, ms(2027, 9, 1)));
        // Printed in the summer term: that school year ends on 31 August.
        assert!(!still_open(ms(2027, 6, 20), None, ms(2027, 9, 1)));
        assert!(still_open(ms(2027, 6, 20), None, ms(2027, 8, 31)));
    }

    #[test]
    fn a_code_ends_after_the_childs_leaving_day() {
        let issued = ms(2026, 9, 3);
        assert!(still_open(issued, Some("2026-12-18"), ms(2026, 12, 18)));
        assert!(!still_open(issued, Some("2026-12-18"), ms(2026, 12, 19)));
    }

    #[test]
    fn the_hash_is_keyed_by_the_servers_key() {
        let a = kite_protocol::sealed::generate_secret_key();
        let b = kite_protocol::sealed::generate_secret_key();
        assert_eq!(
            keyed_hash(&a, "KT7M9QXH2PDA"),
            keyed_hash(&a, "KT7M9QXH2PDA")
        );
        assert_ne!(
            keyed_hash(&a, "KT7M9QXH2PDA"),
            keyed_hash(&b, "KT7M9QXH2PDA")
        );
    }
}

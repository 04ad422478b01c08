//! The keyed hash a picture code is kept as. The key is derived from the school's secret key, so
//! a copy of the database alone can't be searched for codes (there are only 331,776 of them:
//! an unkeyed hash would be no protection), and a code made at one school means nothing at
//! another, whose key differs.

use hmac::{Hmac, Mac};
use kite_protocol::answer::AnswerCode;
use kite_protocol::sealed::SecretKey;
use sha2::Sha256;

/// Says what the derived key is for, so it can never equal a key derived for something else.
const PURPOSE: &[u8] = b"kite answer codes v1";
/// The same for the key reply tickets are made with.
const TICKET_PURPOSE: &[u8] = b"kite answer reply tickets v1";

fn keyed(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// What the server stores for `code`, and looks it up by.
pub fn code_hash(secret_key: &SecretKey, code: &AnswerCode) -> String {
    let key = keyed(&secret_key.to_bytes(), PURPOSE);
    keyed(&key, &code.0)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The ticket a child's reply to an answer carries, made from the stored hash of their code.
/// Only this server can make it or tell which record it belongs to (by making the tickets of
/// the answers still in date and finding the one that matches), and it shows the tablet nothing
/// of the code or the record. Another school's tickets never match here.
pub fn reply_ticket(secret_key: &SecretKey, code_hash: &str) -> String {
    let key = keyed(&secret_key.to_bytes(), TICKET_PURPOSE);
    keyed(&key, code_hash.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use kite_protocol::sealed::generate_secret_key;

    #[test]
    fn the_hash_depends_on_the_code_and_the_schools_key() {
        let (a, b) = (generate_secret_key(), generate_secret_key());
        let code = AnswerCode([1, 2, 3, 4]);
        assert_eq!(code_hash(&a, &code), code_hash(&a, &code));
        assert_ne!(
            code_hash(&a, &code),
            code_hash(&a, &AnswerCode([4, 3, 2, 1]))
        );
        assert_ne!(code_hash(&a, &code), code_hash(&b, &code));
        assert_eq!(code_hash(&a, &code).len(), 64);
    }

    #[test]
    fn a_ticket_is_neither_the_code_nor_its_hash_and_differs_by_school() {
        let (a, b) = (generate_secret_key(), generate_secret_key());
        let hash = code_hash(&a, &AnswerCode([1, 2, 3, 4]));
        let ticket = reply_ticket(&a, &hash);
        assert_eq!(ticket.len(), kite_protocol::child_reply::TICKET_CHARS);
        assert_eq!(ticket, reply_ticket(&a, &hash));
        assert_ne!(ticket, hash);
        assert_ne!(ticket, reply_ticket(&b, &hash));
    }
}

//! The outbox in IndexedDB. Items are already sealed to the school's key when they get here, so
//! the browser's storage holds nothing a person on the tablet could read. Writes use
//! `durability: "strict"`: the transaction completes only once the item is on disk.

use js_sys::{Array, Function, Object, Promise, Reflect};
use kite_protocol::sync::{ItemKind, SyncItem};
use kite_sync::StoreError;
use uuid::Uuid;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStoreParameters, IdbRequest, IdbTransaction};

const DB_NAME: &str = "kite";
const DB_VERSION: u32 = 1;
const STORE: &str = "outbox";

pub struct IdbOutbox {
    db: IdbDatabase,
}

fn js_err(context: &str, err: JsValue) -> StoreError {
    let detail = err
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| err.as_string())
        .unwrap_or_else(|| "unknown error".into());
    StoreError(format!("{context}: {detail}"))
}

/// Resolves when the request succeeds, with its result.
async fn request(req: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        req.set_onsuccess(Some(&resolve));
        req.set_onerror(Some(&reject));
    });
    JsFuture::from(promise).await?;
    req.result()
}

/// Resolves when the transaction has committed (for strict durability: flushed to disk).
async fn committed(tx: &IdbTransaction) -> Result<(), JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onerror(Some(&reject));
        tx.set_onabort(Some(&reject));
    });
    JsFuture::from(promise).await.map(|_| ())
}

/// One queued item as stored: the wire item plus when it was queued and whether it is held.
struct Record {
    item: SyncItem,
    queued_at: f64,
    held: Option<String>,
}

impl Record {
    fn to_js(&self) -> Result<JsValue, JsValue> {
        let o = Object::new();
        Reflect::set(&o, &"id".into(), &self.item.id.to_string().into())?;
        Reflect::set(&o, &"kind".into(), &self.item.kind.as_str().into())?;
        Reflect::set(&o, &"sealed".into(), &self.item.sealed.as_str().into())?;
        Reflect::set(&o, &"queuedAt".into(), &self.queued_at.into())?;
        if let Some(code) = &self.item.answer_code {
            let pictures: Array = code.0.iter().map(|p| JsValue::from(*p)).collect();
            Reflect::set(&o, &"answerCode".into(), &pictures)?;
        }
        let held = self
            .held
            .as_deref()
            .map(JsValue::from)
            .unwrap_or(JsValue::NULL);
        Reflect::set(&o, &"held".into(), &held)?;
        Ok(o.into())
    }

    fn from_js(value: &JsValue) -> Option<Self> {
        let get = |k: &str| Reflect::get(value, &k.into()).ok();
        let id = Uuid::parse_str(&get("id")?.as_string()?).ok()?;
        // Every kind the protocol knows ("report", "lesson_done"); anything else is skipped.
        let kind = ItemKind::parse(&get("kind")?.as_string()?)?;
        Some(Record {
            item: SyncItem {
                id,
                kind,
                sealed: get("sealed")?.as_string()?,
                answer_code: get("answerCode").and_then(|v| answer_code_from_js(&v)),
            },
            queued_at: get("queuedAt")?.as_f64().unwrap_or(0.0),
            held: get("held").and_then(|h| h.as_string()),
        })
    }
}

/// A stored picture code: four numbers, or nothing (an item from before codes, or none asked).
fn answer_code_from_js(value: &JsValue) -> Option<kite_protocol::answer::AnswerCode> {
    if !Array::is_array(value) {
        return None;
    }
    let numbers: Vec<u8> = Array::from(value)
        .iter()
        .map(|n| n.as_f64().map(|f| f as u8))
        .collect::<Option<_>>()?;
    Some(kite_protocol::answer::AnswerCode(numbers.try_into().ok()?))
}

impl IdbOutbox {
    pub async fn open() -> Result<Self, StoreError> {
        let factory = web_sys::window()
            .and_then(|w| w.indexed_db().ok().flatten())
            .ok_or_else(|| StoreError("this browser has no IndexedDB".into()))?;
        let open = factory
            .open_with_u32(DB_NAME, DB_VERSION)
            .map_err(|e| js_err("opening the outbox", e))?;
        let for_upgrade = open.clone();
        let on_upgrade = wasm_bindgen::closure::Closure::once(move |_: web_sys::Event| {
            if let Ok(db) = for_upgrade.result() {
                let db: IdbDatabase = db.unchecked_into();
                let params = IdbObjectStoreParameters::new();
                params.set_key_path(&JsValue::from_str("id"));
                let _ = db.create_object_store_with_optional_parameters(STORE, &params);
            }
        });
        open.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
        let db = request(&open)
            .await
            .map_err(|e| js_err("opening the outbox", e))?;
        open.set_onupgradeneeded(None);
        drop(on_upgrade);
        Ok(Self {
            db: db.unchecked_into(),
        })
    }

    /// `db.transaction(store, mode, { durability: "strict" })`, called through Reflect because
    /// web-sys gates the options argument behind unstable APIs.
    fn transaction(&self, mode: &str) -> Result<IdbTransaction, StoreError> {
        let options = Object::new();
        Reflect::set(&options, &"durability".into(), &"strict".into())
            .map_err(|e| js_err("transaction options", e))?;
        let method: Function = Reflect::get(&self.db, &"transaction".into())
            .map_err(|e| js_err("transaction", e))?
            .unchecked_into();
        method
            .call3(&self.db, &STORE.into(), &mode.into(), &options)
            .map_err(|e| js_err("starting a transaction", e))
            .map(JsCast::unchecked_into)
    }

    async fn all(&self) -> Result<Vec<Record>, StoreError> {
        let tx = self.transaction("readonly")?;
        let store = tx.object_store(STORE).map_err(|e| js_err("outbox", e))?;
        let req = store
            .get_all()
            .map_err(|e| js_err("reading the outbox", e))?;
        let values: Array = request(&req)
            .await
            .map_err(|e| js_err("reading the outbox", e))?
            .unchecked_into();
        let mut records: Vec<Record> = values.iter().filter_map(|v| Record::from_js(&v)).collect();
        records.sort_by(|a, b| a.queued_at.total_cmp(&b.queued_at));
        Ok(records)
    }

    /// Adds an item; returns once it is durably stored. Only then may the app say "sent".
    pub async fn put(&self, item: SyncItem) -> Result<(), StoreError> {
        let record = Record {
            item,
            queued_at: js_sys::Date::now(),
            held: None,
        };
        self.write(|store| {
            store.put(&record.to_js()?)?;
            Ok(())
        })
        .await
    }

    async fn write(
        &self,
        work: impl FnOnce(&web_sys::IdbObjectStore) -> Result<(), JsValue>,
    ) -> Result<(), StoreError> {
        let tx = self.transaction("readwrite")?;
        let store = tx.object_store(STORE).map_err(|e| js_err("outbox", e))?;
        work(&store).map_err(|e| js_err("writing the outbox", e))?;
        committed(&tx)
            .await
            .map_err(|e| js_err("saving the outbox", e))
    }

    /// (waiting to send, held back by the server)
    pub async fn counts(&self) -> Result<(usize, usize), StoreError> {
        let all = self.all().await?;
        let held = all.iter().filter(|r| r.held.is_some()).count();
        Ok((all.len() - held, held))
    }

    pub async fn contains(&self, id: Uuid) -> Result<bool, StoreError> {
        Ok(self.all().await?.iter().any(|r| r.item.id == id))
    }

    /// The reasons the server gave for items it would not accept.
    pub async fn held_reasons(&self) -> Result<Vec<String>, StoreError> {
        Ok(self
            .all()
            .await?
            .into_iter()
            .filter_map(|r| r.held)
            .collect())
    }
}

impl kite_sync::Outbox for IdbOutbox {
    async fn waiting(&self, max: usize) -> Result<Vec<SyncItem>, StoreError> {
        Ok(self
            .all()
            .await?
            .into_iter()
            .filter(|r| r.held.is_none())
            .take(max)
            .map(|r| r.item)
            .collect())
    }

    async fn remove(&self, ids: &[Uuid]) -> Result<(), StoreError> {
        self.write(|store| {
            for id in ids {
                store.delete(&JsValue::from_str(&id.to_string()))?;
            }
            Ok(())
        })
        .await
    }

    async fn hold(&self, id: Uuid, reason: &str) -> Result<(), StoreError> {
        let Some(mut record) = self.all().await?.into_iter().find(|r| r.item.id == id) else {
            return Ok(());
        };
        record.held = Some(reason.to_string());
        self.write(|store| {
            store.put(&record.to_js()?)?;
            Ok(())
        })
        .await
    }
}

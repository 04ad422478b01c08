//! Size limits, in one place so the app's counters and the server's checks agree.

/// Characters a pupil may type about what happened.
pub const MAX_WORDS_CHARS: usize = 1000;
/// A drawing is a PNG sent as base64; this bounds the base64 text (about 150 KB of PNG).
pub const MAX_DRAWING_BASE64: usize = 200_000;
/// A web address from the filtering-breach question.
pub const MAX_WEB_ADDRESS_CHARS: usize = 500;
/// A first name or class name given by a pupil who chose to say who they are.
pub const MAX_NAME_CHARS: usize = 40;
/// Items in one sync request; the outbox sends larger queues in several batches.
pub const MAX_BATCH_ITEMS: usize = 25;
/// A sealed item's base64 text: the largest report plus the sealed box's overhead, with room.
pub const MAX_SEALED_ITEM: usize = 300_000;
/// The whole request body the server reads before answering 413.
pub const MAX_SYNC_BODY_BYTES: usize = 2 * 1024 * 1024;
/// A lesson id (the curriculum's slugs are far shorter).
pub const MAX_LESSON_ID_CHARS: usize = 64;
/// A class label set on a tablet or by a teacher, e.g. "Oak – Year 2".
pub const MAX_CLASS_LABEL_CHARS: usize = 60;

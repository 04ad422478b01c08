//! A concern any adult in school logs (`POST /api/v1/staff/concerns`): the children it is about,
//! what happened in the writer's words and the child's own words apart, how it came to light and
//! what the writer did already. The writer gets a receipt back, never the record: only DSLs read
//! records.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::limits::MAX_WEB_ADDRESS_CHARS;
use crate::staff::Category;
use crate::validate::{optional_text, required_text};
use crate::ValidationError;

/// What happened, what the child said and what the writer did: each at most this many characters.
pub const MAX_CONCERN_TEXT_CHARS: usize = 4000;
/// Where it happened, or a named tool or agency.
pub const MAX_CONCERN_SHORT_CHARS: usize = 200;
/// Children named in one concern.
pub const MAX_CONCERN_PUPILS: usize = 30;
/// Letters typed before the pupil picker searches.
pub const MIN_PUPIL_QUERY_CHARS: usize = 2;

/// A child's part in what happened.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Involvement {
    /// It happened to them.
    Affected,
    /// They took part in it.
    Involved,
    /// They saw or heard it.
    Witness,
}

impl Involvement {
    pub const ALL: [Involvement; 3] = [
        Involvement::Affected,
        Involvement::Involved,
        Involvement::Witness,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Involvement::Affected => "affected",
            Involvement::Involved => "involved",
            Involvement::Witness => "witness",
        }
    }

    pub fn parse(s: &str) -> Option<Involvement> {
        Involvement::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Involvement::Affected => "Affected",
            Involvement::Involved => "Involved",
            Involvement::Witness => "Witness",
        }
    }
}

/// A monitoring system that raised an alert.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MonitoringTool {
    Smoothwall,
    Impero,
    Lightspeed,
    Securly,
    Lgfl,
    /// Named in `tool_name`.
    Other,
}

impl MonitoringTool {
    pub const ALL: [MonitoringTool; 6] = [
        MonitoringTool::Smoothwall,
        MonitoringTool::Impero,
        MonitoringTool::Lightspeed,
        MonitoringTool::Securly,
        MonitoringTool::Lgfl,
        MonitoringTool::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MonitoringTool::Smoothwall => "smoothwall",
            MonitoringTool::Impero => "impero",
            MonitoringTool::Lightspeed => "lightspeed",
            MonitoringTool::Securly => "securly",
            MonitoringTool::Lgfl => "lgfl",
            MonitoringTool::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<MonitoringTool> {
        MonitoringTool::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            MonitoringTool::Smoothwall => "Smoothwall",
            MonitoringTool::Impero => "Impero",
            MonitoringTool::Lightspeed => "Lightspeed",
            MonitoringTool::Securly => "Securly",
            MonitoringTool::Lgfl => "LGfL",
            MonitoringTool::Other => "Another tool",
        }
    }
}

/// How the concern came to light.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CameToLight {
    SeenByMe,
    ChildToldMe,
    MonitoringAlert {
        tool: MonitoringTool,
        /// The tool's name when `tool` is `other`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tool_name: Option<String>,
        /// When the tool flagged it, if known (it may be days before a DSL acts on an alert).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        flagged_at_ms: Option<i64>,
        /// What the tool flagged, described ("a search about self-harm", "a message with a
        /// threat"): never the content itself copied. Required on a new concern; concerns
        /// written before it was asked for have none.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        flagged: Option<String>,
    },
    FilteringBreach {
        web_address: String,
    },
    Parent,
    AnotherAgency {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        agency: Option<String>,
    },
    Other {
        detail: String,
    },
}

impl CameToLight {
    /// The stored key the governors' figures count by (`reports.came_to_light`).
    pub fn key(&self) -> &'static str {
        match self {
            CameToLight::SeenByMe => "seen_by_me",
            CameToLight::ChildToldMe => "child_told_me",
            CameToLight::MonitoringAlert { .. } => "monitoring_alert",
            CameToLight::FilteringBreach { .. } => "filtering_breach",
            CameToLight::Parent => "parent",
            CameToLight::AnotherAgency { .. } => "other_agency",
            CameToLight::Other { .. } => "other",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            CameToLight::SeenByMe => "I saw or heard it",
            CameToLight::ChildToldMe => "A child told me",
            CameToLight::MonitoringAlert { .. } => "A monitoring alert",
            CameToLight::FilteringBreach { .. } => "A filtering breach",
            CameToLight::Parent => "A parent or carer",
            CameToLight::AnotherAgency { .. } => "Another agency",
            CameToLight::Other { .. } => "Another way",
        }
    }

    fn validate(&self, now_ms: i64) -> Result<(), ValidationError> {
        match self {
            CameToLight::MonitoringAlert {
                tool,
                tool_name,
                flagged_at_ms,
                flagged,
            } => {
                match (tool, tool_name) {
                    (MonitoringTool::Other, None) => {
                        return Err(ValidationError::new(
                            "came_to_light",
                            "name the monitoring tool that raised the alert",
                        ))
                    }
                    (MonitoringTool::Other, Some(n)) => {
                        required_text("tool_name", n, MAX_CONCERN_SHORT_CHARS)?
                    }
                    _ => optional_text("tool_name", tool_name, MAX_CONCERN_SHORT_CHARS)?,
                }
                if flagged_at_ms.is_some_and(|at| at > now_ms + 60_000 || at < 0) {
                    return Err(ValidationError::new(
                        "flagged_at_ms",
                        "is in the future; say when the tool flagged it",
                    ));
                }
                match flagged {
                    Some(f) if !f.trim().is_empty() => {
                        required_text("flagged", f, MAX_CONCERN_SHORT_CHARS)
                    }
                    _ => Err(ValidationError::new(
                        "flagged",
                        "say what the tool flagged, in a few words (not the content itself)",
                    )),
                }
            }
            CameToLight::FilteringBreach { web_address } => {
                if web_address.trim().is_empty() {
                    return Err(ValidationError::new(
                        "web_address",
                        "give the web address the filter let through",
                    ));
                }
                required_text("web_address", web_address, MAX_WEB_ADDRESS_CHARS)
            }
            CameToLight::AnotherAgency { agency } => {
                optional_text("agency", agency, MAX_CONCERN_SHORT_CHARS)
            }
            CameToLight::Other { detail } => {
                if detail.trim().is_empty() {
                    return Err(ValidationError::new(
                        "came_to_light",
                        "say how it came to light",
                    ));
                }
                required_text("came_to_light", detail, MAX_CONCERN_SHORT_CHARS)
            }
            _ => Ok(()),
        }
    }
}

/// A child the concern is about, and their part in it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConcernPupil {
    pub pupil_id: i64,
    pub involvement: Involvement,
}

/// `POST /api/v1/staff/concerns`. `id` is made on the device when the form is first typed into,
/// so sending it again (after a lost connection) never makes a second record.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewConcern {
    pub id: Uuid,
    pub pupils: Vec<ConcernPupil>,
    /// When it happened, if earlier than now; `None` means when it is sent.
    #[serde(default)]
    pub happened_at_ms: Option<i64>,
    /// Where it happened (a room, the playground, an app).
    #[serde(default)]
    pub place: Option<String>,
    /// What happened: facts, in the writer's words.
    pub what_happened: String,
    /// What the child said, in their own words.
    #[serde(default)]
    pub child_words: Option<String>,
    pub category: Category,
    pub came_to_light: CameToLight,
    /// What the writer did already.
    #[serde(default)]
    pub action_taken: Option<String>,
    /// The writer has told a DSL in person: required when urgent.
    #[serde(default)]
    pub told_dsl: bool,
    pub urgent: bool,
}

impl NewConcern {
    /// Checks everything but whether the pupils exist (the server does that). `now_ms` bounds
    /// back-dating: a concern can't have happened in the future.
    pub fn validate(&self, now_ms: i64) -> Result<(), ValidationError> {
        if self.pupils.is_empty() {
            return Err(ValidationError::new(
                "pupils",
                "choose at least one child the concern is about",
            ));
        }
        if self.pupils.len() > MAX_CONCERN_PUPILS {
            return Err(ValidationError::new(
                "pupils",
                format!("name at most {MAX_CONCERN_PUPILS} children in one concern"),
            ));
        }
        for (i, p) in self.pupils.iter().enumerate() {
            if self.pupils[..i].iter().any(|q| q.pupil_id == p.pupil_id) {
                return Err(ValidationError::new(
                    "pupils",
                    "a child is named twice; name each child once",
                ));
            }
        }
        if let Some(at) = self.happened_at_ms {
            // A minute's grace for a device clock a little ahead of the server's.
            if at > now_ms + 60_000 {
                return Err(ValidationError::new(
                    "happened_at_ms",
                    "is in the future; say when it happened",
                ));
            }
            if at < 0 {
                return Err(ValidationError::new("happened_at_ms", "is before 1970"));
            }
        }
        optional_text("place", &self.place, MAX_CONCERN_SHORT_CHARS)?;
        if self.what_happened.trim().is_empty() {
            return Err(ValidationError::new(
                "what_happened",
                "say what happened: what you saw or heard",
            ));
        }
        required_text("what_happened", &self.what_happened, MAX_CONCERN_TEXT_CHARS)?;
        optional_text("child_words", &self.child_words, MAX_CONCERN_TEXT_CHARS)?;
        optional_text("action_taken", &self.action_taken, MAX_CONCERN_TEXT_CHARS)?;
        self.came_to_light.validate(now_ms)?;
        if self.urgent && !self.told_dsl {
            return Err(ValidationError::new(
                "told_dsl",
                "an urgent concern needs a DSL told in person now: find them (or a deputy), \
                 then tick \"I have told a DSL in person\"",
            ));
        }
        Ok(())
    }
}

/// A validation error as the person writing should read it: the box's name and what to do.
pub fn message(err: &ValidationError) -> String {
    let label = match err.field {
        "pupils" => "The children",
        "happened_at_ms" => "When it happened",
        "place" => "Where",
        "what_happened" => "What happened",
        "child_words" => "The child's own words",
        "action_taken" => "What you did",
        "web_address" => "The web address",
        "tool_name" => "The tool's name",
        "flagged" => "What the tool flagged",
        "flagged_at_ms" => "When the tool flagged it",
        "agency" => "The agency",
        "came_to_light" => "How it came to light",
        "told_dsl" => "Telling a DSL",
        other => other,
    };
    // The general text checks say "is empty", "is 4001 characters…": they need the box's name.
    if err.problem.starts_with("is ") || err.problem.starts_with("contains ") {
        format!("{label} {}", err.problem)
    } else {
        let mut p = err.problem.clone();
        if let Some(first) = p.get(0..1) {
            p.replace_range(0..1, &first.to_uppercase());
        }
        p
    }
}

/// What the writer gets back: that it arrived, when, and a reference to quote to the DSL.
/// Nothing of what they wrote.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConcernReceipt {
    /// Short, to read out or write down (the first characters of the record's id, upper case).
    pub reference: String,
    pub received_at_ms: i64,
}

impl ConcernReceipt {
    /// The reference for a record's id.
    pub fn reference_for(id: &Uuid) -> String {
        id.simple().to_string()[..8].to_uppercase()
    }
}

/// A concern as stored and as the DSL reads it: what was sent, and who wrote it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffConcern {
    pub concern: NewConcern,
    /// The writer's name and role, as they were when it was written.
    pub written_by: String,
    /// The children, as "Amira B. (Hedgehogs)", in the order the writer named them.
    pub pupils: Vec<ConcernPupilName>,
    /// When it happened: the writer's time, or when it was sent.
    pub happened_at_ms: i64,
}

/// A named child of a concern, for the DSL.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConcernPupilName {
    pub pupil_id: i64,
    pub name: String,
    pub involvement: Involvement,
}

/// `GET /api/v1/staff/concerns/pupils?q=`: a current pupil of any class, as the picker shows them.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PupilChoice {
    pub id: i64,
    pub first_name: String,
    pub last_initial: String,
    pub class_name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_764_000_000_000;

    fn concern() -> NewConcern {
        NewConcern {
            id: Uuid::new_v4(),
            pupils: vec![ConcernPupil {
                pupil_id: 1,
                involvement: Involvement::Affected,
            }],
            happened_at_ms: None,
            place: Some("The library".into()),
            what_happened: "Saw a message on a tablet asking for a photo.".into(),
            child_words: Some("He said not to tell anyone".into()),
            category: Category::Contact,
            came_to_light: CameToLight::SeenByMe,
            action_taken: None,
            told_dsl: false,
            urgent: false,
        }
    }

    fn field(c: &NewConcern) -> &'static str {
        c.validate(NOW).unwrap_err().field
    }

    #[test]
    fn a_plain_concern_is_accepted() {
        concern().validate(NOW).unwrap();
    }

    #[test]
    fn urgent_needs_a_dsl_told_in_person() {
        let mut c = concern();
        c.urgent = true;
        let err = c.validate(NOW).unwrap_err();
        assert_eq!(err.field, "told_dsl");
        assert!(err.problem.contains("told a DSL in person"), "{err}");
        assert!(message(&err).starts_with("An urgent concern needs a DSL told"));
        c.told_dsl = true;
        c.validate(NOW).unwrap();
    }

    #[test]
    fn it_names_children_once_each_and_says_what_happened() {
        let mut c = concern();
        c.pupils.clear();
        assert_eq!(field(&c), "pupils");
        let mut c = concern();
        c.pupils.push(c.pupils[0].clone());
        assert_eq!(field(&c), "pupils");
        let mut c = concern();
        c.what_happened = "  ".into();
        assert_eq!(field(&c), "what_happened");
        let mut c = concern();
        c.child_words = Some("x".repeat(MAX_CONCERN_TEXT_CHARS + 1));
        assert_eq!(field(&c), "child_words");
    }

    #[test]
    fn back_dating_is_allowed_but_not_the_future() {
        let mut c = concern();
        c.happened_at_ms = Some(NOW - 86_400_000);
        c.validate(NOW).unwrap();
        c.happened_at_ms = Some(NOW + 3_600_000);
        assert_eq!(field(&c), "happened_at_ms");
    }

    #[test]
    fn how_it_came_to_light_carries_what_the_dsl_needs() {
        let mut c = concern();
        c.came_to_light = CameToLight::FilteringBreach {
            web_address: " ".into(),
        };
        assert_eq!(field(&c), "web_address");
        c.came_to_light = CameToLight::MonitoringAlert {
            tool: MonitoringTool::Other,
            tool_name: None,
            flagged_at_ms: None,
            flagged: Some("A search".into()),
        };
        assert_eq!(field(&c), "came_to_light");
        // What the tool flagged is needed, and when it flagged it can't be ahead.
        c.came_to_light = CameToLight::MonitoringAlert {
            tool: MonitoringTool::Impero,
            tool_name: None,
            flagged_at_ms: None,
            flagged: Some(" ".into()),
        };
        assert_eq!(field(&c), "flagged");
        c.came_to_light = CameToLight::MonitoringAlert {
            tool: MonitoringTool::Impero,
            tool_name: None,
            flagged_at_ms: Some(NOW + 3_600_000),
            flagged: Some("A search about self-harm".into()),
        };
        assert_eq!(field(&c), "flagged_at_ms");
        c.came_to_light = CameToLight::MonitoringAlert {
            tool: MonitoringTool::Impero,
            tool_name: None,
            flagged_at_ms: Some(NOW - 86_400_000),
            flagged: Some("A search about self-harm".into()),
        };
        c.validate(NOW).unwrap();
        let json = serde_json::to_value(&c.came_to_light).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "monitoring_alert", "tool": "impero",
                "flagged_at_ms": NOW - 86_400_000, "flagged": "A search about self-harm"})
        );
        // A concern stored before these were asked for still reads.
        let old: CameToLight = serde_json::from_value(
            serde_json::json!({"kind": "monitoring_alert", "tool": "impero"}),
        )
        .unwrap();
        assert!(matches!(
            old,
            CameToLight::MonitoringAlert { flagged: None, .. }
        ));
    }

    #[test]
    fn names_round_trip_and_the_reference_is_short() {
        for i in Involvement::ALL {
            assert_eq!(Involvement::parse(i.as_str()), Some(i));
            assert_eq!(serde_json::to_value(i).unwrap(), i.as_str());
        }
        for t in MonitoringTool::ALL {
            assert_eq!(MonitoringTool::parse(t.as_str()), Some(t));
            assert_eq!(serde_json::to_value(t).unwrap(), t.as_str());
        }
        let id = Uuid::parse_str("7d4c0d5e-2f5b-4c8e-9a31-3f3c1d2b0a11").unwrap();
        assert_eq!(ConcernReceipt::reference_for(&id), "7D4C0D5E");
    }
}

// Classes, pupils and agreements written straight into a test server's SQLite file, and reads
// of what the server stored. The pupils' side of issue 6 makes these through its own screens;
// the parents' tests only need them to exist. Uses Python's sqlite3 (no npm package needed).
import { execFileSync } from "node:child_process";
import { join } from "node:path";

const PY = `
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=10)
db.execute("PRAGMA foreign_keys = ON")
steps = json.loads(sys.stdin.read())
out = []
for sql, params in steps:
    cur = db.execute(sql, params)
    out.append([list(r) for r in cur.fetchall()])
db.commit()
print(json.dumps(out))
`;

/** Runs [sql, params] steps in one transaction; returns each step's rows. */
export function sql(server, steps) {
  const out = execFileSync("python3", ["-c", PY, join(server.dataDir, "kite.db")], {
    input: JSON.stringify(steps), encoding: "utf8",
  });
  return JSON.parse(out);
}

/** One query's rows. */
export const rows = (server, query, params = []) => sql(server, [[query, params]])[0];

/**
 * A class with pupils (first name and last initial), taught by the staff member with this email;
 * returns { classId, pupils: { firstName: id } }.
 */
export function seedClass(server, { name, band, teacherEmail, pupils }) {
  const [[classId]] = rows(server,
    "INSERT INTO classes (name, band, created_at_ms) VALUES (?, ?, 0) RETURNING id", [name, band]);
  const ids = {};
  for (const [first, initial] of pupils) {
    ids[first] = rows(server,
      "INSERT INTO pupils (class_id, first_name, last_initial, symbol, created_at_ms) VALUES (?, ?, ?, 'green-owl', 0) RETURNING id",
      [classId, first, initial])[0][0];
  }
  if (teacherEmail) {
    rows(server,
      "INSERT INTO class_teachers (class_id, staff_id) SELECT ?, id FROM staff WHERE email = ?",
      [classId, teacherEmail]);
  }
  return { classId, pupils: ids };
}

/** Publishes the next version of an agreement kind with this content; returns the version. */
export function publish(server, kind, content) {
  return rows(server,
    `INSERT INTO agreement_versions (kind, version, content, published_at_ms)
     SELECT ?1, COALESCE(MAX(version), 0) + 1, ?2, 0 FROM agreement_versions WHERE kind = ?1
     RETURNING version`, [kind, JSON.stringify(content)])[0][0];
}

/** Agreements in the pupils' side's stored shapes, in case the server ships none. */
export const PUPIL_AUP = {
  type: "pupil",
  eyfs: [{ text: "I ask a grown-up before I go online", read_aloud: "I ask a grown-up before I go online.", picture: "ask_adult" }],
  ks1: [
    { text: "I ask a grown-up before I go online", read_aloud: "I ask a grown-up before I go online.", picture: "ask_adult" },
    { text: "I am kind online", read_aloud: "I am kind online, like I am at school.", picture: "kind_words" },
    { text: "I tell a grown-up if something worries me", read_aloud: "I tell a grown-up if something online worries me.", picture: "tell_adult" },
  ],
  ks2: [{ text: "I keep my passwords private", read_aloud: "I keep my passwords private.", picture: "password" }],
};
export const HOME_SCHOOL = {
  type: "sections",
  intro: "We work together to keep children safe online.",
  sections: [
    { heading: "The school will", points: ["Teach online safety in every year", "Tell you about what we teach"] },
    { heading: "At home we will", points: ["Talk with our child about what they do online", "Tell the school if we are worried"] },
  ],
};

/** Makes sure both agreements parents sign are published (the server may seed defaults). */
export function ensureAgreements(server) {
  for (const [kind, content] of [["pupil", PUPIL_AUP], ["home_school", HOME_SCHOOL]]) {
    const [[n]] = rows(server, "SELECT COUNT(*) FROM agreement_versions WHERE kind = ?", [kind]);
    if (n === 0) publish(server, kind, content);
  }
}

/** What holds now for a pupil's photo consent: { website: true|false, … } (newest row wins). */
export function photoConsent(server, pupilId) {
  const out = {};
  for (const [use, granted] of rows(server,
    `SELECT photo_use, granted FROM photo_consents WHERE id IN
       (SELECT MAX(id) FROM photo_consents WHERE pupil_id = ? GROUP BY photo_use)`, [pupilId])) {
    out[use] = granted === 1;
  }
  return out;
}

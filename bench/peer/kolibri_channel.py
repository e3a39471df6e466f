"""Build a small Kolibri channel on disk that ``kolibri manage importchannel disk`` accepts.

Run with the Kolibri venv's Python (it uses the SQLAlchemy that Kolibri bundles)::

    KOLIBRI_HOME=... kolibri-venv/bin/python bench/peer/kolibri_channel.py OUT_DIR

There is no network to Kolibri Studio here, so the bench cannot download a real channel.
Instead it writes what an exported channel looks like (``exportchannel`` / ``exportcontent``):

- ``OUT_DIR/content/databases/<channel_id>.sqlite3``: a channel database in Kolibri's
  export schema version 5 (the tables come from Kolibri's own
  ``content_schema_5`` SQLAlchemy models, so the columns are exactly what the importer
  reads), holding a root topic, one topic per lesson and ``EXERCISES`` exercise nodes,
  each with its assessment metadata (m-of-n mastery, ``ITEMS`` question ids) and one
  ``.perseus`` file;
- ``OUT_DIR/content/storage/<a>/<b>/<md5>.perseus``: those files (zips holding
  ``exercise.json`` and one Perseus item per question), named by their md5 as Kolibri
  stores content.

Then ``importchannel disk`` and ``importcontent disk`` bring it in through Kolibri's real
import path, which marks the nodes available. Prints JSON describing the channel (ids the
seed script and the wrk scripts need). Deterministic: the same ids every run.
"""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import sys
import uuid
import zipfile
from pathlib import Path

import kolibri  # noqa: F401  (puts Kolibri's bundled dependencies on sys.path)
from kolibri.core.content.contentschema.versions import content_schema_5
from sqlalchemy import create_engine

EXERCISES = 12
ITEMS = 10
TOPICS = 3
NAMESPACE = uuid.UUID("6f1e2a52-2f4e-4f0c-9a55-7b4e6d0c0b11")


def _id(*parts: object) -> str:
    """A stable 32-hex id for this bench channel's objects."""
    return uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)).hex


def _perseus(exercise: int, item_ids: list[str]) -> bytes:
    """A Perseus exercise zip: one numeric-input item per question, fixed timestamps."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = {
            "all_assessment_items": item_ids,
            "assessment_mapping": {i: "perseus_question" for i in item_ids},
            "mastery_model": {"type": "m_of_n", "m": 5, "n": 5},
            "randomize": True,
        }
        archive.writestr(zipfile.ZipInfo("exercise.json", (2024, 1, 1, 0, 0, 0)), json.dumps(info))
        for k, item in enumerate(item_ids):
            a, b = 3 + exercise, 4 + k
            question = {
                "question": {
                    "content": f"What is {a} + {b}? [[\u2603 numeric-input 1]]",
                    "images": {},
                    "widgets": {
                        "numeric-input 1": {
                            "type": "numeric-input",
                            "options": {
                                "answers": [{"value": a + b, "status": "correct"}],
                                "size": "normal",
                            },
                        }
                    },
                },
                "answerArea": {"calculator": False},
                "itemDataVersion": {"major": 0, "minor": 1},
                "hints": [{"content": f"Count on {b} from {a}.", "images": {}, "widgets": {}}],
            }
            name = zipfile.ZipInfo(f"{item}.json", (2024, 1, 1, 0, 0, 0))
            archive.writestr(name, json.dumps(question))
    return buffer.getvalue()


def build(out_dir: Path) -> dict:
    channel_id = _id("channel")
    root_id = _id("node", "root")
    db_dir = out_dir / "content" / "databases"
    db_dir.mkdir(parents=True, exist_ok=True)
    db_path = db_dir / f"{channel_id}.sqlite3"
    db_path.unlink(missing_ok=True)
    content_schema_5.metadata.create_all(create_engine(f"sqlite:///{db_path}"))

    nodes: list[tuple] = []
    files: list[tuple] = []
    localfiles: list[tuple] = []
    assessments: list[tuple] = []
    exercises: list[dict] = []
    per_topic = EXERCISES // TOPICS
    # MPTT numbering: root(1 .. 2n), each topic wraps its exercises.
    lft = 2
    topic_rows = []
    for t in range(TOPICS):
        topic_id = _id("node", "topic", t)
        topic_lft = lft
        lft += 1
        for e in range(t * per_topic, (t + 1) * per_topic):
            node_id = _id("node", "exercise", e)
            content_id = _id("content", "exercise", e)
            item_ids = [_id("item", e, k) for k in range(ITEMS)]
            blob = _perseus(e, item_ids)
            checksum = hashlib.md5(blob).hexdigest()  # noqa: S324  (Kolibri names files by md5)
            storage = out_dir / "content" / "storage" / checksum[0] / checksum[1]
            storage.mkdir(parents=True, exist_ok=True)
            (storage / f"{checksum}.perseus").write_bytes(blob)
            nodes.append(
                (
                    node_id,
                    f"Addition practice {e + 1}",
                    content_id,
                    "exercise",
                    lft,
                    lft + 1,
                    2,
                    topic_id,
                    e,
                )
            )
            lft += 2
            localfiles.append((checksum, "perseus", len(blob)))
            files.append((_id("file", e), "exercise", node_id, checksum))
            mastery = json.dumps({"type": "m_of_n", "m": 5, "n": 5})
            assessments.append(
                (_id("assessment", e), json.dumps(item_ids), ITEMS, mastery, node_id)
            )
            exercises.append(
                {"node_id": node_id, "content_id": content_id, "items": item_ids, "topic": t}
            )
        topic_rows.append(
            (
                topic_id,
                f"Unit {t + 1}",
                _id("content", "topic", t),
                "topic",
                topic_lft,
                lft,
                1,
                root_id,
                t,
            )
        )
        lft += 1
    root = (root_id, "Pathwise bench channel", _id("content", "root"), "topic", 1, lft, 0, None, 0)
    nodes = [root, *topic_rows, *nodes]

    db = sqlite3.connect(db_path)
    with db:
        db.executemany(
            "INSERT INTO content_contentnode (id, title, content_id, kind, lft, rght, level,"
            " parent_id, sort_order, channel_id, tree_id, available, coach_content,"
            " license_owner, author, license_name, description, options, duration)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0, 0, '', 'Pathwise bench', 'CC BY', '',"
            " '{}', NULL)",
            [(*n[:8], float(n[8]), channel_id) for n in nodes],
        )
        db.executemany(
            "INSERT INTO content_localfile (id, extension, available, file_size)"
            " VALUES (?, ?, 0, ?)",
            localfiles,
        )
        db.executemany(
            "INSERT INTO content_file (id, preset, supplementary, thumbnail, priority,"
            " contentnode_id, local_file_id) VALUES (?, ?, 0, 0, 1, ?, ?)",
            files,
        )
        db.executemany(
            "INSERT INTO content_assessmentmetadata (id, assessment_item_ids,"
            " number_of_assessments, mastery_model, randomize, is_manipulable, contentnode_id)"
            " VALUES (?, ?, ?, ?, 1, 0, ?)",
            assessments,
        )
        db.execute(
            "INSERT INTO content_channelmetadata (id, name, description, tagline, author, version,"
            " thumbnail, last_updated, min_schema_version, root_id)"
            " VALUES (?, 'Pathwise bench channel', 'Exercises for bench/peer', '',"
            " 'Pathwise bench', 1, '', '2024-01-01 00:00:00.000000(UTC)', '5', ?)",
            (channel_id, root_id),
        )
    db.close()
    return {"channel_id": channel_id, "root_id": root_id, "exercises": exercises}


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: kolibri_channel.py OUT_DIR")
    print(json.dumps(build(Path(sys.argv[1]))))

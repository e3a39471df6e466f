"""Parses other tools expect, and Pathwise's own test banks, shared by the interchange tests."""

from __future__ import annotations

import dataclasses

from learning.interchange import QuestionDraft
from learning.interchange.types import explicit_weights, moodle_fractions


def norm(text: str | None) -> str:
    return " ".join((text or "").split())


def comparable(questions: list[QuestionDraft]) -> list[QuestionDraft]:
    return [dataclasses.replace(q, category=(), source_ref="") for q in questions]


SUPPORTED = {"MC", "TF", "Short", "Numerical"}
SKIPPED_TYPES = {"Matching": "matching", "Essay": "essay", "Description": "description"}

# Where the PEG corpus's expected parse differs from what Moodle itself imports, we follow
# Moodle (question/format/gift/format.php) and say why:
# - TFTwoFeedback: for {TRUE#a#b} Moodle shows the first feedback when the learner answers
#   wrong (i.e. on "False") and the second on the right answer; the PEG file puts the first
#   on "True". (For {FALSE#a#b} both agree.) Values: (True feedback, False feedback).
TF_FEEDBACK_DEVIATIONS = {
    ("TFTwoFeedback.gift", 1): ("", "feedback for true"),
    ("TFTwoFeedback.gift", 2): ("feedback for false", ""),
}
# - Moodle replaces an embedded answer block in place with "_____" and adds no space before
#   the following punctuation; the PEG parse has "_____ .".
PROMPT_DEVIATIONS = {("shortAnswer1.gift", 1): "Two plus two equals _____."}
# - An answer weight of 0 (e.g. "=%0%*#Completely wrong" in totara_moodle_shortanswer) earns
#   no credit, so it is not an accepted answer, though the PEG parse says isCorrect: true.
#   Hence a choice is correct when isCorrect holds and its weight (if any) is positive.


def expected_choices(
    item: dict, file: str, index: int
) -> list[tuple[str, bool, str, float | None]]:
    if item["type"] == "TF":
        true_fb, false_fb = TF_FEEDBACK_DEVIATIONS.get(
            (file, index),
            ((item["trueFeedback"] or {}).get("text"), (item["falseFeedback"] or {}).get("text")),
        )
        return [
            ("True", item["isTrue"], norm(true_fb), None),
            ("False", not item["isTrue"], norm(false_fb), None),
        ]
    return [
        (
            norm(choice["text"]["text"]),
            choice["isCorrect"] and (choice["weight"] is None or choice["weight"] > 0),
            norm((choice["feedback"] or {}).get("text")),
            None if choice["weight"] is None else choice["weight"] / 100,
        )
        for choice in item["choices"]
    ]


XML_SYNTHETIC = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/Algebra/Linear</text></category></question>
  <question type="numerical">
    <name><text>Speed</text></name>
    <questiontext format="markdown"><text>How fast, in m/s?</text></questiontext>
    <generalfeedback format="markdown"><text>Distance over time.</text></generalfeedback>
    <answer fraction="100"><text>12.5</text><tolerance>0.5</tolerance>
      <feedback><text>Right.</text></feedback></answer>
    <answer fraction="50"><text>12.5</text><tolerance>2</tolerance>
      <feedback><text>Close.</text></feedback></answer>
    <answer fraction="0"><text>*</text><feedback><text>No.</text></feedback></answer>
    <hint format="markdown"><text>v = d / t</text></hint>
    <hint format="markdown"><text>d = 100 m</text></hint>
    <tags><tag><text>physics</text></tag><tag><text>units</text></tag></tags>
    <idnumber>SPD-1</idnumber>
  </question>
  <question type="multichoice">
    <name><text>Primes</text></name>
    <questiontext format="plain_text"><text>Which are prime?</text></questiontext>
    <single>false</single>
    <answer fraction="50"><text>2</text></answer>
    <answer fraction="50"><text>3</text></answer>
    <answer fraction="-100"><text>4</text><feedback><text>2 x 2</text></feedback></answer>
  </question>
  <question type="shortanswer">
    <name><text>Capital</text></name>
    <questiontext><text><![CDATA[<b>Capital</b> of France?]]></text></questiontext>
    <answer fraction="100"><text>Paris</text></answer>
    <answer fraction="100"><text>paris</text></answer>
    <answer fraction="0"><text>Lyon</text><feedback><text>Second city.</text></feedback></answer>
  </question>
  <question type="multianswer"><name><text>Cloze</text></name>
    <questiontext><text>{1:SHORTANSWER:=Paris}</text></questiontext></question>
  <question type="description"><name><text>Intro</text></name></question>
  <question type="calculated"><name><text>Calc</text></name></question>
</quiz>
"""


def meaning(questions: list[QuestionDraft]) -> list[QuestionDraft]:
    """What Moodle makes of the drafts: every fraction explicit, positions aside.

    GIFT and Moodle XML write what a weight implies (``=`` is 100 %, a Pathwise-rule
    multiple-choice question gets the weights that grade it the same way), so a round trip
    through them keeps this, not the literal ``None``.
    """
    return [moodle_fractions(explicit_weights(q)) for q in comparable(questions)]

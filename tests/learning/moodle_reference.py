"""An independent reading of Moodle's import and grading rules, for tests only.

Ported by hand from Moodle's PHP (moodle/moodle, read through the code index), never calling
Pathwise's parsers or grader, so that a test can compare Pathwise's score for a response with
the score Moodle would give:

- question/format/gift/format.php ``readquestion`` and qformat_default ``readquestions``
  (questions separated by blank lines, escapes, ``::name::``, the first ``{...}`` block,
  ``~``/``=`` answers with ``%n%`` weights, ``=`` in a multichoice making it single-answer);
- question/format/xml/format.php (``trans_single``, ``fraction``, ``usecase``, tolerances);
- question/type/multichoice/question.php ``grade_response`` (single: the picked answer's
  fraction; multi: the clipped sum of the picked fractions);
- question/type/truefalse/question.php (right answer 1, otherwise 0);
- question/type/shortanswer/question.php ``compare_string_with_wildcard`` with
  ``question_first_matching_answer_grading_strategy`` (first matching answer wins);
- question/type/numerical/question.php ``get_matching_answer`` and
  ``qtype_numerical_answer::get_tolerance_interval`` (nominal: ± tolerance + 1e-14·max(1,|a|)).
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

SUPPORTED = {"multichoice", "truefalse", "shortanswer", "numerical"}


@dataclass
class Answer:
    text: str
    fraction: float
    feedback: str = ""
    tolerance: float = 0.0


@dataclass
class MoodleQuestion:
    qtype: str
    name: str = ""
    questiontext: str = ""
    single: bool = True
    usecase: bool = False
    answers: list[Answer] = field(default_factory=list)
    rightanswer: bool = True  # truefalse
    feedbacktrue: str = ""
    feedbackfalse: str = ""
    several_blocks: bool = False


# --- GIFT (question/format/gift/format.php) -----------------------------------------------

_ESCAPES = ["\\:", "\\#", "\\=", "\\{", "\\}", "\\~", "\\n"]
_HOLDERS = ["&&058;", "&&035;", "&&061;", "&&123;", "&&125;", "&&126;", "&&010"]
_CHARS = [":", "#", "=", "{", "}", "~", "\n"]
_WEIGHT = re.compile(r"^%\-*([0-9]{1,2})\.?([0-9]*)%")
_FORMATS = {"moodle", "html", "plain", "markdown"}


def _pre(text: str) -> str:
    text = text.replace("\\\\", "&&092;")
    for escape, holder in zip(_ESCAPES, _HOLDERS, strict=True):
        text = text.replace(escape, holder)
    return text.replace("&&092;", "\\")


def _post(text: str) -> str:
    for holder, char in zip(_HOLDERS, _CHARS, strict=True):
        text = text.replace(holder, char)
    return text


def _with_format(text: str) -> str:
    if text.startswith("[") and "]" in text and text[1 : text.index("]")] in _FORMATS:
        text = text[text.index("]") + 1 :]
    return _post(text).strip()


def _weight(answer: str) -> tuple[float, str]:
    answer = answer[1:]
    end = answer.index("%")
    return float(answer[:end]) / 100, answer[end + 1 :]


def _comment(answer: str) -> tuple[str, str]:
    bits = answer.split("#", 1)
    return _with_format(bits[0].strip()), _with_format(bits[1].strip()) if len(bits) > 1 else ""


def read_gift(text: str) -> list[MoodleQuestion]:
    """Every question of a GIFT file, in order (category lines are not questions)."""
    questions, current = [], []
    for line in [*text.removeprefix("\ufeff").splitlines(), ""]:
        line = line.strip()
        if line in ("", "0"):  # PHP empty()
            if current and (question := _gift_question(current)) is not None:
                questions.append(question)
            current = []
        else:
            current.append(line)
    return questions


def _gift_question(lines: list[str]) -> MoodleQuestion | None:
    text = "\n".join(" " if line.startswith("//") else line for line in lines).strip()
    if not text:
        return None
    text = _pre(text)
    if text.startswith("$CATEGORY:"):
        return None
    name = ""
    if text.startswith("::"):
        text = text[2:]
        if (end := text.find("::")) != -1:
            name, text = _post(text[:end]).strip(), text[end + 2 :].strip()
    start, finish = text.find("{"), text.find("}")
    if start == -1 and finish == -1:
        return MoodleQuestion("description", name, _with_format(text))
    answertext = text[start + 1 : finish].strip()
    blank = "" if text.endswith("}") else "_____"
    question = MoodleQuestion("", name, _with_format(text[:start] + blank + text[finish + 1 :]))
    question.several_blocks = "{" in text[finish + 1 :]
    if (separator := answertext.rfind("####")) != -1:
        answertext = answertext[:separator].strip()
    if answertext == "":
        question.qtype = "essay"
    elif answertext[0] == "#":
        question.qtype = "numerical"
        _gift_numerical(question, answertext[1:])
    elif "~" in answertext:
        question.qtype = "multichoice"
        question.single = "=" in answertext
        for answer in _split(answertext.replace("=", "~="), "~"):
            if answer[0] == "=":
                fraction, answer = 1.0, answer[1:]
            elif _WEIGHT.match(answer):
                fraction, answer = _weight(answer)
            else:
                fraction = 0.0
            text, feedback = _comment(answer)
            question.answers.append(Answer(text, fraction, feedback))
    elif "=" in answertext and "->" in answertext:
        question.qtype = "match"
    else:
        check = answertext[: answertext.index("#")].strip() if "#" in answertext[1:] else answertext
        if check in ("T", "TRUE", "F", "FALSE"):
            question.qtype = "truefalse"
            bits = [*answertext.split("#", 2), "", ""]
            wrong, right = _with_format(bits[1].strip()), _with_format(bits[2].strip())
            question.rightanswer = _with_format(bits[0].strip()) in ("T", "TRUE")
            question.feedbacktrue = right if question.rightanswer else wrong
            question.feedbackfalse = wrong if question.rightanswer else right
        else:
            question.qtype = "shortanswer"
            for answer in _split(answertext, "="):
                fraction, answer = _weight(answer) if _WEIGHT.match(answer) else (1.0, answer)
                text, feedback = _comment(answer)
                question.answers.append(Answer(text, fraction, feedback))
    return question


def _split(answertext: str, mark: str) -> list[str]:
    answers = answertext.split(mark)
    answers[0] = answers[0].strip()
    if not answers[0]:
        answers = answers[1:]
    return [answer.strip() for answer in answers]


def _gift_numerical(question: MoodleQuestion, answertext: str) -> None:
    wrongfeedback = ""
    if "~" in answertext:
        answertext, wrongfeedback = answertext.split("~", 1)
    for answer in _split(answertext, "="):
        fraction, answer = _weight(answer) if _WEIGHT.match(answer) else (1.0, answer)
        value, feedback = _comment(answer)
        if value.find("..") > 0:
            low, high = (float(bound) for bound in value.split("..", 1))
            middle = (low + high) / 2
            question.answers.append(Answer(str(middle), fraction, feedback, high - middle))
        elif value.find(":") > 0:
            value, tolerance = value.split(":", 1)
            question.answers.append(Answer(value.strip(), fraction, feedback, float(tolerance)))
        else:
            question.answers.append(Answer(value.strip(), fraction, feedback))
    if wrongfeedback:
        question.answers.append(Answer("*", 0.0, _comment(wrongfeedback)[1]))


# --- Moodle XML (question/format/xml/format.php) --------------------------------------------


def _path(element: ET.Element | None, path: str) -> str:
    found = element.find(path) if element is not None else None
    return (found.text or "").strip() if found is not None else ""


def _php_int(text: str) -> int:
    match = re.match(r"\s*([+-]?[0-9]+)", text)
    return int(match.group(1)) if match else 0


def read_xml(data: bytes) -> list[MoodleQuestion]:
    questions = []
    for element in ET.fromstring(data).iter("question"):  # noqa: S314 - trusted test files
        qtype = element.get("type", "")
        if qtype == "category":
            continue
        question = MoodleQuestion(qtype, _path(element, "name/text"))
        question.questiontext = _path(element, "questiontext/text")
        for answer in element.findall("answer"):
            question.answers.append(
                Answer(
                    _path(answer, "text"),
                    float(answer.get("fraction", "0")) / 100,
                    _path(answer, "feedback/text"),
                    float(_path(answer, "tolerance") or 0),
                )
            )
        if qtype == "multichoice":
            single = _path(element, "single") if element.find("single") is not None else "1"
            question.single = not (single == "false" or single in ("", "0"))
        elif qtype == "shortanswer":
            question.usecase = _php_int(_path(element, "usecase")) != 0
        elif qtype == "truefalse":
            for answer in question.answers:
                if answer.text == "true":
                    question.rightanswer = answer.fraction == 1
                    question.feedbacktrue = answer.feedback
                else:
                    question.feedbackfalse = answer.feedback
        questions.append(question)
    return questions


# --- grading (question/type/*/question.php) -------------------------------------------------


def grade_choices(question: MoodleQuestion, picked: list[int]) -> tuple[float, list[str]]:
    """Score and feedback for the picked answers (indexes into ``answers``)."""
    feedback = [question.answers[i].feedback for i in sorted(picked)]
    if question.single:
        return question.answers[picked[0]].fraction, feedback
    total = sum(question.answers[i].fraction for i in picked)
    return min(max(0.0, total), 1.0), feedback


def grade_truefalse(question: MoodleQuestion, answer: bool) -> tuple[float, list[str]]:
    feedback = question.feedbacktrue if answer else question.feedbackfalse
    return float(answer == question.rightanswer), [feedback]


def compare_string_with_wildcard(string: str, pattern: str, ignorecase: bool) -> bool:
    pattern = unicodedata.normalize("NFC", pattern)
    string = unicodedata.normalize("NFC", string)
    bits = re.split(r"(?<!\\)\*+", pattern)
    regexp = "^" + ".*".join(re.escape(bit.replace("\\*", "*")) for bit in bits) + "$"
    trimmed = string.strip(" \t\n\r\0\x0b")
    return re.search(regexp, trimmed, re.IGNORECASE if ignorecase else 0) is not None


def grade_shortanswer(question: MoodleQuestion, response: str) -> tuple[float, list[str]]:
    response = response.strip(" \t\n\r\0\x0b")  # PARAM_RAW_TRIMMED
    for answer in question.answers:
        if compare_string_with_wildcard(response, answer.text, not question.usecase):
            return answer.fraction, [answer.feedback]
    return 0.0, []


def grade_numerical(question: MoodleQuestion, response: str) -> tuple[float, list[str]]:
    value = float(response)
    for answer in question.answers:
        if answer.text == "*":
            return answer.fraction, [answer.feedback]
        target = float(answer.text)
        tolerance = abs(answer.tolerance) + 10**-14 * max(1.0, abs(target))
        if target - tolerance <= value <= target + tolerance:
            return answer.fraction, [answer.feedback]
    return 0.0, []


def clean_response(answer: str) -> str:
    """A wildcard answer as Moodle shows it as the right answer (``clean_response``)."""
    return " ".join(bit.replace("\\*", "*") for bit in re.split(r"(?<!\\)\*", answer)).strip()

"""A Spanish-speaking student in a real browser (docs/i18n.md).

The demo student's profile says Spanish (``es``) while the browser asks for English: the
saved choice wins. They practise a numeric question, writing ``1.000`` (refused as
ambiguous in Spanish, where the point groups thousands) and then ``3,5`` (read as 3.5,
correct), and no English word appears on the dashboard, question, feedback, progress and
plan pages, apart from content that is legitimately English (the demo curriculum's own
text, people's names, the brand). axe-core finds nothing serious on those pages in Spanish.
"""

import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import Page, expect

from accounts.languages import user_language_set
from achievements.models import Badge
from demo import content as demo_content
from learning.models import Activity, Choice, Concept, Question, Subject, Topic
from learning.services import question_create
from progress.models import Attempt
from tests.e2e.axe import axe_report, axe_run, axe_source

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PROMPT = "Una pizza pesa 7 kg y se reparte entre 2 personas. ¿Cuántos kg recibe cada una?"
# Words that are English and not Spanish: any of them left on a page, once the content's
# own text is taken out, is an interface string nobody translated.
_ENGLISH_WORDS = """the and your you of to with for from is are this that what why how which when
    question questions answer answers practice practise progress dashboard mastery mastered
    review reviews next start session sessions correct wrong hint hints concept concepts
    topic topics subject subjects badge badges log sign profile show submit due day days
    week weeks time accuracy started needed estimate study today streak points language
    change skip content privacy goal exam quiz more less all none it we our my page home
    help back here now than have been will can be an or by as if not yet left right
    out up keep set make new one number sure because done late missing class teacher
    student guest calendar export download minutes hours overall average per"""
ENGLISH = frozenset(_ENGLISH_WORDS.split())


@pytest.fixture
def browser_context_args(browser_context_args):
    # English in the browser on purpose; axe is injected, so the CSP is bypassed here only.
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB"}


@pytest.fixture
def spanish_student():
    axe_source()
    call_command("seed_demo", stdout=io.StringIO())
    student = get_user_model().objects.get(username="student")
    user_language_set(user=student, language="es")
    topic = Topic.objects.order_by("pk").first()
    concept = topic.concepts.create(name="Repartos", slug="repartos", order=99)
    question_create(
        concept=concept,
        kind=Question.Kind.NUMERIC,
        prompt=PROMPT,
        choices=[],
        explanation="7 entre 2 es 3,5.",
        status=Question.Status.PUBLISHED,
        numeric_answer=Decimal("3.5"),
        tolerance=Decimal("0"),
        language="es",  # written in Spanish, in an English subject
    )
    return student, concept


def _content_texts() -> list[str]:
    """Text a page may show in the content's own language (English in the demo)."""
    texts = ["Pathwise", "English"]  # the brand; the switcher names each language in itself
    texts += Subject.objects.values_list("name", flat=True)
    for model, fields in (
        (Topic, ("name", "description")),
        (Concept, ("name", "description", "explanation")),
        (Question, ("prompt", "explanation", "hint_1", "hint_2", "hint_3")),
        (Choice, ("text", "feedback")),
        (Activity, ("name", "description")),
        (Badge, ("name", "description")),
    ):
        names = [f.name for f in model._meta.get_fields()]
        for row in model.objects.values_list(*[f for f in fields if f in names]):
            texts += [t for t in row if t]
    for user in get_user_model().objects.all():
        texts += [user.username, user.get_full_name(), user.first_name, user.last_name]
    return sorted({t for t in texts if t}, key=len, reverse=True)


def english_words(page: Page, allowed: list[str]) -> list[str]:
    text = page.locator("body").inner_text()
    for phrase in allowed:
        text = text.replace(phrase, " ")
    words = re.findall(r"[^\W\d_]+", text)  # whole words, accents included (días, not d+as)
    return sorted({w for w in words if w.lower() in ENGLISH})


def _check(page: Page, name: str, allowed: list[str], english: dict, axe: dict) -> None:
    expect(page.locator("main")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "es", name
    found = english_words(page, allowed)
    if found:
        english[name] = found
    violations = axe_run(page)
    if violations:
        axe[f"{name} ({page.url})"] = violations


def _submit(page: Page, answer: str) -> None:
    page.locator("#id_answer").fill(answer)
    page.locator(".question-actions button[type=submit]").first.click()


def test_a_spanish_student_practises_in_spanish(page, live_server, e2e_login, spanish_student):
    student, concept = spanish_student
    allowed = _content_texts()
    english: dict[str, list[str]] = {}
    axe: dict[str, list[dict]] = {}
    base = live_server.url
    e2e_login("student", demo_content.DEMO_PASSWORD)

    page.goto(base + "/practice/")
    _check(page, "dashboard", allowed, english, axe)

    page.goto(base + concept.get_absolute_url())
    page.locator("form[action$='/practice/start/'] button[type=submit]").first.click()
    expect(page.locator("#id_answer")).to_be_visible()
    rule = page.locator("#number-rule").inner_text()
    assert "3,5" in rule and "3.500" in rule and "Escribe" in rule, rule
    _check(page, "question", allowed, english, axe)

    _submit(page, "1.000")  # 1000 or 1.0? In Spanish the point may group thousands
    expect(page.locator("main [role=alert]").first).to_contain_text("ambiguo")
    assert not Attempt.objects.filter(learner=student, question__concept=concept).exists()
    _check(page, "question refused as ambiguous", allowed, english, axe)

    _submit(page, "3,5")
    page.wait_for_url("**/attempts/**")
    attempt = Attempt.objects.get(learner=student, question__concept=concept)
    assert attempt.is_correct and Decimal(attempt.response["number"]) == Decimal("3.5")
    assert attempt.response_locale == "es"
    _check(page, "feedback", allowed, english, axe)

    for name, path in (("progress", "/progress/"), ("plan", "/plan/")):
        response = page.goto(base + path)
        assert response is not None and response.ok, (name, response.status)
        _check(page, name, allowed, english, axe)

    assert not english, "English on Spanish pages:\n" + "\n".join(
        f"{name}: {', '.join(words)}" for name, words in english.items()
    )
    assert not axe, "axe found serious or critical violations:" + axe_report(axe)


def test_the_english_detector_finds_english(page):
    """The check can fail: an untranslated button is caught, the content's own text is not."""
    page.set_content(
        "<html lang='es'><body><main><h1>Fracciones</h1><p>Show a hint</p>"
        "<p>Mis datos · Pathwise</p></main></body></html>"
    )
    assert english_words(page, ["Fracciones"]) == ["Show", "hint"]
    page.set_content(
        "<html lang='es'><body><main><p>Has practicado 5 días más</p></main></body></html>"
    )
    assert english_words(page, []) == []  # Spanish words, accents included, are not English

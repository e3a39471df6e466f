"""Authored text never becomes active content, and every page carries a strict CSP.

Script, event-handler, ``javascript:`` URL, ``<svg onload>``, ``<iframe>`` and style payloads
are planted in every authored field (curriculum, questions, choices, activities, badges,
class and learner names), then every page that shows them is parsed: no script without the
page's nonce, no ``on*`` attribute, no ``javascript:`` URL, no frame, no styled payload.
"""

import re
import uuid
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from achievements.models import LearnerBadge
from progress.models import PracticeSession
from progress.plans import services as plan_services
from progress.practice.answers import attempt_record
from progress.practice.sessions import (
    session_complete,
    session_reveal_hint,
    session_serve,
    session_start,
)
from tests import factories
from tests.achievements.factories import BadgeFactory
from tests.test_settings import PRODUCTION_ENV, run_manage

pytestmark = pytest.mark.django_db

MARK = "Evil"  # plain text in every payload: proves the field reached the page at all
PIECES = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">j</a>',
    "<svg onload=alert(1)>",
    "<iframe src=//evil.example></iframe>",
    '<b style="background:url(javascript:alert(1))">s</b>',
    '"><script>alert(1)</script>',
    "' onmouseover='alert(1)",
    "<style>body{display:none}</style>",
)
FULL = MARK + "".join(PIECES)
MARKDOWN = FULL + "\n\n[md](javascript:alert(1)) <img src=x onerror=alert(1)>\n"


def payload(max_length: int, start: int = 0) -> str:
    """As many pieces as fit in ``max_length``, starting at piece ``start`` (rotating)."""
    text = MARK
    for i in range(len(PIECES)):
        piece = PIECES[(start + i) % len(PIECES)]
        if len(text) + len(piece) <= max_length:
            text += piece
    return text


# Parsing ------------------------------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster"}
FRAMES = {"iframe", "frame", "object", "embed"}
EXECUTABLE_TYPES = {"", "text/javascript", "module", "application/javascript"}


class ActiveContent(HTMLParser):
    def __init__(self, nonce: str | None):
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = {name.lower(): (value or "") for name, value in attrs}
        for name, value in attributes.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>: event handler")
            if name in URL_ATTRIBUTES and re.sub(r"\s", "", value).lower().startswith(
                ("javascript:", "vbscript:", "data:text/html")
            ):
                self.problems.append(f"<{tag} {name}={value!r}>: script URL")
            if name == "style" and (MARK in value or "javascript:" in value.lower()):
                self.problems.append(f"<{tag} style={value!r}>: authored style")
        if tag in FRAMES:
            self.problems.append(f"<{tag}>: frame")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script":
            kind = attributes.get("type", "").lower()
            if kind in EXECUTABLE_TYPES:
                self._in_script = True
                src = attributes.get("src", "")
                from_self = src.startswith("/static/")
                if not from_self and (not self.nonce or attributes.get("nonce") != self.nonce):
                    self.problems.append(f"<script {attributes}>: no nonce")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert(" in data:
            self.problems.append(f"script body {data[:60]!r}: authored script")


def csp_nonce(response) -> str | None:
    match = re.search(r"'nonce-([^']+)'", response.get("Content-Security-Policy", ""))
    return match.group(1) if match else None


def active_content(response) -> list[str]:
    parser = ActiveContent(csp_nonce(response))
    parser.feed(response.content.decode())
    parser.close()
    return parser.problems


def csp_problems(response) -> list[str]:
    """A strict policy: scripts from this site or with the page's nonce, nothing inline.

    Django adds the nonce to the header only on pages that used it (a page without inline
    scripts gets the stricter ``script-src 'self'``); the parser above checks that every
    inline script carries the header's nonce.
    """
    policy = response.get("Content-Security-Policy", "")
    directives = {}
    for part in policy.split(";"):
        name, _, value = part.strip().partition(" ")
        if name:
            directives[name] = value
    problems = []
    if "script-src" not in directives or "'self'" not in directives["script-src"]:
        problems.append(f"no script-src 'self': {policy!r}")
    if "unsafe-inline" in policy or "unsafe-eval" in policy:
        problems.append(f"unsafe-inline/unsafe-eval in {policy!r}")
    if directives.get("object-src") != "'none'":
        problems.append(f"object-src is not 'none': {policy!r}")
    return problems


def test_the_policy_asks_for_a_nonce_and_never_allows_inline_script(settings):
    from django.utils.csp import CSP

    assert CSP.NONCE in settings.SECURE_CSP["script-src"]
    assert all("unsafe" not in str(v) for v in settings.SECURE_CSP.values())


def test_a_page_with_an_inline_script_gets_its_nonce(rf, settings):
    from django.middleware.csp import ContentSecurityPolicyMiddleware
    from django.template import engines

    template = engines["django"].from_string('<script nonce="{{ csp_nonce }}">go()</script>')

    def view(request):
        from django.http import HttpResponse

        return HttpResponse(template.render({"csp_nonce": request._csp_nonce}, request))

    response = ContentSecurityPolicyMiddleware(view)(rf.get("/"))
    nonce = csp_nonce(response)
    assert nonce and f'nonce="{nonce}"' in response.content.decode()
    assert not active_content(response)


# The planted world --------------------------------------------------------------------------


@pytest.fixture
def planted(student, teacher, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    now = timezone.now()
    student.first_name, student.last_name = payload(150, 1), payload(150, 4)
    student.save()
    classroom = factories.ClassroomFactory(
        name=payload(120, 2), teachers=[teacher], students=[student]
    )
    subject = factories.SubjectFactory(name=payload(120, 0), description=FULL)
    topic = factories.TopicFactory(subject=subject, name=payload(120, 3), description=FULL)
    concept = factories.ConceptFactory(topic=topic, name=payload(120, 5), explanation=FULL)
    evil_choices = [
        (payload(500, 0), True, FULL),
        (payload(500, 3), False, FULL),
        (payload(500, 6), False, FULL),
    ]
    questions = []
    for fmt, text in (("plain", FULL), ("html", FULL), ("markdown", MARKDOWN)):
        questions.append(
            factories.QuestionFactory(
                concept=concept,
                title=payload(200, len(questions)),
                prompt=text,
                prompt_format=fmt,
                explanation=text,
                hint_1=text,
                hint_2=text,
                hint_3=text,
                choices=evil_choices,
            )
        )
    activity = factories.ActivityFactory(concept=concept, name=payload(160, 7), description=FULL)
    badge = BadgeFactory(
        name=payload(80, 0), description=FULL, icon="<svg onload=x>", rule_kind="first_attempt"
    )
    BadgeFactory(
        name=payload(80, 4), description=FULL, rule_kind="questions_answered", threshold=50
    )

    session = session_start(learner=student, now=now, concept=concept)
    attempts = []
    for question in questions:
        session_serve(session=session, question=question, now=now)
        session_reveal_hint(session=session, now=now)
        attempts.append(
            attempt_record(
                learner=student,
                question=question,
                response=factories.answer_for(question, correct=False),
                client_token=uuid.uuid4(),
                now=now,
                session=session,
            ).attempt
        )
    session_complete(session=session, now=now)
    open_session = session_start(learner=student, now=now, concept=concept)
    session_serve(session=open_session, question=questions[1], now=now)
    session_reveal_hint(session=open_session, now=now)
    profile = student.profile
    profile.exam_date = timezone.localdate() + timedelta(days=20)
    profile.save()
    plan_services.plan_generate(learner=student, now=now)
    assert LearnerBadge.objects.filter(learner=student, badge=badge).exists()
    return {
        "classroom": classroom,
        "subject": subject,
        "topic": topic,
        "concept": concept,
        "questions": questions,
        "activity": activity,
        "badge": badge,
        "session": session,
        "open_session": open_session,
        "attempts": attempts,
    }


def student_pages(w) -> list[str]:
    session = w["session"]
    return [
        reverse("learning:subject_list"),
        reverse("learning:subject_detail", args=[w["subject"].slug]),
        reverse("learning:topic_detail", args=[w["topic"].slug]),
        reverse("learning:concept_detail", args=[w["concept"].slug]),
        reverse("progress:session_question", args=[w["open_session"].pk]),
        *[reverse("progress:attempt_feedback", args=[session.pk, a.pk]) for a in w["attempts"]],
        reverse("progress:session_summary", args=[session.pk]),
        reverse("progress:mastery_explain", args=[w["concept"].slug]),
        reverse("progress:dashboard"),
        reverse("insights:my_progress"),
        reverse("achievements:badge_list"),
        reverse("plans:my_plan"),
    ]


def teacher_pages(w, student) -> list[str]:
    pk = w["classroom"].pk
    return [
        reverse("home"),
        reverse("accounts:classroom_list"),
        reverse("accounts:classroom_detail", args=[pk]),
        reverse("teach:class_dashboard", args=[pk]),
        reverse("teach:item_analysis", args=[pk]),
        reverse("insights:student_detail", args=[student.pk]),
    ]


def admin_pages(w, student) -> list[str]:
    question = w["questions"][0]
    return [
        reverse("admin:learning_subject_changelist"),
        reverse("admin:learning_topic_changelist"),
        reverse("admin:learning_concept_changelist"),
        reverse("admin:learning_question_changelist"),
        reverse("admin:learning_activity_changelist"),
        reverse("admin:achievements_badge_changelist"),
        reverse("admin:accounts_classroom_changelist"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:learning_question_change", args=[question.pk]),
        reverse("admin:learning_concept_change", args=[w["concept"].pk]),
        reverse("admin:achievements_badge_change", args=[w["badge"].pk]),
        reverse("admin:accounts_user_change", args=[student.pk]),
    ]


def _audit(client, urls: list[str]) -> list[str]:
    problems = []
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            problems.append(f"GET {url} -> {response.status_code}")
            continue
        if MARK not in response.content.decode():
            problems.append(f"GET {url}: no planted text on the page (is the test still valid?)")
        problems += [f"GET {url}: {p}" for p in active_content(response)]
        problems += [f"GET {url}: {p}" for p in csp_problems(response)]
    return problems


def test_planted_payloads_never_become_active_on_student_pages(planted, login, student):
    assert PracticeSession.objects.get(pk=planted["open_session"].pk).hints_shown == 1
    problems = _audit(login(student), student_pages(planted))
    assert not problems, "\n".join(problems)


def test_planted_payloads_never_become_active_on_teacher_pages(planted, login, teacher, student):
    problems = _audit(login(teacher), teacher_pages(planted, student))
    assert not problems, "\n".join(problems)


def test_planted_payloads_never_become_active_in_the_admin(planted, login, admin_user, student):
    problems = _audit(login(admin_user), admin_pages(planted, student))
    assert not problems, "\n".join(problems)


def test_the_parser_catches_what_it_should():
    """The detector itself: each payload, unescaped, is reported."""

    class Fake:
        def __init__(self, html):
            self.content = html.encode()

        def get(self, name, default=""):
            return "script-src 'self' 'nonce-abc'" if name == "Content-Security-Policy" else ""

    for piece in PIECES[:6]:
        assert active_content(Fake(f"<p>{piece}</p>")), piece
    assert not active_content(Fake('<script nonce="abc">ok()</script><a href="/x">x</a>'))
    assert active_content(Fake('<script nonce="zzz">ok()</script>'))


# CSP and production settings ----------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["home", "login", "accounts:signup", "learning:subject_list", "progress:mastery_doc"]
)
def test_public_pages_send_a_strict_csp(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert not csp_problems(response)
    assert not active_content(response)


def test_every_html_page_of_the_matrix_sends_a_strict_csp(planted, login, student, teacher):
    """Every HTML response the planted world serves, for a student and a teacher."""
    problems = []
    for user, urls in (
        (student, student_pages(planted)),
        (teacher, teacher_pages(planted, student)),
    ):
        client = login(user)
        for url in urls:
            response = client.get(url)
            if response["Content-Type"].startswith("text/html"):
                problems += [f"{url}: {p}" for p in csp_problems(response)]
    assert not problems, "\n".join(problems)


def test_production_cookies_hsts_and_framing():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.PATHWISE_GUEST_COOKIE_SECURE,"
        " s.SESSION_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS >= 31536000,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_CONTENT_TYPE_NOSNIFF, s.X_FRAME_OPTIONS == 'DENY',"
        " 'unsafe-inline' not in str(s.SECURE_CSP))"
    )
    result = run_manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.strip().splitlines()[-1].split() == ["True"] * 10, result.stderr

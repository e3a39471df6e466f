"""Practice pages: access per persona, the answer loop, activities, adaptive picks, budgets."""

import html
import re
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learning import versioning
from learning.models import Activity, Question
from progress.models import Attempt, ConceptMastery, LearnerStats, PracticeSession
from progress.practice.answers import attempt_record
from progress.practice.sessions import session_complete, session_serve, session_start
from tests.factories import (
    ActivityFactory,
    ActivityQuestionFactory,
    ConceptFactory,
    ConceptMasteryFactory,
    ConceptPrerequisiteFactory,
    PracticeSessionFactory,
    QuestionFactory,
    StudentFactory,
    TopicFactory,
    answer_for,
    answer_post_data,
    attempts_bulk,
)

pytestmark = pytest.mark.django_db

KINDS = [k.value for k in Question.Kind]


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def url(name, *args):
    return reverse(f"progress:{name}", args=args)


def start(client, scope, slug=""):
    response = client.post(url("practice_start"), {"scope": scope, "slug": slug, "back": "/"})
    session = PracticeSession.objects.order_by("-pk").first()
    return response, session


def token_in(page) -> str:
    return re.search(r'name="client_token" value="([0-9a-f-]{36})"', page.content.decode())[1]


@pytest.fixture
def practising(student):
    """A student mid-session: a served question, one answered attempt, one more to go."""
    concept = ConceptFactory(name="Fractions")
    first = QuestionFactory(concept=concept, hint_2="Second hint")
    second = QuestionFactory(concept=concept)
    session = session_start(learner=student, concept=concept, now=timezone.now())
    result = attempt_record(
        learner=student,
        question=first,
        response=answer_for(first),
        client_token=uuid.uuid4(),
        now=timezone.now(),
        session=session,
    )
    session_serve(session=session, question=second, now=timezone.now())
    return {"session": session, "attempt": result.attempt, "question": second, "concept": concept}


def session_urls(p):
    s, a, q = p["session"], p["attempt"], p["question"]
    return {
        "question": ("get", url("session_question", s.pk), {}),
        "answer": ("post", url("session_answer", s.pk), answer_post_data(q)),
        "hint": ("post", url("session_hint", s.pk), {}),
        "finish": ("post", url("session_finish", s.pk), {}),
        "summary": ("get", url("session_summary", s.pk), {}),
        "feedback": ("get", url("attempt_feedback", s.pk, a.pk), {}),
    }


SESSION_URLS = ["question", "answer", "hint", "finish", "summary", "feedback"]

# ---------------------------------------------------------------- access per persona


@pytest.mark.parametrize(
    ("name", "status", "location"),
    [
        ("question", 200, None),
        ("answer", 302, "attempts"),
        ("hint", 302, "sessions"),
        ("finish", 302, "summary"),
        ("summary", 302, "sessions"),  # still open: back to the question
        ("feedback", 200, None),
    ],
)
def test_owner_can_use_every_session_url(login, student, practising, name, status, location):
    method, target, data = session_urls(practising)[name]
    response = getattr(login(student), method)(target, data)
    assert response.status_code == status
    if location:
        assert location in response["Location"]


@pytest.mark.parametrize("persona", ["other_student", "teacher", "other_teacher", "admin_user"])
@pytest.mark.parametrize("name", SESSION_URLS)
def test_nobody_else_can_see_or_touch_a_students_session(request, login, practising, persona, name):
    user = request.getfixturevalue(persona)
    method, target, data = session_urls(practising)[name]
    before = list(PracticeSession.objects.values()), Attempt.objects.count()
    response = getattr(login(user), method)(target, data)
    assert response.status_code == 404
    assert (list(PracticeSession.objects.values()), Attempt.objects.count()) == before


def test_another_learners_attempt_is_404_even_inside_my_own_session(
    login, student, other_student, practising
):
    mine = session_start(learner=other_student, concept=practising["concept"], now=timezone.now())
    response = login(other_student).get(url("attempt_feedback", mine.pk, practising["attempt"].pk))
    assert response.status_code == 404


@pytest.mark.parametrize("name", SESSION_URLS)
def test_anonymous_is_sent_to_login(client, practising, name):
    method, target, data = session_urls(practising)[name]
    response = getattr(client, method)(target, data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Attempt.objects.count() == 1


@pytest.mark.parametrize(
    ("method", "target"),
    [
        ("post", "practice_start"),
        ("get", "mastery_explain"),
    ],
)
def test_anonymous_is_sent_to_login_elsewhere(client, practising, method, target):
    args = (practising["concept"].slug,) if target == "mastery_explain" else ()
    response = getattr(client, method)(url(target, *args), {"scope": "review"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert PracticeSession.objects.count() == 1


def test_mastery_doc_is_public(client):
    response = client.get(url("mastery_doc"))
    assert response.status_code == 200
    assert "95%" in text_of(response)


def test_mastery_explain_shows_only_my_own_answers(login, student, other_student, practising):
    mine = login(student).get(url("mastery_explain", practising["concept"].slug))
    assert mine.status_code == 200
    assert practising["attempt"].response_text in text_of(mine)
    theirs = login(other_student).get(url("mastery_explain", practising["concept"].slug))
    assert theirs.status_code == 200
    assert "No answers on this concept yet." in text_of(theirs)


def test_mastery_explain_unknown_concept_is_404(login, student):
    assert login(student).get(url("mastery_explain", "no-such-concept")).status_code == 404


def test_start_and_answer_endpoints_refuse_get(login, student, practising):
    client = login(student)
    assert client.get(url("practice_start")).status_code == 405
    assert client.get(url("session_answer", practising["session"].pk)).status_code == 405
    assert client.get(url("session_hint", practising["session"].pk)).status_code == 405


# ---------------------------------------------------------------- the full loop


def test_full_practice_flow_from_the_concept_page(login, student):
    concept = ConceptFactory(name="Adding")
    QuestionFactory(
        concept=concept, prompt="What is 2 + 2?", explanation="Two and two make four, always."
    )
    QuestionFactory(concept=concept, prompt="What is 1 + 3?", explanation="Count on from one.")
    client = login(student)

    page = client.get(reverse("learning:concept_detail", args=[concept.slug]))
    assert reverse("progress:practice_start") in page.content.decode()
    response, session = start(client, "concept", concept.slug)
    assert response.status_code == 302
    assert response["Location"] == url("session_question", session.pk)

    afters = []
    for n in range(2):
        page = client.get(url("session_question", session.pk))
        assert page.status_code == 200
        question = page.context["question"]
        assert question.prompt in text_of(page)
        assert f"Question {n + 1}" in text_of(page)
        data = answer_post_data(question, token=token_in(page))
        response = client.post(url("session_answer", session.pk), data)
        attempt = Attempt.objects.latest("pk")
        assert response["Location"] == url("attempt_feedback", session.pk, attempt.pk)
        feedback = text_of(client.get(response["Location"]))
        assert "Correct" in feedback
        assert question.explanation in feedback
        after = round(100 * attempt.mastery_after)
        afters.append(after)
        if n == 0:
            assert f"First answer on this concept: {after}%" in feedback
        else:
            before = round(100 * attempt.mastery_before)
            assert before == afters[0]
            assert f"{before}% → <strong>{after}%</strong>" in feedback
            assert after > before

    assert client.post(url("session_finish", session.pk))["Location"] == url(
        "session_summary", session.pk
    )
    summary = text_of(client.get(url("session_summary", session.pk)))
    assert "Session summary" in summary
    assert "100%" in summary
    assert "2 of 2 correct" in summary
    assert "Adding" in summary  # the concept it moved
    session.refresh_from_db()
    assert session.status == PracticeSession.Status.COMPLETED
    # A finished session's question page sends you to the summary.
    assert client.get(url("session_question", session.pk))["Location"] == url(
        "session_summary", session.pk
    )


def test_wrong_answer_feedback_shows_the_right_one(login, student):
    question = QuestionFactory(kind="single", explanation="Because arithmetic.")
    client = login(student)
    _, session = start(client, "concept", question.concept.slug)
    client.get(url("session_question", session.pk))
    response = client.post(
        url("session_answer", session.pk), answer_post_data(question, correct=False)
    )
    feedback = text_of(client.get(response["Location"]))
    assert "Not quite" in feedback
    assert "Correct answer:" in feedback
    assert "Because arithmetic." in feedback


def test_session_ends_after_its_target_and_shows_the_summary(login, student):
    question = QuestionFactory()
    session = PracticeSessionFactory(learner=student, concept=question.concept, target_questions=1)
    client = login(student)
    client.get(url("session_question", session.pk))
    client.post(url("session_answer", session.pk), answer_post_data(question))
    response = client.get(url("session_question", session.pk))
    assert response["Location"] == url("session_summary", session.pk)
    session.refresh_from_db()
    assert session.status == PracticeSession.Status.COMPLETED


def test_refreshing_the_question_page_keeps_the_same_question_and_clock(login, student):
    concept = ConceptFactory()
    QuestionFactory.create_batch(3, concept=concept)
    session = PracticeSessionFactory(learner=student, concept=concept)
    client = login(student)
    first = client.get(url("session_question", session.pk)).context["question"]
    session.refresh_from_db()
    served_at = session.served_at
    again = client.get(url("session_question", session.pk)).context["question"]
    session.refresh_from_db()
    assert again == first
    assert session.served_at == served_at


def test_double_submit_of_the_same_page_records_one_attempt(login, student):
    question = QuestionFactory()
    session = PracticeSessionFactory(learner=student, concept=question.concept)
    client = login(student)
    client.get(url("session_question", session.pk))
    data = answer_post_data(question)
    first = client.post(url("session_answer", session.pk), data)
    second = client.post(url("session_answer", session.pk), data)
    assert first["Location"] == second["Location"]
    assert Attempt.objects.count() == 1
    session.refresh_from_db()
    assert session.question_count == 1


def test_start_with_nothing_to_practise_explains_why(login, student):
    concept = ConceptFactory()
    client = login(student)
    response = client.post(
        url("practice_start"), {"scope": "concept", "slug": concept.slug, "back": "/learn/"}
    )
    assert response["Location"] == "/learn/"
    assert not PracticeSession.objects.exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["This concept has no published questions yet."]


@pytest.mark.parametrize(
    "data",
    [
        {"scope": "concept"},
        {"scope": "planet", "slug": "x"},
        {},
    ],
)
def test_start_with_a_bad_form_is_400(login, student, data):
    response = login(student).post(url("practice_start"), data)
    assert response.status_code == 400
    assert not PracticeSession.objects.exists()


def test_start_never_redirects_off_site(login, student):
    response = login(student).post(
        url("practice_start"),
        {"scope": "concept", "slug": ConceptFactory().slug, "back": "//evil.example"},
    )
    assert response.status_code == 302
    assert "evil" not in response["Location"]


def test_starting_a_blocked_concept_warns_but_lets_you_practise(login, student):
    edge = ConceptPrerequisiteFactory()
    QuestionFactory(concept=edge.concept)
    response, session = start(login(student), "concept", edge.concept.slug)
    assert response["Location"] == url("session_question", session.pk)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("prerequisites" in m for m in messages)


# ---------------------------------------------------------------- malformed answers


def _foreign_choice(question):
    return str(QuestionFactory(kind="single").choices.first().pk)


MALFORMED = [
    # (kind, change to a good POST body, status, words of the message shown)
    ("single", lambda q, d: {**d, "answer": _foreign_choice(q)}, 400, "not on this question"),
    ("true_false", lambda q, d: {**d, "answer": _foreign_choice(q)}, 400, "not on this question"),
    ("multiple", lambda q, d: {**d, "answer": [_foreign_choice(q)]}, 400, "not on this question"),
    ("single", lambda q, d: {**d, "answer": "x" * 600}, 400, "not on this question"),
    ("single", lambda q, d: {k: v for k, v in d.items() if k != "answer"}, 400, "choose an answer"),
    ("true_false", lambda q, d: {**d, "answer": ""}, 400, "choose an answer"),
    (
        "multiple",
        lambda q, d: {k: v for k, v in d.items() if k != "answer"},
        400,
        "tick at least one",
    ),
    ("numeric", lambda q, d: {**d, "answer": ""}, 400, "type an answer"),
    ("short_text", lambda q, d: {**d, "answer": "   "}, 400, "type an answer"),
    ("numeric", lambda q, d: {**d, "answer": "7" * 600}, 400, "too long"),
    ("short_text", lambda q, d: {**d, "answer": "a" * 600}, 400, "too long"),
    ("numeric", lambda q, d: {**d, "answer": "three and a half"}, 400, "is not a number"),
    ("numeric", lambda q, d: {**d, "answer": "3,500"}, 400, "ambiguous"),
    ("numeric", lambda q, d: {**d, "answer": "NaN"}, 400, "not a finite number"),
    ("confidence", lambda q, d: {**d, "confidence": "7"}, 400, "select a valid choice"),
]
for _kind in KINDS:
    MALFORMED += [
        (
            _kind,
            lambda q, d: {k: v for k, v in d.items() if k != "client_token"},
            400,
            "page is out of date",
        ),
        (_kind, lambda q, d: {**d, "client_token": "not-a-uuid"}, 400, "page is out of date"),
        (
            _kind,
            lambda q, d: {**d, **answer_post_data(QuestionFactory(kind=q.kind))},
            400,
            "not part of this session",
        ),
        (_kind, lambda q, d: {**d, "question": "987654321"}, 404, "not available"),
        (_kind, lambda q, d: {**d, "question": "abc"}, 404, "not available"),
        (
            _kind,
            lambda q, d: {
                **d,
                "question": str(
                    QuestionFactory(concept=q.concept, status=Question.Status.DRAFT).pk
                ),
            },
            400,
            "not available",
        ),
    ]


@pytest.mark.parametrize(
    ("kind", "change", "status", "message"),
    MALFORMED,
    ids=[f"{kind}-{i}" for i, (kind, *_) in enumerate(MALFORMED)],
)
def test_malformed_answer_posts_are_refused_clearly_and_write_nothing(
    login, student, kind, change, status, message
):
    question = QuestionFactory(kind="single" if kind == "confidence" else kind)
    session = PracticeSessionFactory(learner=student, concept=question.concept)
    client = login(student)
    client.get(url("session_question", session.pk))
    before = LearnerStats.objects.count(), list(PracticeSession.objects.values())

    response = client.post(
        url("session_answer", session.pk), change(question, answer_post_data(question))
    )

    assert response.status_code == status
    assert message in text_of(response).casefold()
    assert not Attempt.objects.exists()
    assert not ConceptMastery.objects.exists()
    assert (LearnerStats.objects.count(), list(PracticeSession.objects.values())) == before
    if status == 400:
        assert 'role="alert"' in response.content.decode()


def test_answering_a_closed_session_is_refused(login, student):
    question = QuestionFactory()
    session = PracticeSessionFactory(
        learner=student, concept=question.concept, status=PracticeSession.Status.COMPLETED
    )
    response = login(student).post(url("session_answer", session.pk), answer_post_data(question))
    assert response.status_code == 400
    assert "This session has ended" in text_of(response)
    assert not Attempt.objects.exists()


# ---------------------------------------------------------------- hints


def test_hints_are_counted_on_the_server_and_recorded_with_the_answer(login, student):
    question = QuestionFactory(hint_1="Think of pairs.", hint_2="Two pairs.")
    session = PracticeSessionFactory(learner=student, concept=question.concept)
    client = login(student)
    page = client.get(url("session_question", session.pk))
    assert "Think of pairs." not in text_of(page)
    assert "Show a hint" in text_of(page)

    for expected in (1, 2, 2):  # a third request cannot reveal more than there are
        assert client.post(url("session_hint", session.pk)).status_code == 302
        session.refresh_from_db()
        assert session.hints_shown == expected
    page = client.get(url("session_question", session.pk))
    assert "Think of pairs." in text_of(page)
    assert "Two pairs." in text_of(page)
    assert "Show a hint" not in text_of(page)

    # A client claiming it used no hints is ignored: the server's count is recorded.
    data = {**answer_post_data(question, token=token_in(page)), "hints_used": "0"}
    client.post(url("session_answer", session.pk), data)
    attempt = Attempt.objects.get()
    assert attempt.hints_used == 2
    session.refresh_from_db()
    assert session.hints_shown == 0


def test_hints_shown_for_one_question_do_not_count_against_another(login, student):
    concept = ConceptFactory()
    served = QuestionFactory(concept=concept)
    other = QuestionFactory(concept=concept)
    session = PracticeSessionFactory(learner=student, concept=concept)
    session_serve(session=session, question=served, now=timezone.now())
    client = login(student)
    client.post(url("session_hint", session.pk))
    client.post(url("session_answer", session.pk), answer_post_data(other))
    assert Attempt.objects.get().hints_used == 0


# ---------------------------------------------------------------- quizzes and tests


@pytest.fixture
def quiz():
    activity = ActivityFactory(kind=Activity.Kind.QUIZ, pass_mark=60, name="Friday quiz")
    for order in range(3):
        ActivityQuestionFactory(
            activity=activity,
            order=order,
            question__concept=activity.concept,
            question__prompt=f"Quiz question {order}",
            question__explanation=f"Secret explanation {order}",
        )
    return activity


def test_an_activity_answer_costs_two_checks_more_than_a_concept_answer(login, student, quiz):
    """In an activity the answer POST also checks the question belongs to the activity and
    was not answered in it yet: two small queries by id, never the activity row itself."""
    client = login(student)
    _, session = start(client, "activity", quiz.slug)
    page = client.get(url("session_question", session.pk))  # a first answer: today's row
    client.post(url("session_answer", session.pk), answer_post_data(page.context["question"]))
    page = client.get(url("session_question", session.pk))
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            url("session_answer", session.pk), answer_post_data(page.context["question"])
        )
    assert response.status_code == 302
    sqls = [q["sql"] for q in captured.captured_queries]
    assert not [sql for sql in sqls if sql.startswith('SELECT "learning_activity"')], sqls
    assert len(sqls) <= ANSWER_POST_CEILING + 2, "\n".join(sqls)


@pytest.mark.parametrize(
    ("right", "score", "verdict"), [(2, "67%", "Passed"), (1, "33%", "Not passed yet")]
)
def test_quiz_reveals_answers_only_after_submission(login, student, quiz, right, score, verdict):
    client = login(student)
    response, session = start(client, "activity", quiz.slug)
    assert session.mode == PracticeSession.Mode.QUIZ
    for n in range(3):
        page = client.get(url("session_question", session.pk))
        question = page.context["question"]
        assert question.prompt == f"Quiz question {n}"
        assert "Secret explanation" not in text_of(page)
        assert "Show a hint" not in text_of(page)
        response = client.post(
            url("session_answer", session.pk), answer_post_data(question, correct=n < right)
        )
        # No verdict while the quiz is open: straight on to the next question.
        assert response["Location"] == url("session_question", session.pk)
        attempt = Attempt.objects.latest("pk")
        assert client.get(url("attempt_feedback", session.pk, attempt.pk)).status_code == 404
        assert client.get(url("session_summary", session.pk)).status_code == 302

    # All answered: the next question page submits the quiz.
    response = client.get(url("session_question", session.pk))
    assert response["Location"] == url("session_summary", session.pk)
    result = text_of(client.get(url("session_summary", session.pk)))
    assert "Friday quiz: results" in result
    assert score in result
    assert f"{right} of 3 correct" in result
    assert verdict in result
    assert "pass mark 60%" in result
    for n in range(3):
        assert f"Quiz question {n}" in result
    attempts = list(Attempt.objects.order_by("pk"))
    for attempt in attempts:
        assert url("attempt_feedback", session.pk, attempt.pk) in result
    feedback = client.get(url("attempt_feedback", session.pk, attempts[0].pk))
    assert feedback.status_code == 200
    assert "Secret explanation 0" in text_of(feedback)


def test_submitting_a_quiz_early_shows_the_result(login, student, quiz):
    client = login(student)
    _, session = start(client, "activity", quiz.slug)
    question = client.get(url("session_question", session.pk)).context["question"]
    client.post(url("session_answer", session.pk), answer_post_data(question))
    response = client.post(url("session_finish", session.pk))
    assert response["Location"] == url("session_summary", session.pk)
    result = text_of(client.get(response["Location"]))
    assert "1 of 1 correct" in result


def test_a_quiz_question_cannot_be_answered_twice(login, student, quiz):
    """Two tabs on the same quiz question: the second answer is refused, not counted."""
    client = login(student)
    _, session = start(client, "activity", quiz.slug)
    question = client.get(url("session_question", session.pk)).context["question"]
    client.post(url("session_answer", session.pk), answer_post_data(question))
    response = client.post(url("session_answer", session.pk), answer_post_data(question))
    assert response.status_code == 400
    assert "already answered" in text_of(response)
    session.refresh_from_db()
    assert session.question_count == 1


def test_hint_post_in_a_quiz_reveals_nothing(login, student, quiz):
    client = login(student)
    _, session = start(client, "activity", quiz.slug)
    client.get(url("session_question", session.pk))
    client.post(url("session_hint", session.pk))
    session.refresh_from_db()
    assert session.hints_shown == 0


def test_unpublished_activity_cannot_be_started(login, student, quiz):
    quiz.status = Activity.Status.DRAFT
    quiz.save()
    response, _ = start(login(student), "activity", quiz.slug)
    assert response.status_code == 404
    assert not PracticeSession.objects.exists()


# ---------------------------------------------------------------- adaptive choice


@pytest.fixture
def chain():
    """Topic with concepts blocked (order 0) → basics (1) → next step (2, needs basics)."""
    topic = TopicFactory()
    elsewhere = ConceptFactory(name="Elsewhere")  # another topic, never practised
    blocked = ConceptFactory(topic=topic, name="Blocked", order=0)
    basics = ConceptFactory(topic=topic, name="Basics", order=1)
    step = ConceptFactory(topic=topic, name="Next step", order=2)
    ConceptPrerequisiteFactory(concept=blocked, prerequisite=elsewhere)
    ConceptPrerequisiteFactory(concept=step, prerequisite=basics)
    for concept in (blocked, basics, step):
        QuestionFactory(concept=concept)
    return {"topic": topic, "blocked": blocked, "basics": basics, "step": step}


def _topic_question(client, topic):
    _, session = start(client, "topic", topic.slug)
    return client.get(url("session_question", session.pk)).context["question"]


def test_topic_practice_starts_with_the_frontier_not_a_blocked_concept(login, student, chain):
    question = _topic_question(login(student), chain["topic"])
    assert question.concept == chain["basics"]


def test_topic_practice_moves_on_once_the_prerequisite_is_mastered(login, student, chain):
    ConceptMasteryFactory(
        learner=student, concept=chain["basics"], p_known=0.97, status="mastered", attempts=4
    )
    question = _topic_question(login(student), chain["topic"])
    assert question.concept == chain["step"]


def test_topic_practice_never_picks_the_blocked_concept_even_when_all_else_is_mastered(
    login, student, chain
):
    for name in ("basics", "step"):
        ConceptMasteryFactory(
            learner=student, concept=chain[name], p_known=0.97, status="mastered", attempts=4
        )
    question = _topic_question(login(student), chain["topic"])
    assert question.concept != chain["blocked"]
    assert question.concept == chain["basics"]


def test_topic_practice_prefers_a_due_review(login, student, chain):
    ConceptMasteryFactory(
        learner=student,
        concept=chain["step"],
        p_known=0.9,
        review_due_at=timezone.now() - timedelta(hours=1),
    )
    ConceptMasteryFactory(learner=student, concept=chain["basics"], p_known=0.97)
    question = _topic_question(login(student), chain["topic"])
    assert question.concept == chain["step"]


def test_review_session_serves_the_most_overdue_concept(login, student):
    due_long, due_recent, not_due = (QuestionFactory() for _ in range(3))
    now = timezone.now()
    for question, due in [
        (due_long, now - timedelta(days=3)),
        (due_recent, now - timedelta(hours=1)),
        (not_due, now + timedelta(days=2)),
    ]:
        ConceptMasteryFactory(learner=student, concept=question.concept, review_due_at=due)
    client = login(student)
    _, session = start(client, "review")
    assert session.scope == PracticeSession.Scope.REVIEW
    page = client.get(url("session_question", session.pk))
    assert page.context["question"] == due_long
    assert "Review" in text_of(page)


def test_review_with_nothing_due_says_so(login, student):
    ConceptMasteryFactory(learner=student, review_due_at=timezone.now() + timedelta(days=1))
    response, session = start(login(student), "review")
    assert session is None
    assert [str(m) for m in response.wsgi_request._messages] == [
        "Nothing is due for review right now."
    ]


# ---------------------------------------------------------------- query budgets


def _history(learner, *, concepts, attempts, other_learners, other_attempts):
    """Past practice: ``attempts`` answers across ``concepts`` concepts, plus strangers'."""
    questions = [QuestionFactory() for _ in range(concepts)]
    start_at = timezone.now() - timedelta(days=30)
    attempts_bulk(learner=learner, questions=questions, count=attempts, start=start_at)
    for question in questions:
        ConceptMasteryFactory(
            learner=learner, concept=question.concept, review_due_at=start_at, p_known=0.6
        )
    for _ in range(other_learners):
        attempts_bulk(
            learner=StudentFactory(), questions=questions, count=other_attempts, start=start_at
        )
    return questions


def _answer_queries(client, session, question) -> list[str]:
    client.get(url("session_question", session.pk))
    data = answer_post_data(question)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url("session_answer", session.pk), data)
    assert response.status_code == 302, response.content
    return [q["sql"] for q in captured.captured_queries]


# The answer POST, query by query. Inside a test the outer transaction is a savepoint; in
# production those two statements are BEGIN and COMMIT.
#   1 django_session row           2 auth user
#   3 PracticeSession (no joins: the answer needs none of them)
#   4 Question (+concept, its mastery parameters)
#   5 its choices (prefetch, shared by form and grading)
#     (4 and 5 only the first time this process meets the question under the current
#     content version: learning.versioning; the session read carries the version token)
#   6 SAVEPOINT (BEGIN)
#   7 LearnerStats FOR UPDATE (the learner's lock) + profile (timezone) + content version
#   8 client token already used? (under the lock)
#   9 ConceptMastery FOR UPDATE   10 INSERT Attempt   11 UPDATE ConceptMastery
#  12 ProgressMetric rows of the learner               13 UPDATE DailyActivity (F())
#  14 the learner's ConceptMastery estimates (roll-ups)
#  15 published concepts (roll-up weights): only when this process has not seen the
#     current content version yet (learning.versioning)
#  16 LearnerGoal                 17 INSERT .. ON CONFLICT ProgressMetric (every metric)
#  18 UPDATE LearnerStats         19 UPDATE PracticeSession (F(), only while still open)
#  20 active badges this event can move, with this learner's awards
#  21 RELEASE SAVEPOINT (COMMIT)
ANSWER_POST_CEILING = 21


def test_answer_post_query_count_does_not_grow_with_data(login, student):
    concept = ConceptFactory()
    questions = QuestionFactory.create_batch(2, concept=concept)
    session = PracticeSessionFactory(learner=student, concept=concept, target_questions=50)
    client = login(student)
    for _ in range(3):  # a small past: three answers through the real path
        client.get(url("session_question", session.pk))
        client.post(url("session_answer", session.pk), answer_post_data(questions[0]))
    versioning.clear()  # as if this process had not served an answer since it started
    small = _answer_queries(client, session, questions[1])
    small_warm = _answer_queries(client, session, questions[0])

    _history(student, concepts=40, attempts=300, other_learners=15, other_attempts=40)
    LearnerStats.objects.filter(learner=student).update(total_attempts=305)
    assert Attempt.objects.filter(learner=student).count() == 305
    # The history added concepts: a new content version, so the next answer rebuilds the
    # concept list once (as small's first answer did), and the one after reuses it.
    large = _answer_queries(client, session, questions[0])
    large_warm = _answer_queries(client, session, questions[1])

    assert len(large) == len(small), "\n".join(large)
    assert len(large_warm) == len(small_warm) == len(small) - 1, "\n".join(large_warm)
    assert len(small) <= ANSWER_POST_CEILING, "\n".join(small)
    assert not [
        sql for sql in large_warm if sql.startswith('SELECT DISTINCT "learning_concept"')
    ], "\n".join(large_warm)
    # The same question again: concept list and question both kept by this process.
    again = _answer_queries(client, session, questions[1])
    assert len(again) == len(large_warm) - 2, "\n".join(again)
    assert not [sql for sql in again if sql.startswith('SELECT "learning_')], "\n".join(again)


# The question page when a new question is served:
#   1 django_session  2 user  3 PracticeSession (+concept, topic, activity, current question)
#   4 published questions of the concept with this learner's answer counts (one aggregate)
#   5 ConceptMastery  6 MasteryParameters
#   7 SAVEPOINT  8 UPDATE PracticeSession (serve: question and clock)  9 RELEASE SAVEPOINT
#  10 the question's choices (shared by the form and the page)
QUESTION_GET = 10
# Refreshing it: 1 django_session  2 user  3 PracticeSession (+the question on screen)
#   4 its choices
QUESTION_REFRESH_GET = 4


def test_question_page_query_budget(login, student, django_assert_num_queries):
    concept = ConceptFactory()
    QuestionFactory.create_batch(5, concept=concept)
    _history(student, concepts=10, attempts=60, other_learners=3, other_attempts=20)
    session = PracticeSessionFactory(learner=student, concept=concept)
    client = login(student)
    with django_assert_num_queries(QUESTION_GET):
        assert client.get(url("session_question", session.pk)).status_code == 200
    # Refreshing: the question is already on screen, nothing to choose or serve.
    with django_assert_num_queries(QUESTION_REFRESH_GET):
        assert client.get(url("session_question", session.pk)).status_code == 200


def test_choosing_a_question_reads_only_this_learners_attempts(login, student):
    """Each question's times-answered comes from the learner's own attempts (a correlated
    subquery on the learner's index), never from a join on every attempt of the question:
    that join read all learners' answers and took 120-200 ms on 10 million attempts."""
    concept = ConceptFactory()
    questions = QuestionFactory.create_batch(3, concept=concept)
    for _ in range(4):  # strangers answered these questions many times
        attempts_bulk(learner=StudentFactory(), questions=questions, count=30, start=timezone.now())
    recently = timezone.now() - timedelta(minutes=5)
    attempts_bulk(learner=student, questions=questions[:1], count=2, start=recently)
    session = PracticeSessionFactory(learner=student, concept=concept)
    client = login(student)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url("session_question", session.pk))
    assert response.status_code == 200
    joins = [q["sql"] for q in captured.captured_queries if 'JOIN "progress_attempt"' in q["sql"]]
    assert not joins, joins
    # The learner answered the first question minutes ago, so another one is served.
    assert response.context["question"].pk != questions[0].pk


# Feedback: 1 django_session  2 user  3 PracticeSession (+related)  4 Attempt (+question, concept)
#   5 badges earned and not yet announced
FEEDBACK_GET = 5
# Summary: 1 django_session  2 user  3 PracticeSession (+related)
#   4 the session's attempts (+question)  5 the session's attempts (+concept) for the moves
SUMMARY_GET = 5
# Why this number: 1 django_session  2 user  3 Concept (+topic, subject)  4 ConceptMastery
#   5 every attempt on the concept  6 MasteryParameters
EXPLAIN_GET = 6


@pytest.mark.parametrize("answers", [2, 40])
def test_page_budgets_do_not_grow_with_attempts(login, student, django_assert_num_queries, answers):
    concept = ConceptFactory()
    questions = QuestionFactory.create_batch(4, concept=concept)
    session = PracticeSessionFactory(learner=student, concept=concept, target_questions=answers)
    now = timezone.now() - timedelta(days=1)
    for n in range(answers):
        result = attempt_record(
            learner=student,
            question=questions[n % 4],
            response=answer_for(questions[n % 4], correct=n % 3 != 0),
            client_token=uuid.uuid4(),
            now=now + timedelta(minutes=n),
            session=session,
        )
    session_complete(session=session, now=timezone.now())
    client = login(student)

    with django_assert_num_queries(FEEDBACK_GET):
        response = client.get(url("attempt_feedback", session.pk, result.attempt.pk))
        assert response.status_code == 200
    with django_assert_num_queries(SUMMARY_GET):
        assert client.get(url("session_summary", session.pk)).status_code == 200
    with django_assert_num_queries(EXPLAIN_GET):
        response = client.get(url("mastery_explain", concept.slug))
        assert response.status_code == 200
    assert len(response.context["attempts"]) == answers

"""The study plan in calendar apps: stable event UIDs across re-planning, and a secret
subscription address that works without a session and stops when rotated or turned off.
Every calendar is parsed with the ``icalendar`` package, as a calendar app would."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from progress.plans import services as plan_services
from progress.plans.calendar import event_uid
from progress.plans.models import CalendarFeed, StudyPlan
from progress.plans.selectors import plan_calendar
from tests import factories

icalendar = pytest.importorskip("icalendar")
pytestmark = pytest.mark.django_db
FEED_URL = re.compile(r'id="feed-url"[^>]*>(?P<url>[^<]+)</textarea>')


@pytest.fixture
def curriculum(db):
    topic = factories.TopicFactory(exam_weightage=50, estimated_hours=6)
    concepts = [factories.ConceptFactory(topic=topic, order=i) for i in range(6)]
    for concept in concepts:
        factories.QuestionFactory(concept=concept)
    return concepts


@pytest.fixture
def planner(student, curriculum):
    profile = student.profile
    profile.exam_date = timezone.localdate() + timedelta(days=40)
    profile.minutes_per_day = 20
    profile.save()
    return student


def events(body: str) -> dict[str, dict]:
    """UID -> the event's properties (DTSTAMP left out: it is the time of the download)."""
    calendar = icalendar.Calendar.from_ical(body)
    found = {}
    for event in calendar.walk("VEVENT"):
        props = {key: value.to_ical().decode() for key, value in event.items()}
        props.pop("DTSTAMP")
        found[str(event["UID"])] = props
    return found


def test_re_planning_keeps_every_unchanged_events_uid(planner):
    now = timezone.now()
    plan_services.plan_generate(learner=planner, now=now)
    before = events(plan_calendar(learner=planner, now=now))
    assert len(before) >= 10
    plan_services.plan_generate(learner=planner, now=now + timedelta(minutes=5))
    after = events(plan_calendar(learner=planner, now=now + timedelta(minutes=5)))
    assert StudyPlan.objects.filter(learner=planner).count() == 2
    assert after == before, "the same plan again: the same events, the same UIDs"


def test_a_changed_plan_updates_its_days_instead_of_adding_events(planner):
    now = timezone.now()
    plan_services.plan_generate(learner=planner, now=now)
    before = events(plan_calendar(learner=planner, now=now))
    plan_services.plan_generate(learner=planner, now=now, rest_weekdays=[5, 6])
    after = events(plan_calendar(learner=planner, now=now))
    by_day = {e["DTSTART"]: uid for uid, e in before.items()}
    for uid, event in after.items():
        if event["DTSTART"] in by_day:
            assert by_day[event["DTSTART"]] == uid, "a day keeps its UID when its content moves"
    changed = {uid for uid in set(before) & set(after) if before[uid] != after[uid]}
    assert changed, "the rest days moved study time: those days were updated in place"
    assert not any(e["DTSTART"] in by_day and uid not in before for uid, e in after.items())


def test_past_days_stay_in_the_calendar_after_re_planning(planner):
    start = timezone.now()
    plan_services.plan_generate(learner=planner, now=start)
    first = events(plan_calendar(learner=planner, now=start))
    later = start + timedelta(days=2)
    plan_services.plan_generate(learner=planner, now=later)
    after = events(plan_calendar(learner=planner, now=later))
    past = {uid: e for uid, e in first.items() if e["DTSTART"] < f"{later:%Y%m%d}"}
    assert past and all(after[uid] == event for uid, event in past.items())


def test_uids_name_the_day_and_learner_only():
    day = timezone.localdate()
    assert event_uid(learner_id=1, day=day) == event_uid(learner_id=1, day=day)
    assert event_uid(learner_id=1, day=day) != event_uid(learner_id=2, day=day)
    assert event_uid(learner_id=1, day=day).endswith("@pathwise")
    assert ":1" not in event_uid(learner_id=1, day=day)


# The subscription -------------------------------------------------------------------------


def subscribe(client) -> str:
    response = client.post(reverse("plans:calendar"), follow=True)
    assert response.redirect_chain == [(reverse("plans:calendar"), 302)]
    assert "no-store" in response["Cache-Control"]
    url = FEED_URL.search(response.content.decode())["url"]
    again = client.get(reverse("plans:calendar")).content.decode()
    assert not FEED_URL.search(again), "the address is shown once"
    return url


def test_the_feed_works_without_a_session_and_stops_when_turned_off(login, client, planner):
    plan_services.plan_generate(learner=planner, now=timezone.now())
    url = subscribe(login(planner))
    assert url.startswith("http://testserver/plan/feed/cal_") and url.endswith(".ics")
    raw = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert not CalendarFeed.objects.filter(token_hash=raw).exists()  # only a digest is kept
    client.logout()

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    body = response.content.decode()
    assert set(events(body)) == set(events(plan_calendar(learner=planner, now=timezone.now())))
    calendar = icalendar.Calendar.from_ical(body)
    assert str(calendar["REFRESH-INTERVAL"].to_ical(), "ascii") == "PT1H"
    assert "sessionid" not in response.cookies
    assert CalendarFeed.objects.get().last_fetched_at is not None
    assert client.head(url).status_code == 200

    login(planner).post(reverse("plans:calendar_revoke"))
    client.logout()
    assert client.get(url).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_a_new_address_stops_the_old_one(login, client, planner):
    old = subscribe(login(planner))
    new = subscribe(login(planner))
    client.logout()
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_feeds_show_their_own_learners_plan_only(login, client, planner, other_student):
    plan_services.plan_generate(learner=planner, now=timezone.now())
    mine = subscribe(login(planner))
    theirs = subscribe(login(other_student))  # no plan yet: an empty, valid calendar
    client.logout()
    their_body = client.get(theirs).content.decode()
    assert icalendar.Calendar.from_ical(their_body).walk("VEVENT") == []
    assert len(events(client.get(mine).content.decode())) > 0
    assert client.get(mine.replace("cal_", "cal_x")).status_code == 404
    assert client.get("/plan/feed/not-a-token.ics").status_code == 404


def test_a_deactivated_learners_feed_stops(login, client, planner):
    url = subscribe(login(planner))
    planner.is_active = False
    planner.save()
    client.logout()
    assert client.get(url).status_code == 404


def test_the_subscription_page_is_for_students(client, login, teacher, planner):
    page = reverse("plans:calendar")
    response = client.get(page)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert login(teacher).post(page).status_code == 404
    assert login(planner).get(reverse("plans:calendar_revoke")).status_code == 405
    html = login(planner).get(page).content.decode()
    assert 'id="feed-state">Off.' in html


@pytest.mark.parametrize("generations", [1, 4])
def test_the_feed_costs_the_same_whatever_the_history(client, login, planner, generations):
    start = timezone.now() - timedelta(days=generations)
    for day in range(generations):
        plan_services.plan_generate(learner=planner, now=start + timedelta(days=day))
    url = subscribe(login(planner))
    client.logout()
    client.get(url)  # the first read records the fetch (one UPDATE)
    # the feed and its learner, the active plan, its items, the past month's items
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == 4, "\n".join(q["sql"] for q in queries.captured_queries)


def test_a_guests_subscription_keeps_working_after_they_sign_up(login, client, guest, student):
    from accounts import services as account_services

    url = subscribe(login(guest))
    account_services.guest_claim(guest=guest, user=student)
    client.logout()
    assert client.get(url).status_code == 200
    assert CalendarFeed.objects.get().learner == student

"""Seed a provisioned Kolibri with a class of learners working on the bench channel.

Run inside Kolibri (its Django settings and KOLIBRI_HOME), after ``provisiondevice`` and the
channel import::

    PEER_CHANNEL=/path/channel.json PEER_LEARNERS=16 PEER_PASSWORD=... \
        kolibri manage shell -c "exec(open('bench/peer/kolibri_seed.py').read())"

Creates, through Kolibri's own models (as its coach and facility admin screens would):
a coach, ``PEER_LEARNERS`` learners ``learner0001..`` in the class "Year 7 Maths", one
active lesson per channel topic (its exercises as resources) and one active quiz of ten
questions drawn from the first lesson's exercises, all assigned to the whole class.
Prints one line ``PEER_JSON {...}`` with the facility id, the learners and, per learner,
the exercise (node, content, items) and lesson that learner answers in the bench.
"""

import json
import os

from kolibri.core.auth.constants import role_kinds
from kolibri.core.auth.models import Classroom, Facility, FacilityUser
from kolibri.core.exams.models import Exam, ExamAssignment
from kolibri.core.lessons.models import Lesson, LessonAssignment


def _user(facility, username, password, full_name):
    user = FacilityUser.objects.filter(username=username, facility=facility).first()
    if user is None:
        user = FacilityUser(username=username, facility=facility, full_name=full_name)
        user.set_password(password)
        user.save()
    return user


def peer_seed():
    with open(os.environ["PEER_CHANNEL"]) as f:
        channel = json.load(f)
    n_learners = int(os.environ.get("PEER_LEARNERS", "16"))
    password = os.environ["PEER_PASSWORD"]
    facility = Facility.get_default_facility()

    coach = _user(facility, "coach", password, "Bench Coach")
    facility.add_role(coach, role_kinds.ASSIGNABLE_COACH)
    classroom = Classroom.objects.filter(name="Year 7 Maths", parent=facility).first()
    if classroom is None:
        classroom = Classroom.objects.create(name="Year 7 Maths", parent=facility)
    classroom.add_coach(coach)

    learners = []
    for i in range(1, n_learners + 1):
        learner = _user(facility, f"learner{i:04d}", password, f"Learner {i:04d}")
        classroom.add_member(learner)
        learners.append(learner)

    by_topic = {}
    for exercise in channel["exercises"]:
        by_topic.setdefault(exercise["topic"], []).append(exercise)
    lessons = {}
    for topic, exercises in sorted(by_topic.items()):
        title = f"Unit {topic + 1} practice"
        lesson = Lesson.objects.filter(title=title, collection=classroom).first()
        if lesson is None:
            lesson = Lesson.objects.create(
                title=title,
                description="Bench lesson",
                collection=classroom,
                created_by=coach,
                is_active=True,
                resources=[
                    {
                        "contentnode_id": e["node_id"],
                        "content_id": e["content_id"],
                        "channel_id": channel["channel_id"],
                    }
                    for e in exercises
                ],
            )
            LessonAssignment.objects.create(lesson=lesson, collection=classroom, assigned_by=coach)
        lessons[topic] = lesson.id

    if not Exam.objects.filter(title="Unit 1 quiz", collection=classroom).exists():
        questions = [
            {
                "exercise_id": e["node_id"],
                "question_id": item,
                "item": f"{e['node_id']}:{item}",
                "title": "Addition",
                "counter_in_exercise": k + 1,
            }
            for e in by_topic[0][:2]
            for k, item in enumerate(e["items"][:5])
        ]
        exam = Exam.objects.create(
            title="Unit 1 quiz",
            question_count=len(questions),
            question_sources=[
                {
                    "section_id": "a" * 32,
                    "section_title": "Section 1",
                    "description": "",
                    "question_count": len(questions),
                    "learners_see_fixed_order": False,
                    "questions": questions,
                }
            ],
            collection=classroom,
            creator=coach,
            active=True,
            data_model_version=3,
        )
        ExamAssignment.objects.create(exam=exam, collection=classroom, assigned_by=coach)

    exercises = channel["exercises"]
    out = {
        "facility": facility.id,
        "classroom": classroom.id,
        "learners": [
            {
                "username": learner.username,
                "exercise": exercises[i % len(exercises)],
                "lesson": lessons[exercises[i % len(exercises)]["topic"]],
            }
            for i, learner in enumerate(learners)
        ],
    }
    print("PEER_JSON " + json.dumps(out))


peer_seed()

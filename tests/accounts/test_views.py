import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Classroom, StudentProfile, User
from tests import factories

pytestmark = pytest.mark.django_db


def test_signup_creates_student_with_profile_and_joins_class(client, classroom):
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "newbie",
            "first_name": "New",
            "last_name": "Bie",
            "email": "newbie@example.org",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "join_code": classroom.display_join_code.lower(),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    user = User.objects.get(username="newbie")
    assert user.role == User.Role.STUDENT
    assert StudentProfile.objects.filter(user=user).exists()
    assert classroom.students.filter(pk=user.pk).exists()
    # Logged in straight away.
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_signup_with_unknown_join_code_is_refused_and_writes_nothing(client, db):
    users_before = User.objects.count()
    response = client.post(
        reverse("accounts:signup"),
        {
            "username": "newbie",
            "email": "newbie@example.org",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "join_code": "ZZZZ-ZZZZ",
        },
    )
    assert response.status_code == 200
    assert "No class has that join code" in response.content.decode()
    assert User.objects.count() == users_before


def test_signup_rejects_huge_and_missing_fields(client, db):
    response = client.post(reverse("accounts:signup"), {"username": "x" * 100_000})
    assert response.status_code == 200
    assert User.objects.count() == 0


def test_profile_edit_saves_and_validates_timezone(login, student):
    client = login(student)
    url = reverse("accounts:profile")
    bad = client.post(url, {"minutes_per_day": 30, "timezone": "Mars/Olympus_Mons"})
    assert bad.status_code == 200
    assert "Select a valid choice" in bad.content.decode()
    good = client.post(
        url,
        {
            "grade": "Grade 8",
            "goal": "GCSE Maths",
            "exam_date": "2027-06-01",
            "minutes_per_day": 45,
            "timezone": "Asia/Kolkata",
        },
    )
    assert good.status_code == 302
    student.profile.refresh_from_db()
    assert student.profile.timezone == "Asia/Kolkata"
    assert student.profile.minutes_per_day == 45


def test_profile_rejects_out_of_range_minutes(login, student):
    client = login(student)
    response = client.post(
        reverse("accounts:profile"), {"minutes_per_day": 100_000, "timezone": "UTC"}
    )
    assert response.status_code == 200
    student.profile.refresh_from_db()
    assert student.profile.minutes_per_day == 30


@pytest.mark.parametrize("name", ["accounts:profile", "accounts:classroom_join"])
def test_student_pages_hidden_from_teachers(login, teacher, name):
    assert login(teacher).get(reverse(name)).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/profile/",
        "/accounts/classes/",
        "/accounts/classes/new/",
        "/accounts/classes/join/",
        "/accounts/password_change/",
    ],
)
def test_anonymous_is_sent_to_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_teacher_creates_class_and_sees_roster(login, teacher, student):
    client = login(teacher)
    response = client.post(reverse("accounts:classroom_create"), {"name": "8C Science"})
    classroom = Classroom.objects.get(name="8C Science")
    assert response["Location"] == classroom.get_absolute_url()
    assert classroom.teachers.filter(pk=teacher.pk).exists()
    classroom.students.add(student)
    page = client.get(classroom.get_absolute_url()).content.decode()
    assert student.username in page
    assert classroom.display_join_code in page


def test_other_teacher_gets_404_on_class(login, classroom, other_teacher):
    client = login(other_teacher)
    assert client.get(classroom.get_absolute_url()).status_code == 404
    regenerate = reverse("accounts:classroom_regenerate_code", args=[classroom.pk])
    assert client.post(regenerate).status_code == 404


def test_student_gets_404_on_class_pages(login, classroom, student):
    client = login(student)
    assert client.get(classroom.get_absolute_url()).status_code == 404
    assert client.get(reverse("accounts:classroom_list")).status_code == 404


def test_regenerate_code_invalidates_old_code(login, classroom, teacher, other_student):
    old = classroom.join_code
    login(teacher).post(reverse("accounts:classroom_regenerate_code", args=[classroom.pk]))
    classroom.refresh_from_db()
    assert classroom.join_code != old
    client = login(other_student)
    response = client.post(reverse("accounts:classroom_join"), {"code": old})
    assert "No class has that join code" in response.content.decode()
    assert not classroom.students.filter(pk=other_student.pk).exists()
    client.post(reverse("accounts:classroom_join"), {"code": classroom.display_join_code})
    assert classroom.students.filter(pk=other_student.pk).exists()


def test_regenerate_code_needs_post(login, classroom, teacher):
    url = reverse("accounts:classroom_regenerate_code", args=[classroom.pk])
    assert login(teacher).get(url).status_code == 405


def test_password_reset_sends_email(client, student):
    response = client.post(reverse("password_reset"), {"email": student.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_login_and_logout(client, student):
    response = client.post(
        reverse("login"), {"username": "student", "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_navigation_is_role_aware(login, student, teacher):
    student_page = login(student).get("/", follow=True).content.decode()
    assert "Join a class" in student_page
    assert "My classes" not in student_page
    teacher_page = login(teacher).get("/").content.decode()
    assert "My classes" in teacher_page
    assert "Join a class" not in teacher_page


# Query budgets ---------------------------------------------------------------------------


def _roster(classroom, n):
    students = [factories.StudentFactory() for _ in range(n)]
    classroom.students.add(*students)


@pytest.mark.parametrize("size", [2, 25])
def test_classroom_detail_query_budget(login, classroom, teacher, django_assert_num_queries, size):
    _roster(classroom, size)
    client = login(teacher)
    # session, user, classroom (+teacher check), roster with profiles
    with django_assert_num_queries(4):
        assert client.get(classroom.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("size", [1, 12])
def test_classroom_list_query_budget(login, teacher, django_assert_num_queries, size):
    for _ in range(size):
        factories.ClassroomFactory(teachers=[teacher], students=[factories.StudentFactory()])
    client = login(teacher)
    # session, user, classrooms with student counts
    with django_assert_num_queries(3):
        assert client.get(reverse("accounts:classroom_list")).status_code == 200


def test_student_home_is_the_dashboard(login, student):
    response = login(student).get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("progress:dashboard")


@pytest.mark.parametrize("size", [1, 8])
def test_home_query_budget_teacher(login, teacher, django_assert_num_queries, size):
    for _ in range(size):
        factories.ClassroomFactory(teachers=[teacher], students=[factories.StudentFactory()])
        factories.SubjectFactory()
    client = login(teacher)
    # session, user, subjects with counts, taught classrooms with counts
    with django_assert_num_queries(4):
        assert client.get("/").status_code == 200


def test_profile_query_budget(login, student, django_assert_num_queries):
    client = login(student)
    # session, user, profile
    with django_assert_num_queries(3):
        assert client.get(reverse("accounts:profile")).status_code == 200

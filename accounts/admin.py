from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from accounts.models import ClassGroup, Classroom, StudentProfile, User


class StudentProfileInline(admin.StackedInline):
    model = StudentProfile
    can_delete = False
    max_num = 1
    extra = 0
    verbose_name_plural = "student profile"
    fields = ("grade", "goal", "exam_date", "minutes_per_day", "timezone")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "role", "is_staff")
    list_filter = ("role", "is_staff", "is_superuser", "is_active", "groups")
    inlines = (StudentProfileInline,)
    fieldsets = (
        (None, {"fields": ("username", "password", "role")}),
        *DjangoUserAdmin.fieldsets[1:],
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "role", "usable_password", "password1", "password2"),
            },
        ),
    )

    def get_inline_instances(self, request: HttpRequest, obj: User | None = None) -> list:
        # Only students have a profile; a teacher's page should not offer one.
        if obj is not None and not obj.is_student:
            return []
        return super().get_inline_instances(request, obj)


@admin.register(Classroom)
class ClassroomAdmin(admin.ModelAdmin):
    list_display = ("name", "display_join_code", "teacher_count", "student_count", "created_at")
    search_fields = ("name", "join_code", "teachers__username", "teachers__last_name")
    autocomplete_fields = ("teachers", "students")
    readonly_fields = ("join_code", "created_at")
    ordering = ("name", "pk")  # the queryset is annotated, so Meta.ordering would not apply
    fields = ("name", "join_code", "timezone", "teachers", "students", "created_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Classroom]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                _teacher_count=Count("teachers", distinct=True),
                _student_count=Count("students", distinct=True),
            )
        )

    @admin.display(description=gettext_lazy("join code"), ordering="join_code")
    def display_join_code(self, obj: Classroom) -> str:
        return obj.display_join_code

    @admin.display(description=gettext_lazy("teachers"), ordering="_teacher_count")
    def teacher_count(self, obj: Classroom) -> int:
        return obj._teacher_count

    @admin.display(description=gettext_lazy("students"), ordering="_student_count")
    def student_count(self, obj: Classroom) -> int:
        return obj._student_count


@admin.register(ClassGroup)
class ClassGroupAdmin(admin.ModelAdmin):
    """Read-only: teachers manage groups on the class's Groups page (the service keeps
    members inside the class and keeps groups that work was assigned to)."""

    list_display = ("name", "classroom", "member_count", "created_at")
    list_select_related = ("classroom",)
    search_fields = ("name", "classroom__name")
    ordering = ("classroom__name", "name", "pk")
    fields = ("name", "classroom", "members", "created_at")

    def get_queryset(self, request: HttpRequest) -> QuerySet[ClassGroup]:
        return super().get_queryset(request).annotate(_member_count=Count("members"))

    @admin.display(description=gettext_lazy("members"), ordering="_member_count")
    def member_count(self, obj: ClassGroup) -> int:
        return obj._member_count

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

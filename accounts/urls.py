from django.urls import path

from accounts import email_views, group_views, guest_views, language_views, token_views, views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("guest/", views.guest_start_view, name="guest_start"),
    path("guest/keep/", guest_views.guest_claim, name="guest_claim"),
    path("profile/", views.profile_edit, name="profile"),
    path("language/", language_views.set_language, name="set_language"),
    path("email/", email_views.email_settings, name="email"),
    path("email/verify/<str:token>/", email_views.email_verify, name="email_verify"),
    path("classes/", views.classroom_list, name="classroom_list"),
    path("classes/new/", views.classroom_create_view, name="classroom_create"),
    path("classes/join/", views.classroom_join_view, name="classroom_join"),
    path("classes/<int:pk>/", views.classroom_detail, name="classroom_detail"),
    path(
        "classes/<int:pk>/regenerate-code/",
        views.classroom_regenerate_code_view,
        name="classroom_regenerate_code",
    ),
    path("classes/<int:pk>/edit/", group_views.classroom_edit, name="classroom_edit"),
    path("classes/<int:pk>/groups/", group_views.class_group_list, name="class_groups"),
    path(
        "classes/<int:pk>/groups/members/",
        group_views.class_group_members,
        name="class_group_members",
    ),
    path("groups/<int:pk>/rename/", group_views.class_group_rename, name="class_group_rename"),
    # After the groups page: the URL matrix walks URLs in order, and this one deletes.
    path("groups/<int:pk>/delete/", group_views.class_group_delete, name="class_group_delete"),
    path("tokens/", token_views.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", token_views.token_revoke, name="token_revoke"),
]

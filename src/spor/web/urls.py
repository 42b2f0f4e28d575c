"""The web application's own routes, included by spor.urls at the root.

`home`, `login`, `login-otp`, `logout` and `set_language` keep global names (other apps and tests
reverse them unqualified); the other pages of this app are named under the `web` namespace.
"""

from django.urls import include, path

from spor.web import (
    auth,
    casefiles,
    estimation,
    inquiries,
    intake,
    referrals,
    screening_referral,
    search,
    statistics,
    tasks,
    views,
)

#: The pages of this app, reversed as `web:<name>`.
pages = [
    path("", views.home, name="home"),
    path("hotline/", intake.intake, name="intake"),
    path("hotline/dubletter/", intake.duplicates, name="intake-duplicates"),
    path("hotline/dubletter/<uuid:code>/vis/", intake.duplicate_reveal, name="intake-duplicate-reveal"),
    path("soeg/", search.search, name="search"),
    path("henvendelser/", inquiries.inquiry_queue, name="inquiry-queue"),
    path("henvendelser/mine/", inquiries.inquiry_mine, name="inquiry-mine"),
    path("henvendelser/team/", inquiries.inquiry_team, name="inquiry-team"),
    path("henvendelse/<uuid:code>/", inquiries.inquiry_detail, name="inquiry-detail"),
    path("henvendelse/<uuid:code>/person/", inquiries.inquiry_person, name="inquiry-person"),
    path("henvendelse/<uuid:code>/afslut/", inquiries.inquiry_close, name="inquiry-close"),
    path("henvendelse/<uuid:code>/fordel/", views.inquiry_assign, name="inquiry-assign"),
    path("henvisning/", referrals.referral_list, name="referral-list"),
    path("henvisning/ny/", referrals.referral_submit, name="referral-submit"),
    path("henvisning/<uuid:code>/", referrals.referral_detail, name="referral-detail"),
    path("screening/netvaerk/<str:network_id>/henvis/", screening_referral.screening_refer, name="screening-refer"),
    path("analyse/", views.analyst, name="analyst"),
    path("analyse/statistik/", statistics.statistics_year, name="statistics"),
    path("analyse/statistik/ny/", statistics.release_start, name="release-start"),
    path("analyse/udgivelse/<uuid:code>/tekst/", statistics.release_text, name="release-text"),
    path("analyse/udgivelse/<uuid:code>/dan/", statistics.release_generate, name="release-generate"),
    path("analyse/udgivelse/<uuid:code>/status/", statistics.release_progress, name="release-progress"),
    path("analyse/udgivelse/<uuid:code>/frys/", statistics.release_freeze, name="release-freeze"),
    path("analyse/udgivelse/<uuid:code>/send/", statistics.release_submit, name="release-submit"),
    path("analyse/udgivelse/<uuid:code>/godkend/", statistics.release_approve, name="release-approve"),
    path("analyse/udgivelse/<uuid:code>/udgiv/", statistics.release_publish, name="release-publish"),
    path("analyse/udgivelse/<uuid:code>/revider/", statistics.release_revise, name="release-revise"),
    path("analyse/udgivelse/<uuid:code>/vis/", statistics.release_preview, name="release-preview"),
    path("analyse/udgivelse/<uuid:code>/fil/<path:name>", statistics.release_download, name="release-download"),
    path("analyse/offentliggjorte-tal/", statistics.published_list, name="published"),
    path("analyse/offentliggjorte-tal/indlaes/", statistics.published_load, name="published-load"),
    path("analyse/offentliggjorte-tal/<int:year>/", statistics.published_edit, name="published-edit"),
    path("analyse/moerketal/", estimation.estimate_new, name="estimate-new"),
    path("analyse/moerketal/<uuid:code>/", estimation.estimate_run, name="estimate-run"),
    path("analyse/moerketal/<uuid:code>/status/", estimation.estimate_status, name="estimate-status"),
    path(
        "analyse/moerketal/<uuid:code>/rapport.<str:kind>",
        estimation.estimate_report,
        name="estimate-report",
    ),
    path("opgaver/", tasks.task_list, name="tasks"),
    path("opgaver/ny/", tasks.task_add, name="task-add"),
    path("opgaver/team/", tasks.team, name="team"),
    path("opgaver/<uuid:code>/udfoert/", tasks.task_done, name="task-done"),
    path("opgaver/<uuid:code>/tildel/", tasks.task_reassign, name="task-reassign"),
    path("opgaver/sag/<uuid:code>/kontaktperson/", tasks.contact_person_change, name="task-contact-person"),
    path("notifikationer/", tasks.notification_list, name="notifications"),
    path("notifikationer/laest/", tasks.notification_read, name="notifications-read"),
    path("sag/<uuid:code>/journal/", casefiles.journal_note_add, name="journal-add"),
    path("sag/<uuid:code>/dokumenter/", casefiles.document_upload, name="document-upload"),
    path("sag/<uuid:code>/dokumenter/<uuid:document>/", casefiles.document_download, name="document-download"),
    path("logout/overalt/", auth.logout_everywhere, name="logout-everywhere"),
    path("sikkerhed/", auth.security, name="security"),
    path("brugere/", auth.users, name="users"),
    path("brugere/<uuid:code>/tilmeldingskode/", auth.enrolment_code_issue, name="enrolment-code-issue"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth.login_password, name="login"),
    path("login/kode/", auth.login_otp, name="login-otp"),
    path("logout/", auth.logout_view, name="logout"),
    # Django admin's own log-in would skip the second factor: it is sent to Spor's.
    path("admin/login/", auth.admin_login, name="admin-login"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include((pages, "web"))),
]

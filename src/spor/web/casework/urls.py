"""Casework routes under /sag/: UUID codes only, never names or sequential ids (docs/architecture.md#logs-and-urls)."""

from django.urls import path

from spor.web.casework import actions, children, identity, rights, tracks, views

app_name = "casework"

urlpatterns = [
    path("person/<uuid:code>/", views.person_detail, name="person-detail"),
    path("person/<uuid:code>/identitet/", views.person_identity, name="person-identity"),
    path("person/<uuid:code>/identitet/ret/", identity.person_identity_edit, name="person-identity-edit"),
    path("person/<uuid:code>/samtykke/", actions.consent_record, name="consent-record"),
    path("person/<uuid:code>/status/", actions.status_override, name="status-override"),
    path("person/<uuid:code>/boern/", children.child_add, name="child-add"),
    path("person/<uuid:code>/boern/<uuid:child>/fjern/", children.child_remove, name="child-remove"),
    path("<uuid:code>/uledsaget/", children.unaccompanied_record, name="unaccompanied-record"),
    path("henvendelse/<uuid:code>/opret-sag/", actions.case_open, name="case-open"),
    path("<uuid:code>/", views.case_detail, name="case-detail"),
    path("<uuid:code>/udredning/", actions.assessment_record, name="assessment-record"),
    path("<uuid:code>/forelaeg-dis/", actions.case_put_to_dis, name="put-to-dis"),
    path("<uuid:code>/afgoerelse/", actions.decision_record, name="decision-record"),
    path("<uuid:code>/afgoerelse/begrundelse/", actions.decision_exception, name="decision-exception"),
    path("<uuid:code>/refleksion/", actions.reflection_grant, name="reflection-grant"),
    path("<uuid:code>/refleksion/<uuid:period>/forlaeng/", actions.reflection_extend, name="reflection-extend"),
    path("<uuid:code>/ophold/", actions.stay_add, name="stay-add"),
    path("<uuid:code>/tilbud/", actions.offer_add, name="offer-add"),
    path("<uuid:code>/kontaktperson/", actions.contact_person_assign, name="contact-person"),
    path("<uuid:code>/hjemrejse/", actions.return_plan_submit, name="return-plan-submit"),
    path("<uuid:code>/hjemrejse/budget/", actions.return_budget, name="return-budget"),
    path("<uuid:code>/anmeldelse/", actions.police_report_file, name="police-report"),
    path("<uuid:code>/afslut/", actions.case_close, name="case-close"),
    path("<uuid:code>/genaabn/", actions.case_reopen, name="case-reopen"),
    # The victim's rights (docs/web.md#victims-rights).
    path("<uuid:code>/ingen-anmeldelse/", rights.no_report_record, name="no-report"),
    path("<uuid:code>/anmeldelse/<uuid:report>/udfald/", rights.report_outcome_record, name="report-outcome"),
    path("<uuid:code>/opholdstilladelse/", rights.permit_apply, name="permit-apply"),
    path("<uuid:code>/opholdstilladelse/<uuid:permit>/afgoer/", rights.permit_decide, name="permit-decide"),
    path("<uuid:code>/straffrihed/", rights.non_punishment_record, name="non-punishment"),
    path("<uuid:code>/straffrihed/<uuid:matter>/udfald/", rights.non_punishment_outcome, name="non-punishment-outcome"),
    path("<uuid:code>/straffrihed/<uuid:matter>/frihedsberoevelse/", rights.detention_add, name="detention-add"),
    path("<uuid:code>/erstatning/", rights.claim_add, name="claim-add"),
    path("<uuid:code>/erstatning/<uuid:claim>/afgoer/", rights.claim_decide, name="claim-decide"),
    path("dis/", views.dis_list, name="dis-list"),
    # The authorities' tracks and case complexes (docs/web.md#tracks-and-complexes).
    path("<uuid:code>/udvisningssag/", tracks.case_expulsion, name="expulsion"),
    path("<uuid:code>/genvurdering/", tracks.reconsideration_request, name="reconsideration-request"),
    path("<uuid:code>/genvurdering/afgoer/", tracks.reconsideration_decide, name="reconsideration-decide"),
    path("<uuid:code>/kompleks/", tracks.case_complex, name="case-complex"),
    path("dis/ny/", tracks.dis_case_open, name="dis-case-open"),
    path("komplekser/", tracks.complex_list, name="complex-list"),
    path("komplekser/ny/", tracks.complex_create, name="complex-create"),
    path("komplekser/<uuid:code>/", tracks.complex_detail, name="complex-detail"),
    path("komplekser/<uuid:code>/virksomhed/", tracks.complex_employer_add, name="complex-employer"),
    path("hjemrejse/", views.return_list, name="return-list"),
    path("hjemrejse/<uuid:code>/", views.return_detail, name="return-detail"),
    path("hjemrejse/<uuid:code>/afgoer/", actions.return_plan_decide, name="return-decide"),
    path("hjemrejse/<uuid:code>/udrejse/", actions.return_plan_depart, name="return-depart"),
    path("hjemrejse/<uuid:code>/opfoelgning/", actions.follow_up_record, name="return-follow-up"),
]

"""Every URL in withus. Each view declares who may see it (withus.core.access)."""

from django.contrib import admin
from django.urls import include, path

from withus.contracts import views as contracts
from withus.core import views as core
from withus.cycle import views as cycle
from withus.insight import views as insight
from withus.payments import views as payments
from withus.peer_support import views as peer
from withus.pooling import views as pooling
from withus.representation import views as representation
from withus.stories import views as stories
from withus.tendering import views as tendering
from withus.thread import follow_views as thread_follow
from withus.thread import views as thread

urlpatterns = [
    path("", core.home, name="home"),
    path("accessibility/", core.accessibility, name="accessibility"),
    path("sign-in/", core.login, name="login"),
    path("sign-out/", core.logout, name="logout"),
    path("password-reset/", core.password_reset, name="password_reset"),
    path("password-reset/sent/", core.password_reset_done, name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        core.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("password-reset/done/", core.password_reset_complete, name="password_reset_complete"),
    path("areas/", core.areas, name="areas"),
    path("areas/<slug:slug>/", core.area_dashboard, name="area"),
    path("areas/<slug:slug>/people/", core.area_people, name="area_people"),
    path("areas/<slug:slug>/projects/new/", cycle.project_new, name="project_new"),
    path("projects/<int:pk>/", cycle.project_detail, name="project"),
    path("projects/<int:pk>/edit/", cycle.project_edit, name="project_edit"),
    path("projects/<int:pk>/stage/", cycle.project_move, name="project_move"),
    path("projects/<int:pk>/involvement/new/", cycle.involvement_new, name="involvement_new"),
    path("involvement/<int:pk>/what-changed/", cycle.involvement_change, name="involvement_change"),
    path("my/involvement/", cycle.my_involvement, name="my_involvement"),
    # Working Together for Change
    path("areas/<slug:slug>/insight/", insight.exercise_list, name="exercises"),
    path("areas/<slug:slug>/insight/new/", insight.exercise_new, name="exercise_new"),
    path("areas/<slug:slug>/what-happened/", insight.what_happened, name="what_happened"),
    path("insight/<int:pk>/", insight.exercise_detail, name="exercise"),
    path("insight/<int:pk>/phase/", insight.exercise_phase, name="exercise_phase"),
    path("insight/<int:pk>/statements/", insight.statement_list, name="statements"),
    path("insight/<int:pk>/statements/new/", insight.statement_new, name="statement_new"),
    path(
        "insight/<int:pk>/statements/import/", insight.statements_import, name="statements_import"
    ),
    path("insight/<int:pk>/statements/move/", insight.statements_move, name="statements_move"),
    path("insight/<int:pk>/themes/", insight.grouping, name="grouping"),
    path("insight/<int:pk>/themes/new/", insight.theme_new, name="theme_new"),
    path("insight/<int:pk>/suggestions/", insight.suggestions, name="suggestions"),
    path("insight/<int:pk>/vote/", insight.vote, name="vote"),
    path("insight/<int:pk>/room-votes/", insight.room_votes, name="room_votes"),
    path("insight/<int:pk>/results/", insight.results, name="results"),
    path("insight/<int:pk>/priorities/", insight.priorities, name="priorities"),
    path("insight/<int:pk>/tell-us/", insight.tell_us, name="tell_us"),
    path("insight/<int:pk>/tell-us/thanks/", insight.tell_us_thanks, name="tell_us_thanks"),
    path("statements/<int:pk>/check/", insight.statement_check, name="statement_check"),
    path("themes/<int:pk>/", insight.theme_detail, name="theme"),
    path("themes/<int:pk>/edit/", insight.theme_edit, name="theme_edit"),
    path("themes/<int:pk>/merge/", insight.theme_merge, name="theme_merge"),
    path("priorities/<int:pk>/", insight.priority_edit, name="priority"),
    # Pooling personal budgets
    path("areas/<slug:slug>/pooling/me/", pooling.my_budget, name="my_budget"),
    path("areas/<slug:slug>/pooling/me/budget/", pooling.my_budget_edit, name="my_budget_edit"),
    path("areas/<slug:slug>/pooling/me/consent/", pooling.my_consent, name="my_consent"),
    path("areas/<slug:slug>/pooling/", pooling.facilitate, name="pooling_facilitate"),
    path("areas/<slug:slug>/pooling/groups/new/", pooling.group_new, name="pooling_group_new"),
    path(
        "areas/<slug:slug>/pooling/record-budget/",
        pooling.budget_on_behalf,
        name="pooling_budget_on_behalf",
    ),
    path("areas/<slug:slug>/pooling/summary/", pooling.summary, name="pooling_summary"),
    path("pooling/invitations/<int:pk>/", pooling.invitation, name="pooling_invitation"),
    path("pooling/groups/<int:pk>/", pooling.group, name="pooling_group"),
    path("pooling/groups/<int:pk>/pay-in/", pooling.group_contribution, name="pooling_pay_in"),
    path("pooling/groups/<int:pk>/cost/", pooling.group_cost, name="pooling_cost"),
    path("pooling/groups/<int:pk>/leave/", pooling.group_leave, name="pooling_leave"),
    path("pooling/groups/<int:pk>/statement/", pooling.statement, name="pooling_statement"),
    path("pooling/groups/<int:pk>/notes/", pooling.group_note, name="pooling_note"),
    path("pooling/groups/<int:pk>/outcomes/", pooling.group_outcome, name="pooling_outcome"),
    # Tendering
    path(
        "projects/<int:pk>/specifications/new/",
        tendering.specification_new,
        name="specification_new",
    ),
    path("specifications/<int:pk>/", tendering.specification, name="specification"),
    path(
        "specifications/<int:pk>/requirements/new/",
        tendering.requirement_new,
        name="requirement_new",
    ),
    path("specifications/<int:pk>/tenders/new/", tendering.tender_new, name="tender_new"),
    path("tenders/", tendering.tenders_mine, name="tenders_mine"),
    path("areas/<slug:slug>/tenders/", tendering.tender_list, name="tenders"),
    path("tenders/<int:pk>/", tendering.tender, name="tender"),
    path("tenders/<int:pk>/edit/", tendering.tender_edit, name="tender_edit"),
    path("tenders/<int:pk>/questions/new/", tendering.question_new, name="question_new"),
    path("tender-questions/<int:pk>/", tendering.question_edit, name="question_edit"),
    path("tenders/<int:pk>/scale/", tendering.scale_edit, name="tender_scale"),
    path("tenders/<int:pk>/team/", tendering.team, name="tender_team"),
    path("tenders/<int:pk>/publish/", tendering.publish, name="tender_publish"),
    path("tenders/<int:pk>/model/", tendering.model_change, name="tender_model_change"),
    path("tenders/<int:pk>/register/", tendering.register, name="tender_register"),
    path("tenders/<int:pk>/ask/", tendering.ask, name="tender_ask"),
    path(
        "tenders/<int:pk>/clarifications/", tendering.clarifications, name="tender_clarifications"
    ),
    path(
        "clarifications/<int:pk>/answer/",
        tendering.clarification_answer,
        name="clarification_answer",
    ),
    path("tenders/<int:pk>/bid/", tendering.bid_edit, name="bid_edit"),
    path("tenders/<int:pk>/declaration/", tendering.declaration, name="declaration"),
    path("tenders/<int:pk>/scoring/", tendering.scoring, name="scoring"),
    path("bids/<int:pk>/score/", tendering.score_bid, name="score_bid"),
    path("tenders/<int:pk>/moderation/", tendering.moderation, name="moderation"),
    path("bids/<int:pk>/consensus/<int:question>/", tendering.consensus, name="consensus"),
    path("tenders/<int:pk>/award/", tendering.award_page, name="award"),
    path("tenders/<int:pk>/award/confirm/", tendering.award_confirm, name="award_confirm"),
    path("tenders/<int:pk>/award/tie/", tendering.award_tie, name="award_tie"),
    path("tenders/<int:pk>/summaries/", tendering.summaries_issue, name="summaries_issue"),
    path("tenders/<int:pk>/evaluation.json", tendering.evaluation_export, name="evaluation_export"),
    path("bids/<int:pk>/low-price/", tendering.low_price_response, name="low_price_response"),
    path("bids/<int:pk>/exclude/", tendering.exclude, name="bid_exclude"),
    path("bids/<int:pk>/summary/", tendering.summary, name="bid_summary"),
    # Contracts and monitoring
    path("areas/<slug:slug>/contracts/", contracts.contract_list, name="contracts"),
    path("areas/<slug:slug>/contracts/new/", contracts.contract_new, name="contract_new"),
    path("tenders/<int:pk>/contract/", contracts.contract_from_award, name="contract_from_award"),
    path("contracts/<int:pk>/", contracts.contract, name="contract"),
    path("contracts/<int:pk>/kpis/new/", contracts.kpi_new, name="kpi_new"),
    path("contracts/<int:pk>/breaks/new/", contracts.break_clause_new, name="break_clause_new"),
    path("contracts/<int:pk>/ring-fences/new/", contracts.ring_fence_new, name="ring_fence_new"),
    path("contracts/<int:pk>/extend/", contracts.extend, name="contract_extend"),
    path("contracts/<int:pk>/returns/new/", contracts.return_new, name="return_new"),
    path("contracts/<int:pk>/returns/upload/", contracts.returns_upload, name="returns_upload"),
    # Ratings and stories
    path("areas/<slug:slug>/services/", stories.service_list, name="services"),
    path("services/<int:pk>/", stories.service, name="service"),
    path("services/<int:pk>/tell/", stories.tell, name="tell_story"),
    path("services/<int:pk>/tell/thanks/", stories.story_thanks, name="story_thanks"),
    path("providers/<int:pk>/", stories.provider_page, name="provider_page"),
    path(
        "areas/<slug:slug>/stories/moderation/", stories.moderation_queue, name="story_moderation"
    ),
    path("stories/<int:pk>/moderate/", stories.moderate, name="moderate_story"),
    path("stories/<int:pk>/reply/", stories.reply, name="story_reply"),
    path("replies/<int:pk>/check/", stories.reply_check, name="reply_check"),
    path("areas/<slug:slug>/stories/report/", stories.report, name="story_report"),
    path("areas/<slug:slug>/stories/report.csv", stories.report_csv, name="story_report_csv"),
    path("areas/<slug:slug>/stories/criteria/", stories.criteria, name="story_criteria"),
    # Peer support
    path("areas/<slug:slug>/peer-support/", peer.area_reach, name="peer_support"),
    path("areas/<slug:slug>/peer-support/new/", peer.scheme_new, name="peer_scheme_new"),
    path("peer-support/<int:pk>/", peer.scheme, name="peer_scheme"),
    path("peer-support/<int:pk>/ask/", peer.ask, name="peer_ask"),
    path("peer-support/<int:pk>/ask/thanks/", peer.ask_thanks, name="peer_ask_thanks"),
    path("peer-support/<int:pk>/refer/", peer.refer, name="peer_refer"),
    path("peer-support/<int:pk>/mentors/", peer.mentors, name="peer_mentors"),
    path("peer-support/<int:pk>/mentors/new/", peer.mentor_new, name="peer_mentor_new"),
    path("mentors/<int:pk>/", peer.mentor_edit, name="peer_mentor"),
    path("peer-support/<int:pk>/requests/", peer.requests, name="peer_requests"),
    path("mentor-requests/<int:pk>/", peer.request_detail, name="peer_request"),
    path("matches/<int:pk>/", peer.match, name="peer_match"),
    path("matches/<int:pk>/close/", peer.match_close, name="peer_match_close"),
    path("my/mentoring/", peer.my_mentoring, name="my_mentoring"),
    # Paid involvement
    path("areas/<slug:slug>/payment-rates/", payments.rates, name="payment_rates"),
    path("areas/<slug:slug>/payment-rates/new/", payments.rate_new, name="payment_rate_new"),
    path("areas/<slug:slug>/payment-choice/", payments.choice, name="payment_choice"),
    path("involvement/<int:pk>/claim/", payments.claim_new, name="claim_new"),
    path("claims/<int:pk>/", payments.claim, name="claim"),
    path("claims/<int:pk>/change/", payments.claim_correct, name="claim_correct"),
    path("areas/<slug:slug>/claims/", payments.claims, name="claims"),
    path("areas/<slug:slug>/claims/send/", payments.batch_new, name="payment_batch_new"),
    path("payment-batches/<int:pk>.csv", payments.batch_csv, name="payment_batch_csv"),
    path("my/claims/", payments.my_claims, name="my_claims"),
    # Representation
    path("my/equality/", representation.my_equality, name="my_equality"),
    path("areas/<slug:slug>/representation/", representation.representation, name="representation"),
    path(
        "areas/<slug:slug>/representation.csv",
        representation.representation_csv,
        name="representation_csv",
    ),
    path("areas/<slug:slug>/population/", representation.population, name="population"),
    path(
        "areas/<slug:slug>/population/import/",
        representation.population_import,
        name="population_import",
    ),
    # The golden thread
    path("thread/stop/<str:token>/", thread_follow.stop, name="thread_stop"),
    path("thread/<str:kind>/<int:pk>/", thread.thread, name="thread"),
    path("areas/<slug:slug>/thread/", thread.area_thread, name="area_thread"),
    path("areas/<slug:slug>/thread.json", thread.area_thread_json, name="area_thread_json"),
    path("areas/<slug:slug>/thread.csv", thread.area_thread_csv, name="area_thread_csv"),
    path("api/openapi.json", thread.openapi, name="openapi"),
    # Outcomes, value and open budgets
    path("", include("withus.outcomes.urls")),
    path("", include("withus.social_value.urls")),
    path("", include("withus.pathways.urls")),
    path("", include("withus.open_budgets.urls")),
    path("admin/", admin.site.urls),
]

"""Every URL, every role: who may see each page is decided here, in one table.

The table must name exactly the URLs withus has, so a new page cannot be added
without a decision about who may see it. Each (URL, role) pair is its own test.
"""

import csv
import io
import re
from datetime import date
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.contracts_world import AUTHOR_EMAIL
from tests.contracts_world import build as build_contracts
from tests.outcomes_value_world import build as build_outcomes_and_value
from tests.peer_payments_world import build as build_peer_and_payments
from tests.tendering_world import answers_for, close_bids, make_tender, score_everything
from tests.tendering_world import build as build_tenders
from withus.contracts.models import KPI, BreakClause, Contract, MonitoringReturn, RingFence
from withus.core import public_forms
from withus.core.models import AuditEntry, Membership, Organisation, Role, User
from withus.cycle import services as cycle
from withus.cycle.models import CommissioningProject, InvolvementRecord, StageMove
from withus.insight import services as insight
from withus.insight.models import Ballot, Exercise, Priority, Statement, Theme, Vote
from withus.open_budgets.models import BudgetLine, BudgetYear, Saving
from withus.outcomes import models as evaluation
from withus.pathways.models import OutcomeMet, Pathway, PathwayPerson, Stage, StageProvider
from withus.payments import services as payments
from withus.payments.models import Claim, Expense, PaymentBatch, PaymentChoice, PaymentRate
from withus.peer_support.models import Match, Mentor, MentorRequest, MentorSession, Scheme
from withus.pooling import services as pooling
from withus.pooling.models import (
    BudgetHolder,
    GroupMember,
    Invitation,
    LedgerEntry,
    Outcome,
    PoolingGroup,
)
from withus.representation import queries as representation
from withus.representation.models import EqualityProfile, PopulationShare
from withus.social_value import models as sroi
from withus.stories.models import Alert, Rating, RatingCriterion, Reply, Story
from withus.tendering import services as tendering
from withus.tendering.models import (
    Bid,
    BidAnswer,
    Clarification,
    ConsensusScore,
    Evaluator,
    Question,
    Requirement,
    ScaleDescriptor,
    Score,
    Specification,
    Tender,
)
from withus.thread import follow
from withus.thread.models import ThreadFollower

ROLES = (
    "anonymous",
    "commissioner",
    "expert",
    "expert_not_involved",
    "facilitator",
    "provider",
    "budget_holder",
    "peer_mentor",
    "moderator",
    "area_admin",
    "outsider",
)


def _row(default: int, **overrides: int) -> dict[str, int]:
    """One status for every role, with the exceptions named."""
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"not roles: {unknown}"
    return {role: overrides.get(role, default) for role in ROLES}


# Signed-in roles that see an area's commissioning work.
_OVERSIGHT = {"commissioner": 200, "facilitator": 200, "area_admin": 200}
# Signed-in roles that write specifications and set tenders up.
_SETUP = {"commissioner": 200, "area_admin": 200}
# Pages that show sealed bids, scores or prices. Area admins set tenders up but are
# never on an evaluation team, so they must never open these.
SEALED_PAGES = (
    "scoring",
    "score_bid",
    "moderation",
    "consensus",
    "award",
    "award_tie",
    "evaluation_export",
    "bid_summary",
)

EXPECTED: dict[str, dict[str, int]] = {
    "home": _row(200),
    "accessibility": _row(200),
    # A signed-in person is sent on from the sign-in page (redirect_authenticated_user).
    "login": _row(302, anonymous=200),
    # Signing out is POST only.
    "logout": _row(405),
    "password_reset": _row(200),
    "password_reset_done": _row(200),
    "password_reset_confirm": _row(200),
    "password_reset_complete": _row(200),
    "areas": _row(200, anonymous=302),
    "area": _row(403, anonymous=302, **_OVERSIGHT),
    # Who holds which role is personal data: area admins only.
    "area_people": _row(403, anonymous=302, area_admin=200),
    "project_new": _row(403, anonymous=302, commissioner=200),
    # The expert who took part sees the project; an expert who did not, does not.
    "project": _row(403, anonymous=302, expert=200, **_OVERSIGHT),
    "project_edit": _row(403, anonymous=302, commissioner=200),
    "project_move": _row(403, anonymous=302, commissioner=200),
    "involvement_new": _row(403, anonymous=302, commissioner=200, facilitator=200),
    "involvement_change": _row(403, anonymous=302, commissioner=200, facilitator=200),
    "my_involvement": _row(200, anonymous=302),
    # Working Together for Change. Facilitators and commissioners run exercises;
    # area admins can look; people who use services vote; the public tells us
    # what they think and sees what happened.
    "exercises": _row(403, anonymous=302, **_OVERSIGHT),
    "exercise_new": _row(403, anonymous=302, commissioner=200, facilitator=200),
    "what_happened": _row(200),
    "exercise": _row(403, anonymous=302, **_OVERSIGHT),
    "exercise_phase": _row(405),
    "statements": _row(403, anonymous=302, commissioner=200, facilitator=200),
    "statement_new": _row(403, anonymous=302, commissioner=200, facilitator=200),
    "statements_import": _row(403, anonymous=302, commissioner=200, facilitator=200),
    "statements_move": _row(405),
    "statement_check": _row(403, anonymous=302, commissioner=200, facilitator=200),
    "grouping": _row(403, anonymous=302, **_OVERSIGHT),
    "theme_new": _row(405),
    "suggestions": _row(403, anonymous=302, commissioner=200, facilitator=200),
    "vote": _row(
        403,
        anonymous=302,
        expert=200,
        expert_not_involved=200,
        budget_holder=200,
        peer_mentor=200,
    ),
    "room_votes": _row(403, anonymous=302, commissioner=200, facilitator=200),
    "results": _row(403, anonymous=302, **_OVERSIGHT),
    "priorities": _row(403, anonymous=302, **_OVERSIGHT),
    "tell_us": _row(200),
    "tell_us_thanks": _row(200),
    "theme": _row(403, anonymous=302, **_OVERSIGHT),
    "theme_edit": _row(403, anonymous=302, commissioner=200, facilitator=200),
    "theme_merge": _row(405),
    "priority": _row(403, anonymous=302, commissioner=200, facilitator=200),
    # Pooling: a budget holder's own pages; a group is for its members and the
    # facilitator they chose, never the council (which sees totals only).
    "my_budget": _row(403, anonymous=302, budget_holder=200),
    "my_budget_edit": _row(403, anonymous=302, budget_holder=200),
    "my_consent": _row(405),
    "pooling_facilitate": _row(403, anonymous=302, facilitator=200),
    "pooling_group_new": _row(403, anonymous=302, facilitator=200),
    "pooling_budget_on_behalf": _row(403, anonymous=302, facilitator=200),
    "pooling_summary": _row(403, anonymous=302, commissioner=200, area_admin=200),
    "pooling_invitation": _row(403, anonymous=302, budget_holder=200),
    "pooling_group": _row(403, anonymous=302, budget_holder=200, facilitator=200),
    "pooling_pay_in": _row(403, anonymous=302, budget_holder=200),
    "pooling_cost": _row(403, anonymous=302, budget_holder=200, facilitator=200),
    "pooling_leave": _row(403, anonymous=302, budget_holder=200),
    "pooling_statement": _row(403, anonymous=302, budget_holder=200),
    "pooling_note": _row(405),
    "pooling_outcome": _row(403, anonymous=302, budget_holder=200),
    # Tendering. Commissioners and area admins write specifications and set tenders
    # up; a published tender is a public notice any signed-in person may read.
    "specification_new": _row(403, anonymous=302, **_SETUP),
    "specification": _row(403, anonymous=302, **_SETUP),
    "requirement_new": _row(403, anonymous=302, **_SETUP),
    "tender_new": _row(403, anonymous=302, **_SETUP),
    # Sent on to the tenders of their own area (the outsider to Eastmoor's).
    "tenders_mine": _row(302),
    "tenders": _row(200, anonymous=302, outsider=403),
    "tender": _row(200, anonymous=302),
    "tender_edit": _row(403, anonymous=302, **_SETUP),
    # The draft's panel member writes the panel's own questions, and no others.
    "question_new": _row(403, anonymous=302, expert=200, **_SETUP),
    "question_edit": _row(403, anonymous=302, **_SETUP),
    "tender_scale": _row(403, anonymous=302, **_SETUP),
    "tender_team": _row(403, anonymous=302, **_SETUP),
    "tender_publish": _row(403, anonymous=302, **_SETUP),
    "tender_model_change": _row(403, anonymous=302, **_SETUP),
    # Bidders: only a provider in the area registers, asks and bids.
    "tender_register": _row(405),
    "tender_ask": _row(403, anonymous=302, provider=200),
    "tender_clarifications": _row(403, anonymous=302, **_SETUP),
    "clarification_answer": _row(403, anonymous=302, **_SETUP),
    "bid_edit": _row(403, anonymous=302, provider=200),
    # Evaluation: only the team, after the deadline and their declaration. Sealed
    # bids: area admins NEVER open scoring, score_bid, moderation, consensus, award,
    # evaluation_export or bid_summary (see SEALED_PAGES), nor does the bidder
    # before its summary is issued.
    # The area admin is on the evaluating tender's team but has not declared yet.
    "declaration": _row(
        403, anonymous=302, commissioner=200, facilitator=200, expert=200, area_admin=200
    ),
    # The lead (the commissioner) runs moderation but does not score.
    "scoring": _row(403, anonymous=302, facilitator=200, expert=200),
    "score_bid": _row(403, anonymous=302, facilitator=200, expert=200),
    "moderation": _row(403, anonymous=302, commissioner=200, expert=200),
    # A commissioners' question: the lead agrees it; the panel agrees only its own.
    "consensus": _row(403, anonymous=302, commissioner=200),
    "award": _row(403, anonymous=302, commissioner=200),
    "award_confirm": _row(405),
    # No tie in this world, so the lead is sent back to the award page; a real tie
    # is in test_it_lets_only_the_lead_decide_a_tie.
    "award_tie": _row(403, anonymous=302, commissioner=302),
    "summaries_issue": _row(405),
    # Not finished yet, so the lead is sent back to the award page with a message.
    "evaluation_export": _row(403, anonymous=302, commissioner=302),
    "low_price_response": _row(403, anonymous=302, commissioner=200),
    "bid_exclude": _row(403, anonymous=302, commissioner=200),
    # No summary issued yet: the lead only, not even the bidder.
    "bid_summary": _row(403, anonymous=302, commissioner=200),
    # Contracts. The area's commissioning roles see every contract; a provider sees
    # the list (its own contracts only) and the contracts it holds.
    "contracts": _row(403, anonymous=302, provider=200, **_OVERSIGHT),
    "contract": _row(403, anonymous=302, provider=200, **_OVERSIGHT),
    # Commissioners and area admins enter contracts and manage their terms.
    "contract_new": _row(403, anonymous=302, **_SETUP),
    # The awarded tender T-AWARD, which has no contract yet.
    "contract_from_award": _row(403, anonymous=302, **_SETUP),
    "kpi_new": _row(403, anonymous=302, **_SETUP),
    "break_clause_new": _row(403, anonymous=302, **_SETUP),
    "ring_fence_new": _row(403, anonymous=302, **_SETUP),
    "contract_extend": _row(403, anonymous=302, **_SETUP),
    # Figures: the holder for its KPIs, commissioners for theirs.
    "return_new": _row(403, anonymous=302, provider=200, **_SETUP),
    "returns_upload": _row(403, anonymous=302, provider=200, **_SETUP),
    # Ratings and stories: finding a service, reading and telling stories need no
    # account, whoever and wherever you are.
    "services": _row(200),
    "service": _row(200),
    "tell_story": _row(200),
    "story_thanks": _row(200),
    "provider_page": _row(200),
    # Moderation is for the area's moderators only: the queue shows stories not
    # yet checked for personal details.
    "story_moderation": _row(403, anonymous=302, moderator=200),
    "moderate_story": _row(403, anonymous=302, moderator=200),
    "reply_check": _row(403, anonymous=302, moderator=200),
    # Only the service's provider replies, to a published story with no reply yet.
    "story_reply": _row(403, anonymous=302, provider=200),
    "story_report": _row(403, anonymous=302, moderator=200, **_OVERSIGHT),
    "story_report_csv": _row(403, anonymous=302, moderator=200, **_OVERSIGHT),
    # What people rate is chosen with the lived-experience group.
    "story_criteria": _row(403, anonymous=302, commissioner=200, facilitator=200),
    # Peer support. Reach is counts, and anyone may ask for a mentor; commissioners
    # and area admins set schemes up; the area's facilitators refer people. Requests
    # and mentors' records are the scheme's coordinators' only (the facilitator
    # coordinates Northvale Peer Mentors); a match is also its own mentor's.
    "peer_support": _row(200),
    "peer_scheme_new": _row(403, anonymous=302, **_SETUP),
    "peer_scheme": _row(200),
    "peer_ask": _row(200),
    "peer_ask_thanks": _row(200),
    "peer_refer": _row(403, anonymous=302, facilitator=200),
    "peer_mentors": _row(403, anonymous=302, facilitator=200),
    "peer_mentor_new": _row(403, anonymous=302, facilitator=200),
    "peer_mentor": _row(403, anonymous=302, facilitator=200),
    "peer_requests": _row(403, anonymous=302, facilitator=200),
    "peer_request": _row(403, anonymous=302, facilitator=200),
    "peer_match": _row(403, anonymous=302, facilitator=200, peer_mentor=200),
    "peer_match_close": _row(403, anonymous=302, facilitator=200, peer_mentor=200),
    "my_mentoring": _row(200, anonymous=302),
    # Paid involvement. Rates are public; commissioners and area admins set them,
    # decide claims and send them for payment; anyone with a role in the area
    # chooses how they are paid; only those who took part claim, and a claim is
    # the claimant's and the payers'. Only the claimant changes a queried claim.
    "payment_rates": _row(200),
    "payment_rate_new": _row(403, anonymous=302, **_SETUP),
    "payment_choice": _row(200, anonymous=302, outsider=403),
    "claim_new": _row(403, anonymous=302, expert=200),
    "claim": _row(403, anonymous=302, expert=200, **_SETUP),
    "claim_correct": _row(403, anonymous=302, expert=200),
    "claims": _row(403, anonymous=302, **_SETUP),
    # Sending approved claims for payment is POST only.
    "payment_batch_new": _row(405),
    "payment_batch_csv": _row(403, anonymous=302, **_SETUP),
    "my_claims": _row(200, anonymous=302),
    # Representation. Equality details are their own person's only; everyone sees
    # counts (groups under 5 withheld); payers set the area's population figures.
    "my_equality": _row(200, anonymous=302),
    "representation": _row(200),
    "representation_csv": _row(200),
    "population": _row(403, anonymous=302, **_SETUP),
    "population_import": _row(403, anonymous=302, **_SETUP),
    # The golden thread: from what people said to what changed, for everyone, no
    # account needed. Read-only pages and downloads, and the API's description.
    "thread": _row(200),
    "area_thread": _row(200),
    "area_thread_json": _row(200),
    "area_thread_csv": _row(200),
    "openapi": _row(200),
    # "Stop these emails": the secret token in the link is the only key, so whoever
    # holds it sees the button (a GET never stops: mail scanners open links).
    "thread_stop": _row(200),
    # Open budgets: what an area spends, and savings shared, are public (published
    # years only; the keepers also see drafts on the page, never in the downloads).
    # Only the area's commissioners and area admins keep it.
    "open_budget": _row(200),
    "open_budget_csv": _row(200),
    "open_budget_json": _row(200),
    "open_budget_manage": _row(403, anonymous=302, **_SETUP),
    "open_budget_line_new": _row(403, anonymous=302, **_SETUP),
    "open_budget_import": _row(403, anonymous=302, **_SETUP),
    "open_budget_saving_new": _row(403, anonymous=302, **_SETUP),
    "open_budget_line_edit": _row(403, anonymous=302, **_SETUP),
    "open_budget_line_remove": _row(403, anonymous=302, **_SETUP),
    "open_budget_saving_edit": _row(403, anonymous=302, **_SETUP),
    "open_budget_saving_remove": _row(403, anonymous=302, **_SETUP),
    # Publishing a year, or making it a draft again, is POST only (see POST_ONLY_WRITES).
    "open_budget_year_status": _row(405),
    # Integrated pathways. A live pathway's structure and money are public and name
    # no one; a draft is 404 to anyone who cannot work on it (see OTHER_CASES).
    # Commissioners and area admins set pathways up and record people and outcomes.
    "pathways": _row(200),
    "pathway": _row(200),
    "pathway_new": _row(403, anonymous=302, **_SETUP),
    "pathway_edit": _row(403, anonymous=302, **_SETUP),
    "pathway_stage_new": _row(403, anonymous=302, **_SETUP),
    "pathway_stage_edit": _row(403, anonymous=302, **_SETUP),
    "pathway_publish": _row(405),
    "pathway_stage_remove": _row(405),
    "pathway_people": _row(403, anonymous=302, **_SETUP),
    "pathway_person_new": _row(403, anonymous=302, **_SETUP),
    "pathway_outcome_new": _row(403, anonymous=302, **_SETUP),
    # What each provider is owed: the payers see every line; the provider, whose
    # organisation (Brightpath) is on this pathway, sees its own lines only. A
    # provider with no organisation is refused: test_pathway_permissions.py.
    "pathway_statement": _row(403, anonymous=302, provider=200, **_SETUP),
    "pathway_statement_csv": _row(403, anonymous=302, provider=200, **_SETUP),
    # Social value (SROI). A published analysis is public and nobody changes it; a
    # draft is its area's commissioners' and area admins' only (see OTHER_CASES).
    "sroi_list": _row(200),
    "sroi_new": _row(403, anonymous=302, **_SETUP),
    "sroi_analysis": _row(200),
    "sroi_edit": _row(403, anonymous=302, **_SETUP),
    "sroi_publish": _row(403, anonymous=302, **_SETUP),
    "sroi_input_new": _row(403, anonymous=302, **_SETUP),
    "sroi_input_edit": _row(403, anonymous=302, **_SETUP),
    "sroi_outcome_new": _row(403, anonymous=302, **_SETUP),
    "sroi_outcome_edit": _row(403, anonymous=302, **_SETUP),
    "sroi_copy": _row(405),
    "sroi_input_remove": _row(405),
    "sroi_outcome_remove": _row(405),
    # Outcomes and evaluation. A person's scores are theirs and the evaluation's
    # runners' (the facilitator, who set it up), nobody else's: not even the
    # commissioner's. The area's commissioning roles see the report before it is
    # published; anyone, after (see OTHER_CASES).
    "outcomes_area": _row(200),
    "outcomes_evaluation_new": _row(403, anonymous=302, **_OVERSIGHT),
    "outcomes_evaluation": _row(403, anonymous=302, facilitator=200),
    "outcomes_runners": _row(403, anonymous=302, facilitator=200),
    "outcomes_measure_new": _row(403, anonymous=302, facilitator=200),
    "outcomes_participant_new": _row(403, anonymous=302, facilitator=200),
    "outcomes_report": _row(403, anonymous=302, **_OVERSIGHT),
    "outcomes_publish": _row(405),
    # The expert takes part with their own account.
    "outcomes_participant": _row(403, anonymous=302, facilitator=200, expert=200),
    "outcomes_measurement_new": _row(403, anonymous=302, facilitator=200),
    "outcomes_consent_withdraw": _row(403, anonymous=302, facilitator=200, expert=200),
    "outcomes_mine": _row(200, anonymous=302),
}

# POST-only pages that write: the answer to a POST (a GET is 405 for everyone, in
# EXPECTED). Those allowed are sent on (302) to the page they changed.
_POST_SETUP = {"commissioner": 302, "area_admin": 302}
POST_ONLY_WRITES: dict[str, dict[str, int]] = {
    "open_budget_year_status": _row(403, anonymous=302, **_POST_SETUP),
    "pathway_publish": _row(403, anonymous=302, **_POST_SETUP),
    "pathway_stage_remove": _row(403, anonymous=302, **_POST_SETUP),
    "sroi_copy": _row(403, anonymous=302, **_POST_SETUP),
    "sroi_input_remove": _row(403, anonymous=302, **_POST_SETUP),
    "sroi_outcome_remove": _row(403, anonymous=302, **_POST_SETUP),
    "outcomes_publish": _row(403, anonymous=302, facilitator=302),
}

# What a page that opens (200) must show, so a 200 is the right page.
PAGE_TEXT = {
    "accessibility": "use every page with a keyboard only",
    "login": "I have forgotten my password",
    "password_reset": "We will send you a link to set a new password",
    "password_reset_done": "Check your email",
    "password_reset_confirm": "This link does not work any more",
    "password_reset_complete": "Password changed",
    "areas": "Local areas",
    "area": "Commissioning projects",
    "area_people": "People and organisations",
    "project_new": "Open a commissioning project",
    "project": "Adult drug and alcohol treatment",
    "project_edit": "Change project details",
    "project_move": "Move the project to another stage",
    "involvement_new": "Record involvement",
    "involvement_change": "Update what changed",
    "my_involvement": "My involvement",
    "exercises": "Working Together for Change",
    "exercise_new": "Open a Working Together for Change exercise",
    "what_happened": "What you told us and what happened",
    "exercise": "What you can do",
    "statements": "Every statement",
    "statement_new": "Add a statement",
    "statement_check": "Check a statement before it is public",
    "statements_import": "Import statements",
    "grouping": "Themes so far",
    "suggestions": "Suggested groupings",
    "vote": "Vote for the themes that matter most",
    "room_votes": "Enter votes from a room",
    "results": "Vote results",
    "priorities": "Priorities",
    "tell_us": "Tell us what you think",
    "tell_us_thanks": "We have what you told us",
    "theme": "Weekend help",
    "theme_edit": "Rename the theme",
    "priority": "Status and what we found",
    "my_budget": "Your budget and pooling",
    "my_budget_edit": "Your budget",
    "pooling_facilitate": "Suggested groups",
    "pooling_group_new": "Set up a pooling group",
    "pooling_budget_on_behalf": "Record a budget for someone",
    "pooling_summary": "Pooling in this area",
    "pooling_invitation": "Join the group",
    "pooling_group": "Members and what each has in the pool",
    "pooling_pay_in": "Pay into the pool",
    "pooling_cost": "Record a shared cost",
    "pooling_leave": "Leave the group",
    "pooling_statement": "Your money in the group",
    "pooling_outcome": "How are things for you?",
    "specification_new": "Write a specification",
    "specification": "Recovery support",
    "requirement_new": "Add a requirement",
    "tender_new": "Write a tender",
    "tenders": "T-OPEN Tender T-OPEN",
    "tender": "How bids are scored",
    "tender_edit": "Change the tender",
    "question_new": "Add a question",
    "question_edit": "Change question 1",
    "tender_scale": "What a score of 5 means",
    "tender_team": "Add to the team",
    "tender_publish": "Publish the tender",
    "tender_model_change": "Change the evaluation model",
    "tender_ask": "Ask a question about this tender",
    "tender_clarifications": "Is there a budget?",
    "clarification_answer": "Answer a question",
    "bid_edit": "Your bid",
    "declaration": "conflicts of interest",
    "scoring": "Score the bids",
    "score_bid": "Score the bid from Brightpath",
    "moderation": "Prices stay sealed until every question of every bid has a consensus score",
    "consensus": "Agree a score for question 1",
    "award": "consensus scores are still to be agreed",
    "low_price_response": "Abnormally low price from Brightpath",
    "bid_exclude": "Exclude the bid from Brightpath",
    "bid_summary": "Assessment summary for Brightpath",
    "award_tie": "Decide between tied bids",
    "contracts": "Contracts in this area",
    "contract": "K1: Seen within 7 days",
    "contract_new": "Enter a contract",
    "contract_from_award": "Contract from the award",
    "kpi_new": "Add a KPI",
    "break_clause_new": "Add a break clause",
    "ring_fence_new": "Ring-fence a sum",
    "contract_extend": "Extend the contract",
    "return_new": "Which period?",
    "returns_upload": "Upload monitoring figures",
    "services": "Find a service and rate it",
    "service": "What people say",
    "tell_story": "Tell your story",
    "story_thanks": "Thank you for your story",
    "provider_page": "Brightpath Recovery Hub",
    "story_moderation": "Stories to moderate",
    "moderate_story": "Moderate a story",
    "reply_check": "Check a reply that reports a change",
    "story_reply": "Reply to a story",
    "story_report": "Stories report",
    # A download: its heading row (see _check_response).
    "story_report_csv": (
        "story,date,service,provider,story text,"
        "I was treated with respect,I could get help when I needed it"
    ),
    "story_criteria": "What people rate",
    "peer_support": "Schemes you can ask for a mentor from",
    "peer_scheme_new": "Set up a peer support scheme",
    "peer_scheme": "2 peer mentors are mentoring now.",
    "peer_ask": "You only need to fill in your name and how to reach you.",
    "peer_ask_thanks": "We have your request",
    "peer_refer": "Only refer someone who has agreed to it.",
    "peer_mentors": "Register of mentors",
    "peer_mentor_new": "Add a mentor",
    # The title is "Change a mentor's record", its apostrophe escaped.
    "peer_mentor": "Change a mentor",
    "peer_requests": "Sam with Pat Mentor",
    "peer_request": "Find a mentor for Robin",
    "peer_match": "Pat Mentor mentoring Sam",
    "peer_match_close": "How it ended",
    "my_mentoring": "My mentoring",
    "payment_rates": "Payment rates for involvement",
    "payment_rate_new": "It never changes claims already made.",
    "payment_choice": "How do you want to be paid for your time?",
    "claim_new": "Claim for your time",
    "claim": "Question asked:</strong> Which bus?",
    "claim_correct": "The question asked:</strong> Which bus?",
    "claims": "Involvement claims",
    # Downloads: their heading rows (see _check_response).
    "payment_batch_csv": (
        "claim,person,email,how paid,involvement,date,time,rate,fee,expenses,total,approved by"
    ),
    "my_claims": "Your statement",
    "my_equality": "These questions help us check",
    "representation": "Who takes part",
    "representation_csv": (
        "category,group,participants,percent of participants,percent of residents,gap"
    ),
    "population": "Who lives in the area",
    "population_import": "Import population shares",
    # The world's priority, Staff.
    "thread": "Follow the thread",
    "area_thread": "Where each thread stops",
    # Downloads: JSON shows the area it is about; the CSV its heading row.
    "area_thread_json": '"area": "northvale"',
    "area_thread_csv": (
        "priority,status,statements,votes,requirement,tender question,set by,KPI,"
        "latest result,stops at"
    ),
    "openapi": '"openapi": "3.1.0"',
    "thread_stop": "If you stop, we will not send you any more of these emails.",
    # Open budgets: the published year's Home care; downloads their heading row,
    # the JSON a service in the published year.
    "open_budget": "Home care",
    "open_budget_csv": (
        "year,service,contract,spend,people supported,cost per person,"
        "change from year before (pounds),change from year before (percent)"
    ),
    "open_budget_json": '"service": "Home care"',
    "open_budget_manage": "Keep the open budget",
    "open_budget_line_new": "Add spending on a service",
    "open_budget_import": "Import spending from a CSV file",
    "open_budget_saving_new": "Record a saving to share",
    "open_budget_line_edit": "Change spending",
    "open_budget_line_remove": "Remove Day services from 2026 to 2027?",
    "open_budget_saving_edit": "Change a saving",
    "open_budget_saving_remove": "Remove this saving from 2025 to 2026?",
    "pathways": "Recovery pathway",
    "pathway": "Recovery pathway",
    "pathway_new": "Set up a pathway",
    "pathway_edit": "Change the pathway",
    "pathway_stage_new": "Add a stage",
    "pathway_stage_edit": "Change stage 1",
    "pathway_people": "CASE-0001",
    "pathway_person_new": "Record a person starting the pathway",
    "pathway_outcome_new": "Case reference CASE-0001",
    # With no dates asked for, the last full month, when CASE-0001 started.
    "pathway_statement": "What each provider is owed",
    "pathway_statement_csv": (
        "pathway,from,to,stage,provider,people started,upfront each,upfront,"
        "outcomes met,on outcome each,on outcome,total"
    ),
    "sroi_list": "Peer mentors: first year",
    "sroi_new": "Start a social return on investment analysis",
    "sroi_analysis": "Peer mentors: first year",
    "sroi_edit": "Change the analysis",
    "sroi_publish": "Publish the analysis",
    "sroi_input_new": "Add what was put in",
    "sroi_input_edit": "Change what was put in",
    "sroi_outcome_new": "Add an outcome",
    "sroi_outcome_edit": "Change the outcome",
    "outcomes_area": "Did the drop-in help?",
    "outcomes_evaluation_new": "Set up an outcome evaluation",
    "outcomes_evaluation": "P-EXPERT",
    "outcomes_runners": "Who runs this evaluation",
    "outcomes_measure_new": "Kind of measure",
    "outcomes_participant_new": "Add a person taking part",
    "outcomes_report": "Does involvement help?",
    "outcomes_participant": "Agreed to take part on",
    "outcomes_measurement_new": "I feel in control of my recovery",
    "outcomes_consent_withdraw": "Yes, withdraw consent and delete the scores",
    "outcomes_mine": "My outcomes",
}

DENIED_TEXT = "You cannot see this page"
NOT_FOUND_TEXT = "Page not found"


def _walk(patterns, prefix: str = "", namespace: str = "", params: tuple = ()):
    """(name, route, parameter names) for every URL, skipping the admin site."""
    for entry in patterns:
        found = params + tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            route = prefix + str(entry.pattern)
            if route == "admin/":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, route, inner, found)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield name, prefix + str(entry.pattern), found


def url_patterns() -> dict[str | None, tuple[str, ...]]:
    """Each URL name and the parameters its route takes."""
    return {name: params for name, _route, params in _walk(get_resolver().url_patterns)}


# Which object a URL's pk names; a new URL with a pk must be added here.
PK_OF = {
    "project": "project",
    "project_edit": "project",
    "project_move": "project",
    "involvement_new": "project",
    "involvement_change": "record",
    "exercise": "collecting",
    "exercise_phase": "collecting",
    "statements": "collecting",
    "statement_new": "collecting",
    "statements_import": "collecting",
    "statements_move": "collecting",
    "grouping": "collecting",
    "theme_new": "collecting",
    "suggestions": "collecting",
    "tell_us": "collecting",
    "tell_us_thanks": "collecting",
    "vote": "voting",
    "room_votes": "voting",
    "results": "voting",
    "priorities": "setting",
    "theme": "theme",
    "theme_edit": "theme",
    "theme_merge": "theme",
    "priority": "priority",
    "pooling_invitation": "invitation",
    "statement_check": "statement",
    "pooling_group": "pool",
    "pooling_pay_in": "pool",
    "pooling_cost": "pool",
    "pooling_leave": "pool",
    "pooling_statement": "pool",
    "pooling_note": "pool",
    "pooling_outcome": "pool",
    "specification_new": "project",
    "specification": "spec",
    "requirement_new": "spec",
    "tender_new": "spec",
    # A published tender, so every signed-in person may read it.
    "tender": "open",
    "tender_edit": "draft",
    "question_new": "draft",
    "question_edit": "draft_question",
    "tender_scale": "draft",
    "tender_team": "draft",
    "tender_publish": "draft",
    "tender_model_change": "open",
    "tender_register": "open",
    "tender_ask": "open",
    "tender_clarifications": "open",
    "clarification_answer": "clarification",
    "bid_edit": "open",
    "declaration": "evaluating",
    "scoring": "evaluating",
    "score_bid": "bid",
    "moderation": "evaluating",
    "consensus": "bid",
    "award": "evaluating",
    "award_tie": "evaluating",
    "award_confirm": "evaluating",
    "summaries_issue": "evaluating",
    "evaluation_export": "evaluating",
    "low_price_response": "bid",
    "bid_exclude": "bid",
    "bid_summary": "bid",
    "contract_from_award": "awarded",
    "contract": "contract",
    "kpi_new": "contract",
    "break_clause_new": "contract",
    "ring_fence_new": "contract",
    "contract_extend": "contract",
    "return_new": "contract",
    "returns_upload": "contract",
    "service": "service",
    "tell_story": "service",
    "story_thanks": "service",
    "provider_page": "brightpath",
    # A story waiting for moderation, with its author's email address.
    "moderate_story": "pending",
    # A published story about the provider's service, with no reply yet.
    "story_reply": "published",
    # A reply saying a change is planned, waiting for its check.
    "reply_check": "reply",
    # Northvale Peer Mentors, which the facilitator coordinates.
    "peer_scheme": "scheme",
    "peer_ask": "scheme",
    "peer_ask_thanks": "scheme",
    "peer_refer": "scheme",
    "peer_mentors": "scheme",
    "peer_mentor_new": "scheme",
    "peer_requests": "scheme",
    # The peer mentor's own record, and their open match (Pat mentoring Sam).
    "peer_mentor": "mentor",
    "peer_match": "match",
    "peer_match_close": "match",
    # Robin, waiting for a mentor.
    "peer_request": "waiting",
    # The planning day the expert took part in and has not claimed for yet (one
    # claim a person for each record, and the expert has claimed for the
    # listening event).
    "claim_new": "planning",
    # The expert's claim for the listening event, with a question asked.
    "claim": "claim",
    "claim_correct": "claim",
    "payment_batch_csv": "batch",
    # Filled with kind "priority" (see _url): the world's priority, Staff.
    "thread": "priority",
    # Open budget: Home care in the published year; the draft year, and its line
    # (removing it leaves the published year as it was); the published year's saving.
    "open_budget_line_edit": "budget_line",
    "open_budget_line_remove": "budget_draft_line",
    "open_budget_year_status": "budget_draft_year",
    "open_budget_saving_edit": "budget_saving",
    "open_budget_saving_remove": "budget_saving",
    # Pathways: the live pathway (public), the draft one (still changing) and its
    # first stage, and the person who started the live one.
    "pathway": "live_pathway",
    "pathway_edit": "draft_pathway",
    "pathway_publish": "draft_pathway",
    "pathway_stage_new": "draft_pathway",
    "pathway_stage_edit": "draft_stage",
    "pathway_stage_remove": "draft_stage",
    "pathway_people": "live_pathway",
    "pathway_person_new": "live_pathway",
    "pathway_outcome_new": "pathway_person",
    "pathway_statement": "live_pathway",
    "pathway_statement_csv": "live_pathway",
    # Social value: the published analysis (public, copied to a new draft), and the
    # draft one with its input and outcome (only a draft is changed).
    "sroi_analysis": "sroi_published",
    "sroi_copy": "sroi_published",
    "sroi_edit": "sroi_draft",
    "sroi_publish": "sroi_draft",
    "sroi_input_new": "sroi_draft",
    "sroi_outcome_new": "sroi_draft",
    "sroi_input_edit": "sroi_input",
    "sroi_input_remove": "sroi_input",
    "sroi_outcome_edit": "sroi_outcome",
    "sroi_outcome_remove": "sroi_outcome",
    # Outcomes: the evaluation the facilitator runs, not yet published; the expert
    # taking part in it (and, for measurement_new, its measure: see _url).
    "outcomes_evaluation": "outcomes_running",
    "outcomes_runners": "outcomes_running",
    "outcomes_measure_new": "outcomes_running",
    "outcomes_participant_new": "outcomes_running",
    "outcomes_report": "outcomes_running",
    "outcomes_publish": "outcomes_running",
    "outcomes_participant": "outcomes_participant",
    "outcomes_measurement_new": "outcomes_participant",
    "outcomes_consent_withdraw": "outcomes_participant",
}


def _url(name: str, world: dict) -> str:
    """The URL for ``name`` with its parameters filled from the test world."""
    kwargs = {}
    for param in url_patterns()[name]:
        if param == "slug":
            kwargs["slug"] = world["area"].slug
        elif param == "pk":
            kwargs["pk"] = world[PK_OF[name]].pk
        elif param == "question":
            kwargs["question"] = world["eval_question"].pk
        elif param == "measure_pk":
            kwargs["measure_pk"] = world["outcomes_measure"].pk
        elif param == "kind":
            kwargs["kind"] = "priority"
        elif param == "uidb64":
            kwargs["uidb64"] = "MQ"
        elif param == "token" and name == "thread_stop":
            # A real follower's secret, from the link in their emails.
            kwargs["token"] = world["follower"].token
        elif param == "token":
            kwargs["token"] = "not-a-real-token"
        else:
            raise AssertionError(f"The test does not know how to fill {param!r} for {name!r}.")
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def expert_not_involved(area) -> User:
    user = User.objects.create_user(
        username="uninvolved", password="pw-uninvolved-123", display_name="Uninvolved"
    )
    Membership.objects.create(user=user, local_area=area, role=Role.EXPERT_BY_EXPERIENCE)
    return user


@pytest.fixture
def elsewhere(outsider, other_area):
    """A project and record in Eastmoor, the outsider's own area."""
    project = cycle.project_open(
        by=outsider,
        local_area=other_area,
        name="Eastmoor day opportunities",
        service_area="Day opportunities",
        budget=Decimal("50000.00"),
        planned_start=date(2027, 4, 1),
        planned_end=date(2030, 3, 31),
    )
    record = cycle.involvement_record(
        by=outsider,
        project=project,
        stage="needs_assessment",
        title="Eastmoor drop-in",
        happened_on=date(2026, 6, 1),
        level="consultation",
        participants=[],
        group_name="Eastmoor carers",
        group_count=4,
        what_was_said="More hours.",
        what_changed="",
        hours_given=Decimal("4"),
    )
    return {"project": project, "record": record}


def _exercise_at(area, by, phase: str, themes: tuple[str, ...]):
    """An exercise moved on to ``phase``, with a statement in each theme."""
    exercise = insight.exercise_open(by=by, local_area=area, title=f"Exercise {phase}")
    made = []
    for name in themes:
        statement = insight.statement_add(
            by=by, exercise=exercise, kind="not_working", text=f"About {name}", source="event"
        )
        made.append(
            insight.theme_create(by=by, exercise=exercise, name=name, statement_ids=[statement.pk])
        )
    for step in ("grouping", "voting", "priorities")[
        : ("collecting", "grouping", "voting", "priorities").index(phase)
    ]:
        exercise = insight.exercise_move_phase(by=by, exercise=exercise, to_phase=step)
    return exercise, made


def _pooling(area, facilitator, holder_user):
    """A group the budget holder is in, and a second one they are invited to."""
    holder = pooling.budget_record(
        by=holder_user,
        user=holder_user,
        local_area=area,
        kind="direct_payment",
        amount=Decimal("500.00"),
        period="month",
        interests=[],
        locality="NV1",
    )
    pooling.pooling_consent_set(by=holder_user, holder=holder, consent=True)
    details = {
        "purpose": "Swimming",
        "split_rule": "equal",
        "contribution": Decimal("50.00"),
        "contribution_period": "month",
        "savings_kept_until": date(2027, 12, 31),
        "invite": {holder_user: ""},
    }
    pool = pooling.group_create(by=facilitator, local_area=area, name="Swimmers", **details)
    first = Invitation.objects.get(group=pool)
    pooling.invitation_answer(by=holder_user, invitation=first, accept=True, on=date(2026, 1, 1))
    pooling.contribution_record(
        by=holder_user, group=pool, amount=Decimal("50.00"), on=date(2026, 1, 2)
    )
    other = pooling.group_create(by=facilitator, local_area=area, name="Walkers", **details)
    for username in ("cook1", "cook2"):
        user = User.objects.create_user(username=username, password="pw-cook-123")
        cook = pooling.budget_record(
            by=user,
            user=user,
            local_area=area,
            kind="direct_payment",
            amount=Decimal("300.00"),
            period="month",
            interests=[],
            locality="NV1",
        )
        pooling.pooling_consent_set(by=user, holder=cook, consent=True)
    # Someone with no budget recorded yet, whom a facilitator may record one for.
    newcomer = User.objects.create_user(username="newcomer", password="pw-newcomer-123")
    Membership.objects.create(user=newcomer, local_area=area, role=Role.BUDGET_HOLDER)
    return pool, Invitation.objects.get(group=other)


def _awarded(spec, commissioner, facilitator, expert, provider, organisation) -> Tender:
    """A tender awarded to the provider's organisation, its only bidder, with no contract yet."""
    tender = make_tender(spec, commissioner, "T-AWARD", panel=expert, quality=facilitator)
    tendering.tender_publish(tender, commissioner)
    tendering.register(tender, provider, organisation)
    bid = tendering.bid_save(
        tender,
        provider,
        organisation,
        version=None,
        price=Decimal("80000.00"),
        answers=answers_for(tender),
        submit=True,
    )
    tender = close_bids(tender)
    for evaluator in Evaluator.objects.filter(tender=tender):
        tendering.declare(evaluator, evaluator.user, conflicted_with=[], details="")
    score_everything(tender, {"own": (4, 3, 4)}, {"own": bid})
    tendering.summaries_issue(Tender.objects.get(pk=tender.pk), commissioner)
    tender = Tender.objects.get(pk=tender.pk)
    return tendering.award_confirm(tender, commissioner, tender.version)


# A follower's address is read by the digest sender only, never shown on a page.
FOLLOWER_EMAIL = "follower.private@example.com"


def _build_world(area, project, record, people) -> dict:
    """Everything the table's URLs point at, for ``people`` (each role's user)."""
    facilitator = people["facilitator"]
    collecting, (theme, _other) = _exercise_at(
        area, facilitator, "collecting", ("Weekend help", "Transport")
    )
    insight.statement_add(
        by=facilitator, exercise=collecting, kind="working", text="Loose one", source="survey"
    )
    voting, voting_themes = _exercise_at(area, facilitator, "voting", ("Money", "Housing"))
    setting, (first, _second) = _exercise_at(area, facilitator, "priorities", ("Staff", "Waits"))
    priority = insight.priority_make(by=facilitator, theme=first)
    pool, invitation = _pooling(area, facilitator, people["budget_holder"])
    tenders = build_tenders(
        area, project, people["commissioner"], facilitator, people["expert"], people["provider"]
    )
    # A quality evaluator on the draft too, so the commissioner can really publish it.
    tendering.evaluator_add(
        tenders["draft"], people["commissioner"], facilitator, Evaluator.Part.QUALITY
    )
    # An area admin on the team who has not declared yet (added straight to the
    # table: the team is fixed once bids open, and these bids are already open).
    Evaluator.objects.create(
        tender=tenders["evaluating"], user=people["area_admin"], part=Evaluator.Part.PANEL
    )
    # The quality evaluator has scored question 1 of the provider's bid alone, so
    # the lead may agree its consensus score.
    tendering.scores_save(
        tenders["evaluating"].evaluators.get(user=facilitator),
        tenders["bid"],
        facilitator,
        {tenders["eval_question"].pk: (3, "Some gaps in evening cover.")},
    )
    # contracts_world makes its own "Harbour Care" (names are unique per kind), so the
    # bidder of that name from tendering_world gives way. Brightpath is shared: the
    # provider's organisation bids for tenders and holds the contract.
    Organisation.objects.filter(pk=tenders["bids"]["harbour"].organisation_id).update(
        name="Harbour Care Bids"
    )
    contracts = build_contracts(
        area, people["commissioner"], people["provider"], people["moderator"]
    )
    assert contracts["brightpath"] == tenders["provider_org"]
    awarded = _awarded(
        tenders["spec"],
        people["commissioner"],
        facilitator,
        people["expert"],
        people["provider"],
        tenders["provider_org"],
    )
    peer_and_payments = build_peer_and_payments(area, project, record, people)
    assert not set(peer_and_payments) & (set(tenders) | set(contracts))
    outcomes_and_value = build_outcomes_and_value(area, people)
    # Someone who said "About Staff", a public statement the world's priority grew
    # from, asked to be emailed when its thread moves.
    follower = follow.follow_start(
        Statement.objects.get(exercise=setting, text="About Staff", public=True),
        FOLLOWER_EMAIL,
        ThreadFollower.Frequency.WEEKLY,
    )
    world = {
        **tenders,
        **contracts,
        **peer_and_payments,
        "awarded": awarded,
        "pool": pool,
        "statement": Statement.objects.filter(exercise=collecting).first(),
        "invitation": invitation,
        "area": area,
        "project": project,
        "record": record,
        "people": people,
        "collecting": collecting,
        "voting": voting,
        "voting_themes": voting_themes,
        "setting": setting,
        "theme": theme,
        "priority": priority,
        "follower": follower,
    }
    assert not set(outcomes_and_value) & set(world)
    return {**world, **outcomes_and_value}


@pytest.fixture
def world(request, area, project, record, expert_not_involved, facilitator):
    """A fresh world for tests that post: each may change it."""
    people = {role: request.getfixturevalue(role) for role in ROLES if role != "anonymous"}
    return _build_world(area, project, record, people)


def _sign_in(client, world, role: str):
    user = None if role == "anonymous" else world["people"][role]
    if user is not None:
        client.force_login(user)
    return user


def _denials(user) -> int:
    return AuditEntry.objects.filter(action="access.denied", actor=user).count()


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _check_response(response, url: str, status: int, name: str, user) -> None:
    assert response.status_code == status, (
        f"{name} ({url}) gave {response.status_code}, expected {status}"
    )
    body = _body(response)
    download = response.get("Content-Type", "").startswith("text/csv")
    if status == 200 and (response.streaming or download):
        # A CSV download: its heading row is the first line.
        assert download
        assert body.splitlines()[0] == PAGE_TEXT[name]
    elif status == 200:
        if name == "home":
            expected = f"Hello, {user}" if user else "nothing about us without us"
        else:
            expected = PAGE_TEXT[name]
        assert expected in body
    elif status == 302:
        if user is None:
            assert response["Location"] == "/sign-in/?next=" + quote(url, safe="/")
        else:
            assert not response["Location"].startswith("/sign-in/")
    elif status == 403:
        assert DENIED_TEXT in body
    elif status == 404:
        assert NOT_FOUND_TEXT in body
    elif status == 405:
        assert "GET" not in response["Allow"]
        assert "POST" in response["Allow"]
    else:
        raise AssertionError(f"unexpected status in the table: {status}")


CASES = [(name, role, status) for name, row in EXPECTED.items() for role, status in row.items()]


def test_it_decides_who_may_see_every_url_and_only_real_urls():
    names = set(url_patterns())
    assert None not in names, "Every URL must have a name so the table can decide on it."
    assert names - set(EXPECTED) == set(), "URLs with no decision in EXPECTED"
    assert set(EXPECTED) - names == set(), "EXPECTED names that are not URLs"


def test_it_decides_every_role_for_every_url():
    for name, row in EXPECTED.items():
        assert set(row) == set(ROLES), name
        assert set(row.values()) <= {200, 302, 403, 404, 405}, name
    opened = {name for name, row in EXPECTED.items() if 200 in row.values()} - {"home"}
    assert opened <= set(PAGE_TEXT)


def test_it_never_lets_an_area_admin_open_a_sealed_bid():
    for name in SEALED_PAGES:
        assert EXPECTED[name]["area_admin"] != 200, name
        assert EXPECTED[name]["outsider"] != 200, name


# Equality details are never shown for an individual to anyone but that person.
# Only these pages may read the table they are kept in: a person's own page, and
# the counts, where every group of fewer than 5 is withheld.
PROFILE_TABLE = "representation_equalityprofile"
EQUALITY_PAGES = ("my_equality", "representation", "representation_csv")
_OWN_PROFILE = re.compile(
    rf' WHERE "{PROFILE_TABLE}"\."user_id" = (\d+)'
    rf'(?: ORDER BY "{PROFILE_TABLE}"\."id" ASC)?(?: LIMIT \d+)?$'
)


def _check_equality_privacy(name: str, user, captured, response) -> None:
    """Which SQL read equality details on a page, and what the counts pages show."""
    read = [q["sql"] for q in captured if PROFILE_TABLE in q["sql"]]
    if name not in EQUALITY_PAGES:
        assert not read, f"{name} reads equality details: {read}"
    elif name == "my_equality":
        # Whose details: the signed-in person's, and nobody else's.
        for sql in read:
            own = _OWN_PROFILE.search(sql)
            assert own and user is not None and own[1] == str(user.pk), sql
        if response.status_code == 200:
            # The expert gave details; nobody else in the table did.
            shown = "You last saved your answers on" in _body(response)
            assert shown == (user.username == "expert")
    elif response.status_code == 200:
        # Four people gave details, all in the same groups: every group is withheld.
        groups = sum(len(listed) for listed in representation.group_choices().values())
        body = _body(response)
        if name == "representation":
            assert body.count('numeric">Not shown</td>') == groups
        else:
            rows = list(csv.reader(io.StringIO(body)))[1:]
            assert len(rows) == groups
            assert {row[2] for row in rows} == {"fewer than 5"}, rows


def test_it_writes_an_audit_entry_when_a_signed_in_person_is_refused_a_project(
    client, world, expert_not_involved
):
    client.force_login(expert_not_involved)
    project = world["project"]
    response = client.get(reverse("project", args=[project.pk]))
    assert response.status_code == 403
    entry = AuditEntry.objects.filter(action="access.denied").get()
    assert entry.actor == expert_not_involved
    assert entry.object_type == "cycle.commissioningproject"
    assert entry.object_id == str(project.pk)
    assert entry.data == {
        "permission": "cycle.view_project",
        "path": f"/projects/{project.pk}/",
        "method": "GET",
    }


def test_it_sends_people_who_are_not_staff_to_the_admin_sign_in(client, commissioner):
    anonymous = client.get("/admin/")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/?next=/admin/")
    client.force_login(commissioner)
    signed_in = client.get("/admin/")
    assert signed_in.status_code == 302
    assert signed_in["Location"].startswith("/admin/login/?next=/admin/")
    assert client.get("/admin/core/user/").status_code == 302


# Objects that are not there, and objects in another area.
OTHER_CASES = [
    ("project", "commissioner", lambda w: {"pk": 999999}, 404),
    ("project_edit", "commissioner", lambda w: {"pk": 999999}, 404),
    ("project_move", "commissioner", lambda w: {"pk": 999999}, 404),
    ("involvement_new", "facilitator", lambda w: {"pk": 999999}, 404),
    ("involvement_change", "facilitator", lambda w: {"pk": 999999}, 404),
    ("area", "area_admin", lambda w: {"slug": "nowhere"}, 404),
    ("project_new", "commissioner", lambda w: {"slug": "nowhere"}, 404),
    # Signing in comes first: a missing object is not revealed to the anonymous.
    ("project", "anonymous", lambda w: {"pk": 999999}, 302),
    # Northvale people in Eastmoor.
    ("project", "commissioner", lambda w: {"pk": w["elsewhere"]["project"].pk}, 403),
    ("project_edit", "commissioner", lambda w: {"pk": w["elsewhere"]["project"].pk}, 403),
    ("involvement_new", "facilitator", lambda w: {"pk": w["elsewhere"]["project"].pk}, 403),
    ("involvement_change", "facilitator", lambda w: {"pk": w["elsewhere"]["record"].pk}, 403),
    ("area", "area_admin", lambda w: {"slug": "eastmoor"}, 403),
    ("project_new", "commissioner", lambda w: {"slug": "eastmoor"}, 403),
    # The outsider in their own area.
    ("project", "outsider", lambda w: {"pk": w["elsewhere"]["project"].pk}, 200),
    ("area", "outsider", lambda w: {"slug": "eastmoor"}, 200),
    # Tenders: an Eastmoor commissioner is refused Northvale's award and specification.
    ("award", "outsider", lambda w: {"pk": w["evaluating"].pk}, 403),
    ("specification", "outsider", lambda w: {"pk": w["spec"].pk}, 403),
    ("tender_edit", "outsider", lambda w: {"pk": w["draft"].pk}, 403),
    # Tenders that are not there, and a question of another tender.
    ("tender", "commissioner", lambda w: {"pk": 999999}, 404),
    ("award", "commissioner", lambda w: {"pk": 999999}, 404),
    ("bid_summary", "commissioner", lambda w: {"pk": 999999}, 404),
    (
        "consensus",
        "commissioner",
        lambda w: {"pk": w["bid"].pk, "question": w["draft_question"].pk},
        404,
    ),
    # Contracts and stories: an Eastmoor commissioner is refused Northvale's contract
    # and its moderation queue; a contract that is not there.
    ("contract", "outsider", lambda w: {"pk": w["contract"].pk}, 403),
    ("story_moderation", "outsider", lambda w: {"slug": w["area"].slug}, 403),
    ("contract", "commissioner", lambda w: {"pk": 999999}, 404),
    # Peer support: a mentor sees their own match, not another mentor's; a match
    # and a scheme that are not there.
    ("peer_match", "peer_mentor", lambda w: {"pk": w["other_match"].pk}, 403),
    ("peer_match_close", "peer_mentor", lambda w: {"pk": w["other_match"].pk}, 403),
    ("peer_match", "facilitator", lambda w: {"pk": 999999}, 404),
    ("peer_mentors", "facilitator", lambda w: {"pk": 999999}, 404),
    # A Northvale commissioner sets up no scheme in Eastmoor.
    ("peer_scheme_new", "commissioner", lambda w: {"slug": "eastmoor"}, 403),
    # Payments: the expert is refused another person's claim; a claim that is not
    # there; Northvale people are refused Eastmoor's claims, rates and payment choice.
    ("claim", "expert", lambda w: {"pk": w["paid_claim"].pk}, 403),
    ("claim_correct", "expert", lambda w: {"pk": w["paid_claim"].pk}, 403),
    ("claim", "commissioner", lambda w: {"pk": 999999}, 404),
    ("claims", "commissioner", lambda w: {"slug": "eastmoor"}, 403),
    ("payment_rate_new", "area_admin", lambda w: {"slug": "eastmoor"}, 403),
    ("payment_choice", "expert", lambda w: {"slug": "eastmoor"}, 403),
    # An Eastmoor commissioner is refused Northvale's batch.
    ("payment_batch_csv", "outsider", lambda w: {"pk": w["batch"].pk}, 403),
    ("population", "commissioner", lambda w: {"slug": "eastmoor"}, 403),
    # The golden thread is public, but starts only from what is public itself: no
    # thread from an unknown kind, a missing priority or area, a draft tender's
    # question, an answer in a sealed bid, or a story not yet moderated.
    ("thread", "anonymous", lambda w: {"kind": "nothing", "pk": w["priority"].pk}, 404),
    ("thread", "anonymous", lambda w: {"kind": "priority", "pk": 999999}, 404),
    ("thread", "anonymous", lambda w: {"kind": "question", "pk": w["draft_question"].pk}, 404),
    (
        "thread",
        "anonymous",
        lambda w: {"kind": "answer", "pk": BidAnswer.objects.filter(bid=w["bid"]).first().pk},
        404,
    ),
    ("thread", "anonymous", lambda w: {"kind": "story", "pk": w["pending"].pk}, 404),
    ("area_thread", "anonymous", lambda w: {"slug": "nowhere"}, 404),
    ("area_thread_json", "anonymous", lambda w: {"slug": "nowhere"}, 404),
    ("area_thread_csv", "anonymous", lambda w: {"slug": "nowhere"}, 404),
    # A stop link with a token nobody was given.
    ("thread_stop", "anonymous", lambda w: {"token": "not-a-real-token"}, 404),
    # Open budgets: no area, no line, no saving; Northvale people keep no Eastmoor budget.
    ("open_budget", "anonymous", lambda w: {"slug": "nowhere"}, 404),
    ("open_budget_csv", "anonymous", lambda w: {"slug": "nowhere"}, 404),
    ("open_budget_json", "anonymous", lambda w: {"slug": "nowhere"}, 404),
    ("open_budget_line_edit", "commissioner", lambda w: {"pk": 999999}, 404),
    ("open_budget_saving_edit", "area_admin", lambda w: {"pk": 999999}, 404),
    ("open_budget_manage", "commissioner", lambda w: {"slug": "eastmoor"}, 403),
    ("open_budget_line_new", "area_admin", lambda w: {"slug": "eastmoor"}, 403),
    # Pathways: a draft does not exist for anyone who cannot work on it; nobody
    # records people or sees a statement on a draft, not even its commissioner.
    ("pathway", "anonymous", lambda w: {"pk": w["draft_pathway"].pk}, 404),
    ("pathway", "expert", lambda w: {"pk": w["draft_pathway"].pk}, 404),
    ("pathway", "provider", lambda w: {"pk": w["draft_pathway"].pk}, 404),
    ("pathway", "outsider", lambda w: {"pk": w["draft_pathway"].pk}, 404),
    ("pathway", "anonymous", lambda w: {"pk": 999999}, 404),
    ("pathways", "anonymous", lambda w: {"slug": "nowhere"}, 404),
    ("pathway_people", "commissioner", lambda w: {"pk": w["draft_pathway"].pk}, 403),
    ("pathway_person_new", "commissioner", lambda w: {"pk": w["draft_pathway"].pk}, 403),
    ("pathway_statement", "commissioner", lambda w: {"pk": w["draft_pathway"].pk}, 403),
    ("pathway_statement", "provider", lambda w: {"pk": w["draft_pathway"].pk}, 403),
    ("pathway_statement_csv", "provider", lambda w: {"pk": w["draft_pathway"].pk}, 403),
    ("pathway_edit", "commissioner", lambda w: {"pk": 999999}, 404),
    ("pathway_new", "commissioner", lambda w: {"slug": "eastmoor"}, 403),
    # Social value: a draft is its editors' only; a published analysis is changed
    # by nobody; no analysis, no area; Northvale people start none in Eastmoor.
    ("sroi_analysis", "anonymous", lambda w: {"pk": w["sroi_draft"].pk}, 302),
    ("sroi_analysis", "expert", lambda w: {"pk": w["sroi_draft"].pk}, 403),
    ("sroi_analysis", "facilitator", lambda w: {"pk": w["sroi_draft"].pk}, 403),
    ("sroi_analysis", "outsider", lambda w: {"pk": w["sroi_draft"].pk}, 403),
    ("sroi_edit", "commissioner", lambda w: {"pk": w["sroi_published"].pk}, 403),
    ("sroi_publish", "area_admin", lambda w: {"pk": w["sroi_published"].pk}, 403),
    ("sroi_input_new", "commissioner", lambda w: {"pk": w["sroi_published"].pk}, 403),
    ("sroi_input_edit", "commissioner", lambda w: {"pk": w["sroi_published_input"].pk}, 403),
    ("sroi_outcome_edit", "commissioner", lambda w: {"pk": w["sroi_published_outcome"].pk}, 403),
    ("sroi_analysis", "commissioner", lambda w: {"pk": 999999}, 404),
    ("sroi_list", "anonymous", lambda w: {"slug": "nowhere"}, 404),
    ("sroi_new", "commissioner", lambda w: {"slug": "eastmoor"}, 403),
    # Outcomes: a published report is for everyone; no evaluation, person or area;
    # nobody records scores for, or withdraws again, someone who has withdrawn; a
    # measure of another evaluation; no evaluation set up in another area.
    ("outcomes_report", "anonymous", lambda w: {"pk": w["outcomes_published"].pk}, 200),
    ("outcomes_report", "outsider", lambda w: {"pk": w["outcomes_published"].pk}, 200),
    ("outcomes_report", "commissioner", lambda w: {"pk": 999999}, 404),
    ("outcomes_report", "anonymous", lambda w: {"pk": 999999}, 404),
    ("outcomes_evaluation", "facilitator", lambda w: {"pk": 999999}, 404),
    ("outcomes_evaluation", "anonymous", lambda w: {"pk": 999999}, 302),
    ("outcomes_participant", "facilitator", lambda w: {"pk": 999999}, 404),
    ("outcomes_area", "anonymous", lambda w: {"slug": "nowhere"}, 404),
    (
        "outcomes_measurement_new",
        "facilitator",
        lambda w: {"pk": w["outcomes_withdrawn"].pk, "measure_pk": w["outcomes_measure"].pk},
        403,
    ),
    ("outcomes_consent_withdraw", "facilitator", lambda w: {"pk": w["outcomes_withdrawn"].pk}, 403),
    (
        "outcomes_measurement_new",
        "facilitator",
        lambda w: {
            "pk": w["outcomes_participant"].pk,
            "measure_pk": w["outcomes_published_measure"].pk,
        },
        404,
    ),
    ("outcomes_evaluation_new", "facilitator", lambda w: {"slug": "eastmoor"}, 403),
]


# What a page of OTHER_CASES that opens must show, where it is not in Eastmoor.
PAGE_TEXT_ELSEWHERE = {"outcomes_report": "Did the drop-in help?"}


@pytest.mark.parametrize(
    ("name", "role", "kwargs", "status"),
    OTHER_CASES,
    ids=[f"{n}-{r}-{s}-{i}" for i, (n, r, _k, s) in enumerate(OTHER_CASES)],
)
def test_it_refuses_missing_and_other_area_objects(
    client, world, elsewhere, name, role, kwargs, status
):
    world = {**world, "elsewhere": elsewhere}
    user = _sign_in(client, world, role)
    url = reverse(name, kwargs=kwargs(world))
    response = client.get(url)
    assert response.status_code == status
    if status == 200 and name in PAGE_TEXT_ELSEWHERE:
        assert PAGE_TEXT_ELSEWHERE[name] in response.content.decode()
    elif status == 200:
        assert elsewhere["project"].name in response.content.decode()
    elif status == 302:
        assert response["Location"] == "/sign-in/?next=" + quote(url, safe="/")
    elif status == 403:
        assert DENIED_TEXT in response.content.decode()
        assert user is not None
    else:
        assert NOT_FOUND_TEXT in response.content.decode()


# Pages that change things, with a valid form for each.
def _date(prefix: str, day: date) -> dict[str, str]:
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


def _post_data(name: str, world: dict) -> dict:
    project, record = world["project"], world["record"]
    project_fields = {
        "name": "Renamed by someone",
        "service_area": "Something else",
        "budget": "5",
        **_date("planned_start", date(2028, 1, 1)),
        **_date("planned_end", date(2029, 1, 1)),
    }
    if name == "project_new":
        return project_fields
    if name == "project_edit":
        return {**project_fields, "version": str(project.version)}
    if name == "project_move":
        return {"to_stage": "review_current_services", "reason": "", "version": project.version}
    if name == "involvement_new":
        return {
            "stage": "needs_assessment",
            "title": "Sneaky record",
            **_date("happened_on", date(2026, 5, 20)),
            "level": "co_production",
            "participants": [str(world["people"]["expert"].pk)],
            "group_count": "0",
            "what_was_said": "Made up.",
            "what_changed": "",
            "hours_given": "1",
        }
    if name == "involvement_change":
        return {"what_changed": "Overwritten", "version": str(record.version)}
    if name == "statement_check":
        return {"text": "Rewritten", "public": "no", "reason": "Sneaky"}
    if name == "exercise_new":
        return {"title": "Sneaky exercise", "votes_per_person": "5"}
    if name == "statement_new":
        return {"kind": "working", "text": "Sneaky statement", "source": "event"}
    if name == "statements_import":
        upload = SimpleUploadedFile("s.csv", b"kind,statement,source\nworking,Sneaky,event\n")
        return {"file": upload}
    if name == "suggestions":
        ids = Statement.objects.filter(exercise=world["collecting"]).values_list("pk", flat=True)
        return {"name": "Sneaky theme", "statement": [str(i) for i in ids]}
    if name == "vote":
        return {f"theme_{world['voting_themes'][0].pk}": "2"}
    if name == "room_votes":
        return {"room": "Sneaky room", f"theme_{world['voting_themes'][0].pk}": "3"}
    if name == "priorities":
        theme = Theme.objects.get(exercise=world["setting"], name="Waits")
        return {"themes": [str(theme.pk)]}
    if name == "theme_edit":
        theme = Theme.objects.get(pk=world["theme"].pk)
        return {"name": "Renamed theme", "i_statement": "I", "version": str(theme.version)}
    if name == "priority":
        priority = Priority.objects.get(pk=world["priority"].pk)
        return {
            "form": "priority",
            "status": "done",
            "reason": "",
            "root_causes": "",
            "success_looks_like": "",
            "version": str(priority.version),
        }
    if name == "my_budget_edit":
        return {"kind": "isf", "amount": "9.99", "period": "week", "locality": "XX9"}
    if name == "pooling_group_new":
        holder = world["people"]["budget_holder"]
        return {
            "name": "Sneaky group",
            "purpose": "x",
            "split_rule": "equal",
            "contribution": "5",
            "contribution_period": "month",
            **_date("savings_kept_until", date(2028, 1, 1)),
            "people": [
                str(pk)
                for pk in User.objects.filter(
                    username__in=[holder.username, "cook1", "cook2"]
                ).values_list("pk", flat=True)
            ],
        }
    if name == "pooling_budget_on_behalf":
        return {
            "person": str(User.objects.get(username="newcomer").pk),
            "agreed": "yes",
            "suggest": "no",
            "kind": "isf",
            "amount": "9.99",
            "period": "week",
            "locality": "XX9",
        }
    if name == "pooling_invitation":
        return {"answer": "accept"}
    if name == "pooling_pay_in":
        return {"amount": "10.00", **_date("on", date(2026, 2, 1))}
    if name == "pooling_cost":
        return {"description": "Sneaky cost", "amount": "10.00", **_date("on", date(2026, 2, 1))}
    if name == "pooling_leave":
        return _date("on", date(2026, 2, 1))
    if name == "pooling_outcome":
        return {"stage": "baseline", "wellbeing": "20", "gp_visits": "1", "ae_visits": "0"}
    if name in CONTRACT_AND_STORY_WRITES:
        return _contracts_post_data(name, world)
    if name in PEER_PAYMENT_AND_REPRESENTATION_WRITES:
        return _peer_payment_post_data(name, world)
    if name in OPEN_BUDGET_PATHWAY_AND_VALUE_WRITES:
        return _budget_pathway_value_post_data(name, world)
    return _tendering_post_data(name, world)


def _tender_fields(reference: str) -> dict[str, str]:
    return {
        "reference": reference,
        "title": "Sneaky tender",
        "description": "Made up.",
        "estimated_value": "1000",
        **_date("publication_date", date(2030, 1, 1)),
        **_date("clarification_deadline", date(2030, 2, 1)),
        **_date("submission_deadline", date(2030, 3, 1)),
        "price_weight": "40",
        "price_formula": "lowest_price",
        "panel_stake": "20",
        "abnormally_low_percent": "20",
    }


def _tendering_post_data(name: str, world: dict) -> dict:
    question_fields = {
        "text": "Sneaky question",
        "guidance": "",
        "weight": "5",
        "minimum_score": "0",
        "set_by": "commissioner",
        "requirement": "",
    }
    if name == "specification_new":
        return {"title": "Sneaky specification", "summary": ""}
    if name == "requirement_new":
        return {"text": "Sneaky requirement"}
    if name == "tender_new":
        return _tender_fields("T-SNEAKY")
    if name == "tender_edit":
        draft = Tender.objects.get(pk=world["draft"].pk)
        return {**_tender_fields("T-RENAMED"), "version": str(draft.version)}
    if name == "question_new":
        return question_fields
    if name == "question_edit":
        return {**question_fields, "text": "Rewritten question"}
    if name == "tender_scale":
        return {f"score_{n}": f"Sneaky meaning of {n}" for n in range(6)}
    if name == "tender_team":
        return {"person": str(world["people"]["expert_not_involved"].pk), "part": "panel"}
    if name == "tender_publish":
        return {}
    if name == "tender_model_change":
        tender = Tender.objects.get(pk=world["open"].pk)
        data = {
            "price_weight": "30",
            "price_formula": "mean_deviation",
            "panel_stake": "20",
            "reason": "Sneaky change",
            "version": str(tender.version),
        }
        for q in tender.questions.all():
            data[f"weight_{q.pk}"] = str(q.weight)
            data[f"minimum_{q.pk}"] = "1"
        return data
    if name == "tender_ask":
        return {"question": "Sneaky question"}
    if name == "clarification_answer":
        return {"answer": "Sneaky answer"}
    if name == "bid_edit":
        data = {"price": "12345", "version": ""}
        for q in world["open"].questions.all():
            data[f"answer_{q.pk}"] = "Sneaky answer"
        return data
    if name == "declaration":
        return {"details": "", "confirm": "on"}
    if name == "score_bid":
        # Every question: the form keeps only those the evaluator scores.
        data = {}
        for q in world["evaluating"].questions.all():
            data[f"score_{q.pk}"] = "3"
            data[f"reason_{q.pk}"] = "Sneaky reason"
        return data
    if name == "consensus":
        return {"score": "3", "reason": "Sneaky reason", "version": ""}
    if name == "low_price_response":
        return {"response": "Sneaky response"}
    if name == "bid_exclude":
        return {"reason": "Sneaky reason"}
    raise AssertionError(name)


CONTRACT_AND_STORY_WRITES = (
    "contract_new",
    "contract_from_award",
    "kpi_new",
    "break_clause_new",
    "ring_fence_new",
    "contract_extend",
    "return_new",
    "returns_upload",
    "moderate_story",
    "story_reply",
    "reply_check",
    "story_criteria",
)

PEER_PAYMENT_AND_REPRESENTATION_WRITES = (
    "peer_scheme_new",
    "peer_refer",
    "peer_mentor_new",
    "peer_mentor",
    "peer_request",
    "peer_match",
    "peer_match_close",
    "payment_rate_new",
    "payment_choice",
    "claim_new",
    "claim",
    "claim_correct",
    "population",
    "population_import",
)


def _wish(name: str) -> dict[str, str]:
    return {"name": name, "contact": "07700 900123", "about": "Sneaky", "language": ""}


def _claim_fields(quantity: str) -> dict[str, str]:
    return {
        "unit": "hour",
        "quantity": quantity,
        "note": "Sneaky note",
        "expense_kind_0": "fare",
        "expense_detail_0": "Bus",
        "expense_amount_0": "3.20",
    }


def _peer_payment_post_data(name: str, world: dict) -> dict:
    people, today = world["people"], timezone.localdate()
    mentor_fields = {
        "name": "Sneaky mentor",
        "user": "",
        "experience": ["alcohol"],
        "languages": "English, Polish",
        "availability": ["weekend"],
        "gender": "",
        "age_group": "",
        "capacity": "2",
        "training": "",
        "check_status": "waiting",
        "active": "on",
    }
    if name == "peer_scheme_new":
        return {
            "name": "Sneaky scheme",
            "organisation": str(world["brightpath"].pk),
            "description": "",
            "coordinators": [str(people["facilitator"].pk)],
        }
    if name == "peer_refer":
        return _wish("Sneaky referral")
    if name == "peer_mentor_new":
        return mentor_fields
    if name == "peer_mentor":
        # Pat's account taken off their record, and their check no longer clear.
        mentor = Mentor.objects.get(pk=world["mentor"].pk)
        return {**mentor_fields, "name": "Pat Mentor", "version": str(mentor.version)}
    if name == "peer_request":
        return {"mentor": str(world["other_mentor"].pk), **_date("started_on", today)}
    if name == "peer_match":
        return {**_date("happened_on", today), "minutes": "45", "mode": "phone", "topics": ""}
    if name == "peer_match_close":
        return {**_date("closed_on", today), "outcome": "stopped", "note": "Sneaky"}
    if name == "payment_rate_new":
        return {"unit": "hour", "amount": "99.00", **_date("effective_from", date(2030, 4, 1))}
    if name == "payment_choice":
        return {"choice": "not_paid"}
    if name == "claim_new":
        return _claim_fields("2")
    claim = Claim.objects.get(pk=world["claim"].pk)
    if name == "claim":
        return {"decision": "approve", "query": "", "version": str(claim.version)}
    if name == "claim_correct":
        return {**_claim_fields("2.5"), "version": str(claim.version)}
    if name == "population":
        return {"group": "gender:woman", "percent": "51.0", "source": "Sneaky census"}
    if name == "population_import":
        upload = SimpleUploadedFile("p.csv", b"category,group,percent\ngender,man,48.6\n")
        return {"file": upload}
    raise AssertionError(name)


def _contracts_post_data(name: str, world: dict) -> dict:
    contract_fields = {
        "title": "Sneaky contract",
        "kind": "block",
        "provider": str(world["brightpath"].pk),
        "value": "80000",
        **_date("start_date", date(2027, 4, 1)),
        "initial_months": "36",
        "extension_months": "0",
    }
    if name == "contract_new":
        return {**contract_fields, "reference": "C-SNEAKY"}
    if name == "contract_from_award":
        # The bidder who won, as the form suggests.
        return {**contract_fields, "reference": "T-AWARD-C"}
    if name == "kpi_new":
        return {
            "code": "K9",
            "title": "Sneaky KPI",
            "unit": "%",
            "target": "50",
            "direction": "higher",
            "frequency": "quarterly",
            "source": "provider",
            "criterion": "",
            "amber_margin": "10",
            "question": "",
            "requirement": "",
            "priority": "",
        }
    if name == "break_clause_new":
        return {**_date("on", date(2026, 4, 1)), "note": "Sneaky break"}
    if name == "ring_fence_new":
        return {"amount": "1000.00", "purpose": "Sneaky purpose", "recipient": ""}
    if name == "contract_extend":
        contract = Contract.objects.get(pk=world["contract"].pk)
        return {"months": "12", "version": str(contract.version)}
    if name == "return_new":
        # The holder's own KPI, K1, for the first quarter of the contract.
        return {**_date("period", date(2025, 4, 1)), f"kpi_{world['k1'].pk}": "80", "note": ""}
    if name == "returns_upload":
        upload = SimpleUploadedFile("r.csv", b"kpi,period,value\nK1,2025-04,80\n")
        return {"file": upload}
    if name == "moderate_story":
        story = Story.objects.get(pk=world["pending"].pk)
        return {
            "decision": "reject",
            "text": story.text,
            "criticality": "2",
            "reason": "Sneaky reason",
            "version": str(story.version),
        }
    if name == "story_reply":
        return {"text": "Sneaky reply", "change": "none", "change_description": ""}
    if name == "reply_check":
        return {"outcome": "approve", "note": ""}
    if name == "story_criteria":
        return {"wording": "Sneaky criterion"}
    raise AssertionError(name)


OPEN_BUDGET_PATHWAY_AND_VALUE_WRITES = (
    "open_budget_line_new",
    "open_budget_import",
    "open_budget_saving_new",
    "open_budget_line_edit",
    "open_budget_line_remove",
    "open_budget_saving_edit",
    "open_budget_saving_remove",
    "open_budget_year_status",
    "pathway_new",
    "pathway_edit",
    "pathway_stage_new",
    "pathway_stage_edit",
    "pathway_publish",
    "pathway_stage_remove",
    "pathway_person_new",
    "pathway_outcome_new",
    "sroi_new",
    "sroi_edit",
    "sroi_publish",
    "sroi_copy",
    "sroi_input_new",
    "sroi_input_edit",
    "sroi_input_remove",
    "sroi_outcome_new",
    "sroi_outcome_edit",
    "sroi_outcome_remove",
    "outcomes_evaluation_new",
    "outcomes_runners",
    "outcomes_measure_new",
    "outcomes_participant_new",
    "outcomes_publish",
    "outcomes_measurement_new",
    "outcomes_consent_withdraw",
)


def _saving_fields(what: str) -> dict[str, str]:
    return {
        "year": "2025 to 2026",
        "what": what,
        "amount": "100.00",
        "people_percent": "40",
        "people_pays_for": "",
        "commissioners_percent": "30",
        "commissioners_pays_for": "",
        "community_percent": "30",
        "community_pays_for": "",
    }


def _stage_fields(name: str, world: dict) -> dict[str, str]:
    return {
        "name": name,
        "outcome": "Sneaky outcome",
        "outcome_check": "",
        "share": "10",
        "on_outcome": "0",
        "scheme": "",
        "provider_1": str(world["pathway_trust"].pk),
        "provider_share_1": "100",
    }


def _budget_pathway_value_post_data(name: str, world: dict) -> dict:
    today = timezone.localdate()
    line_fields = {"year": "2025 to 2026", "spend": "99.00", "people": "", "contract": ""}
    analysis_fields = {"start_year": "2026", "discount_rate": "3.5", "about": "", "summary": ""}
    sroi_input = {"contributor": "Sneaky", "description": "Sneaky input", "amount": "10.00"}
    if name == "open_budget_line_new":
        return {**line_fields, "service": "Sneaky service"}
    if name == "open_budget_line_edit":
        return {**line_fields, "service": "Home care"}
    if name == "open_budget_import":
        upload = SimpleUploadedFile(
            "b.csv",
            b"year,service,spend,people supported,contract\n2025 to 2026,Sneaky import,10,,\n",
        )
        return {"file": upload}
    if name == "open_budget_saving_new":
        return _saving_fields("Sneaky saving")
    if name == "open_budget_saving_edit":
        return _saving_fields("Sneaky change")
    if name == "open_budget_year_status":
        # Publish the draft year, which has a line, so it can be.
        return {"status": "published"}
    if name == "pathway_new":
        return {"name": "Sneaky pathway", "description": "", "tariff": "100"}
    if name == "pathway_edit":
        return {"name": "Renamed pathway", "description": "", "tariff": "100"}
    if name == "pathway_stage_new":
        return _stage_fields("Sneaky stage", world)
    if name == "pathway_stage_edit":
        return _stage_fields("Renamed stage", world)
    if name == "pathway_person_new":
        return {"reference": "SNEAKY-1", **_date("started_on", today)}
    if name == "pathway_outcome_new":
        stage = world["live_pathway"].stages.order_by("position").first()
        return {"stage": str(stage.pk), **_date("met_on", today)}
    if name == "outcomes_evaluation_new":
        return {
            "title": "Sneaky evaluation",
            "subject": f"project:{world['project'].pk}",
            "follow_up_months": "6",
            "runners": [],
        }
    if name == "outcomes_runners":
        people = world["people"]
        return {"runners": [str(people["facilitator"].pk), str(people["commissioner"].pk)]}
    if name == "outcomes_measure_new":
        return {
            "kind": "co_produced",
            "name": "Sneaky measure",
            "wording": "Sneaky question",
            "scale_min": "1",
            "scale_max": "5",
            "direction": "higher",
            "meaningful_change": "1",
            "co_produced_with": "Sneaky group",
        }
    if name == "outcomes_participant_new":
        return {"reference": "SNEAKY", "user": "", "consent": "on", **_date("consent_on", today)}
    if name == "outcomes_measurement_new":
        return {"stage": "follow_up", **_date("taken_on", today), "score": "7"}
    if name == "outcomes_consent_withdraw":
        return {"confirm": "on"}
    if name == "sroi_new":
        return {**analysis_fields, "title": "Sneaky analysis"}
    if name == "sroi_edit":
        return {**analysis_fields, "title": "Renamed analysis"}
    if name in ("sroi_input_new", "sroi_input_edit"):
        return sroi_input
    if name in ("sroi_outcome_new", "sroi_outcome_edit"):
        return {
            "stakeholder": "Sneaky",
            "description": "Sneaky outcome",
            "indicator": "Sneaky check",
            "quantity": "3",
            "proxy": "100",
            "proxy_source": "Sneaky source",
            "deadweight": "10",
            "attribution": "10",
            "displacement": "0",
            "drop_off": "10",
            "duration": "2",
        }
    # Publishing, copying and removing: a button, nothing to fill in.
    if name in (
        "open_budget_line_remove",
        "open_budget_saving_remove",
        "pathway_publish",
        "pathway_stage_remove",
        "sroi_publish",
        "sroi_copy",
        "sroi_input_remove",
        "sroi_outcome_remove",
        "outcomes_publish",
    ):
        return {}
    raise AssertionError(name)


WRITE_PAGES = (
    "project_new",
    "project_edit",
    "project_move",
    "involvement_new",
    "involvement_change",
    "exercise_new",
    "statement_new",
    "statement_check",
    "statements_import",
    "suggestions",
    "vote",
    "room_votes",
    "priorities",
    "theme_edit",
    "priority",
    "my_budget_edit",
    "pooling_group_new",
    "pooling_budget_on_behalf",
    "pooling_invitation",
    "pooling_pay_in",
    "pooling_cost",
    "pooling_leave",
    "pooling_outcome",
    "specification_new",
    "requirement_new",
    "tender_new",
    "tender_edit",
    "question_new",
    "question_edit",
    "tender_scale",
    "tender_team",
    "tender_publish",
    "tender_model_change",
    "tender_ask",
    "clarification_answer",
    "bid_edit",
    "declaration",
    "score_bid",
    "consensus",
    "low_price_response",
    "bid_exclude",
    *CONTRACT_AND_STORY_WRITES,
    *PEER_PAYMENT_AND_REPRESENTATION_WRITES,
    *OPEN_BUDGET_PATHWAY_AND_VALUE_WRITES,
)

# Who makes the control post that must succeed, where it is not the commissioner.
ALLOWED_POSTER = {
    "vote": "expert",
    "my_budget_edit": "budget_holder",
    "pooling_group_new": "facilitator",
    "pooling_budget_on_behalf": "facilitator",
    "pooling_invitation": "budget_holder",
    "pooling_pay_in": "budget_holder",
    "pooling_cost": "facilitator",
    "pooling_leave": "budget_holder",
    "pooling_outcome": "budget_holder",
    "tender_ask": "provider",
    "bid_edit": "provider",
    "score_bid": "facilitator",
    # Everyone already declared; declaring again records a new time.
    "declaration": "area_admin",
    "return_new": "provider",
    "returns_upload": "provider",
    "story_reply": "provider",
    "moderate_story": "moderator",
    "reply_check": "moderator",
    "peer_refer": "facilitator",
    "peer_mentor_new": "facilitator",
    "peer_mentor": "facilitator",
    "peer_request": "facilitator",
    # The mentor logs a session and closes their own match.
    "peer_match": "peer_mentor",
    "peer_match_close": "peer_mentor",
    # The expert, who took part, and made the claim the question was asked about.
    "claim_new": "expert",
    "claim_correct": "expert",
    # The facilitator runs the world's evaluation.
    "outcomes_runners": "facilitator",
    "outcomes_measure_new": "facilitator",
    "outcomes_participant_new": "facilitator",
    "outcomes_publish": "facilitator",
    "outcomes_measurement_new": "facilitator",
    "outcomes_consent_withdraw": "facilitator",
}


def _answer_the_question(world: dict) -> None:
    """The expert changes their claim, so it waits for a decision again."""
    claim = Claim.objects.get(pk=world["claim"].pk)
    payments.claim_correct(
        claim,
        world["people"]["expert"],
        version=claim.version,
        unit="hour",
        quantity=Decimal("3"),
        note="The number 12",
        expenses=[],
    )


# What must happen before the control post can succeed, where the world is not ready.
BEFORE_CONTROL_POST = {
    # The world's claim has a question asked, so no one can decide it until answered.
    "claim": _answer_the_question,
}


def _snapshot(world: dict) -> dict:
    project = CommissioningProject.objects.get(pk=world["project"].pk)
    record = InvolvementRecord.objects.get(pk=world["record"].pk)
    return {
        "projects": CommissioningProject.objects.count(),
        "moves": StageMove.objects.count(),
        "records": InvolvementRecord.objects.count(),
        "project": (project.name, project.stage, project.budget, project.version),
        "record": (record.what_changed, record.version),
        "audit": AuditEntry.objects.exclude(action="access.denied").count(),
        "insight": (
            Exercise.objects.count(),
            Statement.objects.count(),
            tuple(Statement.objects.order_by("pk").values_list("text", "public")),
            tuple(Statement.objects.order_by("pk").values_list("theme_id", flat=True)),
            tuple(Theme.objects.order_by("pk").values_list("name", "version")),
            Ballot.objects.count(),
            Vote.objects.count(),
            tuple(Priority.objects.order_by("pk").values_list("status", "version")),
        ),
        "pooling": (
            tuple(BudgetHolder.objects.order_by("pk").values_list("kind", "amount", "locality")),
            PoolingGroup.objects.count(),
            tuple(Invitation.objects.order_by("pk").values_list("status", flat=True)),
            LedgerEntry.objects.count(),
            tuple(GroupMember.objects.order_by("pk").values_list("left_on", flat=True)),
            Outcome.objects.count(),
        ),
        "tendering": (
            Specification.objects.count(),
            tuple(Requirement.objects.order_by("pk").values_list("text", flat=True)),
            tuple(
                Tender.objects.order_by("pk").values_list(
                    "reference",
                    "status",
                    "model_version",
                    "version",
                    "tie_winner_id",
                    "tie_decision",
                )
            ),
            tuple(
                Question.objects.order_by("pk").values_list(
                    "text", "weight", "minimum_score", "set_by"
                )
            ),
            tuple(ScaleDescriptor.objects.order_by("pk").values_list("score", "descriptor")),
            tuple(Evaluator.objects.order_by("pk").values_list("user_id", "part", "declared_at")),
            tuple(Clarification.objects.order_by("pk").values_list("question", "answer")),
            tuple(
                Bid.objects.order_by("pk").values_list(
                    "status",
                    "price",
                    "version",
                    "excluded_reason",
                    "abnormally_low_response",
                )
            ),
            tuple(BidAnswer.objects.order_by("pk").values_list("text", flat=True)),
            tuple(Score.objects.order_by("pk").values_list("score", "reason")),
            tuple(ConsensusScore.objects.order_by("pk").values_list("score", "reason", "version")),
        ),
        "contracts": (
            tuple(
                Contract.objects.order_by("pk").values_list(
                    "reference", "extended_months", "version"
                )
            ),
            KPI.objects.count(),
            tuple(BreakClause.objects.order_by("pk").values_list("contract_id", "on")),
            tuple(RingFence.objects.order_by("pk").values_list("amount", "purpose")),
            tuple(MonitoringReturn.objects.order_by("pk").values_list("kpi_id", "period", "value")),
        ),
        "stories": (
            tuple(
                Story.objects.order_by("pk").values_list("status", "text", "criticality", "version")
            ),
            Rating.objects.count(),
            tuple(Reply.objects.order_by("pk").values_list("status", "text", "change")),
            RatingCriterion.objects.count(),
            Alert.objects.count(),
        ),
        "peer": (
            tuple(Scheme.objects.order_by("pk").values_list("name", "taking_requests")),
            tuple(
                Scheme.coordinators.through.objects.order_by("pk").values_list(
                    "scheme_id", "user_id"
                )
            ),
            tuple(
                Mentor.objects.order_by("pk").values_list(
                    "name",
                    "user_id",
                    "capacity",
                    "trained_on",
                    "check_status",
                    "check_expires",
                    "active",
                    "version",
                )
            ),
            tuple(MentorRequest.objects.order_by("pk").values_list("name", "status")),
            tuple(Match.objects.order_by("pk").values_list("mentor_id", "closed_on", "outcome")),
            MentorSession.objects.count(),
        ),
        "payments": (
            tuple(
                PaymentRate.objects.order_by("pk").values_list("unit", "amount", "effective_from")
            ),
            tuple(PaymentChoice.objects.order_by("pk").values_list("user_id", "choice")),
            tuple(
                Claim.objects.order_by("pk").values_list(
                    "status", "quantity", "total", "query", "version", "batch_id"
                )
            ),
            Expense.objects.count(),
            PaymentBatch.objects.count(),
        ),
        "thread": tuple(
            ThreadFollower.objects.order_by("pk").values_list(
                "statement_id",
                "email",
                "frequency",
                "token",
                "news_since",
                "last_sent_on",
                "stopped_at",
            )
        ),
        "representation": (
            tuple(
                EqualityProfile.objects.order_by("pk").values_list(
                    "user_id", "consent", "age_band", "gender", "ethnic_group", "experience"
                )
            ),
            tuple(
                PopulationShare.objects.order_by("pk").values_list(
                    "category", "group", "percent", "source"
                )
            ),
        ),
        "open_budgets": (
            tuple(BudgetYear.objects.order_by("pk").values_list("start", "status")),
            tuple(
                BudgetLine.objects.order_by("pk").values_list(
                    "year_id", "service", "spend", "people"
                )
            ),
            tuple(Saving.objects.order_by("pk").values_list("year_id", "what", "amount")),
        ),
        "pathways": (
            tuple(Pathway.objects.order_by("pk").values_list("name", "tariff", "status")),
            tuple(Stage.objects.order_by("pk").values_list("pathway_id", "position", "name")),
            tuple(StageProvider.objects.order_by("pk").values_list("stage_id", "share")),
            tuple(PathwayPerson.objects.order_by("pk").values_list("reference", "started_on")),
            tuple(OutcomeMet.objects.order_by("pk").values_list("person_id", "stage_id")),
        ),
        "social_value": (
            tuple(sroi.Analysis.objects.order_by("pk").values_list("title", "status")),
            tuple(sroi.Input.objects.order_by("pk").values_list("analysis_id", "amount")),
            tuple(
                sroi.Outcome.objects.order_by("pk").values_list(
                    "analysis_id", "description", "quantity"
                )
            ),
        ),
        "outcomes": (
            tuple(
                evaluation.Evaluation.objects.order_by("pk").values_list("title", "published_at")
            ),
            tuple(
                evaluation.Evaluation.runners.through.objects.order_by("pk").values_list(
                    "evaluation_id", "user_id"
                )
            ),
            tuple(evaluation.Measure.objects.order_by("pk").values_list("evaluation_id", "name")),
            tuple(
                evaluation.Participant.objects.order_by("pk").values_list(
                    "evaluation_id", "reference", "withdrawn_on"
                )
            ),
            tuple(
                evaluation.Measurement.objects.order_by("pk").values_list(
                    "participant_id", "stage", "score"
                )
            ),
        ),
    }


def _post_row(name: str) -> dict[str, int]:
    """Who gets what when they POST: as for a GET, but for POST-only pages."""
    return POST_ONLY_WRITES.get(name, EXPECTED[name])


# Refused posts: sent to sign in, or refused (a signed-in 302 is an allowed post).
POST_CASES = [
    (name, role, _post_row(name)[role])
    for name in WRITE_PAGES
    for role in ROLES
    if _post_row(name)[role] == 403 or (role == "anonymous" and _post_row(name)[role] == 302)
]


# Guarded pages that only show things and have no form.
READ_ONLY_PAGES = (
    "area",
    "area_people",
    "project",
    "exercises",
    "exercise",
    "statements",
    "grouping",
    "results",
    "theme",
    "my_budget",
    "pooling_facilitate",
    "pooling_summary",
    "pooling_group",
    "pooling_statement",
    "specification",
    "tenders",
    "tender_clarifications",
    "scoring",
    "moderation",
    "award",
    "bid_summary",
    "contracts",
    "contract",
    "story_moderation",
    "story_report",
    "story_report_csv",
    "peer_mentors",
    "peer_requests",
    "claims",
    "payment_batch_csv",
    "open_budget_manage",
    "pathway_people",
    "pathway_statement",
    "pathway_statement_csv",
    "outcomes_evaluation",
    "outcomes_report",
    "outcomes_participant",
)


# Public pages that only show things. They are not guarded, so they are not in
# READ_ONLY_PAGES; a POST from anyone must still change nothing. (thread_stop is
# public too but its POST is a real write: see
# test_it_stops_a_followers_emails_for_whoever_holds_the_link.)
PUBLIC_READ_ONLY_PAGES = (
    "thread",
    "area_thread",
    "area_thread_json",
    "area_thread_csv",
    "openapi",
    "open_budget",
    "open_budget_csv",
    "open_budget_json",
    "pathways",
    "pathway",
    "sroi_list",
    "sroi_analysis",
    "outcomes_area",
)


def test_it_checks_posts_to_every_guarded_page_that_is_not_read_only():
    guarded = {
        name for name, row in EXPECTED.items() if 200 in row.values() and 403 in row.values()
    }
    assert guarded - set(READ_ONLY_PAGES) == set(WRITE_PAGES) - set(POST_ONLY_WRITES)
    assert set(POST_ONLY_WRITES) <= set(WRITE_PAGES)


def test_it_decides_every_post_to_a_post_only_page_that_writes():
    for name, row in POST_ONLY_WRITES.items():
        assert EXPECTED[name] == _row(405), name
        assert set(row) == set(ROLES), name
        assert row["anonymous"] == 302, name
        assert row[ALLOWED_POSTER.get(name, "commissioner")] == 302, name
        assert set(row.values()) == {302, 403}, name


@pytest.mark.parametrize("name", WRITE_PAGES)
def test_it_accepts_the_same_post_from_someone_allowed(client, world, name):
    # The control for the refusals below: the same form does change things.
    client.force_login(world["people"][ALLOWED_POSTER.get(name, "commissioner")])
    if name in BEFORE_CONTROL_POST:
        BEFORE_CONTROL_POST[name](world)
    before = _snapshot(world)
    response = client.post(_url(name, world), _post_data(name, world))
    assert response.status_code in (200, 302), response.content.decode()[:2000]
    assert "There is a problem" not in response.content.decode()
    assert _snapshot(world) != before


def test_it_keeps_a_story_told_by_anyone(client, world):
    # tell_story is public, so there is no refused post; this is its control post.
    # The start time is signed 10 seconds ago, as if a person took time to write.
    cache.clear()  # the count of sends per connection starts afresh
    before = _snapshot(world)
    respect = world["respect"]
    response = client.post(
        _url("tell_story", world),
        {
            "text": "Sneaky story",
            f"rating_{respect.pk}": "4",
            "contact_email": "",
            "website": "",
            "started": public_forms.start_token("story", seconds_ago=10),
        },
    )
    assert response.status_code == 302, _body(response)[:2000]
    assert response["Location"] == _url("story_thanks", world)
    assert _snapshot(world) != before
    story = Story.objects.get(text="Sneaky story")
    assert story.status == Story.Status.PENDING


def test_it_keeps_a_request_for_a_mentor_from_anyone(client, world):
    # peer_ask is public too: its control post, as for tell_story.
    cache.clear()
    before = _snapshot(world)
    response = client.post(
        _url("peer_ask", world),
        {
            **_wish("Sneaky asker"),
            "website": "",
            "started": public_forms.start_token("peer-ask", seconds_ago=10),
        },
    )
    assert response.status_code == 302, _body(response)[:2000]
    assert response["Location"] == _url("peer_ask_thanks", world)
    assert _snapshot(world) != before
    asked = MentorRequest.objects.get(name="Sneaky asker")
    assert (asked.route, asked.status, asked.referred_by) == ("self", "waiting", None)


def test_it_stops_a_followers_emails_for_whoever_holds_the_link(world):
    # thread_stop is public (the token is the key), so there is no refused post;
    # this is its control post, as for tell_story. A mail client's one-click stop
    # (RFC 8058) has no CSRF cookie, so CSRF is checked here as in a real request.
    client = Client(enforce_csrf_checks=True)
    before = _snapshot(world)
    url = _url("thread_stop", world)
    # Opening the link (as a mail scanner does) changes nothing.
    _check_response(client.get(url), url, 200, "thread_stop", None)
    assert _snapshot(world) == before
    # A token nobody was given stops nothing.
    missing = reverse("thread_stop", args=["not-a-real-token"])
    _check_response(client.post(missing), missing, 404, "thread_stop", None)
    assert _snapshot(world) == before
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200, _body(response)[:2000]
    body = _body(response)
    assert "Emails stopped" in body
    assert FOLLOWER_EMAIL not in body
    assert _snapshot(world) != before
    assert ThreadFollower.objects.get(pk=world["follower"].pk).stopped_at is not None


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_a_story_authors_email_to_the_moderator_only(client, world, role):
    # The pending story's author left an email address: it is on the moderator's
    # page for that story and on no other page anyone can open, downloads included.
    user = _sign_in(client, world, role)
    opened = [name for name, row in EXPECTED.items() if row[role] == 200]
    assert "story_report_csv" in opened or role not in _OVERSIGHT
    for name in opened:
        url = _url(name, world)
        response = client.get(url)
        _check_response(response, url, 200, name, user)
        body = _body(response)
        shown = AUTHOR_EMAIL in body
        assert shown == (name == "moderate_story" and role == "moderator"), (name, role)
        # A thread follower's address is on no page at all, and the secret in their
        # stop link on no page but the one it opens.
        assert FOLLOWER_EMAIL not in body, (name, role)
        assert world["follower"].token not in body or name == "thread_stop", (name, role)


# A tie the stated rule cannot break: only the evaluation lead decides it.
TIE_ROW = _row(403, anonymous=302, commissioner=200)


@pytest.fixture
def tied_world(world):
    # Same price, same scores for two bids: every step of the tie rule finds them equal.
    Bid.objects.filter(pk=world["bids"]["harbour"].pk).update(price=Decimal("90000.00"))
    scores = {"own": (4, 3, 4), "harbour": (4, 3, 4), "cheap": (1, 1, 1)}
    score_everything(world["evaluating"], scores, world["bids"])
    return world


@pytest.mark.parametrize("role", ROLES)
def test_it_lets_only_the_lead_decide_a_tie(client, tied_world, role):
    status = TIE_ROW[role]
    user = _sign_in(client, tied_world, role)
    url = _url("award_tie", tied_world)
    _check_response(client.get(url), url, status, "award_tie", user)
    before = _snapshot(tied_world)
    response = client.post(
        url, {"bid": str(tied_world["bids"]["harbour"].pk), "reason": "Sneaky reason"}
    )
    if status == 200:
        assert response.status_code == 302
        assert _snapshot(tied_world) != before
    else:
        _check_response(response, url, status, "award_tie", user)
        assert _snapshot(tied_world) == before

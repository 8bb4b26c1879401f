"""Loads the fictional demo county, Northvale, and prints a login for each role.

Safe to run again: people are updated in place, and projects are only made
when they are missing.
"""

import json
from datetime import date
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from withus.contracts import demo as contracts_demo
from withus.core.models import LocalArea, Membership, Organisation, Role, User
from withus.cycle import ladder
from withus.cycle import services as cycle
from withus.cycle.models import CommissioningProject
from withus.insight import demo as insight_demo
from withus.open_budgets import demo as open_budgets_demo
from withus.outcomes import demo as outcomes_demo
from withus.pathways import demo as pathways_demo
from withus.payments import demo as payments_demo
from withus.peer_support import demo as peer_support_demo
from withus.pooling import demo as pooling_demo
from withus.representation import demo as representation_demo
from withus.social_value import demo as social_value_demo
from withus.stories import demo as stories_demo
from withus.tendering import demo as tendering_demo
from withus.thread import demo as thread_demo

NORTHVALE = "northvale"
EASTMOOR = "eastmoor"

# username, display name, area, role, organisation key
LOGINS = [
    ("commissioner", "Priya Shah", NORTHVALE, Role.COMMISSIONER, "council"),
    ("expert", "Jo Reilly", NORTHVALE, Role.EXPERT_BY_EXPERIENCE, None),
    ("facilitator", "Sam Okafor", NORTHVALE, Role.FACILITATOR, "ulo"),
    ("provider", "Dana Brook", NORTHVALE, Role.PROVIDER, "brightpath"),
    ("budgetholder", "Alan Price", NORTHVALE, Role.BUDGET_HOLDER, None),
    ("peermentor", "Marcus Bell", NORTHVALE, Role.PEER_MENTOR, "lero"),
    ("moderator", "Helen Ward", NORTHVALE, Role.MODERATOR, "ulo"),
    ("areaadmin", "Ravi Patel", NORTHVALE, Role.AREA_ADMIN, "council"),
    ("eastmoor", "Kim Lowe", EASTMOOR, Role.COMMISSIONER, "eastmoor_council"),
]
# People with lived experience who take part but do not sign in to the demo.
OTHER_EXPERTS = [("ade", "Ade Mensah"), ("maria", "Maria Santos"), ("tom", "Tom Hughes")]

ORGANISATIONS = {
    "council": ("Northvale County Council", Organisation.Kind.COUNCIL, NORTHVALE),
    "icb": ("NHS Northvale Integrated Care Board", Organisation.Kind.NHS_BODY, NORTHVALE),
    "ulo": ("Northvale People First", Organisation.Kind.USER_LED, NORTHVALE),
    "lero": ("Northvale Recovery Community", Organisation.Kind.USER_LED, NORTHVALE),
    "brightpath": ("Brightpath Recovery CIC", Organisation.Kind.PROVIDER, None),
    "harbour": ("Harbour Care Ltd", Organisation.Kind.PROVIDER, None),
    "eastmoor_council": ("Eastmoor Borough Council", Organisation.Kind.COUNCIL, EASTMOOR),
}


def password_for(username: str) -> str:
    return f"withus-demo-{username}"


class Command(BaseCommand):
    help = "Loads the Northvale demo area and prints a login for each role."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the logins as JSON only.")

    def handle(self, *args, **options):
        # The demo's alerts email on commit; keep those emails off the terminal.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            self._load(**options)

    @transaction.atomic
    def _load(self, **options):
        areas = {
            NORTHVALE: LocalArea.objects.update_or_create(
                slug=NORTHVALE, defaults={"name": "Northvale (demo county)"}
            )[0],
            EASTMOOR: LocalArea.objects.update_or_create(
                slug=EASTMOOR, defaults={"name": "Eastmoor (demo borough)"}
            )[0],
        }
        orgs = {
            key: Organisation.objects.update_or_create(
                name=name, kind=kind, defaults={"local_area": areas.get(area) if area else None}
            )[0]
            for key, (name, kind, area) in ORGANISATIONS.items()
        }
        people = {}
        for username, name, area, role, org in LOGINS:
            user = self._person(username, name, password_for(username))
            Membership.objects.update_or_create(
                user=user,
                local_area=areas[area],
                role=role,
                defaults={"organisation": orgs[org] if org else None},
            )
            people[username] = user
        # One person, different roles in different areas.
        Membership.objects.get_or_create(
            user=people["expert"], local_area=areas[EASTMOOR], role=Role.PEER_MENTOR
        )
        for username, name in OTHER_EXPERTS:
            user = self._person(username, name, None)
            Membership.objects.get_or_create(
                user=user, local_area=areas[NORTHVALE], role=Role.EXPERT_BY_EXPERIENCE
            )
            people[username] = user
        self._projects(areas, people)
        pooling_demo.load(areas[NORTHVALE], people["facilitator"])
        insight_demo.load(
            areas[NORTHVALE],
            people,
            (
                "Adult drug and alcohol treatment, 2027 to 2032",
                "Day opportunities for people with learning disabilities",
            ),
        )
        tendering_demo.load(areas[NORTHVALE], people)
        stories_demo.load(areas[NORTHVALE], people)
        contracts_demo.load(areas[NORTHVALE], people)
        peer_support_demo.load(areas[NORTHVALE], people)
        payments_demo.load(areas[NORTHVALE], people)
        representation_demo.load(areas[NORTHVALE], people)
        thread_demo.load(areas[NORTHVALE], people)
        outcomes_demo.load(areas[NORTHVALE], people)
        social_value_demo.load(areas[NORTHVALE], people)
        pathways_demo.load(areas[NORTHVALE], people)
        open_budgets_demo.load(areas[NORTHVALE], people)

        logins = {
            ("other_area_commissioner" if u == "eastmoor" else str(role)): {
                "username": u,
                "password": password_for(u),
            }
            for u, _n, _a, role, _o in LOGINS
        }
        if options["json"]:
            self.stdout.write(json.dumps(logins, indent=2))
            return
        self.stdout.write("Demo area loaded: Northvale (demo county).")
        self.stdout.write("Sign in at http://127.0.0.1:8000/sign-in/ with any of these:")
        width = max(len(r) for r in logins)
        for role, login in logins.items():
            self.stdout.write(f"  {role:<{width}}  {login['username']:<14} {login['password']}")

    def _person(self, username: str, name: str, password: str | None) -> User:
        user, _ = User.objects.get_or_create(username=username)
        user.display_name = name
        user.first_name, _, user.last_name = name.partition(" ")
        user.email = f"{username}@northvale.example"
        user.is_active = True
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        return user

    def _projects(self, areas, people) -> None:
        c = people["commissioner"]
        experts = [people[u] for u in ("expert", "ade", "maria", "tom")]
        facilitator = people["facilitator"]
        plans = [
            {
                "name": "Adult drug and alcohol treatment, 2027 to 2032",
                "service_area": "Drug and alcohol treatment and recovery",
                "budget": Decimal("18500000.00"),
                "planned_start": date(2027, 4, 1),
                "planned_end": date(2032, 3, 31),
                "records": [
                    (
                        "needs_assessment",
                        "Survey of people in treatment",
                        "consultation",
                        [],
                        140,
                        "Northvale treatment services",
                        "Evening and weekend appointments are hard to get. "
                        "People want recovery support after treatment ends.",
                        "Weekend opening added to the needs assessment as a gap.",
                        "70",
                    ),
                    (
                        "review_current_services",
                        "Peer researchers review current services",
                        "co_design",
                        experts[:2],
                        6,
                        "Northvale Recovery Community",
                        "Waiting times for a first appointment are over 4 weeks. "
                        "People leave treatment with nowhere to go.",
                        "The review now measures waiting times and what happens after discharge.",
                        "96",
                    ),
                    (
                        "priorities",
                        "Working Together for Change event",
                        "co_production",
                        experts,
                        22,
                        "Northvale Recovery Community",
                        "Top priorities: help at weekends, peer support in every team, "
                        "one key worker who knows me.",
                        "The three priorities were agreed by the panel and written into the plan.",
                        "150",
                    ),
                    (
                        "specification",
                        "Writing the specification together",
                        "co_design",
                        experts[:3],
                        0,
                        "",
                        "Peer support must be paid, not volunteer only.",
                        "The specification requires paid peer mentors in every team.",
                        "36",
                    ),
                    (
                        "procurement",
                        "Lived-experience panel sets tender questions",
                        "co_production",
                        experts[:3],
                        2,
                        "Northvale Recovery Community",
                        "The panel will set and score two questions and hold 20% of the decision.",
                        "",
                        "24",
                    ),
                ],
                "stage": "procurement",
            },
            {
                "name": "Day opportunities for people with learning disabilities",
                "service_area": "Learning disability day opportunities",
                "budget": Decimal("4200000.00"),
                "planned_start": date(2027, 10, 1),
                "planned_end": date(2030, 9, 30),
                "records": [
                    (
                        "needs_assessment",
                        "Letter to families about the review",
                        "informing",
                        [],
                        300,
                        "Families on the day centre list",
                        "A few families phoned to ask if the day centre would close.",
                        "",
                        "0",
                    ),
                    (
                        "review_current_services",
                        "Online survey",
                        "consultation",
                        [],
                        41,
                        "",
                        "People want more things to do in the community, not only at the centre. "
                        "Easy-read versions were asked for.",
                        "",
                        "20.5",
                    ),
                ],
                "stage": "priorities",
            },
            {
                "name": "Community mental health crisis support",
                "service_area": "Mental health crisis and recovery",
                "budget": Decimal("2750000.50"),
                "planned_start": date(2025, 4, 1),
                "planned_end": date(2028, 3, 31),
                "records": [
                    (
                        "needs_assessment",
                        "Listening events in three towns",
                        "engagement",
                        [experts[3]],
                        35,
                        "Northvale Mind service users group",
                        "Crisis lines do not answer at night. Police are called when a calm room "
                        "would do.",
                        "A night crisis line became the first need in the plan.",
                        "105",
                    ),
                    (
                        "specification",
                        "Co-design of the crisis café",
                        "co_design",
                        [experts[0], experts[3]],
                        4,
                        "Northvale People First",
                        "The café should be run by peers and open until 2am.",
                        "The specification asks for a peer-run crisis café open until 2am.",
                        "48",
                    ),
                    (
                        "monitoring",
                        "Quarterly experience check",
                        "consultation",
                        [experts[0]],
                        12,
                        "",
                        "Staff at the café are kind, but the wait on Friday nights is long.",
                        "",
                        "14",
                    ),
                ],
                "stage": "monitoring",
            },
        ]
        for plan in plans:
            self._project(areas[NORTHVALE], c, facilitator, plan)
        self._project(
            areas[EASTMOOR],
            people["eastmoor"],
            None,
            {
                "name": "Carers' breaks",
                "service_area": "Short breaks for unpaid carers",
                "budget": Decimal("900000.00"),
                "planned_start": date(2027, 1, 1),
                "planned_end": date(2029, 12, 31),
                "records": [],
                "stage": "needs_assessment",
            },
        )

    def _project(self, area, commissioner, facilitator, plan) -> None:
        if CommissioningProject.objects.filter(local_area=area, name=plan["name"]).exists():
            return
        project = cycle.project_open(
            by=commissioner,
            local_area=area,
            name=plan["name"],
            service_area=plan["service_area"],
            budget=plan["budget"],
            planned_start=plan["planned_start"],
            planned_end=plan["planned_end"],
        )
        records = {}
        for rec in plan["records"]:
            records.setdefault(rec[0], []).append(rec)

        for stage in ladder.STAGES:
            for stage_name, title, level, who, count, group, said, changed, hours in records.get(
                stage, []
            ):
                cycle.involvement_record(
                    by=facilitator or commissioner,
                    project=project,
                    stage=stage_name,
                    title=title,
                    happened_on=plan["planned_start"].replace(year=plan["planned_start"].year - 1),
                    level=level,
                    participants=who,
                    group_name=group,
                    group_count=count,
                    what_was_said=said,
                    what_changed=changed,
                    hours_given=Decimal(hours),
                )
            if stage == plan["stage"]:
                break
            project.refresh_from_db()
            cycle.project_move_stage(
                by=commissioner,
                project=project,
                to_stage=ladder.STAGES[ladder.STAGES.index(stage) + 1],
                version=project.version,
            )
            project.refresh_from_db()

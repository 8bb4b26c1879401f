"""Prints a tender as an Open Contracting Data Standard (OCDS) 1.1 release package.

    python manage.py ocds_export NV-2026-031
    python manage.py ocds_export --all

See ``withus.tendering.ocds`` for what is published at each stage.
"""

from django.core.management.base import BaseCommand, CommandError

from withus.tendering import ocds
from withus.tendering.models import Tender


class Command(BaseCommand):
    help = "Prints a published tender, or every published tender, as OCDS 1.1 JSON."

    def add_arguments(self, parser):
        parser.add_argument(
            "reference", nargs="?", help="The tender's reference, e.g. NV-2026-031."
        )
        parser.add_argument(
            "--all", action="store_true", help="Every published tender, in one package."
        )
        parser.add_argument(
            "--uri",
            help="Where the package will be published, to give as its uri. Without it the "
            "package is named by a URN.",
        )

    def handle(self, *args, **options):
        reference = options["reference"]
        if options["all"] == bool(reference):
            raise CommandError("Give one tender's reference, or --all for every published tender.")
        related = ("local_area", "winning_bid__organisation")
        if reference:
            tender = Tender.objects.select_related(*related).filter(reference=reference).first()
            if tender is None:
                raise CommandError(f"There is no tender with the reference {reference}.")
            tenders = [tender]
        else:
            tenders = list(
                Tender.objects.select_related(*related)
                .exclude(status=Tender.Status.DRAFT)
                .order_by("reference")
            )
            if not tenders:
                raise CommandError(
                    "No tender has been published yet, so there is nothing to export."
                )
        try:
            package = ocds.release_package(tenders, uri=options["uri"])
        except ocds.NotPublished as error:
            raise CommandError(str(error)) from error
        self.stdout.write(ocds.dumps(package))

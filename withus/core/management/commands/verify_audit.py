from django.core.management.base import BaseCommand, CommandError

from withus.core.audit import audit_verify
from withus.core.models import AuditEntry


class Command(BaseCommand):
    help = "Checks the audit log's hash chain and names the first broken entry."

    def handle(self, *args, **options):
        broken = audit_verify()
        if broken is not None:
            raise CommandError(f"Audit log broken at entry {broken.entry_id}: {broken.reason}.")
        self.stdout.write(f"Audit log intact: {AuditEntry.objects.count()} entries checked.")

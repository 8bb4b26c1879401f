from django.core.management.base import BaseCommand

from withus.thread.follow import send_digests


class Command(BaseCommand):
    help = (
        "Emails each follower of a thread what happened since their last email: "
        "at most one a day (or a week, as they chose), never an empty one. "
        "Run it once a day from cron; running it again the same day sends nothing twice."
    )

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(f"Thread digests sent: {sent}.")

"""Record bounced e-mail addresses: no e-mail is sent to them afterwards (the inbox stays).

    manage.py record_bounce org@example.org [more@example.org ...] [--reason "550 user unknown"]
    manage.py record_bounce --remove org@example.org   # the address works again
"""

from django.core.management.base import BaseCommand

from notifications.models import SuppressedAddress


class Command(BaseCommand):
    help = "登记退信邮箱，此后不再向其发送邮件 / Record bounced addresses (suppressed)"

    def add_arguments(self, parser):
        parser.add_argument("emails", nargs="+")
        parser.add_argument("--reason", default="")
        parser.add_argument("--remove", action="store_true", help="lift the suppression")

    def handle(self, *args, emails, reason, remove, **options):
        for email in emails:
            if remove:
                SuppressedAddress.objects.filter(email=SuppressedAddress.normalize(email)).delete()
                self.stdout.write(f"已恢复发送：{email}")
            else:
                SuppressedAddress.suppress(email, reason)
                self.stdout.write(f"已停发：{email}")

# Account and Notification moved to the apps `accounts` and `notifications`.
# Their tables stay (`catalog_account`, `catalog_notification`): catalog drops
# them from its state only; accounts.0001 and notifications.0001 take them over.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0006_listing_year_domain_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='Account'),
                migrations.DeleteModel(name='Notification'),
            ],
            database_operations=[],
        ),
    ]

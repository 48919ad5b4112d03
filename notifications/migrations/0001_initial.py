# The Notification model, moved here from catalog with its table and rows: the
# table keeps its name (`catalog_notification`) and its index, so this
# migration only takes the model into this app's state, and moves its content
# type (permissions) from catalog to notifications.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, old="catalog", new="notifications", model="notification"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label=new, model=model).exists():
        ContentType.objects.using(db).filter(app_label=old, model=model).update(app_label=new)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="notifications", new="catalog")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('catalog', '0007_move_accounts_and_notifications'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200, verbose_name='标题')),
                        ('body', models.TextField(blank=True, verbose_name='内容')),
                        ('url', models.CharField(blank=True, max_length=500, verbose_name='链接')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='时间')),
                        ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='已读时间')),
                        ('emailed_at', models.DateTimeField(blank=True, null=True, verbose_name='邮件发送时间')),
                        ('email_attempts', models.PositiveSmallIntegerField(default=0)),
                        ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='接收人')),
                    ],
                    options={
                        'verbose_name': '消息',
                        'verbose_name_plural': '消息',
                        'ordering': ['-created_at'],
                        'db_table': 'catalog_notification',
                        'indexes': [models.Index(fields=['recipient', 'read_at'], name='catalog_not_recipie_0f1d26_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]

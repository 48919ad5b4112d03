# The Account model, moved here from catalog with its table and rows: the
# table keeps its name (`catalog_account`), so this migration only takes the
# model into this app's state, and moves its content type (permissions, admin
# history) from catalog to accounts.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, old="catalog", new="accounts", model="account"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label=new, model=model).exists():
        ContentType.objects.using(db).filter(app_label=old, model=model).update(app_label=new)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="accounts", new="catalog")


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
                    name='Account',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(choices=[('provider', '社会组织'), ('purchaser', '购买主体'), ('district_admin', '区民政局管理员'), ('city_admin', '市民政局管理员'), ('monitor', '市社会组织服务中心'), ('expert', '评审专家')], max_length=20, verbose_name='角色')),
                        ('phone', models.CharField(blank=True, max_length=20, verbose_name='手机')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='account', to=settings.AUTH_USER_MODEL, verbose_name='用户')),
                        ('district', models.ForeignKey(blank=True, help_text='区民政局管理员所属的区', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='accounts', to='catalog.district', verbose_name='区')),
                        ('provider', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='accounts', to='catalog.provider', verbose_name='社会组织')),
                        ('purchaser', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='accounts', to='catalog.purchaser', verbose_name='购买主体')),
                    ],
                    options={
                        'verbose_name': '账号',
                        'verbose_name_plural': '账号',
                        'db_table': 'catalog_account',
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]

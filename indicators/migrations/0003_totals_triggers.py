"""The triggers that mark the reports whose totals must be summed again (indicators.triggers).

They are created here, for the tables as they are at this migration, and again after every
`migrate` (so that they follow the tracked models); reversed, they are dropped.
"""

from django.db import migrations


def install(apps, schema_editor):
    from indicators import triggers

    triggers.install(schema_editor.connection, apps)


def uninstall(apps, schema_editor):
    from indicators import triggers

    triggers.uninstall(schema_editor.connection, apps)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0002_pending_totals"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]

# Keyed audit chain (decision 0010): each row names its hash scheme and key; existing rows are
# the old unkeyed scheme and are closed by a keyed seal on the chain head.

import secrets

from django.db import migrations, models

from haven.audit.chain import GENESIS_HASH, legacy_seal
from haven.audit.keys import current_key


def seal_existing_chain(apps, schema_editor):
    """Every row so far was chained with plain SHA-256: seal how many there are and where they
    end, with the audit chain key, as the chain head recorded them. With no head yet, there are
    no rows either, and the first audited write creates the head with an empty seal."""
    head_model = apps.get_model("audit", "AuditChainHead")
    head = head_model.objects.filter(id=1).first()
    if head is None:
        return
    key_id, key = current_key()
    head.chain_id = secrets.token_hex(16)
    head.legacy_rows = head.event_count
    head.legacy_last_event_id = head.last_event_id
    head.legacy_last_hash = head.last_hash
    head.legacy_seal_key_id = key_id
    head.legacy_seal = legacy_seal(
        key,
        key_id=key_id,
        chain_id=head.chain_id,
        rows=head.legacy_rows,
        last_event_id=head.legacy_last_event_id,
        last_hash=head.legacy_last_hash,
    )
    head.save()


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='hash_scheme',
            field=models.CharField(choices=[('sha256', 'SHA-256, unkeyed (rows before keyed hashing)'), ('hmac-sha256', 'HMAC-SHA256 with the audit chain key')], default='sha256', max_length=16),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='auditevent',
            name='hash_key_id',
            field=models.CharField(blank=True, default='', max_length=32),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='verb',
            field=models.CharField(choices=[('viewed', 'Viewed'), ('created', 'Created'), ('updated', 'Updated'), ('deleted', 'Deleted'), ('exported', 'Exported'), ('shared', 'Shared'), ('access_granted', 'Access granted'), ('access_revoked', 'Access revoked'), ('break_glass', 'Break-glass access'), ('logged_in', 'Logged in'), ('logged_out', 'Logged out'), ('login_failed', 'Log-in failed'), ('locked_out', 'Locked out'), ('token_used', 'API token used'), ('searched', 'Searched'), ('decided', 'Decision recorded'), ('merged', 'Records merged'), ('unmerged', 'Merge reversed'), ('notified', 'Notification sent'), ('escalated', 'Escalated'), ('anchored', 'Audit chain anchored')], db_index=True, max_length=30),
        ),
        migrations.AddField(
            model_name='auditchainhead',
            name='chain_id',
            field=models.CharField(default='', max_length=32),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='auditchainhead',
            name='legacy_rows',
            field=models.BigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='auditchainhead',
            name='legacy_last_event_id',
            field=models.BigIntegerField(null=True),
        ),
        migrations.AddField(
            model_name='auditchainhead',
            name='legacy_last_hash',
            field=models.CharField(default=GENESIS_HASH, max_length=64),
        ),
        migrations.AddField(
            model_name='auditchainhead',
            name='legacy_seal_key_id',
            field=models.CharField(blank=True, max_length=32),
        ),
        migrations.AddField(
            model_name='auditchainhead',
            name='legacy_seal',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.RunPython(seal_existing_chain, migrations.RunPython.noop),
    ]

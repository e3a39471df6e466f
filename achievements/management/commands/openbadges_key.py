"""Open Badges signing keys: generate a new one, or show what this site publishes.

manage.py openbadges_key generate /etc/pathwise/ob-signing-key.pem
manage.py openbadges_key show
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from achievements.credentials import keys, multibase


class Command(BaseCommand):
    help = "Generate an Ed25519 Open Badges signing key, or show the published keys."
    # Generating the key a broken or missing configuration points at must work.
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        generate = sub.add_parser("generate", help="write a new private key (PEM, mode 0600)")
        generate.add_argument("path", type=Path)
        sub.add_parser("show", help="the issuer's DID and the keys its DID document lists")

    def handle(self, *args, action: str, **options) -> None:
        if action == "generate":
            path: Path = options["path"]
            try:
                private = keys.generate_key_file(path)
            except FileExistsError:
                raise CommandError(f"{path} exists; a key is never overwritten.") from None
            except OSError as error:
                raise CommandError(f"Cannot write {path}: {error.strerror}.") from None
            raw = keys.raw_public(private)
            self.stdout.write(f"Wrote {path}")
            self.stdout.write(f"key id: {keys.key_id_for(raw)}")
            self.stdout.write(f"publicKeyMultibase: {multibase.public_key_multibase(raw)}")
            self.stdout.write(
                "Point DJANGO_OB_SIGNING_KEY_FILE at it. When it replaces a key, add the old "
                "key's publicKeyMultibase to DJANGO_OB_RETIRED_KEYS."
            )
            return
        self.stdout.write(f"issuer: {keys.issuer_did()}")
        try:
            published = keys.published_keys()
        except multibase.MultibaseError as error:
            raise CommandError(str(error)) from None
        if not any(k.current for k in published):
            self.stdout.write("no signing key: credentials cannot be issued")
        for key in published:
            role = "signing" if key.current else "retired"
            self.stdout.write(f"{role}: {key.key_id} {key.multibase}")

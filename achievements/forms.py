"""Forms for the public verification page and the admin's revocation."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from achievements.credentials import services
from achievements.credentials.verification import MAX_BYTES, CredentialInputError, parse


class VerifyForm(forms.Form):
    """A credential pasted or uploaded; ``cleaned_data["credential_json"]`` is the object."""

    credential = forms.CharField(
        label=gettext_lazy("Paste the credential (JSON)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
    )
    file = forms.FileField(
        label=gettext_lazy("Or choose the credential's file"),
        required=False,
        help_text=gettext_lazy("The .json file downloaded from Pathwise (at most %(value)s KB).")
        % {"value": MAX_BYTES // 1024},
    )

    def clean(self) -> dict:
        data = super().clean()
        text, upload = data.get("credential") or "", data.get("file")
        if text.strip() and upload:
            raise ValidationError(_("Paste the credential or choose a file, not both."))
        if upload:
            if upload.size > MAX_BYTES:
                raise ValidationError(
                    _("That file is %(value)s KB; a credential is at most %(value2)s KB.")
                    % {"value": upload.size // 1024, "value2": MAX_BYTES // 1024}
                )
            raw = upload.read(MAX_BYTES + 1)
        else:
            raw = text.encode()
        try:
            data["credential_json"] = parse(raw)
        except CredentialInputError as error:
            raise ValidationError(str(error)) from None
        return data


class RevokeForm(forms.Form):
    reason = forms.CharField(
        max_length=services.REASON_MAX,
        widget=forms.TextInput(attrs={"size": 80}),
        help_text=gettext_lazy(
            "Shown to anyone who verifies the credential, e.g. “Awarded by mistake”."
        ),
    )

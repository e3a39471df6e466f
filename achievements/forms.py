"""Forms for the public verification page and the admin's revocation."""

from django import forms
from django.core.exceptions import ValidationError

from achievements.credentials import services
from achievements.credentials.verification import MAX_BYTES, CredentialInputError, parse


class VerifyForm(forms.Form):
    """A credential pasted or uploaded; ``cleaned_data["credential_json"]`` is the object."""

    credential = forms.CharField(
        label="Paste the credential (JSON)",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
    )
    file = forms.FileField(
        label="Or choose the credential's file",
        required=False,
        help_text=f"The .json file downloaded from Pathwise (at most {MAX_BYTES // 1024} KB).",
    )

    def clean(self) -> dict:
        data = super().clean()
        text, upload = data.get("credential") or "", data.get("file")
        if text.strip() and upload:
            raise ValidationError("Paste the credential or choose a file, not both.")
        if upload:
            if upload.size > MAX_BYTES:
                raise ValidationError(
                    f"That file is {upload.size // 1024} KB; a credential is at most "
                    f"{MAX_BYTES // 1024} KB."
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
        help_text="Shown to anyone who verifies the credential, e.g. “Awarded by mistake”.",
    )
